//! Measures ways for the intent model to be less sure of sentences unlike its data
//! ([`huashu::intent::Shrink`]): each candidate is trained on the train split only (calibrated
//! by cross-fitting on it) and measured on the dev split and the held-out sentences at
//! `min = 0.8`, and on real dialogues (flags per 1,000 agent turns at 0.8, and a sample to judge).
//!
//! ```sh
//! cargo run --release -p huashu --example intents_coverage -- --data crates/huashu/intents/data \
//!     --heldout crates/huashu/intents/heldout ../shared/corpus/dialogues_*.jsonl --sample /tmp/cov
//! ```
//!
//! Standard output gets the tables; with `--sample DIR`, `DIR/CANDIDATE.tsv` gets every flag at
//! 0.8 on the dialogues (`class`, `confidence`, `coverage factor`, `sentence`).

use std::path::PathBuf;

use huashu::intent::{
    evaluate, train, Calibration, ClassList, Dataset, Evaluation, FeatureConfig, Model, Shrink,
    Split, TrainOptions,
};
use huashu::transcript::{parse, ParseOptions, SourceFormat};
use huashu::Speaker;

fn main() {
    let mut data_dir = None;
    let mut heldout_dir = None;
    let mut sample_dir: Option<PathBuf> = None;
    let mut corpus = Vec::new();
    let mut only: Option<String> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--data" => data_dir = args.next(),
            "--heldout" => heldout_dir = args.next(),
            "--sample" => sample_dir = args.next().map(PathBuf::from),
            "--only" => only = args.next(),
            _ => corpus.push(arg),
        }
    }
    let data = load(&data_dir.expect("--data DIR"));
    let heldout = heldout_dir.map(|d| load(&d));
    let turns = agent_turns(&corpus);
    println!("{} agent turns from {} files", turns.len(), corpus.len());
    let base = TrainOptions {
        calibration: Calibration::CrossFit {
            folds: 5,
            with_dev: false,
        },
        ..TrainOptions::default()
    };
    let cov = |power, full| Shrink::Coverage { power, full };
    let fold = FeatureConfig {
        fold_exclamation: true,
        ..base.features
    };
    let plain = base.features;
    let candidates: Vec<(&str, Shrink, FeatureConfig)> = vec![
        ("none", Shrink::None, plain),
        ("coverage-1", cov(1, 100), plain),
        ("coverage-2", cov(2, 100), plain),
        ("coverage-3", cov(3, 100), plain),
        ("coverage-4", cov(4, 100), plain),
        ("coverage-2-from-90", cov(2, 90), plain),
        ("coverage-3-from-90", cov(3, 90), plain),
        ("coverage-4-from-80", cov(4, 80), plain),
        ("length-24", Shrink::Length { features: 24 }, plain),
        ("length-48", Shrink::Length { features: 48 }, plain),
        ("none, ! as .", Shrink::None, fold),
        ("coverage-1, ! as .", cov(1, 100), fold),
        ("coverage-2-from-90, ! as .", cov(2, 90), fold),
    ];
    let mut summary = Vec::new();
    for (name, shrink, features) in candidates {
        if only
            .as_deref()
            .is_some_and(|o| !o.split('|').any(|x| x == name))
        {
            continue;
        }
        let started = std::time::Instant::now();
        let model = train(
            &data,
            &TrainOptions {
                shrink,
                features,
                ..base
            },
        );
        let secs = started.elapsed().as_secs_f64();
        let dev = evaluate(&model, &data, Split::Dev, Some(0.8));
        let held = heldout
            .as_ref()
            .map(|h| evaluate(&model, h, Split::Test, Some(0.8)));
        println!("\n## {name} (trained in {secs:.1} s)\n");
        println!("| class | dev P | dev R | dev support | held-out P | held-out R | corpus flags / 1,000 |");
        println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        let (flags, lines) = corpus_flags(&model, &turns);
        let forbidden: Vec<usize> = (0..model.classes().len())
            .filter(|&c| model.classes().get(c).id.starts_with("forbidden."))
            .collect();
        let per_k = |n: usize| n as f64 * 1000.0 / turns.len().max(1) as f64;
        for &c in &forbidden {
            let d = metric(&dev, c);
            let h = held.as_ref().map(|h| metric(h, c));
            println!(
                "| {} | {:.3} | {:.3} | {} | {} | {} | {:.1} |",
                model.classes().get(c).id,
                d.0,
                d.1,
                d.2,
                h.map_or("-".into(), |h| format!("{:.3}", h.0)),
                h.map_or("-".into(), |h| format!("{:.3}", h.1)),
                per_k(flags[c]),
            );
        }
        let macro_of = |e: &Evaluation| {
            let (p, r): (Vec<f64>, Vec<f64>) = forbidden
                .iter()
                .map(|&c| {
                    let m = metric(e, c);
                    (m.0, m.1)
                })
                .unzip();
            (mean(&p), mean(&r))
        };
        let d = macro_of(&dev);
        let h = held.as_ref().map(&macro_of).unwrap_or((0.0, 0.0));
        let total: usize = forbidden.iter().map(|&c| flags[c]).sum();
        println!(
            "| **forbidden macro** | {:.3} | {:.3} | | {:.3} | {:.3} | {:.1} |",
            d.0,
            d.1,
            h.0,
            h.1,
            per_k(total)
        );
        summary.push(format!(
            "| {name} | {:.3} | {:.3} | {:.3} | {:.3} | {:.4} | {total} | {:.1} |",
            d.0,
            d.1,
            h.0,
            h.1,
            dev.macro_average_precision(),
            per_k(total)
        ));
        if let Some(dir) = &sample_dir {
            std::fs::create_dir_all(dir).expect("the sample directory");
            let file = format!("{}.tsv", name.replace([',', ' ', '!'], ""));
            std::fs::write(dir.join(file), lines.join("\n") + "\n").expect("the sample file");
        }
    }
    println!("\n| candidate | dev P (forbidden, 0.8) | dev R | held-out P | held-out R | dev macro AP | corpus flags | per 1,000 turns |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for line in summary {
        println!("{line}");
    }
}

