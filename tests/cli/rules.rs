//! `huashu rules list | explain | test`.

use super::*;

fn run(args: &[&str]) -> (i32, String, String) {
    let output = huashu().arg("rules").args(args).output().unwrap();
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn list_shows_every_builtin_rule() {
    let (code, stdout, _) = run(&["list"]);
    assert_eq!(code, 0);
    let header = stdout.lines().next().unwrap();
    for column in [
        "id", "category", "kind", "severity", "points", "fix", "patterns",
    ] {
        assert!(header.contains(column), "{header}");
    }
    for id in [
        "banned.wei",
        "tone.command",
        "greeting.three-part",
        "response.surname",
        "timing.silence",
    ] {
        assert!(
            stdout.lines().any(|l| l.starts_with(id)),
            "{id} missing:\n{stdout}"
        );
    }
    let wei = stdout
        .lines()
        .find(|l| l.starts_with("banned.wei "))
        .unwrap();
    let cells: Vec<&str> = wei.split_whitespace().collect();
    assert_eq!(
        cells,
        [
            "banned.wei",
            "banned",
            "phrase",
            "warning",
            "5",
            "suggest",
            "1"
        ]
    );
    assert!(stdout.trim_end().ends_with(" rules."));
}

#[test]
fn list_as_json() {
    let (code, stdout, _) = run(&[
        "list",
        "--format",
        "json",
        "--no-default-packs",
        "--pack",
        "tests/fixtures/packs/custom.toml",
    ]);
    assert_eq!(code, 0);
    let json: Value = serde_json::from_str(&stdout).unwrap();
    let rules = json.as_array().unwrap();
    assert_eq!(
        rules[0],
        serde_json::json!({
            "id": "banned.competitor", "pack": "acme", "kind": "phrase", "category": "banned",
            "severity": "error", "points": 5, "max_points": null, "fatal": false, "fix": "suggest",
            "patterns": 2, "message": "不得提及竞品名称", "profile": "inbound", "profiles": {}
        })
    );
    // huashu's own rules about suppression comments are always loaded, after the packs'.
    assert_eq!(
        rules[1],
        serde_json::json!({
            "id": "huashu.unused-suppression", "pack": "huashu", "kind": "meta", "category": "meta",
            "severity": "warning", "points": 0, "max_points": null, "fatal": false, "fix": null,
            "patterns": 0, "message": "无效的豁免注释", "profile": "inbound", "profiles": {}
        })
    );
    let ids: Vec<&str> = rules[1..]
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, huashu::suppress::META_RULE_IDS);
}

#[test]
fn explain_tells_what_why_examples_and_rewrite() {
    let (code, stdout, _) = run(&["explain", "banned.wei"]);
    assert_eq!(code, 0);
    for expected in [
        "banned.wei (phrase rule, pack `banned-words`)",
        "category: banned · severity: warning · points: 5",
        "Message\n  禁用语「喂」",
        "Why\n  《客服中心服务规范用语》",
        "phrases: 喂",
        "Rewrite\n  every hit → 您好",
        "  ✗ 喂,说话呀!",
        "  ✓ 您好,请问有什么可以帮您?",
    ] {
        assert!(stdout.contains(expected), "missing {expected:?}:\n{stdout}");
    }
    let (_, stdout, _) = run(&["explain", "greeting.three-part"]);
    assert!(
        stdout.contains("in the first 2 turns of the speaker, in order:"),
        "{stdout}"
    );
    assert!(stdout.contains("Compliant wording"), "{stdout}");
}

