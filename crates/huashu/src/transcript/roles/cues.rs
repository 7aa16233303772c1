//! Who talks like the agent: the words of the service norms' opening, hold and closing phrases
//! (工号, 很高兴为您服务, 请问还有什么可以帮您…), and a few that only a customer says.

use std::sync::LazyLock;

use regex::Regex;

/// A cue, with what it counts for the agent (negative: for the customer).
struct Cue {
    pattern: Regex,
    points: i32,
}

/// The cues, strongest first.
static CUES: LazyLock<Vec<Cue>> = LazyLock::new(|| {
    let cue = |pattern: &str, points| Cue {
        pattern: Regex::new(pattern).expect("cue patterns are valid"),
        points,
    };
    vec![
        // Only an agent gives a staff number, welcomes the call or offers help.
        cue(
            r"工号[是为:：\s]*[0-9０-９零一二三四五六七八九〇幺两]{2,}",
            3,
        ),
        cue(r"很高兴(为|給|给)?(您|你)服务", 3),
        cue(r"(欢迎|感谢您?)(致电|来电)|感谢您的来电", 3),
        cue(r"有什么(可以|能|需要)?(帮|为)(到)?(您|你)", 3),
        cue(r"这里是.{0,12}(客服|热线|服务中心|客户中心|营业厅)", 3),
        cue(r"我是.{0,8}(客服|专员|坐席|座席|话务员|工号)", 3),
        // Hold, apology and service phrases: an agent's, but a customer may quote them.
        cue(r"(请您|请|您)稍(等|候)", 1),
        cue(r"耐心等待", 1),
        cue(r"给(您|你)带来(的)?不便", 1),
        cue(
            r"(为|帮)(您|你)(查询|查一下|看一下|办理|核实|处理|登记|转接|反馈|记录)",
            1,
        ),
        cue(r"还有(其他|别的)(问题|业务|需要)", 1),
        cue(r"(请问)?您(贵姓|怎么称呼)", 1),
        cue(r"祝您(生活愉快|工作顺利|愉快)", 1),
        // Only a customer complains about "your" company or asks to be helped.
        cue(r"我(要|想)投诉", -2),
        cue(r"你们(这|那)?(什么|怎么|破)", -2),
        cue(r"(帮|给)我(查|看|办|处理)", -1),
    ]
});

/// A speaker's cues in its first turns count double: the agent opens the call.
const OPENING_TURNS: usize = 2;

/// The least score that names an agent: one strong cue, or three weak ones.
const LEAST_SCORE: i32 = 3;

/// Whom [`infer`] took as the agent, and the evidence.
pub(super) struct Verdict {
    /// The index of the candidate taken as the agent.
    pub(super) candidate: usize,
    /// The turn (index in the call) with the strongest evidence.
    pub(super) turn: usize,
    /// That turn's text up to the end of the cue, shortened at the front.
    quote: String,
    /// Whether that turn is the first turn of the call.
    opens_call: bool,
    /// Whether that turn is the candidate's first.
    opens: bool,
}

impl Verdict {
    /// Why `label` was taken as the agent, with the line of the evidence when known.
    pub(super) fn reason(&self, label: &str, line: Option<usize>) -> String {
        let how = if self.opens_call {
            "opens the call with"
        } else if self.opens {
            "opens with"
        } else {
            "says"
        };
        let at = line.map(|l| format!(" at line {l}")).unwrap_or_default();
        format!("`{label}` {how} 「{}」{at}", self.quote)
    }
}

/// The longest quote of the evidence, in characters.
const QUOTE_CHARS: usize = 30;

