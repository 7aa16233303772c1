//! miette-style diagnostics: the rule id as code, the turn as source with the offending words
//! labelled, the message, and `help:` with the compliant rewrite. An intent finding's label
//! starts with its confidence (`置信度 0.93`), and its evidence (the words that weighed most)
//! are labelled beside it. A call's review items (intent findings in their rule's review band,
//! not scored) follow its violations under `待复核 / review`.

use std::borrow::Cow;
use std::io::{self, Write};

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError,
    MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};

use super::Printer;
use huashu::suppress::Suppression;
use huashu::{Anchor, Category, Origin, Severity, Turn, Violation};
use huashu_workspace::check::{CheckedCall, FileError};
use huashu_workspace::check::{FileHead, Sink};
use huashu_workspace::tally::Tally;

pub struct PrettyPrinter<'a> {
    out: Box<dyn Write + 'a>,
    err: Box<dyn Write + 'a>,
    handler: GraphicalReportHandler,
}

impl<'a> PrettyPrinter<'a> {
    pub fn new(out: Box<dyn Write + 'a>, err: Box<dyn Write + 'a>, color: bool) -> Self {
        let theme = if color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        PrettyPrinter {
            out,
            err,
            handler: GraphicalReportHandler::new_themed(theme).with_width(100),
        }
    }
}

impl PrettyPrinter<'_> {
    fn render(&mut self, diagnostic: &ViolationDiagnostic) -> io::Result<()> {
        let mut rendered = String::new();
        self.handler
            .render_report(&mut rendered, diagnostic)
            .map_err(io::Error::other)?;
        writeln!(self.out, "{rendered}")
    }
}

impl Sink for PrettyPrinter<'_> {
    fn errors(&mut self, file: &FileHead, errors: &[FileError]) -> io::Result<()> {
        super::write_errors(&mut self.err, file, errors)
    }

    fn call(&mut self, file: &FileHead, checked: &CheckedCall) -> io::Result<()> {
        let report = &checked.report;
        if report.violations.is_empty() && report.review.is_empty() {
            return Ok(());
        }
        for v in &report.violations {
            let diagnostic = match comment_of(&checked.call.suppressions, v) {
                Some(comment) => ViolationDiagnostic::in_comment(file.name, comment, v),
                None => ViolationDiagnostic::new(file.name, &checked.call.turns[v.turn], v),
            };
            self.render(&diagnostic)?;
        }
        if !report.review.is_empty() {
            writeln!(
                self.out,
                "待复核 / review ({}, not scored):\n",
                plural(report.review.len(), "finding")
            )?;
            for v in &report.review {
                let mut diagnostic =
                    ViolationDiagnostic::new(file.name, &checked.call.turns[v.turn], v);
                diagnostic.review = true;
                self.render(&diagnostic)?;
            }
        }
        let call = match (&report.id, checked.call.line) {
            (Some(id), _) => format!("call {id}"),
            (None, Some(line)) => format!("call at line {line}"),
            (None, None) => "call".to_owned(),
        };
        let suppressed = match report.suppressed.len() {
            0 => String::new(),
            n => format!(" ({n} suppressed)"),
        };
        let review = match report.review.len() {
            0 => String::new(),
            n => format!(" · {n} for review"),
        };
        writeln!(
            self.out,
            "{}: {call}: {}{suppressed}{review} · score {}/100 · {}\n",
            file.name,
            plural(report.violations.len(), "violation"),
            report.score,
            if report.passed { "passed" } else { "FAILED" }
        )
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()?;
        self.err.flush()
    }
}

impl Printer for PrettyPrinter<'_> {
    fn finish(&mut self, summary: &Tally) -> io::Result<()> {
        let mean = summary
            .mean_score()
            .map_or(String::new(), |m| format!(", mean score {m:.1}"));
        if summary.violations == 0 {
            writeln!(
                self.out,
                "No violations: {} in {}{mean}.",
                plural(summary.calls(), "call"),
                plural(summary.files, "file")
            )?;
        } else {
            writeln!(
                self.out,
                "Found {} ({}, {}, {} info) in {} and {}{mean}.",
                plural(summary.violations, "violation"),
                plural(summary.count(Severity::Error), "error"),
                plural(summary.count(Severity::Warning), "warning"),
                summary.count(Severity::Info),
                plural(summary.calls(), "call"),
                plural(summary.files, "file")
            )?;
        }
        if summary.review > 0 {
            writeln!(
                self.out,
                "{} to review (待复核: intent findings below their rule's `min`, not scored).",
                plural(summary.review, "finding")
            )?;
        }
        if summary.suppressed > 0 {
            writeln!(
                self.out,
                "{} suppressed by `# huashu:` comments (`--no-suppressions` shows them).",
                plural(summary.suppressed, "violation")
            )?;
        }
        if summary.calls() > 0 {
            writeln!(
                self.out,
                "{} of {} passed QA (pass mark {}).",
                summary.passed,
                plural(summary.calls(), "call"),
                summary.pass_mark
            )?;
        }
        if summary.files_with_errors > 0 {
            writeln!(
                self.err,
                "{} could not be read completely (see the errors above).",
                plural(summary.files_with_errors, "input")
            )?;
        }
        self.out.flush()?;
        self.err.flush()
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// One violation as a miette diagnostic.
struct ViolationDiagnostic<'a> {
    violation: &'a Violation,
    source: TurnSource<'a>,
    /// The labelled span in the source's text: offset and length.
    span: (usize, usize),
    label: String,
    help: Option<String>,
    /// The evidence of an intent finding: spans in the source's text.
    evidence: Vec<(usize, usize)>,
    /// A review item: shown as advice, its code marked `待复核`.
    review: bool,
}

