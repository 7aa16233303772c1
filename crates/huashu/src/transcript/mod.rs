//! Parsing transcripts and scripts into [`Call`]s.
//!
//! Three source formats are understood (see [`SourceFormat`]):
//!
//! * plain text, one turn per line: `[START-END] LABEL:text`, where the time range is optional
//!   and the label maps to a speaker through [`Labels`]; a file in which no line carries a known
//!   label is an agent script;
//! * JSON Lines, one call object per line;
//! * JSON, one call object or an array of them.
//!
//! Every parsed [`Turn`](crate::Turn) keeps an [`Origin`](crate::Origin) so that a violation can be
//! reported at its line and column in the source. Parsing never stops at the first problem: the
//! calls that could be read are returned together with every [`ParseError`].
//!
//! ```
//! use huashu::transcript::{parse, ParseOptions, SourceFormat};
//! let source = "[00:01.0-00:03.5] 客服:您好,请问有什么可以帮您?\n客户:我的宽带断了\n";
//! let parsed = parse(source, SourceFormat::Text, &ParseOptions::default());
//! assert!(parsed.errors.is_empty());
//! let call = &parsed.calls[0];
//! assert_eq!(call.turns.len(), 2);
//! assert_eq!(call.turns[0].start, Some(1.0));
//! assert_eq!(call.turns[1].text, "我的宽带断了");
//! ```

mod json;
mod labels;
mod suppressions;
mod text;
mod time;

#[cfg(test)]
mod tests;

#[cfg(test)]
mod backwards_tests {
    use super::*;

    #[test]
    fn times_running_backwards_are_errors_and_the_call_is_kept() {
        let source = "[00:10.0-00:12.0] 客服:您好\n[00:05.0-00:06.0] 客户:你好\n[00:13.0-00:15.0] 客服:请讲\n";
        let parsed = parse(source, SourceFormat::Text, &ParseOptions::default());
        assert_eq!(parsed.calls[0].turns.len(), 3);
        assert_eq!(parsed.errors.len(), 1);
        assert_eq!(parsed.errors[0].line, 2);
        assert!(parsed.errors[0].message.starts_with("time runs backwards"));
        // Overlapping turns (talking over each other) are not backwards.
        let overlap = "[00:10.0-00:14.0] 客户:我想问\n[00:13.0-00:15.0] 客服:好的\n";
        assert!(parse(overlap, SourceFormat::Text, &ParseOptions::default())
            .errors
            .is_empty());
    }
}

pub use labels::Labels;

use crate::call::Call;

/// The format of a transcript source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SourceFormat {
    /// Plain text: one turn per line, or an agent script.
    Text,
    /// JSON Lines: one call object per line.
    JsonLines,
    /// JSON: one call object, or an array of call objects.
    Json,
}

impl SourceFormat {
    /// The format a file name's extension implies: `.jsonl` and `.ndjson` are JSON Lines,
    /// `.json` is JSON, anything else is plain text.
    ///
    /// ```
    /// use huashu::transcript::SourceFormat;
    /// assert_eq!(SourceFormat::from_path("calls/day1.jsonl"), SourceFormat::JsonLines);
    /// assert_eq!(SourceFormat::from_path("script.txt"), SourceFormat::Text);
    /// ```
    pub fn from_path(path: &str) -> SourceFormat {
        let lower = path.to_ascii_lowercase();
        if lower.ends_with(".jsonl") || lower.ends_with(".ndjson") {
            SourceFormat::JsonLines
        } else if lower.ends_with(".json") {
            SourceFormat::Json
        } else {
            SourceFormat::Text
        }
    }

    /// Guesses the format of a source without a name (standard input): JSON Lines when the first
    /// non-blank character is `{`, JSON when it is `[`, plain text otherwise.
    ///
    /// ```
    /// use huashu::transcript::SourceFormat;
    /// assert_eq!(SourceFormat::sniff("{\"turns\": []}\n"), SourceFormat::JsonLines);
    /// assert_eq!(SourceFormat::sniff("客服:您好"), SourceFormat::Text);
    /// ```
    pub fn sniff(source: &str) -> SourceFormat {
        match source
            .trim_start_matches('\u{feff}')
            .trim_start()
            .chars()
            .next()
        {
            Some('{') => SourceFormat::JsonLines,
            Some('[') if !text::starts_with_time_range(source) => SourceFormat::Json,
            _ => SourceFormat::Text,
        }
    }
}

impl SourceFormat {
    /// `text` written as it must appear in a source of this format to be read back as `text`:
    /// JSON-escaped inside a JSON string (JSON Lines, JSON), as it is in plain text. What a fix
    /// puts in place of the words it rewrites.
    ///
    /// ```
    /// use huashu::transcript::SourceFormat;
    /// assert_eq!(SourceFormat::Text.escape("请说\"您好\""), "请说\"您好\"");
    /// assert_eq!(SourceFormat::JsonLines.escape("请说\"您好\""), "请说\\\"您好\\\"");
    /// ```
    pub fn escape<'a>(self, text: &'a str) -> std::borrow::Cow<'a, str> {
        match self {
            SourceFormat::Text => std::borrow::Cow::Borrowed(text),
            SourceFormat::JsonLines | SourceFormat::Json => {
                std::borrow::Cow::Owned(json::escape(text))
            }
        }
    }
}

/// Options for [`parse`].
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct ParseOptions {
    /// How speaker labels map to speakers.
    pub labels: Labels,
}

