//! JSON Lines (one call object per line) and JSON (one call object or an array of them).
//!
//! A call object is `{"id": …, "turns": [{"speaker": …, "text": …, "start": …, "end": …}], …}`.
//! Values are first read as borrowed [`RawValue`]s, which are slices of the source, so the exact
//! position of every value, and of every character of a turn's text, is known.

mod index;
mod string;

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;

use self::index::LineIndex;
use super::{Labels, ParseError, Parsed};
use crate::call::{Call, Origin, Speaker, Turn};

pub(super) use self::string::escape;

/// The byte-order mark skipped at the start of a source.
const BOM: char = '\u{feff}';

/// Parses JSON Lines: every non-blank line is one call object.
pub(super) fn parse_lines(source: &str, labels: &Labels) -> Parsed {
    let mut parsed = Parsed::default();
    let mut offset = 0;
    for (number, line) in source.split('\n').enumerate() {
        if let Some(call) = parse_line(line, number + 1, offset, labels) {
            add(&mut parsed, call);
        }
        offset += line.len() + 1;
    }
    parsed
}

/// Parses one line of JSON Lines (without its `\n`; a trailing `\r` is ignored) that is line
/// `number` (1-based) of a source and starts at byte `offset` of it: `None` for a blank line.
///
/// The line is parsed on its own, so memory and time do not depend on what came before it;
/// positions are then moved to where the line sits in the source. A byte-order mark is skipped
/// on line 1 only.
pub(super) fn parse_line(
    line: &str,
    number: usize,
    offset: usize,
    labels: &Labels,
) -> Option<Result<Call, ParseError>> {
    let mut line = line.strip_suffix('\r').unwrap_or(line);
    let mut offset = offset;
    if number == 1 {
        if let Some(rest) = line.strip_prefix(BOM) {
            line = rest;
            offset += BOM.len_utf8();
        }
    }
    if line.trim().is_empty() {
        return None;
    }
    let reader = Reader::new(line, labels);
    let call = serde_json::from_str::<&RawValue>(line)
        .map_err(|error| reader.syntax_error(0, &error))
        .and_then(|raw| reader.call(raw));
    // Positions were counted within the line: line 1, offsets from the line's start. Columns
    // are already right (a call object cannot span lines in JSON Lines).
    let shift = number - 1;
    Some(match call {
        Ok(mut call) => {
            call.line = call.line.map(|l| l + shift);
            for turn in &mut call.turns {
                if let Some(origin) = &mut turn.origin {
                    origin.shift(shift, offset);
                }
            }
            Ok(call)
        }
        Err(mut error) => {
            error.line += shift;
            Err(error)
        }
    })
}

/// Parses a JSON document: one call object, or an array of call objects.
pub(super) fn parse_document(source: &str, labels: &Labels) -> Parsed {
    let reader = Reader::new(source, labels);
    let mut parsed = Parsed::default();
    let base = if source.starts_with(BOM) {
        BOM.len_utf8()
    } else {
        0
    };
    let body = &source[base..];
    if body.trim().is_empty() {
        return parsed;
    }
    let document = match serde_json::from_str::<&RawValue>(body) {
        Ok(document) => document,
        Err(error) => {
            parsed.errors.push(reader.syntax_error(base, &error));
            return parsed;
        }
    };
    if document.get().starts_with('{') {
        add(&mut parsed, reader.call(document));
        return parsed;
    }
    match reader.elements(document, "a call object or an array of call objects") {
        Ok(elements) => {
            for element in elements {
                add(&mut parsed, reader.call(element));
            }
        }
        Err(error) => parsed.errors.push(error),
    }
    parsed
}

/// Adds a call, or the error that made it unusable.
fn add(parsed: &mut Parsed, call: Result<Call, ParseError>) {
    match call {
        Ok(call) => parsed.calls.push(call),
        Err(error) => parsed.errors.push(error),
    }
}

/// Reads calls out of raw values borrowed from one source.
struct Reader<'a> {
    source: &'a str,
    index: LineIndex<'a>,
    labels: &'a Labels,
}

impl<'a> Reader<'a> {
    fn new(source: &'a str, labels: &'a Labels) -> Self {
        Reader {
            source,
            index: LineIndex::new(source),
            labels,
        }
    }

