//! The report as CSV: one table per file (`--section`), for a spreadsheet.
//!
//! The file starts with a UTF-8 byte-order mark (unless `--no-bom`), which is how Excel knows that the Chinese text
//! is UTF-8; agent names, team names, file names and error messages are untrusted text, so a
//! cell that a spreadsheet would run as a formula is neutralised (see `output::csv`). Numbers
//! are plain: shares (0 to 1) with four decimals, means with two, never a percent sign.

use crate::args::Section;
use crate::output::{neutralise, BOM};
use huashu_workspace::tally::report::{GroupStats, Report, BINS};

/// One section of the report as a CSV file; with `bom`, it starts with a UTF-8 byte-order mark.
pub fn render(report: &Report, section: Section, bom: bool) -> std::io::Result<Vec<u8>> {
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
            ])?;
            for r in &report.rules {
                writer.write_record([
                    neutralise(&r.rule),
                    r.category.clone(),
                    r.severity.as_str().to_owned(),
                    r.violations.to_string(),
                    r.calls.to_string(),
                    r.points.to_string(),
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
