//! `huashu.toml`: discovery, layering, selection, overrides, errors, and `huashu init`.

use std::path::Path;

use super::*;

/// A call with a banned word (喂, 不知道), a command (必须), 你 for 您, no proper closing, and
/// a 4-second silence before the agent's last turn that the default threshold (5 s) allows.
const CALL: &str = "\
[00:00:00-00:00:03] 客服:喂,您好,请问有什么可以帮您?
[00:00:04-00:00:08] 客户:你好,我这个月流量怎么用得这么快?
[00:00:09-00:00:13] 客服:这个我不知道,你必须先把手机号报给我。
[00:00:14-00:00:17] 客户:一三八零零一三八零零零。
[00:00:21-00:00:23] 客服:好的,再见。
";

/// A project directory with `call.txt` and the given files.
fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = files_in(files);
    std::fs::write(dir.path().join("call.txt"), CALL).unwrap();
    dir
}

/// `huashu ARGS` in `dir`, without `--isolated`, so that configuration files are found.
fn huashu_in(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("huashu").unwrap();
    cmd.current_dir(dir).env_remove("NO_COLOR");
    cmd
}

/// `huashu check --format json call.txt` in `dir`, plus `args`: (exit code, JSON).
fn check_in(dir: &Path, args: &[&str]) -> (i32, Value) {
    run_json(
        huashu_in(dir)
            .args(["check", "--format", "json"])
            .args(args)
            .arg("call.txt"),
    )
}

fn rules_of(json: &Value) -> Vec<String> {
    let mut rules: Vec<String> = violations(json)
        .iter()
        .map(|v| v["rule"].as_str().unwrap().to_owned())
        .collect();
    rules.sort();
    rules.dedup();
    rules
}

/// Runs a command that must fail with status 2 and returns its standard error.
fn fails(cmd: &mut Command) -> String {
    let output = cmd.output().unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(output.stdout.is_empty(), "nothing is checked: {stderr}");
    stderr
}

#[test]
fn the_configuration_is_found_from_the_working_directory_upwards() {
    let dir = project(&[
        ("huashu.toml", "[rules]\nselect = [\"banned.*\"]\n"),
        ("scripts/call.txt", CALL),
    ]);
    let (code, json) = check_in(&dir.path().join("scripts"), &[]);
    assert_eq!(code, 1);
    assert_eq!(rules_of(&json), ["banned.dont-know", "banned.wei"]);

    // --isolated ignores it; --config names another.
    let (_, all) = run_json(
        huashu_in(dir.path())
            .args(["--isolated", "check", "--format", "json"])
            .arg("call.txt"),
    );
    assert!(rules_of(&all).len() > 2, "{:?}", rules_of(&all));
    std::fs::write(
        dir.path().join("tone-only.toml"),
        "[rules]\nselect = [\"tone.*\"]\n",
    )
    .unwrap();
    let (_, json) = check_in(dir.path(), &["--config", "tone-only.toml"]);
    assert_eq!(rules_of(&json), ["tone.command"]);
}

#[test]
fn layers_apply_base_first_and_extend_lists_add() {
    let dir = project(&[
        (
            "company/base.toml",
            "[rules]\nignore = [\"filler.*\"]\n\n[overrides.\"banned.wei\"]\nseverity = \"error\"\npoints = 3\n\n[check]\npass-mark = 75\n",
        ),
        (
            "huashu.toml",
            "extends = \"company/base.toml\"\n\n[rules]\nextend-ignore = [\"honorific.ni\", \"greeting.*\", \"closing.*\"]\n",
        ),
    ]);
    let (_, json) = check_in(dir.path(), &[]);
    let rules = rules_of(&json);
    assert!(!rules.iter().any(|r| r.starts_with("filler.")), "{rules:?}");
    assert!(!rules.contains(&"honorific.ni".to_owned()), "{rules:?}");
    let wei = violations(&json)
        .into_iter()
        .find(|v| v["rule"] == "banned.wei")
        .unwrap();
    assert_eq!(wei["severity"], "error");
    assert_eq!(wei["points"], 3);
    // 100 - 3 (喂) - 5 (不知道) - 10 (必须) = 82, over the base's pass mark of 75.
    assert_eq!(json["files"][0]["calls"][0]["score"], 82);
    assert_eq!(json["files"][0]["calls"][0]["passed"], true);
    assert_eq!(json["summary"]["pass_mark"], 75);

    // The command line wins over both files.
    let (_, json) = check_in(dir.path(), &["--pass-mark", "95", "--select", "banned.*"]);
    assert_eq!(json["summary"]["pass_mark"], 95);
    assert_eq!(json["files"][0]["calls"][0]["passed"], false);
    assert_eq!(rules_of(&json), ["banned.dont-know", "banned.wei"]);
}

