//! Checking inputs: read, parse, lint. One bad input never stops the others.

use huashu::transcript::{self, ParseError, ParseOptions};
use huashu::{Call, CallReport, Linter};

use rayon::prelude::*;

use crate::decode::{Encoding, TextEncoding};
use crate::inputs::{self, Input};
use crate::names::{NameInfo, NamePattern};

/// How inputs are read: what `check_input` needs besides the linter.
pub struct CheckOptions {
    /// Speaker labels.
    pub parse: ParseOptions,
    /// `--encoding`, or detect.
    pub encoding: Option<Encoding>,
    /// `--name-pattern`.
    pub names: Option<NamePattern>,
    /// Keep each input's text in its [`FileResult`] (for formats that quote it, such as SARIF);
    /// otherwise it is dropped as soon as the input is parsed.
    pub keep_source: bool,
    /// Check at most this many calls of an input in [`check_input`] and leave the rest in
    /// [`FileResult::pending`], for [`check_pending`] to check while earlier ones are printed.
    /// `None` checks every call.
    pub defer_after: Option<usize>,
}

/// How many calls of a big input [`check_pending`] checks at once, and what `check` defers.
pub const CHUNK_CALLS: usize = 1024;

/// What checking one input produced.
pub struct FileResult {
    /// The name shown in output.
    pub name: String,
    /// How the input was stored, when it could be decoded.
    pub encoding: Option<TextEncoding>,
    /// The calls read and their reports, in source order.
    pub calls: Vec<CheckedCall>,
    /// Why the input, or parts of it, could not be read.
    pub errors: Vec<FileError>,
    /// Things worth saying that do not stop the input being checked (written to stderr).
    pub warnings: Vec<String>,
    /// The input's decoded text, for formats that quote it or count columns their own way
    /// (SARIF); empty when the input could not be read, and for a stream.
    pub source: String,
    /// Calls read but not checked yet (see [`CheckOptions::defer_after`]); they come after
    /// `calls`.
    pub pending: Pending,
}

/// Calls of an input left to check, with what their file name says about them.
#[derive(Default)]
pub struct Pending {
    pub calls: Vec<Call>,
    pub from_name: Option<NameInfo>,
}

/// A call and its report.
#[derive(Clone)]
pub struct CheckedCall {
    pub call: Call,
    pub report: CallReport,
}

/// A problem reading an input, at a line and column when it has one.
#[derive(Clone)]
pub struct FileError {
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for FileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.line, self.column) {
            (Some(line), Some(column)) => {
                write!(f, "line {line}, column {column}: {}", self.message)
            }
            (Some(line), None) => write!(f, "line {line}: {}", self.message),
            _ => f.write_str(&self.message),
        }
    }
}

/// Reads, parses and lints one input.
pub fn check_input(linter: &Linter, input: &Input, options: &CheckOptions) -> FileResult {
    let name = input.display_name().to_owned();
    let mut result = FileResult {
        name,
        encoding: None,
        calls: Vec::new(),
        errors: Vec::new(),
        warnings: Vec::new(),
        source: String::new(),
        pending: Pending::default(),
    };
    let source = match inputs::read(input, options.encoding) {
        Ok(source) => source,
        Err(message) => {
            // Messages from decoding already start with "line N, column M: ".
            result.errors.push(FileError::whole(message));
            return result;
        }
    };
    result.encoding = Some(source.encoding);
    let from_name = name_info(input, options, &mut result.warnings);
    let parsed = transcript::parse(&source.text, source.format, &options.parse);
    let empty = parsed.calls.is_empty() && parsed.errors.is_empty();
    let nothing = empty.then(|| nothing_to_check(&source.text));
    // The calls own their text: the source is not needed any more, unless a format quotes it.
    if options.keep_source {
        result.source = source.text;
    } else {
        drop(source.text);
    }
    // The calls of a file are checked in parallel (on the pool `--threads` sizes) and kept in
    // order: one big export uses every thread as a batch of small files does.
    let mut calls = parsed.calls;
    if let Some(limit) = options.defer_after.filter(|&limit| calls.len() > limit) {
        result.pending.calls = calls.split_off(limit);
    }
    result.calls = calls
        .into_par_iter()
        .map(|call| check_call(linter, call, from_name.as_ref()))
        .collect();
    result.pending.from_name = from_name;
    result.errors = parsed.errors.into_iter().map(FileError::from).collect();
    result.errors.extend(nothing);
    result
}

