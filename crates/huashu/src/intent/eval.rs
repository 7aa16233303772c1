//! Evaluation: per-class precision, recall, F1 and support on a split, and a confusion table
//! (true class × predicted class, with "none"), as data a command line can print.

use super::{Dataset, Model, Split};

/// How one class did on a split.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassMetrics {
    /// The class index.
    pub class: usize,
    /// The class id.
    pub id: String,
    /// The threshold the figures were measured at.
    pub threshold: f64,
    /// Sentences labelled with the class.
    pub support: usize,
    /// Sentences predicted as the class.
    pub predicted: usize,
    /// Sentences both labelled and predicted.
    pub true_positives: usize,
    /// `true_positives / predicted` (1 when nothing was predicted).
    pub precision: f64,
    /// `true_positives / support` (1 when there is no support).
    pub recall: f64,
    /// The harmonic mean of precision and recall (0 when both are 0).
    pub f1: f64,
    /// Average precision over the class's speaker's sentences ranked by probability: a
    /// threshold-free figure for comparing models (0 when there is no support).
    pub average_precision: f64,
}

/// Counts of (true class, predicted class) over the sentences of a split. A sentence counts
/// once for every pair of one of its labels (or "none") and one of its predictions (or "none").
///
/// ```
/// use huashu::intent::{evaluate, ClassList, Dataset, Model, Split};
/// let tsv = "#! split = test\nagent\tforbidden.rushing\ttelecom\tspoken\t没别的事我挂了啊\n";
/// let data = Dataset::parse(&[("t.tsv", tsv)], ClassList::builtin()).unwrap();
/// let eval = evaluate(Model::builtin(), &data, Split::Test, None);
/// let confusion = &eval.confusion;
/// let rushing = confusion.labels.iter().position(|l| l == "forbidden.rushing").unwrap();
/// assert_eq!(confusion.counts[rushing].iter().sum::<usize>(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confusion {
    /// The class ids, then `none`.
    pub labels: Vec<String>,
    /// `counts[true][predicted]`, indexed like `labels`.
    pub counts: Vec<Vec<usize>>,
}

/// The figures of a model on one split.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    /// The split measured.
    pub split: Split,
    /// Sentences measured.
    pub sentences: usize,
    /// One entry per class, in class order.
    pub classes: Vec<ClassMetrics>,
    /// The confusion table.
    pub confusion: Confusion,
}

impl Evaluation {
    /// The unweighted mean average precision over the classes with support.
    ///
    /// ```
    /// use huashu::intent::{evaluate, ClassList, Dataset, Model, Split};
    /// let data = Dataset::parse(&[], ClassList::builtin()).unwrap();
    /// assert_eq!(evaluate(Model::builtin(), &data, Split::Test, None).macro_average_precision(), 0.0);
    /// ```
    pub fn macro_average_precision(&self) -> f64 {
        mean(
            self.classes
                .iter()
                .filter(|c| c.support > 0)
                .map(|c| c.average_precision),
        )
    }

    /// The unweighted mean F1 over the classes with support.
    ///
    /// ```
    /// use huashu::intent::{evaluate, ClassList, Dataset, Model, Split};
    /// let data = Dataset::parse(&[], ClassList::builtin()).unwrap();
    /// assert_eq!(evaluate(Model::builtin(), &data, Split::Test, None).macro_f1(), 0.0);
    /// ```
    pub fn macro_f1(&self) -> f64 {
        mean(self.classes.iter().filter(|c| c.support > 0).map(|c| c.f1))
    }
}

fn mean(values: impl Iterator<Item = f64>) -> f64 {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    if n == 0 {
        0.0
    } else {
        sum / n as f64
    }
}

