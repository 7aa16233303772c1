//! Bulk QA: parallel checking in a stable order, globs and ignore files, progress, encodings and
//! call metadata from file names.

use std::path::Path;

use super::*;

/// `count` small calls, one file each, some with violations.
fn generate_calls(dir: &Path, count: usize) {
    for i in 0..count {
        let text = match i % 3 {
            0 => "客服:您好,请问有什么可以帮您?\n客户:查话费。\n客服:这个我不知道。\n",
            1 => "客服:您好\n客户:我要投诉\n客服:不可能,您再看看\n",
            _ => "客服:您好,请问有什么可以帮您?\n客户:没事了。\n客服:好的,再见。\n",
        };
        let sub = dir.join(format!("day{}", i % 4));
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(sub.join(format!("call_{i:03}.txt")), text).unwrap();
    }
}

#[test]
fn output_is_the_same_whatever_the_number_of_threads() {
    let dir = tempfile::tempdir().unwrap();
    generate_calls(dir.path(), 60);
    let run = |threads: &str| {
        let output = lint()
            .args([
                "--format",
                "json",
                "--threads",
                threads,
                "tests/fixtures/batch",
            ])
            .arg(dir.path())
            .output()
            .unwrap();
        (output.status.code(), output.stdout)
    };
    let (code, one) = run("1");
    assert_eq!(code, Some(1));
    let json: Value = serde_json::from_slice(&one).unwrap();
    assert_eq!(json["summary"]["files"], 63);
    let paths: Vec<&str> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    let mut sorted = paths[3..].to_vec();
    sorted.sort_unstable();
    assert_eq!(paths[3..], sorted, "walked in sorted order");
    for threads in ["2", "8"] {
        let (code, many) = run(threads);
        assert_eq!(code, Some(1));
        assert!(one == many, "--threads {threads} changed the output");
    }
}

/// The calls of one big file are checked in parallel too, and (with more than one thread) the
/// calls past the first chunk of 1,024 are checked while the ones before are printed: the
/// output is the same, in the same order, whatever the number of threads, and so is the
/// summary.
#[test]
fn one_big_file_gives_the_same_output_whatever_the_number_of_threads() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::new();
    // Two chunks and a part of a third past the first one.
    let total = 1024 * 3 + 100;
    for i in 0..total {
        text.push_str(&format!("# 通话 C{i:04}\n"));
        text.push_str(match i % 4 {
            0 => "客服:您好,请问有什么可以帮您?\n客户:查话费。\n客服:这个我不知道,你自己去查。\n",
            1 => "客服:喂?\n客户:我要投诉\n客服:随便你投诉,不可能的。\n",
            2 => "客服:您好,欢迎致电,很高兴为您服务,请问有什么可以帮您?\n客户:没事了。\n客服:感谢您的来电,再见。\n",
            _ => "客服:这个这个,就是说,您稍等啊。\n客户:好。\n",
        });
    }
    let path = dir.path().join("export.txt");
    std::fs::write(&path, text).unwrap();
    let run = |format: &str, threads: &str| {
        let output = huashu()
            .args(["check", "--format", format, "--threads", threads])
            .arg(&path)
            .output()
            .unwrap();
        (output.status.code(), output.stdout)
    };
    let (code, one) = run("jsonl", "1");
    assert_eq!(code, Some(1));
    let calls: Vec<String> = one
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| {
            serde_json::from_slice::<Value>(l).unwrap()["call"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert!(calls.len() > 2 * total, "{}", calls.len());
    assert_eq!(calls.last().map(String::as_str), Some("C3171"));
    let mut sorted = calls.clone();
    sorted.sort();
    assert_eq!(calls, sorted, "calls in file order");
    for threads in ["2", "8"] {
        let (code, many) = run("jsonl", threads);
        assert_eq!(code, Some(1));
        assert!(one == many, "--threads {threads} changed the output");
    }
    let (_, one) = run("json", "1");
    let json: Value = serde_json::from_slice(&one).unwrap();
    assert_eq!(json["summary"]["calls"], total);
    assert_eq!(json["files"][0]["calls"].as_array().unwrap().len(), total);
    assert_eq!(json["files"][0]["calls"][total - 1]["id"], "C3171");
    let (_, many) = run("json", "2");
    assert!(one == many, "--threads 2 changed the JSON output");
    let (_, one) = run("concise", "1");
    let (_, many) = run("concise", "2");
    assert!(one == many, "--threads 2 changed the concise output");
}

#[test]
fn globs_include_and_exclude() {
    let paths = |args: &[&str]| -> Vec<String> {
        let (_, json) = check_json(args);
        json["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["path"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        paths(&["--glob", "*.jsonl", "tests/fixtures/batch"]),
        ["tests/fixtures/batch/nested/b_calls.jsonl"]
    );
    assert_eq!(
        paths(&["-g", "!nested/**", "tests/fixtures/batch"]),
        [
            "tests/fixtures/batch/a_call.txt",
            "tests/fixtures/batch/clean.txt"
        ]
    );
    assert_eq!(
        paths(&["-g", "*.txt", "-g", "!clean*", "tests/fixtures/batch"]),
        ["tests/fixtures/batch/a_call.txt"]
    );
    // A file named on the command line is checked whatever the globs.
    assert_eq!(
        paths(&["-g", "*.jsonl", "tests/fixtures/batch/clean.txt"]),
        ["tests/fixtures/batch/clean.txt"]
    );
    let output = lint()
        .args(["-g", "[", "tests/fixtures/batch"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("invalid --glob `[`"));
}

#[test]
fn gitignore_is_honoured_unless_no_ignore() {
    let dir = tempfile::tempdir().unwrap();
    generate_calls(dir.path(), 8);
    std::fs::write(dir.path().join(".gitignore"), "day1/\ncall_000.txt\n").unwrap();
    let count = |extra: &[&str]| {
        let (_, json) = run_json(
            lint()
                .args(["--format", "json"])
                .args(extra)
                .arg(dir.path()),
        );
        json["summary"]["files"].as_u64().unwrap()
    };
    // day1 holds calls 1 and 5; call_000 is in day0.
    assert_eq!(count(&[]), 5);
    assert_eq!(count(&["--no-ignore"]), 8);
}

#[test]
fn no_progress_bar_outside_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    generate_calls(dir.path(), 240);
    for threads in ["1", "2"] {
        let output = lint()
            .env_remove("CI")
            .args(["--format", "json", "--threads", threads])
            .arg(dir.path())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1));
        assert!(
            output.stderr.is_empty(),
            "stderr is a pipe: no progress bytes, got {:?}",
            String::from_utf8_lossy(&output.stderr)
        );
        let json: Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(json["summary"]["files"], 240);
    }
}

