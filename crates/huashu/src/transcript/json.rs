//! JSON Lines (one call object per line) and JSON (one call object or an array of them).
//!
//! A call object is huashu's own `{"id": …, "turns": [{"speaker": …, "text": …, "start": …,
//! "end": …}], …}` or a platform's export, told apart by its structure (see [`super::import`]).
//! Values are first read as borrowed [`RawValue`]s, which are slices of the source, so the exact
//! position of every value, and of every character of a turn's text, is known — also inside a
//! string whose text is JSON (a [`Layer`]).

mod index;
mod layer;
mod string;

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;

use self::index::LineIndex;
pub(super) use self::layer::Layer;
pub(super) use self::string::escape;
use super::draft::{self, Draft, Who};
use super::import;
use super::time;
use super::{ParseError, ParseOptions, Parsed, SourceFormat};
use crate::call::{Anchor, Call, Origin, Speaker, Turn};

/// The byte-order mark skipped at the start of a source.
const BOM: char = '\u{feff}';

/// Parses JSON Lines: every non-blank line is one call object (or platform export); with
/// `platform`, every line is read as that platform's export.
pub(super) fn parse_lines(
    source: &str,
    options: &ParseOptions,
    platform: Option<SourceFormat>,
) -> Parsed {
    let mut parsed = Parsed::default();
    let mut offset = 0;
    for (number, line) in source.split('\n').enumerate() {
        let one = parse_line(line, number + 1, offset, options, platform);
        parsed.calls.extend(one.calls);
        parsed.errors.extend(one.errors);
        parsed.warnings.extend(one.warnings);
        offset += line.len() + 1;
    }
    parsed
}

/// Parses one line of JSON Lines (without its `\n`; a trailing `\r` is ignored) that is line
/// `number` (1-based) of a source and starts at byte `offset` of it: nothing for a blank line.
///
/// The line is parsed on its own, so memory and time do not depend on what came before it;
/// positions are then moved to where the line sits in the source. A byte-order mark is skipped
/// on line 1 only.
pub(super) fn parse_line(
    line: &str,
    number: usize,
    offset: usize,
    options: &ParseOptions,
    platform: Option<SourceFormat>,
) -> Parsed {
    let mut line = line.strip_suffix('\r').unwrap_or(line);
    let mut offset = offset;
    if number == 1 {
        if let Some(rest) = line.strip_prefix(BOM) {
            line = rest;
            offset += BOM.len_utf8();
        }
    }
    let mut parsed = Parsed::default();
    if line.trim().is_empty() {
        return parsed;
    }
    let index = LineIndex::new(line);
    let reader = Reader::new(line, &index, options, platform);
    match serde_json::from_str::<&RawValue>(line) {
        Ok(raw) => reader.finish(reader.calls(raw), &mut parsed),
        Err(error) => parsed.errors.push(reader.syntax_error(0, &error)),
    }
    // Positions were counted within the line: line 1, offsets from the line's start. Columns
    // are already right (a call object cannot span lines in JSON Lines).
    let shift = number - 1;
    for call in &mut parsed.calls {
        call.line = call.line.map(|l| l + shift);
        for turn in &mut call.turns {
            if let Some(origin) = &mut turn.origin {
                origin.shift(shift, offset);
            }
        }
    }
    for error in &mut parsed.errors {
        error.line += shift;
    }
    for warning in &mut parsed.warnings {
        warning.line += shift;
    }
    parsed
}

/// Parses a JSON document: one call object (or platform export), or an array of them.
pub(super) fn parse_document(
    source: &str,
    options: &ParseOptions,
    platform: Option<SourceFormat>,
) -> Parsed {
    let index = LineIndex::new(source);
    let reader = Reader::new(source, &index, options, platform);
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
        reader.finish(reader.calls(document), &mut parsed);
        return parsed;
    }
    match reader.elements(document, "a call object or an array of call objects") {
        Ok(elements) => {
            for element in elements {
                reader.finish(reader.calls(element), &mut parsed);
            }
        }
        Err(error) => parsed.errors.push(error),
    }
    parsed
}

