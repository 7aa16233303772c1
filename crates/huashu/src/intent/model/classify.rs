//! Classification: a sentence's features summed row by row into per-class integer scores, turned
//! into calibrated probabilities; the hot path ([`Model::detect`]) allocates nothing and keeps
//! only the classes at or above a floor. [`Model::explain`] names the features behind a score.

use std::cell::RefCell;
use std::ops::Range;

use super::{side, Model, SentenceCoverage, Table};
use crate::intent::normalize::NormBuf;
use crate::intent::FeatureConfig;
use crate::Speaker;

/// The calibrated probability of each class of one speaker for one sentence.
///
/// ```
/// use huashu::{intent::Model, Speaker};
/// let model = Model::builtin();
/// let scores = model.classify("您好,请问有什么可以帮您?", Speaker::Agent);
/// let (best, p) = scores.best().unwrap();
/// assert!(model.classes().get(best).speaker == Speaker::Agent && p <= 1.0);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Scores {
    probabilities: Vec<(usize, f64)>,
}

impl Scores {
    /// `(class index, probability)` for every class of the sentence's speaker, in class order.
    pub fn iter(&self) -> impl Iterator<Item = (usize, f64)> + '_ {
        self.probabilities.iter().copied()
    }

    /// The probability of class `class`, if it is a class of the sentence's speaker.
    ///
    /// ```
    /// use huashu::{intent::Model, Speaker};
    /// let model = Model::builtin();
    /// let scores = model.classify("你那边声音太小了", Speaker::Customer);
    /// assert!(scores.get(model.class_index("customer.cannot-hear").unwrap()).is_some());
    /// assert!(scores.get(model.class_index("forbidden.sarcasm").unwrap()).is_none());
    /// ```
    pub fn get(&self, class: usize) -> Option<f64> {
        self.probabilities
            .iter()
            .find(|(c, _)| *c == class)
            .map(|&(_, p)| p)
    }

    /// The most probable class and its probability.
    pub fn best(&self) -> Option<(usize, f64)> {
        self.probabilities
            .iter()
            .copied()
            .fold(None, |best, (c, p)| match best {
                Some((_, q)) if q >= p => best,
                _ => Some((c, p)),
            })
    }
}

/// A class found in one sentence of a turn.
#[derive(Debug, Clone, PartialEq)]
pub struct Detection {
    /// The sentence, as a byte range of the turn: a finding's span.
    pub sentence: Range<usize>,
    /// The class index.
    pub class: usize,
    /// The calibrated probability.
    pub confidence: f64,
}

/// One feature that weighed for a class: where it is in the original text and how much it added
/// to the class's log-odds.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    /// Byte range in the text given (the original spelling: traditional, full-width, spaced).
    pub span: Range<usize>,
    /// The feature in normal form (simplified, half-width, spacing removed).
    pub text: String,
    /// Its contribution to the class's log-odds (the sum over the n-grams with this span).
    pub weight: f64,
}

