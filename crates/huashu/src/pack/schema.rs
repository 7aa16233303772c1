//! The raw TOML shape of a rule pack, as serde reads it. Validation turns it into [`super::Pack`].
//!
//! Every table denies unknown fields, so a typo (`phrase` for `phrases`) is an error pointing at
//! the key rather than a rule that silently matches nothing. Fields that validation may need to
//! point at are [`Spanned`].

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use super::{Category, Fix, Severity, SpeakerScope};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPack {
    pub pack: Spanned<RawPackHeader>,
    #[serde(default)]
    pub rules: Vec<Spanned<RawRule>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPackHeader {
    pub id: Spanned<String>,
    #[serde(default)]
    pub description: String,
    /// Where the pack's norms come from (a document, a policy), for `rules explain`.
    #[serde(default)]
    pub source: Option<String>,
    /// Channel profiles the pack's rules name besides the built-in ones.
    #[serde(default)]
    pub profiles: Vec<Spanned<String>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRule {
    pub id: Spanned<String>,
    pub category: Category,
    #[serde(default)]
    pub severity: Option<Severity>,
    #[serde(default)]
    pub points: Option<Spanned<i64>>,
    #[serde(default)]
    pub speaker: Option<SpeakerScope>,
    pub message: Spanned<String>,
    /// One line on what the rule checks, for generated documentation.
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub why: Option<String>,
    #[serde(default)]
    pub help: Option<String>,
    #[serde(default)]
    pub phrases: Vec<Spanned<RawPhrase>>,
    #[serde(default)]
    pub regex: Vec<Spanned<String>>,
    #[serde(default)]
    pub unless: Vec<Spanned<String>>,
    /// Whether hits must start and end on word boundaries (default true).
    #[serde(default)]
    pub boundary: Option<bool>,
    #[serde(default)]
    pub rewrite: Option<Spanned<RawRewrite>>,
    #[serde(default)]
    pub fix: Option<Spanned<Fix>>,
    #[serde(default)]
    pub examples: Option<RawExamples>,
    /// What the rule's sentences mean (an intent class), beside or instead of phrases.
    #[serde(default)]
    pub intent: Option<Spanned<RawIntent>>,
    /// The wording an intent finding suggests.
    #[serde(default)]
    pub wording: Option<Spanned<String>>,

    // Scoring.
    /// The most points this rule may cost one call, however often it fires.
    #[serde(default)]
    pub max_points: Option<Spanned<i64>>,
    /// 一票否决: one breach scores the whole call 0.
    #[serde(default)]
    pub fatal: bool,

    // Phrase rules: counting and composition inside a turn.
    #[serde(default)]
    pub count: Option<Spanned<RawCount>>,
    #[serde(default)]
    pub all: Vec<Spanned<RawCondition>>,
    #[serde(default)]
    pub not: Vec<Spanned<RawCondition>>,
    #[serde(default)]
    pub near: Option<Spanned<i64>>,

    // Call-level kinds.
    #[serde(default)]
    pub require: Option<Spanned<RawRequire>>,
    #[serde(default)]
    pub when: Option<Spanned<RawWhen>>,
    #[serde(default)]
    pub expect: Option<Spanned<RawExpect>>,
    #[serde(default)]
    pub timing: Option<Spanned<RawTiming>>,
    #[serde(default)]
    pub repeat: Option<Spanned<RawRepeat>>,

    /// What changes in each channel profile (`[rules.profiles.written]`).
    #[serde(default)]
    pub profiles: BTreeMap<Spanned<String>, Spanned<RawProfile>>,
}

/// `[rules.profiles.NAME]`: the rule in one channel profile. `off = true` leaves it out there;
/// otherwise each field given replaces the rule's own (the rule stays the same kind).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawProfile {
    #[serde(default)]
    pub off: Option<Spanned<bool>>,
    pub message: Option<Spanned<String>>,
    pub summary: Option<String>,
    pub why: Option<String>,
    pub help: Option<String>,
    pub phrases: Option<Vec<Spanned<RawPhrase>>>,
    pub regex: Option<Vec<Spanned<String>>>,
    pub unless: Option<Vec<Spanned<String>>>,
    pub rewrite: Option<Spanned<RawRewrite>>,
    pub intent: Option<Spanned<RawProfileIntent>>,
    pub wording: Option<Spanned<String>>,
    pub all: Option<Vec<Spanned<RawCondition>>>,
    pub not: Option<Vec<Spanned<RawCondition>>>,
    pub require: Option<Spanned<RawRequire>>,
    pub when: Option<Spanned<RawWhen>>,
    pub expect: Option<Spanned<RawExpect>>,
    pub timing: Option<Spanned<RawTiming>>,
    pub examples: Option<RawExamples>,
}

/// `repeat = { min_chars = 8, allow = ["您的电话已接通"] }`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRepeat {
    pub min_chars: Spanned<i64>,
    #[serde(default)]
    pub allow: Vec<Spanned<String>>,
}

