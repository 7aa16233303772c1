//! The `huashu` command line.

mod args;
mod check;
mod decode;
mod inputs;
mod names;
mod output;
mod packs;
mod parallel;
mod progress;
mod rules;
mod stream;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
use huashu::transcript::{Labels, ParseOptions};
use huashu::Linter;

use args::{CheckArgs, Cli, ColorChoice, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => check(args),
        Command::Rules { command } => rules::run(command, use_color(ColorChoice::Auto)),
    }
}

/// Exit statuses.
const CLEAN: u8 = 0;
const VIOLATIONS: u8 = 1;
const TROUBLE: u8 = 2;

fn check(args: CheckArgs) -> ExitCode {
    let color = use_color(args.color);
    let walk = inputs::Walk {
        globs: args.globs.clone(),
        no_ignore: args.no_ignore,
    };
    let paths = if args.paths.is_empty() {
        vec![".".to_owned()]
    } else {
        args.paths.clone()
    };
    let inputs = match inputs::discover(&paths, &walk) {
        Ok(inputs) => inputs,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(TROUBLE);
        }
    };
    let linter = match build_linter(&args, color) {
        Ok(linter) => linter,
        Err(code) => return code,
    };
    let mut labels = Labels::default();
    for (label, speaker) in &args.labels {
        labels.insert(label, *speaker);
    }
    let options = check::CheckOptions {
        parse: ParseOptions::with_labels(labels),
        encoding: args.encoding,
        names: args.name_pattern.clone(),
    };
    let threads = args.threads.map_or_else(
        || std::thread::available_parallelism().map_or(1, |n| n.get()),
        usize::from,
    );
    let stdout = std::io::stdout().lock();
    let stderr = std::io::stderr();
    let mut printer = output::printer(
        args.format,
        args.statistics,
        color,
        Box::new(std::io::BufWriter::new(stdout)),
        Box::new(stderr),
    );
    let mut summary = output::Summary {
        pass_mark: linter.pass_mark(),
        ..output::Summary::default()
    };
    let files = inputs
        .iter()
        .filter(|i| !matches!(i, inputs::Input::Stdin))
        .count();
    let mut progress = progress::Progress::new(files, args.no_progress);
    // Runs of files are checked in parallel; standard input, wherever it is named, is streamed.
    for run in inputs.split_inclusive(|i| matches!(i, inputs::Input::Stdin)) {
        let (files, stdin) = match run.split_last() {
            Some((inputs::Input::Stdin, files)) => (files, true),
            _ => (run, false),
        };
        let checked = parallel::ordered(
            files,
            threads,
            |input| check::check_input(&linter, input, &options),
            |result| {
                summary.add(&result, args.fail_on);
                let written = progress.suspend(|| {
                    for warning in &result.warnings {
                        eprintln!("warning: {}: {warning}", result.name);
                    }
                    printer.file(&result)?;
                    if progress.visible() {
                        printer.flush()?;
                    }
                    Ok(())
                });
                progress.inc();
                written
            },
        );
        if let Err(err) = checked {
            return output_failed(&err);
        }
        if stdin {
            if let Err(err) = stream::check_stdin(
                &linter,
                &options,
                args.fail_on,
                printer.as_mut(),
                &mut summary,
            ) {
                return output_failed(&err);
            }
        }
    }
    progress.finish();
    if let Err(err) = printer.finish(&summary) {
        return output_failed(&err);
    }
    ExitCode::from(if summary.files_with_errors > 0 {
        TROUBLE
    } else if summary.failing > 0 {
        VIOLATIONS
    } else {
        CLEAN
    })
}

fn output_failed(err: &std::io::Error) -> ExitCode {
    if err.kind() == std::io::ErrorKind::BrokenPipe {
        // `huashu check | head`: the reader has what it wanted.
        return ExitCode::from(CLEAN);
    }
    eprintln!("error: cannot write output: {err}");
    ExitCode::from(TROUBLE)
}

fn build_linter(args: &CheckArgs, color: bool) -> Result<Linter, ExitCode> {
    let packs = packs::load(&args.pack_args, color)?;
    Linter::builder()
        .packs(packs)
        .pass_mark(args.pass_mark)
        .build()
        .map_err(|err| {
            report(&err, color);
            ExitCode::from(TROUBLE)
        })
}

/// Renders a diagnostic (a bad pack, a linter error) to standard error.
pub(crate) fn report(diagnostic: &dyn miette::Diagnostic, color: bool) {
    let theme = if color {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    };
    let mut out = String::new();
    let handler = miette::GraphicalReportHandler::new_themed(theme);
    if handler.render_report(&mut out, diagnostic).is_err() {
        out = diagnostic.to_string();
    }
    let _ = writeln!(std::io::stderr(), "{out}");
}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    }
}
