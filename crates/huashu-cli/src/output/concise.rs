//! One line per violation: `path:line:col: rule [severity] message`, with ` (置信度 0.93)` after
//! an intent finding's message; review items (`[review]` for the severity) after a call's
//! violations.

use std::io::{self, Write};

use super::Printer;
use huashu_workspace::check::{CheckedCall, FileError};
use huashu_workspace::check::{FileHead, Sink};
use huashu_workspace::tally::Tally;

pub struct ConcisePrinter<'a> {
    out: Box<dyn Write + 'a>,
    err: Box<dyn Write + 'a>,
}

impl<'a> ConcisePrinter<'a> {
    pub fn new(out: Box<dyn Write + 'a>, err: Box<dyn Write + 'a>) -> Self {
        ConcisePrinter { out, err }
    }
}

impl Sink for ConcisePrinter<'_> {
    fn errors(&mut self, file: &FileHead, errors: &[FileError]) -> io::Result<()> {
        for error in errors {
            writeln!(self.err, "{}: error: {error}", file.name)?;
        }
        Ok(())
    }

    fn call(&mut self, file: &FileHead, checked: &CheckedCall) -> io::Result<()> {
        let violations = checked.report.violations.iter().map(|v| (v, false));
        let review = checked.report.review.iter().map(|v| (v, true));
        for (v, in_review) in violations.chain(review) {
            let (line, column) = v
                .location
                .map_or((0, 0), |l| (l.start.line, l.start.column));
            let confidence = v
                .confidence
                .map_or(String::new(), |c| format!(" (置信度 {c:.2})"));
            writeln!(
                self.out,
                "{}:{line}:{column}: {} [{}] {}{confidence}",
                file.name,
                v.rule,
                if in_review {
                    "review"
                } else {
                    v.severity.as_str()
                },
                v.message
            )?;
        }
        let report = &checked.report;
        writeln!(
            self.out,
            "{}:{}: call {}: score {}/100 {}",
            file.name,
            checked.call.line.unwrap_or(1),
            report.id.as_deref().unwrap_or("-"),
            report.score,
            if report.passed { "passed" } else { "FAILED" }
        )
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()?;
        self.err.flush()
    }
}

impl Printer for ConcisePrinter<'_> {
    fn finish(&mut self, _summary: &Tally) -> io::Result<()> {
        self.out.flush()
    }
}
