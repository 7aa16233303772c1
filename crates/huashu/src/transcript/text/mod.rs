//! Plain-text transcripts (`[START-END] LABEL:text`, one turn per line) and agent scripts.
//!
//! What a source is comes from its labels (see [`census`]): a transcript when a line carries a
//! known label; a transcript whose roles are inferred when, without a known label, lines that
//! start like turns (`A:`, `spk0:`, `说话人1:`, a time and a label) make most of it; else an
//! agent script, where every non-empty, non-comment line is something the agent says.
//!
//! A line is never dropped without a word: an unknown speaker label in a transcript with known
//! labels, times that cannot be read, or times with no label are errors at their line.
//!
//! Suppression comments (`# huashu: …`, see [`crate::suppress`]) are read here: on a line of
//! their own, or at the end of a turn line, where they are cut off the turn's text (the text
//! before them keeps its positions).

mod census;
mod head;
mod header;

pub(in crate::transcript) use self::head::split_label;

use self::census::{Mode, Naming, Vocabulary};
use super::draft::{self, Draft, Who};
use super::suppressions::Collector;
use super::time::{self, Read, Stamp};
use super::{Labels, ParseError, ParseOptions, Parsed, TimeUnit};
use crate::call::{Anchor, Call, CallKind, Origin, Speaker, Turn};
use crate::suppress::{self, SourceLine, Suppression};

/// The byte-order mark skipped at the start of a source.
const BOM: char = '\u{feff}';

/// Parses a plain-text transcript or script.
pub(super) fn parse(source: &str, options: &ParseOptions) -> Parsed {
    let vocabulary = Vocabulary::of(source, options);
    // Lines are classified as they are consumed, never all held at once (a 50 MB export has a
    // million of them).
    let classified = lines(source).map(|line| {
        let kind = classify(&line, &vocabulary, options);
        (line, kind)
    });
    match vocabulary.mode {
        Mode::Script => parse_script(classified),
        Mode::Labelled | Mode::Unlabelled => parse_transcript(classified, options),
    }
}

/// Whether the first non-blank line starts with a `[...]` time range followed by a label and a
/// colon, which tells a text transcript from a JSON array.
pub(super) fn starts_with_time_range(source: &str) -> bool {
    let Some(line) = lines(source).find(|line| !line.text.trim().is_empty()) else {
        return false;
    };
    let Some((content, after)) = head::bracket(line.text.trim_start()) else {
        return false;
    };
    let is_range = !matches!(
        time::parse_stamp(content, TimeUnit::Seconds),
        Err(time::RangeError::Malformed)
    );
    is_range && head::split_label(after).is_some()
}

/// One source line, without its line end (and without the BOM on line 1).
#[derive(Clone, Copy)]
pub(in crate::transcript) struct Line<'a> {
    /// 1-based line number.
    pub(in crate::transcript) number: usize,
    /// Byte offset of `text` in the source.
    pub(in crate::transcript) offset: usize,
    /// The line's text.
    pub(in crate::transcript) text: &'a str,
}

