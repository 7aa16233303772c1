//! The report as one self-contained HTML page, written as the batch is checked (the contract
//! with the page script is docs/report-page.md): the head (policy, styles, the error
//! recorder), then each selected call's transcript as a JSON block as soon as the check loop
//! hands it over, then the page data (known only at the end), then the page script, which
//! renders everything in the browser. Memory holds the report's aggregates and one row per
//! call, never the transcripts.
//!
//! Nothing is fetched, and nothing from the inputs is markup: the title is HTML-escaped, and
//! every JSON block is escaped so that no text can close its `<script>` element
//! ([`escape`]); the page script inserts input text with `textContent` only. The Content
//! Security Policy allows the two inline scripts by hash and loads nothing.

mod data;
pub mod escape;
mod select;
mod transcript;

use std::io::{self, Write};

use huashu::Linter;
use huashu_workspace::check::{CheckedCall, FileError, FileHead, Sink};
use huashu_workspace::tally::json::ReportJson;
use huashu_workspace::tally::report::Report;

use super::csp;
use crate::args::{CallsChoice, Lang};
use select::{Candidate, Selection};

const CSS: &str = include_str!("../assets/report.css");
const ERRORS_JS: &str = include_str!("../assets/errors.js");
const PAGE_JS: &str = include_str!("../assets/page.js");

/// Text made safe for HTML element content and for quoted attribute values.
pub fn escape_html(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(['&', '<', '>', '"', '\'']) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The page's Content Security Policy: its two scripts by hash, nothing loaded.
pub fn policy() -> String {
    csp::policy(&[ERRORS_JS, PAGE_JS])
}

/// Writes the page as the check loop feeds it (a [`Sink`]); [`finish`](Self::finish) writes
/// the rest from the report.
pub struct PageWriter<'l, W: Write> {
    out: W,
    linter: &'l Linter,
    selection: Selection,
    lang: Lang,
    title: String,
    /// Calls seen so far (the next call's index in the page data's `calls`).
    calls: u32,
    /// The current input's name and the position of its next call.
    file: (String, usize),
    /// For each call, the index of its transcript block.
    transcripts: Vec<Option<u32>>,
    blocks: u32,
    /// Reused for each block's JSON.
    buffer: Vec<u8>,
}

impl<'l, W: Write> PageWriter<'l, W> {
    /// Writes the page's head to `out`.
    pub fn new(
        mut out: W,
        linter: &'l Linter,
        title: &str,
        lang: Lang,
        calls: CallsChoice,
    ) -> io::Result<Self> {
        write!(
            out,
            "<!DOCTYPE html>\n<html lang=\"{html_lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <meta name=\"generator\" content=\"huashu {version}\">\n\
             <title>{title}</title>\n<style>\n{CSS}</style>\n<script>{ERRORS_JS}</script>\n\
             </head>\n<body data-js-errors=\"\">\n\
             <noscript>{noscript}</noscript>\n<main id=\"app\"></main>\n",
            html_lang = match lang {
                Lang::Zh => "zh-CN",
                Lang::En => "en",
            },
            policy = escape_html(&policy()),
            version = env!("CARGO_PKG_VERSION"),
            title = escape_html(title),
            noscript = match lang {
                Lang::Zh => "本报告由页面自带的脚本显示,请在浏览器中启用 JavaScript。",
                Lang::En => "This report is drawn by its own script: enable JavaScript to see it.",
            },
        )?;
        Ok(PageWriter {
            out,
            linter,
            selection: Selection::new(calls),
            lang,
            title: title.to_owned(),
            calls: 0,
            file: (String::new(), 0),
            transcripts: Vec::new(),
            blocks: 0,
            buffer: Vec::new(),
        })
    }

    /// Writes the page data and the page script, and returns the output.
    pub fn finish(
        mut self,
        report: &Report,
        calls: CallsChoice,
        compare: Option<(&str, &ReportJson)>,
    ) -> io::Result<W> {
        self.out
            .write_all(b"<script type=\"application/json\" id=\"huashu-data\">")?;
        data::write(
            &mut self.out,
            report,
            &data::About {
                lang: self.lang.as_str(),
                title: &self.title,
                calls_included: calls.as_str(),
                calls_left_out: self.selection.left_out,
                transcripts: &self.transcripts,
                compare,
            },
        )?;
        write!(
            self.out,
            "</script>\n<script>{PAGE_JS}</script>\n</body>\n</html>\n"
        )?;
        self.out.flush()?;
        Ok(self.out)
    }
}

impl<W: Write> Sink for PageWriter<'_, W> {
    fn begin(&mut self, file: &FileHead) -> io::Result<()> {
        self.file = (file.name.to_owned(), 0);
        Ok(())
    }

    fn errors(&mut self, _file: &FileHead, _errors: &[FileError]) -> io::Result<()> {
        Ok(())
    }

    fn call(&mut self, _file: &FileHead, checked: &CheckedCall) -> io::Result<()> {
        let index = self.calls;
        self.calls += 1;
        let position = self.file.1;
        self.file.1 += 1;
        let report = &checked.report;
        let wanted = self.selection.wants(&Candidate {
            file: &self.file.0,
            id: report.id.as_deref().or(checked.call.id.as_deref()),
            position,
            passed: report.passed,
            review: !report.review.is_empty(),
        });
        if !wanted {
            self.transcripts.push(None);
            return Ok(());
        }
        self.buffer.clear();
        let block = transcript::Block::new(index, checked, self.linter);
        serde_json::to_writer(&mut self.buffer, &block).map_err(io::Error::other)?;
        self.out
            .write_all(b"<script type=\"application/json\" class=\"huashu-call\">")?;
        escape::write_script_json(&mut self.out, &self.buffer)?;
        self.out.write_all(b"</script>\n")?;
        self.selection.written += self.buffer.len() as u64;
        self.transcripts.push(Some(self.blocks));
        self.blocks += 1;
        Ok(())
    }
}
