//! Suppression comments: reading them, the lines they cover, applying them, and reporting the
//! ones that do nothing.

use std::sync::OnceLock;

use super::*;
use crate::lint::{CallReport, Linter, Violation};
use crate::transcript::{parse, ParseOptions, SourceFormat};
use crate::{Call, Pack, Speaker, Turn};

fn linter() -> &'static Linter {
    static LINTER: OnceLock<Linter> = OnceLock::new();
    LINTER.get_or_init(Linter::with_builtin_packs)
}

fn calls(source: &str) -> Vec<Call> {
    let parsed = parse(source, SourceFormat::Text, &ParseOptions::default());
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    parsed.calls
}

fn call(source: &str) -> Call {
    let mut calls = calls(source);
    assert_eq!(calls.len(), 1, "{calls:?}");
    calls.remove(0)
}

fn check(source: &str) -> CallReport {
    linter().check(&call(source))
}

/// (rule, line, column) of each violation.
fn at(violations: &[Violation]) -> Vec<(String, usize, usize)> {
    violations
        .iter()
        .map(|v| {
            let start = v.location.expect("parsed calls have locations").start;
            (v.rule.clone(), start.line, start.column)
        })
        .collect()
}

fn rules(violations: &[Violation]) -> Vec<&str> {
    violations.iter().map(|v| v.rule.as_str()).collect()
}

/// The rules of violations other than the greeting's and the closing's.
fn phrase_rules(violations: &[Violation]) -> Vec<&str> {
    rules(violations)
        .into_iter()
        .filter(|r| !matches!(*r, "greeting.three-part" | "closing.standard"))
        .collect()
}

/// The (pattern, lines) of every selector of a call.
fn selectors(call: &Call) -> Vec<(String, Option<std::ops::RangeInclusive<usize>>)> {
    call.suppressions
        .iter()
        .flat_map(|s| &s.selectors)
        .map(|s| (s.selector.as_str().to_owned(), s.lines.clone()))
        .collect()
}

/// A script fragment: no greeting or closing is expected of it.
const FRAGMENT: &str = "# huashu: disable[greeting.three-part, closing.standard]\n";

// Reading directives.

#[test]
fn an_own_line_ignore_covers_the_next_turn_line_past_blanks_and_comments() {
    let source = "您好\n# huashu: ignore[banned.wei]\n\n# 说明\n# huashu: ignore[tone.command]\n喂,你必须先交费\n再见\n";
    let call = call(source);
    assert_eq!(
        selectors(&call),
        [
            ("banned.wei".into(), Some(6..=6)),
            ("tone.command".into(), Some(6..=6))
        ]
    );
    assert!(call.suppressions.iter().all(|s| !s.trailing));
    let report = linter().check(&call);
    assert_eq!(
        rules(&report.suppressed),
        ["banned.wei", "tone.command"],
        "{report:?}"
    );
    assert!(report
        .violations
        .iter()
        .all(|v| v.rule != "banned.wei" && v.rule != "tone.command"));
}

#[test]
fn a_trailing_ignore_is_cut_off_the_turn_and_positions_stay_exact() {
    let plain = "客服:您好\n客服:喂,这个我不知道,你去营业厅问一下吧\n";
    let marked = "客服:您好\n客服:喂,这个我不知道,你去营业厅问一下吧  # huashu: ignore[banned.wei] 客户要求复述\n";
    let (plain, marked) = (call(plain), call(marked));
    assert_eq!(marked.turns[1].text, plain.turns[1].text);
    assert_eq!(marked.turns[1].origin, plain.turns[1].origin);
    let s = &marked.suppressions[0];
    assert!(s.trailing);
    assert_eq!(s.text, "# huashu: ignore[banned.wei] 客户要求复述");
    let column = "客服:喂,这个我不知道,你去营业厅问一下吧  ".chars().count() + 1;
    assert_eq!((s.start.line, s.start.column), (2, column));
    assert_eq!(selectors(&marked), [("banned.wei".into(), Some(2..=2))]);
    let (before, after) = (linter().check(&plain), linter().check(&marked));
    // Everything but 喂 is reported exactly where it was.
    let expected: Vec<_> = at(&before.violations)
        .into_iter()
        .filter(|(rule, ..)| rule != "banned.wei")
        .collect();
    assert_eq!(at(&after.violations), expected);
    assert_eq!(at(&after.suppressed), [("banned.wei".into(), 2, 4)]);
    // The suppressed 喂 costs nothing: its 5 points are back.
    assert_eq!(after.score, before.score + 5);
}

