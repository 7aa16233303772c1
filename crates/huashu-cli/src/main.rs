//! The `huashu` command line.

mod args;
mod atomic;
mod check;
mod config;
mod fix;
mod inputs;
mod output;
mod report;
mod rules;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
use huashu::Linter;

use args::{CheckArgs, Cli, ColorChoice, Command};
use config::settings::{Flags, Settings};
use config::Config;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = |color: bool| load_config(&cli, color);
    match &cli.command {
        Command::Check(args) => {
            let color = use_color(args.color);
            config(color).map_or_else(|code| code, |config| check(args, config, color))
        }
        Command::Rules { command } => {
            let color = use_color(ColorChoice::Auto);
            config(color).map_or_else(|code| code, |config| rules::run(command, config, color))
        }
        Command::Report(args) => {
            let color = use_color(ColorChoice::Auto);
            config(color).map_or_else(|code| code, |config| batch_report(args, config, color))
        }
        Command::Fix(args) => {
            let color = use_color(ColorChoice::Auto);
            config(color).map_or_else(|code| code, |config| fix(args, config, color))
        }
        Command::Init { path, force } => match config::init::write(path, *force) {
            Ok(()) => {
                eprintln!("wrote {}", path.display());
                ExitCode::from(CLEAN)
            }
            Err(message) => {
                eprintln!("error: {message}");
                ExitCode::from(TROUBLE)
            }
        },
    }
}

/// The configuration: `--config FILE`, else the first `huashu.toml` from the working directory
/// upwards, unless `--isolated`.
fn load_config(cli: &Cli, color: bool) -> Result<Option<Config>, ExitCode> {
    if cli.isolated {
        return Ok(None);
    }
    let path = match &cli.config {
        Some(path) => path.clone(),
        None => {
            let cwd = std::env::current_dir().unwrap_or_else(|_| ".".into());
            match config::discover(&cwd) {
                // Shown relative to the working directory, as input paths are.
                Some(path) => match path.strip_prefix(&cwd) {
                    Ok(relative) => relative.to_owned(),
                    Err(_) => path,
                },
                None => return Ok(None),
            }
        }
    };
    Config::load(&path).map(Some).map_err(|err| {
        report(&err, color);
        ExitCode::from(TROUBLE)
    })
}

/// Builds the linter the settings describe, reporting every problem.
pub(crate) fn build_linter(settings: &Settings, color: bool) -> Result<Linter, ExitCode> {
    settings.linter().map_err(|problems| {
        for problem in &problems {
            report(problem.as_ref(), color);
        }
        ExitCode::from(TROUBLE)
    })
}

fn fix(args: &args::FixArgs, config: Option<Config>, color: bool) -> ExitCode {
    let settings = Settings::new(
        config,
        &Flags {
            packs: Some(&args.pack_args),
            labels: &args.labels,
            ..Flags::default()
        },
    );
    let linter = match build_linter(&settings, color) {
        Ok(linter) => linter,
        Err(code) => return code,
    };
    let mode = if args.unsafe_fixes {
        huashu::FixMode::Unsafe
    } else {
        huashu::FixMode::Safe
    };
    let inputs = inputs::discover(&args.paths);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut err = std::io::stderr();
    let result = fix::run(
        &linter,
        &inputs,
        &settings.parse_options(),
        mode,
        args.diff,
        &mut out,
        &mut err,
    )
    .and_then(|code| out.flush().map(|()| code));
    match result {
        Ok(code) => ExitCode::from(code),
        Err(err) => output_failed(&err),
    }
}

fn batch_report(args: &args::ReportArgs, config: Option<Config>, color: bool) -> ExitCode {
    use args::ReportFormat;
    if args.format == ReportFormat::Html && args.section.is_some() {
        eprintln!("error: --section applies to the table and CSV formats; HTML has every section");
        return ExitCode::from(TROUBLE);
    }
    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    if args.format == ReportFormat::Html && to_terminal {
        eprintln!("error: not writing HTML to a terminal: use --output FILE, or redirect it");
        return ExitCode::from(TROUBLE);
    }
    let settings = Settings::new(
        config,
        &Flags {
            packs: Some(&args.pack_args),
            labels: &args.labels,
            pass_mark: args.pass_mark,
            ..Flags::default()
        },
    );
    let linter = match build_linter(&settings, color) {
        Ok(linter) => linter,
        Err(code) => return code,
    };
    let paths = if args.paths.is_empty() {
        vec![".".to_owned()]
    } else {
        args.paths.clone()
    };
    let inputs = inputs::discover(&paths);
    let keep_calls = args.format == ReportFormat::Html;
    let result = report::build(&linter, &inputs, &settings.parse_options(), keep_calls);
    // The terminal table lists unreadable inputs itself; elsewhere they go to standard error.
    if args.format != ReportFormat::Table || args.output.is_some() {
        for problem in &result.problems {
            for error in &problem.errors {
                eprintln!("error: {}: {error}", problem.name);
            }
        }
    }
    let render = report::Render {
        format: args.format,
        section: args.section,
        title: &args.title,
    };
    if let Err(err) = report::write(&result, &render, args.output.as_deref()) {
        return match &args.output {
            Some(path) => {
                eprintln!("error: cannot write {}: {err}", path.display());
                ExitCode::from(TROUBLE)
            }
            None => output_failed(&err),
        };
    }
    ExitCode::from(if result.problems.is_empty() {
        CLEAN
    } else {
        TROUBLE
    })
}

/// Exit statuses.
const CLEAN: u8 = 0;
const VIOLATIONS: u8 = 1;
const TROUBLE: u8 = 2;

fn check(args: &CheckArgs, config: Option<Config>, color: bool) -> ExitCode {
    let settings = Settings::new(
        config,
        &Flags {
            packs: Some(&args.pack_args),
            labels: &args.labels,
            fail_on: args.fail_on,
            pass_mark: args.pass_mark,
            ..Flags::default()
        },
    );
    let linter = match build_linter(&settings, color) {
        Ok(linter) => linter,
        Err(code) => return code,
    };
    let options = settings.parse_options();
    let paths = if args.paths.is_empty() {
        vec![".".to_owned()]
    } else {
        args.paths.clone()
    };
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
    for input in inputs::discover(&paths) {
        let result = check::check_input(&linter, &input, &options);
        summary.add(&result, settings.fail_on);
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
