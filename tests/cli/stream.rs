//! Standard input as a stream: JSON Lines in, results out call by call, in constant memory —
//! the contract of a Spark `pipe` or Hadoop streaming mapper (see `examples/pipe/`).

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdout, Command as Process, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use super::*;

/// One call as a JSON line; `padding` bytes of metadata make lines as long as real exports.
fn call_line(i: usize, padding: usize) -> String {
    let text = if i % 2 == 0 {
        "这个我不知道,您再等等吧"
    } else {
        "好的,我帮您查询一下"
    };
    format!(
        "{{\"id\": \"c{i}\", \"agent\": \"{}\", \"note\": \"{}\", \"turns\": [{{\"speaker\": \"customer\", \"text\": \"我的宽带断了\"}}, {{\"speaker\": \"agent\", \"text\": \"{text}\"}}]}}\n",
        1000 + i % 7,
        "x".repeat(padding)
    )
}

/// `huashu check --format jsonl --fail-on never -` with the phrase packs, as a mapper runs it.
fn mapper() -> Child {
    Process::new(assert_cmd::cargo::cargo_bin!("huashu"))
        .current_dir(root())
        .args(["check", "--format", "jsonl", "--fail-on", "never"])
        .args(PHRASE_PACKS)
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Reads stdout lines on a thread, so that the test can wait for them with a timeout.
fn lines_of(stdout: ChildStdout) -> mpsc::Receiver<String> {
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            if sender.send(line.unwrap()).is_err() {
                break;
            }
        }
    });
    receiver
}

