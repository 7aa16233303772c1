//! Training: features of the train split, one-vs-rest weights per speaker (each class learnt
//! only from its speaker's sentences), quantisation, then calibration and operating thresholds
//! on the dev split. The test split is not touched.

mod calibrate;
mod logistic;

use super::model::{ClassParams, Table};
use super::{Dataset, Example, FeatureConfig, Model, Sentences, Split};
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
    /// The shuffling generator's seed.
    pub seed: u64,
    /// The dev precision each class's operating threshold aims for.
    pub target_precision: f64,
}

impl Default for TrainOptions {
    /// The settings of the built-in model, chosen on the dev split (see `intents/MODEL.md`).
    fn default() -> Self {
        TrainOptions {
            features: FeatureConfig::default(),
            sentences: Sentences::default(),
            learner: Learner::Logistic,
            epochs: 20,
            learning_rate: 0.2,
            l2: 1e-3,
            positive_weight: 1.0,
            seed: 0x6875_6173_6875,
            target_precision: 0.9,
        }
    }
}

/// Dev positives a class needs for a threshold of its own (else 0.5).
const MIN_DEV_SUPPORT: usize = 8;

/// Trains a model on the train split of `data` and calibrates it on the dev split.
/// Deterministic: the same data and options give the same model, byte for byte, whatever the
/// files are called and in whatever order their lines come.
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
    let features = options.features;
    let buckets = features.buckets();
    let mut params = vec![
        ClassParams {
            scale: 0.0,
            bias: 0.0,
            platt_a: 1.0,
            platt_b: 0.0,
            threshold: 0.5,
        };
        classes.len()
    ];
    let mut tables = Vec::with_capacity(2);
    for speaker in [Speaker::Agent, Speaker::Customer] {
        let own = classes.indices_of(speaker);
        let k = own.len();
        let (rows, labels) = examples_of(data, Split::Train, speaker, &own, &features);
        let fit = logistic::fit(&rows, &labels, k, buckets, options);
        // Quantise each class's weights to i8 with its own scale.
        let width = Table::padded_width(k);
        let mut weights = vec![0i8; buckets * width];
        for (j, &class) in own.iter().enumerate() {
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
            params[class].scale = scale;
            params[class].bias = fit.bias[j];
        }
        tables.push(Table {
            classes: own,
            width,
            weights,
        });
    }
    let customer = tables.pop().unwrap_or_else(|| unreachable!());
    let agent = tables.pop().unwrap_or_else(|| unreachable!());
    let uncalibrated = Model::assemble(
        classes.clone(),
        features,
        options.sentences,
        params.clone(),
        [agent, customer],
    );
    // Calibrate on dev with the quantised model, exactly as it will score.
    for speaker in [Speaker::Agent, Speaker::Customer] {
        let own = classes.indices_of(speaker);
        let dev = sorted(data, Split::Dev, speaker);
        let sums: Vec<Vec<i32>> = dev
            .iter()
            .map(|e| uncalibrated.raw_sums(&e.normalized, speaker))
            .collect();
        for (j, &class) in own.iter().enumerate() {
            let p = &mut params[class];
            let raw: Vec<f64> = sums
                .iter()
                .map(|s| f64::from(p.bias) + f64::from(p.scale) * f64::from(s[j]))
                .collect();
            let positive: Vec<bool> = dev.iter().map(|e| e.labels.contains(class)).collect();
            let (a, b) = calibrate::platt(&raw, &positive);
            p.platt_a = a as f32;
            p.platt_b = b as f32;
            let (a, b) = (f64::from(p.platt_a), f64::from(p.platt_b));
            let probabilities: Vec<f64> = raw
                .iter()
                .map(|&r| crate::intent::math::sigmoid(a * r + b))
                .collect();
            p.threshold = calibrate::threshold(
                &probabilities,
                &positive,
                options.target_precision,
                MIN_DEV_SUPPORT,
            ) as f32;
        }
    }
    let [agent, customer] = uncalibrated.tables;
    Model::assemble(
        classes,
        features,
        options.sentences,
        params,
        [agent, customer],
    )
}

/// One speaker's sentences of a split in order of normal form (unique per speaker), so that the
/// model depends on the data only, not on the files' names or order.
fn sorted(data: &Dataset, split: Split, speaker: Speaker) -> Vec<&Example> {
    let mut out: Vec<&Example> = data
        .in_split(split)
        .filter(|e| e.speaker == speaker)
        .collect();
    out.sort_by(|a, b| a.normalized.cmp(&b.normalized));
    out
}

/// The feature rows and label bits (bit `j` for `own[j]`) of one speaker's sentences of a split.
fn examples_of(
    data: &Dataset,
    split: Split,
    speaker: Speaker,
    own: &[usize],
    features: &FeatureConfig,
) -> (Vec<Vec<u32>>, Vec<u64>) {
    let mut rows = Vec::new();
    let mut labels = Vec::new();
    for e in sorted(data, split, speaker) {
        let chars: Vec<char> = e.normalized.chars().collect();
        let mut r = Vec::with_capacity(chars.len() * 4);
        features.for_each(&chars, |row, _, _| r.push(row as u32));
        rows.push(r);
        let mut bits = 0u64;
        for (j, &c) in own.iter().enumerate() {
            if e.labels.contains(c) {
                bits |= 1 << j;
            }
        }
        labels.push(bits);
    }
    (rows, labels)
}