/// Which of `candidates` speakers is the agent, from `turns` (candidate, turn index in the
/// call, text), in call order: the one whose words score highest, when it scores at least
/// [`LEAST_SCORE`] and more than twice any other. `None` when that cannot be told.
pub(super) fn infer(candidates: usize, turns: &[(usize, usize, &str)]) -> Option<Verdict> {
    let mut score = vec![0i32; candidates];
    let mut seen = vec![0usize; candidates];
    // The strongest single piece of evidence of each candidate: points, turn, end of the cue.
    let mut best: Vec<Option<(i32, usize, usize)>> = vec![None; candidates];
    let first_turn = turns.iter().map(|&(_, t, _)| t).min();
    for &(c, t, text) in turns {
        let weight = if seen[c] < OPENING_TURNS { 2 } else { 1 };
        seen[c] += 1;
        for cue in CUES.iter() {
            let Some(found) = cue.pattern.find(text) else {
                continue;
            };
            let points = cue.points * weight;
            score[c] += points;
            if points > 0 && best[c].is_none_or(|(p, _, _)| points > p) {
                best[c] = Some((points, t, found.end()));
            }
        }
    }
    let mut order: Vec<usize> = (0..candidates).collect();
    order.sort_by_key(|&c| std::cmp::Reverse(score[c]));
    let top = order[0];
    let runner_up = order.get(1).map_or(0, |&c| score[c]).max(0);
    if score[top] < LEAST_SCORE || score[top] <= 2 * runner_up {
        return None;
    }
    let (_, turn, end) = best[top]?;
    let text = turns.iter().find(|&&(_, t, _)| t == turn)?.2;
    let candidate_first = turns
        .iter()
        .find(|&&(c, _, _)| c == top)
        .map(|&(_, t, _)| t);
    Some(Verdict {
        candidate: top,
        turn,
        quote: quote(text, end),
        opens_call: Some(turn) == first_turn,
        opens: Some(turn) == candidate_first,
    })
}

/// `text` whole when short, else up to byte `end` (the end of the cue), its last
/// [`QUOTE_CHARS`] characters, marked `…` where cut.
fn quote(text: &str, end: usize) -> String {
    if text.chars().count() <= QUOTE_CHARS {
        return text.replace('\n', " ");
    }
    let upto = text.get(..end).unwrap_or(text);
    let count = upto.chars().count();
    let mut out = String::new();
    if count > QUOTE_CHARS {
        out.push('…');
    }
    out.extend(upto.chars().skip(count.saturating_sub(QUOTE_CHARS)));
    if upto.len() < text.len() {
        out.push('…');
    }
    out.replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_speaker_with_the_greeting_is_the_agent() {
        let turns = [
            (0, 0, "喂,你们这什么破银行"),
            (1, 1, "您好,工号1017,很高兴为您服务"),
            (0, 2, "我的卡被冻结了"),
            (1, 3, "请您稍等,我帮您查询一下"),
        ];
        let verdict = infer(2, &turns).unwrap();
        assert_eq!((verdict.candidate, verdict.turn), (1, 1));
        assert_eq!(
            verdict.reason("1", Some(2)),
            "`1` opens with 「您好,工号1017,很高兴为您服务」 at line 2"
        );
    }

    #[test]
    fn no_cue_or_a_tie_tells_nothing() {
        assert!(infer(2, &[(0, 0, "你好"), (1, 1, "你好")]).is_none());
        let tie = [(0, 0, "请问有什么可以帮您"), (1, 1, "有什么可以帮你的吗")];
        assert!(infer(2, &tie).is_none());
        assert!(infer(1, &[(0, 0, "请稍等")]).is_none());
    }

    #[test]
    fn a_lone_speaker_who_talks_like_an_agent_is_the_agent() {
        let verdict = infer(1, &[(0, 0, "欢迎致电XX银行,请问有什么可以帮您?")]).unwrap();
        assert!(verdict.opens_call);
    }

    #[test]
    fn quotes_are_shortened_at_the_front() {
        let text = format!("{}工号1017,很高兴为您服务", "嗯".repeat(40));
        let q = quote(&text, text.find(',').unwrap());
        assert!(q.starts_with('…') && q.ends_with("工号1017…"), "{q}");
        assert_eq!(q.chars().count(), QUOTE_CHARS + 2);
        assert_eq!(quote("您好,工号1017", 3), "您好,工号1017");
    }
}
