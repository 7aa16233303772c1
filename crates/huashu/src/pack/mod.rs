//! Rule packs: rules as data, loaded from TOML.
//!
//! A pack is a `[pack]` header and a list of `[[rules]]`. Loading is strict: an unknown field, a
//! duplicate id, an empty phrase, an invalid regex or an unknown category is a [`PackError`]
//! pointing at the file, line and column. See the README's "Rule packs" section for the format.
//!
//! ```
//! use huashu::{Category, Pack};
//! let pack = Pack::from_toml("my-pack.toml", r#"
//! [pack]
//! id = "my-pack"
//!
//! [[rules]]
//! id = "banned.shirking"
//! category = "banned"
//! severity = "error"
//! points = 2
//! message = "推诿用语"
//! phrases = ["这不是我的事"]
//! rewrite = "让我想想我能为您做什么"
//! examples = { bad = ["这不是我的事,你找别人吧"], good = ["让我想想我能为您做什么"] }
//! "#).unwrap();
//! assert_eq!(pack.rules[0].category, Category::Banned);
//! ```

mod builtin;
mod doc;
mod error;
mod kind;
mod profile;
mod schema;
pub(crate) mod validate;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use builtin::{builtin_packs, BUILTIN_PACK_SOURCES};
pub use doc::{RewriteDoc, RuleDoc};
pub use error::{PackError, PackProblem};
pub use profile::{
    is_builtin_profile, known_profiles, ProfileInfo, ProfileRule, BUILTIN_PROFILES, DEFAULT_PROFILE,
};

use crate::call::Speaker;

/// A loaded, validated rule pack.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Pack {
    /// The pack's id (`[pack] id`).
    pub id: String,
    /// Where the pack was loaded from: a path, or `builtin:ID`.
    pub name: String,
    /// What the pack is for.
    pub description: String,
    /// Where its norms come from, when the pack says.
    pub source: Option<String>,
    /// The rules, in file order.
    pub rules: Vec<Rule>,
    /// The channel profiles the pack declares besides the built-in ones (`[pack] profiles`).
    pub profiles: Vec<String>,
}

/// What a linter remembers of a pack it was built from: everything but the rules.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PackInfo {
    /// The pack's id.
    pub id: String,
    /// Where it was loaded from: a path, or `builtin:ID`.
    pub name: String,
    /// What the pack is for.
    pub description: String,
    /// Where its norms come from.
    pub source: Option<String>,
}

impl Pack {
    /// The pack's header, without its rules.
    ///
    /// ```
    /// let pack = &huashu::builtin_packs().unwrap()[0];
    /// assert_eq!(pack.info().name, "builtin:banned-words");
    /// ```
    pub fn info(&self) -> PackInfo {
        PackInfo {
            id: self.id.clone(),
            name: self.name.clone(),
            description: self.description.clone(),
            source: self.source.clone(),
        }
    }

    /// Parses and validates a pack. `name` is used in diagnostics (a path, usually).
    ///
    /// ```
    /// let err = huashu::Pack::from_toml("x.toml", "[pack]\nid = \"x\"\n[[rules]]\nid = \"banned.a\"\ncategory = \"banned\"\nmessage = \"m\"\nphrases = [\"\"]\n").unwrap_err();
    /// assert_eq!(err.problems()[0].message(), "empty phrase");
    /// ```
    pub fn from_toml(name: &str, source: &str) -> Result<Pack, PackError> {
        validate::load(name, source)
    }
}

/// What kind of norm a rule checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Category {
    /// Banned words and phrases (服务禁用语).
    Banned,
    /// Forbidden tones: rhetorical questions, interrogation, orders, impatience, sarcasm.
    Tone,
    /// Verbal tics, fillers and dialect turns of phrase.
    Filler,
    /// Honorifics: 您 instead of 你, the customer's surname.
    Honorific,
    /// The required greeting.
    Greeting,
    /// The required closing.
    Closing,
    /// The prescribed answer to a situation.
    Response,
    /// Silences, holds, speech rate, talking over the customer.
    Timing,
    /// huashu's own rules about suppression comments (`huashu.*`): built in, never in a pack.
    #[serde(skip_deserializing)]
    Meta,
}

