//! Parsing transcripts and scripts into [`Call`]s.
//!
//! The formats understood (see [`SourceFormat`]):
//!
//! * plain text, one turn per line: `[START-END] LABEL:text`, where the time range is optional
//!   (or written `START-END LABEL:`, `LABEL(START):`, a wall-clock `2026-11-20 09:30:01 LABEL:`)
//!   and the label maps to a speaker through [`Labels`]; a file in which no line carries a
//!   speaker label is an agent script;
//! * JSON Lines, one call object per line, and JSON, one call object or an array of them;
//! * the exports of speech-recognition services and contact-centre platforms (Alibaba Cloud,
//!   DashScope, Tencent Cloud, iFlytek, Volcengine, Amazon Connect Contact Lens, Genesys Cloud,
//!   Google CCAI Insights), read from their JSON by its structure;
//! * WebVTT and SRT subtitles.
//!
//! Every parsed [`Turn`](crate::Turn) keeps an [`Origin`](crate::Origin) so that a violation can be
//! reported at its line and column in the source — inside a JSON string, and inside a JSON
//! string inside a JSON string (iFlytek), escapes and all. Parsing never stops at the first
//! problem: the calls that could be read are returned together with every [`ParseError`], and
//! every [`ParseWarning`] about what huashu had to decide (which speaker is the agent, when the
//! source's labels say nothing huashu knows).
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

mod draft;
mod format;
mod import;
mod json;
mod labels;
mod options;
mod problems;
mod roles;
mod suppressions;
mod text;
mod time;

#[cfg(test)]
mod tests;

pub use format::SourceFormat;
pub use labels::Labels;
pub use options::{ParseOptions, TimeUnit};
pub use problems::{ParseError, ParseWarning, Parsed, WarningKind};

use crate::call::Call;

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
        SourceFormat::Text => text::parse(source, options),
        SourceFormat::WebVtt => import::webvtt::parse(source, options),
        SourceFormat::Srt => import::srt::parse(source, options),
        SourceFormat::JsonLines => json::parse_lines(source, options, None),
        SourceFormat::Json => json::parse_document(source, options, None),
        platform => match json::container(source) {
            SourceFormat::JsonLines => json::parse_lines(source, options, Some(platform)),
            _ => json::parse_document(source, options, Some(platform)),
        },
    };
    let backwards: Vec<ParseError> = parsed.calls.iter().flat_map(backwards_times).collect();
    if !backwards.is_empty() {
        parsed.errors.extend(backwards);
        parsed.errors.sort_by_key(|e| (e.line, e.column));
    }
    once_per_source(&mut parsed.warnings);
    parsed
}

/// Keeps the first warning of each kind that is about the whole source rather than one call
/// (how its times are to be taken): the others say the same of later calls.
fn once_per_source(warnings: &mut Vec<ParseWarning>) {
    let mut seen = Vec::new();
    warnings.retain(|w| match w.kind {
        WarningKind::RolesInferred => true,
        kind if seen.contains(&kind) => false,
        kind => {
            seen.push(kind);
            true
        }
    });
}

/// Parses one line of a JSON Lines source, for reading a stream one line at a time in constant
/// memory: `number` is the line's 1-based line number in the stream and `offset` the byte offset
/// where it starts, so that positions are the same as when [`parse`] reads the whole source.
///
/// The line may end with `\n` or `\r\n`; a blank line gives nothing, a byte-order mark is skipped
/// on line 1. The result holds the calls of that line (one, or several for a platform export
/// that holds several, such as Alibaba 智能对话分析 tickets), and its errors and warnings (a line
/// that is not a call object gives one error and no call).
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
    let mut parsed = json::parse_line(line, number.max(1), offset, options, None);
    let backwards: Vec<ParseError> = parsed.calls.iter().flat_map(backwards_times).collect();
    parsed.errors.extend(backwards);
    parsed
}

/// [`parse_json_line`] for a stream of one platform's exports (`--input-format tencent` on a
/// stream): each line is read as `format`'s export, and a line that is not says what it lacks.
/// For huashu's own formats, the same as [`parse_json_line`].
///
/// ```
/// use huashu::transcript::{parse_json_line_as, ParseOptions, SourceFormat};
/// let line = r#"{"Data": {"TaskId": 7, "ResultDetail": [{"FinalSentence": "您好,请问有什么可以帮您?", "StartMs": 0, "EndMs": 2600, "SpeakerId": 1}, {"FinalSentence": "我想查话费", "StartMs": 3000, "EndMs": 4200, "SpeakerId": 0}]}}"#;
/// let parsed = parse_json_line_as(line, 1, 0, &ParseOptions::default(), SourceFormat::TencentAsr);
/// assert_eq!(parsed.calls[0].turns[0].end, Some(2.6));
/// assert_eq!(parsed.calls[0].roles.as_ref().unwrap().agent, ["1"]);
/// let wrong = parse_json_line_as(line, 1, 0, &ParseOptions::default(), SourceFormat::Genesys);
/// assert!(wrong.errors[0].message.contains("transcripts"));
/// ```
pub fn parse_json_line_as(
    line: &str,
    number: usize,
    offset: usize,
    options: &ParseOptions,
    format: SourceFormat,
) -> Parsed {
    let line = line.strip_suffix('\n').unwrap_or(line);
    let platform = format.is_platform_export().then_some(format);
    let mut parsed = json::parse_line(line, number.max(1), offset, options, platform);
    let backwards: Vec<ParseError> = parsed.calls.iter().flat_map(backwards_times).collect();
    parsed.errors.extend(backwards);
    parsed
}

/// `text` as it must be written in the source to be read back as `text` by a turn whose
/// [`Origin`](crate::Origin) sits in `levels` JSON strings: JSON-escaped once per level.
pub(crate) fn escape_for(text: &str, levels: u8) -> std::borrow::Cow<'_, str> {
    let mut escaped = std::borrow::Cow::Borrowed(text);
    for _ in 0..levels {
        escaped = std::borrow::Cow::Owned(json::escape(&escaped));
    }
    escaped
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

#[cfg(test)]
mod escape_tests {
    #[test]
    fn escapes_once_per_string() {
        assert_eq!(super::escape_for("请说\"您好\"", 0), "请说\"您好\"");
        assert_eq!(super::escape_for("请说\"您好\"", 1), "请说\\\"您好\\\"");
        assert_eq!(
            super::escape_for("请说\"您好\"", 2),
            "请说\\\\\\\"您好\\\\\\\""
        );
        assert_eq!(super::escape_for("您好", 3), "您好");
    }
}
