//! `huashu intents train | eval | audit | stats | explain`: train an intent model from labelled
//! data, measure it on the test split, list the labels an out-of-fold model disagrees with,
//! describe or list the data, explain what the model sees in a sentence. The logic is in
//! `huashu::intent`; this file reads the files, writes the model (atomically) and prints.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use huashu::intent::{
    audit, evaluate, train, AuditOptions, ClassList, Dataset, Disagreement, Evaluation, Model,
    Split, TrainOptions,
};
use huashu::RuleSelector;
use huashu_workspace::config::{Flags, Settings};

use super::{load_config, report_diagnostic, use_color};
use crate::args::{AuditFormat, Cli, ColorChoice, IntentsCommand, SpeakerArg};
use crate::exit::{code, outln, CLEAN, TROUBLE};

/// Runs `huashu intents …`.
pub fn run(cli: &Cli, command: &IntentsCommand) -> ExitCode {
    let color = use_color(ColorChoice::Auto);
    let result = match command {
        IntentsCommand::Train {
            data,
            classes,
            output,
        } => run_train(data, classes.as_deref(), output, color),
        IntentsCommand::Eval {
            data,
            classes,
            model,
            min,
            split,
        } => run_eval(
            cli,
            data,
            classes.as_deref(),
            model.as_deref(),
            *min,
            split,
            color,
        ),
        IntentsCommand::Audit {
            data,
            classes,
            folds,
            min_gap,
            split,
            class,
            format,
        } => run_audit(
            data,
            classes.as_deref(),
            &AuditRequest {
                folds: *folds,
                min_gap: *min_gap,
                split,
                class: class.as_deref(),
                format: *format,
            },
            color,
        ),
        IntentsCommand::Stats {
            data,
            classes,
            list,
            speaker,
        } => run_stats(data, classes.as_deref(), list.as_deref(), *speaker, color),
        IntentsCommand::Explain {
            sentences,
            speaker,
            model,
            top,
        } => run_explain(cli, sentences, *speaker, model.as_deref(), *top, color),
    };
    match result {
        Ok(()) => code(CLEAN),
        Err(exit) => exit,
    }
}

fn run_train(
    dirs: &[PathBuf],
    classes: Option<&Path>,
    output: &Path,
    color: bool,
) -> Result<(), ExitCode> {
    let classes = load_classes(classes, color)?;
    let data = load_data(dirs, &classes, color)?;
    print_stats(&data);
    let model = train(&data, &TrainOptions::default());
    let bytes = model.to_bytes();
    huashu_workspace::atomic::write(output, &bytes).map_err(|err| {
        eprintln!("error: cannot write {}: {err}", output.display());
        code(TROUBLE)
    })?;
    outln!(
        "wrote {} ({} bytes, {} classes)",
        output.display(),
        bytes.len(),
        model.classes().len()
    );
    Ok(())
}

fn run_eval(
    cli: &Cli,
    dirs: &[PathBuf],
    classes: Option<&Path>,
    model: Option<&Path>,
    min: Option<f64>,
    split: &str,
    color: bool,
) -> Result<(), ExitCode> {
    let Some(split) = huashu::intent::Split::from_name(split) else {
        eprintln!("error: unknown split `{split}` (expected train, dev or test)");
        return Err(code(TROUBLE));
    };
    let model = load_model(cli, model, color)?;
    // The data is read against the model's classes unless a class list is given.
    let classes = match classes {
        Some(_) => load_classes(classes, color)?,
        None => model.classes().clone(),
    };
    let data = load_data(dirs, &classes, color)?;
    if let Err(err) = model.check_classes(data.classes()) {
        eprintln!("error: the model does not fit the data: {err}");
        return Err(code(TROUBLE));
    }
    print_stats(&data);
    let eval = evaluate(&model, &data, split, min);
    print_eval(&eval, &model);
    print_confusion(&eval);
    Ok(())
}

/// `huashu intents audit`'s settings besides the data.
struct AuditRequest<'a> {
    folds: u8,
    min_gap: f64,
    split: &'a str,
    class: Option<&'a str>,
    format: AuditFormat,
}

