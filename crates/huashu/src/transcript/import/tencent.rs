//! Tencent Cloud ASR 录音文件识别 (`CreateRecTask` with `ResTextFormat` ≥ 2): the result of
//! `DescribeTaskStatus`.
//!
//! ```json
//! {"Response": {"Data": {"TaskId": 10000, "Status": 2, "AudioDuration": 12.3,
//!   "ResultDetail": [{"FinalSentence": "…", "StartMs": 0, "EndMs": 2400, "SpeakerId": 0,
//!    "SpeechSpeed": 5.2, "SilenceTime": 0, "EmotionType": ["neutral"], "EmotionalEnergy": 4.1}]}}}
//! ```
//!
//! `ResultDetail` may sit at the top, under `Data` or under `Response.Data`. `StartMs`/`EndMs`
//! are milliseconds; the speaker is `SpeakerId` (the speaker with diarisation, the channel with
//! two channels). `SpeakerId`, `SpeechSpeed`, `SilenceTime`, `EmotionType` and
//! `EmotionalEnergy` are kept as turn metadata; `TaskId` is the call id.

use serde_json::value::RawValue;

use super::{draft_at, is_array, no_roles, path, sentence, Spec};
use crate::transcript::draft::Draft;
use crate::transcript::json::{Object, Reader};
use crate::transcript::ParseError;

/// How a sentence is written.
const SENTENCE: Spec = Spec {
    what: "sentence",
    text: "FinalSentence",
    start: "StartMs",
    end: "EndMs",
    speaker: &["SpeakerId"],
    role: no_roles,
    extras: &[
        "SpeakerId",
        "SpeechSpeed",
        "SilenceTime",
        "EmotionType",
        "EmotionalEnergy",
    ],
};

/// Where `ResultDetail` may be.
const PLACES: &[&[&str]] = &[
    &["ResultDetail"],
    &["Data", "ResultDetail"],
    &["Response", "Data", "ResultDetail"],
];

/// The `ResultDetail` array and the object holding it.
fn detail<'a>(reader: &Reader<'a>, object: &Object<'a>) -> Option<(&'a RawValue, usize)> {
    PLACES.iter().enumerate().find_map(|(depth, place)| {
        path(reader, object, place)
            .filter(|raw| is_array(Some(raw)))
            .map(|raw| (raw, depth))
    })
}

pub(super) fn matches(reader: &Reader<'_>, object: &Object<'_>) -> bool {
    detail(reader, object).is_some()
}

pub(super) fn read(reader: &Reader<'_>, object: &Object<'_>) -> Result<Vec<Draft>, ParseError> {
    let mut draft = draft_at(reader, object);
    let (detail, depth) = detail(reader, object).expect("matched");
    // The object that holds `ResultDetail` has the task's fields.
    let holder = match depth {
        0 => None,
        _ => reader.object_if(path(
            reader,
            object,
            &PLACES[depth][..PLACES[depth].len() - 1],
        )),
    };
    let task = holder.as_ref().unwrap_or(object);
    if let Some(id) = task.get("TaskId") {
        draft.call.id = reader.id(id)?;
    }
    reader.keep(
        task,
        &["TaskId", "AudioDuration", "StatusStr"],
        &mut draft.call.metadata,
    )?;
    for raw in reader.elements(detail, "`ResultDetail` to be an array")? {
        sentence(reader, raw, &SENTENCE, None, &mut draft)?;
    }
    Ok(vec![draft])
}
