//! The HTML report in a real headless Chromium. The page is rendered by its own script from
//! compact data (docs/report-page.md), so these tests look at the DOM after the script ran: the
//! batch's numbers, no script error or console message, hostile input text kept as text, the
//! call list filtered and the agent drill-down opened through the URL hash, sorting and the CSV
//! export, and a Content Security Policy that stops a script that is not the page's own.
//! Screenshots are kept in `target/tmp/` (`report-screenshot.png`, `report-agent-screenshot.png`,
//! `report-call-screenshot.png`).
//!
//! The 50,000-call test (`report_of_50000_calls_in_headless_chromium`) is ignored in the debug
//! run; run it with
//! `cargo test --release --test cli browser::report_of_50000 -- --ignored --nocapture`.
//!
//! Chromium is `$HUASHU_CHROMIUM`, else `/usr/bin/chromium`, else `chromium` or
//! `chromium-browser` on the PATH. Without one the tests say so loudly and pass, unless
//! `HUASHU_REQUIRE_BROWSER=1` (as `.ci/run` sets it), when they fail.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command as Process, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use super::*;

/// How long one Chromium run may take.
const TIMEOUT: Duration = Duration::from_secs(120);

fn find_chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("HUASHU_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    if Path::new("/usr/bin/chromium").is_file() {
        return Some(PathBuf::from("/usr/bin/chromium"));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| ["chromium", "chromium-browser"].map(|name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

/// Chromium, or `None` after saying why the test is skipped (failing when a browser is required).
fn chromium_or_skip() -> Option<PathBuf> {
    let found = find_chromium();
    if found.is_none() {
        let required = std::env::var("HUASHU_REQUIRE_BROWSER").is_ok_and(|v| v == "1");
        assert!(
            !required,
            "HUASHU_REQUIRE_BROWSER=1 but no Chromium was found (install Debian's `chromium`)"
        );
        eprintln!(
            "\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n\
             SKIPPED: the HTML report's browser test needs Chromium (apt-get install chromium);\n\
             set HUASHU_REQUIRE_BROWSER=1 to make its absence a failure.\n\
             !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n"
        );
    }
    found
}

/// What a Chromium run printed.
struct Run {
    stdout: String,
    stderr: String,
}

impl Run {
    /// The page's console messages (Chromium logs them to standard error as `:CONSOLE:`).
    fn console(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|l| l.contains(":CONSOLE"))
            .collect()
    }

    /// The DOM dump, checked: it is complete, no script error was recorded and nothing went to
    /// the console.
    fn dom(&self) -> &str {
        let dom = &self.stdout;
        assert!(dom.contains("</html>"), "no DOM dumped:\n{}", self.stderr);
        assert_eq!(
            attribute(dom, "<body", "data-js-errors"),
            Some(""),
            "script errors recorded by the page"
        );
        assert!(
            self.console().is_empty(),
            "console messages: {:?}",
            self.console()
        );
        dom
    }
}

/// `page` as a `file://` URL with `hash` (`#calls?agent=1017`: percent-encoded here, as a
/// browser's address bar would).
fn url(page: &Path, hash: &str) -> String {
    let mut out = format!("file://{}", page.display());
    for byte in hash.bytes() {
        if byte.is_ascii_alphanumeric() || b"#?=&-_.~".contains(&byte) {
            out.push(byte as char);
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// Runs headless Chromium on `url` with `args` (`--dump-dom`, `--screenshot=…`), in its own
/// profile directory, with no network features, killed if it takes longer than [`TIMEOUT`].
fn chromium(browser: &Path, url: &str, args: &[&str]) -> Run {
    let profile = tempfile::tempdir().unwrap();
    let mut child = Process::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("Chromium starts");
    // Read both pipes on threads so that a full pipe cannot stall the browser.
    let mut out_pipe = child.stdout.take().unwrap();
    let mut err_pipe = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut out_pipe, &mut s).map(|_| s)
    });
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut err_pipe, &mut s).map(|_| s)
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("Chromium took longer than {TIMEOUT:?} on {url}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let run = Run {
        stdout: out.join().unwrap().unwrap_or_default(),
        stderr: err.join().unwrap().unwrap_or_default(),
    };
    assert!(
        status.success(),
        "Chromium failed ({status}):\n{}",
        run.stderr
    );
    run
}

