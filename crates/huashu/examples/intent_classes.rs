//! Measures the intent model's classes themselves on real dialogues, whatever rule uses them:
//! for every class, how many sentences reach `min` and how many fall in the review band, per
//! 1,000 turns of the class's speaker and per file, and a stratified sample to read and judge.
//!
//! ```sh
//! cargo run -p huashu --example intent_classes -- ../shared/corpus/dialogues_*.jsonl \
//!     --class 'customer.*' --class 'prescribed.*' --min 0.8 --review 0.6 --sample 25 \
//!     > /tmp/intent-classes.tsv
//! ```
//!
//! `--class` takes a class id or a prefix ending in `*` (repeatable; default every class);
//! `--model FILE` measures a model file instead of the built-in one.
//!
//! Standard error gets the table (one row per class: per file, sentences at `min` or above, the
//! rate per 1,000 turns of that speaker, and the review band `review ≤ p < min`); standard output
//! gets the sample as TSV (`class`, `band` (`min` or `review`), `confidence`, `file`, `call`,
//! `turn`, `sentence`, `turn text`): up to `--sample N` sentences per class at `min` and half as
//! many in the review band, chosen by a stable hash of the call id and sentence so that reruns
//! pick the same ones.

use std::collections::BTreeMap;

use huashu::intent::Model;
use huashu::transcript::{parse, ParseOptions, SourceFormat};
use huashu::Speaker;

fn main() {
    let mut files = Vec::new();
    let mut per_class = 25usize;
    let mut min = 0.8f64;
    let mut review = 0.6f64;
    let mut patterns: Vec<String> = Vec::new();
    let mut loaded = None;
    let mut args = std::env::args().skip(1);
    let number = |v: Option<String>, flag: &str| -> f64 {
        v.and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{flag} takes a number"))
    };
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--sample" => per_class = number(args.next(), "--sample") as usize,
            "--min" => min = number(args.next(), "--min"),
            "--review" => review = number(args.next(), "--review"),
            "--class" => patterns.push(args.next().expect("--class takes a class id")),
            "--model" => {
                let path = args.next().expect("--model takes a file");
                let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
                loaded = Some(Model::from_bytes(&bytes).unwrap_or_else(|e| panic!("{path}: {e}")));
            }
            _ => files.push(arg),
        }
    }
    assert!(
        !files.is_empty(),
        "usage: intent_classes FILE.jsonl… [--class ID|PREFIX*]… [--min P] [--review P] [--sample N] [--model FILE]"
    );
    let model = loaded.as_ref().unwrap_or_else(|| Model::builtin());
    let classes = model.classes();
    let wanted = |id: &str| {
        patterns.is_empty()
            || patterns.iter().any(|p| match p.strip_suffix('*') {
                Some(prefix) => id.starts_with(prefix),
                None => id == p,
            })
    };
    let names: Vec<String> = files
        .iter()
        .map(|f| {
            std::path::Path::new(f)
                .file_name()
                .map_or(f.clone(), |n| n.to_string_lossy().into_owned())
        })
        .collect();
    // (file index, speaker) -> turns
    let mut turns: BTreeMap<(usize, bool), usize> = BTreeMap::new();
    // (class, file index) -> (at min, in band)
    let mut counts: BTreeMap<(usize, usize), (usize, usize)> = BTreeMap::new();
    // (class, in band) -> (hash, line)
    let mut sample: BTreeMap<(usize, bool), Vec<(u64, String)>> = BTreeMap::new();
    let mut found = Vec::new();
    for (f, file) in files.iter().enumerate() {
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{file}: {e}"));
        let parsed = parse(&text, SourceFormat::JsonLines, &ParseOptions::default());
        for error in &parsed.errors {
            eprintln!("{file}:{}: {}", error.line, error.message);
        }
        for call in &parsed.calls {
            let id = call.id.clone().unwrap_or_default();
            for (t, turn) in call.turns.iter().enumerate() {
                *turns
                    .entry((f, turn.speaker == Speaker::Agent))
                    .or_default() += 1;
                found.clear();
                model.detect(&turn.text, turn.speaker, Some(review), &mut found);
                for d in &found {
                    if !wanted(&classes.get(d.class).id) {
                        continue;
                    }
                    let in_band = d.confidence < min;
                    let entry = counts.entry((d.class, f)).or_default();
                    if in_band {
                        entry.1 += 1;
                    } else {
                        entry.0 += 1;
                    }
                    let sentence = &turn.text[d.sentence.clone()];
                    let line = format!(
                        "{}\t{}\t{:.2}\t{}\t{id}\t{t}\t{}\t{}",
                        classes.get(d.class).id,
                        if in_band { "review" } else { "min" },
                        d.confidence,
                        names[f],
                        clean(sentence),
                        clean(&turn.text)
                    );
                    sample
                        .entry((d.class, in_band))
                        .or_default()
                        .push((fnv(&format!("{id}\u{0}{sentence}")), line));
                }
            }
        }
    }
    eprintln!(
        "min {min}, review band {review} ≤ p < {min}; per 1,000 turns of the class's speaker\n"
    );
    let mut header = String::from("| class |");
    let mut rule = String::from("| --- |");
    for (f, name) in names.iter().enumerate() {
        let agent = turns.get(&(f, true)).copied().unwrap_or(0);
        let customer = turns.get(&(f, false)).copied().unwrap_or(0);
        header.push_str(&format!(
            " {name} (agent {agent}, customer {customer} turns): ≥ min | per 1,000 | band |"
        ));
        rule.push_str(" ---: | ---: | ---: |");
    }
    eprintln!("{header}\n{rule}");
    for class in 0..classes.len() {
        let c = classes.get(class);
        if !wanted(&c.id) {
            continue;
        }
        let mut row = format!("| `{}` |", c.id);
        for f in 0..files.len() {
            let (at, band) = counts.get(&(class, f)).copied().unwrap_or((0, 0));
            let n = turns
                .get(&(f, c.speaker == Speaker::Agent))
                .copied()
                .unwrap_or(0);
            let rate = at as f64 * 1000.0 / n.max(1) as f64;
            row.push_str(&format!(" {at} | {rate:.1} | {band} |"));
        }
        eprintln!("{row}");
    }
    println!("class\tband\tconfidence\tfile\tcall\tturn\tsentence\tturn_text");
    for ((_, in_band), lines) in sample.iter_mut() {
        lines.sort();
        let take = if *in_band {
            per_class.div_ceil(2)
        } else {
            per_class
        };
        for (_, line) in lines.iter().take(take) {
            println!("{line}");
        }
    }
}

/// One line of TSV: no tabs or newlines inside a field.
fn clean(text: &str) -> String {
    text.replace(['\t', '\n', '\r'], " ")
}

/// FNV-1a: a stable hash, so that the sample is the same on every run.
fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}
