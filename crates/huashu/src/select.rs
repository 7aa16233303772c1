//! Rule selectors: how rules are named wherever they are chosen — `--select` and `--ignore`,
//! `huashu.toml` (`select`, `ignore`, `[overrides."…"]`) and suppression comments
//! (`# huashu: ignore[…]`). Every place parses a selector with [`RuleSelector::parse`] and asks
//! [`RuleSelector::matches`], so a selector names the same rules everywhere.
//!
//! A selector is
//!
//! * a rule id: `banned.wei`;
//! * a pattern over rule ids, where `*` stands for any run of characters (dots included) and
//!   `?` for one character: `tone.*`, `huashu.unused-*`, `*` (every rule);
//! * a pack name: `NAME.*` also names every rule of the pack whose id is `NAME`, whatever the
//!   rules' ids. The built-in `etiquette` pack holds `greeting.*`, `closing.*` and `response.*`
//!   rules, so `etiquette.*` names them all, as `tone.*` names the rules of the `tone` pack
//!   (whose ids start with `tone.`).
//!
//! A selector is made of lowercase ASCII letters, digits, `.`, `-`, `_`, `*` and `?`; upper case
//! is read as lower case (rule ids are lowercase). Anything else is an error.
//!
//! ```
//! use huashu::{Linter, RuleSelector};
//! let linter = Linter::with_builtin_packs();
//! let named = |selector: &str| -> Vec<String> {
//!     let selector = RuleSelector::parse(selector).unwrap();
//!     linter.rules().iter().filter(|r| selector.matches(r)).map(|r| r.id.clone()).collect()
//! };
//! assert_eq!(named("banned.wei"), ["banned.wei"]);
//! assert!(named("etiquette.*").contains(&"greeting.three-part".to_owned()));
//! assert!(named("etiquette.*").iter().all(|id| linter.rule(id).unwrap().pack == "etiquette"));
//! assert_eq!(named("*").len(), linter.rules().len());
//! assert!(RuleSelector::parse("banned.喂").is_err());
//! ```

use std::fmt;

use crate::pack::Rule;

/// A parsed rule selector (see the [module documentation](self)).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RuleSelector {
    /// Normalised: lowercase.
    pattern: String,
    /// For `NAME.*` (no wildcard in `NAME`): the pack name it also names.
    pack: Option<String>,
}

/// Why a text is not a rule selector.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct SelectorError {
    message: String,
}

impl RuleSelector {
    /// Reads a selector. Upper case is folded to lower case; surrounding whitespace is an error
    /// like any other character that a selector cannot hold.
    ///
    /// ```
    /// use huashu::RuleSelector;
    /// assert_eq!(RuleSelector::parse("Tone.*").unwrap().as_str(), "tone.*");
    /// let err = RuleSelector::parse("tone.[ab]").unwrap_err();
    /// assert_eq!(err.to_string(), "`[` cannot be in a rule selector: use letters, digits, `.`, `-`, `_`, and `*` or `?` as wildcards");
    /// assert!(RuleSelector::parse("").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<RuleSelector, SelectorError> {
        if text.is_empty() {
            return Err(SelectorError {
                message: "an empty rule selector names no rule".to_owned(),
            });
        }
        let pattern = text.to_ascii_lowercase();
        if let Some(bad) = pattern.chars().find(|&c| !is_selector_char(c)) {
            return Err(SelectorError {
                message: format!(
                    "`{bad}` cannot be in a rule selector: use letters, digits, `.`, `-`, `_`, and `*` or `?` as wildcards"
                ),
            });
        }
        let pack = pattern
            .strip_suffix(".*")
            .filter(|name| !name.is_empty() && !name.contains(['*', '?']))
            .map(str::to_owned);
        Ok(RuleSelector { pattern, pack })
    }

    /// The selector, normalised (lowercase).
    ///
    /// ```
    /// assert_eq!(huashu::RuleSelector::parse("BANNED.Wei").unwrap().as_str(), "banned.wei");
    /// ```
    pub fn as_str(&self) -> &str {
        &self.pattern
    }

    /// Whether the selector names exactly one rule id (it has no wildcard).
    ///
    /// ```
    /// use huashu::RuleSelector;
    /// assert!(RuleSelector::parse("banned.wei").unwrap().is_exact());
    /// assert!(!RuleSelector::parse("banned.*").unwrap().is_exact());
    /// ```
    pub fn is_exact(&self) -> bool {
        !self.pattern.contains(['*', '?'])
    }

    /// Whether the selector names `rule`: by its id, or (`NAME.*`) by its pack.
    ///
    /// ```
    /// let linter = huashu::Linter::with_builtin_packs();
    /// let etiquette = huashu::RuleSelector::parse("etiquette.*").unwrap();
    /// assert!(etiquette.matches(linter.rule("closing.standard").unwrap()));
    /// assert!(!etiquette.matches(linter.rule("banned.wei").unwrap()));
    /// ```
    pub fn matches(&self, rule: &Rule) -> bool {
        self.matches_id(&rule.id, &rule.pack)
    }

    /// Whether the selector names the rule `id` of the pack `pack`.
    ///
    /// ```
    /// let selector = huashu::RuleSelector::parse("huashu.unused-*").unwrap();
    /// assert!(selector.matches_id("huashu.unused-suppression", "huashu"));
    /// assert!(!selector.matches_id("huashu.invalid-suppression", "huashu"));
    /// let pack = huashu::RuleSelector::parse("etiquette.*").unwrap();
    /// assert!(pack.matches_id("greeting.three-part", "etiquette"));
    /// ```
    pub fn matches_id(&self, id: &str, pack: &str) -> bool {
        self.pack.as_deref() == Some(pack) || wildcard_match(self.pattern.as_bytes(), id.as_bytes())
    }
}

