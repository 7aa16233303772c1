//! Near-duplicate groups and the split: sentences whose character-shingle sets are similar
//! (Jaccard at or above a threshold, found exactly with prefix filtering) are joined into one
//! group (union-find), and a group's split comes from a stable hash of its smallest sentence, so
//! no test sentence is a near-copy of a train sentence and the split does not change between
//! runs or machines.

use std::collections::HashMap;

use super::{DatasetStats, Example, Split};
use crate::intent::math::{fnv1a, mix64};

/// How near-duplicates are grouped and groups split.
///
/// ```
/// let options = huashu::intent::SplitOptions::default();
/// assert_eq!((options.dev_percent, options.test_percent), (10, 10));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SplitOptions {
    /// Two sentences are near-duplicates when the Jaccard similarity of their shingle sets is
    /// at least this (0 < jaccard ≤ 1).
    pub jaccard: f64,
    /// Shingles are character n-grams of this length over the letters, digits and Han
    /// characters of the normal form (a shorter sentence is one shingle).
    pub shingle: usize,
    /// Percentage of groups in dev.
    pub dev_percent: u8,
    /// Percentage of groups in test.
    pub test_percent: u8,
}

impl Default for SplitOptions {
    /// Jaccard ≥ 0.5 over character 3-grams; 80 / 10 / 10.
    fn default() -> Self {
        SplitOptions {
            jaccard: 0.5,
            shingle: 3,
            dev_percent: 10,
            test_percent: 10,
        }
    }
}

/// Groups `examples` and sets their `group` and `split`; fills the group counts of `stats`.
pub(super) fn assign(
    examples: &mut [Example],
    pins: &[Option<Split>],
    options: &SplitOptions,
    stats: &mut DatasetStats,
) {
    let sets = shingle_sets(examples, options.shingle);
    let mut parent: Vec<usize> = (0..examples.len()).collect();
    for (i, j) in similar_pairs(&sets, options.jaccard) {
        union(&mut parent, i, j);
    }
    // Number groups by their first sentence; find each group's key (its smallest normal form)
    // and its pins.
    let mut group_of_root: HashMap<usize, usize> = HashMap::new();
    let mut keys: Vec<&str> = Vec::new();
    let mut sizes: Vec<usize> = Vec::new();
    let mut group_pins: Vec<[bool; 3]> = Vec::new();
    let mut group_of = vec![0; examples.len()];
    for i in 0..examples.len() {
        let root = find(&mut parent, i);
        let g = *group_of_root.entry(root).or_insert_with(|| {
            keys.push(&examples[i].normalized);
            sizes.push(0);
            group_pins.push([false; 3]);
            keys.len() - 1
        });
        group_of[i] = g;
        sizes[g] += 1;
        if examples[i].normalized.as_str() < keys[g] {
            keys[g] = &examples[i].normalized;
        }
        if let Some(p) = pins[i] {
            group_pins[g][p as usize] = true;
        }
    }
    let train_below =
        100u64.saturating_sub(u64::from(options.dev_percent) + u64::from(options.test_percent));
    let dev_below = train_below + u64::from(options.dev_percent);
    let group_keys: Vec<u64> = keys.iter().map(|k| mix64(fnv1a(k.as_bytes()))).collect();
    let group_split: Vec<Split> = (0..keys.len())
        .map(|g| {
            // Pinned groups go to the most held-out split of their pins.
            if let Some(p) = (0..3).rev().find(|&p| group_pins[g][p]) {
                return Split::ALL[p];
            }
            let bucket = group_keys[g] % 100;
            if bucket < train_below {
                Split::Train
            } else if bucket < dev_below {
                Split::Dev
            } else {
                Split::Test
            }
        })
        .collect();
    stats.groups = keys.len();
    stats.largest_group = sizes.iter().copied().max().unwrap_or(0);
    stats.straddling_groups = group_pins
        .iter()
        .filter(|p| p.iter().filter(|&&b| b).count() > 1)
        .count();
    let mut group_in_split = vec![[false; 3]; keys.len()];
    for (i, e) in examples.iter_mut().enumerate() {
        let g = group_of[i];
        e.group = g;
        e.group_key = group_keys[g];
        e.split = pins[i].unwrap_or(group_split[g]);
        stats.sentences_per_split[e.split as usize] += 1;
        group_in_split[g][e.split as usize] = true;
    }
    for flags in group_in_split {
        for (s, &b) in flags.iter().enumerate() {
            stats.groups_per_split[s] += usize::from(b);
        }
    }
}

