//! Responses: when a turn says something (or a silence happens), another turn must answer it
//! within a window after (or before) it.

use std::collections::HashMap;

use super::{CallCheck, CallContext, CallMatches, Finding, Group};
use crate::call::Call;
use crate::matcher::{ConditionId, TextMatch, TextMatcher, VariantTable};
use crate::pack::validate::placeholders_in;
use crate::pack::{Condition, Direction, NoReply, ResponseRule, SpeakerScope};

/// A compiled response rule: trigger and expectation are conditions of the shared matches.
pub(super) struct Response {
    rule: ResponseRule,
    when: ConditionId,
    /// The trigger's `not` conditions: a trigger match one of them overlaps does not count.
    when_not: Vec<ConditionId>,
    /// The expectation's condition, when it uses no captured text.
    expect: Option<ConditionId>,
    /// The expectation's `intent` alone, when the rest of it uses captured text.
    expect_intent: Option<ConditionId>,
    /// The expectation's further `intents`, each alone: any of them answers too.
    expect_intents: Vec<ConditionId>,
    /// The expectation's text (when it uses no captured text), for a reply of several turns
    /// read together.
    joined: Option<TextMatcher>,
}

/// What answers a trigger: a shared condition, or one made for this trigger's captures.
#[derive(Clone, Copy)]
enum Expect<'a> {
    /// A condition of the call's shared matches.
    Shared(ConditionId),
    /// The expectation with the trigger's captured text filled in.
    Instantiated(&'a TextMatcher),
}

