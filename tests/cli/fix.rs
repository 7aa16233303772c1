//! `huashu fix`: diff mode, atomic in-place writes, idempotence, encodings and line endings,
//! configuration, JSON re-escaping, and files that must not be written.

use std::path::Path;

use super::*;

/// A script with safe fixes (你 → 您, a repeated 这个), a `suggest` fix (喂 → 您好), and a
/// customer turn whose 你 is not the agent's to fix. CRLF line endings and a BOM, as exported
/// from Windows tools.
const SCRIPT: &str = "\u{feff}# 外呼话术:宽带续约\r\n客服:你好,这个这个套餐你可以看一下。\r\n客户:你说的是哪个套餐?\r\n客服:喂,您还在听吗?\r\n";

/// The same after the safe fixes.
const SCRIPT_FIXED: &str = "\u{feff}# 外呼话术:宽带续约\r\n客服:您好,这个套餐您可以看一下。\r\n客户:你说的是哪个套餐?\r\n客服:喂,您还在听吗?\r\n";

fn fix_in(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("huashu").unwrap();
    cmd.current_dir(dir).env_remove("NO_COLOR").arg("fix");
    cmd
}

fn dir_with(name: &str, text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), text).unwrap();
    dir
}

fn read(dir: &tempfile::TempDir, name: &str) -> String {
    std::fs::read_to_string(dir.path().join(name)).unwrap()
}

#[test]
fn diff_mode_prints_a_unified_diff_and_writes_nothing() {
    let dir = dir_with("script.txt", SCRIPT);
    let output = fix_in(dir.path())
        .args(["--diff", "script.txt"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "there is something to fix");
    let diff = String::from_utf8(output.stdout).unwrap();
    assert!(
        diff.starts_with("--- a/script.txt\n+++ b/script.txt\n@@ -1,4 +1,4 @@\n"),
        "{diff}"
    );
    assert!(
        diff.contains(
            "-客服:你好,这个这个套餐你可以看一下。\r\n+客服:您好,这个套餐您可以看一下。\r\n"
        ),
        "{diff}"
    );
    assert!(
        !diff.contains("+客户"),
        "customer turns are not touched: {diff}"
    );
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("would apply 3 rewrites in 1 file"),
        "{stderr}"
    );
    assert_eq!(read(&dir, "script.txt"), SCRIPT, "--diff writes nothing");

    // Nothing to fix: exit 0 and no diff.
    let dir = dir_with("clean.txt", SCRIPT_FIXED);
    let output = fix_in(dir.path())
        .args(["--diff", "clean.txt"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stdout.is_empty());
}

#[test]
fn fixing_in_place_keeps_bom_line_endings_and_permissions_and_is_idempotent() {
    let dir = dir_with("script.txt", SCRIPT);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let perms = std::fs::Permissions::from_mode(0o600);
        std::fs::set_permissions(dir.path().join("script.txt"), perms).unwrap();
    }
    let output = fix_in(dir.path()).arg("script.txt").output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("fixed script.txt: 3 rewrites (honorific.ni ×2, filler.repeated ×1)"),
        "{stderr}"
    );
    assert_eq!(read(&dir, "script.txt"), SCRIPT_FIXED);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join("script.txt"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temporary file is left");

    // A second run changes nothing.
    let output = fix_in(dir.path()).arg("script.txt").output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&output.stderr).contains("applied 0 rewrites in 0 files"));
    assert_eq!(read(&dir, "script.txt"), SCRIPT_FIXED);

    // And a check finds no safe-fixable violation left.
    let (_, json) = run_json(
        Command::cargo_bin("huashu")
            .unwrap()
            .current_dir(dir.path())
            .args(["check", "--format", "json", "script.txt"]),
    );
    let safe: Vec<_> = violations(&json)
        .into_iter()
        .filter(|v| v["fix"] == "safe" && v["speaker"] == "agent")
        .collect();
    assert!(safe.is_empty(), "{safe:?}");
}

