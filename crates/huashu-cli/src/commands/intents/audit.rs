//! `huashu intents audit`: the labels an out-of-fold model disagrees with, strongest first.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use huashu::intent::{audit, AuditOptions, Dataset, Disagreement, Split};
use huashu::RuleSelector;

use super::{load_classes, load_data};
use crate::args::AuditFormat;
use crate::exit::{code, outln, TROUBLE};

/// `huashu intents audit`'s settings besides the data.
pub(super) struct AuditRequest<'a> {
    pub(super) folds: u8,
    pub(super) min_gap: f64,
    pub(super) split: &'a str,
    pub(super) class: Option<&'a str>,
    pub(super) format: AuditFormat,
}

pub(super) fn run_audit(
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

pub(super) fn print_audit_tsv(data: &Dataset, listed: &[Disagreement]) {
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

pub(super) fn print_audit_table(data: &Dataset, listed: &[Disagreement], options: &AuditOptions) {
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