impl Category {
    /// The lowercase name used in packs and output.
    ///
    /// ```
    /// assert_eq!(huashu::Category::Greeting.as_str(), "greeting");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Banned => "banned",
            Category::Tone => "tone",
            Category::Filler => "filler",
            Category::Honorific => "honorific",
            Category::Greeting => "greeting",
            Category::Closing => "closing",
            Category::Response => "response",
            Category::Timing => "timing",
            Category::Meta => "meta",
        }
    }
}

/// How serious a breach is. Ordered: `Info < Warning < Error`.
///
/// ```
/// use huashu::Severity;
/// assert!(Severity::Error > Severity::Warning);
/// assert_eq!("info".parse::<Severity>(), Ok(Severity::Info));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; never fails a check by default.
    Info,
    /// A breach of the norms.
    Warning,
    /// A serious breach (abuse, shirking responsibility).
    Error,
}

impl Severity {
    /// The lowercase name used in packs and output.
    ///
    /// ```
    /// assert_eq!(huashu::Severity::Warning.as_str(), "warning");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl std::str::FromStr for Severity {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "info" => Ok(Severity::Info),
            "warning" => Ok(Severity::Warning),
            "error" => Ok(Severity::Error),
            other => Err(format!(
                "unknown severity `{other}`: expected `info`, `warning` or `error`"
            )),
        }
    }
}

/// Whose turns a rule looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum SpeakerScope {
    /// Agent turns only (the default): customer speech is context, not the subject.
    #[default]
    Agent,
    /// Customer turns only (used by call-level rules that react to the customer).
    Customer,
    /// Every turn.
    Any,
}

impl SpeakerScope {
    /// Whether a turn by `speaker` is in scope.
    ///
    /// ```
    /// use huashu::{Speaker, SpeakerScope};
    /// assert!(!SpeakerScope::Agent.includes(Speaker::Customer));
    /// assert!(SpeakerScope::Any.includes(Speaker::Customer));
    /// ```
    pub fn includes(self, speaker: Speaker) -> bool {
        match self {
            SpeakerScope::Agent => speaker == Speaker::Agent,
            SpeakerScope::Customer => speaker == Speaker::Customer,
            SpeakerScope::Any => true,
        }
    }
}

/// Whether `huashu fix` may apply a rule's rewrite without being asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Fix {
    /// The rewrite keeps the meaning: applied by `huashu fix`.
    Safe,
    /// The rewrite needs a human look: applied only with `--unsafe`.
    Suggest,
}

impl Fix {
    /// The lowercase name used in packs and output.
    ///
    /// ```
    /// assert_eq!(huashu::Fix::Safe.as_str(), "safe");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Fix::Safe => "safe",
            Fix::Suggest => "suggest",
        }
    }
}

/// One rule of a pack.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Rule {
    /// Stable dotted id, `category.name`.
    pub id: String,
    /// The id of the pack it came from.
    pub pack: String,
    /// What kind of norm it checks.
    pub category: Category,
    /// How serious a breach is.
    pub severity: Severity,
    /// QA deduction per breach (扣分).
    pub points: u32,
    /// Whose turns it looks at.
    pub speaker: SpeakerScope,
    /// The message shown with each violation (Simplified Chinese).
    pub message: String,
    /// One line on what the rule checks, for generated documentation (`rules list`).
    pub summary: Option<String>,
    /// Why the norm matters, citing it (for `rules explain`).
    pub why: Option<String>,
    /// Advice shown as `help:` when there is no rewrite, or in addition to it.
    pub help: Option<String>,
    /// Whether the rewrite is safe to apply unasked; `None` when the rule has no rewrite.
    pub fix: Option<Fix>,
    /// Bad and good examples, executed as tests.
    pub examples: Examples,
    /// The most points the rule may cost one call, however often it fires.
    pub max_points: Option<u32>,
    /// 一票否决: one breach scores the whole call 0.
    pub fatal: bool,
    /// What the rule matches.
    pub kind: RuleKind,
    /// What the rule is in each channel profile that changes it (`[rules.profiles.NAME]`):
    /// off, or a variant. A profile not named here uses the rule as it is.
    pub profiles: BTreeMap<String, ProfileRule>,
}

