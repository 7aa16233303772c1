//! From raw TOML to a validated [`Pack`], collecting every problem with its span.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::sync::Arc;

use toml::Spanned;

use super::error::{PackError, PackProblem, PackSource};
use super::schema::{RawPack, RawPhrase, RawRewrite, RawRule};
use super::{Examples, Fix, Pack, Phrase, PhraseRule, RegexPattern, Rewrite, Rule, RuleKind};

/// The largest compiled regex a pack may ask for (bytes of the compiled program).
pub(crate) const REGEX_SIZE_LIMIT: usize = 2 * 1024 * 1024;
/// The largest number of points a single breach may cost.
const MAX_POINTS: i64 = 100;

pub(crate) fn load(name: &str, text: &str) -> Result<Pack, PackError> {
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
            if let Some(rule) = self.rule(rule, table_span, &id) {
                rules.push(rule);
            }
        }
        Pack {
            id,
            name: self.source.name.clone(),
            description: header.description,
            source: header.source,
            rules,
        }
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
        }
        let message = raw.message.get_ref().trim().to_owned();
        if message.is_empty() {
            self.problem(
                raw.message.span(),
                "a rule's message must not be empty",
                "empty",
            );
        }
        let points = match raw.points {
            None => 1,
            Some(points) => {
                let value = *points.get_ref();
                if (0..=MAX_POINTS).contains(&value) {
                    value as u32
                } else {
                    self.problem(
                        points.span(),
                        format!("points must be between 0 and {MAX_POINTS}, not {value}"),
                        "out of range",
                    );
                    0
                }
            }
        };
        let default_boundary = raw.boundary.unwrap_or(true);
        let phrases = self.phrases(&raw.phrases, default_boundary);
        let regexes = self.regexes(&raw.regex, default_boundary);
        if phrases.is_empty()
            && regexes.is_empty()
            && raw.phrases.is_empty()
            && raw.regex.is_empty()
        {
            self.problem_with_help(
                table_span.clone(),
                format!("rule `{id}` matches nothing"),
                "this rule",
                "give the rule `phrases = [\"…\"]` or `regex = [\"…\"]`",
            );
        }
        let unless = self.unless(&raw.unless, &phrases, regexes.is_empty());
        let rewrite = self.rewrite(raw.rewrite.as_ref(), &phrases, &regexes);
        let fix = match (raw.fix, rewrite.is_some()) {
            (Some(fix), false) => {
                self.problem_with_help(
                    fix.span(),
                    format!("rule `{id}` sets `fix` but has no `rewrite`"),
                    "nothing to apply",
                    "add `rewrite = \"…\"` (or a table of phrase = replacement), or remove `fix`",
                );
                None
            }
            (Some(fix), true) => Some(fix.into_inner()),
            (None, true) => Some(Fix::Suggest),
            (None, false) => None,
        };
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
            why: raw.why.map(|w| w.trim().to_owned()),
            help: raw.help.map(|h| h.trim().to_owned()),
            fix,
            examples: Examples {
                bad: examples.bad,
                good: examples.good,
            },
            kind: RuleKind::Phrase(PhraseRule {
                phrases,
                regexes,
                unless,
                rewrite,
            }),
        })
    }

    fn phrases(&mut self, raw: &[Spanned<RawPhrase>], default_boundary: bool) -> Vec<Phrase> {
        let mut out: Vec<Phrase> = Vec::with_capacity(raw.len());
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
            if out.iter().any(|p| p.text == text) {
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
