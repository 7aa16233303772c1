//! Counts over a batch of checked calls. [`Tally`] is what every batch is counted with: a
//! check's summary (`huashu check`'s last lines, the JSON `summary`, `--statistics`) is a
//! tally, and a report's numbers ([`report::Aggregator`]) are a tally and the tables built
//! beside it. Counting is pure: a tally is a [`Sink`] fed results as they come.

pub mod calls;
pub mod compare;
pub mod json;
pub mod names;
pub mod report;
pub mod trend;

use std::collections::{BTreeMap, HashSet};
use std::io;

use huashu::{Severity, Speaker};

use crate::check::{CheckedCall, FileError, FileHead, Sink};
use crate::FailOn;

/// The score bins of the distribution: (lowest, highest, label), highest inclusive.
pub const BINS: [(u32, u32, &str); 6] = [
    (0, 59, "<60"),
    (60, 69, "60–69"),
    (70, 79, "70–79"),
    (80, 89, "80–89"),
    (90, 99, "90–99"),
    (100, 100, "100"),
];

/// A distribution of call scores (0–100): how many calls scored each value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scores {
    counts: [usize; 101],
}

impl Default for Scores {
    fn default() -> Self {
        Scores { counts: [0; 101] }
    }
}

impl Scores {
    /// Adds one call's score (a score above 100 counts as 100).
    pub fn add(&mut self, score: u32) {
        self.counts[score.min(100) as usize] += 1;
    }

    /// How many calls scored each value, 0 to 100.
    pub fn counts(&self) -> &[usize; 101] {
        &self.counts
    }

    /// How many scores were added.
    pub fn count(&self) -> usize {
        self.counts.iter().sum()
    }

    /// The sum of the scores.
    pub fn total(&self) -> u64 {
        self.counts
            .iter()
            .enumerate()
            .map(|(score, &n)| score as u64 * n as u64)
            .sum()
    }

    /// The mean score, if there is one.
    pub fn mean(&self) -> Option<f64> {
        let n = self.count();
        (n > 0).then(|| self.total() as f64 / n as f64)
    }

    /// The median: the middle score, or the mean of the two middle scores when the count is even.
    pub fn median(&self) -> Option<f64> {
        let n = self.count();
        if n == 0 {
            return None;
        }
        let lower = self.nth(n.div_ceil(2) - 1)?;
        let upper = self.nth(n / 2)?;
        Some(f64::from(lower + upper) / 2.0)
    }

    /// The `k`-th smallest score, 0-based.
    fn nth(&self, k: usize) -> Option<u32> {
        let mut seen = 0;
        for (score, &n) in self.counts.iter().enumerate() {
            seen += n;
            if seen > k {
                return Some(score as u32);
            }
        }
        None
    }

    /// The lowest score, if there is one.
    pub fn min(&self) -> Option<u32> {
        self.counts.iter().position(|&n| n > 0).map(|s| s as u32)
    }

    /// The highest score, if there is one.
    pub fn max(&self) -> Option<u32> {
        self.counts.iter().rposition(|&n| n > 0).map(|s| s as u32)
    }

    /// How many scores fall in each of [`BINS`].
    pub fn bins(&self) -> [usize; BINS.len()] {
        BINS.map(|(low, high, _)| self.counts[low as usize..=high as usize].iter().sum())
    }
}

/// How often one rule fired over a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleStats {
    /// The rule id.
    pub rule: String,
    /// Its category.
    pub category: String,
    /// Its severity.
    pub severity: Severity,
    /// Violations of the rule.
    pub violations: usize,
    /// Calls in which it fired at least once.
    pub calls: usize,
    /// Turns in which it fired at least once.
    pub turns: usize,
    /// Points it took off scores: per call, what the call's report deducted for it (its
    /// violations' points capped by the rule's `max_points`). A fatal rule also scores its call
    /// 0; that is not counted here.
    pub points: u64,
}

