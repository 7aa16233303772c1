//! What each rule kind is, asked of [`RuleKind`] in one place.
//!
//! Every question the rest of huashu asks about a rule's kind is answered here (or by the
//! compiled check of a call-level kind, see `checks::CallCheck`), each by an exhaustive `match`:
//! a new kind does not compile until every answer is given for it.

use super::{IntentCondition, PhraseRule, RequiredRule, RuleKind, SpeakerScope};

impl RuleKind {
    /// The kind as a word: `phrase`, `required`, `response`, `timing`, `repeat` or `meta` (as `rules list`
    /// shows it).
    ///
    /// ```
    /// let linter = huashu::Linter::with_builtin_packs();
    /// assert_eq!(linter.rule("banned.wei").unwrap().kind.name(), "phrase");
    /// assert_eq!(linter.rule("greeting.three-part").unwrap().kind.name(), "required");
    /// ```
    pub fn name(&self) -> &'static str {
        match self {
            RuleKind::Phrase(_) => "phrase",
            RuleKind::Required(_) => "required",
            RuleKind::Response(_) => "response",
            RuleKind::Timing(_) => "timing",
            RuleKind::Repeat(_) => "repeat",
            RuleKind::Meta => "meta",
        }
    }

    /// The phrase rule, when this is one: what the phrase matcher compiles.
    ///
    /// ```
    /// let linter = huashu::Linter::with_builtin_packs();
    /// let wei = linter.rule("banned.wei").unwrap();
    /// assert!(wei.kind.as_phrase().unwrap().phrases.iter().any(|p| p.text == "喂"));
    /// assert!(linter.rule("timing.silence").unwrap().kind.as_phrase().is_none());
    /// ```
    pub fn as_phrase(&self) -> Option<&PhraseRule> {
        match self {
            RuleKind::Phrase(rule) => Some(rule),
            RuleKind::Required(_)
            | RuleKind::Response(_)
            | RuleKind::Timing(_)
            | RuleKind::Repeat(_)
            | RuleKind::Meta => None,
        }
    }

    /// The required-phrases rule (greeting, closing), when this is one.
    ///
    /// ```
    /// let linter = huashu::Linter::with_builtin_packs();
    /// assert!(linter.rule("closing.standard").unwrap().kind.as_required().is_some());
    /// assert!(linter.rule("banned.wei").unwrap().kind.as_required().is_none());
    /// ```
    pub fn as_required(&self) -> Option<&RequiredRule> {
        match self {
            RuleKind::Required(rule) => Some(rule),
            RuleKind::Phrase(_)
            | RuleKind::Response(_)
            | RuleKind::Timing(_)
            | RuleKind::Repeat(_)
            | RuleKind::Meta => None,
        }
    }

    /// The rule's threshold (seconds, or characters per second), when it has one that a
    /// configuration may override: only timing rules do.
    ///
    /// ```
    /// let linter = huashu::Linter::with_builtin_packs();
    /// assert_eq!(linter.rule("timing.hold").unwrap().kind.threshold(), Some(60.0));
    /// assert_eq!(linter.rule("banned.wei").unwrap().kind.threshold(), None);
    /// ```
    pub fn threshold(&self) -> Option<f64> {
        match self {
            RuleKind::Timing(timing) => Some(timing.over),
            RuleKind::Phrase(_)
            | RuleKind::Required(_)
            | RuleKind::Response(_)
            | RuleKind::Repeat(_)
            | RuleKind::Meta => None,
        }
    }

    /// The threshold to change, when the rule has one (see [`RuleKind::threshold`]).
    pub(crate) fn threshold_mut(&mut self) -> Option<&mut f64> {
        match self {
            RuleKind::Timing(timing) => Some(&mut timing.over),
            RuleKind::Phrase(_)
            | RuleKind::Required(_)
            | RuleKind::Response(_)
            | RuleKind::Repeat(_)
            | RuleKind::Meta => None,
        }
    }

    /// Adds a team's own wordings (`extend-phrases`): to a required rule, each as a complete
    /// form of one group (labelled by itself); to a phrase rule, each as one more phrase (on
    /// word boundaries). Returns `false`, changing nothing, for the other kinds.
    ///
    /// ```
    /// let mut rule = huashu::Linter::with_builtin_packs().rule("greeting.three-part").unwrap().clone();
    /// let forms = rule.kind.as_required().unwrap().forms.len();
    /// assert!(rule.kind.extend_phrases(&["您好,很高兴为您服务".to_owned()]));
    /// assert_eq!(rule.kind.as_required().unwrap().forms.len(), forms + 1);
    /// ```
    pub fn extend_phrases(&mut self, phrases: &[String]) -> bool {
        match self {
            RuleKind::Required(required) => {
                for phrase in phrases {
                    required.forms.push(vec![vec![phrase.clone()]]);
                    required.names.push(None);
                    required.labels.push(vec![format!("「{phrase}」")]);
                    required.wordings.push(None);
                }
                true
            }
            RuleKind::Phrase(rule) => {
                rule.phrases
                    .extend(phrases.iter().map(|text| super::Phrase {
                        text: text.clone(),
                        boundary: true,
                    }));
                true
            }
            RuleKind::Response(_) | RuleKind::Timing(_) | RuleKind::Repeat(_) | RuleKind::Meta => {
                false
            }
        }
    }

    /// Whether the rule reports something missing from a stretch of the call (the greeting,
    /// the closing) rather than words on a line: a line-level `# huashu: ignore` cannot
    /// suppress it, only a `disable` range.
    ///
    /// ```
    /// let linter = huashu::Linter::with_builtin_packs();
    /// assert!(linter.rule("closing.standard").unwrap().kind.reports_absence());
    /// assert!(!linter.rule("banned.wei").unwrap().kind.reports_absence());
    /// ```
    pub fn reports_absence(&self) -> bool {
        match self {
            RuleKind::Required(_) => true,
            RuleKind::Phrase(_)
            | RuleKind::Response(_)
            | RuleKind::Timing(_)
            | RuleKind::Repeat(_)
            | RuleKind::Meta => false,
        }
    }

    /// Whether this is one of huashu's own meta rules about suppression comments, which
    /// comments never suppress.
    ///
    /// ```
    /// let linter = huashu::Linter::with_builtin_packs();
    /// assert!(linter.rule("huashu.unused-suppression").unwrap().kind.is_meta());
    /// assert!(!linter.rule("banned.wei").unwrap().kind.is_meta());
    /// ```
    pub fn is_meta(&self) -> bool {
        match self {
            RuleKind::Meta => true,
            RuleKind::Phrase(_)
            | RuleKind::Required(_)
            | RuleKind::Response(_)
            | RuleKind::Timing(_)
            | RuleKind::Repeat(_) => false,
        }
    }

    /// Every `intent` condition of the rule, with the speakers whose turns it is asked about
    /// (`speaker` is the rule's own scope).
    ///
    /// ```
    /// let pack = huashu::Pack::from_toml("p.toml", r#"
    /// [pack]
    /// id = "p"
    /// [[rules]]
    /// id = "tone.deflect"
    /// category = "tone"
    /// message = "推诿语气"
    /// intent = { class = "forbidden.deflection" }
    /// "#).unwrap();
    /// let deflect = &pack.rules[0];
    /// let intents = deflect.kind.intents(deflect.speaker);
    /// assert!(intents.iter().any(|(i, _)| i.class == "forbidden.deflection"));
    /// ```
    pub fn intents(&self, speaker: SpeakerScope) -> Vec<(&IntentCondition, SpeakerScope)> {
        match self {
            RuleKind::Phrase(rule) => rule
                .intent
                .iter()
                .chain(
                    rule.all
                        .iter()
                        .chain(&rule.not)
                        .filter_map(|c| c.intent.as_ref()),
                )
                .map(|i| (i, speaker))
                .collect(),
            RuleKind::Response(rule) => rule
                .when
                .intent
                .iter()
                .chain(rule.when_not.iter().filter_map(|c| c.intent.as_ref()))
                .map(|i| (i, rule.when_speaker))
                .chain(
                    rule.expect
                        .intent
                        .iter()
                        .chain(&rule.expect_intents)
                        .map(|i| (i, rule.expect_speaker)),
                )
                .collect(),
            RuleKind::Required(_) | RuleKind::Timing(_) | RuleKind::Repeat(_) | RuleKind::Meta => {
                Vec::new()
            }
        }
    }

    /// Whether the rule asks the intent model anything (the model is decoded only when a
    /// loaded rule does).
    ///
    /// ```
    /// let pack = huashu::Pack::from_toml("p.toml", r#"
    /// [pack]
    /// id = "p"
    /// [[rules]]
    /// id = "tone.sarcasm"
    /// category = "tone"
    /// message = "讽刺"
    /// intent = { class = "forbidden.sarcasm", min = 0.9 }
    /// "#).unwrap();
    /// assert!(pack.rules[0].kind.uses_intents());
    /// // Among the built-in rules, the response rules ask the model; the phrase rules do not
    /// // (the intent tones are an opt-in pack).
    /// let linter = huashu::Linter::with_builtin_packs();
    /// assert!(linter.rule("response.complaint").unwrap().kind.uses_intents());
    /// assert!(!linter.rule("banned.wei").unwrap().kind.uses_intents());
    /// ```
    pub fn uses_intents(&self) -> bool {
        !self.intents(SpeakerScope::Any).is_empty()
    }
}
