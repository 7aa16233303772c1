//! SARIF 2.1.0 (README, "SARIF, GitHub annotations and JUnit"), for GitHub code scanning and
//! SARIF viewers. One run; `tool.driver.rules` describes every loaded rule; one result per
//! violation. Columns count UTF-16 code units (`columnKind: utf16CodeUnits`, SARIF's default).
//! Streamed: the results of each file are written as soon as it is checked.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use serde_json::{json, Map, Value};

use super::locate::{self, Utf16Position};
use super::WholeFile;
use huashu::{RewriteDoc, Rule, RuleDoc, Severity, Violation};
use huashu_workspace::check::FileResult;
use huashu_workspace::tally::Tally;

/// Where SARIF 2.1.0's schema is published (a name, never fetched).
const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The key of huashu's fingerprint in `partialFingerprints`; the version changes if the
/// fingerprint's recipe does.
pub const FINGERPRINT_KEY: &str = "huashu/v1";

pub struct SarifPrinter<'a> {
    out: Box<dyn Write + 'a>,
    err: Box<dyn Write + 'a>,
    rules: &'a [Rule],
    index: HashMap<&'a str, usize>,
    /// Problems reading inputs, written with the invocation at the end.
    notifications: Vec<Value>,
    opened: bool,
    results_written: usize,
}

impl<'a> SarifPrinter<'a> {
    pub fn new(out: Box<dyn Write + 'a>, err: Box<dyn Write + 'a>, rules: &'a [Rule]) -> Self {
        let index = rules
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.as_str(), i))
            .collect();
        SarifPrinter {
            out,
            err,
            rules,
            index,
            notifications: Vec::new(),
            opened: false,
            results_written: 0,
        }
    }

    /// Writes everything before the first result: the log, the run and the tool.
    fn open(&mut self) -> io::Result<()> {
        if self.opened {
            return Ok(());
        }
        self.opened = true;
        let driver = json!({
            "name": "huashu",
            "fullName": concat!("huashu ", env!("CARGO_PKG_VERSION")),
            "version": env!("CARGO_PKG_VERSION"),
            "semanticVersion": env!("CARGO_PKG_VERSION"),
            "informationUri": env!("CARGO_PKG_REPOSITORY"),
            "language": "zh-CN",
            "rules": self.rules.iter().map(descriptor).collect::<Vec<_>>(),
        });
        write!(
            self.out,
            "{{\"$schema\":{},\"version\":\"2.1.0\",\"runs\":[{{\"tool\":{{\"driver\":",
            Value::from(SCHEMA_URI)
        )?;
        serde_json::to_writer(&mut self.out, &driver)?;
        write!(
            self.out,
            "}},\"columnKind\":\"utf16CodeUnits\",\"language\":\"zh-CN\",\"results\":["
        )
    }
}

