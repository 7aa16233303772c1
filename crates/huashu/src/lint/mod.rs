//! The linter: built once from rule packs, then checks calls.

mod examples;
mod fix;
mod report;
mod session;

use std::sync::Arc;

pub use examples::{ExampleFailure, ExampleKind};
pub use fix::{applied_edits, apply_edits, fix_edits, Edit, FixMode, SourceFix};
pub use report::{CallReport, Deduction, Evidence, Location, Outcome, Violation};
pub use session::Session;

use crate::call::{Call, Locator, Speaker, Turn};
use crate::checks::{BuildError as CheckBuildError, CallChecks, Finding, ModelRef};
use crate::intent::Model;
use crate::matcher::{BuildError, Matcher, PatternRef, VariantTable};
use crate::pack::{builtin_packs, Pack, PackInfo, ProfileRule, Rule, Severity, DEFAULT_PROFILE};
use crate::segment::{JiebaSegmenter, Segmenter};
use crate::suppress;

/// The pass mark used when none is set: a call scoring less fails QA.
pub const DEFAULT_PASS_MARK: u32 = 80;

/// How many evidence spans an intent finding names.
const EVIDENCE: usize = 3;

/// Why a linter could not be built from its packs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, miette::Diagnostic)]
#[non_exhaustive]
pub enum LinterError {
    /// Two loaded packs define the same rule id.
    #[error("rule `{rule}` is defined by both `{first}` and `{second}`")]
    #[diagnostic(
        code(huashu::duplicate_rule),
        help("rule ids must be unique across every loaded pack; rename one, or drop a pack")
    )]
    DuplicateRule {
        /// The rule id.
        rule: String,
        /// The pack that defined it first.
        first: String,
        /// The pack that defined it again.
        second: String,
    },
    /// A rule's regex could not be compiled once expanded for spelling variants.
    #[error("regex {index} of rule `{rule}` cannot be compiled: {message}")]
    #[diagnostic(code(huashu::regex))]
    Regex {
        /// The rule id.
        rule: String,
        /// The 0-based index of the regex in the rule.
        index: usize,
        /// The compiler's message.
        message: String,
    },
    /// The phrase automaton could not be built.
    #[error("the phrase matcher cannot be built: {0}")]
    #[diagnostic(code(huashu::matcher))]
    Matcher(String),
    /// An override names a rule that no loaded pack defines.
    #[error("no loaded rule has the id `{0}`")]
    #[diagnostic(
        code(huashu::unknown_rule),
        help("`huashu` lists the loaded rules' ids in its output; check the spelling")
    )]
    UnknownRule(String),
    /// A rule's `intent` condition cannot be asked of the intent model: the model has no such
    /// class, or the class is about the other speaker.
    #[error("rule `{rule}`: {message}")]
    #[diagnostic(
        code(huashu::intent_class),
        help("`huashu intents explain` lists the model's classes; a team's own model must have every class its packs name")
    )]
    IntentClass {
        /// The rule id.
        rule: String,
        /// The pack that defines it.
        pack: String,
        /// What is wrong.
        message: String,
    },
    /// The linter was asked for a channel profile that is neither built in nor declared by a
    /// loaded pack.
    #[error("unknown profile `{name}`: the known profiles are {known}")]
    #[diagnostic(code(huashu::unknown_profile))]
    UnknownProfile {
        /// The profile asked for.
        name: String,
        /// The known profiles, comma-separated.
        known: String,
    },
    /// `extend-phrases` was given for a rule that has no phrases or forms to extend.
    #[error(
        "rule `{0}` has no phrases to extend (only phrase rules and greeting/closing rules do)"
    )]
    #[diagnostic(code(huashu::extend_phrases))]
    NoPhrases(String),
    /// A threshold override was given for a rule that has no threshold.
    #[error("rule `{0}` has no threshold to override (only timing rules do)")]
    #[diagnostic(code(huashu::threshold))]
    NoThreshold(String),
}

