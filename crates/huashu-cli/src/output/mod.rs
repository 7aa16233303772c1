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

use std::io::{self, Write};

use huashu::Rule;
use huashu_workspace::check::{CheckedCall, FileError, FileHead, FileResult, Sink};
use huashu_workspace::tally::Tally;

use crate::args::{FailOn, Format};

pub use csv::{neutralise, BOM};

/// An output format: a [`Sink`] that writes results as they arrive, then closes the output with
/// the batch's tally.
pub trait Printer: Sink {
    /// Writes whatever closes the output.
    fn finish(&mut self, tally: &Tally) -> io::Result<()>;
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
    fn finish(&mut self, tally: &Tally) -> io::Result<()>;
}

/// A [`Printer`] for a [`WholeFile`] format: a whole input goes straight through; the calls of
/// a stream (standard input), or of an input checked a chunk at a time, are collected until
/// the input ends.
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
        self.pending.get_or_insert_with(|| {
            let mut result = FileResult::new(file.name);
            result.encoding = file.encoding.copied();
            result
        })
    }
}

impl<W: WholeFile> Sink for Collected<W> {
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

    fn file(&mut self, result: &FileResult) -> io::Result<()> {
        self.inner.whole_file(result)
    }
}

impl<W: WholeFile> Printer for Collected<W> {
    fn finish(&mut self, tally: &Tally) -> io::Result<()> {
        self.inner.finish(tally)
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
    /// CSV starts with a UTF-8 byte-order mark (off with `--no-bom`).
    pub bom: bool,
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
        Format::Csv => Box::new(csv::CsvPrinter::new(out, err, context.bom)),
        Format::Sarif => Box::new(Collected::new(sarif::SarifPrinter::new(
            out,
            err,
            context.rules,
        ))),
        Format::Github => Box::new(Collected::new(github::GithubPrinter::new(out))),
        Format::Junit => Box::new(Collected::new(junit::JunitPrinter::new(out, err, context))),
    }
}
