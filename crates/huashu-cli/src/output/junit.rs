//! JUnit XML, for CI systems that show test reports: a `<testsuite>` per input, a `<testcase>`
//! per call (named by the call's id, classed by the file), failed when the call fails QA or has
//! a violation at or above `--fail-on`; an input that cannot be read is a test case in error.
//!
//! Transcripts are untrusted: every text is escaped, and characters that XML 1.0 does not allow
//! (control characters) are dropped. The root element's counts need every file, so the suites
//! are kept until the end.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::locate;
use super::{Context, WholeFile};
use crate::args::FailOn;
use huashu_workspace::check::FileResult;
use huashu_workspace::tally::Tally;

pub struct JunitPrinter<'a> {
    out: Box<dyn Write + 'a>,
    err: Box<dyn Write + 'a>,
    context: Context<'a>,
    suites: String,
    tests: usize,
    failures: usize,
    errors: usize,
}

impl<'a> JunitPrinter<'a> {
    pub fn new(out: Box<dyn Write + 'a>, err: Box<dyn Write + 'a>, context: Context<'a>) -> Self {
        JunitPrinter {
            out,
            err,
            context,
            suites: String::new(),
            tests: 0,
            failures: 0,
            errors: 0,
        }
    }
}

/// Whether XML 1.0 allows a character: tab, line feed, carriage return, and everything from
/// U+0020 up except U+FFFE and U+FFFF (Rust's `char` has no surrogates).
fn allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{fffe}' && c != '\u{ffff}')
}

/// Escapes text content; drops characters XML cannot hold.
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().filter(|&c| allowed(c)) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            // A bare carriage return would be read back as a line feed.
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes an attribute value (quoted with `"`); line breaks and tabs as character references,
/// so that they survive attribute-value normalisation.
pub fn escape_attribute(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().filter(|&c| allowed(c)) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
    out
}

fn fail_on_name(fail_on: FailOn) -> &'static str {
    match fail_on {
        FailOn::Info => "info",
        FailOn::Warning => "warning",
        FailOn::Error => "error",
        FailOn::Never => "never",
    }
}

impl WholeFile for JunitPrinter<'_> {
    fn whole_file(&mut self, result: &FileResult) -> io::Result<()> {
        let class = escape_attribute(&result.name);
        let mut cases = String::new();
        let (mut tests, mut failures, mut errors) = (0, 0, 0);
        for (i, checked) in result.calls.iter().enumerate() {
            tests += 1;
            let report = &checked.report;
            let line = locate::call_line(result, i);
            let name = report
                .id
                .clone()
                .unwrap_or_else(|| format!("call at line {line}"));
            let _ = write!(
                cases,
                "    <testcase name=\"{}\" classname=\"{class}\">",
                escape_attribute(&name)
            );
            let listing: String = report
                .violations
                .iter()
                .map(|v| {
                    let (line, column) = v
                        .location
                        .map_or((line, 0), |l| (l.start.line, l.start.column));
                    format!(
                        "{line}:{column} {} [{}] {}\n",
                        v.rule,
                        v.severity.as_str(),
                        v.message
                    )
                })
                .collect();
            let failing = report
                .violations
                .iter()
                .filter(|v| self.context.fail_on.fails(v.severity))
                .count();
            let mut reasons = Vec::new();
            if !report.passed {
                reasons.push(format!(
                    "score {}/100 failed QA (pass mark {})",
                    report.score, self.context.pass_mark
                ));
            }
            if failing > 0 {
                reasons.push(format!(
                    "{failing} violation{} at or above {}",
                    if failing == 1 { "" } else { "s" },
                    fail_on_name(self.context.fail_on)
                ));
            }
            if !reasons.is_empty() {
                failures += 1;
                let _ = write!(
                    cases,
                    "\n      <failure message=\"{}\" type=\"huashu\">{}</failure>\n    ",
                    escape_attribute(&reasons.join("; ")),
                    escape_text(&listing)
                );
            } else if !listing.is_empty() {
                let _ = write!(
                    cases,
                    "\n      <system-out>{}</system-out>\n    ",
                    escape_text(&listing)
                );
            }
            cases.push_str("</testcase>\n");
        }
        if !result.errors.is_empty() {
            for error in &result.errors {
                writeln!(self.err, "error: {}: {error}", result.name)?;
            }
            tests += 1;
            errors += 1;
            let messages: Vec<String> = result.errors.iter().map(ToString::to_string).collect();
            let _ = writeln!(
                cases,
                "    <testcase name=\"{}\" classname=\"{class}\">\n      <error message=\"{}\" type=\"input\">{}</error>\n    </testcase>",
                escape_attribute(&format!("read {}", result.name)),
                escape_attribute(&format!("cannot read {}: {}", result.name, messages[0])),
                escape_text(&messages.join("\n"))
            );
        }
        let _ = write!(
            self.suites,
            "  <testsuite name=\"{class}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"0\">\n{cases}  </testsuite>\n"
        );
        self.tests += tests;
        self.failures += failures;
        self.errors += errors;
        Ok(())
    }

    fn finish(&mut self, _summary: &Tally) -> io::Result<()> {
        writeln!(self.out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
        writeln!(
            self.out,
            "<testsuites name=\"huashu\" tests=\"{}\" failures=\"{}\" errors=\"{}\">",
            self.tests, self.failures, self.errors
        )?;
        self.out.write_all(self.suites.as_bytes())?;
        writeln!(self.out, "</testsuites>")?;
        self.out.flush()?;
        self.err.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_control_characters_dropped() {
        assert_eq!(
            escape_text("<script>a&b</script> ]]> \u{1}\u{1b}[0m\u{fffe}"),
            "&lt;script&gt;a&amp;b&lt;/script&gt; ]]&gt; [0m"
        );
        assert_eq!(escape_text("一\r\n二\t😀"), "一&#13;\n二\t😀");
    }

    #[test]
    fn attributes_keep_quotes_and_line_breaks() {
        assert_eq!(
            escape_attribute("\"x\" & 'y'\n<z>\u{7}"),
            "&quot;x&quot; &amp; &apos;y&apos;&#10;&lt;z&gt;"
        );
    }
}
