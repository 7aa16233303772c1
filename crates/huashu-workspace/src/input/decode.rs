//! Turning an input's bytes into text, and text back into the same bytes.
//!
//! Transcripts come out of call-centre systems in UTF-8, in UTF-16 (Windows exports, with a
//! byte-order mark) and in GB18030/GBK (older Chinese systems). [`decode`] finds out which,
//! or uses the encoding given with `--encoding`, and reports how the text was stored
//! ([`TextEncoding`]: encoding, byte-order mark, line ends) so that a command that writes the
//! file back (`huashu fix`) can [`encode`] it exactly as it was.
//!
//! Detection, when no encoding is forced:
//!
//! 1. a byte-order mark decides: `EF BB BF` UTF-8, `FF FE` UTF-16LE, `FE FF` UTF-16BE;
//! 2. otherwise a NUL byte means a binary file (UTF-16 without a byte-order mark must be forced);
//! 3. otherwise valid UTF-8 is UTF-8;
//! 4. otherwise the bytes are GB18030 (a superset of GBK and GB2312) when all of these hold:
//!    they decode as GB18030 without a single error; the stretch before the first invalid UTF-8
//!    byte holds fewer than 4 non-ASCII characters (a file that starts out as UTF-8 Chinese and
//!    breaks later is broken UTF-8, and is reported where it breaks); the decoded text has no
//!    control characters other than tab, line feed, form feed and carriage return, and no
//!    private-use characters; and at least half of its non-ASCII characters are CJK ideographs,
//!    CJK or general punctuation, or full-width forms;
//! 5. otherwise the input is an error naming the first byte that is not UTF-8.
//!
//! Whatever the encoding, a decoded NUL character makes the input a binary file. Lines and
//! columns always count characters of the decoded text.

use std::fmt;

/// A supported text encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
pub enum Encoding {
    /// UTF-8, with or without a byte-order mark.
    #[cfg_attr(feature = "clap", value(name = "utf-8", alias = "utf8"))]
    Utf8,
    /// UTF-16, little-endian.
    #[cfg_attr(feature = "clap", value(name = "utf-16le"))]
    Utf16Le,
    /// UTF-16, big-endian.
    #[cfg_attr(feature = "clap", value(name = "utf-16be"))]
    Utf16Be,
    /// GB18030 (decodes GBK and GB2312 too).
    #[cfg_attr(feature = "clap", value(name = "gb18030"))]
    Gb18030,
    /// GBK: decoded as GB18030; written back without GB18030's four-byte sequences.
    #[cfg_attr(feature = "clap", value(name = "gbk"))]
    Gbk,
}

impl Encoding {
    /// The name used on the command line and in JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf16Le => "utf-16le",
            Encoding::Utf16Be => "utf-16be",
            Encoding::Gb18030 => "gb18030",
            Encoding::Gbk => "gbk",
        }
    }

    /// The byte-order mark of this encoding, if it has one.
    fn bom(self) -> &'static [u8] {
        match self {
            Encoding::Utf8 => b"\xEF\xBB\xBF",
            Encoding::Utf16Le => b"\xFF\xFE",
            Encoding::Utf16Be => b"\xFE\xFF",
            Encoding::Gb18030 | Encoding::Gbk => b"",
        }
    }

    /// What a message calls this encoding.
    fn label(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE",
            Encoding::Gb18030 => "GB18030",
            Encoding::Gbk => "GBK",
        }
    }
}

impl std::str::FromStr for Encoding {
    type Err = String;

    /// An encoding by its name (`utf-8`, `utf-16le`, `utf-16be`, `gb18030`, `gbk`), as
    /// `--encoding` and `huashu.toml`'s `[check] encoding` take it.
    ///
    /// ```
    /// use huashu_workspace::input::Encoding;
    /// assert_eq!("UTF-16LE".parse::<Encoding>(), Ok(Encoding::Utf16Le));
    /// assert!("latin-1".parse::<Encoding>().unwrap_err().contains("utf-16le"));
    /// ```
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase();
        let all = [
            Encoding::Utf8,
            Encoding::Utf16Le,
            Encoding::Utf16Be,
            Encoding::Gb18030,
            Encoding::Gbk,
        ];
        if wanted == "utf8" {
            return Ok(Encoding::Utf8);
        }
        all.into_iter()
            .find(|e| e.as_str() == wanted)
            .ok_or_else(|| {
                let names: Vec<&str> = all.iter().map(|e| e.as_str()).collect();
                format!(
                    "unknown encoding `{}`: expected one of {}",
                    s.trim(),
                    names.join(", ")
                )
            })
    }
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How the lines of a text end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum LineEnding {
    /// `\n` (also when the text has no line break at all).
    #[default]
    Lf,
    /// `\r\n`.
    Crlf,
    /// Both.
    Mixed,
}

