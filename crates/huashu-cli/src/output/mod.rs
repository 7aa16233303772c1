//! Writing results: one stream of per-file results, several formats.

mod concise;
mod csv;
mod json;
mod jsonl;
mod pretty;
mod statistics;

use std::collections::BTreeMap;
use std::io::{self, Write};

use huashu::Severity;

use crate::args::{FailOn, Format};
use crate::check::FileResult;

pub use csv::neutralise;

/// Writes results as they arrive, then a summary.
pub trait Printer {
    /// Writes the results of one input.
    fn file(&mut self, result: &FileResult) -> io::Result<()>;
    /// Writes whatever closes the output.
    fn finish(&mut self, summary: &Summary) -> io::Result<()>;
}

/// Totals over every input.
#[derive(Debug, Default, Clone)]
pub struct Summary {
    pub files: usize,
    pub files_with_errors: usize,
    pub calls: usize,
    pub agent_turns: usize,
    pub passed: usize,
    pub pass_mark: u32,
    pub violations: usize,
    pub by_severity: [usize; 3],
    pub score_total: u64,
    pub failing: usize,
    /// Per rule id: how often it fired.
    pub rules: BTreeMap<String, RuleCount>,
}

/// How often one rule fired.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct RuleCount {
    pub category: String,
    pub severity: String,
    pub violations: usize,
    pub calls: usize,
    pub turns: usize,
}

impl Summary {
    /// Adds one input's results; `fail_on` decides which violations fail the check.
    pub fn add(&mut self, result: &FileResult, fail_on: FailOn) {
        self.files += 1;
        if !result.errors.is_empty() {
            self.files_with_errors += 1;
        }
        for checked in &result.calls {
            self.calls += 1;
            self.agent_turns += checked
                .call
                .turns
                .iter()
                .filter(|t| t.speaker == huashu::Speaker::Agent)
                .count();
            if checked.report.passed {
                self.passed += 1;
            }
            self.score_total += u64::from(checked.report.score);
            let mut seen_in_call = std::collections::HashSet::new();
            let mut seen_turns = std::collections::HashSet::new();
            for v in &checked.report.violations {
                self.violations += 1;
                self.by_severity[severity_index(v.severity)] += 1;
                if fail_on.fails(v.severity) {
                    self.failing += 1;
                }
                let count = self
                    .rules
                    .entry(v.rule.clone())
                    .or_insert_with(|| RuleCount {
                        category: v.category.as_str().to_owned(),
                        severity: v.severity.as_str().to_owned(),
                        ..RuleCount::default()
                    });
                count.violations += 1;
                if seen_in_call.insert(v.rule.as_str()) {
                    count.calls += 1;
                }
                if seen_turns.insert((v.rule.as_str(), v.turn)) {
                    count.turns += 1;
                }
            }
        }
    }

    /// The share of calls that passed, if any call was checked.
    pub fn pass_rate(&self) -> Option<f64> {
        (self.calls > 0).then(|| self.passed as f64 / self.calls as f64)
    }

    /// The mean call score, if any call was checked.
    pub fn mean_score(&self) -> Option<f64> {
        (self.calls > 0).then(|| self.score_total as f64 / self.calls as f64)
    }

    /// Violations of a severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.by_severity[severity_index(severity)]
    }
}

fn severity_index(severity: Severity) -> usize {
    match severity {
        Severity::Info => 0,
        Severity::Warning => 1,
        Severity::Error => 2,
    }
}

/// The printer for a format. Pretty and concise output write problems with inputs to `err`;
/// JSON carries them in its `error` fields. With `statistics`, only the per-rule counts are
/// printed (as a table, or as JSON).
pub fn printer<'a>(
    format: Format,
    statistics: bool,
    color: bool,
    out: Box<dyn Write + 'a>,
    err: Box<dyn Write + 'a>,
) -> Box<dyn Printer + 'a> {
    if statistics {
        return Box::new(statistics::StatisticsPrinter::new(
            out,
            err,
            format == Format::Json,
        ));
    }
    match format {
        Format::Pretty => Box::new(pretty::PrettyPrinter::new(out, err, color)),
        Format::Concise => Box::new(concise::ConcisePrinter::new(out, err)),
        Format::Json => Box::new(json::JsonPrinter::new(out)),
        Format::Jsonl => Box::new(jsonl::JsonlPrinter::new(out)),
        Format::Csv => Box::new(csv::CsvPrinter::new(out, err)),
    }
}
