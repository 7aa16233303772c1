//! `huashu report --format json` (the report's numbers as a contract), `--compare OLD.json`,
//! per-day trends and the per-call CSV, on two days of calls of a broadband hotline.

use serde_json::{json, Value};

use super::*;

const BATCH: &str = "tests/fixtures/report/";

/// Two days: on 11-20 agent 1017 brushes the customer off and insults them (a fatal rule: the
/// call scores 0) and 1022 answers properly; on 11-21 1017 has learnt, and a new agent 1050 of
/// 话费组 says 喂.
const DAY_20: &str = concat!(
    r#"{"id": "K-1120-01", "agent": "1017", "team": "宽带组", "date": "2026-11-20 09:12", "turns": [{"speaker": "agent", "text": "您好,欢迎致电宽带客服,工号1017很高兴为您服务,请问有什么可以帮您?"}, {"speaker": "customer", "text": "我家宽带又断了,昨天报修到现在没人来。"}, {"speaker": "agent", "text": "这个我不知道,你自己去营业厅问一下吧。"}, {"speaker": "customer", "text": "你们这什么态度!"}, {"speaker": "agent", "text": "神经病,说了多少遍了。"}, {"speaker": "agent", "text": "感谢来电,再见。"}]}"#,
    "\n",
    r#"{"id": "K-1120-02", "agent": "1022", "team": "宽带组", "date": "2026-11-20 10:40", "turns": [{"speaker": "agent", "text": "您好,欢迎致电宽带客服,工号1022很高兴为您服务,请问有什么可以帮您?"}, {"speaker": "customer", "text": "我想改一下套餐。"}, {"speaker": "agent", "text": "好的,我帮您查询一下可以办理的套餐,请您稍等。"}, {"speaker": "agent", "text": "请问还有什么可以帮您?感谢来电,再见。"}]}"#,
    "\n",
);

const DAY_21: &str = concat!(
    r#"{"id": "K-1121-01", "agent": "1017", "team": "宽带组", "date": "2026/11/21", "turns": [{"speaker": "agent", "text": "您好,欢迎致电宽带客服,工号1017很高兴为您服务,请问有什么可以帮您?"}, {"speaker": "customer", "text": "光猫一直闪红灯。"}, {"speaker": "agent", "text": "好的,我马上帮您登记报修,师傅会在两小时内联系您。"}, {"speaker": "agent", "text": "请问还有什么可以帮您?感谢来电,再见。"}]}"#,
    "\n",
    r#"{"id": "K-1121-02", "agent": "1050", "team": "话费组", "date": "2026/11/21", "turns": [{"speaker": "agent", "text": "喂,你好,你找谁?"}, {"speaker": "customer", "text": "我查话费。"}, {"speaker": "agent", "text": "好的,请问还有什么可以帮您?感谢来电,再见。"}]}"#,
    "\n",
);

fn run(args: &[&str]) -> (i32, String, String) {
    let output = huashu().arg("report").args(args).output().unwrap();
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

fn days() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("d20")).unwrap();
    std::fs::create_dir(dir.path().join("d21")).unwrap();
    std::fs::write(dir.path().join("d20/calls.jsonl"), DAY_20).unwrap();
    std::fs::write(dir.path().join("d21/calls.jsonl"), DAY_21).unwrap();
    dir
}

fn json_of(out: &str) -> Value {
    let mut value: Value = serde_json::from_str(out).unwrap();
    assert_eq!(
        value["generator"],
        concat!("huashu ", env!("CARGO_PKG_VERSION"))
    );
    value["generator"] = json!("huashu [version]");
    value
}

#[test]
fn report_json_of_the_fixture_batch() {
    let (code, out, err) = run(&[BATCH, "--format", "json"]);
    assert_eq!(code, 2, "the batch has an unreadable file: {err}");
    let json = json_of(&out);
    assert_eq!(json["version"], 1);
    assert_eq!(json["summary"]["calls"], 8);
    assert_eq!(json["summary"]["pass_rate"], 0.625);
    assert!(json.get("compare").is_none(), "compare only with --compare");
    insta::assert_json_snapshot!("report_json", json);
}

