//! Replays the fuzz targets' inputs without libFuzzer: every file under `fuzz/regressions/`
//! (crashes once found, kept as regression tests, and seeds), plus the project's own fixtures
//! and packs, through the same bodies `cargo fuzz` runs (`fuzz/src/lib.rs`).

#[path = "../../../fuzz/src/lib.rs"]
mod bodies;

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every file under `dir`, recursively, sorted.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

fn replay(target: &str, body: fn(&[u8]), extra: &[&str]) {
    let mut inputs = files(&root().join("fuzz/regressions").join(target));
    for dir in extra {
        inputs.extend(files(&root().join(dir)));
    }
    assert!(inputs.len() > 3, "{target}: inputs to replay");
    for path in inputs {
        let data = std::fs::read(&path).unwrap();
        // Each input under every format prefix, so that a text fixture is also tried as JSON,
        // as every platform's export and as subtitles.
        for prefix in 0..huashu::transcript::SourceFormat::ALL.len() as u8 {
            let mut input = vec![prefix];
            input.extend_from_slice(&data);
            let result = std::panic::catch_unwind(|| body(&input));
            assert!(result.is_ok(), "{target} panics on {}", path.display());
        }
        let result = std::panic::catch_unwind(|| body(&data));
        assert!(
            result.is_ok(),
            "{target} panics on {} as is",
            path.display()
        );
    }
}

#[test]
fn transcript_inputs() {
    replay(
        "transcript",
        bodies::transcript,
        &["tests/fixtures", "examples/calls"],
    );
}

#[test]
fn pack_inputs() {
    replay(
        "pack",
        bodies::pack,
        &["crates/huashu/rules", "tests/fixtures/packs"],
    );
}

#[test]
fn check_inputs() {
    replay(
        "check",
        bodies::check,
        &["tests/fixtures", "examples/calls"],
    );
}
