//! The intent layer from the command line: confidence and evidence in the outputs, the review
//! band, `huashu intents train | eval | audit | stats | explain`, a team's own model and bad model files.

use super::*;

const RUDE: &str = "tests/fixtures/intents/rude_paraphrased.txt";
const TINY_DATA: &str = "tests/fixtures/intents/tiny";
const TINY_CLASSES: &str = "tests/fixtures/intents/tiny-classes/classes.toml";
const REVIEW_PACK: &str = "tests/fixtures/intents/review_band.toml";
/// The opt-in pack of intent tones for written channels (on calls the built-in tone rules find
/// the tones by meaning: see its header).
const INTENT_PACK: &str = "crates/huashu/intents/pack.toml";

fn output(cmd: &mut Command) -> (i32, String, String) {
    let output = cmd.output().unwrap();
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// Trains a model on the tiny data (with `extra` arguments) into a temporary directory.
fn train_tiny(extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("team.bin");
    let (code, stdout, stderr) = output(
        huashu()
            .args(["intents", "train", "--data", TINY_DATA, "-o"])
            .arg(&model)
            .args(extra),
    );
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(stdout.contains("wrote"), "{stdout}");
    (dir, model)
}

/// The points the tone rules' findings cost, and those findings that carry a confidence.
fn tone_findings(json: &Value) -> (u64, Vec<Value>) {
    let all = violations(json);
    let tone: Vec<&Value> = all
        .iter()
        .copied()
        .filter(|v| v["category"] == "tone")
        .collect();
    let points = tone.iter().map(|v| v["points"].as_u64().unwrap()).sum();
    let by_meaning = tone
        .into_iter()
        .filter(|v| v.get("confidence").is_some())
        .cloned()
        .collect();
    (points, by_meaning)
}

#[test]
fn paraphrased_tones_fail_qa_with_confidence_and_evidence() {
    // A phone call (the default profile): the built-in tone rules find the paraphrases.
    let (code, json) = check_json_builtin(&[RUDE]);
    assert_eq!(code, 1);
    let call = &json["files"][0]["calls"][0];
    assert_eq!(call["passed"], false, "{call:#}");
    let (points, intent) = tone_findings(&json);
    assert!(intent.len() >= 5, "{json:#}");
    for v in &intent {
        let confidence = v["confidence"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&confidence), "{v:#}");
        // A finding by meaning costs less than the rule's phrase hits.
        assert!(v["points"] == 5 || v["points"] == 10, "{v:#}");
        let matched = v["matched"].as_str().unwrap();
        let evidence = v["evidence"].as_array().unwrap();
        assert!(!evidence.is_empty(), "{v:#}");
        for e in evidence {
            assert!(matched.contains(e["matched"].as_str().unwrap()), "{v:#}");
            assert!(e["weight"].as_f64().unwrap() > 0.0);
            assert_eq!(e["line"], v["line"]);
        }
    }
    // In writing the tone rules keep to their phrases, which miss these paraphrases.
    let (_, written) = check_json_builtin(&["--profile", "written", RUDE]);
    let (written_points, written_intent) = tone_findings(&written);
    assert!(written_intent.is_empty(), "{written:#}");
    assert!(
        written_points + 20 <= points,
        "{written_points} -> {points}"
    );
    // The opt-in pack finds them there.
    let (_, with_pack) = check_json_builtin(&["--profile", "written", "--pack", INTENT_PACK, RUDE]);
    let by_pack = violations(&with_pack)
        .into_iter()
        .filter(|v| v["rule"].as_str().unwrap().starts_with("intent."))
        .filter(|v| v.get("confidence").is_some())
        .count();
    assert!(by_pack >= 5, "{with_pack:#}");
    // A phrase finding keeps the old shape: no `confidence`, no `evidence`.
    let (_, json) = check_json(&[
        "--label",
        "B=agent",
        "--label",
        "A=customer",
        "tests/fixtures/case_study_telecom.txt",
    ]);
    let all = violations(&json);
    assert!(all.iter().any(|v| v.get("confidence").is_none()));
    for v in all {
        assert_eq!(
            v.get("confidence").is_none(),
            v.get("evidence").is_none(),
            "{v:#}"
        );
    }
}

