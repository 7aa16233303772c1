//! Errors in rule packs, as miette diagnostics pointing into the TOML source.

use std::ops::Range;
use std::sync::Arc;

use miette::{Diagnostic, NamedSource, SourceSpan};

/// One problem in a rule pack: what is wrong, where, and what is allowed.
#[derive(Debug, Clone, thiserror::Error, Diagnostic)]
#[error("{message}")]
#[diagnostic(code(huashu::pack))]
pub struct PackProblem {
    message: String,
    #[source_code]
    source_code: NamedSource<Arc<str>>,
    #[label("{label}")]
    span: SourceSpan,
    label: String,
    #[help]
    help: Option<String>,
    line: usize,
    column: usize,
}

impl PackProblem {
    pub(crate) fn new(
        source: &PackSource,
        span: Range<usize>,
        message: impl Into<String>,
        label: impl Into<String>,
        help: Option<String>,
    ) -> Self {
        let start = span.start.min(source.text.len());
        let end = span.end.clamp(start, source.text.len());
        let (line, column) = line_column(&source.text, start);
        PackProblem {
            message: message.into(),
            source_code: NamedSource::new(&source.name, Arc::clone(&source.text))
                .with_language("toml"),
            span: (start, end - start).into(),
            label: label.into(),
            help,
            line,
            column,
        }
    }

    /// What is wrong.
    ///
    /// ```
    /// let err = huashu::Pack::from_toml("x.toml", "[pack]\nid = \"X Y\"\n").unwrap_err();
    /// assert_eq!(err.problems()[0].message(), "invalid pack id `X Y`");
    /// ```
    pub fn message(&self) -> &str {
        &self.message
    }

    /// What is allowed, or how to fix it, when there is more to say than the message.
    ///
    /// ```
    /// let err = huashu::Pack::from_toml("x.toml", "[pack]\nid = \"X Y\"\n").unwrap_err();
    /// assert!(err.problems()[0].help().unwrap().contains("lowercase"));
    /// ```
    pub fn help(&self) -> Option<&str> {
        self.help.as_deref()
    }

    /// 1-based line of the problem in the pack source.
    ///
    /// ```
    /// let err = huashu::Pack::from_toml("x.toml", "[pack]\nid = \"X Y\"\n").unwrap_err();
    /// assert_eq!(err.problems()[0].line(), 2);
    /// ```
    pub fn line(&self) -> usize {
        self.line
    }

    /// 1-based column (in characters) of the problem in the pack source.
    ///
    /// ```
    /// let err = huashu::Pack::from_toml("x.toml", "[pack]\nid = \"X Y\"\n").unwrap_err();
    /// assert_eq!(err.problems()[0].column(), 6);
    /// ```
    pub fn column(&self) -> usize {
        self.column
    }
}

/// A rule pack that could not be loaded: every problem found in it.
///
/// It renders as the first problem, with the others as related diagnostics.
///
/// ```
/// let err = huashu::Pack::from_toml("bad.toml", "[pack]\nid = \"x\"\n[[rules]]\nid = \"banned.a\"\ncategory = \"rude\"\nmessage = \"m\"\nphrases = [\"喂\"]\n").unwrap_err();
/// let problem = &err.problems()[0];
/// assert_eq!(problem.line(), 5);
/// assert!(problem.message().contains("unknown variant `rude`"));
/// ```
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}", first.message)]
pub struct PackError {
    name: String,
    first: Box<PackProblem>,
    rest: Vec<PackProblem>,
}

// Delegates to the first problem so that a pack with one problem renders as exactly that problem.
impl Diagnostic for PackError {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.first.code()
    }

    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.first
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn std::fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.first.source_code)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        self.first.labels()
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        if self.rest.is_empty() {
            None
        } else {
            Some(Box::new(self.rest.iter().map(|p| p as &dyn Diagnostic)))
        }
    }
}

impl PackError {
    pub(crate) fn new(name: &str, mut problems: Vec<PackProblem>) -> Self {
        problems.sort_by_key(|p| (p.line, p.column));
        let mut iter = problems.into_iter();
        let first = iter
            .next()
            .expect("a pack error is only built from at least one problem");
        PackError {
            name: name.to_owned(),
            first: Box::new(first),
            rest: iter.collect(),
        }
    }

    /// The pack's name (its path, or `builtin:ID`).
    ///
    /// ```
    /// let err = huashu::Pack::from_toml("team/acme.toml", "").unwrap_err();
    /// assert_eq!(err.pack_name(), "team/acme.toml");
    /// ```
    pub fn pack_name(&self) -> &str {
        &self.name
    }

    /// Every problem, in source order.
    ///
    /// ```
    /// let err = huashu::Pack::from_toml("x.toml", "[pack]\nid = \"X Y\"\n[[rules]]\nid = \"A\"\ncategory = \"banned\"\nmessage = \"m\"\nphrases = [\"喂\"]\n").unwrap_err();
    /// assert_eq!(err.problems().len(), 2);
    /// ```
    pub fn problems(&self) -> Vec<&PackProblem> {
        std::iter::once(self.first.as_ref())
            .chain(&self.rest)
            .collect()
    }
}

/// A pack's name and text, shared by its diagnostics.
pub(crate) struct PackSource {
    pub name: String,
    pub text: Arc<str>,
}

/// 1-based line and character column of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, text[line_start..offset].chars().count() + 1)
}