impl LineEnding {
    /// The line ends of `text`.
    pub fn of(text: &str) -> LineEnding {
        // The common case, found with one memchr pass.
        if !text.as_bytes().contains(&b'\r') {
            return LineEnding::Lf;
        }
        let crlf = text.matches("\r\n").count();
        let lf = text.matches('\n').count() - crlf;
        match (crlf > 0, lf > 0) {
            (true, true) => LineEnding::Mixed,
            (true, false) => LineEnding::Crlf,
            _ => LineEnding::Lf,
        }
    }
}

/// How a text was stored: everything [`encode`] needs to write it back byte for byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TextEncoding {
    /// The character encoding.
    pub encoding: Encoding,
    /// Whether the bytes start with a byte-order mark (not part of the decoded text).
    pub bom: bool,
    /// How lines end. The decoded text keeps its line ends as they are; this is a summary.
    pub line_ending: LineEnding,
}

impl TextEncoding {
    /// How a text read as UTF-8 without a byte-order mark was stored.
    pub fn utf8(text: &str) -> TextEncoding {
        TextEncoding {
            encoding: Encoding::Utf8,
            bom: false,
            line_ending: LineEnding::of(text),
        }
    }
}

/// A decoded input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, without the byte-order mark.
    pub text: String,
    /// How it was stored.
    pub format: TextEncoding,
}

/// Why bytes could not be decoded, at a line and column of the text decoded so far when the
/// problem has a place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// 1-based line.
    pub line: Option<usize>,
    /// 1-based column, in characters.
    pub column: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(line), Some(column)) => {
                write!(f, "line {line}, column {column}: {}", self.message)
            }
            _ => f.write_str(&self.message),
        }
    }
}

impl DecodeError {
    fn at(decoded: &str, message: String) -> DecodeError {
        let line = decoded.matches('\n').count() + 1;
        let line_start = decoded.rfind('\n').map_or(0, |i| i + 1);
        let column = decoded[line_start..].chars().count() + 1;
        DecodeError {
            line: Some(line),
            column: Some(column),
            message,
        }
    }

    fn whole(message: String) -> DecodeError {
        DecodeError {
            line: None,
            column: None,
            message,
        }
    }
}

/// Decodes an input's bytes: in `forced` encoding when given, else as detected (see the module
/// documentation).
pub fn decode(bytes: &[u8], forced: Option<Encoding>) -> Result<Decoded, DecodeError> {
    let marked = [Encoding::Utf8, Encoding::Utf16Le, Encoding::Utf16Be]
        .into_iter()
        .find(|e| bytes.starts_with(e.bom()));
    let (encoding, bom) = match (forced, marked) {
        (Some(forced), Some(marked)) if forced != marked => {
            return Err(DecodeError::whole(format!(
                "the file starts with a {} byte-order mark, but the encoding was forced to {}",
                marked.label(),
                forced.label()
            )));
        }
        (_, Some(marked)) => (marked, true),
        (Some(forced), None) => (forced, false),
        (None, None) => return detect(bytes),
    };
    let body = &bytes[if bom { encoding.bom().len() } else { 0 }..];
    let text = decode_strict(body, encoding)?;
    finish(text, encoding, bom)
}

/// Whether bytes with NULs in them look like UTF-16 text without a byte-order mark, and which
/// byte order: in UTF-16, ASCII characters (digits, `:`, line breaks, labels) have a NUL byte
/// beside them, always on the same side. Looks at the first 4 KiB: at least one byte in ten is
/// NUL, and nine in ten of those are on one side.
fn utf16_without_bom(bytes: &[u8]) -> Option<Encoding> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    let (mut even, mut odd) = (0usize, 0usize);
    for (i, &b) in sample.iter().enumerate() {
        if b == 0 {
            if i % 2 == 0 {
                even += 1;
            } else {
                odd += 1;
            }
        }
    }
    let nuls = even + odd;
    if sample.is_empty() || nuls * 10 < sample.len() {
        return None;
    }
    if odd * 10 >= nuls * 9 {
        Some(Encoding::Utf16Le)
    } else if even * 10 >= nuls * 9 {
        Some(Encoding::Utf16Be)
    } else {
        None
    }
}