/// Whether a JSON source is JSON Lines (its first non-blank line is a whole JSON value, and more
/// follows) or one JSON document.
pub(super) fn container(source: &str) -> SourceFormat {
    let body = source.trim_start_matches(BOM);
    let mut lines = body.split('\n').filter(|line| !line.trim().is_empty());
    let Some(first) = lines.next() else {
        return SourceFormat::Json;
    };
    let whole = serde_json::from_str::<&RawValue>(first.trim()).is_ok();
    if whole && lines.next().is_some() {
        SourceFormat::JsonLines
    } else {
        SourceFormat::Json
    }
}

/// The platform whose export the first object of a JSON source is, if any.
pub(super) fn first_shape(source: &str) -> Option<SourceFormat> {
    let body = source.trim_start_matches(BOM);
    let text = match container(source) {
        SourceFormat::JsonLines => body.split('\n').find(|line| !line.trim().is_empty())?,
        _ => body,
    };
    let options = ParseOptions::default();
    let index = LineIndex::new(text);
    let reader = Reader::new(text, &index, &options, None);
    let raw = serde_json::from_str::<&RawValue>(text).ok()?;
    let raw = match raw.get().starts_with('[') {
        true => *reader.elements(raw, "").ok()?.first()?,
        false => raw,
    };
    let object = reader.object(raw, "").ok()?;
    if object.get("turns").is_some() {
        return None;
    }
    import::shape(&reader, &object)
}

/// A JSON object's members, in source order, their values left raw.
pub(in crate::transcript) struct Object<'a> {
    /// The byte of the reader's text where the object starts.
    pub(in crate::transcript) at: usize,
    members: Vec<(String, &'a RawValue)>,
}

impl<'a> Object<'a> {
    /// The value of member `key`.
    pub(in crate::transcript) fn get(&self, key: &str) -> Option<&'a RawValue> {
        self.members
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, value)| *value)
    }

    /// The members, in source order.
    pub(in crate::transcript) fn members(&self) -> &[(String, &'a RawValue)] {
        &self.members
    }
}

/// A string decoded with the anchors that map it back to the source.
pub(in crate::transcript) struct Located {
    pub(in crate::transcript) text: String,
    pub(in crate::transcript) origin: Origin,
}

/// Reads calls out of raw values borrowed from one text: the source, or a string decoded from
/// it (a [`Layer`]), whose positions are mapped back to the source.
pub(in crate::transcript) struct Reader<'a> {
    /// The text raw values are slices of.
    text: &'a str,
    /// The lines of the source.
    index: &'a LineIndex<'a>,
    /// The layer `text` is, when it is not the source.
    layer: Option<&'a Layer>,
    pub(in crate::transcript) options: &'a ParseOptions,
    /// The platform every object is read as, when one was named.
    platform: Option<SourceFormat>,
}

impl<'a> Reader<'a> {
    fn new(
        source: &'a str,
        index: &'a LineIndex<'a>,
        options: &'a ParseOptions,
        platform: Option<SourceFormat>,
    ) -> Self {
        Reader {
            text: source,
            index,
            layer: None,
            options,
            platform,
        }
    }

    /// A reader of a layer decoded by this one (see [`Reader::nested`]).
    pub(in crate::transcript) fn within<'b>(&'b self, layer: &'b Layer) -> Reader<'b> {
        Reader {
            text: &layer.text,
            index: self.index,
            layer: Some(layer),
            options: self.options,
            platform: self.platform,
        }
    }

