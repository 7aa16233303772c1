//! A rule's documentation: the one model that `rules explain`, `rules list` and SARIF's rule
//! help are rendered from, built kind by kind in one place.

use super::{Count, CountScope, Direction, Rewrite, Rule, RuleKind, ScopeEnd, SpeakerScope};

/// What a rule is and what it checks, for people: everything a renderer needs beyond the rule's
/// own fields (id, severity, message, why, help, examples…), worked out from its kind.
///
/// ```
/// let linter = huashu::Linter::with_builtin_packs();
/// let doc = linter.rule("banned.wei").unwrap().doc();
/// assert_eq!(doc.kind, "phrase");
/// assert_eq!(doc.speaker, Some("agent"));
/// assert!(doc.checks[0].starts_with("phrases: 喂"));
/// assert_eq!(doc.rewrite, huashu::RewriteDoc::Every("您好"));
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct RuleDoc<'r> {
    /// The rule itself: id, pack, category, severity, points, message, why, help, examples.
    pub rule: &'r Rule,
    /// The kind as a word ([`RuleKind::name`]).
    pub kind: &'static str,
    /// Whose turns the rule looks at (`agent`, `customer`, `any speaker`), when one speaker
    /// applies to the whole rule; `None` for responses (which name a speaker for the trigger
    /// and one for the answer) and meta rules.
    pub speaker: Option<&'static str>,
    /// What the rule checks, one line each, in English.
    pub checks: Vec<String>,
    /// The compliant replacement or wording the rule gives.
    pub rewrite: RewriteDoc<'r>,
    /// How many patterns it matches with (phrases, regexes, the phrases of groups, of triggers
    /// and answers, of hold announcements).
    pub patterns: usize,
}

