//! `--name-pattern`: call metadata (agent, date, team, call id) from file names.
//!
//! A pattern is a file name with placeholders: `{agent}`, `{call}`, `{date}`, `{team}` capture
//! that field, `{*}` matches anything; every other character stands for itself. Each
//! placeholder matches one or more characters other than `/`, as few as the rest of the pattern
//! allows. The pattern is matched against the file name without its extension (not its
//! directory); when that fails, against the whole file name, so `{agent}_{date}_{call}` and
//! `{agent}_{date}_{call}.txt` both read `1022_20261120_0042.txt`.

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
        while let Some(open) = rest.find('{') {
            regex.push_str(&regex::escape(&rest[..open]));
            let Some(close) = rest[open..].find('}') else {
                return Err(format!("unclosed `{{` in name pattern `{pattern}`"));
            };
            let name = &rest[open + 1..open + close];
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

    /// What the file name of `path` says, or `None` when it does not match.
    pub fn read(&self, path: &str) -> Option<NameInfo> {
        let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
        let stem = name.rsplit_once('.').map(|(stem, _)| stem);
        let captures = stem
            .and_then(|stem| self.regex.captures(stem))
            .or_else(|| self.regex.captures(name))?;
        let field = |name: &str| captures.name(name).map(|m| m.as_str().to_owned());
        let mut info = CallInfo::default();
        info.agent = field("agent");
        info.date = field("date");
        info.team = field("team");
        Some(NameInfo {
            info,
            call: field("call"),
        })
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
        assert_eq!(read.info.date.as_deref(), Some("20261120"));
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
    }
}