fn run_audit(
    dirs: &[PathBuf],
    classes: Option<&Path>,
    request: &AuditRequest<'_>,
    color: bool,
) -> Result<(), ExitCode> {
    if !(0.5..=1.0).contains(&request.min_gap) {
        eprintln!(
            "error: --min-gap {} is outside 0.5..=1 (0.8 lists a class left out at p ≥ 0.8 and one given at p ≤ 0.2)",
            request.min_gap
        );
        return Err(code(TROUBLE));
    }
    let mut splits = Vec::new();
    for name in request.split.split(',').map(str::trim) {
        match Split::from_name(name) {
            Some(Split::Test) => {
                eprintln!(
                    "error: the test split is never audited: its labels must not be chosen by a model (read it with `huashu intents stats --list test`)"
                );
                return Err(code(TROUBLE));
            }
            Some(split) if !splits.contains(&split) => splits.push(split),
            Some(_) => {}
            None => {
                eprintln!("error: unknown split `{name}` in --split (expected train or dev)");
                return Err(code(TROUBLE));
            }
        }
    }
    let selectors = match request.class {
        None => Vec::new(),
        Some(list) => {
            let mut selectors = Vec::new();
            for text in list.split(',').map(str::trim) {
                match RuleSelector::parse(text) {
                    Ok(selector) => selectors.push(selector),
                    Err(err) => {
                        eprintln!("error: --class `{text}`: {err}");
                        return Err(code(TROUBLE));
                    }
                }
            }
            selectors
        }
    };
    let classes = load_classes(classes, color)?;
    if let Some(selector) = selectors
        .iter()
        .find(|s| !classes.iter().any(|c| s.matches_id(&c.id, "")))
    {
        eprintln!(
            "error: --class `{}` names no class of the class list",
            selector.as_str()
        );
        return Err(code(TROUBLE));
    }
    let data = load_data(dirs, &classes, color)?;
    let options = AuditOptions {
        folds: request.folds,
        min_gap: request.min_gap,
        splits,
        ..AuditOptions::default()
    };
    let listed: Vec<Disagreement> = audit(&data, &options)
        .into_iter()
        .filter(|d| {
            selectors.is_empty()
                || selectors
                    .iter()
                    .any(|s| s.matches_id(&data.classes().get(d.class).id, ""))
        })
        .collect();
    match request.format {
        AuditFormat::Tsv => print_audit_tsv(&data, &listed),
        AuditFormat::Table => print_audit_table(&data, &listed, &options),
    }
    Ok(())
}

fn print_audit_tsv(data: &Dataset, listed: &[Disagreement]) {
    outln!("location\tlabels\tclass\tverdict\tp\ttext");
    for d in listed {
        let e = &data.examples()[d.example];
        outln!(
            "{}:{}\t{}\t{}\t{}\t{:.3}\t{}",
            e.file,
            e.line,
            e.labels.ids(data.classes()),
            data.classes().get(d.class).id,
            d.verdict.as_str(),
            d.probability,
            e.text
        );
    }
}

fn print_audit_table(data: &Dataset, listed: &[Disagreement], options: &AuditOptions) {
    let audited = data
        .examples()
        .iter()
        .filter(|e| options.splits.contains(&e.split))
        .count();
    let splits: Vec<&str> = options.splits.iter().map(|s| s.as_str()).collect();
    outln!(
        "{} sentences of {} audited ({} folds): {} labels the model disagrees with by ≥ {:.2}",
        audited,
        splits.join("+"),
        options.folds,
        listed.len(),
        options.min_gap
    );
    let width = listed
        .iter()
        .map(|d| {
            let e = &data.examples()[d.example];
            e.file.len() + 1 + e.line.to_string().len()
        })
        .max()
        .unwrap_or(0);
    for d in listed {
        let e = &data.examples()[d.example];
        let location = format!("{}:{}", e.file, e.line);
        outln!(
            "{location:<width$}  {:<9} {:<28} {:.3}  [{}]  {}",
            d.verdict.as_str(),
            data.classes().get(d.class).id,
            d.probability,
            e.labels.ids(data.classes()),
            e.text
        );
    }
    // How many of each class, each way.
    let mut counts: Vec<(usize, usize)> = vec![(0, 0); data.classes().len()];
    for d in listed {
        match d.verdict {
            huashu::intent::Verdict::Missing => counts[d.class].0 += 1,
            huashu::intent::Verdict::Doubtful => counts[d.class].1 += 1,
        }
    }
    outln!("\nper class: missing? / doubtful?");
    for (c, (missing, doubtful)) in data.classes().iter().zip(counts) {
        if missing + doubtful > 0 {
            outln!("  {:<28} {missing:>4} {doubtful:>4}", c.id);
        }
    }
}

