//! What a command runs with: the configuration file's settings under the command line's.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use huashu::transcript::{Labels, ParseOptions, SourceFormat, TimeUnit};
use huashu::{Linter, Pack, Rule, RuleSelector, Segmenter};

use super::FailOn;
use super::{
    Builtin, Config, ConfigError, Located, Origin, OverrideSetting, PathIgnore, ProfilePaths,
};
use crate::check::CheckOptions;
use crate::input::{Encoding, NamePattern};
use crate::roster::Roster;

/// Everything a command needs to know, from defaults, the configuration and the flags, in
/// that order of precedence.
#[derive(Debug, Clone)]
pub struct Settings {
    builtin: Builtin,
    /// Pack files or globs, and the directory each is relative to.
    pack_files: Vec<(Located<String>, PathBuf)>,
    select: Option<Vec<Located<String>>>,
    ignore: Vec<Located<String>>,
    overrides: Vec<OverrideSetting>,
    labels: Vec<(String, huashu::Speaker)>,
    /// The least severity that fails `check`.
    pub fail_on: FailOn,
    /// The pass mark.
    pub pass_mark: u32,
    /// Whether `# huashu:` suppression comments apply.
    suppressions: bool,
    /// The intent model file to use instead of the built-in one (`--intent-model`, else
    /// `[intents] model`), resolved, and where it was named.
    intent_model: Option<(PathBuf, Origin)>,
    /// The format every input is read in (`--input-format`, else `[check] input-format`);
    /// `None` tells each input's format from its name and structure.
    pub input_format: Option<SourceFormat>,
    /// The unit of bare-number times (`--time-unit`, else `[check] time-unit`).
    pub time_unit: TimeUnit,
    /// Call metadata from paths (`--name-pattern`, else `[check] name-pattern`).
    pub name_pattern: Option<NamePattern>,
    /// The encoding every input is read in (`--encoding`, else `[check] encoding`).
    pub encoding: Option<Encoding>,
    /// Whether checking nothing is fine (`--allow-empty`, else `[check] allow-empty`).
    pub allow_empty: bool,
    /// Agent ids to names and teams (`[roster]`).
    pub roster: Option<Arc<Roster>>,
    /// The channel profile (`--profile`, else the matching `[[profiles]]` entry's, else
    /// `[check] profile`); `None`: the default.
    profile: Option<Located<String>>,
    /// Whether `--profile` chose the profile of every input (the configuration's entries then
    /// choose none).
    forced_profile: bool,
    /// `[[profiles]]`: profiles by path.
    profile_paths: Vec<ProfilePaths>,
    /// Every profile name the configuration writes (`[check] profile`, each `[[profiles]]`
    /// entry), checked against the packs' profiles when the linter is built, whether or not
    /// an input is checked with it.
    named_profiles: Vec<Located<String>>,
    /// `[per-path-ignores]`: every entry, checked against the rules when the linter is built
    /// whether or not it applies here.
    path_ignores: Vec<PathIgnore>,
}

/// What a front end (the command line's flags, a binding's arguments) adds to the
/// configuration; every field left at its default adds nothing.
#[derive(Debug, Default, Clone, Copy)]
pub struct Flags<'a> {
    /// Pack files to load besides the configuration's (`--pack`).
    pub packs: &'a [PathBuf],
    /// Load no built-in pack (`--no-default-packs`).
    pub no_default_packs: bool,
    /// Rule selectors to run, replacing the configuration's `select` (`--select`).
    pub select: Option<&'a [String]>,
    /// Rule selectors never to run, replacing the configuration's `ignore` (`--ignore`).
    pub ignore: Option<&'a [String]>,
    /// More pack files, named in messages as `PACK` (`rules test PACK…`).
    pub extra_packs: &'a [PathBuf],
    /// Speaker labels, added to the configuration's (`--label`).
    pub labels: &'a [(String, huashu::Speaker)],
    /// `--fail-on`.
    pub fail_on: Option<FailOn>,
    /// `--pass-mark`.
    pub pass_mark: Option<u32>,
    /// Ignore every suppression comment (`--no-suppressions`).
    pub no_suppressions: bool,
    /// An intent model file, replacing the configuration's `[intents] model`
    /// (`--intent-model`).
    pub intent_model: Option<&'a Path>,
    /// `--input-format`.
    pub input_format: Option<SourceFormat>,
    /// `--time-unit`.
    pub time_unit: Option<TimeUnit>,
    /// `--name-pattern`.
    pub name_pattern: Option<&'a NamePattern>,
    /// `--encoding`.
    pub encoding: Option<Encoding>,
    /// `--allow-empty`.
    pub allow_empty: bool,
    /// `--profile`: the channel profile of every input, instead of the configuration's.
    pub profile: Option<&'a str>,
}

