//! Timing: silences, holds, speech rate, talking over the customer. Only turns with times count.

use super::{CallCheck, CallContext, CallMatches, Finding, Group};
use crate::call::{Call, Speaker};
use crate::matcher::ConditionId;
use crate::pack::{Condition, SpeakerScope, TimingCheck, TimingRule};

/// A compiled timing rule, with its hold announcement as a condition of the shared matches.
pub(super) struct Timing {
    rule: TimingRule,
    speaker: SpeakerScope,
    announced: Option<ConditionId>,
    /// The silent-call prompts, if the rule has any.
    silent_call: Option<ConditionId>,
}

impl Timing {
    /// Compiles `rule`, adding its hold announcement through `add`.
    pub(super) fn new(
        rule: &TimingRule,
        speaker: SpeakerScope,
        add: &mut impl FnMut(Group, Condition) -> ConditionId,
    ) -> Self {
        let announced = (!rule.announced_by.is_empty()).then(|| {
            add(
                Group::Announcement,
                Condition::of_phrases(rule.announced_by.clone()),
            )
        });
        let silent_call = (!rule.silent_call.is_empty()).then(|| {
            add(
                Group::Announcement,
                Condition::of_phrases(rule.silent_call.clone()),
            )
        });
        Timing {
            rule: rule.clone(),
            speaker,
            announced,
            silent_call,
        }
    }

    /// A silence (unannounced) or a hold (announced) longer than the threshold before turn `t`.
    fn gap(&self, call: &Call, t: usize, matches: &CallMatches<'_>) -> Option<String> {
        let previous = call.turns.get(t.checked_sub(1)?)?;
        let gap = call.turns[t].start? - previous.end.or(previous.start)?;
        if gap <= self.rule.over {
            return None;
        }
        let announced = self.announced.is_some_and(|a| {
            (0..t)
                .rev()
                .find(|&p| call.turns[p].speaker == Speaker::Agent)
                .is_some_and(|p| matches.is_match(p, a))
        });
        match (self.rule.check, announced) {
            (TimingCheck::Silence, false) if self.is_silent_call_pause(call, t, matches) => None,
            (TimingCheck::Silence, false) => Some(format!("静默 {gap:.1} 秒")),
            (TimingCheck::Hold, true) => Some(format!("等待 {gap:.1} 秒")),
            _ => None,
        }
    }

    /// Whether the gap before turn `t` follows the agent's silent-call prompt while the
    /// customer has not said a word in the call: the prescribed pause of a silent call.
    fn is_silent_call_pause(&self, call: &Call, t: usize, matches: &CallMatches<'_>) -> bool {
        let Some(prompts) = self.silent_call else {
            return false;
        };
        let previous = t - 1;
        call.turns[previous].speaker == Speaker::Agent
            && matches.is_match(previous, prompts)
            && call.turns[..t].iter().all(|turn| {
                turn.speaker != Speaker::Customer || !turn.text.chars().any(char::is_alphanumeric)
            })
    }

    fn speech_rate(&self, call: &Call, t: usize) -> Option<String> {
        let turn = &call.turns[t];
        let duration = turn.end? - turn.start?;
        if duration < self.rule.min_seconds {
            return None;
        }
        let spoken = turn.text.chars().filter(|c| c.is_alphanumeric()).count();
        let rate = spoken as f64 / duration;
        (rate > self.rule.over).then(|| format!("语速 {rate:.1} 字/秒"))
    }

    fn overlap(&self, call: &Call, t: usize) -> Option<String> {
        let previous = call.turns.get(t.checked_sub(1)?)?;
        if previous.speaker == call.turns[t].speaker {
            return None;
        }
        let overlap = previous.end? - call.turns[t].start?;
        (overlap > self.rule.over).then(|| format!("抢话 {overlap:.1} 秒"))
    }
}

impl CallCheck for Timing {
    /// Reports every turn of the rule's speaker that breaks the limit.
    fn run(&self, rule: usize, cx: &CallContext<'_>, out: &mut Vec<Finding>) {
        let (call, matches) = (cx.call, cx.matches);
        for (t, turn) in call.turns.iter().enumerate() {
            if !self.speaker.includes(turn.speaker) {
                continue;
            }
            let detail = match self.rule.check {
                TimingCheck::Silence | TimingCheck::Hold => self.gap(call, t, matches),
                TimingCheck::SpeechRate => self.speech_rate(call, t),
                TimingCheck::Overlap => self.overlap(call, t),
            };
            if let Some(detail) = detail {
                let mut finding = Finding::whole_turn(rule, call, t);
                finding.detail = Some(detail);
                out.push(finding);
            }
        }
    }

    /// A turn's times show a breach as soon as the turn is there.
    fn is_certain(&self, _call: &Call, _turn: usize) -> bool {
        true
    }
}