#[test]
fn a_trailing_directive_in_a_script_line_is_not_linted() {
    let call = call("您好,请问有什么可以帮您?#huashu:ignore[banned.wei]\n");
    assert_eq!(call.turns[0].text, "您好,请问有什么可以帮您?");
    assert_eq!(selectors(&call), [("banned.wei".into(), Some(1..=1))]);
}

#[test]
fn full_width_punctuation_case_and_spacing_are_accepted() {
    for comment in [
        "# huashu：ignore［banned.wei，tone.command］",
        "# huashu: ignore【banned.wei、tone.command】",
        "#HUASHU : IGNORE [ Banned.Wei ,\u{3000}TONE.COMMAND ]",
        "#  ｈｕａｓｈｕ：ｉｇｎｏｒｅ［ｂａｎｎｅｄ．ｗｅｉ，ｔｏｎｅ．ｃｏｍｍａｎｄ］",
        "# huashu: ignore[banned.wei, tone.command,] -- 复述客户原话",
    ] {
        let report = check(&format!("{FRAGMENT}{comment}\n喂,你必须先交费\n"));
        assert_eq!(
            phrase_rules(&report.suppressed),
            ["banned.wei", "tone.command"],
            "{comment}"
        );
        assert!(
            report.violations.iter().all(|v| v.rule == "honorific.ni"),
            "{comment}: {:?}",
            report.violations
        );
    }
    let call = call("# huashu：ignore【Tone.Command】\n你必须先交费\n");
    let selector = &call.suppressions[0].selectors[0];
    assert_eq!(
        (selector.text.as_str(), selector.selector.as_str()),
        ("Tone.Command", "tone.command")
    );
    // The selector's span is the text as written, in characters of the line.
    assert_eq!((selector.start.column, selector.end.column), (17, 29));
}

#[test]
fn comments_that_only_mention_huashu_are_not_directives() {
    for source in [
        "# huashu 话术检查示例\n喂\n",
        "# 用 huashu: ignore[banned.wei] 豁免\n喂\n",
        "# 备注:ignore[banned.wei]\n喂\n",
        "喂,我们的产品叫 huashu:ignore 吗\n",
    ] {
        let call = call(source);
        assert!(call.suppressions.is_empty(), "{source}");
        let report = linter().check(&call);
        assert!(
            rules(&report.violations).contains(&"banned.wei"),
            "{source}"
        );
    }
}

// Selectors.

#[test]
fn prefixes_packs_and_star_select_many_rules() {
    let line = "喂,你必须先交费,这个我不知道\n";
    let fired = check(&format!("{FRAGMENT}{line}"));
    assert!(fired.violations.len() >= 4, "{fired:?}");
    let report = check(&format!(
        "{FRAGMENT}# huashu: ignore[tone.*, banned.*]\n{line}"
    ));
    assert_eq!(rules(&report.violations), ["honorific.ni"]);
    let report = check(&format!("{FRAGMENT}# huashu: ignore[*]\n{line}"));
    assert!(report.violations.is_empty(), "{report:?}");
    assert_eq!(report.score, 100);
    // `etiquette.*` names the pack's rules, whatever their ids' prefixes.
    let report = check("# huashu: disable[etiquette.*]\n喂\n");
    assert!(rules(&report.suppressed).contains(&"greeting.three-part"));
    assert!(rules(&report.suppressed).contains(&"closing.standard"));
    assert_eq!(rules(&report.violations), ["banned.wei"]);
}

