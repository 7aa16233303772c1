//! The report as CSV: one table per file (`--section`), for a spreadsheet.
//!
//! The file starts with a UTF-8 byte-order mark (unless `--no-bom`), which is how Excel knows that the Chinese text
//! is UTF-8; agent names, team names, file names and error messages are untrusted text, so a
//! cell that a spreadsheet would run as a formula is neutralised (see `output::csv`). Numbers
//! are plain: shares (0 to 1) with four decimals, means with two, never a percent sign.

use crate::args::Section;
use crate::output::{neutralise, BOM};
use huashu_workspace::tally::compare::{Change, CompareJson};
use huashu_workspace::tally::report::{GroupStats, Report, BINS};
use huashu_workspace::tally::trend::Trend;

/// One section of the report as a CSV file; with `bom`, it starts with a UTF-8 byte-order mark.
pub fn render(
    report: &Report,
    section: Section,
    bom: bool,
    compare: Option<&CompareJson>,
) -> std::io::Result<Vec<u8>> {
    let start = if bom {
        BOM.as_bytes().to_vec()
    } else {
        Vec::new()
    };
    let mut writer = ::csv::Writer::from_writer(start);
    match section {
        Section::Summary => summary(report, &mut writer)?,
        Section::Scores => scores(report, &mut writer)?,
        Section::Rules => {
            writer.write_record([
                "rule",
                "category",
                "severity",
                "violations",
                "calls",
                "points",
                "name",
            ])?;
            for r in &report.rules {
                writer.write_record([
                    neutralise(&r.rule),
                    r.category.clone(),
                    r.severity.as_str().to_owned(),
                    r.violations.to_string(),
                    r.calls.to_string(),
                    r.points.to_string(),
                    neutralise(report.rule_name(&r.rule)),
                ])?;
            }
        }
        Section::Categories => {
            writer.write_record(["category", "violations", "calls", "points"])?;
            for c in &report.categories {
                writer.write_record([
                    c.category.clone(),
                    c.violations.to_string(),
                    c.calls.to_string(),
                    c.points.to_string(),
                ])?;
            }
        }
        Section::Agents => groups(&report.agents, "agent", &mut writer)?,
        Section::Teams => groups(&report.teams, "team", &mut writer)?,
        Section::Calls => calls(report, &mut writer)?,
        Section::Days => days(report, &mut writer)?,
        Section::Compare => changes(compare, &mut writer)?,
        Section::Errors => {
            writer.write_record(["path", "calls_read", "error"])?;
            for problem in &report.problems {
                for error in &problem.errors {
                    writer.write_record([
                        neutralise(&problem.name),
                        problem.calls.to_string(),
                        neutralise(error),
                    ])?;
                }
            }
        }
    }
    writer
        .into_inner()
        .map_err(|err| std::io::Error::other(err.to_string()))
}

type Writer = ::csv::Writer<Vec<u8>>;

/// A mean, with two decimals; empty when there is none.
fn two_decimals(value: Option<f64>) -> String {
    value.map_or_else(String::new, |v| format!("{:.2}", super::round(v, 2)))
}

/// A share from 0 to 1, with four decimals; empty when there is none.
fn share(value: Option<f64>) -> String {
    value.map_or_else(String::new, |v| format!("{:.4}", super::round(v, 4)))
}

fn summary(report: &Report, writer: &mut Writer) -> ::csv::Result<()> {
    let s = &report.scores;
    let optional = |v: Option<u32>| v.map_or_else(String::new, |v| v.to_string());
    let rows: [(&str, String); 15] = [
        ("files", report.files.to_string()),
        ("files_with_errors", report.problems.len().to_string()),
        ("calls", report.call_count().to_string()),
        ("passed", report.passed.to_string()),
        ("pass_rate", share(report.pass_rate())),
        ("pass_mark", report.pass_mark.to_string()),
        ("mean_score", two_decimals(s.mean())),
        (
            "median_score",
            s.median().map_or_else(String::new, |m| m.to_string()),
        ),
        ("min_score", optional(s.min())),
        ("max_score", optional(s.max())),
        ("violations", report.violations.to_string()),
        (
            "violations_per_call",
            two_decimals(report.violations_per_call()),
        ),
        ("errors", report.by_severity[2].to_string()),
        ("warnings", report.by_severity[1].to_string()),
        ("info", report.by_severity[0].to_string()),
    ];
    writer.write_record(["metric", "value"])?;
    for (metric, value) in rows {
        writer.write_record([metric, &value])?;
    }
    Ok(())
}

fn scores(report: &Report, writer: &mut Writer) -> ::csv::Result<()> {
    writer.write_record(["bin", "low", "high", "calls", "share"])?;
    let calls = report.call_count();
    for ((low, high, label), n) in BINS.iter().zip(report.scores.bins()) {
        writer.write_record([
            (*label).to_owned(),
            low.to_string(),
            high.to_string(),
            n.to_string(),
            share((calls > 0).then(|| n as f64 / calls as f64)),
        ])?;
    }
    Ok(())
}

