//! Time stamps and time ranges of plain-text transcripts (`[00:01.200-00:04.800]`).

/// The forms a time range may take, for error messages.
pub(super) const ACCEPTED_FORMS: &str = "expected `[START-END]` (separator `-`, `~` or `–`) \
     with times as SS, MM:SS or HH:MM:SS, each optionally with a fraction such as 00:01.250";

/// Why the content of a `[...]` prefix is not a usable time range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum RangeError {
    /// The text is not two times separated by `-`, `~` or `–`.
    Malformed,
    /// Both times are valid but the end is before the start.
    Backwards,
}

/// Parses the content of a time-range bracket (without the brackets) into start and end seconds.
///
/// Spaces around the times are allowed.
pub(super) fn parse_range(content: &str) -> Result<(f64, f64), RangeError> {
    let (start, end) = content
        .split_once(['-', '~', '–'])
        .ok_or(RangeError::Malformed)?;
    let start = parse_time(start.trim()).ok_or(RangeError::Malformed)?;
    let end = parse_time(end.trim()).ok_or(RangeError::Malformed)?;
    if end < start {
        return Err(RangeError::Backwards);
    }
    Ok((start, end))
}

/// Parses `SS`, `MM:SS` or `HH:MM:SS`, each with an optional fraction (`.` or `,` then digits),
/// into seconds.
///
/// In the colon forms minutes and seconds must be below 60. Returns `None` for anything else,
/// including values too large to be finite.
pub(super) fn parse_time(text: &str) -> Option<f64> {
    let (whole, fraction) = match text.split_once(['.', ',']) {
        Some((whole, fraction)) => (whole, fraction),
        None => (text, "0"),
    };
    if !is_digits(fraction) {
        return None;
    }
    let fields = whole.split(':').collect::<Vec<_>>();
    if fields.len() > 3 || !fields.iter().all(|f| is_digits(f)) {
        return None;
    }
    // Minute and second fields of the colon forms have one or two digits.
    if fields.len() > 1 && fields[1..].iter().any(|f| f.len() > 2) {
        return None;
    }
    let values = fields
        .iter()
        .map(|f| f.parse::<f64>().ok())
        .collect::<Option<Vec<f64>>>()?;
    // In `MM:SS` both fields are bounded, in `HH:MM:SS` all but the hours.
    let bounded = match values.len() {
        1 => &values[..0],
        2 => &values[..],
        _ => &values[1..],
    };
    if bounded.iter().any(|v| *v >= 60.0) {
        return None;
    }
    let fraction: f64 = format!("0.{fraction}").parse().ok()?;
    let total = values.iter().fold(0.0, |acc, v| acc * 60.0 + v) + fraction;
    total.is_finite().then_some(total)
}

/// Whether `text` is one or more ASCII digits.
fn is_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn parses_all_forms() {
        assert_eq!(parse_time("7"), Some(7.0));
        assert_eq!(parse_time("125"), Some(125.0));
        assert!(close(parse_time("3.5").unwrap(), 3.5));
        assert!(close(parse_time("01:02.250").unwrap(), 62.25));
        assert!(close(parse_time("01:02,250").unwrap(), 62.25));
        assert!(close(parse_time("00:00:01.200").unwrap(), 1.2));
        assert!(close(parse_time("1:00:00").unwrap(), 3600.0));
        assert!(close(parse_time("100:59:59.9").unwrap(), 363_599.9));
    }

    #[test]
    fn rejects_bad_times() {
        for bad in [
            "", "00:7x", "01:75", "75:00", "1:60:00", "00:00:60", "1.", ".5", "1.2.3", "1:2:3:4",
            "a", "00:001", "-1", " 1", "1e3", "１２",
        ] {
            assert_eq!(parse_time(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn huge_values_are_rejected_not_infinite() {
        let digits = "9".repeat(400);
        assert_eq!(parse_time(&digits), None);
        assert_eq!(parse_time(&format!("{digits}:00:00")), None);
    }

    #[test]
    fn parses_ranges() {
        let (start, end) = parse_range("00:00:01.200-00:00:04.800").unwrap();
        assert!(close(start, 1.2) && close(end, 4.8));
        assert_eq!(parse_range(" 00:01 ~ 00:03 "), Ok((1.0, 3.0)));
        assert_eq!(parse_range("1–2"), Ok((1.0, 2.0)));
        assert_eq!(parse_range("00:7x-00:09"), Err(RangeError::Malformed));
        assert_eq!(parse_range("01:75-02:00"), Err(RangeError::Malformed));
        assert_eq!(parse_range("00:05"), Err(RangeError::Malformed));
        assert_eq!(parse_range("00:05-00:03"), Err(RangeError::Backwards));
        assert_eq!(parse_range("1-2-3"), Err(RangeError::Malformed));
    }
}
