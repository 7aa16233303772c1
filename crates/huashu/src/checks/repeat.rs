//! Repetition: a turn posted again word for word later in the call, the 机械 tone of a template
//! reply sent instead of an answer.

use super::{CallCheck, CallContext, Finding};
use crate::call::Call;
use crate::pack::{RepeatRule, SpeakerScope};
use crate::segment::is_han;

/// A compiled repeat rule.
pub(super) struct Repeat {
    rule: RepeatRule,
    speaker: SpeakerScope,
}

impl Repeat {
    /// Compiles `rule` for the turns of `speaker`.
    pub(super) fn new(rule: &RepeatRule, speaker: SpeakerScope) -> Self {
        Repeat {
            rule: rule.clone(),
            speaker,
        }
    }

    /// The words of turn `t` as compared: its text without spacing and punctuation at either
    /// end, or `None` when it is too short or allowed to repeat.
    fn key<'c>(&self, call: &'c Call, t: usize) -> Option<&'c str> {
        let turn = &call.turns[t];
        if !self.speaker.includes(turn.speaker) {
            return None;
        }
        let text = turn.text.trim_matches(|c: char| {
            c.is_whitespace() || c.is_ascii_punctuation() || is_cjk_punct(c)
        });
        let han = text.chars().filter(|&c| is_han(c)).count();
        let allowed = self.rule.allow.iter().any(|a| text.contains(a.as_str()));
        (han >= self.rule.min_chars && !allowed).then_some(text)
    }
}

/// Full-width and CJK punctuation.
fn is_cjk_punct(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF01}'..='\u{FF0F}' | '\u{FF1A}'..='\u{FF20}' | '…' | '～')
}

impl CallCheck for Repeat {
    /// Reports every turn whose words an earlier turn of the speaker already said, at the
    /// repetition, naming the earlier turn.
    fn run(&self, rule: usize, cx: &CallContext<'_>, out: &mut Vec<Finding>) {
        let call = cx.call;
        let mut seen: Vec<(&str, usize)> = Vec::new();
        for t in 0..call.turns.len() {
            let Some(key) = self.key(call, t) else {
                continue;
            };
            match seen.iter().find(|(k, _)| *k == key) {
                Some(&(_, first)) => {
                    let mut finding = Finding::whole_turn(rule, call, t);
                    finding.detail = Some(format!("与第{}轮逐字相同", first + 1));
                    out.push(finding);
                }
                None => seen.push((key, t)),
            }
        }
    }

    /// A repetition stays one whatever comes after it.
    fn is_certain(&self, _call: &Call, _turn: usize) -> bool {
        true
    }
}
