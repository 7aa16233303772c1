//! `--statistics`: how often each rule fired, instead of the violations themselves.

use std::io::{self, Write};

use serde::Serialize;

use super::{FileHead, Printer, Summary};
use crate::check::{CheckedCall, FileError};

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

#[derive(Serialize)]
struct JsonRule<'a> {
    rule: &'a str,
    category: &'a str,
    severity: &'a str,
    violations: usize,
    calls: usize,
    turns: usize,
}

#[derive(Serialize)]
struct JsonStatistics<'a> {
    version: u32,
    files: usize,
    calls: usize,
    agent_turns: usize,
    violations: usize,
    rules: Vec<JsonRule<'a>>,
}

impl Printer for StatisticsPrinter<'_> {
    fn errors(&mut self, file: &FileHead, errors: &[FileError]) -> io::Result<()> {
        super::write_errors(&mut self.err, file, errors)
    }

    fn call(&mut self, _file: &FileHead, _checked: &CheckedCall) -> io::Result<()> {
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.err.flush()
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        let mut rules: Vec<_> = summary.rules.iter().collect();
        rules.sort_by(|a, b| b.1.violations.cmp(&a.1.violations).then(a.0.cmp(b.0)));
        if self.json {
            let doc = JsonStatistics {
                version: super::json::JSON_VERSION,
                files: summary.files,
                calls: summary.calls,
                agent_turns: summary.agent_turns,
                violations: summary.violations,
                rules: rules
                    .iter()
                    .map(|(id, c)| JsonRule {
                        rule: id,
                        category: &c.category,
                        severity: &c.severity,
                        violations: c.violations,
                        calls: c.calls,
                        turns: c.turns,
                    })
                    .collect(),
            };
            serde_json::to_writer_pretty(&mut self.out, &doc)?;
            writeln!(self.out)?;
        } else {
            let width = rules
                .iter()
                .map(|(id, _)| id.len())
                .max()
                .unwrap_or(4)
                .max(4);
            writeln!(
                self.out,
                "{:>10}  {:>6}  {:>6}  {:<width$}  {:<9}  {:<7}",
                "violations", "calls", "turns", "rule", "category", "severity"
            )?;
            for (id, c) in &rules {
                writeln!(
                    self.out,
                    "{:>10}  {:>6}  {:>6}  {:<width$}  {:<9}  {:<7}",
                    c.violations, c.calls, c.turns, id, c.category, c.severity
                )?;
            }
            writeln!(
                self.out,
                "{} violations in {} calls ({} agent turns) of {} files.",
                summary.violations, summary.calls, summary.agent_turns, summary.files
            )?;
        }
        self.out.flush()
    }
}