// Ranges.

#[test]
fn disable_and_enable_cover_the_lines_between() {
    let source = format!(
        "{FRAGMENT}喂\n# huashu: disable[banned.wei, tone.command]\n喂\n你必须先交费\n# huashu: enable[banned.wei]\n喂\n你必须先交费\n"
    );
    let call = call(&source);
    assert_eq!(
        selectors(&call),
        [
            ("greeting.three-part".into(), Some(2..=usize::MAX)),
            ("closing.standard".into(), Some(2..=usize::MAX)),
            ("banned.wei".into(), Some(4..=5)),
            ("tone.command".into(), Some(4..=usize::MAX)),
            ("banned.wei".into(), Some(4..=5)),
        ]
    );
    let report = linter().check(&call);
    let wei: Vec<usize> = at(&report.violations)
        .into_iter()
        .filter(|(rule, ..)| rule == "banned.wei")
        .map(|(_, line, _)| line)
        .collect();
    assert_eq!(wei, [2, 7]);
    assert!(!rules(&report.violations).contains(&"tone.command"));
    assert_eq!(
        at(&report.suppressed)
            .into_iter()
            .filter(|(rule, ..)| rule.starts_with("banned") || rule.starts_with("tone"))
            .collect::<Vec<_>>(),
        [
            ("banned.wei".into(), 4, 1),
            ("tone.command".into(), 5, 1),
            ("tone.command".into(), 8, 1)
        ]
    );
}

#[test]
fn enable_star_ends_every_range_and_an_unmatched_enable_is_reported() {
    let source = "# huashu: disable[banned.wei, tone.*]\n喂\n# huashu: enable[*]\n# huashu: enable[banned.wei]\n喂\n";
    let call = call(source);
    assert_eq!(
        selectors(&call),
        [
            ("banned.wei".into(), Some(2..=2)),
            ("tone.*".into(), Some(2..=2)),
            ("*".into(), Some(2..=2)),
            ("banned.wei".into(), None),
        ]
    );
    let report = linter().check(&call);
    let meta: Vec<_> = report
        .violations
        .iter()
        .filter(|v| v.category == crate::Category::Meta)
        .map(|v| (v.rule.as_str(), v.message.as_str()))
        .collect();
    assert!(
        meta.contains(&(
            UNUSED_SUPPRESSION,
            "无效的豁免注释:enable[banned.wei] 之前没有与之对应的 disable[banned.wei]"
        )),
        "{meta:?}"
    );
    // tone.* was disabled where no tone rule fired.
    assert!(meta.contains(&(
        UNUSED_SUPPRESSION,
        "无效的豁免注释:规则 tone.* 在此处未触发"
    )));
}

#[test]
fn an_ignore_covers_a_turns_continuation_lines() {
    let source = "客服:您好,欢迎致电\n# huashu: ignore[banned.dont-know]\n客服:这个问题,\n  我不知道。\n客服:我不知道\n";
    let call = call(source);
    assert_eq!(selectors(&call), [("banned.dont-know".into(), Some(3..=4))]);
    let report = linter().check(&call);
    assert_eq!(at(&report.suppressed), [("banned.dont-know".into(), 4, 4)]);
    assert!(at(&report.violations).contains(&("banned.dont-know".into(), 5, 5)));
}

#[test]
fn directives_belong_to_their_call_in_a_file_of_many_calls() {
    let source = "\
# huashu: disable[greeting.three-part]
# 通话 A
客服:喂
# huashu: disable[banned.wei]
客服:喂
# huashu: ignore[banned.wei]
# 通话 B
客服:喂
客服:喂
";
    let calls = calls(source);
    assert_eq!(calls.len(), 2);
    assert_eq!(
        selectors(&calls[0]),
        [
            ("greeting.three-part".into(), Some(2..=usize::MAX)),
            ("banned.wei".into(), Some(5..=usize::MAX))
        ]
    );
    // The ignore before B's header covers B's first line; A's ranges end with A.
    assert_eq!(selectors(&calls[1]), [("banned.wei".into(), Some(8..=8))]);
    let a = linter().check(&calls[0]);
    assert_eq!(at(&a.suppressed)[1..], [("banned.wei".into(), 5, 4)]);
    assert_eq!(at(&a.suppressed)[0].0, "greeting.three-part");
    let b = linter().check(&calls[1]);
    assert_eq!(
        at(&b.violations)
            .into_iter()
            .filter(|(rule, ..)| rule == "banned.wei")
            .collect::<Vec<_>>(),
        [("banned.wei".into(), 9, 4)]
    );
    assert!(rules(&b.violations).contains(&"greeting.three-part"));
}

