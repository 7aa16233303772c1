//! Google Contact Center AI Insights (Conversational Insights): a conversation transcript as
//! uploaded for analysis.
//!
//! ```json
//! {"conversation_info": {"categories": [{"display_name": "…"}]},
//!  "entries": [{"start_timestamp_usec": 1763602201000000, "text": "…", "role": "AGENT", "user_id": 2}]}
//! ```
//!
//! `start_timestamp_usec` is microseconds since the Unix epoch: turns start at their distance
//! from the first entry, and have no end (a warning says so: silences are measured from the
//! previous turn's start). The speaker is `role` (`AGENT`, `AUTOMATED_AGENT`, `CUSTOMER`,
//! `END_USER`, through the label mapping), else `user_id`. `role` and `user_id` are kept as turn
//! metadata, `conversation_info` as call metadata.

use super::{draft_at, is_array, push};
use crate::call::{Speaker, Turn};
use crate::transcript::draft::Draft;
use crate::transcript::json::{Object, Reader};
use crate::transcript::ParseError;

/// What a role means.
fn role(name: &str) -> Option<Speaker> {
    match name.to_ascii_uppercase().as_str() {
        "AGENT" | "HUMAN_AGENT" | "AUTOMATED_AGENT" => Some(Speaker::Agent),
        "CUSTOMER" | "END_USER" => Some(Speaker::Customer),
        _ => None,
    }
}

pub(super) fn matches(reader: &Reader<'_>, object: &Object<'_>) -> bool {
    let Some(entries) = object.get("entries").filter(|raw| is_array(Some(raw))) else {
        return false;
    };
    let first = reader
        .elements(entries, "")
        .ok()
        .and_then(|all| all.first().copied());
    reader.object_if(first).is_some_and(|entry| {
        entry.get("text").is_some()
            && (entry.get("role").is_some() || entry.get("user_id").is_some())
    })
}

pub(super) fn read(reader: &Reader<'_>, object: &Object<'_>) -> Result<Vec<Draft>, ParseError> {
    let mut draft = draft_at(reader, object);
    reader.keep(object, &["conversation_info"], &mut draft.call.metadata)?;
    let entries = object.get("entries").expect("matched");
    let mut read = Vec::new();
    for raw in reader.elements(entries, "`entries` to be an array")? {
        let entry = reader.object(raw, "an entry object")?;
        let located = reader.text(reader.required(&entry, "text", "entry")?, "text")?;
        let usec = match entry.get("start_timestamp_usec") {
            Some(raw) => reader.number(raw, "start_timestamp_usec")?,
            None => None,
        };
        let speaker = entry.get("role").or_else(|| entry.get("user_id"));
        let who = match speaker {
            Some(raw) => reader.who(raw, None)?,
            None => None,
        };
        let Some(who) = who else {
            let message = "entry has no speaker (`role`, `user_id`)".to_owned();
            return Err(reader.error(entry.at, message));
        };
        let who = super::with_role(who, role);
        let mut turn = Turn::new(Speaker::Agent, located.text);
        turn.origin = Some(located.origin);
        reader.keep(&entry, &["role", "user_id"], &mut turn.metadata)?;
        read.push((turn, who, usec, entry));
    }
    let first = read
        .iter()
        .filter_map(|(_, _, usec, _)| *usec)
        .fold(f64::INFINITY, f64::min);
    for (mut turn, who, usec, entry) in read {
        turn.start = usec.map(|usec| (usec - first) / 1_000_000.0);
        push(&mut draft, turn, who, &entry, reader)?;
    }
    Ok(vec![draft])
}
