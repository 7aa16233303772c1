//! Measures candidate intent models on the dev split, for `crates/huashu/intents/MODEL.md`:
//! per-class precision / recall / F1 at the calibrated 0.5, average precision, model size,
//! training time and classification speed; a grid over the settings; the cut of turns into
//! sentences; the calibration. Every model here is fitted on the train split only, so dev is held
//! out. The test split is not touched.
//!
//! ```sh
//! cargo run --release -p huashu --example intents_compare -- --data crates/huashu/intents/data
//! # with the fastText candidate (the pure-Rust `fasttext` crate, an optional dependency):
//! cargo run --release -p huashu --features compare-fasttext --example intents_compare -- --data crates/huashu/intents/data
//! # a grid over the logistic regression's settings:
//! cargo run --release -p huashu --example intents_compare -- --data crates/huashu/intents/data --grid
//! # how turns are cut into sentences; dev calibration against cross-fitting:
//! cargo run --release -p huashu --example intents_compare -- --data crates/huashu/intents/data --sentences
//! cargo run --release -p huashu --example intents_compare -- --data crates/huashu/intents/data --calibration
//! # features beyond the bag (skip-bigrams, the sentence's shape) against the default only,
//! # each candidate's model (fitted on train) saved for `examples/intent_corpus.rs --model`:
//! cargo run --release -p huashu --example intents_compare -- --data crates/huashu/intents/data --beyond --save /tmp/cand
//! # (`--seed N`: another shuffling seed, to see the noise; `HUASHU_MLP=1` with `--beyond`: the
//! # default against a one-hidden-layer network over the same features, measurement only)
//! ```

use std::path::PathBuf;
use std::time::Instant;

use huashu::intent::{
    evaluate, train, Calibration, ClassList, Dataset, FeatureConfig, Learner, Model, Split,
    SplitOptions, TrainOptions,
};
use huashu::Speaker;

/// The dev probabilities of one candidate: per dev sentence, (class, probability) for every class
/// of its speaker.
struct Measured {
    name: String,
    probabilities: Vec<Vec<(usize, f64)>>,
    train_seconds: f64,
    bytes: usize,
    /// MB/s of agent sentences classified (all agent classes).
    speed: f64,
}

