//! `--statistics`: how often each rule fired, instead of the violations themselves.

use std::io::{self, Write};

use super::Printer;
use huashu_workspace::check::{CheckedCall, FileError};
use huashu_workspace::check::{FileHead, Sink};
use huashu_workspace::json::JsonStatistics;
use huashu_workspace::tally::{RuleStats, Tally};

pub struct StatisticsPrinter<'a> {
    out: Box<dyn Write + 'a>,
    err: Box<dyn Write + 'a>,
    json: bool,
}

impl<'a> StatisticsPrinter<'a> {
    pub fn new(out: Box<dyn Write + 'a>, err: Box<dyn Write + 'a>, json: bool) -> Self {
        StatisticsPrinter { out, err, json }
    }
}

impl Sink for StatisticsPrinter<'_> {
    fn errors(&mut self, file: &FileHead, errors: &[FileError]) -> io::Result<()> {
        super::write_errors(&mut self.err, file, errors)
    }

    fn call(&mut self, _file: &FileHead, _checked: &CheckedCall) -> io::Result<()> {
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.err.flush()
    }
}

impl Printer for StatisticsPrinter<'_> {
    fn finish(&mut self, summary: &Tally) -> io::Result<()> {
        let mut rules: Vec<&RuleStats> = summary.rules().collect();
        rules.sort_by(|a, b| b.violations.cmp(&a.violations).then(a.rule.cmp(&b.rule)));
        if self.json {
            serde_json::to_writer_pretty(&mut self.out, &JsonStatistics::new(summary, &rules))?;
            writeln!(self.out)?;
        } else {
            let width = rules.iter().map(|r| r.rule.len()).max().unwrap_or(4).max(4);
            writeln!(
                self.out,
                "{:>10}  {:>6}  {:>6}  {:<width$}  {:<9}  {:<7}",
                "violations", "calls", "turns", "rule", "category", "severity"
            )?;
            for r in &rules {
                writeln!(
                    self.out,
                    "{:>10}  {:>6}  {:>6}  {:<width$}  {:<9}  {:<7}",
                    r.violations,
                    r.calls,
                    r.turns,
                    r.rule,
                    r.category,
                    r.severity.as_str()
                )?;
            }
            writeln!(
                self.out,
                "{} violations in {} calls ({} agent turns) of {} files.",
                summary.violations,
                summary.calls(),
                summary.agent_turns,
                summary.files
            )?;
        }
        self.out.flush()
    }
}
