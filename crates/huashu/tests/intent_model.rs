//! The built-in intent model (`intents/model.bin`) is what training on the repository's data
//! (`intents/data/*.tsv`) with the default options gives, byte for byte.
//!
//! It trains for about a minute in a debug build, so it runs in release builds only:
//! `cargo test --release -p huashu --test intent_model`. When it fails, retrain and commit the
//! model:
//! `cargo run --release -- intents train --data crates/huashu/intents/data -o crates/huashu/intents/model.bin`

use std::path::Path;

use huashu::intent::{train, ClassList, Dataset, TrainOptions, BUILTIN_MODEL};

#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "trains for about a minute in a debug build: run with `cargo test --release -p huashu --test intent_model`"
)]
fn retraining_on_the_repository_data_reproduces_the_builtin_model() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("intents/data");
    let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("intents/data exists")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|x| x == "tsv"))
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("UTF-8 data");
            (path.display().to_string(), text)
        })
        .collect();
    files.sort();
    if files.is_empty() {
        // The data lands on its own branches; until then model.bin is trained from their
        // worktrees (see intents/MODEL.md) and there is nothing here to compare with.
        eprintln!("no data in {}: skipped", dir.display());
        return;
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let data = Dataset::parse(&refs, ClassList::builtin()).unwrap_or_else(|e| panic!("{e}"));
    let model = train(&data, &TrainOptions::default());
    assert!(
        model.to_bytes() == BUILTIN_MODEL,
        "intents/model.bin is not what intents/data trains; retrain it with \
         `cargo run --release -- intents train --data crates/huashu/intents/data -o crates/huashu/intents/model.bin`"
    );
}
