//! `huashu.toml`: finding it, following `extends`, and merging the layers into one [`Config`].
//!
//! Layers apply base first: a file's `extends` are loaded before its own settings, and a later
//! layer replaces what an earlier one set (lists included; `extend-select` and `extend-ignore`
//! add instead). Overrides and labels merge key by key. Paths are relative to the file that
//! names them.

mod error;
pub mod init;
pub mod per_path;
mod schema;
mod settings;

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use huashu::transcript::{SourceFormat, TimeUnit};
use huashu::{RuleOverride, Speaker};
use toml::Spanned;

pub use error::{ConfigError, ConfigSource, Origin};
use schema::RawConfig;

use crate::input::{Encoding, NamePattern};
use crate::roster::{Member, Roster};
pub use settings::{Flags, Settings};

/// The file `huashu` looks for, from the working directory upwards.
pub const FILE_NAME: &str = "huashu.toml";

/// The least severity that makes a check fail (`[check] fail-on`, `--fail-on`).
///
/// ```
/// use huashu::Severity;
/// use huashu_workspace::FailOn;
/// assert!(FailOn::Warning.fails(Severity::Error));
/// assert!(!FailOn::Warning.fails(Severity::Info));
/// assert!(!FailOn::Never.fails(Severity::Error));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
pub enum FailOn {
    /// Any violation.
    Info,
    /// Warnings and errors.
    Warning,
    /// Errors only.
    Error,
    /// Never fail because of violations.
    Never,
}

impl FailOn {
    /// Whether a violation of `severity` fails the check.
    pub fn fails(self, severity: huashu::Severity) -> bool {
        use huashu::Severity;
        match self {
            FailOn::Info => true,
            FailOn::Warning => severity >= Severity::Warning,
            FailOn::Error => severity >= Severity::Error,
            FailOn::Never => false,
        }
    }
}

/// The first `huashu.toml` in `start` or one of its ancestors.
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// std::fs::create_dir_all(dir.path().join("scripts/renewal")).unwrap();
/// std::fs::write(dir.path().join("huashu.toml"), "").unwrap();
/// let found = huashu_workspace::config::discover(&dir.path().join("scripts/renewal")).unwrap();
/// assert_eq!(found, dir.path().join("huashu.toml"));
/// ```
pub fn discover(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .find(|candidate| candidate.is_file())
}

/// A value and where it was set.
#[derive(Debug, Clone)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// Where it was set.
    pub origin: Origin,
}

/// Which built-in packs to load.
#[derive(Debug, Clone)]
pub enum Builtin {
    /// Every built-in pack.
    All,
    /// None of them.
    None,
    /// The packs with these ids.
    Only(Vec<Located<String>>),
}

/// A per-rule change: which rules (an id or a glob) and what changes.
#[derive(Debug, Clone)]
pub struct OverrideSetting {
    /// The rule selector (see [`huashu::RuleSelector`]), where it was written.
    pub pattern: Located<String>,
    /// The change.
    pub change: RuleOverride,
}

/// Rules never to run on some paths (`[per-path-ignores]`): a glob, relative to the file that
/// wrote it, and rule selectors.
#[derive(Debug, Clone)]
pub struct PathIgnore {
    /// The glob, where it was written.
    pub glob: Located<String>,
    /// The rule selectors, where each was written.
    pub rules: Vec<Located<String>>,
}

/// One `[[profiles]]` entry: a channel profile and the files it applies to, by globs relative
/// to the file that wrote them (matched as those of `[per-path-ignores]` are).
#[derive(Debug, Clone)]
pub struct ProfilePaths {
    /// The profile's name, where it was written.
    pub name: Located<String>,
    /// The globs, where each was written.
    pub paths: Vec<Located<String>>,
}

