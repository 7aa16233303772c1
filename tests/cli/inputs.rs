//! Input formats, directories, standard input and bad input.

use std::io::Write;

use super::*;

#[test]
fn boundary_traps_and_customer_speech_stay_silent() {
    let (code, json) = check_json(&["tests/fixtures/traps.txt"]);
    assert_eq!(rule_and_matched(&json), Vec::<(String, String)>::new());
    assert_eq!(code, 0);
    // With every built-in pack, no word-level rule fires either; the transcript is a fragment,
    // so only call-level rules (its greeting and closing) may.
    let (_, json) = check_json_builtin(&["tests/fixtures/traps.txt"]);
    for v in violations(&json) {
        let category = v["category"].as_str().unwrap();
        assert!(
            ["greeting", "closing", "response", "timing"].contains(&category),
            "{v}"
        );
    }
}

#[test]
fn scripts_are_agent_speech_and_comments_are_skipped() {
    let (_, json) = check_json(&["tests/fixtures/script_greeting.txt"]);
    assert_eq!(
        rule_and_matched(&json),
        [("tone.command".to_owned(), "你别再问了".to_owned())]
    );
    let v = violations(&json)[0];
    assert_eq!(
        (v["line"].as_u64(), v["column"].as_u64()),
        (Some(6), Some(1))
    );
    assert_eq!(v["turn"], 3);
    assert_eq!(json["files"][0]["calls"][0]["id"], Value::Null);
}

#[test]
fn telecom_case_study_with_custom_labels() {
    let (code, json) = check_json_builtin(&[
        "--label",
        "B=agent",
        "--label",
        "A=customer",
        "tests/fixtures/case_study_telecom.txt",
    ]);
    assert_eq!(code, 1);
    let found = rule_and_matched(&json);
    for (rule, matched) in [
        ("banned.wei", "喂"),
        ("banned.impossible", "不可能"),
        ("banned.unclear", "不清楚"),
        ("tone.interrogation", "你这叫什么话"),
        ("tone.interrogation", "凭什么"),
        ("tone.deflect", "在哪买的,就去哪看看"),
        ("tone.deflect", "在哪买的你就去修"),
    ] {
        assert!(
            found.contains(&(rule.to_owned(), matched.to_owned())),
            "{rule} {matched} missing from {found:?}"
        );
    }
    // Nothing the customer says is held against the agent: the only violations placed on customer
    // turns are answers the agent owed (the complaint threat went unanswered).
    for v in violations(&json) {
        if v["speaker"] == "customer" {
            assert_eq!(v["category"], "response", "{v}");
        }
    }
}

#[test]
fn jsonl_bad_lines_are_reported_and_the_rest_checked() {
    let (code, json) = check_json(&["tests/fixtures/calls.jsonl"]);
    assert_eq!(code, 2, "a file with unreadable lines is trouble");
    let file = &json["files"][0];
    let error = file["error"].as_str().unwrap();
    assert!(error.contains("line 2"), "{error}");
    assert!(
        error.contains("line 3") && error.contains("boss"),
        "{error}"
    );
    let ids: Vec<&str> = file["calls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["j-001", "j-004"]);
    let found = rule_and_matched(&json);
    assert_eq!(
        found,
        [
            ("banned.shirking".to_owned(), "这不是我的事".to_owned()),
            ("tone.deflect".to_owned(), "你去营业厅问一下吧".to_owned()),
            ("banned.no-way".to_owned(), "我沒辦法".to_owned()),
        ]
    );
    // Line 4 has an escaped quote before the hit: the column still counts file characters.
    let line4 = std::fs::read_to_string(root().join("tests/fixtures/calls.jsonl"))
        .unwrap()
        .lines()
        .nth(3)
        .unwrap()
        .to_owned();
    let v = violations(&json)[2];
    let col = v["column"].as_u64().unwrap() as usize;
    let end = v["end_column"].as_u64().unwrap() as usize;
    let text: String = line4.chars().skip(col - 1).take(end - col).collect();
    assert_eq!(text, "我沒辦法");
}

#[test]
fn json_arrays_and_spaced_out_words() {
    let (_, json) = check_json(&["tests/fixtures/call_array.json"]);
    let found = rule_and_matched(&json);
    assert_eq!(
        found,
        [
            ("banned.dont-know".to_owned(), "不 知 道".to_owned()),
            ("tone.rhetorical".to_owned(), "怎么又问".to_owned()),
        ]
    );
    let v = violations(&json)[0];
    assert_eq!(v["line"], 12);
}

#[test]
fn directories_are_walked_in_order_and_only_transcripts_read() {
    let (code, json) = check_json(&["tests/fixtures/batch"]);
    assert_eq!(code, 1);
    let paths: Vec<&str> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        [
            "tests/fixtures/batch/a_call.txt",
            "tests/fixtures/batch/clean.txt",
            "tests/fixtures/batch/nested/b_calls.jsonl",
        ]
    );
    assert_eq!(json["summary"]["files"], 3);
    assert_eq!(json["summary"]["calls"], 3);
}

#[test]
fn standard_input_is_sniffed() {
    let output = lint()
        .args(["--format", "json", "-"])
        .write_stdin(
            "{\"id\": \"s1\", \"turns\": [{\"speaker\": \"agent\", \"text\": \"喂,说话呀!\"}]}\n",
        )
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["files"][0]["path"], "<stdin>");
    assert_eq!(json["files"][0]["calls"][0]["id"], "s1");
    assert_eq!(
        rule_and_matched(&json),
        [
            ("banned.wei".to_owned(), "喂".to_owned()),
            ("banned.urge-speak".to_owned(), "说话呀".to_owned())
        ]
    );

    let output = lint()
        .args(["--format", "concise", "-"])
        .write_stdin("客户:你好\r\n客服:这个我不知道\r\n")
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "<stdin>:2:7: banned.dont-know [warning] 禁用语「不知道」:不得以「不知道」回答客户\n<stdin>:1: call -: score 95/100 passed\n"
    );
}

