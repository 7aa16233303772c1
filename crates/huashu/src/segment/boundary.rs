//! Word-boundary decisions for one text, cutting each Han run at most once.

use std::ops::Range;

use super::{is_han, Segmenter};

/// How many characters on each side of a position are segmented at most. Words are short, so
/// cutting a window instead of a whole run keeps a 50 MB line without punctuation linear in
/// time and bounded in memory, and gives the same boundaries away from the window's edges.
const WINDOW_CHARS: usize = 48;

/// Remembers the word ends of the Han runs of one text that have been cut so far.
#[derive(Debug, Default)]
pub(crate) struct BoundaryCache {
    runs: Vec<(Range<usize>, Vec<usize>)>,
}

impl BoundaryCache {
    /// Whether byte offset `pos` of `text` lies on a word boundary.
    ///
    /// The ends of the text are boundaries. Between two Han characters the segmenter decides.
    /// Elsewhere a boundary is any place that does not split a run of ASCII letters and digits
    /// (so `OK` does not fire inside `OKAY`, and Han text next to Latin text is split).
    pub(crate) fn is_boundary(
        &mut self,
        text: &str,
        pos: usize,
        segmenter: &dyn Segmenter,
    ) -> bool {
        if pos == 0 || pos >= text.len() {
            return true;
        }
        let (Some(prev), Some(next)) =
            (text[..pos].chars().next_back(), text[pos..].chars().next())
        else {
            return true;
        };
        if is_han(prev) && is_han(next) {
            let (run, ends) = self.run_at(text, pos, segmenter);
            return ends.binary_search(&(pos - run.start)).is_ok();
        }
        !(prev.is_ascii_alphanumeric() && next.is_ascii_alphanumeric())
    }

    fn run_at(
        &mut self,
        text: &str,
        pos: usize,
        segmenter: &dyn Segmenter,
    ) -> (Range<usize>, &[usize]) {
        if let Some(i) = self
            .runs
            .iter()
            .position(|(r, _)| r.start < pos && pos < r.end)
        {
            let (range, ends) = &self.runs[i];
            return (range.clone(), ends);
        }
        let start = text[..pos]
            .char_indices()
            .rev()
            .take_while(|&(_, c)| is_han(c))
            .take(WINDOW_CHARS)
            .last()
            .map_or(pos, |(i, _)| i);
        let end = pos
            + text[pos..]
                .char_indices()
                .take_while(|&(_, c)| is_han(c))
                .take(WINDOW_CHARS)
                .last()
                .map_or(0, |(i, c)| i + c.len_utf8());
        let mut ends = Vec::new();
        segmenter.word_ends(&text[start..end], &mut ends);
        ends.sort_unstable();
        self.runs.push((start..end, ends));
        let (range, ends) = self.runs.last().expect("just pushed");
        (range.clone(), ends)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::JiebaSegmenter;

    fn boundary(text: &str, pos: usize) -> bool {
        BoundaryCache::default().is_boundary(text, pos, &JiebaSegmenter::new())
    }

    #[test]
    fn ends_of_text_are_boundaries() {
        assert!(boundary("喂养", 0));
        assert!(boundary("喂养", "喂养".len()));
    }

    #[test]
    fn inside_a_dictionary_word_is_not_a_boundary() {
        assert!(!boundary("我在家喂养宠物", "我在家喂".len()));
        assert!(!boundary("这是傻瓜式操作", "这是傻".len()));
        assert!(!boundary("新买的滚筒洗衣机", "新买的滚".len()));
    }

    #[test]
    fn between_words_is_a_boundary() {
        assert!(boundary("喂您好", "喂".len()));
        assert!(boundary("我不知道", "我".len()));
    }

    #[test]
    fn punctuation_and_latin_split_han_runs() {
        assert!(boundary("喂，说话呀", "喂".len()));
        assert!(boundary("OK好的", 2));
        assert!(!boundary("OKAY", 2));
    }

    #[test]
    fn traditional_text_is_cut_like_simplified() {
        // 沒辦法 → 没/办法: a boundary after 沒, none inside 辦法.
        assert!(boundary("我沒辦法", "我沒".len()));
        assert!(!boundary("我沒辦法", "我沒辦".len()));
    }

    #[test]
    fn a_huge_run_is_cut_in_a_bounded_window() {
        struct Longest(std::sync::atomic::AtomicUsize);
        impl Segmenter for Longest {
            fn word_ends(&self, run: &str, out: &mut Vec<usize>) {
                self.0
                    .fetch_max(run.len(), std::sync::atomic::Ordering::Relaxed);
                out.extend(run.char_indices().map(|(i, c)| i + c.len_utf8()));
            }
        }
        let seg = Longest(0.into());
        let text = "喂".repeat(200_000);
        let mut cache = BoundaryCache::default();
        assert!(cache.is_boundary(&text, 300_000, &seg));
        assert!(seg.0.load(std::sync::atomic::Ordering::Relaxed) <= 2 * WINDOW_CHARS * 3);
    }

    #[test]
    fn each_run_is_cut_once() {
        struct Counting(std::sync::atomic::AtomicUsize);
        impl Segmenter for Counting {
            fn word_ends(&self, run: &str, out: &mut Vec<usize>) {
                self.0.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                out.extend(run.char_indices().map(|(i, c)| i + c.len_utf8()));
            }
        }
        let seg = Counting(0.into());
        let mut cache = BoundaryCache::default();
        let text = "喂喂喂，你好";
        for pos in [3, 6] {
            assert!(cache.is_boundary(text, pos, &seg));
        }
        assert_eq!(seg.0.load(std::sync::atomic::Ordering::Relaxed), 1);
    }
}
