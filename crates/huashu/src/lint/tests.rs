//! Behaviour of the linter on real-looking Chinese call text.

use super::*;
use crate::call::Call;
use crate::pack::Pack;
use crate::transcript::{parse, Labels, ParseOptions, SourceFormat};

const TEST_PACK: &str = r#"
[pack]
id = "test"

[[rules]]
id = "banned.wei"
category = "banned"
severity = "warning"
points = 1
message = "禁用语「喂」"
phrases = ["喂"]
rewrite = "您好"

[[rules]]
id = "banned.silly"
category = "banned"
severity = "error"
points = 2
message = "侮辱性词语"
phrases = ["傻", "滚"]

[[rules]]
id = "banned.dont-know"
category = "banned"
message = "禁用语「不知道」"
phrases = ["不知道"]
unless = ["不知道您"]
rewrite = "我帮您查询一下"
fix = "safe"

[[rules]]
id = "banned.no-way"
category = "banned"
message = "消极用语"
phrases = ["没办法"]

[[rules]]
id = "filler.a"
category = "filler"
severity = "info"
points = 0
message = "口头禅「啊」"
phrases = [{ text = "啊", boundary = false }]

[[rules]]
id = "tone.deflect"
category = "tone"
message = "推诿语气"
regex = ["你(去|打).{0,12}问一下(好了|吧)"]
rewrite = { "你(去|打).{0,12}问一下(好了|吧)" = "我帮您转过去,您看行吗?" }

[[rules]]
id = "response.customer-rude"
category = "response"
speaker = "customer"
message = "客户情绪激动"
phrases = ["投诉你"]

[[rules]]
id = "tone.shared"
category = "tone"
message = "与 banned.wei 共用短语"
phrases = ["喂"]
"#;

fn linter() -> Linter {
    Linter::new([Pack::from_toml("test.toml", TEST_PACK).unwrap()]).unwrap()
}

fn fired(linter: &Linter, text: &str) -> Vec<(String, String)> {
    linter
        .check_text(text)
        .violations
        .into_iter()
        .map(|v| (v.rule, v.matched))
        .collect()
}

fn rules_fired(linter: &Linter, text: &str) -> Vec<String> {
    fired(linter, text).into_iter().map(|(r, _)| r).collect()
}

#[test]
fn boundary_traps_stay_silent() {
    let linter = linter();
    for text in [
        "宝宝喂养方面的问题我帮您转接",
        "这是傻瓜式操作,您按提示点击就可以",
        "您家的滚筒洗衣机型号是多少?",
        "这款滚筒的保修期是三年",
    ] {
        assert_eq!(fired(&linter, text), vec![], "{text}");
    }
}

#[test]
fn banned_words_fire_on_word_boundaries() {
    let linter = linter();
    assert_eq!(
        fired(&linter, "喂,说话呀!"),
        vec![
            ("banned.wei".into(), "喂".into()),
            ("tone.shared".into(), "喂".into())
        ]
    );
    assert_eq!(rules_fired(&linter, "你是不是傻"), vec!["banned.silly"]);
    assert_eq!(rules_fired(&linter, "你给我滚"), vec!["banned.silly"]);
    assert_eq!(rules_fired(&linter, "滚!"), vec!["banned.silly"]);
}

#[test]
fn unless_allows_longer_phrases() {
    let linter = linter();
    assert!(fired(&linter, "不知道您现在方便接听吗?").is_empty());
    assert_eq!(
        rules_fired(&linter, "这个我不知道"),
        vec!["banned.dont-know"]
    );
}

#[test]
fn variants_are_seen_through_at_original_positions() {
    let linter = linter();
    let report = linter.check_text("我也沒辦法");
    assert_eq!(report.violations.len(), 1);
    assert_eq!(report.violations[0].matched, "沒辦法");

    let report = linter.check_text("这个我不 知 道啊");
    let v = &report.violations[0];
    assert_eq!(v.rule, "banned.dont-know");
    assert_eq!(v.matched, "不 知 道");

    // A recognition marker is a cut, not spacing: no word is read across it.
    let report = linter.check_text("我不_知_道");
    assert!(report.violations.is_empty());

    let report = linter.check_text("沒\u{3000}辦法了");
    assert_eq!(report.violations[0].matched, "沒\u{3000}辦法");
}

