//! Platform exports and subtitles end to end (one test per importer fixture: roles, times in
//! seconds, a violation at its line and column inside the JSON string, a timing rule on the
//! vendor's times), and what the command line does so that nothing is misread silently:
//! `--input-format`, `--time-unit`, standard input told by its structure, checking nothing,
//! UTF-16 without a byte-order mark, `--name-pattern` below the input root, and the JSON Lines
//! record that closes every call.

use super::*;

const IMPORTS: &str = "tests/fixtures/imports";

/// What one fixture must give.
struct Expect<'a> {
    /// The speaker label taken as the agent, when huashu had to infer it.
    inferred_agent: Option<&'a str>,
    /// Where `banned.dont-know` («不知道») is: line and column in the file.
    dont_know: (u64, u64),
    /// A timing rule that fires on the vendor's times.
    timing: &'a str,
    /// The first turn's start and end in seconds, and a metadata field it carries (for the
    /// exports that have per-turn extras).
    first_turn: Option<(f64, Option<f64>, &'a str)>,
}

/// The character at a 1-based line and column of a file, and what follows.
fn text_at(path: &str, line: u64, column: u64) -> String {
    let text = std::fs::read_to_string(root().join(path)).unwrap();
    let line = text.lines().nth(line as usize - 1).unwrap();
    line.chars().skip(column as usize - 1).take(3).collect()
}

