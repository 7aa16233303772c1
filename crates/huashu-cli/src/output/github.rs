//! GitHub Actions workflow commands: `::error file=…,line=…::message` per violation, shown as
//! annotations on the run and the pull request; then a plain-text summary for the log.
//!
//! GitHub shows at most 10 annotations of each level per step and 50 per job, so the summary
//! says when more were emitted. Columns count UTF-16 code units, as GitHub's pages do.

use std::io::{self, Write};

use super::locate;
use super::WholeFile;
use huashu::Severity;
use huashu_workspace::check::FileResult;
use huashu_workspace::tally::Tally;

/// How many annotations of one level GitHub shows per step.
const SHOWN_PER_STEP: usize = 10;
/// How many annotations GitHub shows per job.
const SHOWN_PER_JOB: usize = 50;

/// The levels of workflow commands, in the order the summary lists them.
const LEVELS: [&str; 3] = ["error", "warning", "notice"];

pub struct GithubPrinter<'a> {
    out: Box<dyn Write + 'a>,
    /// Annotations emitted per level (error, warning, notice).
    emitted: [usize; 3],
}

impl<'a> GithubPrinter<'a> {
    pub fn new(out: Box<dyn Write + 'a>) -> Self {
        GithubPrinter {
            out,
            emitted: [0; 3],
        }
    }

    fn annotate(
        &mut self,
        level: usize,
        properties: &[(&str, String)],
        message: &str,
    ) -> io::Result<()> {
        self.emitted[level] += 1;
        let properties: Vec<String> = properties
            .iter()
            .map(|(key, value)| format!("{key}={}", escape_property(value)))
            .collect();
        writeln!(
            self.out,
            "::{} {}::{}",
            LEVELS[level],
            properties.join(","),
            escape_data(message)
        )
    }
}

/// Escapes a command's message: `%`, `\r` and `\n`, so that it stays on one line and nothing in
/// it can start another command. Other control characters (a transcript can hold an escape
/// sequence) are dropped rather than sent to the log.
pub fn escape_data(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            '\t' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Escapes a command's property value: as a message, and `:` and `,` too.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// The workflow command level of a severity: error, warning, notice.
fn level(severity: Severity) -> usize {
    match severity {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Info => 2,
    }
}

impl WholeFile for GithubPrinter<'_> {
    fn whole_file(&mut self, result: &FileResult) -> io::Result<()> {
        let path = locate::display_path(&result.name);
        for error in &result.errors {
            let mut properties = vec![("file", path.clone())];
            if let Some(line) = error.line {
                properties.push(("line", line.to_string()));
                if let Some(column) = error.column {
                    let column = locate::utf16_at(&result.source, line, column);
                    properties.push(("col", column.to_string()));
                }
            }
            properties.push(("title", "huashu: unreadable input".to_owned()));
            self.annotate(
                0,
                &properties,
                &format!("cannot read {}: {error}", result.name),
            )?;
        }
        for (i, checked) in result.calls.iter().enumerate() {
            let report = &checked.report;
            let call = report.id.as_deref().map_or_else(
                || format!("call at line {}", locate::call_line(result, i)),
                |id| format!("call {id}"),
            );
            for v in &report.violations {
                let mut properties = vec![("file", path.clone())];
                match v.location {
                    Some(location) => {
                        let start = locate::utf16(&result.source, location.start);
                        let end = locate::utf16(&result.source, location.end);
                        properties.push(("line", start.line.to_string()));
                        properties.push(("endLine", end.line.to_string()));
                        // GitHub takes columns only for a span on one line.
                        if start.line == end.line {
                            properties.push(("col", start.column.to_string()));
                            properties.push(("endColumn", end.column.to_string()));
                        }
                    }
                    None => properties.push(("line", locate::call_line(result, i).to_string())),
                }
                properties.push(("title", v.rule.clone()));
                let mut message = v.message.clone();
                if let Some(suggestion) = &v.suggestion {
                    message.push_str(&format!(";建议改为「{suggestion}」"));
                }
                message.push_str(&format!(
                    " ({call}: score {}/100, {})",
                    report.score,
                    if report.passed { "passed" } else { "FAILED" }
                ));
                self.annotate(level(v.severity), &properties, &message)?;
            }
        }
        Ok(())
    }

    fn finish(&mut self, summary: &Tally) -> io::Result<()> {
        writeln!(
            self.out,
            "huashu: {} in {} and {} file{}: {} error{}, {} warning{}, {} info.",
            plural(summary.violations, "violation"),
            plural(summary.calls(), "call"),
            summary.files,
            if summary.files == 1 { "" } else { "s" },
            summary.count(Severity::Error),
            if summary.count(Severity::Error) == 1 {
                ""
            } else {
                "s"
            },
            summary.count(Severity::Warning),
            if summary.count(Severity::Warning) == 1 {
                ""
            } else {
                "s"
            },
            summary.count(Severity::Info),
        )?;
        if let Some(rate) = summary.pass_rate() {
            writeln!(
                self.out,
                "huashu: {} of {} passed QA ({:.1}%, pass mark {}).",
                summary.passed,
                plural(summary.calls(), "call"),
                rate * 100.0,
                summary.pass_mark
            )?;
        }
        if summary.files_with_errors > 0 {
            writeln!(
                self.out,
                "huashu: {} could not be read completely.",
                plural(summary.files_with_errors, "input")
            )?;
        }
        for (level, &count) in LEVELS.iter().zip(&self.emitted) {
            if count > SHOWN_PER_STEP {
                writeln!(
                    self.out,
                    "huashu: {count} {level} annotations were emitted, but GitHub shows only \
                     {SHOWN_PER_STEP} of each level per step (and {SHOWN_PER_JOB} per job): \
                     the full list is in this log, or upload `--format sarif` to code scanning."
                )?;
            }
        }
        self.out.flush()
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_and_properties_are_escaped() {
        assert_eq!(escape_data("100%\r\n::error::x"), "100%25%0D%0A::error::x");
        assert_eq!(escape_property("a,b:c%\nd"), "a%2Cb%3Ac%25%0Ad");
        // Escaping `%` first: an input that looks escaped stays as written.
        assert_eq!(escape_data("%0A"), "%250A");
        assert_eq!(escape_data("a\u{1b}[31mb\u{7}\tc"), "a[31mb\tc");
    }
}
