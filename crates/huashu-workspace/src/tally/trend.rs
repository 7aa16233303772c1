//! Per-day counts of a report whose calls carry dates: calls, passes and score sums overall and
//! per team, and violations per rule, each day in [`Report::dates`] order. Computed from the
//! report's call rows, so it costs nothing while the batch is checked.

use super::report::Report;

/// Calls, passes and score sums per day, parallel to [`Report::dates`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Series {
    /// Calls per day.
    pub calls: Vec<u32>,
    /// Calls that passed QA, per day.
    pub passed: Vec<u32>,
    /// The sum of the calls' scores per day (the mean is `score_sum / calls`).
    pub score_sum: Vec<u64>,
}

impl Series {
    fn new(days: usize) -> Self {
        Series {
            calls: vec![0; days],
            passed: vec![0; days],
            score_sum: vec![0; days],
        }
    }

    fn add(&mut self, day: usize, score: u8, passed: bool) {
        self.calls[day] += 1;
        self.passed[day] += u32::from(passed);
        self.score_sum[day] += u64::from(score);
    }

    /// The pass rate of day `day`, if it had calls.
    pub fn pass_rate(&self, day: usize) -> Option<f64> {
        let calls = self.calls[day];
        (calls > 0).then(|| f64::from(self.passed[day]) / f64::from(calls))
    }

    /// The mean score of day `day`, if it had calls.
    pub fn mean(&self, day: usize) -> Option<f64> {
        let calls = self.calls[day];
        (calls > 0).then(|| self.score_sum[day] as f64 / f64::from(calls))
    }
}

/// The trends of a report: overall, per team, per rule. Calls without a date are in none of
/// them.
///
/// ```
/// use huashu_workspace::check::{check_source, CheckOptions};
/// use huashu_workspace::tally::report::Aggregator;
/// use huashu_workspace::tally::trend::Trend;
/// let linter = huashu::Linter::with_builtin_packs();
/// let jsonl = concat!(
///     "{\"date\": \"2026-11-21\", \"team\": \"宽带组\", \"turns\": [{\"speaker\": \"agent\", \"text\": \"喂,你好\"}]}\n",
///     "{\"date\": \"2026-11-20\", \"team\": \"宽带组\", \"turns\": [{\"speaker\": \"agent\", \"text\": \"您好\"}]}\n",
/// );
/// let mut aggregator = Aggregator::for_linter(&linter);
/// aggregator.add(&check_source(&linter, "day.jsonl", jsonl.as_bytes().to_vec(), None, &CheckOptions::new(Default::default())));
/// let report = aggregator.finish();
/// let trend = Trend::of(&report).unwrap();
/// assert_eq!(report.dates, ["2026-11-20", "2026-11-21"]);
/// assert_eq!(trend.overall.calls, [1, 1]);
/// assert_eq!(trend.teams[0].1.calls, [1, 1]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trend {
    /// Every call with a date.
    pub overall: Series,
    /// Per team with a dated call: its number in [`Report::teams`] and its series.
    pub teams: Vec<(u32, Series)>,
    /// Per rule that fired in a dated call: its number in [`Report::rules`] and its violations
    /// per day.
    pub rules: Vec<(u32, Vec<u32>)>,
}

impl Trend {
    /// The trends of `report`, or `None` when no call carries a date.
    pub fn of(report: &Report) -> Option<Trend> {
        let days = report.dates.len();
        if days == 0 {
            return None;
        }
        let mut overall = Series::new(days);
        let mut teams: Vec<Option<Series>> = vec![None; report.teams.len()];
        let mut rules: Vec<Option<Vec<u32>>> = vec![None; report.rules.len()];
        for row in &report.calls {
            let Some(day) = row.date.map(|d| d as usize) else {
                continue;
            };
            overall.add(day, row.score, row.passed);
            if let Some(team) = row.team {
                teams[team as usize]
                    .get_or_insert_with(|| Series::new(days))
                    .add(day, row.score, row.passed);
            }
            for cost in row.costs.iter() {
                rules[cost.rule as usize].get_or_insert_with(|| vec![0; days])[day] += cost.count;
            }
        }
        let numbered = |i: usize| i as u32;
        Some(Trend {
            overall,
            teams: teams
                .into_iter()
                .enumerate()
                .filter_map(|(i, s)| s.map(|s| (numbered(i), s)))
                .collect(),
            rules: rules
                .into_iter()
                .enumerate()
                .filter_map(|(i, s)| s.map(|s| (numbered(i), s)))
                .collect(),
        })
    }
}
