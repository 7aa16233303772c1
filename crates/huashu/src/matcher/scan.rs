//! Every condition of the call-level checks in one scan per turn.
//!
//! A [`ConditionSet`] holds one Aho-Corasick automaton over the phrases of every condition
//! (overlapping, since conditions share text) and one regex set over their regexes. Scanning a
//! turn gives, for each condition, exactly what [`super::TextMatcher::find_all`] would: the
//! leftmost-longest phrase matches, then every regex's matches, then the same over the view
//! without spacing, sorted by position.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, MatchKind};
use regex::{Regex, RegexSet, RegexSetBuilder};

use super::regexes::expand_pattern;
use super::variants::VariantTable;
use super::view::{SeparatorFinder, StrippedView};
use super::TextMatch;
use crate::pack::validate::REGEX_SIZE_LIMIT;
use crate::pack::Condition;

/// Identifies a condition added to a [`ConditionSetBuilder`].
pub(crate) type ConditionId = usize;

/// Collects conditions before they are compiled together.
#[derive(Debug, Default)]
pub(crate) struct ConditionSetBuilder {
    /// Each condition, with the index of the rule it belongs to.
    conditions: Vec<(usize, Condition)>,
}

impl ConditionSetBuilder {
    /// Adds a condition of rule `rule` and returns its id.
    pub(crate) fn add(&mut self, rule: usize, condition: Condition) -> ConditionId {
        self.conditions.push((rule, condition));
        self.conditions.len() - 1
    }

    /// Compiles every condition. Fails on a regex that does not compile after expansion; the
    /// error names the rule (by index) it belongs to.
    pub(crate) fn build(self, table: &VariantTable) -> Result<ConditionSet, (usize, String)> {
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut owners: Vec<Vec<ConditionId>> = Vec::new();
        let mut regexes = Vec::new();
        let mut sources = Vec::new();
        for (id, (rule, condition)) in self.conditions.iter().enumerate() {
            for variant in condition.phrases.iter().flat_map(|p| table.expand(p)) {
                let p = *index.entry(variant).or_insert_with_key(|key| {
                    patterns.push(key.clone());
                    owners.push(Vec::new());
                    patterns.len() - 1
                });
                if owners[p].last() != Some(&id) {
                    owners[p].push(id);
                }
            }
            for source in &condition.regexes {
                let expanded = expand_pattern(source, table).map_err(|e| (*rule, e))?;
                let regex = Regex::new(&expanded).map_err(|e| (*rule, e.to_string()))?;
                let captures = regex.capture_names().flatten().next().is_some();
                regexes.push(ConditionRegex {
                    condition: id,
                    regex,
                    captures,
                });
                sources.push(expanded);
            }
        }
        let ac = if patterns.is_empty() {
            None
        } else {
            Some(
                AhoCorasick::builder()
                    .match_kind(MatchKind::Standard)
                    .ascii_case_insensitive(true)
                    .build(&patterns)
                    .map_err(|e| (self.conditions[0].0, e.to_string()))?,
            )
        };
        let set = if sources.is_empty() {
            None
        } else {
            Some(
                RegexSetBuilder::new(&sources)
                    .size_limit(REGEX_SIZE_LIMIT * 16)
                    .build()
                    .map_err(|e| (self.conditions[0].0, e.to_string()))?,
            )
        };
        Ok(ConditionSet {
            ac,
            owners,
            set,
            regexes,
            separators: SeparatorFinder::new(),
        })
    }
}

/// A condition's regex, in the order of the condition's regexes.
#[derive(Debug)]
struct ConditionRegex {
    condition: ConditionId,
    regex: Regex,
    /// Whether the regex has named groups (only then are captures collected).
    captures: bool,
}

/// Every condition, compiled to be scanned together.
#[derive(Debug)]
pub(crate) struct ConditionSet {
    ac: Option<AhoCorasick>,
    /// Per automaton pattern: the conditions that own it.
    owners: Vec<Vec<ConditionId>>,
    set: Option<RegexSet>,
    regexes: Vec<ConditionRegex>,
    separators: SeparatorFinder,
}

