//! The CI formats: SARIF (validated against the official SARIF 2.1.0 schema), GitHub Actions
//! annotations and JUnit XML; hostile text in every one of them; and every format agreeing with
//! JSON on how many violations there are.

use std::collections::HashSet;

use super::*;

/// The official SARIF 2.1.0 schema, vendored (see tests/fixtures/sarif/README.md).
const SARIF_SCHEMA: &str = "tests/fixtures/sarif/sarif-schema-2.1.0.json";

/// Inputs with hostile text: an emoji before a violation, markup, `]]>`, `%`, `,`, `:`, a line
/// break and control characters in a call id, and a pack whose message has the same.
const HOSTILE: [&str; 4] = [
    "--pack",
    "tests/fixtures/ci/hostile_pack.toml",
    "tests/fixtures/ci/emoji.txt",
    "tests/fixtures/ci/hostile.jsonl",
];

/// A validator for the vendored schema that never fetches anything.
fn sarif_validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join(SARIF_SCHEMA)).unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        .should_validate_formats(true)
        .offline()
        .build(&schema)
        .expect("the SARIF schema compiles")
}

/// Why `doc` is not valid SARIF, one line per problem.
fn schema_errors(validator: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    validator
        .iter_errors(doc)
        .map(|e| format!("{e} (at {})", e.instance_path()))
        .collect()
}

/// `huashu check` with the phrase-rule packs, run in `dir` (the packs by absolute path).
fn lint_in(dir: &std::path::Path) -> assert_cmd::Command {
    let mut cmd = huashu();
    cmd.current_dir(dir).args(["check", "--no-default-packs"]);
    for pack in [
        "crates/huashu/rules/banned-words.toml",
        "crates/huashu/rules/tone.toml",
    ] {
        cmd.arg("--pack").arg(root().join(pack));
    }
    cmd
}

/// Runs a command and returns (exit code, stdout).
fn run(cmd: &mut assert_cmd::Command) -> (i32, String) {
    let output = cmd.output().unwrap();
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stdout).unwrap(),
    )
}

/// Runs `huashu check --format sarif` with the built-in packs: (exit code, SARIF).
fn sarif_builtin(args: &[&str]) -> (i32, Value) {
    run_json(huashu().args(["check", "--format", "sarif"]).args(args))
}

fn results(sarif: &Value) -> &Vec<Value> {
    sarif["runs"][0]["results"].as_array().unwrap()
}

fn region(result: &Value) -> &Value {
    &result["locations"][0]["physicalLocation"]["region"]
}

/// A change that makes a SARIF document invalid.
type Corruption = fn(&mut Value);

