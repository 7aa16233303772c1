//! One line per violation: `path:line:col: rule [severity] message`.

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
        for v in &checked.report.violations {
            let (line, column) = v
                .location
                .map_or((0, 0), |l| (l.start.line, l.start.column));
            writeln!(
                self.out,
                "{}:{line}:{column}: {} [{}] {}",
                file.name,
                v.rule,
                v.severity.as_str(),
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
