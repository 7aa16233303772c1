//! Measures huashu on held-out labelled calls: how many rude agent turns the check catches, how
//! many compliant turns it wrongly flags, and whether rude calls fail QA.
//!
//! ```sh
//! # the built-in packs alone (today's default)
//! cargo run --release -p huashu --example call_eval -- crates/huashu/intents/heldout/calls/*.jsonl
//! # with the intent tones switched on, listing every miss and false flag
//! cargo run --release -p huashu --example call_eval -- crates/huashu/intents/heldout/calls/*.jsonl \
//!     --pack crates/huashu/intents/pack.toml --list
//! ```
//!
//! `--profile NAME` checks with a channel profile (default `inbound`). Each file is read twice:
//! by huashu's JSON Lines parser (the calls, as `huashu check` reads them) and by serde_json (the
//! `tones` label of every agent turn; see `intents/heldout/calls/README.md`). A turn is *caught*
//! when a scored finding of a `tone` or `banned` rule lies on it; findings of other categories
//! (greeting, closing, honorific, …) are counted apart. The report is Markdown on standard
//! output; it also counts held-out agent sentences whose normal form is exactly a training
//! sentence's (`intents/data/*.tsv`), which should be none.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;

use huashu::intent::{Normalized, Sentences};
use huashu::transcript::{parse, ParseOptions, SourceFormat};
use huashu::{CallReport, Category, Linter, Speaker};

/// The tone labels, in report order, with the norms' names for them.
const TONES: [(&str, &str); 11] = [
    ("rhetorical", "反问"),
    ("interrogation", "质问"),
    ("impatience", "命令/不耐烦"),
    ("deflection", "推诿"),
    ("blame", "指责"),
    ("sarcasm", "讽刺"),
    ("confrontation", "愤怒/顶撞"),
    ("dismissive", "散漫/敷衍"),
    ("refusal", "断然拒绝"),
    ("rushing", "催挂"),
    ("excuse", "找借口"),
];

/// Sentences shorter than this (in normalised characters) are stock phrases anyone writes
/// (好的, 您好): they are not counted as near-copies of training sentences.
const MIN_COPY_CHARS: usize = 6;

/// The command line.
struct Args {
    files: Vec<String>,
    packs: Vec<String>,
    profile: Option<String>,
    list: bool,
}

/// One call's labels: per turn, an agent turn's tones (`None` for a turn without a `tones`
/// field).
type CallLabels = Vec<Option<Vec<String>>>;

/// One agent turn, labelled and checked.
struct AgentTurn {
    call: String,
    turn: usize,
    tones: Vec<String>,
    /// Rules of category tone or banned with a scored finding on the turn.
    scored: BTreeSet<String>,
    /// Rules of category tone or banned with a review entry (and no scored finding) on it.
    review: BTreeSet<String>,
    text: String,
}

/// One call: its agent turns and its QA verdict.
struct CheckedCall {
    rude: bool,
    passed: bool,
    score: u32,
}

fn main() {
    let args = parse_args();
    let mut packs = huashu::builtin_packs().expect("the built-in packs load");
    for path in &args.packs {
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| fail(&format!("{path}: {e}")));
        packs
            .push(huashu::Pack::from_toml(path, &text).unwrap_or_else(|e| fail(&format!("{e:?}"))));
    }
    let mut builder = Linter::builder().packs(packs);
    if let Some(profile) = &args.profile {
        builder = builder.profile(profile.clone());
    }
    let linter = builder.build().unwrap_or_else(|e| fail(&e.to_string()));

    let mut turns = Vec::new();
    let mut calls = Vec::new();
    let mut other: BTreeMap<&'static str, usize> = BTreeMap::new();
    for file in &args.files {
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| fail(&format!("{file}: {e}")));
        check_file(file, &text, &linter, &mut turns, &mut calls, &mut other)
            .unwrap_or_else(|e| fail(&e));
    }
    print_report(&args, &linter, &turns, &calls, &other);
    print_copies(&turns);
}

