//! Training: one-vs-rest weights per speaker (each class learnt only from its speaker's
//! sentences), quantised; then Platt calibration and operating thresholds, either on the dev
//! split or on out-of-fold scores (cross-fitting by near-duplicate group). The test split is
//! never touched.

mod audit;
mod calibrate;
mod logistic;

pub use audit::{audit, AuditOptions, Disagreement, Verdict};

use super::math::sigmoid;
use super::model::{ClassParams, SeenSet, Table};
use super::{Dataset, Example, FeatureConfig, Model, Sentences, Shrink, Split};
use crate::Speaker;

/// Which learner fits the weights.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Learner {
    /// Logistic regression over feature counts.
    Logistic,
    /// Logistic regression over naive-Bayes-scaled features (NBSVM-style), folded into the
    /// same linear model.
    NbLogistic,
}

/// Everything training depends on besides the data; the defaults train the built-in model.
///
/// ```
/// let options = huashu::intent::TrainOptions::default();
/// assert!(options.epochs > 0 && options.l2 > 0.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrainOptions {
    /// The features.
    pub features: FeatureConfig,
    /// How turns are cut into sentences at classification time (stored in the model).
    pub sentences: Sentences,
    /// The learner.
    pub learner: Learner,
    /// Passes over the train split.
    pub epochs: u32,
    /// The initial learning rate (decays linearly to zero).
    pub learning_rate: f64,
    /// L2 regularisation strength (applied to the weights each example touches).
    pub l2: f64,
    /// How much a positive example weighs against a negative one.
    pub positive_weight: f64,
    /// The share of a sentence's features dropped at random each time it is seen (0: none): a
    /// regulariser that spreads the weight over more n-grams.
    pub dropout: f64,
    /// The shuffling generator's seed.
    pub seed: u64,
    /// The precision each class's operating threshold aims for, on the calibration scores.
    pub target_precision: f64,
    /// What the weights are fitted on and where calibration and thresholds come from.
    pub calibration: Calibration,
    /// How sentences unlike the training data are discounted (calibration sees the discount:
    /// out-of-fold sentences are discounted by what their fold's model saw).
    pub shrink: Shrink,
    /// The seen set has `2^seen_bits` bits per speaker (0: none; 6 to 24).
    pub seen_bits: u8,
}

/// Where a model's calibration (Platt scaling) and operating thresholds come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Calibration {
    /// Weights fitted on the train split, calibrated on the dev split.
    Dev,
    /// Weights fitted on the train split (and the dev split too when `with_dev`), calibrated on
    /// out-of-fold scores: the fitting sentences are cut into `folds` folds by near-duplicate
    /// group, each scored by a model fitted on the other folds. More calibration sentences (so
    /// steadier thresholds) and, with the dev split, more training sentences.
    CrossFit {
        /// Number of folds (at least 2).
        folds: u8,
        /// Whether the dev split is fitted on too.
        with_dev: bool,
    },
}

impl Default for TrainOptions {
    /// The settings of the built-in model, chosen on the dev split (see `intents/MODEL.md`).
    fn default() -> Self {
        TrainOptions {
            features: FeatureConfig::default(),
            sentences: Sentences::default(),
            learner: Learner::Logistic,
            epochs: 40,
            learning_rate: 0.2,
            l2: 1e-3,
            positive_weight: 1.0,
            dropout: 0.5,
            seed: 0x6875_6173_6875,
            target_precision: 0.9,
            calibration: Calibration::CrossFit {
                folds: 5,
                with_dev: true,
            },
            shrink: Shrink::Coverage { power: 2, full: 90 },
            seen_bits: 21,
        }
    }
}

/// Calibration positives a class needs for a threshold of its own (else 0.5).
const MIN_CALIBRATION_SUPPORT: usize = 8;