#[test]
fn sarif_validates_against_the_official_schema() {
    let validator = sarif_validator();
    // Every fixture (some of which cannot be read), a missing file, hostile text, built-in packs.
    let mut args = vec![
        "--pack",
        "tests/fixtures/ci/hostile_pack.toml",
        "tests/fixtures/",
    ];
    args.push("tests/fixtures/nope.txt");
    let (code, sarif) = sarif_builtin(&args);
    assert_eq!(code, 2, "an unreadable input is exit status 2");
    let errors = schema_errors(&validator, &sarif);
    assert!(errors.is_empty(), "invalid SARIF:\n{}", errors.join("\n"));
    assert!(results(&sarif).len() > 30);
    let invocation = &sarif["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);

    // A clean run validates too, and with nothing unreadable the execution succeeded.
    let (code, clean) = sarif_builtin(&["tests/fixtures/batch/clean.txt"]);
    assert_eq!(code, 0);
    assert!(schema_errors(&validator, &clean).is_empty());
    assert_eq!(results(&clean).len(), 0);
    assert_eq!(
        clean["runs"][0]["invocations"][0]["executionSuccessful"],
        true
    );

    // The validator is not a rubber stamp: each corruption below is rejected.
    let corruptions: [(&str, Corruption); 5] = [
        ("an unknown level", |doc| {
            doc["runs"][0]["results"][0]["level"] = "fatal".into();
        }),
        ("a column 0", |doc| {
            doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
                ["startColumn"] = 0.into();
        }),
        ("a run without a tool", |doc| {
            doc["runs"][0].as_object_mut().unwrap().remove("tool");
        }),
        ("a wrong version", |doc| {
            doc["version"] = "2.0.0".into();
        }),
        ("an unknown column kind", |doc| {
            doc["runs"][0]["columnKind"] = "characters".into();
        }),
    ];
    for (what, corrupt) in corruptions {
        let mut doc = sarif.clone();
        corrupt(&mut doc);
        assert!(
            !schema_errors(&validator, &doc).is_empty(),
            "the schema accepted {what}"
        );
    }
}

#[test]
fn sarif_describes_every_loaded_rule() {
    let (_, sarif) = sarif_builtin(&["tests/fixtures/call_timestamped.txt"]);
    let run = &sarif["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "huashu");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert!(driver["informationUri"]
        .as_str()
        .unwrap()
        .starts_with("https://"));
    assert_eq!(run["columnKind"], "utf16CodeUnits");

    let listed = huashu()
        .args(["rules", "list", "--format", "json"])
        .output()
        .unwrap();
    let listed: Value = serde_json::from_slice(&listed.stdout).unwrap();
    let ids: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let rules = driver["rules"].as_array().unwrap();
    let described: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(described, ids, "every loaded rule, in load order");

    let dont_know = &rules[ids.iter().position(|&id| id == "banned.dont-know").unwrap()];
    assert_eq!(dont_know["name"], "BannedDontKnow");
    assert_eq!(dont_know["defaultConfiguration"]["level"], "warning");
    assert_eq!(dont_know["properties"]["category"], "banned");
    assert_eq!(dont_know["properties"]["points"], 5);
    assert_eq!(dont_know["properties"]["fix"], "suggest");
    assert!(dont_know["shortDescription"]["text"]
        .as_str()
        .unwrap()
        .contains("不知道"));
    assert!(dont_know["fullDescription"]["text"]
        .as_str()
        .unwrap()
        .contains("常见禁用词"));
    let help = dont_know["help"]["text"].as_str().unwrap();
    assert!(help.contains("→ 需要帮您查询一下"), "the rewrite: {help}");
    assert!(help.contains("✗ 这个我不知道。"), "a bad example: {help}");
    assert!(
        help.contains("✓ 我帮您查询一下,请您稍等。"),
        "a good example: {help}"
    );
    let markdown = dont_know["help"]["markdown"].as_str().unwrap();
    assert!(
        markdown.contains("```text\n→ 需要帮您查询一下\n```"),
        "{markdown}"
    );

    // Severity maps to level: error → error, info → note.
    let level = |id: &str| {
        rules[ids.iter().position(|&r| r == id).unwrap()]["defaultConfiguration"]["level"].clone()
    };
    assert_eq!(level("banned.shirking"), "error");
    assert!(rules
        .iter()
        .any(|r| r["defaultConfiguration"]["level"] == "note"));
    // The closing rule's compliant wording is its rewrite.
    let closing = rules[ids.iter().position(|&r| r == "closing.standard").unwrap()]["help"]["text"]
        .as_str()
        .unwrap();
    assert!(
        closing.contains("→ 请问还有什么可以帮您吗?感谢您的来电,再见!"),
        "{closing}"
    );

    // Every result names its rule by id and by index.
    for result in results(&sarif) {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
    }
}

#[test]
fn sarif_results_point_at_the_words() {
    let (code, sarif) =
        run_json(lint().args(["--format", "sarif", "tests/fixtures/call_timestamped.txt"]));
    assert_eq!(code, 1);
    let found = results(&sarif);
    assert_eq!(found.len(), 4);
    let dont_know = found
        .iter()
        .find(|r| r["ruleId"] == "banned.dont-know")
        .unwrap();
    assert_eq!(dont_know["level"], "warning");
    assert_eq!(
        dont_know["message"]["text"],
        "禁用语「不知道」:不得以「不知道」回答客户;建议改为「需要帮您查询一下」"
    );
    let location = &dont_know["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"]["uri"],
        "tests/fixtures/call_timestamped.txt"
    );
    // The same place as the JSON contract's line 4, columns 35–38.
    assert_eq!(location["region"]["startLine"], 4);
    assert_eq!(location["region"]["startColumn"], 35);
    assert_eq!(location["region"]["endLine"], 4);
    assert_eq!(location["region"]["endColumn"], 38);
    assert_eq!(location["region"]["snippet"]["text"], "不知道");
    let properties = &dont_know["properties"];
    assert_eq!(properties["callId"], "T-0001");
    assert_eq!(properties["speaker"], "agent");
    assert_eq!(properties["turn"], 2);
    assert_eq!(properties["points"], 5);
    // 喂 5, 不知道 5, 你必须 10, 没办法 10.
    assert_eq!(properties["score"], 70);
    assert_eq!(properties["suggestion"], "需要帮您查询一下");

    // The continuation line: 我也没办法 on line 7.
    let no_way = found
        .iter()
        .find(|r| r["ruleId"] == "banned.no-way")
        .unwrap();
    assert_eq!(region(no_way)["startLine"], 7);
    assert_eq!(region(no_way)["startColumn"], 13);

    let mut run = sarif["runs"][0].clone();
    run["tool"]["driver"]["rules"] =
        "(every loaded rule: see sarif_describes_every_loaded_rule)".into();
    run["tool"]["driver"]["version"] = "[version]".into();
    run["tool"]["driver"]["semanticVersion"] = "[version]".into();
    run["tool"]["driver"]["fullName"] = "huashu [version]".into();
    insta::assert_json_snapshot!("sarif_timestamped_call", run);
}