/// Every layer of configuration merged, base first.
#[derive(Debug, Default, Clone)]
pub struct Config {
    /// The files read, in the order they were applied.
    pub files: Vec<PathBuf>,
    /// Which built-in packs to load, if a file said.
    pub builtin: Option<Builtin>,
    /// Pack files or globs, each relative to the file that names it.
    pub pack_files: Option<Vec<Located<String>>>,
    /// Which rules to run, if a file said (otherwise all).
    pub select: Option<Vec<Located<String>>>,
    /// Which rules never to run.
    pub ignore: Vec<Located<String>>,
    /// Per-rule changes, in the order they apply.
    pub overrides: Vec<OverrideSetting>,
    /// Speaker labels, in the order they apply.
    pub labels: Vec<(String, Speaker)>,
    /// `[check] fail-on`.
    pub fail_on: Option<FailOn>,
    /// `[check] pass-mark`.
    pub pass_mark: Option<u32>,
    /// `[intents] model`: an intent model file, relative to the file that names it.
    pub intent_model: Option<Located<String>>,
    /// `[check] input-format`: the format every input is read in, instead of detecting it.
    pub input_format: Option<SourceFormat>,
    /// `[check] time-unit`: the unit of bare-number times.
    pub time_unit: Option<TimeUnit>,
    /// `[check] name-pattern`: call metadata from the path below the input root.
    pub name_pattern: Option<NamePattern>,
    /// `[check] encoding`: the encoding every input is read in, instead of detecting it.
    pub encoding: Option<Encoding>,
    /// `[check] allow-empty`: checking nothing is not an error.
    pub allow_empty: Option<bool>,
    /// `[roster]` or `roster = "agents.csv"`: agent ids to names and teams.
    pub roster: Option<Roster>,
    /// `[check] profile`: the channel profile of every file no `[[profiles]]` entry names.
    pub profile: Option<Located<String>>,
    /// `[[profiles]]`: channel profiles by path (globs relative to the file that wrote them,
    /// matched as `[per-path-ignores]` globs are), the first match winning; `None`: the file
    /// says nothing (an extended file's entries stay).
    pub profile_paths: Option<Vec<ProfilePaths>>,
    /// `[check] include`: which files found by walking are checked (globs relative to the file
    /// that wrote them); `None`: those in a format huashu reads.
    pub include: Option<Vec<Located<String>>>,
    /// `[check] exclude` and `extend-exclude`: files and directories never checked when
    /// walking (globs relative to the file that wrote them).
    pub exclude: Vec<Located<String>>,
    /// `[per-path-ignores]` of every layer, base first.
    pub path_ignores: Vec<PathIgnore>,
}

