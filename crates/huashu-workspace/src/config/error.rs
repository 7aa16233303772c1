//! Problems in configuration files, as miette diagnostics pointing into the file.

use std::ops::Range;
use std::path::{Path, PathBuf};

use std::sync::Arc;

use miette::{Diagnostic, NamedSource, SourceSpan};

/// A configuration file's path and text, shared by everything read from it.
#[derive(Debug)]
pub struct ConfigSource {
    /// Where the file is.
    pub path: PathBuf,
    /// Its text.
    pub text: Arc<str>,
}

impl ConfigSource {
    /// The directory that relative paths in the file are resolved against.
    pub fn dir(&self) -> &Path {
        self.path.parent().unwrap_or_else(|| Path::new("."))
    }
}

/// Where a setting came from: a span of a configuration file, or a command-line flag.
#[derive(Debug, Clone)]
pub enum Origin {
    /// A span in a configuration file.
    File(Arc<ConfigSource>, Range<usize>),
    /// A command-line flag, such as `--select`.
    Flag(&'static str),
}

impl Origin {
    /// A problem with the setting that came from here.
    pub fn error(&self, message: impl Into<String>, help: Option<String>) -> ConfigError {
        match self {
            Origin::File(source, span) => ConfigError::at(source, span.clone(), message, help),
            Origin::Flag(flag) => ConfigError(Box::new(Problem {
                message: format!("{flag}: {}", message.into()),
                source_code: None,
                span: None,
                help,
            })),
        }
    }
}

/// A configuration problem: what is wrong, where, and how to fix it. Boxed: it travels in
/// `Result`s.
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error(transparent)]
#[diagnostic(transparent)]
pub struct ConfigError(Box<Problem>);

/// The problem behind a [`ConfigError`].
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("{message}")]
#[diagnostic(code(huashu::config))]
pub struct Problem {
    message: String,
    #[source_code]
    source_code: Option<NamedSource<Arc<str>>>,
    #[label("here")]
    span: Option<SourceSpan>,
    #[help]
    help: Option<String>,
}

impl ConfigError {
    /// A problem at `span` of a configuration file.
    pub fn at(
        source: &ConfigSource,
        span: Range<usize>,
        message: impl Into<String>,
        help: Option<String>,
    ) -> Self {
        let start = span.start.min(source.text.len());
        let end = span.end.clamp(start, source.text.len());
        ConfigError(Box::new(Problem {
            message: message.into(),
            source_code: Some(
                NamedSource::new(source.path.display().to_string(), Arc::clone(&source.text))
                    .with_language("toml"),
            ),
            span: Some((start, end - start).into()),
            help,
        }))
    }

    /// A problem without a place in a configuration file (a file that cannot be read, say).
    pub fn plain(message: impl Into<String>) -> Self {
        ConfigError(Box::new(Problem {
            message: message.into(),
            source_code: None,
            span: None,
            help: None,
        }))
    }
}