/// SARIF's level for a severity.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// `banned.dont-know` → `BannedDontKnow`: SARIF wants a name that is not the id.
fn pascal_case(id: &str) -> String {
    id.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map_or(String::new(), |first| {
                first.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect()
}

/// Escapes text for Markdown so that it renders as written.
fn markdown_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A fenced code block that its content cannot close.
fn code_block(lines: &[String]) -> String {
    let body = lines.join("\n");
    let mut fence = "```".to_owned();
    while body.contains(&fence) {
        fence.push('`');
    }
    format!("{fence}text\n{body}\n{fence}")
}

/// The compliant rewrite of a rule, one `from → to` line per phrase.
fn rewrites(doc: &RuleDoc) -> Vec<String> {
    match &doc.rewrite {
        RewriteDoc::Every(to) => vec![format!("→ {to}")],
        RewriteDoc::PerPattern(map) => map
            .iter()
            .map(|(from, to)| format!("{from} → {to}"))
            .collect(),
        RewriteDoc::Wording(wording) => vec![format!("→ {wording}")],
        RewriteDoc::None => Vec::new(),
    }
}

/// The rule's documentation: message, why, the compliant rewrite, help and examples, as plain
/// text and as Markdown.
fn help(doc: &RuleDoc) -> Value {
    let rule = doc.rule;
    let mut text = rule.message.clone();
    let mut markdown = format!("**{}**", markdown_escape(&rule.message));
    if let Some(why) = &rule.why {
        let _ = write!(text, "\n\nWhy: {why}");
        let _ = write!(markdown, "\n\n{}", markdown_escape(why));
    }
    let rewrites = rewrites(doc);
    if !rewrites.is_empty() {
        let _ = write!(text, "\n\nCompliant wording:\n  {}", rewrites.join("\n  "));
        let _ = write!(
            markdown,
            "\n\nCompliant wording:\n\n{}",
            code_block(&rewrites)
        );
    }
    if let Some(help) = &rule.help {
        let _ = write!(text, "\n\nHelp: {help}");
        let _ = write!(markdown, "\n\n**Help:** {}", markdown_escape(help));
    }
    let examples: Vec<String> = rule
        .examples
        .bad
        .iter()
        .map(|e| format!("✗ {}", e.replace('\n', "\n  ")))
        .chain(
            rule.examples
                .good
                .iter()
                .map(|e| format!("✓ {}", e.replace('\n', "\n  "))),
        )
        .collect();
    if !examples.is_empty() {
        let _ = write!(text, "\n\nExamples:\n  {}", examples.join("\n  "));
        let _ = write!(markdown, "\n\nExamples:\n\n{}", code_block(&examples));
    }
    json!({ "text": text, "markdown": markdown })
}

/// A rule as a SARIF `reportingDescriptor`.
fn descriptor(rule: &Rule) -> Value {
    let mut properties = Map::new();
    properties.insert("category".into(), rule.category.as_str().into());
    properties.insert("severity".into(), rule.severity.as_str().into());
    properties.insert("points".into(), rule.points.into());
    if let Some(max) = rule.max_points {
        properties.insert("maxPoints".into(), max.into());
    }
    properties.insert("fatal".into(), rule.fatal.into());
    properties.insert("fix".into(), rule.fix.map(|f| f.as_str()).into());
    properties.insert("pack".into(), rule.pack.as_str().into());
    // SARIF wants the tags distinct; a pack is often named after its category.
    let mut tags = vec!["huashu", rule.category.as_str()];
    if !tags.contains(&rule.pack.as_str()) {
        tags.push(&rule.pack);
    }
    properties.insert("tags".into(), json!(tags));
    json!({
        "id": rule.id,
        "name": pascal_case(&rule.id),
        "shortDescription": { "text": rule.summary.as_deref().unwrap_or(&rule.message) },
        "fullDescription": { "text": rule.why.as_deref().unwrap_or(&rule.message) },
        "help": help(&rule.doc()),
        "defaultConfiguration": { "level": level(rule.severity) },
        "properties": properties,
    })
}

/// The message of a result: the rule's message and the suggested wording.
fn message(v: &Violation) -> String {
    match &v.suggestion {
        Some(suggestion) => format!("{};建议改为「{suggestion}」", v.message),
        None => v.message.clone(),
    }
}

/// FNV-1a, 128 bits: a hash that is the same in every build and on every machine, unlike
/// `std`'s `DefaultHasher`.
fn fnv1a_128(parts: &[&str]) -> String {
    const OFFSET: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013B;
    let mut hash = OFFSET;
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            // A separator no part contains, so that ("ab", "c") and ("a", "bc") differ.
            hash ^= 0xff;
            hash = hash.wrapping_mul(PRIME);
        }
        for &b in part.as_bytes() {
            hash ^= u128::from(b);
            hash = hash.wrapping_mul(PRIME);
        }
    }
    format!("{hash:032x}")
}

/// The fingerprint of a violation: its rule, file, the words matched and how many times the
/// same rule matched the same words earlier in the file. It survives edits elsewhere in the
/// file (lines moving up or down), which is what code scanning needs to track an alert.
pub fn fingerprint(rule: &str, uri: &str, matched: &str, occurrence: usize) -> String {
    fnv1a_128(&[rule, uri, matched, &occurrence.to_string()])
}

/// The region of a violation: its exact span, or the first line of its call.
fn region(result: &FileResult, call: usize, v: &Violation) -> Value {
    let Some(location) = v.location else {
        return json!({ "startLine": locate::call_line(result, call) });
    };
    let start: Utf16Position = locate::utf16(&result.source, location.start);
    let end: Utf16Position = locate::utf16(&result.source, location.end);
    let mut region = json!({
        "startLine": start.line,
        "startColumn": start.column,
        "endLine": end.line,
        "endColumn": end.column.max(1),
    });
    let snippet = result
        .source
        .get(location.start.offset..location.end.offset)
        .unwrap_or(&v.matched);
    region["snippet"] = json!({ "text": snippet });
    region
}