impl ParseOptions {
    /// Options with the given label mapping.
    ///
    /// ```
    /// use huashu::transcript::{parse, Labels, ParseOptions, SourceFormat};
    /// use huashu::Speaker;
    /// let mut labels = Labels::default();
    /// labels.insert("B", Speaker::Agent);
    /// let parsed = parse("B:您好\n", SourceFormat::Text, &ParseOptions::with_labels(labels));
    /// assert_eq!(parsed.calls[0].turns[0].speaker, Speaker::Agent);
    /// ```
    pub fn with_labels(labels: Labels) -> Self {
        ParseOptions { labels }
    }
}

/// What [`parse`] could read: the calls, and every problem met on the way.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    /// The calls read, in source order.
    pub calls: Vec<Call>,
    /// Problems, in source order. A call is left out only when its own text was unusable.
    pub errors: Vec<ParseError>,
}

/// A problem in a transcript source, at a line and column.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, miette::Diagnostic)]
#[error("line {line}, column {column}: {message}")]
#[diagnostic(code(huashu::transcript))]
pub struct ParseError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in Unicode characters.
    pub column: usize,
    /// What is wrong, and what was expected.
    pub message: String,
}

/// Parses a transcript or script source.
///
/// A leading byte-order mark is skipped (columns on line 1 do not count it, offsets do) and CRLF
/// line ends are accepted.
///
/// ```
/// use huashu::transcript::{parse, ParseOptions, SourceFormat};
/// let parsed = parse("{\"id\": \"c1\", \"turns\": [{\"speaker\": \"agent\", \"text\": \"您好\"}]}\n{oops}\n", SourceFormat::JsonLines, &ParseOptions::default());
/// assert_eq!(parsed.calls.len(), 1);
/// assert_eq!(parsed.errors[0].line, 2);
/// ```
///
/// Times that run backwards (a turn starting before the turn before it started) are reported as
/// errors at that turn; the call is still returned, so its text is still checked.
pub fn parse(source: &str, format: SourceFormat, options: &ParseOptions) -> Parsed {
    let mut parsed = match format {
        SourceFormat::Text => text::parse(source, &options.labels),
        SourceFormat::JsonLines => json::parse_lines(source, &options.labels),
        SourceFormat::Json => json::parse_document(source, &options.labels),
    };
    let backwards: Vec<ParseError> = parsed.calls.iter().flat_map(backwards_times).collect();
    if !backwards.is_empty() {
        parsed.errors.extend(backwards);
        parsed.errors.sort_by_key(|e| (e.line, e.column));
    }
    parsed
}

/// Parses one line of a JSON Lines source, for reading a stream one line at a time in constant
/// memory: `number` is the line's 1-based line number in the stream and `offset` the byte offset
/// where it starts, so that positions are the same as when [`parse`] reads the whole source.
///
/// The line may end with `\n` or `\r\n`; a blank line gives nothing, a byte-order mark is skipped
/// on line 1. The result holds at most one call, and the errors of that line (a line that is not
/// a call object gives one error and no call).
///
/// ```
/// use huashu::transcript::{parse, parse_json_line, ParseOptions, SourceFormat};
/// let source = "{\"id\": \"c1\", \"turns\": [{\"speaker\": \"agent\", \"text\": \"您好\"}]}\n\n{\"id\": \"c2\", \"agent\": \"1022\", \"turns\": [{\"speaker\": \"agent\", \"text\": \"不知道\"}]}\n";
/// let options = ParseOptions::default();
/// let mut offset = 0;
/// let mut calls = Vec::new();
/// for (i, line) in source.split_inclusive('\n').enumerate() {
///     calls.extend(parse_json_line(line, i + 1, offset, &options).calls);
///     offset += line.len();
/// }
/// assert_eq!(calls, parse(source, SourceFormat::JsonLines, &options).calls);
/// assert_eq!(calls[1].line, Some(3));
/// assert_eq!(calls[1].info.agent.as_deref(), Some("1022"));
/// assert_eq!(calls[1].turns[0].position(0, false).unwrap().line, 3);
/// ```
pub fn parse_json_line(line: &str, number: usize, offset: usize, options: &ParseOptions) -> Parsed {
    let line = line.strip_suffix('\n').unwrap_or(line);
    let mut parsed = Parsed::default();
    match json::parse_line(line, number.max(1), offset, &options.labels) {
        Some(Ok(call)) => {
            parsed.errors.extend(backwards_times(&call));
            parsed.calls.push(call);
        }
        Some(Err(error)) => parsed.errors.push(error),
        None => {}
    }
    parsed
}

/// An error for each turn of `call` that starts before the turn before it.
fn backwards_times(call: &Call) -> Vec<ParseError> {
    call.turns
        .windows(2)
        .filter_map(|pair| {
            let (before, after) = (pair[0].start?, pair[1].start?);
            if after >= before {
                return None;
            }
            let at = turn_start_position(&pair[1]);
            Some(ParseError {
                line: at.0,
                column: at.1,
                message: format!(
                    "time runs backwards: this turn starts at {after} s, before the previous turn ({before} s)"
                ),
            })
        })
        .collect()
}

/// The line and column where a turn's text starts, or (1, 1) without an origin.
fn turn_start_position(turn: &crate::call::Turn) -> (usize, usize) {
    turn.position(0, false)
        .map_or((1, 1), |p| (p.line, p.column))
}
