//! Decoding JSON string literals while keeping track of where each stretch came from.

use super::index::LineIndex;
use crate::call::{Anchor, Position};

/// A decoded string literal and the anchors mapping it back into the source.
pub(super) struct Decoded {
    /// The decoded text.
    pub(super) text: String,
    /// One anchor at text 0, then one after every escape sequence (even the last one).
    pub(super) anchors: Vec<Anchor>,
}

/// A problem in a string literal: its source offset and a message.
pub(super) type Failure = (usize, String);

/// Decodes `literal` (a JSON string literal, quotes included) found at byte `offset` of the
/// indexed source.
pub(super) fn decode(
    literal: &str,
    offset: usize,
    index: &LineIndex<'_>,
) -> Result<Decoded, Failure> {
    let body = literal
        .strip_prefix('"')
        .and_then(|rest| rest.strip_suffix('"'))
        .ok_or_else(|| (offset, "expected a string".to_string()))?;
    let base = offset + 1;
    let mut pos = index.position(base);
    let mut text = String::with_capacity(body.len());
    let mut anchors = vec![anchor(0, pos)];
    let mut done = 0;
    while let Some(found) = body.get(done..).and_then(|rest| rest.find('\\')) {
        let escape_at = done + found;
        text.push_str(&body[done..escape_at]);
        let (decoded, len) =
            unescape(&body[escape_at..]).map_err(|message| (base + escape_at, message))?;
        text.push(decoded);
        done = escape_at + len;
        // After an escape at the very end, this anchor sits on the closing quote.
        pos = index.advance(pos, base + done);
        anchors.push(anchor(text.len(), pos));
    }
    text.push_str(body.get(done..).unwrap_or_default());
    Ok(Decoded { text, anchors })
}

/// Decodes `literal` (a JSON string literal, quotes included) on its own: the text, and where
/// each stretch of it starts — (offset in the text, offset in the literal), one at text 0, then
/// one after every escape sequence. For strings inside a decoded string (see
/// [`Layer`](super::layer::Layer)), where positions are not yet lines and columns.
pub(super) fn unescape_stretches(literal: &str) -> Result<(String, Vec<(usize, usize)>), Failure> {
    let body = literal
        .strip_prefix('"')
        .and_then(|rest| rest.strip_suffix('"'))
        .ok_or_else(|| (0, "expected a string".to_string()))?;
    let mut text = String::with_capacity(body.len());
    let mut stretches = vec![(0, 1)];
    let mut done = 0;
    while let Some(found) = body.get(done..).and_then(|rest| rest.find('\\')) {
        let escape_at = done + found;
        text.push_str(&body[done..escape_at]);
        let (decoded, len) =
            unescape(&body[escape_at..]).map_err(|message| (1 + escape_at, message))?;
        text.push(decoded);
        done = escape_at + len;
        stretches.push((text.len(), 1 + done));
    }
    text.push_str(body.get(done..).unwrap_or_default());
    Ok((text, stretches))
}

/// `text` as the inside of a JSON string literal (without its quotes): what replaces a
/// decoded stretch of a string in the source, so that it decodes back to `text`. Escapes what
/// JSON requires (`"`, `\\`, control characters), as serde_json writes it.
pub(in crate::transcript) fn escape(text: &str) -> String {
    let quoted = serde_json::to_string(text).expect("a string serialises");
    quoted[1..quoted.len() - 1].to_owned()
}

/// An anchor for text offset `text` at a source position.
fn anchor(text: usize, pos: Position) -> Anchor {
    Anchor {
        text,
        offset: pos.offset,
        line: pos.line,
        column: pos.column,
    }
}

/// Decodes the escape sequence at the start of `escape` (which starts with `\`): the char and the
/// length of the sequence in bytes.
fn unescape(escape: &str) -> Result<(char, usize), String> {
    let simple = match escape.as_bytes().get(1) {
        Some(b'"') => '"',
        Some(b'\\') => '\\',
        Some(b'/') => '/',
        Some(b'b') => '\u{8}',
        Some(b'f') => '\u{c}',
        Some(b'n') => '\n',
        Some(b'r') => '\r',
        Some(b't') => '\t',
        Some(b'u') => return unescape_unicode(escape),
        _ => {
            let shown: String = escape.chars().take(2).collect();
            return Err(format!("invalid escape sequence `{shown}` in string"));
        }
    };
    Ok((simple, 2))
}

