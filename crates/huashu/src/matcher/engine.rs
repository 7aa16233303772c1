//! The seam between the matchers and the multi-pattern automata they run: build from
//! patterns, then report every occurrence of every pattern (overlapping, Standard semantics) as
//! `(pattern, start, end)` byte spans of the haystack.
//!
//! Two implementations, chosen by the number of patterns (see [`Engine::for_patterns`]), with
//! the figures in the README's "Performance" section:
//!
//! - [`Engine::AhoCorasick`]: an aho-corasick DFA over every spelling of every phrase (the
//!   traditional and full-width forms written out), ASCII case-blind, run on the text as it is.
//!   Fastest to scan for small packs, but its build grows with the number of spellings: the 65k
//!   word list has 810k of them, a 20 s build and 4.9 GB.
//! - [`Engine::Daachorse`]: a daachorse charwise double-array automaton over the phrases in
//!   canonical spelling ([`VariantTable::canonical`]), fed the text's characters in canonical
//!   spelling. One pattern per phrase (65k, built in under 100 ms), but a canonical match is a
//!   candidate only: the caller keeps it when [`VariantTable::accepts`] says the phrase's
//!   expansion has that spelling.

use std::sync::Arc;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use daachorse::{CharwiseDoubleArrayAhoCorasick, CharwiseDoubleArrayAhoCorasickBuilder};

use super::variants::VariantTable;

/// Which automaton to build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Engine {
    /// aho-corasick DFA over exact spellings, ASCII case-blind.
    AhoCorasick,
    /// daachorse charwise over canonical spellings.
    Daachorse,
}

/// Packs whose phrases expand to more spellings than this get [`Engine::Daachorse`]. The
/// aho-corasick DFA builds the default packs' 700 spellings in 4 ms and scans a little faster;
/// past a few thousand spellings its build time and memory grow out of hand (91k spellings:
/// 1.5 s and 550 MB).
pub(crate) const MAX_SPELLINGS_FOR_DFA: usize = 4096;

impl Engine {
    /// The engine for a pattern set whose phrases have `spellings` spellings in all.
    pub(crate) fn for_spellings(spellings: usize) -> Engine {
        if spellings > MAX_SPELLINGS_FOR_DFA {
            Engine::Daachorse
        } else {
            Engine::AhoCorasick
        }
    }
}

/// A built automaton.
#[derive(Debug)]
pub(crate) enum Automaton {
    /// See [`Engine::AhoCorasick`].
    AhoCorasick(AhoCorasick),
    /// See [`Engine::Daachorse`].
    Daachorse(Daachorse),
}

/// A daachorse automaton over canonical spellings, with what it needs to read a text.
pub(crate) struct Daachorse {
    pma: CharwiseDoubleArrayAhoCorasick<u32>,
    /// Per pattern: its length in characters (canonical spelling keeps the count, not the
    /// bytes, so spans are measured on the original text).
    chars: Vec<u32>,
    table: Arc<VariantTable>,
}

impl std::fmt::Debug for Daachorse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Daachorse")
            .field("patterns", &self.chars.len())
            .field("heap_bytes", &self.pma.heap_bytes())
            .finish()
    }
}

impl Automaton {
    /// An aho-corasick DFA reporting every occurrence of every pattern as written, ASCII
    /// case-blind; `None` when there are no patterns.
    pub(crate) fn aho_corasick(patterns: &[String]) -> Result<Option<Automaton>, String> {
        if patterns.is_empty() {
            return Ok(None);
        }
        AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .ascii_case_insensitive(true)
            .build(patterns)
            .map(|ac| Some(Automaton::AhoCorasick(ac)))
            .map_err(|e| e.to_string())
    }

    /// A daachorse automaton over `patterns`, which must be distinct and in canonical spelling
    /// (`table.canonical_str`); it reports every place where the text's canonical spelling
    /// holds one. `None` when there are no patterns.
    pub(crate) fn daachorse(
        patterns: &[String],
        table: Arc<VariantTable>,
    ) -> Result<Option<Automaton>, String> {
        if patterns.is_empty() {
            return Ok(None);
        }
        let pma = CharwiseDoubleArrayAhoCorasickBuilder::new()
            .match_kind(daachorse::MatchKind::Standard)
            // The prefilter speeds up slice searches only; the stepper gains nothing from it.
            .use_prefilter(false)
            .build(patterns)
            .map_err(|e| e.to_string())?;
        let chars = patterns.iter().map(|p| p.chars().count() as u32).collect();
        Ok(Some(Automaton::Daachorse(Daachorse { pma, chars, table })))
    }

    /// Whether matches are candidates in canonical spelling, to be checked with
    /// [`VariantTable::accepts`], rather than exact.
    pub(crate) fn is_canonical(&self) -> bool {
        matches!(self, Automaton::Daachorse(_))
    }

    /// Calls `f(pattern, start, end)` for every occurrence of every pattern in `haystack`, in
    /// order of `end`.
    pub(crate) fn for_each_overlapping(
        &self,
        haystack: &str,
        mut f: impl FnMut(usize, usize, usize),
    ) {
        match self {
            Automaton::AhoCorasick(ac) => {
                for m in ac.find_overlapping_iter(haystack) {
                    f(m.pattern().as_usize(), m.start(), m.end());
                }
            }
            Automaton::Daachorse(d) => {
                let mut stepper = d.pma.find_overlapping_stepper();
                for (at, c) in haystack.char_indices() {
                    stepper.consume(d.table.canonical(c));
                    let end = at + c.len_utf8();
                    for m in stepper.matches() {
                        let pattern = m.value() as usize;
                        // The pattern's first character is `chars - 1` characters before `c`.
                        let start = match d.chars[pattern] as usize {
                            0 | 1 => at,
                            chars => haystack[..at]
                                .char_indices()
                                .rev()
                                .nth(chars - 2)
                                .map_or(0, |(i, _)| i),
                        };
                        f(pattern, start, end);
                    }
                }
            }
        }
    }
}
