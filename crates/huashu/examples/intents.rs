//! The intent layer from the command line (it becomes `huashu intents …`): train a model from
//! labelled data, measure it, explain a sentence. All the logic is in `huashu::intent`; this
//! file reads files, parses arguments and prints.
//!
//! ```sh
//! cargo run --release -p huashu --example intents -- train --data crates/huashu/intents/data -o model.bin
//! cargo run --release -p huashu --example intents -- eval --data crates/huashu/intents/data --model model.bin
//! cargo run --release -p huashu --example intents -- explain "你自己不会看吗?"
//! ```
//!
//! `--data` may be given more than once; every `*.tsv` file in each directory is read.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use huashu::intent::{evaluate, train, ClassList, Dataset, Evaluation, Model, Split, TrainOptions};
use huashu::Speaker;

const USAGE: &str = "usage:
  intents train --data DIR... [-o FILE]
  intents eval --data DIR... [--model FILE] [--split train|dev|test] [--min P]
  intents explain SENTENCE [--model FILE] [--speaker agent|customer] [--top N]
  intents stats --data DIR...";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The parsed options (each subcommand uses some).
#[derive(Default)]
struct Options {
    data: Vec<PathBuf>,
    output: Option<PathBuf>,
    model: Option<PathBuf>,
    split: Option<String>,
    min: Option<f64>,
    speaker: Option<String>,
    top: Option<usize>,
    free: Vec<String>,
}

fn parse_options(args: &[String]) -> Result<Options, String> {
    let mut o = Options::default();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = || it.next().cloned().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--data" => o.data.push(value()?.into()),
            "-o" | "--output" => o.output = Some(value()?.into()),
            "--model" => o.model = Some(value()?.into()),
            "--split" => o.split = Some(value()?),
            "--min" => o.min = Some(value()?.parse().map_err(|e| format!("--min: {e}"))?),
            "--speaker" => o.speaker = Some(value()?),
            "--top" => o.top = Some(value()?.parse().map_err(|e| format!("--top: {e}"))?),
            s if s.starts_with('-') => return Err(format!("unknown option {s}\n{USAGE}")),
            s => o.free.push(s.to_string()),
        }
    }
    Ok(o)
}

fn run(args: &[String]) -> Result<(), String> {
    let Some((command, rest)) = args.split_first() else {
        return Err(USAGE.to_string());
    };
    let o = parse_options(rest)?;
    match command.as_str() {
        "train" => {
            let data = load(&o.data)?;
            print_stats(&data);
            let model = train(&data, &TrainOptions::default());
            let bytes = model.to_bytes();
            let out = o.output.unwrap_or_else(|| "model.bin".into());
            std::fs::write(&out, &bytes).map_err(|e| format!("{}: {e}", out.display()))?;
            println!("wrote {} ({} bytes)", out.display(), bytes.len());
            Ok(())
        }
        "eval" => {
            let data = load(&o.data)?;
            let model = load_model(o.model.as_deref())?;
            model
                .check_classes(data.classes())
                .map_err(|e| e.to_string())?;
            let split = match o.split.as_deref() {
                None => Split::Test,
                Some(s) => Split::from_name(s).ok_or(format!("unknown split {s}"))?,
            };
            print_stats(&data);
            let eval = evaluate(&model, &data, split, o.min);
            print_eval(&eval, &model);
            print_confusion(&eval);
            Ok(())
        }
        "explain" => {
            let model = load_model(o.model.as_deref())?;
            let speaker = match o.speaker.as_deref() {
                None | Some("agent") => Speaker::Agent,
                Some("customer") => Speaker::Customer,
                Some(s) => return Err(format!("unknown speaker {s}")),
            };
            let top = o.top.unwrap_or(5);
            for text in &o.free {
                println!("{text}");
                for (sentence, scores) in model.classify_turn(text, speaker) {
                    let mut ranked: Vec<(usize, f64)> = scores.iter().collect();
                    ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
                    println!("  「{}」", &text[sentence.clone()]);
                    for &(class, p) in ranked.iter().take(3) {
                        let c = model.classes().get(class);
                        let mark = if p >= model.threshold(class) {
                            "*"
                        } else {
                            " "
                        };
                        println!("   {mark} {:<30} {:.3}  {}", c.id, p, c.name);
                        let sentence_text = &text[sentence.clone()];
                        let evidence = model.explain(sentence_text, class, top);
                        let shown: Vec<String> = evidence
                            .iter()
                            .map(|e| {
                                format!("「{}」{:+.2}", &sentence_text[e.span.clone()], e.weight)
                            })
                            .collect();
                        println!("       {}", shown.join(" "));
                    }
                }
            }
            Ok(())
        }
        "stats" => {
            let data = load(&o.data)?;
            print_stats(&data);
            Ok(())
        }
        other => Err(format!("unknown command {other}\n{USAGE}")),
    }
}

