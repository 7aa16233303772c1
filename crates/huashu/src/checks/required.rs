//! Required phrases at one end of the call: the greeting and the closing.

use super::{CallCheck, CallContext, CallMatches, Finding, Group};
use crate::call::Call;
use crate::matcher::{ConditionId, TextMatcher, VariantTable};
use crate::pack::{Condition, RequiredRule, ScopeEnd, SpeakerScope};

/// A compiled required-phrases rule: its groups are conditions of the shared matches.
pub(super) struct Required {
    rule: RequiredRule,
    speaker: SpeakerScope,
    /// Per form, per group: the group's condition.
    forms: Vec<Vec<ConditionId>>,
    /// Per form, per group: a matcher over the scope's turns joined by newlines, used instead
    /// of the shared per-turn matches only when a phrase spans a line break itself.
    joined: Option<Vec<Vec<TextMatcher>>>,
}

impl Required {
    /// Compiles `rule`, adding its groups through `add`.
    pub(super) fn new(
        rule: &RequiredRule,
        speaker: SpeakerScope,
        table: &VariantTable,
        add: &mut impl FnMut(Group, Condition) -> ConditionId,
    ) -> Result<Self, String> {
        let forms = rule
            .forms
            .iter()
            .map(|groups| {
                groups
                    .iter()
                    .map(|phrases| {
                        add(
                            Group::Speaker(speaker),
                            Condition::of_phrases(phrases.clone()),
                        )
                    })
                    .collect()
            })
            .collect();
        let spans_lines = rule
            .forms
            .iter()
            .flatten()
            .flatten()
            .any(|p| p.contains('\n'));
        let joined = if spans_lines {
            let compile = |phrases: &Vec<String>| {
                TextMatcher::new(&Condition::of_phrases(phrases.clone()), table)
            };
            let forms = rule
                .forms
                .iter()
                .map(|groups| groups.iter().map(compile).collect());
            Some(forms.collect::<Result<_, _>>()?)
        } else {
            None
        };
        Ok(Required {
            rule: rule.clone(),
            speaker,
            forms,
            joined,
        })
    }

    /// The turns the rule looks at, in call order.
    fn scope(&self, call: &Call) -> Vec<usize> {
        let turns: Vec<usize> = (0..call.turns.len())
            .filter(|&t| self.speaker.includes(call.turns[t].speaker))
            .collect();
        if let Some(seconds) = self.rule.seconds {
            let timed = turns.iter().all(|&t| call.turns[t].start.is_some());
            let call_start = call.turns.iter().filter_map(|t| t.start).reduce(f64::min);
            let call_end = call
                .turns
                .iter()
                .filter_map(|t| t.end.or(t.start))
                .reduce(f64::max);
            if let (true, Some(call_start), Some(call_end)) = (timed, call_start, call_end) {
                return turns
                    .into_iter()
                    .filter(|&t| {
                        let turn = &call.turns[t];
                        match self.rule.scope {
                            ScopeEnd::First => turn.start.is_some_and(|s| s < call_start + seconds),
                            ScopeEnd::Last => turn
                                .end
                                .or(turn.start)
                                .is_some_and(|e| e > call_end - seconds),
                        }
                    })
                    .collect();
            }
        }
        let n = self.rule.turns.min(turns.len());
        match self.rule.scope {
            ScopeEnd::First => turns[..n].to_vec(),
            ScopeEnd::Last => turns[turns.len() - n..].to_vec(),
        }
    }
}

impl CallCheck for Required {
    /// Reports the rule at the first or last turn of its scope when no form is complete.
    fn run(&self, rule: usize, cx: &CallContext<'_>, out: &mut Vec<Finding>) {
        let (call, matches) = (cx.call, cx.matches);
        let scope = self.scope(call);
        let Some(&report_at) = (match self.rule.scope {
            ScopeEnd::First => scope.first(),
            ScopeEnd::Last => scope.last(),
        }) else {
            return; // The speaker never speaks: nothing to judge.
        };
        let mut missing_in_standard = Vec::new();
        for (f, form) in self.forms.iter().enumerate() {
            let missing = match &self.joined {
                Some(joined) => missing_in_joined(&joined[f], call, &scope),
                None => missing_groups(form, &scope, matches),
            };
            if missing.is_empty() {
                return;
            }
            if f == 0 {
                missing_in_standard = missing;
            }
        }
        let parts: Vec<String> = missing_in_standard
            .iter()
            .map(|&g| format!("「{}」", self.rule.forms[0][g][0]))
            .collect();
        let mut finding = Finding::whole_turn(rule, call, report_at);
        finding.detail = Some(format!("缺少{}", parts.join("")));
        finding.suggestion = self.rule.wording.clone();
        out.push(finding);
    }

    /// The closing is known once the call ends; the greeting once the speaker has spoken the
    /// scope's turns, or (when the call has times) once the scope's seconds have passed.
    fn is_certain(&self, call: &Call, _turn: usize) -> bool {
        match self.rule.scope {
            ScopeEnd::Last => false,
            ScopeEnd::First => {
                let turns = &call.turns;
                let spoken = turns
                    .iter()
                    .filter(|t| self.speaker.includes(t.speaker))
                    .count();
                let by_time = self.rule.seconds.and_then(|s| {
                    let start = turns.iter().filter_map(|t| t.start).reduce(f64::min)?;
                    Some(turns.last()?.start? >= start + s)
                });
                by_time.unwrap_or(spoken >= self.rule.turns)
            }
        }
    }
}

/// The indices of the groups that cannot be found in order in the turns `scope`, read as one
/// text.
///
/// Each group takes the match that ends earliest at or after the end of the previous group's
/// match, which finds the groups in order whenever that is possible. Positions are (index in
/// `scope`, byte offset in that turn): no phrase spans two turns.
fn missing_groups(
    groups: &[ConditionId],
    scope: &[usize],
    matches: &CallMatches<'_>,
) -> Vec<usize> {
    let mut missing = Vec::new();
    let mut pos = (0, 0);
    for (g, &group) in groups.iter().enumerate() {
        let found = scope.iter().enumerate().skip(pos.0).find_map(|(k, &t)| {
            let from = if k == pos.0 { pos.1 } else { 0 };
            matches
                .get(t, group)
                .iter()
                .filter(|m| m.start >= from)
                .map(|m| m.end)
                .min()
                .map(|end| (k, end))
        });
        match found {
            Some(at) => pos = at,
            None => missing.push(g),
        }
    }
    missing
}

/// [`missing_groups`] over the turns of `scope` joined by newlines, for phrases that span them.
fn missing_in_joined(groups: &[TextMatcher], call: &Call, scope: &[usize]) -> Vec<usize> {
    let text: String = scope
        .iter()
        .map(|&t| call.turns[t].text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let mut missing = Vec::new();
    let mut pos = 0;
    for (g, group) in groups.iter().enumerate() {
        match group
            .find_all(&text)
            .into_iter()
            .filter(|m| m.start >= pos)
            .min_by_key(|m| m.end)
        {
            Some(m) => pos = m.end,
            None => missing.push(g),
        }
    }
    missing
}
