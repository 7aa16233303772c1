//! The raw `huashu.toml` schema, as serde reads it. Values keep their spans so that every
//! problem found later can point into the file.

use std::collections::BTreeMap;

use huashu::Severity;
use serde::Deserialize;
use toml::Spanned;

use super::FailOn;

/// One configuration file, before `extends` is followed.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct RawConfig {
    /// Configuration files this one builds on: a path or a list of paths, relative to this file.
    pub extends: Option<Spanned<toml::Value>>,
    /// Which rule packs to load.
    pub packs: Option<RawPacks>,
    /// Which rules to run.
    pub rules: Option<RawRules>,
    /// Per-rule changes, keyed by rule selector.
    #[serde(default)]
    pub overrides: BTreeMap<Spanned<String>, RawOverride>,
    /// Speaker labels: `A = "customer"`.
    #[serde(default)]
    pub labels: BTreeMap<Spanned<String>, Spanned<String>>,
    /// How `check` decides its exit status and the pass mark.
    pub check: Option<RawCheck>,
    /// Agent ids to names and teams: a table, or the path of a CSV file.
    pub roster: Option<Spanned<toml::Value>>,
    /// The intent model.
    pub intents: Option<RawIntents>,
    /// Rules never to run on some paths: a glob (relative to this file) to rule selectors.
    #[serde(default, alias = "per_path_ignores")]
    pub per_path_ignores: BTreeMap<Spanned<String>, Vec<Spanned<String>>>,
    /// Channel profiles by path: `[[profiles]] name = "outbound" paths = ["scripts/outbound/**"]`.
    #[serde(default)]
    pub profiles: Option<Vec<RawProfilePaths>>,
}

/// `[[profiles]]`: the files a channel profile applies to.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct RawProfilePaths {
    /// The profile's name.
    pub name: Spanned<String>,
    /// Globs, relative to the configuration file.
    pub paths: Spanned<Vec<Spanned<String>>>,
}

/// `[intents]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct RawIntents {
    /// A model file trained with `huashu intents train`, relative to the configuration file.
    pub model: Option<Spanned<String>>,
}

/// `[packs]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct RawPacks {
    /// `true`, `false`, or a list of built-in pack ids.
    pub builtin: Option<Spanned<toml::Value>>,
    /// Pack files or globs, relative to the configuration file.
    pub files: Option<Vec<Spanned<String>>>,
}

/// `[rules]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct RawRules {
    /// Rule selectors to run (replaces what an extended file selected).
    pub select: Option<Vec<Spanned<String>>>,
    /// Rule selectors never to run (replaces what an extended file ignored).
    pub ignore: Option<Vec<Spanned<String>>>,
    /// Added to the inherited `select`.
    pub extend_select: Option<Vec<Spanned<String>>>,
    /// Added to the inherited `ignore`.
    pub extend_ignore: Option<Vec<Spanned<String>>>,
}

/// `[overrides."rule.id"]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct RawOverride {
    /// A new severity.
    pub severity: Option<Severity>,
    /// New points per breach.
    pub points: Option<Spanned<i64>>,
    /// A new threshold in seconds (or characters per second) for a timing rule.
    pub threshold: Option<Spanned<f64>>,
    /// A new cap on what the rule takes off one call's score.
    #[serde(alias = "max_points")]
    pub max_points: Option<Spanned<i64>>,
    /// Whether the rule is fatal (一票否决).
    pub fatal: Option<bool>,
    /// A team's own wordings: complete forms of a greeting or closing, or more phrases of a
    /// phrase rule.
    #[serde(alias = "extend_phrases")]
    pub extend_phrases: Option<Vec<Spanned<String>>>,
}

/// `[check]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct RawCheck {
    /// The least severity that fails the check.
    pub fail_on: Option<FailOn>,
    /// The pass mark, 0 to 100.
    pub pass_mark: Option<Spanned<i64>>,
    /// The format every input is read in (`--input-format`).
    #[serde(alias = "input_format")]
    pub input_format: Option<Spanned<String>>,
    /// The unit of bare-number times (`--time-unit`).
    #[serde(alias = "time_unit")]
    pub time_unit: Option<Spanned<String>>,
    /// Call metadata from paths (`--name-pattern`).
    #[serde(alias = "name_pattern")]
    pub name_pattern: Option<Spanned<String>>,
    /// The encoding every input is read in (`--encoding`).
    pub encoding: Option<Spanned<String>>,
    /// Checking nothing is not an error (`--allow-empty`).
    #[serde(alias = "allow_empty")]
    pub allow_empty: Option<bool>,
    /// The channel profile (`--profile`).
    pub profile: Option<Spanned<String>>,
    /// Which files found by walking a directory are checked: globs relative to this file
    /// (replaces what an extended file said; default: every file in a format huashu reads).
    pub include: Option<Vec<Spanned<String>>>,
    /// Files and directories never checked when walking: globs relative to this file
    /// (replaces what an extended file excluded).
    pub exclude: Option<Vec<Spanned<String>>>,
    /// Added to the inherited `exclude`.
    #[serde(alias = "extend_exclude")]
    pub extend_exclude: Option<Vec<Spanned<String>>>,
}