#[test]
fn labels_and_fail_on_come_from_the_configuration() {
    let dir = project(&[(
        "huashu.toml",
        "[labels]\nA = \"customer\"\nB = \"agent\"\n\n[check]\nfail-on = \"error\"\n",
    )]);
    std::fs::write(
        dir.path().join("call.txt"),
        "A:你好,我想查一下话费\nB:这个我不知道。\n",
    )
    .unwrap();
    let (code, json) = check_in(dir.path(), &["--select", "banned.*"]);
    assert_eq!(rules_of(&json), ["banned.dont-know"]);
    assert_eq!(code, 0, "a warning does not fail with fail-on = error");
    let (code, _) = check_in(
        dir.path(),
        &["--select", "banned.*", "--fail-on", "warning"],
    );
    assert_eq!(code, 1);
}

#[test]
fn a_timing_threshold_can_be_tuned() {
    let (_, json) = check_in(project(&[]).path(), &["--select", "timing.*"]);
    assert!(
        rules_of(&json).is_empty(),
        "4 s of silence is under the default"
    );
    let dir = project(&[(
        "huashu.toml",
        "[overrides.\"timing.silence\"]\nthreshold = 3\n",
    )]);
    let (_, json) = check_in(dir.path(), &["--select", "timing.*"]);
    assert_eq!(rules_of(&json), ["timing.silence"]);
}