/// Reads the arguments; a usage error exits with status 2.
fn parse_args() -> Args {
    let mut args = Args {
        files: Vec::new(),
        packs: Vec::new(),
        profile: None,
        list: false,
    };
    let mut raw = std::env::args().skip(1);
    while let Some(arg) = raw.next() {
        match arg.as_str() {
            "--pack" => args.packs.push(raw.next().unwrap_or_else(|| usage())),
            "--profile" => args.profile = Some(raw.next().unwrap_or_else(|| usage())),
            "--list" => args.list = true,
            _ if arg.starts_with("--") => usage(),
            _ => args.files.push(arg),
        }
    }
    if args.files.is_empty() {
        usage();
    }
    args
}

/// Prints the usage and exits with status 2.
fn usage() -> ! {
    fail("usage: call_eval FILE.jsonl… [--pack FILE]… [--profile NAME] [--list]")
}

/// Prints an error and exits with status 2.
fn fail(message: &str) -> ! {
    eprintln!("error: {message}");
    std::process::exit(2)
}

/// Checks every call of one file against its labels.
fn check_file(
    file: &str,
    text: &str,
    linter: &Linter,
    turns: &mut Vec<AgentTurn>,
    calls: &mut Vec<CheckedCall>,
    other: &mut BTreeMap<&'static str, usize>,
) -> Result<(), String> {
    let labels = read_labels(file, text)?;
    let parsed = parse(text, SourceFormat::JsonLines, &ParseOptions::default());
    if let Some(error) = parsed.errors.first() {
        return Err(format!("{file}:{}: {}", error.line, error.message));
    }
    for call in &parsed.calls {
        let line = call.line.unwrap_or(0);
        let Some(labelled) = labels.get(&line) else {
            return Err(format!("{file}:{line}: a call serde_json did not read"));
        };
        if labelled.len() != call.turns.len() {
            return Err(format!(
                "{file}:{line}: huashu read {} turns, the labels have {}",
                call.turns.len(),
                labelled.len()
            ));
        }
        let report = linter.check(call);
        let id = call.id.clone().unwrap_or_else(|| format!("{file}:{line}"));
        let mut rude = false;
        for (index, (turn, tones)) in call.turns.iter().zip(labelled).enumerate() {
            if turn.speaker != Speaker::Agent {
                continue;
            }
            let Some(tones) = tones else {
                return Err(format!("{file}:{line}: agent turn {index} has no `tones`"));
            };
            rude |= !tones.is_empty();
            turns.push(agent_turn(&report, &id, index, tones, &turn.text, other));
        }
        calls.push(CheckedCall {
            rude,
            passed: report.passed,
            score: report.score,
        });
    }
    if parsed.calls.len() != labels.len() {
        return Err(format!(
            "{file}: huashu read {} calls, serde_json {}",
            parsed.calls.len(),
            labels.len()
        ));
    }
    Ok(())
}

/// The labels of each line's call, by 1-based line.
fn read_labels(file: &str, text: &str) -> Result<BTreeMap<usize, CallLabels>, String> {
    let mut calls = BTreeMap::new();
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        if line.trim().is_empty() {
            continue;
        }
        let value: serde_json::Value =
            serde_json::from_str(line).map_err(|e| format!("{file}:{number}: {e}"))?;
        let Some(list) = value.get("turns").and_then(|t| t.as_array()) else {
            return Err(format!("{file}:{number}: no `turns` array"));
        };
        let mut turns = Vec::new();
        for turn in list {
            let Some(tones) = turn.get("tones") else {
                turns.push(None);
                continue;
            };
            let names = tones
                .as_array()
                .ok_or_else(|| format!("{file}:{number}: `tones` is not a list"))?;
            let mut labels = Vec::new();
            for name in names {
                let name = name.as_str().unwrap_or_default();
                if !TONES.iter().any(|(tone, _)| *tone == name) {
                    return Err(format!("{file}:{number}: unknown tone {name:?}"));
                }
                labels.push(name.to_owned());
            }
            turns.push(Some(labels));
        }
        calls.insert(number, turns);
    }
    Ok(calls)
}

