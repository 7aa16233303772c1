//! The benches' deterministic generator (xorshift), so that every run benchmarks the same bytes.
//! Included by each bench with `#[path = "rng.rs"] mod rng;`.

/// A xorshift generator from a fixed seed.
pub struct Rng(pub u64);

#[allow(dead_code)] // Each bench uses the part it needs.
impl Rng {
    /// The next number.
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number below `n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// One of `items`.
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}