fn platform(file: &str, expect: Expect) {
    let path = format!("{IMPORTS}/{file}");
    let output = huashu()
        .args(["check", "--format", "json", &path])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{path}");
    let stderr = String::from_utf8(output.stderr).unwrap();
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let file_json = &json["files"][0];
    assert_eq!(file_json["error"], Value::Null, "{path}");
    let call = &file_json["calls"][0];
    match expect.inferred_agent {
        Some(agent) => {
            assert_eq!(call["roles"]["agent"], serde_json::json!([agent]), "{path}");
            assert_eq!(call["roles"]["inferred"], true);
            assert!(!call["roles"]["reason"].as_str().unwrap().is_empty());
            assert!(
                stderr.contains(&format!("--label {agent}=agent")),
                "the inference is said: {stderr}"
            );
        }
        None => assert!(call.get("roles").is_none(), "{path}: {call}"),
    }
    let rules: Vec<&str> = call["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&expect.timing), "{path}: {rules:?}");
    let dont_know = call["violations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["rule"] == "banned.dont-know")
        .unwrap();
    let (line, column) = expect.dont_know;
    assert_eq!(
        (dont_know["line"].as_u64(), dont_know["column"].as_u64()),
        (Some(line), Some(column)),
        "{path}"
    );
    assert_eq!(text_at(&path, line, column), "不知道", "{path}");
    match expect.first_turn {
        Some((start, end, field)) => {
            let turn = &call["turns"][0];
            assert_eq!(turn["turn"], 0);
            assert_eq!(turn["start"].as_f64(), Some(start), "{path}: seconds");
            assert_eq!(turn["end"].as_f64(), end, "{path}: seconds");
            assert!(turn["metadata"].get(field).is_some(), "{path}: {turn}");
        }
        None => assert!(call.get("turns").is_none(), "{path}"),
    }
}

#[test]
fn alibaba_asr() {
    platform(
        "alibaba_asr.json",
        Expect {
            inferred_agent: Some("1"),
            dont_know: (50, 25),
            timing: "timing.silence",
            first_turn: Some((0.64, Some(4.3), "EmotionValue")),
        },
    );
}

#[test]
fn alibaba_sca() {
    platform(
        "alibaba_sca.json",
        Expect {
            inferred_agent: None,
            dont_know: (33, 41),
            timing: "timing.hold",
            first_turn: Some((0.0, Some(3.5), "identity")),
        },
    );
}

#[test]
fn dashscope() {
    platform(
        "dashscope.json",
        Expect {
            inferred_agent: Some("0"),
            dont_know: (33, 28),
            timing: "timing.speech-rate",
            first_turn: Some((0.5, Some(6.6), "channel_id")),
        },
    );
}

#[test]
fn tencent() {
    platform(
        "tencent.json",
        Expect {
            inferred_agent: Some("1"),
            dont_know: (63, 38),
            timing: "timing.silence",
            first_turn: Some((0.0, Some(2.1), "SpeechSpeed")),
        },
    );
}

#[test]
fn iflytek() {
    // The words sit in a JSON string inside a JSON string: the column is still the file's.
    platform(
        "iflytek.json",
        Expect {
            inferred_agent: Some("2"),
            dont_know: (12, 5004),
            timing: "timing.silence",
            first_turn: Some((0.3, Some(2.5), "rl")),
        },
    );
}

#[test]
fn volcengine() {
    platform(
        "volcengine.json",
        Expect {
            inferred_agent: Some("1"),
            dont_know: (45, 24),
            timing: "timing.silence",
            first_turn: Some((0.0, Some(2.4), "additions")),
        },
    );
}

#[test]
fn contact_lens() {
    platform(
        "contact_lens.json",
        Expect {
            inferred_agent: None,
            dont_know: (94, 24),
            timing: "timing.silence",
            first_turn: Some((0.4, Some(4.6), "Sentiment")),
        },
    );
}

#[test]
fn genesys() {
    platform(
        "genesys.json",
        Expect {
            inferred_agent: None,
            dont_know: (66, 31),
            timing: "timing.silence",
            first_turn: Some((0.5, Some(4.3), "participantPurpose")),
        },
    );
}

#[test]
fn ccai_insights() {
    // Start times only: a silence is measured from the previous turn's start, and said so.
    platform(
        "ccai.json",
        Expect {
            inferred_agent: None,
            dont_know: (30, 24),
            timing: "timing.silence",
            first_turn: Some((0.0, None, "user_id")),
        },
    );
}

#[test]
fn webvtt() {
    platform(
        "webvtt.vtt",
        Expect {
            inferred_agent: None,
            dont_know: (25, 15),
            timing: "timing.silence",
            first_turn: None,
        },
    );
}

#[test]
fn srt() {
    platform(
        "srt.srt",
        Expect {
            inferred_agent: Some("说话人1"),
            dont_know: (19, 13),
            timing: "timing.silence",
            first_turn: None,
        },
    );
}

#[test]
fn alibaba_diarised_lines_infer_roles_per_call() {
    // Speaker 1 is the agent of the first call, speaker 2 of the second.
    let (code, json) = check_json_builtin(&[&format!("{IMPORTS}/alibaba_asr_diarised.jsonl")]);
    assert_eq!(code, 1);
    let calls = json["files"][0]["calls"].as_array().unwrap();
    let agents: Vec<&Value> = calls.iter().map(|c| &c["roles"]["agent"][0]).collect();
    assert_eq!(agents, ["1", "2"]);
    assert_eq!(calls[0]["turns"][0]["end"].as_f64(), Some(3.8));
    // The same lines streamed on standard input: the same calls and roles.
    let bytes = std::fs::read(root().join(IMPORTS).join("alibaba_asr_diarised.jsonl")).unwrap();
    let (code, piped) = run_json(
        huashu()
            .args(["check", "--format", "json", "-"])
            .write_stdin(bytes),
    );
    assert_eq!(code, 1);
    assert_eq!(piped["files"][0]["calls"], json["files"][0]["calls"]);
}

#[test]
fn exports_piped_whole_are_told_by_their_structure() {
    // A pretty-printed vendor JSON and a WebVTT file on standard input read as they do from
    // a file.
    for file in ["tencent.json", "webvtt.vtt", "genesys.json"] {
        let path = format!("{IMPORTS}/{file}");
        let (_, from_file) = check_json_builtin(&[&path]);
        let bytes = std::fs::read(root().join(&path)).unwrap();
        let (code, piped) = run_json(
            huashu()
                .args(["check", "--format", "json", "-"])
                .write_stdin(bytes),
        );
        assert_eq!(code, 1, "{file}");
        assert_eq!(piped["files"][0]["error"], Value::Null, "{file}");
        assert_eq!(
            piped["files"][0]["calls"], from_file["files"][0]["calls"],
            "{file}"
        );
    }
}

#[test]
fn input_format_overrides_detection() {
    let tencent = format!("{IMPORTS}/tencent.json");
    // Named right: the same as detected.
    let (_, detected) = check_json_builtin(&[&tencent]);
    let (code, named) = check_json_builtin(&["--input-format", "tencent", &tencent]);
    assert_eq!(code, 1);
    assert_eq!(named["files"], detected["files"]);
    // Named wrong: an error saying what the file lacks, never a silent misreading.
    let (code, wrong) = check_json_builtin(&["--input-format", "genesys", &tencent]);
    assert_eq!(code, 2);
    let error = wrong["files"][0]["error"].as_str().unwrap();
    assert!(error.contains("transcripts"), "{error}");
    // From huashu.toml, and overridden by the flag.
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("huashu.toml");
    std::fs::write(&config, "[check]\ninput-format = \"genesys\"\n").unwrap();
    let run = |extra: &[&str]| {
        let mut cmd = Command::cargo_bin("huashu").unwrap();
        cmd.current_dir(root())
            .arg("--config")
            .arg(&config)
            .args(["check", "--format", "json"])
            .args(extra)
            .arg(&tencent);
        run_json(&mut cmd)
    };
    assert_eq!(run(&[]).0, 2);
    assert_eq!(run(&["--input-format", "tencent"]).0, 1);
    // An unknown name lists the names, on the command line and in the configuration.
    let output = huashu()
        .args(["check", "--input-format", "excel", &tencent])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("unknown input format `excel`: expected one of text, jsonl, json, alibaba"),
        "{stderr}"
    );
    std::fs::write(&config, "[check]\ninput-format = \"excel\"\n").unwrap();
    let output = Command::cargo_bin("huashu")
        .unwrap()
        .current_dir(root())
        .arg("--config")
        .arg(&config)
        .args(["check", &tencent])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("unknown input format `excel`"), "{stderr}");
    assert!(stderr.contains("huashu.toml"), "{stderr}");
}

