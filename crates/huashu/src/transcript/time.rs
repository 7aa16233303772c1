//! Time stamps and time ranges of plain-text transcripts (`[00:01.200-00:04.800]`,
//! `00:01-00:03`, `2026-11-20 09:30:01`) and subtitles (`00:00:01,000 --> 00:00:04,000`).

use super::TimeUnit;

/// The forms a time range may take, for error messages.
pub(super) const ACCEPTED_FORMS: &str = "expected `[START-END]` (separator `-`, `~` or `–`) \
     or `[START]`, with times as SS, MM:SS or HH:MM:SS, each optionally with a fraction such as \
     00:01.250, or a wall-clock `YYYY-MM-DD HH:MM:SS`";

/// Why the content of a `[...]` prefix is not a usable time range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum RangeError {
    /// The text is not two times separated by `-`, `~` or `–`.
    Malformed,
    /// Both times are valid but the end is before the start.
    Backwards,
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

/// The times a turn line carries.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Stamp {
    /// A range, in seconds from the start of the call.
    Range(f64, f64),
    /// A start only, in seconds from the start of the call.
    Start(f64),
    /// A wall-clock time (boxed: rare, and every line's head is moved about).
    Wall(Box<Wall>),
}

/// A wall-clock time: its date (ISO 8601), the time as written, and seconds since 1970-01-01
/// 00:00 of that clock (no time zone: only differences are used).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Wall {
    pub(super) date: String,
    pub(super) time: String,
    pub(super) seconds: f64,
}

/// A stamp read, and the largest time in it that was a bare number read as seconds (0 if none).
pub(super) type Read = (Stamp, f64);

/// Parses a time stamp: a range `START-END` (or `~`, `–`, `-->`), a single time, or a
/// wall-clock `YYYY-MM-DD HH:MM:SS` (also `/` or `.` in the date, `T` between). Bare numbers
/// (no colon) are in `unit`; clock forms are clock times.
pub(super) fn parse_stamp(content: &str, unit: TimeUnit) -> Result<Read, RangeError> {
    let content = content.trim();
    if let Some(wall) = parse_wall(content) {
        return Ok((wall, 0.0));
    }
    let split = content
        .split_once("-->")
        .or_else(|| content.split_once(['-', '~', '–']));
    match split {
        Some((start, end)) => {
            let (start, start_bare) =
                parse_time_in(start.trim(), unit).ok_or(RangeError::Malformed)?;
            let (end, end_bare) = parse_time_in(end.trim(), unit).ok_or(RangeError::Malformed)?;
            if end < start {
                return Err(RangeError::Backwards);
            }
            Ok((Stamp::Range(start, end), start_bare.max(end_bare)))
        }
        None => {
            let (start, bare) = parse_time_in(content, unit).ok_or(RangeError::Malformed)?;
            Ok((Stamp::Start(start), bare))
        }
    }
}

/// Parses a time in seconds (see [`parse_time`]); a bare number is in `unit`. Also returns the
/// value when it was a bare number read as seconds (else 0), for spotting milliseconds.
pub(super) fn parse_time_in(text: &str, unit: TimeUnit) -> Option<(f64, f64)> {
    let seconds = parse_time(text)?;
    if text.contains(':') {
        return Some((seconds, 0.0));
    }
    let bare = if unit == TimeUnit::Seconds {
        seconds
    } else {
        0.0
    };
    Some((unit.seconds(seconds), bare))
}

/// Whether `text` could only be meant as a time or a range (digits and time punctuation, with a
/// colon or between two numbers), even if it is not a valid one: then a label after it makes the
/// line a turn, and a bad time an error rather than text.
pub(super) fn looks_like_time(text: &str) -> bool {
    let text = text.trim();
    let punctuation_only = text.chars().all(|c| {
        c.is_ascii_digit() || matches!(c, ':' | '.' | ',' | '-' | '~' | '–' | '>' | ' ' | '/' | 'T')
    });
    let numbers = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|n| !n.is_empty())
        .count();
    text.starts_with(|c: char| c.is_ascii_digit())
        && punctuation_only
        && (text.contains(':') || numbers >= 2)
}