/// Detection when there is neither a byte-order mark nor a forced encoding.
fn detect(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        let hint = match utf16_without_bom(bytes) {
            Some(encoding) => format!(
                " (many NUL bytes, every other byte: it looks like {} without a byte-order mark; read it with --encoding {encoding})",
                encoding.label()
            ),
            None => String::new(),
        };
        return Err(DecodeError::whole(format!(
            "looks like a binary file (a NUL byte at byte {at}); huashu reads text transcripts{hint}"
        )));
    }
    let utf8_error = match std::str::from_utf8(bytes) {
        Ok(text) => return finish(text.to_owned(), Encoding::Utf8, false),
        Err(error) => error,
    };
    let valid = &bytes[..utf8_error.valid_up_to()];
    // `valid` is valid UTF-8 by construction.
    let valid = std::str::from_utf8(valid).unwrap_or_default();
    if valid.chars().filter(|c| !c.is_ascii()).count() < 4 {
        if let Ok(text) = decode_strict(bytes, Encoding::Gb18030) {
            if looks_like_chinese_text(&text) {
                return finish(text, Encoding::Gb18030, false);
            }
        }
    }
    Err(DecodeError::at(
        valid,
        format!(
            "not valid UTF-8 (byte {}), nor GB18030 text; huashu reads UTF-8, UTF-16 with a byte-order mark and GB18030/GBK (force one with --encoding)",
            valid.len()
        ),
    ))
}

/// Whether text decoded as GB18030 reads like Chinese text rather than bytes that happen to
/// decode (see the module documentation).
fn looks_like_chinese_text(text: &str) -> bool {
    let mut non_ascii = 0usize;
    let mut cjk = 0usize;
    for c in text.chars() {
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c') {
            return false;
        }
        if ('\u{E000}'..='\u{F8FF}').contains(&c) {
            return false;
        }
        if !c.is_ascii() {
            non_ascii += 1;
            if matches!(c,
                '\u{4E00}'..='\u{9FFF}'      // CJK unified ideographs
                | '\u{3400}'..='\u{4DBF}'    // extension A
                | '\u{3000}'..='\u{303F}'    // CJK symbols and punctuation
                | '\u{2000}'..='\u{206F}'    // general punctuation: “” … —
                | '\u{FF00}'..='\u{FFEF}'    // full-width forms
                | '\u{00B7}')
            {
                cjk += 1;
            }
        }
    }
    cjk * 2 >= non_ascii
}

/// Decodes `bytes` (without a byte-order mark) in `encoding`; any malformed sequence is an error.
fn decode_strict(bytes: &[u8], encoding: Encoding) -> Result<String, DecodeError> {
    let codec = match encoding {
        Encoding::Utf8 => {
            return match std::str::from_utf8(bytes) {
                Ok(text) => Ok(text.to_owned()),
                Err(error) => {
                    let at = error.valid_up_to();
                    let valid = std::str::from_utf8(&bytes[..at]).unwrap_or_default();
                    Err(DecodeError::at(
                        valid,
                        format!("not valid UTF-8 (byte {at})"),
                    ))
                }
            };
        }
        Encoding::Utf16Le => encoding_rs::UTF_16LE,
        Encoding::Utf16Be => encoding_rs::UTF_16BE,
        Encoding::Gb18030 => encoding_rs::GB18030,
        Encoding::Gbk => encoding_rs::GBK,
    };
    let mut decoder = codec.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len().saturating_mul(3));
    let mut text = String::with_capacity(capacity);
    let mut read = 0;
    loop {
        let (result, consumed) =
            decoder.decode_to_string_without_replacement(&bytes[read..], &mut text, true);
        read += consumed;
        match result {
            encoding_rs::DecoderResult::InputEmpty => return Ok(text),
            encoding_rs::DecoderResult::OutputFull => text.reserve(bytes.len() - read + 16),
            encoding_rs::DecoderResult::Malformed(bad, after) => {
                let at = read - usize::from(bad) - usize::from(after);
                let message = if read >= bytes.len() && after == 0 {
                    format!(
                        "not valid {} (the file ends inside a character, byte {at})",
                        encoding.label()
                    )
                } else {
                    format!("not valid {} (byte {at})", encoding.label())
                };
                return Err(DecodeError::at(&text, message));
            }
        }
    }
}

