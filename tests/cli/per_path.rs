//! Configuration where the files are: the nearest `huashu.toml` per input,
//! `[per-path-ignores]`, and `[check] include` / `exclude` / `extend-exclude`.

use std::path::Path;

use super::*;

/// An inbound call: 喂 and 不知道 (banned), 你必须 (a command and 你 for 您), a greeting and
/// closing short of the three parts.
const INBOUND: &str = "\
[00:00:00-00:00:03] 客服:喂,您好,请问有什么可以帮您?
[00:00:04-00:00:08] 客户:你好,我这个月流量怎么用得这么快?
[00:00:09-00:00:13] 客服:这个我不知道,你必须先把手机号报给我。
[00:00:14-00:00:17] 客户:一三八零零一三八零零零。
[00:00:21-00:00:23] 客服:好的,再见。
";

/// An outbound renewal script: it opens as outbound calls do (no 欢迎致电), and says 喂 once.
const OUTBOUND: &str = "\
客服:喂,您好,我是中国移动客服代表1017,打扰您一分钟,您的宽带下个月到期了。
客户:哦,续费要多少钱?
客服:续约一年是九百六十元,现在办理还送三个月,您看需要帮您办理吗?
客户:我再考虑一下吧。
客服:好的,感谢您的接听,祝您生活愉快,再见。
";

/// A Weibo-style written exchange, one call per line.
const CHAT: &str = r#"{"id": "wb-0007", "turns": [{"speaker": "customer", "text": "快递三天了还没到,怎么回事?"}, {"speaker": "agent", "text": "亲,你必须先把单号发给我哈"}]}
"#;

/// `huashu check --format json ARGS` in `dir`, configuration files found: (exit code, JSON,
/// standard error).
fn check_in(dir: &Path, args: &[&str]) -> (i32, Value, String) {
    let output = Command::cargo_bin("huashu")
        .unwrap()
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .args(["check", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    // Nothing at all when the run stopped before checking.
    let json: Value = if output.stdout.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&output.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}); stderr: {stderr}"))
    };
    (output.status.code().unwrap(), json, stderr)
}

/// The rules that fired in each file, by file name (`/`-separated, without a leading `./`).
fn rules_by_file(json: &Value) -> std::collections::BTreeMap<String, Vec<String>> {
    json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|file| {
            let name = file["path"].as_str().unwrap().replace('\\', "/");
            let name = name.strip_prefix("./").unwrap_or(&name).to_owned();
            let mut rules: Vec<String> = file["calls"]
                .as_array()
                .unwrap()
                .iter()
                .flat_map(|c| c["violations"].as_array().unwrap())
                .map(|v| v["rule"].as_str().unwrap().to_owned())
                .collect();
            rules.sort();
            rules.dedup();
            (name, rules)
        })
        .collect()
}

#[test]
fn the_nearest_configuration_applies_and_inherits_only_what_it_extends() {
    let dir = files_in(&[
        ("huashu.toml", "[rules]\nselect = [\"banned.*\"]\n"),
        ("calls/inbound/0042.txt", INBOUND),
        // Builds on the root explicitly, and leaves 喂 alone.
        (
            "scripts/outbound/huashu.toml",
            "extends = \"../../huashu.toml\"\n\n[rules]\nextend-ignore = [\"banned.wei\"]\n",
        ),
        ("scripts/outbound/宽带续约.txt", OUTBOUND),
        // Extends nothing: the root's `select` does not apply here.
        (
            "chat/huashu.toml",
            "[rules]\nselect = [\"tone.*\", \"honorific.*\"]\n\n[check]\nfail-on = \"never\"\n",
        ),
        ("chat/weibo.jsonl", CHAT),
    ]);
    let (code, json, stderr) = check_in(dir.path(), &[]);
    assert_eq!(code, 1, "{stderr}");
    // What is about the whole run is the root's to say, and said when another file tries.
    assert!(
        stderr.contains("warning: chat/huashu.toml: `fail-on` is about the whole run"),
        "{stderr}"
    );
    let rules = rules_by_file(&json);
    assert_eq!(
        rules["calls/inbound/0042.txt"],
        ["banned.dont-know", "banned.wei"]
    );
    assert!(
        rules["scripts/outbound/宽带续约.txt"].is_empty(),
        "{rules:?}"
    );
    assert_eq!(rules["chat/weibo.jsonl"], ["honorific.ni", "tone.command"]);

    // --config names one configuration for every input, as before.
    let (_, json, _) = check_in(dir.path(), &["--config", "huashu.toml"]);
    let rules = rules_by_file(&json);
    assert_eq!(rules["scripts/outbound/宽带续约.txt"], ["banned.wei"]);
    assert!(rules["chat/weibo.jsonl"].is_empty(), "{rules:?}");
    // --isolated reads none.
    let (_, json, _) = check_in(dir.path(), &["--isolated"]);
    assert!(rules_by_file(&json)["scripts/outbound/宽带续约.txt"].len() > 1);

    // A file named on the command line, from another directory, finds its own too.
    let (_, json, _) = check_in(
        &dir.path().join("calls"),
        &["../scripts/outbound/宽带续约.txt", "inbound/0042.txt"],
    );
    let rules = rules_by_file(&json);
    assert!(
        rules["../scripts/outbound/宽带续约.txt"].is_empty(),
        "{rules:?}"
    );
    assert_eq!(
        rules["inbound/0042.txt"],
        ["banned.dont-know", "banned.wei"]
    );
}

