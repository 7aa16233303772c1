//! The numbers of a report (`huashu report`), computed from checked files one at a time.
//!
//! Pure: no I/O. An [`Aggregator`] is a [`Sink`] fed each input's results as the check loop
//! produces them (like an output format); it counts them in a [`Tally`] and builds the tables a
//! QA lead reads beside it, and [`Aggregator::finish`] returns the [`Report`]. Scores are whole
//! numbers from 0 to 100, so a histogram of 101 counts gives the exact mean, median, minimum and
//! maximum in constant memory; every other table is bounded by the number of rules, categories,
//! agents and teams, plus one compact [`CallRow`] per call (no transcript: the HTML report
//! writes each transcript as it comes and keeps none).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io;

use huashu::{Linter, Severity};

use super::calls::{day, CallRow, Interner, RuleCost};
use super::names::{self, RuleLabel};
use super::{ratio, severity_index, RuleStats, Scores, Tally};
use crate::check::{CheckedCall, FileError, FileHead, FileResult, Sink};

pub use super::BINS;

/// The label of calls whose agent (or team) is not known.
pub const UNKNOWN: &str = "(unknown)";

/// How many rules the per-agent and per-team tables name.
pub const WORST_RULES: usize = 3;

/// Violations of one category over the batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryStats {
    /// The category.
    pub category: String,
    /// Violations of its rules.
    pub violations: usize,
    /// Calls with at least one of them.
    pub calls: usize,
    /// Points its rules took off scores (capped per call, as for [`RuleStats::points`]).
    pub points: u64,
}

/// The calls of one agent (or one team).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupStats {
    /// The agent or team, or `None` when the calls do not say.
    pub name: Option<String>,
    /// Their scores.
    pub scores: Scores,
    /// Calls that passed QA.
    pub passed: usize,
    /// Violations in their calls.
    pub violations: usize,
    /// Intent findings for review in their calls (not scored).
    pub review: usize,
    /// Violations per rule id.
    rules: BTreeMap<String, usize>,
    /// The agent's name from the roster, shown beside the id ([`Report::name_agents`]).
    pub full_name: Option<String>,
}

impl GroupStats {
    fn new(name: Option<String>) -> Self {
        GroupStats {
            name,
            scores: Scores::default(),
            passed: 0,
            violations: 0,
            review: 0,
            rules: BTreeMap::new(),
            full_name: None,
        }
    }

    /// The name shown, [`UNKNOWN`] when not known.
    pub fn label(&self) -> &str {
        self.name.as_deref().unwrap_or(UNKNOWN)
    }

    /// The label with the roster's name beside it (`1017 张敏`), when there is one.
    pub fn label_with_name(&self) -> std::borrow::Cow<'_, str> {
        match &self.full_name {
            Some(name) => format!("{} {name}", self.label()).into(),
            None => self.label().into(),
        }
    }

    /// How many calls.
    pub fn calls(&self) -> usize {
        self.scores.count()
    }

    /// The share of calls that passed, if there is any call.
    pub fn pass_rate(&self) -> Option<f64> {
        ratio(self.passed, self.calls())
    }

    /// Violations per call, if there is any call.
    pub fn violations_per_call(&self) -> Option<f64> {
        ratio(self.violations, self.calls())
    }

    /// The rules that fired most often in these calls (at most [`WORST_RULES`]), with their
    /// counts: most violations first, ties by rule id.
    pub fn worst_rules(&self) -> Vec<(&str, usize)> {
        let mut rules: Vec<(&str, usize)> =
            self.rules.iter().map(|(id, &n)| (id.as_str(), n)).collect();
        rules.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        rules.truncate(WORST_RULES);
        rules
    }
}

/// An input that could not be read, wholly or in part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputProblem {
    /// The input's name.
    pub name: String,
    /// What went wrong (with line and column when known).
    pub errors: Vec<String>,
    /// Calls that were still read from it and counted.
    pub calls: usize,
}

