//! `huashu report` on the fixture batch in `tests/fixtures/report/`: seven JSON Lines calls of
//! three agents in two teams, one plain-text call with no agent, and one GBK file that cannot
//! be read. The numbers below were worked out by hand from `huashu check` on the same files:
//!
//! | call | agent | team | score | violations |
//! | --- | --- | --- | --- | --- |
//! | R-1120-001 | 1022 | 话费组 | 100 | 0 |
//! | R-1120-002 | 1017 | 宽带组 | 78 (failed) | 18 |
//! | R-1120-003 | 1031 | 宽带组 | 99 | 1 |
//! | R-1120-004 | 1022 | 话费组 | 97 | 3 |
//! | R-1120-005 | 1017 | 宽带组 | 0 (fatal: 神经病) | 6 |
//! | R-1120-006 | 1031 | 宽带组 | 100 | 0 |
//! | R-1120-007 | 1022 | 话费组 | 93 | 7 |
//! | 20261120-0058 | — | — | 100 | 0 |

use std::collections::BTreeMap;
use std::path::Path;

use super::*;

const BATCH: &str = "tests/fixtures/report/";

fn report() -> Command {
    let mut cmd = huashu();
    cmd.arg("report");
    cmd
}

fn stdout_of(cmd: &mut Command) -> (i32, String, String) {
    let output = cmd.output().unwrap();
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// The CSV of one section, without its byte-order mark, as rows of cells.
fn csv_section(args: &[&str], section: &str) -> Vec<Vec<String>> {
    let (_, out, _) =
        stdout_of(
            report()
                .args(args)
                .args(["--format", "csv", "--section", section]),
        );
    let body = out
        .strip_prefix('\u{feff}')
        .expect("the CSV starts with a byte-order mark");
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(body.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

#[test]
fn table_report_of_the_fixture_batch() {
    let (code, out, err) = stdout_of(report().arg(BATCH));
    // An unreadable input: the report is written and lists it, and the exit status says so.
    assert_eq!(code, 2, "{err}");
    for expected in [
        "files             3 (1 with errors)",
        "calls checked     8",
        "passed QA         5 of 8 (62.5%), pass mark 80",
        // (100 + 0 + 98 + 91 + 0 + 100 + 41 + 100) / 8 = 530 / 8 = 66.25
        "mean score        66.3",
        // 0 0 41 91 | 98 100 100 100: the mean of 91 and 98.
        "median score      94.5",
        "lowest / highest  0 / 100",
        "violations        35 (4.4 per call): 7 errors, 24 warnings, 4 info",
        "tests/fixtures/report/gbk_export.txt: line 2, column 4: not valid UTF-8",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in\n{out}");
    }
    insta::assert_snapshot!("report_table", out);
}

#[test]
fn report_numbers_agree_with_check() {
    // The same batch through `check --format json`: calls, passes, scores, violations and
    // per-rule counts must be the report's.
    let (_, json) = check_json_builtin(&[BATCH]);
    let calls: Vec<&Value> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["calls"].as_array().unwrap())
        .collect();
    let scores: Vec<u64> = calls.iter().map(|c| c["score"].as_u64().unwrap()).collect();
    // R-1120-002 dares the customer to complain (fatal), R-1120-007 escalates an upset customer
    // (tone.provoke 25, tone.calm-down 10, tone.defend 10, response.complaint 10).
    assert_eq!(scores, [100, 0, 98, 91, 0, 100, 41, 100]);
    let passed = calls.iter().filter(|c| c["passed"] == true).count();
    let summary = csv_section(&[BATCH], "summary");
    let metric = |name: &str| {
        summary
            .iter()
            .find(|row| row[0] == name)
            .unwrap_or_else(|| panic!("no {name}"))[1]
            .clone()
    };
    assert_eq!(metric("calls"), calls.len().to_string());
    assert_eq!(metric("passed"), passed.to_string());
    assert_eq!(metric("pass_rate"), "0.6250");
    assert_eq!(metric("mean_score"), "66.25");
    assert_eq!(metric("median_score"), "94.5");
    assert_eq!(metric("min_score"), "0");
    assert_eq!(metric("max_score"), "100");
    assert_eq!(
        metric("violations"),
        json["summary"]["violations"].to_string()
    );
    assert_eq!(metric("violations_per_call"), "4.38");
    assert_eq!(metric("files"), "3");
    assert_eq!(metric("files_with_errors"), "1");

    let mut per_rule: BTreeMap<String, usize> = BTreeMap::new();
    for v in violations(&json) {
        *per_rule
            .entry(v["rule"].as_str().unwrap().to_owned())
            .or_default() += 1;
    }
    let rules = csv_section(&[BATCH], "rules");
    assert_eq!(
        rules[0],
        [
            "rule",
            "category",
            "severity",
            "violations",
            "calls",
            "points"
        ]
    );
    let from_report: BTreeMap<String, usize> = rules[1..]
        .iter()
        .map(|row| (row[0].clone(), row[3].parse().unwrap()))
        .collect();
    assert_eq!(from_report, per_rule);
    // Most violations first. honorific.ni fired 8 times in 3 calls, 2 points each, but a call
    // loses at most 4 points to it (max_points): 4 (R-1120-002, 4 times) + 2 (R-1120-003) + 4
    // (R-1120-007, 3 times) = 10 points taken off, not 16.
    assert_eq!(
        rules[1],
        ["honorific.ni", "honorific", "warning", "8", "3", "10"]
    );
    let abuse = rules.iter().find(|r| r[0] == "banned.abuse").unwrap();
    assert_eq!(abuse[1..], ["banned", "error", "1", "1", "25"]);
}

#[test]
fn per_agent_and_team_tables() {
    let agents = csv_section(&[BATCH], "agents");
    assert_eq!(
        agents,
        [
            vec![
                "agent",
                "calls",
                "passed",
                "pass_rate",
                "mean_score",
                "min_score",
                "violations",
                "violations_per_call",
                "worst_rules",
            ],
            // R-1120-002 (0, 18 violations) and R-1120-005 (0, 6): both fatal.
            vec![
                "1017",
                "2",
                "0",
                "0.0000",
                "0.00",
                "0",
                "24",
                "12.00",
                "honorific.ni ×4, banned.wei ×2, closing.standard ×2",
            ],
            // 100, 91, 41: 232 / 3.
            vec![
                "1022",
                "3",
                "2",
                "0.6667",
                "77.33",
                "41",
                "10",
                "3.33",
                "honorific.ni ×3, banned.impossible ×1, filler.particle ×1",
            ],
            vec![
                "1031",
                "2",
                "2",
                "1.0000",
                "99.00",
                "98",
                "1",
                "0.50",
                "honorific.ni ×1",
            ],
            // The plain-text call's header names its agent (坐席 1040).
            vec!["1040", "1", "1", "1.0000", "100.00", "100", "0", "0.00", "",],
        ]
    );
    let teams = csv_section(&[BATCH], "teams");
    let rows: Vec<(&str, &str, &str, &str)> = teams[1..]
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str(), r[3].as_str(), r[4].as_str()))
        .collect();
    assert_eq!(
        rows,
        [
            // 0 + 98 + 0 + 100 = 198 / 4 = 49.5.
            ("宽带组", "4", "0.5000", "49.50"),
            ("话费组", "3", "0.6667", "77.33"),
            ("(unknown)", "1", "1.0000", "100.00"),
        ]
    );
    let scores = csv_section(&[BATCH], "scores");
    let bins: Vec<(&str, &str)> = scores[1..]
        .iter()
        .map(|r| (r[0].as_str(), r[3].as_str()))
        .collect();
    assert_eq!(
        bins,
        [
            ("<60", "3"),
            ("60–69", "0"),
            ("70–79", "0"),
            ("80–89", "0"),
            ("90–99", "2"),
            ("100", "3"),
        ]
    );
    let categories = csv_section(&[BATCH], "categories");
    assert_eq!(categories[1], ["banned", "12", "3", "125"]);
    let errors = csv_section(&[BATCH], "errors");
    assert_eq!(errors[1][0], "tests/fixtures/report/gbk_export.txt");
    assert_eq!(errors[1][1], "0");
}