impl<'a> ViolationDiagnostic<'a> {
    fn new(path: &str, turn: &'a Turn, violation: &'a Violation) -> Self {
        let label = match (&violation.suggestion, violation.category) {
            (Some(s), _) => format!("建议改为「{s}」"),
            // A timing breach is about when the turn came, not what it said.
            (None, Category::Timing) => "这一句".to_owned(),
            (None, _) => format!(
                "{}说了「{}」",
                violation.speaker.label_zh(),
                violation.matched
            ),
        };
        let label = match violation.confidence {
            Some(c) => format!("置信度 {c:.2} · {label}"),
            None => label,
        };
        let mut help = Vec::new();
        if let Some(suggestion) = &violation.suggestion {
            let rewritten = format!(
                "{}{suggestion}{}",
                &turn.text[..violation.start],
                &turn.text[violation.end..]
            );
            help.push(format!("改为:{rewritten}"));
        }
        if let Some(extra) = &violation.help {
            help.push(extra.clone());
        }
        ViolationDiagnostic {
            violation,
            source: TurnSource {
                name: path.to_owned(),
                text: &turn.text,
                origin: turn.origin.as_ref().map(Cow::Borrowed),
            },
            span: (violation.start, violation.end - violation.start),
            label,
            help: (!help.is_empty()).then(|| help.join("\n")),
            evidence: violation
                .evidence
                .iter()
                .map(|e| (e.start, e.end - e.start))
                .collect(),
            review: false,
        }
    }

    /// A meta rule's finding about a suppression comment: the comment is the source shown.
    fn in_comment(path: &str, comment: &'a Suppression, violation: &'a Violation) -> Self {
        let location = violation
            .location
            .expect("findings about comments have a location");
        let start = location.start.offset - comment.start.offset;
        let end = location.end.offset - comment.start.offset;
        let label = match (&violation.suggestion, violation.rule.as_str()) {
            (Some(s), _) => format!("建议改为「{s}」"),
            (None, huashu::suppress::UNUSED_SUPPRESSION) => "未起作用".to_owned(),
            (None, huashu::suppress::UNKNOWN_RULE_IN_SUPPRESSION) => "未知的规则".to_owned(),
            (None, _) => "无法识别".to_owned(),
        };
        let mut help = Vec::new();
        if let Some(suggestion) = &violation.suggestion {
            let text = &comment.text;
            help.push(format!(
                "改为:{}{suggestion}{}",
                &text[..start],
                &text[end..]
            ));
        }
        help.extend(violation.help.clone());
        let anchor = Anchor {
            text: 0,
            offset: comment.start.offset,
            line: comment.start.line,
            column: comment.start.column,
        };
        ViolationDiagnostic {
            violation,
            source: TurnSource {
                name: path.to_owned(),
                text: &comment.text,
                origin: Some(Cow::Owned(Origin::new(vec![anchor]))),
            },
            span: (start, end - start),
            label,
            help: (!help.is_empty()).then(|| help.join("\n")),
            evidence: Vec::new(),
            review: false,
        }
    }
}

/// The suppression comment a meta rule's finding is about, if it is about one.
fn comment_of<'a>(suppressions: &'a [Suppression], v: &Violation) -> Option<&'a Suppression> {
    if v.category != Category::Meta {
        return None;
    }
    let at = v.location?.start.offset;
    suppressions
        .iter()
        .find(|s| (s.start.offset..=s.start.offset + s.text.len()).contains(&at))
}

impl std::fmt::Debug for ViolationDiagnostic<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ViolationDiagnostic")
            .field("rule", &self.violation.rule)
            .finish()
    }
}

impl std::fmt::Display for ViolationDiagnostic<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.violation.message)
    }
}

impl std::error::Error for ViolationDiagnostic<'_> {}

impl Diagnostic for ViolationDiagnostic<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        if self.review {
            return Some(Box::new(format!("{} (待复核)", self.violation.rule)));
        }
        Some(Box::new(&self.violation.rule))
    }

    fn severity(&self) -> Option<miette::Severity> {
        if self.review {
            return Some(miette::Severity::Advice);
        }
        Some(match self.violation.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn std::fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let evidence = self
            .evidence
            .iter()
            .map(|&span| LabeledSpan::new_with_span(Some("依据".to_owned()), span));
        Some(Box::new(
            std::iter::once(LabeledSpan::new_primary_with_span(
                Some(self.label.clone()),
                SourceSpan::from(self.span),
            ))
            .chain(evidence),
        ))
    }
}

/// A turn's text (or a comment's) as miette source, reporting the file's line numbers and
/// character columns.
struct TurnSource<'a> {
    name: String,
    text: &'a str,
    origin: Option<Cow<'a, Origin>>,
}

impl SourceCode for TurnSource<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let inner = self
            .text
            .read_span(span, context_lines_before, context_lines_after)?;
        let start = inner.span().offset();
        let (line, column) = match &self.origin {
            Some(origin) => {
                let pos = origin.locate(self.text, start, false);
                (pos.line - 1, pos.column - 1)
            }
            None => (inner.line(), self.text[..start].chars().count()),
        };
        let column = if context_lines_before == 0 { column } else { 0 };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            line,
            column,
            inner.line_count(),
        )))
    }
}