/// What a rule matches.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum RuleKind {
    /// Phrases and regexes inside one turn (with optional counting and composition).
    Phrase(PhraseRule),
    /// Phrases required in the first or last turns of a speaker (greeting, closing).
    Required(RequiredRule),
    /// A trigger, and what must follow (or precede) it.
    Response(ResponseRule),
    /// Silences, holds, speech rate and talking over the customer.
    Timing(TimingRule),
    /// The same turn posted again word for word within a call (the 机械 tone).
    Repeat(RepeatRule),
    /// One of huashu's own rules about suppression comments (see [`crate::suppress`]): built
    /// into every linter, never loaded from a pack.
    Meta,
}

/// Text to look for anywhere in a turn: any of the phrases or regexes. Phrases match as
/// substrings (through traditional, full-width and spaced-out spellings), without the word
/// boundary check.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Condition {
    /// Literal phrases.
    pub phrases: Vec<String>,
    /// Regular expressions.
    pub regexes: Vec<String>,
    /// A meaning the intent model must find in a sentence of the turn (see [`IntentCondition`]):
    /// the condition matches that sentence.
    pub intent: Option<IntentCondition>,
}

/// A condition on what a sentence *means*, judged by the intent model (`crate::intent`):
/// `intent = { class = "forbidden.deflection", min = 0.8, review = 0.6 }` in a pack.
///
/// A sentence meets it when the model gives `class` a confidence of at least `min` (without
/// `min`, the class's operating threshold, [`crate::intent::Model::threshold`]). Between `review`
/// and `min`, a phrase rule's finding (or a response rule's trigger) goes to the call's review
/// list ([`crate::CallReport::review`]) and costs no points.
///
/// ```
/// let pack = huashu::Pack::from_toml("p.toml", r#"
/// [pack]
/// id = "p"
/// [[rules]]
/// id = "tone.deflect"
/// category = "tone"
/// message = "推诿语气"
/// intent = { class = "forbidden.deflection", min = 0.8, review = 0.6 }
/// "#).unwrap();
/// let rule = pack.rules[0].kind.as_phrase().unwrap();
/// let intent = rule.intent.as_ref().unwrap();
/// assert_eq!((intent.class.as_str(), intent.min, intent.review), ("forbidden.deflection", Some(0.8), Some(0.6)));
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct IntentCondition {
    /// The class id (`intents/classes.toml`, or the classes of a team's own model).
    pub class: String,
    /// The confidence a sentence needs; `None`: the model's operating threshold for the class.
    pub min: Option<f64>,
    /// The lower edge of the review band: findings between `review` and `min` are for a QA
    /// analyst to check, and cost no points.
    pub review: Option<f64>,
    /// What a finding of a phrase rule's own intent costs, in place of the rule's `points`
    /// (`None`: the rule's). A model's finding is less certain than a phrase's, so a pack may
    /// score it lower; a configuration that sets the rule's points sets these too.
    pub points: Option<u32>,
}

impl Condition {
    /// A condition that any of `phrases` meets (no regexes): what greetings, closings and hold
    /// announcements are made of.
    ///
    /// ```
    /// let c = huashu::Condition::of_phrases(vec!["请您稍等".into()]);
    /// assert_eq!(c.phrases, ["请您稍等"]);
    /// assert!(c.regexes.is_empty());
    /// ```
    pub fn of_phrases(phrases: Vec<String>) -> Condition {
        Condition {
            phrases,
            ..Condition::default()
        }
    }

    /// Whether the condition has nothing to look for.
    ///
    /// ```
    /// assert!(huashu::Condition::default().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty() && self.regexes.is_empty() && self.intent.is_none()
    }
}

/// Where occurrences are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CountScope {
    /// Within one turn.
    Turn,
    /// Across the whole call.
    Call,
}

/// When a phrase rule fires by counting rather than on every hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Count {
    /// More than `n` hits of the rule in one turn or in the call.
    MoreThan {
        /// The number of hits allowed.
        n: usize,
        /// Where hits are counted.
        per: CountScope,
    },
    /// The same phrase twice back to back (这个这个, 然后然后), only punctuation or spacing between.
    Repeated,
}

/// Which end of the call a required-phrase scope covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ScopeEnd {
    /// The beginning of the call (greeting).
    First,
    /// The end of the call (closing).
    Last,
}