    /// Reads one call object.
    fn call(&self, raw: &RawValue) -> Result<Call, ParseError> {
        let offset = self.offset(raw);
        let mut call = Call {
            line: Some(self.index.line(offset)),
            ..Call::default()
        };
        let mut turns = None;
        let mut agent_id = None;
        for (key, value) in self.members(raw, "a call object")? {
            match key.as_str() {
                "id" => call.id = self.id(value)?,
                "turns" => turns = Some(self.turns(value)?),
                _ => {
                    let info = match key.as_str() {
                        "agent" => Some(&mut call.info.agent),
                        "agent_id" => Some(&mut agent_id),
                        "date" => Some(&mut call.info.date),
                        "team" => Some(&mut call.info.team),
                        _ => None,
                    };
                    if let Some(field) = info {
                        *field = info_text(value);
                    }
                    let value = serde_json::from_str(value.get())
                        .map_err(|error| self.value_error(value, &error))?;
                    call.metadata.insert(key, value);
                }
            }
        }
        // `agent_id` is the stabler key when a source gives both it and a name.
        if agent_id.is_some() {
            call.info.agent = agent_id;
        }
        call.turns =
            turns.ok_or_else(|| self.error(offset, "call object has no `turns` array".into()))?;
        Ok(call)
    }

    /// Reads a call id: a string, a number (kept as written) or null.
    fn id(&self, raw: &RawValue) -> Result<Option<String>, ParseError> {
        match raw.get().as_bytes().first() {
            Some(b'"') => serde_json::from_str(raw.get())
                .map(Some)
                .map_err(|error| self.value_error(raw, &error)),
            Some(b'-' | b'0'..=b'9') => Ok(Some(raw.get().to_string())),
            Some(b'n') => Ok(None),
            _ => Err(self.error(
                self.offset(raw),
                format!(
                    "call `id` must be a string or a number, found {}",
                    describe(raw)
                ),
            )),
        }
    }

    /// Reads the `turns` array.
    fn turns(&self, raw: &RawValue) -> Result<Vec<Turn>, ParseError> {
        self.elements(raw, "`turns` to be an array of turn objects")?
            .into_iter()
            .map(|turn| self.turn(turn))
            .collect()
    }

    /// Reads one turn object.
    fn turn(&self, raw: &RawValue) -> Result<Turn, ParseError> {
        let offset = self.offset(raw);
        let (mut speaker, mut text, mut start, mut end) = (None, None, None, None);
        for (key, value) in self.members(raw, "a turn object")? {
            match key.as_str() {
                "speaker" => speaker = Some(value),
                "text" => text = Some(value),
                "start" => start = Some(value),
                "end" => end = Some(value),
                _ => {}
            }
        }
        let missing = |field: &str| self.error(offset, format!("turn has no `{field}`"));
        let speaker = self.speaker(speaker.ok_or_else(|| missing("speaker"))?)?;
        let text = text.ok_or_else(|| missing("text"))?;
        let start_time = start
            .map(|raw| self.time(raw, "start"))
            .transpose()?
            .flatten();
        let end_time = end.map(|raw| self.time(raw, "end")).transpose()?.flatten();
        if let (Some(start_time), Some(end_time), Some(end)) = (start_time, end_time, end) {
            if end_time < start_time {
                let message =
                    format!("turn ends (end {end_time}) before it starts (start {start_time})");
                return Err(self.error(self.offset(end), message));
            }
        }
        let mut turn = Turn::new(speaker, String::new());
        let decoded = self.text(text)?;
        turn.text = decoded.text;
        turn.origin = Some(Origin::new(decoded.anchors));
        turn.start = start_time;
        turn.end = end_time;
        Ok(turn)
    }

    /// Reads a speaker label: a known label, or `agent` / `customer`.
    fn speaker(&self, raw: &RawValue) -> Result<Speaker, ParseError> {
        let label: String = serde_json::from_str(raw.get()).map_err(|_| {
            let message = format!("turn `speaker` must be a string, found {}", describe(raw));
            self.error(self.offset(raw), message)
        })?;
        self.labels
            .get(&label)
            .or_else(|| label.parse().ok())
            .ok_or_else(|| {
                let message = format!(
                    "unknown speaker `{label}`: expected one of {}",
                    self.labels.names().join(", ")
                );
                self.error(self.offset(raw), message)
            })
    }

    /// Decodes the text of a turn, keeping its anchors.
    fn text(&self, raw: &RawValue) -> Result<string::Decoded, ParseError> {
        if !raw.get().starts_with('"') {
            let message = format!("turn `text` must be a string, found {}", describe(raw));
            return Err(self.error(self.offset(raw), message));
        }
        string::decode(raw.get(), self.offset(raw), &self.index)
            .map_err(|(offset, message)| self.error(offset, message))
    }

