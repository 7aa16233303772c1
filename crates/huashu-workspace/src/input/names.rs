//! `--name-pattern`: call metadata (agent, date, team, call id) from file names.
//!
//! A pattern is a file name with placeholders: `{agent}`, `{call}`, `{date}`, `{team}` capture
//! that field, `{*}` matches anything; every other character stands for itself. Each
//! placeholder matches one or more characters other than `/`, as few as the rest of the pattern
//! allows. A pattern without `/` is matched against the file name; one with `/` against the
//! path below the input root (the directory named on the command line), so
//! `{team}/{agent}_{date}_{call}.txt` reads `calls/信用卡组/1017_20261120_0042.txt` when `calls`
//! was named. Either way it is tried without the extension, then with it, so
//! `{agent}_{date}_{call}` and `{agent}_{date}_{call}.txt` both read `1022_20261120_0042.txt`.
//!
//! Two placeholders with nothing between them (`{agent}{date}`) cannot be told apart and are
//! rejected. Dates are normalised to ISO 8601: `20261120`, `2026-11-20`, `2026/11/20`,
//! `2026.11.20`, `2026_11_20` and `2026年11月20日` all read as `2026-11-20`.

use huashu::CallInfo;
use regex::Regex;

/// A compiled `--name-pattern`.
#[derive(Debug, Clone)]
pub struct NamePattern {
    pattern: String,
    regex: Regex,
}

/// What a file name says about its calls.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NameInfo {
    /// Agent, date and team.
    pub info: CallInfo,
    /// The call id, from `{call}`.
    pub call: Option<String>,
}

const FIELDS: [&str; 4] = ["agent", "call", "date", "team"];

impl NamePattern {
    /// Compiles a pattern; an unknown or repeated placeholder, or an unclosed `{`, is an error.
    pub fn parse(pattern: &str) -> Result<NamePattern, String> {
        let mut regex = String::from("^");
        let mut seen = Vec::new();
        let mut rest = pattern;
        let mut previous: Option<&str> = None;
        while let Some(open) = rest.find('{') {
            if let (0, Some(previous)) = (open, previous) {
                let close = rest.find('}').map_or(rest.len(), |c| c + 1);
                let next = &rest[..close];
                return Err(format!(
                    "`{{{previous}}}{next}` in name pattern `{pattern}`: two placeholders with nothing between them cannot be told apart; put a separator between them, such as `{{{previous}}}_{next}`"
                ));
            }
            regex.push_str(&regex::escape(&rest[..open]));
            let Some(close) = rest[open..].find('}') else {
                return Err(format!("unclosed `{{` in name pattern `{pattern}`"));
            };
            let name = &rest[open + 1..open + close];
            previous = Some(name);
            if name == "*" {
                regex.push_str("[^/]+?");
            } else if FIELDS.contains(&name) {
                if seen.contains(&name) {
                    return Err(format!(
                        "`{{{name}}}` appears twice in name pattern `{pattern}`"
                    ));
                }
                seen.push(name);
                regex.push_str(&format!("(?P<{name}>[^/]+?)"));
            } else {
                return Err(format!(
                    "unknown placeholder `{{{name}}}` in name pattern `{pattern}`: expected {{agent}}, {{call}}, {{date}}, {{team}} or {{*}}"
                ));
            }
            rest = &rest[open + close + 1..];
            if !rest.is_empty() && !rest.starts_with('{') {
                previous = None;
            }
        }
        if rest.contains('}') {
            return Err(format!("unmatched `}}` in name pattern `{pattern}`"));
        }
        regex.push_str(&regex::escape(rest));
        regex.push('$');
        let regex = Regex::new(&regex).map_err(|e| e.to_string())?;
        Ok(NamePattern {
            pattern: pattern.to_owned(),
            regex,
        })
    }

    /// The pattern as given.
    pub fn as_str(&self) -> &str {
        &self.pattern
    }

    /// What `path` says, or `None` when it does not match: its file name for a pattern
    /// without `/`, else `path` as given (the path below the input root; `\` counts as `/`).
    ///
    /// ```
    /// use huashu_workspace::input::NamePattern;
    /// let pattern = NamePattern::parse("{team}/{agent}_{date}_{call}.txt").unwrap();
    /// let read = pattern.read("信用卡组/1017_2026年11月20日_0042.txt").unwrap();
    /// assert_eq!(read.info.team.as_deref(), Some("信用卡组"));
    /// assert_eq!(read.info.date.as_deref(), Some("2026-11-20"));
    /// assert!(NamePattern::parse("{agent}{date}.txt").unwrap_err().contains("nothing between them"));
    /// ```
    pub fn read(&self, path: &str) -> Option<NameInfo> {
        let path = path.replace('\\', "/");
        let name = if self.pattern.contains('/') {
            path.as_str()
        } else {
            path.rsplit('/').next().unwrap_or(&path)
        };
        let stem = name
            .rsplit_once('.')
            .map(|(stem, _)| stem)
            .filter(|stem| !stem.ends_with('/') && !stem.is_empty());
        let captures = stem
            .and_then(|stem| self.regex.captures(stem))
            .or_else(|| self.regex.captures(name))?;
        let field = |name: &str| captures.name(name).map(|m| m.as_str().to_owned());
        let mut info = CallInfo::default();
        info.agent = field("agent");
        info.date = field("date").map(|date| iso_date(&date));
        info.team = field("team");
        Some(NameInfo {
            info,
            call: field("call"),
        })
    }
}

