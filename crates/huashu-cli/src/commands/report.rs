//! `huashu report`: checks a batch as `check` does and prints the numbers a QA lead reads.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use huashu_workspace::atomic::AtomicFile;
use huashu_workspace::check::{self, emit, Tee};
use huashu_workspace::config::Flags;
use huashu_workspace::tally::compare::CompareJson;
use huashu_workspace::tally::json::ReportJson;
use huashu_workspace::tally::report::{Aggregator, Report};

use super::{use_color, Checking};
use crate::args::{Cli, ColorChoice, ReportArgs, ReportFormat};
use crate::exit::{code, output_failed, CLEAN, TROUBLE};
use crate::report::{self, page::PageWriter, Render};

/// Runs `huashu report`.
pub fn run(cli: &Cli, args: &ReportArgs) -> ExitCode {
    if matches!(args.format, ReportFormat::Html | ReportFormat::Json) && args.section.is_some() {
        eprintln!(
            "error: --section applies to the table and CSV formats; HTML and JSON have every section"
        );
        return code(TROUBLE);
    }
    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    if args.format == ReportFormat::Html && to_terminal {
        eprintln!("error: not writing HTML to a terminal: use --output FILE, or redirect it");
        return code(TROUBLE);
    }
    // The earlier report first: a wrong file fails before the batch is checked.
    let before = match args.compare.as_deref().map(read_earlier).transpose() {
        Ok(before) => before,
        Err(message) => {
            eprintln!("error: {message}");
            return code(TROUBLE);
        }
    };
    let color = use_color(ColorChoice::Auto);
    let flags = Flags {
        labels: &args.labels,
        pass_mark: args.pass_mark,
        no_suppressions: args.no_suppressions,
        ..args.pack_args.flags()
    };
    let Checking {
        settings,
        inputs,
        batch,
        threads,
    } = match Checking::new(cli, color, flags, &args.paths, &args.input) {
        Ok(checking) => checking,
        Err(code) => return code,
    };
    // The run's rules, pass mark and page are the root configuration's; each input is checked
    // with the linter of its own configuration (standard input with the root's).
    let linter = &batch.root().linter;
    let mut aggregator = Aggregator::for_linter(linter);
    let indexes: Vec<usize> = (0..inputs.len()).collect();
    let label = args
        .compare
        .as_deref()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    let compare_with = before.as_ref().map(|b| (label.as_str(), b));
    let finish = |aggregator: Aggregator| {
        let mut result = aggregator.finish();
        if let Some(roster) = &settings.roster {
            result.name_agents(roster);
        }
        result
    };
    let check_all = |sink: &mut dyn check::Sink| {
        check::ordered(
            &indexes,
            threads,
            |&i| (i, batch.check(i, &inputs[i])),
            |(i, result)| {
                for warning in &result.warnings {
                    eprintln!("warning: {}: {warning}", result.name);
                }
                emit(&mut *sink, batch.linter(i), result)
            },
        )
    };

    let result = if args.format == ReportFormat::Html {
        // The page is written as the calls are checked: to a temporary file renamed at the
        // end, or straight to standard output.
        let written = match &args.output {
            Some(path) => AtomicFile::create(path).and_then(|file| {
                let (file, result) = html(
                    file,
                    args,
                    linter,
                    &mut aggregator,
                    compare_with,
                    &check_all,
                    &finish,
                )?;
                file.commit()?;
                Ok(result)
            }),
            None => {
                let stdout =
                    std::io::BufWriter::with_capacity(256 * 1024, std::io::stdout().lock());
                html(
                    stdout,
                    args,
                    linter,
                    &mut aggregator,
                    compare_with,
                    &check_all,
                    &finish,
                )
                .map(|(_, result)| result)
            }
        };
        match written {
            Ok(result) => {
                if let Some(path) = &args.output {
                    report::wrote(path, &result);
                }
                result
            }
            Err(err) => return failed(args.output.as_deref(), &err),
        }
    } else {
        if let Err(err) = check_all(&mut aggregator) {
            return output_failed(&err);
        }
        let result = finish(std::mem::replace(&mut aggregator, Aggregator::new(0)));
        let compare = before
            .as_ref()
            .map(|b| CompareJson::new(&label, b, &ReportJson::new(&result, report::GENERATOR)));
        let render = Render {
            format: args.format,
            section: args.section,
            bom: !args.no_bom,
            compare: compare.as_ref(),
        };
        if let Err(err) = report::write(&result, &render, args.output.as_deref()) {
            return failed(args.output.as_deref(), &err);
        }
        result
    };
    // The terminal table lists unreadable inputs itself; elsewhere they go to standard error.
    if args.format != ReportFormat::Table || args.output.is_some() {
        for problem in &result.problems {
            for error in &problem.errors {
                eprintln!("error: {}: {error}", problem.name);
            }
        }
    }
    code(if result.problems.is_empty() {
        CLEAN
    } else {
        TROUBLE
    })
}

/// Checks the batch into the page written to `out` and the aggregator, then finishes both.
#[allow(clippy::type_complexity)]
fn html<W: Write>(
    out: W,
    args: &ReportArgs,
    linter: &huashu::Linter,
    aggregator: &mut Aggregator,
    compare: Option<(&str, &ReportJson)>,
    check_all: &dyn Fn(&mut dyn check::Sink) -> std::io::Result<()>,
    finish: &dyn Fn(Aggregator) -> Report,
) -> std::io::Result<(W, Report)> {
    let mut page = PageWriter::new(out, linter, &args.title, args.lang, args.calls)?;
    check_all(&mut Tee(&mut *aggregator, &mut page))?;
    let result = finish(std::mem::replace(aggregator, Aggregator::new(0)));
    let out = page.finish(&result, args.calls, compare)?;
    Ok((out, result))
}

/// The earlier report of `--compare`, or what is wrong with it (naming the file).
fn read_earlier(path: &Path) -> Result<ReportJson, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|err| format!("--compare {}: cannot read it: {err}", path.display()))?;
    ReportJson::read(&text).map_err(|err| format!("--compare {}: {err}", path.display()))
}

fn failed(output: Option<&Path>, err: &std::io::Error) -> ExitCode {
    match output {
        Some(path) => {
            eprintln!("error: cannot write {}: {err}", path.display());
            code(TROUBLE)
        }
        None => output_failed(err),
    }
}
