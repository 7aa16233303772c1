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
        .map(|l| serde_json::from_slice(l).unwrap())
        .collect();
    assert_eq!(lines.len(), blocks);
    for (i, v) in [0, 1, blocks / 2, blocks - 1].map(|i| (i, &lines[i])) {
        assert_eq!(v["rule"], "banned.wei");
        assert_eq!(v["line"], 1);
        assert_eq!(v["column"], 444 + 441 * i, "the {i}th 喂");
    }
}
