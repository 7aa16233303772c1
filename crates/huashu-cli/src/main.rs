//! The `huashu` command line.

mod args;
mod check;
mod inputs;
mod output;
mod packs;
mod rules;

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
    let linter = match build_linter(&args, color) {
        Ok(linter) => linter,
        Err(code) => return code,
    };
    let mut labels = Labels::default();
    for (label, speaker) in &args.labels {
        labels.insert(label, *speaker);
    }
    let options = ParseOptions::with_labels(labels);
    let paths = if args.paths.is_empty() {
        vec![".".to_owned()]
    } else {
        args.paths.clone()
    };
    let stdout = std::io::stdout().lock();
    let stderr = std::io::stderr();
    let context = output::Context {
        rules: linter.rules(),
        fail_on: args.fail_on,
        pass_mark: linter.pass_mark(),
    };
    let mut printer = output::printer(
        args.format,
        args.statistics,
        color,
        context,
        Box::new(std::io::BufWriter::new(stdout)),
        Box::new(stderr),
    );
    let mut summary = output::Summary {
        pass_mark: linter.pass_mark(),
        ..output::Summary::default()
    };
    for input in inputs::discover(&paths) {
        let result = check::check_input(&linter, &input, &options);
        summary.add(&result, args.fail_on);
        if let Err(err) = printer.file(&result) {
            return output_failed(&err);
        }
    }
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
