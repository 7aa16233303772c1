//! The model file: a compact binary format.
//!
//! ```text
//! magic "HUASHUIM" | format version: u32 | payload length: u32 | payload | CRC-32 of payload: u32
//! payload: features (min n, max n, bucket bits, flags: boundaries 1, words 2, `!` as `.` 4,
//!          skip gap << 3, shape 32) | sentence length: u32
//!          | classes: count u16, each id, speaker (0 agent, 1 customer), name, definition, norm
//!          | per class: scale, bias, Platt a, Platt b, threshold (f32 each)
//!          | shrink: kind u8 (0 none, 1 coverage, 2 length), parameter u32
//!          | agent seen set, customer seen set: bits u8, then 2^bits / 64 u64 words (none if 0)
//!          | agent table, customer table: class count u16, class indices u16…,
//!            non-zero rows u32, each: row delta (LEB128) and one i8 weight per class
//! ```
//!
//! Integers and floats are little-endian; strings are a u32 byte length and UTF-8. Rows whose
//! weights are all zero are left out.

use super::{ClassParams, Model, SeenSet, Shrink, Table};
use crate::intent::math::crc32;
use crate::intent::{ClassList, FeatureConfig, IntentClass, Sentences, MAX_CLASSES};
use crate::Speaker;

const MAGIC: &[u8; 8] = b"HUASHUIM";

/// The version of the model file format this build reads and writes (2: the seen sets and the
/// shrink were added; a version 1 file is refused with a request to retrain).
pub const FORMAT_VERSION: u32 = 2;

/// The largest seen set a model file may hold (2^24 bits, 2 MiB).
const MAX_SEEN_BITS: u8 = 24;

/// The largest model file this build writes or reads (8 MiB).
pub const MAX_MODEL_BYTES: usize = 8 << 20;

/// Why bytes are not a usable model.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, miette::Diagnostic)]
#[non_exhaustive]
pub enum ModelError {
    /// The bytes do not start with the model file's magic.
    #[error("not a huashu intent model (no `HUASHUIM` header)")]
    #[diagnostic(code(huashu::intents::model))]
    NotAModel,
    /// Made by another version of the format.
    #[error(
        "the intent model is in format version {found}; this huashu reads version {supported}"
    )]
    #[diagnostic(
        code(huashu::intents::model),
        help("retrain it with this huashu: huashu intents train")
    )]
    Version {
        /// The file's version.
        found: u32,
        /// The version this build reads.
        supported: u32,
    },
    /// The bytes end early.
    #[error("the intent model is truncated: {needed} bytes expected, {found} found")]
    #[diagnostic(code(huashu::intents::model))]
    Truncated {
        /// How many bytes the header announces.
        needed: usize,
        /// How many there are.
        found: usize,
    },
    /// The checksum or the structure is wrong.
    #[error("the intent model is corrupt: {0}")]
    #[diagnostic(code(huashu::intents::model))]
    Corrupt(String),
    /// Larger than [`MAX_MODEL_BYTES`].
    #[error("the intent model has {0} bytes, more than the {MAX_MODEL_BYTES} allowed")]
    #[diagnostic(code(huashu::intents::model))]
    TooLarge(usize),
    /// Trained for another class list (see [`Model::check_classes`]).
    #[error(
        "the intent model was trained for another class list (missing: {}; not in the list: {})",
        list(.missing), list(.extra)
    )]
    #[diagnostic(
        code(huashu::intents::model),
        help("retrain the model on data labelled with this class list")
    )]
    ClassMismatch {
        /// Classes of the list the model does not have (or has for another speaker).
        missing: Vec<String>,
        /// Classes of the model the list does not have.
        extra: Vec<String>,
    },
}

fn list(ids: &[String]) -> String {
    if ids.is_empty() {
        "none (the order differs)".to_string()
    } else {
        ids.join(", ")
    }
}