/// (rule, line, column, end_line, end_column) of every violation.
fn placed(json: &Value) -> Vec<(String, u64, u64, u64, u64)> {
    violations(json)
        .into_iter()
        .map(|v| {
            let n = |k: &str| v[k].as_u64().unwrap();
            (
                v["rule"].as_str().unwrap().to_owned(),
                n("line"),
                n("column"),
                n("end_line"),
                n("end_column"),
            )
        })
        .collect()
}

#[test]
fn every_encoding_gives_the_violations_of_its_utf8_twin() {
    let (code, twin) = check_json_builtin(&["tests/fixtures/encodings/call_utf8.txt"]);
    assert_eq!(code, 1);
    let expected = placed(&twin);
    assert!(expected.len() >= 6, "{expected:?}");
    assert!(expected.contains(&("banned.dont-know".to_owned(), 6, 29, 6, 32)));
    assert_eq!(twin["files"][0]["encoding"], "utf-8");
    for (file, encoding) in [
        ("call_gbk.txt", "gb18030"),
        ("call_utf16le.txt", "utf-16le"),
        ("call_utf16be.txt", "utf-16be"),
    ] {
        let path = format!("tests/fixtures/encodings/{file}");
        let (code, json) = check_json_builtin(&[&path]);
        assert_eq!(code, 1, "{file}");
        assert_eq!(json["files"][0]["encoding"], encoding, "{file}");
        assert_eq!(placed(&json), expected, "{file}");
        assert_eq!(json["files"][0]["calls"][0]["id"], "20261121-0007");
    }
    // Standard input too (read whole: it is plain text).
    let bytes = std::fs::read(root().join("tests/fixtures/encodings/call_gbk.txt")).unwrap();
    let (_, json) = run_json(
        huashu()
            .args(["check", "--format", "json", "-"])
            .write_stdin(bytes),
    );
    assert_eq!(json["files"][0]["encoding"], "gb18030");
    assert_eq!(placed(&json), expected);
}

