//! Positions and paths as the CI formats (SARIF, GitHub annotations) want them.
//!
//! huashu's own columns count Unicode characters. SARIF's default column unit, and what GitHub's
//! pages count, is UTF-16 code units: the two differ after a character outside the Basic
//! Multilingual Plane (an emoji such as 😀 is one character but two UTF-16 units). Chinese
//! characters are in the BMP and count one either way.

use huashu::Position;

use huashu_workspace::check::FileResult;

/// The byte-order mark, which does not count in the columns of line 1.
const BOM: char = '\u{feff}';

/// A 1-based line and UTF-16 column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Utf16Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column in UTF-16 code units.
    pub column: usize,
}

/// Where a line of `source` starts, given a byte offset on it.
fn line_start(source: &str, offset: usize) -> usize {
    let start = source[..offset].rfind('\n').map_or(0, |i| i + 1);
    if start == 0 && source.starts_with(BOM) {
        BOM.len_utf8().min(offset)
    } else {
        start
    }
}

/// The UTF-16 column of a position in `source`. Falls back to the character column when the
/// position's offset does not fit the source (a call built without one).
pub fn utf16(source: &str, position: Position) -> Utf16Position {
    let column = match source.get(..position.offset) {
        Some(_) if source.is_char_boundary(position.offset) => {
            let start = line_start(source, position.offset);
            source[start..position.offset].encode_utf16().count() + 1
        }
        _ => position.column,
    };
    Utf16Position {
        line: position.line,
        column,
    }
}

/// The UTF-16 column of a 1-based line and character column of `source` (as input errors give
/// them). Falls back to the character column when the line is not in the source.
pub fn utf16_at(source: &str, line: usize, column: usize) -> usize {
    let Some(text) = source.split('\n').nth(line.saturating_sub(1)) else {
        return column;
    };
    let text = if line == 1 {
        text.strip_prefix(BOM).unwrap_or(text)
    } else {
        text
    };
    text.chars()
        .take(column.saturating_sub(1))
        .map(char::len_utf16)
        .sum::<usize>()
        + 1
}

/// The path of an input with forward slashes and without a leading `./`, as GitHub wants it.
pub fn display_path(name: &str) -> String {
    let path = name.replace('\\', "/");
    let mut path = path.as_str();
    while let Some(rest) = path.strip_prefix("./") {
        path = rest;
    }
    path.to_owned()
}

/// The path of an input as a SARIF `uri`: a relative reference with forward slashes and every
/// byte outside the unreserved set %-encoded; an absolute path becomes a `file://` URI.
pub fn uri(name: &str) -> String {
    let path = display_path(name);
    let bytes = path.as_bytes();
    // `C:/…` (or `C:\…`, already turned into `/`): a Windows absolute path.
    let drive =
        bytes.len() >= 3 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' && bytes[2] == b'/';
    let (prefix, rest) = if drive {
        // `C:/calls/a.txt` → `file:///C:/calls/a.txt`
        (format!("file:///{}:", &path[..1]), &path[2..])
    } else if path.starts_with('/') {
        ("file://".to_owned(), path.as_str())
    } else {
        (String::new(), path.as_str())
    };
    let mut out = prefix;
    for &b in rest.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The line a violation without a source position is reported at: its call's first line.
pub fn call_line(result: &FileResult, call: usize) -> usize {
    result.calls[call].call.line.unwrap_or(1).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn position(source: &str, needle: &str) -> Position {
        let offset = source.find(needle).unwrap();
        let line = source[..offset].matches('\n').count() + 1;
        let start = source[..offset].rfind('\n').map_or(0, |i| i + 1);
        Position {
            line,
            column: source[start..offset].chars().count() + 1,
            offset,
        }
    }

    #[test]
    fn an_emoji_counts_two_utf16_units() {
        let source = "客户:你好\n客服:😀这个我不知道\n";
        let p = utf16(source, position(source, "不知道"));
        // 客 服 : are 3 units, 😀 is 2, 这 个 我 are 3: 不 starts at unit 9 (character 8).
        assert_eq!(p, Utf16Position { line: 2, column: 9 });
        assert_eq!(utf16_at(source, 2, 8), 9);
    }

    #[test]
    fn the_bom_does_not_count() {
        let source = "\u{feff}客服:喂";
        let offset = source.find('喂').unwrap();
        let p = utf16(
            source,
            Position {
                line: 1,
                column: 4,
                offset,
            },
        );
        assert_eq!(p.column, 4);
        assert_eq!(utf16_at(source, 1, 4), 4);
    }

    #[test]
    fn a_position_outside_the_source_keeps_its_character_column() {
        let p = utf16(
            "",
            Position {
                line: 3,
                column: 7,
                offset: 40,
            },
        );
        assert_eq!(p, Utf16Position { line: 3, column: 7 });
        assert_eq!(utf16_at("", 9, 5), 5);
    }

    #[test]
    fn uris_are_percent_encoded_references() {
        assert_eq!(uri("calls/a.txt"), "calls/a.txt");
        assert_eq!(uri("./calls/a.txt"), "calls/a.txt");
        assert_eq!(uri("calls\\a b.txt"), "calls/a%20b.txt");
        assert_eq!(uri("通话/1.txt"), "%E9%80%9A%E8%AF%9D/1.txt");
        assert_eq!(uri("a:b#c?d%.txt"), "a%3Ab%23c%3Fd%25.txt");
        assert_eq!(uri("/srv/calls/a.txt"), "file:///srv/calls/a.txt");
        assert_eq!(uri("C:\\calls\\a.txt"), "file:///C:/calls/a.txt");
        assert_eq!(uri("<stdin>"), "%3Cstdin%3E");
    }
}
