//! One call's transcript block (`<script type="application/json" class="huashu-call">`): its
//! turns and its findings, with offsets in UTF-16 code units (what JavaScript strings index).

use std::collections::HashMap;

use huashu::{Linter, RuleKind, Speaker, Violation};
use huashu_workspace::check::CheckedCall;
use serde::Serialize;

/// A transcript block: `{"call", "turns", "findings"}` (see docs/report-page.md).
#[derive(Debug, Serialize)]
pub struct Block<'a> {
    /// The call's index in the page data's `calls`.
    pub call: u32,
    /// `[speaker, start, end, text]`.
    pub turns: Vec<(&'a str, Option<f64>, Option<f64>, &'a str)>,
    /// `[turn, start, end, rule, severity, message, suggestion, points, kind]`.
    pub findings: Vec<Finding<'a>>,
}

/// One finding of a block.
pub type Finding<'a> = (
    usize,
    usize,
    usize,
    &'a str,
    &'a str,
    &'a str,
    Option<&'a str>,
    u32,
    &'static str,
);

impl<'a> Block<'a> {
    /// The block of call number `call`.
    pub fn new(call: u32, checked: &'a CheckedCall, linter: &Linter) -> Self {
        let turns = &checked.call.turns;
        let report = &checked.report;
        // What each violation cost: its points until its rule's deduction (capped) is spent.
        let mut left: HashMap<&str, u32> = report
            .deductions
            .iter()
            .map(|d| (d.rule.as_str(), d.points))
            .collect();
        let mut findings: Vec<Finding<'a>> = Vec::new();
        for v in &report.violations {
            let cost = left.get_mut(v.rule.as_str()).map_or(0, |left| {
                let cost = v.points.min(*left);
                *left -= cost;
                cost
            });
            let missed = v.speaker != Speaker::Agent
                && linter
                    .rule(&v.rule)
                    .is_some_and(|r| matches!(r.kind, RuleKind::Response(_)));
            let kind = if missed {
                "missed-response"
            } else {
                "violation"
            };
            findings.push(finding(v, turns, cost, kind));
        }
        for v in &report.review {
            findings.push(finding(v, turns, 0, "review"));
        }
        findings.sort_by_key(|f| (f.0, f.1, f.2));
        Block {
            call,
            turns: turns
                .iter()
                .map(|t| (speaker(t.speaker), t.start, t.end, t.text.as_str()))
                .collect(),
            findings,
        }
    }
}

fn speaker(speaker: Speaker) -> &'static str {
    match speaker {
        Speaker::Agent => "agent",
        Speaker::Customer => "customer",
        _ => "other",
    }
}

fn finding<'a>(
    v: &'a Violation,
    turns: &[huashu::Turn],
    points: u32,
    kind: &'static str,
) -> Finding<'a> {
    let text = turns.get(v.turn).map_or("", |t| t.text.as_str());
    (
        v.turn,
        utf16(text, v.start),
        utf16(text, v.end),
        v.rule.as_str(),
        v.severity.as_str(),
        v.message.as_str(),
        v.suggestion.as_deref(),
        points,
        kind,
    )
}

/// The UTF-16 offset of byte offset `at` of `text` (at the char boundary at or before it).
pub fn utf16(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    text[..at].encode_utf16().count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use huashu::{Call, Turn};

    #[test]
    fn offsets_are_utf16_code_units() {
        // 𠮷 is outside the BMP: two UTF-16 units, four bytes.
        let text = "𠮷您好,喂";
        // 𠮷 (2) 您 好 , (3): 喂 starts at 5, the text is 6 units long.
        assert_eq!(utf16(text, text.find('喂').unwrap()), 5);
        assert_eq!(utf16(text, text.len()), 6);
        assert_eq!(utf16(text, 1), 0, "inside a character: its start");
    }

    #[test]
    fn findings_of_a_call() {
        let linter = Linter::with_builtin_packs();
        let call = Call::new(vec![
            Turn::new(Speaker::Agent, "喂,你好,你找谁?"),
            Turn::new(Speaker::Customer, "我要投诉你们乱扣费!"),
        ]);
        let checked = CheckedCall {
            report: linter.check(&call),
            call,
        };
        let block = Block::new(3, &checked, &linter);
        assert_eq!(block.call, 3);
        assert_eq!(block.turns[1].0, "customer");
        let wei = block.findings.iter().find(|f| f.3 == "banned.wei").unwrap();
        assert_eq!((wei.0, wei.1, wei.2, wei.8), (0, 0, 1, "violation"));
        // The customer's complaint that the agent never answered: the agent's missed response.
        let complaint = block
            .findings
            .iter()
            .find(|f| f.3 == "response.complaint")
            .unwrap();
        assert_eq!((complaint.0, complaint.8), (1, "missed-response"));
        // honorific.ni fired twice, 2 points each, within its cap of 4 a call.
        let ni: Vec<u32> = block
            .findings
            .iter()
            .filter(|f| f.3 == "honorific.ni")
            .map(|f| f.7)
            .collect();
        assert_eq!(ni, [2, 2]);
        let lost: u32 = block.findings.iter().map(|f| f.7).sum();
        assert_eq!(lost, 100 - checked.report.score);
    }
}
