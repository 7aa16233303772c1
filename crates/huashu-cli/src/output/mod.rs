//! Writing results: one stream of per-file results, several formats.

mod concise;
mod csv;
mod github;
mod json;
mod jsonl;
mod junit;
mod locate;
mod pretty;
mod sarif;
mod statistics;

use std::collections::BTreeMap;
use std::io::{self, Write};

use huashu::{Rule, Severity};

use crate::args::{FailOn, Format};
use crate::check::{CheckedCall, FileError, FileResult};
use crate::decode::TextEncoding;

/// Which input results belong to.
#[derive(Debug, Clone, Copy)]
pub struct FileHead<'r> {
    /// The name shown in output.
    pub name: &'r str,
    /// How it was stored, when it could be decoded.
    pub encoding: Option<&'r TextEncoding>,
}

pub use csv::neutralise;

/// Writes results as they arrive, then a summary.
///
/// For every input: `begin`, then `errors` and `call` as often as there are any, in the order
/// they are met (a whole file gives its errors first; a stream gives them line by line), then
/// `end`. `finish` closes the output.
pub trait Printer {
    /// An input starts.
    fn begin(&mut self, _file: &FileHead) -> io::Result<()> {
        Ok(())
    }
    /// Problems reading (part of) the current input.
    fn errors(&mut self, file: &FileHead, errors: &[FileError]) -> io::Result<()>;
    /// A call of the current input and its report.
    fn call(&mut self, file: &FileHead, checked: &CheckedCall) -> io::Result<()>;
    /// The current input is done.
    fn end(&mut self, _file: &FileHead) -> io::Result<()> {
        Ok(())
    }
    /// Writes out whatever is buffered (after each call of a stream).
    fn flush(&mut self) -> io::Result<()>;
    /// Writes whatever closes the output.
    fn finish(&mut self, summary: &Summary) -> io::Result<()>;

    /// Writes the results of one whole input.
    fn file(&mut self, result: &FileResult) -> io::Result<()> {
        begin_file(self, result)?;
        self.end(&result.head())
    }
}

/// Writes what `Printer::file` writes but the end: the input's head, its errors and its checked
/// calls, for a caller with more calls of it to write before [`Printer::end`].
pub fn begin_file<P: Printer + ?Sized>(printer: &mut P, result: &FileResult) -> io::Result<()> {
    let head = result.head();
    printer.begin(&head)?;
    if !result.errors.is_empty() {
        printer.errors(&head, &result.errors)?;
    }
    for checked in &result.calls {
        printer.call(&head, checked)?;
    }
    Ok(())
}

/// Writes problems reading an input as `error: NAME: …` lines (to standard error, for the
/// formats whose standard output has no place for them).
pub fn write_errors(err: &mut dyn Write, file: &FileHead, errors: &[FileError]) -> io::Result<()> {
    for error in errors {
        writeln!(err, "error: {}: {error}", file.name)?;
    }
    Ok(())
}

/// A format that writes one input at a time, all of it at once (SARIF, GitHub, JUnit): it sees
/// whole [`FileResult`]s.
pub trait WholeFile {
    /// Writes the results of one whole input.
    fn whole_file(&mut self, result: &FileResult) -> io::Result<()>;
    /// Writes whatever closes the output.
    fn finish(&mut self, summary: &Summary) -> io::Result<()>;
}

/// A [`Printer`] for a [`WholeFile`] format: a whole input goes straight through; the calls of
/// a stream (standard input) are collected until the input ends.
pub struct Collected<W> {
    inner: W,
    pending: Option<FileResult>,
}

impl<W> Collected<W> {
    /// Wraps a whole-file format.
    pub fn new(inner: W) -> Self {
        Collected {
            inner,
            pending: None,
        }
    }

    fn pending(&mut self, file: &FileHead) -> &mut FileResult {
        self.pending.get_or_insert_with(|| FileResult {
            name: file.name.to_owned(),
            encoding: file.encoding.copied(),
            calls: Vec::new(),
            errors: Vec::new(),
            warnings: Vec::new(),
            source: String::new(),
            pending: crate::check::Pending::default(),
        })
    }
}

impl<W: WholeFile> Printer for Collected<W> {
    fn begin(&mut self, file: &FileHead) -> io::Result<()> {
        self.pending = None;
        self.pending(file);
        Ok(())
    }

    fn errors(&mut self, file: &FileHead, errors: &[FileError]) -> io::Result<()> {
        self.pending(file).errors.extend(errors.iter().cloned());
        Ok(())
    }

    fn call(&mut self, file: &FileHead, checked: &CheckedCall) -> io::Result<()> {
        self.pending(file).calls.push(checked.clone());
        Ok(())
    }

    fn end(&mut self, _file: &FileHead) -> io::Result<()> {
        match self.pending.take() {
            Some(result) => self.inner.whole_file(&result),
            None => Ok(()),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        // Nothing is written before an input ends.
        Ok(())
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        self.inner.finish(summary)
    }

    fn file(&mut self, result: &FileResult) -> io::Result<()> {
        self.inner.whole_file(result)
    }
}

impl FileResult {
    /// Which input this is.
    pub fn head(&self) -> FileHead<'_> {
        FileHead {
            name: &self.name,
            encoding: self.encoding.as_ref(),
        }
    }
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
    /// Violations silenced by suppression comments (not in `violations`).
    pub suppressed: usize,
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
        self.add_file(!result.errors.is_empty());
        for checked in &result.calls {
            self.add_call(checked, fail_on);
        }
    }

    /// Counts an input, and whether it could not be read completely.
    pub fn add_file(&mut self, had_errors: bool) {
        self.files += 1;
        if had_errors {
            self.files_with_errors += 1;
        }
    }

    /// Adds one call's report.
    pub fn add_call(&mut self, checked: &CheckedCall, fail_on: FailOn) {
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
        self.suppressed += checked.report.suppressed.len();
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

/// What the CI formats need besides the results: SARIF describes every loaded rule, JUnit fails
/// a call by the same measure as the exit status.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// Every loaded rule, in load order.
    pub rules: &'a [Rule],
    /// Which violations fail the check.
    pub fail_on: FailOn,
    /// A call scoring less fails QA.
    pub pass_mark: u32,
}

/// The printer for a format. Pretty and concise output write problems with inputs to `err`;
/// JSON carries them in its `error` fields. With `statistics`, only the per-rule counts are
/// printed (as a table, or as JSON).
pub fn printer<'a>(
    format: Format,
    statistics: bool,
    color: bool,
    context: Context<'a>,
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
        Format::Sarif => Box::new(Collected::new(sarif::SarifPrinter::new(
            out,
            err,
            context.rules,
        ))),
        Format::Github => Box::new(Collected::new(github::GithubPrinter::new(out))),
        Format::Junit => Box::new(Collected::new(junit::JunitPrinter::new(out, err, context))),
    }
}
