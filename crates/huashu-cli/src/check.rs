//! Checking inputs: read, parse, lint. One bad input never stops the others.

use huashu::transcript::{self, ParseOptions};
use huashu::{Call, CallReport, Linter};

use crate::inputs::{self, Input};

/// What checking one input produced.
pub struct FileResult {
    /// The name shown in output.
    pub name: String,
    /// The calls read and their reports, in source order.
    pub calls: Vec<CheckedCall>,
    /// Why the input, or parts of it, could not be read.
    pub errors: Vec<FileError>,
    /// The input's text, for formats that quote it or count columns their own way (SARIF);
    /// empty when the input could not be read.
    pub source: String,
}

/// A call and its report.
pub struct CheckedCall {
    pub call: Call,
    pub report: CallReport,
}

/// A problem reading an input, at a line and column when it has one.
pub struct FileError {
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for FileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.line, self.column) {
            (Some(line), Some(column)) => {
                write!(f, "line {line}, column {column}: {}", self.message)
            }
            (Some(line), None) => write!(f, "line {line}: {}", self.message),
            _ => f.write_str(&self.message),
        }
    }
}

/// Reads, parses and lints one input.
pub fn check_input(linter: &Linter, input: &Input, options: &ParseOptions) -> FileResult {
    let name = input.display_name().to_owned();
    let source = match inputs::read(input) {
        Ok(source) => source,
        Err(message) => {
            // Messages from decoding already start with "line N, column M: ".
            return FileResult {
                name,
                calls: Vec::new(),
                errors: vec![FileError {
                    line: None,
                    column: None,
                    message,
                }],
                source: String::new(),
            };
        }
    };
    let parsed = transcript::parse(&source.text, source.format, options);
    let calls: Vec<CheckedCall> = parsed
        .calls
        .into_iter()
        .map(|call| {
            let report = linter.check(&call);
            CheckedCall { call, report }
        })
        .collect();
    let mut errors: Vec<FileError> = parsed
        .errors
        .into_iter()
        .map(|e| FileError {
            line: Some(e.line),
            column: Some(e.column),
            message: e.message,
        })
        .collect();
    if calls.is_empty() && errors.is_empty() {
        // An empty export is almost always a broken one: say so rather than pass it silently.
        let message = if source.text.trim_start_matches('\u{feff}').trim().is_empty() {
            "the file is empty: no turns to check"
        } else {
            "no turns found: every line is a comment or blank"
        };
        errors.push(FileError {
            line: None,
            column: None,
            message: message.to_owned(),
        });
    }
    FileResult {
        name,
        calls,
        errors,
        source: source.text,
    }
}