#[test]
fn sarif_columns_count_utf16_code_units() {
    let (_, json) = check_json(&HOSTILE);
    let (_, sarif) = run_json(lint().args(["--format", "sarif"]).args(HOSTILE));
    let by_rule = |rule: &str, path: &str| {
        results(&sarif)
            .iter()
            .find(|r| {
                r["ruleId"] == rule
                    && r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == path
            })
            .unwrap()
            .clone()
    };
    // emoji.txt line 4: 客服:😀这个我不知道 — 不 is character 8, but 😀 is two UTF-16 units.
    let json_dont_know = violations(&json)
        .into_iter()
        .find(|v| v["rule"] == "banned.dont-know")
        .unwrap()
        .clone();
    assert_eq!(
        (
            json_dont_know["line"].as_u64(),
            json_dont_know["column"].as_u64()
        ),
        (Some(4), Some(8))
    );
    let dont_know = by_rule("banned.dont-know", "tests/fixtures/ci/emoji.txt");
    assert_eq!(region(&dont_know)["startLine"], 4);
    assert_eq!(region(&dont_know)["startColumn"], 9);
    assert_eq!(region(&dont_know)["endColumn"], 12);
    assert_eq!(region(&dont_know)["snippet"]["text"], "不知道");

    // hostile.jsonl: the customer's 😀 comes earlier on the same (JSON) line.
    let impossible = by_rule("banned.impossible", "tests/fixtures/ci/hostile.jsonl");
    let json_impossible = violations(&json)
        .into_iter()
        .find(|v| v["rule"] == "banned.impossible")
        .unwrap()
        .clone();
    assert_eq!(
        region(&impossible)["startColumn"].as_u64().unwrap(),
        json_impossible["column"].as_u64().unwrap() + 1
    );
    // The snippet is the source text of the region; the markup matched by the hostile pack.
    let markup = by_rule("tone.markup", "tests/fixtures/ci/hostile.jsonl");
    assert_eq!(region(&markup)["snippet"]["text"], "<script>");
    assert_eq!(markup["level"], "error");
    assert_eq!(
        markup["properties"]["callId"],
        "<script>alert(1)</script>,50%:]]>\u{7}\n第二行"
    );
    assert!(schema_errors(&sarif_validator(), &sarif).is_empty());
}