#[test]
fn time_unit_reads_bare_numbers_as_milliseconds() {
    let file = format!("{IMPORTS}/text_milliseconds.txt");
    let stderr_of = |cmd: &mut Command| String::from_utf8(cmd.output().unwrap().stderr).unwrap();
    let seconds = stderr_of(huashu().args(["check", &file]));
    assert!(seconds.contains("--time-unit ms"), "{seconds}");
    let ms = stderr_of(huashu().args(["check", "--time-unit", "ms", &file]));
    assert!(!ms.contains("hours long"), "{ms}");
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("huashu.toml");
    std::fs::write(&config, "[check]\ntime-unit = \"ms\"\n").unwrap();
    let from_config = stderr_of(
        Command::cargo_bin("huashu")
            .unwrap()
            .current_dir(root())
            .arg("--config")
            .arg(&config)
            .args(["check", &file]),
    );
    assert!(!from_config.contains("hours long"), "{from_config}");
    let output = huashu()
        .args(["check", "--time-unit", "minutes", &file])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn subtitles_are_found_when_walking() {
    let dir = tempfile::tempdir().unwrap();
    for file in ["webvtt.vtt", "srt.srt"] {
        std::fs::copy(root().join(IMPORTS).join(file), dir.path().join(file)).unwrap();
    }
    let (code, json) = check_json_builtin(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, 1);
    let paths: Vec<&str> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().rsplit('/').next().unwrap())
        .collect();
    assert_eq!(paths, ["srt.srt", "webvtt.vtt"]);
}

