//! The phrase matcher: one Aho-Corasick automaton over every phrase of every rule, one regex
//! set over every regex, then the `unless` and word-boundary filters.
//!
//! The scan runs over the original text (patterns are expanded for traditional and full-width
//! spellings, or, for large packs, put in canonical spelling: see [`engine`]) and, only when a
//! turn has spacing between Han characters, once more over a view with that spacing removed, so
//! that 不 知 道 is found as 不知道 at its original place.

mod condition;
mod engine;
mod regexes;
mod scan;
mod variants;
mod view;

use std::collections::HashMap;
use std::sync::Arc;

use crate::call::Speaker;
use crate::pack::{Rule, SpeakerScope};
use crate::segment::{BoundaryCache, Segmenter};

pub(crate) use condition::{TextMatch, TextMatcher};
use engine::Automaton;
pub(crate) use engine::Engine;
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
        /// Index of the phrase's text in `Matcher::text` (canonical automata only).
        text: u32,
    },
    Unless {
        rule: usize,
        /// Index of the phrase's text in `Matcher::text` (canonical automata only).
        text: u32,
    },
    /// A literal that regex `regex` (index into the bank) requires: it may match.
    Gate { regex: usize },
}

/// The owners of every automaton pattern, in the order they were added, in one array (a
/// large pack has one pattern per phrase: one allocation, not one per pattern).
#[derive(Debug)]
struct Owners {
    /// Per pattern, where its owners start in `all`; one more entry for the end.
    starts: Vec<u32>,
    all: Vec<Owner>,
}

impl Owners {
    /// Groups `owned` (pattern, owner) pairs by pattern, keeping their order within a pattern.
    fn new(patterns: usize, owned: Vec<(u32, Owner)>) -> Owners {
        let mut starts = vec![0u32; patterns + 1];
        for &(p, _) in &owned {
            starts[p as usize + 1] += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut next = starts.clone();
        let mut all = vec![Owner::Gate { regex: 0 }; owned.len()];
        for (p, owner) in owned {
            let at = &mut next[p as usize];
            all[*at as usize] = owner;
            *at += 1;
        }
        Owners { starts, all }
    }

    fn of(&self, pattern: usize) -> &[Owner] {
        &self.all[self.starts[pattern] as usize..self.starts[pattern + 1] as usize]
    }
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
    automaton: Option<Automaton>,
    owners: Owners,
    /// With a canonical automaton: the texts of phrases and `unless` phrases, which each
    /// candidate is checked against (end offsets into `text_buf`, one string for all), and
    /// the table to check with.
    text_ends: Vec<u32>,
    text_buf: String,
    table: Option<Arc<VariantTable>>,
    regexes: RegexBank,
    regex_owners: Vec<RegexOwner>,
    /// Per rule: whose turns it looks at, or `None` for rules that are not phrase rules.
    scopes: Vec<Option<SpeakerScope>>,
    separators: SeparatorFinder,
}

/// A text for the automaton: a phrase or `unless` phrase (written out in every spelling, or
/// put in canonical spelling), or a literal a regex requires (already in every spelling).
enum Entry<'a> {
    Spelled(&'a str),
    Literal(String),
}

impl Matcher {
    /// Compiles every phrase rule of `rules`, with the engine that suits the number of
    /// spellings (see [`Engine::for_spellings`]).
    pub(crate) fn new(rules: &[Rule], table: &VariantTable) -> Result<Matcher, BuildError> {
        let spellings: usize = rules
            .iter()
            .filter_map(|rule| rule.kind.as_phrase())
            .flat_map(|p| {
                p.phrases
                    .iter()
                    .map(|phrase| phrase.text.as_str())
                    .chain(p.unless.iter().map(String::as_str))
            })
            .map(|text| table.spelling_count(text))
            // Past the limit the exact count does not matter.
            .try_fold(0usize, |sum, n| {
                let sum = sum.saturating_add(n);
                if sum > engine::MAX_SPELLINGS_FOR_DFA {
                    Err(sum)
                } else {
                    Ok(sum)
                }
            })
            .unwrap_or_else(|sum| sum);
        Matcher::with_engine(rules, table, Engine::for_spellings(spellings))
    }

