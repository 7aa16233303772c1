//! How sure the model may be of a sentence unlike its data: the set of n-grams seen in training
//! (a bitset under the low bits of each feature's key, independent of its weight row) and the
//! discount ([`Shrink`]) applied to a sentence's summed weights when few of its n-grams were seen
//! (or, as measured against it, when it is long).

/// How a sentence's summed weights are discounted before calibration: the log-odds are
/// `a · (bias + factor · scale · sum) + b`, so a factor below 1 pulls the score towards the
/// class's prior (unlikely). Calibration is fitted on scores discounted the same way.
///
/// ```
/// use huashu::intent::Shrink;
/// // Coverage: 6 of 8 n-grams seen, squared.
/// assert_eq!(Shrink::Coverage { power: 2, full: 100 }.factor(8, 6), 0.5625);
/// // ... counted from 80 % seen.
/// assert_eq!(Shrink::Coverage { power: 2, full: 80 }.factor(8, 6), 0.87890625);
/// // Length: beyond 32 features, by the square root.
/// assert_eq!(Shrink::Length { features: 32 }.factor(128, 0), 0.5);
/// assert_eq!(Shrink::None.factor(128, 0), 1.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shrink {
    /// No discount.
    None,
    /// `min(1, coverage / full)^power`, coverage being the share of the sentence's features
    /// seen in training (with repeats; 1 for a sentence without features).
    Coverage {
        /// The exponent (1 to 8).
        power: u8,
        /// The coverage, in percent (1 to 100), from which there is no discount.
        full: u8,
    },
    /// `min(1, sqrt(features / n))` for a sentence of `n` features.
    Length {
        /// Up to this many features, no discount.
        features: u32,
    },
}

impl Shrink {
    /// The factor for a sentence of `features` features of which `seen` were seen in training.
    /// Deterministic on every platform (products and a square root only).
    pub fn factor(&self, features: usize, seen: usize) -> f64 {
        match *self {
            Shrink::None => 1.0,
            Shrink::Coverage { power, full } => {
                if features == 0 {
                    return 1.0;
                }
                let coverage = seen.min(features) as f64 / features as f64;
                let relative = (coverage * 100.0 / f64::from(full.max(1))).min(1.0);
                (0..power).fold(1.0, |f, _| f * relative)
            }
            Shrink::Length { features: most } => {
                if features as u64 <= u64::from(most) {
                    1.0
                } else {
                    (f64::from(most) / features as f64).sqrt()
                }
            }
        }
    }

    /// `(kind, parameter)` as stored in the model file.
    pub(crate) fn to_parts(self) -> (u8, u32) {
        match self {
            Shrink::None => (0, 0),
            Shrink::Coverage { power, full } => (1, u32::from(power) | u32::from(full) << 8),
            Shrink::Length { features } => (2, features),
        }
    }

    /// The inverse of [`Shrink::to_parts`]; `None` for an unknown kind or a parameter out of
    /// range.
    pub(crate) fn from_parts(kind: u8, parameter: u32) -> Option<Shrink> {
        match kind {
            0 if parameter == 0 => Some(Shrink::None),
            1 if (1..=8).contains(&(parameter & 0xff)) && (1..=100).contains(&(parameter >> 8)) => {
                Some(Shrink::Coverage {
                    power: (parameter & 0xff) as u8,
                    full: (parameter >> 8) as u8,
                })
            }
            2 if parameter > 0 => Some(Shrink::Length {
                features: parameter,
            }),
            _ => None,
        }
    }
}

/// How familiar one sentence is to the model, and the discount it gets: what
/// [`Model::coverage`](crate::intent::Model::coverage) reports beside an explanation.
///
/// ```
/// use huashu::{intent::Model, Speaker};
/// let model = Model::builtin();
/// let c = model.coverage("您好,请问有什么可以帮您?", Speaker::Agent);
/// assert!(c.seen <= c.features && c.factor <= 1.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SentenceCoverage {
    /// The sentence's features (n-grams, with repeats).
    pub features: usize,
    /// How many of them were seen in training (a few unseen ones may collide with seen ones).
    pub seen: usize,
    /// The factor the summed weights are multiplied by ([`Shrink::factor`]).
    pub factor: f64,
}