fn run_stats(
    dirs: &[PathBuf],
    classes: Option<&Path>,
    list: Option<&str>,
    speaker: Option<SpeakerArg>,
    color: bool,
) -> Result<(), ExitCode> {
    let split = match list.map(|name| (name, Split::from_name(name))) {
        None => None,
        Some((_, Some(split))) => Some(split),
        Some((name, None)) => {
            eprintln!("error: unknown split `{name}` in --list (expected train, dev or test)");
            return Err(code(TROUBLE));
        }
    };
    let classes = load_classes(classes, color)?;
    let data = load_data(dirs, &classes, color)?;
    let Some(split) = split else {
        print_stats(&data);
        print_class_counts(&data);
        return Ok(());
    };
    let speaker = speaker.map(SpeakerArg::speaker);
    for e in data
        .in_split(split)
        .filter(|e| speaker.is_none_or(|s| e.speaker == s))
    {
        outln!(
            "{}:{}\t{}\t{}\t{}",
            e.file,
            e.line,
            e.speaker.as_str(),
            e.labels.ids(data.classes()),
            e.text
        );
    }
    Ok(())
}

fn print_class_counts(data: &Dataset) {
    let s = data.stats();
    outln!(
        "largest group {}, {} straddling pinned splits; groups train/dev/test {}/{}/{}",
        s.largest_group,
        s.straddling_groups,
        s.groups_per_split[0],
        s.groups_per_split[1],
        s.groups_per_split[2]
    );
    outln!("{:<28} {:>6} {:>6} {:>6}", "class", "train", "dev", "test");
    let (per_class, negatives) = data.class_counts();
    for (c, counts) in data.classes().iter().zip(&per_class) {
        outln!(
            "{:<28} {:>6} {:>6} {:>6}",
            c.id,
            counts[0],
            counts[1],
            counts[2]
        );
    }
    for (name, n) in ["agent, no class", "customer, no class"]
        .iter()
        .zip(negatives)
    {
        outln!("{:<28} {:>6} {:>6} {:>6}", name, n[0], n[1], n[2]);
    }
}

fn run_explain(
    cli: &Cli,
    sentences: &[String],
    speaker: SpeakerArg,
    model: Option<&Path>,
    top: usize,
    color: bool,
) -> Result<(), ExitCode> {
    let model = load_model(cli, model, color)?;
    let speaker = speaker.speaker();
    for text in sentences {
        outln!("{text}");
        for (sentence, scores) in model.classify_turn(text, speaker) {
            let sentence_text = &text[sentence];
            let mut ranked: Vec<(usize, f64)> = scores.iter().collect();
            ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
            outln!("  「{sentence_text}」");
            let coverage = model.coverage(sentence_text, speaker);
            if coverage.factor < 1.0 {
                outln!(
                    "    {} of {} n-grams seen in training: weights × {:.2}",
                    coverage.seen,
                    coverage.features,
                    coverage.factor
                );
            }
            for &(class, p) in ranked.iter().take(top) {
                let c = model.classes().get(class);
                let mark = if p >= model.threshold(class) {
                    '*'
                } else {
                    ' '
                };
                outln!("   {mark} {:<28} {p:.3}  {}", c.id, c.name);
                let evidence: Vec<String> = model
                    .explain(sentence_text, class, 5)
                    .iter()
                    .map(|e| format!("「{}」{:+.2}", &sentence_text[e.span.clone()], e.weight))
                    .collect();
                if !evidence.is_empty() {
                    outln!("       依据 {}", evidence.join(" "));
                }
            }
        }
    }
    outln!("(* at or above the class's threshold)");
    Ok(())
}

/// The class list: `--classes FILE`, else the built-in one.
fn load_classes(path: Option<&Path>, color: bool) -> Result<ClassList, ExitCode> {
    let Some(path) = path else {
        return Ok(ClassList::builtin().clone());
    };
    let text = std::fs::read_to_string(path).map_err(|err| {
        eprintln!("error: cannot read {}: {err}", path.display());
        code(TROUBLE)
    })?;
    ClassList::from_toml(&path.display().to_string(), &text).map_err(|err| {
        report_diagnostic(&err, color);
        code(TROUBLE)
    })
}