fn groups(groups: &[GroupStats], what: &str, writer: &mut Writer) -> ::csv::Result<()> {
    // A `name` column beside the id when the roster names someone.
    let names = groups.iter().any(|g| g.full_name.is_some());
    let with_name = |mut row: Vec<String>, name: String| {
        if names {
            row.insert(1, name);
        }
        row
    };
    writer.write_record(with_name(
        [
            what,
            "calls",
            "passed",
            "pass_rate",
            "mean_score",
            "min_score",
            "violations",
            "violations_per_call",
            "worst_rules",
        ]
        .map(str::to_owned)
        .to_vec(),
        "name".to_owned(),
    ))?;
    for g in groups {
        let row = [
            neutralise(g.label()),
            g.calls().to_string(),
            g.passed.to_string(),
            share(g.pass_rate()),
            two_decimals(g.scores.mean()),
            g.scores.min().map_or_else(String::new, |m| m.to_string()),
            g.violations.to_string(),
            two_decimals(g.violations_per_call()),
            neutralise(&super::worst_rules(g)),
        ];
        let name = neutralise(g.full_name.as_deref().unwrap_or(""));
        writer.write_record(with_name(row.to_vec(), name))?;
    }
    Ok(())
}

/// One row per call, in input order: `call, file, agent[, name], team, date, score, passed,
/// violations, review, top_rule, top_rule_name` (a `name` column when the roster names someone).
fn calls(report: &Report, writer: &mut Writer) -> ::csv::Result<()> {
    let names = report.agents.iter().any(|g| g.full_name.is_some());
    let mut header = vec![
        "call",
        "file",
        "agent",
        "team",
        "date",
        "score",
        "passed",
        "violations",
        "review",
        "top_rule",
        "top_rule_name",
    ];
    if names {
        header.insert(3, "name");
    }
    writer.write_record(&header)?;
    for (i, row) in report.calls.iter().enumerate() {
        let agent = report.agent_of(row);
        let top = row
            .top_rule()
            .map(|r| report.rules[r as usize].rule.as_str());
        let mut record = vec![
            neutralise(&super::call_name(row, i)),
            neutralise(&report.file_names[row.file as usize]),
            neutralise(agent.map_or("", GroupStats::label)),
            neutralise(report.team_of(row).unwrap_or("")),
            neutralise(report.date_of(row).unwrap_or("")),
            row.score.to_string(),
            row.passed.to_string(),
            row.violations.to_string(),
            row.review.to_string(),
            top.map_or_else(String::new, neutralise),
            top.map_or_else(String::new, |t| neutralise(report.rule_name(t))),
        ];
        if names {
            record.insert(
                3,
                neutralise(agent.and_then(|a| a.full_name.as_deref()).unwrap_or("")),
            );
        }
        writer.write_record(&record)?;
    }
    Ok(())
}

/// One row per day: `date, calls, passed, pass_rate, mean_score`.
fn days(report: &Report, writer: &mut Writer) -> ::csv::Result<()> {
    writer.write_record(["date", "calls", "passed", "pass_rate", "mean_score"])?;
    if let Some(trend) = Trend::of(report) {
        let t = &trend.overall;
        for (i, date) in report.dates.iter().enumerate() {
            writer.write_record([
                neutralise(date),
                t.calls[i].to_string(),
                t.passed[i].to_string(),
                share(t.pass_rate(i)),
                two_decimals(t.mean(i)),
            ])?;
        }
    }
    Ok(())
}

/// The changes since the earlier report, one per row: `what, id, metric, before, now, change`
/// (`what`: summary, rule, agent or team). Empty but for the header without --compare.
fn changes(compare: Option<&CompareJson>, writer: &mut Writer) -> ::csv::Result<()> {
    writer.write_record(["what", "id", "metric", "before", "now", "change"])?;
    let Some(compare) = compare else {
        return Ok(());
    };
    let number = |v: Option<f64>| v.map_or_else(String::new, |v| format!("{}", super::round(v, 4)));
    let mut row = |what: &str, id: &str, metric: &str, c: &Change| {
        writer.write_record([
            what.to_owned(),
            neutralise(id),
            metric.to_owned(),
            number(c.before),
            number(c.now),
            number(c.change),
        ])
    };
    row("summary", "", "calls", &compare.calls)?;
    row("summary", "", "pass_rate", &compare.pass_rate)?;
    row("summary", "", "mean_score", &compare.mean_score)?;
    row(
        "summary",
        "",
        "violations_per_call",
        &compare.violations_per_call,
    )?;
    for r in &compare.rules {
        row("rule", &r.rule, "violations", &r.violations)?;
        row("rule", &r.rule, "calls", &r.calls)?;
    }
    for (what, groups) in [("agent", &compare.agents), ("team", &compare.teams)] {
        for g in groups {
            let id = g.id.as_deref().unwrap_or("");
            row(what, id, "calls", &g.calls)?;
            row(what, id, "pass_rate", &g.pass_rate)?;
            row(what, id, "mean_score", &g.mean_score)?;
        }
    }
    Ok(())
}
