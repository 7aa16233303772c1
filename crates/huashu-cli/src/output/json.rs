//! `--format json`: the JSON contract (documented in the README, "JSON output"; its types are
//! [`huashu_workspace::json`]). Streamed: each call is written as soon as it is checked, so
//! memory does not grow with the number of files or calls.

use std::io::{self, Write};

use huashu_workspace::check::{CheckedCall, FileError, FileHead, Sink};
use huashu_workspace::json::{error_text, JsonCall, JsonSummary, JSON_VERSION};
use huashu_workspace::tally::Tally;

use super::Printer;

pub struct JsonPrinter<'a> {
    out: Box<dyn Write + 'a>,
    files_written: usize,
    /// Calls written in the current file's object.
    calls_written: usize,
    /// Errors of the current file, written when it ends.
    errors: Vec<FileError>,
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

/// A file's object ([`huashu_workspace::json::JsonFile`]) is written in pieces, as its calls
/// arrive: `{"path":…,"encoding":…,"calls":[` call `,` call … `],"error":…}`.
impl Sink for JsonPrinter<'_> {
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
        self.errors.extend(errors.iter().cloned());
        Ok(())
    }

    fn call(&mut self, _file: &FileHead, checked: &CheckedCall) -> io::Result<()> {
        self.buffer.clear();
        if self.calls_written > 0 {
            self.buffer.push(b',');
        }
        serde_json::to_writer(&mut self.buffer, &JsonCall::new(checked))?;
        self.out.write_all(&self.buffer)?;
        self.calls_written += 1;
        Ok(())
    }

    fn end(&mut self, _file: &FileHead) -> io::Result<()> {
        self.out.write_all(b"],\"error\":")?;
        serde_json::to_writer(&mut self.out, &error_text(&self.errors))?;
        self.out.write_all(b"}")?;
        self.files_written += 1;
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

impl Printer for JsonPrinter<'_> {
    fn finish(&mut self, tally: &Tally) -> io::Result<()> {
        self.open()?;
        write!(self.out, "\n],\"summary\":")?;
        serde_json::to_writer(&mut self.out, &JsonSummary::new(tally))?;
        self.out.write_all(b"}\n")?;
        self.out.flush()
    }
}
