//! Properties that hold for any call: generated from fragments of real-looking agent and
//! customer speech, banned words, word-boundary traps, spacing and punctuation.

use huashu::transcript::{parse, ParseOptions, SourceFormat};
use huashu::{Call, Category, FixMode, Linter, RuleKind, Speaker, Turn, Violation};
use proptest::prelude::*;
use std::sync::OnceLock;

fn linter() -> &'static Linter {
    static LINTER: OnceLock<Linter> = OnceLock::new();
    LINTER.get_or_init(Linter::with_builtin_packs)
}

const FRAGMENTS: &[&str] = &[
    "您好",
    "请问有什么可以帮您",
    "喂",
    "喂养",
    "不知道",
    "不知道您",
    "不可能",
    "傻瓜式操作",
    "滚筒洗衣机",
    "你必须",
    "你好",
    "您",
    "你们",
    "我没办法",
    "沒辦法",
    "这个这个",
    "就是说",
    "随便你投诉",
    "请您稍等",
    "感谢您的耐心等待",
    "不好意思",
    "没关系",
    "我姓王",
    "王先生",
    "再见",
    "感谢您的来电",
    "宽带",
    "话费",
    "ＯＫ",
    "OK",
    "啊",
    "呀",
    "吗",
    "不是",
    "凭什么",
];
const GLUE: &[&str] = &[
    "", "", "", ",", "，", "。", "?", "!", " ", "_", "\u{3000}", "…",
];

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (prop::sample::select(FRAGMENTS), prop::sample::select(GLUE)),
        1..8,
    )
    .prop_map(|parts| {
        parts
            .into_iter()
            .map(|(f, g)| format!("{f}{g}"))
            .collect::<String>()
    })
    .prop_map(|t| t.trim().to_owned())
    .prop_filter("non-empty", |t| !t.is_empty())
}

fn call() -> impl Strategy<Value = Call> {
    prop::collection::vec((any::<bool>(), text()), 1..8).prop_map(|turns| {
        Call::new(
            turns
                .into_iter()
                .map(|(agent, text)| {
                    Turn::new(
                        if agent {
                            Speaker::Agent
                        } else {
                            Speaker::Customer
                        },
                        text,
                    )
                })
                .collect(),
        )
    })
}

fn as_text(call: &Call) -> String {
    call.turns
        .iter()
        .map(|t| format!("{}:{}\n", t.speaker.label_zh(), t.text))
        .collect()
}

fn as_jsonl(call: &Call) -> String {
    let turns: Vec<_> = call
        .turns
        .iter()
        .map(|t| serde_json::json!({"speaker": t.speaker.as_str(), "text": t.text}))
        .collect();
    format!("{}\n", serde_json::json!({ "id": "p", "turns": turns }))
}

/// Pieces of suppression comments, well-formed and not.
const DIRECTIVE_PARTS: &[&str] = &[
    "ignore",
    "disable",
    "enable",
    "IGNORE",
    "ignroe",
    "[",
    "]",
    "【",
    "】",
    "［",
    "］",
    ",",
    "，",
    "、",
    "*",
    "＊",
    ".",
    ".*",
    " ",
    "\u{3000}",
    "banned.wei",
    "tone",
    "greeting.three-part",
    "喂",
    "#",
    "huashu:",
    "：",
    "\r",
    "-",
    "é",
];

/// A turn-text offset, and the line and column it maps to.
type Place = (usize, usize, usize);

