//! The linter: built once from rule packs, then checks calls.

mod examples;
mod report;

use std::sync::Arc;

pub use examples::{ExampleFailure, ExampleKind};
pub use report::{CallReport, Location, SourcePosition, Violation};

use crate::call::{Call, Speaker, Turn};
use crate::matcher::{BuildError, Matcher, PatternRef};
use crate::pack::{builtin_packs, Pack, Rule, RuleKind};
use crate::segment::{JiebaSegmenter, Segmenter};

/// Why a linter could not be built from its packs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, miette::Diagnostic)]
#[non_exhaustive]
pub enum LinterError {
    /// Two loaded packs define the same rule id.
    #[error("rule `{rule}` is defined by both `{first}` and `{second}`")]
    #[diagnostic(
        code(huashu::duplicate_rule),
        help("rule ids must be unique across every loaded pack; rename one, or drop a pack")
    )]
    DuplicateRule {
        /// The rule id.
        rule: String,
        /// The pack that defined it first.
        first: String,
        /// The pack that defined it again.
        second: String,
    },
    /// A rule's regex could not be compiled once expanded for spelling variants.
    #[error("regex {index} of rule `{rule}` cannot be compiled: {message}")]
    #[diagnostic(code(huashu::regex))]
    Regex {
        /// The rule id.
        rule: String,
        /// The 0-based index of the regex in the rule.
        index: usize,
        /// The compiler's message.
        message: String,
    },
    /// The phrase automaton could not be built.
    #[error("the phrase matcher cannot be built: {0}")]
    #[diagnostic(code(huashu::matcher))]
    Matcher(String),
}

/// Builds a [`Linter`] from packs and an optional custom segmenter.
///
/// ```
/// use huashu::{Linter, Pack};
/// let pack = Pack::from_toml("p.toml", "[pack]\nid = \"p\"\n[[rules]]\nid = \"banned.wei\"\ncategory = \"banned\"\nmessage = \"禁用语\"\nphrases = [\"喂\"]\n").unwrap();
/// let linter = Linter::builder().pack(pack).build().unwrap();
/// assert_eq!(linter.rules().len(), 1);
/// ```
#[derive(Default)]
pub struct LinterBuilder {
    packs: Vec<Pack>,
    segmenter: Option<Arc<dyn Segmenter>>,
}

impl LinterBuilder {
    /// Adds a pack.
    pub fn pack(mut self, pack: Pack) -> Self {
        self.packs.push(pack);
        self
    }

    /// Adds several packs.
    pub fn packs(mut self, packs: impl IntoIterator<Item = Pack>) -> Self {
        self.packs.extend(packs);
        self
    }

    /// Replaces the default [`JiebaSegmenter`].
    pub fn segmenter(mut self, segmenter: Arc<dyn Segmenter>) -> Self {
        self.segmenter = Some(segmenter);
        self
    }

    /// Compiles every rule of every pack into one matcher.
    pub fn build(self) -> Result<Linter, LinterError> {
        let mut rules: Vec<Rule> = Vec::new();
        let mut origin: Vec<String> = Vec::new();
        for pack in self.packs {
            for rule in pack.rules {
                if let Some(i) = rules.iter().position(|r| r.id == rule.id) {
                    return Err(LinterError::DuplicateRule {
                        rule: rule.id,
                        first: origin[i].clone(),
                        second: pack.name,
                    });
                }
                origin.push(pack.name.clone());
                rules.push(rule);
            }
        }
        let matcher = Matcher::new(&rules).map_err(|e| match e {
            BuildError::Regex {
                rule,
                regex,
                message,
            } => LinterError::Regex {
                rule: rules[rule].id.clone(),
                index: regex,
                message,
            },
            BuildError::Automaton(message) => LinterError::Matcher(message),
        })?;
        Ok(Linter {
            rules,
            matcher,
            segmenter: self
                .segmenter
                .unwrap_or_else(|| Arc::new(JiebaSegmenter::new())),
        })
    }
}