impl Settings {
    /// Settings from an optional configuration and the flags.
    pub fn new(config: Option<Config>, flags: &Flags<'_>) -> Settings {
        let config = config.unwrap_or_default();
        let mut pack_files: Vec<(Located<String>, PathBuf)> = config
            .pack_files
            .unwrap_or_default()
            .into_iter()
            .map(|file| {
                let dir = match &file.origin {
                    Origin::File(source, _) => source.dir().to_owned(),
                    Origin::Flag(_) => PathBuf::from("."),
                };
                (file, dir)
            })
            .collect();
        let flag_file = |path: &PathBuf, flag: &'static str| {
            (
                Located {
                    value: path.to_string_lossy().into_owned(),
                    origin: Origin::Flag(flag),
                },
                PathBuf::new(),
            )
        };
        let mut builtin = config.builtin.unwrap_or(Builtin::All);
        let mut select = config.select;
        let mut ignore = config.ignore;
        pack_files.extend(flags.packs.iter().map(|p| flag_file(p, "--pack")));
        if flags.no_default_packs {
            builtin = Builtin::None;
        }
        let from_flag = |values: &[String], flag| {
            values
                .iter()
                .map(|v| Located {
                    value: v.trim().to_owned(),
                    origin: Origin::Flag(flag),
                })
                .collect::<Vec<_>>()
        };
        if let Some(values) = flags.select {
            select = Some(from_flag(values, "--select"));
        }
        if let Some(values) = flags.ignore {
            ignore = from_flag(values, "--ignore");
        }
        pack_files.extend(flags.extra_packs.iter().map(|p| flag_file(p, "PACK")));
        let mut labels = config.labels;
        labels.extend(flags.labels.iter().cloned());
        let intent_model = match (flags.intent_model, config.intent_model) {
            (Some(path), _) => Some((path.to_owned(), Origin::Flag("--intent-model"))),
            (None, Some(file)) => {
                let path = match &file.origin {
                    Origin::File(source, _) => source.dir().join(&file.value),
                    Origin::Flag(_) => PathBuf::from(&file.value),
                };
                Some((path, file.origin))
            }
            (None, None) => None,
        };
        let profile_paths = config.profile_paths.unwrap_or_default();
        let named_profiles = config
            .profile
            .iter()
            .chain(profile_paths.iter().map(|entry| &entry.name))
            .cloned()
            .collect();
        let profile = match flags.profile {
            Some(name) => Some(Located {
                value: name.trim().to_owned(),
                origin: Origin::Flag("--profile"),
            }),
            None => config.profile,
        };
        Settings {
            profile,
            forced_profile: flags.profile.is_some(),
            profile_paths,
            named_profiles,
            builtin,
            pack_files,
            select,
            ignore,
            overrides: config.overrides,
            labels,
            fail_on: flags.fail_on.or(config.fail_on).unwrap_or(FailOn::Warning),
            pass_mark: flags
                .pass_mark
                .or(config.pass_mark)
                .unwrap_or(huashu::DEFAULT_PASS_MARK),
            suppressions: !flags.no_suppressions,
            intent_model,
            input_format: flags.input_format.or(config.input_format),
            time_unit: flags.time_unit.or(config.time_unit).unwrap_or_default(),
            name_pattern: flags.name_pattern.cloned().or(config.name_pattern),
            encoding: flags.encoding.or(config.encoding),
            allow_empty: flags.allow_empty || config.allow_empty.unwrap_or(false),
            roster: config.roster.map(Arc::new),
            path_ignores: config.path_ignores,
        }
    }

    /// These settings for a path that the `[per-path-ignores]` entries `entries` (indexes in
    /// [`Config::path_ignores`]) match: their rules are ignored too.
    ///
    /// ```
    /// use huashu_workspace::config::{Config, Flags, Settings};
    /// let dir = tempfile::tempdir().unwrap();
    /// let file = dir.path().join("huashu.toml");
    /// std::fs::write(&file, "[per-path-ignores]\n\"scripts/outbound/**\" = [\"greeting.*\"]\n").unwrap();
    /// let settings = Settings::new(Some(Config::load(&file).unwrap()), &Flags::default());
    /// let segmenter = std::sync::Arc::new(huashu::JiebaSegmenter::new());
    /// let outbound = settings.with_path_ignores(&[0]).linter(segmenter.clone()).unwrap();
    /// assert!(outbound.rule("greeting.three-part").is_none());
    /// assert!(settings.linter(segmenter).unwrap().rule("greeting.three-part").is_some());
    /// ```
    pub fn with_path_ignores(&self, entries: &[usize]) -> Settings {
        let mut settings = self.clone();
        for &entry in entries {
            if let Some(entry) = self.path_ignores.get(entry) {
                settings.ignore.extend(entry.rules.iter().cloned());
            }
        }
        settings
    }

    /// These settings for a path that the `[[profiles]]` entry `entry` (an index in
    /// [`Config::profile_paths`]) matches: its profile instead of `[check] profile`. Nothing
    /// changes for `None`, or when `--profile` names the profile of every input.
    ///
    /// ```
    /// use huashu_workspace::config::{Config, Flags, Settings};
    /// let dir = tempfile::tempdir().unwrap();
    /// let file = dir.path().join("huashu.toml");
    /// std::fs::write(&file, "[[profiles]]\nname = \"written\"\npaths = [\"weibo/**\"]\n").unwrap();
    /// let settings = Settings::new(Some(Config::load(&file).unwrap()), &Flags::default());
    /// assert_eq!(settings.with_path_profile(Some(0)).profile(), Some("written"));
    /// assert_eq!(settings.with_path_profile(None).profile(), None);
    /// let flags = Flags { profile: Some("outbound"), ..Flags::default() };
    /// let forced = Settings::new(Some(Config::load(&file).unwrap()), &flags);
    /// assert_eq!(forced.with_path_profile(Some(0)).profile(), Some("outbound"));
    /// ```
    pub fn with_path_profile(&self, entry: Option<usize>) -> Settings {
        let mut settings = self.clone();
        if self.forced_profile {
            return settings;
        }
        if let Some(entry) = entry.and_then(|i| self.profile_paths.get(i)) {
            settings.profile = Some(entry.name.clone());
        }
        settings
    }

    /// How each input is read and checked, as these settings say.
    pub fn check_options(&self) -> CheckOptions {
        let mut options = CheckOptions::new(self.parse_options());
        options.format = self.input_format;
        options.encoding = self.encoding;
        options.names = self.name_pattern.clone();
        options.roster.clone_from(&self.roster);
        options
    }

    /// The intent model file named by `--intent-model` or `[intents] model`, if any.
    pub fn intent_model_path(&self) -> Option<&Path> {
        self.intent_model.as_ref().map(|(path, _)| path.as_path())
    }

    /// Reads and decodes the intent model file named by `--intent-model` or `[intents] model`
    /// (`None` for the built-in model). A file that cannot be read, or is not a model of this
    /// version, is an error naming the file and the cause, pointing at where it was named.
    pub fn load_intent_model(&self) -> Result<Option<huashu::intent::Model>, ConfigError> {
        let Some((path, origin)) = &self.intent_model else {
            return Ok(None);
        };
        let bytes = std::fs::read(path).map_err(|err| {
            origin.error(
                format!("cannot read the intent model {}: {err}", path.display()),
                None,
            )
        })?;
        huashu::intent::Model::from_bytes(&bytes)
            .map(Some)
            .map_err(|err| {
                origin.error(
                    format!("{}: {err}", path.display()),
                    Some("train a model for this version with `huashu intents train --data DIR -o FILE`".to_owned()),
                )
            })
    }

    /// How transcripts are parsed: the default speaker labels plus the configured ones, and
    /// the unit of bare-number times.
    pub fn parse_options(&self) -> ParseOptions {
        let mut labels = Labels::default();
        for (label, speaker) in &self.labels {
            labels.insert(label, *speaker);
        }
        ParseOptions::with_labels(labels).with_time_unit(self.time_unit)
    }

    /// The pack files to load: paths as given, globs expanded (sorted).
    fn pack_paths(&self) -> Result<Vec<PathBuf>, ConfigError> {
        let mut paths = Vec::new();
        for (file, dir) in &self.pack_files {
            let joined = dir.join(&file.value);
            if !is_glob(&file.value) {
                paths.push(joined);
                continue;
            }
            let found = expand_glob(&joined)
                .map_err(|err| file.origin.error(format!("invalid glob: {err}"), None))?;
            if found.is_empty() {
                return Err(file.origin.error(
                    format!("`{}` matches no file", file.value),
                    Some(format!("looked for it in {}", display_dir(dir))),
                ));
            }
            paths.extend(found);
        }
        Ok(paths)
    }

    /// Loads the packs and keeps the rules that are selected and not ignored. Every problem is
    /// returned, pack errors first.
    pub fn load_packs(&self) -> Result<Vec<Pack>, Vec<Box<dyn miette::Diagnostic>>> {
        self.load_selected_packs().map(|(packs, _)| packs)
    }

    /// [`Settings::load_packs`], and the rules (id, pack) that exist but were left out.
    fn load_selected_packs(&self) -> Result<SelectedPacks, Vec<Box<dyn miette::Diagnostic>>> {
        let mut problems: Vec<Box<dyn miette::Diagnostic>> = Vec::new();
        let mut packs = Vec::new();
        match &self.builtin {
            Builtin::None => {}
            Builtin::All => match huashu::builtin_packs() {
                Ok(builtin) => packs.extend(builtin),
                Err(err) => problems.push(Box::new(err)),
            },
            Builtin::Only(ids) => match huashu::builtin_packs() {
                Ok(builtin) => {
                    for id in ids {
                        match builtin.iter().find(|p| p.id == id.value) {
                            Some(pack) => packs.push(pack.clone()),
                            None => problems.push(Box::new(id.origin.error(
                                format!("there is no built-in pack `{}`", id.value),
                                Some(format!(
                                    "the built-in packs are: {}",
                                    super::builtin_ids().join(", ")
                                )),
                            ))),
                        }
                    }
                }
                Err(err) => problems.push(Box::new(err)),
            },
        }
        match self.pack_paths() {
            Ok(paths) => {
                for path in paths {
                    let name = path.to_string_lossy().into_owned();
                    let name = name.strip_prefix("./").unwrap_or(&name).to_owned();
                    match std::fs::read_to_string(&path) {
                        Ok(text) => match Pack::from_toml(&name, &text) {
                            Ok(pack) => packs.push(pack),
                            Err(err) => problems.push(Box::new(err)),
                        },
                        Err(err) => problems.push(Box::new(ConfigError::plain(format!(
                            "cannot read rule pack {name}: {err}"
                        )))),
                    }
                }
            }
            Err(err) => problems.push(Box::new(err)),
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        if packs.is_empty() {
            return Err(vec![Box::new(Origin::Flag("huashu").error(
                "no rule packs to check with",
                Some(
                    "load the built-in packs, or add one with --pack FILE or [packs] files".into(),
                ),
            ))]);
        }
        match self.select_rules(&mut packs) {
            Ok(left_out) => Ok((packs, left_out)),
            Err(err) => Err(vec![Box::new(err)]),
        }
    }

    /// Drops the rules that are not selected or are ignored, and returns them (id, pack). A
    /// selector that names no rule is an error: a misspelt id must not silently select nothing.
    fn select_rules(&self, packs: &mut [Pack]) -> Result<Vec<(String, String)>, ConfigError> {
        // huashu's meta rules about suppression comments can be ignored and overridden too.
        let mut rules: Vec<(&str, &str)> = packs
            .iter()
            .flat_map(|p| p.rules.iter().map(|r| (r.id.as_str(), r.pack.as_str())))
            .collect();
        rules.extend(meta_rules());
        let select = match &self.select {
            Some(patterns) => Some(parse_all(patterns, &rules)?),
            None => None,
        };
        let ignore = parse_all(&self.ignore, &rules)?;
        for setting in &self.overrides {
            parse_selector(&setting.pattern, &rules)?;
        }
        for entry in &self.path_ignores {
            parse_all(&entry.rules, &rules)?;
        }
        let mut left_out = Vec::new();
        for pack in packs.iter_mut() {
            pack.rules.retain(|rule: &Rule| {
                let selected = select
                    .as_ref()
                    .is_none_or(|s| s.iter().any(|g| g.matches(rule)));
                let kept = selected && !ignore.iter().any(|g| g.matches(rule));
                if !kept {
                    left_out.push((rule.id.clone(), rule.pack.clone()));
                }
                kept
            });
        }
        Ok(left_out)
    }

    /// The channel profile named by `--profile`, the matching `[[profiles]]` entry or
    /// `[check] profile`, if any.
    pub fn profile(&self) -> Option<&str> {
        self.profile.as_ref().map(|p| p.value.as_str())
    }

    /// Whether `--profile` names the profile of every input, so that no `[[profiles]]` entry
    /// chooses one (and inputs its entries match share the linter of the others).
    ///
    /// ```
    /// use huashu_workspace::config::{Flags, Settings};
    /// assert!(!Settings::new(None, &Flags::default()).profile_is_forced());
    /// let flags = Flags { profile: Some("written"), ..Flags::default() };
    /// assert!(Settings::new(None, &flags).profile_is_forced());
    /// ```
    pub fn profile_is_forced(&self) -> bool {
        self.forced_profile
    }

    /// Every profile name the configuration writes that no pack in `packs` (nor huashu)
    /// defines: an error at each, listing the known profiles. Checked whatever inputs there
    /// are, so that a misspelt `[[profiles]]` entry no input matches is still reported.
    fn unknown_profiles(&self, packs: &[Pack]) -> Vec<Box<dyn miette::Diagnostic>> {
        let known = huashu::pack::known_profiles(packs);
        self.named_profiles
            .iter()
            .filter(|name| !known.contains(&name.value))
            .map(|name| unknown_profile(name, &known.join(", ")))
            .collect()
    }

    /// Builds the linter: packs, selection, overrides, pass mark, channel profile (`--profile`,
    /// `[[profiles]]` or `[check] profile`), with `segmenter`. Problems are returned as
    /// diagnostics to render.
    pub fn linter(
        &self,
        segmenter: Arc<dyn Segmenter>,
    ) -> Result<Linter, Vec<Box<dyn miette::Diagnostic>>> {
        let profile = self.profile.as_ref();
        let (packs, left_out) = self.load_selected_packs()?;
        let unknown = self.unknown_profiles(&packs);
        if !unknown.is_empty() {
            return Err(unknown);
        }
        // The meta rules are on unless ignored by name or pattern (`select` leaves them alone).
        let ignored_meta: Vec<&str> = meta_rules()
            .filter(|(id, pack)| {
                self.ignore
                    .iter()
                    .any(|p| parse_selector(p, &[]).is_ok_and(|s| s.matches_id(id, pack)))
            })
            .map(|(id, _)| id)
            .collect();
        // Every kept rule (id, pack), whether it has a threshold to override, and whether it
        // has phrases to extend.
        let kept: Vec<(String, String, bool, bool)> = packs
            .iter()
            .flat_map(|p| p.rules.iter())
            .map(|r| {
                let phrases = r.kind.as_phrase().is_some() || r.kind.as_required().is_some();
                (
                    r.id.clone(),
                    r.pack.clone(),
                    r.kind.threshold().is_some(),
                    phrases,
                )
            })
            .chain(
                meta_rules()
                    .filter(|(id, _)| !ignored_meta.contains(id))
                    .map(|(id, pack)| (id.to_owned(), pack.to_owned(), false, false)),
            )
            .collect();
        let mut builder = Linter::builder()
            .segmenter(segmenter)
            .packs(packs)
            .pass_mark(self.pass_mark)
            .suppressions(self.suppressions);
        if let Some(profile) = profile {
            builder = builder.profile(profile.value.clone());
        }
        if let Some(model) = self.load_intent_model().map_err(|e| vec![boxed(e)])? {
            builder = builder.intent_model(Arc::new(model));
        }
        for id in ignored_meta {
            builder = builder.disable_rule(id);
        }
        // A suppression comment naming a rule left out of this run is not naming an unknown one.
        for (id, pack) in left_out {
            builder = builder.switched_off_rule(id, pack);
        }
        for setting in &self.overrides {
            let selector = parse_selector(&setting.pattern, &[]).map_err(|e| vec![boxed(e)])?;
            let named =
                |(id, pack, _, _): &&(String, String, bool, bool)| selector.matches_id(id, pack);
            let mut any_threshold_target = false;
            for (id, _, has_threshold, has_phrases) in kept.iter().filter(named) {
                let mut change = setting.change.clone();
                if change.threshold.is_some() && !selector.is_exact() {
                    // A glob's threshold applies to the timing rules it names, not to the others.
                    if !has_threshold {
                        change.threshold = None;
                    } else {
                        any_threshold_target = true;
                    }
                }
                if !change.extend_phrases.is_empty() && !selector.is_exact() && !has_phrases {
                    // Likewise a glob's extra phrases: to the phrase and required rules only.
                    change.extend_phrases = Vec::new();
                }
                builder = builder.override_rule(id.clone(), change);
            }
            if setting.change.threshold.is_some()
                && !selector.is_exact()
                && !any_threshold_target
                && kept.iter().any(|rule| named(&rule))
            {
                return Err(vec![boxed(setting.pattern.origin.error(
                    "none of the rules this names has a threshold (only timing rules do)",
                    None,
                ))]);
            }
        }
        builder.build().map_err(|err| {
            // Point an override error at the override that caused it.
            let origin = match &err {
                huashu::LinterError::UnknownProfile { name, known } => {
                    let origin = profile.map_or(Origin::Flag("--profile"), |p| p.origin.clone());
                    return vec![unknown_profile(&Located { value: name.clone(), origin }, known)];
                }
                huashu::LinterError::NoThreshold(id)
                | huashu::LinterError::UnknownRule(id)
                | huashu::LinterError::NoPhrases(id) => {
                    let pack = kept
                        .iter()
                        .find(|(kept, _, _, _)| kept == id)
                        .map_or("", |(_, pack, _, _)| pack.as_str());
                    self.overrides
                        .iter()
                        .find(|o| {
                            parse_selector(&o.pattern, &[]).is_ok_and(|s| s.matches_id(id, pack))
                        })
                        .map(|o| o.pattern.origin.clone())
                }
                huashu::LinterError::IntentClass {
                    rule,
                    pack,
                    message,
                } => {
                    if let Some((path, origin)) = &self.intent_model {
                        return vec![boxed(origin.error(
                            format!(
                                "rule `{rule}` of pack `{pack}`: {message} (intent model {})",
                                path.display()
                            ),
                            Some("retrain the model with the class, or leave the rule out with `--ignore`".to_owned()),
                        ))];
                    }
                    None
                }
                _ => None,
            };
            match origin {
                Some(origin) => vec![boxed(origin.error(err.to_string(), None))],
                None => vec![Box::new(err) as Box<dyn miette::Diagnostic>],
            }
        })
    }
}