#[test]
fn polite_hard_negatives_pass_without_tone_findings() {
    const POLITE: &str = "tests/fixtures/intents/polite_hard_negatives.txt";
    for args in [
        &[POLITE][..],
        &["--profile", "written", "--pack", INTENT_PACK, POLITE][..],
    ] {
        let (code, json) = check_json_builtin(args);
        let call = &json["files"][0]["calls"][0];
        if args.len() == 1 {
            assert_eq!(call["passed"], true, "{call:#}");
        }
        assert!(
            !violations(&json).iter().any(|v| {
                let rule = v["rule"].as_str().unwrap();
                rule.starts_with("tone.") || rule.starts_with("intent.")
            }),
            "{args:?}: {json:#}"
        );
        assert!(code == 0 || code == 1);
    }
}

#[test]
fn pretty_and_concise_show_the_confidence() {
    let (_, stdout, _) = output(huashu().args(["check", "--color", "never", RUDE]));
    assert!(stdout.contains("置信度 0."), "{stdout}");
    assert!(stdout.contains("依据"), "{stdout}");
    let (_, stdout, _) = output(huashu().args(["check", "--format", "concise", RUDE]));
    assert!(
        stdout
            .lines()
            .any(|l| l.contains(" tone.") && l.contains("(置信度 0.")),
        "{stdout}"
    );
}

#[test]
fn the_review_band_is_listed_apart_and_costs_nothing() {
    let call = "客服:这个可能是您那边操作的时候没注意吧\n";
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("call.txt");
    std::fs::write(&path, call).unwrap();
    let path = path.to_str().unwrap();
    let args = ["--no-default-packs", "--pack", REVIEW_PACK, path];
    let (code, json) = run_json(huashu().args(["check", "--format", "json"]).args(args));
    assert_eq!(code, 0, "{json:#}");
    let checked = &json["files"][0]["calls"][0];
    assert_eq!(checked["score"], 100);
    assert_eq!(checked["violations"], serde_json::json!([]));
    let review = checked["review"].as_array().unwrap();
    assert_eq!(review.len(), 1, "{checked:#}");
    assert_eq!(review[0]["rule"], "tone.blame-strict");
    let confidence = review[0]["confidence"].as_f64().unwrap();
    assert!((0.3..0.95).contains(&confidence), "{confidence}");
    assert_eq!(json["summary"]["review"], 1);
    // JSON Lines: the review item is a record marked `review`.
    let (_, stdout, _) = output(huashu().args(["check", "--format", "jsonl"]).args(args));
    let record: Value = serde_json::from_str(stdout.lines().next().unwrap()).unwrap();
    assert_eq!(
        (&record["rule"], &record["review"]),
        (&"tone.blame-strict".into(), &true.into())
    );
    // Pretty: a section of its own, and a count in the summary.
    let (_, stdout, _) = output(huashu().args(["check", "--color", "never"]).args(args));
    assert!(
        stdout.contains("待复核 / review (1 finding, not scored)"),
        "{stdout}"
    );
    assert!(stdout.contains("1 finding to review"), "{stdout}");
    assert!(stdout.contains("score 100/100"), "{stdout}");
    // The report counts it per agent.
    let (code, stdout, _) = output(huashu().args(["report"]).args(args));
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("for review"), "{stdout}");
}

#[test]
fn train_then_check_with_the_team_model() {
    let (_dir, model) = train_tiny(&[]);
    let bytes = std::fs::read(&model).unwrap();
    assert!(bytes.starts_with(b"HUASHUIM"));
    // Training is deterministic: the same data gives the same bytes.
    let (_dir2, again) = train_tiny(&[]);
    assert_eq!(bytes, std::fs::read(again).unwrap());
    let model = model.to_str().unwrap();
    let (code, json) = check_json_builtin(&["--intent-model", model, RUDE]);
    assert_eq!(code, 1);
    assert!(violations(&json)
        .iter()
        .any(|v| v.get("confidence").is_some()));
    // `[intents] model` in huashu.toml, relative to the file, does the same.
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(model, dir.path().join("team.bin")).unwrap();
    std::fs::write(
        dir.path().join("huashu.toml"),
        "[intents]\nmodel = \"team.bin\"\n",
    )
    .unwrap();
    let (code, stdout, stderr) = output(
        Command::cargo_bin("huashu")
            .unwrap()
            .current_dir(dir.path())
            .args(["intents", "explain", "没别的事我挂了啊"]),
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("forbidden.rushing"), "{stdout}");
}