/// What the report says about one agent turn; counts findings of other categories in `other`.
fn agent_turn(
    report: &CallReport,
    call: &str,
    turn: usize,
    tones: &[String],
    text: &str,
    other: &mut BTreeMap<&'static str, usize>,
) -> AgentTurn {
    let is_tone = |c: Category| matches!(c, Category::Tone | Category::Banned);
    let mut scored = BTreeSet::new();
    for v in report.violations.iter().filter(|v| v.turn == turn) {
        if is_tone(v.category) {
            scored.insert(v.rule.clone());
        } else {
            *other.entry(v.category.as_str()).or_default() += 1;
        }
    }
    let review = report
        .review
        .iter()
        .filter(|v| v.turn == turn && is_tone(v.category))
        .map(|v| v.rule.clone())
        .collect();
    AgentTurn {
        call: call.to_owned(),
        turn,
        tones: tones.to_vec(),
        scored,
        review,
        text: text.to_owned(),
    }
}

/// Prints the tables (and with `--list` every miss and false flag).
fn print_report(
    args: &Args,
    linter: &Linter,
    turns: &[AgentTurn],
    calls: &[CheckedCall],
    other: &BTreeMap<&'static str, usize>,
) {
    let packs: Vec<&str> = args.packs.iter().map(String::as_str).collect();
    println!(
        "{} calls, {} agent turns; built-in packs{}; profile {}\n",
        calls.len(),
        turns.len(),
        if packs.is_empty() {
            String::new()
        } else {
            format!(" + {}", packs.join(", "))
        },
        linter.profile()
    );
    println!("| tone | rude turns | caught | review only | missed | recall |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: |");
    for (tone, name) in TONES {
        let labelled: Vec<&AgentTurn> = turns
            .iter()
            .filter(|t| t.tones.iter().any(|x| x == tone))
            .collect();
        print_tone_row(&format!("{tone} ({name})"), &labelled);
    }
    let rude: Vec<&AgentTurn> = turns.iter().filter(|t| !t.tones.is_empty()).collect();
    print_tone_row("**all rude turns**", &rude);

    let compliant: Vec<&AgentTurn> = turns.iter().filter(|t| t.tones.is_empty()).collect();
    let flagged = compliant.iter().filter(|t| !t.scored.is_empty()).count();
    let reviewed = compliant
        .iter()
        .filter(|t| t.scored.is_empty() && !t.review.is_empty())
        .count();
    let all_flagged = turns.iter().filter(|t| !t.scored.is_empty()).count();
    let flagged_rude = turns
        .iter()
        .filter(|t| !t.scored.is_empty() && !t.tones.is_empty())
        .count();
    let rude_calls: Vec<&CheckedCall> = calls.iter().filter(|c| c.rude).collect();
    let polite_calls: Vec<&CheckedCall> = calls.iter().filter(|c| !c.rude).collect();
    println!("\n| measure | value |\n| --- | ---: |");
    println!(
        "| compliant agent turns | {} |\n| … falsely flagged (scored tone/banned) | {flagged} ({:.1} per 1,000) |\n| … review entry only | {reviewed} |",
        compliant.len(),
        per_mille(flagged, compliant.len())
    );
    println!(
        "| turn precision (flagged turns labelled rude) | {flagged_rude} of {all_flagged} ({:.1}%) |",
        percent(flagged_rude, all_flagged)
    );
    let failed = rude_calls.iter().filter(|c| !c.passed).count();
    let passed = polite_calls.iter().filter(|c| c.passed).count();
    println!(
        "| rude calls failing QA (pass mark {}) | {failed} of {} |\n| polite calls passing QA | {passed} of {} |",
        linter.pass_mark(),
        rude_calls.len(),
        polite_calls.len()
    );
    println!(
        "| mean score of rude calls | {:.1} |\n| mean score of polite calls | {:.1} |",
        mean_score(&rude_calls),
        mean_score(&polite_calls)
    );
    let other: Vec<String> = other.iter().map(|(c, n)| format!("{c} {n}")).collect();
    println!(
        "\nOther findings on agent turns (not scored here): {}",
        other.join(", ")
    );
    if args.list {
        print_list(
            "Missed rude turns",
            rude.iter().filter(|t| t.scored.is_empty()),
        );
        print_list(
            "False flags",
            compliant.iter().filter(|t| !t.scored.is_empty()),
        );
        let review = compliant
            .iter()
            .filter(|t| t.scored.is_empty() && !t.review.is_empty());
        print_list("Compliant turns in review", review);
    }
}

