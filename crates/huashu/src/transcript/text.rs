//! Plain-text transcripts (`[START-END] LABEL:text`, one turn per line) and agent scripts.
//!
//! A source in which no line is a turn line with a known label is an agent script: every
//! non-empty, non-comment line is something the agent says.
//!
//! Suppression comments (`# huashu: …`, see [`crate::suppress`]) are read here: on a line of
//! their own, or at the end of a turn line, where they are cut off the turn's text (the text
//! before them keeps its positions).

use super::suppressions::Collector;
use super::time::{self, RangeError, ACCEPTED_FORMS};
use super::{Labels, ParseError, Parsed};
use crate::call::{Anchor, Call, CallKind, Origin, Speaker, Turn};
use crate::suppress::{self, SourceLine, Suppression};

/// The byte-order mark skipped at the start of a source.
const BOM: char = '\u{feff}';

/// The longest label, in characters.
const MAX_LABEL_CHARS: usize = 16;

/// Parses a plain-text transcript or script.
pub(super) fn parse(source: &str, labels: &Labels) -> Parsed {
    // Lines are classified as they are consumed, never all held at once (a 50 MB export has a
    // million of them). Deciding transcript or script reads up to the first turn line, which
    // in a transcript is one of the first few.
    let classified = || {
        lines(source).map(|line| {
            let kind = classify(&line, labels);
            (line, kind)
        })
    };
    let is_transcript =
        classified().any(|(_, kind)| matches!(kind, Kind::Turn(_) | Kind::Invalid(_)));
    if is_transcript {
        parse_transcript(classified())
    } else {
        parse_script(classified())
    }
}

/// Whether the first non-blank line starts with a `[...]` time range followed by a label and a
/// colon, which tells a text transcript from a JSON array.
pub(super) fn starts_with_time_range(source: &str) -> bool {
    let Some(line) = lines(source).find(|line| !line.text.trim().is_empty()) else {
        return false;
    };
    let Some((content, after)) = bracket(line.text.trim_start()) else {
        return false;
    };
    let is_range = !matches!(time::parse_range(content), Err(RangeError::Malformed));
    is_range && split_label(after).is_some()
}

/// One source line, without its line end (and without the BOM on line 1).
struct Line<'a> {
    /// 1-based line number.
    number: usize,
    /// Byte offset of `text` in the source.
    offset: usize,
    /// The line's text.
    text: &'a str,
}

impl Line<'_> {
    /// The anchor for text position `text_pos` starting at byte `at` of this line.
    fn anchor(&self, at: usize, text_pos: usize) -> Anchor {
        Anchor {
            text: text_pos,
            offset: self.offset + at,
            line: self.number,
            column: self.column(at),
        }
    }

    /// The 1-based column of byte `at` of this line.
    fn column(&self, at: usize) -> usize {
        self.text.get(..at).map_or(0, |t| t.chars().count()) + 1
    }

    /// The line as the suppression-comment parser sees it.
    fn source(&self) -> SourceLine<'_> {
        SourceLine {
            text: self.text,
            number: self.number,
            offset: self.offset,
        }
    }

    /// Splits a trailing suppression comment off `text`, which starts at byte `at` of this
    /// line: the text before it (trailing whitespace removed) and the comment.
    fn split_trailing<'t>(&self, at: usize, text: &'t str) -> (&'t str, Option<Suppression>) {
        match suppress::find_trailing(text) {
            Some(hash) => (
                text[..hash].trim_end(),
                Some(suppress::parse(self.source(), at + hash, true)),
            ),
            None => (text, None),
        }
    }
}

/// The lines of a source: split on `\n`, a trailing `\r` removed, a leading BOM skipped.
fn lines(source: &str) -> impl Iterator<Item = Line<'_>> {
    let mut next_offset = 0;
    source.split('\n').enumerate().map(move |(index, raw)| {
        let mut offset = next_offset;
        next_offset += raw.len() + 1;
        let mut text = raw.strip_suffix('\r').unwrap_or(raw);
        if index == 0 {
            if let Some(rest) = text.strip_prefix(BOM) {
                text = rest;
                offset += BOM.len_utf8();
            }
        }
        Line {
            number: index + 1,
            offset,
            text,
        }
    })
}