impl Config {
    /// Loads `path` and everything it extends.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let mut config = Config::default();
        config.load_layer(path, &mut Vec::new(), None)?;
        Ok(config)
    }

    fn load_layer(
        &mut self,
        path: &Path,
        chain: &mut Vec<PathBuf>,
        named_by: Option<&Origin>,
    ) -> Result<(), ConfigError> {
        let problem = |message: String| match named_by {
            Some(origin) => origin.error(message, None),
            None => ConfigError::plain(message),
        };
        let canonical = std::fs::canonicalize(path)
            .map_err(|err| problem(format!("cannot read {}: {err}", path.display())))?;
        if let Some(start) = chain.iter().position(|p| *p == canonical) {
            let cycle: Vec<String> = chain[start..]
                .iter()
                .chain(std::iter::once(&canonical))
                .map(|p| p.display().to_string())
                .collect();
            return Err(problem(format!(
                "circular `extends`: {}",
                cycle.join(" → ")
            )));
        }
        let text = std::fs::read_to_string(path)
            .map_err(|err| problem(format!("cannot read {}: {err}", path.display())))?;
        let source = Arc::new(ConfigSource {
            path: path.to_owned(),
            text: text.into(),
        });
        let raw: RawConfig = toml::from_str(&source.text).map_err(|err| {
            ConfigError::at(
                &source,
                err.span().unwrap_or(0..0),
                err.message().trim_end().to_owned(),
                None,
            )
        })?;
        chain.push(canonical);
        if let Some(extends) = &raw.extends {
            let origin = Origin::File(Arc::clone(&source), extends.span());
            for base in string_list(extends, &source, "extends")? {
                self.load_layer(&source.dir().join(base), chain, Some(&origin))?;
            }
        }
        chain.pop();
        self.apply(raw, &source)?;
        self.files.push(path.to_owned());
        Ok(())
    }

    /// Applies one file's settings on top of what is already there.
    fn apply(&mut self, raw: RawConfig, source: &Arc<ConfigSource>) -> Result<(), ConfigError> {
        let located = |s: Spanned<String>| Located {
            origin: Origin::File(Arc::clone(source), s.span()),
            value: s.into_inner(),
        };
        if let Some(packs) = raw.packs {
            if let Some(builtin) = packs.builtin {
                self.builtin = Some(builtin_choice(&builtin, source)?);
            }
            if let Some(files) = packs.files {
                self.pack_files = Some(files.into_iter().map(located).collect());
            }
        }
        if let Some(rules) = raw.rules {
            if let Some(select) = rules.select {
                self.select = Some(select.into_iter().map(located).collect());
            }
            if let Some(extra) = rules.extend_select {
                if let Some(select) = &mut self.select {
                    select.extend(extra.into_iter().map(located));
                }
            }
            if let Some(ignore) = rules.ignore {
                self.ignore = ignore.into_iter().map(located).collect();
            }
            if let Some(extra) = rules.extend_ignore {
                self.ignore.extend(extra.into_iter().map(located));
            }
        }
        for (pattern, raw_change) in raw.overrides {
            let points = match raw_change.points {
                Some(points) => Some(u32::try_from(*points.get_ref()).map_err(|_| {
                    ConfigError::at(
                        source,
                        points.span(),
                        format!("points must be 0 or more, got {}", points.get_ref()),
                        None,
                    )
                })?),
                None => None,
            };
            let threshold = match raw_change.threshold {
                Some(t) if !(t.get_ref().is_finite() && *t.get_ref() > 0.0) => {
                    return Err(ConfigError::at(
                        source,
                        t.span(),
                        format!("a threshold must be a positive number, got {}", t.get_ref()),
                        None,
                    ));
                }
                Some(t) => Some(t.into_inner()),
                None => None,
            };
            let max_points = match raw_change.max_points {
                Some(cap) if !(0..=100).contains(cap.get_ref()) => {
                    return Err(ConfigError::at(
                        source,
                        cap.span(),
                        format!(
                            "max_points must be between 0 and 100, got {}",
                            cap.get_ref()
                        ),
                        None,
                    ));
                }
                Some(cap) => Some(*cap.get_ref() as u32),
                None => None,
            };
            let mut extend_phrases = Vec::new();
            for phrase in raw_change.extend_phrases.unwrap_or_default() {
                let text = phrase.get_ref().trim();
                if text.is_empty() {
                    return Err(ConfigError::at(
                        source,
                        phrase.span(),
                        "an empty phrase in `extend-phrases`",
                        None,
                    ));
                }
                extend_phrases.push(text.to_owned());
            }
            let change = RuleOverride {
                severity: raw_change.severity,
                points,
                threshold,
                max_points,
                fatal: raw_change.fatal,
                extend_phrases,
            };
            self.overrides.push(OverrideSetting {
                pattern: located(pattern),
                change,
            });
        }
        for (label, speaker) in raw.labels {
            let parsed: Speaker = speaker
                .get_ref()
                .parse()
                .map_err(|err: String| ConfigError::at(source, speaker.span(), err, None))?;
            if label.get_ref().trim().is_empty() {
                return Err(ConfigError::at(source, label.span(), "empty label", None));
            }
            self.labels
                .push((label.get_ref().trim().to_owned(), parsed));
        }
        if let Some(check) = raw.check {
            if let Some(fail_on) = check.fail_on {
                self.fail_on = Some(fail_on);
            }
            if let Some(mark) = check.pass_mark {
                let value = *mark.get_ref();
                if !(0..=100).contains(&value) {
                    return Err(ConfigError::at(
                        source,
                        mark.span(),
                        format!("the pass mark is a score from 0 to 100, got {value}"),
                        None,
                    ));
                }
                self.pass_mark = Some(value as u32);
            }
            let parse = |value: &Spanned<String>, hint: Option<String>| ConfigErrorAt {
                source,
                span: value.span(),
                hint,
            };
            if let Some(format) = &check.input_format {
                self.input_format = Some(parse(format, None).value(format.get_ref().parse())?);
            }
            if let Some(unit) = &check.time_unit {
                self.time_unit = Some(parse(unit, None).value(unit.get_ref().parse())?);
            }
            if let Some(pattern) = &check.name_pattern {
                let hint = Some("name-pattern = \"{team}/{agent}_{date}_{call}.txt\"".to_owned());
                self.name_pattern =
                    Some(parse(pattern, hint).value(NamePattern::parse(pattern.get_ref()))?);
            }
            if let Some(encoding) = &check.encoding {
                self.encoding = Some(parse(encoding, None).value(encoding.get_ref().parse())?);
            }
            if let Some(allow) = check.allow_empty {
                self.allow_empty = Some(allow);
            }
            if let Some(profile) = check.profile {
                self.profile = Some(located(profile));
            }
            let globs = |values: Vec<Spanned<String>>| -> Result<Vec<_>, ConfigError> {
                values
                    .into_iter()
                    .map(|glob| {
                        per_path::PathGlob::check(glob.get_ref())
                            .map_err(|err| ConfigError::at(source, glob.span(), err, None))?;
                        Ok(located(glob))
                    })
                    .collect()
            };
            if let Some(include) = check.include {
                self.include = Some(globs(include)?);
            }
            if let Some(exclude) = check.exclude {
                self.exclude = globs(exclude)?;
            }
            if let Some(extra) = check.extend_exclude {
                self.exclude.extend(globs(extra)?);
            }
        }
        for (glob, rules) in raw.per_path_ignores {
            per_path::PathGlob::check(glob.get_ref()).map_err(|err| {
                ConfigError::at(
                    source,
                    glob.span(),
                    err,
                    Some("\"scripts/outbound/**\" = [\"greeting.*\"]".to_owned()),
                )
            })?;
            self.path_ignores.push(PathIgnore {
                glob: located(glob),
                rules: rules.into_iter().map(located).collect(),
            });
        }
        if let Some(entries) = raw.profiles {
            let mut profiles = Vec::with_capacity(entries.len());
            for entry in entries {
                if entry.paths.get_ref().is_empty() {
                    return Err(ConfigError::at(
                        source,
                        entry.paths.span(),
                        "a `[[profiles]]` entry needs at least one path",
                        Some("paths = [\"scripts/outbound/**\"]".to_owned()),
                    ));
                }
                let mut paths = Vec::with_capacity(entry.paths.get_ref().len());
                for glob in entry.paths.into_inner() {
                    per_path::PathGlob::check(glob.get_ref())
                        .map_err(|err| ConfigError::at(source, glob.span(), err, None))?;
                    paths.push(located(glob));
                }
                profiles.push(ProfilePaths {
                    name: located(entry.name),
                    paths,
                });
            }
            self.profile_paths = Some(profiles);
        }
        if let Some(roster) = &raw.roster {
            self.roster = Some(roster_of(roster, source)?);
        }
        if let Some(model) = raw.intents.and_then(|intents| intents.model) {
            self.intent_model = Some(located(model));
        }
        Ok(())
    }
}

