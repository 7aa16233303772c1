//! The HTML report in a real headless Chromium: it renders, shows the batch's numbers, runs
//! its scripts without a console message, keeps hostile transcript text as text, sorts its
//! tables, and its Content Security Policy stops a script that is not its own. A screenshot is
//! kept in `target/tmp/report-screenshot.png`.
//!
//! Chromium is `$HUASHU_CHROMIUM`, else `/usr/bin/chromium`, else `chromium` or
//! `chromium-browser` on the PATH. Without one the test says so loudly and passes, unless
//! `HUASHU_REQUIRE_BROWSER=1` (as `.ci/run` sets it), when it fails.

use std::path::{Path, PathBuf};
use std::process::{Command as Process, Stdio};
use std::time::{Duration, Instant};

use super::report::fixture_html;

/// How long one Chromium run may take.
const TIMEOUT: Duration = Duration::from_secs(90);

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
}

/// Runs headless Chromium on `page` with `args` (`--dump-dom`, `--screenshot=…`), in its own
/// profile directory, with no network features, killed if it takes longer than [`TIMEOUT`].
fn chromium(browser: &Path, page: &Path, args: &[&str]) -> Run {
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
        .arg(format!("file://{}", page.display()))
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
            panic!(
                "Chromium took longer than {TIMEOUT:?} on {}",
                page.display()
            );
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

/// The value of `name="…"` on the first `<tag …>` of a DOM dump.
fn attribute<'a>(dom: &'a str, tag: &str, name: &str) -> Option<&'a str> {
    let start = dom.find(&format!("<{tag}"))?;
    let end = start + dom[start..].find('>')?;
    let element = &dom[start..end];
    let at = element.find(&format!(" {name}=\""))? + name.len() + 3;
    let len = element[at..].find('"')?;
    Some(&element[at..at + len])
}

/// The page with `script` added before `</body>`, and the Content Security Policy removed when
/// `without_policy` (so that a test harness can run).
fn variant(html: &str, dir: &Path, name: &str, script: &str, without_policy: bool) -> PathBuf {
    let mut page = html.replace("</body>", &format!("<script>{script}</script>\n</body>"));
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

#[test]
fn html_report_in_headless_chromium() {
    let Some(browser) = chromium_or_skip() else {
        return;
    };
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let (page, html) = fixture_html(dir.path());
    let screenshot = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("report-screenshot.png");
    let _ = std::fs::remove_file(&screenshot);
    let screenshot_arg = format!("--screenshot={}", screenshot.display());
    // Sorting is clicked by a harness (the policy would block it, so that copy has none).
    let harness = r##"
        function column(table, index) {
          return Array.prototype.map.call(document.querySelector(table).tBodies[0].rows,
            function (row) { return row.cells[index].textContent; }).join("|");
        }
        var perCall = document.querySelectorAll("#agents th")[5];
        perCall.click();
        var ascending = column("#agents", 0);
        perCall.click();
        var descending = column("#agents", 0);
        document.querySelectorAll("#rules th")[5].click();
        document.querySelectorAll("#rules th")[5].click();
        var points = column("#rules", 5).split("|").slice(0, 3).join("|");
        document.body.setAttribute("data-sort-test", [ascending, descending, points].join(" / "));
    "##;
    let sorting = variant(&html, dir.path(), "sorting.html", harness, true);
    // A script that slipped in, with the policy in place.
    let injected = variant(
        &html,
        dir.path(),
        "injected.html",
        "document.body.setAttribute('data-injected', 'ran')",
        false,
    );
    // The four runs are independent: run them at once.
    let (run, shot, sorted, blocked) = std::thread::scope(|scope| {
        let run = scope.spawn(|| chromium(&browser, &page, &["--dump-dom"]));
        let shot = scope.spawn(|| {
            chromium(
                &browser,
                &page,
                &[&screenshot_arg, "--window-size=1280,2000"],
            )
        });
        let sorted = scope.spawn(|| chromium(&browser, &sorting, &["--dump-dom"]));
        let blocked = scope.spawn(|| chromium(&browser, &injected, &["--dump-dom"]));
        (
            run.join().unwrap(),
            shot.join().unwrap(),
            sorted.join().unwrap(),
            blocked.join().unwrap(),
        )
    });

    // 1. The page as written: its DOM after its scripts ran.
    let dom = &run.stdout;
    assert!(dom.contains("</html>"), "no DOM dumped:\n{}", run.stderr);
    assert_eq!(
        attribute(dom, "body", "data-js-errors"),
        Some(""),
        "script errors recorded by the page"
    );
    assert!(
        run.console().is_empty(),
        "console messages: {:?}",
        run.console()
    );
    // Every sortable table was set up by the script.
    let tables = dom.matches("<table class=\"sortable\"").count();
    assert_eq!(tables, 5, "agents, teams, rules, categories and calls");
    assert_eq!(dom.matches("data-sortable=\"ready\"").count(), tables);
    // The numbers.
    for expected in [
        "<div class=\"value\">8</div><div class=\"note\">in 3 files</div>",
        "<div class=\"value\">62.5%</div>",
        "<div class=\"value\">66.3</div><div class=\"note\">median 94.5</div>",
        "<div class=\"value\">0 – 100</div>",
        "<div class=\"value\">4.4</div>",
        "data-agent=\"1017\"><title>1017: mean 0.0 over 2 calls</title>",
        "data-bin=\"100\" data-calls=\"3\"",
    ] {
        assert!(dom.contains(expected), "missing {expected:?} in the DOM");
    }
    // The customer's <script> is text in the DOM, not an element: the DOM has our two scripts
    // and the serialiser escapes the text.
    assert_eq!(dom.matches("<script").count(), 2);
    assert!(dom.contains("一提交就弹出&lt;script&gt;alert(1)&lt;/script&gt;这种东西"));

    // 2. The screenshot, kept as an artefact.
    assert!(
        shot.console().is_empty(),
        "console messages: {:?}",
        shot.console()
    );
    let png = std::fs::read(&screenshot).expect("a screenshot was written");
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let (width, height) = (
        u32::from_be_bytes(png[16..20].try_into().unwrap()),
        u32::from_be_bytes(png[20..24].try_into().unwrap()),
    );
    assert_eq!((width, height), (1280, 2000));
    assert!(
        png.len() > 30_000,
        "a near-empty screenshot: {} bytes",
        png.len()
    );
    eprintln!("screenshot: {}", screenshot.display());

    // 3. Sorting.
    assert_eq!(
        attribute(&sorted.stdout, "body", "data-js-errors"),
        Some("")
    );
    // Agents by violations per call (0.0, 0.5, 3.3, 12.0), up then down; rules by points, most
    // first (five rules of the batch cost 25: abuse, go-ahead-complain, shirking, deflect, provoke).
    assert_eq!(
        attribute(&sorted.stdout, "body", "data-sort-test"),
        Some("1040|1031|1022|1017 / 1017|1022|1031|1040 / 25|25|25"),
    );

    // 4. The policy stopped the injected script, and the page recorded it.
    assert_eq!(attribute(&blocked.stdout, "body", "data-injected"), None);
    let errors = attribute(&blocked.stdout, "body", "data-js-errors").unwrap_or_default();
    assert!(
        errors.contains("blocked by the content security policy"),
        "the page did not record the blocked script: {errors:?}\n{}",
        blocked.stderr
    );
    assert!(!blocked.console().is_empty(), "Chromium logs the refusal");
    eprintln!("browser test: {:.1} s", started.elapsed().as_secs_f64());
}