/// A screenshot of `url`, `width`×`height`, kept as `target/tmp/NAME`: checked to be a PNG of
/// that size with something on it.
fn screenshot(browser: &Path, url: &str, name: &str, height: u32) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_file(&path);
    let run = chromium(
        browser,
        url,
        &[
            &format!("--screenshot={}", path.display()),
            &format!("--window-size=1400,{height}"),
        ],
    );
    assert!(
        run.console().is_empty(),
        "console messages: {:?}",
        run.console()
    );
    let png = std::fs::read(&path).expect("a screenshot was written");
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let size = (
        u32::from_be_bytes(png[16..20].try_into().unwrap()),
        u32::from_be_bytes(png[20..24].try_into().unwrap()),
    );
    assert_eq!(size, (1400, height));
    assert!(
        png.len() > 30_000,
        "a near-empty screenshot: {} bytes",
        png.len()
    );
    eprintln!("screenshot: {}", path.display());
    path
}

/// The value of `name="…"` on the first element of a DOM dump that starts with `start`
/// (`<body`, `<table id="calls"`).
fn attribute<'a>(dom: &'a str, start: &str, name: &str) -> Option<&'a str> {
    let at = dom.find(start)?;
    let end = at + dom[at..].find('>')?;
    let element = &dom[at..end];
    let value = element.find(&format!(" {name}=\""))? + name.len() + 3;
    let len = element[value..].find('"')?;
    Some(&element[value..value + len])
}

/// The number of rows the call list says it shows (`data-rows` on `#calls`), 0 when there is
/// no list ("no calls").
fn call_rows(dom: &str) -> usize {
    attribute(dom, "<table id=\"calls\"", "data-rows").map_or(0, |n| n.parse().unwrap())
}

/// The page with `script` added before `</body>`, and the Content Security Policy removed when
/// `without_policy` (so that a test harness can run).
fn variant(html: &str, dir: &Path, name: &str, script: &str, without_policy: bool) -> PathBuf {
    let end = html.rfind("</body>").expect("the page ends its body");
    let mut page = format!(
        "{}<script>{script}</script>\n{}",
        &html[..end],
        &html[end..]
    );
    if without_policy {
        let start = page
            .find("<meta http-equiv=\"Content-Security-Policy\"")
            .unwrap();
        let end = start + page[start..].find('>').unwrap() + 1;
        page.replace_range(start..end, "");
    }
    let path = dir.join(name);
    std::fs::write(&path, page).unwrap();
    path
}

/// The page data (`#huashu-data`) of a written page.
fn page_data(html: &str) -> Value {
    let open = "id=\"huashu-data\">";
    let start = html.find(open).expect("the page has its data") + open.len();
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).expect("the page data is JSON")
}

