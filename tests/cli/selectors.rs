//! One rule selector everywhere: the same selectors name the same rules in a suppression
//! comment, `--select` and `--ignore`, and `huashu.toml`'s `select`, `ignore` and overrides.

use std::collections::BTreeSet;
use std::path::Path;

use super::*;

/// The selectors every place is tried with: an id, an id pattern, a pack whose rules' ids do
/// not start with its name (`etiquette`: greeting, closing, responses), a pack named after its
/// category, wildcards in the middle, and upper case.
const SELECTORS: [&str; 7] = [
    "banned.wei",
    "tone.*",
    "etiquette.*",
    "banned-words.*",
    "*.wei",
    "b?nned.dont-*",
    "Tone.*",
];

/// An agent who says 喂 and 不知道 (banned-words), 你必须 (tone), 你 for 您 (honorific), and
/// gives no proper greeting or closing (etiquette).
const SCRIPT: &str = "\
客服:喂,你必须先交费。
客户:我的宽带又断了,怎么回事?
客服:这个我不知道。
";

type Rules = BTreeSet<String>;

/// What the core says `selector` names among the rules of the built-in packs (meta rules left
/// out: comments never suppress them).
fn named(selector: &str) -> Rules {
    let selector = huashu::RuleSelector::parse(selector).unwrap();
    huashu::Linter::with_builtin_packs()
        .rules()
        .iter()
        .filter(|r| !r.kind.is_meta() && selector.matches(r))
        .map(|r| r.id.clone())
        .collect()
}

/// A directory with `call.txt` (the script, after `first_line` if given) and `huashu.toml`
/// (if given).
fn project(first_line: Option<&str>, config: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let text = match first_line {
        Some(line) => format!("{line}\n{SCRIPT}"),
        None => SCRIPT.to_owned(),
    };
    std::fs::write(dir.path().join("call.txt"), text).unwrap();
    if let Some(config) = config {
        std::fs::write(dir.path().join("huashu.toml"), config).unwrap();
    }
    dir
}

/// `huashu ARGS` in `dir`, reading its `huashu.toml` if it has one.
fn run_in(dir: &Path, args: &[&str]) -> Value {
    let mut cmd = Command::cargo_bin("huashu").unwrap();
    cmd.current_dir(dir).args(args);
    let (code, json) = run_json(&mut cmd);
    assert!(code <= 1, "{args:?}: exit status {code}");
    json
}

/// The rules (meta rules left out) among `list` of violations.
fn rules_in(list: &Value) -> Rules {
    list.as_array()
        .unwrap()
        .iter()
        .map(|v| v["rule"].as_str().unwrap().to_owned())
        .filter(|r| !r.starts_with("huashu."))
        .collect()
}

/// What a selection kept: every rule of `fired` (what the selection named that fired in the full
/// run), and nothing the selection did not name (`allowed`).
fn assert_selected(kept: &Rules, fired: &Rules, allowed: &Rules, what: &str) {
    assert!(
        kept.is_superset(fired),
        "{what}: {kept:?} lacks some of {fired:?}"
    );
    assert!(
        kept.is_subset(allowed),
        "{what}: {kept:?} beyond {allowed:?}"
    );
}

/// The rules that fired on the script and the rules suppressed, checked in `dir` with `args`.
fn checked(dir: &Path, args: &[&str]) -> (Rules, Rules) {
    let mut all = vec!["check", "--format", "json"];
    all.extend(args);
    all.push("call.txt");
    let json = run_in(dir, &all);
    let call = &json["files"][0]["calls"][0];
    (rules_in(&call["violations"]), rules_in(&call["suppressed"]))
}

/// The ids `rules list` shows (meta rules left out), and those with the given points.
fn listed(dir: &Path, args: &[&str], points: Option<u64>) -> Rules {
    let mut all = vec!["rules", "list", "--format", "json"];
    all.extend(args);
    let json = run_in(dir, &all);
    json.as_array()
        .unwrap()
        .iter()
        .filter(|r| points.is_none_or(|p| r["points"].as_u64() == Some(p)))
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .filter(|r| !r.starts_with("huashu."))
        .collect()
}

