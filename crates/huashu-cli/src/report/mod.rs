//! The pages of `huashu report`: the numbers a QA lead reads (a
//! [`Report`], aggregated by `huashu-workspace`) — pass rate, scores, top rules, categories,
//! per agent and per team, per day, per call, and the changes since an earlier report — as a
//! terminal table, CSV, JSON, or a self-contained HTML page ([`page`], written as the batch is
//! checked).

mod csp;
mod csv;
pub mod page;
mod text;

use std::io::{self, Write};
use std::path::Path;

use huashu_workspace::tally::compare::CompareJson;
use huashu_workspace::tally::json::ReportJson;
use huashu_workspace::tally::report::{GroupStats, Report};

use crate::args::{ReportFormat, Section};

/// The generator named in JSON and the page data.
pub const GENERATOR: &str = concat!("huashu ", env!("CARGO_PKG_VERSION"));

/// How a report is rendered (the table, CSV and JSON formats; HTML is [`page`]).
pub struct Render<'a> {
    /// The format.
    pub format: ReportFormat,
    /// The one section to print (table, CSV); `None`: every section (table), the agents (CSV).
    pub section: Option<Section>,
    /// CSV starts with a UTF-8 byte-order mark.
    pub bom: bool,
    /// The comparison with an earlier report (`--compare`).
    pub compare: Option<&'a CompareJson>,
}

/// The report as bytes in the requested format.
pub fn render(report: &Report, render: &Render<'_>) -> io::Result<Vec<u8>> {
    match render.format {
        ReportFormat::Table => {
            Ok(text::render(report, render.section, render.compare).into_bytes())
        }
        ReportFormat::Csv => csv::render(
            report,
            render.section.unwrap_or(Section::Agents),
            render.bom,
            render.compare,
        ),
        ReportFormat::Json => {
            let mut json = ReportJson::new(report, GENERATOR);
            json.compare = render.compare.cloned();
            let mut bytes = serde_json::to_vec_pretty(&json).map_err(io::Error::other)?;
            bytes.push(b'\n');
            Ok(bytes)
        }
        ReportFormat::Html => unreachable!("the HTML page is written by report::page"),
    }
}

/// Renders the report and writes it to `output` (atomically), or to standard output. Says on
/// standard error what was written to a file.
pub fn write(report: &Report, render: &Render<'_>, output: Option<&Path>) -> io::Result<()> {
    let bytes = self::render(report, render)?;
    match output {
        Some(path) => {
            huashu_workspace::atomic::write(path, &bytes)?;
            wrote(path, report);
            Ok(())
        }
        None => {
            let mut out = io::stdout().lock();
            out.write_all(&bytes)?;
            out.flush()
        }
    }
}

/// Says on standard error what was written to `path`.
pub fn wrote(path: &Path, report: &Report) {
    eprintln!(
        "wrote {} ({} in {})",
        path.display(),
        count(report.call_count(), "call", "calls"),
        count(report.files, "file", "files"),
    );
}

/// `value` rounded to `places` decimals, halves away from zero (6.25 → 6.3, as a person
/// rounds; formatting alone would round the exact binary value, half to even).
fn round(value: f64, places: i32) -> f64 {
    let scale = 10f64.powi(places);
    (value * scale).round() / scale
}

/// A number with one decimal, or `–` when there is none.
fn decimal(value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_owned(), |v| format!("{:.1}", round(v, 1)))
}

/// A share as a percentage with one decimal, or `–` when there is none.
fn percent(value: Option<f64>) -> String {
    value.map_or_else(
        || "–".to_owned(),
        |v| format!("{:.1}%", round(v * 100.0, 1)),
    )
}

/// A median: whole, or with `.5` when it falls between two scores.
fn median(value: Option<f64>) -> String {
    match value {
        Some(v) if v.fract() == 0.0 => format!("{v:.0}"),
        Some(v) => format!("{v:.1}"),
        None => "–".to_owned(),
    }
}

/// A count with its noun, singular or plural.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The call's id, or its position when it has none.
fn call_name(row: &huashu_workspace::tally::calls::CallRow, index: usize) -> String {
    row.id
        .as_deref()
        .map_or_else(|| format!("#{} (no id)", index + 1), str::to_owned)
}

/// The worst rules of a group as `rule ×n, …`.
fn worst_rules(group: &GroupStats) -> String {
    group
        .worst_rules()
        .iter()
        .map(|(rule, n)| format!("{rule} ×{n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_formats() {
        assert_eq!(decimal(Some(83.375)), "83.4");
        assert_eq!(decimal(Some(6.25)), "6.3");
        assert_eq!(decimal(Some(0.05)), "0.1");
        assert_eq!(percent(Some(0.00125)), "0.1%");
        assert_eq!(decimal(None), "–");
        assert_eq!(percent(Some(0.75)), "75.0%");
        assert_eq!(percent(Some(2.0 / 3.0)), "66.7%");
        assert_eq!(percent(None), "–");
        assert_eq!(median(Some(98.0)), "98");
        assert_eq!(median(Some(85.5)), "85.5");
        assert_eq!(count(1, "call", "calls"), "1 call");
        assert_eq!(count(0, "call", "calls"), "0 calls");
    }
}
