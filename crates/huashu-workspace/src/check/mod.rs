//! Checking inputs: read, decode, parse, lint — one way for every source, a file or standard
//! input ([`check_source`], [`check_input`]) — and handing the results to a [`Sink`] as they
//! come ([`emit`]). One bad input never stops the others.

mod batch;
mod parallel;
mod sink;
pub mod stream;

use huashu::transcript::{self, ParseError, ParseOptions, SourceFormat};
use huashu::{Call, CallReport, Linter};

use rayon::prelude::*;

use std::sync::Arc;

use crate::input::{self, Encoding, Input, NameInfo, NamePattern, Source, TextEncoding};
use crate::roster::Roster;

pub use batch::{Batch, Checker, Group};
pub use parallel::ordered;
pub use sink::{begin_file, emit, FileHead, Sink, Tee};

/// How inputs are read: what checking them needs besides the linter.
///
/// ```
/// use huashu_workspace::check::CheckOptions;
/// let options = CheckOptions::new(Default::default());
/// assert!(options.encoding.is_none() && !options.keep_source);
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct CheckOptions {
    /// How transcripts are parsed (speaker labels, the unit of bare-number times).
    pub parse: ParseOptions,
    /// The format every input is read in (`--input-format`), instead of the one its name
    /// implies or its structure shows.
    pub format: Option<SourceFormat>,
    /// The encoding to read every input in, or `None` to detect it.
    pub encoding: Option<Encoding>,
    /// Agent, date, team and call id from file names.
    pub names: Option<NamePattern>,
    /// Teams of agents, for calls whose transcript does not name one (`[roster]`).
    pub roster: Option<Arc<Roster>>,
    /// Keep each input's text in its [`FileResult`] (for formats that quote it, such as SARIF);
    /// otherwise it is dropped as soon as the input is parsed.
    pub keep_source: bool,
    /// Check at most this many calls of an input at once and leave the rest in
    /// [`FileResult::pending`], for [`emit`] to check a chunk at a time while earlier ones are
    /// written. `None` checks every call.
    pub defer_after: Option<usize>,
}

impl CheckOptions {
    /// Options that parse with `parse`, detect encodings, read nothing from file names, drop
    /// sources once parsed and check every call at once.
    pub fn new(parse: ParseOptions) -> CheckOptions {
        CheckOptions {
            parse,
            format: None,
            encoding: None,
            names: None,
            roster: None,
            keep_source: false,
            defer_after: None,
        }
    }
}

/// How many calls of a big input [`check_pending`] checks at once; what a front end that
/// prints as it goes defers ([`CheckOptions::defer_after`]).
pub const CHUNK_CALLS: usize = 1024;

/// What checking one input produced.
#[derive(Debug)]
#[non_exhaustive]
pub struct FileResult {
    /// The name shown in output.
    pub name: String,
    /// How the input was stored, when it could be decoded.
    pub encoding: Option<TextEncoding>,
    /// The calls read and their reports, in source order.
    pub calls: Vec<CheckedCall>,
    /// Why the input, or parts of it, could not be read.
    pub errors: Vec<FileError>,
    /// Things worth saying that do not stop the input being checked.
    pub warnings: Vec<String>,
    /// The input's decoded text, for formats that quote it or count columns their own way
    /// (SARIF); empty unless [`CheckOptions::keep_source`], when the input could not be read,
    /// and for a stream.
    pub source: String,
    /// Calls read but not checked yet (see [`CheckOptions::defer_after`]); they come after
    /// `calls`.
    pub pending: Pending,
}

impl FileResult {
    /// A result with nothing in it yet, for the input `name`.
    pub fn new(name: impl Into<String>) -> FileResult {
        FileResult {
            name: name.into(),
            encoding: None,
            calls: Vec::new(),
            errors: Vec::new(),
            warnings: Vec::new(),
            source: String::new(),
            pending: Pending::default(),
        }
    }

    /// Which input this is.
    pub fn head(&self) -> FileHead<'_> {
        FileHead {
            name: &self.name,
            encoding: self.encoding.as_ref(),
        }
    }
}

/// Calls of an input left to check, with what their file name says about them.
#[derive(Debug, Default)]
#[non_exhaustive]
pub struct Pending {
    /// The calls, in source order.
    pub calls: Vec<Call>,
    /// What the input's file name says about them.
    pub from_name: Option<NameInfo>,
    /// The roster, for their teams.
    pub roster: Option<Arc<Roster>>,
}

/// A call and its report.
#[derive(Debug, Clone)]
pub struct CheckedCall {
    /// The call, with what its file name says filled in.
    pub call: Call,
    /// Its report.
    pub report: CallReport,
}