// Call-level rules.

#[test]
fn greeting_and_closing_are_suppressed_by_ranges_only() {
    let script = "# huashu: ignore[greeting.three-part]\n您的宽带将于{到期日期}到期。\n";
    let report = check(script);
    assert!(rules(&report.violations).contains(&"greeting.three-part"));
    let hint = report
        .violations
        .iter()
        .find(|v| v.rule == UNUSED_SUPPRESSION)
        .expect("the ignore is reported");
    assert_eq!(
        hint.message,
        "无效的豁免注释:规则 greeting.three-part 检查整通话的开头或结尾,行级 ignore 不能豁免它,请改用 disable[greeting.three-part]"
    );
    let report = check(
        "# huashu: disable[greeting.three-part, closing.standard]\n您的宽带将于{到期日期}到期。\n",
    );
    assert!(report.violations.is_empty(), "{report:?}");
    assert_eq!(
        rules(&report.suppressed),
        ["closing.standard", "greeting.three-part"]
    );
    assert_eq!(report.score, 100);
}

// Reporting comments that do nothing.

#[test]
fn an_unused_selector_is_reported_at_its_text_with_no_points() {
    let source = format!("{FRAGMENT}# huashu: ignore[banned.wei, tone.command]\n你必须先交费\n");
    let report = check(&source);
    let unused: Vec<_> = report
        .violations
        .iter()
        .filter(|v| v.rule == UNUSED_SUPPRESSION)
        .collect();
    assert_eq!(unused.len(), 1, "{report:?}");
    let v = unused[0];
    assert_eq!(v.message, "无效的豁免注释:规则 banned.wei 在此处未触发");
    assert_eq!(v.matched, "banned.wei");
    assert_eq!(
        (v.points, v.severity, v.category),
        (0, crate::Severity::Warning, crate::Category::Meta)
    );
    assert_eq!(
        (v.turn, v.speaker, v.start, v.end),
        (0, Speaker::Agent, 0, 0)
    );
    let location = v.location.unwrap();
    assert_eq!(
        (
            location.start.line,
            location.start.column,
            location.end.column
        ),
        (2, 18, 28)
    );
    assert_eq!(location.start.offset, source.find("banned.wei").unwrap());
    assert_eq!(
        v.help.as_deref(),
        Some("删除这条豁免注释,或删去列表中未触发的规则 id")
    );
    // The score is what it would be without the comment.
    let bare = check(&format!(
        "{FRAGMENT}# huashu: ignore[tone.command]\n你必须先交费\n"
    ));
    assert_eq!(report.score, bare.score);
}

#[test]
fn an_ignore_with_nothing_after_it_is_unused() {
    let report = check(&format!(
        "{FRAGMENT}喂 # huashu: ignore[banned.wei]\n# huashu: ignore[*]\n"
    ));
    let unused: Vec<_> = report
        .violations
        .iter()
        .filter(|v| v.rule == UNUSED_SUPPRESSION)
        .map(|v| (v.message.as_str(), v.turn))
        .collect();
    assert_eq!(
        unused,
        [("无效的豁免注释:注释之后没有可豁免的语句(规则 *)", 0)]
    );
}

