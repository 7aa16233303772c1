//! The trained model: quantised one-vs-rest linear scores over hashed features, one dense table
//! per speaker, calibrated to probabilities; classification of sentences and turns, and the
//! evidence behind a score.

mod builtin;
mod classify;
mod coverage;
mod format;

pub use builtin::BUILTIN_MODEL;
pub use classify::{Detection, Evidence, Scores};
pub(crate) use coverage::SeenSet;
pub use coverage::{SentenceCoverage, Shrink};
pub use format::{ModelError, FORMAT_VERSION, MAX_MODEL_BYTES};

use super::{ClassList, FeatureConfig, Sentences};
use crate::Speaker;

/// How one class's summed quantised weights become a probability:
/// `p = sigmoid(mult · sum + add)`, where `mult` and `add` fold the quantisation scale, the bias
/// and the Platt calibration together.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct ClassParams {
    /// Dequantisation: a weight is `scale · q`.
    pub(crate) scale: f32,
    /// The linear model's bias.
    pub(crate) bias: f32,
    /// Platt scaling: `p = sigmoid(a · raw + b)`, `raw = bias + scale · sum`.
    pub(crate) platt_a: f32,
    /// See `platt_a`.
    pub(crate) platt_b: f32,
    /// The operating threshold on the calibrated probability, chosen on dev.
    pub(crate) threshold: f32,
}

impl ClassParams {
    /// `(mult, add)`: the log-odds are `mult · sum + add`.
    fn affine(&self) -> (f64, f64) {
        let a = f64::from(self.platt_a);
        (
            a * f64::from(self.scale),
            a * f64::from(self.bias) + f64::from(self.platt_b),
        )
    }
}

/// The weights of one speaker's classes: `rows × width` quantised weights, row-major, `width`
/// the speaker's class count rounded up to a multiple of 8 (the padding is zero), so that adding a
/// row is a few vector instructions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Table {
    /// The global class index of each column (`classes.len() ≤ width`).
    pub(crate) classes: Vec<usize>,
    pub(crate) width: usize,
    pub(crate) weights: Vec<i8>,
}

impl Table {
    pub(crate) fn padded_width(classes: usize) -> usize {
        classes.div_ceil(8).max(1) * 8
    }

    #[inline]
    pub(crate) fn row(&self, row: usize) -> &[i8] {
        &self.weights[row * self.width..(row + 1) * self.width]
    }
}

/// A trained intent model.
///
/// ```
/// use huashu::intent::Model;
/// use huashu::Speaker;
/// let model = Model::builtin();
/// let scores = model.classify("我都说八百遍了,你到底听没听", Speaker::Agent);
/// for (class, p) in scores.iter() {
///     assert!((0.0..=1.0).contains(&p));
///     assert_eq!(model.classes().get(class).speaker, Speaker::Agent);
/// }
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub(crate) classes: ClassList,
    pub(crate) features: FeatureConfig,
    pub(crate) sentences: Sentences,
    /// Per class, in class order.
    pub(crate) params: Vec<ClassParams>,
    /// Agent, then customer.
    pub(crate) tables: [Table; 2],
    /// How unfamiliar (or long) sentences are discounted.
    pub(crate) shrink: Shrink,
    /// The features seen in training, agent then customer.
    pub(crate) seen: [SeenSet; 2],
    /// Per class, derived from `params`: the log-odds are `mult · sum + add`.
    pub(crate) affine: Vec<(f64, f64)>,
    /// Per class, derived from `params`: the log-odds of the operating threshold.
    pub(crate) threshold_log_odds: Vec<f64>,
}

/// The table index of a speaker.
pub(crate) fn side(speaker: Speaker) -> usize {
    match speaker {
        Speaker::Agent => 0,
        Speaker::Customer => 1,
    }
}

