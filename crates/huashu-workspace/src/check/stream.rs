//! A stream (standard input, a socket): JSON Lines checked one call at a time, anything else
//! read whole.
//!
//! When the first non-blank line starts with `{` and holds a whole JSON value (or the format is
//! named as JSON Lines or a platform's, `--input-format`), the stream is JSON Lines (huashu's
//! calls, or platform exports one per line) and is read line by line: each call is checked as soon as its line is complete and its results go to the sink
//! (and are flushed) at once, so `huashu check -` works as a filter (a Spark `pipe`, a Hadoop
//! streaming mapper) in constant memory. The encoding is that of the first line (detected, or
//! forced); every later line must be in it. UTF-16 (with a byte-order mark, or forced) and
//! every other format (plain text, a JSON document, a platform's export spread over lines,
//! subtitles) are read whole first and checked as any source is ([`check_source`]), their
//! format told from their structure ([`SourceFormat::detect`]).

use std::io::{self, BufRead};

use huashu::transcript::{self, SourceFormat};
use huashu::Linter;

use super::{
    check_source, emit, fill_and_check, nothing_to_check, warning_text, CheckOptions, FileError,
    FileHead, Sink,
};
use crate::input::decode::{self, Encoding, LineEnding, TextEncoding};

/// What output calls standard input.
pub const STDIN: &str = "<stdin>";

/// Checks standard input, giving results to `sink` as they come.
pub fn check_stdin<S: Sink + ?Sized>(
    linter: &Linter,
    options: &CheckOptions,
    sink: &mut S,
) -> io::Result<()> {
    let stdin = io::stdin();
    check_reader(&mut stdin.lock(), STDIN, linter, options, sink)
}

/// Checks what `reader` gives, calling it `name`, giving results to `sink` as they come. Errors
/// of the sink are returned; problems reading the stream are results (a [`FileError`]).
///
/// ```
/// use std::io::Cursor;
/// use huashu_workspace::check::{stream::check_reader, CheckOptions};
/// use huashu_workspace::tally::Tally;
/// let linter = huashu::Linter::with_builtin_packs();
/// let jsonl = "{\"turns\": [{\"speaker\": \"agent\", \"text\": \"喂\"}]}\n\n{\"turns\": []}\n";
/// let mut tally = Tally::new(80);
/// check_reader(&mut Cursor::new(jsonl), "<stdin>", &linter, &CheckOptions::new(Default::default()), &mut tally).unwrap();
/// assert_eq!((tally.files, tally.calls()), (1, 2));
/// ```
pub fn check_reader<S: Sink + ?Sized>(
    reader: &mut dyn BufRead,
    name: &str,
    linter: &Linter,
    options: &CheckOptions,
    sink: &mut S,
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
    // A format named for the stream decides; a line-based one (JSON Lines, a platform's
    // exports one per line) streams, any other is read whole.
    let line_based = match options.format {
        Some(format) => format == SourceFormat::JsonLines || format.is_platform_export(),
        None => first == Some(&b'{') && !continues_past_line(&head),
    };
    if read_error.is_none() && !utf16 && line_based {
        return stream_lines(reader, head, name, linter, options, sink);
    }
    // Whole: plain text, a JSON document, UTF-16.
    if read_error.is_none() {
        if let Err(err) = reader.read_to_end(&mut head) {
            read_error = Some(err);
        }
    }
    let result = match read_error {
        Some(err) => {
            let mut result = super::FileResult::new(name);
            result.errors.push(FileError::whole(format!(
                "cannot read standard input: {err}"
            )));
            result
        }
        None => check_source(linter, name, head, None, options),
    };
    emit(sink, linter, result)?;
    sink.flush()
}

/// Whether the JSON value that starts on the last line of `head` goes on past it: a JSON
/// document spread over lines (a platform's export as it downloads, pretty-printed), to be
/// read whole, not a JSON Lines stream. A line that is broken JSON is not such a start: it is
/// streamed, and reported at its line.
fn continues_past_line(head: &[u8]) -> bool {
    let start = head[..head.len().saturating_sub(1)]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let line = &head[start..];
    let line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
    match serde_json::from_slice::<serde::de::IgnoredAny>(line) {
        Ok(_) => false,
        Err(err) => err.is_eof(),
    }
}

/// JSON Lines, one line at a time: `head` holds the lines read so far (blank ones, then the
/// first call's line).
fn stream_lines<S: Sink + ?Sized>(
    reader: &mut dyn BufRead,
    head: Vec<u8>,
    name: &str,
    linter: &Linter,
    options: &CheckOptions,
    sink: &mut S,
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
            line_ending: LineEnding::Lf,
        },
    };
    let mut stream = Stream {
        linter,
        options,
        sink,
        file: FileHead {
            name,
            encoding: Some(&format),
        },
        number: 0,
        offset: 0,
        calls: 0,
        had_errors: false,
    };
    stream.sink.begin(&stream.file)?;
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
        stream.error(nothing_to_check(""))?;
    }
    stream.sink.end(&stream.file)?;
    stream.sink.flush()
}