#[test]
fn each_call_is_answered_before_standard_input_closes() {
    let mut child = mapper();
    let mut stdin = child.stdin.take().unwrap();
    let lines = lines_of(child.stdout.take().unwrap());
    for i in [0, 2] {
        stdin.write_all(call_line(i, 0).as_bytes()).unwrap();
        stdin.flush().unwrap();
        // Standard input is still open: the result can only come from streaming.
        let line = lines
            .recv_timeout(Duration::from_secs(60))
            .expect("a result for the call while standard input is still open");
        let record: Value = serde_json::from_str(&line).unwrap();
        assert_eq!(record["call"], format!("c{i}"));
        assert_eq!(record["rule"], "banned.dont-know");
        assert_eq!(record["line"], if i == 0 { 1 } else { 2 });
        // Then the record that closes the call.
        let line = lines.recv_timeout(Duration::from_secs(60)).unwrap();
        let record: Value = serde_json::from_str(&line).unwrap();
        assert_eq!(
            (&record["type"], &record["call"], &record["violations"]),
            (
                &Value::from("call"),
                &Value::from(format!("c{i}")),
                &Value::from(1)
            )
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    drop(stdin);
    assert!(child.wait().unwrap().success());
    assert!(lines.recv().is_err(), "nothing more");
}

#[test]
fn the_mapper_contract() {
    // Many calls in; one object per violation out, each with its call id; a bad line is an
    // error object for that line, and the exit status says so.
    let mut input: String = (0..300).map(|i| call_line(i, 0)).collect();
    let output = lint()
        .args(["--format", "jsonl", "--fail-on", "never", "-"])
        .write_stdin(input.clone())
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "--fail-on never: violations do not fail"
    );
    let (calls, records): (Vec<Value>, Vec<Value>) = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .partition(|r| r["type"] == "call");
    // Every call is answered, clean ones included; violations as before.
    assert_eq!(calls.len(), 300);
    assert!(calls
        .iter()
        .enumerate()
        .all(|(n, c)| c["call"] == format!("c{n}") && c["violations"] == (1 - n % 2)));
    assert_eq!(records.len(), 150);
    for (n, record) in records.iter().enumerate() {
        assert_eq!(record["call"], format!("c{}", n * 2));
        assert_eq!(record["call_line"], n * 2 + 1);
        assert_eq!(record["agent"], format!("{}", 1000 + (n * 2) % 7));
        assert_eq!(record["path"], "<stdin>");
    }
    input.insert_str(call_line(0, 0).len(), "{\"id\": \"broken\"\n");
    let output = lint()
        .args(["--format", "jsonl", "--fail-on", "never", "-"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(2),
        "an unreadable line is trouble"
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    let second: Value = serde_json::from_str(stdout.lines().nth(2).unwrap()).unwrap();
    assert!(second["error"]
        .as_str()
        .unwrap()
        .starts_with("line 2, column 15: invalid JSON"));
    assert_eq!(stdout.lines().count(), 451);
}

#[test]
fn streamed_results_equal_the_file_s() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("day.jsonl");
    let source = "\u{feff}\n{\"id\": \"a\", \"turns\": [{\"speaker\": \"agent\", \"text\": \"喂,\\\"不知道\\\"\"}]}\r\n{oops}\n\n{\"id\": \"b\", \"turns\": [{\"speaker\": \"agent\", \"text\": \"不可能\", \"start\": 3}, {\"speaker\": \"customer\", \"text\": \"嗯\", \"start\": 1}]}\n";
    std::fs::write(&path, source).unwrap();
    let (file_code, file) = check_json(&[path.to_str().unwrap()]);
    let (stdin_code, stdin) = run_json(lint().args(["--format", "json", "-"]).write_stdin(source));
    assert_eq!((file_code, stdin_code), (2, 2));
    assert_eq!(file["files"][0]["calls"], stdin["files"][0]["calls"]);
    assert_eq!(file["files"][0]["error"], stdin["files"][0]["error"]);
    assert_eq!(file["summary"], stdin["summary"]);
    // GB18030 lines stream too (the first line tells the encoding).
    let gbk: Vec<u8> = [
        0x7B, 0x22, 0x69, 0x64, 0x22, 0x3A, 0x20, 0x22, 0x67, 0x22, 0x2C, 0x20,
    ]
    .iter()
    .copied()
    .chain(
        "\"turns\": [{\"speaker\": \"agent\", \"text\": \""
            .bytes()
            .chain([0xB2, 0xBB, 0xD6, 0xAA, 0xB5, 0xC0]) // 不知道
            .chain("\"}]}\n".bytes()),
    )
    .collect();
    let (_, json) = run_json(lint().args(["--format", "json", "-"]).write_stdin(gbk));
    assert_eq!(json["files"][0]["encoding"], "gb18030");
    assert_eq!(
        rule_and_matched(&json),
        [("banned.dont-know".to_owned(), "不知道".to_owned())]
    );
}

/// Streams `calls` padded calls through the mapper; returns the child's peak resident memory
/// (VmHWM, in KB) once it has read them all, and the number of result lines.
#[cfg(target_os = "linux")]
fn peak_memory_streaming(calls: usize, padding: usize) -> (u64, usize) {
    let mut child = mapper();
    let pid = child.id();
    let stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let counter = std::thread::spawn(move || BufReader::new(stdout).lines().count());
    let mut writer = std::io::BufWriter::with_capacity(1 << 16, stdin);
    for i in 0..calls {
        writer.write_all(call_line(i, padding).as_bytes()).unwrap();
    }
    writer.flush().unwrap();
    // Everything is written: the child has read all but a pipe's worth, and is still running.
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let peak = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap();
    drop(writer);
    assert!(child.wait().unwrap().success());
    (peak, counter.join().unwrap())
}

#[cfg(target_os = "linux")]
#[test]
fn streaming_memory_stays_flat() {
    // 2 KB lines: 4,000 calls are 8 MB, 24,000 are 48 MB. Read whole, the larger batch would
    // cost hundreds of MB more; streamed, it costs what the smaller one does.
    let (small, small_lines) = peak_memory_streaming(4_000, 2_000);
    let (large, large_lines) = peak_memory_streaming(24_000, 2_000);
    // A violation in every other call, and a record closing each call.
    assert_eq!((small_lines, large_lines), (6_000, 36_000));
    eprintln!("peak memory: {small} KB for 8 MB, {large} KB for 48 MB");
    assert!(
        large < small + 16 * 1024,
        "peak memory grew with the input: {small} KB for 8 MB, {large} KB for 48 MB"
    );
    assert!(large < 150 * 1024, "peak memory {large} KB");
}

/// The full-size check: 200,000 calls (about 100 MB) through the pipe. Slow in a debug build:
/// `cargo test --release --test cli -- --ignored streaming_memory_at_scale`.
#[cfg(target_os = "linux")]
#[test]
#[ignore]
fn streaming_memory_at_scale() {
    let (peak, lines) = peak_memory_streaming(200_000, 350);
    assert_eq!(lines, 100_000);
    assert!(peak < 150 * 1024, "peak memory {peak} KB");
}