/// A team's small data set: `--no-discount` trains a model that does not discount sentences
/// unlike its few examples, so `explain` shows no discount line for a new sentence.
#[test]
fn no_discount_trains_without_the_coverage_discount() {
    let sentence = "你们那个破系统老是出毛病,关我什么事";
    let explain = |model: &std::path::Path| {
        let (code, stdout, stderr) = output(
            huashu()
                .args(["intents", "explain", "--model"])
                .arg(model)
                .arg(sentence),
        );
        assert_eq!(code, 0, "{stderr}");
        stdout
    };
    let (_dir, discounted) = train_tiny(&[]);
    let stdout = explain(&discounted);
    assert!(stdout.contains("n-grams seen in training"), "{stdout}");
    let (_dir2, plain) = train_tiny(&["--no-discount"]);
    let stdout = explain(&plain);
    assert!(!stdout.contains("n-grams seen in training"), "{stdout}");
    assert_ne!(
        std::fs::read(&discounted).unwrap(),
        std::fs::read(&plain).unwrap()
    );
}

#[test]
fn eval_prints_metrics_per_class_and_the_confusion() {
    let (_dir, model) = train_tiny(&[]);
    let (code, stdout, stderr) = output(
        huashu()
            .args([
                "intents", "eval", "--data", TINY_DATA, "--split", "train", "--model",
            ])
            .arg(&model),
    );
    assert_eq!(code, 0, "{stderr}");
    for word in [
        "precision",
        "recall",
        "F1",
        "support",
        "confusion",
        "forbidden.blame",
    ] {
        assert!(stdout.contains(word), "{word}: {stdout}");
    }
}

#[test]
fn explain_ranks_the_classes_of_a_sentence() {
    let (code, stdout, stderr) = output(huashu().args(["intents", "explain", "你自己不会看吗?"]));
    assert_eq!(code, 0, "{stderr}");
    let first = stdout
        .lines()
        .find(|l| l.trim_start().starts_with(['*', 'f', 'c', 'p', 'r']))
        .unwrap();
    assert!(first.contains("forbidden."), "{stdout}");
    assert!(stdout.contains("依据 「"), "{stdout}");
}

#[test]
fn bad_data_names_the_file_line_and_cause() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, stderr) = output(
        huashu()
            .args([
                "intents",
                "train",
                "--data",
                "tests/fixtures/intents/bad-data",
                "-o",
            ])
            .arg(dir.path().join("m.bin")),
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("bad.tsv:2:7"), "{stderr}");
    assert!(
        stderr.contains("unknown class `forbidden.nonsense`"),
        "{stderr}"
    );
    assert!(!dir.path().join("m.bin").exists());
}

#[test]
fn a_corrupt_model_names_the_file_and_the_cause() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("broken.bin");
    std::fs::write(&bad, b"definitely not a model").unwrap();
    let (code, _, stderr) = output(
        huashu()
            .args(["check", "--intent-model"])
            .arg(&bad)
            .arg(RUDE),
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("broken.bin"), "{stderr}");
    assert!(stderr.contains("not a huashu intent model"), "{stderr}");
    let (code, _, stderr) = output(
        huashu()
            .args(["intents", "explain", "好的", "--model"])
            .arg(&bad),
    );
    assert_eq!(code, 2);
    assert!(
        stderr.contains("broken.bin") && stderr.contains("HUASHUIM"),
        "{stderr}"
    );
}

#[test]
fn a_pack_naming_a_class_the_model_lacks_names_rule_pack_and_file() {
    let (_dir, model) = train_tiny(&["--classes", TINY_CLASSES]);
    let (code, _, stderr) = output(
        huashu()
            .args(["check", "--pack", INTENT_PACK, "--intent-model"])
            .arg(&model)
            .arg(RUDE),
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("team.bin"), "{stderr}");
    assert!(stderr.contains("of pack `"), "{stderr}");
    assert!(stderr.contains("rule `"), "{stderr}");
}

const PLANTED_DATA: &str = "tests/fixtures/intents/audit";

