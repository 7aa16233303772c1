//! Real-time agent assist: turns arrive one by one from speech recognition, and the agent is
//! warned as soon as a breach is certain — a banned word at once, a missing answer when its
//! window closes — while the closing and the score come when the call ends.
//!
//! Run it with `cargo run -p huashu --example realtime`; `cargo test` runs it too.

use huashu::{Linter, Speaker, Turn, Violation};

/// What speech recognition delivers during one call: speaker, text, start and end in seconds.
const STREAM: &[(Speaker, &str, f64, f64)] = &[
    (Speaker::Agent, "喂,您好,请问有什么可以帮您?", 0.0, 3.2),
    (Speaker::Customer, "我的宽带又断了,我姓王。", 3.8, 6.5),
    (Speaker::Agent, "好的,你必须先重启一下光猫。", 7.0, 10.0),
    (Speaker::Customer, "重启过了,还是不行,我要投诉!", 10.6, 13.0),
    (Speaker::Agent, "随便你投诉,我也没办法。", 13.5, 16.0),
];

/// What an agent-assist screen would show for a violation.
fn alert(v: &Violation) -> String {
    match &v.suggestion {
        Some(s) => format!("[{}] {}:「{}」→「{}」", v.rule, v.message, v.matched, s),
        None => format!("[{}] {}", v.rule, v.message),
    }
}

/// Streams the call through a session; returns the alerts in the order they were raised, each
/// with the index of the turn after which it was raised (`STREAM.len()` for the end of call).
fn run(linter: &Linter) -> Vec<(usize, String)> {
    let mut session = linter.session();
    let mut alerts = Vec::new();
    for (i, &(speaker, text, start, end)) in STREAM.iter().enumerate() {
        for v in session.push(Turn::new(speaker, text).with_times(start, end)) {
            alerts.push((i, alert(&v)));
        }
    }
    let (rest, report) = session.finish();
    for v in &rest {
        alerts.push((STREAM.len(), alert(v)));
    }
    alerts.push((
        STREAM.len(),
        format!(
            "score {} · {}",
            report.score,
            if report.passed { "passed" } else { "FAILED" }
        ),
    ));
    alerts
}

fn main() {
    let linter = Linter::with_builtin_packs();
    for (after, text) in run(&linter) {
        if after < STREAM.len() {
            println!("after turn {after}: {text}");
        } else {
            println!("at the end:   {text}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alerts_arrive_with_the_turn_that_makes_them_certain() {
        main();
        let alerts = run(&Linter::with_builtin_packs());
        let raised_after = |needle: &str| {
            alerts
                .iter()
                .find(|(_, text)| text.contains(needle))
                .map(|(after, _)| *after)
        };
        // A banned word is raised with the turn that says it.
        assert_eq!(raised_after("[banned.wei]"), Some(0));
        assert_eq!(raised_after("[tone.command]"), Some(2));
        assert_eq!(raised_after("[banned.go-ahead-complain]"), Some(4));
        // The score comes at the end.
        assert!(alerts.last().unwrap().1.starts_with("score "));
    }
}
