//! The calibration set (`tests/fixtures/calibration/`): labelled calls that pin the default
//! scoring to what a QA lead expects, with the built-in packs only.
//!
//! - `pass/`: model calls across businesses; each must pass QA.
//! - `fail/`: calls that are model calls but for one forbidden tone, banned phrase or insult;
//!   each must fail at the default pass mark, and because of that breach.
//! - `borderline/`: calls with a few service-norm slips; each must still pass.

use super::*;

const SET: &str = "tests/fixtures/calibration";

/// One checked call of the set: its file, label (the folder), score, whether it passed, and the
/// rules that fired (with their points).
struct Checked {
    path: String,
    label: String,
    score: u64,
    passed: bool,
    rules: Vec<(String, String, u64)>,
}

impl Checked {
    /// `path: score N, passed/failed, rules [rule (category, points)…]`, for failure messages.
    fn describe(&self) -> String {
        let rules: Vec<String> = self
            .rules
            .iter()
            .map(|(rule, category, points)| format!("{rule} ({category}, {points})"))
            .collect();
        format!(
            "{}: score {}, {}, rules [{}]",
            self.path,
            self.score,
            if self.passed { "passed" } else { "failed" },
            rules.join(", ")
        )
    }
}

/// Checks the whole set once with the built-in packs and the default pass mark.
fn check_set() -> Vec<Checked> {
    let (_, json) = check_json_builtin(&["--fail-on", "never", SET]);
    assert_eq!(json["summary"]["pass_mark"], 80, "the default pass mark");
    let mut checked = Vec::new();
    for file in json["files"].as_array().unwrap() {
        let path = file["path"].as_str().unwrap().to_owned();
        assert!(file["error"].is_null(), "{path}: {}", file["error"]);
        let calls = file["calls"].as_array().unwrap();
        assert_eq!(calls.len(), 1, "{path}: one call per file");
        let call = &calls[0];
        let label = path
            .strip_prefix(&format!("{SET}/"))
            .and_then(|rest| rest.split('/').next())
            .unwrap()
            .to_owned();
        checked.push(Checked {
            label,
            score: call["score"].as_u64().unwrap(),
            passed: call["passed"].as_bool().unwrap(),
            rules: call["violations"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| {
                    (
                        v["rule"].as_str().unwrap().to_owned(),
                        v["category"].as_str().unwrap().to_owned(),
                        v["points"].as_u64().unwrap(),
                    )
                })
                .collect(),
            path,
        });
    }
    checked
}

fn labelled<'a>(set: &'a [Checked], label: &str) -> Vec<&'a Checked> {
    set.iter().filter(|c| c.label == label).collect()
}

#[test]
fn the_calibration_set_is_labelled_and_large_enough() {
    let set = check_set();
    for call in &set {
        assert!(
            ["pass", "fail", "borderline"].contains(&call.label.as_str()),
            "{}: not in pass/, fail/ or borderline/",
            call.path
        );
    }
    assert!(
        labelled(&set, "pass").len() >= 12,
        "at least 12 model calls"
    );
    assert!(
        labelled(&set, "fail").len() >= 12,
        "at least 12 failing calls"
    );
    assert!(
        labelled(&set, "borderline").len() >= 3,
        "a few borderline calls"
    );
}

#[test]
fn every_model_call_passes() {
    let broken: Vec<String> = labelled(&check_set(), "pass")
        .into_iter()
        .filter(|c| {
            !c.passed
                || c.rules
                    .iter()
                    .any(|(_, cat, _)| cat == "banned" || cat == "tone")
        })
        .map(Checked::describe)
        .collect();
    assert!(
        broken.is_empty(),
        "model calls that do not pass cleanly:\n{}",
        broken.join("\n")
    );
}

#[test]
fn every_call_with_a_forbidden_tone_or_abuse_fails() {
    let broken: Vec<String> = labelled(&check_set(), "fail")
        .into_iter()
        .filter(|c| {
            // It fails, and it would still fail on its tone or banned phrase alone: one such
            // rule is fatal (score 0) or costs more than the 20 points above the pass mark.
            let serious = c
                .rules
                .iter()
                .any(|(_, cat, points)| (cat == "banned" || cat == "tone") && *points > 20);
            c.passed || !serious
        })
        .map(Checked::describe)
        .collect();
    assert!(
        broken.is_empty(),
        "calls with a forbidden tone or abuse that pass, or fail for another reason:\n{}",
        broken.join("\n")
    );
}

#[test]
fn a_call_with_a_few_norm_slips_still_passes() {
    let broken: Vec<String> = labelled(&check_set(), "borderline")
        .into_iter()
        .filter(|c| !c.passed || c.rules.is_empty() || c.score == 100)
        .map(Checked::describe)
        .collect();
    assert!(
        broken.is_empty(),
        "borderline calls that fail, or have no slip at all:\n{}",
        broken.join("\n")
    );
}

#[test]
fn fatal_rules_score_the_call_zero() {
    let set = check_set();
    let fatal = [
        "banned.abuse",
        "banned.hang-up-threat",
        "banned.rebuke",
        "banned.go-ahead-complain",
    ];
    for rule in fatal {
        let calls: Vec<&Checked> = set
            .iter()
            .filter(|c| c.rules.iter().any(|(r, _, _)| r == rule))
            .collect();
        assert!(!calls.is_empty(), "no calibration call exercises {rule}");
        for call in calls {
            assert_eq!(call.score, 0, "{rule} is fatal: {}", call.describe());
        }
    }
}
