//! One compact row per call of a report: what the per-call tables, the CSV of calls, the trends
//! and the HTML page's call list need, without the transcript. Repeated strings (file, agent,
//! team, date, rule) are numbers into the [`Report`](super::report::Report)'s tables, so that a
//! day of 50,000 calls takes a few megabytes.

use std::collections::HashMap;

/// One call of a report, without its transcript.
///
/// `file`, `agent`, `team`, `date` and each cost's `rule` are indices into the report's
/// [`file_names`](super::report::Report::file_names), [`agents`](super::report::Report::agents),
/// [`teams`](super::report::Report::teams), [`dates`](super::report::Report::dates) and
/// [`rules`](super::report::Report::rules).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallRow {
    /// The input it came from.
    pub file: u32,
    /// The call id, if any.
    pub id: Option<Box<str>>,
    /// Its agent, when known.
    pub agent: Option<u32>,
    /// Its team, when known.
    pub team: Option<u32>,
    /// Its day, when known.
    pub date: Option<u32>,
    /// The QA score, 0–100.
    pub score: u8,
    /// Whether it passed QA.
    pub passed: bool,
    /// Its violations.
    pub violations: u32,
    /// Its intent findings for review (not scored).
    pub review: u32,
    /// The rules that fired in it, most points first (then most violations, then rule order).
    pub costs: Box<[RuleCost]>,
}

impl CallRow {
    /// The rule that cost the call most points (most violations on a tie), if any fired.
    pub fn top_rule(&self) -> Option<u32> {
        self.costs.first().map(|c| c.rule)
    }
}

/// What one rule cost one call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleCost {
    /// The rule (an index into the report's rules).
    pub rule: u32,
    /// Its violations in the call.
    pub count: u32,
    /// The points it took off the call's score (after its `max_points` cap).
    pub points: u32,
}

/// Strings numbered in the order first seen.
#[derive(Debug, Default)]
pub(crate) struct Interner {
    numbers: HashMap<String, u32>,
    pub(crate) names: Vec<String>,
}

impl Interner {
    /// The number of `name`, given one if it is new.
    pub(crate) fn number(&mut self, name: &str) -> u32 {
        if let Some(&n) = self.numbers.get(name) {
            return n;
        }
        let n = self.names.len() as u32;
        self.names.push(name.to_owned());
        self.numbers.insert(name.to_owned(), n);
        n
    }

    /// The number of `name`, if it was seen.
    pub(crate) fn get(&self, name: &str) -> Option<u32> {
        self.numbers.get(name).copied()
    }
}

/// The day of a call's `date` as ISO `YYYY-MM-DD`: the date may be written `2026-11-20`,
/// `2026/11/20`, `2026.11.20`, `20261120` or `2026年11月20日`, with a time after it or not
/// (`2026-11-20T09:15:00+08:00`, `20261120 091500`). Anything else is kept as written (trimmed),
/// so that no call loses its date; such dates sort as text after the ISO ones.
///
/// ```
/// use huashu_workspace::tally::calls::day;
/// assert_eq!(day("2026-11-20T09:15:00+08:00"), "2026-11-20");
/// assert_eq!(day("2026/11/3 9:15"), "2026-11-03");
/// assert_eq!(day("20261120_091500"), "2026-11-20");
/// assert_eq!(day("2026年11月20日"), "2026-11-20");
/// assert_eq!(day(" 周五 "), "周五");
/// ```
pub fn day(date: &str) -> String {
    let date = date.trim();
    // Eight digits in a row: YYYYMMDD.
    let digits: String = date.chars().take_while(char::is_ascii_digit).collect();
    if matches!(digits.len(), 8 | 12 | 14) {
        if let Some(iso) = iso(&digits[..4], &digits[4..6], &digits[6..8]) {
            return iso;
        }
    }
    // Year, month, day separated by one of - / . 年 月.
    let mut parts = date
        .split(['-', '/', '.', '年', '月', '日', 'T', ' '])
        .filter(|p| !p.is_empty());
    if let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) {
        if let Some(iso) = iso(y, m, d) {
            return iso;
        }
    }
    date.to_owned()
}

fn iso(year: &str, month: &str, day: &str) -> Option<String> {
    let number = |s: &str, len: std::ops::RangeInclusive<usize>| {
        (len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let (y, m, d) = (
        number(year, 4..=4)?,
        number(month, 1..=2)?,
        number(day, 1..=2)?,
    );
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then(|| format!("{y:04}-{m:02}-{d:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_of_common_date_forms() {
        for (written, expected) in [
            ("2026-11-20", "2026-11-20"),
            ("2026-11-20 09:15:00", "2026-11-20"),
            ("2026.11.20", "2026-11-20"),
            ("20261120", "2026-11-20"),
            ("20261120091500", "2026-11-20"),
            ("2026年11月2日 上午", "2026-11-02"),
            // Not a date: kept as written.
            ("2026-13-40", "2026-13-40"),
            ("202611", "202611"),
            ("昨天", "昨天"),
        ] {
            assert_eq!(day(written), expected, "{written}");
        }
    }

    #[test]
    fn interner_numbers_in_order_seen() {
        let mut names = Interner::default();
        assert_eq!(names.number("宽带组"), 0);
        assert_eq!(names.number("话费组"), 1);
        assert_eq!(names.number("宽带组"), 0);
        assert_eq!(names.get("话费组"), Some(1));
        assert_eq!(names.get("贷款组"), None);
        assert_eq!(names.names, ["宽带组", "话费组"]);
    }
}
