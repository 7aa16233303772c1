//! The phrase matcher: one Aho-Corasick automaton over every phrase of every rule, one regex
//! set over every regex, then the `unless` and word-boundary filters.
//!
//! The scan runs over the original text (patterns are expanded for traditional and full-width
//! spellings) and, only when a turn has spacing between Han characters, once more over a view
//! with that spacing removed, so that 不 知 道 is found as 不知道 at its original place.

mod condition;
mod regexes;
mod scan;
mod variants;
mod view;

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use crate::call::Speaker;
use crate::pack::{Rule, RuleKind, SpeakerScope};
use crate::segment::{BoundaryCache, Segmenter};

pub(crate) use condition::{TextMatch, TextMatcher};
pub(crate) use regexes::RegexBank;
pub(crate) use scan::{ConditionId, ConditionSet, ConditionSetBuilder, TurnMatches};
pub(crate) use variants::VariantTable;
pub(crate) use view::is_separator;
use view::{SeparatorFinder, StrippedView};

/// Which pattern of a rule produced a hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum PatternRef {
    /// Index into the rule's phrases.
    Phrase(usize),
    /// Index into the rule's regexes.
    Regex(usize),
}

/// An accepted hit: rule index (into the linter's rules), pattern, byte span in the turn text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hit {
    pub rule: usize,
    pub pattern: PatternRef,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, Copy)]
enum Owner {
    Phrase {
        rule: usize,
        phrase: usize,
        boundary: bool,
    },
    Unless {
        rule: usize,
    },
    /// A literal that regex `regex` (index into the bank) requires: it may match.
    Gate {
        regex: usize,
    },
}

#[derive(Debug, Clone, Copy)]
struct RegexOwner {
    rule: usize,
    regex: usize,
    boundary: bool,
    /// Whether the regex runs only on texts holding one of its required literals.
    gated: bool,
}

/// Why a matcher could not be built.
#[derive(Debug)]
pub(crate) enum BuildError {
    /// A rule's regex failed to compile after variant expansion.
    Regex {
        rule: usize,
        regex: usize,
        message: String,
    },
    /// The automaton could not be built (too many or too large patterns).
    Automaton(String),
}

/// The compiled form of every phrase rule.
#[derive(Debug)]
pub(crate) struct Matcher {
    ac: Option<AhoCorasick>,
    owners: Vec<Vec<Owner>>,
    regexes: RegexBank,
    regex_owners: Vec<RegexOwner>,
    /// Per rule: whose turns it looks at, or `None` for rules that are not phrase rules.
    scopes: Vec<Option<SpeakerScope>>,
    separators: SeparatorFinder,
}

impl Matcher {
    pub(crate) fn new(rules: &[Rule], table: &VariantTable) -> Result<Matcher, BuildError> {
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut owners: Vec<Vec<Owner>> = Vec::new();
        let mut add_exact = |text: String, owner: Owner| {
            let id = *index.entry(text).or_insert_with_key(|key| {
                patterns.push(key.clone());
                owners.push(Vec::new());
                patterns.len() - 1
            });
            owners[id].push(owner);
        };
        let mut add = |text: &str, owner: Owner| {
            for variant in table.expand(text) {
                add_exact(variant, owner);
            }
        };
        let mut gates = Vec::new();
        let mut regex_sources = Vec::new();
        let mut regex_owners = Vec::new();
        let mut scopes = Vec::with_capacity(rules.len());
        for (r, rule) in rules.iter().enumerate() {
            let RuleKind::Phrase(phrase_rule) = &rule.kind else {
                scopes.push(None);
                continue;
            };
            scopes.push(Some(rule.speaker));
            for (p, phrase) in phrase_rule.phrases.iter().enumerate() {
                add(
                    &phrase.text,
                    Owner::Phrase {
                        rule: r,
                        phrase: p,
                        boundary: phrase.boundary,
                    },
                );
            }
            for unless in &phrase_rule.unless {
                add(unless, Owner::Unless { rule: r });
            }
            for (x, regex) in phrase_rule.regexes.iter().enumerate() {
                let expanded =
                    regexes::expand_pattern(&regex.source, table).map_err(|message| {
                        BuildError::Regex {
                            rule: r,
                            regex: x,
                            message,
                        }
                    })?;
                let needles = regexes::required_literals(&regex.source, table);
                for needle in needles.iter().flatten() {
                    gates.push((needle.clone(), regex_sources.len()));
                }
                regex_sources.push(expanded);
                regex_owners.push(RegexOwner {
                    gated: needles.is_some(),
                    rule: r,
                    regex: x,
                    boundary: regex.boundary,
                });
            }
        }
        for (needle, regex) in gates {
            add_exact(needle, Owner::Gate { regex });
        }
        // Every owner of a pattern must see each occurrence, so the search reports overlapping
        // matches (Standard semantics) rather than one leftmost-longest winner.
        let ac = overlapping_automaton(&patterns).map_err(BuildError::Automaton)?;
        let regexes = RegexBank::new(&regex_sources).map_err(|(i, message)| {
            let owner = regex_owners[i];
            BuildError::Regex {
                rule: owner.rule,
                regex: owner.regex,
                message,
            }
        })?;
        Ok(Matcher {
            ac,
            owners,
            regexes,
            regex_owners,
            scopes,
            separators: SeparatorFinder::new(),
        })
    }