/// The counts over a batch: inputs, calls, scores, violations by severity and by rule.
///
/// ```
/// use huashu_workspace::check::{check_source, emit, CheckOptions};
/// use huashu_workspace::tally::Tally;
/// use huashu_workspace::FailOn;
/// let linter = huashu::Linter::with_builtin_packs();
/// let options = CheckOptions::new(Default::default());
/// let mut tally = Tally::new(linter.pass_mark());
/// for text in ["客服:喂,你好", "客服:您好,请问有什么可以帮您?"] {
///     let result = check_source(&linter, "call.txt", text.as_bytes().to_vec(), None, &options);
///     emit(&mut tally, &linter, result).unwrap();
/// }
/// assert_eq!((tally.files, tally.calls(), tally.agent_turns), (2, 2, 2));
/// assert!(tally.rules().any(|r| r.rule == "banned.wei" && r.calls == 1));
/// assert!(tally.failing(FailOn::Warning) > 0);
/// assert_eq!(tally.failing(FailOn::Never), 0);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tally {
    /// The pass mark the calls were scored against.
    pub pass_mark: u32,
    /// Inputs, readable or not.
    pub files: usize,
    /// Inputs that could not be read completely.
    pub files_with_errors: usize,
    /// Every call's score.
    pub scores: Scores,
    /// Calls that passed QA.
    pub passed: usize,
    /// Agent turns in the calls.
    pub agent_turns: usize,
    /// Violations (suppressed ones not included).
    pub violations: usize,
    /// Violations by severity: info, warning, error.
    pub by_severity: [usize; 3],
    /// Violations silenced by suppression comments (not in `violations`).
    pub suppressed: usize,
    /// Intent findings in their rule's review band (not in `violations`, not scored).
    pub review: usize,
    /// Per rule id.
    rules: BTreeMap<String, RuleStats>,
    /// Whether the input being fed (as a [`Sink`]) has had errors.
    current_has_errors: bool,
}

impl Tally {
    /// An empty tally of calls scored against `pass_mark`.
    pub fn new(pass_mark: u32) -> Tally {
        Tally {
            pass_mark,
            files: 0,
            files_with_errors: 0,
            scores: Scores::default(),
            passed: 0,
            agent_turns: 0,
            violations: 0,
            by_severity: [0; 3],
            suppressed: 0,
            review: 0,
            rules: BTreeMap::new(),
            current_has_errors: false,
        }
    }

    /// Counts an input, and whether it could not be read completely.
    pub fn add_file(&mut self, had_errors: bool) {
        self.files += 1;
        if had_errors {
            self.files_with_errors += 1;
        }
    }

    /// Counts one checked call.
    pub fn add_call(&mut self, checked: &CheckedCall) {
        let report = &checked.report;
        self.scores.add(report.score);
        self.passed += usize::from(report.passed);
        self.agent_turns += checked
            .call
            .turns
            .iter()
            .filter(|t| t.speaker == Speaker::Agent)
            .count();
        self.suppressed += report.suppressed.len();
        self.review += report.review.len();
        self.violations += report.violations.len();
        let mut turns = HashSet::new();
        for v in &report.violations {
            self.by_severity[severity_index(v.severity)] += 1;
            let stats = self
                .rules
                .entry(v.rule.clone())
                .or_insert_with(|| RuleStats {
                    rule: v.rule.clone(),
                    category: v.category.as_str().to_owned(),
                    severity: v.severity,
                    violations: 0,
                    calls: 0,
                    turns: 0,
                    points: 0,
                });
            stats.violations += 1;
            if turns.insert((v.rule.as_str(), v.turn)) {
                stats.turns += 1;
            }
        }
        for deduction in &report.deductions {
            if let Some(stats) = self.rules.get_mut(&deduction.rule) {
                stats.calls += 1;
                stats.points += u64::from(deduction.points);
            }
        }
    }

    /// How many calls were counted.
    pub fn calls(&self) -> usize {
        self.scores.count()
    }

    /// The share of calls that passed QA, if any call was counted.
    pub fn pass_rate(&self) -> Option<f64> {
        ratio(self.passed, self.calls())
    }

    /// The mean call score, if any call was counted.
    pub fn mean_score(&self) -> Option<f64> {
        self.scores.mean()
    }

