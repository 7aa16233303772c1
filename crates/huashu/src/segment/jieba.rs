//! The default segmenter: jieba-rs with its built-in dictionary, loaded on first use.

use std::sync::OnceLock;

use jieba_rs::Jieba;

use super::Segmenter;

/// jieba-rs segmentation, loading its dictionary (about 75 ms) only when a hit first needs a
/// boundary check.
///
/// Runs are converted to simplified characters before cutting (the dictionary is simplified),
/// so 沒辦法 is cut like 没办法. The HMM for unknown words is off by default: dictionary-only
/// cutting is deterministic and keeps banned phrases whole.
///
/// ```
/// use huashu::{JiebaSegmenter, Segmenter};
/// let seg = JiebaSegmenter::new();
/// let mut ends = Vec::new();
/// seg.word_ends("喂养宠物", &mut ends);
/// assert_eq!(ends, vec!["喂养".len(), "喂养宠物".len()]);
/// ```
#[derive(Debug, Default)]
pub struct JiebaSegmenter {
    jieba: OnceLock<Jieba>,
    hmm: bool,
}

impl JiebaSegmenter {
    /// A segmenter with the HMM off.
    ///
    /// ```
    /// use huashu::{JiebaSegmenter, Segmenter};
    /// let mut ends = Vec::new();
    /// JiebaSegmenter::new().word_ends("我不知道", &mut ends);
    /// assert_eq!(ends, vec![3, 6, 12]);
    /// ```
    pub fn new() -> Self {
        JiebaSegmenter::default()
    }

    /// A segmenter with jieba's HMM for unknown words switched on or off.
    ///
    /// ```
    /// use huashu::{JiebaSegmenter, Segmenter};
    /// let mut ends = Vec::new();
    /// JiebaSegmenter::with_hmm(true).word_ends("滚筒洗衣机", &mut ends);
    /// assert_eq!(ends.last(), Some(&"滚筒洗衣机".len()));
    /// ```
    pub fn with_hmm(hmm: bool) -> Self {
        JiebaSegmenter {
            jieba: OnceLock::new(),
            hmm,
        }
    }

    fn jieba(&self) -> &Jieba {
        self.jieba.get_or_init(Jieba::new)
    }
}

impl std::fmt::Debug for dyn Segmenter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Segmenter")
    }
}

impl Segmenter for JiebaSegmenter {
    fn word_ends(&self, run: &str, out: &mut Vec<usize>) {
        // Simplified and traditional Han characters of the BMP are all three bytes long, so the
        // conversion keeps every offset; fall back to the original text if it ever does not.
        let simplified = fast2s::convert(run);
        let text = if simplified.len() == run.len() {
            simplified.as_str()
        } else {
            run
        };
        let mut end = 0;
        for token in self.jieba().cut(text, self.hmm) {
            end += token.word.len();
            out.push(end);
        }
    }

    /// Loads jieba's dictionary (see [`Segmenter::prepare`]).
    fn prepare(&self) {
        self.jieba();
    }
}