/// Everything a report shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The pass mark the calls were scored against.
    pub pass_mark: u32,
    /// Inputs checked (readable or not).
    pub files: usize,
    /// Inputs with errors, in the order checked.
    pub problems: Vec<InputProblem>,
    /// Every call's score.
    pub scores: Scores,
    /// Calls that passed QA.
    pub passed: usize,
    /// Violations.
    pub violations: usize,
    /// Intent findings for review (待复核: in their rule's review band, not scored).
    pub review: usize,
    /// Violations by severity: info, warning, error.
    pub by_severity: [usize; 3],
    /// Per rule, most violations first (then most calls, then id).
    pub rules: Vec<RuleStats>,
    /// Per category, most violations first (then name).
    pub categories: Vec<CategoryStats>,
    /// Per agent, by name, the unknown agent last.
    pub agents: Vec<GroupStats>,
    /// Per team, by name, the unknown team last; empty when no call names a team.
    pub teams: Vec<GroupStats>,
    /// One row per call, in input order.
    pub calls: Vec<CallRow>,
    /// The inputs, in the order checked: what [`CallRow::file`] numbers.
    pub file_names: Vec<String>,
    /// The days the calls carry ([`day`]), sorted: what [`CallRow::date`] numbers.
    pub dates: Vec<String>,
    /// The Chinese name and message of every rule of the linter, by id (empty for an
    /// aggregator made with [`Aggregator::new`]).
    pub rule_labels: HashMap<String, RuleLabel>,
}

impl Report {
    /// Gives each agent the roster's name for them, to show beside their id.
    ///
    /// ```
    /// use huashu_workspace::check::{check_source, emit, CheckOptions};
    /// use huashu_workspace::roster::Roster;
    /// use huashu_workspace::tally::report::Aggregator;
    /// let linter = huashu::Linter::with_builtin_packs();
    /// let jsonl = "{\"agent\": \"1017\", \"turns\": [{\"speaker\": \"agent\", \"text\": \"您好\"}]}\n";
    /// let mut aggregator = Aggregator::for_linter(&linter);
    /// let result = check_source(&linter, "day.jsonl", jsonl.as_bytes().to_vec(), None, &CheckOptions::new(Default::default()));
    /// emit(&mut aggregator, &linter, result).unwrap();
    /// let mut report = aggregator.finish();
    /// report.name_agents(&Roster::from_csv("1017,张敏,信用卡组\n", "agents.csv").unwrap());
    /// assert_eq!(report.agents[0].label_with_name(), "1017 张敏");
    /// ```
    pub fn name_agents(&mut self, roster: &crate::roster::Roster) {
        for agent in &mut self.agents {
            agent.full_name = agent
                .name
                .as_deref()
                .and_then(|id| roster.name(id))
                .map(str::to_owned);
        }
    }

    /// How many calls were checked.
    pub fn call_count(&self) -> usize {
        self.scores.count()
    }

    /// The share of calls that passed QA, if any call was checked.
    pub fn pass_rate(&self) -> Option<f64> {
        ratio(self.passed, self.call_count())
    }

    /// Violations per call, if any call was checked.
    pub fn violations_per_call(&self) -> Option<f64> {
        ratio(self.violations, self.call_count())
    }

    /// Violations of a severity.
    pub fn severity_count(&self, severity: Severity) -> usize {
        self.by_severity[severity_index(severity)]
    }

    /// A rule's Chinese name ([`super::names`]), or its id when the linter did not
    /// name it.
    pub fn rule_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.rule_labels.get(id).map_or(id, |l| l.name.as_str())
    }

    /// The agent of a call row: its id and the roster's name for it.
    pub fn agent_of(&self, row: &CallRow) -> Option<&GroupStats> {
        row.agent.map(|a| &self.agents[a as usize])
    }

    /// The team of a call row.
    pub fn team_of(&self, row: &CallRow) -> Option<&str> {
        row.team.map(|t| self.teams[t as usize].label())
    }

    /// The day of a call row.
    pub fn date_of(&self, row: &CallRow) -> Option<&str> {
        row.date.map(|d| self.dates[d as usize].as_str())
    }
}

