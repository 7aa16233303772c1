//! Embedding huashu in another program: build a linter once, parse a transcript, check it, and
//! use the report (here: print a line per violation and the call's score).
//!
//! Run it with `cargo run -p huashu --example embed`; `cargo test` runs it too.

use huashu::transcript::{parse, ParseOptions, SourceFormat};
use huashu::{Call, CallReport, Linter, Speaker, Turn};

/// A day's worth of calls as a QA pipeline might receive them (JSON Lines).
const CALLS: &str = r#"{"id": "c-101", "agent_id": "1017", "turns": [{"speaker": "customer", "text": "喂,我家宽带又断了"}, {"speaker": "agent", "text": "您好,给您带来不便非常抱歉,我马上为您报修。"}]}
{"id": "c-102", "agent_id": "1022", "turns": [{"speaker": "customer", "text": "为什么扣了我二十块?"}, {"speaker": "agent", "text": "这个我不知道,你去营业厅问一下吧。"}]}
"#;

/// Checks every call of a JSON Lines batch and returns one report per call.
fn check_batch(linter: &Linter, jsonl: &str) -> Vec<CallReport> {
    let parsed = parse(jsonl, SourceFormat::JsonLines, &ParseOptions::default());
    for error in &parsed.errors {
        eprintln!("skipped: {error}");
    }
    parsed.calls.iter().map(|call| linter.check(call)).collect()
}

fn main() {
    // Build once (it is Send + Sync): jieba's dictionary loads on the first hit that needs it.
    let linter = Linter::with_builtin_packs();

    for report in check_batch(&linter, CALLS) {
        let id = report.id.as_deref().unwrap_or("?");
        println!("call {id}: score {}", report.score);
        for v in &report.violations {
            let at = v.location.map(|l| l.start);
            let (line, column) = at.map_or((0, 0), |p| (p.line, p.column));
            let fix = v.suggestion.as_deref().unwrap_or("-");
            println!("  {line}:{column} {} 「{}」 → {fix}", v.rule, v.matched);
        }
    }

    // Calls can also be built directly, for example from speech recognition output.
    let live = Call::new(vec![
        Turn::new(Speaker::Customer, "我要投诉你们!"),
        Turn::new(Speaker::Agent, "随便你投诉。"),
    ]);
    let report = linter.check(&live);
    println!("live call: {} violation(s)", report.violations.len());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_runs_and_finds_what_it_should() {
        main();
        let linter = Linter::with_builtin_packs();
        let reports = check_batch(&linter, CALLS);
        assert_eq!(reports.len(), 2);
        assert!(
            reports[0].violations.iter().all(|v| v.matched != "喂"),
            "the customer's 喂 is not a breach"
        );
        let rules: Vec<&str> = reports[1]
            .violations
            .iter()
            .map(|v| v.rule.as_str())
            .collect();
        assert!(
            rules.contains(&"banned.dont-know") && rules.contains(&"tone.deflect"),
            "{rules:?}"
        );
        assert!(reports[1].score < reports[0].score);
    }
}