impl Model {
    /// The model as bytes (see the module documentation for the layout); the same model always
    /// gives the same bytes.
    ///
    /// ```
    /// use huashu::intent::Model;
    /// let bytes = Model::builtin().to_bytes();
    /// assert_eq!(&bytes[..8], b"HUASHUIM");
    /// assert_eq!(&Model::from_bytes(&bytes).unwrap(), Model::builtin());
    /// ```
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut p = Vec::new();
        let f = &self.features;
        p.extend([
            f.min_n,
            f.max_n,
            f.bucket_bits,
            u8::from(f.boundaries)
                | u8::from(f.words) << 1
                | u8::from(f.fold_exclamation) << 2
                | (f.skip & 3) << 3
                | u8::from(f.shape) << 5,
        ]);
        p.extend((self.sentences.max_chars as u32).to_le_bytes());
        p.extend((self.classes.len() as u16).to_le_bytes());
        for c in &self.classes {
            put_str(&mut p, &c.id);
            p.push(match c.speaker {
                Speaker::Agent => 0,
                Speaker::Customer => 1,
            });
            put_str(&mut p, &c.name);
            put_str(&mut p, &c.definition);
            put_str(&mut p, &c.norm);
        }
        for c in &self.params {
            for x in [c.scale, c.bias, c.platt_a, c.platt_b, c.threshold] {
                p.extend(x.to_le_bytes());
            }
        }
        let (kind, parameter) = self.shrink.to_parts();
        p.push(kind);
        p.extend(parameter.to_le_bytes());
        for seen in &self.seen {
            p.push(seen.bits);
            for w in &seen.words {
                p.extend(w.to_le_bytes());
            }
        }
        for table in &self.tables {
            let n = table.classes.len();
            p.extend((n as u16).to_le_bytes());
            for &c in &table.classes {
                p.extend((c as u16).to_le_bytes());
            }
            let rows = table.weights.len() / table.width;
            let nonzero: Vec<usize> = (0..rows)
                .filter(|&r| table.row(r)[..n].iter().any(|&w| w != 0))
                .collect();
            p.extend((nonzero.len() as u32).to_le_bytes());
            let mut last = 0;
            for r in nonzero {
                put_varint(&mut p, (r - last) as u64);
                last = r;
                p.extend(table.row(r)[..n].iter().map(|&w| w as u8));
            }
        }
        let mut out = Vec::with_capacity(p.len() + 20);
        out.extend(MAGIC);
        out.extend(FORMAT_VERSION.to_le_bytes());
        out.extend((p.len() as u32).to_le_bytes());
        out.extend(&p);
        out.extend(crc32(&p).to_le_bytes());
        out
    }

    /// Reads a model written by [`Model::to_bytes`], checking the magic, the format version, the
    /// length, the checksum and the structure.
    ///
    /// ```
    /// use huashu::intent::{Model, ModelError};
    /// let bytes = Model::builtin().to_bytes();
    /// assert_eq!(Model::from_bytes(b"PK\x03\x04 a zip file"), Err(ModelError::NotAModel));
    /// assert!(matches!(Model::from_bytes(&bytes[..bytes.len() - 1]), Err(ModelError::Truncated { .. })));
    /// let mut flipped = bytes.clone();
    /// flipped[40] ^= 1;
    /// assert!(matches!(Model::from_bytes(&flipped), Err(ModelError::Corrupt(_))));
    /// let mut newer = bytes.clone();
    /// newer[8] = 99;
    /// assert!(matches!(Model::from_bytes(&newer), Err(ModelError::Version { found: 99, .. })));
    /// ```
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, ModelError> {
        Model::decode(bytes, true)
    }

    /// Decodes `bytes`, checking the checksum when `verify` (the built-in model, part of the
    /// binary, skips it: a test checks its bytes once, and a one-call check saves the
    /// milliseconds of summing 4 MB).
    pub(super) fn decode(bytes: &[u8], verify: bool) -> Result<Model, ModelError> {
        let head = bytes.len().min(MAGIC.len());
        if bytes[..head] != MAGIC[..head] || bytes.is_empty() {
            return Err(ModelError::NotAModel);
        }
        if bytes.len() < 16 {
            return Err(ModelError::Truncated {
                needed: 16,
                found: bytes.len(),
            });
        }
        let version = u32::from_le_bytes(bytes[8..12].try_into().unwrap_or_default());
        if version != FORMAT_VERSION {
            return Err(ModelError::Version {
                found: version,
                supported: FORMAT_VERSION,
            });
        }
        if bytes.len() > MAX_MODEL_BYTES {
            return Err(ModelError::TooLarge(bytes.len()));
        }
        let len = u32::from_le_bytes(bytes[12..16].try_into().unwrap_or_default()) as usize;
        let needed = 16 + len + 4;
        if bytes.len() < needed {
            return Err(ModelError::Truncated {
                needed,
                found: bytes.len(),
            });
        }
        if bytes.len() > needed {
            return Err(ModelError::Corrupt(format!(
                "{} bytes after the end of the model",
                bytes.len() - needed
            )));
        }
        let payload = &bytes[16..16 + len];
        let stored = u32::from_le_bytes(bytes[16 + len..].try_into().unwrap_or_default());
        if verify && crc32(payload) != stored {
            return Err(ModelError::Corrupt("checksum mismatch".to_string()));
        }
        parse_payload(&mut Reader {
            bytes: payload,
            at: 0,
        })
    }
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    out.extend((s.len() as u32).to_le_bytes());
    out.extend(s.as_bytes());
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// A cursor over the payload; every read past the end is a structural error.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

