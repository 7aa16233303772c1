//! Alibaba Cloud 智能对话分析 (Smart Conversation Analysis, SCA) tickets, as uploaded for
//! quality checking (`UploadData`, `UploadDataV4`, real-time `SubmitQualityCheckTask`).
//!
//! ```json
//! {"tickets": [{"tid": "20261120-0057", "dialogue": [
//!   {"role": "客服", "identity": "1017", "words": "…", "begin": 0, "end": 3200,
//!    "beginTime": "2026-11-20 09:30:01"}]}]}
//! ```
//!
//! Each ticket is a call (`tid` its id). `role` is 客服 or 客户 (any label, through the label
//! mapping); `begin`/`end` are milliseconds from the start; `identity`, `beginTime` and the
//! voice extras a dialogue may carry (`emotionValue`, `speechRate`, `silenceDuration`) are kept
//! as turn metadata, the ticket's other scalar fields as call metadata.

use super::{draft_at, is_array, no_roles, sentence, Spec};
use crate::transcript::draft::Draft;
use crate::transcript::json::{Object, Reader};
use crate::transcript::ParseError;

/// How a dialogue line is written.
const DIALOGUE: Spec = Spec {
    what: "dialogue",
    text: "words",
    start: "begin",
    end: "end",
    speaker: &["role"],
    role: no_roles,
    extras: &[
        "identity",
        "beginTime",
        "emotionValue",
        "speechRate",
        "silenceDuration",
        "type",
    ],
};

pub(super) fn matches(_reader: &Reader<'_>, object: &Object<'_>) -> bool {
    is_array(object.get("tickets"))
}

pub(super) fn read(reader: &Reader<'_>, object: &Object<'_>) -> Result<Vec<Draft>, ParseError> {
    let tickets = object.get("tickets").expect("matched");
    let mut drafts = Vec::new();
    for raw in reader.elements(tickets, "`tickets` to be an array of tickets")? {
        let ticket = reader.object(raw, "a ticket object")?;
        let mut draft = draft_at(reader, &ticket);
        let dialogue = reader.required(&ticket, "dialogue", "ticket")?;
        for (key, value) in ticket.members() {
            match key.as_str() {
                "tid" => draft.call.id = reader.id(value)?,
                "dialogue" => {}
                _ if !value.get().starts_with(['{', '[']) => {
                    draft
                        .call
                        .metadata
                        .insert(key.clone(), reader.value(value)?);
                }
                _ => {}
            }
        }
        for line in reader.elements(dialogue, "`dialogue` to be an array")? {
            sentence(reader, line, &DIALOGUE, None, &mut draft)?;
        }
        drafts.push(draft);
    }
    Ok(drafts)
}
