//! `huashu intents train`: fit a model on the data's train and dev splits and write it atomically.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use huashu::intent::{train, Shrink, TrainOptions};

use super::{load_classes, load_data, print_stats};
use crate::exit::{code, outln, TROUBLE};

pub(super) fn run_train(
    dirs: &[PathBuf],
    classes: Option<&Path>,
    output: &Path,
    no_discount: bool,
    color: bool,
) -> Result<(), ExitCode> {
    let classes = load_classes(classes, color)?;
    let data = load_data(dirs, &classes, color)?;
    print_stats(&data);
    let mut options = TrainOptions::default();
    if no_discount {
        options.shrink = Shrink::None;
    }
    let model = train(&data, &options);
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
