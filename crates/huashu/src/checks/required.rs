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

    /// What form `f` lacks, its groups `missing`: 「缺少「还有什么」「感谢」」, or with the form's
    /// name and group labels 「外呼开头语缺少:工号/自我介绍」.
    fn lacks(&self, f: usize, missing: &[usize]) -> String {
        let labels = &self.rule.labels[f];
        let parts: Vec<&str> = missing.iter().map(|&g| labels[g].as_str()).collect();
        let list = if parts.iter().all(|p| p.starts_with('「')) {
            parts.concat()
        } else {
            parts.join("、")
        };
        match &self.rule.names[f] {
            Some(name) => format!("{name}缺少:{list}"),
            None => format!("缺少{list}"),
        }
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
        // The nearest form: the most groups found; on a tie the earlier (the standard first).
        let mut nearest: (usize, usize, Vec<usize>) = (0, 0, Vec::new());
        let mut missing_one = Vec::new();
        for (f, form) in self.forms.iter().enumerate() {
            let missing = match &self.joined {
                Some(joined) => missing_in_joined(&joined[f], call, &scope),
                None => missing_groups(form, &scope, matches),
            };
            if missing.is_empty() {
                return;
            }
            if let [g] = missing[..] {
                missing_one.push((f, g));
            }
            let found = form.len() - missing.len();
            if f == 0 || found > nearest.1 {
                nearest = (f, found, missing);
            }
        }
        // A form complete but for one group that speech recognition cut a character of:
        // it counts, and a review item says so.
        // Without a marker in the scope, only long phrases can be approximate: skip the forms
        // whose missing group has none.
        let marked = scope.iter().any(|&t| has_marker(&call.turns[t].text));
        for (f, g) in missing_one {
            let phrases = &self.rule.forms[f][g];
            if !marked && phrases.iter().all(|p| p.chars().count() < LONG) {
                continue;
            }
            let said = |t: &usize| {
                let text = &call.turns[*t].text;
                phrases.iter().any(|p| text.contains(p.as_str()))
            };
            if scope.iter().any(said) {
                continue; // Said in full, out of order: no recognition error to forgive.
            }
            for &t in &scope {
                let text = &call.turns[t].text;
                for phrase in phrases {
                    if let Some((start, end)) = approximate(text, phrase) {
                        let mut finding = Finding::whole_turn(rule, call, t);
                        (finding.start, finding.end) = (start, end);
                        finding.outcome = Some(crate::lint::Outcome::Approximate);
                        finding.message = Some(format!(
                            "语音识别可能漏字或错字:「{}」按「{phrase}」计入,请复核",
                            &text[start..end]
                        ));
                        out.push(finding);
                        return;
                    }
                }
            }
        }
        let (f, _, missing) = nearest;
        let mut finding = Finding::whole_turn(rule, call, report_at);
        finding.detail = Some(self.lacks(f, &missing));
        finding.suggestion = self.rule.wordings[f]
            .clone()
            .or_else(|| self.rule.wording.clone());
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

/// The length from which a phrase may also have a character dropped or changed (not only
/// replaced by a recognition marker): shorter phrases changed by one character are other words
/// too often (稍后再试 is not 稍后再拨, 如有疑问 not 还有疑问).
const LONG: usize = 6;

/// A character of a turn, or a speech-recognition marker standing for lost speech.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Token {
    Char(char),
    /// `_`, `…`, `...`, `[UNK]`, `<unk>`; `true` for the markers only speech recognition
    /// writes (`_`, `[UNK]`, `<unk>`), `false` for an ellipsis, which written text uses too.
    Marker(bool),
}

/// The tokens of `text` with their byte spans.
fn tokens(text: &str) -> Vec<(usize, usize, Token)> {
    let mut out = Vec::with_capacity(text.len() / 3 + 1);
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        if let Some(marker) = ["[UNK]", "<unk>", "..."]
            .iter()
            .find(|m| rest.starts_with(**m))
        {
            out.push((i, i + marker.len(), Token::Marker(*marker != "...")));
            i += marker.len();
            continue;
        }
        let c = rest.chars().next().expect("not at the end");
        let token = if matches!(c, '_' | '…') {
            Token::Marker(c == '_')
        } else {
            Token::Char(c)
        };
        out.push((i, i + c.len_utf8(), token));
        i += c.len_utf8();
    }
    out
}