#[test]
fn explain_an_unknown_id_suggests_close_ones() {
    let (code, _, stderr) = run(&["explain", "banned.wie"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no loaded rule has the id `banned.wie`"));
    assert!(stderr.contains("similar: banned.wei"), "{stderr}");
}

#[test]
fn test_runs_every_builtin_example() {
    let (code, stdout, _) = run(&["test"]);
    assert_eq!(code, 0, "{stdout}");
    let last = stdout.lines().last().unwrap();
    assert!(last.contains(" passed, 0 failed ("), "{last}");
}

#[test]
fn test_reports_failing_examples_with_what_fired() {
    let (code, stdout, _) = run(&[
        "test",
        "--no-default-packs",
        "tests/fixtures/packs/failing_examples.toml",
    ]);
    assert_eq!(code, 1);
    assert_eq!(
        stdout.lines().collect::<Vec<_>>(),
        [
            "FAIL banned.competitor: bad example does not raise the rule: 「您可以去其他营业厅看看」 (nothing fired)",
            "FAIL banned.competitor: good example raises the rule: 「别家的套餐更便宜」 (fired: banned.competitor on 「别家」)",
            // The meta rules' examples run too, and pass whatever the packs.
            "13 passed, 2 failed (15 examples of 4 rules)",
        ]
    );
}

#[test]
fn test_with_a_broken_pack_is_trouble() {
    let (code, _, stderr) = run(&["test", "tests/fixtures/packs/bad_unknown_field.toml"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("unknown field `phrase`"));
}

/// `crates/huashu/rules/README.md` holds the output of `rules list --format markdown` between its markers.
#[test]
fn the_rules_readme_is_current() {
    let (code, generated, _) = run(&["list", "--format", "markdown"]);
    assert_eq!(code, 0);
    let readme = std::fs::read_to_string(root().join("crates/huashu/rules/README.md")).unwrap();
    let begin = "<!-- BEGIN GENERATED: huashu rules list --format markdown -->\n";
    let start = readme.find(begin).expect("begin marker") + begin.len();
    let end = readme.find("<!-- END GENERATED -->").expect("end marker");
    assert!(
        readme[start..end] == generated,
        "crates/huashu/rules/README.md is out of date: regenerate it with `cargo run -q -- rules list --format markdown`"
    );
}

#[test]
fn list_per_profile_shows_its_variants_and_leaves_out_what_is_off() {
    let (code, stdout, stderr) = run(&[
        "list",
        "--profile",
        "written",
        "--select",
        "greeting.*,closing.*,timing.*,filler.particle",
    ]);
    assert_eq!(code, 0, "{stderr}");
    insta::assert_snapshot!("rules_list_written", stdout);
    // The default profile lists the timing rules, and says nothing about profiles.
    let (_, stdout, _) = run(&["list", "--select", "timing.*"]);
    assert!(stdout.lines().any(|l| l.starts_with("timing.silence ")));
    assert!(!stdout.contains("profile `"), "{stdout}");
}

#[test]
fn list_as_json_says_the_profile_and_what_each_profile_changes() {
    let (code, stdout, _) = run(&[
        "list",
        "--format",
        "json",
        "--profile",
        "outbound",
        "--select",
        "greeting.*,banned.wei",
    ]);
    assert_eq!(code, 0);
    let json: Value = serde_json::from_str(&stdout).unwrap();
    let rule = |id: &str| {
        json.as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .unwrap_or_else(|| panic!("{id}: {json}"))
            .clone()
    };
    let greeting = rule("greeting.three-part");
    assert_eq!(greeting["profile"], "outbound");
    assert_eq!(
        greeting["profiles"],
        serde_json::json!({"outbound": "variant", "written": "variant"})
    );
    // The outbound variant's own message.
    assert!(
        greeting["message"].as_str().unwrap().contains("外呼"),
        "{greeting}"
    );
    let wei = rule("banned.wei");
    assert_eq!(wei["profile"], "outbound");
    assert_eq!(wei["profiles"], serde_json::json!({}));
}

#[test]
fn explain_per_profile_shows_the_variant_and_which_profiles_change_it() {
    let (code, stdout, stderr) = run(&["explain", "greeting.three-part", "--profile", "outbound"]);
    assert_eq!(code, 0, "{stderr}");
    insta::assert_snapshot!("rules_explain_greeting_outbound", stdout);
    let (code, stdout, _) = run(&["explain", "timing.silence", "--profile", "written"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("rules_explain_silence_written", stdout);
    // Without a profile: the rule as the pack writes it, and the profiles that change it.
    let (_, stdout, _) = run(&["explain", "greeting.three-part"]);
    assert!(
        stdout.starts_with(
            "greeting.three-part (required rule, pack `etiquette`) — profile `inbound`, as the pack writes it\n"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("  outbound: its own variant\n  written: its own variant\n"),
        "{stdout}"
    );
}

#[test]
fn rules_take_the_configurations_profile_and_an_unknown_one_is_the_same_error_as_for_check() {
    let dir = files_in(&[("huashu.toml", "[check]\nprofile = \"written\"\n")]);
    let rules = |args: &[&str]| {
        let output = Command::cargo_bin("huashu")
            .unwrap()
            .current_dir(dir.path())
            .arg("rules")
            .args(args)
            .output()
            .unwrap();
        (
            output.status.code().unwrap(),
            String::from_utf8(output.stdout).unwrap(),
            String::from_utf8(output.stderr).unwrap(),
        )
    };
    let (code, stdout, _) = rules(&["list"]);
    assert_eq!(code, 0);
    assert!(!stdout.contains("timing.silence "), "{stdout}");
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("profile `written`: off, not listed: ")
                && l.contains("timing.silence")),
        "{stdout}"
    );
    let (_, stdout, _) = rules(&["explain", "closing.standard"]);
    assert!(
        stdout.contains("— profile `written`, its own variant"),
        "{stdout}"
    );
    // --profile over the configuration's.
    let (_, stdout, _) = rules(&["list", "--profile", "inbound"]);
    assert!(stdout.contains("timing.silence "), "{stdout}");
    let (code, _, stderr) = rules(&["list", "--profile", "writen"]);
    assert_eq!(code, 2);
    let (check_code, _, check_stderr) = {
        let output = Command::cargo_bin("huashu")
            .unwrap()
            .current_dir(dir.path())
            .args(["check", "--profile", "writen", "huashu.toml"])
            .output()
            .unwrap();
        (
            output.status.code().unwrap(),
            String::new(),
            String::from_utf8(output.stderr).unwrap(),
        )
    };
    assert_eq!(check_code, 2);
    assert!(
        stderr.contains("--profile: unknown profile `writen`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("the known profiles are inbound, outbound, written"),
        "{stderr}"
    );
    assert_eq!(stderr, check_stderr);
}

/// A team's tree: the root selects the phrase and greeting rules, checks weibo/ as written and
/// leaves greetings out of outbound scripts; scripts/inbound/ has a file of its own.
fn team_tree() -> tempfile::TempDir {
    files_in(&[
        (
            "huashu.toml",
            "[rules]\nselect = [\"banned.*\", \"greeting.*\", \"timing.*\"]\n\n[[profiles]]\nname = \"written\"\npaths = [\"weibo/**\"]\n\n[per-path-ignores]\n\"scripts/outbound/**\" = [\"greeting.*\"]\n",
        ),
        ("scripts/inbound/huashu.toml", "[rules]\nselect = [\"tone.*\"]\n"),
        (
            "weibo/闪退.txt",
            "客户:手机升级以后微信一直闪退,怎么办?\n客服:您好,很高兴为您服务,请您先卸载微信后重新安装一下~\n",
        ),
    ])
}

/// `huashu ARGS` in `dir` (configuration found from there): (status, stdout, stderr).
fn in_dir(dir: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let output = Command::cargo_bin("huashu")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// The ids a `rules list` table lists.
fn ids(table: &str) -> Vec<&str> {
    table
        .lines()
        .skip(1)
        .filter(|line| line.contains("  "))
        .filter_map(|line| line.split_whitespace().next())
        .collect()
}

#[test]
fn rules_read_the_configuration_nearest_the_working_directory_or_the_one_named() {
    let dir = team_tree();
    let (_, root, _) = in_dir(dir.path(), &["rules", "list"]);
    assert!(ids(&root).contains(&"banned.wei"), "{root}");
    assert!(!ids(&root).contains(&"tone.command"), "{root}");
    // In scripts/inbound/, its own file, as `check` uses it for a file there.
    let inbound = dir.path().join("scripts/inbound");
    let (_, below, _) = in_dir(&inbound, &["rules", "list"]);
    assert!(ids(&below).contains(&"tone.command"), "{below}");
    assert!(!ids(&below).contains(&"banned.wei"), "{below}");
    // In scripts/ (no file of its own): the root's, found upwards.
    let (_, scripts, _) = in_dir(&dir.path().join("scripts"), &["rules", "list"]);
    assert_eq!(ids(&scripts), ids(&root));
    // --config names one for the run, wherever it is run.
    let (_, named, _) = in_dir(
        &inbound,
        &["--config", "../../huashu.toml", "rules", "list"],
    );
    assert_eq!(ids(&named), ids(&root));
}

#[test]
fn rules_for_a_file_are_what_check_uses_for_it() {
    let dir = team_tree();
    // weibo/: the written profile of its [[profiles]] entry, as `check` says for the file.
    let (code, weibo, stderr) = in_dir(dir.path(), &["rules", "list", "--for", "weibo/闪退.txt"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        weibo.contains("profile `written`: off, not listed: timing.silence"),
        "{weibo}"
    );
    assert!(
        weibo.contains("for weibo/闪退.txt: huashu.toml\n"),
        "{weibo}"
    );
    let (_, checked, _) = in_dir(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "--fail-on",
            "never",
            "weibo/闪退.txt",
        ],
    );
    let checked: Value = serde_json::from_str(&checked).unwrap();
    assert_eq!(checked["files"][0]["calls"][0]["profile"], "written");
    // scripts/outbound/: no greeting rules ([per-path-ignores]); the file need not exist.
    let (_, outbound, _) = in_dir(
        dir.path(),
        &["rules", "list", "--for", "scripts/outbound/宽带续约.txt"],
    );
    assert!(
        !ids(&outbound).contains(&"greeting.three-part"),
        "{outbound}"
    );
    assert!(ids(&outbound).contains(&"banned.wei"), "{outbound}");
    let (code, _, stderr) = in_dir(
        dir.path(),
        &[
            "rules",
            "explain",
            "greeting.three-part",
            "--for",
            "scripts/outbound/宽带续约.txt",
        ],
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("[per-path-ignores]"), "{stderr}");
    // scripts/inbound/: the configuration nearest to it.
    let (_, inbound, _) = in_dir(
        dir.path(),
        &[
            "rules",
            "explain",
            "tone.command",
            "--for",
            "scripts/inbound/0042.txt",
        ],
    );
    assert!(inbound.starts_with("tone.command ("), "{inbound}");
    assert!(
        inbound.ends_with("for scripts/inbound/0042.txt: scripts/inbound/huashu.toml\n"),
        "{inbound}"
    );
    // --profile still applies to every file.
    let (_, forced, _) = in_dir(
        dir.path(),
        &[
            "rules",
            "list",
            "--for",
            "weibo/闪退.txt",
            "--profile",
            "inbound",
        ],
    );
    assert!(ids(&forced).contains(&"timing.silence"), "{forced}");
}