/// The features seen in one speaker's training sentences: one bit per value of the low
/// `bits` bits of a feature's key. An unseen feature reads as seen when it collides with a seen
/// one (as often as the share of bits set).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SeenSet {
    pub(crate) bits: u8,
    pub(crate) words: Vec<u64>,
}

impl SeenSet {
    /// The empty set of `2^bits` bits (`bits` 0: no set, everything reads as seen).
    pub(crate) fn new(bits: u8) -> SeenSet {
        let words = if bits == 0 {
            Vec::new()
        } else {
            vec![0; (1usize << bits).div_ceil(64)]
        };
        SeenSet { bits, words }
    }

    #[inline]
    fn index(&self, key: u64) -> usize {
        (key & ((1u64 << self.bits) - 1)) as usize
    }

    /// Marks a feature as seen.
    pub(crate) fn insert(&mut self, key: u64) {
        if self.bits > 0 {
            let i = self.index(key);
            self.words[i / 64] |= 1 << (i % 64);
        }
    }

    /// Whether a feature was seen (always, without a set).
    #[inline]
    pub(crate) fn contains(&self, key: u64) -> bool {
        if self.bits == 0 {
            return true;
        }
        let i = self.index(key);
        self.words[i / 64] >> (i % 64) & 1 == 1
    }

    /// How many of `keys` were seen.
    #[inline]
    pub(crate) fn count_seen(&self, keys: &[u64]) -> usize {
        if self.bits == 0 {
            return keys.len();
        }
        keys.iter().filter(|&&k| self.contains(k)).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coverage_shrinks_by_the_unseen_share() {
        let c = Shrink::Coverage {
            power: 1,
            full: 100,
        };
        assert_eq!(c.factor(10, 10), 1.0);
        assert_eq!(c.factor(10, 4), 0.4);
        assert_eq!(c.factor(0, 0), 1.0);
        // A stronger power discounts unfamiliar sentences more, familiar ones barely.
        let c3 = Shrink::Coverage {
            power: 3,
            full: 100,
        };
        assert!(c3.factor(10, 5) < 0.13 && c3.factor(20, 19) > 0.85);
        // Above `full`, no discount; below, relative to it.
        let knee = Shrink::Coverage { power: 2, full: 80 };
        assert_eq!(knee.factor(10, 9), 1.0);
        assert_eq!(knee.factor(10, 4), 0.25);
        let l = Shrink::Length { features: 40 };
        assert_eq!(l.factor(40, 0), 1.0);
        assert_eq!(l.factor(160, 0), 0.5);
    }

    #[test]
    fn parts_round_trip_and_reject_nonsense() {
        for s in [
            Shrink::None,
            Shrink::Coverage { power: 2, full: 85 },
            Shrink::Length { features: 48 },
        ] {
            let (k, p) = s.to_parts();
            assert_eq!(Shrink::from_parts(k, p), Some(s));
        }
        assert_eq!(Shrink::from_parts(1, 0), None);
        assert_eq!(Shrink::from_parts(1, 9 | 100 << 8), None);
        assert_eq!(Shrink::from_parts(1, 2 | 101 << 8), None);
        assert_eq!(Shrink::from_parts(1, 2), None);
        assert_eq!(Shrink::from_parts(2, 0), None);
        assert_eq!(Shrink::from_parts(7, 1), None);
    }

    #[test]
    fn the_seen_set_remembers_keys_by_their_low_bits() {
        let mut set = SeenSet::new(10);
        assert_eq!(set.words.len(), 16);
        set.insert(0xdead_beef_0000_0123);
        assert!(set.contains(0x0000_0000_0000_0123));
        assert!(!set.contains(0xdead_beef_0000_0124));
        assert_eq!(set.count_seen(&[0x123, 0x124, 0x523]), 2);
        let none = SeenSet::new(0);
        assert!(none.contains(42) && none.count_seen(&[1, 2]) == 2);
    }
}