/// Decodes a `\uXXXX` escape, or a surrogate pair of two of them.
fn unescape_unicode(escape: &str) -> Result<(char, usize), String> {
    let invalid = || {
        let shown: String = escape.chars().take(6).collect();
        format!("invalid unicode escape `{shown}` in string")
    };
    let first = hex4(escape.get(2..6)).ok_or_else(invalid)?;
    let unpaired = |unit: u32| format!("unpaired surrogate `\\u{unit:04X}` in string");
    let (code, len) = match first {
        0xD800..=0xDBFF => {
            let second = escape
                .get(6..8)
                .filter(|u| *u == "\\u")
                .and_then(|_| hex4(escape.get(8..12)))
                .filter(|unit| (0xDC00..=0xDFFF).contains(unit))
                .ok_or_else(|| unpaired(first))?;
            (0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00), 12)
        }
        0xDC00..=0xDFFF => return Err(unpaired(first)),
        _ => (first, 6),
    };
    let decoded = char::from_u32(code).ok_or_else(invalid)?;
    Ok((decoded, len))
}

/// The value of exactly four hex digits.
fn hex4(digits: Option<&str>) -> Option<u32> {
    let digits = digits.filter(|d| d.len() == 4 && d.bytes().all(|b| b.is_ascii_hexdigit()))?;
    u32::from_str_radix(digits, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_alone(literal: &str) -> Result<Decoded, Failure> {
        let index = LineIndex::new(literal);
        decode(literal, 0, &index)
    }

    #[test]
    fn decodes_every_escape() {
        let decoded =
            decode_alone(r#""a\"b\\c\/d\be\ff\ng\rh\ti\u4f60\u597d\ud83d\ude00""#).unwrap();
        assert_eq!(decoded.text, "a\"b\\c/d\u{8}e\u{c}f\ng\rh\ti你好😀");
        // One anchor at the start, one after each of the 11 escapes.
        assert_eq!(decoded.anchors.len(), 12);
        assert_eq!(decoded.anchors[0].offset, 1);
    }

    #[test]
    fn anchors_point_after_each_escape() {
        let literal = r#""您好\n请问""#;
        let decoded = decode_alone(literal).unwrap();
        assert_eq!(decoded.text, "您好\n请问");
        let second = decoded.anchors[1];
        assert_eq!(second.text, "您好\n".len());
        assert_eq!(&literal[second.offset..], "请问\"");
        assert_eq!(second.column, 6);
    }

    #[test]
    fn rejects_unpaired_surrogates_and_bad_escapes() {
        let (at, message) = decode_alone(r#""ab\ud83dcd""#).err().unwrap();
        assert_eq!(at, 3);
        assert!(
            message.contains("unpaired surrogate `\\uD83D`"),
            "{message}"
        );
        assert!(decode_alone(r#""\ude00""#).is_err());
        assert!(decode_alone(r#""\ud83d\u0041""#).is_err());
        assert!(decode_alone(r#""\x""#).is_err());
        assert!(decode_alone(r#""\u12""#).is_err());
        assert!(decode_alone(r#""\u+123""#).is_err());
        assert!(decode_alone(r#""\"#).is_err());
        assert!(decode_alone("\"\\u4f6\u{4f60}\"").is_err());
    }

    #[test]
    fn escaped_text_decodes_back() {
        for text in ["您好", "请说\"您好\"", "a\\b", "第一行\n第二行\t", "\u{1}"] {
            let literal = format!("\"{}\"", escape(text));
            assert_eq!(decode_alone(&literal).unwrap().text, text, "{literal}");
        }
        assert_eq!(escape("您好"), "您好");
        assert_eq!(escape("\"x\"\n"), "\\\"x\\\"\\n");
    }

    #[test]
    fn stretches_start_after_every_escape() {
        let (text, stretches) = unescape_stretches(r#""您好\"喂\"""#).unwrap();
        assert_eq!(text, "您好\"喂\"");
        assert_eq!(stretches, [(0, 1), (7, 9), (11, 14)]);
        assert_eq!(unescape_stretches(r#""a\x""#).err().unwrap().0, 2);
    }

    #[test]
    fn keeps_nul_chars() {
        assert_eq!(decode_alone(r#""a\u0000b""#).unwrap().text, "a\0b");
    }
}
