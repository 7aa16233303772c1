//! Responses: when a turn says something (or a silence happens), another turn must answer it
//! within a window after (or before) it.

use std::collections::HashMap;

use super::{CallCheck, CallContext, CallMatches, Finding, Group};
use crate::call::Call;
use crate::matcher::{ConditionId, TextMatch, TextMatcher, VariantTable};
use crate::pack::validate::placeholders_in;
use crate::pack::{Condition, Direction, ResponseRule};

/// A compiled response rule: trigger and expectation are conditions of the shared matches.
pub(super) struct Response {
    rule: ResponseRule,
    when: ConditionId,
    /// The expectation's condition, when it uses no captured text.
    expect: Option<ConditionId>,
}

/// What answers a trigger: a shared condition, or one made for this trigger's captures.
enum Expect<'a> {
    /// A condition of the call's shared matches.
    Shared(ConditionId),
    /// The expectation with the trigger's captured text filled in.
    Instantiated(&'a TextMatcher),
}

impl Response {
    /// Compiles `rule`, adding its trigger and (untemplated) expectation through `add`.
    pub(super) fn new(
        rule: &ResponseRule,
        add: &mut impl FnMut(Group, Condition) -> ConditionId,
    ) -> Self {
        let templated = rule
            .expect
            .phrases
            .iter()
            .chain(&rule.expect.regexes)
            .any(|t| !placeholders_in(t).is_empty());
        Response {
            rule: rule.clone(),
            when: add(Group::Speaker(rule.when_speaker), rule.when.clone()),
            expect: (!templated).then(|| add(Group::Answer, rule.expect.clone())),
        }
    }

    /// The trigger in turn `t`, if there is one: its first text match, or the whole turn after
    /// a long enough silence.
    fn trigger(&self, call: &Call, t: usize, matches: &CallMatches<'_>) -> Option<TextMatch> {
        let turn = &call.turns[t];
        if let Some(limit) = self.rule.silence_over {
            let previous = call.turns.get(t.checked_sub(1)?)?;
            let gap = turn.start? - previous.end.or(previous.start)?;
            return (gap > limit).then(|| TextMatch {
                start: 0,
                end: turn.text.len(),
                captures: HashMap::from([("silence".to_owned(), format!("{gap:.1}"))]),
            });
        }
        matches.get(t, self.when).first().cloned()
    }

    /// Whether a turn in the window around `t` answers the trigger.
    fn answered(
        &self,
        call: &Call,
        t: usize,
        matches: &CallMatches<'_>,
        expect: Expect<'_>,
    ) -> bool {
        let trigger = &call.turns[t];
        let window: Box<dyn Iterator<Item = usize>> = match self.rule.direction {
            Direction::After => Box::new(t + 1..call.turns.len()),
            Direction::Before => Box::new((0..t).rev()),
        };
        let window = window.take(self.rule.within_turns.unwrap_or(usize::MAX));
        for j in window {
            let turn = &call.turns[j];
            if let Some(limit) = self.rule.within_seconds {
                let distance = match self.rule.direction {
                    Direction::After => turn
                        .start
                        .zip(trigger.end.or(trigger.start))
                        .map(|(s, e)| s - e),
                    Direction::Before => trigger
                        .start
                        .zip(turn.end.or(turn.start))
                        .map(|(s, e)| s - e),
                };
                if distance.is_some_and(|d| d > limit) {
                    break;
                }
            }
            if self.rule.expect_speaker.includes(turn.speaker)
                && match expect {
                    Expect::Shared(condition) => matches.is_match(j, condition),
                    Expect::Instantiated(matcher) => matcher.is_match(&turn.text),
                }
            {
                return true;
            }
        }
        false
    }

    /// The expectation with `{name}` replaced by what the trigger captured (escaped in regexes).
    fn instantiate(
        &self,
        captures: &HashMap<String, String>,
        table: &VariantTable,
    ) -> Option<TextMatcher> {
        let fill = |text: &str, escape: bool| -> Option<String> {
            let mut out = text.to_owned();
            for name in placeholders_in(text) {
                let value = captures.get(&name)?;
                let value = if escape {
                    regex::escape(value)
                } else {
                    value.clone()
                };
                out = out.replace(&format!("{{{name}}}"), &value);
            }
            Some(out)
        };
        let condition = Condition {
            phrases: self
                .rule
                .expect
                .phrases
                .iter()
                .map(|p| fill(p, false))
                .collect::<Option<_>>()?,
            regexes: self
                .rule
                .expect
                .regexes
                .iter()
                .map(|r| fill(r, true))
                .collect::<Option<_>>()?,
        };
        TextMatcher::new(&condition, table).ok()
    }
}

impl CallCheck for Response {
    /// Reports every trigger that no turn in its window answers.
    fn run(&self, rule: usize, cx: &CallContext<'_>, out: &mut Vec<Finding>) {
        let (call, matches, table) = (cx.call, cx.matches, cx.table);
        for (t, turn) in call.turns.iter().enumerate() {
            if !self.rule.when_speaker.includes(turn.speaker) {
                continue;
            }
            let trigger = match self.trigger(call, t, matches) {
                Some(trigger) => trigger,
                None => continue,
            };
            let answered = match self.expect {
                Some(expect) => self.answered(call, t, matches, Expect::Shared(expect)),
                None => match self.instantiate(&trigger.captures, table) {
                    Some(expect) => self.answered(call, t, matches, Expect::Instantiated(&expect)),
                    None => true, // The captured text cannot form a pattern: nothing to demand.
                },
            };
            if !answered {
                out.push(Finding {
                    rule,
                    turn: t,
                    start: trigger.start,
                    end: trigger.end,
                    pattern: None,
                    suggestion: None,
                    detail: None,
                });
            }
        }
    }

    /// An answer expected before the trigger can no longer come; one expected after it is
    /// missing for good once its window of turns (or seconds) has passed.
    fn is_certain(&self, call: &Call, turn: usize) -> bool {
        match self.rule.direction {
            Direction::Before => true,
            Direction::After => {
                let turns = &call.turns;
                let after = turns.len() - 1 - turn;
                let by_turns = self.rule.within_turns.is_some_and(|w| after >= w);
                let by_time = self.rule.within_seconds.is_some_and(|s| {
                    let trigger = &turns[turn];
                    let last = turns.last().and_then(|t| t.start);
                    match (trigger.end.or(trigger.start), last) {
                        (Some(end), Some(now)) => now - end > s,
                        _ => false,
                    }
                });
                by_turns || by_time
            }
        }
    }
}
