//! `huashu rules explain ID`: one rule, like `ruff rule`.

use std::fmt::Write as _;
use std::process::ExitCode;

use huashu::{Linter, RewriteDoc, RuleDoc};

use super::emit;
use crate::exit::{code, TROUBLE};

pub(super) fn explain(linter: &Linter, id: &str) -> ExitCode {
    let Some(rule) = linter.rule(id) else {
        let similar: Vec<&str> = linter
            .rules()
            .iter()
            .map(|r| r.id.as_str())
            .filter(|r| strsim::jaro_winkler(r, id) > 0.9 || strsim::levenshtein(r, id) <= 2)
            .collect();
        eprintln!("error: no loaded rule has the id `{id}`");
        if !similar.is_empty() {
            eprintln!("  similar: {}", similar.join(", "));
        }
        eprintln!("  `huashu rules list` shows every rule");
        return code(TROUBLE);
    };
    emit(&describe(&rule.doc()))
}

/// A rule explained, like `ruff rule`.
fn describe(doc: &RuleDoc) -> String {
    let rule = doc.rule;
    let mut out = String::new();
    let _ = writeln!(out, "{} ({} rule, pack `{}`)", rule.id, doc.kind, rule.pack);
    let mut facts = vec![
        format!("category: {}", rule.category.as_str()),
        format!("severity: {}", rule.severity.as_str()),
        format!("points: {}", rule.points),
    ];
    if let Some(max) = rule.max_points {
        let unit = if max == 1 { "point" } else { "points" };
        facts.push(format!("at most {max} {unit} per call"));
    }
    if rule.fatal {
        facts.push("fatal (一票否决: the call scores 0)".to_owned());
    }
    facts.push(format!("fix: {}", rule.fix.map_or("none", |f| f.as_str())));
    if let Some(speaker) = doc.speaker {
        facts.push(format!("speaker: {speaker}"));
    }
    let _ = writeln!(out, "{}", facts.join(" · "));
    let _ = writeln!(out, "\nMessage\n  {}", rule.message);
    if let Some(why) = &rule.why {
        let _ = writeln!(out, "\nWhy\n  {why}");
    }
    let _ = writeln!(out, "\nWhat it checks");
    for line in &doc.checks {
        let _ = writeln!(out, "  {line}");
    }
    match &doc.rewrite {
        RewriteDoc::Every(to) => {
            let _ = writeln!(out, "\nRewrite\n  every hit → {to}");
        }
        RewriteDoc::PerPattern(map) => {
            let _ = writeln!(out, "\nRewrite");
            for (from, to) in map {
                let _ = writeln!(out, "  {from} → {to}");
            }
        }
        RewriteDoc::Wording(wording) => {
            let _ = writeln!(out, "\nCompliant wording\n  {wording}");
        }
        RewriteDoc::None => {}
    }
    if let Some(help) = &rule.help {
        let _ = writeln!(out, "\nHelp\n  {help}");
    }
    if !rule.examples.bad.is_empty() || !rule.examples.good.is_empty() {
        let _ = writeln!(out, "\nExamples");
        for bad in &rule.examples.bad {
            let _ = writeln!(out, "  ✗ {}", bad.replace('\n', "\n    "));
        }
        for good in &rule.examples.good {
            let _ = writeln!(out, "  ✓ {}", good.replace('\n', "\n    "));
        }
    }
    out
}
