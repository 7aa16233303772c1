//! Where results go as they come: a [`Sink`] (an output format, a tally, a service's response).

use std::io;

use huashu::Linter;

use super::{check_pending, CheckedCall, FileError, FileResult};
use crate::input::TextEncoding;

/// Which input results belong to.
#[derive(Debug, Clone, Copy)]
pub struct FileHead<'r> {
    /// The name shown in output.
    pub name: &'r str,
    /// How it was stored, when it could be decoded.
    pub encoding: Option<&'r TextEncoding>,
}

/// Receives results as they come.
///
/// For every input: `begin`, then `errors` and `call` as often as there are any, in the order
/// they are met (a whole source gives its errors first; a stream gives them line by line), then
/// `end`. `flush` comes after each call of a stream, so that a reader downstream sees it at once.
///
/// ```
/// use std::io;
/// use huashu_workspace::check::{check_source, emit, CheckOptions, CheckedCall, FileError, FileHead, Sink};
///
/// /// Collects every rule that fired.
/// #[derive(Default)]
/// struct Rules(Vec<String>);
///
/// impl Sink for Rules {
///     fn errors(&mut self, _file: &FileHead, _errors: &[FileError]) -> io::Result<()> {
///         Ok(())
///     }
///     fn call(&mut self, _file: &FileHead, checked: &CheckedCall) -> io::Result<()> {
///         self.0.extend(checked.report.violations.iter().map(|v| v.rule.clone()));
///         Ok(())
///     }
/// }
///
/// let linter = huashu::Linter::with_builtin_packs();
/// let result = check_source(&linter, "s.txt", "喂,这个我不知道".as_bytes().to_vec(), None, &CheckOptions::new(Default::default()));
/// let mut rules = Rules::default();
/// emit(&mut rules, &linter, result).unwrap();
/// // A script of one line also lacks the greeting and the closing.
/// assert_eq!(rules.0, ["banned.wei", "closing.standard", "greeting.three-part", "banned.dont-know"]);
/// ```
pub trait Sink {
    /// An input starts.
    fn begin(&mut self, _file: &FileHead) -> io::Result<()> {
        Ok(())
    }
    /// Problems reading (part of) the current input.
    fn errors(&mut self, file: &FileHead, errors: &[FileError]) -> io::Result<()>;

    /// Things worth saying about an input that do not stop it being checked (the speaker taken
    /// as agent and why, a file name that does not match `--name-pattern`), each with its
    /// position when it has one; before its calls. Ignored unless a sink shows them.
    fn warnings(&mut self, _file: &FileHead, _warnings: &[String]) -> io::Result<()> {
        Ok(())
    }
    /// A call of the current input and its report.
    fn call(&mut self, file: &FileHead, checked: &CheckedCall) -> io::Result<()>;
    /// The current input is done.
    fn end(&mut self, _file: &FileHead) -> io::Result<()> {
        Ok(())
    }
    /// Writes out whatever is buffered (after each call of a stream).
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
    /// The results of one whole input: [`begin_file`], then `end`. A sink that takes an input
    /// whole (and may want its source) overrides this.
    fn file(&mut self, result: &FileResult) -> io::Result<()> {
        begin_file(self, result)?;
        self.end(&result.head())
    }
}

impl<S: Sink + ?Sized> Sink for &mut S {
    fn begin(&mut self, file: &FileHead) -> io::Result<()> {
        (**self).begin(file)
    }
    fn errors(&mut self, file: &FileHead, errors: &[FileError]) -> io::Result<()> {
        (**self).errors(file, errors)
    }
    fn warnings(&mut self, file: &FileHead, warnings: &[String]) -> io::Result<()> {
        (**self).warnings(file, warnings)
    }
    fn call(&mut self, file: &FileHead, checked: &CheckedCall) -> io::Result<()> {
        (**self).call(file, checked)
    }
    fn end(&mut self, file: &FileHead) -> io::Result<()> {
        (**self).end(file)
    }
    fn flush(&mut self) -> io::Result<()> {
        (**self).flush()
    }
    fn file(&mut self, result: &FileResult) -> io::Result<()> {
        (**self).file(result)
    }
}

/// Two sinks fed the same results, the first first: an output format and a tally, say.
#[derive(Debug)]
pub struct Tee<A, B>(pub A, pub B);

impl<A: Sink, B: Sink> Sink for Tee<A, B> {
    fn begin(&mut self, file: &FileHead) -> io::Result<()> {
        self.0.begin(file)?;
        self.1.begin(file)
    }
    fn errors(&mut self, file: &FileHead, errors: &[FileError]) -> io::Result<()> {
        self.0.errors(file, errors)?;
        self.1.errors(file, errors)
    }
    fn warnings(&mut self, file: &FileHead, warnings: &[String]) -> io::Result<()> {
        self.0.warnings(file, warnings)?;
        self.1.warnings(file, warnings)
    }
    fn call(&mut self, file: &FileHead, checked: &CheckedCall) -> io::Result<()> {
        self.0.call(file, checked)?;
        self.1.call(file, checked)
    }
    fn end(&mut self, file: &FileHead) -> io::Result<()> {
        self.0.end(file)?;
        self.1.end(file)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()?;
        self.1.flush()
    }
    fn file(&mut self, result: &FileResult) -> io::Result<()> {
        self.0.file(result)?;
        self.1.file(result)
    }
}

/// What [`Sink::file`] does but the end: the input's head, its errors and its checked calls,
/// for a caller with more calls of it to give before [`Sink::end`].
pub fn begin_file<S: Sink + ?Sized>(sink: &mut S, result: &FileResult) -> io::Result<()> {
    let head = result.head();
    sink.begin(&head)?;
    if !result.warnings.is_empty() {
        sink.warnings(&head, &result.warnings)?;
    }
    if !result.errors.is_empty() {
        sink.errors(&head, &result.errors)?;
    }
    for checked in &result.calls {
        sink.call(&head, checked)?;
    }
    Ok(())
}

/// Gives one input's results to `sink`: whole ([`Sink::file`]) when every call is checked,
/// else its checked calls, then its pending ones checked a chunk at a time
/// ([`check_pending`](super::check_pending), overlapping with the writing when rayon's pool
/// has more than one thread), then the end.
pub fn emit<S: Sink + ?Sized>(
    sink: &mut S,
    linter: &Linter,
    mut result: FileResult,
) -> io::Result<()> {
    let pending = std::mem::take(&mut result.pending);
    if pending.calls.is_empty() {
        return sink.file(&result);
    }
    begin_file(sink, &result)?;
    let head = result.head();
    let overlap = rayon::current_num_threads() > 1;
    check_pending(linter, pending, overlap, |checked| {
        sink.call(&head, &checked)
    })?;
    sink.end(&head)
}
