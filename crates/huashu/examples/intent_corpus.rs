//! Measures the intent layer on real dialogues: how often each rule's intent findings fire per
//! 1,000 agent turns, and a deterministic, stratified sample of them to read and judge.
//!
//! ```sh
//! # the built-in tone rules by meaning, as on a phone call (the default profile)
//! cargo run --release -p huashu --example intent_corpus -- ../shared/corpus/dialogues_*.jsonl \
//!     --sample 20 > /tmp/intent-flags.tsv
//! # the opt-in pack in the written profile, where the built-in tone rules keep to their phrases
//! cargo run --release -p huashu --example intent_corpus -- ../shared/corpus/dialogues_*.jsonl \
//!     --profile written --pack crates/huashu/intents/pack.toml --sample 20 > /tmp/intent-flags.tsv
//! ```
//!
//! `--model FILE` measures a model file (`huashu intents train -o FILE`) instead of the built-in
//! one; `--profile NAME` checks with that channel profile (default `inbound`).
//!
//! Standard error gets the table (flags per 1,000 agent turns, by rule, findings and review
//! band); standard output gets the sample as TSV (`file`, `call`, `turn`, `rule`, `confidence`,
//! `in_review`, `sentence`, `turn text`), up to `--sample N` per rule, chosen by a stable hash of
//! the call id and sentence so that reruns pick the same ones. Only intent findings (those with a
//! confidence) are counted: phrase hits are measured in `rules/README.md` already.

use std::collections::BTreeMap;

use huashu::transcript::{parse, ParseOptions, SourceFormat};
use huashu::{Linter, Speaker};

fn main() {
    let mut files = Vec::new();
    let mut per_rule = 20usize;
    let mut packs = huashu::builtin_packs().expect("the built-in packs load");
    let mut model = None;
    let mut profile = huashu::pack::DEFAULT_PROFILE.to_owned();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--sample" {
            per_rule = args
                .next()
                .and_then(|n| n.parse().ok())
                .expect("--sample takes a number");
        } else if arg == "--model" {
            let path = args.next().expect("--model takes a file");
            let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
            let decoded =
                huashu::intent::Model::from_bytes(&bytes).unwrap_or_else(|e| panic!("{path}: {e}"));
            model = Some(std::sync::Arc::new(decoded));
        } else if arg == "--profile" {
            profile = args.next().expect("--profile takes a name");
        } else if arg == "--pack" {
            let path = args.next().expect("--pack takes a file");
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
            packs.push(huashu::Pack::from_toml(&path, &text).unwrap_or_else(|e| panic!("{e:?}")));
        } else {
            files.push(arg);
        }
    }
    assert!(
        !files.is_empty(),
        "usage: intent_corpus FILE.jsonl… [--pack FILE]… [--model FILE] [--profile NAME] [--sample N]"
    );
    let mut builder = Linter::builder().packs(packs).profile(profile);
    if let Some(model) = model {
        builder = builder.intent_model(model);
    }
    let linter = builder.build().expect("the packs build");
    let mut agent_turns = 0usize;
    // rule -> (findings, review)
    let mut counts: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    // rule -> (hash, line)
    let mut sample: BTreeMap<String, Vec<(u64, String)>> = BTreeMap::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{file}: {e}"));
        let parsed = parse(&text, SourceFormat::JsonLines, &ParseOptions::default());
        for error in &parsed.errors {
            eprintln!("{file}:{}: {}", error.line, error.message);
        }
        let name = std::path::Path::new(file)
            .file_name()
            .map_or(file.clone(), |n| n.to_string_lossy().into_owned());
        for call in &parsed.calls {
            agent_turns += call
                .turns
                .iter()
                .filter(|t| t.speaker == Speaker::Agent)
                .count();
            let report = linter.check(call);
            let found = report.violations.iter().map(|v| (v, false));
            for (v, in_review) in found.chain(report.review.iter().map(|v| (v, true))) {
                let Some(confidence) = v.confidence else {
                    continue;
                };
                let entry = counts.entry(v.rule.clone()).or_default();
                if in_review {
                    entry.1 += 1;
                } else {
                    entry.0 += 1;
                }
                let id = call.id.clone().unwrap_or_default();
                let turn = &call.turns[v.turn].text;
                let line = format!(
                    "{name}\t{id}\t{}\t{}\t{confidence:.2}\t{in_review}\t{}\t{}",
                    v.turn,
                    v.rule,
                    v.matched.replace(['\t', '\n'], " "),
                    turn.replace(['\t', '\n'], " ")
                );
                sample
                    .entry(v.rule.clone())
                    .or_default()
                    .push((fnv(&format!("{id}\u{0}{}", v.matched)), line));
            }
        }
    }
    eprintln!(
        "{} files, {agent_turns} agent turns\n\n| rule | findings | per 1,000 agent turns | review band |\n| --- | ---: | ---: | ---: |",
        files.len()
    );
    for (rule, (found, review)) in &counts {
        let rate = *found as f64 * 1000.0 / agent_turns.max(1) as f64;
        eprintln!("| {rule} | {found} | {rate:.1} | {review} |");
    }
    println!("file\tcall\tturn\trule\tconfidence\tin_review\tsentence\tturn_text");
    for lines in sample.values_mut() {
        lines.sort();
        for (_, line) in lines.iter().take(per_rule) {
            println!("{line}");
        }
    }
}

/// FNV-1a: a stable hash, so that the sample is the same on every run.
fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}
