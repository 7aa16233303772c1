//! `huashu check`: every violation of every input, in the chosen format, and an exit status.

use std::process::ExitCode;

use huashu_workspace::check::{self, emit, stream, Sink, Tee, CHUNK_CALLS};
use huashu_workspace::check::{CheckedCall, FileError, FileHead};
use huashu_workspace::config::Flags;
use huashu_workspace::input::Input;
use huashu_workspace::tally::Tally;

use super::{use_color, Checking, Setup};
use crate::args::{CheckArgs, Cli, Format};
use crate::exit::{code, output_failed, CLEAN, TROUBLE, VIOLATIONS};
use crate::output;
use crate::progress::Progress;

/// Runs `huashu check`.
pub fn run(cli: &Cli, args: &CheckArgs) -> ExitCode {
    let color = use_color(args.color);
    let flags = Flags {
        labels: &args.labels,
        fail_on: args.fail_on,
        pass_mark: args.pass_mark,
        no_suppressions: args.no_suppressions,
        ..args.pack_args.flags()
    };
    let checking = match Checking::new(cli, color, flags, &args.paths, &args.input) {
        Ok(checking) => checking,
        Err(code) => return code,
    };
    let Checking {
        setup,
        mut options,
        threads,
    } = checking;
    let Setup {
        settings,
        linter,
        inputs,
        ..
    } = &setup;
    let fail_on = settings.fail_on;
    options.keep_source = matches!(args.format, Format::Sarif | Format::Github | Format::Junit);
    // A big input's calls are checked and printed a chunk at a time, so that its results are
    // never all held (formats that take a file whole check it all first).
    options.defer_after = (!options.keep_source).then_some(CHUNK_CALLS);
    let context = output::Context {
        rules: linter.rules(),
        fail_on,
        pass_mark: linter.pass_mark(),
        bom: !args.no_bom,
    };
    let mut printer = output::printer(
        args.format,
        args.statistics,
        color,
        context,
        Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
        Box::new(std::io::stderr()),
    );
    let mut tally = Tally::new(linter.pass_mark());
    let files = inputs.iter().filter(|i| !matches!(i, Input::Stdin)).count();
    let mut progress = Progress::new(files, args.input.no_progress);
    // Warnings first: an input's warnings come before what is printed about it, as before.
    let mut sink = Tee(Warnings, Tee(&mut tally, printer.as_mut()));
    // Runs of files are checked in parallel; standard input, wherever it is named, is streamed.
    for run in inputs.split_inclusive(|i| matches!(i, Input::Stdin)) {
        let (files, stdin) = match run.split_last() {
            Some((Input::Stdin, files)) => (files, true),
            _ => (run, false),
        };
        let checked = check::ordered(
            files,
            threads,
            |input| check::check_input(setup.linter_for(input.display_name()), input, &options),
            |result| {
                let written = progress.suspend(|| {
                    let linter = setup.linter_for(&result.name);
                    emit(&mut sink, linter, result)?;
                    if progress.visible() {
                        sink.flush()?;
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
            if let Err(err) = stream::check_stdin(linter, &options, &mut sink) {
                return output_failed(&err);
            }
        }
    }
    progress.finish();
    if let Err(err) = printer.finish(&tally) {
        return output_failed(&err);
    }
    code(if tally.files_with_errors > 0 {
        TROUBLE
    } else if tally.failing(fail_on) > 0 {
        VIOLATIONS
    } else {
        CLEAN
    })
}

/// Prints each input's warnings on standard error, as they come (standard input's too).
struct Warnings;

impl Sink for Warnings {
    fn warnings(&mut self, file: &FileHead, warnings: &[String]) -> std::io::Result<()> {
        for warning in warnings {
            eprintln!("warning: {}: {warning}", file.name);
        }
        Ok(())
    }

    fn errors(&mut self, _file: &FileHead, _errors: &[FileError]) -> std::io::Result<()> {
        Ok(())
    }

    fn call(&mut self, _file: &FileHead, _checked: &CheckedCall) -> std::io::Result<()> {
        Ok(())
    }
}
