//! Which configuration applies where: the nearest `huashu.toml` above each input (ruff's
//! closest-configuration rule), and what that configuration says about the input's path
//! (`include`, `exclude`, `[per-path-ignores]`).
//!
//! This is the one place that decides, per path, what an input is checked with: a [`Place`].
//! Inputs at the same place are checked by the same linter, built once.
//!
//! A configuration file applies to the files in its directory and below, up to the next
//! `huashu.toml` down. Settings are not inherited implicitly from a file further up: a file
//! that wants them says `extends = "../huashu.toml"`. The configuration found from the working
//! directory upwards (or the one `--config` names, which then applies to every input) is the
//! *root*: it applies to standard input, to inputs with no `huashu.toml` above them, and it
//! alone decides what is about the whole run (`fail-on`, `allow-empty`, the pass mark a report
//! prints).

mod glob;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

pub use glob::{absolute, PathGlob, PathRules};

use super::{Config, ConfigError, Flags, Settings, FILE_NAME};
use crate::input::{Input, PathFilter};

/// Where an input is checked from: the configuration that applies to it (an index, the root
/// being `0`), the `[per-path-ignores]` entries of that configuration that match it, and the
/// `[[profiles]]` entry that chooses its channel profile.
///
/// ```
/// use huashu_workspace::config::per_path::Place;
/// assert_eq!(Place::ROOT, Place { config: 0, ignores: vec![], profile: None });
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Place {
    /// The configuration: `0` for the root, others as [`Resolver`] found them.
    pub config: usize,
    /// The indexes of the `[per-path-ignores]` entries (in [`Config::path_ignores`]) that
    /// match.
    pub ignores: Vec<usize>,
    /// The first `[[profiles]]` entry (in [`Config::profile_paths`]) that matches, if any.
    pub profile: Option<usize>,
}

impl Place {
    /// The root configuration, nothing ignored by path: standard input's place.
    pub const ROOT: Place = Place {
        config: 0,
        ignores: Vec::new(),
        profile: None,
    };
}

/// Finds the configuration of each path, loading each `huashu.toml` once, and remembering the
/// answer for every directory asked about. Safe to share between threads (directory walks ask
/// it about every entry).
///
/// ```
/// use huashu_workspace::config::per_path::{Place, Resolver};
/// use huashu_workspace::input::Input;
/// let dir = tempfile::tempdir().unwrap();
/// std::fs::create_dir_all(dir.path().join("scripts/outbound")).unwrap();
/// std::fs::write(dir.path().join("scripts/outbound/huashu.toml"), "[rules]\nignore = [\"greeting.*\"]\n").unwrap();
/// let resolver = Resolver::nearest(dir.path(), None).unwrap();
/// let outbound = resolver.place(&Input::file("scripts/outbound/宽带续约.txt"));
/// assert_eq!(outbound.config, 1);
/// assert_eq!(resolver.place(&Input::file("scripts/inbound.txt")), Place::ROOT);
/// assert_eq!(resolver.config_file(1).unwrap(), std::path::Path::new("scripts/outbound/huashu.toml"));
/// ```
#[derive(Debug)]
pub struct Resolver {
    cwd: PathBuf,
    /// Whether to look for the nearest file (otherwise the root applies everywhere).
    nearest: bool,
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    /// A directory (absolute) to the configuration that applies in it.
    dirs: HashMap<PathBuf, usize>,
    /// A configuration file (absolute) to its index.
    files: HashMap<PathBuf, usize>,
    /// The configurations, the root first.
    applied: Vec<Applied>,
}

/// One configuration file, as loaded.
#[derive(Debug, Default)]
struct Applied {
    /// The file, as shown (relative to the working directory when below it); `None` for no
    /// configuration.
    shown: Option<PathBuf>,
    /// The configuration; `None` when there is none or it could not be loaded.
    config: Option<Config>,
    /// What it says about paths.
    rules: PathRules,
    /// Why it could not be loaded, until someone reports it.
    error: Option<ConfigError>,
    /// Whether it could not be loaded.
    broken: bool,
}

impl Resolver {
    /// Every input is checked with `root`: the configuration `--config` names (the file and
    /// what it says), or none (`--isolated`). `cwd` makes relative paths absolute.
    pub fn fixed(cwd: &Path, root: Option<(&Path, &Config)>) -> Result<Resolver, ConfigError> {
        Resolver::new(cwd, root, false)
    }

    /// Each input is checked with the nearest `huashu.toml` in its directory or above;
    /// `root` (the one found from the working directory `cwd` upwards, if any) applies where
    /// there is none, and to standard input.
    pub fn nearest(cwd: &Path, root: Option<(&Path, &Config)>) -> Result<Resolver, ConfigError> {
        Resolver::new(cwd, root, true)
    }