#[test]
fn sarif_fingerprints_are_stable_and_distinct() {
    let dir = tempfile::tempdir().unwrap();
    let transcript = "客服:喂,您好。\n客户:你好。\n客服:喂,听得到吗?这个我不知道。\n";
    std::fs::write(dir.path().join("通话 1.txt"), transcript).unwrap();
    let fingerprints = |dir: &std::path::Path| -> Vec<(String, String)> {
        let (_, sarif) = run_json(lint_in(dir).args(["--format", "sarif", "通话 1.txt"]));
        results(&sarif)
            .iter()
            .map(|r| {
                (
                    r["ruleId"].as_str().unwrap().to_owned(),
                    r["partialFingerprints"]["huashu/v1"]
                        .as_str()
                        .unwrap()
                        .to_owned(),
                )
            })
            .collect()
    };
    let first = fingerprints(dir.path());
    assert_eq!(first.len(), 3, "{first:?}");
    // The two 喂 differ by their occurrence index.
    let unique: HashSet<&String> = first.iter().map(|(_, f)| f).collect();
    assert_eq!(unique.len(), 3);
    assert_eq!(
        fingerprints(dir.path()),
        first,
        "the same input, the same fingerprints"
    );

    // Lines added above move every violation, but no fingerprint changes.
    let moved = format!("# 通话 F-1\n客户:喂?\n\n{transcript}");
    std::fs::write(dir.path().join("通话 1.txt"), moved).unwrap();
    assert_eq!(fingerprints(dir.path()), first);

    // The URI of a file name with a space and Chinese characters is %-encoded.
    let (_, sarif) = run_json(lint_in(dir.path()).args(["--format", "sarif", "通话 1.txt"]));
    assert_eq!(
        results(&sarif)[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "%E9%80%9A%E8%AF%9D%201.txt"
    );
}

#[test]
fn sarif_reports_unreadable_inputs_as_notifications() {
    let dir = tempfile::tempdir().unwrap();
    // Line 2 has an unknown speaker at character 38, after an emoji: UTF-16 column 39.
    let calls = concat!(
        r#"{"id": "ok", "turns": [{"speaker": "agent", "text": "这个我不知道"}]}"#,
        "\n",
        r#"{"id": "😀bad", "turns": [{"speaker": "经理", "text": "您好"}]}"#,
        "\n",
    );
    std::fs::write(dir.path().join("calls.jsonl"), calls).unwrap();
    let (code, sarif) =
        run_json(lint_in(dir.path()).args(["--format", "sarif", "calls.jsonl", "nope.txt"]));
    assert_eq!(code, 2);
    let invocation = &sarif["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notifications = invocation["toolExecutionNotifications"].as_array().unwrap();
    assert_eq!(notifications.len(), 2, "{notifications:?}");
    let location = |n: &Value| n["locations"][0]["physicalLocation"].clone();
    assert_eq!(notifications[0]["level"], "error");
    assert!(notifications[0]["message"]["text"]
        .as_str()
        .unwrap()
        .starts_with("cannot read calls.jsonl: line 2, column 38: unknown speaker `经理`"));
    assert_eq!(
        location(&notifications[0])["artifactLocation"]["uri"],
        "calls.jsonl"
    );
    assert_eq!(location(&notifications[0])["region"]["startLine"], 2);
    assert_eq!(location(&notifications[0])["region"]["startColumn"], 39);
    assert_eq!(
        notifications[1]["message"]["text"],
        "cannot read nope.txt: no such file or directory"
    );
    assert_eq!(
        location(&notifications[1])["artifactLocation"]["uri"],
        "nope.txt"
    );
    assert!(location(&notifications[1]).get("region").is_none());
    // The readable call is still checked.
    assert_eq!(results(&sarif).len(), 1);
    assert!(schema_errors(&sarif_validator(), &sarif).is_empty());
}

#[test]
fn github_annotations_are_escaped_workflow_commands() {
    let (code, out) = run(lint().args(["--format", "github"]).args(HOSTILE));
    assert_eq!(code, 1);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "::warning file=tests/fixtures/ci/emoji.txt,line=4,endLine=4,col=9,endColumn=12,\
         title=banned.dont-know::禁用语「不知道」:不得以「不知道」回答客户;\
         建议改为「需要帮您查询一下」 (call E-0001: score 95/100, passed)"
    );
    let markup = lines
        .iter()
        .find(|l| l.contains("title=tone.markup"))
        .unwrap();
    assert!(
        markup.starts_with("::error file=tests/fixtures/ci/hostile.jsonl,line=1,endLine=1,col=")
    );
    // The pack's message and the call id: % escaped, line breaks escaped, BEL dropped; the
    // message part may keep `:` and `,`.
    assert!(
        markup.ends_with(
            "::客服不得发送标记 <script> & \"]]>\":100%25,%0A第二行 \
             (call <script>alert(1)</script>,50%25:]]>%0A第二行: score 65/100, FAILED)"
        ),
        "{markup}"
    );
    for line in &lines {
        assert!(
            !line.chars().any(|c| c.is_control()),
            "a control character: {line:?}"
        );
    }
    // After the annotations: the summary, in plain text.
    let summary: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| !l.starts_with("::"))
        .collect();
    assert_eq!(
        summary,
        [
            "huashu: 3 violations in 2 calls and 2 files: 1 error, 2 warnings, 0 info.",
            "huashu: 1 of 2 calls passed QA (50.0%, pass mark 80).",
        ]
    );
    insta::assert_snapshot!("github_hostile", out);
}

