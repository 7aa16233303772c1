//! What parsing returns besides calls: errors (something could not be read) and warnings
//! (something was read, but not from what the source said outright).

use crate::call::Call;

/// What [`parse`](super::parse) could read: the calls, and every problem met on the way.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    /// The calls read, in source order.
    pub calls: Vec<Call>,
    /// Problems, in source order. A call is left out only when its own text was unusable.
    pub errors: Vec<ParseError>,
    /// Things huashu decided for the source that it did not say outright (which speaker is the
    /// agent; how to take times that are only starts), in source order. The calls are checked;
    /// a program shows these so that a wrong guess is seen.
    pub warnings: Vec<ParseWarning>,
}

/// A problem in a transcript source, at a line and column.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, miette::Diagnostic)]
#[error("line {line}, column {column}: {message}")]
#[diagnostic(code(huashu::transcript))]
pub struct ParseError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in Unicode characters.
    pub column: usize,
    /// What is wrong, and what was expected.
    pub message: String,
}

/// Something huashu decided about a source that the source did not say outright, at the line
/// (and column) it concerns: the CLI prints it as a warning naming the file.
///
/// ```
/// use huashu::transcript::{parse, ParseOptions, SourceFormat, WarningKind};
/// let source = "2026-11-20 09:30:01 客服:您好,请问有什么可以帮您?\n2026-11-20 09:30:09 客户:我想查话费\n";
/// let parsed = parse(source, SourceFormat::Text, &ParseOptions::default());
/// assert_eq!(parsed.warnings[0].kind, WarningKind::StartTimesOnly);
/// assert_eq!(parsed.warnings[0].line, 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, thiserror::Error, miette::Diagnostic)]
#[error("line {line}, column {column}: {message}")]
#[diagnostic(code(huashu::transcript), severity(Warning))]
#[non_exhaustive]
pub struct ParseWarning {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in Unicode characters.
    pub column: usize,
    /// What was decided.
    pub kind: WarningKind,
    /// What was decided and how to say it outright instead (the `--label` to give…).
    pub message: String,
}

impl ParseWarning {
    /// A warning of `kind` at a line and column.
    ///
    /// ```
    /// use huashu::transcript::{ParseWarning, WarningKind};
    /// let w = ParseWarning::new(3, 1, WarningKind::RolesInferred, "took `1` as the agent");
    /// assert_eq!(w.to_string(), "line 3, column 1: took `1` as the agent");
    /// ```
    pub fn new(line: usize, column: usize, kind: WarningKind, message: impl Into<String>) -> Self {
        ParseWarning {
            line,
            column,
            kind,
            message: message.into(),
        }
    }
}

/// What a [`ParseWarning`] is about, for programs that treat some differently.
///
/// ```
/// use huashu::transcript::{parse, ParseOptions, SourceFormat, WarningKind};
/// let source = "[1040-3718] 客服:您好,请问有什么可以帮您?\n[4200-16900] 客户:我想改套餐\n";
/// let parsed = parse(source, SourceFormat::Text, &ParseOptions::default());
/// // Read as seconds, the call would last almost five hours.
/// assert_eq!(parsed.warnings[0].kind, WarningKind::TimesLookLikeMilliseconds);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum WarningKind {
    /// The call's speakers had labels no mapping covers; huashu took the one that talks like an
    /// agent as the agent (see [`crate::Roles`]).
    RolesInferred,
    /// The call's times are starts only (wall-clock stamps, Google CCAI entries, JSON turns
    /// with `start` alone): a silence or a hold is measured from the previous turn's start,
    /// and speech rate and talking over are not checked.
    StartTimesOnly,
    /// The call's times were read as seconds but, so read, make the call hours long: they may
    /// be milliseconds (`time_unit`, `--time-unit ms`).
    TimesLookLikeMilliseconds,
}

impl WarningKind {
    /// The kebab-case name, as serialised.
    ///
    /// ```
    /// assert_eq!(huashu::transcript::WarningKind::RolesInferred.name(), "roles-inferred");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            WarningKind::RolesInferred => "roles-inferred",
            WarningKind::StartTimesOnly => "start-times-only",
            WarningKind::TimesLookLikeMilliseconds => "times-look-like-milliseconds",
        }
    }
}