fn keys(violations: &[Violation]) -> Vec<(String, usize, String)> {
    let mut k: Vec<_> = violations
        .iter()
        .map(|v| (v.rule.clone(), v.turn, v.matched.clone()))
        .collect();
    k.sort();
    k
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// Parsing never panics, whatever the bytes.
    #[test]
    fn parsing_never_panics(source in any::<String>()) {
        for format in [SourceFormat::Text, SourceFormat::JsonLines, SourceFormat::Json] {
            let parsed = parse(&source, format, &ParseOptions::default());
            for call in &parsed.calls {
                let _ = linter().check(call);
            }
        }
    }

    /// Every span lies inside its turn, on character boundaries, and says what `matched` says;
    /// parsed from text, its location points at the same words in the source.
    #[test]
    fn spans_are_exact(call in call()) {
        let source = as_text(&call);
        let parsed = parse(&source, SourceFormat::Text, &ParseOptions::default());
        prop_assert!(parsed.errors.is_empty());
        let parsed_call = &parsed.calls[0];
        let report = linter().check(parsed_call);
        for v in &report.violations {
            let text = &parsed_call.turns[v.turn].text;
            prop_assert!(v.start <= v.end && v.end <= text.len());
            prop_assert!(text.is_char_boundary(v.start) && text.is_char_boundary(v.end));
            prop_assert_eq!(&text[v.start..v.end], v.matched.as_str());
            let loc = v.location.unwrap();
            prop_assert_eq!(&source[loc.start.offset..loc.end.offset], v.matched.as_str());
        }
    }

    /// The plain-text and JSON Lines forms of a call give the same violations.
    #[test]
    fn text_and_jsonl_agree(call in call()) {
        let options = ParseOptions::default();
        let from_text = parse(&as_text(&call), SourceFormat::Text, &options);
        let from_jsonl = parse(&as_jsonl(&call), SourceFormat::JsonLines, &options);
        prop_assert!(from_jsonl.errors.is_empty());
        prop_assert_eq!(
            keys(&linter().check(&from_text.calls[0]).violations),
            keys(&linter().check(&from_jsonl.calls[0]).violations)
        );
    }

    /// Fixing twice equals fixing once, and a fixed text raises no safe-fixable violation.
    #[test]
    fn fixing_is_idempotent(text in text()) {
        let once = linter().fix_text(&text, FixMode::Safe);
        prop_assert_eq!(&linter().fix_text(&once, FixMode::Safe), &once);
        let left: Vec<_> = linter()
            .check_text(&once)
            .violations
            .into_iter()
            .filter(|v| FixMode::Safe.applies(v.fix))
            .collect();
        prop_assert!(left.is_empty(), "{:?}", left);
    }

    /// Streaming a call turn by turn yields exactly the violations of checking it whole.
    #[test]
    fn streaming_equals_checking(call in call()) {
        let mut session = linter().session();
        let mut streamed = Vec::new();
        for turn in &call.turns {
            streamed.extend(session.push(turn.clone()));
        }
        let (rest, report) = session.finish();
        streamed.extend(rest);
        prop_assert_eq!(keys(&streamed), keys(&report.violations));
        prop_assert_eq!(report, linter().check(&call));
    }

    /// Suppression comments of any shape, on their own line or trailing, never panic the
    /// parser or the linter, and every finding about one points inside the source.
    #[test]
    fn suppression_comments_never_panic(
        parts in prop::collection::vec(prop::sample::select(DIRECTIVE_PARTS), 0..12),
        noise in any::<String>(),
    ) {
        let body: String = parts.concat();
        let source = format!(
            "# huashu:{body}\n喂,你必须先交费 # huashu:{body}\n# huashu: {noise}\n不知道 #huashu：{body}{noise}\n"
        );
        for call in parse(&source, SourceFormat::Text, &ParseOptions::default()).calls {
            for v in linter().check(&call).violations {
                let loc = v.location.unwrap();
                prop_assert!(source.get(loc.start.offset..loc.end.offset).is_some());
            }
        }
    }

    /// Putting `# huashu: ignore[…]` before every line for the rules that fired on it leaves
    /// only the greeting and closing (which only ranges suppress), and no finding about the
    /// comments: every one of them is used. Findings in the review band are suppressed with the
    /// rest.
    #[test]
    fn ignoring_what_fired_leaves_only_call_level_rules(lines in prop::collection::vec(text(), 1..6)) {
        let script: String = lines.iter().map(|l| format!("{l}\n")).collect();
        let parsed = parse(&script, SourceFormat::Text, &ParseOptions::default());
        let before = linter().check(&parsed.calls[0]);
        let is_required = |v: &Violation| {
            matches!(linter().rule(&v.rule).unwrap().kind, RuleKind::Required(_))
        };
        let mut marked = String::new();
        for (i, line) in lines.iter().enumerate() {
            let mut ids: Vec<&str> = before
                .violations
                .iter()
                .chain(&before.review)
                .filter(|v| !is_required(v) && v.location.unwrap().start.line == i + 1)
                .map(|v| v.rule.as_str())
                .collect();
            ids.sort();
            ids.dedup();
            if !ids.is_empty() {
                marked.push_str(&format!("# huashu: ignore[{}]\n", ids.join(", ")));
            }
            marked.push_str(line);
            marked.push('\n');
        }
        let parsed = parse(&marked, SourceFormat::Text, &ParseOptions::default());
        let after = linter().check(&parsed.calls[0]);
        let required: Vec<Violation> = before.violations.iter().filter(|v| is_required(v)).cloned().collect();
        let suppressed: Vec<Violation> = before.violations.iter().chain(&before.review).filter(|v| !is_required(v)).cloned().collect();
        prop_assert_eq!(keys(&after.violations), keys(&required));
        prop_assert_eq!(keys(&after.suppressed), keys(&suppressed));
        prop_assert!(after.review.is_empty());
        prop_assert!(after.violations.iter().all(|v| v.category != Category::Meta));
    }

    /// A trailing `# huashu: ignore[…]` is cut off its line: the turn's text and every other
    /// violation, lines and columns included, are what they are without it (byte offsets of
    /// later lines move by the comments' length); a finding about the comment points at the rule
    /// id in the source.
    #[test]
    fn trailing_comments_keep_every_position(call in call()) {
        let plain = as_text(&call);
        let marked: String = plain
            .lines()
            .map(|l| format!("{l} # huashu: ignore[banned.wei]\n"))
            .collect();
        let options = ParseOptions::default();
        let (plain_call, marked_call) = (
            &parse(&plain, SourceFormat::Text, &options).calls[0],
            &parse(&marked, SourceFormat::Text, &options).calls[0],
        );
        let turns = |call: &Call| -> Vec<(String, Vec<Place>)> {
            call.turns
                .iter()
                .map(|t| {
                    let anchors = t.origin.as_ref().unwrap().anchors();
                    (t.text.clone(), anchors.iter().map(|a| (a.text, a.line, a.column)).collect())
                })
                .collect()
        };
        prop_assert_eq!(turns(plain_call), turns(marked_call));
        let others = |violations: &[Violation]| -> Vec<(Violation, (usize, usize, usize, usize))> {
            violations
                .iter()
                .filter(|v| v.rule != "banned.wei" && v.category != Category::Meta)
                .map(|v| {
                    let mut v = v.clone();
                    let l = v.location.take().unwrap();
                    // An intent finding's evidence is placed too: lines and columns must agree.
                    for e in &mut v.evidence {
                        if let Some(el) = &mut e.location {
                            el.start.offset = 0;
                            el.end.offset = 0;
                        }
                    }
                    (v, (l.start.line, l.start.column, l.end.line, l.end.column))
                })
                .collect()
        };
        let (before, after) = (linter().check(plain_call), linter().check(marked_call));
        prop_assert_eq!(others(&before.violations), others(&after.violations));
        for v in after.violations.iter().filter(|v| v.category == Category::Meta) {
            let loc = v.location.unwrap();
            prop_assert_eq!(&marked[loc.start.offset..loc.end.offset], "banned.wei");
        }
    }
}