/// A problem reading an input, at a line and column when it has one.
///
/// ```
/// let error = huashu_workspace::check::FileError { line: Some(3), column: Some(7), message: "expected `:`".into() };
/// assert_eq!(error.to_string(), "line 3, column 7: expected `:`");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    /// 1-based line.
    pub line: Option<usize>,
    /// 1-based column, in characters.
    pub column: Option<usize>,
    /// What is wrong.
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

/// Reads, decodes, parses and lints one input: a file (read whole) or standard input (read
/// whole; [`stream`] reads JSON Lines a line at a time instead).
///
/// ```
/// use huashu_workspace::check::{check_input, CheckOptions};
/// use huashu_workspace::input::Input;
/// let linter = huashu::Linter::with_builtin_packs();
/// let options = CheckOptions::new(Default::default());
/// let missing = check_input(&linter, &Input::file("no/such/call.txt"), &options);
/// assert_eq!(missing.errors[0].to_string(), "no such file or directory");
/// ```
pub fn check_input(linter: &Linter, input: &Input, options: &CheckOptions) -> FileResult {
    let name = input.display_name();
    let (bytes, format) = match input::read_bytes(input) {
        Ok(read) => read,
        Err(message) => {
            let mut result = FileResult::new(name);
            result.errors.push(FileError::whole(message));
            return result;
        }
    };
    check_bytes(linter, name, bytes, format, input.below_root(), options)
}

/// Decodes, parses and lints one source's bytes, `name` being what output calls it and
/// `format` the format its name implies (`None`: sniffed from the text, as for standard input).
/// The one way a whole source is checked, whatever it was read from.
///
/// ```
/// use huashu_workspace::check::{check_source, CheckOptions};
/// let linter = huashu::Linter::with_builtin_packs();
/// let options = CheckOptions::new(Default::default());
/// let jsonl = "{\"id\": \"c1\", \"turns\": [{\"speaker\": \"agent\", \"text\": \"喂,你说\"}]}\n{oops}\n";
/// let result = check_source(&linter, "<stdin>", jsonl.as_bytes().to_vec(), None, &options);
/// assert_eq!(result.calls[0].report.id.as_deref(), Some("c1"));
/// assert!(result.calls[0].report.violations.iter().any(|v| v.rule == "banned.wei"));
/// assert_eq!(result.errors[0].line, Some(2));
/// let empty = check_source(&linter, "empty.txt", Vec::new(), None, &options);
/// assert_eq!(empty.errors[0].message, "the file is empty: no turns to check");
/// ```
pub fn check_source(
    linter: &Linter,
    name: &str,
    bytes: Vec<u8>,
    format: Option<SourceFormat>,
    options: &CheckOptions,
) -> FileResult {
    check_bytes(linter, name, bytes, format, None, options)
}

/// [`check_source`], reading agent, date, team and call id from `path` (below the input root)
/// when it is a file.
fn check_bytes(
    linter: &Linter,
    name: &str,
    bytes: Vec<u8>,
    format: Option<SourceFormat>,
    path: Option<&str>,
    options: &CheckOptions,
) -> FileResult {
    let mut result = FileResult::new(name);
    let format = options.format.or(format);
    let source = match Source::decode(bytes, format, options.encoding) {
        Ok(source) => source,
        Err(message) => {
            // Messages from decoding already start with "line N, column M: ".
            result.errors.push(FileError::whole(message));
            return result;
        }
    };
    result.encoding = Some(source.encoding);
    let from_name = name_info(path, options, &mut result.warnings);
    let parsed = transcript::parse(&source.text, source.format, &options.parse);
    // What the parser decided for the user (the speaker taken as agent, times read as starts
    // only…): said, never silent.
    result
        .warnings
        .extend(parsed.warnings.iter().map(warning_text));
    let empty = parsed.calls.is_empty() && parsed.errors.is_empty();
    let nothing = empty.then(|| nothing_to_check(&source.text));
    // The calls own their text: the source is not needed any more, unless a format quotes it.
    if options.keep_source {
        result.source = source.text;
    } else {
        drop(source.text);
    }
    // The calls of a source are checked in parallel (on rayon's pool) and kept in order: one
    // big export uses every thread as a batch of small files does.
    let mut calls = parsed.calls;
    if let Some(limit) = options.defer_after.filter(|&limit| calls.len() > limit) {
        result.pending.calls = calls.split_off(limit);
    }
    result.calls = calls
        .into_par_iter()
        .map(|call| fill_and_check(linter, call, from_name.as_ref(), options.roster.as_deref()))
        .collect();
    result.pending.from_name = from_name;
    result.pending.roster.clone_from(&options.roster);
    result.errors = parsed.errors.into_iter().map(FileError::from).collect();
    result.errors.extend(nothing);
    result
}

