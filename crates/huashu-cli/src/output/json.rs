//! The JSON contract (documented in the README, "JSON output"). Streamed: each call is written
//! as soon as it is checked, so memory does not grow with the number of files or calls.

use std::io::{self, Write};

use serde::Serialize;

use super::{FileHead, Printer, Summary};
use crate::check::{CheckedCall, FileError};
use huashu::{Category, Fix, Severity, Speaker};

/// The version of the JSON contract; raised on any incompatible change.
pub const JSON_VERSION: u32 = 1;

#[derive(Serialize)]
struct JsonCall<'a> {
    id: Option<&'a str>,
    agent: Option<&'a str>,
    date: Option<&'a str>,
    team: Option<&'a str>,
    line: Option<usize>,
    score: u32,
    passed: bool,
    violations: Vec<JsonViolation<'a>>,
    suppressed: Vec<JsonViolation<'a>>,
}

#[derive(Serialize)]
pub(super) struct JsonViolation<'a> {
    rule: &'a str,
    category: Category,
    severity: Severity,
    points: u32,
    speaker: Speaker,
    turn: usize,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
    matched: &'a str,
    message: &'a str,
    suggestion: Option<&'a str>,
    help: Option<&'a str>,
    fix: Option<Fix>,
}

#[derive(Serialize)]
struct JsonSummary {
    files: usize,
    files_with_errors: usize,
    calls: usize,
    passed: usize,
    failed: usize,
    pass_mark: u32,
    pass_rate: Option<f64>,
    violations: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    suppressed: usize,
    mean_score: Option<f64>,
}

pub struct JsonPrinter<'a> {
    out: Box<dyn Write + 'a>,
    files_written: usize,
    /// Calls written in the current file's object.
    calls_written: usize,
    /// Errors of the current file, written when it ends.
    errors: Vec<String>,
    /// A call is serialised here, then written with one call: serde_json's many small writes
    /// go to a `Vec` rather than through `dyn Write` (5 % of the instructions of checking the
    /// 50 MB benchmark corpus).
    buffer: Vec<u8>,
}

impl<'a> JsonPrinter<'a> {
    pub fn new(out: Box<dyn Write + 'a>) -> Self {
        JsonPrinter {
            out,
            files_written: 0,
            calls_written: 0,
            errors: Vec::new(),
            buffer: Vec::new(),
        }
    }

    fn open(&mut self) -> io::Result<()> {
        if self.files_written == 0 {
            write!(self.out, "{{\"version\":{JSON_VERSION},\"files\":[")?;
        }
        Ok(())
    }
}

/// A violation as the JSON contract writes it.
pub(super) fn violation_json(v: &huashu::Violation) -> JsonViolation<'_> {
    JsonViolation {
        rule: &v.rule,
        category: v.category,
        severity: v.severity,
        points: v.points,
        speaker: v.speaker,
        turn: v.turn,
        line: v.location.map(|l| l.start.line),
        column: v.location.map(|l| l.start.column),
        end_line: v.location.map(|l| l.end.line),
        end_column: v.location.map(|l| l.end.column),
        matched: &v.matched,
        message: &v.message,
        suggestion: v.suggestion.as_deref(),
        help: v.help.as_deref(),
        fix: v.fix,
    }
}

fn call_json(checked: &CheckedCall) -> JsonCall<'_> {
    let info = &checked.call.info;
    JsonCall {
        id: checked.report.id.as_deref(),
        agent: info.agent.as_deref(),
        date: info.date.as_deref(),
        team: info.team.as_deref(),
        line: checked.call.line,
        score: checked.report.score,
        passed: checked.report.passed,
        violations: checked
            .report
            .violations
            .iter()
            .map(violation_json)
            .collect(),
        suppressed: checked
            .report
            .suppressed
            .iter()
            .map(violation_json)
            .collect(),
    }
}

/// A file's object is written in pieces, as its calls arrive:
/// `{"path":…,"encoding":…,"calls":[` call `,` call … `],"error":…}`.
impl Printer for JsonPrinter<'_> {
    fn begin(&mut self, file: &FileHead) -> io::Result<()> {
        self.open()?;
        if self.files_written > 0 {
            self.out.write_all(b",")?;
        }
        self.out.write_all(b"\n{\"path\":")?;
        serde_json::to_writer(&mut self.out, file.name)?;
        self.out.write_all(b",\"encoding\":")?;
        serde_json::to_writer(&mut self.out, &file.encoding.map(|e| e.encoding.as_str()))?;
        self.out.write_all(b",\"calls\":[")?;
        self.calls_written = 0;
        self.errors.clear();
        Ok(())
    }

    fn errors(&mut self, _file: &FileHead, errors: &[FileError]) -> io::Result<()> {
        self.errors.extend(errors.iter().map(ToString::to_string));
        Ok(())
    }

    fn call(&mut self, _file: &FileHead, checked: &CheckedCall) -> io::Result<()> {
        self.buffer.clear();
        if self.calls_written > 0 {
            self.buffer.push(b',');
        }
        serde_json::to_writer(&mut self.buffer, &call_json(checked))?;
        self.out.write_all(&self.buffer)?;
        self.calls_written += 1;
        Ok(())
    }

    fn end(&mut self, _file: &FileHead) -> io::Result<()> {
        self.out.write_all(b"],\"error\":")?;
        let error = (!self.errors.is_empty()).then(|| self.errors.join("; "));
        serde_json::to_writer(&mut self.out, &error)?;
        self.out.write_all(b"}")?;
        self.files_written += 1;
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        self.open()?;
        let summary = JsonSummary {
            files: summary.files,
            files_with_errors: summary.files_with_errors,
            calls: summary.calls,
            passed: summary.passed,
            failed: summary.calls - summary.passed,
            pass_mark: summary.pass_mark,
            pass_rate: summary.pass_rate().map(|r| (r * 10000.0).round() / 10000.0),
            violations: summary.violations,
            errors: summary.count(Severity::Error),
            warnings: summary.count(Severity::Warning),
            infos: summary.count(Severity::Info),
            suppressed: summary.suppressed,
            mean_score: summary.mean_score().map(|m| (m * 100.0).round() / 100.0),
        };
        write!(self.out, "\n],\"summary\":")?;
        serde_json::to_writer(&mut self.out, &summary)?;
        self.out.write_all(b"}\n")?;
        self.out.flush()
    }
}
