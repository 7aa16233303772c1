//! `huashu fix`: applies the rewrites of fixable rules to agent turns, in place or as a diff.
//!
//! A file is fixed in passes (check, apply the non-overlapping edits, check again) until a pass
//! finds nothing to change, so a second run changes nothing. Only rules the settings keep are
//! applied, and only to agent turns. A file that cannot be read, decoded or parsed cleanly is
//! never written.

use std::io::Write;

use huashu::transcript::{self, ParseOptions, SourceFormat};
use huashu::{applied_edits, apply_edits, fix_edits, Edit, FixMode, Linter, Speaker};

use crate::decode::{self, Encoding};
use crate::inputs::{self, Input};

/// The most passes over one file; each pass fixes every edit that does not overlap another.
const MAX_PASSES: usize = 8;

/// What fixing one file came to.
pub struct FixOutcome {
    /// The fixed text, when anything changed.
    pub fixed: Option<String>,
    /// How many rewrites were applied.
    pub applied: usize,
    /// The rules whose rewrites were applied, with counts, in first-applied order.
    pub rules: Vec<(String, usize)>,
}

/// Fixes `text` (in `format`) and returns the outcome, or the parse errors that make it unsafe
/// to rewrite (`line, column, message`).
pub fn fix_text(
    linter: &Linter,
    text: &str,
    format: SourceFormat,
    options: &ParseOptions,
    mode: FixMode,
) -> Result<FixOutcome, Vec<(usize, usize, String)>> {
    let mut current = text.to_owned();
    let mut applied = 0;
    let mut rules: Vec<(String, usize)> = Vec::new();
    for pass in 0..MAX_PASSES {
        let parsed = transcript::parse(&current, format, options);
        if !parsed.errors.is_empty() {
            if pass == 0 {
                return Err(parsed
                    .errors
                    .into_iter()
                    .map(|e| (e.line, e.column, e.message))
                    .collect());
            }
            // A rewrite never touches the structure (labels, times, JSON syntax); if it ever
            // did, stop at the last clean text rather than write a broken file.
            break;
        }
        let mut edits: Vec<(Edit, String)> = Vec::new();
        for call in &parsed.calls {
            let report = linter.check(call);
            for violation in &report.violations {
                if violation.speaker != Speaker::Agent {
                    continue;
                }
                for edit in fix_edits(std::slice::from_ref(violation), mode, true) {
                    edits.push((escape_for(format, edit), violation.rule.clone()));
                }
            }
        }
        if edits.is_empty() {
            break;
        }
        let only_edits: Vec<Edit> = edits.iter().map(|(e, _)| e.clone()).collect();
        let next = apply_edits(&current, &only_edits);
        if next == current {
            break;
        }
        // Count what was applied (an edit overlapping an earlier one waits for the next pass),
        // leaving out edits that change nothing.
        let applied_now = applied_edits(&current, &only_edits)
            .into_iter()
            .filter(|&i| {
                current[only_edits[i].start..only_edits[i].end] != only_edits[i].replacement
            })
            .map(|i| edits[i].1.clone());
        for rule in applied_now {
            applied += 1;
            match rules.iter_mut().find(|(r, _)| *r == rule) {
                Some((_, n)) => *n += 1,
                None => rules.push((rule, 1)),
            }
        }
        current = next;
    }
    Ok(FixOutcome {
        fixed: (current != text).then_some(current),
        applied,
        rules,
    })
}

/// A rewrite inside a JSON string must be escaped as JSON.
fn escape_for(format: SourceFormat, mut edit: Edit) -> Edit {
    if matches!(format, SourceFormat::Json | SourceFormat::JsonLines) {
        let quoted = serde_json::to_string(&edit.replacement).expect("a string serialises");
        edit.replacement = quoted[1..quoted.len() - 1].to_owned();
    }
    edit
}

/// A unified diff of one file, with `a/` and `b/` headers as git prints them.
pub fn unified_diff(name: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(2)
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .to_string()
}

/// Exit statuses of `huashu fix`.
pub mod status {
    /// Nothing to change, or everything changed was written.
    pub const CLEAN: u8 = 0;
    /// `--diff`: there are changes to make.
    pub const WOULD_CHANGE: u8 = 1;
    /// An input could not be read, decoded, parsed or written.
    pub const TROUBLE: u8 = 2;
}

/// How `huashu fix` runs.
pub struct FixOptions {
    /// How inputs are parsed.
    pub parse: ParseOptions,
    /// Safe rewrites only, or the suggested ones too.
    pub mode: FixMode,
    /// Print a diff instead of writing.
    pub diff: bool,
    /// The encoding to read every input in, instead of detecting it.
    pub encoding: Option<Encoding>,
}

/// Fixes every input; writes files (or, with `diff`, prints what would change). Messages go to
/// `err`. Returns the exit status.
pub fn run(
    linter: &Linter,
    inputs: &[Input],
    options: &FixOptions,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<u8> {
    let FixOptions {
        parse: options,
        mode,
        diff,
        encoding: forced,
    } = options;
    let (mode, diff, forced) = (*mode, *diff, *forced);
    let mut trouble = false;
    let mut changed_files = 0;
    let mut total = 0;
    for input in inputs {
        let name = input.display_name().to_owned();
        let source = match inputs::read(input, forced) {
            Ok(source) => source,
            Err(message) => {
                writeln!(err, "error: {name}: {message}; not fixed")?;
                trouble = true;
                continue;
            }
        };
        let outcome = match fix_text(linter, &source.text, source.format, options, mode) {
            Ok(outcome) => outcome,
            Err(errors) => {
                for (line, column, message) in errors {
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
            Input::File(path) => {
                if let Err(e) = crate::atomic::write(std::path::Path::new(path), &bytes) {
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
        status::TROUBLE
    } else if diff && changed_files > 0 {
        status::WOULD_CHANGE
    } else {
        status::CLEAN
    })
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