/// The matches of every condition in one turn.
#[derive(Debug, Default)]
pub(crate) struct TurnMatches {
    /// The condition of each match, ascending.
    conditions: Vec<ConditionId>,
    /// The matches, grouped by condition, each group ordered as `find_all` orders it.
    matches: Vec<TextMatch>,
}

impl TurnMatches {
    /// The matches of `condition`, ordered by start.
    pub(crate) fn get(&self, condition: ConditionId) -> &[TextMatch] {
        let from = self.conditions.partition_point(|&c| c < condition);
        let to = self.conditions.partition_point(|&c| c <= condition);
        &self.matches[from..to]
    }
}

impl ConditionSet {
    /// The matches of every condition in `text`.
    pub(crate) fn scan(&self, text: &str) -> TurnMatches {
        let mut found: Vec<(ConditionId, TextMatch)> = Vec::new();
        self.collect(text, &mut found);
        if let Some(view) = self.separators.strip(text) {
            let mut in_view = Vec::new();
            self.collect(&view.text, &mut in_view);
            found.extend(
                in_view
                    .into_iter()
                    .filter(|(_, m)| view.spans_gap(m.start, m.end))
                    .map(|(c, m)| (c, to_original(&view, m))),
            );
        }
        // Stable: matches at the same place keep the order `find_all` gives them.
        found.sort_by_key(|(c, m)| (*c, m.start, m.end));
        let (conditions, matches) = found.into_iter().unzip();
        TurnMatches {
            conditions,
            matches,
        }
    }

    /// Per condition: its leftmost-longest phrase matches, then its regexes' matches in the
    /// order of its regexes.
    fn collect(&self, text: &str, out: &mut Vec<(ConditionId, TextMatch)>) {
        if let Some(ac) = &self.ac {
            let mut raw: Vec<(ConditionId, usize, usize)> = Vec::new();
            for m in ac.find_overlapping_iter(text) {
                for &c in &self.owners[m.pattern().as_usize()] {
                    raw.push((c, m.start(), m.end()));
                }
            }
            // Leftmost-longest, non-overlapping, per condition: what a LeftmostLongest
            // automaton over the condition's own phrases reports.
            raw.sort_unstable_by_key(|&(c, s, e)| (c, s, std::cmp::Reverse(e)));
            let mut last: Option<(ConditionId, usize)> = None;
            for (c, start, end) in raw {
                if matches!(last, Some((lc, le)) if lc == c && start < le) {
                    continue;
                }
                last = Some((c, end));
                out.push((c, plain(start, end)));
            }
        }
        let Some(set) = &self.set else { return };
        for i in set.matches(text).iter() {
            let entry = &self.regexes[i];
            if entry.captures {
                for caps in entry.regex.captures_iter(text) {
                    out.push((entry.condition, with_captures(&entry.regex, &caps)));
                }
            } else {
                for m in entry.regex.find_iter(text) {
                    out.push((entry.condition, plain(m.start(), m.end())));
                }
            }
        }
    }
}

/// A match without captures.
pub(super) fn plain(start: usize, end: usize) -> TextMatch {
    TextMatch {
        start,
        end,
        captures: HashMap::new(),
    }
}

/// A match with the text of the regex's named groups.
pub(super) fn with_captures(regex: &Regex, caps: &regex::Captures<'_>) -> TextMatch {
    let whole = caps.get(0).expect("group 0 always matches");
    let captures = regex
        .capture_names()
        .flatten()
        .filter_map(|name| caps.name(name).map(|m| (name.to_owned(), m.as_str().to_owned())))
        .collect();
    TextMatch {
        start: whole.start(),
        end: whole.end(),
        captures,
    }
}

/// A match found in the view, at its original place.
pub(super) fn to_original(view: &StrippedView, m: TextMatch) -> TextMatch {
    TextMatch {
        start: view.to_original(m.start, false),
        end: view.to_original(m.end, true),
        captures: m.captures,
    }
}
