//! Suppression comments (`# huashu: ignore[…]`, `disable[…]`, `enable[…]`) end to end, with the
//! built-in packs: what they silence, what they report, and `--no-suppressions`.

use super::*;

const FRAGMENT: &str = "tests/fixtures/suppressions/renewal_fragment.txt";
const TWO_CALLS: &str = "tests/fixtures/suppressions/two_calls.txt";

/// (rule, line, column, matched) of each violation object.
fn found(violations: &[Value]) -> Vec<(String, u64, u64, String)> {
    violations
        .iter()
        .map(|v| {
            (
                v["rule"].as_str().unwrap().to_owned(),
                v["line"].as_u64().unwrap(),
                v["column"].as_u64().unwrap(),
                v["matched"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn row(rule: &str, line: u64, column: u64, matched: &str) -> (String, u64, u64, String) {
    (rule.to_owned(), line, column, matched.to_owned())
}

#[test]
fn a_script_fragment_with_suppressions_in_json() {
    let (code, json) = check_json_builtin(&[FRAGMENT]);
    // The unused and the unknown suppression are warnings: they fail the check like any other.
    assert_eq!(code, 1);
    let call = &json["files"][0]["calls"][0];
    assert_eq!(
        found(call["violations"].as_array().unwrap()),
        [
            row("honorific.ni", 9, 6, "你"),
            row("huashu.unused-suppression", 11, 18, "banned.impossible"),
            row("huashu.unknown-rule-in-suppression", 13, 18, "banned.wie"),
            row("banned.wei", 14, 1, "喂"),
        ]
    );
    assert_eq!(
        found(call["suppressed"].as_array().unwrap()),
        [
            row("greeting.three-part", 3, 1, "请问是{客户姓名}先生/女士吗?"),
            row("banned.wei", 5, 6, "喂"),
            row("banned.dont-know", 7, 19, "不知道"),
            row("tone.command", 9, 6, "你必须"),
            row("closing.standard", 14, 1, "喂,您好,请问您现在方便吗?"),
        ]
    );
    // Suppressed violations cost nothing, and neither do the meta rules: 你 2 + 喂 5.
    assert_eq!(call["score"], 93);
    assert_eq!(
        call["violations"][1],
        serde_json::json!({
            "rule": "huashu.unused-suppression", "category": "meta", "severity": "warning",
            "points": 0, "speaker": "agent", "turn": 5,
            "line": 11, "column": 18, "end_line": 11, "end_column": 35,
            "matched": "banned.impossible",
            "message": "无效的豁免注释:规则 banned.impossible 在此处未触发",
            "suggestion": null, "help": "删除这条豁免注释,或删去列表中未触发的规则 id", "fix": null
        })
    );
    let unknown = &call["violations"][2];
    assert_eq!(unknown["suggestion"], "banned.wei");
    assert_eq!(
        unknown["message"],
        "豁免注释中的规则不存在:没有已加载的规则 id 为 banned.wie,是否想写 banned.wei?"
    );
    let summary = &json["summary"];
    assert_eq!(
        (
            summary["violations"].as_u64(),
            summary["suppressed"].as_u64()
        ),
        (Some(4), Some(5))
    );
}

#[test]
fn no_suppressions_reports_everything_and_no_comment() {
    let (code, json) = check_json_builtin(&["--no-suppressions", FRAGMENT]);
    assert_eq!(code, 1);
    let call = &json["files"][0]["calls"][0];
    let violations = call["violations"].as_array().unwrap();
    assert!(violations.iter().all(|v| v["category"] != "meta"));
    assert_eq!(call["suppressed"], serde_json::json!([]));
    assert_eq!(violations.len(), 7);
    // The trailing comment is still cut off the line: its words are not linted.
    assert!(violations
        .iter()
        .all(|v| v["line"] != 7 || v["matched"] == "不知道"));
    assert_eq!(call["score"], 63);
    assert_eq!(json["summary"]["suppressed"], 0);
}

#[test]
fn suppressions_apply_to_their_own_call() {
    let (_, json) = check_json_builtin(&[TWO_CALLS]);
    let calls = json["files"][0]["calls"].as_array().unwrap();
    let rules = |call: &Value, key: &str| -> Vec<(String, u64)> {
        call[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| {
                (
                    v["rule"].as_str().unwrap().to_owned(),
                    v["line"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    // In S-0001 the ignore covers the turn and its continuation line; the range runs to the
    // end of the call, not into S-0002.
    assert_eq!(
        rules(&calls[0], "suppressed"),
        [
            ("banned.wei".to_owned(), 6),
            ("closing.standard".to_owned(), 6),
            ("banned.wei".to_owned(), 7)
        ]
    );
    assert_eq!(
        rules(&calls[1], "suppressed"),
        [("banned.wei".to_owned(), 9)]
    );
    let second = rules(&calls[1], "violations");
    assert!(
        second.contains(&("banned.wei".to_owned(), 11)),
        "{second:?}"
    );
    assert!(
        second.contains(&("closing.standard".to_owned(), 11)),
        "{second:?}"
    );
}

#[test]
fn a_file_whose_findings_are_all_suppressed_passes() {
    let output = huashu()
        .args(["check", "--format", "concise", "-"])
        .write_stdin(
            "# huashu: disable[greeting.three-part, closing.standard]\n喂,您好,请问您现在方便吗? # huashu: ignore[banned.wei]\n",
        )
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "<stdin>:2: call -: score 100/100 passed\n"
    );
}

#[test]
fn pretty_output_shows_the_comment() {
    let output = huashu()
        .args(["check", "--color", "never", FRAGMENT])
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.contains("help: 改为:# huashu: ignore[banned.wei]"),
        "{stdout}"
    );
    assert!(stdout.contains("4 violations (5 suppressed) · score 93/100"));
    insta::assert_snapshot!("pretty_suppressions", stdout);
}

#[test]
fn the_meta_rules_are_explained() {
    let output = huashu()
        .args(["rules", "explain", "huashu.unused-suppression"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let stdout = String::from_utf8(output.stdout).unwrap();
    for expected in [
        "huashu.unused-suppression (meta rule, pack `huashu`)",
        "category: meta · severity: warning · points: 0 · fix: none",
        "Message\n  无效的豁免注释",
        "  ✗ # huashu: ignore[*]",
    ] {
        assert!(stdout.contains(expected), "missing {expected:?}:\n{stdout}");
    }
}

/// Narrowing the run with `--select` or `--ignore` leaves the comments for the other rules
/// alone: they name rules that exist, only not in this run. A misspelt id is still reported.
#[test]
fn comments_for_rules_switched_off_are_not_unknown() {
    let call = "\
# huashu: disable[greeting.three-part, closing.standard]
客服:喂,您好,这边是信用卡中心。 # huashu: ignore[banned.wei]
客户:我的卡怎么又被冻结了?
客服:你稍等,我帮您查一下。 # huashu: ignore[honorific.ni, tone.*]
客服:查到了,是系统风控,已经给您解冻了。 # huashu: ignore[banned.wie]
";
    let rules_found = |args: &[&str]| {
        let (code, json) = run_json(
            huashu()
                .args(["check", "--format", "json", "--fail-on", "warning"])
                .args(args)
                .arg("-")
                .write_stdin(call),
        );
        let mut rules: Vec<String> = violations(&json)
            .iter()
            .map(|v| format!("{} {}", v["rule"].as_str().unwrap(), v["matched"]))
            .collect();
        rules.sort();
        (code, rules)
    };
    // Only the banned words: the comments for honorific.ni, tone.* and the etiquette rules are
    // not unknown; banned.wie is.
    let (code, rules) = rules_found(&["--select", "banned.*"]);
    assert_eq!(
        rules,
        ["huashu.unknown-rule-in-suppression \"banned.wie\""],
        "{rules:?}"
    );
    assert_eq!(code, 1);
    // The same with --ignore.
    let (_, rules) = rules_found(&["--ignore", "honorific.*,tone.*,etiquette.*"]);
    assert!(
        rules
            .iter()
            .all(|r| !r.starts_with("huashu.") || r.contains("banned.wie")),
        "{rules:?}"
    );
    // Without the misspelt entry, a narrowed run passes CI.
    let fixed = call.replace(" # huashu: ignore[banned.wie]", "");
    let output = huashu()
        .args(["check", "--format", "concise", "--select", "banned.*", "-"])
        .write_stdin(fixed)
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(0), "{stdout}");
}