#[test]
fn pass_mark_changes_who_passes() {
    let summary = csv_section(&["--pass-mark", "98", BATCH], "summary");
    let passed = summary.iter().find(|r| r[0] == "passed").unwrap();
    // 100, 98, 100, 100 reach 98; 91 and 41 no longer do.
    assert_eq!(passed[1], "4");
}

#[test]
fn csv_cells_are_neutralised() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("calls.jsonl"),
        r#"{"id": "x", "agent": "=HYPERLINK(\"http://evil.invalid\")", "team": "+86 组", "turns": [{"speaker": "agent", "text": "您好"}]}
"#,
    )
    .unwrap();
    let path = dir.path().to_str().unwrap();
    let agents = csv_section(&[path], "agents");
    assert_eq!(agents[1][0], "'=HYPERLINK(\"http://evil.invalid\")");
    let teams = csv_section(&[path], "teams");
    assert_eq!(teams[1][0], "'+86 组");
}

#[test]
fn empty_and_unreadable_batches() {
    let dir = tempfile::tempdir().unwrap();
    // Reporting on nothing is an error that says why, unless it is expected.
    let (code, _, err) = stdout_of(report().arg(dir.path()));
    assert_eq!(code, 2);
    assert!(err.contains("is an empty directory"), "{err}");
    let (code, out, _) = stdout_of(report().arg("--allow-empty").arg(dir.path()));
    assert_eq!(code, 0);
    assert!(out.contains("calls checked     0"), "{out}");
    assert!(out.contains("mean score        –"), "{out}");
    assert!(
        out.contains("passed QA         0 of 0 (–), pass mark 80"),
        "{out}"
    );

    std::fs::write(dir.path().join("a.txt"), [0xC4, 0xFF, b'\n']).unwrap();
    std::fs::write(dir.path().join("b.txt"), "").unwrap();
    let (code, out, _) = stdout_of(report().arg(dir.path()));
    assert_eq!(code, 2);
    assert!(out.contains("files             2 (2 with errors)"), "{out}");
    assert!(out.contains("calls checked     0"), "{out}");
    assert!(
        out.contains("a.txt: line 1, column 1: not valid UTF-8"),
        "{out}"
    );
    assert!(out.contains("b.txt: the file is empty"), "{out}");
    let html_path = dir.path().join("out.html");
    let (code, _, err) = stdout_of(report().arg(dir.path().join("a.txt")).args([
        "--format",
        "html",
        "--output",
        html_path.to_str().unwrap(),
    ]));
    assert_eq!(code, 2);
    assert!(err.contains("not valid UTF-8"), "{err}");
    let html = std::fs::read_to_string(&html_path).unwrap();
    assert!(html.contains("No calls."));
}