#[test]
fn an_unknown_rule_is_reported_with_the_closest_id() {
    let report = check(&format!(
        "{FRAGMENT}# huashu: ignore[banned.wie, tnoe.*, tone.fanwen, banned.wei]\n喂\n"
    ));
    let unknown: Vec<_> = report
        .violations
        .iter()
        .filter(|v| v.rule == UNKNOWN_RULE_IN_SUPPRESSION)
        .map(|v| {
            (
                v.matched.as_str(),
                v.suggestion.as_deref(),
                v.message.as_str(),
            )
        })
        .collect();
    assert_eq!(
        unknown,
        [
            (
                "banned.wie",
                Some("banned.wei"),
                "豁免注释中的规则不存在:没有已加载的规则 id 为 banned.wie,是否想写 banned.wei?"
            ),
            (
                "tnoe.*",
                Some("tone.*"),
                "豁免注释中的规则不存在:没有已加载的规则与 tnoe.* 匹配,是否想写 tone.*?"
            ),
            (
                "tone.fanwen",
                None,
                "豁免注释中的规则不存在:没有已加载的规则 id 为 tone.fanwen"
            ),
        ]
    );
    assert_eq!(phrase_rules(&report.suppressed), ["banned.wei"]);
}

#[test]
fn unreadable_directives_are_reported() {
    let cases = [
        ("# huashu: ignore\n喂\n", "# huashu: ignore", "缺少规则列表"),
        ("# huashu:\n喂\n", "", "缺少指令"),
        (
            "# huashu: ignroe[banned.wei]\n喂\n",
            "ignroe",
            "未知的指令「ignroe」",
        ),
        ("# huashu: ignore[banned.wei\n喂\n", "", "缺少右括号"),
        ("# huashu: ignore[ ，]\n喂\n", "[ ，]", "规则列表为空"),
        (
            "# huashu: ignore[不知道]\n喂\n",
            "不知道",
            "「不知道」不是规则 id",
        ),
        (
            "喂 # huashu: disable[banned.wei]\n",
            "disable",
            "行尾只能使用 ignore",
        ),
        (
            "# huashu: 本脚本用于续约提醒\n喂\n",
            "本脚本用于续约提醒",
            "未知的指令",
        ),
    ];
    for (source, matched, message) in cases {
        let report = check(source);
        let invalid: Vec<_> = report
            .violations
            .iter()
            .filter(|v| v.rule == INVALID_SUPPRESSION)
            .collect();
        assert_eq!(invalid.len(), 1, "{source}: {report:?}");
        let v = invalid[0];
        assert!(v.message.contains(message), "{source}: {}", v.message);
        if !matched.is_empty() {
            assert_eq!(v.matched, matched, "{source}");
        }
        assert_eq!(v.points, 0);
        // An unreadable directive suppresses nothing.
        assert!(
            rules(&report.violations).contains(&"banned.wei"),
            "{source}"
        );
    }
    // In a list, a bad entry does not spoil the good ones.
    let report = check(&format!("{FRAGMENT}# huashu: ignore[banned.wei, 喂]\n喂\n"));
    assert_eq!(phrase_rules(&report.suppressed), ["banned.wei"]);
    assert_eq!(rules(&report.violations), [INVALID_SUPPRESSION]);
}

#[test]
fn meta_rules_cannot_be_suppressed() {
    let report = check(&format!(
        "# huashu: disable[*]\n{FRAGMENT}# huashu: ignore[huashu.unused-suppression, nope.x]\n喂\n"
    ));
    // A violation covered twice uses both comments: neither is reported.
    let meta: Vec<_> = report
        .violations
        .iter()
        .map(|v| v.message.as_str())
        .collect();
    assert_eq!(
        meta,
        [
            "无效的豁免注释:规则 huashu.unused-suppression 是 huashu 自身的规则,不能用注释豁免",
            "豁免注释中的规则不存在:没有已加载的规则 id 为 nope.x",
        ]
    );
}

// The linter.

