//! What each channel profile makes of the loaded rules, for `rules list` and `rules explain`:
//! read from the packs' rules as loaded (selected, before a linter swaps each for its variant in
//! the profile it is built for, or leaves it out).

use std::collections::BTreeMap;

use huashu::pack::ProfileRule;
use huashu::{Pack, Rule};

/// What a profile does to a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Change {
    /// The profile has its own variant of the rule (`[rules.profiles.NAME]` with fields).
    Variant,
    /// The rule does not apply in the profile (`off = true`).
    Off,
}

impl Change {
    /// The word `rules list --format json` uses.
    pub(super) fn as_str(self) -> &'static str {
        match self {
            Change::Variant => "variant",
            Change::Off => "off",
        }
    }
}

/// The loaded rules as their packs write them, each with what the profiles change.
pub(super) struct ProfileChanges {
    rules: Vec<Rule>,
}

impl ProfileChanges {
    /// The rules of `packs` (as [`huashu_workspace::config::Settings::load_packs`] gives them).
    pub(super) fn new(packs: Vec<Pack>) -> ProfileChanges {
        ProfileChanges {
            rules: packs.into_iter().flat_map(|pack| pack.rules).collect(),
        }
    }

    /// The rule `id` as its pack writes it (whatever the profile), if it is loaded.
    pub(super) fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|rule| rule.id == id)
    }

    /// The profiles that change the rule `id`, by name, and how.
    pub(super) fn of(&self, id: &str) -> BTreeMap<&str, Change> {
        self.rule(id)
            .map(|rule| {
                rule.profiles
                    .iter()
                    .map(|(name, change)| (name.as_str(), change_of(change)))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The ids of the rules that `profile` changes as `change` says, in load order.
    pub(super) fn in_profile(&self, profile: &str, change: Change) -> Vec<&str> {
        self.rules
            .iter()
            .filter(|rule| rule.profiles.get(profile).map(change_of) == Some(change))
            .map(|rule| rule.id.as_str())
            .collect()
    }
}

fn change_of(rule: &ProfileRule) -> Change {
    match rule {
        ProfileRule::Variant(_) => Change::Variant,
        ProfileRule::Off => Change::Off,
    }
}