#[test]
fn trends_per_day() {
    let dir = days();
    let (code, out, err) = run(&[dir.path().to_str().unwrap(), "--section", "days"]);
    assert_eq!(code, 0, "{err}");
    // 11-20: K-1120-01 fails (不知道, 你, a brush-off), K-1120-02 passes.
    assert!(
        out.starts_with("date        calls  passed  pass rate"),
        "{out}"
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert!(
        lines[1].starts_with("2026-11-20      2       1      50.0%"),
        "{out}"
    );
    assert!(lines[2].starts_with("2026-11-21      2"), "{out}");
    // The whole table has the per-day section, after the teams.
    let (_, all, _) = run(&[dir.path().to_str().unwrap()]);
    assert!(all.contains("\nPer day\ndate "), "{all}");
    let (_, json, _) = run(&[dir.path().to_str().unwrap(), "--format", "json"]);
    let json = json_of(&json);
    assert_eq!(json["days"][0]["date"], "2026-11-20");
    assert_eq!(json["days"][0]["calls"], 2);
    assert_eq!(json["days"][0]["passed"], 1);
    // In the page: per day, per team, per rule.
    let (_, html, _) = run(&[dir.path().to_str().unwrap(), "--format", "html"]);
    let data = super::report::page_of(&html).data;
    assert_eq!(data["dates"], json!(["2026-11-20", "2026-11-21"]));
    assert_eq!(data["trend"]["calls"], json!([2, 2]));
    assert_eq!(data["trend"]["passed"][0], 1);
    let team = data["teams"]
        .as_array()
        .unwrap()
        .iter()
        .position(|t| t == "宽带组")
        .unwrap();
    assert_eq!(
        data["trend"]["teams"][team.to_string()]["calls"],
        json!([2, 1])
    );
    let rules = data["rules"].as_array().unwrap();
    let dont_know = rules
        .iter()
        .position(|r| r["id"] == "banned.dont-know")
        .unwrap();
    assert_eq!(data["trend"]["rules"][dont_know.to_string()], json!([1, 0]));
    let wei = rules.iter().position(|r| r["id"] == "banned.wei").unwrap();
    assert_eq!(data["trend"]["rules"][wei.to_string()], json!([0, 1]));
}

#[test]
fn compare_with_an_earlier_report() {
    let dir = days();
    let old = dir.path().join("d20.json");
    let d20 = dir.path().join("d20");
    let d21 = dir.path().join("d21");
    let (_, out, _) = run(&[
        d20.to_str().unwrap(),
        "--format",
        "json",
        "-o",
        old.to_str().unwrap(),
    ]);
    assert!(out.is_empty());
    let old = old.to_str().unwrap();
    // JSON: the changes under `compare`.
    let (code, out, err) = run(&[d21.to_str().unwrap(), "--format", "json", "--compare", old]);
    assert_eq!(code, 0, "{err}");
    let compare = &json_of(&out)["compare"];
    assert_eq!(compare["against"], old);
    assert_eq!(
        compare["calls"],
        json!({"before": 2.0, "now": 2.0, "change": 0.0})
    );
    assert_eq!(compare["pass_rate"]["before"], 0.5);
    let dont_know = compare["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["rule"] == "banned.dont-know")
        .unwrap();
    assert_eq!(
        dont_know["violations"],
        json!({"before": 1.0, "now": 0.0, "change": -1.0})
    );
    assert_eq!(dont_know["name"], "禁用语「不知道」");
    // A new agent: nothing before.
    let agents = compare["agents"].as_array().unwrap();
    let ids: Vec<&Value> = agents.iter().map(|a| &a["id"]).collect();
    assert_eq!(ids, [&json!("1017"), &json!("1022"), &json!("1050")]);
    assert_eq!(
        agents[2]["calls"],
        json!({"before": null, "now": 1.0, "change": null})
    );
    assert!(
        agents[0]["mean_score"]["change"].as_f64().unwrap() > 0.0,
        "1017 improved"
    );
    // The table.
    let (_, table, _) = run(&[d21.to_str().unwrap(), "--compare", old]);
    assert!(
        table.contains(&format!("\nCompared with {old}\n")),
        "{table}"
    );
    assert!(table.contains("pass rate"), "{table}");
    assert!(table.contains("banned.dont-know"), "{table}");
    // The page: the earlier numbers, for the page to compare.
    let (_, html, _) = run(&[d21.to_str().unwrap(), "--format", "html", "--compare", old]);
    let page_compare = &super::report::page_of(&html).data["compare"];
    assert_eq!(page_compare["label"], old);
    assert_eq!(page_compare["summary"]["calls"], 2);
    assert_eq!(page_compare["agents"][0]["id"], "1017");
    // CSV: one change per row.
    let (_, csv, _) = run(&[
        d21.to_str().unwrap(),
        "--format",
        "csv",
        "--section",
        "compare",
        "--compare",
        old,
    ]);
    assert!(
        csv.starts_with("\u{feff}what,id,metric,before,now,change\n"),
        "{csv}"
    );
    assert!(
        csv.contains("rule,banned.dont-know,violations,1,0,-1\n"),
        "{csv}"
    );
}

#[test]
fn a_bad_earlier_report_is_an_error_naming_it() {
    let dir = days();
    let d21 = dir.path().join("d21");
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_owned()
    };
    let check_json = {
        let (_, json) = check_json_builtin(&[d21.to_str().unwrap()]);
        write("check.json", &json.to_string())
    };
    for (path, expected) in [
        (
            write("broken.json", "{\"version\": 1,"),
            "not JSON: EOF while parsing",
        ),
        (
            check_json,
            "this is the output of `huashu check --format json`",
        ),
        (
            write("v2.json", "{\"version\": 2, \"rules\": []}"),
            "report JSON version 2; this huashu reads version 1",
        ),
        (
            write("partial.json", "{\"version\": 1, \"rules\": []}"),
            "not a complete report: missing field",
        ),
        (
            dir.path().join("missing.json").to_str().unwrap().to_owned(),
            "cannot read it",
        ),
    ] {
        let (code, out, err) = run(&[d21.to_str().unwrap(), "--compare", &path]);
        assert_eq!(code, 2, "{path}");
        assert!(out.is_empty(), "nothing is reported: {out}");
        assert!(
            err.contains(&format!("error: --compare {path}: {expected}")),
            "{path}: {err}"
        );
    }
}

#[test]
fn per_call_csv() {
    let (_, out, _) = run(&[BATCH, "--format", "csv", "--section", "calls"]);
    let body = out
        .strip_prefix('\u{feff}')
        .expect("a byte-order mark, as every CSV");
    let rows: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(body.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    assert_eq!(
        rows[0],
        [
            "call",
            "file",
            "agent",
            "team",
            "date",
            "score",
            "passed",
            "violations",
            "review",
            "top_rule",
            "top_rule_name"
        ]
    );
    assert_eq!(rows.len(), 9);
    assert_eq!(
        rows[5],
        [
            "R-1120-005",
            "tests/fixtures/report/2026-11-20.jsonl",
            "1017",
            "宽带组",
            "2026-11-20",
            "0",
            "false",
            "6",
            "0",
            "banned.abuse",
            "辱骂客户"
        ]
    );
    // The plain-text call: no id, no team.
    assert_eq!(rows[8][0], "20261120-0058");
    assert_eq!(rows[8][3], "");
    // The table format has the same rows.
    let (_, table, _) = run(&[BATCH, "--section", "calls"]);
    assert!(
        table.lines().any(|l| l.starts_with("R-1120-005")
            && l.contains("FAILED")
            && l.ends_with("banned.abuse")),
        "{table}"
    );
}

#[test]
fn per_call_csv_names_agents_and_neutralises_cells() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("day.jsonl"),
        r#"{"id": "=HYPERLINK(\"http://evil.invalid\")", "agent": "1017", "team": "+86 组", "turns": [{"speaker": "agent", "text": "您好"}]}
"#,
    )
    .unwrap();
    let config = dir.path().join("huashu.toml");
    std::fs::write(&config, "[roster]\n1017 = \"张敏\"\n").unwrap();
    let output = Command::cargo_bin("huashu")
        .unwrap()
        .arg("--config")
        .arg(&config)
        .args(["report", "--format", "csv", "--section", "calls"])
        .arg(dir.path().join("day.jsonl"))
        .output()
        .unwrap();
    let out = String::from_utf8(output.stdout).unwrap();
    let mut lines = out.trim_start_matches('\u{feff}').lines();
    assert_eq!(
        lines.next(),
        Some(
            "call,file,agent,name,team,date,score,passed,violations,review,top_rule,top_rule_name"
        )
    );
    let row = lines.next().unwrap();
    assert!(
        row.starts_with("\"'=HYPERLINK(\"\"http://evil.invalid\"\")\","),
        "{row}"
    );
    assert!(row.contains(",1017,张敏,'+86 组,"), "{row}");
}