/// A change to one rule's scoring or threshold, applied when the linter is built (from a team's
/// configuration, for example).
///
/// ```
/// use huashu::{Linter, RuleOverride, Severity};
/// let linter = Linter::builder()
///     .packs(huashu::builtin_packs().unwrap())
///     .override_rule("banned.wei", RuleOverride { severity: Some(Severity::Error), points: Some(5), ..Default::default() })
///     .build()
///     .unwrap();
/// assert_eq!(linter.rule("banned.wei").unwrap().points, 5);
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RuleOverride {
    /// A new severity.
    pub severity: Option<Severity>,
    /// New points per breach.
    pub points: Option<u32>,
    /// A new threshold (`timing.over`) for a timing rule.
    pub threshold: Option<f64>,
    /// A new cap on what the rule takes off one call's score (`max_points`).
    ///
    /// ```
    /// use huashu::{Linter, RuleOverride};
    /// let linter = Linter::builder()
    ///     .packs(huashu::builtin_packs().unwrap())
    ///     .override_rule("banned.wei", RuleOverride { max_points: Some(3), ..Default::default() })
    ///     .build()
    ///     .unwrap();
    /// assert_eq!(linter.rule("banned.wei").unwrap().max_points, Some(3));
    /// ```
    pub max_points: Option<u32>,
    /// Whether the rule is fatal (一票否决: the call scores 0 and fails).
    ///
    /// ```
    /// use huashu::{Linter, RuleOverride};
    /// let linter = Linter::builder()
    ///     .packs(huashu::builtin_packs().unwrap())
    ///     .override_rule("banned.wei", RuleOverride { fatal: Some(true), ..Default::default() })
    ///     .build()
    ///     .unwrap();
    /// assert!(linter.rule("banned.wei").unwrap().fatal);
    /// ```
    pub fatal: Option<bool>,
    /// A team's own standard wordings added to the rule without copying its pack
    /// (`extend-phrases` in `huashu.toml`): for a required rule (greeting, closing) each is a
    /// complete form of its own; for a phrase rule each is one more phrase it reports.
    ///
    /// ```
    /// use huashu::{Linter, RuleOverride};
    /// let linter = Linter::builder()
    ///     .packs(huashu::builtin_packs().unwrap())
    ///     .override_rule("greeting.three-part", RuleOverride {
    ///         extend_phrases: vec!["您好,很高兴为您服务".into()],
    ///         ..Default::default()
    ///     })
    ///     .build()
    ///     .unwrap();
    /// let call = huashu::transcript::parse("客服:您好,很高兴为您服务\n", huashu::transcript::SourceFormat::Text, &Default::default());
    /// let report = linter.check(&call.calls[0]);
    /// assert!(report.violations.iter().all(|v| v.rule != "greeting.three-part"));
    /// ```
    pub extend_phrases: Vec<String>,
}

/// Builds a [`Linter`] from packs and an optional custom segmenter.
///
/// ```
/// use huashu::{Linter, Pack};
/// let pack = Pack::from_toml("p.toml", "[pack]\nid = \"p\"\n[[rules]]\nid = \"banned.wei\"\ncategory = \"banned\"\nmessage = \"禁用语\"\nphrases = [\"喂\"]\n").unwrap();
/// let linter = Linter::builder().pack(pack).build().unwrap();
/// // The pack's rule, then huashu's own rules about suppression comments.
/// assert_eq!(linter.rules().len(), 1 + huashu::suppress::META_RULE_IDS.len());
/// ```
#[derive(Default)]
pub struct LinterBuilder {
    packs: Vec<Pack>,
    segmenter: Option<Arc<dyn Segmenter>>,
    pass_mark: Option<u32>,
    overrides: Vec<(String, RuleOverride)>,
    ignore_suppressions: bool,
    disabled: Vec<String>,
    switched_off: Vec<(String, String)>,
    intent_model: Option<Arc<Model>>,
    profile: Option<String>,
}

impl LinterBuilder {
    /// Adds a pack.
    ///
    /// ```
    /// let pack = huashu::Pack::from_toml("p.toml", "[pack]\nid = \"p\"\n[[rules]]\nid = \"banned.a\"\ncategory = \"banned\"\nmessage = \"m\"\nphrases = [\"喂\"]\n").unwrap();
    /// let linter = huashu::Linter::builder().pack(pack).build().unwrap();
    /// assert!(linter.rule("banned.a").is_some());
    /// ```
    pub fn pack(mut self, pack: Pack) -> Self {
        self.packs.push(pack);
        self
    }

    /// Adds several packs.
    ///
    /// ```
    /// let linter = huashu::Linter::builder().packs(huashu::builtin_packs().unwrap()).build().unwrap();
    /// assert!(linter.rule("banned.wei").is_some());
    /// ```
    pub fn packs(mut self, packs: impl IntoIterator<Item = Pack>) -> Self {
        self.packs.extend(packs);
        self
    }

    /// Replaces the default [`JiebaSegmenter`].
    ///
    /// ```
    /// use std::sync::Arc;
    /// use huashu::{JiebaSegmenter, Linter};
    /// let linter = Linter::builder()
    ///     .packs(huashu::builtin_packs().unwrap())
    ///     .segmenter(Arc::new(JiebaSegmenter::with_hmm(true)))
    ///     .build()
    ///     .unwrap();
    /// assert!(linter.check_text("宠物喂养").violations.is_empty());
    /// ```
    pub fn segmenter(mut self, segmenter: Arc<dyn Segmenter>) -> Self {
        self.segmenter = Some(segmenter);
        self
    }

