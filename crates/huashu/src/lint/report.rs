//! What a check finds: violations, and a report per call.

use serde::Serialize;

use crate::call::{Position, Speaker};
use crate::pack::{Category, Fix, Severity};

/// One breach of one rule, at one place.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Violation {
    /// The rule's id.
    pub rule: String,
    /// The rule's category.
    pub category: Category,
    /// The rule's severity.
    pub severity: Severity,
    /// The QA deduction for this breach.
    pub points: u32,
    /// Who said the offending words.
    pub speaker: Speaker,
    /// 0-based index of the turn in the call.
    pub turn: usize,
    /// Byte offset in the turn's text where the offending words start.
    pub start: usize,
    /// Byte offset in the turn's text where they end (exclusive).
    pub end: usize,
    /// The offending words, exactly as in the turn's text.
    pub matched: String,
    /// The rule's message.
    pub message: String,
    /// The compliant replacement for the offending words, when the rule gives one.
    pub suggestion: Option<String>,
    /// Further advice from the rule.
    pub help: Option<String>,
    /// Whether `suggestion` is safe to apply unasked; `None` without a suggestion.
    pub fix: Option<Fix>,
    /// Where the offending words are in the source, when the call was parsed from one.
    pub location: Option<Location>,
    /// For a finding of the intent model (the span is a sentence): its calibrated confidence,
    /// from 0 to 1. Absent from JSON otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
    /// For a finding of the intent model: the words that weighed most for it, strongest first.
    /// Absent from JSON otherwise.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    /// Whether the finding is in its rule's review band (see [`CallReport::review`]).
    #[serde(skip)]
    pub(crate) in_review: bool,
    /// What kind of finding it is, when its rule finds more than one kind: a response that
    /// never came ([`Outcome::NoReply`]), a required phrase found only approximately
    /// ([`Outcome::Approximate`]). Absent from JSON otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
}

/// What kind of finding a violation is, for the rules that find more than one kind.
///
/// ```
/// use huashu::{builtin_packs, Call, Linter, Outcome, Speaker, Turn};
/// let linter = Linter::new(builtin_packs().unwrap()).unwrap();
/// let call = Call::new(vec![
///     Turn::new(Speaker::Agent, "您好,请问有什么可以帮您?"),
///     Turn::new(Speaker::Customer, "你们乱扣费,我要投诉!"),
/// ]);
/// let report = linter.check(&call);
/// let v = report.violations.iter().find(|v| v.rule == "response.complaint").unwrap();
/// assert_eq!(v.outcome, Some(Outcome::NoReply));
/// assert_eq!(v.message, "客户投诉后通话结束,坐席未回应");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Outcome {
    /// A response rule's trigger that the expected speaker never answered before the call
    /// ended (the rule's `no_reply = "report"`), as opposed to an answer without the expected
    /// words.
    NoReply,
    /// A required phrase (greeting, closing) that counts although speech recognition dropped
    /// or changed one character of it (「感谢_见」 for 感谢来电再见): not scored, listed with
    /// the call's review items so that a reviewer can confirm it.
    Approximate,
}

/// Words that weighed for an intent finding: a word or character n-gram of the sentence.
///
/// ```
/// use huashu::{Call, Linter, Pack, Speaker, Turn};
/// let pack = Pack::from_toml("p.toml", "[pack]\nid = \"p\"\n[[rules]]\nid = \"tone.anger\"\ncategory = \"tone\"\nmessage = \"愤怒\"\nintent = { class = \"forbidden.confrontation\", min = 0.5 }\n").unwrap();
/// let linter = Linter::new([pack]).unwrap();
/// let call = Call::new(vec![Turn::new(Speaker::Agent, "您冲我嚷嚷什么,有本事您来干")]);
/// let report = linter.check(&call);
/// assert!(!report.violations.is_empty());
/// for v in report.violations.iter().chain(&report.review).filter(|v| v.confidence.is_some()) {
///     assert!(!v.evidence.is_empty());
///     for e in &v.evidence {
///         assert_eq!(&call.turns[v.turn].text[e.start..e.end], e.matched);
///         assert!(e.start >= v.start && e.end <= v.end && e.weight > 0.0);
///     }
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Evidence {
    /// Byte offset in the turn's text where the words start.
    pub start: usize,
    /// Byte offset where they end (exclusive).
    pub end: usize,
    /// The words, exactly as in the turn's text.
    pub matched: String,
    /// How much they added to the class's log-odds.
    pub weight: f64,
    /// Where they are in the source, when the call was parsed from one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
}