    fn new(
        cwd: &Path,
        root: Option<(&Path, &Config)>,
        nearest: bool,
    ) -> Result<Resolver, ConfigError> {
        let mut state = State::default();
        let applied = match root {
            Some((path, config)) => {
                state.files.insert(absolute(cwd, path), 0);
                Applied {
                    shown: Some(path.to_owned()),
                    rules: PathRules::new(config, cwd)?,
                    config: Some(config.clone()),
                    ..Applied::default()
                }
            }
            None => Applied::default(),
        };
        state.applied.push(applied);
        Ok(Resolver {
            cwd: cwd.to_owned(),
            nearest,
            state: Mutex::new(state),
        })
    }

    /// Where `input` is checked from. Standard input, and a path that cannot be read, are at
    /// [`Place::ROOT`].
    pub fn place(&self, input: &Input) -> Place {
        let Input::File { path, .. } = input else {
            return Place::ROOT;
        };
        let path = absolute(&self.cwd, Path::new(path));
        let mut state = self.lock();
        let config = self.config_at(&mut state, &path);
        let rules = &state.applied[config].rules;
        Place {
            config,
            ignores: rules.ignores(&path),
            profile: rules.profile(&path),
        }
    }

    /// The settings of an input at `place`: its configuration's under `flags` (for the root,
    /// `root`, already made with them), with the `[per-path-ignores]` and the `[[profiles]]`
    /// entry that match there. `Err` when its configuration could not be loaded — with the
    /// problem the first time, to report it once.
    ///
    /// ```
    /// use huashu_workspace::config::per_path::Resolver;
    /// use huashu_workspace::config::{Flags, Settings};
    /// use huashu_workspace::input::Input;
    /// let dir = tempfile::tempdir().unwrap();
    /// std::fs::create_dir_all(dir.path().join("weibo")).unwrap();
    /// std::fs::write(dir.path().join("weibo/huashu.toml"), "[check]\nprofile = \"written\"\n").unwrap();
    /// let resolver = Resolver::nearest(dir.path(), None).unwrap();
    /// let root = Settings::new(None, &Flags::default());
    /// let place = resolver.place(&Input::file("weibo/闪退.txt"));
    /// let settings = resolver.settings(&place, &root, &Flags::default()).unwrap();
    /// assert_eq!(settings.profile(), Some("written"));
    /// ```
    pub fn settings(
        &self,
        place: &Place,
        root: &Settings,
        flags: &Flags<'_>,
    ) -> Result<Settings, Option<ConfigError>> {
        let settings = if place.config == 0 {
            root.clone()
        } else {
            Settings::new(self.config(place.config)?, flags)
        };
        Ok(settings
            .with_path_ignores(&place.ignores)
            .with_path_profile(place.profile))
    }

    /// The configuration file `config` stands for, as shown (`None` for no configuration).
    pub fn config_file(&self, config: usize) -> Option<PathBuf> {
        self.lock().applied.get(config)?.shown.clone()
    }