#[test]
fn github_properties_escape_file_names() {
    let dir = tempfile::tempdir().unwrap();
    let name = if cfg!(windows) {
        "a,b 100%.txt"
    } else {
        "a,b:100%.txt"
    };
    std::fs::write(dir.path().join(name), "客服:这个我不知道。\n").unwrap();
    let (_, out) = run(lint_in(dir.path()).args(["--format", "github", name]));
    let escaped = if cfg!(windows) {
        "file=a%2Cb 100%25.txt,"
    } else {
        "file=a%2Cb%3A100%25.txt,"
    };
    assert!(out.starts_with(&format!("::warning {escaped}")), "{out}");
}

#[test]
fn github_says_when_annotations_will_be_hidden() {
    let (code, out) = run(huashu().args([
        "check",
        "--format",
        "github",
        "tests/fixtures/",
        "tests/fixtures/nope.txt",
    ]));
    assert_eq!(code, 2);
    let warnings = out.lines().filter(|l| l.starts_with("::warning ")).count();
    assert!(warnings > 10, "{warnings} warnings");
    assert!(
        out.contains("::error file=tests/fixtures/nope.txt,title=huashu%3A unreadable input::cannot read tests/fixtures/nope.txt: no such file or directory\n"),
        "{out}"
    );
    let note = format!(
        "huashu: {warnings} warning annotations were emitted, but GitHub shows only 10 of each \
         level per step (and 50 per job): the full list is in this log, or upload `--format \
         sarif` to code scanning."
    );
    assert!(out.lines().any(|l| l == note), "{out}");
    assert!(out.contains("could not be read completely"));

    // Ten or fewer: no such note.
    let (_, out) = run(lint().args(["--format", "github", "tests/fixtures/call_timestamped.txt"]));
    assert!(!out.contains("GitHub shows only"), "{out}");
}

