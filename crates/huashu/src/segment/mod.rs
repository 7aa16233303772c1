//! Word segmentation, and deciding whether a hit sits on word boundaries.
//!
//! A banned phrase counts only when it starts and ends on word boundaries: 喂 must not fire
//! inside 喂养, 傻 not inside 傻瓜式操作. Inside a run of Han characters the boundaries come
//! from a [`Segmenter`] (jieba by default); elsewhere they come from the characters themselves.
//! Segmentation is lazy: only the Han run around a candidate hit is cut, at most once per run.

mod boundary;
mod jieba;

pub use jieba::JiebaSegmenter;

pub(crate) use boundary::BoundaryCache;

/// Cuts a run of Han characters into words.
///
/// Implement it to plug in another segmenter; [`JiebaSegmenter`] is the default.
///
/// ```
/// use huashu::Segmenter;
/// /// Treats every character as a word (so every position is a boundary).
/// struct EveryChar;
/// impl Segmenter for EveryChar {
///     fn word_ends(&self, run: &str, out: &mut Vec<usize>) {
///         out.extend(run.char_indices().map(|(i, c)| i + c.len_utf8()));
///     }
/// }
/// let mut ends = Vec::new();
/// EveryChar.word_ends("喂养", &mut ends);
/// assert_eq!(ends, vec![3, 6]);
/// ```
pub trait Segmenter: Send + Sync {
    /// Appends to `out` the byte offset (relative to `run`) at which each word of `run` ends,
    /// in increasing order. `run` holds only Han characters.
    fn word_ends(&self, run: &str, out: &mut Vec<usize>);

    /// Loads now whatever the segmenter would load on first use (a dictionary), so that the
    /// first check does not wait for it. Does nothing by default.
    ///
    /// A service that checks calls as they happen (real-time agent assist) calls it at start-up;
    /// the CLI calls it on a second thread while it builds the linter and reads the input.
    /// Safe to call from several threads, and more than once.
    ///
    /// ```
    /// use huashu::{JiebaSegmenter, Segmenter};
    /// use std::sync::Arc;
    /// let seg = Arc::new(JiebaSegmenter::new());
    /// let loading = std::thread::spawn({
    ///     let seg = Arc::clone(&seg);
    ///     move || seg.prepare()
    /// });
    /// // ... build the linter with `.segmenter(seg.clone())` meanwhile ...
    /// loading.join().unwrap();
    /// let mut ends = Vec::new();
    /// seg.word_ends("喂养宠物", &mut ends);
    /// assert_eq!(ends, vec!["喂养".len(), "喂养宠物".len()]);
    /// ```
    fn prepare(&self) {}
}

/// Whether `c` is a Han (CJK ideograph) character.
///
/// ```
/// assert!(huashu::segment::is_han('喂'));
/// assert!(!huashu::segment::is_han('，'));
/// ```
pub fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3007}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FFFF}')
}