#[test]
fn section_limits_the_table() {
    let (_, out, _) = stdout_of(report().args([BATCH, "--section", "agents"]));
    assert!(out.starts_with("agent  calls   mean  pass rate"), "{out}");
    assert!(
        !out.contains("Summary") && !out.contains("gbk_export"),
        "{out}"
    );
    let (code, _, err) =
        stdout_of(report().args([BATCH, "--format", "html", "--section", "rules"]));
    assert_eq!(code, 2);
    assert!(
        err.contains("--section applies to the table and CSV formats"),
        "{err}"
    );
}

/// The fixture batch as HTML, written with `--output`.
pub(crate) fn fixture_html(dir: &Path) -> (std::path::PathBuf, String) {
    let path = dir.join("report.html");
    let (code, out, err) = stdout_of(
        report()
            .args([BATCH, "--format", "html", "--output"])
            .arg(&path),
    );
    assert_eq!(code, 2, "the batch has an unreadable file: {err}");
    assert!(out.is_empty(), "the report goes to the file");
    assert!(
        err.contains("wrote") && err.contains("(8 calls in 3 files)"),
        "{err}"
    );
    let html = std::fs::read_to_string(&path).unwrap();
    (path, html)
}

#[test]
fn html_is_self_contained() {
    let dir = tempfile::tempdir().unwrap();
    let (_, html) = fixture_html(dir.path());
    assert!(html
        .starts_with("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">"));
    // Nothing to fetch: no URL at all, no src attribute, no stylesheet link.
    assert!(!html.contains("http://") && !html.contains("https://"));
    assert!(!html.contains(" src="));
    assert!(!html.contains("<link"));
    assert!(html.contains("Content-Security-Policy\" content=\"default-src &#39;none&#39;"));
    // Our two scripts and nothing else.
    assert_eq!(html.matches("<script").count(), 2);
    assert_eq!(html.matches("<svg").count(), 3);
    // Numbers on the page.
    for expected in [
        "data-metric=\"calls\"><div class=\"label\">Calls checked · 通话数</div><div class=\"value\">8</div>",
        "<div class=\"value\">62.5%</div><div class=\"note\">5 of 8 passed (pass mark 80)</div>",
        "<div class=\"value\">66.3</div><div class=\"note\">median 94.5</div>",
        "data-bin=\"90–99\" data-calls=\"2\"",
        "<tr><td>1017</td><td class=\"num\" data-sort=\"2\">2</td><td class=\"num\" data-sort=\"0\">0.0</td>",
        "<code>tests/fixtures/report/gbk_export.txt</code>: line 2, column 4: not valid UTF-8",
    ] {
        assert!(html.contains(expected), "missing {expected:?}");
    }
    // Every call has its section; failed ones start open.
    assert_eq!(html.matches("<details class=\"call\"").count(), 8);
    assert!(html.contains("<details class=\"call\" id=\"call-5\" data-score=\"0\" open>"));
    // A rewrite is shown in its turn.
    assert!(html.contains("「<del>不知道</del>」→「<ins>需要帮您查询一下</ins>」"));
}

#[test]
fn html_escapes_everything_from_the_inputs() {
    let dir = tempfile::tempdir().unwrap();
    // A file name, an id, an agent, a team and turns that are all markup.
    let name = "a<b>\"c\" & 'd'.jsonl";
    std::fs::write(
        dir.path().join(name),
        r#"{"id": "<i>id</i>", "agent": "<img src=x onerror=alert(1)>", "team": "\"'&", "turns": [{"speaker": "customer", "text": "<script>alert(1)</script> \"引号\" '单引号' A&B"}, {"speaker": "agent", "text": "喂,<b>你</b>说什么?"}]}
"#,
    )
    .unwrap();
    let out = dir.path().join("r.html");
    let (code, _, err) = stdout_of(
        report()
            .arg(dir.path())
            .args(["--format", "html", "-o"])
            .arg(&out),
    );
    assert_eq!(code, 0, "{err}");
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains(
        "&lt;script&gt;alert(1)&lt;/script&gt; &quot;引号&quot; &#39;单引号&#39; A&amp;B"
    ));
    assert!(html.contains("a&lt;b&gt;&quot;c&quot; &amp; &#39;d&#39;.jsonl"));
    assert!(html.contains("&lt;i&gt;id&lt;/i&gt;"));
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
    // In attributes too: the agent chart's data-agent and the violation titles.
    assert!(html.contains("data-agent=\"&lt;img src=x onerror=alert(1)&gt;\""));
    // 你 inside the agent's <b>…</b> is marked on its own, the tags around it are text.
    assert!(
        html.contains("&lt;b&gt;</mark><mark"),
        "a violation inside markup-like text"
    );
    for raw in ["<script>alert", "<img", "<i>", "<b>", "'d'", "\"c\"", "A&B"] {
        assert!(!html.contains(raw), "{raw:?} is not escaped");
    }
    assert_eq!(html.matches("<script").count(), 2);
}

#[test]
fn html_to_a_pipe_goes_to_stdout() {
    // Standard output is a pipe here, so HTML may go there.
    let (code, out, _) = stdout_of(report().args([
        "tests/fixtures/report/hotline_0058.txt",
        "--format",
        "html",
        "--title",
        "日报 <1120>",
    ]));
    assert_eq!(code, 0);
    assert!(out.contains("<title>日报 &lt;1120&gt;</title>"));
    assert!(out.ends_with("</html>\n"));
}

#[test]
fn readme_example_is_the_real_output() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let start = readme
        .find("$ huashu report tests/fixtures/report/\n")
        .expect("the README shows the report of the fixture batch");
    let block = &readme[start..];
    let block = &block[..block.find("```").unwrap()];
    let (_, out, _) = stdout_of(report().arg(BATCH));
    let lines: Vec<&str> = out.lines().collect();
    for line in block.lines().skip(1).filter(|l| *l != "…") {
        assert!(
            lines.contains(&line),
            "README line not in the output of `huashu report {BATCH}`: {line:?}"
        );
    }
}

