//! End-to-end tests of the `huashu` binary on the fixture calls in `tests/fixtures/`.

use std::path::PathBuf;

use assert_cmd::Command;
use serde_json::Value;

/// The repository root (the root package is the CLI), so that paths in the output read `tests/fixtures/…`.
fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The binary, run from the repository root. `--isolated`: a `huashu.toml` in a directory above
/// the checkout must not change what these tests see (the configuration tests run without it).
fn huashu() -> Command {
    let mut cmd = Command::cargo_bin("huashu").expect("the huashu binary is built");
    cmd.current_dir(root())
        .env_remove("NO_COLOR")
        .arg("--isolated");
    cmd
}

/// The phrase-rule packs that the format and input tests pin, so that changes to the call-level
/// packs (greeting, closing, responses…) do not move what those tests expect.
const PHRASE_PACKS: [&str; 5] = [
    "--no-default-packs",
    "--pack",
    "crates/huashu/rules/banned-words.toml",
    "--pack",
    "crates/huashu/rules/tone.toml",
];

/// `huashu check` with only the phrase-rule packs.
fn lint() -> Command {
    let mut cmd = huashu();
    cmd.arg("check").args(PHRASE_PACKS);
    cmd
}

/// Runs `huashu check --format json ARGS` with the phrase-rule packs: (exit code, JSON).
fn check_json(args: &[&str]) -> (i32, Value) {
    run_json(lint().args(["--format", "json"]).args(args))
}

/// Runs `huashu check --format json ARGS` with the built-in packs: (exit code, JSON).
fn check_json_builtin(args: &[&str]) -> (i32, Value) {
    run_json(huashu().args(["check", "--format", "json"]).args(args))
}

fn run_json(cmd: &mut Command) -> (i32, Value) {
    let output = cmd.output().unwrap();
    let json: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (output.status.code().unwrap(), json)
}

/// A temporary directory holding `files` (path below it, text), directories made as needed.
fn files_in(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

fn violations(json: &Value) -> Vec<&Value> {
    json["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["calls"].as_array().unwrap())
        .flat_map(|c| c["violations"].as_array().unwrap())
        .collect()
}

fn rule_and_matched(json: &Value) -> Vec<(String, String)> {
    violations(json)
        .into_iter()
        .map(|v| {
            (
                v["rule"].as_str().unwrap().to_owned(),
                v["matched"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

mod browser;
mod bulk;
mod calibration;
mod call_level;
mod ci_formats;
mod config;
mod dialogue;
mod fix;
mod formats;
mod hostile;
mod inputs;
mod intents;
mod packs;
mod per_path;
mod platforms;
mod profiles;
mod report;
mod report_json;
mod rules;
mod selectors;
mod stream;
mod suppressions;
