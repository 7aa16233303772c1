//! JSON Lines: one object per violation (and one per input problem), written as each file is
//! checked, so a consumer can process a batch as a stream.

use std::io::{self, Write};

use serde::Serialize;

use super::json::{violation_json, JsonViolation, JSON_VERSION};
use super::{Printer, Summary};
use crate::check::FileResult;

/// A violation with the file and call it belongs to.
#[derive(Serialize)]
struct Record<'a> {
    version: u32,
    path: &'a str,
    call: Option<&'a str>,
    call_line: Option<usize>,
    score: u32,
    passed: bool,
    #[serde(flatten)]
    violation: JsonViolation<'a>,
}

/// A problem reading an input.
#[derive(Serialize)]
struct ErrorRecord<'a> {
    version: u32,
    path: &'a str,
    error: String,
}

pub struct JsonlPrinter<'a> {
    out: Box<dyn Write + 'a>,
}

impl<'a> JsonlPrinter<'a> {
    pub fn new(out: Box<dyn Write + 'a>) -> Self {
        JsonlPrinter { out }
    }
}

impl Printer for JsonlPrinter<'_> {
    fn file(&mut self, result: &FileResult) -> io::Result<()> {
        for error in &result.errors {
            let record = ErrorRecord {
                version: JSON_VERSION,
                path: &result.name,
                error: error.to_string(),
            };
            serde_json::to_writer(&mut self.out, &record)?;
            self.out.write_all(b"\n")?;
        }
        for checked in &result.calls {
            for v in &checked.report.violations {
                let record = Record {
                    version: JSON_VERSION,
                    path: &result.name,
                    call: checked.report.id.as_deref(),
                    call_line: checked.call.line,
                    score: checked.report.score,
                    passed: checked.report.passed,
                    violation: violation_json(v),
                };
                serde_json::to_writer(&mut self.out, &record)?;
                self.out.write_all(b"\n")?;
            }
        }
        self.out.flush()
    }

    fn finish(&mut self, _summary: &Summary) -> io::Result<()> {
        self.out.flush()
    }
}
