//! The inputs to check: finding them (files, directories walked, standard input), reading
//! their bytes and decoding them ([`decode`], [`Source`]), and what their file names say about
//! their calls ([`names`]).

pub mod decode;
pub mod names;
mod source;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

pub use decode::{Encoding, LineEnding, TextEncoding};
pub use names::{NameInfo, NamePattern};
pub use source::{read, read_bytes, Source};

/// The extensions checked when walking a directory: huashu's own formats (the platform
/// exports are `.json` files too) and subtitles.
pub const EXTENSIONS: &[&str] = &["txt", "jsonl", "ndjson", "json", "vtt", "srt"];

/// One thing to check: a file, standard input, or a path that could not be used.
#[derive(Debug)]
pub enum Input {
    /// A file to read.
    File {
        /// Its path, as given or found.
        path: String,
        /// The directory it was found in by walking, as given on the command line; `None` for
        /// a file named itself. `--name-pattern` matches the path below it.
        root: Option<String>,
    },
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
    /// A file named on the command line (not found by walking a directory).
    ///
    /// ```
    /// let input = huashu_workspace::input::Input::file("calls/1017_20261120_0042.txt");
    /// assert_eq!(input.display_name(), "calls/1017_20261120_0042.txt");
    /// assert_eq!(input.below_root(), Some("1017_20261120_0042.txt"));
    /// ```
    pub fn file(path: impl Into<String>) -> Input {
        Input::File {
            path: path.into(),
            root: None,
        }
    }

    /// For a file, its path below the directory it was found in (its file name when it was
    /// named itself): what `--name-pattern` matches.
    ///
    /// ```
    /// use huashu_workspace::input::Input;
    /// let found = Input::File { path: "calls/信用卡组/1017_20261120_0042.txt".into(), root: Some("calls".into()) };
    /// assert_eq!(found.below_root(), Some("信用卡组/1017_20261120_0042.txt"));
    /// assert_eq!(Input::Stdin.below_root(), None);
    /// ```
    pub fn below_root(&self) -> Option<&str> {
        let Input::File { path, root } = self else {
            return None;
        };
        let below = root.as_deref().and_then(|root| {
            let rest = path.strip_prefix(root)?;
            let rest = rest.trim_start_matches(['/', '\\']);
            // `root` must end at a separator of `path`, not inside a name.
            (root.ends_with(['/', '\\']) || rest.len() < path.len() - root.len()).then_some(rest)
        });
        Some(below.unwrap_or_else(|| path.rsplit(['/', '\\']).next().unwrap_or(path)))
    }

    /// The name shown in output.
    pub fn display_name(&self) -> &str {
        match self {
            Input::File { path, .. } => path,
            Input::Stdin => "<stdin>",
            Input::Missing { path, .. } => path,
        }
    }
}

/// How directories are walked.
#[derive(Default, Clone)]
pub struct Walk {
    /// `--glob` patterns, ripgrep's `-g` syntax (`!` excludes).
    pub globs: Vec<String>,
    /// `--no-ignore`.
    pub no_ignore: bool,
    /// What the configuration says about the files walking finds (`[check] include` and
    /// `exclude`); files named on the command line are not filtered.
    pub filter: Option<Arc<dyn PathFilter>>,
}

impl std::fmt::Debug for Walk {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Walk")
            .field("globs", &self.globs)
            .field("no_ignore", &self.no_ignore)
            .field("filter", &self.filter.is_some())
            .finish()
    }
}

/// Which of the files and directories found by walking are checked, beyond `--glob` and the
/// ignore files: the configuration's `include` and `exclude`
/// ([`crate::config::per_path::Resolver`]).
pub trait PathFilter: Send + Sync {
    /// Whether the file or directory at `path` (as walked) is left out, with everything in it.
    fn excluded(&self, path: &Path) -> bool;
    /// For a file at `path` (as walked) that is not excluded: whether it is checked, or `None`
    /// to check it when it is in a format huashu reads ([`EXTENSIONS`]).
    fn included(&self, path: &Path) -> Option<bool>;
}

/// The inputs the command-line paths name, and what walking their directories left out.
#[derive(Debug, Default)]
#[non_exhaustive]
pub struct Discovery {
    /// The inputs, in order.
    pub inputs: Vec<Input>,
    /// Files found by walking that are not in a format huashu reads, by extension (`.csv`;
    /// `without extension` for a name without one).
    pub skipped: BTreeMap<String, usize>,
    /// Files left out by `--glob`, the configuration's `include` or `exclude`, or an ignore
    /// file, and hidden files.
    pub left_out: usize,
    /// Directories walked that held no file at all.
    pub empty_dirs: Vec<String>,
}