/// Where a `[check]` value was written, to turn its parse error into a [`ConfigError`].
struct ConfigErrorAt<'a> {
    source: &'a ConfigSource,
    span: Range<usize>,
    hint: Option<String>,
}

impl ConfigErrorAt<'_> {
    fn value<T>(self, parsed: Result<T, String>) -> Result<T, ConfigError> {
        parsed.map_err(|err| ConfigError::at(self.source, self.span, err, self.hint))
    }
}

/// `[roster]` (`1017 = { name = "张敏", team = "信用卡组" }`, or `1017 = "张敏"`) or
/// `roster = "agents.csv"` (relative to the file that names it).
fn roster_of(value: &Spanned<toml::Value>, source: &ConfigSource) -> Result<Roster, ConfigError> {
    let wrong = |message: String| {
        ConfigError::at(
            source,
            value.span(),
            message,
            Some("roster = \"agents.csv\" (lines `id,name,team`), or [roster] 1017 = { name = \"张敏\", team = \"信用卡组\" }".to_owned()),
        )
    };
    match value.get_ref() {
        toml::Value::String(file) => {
            let path = source.dir().join(file);
            let text = std::fs::read_to_string(&path).map_err(|err| {
                wrong(format!("cannot read the roster {}: {err}", path.display()))
            })?;
            Roster::from_csv(&text, &path.display().to_string()).map_err(wrong)
        }
        toml::Value::Table(table) => {
            let mut roster = Roster::default();
            for (id, entry) in table {
                let text = |key: &str, v: &toml::Value| {
                    v.as_str()
                        .map(str::to_owned)
                        .ok_or_else(|| wrong(format!("roster `{id}`: `{key}` must be a string")))
                };
                let member = match entry {
                    toml::Value::String(name) => Member {
                        name: Some(name.clone()),
                        team: None,
                    },
                    toml::Value::Table(fields) => {
                        if let Some(key) = fields.keys().find(|k| *k != "name" && *k != "team") {
                            return Err(wrong(format!(
                                "roster `{id}`: unknown field `{key}`: expected `name` and `team`"
                            )));
                        }
                        Member {
                            name: fields.get("name").map(|v| text("name", v)).transpose()?,
                            team: fields.get("team").map(|v| text("team", v)).transpose()?,
                        }
                    }
                    _ => {
                        return Err(wrong(format!(
                            "roster `{id}`: expected a name or {{ name = \"…\", team = \"…\" }}"
                        )))
                    }
                };
                roster.insert(id.clone(), member);
            }
            Ok(roster)
        }
        _ => Err(wrong(
            "`roster` must be the path of a CSV file or a table of agents".to_owned(),
        )),
    }
}