/// Trains a model on `data` (see [`Calibration`] for which splits). Deterministic: the same data
/// and options give the same model, byte for byte, whatever the files are called and in whatever
/// order their lines come.
///
/// ```
/// use huashu::intent::{train, ClassList, Dataset, TrainOptions};
/// let tsv = "agent\tforbidden.rushing\ttelecom\tspoken\t没别的事我挂了啊\n\
///            agent\t-\ttelecom\tformal\t请问还有什么可以帮您\n";
/// let data = Dataset::parse(&[("a.tsv", tsv)], ClassList::builtin()).unwrap();
/// let model = train(&data, &TrainOptions::default());
/// assert_eq!(model.to_bytes(), train(&data, &TrainOptions::default()).to_bytes());
/// ```
pub fn train(data: &Dataset, options: &TrainOptions) -> Model {
    let classes = data.classes().clone();
    let mut params = vec![
        ClassParams {
            scale: 1.0,
            bias: 0.0,
            platt_a: 1.0,
            platt_b: 0.0,
            threshold: 0.5,
        };
        classes.len()
    ];
    let mut tables = Vec::with_capacity(2);
    let mut seen = Vec::with_capacity(2);
    for speaker in [Speaker::Agent, Speaker::Customer] {
        let own = classes.indices_of(speaker);
        let prepare = |splits: &[Split]| -> Vec<Prepared> {
            let mut out: Vec<Prepared> = splits
                .iter()
                .flat_map(|&s| data.in_split(s))
                .filter(|e| e.speaker == speaker)
                .map(|e| Prepared::new(e, &own, &options.features))
                .collect();
            // In order of normal form (unique per speaker): the model depends on the data only.
            out.sort_by(|a, b| a.normalized.cmp(b.normalized));
            out
        };
        // The fitted model, and the (raw scores, labels) calibration is fitted on.
        let (fitted, calibration) = match options.calibration {
            Calibration::Dev => {
                let fitted = Fitted::fit(&prepare(&[Split::Train]), own.len(), options);
                let dev = prepare(&[Split::Dev]);
                let raw: Vec<Vec<f64>> = dev.iter().map(|p| fitted.raw(&p.keys)).collect();
                let labels = dev.iter().map(|p| p.labels).collect();
                (fitted, (raw, labels))
            }
            Calibration::CrossFit { folds, with_dev } => {
                let splits: &[Split] = if with_dev {
                    &[Split::Train, Split::Dev]
                } else {
                    &[Split::Train]
                };
                let all = prepare(splits);
                let mut raw = Vec::with_capacity(all.len());
                let mut labels = Vec::with_capacity(all.len());
                for (i, scores) in out_of_fold(&all, own.len(), folds, options) {
                    raw.push(scores);
                    labels.push(all[i].labels);
                }
                (Fitted::fit(&all, own.len(), options), (raw, labels))
            }
        };
        let (raw, labels) = calibration;
        for (j, &class) in own.iter().enumerate() {
            let p = &mut params[class];
            p.scale = fitted.scales[j];
            p.bias = fitted.bias[j];
            let scores: Vec<f64> = raw.iter().map(|r| r[j]).collect();
            let positive: Vec<bool> = labels.iter().map(|&l: &u64| l >> j & 1 == 1).collect();
            let (a, b) = calibrate::platt(&scores, &positive);
            // A slope of 0 or below means the calibration scores rank the class backwards (a
            // handful of sentences, all unfamiliar to the other folds' models): no calibration.
            let (a, b) = if a > 0.0 { (a, b) } else { (1.0, 0.0) };
            p.platt_a = a as f32;
            p.platt_b = b as f32;
            let (a, b) = (f64::from(p.platt_a), f64::from(p.platt_b));
            let probabilities: Vec<f64> = scores.iter().map(|&r| sigmoid(a * r + b)).collect();
            p.threshold = calibrate::threshold(
                &probabilities,
                &positive,
                options.target_precision,
                MIN_CALIBRATION_SUPPORT,
            ) as f32;
        }
        tables.push(Table {
            classes: own,
            width: fitted.width,
            weights: fitted.weights,
        });
        seen.push(fitted.seen);
    }
    let customer = tables.pop().unwrap_or_else(|| unreachable!());
    let agent = tables.pop().unwrap_or_else(|| unreachable!());
    let customer_seen = seen.pop().unwrap_or_else(|| unreachable!());
    let agent_seen = seen.pop().unwrap_or_else(|| unreachable!());
    Model::assemble(
        classes,
        options.features,
        options.sentences,
        params,
        [agent, customer],
        options.shrink,
        [agent_seen, customer_seen],
    )
}