    /// Replaces the built-in intent model (a team's own, trained with `huashu intents train`)
    /// for every `intent` condition of the packs. The build fails when a pack names a class the
    /// model lacks.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use huashu::intent::Model;
    /// let model = Arc::new(Model::builtin().clone());
    /// let intents = huashu::Pack::from_toml("p.toml", "[pack]\nid = \"p\"\n[[rules]]\nid = \"tone.x\"\ncategory = \"tone\"\nmessage = \"m\"\nintent = { class = \"forbidden.refusal\" }\n").unwrap();
    /// let linter = huashu::Linter::builder()
    ///     .packs(huashu::builtin_packs().unwrap())
    ///     .pack(intents)
    ///     .intent_model(model)
    ///     .build()
    ///     .unwrap();
    /// assert!(linter.intent_model().is_some());
    /// ```
    pub fn intent_model(mut self, model: Arc<Model>) -> Self {
        self.intent_model = Some(model);
        self
    }

    /// Sets the pass mark: a call scoring less fails (default [`DEFAULT_PASS_MARK`]).
    ///
    /// ```
    /// let linter = huashu::Linter::builder().packs(huashu::builtin_packs().unwrap()).pass_mark(100).build().unwrap();
    /// assert!(!linter.check_text("喂,您好").passed);
    /// ```
    pub fn pass_mark(mut self, pass_mark: u32) -> Self {
        self.pass_mark = Some(pass_mark);
        self
    }

    /// Whether the calls' suppression comments (`# huashu: ignore[…]`…, see
    /// [`crate::suppress`]) apply (default `true`). With `false` every comment is ignored:
    /// nothing is suppressed and the meta rules about comments never fire — for QA auditors
    /// who do not let script writers silence checks.
    ///
    /// ```
    /// use huashu::transcript::{parse, ParseOptions, SourceFormat};
    /// let source = "喂,您好 # huashu: ignore[banned.wei]\n";
    /// let call = &parse(source, SourceFormat::Text, &ParseOptions::default()).calls[0];
    /// let audit = huashu::Linter::builder()
    ///     .packs(huashu::builtin_packs().unwrap())
    ///     .suppressions(false)
    ///     .build()
    ///     .unwrap();
    /// assert!(audit.check(call).violations.iter().any(|v| v.rule == "banned.wei"));
    /// assert!(audit.check(call).suppressed.is_empty());
    /// ```
    pub fn suppressions(mut self, apply: bool) -> Self {
        self.ignore_suppressions = !apply;
        self
    }

    /// Leaves a rule out: one of a pack's, or one of huashu's own meta rules about suppression
    /// comments (`huashu.unused-suppression`…), which every linter otherwise has. An unknown id
    /// fails the build.
    ///
    /// ```
    /// let linter = huashu::Linter::builder()
    ///     .packs(huashu::builtin_packs().unwrap())
    ///     .disable_rule("huashu.unused-suppression")
    ///     .build()
    ///     .unwrap();
    /// assert!(linter.rule("huashu.unused-suppression").is_none());
    /// let call = huashu::transcript::parse("# huashu: ignore[banned.wei]\n客服:您好\n", huashu::transcript::SourceFormat::Text, &Default::default());
    /// assert!(linter.check(&call.calls[0]).violations.iter().all(|v| v.rule != "huashu.unused-suppression"));
    /// ```
    pub fn disable_rule(mut self, id: impl Into<String>) -> Self {
        self.disabled.push(id.into());
        self
    }

    /// Names a rule (id, pack) that exists but is switched off (not selected, or ignored), so
    /// that a suppression comment naming it is not reported as naming an unknown rule.
    ///
    /// ```
    /// use huashu::transcript::{parse, SourceFormat};
    /// let packs: Vec<huashu::Pack> = huashu::builtin_packs().unwrap();
    /// let mut banned_only = packs.clone();
    /// for pack in &mut banned_only {
    ///     pack.rules.retain(|r| r.id.starts_with("banned."));
    /// }
    /// let linter = huashu::Linter::builder()
    ///     .packs(banned_only)
    ///     .switched_off_rule("honorific.ni", "honorific")
    ///     .build()
    ///     .unwrap();
    /// let call = parse("客服:您好,你的卡到了 # huashu: ignore[honorific.ni]\n", SourceFormat::Text, &Default::default());
    /// let report = linter.check(&call.calls[0]);
    /// assert!(report.violations.iter().all(|v| !v.rule.starts_with("huashu.")));
    /// ```
    pub fn switched_off_rule(mut self, id: impl Into<String>, pack: impl Into<String>) -> Self {
        self.switched_off.push((id.into(), pack.into()));
        self
    }

