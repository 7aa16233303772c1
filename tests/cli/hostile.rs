//! Hostile input at scale: a 50 MB line with no punctuation at all.

use super::*;

/// One agent turn of 50 MB of Han text without punctuation, a 喂 after every 440 characters:
/// every one is found, at its exact column, and the check finishes (the locations of a huge
/// line's findings are counted on from one to the next, not from the line start each time,
/// and segmentation looks at a bounded window around each hit).
#[test]
fn a_50_mb_line_without_punctuation_is_checked_exactly() {
    let unit = "我们的宽带套餐资费每月五十八元包含三十G流量".repeat(20);
    assert_eq!(unit.chars().count(), 440);
    let block = format!("{unit}喂");
    let blocks = 50_000_000 / block.len();
    let mut text = String::with_capacity(blocks * block.len() + 16);
    text.push_str("客服:");
    for _ in 0..blocks {
        text.push_str(&block);
    }
    text.push('\n');
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("one-line.txt");
    std::fs::write(&path, &text).unwrap();
    drop(text);

    let output = huashu()
        .args(["check", "--format", "jsonl", "--select", "banned.wei"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let lines: Vec<Value> = output
        .stdout
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_slice::<Value>(l).unwrap())
        .filter(|v| v["type"] != "call")
        .collect();
    assert_eq!(lines.len(), blocks);
    for (i, v) in [0, 1, blocks / 2, blocks - 1].map(|i| (i, &lines[i])) {
        assert_eq!(v["rule"], "banned.wei");
        assert_eq!(v["line"], 1);
        assert_eq!(v["column"], 444 + 441 * i, "the {i}th 喂");
    }
}

/// Symlink loops, named on the command line or met while walking, never hang the walk or stop
/// the batch: a loop named directly is an error naming it; links inside a directory are not
/// followed (as ripgrep does), so a loop there is never entered.
#[cfg(unix)]
#[test]
fn symlink_loops_are_errors_and_the_batch_goes_on() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    symlink("loop", root.join("loop")).unwrap();
    symlink("b", root.join("a")).unwrap();
    symlink("a", root.join("b")).unwrap();
    std::fs::create_dir(root.join("calls")).unwrap();
    symlink("..", root.join("calls/parent")).unwrap();
    symlink(".", root.join("calls/itself")).unwrap();
    std::fs::write(root.join("calls/ok.txt"), "客服:这个我不知道。\n").unwrap();

    let output = Command::cargo_bin("huashu")
        .unwrap()
        .current_dir(root)
        .args([
            "--isolated",
            "check",
            "--format",
            "json",
            "--select",
            "banned.*",
        ])
        .args(["loop", "calls", "a"])
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let files: Vec<(&str, Option<&str>)> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["path"].as_str().unwrap(), f["error"].as_str()))
        .collect();
    assert_eq!(files.len(), 3, "{files:?}");
    assert_eq!(files[0].0, "loop");
    assert!(files[0].1.unwrap().contains("symbolic links"), "{files:?}");
    assert_eq!(files[1], ("calls/ok.txt", None));
    assert_eq!(files[2].0, "a");
    assert!(files[2].1.is_some());
    assert_eq!(
        rule_and_matched(&json),
        [("banned.dont-know".to_owned(), "不知道".to_owned())]
    );
}