#[test]
fn boundary_opt_out_matches_inside_words() {
    let linter = linter();
    // 啊 is in no word here, but 啊 inside a word would be missed with the boundary check on.
    let v: Vec<String> = rules_fired(&linter, "好的啊,那个啊")
        .into_iter()
        .filter(|r| r == "filler.a")
        .collect();
    assert_eq!(v.len(), 2);
}

#[test]
fn regexes_report_their_rewrite() {
    let linter = linter();
    let report = linter.check_text("那你去营业厅问一下好了");
    let v = &report.violations[0];
    assert_eq!(v.rule, "tone.deflect");
    assert_eq!(v.matched, "你去营业厅问一下好了");
    assert_eq!(v.suggestion.as_deref(), Some("我帮您转过去,您看行吗?"));
    assert_eq!(v.fix, Some(crate::Fix::Suggest));
}

#[test]
fn agent_rules_never_fire_on_customer_turns() {
    let linter = linter();
    let call = Call::new(vec![
        Turn::new(
            Speaker::Customer,
            "喂,你们是不是傻,我不知道怎么弄,我要投诉你",
        ),
        Turn::new(Speaker::Agent, "对不起,给您添麻烦了"),
    ]);
    let report = linter.check(&call);
    let rules: Vec<&str> = report.violations.iter().map(|v| v.rule.as_str()).collect();
    assert_eq!(rules, ["response.customer-rude"]);
    assert_eq!(report.violations[0].speaker, Speaker::Customer);
}

#[test]
fn score_is_100_minus_points() {
    let linter = linter();
    let report = linter.check_text("喂,你是不是傻");
    // banned.wei 1 + tone.shared 1 + banned.silly 2
    assert_eq!(report.score, 96);
    assert_eq!(report.max_severity(), Some(crate::Severity::Error));
    assert_eq!(linter.check_text("您好,请问有什么可以帮您?").score, 100);
}

/// The report says what each rule took off after its cap, so that nothing downstream (the
/// `report` command's tallies) recomputes caps and can disagree with the score.
#[test]
fn deductions_are_per_rule_after_caps_and_make_the_score() {
    let pack = Pack::from_toml(
        "caps.toml",
        r#"
[pack]
id = "caps"

[[rules]]
id = "honorific.ni"
category = "honorific"
points = 3
max_points = 5
message = "应使用敬语「您」"
phrases = [{ text = "你", boundary = false }]

[[rules]]
id = "banned.wei"
category = "banned"
points = 2
message = "禁用语「喂」"
phrases = ["喂"]

[[rules]]
id = "banned.abuse"
category = "banned"
severity = "error"
points = 1
fatal = true
message = "辱骂客户"
phrases = ["神经病"]
"#,
    )
    .unwrap();
    let linter = Linter::builder().pack(pack).build().unwrap();
    let report = linter.check_text("喂,你好,你的宽带你自己看一下");
    let deductions: Vec<(&str, usize, u32)> = report
        .deductions
        .iter()
        .map(|d| (d.rule.as_str(), d.violations, d.points))
        .collect();
    // Three 你 at 3 points are 9, capped at 5; in the order the rules first fire.
    assert_eq!(deductions, [("banned.wei", 1, 2), ("honorific.ni", 3, 5)]);
    assert_eq!(report.score, 93);
    // A fatal rule scores the call 0 but still deducts only its own points.
    let fatal = linter.check_text("喂,你是神经病吧");
    assert_eq!(fatal.score, 0);
    assert!(!fatal.passed);
    assert!(fatal
        .deductions
        .iter()
        .any(|d| (d.rule.as_str(), d.points) == ("banned.abuse", 1)));
    assert!(linter.check_text("您好").deductions.is_empty());
}