impl Model {
    /// A model from its parts (the derived fields computed here).
    pub(crate) fn assemble(
        classes: ClassList,
        features: FeatureConfig,
        sentences: Sentences,
        params: Vec<ClassParams>,
        tables: [Table; 2],
        shrink: Shrink,
        seen: [SeenSet; 2],
    ) -> Model {
        let affine = params.iter().map(ClassParams::affine).collect();
        let threshold_log_odds = params
            .iter()
            .map(|p| {
                let t = f64::from(p.threshold).clamp(1e-12, 1.0 - 1e-12);
                (t / (1.0 - t)).ln()
            })
            .collect();
        Model {
            classes,
            features,
            sentences,
            params,
            tables,
            shrink,
            seen,
            affine,
            threshold_log_odds,
        }
    }

    /// How the model discounts sentences unlike its training data.
    ///
    /// ```
    /// use huashu::intent::{Model, Shrink};
    /// assert!(matches!(Model::builtin().shrink(), Shrink::Coverage { .. }));
    /// ```
    pub fn shrink(&self) -> Shrink {
        self.shrink
    }

    /// The classes the model knows, with their speakers.
    ///
    /// ```
    /// assert_eq!(huashu::intent::Model::builtin().classes().len(), 23);
    /// ```
    pub fn classes(&self) -> &ClassList {
        &self.classes
    }

    /// The index of class `id`, if the model has it (a pack naming a class the model lacks
    /// fails to load).
    ///
    /// ```
    /// let model = huashu::intent::Model::builtin();
    /// assert!(model.class_index("forbidden.deflection").is_some());
    /// assert!(model.class_index("forbidden.nope").is_none());
    /// ```
    pub fn class_index(&self, id: &str) -> Option<usize> {
        self.classes.index_of(id)
    }

    /// The features the model was trained on.
    ///
    /// ```
    /// let model = huashu::intent::Model::builtin();
    /// assert!(model.features().max_n >= model.features().min_n);
    /// ```
    pub fn features(&self) -> FeatureConfig {
        self.features
    }

    /// How the model cuts a turn into sentences.
    ///
    /// ```
    /// assert!(huashu::intent::Model::builtin().sentences().max_chars > 0);
    /// ```
    pub fn sentences(&self) -> Sentences {
        self.sentences
    }

    /// Changes how the model cuts a turn into sentences (the weights are not affected).
    ///
    /// ```
    /// use huashu::intent::{Model, Sentences};
    /// let mut model = Model::builtin().clone();
    /// model.set_sentences(Sentences { max_chars: 0 });
    /// assert_eq!(model.sentences().max_chars, 0);
    /// ```
    pub fn set_sentences(&mut self, sentences: Sentences) {
        self.sentences = sentences;
    }

    /// The operating threshold of class `class` (an index): the calibrated probability at which
    /// it was measured, chosen on the dev split.
    ///
    /// ```
    /// let model = huashu::intent::Model::builtin();
    /// let t = model.threshold(model.class_index("forbidden.refusal").unwrap());
    /// assert!((0.0..=1.0).contains(&t));
    /// ```
    pub fn threshold(&self, class: usize) -> f64 {
        f64::from(self.params[class].threshold)
    }

    /// Checks that the model was trained for exactly `classes` (same ids, speakers and order).
    ///
    /// ```
    /// use huashu::intent::{ClassList, Model};
    /// assert!(Model::builtin().check_classes(ClassList::builtin()).is_ok());
    /// let other = ClassList::from_toml("c.toml", "[[class]]\nid = \"a\"\nspeaker = \"agent\"\nname = \"\"\ndefinition = \"\"\nnorm = \"\"\n").unwrap();
    /// let err = Model::builtin().check_classes(&other).unwrap_err();
    /// assert!(err.to_string().contains("class list"));
    /// ```
    pub fn check_classes(&self, classes: &ClassList) -> Result<(), ModelError> {
        let ids = |l: &ClassList| -> Vec<(String, Speaker)> {
            l.iter().map(|c| (c.id.clone(), c.speaker)).collect()
        };
        let (mine, theirs) = (ids(&self.classes), ids(classes));
        if mine == theirs {
            return Ok(());
        }
        let missing = theirs
            .iter()
            .filter(|c| !mine.contains(c))
            .map(|c| c.0.clone())
            .collect();
        let extra = mine
            .iter()
            .filter(|c| !theirs.contains(c))
            .map(|c| c.0.clone())
            .collect();
        Err(ModelError::ClassMismatch { missing, extra })
    }
}