impl Response {
    /// Compiles `rule`, adding its trigger and (untemplated) expectation through `add`. The
    /// error is a regex of the expectation that does not compile.
    pub(super) fn new(
        rule: &ResponseRule,
        table: &VariantTable,
        add: &mut impl FnMut(Group, Condition) -> ConditionId,
    ) -> Result<Self, String> {
        let templated = rule
            .expect
            .phrases
            .iter()
            .chain(&rule.expect.regexes)
            .any(|t| !placeholders_in(t).is_empty());
        let intent_only = |intent: &crate::pack::IntentCondition| Condition {
            intent: Some(intent.clone()),
            ..Condition::default()
        };
        let text = Condition {
            intent: None,
            ..rule.expect.clone()
        };
        let joined = if templated || text.is_empty() {
            None
        } else {
            Some(TextMatcher::new(&text, table)?)
        };
        Ok(Response {
            rule: rule.clone(),
            when: add(Group::Speaker(rule.when_speaker), rule.when.clone()),
            when_not: rule
                .when_not
                .iter()
                .map(|c| add(Group::Speaker(rule.when_speaker), c.clone()))
                .collect(),
            expect: (!templated).then(|| add(Group::Answer, rule.expect.clone())),
            expect_intent: rule
                .expect
                .intent
                .as_ref()
                .filter(|_| templated)
                .map(|i| add(Group::Answer, intent_only(i))),
            expect_intents: rule
                .expect_intents
                .iter()
                .map(|i| add(Group::Answer, intent_only(i)))
                .collect(),
            joined,
        })
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
                intent: None,
            });
        }
        // A certain trigger before one only in the review band; none that a `not` overlaps.
        let vetoed = |m: &TextMatch| {
            self.when_not.iter().any(|&c| {
                matches
                    .get(t, c)
                    .iter()
                    .any(|n| n.start < m.end && m.start < n.end)
            })
        };
        let found = matches.get(t, self.when);
        let kept = |m: &&TextMatch| !vetoed(m);
        found
            .iter()
            .filter(kept)
            .find(|m| m.is_certain())
            .or_else(|| found.iter().find(kept))
            .cloned()
    }

    /// The replies of the expected speaker in the window after (or before) turn `t`, nearest
    /// first, each as the turns it is made of (in call order): a reply is a run of consecutive
    /// turns of one speaker. At most `within_turns` replies; with `within_seconds`, only the
    /// turns that start within that many seconds.
    fn replies(&self, call: &Call, t: usize) -> Vec<Vec<usize>> {
        let trigger = &call.turns[t];
        let order: Vec<usize> = match self.rule.direction {
            Direction::After => (t + 1..call.turns.len()).collect(),
            Direction::Before => (0..t).rev().collect(),
        };
        let limit = self.rule.within_turns.unwrap_or(usize::MAX);
        let mut replies: Vec<Vec<usize>> = Vec::new();
        let mut previous: Option<usize> = None;
        for j in order {
            let turn = &call.turns[j];
            if let Some(seconds) = self.rule.within_seconds {
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
                if distance.is_some_and(|d| d > seconds) {
                    break;
                }
            }
            let same_reply = previous.is_some_and(|p| call.turns[p].speaker == turn.speaker);
            previous = Some(j);
            if !self.rule.expect_speaker.includes(turn.speaker) {
                continue;
            }
            if same_reply && !replies.is_empty() {
                replies.last_mut().expect("not empty").push(j);
            } else if replies.len() == limit {
                break;
            } else {
                replies.push(vec![j]);
            }
        }
        for reply in &mut replies {
            reply.sort_unstable();
        }
        replies
    }

    /// Whether the expected speaker says anything after turn `t` (an answer before the trigger
    /// is judged by the turns there are).
    fn has_reply(&self, call: &Call, t: usize) -> bool {
        match self.rule.direction {
            Direction::After => call.turns[t + 1..]
                .iter()
                .any(|turn| self.rule.expect_speaker.includes(turn.speaker)),
            Direction::Before => true,
        }
    }

    /// Whether a reply in the window around `t` answers the trigger: one of its turns, or its
    /// turns read together (an answer posted in two parts).
    fn answered(
        &self,
        call: &Call,
        t: usize,
        matches: &CallMatches<'_>,
        expect: Expect<'_>,
    ) -> bool {
        self.replies(call, t).iter().any(|reply| {
            let in_a_turn = reply.iter().any(|&j| {
                let meant = self.expect_intents.iter().any(|&c| matches.is_match(j, c));
                meant
                    || match expect {
                        Expect::Shared(condition) => matches.is_match(j, condition),
                        Expect::Instantiated(matcher) => {
                            matcher.is_match(&call.turns[j].text)
                                || self.expect_intent.is_some_and(|c| matches.is_match(j, c))
                        }
                    }
            });
            in_a_turn || (reply.len() > 1 && self.answered_together(call, reply, expect))
        })
    }

    /// Whether the turns of `reply` joined by newlines meet the expectation's text.
    fn answered_together(&self, call: &Call, reply: &[usize], expect: Expect<'_>) -> bool {
        let matcher = match expect {
            Expect::Shared(_) => match &self.joined {
                Some(matcher) => matcher,
                None => return false,
            },
            Expect::Instantiated(matcher) => matcher,
        };
        let text = reply
            .iter()
            .map(|&j| call.turns[j].text.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        matcher.is_match(&text)
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
            intent: None,
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
            if answered {
                continue;
            }
            let mut finding = Finding {
                rule,
                turn: t,
                start: trigger.start,
                end: trigger.end,
                pattern: None,
                suggestion: None,
                detail: None,
                intent: trigger.intent,
                class: None,
                outcome: None,
                message: None,
            };
            if !self.has_reply(call, t) {
                if self.rule.no_reply == NoReply::Skip {
                    continue;
                }
                let who = match self.rule.expect_speaker {
                    SpeakerScope::Agent => "坐席",
                    SpeakerScope::Customer => "客户",
                    SpeakerScope::Any => "对方",
                };
                finding.outcome = Some(crate::lint::Outcome::NoReply);
                finding.detail = Some(format!("通话结束,{who}未回应"));
                finding.message = self.rule.no_reply_message.clone();
            }
            out.push(finding);
        }
    }

    /// An answer expected before the trigger can no longer come; one expected after it is
    /// missing for good once its window of turns (or seconds) has passed.
    fn is_certain(&self, call: &Call, turn: usize) -> bool {
        match self.rule.direction {
            Direction::Before => true,
            Direction::After => {
                let turns = &call.turns;
                // The replies after the trigger that a turn of another speaker has closed: a
                // reply still going on may yet say the words.
                let expected = |t: usize| self.rule.expect_speaker.includes(turns[t].speaker);
                let closed = (turn + 1..turns.len().saturating_sub(1))
                    .filter(|&j| expected(j) && turns[j + 1].speaker != turns[j].speaker)
                    .count();
                let by_turns = self.rule.within_turns.is_some_and(|w| closed >= w);
                let by_time = self.rule.within_seconds.is_some_and(|s| {
                    let trigger = &turns[turn];
                    let last = turns.last().and_then(|t| t.start);
                    match (trigger.end.or(trigger.start), last) {
                        (Some(end), Some(now)) => now - end > s,
                        _ => false,
                    }
                });
                // Without any reply yet, the call may end (no reply) or the reply still come.
                let replied = (turn + 1..turns.len()).any(expected);
                replied && (by_turns || by_time)
            }
        }
    }
}
