//! The `huashu` command line.

mod args;
mod atomic;
mod check;
mod config;
mod decode;
mod fix;
mod inputs;
mod names;
mod output;
mod parallel;
mod progress;
mod report;
mod rules;
mod stream;

use std::io::{IsTerminal, Write};
use std::mem::ManuallyDrop;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;
use huashu::{JiebaSegmenter, Linter, Segmenter};

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

/// Builds the linter the settings describe, reporting every problem. With `preload`, jieba's
/// dictionary loads on a second thread meanwhile (about 90 ms, most of the time a one-call file
/// takes), rather than when the first hit needs a word boundary.
///
/// The linter is never dropped: every command exits soon after it is done with it, and freeing
/// its automata and the regex caches that a large batch has grown took about 5% of the time of
/// checking 50 MB (the operating system reclaims the memory at once on exit).
pub(crate) fn build_linter(
    settings: &Settings,
    color: bool,
    preload: bool,
) -> Result<ManuallyDrop<Linter>, ExitCode> {
    let segmenter = Arc::new(JiebaSegmenter::new());
    if preload {
        let segmenter = Arc::clone(&segmenter);
        // Not joined: checking waits for the dictionary only if it needs it before it is
        // loaded, and an exit before then does not wait at all.
        std::thread::spawn(move || segmenter.prepare());
    }
    match settings.linter(segmenter) {
        Ok(linter) => Ok(ManuallyDrop::new(linter)),
        Err(problems) => {
            for problem in &problems {
                report(problem.as_ref(), color);
            }
            Err(ExitCode::from(TROUBLE))
        }
    }
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
    let linter = match build_linter(&settings, color, true) {
        Ok(linter) => linter,
        Err(code) => return code,
    };
    let mode = if args.unsafe_fixes {
        huashu::FixMode::Unsafe
    } else {
        huashu::FixMode::Safe
    };
    let inputs = match inputs::discover(&args.paths, &inputs::Walk::default()) {
        Ok(inputs) => inputs,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(TROUBLE);
        }
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut err = std::io::stderr();
    let options = fix::FixOptions {
        parse: settings.parse_options(),
        mode,
        diff: args.diff,
        encoding: args.encoding,
    };
    let result = fix::run(&linter, &inputs, &options, &mut out, &mut err)
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
            no_suppressions: args.no_suppressions,
            ..Flags::default()
        },
    );
    let threads = threads(&args.input);
    let linter = match build_linter(&settings, color, threads > 1) {
        Ok(linter) => linter,
        Err(code) => return code,
    };
    let paths = if args.paths.is_empty() {
        vec![".".to_owned()]
    } else {
        args.paths.clone()
    };
    let inputs = match inputs::discover(&paths, &walk(&args.input)) {
        Ok(inputs) => inputs,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(TROUBLE);
        }
    };
    let keep_calls = args.format == ReportFormat::Html;
    let options = check_options(&settings, &args.input);
    let result = report::build(&linter, &inputs, &options, threads, keep_calls);
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

/// How directories are walked.
fn walk(args: &args::InputArgs) -> inputs::Walk {
    inputs::Walk {
        globs: args.globs.clone(),
        no_ignore: args.no_ignore,
    }
}

/// How each input is read and checked.
fn check_options(settings: &Settings, args: &args::InputArgs) -> check::CheckOptions {
    check::CheckOptions {
        parse: settings.parse_options(),
        encoding: args.encoding,
        names: args.name_pattern.clone(),
        keep_source: false,
        defer_after: None,
    }
}

/// How many threads check files (and the calls of a big file) at once. Sizes rayon's global
/// pool to match, so that `--threads 1` really uses one.
fn threads(args: &args::InputArgs) -> usize {
    let threads = args.threads.map_or_else(
        || std::thread::available_parallelism().map_or(1, |n| n.get()),
        usize::from,
    );
    // Fails only when the pool was already built, with the same size.
    let _ = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("huashu-{i}"))
        .build_global();
    threads
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
            no_suppressions: args.no_suppressions,
            ..Flags::default()
        },
    );
    let walk = walk(&args.input);
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
    let threads = threads(&args.input);
    let linter = match build_linter(&settings, color, threads > 1) {
        Ok(linter) => linter,
        Err(code) => return code,
    };
    let fail_on = settings.fail_on;
    let mut options = check_options(&settings, &args.input);
    options.keep_source = matches!(
        args.format,
        args::Format::Sarif | args::Format::Github | args::Format::Junit
    );
    // A big input's calls are checked and printed a chunk at a time, so that its results are
    // never all held (formats that take a file whole check it all first).
    options.defer_after = (!options.keep_source).then_some(check::CHUNK_CALLS);
    let stdout = std::io::stdout().lock();
    let stderr = std::io::stderr();
    let context = output::Context {
        rules: linter.rules(),
        fail_on,
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
    let files = inputs
        .iter()
        .filter(|i| !matches!(i, inputs::Input::Stdin))
        .count();
    let mut progress = progress::Progress::new(files, args.input.no_progress);
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
            |mut result| {
                summary.add(&result, fail_on);
                let pending = std::mem::take(&mut result.pending);
                let written = progress.suspend(|| {
                    for warning in &result.warnings {
                        eprintln!("warning: {}: {warning}", result.name);
                    }
                    if pending.calls.is_empty() {
                        printer.file(&result)?;
                    } else {
                        // What `Printer::file` does, with the calls left to check after the
                        // checked ones.
                        output::begin_file(printer.as_mut(), &result)?;
                        let head = result.head();
                        check::check_pending(&linter, pending, threads > 1, |checked| {
                            summary.add_call(&checked, fail_on);
                            printer.call(&head, &checked)
                        })?;
                        printer.end(&head)?;
                    }
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
            if let Err(err) =
                stream::check_stdin(&linter, &options, fail_on, printer.as_mut(), &mut summary)
            {
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

/// mimalloc (v2) rather than the system allocator: checking allocates many small, short-lived
/// vectors and strings per turn, on several threads. On the 50 MB benchmark corpus (one thread,
/// glibc 2.36) it took the run from 3.16 s to 2.28 s (15.1 to 13.4 G instructions), for a
/// higher peak (363 to 430 MB; streaming 200 MB of JSON Lines: 53 to 71 MB).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
