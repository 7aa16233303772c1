//! Plain "does this turn say X" matching for call-level rules and phrase-rule conditions:
//! substrings through spelling variants and speech-recognition spacing, no word boundaries.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, MatchKind};
use regex::Regex;

use super::regexes::expand_pattern;
use super::scan::{plain, to_original, with_captures};
use super::variants::VariantTable;
use super::view::SeparatorFinder;
use crate::pack::Condition;

/// A compiled [`Condition`].
#[derive(Debug)]
pub(crate) struct TextMatcher {
    ac: Option<AhoCorasick>,
    regexes: Vec<Regex>,
    separators: SeparatorFinder,
}

/// A match, with the text of the regex's named groups.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TextMatch {
    pub start: usize,
    pub end: usize,
    pub captures: HashMap<String, String>,
    /// For a sentence the intent model found (an `intent` condition): how sure it is.
    pub intent: Option<IntentMatch>,
}

/// How the intent model judged a sentence that meets an `intent` condition.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct IntentMatch {
    /// The calibrated confidence.
    pub confidence: f64,
    /// Below the condition's `min` but at least its `review`: for a QA analyst to check.
    pub review: bool,
}

impl TextMatch {
    /// Whether the match counts for certain (not only in the review band).
    pub(crate) fn is_certain(&self) -> bool {
        self.intent.is_none_or(|i| !i.review)
    }
}

impl TextMatcher {
    /// Compiles a condition. Fails only on a regex that does not compile after expansion (the
    /// pack loader has already checked the regex as written).
    pub(crate) fn new(condition: &Condition, table: &VariantTable) -> Result<TextMatcher, String> {
        let patterns: Vec<String> = condition
            .phrases
            .iter()
            .flat_map(|p| table.expand(p))
            .collect();
        let ac = if patterns.is_empty() {
            None
        } else {
            Some(
                AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostLongest)
                    .ascii_case_insensitive(true)
                    .build(&patterns)
                    .map_err(|e| e.to_string())?,
            )
        };
        let regexes = condition
            .regexes
            .iter()
            .map(|r| {
                let expanded = expand_pattern(r, table)?;
                Regex::new(&expanded).map_err(|e| e.to_string())
            })
            .collect::<Result<_, _>>()?;
        Ok(TextMatcher {
            ac,
            regexes,
            separators: SeparatorFinder::new(),
        })
    }

    /// Every match in `text`, ordered by start. Spaced-out spellings (您 好) are found through
    /// a view without the spacing, and reported at their original place.
    pub(crate) fn find_all(&self, text: &str) -> Vec<TextMatch> {
        let mut out = Vec::new();
        self.collect(text, &mut out);
        if let Some(view) = self.separators.strip(text) {
            let mut in_view = Vec::new();
            self.collect(&view.text, &mut in_view);
            for m in in_view {
                if view.spans_gap(m.start, m.end) {
                    out.push(to_original(&view, m));
                }
            }
        }
        out.sort_by_key(|m| (m.start, m.end));
        out
    }

    /// Whether `text` matches at all.
    pub(crate) fn is_match(&self, text: &str) -> bool {
        !self.find_all(text).is_empty()
    }

    fn collect(&self, text: &str, out: &mut Vec<TextMatch>) {
        if let Some(ac) = &self.ac {
            out.extend(ac.find_iter(text).map(|m| plain(m.start(), m.end())));
        }
        for re in &self.regexes {
            if re.capture_names().flatten().next().is_some() {
                out.extend(re.captures_iter(text).map(|caps| with_captures(re, &caps)));
            } else {
                out.extend(re.find_iter(text).map(|m| plain(m.start(), m.end())));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher(phrases: &[&str], regexes: &[&str]) -> TextMatcher {
        let condition = Condition {
            phrases: phrases.iter().map(|s| s.to_string()).collect(),
            regexes: regexes.iter().map(|s| s.to_string()).collect(),
            intent: None,
        };
        TextMatcher::new(&condition, &VariantTable::new()).unwrap()
    }

    #[test]
    fn substrings_match_without_word_boundaries() {
        let m = matcher(&["很高兴为您服务"], &[]);
        assert!(m.is_match("工号1022很高兴为您服务"));
        assert!(m.is_match("工号1022很高興為您服務"));
        assert!(m.is_match("很 高 兴 为 您 服 务"));
        assert!(!m.is_match("很高兴认识您"));
    }

    #[test]
    fn regex_captures_are_returned() {
        let m = matcher(&[], &[r"(?:我|免贵)姓(?P<surname>\p{Han})"]);
        let found = m.find_all("你好,我姓王,我的宽带坏了");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].captures["surname"], "王");
    }
}
