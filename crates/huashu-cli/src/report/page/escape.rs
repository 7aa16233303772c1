//! JSON inside an HTML `<script>` element: `<`, `>` and `&` are written as `\u003c`, `\u003e`
//! and `\u0026`, and U+2028/U+2029 as `\u2028`/`\u2029`, so that no input text can close the
//! element (`</script>`), open a comment (`<!--`) or end a JavaScript line. Outside JSON
//! strings none of these bytes occurs, so the escaped bytes are the same JSON value.

use std::io::{self, Write};

/// Writes `json` (serde_json's output) to `out`, escaped for a `<script>` element.
pub fn write_script_json(out: &mut impl Write, json: &[u8]) -> io::Result<()> {
    let mut from = 0;
    let mut i = 0;
    while i < json.len() {
        let escaped: Option<(&[u8], usize)> = match json[i] {
            b'<' => Some((b"\\u003c", 1)),
            b'>' => Some((b"\\u003e", 1)),
            b'&' => Some((b"\\u0026", 1)),
            0xE2 if json[i + 1..].starts_with(&[0x80, 0xA8]) => Some((b"\\u2028", 3)),
            0xE2 if json[i + 1..].starts_with(&[0x80, 0xA9]) => Some((b"\\u2029", 3)),
            _ => None,
        };
        match escaped {
            Some((with, len)) => {
                out.write_all(&json[from..i])?;
                out.write_all(with)?;
                i += len;
                from = i;
            }
            None => i += 1,
        }
    }
    out.write_all(&json[from..])
}

/// `value` as JSON escaped for a `<script>` element.
pub fn write_value(out: &mut impl Write, value: &impl serde::Serialize) -> io::Result<()> {
    let json = serde_json::to_vec(value).map_err(io::Error::other)?;
    write_script_json(out, &json)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escaped(value: &serde_json::Value) -> String {
        let mut out = Vec::new();
        write_value(&mut out, value).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn nothing_can_close_the_script() {
        let text = "</script><script>alert(1)</script><!-- A&B \u{2028}行\u{2029}段 您好";
        let json = escaped(&serde_json::json!({ "text": text, "n": [1, 2] }));
        assert_eq!(
            json,
            "{\"text\":\"\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e\
             \\u003c!-- A\\u0026B \\u2028行\\u2029段 您好\",\"n\":[1,2]}"
        );
        for raw in ['<', '>', '&', '\u{2028}', '\u{2029}'] {
            assert!(!json.contains(raw), "{raw:?}");
        }
        // Still the same JSON.
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back["text"], text);
    }

    #[test]
    fn other_three_byte_characters_pass() {
        // U+2020 (†) and U+2030 (‰) share the first bytes of U+2028.
        assert_eq!(escaped(&serde_json::json!("†‰话术")), "\"†‰话术\"");
    }
}
