//! One-vs-rest logistic regression by stochastic gradient descent: L2-regularised, a learning
//! rate decaying linearly to zero, examples shuffled by a fixed-seed generator, one thread, fixed
//! order, deterministic arithmetic: the same data always gives the same weights, bit for bit.
//! Optionally NB-weighted (Wang & Manning's NBSVM idea): each feature's value for a class is its
//! naive-Bayes log-count ratio, folded into the weights afterwards.

use super::{Learner, TrainOptions};
use crate::intent::math::{ln, sigmoid, SplitMix64};

/// Weights of `k` classes over `buckets` rows (row-major, `k` per row) and their biases.
pub(crate) struct Fit {
    pub(crate) weights: Vec<f32>,
    pub(crate) bias: Vec<f32>,
}

/// Fits `k` binary classifiers at once on examples given as feature rows (`rows[i]`, repeated
/// rows counted) and label bits (`labels[i]`, bit `j` for class `j`).
pub(crate) fn fit(
    rows: &[Vec<u32>],
    labels: &[u64],
    k: usize,
    buckets: usize,
    options: &TrainOptions,
) -> Fit {
    let mut weights = vec![0f32; buckets * k];
    let mut bias = vec![0f32; k];
    if rows.is_empty() || k == 0 {
        return Fit { weights, bias };
    }
    // Per-class feature values: 1, or the NB log-count ratio.
    let ratio = match options.learner {
        Learner::Logistic => None,
        Learner::NbLogistic => Some(nb_ratios(rows, labels, k, buckets)),
    };
    // Start the biases at the classes' log prior odds.
    for (j, b) in bias.iter_mut().enumerate() {
        let pos = labels.iter().filter(|&&l| l >> j & 1 == 1).count() as f64;
        let neg = labels.len() as f64 - pos;
        *b = ln((pos + 0.5) / (neg + 0.5)) as f32;
    }
    let mut order: Vec<usize> = (0..rows.len()).collect();
    let mut rng = SplitMix64(options.seed);
    let total = (options.epochs as usize * rows.len()).max(1) as f64;
    let mut step = 0usize;
    let mut z = vec![0f64; k];
    let mut kept: Vec<u32> = Vec::new();
    let mut g = vec![0f64; k];
    let l2 = options.l2;
    for _ in 0..options.epochs {
        rng.shuffle(&mut order);
        for &i in &order {
            let lr = options.learning_rate * (1.0 - step as f64 / total);
            step += 1;
            kept.clear();
            if options.dropout > 0.0 {
                let keep = ((1.0 - options.dropout) * 4_294_967_296.0) as u64;
                kept.extend(
                    rows[i]
                        .iter()
                        .copied()
                        .filter(|_| rng.next_u64() >> 32 < keep),
                );
            } else {
                kept.extend_from_slice(&rows[i]);
            }
            let features = &kept;
            for j in 0..k {
                z[j] = f64::from(bias[j]);
            }
            for &f in features {
                let base = f as usize * k;
                for j in 0..k {
                    let x = ratio.as_ref().map_or(1.0, |r| f64::from(r[base + j]));
                    z[j] += f64::from(weights[base + j]) * x;
                }
            }
            for j in 0..k {
                let y = labels[i] >> j & 1 == 1;
                let p = sigmoid(z[j]);
                let target = if y { 1.0 } else { 0.0 };
                let weight = if y { options.positive_weight } else { 1.0 };
                g[j] = (p - target) * weight;
                bias[j] = (f64::from(bias[j]) - lr * g[j]) as f32;
            }
            for &f in features {
                let base = f as usize * k;
                for j in 0..k {
                    let x = ratio.as_ref().map_or(1.0, |r| f64::from(r[base + j]));
                    let w = f64::from(weights[base + j]);
                    weights[base + j] = (w - lr * (g[j] * x + l2 * w)) as f32;
                }
            }
        }
    }
    if let Some(r) = ratio {
        for (w, r) in weights.iter_mut().zip(&r) {
            *w *= *r;
        }
    }
    Fit { weights, bias }
}

/// The naive-Bayes log-count ratio of every (row, class): log of the smoothed share of the
/// class's positives that have the feature over that share among its negatives.
fn nb_ratios(rows: &[Vec<u32>], labels: &[u64], k: usize, buckets: usize) -> Vec<f32> {
    let mut pos = vec![0f64; buckets * k];
    let mut neg = vec![0f64; buckets * k];
    let mut seen: Vec<u32> = Vec::new();
    for (features, &l) in rows.iter().zip(labels) {
        seen.clear();
        seen.extend(features);
        seen.sort_unstable();
        seen.dedup();
        for &f in &seen {
            let base = f as usize * k;
            for j in 0..k {
                if l >> j & 1 == 1 {
                    pos[base + j] += 1.0;
                } else {
                    neg[base + j] += 1.0;
                }
            }
        }
    }
    let alpha = 1.0;
    let mut out = vec![0f32; buckets * k];
    for j in 0..k {
        let (mut p_total, mut n_total) = (0.0, 0.0);
        for r in 0..buckets {
            p_total += pos[r * k + j] + alpha;
            n_total += neg[r * k + j] + alpha;
        }
        for r in 0..buckets {
            let i = r * k + j;
            out[i] = ln(((pos[i] + alpha) / p_total) / ((neg[i] + alpha) / n_total)) as f32;
        }
    }
    out
}
