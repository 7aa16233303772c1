//! From raw TOML to a validated [`Pack`], collecting every problem with its span.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::sync::Arc;

use toml::Spanned;

use super::error::{PackError, PackProblem, PackSource};
use super::schema::{
    RawCondition, RawIntent, RawPack, RawPhrase, RawProfileIntent, RawRewrite, RawRule,
};
use super::{
    Condition, Count, CountScope, Examples, Fix, IntentCondition, Pack, Phrase, PhraseRule,
    RegexPattern, RequiredRule, ResponseRule, Rewrite, Rule, RuleKind, SpeakerScope, TimingCheck,
    TimingRule,
};

/// The largest compiled regex a pack may ask for (bytes of the compiled program).
pub(crate) const REGEX_SIZE_LIMIT: usize = 2 * 1024 * 1024;
/// The largest number of points a single breach may cost.
const MAX_POINTS: i64 = 100;

pub(crate) fn load(name: &str, text: &str) -> Result<Pack, PackError> {
    load_checked(name, text, false)
}

/// Like [`load`], for the built-in packs: their regexes are not compiled here, because the test
/// suite checks them (`builtin_packs_pass_full_validation`) and the linter compiles them anyway.
/// Everything else is validated as for any pack.
pub(crate) fn load_builtin(name: &str, text: &str) -> Result<Pack, PackError> {
    load_checked(name, text, true)
}

fn load_checked(name: &str, text: &str, trusted_regexes: bool) -> Result<Pack, PackError> {
    let source = PackSource {
        name: name.to_owned(),
        text: Arc::from(text),
    };
    let raw: RawPack = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(err) => {
            let span = err.span().unwrap_or(0..0);
            let problem = PackProblem::new(
                &source,
                span,
                err.message().trim().to_owned(),
                "here",
                help_for_toml_error(err.message()),
            );
            return Err(PackError::new(name, vec![problem]));
        }
    };
    let mut checker = Checker {
        source: &source,
        problems: Vec::new(),
        trusted_regexes,
    };
    let pack = checker.pack(raw);
    if checker.problems.is_empty() {
        Ok(pack)
    } else {
        Err(PackError::new(name, checker.problems))
    }
}

fn help_for_toml_error(message: &str) -> Option<String> {
    if message.contains("missing field `pack`") {
        Some("a pack starts with a `[pack]` table holding at least `id = \"…\"`".into())
    } else if message.contains("unknown field") {
        Some("see the README's \"Rule packs\" section for every field a pack may have".into())
    } else {
        None
    }
}

struct Checker<'a> {
    source: &'a PackSource,
    problems: Vec<PackProblem>,
    /// Skip compiling regexes to check them (the built-in packs, checked by the tests).
    trusted_regexes: bool,
}

