//! Rule packs given on the command line.

use super::*;

#[test]
fn a_custom_pack_adds_rules() {
    let output = huashu()
        .args(["check", "--format", "json", "--no-default-packs", "--pack"])
        .arg("tests/fixtures/packs/custom.toml")
        .arg("-")
        .write_stdin("客服:喂,这个套餐您可以去别家看看\n")
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let found = violations(&json);
    assert_eq!(found.len(), 1, "only the custom pack is loaded: {found:?}");
    assert_eq!(found[0]["rule"], "banned.competitor");
    assert_eq!(found[0]["suggestion"], "其他运营商");
    assert_eq!(found[0]["points"], 5);
    assert_eq!(json["files"][0]["calls"][0]["score"], 95);
}

#[test]
fn an_unknown_field_is_an_error_at_its_line() {
    let output = huashu()
        .args([
            "check",
            "--pack",
            "tests/fixtures/packs/bad_unknown_field.toml",
        ])
        .arg("tests/fixtures/traps.txt")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        output.stdout.is_empty(),
        "nothing is checked with a bad pack"
    );
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("unknown field `phrase`"), "{stderr}");
    assert!(
        stderr.contains("tests/fixtures/packs/bad_unknown_field.toml:8:1"),
        "{stderr}"
    );
}

#[test]
fn every_problem_of_a_pack_is_reported() {
    let output = huashu()
        .args([
            "check",
            "--color",
            "never",
            "--pack",
            "tests/fixtures/packs/bad_many.toml",
        ])
        .arg("tests/fixtures/traps.txt")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    for expected in [
        "duplicate rule id `banned.a`",
        "bad_many.toml:11:6",
        "empty phrase",
        "invalid regex `你(去|打`",
    ] {
        assert!(stderr.contains(expected), "missing {expected}: {stderr}");
    }
}

#[test]
fn a_missing_pack_file_is_named() {
    let output = huashu()
        .args([
            "check",
            "--pack",
            "tests/fixtures/packs/nope.toml",
            "tests/fixtures/traps.txt",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("cannot read rule pack tests/fixtures/packs/nope.toml"),
        "{stderr}"
    );
}

#[test]
fn no_packs_at_all_is_an_error() {
    let output = huashu()
        .args(["check", "--no-default-packs", "tests/fixtures/traps.txt"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8(output.stderr)
        .unwrap()
        .contains("no rule packs"));
}

#[test]
fn a_pack_clashing_with_a_builtin_rule_id_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("clash.toml");
    std::fs::write(
        &pack,
        "[pack]\nid = \"clash\"\n[[rules]]\nid = \"banned.wei\"\ncategory = \"banned\"\nmessage = \"重复\"\nphrases = [\"喂喂\"]\n",
    )
    .unwrap();
    let output = huashu()
        .args(["check", "--pack"])
        .arg(&pack)
        .arg("tests/fixtures/traps.txt")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("rule `banned.wei` is defined by both `builtin:banned-words`"),
        "{stderr}"
    );
}