#[test]
fn unsafe_adds_the_suggested_rewrites() {
    let dir = dir_with("script.txt", SCRIPT);
    let output = fix_in(dir.path())
        .args(["--unsafe", "script.txt"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(read(&dir, "script.txt").contains("客服:您好,您还在听吗?\r\n"));
}

#[test]
fn ignored_rules_are_never_applied() {
    let dir = dir_with("script.txt", SCRIPT);
    std::fs::write(
        dir.path().join("huashu.toml"),
        "[rules]\nignore = [\"honorific.*\"]\n",
    )
    .unwrap();
    fix_in(dir.path()).arg("script.txt").assert().success();
    let fixed = read(&dir, "script.txt");
    assert!(
        fixed.contains("客服:你好,这个套餐你可以看一下。"),
        "{fixed}"
    );
    // The same with --ignore on the command line and no configuration.
    let dir = dir_with("script.txt", SCRIPT);
    fix_in(dir.path())
        .args(["--ignore", "filler.*", "script.txt"])
        .assert()
        .success();
    assert!(read(&dir, "script.txt").contains("客服:您好,这个这个套餐您可以看一下。"));
}

#[test]
fn rewrites_in_json_sources_are_escaped() {
    let line = r#"{"id":"C-7","turns":[{"speaker":"agent","text":"你好,\"宽带\"套餐你看一下\n好吗"},{"speaker":"customer","text":"你说"}]}"#;
    let dir = dir_with("calls.jsonl", &format!("{line}\n"));
    fix_in(dir.path()).arg("calls.jsonl").assert().success();
    let fixed = read(&dir, "calls.jsonl");
    let value: Value = serde_json::from_str(fixed.trim_end()).expect("still valid JSON");
    assert_eq!(value["turns"][0]["text"], "您好,\"宽带\"套餐您看一下\n好吗");
    assert_eq!(value["turns"][1]["text"], "你说");
}

#[test]
fn standard_input_is_fixed_to_standard_output() {
    let output = Command::cargo_bin("huashu")
        .unwrap()
        .args(["--isolated", "fix", "-"])
        .write_stdin("客服:你好,请问你要办理什么业务?\n")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "客服:您好,请问您要办理什么业务?\n"
    );
}

#[test]
fn files_that_cannot_be_read_or_parsed_are_left_alone_and_the_batch_goes_on() {
    let dir = dir_with("good.txt", "客服:你好,请问有什么可以帮你?\n");
    let broken = "[00:00:05-00:00:03] 客服:你好\n[00:00:09-00:00:12] 客服:你还在吗?\n";
    std::fs::write(dir.path().join("broken.txt"), broken).unwrap();
    // 你好 in GBK: not UTF-8.
    let gbk: &[u8] = &[0xBF, 0xCD, 0xB7, 0xFE, 0x3A, 0xC4, 0xE3, 0xBA, 0xC3, 0x0A];
    std::fs::write(
        dir.path().join("binary.txt"),
        [b"\x00\x01\x02".as_slice(), gbk].concat(),
    )
    .unwrap();
    let output = fix_in(dir.path()).arg(".").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("broken.txt:1:"), "{stderr}");
    assert!(stderr.contains("binary.txt"), "{stderr}");
    assert_eq!(
        read(&dir, "broken.txt"),
        broken,
        "an unparseable file is not written"
    );
    assert_eq!(read(&dir, "good.txt"), "客服:您好,请问有什么可以帮您?\n");
}

/// Killing `huashu fix` at any moment leaves each file whole: the old text or the new one.
#[test]
fn a_killed_fix_never_leaves_a_partial_file() {
    let line = "客服:你好,这个这个套餐你可以看一下,你还有什么问题吗?\n";
    let original = line.repeat(40_000); // ~2.7 MB
    let reference = dir_with("script.txt", &original);
    fix_in(reference.path())
        .arg("script.txt")
        .assert()
        .success();
    let fixed = read(&reference, "script.txt");
    assert_ne!(fixed, original);

    let mut outcomes = std::collections::BTreeSet::new();
    for delay_ms in [0u64, 5, 20, 50, 100, 200, 400, 800, 1600, 3200] {
        let dir = dir_with("script.txt", &original);
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("huashu"))
            .current_dir(dir.path())
            .args(["--isolated", "fix", "script.txt"])
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        let now = read(&dir, "script.txt");
        assert!(
            now == original || now == fixed,
            "killed after {delay_ms} ms: the file is neither the old text nor the new one ({} bytes)",
            now.len()
        );
        outcomes.insert(now == fixed);
    }
    assert!(outcomes.contains(&false), "some kill came before the write");
}

/// A GBK file is fixed and written back in GBK; a UTF-16 file in UTF-16 with its BOM. Each
/// reads, once decoded, exactly as its UTF-8 twin does after the same fix.
#[test]
fn files_are_written_back_in_their_own_encoding() {
    let fixtures = root().join("tests/fixtures/encodings");
    let dir = tempfile::tempdir().unwrap();
    for name in [
        "call_utf8.txt",
        "call_gbk.txt",
        "call_utf16le.txt",
        "call_utf16be.txt",
    ] {
        std::fs::copy(fixtures.join(name), dir.path().join(name)).unwrap();
    }
    let output = fix_in(dir.path()).arg(".").output().unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let utf8 = read(&dir, "call_utf8.txt");
    assert!(utf8.contains("随便您投诉"), "{utf8}");
    let bytes = |name: &str| std::fs::read(dir.path().join(name)).unwrap();

    let gbk = bytes("call_gbk.txt");
    let (text, _, bad) = encoding_rs::GBK.decode(&gbk);
    assert!(
        !bad && std::str::from_utf8(&gbk).is_err(),
        "still GBK, not UTF-8"
    );
    assert_eq!(text.as_ref(), utf8.as_str());

    let le = bytes("call_utf16le.txt");
    assert!(le.starts_with(&[0xFF, 0xFE]), "the BOM is kept");
    let (text, bad) = encoding_rs::UTF_16LE.decode_without_bom_handling(&le[2..]);
    assert!(!bad);
    assert_eq!(text.as_ref(), utf8.as_str());

    let be = bytes("call_utf16be.txt");
    assert!(be.starts_with(&[0xFE, 0xFF]));
    let (text, bad) = encoding_rs::UTF_16BE.decode_without_bom_handling(&be[2..]);
    assert!(!bad);
    assert_eq!(text.as_ref(), utf8.as_str());
}
