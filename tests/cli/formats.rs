//! The three output formats and the exit codes.

use super::*;

#[test]
fn json_contract_for_a_timestamped_call() {
    let (code, json) = check_json(&["tests/fixtures/call_timestamped.txt"]);
    assert_eq!(code, 1);
    assert_eq!(json["version"], 1);
    let file = &json["files"][0];
    assert_eq!(file["path"], "tests/fixtures/call_timestamped.txt");
    assert_eq!(file["error"], Value::Null);
    let call = &file["calls"][0];
    assert_eq!(call["id"], "T-0001");
    assert_eq!(call["line"], 1);

    let found = violations(&json);
    let dont_know = found
        .iter()
        .find(|v| v["rule"] == "banned.dont-know")
        .unwrap();
    // Line 4: "[00:00:08.800-00:00:13.000] 客服:这个我不知道,…"; the time range is 27
    // characters, then a space, 客服, ':' and 这个我, so 不 is character 35.
    assert_eq!(dont_know["line"], 4);
    assert_eq!(dont_know["column"], 35);
    assert_eq!(dont_know["end_line"], 4);
    assert_eq!(dont_know["end_column"], 38);
    assert_eq!(dont_know["turn"], 2);
    assert_eq!(dont_know["speaker"], "agent");
    assert_eq!(dont_know["matched"], "不知道");
    assert_eq!(dont_know["category"], "banned");
    assert_eq!(dont_know["severity"], "warning");
    assert_eq!(dont_know["points"], 5);
    assert_eq!(dont_know["suggestion"], "需要帮您查询一下");
    assert_eq!(dont_know["fix"], "suggest");

    // The continuation line (line 7) is part of turn 4, and its violation points at line 7.
    let no_way = found.iter().find(|v| v["rule"] == "banned.no-way").unwrap();
    assert_eq!(no_way["turn"], 4);
    assert_eq!(
        (no_way["line"].as_u64(), no_way["column"].as_u64()),
        (Some(7), Some(13))
    );
    assert_eq!(no_way["matched"], "我也没办法");

    // 100 - (喂 5 + 不知道 5 + 你必须 10 + 我也没办法 10)
    assert_eq!(call["score"], 70);
    let summary = &json["summary"];
    assert_eq!(summary["calls"], 1);
    assert_eq!(summary["violations"], 4);
    assert_eq!(summary["warnings"], 4);

    insta::assert_json_snapshot!("json_timestamped_call", json);
}

#[test]
fn every_violation_has_every_contract_field() {
    let (_, json) = check_json(&["tests/fixtures/"]);
    let keys = [
        "rule",
        "category",
        "severity",
        "points",
        "speaker",
        "turn",
        "line",
        "column",
        "end_line",
        "end_column",
        "matched",
        "message",
        "suggestion",
        "help",
        "fix",
    ];
    let all = violations(&json);
    assert!(all.len() > 10);
    for v in all {
        let object = v.as_object().unwrap();
        // An intent finding adds `confidence` and `evidence` (both or neither).
        let mut found: Vec<&str> = object
            .keys()
            .map(String::as_str)
            .filter(|k| !["confidence", "evidence"].contains(k))
            .collect();
        assert_eq!(
            object.contains_key("confidence"),
            object.contains_key("evidence")
        );
        found.sort_unstable();
        let mut expected = keys.to_vec();
        expected.sort_unstable();
        assert_eq!(found, expected);
        assert!(v["line"].as_u64().unwrap() >= 1);
        assert!(v["end_column"].as_u64() > v["column"].as_u64() || v["end_line"] != v["line"]);
    }
}

