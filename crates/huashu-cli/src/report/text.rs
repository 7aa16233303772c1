//! The report as aligned terminal tables. Chinese characters take two columns on a terminal,
//! so cells are padded by display width (`unicode-width`), not by characters.

use std::fmt::Write as _;

use unicode_width::UnicodeWidthStr;

use super::{decimal, median, percent, worst_rules};
use crate::args::Section;
use huashu_workspace::tally::compare::{Change, CompareJson};
use huashu_workspace::tally::report::{GroupStats, Report, BINS, UNKNOWN};
use huashu_workspace::tally::trend::Trend;

/// The widest bar of the score distribution, in columns.
const BAR_WIDTH: usize = 30;

/// How a column is aligned.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Align {
    Left,
    Right,
}

/// A table: headers, alignments and rows of cells.
struct Table {
    columns: Vec<(&'static str, Align)>,
    rows: Vec<Vec<String>>,
}

impl Table {
    fn new(columns: &[(&'static str, Align)]) -> Self {
        Table {
            columns: columns.to_vec(),
            rows: Vec::new(),
        }
    }

    fn row(&mut self, cells: Vec<String>) {
        debug_assert_eq!(cells.len(), self.columns.len());
        self.rows.push(cells);
    }

    /// The table with columns two spaces apart and no trailing spaces.
    fn render(&self, out: &mut String) {
        let widths: Vec<usize> = (0..self.columns.len())
            .map(|i| {
                self.rows
                    .iter()
                    .map(|row| row[i].width())
                    .chain([self.columns[i].0.width()])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let headers: Vec<String> = self.columns.iter().map(|(h, _)| (*h).to_owned()).collect();
        for row in std::iter::once(&headers).chain(&self.rows) {
            let mut line = String::new();
            for (i, cell) in row.iter().enumerate() {
                if i > 0 {
                    line.push_str("  ");
                }
                let pad = " ".repeat(widths[i] - cell.width());
                if self.columns[i].1 == Align::Right {
                    line.push_str(&pad);
                    line.push_str(cell);
                } else {
                    line.push_str(cell);
                    line.push_str(&pad);
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
    }
}

use Align::{Left, Right};

/// The report as text: every section, or only `section`.
pub fn render(report: &Report, section: Option<Section>, compare: Option<&CompareJson>) -> String {
    let mut out = String::new();
    let wanted = |s: Section| section.is_none_or(|only| only == s);
    let mut first = true;
    let mut heading = |out: &mut String, title: &str| {
        if !first {
            out.push('\n');
        }
        first = false;
        if section.is_none() {
            out.push_str(title);
            out.push('\n');
        }
    };
    if wanted(Section::Summary) {
        heading(&mut out, "Summary");
        summary(report, &mut out);
    }
    if wanted(Section::Scores) {
        heading(&mut out, "Score distribution");
        scores(report, &mut out);
    }
    if wanted(Section::Rules) {
        heading(&mut out, "Top rules");
        rules(report, &mut out);
    }
    if wanted(Section::Categories) {
        heading(&mut out, "Categories");
        categories(report, &mut out);
    }
    if wanted(Section::Agents) {
        heading(&mut out, "Agents");
        groups(&report.agents, "agent", &mut out);
    }
    // Teams only when some call names one, unless asked for.
    if section == Some(Section::Teams) || (section.is_none() && !report.teams.is_empty()) {
        heading(&mut out, "Teams");
        groups(&report.teams, "team", &mut out);
    }
    // Days when some call carries a date, unless asked for.
    if section == Some(Section::Days) || (section.is_none() && !report.dates.is_empty()) {
        heading(&mut out, "Per day");
        days(report, &mut out);
    }
    // The calls only when asked for: a day has thousands.
    if section == Some(Section::Calls) {
        calls(report, &mut out);
    }
    if section == Some(Section::Compare) || (section.is_none() && compare.is_some()) {
        match compare {
            Some(compare) => {
                heading(&mut out, &format!("Compared with {}", compare.against));
                changes(compare, &mut out);
            }
            None => out.push_str("nothing to compare with: give --compare OLD.json\n"),
        }
    }
    if section == Some(Section::Errors) || (section.is_none() && !report.problems.is_empty()) {
        heading(&mut out, "Inputs with errors");
        errors(report, &mut out);
    }
    out
}

fn days(report: &Report, out: &mut String) {
    let Some(trend) = Trend::of(report) else {
        out.push_str("no call carries a date\n");
        return;
    };
    let mut table = Table::new(&[
        ("date", Left),
        ("calls", Right),
        ("passed", Right),
        ("pass rate", Right),
        ("mean", Right),
    ]);
    let t = &trend.overall;
    for (i, date) in report.dates.iter().enumerate() {
        table.row(vec![
            date.clone(),
            t.calls[i].to_string(),
            t.passed[i].to_string(),
            percent(t.pass_rate(i)),
            decimal(t.mean(i)),
        ]);
    }
    table.render(out);
}

fn calls(report: &Report, out: &mut String) {
    let mut table = Table::new(&[
        ("call", Left),
        ("file", Left),
        ("agent", Left),
        ("team", Left),
        ("date", Left),
        ("score", Right),
        ("result", Left),
        ("violations", Right),
        ("top rule", Left),
    ]);
    for (i, row) in report.calls.iter().enumerate() {
        table.row(vec![
            super::call_name(row, i),
            report.file_names[row.file as usize].clone(),
            report
                .agent_of(row)
                .map_or_else(String::new, |a| a.label_with_name().into_owned()),
            report.team_of(row).unwrap_or("").to_owned(),
            report.date_of(row).unwrap_or("").to_owned(),
            row.score.to_string(),
            if row.passed { "passed" } else { "FAILED" }.to_owned(),
            row.violations.to_string(),
            row.top_rule()
                .map_or_else(String::new, |r| report.rules[r as usize].rule.clone()),
        ]);
    }
    table.render(out);
}

fn changes(compare: &CompareJson, out: &mut String) {
    let cell = |v: Option<f64>, scale: f64, digits: usize, suffix: &str| {
        v.map_or_else(
            || "–".to_owned(),
            |v| {
                format!(
                    "{:.digits$}{suffix}",
                    super::round(v * scale, digits as i32)
                )
            },
        )
    };
    let delta = |c: &Change, scale: f64, digits: usize, suffix: &str| {
        c.change.map_or_else(
            || "–".to_owned(),
            |c| {
                let c = super::round(c * scale, digits as i32);
                let sign = if c > 0.0 { "+" } else { "" };
                format!("{sign}{c:.digits$}{suffix}")
            },
        )
    };
    let mut table = Table::new(&[
        ("", Left),
        ("before", Right),
        ("now", Right),
        ("change", Right),
    ]);
    for (label, c, scale, digits, unit, points) in [
        ("calls", &compare.calls, 1.0, 0, "", ""),
        ("pass rate", &compare.pass_rate, 100.0, 1, "%", " pts"),
        ("mean score", &compare.mean_score, 1.0, 1, "", ""),
        (
            "violations per call",
            &compare.violations_per_call,
            1.0,
            1,
            "",
            "",
        ),
    ] {
        table.row(vec![
            label.to_owned(),
            cell(c.before, scale, digits, unit),
            cell(c.now, scale, digits, unit),
            delta(c, scale, digits, points),
        ]);
    }
    table.render(out);
    out.push('\n');
    let mut rules = Table::new(&[
        ("rule", Left),
        ("before", Right),
        ("now", Right),
        ("change", Right),
        ("name", Left),
    ]);
    for r in compare
        .rules
        .iter()
        .filter(|r| r.violations.change != Some(0.0))
    {
        rules.row(vec![
            r.rule.clone(),
            cell(r.violations.before, 1.0, 0, ""),
            cell(r.violations.now, 1.0, 0, ""),
            delta(&r.violations, 1.0, 0, ""),
            r.name.clone(),
        ]);
    }
    if rules.rows.is_empty() {
        out.push_str("no rule changed\n");
    } else {
        rules.render(out);
    }
    for (what, groups) in [("agent", &compare.agents), ("team", &compare.teams)] {
        if groups.is_empty() {
            continue;
        }
        out.push('\n');
        let mut table = Table::new(&[
            (what, Left),
            ("calls", Right),
            ("pass rate", Right),
            ("change", Right),
            ("mean", Right),
            ("change", Right),
        ]);
        for g in groups {
            table.row(vec![
                g.id.clone().unwrap_or_else(|| UNKNOWN.to_owned()),
                format!(
                    "{} → {}",
                    cell(g.calls.before, 1.0, 0, ""),
                    cell(g.calls.now, 1.0, 0, "")
                ),
                cell(g.pass_rate.now, 100.0, 1, "%"),
                delta(&g.pass_rate, 100.0, 1, " pts"),
                cell(g.mean_score.now, 1.0, 1, ""),
                delta(&g.mean_score, 1.0, 1, ""),
            ]);
        }
        table.render(out);
    }
}

fn summary(report: &Report, out: &mut String) {
    let calls = report.call_count();
    let mut table = Table::new(&[("", Left), ("", Left)]);
    let mut files = report.files.to_string();
    if !report.problems.is_empty() {
        let _ = write!(files, " ({} with errors)", report.problems.len());
    }
    table.row(vec!["files".into(), files]);
    table.row(vec!["calls checked".into(), calls.to_string()]);
    table.row(vec![
        "passed QA".into(),
        format!(
            "{} of {} ({}), pass mark {}",
            report.passed,
            calls,
            percent(report.pass_rate()),
            report.pass_mark
        ),
    ]);
    let s = &report.scores;
    table.row(vec!["mean score".into(), decimal(s.mean())]);
    table.row(vec!["median score".into(), median(s.median())]);
    table.row(vec![
        "lowest / highest".into(),
        match (s.min(), s.max()) {
            (Some(min), Some(max)) => format!("{min} / {max}"),
            _ => "–".into(),
        },
    ]);
    table.row(vec![
        "violations".into(),
        format!(
            "{} ({} per call): {} errors, {} warnings, {} info",
            report.violations,
            decimal(report.violations_per_call()),
            report.by_severity[2],
            report.by_severity[1],
            report.by_severity[0]
        ),
    ]);
    if report.review > 0 {
        table.row(vec![
            "for review".into(),
            format!(
                "{} (待复核: intent findings below `min`, not scored)",
                report.review
            ),
        ]);
    }
    // The summary has no header row.
    let mut rendered = String::new();
    table.render(&mut rendered);
    out.extend(rendered.lines().skip(1).map(|l| format!("{l}\n")));
}

fn scores(report: &Report, out: &mut String) {
    let bins = report.scores.bins();
    let most = bins.iter().copied().max().unwrap_or(0);
    let calls = report.call_count();
    let mut table = Table::new(&[
        ("score", Left),
        ("calls", Right),
        ("share", Right),
        ("", Left),
    ]);
    for ((_, _, label), n) in BINS.iter().zip(bins) {
        let bar = if most == 0 {
            0
        } else {
            (n * BAR_WIDTH).div_ceil(most)
        };
        table.row(vec![
            (*label).to_owned(),
            n.to_string(),
            percent((calls > 0).then(|| n as f64 / calls as f64)),
            "█".repeat(bar),
        ]);
    }
    table.render(out);
}

fn rules(report: &Report, out: &mut String) {
    if report.rules.is_empty() {
        out.push_str("no violations\n");
        return;
    }
    let mut table = Table::new(&[
        ("rule", Left),
        ("category", Left),
        ("severity", Left),
        ("violations", Right),
        ("calls", Right),
        ("points", Right),
        ("name", Left),
    ]);
    for r in &report.rules {
        table.row(vec![
            r.rule.clone(),
            r.category.clone(),
            r.severity.as_str().to_owned(),
            r.violations.to_string(),
            r.calls.to_string(),
            r.points.to_string(),
            report.rule_name(&r.rule).to_owned(),
        ]);
    }
    table.render(out);
}

fn categories(report: &Report, out: &mut String) {
    if report.categories.is_empty() {
        out.push_str("no violations\n");
        return;
    }
    let mut table = Table::new(&[
        ("category", Left),
        ("violations", Right),
        ("calls", Right),
        ("points", Right),
    ]);
    for c in &report.categories {
        table.row(vec![
            c.category.clone(),
            c.violations.to_string(),
            c.calls.to_string(),
            c.points.to_string(),
        ]);
    }
    table.render(out);
}

fn groups(groups: &[GroupStats], what: &'static str, out: &mut String) {
    if groups.is_empty() {
        out.push_str("no calls\n");
        return;
    }
    // A `review` column only when some call has intent findings for review.
    let review = groups.iter().any(|g| g.review > 0);
    let mut columns = vec![
        (what, Left),
        ("calls", Right),
        ("mean", Right),
        ("pass rate", Right),
        ("violations", Right),
        ("per call", Right),
    ];
    if review {
        columns.push(("review", Right));
    }
    columns.push(("worst rules", Left));
    let mut table = Table::new(&columns);
    for g in groups {
        let mut row = vec![
            g.label_with_name().into_owned(),
            g.calls().to_string(),
            decimal(g.scores.mean()),
            percent(g.pass_rate()),
            g.violations.to_string(),
            decimal(g.violations_per_call()),
        ];
        if review {
            row.push(g.review.to_string());
        }
        row.push(worst_rules(g));
        table.row(row);
    }
    table.render(out);
}

fn errors(report: &Report, out: &mut String) {
    if report.problems.is_empty() {
        out.push_str("none\n");
        return;
    }
    for problem in &report.problems {
        for error in &problem.errors {
            let _ = writeln!(out, "{}: {error}", problem.name);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_cells_align_by_display_width() {
        let mut table = Table::new(&[("agent", Left), ("calls", Right)]);
        table.row(vec!["小u".into(), "3".into()]);
        table.row(vec!["张敏".into(), "12".into()]);
        let mut out = String::new();
        table.render(&mut out);
        assert_eq!(out, "agent  calls\n小u        3\n张敏      12\n");
        for line in out.lines() {
            assert_eq!(line.width(), "agent  calls".len());
        }
    }
}