/// A team's configuration can cap a rule per call and make a rule fatal (一票否决), or not.
#[test]
fn overrides_set_caps_and_fatal_rules() {
    let linter = Linter::builder()
        .pack(Pack::from_toml("test.toml", TEST_PACK).unwrap())
        .override_rule(
            "banned.wei",
            RuleOverride {
                points: Some(3),
                max_points: Some(4),
                ..Default::default()
            },
        )
        .override_rule(
            "banned.silly",
            RuleOverride {
                fatal: Some(true),
                ..Default::default()
            },
        )
        .build()
        .unwrap();
    // Three 喂 at 3 points are 9, capped at 4.
    let capped = linter.check_text("喂?喂?喂,听得到吗");
    let wei = capped
        .deductions
        .iter()
        .find(|d| d.rule == "banned.wei")
        .unwrap();
    assert_eq!((wei.violations, wei.points), (3, 4));
    assert!(capped.passed);
    let insult = linter.check_text("您是不是傻啊,跟您说了三遍了");
    assert_eq!(insult.score, 0);
    assert!(!insult.passed);
    // And a pack's fatal rule can be made an ordinary deduction again.
    let lenient = Linter::builder()
        .pack(Pack::from_toml("test.toml", TEST_PACK).unwrap())
        .override_rule(
            "banned.silly",
            RuleOverride {
                fatal: Some(false),
                ..Default::default()
            },
        )
        .build()
        .unwrap();
    assert!(!lenient.rule("banned.silly").unwrap().fatal);
}

#[test]
fn violations_point_into_the_source() {
    let linter = linter();
    let source = "[00:00.0-00:02.0] 客户:你好\n[00:02.5-00:05.0] 客服:喂,这个我不知道\n";
    let parsed = parse(source, SourceFormat::Text, &ParseOptions::default());
    let report = linter.check(&parsed.calls[0]);
    let v = report
        .violations
        .iter()
        .find(|v| v.rule == "banned.dont-know")
        .unwrap();
    assert_eq!(v.turn, 1);
    let loc = v.location.unwrap();
    assert_eq!((loc.start.line, loc.start.column), (2, 27));
    assert_eq!((loc.end.line, loc.end.column), (2, 30));
    assert_eq!(&source[loc.start.offset..loc.end.offset], "不知道");
}

#[test]
fn jsonl_escapes_keep_exact_positions() {
    let linter = linter();
    let source = "{\"id\":\"c1\",\"turns\":[{\"speaker\":\"agent\",\"text\":\"\\u60a8\\u597d\\n我不知道\"}]}\n";
    let parsed = parse(source, SourceFormat::JsonLines, &ParseOptions::default());
    let report = linter.check(&parsed.calls[0]);
    assert_eq!(report.id.as_deref(), Some("c1"));
    let loc = report.violations[0].location.unwrap();
    assert_eq!(&source[loc.start.offset..loc.end.offset], "不知道");
}

#[test]
fn duplicate_rule_ids_across_packs_are_an_error() {
    let a = Pack::from_toml("a.toml", TEST_PACK).unwrap();
    let b = Pack::from_toml("b.toml", TEST_PACK).unwrap();
    let err = Linter::new([a, b]).unwrap_err();
    assert_eq!(
        err,
        LinterError::DuplicateRule {
            rule: "banned.wei".into(),
            first: "a.toml".into(),
            second: "b.toml".into()
        }
    );
}

#[test]
fn linter_is_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Linter>();
}

#[test]
fn builtin_examples_all_pass() {
    let failures = Linter::with_builtin_packs().check_examples();
    let text: Vec<String> = failures.iter().map(ToString::to_string).collect();
    assert!(failures.is_empty(), "{}", text.join("\n"));
}

#[test]
fn builtin_examples_pass_in_every_builtin_profile() {
    for profile in crate::pack::BUILTIN_PROFILES {
        let linter = Linter::builder()
            .packs(crate::builtin_packs().unwrap())
            .profile(profile.name)
            .build()
            .unwrap();
        assert_eq!(linter.profile(), profile.name);
        let failures = linter.check_examples();
        let text: Vec<String> = failures.iter().map(ToString::to_string).collect();
        assert!(failures.is_empty(), "{}: {}", profile.name, text.join("\n"));
    }
}

#[test]
fn failing_examples_are_reported() {
    let pack = Pack::from_toml(
        "p.toml",
        "[pack]\nid = \"p\"\n[[rules]]\nid = \"banned.wei\"\ncategory = \"banned\"\nmessage = \"m\"\nphrases = [\"喂\"]\nexamples = { bad = [\"您好\"], good = [\"喂,您好\"] }\n",
    )
    .unwrap();
    let failures = Linter::new([pack]).unwrap().check_examples();
    assert_eq!(failures.len(), 2);
    assert_eq!(failures[0].kind, ExampleKind::Bad);
    assert_eq!(failures[1].kind, ExampleKind::Good);
    assert_eq!(failures[1].fired, vec![("banned.wei".into(), "喂".into())]);
}