    /// Checks with a channel profile (see [`crate::pack::BUILTIN_PROFILES`]; default
    /// [`DEFAULT_PROFILE`]): each rule that names the profile is replaced by its variant
    /// for it, or left out where it is off. A profile that is neither built in nor declared by
    /// a loaded pack fails the build.
    ///
    /// ```
    /// let outbound = huashu::Linter::builder()
    ///     .packs(huashu::builtin_packs().unwrap())
    ///     .profile("outbound")
    ///     .build()
    ///     .unwrap();
    /// let call = huashu::transcript::parse(
    ///     "客服:您好,请问是王先生吗?\n客户:是我。\n客服:我是XX宽带的客服代表,工号1022,来电是想跟您确认一下安装时间。\n",
    ///     huashu::transcript::SourceFormat::Text, &Default::default());
    /// let report = outbound.check(&call.calls[0]);
    /// assert!(report.violations.iter().all(|v| v.rule != "greeting.three-part"));
    /// assert_eq!(report.profile.as_ref(), "outbound");
    /// let err = huashu::Linter::builder().packs(huashu::builtin_packs().unwrap()).profile("writen").build().unwrap_err();
    /// assert!(err.to_string().contains("inbound, outbound, written"));
    /// ```
    pub fn profile(mut self, name: impl Into<String>) -> Self {
        self.profile = Some(name.into());
        self
    }

    /// Overrides a rule's severity, points or threshold. An unknown id fails the build.
    ///
    /// ```
    /// use huashu::{Linter, RuleOverride};
    /// let linter = Linter::builder()
    ///     .packs(huashu::builtin_packs().unwrap())
    ///     .override_rule("banned.wei", RuleOverride { points: Some(10), ..Default::default() })
    ///     .build()
    ///     .unwrap();
    /// let report = linter.check_text("喂,您好");
    /// assert_eq!(report.violations[0].points, 10);
    /// assert_eq!(report.score, 90);
    /// ```
    pub fn override_rule(mut self, id: impl Into<String>, change: RuleOverride) -> Self {
        self.overrides.push((id.into(), change));
        self
    }

    /// Compiles every rule of every pack into one matcher.
    ///
    /// ```
    /// let err = huashu::Linter::builder()
    ///     .packs(huashu::builtin_packs().unwrap())
    ///     .packs(huashu::builtin_packs().unwrap())
    ///     .build()
    ///     .unwrap_err();
    /// assert!(err.to_string().contains("is defined by both"));
    /// ```
    pub fn build(self) -> Result<Linter, LinterError> {
        let mut rules: Vec<Rule> = Vec::new();
        let mut origin: Vec<String> = Vec::new();
        let mut packs: Vec<PackInfo> = self.packs.iter().map(Pack::info).collect();
        let known = crate::pack::known_profiles(&self.packs);
        for pack in self.packs {
            for rule in pack.rules {
                if let Some(i) = rules.iter().position(|r| r.id == rule.id) {
                    return Err(LinterError::DuplicateRule {
                        rule: rule.id,
                        first: origin[i].clone(),
                        second: pack.name,
                    });
                }
                origin.push(pack.name.clone());
                rules.push(rule);
            }
        }
        let profile = self.profile.as_deref().unwrap_or(DEFAULT_PROFILE);
        if !known.iter().any(|k| k == profile) {
            return Err(LinterError::UnknownProfile {
                name: profile.to_owned(),
                known: known.join(", "),
            });
        }
        let mut switched_off = self.switched_off;
        let (rules, off) = profiled(rules, profile);
        switched_off.extend(off);
        let mut rules = rules;
        // Pack validation reserves the `huashu.` ids for these.
        rules.extend(suppress::meta_rules());
        for id in &self.disabled {
            let at = rules
                .iter()
                .position(|r| &r.id == id)
                .ok_or_else(|| LinterError::UnknownRule(id.clone()))?;
            rules.remove(at);
        }
        packs.push(suppress::meta_pack_info());
        for (id, change) in &self.overrides {
            let rule = rules
                .iter_mut()
                .find(|r| &r.id == id)
                .ok_or_else(|| LinterError::UnknownRule(id.clone()))?;
            if let Some(severity) = change.severity {
                rule.severity = severity;
            }
            if let Some(points) = change.points {
                rule.points = points;
                // The rule's points, set by the team, are what every finding of it costs.
                if let crate::pack::RuleKind::Phrase(phrase) = &mut rule.kind {
                    if let Some(intent) = &mut phrase.intent {
                        intent.points = None;
                    }
                }
            }
            if let Some(cap) = change.max_points {
                rule.max_points = Some(cap);
            }
            if let Some(fatal) = change.fatal {
                rule.fatal = fatal;
            }
            if let Some(threshold) = change.threshold {
                match rule.kind.threshold_mut() {
                    Some(over) => *over = threshold,
                    None => return Err(LinterError::NoThreshold(id.clone())),
                }
            }
            if !change.extend_phrases.is_empty()
                && !rule.kind.extend_phrases(&change.extend_phrases)
            {
                return Err(LinterError::NoPhrases(id.clone()));
            }
        }
        let table = VariantTable::new();
        let matcher = Matcher::new(&rules, &table).map_err(|e| match e {
            BuildError::Regex {
                rule,
                regex,
                message,
            } => LinterError::Regex {
                rule: rules[rule].id.clone(),
                index: regex,
                message,
            },
            BuildError::Automaton(message) => LinterError::Matcher(message),
        })?;
        let model = self.intent_model.map(ModelRef::Custom);
        let checks = CallChecks::new(&rules, &table, model).map_err(|e| match e {
            CheckBuildError::Regex(rule, message) => LinterError::Regex {
                rule: rules[rule].id.clone(),
                index: 0,
                message,
            },
            CheckBuildError::Intent(rule, message) => LinterError::IntentClass {
                rule: rules[rule].id.clone(),
                pack: rules[rule].pack.clone(),
                message,
            },
        })?;
        Ok(Linter {
            rules,
            packs,
            matcher,
            checks,
            table,
            pass_mark: self.pass_mark.unwrap_or(DEFAULT_PASS_MARK),
            suppressions: !self.ignore_suppressions,
            switched_off,
            profile: Arc::from(profile),
            segmenter: self
                .segmenter
                .unwrap_or_else(|| Arc::new(JiebaSegmenter::new())),
        })
    }
}