/// Parses JUnit output and checks that every count attribute matches its elements.
fn check_junit_counts(xml: &str) -> roxmltree::Document<'_> {
    let doc = roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("not XML ({e}):\n{xml}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let count = |node: roxmltree::Node, attribute: &str| -> usize {
        node.attribute(attribute).unwrap().parse().unwrap()
    };
    let (mut tests, mut failures, mut errors) = (0, 0, 0);
    for suite in root.children().filter(|n| n.has_tag_name("testsuite")) {
        let cases: Vec<_> = suite
            .children()
            .filter(|n| n.has_tag_name("testcase"))
            .collect();
        let with = |tag: &str| {
            cases
                .iter()
                .filter(|c| c.children().any(|n| n.has_tag_name(tag)))
                .count()
        };
        assert_eq!(count(suite, "tests"), cases.len());
        assert_eq!(count(suite, "failures"), with("failure"));
        assert_eq!(count(suite, "errors"), with("error"));
        assert_eq!(count(suite, "skipped"), 0);
        tests += cases.len();
        failures += with("failure");
        errors += with("error");
    }
    assert_eq!(count(root, "tests"), tests);
    assert_eq!(count(root, "failures"), failures);
    assert_eq!(count(root, "errors"), errors);
    doc
}

#[test]
fn junit_is_a_suite_per_file_and_a_case_per_call() {
    let (code, xml) = run(lint().args([
        "--format",
        "junit",
        "tests/fixtures/batch/",
        "tests/fixtures/call_array.json",
        "tests/fixtures/nope.txt",
    ]));
    assert_eq!(code, 2);
    let doc = check_junit_counts(&xml);
    let root = doc.root_element();
    let suites: Vec<_> = root
        .children()
        .filter(|n| n.has_tag_name("testsuite"))
        .collect();
    let names: Vec<&str> = suites
        .iter()
        .map(|s| s.attribute("name").unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "tests/fixtures/batch/a_call.txt",
            "tests/fixtures/batch/clean.txt",
            "tests/fixtures/batch/nested/b_calls.jsonl",
            "tests/fixtures/call_array.json",
            "tests/fixtures/nope.txt",
        ]
    );
    let a_call = suites[0]
        .children()
        .find(|n| n.has_tag_name("testcase"))
        .unwrap();
    assert_eq!(a_call.attribute("name"), Some("call at line 1"));
    assert_eq!(
        a_call.attribute("classname"),
        Some("tests/fixtures/batch/a_call.txt")
    );
    let failure = a_call
        .children()
        .find(|n| n.has_tag_name("failure"))
        .unwrap();
    assert_eq!(
        failure.attribute("message"),
        Some("1 violation at or above warning")
    );
    assert_eq!(
        failure.text(),
        Some("3:7 banned.dont-know [warning] 禁用语「不知道」:不得以「不知道」回答客户\n")
    );
    let clean = suites[1]
        .children()
        .find(|n| n.has_tag_name("testcase"))
        .unwrap();
    assert!(
        clean.children().all(|n| !n.is_element()),
        "a clean call passes"
    );
    let missing = suites[4]
        .children()
        .find(|n| n.has_tag_name("testcase"))
        .unwrap();
    let error = missing
        .children()
        .find(|n| n.has_tag_name("error"))
        .unwrap();
    assert_eq!(
        error.attribute("message"),
        Some("cannot read tests/fixtures/nope.txt: no such file or directory")
    );
    insta::assert_snapshot!("junit_batch", xml);

    // --fail-on and --pass-mark decide what fails, as for the exit status.
    let (code, xml) = run(lint().args([
        "--format",
        "junit",
        "--fail-on",
        "error",
        "tests/fixtures/batch/",
    ]));
    assert_eq!(code, 0);
    let doc = check_junit_counts(&xml);
    assert_eq!(doc.root_element().attribute("failures"), Some("0"));
    // A passing call with violations lists them as output.
    assert!(
        xml.contains("<system-out>3:7 banned.dont-know [warning]"),
        "{xml}"
    );
}