/// Phrases required at one end of the call: every group, in order, any phrase of a group.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct RequiredRule {
    /// Beginning or end.
    pub scope: ScopeEnd,
    /// How many of the speaker's turns the scope covers (default 2).
    pub turns: usize,
    /// When set and the call has times: the first (or last) this many seconds instead.
    pub seconds: Option<f64>,
    /// The complete forms that satisfy the rule: the first is the standard one, the others are
    /// alternatives. Each form is a list of groups; each group a list of phrases.
    pub forms: Vec<Vec<Vec<String>>>,
    /// The complete compliant wording, given as the suggestion on a miss.
    pub wording: Option<String>,
    /// Per form: its name (外呼开头语), if the pack gives one. A miss names the nearest form
    /// and what it lacks.
    pub names: Vec<Option<String>>,
    /// Per form, per group: what the group is called in a miss's message (工号/自我介绍);
    /// by default its first phrase in 「」.
    pub labels: Vec<Vec<String>>,
    /// Per form: the complete wording suggested when it is the nearest form (the first is
    /// [`RequiredRule::wording`]); a form without one suggests that.
    pub wordings: Vec<Option<String>>,
}

/// Before or after the trigger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// The expected turn comes after the trigger (the default).
    #[default]
    After,
    /// The expected turn comes before the trigger.
    Before,
}

/// A trigger, and a turn that must answer it.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ResponseRule {
    /// Whose turn triggers the rule (default: the customer).
    pub when_speaker: SpeakerScope,
    /// What the triggering turn says. Regex named groups can be used by the expectation as
    /// `{name}`.
    pub when: Condition,
    /// What a trigger must not say (`when.not`): a trigger match that one of these overlaps
    /// is dropped. For an `intent` trigger the match is its sentence, so this keeps out the
    /// sentences of a meaning the model confuses with the trigger's (a customer's own phone
    /// that 打不开 is not the hotline being slow).
    pub when_not: Vec<Condition>,
    /// A silence longer than this many seconds before a turn triggers the rule instead.
    pub silence_over: Option<f64>,
    /// Whose turn must answer (default: the agent).
    pub expect_speaker: SpeakerScope,
    /// What the answer must say.
    pub expect: Condition,
    /// More meanings that answer too (`expect.intents`), beside `expect`'s own `intent`: an
    /// apology *or* empathy in any words.
    pub expect_intents: Vec<IntentCondition>,
    /// After or before the trigger.
    pub direction: Direction,
    /// In how many replies of the expected speaker after (or before) the trigger the answer
    /// may come; `None`: any. A reply is a run of consecutive turns of one speaker, so an
    /// answer posted in two turns, or after the customer posted twice, is still the first.
    pub within_turns: Option<usize>,
    /// How many seconds after (or before) the trigger, when the call has times.
    pub within_seconds: Option<f64>,
    /// What to do when the expected speaker does not speak at all after the trigger before the
    /// call ends.
    pub no_reply: NoReply,
    /// The message of a no-reply finding, instead of the rule's message with 「通话结束,…未回应」.
    pub no_reply_message: Option<String>,
}

/// What a response rule does when the call ends before the expected speaker says anything
/// after the trigger (`expect.no_reply` in a pack).
///
/// ```
/// use huashu::NoReply;
/// assert_eq!(NoReply::default(), NoReply::Report);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NoReply {
    /// Report it, as its own finding (outcome `no-reply`), not as a wrong answer (the default:
    /// nothing is lost silently).
    #[default]
    Report,
    /// Say nothing: a call that ends there (a transcript cut short, a hold the agent never came
    /// back from) is not judged by this rule.
    Skip,
}

/// A turn of the rule's speaker repeated word for word later in the call: a template reply
/// posted again instead of an answer (`repeat = { min_chars = 8 }` in a pack).
///
/// ```
/// let linter = huashu::Linter::with_builtin_packs();
/// let rule = linter.rule("tone.mechanical-repeat").unwrap();
/// assert_eq!(rule.kind.name(), "repeat");
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct RepeatRule {
    /// The fewest Han characters a turn needs for its repetition to count (a repeated 好的 is
    /// not mechanical).
    pub min_chars: usize,
    /// Turns containing one of these phrases may be repeated (the prescribed repetitions of a
    /// silent call).
    pub allow: Vec<String>,
}

/// What a timing rule measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum TimingCheck {
    /// A gap before an agent turn longer than `over` seconds that the agent did not announce.
    Silence,
    /// A gap before an agent turn longer than `over` seconds even though it was announced.
    Hold,
    /// Agent speech faster than `over` characters per second.
    SpeechRate,
    /// The agent starting more than `over` seconds before the customer has finished.
    Overlap,
}

