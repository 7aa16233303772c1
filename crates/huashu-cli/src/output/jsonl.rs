//! `--format jsonl`: one object per violation, one closing each call (`"type": "call"`, clean
//! calls included) and one per input problem, written as each file is checked, so a consumer
//! can process a batch as a stream and knows every call was checked. The records are
//! [`huashu_workspace::json::JsonlRecord`] and [`huashu_workspace::json::JsonlError`].

use std::io::{self, Write};

use huashu_workspace::check::{CheckedCall, FileError, FileHead, Sink};
use huashu_workspace::json::{JsonlCall, JsonlError, JsonlRecord, JSON_VERSION};
use huashu_workspace::tally::Tally;

use super::Printer;

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

impl Sink for JsonlPrinter<'_> {
    fn errors(&mut self, file: &FileHead, errors: &[FileError]) -> io::Result<()> {
        for error in errors {
            let record = JsonlError {
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
        self.buffer.clear();
        for record in JsonlRecord::of_call(file.name, checked) {
            serde_json::to_writer(&mut self.buffer, &record)?;
            self.buffer.push(b'\n');
        }
        serde_json::to_writer(&mut self.buffer, &JsonlCall::new(file.name, checked))?;
        self.buffer.push(b'\n');
        self.out.write_all(&self.buffer)
    }

    fn end(&mut self, _file: &FileHead) -> io::Result<()> {
        self.out.flush()
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

impl Printer for JsonlPrinter<'_> {
    fn finish(&mut self, _tally: &Tally) -> io::Result<()> {
        self.out.flush()
    }
}
