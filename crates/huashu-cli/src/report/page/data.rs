//! The page data (`<script type="application/json" id="huashu-data">`): the report's numbers
//! and one array per call, compactly (see docs/report-page.md). Written in pieces, the call
//! rows one at a time, each piece escaped for the `<script>` element.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::json;

use huashu_workspace::tally::json::ReportJson;
use huashu_workspace::tally::names::category_name;
use huashu_workspace::tally::report::Report;
use huashu_workspace::tally::trend::{Series, Trend};

use super::escape::write_value;

/// The version of the page data.
pub const PAGE_DATA_VERSION: u32 = 1;

/// What the page data says besides the report's numbers.
pub struct About<'a> {
    /// `zh` or `en`.
    pub lang: &'a str,
    /// The page's title.
    pub title: &'a str,
    /// `auto`, `all`, `failed` or `none`.
    pub calls_included: &'a str,
    /// Calls `auto` left out for the size budget.
    pub calls_left_out: u32,
    /// For each call, the index of its transcript block, if it has one.
    pub transcripts: &'a [Option<u32>],
    /// The earlier report of `--compare`, and its file as given.
    pub compare: Option<(&'a str, &'a ReportJson)>,
}

/// Writes the page data's JSON (escaped) to `out`.
pub fn write(out: &mut impl Write, report: &Report, about: &About<'_>) -> io::Result<()> {
    let s = &report.scores;
    let category_number = |id: &str| report.categories.iter().position(|c| c.category == id);
    let head = json!({
        "version": PAGE_DATA_VERSION,
        "lang": about.lang,
        "title": about.title,
        "generator": concat!("huashu ", env!("CARGO_PKG_VERSION")),
        "pass_mark": report.pass_mark,
        "calls_included": about.calls_included,
        "calls_left_out": about.calls_left_out,
        "summary": {
            "files": report.files,
            "files_with_errors": report.problems.len(),
            "calls": report.call_count(),
            "passed": report.passed,
            "violations": report.violations,
            "review": report.review,
            "by_severity": report.by_severity,
            "mean": s.mean(),
            "median": s.median(),
            "min": s.min(),
            "max": s.max(),
            "histogram": s.counts().as_slice(),
        },
        "rules": report.rules.iter().map(|r| json!({
            "id": r.rule,
            "name": report.rule_name(&r.rule),
            "message": report.rule_labels.get(&r.rule).map(|l| l.message.as_str()),
            "category": category_number(&r.category),
            "severity": r.severity.as_str(),
            "violations": r.violations,
            "calls": r.calls,
            "points": r.points,
        })).collect::<Vec<_>>(),
        "categories": report.categories.iter().map(|c| json!({
            "id": c.category,
            "name": category_name(&c.category),
            "violations": c.violations,
            "calls": c.calls,
            "points": c.points,
        })).collect::<Vec<_>>(),
        "files": report.file_names,
        "agents": report.agents.iter().filter(|a| a.name.is_some()).map(|a| json!({
            "id": a.name,
            "name": a.full_name,
        })).collect::<Vec<_>>(),
        "teams": report.teams.iter().filter_map(|t| t.name.as_deref()).collect::<Vec<_>>(),
        "dates": report.dates,
        "trend": Trend::of(report).map(|t| trend(&t)),
        "compare": about.compare.map(|(label, old)| compare(label, old)),
        "problems": report.problems.iter().map(|p| json!({
            "file": p.name,
            "errors": p.errors,
            "calls": p.calls,
        })).collect::<Vec<_>>(),
    });
    // Everything but the last `}`, then the calls, one row at a time.
    let mut head = serde_json::to_vec(&head).map_err(io::Error::other)?;
    head.pop();
    super::escape::write_script_json(out, &head)?;
    out.write_all(b",\"calls\":[")?;
    for (i, row) in report.calls.iter().enumerate() {
        if i > 0 {
            out.write_all(b",\n")?;
        }
        let costs: Vec<[u32; 3]> = row
            .costs
            .iter()
            .map(|c| [c.rule, c.count, c.points])
            .collect();
        write_value(
            out,
            &Row(
                row.file,
                row.id.as_deref(),
                row.agent,
                row.team,
                row.date,
                row.score,
                u8::from(row.passed),
                row.violations,
                row.review,
                about.transcripts.get(i).copied().flatten(),
                costs,
            ),
        )?;
    }
    out.write_all(b"]}")
}

/// One call: `[file, id, agent, team, date, score, passed, violations, review, transcript,
/// costs]`.
#[derive(Serialize)]
struct Row<'a>(
    u32,
    Option<&'a str>,
    Option<u32>,
    Option<u32>,
    Option<u32>,
    u8,
    u8,
    u32,
    u32,
    Option<u32>,
    Vec<[u32; 3]>,
);

fn series(s: &Series) -> serde_json::Value {
    json!({ "calls": s.calls, "passed": s.passed, "score_sum": s.score_sum })
}

fn trend(t: &Trend) -> serde_json::Value {
    let mut value = series(&t.overall);
    value["teams"] = t
        .teams
        .iter()
        .map(|(team, s)| (team.to_string(), series(s)))
        .collect::<serde_json::Map<_, _>>()
        .into();
    value["rules"] = t
        .rules
        .iter()
        .map(|(rule, v)| (rule.to_string(), json!(v)))
        .collect::<serde_json::Map<_, _>>()
        .into();
    value
}

/// The earlier report's numbers; the page computes the changes.
fn compare(label: &str, old: &ReportJson) -> serde_json::Value {
    let s = &old.summary;
    let group = |g: &huashu_workspace::tally::json::GroupJson| json!({ "id": g.id, "calls": g.calls, "passed": g.passed, "mean": g.mean_score });
    json!({
        "label": label,
        "summary": {
            "files": s.files,
            "calls": s.calls,
            "passed": s.passed,
            "violations": s.violations,
            "review": s.review,
            "by_severity": [s.info, s.warnings, s.errors],
            "mean": s.mean_score,
            "median": s.median_score,
            "min": s.min_score,
            "max": s.max_score,
        },
        "rules": old.rules.iter().map(|r| json!({
            "id": r.rule, "violations": r.violations, "calls": r.calls,
        })).collect::<Vec<_>>(),
        "agents": old.agents.iter().map(group).collect::<Vec<_>>(),
        "teams": old.teams.iter().map(group).collect::<Vec<_>>(),
    })
}
