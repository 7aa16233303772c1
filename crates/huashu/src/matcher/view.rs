//! A view of a turn with speech-recognition spacing removed: 不 知 道 → 不知道.
//!
//! Speech recognition's pause and gap markers (`_`, `…`, `[UNK]`, `<unk>`) are not spacing: they
//! stand where words were cut or lost, so no word is read across them (「你_您」 is no 你您,
//! 「感谢_见」 no 感谢见).

use aho_corasick::{AhoCorasick, MatchKind};

use crate::segment::is_han;

/// Characters that speech recognition or transcribers put between the characters of a word.
const SEPARATORS: &[char] = &[
    ' ', '\t', '\u{3000}', '\u{00A0}', '\u{00B7}', '\u{30FB}', '\u{FF65}',
];

/// Whether `c` is one of the spacing characters seen through between Han characters.
pub(crate) fn is_separator(c: char) -> bool {
    SEPARATORS.contains(&c)
}

/// Finds separator characters fast (a SIMD prefilter over their UTF-8 forms).
#[derive(Debug)]
pub(crate) struct SeparatorFinder {
    ac: AhoCorasick,
}

impl SeparatorFinder {
    pub(crate) fn new() -> Self {
        let patterns: Vec<String> = SEPARATORS.iter().map(|c| c.to_string()).collect();
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostFirst)
            .build(patterns)
            .expect("a handful of one-character patterns always builds");
        SeparatorFinder { ac }
    }

    /// The text without separator runs that sit between two Han characters, or `None` when
    /// there are none (the common case, decided without allocating).
    pub(crate) fn strip(&self, text: &str) -> Option<StrippedView> {
        let first = self.ac.find(text)?.start();
        let mut view = StrippedView {
            text: String::with_capacity(text.len()),
            gaps: Vec::new(),
        };
        view.text.push_str(&text[..first]);
        let mut removed_any = false;
        let mut chars = text[first..].char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let at = first + i;
            if !SEPARATORS.contains(&c) {
                view.text.push(c);
                continue;
            }
            // A run of separators: find its end.
            let mut end = at + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                if !SEPARATORS.contains(&d) {
                    break;
                }
                end = first + j + d.len_utf8();
                chars.next();
            }
            let before = text[..at].chars().next_back().is_some_and(is_han);
            let after = text[end..].chars().next().is_some_and(is_han);
            if before && after {
                view.gaps.push(Gap {
                    view: view.text.len(),
                    original: end,
                });
                removed_any = true;
            } else {
                view.text.push_str(&text[at..end]);
            }
        }
        removed_any.then_some(view)
    }
}

/// A place where separators were removed: view offset `view` corresponds to original `original`
/// (the first character after the separators).
#[derive(Debug, Clone, Copy)]
struct Gap {
    view: usize,
    original: usize,
}

/// A turn's text with separators between Han characters removed, and the way back.
#[derive(Debug)]
pub(crate) struct StrippedView {
    pub(crate) text: String,
    gaps: Vec<Gap>,
}

impl StrippedView {
    /// The original offset of view offset `pos`. An end offset that falls on a gap stays before
    /// the removed separators; a start offset moves after them.
    pub(crate) fn to_original(&self, pos: usize, is_end: bool) -> usize {
        let idx = if is_end {
            self.gaps.partition_point(|g| g.view < pos)
        } else {
            self.gaps.partition_point(|g| g.view <= pos)
        };
        match idx.checked_sub(1).map(|i| self.gaps[i]) {
            Some(gap) => gap.original + (pos - gap.view),
            None => pos,
        }
    }

    /// Whether the view span `start..end` covers removed separators (so the original text
    /// could not have matched it directly).
    pub(crate) fn spans_gap(&self, start: usize, end: usize) -> bool {
        self.gaps.iter().any(|g| start < g.view && g.view < end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_separator_means_no_view() {
        assert!(SeparatorFinder::new().strip("我不知道").is_none());
        // Spaces between Latin words are not removed.
        assert!(SeparatorFinder::new().strip("OK Google").is_none());
    }

    #[test]
    fn spaced_out_words_are_joined_and_map_back() {
        let original = "我 不 知 道 啊";
        let view = SeparatorFinder::new().strip(original).unwrap();
        assert_eq!(view.text, "我不知道啊");
        let start = view.text.find("不知道").unwrap();
        let end = start + "不知道".len();
        assert!(view.spans_gap(start, end));
        let (s, e) = (view.to_original(start, false), view.to_original(end, true));
        assert_eq!(&original[s..e], "不 知 道");
    }

    #[test]
    fn recognition_markers_do_not_join_words() {
        // 「不_知道」: a pause marker between 不 and 知道 is not spacing inside a word.
        assert!(SeparatorFinder::new().strip("我不_知道").is_none());
    }

    #[test]
    fn full_width_space_between_han_is_removed() {
        let view = SeparatorFinder::new().strip("没\u{3000}办法").unwrap();
        assert_eq!(view.text, "没办法");
    }
}