/// Checks calls against rule packs. Build it once and share it: it is `Send + Sync`, and its
/// segmenter's dictionary loads on the first hit that needs a word-boundary check.
///
/// ```
/// use huashu::{Call, Linter, Speaker, Turn};
/// let linter = Linter::with_builtin_packs();
/// let call = Call::new(vec![
///     Turn::new(Speaker::Customer, "喂,我家的宽带又断了"),
///     Turn::new(Speaker::Agent, "这不是我的事,你去营业厅问一下吧"),
/// ]);
/// let report = linter.check(&call);
/// // The customer's 喂 is context, not a breach; the agent's shirking is.
/// assert!(report.violations.iter().all(|v| v.speaker == Speaker::Agent));
/// assert!(report.violations.iter().any(|v| v.matched == "这不是我的事"));
/// ```
pub struct Linter {
    rules: Vec<Rule>,
    matcher: Matcher,
    segmenter: Arc<dyn Segmenter>,
}

impl std::fmt::Debug for Linter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Linter")
            .field("rules", &self.rules.len())
            .finish_non_exhaustive()
    }
}

impl Linter {
    /// A builder.
    pub fn builder() -> LinterBuilder {
        LinterBuilder::default()
    }

    /// A linter over the given packs with the default segmenter.
    pub fn new(packs: impl IntoIterator<Item = Pack>) -> Result<Linter, LinterError> {
        Linter::builder().packs(packs).build()
    }

    /// A linter over the built-in packs.
    ///
    /// # Panics
    ///
    /// Only if the built-in packs are broken, which the test suite rules out.
    pub fn with_builtin_packs() -> Linter {
        let packs = builtin_packs().expect("the built-in packs are valid");
        Linter::new(packs).expect("the built-in packs build")
    }

    /// Every rule, in pack order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The rule with this id.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// Checks a call and scores it.
    pub fn check(&self, call: &Call) -> CallReport {
        let mut violations = Vec::new();
        for (index, turn) in call.turns.iter().enumerate() {
            self.check_turn(index, turn, &mut violations);
        }
        CallReport::new(call.id.clone(), violations)
    }

    /// Checks a bare text as one agent utterance.
    ///
    /// ```
    /// let linter = huashu::Linter::with_builtin_packs();
    /// assert!(linter.check_text("我在家喂养了一只猫").violations.is_empty());
    /// ```
    pub fn check_text(&self, text: &str) -> CallReport {
        self.check(&Call::new(vec![Turn::new(Speaker::Agent, text)]))
    }

    /// Runs every rule's examples: each bad example must raise its rule, no good one may.
    /// Returns the examples that failed (empty when all pass).
    ///
    /// ```
    /// let linter = huashu::Linter::with_builtin_packs();
    /// assert_eq!(linter.check_examples(), vec![]);
    /// ```
    pub fn check_examples(&self) -> Vec<ExampleFailure> {
        examples::check_examples(self)
    }

    fn check_turn(&self, index: usize, turn: &Turn, out: &mut Vec<Violation>) {
        for hit in self
            .matcher
            .find(&turn.text, turn.speaker, self.segmenter.as_ref())
        {
            let rule = &self.rules[hit.rule];
            let RuleKind::Phrase(phrase_rule) = &rule.kind;
            let key = match hit.pattern {
                PatternRef::Phrase(i) => phrase_rule.phrases[i].text.as_str(),
                PatternRef::Regex(i) => phrase_rule.regexes[i].source.as_str(),
            };
            let suggestion = phrase_rule.rewrite.for_pattern(key).map(str::to_owned);
            let location = turn.origin.as_ref().map(|origin| Location {
                start: origin.locate(&turn.text, hit.start, false).into(),
                end: origin.locate(&turn.text, hit.end, true).into(),
            });
            out.push(Violation {
                rule: rule.id.clone(),
                category: rule.category,
                severity: rule.severity,
                points: rule.points,
                speaker: turn.speaker,
                turn: index,
                start: hit.start,
                end: hit.end,
                matched: turn.text[hit.start..hit.end].to_owned(),
                message: rule.message.clone(),
                fix: suggestion.as_ref().and(rule.fix),
                suggestion,
                help: rule.help.clone(),
                location,
            });
        }
    }
}

#[cfg(test)]
mod tests;