fn main() {
    let mut dirs = Vec::new();
    let mut grid = false;
    let mut sentences = false;
    let mut calibration = false;
    let mut beyond = false;
    let mut seed: Option<u64> = None;
    let mut save: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--data" => dirs.push(PathBuf::from(args.next().expect("--data DIR"))),
            "--grid" => grid = true,
            "--sentences" => sentences = true,
            "--calibration" => calibration = true,
            "--beyond" => beyond = true,
            "--seed" => seed = Some(args.next().and_then(|s| s.parse().ok()).expect("--seed N")),
            "--save" => save = Some(PathBuf::from(args.next().expect("--save DIR"))),
            other => panic!("unknown argument {other}"),
        }
    }
    let (data, files) = load(&dirs);
    let dev: Vec<_> = data.in_split(Split::Dev).collect();
    println!(
        "{} sentences; dev {} (agent {}), train {}",
        data.examples().len(),
        dev.len(),
        dev.iter().filter(|e| e.speaker == Speaker::Agent).count(),
        data.in_split(Split::Train).count()
    );
    // The default settings with the weights fitted on train only, so that dev is held out: the
    // model trained on train and dev can only be measured on test.
    let base = TrainOptions {
        calibration: Calibration::CrossFit {
            folds: 5,
            with_dev: false,
        },
        ..TrainOptions::default()
    };
    let base = TrainOptions {
        seed: seed.unwrap_or(base.seed),
        ..base
    };
    if grid {
        // Average precision does not depend on the calibration (it is monotone): calibrating on
        // dev, rather than cross-fitting, gives the same figure in a sixth of the time.
        run_grid(
            &data,
            &TrainOptions {
                calibration: Calibration::Dev,
                ..base
            },
        );
        return;
    }
    if sentences {
        run_sentences(&data, &base);
        return;
    }
    if calibration {
        run_calibration(&data, &base, &files);
        return;
    }
    let mut results = Vec::new();
    let with = |skip: u8, shape: bool| TrainOptions {
        features: FeatureConfig {
            skip,
            shape,
            ..base.features
        },
        ..base
    };
    let beyond_candidates: Vec<(&str, TrainOptions)> = vec![
        ("LR, char 1-3 (default)", base),
        ("LR + skip-bigrams gap 1", with(1, false)),
        ("LR + skip-bigrams gap 1-2", with(2, false)),
        ("LR + shape", with(0, true)),
        ("LR + skip-bigrams gap 1 + shape", with(1, true)),
    ];
    if std::env::var_os("HUASHU_MLP").is_some() {
        // The non-linear candidate alone against the default (`HUASHU_MLP=1 … --beyond`).
        let (measured, _) = measure_own("LR, char 1-3 (default)", &data, &base);
        results.push(measured);
        results.push(mlp_candidate::measure(&data));
        print_summary(&data, &results);
        return;
    }
    if beyond {
        for (name, options) in beyond_candidates {
            let (measured, model) = measure_own(name, &data, &options);
            if let Some(dir) = &save {
                std::fs::create_dir_all(dir).expect("--save directory");
                let file: String = name
                    .chars()
                    .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
                    .collect();
                std::fs::write(dir.join(format!("{file}.bin")), model.to_bytes())
                    .expect("write model");
            }
            results.push(measured);
        }
        print_summary(&data, &results);
        return;
    }
    let candidates: Vec<(&str, TrainOptions)> = vec![
        ("LR, char 1-3 (default)", base),
        (
            "LR, char 1-2",
            TrainOptions {
                features: FeatureConfig {
                    max_n: 2,
                    ..base.features
                },
                ..base
            },
        ),
        (
            "LR, char 1-4",
            TrainOptions {
                features: FeatureConfig {
                    max_n: 4,
                    ..base.features
                },
                ..base
            },
        ),
        (
            "LR, char 1-3 + jieba words",
            TrainOptions {
                features: FeatureConfig {
                    words: true,
                    ..base.features
                },
                ..base
            },
        ),
        (
            "NB-LR, char 1-3",
            TrainOptions {
                learner: Learner::NbLogistic,
                ..base
            },
        ),
    ];
    for (name, options) in candidates {
        results.push(measure_own(name, &data, &options).0);
    }
    #[cfg(feature = "compare-fasttext")]
    results.push(fasttext_candidate::measure(&data));
    print_summary(&data, &results);
}

fn measure_own(name: &str, data: &Dataset, options: &TrainOptions) -> (Measured, Model) {
    let start = Instant::now();
    let model = train(data, options);
    let train_seconds = start.elapsed().as_secs_f64();
    let bytes = model.to_bytes().len();
    let probabilities = data
        .in_split(Split::Dev)
        .map(|e| model.classify(&e.text, e.speaker).iter().collect())
        .collect();
    let speed = speed_of(data, |text| {
        let mut out = Vec::new();
        model.detect(text, Speaker::Agent, None, &mut out);
        out.len()
    });
    let measured = Measured {
        name: name.to_string(),
        probabilities,
        train_seconds,
        bytes,
        speed,
    };
    (measured, model)
}

/// MB/s of classifying the agent sentences of every split, one sentence at a time, repeated to
/// about 20 MB.
fn speed_of(data: &Dataset, mut classify: impl FnMut(&str) -> usize) -> f64 {
    let texts: Vec<&str> = data
        .examples()
        .iter()
        .filter(|e| e.speaker == Speaker::Agent)
        .map(|e| e.text.as_str())
        .collect();
    let bytes: usize = texts.iter().map(|t| t.len()).sum();
    if bytes == 0 {
        return 0.0;
    }
    let rounds = (20_000_000 / bytes).max(1);
    let start = Instant::now();
    let mut sink = 0;
    for _ in 0..rounds {
        for t in &texts {
            sink += classify(t);
        }
    }
    std::hint::black_box(sink);
    (bytes * rounds) as f64 / start.elapsed().as_secs_f64() / 1e6
}

