//! Deterministic arithmetic for training and model files: a stable hash, a small PRNG, an `exp`
//! built from basic operations only (so training gives the same bits on every platform, whatever
//! its libm), and CRC-32 for the model file's checksum.

/// 64-bit FNV-1a over `bytes`: stable across runs, builds and platforms (unlike Rust's
/// randomised `HashMap` hasher).
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The finaliser of SplitMix64: spreads every input bit over the output.
#[inline]
pub(crate) fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// SplitMix64: a tiny, well-mixed generator with a fixed seed, for shuffling training examples.
#[derive(Debug, Clone)]
pub(crate) struct SplitMix64(pub(crate) u64);

impl SplitMix64 {
    /// The next number.
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        mix64(self.0)
    }

    /// A number below `n` (`n > 0`), by Lemire's multiply-shift (bias below 2^-32 for our `n`).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// Shuffles `items` in place (Fisher–Yates).
    pub(crate) fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

/// `e^x` from additions, multiplications and a power-of-two scaling only: relative error below
/// 1e-15 on [-700, 700] and the same bits on every IEEE-754 platform (no libm, no fused
/// multiply-add: Rust does not contract float expressions).
pub(crate) fn exp(x: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    if x > 700.0 {
        return f64::INFINITY;
    }
    if x < -700.0 {
        return 0.0;
    }
    const LN2: f64 = std::f64::consts::LN_2;
    // x = k ln2 + r, |r| <= ln2 / 2.
    let k = (x / LN2).round();
    let r = x - k * LN2;
    // Taylor series of e^r to the 14th power: the remainder is below 2^-53 for |r| <= 0.35.
    let mut term = 1.0;
    let mut sum = 1.0;
    for n in 1..=14 {
        term = term * r / f64::from(n);
        sum += term;
    }
    // 2^k as a float: k is in [-1010, 1010], so the exponent field is k + 1023 (clamped to
    // normal numbers; 2^-1022 and below only occur for results that underflow anyway).
    let exponent = (k as i64 + 1023).clamp(1, 2046) as u64;
    sum * f64::from_bits(exponent << 52)
}

/// The logistic function 1 / (1 + e^-x), deterministic (see [`exp`]).
pub(crate) fn sigmoid(x: f64) -> f64 {
    if x >= 0.0 {
        1.0 / (1.0 + exp(-x))
    } else {
        let e = exp(x);
        e / (1.0 + e)
    }
}

/// Natural logarithm by Newton's method on [`exp`] (only used off the hot path).
pub(crate) fn ln(x: f64) -> f64 {
    if x <= 0.0 {
        return f64::NEG_INFINITY;
    }
    // Start from the binary exponent, then a few Newton steps: y <- y + 2 (x - e^y) / (x + e^y).
    let bits = x.to_bits();
    let e2 = ((bits >> 52) & 0x7ff) as i64 - 1023;
    let mut y = e2 as f64 * std::f64::consts::LN_2;
    for _ in 0..8 {
        let ey = exp(y);
        y += 2.0 * (x - ey) / (x + ey);
    }
    y
}

/// CRC-32 (IEEE 802.3, reflected, as zlib computes it).
pub(crate) fn crc32(bytes: &[u8]) -> u32 {
    static TABLE: std::sync::OnceLock<[u32; 256]> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut t = [0u32; 256];
        for (i, slot) in t.iter_mut().enumerate() {
            let mut c = i as u32;
            for _ in 0..8 {
                c = if c & 1 != 0 {
                    0xedb8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
            *slot = c;
        }
        t
    });
    let mut crc = !0u32;
    for &b in bytes {
        crc = table[((crc ^ u32::from(b)) & 0xff) as usize] ^ (crc >> 8);
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exp_matches_the_platform_closely() {
        for i in -700..=700 {
            let x = f64::from(i) * 0.37;
            if x.abs() > 700.0 {
                continue;
            }
            let (ours, libm) = (exp(x), x.exp());
            assert!(
                ((ours - libm) / libm).abs() < 1e-13,
                "{x}: {ours} vs {libm}"
            );
        }
        assert_eq!(exp(0.0), 1.0);
        assert!((sigmoid(0.0) - 0.5).abs() < 1e-15);
        assert!((ln(10.0) - 10f64.ln()).abs() < 1e-12);
    }

    #[test]
    fn crc32_is_zlibs() {
        assert_eq!(crc32(b"123456789"), 0xcbf4_3926);
        assert_eq!(crc32(b""), 0);
    }

    #[test]
    fn prng_and_hash_are_fixed() {
        let mut r = SplitMix64(0);
        assert_eq!(r.next_u64(), 0xe220_a839_7b1d_cdaf);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        let mut v: Vec<u32> = (0..10).collect();
        SplitMix64(7).shuffle(&mut v);
        let mut w: Vec<u32> = (0..10).collect();
        SplitMix64(7).shuffle(&mut w);
        assert_eq!(v, w);
        assert_ne!(v, (0..10).collect::<Vec<_>>());
    }
}
