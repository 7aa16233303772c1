//! The report's numbers as JSON (`huashu report --format json`): a contract documented in the
//! README ("Report JSON"), changed only additively, with its own [`REPORT_JSON_VERSION`]. It is
//! also what `huashu report --compare OLD.json` reads back ([`ReportJson::read`]), so every
//! type here both serialises and deserialises. Shares are 0–1 and means unrounded; a number
//! that does not exist (the mean of no call) is `null`.

use serde::{Deserialize, Serialize};

use super::report::{GroupStats, Report};
use super::trend::Trend;
use super::BINS;

/// The version of the report JSON; raised on any incompatible change.
pub const REPORT_JSON_VERSION: u32 = 1;

/// A whole report: `{"version", "generator", "pass_mark", "summary", "scores", "rules",
/// "categories", "agents", "teams", "days", "problems"}`, and `"compare"` with `--compare`.
///
/// ```
/// use huashu_workspace::check::{check_source, CheckOptions};
/// use huashu_workspace::tally::json::ReportJson;
/// use huashu_workspace::tally::report::Aggregator;
/// let linter = huashu::Linter::with_builtin_packs();
/// let jsonl = "{\"agent\": \"1022\", \"date\": \"2026-11-20\", \"turns\": [{\"speaker\": \"agent\", \"text\": \"喂,你好\"}]}\n";
/// let mut aggregator = Aggregator::for_linter(&linter);
/// aggregator.add(&check_source(&linter, "day.jsonl", jsonl.as_bytes().to_vec(), None, &CheckOptions::new(Default::default())));
/// let json = ReportJson::new(&aggregator.finish(), "huashu test");
/// assert_eq!(json.summary.calls, 1);
/// assert_eq!(json.rules.iter().find(|r| r.rule == "banned.wei").unwrap().name, "禁用语「喂」");
/// assert_eq!(json.days[0].date, "2026-11-20");
/// let text = serde_json::to_string(&json).unwrap();
/// assert_eq!(ReportJson::read(&text).unwrap(), json);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportJson {
    /// [`REPORT_JSON_VERSION`].
    pub version: u32,
    /// What wrote it: `huashu 0.1.0`.
    pub generator: String,
    /// The pass mark the calls were scored against.
    pub pass_mark: u32,
    /// The batch's numbers.
    pub summary: SummaryJson,
    /// Calls per score bin.
    pub scores: Vec<BinJson>,
    /// Per rule that fired, most violations first.
    pub rules: Vec<RuleJson>,
    /// Per category, most violations first.
    pub categories: Vec<CategoryJson>,
    /// Per agent, by id, the unknown agent (`id` null) last.
    pub agents: Vec<GroupJson>,
    /// Per team, like agents; empty when no call names a team.
    pub teams: Vec<GroupJson>,
    /// Per day, when calls carry dates; oldest first.
    pub days: Vec<DayJson>,
    /// Inputs that could not be read, wholly or in part.
    pub problems: Vec<ProblemJson>,
    /// What changed since an earlier report (`--compare`); absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compare: Option<super::compare::CompareJson>,
}

/// The batch's numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SummaryJson {
    /// Inputs checked.
    pub files: usize,
    /// Inputs that could not be read, wholly or in part.
    pub files_with_errors: usize,
    /// Calls checked.
    pub calls: usize,
    /// Calls that passed QA.
    pub passed: usize,
    /// `passed / calls`.
    pub pass_rate: Option<f64>,
    /// The mean score.
    pub mean_score: Option<f64>,
    /// The median score (the mean of the two middle ones for an even count).
    pub median_score: Option<f64>,
    /// The lowest score.
    pub min_score: Option<u32>,
    /// The highest score.
    pub max_score: Option<u32>,
    /// Violations.
    pub violations: usize,
    /// `violations / calls`.
    pub violations_per_call: Option<f64>,
    /// Intent findings for review (not scored).
    pub review: usize,
    /// Violations of severity error.
    pub errors: usize,
    /// Violations of severity warning.
    pub warnings: usize,
    /// Violations of severity info.
    pub info: usize,
}

/// One bin of the score distribution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BinJson {
    /// Its label (`<60`, `60–69`, …, `100`).
    pub bin: String,
    /// Its lowest score.
    pub low: u32,
    /// Its highest score (inclusive).
    pub high: u32,
    /// Calls in it.
    pub calls: usize,
}

/// One rule that fired.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleJson {
    /// The rule id.
    pub rule: String,
    /// Its Chinese name (see `tally::names`).
    pub name: String,
    /// Its category.
    pub category: String,
    /// Its severity.
    pub severity: String,
    /// Its violations.
    pub violations: usize,
    /// Calls in which it fired.
    pub calls: usize,
    /// Points it took off scores (capped per call by its `max_points`).
    pub points: u64,
}

/// One category.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryJson {
    /// The category id.
    pub category: String,
    /// Its Chinese name.
    pub name: String,
    /// Violations of its rules.
    pub violations: usize,
    /// Calls with at least one.
    pub calls: usize,
    /// Points its rules took off.
    pub points: u64,
}

/// One agent or team.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupJson {
    /// The agent's id or the team's name; `null` for calls that name none.
    pub id: Option<String>,
    /// The roster's name for the agent (`null` for teams and unnamed agents).
    pub name: Option<String>,
    /// Calls.
    pub calls: usize,
    /// Calls that passed QA.
    pub passed: usize,
    /// `passed / calls`.
    pub pass_rate: Option<f64>,
    /// The mean score.
    pub mean_score: Option<f64>,
    /// The lowest score.
    pub min_score: Option<u32>,
    /// Violations.
    pub violations: usize,
    /// Intent findings for review.
    pub review: usize,
    /// The rules that fired most in their calls (at most three), most first.
    pub worst_rules: Vec<WorstRuleJson>,
}