    /// Decodes a string value whose text is itself JSON (iFlytek's `orderResult`), for reading
    /// with [`Reader::within`].
    pub(in crate::transcript) fn nested(
        &self,
        raw: &RawValue,
        what: &str,
    ) -> Result<Layer, ParseError> {
        if !raw.get().starts_with('"') {
            let message = format!(
                "`{what}` must be a string or an object, found {}",
                describe(raw)
            );
            return Err(self.error(self.offset(raw), message));
        }
        Layer::decode(raw.get(), self.offset(raw), self.layer)
            .map_err(|(offset, message)| self.error(offset, message))
    }

    /// The reader's whole text as one JSON value (a layer's text: the JSON inside a string).
    pub(in crate::transcript) fn whole(&self) -> Result<&'a RawValue, ParseError> {
        serde_json::from_str(self.text).map_err(|error| self.syntax_error(0, &error))
    }

    /// Adds the calls read from one object (roles decided), or the error that made it unusable.
    fn finish(&self, drafts: Result<Vec<Draft>, ParseError>, parsed: &mut Parsed) {
        match drafts {
            Ok(drafts) => {
                for draft in drafts {
                    draft::finish(draft, self.options, parsed);
                }
            }
            Err(error) => parsed.errors.push(error),
        }
    }

    /// Reads the calls of one object: huashu's own call, or a platform's export (one call, or
    /// several: Alibaba 智能对话分析 tickets).
    fn calls(&self, raw: &'a RawValue) -> Result<Vec<Draft>, ParseError> {
        let object = self.object(raw, "a call object")?;
        if let Some(platform) = self.platform {
            return import::read(self, platform, &object);
        }
        if object.get("turns").is_some() {
            return self.call(&object).map(|draft| vec![draft]);
        }
        match import::shape(self, &object) {
            Some(platform) => import::read(self, platform, &object),
            None => Err(self.error(object.at, import::unknown_shape(&object))),
        }
    }

    /// Reads huashu's own call object.
    fn call(&self, object: &Object<'a>) -> Result<Draft, ParseError> {
        let mut draft = Draft {
            call: Call {
                line: Some(self.line(object.at)),
                ..Call::default()
            },
            strict_labels: true,
            ..Draft::default()
        };
        let call = &mut draft.call;
        let mut turns = None;
        let mut agent_id = None;
        for (key, value) in object.members() {
            match key.as_str() {
                "id" => call.id = self.id(value)?,
                "turns" => turns = Some(*value),
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
                    call.metadata.insert(key.clone(), self.value(value)?);
                }
            }
        }
        // `agent_id` is the stabler key when a source gives both it and a name.
        if agent_id.is_some() {
            call.info.agent = agent_id;
        }
        let turns = turns.expect("the caller checked `turns`");
        for turn in self.elements(turns, "`turns` to be an array of turn objects")? {
            self.turn(turn, &mut draft)?;
        }
        Ok(draft)
    }

    /// Reads a call id: a string, a number (kept as written) or null.
    pub(in crate::transcript) fn id(&self, raw: &RawValue) -> Result<Option<String>, ParseError> {
        match raw.get().as_bytes().first() {
            Some(b'"') => self.string(raw).map(Some),
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

    /// Reads one turn object of huashu's own call into `draft`.
    fn turn(&self, raw: &RawValue, draft: &mut Draft) -> Result<(), ParseError> {
        let object = self.object(raw, "a turn object")?;
        let missing = |field: &str| self.error(object.at, format!("turn has no `{field}`"));
        let speaker = object.get("speaker").ok_or_else(|| missing("speaker"))?;
        let text = object.get("text").ok_or_else(|| missing("text"))?;
        let who = self.speaker(speaker)?;
        let start = object.get("start");
        let end = object.get("end");
        let start_time = start
            .map(|raw| self.time(raw, "start", draft))
            .transpose()?
            .flatten();
        let end_time = end
            .map(|raw| self.time(raw, "end", draft))
            .transpose()?
            .flatten();
        if let (Some(start_time), Some(end_time), Some(end)) = (start_time, end_time, end) {
            if end_time < start_time {
                let message =
                    format!("turn ends (end {end_time}) before it starts (start {start_time})");
                return Err(self.error(self.offset(end), message));
            }
        }
        let located = self.text(text, "text")?;
        let mut turn = Turn::new(Speaker::Agent, located.text);
        turn.origin = Some(located.origin);
        turn.start = start_time;
        turn.end = end_time;
        draft.push(turn, who);
        Ok(())
    }

    /// Reads a turn's `speaker`: a label (string) or a channel or speaker id (number); `agent`
    /// and `customer` always mean themselves. A known label is resolved at once; an unknown
    /// one is kept, with its place, for the call's roles to be decided.
    fn speaker(&self, raw: &RawValue) -> Result<Who, ParseError> {
        let Some(label) = self.label(raw)? else {
            let message = format!(
                "turn `speaker` must be a string or a number, found {}",
                describe(raw)
            );
            return Err(self.error(self.offset(raw), message));
        };
        if let Some(speaker) = self
            .options
            .labels
            .get(&label)
            .or_else(|| label.parse().ok())
        {
            return Ok(Who::Known(speaker));
        }
        let at = self.position(self.offset(raw));
        Ok(Who::Label {
            fallback: None,
            label,
            line: at.0,
            column: at.1,
        })
    }

    /// A speaker label, channel or id: a string (decoded), or a number as written; `None` for
    /// null and anything else.
    pub(in crate::transcript) fn label(
        &self,
        raw: &RawValue,
    ) -> Result<Option<String>, ParseError> {
        match raw.get().as_bytes().first() {
            Some(b'"') => self.string(raw).map(Some),
            Some(b'-' | b'0'..=b'9') => Ok(Some(raw.get().to_owned())),
            _ => Ok(None),
        }
    }

    /// A speaker label as [`Who`], with its position.
    pub(in crate::transcript) fn who(
        &self,
        raw: &RawValue,
        fallback: Option<Speaker>,
    ) -> Result<Option<Who>, ParseError> {
        let at = self.position(self.offset(raw));
        Ok(self.label(raw)?.map(|label| Who::Label {
            label,
            fallback,
            line: at.0,
            column: at.1,
        }))
    }

    /// Decodes a string value (for ids and labels; no positions kept).
    pub(in crate::transcript) fn string(&self, raw: &RawValue) -> Result<String, ParseError> {
        serde_json::from_str(raw.get()).map_err(|error| self.value_error(raw, &error))
    }

    /// Decodes a text value (what a speaker said), keeping where each character is in the
    /// source; `what` names the field for the error when it is not a string.
    pub(in crate::transcript) fn text(
        &self,
        raw: &RawValue,
        what: &str,
    ) -> Result<Located, ParseError> {
        if !raw.get().starts_with('"') {
            let message = format!("turn `{what}` must be a string, found {}", describe(raw));
            return Err(self.error(self.offset(raw), message));
        }
        match self.layer {
            None => {
                let decoded = string::decode(raw.get(), self.offset(raw), self.index)
                    .map_err(|(offset, message)| self.error(offset, message))?;
                Ok(Located {
                    text: decoded.text,
                    origin: Origin::new(decoded.anchors).with_string_levels(1),
                })
            }
            Some(_) => {
                let layer = self.nested(raw, what)?;
                let mut anchors: Vec<Anchor> = Vec::with_capacity(layer.stretches().len());
                let mut last: Option<crate::call::Position> = None;
                for &(text, source) in layer.stretches() {
                    let pos = match last {
                        Some(from) if from.offset <= source => self.index.advance(from, source),
                        _ => self.index.position(source),
                    };
                    last = Some(pos);
                    anchors.push(Anchor {
                        text,
                        offset: pos.offset,
                        line: pos.line,
                        column: pos.column,
                    });
                }
                Ok(Located {
                    text: layer.text,
                    origin: Origin::new(anchors).with_string_levels(layer.depth),
                })
            }
        }
    }

    /// Reads a time of huashu's own format: a non-negative number (in the time unit of the
    /// options), a time as text (`"00:01.5"`, `"1:02:03"`; a bare number in text is in the time
    /// unit too), or null for none.
    fn time(
        &self,
        raw: &RawValue,
        field: &str,
        draft: &mut Draft,
    ) -> Result<Option<f64>, ParseError> {
        let literal = raw.get();
        if literal == "null" {
            return Ok(None);
        }
        let unit = self.options.time_unit;
        let read = if literal.starts_with('"') {
            let text = self.string(raw)?;
            time::parse_time_in(text.trim(), unit)
        } else {
            let is_number = literal.starts_with(|c: char| c == '-' || c.is_ascii_digit());
            literal
                .parse::<f64>()
                .ok()
                .filter(|value| is_number && value.is_finite() && *value >= 0.0)
                .map(|value| {
                    (
                        unit.seconds(value),
                        if unit == super::TimeUnit::Seconds {
                            value
                        } else {
                            0.0
                        },
                    )
                })
        };
        match read {
            Some((seconds, bare)) => {
                draft.bare_time(bare);
                Ok(Some(seconds))
            }
            None => {
                let message = format!(
                    "turn `{field}` must be a non-negative number of seconds or a time such as \
                     \"00:01.5\", found `{literal}`"
                );
                Err(self.error(self.offset(raw), message))
            }
        }
    }

    /// Reads a platform's time in milliseconds (a number, or a number in a string, as iFlytek
    /// writes them) as seconds; null is none.
    pub(in crate::transcript) fn millis(
        &self,
        raw: &RawValue,
        field: &str,
    ) -> Result<Option<f64>, ParseError> {
        Ok(self.number(raw, field)?.map(|ms| ms / 1000.0))
    }

    /// Reads a non-negative number, or a number in a string; null is none.
    pub(in crate::transcript) fn number(
        &self,
        raw: &RawValue,
        field: &str,
    ) -> Result<Option<f64>, ParseError> {
        let literal = raw.get();
        if literal == "null" {
            return Ok(None);
        }
        let text = if literal.starts_with('"') {
            self.string(raw)?
        } else {
            literal.to_owned()
        };
        let text = text.trim();
        let is_number = text.starts_with(|c: char| c.is_ascii_digit());
        match text.parse::<f64>() {
            Ok(value) if is_number && value.is_finite() => Ok(Some(value)),
            _ => Err(self.error(
                self.offset(raw),
                format!("`{field}` must be a non-negative number, found `{literal}`"),
            )),
        }
    }

    /// A member of `object` that must be there.
    pub(in crate::transcript) fn required(
        &self,
        object: &Object<'a>,
        field: &str,
        of: &str,
    ) -> Result<&'a RawValue, ParseError> {
        object
            .get(field)
            .ok_or_else(|| self.error(object.at, format!("{of} has no `{field}`")))
    }

    /// A raw value as a JSON value, for metadata.
    pub(in crate::transcript) fn value(
        &self,
        raw: &RawValue,
    ) -> Result<serde_json::Value, ParseError> {
        serde_json::from_str(raw.get()).map_err(|error| self.value_error(raw, &error))
    }

    /// Copies the members of `object` named in `names` into `metadata`, as the source wrote them.
    pub(in crate::transcript) fn keep(
        &self,
        object: &Object<'a>,
        names: &[&str],
        metadata: &mut serde_json::Map<String, serde_json::Value>,
    ) -> Result<(), ParseError> {
        for (key, value) in object.members() {
            if names.contains(&key.as_str()) {
                metadata.insert(key.clone(), self.value(value)?);
            }
        }
        Ok(())
    }

    /// The elements of a JSON array; `expected` names what it should be.
    pub(in crate::transcript) fn elements(
        &self,
        raw: &'a RawValue,
        expected: &str,
    ) -> Result<Vec<&'a RawValue>, ParseError> {
        if !raw.get().starts_with('[') {
            let message = format!("expected {expected}, found {}", describe(raw));
            return Err(self.error(self.offset(raw), message));
        }
        serde_json::from_str(raw.get()).map_err(|error| self.value_error(raw, &error))
    }

    /// The members of a JSON object, in source order; `expected` names what it should be.
    pub(in crate::transcript) fn object(
        &self,
        raw: &'a RawValue,
        expected: &str,
    ) -> Result<Object<'a>, ParseError> {
        let at = self.offset(raw);
        if !raw.get().starts_with('{') {
            let message = format!("expected {expected}, found {}", describe(raw));
            return Err(self.error(at, message));
        }
        serde_json::from_str::<Members<'a>>(raw.get())
            .map(|members| Object {
                at,
                members: members.0,
            })
            .map_err(|error| self.value_error(raw, &error))
    }

    /// The object `raw` is, if it is one (`None` for any other value).
    pub(in crate::transcript) fn object_if(&self, raw: Option<&'a RawValue>) -> Option<Object<'a>> {
        raw.filter(|raw| raw.get().starts_with('{'))
            .and_then(|raw| self.object(raw, "an object").ok())
    }

    /// The byte offset of a raw value in the reader's text.
    pub(in crate::transcript) fn offset(&self, raw: &RawValue) -> usize {
        let at = (raw.get().as_ptr() as usize).wrapping_sub(self.text.as_ptr() as usize);
        at.min(self.text.len())
    }

    /// The source offset of a byte offset of the reader's text.
    fn source_offset(&self, offset: usize) -> usize {
        self.layer.map_or(offset, |layer| layer.to_source(offset))
    }

    /// The source line of a byte offset of the reader's text.
    pub(in crate::transcript) fn line(&self, offset: usize) -> usize {
        self.index.line(self.source_offset(offset))
    }

    /// The source line and column of a byte offset of the reader's text.
    fn position(&self, offset: usize) -> (usize, usize) {
        let pos = self.index.position(self.source_offset(offset));
        (pos.line, pos.column)
    }

    /// An error at a byte offset of the reader's text.
    pub(in crate::transcript) fn error(&self, offset: usize, message: String) -> ParseError {
        let (line, column) = self.position(offset);
        ParseError {
            line,
            column,
            message,
        }
    }

    /// A serde_json error met while reading the text that starts at byte `base` of the
    /// reader's text.
    fn syntax_error(&self, base: usize, error: &serde_json::Error) -> ParseError {
        let offset = match self.layer {
            None => self
                .index
                .offset_of_error(base, error.line(), error.column()),
            Some(_) => offset_in(self.text, base, error.line(), error.column()),
        };
        let message = error.to_string();
        // The position serde_json appends is relative to `base`; ours replaces it.
        let message = message
            .rfind(" at line ")
            .map_or(message.as_str(), |at| &message[..at]);
        self.error(offset, format!("invalid JSON: {message}"))
    }

    /// A serde_json error met while reading an already-validated raw value.
    pub(in crate::transcript) fn value_error(
        &self,
        raw: &RawValue,
        error: &serde_json::Error,
    ) -> ParseError {
        self.syntax_error(self.offset(raw), error)
    }
}

/// The byte offset of a serde_json error position (1-based line, byte column) in a parse of the
/// part of `text` that starts at byte `base`.
fn offset_in(text: &str, base: usize, line: usize, column: usize) -> usize {
    let mut start = base;
    for _ in 1..line {
        start = text
            .get(start..)
            .and_then(|rest| rest.find('\n'))
            .map_or(text.len(), |at| start + at + 1);
    }
    let mut offset = (start + column.saturating_sub(1)).min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// A call-info field: a non-empty string (unescaped), or a number as written; anything else
/// (null, an object…) leaves the field unknown (it is still kept in the call's metadata).
pub(in crate::transcript) fn info_text(raw: &RawValue) -> Option<String> {
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
pub(in crate::transcript) fn describe(raw: &RawValue) -> &'static str {
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
