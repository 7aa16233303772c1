//! The head of a line: the times and the label a turn line starts with, in the styles exports
//! write them: `[00:01-00:03] 客服:`, `00:01-00:03 客服:`, `2026-11-20 09:30:01 客服:`,
//! `客服(00:01):`, `[1040-3718] 客服:`.

use super::super::time::{self, RangeError, Read, ACCEPTED_FORMS};
use super::super::TimeUnit;

/// The longest label, in characters.
const MAX_LABEL_CHARS: usize = 16;

/// What a line starts with, when it starts with times or a label.
pub(super) struct Head<'a> {
    /// The times, if the line has any: read, or why they cannot be.
    pub(super) stamp: Option<StampAt>,
    /// The label, if the line has one.
    pub(super) label: Option<Label<'a>>,
}

/// Times found at the head of a line.
pub(super) struct StampAt {
    /// The times read, or the message saying why they cannot be.
    pub(super) read: Result<Read, String>,
    /// Whether the times could only be meant as times (a colon, or two numbers): otherwise
    /// (`[1]`, `[呵呵]`) they make a line a turn only together with a known label.
    pub(super) time_like: bool,
    /// Whether they were in brackets: bracketed times with no label are a turn missing its
    /// label; unbracketed ones are just text that starts with a time.
    pub(super) bracketed: bool,
}

/// A label and where its turn's text starts.
pub(super) struct Label<'a> {
    /// The label, trimmed (times in brackets after it removed).
    pub(super) name: &'a str,
    /// The byte of the line where the label starts.
    pub(super) at: usize,
    /// The byte of the line just after the colon.
    pub(super) text_at: usize,
}

/// Reads the head of `line`, whose first non-blank byte is `lead`.
pub(super) fn read(line: &str, lead: usize, unit: TimeUnit) -> Head<'_> {
    let rest = &line[lead..];
    if let Some((content, after)) = bracket(rest) {
        let after_at = line.len() - after.len();
        let label = label_at(line, after_at);
        let time_like = time::looks_like_time(content);
        if label.is_some() || time_like {
            return Head {
                stamp: Some(StampAt {
                    read: stamp(content, unit, true),
                    time_like,
                    bracketed: true,
                }),
                label,
            };
        }
    }
    if rest.starts_with(|c: char| c.is_ascii_digit()) {
        if let Some(head) = unbracketed(line, lead, unit) {
            return head;
        }
    }
    let mut head = Head {
        stamp: None,
        label: label_at(line, lead),
    };
    // `客服(00:01):` or `客服（00:01-00:03）：`: the times inside the label's brackets.
    if let Some(label) = &mut head.label {
        if let Some((name, content)) = paren_times(label.name) {
            head.stamp = Some(StampAt {
                read: stamp(content, unit, false),
                time_like: true,
                bracketed: true,
            });
            label.name = name;
        }
    }
    head
}

/// Reads times at the head of a line without brackets (`00:01-00:03 客服:`, `00:01 客服:`,
/// `2026-11-20 09:30:01 客服:`): only when a label follows them; else the line is text that
/// starts with a time.
fn unbracketed(line: &str, lead: usize, unit: TimeUnit) -> Option<Head<'_>> {
    let rest = &line[lead..];
    let first_end = rest.find(char::is_whitespace)?;
    let first = &rest[..first_end];
    // A date takes the clock time after it.
    let second_end = if time::parse_date(first).is_some() {
        let after = &rest[first_end..];
        let skip = after.len() - after.trim_start().len();
        let token = after.trim_start();
        let end = token.find(char::is_whitespace).unwrap_or(token.len());
        first_end + skip + end
    } else {
        first_end
    };
    let content = &rest[..second_end];
    if !time::looks_like_time(content) {
        return None;
    }
    let after_at = lead + second_end;
    if !line[after_at..].starts_with(char::is_whitespace) {
        return None;
    }
    let label = label_at(line, after_at)?;
    let read = stamp(content, unit, false);
    Some(Head {
        stamp: Some(StampAt {
            read,
            time_like: true,
            bracketed: false,
        }),
        label: Some(label),
    })
}

/// Reads times (a range, a start or a wall clock), with the error message for bad ones.
fn stamp(content: &str, unit: TimeUnit, bracketed: bool) -> Result<Read, String> {
    time::parse_stamp(content, unit).map_err(|error| {
        let shown = if bracketed {
            format!("[{content}]")
        } else {
            content.to_owned()
        };
        match error {
            RangeError::Malformed => format!("invalid time range `{shown}`: {ACCEPTED_FORMS}"),
            RangeError::Backwards => format!("time range `{shown}` ends before it starts"),
        }
    })
}

/// Splits `[content]after` into its bracket content and the rest.
pub(super) fn bracket(text: &str) -> Option<(&str, &str)> {
    let inner = text.strip_prefix('[')?;
    let close = inner.find(']')?;
    Some((&inner[..close], &inner[close + 1..]))
}

/// The label of `LABEL:rest` starting at byte `from` of `line` (whitespace allowed around the
/// label, `:` or `：` after it).
fn label_at(line: &str, from: usize) -> Option<Label<'_>> {
    let (name, after) = split_label(line.get(from..)?)?;
    let at = line.len() - line[from..].trim_start().len();
    Some(Label {
        name,
        at,
        text_at: line.len() - after.len(),
    })
}

