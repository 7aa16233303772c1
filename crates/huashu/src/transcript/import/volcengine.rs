//! Volcengine (火山引擎, ByteDance) 录音文件识别: the result of the big-model `query` (and of the
//! older `auc` API, whose `result` is a list, or sits under `resp`).
//!
//! ```json
//! {"audio_info": {"duration": 61000}, "result": {"text": "…", "utterances": [
//!   {"text": "…", "start_time": 640, "end_time": 3120, "definite": true,
//!    "additions": {"speaker": "1", "emotion": "neutral", "speech_rate": "5.1"}}]}}
//! ```
//!
//! `start_time`/`end_time` are milliseconds; the speaker is `additions.speaker` (speaker
//! separation, `enable_speaker_info`) or `additions.channel_id` (channels split), also read at
//! the top of an utterance. `additions` is kept whole as turn metadata, `audio_info` as call
//! metadata.
//!
//! Checked against: <https://www.volcengine.com/docs/6561/1354868> (大模型录音文件识别标准版:
//! `query` answers `audio_info.duration`, `result.text`, `result.utterances[]` with `text`,
//! `start_time`, `end_time` in milliseconds, `definite`; the request's `enable_speaker_info`
//! and `enable_channel_split`) and <https://www.volcengine.com/docs/6561/120559> (the older
//! API: `result` a list). The documented example has no speaker: `additions.speaker` is where
//! public clients of the speaker-separated result read it; `additions.speaker_id` (what
//! streaming clients report) is read too.

use serde_json::value::RawValue;

use super::{draft_at, is_array, no_roles, path, sentence, Spec};
use crate::transcript::draft::Draft;
use crate::transcript::json::{Object, Reader};
use crate::transcript::ParseError;

/// How an utterance is written (its speaker may also be in `additions`).
const UTTERANCE: Spec = Spec {
    what: "utterance",
    text: "text",
    start: "start_time",
    end: "end_time",
    speaker: &["speaker", "channel_id"],
    role: no_roles,
    extras: &["additions"],
};

/// Where the utterances may be.
fn utterances<'a>(reader: &Reader<'a>, object: &Object<'a>) -> Option<&'a RawValue> {
    let in_list = || {
        let result = object.get("result").filter(|raw| is_array(Some(raw)))?;
        let first = reader.elements(result, "").ok()?.first().copied();
        reader.object_if(first)?.get("utterances")
    };
    path(reader, object, &["result", "utterances"])
        .or_else(|| object.get("utterances"))
        .or_else(|| path(reader, object, &["resp", "utterances"]))
        .or_else(in_list)
        .filter(|raw| is_array(Some(raw)))
}

pub(super) fn matches(reader: &Reader<'_>, object: &Object<'_>) -> bool {
    utterances(reader, object).is_some()
}

pub(super) fn read(reader: &Reader<'_>, object: &Object<'_>) -> Result<Vec<Draft>, ParseError> {
    let mut draft = draft_at(reader, object);
    reader.keep(object, &["audio_info"], &mut draft.call.metadata)?;
    let utterances = utterances(reader, object).expect("matched");
    for raw in reader.elements(utterances, "`utterances` to be an array")? {
        let utterance = reader.object(raw, "an utterance object")?;
        let additions = reader.object_if(utterance.get("additions"));
        let speaker = additions.as_ref().and_then(|a| {
            a.get("speaker")
                .or_else(|| a.get("speaker_id"))
                .or_else(|| a.get("channel_id"))
        });
        let who = match speaker {
            Some(raw) => reader.who(raw, None)?,
            None => None,
        };
        let has_own = UTTERANCE.speaker.iter().any(|f| utterance.get(f).is_some());
        if who.is_none() && !has_own {
            let message =
                "utterance has no speaker (`additions.speaker`, `additions.channel_id`): \
                           transcribe with speaker separation (`enable_speaker_info`) or split \
                           channels, so that agent and customer can be told apart"
                    .to_owned();
            return Err(reader.error(utterance.at, message));
        }
        sentence(reader, raw, &UTTERANCE, who.as_ref(), &mut draft)?;
    }
    Ok(vec![draft])
}