/// Measures `model` on the sentences of `split` (each sentence classified whole, as written),
/// predicting a class when its probability is at least `min` (`None`: the class's operating
/// threshold).
///
/// ```
/// use huashu::intent::{evaluate, ClassList, Dataset, Model, Split};
/// let tsv = "#! split = dev\ncustomer\tcustomer.cannot-hear\ttelecom\tspoken\t你那边声音太小了听不见\n";
/// let data = Dataset::parse(&[("d.tsv", tsv)], ClassList::builtin()).unwrap();
/// let eval = evaluate(Model::builtin(), &data, Split::Dev, Some(0.5));
/// let hear = &eval.classes[ClassList::builtin().index_of("customer.cannot-hear").unwrap()];
/// assert_eq!((hear.support, hear.threshold), (1, 0.5));
/// ```
pub fn evaluate(model: &Model, data: &Dataset, split: Split, min: Option<f64>) -> Evaluation {
    let classes = model.classes();
    let n = classes.len();
    let threshold = |c: usize| min.unwrap_or_else(|| model.threshold(c));
    let (mut support, mut predicted, mut tp) = (vec![0; n], vec![0; n], vec![0; n]);
    let mut counts = vec![vec![0usize; n + 1]; n + 1];
    let mut sentences = 0;
    // Per class: (probability, labelled) of every sentence of its speaker.
    let mut ranked: Vec<Vec<(f64, bool)>> = vec![Vec::new(); n];
    for e in data.in_split(split) {
        sentences += 1;
        let scores = model.classify(&e.text, e.speaker);
        let predictions: Vec<usize> = scores
            .iter()
            .filter(|&(c, p)| p >= threshold(c))
            .map(|(c, _)| c)
            .collect();
        // Labels by id, so that a dataset with another class order still measures right.
        let truth: Vec<usize> = e
            .labels
            .iter()
            .filter_map(|i| classes.index_of(&data.classes().get(i).id))
            .collect();
        for &c in &truth {
            support[c] += 1;
        }
        for (c, p) in scores.iter() {
            ranked[c].push((p, truth.contains(&c)));
        }
        for &c in &predictions {
            predicted[c] += 1;
            if truth.contains(&c) {
                tp[c] += 1;
            }
        }
        let rows: Vec<usize> = if truth.is_empty() { vec![n] } else { truth };
        let cols: Vec<usize> = if predictions.is_empty() {
            vec![n]
        } else {
            predictions
        };
        for &r in &rows {
            for &c in &cols {
                counts[r][c] += 1;
            }
        }
    }
    let metrics = (0..n)
        .map(|c| {
            let precision = if predicted[c] == 0 {
                1.0
            } else {
                tp[c] as f64 / predicted[c] as f64
            };
            let recall = if support[c] == 0 {
                1.0
            } else {
                tp[c] as f64 / support[c] as f64
            };
            let f1 = if precision + recall == 0.0 {
                0.0
            } else {
                2.0 * precision * recall / (precision + recall)
            };
            ClassMetrics {
                class: c,
                id: classes.get(c).id.clone(),
                threshold: threshold(c),
                support: support[c],
                predicted: predicted[c],
                true_positives: tp[c],
                precision,
                recall,
                f1,
                average_precision: average_precision(&mut ranked[c]),
            }
        })
        .collect();
    let mut labels: Vec<String> = classes.iter().map(|c| c.id.clone()).collect();
    labels.push("none".to_string());
    Evaluation {
        split,
        sentences,
        classes: metrics,
        confusion: Confusion { labels, counts },
    }
}

/// Average precision of a ranking: the mean, over the positives, of the precision among the
/// items ranked at or above each (ties broken against the positives).
fn average_precision(items: &mut [(f64, bool)]) -> f64 {
    items.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let positives = items.iter().filter(|x| x.1).count();
    if positives == 0 {
        return 0.0;
    }
    let (mut hits, mut sum) = (0usize, 0.0);
    for (rank, &(_, positive)) in items.iter().enumerate() {
        if positive {
            hits += 1;
            sum += hits as f64 / (rank + 1) as f64;
        }
    }
    sum / positives as f64
}

#[cfg(test)]
mod tests {
    #[test]
    fn average_precision_of_rankings() {
        let ap = |v: &[(f64, bool)]| super::average_precision(&mut v.to_vec());
        assert_eq!(ap(&[(0.9, true), (0.8, true), (0.1, false)]), 1.0);
        assert_eq!(ap(&[(0.9, false), (0.8, true)]), 0.5);
        assert_eq!(ap(&[(0.5, true), (0.5, false)]), 0.5, "ties count against");
        assert_eq!(ap(&[(0.5, false)]), 0.0);
    }
}
