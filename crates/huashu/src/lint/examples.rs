//! Running the examples of every rule as tests.

use super::Linter;
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
#[derive(Debug, Clone, PartialEq, Eq)]
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
                });
            }
        }
    }
    failures
}