#[test]
fn a_pattern_that_matches_no_rule_is_an_error_pointing_into_the_file() {
    let dir = project(&[(
        "huashu.toml",
        "[rules]\nselect = [\"banned.*\", \"greting.*\"]\n",
    )]);
    let stderr = fails(huashu_in(dir.path()).args(["check", "call.txt"]));
    assert!(stderr.contains("`greting.*` matches no rule"), "{stderr}");
    assert!(stderr.contains("huashu.toml:2:23"), "{stderr}");
    assert!(stderr.contains("did you mean `greeting.*`?"), "{stderr}");

    // The same on the command line, and for overrides.
    let stderr = fails(huashu_in(dir.path()).args([
        "--isolated",
        "check",
        "--ignore",
        "banned.wie",
        "call.txt",
    ]));
    assert!(
        stderr.contains("--ignore: `banned.wie` matches no rule"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `banned.wei`?"), "{stderr}");
    std::fs::write(
        dir.path().join("huashu.toml"),
        "[overrides.\"tone.fanwen\"]\nseverity = \"error\"\n",
    )
    .unwrap();
    let stderr = fails(huashu_in(dir.path()).args(["check", "call.txt"]));
    assert!(stderr.contains("`tone.fanwen` matches no rule"), "{stderr}");
}

/// A team caps a rule per call and makes another 一票否决 in its own configuration.
#[test]
fn overrides_set_max_points_and_fatal() {
    let dir = project(&[
        (
            "huashu.toml",
            "[overrides.\"banned.wei\"]\npoints = 3\nmax_points = 4\n",
        ),
        (
            "hello.txt",
            "[00:00:00-00:00:03] 客服:喂?喂?喂,听得到吗?\n[00:00:04-00:00:06] 客户:听得到。\n",
        ),
    ]);
    let (_, json) = run_json(huashu_in(dir.path()).args([
        "check",
        "--format",
        "json",
        "--select",
        "banned.wei",
        "hello.txt",
    ]));
    // 喂 three times at 3 points is 9, capped at 4.
    let call = &json["files"][0]["calls"][0];
    assert_eq!(violations(&json).len(), 3, "{json}");
    assert_eq!(call["score"], 96, "{call}");
    assert_eq!(call["passed"], true);

    let dir = project(&[(
        "huashu.toml",
        "[overrides.\"banned.dont-know\"]\nfatal = true\n",
    )]);
    let (code, json) = check_in(dir.path(), &["--fail-on", "never"]);
    assert_eq!(code, 0);
    let call = &json["files"][0]["calls"][0];
    assert_eq!(call["score"], 0, "{call}");
    assert_eq!(call["passed"], false);
    // Spelt as in a pack or kebab-case, both work.
    let dir = project(&[(
        "huashu.toml",
        "[overrides.\"banned.dont-know\"]\nmax-points = 0\n",
    )]);
    let (_, json) = check_in(dir.path(), &["--select", "banned.dont-know"]);
    assert_eq!(json["files"][0]["calls"][0]["score"], 100);
}

#[test]
fn configuration_errors_name_the_file_line_and_cause() {
    let cases = [
        (
            "[rules]\nselekt = [\"banned.*\"]\n",
            "unknown field `selekt`",
            "huashu.toml:2:1",
        ),
        (
            "[check]\npass-mark = 120\n",
            "the pass mark is a score from 0 to 100, got 120",
            "huashu.toml:2:13",
        ),
        (
            "[check]\nfail-on = \"sometimes\"\n",
            "unknown variant `sometimes`",
            "huashu.toml:2:11",
        ),
        (
            "[overrides.\"banned.wei\"]\npoints = -1\n",
            "points must be 0 or more",
            "huashu.toml:2:10",
        ),
        (
            "[overrides.\"banned.wei\"]\nmax_points = 101\n",
            "max_points must be between 0 and 100, got 101",
            "huashu.toml:2:14",
        ),
        (
            "[overrides.\"banned.wei\"]\nfatal = \"yes\"\n",
            "invalid type",
            "huashu.toml:2:9",
        ),
        (
            "[overrides.\"banned.wei\"]\nmax-pointz = 3\n",
            "unknown field `max-pointz`",
            "huashu.toml:2:1",
        ),
        (
            "[overrides.\"banned.wei\"]\nthreshold = 3\n",
            "has no threshold",
            "huashu.toml:1:12",
        ),
        ("[labels]\nA = \"boss\"\n", "boss", "huashu.toml:2:5"),
        (
            "[packs]\nbuiltin = [\"banned\"]\n",
            "there is no built-in pack `banned`",
            "huashu.toml:2:11",
        ),
        (
            "[packs]\nfiles = [\"rules/*.toml\"]\n",
            "`rules/*.toml` matches no file",
            "huashu.toml:2:10",
        ),
        (
            "extends = \"missing.toml\"\n",
            "cannot read missing.toml",
            "huashu.toml:1:11",
        ),
    ];
    for (config, message, location) in cases {
        let dir = project(&[("huashu.toml", config)]);
        let stderr = fails(huashu_in(dir.path()).args(["check", "call.txt"]));
        assert!(stderr.contains(message), "{config}: {stderr}");
        assert!(stderr.contains(location), "{config}: {stderr}");
    }
}

#[test]
fn circular_extends_is_an_error() {
    let dir = project(&[
        ("huashu.toml", "extends = \"team.toml\"\n"),
        ("team.toml", "extends = \"huashu.toml\"\n"),
    ]);
    let stderr = fails(huashu_in(dir.path()).args(["check", "call.txt"]));
    assert!(stderr.contains("circular `extends`"), "{stderr}");
    assert!(stderr.contains("team.toml:1:11"), "{stderr}");
}

#[test]
fn packs_come_from_builtin_ids_and_globs_relative_to_the_file() {
    let custom = std::fs::read_to_string(root().join("tests/fixtures/packs/custom.toml")).unwrap();
    let dir = project(&[
        ("config/rules/company.toml", custom.as_str()),
        (
            "config/huashu.toml",
            "[packs]\nbuiltin = [\"banned-words\"]\nfiles = [\"rules/*.toml\"]\n",
        ),
    ]);
    std::fs::write(
        dir.path().join("call.txt"),
        "客服:喂,这个套餐您可以去别家看看\n",
    )
    .unwrap();
    let (_, json) = check_in(dir.path(), &["--config", "config/huashu.toml"]);
    assert_eq!(rules_of(&json), ["banned.competitor", "banned.wei"]);
    let output = huashu_in(dir.path())
        .args([
            "--config",
            "config/huashu.toml",
            "rules",
            "list",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let listed: Value = serde_json::from_slice(&output.stdout).unwrap();
    let packs: std::collections::BTreeSet<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["pack"].as_str().unwrap())
        .collect();
    assert_eq!(
        packs.len(),
        3,
        "banned-words, the company pack and huashu's meta rules: {packs:?}"
    );
}

#[test]
fn rules_list_shows_the_configured_rules() {
    let dir = project(&[(
        "huashu.toml",
        "[rules]\nselect = [\"tone.*\"]\nignore = [\"tone.sarcasm\"]\n\n[overrides.\"tone.*\"]\nseverity = \"error\"\n",
    )]);
    let output = huashu_in(dir.path())
        .args(["rules", "list", "--format", "json"])
        .output()
        .unwrap();
    let listed: Value = serde_json::from_slice(&output.stdout).unwrap();
    // huashu's own meta rules about suppression comments are always there.
    let rules: Vec<&Value> = listed
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["pack"] != "huashu")
        .collect();
    assert!(rules
        .iter()
        .all(|r| r["id"].as_str().unwrap().starts_with("tone.")));
    assert!(!rules.iter().any(|r| r["id"] == "tone.sarcasm"));
    assert!(rules.iter().all(|r| r["severity"] == "error"), "{listed}");
}

#[test]
fn init_writes_a_starter_that_changes_nothing_and_does_not_overwrite() {
    let dir = project(&[]);
    let output = huashu_in(dir.path()).arg("init").output().unwrap();
    assert!(output.status.success());
    let written = std::fs::read_to_string(dir.path().join("huashu.toml")).unwrap();
    assert!(written.contains("[overrides.\"tone.*\"]"), "{written}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join("huashu.toml"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o644);
    }

    // The starter's active settings are the defaults.
    let (code, with_starter) = check_in(dir.path(), &[]);
    let (isolated_code, isolated) = run_json(
        huashu_in(dir.path())
            .args(["--isolated", "check", "--format", "json"])
            .arg("call.txt"),
    );
    assert_eq!(code, isolated_code);
    assert_eq!(with_starter, isolated);

    // A second init refuses to replace the file; --force replaces it.
    std::fs::write(dir.path().join("huashu.toml"), "# ours\n").unwrap();
    let output = huashu_in(dir.path()).arg("init").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("already exists"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("huashu.toml")).unwrap(),
        "# ours\n"
    );
    let output = huashu_in(dir.path())
        .args(["init", "--force"])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("huashu.toml")).unwrap(),
        written
    );
}

#[test]
fn huashus_meta_rules_can_be_ignored_or_overridden() {
    let script = "# huashu: ignore[banned.wei]\n客服:您好,请问有什么可以帮您?\n";
    let dir = project(&[]);
    std::fs::write(dir.path().join("call.txt"), script).unwrap();
    let (_, json) = check_in(dir.path(), &["--select", "banned.*"]);
    assert_eq!(
        rules_of(&json),
        ["huashu.unused-suppression"],
        "select leaves them on"
    );

    std::fs::write(
        dir.path().join("huashu.toml"),
        "[rules]\nselect = [\"banned.*\"]\nignore = [\"huashu.unused-*\"]\n",
    )
    .unwrap();
    let (code, json) = check_in(dir.path(), &[]);
    assert!(rules_of(&json).is_empty(), "{json}");
    assert_eq!(code, 0);

    std::fs::write(
        dir.path().join("huashu.toml"),
        "[rules]\nselect = [\"banned.*\"]\n\n[overrides.\"huashu.*\"]\nseverity = \"info\"\n",
    )
    .unwrap();
    let (code, json) = check_in(dir.path(), &[]);
    assert_eq!(violations(&json)[0]["severity"], "info");
    assert_eq!(code, 0, "an info does not fail the default fail-on");
}
