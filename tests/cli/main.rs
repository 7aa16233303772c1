//! End-to-end tests of the `huashu` binary on the fixture calls in `tests/fixtures/`.

use std::path::PathBuf;

use assert_cmd::Command;
use serde_json::Value;

/// The workspace root, so that paths in the output read `tests/fixtures/…`.
fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn huashu() -> Command {
    let mut cmd = Command::cargo_bin("huashu").expect("the huashu binary is built");
    cmd.current_dir(root()).env_remove("NO_COLOR");
    cmd
}

/// Runs `huashu check --format json ARGS` and returns (exit code, parsed JSON).
fn check_json(args: &[&str]) -> (i32, Value) {
    let output = huashu()
        .args(["check", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (output.status.code().unwrap(), json)
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

mod call_level;
mod formats;
mod inputs;
mod packs;