/// The source positions of a violation: `end` is exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Location {
    /// Where the offending words start.
    pub start: Position,
    /// Where they end (exclusive).
    pub end: Position,
}

/// The result of checking one call.
///
/// ```
/// let linter = huashu::Linter::with_builtin_packs();
/// let report = linter.check_text("喂,说话呀!");
/// assert!(report.violations.iter().any(|v| v.matched == "喂"));
/// assert!(report.score < 100);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct CallReport {
    /// The call's id, if it has one.
    pub id: Option<String>,
    /// The QA score: 100 minus the points of every violation (each rule's total capped by its
    /// `max_points`), never below 0; 0 when a fatal rule (一票否决) fired.
    pub score: u32,
    /// Whether the call passes QA: its score reaches the pass mark and no fatal rule fired.
    pub passed: bool,
    /// The violations, ordered by turn and position, including the meta rules' findings about
    /// suppression comments.
    pub violations: Vec<Violation>,
    /// The violations that suppression comments silenced (not in `violations`, not scored),
    /// ordered like `violations`: what an auditor may want to review.
    pub suppressed: Vec<Violation>,
    /// Findings of the intent model whose confidence lies in their rule's review band (between
    /// its `review` and `min`): for a QA analyst to check, not in `violations`, not scored.
    /// Ordered like `violations`. Absent from JSON when empty.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub review: Vec<Violation>,
    /// What each rule that fired took off the score, after its `max_points` cap, in the order
    /// the rules first fire in `violations`: the score is 100 minus their points (never below
    /// 0), or 0 when a fatal rule fired.
    pub deductions: Vec<Deduction>,
    /// The channel profile the call was checked with ([`crate::Linter::profile`]).
    #[serde(serialize_with = "as_str")]
    pub profile: std::sync::Arc<str>,
}

fn as_str<S: serde::Serializer>(value: &std::sync::Arc<str>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(value)
}

/// The points one rule took off one call's score.
///
/// ```
/// // 你 → 您 costs 2 points a time, at most 4 per call (honorific.ni's max_points).
/// let linter = huashu::Linter::with_builtin_packs();
/// let report = linter.check_text("你好,你的宽带你看一下,你等一下");
/// let ni = report.deductions.iter().find(|d| d.rule == "honorific.ni").unwrap();
/// assert_eq!((ni.violations, ni.points), (4, 4));
/// let lost: u32 = report.deductions.iter().map(|d| d.points).sum();
/// assert_eq!(report.score, 100 - lost);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Deduction {
    /// The rule's id.
    pub rule: String,
    /// How many of the call's violations are the rule's.
    pub violations: usize,
    /// The points they took off: the sum of their points, capped by the rule's `max_points`.
    pub points: u32,
}

impl CallReport {
    /// The most serious severity among the violations, if any.
    ///
    /// ```
    /// let linter = huashu::Linter::with_builtin_packs();
    /// assert_eq!(linter.check_text("随便你投诉").max_severity(), Some(huashu::Severity::Error));
    /// assert_eq!(linter.check_text("您好").max_severity(), None);
    /// ```
    pub fn max_severity(&self) -> Option<Severity> {
        self.violations.iter().map(|v| v.severity).max()
    }
}
