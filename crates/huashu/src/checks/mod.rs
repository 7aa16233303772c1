//! Call-level checks and the phrase-rule extras that need more than one hit or one turn:
//! required phrases (greeting, closing), responses to triggers, timing, counting, composition.
//!
//! Everything here works on [`Finding`]s: a rule index, a turn and a byte span in that turn.
//! The linter turns findings into [`crate::Violation`]s.

mod intents;
mod matches;
mod phrase;
mod repeat;
mod required;
mod response;
mod timing;

use crate::call::Call;
use crate::matcher::{ConditionSet, ConditionSetBuilder, Hit, PatternRef, VariantTable};
use crate::pack::{Condition, Rule, RuleKind};

pub(crate) use intents::{CallIntents, Intent, Intents, ModelRef};
use matches::{CallMatches, Group, Slots};
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
    /// For a finding of the intent model: how sure it is, and whether that is only in the
    /// review band (not scored).
    pub intent: Option<crate::matcher::IntentMatch>,
    /// For a finding of the intent model: the class it found, to explain the finding.
    pub class: Option<usize>,
    /// What kind of finding it is, when its rule finds more than one kind (no reply at all,
    /// a required phrase found only approximately).
    pub outcome: Option<crate::lint::Outcome>,
    /// A message that replaces the rule's (a response rule's `no_reply_message`).
    pub message: Option<String>,
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
            intent: None,
            class: None,
            outcome: None,
            message: None,
        }
    }
}

/// What a call-level check sees of the call it runs on.
pub(crate) struct CallContext<'a> {
    /// The call.
    call: &'a Call,
    /// The matches of every condition of the checks, scanned as they are asked for.
    matches: &'a CallMatches<'a>,
    /// The spelling variants, for conditions made while checking (a response's expectation
    /// filled with what its trigger captured).
    table: &'a VariantTable,
}

/// Why the call-level checks could not be compiled: the index of the rule, and what is wrong.
pub(crate) enum BuildError {
    /// A regex of its conditions does not compile.
    Regex(usize, String),
    /// An intent condition names a class the model lacks (or of the wrong speaker).
    Intent(usize, String),
}