#[test]
fn standard_input_uses_the_configuration_of_the_working_directory() {
    let dir = files_in(&[
        ("huashu.toml", "[rules]\nselect = [\"banned.*\"]\n"),
        ("chat/huashu.toml", "[rules]\nselect = [\"tone.*\"]\n"),
    ]);
    for (cwd, expected) in [("", "banned.wei"), ("chat", "tone.command")] {
        let output = Command::cargo_bin("huashu")
            .unwrap()
            .current_dir(dir.path().join(cwd))
            .args(["check", "--format", "json", "-"])
            .write_stdin("客服:喂,你必须先报手机号\n")
            .output()
            .unwrap();
        let json: Value = serde_json::from_slice(&output.stdout).unwrap();
        let rules: Vec<&str> = violations(&json)
            .iter()
            .map(|v| v["rule"].as_str().unwrap())
            .collect();
        assert_eq!(rules, [expected], "in {cwd:?}");
    }
}

#[test]
fn a_broken_subdirectory_configuration_stops_only_the_inputs_below_it() {
    let dir = files_in(&[
        ("huashu.toml", "[rules]\nselect = [\"banned.*\"]\n"),
        ("calls/inbound/0042.txt", INBOUND),
        (
            "calls/outbound/huashu.toml",
            "# 外呼组\n[rules]\nselect = [\"greting.*\"]\n",
        ),
        ("calls/outbound/宽带续约.txt", OUTBOUND),
        ("calls/outbound/携号转网.txt", OUTBOUND),
        ("chat/huashu.toml", "[check]\nfail-on = \"sometimes\"\n"),
        ("chat/weibo.jsonl", CHAT),
    ]);
    let (code, json, stderr) = check_in(dir.path(), &[]);
    assert_eq!(code, 2, "trouble, said in the exit status: {stderr}");
    // Each problem once, naming its file and line, however many inputs it stops.
    assert_eq!(
        stderr.matches("`greting.*` matches no rule").count(),
        1,
        "{stderr}"
    );
    assert!(stderr.contains("calls/outbound/huashu.toml:3:"), "{stderr}");
    assert!(stderr.contains("did you mean `greeting.*`?"), "{stderr}");
    assert!(stderr.contains("chat/huashu.toml:2:"), "{stderr}");
    // The others are checked.
    let rules = rules_by_file(&json);
    assert_eq!(
        rules["calls/inbound/0042.txt"],
        ["banned.dont-know", "banned.wei"]
    );
    // The stopped ones are listed, each with why.
    for name in [
        "calls/outbound/宽带续约.txt",
        "calls/outbound/携号转网.txt",
        "chat/weibo.jsonl",
    ] {
        let file = json["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["path"].as_str().unwrap().ends_with(name))
            .unwrap_or_else(|| panic!("{name} is listed"));
        let error = file["error"].as_str().unwrap();
        assert!(
            error.starts_with("not checked: ") && error.contains("huashu.toml has an error"),
            "{error}"
        );
        assert!(file["calls"].as_array().unwrap().is_empty());
    }
    assert_eq!(json["summary"]["files_with_errors"], 3);
}

#[test]
fn per_path_ignores_leave_rules_out_below_their_globs() {
    let dir = files_in(&[
        (
            "huashu.toml",
            "[rules]\nselect = [\"banned.*\", \"tone.*\", \"greeting.*\", \"honorific.*\"]\n\n\
             [per-path-ignores]\n\
             \"scripts/outbound/**\" = [\"greeting.*\"]\n\
             \"chat/**/*.jsonl\" = [\"honorific.ni\", \"tone.command\"]\n",
        ),
        ("calls/0042.txt", INBOUND),
        ("scripts/outbound/宽带续约.txt", OUTBOUND),
        ("chat/2026-11/weibo.jsonl", CHAT),
        ("chat/2026-11/weibo.txt", "客服:亲,你必须先把单号发给我哈\n"),
    ]);
    let (_, json, stderr) = check_in(dir.path(), &[]);
    let rules = rules_by_file(&json);
    assert!(
        rules["calls/0042.txt"].contains(&"greeting.three-part".to_owned()),
        "{rules:?} {stderr}"
    );
    assert_eq!(rules["scripts/outbound/宽带续约.txt"], ["banned.wei"]);
    // A written reply has no spoken greeting; that is for a profile to say, not this test.
    assert_eq!(rules["chat/2026-11/weibo.jsonl"], ["greeting.three-part"]);
    assert_eq!(
        rules["chat/2026-11/weibo.txt"],
        ["greeting.three-part", "honorific.ni", "tone.command"],
        "the glob names .jsonl files only"
    );
}

#[test]
fn a_per_path_ignore_that_names_no_rule_or_is_no_glob_is_an_error_in_the_file() {
    let dir = files_in(&[
        (
            "huashu.toml",
            "[per-path-ignores]\n\"scripts/outbound/**\" = [\"greting.*\"]\n",
        ),
        ("calls/0042.txt", INBOUND),
    ]);
    let (code, json, stderr) = check_in(dir.path(), &[]);
    assert_eq!(code, 2);
    assert!(
        json.is_null(),
        "the root configuration is broken: nothing is checked"
    );
    assert!(stderr.contains("`greting.*` matches no rule"), "{stderr}");
    assert!(stderr.contains("huashu.toml:2:"), "{stderr}");

    std::fs::write(
        dir.path().join("huashu.toml"),
        "[per-path-ignores]\n\"scripts/[outbound/**\" = [\"greeting.*\"]\n",
    )
    .unwrap();
    let (code, _, stderr) = check_in(dir.path(), &[]);
    assert_eq!(code, 2);
    assert!(stderr.contains("invalid glob"), "{stderr}");
    assert!(stderr.contains("huashu.toml:2:"), "{stderr}");
}

#[test]
fn include_and_exclude_choose_what_walking_finds() {
    let dir = files_in(&[
        (
            "company/huashu.toml",
            "[check]\nexclude = [\"drafts\"]\n",
        ),
        (
            "huashu.toml",
            "extends = \"company/huashu.toml\"\n\n[rules]\nselect = [\"banned.*\"]\n\n\
             [check]\nextend-exclude = [\"calls/2026-10/**\"]\ninclude = [\"*.txt\", \"exports/*.log\"]\n",
        ),
        ("calls/2026-11/0042.txt", INBOUND),
        ("calls/2026-11/drafts/0043.txt", INBOUND),
        ("calls/2026-10/0001.txt", INBOUND),
        ("chat/weibo.jsonl", CHAT),
        ("exports/0050.log", "客服:喂,您好\n"),
    ]);
    let (_, json, stderr) = check_in(dir.path(), &[]);
    let names: Vec<String> = rules_by_file(&json).into_keys().collect();
    assert_eq!(
        names,
        ["calls/2026-11/0042.txt", "exports/0050.log"],
        "{stderr}"
    );
    // The exclusions apply inside a directory named on the command line…
    let (code, _, stderr) = check_in(dir.path(), &["calls/2026-11/drafts"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("nothing to check: 1 file left out by --glob, include or exclude"),
        "{stderr}"
    );
    // …but a file named on the command line is checked whatever they say.
    let (_, json, _) = check_in(
        dir.path(),
        &["calls/2026-11/drafts/0043.txt", "chat/weibo.jsonl"],
    );
    assert_eq!(rules_by_file(&json).len(), 2);
}

#[test]
fn fix_rewrites_each_file_with_the_rules_of_its_configuration() {
    let dir = files_in(&[
        ("calls/0042.txt", "客服:你好,你的宽带已经恢复了。\n"),
        // A training script quotes the wrong form on purpose.
        (
            "training/huashu.toml",
            "[rules]\nignore = [\"honorific.ni\"]\n",
        ),
        ("training/反例.txt", "客服:你好,你的宽带已经恢复了。\n"),
    ]);
    let output = Command::cargo_bin("huashu")
        .unwrap()
        .current_dir(dir.path())
        .args(["fix", "--diff", "."])
        .output()
        .unwrap();
    let diff = String::from_utf8(output.stdout).unwrap();
    assert!(
        diff.contains("+++ b/./calls/0042.txt") || diff.contains("calls/0042.txt"),
        "{diff}"
    );
    assert!(diff.contains("+客服:您好,您的宽带已经恢复了。"), "{diff}");
    assert!(!diff.contains("training"), "{diff}");
}

#[test]
fn report_counts_each_file_by_its_configuration() {
    let dir = files_in(&[
        ("calls/0042.txt", INBOUND),
        (
            "scripts/outbound/huashu.toml",
            "[rules]\nignore = [\"banned.wei\"]\n",
        ),
        ("scripts/outbound/宽带续约.txt", OUTBOUND),
        ("broken/huashu.toml", "[rules]\nselect = [\"bannned.*\"]\n"),
        ("broken/0044.txt", INBOUND),
    ]);
    let report = |section: &str, paths: &[&str]| {
        let output = Command::cargo_bin("huashu")
            .unwrap()
            .current_dir(dir.path())
            .args(["report", "--format", "csv", "--section", section])
            .args(paths)
            .output()
            .unwrap();
        (
            output.status.code().unwrap(),
            String::from_utf8(output.stdout).unwrap(),
            String::from_utf8(output.stderr).unwrap(),
        )
    };
    let (code, rules, stderr) = report("rules", &["calls", "scripts"]);
    assert_eq!(code, 0, "{stderr}");
    // 喂 in both calls, counted only where it is not ignored.
    assert!(
        rules.contains("\nbanned.wei,banned,warning,1,1,"),
        "{rules}"
    );
    let (code, errors, stderr) = report("errors", &["calls", "broken"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("broken/huashu.toml:2:"), "{stderr}");
    assert!(
        errors.contains("not checked: broken/huashu.toml has an error"),
        "{errors}"
    );
}

/// The profile of each call in a `check --format json` result, by file.
fn profiles_by_file(json: &Value) -> std::collections::BTreeMap<String, String> {
    json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|file| {
            let name = file["path"].as_str().unwrap().replace('\\', "/");
            let name = name.strip_prefix("./").unwrap_or(&name).to_owned();
            (
                name,
                file["calls"][0]["profile"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn profiles_follow_the_configuration_that_applies_and_its_own_profile_entries() {
    // The root sends outbound scripts to the outbound profile; the chat folder has its own
    // file that makes everything below it written, and whose [[profiles]] entries are
    // relative to it.
    let dir = files_in(&[
        (
            "huashu.toml",
            "[[profiles]]\nname = \"outbound\"\npaths = [\"scripts/outbound/**\"]\n",
        ),
        ("calls/0042.txt", INBOUND),
        ("scripts/outbound/宽带续约.txt", OUTBOUND),
        (
            "chat/huashu.toml",
            "[check]\nprofile = \"written\"\n[[profiles]]\nname = \"inbound\"\npaths = [\"hotline/**\"]\n",
        ),
        ("chat/weibo.jsonl", CHAT),
        ("chat/hotline/0043.txt", INBOUND),
    ]);
    let (_, json, stderr) = check_in(dir.path(), &["."]);
    let profiles = profiles_by_file(&json);
    assert_eq!(profiles["calls/0042.txt"], "inbound", "{stderr}");
    assert_eq!(profiles["scripts/outbound/宽带续约.txt"], "outbound");
    assert_eq!(profiles["chat/weibo.jsonl"], "written");
    assert_eq!(profiles["chat/hotline/0043.txt"], "inbound");
    // --profile names the profile of every input.
    let (_, json, _) = check_in(dir.path(), &["--profile", "outbound", "."]);
    assert!(profiles_by_file(&json).values().all(|p| p == "outbound"));
}
