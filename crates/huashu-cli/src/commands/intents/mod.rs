//! `huashu intents train | eval | audit | stats | explain`: train an intent model from labelled
//! data, measure it on the test split, list the labels an out-of-fold model disagrees with,
//! describe or list the data, explain what the model sees in a sentence. The logic is in
//! `huashu::intent`; this module reads the files, writes the model (atomically) and prints, one
//! file per subcommand.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use huashu::intent::{ClassList, Dataset, Model};
use huashu_workspace::config::{Flags, Settings};

use super::{load_config, report_diagnostic, use_color};
use crate::args::{Cli, ColorChoice, IntentsCommand};
use crate::exit::{code, outln, CLEAN, TROUBLE};

mod audit;
mod eval;
mod explain;
mod stats;
mod train;

/// Runs `huashu intents …`.
pub fn run(cli: &Cli, command: &IntentsCommand) -> ExitCode {
    let color = use_color(ColorChoice::Auto);
    let result = match command {
        IntentsCommand::Train {
            data,
            classes,
            output,
            no_discount,
        } => train::run_train(data, classes.as_deref(), output, *no_discount, color),
        IntentsCommand::Eval {
            data,
            classes,
            model,
            min,
            split,
        } => eval::run_eval(
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
        } => audit::run_audit(
            data,
            classes.as_deref(),
            &audit::AuditRequest {
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
        } => stats::run_stats(data, classes.as_deref(), list.as_deref(), *speaker, color),
        IntentsCommand::Explain {
            sentences,
            speaker,
            model,
            top,
        } => explain::run_explain(cli, sentences, *speaker, model.as_deref(), *top, color),
    };
    match result {
        Ok(()) => code(CLEAN),
        Err(exit) => exit,
    }
}

/// The class list: `--classes FILE`, else the built-in one.
pub(super) fn load_classes(path: Option<&Path>, color: bool) -> Result<ClassList, ExitCode> {
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
pub(super) fn load_data(
    dirs: &[PathBuf],
    classes: &ClassList,
    color: bool,
) -> Result<Dataset, ExitCode> {
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

pub(super) fn join_paths(paths: &[PathBuf]) -> String {
    let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    shown.join(", ")
}

/// The model: `--model FILE`, else the configuration's `[intents] model`, else the built-in
/// one. A file that cannot be read or decoded is reported with its name and the cause.
pub(super) fn load_model(cli: &Cli, path: Option<&Path>, color: bool) -> Result<Model, ExitCode> {
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

pub(super) fn print_stats(data: &Dataset) {
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