/// The rules as they apply in `profile`: each replaced by its variant, or left out (and
/// returned as (id, pack)) where it is off.
fn profiled(rules: Vec<Rule>, profile: &str) -> (Vec<Rule>, Vec<(String, String)>) {
    let mut off = Vec::new();
    let mut kept = Vec::with_capacity(rules.len());
    for mut rule in rules {
        match rule.profiles.remove(profile) {
            None => kept.push(rule),
            Some(ProfileRule::Off) => off.push((rule.id, rule.pack)),
            Some(ProfileRule::Variant(variant)) => {
                let mut variant = *variant;
                variant.profiles = std::mem::take(&mut rule.profiles);
                kept.push(variant);
            }
        }
    }
    (kept, off)
}

/// Checks calls against rule packs. Build it once and share it: it is `Send + Sync`, and its
/// segmenter's dictionary loads on the first hit that needs a word-boundary check.
///
/// ```
/// use huashu::{Call, Linter, Speaker, Turn};
/// let linter = Linter::with_builtin_packs();
/// let call = Call::new(vec![
///     Turn::new(Speaker::Customer, "喂,我家的宽带又断了"),
///     Turn::new(Speaker::Agent, "这不是我的事,你去营业厅问一下吧"),
/// ]);
/// let report = linter.check(&call);
/// // The customer's 喂 is context, not a breach; the agent's shirking is.
/// assert!(report.violations.iter().all(|v| v.speaker == Speaker::Agent));
/// assert!(report.violations.iter().any(|v| v.matched == "这不是我的事"));
/// ```
pub struct Linter {
    rules: Vec<Rule>,
    packs: Vec<PackInfo>,
    matcher: Matcher,
    checks: CallChecks,
    table: VariantTable,
    pass_mark: u32,
    suppressions: bool,
    /// Rules (id, pack) that exist but are not run.
    switched_off: Vec<(String, String)>,
    /// The channel profile the rules were taken for.
    profile: Arc<str>,
    segmenter: Arc<dyn Segmenter>,
}

impl std::fmt::Debug for Linter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Linter")
            .field("rules", &self.rules.len())
            .finish_non_exhaustive()
    }
}

impl Linter {
    /// A builder.
    ///
    /// ```
    /// let linter = huashu::Linter::builder().packs(huashu::builtin_packs().unwrap()).build().unwrap();
    /// assert!(!linter.rules().is_empty());
    /// ```
    pub fn builder() -> LinterBuilder {
        LinterBuilder::default()
    }