/// Whether `text` holds a marker that only speech recognition writes.
fn has_marker(text: &str) -> bool {
    text.contains('_') || text.contains("[UNK]") || text.contains("<unk>")
}

/// Where `phrase` occurs in `text` with one character lost or changed by speech recognition:
/// replaced by a marker (`_`, `[UNK]`, `<unk>` in any phrase of two characters or more; an
/// ellipsis, which written text uses too, in a phrase of [`LONG`] or more), or dropped or
/// replaced by another character (a phrase of [`LONG`] characters or more, long enough to stay
/// unambiguous).
/// The byte span of the approximate occurrence, or `None`.
fn approximate(text: &str, phrase: &str) -> Option<(usize, usize)> {
    // Said in full but out of order: no recognition error to forgive.
    if text.contains(phrase) {
        return None;
    }
    let phrase: Vec<char> = phrase.chars().collect();
    let n = phrase.len();
    if n < 2 {
        return None;
    }
    let long = n >= LONG;
    // Cheap refusals first (most turns of a call that lacks a closing): a short phrase needs a
    // recognition marker, and with one character lost the first or the last is still there.
    let intact = if long {
        // One character lost leaves the first three or the last three intact.
        let head: String = phrase[..3].iter().collect();
        let tail: String = phrase[n - 3..].iter().collect();
        text.contains(&head) || text.contains(&tail)
    } else {
        has_marker(text) && (text.contains(phrase[0]) || text.contains(phrase[n - 1]))
    };
    if !intact {
        return None;
    }
    let toks = tokens(text);
    // One token changed.
    for w in toks.windows(n) {
        let mut changed = 0;
        let mut allowed = true;
        for (&(_, _, t), &p) in w.iter().zip(&phrase) {
            match t {
                Token::Char(c) if c == p => {}
                Token::Marker(asr) => {
                    changed += 1;
                    allowed &= asr || long;
                }
                Token::Char(c) => {
                    changed += 1;
                    allowed &= long && crate::segment::is_han(c);
                }
            }
        }
        if changed == 1 && allowed {
            return Some((w[0].0, w[n - 1].1));
        }
    }
    // One character dropped.
    if long {
        for w in toks.windows(n - 1) {
            let chars: Option<Vec<char>> = w
                .iter()
                .map(|&(_, _, t)| match t {
                    Token::Char(c) => Some(c),
                    Token::Marker(_) => None,
                })
                .collect();
            let Some(chars) = chars else { continue };
            let dropped = (0..n).any(|skip| {
                phrase
                    .iter()
                    .enumerate()
                    .filter(|&(k, _)| k != skip)
                    .map(|(_, &c)| c)
                    .eq(chars.iter().copied())
            });
            if dropped {
                return Some((w[0].0, w[n - 2].1));
            }
        }
    }
    None
}

#[cfg(test)]
mod approximate_tests {
    use super::approximate;

    #[test]
    fn a_marker_may_stand_for_one_character() {
        let text = "好的感谢_见";
        let (s, e) = approximate(text, "再见").unwrap();
        assert_eq!(&text[s..e], "_见");
        assert!(approximate("您好,很高兴", "您好请").is_none());
        assert_eq!(
            approximate("很高兴为<unk>服务", "很高兴为您服务").map(|(s, e)| e - s),
            Some("很高兴为<unk>服务".len())
        );
    }

    #[test]
    fn short_phrases_need_a_marker_and_long_ones_allow_a_drop_or_a_change() {
        // 意见 is not 再见, 稍后再试 not 稍后再拨: a changed character counts only in a long phrase.
        assert!(approximate("您的意见", "再见").is_none());
        assert!(approximate("请您稍后再试", "稍后再拨").is_none());
        // An ellipsis is written punctuation too: 「……您」 is no 祝您.
        assert!(approximate("好的……您看", "祝您").is_none());
        let text = "感谢您的来点,再见";
        let (s, e) = approximate(text, "感谢您的来电").unwrap();
        assert_eq!(&text[s..e], "感谢您的来点");
        let (s, e) = approximate("很高兴为服务", "很高兴为您服务").unwrap();
        assert_eq!(&"很高兴为服务"[s..e], "很高兴为服务");
    }
}