    /// Reads a time in seconds: a finite, non-negative number, or null for none.
    fn time(&self, raw: &RawValue, field: &str) -> Result<Option<f64>, ParseError> {
        let literal = raw.get();
        if literal == "null" {
            return Ok(None);
        }
        let is_number =
            literal.starts_with(['-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
        match literal.parse::<f64>() {
            Ok(seconds) if is_number && seconds.is_finite() && seconds >= 0.0 => Ok(Some(seconds)),
            _ => {
                let message = format!(
                    "turn `{field}` must be a non-negative number of seconds, found `{literal}`"
                );
                Err(self.error(self.offset(raw), message))
            }
        }
    }

    /// The elements of a JSON array; `expected` names what it should be.
    fn elements(&self, raw: &'a RawValue, expected: &str) -> Result<Vec<&'a RawValue>, ParseError> {
        if !raw.get().starts_with('[') {
            let message = format!("expected {expected}, found {}", describe(raw));
            return Err(self.error(self.offset(raw), message));
        }
        serde_json::from_str(raw.get()).map_err(|error| self.value_error(raw, &error))
    }

    /// The members of a JSON object, in source order; `expected` names what it should be.
    fn members(
        &self,
        raw: &'a RawValue,
        expected: &str,
    ) -> Result<Vec<(String, &'a RawValue)>, ParseError> {
        if !raw.get().starts_with('{') {
            let message = format!("expected {expected}, found {}", describe(raw));
            return Err(self.error(self.offset(raw), message));
        }
        serde_json::from_str::<Members<'a>>(raw.get())
            .map(|members| members.0)
            .map_err(|error| self.value_error(raw, &error))
    }

    /// The byte offset of a raw value in the source.
    fn offset(&self, raw: &RawValue) -> usize {
        let at = (raw.get().as_ptr() as usize).wrapping_sub(self.source.as_ptr() as usize);
        at.min(self.source.len())
    }

    /// An error at a byte offset.
    fn error(&self, offset: usize, message: String) -> ParseError {
        let pos = self.index.position(offset);
        ParseError {
            line: pos.line,
            column: pos.column,
            message,
        }
    }

    /// A serde_json error met while reading the text that starts at byte `base` of the source.
    fn syntax_error(&self, base: usize, error: &serde_json::Error) -> ParseError {
        let offset = self
            .index
            .offset_of_error(base, error.line(), error.column());
        let message = error.to_string();
        // The position serde_json appends is relative to `base`; ours replaces it.
        let message = message
            .rfind(" at line ")
            .map_or(message.as_str(), |at| &message[..at]);
        self.error(offset, format!("invalid JSON: {message}"))
    }

    /// A serde_json error met while reading an already-validated raw value.
    fn value_error(&self, raw: &RawValue, error: &serde_json::Error) -> ParseError {
        self.syntax_error(self.offset(raw), error)
    }
}

/// A call-info field: a non-empty string (unescaped), or a number as written; anything else
/// (null, an object…) leaves the field unknown (it is still kept in the call's metadata).
fn info_text(raw: &RawValue) -> Option<String> {
    let literal = raw.get();
    match literal.as_bytes().first() {
        Some(b'"') => serde_json::from_str::<String>(literal)
            .ok()
            .filter(|text| !text.trim().is_empty()),
        Some(b'-' | b'0'..=b'9') => Some(literal.to_owned()),
        _ => None,
    }
}

/// What kind of JSON value a raw value is, for error messages.
fn describe(raw: &RawValue) -> &'static str {
    match raw.get().as_bytes().first() {
        Some(b'{') => "an object",
        Some(b'[') => "an array",
        Some(b'"') => "a string",
        Some(b't' | b'f') => "a boolean",
        Some(b'n') => "null",
        _ => "a number",
    }
}

/// The members of a JSON object in source order, their values left raw.
struct Members<'a>(Vec<(String, &'a RawValue)>);

impl<'de> Deserialize<'de> for Members<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(MembersVisitor)
    }
}

/// The visitor behind [`Members`].
struct MembersVisitor;

impl<'de> Visitor<'de> for MembersVisitor {
    type Value = Members<'de>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut members = Vec::new();
        while let Some(member) = map.next_entry::<String, &'de RawValue>()? {
            members.push(member);
        }
        Ok(Members(members))
    }
}
