//! Alibaba Cloud DashScope (百炼) Paraformer and Fun-ASR file transcription: the JSON that a
//! task's `transcription_url` points at.
//!
//! ```json
//! {"file_url": "…", "properties": {"channels": [0, 1], "original_duration_in_milliseconds": 61000},
//!  "transcripts": [{"channel_id": 0, "content_duration_in_milliseconds": 20000, "text": "…",
//!   "sentences": [{"begin_time": 760, "end_time": 3240, "text": "…", "sentence_id": 1,
//!    "speaker_id": 0, "words": […]}]}]}
//! ```
//!
//! One transcript per channel; their sentences make one call, ordered by `begin_time`
//! (milliseconds). The speaker is `speaker_id` when diarisation is on, else the transcript's
//! `channel_id`. `channel_id`, `speaker_id` and `sentence_id` are kept as turn metadata,
//! `file_url` and `properties` as call metadata.
//!
//! Checked against: <https://help.aliyun.com/zh/model-studio/developer-reference/paraformer-api>
//! (录音文件识别 result example: top level `file_url`, `properties`, `transcripts`; per transcript
//! `channel_id`, `content_duration_in_milliseconds`, `text`, `sentences`; per sentence
//! `begin_time`, `end_time`, `text`, `sentence_id`, and `speaker_id` when diarisation is on).

use super::{draft_at, first_has_array, no_roles, sentence, Spec};
use crate::transcript::draft::Draft;
use crate::transcript::json::{Object, Reader};
use crate::transcript::ParseError;

/// How a sentence is written.
const SENTENCE: Spec = Spec {
    what: "sentence",
    text: "text",
    start: "begin_time",
    end: "end_time",
    speaker: &["speaker_id"],
    role: no_roles,
    extras: &["speaker_id", "sentence_id"],
};

/// The first transcript of `object`, if it has sentences.
pub(super) fn matches(reader: &Reader<'_>, object: &Object<'_>) -> bool {
    first_has_array(reader, object, "transcripts", "sentences")
}

pub(super) fn read(reader: &Reader<'_>, object: &Object<'_>) -> Result<Vec<Draft>, ParseError> {
    let mut draft = draft_at(reader, object);
    reader.keep(
        object,
        &["file_url", "properties"],
        &mut draft.call.metadata,
    )?;
    let transcripts = object.get("transcripts").expect("matched");
    for raw in reader.elements(transcripts, "`transcripts` to be an array")? {
        let transcript = reader.object(raw, "a transcript object")?;
        let channel = match transcript.get("channel_id") {
            Some(raw) => reader.who(raw, None)?,
            None => None,
        };
        let sentences = reader.required(&transcript, "sentences", "transcript")?;
        for raw in reader.elements(sentences, "`sentences` to be an array")? {
            let before = draft.call.turns.len();
            sentence(reader, raw, &SENTENCE, channel.as_ref(), &mut draft)?;
            if let (Some(turn), Some(id)) = (
                draft.call.turns.get_mut(before),
                transcript.get("channel_id"),
            ) {
                turn.metadata.insert("channel_id".into(), reader.value(id)?);
            }
        }
    }
    draft.sort_by_start();
    Ok(vec![draft])
}
