//! Subtitles (WebVTT and SRT): cues of timed text, a speaker named by a `<v 客服>` voice or a
//! label at the start of the text (`客服:`).
//!
//! Every cue is a turn (a cue whose lines have several voices, one turn per voice). A cue that
//! names no speaker continues the previous cue's speaker (subtitles split long utterances); the
//! first cue must name one. Markup (`<i>`, `<c.loud>`, `</v>`, `<00:01.500>`) is left out of the
//! text and `&amp;`-style entities decoded, every character keeping its line and column. A
//! block that is not a cue (no `-->` line), or a timing line that cannot be read, is an error
//! at its line.

use std::collections::HashMap;

use crate::call::{Anchor, Call, Origin, Speaker, Turn};
use crate::transcript::draft::{self, Draft, Who};
use crate::transcript::text::{lines, split_label, Line};
use crate::transcript::time::{self, Stamp};
use crate::transcript::{Labels, ParseError, ParseOptions, Parsed, TimeUnit};

/// Which subtitles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Flavour {
    WebVtt,
    Srt,
}

/// A cue: its timing line, times, and text lines.
struct Cue<'a> {
    times: (f64, f64),
    text: Vec<Line<'a>>,
}

/// Parses subtitles into one call.
pub(super) fn parse(source: &str, options: &ParseOptions, flavour: Flavour) -> Parsed {
    let mut parsed = Parsed::default();
    let all: Vec<Line<'_>> = lines(source).collect();
    let mut blocks = all
        .split(|line| line.text.trim().is_empty())
        .filter(|b| !b.is_empty());
    if flavour == Flavour::WebVtt {
        // The header block: `WEBVTT` and header lines.
        match blocks.next() {
            Some(header) if header[0].text.trim_start().starts_with("WEBVTT") => {}
            Some(header) => {
                let message = "not WebVTT: the first line must be `WEBVTT`".to_owned();
                parsed.errors.push(header[0].error(0, message));
                return parsed;
            }
            None => return parsed,
        }
    }
    let mut cues = Vec::new();
    for block in blocks {
        if let Some(cue) = cue(block, flavour, &mut parsed.errors) {
            cues.push(cue);
        }
    }
    if let Some(draft) = call(&cues, options, &mut parsed.errors) {
        draft::finish(draft, options, &mut parsed);
    }
    parsed
}

/// Reads one block as a cue; a block that is neither a cue nor a WebVTT note, style or region
/// is an error.
fn cue<'a>(block: &[Line<'a>], flavour: Flavour, errors: &mut Vec<ParseError>) -> Option<Cue<'a>> {
    let first = block[0].text.trim_start();
    let skipped = ["NOTE", "STYLE", "REGION"];
    if flavour == Flavour::WebVtt && skipped.iter().any(|word| first.starts_with(word)) {
        return None;
    }
    let Some(timing) = block.iter().position(|line| line.text.contains("-->")) else {
        let message =
            "a subtitle block without a `START --> END` timing line: not a cue".to_owned();
        errors.push(block[0].error(0, message));
        return None;
    };
    let line = &block[timing];
    let (start, rest) = line.text.split_once("-->")?;
    let end = rest.split_whitespace().next().unwrap_or_default();
    let times = match time::parse_stamp(&format!("{}-->{end}", start.trim()), TimeUnit::Seconds) {
        Ok((Stamp::Range(start, end), _)) => (start, end),
        _ => {
            let message = format!(
                "invalid cue timing `{}`: expected `HH:MM:SS.mmm --> HH:MM:SS.mmm` (`,` before \
                 the milliseconds in SRT)",
                line.text.trim()
            );
            errors.push(line.error(0, message));
            return None;
        }
    };
    let text = block[timing + 1..].to_vec();
    Some(Cue { times, text })
}

/// The speaker a payload line names, and the byte where its text starts: a `<v Name>` voice,
/// or a label before a colon that names a speaker (known, looking like one, or starting more
/// than one cue).
fn speaker<'a>(
    line: &Line<'a>,
    labels: &Labels,
    repeated: &HashMap<String, usize>,
) -> Option<(&'a str, usize, usize)> {
    let text = line.text;
    let lead = text.len() - text.trim_start().len();
    if let Some(rest) = text[lead..].strip_prefix("<v") {
        if rest.starts_with([' ', '.', '\t']) {
            let close = rest.find('>')?;
            let inside = &rest[..close];
            // `<v.loud 客服>`: classes come before the first space.
            let name_at = inside.find([' ', '\t'])? + 1;
            let name = inside[name_at..].trim();
            let name_byte = lead
                + 2
                + name_at
                + (inside[name_at..].len() - inside[name_at..].trim_start().len());
            return (!name.is_empty()).then_some((name, name_byte, lead + 2 + close + 1));
        }
    }
    let (label, after) = split_label(&text[lead..])?;
    let known = labels.get(label).is_some()
        || Labels::looks_like_speaker(label)
        || repeated.get(label).is_some_and(|&n| n >= 2);
    known.then(|| (label, lead, text.len() - after.len()))
}

