//! `huashu check`: every violation of every input, in the chosen format, and an exit status.

use std::process::ExitCode;

use huashu_workspace::check::{self, emit, stream, Sink, Tee, CHUNK_CALLS};
use huashu_workspace::check::{CheckedCall, FileError, FileHead};
use huashu_workspace::config::Flags;
use huashu_workspace::input::Input;
use huashu_workspace::tally::Tally;

use super::{use_color, Checking};
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
        settings,
        inputs,
        mut batch,
        threads,
    } = checking;
    let fail_on = settings.fail_on;
    let keep_source = matches!(args.format, Format::Sarif | Format::Github | Format::Junit);
    for options in batch.options_mut() {
        options.keep_source = keep_source;
        // A big input's calls are checked and printed a chunk at a time, so that its results
        // are never all held (formats that take a file whole check it all first).
        options.defer_after = (!keep_source).then_some(CHUNK_CALLS);
    }
    let batch = &*batch;
    let root = batch.root();
    let rules = batch.rules();
    let context = output::Context {
        rules: &rules,
        fail_on,
        pass_mark: root.linter.pass_mark(),
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
    let mut tally = Tally::new(root.linter.pass_mark());
    let files = inputs.iter().filter(|i| !matches!(i, Input::Stdin)).count();
    let mut progress = Progress::new(files, args.input.no_progress);
    // Warnings first: an input's warnings come before what is printed about it, as before.
    let mut sink = Tee(Warnings, Tee(&mut tally, printer.as_mut()));
    // Runs of files are checked in parallel, each with the linter of its configuration;
    // standard input, wherever it is named, is streamed with the root's.
    let indexes: Vec<usize> = (0..inputs.len()).collect();
    let is_stdin = |i: &usize| matches!(inputs[*i], Input::Stdin);
    for run in indexes.split_inclusive(is_stdin) {
        let (files, stdin) = match run.split_last() {
            Some((last, files)) if is_stdin(last) => (files, true),
            _ => (run, false),
        };
        let checked = check::ordered(
            files,
            threads,
            |&i| (i, batch.check(i, &inputs[i])),
            |(i, result)| {
                let written = progress.suspend(|| {
                    emit(&mut sink, batch.linter(i), result)?;
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
            if let Err(err) = stream::check_stdin(&root.linter, &root.options, &mut sink) {
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
