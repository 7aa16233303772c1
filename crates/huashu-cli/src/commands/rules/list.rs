//! `huashu rules list`: every loaded rule, as a table, JSON or the Markdown of
//! `crates/huashu/rules/README.md`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::process::ExitCode;

use huashu::{Linter, Rule, RuleDoc};
use serde::Serialize;

use super::emit;
use super::profiles::{Change, ProfileChanges};
use crate::args::ListFormat;
use crate::exit::{code, TROUBLE};

#[derive(Serialize)]
struct ListedRule<'a> {
    id: &'a str,
    pack: &'a str,
    kind: &'static str,
    category: &'a str,
    severity: &'a str,
    points: u32,
    max_points: Option<u32>,
    fatal: bool,
    fix: Option<&'a str>,
    patterns: usize,
    message: &'a str,
    /// The channel profile the rule is listed as (its variant for it, when it has one).
    profile: &'a str,
    /// Every profile that changes the rule: `variant` or `off`.
    profiles: BTreeMap<&'a str, &'static str>,
}

/// Lists the rules of `linter` as its channel profile has them: a rule off in it is left out
/// (the table says which), a rule with a variant for it is the variant. `place`, when the
/// rules are those of one file, says so at the end of the table.
pub(super) fn list(
    linter: &Linter,
    changes: &ProfileChanges,
    place: Option<&str>,
    format: ListFormat,
) -> ExitCode {
    if format == ListFormat::Markdown {
        return emit(&markdown(linter));
    }
    let profile = linter.profile();
    let docs: Vec<RuleDoc> = linter.rules().iter().map(Rule::doc).collect();
    let rows: Vec<ListedRule> = docs
        .iter()
        .map(|doc| {
            let r = doc.rule;
            ListedRule {
                id: &r.id,
                pack: &r.pack,
                kind: doc.kind,
                category: r.category.as_str(),
                severity: r.severity.as_str(),
                points: r.points,
                max_points: r.max_points,
                fatal: r.fatal,
                fix: r.fix.map(|f| f.as_str()),
                patterns: doc.patterns,
                message: &r.message,
                profile,
                profiles: changes
                    .of(&r.id)
                    .into_iter()
                    .map(|(name, change)| (name, change.as_str()))
                    .collect(),
            }
        })
        .collect();
    match format {
        ListFormat::Json => match serde_json::to_string_pretty(&rows) {
            Ok(json) => emit(&format!("{json}\n")),
            Err(err) => {
                eprintln!("error: {err}");
                code(TROUBLE)
            }
        },
        ListFormat::Markdown | ListFormat::Table => {
            let mut out = String::new();
            let width = rows.iter().map(|r| r.id.len()).max().unwrap_or(2).max(2);
            let _ = writeln!(
                out,
                "{:<width$}  {:<9}  {:<8}  {:<7}  {:>6}  {:<7}  {:>8}",
                "id", "category", "kind", "severity", "points", "fix", "patterns"
            );
            for r in &rows {
                let points = match (r.fatal, r.max_points) {
                    (true, _) => "fatal".to_owned(),
                    (false, Some(max)) => format!("{}≤{max}", r.points),
                    (false, None) => r.points.to_string(),
                };
                let _ = writeln!(
                    out,
                    "{:<width$}  {:<9}  {:<8}  {:<7}  {:>6}  {:<7}  {:>8}",
                    r.id,
                    r.category,
                    r.kind,
                    r.severity,
                    points,
                    r.fix.unwrap_or("-"),
                    r.patterns
                );
            }
            let variants = changes.in_profile(profile, Change::Variant);
            if !variants.is_empty() {
                let _ = writeln!(
                    out,
                    "profile `{profile}`: its own variant of {}",
                    variants.join(", ")
                );
            }
            let off = changes.in_profile(profile, Change::Off);
            if !off.is_empty() {
                let _ = writeln!(
                    out,
                    "profile `{profile}`: off, not listed: {}",
                    off.join(", ")
                );
            }
            if let Some(place) = place {
                let _ = writeln!(out, "{place}");
            }
            let _ = writeln!(out, "{} rules.", rows.len());
            emit(&out)
        }
    }
}

/// One Markdown table per pack, in load order: the generated part of
/// `crates/huashu/rules/README.md`.
fn markdown(linter: &Linter) -> String {
    let mut out = String::new();
    let mut packs: Vec<&str> = Vec::new();
    for rule in linter.rules() {
        if !packs.contains(&rule.pack.as_str()) {
            packs.push(&rule.pack);
        }
    }
    for pack in packs {
        let info = linter.packs().iter().find(|p| p.id == pack);
        let meta = linter
            .rules()
            .iter()
            .any(|r| r.pack == pack && r.kind.is_meta());
        let file = match info.map(|p| p.name.as_str()) {
            _ if meta => "built into huashu".to_owned(),
            Some(name) if name.starts_with("builtin:") => format!("{pack}.toml"),
            Some(name) => name.to_owned(),
            None => String::new(),
        };
        let description = info.map_or("", |p| p.description.as_str());
        let file = if meta { file } else { format!("`{file}`") };
        let _ = writeln!(out, "### `{pack}` ({file}): {description}\n");
        let _ = writeln!(
            out,
            "| id | kind | category | severity | points | max | fix | checks |"
        );
        let _ = writeln!(out, "| --- | --- | --- | --- | --- | --- | --- | --- |");
        for doc in linter
            .rules()
            .iter()
            .filter(|r| r.pack == pack)
            .map(Rule::doc)
        {
            let rule = doc.rule;
            let points = if rule.fatal {
                "fatal".to_owned()
            } else {
                rule.points.to_string()
            };
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} | {} | {} | {} | {} |",
                rule.id,
                doc.kind,
                rule.category.as_str(),
                rule.severity.as_str(),
                points,
                rule.max_points.map_or("—".to_owned(), |m| m.to_string()),
                rule.fix.map_or("—", |f| f.as_str()),
                rule.summary
                    .as_deref()
                    .unwrap_or(&rule.message)
                    .replace('|', "\\|")
            );
        }
        out.push('\n');
    }
    out
}