    /// The configuration `config` stands for: `Ok(None)` for none, `Err` when it could not be
    /// loaded — with the problem the first time, to report it once.
    pub fn config(&self, config: usize) -> Result<Option<Config>, Option<ConfigError>> {
        let mut state = self.lock();
        let applied = &mut state.applied[config];
        if applied.broken {
            Err(applied.error.take())
        } else {
            Ok(applied.config.clone())
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic while holding it leaves nothing half-done worth refusing.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The configuration that applies to the file or directory at `path` (absolute): the one
    /// of the directory it is in.
    fn config_at(&self, state: &mut State, path: &Path) -> usize {
        if !self.nearest {
            return 0;
        }
        let Some(dir) = path.parent() else {
            return 0;
        };
        let mut asked = Vec::new();
        let mut found = 0;
        for dir in dir.ancestors() {
            if let Some(&known) = state.dirs.get(dir) {
                found = known;
                break;
            }
            asked.push(dir.to_owned());
            let file = dir.join(FILE_NAME);
            if file.is_file() {
                found = self.load(state, file);
                break;
            }
        }
        for dir in asked {
            state.dirs.insert(dir, found);
        }
        found
    }

    /// Loads the configuration file at `file` (absolute), once, and returns its index.
    fn load(&self, state: &mut State, file: PathBuf) -> usize {
        if let Some(&known) = state.files.get(&file) {
            return known;
        }
        // Shown relative to the working directory, as input paths are.
        let shown = file
            .strip_prefix(&self.cwd)
            .map_or_else(|_| file.clone(), Path::to_owned);
        // Read by the name shown when that names it from here, so that messages (and every
        // path read relative to the file) say it as the user would.
        let here = std::env::current_dir().is_ok_and(|dir| dir == self.cwd);
        let loaded = Config::load(if here { &shown } else { &file });
        let applied = match loaded.and_then(|config| {
            let rules = PathRules::new(&config, &self.cwd)?;
            Ok((config, rules))
        }) {
            Ok((config, rules)) => Applied {
                shown: Some(shown),
                config: Some(config),
                rules,
                ..Applied::default()
            },
            Err(error) => Applied {
                shown: Some(shown),
                error: Some(error),
                broken: true,
                ..Applied::default()
            },
        };
        state.applied.push(applied);
        state.files.insert(file, state.applied.len() - 1);
        state.applied.len() - 1
    }
}

impl PathFilter for Resolver {
    fn excluded(&self, path: &Path) -> bool {
        let path = absolute(&self.cwd, path);
        let mut state = self.lock();
        let config = self.config_at(&mut state, &path);
        state.applied[config].rules.excluded(&path)
    }

    fn included(&self, path: &Path) -> Option<bool> {
        let path = absolute(&self.cwd, path);
        let mut state = self.lock();
        let config = self.config_at(&mut state, &path);
        state.applied[config].rules.included(&path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_files::tree;

    #[test]
    fn the_closest_file_wins_and_each_is_loaded_once() {
        let dir = tree(&[
            ("huashu.toml", "[rules]\nselect = [\"banned.*\"]\n"),
            ("scripts/huashu.toml", "[rules]\nselect = [\"tone.*\"]\n"),
            (
                "scripts/outbound/huashu.toml",
                "extends = \"../huashu.toml\"\n[rules]\nextend-ignore = [\"tone.command\"]\n",
            ),
        ]);
        let root = dir.path().join("huashu.toml");
        let config = Config::load(&root).unwrap();
        let resolver = Resolver::nearest(dir.path(), Some((&root, &config))).unwrap();
        let at = |path: &str| resolver.place(&Input::file(path)).config;
        assert_eq!(at("calls/2026-11/0042.txt"), 0);
        assert_eq!(at("scripts/宽带续约.txt"), 1);
        assert_eq!(at("scripts/outbound/宽带续约.txt"), 2);
        assert_eq!(at("scripts/outbound/续约/第二轮.txt"), 2);
        assert_eq!(at("scripts/inbound/0042.txt"), 1);
        // Every directory asked about is remembered; no file is loaded twice.
        assert_eq!(resolver.lock().applied.len(), 3);
        let outbound = resolver.config(2).unwrap().unwrap();
        assert_eq!(
            outbound.files.len(),
            2,
            "it extends the scripts file, not the root"
        );
        assert_eq!(outbound.select.unwrap()[0].value, "tone.*");
    }

    #[test]
    fn with_a_fixed_configuration_every_input_uses_it() {
        let dir = tree(&[("scripts/huashu.toml", "[rules]\nselect = [\"tone.*\"]\n")]);
        let resolver = Resolver::fixed(dir.path(), None).unwrap();
        assert_eq!(
            resolver.place(&Input::file("scripts/宽带续约.txt")),
            Place::ROOT
        );
        assert!(resolver.config_file(0).is_none());
    }

    #[test]
    fn a_broken_file_is_reported_once_and_only_for_what_is_below_it() {
        let dir = tree(&[
            ("chat/huashu.toml", "[check]\npass-mark = 120\n"),
            ("calls/huashu.toml", "[rules]\nselect = [\"banned.*\"]\n"),
        ]);
        let resolver = Resolver::nearest(dir.path(), None).unwrap();
        let chat = resolver.place(&Input::file("chat/weibo.jsonl")).config;
        let calls = resolver.place(&Input::file("calls/0042.txt")).config;
        let problem = resolver
            .config(chat)
            .unwrap_err()
            .expect("the problem, the first time");
        assert!(problem.to_string().contains("pass mark"), "{problem}");
        assert!(
            resolver.config(chat).unwrap_err().is_none(),
            "reported once"
        );
        assert!(resolver.config(calls).unwrap().is_some());
    }

    #[test]
    fn per_path_ignores_and_exclusions_are_relative_to_their_file() {
        let dir = tree(&[(
            "team/huashu.toml",
            "[check]\nexclude = [\"drafts\", \"calls/2026-10/**\"]\n\
             [per-path-ignores]\n\"scripts/outbound/**\" = [\"greeting.*\"]\n\"*.jsonl\" = [\"timing.*\"]\n",
        )]);
        let resolver = Resolver::nearest(dir.path(), None).unwrap();
        let place = resolver.place(&Input::file("team/scripts/outbound/续约.jsonl"));
        assert_eq!(place.ignores, [0, 1]);
        assert_eq!(
            resolver.place(&Input::file("team/calls/0042.txt")).ignores,
            Vec::<usize>::new()
        );
        // Not below team/: its globs say nothing there.
        assert!(resolver
            .place(&Input::file("scripts/outbound/续约.txt"))
            .ignores
            .is_empty());
        assert!(resolver.excluded(Path::new("team/calls/drafts")));
        assert!(resolver.excluded(Path::new("team/calls/2026-10/0001.txt")));
        assert!(!resolver.excluded(Path::new("team/calls/2026-11/0001.txt")));
        assert!(!resolver.excluded(Path::new("calls/2026-10/0001.txt")));
        assert_eq!(resolver.included(Path::new("team/calls/0042.txt")), None);
    }
}