/// Builds a [`Report`] from checked files.
///
/// ```
/// use huashu_workspace::check::{check_source, CheckOptions};
/// use huashu_workspace::tally::report::Aggregator;
/// let linter = huashu::Linter::with_builtin_packs();
/// let options = CheckOptions::new(Default::default());
/// let mut aggregator = Aggregator::for_linter(&linter);
/// let jsonl = "{\"agent\": \"1022\", \"team\": \"宽带组\", \"turns\": [{\"speaker\": \"agent\", \"text\": \"喂,你好\"}]}\n";
/// aggregator.add(&check_source(&linter, "day.jsonl", jsonl.as_bytes().to_vec(), None, &options));
/// let report = aggregator.finish();
/// assert_eq!((report.files, report.call_count()), (1, 1));
/// assert_eq!(report.agents[0].label(), "1022");
/// assert_eq!(report.teams[0].label(), "宽带组");
/// ```
#[derive(Debug)]
pub struct Aggregator {
    tally: Tally,
    problems: Vec<InputProblem>,
    /// The errors of the input being fed, and how many of its calls were counted.
    current: (Vec<String>, usize),
    categories: HashMap<String, CategoryStats>,
    agents: HashMap<Option<String>, GroupStats>,
    teams: HashMap<Option<String>, GroupStats>,
    any_team: bool,
    /// The rows, their numbers as first seen (renumbered by [`Aggregator::finish`]).
    calls: Vec<CallRow>,
    files: Vec<String>,
    agent_numbers: Interner,
    team_numbers: Interner,
    date_numbers: Interner,
    rule_numbers: Interner,
    rule_labels: HashMap<String, RuleLabel>,
}

impl Aggregator {
    /// An aggregator for calls scored against `pass_mark`, with no rule names.
    pub fn new(pass_mark: u32) -> Self {
        Aggregator {
            tally: Tally::new(pass_mark),
            problems: Vec::new(),
            current: (Vec::new(), 0),
            categories: HashMap::new(),
            agents: HashMap::new(),
            teams: HashMap::new(),
            any_team: false,
            calls: Vec::new(),
            files: Vec::new(),
            agent_numbers: Interner::default(),
            team_numbers: Interner::default(),
            date_numbers: Interner::default(),
            rule_numbers: Interner::default(),
            rule_labels: HashMap::new(),
        }
    }

    /// An aggregator with the linter's pass mark and its rules' names.
    pub fn for_linter(linter: &Linter) -> Self {
        Aggregator {
            rule_labels: names::rule_labels(linter),
            ..Aggregator::new(linter.pass_mark())
        }
    }

    /// Adds one input's results (what [`Sink::file`] does).
    pub fn add(&mut self, result: &FileResult) {
        let Ok(()) = self.file(result) else {
            unreachable!("an aggregator never fails")
        };
    }

    /// Adds one checked call of the current input.
    fn add_call(&mut self, checked: &CheckedCall) {
        self.tally.add_call(checked);
        let (call, call_report) = (&checked.call, &checked.report);
        // Per category: its violations and the points its rules took off, as the linter
        // scored them.
        let mut categories_in_call: HashSet<&str> = HashSet::new();
        for deduction in &call_report.deductions {
            let Some(v) = call_report
                .violations
                .iter()
                .find(|v| v.rule == deduction.rule)
            else {
                continue;
            };
            let category = self
                .categories
                .entry(v.category.as_str().to_owned())
                .or_insert_with(|| CategoryStats {
                    category: v.category.as_str().to_owned(),
                    violations: 0,
                    calls: 0,
                    points: 0,
                });
            category.violations += deduction.violations;
            category.points += u64::from(deduction.points);
            if categories_in_call.insert(v.category.as_str()) {
                category.calls += 1;
            }
        }

        let team = known(call.info.team.as_deref());
        let agent = known(call.info.agent.as_deref());
        self.any_team |= team.is_some();
        self.calls.push(CallRow {
            file: self.files.len().saturating_sub(1) as u32,
            id: call_report
                .id
                .as_deref()
                .or(call.id.as_deref())
                .map(Box::from),
            agent: agent.as_deref().map(|a| self.agent_numbers.number(a)),
            team: team.as_deref().map(|t| self.team_numbers.number(t)),
            date: known(call.info.date.as_deref()).map(|d| self.date_numbers.number(&day(&d))),
            score: call_report.score.min(100) as u8,
            passed: call_report.passed,
            violations: call_report.violations.len() as u32,
            review: call_report.review.len() as u32,
            costs: call_report
                .deductions
                .iter()
                .map(|d| RuleCost {
                    rule: self.rule_numbers.number(&d.rule),
                    count: d.violations as u32,
                    points: d.points,
                })
                .collect(),
        });
        for (groups, key) in [(&mut self.agents, agent), (&mut self.teams, team)] {
            let group = groups
                .entry(key.clone())
                .or_insert_with(|| GroupStats::new(key));
            group.scores.add(call_report.score);
            group.passed += usize::from(call_report.passed);
            group.violations += call_report.violations.len();
            group.review += call_report.review.len();
            for v in &call_report.violations {
                *group.rules.entry(v.rule.clone()).or_default() += 1;
            }
        }
    }

