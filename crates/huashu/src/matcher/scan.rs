//! Many conditions of the call-level checks in one scan per turn.
//!
//! Conditions are added in groups (the checks group them by when they are needed). Each
//! group holds one Aho-Corasick automaton over the phrases of its conditions (overlapping,
//! since conditions share text) and over literals its regexes require, so that a regex runs
//! only on turns that hold one of them.
//! Scanning a turn for a group gives, for each of its conditions, exactly what
//! [`super::TextMatcher::find_all`] would: the leftmost-longest phrase matches, then every
//! regex's matches, then the same over the view without spacing, sorted by position.

use std::collections::HashMap;

use regex::Regex;

use super::engine::Automaton;

use super::regexes::{expand_pattern, required_literals};
use super::variants::VariantTable;
use super::view::{SeparatorFinder, StrippedView};
use super::TextMatch;
use crate::pack::Condition;

/// Identifies a condition added to a [`ConditionSetBuilder`].
pub(crate) type ConditionId = usize;

/// Collects conditions before they are compiled together.
#[derive(Debug, Default)]
pub(crate) struct ConditionSetBuilder {
    /// Each condition: the index of the rule it belongs to, its group, the condition.
    conditions: Vec<(usize, usize, Condition)>,
}

impl ConditionSetBuilder {
    /// Adds a condition of rule `rule` to group `group` and returns its id.
    pub(crate) fn add(&mut self, rule: usize, group: usize, condition: Condition) -> ConditionId {
        self.conditions.push((rule, group, condition));
        self.conditions.len() - 1
    }

    /// Compiles every condition. Fails on a regex that does not compile after expansion; the
    /// error names the rule (by index) it belongs to.
    pub(crate) fn build(self, table: &VariantTable) -> Result<ConditionSet, (usize, String)> {
        let groups = self.conditions.iter().map(|c| c.1 + 1).max().unwrap_or(0);
        let mut members: Vec<Vec<(usize, &Condition)>> = vec![Vec::new(); groups];
        let mut places = Vec::with_capacity(self.conditions.len());
        for (rule, group, condition) in &self.conditions {
            places.push((*group, members[*group].len()));
            members[*group].push((*rule, condition));
        }
        let groups = members
            .iter()
            .map(|m| ConditionGroup::new(m, table))
            .collect::<Result<_, _>>()?;
        Ok(ConditionSet {
            groups,
            places,
            separators: SeparatorFinder::new(),
        })
    }
}

/// Every condition, compiled group by group.
#[derive(Debug)]
pub(crate) struct ConditionSet {
    groups: Vec<ConditionGroup>,
    /// Per condition: its group and its index in the group.
    places: Vec<(usize, usize)>,
    separators: SeparatorFinder,
}

impl ConditionSet {
    /// The number of groups.
    pub(crate) fn groups(&self) -> usize {
        self.groups.len()
    }

    /// The group of `condition`, and its index within the group (for [`TurnMatches::get`]).
    pub(crate) fn place(&self, condition: ConditionId) -> (usize, usize) {
        self.places[condition]
    }

    /// The matches of every condition of group `group` in `text`.
    pub(crate) fn scan(&self, group: usize, text: &str) -> TurnMatches {
        self.groups[group].scan(text, &self.separators)
    }
}

/// The conditions of one group, compiled to be scanned together.
#[derive(Debug)]
struct ConditionGroup {
    /// Conditions are few and small: always the aho-corasick automaton over every spelling.
    ac: Option<Automaton>,
    /// Per automaton pattern: the conditions that own it.
    owners: Vec<Vec<usize>>,
    /// Per automaton pattern: the regexes it lets run (one of their required literals).
    gates: Vec<Vec<usize>>,
    regexes: Vec<ConditionRegex>,
}

impl ConditionGroup {
    /// Compiles `conditions` (each with the rule it belongs to).
    fn new(
        conditions: &[(usize, &Condition)],
        table: &VariantTable,
    ) -> Result<Self, (usize, String)> {
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut owners: Vec<Vec<usize>> = Vec::new();
        let mut gates: Vec<Vec<usize>> = Vec::new();
        let mut pattern = |text: String| {
            *index.entry(text).or_insert_with_key(|key| {
                patterns.push(key.clone());
                owners.push(Vec::new());
                gates.push(Vec::new());
                patterns.len() - 1
            })
        };
        let mut owned = Vec::new();
        let mut gated = Vec::new();
        let mut regexes = Vec::new();
        for (id, &(rule, condition)) in conditions.iter().enumerate() {
            for variant in condition.phrases.iter().flat_map(|p| table.expand(p)) {
                owned.push((pattern(variant), id));
            }
            for source in &condition.regexes {
                let expanded = expand_pattern(source, table).map_err(|e| (rule, e))?;
                let regex = Regex::new(&expanded).map_err(|e| (rule, e.to_string()))?;
                let captures = regex.capture_names().flatten().next().is_some();
                let needles = required_literals(source, table);
                for needle in needles.iter().flatten() {
                    gated.push((pattern(needle.clone()), regexes.len()));
                }
                regexes.push(ConditionRegex {
                    condition: id,
                    regex,
                    captures,
                    gated: needles.is_some(),
                });
            }
        }
        for (p, id) in owned {
            if owners[p].last() != Some(&id) {
                owners[p].push(id);
            }
        }
        for (p, r) in gated {
            if gates[p].last() != Some(&r) {
                gates[p].push(r);
            }
        }
        let first_rule = conditions.first().map_or(0, |c| c.0);
        let ac = Automaton::aho_corasick(&patterns).map_err(|e| (first_rule, e))?;
        Ok(ConditionGroup {
            ac,
            owners,
            gates,
            regexes,
        })
    }
}

