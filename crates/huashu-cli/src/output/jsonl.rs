//! JSON Lines: one object per violation (and one per input problem), written as each file is
//! checked, so a consumer can process a batch as a stream.

use std::io::{self, Write};

use serde::Serialize;

use super::json::{violation_json, JsonViolation, JSON_VERSION};
use super::{FileHead, Printer, Summary};
use crate::check::{CheckedCall, FileError};

/// A violation with the file and call it belongs to.
#[derive(Serialize)]
struct Record<'a> {
    version: u32,
    path: &'a str,
    call: Option<&'a str>,
    agent: Option<&'a str>,
    date: Option<&'a str>,
    team: Option<&'a str>,
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
    /// A call's lines are serialised here, then written with one call (see `JsonPrinter`).
    buffer: Vec<u8>,
}

impl<'a> JsonlPrinter<'a> {
    pub fn new(out: Box<dyn Write + 'a>) -> Self {
        JsonlPrinter {
            out,
            buffer: Vec::new(),
        }
    }
}

impl Printer for JsonlPrinter<'_> {
    fn errors(&mut self, file: &FileHead, errors: &[FileError]) -> io::Result<()> {
        for error in errors {
            let record = ErrorRecord {
                version: JSON_VERSION,
                path: file.name,
                error: error.to_string(),
            };
            serde_json::to_writer(&mut self.out, &record)?;
            self.out.write_all(b"\n")?;
        }
        Ok(())
    }

    fn call(&mut self, file: &FileHead, checked: &CheckedCall) -> io::Result<()> {
        let info = &checked.call.info;
        self.buffer.clear();
        for v in &checked.report.violations {
            let record = Record {
                version: JSON_VERSION,
                path: file.name,
                call: checked.report.id.as_deref(),
                agent: info.agent.as_deref(),
                date: info.date.as_deref(),
                team: info.team.as_deref(),
                call_line: checked.call.line,
                score: checked.report.score,
                passed: checked.report.passed,
                violation: violation_json(v),
            };
            serde_json::to_writer(&mut self.buffer, &record)?;
            self.buffer.push(b'\n');
        }
        self.out.write_all(&self.buffer)
    }

    fn end(&mut self, _file: &FileHead) -> io::Result<()> {
        self.out.flush()
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }

    fn finish(&mut self, _summary: &Summary) -> io::Result<()> {
        self.out.flush()
    }
}