    /// Violations per call, if any call was counted.
    pub fn violations_per_call(&self) -> Option<f64> {
        ratio(self.violations, self.calls())
    }

    /// Violations of a severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.by_severity[severity_index(severity)]
    }

    /// Violations that fail a check at `fail_on`: what makes `huashu check` exit with 1.
    pub fn failing(&self, fail_on: FailOn) -> usize {
        [Severity::Info, Severity::Warning, Severity::Error]
            .into_iter()
            .filter(|&s| fail_on.fails(s))
            .map(|s| self.count(s))
            .sum()
    }

    /// Every rule that fired, by id.
    pub fn rules(&self) -> impl Iterator<Item = &RuleStats> {
        self.rules.values()
    }
}

/// A tally counts what it is fed: every input at its end, every call.
impl Sink for Tally {
    fn begin(&mut self, _file: &FileHead) -> io::Result<()> {
        self.current_has_errors = false;
        Ok(())
    }

    fn errors(&mut self, _file: &FileHead, errors: &[FileError]) -> io::Result<()> {
        self.current_has_errors |= !errors.is_empty();
        Ok(())
    }

    fn call(&mut self, _file: &FileHead, checked: &CheckedCall) -> io::Result<()> {
        self.add_call(checked);
        Ok(())
    }

    fn end(&mut self, _file: &FileHead) -> io::Result<()> {
        self.add_file(self.current_has_errors);
        self.current_has_errors = false;
        Ok(())
    }
}

pub(crate) fn ratio(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

pub(crate) fn severity_index(severity: Severity) -> usize {
    match severity {
        Severity::Info => 0,
        Severity::Warning => 1,
        Severity::Error => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::report::Aggregator;
    use super::*;
    use crate::check::{check_source, emit, CheckOptions};

    /// `huashu check`'s summary and `huashu report`'s numbers are one tally: fed the same
    /// results they agree on every count, rule by rule.
    #[test]
    fn the_report_counts_what_the_check_summary_counts() {
        let linter = huashu::Linter::with_builtin_packs();
        let options = CheckOptions::new(Default::default());
        let sources: [&[u8]; 4] = [
            "# 通话 a\n客服:喂,你好,你找谁?\n客户:我的宽带断了\n客服:这个我不知道,你去营业厅问一下吧\n"
                .as_bytes(),
            "客服:您好,欢迎致电,很高兴为您服务,请问有什么可以帮您?\n客户:没事了\n客服:请问还有什么可以帮您?感谢来电,再见\n"
                .as_bytes(),
            b"{not json\n",
            b"",
        ];
        let mut tally = Tally::new(80);
        let mut aggregator = Aggregator::for_linter(&linter);
        for (i, bytes) in sources.iter().enumerate() {
            let name = format!("{i}.txt");
            let result = check_source(&linter, &name, bytes.to_vec(), None, &options);
            emit(&mut tally, &linter, result).unwrap();
            let result = check_source(&linter, &name, bytes.to_vec(), None, &options);
            aggregator.add(&result);
        }
        let report = aggregator.finish();
        assert_eq!((tally.files, tally.files_with_errors), (4, 2));
        assert_eq!(report.files, tally.files);
        assert_eq!(report.problems.len(), tally.files_with_errors);
        assert_eq!(report.call_count(), tally.calls());
        assert_eq!(report.passed, tally.passed);
        assert_eq!(report.violations, tally.violations);
        assert_eq!(report.by_severity, tally.by_severity);
        let mut rules: Vec<&RuleStats> = tally.rules().collect();
        rules.sort_by(|a, b| {
            b.violations
                .cmp(&a.violations)
                .then(b.calls.cmp(&a.calls))
                .then(a.rule.cmp(&b.rule))
        });
        assert_eq!(report.rules.iter().collect::<Vec<_>>(), rules);
        // Points are what each call's report deducted, capped: honorific.ni 2 points a time, at
        // most 4 a call (3 violations cost 4, not 6).
        let ni = rules.iter().find(|r| r.rule == "honorific.ni").unwrap();
        assert_eq!((ni.violations, ni.points), (3, 4));
    }
}