/// `count = { more_than = 2, per = "turn" }` or `count = { repeated = true }`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCount {
    #[serde(default)]
    pub more_than: Option<i64>,
    #[serde(default)]
    pub per: Option<super::CountScope>,
    #[serde(default)]
    pub repeated: bool,
}

/// Text a turn must (or must not) contain: any of the phrases or regexes.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCondition {
    #[serde(default)]
    pub phrases: Vec<Spanned<String>>,
    #[serde(default)]
    pub regex: Vec<Spanned<String>>,
    #[serde(default)]
    pub intent: Option<Spanned<RawIntent>>,
}

/// `intent = { class = "forbidden.deflection", min = 0.8, review = 0.6 }`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawIntent {
    pub class: Spanned<String>,
    #[serde(default)]
    pub min: Option<Spanned<f64>>,
    #[serde(default)]
    pub review: Option<Spanned<f64>>,
    /// What a finding of the intent costs, in place of the rule's `points` (a phrase rule's own
    /// `intent` only).
    #[serde(default)]
    pub points: Option<Spanned<i64>>,
}

/// A profile's `intent`: another condition in place of the rule's, or `false`, none.
#[derive(Debug, Clone)]
pub(crate) enum RawProfileIntent {
    /// `intent = false`: the rule has no intent in the profile.
    Off,
    /// `intent = { class = "…" }`: this one in place of the rule's.
    Intent(RawIntent),
}

impl<'de> Deserialize<'de> for RawProfileIntent {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = RawProfileIntent;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an intent table (`{ class = \"…\" }`) or `false`")
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Self::Value, E> {
                if v {
                    Err(E::invalid_value(
                        serde::de::Unexpected::Bool(true),
                        &"`false` (no intent in this profile) or an intent table",
                    ))
                } else {
                    Ok(RawProfileIntent::Off)
                }
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<Self::Value, A::Error> {
                RawIntent::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(RawProfileIntent::Intent)
            }
        }
        deserializer.deserialize_any(Visit)
    }
}

/// Required phrases in the first or last turns (or seconds) of a speaker.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRequire {
    pub scope: super::ScopeEnd,
    #[serde(default)]
    pub turns: Option<Spanned<i64>>,
    #[serde(default)]
    pub seconds: Option<Spanned<f64>>,
    pub groups: Spanned<Vec<Vec<Spanned<String>>>>,
    /// The standard form's name, for messages.
    #[serde(default)]
    pub name: Option<String>,
    /// The standard form's group names, for messages.
    #[serde(default)]
    pub labels: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    pub alternatives: Vec<Spanned<RawForm>>,
    #[serde(default)]
    pub wording: Option<String>,
}

