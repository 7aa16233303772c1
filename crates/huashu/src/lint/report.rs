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
    /// What each rule that fired took off the score, after its `max_points` cap, in the order
    /// the rules first fire in `violations`: the score is 100 minus their points (never below
    /// 0), or 0 when a fatal rule fired.
    pub deductions: Vec<Deduction>,
}

/// The points one rule took off one call's score.
///
/// ```
/// // 你 → 您 costs 1 point a time, at most 2 per call (honorific.ni's max_points).
/// let linter = huashu::Linter::with_builtin_packs();
/// let report = linter.check_text("你好,你的宽带你看一下,你等一下");
/// let ni = report.deductions.iter().find(|d| d.rule == "honorific.ni").unwrap();
/// assert_eq!((ni.violations, ni.points), (4, 2));
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