/// A string or a list of strings (for `extends`).
fn string_list(
    value: &Spanned<toml::Value>,
    source: &ConfigSource,
    key: &str,
) -> Result<Vec<String>, ConfigError> {
    let wrong = || {
        ConfigError::at(
            source,
            value.span(),
            format!("`{key}` must be a path or a list of paths"),
            Some(format!("{key} = \"../huashu.toml\"")),
        )
    };
    match value.get_ref() {
        toml::Value::String(s) => Ok(vec![s.clone()]),
        toml::Value::Array(items) => items
            .iter()
            .map(|item| item.as_str().map(str::to_owned).ok_or_else(wrong))
            .collect(),
        _ => Err(wrong()),
    }
}

/// `builtin = true | false | ["banned-words", …]`.
fn builtin_choice(
    value: &Spanned<toml::Value>,
    source: &Arc<ConfigSource>,
) -> Result<Builtin, ConfigError> {
    let span: Range<usize> = value.span();
    match value.get_ref() {
        toml::Value::Boolean(true) => Ok(Builtin::All),
        toml::Value::Boolean(false) => Ok(Builtin::None),
        toml::Value::Array(_) => Ok(Builtin::Only(
            string_list(value, source, "builtin")?
                .into_iter()
                .map(|id| Located {
                    value: id,
                    origin: Origin::File(Arc::clone(source), span.clone()),
                })
                .collect(),
        )),
        _ => Err(ConfigError::at(
            source,
            span,
            "`builtin` must be true, false, or a list of built-in pack ids",
            Some(format!("builtin = [\"{}\"]", builtin_ids().join("\", \""))),
        )),
    }
}

/// The ids of the built-in packs.
pub fn builtin_ids() -> Vec<String> {
    huashu::builtin_packs()
        .map(|packs| packs.into_iter().map(|p| p.id).collect())
        .unwrap_or_default()
}
