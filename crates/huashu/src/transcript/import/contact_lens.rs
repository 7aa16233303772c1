//! Amazon Connect Contact Lens: the analysis output file of a voice contact.
//!
//! ```json
//! {"Version": "1.1.0", "Channel": "VOICE", "LanguageCode": "zh-CN",
//!  "Participants": [{"ParticipantId": "AGENT", "ParticipantRole": "AGENT"}, …],
//!  "CustomerMetadata": {"ContactId": "…"}, "ConversationCharacteristics": {…},
//!  "Transcript": [{"Id": "…", "ParticipantId": "AGENT", "Content": "…",
//!   "BeginOffsetMillis": 120, "EndOffsetMillis": 3400, "Sentiment": "NEUTRAL"}]}
//! ```
//!
//! `BeginOffsetMillis`/`EndOffsetMillis` are milliseconds from the start of the contact. The
//! speaker is `ParticipantId` (through the label mapping: `AGENT` and `CUSTOMER` are known),
//! else its `ParticipantRole` from `Participants`. `Sentiment`, `ParticipantId` and `Id` are
//! kept as turn metadata; `CustomerMetadata.ContactId` is the call id, and
//! `ConversationCharacteristics` (overall sentiment, talk speed, non-talk time, interruptions),
//! `Categories`, `CustomerMetadata`, `Channel` and `LanguageCode` are call metadata.

use super::{draft_at, is_array, path, sentence, Spec};
use crate::call::Speaker;
use crate::transcript::draft::{Draft, Who};
use crate::transcript::json::{Object, Reader};
use crate::transcript::ParseError;

/// How a transcript item is written.
const ITEM: Spec = Spec {
    what: "transcript item",
    text: "Content",
    start: "BeginOffsetMillis",
    end: "EndOffsetMillis",
    speaker: &["ParticipantId"],
    role,
    extras: &["ParticipantId", "Sentiment", "Id"],
};

/// The call-level fields kept as metadata.
const CALL_EXTRAS: &[&str] = &[
    "Channel",
    "LanguageCode",
    "JobStatus",
    "CustomerMetadata",
    "ConversationCharacteristics",
    "Categories",
];

/// What a participant role means: the agent's side (a supervisor, the contact flow's system
/// prompts and bots speak for the company) or the customer.
fn role(name: &str) -> Option<Speaker> {
    match name.to_ascii_uppercase().as_str() {
        "AGENT" | "SUPERVISOR" | "SYSTEM" | "CUSTOM_BOT" => Some(Speaker::Agent),
        "CUSTOMER" => Some(Speaker::Customer),
        _ => None,
    }
}

pub(super) fn matches(_reader: &Reader<'_>, object: &Object<'_>) -> bool {
    is_array(object.get("Transcript"))
}

pub(super) fn read(reader: &Reader<'_>, object: &Object<'_>) -> Result<Vec<Draft>, ParseError> {
    let mut draft = draft_at(reader, object);
    if let Some(id) = path(reader, object, &["CustomerMetadata", "ContactId"]) {
        draft.call.id = reader.id(id)?;
    }
    reader.keep(object, CALL_EXTRAS, &mut draft.call.metadata)?;
    // Each participant's role, by id.
    let mut roles: Vec<(String, Option<Speaker>)> = Vec::new();
    if let Some(participants) = object.get("Participants") {
        for raw in reader.elements(participants, "`Participants` to be an array")? {
            let participant = reader.object(raw, "a participant object")?;
            let id = participant
                .get("ParticipantId")
                .map(|raw| reader.label(raw))
                .transpose()?
                .flatten();
            let named = participant
                .get("ParticipantRole")
                .map(|raw| reader.label(raw))
                .transpose()?
                .flatten();
            if let (Some(id), Some(named)) = (id, named) {
                let speaker = reader.options.labels.get(&named).or_else(|| role(&named));
                roles.push((id, speaker));
            }
        }
    }
    let transcript = object.get("Transcript").expect("matched");
    for raw in reader.elements(transcript, "`Transcript` to be an array")? {
        sentence(reader, raw, &ITEM, None, &mut draft)?;
        if let Some(Who::Label {
            label, fallback, ..
        }) = draft.last_label_mut()
        {
            if let Some((_, speaker)) = roles.iter().find(|(id, _)| id == label) {
                *fallback = speaker.or(*fallback);
            }
        }
    }
    Ok(vec![draft])
}