    /// A linter over the given packs with the default segmenter.
    ///
    /// ```
    /// let linter = huashu::Linter::new(huashu::builtin_packs().unwrap()).unwrap();
    /// assert!(linter.rule("tone.command").is_some());
    /// ```
    pub fn new(packs: impl IntoIterator<Item = Pack>) -> Result<Linter, LinterError> {
        Linter::builder().packs(packs).build()
    }

    /// A linter over the built-in packs.
    ///
    /// # Panics
    ///
    /// Only if the built-in packs are broken, which the test suite rules out.
    ///
    /// ```
    /// let linter = huashu::Linter::with_builtin_packs();
    /// assert!(linter.rules().iter().any(|r| r.pack == "banned-words"));
    /// ```
    pub fn with_builtin_packs() -> Linter {
        let packs = builtin_packs().expect("the built-in packs are valid");
        Linter::new(packs).expect("the built-in packs build")
    }

    /// Every rule, in pack order, followed by huashu's own meta rules about suppression
    /// comments ([`crate::suppress::META_RULE_IDS`]).
    ///
    /// ```
    /// let linter = huashu::Linter::with_builtin_packs();
    /// let ids: Vec<&str> = linter.rules().iter().map(|r| r.id.as_str()).collect();
    /// assert!(ids.contains(&"banned.wei"));
    /// ```
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The packs the linter was built from, in load order (their rules are in [`Linter::rules`]),
    /// followed by the pseudo-pack `huashu` of the meta rules.
    ///
    /// ```
    /// let linter = huashu::Linter::with_builtin_packs();
    /// assert_eq!(linter.packs()[0].id, "banned-words");
    /// ```
    pub fn packs(&self) -> &[PackInfo] {
        &self.packs
    }

    /// Whether `selector` names a rule that exists but is switched off
    /// ([`LinterBuilder::switched_off_rule`]).
    pub(crate) fn is_switched_off(&self, selector: &crate::RuleSelector) -> bool {
        self.switched_off
            .iter()
            .any(|(id, pack)| selector.matches_id(id, pack))
    }

    /// The rule with this id.
    ///
    /// ```
    /// let linter = huashu::Linter::with_builtin_packs();
    /// assert_eq!(linter.rule("banned.wei").unwrap().category, huashu::Category::Banned);
    /// assert!(linter.rule("banned.nope").is_none());
    /// ```
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// The index in [`Linter::rules`] of the rule with this id.
    fn rule_index(&self, id: &str) -> Option<usize> {
        self.rules.iter().position(|r| r.id == id)
    }

    /// The pass mark: a call scoring less fails.
    ///
    /// ```
    /// assert_eq!(huashu::Linter::with_builtin_packs().pass_mark(), huashu::DEFAULT_PASS_MARK);
    /// ```
    pub fn pass_mark(&self) -> u32 {
        self.pass_mark
    }

    /// The channel profile the linter checks with ([`LinterBuilder::profile`]).
    ///
    /// ```
    /// assert_eq!(huashu::Linter::with_builtin_packs().profile(), "inbound");
    /// ```
    pub fn profile(&self) -> &str {
        &self.profile
    }

    /// Whether suppression comments apply (see [`LinterBuilder::suppressions`]).
    ///
    /// ```
    /// assert!(huashu::Linter::with_builtin_packs().suppressions());
    /// ```
    pub fn suppressions(&self) -> bool {
        self.suppressions
    }

    /// Checks a call and scores it.
    ///
    /// The call's suppression comments ([`Call::suppressions`], see [`crate::suppress`]) apply
    /// unless the linter was built without them: suppressed violations are moved to
    /// [`CallReport::suppressed`] and cost nothing, and the comments that suppressed nothing are
    /// reported by the meta rules (0 points).
    ///
    /// ```
    /// use huashu::{Call, Linter, Speaker, Turn};
    /// let linter = Linter::with_builtin_packs();
    /// let report = linter.check(&Call::new(vec![Turn::new(Speaker::Agent, "我们不可能出现这种问题")]).with_id("c9"));
    /// assert_eq!(report.id.as_deref(), Some("c9"));
    /// assert!(report.violations.iter().any(|v| v.matched == "不可能"));
    /// ```
    pub fn check(&self, call: &Call) -> CallReport {
        self.check_with(call, true)
    }

