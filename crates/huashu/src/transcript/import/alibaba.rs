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
//!
//! The callback of a task submitted without `version` 4.0 is written in snake case instead:
//! `{"task_id": "…", "status_text": "SUCCESS", "result": [{"begin_time": 340, "end_time": 2365,
//! "channel_id": 0, "text": "…", "speech_rate": 177, "emotion_value": 5.0,
//! "silence_duration": 0}]}`; it is read the same way, its fields kept under those names.
//!
//! Checked against: <https://www.alibabacloud.com/help/tc/isi/user-guide/api-reference-2>
//! (录音文件识别 接口说明: `GetTaskResult` output, the `SentenceResult` table and 历史版本说明).
//! `SpeakerId` is not in that table; it appears on diarised results in public client code.

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

/// How a sentence of the snake-case callback (before service version 4.0) is written.
const LEGACY_SENTENCE: Spec = Spec {
    what: "sentence",
    text: "text",
    start: "begin_time",
    end: "end_time",
    speaker: &["speaker_id", "channel_id"],
    role: no_roles,
    extras: &[
        "channel_id",
        "speaker_id",
        "speech_rate",
        "emotion_value",
        "silence_duration",
    ],
};

/// The call-level fields of the snake-case callback kept as metadata.
const LEGACY_CALL_EXTRAS: &[&str] = &[
    "status_text",
    "status_code",
    "biz_duration",
    "request_time",
    "solve_time",
];

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

/// The `result` array of the snake-case callback: sentences with `begin_time` and `channel_id`.
fn legacy_sentences<'a>(reader: &Reader<'a>, object: &Object<'a>) -> Option<&'a RawValue> {
    let result = object.get("result").filter(|raw| is_array(Some(raw)))?;
    let first = reader.elements(result, "").ok()?.first().copied();
    let first = reader.object_if(first)?;
    (first.get("begin_time").is_some() && first.get("channel_id").is_some()).then_some(result)
}

pub(super) fn matches(reader: &Reader<'_>, object: &Object<'_>) -> bool {
    sentences(reader, object).is_some() || legacy_sentences(reader, object).is_some()
}

pub(super) fn read(reader: &Reader<'_>, object: &Object<'_>) -> Result<Vec<Draft>, ParseError> {
    let mut draft = draft_at(reader, object);
    if let Some(sentences) = legacy_sentences(reader, object) {
        if let Some(id) = object.get("task_id") {
            draft.call.id = reader.id(id)?;
        }
        reader.keep(object, LEGACY_CALL_EXTRAS, &mut draft.call.metadata)?;
        for raw in reader.elements(sentences, "`result` to be an array of sentences")? {
            sentence(reader, raw, &LEGACY_SENTENCE, None, &mut draft)?;
        }
        return Ok(vec![draft]);
    }
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
