//! Errors in labelled data files: the file, line, column and cause, as miette diagnostics.

use std::sync::Arc;

use miette::{Diagnostic, NamedSource, SourceSpan};

/// What is wrong with a line of a data file.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DataErrorKind {
    /// Not five tab-separated columns.
    Columns {
        /// How many columns the line has.
        found: usize,
    },
    /// The speaker is neither `agent` nor `customer`.
    UnknownSpeaker(String),
    /// The business is not one of [`super::BUSINESSES`].
    UnknownBusiness(String),
    /// The register is not one of [`super::Register`]'s names.
    UnknownRegister(String),
    /// A label that is not a class id of the class list.
    UnknownClass(String),
    /// A label of a class of the other speaker.
    WrongSpeaker {
        /// The class.
        class: String,
        /// The line's speaker (`agent` or `customer`).
        speaker: String,
    },
    /// `-` together with labels, or an empty label between commas.
    BadLabels(String),
    /// The text column is empty (or only spacing and punctuation).
    EmptyText,
    /// A `#! split = …` line naming no split, or not the first line that is not blank.
    BadPin(String),
    /// The same normalised sentence of the same speaker with other labels elsewhere.
    Contradiction {
        /// This line's labels, comma-separated (`-` for none).
        labels: String,
        /// The other line's labels.
        other_labels: String,
    },
    /// The same normalised sentence pinned to another split elsewhere.
    TwoSplits {
        /// This line's split.
        split: String,
        /// The other line's split.
        other_split: String,
    },
}

impl std::fmt::Display for DataErrorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DataErrorKind::Columns { found } => write!(
                f,
                "expected 5 tab-separated columns (speaker, labels, business, register, text), found {found}"
            ),
            DataErrorKind::UnknownSpeaker(s) => {
                write!(f, "unknown speaker `{s}` (expected agent or customer)")
            }
            DataErrorKind::UnknownBusiness(s) => write!(f, "unknown business `{s}`"),
            DataErrorKind::UnknownRegister(s) => write!(f, "unknown register `{s}`"),
            DataErrorKind::UnknownClass(s) => write!(f, "unknown class `{s}`"),
            DataErrorKind::WrongSpeaker { class, speaker } => write!(
                f,
                "class `{class}` is not a class of the {speaker}'s sentences"
            ),
            DataErrorKind::BadLabels(s) => write!(f, "malformed labels `{s}`"),
            DataErrorKind::EmptyText => write!(f, "empty sentence"),
            DataErrorKind::BadPin(s) => write!(f, "malformed split pin `{s}`"),
            DataErrorKind::Contradiction {
                labels,
                other_labels,
            } => write!(
                f,
                "the same sentence is labelled `{labels}` here and `{other_labels}`"
            ),
            DataErrorKind::TwoSplits { split, other_split } => write!(
                f,
                "the same sentence is pinned to split `{split}` here and `{other_split}`"
            ),
        }
    }
}

/// One problem in the labelled data: where and what.
///
/// ```
/// use huashu::intent::{ClassList, Dataset};
/// let err = Dataset::parse(&[("a.tsv", "agent\t-\tbank\tformal\n")], ClassList::builtin()).unwrap_err();
/// let first = &err.errors()[0];
/// assert_eq!((first.file.as_str(), first.line, first.column), ("a.tsv", 1, 1));
/// assert_eq!(first.to_string(), "a.tsv:1:1: expected 5 tab-separated columns (speaker, labels, business, register, text), found 4");
/// ```
#[derive(Debug, Clone, thiserror::Error, Diagnostic)]
#[error("{file}:{line}:{column}: {kind}{}", other_place(.other))]
#[diagnostic(code(huashu::intents::data))]
pub struct DataError {
    /// The file's name as given.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters, of the field at fault.
    pub column: usize,
    /// What is wrong.
    pub kind: DataErrorKind,
    /// The other place, for a contradiction or a second split: (file, line).
    pub other: Option<(String, usize)>,
    #[source_code]
    source_code: NamedSource<Arc<str>>,
    #[label("here")]
    span: SourceSpan,
}

fn other_place(other: &Option<(String, usize)>) -> String {
    match other {
        Some((file, line)) => format!(" at {file}:{line}"),
        None => String::new(),
    }
}

impl DataError {
    /// An error at byte range `span` of line `line` (1-based) of `file`.
    pub(crate) fn new(
        file: &str,
        source: &Arc<str>,
        line: usize,
        span: std::ops::Range<usize>,
        kind: DataErrorKind,
    ) -> DataError {
        let line_start = source[..span.start].rfind('\n').map_or(0, |i| i + 1);
        let column = source[line_start..span.start].chars().count() + 1;
        DataError {
            file: file.to_string(),
            line,
            column,
            kind,
            other: None,
            source_code: NamedSource::new(file, Arc::clone(source)),
            span: (span.start, span.len()).into(),
        }
    }

    /// The same error, naming the other place it conflicts with.
    pub(crate) fn with_other(mut self, file: &str, line: usize) -> DataError {
        self.other = Some((file.to_string(), line));
        self
    }
}

/// Every problem found in the data (parsing goes on past the first, so that one run lists them
/// all), in file and line order.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{} error(s) in the intent data; the first: {}", .0.len(), .0[0])]
pub struct DataErrors(pub(crate) Vec<DataError>);

impl DataErrors {
    /// The errors, in file and line order.
    ///
    /// ```
    /// use huashu::intent::{ClassList, Dataset};
    /// let err = Dataset::parse(&[("a.tsv", "bot\t-\tbank\tformal\t好的\n")], ClassList::builtin()).unwrap_err();
    /// assert_eq!(err.errors().len(), 1);
    /// ```
    pub fn errors(&self) -> &[DataError] {
        &self.0
    }
}

impl Diagnostic for DataErrors {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new("huashu::intents::data"))
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        Some(Box::new(self.0.iter().map(|e| e as &dyn Diagnostic)))
    }
}