/// Per class: precision, recall, F1 at 0.5, average precision, support.
fn per_class(data: &Dataset, m: &Measured) -> Vec<(f64, f64, f64, f64, usize)> {
    let classes = data.classes();
    let dev: Vec<_> = data.in_split(Split::Dev).collect();
    (0..classes.len())
        .map(|c| {
            let mut ranked: Vec<(f64, bool)> = Vec::new();
            for (e, probs) in dev.iter().zip(&m.probabilities) {
                if let Some(&(_, p)) = probs.iter().find(|(k, _)| *k == c) {
                    ranked.push((p, e.labels.contains(c)));
                }
            }
            let support = ranked.iter().filter(|r| r.1).count();
            let predicted = ranked.iter().filter(|r| r.0 >= 0.5).count();
            let tp = ranked.iter().filter(|r| r.0 >= 0.5 && r.1).count();
            let precision = if predicted == 0 {
                1.0
            } else {
                tp as f64 / predicted as f64
            };
            let recall = if support == 0 {
                1.0
            } else {
                tp as f64 / support as f64
            };
            let f1 = if precision + recall == 0.0 {
                0.0
            } else {
                2.0 * precision * recall / (precision + recall)
            };
            ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            let (mut hits, mut sum) = (0, 0.0);
            for (i, r) in ranked.iter().enumerate() {
                if r.1 {
                    hits += 1;
                    sum += hits as f64 / (i + 1) as f64;
                }
            }
            let ap = if support == 0 {
                0.0
            } else {
                sum / support as f64
            };
            (precision, recall, f1, ap, support)
        })
        .collect()
}

fn macro_of(
    rows: &[(f64, f64, f64, f64, usize)],
    pick: impl Fn(&(f64, f64, f64, f64, usize)) -> f64,
    classes: &ClassList,
    prefix: &str,
) -> f64 {
    let chosen: Vec<f64> = rows
        .iter()
        .zip(classes.iter())
        .filter(|(r, c)| r.4 > 0 && c.id.starts_with(prefix))
        .map(|(r, _)| pick(r))
        .collect();
    chosen.iter().sum::<f64>() / chosen.len().max(1) as f64
}

fn print_summary(data: &Dataset, results: &[Measured]) {
    let classes = data.classes();
    println!("\n| candidate | macro F1 @0.5 | forbidden F1 @0.5 | macro AP | forbidden AP | model | train | speed |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for m in results {
        let rows = per_class(data, m);
        println!(
            "| {} | {:.3} | {:.3} | {:.3} | {:.3} | {:.2} MB | {:.1} s | {:.1} MB/s |",
            m.name,
            macro_of(&rows, |r| r.2, classes, ""),
            macro_of(&rows, |r| r.2, classes, "forbidden."),
            macro_of(&rows, |r| r.3, classes, ""),
            macro_of(&rows, |r| r.3, classes, "forbidden."),
            m.bytes as f64 / 1e6,
            m.train_seconds,
            m.speed
        );
    }
    println!("\nPer class on dev (P / R / F1 at 0.5; AP):\n");
    let mut head = String::from("| class | support |");
    let mut rule = String::from("| --- | ---: |");
    for m in results {
        head.push_str(&format!(" {} |", m.name));
        rule.push_str(" --- |");
    }
    println!("{head}\n{rule}");
    let all: Vec<_> = results.iter().map(|m| per_class(data, m)).collect();
    for (c, class) in classes.iter().enumerate() {
        let mut line = format!("| {} | {} |", class.id, all[0][c].4);
        for rows in &all {
            let (p, r, f, ap, _) = rows[c];
            line.push_str(&format!(" {p:.2} / {r:.2} / {f:.2}; {ap:.2} |"));
        }
        println!("{line}");
    }
}