/// A date in ISO 8601 (`2026-11-20`) when it is one of the usual ways of writing it
/// (`20261120`, `2026-11-20`, `2026/11/20`, `2026.11.20`, `2026_11_20`, `2026年11月20日`, with
/// or without leading zeros where there are separators); otherwise as it is.
///
/// ```
/// use huashu_workspace::input::names::iso_date;
/// assert_eq!(iso_date("20261120"), "2026-11-20");
/// assert_eq!(iso_date("2026年11月2日"), "2026-11-02");
/// assert_eq!(iso_date("2026/1/5"), "2026-01-05");
/// assert_eq!(iso_date("周五"), "周五");
/// ```
pub fn iso_date(date: &str) -> String {
    match date_parts(date.trim()) {
        Some((y, m, d)) if (1..=12).contains(&m) && (1..=31).contains(&d) => {
            format!("{y:04}-{m:02}-{d:02}")
        }
        _ => date.to_owned(),
    }
}

/// Year, month and day of a date written as [`iso_date`] reads it.
fn date_parts(date: &str) -> Option<(u32, u32, u32)> {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if date.len() == 8 && digits(date) {
        return Some((
            date[..4].parse().ok()?,
            date[4..6].parse().ok()?,
            date[6..].parse().ok()?,
        ));
    }
    let date = date.strip_suffix('日').unwrap_or(date);
    let fields: Vec<&str> = date.split(['-', '/', '.', '_', '年', '月']).collect();
    match fields.as_slice() {
        [y, m, d]
            if y.len() == 4
                && m.len() <= 2
                && d.len() <= 2
                && [y, m, d].iter().all(|f| digits(f)) =>
        {
            Some((y.parse().ok()?, m.parse().ok()?, d.parse().ok()?))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_from_names() {
        let pattern = NamePattern::parse("{agent}_{date}_{call}.txt").unwrap();
        let read = pattern.read("calls/2026/1022_20261120_0042.txt").unwrap();
        assert_eq!(read.info.agent.as_deref(), Some("1022"));
        assert_eq!(read.info.date.as_deref(), Some("2026-11-20"));
        assert_eq!(read.call.as_deref(), Some("0042"));
        assert_eq!(read.info.team, None);
        // The last placeholder takes what is left; earlier ones as little as they can.
        let read = pattern.read("1022_20261120_0042_b.txt").unwrap();
        assert_eq!(read.call.as_deref(), Some("0042_b"));
        assert!(pattern.read("1022-20261120-0042.txt").is_none());
        assert!(pattern.read("1022_20261120_0042.jsonl").is_none());
    }

    #[test]
    fn without_extension_and_wildcards() {
        let pattern = NamePattern::parse("{team}-{*}-{agent}").unwrap();
        let read = pattern.read("宽带组-录音-张三.json").unwrap();
        assert_eq!(read.info.team.as_deref(), Some("宽带组"));
        assert_eq!(read.info.agent.as_deref(), Some("张三"));
        let literal = NamePattern::parse("call (1).{call}").unwrap();
        assert_eq!(
            literal.read("call (1).x.txt").unwrap().call.as_deref(),
            Some("x")
        );
    }

    #[test]
    fn bad_patterns() {
        assert!(NamePattern::parse("{agnet}_{date}")
            .unwrap_err()
            .contains("unknown placeholder `{agnet}`"));
        assert!(NamePattern::parse("{agent}_{agent}")
            .unwrap_err()
            .contains("twice"));
        assert!(NamePattern::parse("{agent")
            .unwrap_err()
            .contains("unclosed"));
        assert!(NamePattern::parse("agent}")
            .unwrap_err()
            .contains("unmatched"));
        for run_together in ["{agent}{date}", "{team}/{agent}{*}.txt", "x_{*}{call}"] {
            let err = NamePattern::parse(run_together).unwrap_err();
            assert!(err.contains("nothing between them"), "{err}");
        }
    }

    #[test]
    fn paths_below_the_root() {
        let pattern = NamePattern::parse("{team}/{agent}_{date}_{call}.txt").unwrap();
        let read = pattern.read("信用卡组/1017_2026-11-20_0042.txt").unwrap();
        assert_eq!(
            (read.info.team.as_deref(), read.info.agent.as_deref()),
            (Some("信用卡组"), Some("1017"))
        );
        assert_eq!(read.info.date.as_deref(), Some("2026-11-20"));
        assert_eq!(read.call.as_deref(), Some("0042"));
        // One level too many or too few below the root: no match.
        assert!(pattern
            .read("2026/信用卡组/1017_20261120_0042.txt")
            .is_none());
        assert!(pattern.read("1017_20261120_0042.txt").is_none());
        assert!(pattern.read("信用卡组\\1017_20261120_0042.txt").is_some());
    }
}
