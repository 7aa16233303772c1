//! Applying a call's suppression comments to its violations, and reporting the comments that
//! suppressed nothing, name no loaded rule, or cannot be read.

use super::meta::{
    INVALID_SUPPRESSION, META_RULE_IDS, UNKNOWN_RULE_IN_SUPPRESSION, UNUSED_SUPPRESSION,
};
use super::{Action, CommentSelector};
use crate::call::{Call, Position, Speaker, Turn};
use crate::lint::{Linter, Location, Violation};

/// Splits `violations` into those kept and those suppressed by the comments of `call`, and adds
/// the meta rules' findings about the comments to the kept ones.
pub(crate) fn apply(
    linter: &Linter,
    call: &Call,
    violations: Vec<Violation>,
) -> (Vec<Violation>, Vec<Violation>) {
    let suppressions = &call.suppressions;
    let mut used: Vec<Vec<bool>> = suppressions
        .iter()
        .map(|s| vec![false; s.selectors.len()])
        .collect();
    let mut kept = Vec::with_capacity(violations.len());
    let mut suppressed = Vec::new();
    for v in violations {
        let line = v.location.map(|l| l.start.line);
        let rule = linter.rule(&v.rule);
        let (Some(line), Some(rule)) = (line, rule) else {
            kept.push(v);
            continue;
        };
        // A required rule (greeting, closing) reports an absence at a turn of its choosing, not
        // words on a line: only a range suppresses it.
        let whole_call = rule.kind.reports_absence();
        let mut hit = false;
        for (s, flags) in suppressions.iter().zip(&mut used) {
            let applies = match s.action {
                Some(Action::Ignore) => !whole_call,
                Some(Action::Disable) => true,
                _ => false,
            };
            if !applies {
                continue;
            }
            for (selector, flag) in s.selectors.iter().zip(flags.iter_mut()) {
                let covers = selector.lines.as_ref().is_some_and(|l| l.contains(&line));
                if covers && selector.matches(rule) {
                    *flag = true;
                    hit = true;
                }
            }
        }
        if hit {
            suppressed.push(v);
        } else {
            kept.push(v);
        }
    }
    for (s, flags) in suppressions.iter().zip(&used) {
        for p in &s.problems {
            kept.extend(meta(
                linter,
                call,
                INVALID_SUPPRESSION,
                &p.message,
                &p.text,
                (p.start, p.end),
                None,
            ));
        }
        let Some(action) = s.action else {
            continue;
        };
        for (selector, _) in s.selectors.iter().zip(flags).filter(|(_, used)| !**used) {
            let Some((id, detail, suggestion)) = unused(linter, action, selector) else {
                continue;
            };
            kept.extend(meta(
                linter,
                call,
                id,
                &detail,
                &selector.text,
                (selector.start, selector.end),
                suggestion,
            ));
        }
    }
    (kept, suppressed)
}

/// What to report about a selector that suppressed nothing: the meta rule, the detail and a
/// suggested replacement. `None` for an `enable` that ended a range.
fn unused(
    linter: &Linter,
    action: Action,
    selector: &CommentSelector,
) -> Option<(&'static str, String, Option<String>)> {
    let text = &selector.text;
    let pattern = selector.selector.as_str();
    if action == Action::Enable {
        return selector.lines.is_none().then(|| {
            let detail = format!("enable[{text}] 之前没有与之对应的 disable[{text}]");
            (UNUSED_SUPPRESSION, detail, None)
        });
    }
    if META_RULE_IDS.contains(&pattern) {
        let detail = format!("规则 {pattern} 是 huashu 自身的规则,不能用注释豁免");
        return Some((UNUSED_SUPPRESSION, detail, None));
    }
    let named: Vec<_> = linter
        .rules()
        .iter()
        .filter(|r| selector.matches(r))
        .collect();
    if named.is_empty() && linter.is_switched_off(&selector.selector) {
        // The rule exists but this run leaves it out (`--select`, `--ignore`, configuration):
        // the comment is right for the runs that check it.
        return None;
    }
    if named.is_empty() && pattern != "*" {
        let suggestion = closest(linter, pattern);
        let mut detail = if pattern.ends_with('*') {
            format!("没有已加载的规则与 {text} 匹配")
        } else {
            format!("没有已加载的规则 id 为 {text}")
        };
        if let Some(s) = &suggestion {
            detail.push_str(&format!(",是否想写 {s}?"));
        }
        return Some((UNKNOWN_RULE_IN_SUPPRESSION, detail, suggestion));
    }
    let detail = if action == Action::Ignore && named.len() == 1 && named[0].kind.reports_absence()
    {
        format!("规则 {pattern} 检查整通话的开头或结尾,行级 ignore 不能豁免它,请改用 disable[{pattern}]")
    } else if selector.lines.is_none() {
        format!("注释之后没有可豁免的语句(规则 {text})")
    } else if pattern == "*" {
        "此处没有任何规则触发".to_owned()
    } else {
        format!("规则 {text} 在此处未触发")
    };
    Some((UNUSED_SUPPRESSION, detail, None))
}

/// The loaded rule id (or, for `prefix.*`, the prefix) closest to an unknown selector.
fn closest(linter: &Linter, pattern: &str) -> Option<String> {
    let rules = linter.rules().iter().filter(|r| !r.kind.is_meta());
    let (wanted, candidates, glob): (&str, Vec<&str>, bool) = match pattern.strip_suffix(".*") {
        Some(prefix) => {
            let mut names: Vec<&str> = rules
                .flat_map(|r| [r.id.split('.').next().unwrap_or(&r.id), r.pack.as_str()])
                .collect();
            names.sort_unstable();
            names.dedup();
            (prefix, names, true)
        }
        None => (pattern, rules.map(|r| r.id.as_str()).collect(), false),
    };
    let best = candidates
        .into_iter()
        .filter(|c| {
            strsim::damerau_levenshtein(c, wanted) <= 2
                || strsim::normalized_damerau_levenshtein(c, wanted) >= 0.8
        })
        .min_by_key(|c| strsim::damerau_levenshtein(c, wanted))?;
    Some(if glob {
        format!("{best}.*")
    } else {
        best.to_owned()
    })
}

/// A meta rule's finding at a span of a comment. Its turn (and speaker) is the turn the comment
/// is on or the first one after it, else the last; its byte span in that turn is empty. `None`
/// when the linter was built without that meta rule ([`crate::LinterBuilder::disable_rule`]).
fn meta(
    linter: &Linter,
    call: &Call,
    id: &str,
    detail: &str,
    matched: &str,
    (start, end): (Position, Position),
    suggestion: Option<String>,
) -> Option<Violation> {
    let rule = linter.rule(id)?;
    let turn = call
        .turns
        .iter()
        .position(|t| last_line(t).is_some_and(|l| l >= start.line))
        .unwrap_or(call.turns.len().saturating_sub(1));
    Some(Violation {
        rule: rule.id.clone(),
        category: rule.category,
        severity: rule.severity,
        points: rule.points,
        speaker: call.turns.get(turn).map_or(Speaker::Agent, |t| t.speaker),
        turn,
        start: 0,
        end: 0,
        matched: matched.to_owned(),
        message: format!("{}:{detail}", rule.message),
        suggestion,
        help: rule.help.clone(),
        fix: None,
        location: Some(Location { start, end }),
        confidence: None,
        evidence: Vec::new(),
        in_review: false,
        outcome: None,
    })
}

/// The last source line of a turn, when it has an origin.
fn last_line(turn: &Turn) -> Option<usize> {
    turn.origin.as_ref()?.anchors().last().map(|a| a.line)
}