/// A rule among an agent's or a team's worst.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorstRuleJson {
    /// The rule id.
    pub rule: String,
    /// Its violations in the group's calls.
    pub violations: usize,
}

/// One day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DayJson {
    /// `YYYY-MM-DD` (or the date as written when it is not one).
    pub date: String,
    /// Calls that day.
    pub calls: u32,
    /// Calls that passed.
    pub passed: u32,
    /// `passed / calls`.
    pub pass_rate: Option<f64>,
    /// The mean score.
    pub mean_score: Option<f64>,
}

/// One input that could not be read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProblemJson {
    /// The input's name.
    pub path: String,
    /// Calls still read from it (and counted).
    pub calls_read: usize,
    /// What went wrong, each with line and column when known.
    pub errors: Vec<String>,
}

impl ReportJson {
    /// The report's numbers; `generator` names what wrote them.
    pub fn new(report: &Report, generator: &str) -> Self {
        let s = &report.scores;
        let trend = Trend::of(report);
        ReportJson {
            version: REPORT_JSON_VERSION,
            generator: generator.to_owned(),
            pass_mark: report.pass_mark,
            summary: SummaryJson {
                files: report.files,
                files_with_errors: report.problems.len(),
                calls: report.call_count(),
                passed: report.passed,
                pass_rate: report.pass_rate(),
                mean_score: s.mean(),
                median_score: s.median(),
                min_score: s.min(),
                max_score: s.max(),
                violations: report.violations,
                violations_per_call: report.violations_per_call(),
                review: report.review,
                errors: report.by_severity[2],
                warnings: report.by_severity[1],
                info: report.by_severity[0],
            },
            scores: BINS
                .iter()
                .zip(s.bins())
                .map(|((low, high, label), calls)| BinJson {
                    bin: (*label).to_owned(),
                    low: *low,
                    high: *high,
                    calls,
                })
                .collect(),
            rules: report
                .rules
                .iter()
                .map(|r| RuleJson {
                    rule: r.rule.clone(),
                    name: report.rule_name(&r.rule).to_owned(),
                    category: r.category.clone(),
                    severity: r.severity.as_str().to_owned(),
                    violations: r.violations,
                    calls: r.calls,
                    points: r.points,
                })
                .collect(),
            categories: report
                .categories
                .iter()
                .map(|c| CategoryJson {
                    category: c.category.clone(),
                    name: super::names::category_name(&c.category).to_owned(),
                    violations: c.violations,
                    calls: c.calls,
                    points: c.points,
                })
                .collect(),
            agents: report.agents.iter().map(GroupJson::new).collect(),
            teams: report.teams.iter().map(GroupJson::new).collect(),
            days: trend.map_or_else(Vec::new, |t| {
                report
                    .dates
                    .iter()
                    .enumerate()
                    .map(|(i, date)| DayJson {
                        date: date.clone(),
                        calls: t.overall.calls[i],
                        passed: t.overall.passed[i],
                        pass_rate: t.overall.pass_rate(i),
                        mean_score: t.overall.mean(i),
                    })
                    .collect()
            }),
            problems: report
                .problems
                .iter()
                .map(|p| ProblemJson {
                    path: p.name.clone(),
                    calls_read: p.calls,
                    errors: p.errors.clone(),
                })
                .collect(),
            compare: None,
        }
    }

    /// Reads a report written by `huashu report --format json`, saying what is wrong when it
    /// is not one (not JSON, `huashu check`'s JSON, another version, a missing field).
    ///
    /// ```
    /// use huashu_workspace::tally::json::ReportJson;
    /// let err = ReportJson::read("{\"version\": 1, \"files\": []}").unwrap_err();
    /// assert!(err.contains("`huashu check --format json`"), "{err}");
    /// assert!(ReportJson::read("{\"version\": 9}").unwrap_err().contains("version 9"));
    /// ```
    pub fn read(text: &str) -> Result<ReportJson, String> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
        let Some(object) = value.as_object() else {
            return Err("not a report: the JSON is not an object".to_owned());
        };
        if object.contains_key("files") && !object.contains_key("rules") {
            return Err(
                "this is the output of `huashu check --format json`; --compare reads \
                        `huashu report --format json`"
                    .to_owned(),
            );
        }
        match object.get("version").and_then(serde_json::Value::as_u64) {
            Some(v) if v == u64::from(REPORT_JSON_VERSION) => {}
            Some(v) => {
                return Err(format!(
                    "report JSON version {v}; this huashu reads version {REPORT_JSON_VERSION}"
                ))
            }
            None => {
                return Err(
                    "not a report of `huashu report --format json`: no `version` number".to_owned(),
                )
            }
        }
        serde_json::from_value(value).map_err(|e| format!("not a complete report: {e}"))
    }
}

impl GroupJson {
    fn new(g: &GroupStats) -> Self {
        GroupJson {
            id: g.name.clone(),
            name: g.full_name.clone(),
            calls: g.calls(),
            passed: g.passed,
            pass_rate: g.pass_rate(),
            mean_score: g.scores.mean(),
            min_score: g.scores.min(),
            violations: g.violations,
            review: g.review,
            worst_rules: g
                .worst_rules()
                .into_iter()
                .map(|(rule, violations)| WorstRuleJson {
                    rule: rule.to_owned(),
                    violations,
                })
                .collect(),
        }
    }
}
