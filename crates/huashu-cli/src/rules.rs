//! `huashu rules list | explain ID | test [PACK]...`

use std::fmt::Write as _;
use std::process::ExitCode;

use huashu::{Count, CountScope, Direction, Linter, Rewrite, Rule, RuleKind, ScopeEnd};
use serde::Serialize;

use crate::args::{ListFormat, PackArgs, RulesCommand};
use crate::config::settings::{Flags, Settings};
use crate::config::Config;
use crate::{build_linter, CLEAN, TROUBLE, VIOLATIONS};

/// Runs a `rules` subcommand with the configuration's packs, selection and overrides.
pub fn run(command: &RulesCommand, config: Option<Config>, color: bool) -> ExitCode {
    let linter = |flags: Flags<'_>| build_linter(&Settings::new(config, &flags), color, false);
    let result = match command {
        RulesCommand::List { packs, format } => linter(Flags {
            packs: Some(packs),
            ..Flags::default()
        })
        .map(|l| list(&l, *format)),
        RulesCommand::Explain { id, packs } => linter(Flags {
            packs: Some(packs),
            ..Flags::default()
        })
        .map(|l| explain(&l, id)),
        RulesCommand::Test {
            files,
            no_default_packs,
        } => {
            let packs = PackArgs {
                no_default_packs: *no_default_packs,
                ..PackArgs::default()
            };
            linter(Flags {
                packs: Some(&packs),
                extra_packs: files,
                ..Flags::default()
            })
            .map(|l| test(&l))
        }
    };
    result.unwrap_or_else(|code| code)
}

/// The kind of a rule, as a word.
fn kind(rule: &Rule) -> &'static str {
    rule.kind.name()
}

/// How many patterns (phrases, regexes, group phrases) a rule matches with.
fn pattern_count(rule: &Rule) -> usize {
    match &rule.kind {
        RuleKind::Phrase(p) => p.phrases.len() + p.regexes.len(),
        RuleKind::Required(r) => r.forms.iter().flatten().map(Vec::len).sum(),
        RuleKind::Response(r) => {
            r.when.phrases.len()
                + r.when.regexes.len()
                + r.expect.phrases.len()
                + r.expect.regexes.len()
        }
        RuleKind::Timing(t) => t.announced_by.len(),
        _ => 0,
    }
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
    let rows: Vec<ListedRule> = linter
        .rules()
        .iter()
        .map(|r| ListedRule {
            id: &r.id,
            pack: &r.pack,
            kind: kind(r),
            category: r.category.as_str(),
            severity: r.severity.as_str(),
            points: r.points,
            max_points: r.max_points,
            fatal: r.fatal,
            fix: r.fix.map(|f| f.as_str()),
            patterns: pattern_count(r),
            message: &r.message,
        })
        .collect();
    match format {
        ListFormat::Json => match serde_json::to_string_pretty(&rows) {
            Ok(json) => emit(&format!("{json}\n")),
            Err(err) => {
                eprintln!("error: {err}");
                ExitCode::from(TROUBLE)
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
        Ok(()) => ExitCode::from(CLEAN),
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::from(CLEAN),
        Err(err) => {
            eprintln!("error: cannot write output: {err}");
            ExitCode::from(TROUBLE)
        }
    }
}

/// One Markdown table per pack, in load order: the generated part of `rules/README.md`.
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
            .any(|r| r.pack == pack && matches!(r.kind, RuleKind::Meta));
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
        for rule in linter.rules().iter().filter(|r| r.pack == pack) {
            let points = if rule.fatal {
                "fatal".to_owned()
            } else {
                rule.points.to_string()
            };
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} | {} | {} | {} | {} |",
                rule.id,
                kind(rule),
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
        return ExitCode::from(TROUBLE);
    };
    emit(&describe(rule))
}

