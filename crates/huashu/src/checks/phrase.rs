//! Phrase-rule extras: `all` / `not` / `near` conditions, and counting (`count`).

use std::collections::BTreeMap;

use super::{chars, CallChecks, CallIntents, CallMatches, Finding, Group};
use crate::call::Call;
use crate::matcher::{is_separator, ConditionId, Hit, IntentMatch, PatternRef, TextMatch};
use crate::pack::{Condition, Count, CountScope, PhraseRule};

/// The compiled extras of one phrase rule.
pub(crate) struct PhraseExtras {
    all: Vec<ConditionId>,
    not: Vec<ConditionId>,
    near: Option<usize>,
    count: Option<Count>,
}

impl PhraseExtras {
    /// The extras of `rule`, if it has any; its conditions are added through `add`.
    pub(super) fn new(
        rule: &PhraseRule,
        add: &mut impl FnMut(Group, Condition) -> ConditionId,
    ) -> Option<PhraseExtras> {
        if rule.all.is_empty() && rule.not.is_empty() && rule.count.is_none() {
            return None;
        }
        let all = rule
            .all
            .iter()
            .map(|c| add(Group::Extra, c.clone()))
            .collect();
        let not = rule
            .not
            .iter()
            .map(|c| add(Group::Extra, c.clone()))
            .collect();
        Some(PhraseExtras {
            all,
            not,
            near: rule.near,
            count: rule.count,
        })
    }

    /// Whether a hit at `start..end` of turn `turn` meets the `all` and `not` conditions.
    fn accepts(
        &self,
        matches: &CallMatches<'_>,
        turn: usize,
        text: &str,
        start: usize,
        end: usize,
    ) -> bool {
        let close = |m: &TextMatch| match self.near {
            None => true,
            Some(near) => {
                let gap = if m.end <= start {
                    chars(&text[m.end..start])
                } else if m.start >= end {
                    chars(&text[end..m.start])
                } else {
                    0
                };
                gap <= near
            }
        };
        let certain = |m: &TextMatch| m.is_certain() && close(m);
        self.all
            .iter()
            .all(|&c| matches.get(turn, c).iter().any(certain))
            && !self
                .not
                .iter()
                .any(|&c| matches.get(turn, c).iter().any(certain))
    }
}

pub(super) fn findings(
    checks: &CallChecks,
    call: &Call,
    hits: &[Vec<Hit>],
    matches: &CallMatches<'_>,
    out: &mut Vec<Finding>,
) {
    // Hits of counting rules, per rule, in call order: (turn, hit).
    let mut counted: BTreeMap<usize, Vec<(usize, Hit)>> = BTreeMap::new();
    for (turn, turn_hits) in hits.iter().enumerate() {
        let text = &call.turns[turn].text;
        for (k, hit) in turn_hits.iter().enumerate() {
            let extras = checks.extras(hit.rule);
            if let Some(extras) = extras {
                // Checked first: it is cheap, and it spares scanning the turn for the
                // conditions when (as for nearly every sentence) nothing repeats.
                if matches!(extras.count, Some(Count::Repeated)) && !may_repeat(turn_hits, k, text)
                {
                    continue;
                }
                if !extras.accepts(matches, turn, text, hit.start, hit.end) {
                    continue;
                }
                if extras.count.is_some() {
                    counted.entry(hit.rule).or_default().push((turn, *hit));
                    continue;
                }
            }
            out.push(Finding {
                rule: hit.rule,
                turn,
                start: hit.start,
                end: hit.end,
                pattern: Some(hit.pattern),
                suggestion: None,
                detail: None,
                intent: None,
                class: None,
                outcome: None,
                message: None,
            });
        }
    }
    for (rule, rule_hits) in counted {
        let Some(count) = checks.extras(rule).and_then(|e| e.count) else {
            continue;
        };
        match count {
            Count::MoreThan {
                n,
                per: CountScope::Call,
            } => {
                if rule_hits.len() > n {
                    let (turn, hit) = rule_hits[n];
                    out.push(counted_finding(
                        hit,
                        turn,
                        format!("本通话出现 {} 次", rule_hits.len()),
                    ));
                }
            }
            Count::MoreThan {
                n,
                per: CountScope::Turn,
            } => {
                let mut by_turn: BTreeMap<usize, Vec<Hit>> = BTreeMap::new();
                for (turn, hit) in rule_hits {
                    by_turn.entry(turn).or_default().push(hit);
                }
                for (turn, turn_hits) in by_turn {
                    if turn_hits.len() > n {
                        out.push(counted_finding(
                            turn_hits[n],
                            turn,
                            format!("本句出现 {} 次", turn_hits.len()),
                        ));
                    }
                }
            }
            Count::Repeated => repeated(call, rule, &rule_hits, out),
        }
    }
}

