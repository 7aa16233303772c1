//! Platform exports: what speech-recognition services and contact-centre platforms write, read
//! into calls. One file per platform, each written from the platform's documented field names.
//!
//! The JSON exports are told apart by their structure ([`shape`]): each importer says what it
//! looks for, and the first that finds it reads the object. Times are the platform's
//! (milliseconds, mostly) made seconds; speakers are channels, speaker ids or role names, which
//! go through the label mapping like any label (numbers too: `--label 0=customer`) and are
//! otherwise inferred per call; the platform's extras (emotion, speech rate, silence,
//! sentiment) are kept as turn or call metadata under the platform's own names.
//!
//! WebVTT and SRT are line-based, read by [`webvtt`] and [`srt`].

mod alibaba;
mod alibaba_sca;
mod ccai;
mod contact_lens;
mod dashscope;
mod genesys;
mod iflytek;
pub(super) mod srt;
mod subtitles;
mod tencent;
mod volcengine;
pub(super) mod webvtt;

use serde_json::value::RawValue;

use super::draft::{Draft, Who};
use super::json::{Object, Reader};
use super::{ParseError, SourceFormat};
use crate::call::{Call, Speaker, Turn};

/// A platform's JSON export.
struct Importer {
    format: SourceFormat,
    /// What it looks for, for the error about an object nobody reads.
    looks_for: &'static str,
    /// Whether an object is this platform's export.
    matches: fn(&Reader<'_>, &Object<'_>) -> bool,
    /// Reads the calls of an object that [`Importer::matches`].
    read: fn(&Reader<'_>, &Object<'_>) -> Result<Vec<Draft>, ParseError>,
}

/// Every platform's JSON export, in the order they are tried.
const IMPORTERS: &[Importer] = &[
    Importer {
        format: SourceFormat::AlibabaAsr,
        looks_for: "`Result.Sentences` (or a snake-case callback's `result[]`)",
        matches: alibaba::matches,
        read: alibaba::read,
    },
    Importer {
        format: SourceFormat::AlibabaSca,
        looks_for: "`tickets[].dialogue`",
        matches: alibaba_sca::matches,
        read: alibaba_sca::read,
    },
    Importer {
        format: SourceFormat::DashScope,
        looks_for: "`transcripts[].sentences`",
        matches: dashscope::matches,
        read: dashscope::read,
    },
    Importer {
        format: SourceFormat::TencentAsr,
        looks_for: "`ResultDetail` (also under `Data` or `Response.Data`)",
        matches: tencent::matches,
        read: tencent::read,
    },
    Importer {
        format: SourceFormat::Iflytek,
        looks_for: "`orderResult` (also under `content`) or `lattice`",
        matches: iflytek::matches,
        read: iflytek::read,
    },
    Importer {
        format: SourceFormat::Volcengine,
        looks_for: "`result.utterances` (or `utterances`)",
        matches: volcengine::matches,
        read: volcengine::read,
    },
    Importer {
        format: SourceFormat::ContactLens,
        looks_for: "`Transcript` (with `Participants`)",
        matches: contact_lens::matches,
        read: contact_lens::read,
    },
    Importer {
        format: SourceFormat::Genesys,
        looks_for: "`transcripts[].phrases`",
        matches: genesys::matches,
        read: genesys::read,
    },
    Importer {
        format: SourceFormat::CcaiInsights,
        looks_for: "`entries`",
        matches: ccai::matches,
        read: ccai::read,
    },
];

/// The platform whose export `object` is, if any.
pub(super) fn shape(reader: &Reader<'_>, object: &Object<'_>) -> Option<SourceFormat> {
    IMPORTERS
        .iter()
        .find(|importer| (importer.matches)(reader, object))
        .map(|importer| importer.format)
}

/// Reads `object` as `format`'s export; an object that is not says what it lacks.
pub(super) fn read(
    reader: &Reader<'_>,
    format: SourceFormat,
    object: &Object<'_>,
) -> Result<Vec<Draft>, ParseError> {
    let Some(importer) = IMPORTERS.iter().find(|i| i.format == format) else {
        let message = format!("{} is not a JSON export", format.description());
        return Err(reader.error(object.at, message));
    };
    if !(importer.matches)(reader, object) {
        let message = format!(
            "not {} export: it has no {}; found {}",
            format.description(),
            importer.looks_for,
            fields(object)
        );
        return Err(reader.error(object.at, message));
    }
    let mut drafts = (importer.read)(reader, object)?;
    for draft in &mut drafts {
        draft.call.platform = Some(format);
    }
    Ok(drafts)
}

/// The error for an object that is neither huashu's call nor any platform's export: the
/// formats huashu reads, what it looked for, and what it found.
pub(super) fn unknown_shape(object: &Object<'_>) -> String {
    let looked: Vec<&str> = IMPORTERS.iter().map(|i| i.format.description()).collect();
    format!(
        "call object has no `turns` array, and is no platform export huashu reads: it looked \
         for `turns` (huashu's own calls) and for the exports of {}; found {}",
        looked.join(", "),
        fields(object)
    )
}

