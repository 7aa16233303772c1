//! Features: hashed character n-grams of the normalised sentence (with its start and end as
//! marks, digits folded to 0), and optionally hashed jieba words, each a row of a dense weight
//! table indexed directly (no lookups, no allocation).

use std::sync::OnceLock;

use super::math::mix64;

/// Which features a model uses; stored in the model file.
///
/// ```
/// let config = huashu::intent::FeatureConfig::default();
/// assert_eq!((config.min_n, config.max_n), (1, 3));
/// assert_eq!(config.buckets(), 1 << config.bucket_bits);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeatureConfig {
    /// Shortest character n-gram.
    pub min_n: u8,
    /// Longest character n-gram (at most 6).
    pub max_n: u8,
    /// The weight table has `2^bucket_bits` rows per speaker (10 to 24).
    pub bucket_bits: u8,
    /// Whether n-grams may include the sentence's start and end (`^你`, `吗$`).
    pub boundaries: bool,
    /// Whether jieba's words (HMM off) are features too (slower: see `intents/MODEL.md`).
    pub words: bool,
    /// Whether `!` is read as `.` (written replies end friendly sentences with `!`; speech
    /// recognition writes none: see `intents/MODEL.md`, "Sentences unlike the data").
    pub fold_exclamation: bool,
    /// Skip-bigrams: pairs of characters with up to this many characters between them (0 for
    /// none, at most 3), the sentence's start and end marks included (`^_吗`, `你__$`): word
    /// order beyond three characters. Measured, not chosen: see `intents/MODEL.md`.
    pub skip: u8,
    /// Features of the sentence's shape (`src/intent/shape.rs`): a question aimed at 你/您, a polite
    /// question (请问…), an offer of help in the same sentence (帮您/为您…). Measured, not
    /// chosen: see `intents/MODEL.md`.
    pub shape: bool,
}

impl Default for FeatureConfig {
    /// Character 1- to 3-grams with boundary marks in 2^18 buckets, no words, `!` read as `.`
    /// (chosen on the dev split and real dialogues: see `intents/MODEL.md`).
    fn default() -> Self {
        FeatureConfig {
            min_n: 1,
            max_n: 3,
            bucket_bits: 18,
            boundaries: true,
            words: false,
            fold_exclamation: true,
            skip: 0,
            shape: false,
        }
    }
}

/// The virtual character before a sentence.
const START: char = '\u{2}';
/// The virtual character after a sentence.
const END: char = '\u{3}';
/// Seeds that keep words apart from n-grams of the same characters.
const WORD_SEED: u64 = 0x5702_d5a3_91c4_e8b1;
/// Seed of the skip-bigrams (one per gap: `SKIP_SEED + gap`).
const SKIP_SEED: u64 = 0x2c1b_3c6d_77a5_4f19;
/// Seed of the shape features.
const SHAPE_SEED: u64 = 0x9d3f_61e0_4b8a_c257;

impl FeatureConfig {
    /// Rows of the weight table per speaker.
    ///
    /// ```
    /// let mut config = huashu::intent::FeatureConfig::default();
    /// config.bucket_bits = 16;
    /// assert_eq!(config.buckets(), 65_536);
    /// ```
    pub fn buckets(&self) -> usize {
        1 << self.bucket_bits
    }

    /// Whether the configuration is one a model can have.
    pub(crate) fn is_valid(&self) -> bool {
        (1..=6).contains(&self.min_n)
            && (self.min_n..=6).contains(&self.max_n)
            && (10..=24).contains(&self.bucket_bits)
            && self.skip <= 3
    }

    /// Calls `emit(row, first, len)` for every feature of the normalised characters `chars`:
    /// `first` and `len` are the characters of `chars` it covers (boundary marks not counted).
    #[inline]
    pub(crate) fn for_each(&self, chars: &[char], mut emit: impl FnMut(usize, usize, usize)) {
        let shift = 64 - u32::from(self.bucket_bits);
        self.for_each_key(chars, |key, first, len| {
            emit((key >> shift) as usize, first, len)
        });
    }

