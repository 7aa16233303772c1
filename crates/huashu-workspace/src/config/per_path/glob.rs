//! Globs written in a configuration file, matched against paths relative to the file's
//! directory: `[check] include`, `exclude`, `extend-exclude` and the keys of
//! `[per-path-ignores]`.

use std::path::{Component, Path, PathBuf};

use globset::{GlobBuilder, GlobMatcher};

use crate::config::{Config, ConfigError, Located, Origin};

/// A glob from a configuration file, anchored at the file's directory.
///
/// A glob without `/` matches a file or directory name at any depth (`drafts`, `*.bak.txt`);
/// one with `/` matches the path below the file's directory (`scripts/outbound/**`, `*` not
/// crossing a `/`, `**` crossing any). A path matches when it, or one of its directories below
/// the anchor, does: `scripts/outbound` names everything in that directory.
///
/// ```
/// use std::path::Path;
/// use huashu_workspace::config::per_path::PathGlob;
/// let outbound = PathGlob::new("scripts/outbound/**", Path::new("/team")).unwrap();
/// assert!(outbound.matches(Path::new("/team/scripts/outbound/续约/0042.txt")));
/// assert!(!outbound.matches(Path::new("/team/scripts/inbound/0042.txt")));
/// assert!(!outbound.matches(Path::new("/other/scripts/outbound/0042.txt")));
/// let drafts = PathGlob::new("drafts", Path::new("/team")).unwrap();
/// assert!(drafts.matches(Path::new("/team/calls/drafts/0042.txt")));
/// ```
#[derive(Debug, Clone)]
pub struct PathGlob {
    /// The directory it is relative to, absolute.
    base: PathBuf,
    /// Whether it matches names (it has no `/`) rather than paths below `base`.
    by_name: bool,
    matcher: GlobMatcher,
}

impl PathGlob {
    /// The glob `pattern`, relative to the absolute directory `base`. A leading `./` and a
    /// trailing `/` are left out.
    pub fn new(pattern: &str, base: &Path) -> Result<PathGlob, String> {
        let pattern = pattern.trim();
        let pattern = pattern.strip_prefix("./").unwrap_or(pattern);
        let pattern = pattern.trim_end_matches('/');
        if pattern.is_empty() {
            return Err("an empty glob".to_owned());
        }
        if pattern.starts_with('/') || pattern.split('/').any(|part| part == "..") {
            return Err(format!(
                "`{pattern}`: globs are relative to the configuration file's directory and stay below it"
            ));
        }
        let matcher = GlobBuilder::new(pattern)
            .literal_separator(true)
            .build()
            .map_err(|err| format!("invalid glob `{pattern}`: {}", err.kind()))?
            .compile_matcher();
        Ok(PathGlob {
            base: base.to_owned(),
            by_name: !pattern.contains('/'),
            matcher,
        })
    }

    /// Whether `pattern` is a glob [`PathGlob::new`] accepts (the message says why not).
    ///
    /// ```
    /// use huashu_workspace::config::per_path::PathGlob;
    /// assert!(PathGlob::check("chat/**/*.jsonl").is_ok());
    /// assert!(PathGlob::check("chat/[").unwrap_err().starts_with("invalid glob"));
    /// assert!(PathGlob::check("../other/**").is_err());
    /// ```
    pub fn check(pattern: &str) -> Result<(), String> {
        PathGlob::new(pattern, Path::new("/")).map(|_| ())
    }

    /// Whether `path` (absolute, without `.` or `..`), or one of its directories below the
    /// glob's directory, matches.
    pub fn matches(&self, path: &Path) -> bool {
        let Ok(below) = path.strip_prefix(&self.base) else {
            return false;
        };
        if self.by_name {
            below
                .components()
                .any(|part| self.matcher.is_match(part.as_os_str()))
        } else {
            below
                .ancestors()
                .take_while(|p| !p.as_os_str().is_empty())
                .any(|p| self.matcher.is_match(p))
        }
    }
}