impl Checker<'_> {
    fn problem(&mut self, span: Range<usize>, message: impl Into<String>, label: &str) {
        self.problems
            .push(PackProblem::new(self.source, span, message, label, None));
    }

    fn problem_with_help(
        &mut self,
        span: Range<usize>,
        message: impl Into<String>,
        label: &str,
        help: impl Into<String>,
    ) {
        self.problems.push(PackProblem::new(
            self.source,
            span,
            message,
            label,
            Some(help.into()),
        ));
    }

    fn pack(&mut self, raw: RawPack) -> Pack {
        let header = raw.pack.into_inner();
        let id = header.id.get_ref().trim().to_owned();
        if !is_pack_id(&id) {
            self.problem_with_help(
                header.id.span(),
                format!("invalid pack id `{id}`"),
                "pack id",
                "a pack id is lowercase ASCII letters, digits and `-`, such as `service-basics`",
            );
        }
        let mut profiles = Vec::new();
        for name in &header.profiles {
            let value = name.get_ref().trim();
            if !is_pack_id(value) {
                self.problem_with_help(
                    name.span(),
                    format!("invalid profile name `{value}`"),
                    "profile",
                    "a profile name is lowercase ASCII letters, digits and `-`, such as `collections`",
                );
            } else if !super::is_builtin_profile(value) && !profiles.iter().any(|p| p == value) {
                profiles.push(value.to_owned());
            }
        }
        let mut seen: HashMap<String, Range<usize>> = HashMap::new();
        let mut rules = Vec::with_capacity(raw.rules.len());
        for spanned in raw.rules {
            let table_span = spanned.span();
            let rule = spanned.into_inner();
            let rule_id = rule.id.get_ref().clone();
            if let Some(first) = seen.get(&rule_id) {
                let first_line = line_of(&self.source.text, first.start);
                self.problem_with_help(
                    rule.id.span(),
                    format!("duplicate rule id `{rule_id}`"),
                    "defined again here",
                    format!("the first rule with this id is on line {first_line}; rule ids must be unique"),
                );
            } else {
                seen.insert(rule_id, rule.id.span());
            }
            if let Some(rule) = self.rule_with_profiles(rule, table_span, &id, &profiles) {
                rules.push(rule);
            }
        }
        Pack {
            id,
            name: self.source.name.clone(),
            description: header.description,
            source: header.source,
            rules,
            profiles,
        }
    }

    /// A rule and its variants for the channel profiles it names (`[rules.profiles.NAME]`).
    /// `declared` are the pack's own profiles besides the built-in ones.
    fn rule_with_profiles(
        &mut self,
        mut raw: RawRule,
        table_span: Range<usize>,
        pack_id: &str,
        declared: &[String],
    ) -> Option<Rule> {
        let profiles = std::mem::take(&mut raw.profiles);
        let base = (!profiles.is_empty()).then(|| raw.clone());
        let mut rule = self.rule(raw, table_span.clone(), pack_id)?;
        let Some(base) = base else {
            return Some(rule);
        };
        for (name, profile) in profiles {
            let span = profile.span();
            let profile = profile.into_inner();
            let value = name.get_ref().trim().to_owned();
            if !super::is_builtin_profile(&value) && !declared.contains(&value) {
                let builtin: Vec<&str> = super::BUILTIN_PROFILES.iter().map(|p| p.name).collect();
                self.problem_with_help(
                    name.span(),
                    format!("unknown profile `{value}`"),
                    "profile",
                    format!(
                        "the built-in profiles are {}; a pack declares its own with `[pack] profiles = [\"{value}\"]`",
                        builtin.join(", ")
                    ),
                );
                continue;
            }
            if let Some(off) = &profile.off {
                if *off.get_ref() {
                    let others = profile.message.is_some()
                        || profile.intent.is_some()
                        || profile.wording.is_some()
                        || profile.phrases.is_some()
                        || profile.regex.is_some()
                        || profile.require.is_some()
                        || profile.when.is_some()
                        || profile.expect.is_some()
                        || profile.timing.is_some()
                        || profile.examples.is_some();
                    if others {
                        self.problem(
                            off.span(),
                            format!("profile `{value}` turns the rule off and changes it too"),
                            "off",
                        );
                    }
                    rule.profiles.insert(value, super::ProfileRule::Off);
                    continue;
                }
            }
            let variant = variant_of(&base, profile);
            if let Some(variant) = self.rule(variant, span, pack_id) {
                if variant.kind.name() != rule.kind.name() {
                    self.problem(
                        name.span(),
                        format!(
                            "profile `{value}` makes the rule a {} rule; a profile may change a rule's fields, not its kind",
                            variant.kind.name()
                        ),
                        "profile",
                    );
                    continue;
                }
                rule.profiles
                    .insert(value, super::ProfileRule::Variant(Box::new(variant)));
            }
        }
        Some(rule)
    }

    fn rule(&mut self, raw: RawRule, table_span: Range<usize>, pack_id: &str) -> Option<Rule> {
        let before = self.problems.len();
        let id = raw.id.get_ref().clone();
        if !is_rule_id(&id) {
            self.problem_with_help(
                raw.id.span(),
                format!("invalid rule id `{id}`"),
                "rule id",
                "a rule id is dotted lowercase, `category.name`, such as `banned.shirking`",
            );
        } else if id.starts_with("huashu.") {
            self.problem_with_help(
                raw.id.span(),
                format!("rule id `{id}` is reserved"),
                "reserved",
                "ids starting with `huashu.` belong to huashu's own rules about suppression comments",
            );
        }
        let message = raw.message.get_ref().trim().to_owned();
        if message.is_empty() {
            self.problem(
                raw.message.span(),
                "a rule's message must not be empty",
                "empty",
            );
        }
        let points = match &raw.points {
            None => 1,
            Some(points) => self.points(points, "points").unwrap_or(0),
        };
        let max_points = raw
            .max_points
            .as_ref()
            .and_then(|m| self.points(m, "max_points"));
        let kind = self.kind(&raw, &id, table_span);
        let examples = raw.examples.unwrap_or_default();
        if self.problems.len() > before {
            return None;
        }
        Some(Rule {
            id,
            pack: pack_id.to_owned(),
            category: raw.category,
            severity: raw.severity.unwrap_or(super::Severity::Warning),
            points,
            speaker: raw.speaker.unwrap_or_default(),
            message,
            summary: raw.summary.map(|s| s.trim().to_owned()),
            why: raw.why.map(|w| w.trim().to_owned()),
            help: raw.help.map(|h| h.trim().to_owned()),
            fix: kind.as_ref().and_then(|(_, fix)| *fix),
            examples: Examples {
                bad: examples.bad,
                good: examples.good,
            },
            max_points,
            fatal: raw.fatal,
            kind: kind?.0,
            profiles: BTreeMap::new(),
        })
    }

    /// Works out which kind of rule this is and validates its fields.
    fn kind(
        &mut self,
        raw: &RawRule,
        id: &str,
        table_span: Range<usize>,
    ) -> Option<(RuleKind, Option<Fix>)> {
        let is_phrase = !raw.phrases.is_empty() || !raw.regex.is_empty() || raw.intent.is_some();
        let is_response = raw.when.is_some() || raw.expect.is_some();
        let kinds = [
            ("`phrases`/`regex`/`intent`", is_phrase),
            ("`require`", raw.require.is_some()),
            ("`when`/`expect`", is_response),
            ("`timing`", raw.timing.is_some()),
            ("`repeat`", raw.repeat.is_some()),
        ];
        let present: Vec<&str> = kinds.iter().filter(|(_, p)| *p).map(|(n, _)| *n).collect();
        match present.len() {
            0 => {
                self.problem_with_help(
                    table_span,
                    format!("rule `{id}` matches nothing"),
                    "this rule",
                    "give the rule `phrases = [\"…\"]`, `regex = [\"…\"]` or `intent = { class = \"…\" }`, or make it a call-level rule with `require`, `when` and `expect`, `timing` or `repeat`",
                );
                return None;
            }
            1 => {}
            _ => {
                self.problem_with_help(
                    table_span,
                    format!("rule `{id}` mixes rule kinds: {}", present.join(" and ")),
                    "this rule",
                    "a rule is one kind: split it into several rules",
                );
                return None;
            }
        }
        if !is_phrase {
            self.phrase_only_fields(raw, id);
        }
        if is_phrase {
            let (phrase_rule, fix) = self.phrase_rule(raw, id)?;
            Some((RuleKind::Phrase(phrase_rule), fix))
        } else if let Some(require) = &raw.require {
            self.required_rule(require)
                .map(|r| (RuleKind::Required(r), None))
        } else if is_response {
            self.response_rule(raw, id)
                .map(|r| (RuleKind::Response(r), None))
        } else if let Some(repeat) = &raw.repeat {
            let r = repeat.get_ref();
            let min_chars = *r.min_chars.get_ref();
            if min_chars < 1 {
                self.problem(r.min_chars.span(), "`min_chars` must be at least 1", "here");
                return None;
            }
            let allow = self.condition(&r.allow, &[], None).phrases;
            Some((
                RuleKind::Repeat(super::RepeatRule {
                    min_chars: min_chars as usize,
                    allow,
                }),
                None,
            ))
        } else {
            let timing = raw.timing.as_ref()?;
            self.timing_rule(timing)
                .map(|r| (RuleKind::Timing(r), None))
        }
    }

    fn phrase_only_fields(&mut self, raw: &RawRule, id: &str) {
        let mut spans: Vec<(&str, Range<usize>)> = Vec::new();
        if let Some(r) = &raw.rewrite {
            spans.push(("rewrite", r.span()));
        }
        if let Some(f) = &raw.fix {
            spans.push(("fix", f.span()));
        }
        if let Some(c) = &raw.count {
            spans.push(("count", c.span()));
        }
        if let Some(n) = &raw.near {
            spans.push(("near", n.span()));
        }
        if let Some(u) = raw.unless.first() {
            spans.push(("unless", u.span()));
        }
        if let Some(a) = raw.all.first() {
            spans.push(("all", a.span()));
        }
        if let Some(n) = raw.not.first() {
            spans.push(("not", n.span()));
        }
        if let Some(w) = &raw.wording {
            spans.push(("wording", w.span()));
        }
        for (field, span) in spans {
            self.problem_with_help(
                span,
                format!("`{field}` only applies to phrase rules, and `{id}` is a call-level rule"),
                "not for this kind",
                "call-level rules give their compliant wording in `require.wording` or `help`",
            );
        }
    }

    fn phrase_rule(&mut self, raw: &RawRule, id: &str) -> Option<(PhraseRule, Option<Fix>)> {
        let default_boundary = raw.boundary.unwrap_or(true);
        let phrases = self.phrases(&raw.phrases, default_boundary);
        let regexes = self.regexes(&raw.regex, default_boundary);
        let unless = self.unless(&raw.unless, &phrases, regexes.is_empty());
        let rewrite = self.rewrite(raw.rewrite.as_ref(), &phrases, &regexes);
        let fix = match (&raw.fix, rewrite.is_some()) {
            (Some(fix), false) => {
                self.problem_with_help(
                    fix.span(),
                    format!("rule `{id}` sets `fix` but has no `rewrite`"),
                    "nothing to apply",
                    "add `rewrite = \"…\"` (or a table of phrase = replacement), or remove `fix`",
                );
                None
            }
            (Some(fix), true) => Some(*fix.get_ref()),
            (None, true) => Some(Fix::Suggest),
            (None, false) => None,
        };
        let count = raw.count.as_ref().and_then(|c| {
            let count = c.get_ref();
            match (count.more_than, count.repeated) {
                (Some(n), false) if n >= 0 => Some(Count::MoreThan {
                    n: n as usize,
                    per: count.per.unwrap_or(CountScope::Turn),
                }),
                (None, true) if count.per.is_none() => Some(Count::Repeated),
                _ => {
                    self.problem_with_help(
                        c.span(),
                        "invalid `count`",
                        "here",
                        "use `count = { more_than = N, per = \"turn\" | \"call\" }` or `count = { repeated = true }`",
                    );
                    None
                }
            }
        });
        let all = raw
            .all
            .iter()
            .map(|c| self.condition_table(c, None))
            .collect();
        let not = raw
            .not
            .iter()
            .map(|c| self.condition_table(c, None))
            .collect();
        let near = raw.near.as_ref().and_then(|n| {
            let value = *n.get_ref();
            if value >= 0 {
                Some(value as usize)
            } else {
                self.problem(
                    n.span(),
                    "`near` must be a number of characters, 0 or more",
                    "here",
                );
                None
            }
        });
        if near.is_some() && raw.all.is_empty() && raw.not.is_empty() {
            if let Some(n) = &raw.near {
                self.problem(
                    n.span(),
                    "`near` needs `all` or `not` conditions to measure against",
                    "nothing to be near",
                );
            }
        }
        let intent = raw.intent.as_ref().and_then(|i| self.intent_of(i, true));
        if let (Some(_), Some(c)) = (&raw.intent, &raw.count) {
            self.problem_with_help(
                c.span(),
                "`count` cannot be combined with `intent`",
                "counting",
                "an intent finding is one per sentence; count phrases in a rule of their own",
            );
        }
        let wording = raw.wording.as_ref().map(|w| w.get_ref().trim().to_owned());
        if let (Some(w), None) = (&raw.wording, &raw.intent) {
            self.problem_with_help(
                w.span(),
                format!("rule `{id}` sets `wording` but has no `intent`"),
                "nothing uses it",
                "`wording` is what an intent finding suggests; a phrase hit's replacement is `rewrite`",
            );
        }
        Some((
            PhraseRule {
                phrases,
                regexes,
                unless,
                rewrite,
                count,
                all,
                not,
                near,
                intent,
                wording,
            },
            fix,
        ))
    }

    fn condition_table(
        &mut self,
        raw: &Spanned<RawCondition>,
        placeholders: Option<&[String]>,
    ) -> Condition {
        let table = raw.get_ref();
        if table.phrases.is_empty() && table.regex.is_empty() && table.intent.is_none() {
            self.problem(
                raw.span(),
                "a condition needs `phrases`, `regex` or `intent`",
                "empty condition",
            );
        }
        let mut condition = self.condition(&table.phrases, &table.regex, placeholders);
        condition.intent = table.intent.as_ref().and_then(|i| self.intent(i));
        condition
    }

    /// A number of points (`field`: what the pack calls it), from 0 to [`MAX_POINTS`].
    fn points(&mut self, value: &Spanned<i64>, field: &str) -> Option<u32> {
        let v = *value.get_ref();
        if (0..=MAX_POINTS).contains(&v) {
            Some(v as u32)
        } else {
            self.problem(
                value.span(),
                format!("{field} must be between 0 and {MAX_POINTS}, not {v}"),
                "out of range",
            );
            None
        }
    }

    /// An `intent` of a condition (`all`, `not`, `when`, `expect`): a phrase rule's own `intent`
    /// is `intent_of` with `own`.
    fn intent(&mut self, raw: &Spanned<RawIntent>) -> Option<IntentCondition> {
        self.intent_of(raw, false)
    }

    /// Validates `intent = { class = "…", min = 0.8, review = 0.6 }`. Whether a model knows the
    /// class is checked when a linter is built with the model.
    /// `own`: the intent is a phrase rule's own, whose findings may cost their own `points`.
    fn intent_of(&mut self, raw: &Spanned<RawIntent>, own: bool) -> Option<IntentCondition> {
        let intent = raw.get_ref();
        let class = intent.class.get_ref().trim();
        let mut ok = true;
        if class.is_empty() {
            self.problem(
                intent.class.span(),
                "an intent class must not be empty",
                "empty",
            );
            ok = false;
        }
        let mut probability = |value: &Option<Spanned<f64>>, field: &str| -> Option<f64> {
            let v = value.as_ref()?;
            let p = *v.get_ref();
            if p > 0.0 && p <= 1.0 {
                Some(p)
            } else {
                self.problem(
                    v.span(),
                    format!("`{field}` is a confidence above 0 and at most 1, not {p}"),
                    "out of range",
                );
                ok = false;
                None
            }
        };
        let min = probability(&intent.min, "min");
        let review = probability(&intent.review, "review");
        if let (Some(min), Some(review), Some(span)) =
            (min, review, intent.review.as_ref().map(Spanned::span))
        {
            if review >= min {
                self.problem_with_help(
                    span,
                    format!("`review` ({review}) must be below `min` ({min})"),
                    "empty review band",
                    "findings between `review` and `min` go to the review list; leave `review` out for none",
                );
                ok = false;
            }
        }
        let points = intent.points.as_ref().and_then(|p| {
            let points = if own {
                self.points(p, "points")
            } else {
                self.problem_with_help(
                    p.span(),
                    "`points` of an intent is for a phrase rule's own `intent`",
                    "costs nothing here",
                    "a condition costs nothing by itself; the rule's `points` are what its findings cost",
                );
                None
            };
            ok &= points.is_some();
            points
        });
        ok.then(|| IntentCondition {
            class: class.to_owned(),
            min,
            review,
            points,
        })
    }

    /// Validates condition phrases and regexes. `placeholders` are the `{name}`s the text may
    /// use (captured by a trigger regex).
    fn condition(
        &mut self,
        phrases: &[Spanned<String>],
        regexes: &[Spanned<String>],
        placeholders: Option<&[String]>,
    ) -> Condition {
        let known = placeholders.unwrap_or(&[]);
        let mut out = Condition::default();
        for p in phrases {
            let text = p.get_ref();
            if text.trim().is_empty() {
                self.problem(p.span(), "empty phrase", "empty");
            } else if let Some(name) = placeholders.and_then(|k| unknown_placeholder(text, k)) {
                self.unknown_placeholder(p.span(), &name, known);
            } else {
                out.phrases.push(text.clone());
            }
        }
        for r in regexes {
            let source = r.get_ref();
            if let Some(name) = placeholders.and_then(|k| unknown_placeholder(source, k)) {
                self.unknown_placeholder(r.span(), &name, known);
                continue;
            }
            if self.trusted_regexes {
                out.regexes.push(source.clone());
                continue;
            }
            // Placeholders stand for literal text: check the regex with a stand-in.
            let probe = fill_placeholders(source, known, "王");
            match regex::RegexBuilder::new(&probe)
                .size_limit(REGEX_SIZE_LIMIT)
                .build()
            {
                Ok(re) if re.is_match("") => self.problem(
                    r.span(),
                    format!("regex `{source}` matches the empty string"),
                    "matches everywhere",
                ),
                Ok(_) => out.regexes.push(source.clone()),
                Err(err) => self.problem_with_help(
                    r.span(),
                    format!("invalid regex `{source}`"),
                    "here",
                    err.to_string(),
                ),
            }
        }
        out
    }

    fn unknown_placeholder(&mut self, span: Range<usize>, name: &str, known: &[String]) {
        let help = if known.is_empty() {
            "`{name}` stands for text captured by a named group `(?P<name>…)` of a `when.regex`; this rule captures nothing".to_owned()
        } else {
            format!(
                "the trigger captures: {}",
                known
                    .iter()
                    .map(|k| format!("`{{{k}}}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        self.problem_with_help(
            span,
            format!("unknown placeholder `{{{name}}}`"),
            "not captured by `when`",
            help,
        );
    }

    fn required_rule(&mut self, raw: &Spanned<super::schema::RawRequire>) -> Option<RequiredRule> {
        use super::schema::RawForm;
        let require = raw.get_ref();
        let turns = match &require.turns {
            None => 2,
            Some(t) if *t.get_ref() >= 1 => *t.get_ref() as usize,
            Some(t) => {
                self.problem(t.span(), "`turns` must be at least 1", "here");
                1
            }
        };
        let seconds = require
            .seconds
            .as_ref()
            .and_then(|s| self.positive(s, "seconds"));
        let mut forms = vec![self.groups(require.groups.get_ref(), require.groups.span())];
        let mut names = vec![require.name.clone()];
        let mut wordings = vec![require.wording.clone()];
        let mut labels = vec![self.labels(
            require.labels.as_ref().map(|l| l.get_ref().as_slice()),
            &forms[0],
            require.labels.as_ref().map_or(raw.span(), |l| l.span()),
        )];
        for alternative in &require.alternatives {
            let (groups, name, given, wording) = match alternative.get_ref() {
                RawForm::Groups(groups) => (groups, None, None, None),
                RawForm::Table(table) => (
                    &table.groups,
                    table.name.clone(),
                    table.labels.as_deref(),
                    table.wording.clone(),
                ),
            };
            wordings.push(wording);
            let form = self.groups(groups, alternative.span());
            labels.push(self.labels(given, &form, alternative.span()));
            forms.push(form);
            names.push(name);
        }
        Some(RequiredRule {
            scope: require.scope,
            turns,
            seconds,
            forms,
            wording: require.wording.clone(),
            names,
            labels,
            wordings,
        })
    }

    /// The names of a form's groups: as given (one per group), or each group's first phrase.
    fn labels(
        &mut self,
        given: Option<&[String]>,
        groups: &[Vec<String>],
        span: Range<usize>,
    ) -> Vec<String> {
        match given {
            Some(given) if given.len() == groups.len() => {
                given.iter().map(|l| l.trim().to_owned()).collect()
            }
            Some(given) => {
                self.problem(
                    span,
                    format!(
                        "`labels` names {} groups, but the form has {}",
                        given.len(),
                        groups.len()
                    ),
                    "here",
                );
                Vec::new()
            }
            None => groups
                .iter()
                .map(|g| format!("「{}」", g.first().map_or("", String::as_str)))
                .collect(),
        }
    }

    fn groups(&mut self, raw: &[Vec<Spanned<String>>], span: Range<usize>) -> Vec<Vec<String>> {
        if raw.is_empty() {
            self.problem(
                span.clone(),
                "a required form needs at least one group of phrases",
                "empty",
            );
        }
        let mut out = Vec::new();
        for group in raw {
            if group.is_empty() {
                self.problem(
                    span.clone(),
                    "a group needs at least one phrase",
                    "empty group",
                );
                continue;
            }
            let condition = self.condition(group, &[], None);
            out.push(condition.phrases);
        }
        out
    }

    fn response_rule(&mut self, raw: &RawRule, id: &str) -> Option<ResponseRule> {
        let (Some(when), Some(expect)) = (&raw.when, &raw.expect) else {
            let span = raw
                .when
                .as_ref()
                .map(|w| w.span())
                .or(raw.expect.as_ref().map(|e| e.span()))
                .unwrap_or(0..0);
            self.problem_with_help(
                span,
                format!("rule `{id}` needs both `when` and `expect`"),
                "incomplete",
                "a response rule says what triggers it (`when`) and what must answer it (`expect`)",
            );
            return None;
        };
        let w = when.get_ref();
        let silence_over = w
            .silence_over
            .as_ref()
            .and_then(|s| self.positive(s, "silence_over"));
        let mut captures = Vec::new();
        for r in &w.regex {
            if let Ok(re) = regex::Regex::new(r.get_ref()) {
                captures.extend(re.capture_names().flatten().map(str::to_owned));
            }
        }
        let mut when_condition = self.condition(&w.phrases, &w.regex, None);
        when_condition.intent = w.intent.as_ref().and_then(|i| self.intent(i));
        let when_not: Vec<Condition> = w
            .not
            .iter()
            .map(|c| self.condition_table(c, None))
            .collect();
        if silence_over.is_some() && !when_not.is_empty() {
            self.problem(
                when.span(),
                "`when.not` narrows a text trigger; a `silence_over` trigger has no text",
                "remove `not` or use a text trigger",
            );
        }
        if w.phrases.is_empty()
            && w.regex.is_empty()
            && w.intent.is_none()
            && w.silence_over.is_none()
        {
            self.problem_with_help(
                when.span(),
                "`when` needs `phrases`, `regex`, `intent` or `silence_over`",
                "nothing triggers this rule",
                "for example `when = { speaker = \"customer\", phrases = [\"对不起\"] }`",
            );
        }
        if silence_over.is_some() && !when_condition.is_empty() {
            self.problem(
                when.span(),
                "`when` is either text (`phrases`/`regex`/`intent`) or `silence_over`, not both",
                "choose one trigger",
            );
        }
        let e = expect.get_ref();
        let mut expect_condition = self.condition(&e.phrases, &e.regex, Some(&captures));
        expect_condition.intent = e.intent.as_ref().and_then(|i| self.intent(i));
        let expect_intents: Vec<IntentCondition> =
            e.intents.iter().filter_map(|i| self.intent(i)).collect();
        if e.phrases.is_empty() && e.regex.is_empty() && e.intent.is_none() && e.intents.is_empty()
        {
            self.problem(
                expect.span(),
                "`expect` needs `phrases`, `regex`, `intent` or `intents`",
                "nothing can answer the trigger",
            );
        }
        let within_turns = match &e.within_turns {
            None => None,
            Some(t) if *t.get_ref() >= 1 => Some(*t.get_ref() as usize),
            Some(t) => {
                self.problem(t.span(), "`within_turns` must be at least 1", "here");
                None
            }
        };
        let within_seconds = e
            .within_seconds
            .as_ref()
            .and_then(|s| self.positive(s, "within_seconds"));
        Some(ResponseRule {
            when_speaker: w.speaker.unwrap_or(if silence_over.is_some() {
                SpeakerScope::Agent
            } else {
                SpeakerScope::Customer
            }),
            when: when_condition,
            when_not,
            silence_over,
            expect_speaker: e.speaker.unwrap_or(SpeakerScope::Agent),
            expect: expect_condition,
            expect_intents,
            direction: e.direction.unwrap_or_default(),
            within_turns,
            within_seconds,
            no_reply: e.no_reply.unwrap_or_default(),
            no_reply_message: e.no_reply_message.clone(),
        })
    }

    fn timing_rule(&mut self, raw: &Spanned<super::schema::RawTiming>) -> Option<TimingRule> {
        let timing = raw.get_ref();
        let over = self.positive(&timing.over, "over")?;
        let announced_by = self.condition(&timing.announced_by, &[], None).phrases;
        if timing.check == TimingCheck::Hold && announced_by.is_empty() {
            self.problem_with_help(
                raw.span(),
                "a `hold` check needs `announced_by` phrases",
                "here",
                "a hold is a silence the agent announced, for example with 请您稍等",
            );
        }
        let silent_call = self.condition(&timing.silent_call, &[], None).phrases;
        Some(TimingRule {
            check: timing.check,
            over,
            announced_by,
            min_seconds: timing.min_seconds.unwrap_or(1.0),
            silent_call,
        })
    }

    fn positive(&mut self, value: &Spanned<f64>, field: &str) -> Option<f64> {
        let v = *value.get_ref();
        if v.is_finite() && v > 0.0 {
            Some(v)
        } else {
            self.problem(
                value.span(),
                format!("`{field}` must be a positive number, not {v}"),
                "here",
            );
            None
        }
    }

    fn phrases(&mut self, raw: &[Spanned<RawPhrase>], default_boundary: bool) -> Vec<Phrase> {
        let mut out: Vec<Phrase> = Vec::with_capacity(raw.len());
        // A set, not a scan of `out`: a pack built from a word list has tens of thousands.
        let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
        for spanned in raw {
            let (text, boundary) = match spanned.get_ref() {
                RawPhrase::Text(text) => (text.as_str(), default_boundary),
                RawPhrase::Table(table) => (
                    table.text.as_str(),
                    table.boundary.unwrap_or(default_boundary),
                ),
            };
            if text.trim().is_empty() {
                self.problem_with_help(
                    spanned.span(),
                    "empty phrase",
                    "empty",
                    "an empty phrase would match everywhere; remove it",
                );
                continue;
            }
            if text.trim() != text {
                self.problem(
                    spanned.span(),
                    format!("phrase `{text}` has leading or trailing whitespace"),
                    "trim this phrase",
                );
                continue;
            }
            if !seen.insert(text) {
                self.problem(
                    spanned.span(),
                    format!("phrase `{text}` is listed twice in this rule"),
                    "duplicate",
                );
                continue;
            }
            out.push(Phrase {
                text: text.to_owned(),
                boundary,
            });
        }
        out
    }

    fn regexes(&mut self, raw: &[Spanned<String>], boundary: bool) -> Vec<RegexPattern> {
        let mut out = Vec::with_capacity(raw.len());
        for spanned in raw {
            let source = spanned.get_ref();
            if source.is_empty() {
                self.problem(spanned.span(), "empty regex", "empty");
                continue;
            }
            if self.trusted_regexes {
                out.push(RegexPattern {
                    source: source.clone(),
                    boundary,
                });
                continue;
            }
            match regex::RegexBuilder::new(source)
                .size_limit(REGEX_SIZE_LIMIT)
                .build()
            {
                Ok(re) if re.is_match("") => self.problem_with_help(
                    spanned.span(),
                    format!("regex `{source}` matches the empty string"),
                    "matches everywhere",
                    "a rule's regex must need at least one character to match",
                ),
                Ok(_) => out.push(RegexPattern {
                    source: source.clone(),
                    boundary,
                }),
                Err(err) => self.problem_with_help(
                    spanned.span(),
                    format!("invalid regex `{source}`"),
                    "here",
                    err.to_string(),
                ),
            }
        }
        out
    }

    fn unless(
        &mut self,
        raw: &[Spanned<String>],
        phrases: &[Phrase],
        phrases_only: bool,
    ) -> Vec<String> {
        let mut out = Vec::with_capacity(raw.len());
        for spanned in raw {
            let text = spanned.get_ref();
            if text.trim().is_empty() {
                self.problem(spanned.span(), "empty `unless` phrase", "empty");
                continue;
            }
            if phrases_only && !phrases.iter().any(|p| text.contains(&p.text)) {
                self.problem_with_help(
                    spanned.span(),
                    format!("`unless` phrase `{text}` contains none of the rule's phrases"),
                    "can never apply",
                    "`unless` lists longer allowed phrases that contain a banned one, such as `请问有什么可以帮您` for `什么`",
                );
                continue;
            }
            out.push(text.clone());
        }
        out
    }

    fn rewrite(
        &mut self,
        raw: Option<&Spanned<RawRewrite>>,
        phrases: &[Phrase],
        regexes: &[RegexPattern],
    ) -> Rewrite {
        let Some(spanned) = raw else {
            return Rewrite::None;
        };
        match spanned.get_ref() {
            RawRewrite::All(text) => Rewrite::All(text.clone()),
            RawRewrite::PerPattern(map) => {
                let mut out = BTreeMap::new();
                for (key, value) in map {
                    let known = phrases.iter().any(|p| &p.text == key.get_ref())
                        || regexes.iter().any(|r| &r.source == key.get_ref());
                    if known {
                        out.insert(key.get_ref().clone(), value.clone());
                    } else {
                        self.problem_with_help(
                            key.span(),
                            format!("rewrite for `{}`, which is not a phrase or regex of this rule", key.get_ref()),
                            "unknown phrase",
                            "each key of a `rewrite` table must be one of the rule's `phrases` (or a `regex` exactly as written)",
                        );
                    }
                }
                Rewrite::PerPattern(out)
            }
        }
    }
}

/// The rule `base` with the fields `profile` gives in place of its own; its examples are the
/// profile's (the rule's own may not hold there).
fn variant_of(base: &RawRule, profile: super::schema::RawProfile) -> RawRule {
    let mut v = base.clone();
    if let Some(message) = profile.message {
        v.message = message;
    }
    v.summary = profile.summary.or(v.summary);
    v.why = profile.why.or(v.why);
    v.help = profile.help.or(v.help);
    if let Some(phrases) = profile.phrases {
        v.phrases = phrases;
    }
    if let Some(regex) = profile.regex {
        v.regex = regex;
    }
    if let Some(unless) = profile.unless {
        v.unless = unless;
    }
    if let Some(rewrite) = profile.rewrite {
        v.rewrite = Some(rewrite);
    }
    if let Some(intent) = profile.intent {
        let span = intent.span();
        match intent.into_inner() {
            // Without an intent, nothing uses the wording an intent finding suggests.
            RawProfileIntent::Off => (v.intent, v.wording) = (None, None),
            RawProfileIntent::Intent(i) => v.intent = Some(Spanned::new(span, i)),
        }
    }
    if let Some(wording) = profile.wording {
        v.wording = Some(wording);
    }
    if let Some(all) = profile.all {
        v.all = all;
    }
    if let Some(not) = profile.not {
        v.not = not;
    }
    if let Some(require) = profile.require {
        v.require = Some(require);
    }
    if let Some(when) = profile.when {
        v.when = Some(when);
    }
    if let Some(expect) = profile.expect {
        v.expect = Some(expect);
    }
    if let Some(timing) = profile.timing {
        v.timing = Some(timing);
    }
    v.examples = profile.examples;
    v
}

fn is_pack_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn is_rule_id(id: &str) -> bool {
    let mut parts = id.split('.');
    let first_ok = parts
        .next()
        .is_some_and(|p| p.starts_with(|c: char| c.is_ascii_lowercase()) && is_id_part(p));
    let rest: Vec<&str> = parts.collect();
    first_ok && !rest.is_empty() && rest.iter().all(|p| is_id_part(p))
}

fn is_id_part(part: &str) -> bool {
    !part.is_empty()
        && part
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// The first `{name}` in `text` that is not among `known`.
fn unknown_placeholder(text: &str, known: &[String]) -> Option<String> {
    placeholders_in(text)
        .into_iter()
        .find(|name| !known.contains(name))
}

/// The `{name}` placeholders of a text (names are ASCII letters, digits and `_`).
pub(crate) fn placeholders_in(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        // `\p{Han}` and `\P{…}` are regex classes, not placeholders.
        if rest[..open].ends_with("\\p") || rest[..open].ends_with("\\P") {
            rest = after;
            continue;
        }
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                if !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphabetic() || b == b'_') {
                    out.push(name.to_owned());
                }
                rest = &after[close + 1..];
            }
            None => break,
        }
    }
    out
}

/// `text` with every known `{name}` replaced by `value`.
pub(crate) fn fill_placeholders(text: &str, known: &[String], value: &str) -> String {
    let mut out = text.to_owned();
    for name in known {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}