/// What a line is.
enum Kind<'a> {
    /// Nothing but whitespace.
    Blank,
    /// A `#` comment: the text after `#`, trimmed.
    Comment(&'a str),
    /// A `# huashu:` suppression comment on a line of its own.
    Directive(Suppression),
    /// A turn with a known label.
    Turn(TurnLine<'a>),
    /// A turn with a known label whose time range is unusable.
    Invalid(ParseError),
    /// Anything else: the trimmed text and its byte position in the line, and the suppression
    /// comment cut off its end.
    Text {
        at: usize,
        text: &'a str,
        directive: Option<Suppression>,
    },
}

/// A turn line: speaker, optional times, the trimmed text at byte `at` of the line, and the
/// suppression comment cut off its end.
struct TurnLine<'a> {
    speaker: Speaker,
    times: Option<(f64, f64)>,
    at: usize,
    text: &'a str,
    directive: Option<Suppression>,
}

/// Classifies one line.
fn classify<'a>(line: &Line<'a>, labels: &Labels) -> Kind<'a> {
    let trimmed = line.text.trim();
    if trimmed.is_empty() {
        return Kind::Blank;
    }
    let lead = line.text.len() - line.text.trim_start().len();
    if let Some(comment) = trimmed.strip_prefix('#') {
        if suppress::is_directive(comment) {
            return Kind::Directive(suppress::parse(line.source(), lead, false));
        }
        return Kind::Comment(comment.trim());
    }
    let rest = &line.text[lead..];
    if let Some((content, after)) = bracket(rest) {
        let after_at = line.text.len() - after.len();
        if let Some((speaker, at)) = known_label(line.text, after_at, labels) {
            return match time::parse_range(content) {
                Ok(times) => turn(line, speaker, Some(times), at),
                Err(error) => Kind::Invalid(ParseError {
                    line: line.number,
                    column: line.column(lead),
                    message: range_message(content, error),
                }),
            };
        }
    }
    if let Some((speaker, at)) = known_label(line.text, lead, labels) {
        return turn(line, speaker, None, at);
    }
    let (text, directive) = line.split_trailing(lead, trimmed);
    Kind::Text {
        at: lead,
        text,
        directive,
    }
}

/// A turn line whose text starts (before trimming) at byte `at` of `line`.
fn turn<'a>(line: &Line<'a>, speaker: Speaker, times: Option<(f64, f64)>, at: usize) -> Kind<'a> {
    let rest = line.text.get(at..).unwrap_or_default();
    let text = rest.trim_start();
    let at = at + (rest.len() - text.len());
    let (text, directive) = line.split_trailing(at, text.trim_end());
    Kind::Turn(TurnLine {
        speaker,
        times,
        at,
        text,
        directive,
    })
}

/// The error message for an unusable time range.
fn range_message(content: &str, error: RangeError) -> String {
    match error {
        RangeError::Malformed => format!("invalid time range `[{content}]`: {ACCEPTED_FORMS}"),
        RangeError::Backwards => format!("time range `[{content}]` ends before it starts"),
    }
}

/// Splits `[content]after` into its bracket content and the rest.
fn bracket(text: &str) -> Option<(&str, &str)> {
    let inner = text.strip_prefix('[')?;
    let close = inner.find(']')?;
    Some((&inner[..close], &inner[close + 1..]))
}

/// Splits `LABEL:rest` (whitespace allowed around the label, `:` or `：`) into the label and the
/// rest after the colon. The label must be non-empty and at most [`MAX_LABEL_CHARS`] long.
fn split_label(text: &str) -> Option<(&str, &str)> {
    let colon = text.find([':', '：'])?;
    let label = text[..colon].trim();
    let rest = &text[colon..];
    let colon_len = rest.chars().next().map_or(1, char::len_utf8);
    let valid = !label.is_empty() && label.chars().count() <= MAX_LABEL_CHARS;
    valid.then(|| (label, &rest[colon_len..]))
}

/// The speaker of a known label at byte `from` of `line`, and the byte where the text after its
/// colon starts.
fn known_label(line: &str, from: usize, labels: &Labels) -> Option<(Speaker, usize)> {
    let (label, rest) = split_label(line.get(from..)?)?;
    let speaker = labels.get(label)?;
    Some((speaker, line.len() - rest.len()))
}

