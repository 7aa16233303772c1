//! `huashu report`: checks a batch as `check` does and prints the numbers a QA lead reads.

use std::io::IsTerminal;
use std::process::ExitCode;

use huashu_workspace::check::{self, emit};
use huashu_workspace::config::Flags;
use huashu_workspace::tally::report::Aggregator;

use super::{use_color, Checking};
use crate::args::{Cli, ColorChoice, ReportArgs, ReportFormat};
use crate::exit::{code, output_failed, CLEAN, TROUBLE};
use crate::report::{self, Render};

/// Runs `huashu report`.
pub fn run(cli: &Cli, args: &ReportArgs) -> ExitCode {
    if args.format == ReportFormat::Html && args.section.is_some() {
        eprintln!("error: --section applies to the table and CSV formats; HTML has every section");
        return code(TROUBLE);
    }
    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    if args.format == ReportFormat::Html && to_terminal {
        eprintln!("error: not writing HTML to a terminal: use --output FILE, or redirect it");
        return code(TROUBLE);
    }
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
    // Transcripts are kept only for the HTML report; otherwise memory holds the aggregates.
    let keep_calls = args.format == ReportFormat::Html;
    let mut aggregator = Aggregator::for_linter(&batch.root().linter, keep_calls);
    // Each input with the linter of its configuration (standard input with the root's).
    let indexes: Vec<usize> = (0..inputs.len()).collect();
    let done = check::ordered(
        &indexes,
        threads,
        |&i| (i, batch.check(i, &inputs[i])),
        |(i, result)| {
            for warning in &result.warnings {
                eprintln!("warning: {}: {warning}", result.name);
            }
            emit(&mut aggregator, batch.linter(i), result)
        },
    );
    if let Err(err) = done {
        return output_failed(&err);
    }
    let mut result = aggregator.finish();
    if let Some(roster) = &settings.roster {
        result.name_agents(roster);
    }
    // The terminal table lists unreadable inputs itself; elsewhere they go to standard error.
    if args.format != ReportFormat::Table || args.output.is_some() {
        for problem in &result.problems {
            for error in &problem.errors {
                eprintln!("error: {}: {error}", problem.name);
            }
        }
    }
    let render = Render {
        format: args.format,
        section: args.section,
        title: &args.title,
        bom: !args.no_bom,
    };
    if let Err(err) = report::write(&result, &render, args.output.as_deref()) {
        return match &args.output {
            Some(path) => {
                eprintln!("error: cannot write {}: {err}", path.display());
                code(TROUBLE)
            }
            None => output_failed(&err),
        };
    }
    code(if result.problems.is_empty() {
        CLEAN
    } else {
        TROUBLE
    })
}