/// A rule explained, like `ruff rule`.
fn describe(rule: &Rule) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({} rule, pack `{}`)",
        rule.id,
        kind(rule),
        rule.pack
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
    if !matches!(rule.kind, RuleKind::Response(_) | RuleKind::Meta) {
        facts.push(format!("speaker: {}", scope(rule.speaker)));
    }
    let _ = writeln!(out, "{}", facts.join(" · "));
    let _ = writeln!(out, "\nMessage\n  {}", rule.message);
    if let Some(why) = &rule.why {
        let _ = writeln!(out, "\nWhy\n  {why}");
    }
    let _ = writeln!(out, "\nWhat it checks");
    match &rule.kind {
        RuleKind::Phrase(p) => {
            let phrases: Vec<String> = p
                .phrases
                .iter()
                .map(|ph| {
                    if ph.boundary {
                        ph.text.clone()
                    } else {
                        format!("{} (inside words too)", ph.text)
                    }
                })
                .collect();
            line(&mut out, "phrases", &phrases);
            line(
                &mut out,
                "regex",
                &p.regexes
                    .iter()
                    .map(|r| r.source.clone())
                    .collect::<Vec<_>>(),
            );
            line(&mut out, "not inside", &p.unless);
            for c in &p.all {
                line(
                    &mut out,
                    "together with",
                    &[c.phrases.clone(), c.regexes.clone()].concat(),
                );
            }
            for c in &p.not {
                line(
                    &mut out,
                    "unless near",
                    &[c.phrases.clone(), c.regexes.clone()].concat(),
                );
            }
            if let Some(near) = p.near {
                let _ = writeln!(out, "  within {near} characters of the hit");
            }
            if let Some(count) = p.count {
                let counting = match count {
                    Count::MoreThan { n, per } => {
                        let per = if per == CountScope::Turn {
                            "turn"
                        } else {
                            "call"
                        };
                        format!("fires when its phrases occur more than {n} times in a {per}")
                    }
                    Count::Repeated => "fires when a phrase repeats back to back".to_owned(),
                    _ => format!("{count:?}"),
                };
                let _ = writeln!(out, "  {counting}");
            }
            let _ = writeln!(out, "  on word boundaries unless marked otherwise; agent turns only unless the speaker says otherwise");
            match &p.rewrite {
                Rewrite::All(to) => {
                    let _ = writeln!(out, "\nRewrite\n  every hit → {to}");
                }
                Rewrite::PerPattern(map) => {
                    let _ = writeln!(out, "\nRewrite");
                    for (from, to) in map {
                        let _ = writeln!(out, "  {from} → {to}");
                    }
                }
                _ => {}
            }
        }
        RuleKind::Required(r) => {
            let end = match r.scope {
                ScopeEnd::First => "first",
                ScopeEnd::Last => "last",
            };
            let scope = match r.seconds {
                Some(s) => format!(
                    "the {end} {} turns (or {s} s when the call has times)",
                    r.turns
                ),
                None => format!("the {end} {} turns", r.turns),
            };
            let _ = writeln!(out, "  in {scope} of the speaker, in order:");
            for (i, form) in r.forms.iter().enumerate() {
                let groups: Vec<String> = form
                    .iter()
                    .map(|g| format!("「{}」", g.join("|")))
                    .collect();
                let label = if i == 0 { "standard" } else { "or" };
                let _ = writeln!(out, "  {label}: {}", groups.join(" → "));
            }
            if let Some(w) = &r.wording {
                let _ = writeln!(out, "\nCompliant wording\n  {w}");
            }
        }
        RuleKind::Response(r) => {
            let trigger = match r.silence_over {
                Some(s) => format!("a silence of more than {s} s"),
                None => [r.when.phrases.clone(), r.when.regexes.clone()]
                    .concat()
                    .join(" | "),
            };
            let _ = writeln!(out, "  when ({}): {trigger}", scope(r.when_speaker));
            let direction = match r.direction {
                Direction::Before => "before",
                _ => "after",
            };
            let mut window = Vec::new();
            if let Some(t) = r.within_turns {
                window.push(format!("within {t} turns"));
            }
            if let Some(s) = r.within_seconds {
                window.push(format!("within {s} s"));
            }
            if window.is_empty() {
                window.push("anywhere".to_owned());
            }
            let _ = writeln!(
                out,
                "  expect ({}, {direction}, {}): {}",
                scope(r.expect_speaker),
                window.join(", "),
                [r.expect.phrases.clone(), r.expect.regexes.clone()]
                    .concat()
                    .join(" | ")
            );
        }
        RuleKind::Timing(t) => {
            let _ = writeln!(out, "  {:?} over {}", t.check, t.over);
            line(&mut out, "announced by", &t.announced_by);
        }
        RuleKind::Meta => {
            let _ = writeln!(
                out,
                "  {}",
                rule.summary.as_deref().unwrap_or(&rule.message)
            );
            let _ = writeln!(
                out,
                "  built in; never suppressed by comments; off with `huashu check --no-suppressions`"
            );
        }
        _ => {}
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

fn scope(scope: huashu::SpeakerScope) -> &'static str {
    match scope {
        huashu::SpeakerScope::Agent => "agent",
        huashu::SpeakerScope::Customer => "customer",
        _ => "any speaker",
    }
}

fn line(out: &mut String, label: &str, items: &[String]) {
    if !items.is_empty() {
        let _ = writeln!(out, "  {label}: {}", items.join(", "));
    }
}

fn test(linter: &Linter) -> ExitCode {
    let failures = linter.check_examples();
    let examples: usize = linter
        .rules()
        .iter()
        .map(|r| r.examples.bad.len() + r.examples.good.len())
        .sum();
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
    ExitCode::from(if failures.is_empty() {
        CLEAN
    } else {
        VIOLATIONS
    })
}