#[test]
fn bom_and_crlf_keep_columns_exact() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bom.txt");
    std::fs::write(
        &path,
        "\u{feff}客服:喂,您好\r\n客户:你好\r\n客服:这个我不知道\r\n",
    )
    .unwrap();
    let (_, json) = check_json(&[path.to_str().unwrap()]);
    let positions: Vec<(u64, u64)> = violations(&json)
        .iter()
        .map(|v| (v["line"].as_u64().unwrap(), v["column"].as_u64().unwrap()))
        .collect();
    assert_eq!(positions, [(1, 4), (3, 7)]);
}

#[test]
fn unreadable_inputs_do_not_stop_the_batch() {
    let dir = tempfile::tempdir().unwrap();
    let gbk = dir.path().join("gbk.txt");
    let mut file = std::fs::File::create(&gbk).unwrap();
    file.write_all("客服:您好\n客服:".as_bytes()).unwrap();
    file.write_all(&[0xB2, 0xBB, 0xD6, 0xAA, 0xB5, 0xC0, b'\n'])
        .unwrap(); // 不知道 in GBK
    drop(file);
    let output = lint()
        .args(["--format", "concise"])
        .arg(&gbk)
        .arg("tests/fixtures/does-not-exist.txt")
        .arg("tests/fixtures/batch/a_call.txt")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains(&format!(
            "{}: error: line 2, column 4: not valid UTF-8",
            gbk.display()
        )),
        "{stderr}"
    );
    assert!(stderr.contains("tests/fixtures/does-not-exist.txt: error: no such file or directory"));
    // The good file after the bad ones is still checked.
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("tests/fixtures/batch/a_call.txt:3:7: banned.dont-know"));
}

#[test]
fn malformed_times_name_the_line() {
    let output = lint()
        .args(["--format", "json", "-"])
        .write_stdin("[00:01.0-00:03.0] 客服:您好\n[00:7x-00:09] 客户:我要投诉\n[00:09.0-00:12.0] 客服:不可能\n")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let error = json["files"][0]["error"].as_str().unwrap();
    assert!(error.starts_with("line 2, column 1:"), "{error}");
    assert_eq!(
        rule_and_matched(&json),
        [("banned.impossible".to_owned(), "不可能".to_owned())]
    );
}

#[test]
fn bad_label_option_is_a_usage_error() {
    let output = lint()
        .args(["--label", "B=boss", "tests/fixtures/traps.txt"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8(output.stderr)
        .unwrap()
        .contains("unknown speaker `boss`"));
}

#[test]
fn empty_binary_and_comment_only_files_are_errors_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    let comments = dir.path().join("comments.txt");
    std::fs::write(&comments, "# 通话 0001\n# 只有注释\n\n").unwrap();
    let binary = dir.path().join("recording.txt");
    std::fs::write(&binary, b"RIFF\x00\x00\x00\x00WAVEfmt ").unwrap();
    let deep = dir.path().join("deep.json");
    std::fs::write(&deep, format!("{}{}", "[".repeat(5000), "]".repeat(5000))).unwrap();
    let output = lint()
        .args(["--format", "json"])
        .args([&empty, &comments, &binary, &deep])
        .arg("tests/fixtures/batch/a_call.txt")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let errors: Vec<&str> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["error"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(errors[0], "the file is empty: no turns to check");
    assert_eq!(
        errors[1],
        "no turns found: every line is a comment or blank"
    );
    assert!(
        errors[2].starts_with("looks like a binary file (a NUL byte at byte 4)"),
        "{}",
        errors[2]
    );
    assert!(
        errors[3].contains("expected a call object"),
        "{}",
        errors[3]
    );
    assert_eq!(errors[4], "", "the good file is still checked");
    assert_eq!(
        json["files"][4]["calls"][0]["violations"][0]["rule"],
        "banned.dont-know"
    );
}

/// Unknown speaker labels are not silently read as an agent script: the agent is inferred per
/// call, the customer's words cost nothing, and a warning names the file, the speaker taken as
/// agent, why, and the `--label` that says so outright.
#[test]
fn unknown_labels_infer_the_agent_per_call_and_say_so() {
    let file = "tests/fixtures/imports/text_unknown_labels.txt";
    let output = huashu()
        .args(["check", "--format", "json", file])
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains(&format!(
            "warning: {file}: line 1, column 1: speaker labels"
        )) && stderr.contains("took `spk1` as the agent")
            && stderr.contains("--label spk1=agent --label spk0=customer"),
        "{stderr}"
    );
    // The second call's speakers are the other way round.
    assert!(stderr.contains("took `spk0` as the agent"), "{stderr}");
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let found = rule_and_matched(&json);
    // The customer's 喂 is context; the agent's 不知道 and the second call's agent greeting count.
    assert!(
        found.contains(&("banned.dont-know".to_owned(), "不知道".to_owned())),
        "{found:?}"
    );
    // Only the response rules report at the customer's turn that triggers them: here
    // 「你们这什么破银行」, a complaint the agent answers without an apology.
    assert!(
        violations(&json)
            .iter()
            .all(|v| v["speaker"] == "agent" || v["rule"] == "response.complaint"),
        "{json:#}"
    );
}
