//! `huashu report` on the fixture batch in `tests/fixtures/report/`: seven JSON Lines calls of
//! three agents in two teams, one plain-text call with no agent, and one GBK file that cannot
//! be read. The numbers below were worked out by hand from `huashu check` on the same files:
//!
//! | call | agent | team | score | violations |
//! | --- | --- | --- | --- | --- |
//! | R-1120-001 | 1022 | 话费组 | 100 | 0 |
//! | R-1120-002 | 1017 | 宽带组 | 78 (failed) | 21 |
//! | R-1120-003 | 1031 | 宽带组 | 99 | 1 |
//! | R-1120-004 | 1022 | 话费组 | 97 | 3 |
//! | R-1120-005 | 1017 | 宽带组 | 0 (fatal: 神经病) | 6 |
//! | R-1120-006 | 1031 | 宽带组 | 100 | 0 |
//! | R-1120-007 | 1022 | 话费组 | 93 | 7 |
//! | 20261120-0058 | — | — | 100 | 0 |

use std::collections::BTreeMap;

use serde_json::json;
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
        "violations        37 (4.6 per call): 8 errors, 25 warnings, 4 info",
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
    assert_eq!(metric("violations_per_call"), "4.63");
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
            "points",
            "name"
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
        [
            "honorific.ni",
            "honorific",
            "warning",
            "8",
            "3",
            "10",
            "应使用敬语「您」称呼客户"
        ]
    );
    let abuse = rules.iter().find(|r| r[0] == "banned.abuse").unwrap();
    assert_eq!(abuse[1..], ["banned", "error", "1", "1", "25", "辱骂客户"]);
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
            // R-1120-002 (0, 20 violations, two of them response rules the customer's
            // complaint and urging trigger in other words) and R-1120-005 (0, 6): both fatal.
            vec![
                "1017",
                "2",
                "0",
                "0.0000",
                "0.00",
                "0",
                "26",
                "13.00",
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
    let data = page_of(&html).data;
    assert_eq!(data["summary"]["calls"], 0);
    assert_eq!(data["summary"]["mean"], Value::Null);
    assert_eq!(data["problems"][0]["calls"], 0);
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
        err.contains("--section applies to the table and CSV formats; HTML and JSON"),
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

/// The page's JSON blocks: the page data and the transcripts, in document order.
pub(crate) struct Page {
    pub data: Value,
    pub transcripts: Vec<Value>,
}

/// The JSON of every `<script type="application/json" …>` of a page.
pub(crate) fn page_of(html: &str) -> Page {
    let mut data = None;
    let mut transcripts = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find("<script type=\"application/json\"") {
        let open_end = at + rest[at..].find('>').unwrap() + 1;
        let close = open_end + rest[open_end..].find("</script>").unwrap();
        let tag = &rest[at..open_end];
        let json: Value =
            serde_json::from_str(&rest[open_end..close]).unwrap_or_else(|e| panic!("{tag}: {e}"));
        if tag.contains("id=\"huashu-data\"") {
            assert!(data.is_none(), "one page data block");
            data = Some(json);
        } else {
            assert!(tag.contains("class=\"huashu-call\""), "{tag}");
            assert!(data.is_none(), "transcripts come before the page data");
            transcripts.push(json);
        }
        rest = &rest[close..];
    }
    Page {
        data: data.expect("a page data block"),
        transcripts,
    }
}

#[test]
fn html_is_self_contained() {
    let dir = tempfile::tempdir().unwrap();
    let (_, html) = fixture_html(dir.path());
    assert!(html
        .starts_with("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">"));
    assert!(html.ends_with("</script>\n</body>\n</html>\n"));
    // Nothing to fetch: no URL at all, no src attribute, no stylesheet link.
    assert!(!html.contains("http://") && !html.contains("https://"));
    assert!(!html.contains(" src="));
    assert!(!html.contains("<link"));
    assert!(html.contains("Content-Security-Policy\" content=\"default-src &#39;none&#39;"));
    // Two scripts that run (errors.js, page.js), both allowed by hash; the rest is data.
    assert_eq!(html.matches("<script>").count(), 2);
    assert_eq!(html.matches("&#39;sha256-").count(), 2);
    assert!(html.contains("<main id=\"app\"></main>") && html.contains("<noscript>"));
    let page = page_of(&html);
    let data = &page.data;
    assert_eq!(data["version"], 1);
    assert_eq!(data["lang"], "zh");
    assert_eq!(data["calls_included"], "auto");
    let summary = &data["summary"];
    assert_eq!(
        (
            &summary["files"],
            &summary["calls"],
            &summary["passed"],
            &summary["violations"]
        ),
        (&json!(3), &json!(8), &json!(5), &json!(37))
    );
    assert_eq!(summary["mean"], 66.25);
    assert_eq!(summary["median"], 94.5);
    assert_eq!(summary["by_severity"], json!([4, 25, 8]));
    let histogram: Vec<u64> = summary["histogram"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_u64().unwrap())
        .collect();
    assert_eq!(histogram.len(), 101);
    assert_eq!((histogram[0], histogram[41], histogram[100]), (2, 1, 3));
    // Rules by Chinese name, most violations first.
    assert_eq!(data["rules"][0]["id"], "honorific.ni");
    assert_eq!(data["rules"][0]["name"], "应使用敬语「您」称呼客户");
    let wei = data["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "banned.wei")
        .unwrap();
    assert_eq!(wei["name"], "禁用语「喂」");
    let banned = wei["category"].as_u64().unwrap() as usize;
    assert_eq!(data["categories"][banned]["name"], "服务禁用语");
    assert_eq!(data["agents"][0], json!({"id": "1017", "name": null}));
    assert_eq!(data["teams"], json!(["宽带组", "话费组"]));
    assert_eq!(data["dates"], json!(["2026-11-20"]));
    assert_eq!(data["trend"]["calls"], json!([7]));
    assert_eq!(data["compare"], Value::Null);
    assert_eq!(
        data["problems"][0]["file"],
        "tests/fixtures/report/gbk_export.txt"
    );
    // One row per call, in input order: R-1120-002 (agent 1017 = 0, team 宽带组 = 0) failed
    // with 0 (it dares the customer to complain: fatal); its costliest rule first.
    let calls = data["calls"].as_array().unwrap();
    assert_eq!(calls.len(), 8);
    let row = &calls[1];
    assert_eq!(row[1], "R-1120-002");
    assert_eq!(
        &row.as_array().unwrap()[2..9],
        &json!([0, 0, 0, 0, 0, 20, 0]).as_array().unwrap()[..]
    );
    // auto: the three failed calls carry their transcript, in the order checked.
    let with_transcript: Vec<(usize, u64)> = calls
        .iter()
        .enumerate()
        .filter_map(|(i, row)| row[9].as_u64().map(|t| (i, t)))
        .collect();
    assert!(
        with_transcript.contains(&(1, 0))
            && with_transcript.contains(&(4, 1))
            && with_transcript.contains(&(6, 2)),
        "{with_transcript:?}"
    );
    assert_eq!(page.transcripts.len(), with_transcript.len());
    for (call, block) in &with_transcript {
        assert_eq!(page.transcripts[*block as usize]["call"], *call as u64);
    }
    // R-1120-007 (41, not fatal): its rule costs, costliest first, add up to what it lost.
    let row = &calls[6];
    assert_eq!(row[1], "R-1120-007");
    let costs = row[10].as_array().unwrap();
    let points: Vec<u64> = costs.iter().map(|c| c[2].as_u64().unwrap()).collect();
    assert!(points.windows(2).all(|w| w[0] >= w[1]), "{points:?}");
    assert_eq!(points.iter().sum::<u64>(), 59, "100 − 41");
    // The transcript of R-1120-002: the 不知道 it said, at UTF-16 offsets of its turn.
    let call = &page.transcripts[0];
    let finding = call["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f[3] == "banned.dont-know")
        .unwrap();
    let turn = &call["turns"][finding[0].as_u64().unwrap() as usize];
    assert_eq!(turn[0], "agent");
    let text: Vec<u16> = turn[3].as_str().unwrap().encode_utf16().collect();
    let (start, end) = (
        finding[1].as_u64().unwrap() as usize,
        finding[2].as_u64().unwrap() as usize,
    );
    assert_eq!(String::from_utf16(&text[start..end]).unwrap(), "不知道");
    assert_eq!(finding[6], "需要帮您查询一下");
    assert_eq!(finding[8], "violation");
}

#[test]
fn html_calls_choose_the_transcripts() {
    let blocks = |choice: &str| {
        let (_, out, err) =
            stdout_of(report().args([BATCH, "--format", "html", "--calls", choice]));
        let page = page_of(&out);
        assert_eq!(page.data["calls_included"], choice, "{err}");
        assert_eq!(
            page.data["calls"].as_array().unwrap().len(),
            8,
            "every call is a row"
        );
        page.transcripts.len()
    };
    assert_eq!(blocks("all"), 8);
    assert_eq!(blocks("failed"), 3);
    assert_eq!(blocks("none"), 0);
    let auto = blocks("auto");
    assert!((3..=8).contains(&auto));
    assert_eq!(blocks("auto"), auto, "the same sample every run");
}

#[test]
fn html_escapes_everything_from_the_inputs() {
    let dir = tempfile::tempdir().unwrap();
    // A file name, an id, an agent, a team and turns that are all markup, and a customer who
    // tries to close the page's <script> element.
    let name = "a<b>\"c\" & 'd'.jsonl";
    std::fs::write(
        dir.path().join(name),
        r#"{"id": "<i>id</i>", "agent": "<img src=x onerror=alert(1)>", "team": "\"'&", "turns": [{"speaker": "customer", "text": "</script><script>alert(1)</script> \"引号\" '单引号' A&B <!-- \u2028"}, {"speaker": "agent", "text": "喂,<b>你</b>说什么?"}]}
"#,
    )
    .unwrap();
    let out = dir.path().join("r.html");
    let (code, _, err) = stdout_of(
        report()
            .arg(dir.path())
            .args([
                "--format",
                "html",
                "--calls",
                "all",
                "--title",
                "日报 </title><script>x</script>",
                "-o",
            ])
            .arg(&out),
    );
    assert_eq!(code, 0, "{err}");
    let html = std::fs::read_to_string(&out).unwrap();
    // The only markup is the page's own: two scripts that run and the JSON blocks.
    assert_eq!(html.matches("<script>").count(), 2);
    assert_eq!(html.matches("<script").count(), 4);
    assert_eq!(html.matches("</script>").count(), 4);
    for raw in [
        "<script>alert",
        "<img",
        "<i>",
        "<b>",
        "A&B",
        "<!--",
        "\u{2028}",
    ] {
        assert!(!html.contains(raw), "{raw:?} is not escaped");
    }
    assert!(html.contains("<title>日报 &lt;/title&gt;&lt;script&gt;x&lt;/script&gt;</title>"));
    assert!(html.contains("\\u003c/script\\u003e\\u003cscript\\u003ealert(1)"));
    // And the JSON still says exactly what the customer said.
    let page = page_of(&html);
    assert_eq!(
        page.transcripts[0]["turns"][0][3],
        "</script><script>alert(1)</script> \"引号\" '单引号' A&B <!-- \u{2028}"
    );
    assert_eq!(
        page.data["files"][0].as_str().unwrap().rsplit('/').next(),
        Some(name)
    );
    assert_eq!(page.data["agents"][0]["id"], "<img src=x onerror=alert(1)>");
    assert_eq!(page.data["calls"][0][1], "<i>id</i>");
    assert_eq!(page.data["title"], "日报 </title><script>x</script>");
}

#[test]
fn html_to_a_pipe_goes_to_stdout() {
    // Standard output is a pipe here, so HTML may go there, streamed.
    let (code, out, _) = stdout_of(report().args([
        "tests/fixtures/report/hotline_0058.txt",
        "--format",
        "html",
        "--title",
        "日报 <1120>",
        "--lang",
        "en",
    ]));
    assert_eq!(code, 0);
    assert!(out.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(out.contains("<title>日报 &lt;1120&gt;</title>"));
    assert!(out.ends_with("</html>\n"));
    assert_eq!(page_of(&out).data["lang"], "en");
}

#[test]
fn html_output_is_atomic() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.html");
    std::fs::write(&path, "旧报告").unwrap();
    // A report that cannot be written (its directory is missing) leaves nothing behind.
    let (code, _, err) = stdout_of(
        report()
            .args([BATCH, "--format", "html", "-o"])
            .arg(dir.path().join("no/such/dir/r.html")),
    );
    assert_eq!(code, 2);
    assert!(err.contains("cannot write"), "{err}");
    fixture_html(dir.path());
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["report.html"], "no temporary file is left behind");
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

/// The HTML report carries the roster's names beside the agent ids (as data: the page
/// script shows them as text, whatever they hold).
#[test]
fn html_report_carries_roster_names() {
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
    assert!(!html.contains("<组长>"), "the roster name is not escaped");
    let data = page_of(&html).data;
    assert_eq!(
        data["agents"],
        json!([{"id": "1017", "name": "张敏"}, {"id": "1040", "name": "李强 <组长> & \"老李\""}])
    );
    // The roster's team fills the call that names none.
    assert_eq!(data["teams"], json!(["信用卡组"]));
    assert_eq!(data["calls"][0][3], 0);
}
