//! `[[profiles]]`: which channel profile checks which files, by globs relative to the
//! configuration file that names them.

use std::path::{Path, PathBuf};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

use super::{ConfigError, Located, Origin};

/// One `[[profiles]]` entry: a profile and the files it applies to.
#[derive(Debug, Clone)]
pub struct ProfilePaths {
    /// The profile's name, where it was written.
    pub name: Located<String>,
    /// The globs as written.
    pub paths: Vec<String>,
    /// The directory the globs are relative to (the configuration file's), absolute.
    dir: PathBuf,
    globs: GlobSet,
}

impl ProfilePaths {
    /// An entry for `name` over `paths`, globs relative to `dir`. A glob that does not parse
    /// is an error at `origin`.
    ///
    /// ```
    /// use huashu_workspace::config::{Located, Origin, ProfilePaths};
    /// let name = Located { value: "outbound".to_owned(), origin: Origin::Flag("test") };
    /// let entry = ProfilePaths::new(name, vec!["scripts/outbound/**".into()], "/team".as_ref(), &Origin::Flag("test")).unwrap();
    /// assert!(entry.matches("/team/scripts/outbound/renewal/0412.txt".as_ref()));
    /// assert!(!entry.matches("/team/scripts/inbound/0412.txt".as_ref()));
    /// ```
    pub fn new(
        name: Located<String>,
        paths: Vec<String>,
        dir: &Path,
        origin: &Origin,
    ) -> Result<ProfilePaths, ConfigError> {
        let mut builder = GlobSetBuilder::new();
        for path in &paths {
            let glob = GlobBuilder::new(path.trim_start_matches("./"))
                .literal_separator(true)
                .build()
                .map_err(|err| origin.error(format!("invalid glob `{path}`: {err}"), None))?;
            builder.add(glob);
        }
        let globs = builder
            .build()
            .map_err(|err| origin.error(format!("invalid glob: {err}"), None))?;
        Ok(ProfilePaths {
            name,
            paths,
            dir: absolute(dir),
            globs,
        })
    }

    /// Whether the file `path` (as given: relative to the working directory, or absolute) is
    /// one of this entry's.
    pub fn matches(&self, path: &Path) -> bool {
        absolute(path)
            .strip_prefix(&self.dir)
            .is_ok_and(|below| self.globs.is_match(below))
    }
}

/// The profile for the file `path`: the first entry whose globs match it, if any.
///
/// ```
/// use huashu_workspace::config::{profile_for, Located, Origin, ProfilePaths};
/// let entry = |name: &str, glob: &str| ProfilePaths::new(
///     Located { value: name.to_owned(), origin: Origin::Flag("test") },
///     vec![glob.to_owned()], "/team".as_ref(), &Origin::Flag("test")).unwrap();
/// let entries = [entry("outbound", "scripts/outbound/**"), entry("written", "scripts/**")];
/// assert_eq!(profile_for("/team/scripts/outbound/a.txt".as_ref(), &entries), Some("outbound"));
/// assert_eq!(profile_for("/team/scripts/weibo/a.jsonl".as_ref(), &entries), Some("written"));
/// assert_eq!(profile_for("/team/calls/a.txt".as_ref(), &entries), None);
/// ```
pub fn profile_for<'a>(path: &Path, entries: &'a [ProfilePaths]) -> Option<&'a str> {
    entries
        .iter()
        .find(|entry| entry.matches(path))
        .map(|entry| entry.name.value.as_str())
}

/// `path` made absolute against the working directory, `.` components dropped.
fn absolute(path: &Path) -> PathBuf {
    let path = if path.as_os_str().is_empty() {
        Path::new(".")
    } else {
        path
    };
    let joined = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    joined
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect()
}
