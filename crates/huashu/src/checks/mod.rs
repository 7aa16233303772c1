//! Call-level checks and the phrase-rule extras that need more than one hit or one turn:
//! required phrases (greeting, closing), responses to triggers, timing, counting, composition.
//!
//! Everything here works on [`Finding`]s: a rule index, a turn and a byte span in that turn.
//! The linter turns findings into [`crate::Violation`]s.

mod matches;
mod phrase;
mod required;
mod response;
mod timing;

use crate::call::Call;
use crate::matcher::{ConditionSet, ConditionSetBuilder, Hit, PatternRef, VariantTable};
use crate::pack::{Rule, RuleKind};

use matches::{CallMatches, Group};
pub(crate) use phrase::PhraseExtras;

/// One breach found by a check, before it becomes a violation.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Finding {
    /// Index of the rule in the linter's rules.
    pub rule: usize,
    /// Index of the turn it is reported at.
    pub turn: usize,
    /// Byte span in that turn's text.
    pub start: usize,
    pub end: usize,
    /// The phrase or regex of a phrase rule that matched, for its rewrite.
    pub pattern: Option<PatternRef>,
    /// A compliant replacement or wording.
    pub suggestion: Option<String>,
    /// What exactly is wrong, appended to the rule's message (缺少「…」, 静默 8.0 秒).
    pub detail: Option<String>,
}

impl Finding {
    /// A finding covering the whole text of turn `turn`.
    fn whole_turn(rule: usize, call: &Call, turn: usize) -> Finding {
        Finding {
            rule,
            turn,
            start: 0,
            end: call.turns[turn].text.len(),
            pattern: None,
            suggestion: None,
            detail: None,
        }
    }
}

enum Check {
    Required(required::Required),
    Response(response::Response),
    Timing(timing::Timing),
}

/// The compiled call-level rules and phrase extras of a linter.
pub(crate) struct CallChecks {
    checks: Vec<(usize, Check)>,
    extras: Vec<Option<PhraseExtras>>,
    /// Every condition of the checks and extras, scanned together.
    conditions: ConditionSet,
}

impl CallChecks {
    /// Compiles every call-level rule, and the conditions of phrase rules. The error names the
    /// rule (by index) whose text could not be compiled.
    pub(crate) fn new(rules: &[Rule], table: &VariantTable) -> Result<CallChecks, (usize, String)> {
        let mut checks = Vec::new();
        let mut extras = Vec::with_capacity(rules.len());
        let mut conditions = ConditionSetBuilder::default();
        for (i, rule) in rules.iter().enumerate() {
            let mut add = |group: Group, c| conditions.add(i, group.index(), c);
            let compiled = match &rule.kind {
                RuleKind::Phrase(p) => {
                    extras.push(PhraseExtras::new(p, &mut add));
                    continue;
                }
                RuleKind::Required(r) => Check::Required(
                    required::Required::new(r, rule.speaker, table, &mut add)
                        .map_err(|e| (i, e))?,
                ),
                RuleKind::Response(r) => Check::Response(response::Response::new(r, &mut add)),
                RuleKind::Timing(t) => {
                    Check::Timing(timing::Timing::new(t, rule.speaker, &mut add))
                }
                // Applied with the call's suppression comments, after every other check.
                RuleKind::Meta => {
                    extras.push(None);
                    continue;
                }
            };
            extras.push(None);
            checks.push((i, compiled));
        }
        let conditions = conditions.build(table)?;
        Ok(CallChecks {
            checks,
            extras,
            conditions,
        })
    }

    /// The extras (counting, composition) of phrase rule `rule`, if it has any.
    pub(crate) fn extras(&self, rule: usize) -> Option<&PhraseExtras> {
        self.extras.get(rule).and_then(Option::as_ref)
    }

    /// Turns the phrase hits of a whole call (per turn) into findings, applying composition
    /// conditions and counting, then, when `whole_call` is set, runs every call-level rule.
    pub(crate) fn findings(
        &self,
        call: &Call,
        hits: &[Vec<Hit>],
        whole_call: bool,
        table: &VariantTable,
        out: &mut Vec<Finding>,
    ) {
        let matches = CallMatches::new(&self.conditions, call);
        phrase::findings(self, call, hits, &matches, out);
        if !whole_call {
            return;
        }
        for (rule, check) in &self.checks {
            match check {
                Check::Required(c) => c.run(*rule, call, &matches, out),
                Check::Response(c) => c.run(*rule, call, &matches, table, out),
                Check::Timing(c) => c.run(*rule, call, &matches, out),
            }
        }
    }
}

/// The number of Unicode characters in `text`.
pub(crate) fn chars(text: &str) -> usize {
    text.chars().count()
}

#[cfg(test)]
mod tests;
