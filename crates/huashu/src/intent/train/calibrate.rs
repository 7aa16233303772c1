//! Calibration on the dev split: Platt scaling (Lin, Lin & Weng's Newton method, deterministic),
//! and each class's operating threshold.

use crate::intent::math::{exp, ln};

/// Platt scaling: `(a, b)` such that `sigmoid(a · score + b)` is the probability of a positive,
/// fitted by maximum likelihood with Platt's smoothed targets. `(1, 0)` without both classes.
pub(crate) fn platt(scores: &[f64], positive: &[bool]) -> (f64, f64) {
    let prior1 = positive.iter().filter(|&&p| p).count() as f64;
    let prior0 = positive.len() as f64 - prior1;
    if prior1 == 0.0 || prior0 == 0.0 {
        return (1.0, 0.0);
    }
    let hi = (prior1 + 1.0) / (prior1 + 2.0);
    let lo = 1.0 / (prior0 + 2.0);
    let targets: Vec<f64> = positive.iter().map(|&p| if p { hi } else { lo }).collect();
    // In Platt's convention P = 1 / (1 + exp(A f + B)).
    let (mut a, mut b) = (0.0, ln((prior0 + 1.0) / (prior1 + 1.0)));
    let objective = |a: f64, b: f64| -> f64 {
        scores
            .iter()
            .zip(&targets)
            .map(|(&f, &t)| {
                let x = f * a + b;
                if x >= 0.0 {
                    t * x + ln(1.0 + exp(-x))
                } else {
                    (t - 1.0) * x + ln(1.0 + exp(x))
                }
            })
            .sum()
    };
    let mut value = objective(a, b);
    for _ in 0..100 {
        let (mut h11, mut h22, mut h21, mut g1, mut g2) = (1e-12, 1e-12, 0.0, 0.0, 0.0);
        for (&f, &t) in scores.iter().zip(&targets) {
            let x = f * a + b;
            let (p, q) = if x >= 0.0 {
                let e = exp(-x);
                (e / (1.0 + e), 1.0 / (1.0 + e))
            } else {
                let e = exp(x);
                (1.0 / (1.0 + e), e / (1.0 + e))
            };
            let d2 = p * q;
            h11 += f * f * d2;
            h22 += d2;
            h21 += f * d2;
            let d1 = t - p;
            g1 += f * d1;
            g2 += d1;
        }
        if g1.abs() < 1e-5 && g2.abs() < 1e-5 {
            break;
        }
        let det = h11 * h22 - h21 * h21;
        let da = -(h22 * g1 - h21 * g2) / det;
        let db = -(-h21 * g1 + h11 * g2) / det;
        let gd = g1 * da + g2 * db;
        let mut step = 1.0;
        while step >= 1e-10 {
            let (na, nb) = (a + step * da, b + step * db);
            let nv = objective(na, nb);
            if nv < value + 1e-4 * step * gd {
                (a, b, value) = (na, nb, nv);
                break;
            }
            step /= 2.0;
        }
        if step < 1e-10 {
            break;
        }
    }
    (-a, -b)
}

/// The operating threshold of one class from its dev probabilities: the lowest threshold of a
/// grid (0.30 to 0.95) whose precision reaches `target` (so recall is highest among those), else
/// the one with the best F1; 0.5 when dev has fewer than `min_support` positives.
pub(crate) fn threshold(
    probabilities: &[f64],
    positive: &[bool],
    target: f64,
    min_support: usize,
) -> f64 {
    let support = positive.iter().filter(|&&p| p).count();
    if support < min_support {
        return 0.5;
    }
    let mut best_f1 = (f64::NEG_INFINITY, 0.5);
    for step in 0..=65 {
        let t = 0.30 + f64::from(step) * 0.01;
        let (mut tp, mut fp) = (0usize, 0usize);
        for (&p, &y) in probabilities.iter().zip(positive) {
            if p >= t {
                if y {
                    tp += 1;
                } else {
                    fp += 1;
                }
            }
        }
        if tp == 0 {
            continue;
        }
        let precision = tp as f64 / (tp + fp) as f64;
        let recall = tp as f64 / support as f64;
        if precision >= target {
            return t;
        }
        let f1 = 2.0 * precision * recall / (precision + recall);
        if f1 > best_f1.0 {
            best_f1 = (f1, t);
        }
    }
    best_f1.1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn platt_orders_and_separates() {
        let scores: Vec<f64> = (0..40).map(|i| f64::from(i) / 10.0 - 2.0).collect();
        let positive: Vec<bool> = (0..40).map(|i| i >= 20 || i % 7 == 0).collect();
        let (a, b) = platt(&scores, &positive);
        assert!(a > 0.0, "{a}");
        let p = |s: f64| 1.0 / (1.0 + (-(a * s + b)).exp());
        assert!(p(2.0) > 0.8 && p(-2.0) < 0.4);
        assert_eq!(platt(&[1.0, 2.0], &[true, true]), (1.0, 0.0));
    }

    #[test]
    fn threshold_reaches_the_precision() {
        let probabilities = [0.95, 0.9, 0.85, 0.6, 0.55, 0.4, 0.35, 0.2, 0.1, 0.05];
        let positive = [
            true, true, true, false, true, false, true, false, false, false,
        ];
        let t = threshold(&probabilities, &positive, 0.9, 3);
        assert!((t - 0.61).abs() < 1e-9, "{t}");
        assert_eq!(threshold(&probabilities, &positive, 0.9, 10), 0.5);
    }
}