impl Line<'_> {
    /// The anchor for text position `text_pos` starting at byte `at` of this line.
    pub(in crate::transcript) fn anchor(&self, at: usize, text_pos: usize) -> Anchor {
        Anchor {
            text: text_pos,
            offset: self.offset + at,
            line: self.number,
            column: self.column(at),
        }
    }

    /// The 1-based column of byte `at` of this line.
    pub(in crate::transcript) fn column(&self, at: usize) -> usize {
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

    /// An error at byte `at` of this line.
    pub(in crate::transcript) fn error(&self, at: usize, message: String) -> ParseError {
        ParseError {
            line: self.number,
            column: self.column(at),
            message,
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
pub(in crate::transcript) fn lines(source: &str) -> impl Iterator<Item = Line<'_>> {
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
    /// A turn.
    Turn(TurnLine<'a>),
    /// A line that starts like a turn but cannot be read as one.
    Invalid(ParseError),
    /// Anything else: the trimmed text and its byte position in the line, and the suppression
    /// comment cut off its end.
    Text {
        at: usize,
        text: &'a str,
        directive: Option<Suppression>,
    },
}

/// Who speaks a turn line.
enum Speaking<'a> {
    /// A known speaker.
    Known(Speaker),
    /// A label huashu does not know, at a byte of the line: the call's roles are inferred.
    Label(&'a str, usize),
}

/// A turn line: its speaker, times, the trimmed text at byte `at` of the line, and the
/// suppression comment cut off its end.
struct TurnLine<'a> {
    speaking: Speaking<'a>,
    stamp: Option<Read>,
    at: usize,
    text: &'a str,
    directive: Option<Suppression>,
}

/// Classifies one line.
fn classify<'a>(line: &Line<'a>, vocabulary: &Vocabulary<'_>, options: &ParseOptions) -> Kind<'a> {
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
    let text = |line: &Line<'a>| {
        let (text, directive) = line.split_trailing(lead, trimmed);
        Kind::Text {
            at: lead,
            text,
            directive,
        }
    };
    let head = head::read(line.text, lead, options.time_unit);
    let timed = head.stamp.as_ref().is_some_and(|s| s.time_like);
    let Some(label) = head.label else {
        // Times in brackets with no label: a turn that lost its label.
        if head.stamp.is_some_and(|s| s.bracketed && s.time_like) {
            return Kind::Invalid(line.error(
                lead,
                "a line with times but no speaker label: expected `[START-END] LABEL:text`".into(),
            ));
        }
        return text(line);
    };
    // Brackets that are not times (`[笑] 客户说:`) make a turn only with a known label.
    let hidden = head.stamp.as_ref().is_some_and(|s| !s.time_like);
    let speaking = match vocabulary.naming(label.name, timed) {
        Naming::Known(speaker) => Speaking::Known(speaker),
        Naming::Unknown if !hidden => match vocabulary.mode {
            Mode::Unlabelled => Speaking::Label(label.name, label.at),
            Mode::Script if !timed => return text(line),
            Mode::Labelled | Mode::Script => {
                return Kind::Invalid(
                    line.error(label.at, unknown_label(label.name, &options.labels)),
                )
            }
        },
        Naming::Unknown | Naming::Nobody => return text(line),
    };
    let stamp = match head.stamp.map(|s| s.read).transpose() {
        Ok(stamp) => stamp,
        Err(message) => return Kind::Invalid(line.error(lead, message)),
    };
    turn(line, speaking, stamp, label.text_at)
}

/// The error for a speaker label huashu does not know, in a transcript whose other labels it
/// knows: the line is not glued to the turn before it.
fn unknown_label(label: &str, labels: &Labels) -> String {
    format!(
        "unknown speaker label `{label}` (known: {}): map it with `--label {label}=customer` or \
         `--label {label}=agent`; the line is not checked",
        labels.names().join(", ")
    )
}

/// A turn line whose text starts (before trimming) at byte `at` of `line`.
fn turn<'a>(line: &Line<'a>, speaking: Speaking<'a>, stamp: Option<Read>, at: usize) -> Kind<'a> {
    let rest = line.text.get(at..).unwrap_or_default();
    let text = rest.trim_start();
    let at = at + (rest.len() - text.len());
    let (text, directive) = line.split_trailing(at, text.trim_end());
    Kind::Turn(TurnLine {
        speaking,
        stamp,
        at,
        text,
        directive,
    })
}

/// A call being read: its draft, and its wall-clock times (turn, seconds), which become
/// seconds from the call's first stamp when it ends.
#[derive(Default)]
struct Current {
    draft: Draft,
    walls: Vec<(usize, f64)>,
    /// The date and time of the call's first wall-clock stamp.
    started: Option<(String, String)>,
}

impl Current {
    /// A call starting at `line`, taking the comments read before it.
    fn new(line: usize, directives: &mut Collector) -> Self {
        let mut current = Current::default();
        current.draft.call.line = Some(line);
        directives.start_call(&mut current.draft.call);
        current
    }

    /// Adds a turn line.
    fn push(&mut self, line: &Line<'_>, turn: TurnLine<'_>) {
        let index = self.draft.call.turns.len();
        let who = match turn.speaking {
            Speaking::Known(speaker) => Who::Known(speaker),
            Speaking::Label(label, at) => Who::label(label, line.number, line.column(at)),
        };
        // Built in place: a turn is big enough for its moves to show in a 50 MB parse.
        self.draft.push(Turn::new(Speaker::Agent, turn.text), who);
        let out = &mut self.draft.call.turns[index];
        out.origin = Some(Origin::new(vec![line.anchor(turn.at, 0)]));
        match turn.stamp {
            Some((Stamp::Range(start, end), bare)) => {
                (out.start, out.end) = (Some(start), Some(end));
                self.draft.bare_time(bare);
            }
            Some((Stamp::Start(start), bare)) => {
                out.start = Some(start);
                self.draft.bare_time(bare);
            }
            Some((Stamp::Wall(wall), _)) => {
                self.walls.push((index, wall.seconds));
                self.started.get_or_insert((wall.date, wall.time));
            }
            None => {}
        }
    }

    /// The draft, its wall-clock times made seconds from its first one, and its date filled
    /// from that stamp when the call has none.
    fn into_draft(mut self) -> Draft {
        if let Some(&(_, base)) = self.walls.first() {
            for (turn, seconds) in self.walls {
                self.draft.call.turns[turn].start = Some(seconds - base);
            }
        }
        if let Some((date, time)) = self.started {
            let call = &mut self.draft.call;
            call.metadata
                .insert("started_at".into(), format!("{date}T{time}").into());
            call.info.date.get_or_insert(date);
        }
        self.draft
    }
}

/// Builds the calls of a transcript.
fn parse_transcript<'a>(
    classified: impl Iterator<Item = (Line<'a>, Kind<'a>)>,
    options: &ParseOptions,
) -> Parsed {
    let mut parsed = Parsed::default();
    let mut current: Option<Current> = None;
    let mut directives = Collector::default();
    // Whether an unlabelled line continues the last turn of the current call.
    let mut continuing = false;
    for (line, kind) in classified {
        match kind {
            Kind::Blank => {}
            Kind::Comment(comment) => {
                if let Some(id) = header::call_id(comment) {
                    finish(&mut parsed, current.take(), options);
                    let mut call = Current::new(line.number, &mut directives);
                    call.draft.call.id = Some(id.to_string());
                    call.draft.call.info = header::call_info(comment, id);
                    call.draft
                        .call
                        .metadata
                        .insert("header".into(), comment.into());
                    current = Some(call);
                    continuing = false;
                }
            }
            Kind::Directive(d) => {
                let call = current.as_mut().map(|c| &mut c.draft.call);
                directives.directive(call, d, line.number);
            }
            Kind::Turn(mut turn) => {
                let call =
                    current.get_or_insert_with(|| Current::new(line.number, &mut directives));
                let directive = turn.directive.take();
                call.push(&line, turn);
                directives.turn_line(&mut call.draft.call, line.number, false, directive);
                continuing = true;
            }
            Kind::Invalid(error) => {
                parsed.errors.push(error);
                directives.other_line(current.as_mut().map(|c| &mut c.draft.call), None);
                // Continuation lines of a skipped turn are skipped with it.
                continuing = false;
            }
            Kind::Text {
                at,
                text,
                directive,
            } => match current.as_mut().map(|c| &mut c.draft.call) {
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
    directives.finish(current.as_mut().map(|c| &mut c.draft.call));
    finish(&mut parsed, current, options);
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

/// Ends the current call: adds it to the result (roles decided), unless it has no turns.
fn finish(parsed: &mut Parsed, current: Option<Current>, options: &ParseOptions) {
    if let Some(current) = current.filter(|c| !c.draft.call.turns.is_empty()) {
        draft::finish(current.into_draft(), options, parsed);
    }
}

/// Builds the single call of an agent script: every non-empty, non-comment line is an agent turn.
fn parse_script<'a>(classified: impl Iterator<Item = (Line<'a>, Kind<'a>)>) -> Parsed {
    let mut call = Call {
        kind: CallKind::Script,
        ..Call::default()
    };
    let mut parsed = Parsed::default();
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
            Kind::Invalid(error) => parsed.errors.push(error),
            _ => {}
        }
    }
    directives.finish(Some(&mut call));
    if !call.turns.is_empty() {
        parsed.calls.push(call);
    }
    parsed
}