/// A condition's regex, in the order of the condition's regexes.
#[derive(Debug)]
struct ConditionRegex {
    /// Index of the condition in its group.
    condition: usize,
    regex: Regex,
    /// Whether the regex has named groups (only then are captures collected).
    captures: bool,
    /// Whether it runs only on texts where the automaton found one of its required literals.
    gated: bool,
}

/// The matches of every condition of a group in one turn.
#[derive(Debug, Default)]
pub(crate) struct TurnMatches {
    /// The condition (index in the group) of each match, ascending.
    conditions: Vec<usize>,
    /// The matches, grouped by condition, each group ordered as `find_all` orders it.
    matches: Vec<TextMatch>,
}

impl TurnMatches {
    /// The matches of the condition at `index` in the group, ordered by start.
    pub(crate) fn get(&self, index: usize) -> &[TextMatch] {
        let from = self.conditions.partition_point(|&c| c < index);
        let to = self.conditions.partition_point(|&c| c <= index);
        &self.matches[from..to]
    }
}

impl ConditionGroup {
    /// The matches of every condition of the group in `text`, by id within the group.
    fn scan(&self, text: &str, separators: &SeparatorFinder) -> TurnMatches {
        let mut found: Vec<(usize, TextMatch)> = Vec::new();
        self.collect(text, &mut found);
        if let Some(view) = separators.strip(text) {
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
    fn collect(&self, text: &str, out: &mut Vec<(usize, TextMatch)>) {
        let mut may_match: Vec<bool> = self.regexes.iter().map(|r| !r.gated).collect();
        if let Some(ac) = &self.ac {
            let mut raw: Vec<(usize, usize, usize)> = Vec::new();
            ac.for_each_overlapping(text, |p, start, end| {
                for &c in &self.owners[p] {
                    raw.push((c, start, end));
                }
                for &r in &self.gates[p] {
                    may_match[r] = true;
                }
            });
            // Leftmost-longest, non-overlapping, per condition: what a LeftmostLongest
            // automaton over the condition's own phrases reports.
            raw.sort_unstable_by_key(|&(c, s, e)| (c, s, std::cmp::Reverse(e)));
            let mut last: Option<(usize, usize)> = None;
            for (c, start, end) in raw {
                if matches!(last, Some((lc, le)) if lc == c && start < le) {
                    continue;
                }
                last = Some((c, end));
                out.push((c, plain(start, end)));
            }
        }
        for (entry, _) in self.regexes.iter().zip(may_match).filter(|(_, may)| *may) {
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
        intent: None,
    }
}

/// A match with the text of the regex's named groups.
pub(super) fn with_captures(regex: &Regex, caps: &regex::Captures<'_>) -> TextMatch {
    let whole = caps.get(0).expect("group 0 always matches");
    let captures = regex
        .capture_names()
        .flatten()
        .filter_map(|name| {
            caps.name(name)
                .map(|m| (name.to_owned(), m.as_str().to_owned()))
        })
        .collect();
    TextMatch {
        start: whole.start(),
        end: whole.end(),
        captures,
        intent: None,
    }
}

/// A match found in the view, at its original place.
pub(super) fn to_original(view: &StrippedView, m: TextMatch) -> TextMatch {
    TextMatch {
        start: view.to_original(m.start, false),
        end: view.to_original(m.end, true),
        captures: m.captures,
        intent: m.intent,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matcher::TextMatcher;

    fn condition(phrases: &[&str], regexes: &[&str]) -> Condition {
        Condition {
            phrases: phrases.iter().map(|s| s.to_string()).collect(),
            regexes: regexes.iter().map(|s| s.to_string()).collect(),
            intent: None,
        }
    }

    #[test]
    fn scan_agrees_with_each_matcher_alone() {
        let table = VariantTable::new();
        let conditions = [
            (0, condition(&["您好", "您好欢迎", "欢迎"], &[])),
            (0, condition(&["欢迎致电", "致电"], &[r"请问.{0,4}帮"])),
            (
                1,
                condition(&["谢谢", "谢谢您"], &[r"(?:我|免贵)姓(?P<surname>\p{Han})"]),
            ),
            (1, condition(&["abc", "bcd"], &["谢+", r"[谢感]"])),
        ];
        let mut builder = ConditionSetBuilder::default();
        let ids: Vec<ConditionId> = conditions
            .iter()
            .map(|(group, c)| builder.add(0, *group, c.clone()))
            .collect();
        let set = builder.build(&table).unwrap();
        let texts = [
            "您好欢迎致电,请问有什么可以帮您",
            "您 好 欢 迎 致 电,谢 谢 您",
            "我姓王,謝謝您,ABCD abcd",
            "谢谢谢谢您 感谢",
            "",
        ];
        for text in texts {
            for (id, (_, c)) in ids.iter().zip(&conditions) {
                let alone = TextMatcher::new(c, &table).unwrap().find_all(text);
                let (group, index) = set.place(*id);
                assert_eq!(set.scan(group, text).get(index), &alone[..], "{text}");
            }
        }
    }
}
