//! The HTML report's charts, drawn as inline SVG: no script, no network, and they print.
//! Every label is escaped: agent names come from the transcripts.

use std::fmt::Write as _;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::html::escape;
use huashu_workspace::tally::report::{Report, BINS};

/// How many rules the top-rules chart shows.
pub const TOP_RULES: usize = 10;

/// `label` cut to `columns` display columns (a Chinese character takes two) with `…`; the
/// full text is in the bar's tooltip.
fn shorten(label: &str, columns: usize) -> String {
    if label.width() <= columns {
        return label.to_owned();
    }
    let mut short = String::new();
    let mut used = 1; // the ellipsis
    for c in label.chars() {
        used += c.width().unwrap_or(0);
        if used > columns {
            break;
        }
        short.push(c);
    }
    short.push('…');
    short
}

fn open(out: &mut String, width: u32, height: u32, label: &str) {
    let _ = write!(
        out,
        r#"<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-label="{}">"#,
        escape(label)
    );
}

fn empty(out: &mut String, width: u32, height: u32, label: &str) {
    open(out, width, height, label);
    let _ = write!(
        out,
        r#"<text x="{}" y="{}" text-anchor="middle" class="muted">no data</text></svg>"#,
        width / 2,
        height / 2
    );
}

/// Calls per score bin, as vertical bars: green when every score of the bin passes the pass
/// mark, red when none does, amber when the pass mark falls inside the bin.
pub fn score_distribution(report: &Report) -> String {
    const W: u32 = 460;
    const H: u32 = 220;
    const TOP: f64 = 24.0;
    const BOTTOM: f64 = 190.0;
    let bins = report.scores.bins();
    let most = bins.iter().copied().max().unwrap_or(0);
    let mut out = String::new();
    let label = "Calls per score bin";
    if most == 0 {
        empty(&mut out, W, H, label);
        return out;
    }
    open(&mut out, W, H, label);
    let slot = f64::from(W - 20) / BINS.len() as f64;
    let _ = write!(
        out,
        r#"<line x1="10" y1="{BOTTOM}" x2="{}" y2="{BOTTOM}" class="axis"/>"#,
        W - 10
    );
    for (i, ((low, high, bin), n)) in BINS.iter().zip(bins).enumerate() {
        let class = if *low >= report.pass_mark {
            "pass"
        } else if *high < report.pass_mark {
            "fail"
        } else {
            "mixed"
        };
        let height = (BOTTOM - TOP) * n as f64 / most as f64;
        let x = 10.0 + slot * i as f64 + slot * 0.15;
        let y = BOTTOM - height;
        let centre = 10.0 + slot * (i as f64 + 0.5);
        let _ = write!(
            out,
            r#"<g class="bar {class}" data-bin="{bin}" data-calls="{n}"><title>{bin}: {n} calls</title><rect x="{x:.1}" y="{y:.1}" width="{:.1}" height="{height:.1}"/><text x="{centre:.1}" y="{:.1}" text-anchor="middle" class="value">{n}</text><text x="{centre:.1}" y="{}" text-anchor="middle" class="tick">{bin}</text></g>"#,
            slot * 0.7,
            y - 5.0,
            BOTTOM + 20.0,
            bin = escape(bin),
        );
    }
    out.push_str("</svg>");
    out
}

/// The rules with most violations, as horizontal bars.
pub fn top_rules(report: &Report) -> String {
    const W: u32 = 460;
    const LABEL: f64 = 200.0;
    const ROW: f64 = 24.0;
    let rules: Vec<_> = report.rules.iter().take(TOP_RULES).collect();
    let height = (rules.len().max(1) as f64 * ROW + 16.0) as u32;
    let mut out = String::new();
    let label = "Rules with most violations";
    let Some(most) = rules.first().map(|r| r.violations) else {
        empty(&mut out, W, 60, label);
        return out;
    };
    open(&mut out, W, height, label);
    let span = f64::from(W) - LABEL - 40.0;
    for (i, r) in rules.iter().enumerate() {
        let y = 8.0 + ROW * i as f64;
        let width = span * r.violations as f64 / most as f64;
        let _ = write!(
            out,
            r#"<g class="bar sev-{sev}" data-rule="{rule}"><title>{rule}: {n} violations in {calls} calls</title><text x="{:.1}" y="{:.1}" text-anchor="end" class="tick">{short}</text><rect x="{LABEL}" y="{y:.1}" width="{width:.1}" height="{:.1}"/><text x="{:.1}" y="{:.1}" class="value">{n}</text></g>"#,
            LABEL - 6.0,
            y + ROW * 0.55,
            ROW - 8.0,
            LABEL + width + 5.0,
            y + ROW * 0.55,
            sev = r.severity.as_str(),
            rule = escape(&r.rule),
            short = escape(&shorten(&r.rule, 28)),
            n = r.violations,
            calls = r.calls,
        );
    }
    out.push_str("</svg>");
    out
}

/// Each agent's mean score on a 0–100 scale, with the pass mark as a dashed line.
pub fn agent_scores(report: &Report) -> String {
    const W: u32 = 460;
    const LABEL: f64 = 120.0;
    const ROW: f64 = 24.0;
    let agents: Vec<_> = report
        .agents
        .iter()
        .filter_map(|a| a.scores.mean().map(|mean| (a, mean)))
        .collect();
    let mut out = String::new();
    let label = "Mean score per agent";
    if agents.is_empty() {
        empty(&mut out, W, 60, label);
        return out;
    }
    let height = (agents.len() as f64 * ROW + 34.0) as u32;
    open(&mut out, W, height, label);
    let span = f64::from(W) - LABEL - 40.0;
    let bottom = 8.0 + ROW * agents.len() as f64;
    for (i, (agent, mean)) in agents.iter().enumerate() {
        let y = 8.0 + ROW * i as f64;
        let width = span * mean / 100.0;
        let class = if *mean >= f64::from(report.pass_mark) {
            "pass"
        } else {
            "fail"
        };
        let _ = write!(
            out,
            r#"<g class="bar {class}" data-agent="{name}"><title>{name}: mean {mean_text} over {calls} calls</title><text x="{:.1}" y="{:.1}" text-anchor="end" class="tick">{short}</text><rect x="{LABEL}" y="{y:.1}" width="{width:.1}" height="{:.1}"/><text x="{:.1}" y="{:.1}" class="value">{mean_text}</text></g>"#,
            LABEL - 6.0,
            y + ROW * 0.55,
            ROW - 8.0,
            LABEL + width + 5.0,
            y + ROW * 0.55,
            name = escape(agent.label()),
            short = escape(&shorten(agent.label(), 16)),
            calls = agent.calls(),
            mean_text = super::decimal(Some(*mean)),
        );
    }
    let x = LABEL + span * f64::from(report.pass_mark) / 100.0;
    let _ = write!(
        out,
        r#"<line x1="{x:.1}" y1="4" x2="{x:.1}" y2="{bottom:.1}" class="mark"/><text x="{x:.1}" y="{:.1}" text-anchor="middle" class="tick">pass mark {}</text></svg>"#,
        bottom + 16.0,
        report.pass_mark
    );
    out
}

#[cfg(test)]
mod tests {
    use super::shorten;

    #[test]
    fn labels_are_cut_by_display_width() {
        assert_eq!(shorten("honorific.ni", 28), "honorific.ni");
        assert_eq!(shorten("banned.go-ahead-complain", 10), "banned.go…");
        // 客服一组 is 8 columns wide.
        assert_eq!(shorten("客服一组", 8), "客服一组");
        assert_eq!(shorten("客服一组长", 8), "客服一…");
    }
}