impl WholeFile for SarifPrinter<'_> {
    fn whole_file(&mut self, result: &FileResult) -> io::Result<()> {
        self.open()?;
        let uri = locate::uri(&result.name);
        for error in &result.errors {
            writeln!(self.err, "error: {}: {error}", result.name)?;
            let mut region = Map::new();
            if let Some(line) = error.line {
                region.insert("startLine".into(), line.into());
                if let Some(column) = error.column {
                    let column = locate::utf16_at(&result.source, line, column);
                    region.insert("startColumn".into(), column.into());
                }
            }
            let mut location = json!({ "artifactLocation": { "uri": uri } });
            if !region.is_empty() {
                location["region"] = Value::Object(region);
            }
            self.notifications.push(json!({
                "level": "error",
                "message": { "text": format!("cannot read {}: {error}", result.name) },
                "locations": [{ "physicalLocation": location }],
            }));
        }
        let mut occurrences: HashMap<(&str, &str), usize> = HashMap::new();
        for (i, checked) in result.calls.iter().enumerate() {
            let report = &checked.report;
            for v in &report.violations {
                let occurrence = occurrences
                    .entry((v.rule.as_str(), v.matched.as_str()))
                    .or_default();
                let fingerprint = fingerprint(&v.rule, &uri, &v.matched, *occurrence);
                *occurrence += 1;
                let mut properties = Map::new();
                properties.insert("category".into(), v.category.as_str().into());
                properties.insert("points".into(), v.points.into());
                properties.insert("callId".into(), report.id.as_deref().into());
                properties.insert("callLine".into(), checked.call.line.into());
                properties.insert("speaker".into(), v.speaker.as_str().into());
                properties.insert("turn".into(), v.turn.into());
                properties.insert("score".into(), report.score.into());
                properties.insert("passed".into(), report.passed.into());
                properties.insert("matched".into(), v.matched.as_str().into());
                properties.insert("suggestion".into(), v.suggestion.as_deref().into());
                properties.insert("help".into(), v.help.as_deref().into());
                properties.insert("fix".into(), v.fix.map(|f| f.as_str()).into());
                if let Some(confidence) = v.confidence {
                    // An intent finding: the model's confidence and the words that weighed most.
                    let rounded = (confidence * 10000.0).round() / 10000.0;
                    properties.insert("confidence".into(), rounded.into());
                    let evidence: Vec<&str> =
                        v.evidence.iter().map(|e| e.matched.as_str()).collect();
                    properties.insert("evidence".into(), json!(evidence));
                }
                let mut sarif = json!({ "ruleId": v.rule });
                if let Some(&index) = self.index.get(v.rule.as_str()) {
                    sarif["ruleIndex"] = index.into();
                }
                sarif["level"] = level(v.severity).into();
                sarif["message"] = json!({ "text": message(v) });
                sarif["locations"] = json!([{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri },
                        "region": region(result, i, v),
                    }
                }]);
                sarif["partialFingerprints"] = json!({ FINGERPRINT_KEY: fingerprint });
                sarif["properties"] = Value::Object(properties);
                if self.results_written > 0 {
                    self.out.write_all(b",")?;
                }
                self.out.write_all(b"\n")?;
                serde_json::to_writer(&mut self.out, &sarif)?;
                self.results_written += 1;
            }
        }
        Ok(())
    }

    fn finish(&mut self, summary: &Tally) -> io::Result<()> {
        self.open()?;
        let invocation = json!({
            "executionSuccessful": summary.files_with_errors == 0,
            "toolExecutionNotifications": std::mem::take(&mut self.notifications),
        });
        let properties = json!({
            "files": summary.files,
            "filesWithErrors": summary.files_with_errors,
            "calls": summary.calls(),
            "passed": summary.passed,
            "failed": summary.calls() - summary.passed,
            "passMark": summary.pass_mark,
            "passRate": summary.pass_rate().map(|r| (r * 10000.0).round() / 10000.0),
            "meanScore": summary.mean_score().map(|m| (m * 100.0).round() / 100.0),
            "violations": summary.violations,
            "errors": summary.count(Severity::Error),
            "warnings": summary.count(Severity::Warning),
            "notes": summary.count(Severity::Info),
        });
        write!(self.out, "\n],\"invocations\":[")?;
        serde_json::to_writer(&mut self.out, &invocation)?;
        write!(self.out, "],\"properties\":")?;
        serde_json::to_writer(&mut self.out, &properties)?;
        self.out.write_all(b"}]}\n")?;
        self.out.flush()?;
        self.err.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_pascal_case() {
        assert_eq!(pascal_case("banned.dont-know"), "BannedDontKnow");
        assert_eq!(pascal_case("tone.rhetorical-bushi"), "ToneRhetoricalBushi");
    }

    #[test]
    fn fingerprints_are_stable_and_distinct() {
        // Pinned: a change here changes every alert's identity in code scanning.
        assert_eq!(
            fingerprint("banned.wei", "calls/a.txt", "喂", 0),
            fingerprint("banned.wei", "calls/a.txt", "喂", 0)
        );
        assert_eq!(fnv1a_128(&[""]), "6c62272e07bb014262b821756295c58d");
        assert_eq!(
            fingerprint("banned.wei", "tests/fixtures/call_timestamped.txt", "喂", 0),
            "3de720d9db6817e1e42413f57bf2e38d"
        );
        let a = fingerprint("banned.wei", "calls/a.txt", "喂", 0);
        assert_ne!(a, fingerprint("banned.wei", "calls/a.txt", "喂", 1));
        assert_ne!(a, fingerprint("banned.wei", "calls/b.txt", "喂", 0));
        assert_ne!(fnv1a_128(&["ab", "c"]), fnv1a_128(&["a", "bc"]));
        assert_eq!(a.len(), 32);
    }

    #[test]
    fn markdown_is_escaped_and_fences_are_not_closed_early() {
        assert_eq!(markdown_escape("<b>*x*</b>"), "\\<b\\>\\*x\\*\\</b\\>");
        let block = code_block(&["a ``` b".to_owned()]);
        assert!(block.starts_with("````text\n"), "{block}");
        assert!(block.ends_with("\n````"), "{block}");
    }
}
