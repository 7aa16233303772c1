//! The inputs to check: finding them (files, directories walked, standard input), reading
//! their bytes and decoding them ([`decode`], [`Source`]), and what their file names say about
//! their calls ([`names`]).

pub mod decode;
pub mod names;
mod source;

use std::path::Path;

pub use decode::{Encoding, LineEnding, TextEncoding};
pub use names::{NameInfo, NamePattern};
pub use source::{read, read_bytes, Source};

/// The extensions checked when walking a directory.
const EXTENSIONS: &[&str] = &["txt", "jsonl", "json"];

/// One thing to check: a file, standard input, or a path that could not be used.
#[derive(Debug)]
pub enum Input {
    /// A file to read.
    File(String),
    /// Standard input.
    Stdin,
    /// A path that could not be walked or does not exist.
    Missing {
        /// The path as given.
        path: String,
        /// Why it cannot be used.
        message: String,
    },
}

impl Input {
    /// The name shown in output.
    pub fn display_name(&self) -> &str {
        match self {
            Input::File(path) => path,
            Input::Stdin => "<stdin>",
            Input::Missing { path, .. } => path,
        }
    }
}

/// How directories are walked.
#[derive(Debug, Default, Clone)]
pub struct Walk {
    /// `--glob` patterns, ripgrep's `-g` syntax (`!` excludes).
    pub globs: Vec<String>,
    /// `--no-ignore`.
    pub no_ignore: bool,
}

/// Expands the command-line paths: files as given, directories walked recursively (sorted,
/// honouring .gitignore unless `no_ignore`, skipping hidden files, filtered by the globs), `-`
/// as standard input. A glob that does not compile is an error.
pub fn discover(paths: &[String], walk: &Walk) -> Result<Vec<Input>, String> {
    overrides(Path::new("."), &walk.globs)?;
    let mut inputs = Vec::new();
    for path in paths {
        if path == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        let p = Path::new(path);
        match std::fs::metadata(p) {
            Ok(meta) if meta.is_dir() => {
                let overrides = overrides(p, &walk.globs)?;
                walk_dir(p, overrides, walk.no_ignore, &mut inputs);
            }
            Ok(_) => inputs.push(Input::File(path.clone())),
            Err(err) => inputs.push(Input::Missing {
                path: path.clone(),
                message: io_message(&err),
            }),
        }
    }
    Ok(inputs)
}

/// The `--glob` patterns as the walker's overrides for directory `root`: a pattern with a `/`
/// is anchored at `root` (`drafts/**` is `root/drafts/**`), one without matches at any depth.
fn overrides(root: &Path, globs: &[String]) -> Result<ignore::overrides::Override, String> {
    let mut builder = ignore::overrides::OverrideBuilder::new(root);
    for glob in globs {
        builder
            .add(glob)
            .map_err(|err| format!("invalid --glob `{glob}`: {err}"))?;
    }
    builder.build().map_err(|err| err.to_string())
}

fn walk_dir(
    dir: &Path,
    overrides: ignore::overrides::Override,
    no_ignore: bool,
    inputs: &mut Vec<Input>,
) {
    let walker = ignore::WalkBuilder::new(dir)
        .sort_by_file_path(|a, b| a.cmp(b))
        // A .gitignore in a folder of exports counts even when the folder is not a git
        // repository: it is there to be honoured.
        .require_git(false)
        .git_ignore(!no_ignore)
        .git_exclude(!no_ignore)
        .git_global(!no_ignore)
        .ignore(!no_ignore)
        .parents(!no_ignore)
        .overrides(overrides)
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                let is_file = entry.file_type().is_some_and(|t| t.is_file());
                let wanted = entry
                    .path()
                    .extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()));
                if is_file && wanted {
                    inputs.push(Input::File(entry.path().to_string_lossy().into_owned()));
                }
            }
            Err(err) => inputs.push(Input::Missing {
                path: dir.to_string_lossy().into_owned(),
                message: err.to_string(),
            }),
        }
    }
}

/// An I/O error without Rust's `(os error N)` suffix.
pub(crate) fn io_message(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => {
            let text = err.to_string();
            match text.find(" (os error") {
                Some(i) => text[..i].to_owned(),
                None => text,
            }
        }
    }
}