#[test]
fn junit_escapes_hostile_text() {
    let (code, xml) = run(lint()
        .args(["--format", "junit", "--fail-on", "never"])
        .args(HOSTILE));
    assert_eq!(code, 0);
    assert!(
        !xml.contains('\u{7}'),
        "a control character XML 1.0 cannot hold"
    );
    assert!(!xml.contains("<script>"), "markup is escaped");
    let doc = check_junit_counts(&xml);
    let case = doc
        .descendants()
        .find(|n| {
            n.has_tag_name("testcase")
                && n.attribute("classname") == Some("tests/fixtures/ci/hostile.jsonl")
        })
        .unwrap();
    // The id, read back: markup, `]]>`, `%`, `,`, `:` and the line break intact, BEL dropped.
    assert_eq!(
        case.attribute("name"),
        Some("<script>alert(1)</script>,50%:]]>\n第二行")
    );
    // The pack's 30 points fail the call on its score alone (--fail-on never).
    let failure = case.children().find(|n| n.has_tag_name("failure")).unwrap();
    assert_eq!(
        failure.attribute("message"),
        Some("score 65/100 failed QA (pass mark 80)")
    );
    let body = failure.text().unwrap();
    assert!(
        body.starts_with(
            "1:273 tone.markup [error] 客服不得发送标记 <script> & \"]]>\":100%,\n第二行\n"
        ),
        "{body}"
    );
}

#[test]
fn every_format_reports_as_many_violations_as_json() {
    let inputs = [
        "tests/fixtures/batch/",
        "tests/fixtures/call_level/",
        "tests/fixtures/call_timestamped.txt",
        "tests/fixtures/calls.jsonl",
        "tests/fixtures/ci/",
        "--pack",
        "tests/fixtures/ci/hostile_pack.toml",
    ];
    let (_, json) = check_json_builtin(&inputs);
    let expected = json["summary"]["violations"].as_u64().unwrap() as usize;
    assert_eq!(violations(&json).len(), expected);
    assert!(expected > 20, "{expected}");

    let output = |format: &str| run(huashu().args(["check", "--format", format]).args(inputs)).1;
    let mut counts = Vec::new();
    let sarif: Value = serde_json::from_str(&output("sarif")).unwrap();
    counts.push(("sarif", results(&sarif).len()));
    counts.push((
        "github",
        output("github")
            .lines()
            .filter(|l| l.starts_with("::") && !l.contains("title=huashu%3A unreadable input"))
            .count(),
    ));
    // A violation line is `LINE:COLUMN RULE [SEVERITY] MESSAGE` (a message may go on a line).
    let is_violation = |line: &str| {
        line.split_once(' ').is_some_and(|(at, rest)| {
            at.split(':').all(|n| n.parse::<usize>().is_ok())
                && [" [error] ", " [warning] ", " [info] "]
                    .iter()
                    .any(|s| rest.contains(s))
        })
    };
    let junit = output("junit");
    let doc = roxmltree::Document::parse(&junit).unwrap();
    counts.push((
        "junit",
        doc.descendants()
            .filter(|n| n.has_tag_name("failure") || n.has_tag_name("system-out"))
            .map(|n| {
                n.text()
                    .unwrap_or("")
                    .lines()
                    .filter(|l| is_violation(l))
                    .count()
            })
            .sum(),
    ));
    counts.push((
        "jsonl",
        output("jsonl")
            .lines()
            // Review items (intent findings below `min`) are records too, marked `review`.
            .filter(|l| l.contains("\"rule\":") && !l.contains("\"review\":true"))
            .count(),
    ));
    let csv = output("csv");
    counts.push((
        "csv",
        csv::Reader::from_reader(csv.as_bytes()).records().count(),
    ));
    counts.push((
        "concise",
        output("concise")
            .lines()
            .filter(|l| {
                [" [error] ", " [warning] ", " [info] "]
                    .iter()
                    .any(|s| l.contains(s))
            })
            .count(),
    ));
    let pretty = run(huashu()
        .args(["check", "--format", "pretty", "--color", "never"])
        .args(inputs))
    .1;
    counts.push((
        "pretty",
        pretty
            .lines()
            .find_map(|l| l.strip_prefix("Found ")?.split(' ').next()?.parse().ok())
            .unwrap(),
    ));
    for (format, count) in counts {
        assert_eq!(count, expected, "--format {format}");
    }
}