#[test]
fn checking_nothing_is_an_error_that_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let root_dir = dir.path().to_str().unwrap();
    let output = huashu().args(["check", root_dir]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains(&format!(
            "nothing to check: {root_dir} is an empty directory"
        )),
        "{stderr}"
    );
    assert!(stderr.contains("--allow-empty"), "{stderr}");
    // A directory of spreadsheets: each kind counted, and what huashu reads.
    for name in ["day1.csv", "day2.csv", "day3.csv", "readme"] {
        std::fs::write(dir.path().join(name), "坐席,客户\n").unwrap();
    }
    let output = huashu().args(["check", root_dir]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("nothing to check: 4 files skipped: 3 .csv, 1 without extension (not a transcript format huashu reads: it reads .txt, .jsonl, .ndjson, .json, .vtt, .srt"),
        "{stderr}"
    );
    assert!(output.stdout.is_empty());
    // For scripts that expect it.
    let output = huashu()
        .args(["check", "--allow-empty", root_dir])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.starts_with("warning: nothing to check"), "{stderr}");
}

#[test]
fn utf16_without_a_byte_order_mark_gets_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("call.txt");
    let text = "客服:您好,工号1017,很高兴为您服务\n客户:我的卡被吞了\n客服:这个我不知道\n";
    let bytes: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    std::fs::write(&path, bytes).unwrap();
    let path = path.to_str().unwrap();
    let (code, json) = check_json_builtin(&[path]);
    assert_eq!(code, 2);
    let error = json["files"][0]["error"].as_str().unwrap();
    assert!(
        error.contains("read it with --encoding utf-16le"),
        "{error}"
    );
    let (code, json) = check_json_builtin(&["--encoding", "utf-16le", path]);
    assert_eq!(code, 1);
    assert_eq!(json["files"][0]["encoding"], "utf-16le");
}

#[test]
fn name_patterns_match_below_the_input_root() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("信用卡组");
    std::fs::create_dir(&team).unwrap();
    std::fs::write(
        team.join("1017_2026年11月20日_0042.txt"),
        "客服:您好,工号1017,很高兴为您服务\n客户:我的卡被吞了\n客服:这个我不知道\n",
    )
    .unwrap();
    let root_dir = dir.path().to_str().unwrap();
    let (_, json) = check_json_builtin(&[
        "--name-pattern",
        "{team}/{agent}_{date}_{call}.txt",
        root_dir,
    ]);
    let call = &json["files"][0]["calls"][0];
    assert_eq!(
        (&call["team"], &call["agent"], &call["date"], &call["id"]),
        (
            &Value::from("信用卡组"),
            &Value::from("1017"),
            &Value::from("2026-11-20"),
            &Value::from("0042")
        )
    );
    // The same from huashu.toml.
    let config = dir.path().join("huashu.toml");
    std::fs::write(
        &config,
        "[check]\nname-pattern = \"{team}/{agent}_{date}_{call}.txt\"\n",
    )
    .unwrap();
    let mut cmd = Command::cargo_bin("huashu").unwrap();
    cmd.arg("--config")
        .arg(&config)
        .args(["check", "--format", "json", root_dir]);
    let (_, from_config) = run_json(&mut cmd);
    assert_eq!(from_config["files"][0]["calls"][0]["team"], "信用卡组");
    // Fields that run into each other cannot be told apart: rejected before anything runs.
    let output = huashu()
        .args(["check", "--name-pattern", "{agent}{date}.txt", root_dir])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("two placeholders with nothing between them"),
        "{stderr}"
    );
}

#[test]
fn jsonl_closes_every_call_clean_ones_included() {
    let input = "{\"id\": \"clean\", \"turns\": [{\"speaker\": \"agent\", \"text\": \"您好,请问有什么可以帮您?\"}]}\n{\"id\": \"rude\", \"turns\": [{\"speaker\": \"agent\", \"text\": \"这个我不知道\"}]}\n";
    let output = lint()
        .args(["--format", "jsonl", "-"])
        .write_stdin(input)
        .output()
        .unwrap();
    let records: Vec<Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let shape: Vec<(Value, Value, Value)> = records
        .iter()
        .map(|r| {
            (
                r["type"].clone(),
                r["call"].clone(),
                r["violations"].clone(),
            )
        })
        .collect();
    let s = |v: &str| Value::from(v);
    assert_eq!(
        shape,
        [
            (s("call"), s("clean"), Value::from(0)),
            (Value::Null, s("rude"), Value::Null),
            (s("call"), s("rude"), Value::from(1)),
        ]
    );
    assert_eq!(records[0]["passed"], true);
}