/// `report` with a roster: names beside agent ids, teams filled where the transcript has
/// none (the transcript's own team wins), from a CSV file or a `[roster]` table; a bad roster
/// line is an error naming the file and the line.
#[test]
fn a_roster_names_agents_and_fills_teams() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("day.jsonl"),
        concat!(
            r#"{"id": "c1", "agent": "1017", "turns": [{"speaker": "agent", "text": "您好,请问有什么可以帮您?"}]}"#,
            "\n",
            r#"{"id": "c2", "agent": "1040", "team": "贷款组", "turns": [{"speaker": "agent", "text": "这个我不知道"}]}"#,
            "\n",
        ),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("agents.csv"),
        "id,name,team\n1017,张敏,信用卡组\n1040,李强,信用卡组\n",
    )
    .unwrap();
    let config = dir.path().join("huashu.toml");
    std::fs::write(&config, "roster = \"agents.csv\"\n").unwrap();
    let day = dir.path().join("day.jsonl");
    let run = |section: &str, format: &str| {
        let mut cmd = Command::cargo_bin("huashu").unwrap();
        cmd.arg("--config")
            .arg(&config)
            .args(["report", "--format", format, "--section", section])
            .arg(&day);
        stdout_of(&mut cmd)
    };
    let (code, agents, _) = run("agents", "table");
    assert_eq!(code, 0, "{agents}");
    assert!(agents.contains("1017 张敏"), "{agents}");
    assert!(agents.contains("1040 李强"), "{agents}");
    let (_, teams, _) = run("teams", "csv");
    let teams: Vec<&str> = teams
        .trim_start_matches('\u{feff}')
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(teams, ["信用卡组", "贷款组"]);
    let (_, agents_csv, _) = run("agents", "csv");
    assert!(
        agents_csv.contains("agent,name,calls") && agents_csv.contains("1017,张敏,1"),
        "{agents_csv}"
    );
    // The same as a table in huashu.toml.
    std::fs::write(
        &config,
        "[roster]\n1017 = { name = \"张敏\", team = \"信用卡组\" }\n1040 = \"李强\"\n",
    )
    .unwrap();
    let (_, agents, _) = run("agents", "table");
    assert!(agents.contains("1017 张敏"), "{agents}");
    // A bad line: the file and the line.
    std::fs::write(&config, "roster = \"agents.csv\"\n").unwrap();
    std::fs::write(
        dir.path().join("agents.csv"),
        "id,name,team\n1017,张敏,信用卡组\n1040;李强;信用卡组\n",
    )
    .unwrap();
    let (code, _, err) = run("agents", "table");
    assert_eq!(code, 2);
    assert!(
        err.contains("agents.csv:3: expected `id,name,team`, got 1 field"),
        "{err}"
    );
}