/// Each example's shingles, as sorted ranks (rarest shingle first, ties by hash).
fn shingle_sets(examples: &[Example], n: usize) -> Vec<Vec<u32>> {
    let hashes: Vec<Vec<u64>> = examples
        .iter()
        .map(|e| {
            let chars: Vec<char> = e
                .normalized
                .chars()
                .filter(|c| c.is_alphanumeric())
                .collect();
            let mut set: Vec<u64> = if chars.len() <= n {
                vec![hash_chars(&chars)]
            } else {
                chars.windows(n).map(hash_chars).collect()
            };
            set.sort_unstable();
            set.dedup();
            set
        })
        .collect();
    let mut frequency: HashMap<u64, u32> = HashMap::new();
    for set in &hashes {
        for &h in set {
            *frequency.entry(h).or_default() += 1;
        }
    }
    let mut tokens: Vec<(u32, u64)> = frequency.into_iter().map(|(h, f)| (f, h)).collect();
    tokens.sort_unstable();
    let rank: HashMap<u64, u32> = tokens
        .iter()
        .enumerate()
        .map(|(r, &(_, h))| (h, r as u32))
        .collect();
    hashes
        .into_iter()
        .map(|set| {
            let mut ranks: Vec<u32> = set.iter().map(|h| rank[h]).collect();
            ranks.sort_unstable();
            ranks
        })
        .collect()
}

fn hash_chars(chars: &[char]) -> u64 {
    let s: String = chars.iter().collect();
    fnv1a(s.as_bytes())
}

/// Every pair `(i, j)`, `j < i`, whose sets have Jaccard similarity at least `threshold`, found
/// exactly by prefix filtering: two such sets share a rank among the first
/// `|A| - ⌈t·|A|⌉ + 1` ranks of each.
pub(super) fn similar_pairs(sets: &[Vec<u32>], threshold: f64) -> Vec<(usize, usize)> {
    let t = threshold.clamp(1e-6, 1.0);
    let mut index: HashMap<u32, Vec<u32>> = HashMap::new();
    let mut seen = vec![u32::MAX; sets.len()];
    let mut out = Vec::new();
    for (i, a) in sets.iter().enumerate() {
        let prefix = prefix_len(a.len(), t);
        for &r in &a[..prefix] {
            if let Some(list) = index.get(&r) {
                for &j in list {
                    let j = j as usize;
                    if seen[j] == i as u32 {
                        continue;
                    }
                    seen[j] = i as u32;
                    let b = &sets[j];
                    // Length filter: |small| ≥ t·|large|.
                    let (small, large) = (a.len().min(b.len()), a.len().max(b.len()));
                    if (small as f64) < t * large as f64 - 1e-9 {
                        continue;
                    }
                    let common = intersection(a, b);
                    let union = a.len() + b.len() - common;
                    if common as f64 >= t * union as f64 - 1e-9 {
                        out.push((i, j));
                    }
                }
            }
        }
        for &r in &a[..prefix] {
            index.entry(r).or_default().push(i as u32);
        }
    }
    out
}

/// How many of a set's first ranks must be indexed for threshold `t`.
fn prefix_len(size: usize, t: f64) -> usize {
    let keep = (t * size as f64 - 1e-9).ceil().max(0.0) as usize;
    (size + 1).saturating_sub(keep).min(size)
}

/// The size of the intersection of two sorted lists.
fn intersection(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

fn find(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        parent[ra.max(rb)] = ra.min(rb);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Prefix filtering finds exactly the pairs a comparison of every pair finds.
    #[test]
    fn prefix_filtering_is_exact() {
        let mut rng = crate::intent::math::SplitMix64(11);
        let sets: Vec<Vec<u32>> = (0..300)
            .map(|_| {
                let n = 1 + rng.below(8);
                let mut s: Vec<u32> = (0..n).map(|_| rng.below(20) as u32).collect();
                s.sort_unstable();
                s.dedup();
                s
            })
            .collect();
        for t in [0.3, 0.5, 0.8, 1.0] {
            let mut fast = similar_pairs(&sets, t);
            fast.sort_unstable();
            let mut slow = Vec::new();
            for i in 0..sets.len() {
                for j in 0..i {
                    let c = intersection(&sets[i], &sets[j]);
                    let u = sets[i].len() + sets[j].len() - c;
                    if c as f64 >= t * u as f64 - 1e-9 {
                        slow.push((i, j));
                    }
                }
            }
            assert_eq!(fast, slow, "threshold {t}");
        }
    }
}