    /// Checks a call; call-level rules only when `whole_call` is set.
    fn check_with(&self, call: &Call, whole_call: bool) -> CallReport {
        let hits: Vec<_> = call
            .turns
            .iter()
            .map(|turn| {
                self.matcher
                    .find(&turn.text, turn.speaker, self.segmenter.as_ref())
            })
            .collect();
        let mut findings = Vec::new();
        self.checks.findings(
            &self.rules,
            call,
            &hits,
            whole_call,
            &self.table,
            &mut findings,
        );
        // One locator per turn, reused while findings stay on it (they come grouped by turn).
        let mut locator: Option<(usize, Locator<'_>)> = None;
        let violations: Vec<Violation> = findings
            .into_iter()
            .map(|f| {
                let turn = &call.turns[f.turn];
                if locator.as_ref().is_none_or(|(t, _)| *t != f.turn) {
                    locator = turn
                        .origin
                        .as_ref()
                        .map(|o| (f.turn, o.locator(&turn.text)));
                }
                self.violation(call, f, locator.as_mut().map(|(_, l)| l))
            })
            .collect();
        let (violations, mut suppressed) = if self.suppressions && !call.suppressions.is_empty() {
            suppress::apply(self, call, violations)
        } else {
            (violations, Vec::new())
        };
        let (mut review, mut violations): (Vec<Violation>, Vec<Violation>) =
            violations.into_iter().partition(|v| v.in_review);
        // The meta rules' findings have an empty span at the start of their turn: their place
        // in the source orders them.
        let key = |v: &Violation| (v.turn, v.start, v.end, v.location.map(|l| l.start.offset));
        for list in [&mut violations, &mut suppressed, &mut review] {
            list.sort_by(|a, b| (key(a), &a.rule).cmp(&(key(b), &b.rule)));
        }
        let (deductions, fatal) = self.deductions(&violations);
        let lost = deductions
            .iter()
            .fold(0u32, |lost, d| lost.saturating_add(d.points));
        let score = if fatal {
            0
        } else {
            100u32.saturating_sub(lost)
        };
        CallReport {
            id: call.id.clone(),
            score,
            passed: score >= self.pass_mark && !fatal,
            violations,
            suppressed,
            review,
            deductions,
            profile: Arc::clone(&self.profile),
        }
    }

    /// The intent model the linter asks, when a loaded rule has an `intent` condition (the
    /// model is decoded only then).
    ///
    /// ```
    /// let intents = huashu::Pack::from_toml("p.toml", "[pack]\nid = \"p\"\n[[rules]]\nid = \"tone.x\"\ncategory = \"tone\"\nmessage = \"m\"\nintent = { class = \"forbidden.sarcasm\" }\n").unwrap();
    /// let linter = huashu::Linter::new([intents]).unwrap();
    /// let model = linter.intent_model().unwrap();
    /// assert!(model.class_index("forbidden.sarcasm").is_some());
    /// let pack = huashu::Pack::from_toml("p.toml", "[pack]\nid = \"p\"\n[[rules]]\nid = \"banned.wei\"\ncategory = \"banned\"\nmessage = \"m\"\nphrases = [\"喂\"]\n").unwrap();
    /// assert!(huashu::Linter::new([pack]).unwrap().intent_model().is_none());
    /// ```
    pub fn intent_model(&self) -> Option<&Model> {
        self.checks.intent_model()
    }

    /// Starts a streaming session for a call that is still going (real-time agent assist).
    /// See [`Session`].
    ///
    /// ```
    /// use huashu::{Speaker, Turn};
    /// let linter = huashu::Linter::with_builtin_packs();
    /// let mut session = linter.session();
    /// let now = session.push(Turn::new(Speaker::Agent, "你必须先交费"));
    /// assert!(now.iter().any(|v| v.rule == "tone.command"));
    /// ```
    pub fn session(&self) -> Session<'_> {
        Session::new(self, Call::default())
    }