/// A compiled call-level rule kind (required phrases, responses, timing): what it takes to
/// judge a whole call rather than one turn's words.
///
/// A new call-level kind implements this and is compiled in [`CallChecks::new`]; the linter runs
/// it on every call, and a [`crate::Session`] asks it when its findings are certain.
pub(crate) trait CallCheck: Send + Sync {
    /// Adds the findings of rule `rule` (its index in the linter's rules) on the whole call.
    fn run(&self, rule: usize, cx: &CallContext<'_>, out: &mut Vec<Finding>);

    /// Whether a finding at turn `turn` of `call`, a call still going on (its turns so far),
    /// is certain: no turn still to come can change or withdraw it.
    fn is_certain(&self, call: &Call, turn: usize) -> bool;
}

/// The compiled call-level rules and phrase extras of a linter.
pub(crate) struct CallChecks {
    /// Per rule: its call-level check, if it is a call-level rule.
    calls: Vec<Option<Box<dyn CallCheck>>>,
    /// Per rule: its phrase extras, if it is a phrase rule that has any.
    extras: Vec<Option<PhraseExtras>>,
    /// Every condition of the checks and extras, scanned together (their text; intents apart).
    conditions: ConditionSet,
    /// Per condition: its `intent`, resolved against the model, if it has one.
    condition_intents: Vec<Option<Intent>>,
    /// Where the conditions with an intent keep their merged matches.
    slots: Slots,
    /// Per rule: the intent of a phrase rule that has one.
    rule_intents: Vec<Option<Intent>>,
    /// The intent model and what the rules ask of it; `None` when no rule asks.
    intents: Option<Intents>,
}

impl CallChecks {
    /// Compiles every call-level rule, and the conditions of phrase rules. The error names the
    /// rule (by index) whose text could not be compiled.
    ///
    /// `model` is the intent model to ask (the built-in one when `None`); it is decoded only
    /// when a rule has an `intent`.
    pub(crate) fn new(
        rules: &[Rule],
        table: &VariantTable,
        model: Option<ModelRef>,
    ) -> Result<CallChecks, BuildError> {
        let mut calls: Vec<Option<Box<dyn CallCheck>>> = Vec::with_capacity(rules.len());
        let mut extras = Vec::with_capacity(rules.len());
        let mut conditions = ConditionSetBuilder::default();
        let mut condition_intents: Vec<Option<Intent>> = Vec::new();
        let mut rule_intents: Vec<Option<Intent>> = Vec::with_capacity(rules.len());
        let mut intents = rules
            .iter()
            .any(|r| r.kind.uses_intents())
            .then(|| Intents::new(model.unwrap_or_else(ModelRef::builtin)));
        for (i, rule) in rules.iter().enumerate() {
            if let Some(intents) = intents.as_mut() {
                for (condition, speakers) in rule.kind.intents(rule.speaker) {
                    intents
                        .check_speaker(condition, speakers)
                        .map_err(|m| BuildError::Intent(i, m))?;
                }
            }
            let mut failed: Option<String> = None;
            let mut add = |group: Group, c: Condition| {
                let resolved = match (c.intent.as_ref(), intents.as_mut()) {
                    (Some(ic), Some(intents)) => match intents.resolve(ic) {
                        Ok(intent) => Some(intent),
                        Err(message) => {
                            failed.get_or_insert(message);
                            None
                        }
                    },
                    _ => None,
                };
                condition_intents.push(resolved);
                conditions.add(i, group.index(), c)
            };
            let (call, extra): (Option<Box<dyn CallCheck>>, _) = match &rule.kind {
                RuleKind::Phrase(p) => (None, PhraseExtras::new(p, &mut add)),
                RuleKind::Required(r) => {
                    let check = required::Required::new(r, rule.speaker, table, &mut add)
                        .map_err(|e| BuildError::Regex(i, e))?;
                    (Some(Box::new(check)), None)
                }
                RuleKind::Response(r) => {
                    let check = response::Response::new(r, table, &mut add)
                        .map_err(|e| BuildError::Regex(i, e))?;
                    (Some(Box::new(check)), None)
                }
                RuleKind::Timing(t) => (
                    Some(Box::new(timing::Timing::new(t, rule.speaker, &mut add))),
                    None,
                ),
                RuleKind::Repeat(r) => (Some(Box::new(repeat::Repeat::new(r, rule.speaker))), None),
                // Applied with the call's suppression comments, after every other check.
                RuleKind::Meta => (None, None),
            };
            if let Some(message) = failed {
                return Err(BuildError::Intent(i, message));
            }
            let own = rule.kind.as_phrase().and_then(|p| p.intent.as_ref());
            rule_intents.push(match (own, intents.as_mut()) {
                (Some(ic), Some(intents)) => {
                    Some(intents.resolve(ic).map_err(|m| BuildError::Intent(i, m))?)
                }
                _ => None,
            });
            calls.push(call);
            extras.push(extra);
        }
        let conditions = conditions
            .build(table)
            .map_err(|(rule, message)| BuildError::Regex(rule, message))?;
        Ok(CallChecks {
            calls,
            extras,
            conditions,
            slots: Slots::new(&condition_intents),
            condition_intents,
            rule_intents,
            intents,
        })
    }

    /// The extras (counting, composition) of phrase rule `rule`, if it has any.
    pub(crate) fn extras(&self, rule: usize) -> Option<&PhraseExtras> {
        self.extras.get(rule).and_then(Option::as_ref)
    }

    /// The intent model, when a loaded rule asks it.
    pub(crate) fn intent_model(&self) -> Option<&crate::intent::Model> {
        self.intents.as_ref().map(Intents::model)
    }

    /// The call-level check of rule `rule`, if it is a call-level rule.
    pub(crate) fn call_check(&self, rule: usize) -> Option<&dyn CallCheck> {
        self.calls.get(rule).and_then(Option::as_deref)
    }

    /// Turns the phrase hits of a whole call (per turn) into findings, applying composition
    /// conditions and counting, then, when `whole_call` is set, runs every call-level rule.
    pub(crate) fn findings(
        &self,
        rules: &[Rule],
        call: &Call,
        hits: &[Vec<Hit>],
        whole_call: bool,
        table: &VariantTable,
        out: &mut Vec<Finding>,
    ) {
        let detections = CallIntents::new(self.intents.as_ref(), call);
        let matches = CallMatches::new(
            &self.conditions,
            call,
            &self.condition_intents,
            &self.slots,
            &detections,
        );
        phrase::findings(self, call, hits, &matches, out);
        phrase::intent_findings(self, call, &matches, &detections, rules, out);
        if !whole_call {
            return;
        }
        let cx = CallContext {
            call,
            matches: &matches,
            table,
        };
        for (rule, check) in self.calls.iter().enumerate() {
            if let Some(check) = check {
                check.run(rule, &cx, out);
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