/// The decoded text, once it is known not to be binary.
fn finish(text: String, encoding: Encoding, bom: bool) -> Result<Decoded, DecodeError> {
    if let Some(at) = text.find('\0') {
        let mut error = DecodeError::at(&text[..at], String::new());
        error.message = format!(
            "looks like a binary file (a NUL character as {}); huashu reads text transcripts",
            encoding.label()
        );
        return Err(error);
    }
    let line_ending = LineEnding::of(&text);
    Ok(Decoded {
        text,
        format: TextEncoding {
            encoding,
            bom,
            line_ending,
        },
    })
}

/// Why text could not be encoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodeError {
    /// The character that the encoding cannot represent.
    pub character: char,
    /// Its byte offset in the text.
    pub offset: usize,
    /// The encoding.
    pub encoding: Encoding,
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "「{}」 (U+{:04X}, byte {}) cannot be written in {}",
            self.character,
            u32::from(self.character),
            self.offset,
            self.encoding.label()
        )
    }
}

/// Encodes `text` as `format` says: the same encoding, and the byte-order mark when the
/// original had one (GB18030 and GBK have none). Line ends are written as they are in `text`.
/// `encode(&decoded.text, &decoded.format)` gives back the bytes that were decoded.
///
/// GBK cannot represent every character: one it cannot is an error, never a silent `&#…;` or `?`.
pub fn encode(text: &str, format: &TextEncoding) -> Result<Vec<u8>, EncodeError> {
    let mut bytes = Vec::with_capacity(text.len() + 4);
    if format.bom {
        bytes.extend_from_slice(format.encoding.bom());
    }
    match format.encoding {
        Encoding::Utf8 => bytes.extend_from_slice(text.as_bytes()),
        Encoding::Utf16Le => text
            .encode_utf16()
            .for_each(|unit| bytes.extend_from_slice(&unit.to_le_bytes())),
        Encoding::Utf16Be => text
            .encode_utf16()
            .for_each(|unit| bytes.extend_from_slice(&unit.to_be_bytes())),
        Encoding::Gb18030 | Encoding::Gbk => {
            let codec = if format.encoding == Encoding::Gbk {
                encoding_rs::GBK
            } else {
                encoding_rs::GB18030
            };
            let mut encoder = codec.new_encoder();
            let start = bytes.len();
            let needed = encoder
                .max_buffer_length_from_utf8_without_replacement(text.len())
                .unwrap_or(text.len().saturating_mul(4));
            bytes.resize(start + needed, 0);
            let (result, read, written) =
                encoder.encode_from_utf8_without_replacement(text, &mut bytes[start..], true);
            if let encoding_rs::EncoderResult::Unmappable(character) = result {
                return Err(EncodeError {
                    character,
                    offset: read - character.len_utf8(),
                    encoding: format.encoding,
                });
            }
            bytes.truncate(start + written);
        }
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CALL: &str = "# 通话 0042\r\n客服:您好,欢迎致电,请问有什么可以帮您?\r\n客户:我的宽带断了。\r\n客服:这个我不知道。\r\n";

    fn format(encoding: Encoding, bom: bool) -> TextEncoding {
        TextEncoding {
            encoding,
            bom,
            line_ending: LineEnding::Crlf,
        }
    }

    #[test]
    fn every_encoding_round_trips_and_is_detected() {
        for (encoding, bom) in [
            (Encoding::Utf8, false),
            (Encoding::Utf8, true),
            (Encoding::Utf16Le, true),
            (Encoding::Utf16Be, true),
            (Encoding::Gb18030, false),
        ] {
            let bytes = encode(CALL, &format(encoding, bom)).unwrap();
            let decoded = decode(&bytes, None).unwrap();
            assert_eq!(decoded.text, CALL, "{encoding:?} {bom}");
            assert_eq!(decoded.format, format(encoding, bom), "{encoding:?} {bom}");
            assert_eq!(encode(&decoded.text, &decoded.format).unwrap(), bytes);
        }
    }

    #[test]
    fn forced_encodings() {
        let gbk = encode(CALL, &format(Encoding::Gbk, false)).unwrap();
        assert_eq!(
            gbk,
            encode(CALL, &format(Encoding::Gb18030, false)).unwrap()
        );
        let decoded = decode(&gbk, Some(Encoding::Gbk)).unwrap();
        assert_eq!(
            (decoded.text.as_str(), decoded.format.encoding),
            (CALL, Encoding::Gbk)
        );
        assert_eq!(encode(&decoded.text, &decoded.format).unwrap(), gbk);
        // UTF-16 without a byte-order mark only when forced; the error says how.
        let utf16 = encode(CALL, &format(Encoding::Utf16Le, false)).unwrap();
        let message = decode(&utf16, None).unwrap_err().message;
        assert!(message.contains("binary"), "{message}");
        assert!(message.contains("--encoding utf-16le"), "{message}");
        let utf16be = encode(CALL, &format(Encoding::Utf16Be, false)).unwrap();
        let message = decode(&utf16be, None).unwrap_err().message;
        assert!(message.contains("--encoding utf-16be"), "{message}");
        // A binary file with a stray NUL gets no such hint.
        let message = decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDRabcdefgh", None)
            .unwrap_err()
            .message;
        assert!(!message.contains("--encoding"), "{message}");
        let decoded = decode(&utf16, Some(Encoding::Utf16Le)).unwrap();
        assert_eq!(decoded.text, CALL);
        assert!(!decoded.format.bom);
        // A forced encoding the bytes are not in is an error at the place it breaks.
        let err = decode(&gbk, Some(Encoding::Utf8)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "line 1, column 4: not valid UTF-8 (byte 4)"
        );
        let err = decode(b"\xEF\xBB\xBFabc", Some(Encoding::Utf16Le)).unwrap_err();
        assert!(err.message.contains("UTF-8 byte-order mark"), "{err}");
        let odd = [0x60, 0x4F, 0x7D];
        let err = decode(&odd, Some(Encoding::Utf16Le)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "line 1, column 2: not valid UTF-16LE (the file ends inside a character, byte 2)"
        );
    }

    #[test]
    fn undecodable_bytes_are_errors_not_mojibake() {
        // Bytes from a simple generator: no encoding reads them as text.
        let mut state = 0x2545_F491_u32;
        let noise: Vec<u8> = (0..512)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                (state >> 24) as u8 | 0x01
            })
            .collect();
        let err = decode(&noise, None).unwrap_err();
        assert!(err.message.starts_with("not valid UTF-8"), "{err}");
        // UTF-8 Chinese that breaks later is broken UTF-8, reported where it breaks.
        let mut mixed = "客服:您好\n客户:".as_bytes().to_vec();
        mixed.extend_from_slice(&[0xC4, 0xE3, 0xBA, 0xC3]); // 你好 in GBK
        let err = decode(&mixed, None).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("line 2, column 4: not valid UTF-8 (byte 21)"),
            "{err}"
        );
        // Latin-1 is not mistaken for GB18030.
        assert!(decode(b"caf\xE9 au lait\n", None).is_err());
    }

    #[test]
    fn nul_characters_are_binary_in_any_encoding() {
        let bytes = encode("客服:您好\n\0\0", &format(Encoding::Utf16Le, true)).unwrap();
        let err = decode(&bytes, None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "line 2, column 1: looks like a binary file (a NUL character as UTF-16LE); huashu reads text transcripts"
        );
    }

    #[test]
    fn gbk_cannot_write_everything() {
        let err = encode("您好😀", &format(Encoding::Gbk, false)).unwrap_err();
        assert_eq!((err.character, err.offset), ('😀', 6));
        assert!(encode("您好😀", &format(Encoding::Gb18030, false)).is_ok());
    }

    #[test]
    fn line_endings() {
        assert_eq!(LineEnding::of("a\nb\n"), LineEnding::Lf);
        assert_eq!(LineEnding::of("a"), LineEnding::Lf);
        assert_eq!(LineEnding::of("a\r\nb\r\n"), LineEnding::Crlf);
        assert_eq!(LineEnding::of("a\r\nb\n"), LineEnding::Mixed);
    }
}
