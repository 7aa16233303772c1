//! What changed between an earlier report and this one (`huashu report --compare OLD.json`):
//! pass rate, mean score, violations per call, and per rule, per agent and per team. Both sides
//! are [`ReportJson`]s, so the old one is whatever `huashu report --format json` wrote then.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::json::{GroupJson, ReportJson};

/// A number before and now, and the change (`now − before`, when both exist).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// In the earlier report (`null`: it had none).
    pub before: Option<f64>,
    /// In this report.
    pub now: Option<f64>,
    /// `now − before`.
    pub change: Option<f64>,
}

impl Change {
    /// The change from `before` to `now`.
    pub fn new(before: Option<f64>, now: Option<f64>) -> Self {
        Change {
            before,
            now,
            change: before.zip(now).map(|(b, n)| n - b),
        }
    }

    fn counts(before: Option<usize>, now: Option<usize>) -> Self {
        Change::new(before.map(|n| n as f64), now.map(|n| n as f64))
    }
}

/// The comparison: `{"against", "calls", "pass_rate", "mean_score", "violations_per_call",
/// "rules", "agents", "teams"}`.
///
/// ```
/// use huashu_workspace::check::{check_source, CheckOptions};
/// use huashu_workspace::tally::compare::CompareJson;
/// use huashu_workspace::tally::json::ReportJson;
/// use huashu_workspace::tally::report::Aggregator;
/// let linter = huashu::Linter::with_builtin_packs();
/// let day = |text: &str| {
///     let mut aggregator = Aggregator::for_linter(&linter);
///     let jsonl = format!("{{\"agent\": \"1017\", \"turns\": [{{\"speaker\": \"agent\", \"text\": \"{text}\"}}]}}\n");
///     aggregator.add(&check_source(&linter, "d.jsonl", jsonl.into_bytes(), None, &CheckOptions::new(Default::default())));
///     ReportJson::new(&aggregator.finish(), "huashu")
/// };
/// let before = day("这个我不知道,你自己去营业厅问吧");
/// let now = day("您好,请问有什么可以帮您?");
/// let compare = CompareJson::new("last.json", &before, &now);
/// assert!(compare.mean_score.change.unwrap() > 0.0);
/// let dont_know = compare.rules.iter().find(|r| r.rule == "banned.dont-know").unwrap();
/// assert_eq!((dont_know.violations.before, dont_know.violations.now), (Some(1.0), Some(0.0)));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompareJson {
    /// The earlier report's file, as given.
    pub against: String,
    /// Calls checked.
    pub calls: Change,
    /// The share of calls that passed.
    pub pass_rate: Change,
    /// The mean score.
    pub mean_score: Change,
    /// Violations per call.
    pub violations_per_call: Change,
    /// Every rule that fired in either report: biggest change in violations first (then id).
    pub rules: Vec<RuleChange>,
    /// Every agent of either report, by id (the unknown agent last).
    pub agents: Vec<GroupChange>,
    /// Every team of either report, by name.
    pub teams: Vec<GroupChange>,
}

/// How one rule changed. A rule that did not fire in a report counts 0 there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleChange {
    /// The rule id.
    pub rule: String,
    /// Its Chinese name (this report's, else the earlier one's).
    pub name: String,
    /// Its violations.
    pub violations: Change,
    /// Calls in which it fired.
    pub calls: Change,
}

/// How one agent or team changed (`null` before or now: absent from that report).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupChange {
    /// The agent id or team name; `null` for calls that name none.
    pub id: Option<String>,
    /// Calls.
    pub calls: Change,
    /// Pass rate.
    pub pass_rate: Change,
    /// Mean score.
    pub mean_score: Change,
}

impl CompareJson {
    /// The changes from `before` (read from `against`) to `now`.
    pub fn new(against: &str, before: &ReportJson, now: &ReportJson) -> Self {
        let (b, n) = (&before.summary, &now.summary);
        let mut rules: BTreeMap<&str, (String, [usize; 2], [usize; 2])> = BTreeMap::new();
        for (side, report) in [before, now].into_iter().enumerate() {
            for r in &report.rules {
                let entry = rules
                    .entry(r.rule.as_str())
                    .or_insert_with(|| (r.name.clone(), [0; 2], [0; 2]));
                if side == 1 {
                    entry.0.clone_from(&r.name);
                }
                entry.1[side] = r.violations;
                entry.2[side] = r.calls;
            }
        }
        let mut rules: Vec<RuleChange> = rules
            .into_iter()
            .map(|(rule, (name, violations, calls))| RuleChange {
                rule: rule.to_owned(),
                name,
                violations: Change::counts(Some(violations[0]), Some(violations[1])),
                calls: Change::counts(Some(calls[0]), Some(calls[1])),
            })
            .collect();
        rules.sort_by(|x, y| {
            let size = |r: &RuleChange| r.violations.change.unwrap_or(0.0).abs();
            size(y).total_cmp(&size(x)).then(x.rule.cmp(&y.rule))
        });
        CompareJson {
            against: against.to_owned(),
            calls: Change::counts(Some(b.calls), Some(n.calls)),
            pass_rate: Change::new(b.pass_rate, n.pass_rate),
            mean_score: Change::new(b.mean_score, n.mean_score),
            violations_per_call: Change::new(b.violations_per_call, n.violations_per_call),
            rules,
            agents: groups(&before.agents, &now.agents),
            teams: groups(&before.teams, &now.teams),
        }
    }
}

/// The union of two reports' groups, by id, the unknown one last.
fn groups(before: &[GroupJson], now: &[GroupJson]) -> Vec<GroupChange> {
    let mut ids: Vec<Option<&str>> = before.iter().chain(now).map(|g| g.id.as_deref()).collect();
    ids.sort_by(|a, b| match (a, b) {
        (Some(a), Some(b)) => a.cmp(b),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    ids.dedup();
    let find = |groups: &[GroupJson], id: Option<&str>| {
        groups.iter().find(|g| g.id.as_deref() == id).cloned()
    };
    ids.into_iter()
        .map(|id| {
            let (b, n) = (find(before, id), find(now, id));
            GroupChange {
                id: id.map(str::to_owned),
                calls: Change::counts(b.as_ref().map(|g| g.calls), n.as_ref().map(|g| g.calls)),
                pass_rate: Change::new(
                    b.as_ref().and_then(|g| g.pass_rate),
                    n.as_ref().and_then(|g| g.pass_rate),
                ),
                mean_score: Change::new(
                    b.as_ref().and_then(|g| g.mean_score),
                    n.as_ref().and_then(|g| g.mean_score),
                ),
            }
        })
        .collect()
}
