//! Genesys Cloud speech and text analytics: the transcript a conversation's `transcriptUrl`
//! points at (`GET /api/v2/speechandtextanalytics/conversations/{id}/communications/{id}/transcripturl`).
//!
//! ```json
//! {"conversationId": "…", "communicationId": "…", "mediaType": "call",
//!  "transcripts": [{"transcriptId": "…", "language": "zh-cn", "startTime": 1763602201000,
//!   "phrases": [{"text": "…", "startTimeMs": 1763602201640, "duration": {"milliseconds": 2480},
//!    "participantPurpose": "internal", "confidence": 0.92}],
//!   "analytics": {"sentiment": [{"phraseIndex": 2, "sentiment": -0.6}]}}]}
//! ```
//!
//! `startTimeMs` is milliseconds since the Unix epoch (turns start at their distance from the
//! call's `startTime`, or the earliest phrase; small values are taken as offsets already), `duration.milliseconds` the
//! length. The speaker is `participantPurpose`: `internal` (agent, IVR, ACD) is the agent,
//! `external` the customer, through the label mapping (`--label internal=…`). The phrases of
//! every transcript make one call, by start. `participantPurpose` and `confidence` are kept as
//! turn metadata, with the phrase's `sentiment` from `analytics.sentiment`; `conversationId` is
//! the call id, `communicationId`, `recordingId` and `mediaType` call metadata.
//!
//! Checked against: <https://developer.genesys.cloud/analyticsdatamanagement/speechtextanalytics/transcript-url>
//! (transcript schema: `transcripts[].phrases[]` with `text`, `participantPurpose`,
//! `startTimeMs`, `duration`, `confidence`; `transcripts[].analytics.sentiment[]` with
//! `phraseIndex`, `sentiment`) and the Genesys developer forum (`startTimeMs` is epoch
//! milliseconds). The schema gives `duration` as an object without naming its member:
//! `milliseconds` is unconfirmed, so a plain number is read too.

use serde_json::value::RawValue;

use super::{draft_at, first_has_array, is_array, path, push};
use crate::call::{Speaker, Turn};
use crate::transcript::draft::Draft;
use crate::transcript::json::{Object, Reader};
use crate::transcript::ParseError;

/// Epoch milliseconds below this (1973) are offsets from the start, not clock times.
const EPOCH_MS: f64 = 1e11;

/// What a participant purpose means.
fn role(name: &str) -> Option<Speaker> {
    match name.to_ascii_lowercase().as_str() {
        "internal" | "agent" | "acd" | "ivr" | "user" | "workflow" => Some(Speaker::Agent),
        "external" | "customer" => Some(Speaker::Customer),
        _ => None,
    }
}

pub(super) fn matches(reader: &Reader<'_>, object: &Object<'_>) -> bool {
    first_has_array(reader, object, "transcripts", "phrases")
}

/// A phrase read, before its start is made relative.
struct Phrase<'a> {
    turn: Turn,
    who: crate::transcript::draft::Who,
    start: Option<f64>,
    length: Option<f64>,
    object: Object<'a>,
}

pub(super) fn read(reader: &Reader<'_>, object: &Object<'_>) -> Result<Vec<Draft>, ParseError> {
    let mut draft = draft_at(reader, object);
    if let Some(id) = object.get("conversationId") {
        draft.call.id = reader.id(id)?;
    }
    let extras = [
        "communicationId",
        "recordingId",
        "mediaType",
        "conversationStartTime",
    ];
    reader.keep(object, &extras, &mut draft.call.metadata)?;
    let mut phrases: Vec<Phrase<'_>> = Vec::new();
    // The call starts at the earliest of its `startTime`s and its phrases.
    let mut earliest = f64::INFINITY;
    if let Some(raw) = object
        .get("startTime")
        .filter(|raw| !raw.get().starts_with('"'))
    {
        earliest = earliest.min(reader.number(raw, "startTime")?.unwrap_or(f64::INFINITY));
    }
    let transcripts = object.get("transcripts").expect("matched");
    for raw in reader.elements(transcripts, "`transcripts` to be an array")? {
        let transcript = reader.object(raw, "a transcript object")?;
        if let Some(raw) = transcript
            .get("startTime")
            .filter(|raw| !raw.get().starts_with('"'))
        {
            earliest = earliest.min(reader.number(raw, "startTime")?.unwrap_or(f64::INFINITY));
        }
        let first = phrases.len();
        let list = reader.required(&transcript, "phrases", "transcript")?;
        for raw in reader.elements(list, "`phrases` to be an array")? {
            phrases.push(phrase(reader, raw)?);
        }
        sentiments(reader, &transcript, &mut phrases[first..])?;
    }
    let earliest = phrases
        .iter()
        .filter_map(|p| p.start)
        .fold(earliest, f64::min);
    let base = if earliest >= EPOCH_MS { earliest } else { 0.0 };
    for p in phrases {
        let mut turn = p.turn;
        turn.start = p.start.map(|ms| (ms - base) / 1000.0);
        turn.end = match (turn.start, p.length) {
            (Some(start), Some(ms)) => Some(start + ms / 1000.0),
            _ => None,
        };
        push(&mut draft, turn, p.who, &p.object, reader)?;
    }
    draft.sort_by_start();
    Ok(vec![draft])
}

/// Reads one phrase.
fn phrase<'a>(reader: &Reader<'a>, raw: &'a RawValue) -> Result<Phrase<'a>, ParseError> {
    let object = reader.object(raw, "a phrase object")?;
    let located = reader.text(reader.required(&object, "text", "phrase")?, "text")?;
    let start = match object.get("startTimeMs") {
        Some(raw) => reader.number(raw, "startTimeMs")?,
        None => None,
    };
    let length = match path(reader, &object, &["duration", "milliseconds"]).or_else(|| {
        object
            .get("duration")
            .filter(|raw| !raw.get().starts_with('{'))
    }) {
        Some(raw) => reader.number(raw, "duration.milliseconds")?,
        None => None,
    };
    let purpose = reader.required(&object, "participantPurpose", "phrase")?;
    let Some(who) = reader.who(purpose, None)? else {
        let message = "phrase `participantPurpose` must be a string".to_owned();
        return Err(reader.error(reader.offset(purpose), message));
    };
    let who = super::with_role(who, role);
    let mut turn = Turn::new(Speaker::Agent, located.text);
    turn.origin = Some(located.origin);
    reader.keep(
        &object,
        &["participantPurpose", "confidence"],
        &mut turn.metadata,
    )?;
    Ok(Phrase {
        turn,
        who,
        start,
        length,
        object,
    })
}

/// Puts `analytics.sentiment[]` (`phraseIndex`, `sentiment`) on the phrases of a transcript.
fn sentiments(
    reader: &Reader<'_>,
    transcript: &Object<'_>,
    phrases: &mut [Phrase<'_>],
) -> Result<(), ParseError> {
    let Some(list) =
        path(reader, transcript, &["analytics", "sentiment"]).filter(|raw| is_array(Some(raw)))
    else {
        return Ok(());
    };
    for raw in reader.elements(list, "`sentiment` to be an array")? {
        let Some(entry) = reader.object_if(Some(raw)) else {
            continue;
        };
        let index = match entry.get("phraseIndex") {
            Some(raw) => reader.number(raw, "phraseIndex")?,
            None => None,
        };
        let (Some(index), Some(value)) = (index, entry.get("sentiment")) else {
            continue;
        };
        if let Some(phrase) = phrases.get_mut(index as usize) {
            phrase
                .turn
                .metadata
                .insert("sentiment".into(), reader.value(value)?);
        }
    }
    Ok(())
}