/// A coordinate search over the logistic regression's settings, one at a time from the
/// defaults, scored by macro average precision on dev (threshold-free).
fn run_grid(data: &Dataset, base: &TrainOptions) {
    let score = |o: &TrainOptions| -> (f64, f64) {
        let m = measure_quick(data, o);
        let rows = per_class(data, &m);
        (
            macro_of(&rows, |r| r.3, data.classes(), ""),
            macro_of(&rows, |r| r.2, data.classes(), ""),
        )
    };
    let show = |label: String, o: &TrainOptions| {
        let (ap, f1) = score(o);
        println!("| {label} | {ap:.4} | {f1:.4} |");
    };
    println!("| setting | macro AP | macro F1 @0.5 |\n| --- | ---: | ---: |");
    show("defaults".into(), base);
    for epochs in [5, 10, 20, 40] {
        show(
            format!("epochs {epochs}"),
            &TrainOptions { epochs, ..*base },
        );
    }
    for learning_rate in [0.05, 0.1, 0.2, 0.5, 1.0] {
        show(
            format!("learning rate {learning_rate}"),
            &TrainOptions {
                learning_rate,
                ..*base
            },
        );
    }
    for l2 in [0.0, 1e-5, 1e-4, 3e-4, 1e-3, 3e-3] {
        show(format!("l2 {l2}"), &TrainOptions { l2, ..*base });
    }
    for positive_weight in [1.0, 2.0, 4.0] {
        show(
            format!("positive weight {positive_weight}"),
            &TrainOptions {
                positive_weight,
                ..*base
            },
        );
    }
    for bucket_bits in [16, 17, 18, 19, 20] {
        let features = FeatureConfig {
            bucket_bits,
            ..base.features
        };
        show(
            format!("bucket bits {bucket_bits}"),
            &TrainOptions { features, ..*base },
        );
    }
    for (min_n, max_n) in [(1, 2), (1, 3), (2, 3), (1, 4), (2, 4)] {
        let features = FeatureConfig {
            min_n,
            max_n,
            ..base.features
        };
        show(
            format!("n-grams {min_n}-{max_n}"),
            &TrainOptions { features, ..*base },
        );
    }
    let features = FeatureConfig {
        boundaries: false,
        ..base.features
    };
    show(
        "no boundary marks".into(),
        &TrainOptions { features, ..*base },
    );
    for dropout in [0.1, 0.3, 0.5, 0.6, 0.7] {
        show(
            format!("dropout {dropout}"),
            &TrainOptions { dropout, ..*base },
        );
        for (epochs, l2) in [(40, 1e-3), (40, 1e-4), (40, 3e-4), (80, 3e-4)] {
            let o = TrainOptions {
                dropout,
                epochs,
                l2,
                ..*base
            };
            show(format!("dropout {dropout}, epochs {epochs}, l2 {l2}"), &o);
        }
    }
    for seed in [1, 2, 3] {
        show(format!("seed {seed}"), &TrainOptions { seed, ..*base });
    }
    // Jointly, the settings that moved most.
    for epochs in [10, 20, 40] {
        for l2 in [1e-3, 3e-3, 1e-2] {
            for learning_rate in [0.2, 0.3] {
                let o = TrainOptions {
                    epochs,
                    l2,
                    learning_rate,
                    ..*base
                };
                show(
                    format!("epochs {epochs}, l2 {l2}, learning rate {learning_rate}"),
                    &o,
                );
            }
        }
    }
}