/// The compliant replacement or wording of a rule, for its documentation. Exhaustive on purpose:
/// a new variant must be rendered by every renderer before it compiles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RewriteDoc<'r> {
    /// The rule gives none.
    None,
    /// One replacement for every hit (a phrase rule).
    Every(&'r str),
    /// A replacement per phrase or regex source, as (pattern, replacement).
    PerPattern(Vec<(&'r str, &'r str)>),
    /// The complete compliant wording a required rule asks for.
    Wording(&'r str),
}

impl Rule {
    /// The rule's documentation (see [`RuleDoc`]).
    ///
    /// ```
    /// let linter = huashu::Linter::with_builtin_packs();
    /// let doc = linter.rule("greeting.three-part").unwrap().doc();
    /// assert_eq!(doc.kind, "required");
    /// assert!(doc.checks[1].starts_with("standard: 「您好"));
    /// assert!(matches!(doc.rewrite, huashu::RewriteDoc::Wording(_)));
    /// ```
    pub fn doc(&self) -> RuleDoc<'_> {
        let (speaker, checks, rewrite, patterns) = match &self.kind {
            RuleKind::Phrase(p) => {
                let mut checks = Vec::new();
                let phrases: Vec<String> = p
                    .phrases
                    .iter()
                    .map(|ph| {
                        if ph.boundary {
                            ph.text.clone()
                        } else {
                            format!("{} (inside words too)", ph.text)
                        }
                    })
                    .collect();
                line(&mut checks, "phrases", &phrases);
                let regexes: Vec<String> = p.regexes.iter().map(|r| r.source.clone()).collect();
                line(&mut checks, "regex", &regexes);
                if let Some(intent) = &p.intent {
                    let mut meaning = intent_text(intent);
                    if let Some(review) = intent.review {
                        meaning.push_str(&format!(" (review from {review})"));
                    }
                    if let Some(points) = intent.points {
                        meaning.push_str(&format!(", {points} points a finding"));
                    }
                    checks.push(format!("meaning: {meaning}, a finding per sentence"));
                }
                line(&mut checks, "not inside", &p.unless);
                for c in &p.all {
                    line(
                        &mut checks,
                        "together with",
                        &[c.phrases.clone(), c.regexes.clone()].concat(),
                    );
                }
                for c in &p.not {
                    line(
                        &mut checks,
                        "unless near",
                        &[c.phrases.clone(), c.regexes.clone()].concat(),
                    );
                }
                if let Some(near) = p.near {
                    checks.push(format!("within {near} characters of the hit"));
                }
                if let Some(count) = p.count {
                    checks.push(match count {
                        Count::MoreThan { n, per } => {
                            let per = match per {
                                CountScope::Turn => "turn",
                                CountScope::Call => "call",
                            };
                            format!("fires when its phrases occur more than {n} times in a {per}")
                        }
                        Count::Repeated => "fires when a phrase repeats back to back".to_owned(),
                    });
                }
                checks.push(
                    "on word boundaries unless marked otherwise; agent turns only unless the speaker says otherwise"
                        .to_owned(),
                );
                let rewrite = match &p.rewrite {
                    Rewrite::None => RewriteDoc::None,
                    Rewrite::All(to) => RewriteDoc::Every(to),
                    Rewrite::PerPattern(map) => RewriteDoc::PerPattern(
                        map.iter()
                            .map(|(from, to)| (from.as_str(), to.as_str()))
                            .collect(),
                    ),
                };
                let patterns = p.phrases.len() + p.regexes.len();
                (Some(speaker(self.speaker)), checks, rewrite, patterns)
            }
            RuleKind::Required(r) => {
                let end = match r.scope {
                    ScopeEnd::First => "first",
                    ScopeEnd::Last => "last",
                };
                let scope = match r.seconds {
                    Some(s) => format!(
                        "the {end} {} turns (or {s} s when the call has times)",
                        r.turns
                    ),
                    None => format!("the {end} {} turns", r.turns),
                };
                let mut checks = vec![format!("in {scope} of the speaker, in order:")];
                for (i, form) in r.forms.iter().enumerate() {
                    let groups: Vec<String> = form
                        .iter()
                        .map(|g| format!("「{}」", g.join("|")))
                        .collect();
                    let label = if i == 0 { "standard" } else { "or" };
                    checks.push(format!("{label}: {}", groups.join(" → ")));
                }
                let rewrite = r
                    .wording
                    .as_deref()
                    .map_or(RewriteDoc::None, RewriteDoc::Wording);
                let patterns = r.forms.iter().flatten().map(Vec::len).sum();
                (Some(speaker(self.speaker)), checks, rewrite, patterns)
            }
            RuleKind::Response(r) => {
                let trigger = match r.silence_over {
                    Some(s) => format!("a silence of more than {s} s"),
                    None => condition_text(&r.when),
                };
                let trigger = match r
                    .when_not
                    .iter()
                    .map(condition_text)
                    .collect::<Vec<_>>()
                    .join("; ")
                {
                    not if not.is_empty() => trigger,
                    not => format!("{trigger} (not: {not})"),
                };
                let direction = match r.direction {
                    Direction::Before => "before",
                    Direction::After => "after",
                };
                let mut window = Vec::new();
                if let Some(t) = r.within_turns {
                    let replies = if t == 1 { "reply" } else { "replies" };
                    window.push(format!("within {t} {replies}"));
                }
                if let Some(s) = r.within_seconds {
                    window.push(format!("within {s} s"));
                }
                if window.is_empty() {
                    window.push("anywhere".to_owned());
                }
                let no_reply = match r.no_reply {
                    crate::pack::NoReply::Report => "no reply before the call ends: reported",
                    crate::pack::NoReply::Skip => "no reply before the call ends: not judged",
                };
                let checks = vec![
                    format!("when ({}): {trigger}", speaker(r.when_speaker)),
                    format!(
                        "expect ({}, {direction}, {}): {}",
                        speaker(r.expect_speaker),
                        window.join(", "),
                        std::iter::once(condition_text(&r.expect))
                            .chain(r.expect_intents.iter().map(intent_text))
                            .filter(|t| !t.is_empty())
                            .collect::<Vec<_>>()
                            .join(" | ")
                    ),
                    no_reply.to_owned(),
                ];
                let patterns = r.when.phrases.len()
                    + r.when.regexes.len()
                    + r.expect.phrases.len()
                    + r.expect.regexes.len();
                (None, checks, RewriteDoc::None, patterns)
            }
            RuleKind::Repeat(r) => {
                let mut checks = vec![format!(
                    "a turn of at least {} Han characters said again word for word",
                    r.min_chars
                )];
                line(&mut checks, "allowed to repeat", &r.allow);
                (
                    Some(speaker(self.speaker)),
                    checks,
                    RewriteDoc::None,
                    r.allow.len(),
                )
            }
            RuleKind::Timing(t) => {
                let mut checks = vec![format!("{:?} over {}", t.check, t.over)];
                line(&mut checks, "announced by", &t.announced_by);
                (
                    Some(speaker(self.speaker)),
                    checks,
                    RewriteDoc::None,
                    t.announced_by.len(),
                )
            }
            RuleKind::Meta => {
                let checks = vec![
                    self.summary.as_deref().unwrap_or(&self.message).to_owned(),
                    "built in; never suppressed by comments; off with `huashu check --no-suppressions`"
                        .to_owned(),
                ];
                (None, checks, RewriteDoc::None, 0)
            }
        };
        RuleDoc {
            rule: self,
            kind: self.kind.name(),
            speaker,
            checks,
            rewrite,
            patterns,
        }
    }
}

/// Whose turns, in words.
fn speaker(scope: SpeakerScope) -> &'static str {
    match scope {
        SpeakerScope::Agent => "agent",
        SpeakerScope::Customer => "customer",
        SpeakerScope::Any => "any speaker",
    }
}

/// Adds `label: a, b, c` when there are items.
fn line(lines: &mut Vec<String>, label: &str, items: &[String]) {
    if !items.is_empty() {
        lines.push(format!("{label}: {}", items.join(", ")));
    }
}

/// A condition as the rule documentation shows it: its phrases and regexes, then its intent
/// (`intent customer.complaint ≥ 0.95`), separated by ` | `.
fn condition_text(condition: &crate::pack::Condition) -> String {
    let mut parts = [condition.phrases.clone(), condition.regexes.clone()].concat();
    parts.extend(condition.intent.iter().map(intent_text));
    parts.join(" | ")
}

/// An intent condition as the rule documentation shows it: `intent prescribed.apology ≥ 0.8`.
fn intent_text(intent: &crate::pack::IntentCondition) -> String {
    match intent.min {
        Some(min) => format!("intent {} ≥ {min}", intent.class),
        None => format!("intent {}", intent.class),
    }
}
