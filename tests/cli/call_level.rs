//! Call-level rules end to end: greeting, closing, responses, timing, counting, scoring.

use super::*;

const PACK: &str = "tests/fixtures/packs/call_level.toml";

fn check_calls(args: &[&str]) -> (i32, Value) {
    let mut all = vec!["--no-default-packs", "--pack", PACK];
    all.extend_from_slice(args);
    check_json_builtin(&all)
}

fn found(json: &Value) -> Vec<(String, u64, String)> {
    violations(json)
        .into_iter()
        .map(|v| {
            (
                v["rule"].as_str().unwrap().to_owned(),
                v["line"].as_u64().unwrap(),
                v["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn a_timestamped_call_is_checked_as_a_whole() {
    let (code, json) = check_calls(&["tests/fixtures/call_level/broadband_repair.txt"]);
    assert_eq!(code, 1);
    assert_eq!(
        found(&json),
        [
            (
                "response.surname".into(),
                3,
                "已知客户姓氏,应以「X先生/女士」称呼".into()
            ),
            ("response.hold-thanks".into(), 4, "等待后应感谢客户".into()),
            (
                "filler.jiushishuo".into(),
                5,
                "口头禅「就是说」(本通话出现 2 次)".into()
            ),
            (
                "response.apology".into(),
                6,
                "客户致歉时应回应「没关系」".into()
            ),
            (
                "closing.standard".into(),
                8,
                "结束语不完整(缺少「还有什么」「感谢您的来电」)".into()
            ),
            ("timing.silence".into(), 8, "静默过长(静默 13.0 秒)".into()),
        ]
    );
    let call = &json["files"][0]["calls"][0];
    // surname 1 + hold 1 + filler 1 + apology 1 + closing 2 + silence 1
    assert_eq!(call["score"], 93);
    assert_eq!(call["passed"], true);
    let closing = violations(&json)[4];
    assert_eq!(closing["matched"], "好的,再见。");
    assert_eq!(
        closing["suggestion"],
        "请问还有什么可以帮您吗?感谢您的来电,再见!"
    );
    assert_eq!(closing["fix"], Value::Null);
    let surname = violations(&json)[0];
    assert_eq!(surname["speaker"], "customer");
    assert_eq!(surname["matched"], "我姓张");
}

#[test]
fn jsonl_calls_are_scored_and_fatal_rules_fail_them() {
    let (_, json) = check_calls(&["tests/fixtures/call_level/day.jsonl"]);
    let calls = json["files"][0]["calls"].as_array().unwrap();
    assert_eq!(calls[0]["id"], "CL-0002");
    assert_eq!(calls[0]["score"], 100);
    assert_eq!(calls[0]["passed"], true);
    assert_eq!(calls[1]["id"], "CL-0003");
    assert_eq!(calls[1]["score"], 0);
    assert_eq!(calls[1]["passed"], false);
    let rules: Vec<&str> = calls[1]["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["rule"].as_str().unwrap())
        .collect();
    assert_eq!(
        rules,
        ["greeting.three-part", "banned.abuse", "closing.standard"]
    );
    let summary = &json["summary"];
    assert_eq!(summary["passed"], 1);
    assert_eq!(summary["failed"], 1);
    assert_eq!(summary["pass_mark"], 80);
    assert_eq!(summary["pass_rate"], 0.5);
}

#[test]
fn the_pass_mark_decides_pass_or_fail() {
    let (_, json) = check_calls(&[
        "--pass-mark",
        "95",
        "tests/fixtures/call_level/broadband_repair.txt",
    ]);
    assert_eq!(json["files"][0]["calls"][0]["passed"], false);
    assert_eq!(json["summary"]["pass_mark"], 95);

    let output = huashu()
        .args(["check", "--pass-mark", "101", "tests/fixtures/traps.txt"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn score_and_pass_appear_in_every_format() {
    let args = [
        "check",
        "--no-default-packs",
        "--pack",
        PACK,
        "--color",
        "never",
    ];
    let pretty = huashu()
        .args(args)
        .arg("tests/fixtures/call_level/")
        .output()
        .unwrap();
    let stdout = String::from_utf8(pretty.stdout).unwrap();
    assert!(
        stdout.contains("call CL-0001: 6 violations · score 93/100 · passed"),
        "{stdout}"
    );
    assert!(
        stdout.contains("call CL-0003: 3 violations · score 0/100 · FAILED"),
        "{stdout}"
    );
    assert!(
        stdout.contains("2 of 3 calls passed QA (pass mark 80)."),
        "{stdout}"
    );
    assert!(
        stdout.contains("help: 应说:「没关系,请不必介意。」"),
        "{stdout}"
    );

    let concise = huashu()
        .args(args)
        .args(["--format", "concise", "tests/fixtures/call_level/day.jsonl"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(concise.stdout).unwrap();
    assert!(
        stdout
            .contains("tests/fixtures/call_level/day.jsonl:1: call CL-0002: score 100/100 passed"),
        "{stdout}"
    );
    assert!(
        stdout.contains("tests/fixtures/call_level/day.jsonl:2: call CL-0003: score 0/100 FAILED"),
        "{stdout}"
    );
}

#[test]
fn statistics_count_rules() {
    let output = huashu()
        .args([
            "check",
            "--no-default-packs",
            "--pack",
            PACK,
            "--statistics",
            "tests/fixtures/call_level/",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(
        lines[0].starts_with("violations   calls   turns  rule"),
        "{stdout}"
    );
    assert!(
        lines[1].contains("closing.standard"),
        "the most frequent rule first: {stdout}"
    );
    assert!(
        lines[1].trim_start().starts_with("2       2       2"),
        "{stdout}"
    );
    assert_eq!(
        *lines.last().unwrap(),
        "9 violations in 3 calls (10 agent turns) of 2 files."
    );

    let (_, json) = check_calls(&["--statistics", "tests/fixtures/call_level/"]);
    assert_eq!(json["calls"], 3);
    assert_eq!(json["agent_turns"], 10);
    assert_eq!(json["rules"][0]["rule"], "closing.standard");
    assert_eq!(json["rules"][0]["violations"], 2);
}