/// Every `*.tsv` file of the directories (in name order), parsed against `classes`. Every
/// problem is reported, naming its file, line and column.
fn load_data(dirs: &[PathBuf], classes: &ClassList, color: bool) -> Result<Dataset, ExitCode> {
    let mut files: Vec<(String, String)> = Vec::new();
    for dir in dirs {
        let entries = std::fs::read_dir(dir).map_err(|err| {
            eprintln!(
                "error: cannot read the data directory {}: {err}",
                dir.display()
            );
            code(TROUBLE)
        })?;
        let mut paths: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|x| x == "tsv"))
            .collect();
        paths.sort();
        for path in paths {
            let text = std::fs::read_to_string(&path).map_err(|err| {
                eprintln!("error: cannot read {}: {err}", path.display());
                code(TROUBLE)
            })?;
            files.push((path.display().to_string(), text));
        }
    }
    if files.is_empty() {
        eprintln!("error: no `*.tsv` data file in {}", join_paths(dirs));
        return Err(code(TROUBLE));
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(name, text)| (name.as_str(), text.as_str()))
        .collect();
    Dataset::parse(&refs, classes).map_err(|errors| {
        for error in errors.errors() {
            report_diagnostic(error, color);
        }
        eprintln!(
            "error: {} problem(s) in the intent data; nothing was trained or measured",
            errors.errors().len()
        );
        code(TROUBLE)
    })
}

fn join_paths(paths: &[PathBuf]) -> String {
    let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    shown.join(", ")
}

/// The model: `--model FILE`, else the configuration's `[intents] model`, else the built-in
/// one. A file that cannot be read or decoded is reported with its name and the cause.
fn load_model(cli: &Cli, path: Option<&Path>, color: bool) -> Result<Model, ExitCode> {
    if let Some(path) = path {
        let bytes = std::fs::read(path).map_err(|err| {
            eprintln!(
                "error: cannot read the intent model {}: {err}",
                path.display()
            );
            code(TROUBLE)
        })?;
        return Model::from_bytes(&bytes).map_err(|err| {
            eprintln!("error: {}: {err}", path.display());
            code(TROUBLE)
        });
    }
    let settings = Settings::new(load_config(cli, color)?, &Flags::default());
    match settings.load_intent_model() {
        Ok(Some(model)) => Ok(model),
        Ok(None) => Ok(Model::builtin().clone()),
        Err(err) => {
            report_diagnostic(&err, color);
            Err(code(TROUBLE))
        }
    }
}

fn print_stats(data: &Dataset) {
    let s = data.stats();
    outln!(
        "{} files, {} lines, {} sentences ({} duplicates merged) in {} groups; train/dev/test {}/{}/{}",
        s.files,
        s.lines,
        data.examples().len(),
        s.duplicates,
        s.groups,
        s.sentences_per_split[0],
        s.sentences_per_split[1],
        s.sentences_per_split[2]
    );
}

fn print_eval(eval: &Evaluation, model: &Model) {
    outln!(
        "\n{} split, {} sentences",
        eval.split.as_str(),
        eval.sentences
    );
    outln!(
        "{:<28} {:>9} {:>9} {:>6} {:>6} {:>6} {:>7}  name",
        "class",
        "threshold",
        "precision",
        "recall",
        "F1",
        "AP",
        "support"
    );
    for m in &eval.classes {
        outln!(
            "{:<28} {:>9.2} {:>9.3} {:>6.3} {:>6.3} {:>6.3} {:>7}  {}",
            m.id,
            m.threshold,
            m.precision,
            m.recall,
            m.f1,
            m.average_precision,
            m.support,
            model.classes().get(m.class).name
        );
    }
    outln!(
        "macro F1 {:.3}, macro AP {:.3}",
        eval.macro_f1(),
        eval.macro_average_precision()
    );
}

fn print_confusion(eval: &Evaluation) {
    let c = &eval.confusion;
    outln!("\nconfusion (rows: true class, `=` correct, then what else was predicted)");
    for (r, row) in c.counts.iter().enumerate() {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .filter(|&(p, &n)| n > 0 && p != r)
            .map(|(p, n)| format!("{}:{n}", c.labels[p]))
            .collect();
        let hit = row[r];
        if hit > 0 || !cells.is_empty() {
            outln!("  {:<28} ={hit:<5} {}", c.labels[r], cells.join(" "));
        }
    }
}