/// Out-of-fold raw scores: `all` cut into `folds` folds (at least 2) by near-duplicate group
/// (the group key's high half modulo `folds`: deterministic, and near-copies share a fold), each
/// fold scored by weights fitted on the other folds. Returns `(index into all, raw scores)` in
/// fold order, then `all`'s order.
fn out_of_fold(
    all: &[Prepared<'_>],
    k: usize,
    folds: u8,
    options: &TrainOptions,
) -> Vec<(usize, Vec<f64>)> {
    let folds = u64::from(folds.max(2));
    let fold_of = |p: &Prepared<'_>| (p.group_key >> 32) % folds;
    let mut out = Vec::with_capacity(all.len());
    for fold in 0..folds {
        let rest: Vec<Prepared> = all.iter().filter(|p| fold_of(p) != fold).cloned().collect();
        let fitted = Fitted::fit(&rest, k, options);
        for (i, p) in all.iter().enumerate().filter(|(_, p)| fold_of(p) == fold) {
            out.push((i, fitted.raw(&p.keys)));
        }
    }
    out
}

/// One sentence ready for fitting: its feature keys (see [`FeatureConfig::for_each_key`]) and its
/// label bits (bit `j` for the speaker's `j`-th class).
#[derive(Clone)]
struct Prepared<'a> {
    normalized: &'a str,
    keys: Vec<u64>,
    labels: u64,
    group_key: u64,
}

impl<'a> Prepared<'a> {
    fn new(e: &'a Example, own: &[usize], features: &FeatureConfig) -> Prepared<'a> {
        let chars: Vec<char> = e.normalized.chars().collect();
        let mut keys = Vec::with_capacity(chars.len() * 4);
        features.for_each_key(&chars, |key, _, _| keys.push(key));
        let mut labels = 0u64;
        for (j, &c) in own.iter().enumerate() {
            if e.labels.contains(c) {
                labels |= 1 << j;
            }
        }
        Prepared {
            normalized: &e.normalized,
            keys,
            labels,
            group_key: e.group_key,
        }
    }
}

/// Quantised weights of one speaker's classes, as the model will hold them, with the features
/// they were fitted on.
struct Fitted {
    width: usize,
    weights: Vec<i8>,
    scales: Vec<f32>,
    bias: Vec<f32>,
    seen: SeenSet,
    features: FeatureConfig,
    shrink: Shrink,
}

impl Fitted {
    /// Fits the weights and quantises each class's to i8 with its own scale.
    fn fit(examples: &[Prepared<'_>], k: usize, options: &TrainOptions) -> Fitted {
        let buckets = options.features.buckets();
        let features = options.features;
        let mut seen = SeenSet::new(options.seen_bits);
        for p in examples {
            for &key in &p.keys {
                seen.insert(key);
            }
        }
        let rows: Vec<Vec<u32>> = examples
            .iter()
            .map(|p| p.keys.iter().map(|&key| features.row(key)).collect())
            .collect();
        let labels: Vec<u64> = examples.iter().map(|p| p.labels).collect();
        let fit = logistic::fit(&rows, &labels, k, buckets, options);
        let width = Table::padded_width(k);
        let mut weights = vec![0i8; buckets * width];
        let mut scales = Vec::with_capacity(k);
        for j in 0..k {
            let max = (0..buckets)
                .map(|r| fit.weights[r * k + j].abs())
                .fold(0f32, f32::max);
            let scale = if max > 0.0 { max / 127.0 } else { 1.0 };
            for r in 0..buckets {
                let q = (fit.weights[r * k + j] / scale)
                    .round()
                    .clamp(-127.0, 127.0);
                weights[r * width + j] = q as i8;
            }
            scales.push(scale);
        }
        Fitted {
            width,
            weights,
            scales,
            bias: fit.bias,
            seen,
            features,
            shrink: options.shrink,
        }
    }

    /// The raw score (`bias + factor · scale · sum`) of each class for a sentence's feature
    /// keys, exactly as the quantised model computes it (the factor from this fit's seen set).
    fn raw(&self, keys: &[u64]) -> Vec<f64> {
        let factor = self.shrink.factor(keys.len(), self.seen.count_seen(keys));
        let mut sums = vec![0i32; self.width];
        for &key in keys {
            let r = self.features.row(key) as usize;
            let row = &self.weights[r * self.width..(r + 1) * self.width];
            for (s, &w) in sums.iter_mut().zip(row) {
                *s += i32::from(w);
            }
        }
        (0..self.scales.len())
            .map(|j| {
                f64::from(self.bias[j]) + factor * (f64::from(self.scales[j]) * f64::from(sums[j]))
            })
            .collect()
    }
}
