//! iFlytek (讯飞) 录音文件转写: the result of `getResult` (API v2), or its `orderResult` alone.
//!
//! ```json
//! {"code": "000000", "content": {"orderInfo": {"orderId": "…", "status": 4},
//!  "orderResult": "{\"lattice\":[{\"json_1best\":\"{\\\"st\\\":{\\\"bg\\\":\\\"640\\\",…}}\"}]}"}}
//! ```
//!
//! `orderResult` is a JSON string whose text is JSON, and each `lattice[].json_1best` is a JSON
//! string again, whose text is one sentence: `{"st": {"bg": "640", "ed": "3120", "rl": "1",
//! "rt": [{"ws": [{"cw": [{"w": "您好", "wp": "n"}]}, …]}]}}`. Its words (`cw[0].w`, the best
//! candidate) make the turn's text, every character of which is mapped back through both
//! levels of escaping to its line and column in the file. `bg`/`ed` are milliseconds (written
//! as strings); `rl` is the role number of role separation (`roleType`), kept as turn metadata.
//! Either string may also be given already parsed (an object). `lattice2` is read when there
//! is no `lattice`. `orderInfo.orderId` is the call id, `orderInfo` call metadata.

use serde_json::value::RawValue;

use super::{draft_at, is_array, path, push};
use crate::call::{Anchor, Origin, Speaker, Turn};
use crate::transcript::draft::Draft;
use crate::transcript::json::{Object, Reader};
use crate::transcript::ParseError;

/// `orderResult`: at the top, or in `content`.
fn order_result<'a>(reader: &Reader<'a>, object: &Object<'a>) -> Option<&'a RawValue> {
    object
        .get("orderResult")
        .or_else(|| path(reader, object, &["content", "orderResult"]))
        .filter(|raw| raw.get().starts_with(['"', '{']))
}

pub(super) fn matches(reader: &Reader<'_>, object: &Object<'_>) -> bool {
    order_result(reader, object).is_some() || is_array(object.get("lattice"))
}

pub(super) fn read(reader: &Reader<'_>, object: &Object<'_>) -> Result<Vec<Draft>, ParseError> {
    let mut draft = draft_at(reader, object);
    let info = reader
        .object_if(object.get("orderInfo"))
        .or_else(|| reader.object_if(path(reader, object, &["content", "orderInfo"])));
    if let Some(info) = info {
        if let Some(id) = info.get("orderId") {
            draft.call.id = reader.id(id)?;
        }
        let raw = object
            .get("orderInfo")
            .or_else(|| path(reader, object, &["content", "orderInfo"]));
        if let Some(raw) = raw {
            draft
                .call
                .metadata
                .insert("orderInfo".into(), reader.value(raw)?);
        }
    }
    match order_result(reader, object) {
        Some(raw) if raw.get().starts_with('"') => {
            let layer = reader.nested(raw, "orderResult")?;
            let inner = reader.within(&layer);
            let result = inner.object(inner.whole()?, "`orderResult` to hold an object")?;
            lattice(&inner, &result, &mut draft)?;
        }
        Some(raw) => {
            let result = reader.object(raw, "`orderResult` to be an object")?;
            lattice(reader, &result, &mut draft)?;
        }
        None => lattice(reader, object, &mut draft)?,
    }
    Ok(vec![draft])
}

/// Reads the sentences of `lattice` (or `lattice2`).
fn lattice(reader: &Reader<'_>, result: &Object<'_>, draft: &mut Draft) -> Result<(), ParseError> {
    let Some(list) = result.get("lattice").or_else(|| result.get("lattice2")) else {
        let message = "`orderResult` has no `lattice`".to_owned();
        return Err(reader.error(result.at, message));
    };
    for raw in reader.elements(list, "`lattice` to be an array")? {
        let item = reader.object(raw, "a lattice object")?;
        let best = reader.required(&item, "json_1best", "lattice item")?;
        if best.get().starts_with('"') {
            let layer = reader.nested(best, "json_1best")?;
            let inner = reader.within(&layer);
            let sentence = inner.object(inner.whole()?, "`json_1best` to hold an object")?;
            self::sentence(&inner, &sentence, draft)?;
        } else {
            let sentence = reader.object(best, "`json_1best` to be an object")?;
            self::sentence(reader, &sentence, draft)?;
        }
    }
    Ok(())
}

/// Reads one sentence, `{"st": {…}}`.
fn sentence(reader: &Reader<'_>, best: &Object<'_>, draft: &mut Draft) -> Result<(), ParseError> {
    let st = reader.object(
        reader.required(best, "st", "`json_1best`")?,
        "`st` to be an object",
    )?;
    let start = match st.get("bg") {
        Some(raw) => reader.millis(raw, "bg")?,
        None => None,
    };
    let end = match st.get("ed") {
        Some(raw) => reader.millis(raw, "ed")?,
        None => None,
    };
    let role = reader.required(&st, "rl", "sentence `st`")?;
    let Some(who) = reader.who(role, None)? else {
        let message = "`rl` must be a role number".to_owned();
        return Err(reader.error(reader.offset(role), message));
    };
    let (text, origin) = words(reader, &st)?;
    let mut turn = Turn::new(Speaker::Agent, text);
    turn.origin = Some(origin);
    turn.start = start;
    turn.end = end;
    reader.keep(&st, &["rl"], &mut turn.metadata)?;
    push(draft, turn, who, &st, reader)
}

/// The words of `st.rt[].ws[].cw[0].w`, joined, with the anchors of each.
fn words(reader: &Reader<'_>, st: &Object<'_>) -> Result<(String, Origin), ParseError> {
    let mut text = String::new();
    let mut anchors: Vec<Anchor> = Vec::new();
    let mut levels = 1;
    let Some(rt) = st.get("rt") else {
        return Ok((text, Origin::new(vec![])));
    };
    for raw in reader.elements(rt, "`rt` to be an array")? {
        let result = reader.object(raw, "an `rt` object")?;
        let Some(ws) = result.get("ws") else { continue };
        for raw in reader.elements(ws, "`ws` to be an array")? {
            let word = reader.object(raw, "a `ws` object")?;
            let Some(cw) = word.get("cw") else { continue };
            let Some(best) = reader.elements(cw, "`cw` to be an array")?.first().copied() else {
                continue;
            };
            let candidate = reader.object(best, "a `cw` object")?;
            let Some(w) = candidate.get("w") else {
                continue;
            };
            let located = reader.text(w, "w")?;
            if located.text.is_empty() {
                continue;
            }
            levels = levels.max(located.origin.string_levels());
            let shift = text.len();
            anchors.extend(located.origin.anchors().iter().map(|a| Anchor {
                text: a.text + shift,
                ..*a
            }));
            text.push_str(&located.text);
        }
    }
    Ok((text, Origin::new(anchors).with_string_levels(levels)))
}