/// Every report CSV starts with a byte-order mark (Excel on Chinese Windows); `--no-bom`
/// leaves it out and changes nothing else.
#[test]
fn report_csv_without_a_byte_order_mark() {
    for section in ["summary", "agents", "teams", "rules"] {
        let (_, with, _) =
            stdout_of(report().args([BATCH, "--format", "csv", "--section", section]));
        let (_, without, _) =
            stdout_of(report().args([BATCH, "--format", "csv", "--section", section, "--no-bom"]));
        assert!(!without.starts_with('\u{feff}'), "{without}");
        assert_eq!(
            with.strip_prefix('\u{feff}'),
            Some(without.as_str()),
            "{section}"
        );
    }
}

/// The HTML report shows the roster's names beside the agent ids, escaped like everything else
/// that comes from outside (a roster is typed by people too).
#[test]
fn html_report_shows_roster_names_escaped() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("day.jsonl"),
        concat!(
            r#"{"id": "c1", "agent": "1017", "turns": [{"speaker": "agent", "text": "您好,请问有什么可以帮您?"}]}"#,
            "\n",
            r#"{"id": "c2", "agent": "1040", "turns": [{"speaker": "agent", "text": "这个我不知道"}]}"#,
            "\n",
        ),
    )
    .unwrap();
    let config = dir.path().join("huashu.toml");
    std::fs::write(
        &config,
        "[roster]\n1017 = { name = \"张敏\", team = \"信用卡组\" }\n1040 = \"李强 <组长> & \\\"老李\\\"\"\n",
    )
    .unwrap();
    let out = dir.path().join("r.html");
    let mut cmd = Command::cargo_bin("huashu").unwrap();
    cmd.arg("--config")
        .arg(&config)
        .args(["report", "--format", "html", "-o"])
        .arg(&out)
        .arg(dir.path().join("day.jsonl"));
    let (code, _, err) = stdout_of(&mut cmd);
    assert_eq!(code, 0, "{err}");
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains("<td>1017 张敏</td>"), "{html}");
    assert!(
        html.contains("<td>1040 李强 &lt;组长&gt; &amp; &quot;老李&quot;</td>"),
        "{html}"
    );
    assert!(!html.contains("<组长>"), "the roster name is not escaped");
    // The roster's team fills the call that names none.
    assert!(html.contains("<td>信用卡组</td>"), "{html}");
}
