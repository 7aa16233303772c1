//! Channel profiles end to end: `--profile`, `[check] profile`, `[[profiles]]` paths (first
//! match wins, globs relative to the configuration file), the profile in the JSON output,
//! unknown names, and `extend-phrases` in overrides.

use std::path::Path;

use super::*;

/// An outbound call: the agent confirms the customer, introduces themself and the purpose, and
/// closes by thanking the customer for taking the call.
const OUTBOUND: &str = "\
客服:您好,请问是王先生吗?
客户:是我,什么事?
客服:我是XX宽带的客服代表,工号1022,这次来电是想跟您确认一下明天上门安装的时间。
客户:下午两点以后都行。
客服:好的,已经给您登记了。感谢您的接听,祝您生活愉快,再见!
";

/// A written helpdesk thread (Weibo or app chat).
const WRITTEN: &str = "\
客户:手机升级以后微信一直闪退,怎么办?
客服:您好,很高兴为您服务,请您先卸载微信后重新安装一下哦~
客户:还是不行呢
客服:好的,已经为您登记反馈给技术部门啦,如有疑问欢迎随时联系我们,祝您生活愉快!
";

/// `huashu check --format json ARGS` in `dir`, configuration files found from there.
fn check_in(dir: &Path, args: &[&str]) -> (i32, Value) {
    let mut cmd = Command::cargo_bin("huashu").unwrap();
    cmd.current_dir(dir)
        .env_remove("NO_COLOR")
        .args(["check", "--format", "json", "--fail-on", "never"])
        .args(args);
    run_json(&mut cmd)
}

/// Per file (its path as printed): the profile of its first call and its rules, sorted.
fn by_file(json: &Value) -> Vec<(String, String, Vec<String>)> {
    json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|file| {
            let call = &file["calls"][0];
            let mut rules: Vec<String> = call["violations"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v["rule"].as_str().unwrap().to_owned())
                .collect();
            rules.sort();
            rules.dedup();
            (
                file["path"].as_str().unwrap().to_owned(),
                call["profile"].as_str().unwrap().to_owned(),
                rules,
            )
        })
        .collect()
}