impl Discovery {
    /// When there is nothing to check: why, saying what was skipped and why. `None` when there
    /// is something.
    ///
    /// ```
    /// use huashu_workspace::input::{discover, Walk};
    /// let dir = tempfile::tempdir().unwrap();
    /// let root = dir.path().to_string_lossy().into_owned();
    /// assert_eq!(discover(&[root.clone()], &Walk::default()).unwrap().nothing_to_check().unwrap(),
    ///     format!("nothing to check: {root} is an empty directory"));
    /// for name in ["a.csv", "b.csv", "notes.docx"] {
    ///     std::fs::write(dir.path().join(name), "坐席,客户\n").unwrap();
    /// }
    /// let why = discover(&[root], &Walk::default()).unwrap().nothing_to_check().unwrap();
    /// assert!(why.starts_with("nothing to check: 3 files skipped: 2 .csv, 1 .docx"), "{why}");
    /// ```
    pub fn nothing_to_check(&self) -> Option<String> {
        if !self.inputs.is_empty() {
            return None;
        }
        let mut reasons = Vec::new();
        let skipped: usize = self.skipped.values().sum();
        if skipped > 0 {
            let kinds: Vec<String> = self
                .skipped
                .iter()
                .map(|(ext, n)| format!("{n} {ext}"))
                .collect();
            let names: Vec<String> = EXTENSIONS.iter().map(|e| format!(".{e}")).collect();
            reasons.push(format!(
                "{} skipped: {} (not a transcript format huashu reads: it reads {}; a file named on the command line is read whatever its extension, as plain text unless --input-format says otherwise)",
                plural(skipped, "file"),
                kinds.join(", "),
                names.join(", ")
            ));
        }
        if self.left_out > 0 {
            reasons.push(format!(
                "{} left out by --glob, include or exclude in huashu.toml, an ignore file (.gitignore, .ignore; --no-ignore reads them) or because hidden",
                plural(self.left_out, "file")
            ));
        }
        for dir in &self.empty_dirs {
            reasons.push(format!("{dir} is an empty directory"));
        }
        if reasons.is_empty() {
            reasons.push("no input".to_owned());
        }
        Some(format!("nothing to check: {}", reasons.join("; ")))
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Expands the command-line paths: files as given, directories walked recursively (sorted,
/// honouring .gitignore unless `no_ignore`, skipping hidden files, filtered by the globs), `-`
/// as standard input. A glob that does not compile is an error.
///
/// ```
/// use huashu_workspace::input::{discover, Walk};
/// let dir = tempfile::tempdir().unwrap();
/// for name in ["day1.jsonl", "call.vtt", "call.srt", "export.csv"] {
///     std::fs::write(dir.path().join(name), "").unwrap();
/// }
/// let found = discover(&[dir.path().to_string_lossy().into_owned()], &Walk::default()).unwrap();
/// assert_eq!(found.inputs.len(), 3);
/// assert_eq!(found.skipped[".csv"], 1);
/// ```
pub fn discover(paths: &[String], walk: &Walk) -> Result<Discovery, String> {
    overrides(Path::new("."), &walk.globs)?;
    let mut found = Discovery::default();
    for path in paths {
        if path == "-" {
            found.inputs.push(Input::Stdin);
            continue;
        }
        let p = Path::new(path);
        match std::fs::metadata(p) {
            Ok(meta) if meta.is_dir() => {
                let overrides = overrides(p, &walk.globs)?;
                walk_dir(p, path, overrides, walk, &mut found);
            }
            Ok(_) => found.inputs.push(Input::file(path.clone())),
            Err(err) => found.inputs.push(Input::Missing {
                path: path.clone(),
                message: io_message(&err),
            }),
        }
    }
    Ok(found)
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
    root: &str,
    overrides: ignore::overrides::Override,
    walk: &Walk,
    found: &mut Discovery,
) {
    let no_ignore = walk.no_ignore;
    let before = found.inputs.len();
    let mut files = 0;
    let mut builder = ignore::WalkBuilder::new(dir);
    if let Some(filter) = &walk.filter {
        let filter = Arc::clone(filter);
        builder.filter_entry(move |entry| entry.depth() == 0 || !filter.excluded(entry.path()));
    }
    let walker = builder
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
                if !entry.file_type().is_some_and(|t| t.is_file()) {
                    continue;
                }
                files += 1;
                let extension = entry
                    .path()
                    .extension()
                    .and_then(|e| e.to_str())
                    .map(str::to_ascii_lowercase);
                let included = walk.filter.as_ref().and_then(|f| f.included(entry.path()));
                if let Some(included) = included {
                    if included {
                        found.inputs.push(Input::File {
                            path: entry.path().to_string_lossy().into_owned(),
                            root: Some(root.to_owned()),
                        });
                    } else {
                        found.left_out += 1;
                    }
                    continue;
                }
                match extension {
                    Some(e) if EXTENSIONS.contains(&e.as_str()) => found.inputs.push(Input::File {
                        path: entry.path().to_string_lossy().into_owned(),
                        root: Some(root.to_owned()),
                    }),
                    Some(e) => *found.skipped.entry(format!(".{e}")).or_default() += 1,
                    None => {
                        *found
                            .skipped
                            .entry("without extension".to_owned())
                            .or_default() += 1
                    }
                }
            }
            Err(err) => found.inputs.push(Input::Missing {
                path: dir.to_string_lossy().into_owned(),
                message: err.to_string(),
            }),
        }
    }
    if files == 0 && found.inputs.len() == before {
        // Nothing seen: empty, or everything in it hidden, ignored or excluded.
        if dir_is_empty(dir) {
            found.empty_dirs.push(root.to_owned());
        } else {
            found.left_out += count_files(dir);
        }
    }
}

/// Whether a directory holds no file, at any depth.
fn dir_is_empty(dir: &Path) -> bool {
    count_files(dir) == 0
}

/// The files in a directory at any depth, hidden and ignored ones included.
fn count_files(dir: &Path) -> usize {
    ignore::WalkBuilder::new(dir)
        .standard_filters(false)
        .build()
        .flatten()
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
        .count()
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