/// One row of the tone table.
fn print_tone_row(label: &str, turns: &[&AgentTurn]) {
    let caught = turns.iter().filter(|t| !t.scored.is_empty()).count();
    let review = turns
        .iter()
        .filter(|t| t.scored.is_empty() && !t.review.is_empty())
        .count();
    let missed = turns.len() - caught - review;
    println!(
        "| {label} | {} | {caught} | {review} | {missed} | {:.0}% |",
        turns.len(),
        percent(caught, turns.len())
    );
}

/// A line per turn: call id, turn, labels, rules (review rules in brackets), text.
fn print_list<'a>(title: &str, turns: impl Iterator<Item = &'a &'a AgentTurn>) {
    println!("\n### {title}\n");
    for t in turns {
        let mut rules: Vec<String> = t.scored.iter().cloned().collect();
        rules.extend(t.review.iter().map(|r| format!("[{r}]")));
        println!(
            "- {} #{} [{}] {}: {}",
            t.call,
            t.turn,
            t.tones.join(","),
            if rules.is_empty() {
                "-".to_owned()
            } else {
                rules.join(",")
            },
            t.text
        );
    }
}

/// Counts held-out agent sentences whose normal form is a training sentence's, and lists them.
fn print_copies(turns: &[AgentTurn]) {
    let training = training_sentences();
    let mut copies = Vec::new();
    let mut sentences = 0usize;
    for t in turns {
        for range in Sentences::default().split(&t.text) {
            let normal = Normalized::new(&t.text[range]).as_str().to_owned();
            if normal.chars().count() < MIN_COPY_CHARS {
                continue;
            }
            sentences += 1;
            if training.contains(&normal) {
                copies.push(format!("- {} #{}: {normal}", t.call, t.turn));
            }
        }
    }
    println!(
        "\nNear-copies of training sentences: {} of {sentences} held-out agent sentences of {MIN_COPY_CHARS}+ characters ({} training sentences)",
        copies.len(),
        training.len()
    );
    for line in copies {
        println!("{line}");
    }
}

/// The normal form of the text column of every line of `intents/data/*.tsv`.
fn training_sentences() -> HashSet<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("intents/data");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| fail(&format!("{}: {e}", dir.display())))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "tsv"))
        .collect();
    paths.sort();
    let mut sentences = HashSet::new();
    for path in paths {
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| fail(&format!("{}: {e}", path.display())));
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            if let Some(sentence) = line.split('\t').nth(4) {
                sentences.insert(Normalized::new(sentence).as_str().to_owned());
            }
        }
    }
    sentences
}

/// The calls' mean QA score.
fn mean_score(calls: &[&CheckedCall]) -> f64 {
    calls.iter().map(|c| f64::from(c.score)).sum::<f64>() / calls.len().max(1) as f64
}

/// `part` per 1,000 of `whole`.
fn per_mille(part: usize, whole: usize) -> f64 {
    part as f64 * 1000.0 / whole.max(1) as f64
}

/// `part` as a percentage of `whole`.
fn percent(part: usize, whole: usize) -> f64 {
    part as f64 * 100.0 / whole.max(1) as f64
}