/// The call id of a `通话 ID …` or `call ID …` header comment.
fn call_header(comment: &str) -> Option<&str> {
    let rest = comment.strip_prefix("通话").or_else(|| {
        comment
            .get(..4)
            .filter(|word| word.eq_ignore_ascii_case("call"))
            .and_then(|_| comment.get(4..))
    })?;
    let id_start = rest.trim_start_matches(|c: char| c.is_whitespace() || c == ':' || c == '：');
    if id_start.len() == rest.len() {
        return None;
    }
    id_start.split_whitespace().next()
}

/// Builds the calls of a transcript.
fn parse_transcript<'a>(classified: impl Iterator<Item = (Line<'a>, Kind<'a>)>) -> Parsed {
    let mut parsed = Parsed::default();
    let mut current: Option<Call> = None;
    let mut directives = Collector::default();
    // Whether an unlabelled line continues the last turn of the current call.
    let mut continuing = false;
    for (line, kind) in classified {
        match kind {
            Kind::Blank => {}
            Kind::Comment(comment) => {
                if let Some(id) = call_header(comment) {
                    finish(&mut parsed, current.take());
                    let mut call = Call {
                        id: Some(id.to_string()),
                        line: Some(line.number),
                        ..Call::default()
                    };
                    call.metadata.insert("header".into(), comment.into());
                    directives.start_call(&mut call);
                    current = Some(call);
                    continuing = false;
                }
            }
            Kind::Directive(d) => directives.directive(current.as_mut(), d, line.number),
            Kind::Turn(turn) => {
                let call = current.get_or_insert_with(|| {
                    let mut call = Call {
                        line: Some(line.number),
                        ..Call::default()
                    };
                    directives.start_call(&mut call);
                    call
                });
                let mut out = Turn::new(turn.speaker, turn.text);
                out.origin = Some(Origin::new(vec![line.anchor(turn.at, 0)]));
                if let Some((start, end)) = turn.times {
                    out = out.with_times(start, end);
                }
                call.turns.push(out);
                directives.turn_line(call, line.number, false, turn.directive);
                continuing = true;
            }
            Kind::Invalid(error) => {
                parsed.errors.push(error);
                directives.other_line(current.as_mut(), None);
                // Continuation lines of a skipped turn are skipped with it.
                continuing = false;
            }
            Kind::Text {
                at,
                text,
                directive,
            } => match current.as_mut() {
                Some(call) if continuing && !call.turns.is_empty() => {
                    if let Some(turn) = call.turns.last_mut() {
                        append(turn, &line, at, text);
                    }
                    directives.turn_line(call, line.number, true, directive);
                }
                call => directives.other_line(call, directive),
            },
        }
    }
    directives.finish(current.as_mut());
    finish(&mut parsed, current);
    parsed
}

/// Appends a continuation line (its trimmed text at byte `at` of `line`) to a turn.
fn append(turn: &mut Turn, line: &Line<'_>, at: usize, text: &str) {
    if turn.text.is_empty() {
        // A turn whose own line had no text starts at its first continuation line.
        turn.text.push_str(text);
        turn.origin = Some(Origin::new(vec![line.anchor(at, 0)]));
        return;
    }
    turn.text.push('\n');
    let anchor = line.anchor(at, turn.text.len());
    turn.text.push_str(text);
    turn.origin.get_or_insert_with(Origin::default).push(anchor);
}

/// Adds a finished call to the result, unless it has no turns.
fn finish(parsed: &mut Parsed, call: Option<Call>) {
    if let Some(call) = call.filter(|call| !call.turns.is_empty()) {
        parsed.calls.push(call);
    }
}

/// Builds the single call of an agent script: every non-empty, non-comment line is an agent turn.
fn parse_script<'a>(classified: impl Iterator<Item = (Line<'a>, Kind<'a>)>) -> Parsed {
    let mut call = Call {
        kind: CallKind::Script,
        ..Call::default()
    };
    let mut directives = Collector::default();
    for (line, kind) in classified {
        match kind {
            Kind::Text {
                at,
                text,
                directive,
            } => {
                let mut turn = Turn::new(Speaker::Agent, text);
                turn.origin = Some(Origin::new(vec![line.anchor(at, 0)]));
                call.line.get_or_insert(line.number);
                call.turns.push(turn);
                directives.turn_line(&mut call, line.number, false, directive);
            }
            Kind::Directive(d) => directives.directive(Some(&mut call), d, line.number),
            _ => {}
        }
    }
    directives.finish(Some(&mut call));
    let mut parsed = Parsed::default();
    finish(&mut parsed, Some(call));
    parsed
}