#[test]
fn pretty_output_points_at_the_words() {
    let output = lint()
        .args(["--color", "never", "tests/fixtures/call_timestamped.txt"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("banned.dont-know"));
    assert!(stdout.contains("[tests/fixtures/call_timestamped.txt:4:35]"));
    assert!(stdout.contains("help: 改为:这个我需要帮您查询一下,你必须先把手机号报给我。"));
    assert!(!stdout.contains('\u{1b}'), "no colour codes off a terminal");
    insta::assert_snapshot!("pretty_timestamped_call", stdout);
}

#[test]
fn pretty_colour_can_be_forced() {
    let output = lint()
        .args(["--color", "always", "tests/fixtures/call_timestamped.txt"])
        .output()
        .unwrap();
    assert!(String::from_utf8(output.stdout).unwrap().contains('\u{1b}'));
}

#[test]
fn concise_output_is_one_line_per_violation() {
    let output = lint()
        .args(["--format", "concise", "tests/fixtures/call_timestamped.txt"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines,
        [
            "tests/fixtures/call_timestamped.txt:2:32: banned.wei [warning] 禁用语「喂」:接听和沟通时不得以「喂」称呼客户",
            "tests/fixtures/call_timestamped.txt:4:35: banned.dont-know [warning] 禁用语「不知道」:不得以「不知道」回答客户",
            "tests/fixtures/call_timestamped.txt:4:39: tone.command [warning] 命令或不耐烦的语气:应把命令表述为请求",
            "tests/fixtures/call_timestamped.txt:7:13: banned.no-way [warning] 消极用语「没办法」:应告诉客户能做什么",
            "tests/fixtures/call_timestamped.txt:1: call T-0001: score 70/100 FAILED",
        ]
    );
}

#[test]
fn fail_on_sets_the_exit_code() {
    let file = "tests/fixtures/call_timestamped.txt"; // warnings only
    for (fail_on, code) in [("info", 1), ("warning", 1), ("error", 0), ("never", 0)] {
        let status = lint()
            .args(["--format", "concise", "--fail-on", fail_on, file])
            .output()
            .unwrap()
            .status;
        assert_eq!(status.code(), Some(code), "--fail-on {fail_on}");
    }
}

#[test]
fn clean_input_exits_zero() {
    // A compliant call passes every built-in pack, call-level rules included.
    let output = huashu()
        .args(["check", "tests/fixtures/batch/clean.txt"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(
        stdout.trim(),
        "No violations: 1 call in 1 file, mean score 100.0.\n1 of 1 call passed QA (pass mark 80)."
    );
}

#[test]
fn jsonl_is_one_object_per_violation_and_per_input_problem() {
    let output = lint()
        .args([
            "--format",
            "jsonl",
            "tests/fixtures/call_timestamped.txt",
            "tests/fixtures/nope.txt",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let records: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // Four violations, the record closing the call, and the missing input.
    assert_eq!(records.len(), 6);
    assert_eq!(records[4]["type"], "call");
    assert_eq!(records[4]["call"], "T-0001");
    assert_eq!(records[4]["violations"], 4);
    assert_eq!(records[4]["score"], 70);
    let first = &records[0];
    assert_eq!(first["version"], 1);
    assert_eq!(first["path"], "tests/fixtures/call_timestamped.txt");
    assert_eq!(first["call"], "T-0001");
    assert_eq!(first["call_line"], 1);
    assert_eq!(first["score"], 70);
    assert_eq!(first["rule"], "banned.wei");
    assert_eq!(
        (first["line"].as_u64(), first["column"].as_u64()),
        (Some(2), Some(32))
    );
    assert_eq!(records[5]["path"], "tests/fixtures/nope.txt");
    assert_eq!(records[5]["error"], "no such file or directory");
}

#[test]
fn csv_rows_are_neutralised_for_spreadsheets() {
    let output = lint()
        .args(["--format", "csv", "-"])
        .write_stdin("客服:=HYPERLINK(\"http://evil\") 这个我不知道\n客服:-1 不可能\n")
        .output()
        .unwrap();
    let mut reader = csv::Reader::from_reader(output.stdout.as_slice());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(header[0], "path");
    assert_eq!(header[11], "rule");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][11], "banned.dont-know");
    assert_eq!(&rows[0][15], "不知道");
    assert_eq!(&rows[1][11], "banned.impossible");
    for row in &rows {
        for cell in row.iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "a cell could run as a formula: {cell:?}"
            );
        }
    }
    // A whole-turn cell would start with the formula; with the built-in packs the greeting rule
    // reports the whole turn, and it comes out quoted.
    let output = huashu()
        .args(["check", "--format", "csv", "-"])
        .write_stdin("客服:=HYPERLINK(\"http://evil\") 您好\n")
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("'=HYPERLINK"), "{text}");
}

/// Excel on Chinese Windows reads a CSV file without a byte-order mark as GBK and garbles the
/// Chinese; `check --format csv` starts with one, and `--no-bom` leaves it out for programs.
#[test]
fn csv_starts_with_a_byte_order_mark_unless_no_bom() {
    let call = "客服:您好，这个我不知道\n客户:那你们谁知道？\n";
    let with = lint()
        .args(["--format", "csv", "-"])
        .write_stdin(call)
        .output()
        .unwrap();
    let with = String::from_utf8(with.stdout).unwrap();
    let body = with
        .strip_prefix('\u{feff}')
        .expect("the CSV starts with a byte-order mark");
    assert!(body.starts_with("path,call,call_line,"), "{body}");
    assert_eq!(
        with.matches('\u{feff}').count(),
        1,
        "one mark, at the start"
    );
    assert!(body.contains(",不知道,"), "{body}");
    // The csv crate, as a program reading the file would, still sees `path` as the first header.
    let mut reader = csv::Reader::from_reader(with.as_bytes());
    assert_eq!(&reader.headers().unwrap()[0], "path");

    let without = lint()
        .args(["--format", "csv", "--no-bom", "-"])
        .write_stdin(call)
        .output()
        .unwrap();
    let without = String::from_utf8(without.stdout).unwrap();
    assert_eq!(without, body, "the same rows, without the mark");

    // A clean call: still a header (with its mark), no rows.
    let clean = lint()
        .args(["--format", "csv", "-"])
        .write_stdin("客服:您好，请问有什么可以帮您？\n")
        .output()
        .unwrap();
    let clean = String::from_utf8(clean.stdout).unwrap();
    assert!(clean.starts_with("\u{feff}path,"), "{clean}");
    assert_eq!(clean.lines().count(), 1, "{clean}");
}