    /// The report, every table sorted.
    pub fn finish(self) -> Report {
        let tally = self.tally;
        let mut rules: Vec<RuleStats> = tally.rules().cloned().collect();
        rules.sort_by(|a, b| {
            b.violations
                .cmp(&a.violations)
                .then(b.calls.cmp(&a.calls))
                .then(a.rule.cmp(&b.rule))
        });
        let mut categories: Vec<CategoryStats> = self.categories.into_values().collect();
        categories.sort_by(|a, b| {
            b.violations
                .cmp(&a.violations)
                .then(a.category.cmp(&b.category))
        });
        let agents = sorted_groups(self.agents);
        let teams = if self.any_team {
            sorted_groups(self.teams)
        } else {
            Vec::new()
        };
        // Renumber the rows' fields from the order first seen to the tables' order.
        let position = |names: &Interner, sorted: &mut dyn Iterator<Item = &str>| -> Vec<u32> {
            let mut to = vec![0; names.names.len()];
            for (i, name) in sorted.enumerate() {
                if let Some(n) = names.get(name) {
                    to[n as usize] = i as u32;
                }
            }
            to
        };
        let agent_to = position(
            &self.agent_numbers,
            &mut agents.iter().filter_map(|g| g.name.as_deref()),
        );
        let team_to = position(
            &self.team_numbers,
            &mut teams.iter().filter_map(|g| g.name.as_deref()),
        );
        let mut dates = self.date_numbers.names.clone();
        dates.sort();
        let date_to = position(&self.date_numbers, &mut dates.iter().map(String::as_str));
        let rule_to = position(
            &self.rule_numbers,
            &mut rules.iter().map(|r| r.rule.as_str()),
        );
        let mut calls = self.calls;
        for row in &mut calls {
            row.agent = row.agent.map(|a| agent_to[a as usize]);
            row.team = row.team.map(|t| team_to[t as usize]);
            row.date = row.date.map(|d| date_to[d as usize]);
            let mut costs = std::mem::take(&mut row.costs).into_vec();
            for cost in &mut costs {
                cost.rule = rule_to[cost.rule as usize];
            }
            costs.sort_by(|a, b| {
                b.points
                    .cmp(&a.points)
                    .then(b.count.cmp(&a.count))
                    .then(a.rule.cmp(&b.rule))
            });
            row.costs = costs.into_boxed_slice();
        }
        Report {
            pass_mark: tally.pass_mark,
            files: tally.files,
            problems: self.problems,
            scores: tally.scores,
            passed: tally.passed,
            violations: tally.violations,
            review: tally.review,
            by_severity: tally.by_severity,
            rules,
            categories,
            agents,
            teams,
            calls,
            file_names: self.files,
            dates,
            rule_labels: self.rule_labels,
        }
    }
}

/// An aggregator counts what it is fed; an input with errors is listed among the problems.
impl Sink for Aggregator {
    fn begin(&mut self, file: &FileHead) -> io::Result<()> {
        self.current = (Vec::new(), 0);
        self.files.push(file.name.to_owned());
        self.tally.begin(file)
    }

    fn errors(&mut self, file: &FileHead, errors: &[FileError]) -> io::Result<()> {
        self.current
            .0
            .extend(errors.iter().map(ToString::to_string));
        self.tally.errors(file, errors)
    }

    fn call(&mut self, file: &FileHead, checked: &CheckedCall) -> io::Result<()> {
        let _ = file;
        self.add_call(checked);
        self.current.1 += 1;
        Ok(())
    }

    fn end(&mut self, file: &FileHead) -> io::Result<()> {
        let (errors, calls) = std::mem::take(&mut self.current);
        if !errors.is_empty() {
            self.problems.push(InputProblem {
                name: file.name.to_owned(),
                errors,
                calls,
            });
        }
        self.tally.end(file)
    }
}

/// A name that says something: trimmed, and not empty.
fn known(name: Option<&str>) -> Option<String> {
    name.map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_owned)
}

