//! Standard input: JSON Lines streamed one call at a time, anything else read whole.
//!
//! When the first non-blank line of standard input starts with `{`, it is JSON Lines and is
//! read line by line: each call is checked as soon as its line is complete and its results are
//! written and flushed at once, so `huashu check -` works as a filter (a Spark `pipe`, a Hadoop
//! streaming mapper) in constant memory. The encoding is that of the first line (detected, or
//! `--encoding`); every later line must be in it. UTF-16 (with a byte-order mark, or forced)
//! and every other format (plain text, a JSON document) are read whole first.

use std::io::{self, BufRead};

use huashu::transcript;
use huashu::Linter;

use crate::args::FailOn;
use crate::check::{self, CheckOptions, FileError, FileResult};
use crate::decode::{self, Encoding, TextEncoding};
use crate::inputs;
use crate::output::{FileHead, Printer, Summary};

const NAME: &str = "<stdin>";

/// Checks standard input, writing results as they come.
pub fn check_stdin(
    linter: &Linter,
    options: &CheckOptions,
    fail_on: FailOn,
    printer: &mut dyn Printer,
    summary: &mut Summary,
) -> io::Result<()> {
    let stdin = io::stdin();
    check_reader(
        &mut stdin.lock(),
        linter,
        options,
        fail_on,
        printer,
        summary,
    )
}

/// Checks what `reader` gives (standard input, or anything else in tests).
fn check_reader(
    reader: &mut dyn BufRead,
    linter: &Linter,
    options: &CheckOptions,
    fail_on: FailOn,
    printer: &mut dyn Printer,
    summary: &mut Summary,
) -> io::Result<()> {
    // Read up to the first line with something on it, to tell the format.
    let mut head = Vec::new();
    let mut read_error = None;
    loop {
        let before = head.len();
        match reader.read_until(b'\n', &mut head) {
            Ok(0) => break,
            Ok(_) if head[before..].iter().all(u8::is_ascii_whitespace) => continue,
            Ok(_) => break,
            Err(err) => {
                read_error = Some(err);
                break;
            }
        }
    }
    let utf16 = matches!(
        options.encoding,
        Some(Encoding::Utf16Le | Encoding::Utf16Be)
    ) || head.starts_with(b"\xFF\xFE")
        || head.starts_with(b"\xFE\xFF");
    let first = head
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(&head)
        .iter()
        .find(|b| !b.is_ascii_whitespace());
    if read_error.is_none() && !utf16 && first == Some(&b'{') {
        return stream_lines(reader, head, linter, options, fail_on, printer, summary);
    }
    // Whole: plain text, a JSON document, UTF-16.
    if read_error.is_none() {
        if let Err(err) = reader.read_to_end(&mut head) {
            read_error = Some(err);
        }
    }
    let mut result = FileResult {
        name: NAME.to_owned(),
        encoding: None,
        calls: Vec::new(),
        errors: Vec::new(),
        warnings: Vec::new(),
        source: String::new(),
        pending: crate::check::Pending::default(),
    };
    let source = match read_error {
        Some(err) => Err(format!("cannot read standard input: {err}")),
        None => inputs::source(&head, None, options.encoding),
    };
    drop(head);
    match source {
        Err(message) => result.errors.push(FileError::whole(message)),
        Ok(source) => {
            result.encoding = Some(source.encoding);
            let parsed = transcript::parse(&source.text, source.format, &options.parse);
            result.calls = parsed
                .calls
                .into_iter()
                .map(|call| check::check_call(linter, call, None))
                .collect();
            result.errors = parsed.errors.into_iter().map(FileError::from).collect();
            if result.calls.is_empty() && result.errors.is_empty() {
                result.errors.push(check::nothing_to_check(&source.text));
            }
            result.source = source.text;
        }
    }
    summary.add(&result, fail_on);
    printer.file(&result)?;
    printer.flush()
}

/// JSON Lines, one line at a time: `head` holds the lines read so far (blank ones, then the
/// first call's line).
fn stream_lines(
    reader: &mut dyn BufRead,
    head: Vec<u8>,
    linter: &Linter,
    options: &CheckOptions,
    fail_on: FailOn,
    printer: &mut dyn Printer,
    summary: &mut Summary,
) -> io::Result<()> {
    // The first call's line tells the encoding (or it is forced); blank lines are ASCII.
    let first_line_start = head[..head.len().saturating_sub(1)]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let format = match decode::decode(&head[first_line_start..], options.encoding) {
        Ok(decoded) => decoded.format,
        Err(_) => TextEncoding {
            encoding: options.encoding.unwrap_or(Encoding::Utf8),
            bom: false,
            line_ending: decode::LineEnding::Lf,
        },
    };
    let mut stream = Stream {
        linter,
        options,
        fail_on,
        printer,
        summary,
        file: FileHead {
            name: NAME,
            encoding: Some(&format),
        },
        number: 0,
        offset: 0,
        calls: 0,
        had_errors: false,
    };
    stream.printer.begin(&stream.file)?;
    for line in head.split_inclusive(|&b| b == b'\n') {
        stream.line(line)?;
    }
    drop(head);
    let mut line = Vec::new();
    loop {
        line.clear();
        match reader.read_until(b'\n', &mut line) {
            Ok(0) => break,
            Ok(_) => stream.line(&line)?,
            Err(err) => {
                let error = FileError {
                    line: Some(stream.number + 1),
                    column: None,
                    message: format!("cannot read standard input: {err}"),
                };
                stream.error(error)?;
                break;
            }
        }
    }
    if stream.calls == 0 && !stream.had_errors {
        stream.error(check::nothing_to_check(""))?;
    }
    stream.summary.add_file(stream.had_errors);
    stream.printer.end(&stream.file)?;
    stream.printer.flush()
}

/// A JSON Lines stream being checked.
struct Stream<'a> {
    linter: &'a Linter,
    options: &'a CheckOptions,
    fail_on: FailOn,
    printer: &'a mut dyn Printer,
    summary: &'a mut Summary,
    file: FileHead<'a>,
    /// Lines read so far.
    number: usize,
    /// Bytes of decoded text before the next line.
    offset: usize,
    calls: usize,
    had_errors: bool,
}

impl Stream<'_> {
    /// Decodes, parses and checks one line (with its `\n`), and writes its results at once.
    fn line(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.number += 1;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            self.offset += bytes.len();
            return Ok(());
        }
        let encoding = self.file.encoding.map_or(Encoding::Utf8, |e| e.encoding);
        let text = match decode::decode(bytes, Some(encoding)) {
            Ok(decoded) => decoded.text,
            Err(err) => {
                self.offset += bytes.len();
                let error = FileError {
                    line: Some(self.number),
                    column: err.column,
                    message: err.message,
                };
                self.error(error)?;
                return self.printer.flush();
            }
        };
        let parsed =
            transcript::parse_json_line(&text, self.number, self.offset, &self.options.parse);
        self.offset += text.len();
        if !parsed.errors.is_empty() {
            self.had_errors = true;
            let errors: Vec<FileError> = parsed.errors.into_iter().map(FileError::from).collect();
            self.printer.errors(&self.file, &errors)?;
        }
        for call in parsed.calls {
            let checked = check::check_call(self.linter, call, None);
            self.summary.add_call(&checked, self.fail_on);
            self.printer.call(&self.file, &checked)?;
            self.calls += 1;
        }
        self.printer.flush()
    }

    fn error(&mut self, error: FileError) -> io::Result<()> {
        self.had_errors = true;
        self.printer.errors(&self.file, &[error])
    }
}