    /// [`FeatureConfig::for_each`] with each feature's whole 64-bit key: its row is the top
    /// `bucket_bits` bits ([`FeatureConfig::row`]), and the low bits index the model's set of
    /// n-grams seen in training (`SeenSet`), independent of the row.
    #[inline]
    pub(crate) fn for_each_key(&self, chars: &[char], mut emit: impl FnMut(u64, usize, usize)) {
        let (lo, hi) = (usize::from(self.min_n), usize::from(self.max_n));
        let marks = usize::from(self.boundaries);
        // Positions run over START, chars..., END when boundaries are on.
        let total = chars.len() + 2 * marks;
        let at = |p: usize| -> char {
            if marks == 1 {
                if p == 0 {
                    return START;
                }
                if p == total - 1 {
                    return END;
                }
                self.fold(chars[p - 1])
            } else {
                self.fold(chars[p])
            }
        };
        for end in 0..total {
            let mut h: u64 = 0;
            for n in 1..=hi.min(end + 1) {
                let p = end + 1 - n;
                h = (h ^ u64::from(at(p) as u32)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
                if n < lo {
                    continue;
                }
                // The grams made of one mark only, or spanning no real character, are not
                // features.
                let first_real = p.max(marks);
                let last_real = end.min(total - 1 - marks);
                if last_real < first_real || (marks == 1 && chars.is_empty()) {
                    continue;
                }
                emit(
                    mix64(h ^ n as u64),
                    first_real - marks,
                    last_real + 1 - first_real,
                );
            }
        }
        if self.words && !chars.is_empty() {
            for_each_word(chars, |first, len| {
                let mut h = WORD_SEED;
                for &c in &chars[first..first + len] {
                    h = (h ^ u64::from(self.fold(c) as u32)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
                }
                // Single characters are unigrams already.
                if len > 1 {
                    emit(mix64(h), first, len);
                }
            });
        }
        self.for_each_extra(chars, emit);
    }

    /// Whether there are features beyond the character n-grams and words.
    #[inline]
    fn has_extra(&self) -> bool {
        self.skip > 0 || self.shape
    }

    /// The skip-bigrams and shape features of `chars`, as `emit(key, first, len)`.
    fn for_each_extra(&self, chars: &[char], mut emit: impl FnMut(u64, usize, usize)) {
        if chars.is_empty() {
            return;
        }
        if self.skip > 0 {
            let marks = usize::from(self.boundaries);
            let total = chars.len() + 2 * marks;
            let code = |p: usize| -> u64 {
                let c = if marks == 1 && p == 0 {
                    START
                } else if marks == 1 && p == total - 1 {
                    END
                } else {
                    self.fold(chars[p - marks])
                };
                u64::from(c as u32)
            };
            for gap in 1..=usize::from(self.skip) {
                for a in 0..total.saturating_sub(gap + 1) {
                    let b = a + gap + 1;
                    let h = ((SKIP_SEED + gap as u64) ^ code(a))
                        .wrapping_mul(0x9e37_79b9_7f4a_7c15)
                        ^ code(b);
                    // The span: the real characters from a to b.
                    let first = a.max(marks) - marks;
                    let last = b.min(total - 1 - marks) - marks;
                    emit(
                        mix64(h.wrapping_mul(0x9e37_79b9_7f4a_7c15)),
                        first,
                        last + 1 - first,
                    );
                }
            }
        }
        if self.shape {
            super::shape::for_each(chars, |id, first, len| {
                emit(mix64(SHAPE_SEED ^ u64::from(id)), first, len)
            });
        }
    }
}

impl FeatureConfig {
    /// The row of a feature's key (see [`FeatureConfig::for_each_key`]).
    #[inline]
    pub(crate) fn row(&self, key: u64) -> u32 {
        (key >> (64 - u32::from(self.bucket_bits))) as u32
    }

    /// The keys of the character n-grams of `chars` (the keys [`FeatureConfig::for_each_key`]
    /// gives, words aside), appended to `keys`: the hot path, with no spans and no branches on
    /// the marks. `codes` is scratch space.
    #[inline]
    pub(crate) fn ngram_keys(&self, chars: &[char], codes: &mut Vec<u64>, keys: &mut Vec<u64>) {
        if chars.is_empty() {
            return;
        }
        let (lo, hi) = (usize::from(self.min_n), usize::from(self.max_n));
        if (lo, hi) == (1, 3) {
            self.unigram_to_trigram_keys(chars, keys);
            if self.has_extra() {
                self.for_each_extra(chars, |key, _, _| keys.push(key));
            }
            return;
        }
        codes.clear();
        if self.boundaries {
            codes.push(u64::from(START as u32));
        }
        codes.extend(chars.iter().map(|&c| u64::from(self.fold(c) as u32)));
        if self.boundaries {
            codes.push(u64::from(END as u32));
        }
        let total = codes.len();
        let marks = self.boundaries;
        keys.reserve(total * (hi + 1 - lo));
        for end in 0..total {
            // A mark alone is not a feature.
            let lone_mark = marks && (end == 0 || end == total - 1);
            let mut h: u64 = 0;
            // The grams ending at `end`, shortest first: codes[end], codes[end - 1..=end], …
            for (i, &code) in codes[..=end].iter().rev().take(hi).enumerate() {
                let n = i + 1;
                h = (h ^ code).wrapping_mul(0x9e37_79b9_7f4a_7c15);
                // Not a feature: shorter than the shortest, or one mark alone.
                if n >= lo && !(lone_mark && n == 1) {
                    keys.push(mix64(h ^ n as u64));
                }
            }
        }
        if self.has_extra() {
            self.for_each_extra(chars, |key, _, _| keys.push(key));
        }
    }
}

impl FeatureConfig {
    /// [`FeatureConfig::ngram_keys`] for 1- to 3-grams (the shipped model's), in the same order:
    /// the two codes before each position kept in hand instead of a buffer, and the three grams
    /// ending there hashed one after the other.
    #[inline]
    fn unigram_to_trigram_keys(&self, chars: &[char], keys: &mut Vec<u64>) {
        const K: u64 = 0x9e37_79b9_7f4a_7c15;
        let marks = self.boundaries;
        let start = marks.then_some(u64::from(START as u32));
        let end = marks.then_some(u64::from(END as u32));
        let codes = start
            .into_iter()
            .chain(chars.iter().map(|&c| u64::from(self.fold(c) as u32)))
            .chain(end);
        let total = chars.len() + 2 * usize::from(marks);
        keys.reserve(3 * total);
        // The codes one and two positions back, once there are any.
        let (mut back1, mut back2) = (0u64, 0u64);
        for (at, code) in codes.enumerate() {
            let h1 = code.wrapping_mul(K);
            // A mark alone is not a feature.
            if !(marks && (at == 0 || at == total - 1)) {
                keys.push(mix64(h1 ^ 1));
            }
            if at >= 1 {
                let h2 = (h1 ^ back1).wrapping_mul(K);
                keys.push(mix64(h2 ^ 2));
                if at >= 2 {
                    let h3 = (h2 ^ back2).wrapping_mul(K);
                    keys.push(mix64(h3 ^ 3));
                }
            }
            back2 = back1;
            back1 = code;
        }
    }

    /// Digits folded to 0 (24小时 and 48小时 are one feature), and `!` to `.` when
    /// `fold_exclamation` is set.
    #[inline]
    fn fold(&self, c: char) -> char {
        if c.is_ascii_digit() {
            '0'
        } else if c == '!' && self.fold_exclamation {
            '.'
        } else {
            c
        }
    }
}

/// jieba's words (HMM off) of `chars`, as (first character, length).
fn for_each_word(chars: &[char], mut emit: impl FnMut(usize, usize)) {
    static JIEBA: OnceLock<jieba_rs::Jieba> = OnceLock::new();
    let jieba = JIEBA.get_or_init(jieba_rs::Jieba::new);
    let text: String = chars.iter().collect();
    let mut first = 0;
    for word in jieba.cut(&text, false) {
        let len = word.word.chars().count();
        emit(first, len);
        first += len;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grams(config: &FeatureConfig, s: &str) -> Vec<(usize, String)> {
        let chars: Vec<char> = s.chars().collect();
        let mut out = Vec::new();
        config.for_each(&chars, |row, first, len| {
            out.push((row, chars[first..first + len].iter().collect()));
        });
        out
    }

    #[test]
    fn ngrams_cover_the_sentence_with_marks() {
        let config = FeatureConfig::default();
        let g = grams(&config, "挂了");
        let texts: Vec<&str> = g.iter().map(|(_, t)| t.as_str()).collect();
        // 挂 ^挂 了 挂了 ^挂了 了$ 挂了$ (the marks alone are not features)
        assert_eq!(texts, ["挂", "挂", "了", "挂了", "挂了", "了", "挂了"]);
        // The same gram with and without a mark are different rows.
        assert_ne!(g[0].0, g[1].0);
        assert!(g.iter().all(|(row, _)| *row < config.buckets()));
        assert!(grams(&config, "").is_empty());
    }

    #[test]
    fn digits_fold_and_rows_are_stable() {
        let config = FeatureConfig::default();
        let a = grams(&config, "24小时");
        let b = grams(&config, "48小时");
        assert_eq!(
            a.iter().map(|x| x.0).collect::<Vec<_>>(),
            b.iter().map(|x| x.0).collect::<Vec<_>>()
        );
        let plain = FeatureConfig {
            boundaries: false,
            min_n: 2,
            max_n: 2,
            ..config
        };
        let texts: Vec<String> = grams(&plain, "不晓得").into_iter().map(|x| x.1).collect();
        assert_eq!(texts, ["不晓", "晓得"]);
    }

    #[test]
    fn the_hot_path_gives_the_same_rows() {
        for config in [
            FeatureConfig::default(),
            FeatureConfig {
                boundaries: false,
                ..FeatureConfig::default()
            },
            FeatureConfig {
                min_n: 2,
                max_n: 4,
                ..FeatureConfig::default()
            },
            FeatureConfig {
                skip: 2,
                shape: true,
                ..FeatureConfig::default()
            },
        ] {
            for s in ["", "挂", "挂了", "你自己不会看吗?", "24小时内ok"] {
                let chars: Vec<char> = s.chars().collect();
                let (mut slow, mut slow_rows) = (Vec::new(), Vec::new());
                config.for_each_key(&chars, |key, _, _| slow.push(key));
                config.for_each(&chars, |row, _, _| slow_rows.push(row as u32));
                let (mut codes, mut fast) = (Vec::new(), Vec::new());
                config.ngram_keys(&chars, &mut codes, &mut fast);
                assert_eq!(slow, fast, "{s} {config:?}");
                let rows: Vec<u32> = fast.iter().map(|&k| config.row(k)).collect();
                assert_eq!(slow_rows, rows, "{s} {config:?}");
            }
        }
    }

    #[test]
    fn words_are_optional_features() {
        let config = FeatureConfig {
            words: true,
            boundaries: false,
            min_n: 1,
            max_n: 1,
            ..FeatureConfig::default()
        };
        let texts: Vec<String> = grams(&config, "我不知道")
            .into_iter()
            .map(|x| x.1)
            .collect();
        assert_eq!(texts, ["我", "不", "知", "道", "知道"]);
    }
}
