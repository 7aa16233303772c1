//! `huashu rules list | explain ID | test [PACK]...`

use std::fmt::Write as _;
use std::process::ExitCode;

use huashu::{Linter, RewriteDoc, Rule, RuleDoc};
use serde::Serialize;

use huashu_workspace::config::Flags;

use super::{use_color, Setup};
use crate::args::{Cli, ColorChoice, ListFormat, RulesCommand};
use crate::exit::{code, CLEAN, TROUBLE, VIOLATIONS};

/// Runs a `rules` subcommand with the configuration's packs, selection and overrides.
pub fn run(cli: &Cli, command: &RulesCommand) -> ExitCode {
    let color = use_color(ColorChoice::Auto);
    let linter = |flags: Flags<'_>| Setup::new(cli, color, &flags, false, None);
    let result = match command {
        RulesCommand::List { packs, format } => {
            linter(packs.flags()).map(|s| list(&s.linter, *format))
        }
        RulesCommand::Explain { id, packs } => {
            linter(packs.flags()).map(|s| explain(&s.linter, id))
        }
        RulesCommand::Test {
            files,
            no_default_packs,
        } => {
            let flags = Flags {
                no_default_packs: *no_default_packs,
                extra_packs: files,
                ..Flags::default()
            };
            linter(flags).and_then(|s| {
                // The examples of each profile's variants, with a linter of that profile.
                let mut profiled = Vec::new();
                for name in variant_profiles(&s.linter) {
                    let setup = linter(Flags {
                        profile: Some(&name),
                        ..flags
                    })?;
                    profiled.push((name, setup));
                }
                let profiled: Vec<(String, &Linter)> = profiled
                    .iter()
                    .map(|(name, setup)| (name.clone(), &*setup.linter))
                    .collect();
                Ok(test(&s.linter, &profiled))
            })
        }
    };
    result.unwrap_or_else(|code| code)
}

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
}

fn list(linter: &Linter, format: ListFormat) -> ExitCode {
    if format == ListFormat::Markdown {
        return emit(&markdown(linter));
    }
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
            let _ = writeln!(out, "{} rules.", rows.len());
            emit(&out)
        }
    }
}

/// Writes to standard output. A reader that stopped early (`huashu rules list | head`) is not
/// an error; any other failure to write is.
fn emit(text: &str) -> ExitCode {
    use std::io::Write as _;
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => code(CLEAN),
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => code(CLEAN),
        Err(err) => {
            eprintln!("error: cannot write output: {err}");
            code(TROUBLE)
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

fn explain(linter: &Linter, id: &str) -> ExitCode {
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

/// The profiles for which some rule of `linter` has a variant with examples, sorted.
fn variant_profiles(linter: &Linter) -> Vec<String> {
    let mut names: Vec<String> = linter
        .rules()
        .iter()
        .flat_map(|r| &r.profiles)
        .filter(|(_, p)| match p {
            huashu::pack::ProfileRule::Variant(v) => {
                !v.examples.bad.is_empty() || !v.examples.good.is_empty()
            }
            huashu::pack::ProfileRule::Off => false,
        })
        .map(|(name, _)| name.clone())
        .collect();
    names.sort();
    names.dedup();
    names
}

/// Runs every rule's examples with `linter`, and the examples of each profile's variants with
/// the linter of that profile (`profiled`).
fn test(linter: &Linter, profiled: &[(String, &Linter)]) -> ExitCode {
    let mut failures: Vec<String> = linter
        .check_examples()
        .iter()
        .map(ToString::to_string)
        .collect();
    let mut examples: usize = linter
        .rules()
        .iter()
        .map(|r| r.examples.bad.len() + r.examples.good.len())
        .sum();
    for (name, with_profile) in profiled {
        // Only the variants' examples: the other rules' ran above.
        let variants: Vec<&str> = linter
            .rules()
            .iter()
            .filter(|r| {
                matches!(
                    r.profiles.get(name),
                    Some(huashu::pack::ProfileRule::Variant(_))
                )
            })
            .map(|r| r.id.as_str())
            .collect();
        for rule in with_profile.rules() {
            if variants.contains(&rule.id.as_str()) {
                examples += rule.examples.bad.len() + rule.examples.good.len();
            }
        }
        failures.extend(
            with_profile
                .check_examples()
                .iter()
                .filter(|f| variants.contains(&f.rule.as_str()))
                .map(|f| format!("[profile {name}] {f}")),
        );
    }
    for failure in &failures {
        println!("FAIL {failure}");
    }
    let rules = linter.rules().len();
    let failed = failures.len();
    let rules = if rules == 1 {
        "1 rule".to_owned()
    } else {
        format!("{rules} rules")
    };
    println!(
        "{} passed, {failed} failed ({examples} examples of {rules})",
        examples - failed
    );
    code(if failures.is_empty() {
        CLEAN
    } else {
        VIOLATIONS
    })
}
