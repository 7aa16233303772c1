//! The label audit: out-of-fold probabilities for every sentence of the chosen splits, and the
//! labels the model disagrees with strongly — a class left out that the model is sure of
//! ("missing?"), or a class given that the model is sure is not there ("doubtful?"). A list for a
//! person to read against the labelling guide, not a fix: the model is often the one that is
//! wrong.

use super::{calibrate, out_of_fold, Prepared, TrainOptions};
use crate::intent::math::sigmoid;
use crate::intent::{Dataset, Split};
use crate::Speaker;

/// What an audit looks at and how strong a disagreement must be to be listed.
///
/// ```
/// let options = huashu::intent::AuditOptions::default();
/// assert_eq!((options.folds, options.min_gap), (5, 0.8));
/// assert_eq!(options.splits, vec![huashu::intent::Split::Train, huashu::intent::Split::Dev]);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct AuditOptions {
    /// Number of folds (at least 2): each sentence is scored by a model fitted on the others.
    pub folds: u8,
    /// How far the probability must be from the label (1 for a class given, 0 for one left
    /// out) to be listed: 0.8 lists a class left out at p ≥ 0.8 and a class given at p ≤ 0.2.
    pub min_gap: f64,
    /// The splits audited (and cross-fitted on). Leave the test split out: labels chosen by a
    /// model's disagreement would tune the test figures on the model.
    pub splits: Vec<Split>,
    /// The training settings of each fold's model (its `calibration` is not used).
    pub train: TrainOptions,
}

impl Default for AuditOptions {
    fn default() -> Self {
        AuditOptions {
            folds: 5,
            min_gap: 0.8,
            splits: vec![Split::Train, Split::Dev],
            train: TrainOptions::default(),
        }
    }
}

/// Which way the model disagrees with a sentence's labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The class is not in the labels but the model is sure of it.
    Missing,
    /// The class is in the labels but the model is sure it is not there.
    Doubtful,
}

impl Verdict {
    /// How the audit lists it: `missing?` or `doubtful?`.
    ///
    /// ```
    /// assert_eq!(huashu::intent::Verdict::Missing.as_str(), "missing?");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Missing => "missing?",
            Verdict::Doubtful => "doubtful?",
        }
    }
}

/// One label the model disagrees with.
#[derive(Debug, Clone, PartialEq)]
pub struct Disagreement {
    /// The sentence: an index into [`Dataset::examples`].
    pub example: usize,
    /// The class (an index into the dataset's class list).
    pub class: usize,
    /// The out-of-fold probability of the class.
    pub probability: f64,
    /// Which way.
    pub verdict: Verdict,
}

impl Disagreement {
    /// How far the probability is from the label: `p` for a missing class, `1 − p` for a
    /// doubtful one.
    ///
    /// ```
    /// use huashu::intent::{Disagreement, Verdict};
    /// let d = Disagreement { example: 0, class: 0, probability: 0.1, verdict: Verdict::Doubtful };
    /// assert!((d.gap() - 0.9).abs() < 1e-12);
    /// ```
    pub fn gap(&self) -> f64 {
        match self.verdict {
            Verdict::Missing => self.probability,
            Verdict::Doubtful => 1.0 - self.probability,
        }
    }
}

/// Audits the labels of `options.splits`: each speaker's sentences are cut into folds by
/// near-duplicate group (as the trainer's cross-fitting does), each fold scored by a model
/// fitted on the others, the scores calibrated (Platt, per class, on all the out-of-fold
/// scores), and every label at least `min_gap` from its probability listed, strongest first
/// (then in data order). Deterministic.
///
/// ```
/// use huashu::intent::{audit, AuditOptions, ClassList, Dataset, Split};
/// let tsv = "agent\tforbidden.rushing\ttelecom\tspoken\t没别的事我挂了啊\n\
///            agent\t-\ttelecom\tformal\t请问还有什么可以帮您\n";
/// let data = Dataset::parse(&[("a.tsv", tsv)], ClassList::builtin()).unwrap();
/// let options = AuditOptions { splits: vec![Split::Train, Split::Dev, Split::Test], ..AuditOptions::default() };
/// let listed = audit(&data, &options);
/// assert!(listed.iter().all(|d| d.gap() >= options.min_gap));
/// assert!(listed.windows(2).all(|w| w[0].gap() >= w[1].gap()));
/// ```
pub fn audit(data: &Dataset, options: &AuditOptions) -> Vec<Disagreement> {
    let classes = data.classes();
    let mut listed = Vec::new();
    for speaker in [Speaker::Agent, Speaker::Customer] {
        let own = classes.indices_of(speaker);
        if own.is_empty() {
            continue;
        }
        let mut chosen: Vec<(usize, Prepared)> = data
            .examples()
            .iter()
            .enumerate()
            .filter(|(_, e)| e.speaker == speaker && options.splits.contains(&e.split))
            .map(|(i, e)| (i, Prepared::new(e, &own, &options.train.features)))
            .collect();
        if chosen.len() < 2 {
            continue;
        }
        // In order of normal form, as the trainer fits: the result depends on the data only.
        chosen.sort_by(|a, b| a.1.normalized.cmp(b.1.normalized));
        let (index, all): (Vec<usize>, Vec<Prepared>) = chosen.into_iter().unzip();
        let scored = out_of_fold(&all, own.len(), options.folds, &options.train);
        for (j, &class) in own.iter().enumerate() {
            let scores: Vec<f64> = scored.iter().map(|(_, r)| r[j]).collect();
            let positive: Vec<bool> = scored
                .iter()
                .map(|&(i, _)| all[i].labels >> j & 1 == 1)
                .collect();
            let (a, b) = calibrate::platt(&scores, &positive);
            for ((&(i, _), &score), &given) in scored.iter().zip(&scores).zip(&positive) {
                let probability = sigmoid(a * score + b);
                let verdict = if given {
                    Verdict::Doubtful
                } else {
                    Verdict::Missing
                };
                let d = Disagreement {
                    example: index[i],
                    class,
                    probability,
                    verdict,
                };
                if d.gap() >= options.min_gap {
                    listed.push(d);
                }
            }
        }
    }
    listed.sort_by(|x, y| {
        y.gap()
            .total_cmp(&x.gap())
            .then(x.example.cmp(&y.example))
            .then(x.class.cmp(&y.class))
    });
    listed
}