/// Checks `pending` calls [`CHUNK_CALLS`] at a time on rayon's pool and hands each to `sink`
/// in order, on this thread, so that a big input's results are never all held. With `overlap`,
/// a chunk is handed over while the next one is checked (the pool works while this thread
/// prints); without, one after the other (`--threads 1`: one thread at work).
/// Stops at the first error of `sink` (after the chunk being checked is done) and returns it.
pub fn check_pending<E>(
    linter: &Linter,
    pending: Pending,
    overlap: bool,
    mut sink: impl FnMut(CheckedCall) -> Result<(), E>,
) -> Result<(), E> {
    let from_name = pending.from_name.as_ref();
    let check = |calls: Vec<Call>| -> Vec<CheckedCall> {
        calls
            .into_par_iter()
            .map(|call| check_call(linter, call, from_name))
            .collect()
    };
    let mut calls = pending.calls.into_iter();
    let mut ready: Vec<CheckedCall> = Vec::new();
    loop {
        let next: Vec<Call> = calls.by_ref().take(CHUNK_CALLS).collect();
        if !overlap {
            if next.is_empty() {
                return Ok(());
            }
            check(next).into_iter().try_for_each(&mut sink)?;
            continue;
        }
        if next.is_empty() && ready.is_empty() {
            return Ok(());
        }
        let mut checked = Vec::new();
        let slot = &mut checked;
        rayon::in_place_scope(|scope| {
            scope.spawn(move |_| *slot = check(next));
            // Meanwhile, here (standard output is this thread's): the chunk before.
            ready.drain(..).try_for_each(&mut sink)
        })?;
        ready = checked;
    }
}

/// What `--name-pattern` reads from a file's name; a name that does not match is a warning.
fn name_info(
    input: &Input,
    options: &CheckOptions,
    warnings: &mut Vec<String>,
) -> Option<NameInfo> {
    let (Input::File(path), Some(pattern)) = (input, &options.names) else {
        return None;
    };
    let info = pattern.read(path);
    if info.is_none() {
        warnings.push(format!(
            "the file name does not match --name-pattern '{}': no agent, date, team or call id from it",
            pattern.as_str()
        ));
    }
    info
}

/// Fills what the call itself does not say from its file name, then lints it.
pub fn check_call(linter: &Linter, mut call: Call, from_name: Option<&NameInfo>) -> CheckedCall {
    if let Some(from_name) = from_name {
        call.info.fill_from(&from_name.info);
        if call.id.is_none() {
            call.id.clone_from(&from_name.call);
        }
    }
    let report = linter.check(&call);
    CheckedCall { call, report }
}

/// The error for an input with no call in it: an empty export is almost always a broken one,
/// so say so rather than pass it silently.
pub fn nothing_to_check(text: &str) -> FileError {
    let message = if text.trim_start_matches('\u{feff}').trim().is_empty() {
        "the file is empty: no turns to check"
    } else {
        "no turns found: every line is a comment or blank"
    };
    FileError::whole(message.to_owned())
}

impl FileError {
    /// An error about the whole input.
    pub fn whole(message: String) -> FileError {
        FileError {
            line: None,
            column: None,
            message,
        }
    }
}

impl From<ParseError> for FileError {
    fn from(e: ParseError) -> FileError {
        FileError {
            line: Some(e.line),
            column: Some(e.column),
            message: e.message,
        }
    }
}