/// The case study's labels: A is the customer, B the agent (other fixtures use 客服/客户).
fn case_study_options() -> ParseOptions {
    let mut labels = Labels::default();
    labels.insert("A", Speaker::Customer);
    labels.insert("B", Speaker::Agent);
    ParseOptions::with_labels(labels)
}

/// The telecom case-study call of the training material: B is the agent, and the call ended in
/// a complaint. Every one of the agent's breaches below must be caught.
#[test]
fn telecom_case_study_is_caught() {
    let source = include_str!("../../../../tests/fixtures/case_study_telecom.txt");
    let parsed = parse(source, SourceFormat::Text, &case_study_options());
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    let report = Linter::with_builtin_packs().check(&parsed.calls[0]);
    let found: Vec<(&str, &str)> = report
        .violations
        .iter()
        .map(|v| (v.rule.as_str(), v.matched.as_str()))
        .collect();
    for expected in [
        ("banned.wei", "喂"),
        ("banned.impossible", "不可能"),
        ("banned.unclear", "不清楚"),
        ("tone.interrogation", "你这叫什么话"),
        ("tone.interrogation", "凭什么"),
        ("tone.deflect", "在哪买的,就去哪看看"),
    ] {
        assert!(
            found.contains(&expected),
            "missing {expected:?} in {found:?}"
        );
    }
    // The customer says 不可能 three times; none of it counts. The only violations placed on
    // customer turns are responses the agent owed (the complaint threat went unanswered).
    let linter = Linter::with_builtin_packs();
    for v in report
        .violations
        .iter()
        .filter(|v| v.speaker == Speaker::Customer)
    {
        let rule = linter.rule(&v.rule).unwrap();
        assert!(matches!(rule.kind, crate::RuleKind::Response(_)), "{v:?}");
    }
    assert!(report
        .violations
        .iter()
        .any(|v| v.rule == "response.complaint"));
}

mod streaming {
    use super::*;
    use crate::FixMode;

    const CALLS: &[&str] = &[
        include_str!("../../../../tests/fixtures/call_level/broadband_repair.txt"),
        include_str!("../../../../tests/fixtures/call_timestamped.txt"),
        include_str!("../../../../tests/fixtures/case_study_telecom.txt"),
    ];

    fn call_level_linter() -> Linter {
        Linter::new([
            Pack::from_toml(
                "call_level.toml",
                include_str!("../../../../tests/fixtures/packs/call_level.toml"),
            )
            .unwrap(),
            Pack::from_toml("test.toml", TEST_PACK).unwrap(),
        ])
        .unwrap()
    }

    /// For every call: pushing the turns one by one and finishing yields exactly the violations
    /// of checking the whole call, each once.
    #[test]
    fn streaming_equals_checking_the_whole_call() {
        let linter = call_level_linter();
        for source in CALLS {
            let parsed = parse(source, SourceFormat::Text, &case_study_options());
            let call = &parsed.calls[0];
            let mut session = linter.session();
            let mut streamed = Vec::new();
            for turn in &call.turns {
                streamed.extend(session.push(turn.clone()));
            }
            let (rest, report) = session.finish();
            streamed.extend(rest);
            let key = |v: &Violation| (v.turn, v.start, v.end, v.rule.clone());
            let mut got: Vec<_> = streamed.iter().map(key).collect();
            let mut want: Vec<_> = linter.check(call).violations.iter().map(key).collect();
            got.sort();
            want.sort();
            assert_eq!(got, want);
            assert_eq!(report.violations.len(), want.len());
        }
    }

    #[test]
    fn violations_arrive_as_soon_as_they_are_certain() {
        let linter = call_level_linter();
        let mut session = linter.session();
        let rules = |vs: Vec<Violation>| vs.into_iter().map(|v| v.rule).collect::<Vec<_>>();
        // A banned word: at once. The greeting is incomplete, but a second agent turn may
        // still complete it.
        assert_eq!(
            rules(session.push(Turn::new(Speaker::Agent, "喂,您好").with_times(0.0, 1.0))),
            ["banned.wei", "tone.shared"]
        );
        // The customer apologises: the answer may still come in the next turn.
        assert!(session
            .push(Turn::new(Speaker::Customer, "不好意思,我说错了").with_times(1.5, 3.0))
            .is_empty());
        // The next agent turn does not answer it, but the agent's reply may go on in another
        // turn; the greeting's scope (two agent turns) is complete.
        let now =
            rules(session.push(Turn::new(Speaker::Agent, "嗯,您接着说").with_times(3.5, 5.0)));
        assert_eq!(now, ["greeting.three-part"]);
        // The customer speaks: the agent's reply is over, and the apology's window closes.
        let now = rules(session.push(Turn::new(Speaker::Customer, "好的").with_times(5.5, 6.0)));
        assert_eq!(now, ["response.apology"]);
        // The closing is only known at the end.
        let (rest, report) = session.finish();
        assert_eq!(rules(rest), ["closing.standard"]);
        // 喂 1 + tone.shared 1 + greeting 2 + apology 1 + closing 2.
        assert_eq!(report.score, 93);
    }

