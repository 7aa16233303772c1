//! Alibaba Cloud 录音文件识别 (Intelligent Speech Interaction, file transcription): the result of
//! `GetTaskResult`.
//!
//! ```json
//! {"TaskId": "…", "StatusText": "SUCCESS", "BizDuration": 13120,
//!  "Result": {"Sentences": [{"ChannelId": 0, "SpeakerId": "1", "BeginTime": 640, "EndTime": 3820,
//!   "Text": "…", "SpeechRate": 190, "EmotionValue": 6.5, "SilenceDuration": 0}]}}
//! ```
//!
//! `BeginTime`/`EndTime` are milliseconds; the speaker is `SpeakerId` when diarisation is on,
//! else `ChannelId` (one per channel of a two-channel recording). `SpeechRate` (characters a
//! minute), `EmotionValue` (1–10), `SilenceDuration` (seconds before the sentence) and the
//! speaker fields are kept as turn metadata; `TaskId` is the call id.

use serde_json::value::RawValue;

use super::{draft_at, is_array, no_roles, path, sentence, Spec};
use crate::transcript::draft::Draft;
use crate::transcript::json::{Object, Reader};
use crate::transcript::ParseError;

/// How a sentence is written.
const SENTENCE: Spec = Spec {
    what: "sentence",
    text: "Text",
    start: "BeginTime",
    end: "EndTime",
    speaker: &["SpeakerId", "ChannelId"],
    role: no_roles,
    extras: &[
        "ChannelId",
        "SpeakerId",
        "SpeechRate",
        "EmotionValue",
        "SilenceDuration",
    ],
};

/// The call-level fields kept as metadata.
const CALL_EXTRAS: &[&str] = &[
    "TaskId",
    "RequestId",
    "StatusText",
    "StatusCode",
    "BizDuration",
    "SolveTime",
];

/// The `Sentences` array: in `Result`, or at the top of a saved `Result`.
fn sentences<'a>(reader: &Reader<'a>, object: &Object<'a>) -> Option<&'a RawValue> {
    path(reader, object, &["Result", "Sentences"])
        .or_else(|| object.get("Sentences"))
        .filter(|raw| is_array(Some(raw)))
}

pub(super) fn matches(reader: &Reader<'_>, object: &Object<'_>) -> bool {
    sentences(reader, object).is_some()
}

pub(super) fn read(reader: &Reader<'_>, object: &Object<'_>) -> Result<Vec<Draft>, ParseError> {
    let mut draft = draft_at(reader, object);
    if let Some(id) = object.get("TaskId") {
        draft.call.id = reader.id(id)?;
    }
    reader.keep(object, CALL_EXTRAS, &mut draft.call.metadata)?;
    let sentences = sentences(reader, object).expect("matched");
    for raw in reader.elements(sentences, "`Sentences` to be an array of sentences")? {
        sentence(reader, raw, &SENTENCE, None, &mut draft)?;
    }
    Ok(vec![draft])
}