fn stderr_of(cmd: &mut Command) -> (i32, String) {
    let output = cmd.output().unwrap();
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn the_profile_flag_checks_an_outbound_call_as_outbound_and_says_so() {
    let dir = files_in(&[("call.txt", OUTBOUND)]);
    let (_, json) = check_in(dir.path(), &["--isolated", "call.txt"]);
    let (_, profile, rules) = &by_file(&json)[0];
    assert_eq!(profile, "inbound");
    assert!(rules.contains(&"closing.standard".to_owned()), "{rules:?}");
    let (_, json) = check_in(
        dir.path(),
        &["--isolated", "--profile", "outbound", "call.txt"],
    );
    let (_, profile, rules) = &by_file(&json)[0];
    assert_eq!(profile, "outbound");
    assert!(
        !rules.contains(&"greeting.three-part".to_owned()),
        "{rules:?}"
    );
    assert!(!rules.contains(&"closing.standard".to_owned()), "{rules:?}");
}

#[test]
fn the_configuration_sets_a_profile_and_paths_choose_others() {
    let dir = files_in(&[
        (
            "huashu.toml",
            "[check]\nprofile = \"written\"\n\n[[profiles]]\nname = \"outbound\"\npaths = [\"scripts/outbound/**\"]\n\n[[profiles]]\nname = \"inbound\"\npaths = [\"scripts/**\"]\n",
        ),
        ("scripts/outbound/renewal.txt", OUTBOUND),
        ("scripts/hotline.txt", OUTBOUND),
        ("weibo/thread.txt", WRITTEN),
    ]);
    let (_, json) = check_in(dir.path(), &["scripts", "weibo"]);
    let files = by_file(&json);
    let profile_of = |name: &str| {
        files
            .iter()
            .find(|(path, _, _)| path.ends_with(name))
            .unwrap_or_else(|| panic!("{name}: {files:?}"))
            .clone()
    };
    // The first matching entry wins: outbound/** before scripts/**.
    let (_, profile, rules) = profile_of("renewal.txt");
    assert_eq!(profile, "outbound");
    assert!(
        !rules.contains(&"greeting.three-part".to_owned()),
        "{rules:?}"
    );
    let (_, profile, rules) = profile_of("hotline.txt");
    assert_eq!(profile, "inbound");
    assert!(rules.contains(&"closing.standard".to_owned()), "{rules:?}");
    // What no entry names gets `[check] profile`.
    let (_, profile, rules) = profile_of("thread.txt");
    assert_eq!(profile, "written");
    assert!(rules.is_empty(), "{rules:?}");
    // The globs are relative to the configuration file, not the working directory.
    let (_, json) = check_in(&dir.path().join("scripts"), &["outbound/renewal.txt"]);
    assert_eq!(by_file(&json)[0].1, "outbound");
    // --profile applies to every input.
    let (_, json) = check_in(dir.path(), &["--profile", "inbound", "scripts", "weibo"]);
    assert!(by_file(&json).iter().all(|(_, p, _)| p == "inbound"));
}

#[test]
fn jsonl_call_records_carry_the_profile() {
    let dir = files_in(&[("thread.txt", WRITTEN)]);
    let output = Command::cargo_bin("huashu")
        .unwrap()
        .current_dir(dir.path())
        .args([
            "--isolated",
            "check",
            "--format",
            "jsonl",
            "--profile",
            "written",
        ])
        .arg("thread.txt")
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    let call: Value = text
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .find(|v| v["type"] == "call")
        .unwrap();
    assert_eq!(call["profile"], "written");
}

#[test]
fn an_unknown_profile_is_an_error_listing_the_known_ones() {
    let dir = files_in(&[
        ("call.txt", OUTBOUND),
        ("huashu.toml", "[check]\nprofile = \"outbond\"\n"),
    ]);
    let (code, stderr) = stderr_of(
        Command::cargo_bin("huashu")
            .unwrap()
            .current_dir(dir.path())
            .args(["check", "call.txt"]),
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("unknown profile `outbond`"), "{stderr}");
    assert!(stderr.contains("huashu.toml:2:11"), "{stderr}");
    assert!(stderr.contains("inbound, outbound, written"), "{stderr}");
    let (code, stderr) = stderr_of(
        Command::cargo_bin("huashu")
            .unwrap()
            .current_dir(dir.path())
            .args(["--isolated", "check", "--profile", "phone", "call.txt"]),
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("unknown profile `phone`"), "{stderr}");
    assert!(stderr.contains("--profile"), "{stderr}");
    // In `[[profiles]]` too.
    let dir = files_in(&[
        ("call.txt", OUTBOUND),
        (
            "huashu.toml",
            "[[profiles]]\nname = \"outbund\"\npaths = [\"*.txt\"]\n",
        ),
    ]);
    let (code, stderr) = stderr_of(
        Command::cargo_bin("huashu")
            .unwrap()
            .current_dir(dir.path())
            .args(["check", "call.txt"]),
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("unknown profile `outbund`"), "{stderr}");
    assert!(stderr.contains("huashu.toml:2:8"), "{stderr}");
}

#[test]
fn extend_phrases_accepts_a_teams_own_greeting_and_unknown_keys_stay_errors() {
    let call = "客服:您好,很高兴为您服务。\n客户:我查一下话费。\n客服:好的,请问还有其他问题吗?感谢您的来电,再见!\n";
    let dir = files_in(&[
        ("call.txt", call),
        (
            "huashu.toml",
            "[overrides.\"greeting.three-part\"]\nextend-phrases = [\"您好,很高兴为您服务\"]\n\n[overrides.\"banned.shirking\"]\nextend-phrases = [\"这个归别的部门管\"]\n",
        ),
    ]);
    let (_, json) = check_in(dir.path(), &["--isolated", "call.txt"]);
    assert!(by_file(&json)[0]
        .2
        .contains(&"greeting.three-part".to_owned()));
    let (_, json) = check_in(dir.path(), &["call.txt"]);
    assert!(by_file(&json)[0].2.is_empty(), "{:?}", by_file(&json));
    std::fs::write(
        dir.path().join("banned.txt"),
        "客服:这个归别的部门管,您打他们电话吧。\n",
    )
    .unwrap();
    let (_, json) = check_in(dir.path(), &["banned.txt"]);
    assert!(by_file(&json)[0].2.contains(&"banned.shirking".to_owned()));
    // A misspelt key is an error at its line.
    std::fs::write(
        dir.path().join("huashu.toml"),
        "[overrides.\"greeting.three-part\"]\nextend-phrase = [\"您好,很高兴为您服务\"]\n",
    )
    .unwrap();
    let (code, stderr) = stderr_of(
        Command::cargo_bin("huashu")
            .unwrap()
            .current_dir(dir.path())
            .args(["check", "call.txt"]),
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("unknown field `extend-phrase`"), "{stderr}");
    assert!(stderr.contains("huashu.toml:2:1"), "{stderr}");
    // And a rule with nothing to extend is named.
    std::fs::write(
        dir.path().join("huashu.toml"),
        "[overrides.\"response.complaint\"]\nextend-phrases = [\"抱歉\"]\n",
    )
    .unwrap();
    let (code, stderr) = stderr_of(
        Command::cargo_bin("huashu")
            .unwrap()
            .current_dir(dir.path())
            .args(["check", "call.txt"]),
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("no phrases to extend"), "{stderr}");
    assert!(stderr.contains("huashu.toml:1:"), "{stderr}");
}

#[test]
fn fix_and_report_take_the_profile_flag() {
    let dir = files_in(&[("thread.txt", WRITTEN)]);
    let output = Command::cargo_bin("huashu")
        .unwrap()
        .current_dir(dir.path())
        .args([
            "--isolated",
            "fix",
            "--diff",
            "--profile",
            "written",
            "thread.txt",
        ])
        .output()
        .unwrap();
    assert!(output.status.code().unwrap() < 2, "{output:?}");
    let output = Command::cargo_bin("huashu")
        .unwrap()
        .current_dir(dir.path())
        .args(["--isolated", "report", "--profile", "written", "thread.txt"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
}

#[test]
fn rules_test_runs_the_examples_of_each_profile_variant_with_that_profile() {
    let pack = "\
[pack]
id = \"acme\"

[[rules]]
id = \"closing.acme\"
category = \"closing\"
message = \"结束语不完整\"
require = { scope = \"last\", groups = [[\"还有什么\"], [\"再见\"]] }
examples = { bad = [\"好的\"], good = [\"请问还有什么问题吗?再见\"] }

[rules.profiles.written]
require = { scope = \"last\", groups = [[\"祝您\", \"随时联系\"]] }
examples = { bad = [\"好的\"], good = [\"祝您生活愉快\", \"请问还有什么问题吗?再见\"] }
";
    let dir = files_in(&[("acme.toml", pack)]);
    let output = Command::cargo_bin("huashu")
        .unwrap()
        .current_dir(dir.path())
        .args([
            "--isolated",
            "rules",
            "test",
            "--no-default-packs",
            "acme.toml",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    // The written variant's second good example is not a written closing.
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("FAIL [profile written]"), "{stdout}");
    assert!(stdout.contains(" passed, 1 failed ("), "{stdout}");
    assert_eq!(stdout.matches("FAIL").count(), 1, "{stdout}");
}

#[test]
fn a_misspelt_profiles_entry_is_an_error_though_no_input_matches_it() {
    let config = "[[profiles]]\nname = \"written\"\npaths = [\"weibo/**\"]\n\n[[profiles]]\nname = \"outbond\"\npaths = [\"scripts/outbound/**\"]\n";
    let dir = files_in(&[("huashu.toml", config), ("weibo/闪退.txt", WRITTEN)]);
    let (code, stderr) = stderr_of(
        Command::cargo_bin("huashu")
            .unwrap()
            .current_dir(dir.path())
            .args(["check", "weibo"]),
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("unknown profile `outbond`"), "{stderr}");
    assert!(stderr.contains("huashu.toml:6:8"), "{stderr}");
    assert!(
        stderr.contains("the known profiles are inbound, outbound, written"),
        "{stderr}"
    );
    // `rules list` reads the same file: the same error.
    let (code, stderr) = stderr_of(
        Command::cargo_bin("huashu")
            .unwrap()
            .current_dir(dir.path())
            .args(["rules", "list"]),
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("unknown profile `outbond`"), "{stderr}");
}

#[test]
fn a_misspelt_entry_in_a_subdirectory_stops_only_its_inputs() {
    let dir = files_in(&[
        (
            "chat/huashu.toml",
            "[[profiles]]\nname = \"writen\"\npaths = [\"weibo/**\"]\n",
        ),
        ("chat/app/闪退.txt", WRITTEN),
        ("scripts/outbound/renewal.txt", OUTBOUND),
    ]);
    let mut cmd = Command::cargo_bin("huashu").unwrap();
    cmd.current_dir(dir.path()).args([
        "check",
        "--format",
        "json",
        "--profile",
        "outbound",
        "chat",
        "scripts",
    ]);
    let output = cmd.output().unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("unknown profile `writen`"), "{stderr}");
    assert!(stderr.contains("chat/huashu.toml:2:8"), "{stderr}");
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let files = json["files"].as_array().unwrap();
    let chat = files
        .iter()
        .find(|f| f["path"].as_str().unwrap().starts_with("chat/"))
        .unwrap();
    assert!(chat["calls"].as_array().unwrap().is_empty(), "{chat}");
    let renewal = files
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with("renewal.txt"))
        .unwrap();
    assert_eq!(renewal["calls"][0]["profile"], "outbound");
    assert!(renewal["calls"][0]["violations"]
        .as_array()
        .unwrap()
        .is_empty());
}

#[test]
fn with_the_profile_flag_entries_choose_nothing_and_find_the_same() {
    let dir = files_in(&[
        (
            "huashu.toml",
            "[[profiles]]\nname = \"written\"\npaths = [\"weibo/**\"]\n",
        ),
        ("weibo/2026-11/闪退.txt", WRITTEN),
        ("app/2026-11/闪退.txt", WRITTEN),
    ]);
    let (_, by_entry) = check_in(dir.path(), &["weibo", "app"]);
    let (_, forced) = check_in(dir.path(), &["--profile", "written", "weibo", "app"]);
    let (by_entry, forced) = (by_file(&by_entry), by_file(&forced));
    let weibo = |files: &[(String, String, Vec<String>)]| {
        files
            .iter()
            .find(|(path, _, _)| path.starts_with("weibo/"))
            .unwrap()
            .clone()
    };
    assert_eq!(weibo(&by_entry).1, "written");
    assert_eq!(weibo(&forced), weibo(&by_entry));
    // Without the flag the app thread is checked as a phone call; with it, as written.
    assert!(by_entry.iter().any(|(_, profile, _)| profile == "inbound"));
    assert!(forced
        .iter()
        .all(|(_, p, rules)| p == "written" && rules.is_empty()));
}