/// Calibration held out: weights fitted on train, Platt scaling and thresholds from 5-fold
/// out-of-fold scores on train, measured on dev (which neither saw). Per class at the operating
/// threshold and at 0.8, and how many forbidden classes reach precision 0.9 and recall 0.8.
fn run_calibration(data: &Dataset, base: &TrainOptions, files: &[(String, String)]) {
    let options = TrainOptions {
        calibration: Calibration::CrossFit {
            folds: 5,
            with_dev: false,
        },
        ..*base
    };
    let model = train(data, &options);
    let at_threshold = evaluate(&model, data, Split::Dev, None);
    let at_08 = evaluate(&model, data, Split::Dev, Some(0.8));
    println!("| class | threshold | P | R | F1 | P @0.8 | R @0.8 | support |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    let mut met = 0;
    for (m, n) in at_threshold.classes.iter().zip(&at_08.classes) {
        if m.id.starts_with("forbidden.") && m.precision >= 0.9 && m.recall >= 0.8 {
            met += 1;
        }
        println!(
            "| {} | {:.2} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {} |",
            m.id, m.threshold, m.precision, m.recall, m.f1, n.precision, n.recall, m.support
        );
    }
    println!("forbidden classes with P >= 0.9 and R >= 0.8 on dev: {met} of 11");

    // Dev calibration against cross-fitting, both measured on the same half of dev that
    // neither calibrated on: the groups of dev split in two halves by the split's own hash.
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let halves = SplitOptions {
        dev_percent: 5,
        test_percent: 15,
        ..SplitOptions::default()
    };
    let halved = Dataset::parse_with(&refs, ClassList::builtin(), &halves).expect("parsed before");
    let old_dev: std::collections::HashSet<(Speaker, &str)> = data
        .in_split(Split::Dev)
        .map(|e| (e.speaker, e.normalized.as_str()))
        .collect();
    let b: Vec<_> = halved
        .in_split(Split::Test)
        .filter(|e| old_dev.contains(&(e.speaker, e.normalized.as_str())))
        .collect();
    println!(
        "\nmeasured on the second half of dev ({} sentences):",
        b.len()
    );
    println!("| calibration | forbidden macro P | forbidden macro R | forbidden P >= 0.9 | both targets |");
    println!("| --- | ---: | ---: | ---: | ---: |");
    for (label, o) in [
        (
            "Platt + thresholds on the first half of dev",
            TrainOptions {
                calibration: Calibration::Dev,
                ..*base
            },
        ),
        ("5-fold cross-fit on train", options),
    ] {
        let model = train(&halved, &o);
        let classes = ClassList::builtin();
        let (mut ps, mut rs, mut precise, mut both) = (0.0, 0.0, 0, 0);
        for c in (0..classes.len()).filter(|&c| classes.get(c).id.starts_with("forbidden.")) {
            let (mut tp, mut predicted, mut support) = (0, 0, 0);
            for e in &b {
                let p = model.classify(&e.text, e.speaker).get(c).unwrap_or(0.0);
                let yes = p >= model.threshold(c);
                let truth = e.labels.contains(c);
                predicted += usize::from(yes);
                support += usize::from(truth);
                tp += usize::from(yes && truth);
            }
            let p = if predicted == 0 {
                1.0
            } else {
                tp as f64 / predicted as f64
            };
            let r = if support == 0 {
                1.0
            } else {
                tp as f64 / support as f64
            };
            ps += p / 11.0;
            rs += r / 11.0;
            precise += usize::from(p >= 0.9);
            both += usize::from(p >= 0.9 && r >= 0.8);
        }
        println!("| {label} | {ps:.3} | {rs:.3} | {precise} of 11 | {both} of 11 |");
    }
}

/// How the cut of a turn into sentences affects finding the classes of a turn: dev agent
/// sentences joined into turns of 1 to 4 (speech-recognition sentences joined with spaces, others
/// with a comma when they do not end a sentence), each turn's classes the union of its sentences'
/// labels and of what is detected in it at the operating thresholds.
fn run_sentences(data: &Dataset, base: &TrainOptions) {
    let model = train(data, base);
    let dev: Vec<_> = data
        .in_split(Split::Dev)
        .filter(|e| e.speaker == Speaker::Agent)
        .collect();
    let mut turns: Vec<(String, u64)> = Vec::new();
    let mut i = 0;
    let mut size = 1;
    while i < dev.len() {
        let group = &dev[i..(i + size).min(dev.len())];
        let asr = group
            .iter()
            .all(|e| e.register == huashu::intent::Register::Asr);
        let mut text = String::new();
        let mut labels = 0u64;
        for e in group {
            if !text.is_empty() {
                let ends = text.ends_with(['。', '！', '？', '!', '?', '.', '…']);
                if asr {
                    text.push(' ');
                } else if !ends {
                    text.push('，');
                }
            }
            text.push_str(&e.text);
            labels |= e.labels.0;
        }
        turns.push((text, labels));
        i += size;
        size = size % 4 + 1;
    }
    println!("{} turns of 1-4 dev agent sentences", turns.len());
    println!("| cut | micro P | micro R | micro F1 |\n| --- | ---: | ---: | ---: |");
    let mut rows: Vec<(String, Option<usize>)> = vec![("whole turn".into(), None)];
    for max in [0, 12, 16, 20, 24, 32, 40, 48, 64] {
        rows.push((format!("sentences, long runs cut past {max}"), Some(max)));
    }
    for (label, max) in rows {
        let (mut tp, mut fp, mut fn_) = (0u32, 0u32, 0u32);
        let mut m = model.clone();
        for (text, truth) in &turns {
            let mut found = Vec::new();
            match max {
                None => {
                    m.set_sentences(huashu::intent::Sentences { max_chars: 0 });
                    let s = m.classify(text, Speaker::Agent);
                    for (c, p) in s.iter() {
                        if p >= m.threshold(c) {
                            found.push(c);
                        }
                    }
                }
                Some(max) => {
                    m.set_sentences(huashu::intent::Sentences { max_chars: max });
                    let mut d = Vec::new();
                    m.detect(text, Speaker::Agent, None, &mut d);
                    found.extend(d.iter().map(|d| d.class));
                }
            }
            let predicted = found.iter().fold(0u64, |acc, &c| acc | 1 << c);
            tp += (predicted & truth).count_ones();
            fp += (predicted & !truth).count_ones();
            fn_ += (!predicted & truth).count_ones();
        }
        let p = f64::from(tp) / f64::from(tp + fp).max(1.0);
        let r = f64::from(tp) / f64::from(tp + fn_).max(1.0);
        println!(
            "| {label} | {p:.3} | {r:.3} | {:.3} |",
            2.0 * p * r / (p + r)
        );
    }
}

fn measure_quick(data: &Dataset, options: &TrainOptions) -> Measured {
    let model: Model = train(data, options);
    Measured {
        name: String::new(),
        probabilities: data
            .in_split(Split::Dev)
            .map(|e| model.classify(&e.text, e.speaker).iter().collect())
            .collect(),
        train_seconds: 0.0,
        bytes: 0,
        speed: 0.0,
    }
}

fn load(dirs: &[PathBuf]) -> (Dataset, Vec<(String, String)>) {
    let mut files: Vec<(String, String)> = Vec::new();
    for dir in dirs {
        for entry in std::fs::read_dir(dir).expect("data directory") {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|x| x == "tsv") {
                files.push((
                    path.display().to_string(),
                    std::fs::read_to_string(&path).expect("UTF-8 file"),
                ));
            }
        }
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let data = Dataset::parse(&refs, ClassList::builtin()).unwrap_or_else(|e| {
        for error in e.errors() {
            eprintln!("{error}");
        }
        std::process::exit(1)
    });
    (data, files)
}

/// The fastText candidate: the pure-Rust `fasttext` crate, one model per speaker trained with
/// one-vs-all loss over the normalised sentence's characters as tokens and word n-grams up to 3
/// (so its features are character 1- to 3-grams, like the default), one thread. Dimension,
/// epochs and learning rate default to the best of the few tried (`HUASHU_FT=dim,epochs,lr`
/// tries others).
#[cfg(feature = "compare-fasttext")]
mod fasttext_candidate {
    use super::*;
    use fasttext::args::{Args, LossName, ModelName};
    use fasttext::FastText;
    use huashu::intent::Normalized;

    fn tokens(text: &str) -> String {
        let n = Normalized::new(text);
        let chars: Vec<String> = n.as_str().chars().map(|c| c.to_string()).collect();
        chars.join(" ")
    }

    pub(super) fn measure(data: &Dataset) -> Measured {
        let classes = data.classes();
        let dir = std::env::temp_dir().join(format!("huashu-fasttext-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let start = Instant::now();
        let mut models = Vec::new();
        let mut bytes = 0;
        for speaker in [Speaker::Agent, Speaker::Customer] {
            let mut lines = String::new();
            for e in data.in_split(Split::Train).filter(|e| e.speaker == speaker) {
                let mut labels: Vec<String> = e
                    .labels
                    .iter()
                    .map(|c| format!("__label__{}", classes.get(c).id))
                    .collect();
                if labels.is_empty() {
                    labels.push("__label__none".to_string());
                }
                lines.push_str(&format!("{} {}\n", labels.join(" "), tokens(&e.text)));
            }
            let input = dir.join(format!("{}.txt", speaker.as_str()));
            std::fs::write(&input, lines).expect("write training file");
            let mut args = Args::default();
            args.apply_supervised_defaults();
            args.input = input;
            args.loss = LossName::OneVsAll;
            args.model = ModelName::Supervised;
            args.word_ngrams = 3;
            args.bucket = 1 << 18;
            let setting: Vec<f64> = std::env::var("HUASHU_FT")
                .unwrap_or("50,50,0.5".into())
                .split(',')
                .map(|x| x.parse().unwrap())
                .collect();
            args.dim = setting[0] as i32;
            args.epoch = setting[1] as i32;
            args.lr = setting[2];
            args.thread = 1;
            args.verbose = 0;
            let model = FastText::train(args.clone()).expect("fastText training");
            if speaker == Speaker::Agent {
                // Determinism: the same input and settings, trained again.
                let again = FastText::train(args).expect("fastText training");
                let (mut a, mut b) = (Vec::new(), Vec::new());
                model.save(&mut a).expect("serialise");
                again.save(&mut b).expect("serialise");
                println!(
                    "fastText trained twice on one thread gives the same bytes: {}",
                    a == b
                );
            }
            let path = dir.join(format!("{}.bin", speaker.as_str()));
            model.save_model(&path).expect("save");
            bytes += std::fs::metadata(&path)
                .map(|m| m.len() as usize)
                .unwrap_or(0);
            models.push(model);
        }
        let train_seconds = start.elapsed().as_secs_f64();
        let side = |s: Speaker| usize::from(s == Speaker::Customer);
        let predict = |model: &FastText, text: &str, speaker: Speaker| -> Vec<(usize, f64)> {
            let preds = model.predict(&tokens(text), 64, 0.0);
            classes
                .indices_of(speaker)
                .into_iter()
                .map(|c| {
                    let label = format!("__label__{}", classes.get(c).id);
                    let p = preds
                        .iter()
                        .find(|p| p.label == label)
                        .map_or(0.0, |p| f64::from(p.prob));
                    (c, p)
                })
                .collect()
        };
        let probabilities = data
            .in_split(Split::Dev)
            .map(|e| predict(&models[side(e.speaker)], &e.text, e.speaker))
            .collect();
        let speed = speed_of(data, |text| models[0].predict(&tokens(text), 64, 0.5).len());
        let _ = std::fs::remove_dir_all(&dir);
        Measured {
            name: "fastText (crate), char 1-3".to_string(),
            probabilities,
            train_seconds,
            bytes,
            speed,
        }
    }
}

/// The non-linear candidate, for measurement only: one hidden layer (16 ReLU units) over the
/// same features as the default (hashed character 1- to 3-grams of the normal form with the
/// start and end marks, digits as 0, `!` as `.`, 2^18 rows per speaker), one sigmoid output per
/// class of the speaker, fitted by plain SGD on binary cross-entropy, examples shuffled by a
/// fixed seed, one thread. No calibration: it is compared by average precision (threshold-free)
/// and by F1 at 0.5.
mod mlp_candidate {
    use super::*;
    use huashu::intent::Normalized;

    const BITS: u32 = 18;
    const HIDDEN: usize = 16;
    const EPOCHS: usize = 12;

    fn features(text: &str) -> Vec<usize> {
        let norm = Normalized::new(text);
        let mut codes: Vec<u64> = vec![2];
        codes.extend(norm.as_str().chars().map(|c| {
            u64::from(if c.is_ascii_digit() {
                '0'
            } else if c == '!' {
                '.'
            } else {
                c
            } as u32)
        }));
        codes.push(3);
        let mut out = Vec::new();
        for end in 0..codes.len() {
            let mut h: u64 = 0;
            for n in 1..=3.min(end + 1) {
                h = (h ^ codes[end + 1 - n]).wrapping_mul(0x9e37_79b9_7f4a_7c15);
                if n == 1 && (end == 0 || end == codes.len() - 1) {
                    continue;
                }
                let mut k = h ^ n as u64;
                k = (k ^ (k >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
                k = (k ^ (k >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
                k ^= k >> 31;
                out.push((k >> (64 - BITS)) as usize);
            }
        }
        out
    }

    struct Net {
        embed: Vec<f32>,
        b1: Vec<f32>,
        w2: Vec<f32>,
        b2: Vec<f32>,
        k: usize,
    }

    struct Rng(u64);
    impl Rng {
        fn next_u64(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        }
        fn uniform(&mut self) -> f32 {
            (self.next_u64() >> 40) as f32 / (1u64 << 24) as f32 - 0.5
        }
    }

    impl Net {
        fn new(k: usize, rng: &mut Rng) -> Net {
            let rows = 1usize << BITS;
            Net {
                embed: (0..rows * HIDDEN).map(|_| rng.uniform() * 0.1).collect(),
                b1: vec![0.0; HIDDEN],
                w2: (0..HIDDEN * k).map(|_| rng.uniform() * 0.3).collect(),
                b2: vec![-2.0; k],
                k,
            }
        }

        fn hidden(&self, f: &[usize]) -> Vec<f32> {
            let scale = 1.0 / (f.len().max(1) as f32).sqrt();
            let mut h = self.b1.clone();
            for &r in f {
                let row = &self.embed[r * HIDDEN..(r + 1) * HIDDEN];
                for (x, w) in h.iter_mut().zip(row) {
                    *x += w * scale;
                }
            }
            h
        }

        fn forward(&self, f: &[usize]) -> (Vec<f32>, Vec<f32>) {
            let pre = self.hidden(f);
            let h: Vec<f32> = pre.iter().map(|&x| x.max(0.0)).collect();
            let mut out = self.b2.clone();
            for (j, &hj) in h.iter().enumerate() {
                if hj != 0.0 {
                    for (c, o) in out.iter_mut().enumerate() {
                        *o += hj * self.w2[j * self.k + c];
                    }
                }
            }
            let p = out.iter().map(|&z| 1.0 / (1.0 + (-z).exp())).collect();
            (h, p)
        }

        fn step(&mut self, f: &[usize], y: &[f32], lr: f32, l2: f32) {
            let (h, p) = self.forward(f);
            let dout: Vec<f32> = p.iter().zip(y).map(|(p, y)| p - y).collect();
            let mut dh = vec![0.0f32; HIDDEN];
            for (j, (&hj, dhj)) in h.iter().zip(dh.iter_mut()).enumerate() {
                let row = &mut self.w2[j * self.k..(j + 1) * self.k];
                if hj > 0.0 {
                    *dhj = row.iter().zip(&dout).map(|(w, d)| w * d).sum();
                }
                for (w, &dc) in row.iter_mut().zip(&dout) {
                    *w -= lr * (hj * dc + l2 * *w);
                }
            }
            for (b, &dc) in self.b2.iter_mut().zip(&dout) {
                *b -= lr * dc;
            }
            let scale = 1.0 / (f.len().max(1) as f32).sqrt();
            for (b, &d) in self.b1.iter_mut().zip(&dh) {
                *b -= lr * d;
            }
            for &r in f {
                let row = &mut self.embed[r * HIDDEN..(r + 1) * HIDDEN];
                for (w, d) in row.iter_mut().zip(&dh) {
                    *w -= lr * (d * scale + l2 * *w);
                }
            }
        }
    }

    pub(super) fn measure(data: &Dataset) -> Measured {
        let classes = data.classes();
        let start = Instant::now();
        let mut nets = Vec::new();
        let mut rng = Rng(7);
        for speaker in [Speaker::Agent, Speaker::Customer] {
            let own = classes.indices_of(speaker);
            let examples: Vec<(Vec<usize>, Vec<f32>)> = data
                .in_split(Split::Train)
                .filter(|e| e.speaker == speaker)
                .map(|e| {
                    let y = own
                        .iter()
                        .map(|&c| f32::from(u8::from(e.labels.contains(c))))
                        .collect();
                    (features(&e.text), y)
                })
                .collect();
            let mut net = Net::new(own.len(), &mut rng);
            let mut order: Vec<usize> = (0..examples.len()).collect();
            let total = EPOCHS * examples.len();
            let mut seen = 0;
            for _ in 0..EPOCHS {
                for i in (1..order.len()).rev() {
                    let j = (rng.next_u64() % (i as u64 + 1)) as usize;
                    order.swap(i, j);
                }
                for &i in &order {
                    let lr = 0.1 * (1.0 - seen as f32 / total as f32);
                    let (f, y) = &examples[i];
                    net.step(f, y, lr, 1e-6);
                    seen += 1;
                }
            }
            nets.push((own, net));
        }
        let train_seconds = start.elapsed().as_secs_f64();
        let side = |s: Speaker| usize::from(s == Speaker::Customer);
        let probabilities = data
            .in_split(Split::Dev)
            .map(|e| {
                let (own, net) = &nets[side(e.speaker)];
                let (_, p) = net.forward(&features(&e.text));
                own.iter().zip(p).map(|(&c, p)| (c, f64::from(p))).collect()
            })
            .collect();
        let speed = speed_of(data, |text| nets[0].1.forward(&features(text)).1.len());
        Measured {
            name: format!("one hidden layer ({HIDDEN} ReLU), char 1-3"),
            probabilities,
            train_seconds,
            // As i8 weights, as the linear model stores them.
            bytes: nets
                .iter()
                .map(|(_, n)| n.embed.len() + n.w2.len())
                .sum::<usize>(),
            speed,
        }
    }
}
