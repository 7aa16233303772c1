//! Running the examples of every rule as tests.

use super::Linter;
use crate::call::Call;
use crate::pack::Rule;
use crate::transcript::{self, ParseOptions, SourceFormat};

/// Whether an example was meant to raise its rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ExampleKind {
    /// A bad example: must raise the rule.
    Bad,
    /// A good example: must not raise the rule.
    Good,
}

/// An example that did not behave as its rule promises.
///
/// ```
/// // A pack whose bad example the model does not find sarcastic enough at `min = 0.99`.
/// let toml = r#"
/// [pack]
/// id = "p"
/// [[rules]]
/// id = "tone.sarcasm-strict"
/// category = "tone"
/// message = "讽刺"
/// intent = { class = "forbidden.sarcasm", min = 0.999 }
/// examples = { bad = ["您可真行,这都能忘"] }
/// "#;
/// let pack = huashu::Pack::from_toml("p.toml", toml).unwrap();
/// let failures = huashu::Linter::new([pack]).unwrap().check_examples();
/// let (class, confidence) = failures[0].confidence.clone().unwrap();
/// assert_eq!(class, "forbidden.sarcasm");
/// assert!(confidence < 0.999);
/// assert!(failures[0].to_string().contains("forbidden.sarcasm"));
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ExampleFailure {
    /// The rule whose example failed.
    pub rule: String,
    /// Bad or good.
    pub kind: ExampleKind,
    /// The example text.
    pub example: String,
    /// Every rule that fired on the example, with what it matched.
    pub fired: Vec<(String, String)>,
    /// For a rule with an `intent` condition: its (first) class and the model's highest
    /// confidence for it over the example's sentences in the condition's scope.
    pub confidence: Option<(String, f64)>,
}

impl std::fmt::Display for ExampleFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let fired = if self.fired.is_empty() {
            "nothing fired".to_owned()
        } else {
            let list: Vec<String> = self
                .fired
                .iter()
                .map(|(rule, matched)| format!("{rule} on 「{matched}」"))
                .collect();
            format!("fired: {}", list.join(", "))
        };
        let fired = match &self.confidence {
            Some((class, c)) => format!("{fired}; intent `{class}`: 置信度 {c:.2}"),
            None => fired,
        };
        match self.kind {
            ExampleKind::Bad => write!(
                f,
                "{}: bad example does not raise the rule: 「{}」 ({fired})",
                self.rule, self.example
            ),
            ExampleKind::Good => write!(
                f,
                "{}: good example raises the rule: 「{}」 ({fired})",
                self.rule, self.example
            ),
        }
    }
}

pub(crate) fn check_examples(linter: &Linter) -> Vec<ExampleFailure> {
    let mut failures = Vec::new();
    for rule in linter.rules() {
        // The meta rules' examples are suppression comments, which this linter ignores.
        if rule.kind.is_meta() && !linter.suppressions() {
            continue;
        }
        let cases = rule
            .examples
            .bad
            .iter()
            .map(|e| (ExampleKind::Bad, e))
            .chain(rule.examples.good.iter().map(|e| (ExampleKind::Good, e)));
        for (kind, example) in cases {
            let parsed = transcript::parse(example, SourceFormat::Text, &ParseOptions::default());
            let fired: Vec<(String, String)> = parsed
                .calls
                .iter()
                .flat_map(|call| linter.check(call).violations)
                .map(|v| (v.rule, v.matched))
                .collect();
            let raised = fired.iter().any(|(id, _)| id == &rule.id);
            if raised != (kind == ExampleKind::Bad) {
                failures.push(ExampleFailure {
                    rule: rule.id.clone(),
                    kind,
                    example: example.clone(),
                    fired,
                    confidence: intent_confidence(linter, rule, &parsed.calls),
                });
            }
        }
    }
    failures
}

/// The model's highest confidence, over the calls' sentences in scope, for the class of the
/// rule's first `intent` condition; `None` when the rule has none or no model is loaded.
fn intent_confidence(linter: &Linter, rule: &Rule, calls: &[Call]) -> Option<(String, f64)> {
    let model = linter.intent_model()?;
    let intents = rule.kind.intents(rule.speaker);
    let (condition, scope) = intents.first()?;
    let class = model.class_index(&condition.class)?;
    let best = calls
        .iter()
        .flat_map(|call| &call.turns)
        .filter(|turn| scope.includes(turn.speaker))
        .flat_map(|turn| model.classify_turn(&turn.text, turn.speaker))
        .filter_map(|(_, scores)| scores.get(class))
        .fold(0.0, f64::max);
    Some((condition.class.clone(), best))
}