/// Checks `pending` calls [`CHUNK_CALLS`] at a time on rayon's pool and hands each to `sink`
/// in order, on this thread, so that a big input's results are never all held. With `overlap`,
/// a chunk is handed over while the next one is checked (the pool works while this thread
/// writes); without, one after the other (one thread at work).
/// Stops at the first error of `sink` (after the chunk being checked is done) and returns it.
///
/// ```
/// use huashu::{Call, Speaker, Turn};
/// use huashu_workspace::check::{check_pending, Pending};
/// let linter = huashu::Linter::with_builtin_packs();
/// let mut pending = Pending::default();
/// pending.calls = (0..3).map(|_| Call::new(vec![Turn::new(Speaker::Agent, "喂")])).collect();
/// let mut scores = Vec::new();
/// check_pending(&linter, pending, true, |c| { scores.push(c.report.score); Ok::<_, ()>(()) }).unwrap();
/// assert_eq!(scores.len(), 3);
/// ```
pub fn check_pending<E>(
    linter: &Linter,
    pending: Pending,
    overlap: bool,
    mut sink: impl FnMut(CheckedCall) -> Result<(), E>,
) -> Result<(), E> {
    let from_name = pending.from_name.as_ref();
    let roster = pending.roster.as_deref();
    let check = |calls: Vec<Call>| -> Vec<CheckedCall> {
        calls
            .into_par_iter()
            .map(|call| fill_and_check(linter, call, from_name, roster))
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
            // Meanwhile, here (the sink is this thread's): the chunk before.
            ready.drain(..).try_for_each(&mut sink)
        })?;
        ready = checked;
    }
}

/// A parser's warning as output shows it: `line N, column M: message`.
///
/// ```
/// use huashu::transcript::{parse, ParseOptions, SourceFormat};
/// let parsed = parse("A:喂,我的卡被吞了\nB:您好,工号1017,很高兴为您服务\n", SourceFormat::Text, &ParseOptions::default());
/// let shown = huashu_workspace::check::warning_text(&parsed.warnings[0]);
/// assert!(shown.starts_with("line 1, column 1: "), "{shown}");
/// ```
pub fn warning_text(warning: &transcript::ParseWarning) -> String {
    format!(
        "line {}, column {}: {}",
        warning.line, warning.column, warning.message
    )
}

/// What `--name-pattern` reads from a file's name; a name that does not match is a warning.
fn name_info(
    path: Option<&str>,
    options: &CheckOptions,
    warnings: &mut Vec<String>,
) -> Option<NameInfo> {
    let (Some(path), Some(pattern)) = (path, &options.names) else {
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
///
/// ```
/// use huashu::{Call, Speaker, Turn};
/// let linter = huashu::Linter::with_builtin_packs();
/// let call = Call::new(vec![Turn::new(Speaker::Agent, "您好")]);
/// let checked = huashu_workspace::check::check_call(&linter, call, None);
/// assert!(checked.report.violations.iter().all(|v| v.rule != "banned.wei"));
/// ```
pub fn check_call(linter: &Linter, call: Call, from_name: Option<&NameInfo>) -> CheckedCall {
    fill_and_check(linter, call, from_name, None)
}

/// [`check_call`], then the team from the roster when neither the call nor its file name
/// says.
///
/// ```
/// use huashu::{Call, Speaker, Turn};
/// use huashu_workspace::roster::Roster;
/// let linter = huashu::Linter::with_builtin_packs();
/// let roster = Roster::from_csv("1017,张敏,信用卡组\n", "agents.csv").unwrap();
/// let mut call = Call::new(vec![Turn::new(Speaker::Agent, "您好")]);
/// call.info.agent = Some("1017".into());
/// let checked = huashu_workspace::check::fill_and_check(&linter, call, None, Some(&roster));
/// assert_eq!(checked.call.info.team.as_deref(), Some("信用卡组"));
/// ```
pub fn fill_and_check(
    linter: &Linter,
    mut call: Call,
    from_name: Option<&NameInfo>,
    roster: Option<&Roster>,
) -> CheckedCall {
    if let Some(from_name) = from_name {
        call.info.fill_from(&from_name.info);
        if call.id.is_none() {
            call.id.clone_from(&from_name.call);
        }
    }
    if let Some(roster) = roster {
        roster.fill(&mut call.info);
    }
    let report = linter.check(&call);
    CheckedCall { call, report }
}

/// The error for an input with no call in it: an empty export is almost always a broken one,
/// so say so rather than pass it silently.
///
/// ```
/// use huashu_workspace::check::nothing_to_check;
/// assert_eq!(nothing_to_check("# 备注\n").message, "no turns found: every line is a comment or blank");
/// ```
pub fn nothing_to_check(text: &str) -> FileError {
    let message = if text.trim_start_matches('\u{feff}').trim().is_empty() {
        "the file is empty: no turns to check"
    } else {
        "no turns found: every line is a comment or blank"
    };
    FileError::whole(message.to_owned())
}