    /// Compiles every phrase rule of `rules` with the automaton `engine`.
    pub(crate) fn with_engine(
        rules: &[Rule],
        table: &VariantTable,
        engine: Engine,
    ) -> Result<Matcher, BuildError> {
        let mut text_ends: Vec<u32> = Vec::new();
        let mut text_buf = String::new();
        let mut entries: Vec<(Entry, Owner)> = Vec::new();
        let mut gates = Vec::new();
        let mut regex_sources = Vec::new();
        let mut regex_owners = Vec::new();
        let mut scopes = Vec::with_capacity(rules.len());
        // Only a canonical automaton checks candidates against the phrase's text.
        let mut text_id = |text: &str| -> u32 {
            if engine == Engine::AhoCorasick {
                return 0;
            }
            text_buf.push_str(text);
            text_ends.push(text_buf.len() as u32);
            (text_ends.len() - 1) as u32
        };
        for (r, rule) in rules.iter().enumerate() {
            let Some(phrase_rule) = rule.kind.as_phrase() else {
                scopes.push(None);
                continue;
            };
            scopes.push(Some(rule.speaker));
            for (p, phrase) in phrase_rule.phrases.iter().enumerate() {
                let text = text_id(&phrase.text);
                entries.push((
                    Entry::Spelled(&phrase.text),
                    Owner::Phrase {
                        rule: r,
                        phrase: p,
                        boundary: phrase.boundary,
                        text,
                    },
                ));
            }
            for unless in &phrase_rule.unless {
                let text = text_id(unless);
                entries.push((Entry::Spelled(unless), Owner::Unless { rule: r, text }));
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
            entries.push((Entry::Literal(needle), Owner::Gate { regex }));
        }
        let mut index: HashMap<String, u32> = HashMap::with_capacity(entries.len());
        // (pattern, owner) in the order owners were added.
        let mut owned: Vec<(u32, Owner)> = Vec::with_capacity(entries.len());
        let mut add = |key: String, owner: Owner| {
            let next = index.len() as u32;
            owned.push((*index.entry(key).or_insert(next), owner));
        };
        for (entry, owner) in entries {
            match (entry, engine) {
                (Entry::Spelled(text), Engine::AhoCorasick) => {
                    for variant in table.expand(text) {
                        add(variant, owner);
                    }
                }
                (Entry::Spelled(text), Engine::Daachorse) => {
                    add(table.canonical_str(text), owner);
                }
                (Entry::Literal(needle), Engine::AhoCorasick) => add(needle, owner),
                (Entry::Literal(needle), Engine::Daachorse) => {
                    // A regex's gate only lets it run: a literal that matches in canonical
                    // spelling but not as written costs a regex run, never a hit.
                    add(table.canonical_str(&needle), owner);
                }
            }
        }
        let mut patterns = vec![String::new(); index.len()];
        for (key, id) in index {
            patterns[id as usize] = key;
        }
        let owners = Owners::new(patterns.len(), owned);
        // Every owner of a pattern must see each occurrence, so the search reports overlapping
        // matches (Standard semantics) rather than one leftmost-longest winner.
        let (automaton, table) = match engine {
            Engine::AhoCorasick => (Automaton::aho_corasick(&patterns), None),
            Engine::Daachorse => {
                let table = Arc::new(table.clone());
                (Automaton::daachorse(&patterns, table.clone()), Some(table))
            }
        };
        let automaton = automaton.map_err(BuildError::Automaton)?;
        let regexes = RegexBank::new(&regex_sources).map_err(|(i, message)| {
            let owner = regex_owners[i];
            BuildError::Regex {
                rule: owner.rule,
                regex: owner.regex,
                message,
            }
        })?;
        Ok(Matcher {
            automaton,
            owners,
            text_ends,
            text_buf,
            table,
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

    /// The text of phrase or `unless` phrase `id` (canonical automata only).
    fn text(&self, id: u32) -> &str {
        let id = id as usize;
        let start = match id {
            0 => 0,
            _ => self.text_ends[id - 1] as usize,
        };
        &self.text_buf[start..self.text_ends[id] as usize]
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
        if let Some(automaton) = &self.automaton {
            // A canonical automaton's matches are candidates: keep those the phrase's own
            // spellings allow.
            let spelled = |id: u32, start: usize, end: usize| match &self.table {
                Some(table) if automaton.is_canonical() => {
                    table.accepts(self.text(id), &text[start..end])
                }
                _ => true,
            };
            automaton.for_each_overlapping(text, |pattern, start, end| {
                for owner in self.owners.of(pattern) {
                    match *owner {
                        Owner::Phrase {
                            rule,
                            phrase,
                            boundary,
                            text: id,
                        } if self.in_scope(rule, speaker) && spelled(id, start, end) => candidates
                            .push((
                                Hit {
                                    rule,
                                    pattern: PatternRef::Phrase(phrase),
                                    start,
                                    end,
                                },
                                boundary,
                            )),
                        Owner::Unless { rule, text: id }
                            if self.in_scope(rule, speaker) && spelled(id, start, end) =>
                        {
                            unless.push((rule, start, end));
                        }
                        Owner::Gate { regex } => may_match[regex] = true,
                        _ => {}
                    }
                }
            });
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

#[cfg(test)]
mod tests;