fn mean(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len().max(1) as f64
}

/// (precision, recall, support) of class `c`.
fn metric(e: &Evaluation, c: usize) -> (f64, f64, usize) {
    e.classes
        .iter()
        .find(|m| m.class == c)
        .map_or((0.0, 0.0, 0), |m| (m.precision, m.recall, m.support))
}

/// Flags at 0.8 per class on the agent turns, and a line per flag.
fn corpus_flags(model: &Model, turns: &[String]) -> (Vec<usize>, Vec<String>) {
    let mut counts = vec![0usize; model.classes().len()];
    let mut lines = Vec::new();
    let mut found = Vec::new();
    for turn in turns {
        found.clear();
        model.detect(turn, Speaker::Agent, Some(0.8), &mut found);
        for d in &found {
            let id = &model.classes().get(d.class).id;
            if !id.starts_with("forbidden.") {
                continue;
            }
            counts[d.class] += 1;
            let sentence = &turn[d.sentence.clone()];
            let c = model.coverage(sentence, Speaker::Agent);
            lines.push(format!(
                "{id}\t{:.2}\t{:.2}\t{}",
                d.confidence,
                c.factor,
                sentence.replace(['\t', '\n'], " ")
            ));
        }
    }
    lines.sort();
    (counts, lines)
}

fn agent_turns(files: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{file}: {e}"));
        let parsed = parse(&text, SourceFormat::JsonLines, &ParseOptions::default());
        for call in &parsed.calls {
            for t in &call.turns {
                if t.speaker == Speaker::Agent {
                    out.push(t.text.clone());
                }
            }
        }
    }
    out
}

fn load(dir: &str) -> Dataset {
    let mut files: Vec<(String, String)> = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{dir}: {e}")) {
        let path = entry.expect("a directory entry").path();
        if path.extension().is_some_and(|x| x == "tsv") {
            let text = std::fs::read_to_string(&path).expect("a data file");
            files.push((path.display().to_string(), text));
        }
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    Dataset::parse(&refs, ClassList::builtin()).unwrap_or_else(|e| panic!("{e:?}"))
}