/// A timing rule. It only applies to calls whose turns have times.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct TimingRule {
    /// What is measured.
    pub check: TimingCheck,
    /// The threshold: seconds, or characters per second for speech rate.
    pub over: f64,
    /// Phrases that announce a hold (请您稍等…) in the agent turn before the gap.
    pub announced_by: Vec<String>,
    /// Turns shorter than this many seconds are not measured for speech rate (default 1).
    pub min_seconds: f64,
    /// The prompts of the silent-call script (您好,请问有什么可以帮助您? / 您的电话已接通,请讲):
    /// a gap after the agent's prompt while the customer has said nothing in the call is the
    /// prescribed pause of a silent call, the customer's silence, not the agent's.
    pub silent_call: Vec<String>,
}

/// A rule that fires on phrases or regex matches inside a turn.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct PhraseRule {
    /// Literal phrases (matched through traditional, full-width and spaced-out variants).
    pub phrases: Vec<Phrase>,
    /// Regular expressions (Rust `regex` syntax).
    pub regexes: Vec<RegexPattern>,
    /// Longer allowed phrases: a hit inside one of these is not a violation.
    pub unless: Vec<String>,
    /// The compliant replacement of the matched words.
    pub rewrite: Rewrite,
    /// Fire by counting hits instead of on every hit.
    pub count: Option<Count>,
    /// Conditions the same turn must also meet (within `near` characters of the hit, if set).
    pub all: Vec<Condition>,
    /// Conditions the same turn must not meet (within `near` characters of the hit, if set).
    pub not: Vec<Condition>,
    /// How close (in characters) `all` and `not` conditions must be to the hit.
    pub near: Option<usize>,
    /// What the rule's sentences mean, beside (or instead of) its phrases and regexes: a
    /// sentence the intent model finds is a finding on that sentence (one per sentence and
    /// rule, also when a phrase of the rule hits in it).
    pub intent: Option<IntentCondition>,
    /// The compliant wording an intent finding suggests (no phrase was matched, so nothing is
    /// replaced; `fix` never applies it). Without it, a rewrite that is one string serves.
    pub wording: Option<String>,
}

/// A literal phrase of a rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase {
    /// The phrase.
    pub text: String,
    /// Whether a hit must start and end on word boundaries.
    pub boundary: bool,
}

/// A regular expression of a rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegexPattern {
    /// The regex source as written in the pack.
    pub source: String,
    /// Whether a match must start and end on word boundaries.
    pub boundary: bool,
}

/// The compliant replacement for what a rule matched.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Rewrite {
    /// The rule gives no rewrite.
    #[default]
    None,
    /// One replacement for every hit.
    All(String),
    /// A replacement per phrase (or regex source).
    PerPattern(BTreeMap<String, String>),
}

impl Rewrite {
    /// The replacement for a hit of `pattern` (a phrase's text or a regex's source).
    ///
    /// ```
    /// use huashu::Rewrite;
    /// let all = Rewrite::All("您".into());
    /// assert_eq!(all.for_pattern("你"), Some("您"));
    /// assert_eq!(Rewrite::None.for_pattern("你"), None);
    /// ```
    pub fn for_pattern(&self, pattern: &str) -> Option<&str> {
        match self {
            Rewrite::None => None,
            Rewrite::All(text) => Some(text),
            Rewrite::PerPattern(map) => map.get(pattern).map(String::as_str),
        }
    }

    /// Whether the rule has any rewrite at all.
    ///
    /// ```
    /// assert!(huashu::Rewrite::All("您".into()).is_some());
    /// assert!(!huashu::Rewrite::None.is_some());
    /// ```
    pub fn is_some(&self) -> bool {
        !matches!(self, Rewrite::None)
    }
}

/// Examples of a rule: every bad one must raise it, no good one may.
///
/// An example is a transcript in the plain-text format: a single line without a speaker label is
/// one agent turn; labelled lines make a whole call.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Examples {
    /// Text that breaks the rule.
    pub bad: Vec<String>,
    /// Compliant text the rule must stay silent on.
    pub good: Vec<String>,
}

#[cfg(test)]
mod tests;