/// The fields of an object, for messages.
fn fields(object: &Object<'_>) -> String {
    let names: Vec<String> = object
        .members()
        .iter()
        .take(12)
        .map(|(key, _)| format!("`{key}`"))
        .collect();
    match names.len() {
        0 => "an empty object".to_owned(),
        _ => format!("fields {}", names.join(", ")),
    }
}

/// The member at `path` of nested objects (`["Result", "Sentences"]`).
fn path<'a>(reader: &Reader<'a>, object: &Object<'a>, path: &[&str]) -> Option<&'a RawValue> {
    let (last, parents) = path.split_last()?;
    let mut current: Option<Object<'a>> = None;
    for key in parents {
        let raw = match &current {
            None => object.get(key),
            Some(o) => o.get(key),
        };
        current = Some(reader.object_if(raw)?);
    }
    match &current {
        None => object.get(last),
        Some(o) => o.get(last),
    }
}

/// Whether a value is an array.
fn is_array(raw: Option<&RawValue>) -> bool {
    raw.is_some_and(|raw| raw.get().starts_with('['))
}

/// Whether the first element of the array `list` of `object` is an object whose `field` is an
/// array (`transcripts[0].sentences`): how exports that share a top-level name are told apart.
fn first_has_array(reader: &Reader<'_>, object: &Object<'_>, list: &str, field: &str) -> bool {
    let Some(elements) = object.get(list).filter(|raw| is_array(Some(raw))) else {
        return false;
    };
    let first = reader
        .elements(elements, "")
        .ok()
        .and_then(|all| all.first().copied());
    reader
        .object_if(first)
        .is_some_and(|element| is_array(element.get(field)))
}

/// A draft for a call whose object starts at `object`.
fn draft_at(reader: &Reader<'_>, object: &Object<'_>) -> Draft {
    Draft {
        call: Call {
            line: Some(reader.line(object.at)),
            ..Call::default()
        },
        ..Draft::default()
    }
}

/// How one sentence (utterance, phrase…) of a platform is written.
struct Spec {
    /// What the platform calls it, for errors.
    what: &'static str,
    /// The field of the words.
    text: &'static str,
    /// The fields of the start and end, in milliseconds.
    start: &'static str,
    end: &'static str,
    /// The fields that name the speaker, the first present winning.
    speaker: &'static [&'static str],
    /// What the platform's own role names mean (`AGENT`, `internal`…).
    role: fn(&str) -> Option<Speaker>,
    /// The extras kept as turn metadata.
    extras: &'static [&'static str],
}

/// No role names of its own: speakers are ids.
fn no_roles(_: &str) -> Option<Speaker> {
    None
}

/// Reads one sentence as `spec` says into `draft`; `speaker` is who speaks when the sentence
/// does not say (a channel's transcript).
fn sentence(
    reader: &Reader<'_>,
    raw: &RawValue,
    spec: &Spec,
    speaker: Option<&Who>,
    draft: &mut Draft,
) -> Result<(), ParseError> {
    let object = reader.object(raw, &format!("a {} object", spec.what))?;
    let text = reader.required(&object, spec.text, spec.what)?;
    let located = reader.text(text, spec.text)?;
    let start = match object.get(spec.start) {
        Some(raw) => reader.millis(raw, spec.start)?,
        None => None,
    };
    let end = match object.get(spec.end) {
        Some(raw) => reader.millis(raw, spec.end)?,
        None => None,
    };
    let mut who = None;
    for field in spec.speaker {
        if let Some(raw) = object.get(field) {
            who = reader.who(raw, None)?;
            if who.is_some() {
                break;
            }
        }
    }
    let who = match (who, speaker) {
        (Some(who), _) => with_role(who, spec.role),
        (None, Some(who)) => who.clone(),
        (None, None) => {
            let fields: Vec<String> = spec.speaker.iter().map(|f| format!("`{f}`")).collect();
            let message = format!("{} has no speaker ({})", spec.what, fields.join(", "));
            return Err(reader.error(object.at, message));
        }
    };
    let mut turn = Turn::new(Speaker::Agent, located.text);
    turn.origin = Some(located.origin);
    turn.start = start;
    turn.end = end;
    reader.keep(&object, spec.extras, &mut turn.metadata)?;
    push(draft, turn, who, &object, reader)
}

/// A label with the platform's meaning of its role names as its fallback.
fn with_role(who: Who, role: fn(&str) -> Option<Speaker>) -> Who {
    match who {
        Who::Label {
            label,
            fallback,
            line,
            column,
        } => Who::Label {
            fallback: fallback.or_else(|| role(&label)),
            label,
            line,
            column,
        },
        known => known,
    }
}

/// Adds a turn to a draft; a turn that ends before it starts is an error at its object.
fn push(
    draft: &mut Draft,
    turn: Turn,
    who: Who,
    object: &Object<'_>,
    reader: &Reader<'_>,
) -> Result<(), ParseError> {
    if let (Some(start), Some(end)) = (turn.start, turn.end) {
        if end < start {
            let message = format!("this ends ({end} s) before it starts ({start} s)");
            return Err(reader.error(object.at, message));
        }
    }
    draft.push(turn, who);
    Ok(())
}