/// `huashu report ARGS --format html -o PATH`: the page's text, and the exit code.
fn write_report(args: &[&str], path: &Path) -> (i32, String) {
    let output = huashu()
        .arg("report")
        .args(args)
        .args(["--format", "html", "-o"])
        .arg(path)
        .output()
        .unwrap();
    let code = output.status.code().unwrap();
    assert!(
        code == 0 || code == 2,
        "report failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    (code, std::fs::read_to_string(path).unwrap())
}

/// The number of elements `<tag` in a DOM dump outside the JSON blocks: these carry input text,
/// escaped, and a dump shows a script's text as it is.
fn elements(dom: &str, tag: &str) -> usize {
    let mut count = 0;
    let mut rest = dom;
    while let Some(at) = rest.find('<') {
        rest = &rest[at..];
        if rest.starts_with("<script type=\"application/json\"") {
            let end = rest.find("</script>").unwrap();
            rest = &rest[end + 9..];
            continue;
        }
        if let Some(after) = rest.strip_prefix(tag) {
            if after.starts_with([' ', '>', '/']) {
                count += 1;
            }
        }
        rest = &rest[1..];
    }
    count
}

/// A test harness run in a page without its policy: it routes the page to each hash in turn
/// (through `window.huashu.route`, as a click on a link would) and records the rows shown, so
/// that one browser run checks many filters.
const HARNESS: &str = r##"
  var results = {};
  (window.HASHES || []).forEach(function (hash) {
    huashu.route(hash);
    var table = document.getElementById("calls");
    results[hash] = {
      rows: table ? +table.getAttribute("data-rows") : 0,
      view: document.body.dataset.view,
      filterMs: +(document.body.dataset.filterMs || 0)
    };
  });
  document.body.setAttribute("data-harness", JSON.stringify(results));
"##;

/// The harness's results: per hash, `{rows, view, filterMs}`.
fn harness_results(dom: &str) -> Value {
    let raw = attribute(dom, "<body", "data-harness").expect("the harness ran");
    let json = raw
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    serde_json::from_str(&json).unwrap()
}

/// The harness for `hashes`.
fn harness(hashes: &[&str], then: &str) -> String {
    format!(
        "window.HASHES = {};\n{HARNESS}\n{then}",
        serde_json::to_string(hashes).unwrap()
    )
}

/// The index of `id` in a list of page-data objects (`agents`, `rules`), or of a string in a
/// list of strings (`teams`).
fn index_of(list: &Value, id: &str) -> Option<usize> {
    list.as_array()?.iter().position(|item| {
        item.get("id")
            .map_or(item.as_str() == Some(id), |v| v == id)
    })
}

/// The calls of the page data that pass `keep`.
fn count_calls(data: &Value, keep: impl Fn(&[Value]) -> bool) -> usize {
    data["calls"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|row| keep(row.as_array().unwrap()))
        .count()
}

fn has_rule(row: &[Value], rule: usize) -> bool {
    row[10]
        .as_array()
        .unwrap()
        .iter()
        .any(|cost| cost[0].as_u64() == Some(rule as u64))
}

#[test]
fn html_report_in_headless_chromium() {
    let Some(browser) = chromium_or_skip() else {
        return;
    };
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    let (code, html) = write_report(
        &[
            "tests/fixtures/report/",
            "--calls",
            "all",
            "--title",
            "11月20日 话术质检日报",
        ],
        &page,
    );
    assert_eq!(code, 2, "the batch has an unreadable file");
    let data = page_data(&html);
    let hostile = data["calls"]
        .as_array()
        .unwrap()
        .iter()
        .position(|row| row[1] == "R-1120-003")
        .unwrap();
    let fatal = data["calls"]
        .as_array()
        .unwrap()
        .iter()
        .position(|row| row[1] == "R-1120-005")
        .unwrap();
    let position = |id: &str| {
        data["calls"]
            .as_array()
            .unwrap()
            .iter()
            .position(|row| row[1] == id)
            .unwrap()
    };
    // R-1120-002 dares the customer to complain (fatal, 0); R-1120-007 escalates (41).
    let (dared, escalated) = (position("R-1120-002"), position("R-1120-007"));
    let banned_wei = index_of(&data["rules"], "banned.wei").unwrap();
    let banned = index_of(&data["categories"], "banned").unwrap();
    let expected_wei = count_calls(&data, |row| has_rule(row, banned_wei));
    let expected_banned = count_calls(&data, |row| {
        row[10].as_array().unwrap().iter().any(|cost| {
            data["rules"][cost[0].as_u64().unwrap() as usize]["category"].as_u64()
                == Some(banned as u64)
        })
    });
    // Filters and sorting, checked by a harness (the policy would block it, so that copy has
    // none): each hash and the rows it shows; the agents sorted by a click on a header; the
    // CSV export of the last filter.
    let hashes = [
        "#calls",
        "#calls?agent=1017",
        "#calls?result=fail",
        "#calls?result=pass",
        "#calls?team=话费组",
        "#calls?agent=1022&team=话费组&result=pass",
        "#calls?rule=banned.wei",
        "#calls?category=banned",
        "#calls?from=2026-11-20&to=2026-11-20",
        "#calls?min=90&max=99",
        "#calls?q=神经病",
        "#calls?q=没有这句话",
        "#calls?team=~",
        "#agent=1017",
        "#calls?result=fail&sort=score",
    ];
    let then = r##"
        document.body.setAttribute("data-order", Array.prototype.map.call(
          document.querySelectorAll("#calls tbody tr"), function (tr) { return tr.getAttribute("data-call"); }).join(" "));
        document.body.setAttribute("data-csv", JSON.stringify(huashu.csv()));
        huashu.route("#");
        function column(table, index) {
          return Array.prototype.map.call(document.querySelector(table).tBodies[0].rows,
            function (row) { return row.cells[index].textContent; }).join("|");
        }
        var perCall = document.querySelectorAll("#agent-table th")[5];
        perCall.click();
        var descending = column("#agent-table", 0);
        perCall.click();
        var ascending = column("#agent-table", 0);
        document.body.setAttribute("data-sort-test", [descending, ascending].join(" / "));
        huashu.route("#call=" + CALL);
        var open = document.querySelector("#call-" + CALL);
        document.body.setAttribute("data-marks", document.querySelectorAll("#app mark").length);
    "##
    .replace("CALL", &fatal.to_string());
    let harnessed = variant(
        &html,
        dir.path(),
        "harness.html",
        &harness(&hashes, &then),
        true,
    );
    // A script that slipped in, with the policy in place.
    let injected = variant(
        &html,
        dir.path(),
        "injected.html",
        "document.body.setAttribute('data-injected', 'ran')",
        false,
    );
    let call_url = url(&page, &format!("#call={hostile}"));
    let (overview, filtered, agent, call, harnessed, blocked) = std::thread::scope(|scope| {
        let overview = scope.spawn(|| chromium(&browser, &url(&page, ""), &["--dump-dom"]));
        let filtered = scope.spawn(|| {
            chromium(
                &browser,
                &url(&page, "#calls?agent=1017&result=fail"),
                &["--dump-dom"],
            )
        });
        let agent = scope.spawn(|| chromium(&browser, &url(&page, "#agent=1017"), &["--dump-dom"]));
        let call = scope.spawn(|| chromium(&browser, &call_url, &["--dump-dom"]));
        let harnessed = scope.spawn(|| chromium(&browser, &url(&harnessed, ""), &["--dump-dom"]));
        let blocked = scope.spawn(|| chromium(&browser, &url(&injected, ""), &["--dump-dom"]));
        (
            overview.join().unwrap(),
            filtered.join().unwrap(),
            agent.join().unwrap(),
            call.join().unwrap(),
            harnessed.join().unwrap(),
            blocked.join().unwrap(),
        )
    });

    // 1. The overview, as written: the numbers of the batch.
    let dom = overview.dom();
    assert_eq!(attribute(dom, "<body", "data-view"), Some("overview"));
    for expected in [
        "data-metric=\"calls\"><div class=\"label\">通话数</div><div class=\"value\">8</div>",
        "data-metric=\"pass-rate\"><div class=\"label\">合格率</div><div class=\"value\">62.5%</div>",
        "<div class=\"value\">66.3</div><div class=\"note\">中位数 94.5</div>",
        "data-metric=\"range\"><div class=\"label\">最低 – 最高</div><div class=\"value\">0 – 100</div>",
        "data-metric=\"violations-per-call\"><div class=\"label\">每通违规</div><div class=\"value\">4.6</div>",
        "<h2>值得一听的通话</h2>",
        "<h2>坐席</h2>",
        "<h2>班组</h2>",
        "<h2>规则</h2>",
        "<h2>读取失败的文件</h2>",
        "href=\"#agent=1017\"",
        "href=\"#calls?rule=banned.wei\"",
        "data-bin=\"100\" data-calls=\"3\"",
        "tests/fixtures/report/gbk_export.txt",
    ] {
        assert!(dom.contains(expected), "missing {expected:?} in the overview");
    }
    // Four agents; two teams and the plain-text call's unknown one.
    assert_eq!(
        attribute(dom, "<table id=\"agent-table\"", "data-rows"),
        Some("4")
    );
    assert_eq!(
        attribute(dom, "<table id=\"team-table\"", "data-rows"),
        Some("3")
    );
    assert!(attribute(dom, "<body", "data-render-ms").is_some());
    // The page's own scripts run; the JSON blocks are data.
    assert_eq!(elements(dom, "<script"), 2, "errors.js and page.js");
    assert_eq!(
        dom.matches("<script type=\"application/json\" class=\"huashu-call\"")
            .count(),
        8,
        "--calls all: every call's transcript"
    );

    // 2. The URL hash filters the call list and opens the drill-down.
    let dom = filtered.dom();
    assert_eq!(attribute(dom, "<body", "data-view"), Some("calls"));
    assert_eq!(call_rows(dom), 2, "1017's two calls both failed");
    assert!(attribute(dom, "<body", "data-filter-ms").is_some());
    let dom = agent.dom();
    assert_eq!(attribute(dom, "<body", "data-view"), Some("agent"));
    assert!(
        dom.contains("<span>坐席 1017</span>"),
        "the agent's heading"
    );
    assert_eq!(call_rows(dom), 2);
    assert!(
        dom.contains("<h2>扣分的句子</h2><ol class=\"sentences\">"),
        "the sentences that cost 1017 points"
    );
    assert!(dom.contains("不知道"), "a sentence of 1017's");

    // 3. Hostile text is text: the customer's <script> is in the transcript, escaped by the
    // serialiser, and no element came of it.
    let dom = call.dom();
    assert_eq!(attribute(dom, "<body", "data-view"), Some("call"));
    assert!(dom.contains("一提交就弹出&lt;script&gt;alert(1)&lt;/script&gt;这种东西"));
    assert_eq!(elements(dom, "<script"), 2);

    // 4. The filters, the sorting and the export.
    let dom = harnessed.dom();
    let results = harness_results(dom);
    let rows = |hash: &str| results[hash]["rows"].as_u64().unwrap() as usize;
    assert_eq!(rows("#calls"), 8);
    assert_eq!(rows("#calls?agent=1017"), 2);
    assert_eq!(rows("#calls?result=fail"), 3);
    assert_eq!(rows("#calls?result=pass"), 5);
    assert_eq!(rows("#calls?team=话费组"), 3);
    assert_eq!(rows("#calls?agent=1022&team=话费组&result=pass"), 2);
    assert_eq!(rows("#calls?rule=banned.wei"), expected_wei);
    assert!(expected_wei > 0);
    assert_eq!(rows("#calls?category=banned"), expected_banned);
    assert_eq!(
        rows("#calls?from=2026-11-20&to=2026-11-20"),
        7,
        "the JSON Lines calls are dated"
    );
    assert_eq!(rows("#calls?min=90&max=99"), 2, "98 and 91");
    assert_eq!(rows("#calls?q=神经病"), 1, "the fatal call");
    assert_eq!(rows("#calls?q=没有这句话"), 0);
    assert_eq!(
        rows("#calls?team=~"),
        1,
        "the plain-text call names no team"
    );
    assert_eq!(results["#agent=1017"]["view"], "agent");
    // Failed calls, lowest score first: the two fatal calls (0, in input order), then 41.
    assert_eq!(
        attribute(dom, "<body", "data-order"),
        Some(format!("{dared} {fatal} {escalated}").as_str())
    );
    let csv: String = serde_json::from_str(
        &attribute(dom, "<body", "data-csv")
            .unwrap()
            .replace("&quot;", "\""),
    )
    .unwrap();
    assert!(csv.starts_with(
        "\u{feff}call,file,agent,agent_name,team,date,score,passed,violations,review,top_rule\r\n"
    ));
    assert!(csv.contains("\r\nR-1120-005,"), "{csv}");
    assert!(csv.contains(",1017,,宽带组,2026-11-20,0,false,"), "{csv}");
    assert_eq!(
        csv.lines().count(),
        4,
        "the header and the three failed calls"
    );
    // Agents by violations per call (12.0, 3.3, 0.5, 0.0), most first, then least.
    assert_eq!(
        attribute(dom, "<body", "data-sort-test"),
        Some("1017|1022|1031|1040 / 1040|1031|1022|1017"),
    );
    assert!(
        attribute(dom, "<body", "data-marks").is_some_and(|n| n.parse::<usize>().unwrap() > 0),
        "the fatal call's transcript has marked words"
    );

    // 5. The policy stopped the injected script, and the page recorded it.
    assert_eq!(attribute(&blocked.stdout, "<body", "data-injected"), None);
    let errors = attribute(&blocked.stdout, "<body", "data-js-errors").unwrap_or_default();
    assert!(
        errors.contains("blocked by the content security policy"),
        "the page did not record the blocked script: {errors:?}\n{}",
        blocked.stderr
    );
    assert!(!blocked.console().is_empty(), "Chromium logs the refusal");

    // 6. Screenshots, kept as artefacts: the overview, a drill-down and a failed call.
    std::thread::scope(|scope| {
        scope.spawn(|| screenshot(&browser, &url(&page, ""), "report-screenshot.png", 2000));
        scope.spawn(|| {
            screenshot(
                &browser,
                &url(&page, "#agent=1017"),
                "report-agent-screenshot.png",
                1400,
            )
        });
        scope.spawn(|| {
            screenshot(
                &browser,
                &url(&page, &format!("#call={fatal}")),
                "report-call-screenshot.png",
                1400,
            )
        });
    });
    eprintln!("browser test: {:.1} s", started.elapsed().as_secs_f64());
}

#[test]
fn hostile_input_stays_text_in_headless_chromium() {
    let Some(browser) = chromium_or_skip() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let batch = dir.path().join("batch");
    std::fs::create_dir(&batch).unwrap();
    // A file name, an id, an agent, a team and turns that are all markup, and a customer who
    // tries to close the page's script element.
    std::fs::write(
        batch.join("a<b>\"c\" & 'd'.jsonl"),
        r#"{"id": "<i>id</i>", "agent": "<img src=x onerror=alert(1)>", "team": "</script><b>组</b>", "date": "2026-11-20", "turns": [{"speaker": "customer", "text": "</script><script>alert(1)</script> \"引号\" '单引号' A&B \u2028"}, {"speaker": "agent", "text": "喂,<b>你</b>说什么?"}]}
"#,
    )
    .unwrap();
    let page = dir.path().join("r.html");
    let (code, html) = write_report(
        &[
            batch.to_str().unwrap(),
            "--calls",
            "all",
            "--title",
            "<i>日报</i>",
        ],
        &page,
    );
    assert_eq!(code, 0);
    // Only the page's own scripts end a script element.
    assert_eq!(
        html.matches("</script>").count(),
        html.matches("<script").count()
    );
    let views = [
        "#",
        "#calls",
        "#call=0",
        "#agent=<img src=x onerror=alert(1)>",
        "#calls?q=alert",
    ];
    let then = r##"
        var counts = [];
        HASHES.forEach(function (hash) {
          huashu.route(hash);
          counts.push(document.querySelectorAll("#app img, #app i, #app b, #app script").length);
        });
        document.body.setAttribute("data-elements", counts.join(" "));
    "##;
    let harnessed = variant(&html, dir.path(), "h.html", &harness(&views, then), true);
    let (call, harnessed) = std::thread::scope(|scope| {
        let call = scope.spawn(|| chromium(&browser, &url(&page, "#call=0"), &["--dump-dom"]));
        let harnessed = scope.spawn(|| chromium(&browser, &url(&harnessed, ""), &["--dump-dom"]));
        (call.join().unwrap(), harnessed.join().unwrap())
    });
    let dom = call.dom();
    for text in [
        "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; \"引号\" '单引号' A&amp;B",
        "&lt;img src=x onerror=alert(1)&gt;",
        "&lt;/script&gt;&lt;b&gt;组&lt;/b&gt;",
        "a&lt;b&gt;\"c\" &amp; 'd'.jsonl",
    ] {
        assert!(dom.contains(text), "missing {text:?} as text");
    }
    // 你 inside the agent's <b>…</b> is marked on its own; the tags around it are text.
    assert!(
        dom.contains("&lt;b&gt;<mark"),
        "a mark inside markup-like text"
    );
    assert_eq!(elements(dom, "<script"), 2);
    assert_eq!(elements(dom, "<img"), 0);
    assert_eq!(elements(dom, "<i"), 0);
    assert_eq!(elements(dom, "<b"), 0);
    let dom = harnessed.dom();
    assert_eq!(attribute(dom, "<body", "data-elements"), Some("0 0 0 0 0"));
    let results = harness_results(dom);
    assert_eq!(
        results["#calls?q=alert"]["rows"], 1,
        "the search finds the text"
    );
    assert_eq!(
        results["#agent=<img src=x onerror=alert(1)>"]["view"],
        "agent"
    );
}

/// A deterministic batch of `calls` calls in JSON Lines, one file per day: agents `2001`…, six
/// teams, good calls and calls with the violations QA finds (禁用语, 你 for 您, a missing
/// greeting or closing, an unanswered complaint), a few insults.
fn generate_batch(dir: &Path, calls: usize, days: usize) {
    const GOOD_OPEN: &str = "您好,欢迎致电客户服务热线,工号{id}很高兴为您服务,请问有什么可以帮您?";
    const BAD_OPEN: [&str; 2] = ["喂,说吧。", "喂,你好,什么事?"];
    const ASKS: [&str; 8] = [
        "我想查一下这个月的话费为什么多了二十块。",
        "我家宽带从昨天晚上就断了,一直连不上。",
        "信用卡账单上有一笔消费我不认识。",
        "能不能帮我把套餐改成便宜一点的?",
        "我上周办的业务到现在还没生效。",
        "积分怎么兑换话费?",
        "我要投诉,上次的问题一直没人处理!",
        "你们这个服务太差了,我等了半个小时。",
    ];
    const GOOD: [&str; 6] = [
        "好的,请您稍等,我帮您查一下。",
        "感谢您的耐心等待,您本月开通了一个二十元的流量包,所以费用多了二十元。",
        "我这边已经为您登记了故障,维修师傅会在二十四小时内联系您。",
        "您的业务已经办理成功,下个月一号生效。",
        "非常抱歉给您带来不便,我马上为您处理。",
        "积分可以在手机营业厅里兑换,我发一条短信告诉您步骤。",
    ];
    const BAD: [&str; 8] = [
        "这个我不知道,你去营业厅问一下好了。",
        "不可能,我们系统不会出错的。",
        "我也没办法,这不是我的事。",
        "你必须先把身份证号报给我。",
        "你搞错了吧,肯定是你自己开的。",
        "嗯嗯,那个,就是说,你等一下。",
        "我都说了多少遍了,你有完没完?",
        "你过两天再来电话吧。",
    ];
    const GOOD_CLOSE: &str = "请问还有什么可以帮您吗?感谢您的来电,祝您生活愉快,再见!";
    const TEAMS: [&str; 6] = ["信用卡组", "宽带组", "话费组", "理财组", "投诉组", "外呼组"];
    let agents = 250;
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move |n: usize| -> usize {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    let per_day = calls.div_ceil(days);
    for day in 0..days {
        let date = format!("2026-11-{:02}", day + 1);
        let mut out = String::new();
        for n in day * per_day..((day + 1) * per_day).min(calls) {
            let agent = n % agents;
            let id = 2001 + agent;
            // Some agents are worse than others: agent k fails about (k % 5) calls in 20.
            let bad = next(20) < agent % 5;
            let mut turns: Vec<(&str, String)> = Vec::new();
            if bad && next(2) == 0 {
                turns.push(("agent", BAD_OPEN[next(2)].to_owned()));
            } else {
                turns.push(("agent", GOOD_OPEN.replace("{id}", &id.to_string())));
            }
            for _ in 0..2 + next(3) {
                turns.push(("customer", ASKS[next(ASKS.len())].to_owned()));
                let answer = if bad || next(12) == 0 {
                    let mut s = String::new();
                    for _ in 0..1 + next(if bad { 4 } else { 1 }) {
                        s.push_str(BAD[next(BAD.len())]);
                    }
                    s
                } else {
                    GOOD[next(GOOD.len())].to_owned()
                };
                turns.push(("agent", answer));
            }
            if bad && next(400) == 0 {
                turns.push(("agent", "神经病,别再打来了。".to_owned()));
            }
            if !(bad && next(2) == 0) {
                turns.push(("agent", GOOD_CLOSE.to_owned()));
            }
            let turns: Vec<Value> = turns
                .into_iter()
                .map(|(speaker, text)| serde_json::json!({"speaker": speaker, "text": text}))
                .collect();
            let call = serde_json::json!({
                "id": format!("{}-{n:05}", date.replace('-', "")),
                "agent": id.to_string(),
                "team": TEAMS[agent % TEAMS.len()],
                "date": date,
                "turns": turns,
            });
            out.push_str(&call.to_string());
            out.push('\n');
        }
        std::fs::write(dir.join(format!("{date}.jsonl")), out).unwrap();
    }
}

/// Budgets of the 50,000-call page (docs/report-page.md has the figures measured).
const MAX_PAGE_BYTES: u64 = 15_000_000;
const MAX_READY_MS: f64 = 5_000.0;
const MAX_FILTER_MS: f64 = 1_000.0;

#[test]
#[ignore = "50,000 calls: slow in a debug build; run it with --release (see the module docs)"]
fn report_of_50000_calls_in_headless_chromium() {
    let Some(browser) = chromium_or_skip() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let batch = dir.path().join("batch");
    std::fs::create_dir(&batch).unwrap();
    generate_batch(&batch, 50_000, 10);
    let page = dir.path().join("report.html");
    let started = Instant::now();
    let (_, html) = write_report(
        &[batch.to_str().unwrap(), "--title", "11月话术质检报告"],
        &page,
    );
    let write_s = started.elapsed().as_secs_f64();
    let bytes = std::fs::metadata(&page).unwrap().len();
    let data = page_data(&html);
    assert_eq!(data["calls"].as_array().unwrap().len(), 50_000);
    let transcripts = html
        .matches("<script type=\"application/json\" class=\"huashu-call\"")
        .count();
    let agent = index_of(&data["agents"], "2004").unwrap() as u64;
    let expected_agent_failed = count_calls(&data, |row| row[2] == agent && row[6] == 0);
    let top_rule = data["rules"][0]["id"].as_str().unwrap().to_owned();
    let expected_rule = count_calls(&data, |row| has_rule(row, 0));
    let from = index_of(&data["dates"], "2026-11-03").unwrap() as u64;
    let to = index_of(&data["dates"], "2026-11-05").unwrap() as u64;
    let expected_days = count_calls(&data, |row| {
        row[4].as_u64().is_some_and(|d| (from..=to).contains(&d))
    });
    drop(html);

    // Time to first render: the overview, as written.
    let run = chromium(&browser, &url(&page, ""), &["--dump-dom"]);
    let dom = run.dom();
    let ready_ms: f64 = attribute(dom, "<body", "data-ready-ms")
        .unwrap()
        .parse()
        .unwrap();
    let render_ms: f64 = attribute(dom, "<body", "data-render-ms")
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        dom.contains("<div class=\"value\">50,000</div>"),
        "the calls card"
    );
    // A filter through the URL hash: one agent's failed calls.
    let filter = "#calls?agent=2004&result=fail";
    let run = chromium(&browser, &url(&page, filter), &["--dump-dom"]);
    let dom = run.dom();
    assert_eq!(call_rows(dom), expected_agent_failed);
    assert!(expected_agent_failed > 0);
    let filter_ms: f64 = attribute(dom, "<body", "data-filter-ms")
        .unwrap()
        .parse()
        .unwrap();
    // At most one page of rows in the DOM, however many calls match.
    assert!(dom.matches("<tr data-call=").count() <= 100);
    // More filters, one after the other in one page (a harness, so without the policy).
    let hashes = [
        "#calls",
        &format!("#calls?rule={top_rule}"),
        "#calls?from=2026-11-03&to=2026-11-05",
        "#calls?result=fail&sort=score",
        "#calls?q=营业厅",
        "#agent=2004",
    ];
    let html = std::fs::read_to_string(&page).unwrap();
    let harnessed = variant(
        &html,
        dir.path(),
        "harness.html",
        &harness(&hashes, ""),
        true,
    );
    drop(html);
    let run = chromium(&browser, &url(&harnessed, ""), &["--dump-dom"]);
    let results = harness_results(run.dom());
    assert_eq!(results["#calls"]["rows"], 50_000);
    assert_eq!(results[hashes[1]]["rows"], expected_rule);
    assert_eq!(results[hashes[2]]["rows"], expected_days);
    assert_eq!(results["#agent=2004"]["view"], "agent");
    let slowest = hashes[..5]
        .iter()
        .map(|h| results[*h]["filterMs"].as_f64().unwrap())
        .fold(filter_ms, f64::max);
    let search_ms = results["#calls?q=营业厅"]["filterMs"].as_f64().unwrap();
    // Screenshots, kept.
    screenshot(&browser, &url(&page, ""), "report-50k-overview.png", 2000);
    screenshot(&browser, &url(&page, filter), "report-50k-calls.png", 1400);
    screenshot(
        &browser,
        &url(&page, "#agent=2004"),
        "report-50k-agent.png",
        1400,
    );

    let figures = format!(
        "50,000 calls: report written in {write_s:.1} s, {:.1} MB, {transcripts} transcripts included\n\
         first render: ready {ready_ms:.0} ms after navigation start (page script {render_ms:.0} ms)\n\
         filter {filter}: {filter_ms:.0} ms ({expected_agent_failed} rows); slowest of {} filters {slowest:.0} ms; text search {search_ms:.0} ms\n",
        bytes as f64 / 1e6,
        hashes.len() - 1,
    );
    eprint!("{figures}");
    std::fs::write(
        PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("report-50k.txt"),
        &figures,
    )
    .unwrap();
    assert!(bytes < MAX_PAGE_BYTES, "the page is {bytes} bytes");
    assert!(ready_ms < MAX_READY_MS, "first render after {ready_ms} ms");
    assert!(slowest < MAX_FILTER_MS, "a filter took {slowest} ms");
}