/// Builds the call of the cues.
fn call(cues: &[Cue<'_>], options: &ParseOptions, errors: &mut Vec<ParseError>) -> Option<Draft> {
    let labels = &options.labels;
    let mut repeated: HashMap<String, usize> = HashMap::new();
    for cue in cues {
        if let Some((label, _)) = cue
            .text
            .first()
            .and_then(|l| split_label(l.text.trim_start()))
        {
            *repeated.entry(label.to_owned()).or_default() += 1;
        }
    }
    let mut draft = Draft {
        call: Call {
            line: cues.first().and_then(|c| c.text.first()).map(|l| l.number),
            ..Call::default()
        },
        ..Draft::default()
    };
    let mut last: Option<Who> = None;
    for cue in cues {
        let mut open = false;
        for (i, line) in cue.text.iter().enumerate() {
            let named = speaker(line, labels, &repeated);
            let at = match named {
                Some((name, name_at, text_at)) => {
                    last = Some(Who::label(name, line.number, line.column(name_at)));
                    open = false;
                    text_at
                }
                None => line.text.len() - line.text.trim_start().len(),
            };
            let (text, anchors) = strip(line, at);
            if open && named.is_none() && i > 0 {
                // Another line of the same voice.
                if let Some(turn) = draft.call.turns.last_mut() {
                    join(turn, text, anchors);
                }
                continue;
            }
            let Some(who) = last.clone() else {
                let message = "the first cue names no speaker: expected a `<v 客服>` voice or a \
                               label such as `客服:` at the start of its text"
                    .to_owned();
                errors.push(line.error(0, message));
                return None;
            };
            let mut turn = Turn::new(Speaker::Agent, text).with_times(cue.times.0, cue.times.1);
            turn.origin = Some(Origin::new(anchors));
            draft.push(turn, who);
            open = true;
        }
    }
    (!draft.call.turns.is_empty()).then_some(draft)
}

/// Appends another line of a cue to its turn, joined with a newline.
fn join(turn: &mut Turn, text: String, anchors: Vec<Anchor>) {
    if text.is_empty() {
        return;
    }
    let shift = if turn.text.is_empty() {
        0
    } else {
        turn.text.push('\n');
        turn.text.len()
    };
    turn.text.push_str(&text);
    let origin = turn.origin.get_or_insert_with(Origin::default);
    for anchor in anchors {
        origin.push(Anchor {
            text: anchor.text + shift,
            ..anchor
        });
    }
}

/// The text of `line` from byte `from`, trimmed, without markup (`<i>`, `</v>`, `<c.x>`,
/// timestamps) and with entities decoded; an anchor starts every stretch that follows markup
/// or an entity.
fn strip(line: &Line<'_>, from: usize) -> (String, Vec<Anchor>) {
    let body = line.text[from..].trim_end();
    let mut text = String::with_capacity(body.len());
    let mut anchors = Vec::new();
    let mut at = 0;
    let mut fresh = true;
    while let Some(c) = body[at..].chars().next() {
        if c == '<' {
            if let Some(close) = body[at..].find('>') {
                at += close + 1;
                fresh = true;
                continue;
            }
        }
        let (decoded, len) = match c {
            '&' => entity(&body[at..]).unwrap_or((c, 1)),
            _ => (c, c.len_utf8()),
        };
        // Spaces before the words (`<v 客服> 您好`) are not the turn's.
        if text.is_empty() && decoded.is_whitespace() {
            at += len;
            fresh = true;
            continue;
        }
        if fresh {
            anchors.push(line.anchor(from + at, text.len()));
        }
        text.push(decoded);
        // After an entity, the source goes on further than the text: a new stretch.
        fresh = len != c.len_utf8();
        at += len;
    }
    // Markup may leave spaces at the end (`您好 </v>`).
    text.truncate(text.trim_end().len());
    anchors.retain(|a| a.text < text.len() || a.text == 0);
    if anchors.is_empty() {
        anchors.push(line.anchor(from, 0));
    }
    (text, anchors)
}

/// The character an entity at the start of `text` stands for, and its length.
fn entity(text: &str) -> Option<(char, usize)> {
    let end = text.find(';')?;
    let decoded = match &text[1..end] {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "nbsp" => '\u{a0}',
        "quot" => '"',
        "apos" => '\'',
        "lrm" => '\u{200e}',
        "rlm" => '\u{200f}',
        _ => return None,
    };
    Some((decoded, end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str) -> Line<'_> {
        Line {
            number: 3,
            offset: 100,
            text,
        }
    }

    #[test]
    fn markup_is_left_out_and_positions_kept() {
        let source = "<v 客服>您好,<i>请问</i>有什么&amp;可以帮您</v>";
        let l = line(source);
        let (name, _, text_at) = speaker(&l, &Labels::default(), &HashMap::new()).unwrap();
        assert_eq!(name, "客服");
        let (text, anchors) = strip(&l, text_at);
        assert_eq!(text, "您好,请问有什么&可以帮您");
        let origin = Origin::new(anchors);
        let at = text.find("请问").unwrap();
        let pos = origin.locate(&text, at, false);
        assert_eq!(pos.offset, 100 + source.find("请问").unwrap());
        let amp = origin.locate(&text, text.find('&').unwrap(), false);
        assert_eq!(&source[amp.offset - 100..amp.offset - 100 + 5], "&amp;");
        let after = origin.locate(&text, text.find("可以").unwrap(), false);
        assert_eq!(after.offset, 100 + source.find("可以").unwrap());
    }

    #[test]
    fn voices_with_classes_and_labels() {
        let labels = Labels::default();
        let none = HashMap::new();
        assert_eq!(
            speaker(&line("<v.loud 客户>喂"), &labels, &none).unwrap().0,
            "客户"
        );
        assert_eq!(
            speaker(&line("Speaker 1: 你好"), &labels, &none).unwrap().0,
            "Speaker 1"
        );
        assert!(speaker(&line("注意:请保持安静"), &labels, &none).is_none());
        assert!(speaker(&line("<i>你好</i>"), &labels, &none).is_none());
    }
}