/// A JSON Lines stream being checked.
struct Stream<'a, S: Sink + ?Sized> {
    linter: &'a Linter,
    options: &'a CheckOptions,
    sink: &'a mut S,
    file: FileHead<'a>,
    /// Lines read so far.
    number: usize,
    /// Bytes of decoded text before the next line.
    offset: usize,
    calls: usize,
    had_errors: bool,
}

impl<S: Sink + ?Sized> Stream<'_, S> {
    /// Decodes, parses and checks one line (with its `\n`), and gives its results at once.
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
                return self.sink.flush();
            }
        };
        let parsed = match self.options.format {
            Some(format) => transcript::parse_json_line_as(
                &text,
                self.number,
                self.offset,
                &self.options.parse,
                format,
            ),
            None => {
                transcript::parse_json_line(&text, self.number, self.offset, &self.options.parse)
            }
        };
        self.offset += text.len();
        if !parsed.warnings.is_empty() {
            let warnings: Vec<String> = parsed.warnings.iter().map(warning_text).collect();
            self.sink.warnings(&self.file, &warnings)?;
        }
        if !parsed.errors.is_empty() {
            self.had_errors = true;
            let errors: Vec<FileError> = parsed.errors.into_iter().map(FileError::from).collect();
            self.sink.errors(&self.file, &errors)?;
        }
        for call in parsed.calls {
            let checked = fill_and_check(self.linter, call, None, self.options.roster.as_deref());
            self.sink.call(&self.file, &checked)?;
            self.calls += 1;
        }
        self.sink.flush()
    }

    fn error(&mut self, error: FileError) -> io::Result<()> {
        self.had_errors = true;
        self.sink.errors(&self.file, &[error])
    }
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use super::*;
    use crate::check::{CheckedCall, FileResult, CHUNK_CALLS};

    /// Everything a sink is told, as text.
    #[derive(Default)]
    struct Record(Vec<String>);

    impl Sink for Record {
        fn begin(&mut self, file: &FileHead) -> io::Result<()> {
            let encoding = file.encoding.map(|e| e.encoding.as_str());
            self.0.push(format!("begin {} {encoding:?}", file.name));
            Ok(())
        }
        fn errors(&mut self, _file: &FileHead, errors: &[FileError]) -> io::Result<()> {
            self.0.extend(errors.iter().map(|e| format!("error {e}")));
            Ok(())
        }
        fn call(&mut self, _file: &FileHead, checked: &CheckedCall) -> io::Result<()> {
            let rules: Vec<&str> = checked
                .report
                .violations
                .iter()
                .map(|v| v.rule.as_str())
                .collect();
            self.0.push(format!(
                "call {:?} {} {rules:?}",
                checked.call.id, checked.report.score
            ));
            Ok(())
        }
        fn end(&mut self, file: &FileHead) -> io::Result<()> {
            self.0.push(format!("end {}", file.name));
            Ok(())
        }
    }

    fn streamed(bytes: &[u8], options: &CheckOptions) -> Vec<String> {
        let linter = Linter::with_builtin_packs();
        let mut record = Record::default();
        check_reader(
            &mut Cursor::new(bytes),
            STDIN,
            &linter,
            options,
            &mut record,
        )
        .unwrap();
        record.0
    }

    fn as_source(bytes: &[u8], options: &CheckOptions) -> Vec<String> {
        let linter = Linter::with_builtin_packs();
        let mut record = Record::default();
        let result: FileResult = check_source(&linter, STDIN, bytes.to_vec(), None, options);
        emit(&mut record, &linter, result).unwrap();
        record.0
    }

    /// Plain text, a JSON document and UTF-16 are read whole and checked exactly as a file's
    /// bytes are: the one way to check a source.
    #[test]
    fn a_stream_read_whole_is_checked_as_any_source() {
        let text = "# 通话 c1\n客服:喂,你好\n客户:我的宽带断了\n客服:这个我不知道\n# 通话 c2\n客服:您好\n{broken\n";
        let json =
            r#"[{"id": "j1", "turns": [{"speaker": "agent", "text": "喂,你说"}]}, {"id": 3}]"#;
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend("客服:喂,您好\n".encode_utf16().flat_map(u16::to_le_bytes));
        let mut options = CheckOptions::new(Default::default());
        for bytes in [
            text.as_bytes(),
            json.as_bytes(),
            &utf16,
            b"",
            b"\xFF\xFE\x00",
        ] {
            let whole = as_source(bytes, &options);
            assert!(whole.len() >= 3, "{whole:?}");
            assert_eq!(streamed(bytes, &options), whole);
        }
        // A big source checked a chunk at a time gives the same.
        let many: String = (0..CHUNK_CALLS + 5)
            .map(|i| format!("# 通话 {i}\n客服:喂,第{i}位客户您好\n"))
            .collect();
        let all = as_source(many.as_bytes(), &options);
        options.defer_after = Some(CHUNK_CALLS);
        assert_eq!(streamed(many.as_bytes(), &options), all);
        assert_eq!(all.len(), CHUNK_CALLS + 5 + 2);
    }
}