/// An alternative form of a required rule: a list of groups, or a table naming the form and
/// its groups (`{ name = "外呼开头语", groups = [[…], …], labels = ["问候", …] }`).
#[derive(Debug, Clone)]
pub(crate) enum RawForm {
    Groups(Vec<Vec<Spanned<String>>>),
    Table(RawFormTable),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFormTable {
    #[serde(default)]
    pub name: Option<String>,
    pub groups: Vec<Vec<Spanned<String>>>,
    #[serde(default)]
    pub labels: Option<Vec<String>>,
    #[serde(default)]
    pub wording: Option<String>,
}

impl<'de> Deserialize<'de> for RawForm {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = RawForm;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a list of groups of phrases, or a table `{ name = \"…\", groups = [[…]], labels = [\"…\"] }`")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, seq: A) -> Result<RawForm, A::Error> {
                Vec::deserialize(serde::de::value::SeqAccessDeserializer::new(seq))
                    .map(RawForm::Groups)
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<RawForm, A::Error> {
                RawFormTable::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(RawForm::Table)
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// The trigger of a response rule.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawWhen {
    #[serde(default)]
    pub speaker: Option<SpeakerScope>,
    #[serde(default)]
    pub phrases: Vec<Spanned<String>>,
    #[serde(default)]
    pub regex: Vec<Spanned<String>>,
    #[serde(default)]
    pub silence_over: Option<Spanned<f64>>,
    #[serde(default)]
    pub intent: Option<Spanned<RawIntent>>,
    #[serde(default)]
    pub not: Vec<Spanned<RawCondition>>,
}

/// What must follow (or precede) the trigger.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawExpect {
    #[serde(default)]
    pub speaker: Option<SpeakerScope>,
    #[serde(default)]
    pub phrases: Vec<Spanned<String>>,
    #[serde(default)]
    pub regex: Vec<Spanned<String>>,
    #[serde(default)]
    pub intent: Option<Spanned<RawIntent>>,
    #[serde(default)]
    pub intents: Vec<Spanned<RawIntent>>,
    #[serde(default)]
    pub direction: Option<super::Direction>,
    #[serde(default)]
    pub within_turns: Option<Spanned<i64>>,
    #[serde(default)]
    pub within_seconds: Option<Spanned<f64>>,
    #[serde(default)]
    pub no_reply: Option<super::NoReply>,
    #[serde(default)]
    pub no_reply_message: Option<String>,
}

/// A timing check.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTiming {
    pub check: super::TimingCheck,
    pub over: Spanned<f64>,
    #[serde(default)]
    pub announced_by: Vec<Spanned<String>>,
    #[serde(default)]
    pub min_seconds: Option<f64>,
    /// The agent's prompts of a silent call (您好,请问有什么可以帮助您?): the pause after one,
    /// while the customer has said nothing yet, is the customer's silence.
    #[serde(default)]
    pub silent_call: Vec<Spanned<String>>,
}

/// A phrase: a plain string, or a table that can opt out of the boundary check.
#[derive(Debug, Clone)]
pub(crate) enum RawPhrase {
    Text(String),
    Table(RawPhraseTable),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPhraseTable {
    pub text: String,
    #[serde(default)]
    pub boundary: Option<bool>,
}

/// One replacement for every hit, or one per phrase (or regex source).
#[derive(Debug, Clone)]
pub(crate) enum RawRewrite {
    All(String),
    PerPattern(BTreeMap<Spanned<String>, String>),
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawExamples {
    #[serde(default)]
    pub bad: Vec<String>,
    #[serde(default)]
    pub good: Vec<String>,
}

// Hand-written so that a mistake inside the table form reports the real problem (an unknown
// key, a wrong type) instead of serde's "did not match any variant of untagged enum".
impl<'de> Deserialize<'de> for RawPhrase {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = RawPhrase;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a phrase string, or a table `{ text = \"…\", boundary = false }`")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RawPhrase, E> {
                Ok(RawPhrase::Text(v.to_owned()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<RawPhrase, A::Error> {
                RawPhraseTable::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(RawPhrase::Table)
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

impl<'de> Deserialize<'de> for RawRewrite {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = RawRewrite;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(
                    "a replacement string, or a table mapping each phrase to its replacement",
                )
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RawRewrite, E> {
                Ok(RawRewrite::All(v.to_owned()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<RawRewrite, A::Error> {
                BTreeMap::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(RawRewrite::PerPattern)
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}