/// The packs with only the rules to run, and the rules (id, pack) left out.
type SelectedPacks = (Vec<Pack>, Vec<(String, String)>);

/// "unknown profile `NAME`", at where it was named, listing the `known` ones (`inbound,
/// outbound, written`, as [`huashu::LinterError::UnknownProfile`] lists them).
fn unknown_profile(name: &Located<String>, known: &str) -> Box<dyn miette::Diagnostic> {
    boxed(name.origin.error(
        format!("unknown profile `{}`", name.value),
        Some(format!("the known profiles are {known}")),
    ))
}

fn boxed(err: ConfigError) -> Box<dyn miette::Diagnostic> {
    Box::new(err)
}

fn is_glob(pattern: &str) -> bool {
    pattern.contains(['*', '?', '[', '{'])
}

fn display_dir(dir: &Path) -> String {
    if dir.as_os_str().is_empty() {
        ".".to_owned()
    } else {
        dir.display().to_string()
    }
}

/// huashu's meta rules, as (id, pack).
fn meta_rules<'a>() -> impl Iterator<Item = (&'a str, &'a str)> {
    huashu::suppress::META_RULE_IDS
        .into_iter()
        .map(|id| (id, huashu::suppress::META_PACK))
}

/// Reads a rule selector (an id, a pattern such as `tone.*`, a pack name such as
/// `etiquette.*`: see [`RuleSelector`]). With `rules` (id, pack), it must name one of them.
fn parse_selector(
    pattern: &Located<String>,
    rules: &[(&str, &str)],
) -> Result<RuleSelector, ConfigError> {
    let selector = RuleSelector::parse(&pattern.value).map_err(|err| {
        pattern.origin.error(
            format!("invalid rule pattern `{}`: {err}", pattern.value),
            None,
        )
    })?;
    if !rules.is_empty() && !rules.iter().any(|(id, pack)| selector.matches_id(id, pack)) {
        // Offer whole-pack selectors (`tone.*`) as well as ids.
        let mut candidates: Vec<String> = rules.iter().map(|(id, _)| (*id).to_owned()).collect();
        for (id, _) in rules {
            if let Some((prefix, _)) = id.split_once('.') {
                let glob = format!("{prefix}.*");
                if !candidates.contains(&glob) {
                    candidates.push(glob);
                }
            }
        }
        let candidates: Vec<&str> = candidates.iter().map(String::as_str).collect();
        let help = closest(&pattern.value, &candidates)
            .map(|id| format!("did you mean `{id}`?"))
            .or_else(|| Some("`huashu rules list` shows every rule id".to_owned()));
        return Err(pattern
            .origin
            .error(format!("`{}` matches no rule", pattern.value), help));
    }
    Ok(selector)
}