/// The findings of phrase rules with an `intent`: each sentence of a turn the rule checks that the
/// model finds (down to the review band's edge), unless the rule's phrases already hit in it (one
/// finding per sentence and rule), and if it meets the rule's `all` / `not` conditions.
/// `phrase_findings` are the findings of the phrase hits, pushed before.
///
/// The meaning finds what the words did not: a sentence that a phrase of a `banned` or `tone`
/// rule already flagged gets no intent finding from a `banned` or `tone` rule either, so one rude
/// sentence is not scored once for its words and again for its meaning.
pub(super) fn intent_findings(
    checks: &CallChecks,
    call: &Call,
    matches: &CallMatches<'_>,
    detections: &CallIntents<'_>,
    rules: &[crate::pack::Rule],
    out: &mut Vec<Finding>,
) {
    let phrase_findings = out.len();
    for (rule, intent) in checks.rule_intents.iter().enumerate() {
        let Some(intent) = *intent else { continue };
        let scope = rules[rule].speaker;
        let wording = rules[rule].kind.as_phrase().and_then(|p| {
            p.wording.clone().or_else(|| match &p.rewrite {
                crate::pack::Rewrite::All(text) => Some(text.clone()),
                _ => None,
            })
        });
        for (t, turn) in call.turns.iter().enumerate() {
            if !scope.includes(turn.speaker) {
                continue;
            }
            for (d, review) in detections.matches(t, intent) {
                let (start, end) = (d.sentence.start, d.sentence.end);
                let said = out[..phrase_findings].iter().any(|f| {
                    f.turn == t
                        && f.start < end
                        && start < f.end
                        && (f.rule == rule
                            || (f.intent.is_none()
                                && forbids(rules[f.rule].category)
                                && forbids(rules[rule].category)))
                });
                if said {
                    continue;
                }
                if let Some(extras) = checks.extras(rule) {
                    if !extras.accepts(matches, t, &turn.text, start, end) {
                        continue;
                    }
                }
                out.push(Finding {
                    rule,
                    turn: t,
                    start,
                    end,
                    pattern: None,
                    suggestion: wording.clone(),
                    detail: None,
                    intent: Some(IntentMatch {
                        confidence: d.confidence,
                        review,
                    }),
                    class: Some(d.class),
                    outcome: None,
                    message: None,
                });
            }
        }
    }
}

/// Whether a category is about what an agent must not say (its words or its tone).
fn forbids(category: crate::pack::Category) -> bool {
    matches!(
        category,
        crate::pack::Category::Banned | crate::pack::Category::Tone
    )
}

fn counted_finding(hit: Hit, turn: usize, detail: String) -> Finding {
    Finding {
        rule: hit.rule,
        turn,
        start: hit.start,
        end: hit.end,
        pattern: None,
        suggestion: None,
        detail: Some(detail),
        intent: None,
        class: None,
        outcome: None,
        message: None,
    }
}

/// Runs of the same phrase back to back (only spacing or punctuation between), reported once
/// per run, covering it whole.
fn repeated(call: &Call, rule: usize, hits: &[(usize, Hit)], out: &mut Vec<Finding>) {
    let mut i = 0;
    while i < hits.len() {
        let (turn, first) = hits[i];
        let text = &call.turns[turn].text;
        let mut j = i;
        while j + 1 < hits.len() {
            let (next_turn, next) = hits[j + 1];
            let prev = hits[j].1;
            let same =
                next_turn == turn && same_pattern(prev.pattern, next.pattern, text, &prev, &next);
            if same && only_pauses(text, prev.end, next.start) {
                j += 1;
            } else {
                break;
            }
        }
        if j > i {
            let last = hits[j].1;
            out.push(Finding {
                rule,
                turn,
                start: first.start,
                end: last.end,
                pattern: Some(first.pattern),
                suggestion: None,
                detail: Some(format!("连续重复 {} 次", j - i + 1)),
                intent: None,
                class: None,
                outcome: None,
                message: None,
            });
        }
        i = j + 1;
    }
}

/// Whether hit `k` of a turn's hits (all rules, sorted by position) can be part of a run that
/// [`repeated`] reports: whether a hit of its rule that says the same lies before or after it
/// with only separators and pauses between (other hits of the rule may lie between if their
/// own text is only that).
///
/// Leaving out a hit that cannot, before its `all` / `not` conditions are looked at, changes
/// no run: a hit whose text is not all separators and pauses breaks every run it sits in,
/// whether it is there or not. A hit whose text is all that is always kept.
fn may_repeat(hits: &[Hit], k: usize, text: &str) -> bool {
    let hit = hits[k];
    let quiet = |from: usize, to: usize| only_pauses(text, from, to);
    if quiet(hit.start, hit.end) {
        return true;
    }
    let ours = |h: &&Hit| h.rule == hit.rule;
    let mut last = hit;
    for next in hits[k + 1..].iter().filter(ours) {
        if !quiet(last.end, next.start) {
            break;
        }
        if same_pattern(hit.pattern, next.pattern, text, &hit, next) {
            return true;
        }
        if !quiet(next.start, next.end) {
            break;
        }
        last = *next;
    }
    let mut first = hit;
    for before in hits[..k].iter().rev().filter(ours) {
        if !quiet(before.end, first.start) {
            break;
        }
        if same_pattern(before.pattern, hit.pattern, text, before, &hit) {
            return true;
        }
        if !quiet(before.start, before.end) {
            break;
        }
        first = *before;
    }
    false
}

/// Two hits repeat each other when they come from the same phrase, or (for regex hits) say the
/// same text.
fn same_pattern(a: PatternRef, b: PatternRef, text: &str, ha: &Hit, hb: &Hit) -> bool {
    match (a, b) {
        (PatternRef::Phrase(x), PatternRef::Phrase(y)) => x == y,
        _ => text[ha.start..ha.end] == text[hb.start..hb.end],
    }
}

/// Whether `text[from..to]` is only separators and pauses (empty included); not when the span
/// is reversed (overlapping hits) or splits a character.
fn only_pauses(text: &str, from: usize, to: usize) -> bool {
    text.get(from..to)
        .is_some_and(|s| s.chars().all(|c| is_separator(c) || is_pause(c)))
}

/// Punctuation a speaker's repetition may carry between its copies.
fn is_pause(c: char) -> bool {
    matches!(c, ',' | '，' | '、' | '…' | '.' | '。' | '-' | '—' | '~')
}