/// Parses a wall-clock date and time: `2026-11-20 09:30:01` (`/` or `.` in the date, a space or
/// `T` between, seconds and fraction optional).
pub(super) fn parse_wall(text: &str) -> Option<Stamp> {
    let (date, time) = text.split_once(['T', ' '])?;
    let time = time.trim();
    let (year, month, day) = parse_date(date)?;
    let hours = time.split(':').next().unwrap_or_default();
    let colons = time.matches(':').count();
    if !(1..=2).contains(&hours.len()) || !(1..=2).contains(&colons) {
        return None;
    }
    let clock = if colons == 1 {
        parse_time(&format!("{time}:00"))?
    } else {
        parse_time(time)?
    };
    if clock >= 86_400.0 {
        return None;
    }
    let days = days_from_civil(year, month, day);
    Some(Stamp::Wall(Box::new(Wall {
        date: format!("{year:04}-{month:02}-{day:02}"),
        time: time.to_owned(),
        seconds: days as f64 * 86_400.0 + clock,
    })))
}

/// Parses a date `YYYY-MM-DD` (or with `/` or `.`), or `YYYY年M月D日`.
pub(super) fn parse_date(text: &str) -> Option<(i64, u32, u32)> {
    let text = text.trim();
    // Most words are no date: only one that starts with four digits is split.
    if text.len() < 8 || !text.as_bytes()[..4].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let (body, separators): (&str, &[char]) = match text.strip_suffix('日') {
        Some(rest) => (rest, &['年', '月']),
        None => (text, &['-', '/', '.']),
    };
    let mut parts = body.split(separators);
    let (Some(year), Some(month), Some(day), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    if year.len() != 4 || !is_digits(year) || !is_digits(month) || !is_digits(day) {
        return None;
    }
    if month.len() > 2 || day.len() > 2 {
        return None;
    }
    let (year, month, day): (i64, u32, u32) =
        (year.parse().ok()?, month.parse().ok()?, day.parse().ok()?);
    let valid = (1..=12).contains(&month) && (1..=days_in_month(year, month)).contains(&day);
    valid.then_some((year, month, day))
}

/// The days in a month of the proleptic Gregorian calendar.
fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let day_of_year =
        (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
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
    fn parses_stamps_in_units() {
        let ms = TimeUnit::Milliseconds;
        assert_eq!(
            parse_stamp("1040-3718", ms),
            Ok((Stamp::Range(1.04, 3.718), 0.0))
        );
        assert_eq!(
            parse_stamp("1040-3718", TimeUnit::Seconds),
            Ok((Stamp::Range(1040.0, 3718.0), 3718.0))
        );
        // Clock forms are clock times whatever the unit.
        assert_eq!(
            parse_stamp("00:01 --> 00:03", ms),
            Ok((Stamp::Range(1.0, 3.0), 0.0))
        );
        assert_eq!(parse_stamp("01:05", ms), Ok((Stamp::Start(65.0), 0.0)));
        assert_eq!(parse_stamp("00:05-00:03", ms), Err(RangeError::Backwards));
    }

    #[test]
    fn parses_wall_clocks() {
        let Ok((Stamp::Wall(wall), _)) = parse_stamp("2026-11-20 09:30:01", TimeUnit::Seconds)
        else {
            panic!("a wall clock")
        };
        let Wall {
            date,
            time,
            seconds,
        } = *wall;
        assert_eq!((date.as_str(), time.as_str()), ("2026-11-20", "09:30:01"));
        let Some(Stamp::Wall(next)) = parse_wall("2026/11/21T00:00:01.5") else {
            panic!("a wall clock")
        };
        let (later, date) = (next.seconds, next.date);
        assert_eq!(date, "2026-11-21");
        assert!(close(later - seconds, 14.0 * 3600.0 + 30.0 * 60.0 + 0.5));
        assert!(matches!(
            parse_wall("2026-11-20 09:30"),
            Some(Stamp::Wall(_))
        ));
        for bad in [
            "2026-13-01 09:00:00",
            "2026-02-30 09:00:00",
            "2026-11-20 24:00:00",
            "26-11-20 09:00:00",
            "2026-11-20",
        ] {
            assert_eq!(parse_wall(bad), None, "{bad}");
        }
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(parse_date("2026年11月20日"), Some((2026, 11, 20)));
    }

    #[test]
    fn what_looks_like_a_time() {
        for text in [
            "00:01",
            "00:7x-00:09",
            "25:61",
            "1040-3718",
            "2026-11-20 09:30:01",
        ] {
            assert_eq!(looks_like_time(text), !text.contains('x'), "{text}");
        }
        for text in ["1", "12345", "呵呵", "笑", "-1", ""] {
            assert!(!looks_like_time(text), "{text}");
        }
    }

    /// A range, as the brackets of a turn line hold it.
    fn parse_range(content: &str) -> Result<(f64, f64), RangeError> {
        match parse_stamp(content, TimeUnit::Seconds)? {
            (Stamp::Range(start, end), _) => Ok((start, end)),
            _ => Err(RangeError::Malformed),
        }
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
