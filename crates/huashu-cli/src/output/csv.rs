//! CSV: one row per violation, for QA analysts who open results in a spreadsheet.
//!
//! Transcripts are untrusted text: a cell that starts with `=`, `+`, `-`, `@`, a tab or a
//! carriage return would run as a formula in Excel, so it is prefixed with `'`.
//!
//! The output starts with a UTF-8 byte-order mark (unless `--no-bom`): without it, Excel on
//! Chinese Windows reads the file as GBK and shows the Chinese text garbled.

use std::io::{self, Write};

use super::Printer;
use huashu_workspace::check::{CheckedCall, FileError};
use huashu_workspace::check::{FileHead, Sink};
use huashu_workspace::tally::Tally;

const HEADER: [&str; 21] = [
    "path",
    "call",
    "call_line",
    "score",
    "passed",
    "turn",
    "speaker",
    "line",
    "column",
    "end_line",
    "end_column",
    "rule",
    "category",
    "severity",
    "points",
    "matched",
    "message",
    "suggestion",
    "agent",
    "date",
    "team",
];

/// The UTF-8 byte-order mark that makes Excel read a CSV file as UTF-8.
pub const BOM: &str = "\u{feff}";

pub struct CsvPrinter<'a> {
    writer: csv::Writer<Marked<Box<dyn Write + 'a>>>,
    err: Box<dyn Write + 'a>,
    header_written: bool,
}

/// A writer that writes `mark` before the first bytes that go through it.
struct Marked<W> {
    mark: &'static [u8],
    inner: W,
}

impl<W: Write> Write for Marked<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if !self.mark.is_empty() {
            self.inner.write_all(self.mark)?;
            self.mark = &[];
        }
        self.inner.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl<'a> CsvPrinter<'a> {
    /// A printer to `out`; with `bom`, the output starts with a UTF-8 byte-order mark.
    pub fn new(out: Box<dyn Write + 'a>, err: Box<dyn Write + 'a>, bom: bool) -> Self {
        let mark = if bom { BOM.as_bytes() } else { &[] };
        CsvPrinter {
            writer: csv::Writer::from_writer(Marked { mark, inner: out }),
            err,
            header_written: false,
        }
    }

    fn header(&mut self) -> io::Result<()> {
        if !self.header_written {
            self.writer.write_record(HEADER)?;
            self.header_written = true;
        }
        Ok(())
    }
}

/// A cell that a spreadsheet will show as text, never run as a formula.
pub fn neutralise(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

fn number(n: Option<usize>) -> String {
    n.map_or(String::new(), |n| n.to_string())
}

impl Sink for CsvPrinter<'_> {
    fn begin(&mut self, _file: &FileHead) -> io::Result<()> {
        self.header()
    }

    fn errors(&mut self, file: &FileHead, errors: &[FileError]) -> io::Result<()> {
        super::write_errors(&mut self.err, file, errors)
    }

    fn call(&mut self, file: &FileHead, checked: &CheckedCall) -> io::Result<()> {
        let report = &checked.report;
        let info = &checked.call.info;
        for v in &report.violations {
            let start = v.location.map(|l| l.start);
            let end = v.location.map(|l| l.end);
            let row = [
                neutralise(file.name),
                neutralise(report.id.as_deref().unwrap_or("")),
                number(checked.call.line),
                report.score.to_string(),
                report.passed.to_string(),
                v.turn.to_string(),
                v.speaker.as_str().to_owned(),
                number(start.map(|p| p.line)),
                number(start.map(|p| p.column)),
                number(end.map(|p| p.line)),
                number(end.map(|p| p.column)),
                v.rule.clone(),
                v.category.as_str().to_owned(),
                v.severity.as_str().to_owned(),
                v.points.to_string(),
                neutralise(&v.matched),
                neutralise(&v.message),
                neutralise(v.suggestion.as_deref().unwrap_or("")),
                neutralise(info.agent.as_deref().unwrap_or("")),
                neutralise(info.date.as_deref().unwrap_or("")),
                neutralise(info.team.as_deref().unwrap_or("")),
            ];
            self.writer.write_record(&row)?;
        }
        Ok(())
    }

    fn end(&mut self, _file: &FileHead) -> io::Result<()> {
        self.writer.flush()
    }

    fn flush(&mut self) -> io::Result<()> {
        self.writer.flush()?;
        self.err.flush()
    }
}

impl Printer for CsvPrinter<'_> {
    fn finish(&mut self, _summary: &Tally) -> io::Result<()> {
        self.header()?;
        self.writer.flush()?;
        self.err.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::neutralise;

    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("+86 138"), "'+86 138");
        assert_eq!(neutralise("-1"), "'-1");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("\tx"), "'\tx");
        assert_eq!(neutralise("您好"), "您好");
    }
}
