//! `huashu intents eval`: precision, recall, F1 and AP per class on a split, and the confusion.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use huashu::intent::{evaluate, Evaluation, Model};

use super::{load_classes, load_data, load_model, print_stats};
use crate::args::Cli;
use crate::exit::{code, outln, TROUBLE};

pub(super) fn run_eval(
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

pub(super) fn print_eval(eval: &Evaluation, model: &Model) {
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

pub(super) fn print_confusion(eval: &Evaluation) {
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
