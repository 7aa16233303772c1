//! Deciding what a plain-text source is, from its labels: a transcript with known labels, a
//! transcript whose labels huashu does not know (`A:`/`B:`, `spk0`, `说话人1`: roles are
//! inferred), or an agent script.

use std::collections::HashMap;

use super::head;
use super::{lines, Line};
use crate::transcript::{Labels, ParseOptions};

/// How many content lines the census reads: the labels of a file show in its first calls.
const CENSUS_LINES: usize = 1_000;

/// How often an unknown label must start a line to count as a speaker's, in a file with known
/// labels (where a repeated `注意:` must not become an error) and in one without.
const REPEATS_AMONG_KNOWN: usize = 3;
const REPEATS_AMONG_UNKNOWN: usize = 2;

/// What a plain-text source is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    /// A transcript with known labels: an unknown speaker label is an error at its line.
    Labelled,
    /// A transcript whose speaker labels huashu does not know: each call's roles are inferred.
    Unlabelled,
    /// An agent script: every line is the agent's.
    Script,
}

/// What the labels of a source are.
pub(super) struct Vocabulary<'o> {
    pub(super) mode: Mode,
    labels: &'o Labels,
    /// How many of the census lines each unknown label starts.
    counts: HashMap<String, usize>,
}

/// Who a label names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Naming {
    /// A known speaker.
    Known(crate::Speaker),
    /// A speaker whose label huashu does not know.
    Unknown,
    /// Not a speaker: the words before a colon in a sentence.
    Nobody,
}

impl<'o> Vocabulary<'o> {
    /// Reads the census of `source`.
    pub(super) fn of(source: &str, options: &'o ParseOptions) -> Self {
        let labels = &options.labels;
        let unit = options.time_unit;
        // A known label anywhere makes a transcript (as it always has): the first turn line of
        // a transcript comes early, so this stops early.
        let known = lines(source).any(|line| {
            content_head(&line, unit).is_some_and(|(name, _, _)| labels.get(name).is_some())
        });
        let mut counts: HashMap<String, usize> = HashMap::new();
        let mut content = 0;
        let mut heads: Vec<(String, bool)> = Vec::new();
        for line in lines(source) {
            if is_content(&line) {
                content += 1;
                if let Some((name, timed, false)) = content_head(&line, unit) {
                    if labels.get(name).is_none() {
                        *counts.entry(name.to_owned()).or_default() += 1;
                        heads.push((name.to_owned(), timed));
                    }
                }
                if content >= CENSUS_LINES {
                    break;
                }
            }
        }
        let mut vocabulary = Vocabulary {
            mode: Mode::Script,
            labels,
            counts,
        };
        if known {
            vocabulary.mode = Mode::Labelled;
            return vocabulary;
        }
        // Without a known label: a transcript when lines that start like turns, under at least
        // two labels, make at least half the content.
        let speakers: Vec<&(String, bool)> = heads
            .iter()
            .filter(|(name, timed)| *timed || vocabulary.is_speaker(name, REPEATS_AMONG_UNKNOWN))
            .collect();
        let mut distinct: Vec<&str> = speakers.iter().map(|(n, _)| n.as_str()).collect();
        distinct.sort_unstable();
        distinct.dedup();
        if distinct.len() >= 2 && speakers.len() * 2 >= content {
            vocabulary.mode = Mode::Unlabelled;
        }
        vocabulary
    }

    /// Who `name` (a label at the start of a line) names; `timed` when times came with it.
    pub(super) fn naming(&self, name: &str, timed: bool) -> Naming {
        if let Some(speaker) = self.labels.get(name) {
            return Naming::Known(speaker);
        }
        let repeats = match self.mode {
            Mode::Labelled => REPEATS_AMONG_KNOWN,
            _ => REPEATS_AMONG_UNKNOWN,
        };
        if timed || self.is_speaker(name, repeats) {
            Naming::Unknown
        } else {
            Naming::Nobody
        }
    }

    /// Whether an unknown label names a speaker: it looks like one, or starts enough lines.
    fn is_speaker(&self, name: &str, repeats: usize) -> bool {
        Labels::looks_like_speaker(name) || self.counts.get(name).is_some_and(|&n| n >= repeats)
    }
}

/// Whether a line is content (not blank, not a comment).
fn is_content(line: &Line<'_>) -> bool {
    let trimmed = line.text.trim();
    !trimmed.is_empty() && !trimmed.starts_with('#')
}

/// The label a content line starts with, whether times come with it, and whether brackets that
/// are not times come before it (`[笑] 客户说:`: a label only if it is known).
fn content_head<'a>(
    line: &Line<'a>,
    unit: crate::transcript::TimeUnit,
) -> Option<(&'a str, bool, bool)> {
    if !is_content(line) {
        return None;
    }
    let lead = line.text.len() - line.text.trim_start().len();
    let head = head::read(line.text, lead, unit);
    let timed = head.stamp.as_ref().is_some_and(|s| s.time_like);
    let hidden = head.stamp.as_ref().is_some_and(|s| !s.time_like);
    Some((head.label?.name, timed, hidden))
}