#[test]
fn without_suppressions_every_comment_is_ignored() {
    let audit = Linter::builder()
        .packs(crate::builtin_packs().unwrap())
        .suppressions(false)
        .build()
        .unwrap();
    let source = format!("{FRAGMENT}喂 # huashu: ignore[banned.wei, tone.fanwen]\n");
    let call = call(&source);
    let report = audit.check(&call);
    assert!(report.suppressed.is_empty());
    assert!(report
        .violations
        .iter()
        .all(|v| v.category != crate::Category::Meta));
    assert!(rules(&report.violations).contains(&"banned.wei"));
    assert!(rules(&report.violations).contains(&"greeting.three-part"));
    // The trailing comment is still not part of the turn.
    assert_eq!(call.turns[0].text, "喂");
    assert!(!audit.suppressions());
    assert!(audit.check_examples().is_empty());
}

#[test]
fn meta_rules_are_listed_explained_and_their_examples_pass() {
    let linter = linter();
    let ids: Vec<&str> = linter
        .rules()
        .iter()
        .rev()
        .take(3)
        .map(|r| r.id.as_str())
        .collect();
    assert_eq!(
        ids,
        [
            INVALID_SUPPRESSION,
            UNKNOWN_RULE_IN_SUPPRESSION,
            UNUSED_SUPPRESSION
        ]
    );
    assert_eq!(linter.packs().last().unwrap().id, "huashu");
    for id in META_RULE_IDS {
        let rule = linter.rule(id).unwrap();
        assert!(rule.summary.is_some() && rule.why.is_some() && rule.help.is_some());
        assert!(rule.examples.bad.len() >= 2 && rule.examples.good.len() >= 2);
    }
    let failures: Vec<_> = linter
        .check_examples()
        .into_iter()
        .filter(|f| f.rule.starts_with("huashu."))
        .collect();
    assert!(failures.is_empty(), "{failures:?}");
    // They hold with no pack loaded at all.
    let bare = Linter::builder().build().unwrap();
    assert_eq!(bare.rules().len(), 3);
    assert!(
        bare.check_examples().is_empty(),
        "{:?}",
        bare.check_examples()
    );
}

#[test]
fn packs_cannot_define_meta_rules() {
    let header = "[pack]\nid = \"p\"\n[[rules]]\n";
    let err = Pack::from_toml(
        "p.toml",
        &format!("{header}id = \"huashu.mine\"\ncategory = \"banned\"\nmessage = \"m\"\nphrases = [\"喂\"]\n"),
    )
    .unwrap_err();
    assert_eq!(
        err.problems()[0].message(),
        "rule id `huashu.mine` is reserved"
    );
    let err = Pack::from_toml(
        "p.toml",
        &format!("{header}id = \"banned.mine\"\ncategory = \"meta\"\nmessage = \"m\"\nphrases = [\"喂\"]\n"),
    )
    .unwrap_err();
    assert!(err.problems()[0]
        .message()
        .contains("unknown variant `meta`"));
}

#[test]
fn a_session_holds_back_suppressed_violations_and_reports_comments_at_the_end() {
    let mut call = call("# huashu: ignore[banned.wei, tone.command]\n喂,您好\n");
    let turns = std::mem::take(&mut call.turns);
    let mut session = linter().session_for(call);
    let mut streamed = Vec::new();
    for turn in turns {
        streamed.extend(session.push(turn));
    }
    assert!(streamed
        .iter()
        .all(|v| v.rule != "banned.wei" && v.category != crate::Category::Meta));
    let (rest, report) = session.finish();
    streamed.extend(rest);
    assert_eq!(rules(&report.suppressed), ["banned.wei"]);
    assert!(streamed.iter().any(|v| v.rule == UNUSED_SUPPRESSION));
    assert_eq!(streamed.len(), report.violations.len());
}

#[test]
fn calls_built_by_hand_have_no_suppressions() {
    let call = Call::new(vec![Turn::new(
        Speaker::Agent,
        "喂 # huashu: ignore[banned.wei]",
    )]);
    assert!(call.suppressions.is_empty());
    assert!(rules(&linter().check(&call).violations).contains(&"banned.wei"));
}