#[test]
fn every_place_names_the_same_rules() {
    let plain = project(None, None);
    let (fired, _) = checked(plain.path(), &["--isolated"]);
    let every: Rules = listed(plain.path(), &["--isolated"], None);
    // The script makes every kind of selector matter.
    for rule in [
        "banned.wei",
        "banned.dont-know",
        "tone.command",
        "honorific.ni",
    ] {
        assert!(fired.contains(rule), "{rule} in {fired:?}");
    }
    assert!(fired.contains("greeting.three-part") && fired.contains("closing.standard"));

    for selector in SELECTORS {
        let names = named(selector);
        assert!(!names.is_empty(), "{selector}");
        let named_and_fired: Rules = fired.intersection(&names).cloned().collect();
        let not_named: Rules = fired.difference(&names).cloned().collect();
        assert!(
            !named_and_fired.is_empty(),
            "{selector} names no rule that fires"
        );

        // A suppression comment over the whole script.
        let dir = project(Some(&format!("# huashu: disable[{selector}]")), None);
        let (kept, suppressed) = checked(dir.path(), &["--isolated"]);
        assert_eq!(suppressed, named_and_fired, "disable[{selector}]");
        assert_eq!(kept, not_named, "disable[{selector}]");

        // The command line. A rule left out finds nothing, so a tone rule may find by meaning
        // a sentence that a banned-words phrase took in the full run (这个我不知道 is then
        // `tone.refusal`): what is kept is what the selection names, and all of what it named
        // that fired.
        let (kept, _) = checked(plain.path(), &["--isolated", "--ignore", selector]);
        assert_selected(
            &kept,
            &not_named,
            &every.difference(&names).cloned().collect(),
            &format!("--ignore {selector}"),
        );
        let (kept, _) = checked(plain.path(), &["--isolated", "--select", selector]);
        assert_selected(
            &kept,
            &named_and_fired,
            &names,
            &format!("--select {selector}"),
        );
        assert_eq!(
            listed(plain.path(), &["--isolated", "--select", selector], None),
            names,
            "rules list --select {selector}"
        );
        let ignored = listed(plain.path(), &["--isolated", "--ignore", selector], None);
        assert_eq!(
            ignored,
            every.difference(&names).cloned().collect(),
            "rules list --ignore {selector}"
        );

        // huashu.toml.
        let config = format!("[rules]\nignore = [\"{selector}\"]\n");
        let dir = project(None, Some(&config));
        assert_selected(
            &checked(dir.path(), &[]).0,
            &not_named,
            &every.difference(&names).cloned().collect(),
            &format!("ignore = [{selector}]"),
        );
        let config = format!("[rules]\nselect = [\"{selector}\"]\n");
        let dir = project(None, Some(&config));
        assert_selected(
            &checked(dir.path(), &[]).0,
            &named_and_fired,
            &names,
            &format!("select = [{selector}]"),
        );
        let config = format!("[overrides.\"{selector}\"]\npoints = 7\n");
        let dir = project(None, Some(&config));
        assert_eq!(
            listed(dir.path(), &[], Some(7)),
            names,
            "[overrides.\"{selector}\"]"
        );
    }
}

/// A pack name in `--ignore` used to be "matches no rule" although the same selector worked in
/// a suppression comment.
#[test]
fn a_pack_name_is_a_selector_on_the_command_line() {
    let (code, json) = check_json_builtin(&[
        "--ignore",
        "etiquette.*",
        "examples/calls/broadband_outage.txt",
    ]);
    assert_eq!(code, 1);
    let rules: Vec<String> = violations(&json)
        .iter()
        .map(|v| v["rule"].as_str().unwrap().to_owned())
        .collect();
    assert!(!rules.is_empty());
    assert!(
        rules.iter().all(|r| !["greeting.", "closing.", "response."]
            .iter()
            .any(|p| r.starts_with(p))),
        "{rules:?}"
    );
}

/// What is not a selector is an error in every place, pointing at where it was written.
#[test]
fn what_is_not_a_selector_is_an_error_everywhere() {
    let output = huashu()
        .args(["check", "--ignore", "tone.[ab]", "examples/"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(
            "--ignore: invalid rule pattern `tone.[ab]`: `[` cannot be in a rule selector"
        ),
        "{stderr}"
    );
    let dir = project(None, Some("[rules]\nselect = [\"banned.喂\"]\n"));
    let output = Command::cargo_bin("huashu")
        .unwrap()
        .current_dir(dir.path())
        .args(["check", "call.txt"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("invalid rule pattern `banned.喂`"),
        "{stderr}"
    );
    assert!(stderr.contains("huashu.toml"), "{stderr}");
    // In a comment it is reported by huashu.invalid-suppression, and suppresses nothing.
    let dir = project(Some("# huashu: disable[banned.喂]"), None);
    let json = run_in(
        dir.path(),
        &["check", "--isolated", "--format", "json", "call.txt"],
    );
    let call = &json["files"][0]["calls"][0];
    assert!(call["suppressed"].as_array().unwrap().is_empty());
    assert!(call["violations"]
        .as_array()
        .unwrap()
        .iter()
        .any(|v| v["rule"] == "huashu.invalid-suppression"));
}