/// Groups by name, the unknown one last.
fn sorted_groups(groups: HashMap<Option<String>, GroupStats>) -> Vec<GroupStats> {
    let mut groups: Vec<GroupStats> = groups.into_values().collect();
    groups.sort_by(|a, b| match (&a.name, &b.name) {
        (Some(a), Some(b)) => a.cmp(b),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use huashu::{Call, CallInfo, Pack, Speaker, Turn};

    /// A small pack with known points: 喂 costs 10, 你 5 (at most 10 per call), 神经病 is
    /// fatal, 好像 is info and costs 0.
    const PACK: &str = r#"
[pack]
id = "t"

[[rules]]
id = "banned.wei"
category = "banned"
points = 10
message = "禁用语「喂」"
phrases = [{ text = "喂", boundary = false }]

[[rules]]
id = "honorific.ni"
category = "honorific"
points = 5
max_points = 10
message = "应使用「您」"
phrases = [{ text = "你", boundary = false }]

[[rules]]
id = "banned.abuse"
category = "banned"
severity = "error"
points = 3
fatal = true
message = "辱骂客户"
phrases = [{ text = "神经病", boundary = false }]

[[rules]]
id = "filler.vague"
category = "filler"
severity = "info"
points = 0
message = "含糊"
phrases = [{ text = "好像", boundary = false }]
"#;

    fn linter() -> Linter {
        let pack = Pack::from_toml("t.toml", PACK).unwrap();
        Linter::builder().pack(pack).build().unwrap()
    }

    fn call(agent: Option<&str>, team: Option<&str>, lines: &[&str]) -> Call {
        let mut info = CallInfo::default();
        info.agent = agent.map(str::to_owned);
        info.team = team.map(str::to_owned);
        Call::new(
            lines
                .iter()
                .map(|l| Turn::new(Speaker::Agent, *l))
                .collect(),
        )
        .with_info(info)
    }

    fn file(linter: &Linter, name: &str, calls: Vec<Call>) -> FileResult {
        FileResult {
            name: name.to_owned(),
            calls: calls
                .into_iter()
                .map(|call| CheckedCall {
                    report: linter.check(&call),
                    call,
                })
                .collect(),
            errors: Vec::new(),
            encoding: None,
            warnings: Vec::new(),
            source: String::new(),
            pending: crate::check::Pending::default(),
        }
    }

    fn unreadable(name: &str) -> FileResult {
        FileResult {
            name: name.to_owned(),
            calls: Vec::new(),
            errors: vec![FileError {
                line: Some(2),
                column: Some(4),
                message: "not valid UTF-8".to_owned(),
            }],
            encoding: None,
            warnings: Vec::new(),
            source: String::new(),
            pending: crate::check::Pending::default(),
        }
    }

    fn aggregate(files: &[FileResult]) -> Report {
        let mut aggregator = Aggregator::for_linter(&linter());
        for f in files {
            aggregator.add(f);
        }
        aggregator.finish()
    }

    #[test]
    fn scores_statistics_are_exact() {
        let mut s = Scores::default();
        assert_eq!(
            (s.mean(), s.median(), s.min(), s.max()),
            (None, None, None, None)
        );
        for score in [100, 0, 78, 93] {
            s.add(score);
        }
        assert_eq!(s.count(), 4);
        assert_eq!(s.total(), 271);
        assert_eq!(s.mean(), Some(67.75));
        // Sorted: 0 78 93 100; the two middle ones are 78 and 93.
        assert_eq!(s.median(), Some(85.5));
        assert_eq!((s.min(), s.max()), (Some(0), Some(100)));
        s.add(97);
        assert_eq!(s.median(), Some(93.0));
        // Ties: the middle of 5, 5, 5, 80 is 5.
        let mut ties = Scores::default();
        for score in [5, 80, 5, 5] {
            ties.add(score);
        }
        assert_eq!(ties.median(), Some(5.0));
        assert_eq!(ties.mean(), Some(23.75));
    }

    #[test]
    fn bins_cover_every_score_once() {
        let mut s = Scores::default();
        for score in 0..=100 {
            s.add(score);
        }
        assert_eq!(s.bins(), [60, 10, 10, 10, 10, 1]);
        assert_eq!(s.bins().iter().sum::<usize>(), 101);
        let mut edges = Scores::default();
        for score in [59, 60, 79, 80, 99, 100] {
            edges.add(score);
        }
        assert_eq!(edges.bins(), [1, 1, 1, 1, 1, 1]);
    }

    #[test]
    fn empty_batch() {
        let report = aggregate(&[]);
        assert_eq!(report.files, 0);
        assert_eq!(report.call_count(), 0);
        assert_eq!(report.pass_rate(), None);
        assert_eq!(report.violations_per_call(), None);
        assert_eq!(report.scores.mean(), None);
        assert_eq!(report.scores.bins(), [0; 6]);
        assert!(report.rules.is_empty() && report.agents.is_empty() && report.teams.is_empty());
        assert!(report.problems.is_empty() && report.calls.is_empty());
    }

    #[test]
    fn a_batch_of_unreadable_files() {
        let report = aggregate(&[unreadable("a.txt"), unreadable("b.txt")]);
        assert_eq!(report.files, 2);
        assert_eq!(report.call_count(), 0);
        assert_eq!(report.pass_rate(), None);
        assert_eq!(
            report.problems,
            vec![
                InputProblem {
                    name: "a.txt".into(),
                    errors: vec!["line 2, column 4: not valid UTF-8".into()],
                    calls: 0,
                },
                InputProblem {
                    name: "b.txt".into(),
                    errors: vec!["line 2, column 4: not valid UTF-8".into()],
                    calls: 0,
                },
            ]
        );
        assert!(report.agents.is_empty());
    }

    #[test]
    fn batch_numbers() {
        let linter = linter();
        let files = [
            file(
                &linter,
                "day1.jsonl",
                vec![
                    // 喂 10 + 你×3 = 15 capped at 10 → 80, passes.
                    call(Some("1017"), Some("宽带组"), &["喂,你好", "你你"]),
                    // Clean → 100.
                    call(Some("1022"), Some("话费组"), &["您好"]),
                    // Fatal → 0, fails; 你 5 still counted as points taken.
                    call(Some("1017"), Some("宽带组"), &["神经病,你"]),
                ],
            ),
            unreadable("gbk.txt"),
            file(
                &linter,
                "day2.txt",
                // No agent, no team: 喂 喂 → 80; 好像 is info, 0 points.
                vec![call(None, None, &["喂", "喂,好像是"])],
            ),
            file(
                &linter,
                "day3.txt",
                // An empty agent name counts as unknown: 你 → 95.
                vec![call(Some("  "), None, &["你好"])],
            ),
        ];
        let report = aggregate(&files);
        assert_eq!(report.files, 4);
        assert_eq!(report.problems.len(), 1);
        assert_eq!(report.problems[0].name, "gbk.txt");
        assert_eq!(report.call_count(), 5);
        assert_eq!(report.passed, 4);
        assert_eq!(report.pass_rate(), Some(0.8));
        // 80 + 100 + 0 + 80 + 95 = 355.
        assert_eq!(report.scores.mean(), Some(71.0));
        assert_eq!(report.scores.median(), Some(80.0));
        assert_eq!(
            (report.scores.min(), report.scores.max()),
            (Some(0), Some(100))
        );
        assert_eq!(report.scores.bins(), [1, 0, 0, 2, 1, 1]);
        // 喂 1 + 你 3 | - | 神经病 1 + 你 1 | 喂 2 + 好像 1 | 你 1.
        assert_eq!(report.violations, 10);
        assert_eq!(report.violations_per_call(), Some(2.0));
        assert_eq!(report.severity_count(Severity::Info), 1);
        assert_eq!(report.severity_count(Severity::Error), 1);
        assert_eq!(report.severity_count(Severity::Warning), 8);

        let rules: Vec<(&str, usize, usize, u64)> = report
            .rules
            .iter()
            .map(|r| (r.rule.as_str(), r.violations, r.calls, r.points))
            .collect();
        assert_eq!(
            rules,
            vec![
                // 3 calls: 10 (capped from 15) + 5 + 5.
                ("honorific.ni", 5, 3, 20),
                ("banned.wei", 3, 2, 30),
                ("banned.abuse", 1, 1, 3),
                ("filler.vague", 1, 1, 0),
            ]
        );
        let categories: Vec<(&str, usize, usize, u64)> = report
            .categories
            .iter()
            .map(|c| (c.category.as_str(), c.violations, c.calls, c.points))
            .collect();
        assert_eq!(
            categories,
            vec![
                ("honorific", 5, 3, 20),
                // 喂 in calls 1 and 4, 神经病 in call 3.
                ("banned", 4, 3, 33),
                ("filler", 1, 1, 0),
            ]
        );

        let agents: Vec<(&str, usize, Option<f64>, usize, usize)> = report
            .agents
            .iter()
            .map(|a| {
                (
                    a.label(),
                    a.calls(),
                    a.scores.mean(),
                    a.passed,
                    a.violations,
                )
            })
            .collect();
        assert_eq!(
            agents,
            vec![
                ("1017", 2, Some(40.0), 1, 6),
                ("1022", 1, Some(100.0), 1, 0),
                (UNKNOWN, 2, Some(87.5), 2, 4),
            ]
        );
        assert_eq!(report.agents[0].pass_rate(), Some(0.5));
        assert_eq!(report.agents[0].violations_per_call(), Some(3.0));
        assert_eq!(
            report.agents[0].worst_rules(),
            vec![("honorific.ni", 4), ("banned.abuse", 1), ("banned.wei", 1)]
        );
        assert!(report.agents[1].worst_rules().is_empty());
        assert_eq!(
            report.agents[2].worst_rules(),
            vec![("banned.wei", 2), ("filler.vague", 1), ("honorific.ni", 1)]
        );

        let teams: Vec<(&str, usize)> = report
            .teams
            .iter()
            .map(|t| (t.label(), t.calls()))
            .collect();
        assert_eq!(teams, vec![("宽带组", 2), ("话费组", 1), (UNKNOWN, 2)]);
        // One row per call, in input order, its fields numbered into the report's tables.
        type Row<'a> = (&'a str, Option<&'a str>, Option<&'a str>, u8, bool, u32);
        let rows: Vec<Row> = report
            .calls
            .iter()
            .map(|row| {
                (
                    report.file_names[row.file as usize].as_str(),
                    report.agent_of(row).map(GroupStats::label),
                    report.team_of(row),
                    row.score,
                    row.passed,
                    row.violations,
                )
            })
            .collect();
        assert_eq!(
            rows,
            vec![
                ("day1.jsonl", Some("1017"), Some("宽带组"), 80, true, 4),
                ("day1.jsonl", Some("1022"), Some("话费组"), 100, true, 0),
                ("day1.jsonl", Some("1017"), Some("宽带组"), 0, false, 2),
                ("day2.txt", None, None, 80, true, 3),
                ("day3.txt", None, None, 95, true, 1),
            ]
        );
        assert_eq!(
            report.file_names,
            ["day1.jsonl", "gbk.txt", "day2.txt", "day3.txt"]
        );
        // The fatal call: 神经病 cost its 3 points, 你 5; the costliest rule first.
        let costs: Vec<(&str, u32, u32)> = report.calls[2]
            .costs
            .iter()
            .map(|c| {
                (
                    report.rules[c.rule as usize].rule.as_str(),
                    c.count,
                    c.points,
                )
            })
            .collect();
        assert_eq!(costs, [("honorific.ni", 1, 5), ("banned.abuse", 1, 3)]);
        assert_eq!(
            report.calls[2]
                .top_rule()
                .map(|r| report.rule_name(&report.rules[r as usize].rule)),
            Some("应使用「您」")
        );
    }

    #[test]
    fn ties_in_rules_sort_by_calls_then_id() {
        let linter = linter();
        // 喂 twice in one call, 你 once in each of two calls: 2 violations each.
        let report = aggregate(&[file(
            &linter,
            "f",
            vec![
                call(None, None, &["喂喂"]),
                call(None, None, &["你"]),
                call(None, None, &["你"]),
            ],
        )]);
        let order: Vec<&str> = report.rules.iter().map(|r| r.rule.as_str()).collect();
        assert_eq!(order, vec!["honorific.ni", "banned.wei"]);
        assert!(report.teams.is_empty(), "no call names a team");
    }

    #[test]
    fn rows_carry_days_sorted() {
        let linter = linter();
        let dated = |date: &str, lines: &[&str]| {
            let mut c = call(Some("1017"), None, lines);
            c.info.date = Some(date.to_owned());
            c
        };
        let report = aggregate(&[file(
            &linter,
            "f.jsonl",
            vec![
                dated("2026-11-21 10:02", &["您好"]),
                dated("20261120", &["喂"]),
                dated("2026/11/21", &["你"]),
            ],
        )]);
        assert_eq!(report.dates, ["2026-11-20", "2026-11-21"]);
        let days: Vec<Option<&str>> = report.calls.iter().map(|r| report.date_of(r)).collect();
        assert_eq!(
            days,
            [Some("2026-11-21"), Some("2026-11-20"), Some("2026-11-21")]
        );
    }
}