/// Per-thread scratch space, so classification allocates nothing once warm.
#[derive(Default)]
struct Scratch {
    chars: Vec<char>,
    codes: Vec<u64>,
    keys: Vec<u64>,
    spans: Vec<Range<usize>>,
    sums: Vec<i32>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Adds the weight rows of `keys` (each key's row: `FeatureConfig::row`) of `table` into `sums`
/// (`table.width` entries, zeroed first): 16-bit lanes, each row in one pass, flushed to 32 bits
/// before they can overflow.
#[inline]
fn add_rows(table: &Table, features: &FeatureConfig, keys: &[u64], sums: &mut Vec<i32>) {
    match table.width {
        8 => add_rows_of::<8>(table, features, keys, sums),
        16 => add_rows_of::<16>(table, features, keys, sums),
        24 => add_rows_of::<24>(table, features, keys, sums),
        32 => add_rows_of::<32>(table, features, keys, sums),
        _ => add_rows_any(table, features, keys, sums),
    }
}

/// [`add_rows`] for a table `W` columns wide.
#[inline]
fn add_rows_of<const W: usize>(
    table: &Table,
    features: &FeatureConfig,
    keys: &[u64],
    sums: &mut Vec<i32>,
) {
    sums.clear();
    sums.resize(W, 0);
    // 256 rows of at most 127 stay below i16::MAX.
    for batch in keys.chunks(256) {
        let mut acc = [0i16; W];
        for &key in batch {
            let start = features.row(key) as usize * W;
            let row: &[i8; W] = table.weights[start..start + W]
                .try_into()
                .unwrap_or(&[0; W]);
            for k in 0..W {
                acc[k] += i16::from(row[k]);
            }
        }
        for (sum, a) in sums.iter_mut().zip(acc) {
            *sum += i32::from(a);
        }
    }
}

/// [`add_rows`] for a table of any width.
fn add_rows_any(table: &Table, features: &FeatureConfig, keys: &[u64], sums: &mut Vec<i32>) {
    sums.clear();
    sums.resize(table.width, 0);
    for &key in keys {
        for (sum, &w) in sums.iter_mut().zip(table.row(features.row(key) as usize)) {
            *sum += i32::from(w);
        }
    }
}

impl Model {
    /// Normalises one sentence, sums its feature rows of `table` into `s.sums` and returns the
    /// discount factor of the sentence ([`super::Shrink`]).
    #[inline]
    fn score_into(&self, speaker: Speaker, sentence: &str, s: &mut Scratch) -> f64 {
        self.sums_into(speaker, sentence, s);
        self.discount(speaker, s)
    }

    /// Normalises one sentence and sums its feature rows of `speaker`'s table into `s.sums` (its
    /// keys left in `s.keys`), without the discount.
    #[inline]
    fn sums_into(&self, speaker: Speaker, sentence: &str, s: &mut Scratch) {
        NormBuf::chars_only(sentence, &mut s.chars);
        s.keys.clear();
        if self.features.words {
            let keys = &mut s.keys;
            self.features
                .for_each_key(&s.chars, |key, _, _| keys.push(key));
        } else {
            self.features
                .ngram_keys(&s.chars, &mut s.codes, &mut s.keys);
        }
        add_rows(
            &self.tables[side(speaker)],
            &self.features,
            &s.keys,
            &mut s.sums,
        );
    }

    /// The discount factor of the sentence whose keys are in `s.keys` ([`super::Shrink`]): one
    /// read of the seen set per feature, so the hot path asks for it only when it can matter.
    #[inline]
    fn discount(&self, speaker: Speaker, s: &Scratch) -> f64 {
        match self.shrink {
            super::Shrink::None => 1.0,
            shrink => {
                let seen = self.seen[side(speaker)].count_seen(&s.keys);
                shrink.factor(s.keys.len(), seen)
            }
        }
    }

    /// The log-odds of class `class` for a summed score discounted by `factor`.
    #[inline]
    fn log_odds(&self, class: usize, sum: i32, factor: f64) -> f64 {
        let (mult, add) = self.affine[class];
        factor * mult * f64::from(sum) + add
    }

    /// How many of a sentence's features the model saw in training, and the factor its summed
    /// weights are discounted by (see [`Model::shrink`]).
    ///
    /// ```
    /// use huashu::{intent::Model, Speaker};
    /// let model = Model::builtin();
    /// let familiar = model.coverage("请您耐心等待一下", Speaker::Agent);
    /// let foreign = model.coverage("设置---全局高级设置---辅助功能---耳机线控校准", Speaker::Agent);
    /// assert!(familiar.factor > foreign.factor);
    /// ```
    pub fn coverage(&self, sentence: &str, speaker: Speaker) -> SentenceCoverage {
        SCRATCH.with(|s| {
            let s = &mut *s.borrow_mut();
            let factor = self.score_into(speaker, sentence, s);
            SentenceCoverage {
                features: s.keys.len(),
                seen: self.seen[side(speaker)].count_seen(&s.keys),
                factor,
            }
        })
    }

    /// The probability of every class of `speaker` for one sentence (the text is normalised
    /// first; it is not cut into sentences).
    ///
    /// ```
    /// use huashu::{intent::Model, Speaker};
    /// let model = Model::builtin();
    /// let scores = model.classify("这块儿我们管不了,你找厂家去", Speaker::Agent);
    /// assert_eq!(scores.iter().count(), model.classes().indices_of(Speaker::Agent).len());
    /// ```
    pub fn classify(&self, sentence: &str, speaker: Speaker) -> Scores {
        let table = &self.tables[side(speaker)];
        SCRATCH.with(|s| {
            let s = &mut *s.borrow_mut();
            let factor = self.score_into(speaker, sentence, s);
            Scores {
                probabilities: table
                    .classes
                    .iter()
                    .enumerate()
                    .map(|(k, &c)| (c, sigmoid(self.log_odds(c, s.sums[k], factor))))
                    .collect(),
            }
        })
    }

    /// Each sentence of a turn (see [`Model::sentences`]) with its scores.
    ///
    /// ```
    /// use huashu::{intent::Model, Speaker};
    /// let turn = "您好。没别的事我挂了啊";
    /// let sentences = Model::builtin().classify_turn(turn, Speaker::Agent);
    /// assert_eq!(&turn[sentences[1].0.clone()], "没别的事我挂了啊");
    /// ```
    pub fn classify_turn(&self, turn: &str, speaker: Speaker) -> Vec<(Range<usize>, Scores)> {
        self.sentences
            .split(turn)
            .into_iter()
            .map(|r| {
                let scores = self.classify(&turn[r.clone()], speaker);
                (r, scores)
            })
            .collect()
    }

    /// The hot path: appends to `out` every (sentence, class) of the turn whose probability is
    /// at least `min` (`None`: at least the class's operating threshold, [`Model::threshold`]).
    /// Allocates nothing once the thread has classified a turn of this length.
    ///
    /// ```
    /// use huashu::{intent::Model, Speaker};
    /// let model = Model::builtin();
    /// let mut found = Vec::new();
    /// model.detect("感谢您的耐心等待。", Speaker::Agent, Some(0.0), &mut found);
    /// // With a floor of 0 every agent class is reported for the one sentence.
    /// assert_eq!(found.len(), model.classes().indices_of(Speaker::Agent).len());
    /// assert!(found.iter().all(|d| d.sentence == (0.."感谢您的耐心等待。".len())));
    /// ```
    pub fn detect(&self, turn: &str, speaker: Speaker, min: Option<f64>, out: &mut Vec<Detection>) {
        let table = &self.tables[side(speaker)];
        let floor = min.map(|p| {
            let p = p.clamp(1e-12, 1.0 - 1e-12);
            (p / (1.0 - p)).ln()
        });
        SCRATCH.with(|s| {
            let s = &mut *s.borrow_mut();
            s.spans.clear();
            self.sentences.split_into(turn, &mut s.spans);
            let spans = std::mem::take(&mut s.spans);
            for span in &spans {
                self.sums_into(speaker, &turn[span.clone()], s);
                // The log-odds `factor · mult · sum + add` is linear in the discount factor,
                // which lies in [0, 1]: when neither end (`add`, `mult · sum + add`) reaches a
                // class's floor, no factor does, and the seen set need not be read. (The margin
                // covers rounding between the ends; the outcome is the same as with the factor.)
                let can_reach = table.classes.iter().enumerate().any(|(k, &class)| {
                    let floor = floor.unwrap_or(self.threshold_log_odds[class]);
                    let (_, add) = self.affine[class];
                    self.log_odds(class, s.sums[k], 1.0).max(add) >= floor - 1e-9
                });
                if !can_reach {
                    continue;
                }
                let factor = self.discount(speaker, s);
                for (k, &class) in table.classes.iter().enumerate() {
                    let z = self.log_odds(class, s.sums[k], factor);
                    let floor = floor.unwrap_or(self.threshold_log_odds[class]);
                    if z >= floor {
                        out.push(Detection {
                            sentence: span.clone(),
                            class,
                            confidence: sigmoid(z),
                        });
                    }
                }
            }
            s.spans = spans;
        });
    }

    /// The features of `text` (one sentence) that weigh most for class `class`, strongest first:
    /// at most `top`, only those that push towards the class, n-grams with the same span summed
    /// (`吗` and `吗` at the sentence's end), none overlapping a stronger one.
    /// Spans are byte ranges of `text` as written. Weights are as discounted for the sentence
    /// (see [`Model::coverage`]): they add up, with the bias, to the log-odds the sentence got.
    ///
    /// ```
    /// use huashu::{intent::Model, Speaker};
    /// let model = Model::builtin();
    /// let text = "這塊兒 我們 管不了";
    /// let class = model.class_index("forbidden.deflection").unwrap();
    /// for e in model.explain(text, class, 3) {
    ///     assert!(e.weight > 0.0);
    ///     // The span is the original spelling of the feature.
    ///     assert_eq!(huashu::intent::Normalized::new(&text[e.span.clone()]).as_str(), e.text);
    /// }
    /// ```
    pub fn explain(&self, text: &str, class: usize, top: usize) -> Vec<Evidence> {
        let speaker = self.classes.get(class).speaker;
        let table = &self.tables[side(speaker)];
        let Some(column) = table.classes.iter().position(|&c| c == class) else {
            return Vec::new();
        };
        let (mult, _) = self.affine[class];
        let mult = mult * self.coverage(text, speaker).factor;
        let mut norm = NormBuf::default();
        norm.fill(text, 0);
        let mut by_span: Vec<((usize, usize), f64)> = Vec::new();
        self.features.for_each(&norm.chars, |row, first, len| {
            let w = mult * f64::from(table.row(row)[column]);
            match by_span.iter_mut().find(|(k, _)| *k == (first, len)) {
                Some((_, sum)) => *sum += w,
                None => by_span.push(((first, len), w)),
            }
        });
        by_span.retain(|&(_, w)| w > 0.0);
        by_span.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        // The strongest first; a feature overlapping one already chosen adds nothing new.
        let mut chosen: Vec<((usize, usize), f64)> = Vec::new();
        for (span, w) in by_span {
            if chosen.len() == top {
                break;
            }
            let overlaps = chosen
                .iter()
                .any(|&((f, l), _)| span.0 < f + l && f < span.0 + span.1);
            if !overlaps {
                chosen.push((span, w));
            }
        }
        chosen
            .into_iter()
            .map(|((first, len), weight)| Evidence {
                span: norm.starts[first] as usize..norm.ends[first + len - 1] as usize,
                text: norm.chars[first..first + len].iter().collect(),
                weight,
            })
            .collect()
    }

    /// [`Model::explain`] for a detection of a turn: spans are byte ranges of the turn.
    ///
    /// ```
    /// use huashu::{intent::Model, Speaker};
    /// let model = Model::builtin();
    /// let turn = "您好。随便您吧,反正就那样";
    /// let mut found = Vec::new();
    /// model.detect(turn, Speaker::Agent, Some(0.0), &mut found);
    /// let second = found.iter().find(|d| d.sentence.start > 0).unwrap();
    /// for e in model.explain_detection(turn, second, 2) {
    ///     assert!(e.span.start >= second.sentence.start && e.span.end <= second.sentence.end);
    /// }
    /// ```
    pub fn explain_detection(
        &self,
        turn: &str,
        detection: &Detection,
        top: usize,
    ) -> Vec<Evidence> {
        let base = detection.sentence.start;
        let mut evidence = self.explain(&turn[detection.sentence.clone()], detection.class, top);
        for e in &mut evidence {
            e.span = e.span.start + base..e.span.end + base;
        }
        evidence
    }
}

/// The logistic function (the platform's `exp`: classification need not be bit-identical
/// across platforms, only training is).
#[inline]
fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::intent::math::SplitMix64;

    /// Every table width sums what a plain loop in 32 bits sums, also over more than 256 rows of
    /// the extreme weights (the 16-bit lanes must be flushed before they overflow).
    #[test]
    fn rows_add_up_at_every_width() {
        let features = FeatureConfig {
            bucket_bits: 10,
            ..FeatureConfig::default()
        };
        let rows = features.buckets();
        let mut rng = SplitMix64(7);
        for width in [8, 16, 24, 32, 40, 64] {
            for extreme in [None, Some(127i8), Some(-128i8)] {
                let weights: Vec<i8> = (0..rows * width)
                    .map(|_| extreme.unwrap_or_else(|| rng.next_u64() as i8))
                    .collect();
                let table = Table {
                    classes: (0..width).collect(),
                    width,
                    weights,
                };
                for n in [0, 1, 255, 256, 257, 1000] {
                    let keys: Vec<u64> = (0..n).map(|_| rng.next_u64()).collect();
                    let mut sums = vec![99; 3];
                    add_rows(&table, &features, &keys, &mut sums);
                    let mut expected = vec![0i32; width];
                    for &key in &keys {
                        let row = table.row(features.row(key) as usize);
                        for (e, &w) in expected.iter_mut().zip(row) {
                            *e += i32::from(w);
                        }
                    }
                    assert_eq!(sums, expected, "width {width}, {n} keys, {extreme:?}");
                }
            }
        }
    }
}