/// Every `*.tsv` file of the directories, parsed against the built-in classes.
fn load(dirs: &[PathBuf]) -> Result<Dataset, String> {
    if dirs.is_empty() {
        return Err(format!("--data DIR is required\n{USAGE}"));
    }
    let mut files: Vec<(String, String)> = Vec::new();
    for dir in dirs {
        let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for entry in entries {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.extension().is_some_and(|x| x == "tsv") {
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                files.push((path.display().to_string(), text));
            }
        }
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    Dataset::parse(&refs, ClassList::builtin()).map_err(|errors| {
        let mut message = format!("{} error(s) in the data:", errors.errors().len());
        for e in errors.errors() {
            message.push_str(&format!("\n  {e}"));
        }
        message
    })
}

fn load_model(path: Option<&Path>) -> Result<Model, String> {
    match path {
        None => Ok(Model::builtin().clone()),
        Some(p) => {
            let bytes = std::fs::read(p).map_err(|e| format!("{}: {e}", p.display()))?;
            Model::from_bytes(&bytes).map_err(|e| format!("{}: {e}", p.display()))
        }
    }
}

fn print_stats(data: &Dataset) {
    let s = data.stats();
    println!(
        "{} files, {} lines, {} duplicates merged, {} sentences in {} groups (largest {}, {} straddling pinned splits)",
        s.files,
        s.lines,
        s.duplicates,
        data.examples().len(),
        s.groups,
        s.largest_group,
        s.straddling_groups
    );
    println!(
        "split sentences train/dev/test: {}/{}/{}; groups: {}/{}/{}",
        s.sentences_per_split[0],
        s.sentences_per_split[1],
        s.sentences_per_split[2],
        s.groups_per_split[0],
        s.groups_per_split[1],
        s.groups_per_split[2]
    );
    let (per_class, negatives) = data.class_counts();
    for (c, counts) in data.classes().iter().zip(&per_class) {
        println!(
            "  {:<30} {:>5} {:>5} {:>5}",
            c.id, counts[0], counts[1], counts[2]
        );
    }
    for (name, n) in ["agent -", "customer -"].iter().zip(negatives) {
        println!("  {:<30} {:>5} {:>5} {:>5}", name, n[0], n[1], n[2]);
    }
}

fn print_eval(eval: &Evaluation, model: &Model) {
    println!(
        "\n{} split, {} sentences",
        eval.split.as_str(),
        eval.sentences
    );
    println!("| class | threshold | precision | recall | F1 | AP | support |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    for m in &eval.classes {
        println!(
            "| {} {} | {:.2} | {:.3} | {:.3} | {:.3} | {:.3} | {} |",
            m.id,
            model.classes().get(m.class).name,
            m.threshold,
            m.precision,
            m.recall,
            m.f1,
            m.average_precision,
            m.support
        );
    }
    println!(
        "macro F1 {:.3}, macro AP {:.3}",
        eval.macro_f1(),
        eval.macro_average_precision()
    );
}

fn print_confusion(eval: &Evaluation) {
    let c = &eval.confusion;
    println!("\nconfusion (rows: true, columns: predicted; only non-zero cells off the diagonal)");
    for (r, row) in c.counts.iter().enumerate() {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .filter(|&(p, &n)| n > 0 && p != r)
            .map(|(p, n)| format!("{}:{n}", c.labels[p]))
            .collect();
        let hit = row[r];
        if hit > 0 || !cells.is_empty() {
            println!("  {:<30} ={hit:<5} {}", c.labels[r], cells.join(" "));
        }
    }
}