    /// Whether any rule looks at turns of `speaker`.
    pub(crate) fn has_rules_for(&self, speaker: Speaker) -> bool {
        self.scopes.iter().flatten().any(|s| s.includes(speaker))
    }

    /// Every accepted hit in `text` (a turn by `speaker`), at most one per rule at any place,
    /// sorted by position.
    pub(crate) fn find(&self, text: &str, speaker: Speaker, segmenter: &dyn Segmenter) -> Vec<Hit> {
        let mut hits = Vec::new();
        if !self.has_rules_for(speaker) {
            return hits;
        }
        self.find_in(text, speaker, segmenter, None, &mut hits);
        if let Some(view) = self.separators.strip(text) {
            self.find_in(&view.text, speaker, segmenter, Some(&view), &mut hits);
        }
        // Within a rule, overlapping hits are one breach: keep the leftmost, longest one.
        hits.sort_by(|a, b| {
            (a.rule, a.start, std::cmp::Reverse(a.end)).cmp(&(
                b.rule,
                b.start,
                std::cmp::Reverse(b.end),
            ))
        });
        let mut kept: Vec<Hit> = Vec::with_capacity(hits.len());
        for hit in hits {
            match kept.last() {
                Some(last) if last.rule == hit.rule && hit.start < last.end => {}
                _ => kept.push(hit),
            }
        }
        kept.sort_by_key(|h| (h.start, h.end, h.rule));
        kept
    }

    fn in_scope(&self, rule: usize, speaker: Speaker) -> bool {
        self.scopes[rule].is_some_and(|s| s.includes(speaker))
    }

    fn find_in(
        &self,
        text: &str,
        speaker: Speaker,
        segmenter: &dyn Segmenter,
        view: Option<&StrippedView>,
        out: &mut Vec<Hit>,
    ) {
        let mut candidates: Vec<(Hit, bool)> = Vec::new();
        let mut unless: Vec<(usize, usize, usize)> = Vec::new();
        let mut may_match = vec![false; self.regex_owners.len()];
        if let Some(ac) = &self.ac {
            for m in ac.find_overlapping_iter(text) {
                for owner in &self.owners[m.pattern().as_usize()] {
                    match *owner {
                        Owner::Phrase {
                            rule,
                            phrase,
                            boundary,
                        } if self.in_scope(rule, speaker) => candidates.push((
                            Hit {
                                rule,
                                pattern: PatternRef::Phrase(phrase),
                                start: m.start(),
                                end: m.end(),
                            },
                            boundary,
                        )),
                        Owner::Unless { rule } if self.in_scope(rule, speaker) => {
                            unless.push((rule, m.start(), m.end()));
                        }
                        Owner::Gate { regex } => may_match[regex] = true,
                        _ => {}
                    }
                }
            }
        }
        let may_run = |i: usize| {
            let owner = self.regex_owners[i];
            (!owner.gated || may_match[i]) && self.in_scope(owner.rule, speaker)
        };
        // Regexes out of scope, or missing every literal they require, cannot add a hit.
        self.regexes
            .for_each_match_where(text, may_run, |i, start, end| {
                let owner = self.regex_owners[i];
                candidates.push((
                    Hit {
                        rule: owner.rule,
                        pattern: PatternRef::Regex(owner.regex),
                        start,
                        end,
                    },
                    owner.boundary,
                ));
            });
        let mut cache = BoundaryCache::default();
        for (hit, boundary) in candidates {
            if view.is_some_and(|v| !v.spans_gap(hit.start, hit.end)) {
                // The original text holds this hit as it is; the first pass has it.
                continue;
            }
            if unless
                .iter()
                .any(|&(rule, s, e)| rule == hit.rule && s <= hit.start && hit.end <= e)
            {
                continue;
            }
            if boundary
                && !(cache.is_boundary(text, hit.start, segmenter)
                    && cache.is_boundary(text, hit.end, segmenter))
            {
                continue;
            }
            out.push(match view {
                Some(v) => Hit {
                    start: v.to_original(hit.start, false),
                    end: v.to_original(hit.end, true),
                    ..hit
                },
                None => hit,
            });
        }
    }
}

/// One automaton that reports every occurrence of every pattern (Standard semantics, so that
/// overlapping patterns of different owners all see their hits), as a DFA, ASCII case-blind;
/// `None` when there are no patterns.
pub(crate) fn overlapping_automaton(patterns: &[String]) -> Result<Option<AhoCorasick>, String> {
    if patterns.is_empty() {
        return Ok(None);
    }
    AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .kind(Some(AhoCorasickKind::DFA))
        .ascii_case_insensitive(true)
        .build(patterns)
        .map(Some)
        .map_err(|e| e.to_string())
}