/// Splits `LABEL:rest` (whitespace allowed around the label, `:` or `：`) into the label and the
/// rest after the colon. The label must be non-empty and at most [`MAX_LABEL_CHARS`] long, and a
/// number right before a digit (`10:30`) is a time, not a label.
pub(in crate::transcript) fn split_label(text: &str) -> Option<(&str, &str)> {
    // The first colon outside brackets (`客服(00:01):`); brackets before it are rare.
    let mut colon = first_colon(text)?;
    // `(`, or the last byte of `（` (which other characters share: then the slow way).
    if text.as_bytes()[..colon]
        .iter()
        .any(|&b| b == b'(' || b == 0x88)
    {
        let mut depth = 0usize;
        colon = text.char_indices().find_map(|(i, c)| {
            match c {
                '(' | '（' => depth += 1,
                ')' | '）' => depth = depth.saturating_sub(1),
                ':' | '：' if depth == 0 => return Some(i),
                _ => {}
            }
            None
        })?;
    }
    let label = text[..colon].trim();
    let rest = &text[colon..];
    let colon_len = rest.chars().next().map_or(1, char::len_utf8);
    let after = &rest[colon_len..];
    let valid = !label.is_empty() && label.chars().count() <= MAX_LABEL_CHARS;
    let a_time = label.bytes().all(|b| b.is_ascii_digit())
        && after.starts_with(|c: char| c.is_ascii_digit());
    (valid && !a_time).then_some((label, after))
}

/// The byte of the first `:` or `：` in `text`, found byte by byte (every line is searched).
fn first_colon(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    // `：` is EF BC 9A; 0x9A is only ever its last byte or another character's.
    bytes.iter().enumerate().find_map(|(i, &b)| match b {
        b':' => Some(i),
        0x9A if i >= 2 && bytes[i - 2] == 0xEF && bytes[i - 1] == 0xBC => Some(i - 2),
        _ => None,
    })
}

/// Splits `客服(00:01)` into `客服` and `00:01`, when the brackets hold something meant as a
/// time (a digit first, and a colon: `客服(00:7x)` is a bad time, not a label).
fn paren_times(label: &str) -> Option<(&str, &str)> {
    let inner = label
        .strip_suffix(')')
        .or_else(|| label.strip_suffix('）'))?;
    let open = inner.rfind(['(', '（'])?;
    let name = inner[..open].trim();
    let content = &inner[open + inner[open..].chars().next()?.len_utf8()..];
    let meant = time::looks_like_time(content)
        || (content.starts_with(|c: char| c.is_ascii_digit()) && content.contains(':'));
    (!name.is_empty() && meant).then_some((name, content))
}

#[cfg(test)]
mod tests {
    use super::super::super::time::Stamp;
    use super::*;

    /// The stamp read (or its error) and the label with the text after it.
    type Read<'a> = (Option<Result<Stamp, String>>, Option<(&'a str, &'a str)>);

    fn head(line: &str) -> Read<'_> {
        let lead = line.len() - line.trim_start().len();
        let head = read(line, lead, TimeUnit::Seconds);
        (
            head.stamp.map(|s| s.read.map(|(stamp, _)| stamp)),
            head.label.map(|l| (l.name, &line[l.text_at..])),
        )
    }

    #[test]
    fn reads_every_style() {
        assert_eq!(
            head("[00:01-00:03] 客服:您好"),
            (Some(Ok(Stamp::Range(1.0, 3.0))), Some(("客服", "您好")))
        );
        assert_eq!(
            head("00:01-00:03 客服:您好"),
            (Some(Ok(Stamp::Range(1.0, 3.0))), Some(("客服", "您好")))
        );
        assert_eq!(
            head("  01:05 客户：喂"),
            (Some(Ok(Stamp::Start(65.0))), Some(("客户", "喂")))
        );
        assert_eq!(
            head("客服(00:01):您好"),
            (Some(Ok(Stamp::Start(1.0))), Some(("客服", "您好")))
        );
        assert_eq!(
            head("客服（00:01-00:04）：您好"),
            (Some(Ok(Stamp::Range(1.0, 4.0))), Some(("客服", "您好")))
        );
        let (stamp, label) = head("2026-11-20 09:30:01 客服:您好");
        assert!(matches!(stamp, Some(Ok(Stamp::Wall(_)))));
        assert_eq!(label, Some(("客服", "您好")));
        assert_eq!(
            head("[1040-3718] A:嗯").0,
            Some(Ok(Stamp::Range(1040.0, 3718.0)))
        );
    }

    #[test]
    fn colons_of_both_widths() {
        assert_eq!(first_colon("客服：您好:"), Some(6));
        assert_eq!(first_colon("客服:您好"), Some(6));
        // 0x9A ends other characters too (`蚊` is E8 9A 8A).
        assert_eq!(first_colon("蚊子"), None);
        assert_eq!(first_colon("无"), None);
        assert_eq!(
            split_label("客服(00:01)：您好"),
            Some(("客服(00:01)", "您好"))
        );
    }

    #[test]
    fn text_that_starts_with_a_time_is_text() {
        assert_eq!(head("10:30 我们开会"), (None, None));
        assert_eq!(head("10:30以后再打过来"), (None, None));
        assert_eq!(head("[呵呵] 我帮您查询一下"), (None, None));
        assert_eq!(head("[1] 您好"), (None, None));
        // A lone number before a colon is a label, unless a digit follows (a time).
        assert_eq!(head("0:您好").1, Some(("0", "您好")));
        assert_eq!(head("10:30").1, None);
    }

    #[test]
    fn bad_times_before_a_label_are_errors() {
        let (stamp, label) = head("[00:7x-00:09] 客服:您好");
        assert!(stamp.unwrap().unwrap_err().contains("`[00:7x-00:09]`"));
        assert_eq!(label.unwrap().0, "客服");
        let (stamp, _) = head("25:61-26:00 客服:您好");
        assert!(stamp.unwrap().is_err());
        // A timed line without a label.
        let (stamp, label) = head("[00:01-00:02] 嗯嗯");
        assert!(stamp.unwrap().is_ok() && label.is_none());
    }
}