/// What one configuration says about paths: which files walking finds are checked, and which
/// rules are not run on which files.
///
/// ```
/// use std::path::Path;
/// use huashu_workspace::config::{per_path::PathRules, Config};
/// let dir = tempfile::tempdir().unwrap();
/// let file = dir.path().join("huashu.toml");
/// std::fs::write(&file, "[check]\nexclude = [\"drafts\"]\n[per-path-ignores]\n\"chat/**/*.jsonl\" = [\"timing.*\"]\n").unwrap();
/// let config = Config::load(&file).unwrap();
/// let rules = PathRules::new(&config, Path::new("/")).unwrap();
/// assert!(rules.excluded(&dir.path().join("calls/drafts/0042.txt")));
/// assert_eq!(rules.ignores(&dir.path().join("chat/2026-11/weibo.jsonl")), [0]);
/// assert!(rules.ignores(&dir.path().join("calls/0042.txt")).is_empty());
/// ```
#[derive(Debug, Clone, Default)]
pub struct PathRules {
    include: Option<Vec<PathGlob>>,
    exclude: Vec<PathGlob>,
    /// One per `[per-path-ignores]` entry of the configuration, in its order.
    ignores: Vec<PathGlob>,
    /// The globs of each `[[profiles]]` entry, in its order.
    profiles: Vec<Vec<PathGlob>>,
}

impl PathRules {
    /// The globs of `config`, each with a `/` anchored at the directory of the file that wrote
    /// it (an extended file's at that file's), each without at the directory of the
    /// configuration's own file (names match below it, whoever wrote them); made absolute with
    /// `cwd`.
    pub fn new(config: &Config, cwd: &Path) -> Result<PathRules, ConfigError> {
        let own = config
            .files
            .last()
            .and_then(|file| file.parent())
            .map_or_else(|| cwd.to_owned(), |dir| absolute(cwd, dir));
        let compile = |glob: &Located<String>| {
            let base = match &glob.origin {
                _ if !glob.value.trim().trim_end_matches('/').contains('/') => own.clone(),
                Origin::File(source, _) => absolute(cwd, source.dir()),
                Origin::Flag(_) => cwd.to_owned(),
            };
            PathGlob::new(&glob.value, &base).map_err(|err| glob.origin.error(err, None))
        };
        Ok(PathRules {
            include: match &config.include {
                Some(globs) => Some(globs.iter().map(compile).collect::<Result<_, _>>()?),
                None => None,
            },
            exclude: config
                .exclude
                .iter()
                .map(compile)
                .collect::<Result<_, _>>()?,
            ignores: config
                .path_ignores
                .iter()
                .map(|entry| compile(&entry.glob))
                .collect::<Result<_, _>>()?,
            profiles: config
                .profile_paths
                .iter()
                .flatten()
                .map(|entry| entry.paths.iter().map(compile).collect())
                .collect::<Result<_, _>>()?,
        })
    }

    /// Whether `exclude` leaves out the file or directory at `path` (absolute).
    pub fn excluded(&self, path: &Path) -> bool {
        self.exclude.iter().any(|glob| glob.matches(path))
    }

    /// For a file found by walking (absolute `path`): whether `include` takes it, or `None`
    /// when there is no `include` (the file is checked when it is in a format huashu reads).
    pub fn included(&self, path: &Path) -> Option<bool> {
        self.include
            .as_ref()
            .map(|globs| globs.iter().any(|glob| glob.matches(path)))
    }

    /// The `[per-path-ignores]` entries (their indexes in [`Config::path_ignores`]) whose glob
    /// matches the file at `path` (absolute).
    pub fn ignores(&self, path: &Path) -> Vec<usize> {
        self.ignores
            .iter()
            .enumerate()
            .filter(|(_, glob)| glob.matches(path))
            .map(|(i, _)| i)
            .collect()
    }

    /// The first `[[profiles]]` entry (its index in [`Config::profile_paths`]) with a glob
    /// that matches the file at `path` (absolute).
    pub fn profile(&self, path: &Path) -> Option<usize> {
        self.profiles
            .iter()
            .position(|globs| globs.iter().any(|glob| glob.matches(path)))
    }

    /// Whether it says nothing about any path (no lookup is needed).
    pub fn is_empty(&self) -> bool {
        self.include.is_none()
            && self.exclude.is_empty()
            && self.ignores.is_empty()
            && self.profiles.is_empty()
    }
}

/// `path` made absolute with `cwd` and without `.` and `..` (lexically: symbolic links are
/// not followed).
///
/// ```
/// use std::path::Path;
/// use huashu_workspace::config::per_path::absolute;
/// assert_eq!(absolute(Path::new("/team"), Path::new("./calls/../scripts/a.txt")), Path::new("/team/scripts/a.txt"));
/// assert_eq!(absolute(Path::new("/team"), Path::new("/srv/calls")), Path::new("/srv/calls"));
/// ```
pub fn absolute(cwd: &Path, path: &Path) -> PathBuf {
    let mut out = if path.is_absolute() {
        PathBuf::new()
    } else {
        cwd.to_owned()
    };
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}
