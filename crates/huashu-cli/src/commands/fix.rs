//! `huashu fix`: applies the rewrites of fixable rules to agent turns, in place or as a diff.
//!
//! Each file is fixed by the core's fix loop ([`huashu::Linter::fix_source`]: passes until nothing
//! changes, agent turns only, JSON-escaped in JSON sources) with the rules the settings keep.
//! A file that cannot be read, decoded or parsed cleanly is never written.

use std::io::Write;
use std::process::ExitCode;

use huashu::FixMode;
use huashu_workspace::check::{Batch, Checker};
use huashu_workspace::config::Flags;
use huashu_workspace::input::{self, decode, Input, Walk};

use super::{format_flags, use_color, Setup};
use crate::args::{Cli, ColorChoice, FixArgs};
use crate::exit::{code, output_failed, CLEAN, TROUBLE, VIOLATIONS};

/// Runs `huashu fix`.
pub fn run(cli: &Cli, args: &FixArgs) -> ExitCode {
    let color = use_color(ColorChoice::Auto);
    let flags = Flags {
        labels: &args.labels,
        encoding: args.encoding,
        allow_empty: args.allow_empty,
        ..format_flags(args.pack_args.flags(), &args.format)
    };
    let setup = match Setup::new(
        cli,
        color,
        &flags,
        true,
        Some((&args.paths, &Walk::default())),
    ) {
        Ok(setup) => setup,
        Err(code) => return code,
    };
    let mode = if args.unsafe_fixes {
        FixMode::Unsafe
    } else {
        FixMode::Safe
    };
    // Each input with the rules of the configuration nearest to it.
    let (_, inputs, batch) = setup.into_batch(&flags, color);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut err = std::io::stderr();
    let options = FixOptions {
        mode,
        diff: args.diff,
    };
    let result = fix_inputs(&batch, &inputs, &options, &mut out, &mut err)
        .and_then(|status| out.flush().map(|()| status));
    match result {
        Ok(status) => code(status),
        Err(err) => output_failed(&err),
    }
}

/// A unified diff of one file, with `a/` and `b/` headers as git prints them.
fn unified_diff(name: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(2)
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .to_string()
}

/// How `huashu fix` runs (how each input is read and parsed is its configuration's to say).
struct FixOptions {
    /// Safe rewrites only, or the suggested ones too.
    pub mode: FixMode,
    /// Print a diff instead of writing.
    pub diff: bool,
}

/// Fixes every input; writes files (or, with `diff`, prints what would change). Messages go to
/// `err`. Returns the exit status.
fn fix_inputs(
    batch: &Batch,
    inputs: &[Input],
    options: &FixOptions,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    let (mode, diff) = (options.mode, options.diff);
    let mut trouble = false;
    let mut changed_files = 0;
    let mut total = 0;
    for (i, input) in inputs.iter().enumerate() {
        let name = input.display_name().to_owned();
        let Checker { linter, options } = match batch.checker(i) {
            Ok(checker) => checker,
            Err(why) => {
                writeln!(err, "error: {name}: {why}; not fixed")?;
                trouble = true;
                continue;
            }
        };
        let (format, forced) = (options.format, options.encoding);
        let source = match input::read(input, forced) {
            Ok(source) => source,
            Err(message) => {
                writeln!(err, "error: {name}: {message}; not fixed")?;
                trouble = true;
                continue;
            }
        };
        let outcome = match linter.fix_source(
            &source.text,
            format.unwrap_or(source.format),
            &options.parse,
            mode,
        ) {
            Ok(outcome) => outcome,
            Err(errors) => {
                for e in errors {
                    let (line, column, message) = (e.line, e.column, e.message);
                    writeln!(err, "error: {name}:{line}:{column}: {message}; not fixed")?;
                }
                trouble = true;
                continue;
            }
        };
        let Some(fixed) = outcome.fixed else {
            if matches!(input, Input::Stdin) && !diff {
                // A filter passes what it does not change through, byte for byte.
                let bytes = decode::encode(&source.text, &source.encoding)
                    .expect("decoded text encodes back as it was");
                out.write_all(&bytes)?;
            }
            continue;
        };
        changed_files += 1;
        total += outcome.applied;
        let rules: Vec<String> = outcome
            .rules
            .iter()
            .map(|(rule, n)| format!("{rule} ×{n}"))
            .collect();
        if diff {
            out.write_all(unified_diff(&name, &source.text, &fixed).as_bytes())?;
            continue;
        }
        // Written back as it was stored: the same encoding and byte-order mark (line ends were
        // never touched).
        let bytes = match decode::encode(&fixed, &source.encoding) {
            Ok(bytes) => bytes,
            Err(e) => {
                writeln!(
                    err,
                    "error: {name}: the fixed text cannot be written back: {e}; not fixed"
                )?;
                trouble = true;
                continue;
            }
        };
        match input {
            Input::Stdin => out.write_all(&bytes)?,
            Input::File { path, .. } => {
                if let Err(e) = huashu_workspace::atomic::write(std::path::Path::new(path), &bytes)
                {
                    writeln!(err, "error: {name}: cannot write: {e}")?;
                    trouble = true;
                    continue;
                }
            }
            Input::Missing { .. } => unreachable!("a missing input cannot be read"),
        }
        writeln!(
            err,
            "fixed {name}: {} ({})",
            plural(outcome.applied, "rewrite"),
            rules.join(", ")
        )?;
    }
    let verb = if diff { "would apply" } else { "applied" };
    writeln!(
        err,
        "{verb} {} in {}",
        plural(total, "rewrite"),
        plural(changed_files, "file")
    )?;
    Ok(if trouble {
        TROUBLE
    } else if diff && changed_files > 0 {
        VIOLATIONS
    } else {
        CLEAN
    })
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