/// The JSON contract for a platform export: the call's inferred `roles`, the `turns` that
/// carry the vendor's extras and the call's own extras (`metadata`), added to what every call
/// has.
#[test]
fn json_contract_of_a_platform_export() {
    let (_, json) = check_json(&["--select", "banned.*", &format!("{IMPORTS}/tencent.json")]);
    insta::assert_json_snapshot!("json_tencent_export", json);
}

#[test]
fn fix_and_report_take_the_input_format_too() {
    let tencent = format!("{IMPORTS}/tencent.json");
    let output = huashu()
        .args([
            "fix",
            "--diff",
            "--unsafe",
            "--input-format",
            "tencent",
            &tencent,
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "a change to show");
    let diff = String::from_utf8(output.stdout).unwrap();
    assert!(diff.contains("需要帮您查询一下"), "{diff}");
    let output = huashu()
        .args(["fix", "--diff", "--input-format", "genesys", &tencent])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8(output.stderr)
        .unwrap()
        .contains("not fixed"));
    let output = huashu()
        .args(["report", "--input-format", "genesys", &tencent])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "the export is not Genesys'");
}

/// A platform export's call-level extras (Contact Lens `Categories`, `CustomerMetadata`,
/// `ConversationCharacteristics`…) are the call's `metadata`, in JSON and on the JSON Lines
/// record that closes the call (with the turns' extras).
#[test]
fn json_contract_of_a_vendor_calls_metadata() {
    let path = format!("{IMPORTS}/contact_lens.json");
    let (_, json) = check_json(&["--select", "banned.*", &path]);
    insta::assert_json_snapshot!("json_contact_lens_export", json);
    let call = &json["files"][0]["calls"][0];
    assert_eq!(
        call["metadata"]["CustomerMetadata"]["ContactId"],
        "8f2b6c1e-4d3a-4b5c-9e8f-0a1b2c3d4e5f"
    );
    assert_eq!(call["metadata"]["LanguageCode"], "zh-CN");
    let output = lint()
        .args(["--select", "banned.*", "--format", "jsonl", &path])
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let record: Value = serde_json::from_str(stdout.lines().last().unwrap()).unwrap();
    assert_eq!(record["type"], "call");
    assert_eq!(record["metadata"], call["metadata"]);
    assert_eq!(record["turns"], call["turns"]);
}

/// huashu's own formats keep their extra fields and header lines as the call's metadata too,
/// but the JSON output leaves them out: they are the user's own, in every existing output.
#[test]
fn huashu_format_calls_have_no_metadata_in_the_output() {
    let jsonl = "{\"id\": \"c9\", \"agent\": \"1022\", \"queue\": \"宽带报修\", \"channel\": \"热线\", \"turns\": [{\"speaker\": \"agent\", \"text\": \"您好,这个我不知道\"}]}\n";
    let text = "# 通话 20261120-0058 坐席 1040 流量查询\n坐席:您好,请问有什么可以帮您?\n客户:我的宽带断了。\n";
    for (input, format) in [(jsonl, "jsonl"), (text, "text")] {
        let run = |output: &str| {
            lint()
                .args(["--input-format", format, "--format", output, "-"])
                .write_stdin(input)
                .output()
                .unwrap()
        };
        let json: Value = serde_json::from_slice(&run("json").stdout).unwrap();
        let call = &json["files"][0]["calls"][0];
        assert!(call["id"].is_string(), "{format}: {json}");
        assert!(call.get("metadata").is_none(), "{format}: {call}");
        let stdout = String::from_utf8(run("jsonl").stdout).unwrap();
        let record: Value = serde_json::from_str(stdout.lines().last().unwrap()).unwrap();
        assert_eq!(record["type"], "call", "{format}: {stdout}");
        assert!(record.get("metadata").is_none(), "{format}: {record}");
        assert!(record.get("turns").is_none(), "{format}: {record}");
    }
}