fn parse_all(
    patterns: &[Located<String>],
    rules: &[(&str, &str)],
) -> Result<Vec<RuleSelector>, ConfigError> {
    patterns.iter().map(|p| parse_selector(p, rules)).collect()
}

/// The known id closest to a misspelt one, if any is close.
fn closest(wanted: &str, ids: &[&str]) -> Option<String> {
    ids.iter()
        .map(|id| (strsim::jaro_winkler(wanted, id), *id))
        .filter(|(score, _)| *score > 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, id)| id.to_owned())
}

/// The files a glob matches, sorted.
fn expand_glob(pattern: &Path) -> Result<Vec<PathBuf>, globset::Error> {
    let text = pattern.to_string_lossy();
    // Walk from the longest directory prefix without glob characters.
    let mut base = PathBuf::new();
    for component in pattern.components() {
        let part = component.as_os_str().to_string_lossy();
        if is_glob(&part) {
            break;
        }
        base.push(component);
    }
    let matcher = globset::GlobBuilder::new(&text)
        .literal_separator(true)
        .build()?
        .compile_matcher();
    let root = if base.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        base
    };
    let mut found: Vec<PathBuf> = ignore::WalkBuilder::new(&root)
        .standard_filters(false)
        .build()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
        .map(|e| e.into_path())
        .filter(|p| matcher.is_match(p) || matcher.is_match(p.strip_prefix("./").unwrap_or(p)))
        .collect();
    found.sort();
    Ok(found)
}