    /// Starts a streaming session for a call with an id and metadata but no turns yet (any
    /// turns it has are kept as already spoken).
    ///
    /// ```
    /// use huashu::{Call, Speaker, Turn};
    /// let linter = huashu::Linter::with_builtin_packs();
    /// let mut session = linter.session_for(Call::default().with_id("live-42"));
    /// session.push(Turn::new(Speaker::Agent, "您好"));
    /// let (_, report) = session.finish();
    /// assert_eq!(report.id.as_deref(), Some("live-42"));
    /// ```
    pub fn session_for(&self, call: Call) -> Session<'_> {
        Session::new(self, call)
    }

    /// Checks a bare text as one agent utterance, with phrase rules only: call-level rules
    /// (greeting, closing, responses, timing) need a whole call, so use [`Linter::check`] or a
    /// [`Session`] for those.
    ///
    /// ```
    /// let linter = huashu::Linter::with_builtin_packs();
    /// assert!(linter.check_text("我在家喂养了一只猫").violations.is_empty());
    /// let rules: Vec<String> = linter.check_text("喂,这个我不知道").violations.into_iter().map(|v| v.rule).collect();
    /// assert_eq!(rules, ["banned.wei", "banned.dont-know"]);
    /// ```
    pub fn check_text(&self, text: &str) -> CallReport {
        self.check_with(&Call::new(vec![Turn::new(Speaker::Agent, text)]), false)
    }

    /// Runs every rule's examples: each bad example must raise its rule, no good one may.
    /// Returns the examples that failed (empty when all pass).
    ///
    /// ```
    /// let linter = huashu::Linter::with_builtin_packs();
    /// assert_eq!(linter.check_examples(), vec![]);
    /// ```
    pub fn check_examples(&self) -> Vec<ExampleFailure> {
        examples::check_examples(self)
    }

    fn violation(
        &self,
        call: &Call,
        finding: Finding,
        locator: Option<&mut Locator<'_>>,
    ) -> Violation {
        let rule = &self.rules[finding.rule];
        let turn = &call.turns[finding.turn];
        // Only a phrase rule's rewrite replaces the words it matched; a call-level rule's
        // suggestion is the wording to use, which no fix applies.
        let phrase_rule = rule.kind.as_phrase();
        let suggestion = finding.suggestion.or_else(|| {
            let (phrase_rule, pattern) = (phrase_rule?, finding.pattern?);
            let key = match pattern {
                PatternRef::Phrase(i) => phrase_rule.phrases[i].text.as_str(),
                PatternRef::Regex(i) => phrase_rule.regexes[i].source.as_str(),
            };
            phrase_rule.rewrite.for_pattern(key).map(str::to_owned)
        });
        let fix = phrase_rule.and(suggestion.as_ref()).and(rule.fix);
        let message = match (&finding.message, &finding.detail) {
            (Some(message), _) => message.clone(),
            (None, Some(detail)) => format!("{}({detail})", rule.message),
            (None, None) => rule.message.clone(),
        };
        let mut locator = locator;
        let mut locate = |start: usize, end: usize| {
            locator.as_mut().map(|locator| Location {
                start: locator.locate(start, false),
                end: locator.locate(end, true),
            })
        };
        let location = locate(finding.start, finding.end);
        // An intent finding names the words that weighed most; nothing is replaced, so no fix.
        let evidence = match (finding.class, self.checks.intent_model()) {
            (Some(class), Some(model)) => model
                .explain(&turn.text[finding.start..finding.end], class, EVIDENCE)
                .into_iter()
                .map(|e| {
                    let (start, end) = (finding.start + e.span.start, finding.start + e.span.end);
                    Evidence {
                        start,
                        end,
                        matched: turn.text[start..end].to_owned(),
                        weight: e.weight,
                        location: locate(start, end),
                    }
                })
                .collect(),
            _ => Vec::new(),
        };
        let fix = if finding.intent.is_some() { None } else { fix };
        Violation {
            rule: rule.id.clone(),
            category: rule.category,
            severity: rule.severity,
            points: match finding.intent {
                Some(_) => rule
                    .kind
                    .as_phrase()
                    .and_then(|p| p.intent.as_ref())
                    .and_then(|i| i.points)
                    .unwrap_or(rule.points),
                None => rule.points,
            },
            speaker: turn.speaker,
            turn: finding.turn,
            start: finding.start,
            end: finding.end,
            matched: turn.text[finding.start..finding.end].to_owned(),
            message,
            suggestion,
            help: rule.help.clone(),
            fix,
            location,
            confidence: finding.intent.map(|i| i.confidence),
            evidence,
            in_review: finding.intent.is_some_and(|i| i.review)
                || finding.outcome == Some(Outcome::Approximate),
            outcome: finding.outcome,
        }
    }

    /// What each rule of `violations` takes off the score (its violations' points, capped by
    /// its `max_points`), in the order the rules first appear; and whether a fatal rule fired.
    fn deductions(&self, violations: &[Violation]) -> (Vec<Deduction>, bool) {
        let mut deductions: Vec<Deduction> = Vec::new();
        for v in violations {
            match deductions.iter_mut().find(|d| d.rule == v.rule) {
                Some(d) => {
                    d.violations += 1;
                    d.points = d.points.saturating_add(v.points);
                }
                None => deductions.push(Deduction {
                    rule: v.rule.clone(),
                    violations: 1,
                    points: v.points,
                }),
            }
        }
        let mut fatal = false;
        for d in &mut deductions {
            let rule = self
                .rule(&d.rule)
                .expect("violations come from loaded rules");
            fatal |= rule.fatal;
            if let Some(cap) = rule.max_points {
                d.points = d.points.min(cap);
            }
        }
        (deductions, fatal)
    }
}

#[cfg(test)]
mod tests;