#[test]
fn forced_encodings() {
    let (_, twin) = check_json(&["tests/fixtures/encodings/call_utf8.txt"]);
    let (code, json) = check_json(&["--encoding", "gbk", "tests/fixtures/encodings/call_gbk.txt"]);
    assert_eq!(code, 1);
    assert_eq!(json["files"][0]["encoding"], "gbk");
    assert_eq!(placed(&json), placed(&twin));
    let (_, json) = check_json(&[
        "--encoding",
        "utf-16be",
        "tests/fixtures/encodings/call_utf16be.txt",
    ]);
    assert_eq!(placed(&json), placed(&twin));
    // Forced to an encoding the bytes are not in: an error naming the place, never mojibake.
    let (code, json) = check_json(&[
        "--encoding",
        "utf-8",
        "tests/fixtures/encodings/call_gbk.txt",
        "tests/fixtures/encodings/call_utf16le.txt",
    ]);
    assert_eq!(code, 2);
    assert_eq!(
        json["files"][0]["error"],
        "line 1, column 4: not valid UTF-8 (byte 4)"
    );
    assert!(json["files"][0]["calls"].as_array().unwrap().is_empty());
    assert_eq!(json["files"][0]["encoding"], Value::Null);
    assert_eq!(
        json["files"][1]["error"],
        "the file starts with a UTF-16LE byte-order mark, but the encoding was forced to UTF-8"
    );
    let output = lint().args(["--encoding", "latin1", "x"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn undecodable_files_are_errors_naming_the_path_and_the_batch_goes_on() {
    let output = lint()
        .args(["--format", "concise"])
        .arg("tests/fixtures/encodings/undecodable.dat")
        .arg("tests/fixtures/encodings/call_gbk.txt")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.starts_with(
            "tests/fixtures/encodings/undecodable.dat: error: line 1, column 1: not valid UTF-8 (byte 0), nor GB18030 text"
        ),
        "{stderr}"
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.contains("tests/fixtures/encodings/call_gbk.txt:6:29: banned.dont-know"),
        "{stdout}"
    );
}

#[test]
fn name_patterns_give_agent_date_and_call() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("1022_20261120_0042.txt"),
        "客服:您好\n客户:你好\n客服:这个我不知道\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("notes.txt"), "客服:不可能\n").unwrap();
    std::fs::write(
        dir.path().join("2001_20261121_day.jsonl"),
        "{\"id\": \"j-1\", \"agent\": \"3003\", \"turns\": [{\"speaker\": \"agent\", \"text\": \"不知道\"}]}\n{\"id\": \"j-2\", \"turns\": [{\"speaker\": \"agent\", \"text\": \"不知道\"}]}\n",
    )
    .unwrap();
    let output = lint()
        .args([
            "--format",
            "json",
            "--name-pattern",
            "{agent}_{date}_{call}",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "a warning is not an error");
    let stderr = String::from_utf8(output.stderr).unwrap();
    let notes = dir.path().join("notes.txt");
    assert_eq!(
        stderr,
        format!(
            "warning: {}: the file name does not match --name-pattern '{{agent}}_{{date}}_{{call}}': no agent, date, team or call id from it\n",
            notes.display()
        )
    );
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let calls: Vec<(Value, Value, Value, Value)> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["calls"].as_array().unwrap())
        .map(|c| {
            (
                c["id"].clone(),
                c["agent"].clone(),
                c["date"].clone(),
                c["team"].clone(),
            )
        })
        .collect();
    let s = |v: &str| Value::from(v);
    assert_eq!(
        calls,
        [
            (s("0042"), s("1022"), s("2026-11-20"), Value::Null),
            // The source's own fields win; the name fills what it does not say.
            (s("j-1"), s("3003"), s("2026-11-21"), Value::Null),
            (s("j-2"), s("2001"), s("2026-11-21"), Value::Null),
            (Value::Null, Value::Null, Value::Null, Value::Null),
        ]
    );
    // The same fields in JSON Lines and CSV output.
    let output = lint()
        .args([
            "--format",
            "jsonl",
            "--name-pattern",
            "{agent}_{date}_{call}.txt",
        ])
        .arg(dir.path().join("1022_20261120_0042.txt"))
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let record: Value = serde_json::from_str(stdout.lines().next().unwrap()).unwrap();
    assert_eq!(
        (&record["call"], &record["agent"], &record["date"]),
        (&s("0042"), &s("1022"), &s("2026-11-20"))
    );
    let output = lint()
        .args([
            "--format",
            "csv",
            "--name-pattern",
            "{agent}_{date}_{call}.txt",
        ])
        .arg(dir.path().join("1022_20261120_0042.txt"))
        .output()
        .unwrap();
    let mut reader = csv::Reader::from_reader(output.stdout.as_slice());
    let header = reader.headers().unwrap().clone();
    assert_eq!(
        header.iter().skip(18).collect::<Vec<_>>(),
        ["agent", "date", "team"]
    );
    let row = reader.records().next().unwrap().unwrap();
    assert_eq!(
        (&row[1], &row[18], &row[19]),
        ("0042", "1022", "2026-11-20")
    );

    let output = lint()
        .args(["--name-pattern", "{agnet}.txt", "tests/fixtures/batch"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("unknown placeholder `{agnet}`"));
}
