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
        setup,
        options,
        threads,
    } = match Checking::new(cli, color, flags, &args.paths, &args.input) {
        Ok(checking) => checking,
        Err(code) => return code,
    };
    let linter = &setup.linter;
    // Transcripts are kept only for the HTML report; otherwise memory holds the aggregates.
    let keep_calls = args.format == ReportFormat::Html;
    let mut aggregator = Aggregator::for_linter(linter, keep_calls);
    let done = check::ordered(
        &setup.inputs,
        threads,
        |input| check::check_input(setup.linter_for(input.display_name()), input, &options),
        |result| {
            for warning in &result.warnings {
                eprintln!("warning: {}: {warning}", result.name);
            }
            emit(&mut aggregator, setup.linter_for(&result.name), result)
        },
    );
    if let Err(err) = done {
        return output_failed(&err);
    }
    let mut result = aggregator.finish();
    if let Some(roster) = &setup.settings.roster {
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