impl fmt::Display for RuleSelector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.pattern)
    }
}

impl std::str::FromStr for RuleSelector {
    type Err = SelectorError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        RuleSelector::parse(s)
    }
}

/// The characters of a normalised selector.
fn is_selector_char(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_' | '*' | '?')
}

/// Whether `text` matches `pattern`, where `*` is any run of bytes and `?` one byte (ids are
/// ASCII). Linear in practice: the last `*` is retried, never an earlier one.
fn wildcard_match(pattern: &[u8], text: &[u8]) -> bool {
    let (mut p, mut t) = (0, 0);
    // The position after the last `*` seen, and the text position it was tried at.
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match pattern.get(p) {
            Some(b'*') => {
                star = Some((p + 1, t));
                p += 1;
            }
            Some(&c) if c == b'?' || c == text[t] => {
                p += 1;
                t += 1;
            }
            _ => match star {
                Some((after, tried)) => {
                    p = after;
                    t = tried + 1;
                    star = Some((after, tried + 1));
                }
                None => return false,
            },
        }
    }
    pattern[p..].iter().all(|&c| c == b'*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards() {
        let m = |p: &str, t: &str| wildcard_match(p.as_bytes(), t.as_bytes());
        assert!(m("*", "banned.wei"));
        assert!(m("*", ""));
        assert!(m("tone.*", "tone.command"));
        assert!(m("tone.*", "tone."));
        assert!(!m("tone.*", "tones.command"));
        assert!(!m("tone.*", "tone"));
        assert!(m("huashu.unused-*", "huashu.unused-suppression"));
        assert!(m("*.wei", "banned.wei"));
        assert!(m("banned.*-know", "banned.dont-know"));
        assert!(m("b?nned.wei", "banned.wei"));
        assert!(!m("b?nned.wei", "bnned.wei"));
        assert!(m("a*b*c", "aXXbYYbZc"));
        assert!(!m("a*b*c", "aXXbYY"));
        assert!(m("banned.wei", "banned.wei"));
        assert!(!m("banned.wei", "banned.weii"));
    }

    #[test]
    fn a_pack_name_names_its_rules() {
        let s = RuleSelector::parse("etiquette.*").unwrap();
        assert!(s.matches_id("greeting.three-part", "etiquette"));
        assert!(s.matches_id("etiquette.x", "other"));
        assert!(!s.matches_id("greeting.three-part", "my-etiquette"));
        // Only `NAME.*` names a pack: a wildcard in the name does not.
        let s = RuleSelector::parse("eti*.*").unwrap();
        assert!(!s.matches_id("greeting.three-part", "etiquette"));
        let s = RuleSelector::parse("etiquette").unwrap();
        assert!(!s.matches_id("greeting.three-part", "etiquette"));
    }

    #[test]
    fn what_is_not_a_selector() {
        for bad in [
            "",
            " tone.*",
            "tone.[ab]",
            "{a,b}",
            "banned.喂",
            "tone,banned",
        ] {
            assert!(RuleSelector::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(RuleSelector::parse("TONE.*").unwrap().as_str(), "tone.*");
    }
}