    #[test]
    fn fixing_applies_safe_rewrites_and_is_idempotent() {
        let pack = Pack::from_toml(
            "honorific.toml",
            "[pack]\nid = \"h\"\n[[rules]]\nid = \"honorific.ni\"\ncategory = \"honorific\"\nmessage = \"用您\"\nphrases = [\"你\", \"你好\"]\nrewrite = { \"你\" = \"您\", \"你好\" = \"您好\" }\nfix = \"safe\"\n[[rules]]\nid = \"banned.dont-know\"\ncategory = \"banned\"\nmessage = \"m\"\nphrases = [\"不知道\"]\nrewrite = \"需要帮您查询一下\"\n",
        )
        .unwrap();
        let linter = Linter::new([pack]).unwrap();
        let once = linter.fix_text("你好,你的问题我不知道", FixMode::Safe);
        assert_eq!(once, "您好,您的问题我不知道");
        assert_eq!(linter.fix_text(&once, FixMode::Safe), once);
        let all = linter.fix_text("你好,你的问题我不知道", FixMode::Unsafe);
        assert_eq!(all, "您好,您的问题我需要帮您查询一下");
        assert!(linter
            .check_text(&all)
            .violations
            .iter()
            .all(|v| v.fix.is_none()));
    }

    /// The one fix loop over a whole source: the same rewrite lands JSON-escaped in a JSON
    /// Lines export and as written in plain text, only agent turns change, and a second run
    /// changes nothing.
    #[test]
    fn fixing_a_source_escapes_for_its_format_and_is_idempotent() {
        let pack = Pack::from_toml(
            "quote.toml",
            r#"
[pack]
id = "q"

[[rules]]
id = "banned.wei"
category = "banned"
message = "禁用语「喂」"
phrases = ["喂"]
rewrite = "您好(请说\"您好\")"
fix = "safe"
"#,
        )
        .unwrap();
        let linter = Linter::new([pack]).unwrap();
        let options = ParseOptions::default();
        let jsonl = concat!(
            r#"{"id":"c1","turns":[{"speaker":"customer","text":"喂,在吗"},{"speaker":"agent","text":"喂,请讲"}]}"#,
            "\n"
        );
        let fix = linter
            .fix_source(jsonl, SourceFormat::JsonLines, &options, FixMode::Safe)
            .unwrap();
        let fixed = fix.fixed.unwrap();
        assert_eq!(fix.applied, 1);
        assert_eq!(fix.rules, [("banned.wei".to_owned(), 1)]);
        assert!(
            fixed.contains(r#""text":"您好(请说\"您好\"),请讲""#),
            "{fixed}"
        );
        // The customer's 喂 is context, not the agent's words.
        assert!(fixed.contains("喂,在吗"));
        let reparsed = parse(&fixed, SourceFormat::JsonLines, &options);
        assert!(reparsed.errors.is_empty());
        assert_eq!(reparsed.calls[0].turns[1].text, "您好(请说\"您好\"),请讲");
        let again = linter
            .fix_source(&fixed, SourceFormat::JsonLines, &options, FixMode::Safe)
            .unwrap();
        assert_eq!((again.fixed, again.applied), (None, 0));

        let text = "客户:喂,在吗\r\n客服:喂,请讲 # 开场\r\n";
        let fixed = linter
            .fix_source(text, SourceFormat::Text, &options, FixMode::Safe)
            .unwrap()
            .fixed
            .unwrap();
        assert_eq!(
            fixed,
            "客户:喂,在吗\r\n客服:您好(请说\"您好\"),请讲 # 开场\r\n"
        );
    }
}