fn corrupt(what: &str) -> ModelError {
    ModelError::Corrupt(what.to_string())
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], ModelError> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or_else(|| corrupt("a field runs past the end"))?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }

    fn u8(&mut self) -> Result<u8, ModelError> {
        Ok(self.take(1)?[0])
    }

    fn u16(&mut self) -> Result<u16, ModelError> {
        Ok(u16::from_le_bytes(
            self.take(2)?.try_into().unwrap_or_default(),
        ))
    }

    fn u32(&mut self) -> Result<u32, ModelError> {
        Ok(u32::from_le_bytes(
            self.take(4)?.try_into().unwrap_or_default(),
        ))
    }

    fn f32(&mut self) -> Result<f32, ModelError> {
        let x = f32::from_le_bytes(self.take(4)?.try_into().unwrap_or_default());
        if x.is_finite() {
            Ok(x)
        } else {
            Err(corrupt("a parameter is not a finite number"))
        }
    }

    fn string(&mut self) -> Result<String, ModelError> {
        let n = self.u32()? as usize;
        String::from_utf8(self.take(n)?.to_vec()).map_err(|_| corrupt("a string is not UTF-8"))
    }

    fn varint(&mut self) -> Result<u64, ModelError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.u8()?;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(corrupt("a row index is too long"))
    }
}

fn parse_payload(r: &mut Reader<'_>) -> Result<Model, ModelError> {
    let (min_n, max_n, bucket_bits, flags) = (r.u8()?, r.u8()?, r.u8()?, r.u8()?);
    let features = FeatureConfig {
        min_n,
        max_n,
        bucket_bits,
        boundaries: flags & 1 != 0,
        words: flags & 2 != 0,
        fold_exclamation: flags & 4 != 0,
        skip: (flags >> 3) & 3,
        shape: flags & 32 != 0,
    };
    if !features.is_valid() || flags > 63 {
        return Err(corrupt("invalid feature configuration"));
    }
    let sentences = Sentences {
        max_chars: r.u32()? as usize,
    };
    let n = r.u16()? as usize;
    if n > MAX_CLASSES {
        return Err(corrupt("too many classes"));
    }
    let mut classes = Vec::with_capacity(n);
    for _ in 0..n {
        let id = r.string()?;
        let speaker = match r.u8()? {
            0 => Speaker::Agent,
            1 => Speaker::Customer,
            _ => return Err(corrupt("invalid speaker")),
        };
        classes.push(IntentClass {
            id,
            speaker,
            name: r.string()?,
            definition: r.string()?,
            norm: r.string()?,
        });
    }
    let mut params = Vec::with_capacity(n);
    for _ in 0..n {
        params.push(ClassParams {
            scale: r.f32()?,
            bias: r.f32()?,
            platt_a: r.f32()?,
            platt_b: r.f32()?,
            threshold: r.f32()?,
        });
    }
    let (kind, parameter) = (r.u8()?, r.u32()?);
    let shrink =
        Shrink::from_parts(kind, parameter).ok_or_else(|| corrupt("invalid shrink setting"))?;
    let mut seen = Vec::with_capacity(2);
    for _ in 0..2 {
        let bits = r.u8()?;
        if bits > MAX_SEEN_BITS || (bits > 0 && bits < 6) {
            return Err(corrupt("invalid seen set size"));
        }
        let mut set = SeenSet::new(bits);
        for w in &mut set.words {
            *w = u64::from_le_bytes(r.take(8)?.try_into().unwrap_or_default());
        }
        seen.push(set);
    }
    let customer_seen = seen.pop().unwrap_or_else(|| unreachable!());
    let agent_seen = seen.pop().unwrap_or_else(|| unreachable!());
    let buckets = features.buckets();
    let mut tables = Vec::with_capacity(2);
    for speaker in [Speaker::Agent, Speaker::Customer] {
        let k = r.u16()? as usize;
        let mut table_classes = Vec::with_capacity(k);
        for _ in 0..k {
            let c = r.u16()? as usize;
            if c >= n || classes[c].speaker != speaker || table_classes.contains(&c) {
                return Err(corrupt("a weight table names a wrong class"));
            }
            table_classes.push(c);
        }
        let width = Table::padded_width(k);
        let mut weights = vec![0i8; buckets * width];
        let rows = r.u32()? as usize;
        if rows > buckets {
            return Err(corrupt("more rows than buckets"));
        }
        let mut row = 0usize;
        for i in 0..rows {
            let delta = r.varint()? as usize;
            if i > 0 && delta == 0 {
                return Err(corrupt("rows out of order"));
            }
            row = row
                .checked_add(delta)
                .filter(|&x| x < buckets)
                .ok_or_else(|| corrupt("a row index is out of range"))?;
            let src = r.take(k)?;
            for (dst, &w) in weights[row * width..row * width + k].iter_mut().zip(src) {
                *dst = w as i8;
            }
        }
        tables.push(Table {
            classes: table_classes,
            width,
            weights,
        });
    }
    if r.at != r.bytes.len() {
        return Err(corrupt("bytes left after the weight tables"));
    }
    let customer = tables.pop().unwrap_or_else(|| unreachable!());
    let agent = tables.pop().unwrap_or_else(|| unreachable!());
    Ok(Model::assemble(
        ClassList::from_classes(classes),
        features,
        sentences,
        params,
        [agent, customer],
        shrink,
        [agent_seen, customer_seen],
    ))
}