#[test]
fn audit_lists_a_planted_mislabel_with_its_file_and_line() {
    let (code, stdout, stderr) = output(huashu().args([
        "intents",
        "audit",
        "--data",
        PLANTED_DATA,
        "--format",
        "tsv",
    ]));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let mut lines = stdout.lines();
    assert_eq!(
        lines.next(),
        Some("location\tlabels\tclass\tverdict\tp\ttext")
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split('\t').collect()).collect();
    let planted = rows
        .iter()
        .find(|r| r[0].ends_with("planted.tsv:28"))
        .unwrap_or_else(|| panic!("the planted mislabel is not listed:\n{stdout}"));
    assert_eq!(planted[1], "-");
    assert_eq!(planted[2], "forbidden.rushing");
    assert_eq!(planted[3], "missing?");
    assert!(planted[4].parse::<f64>().unwrap() >= 0.8, "{planted:?}");
    assert_eq!(planted[5], "没别的事的话我就先挂了啊");
    // Strongest first, and every correctly labelled negative left alone.
    let gaps: Vec<f64> = rows
        .iter()
        .map(|r| {
            let p: f64 = r[4].parse().unwrap();
            if r[3] == "missing?" {
                p
            } else {
                1.0 - p
            }
        })
        .collect();
    assert!(gaps.windows(2).all(|w| w[0] >= w[1]), "{stdout}");
    assert!(!stdout.contains("请您核对一下卡号后四位"), "{stdout}");

    // The table names the same line; the same data gives the same list.
    let (code, table, _) = output(huashu().args(["intents", "audit", "--data", PLANTED_DATA]));
    assert_eq!(code, 0);
    assert!(table.contains("planted.tsv:28"), "{table}");
    assert!(table.contains("missing?  forbidden.rushing"), "{table}");
}

#[test]
fn audit_never_chooses_test_labels() {
    let (code, _, stderr) = output(huashu().args([
        "intents",
        "audit",
        "--data",
        PLANTED_DATA,
        "--split",
        "dev,test",
    ]));
    assert_eq!(code, 2);
    assert!(stderr.contains("test split is never audited"), "{stderr}");
}

#[test]
fn stats_counts_and_lists_a_split() {
    let (code, stdout, stderr) = output(huashu().args(["intents", "stats", "--data", TINY_DATA]));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("20 sentences"), "{stdout}");
    let blame = stdout
        .lines()
        .find(|l| l.starts_with("forbidden.blame "))
        .unwrap();
    let counts: usize = blame
        .split_whitespace()
        .skip(1)
        .map(|n| n.parse::<usize>().unwrap())
        .sum();
    assert_eq!(counts, 6, "{stdout}");

    let (code, listed, _) = output(huashu().args([
        "intents",
        "stats",
        "--data",
        PLANTED_DATA,
        "--list",
        "train",
        "--speaker",
        "agent",
    ]));
    assert_eq!(code, 0);
    assert_eq!(listed.lines().count(), 36, "{listed}");
    assert!(
        listed.contains("planted.tsv:28\tagent\t-\t没别的事的话我就先挂了啊"),
        "{listed}"
    );
    let (code, nothing, _) =
        output(huashu().args(["intents", "stats", "--data", PLANTED_DATA, "--list", "test"]));
    assert_eq!((code, nothing.as_str()), (0, ""));
}

#[test]
fn intents_read_the_configuration_nearest_the_working_directory() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("chat")).unwrap();
    std::fs::write(
        dir.path().join("chat/huashu.toml"),
        "[intents]\nmodel = \"chat-model.bin\"\n",
    )
    .unwrap();
    // At the top: no configuration, the built-in model.
    let (code, _, stderr) = output(
        Command::cargo_bin("huashu")
            .unwrap()
            .current_dir(dir.path())
            .args(["intents", "explain", "您稍等,我帮您查一下"]),
    );
    assert_eq!(code, 0, "{stderr}");
    // In chat/: its own file's model (missing here, so named in the error).
    let (code, _, stderr) = output(
        Command::cargo_bin("huashu")
            .unwrap()
            .current_dir(dir.path().join("chat"))
            .args(["intents", "explain", "您稍等,我帮您查一下"]),
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("chat-model.bin"), "{stderr}");
}
