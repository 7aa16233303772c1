//! `huashu rules explain ID`: one rule, like `ruff rule`.

use std::fmt::Write as _;
use std::process::ExitCode;

use std::collections::BTreeMap;

use huashu::{Linter, RewriteDoc, RuleDoc};

use super::emit;
use super::profiles::{Change, ProfileChanges};
use crate::exit::{code, TROUBLE};

/// Explains the rule `id` as the channel profile of `linter` has it (its variant for it, when
/// it has one; that it is off there, when it is), and which profiles change it. `place`, when
/// the rules are those of one file, is said at the end.
pub(super) fn explain(
    linter: &Linter,
    changes: &ProfileChanges,
    place: Option<&str>,
    id: &str,
) -> ExitCode {
    let place = place.map_or_else(String::new, |place| format!("\n{place}\n"));
    let profile = linter.profile();
    let profiles = changes.of(id);
    if let Some(rule) = linter.rule(id) {
        let doc = rule.doc();
        let how = match profiles.get(profile) {
            Some(_) => "its own variant",
            None => "as the pack writes it",
        };
        let mut out = describe(&doc, &format!(" — profile `{profile}`, {how}"));
        out.push_str(&profiles_section(id, profile, &profiles));
        out.push_str(&place);
        return emit(&out);
    }
    if let Some(rule) = changes
        .rule(id)
        .filter(|_| profiles.get(profile) == Some(&Change::Off))
    {
        let doc = rule.doc();
        let mut out = format!(
            "{} ({} rule, pack `{}`) is off in profile `{profile}`: calls checked with it are not checked against this rule.\n",
            rule.id, doc.kind, rule.pack
        );
        out.push_str(&profiles_section(id, profile, &profiles));
        out.push_str(&place);
        return emit(&out);
    }
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
    if !place.is_empty() {
        eprintln!(
            "  {}: its `select`, `ignore` or `[per-path-ignores]` may leave it out",
            place.trim()
        );
    }
    eprintln!("  `huashu rules list` shows every rule");
    code(TROUBLE)
}

/// Which profiles change the rule `id` (`profiles`), the one shown (`profile`) marked.
fn profiles_section(id: &str, profile: &str, profiles: &BTreeMap<&str, Change>) -> String {
    let mut out = String::from("\nProfiles\n");
    if profiles.is_empty() {
        out.push_str("  the same in every profile\n");
        return out;
    }
    for (name, change) in profiles {
        let what = match change {
            Change::Variant => "its own variant",
            Change::Off => "off",
        };
        let shown = if *name == profile { " (shown)" } else { "" };
        let _ = writeln!(out, "  {name}: {what}{shown}");
    }
    let shown = if profiles.contains_key(profile) {
        ""
    } else {
        " (shown)"
    };
    let _ = writeln!(out, "  every other profile: as the pack writes it{shown}");
    let _ = writeln!(
        out,
        "  `huashu rules explain {id} --profile NAME` shows it in another profile"
    );
    out
}

/// A rule explained, like `ruff rule`; `title` follows its id, kind and pack on the first line.
fn describe(doc: &RuleDoc, title: &str) -> String {
    let rule = doc.rule;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({} rule, pack `{}`){title}",
        rule.id, doc.kind, rule.pack
    );
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
