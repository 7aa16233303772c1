//! Call-level rule kinds on whole calls written like real ones.

use crate::transcript::{parse, ParseOptions, SourceFormat};
use crate::{CallReport, Linter, Pack};

const PACK: &str = r#"
[pack]
id = "calls"

[[rules]]
id = "greeting.three-part"
category = "greeting"
message = "开头语不完整"
require = { scope = "first", turns = 2, groups = [["您好"], ["欢迎致电", "工号", "客服代表"], ["很高兴为您服务", "为您服务"], ["请问有什么可以帮", "请问您需要什么帮助"]], wording = "您好,欢迎致电XX客户服务热线,客服代表YYY很高兴为您服务,请问有什么可以帮您?" }

[[rules]]
id = "closing.standard"
category = "closing"
message = "结束语不完整"
[rules.require]
scope = "last"
turns = 2
groups = [["还有什么", "还有其他"], ["感谢您的来电", "谢谢您的来电", "感谢您的耐心"], ["再见"]]
alternatives = [[["您的电话没有声音"], ["再见"]]]
wording = "请问还有什么可以帮您吗?感谢您的来电,再见!"

[[rules]]
id = "response.apology"
category = "response"
message = "客户致歉时应回应「没关系」"
help = "应说:「没关系,请不必介意。」"
when = { speaker = "customer", phrases = ["不好意思", "对不起", "抱歉"] }
expect = { speaker = "agent", phrases = ["没关系", "不必介意", "不要紧"], within_turns = 1 }

[[rules]]
id = "response.surname"
category = "honorific"
message = "已知客户姓氏,应以「X先生/女士」称呼"
when = { speaker = "customer", regex = ['(?:我|免贵)姓(?P<surname>\p{Han})'] }
expect = { speaker = "agent", phrases = ["{surname}先生", "{surname}女士", "{surname}小姐"] }

[[rules]]
id = "response.announce-silence"
category = "response"
message = "长时间静默前应先请客户稍等"
when = { silence_over = 5.0 }
expect = { speaker = "agent", phrases = ["请您稍等", "请稍等"], direction = "before", within_turns = 2 }

[[rules]]
id = "filler.jiushishuo"
category = "filler"
severity = "info"
message = "口头禅「就是说」"
phrases = ["就是说"]
count = { more_than = 1, per = "turn" }

[[rules]]
id = "filler.ranhou"
category = "filler"
severity = "info"
message = "口头禅「然后」过多"
phrases = ["然后"]
count = { more_than = 2, per = "call" }
max_points = 1

[[rules]]
id = "filler.zhege"
category = "filler"
severity = "info"
message = "口头禅「这个这个」"
phrases = ["这个"]
count = { repeated = true }
rewrite = "这个"

[[rules]]
id = "tone.rhetorical-bushi"
category = "tone"
message = "反问语气"
phrases = ["不是"]
all = [{ regex = ["吗[?？]?"] }]
not = [{ phrases = ["是不是"] }]
near = 8

[[rules]]
id = "honorific.ni"
category = "honorific"
message = "应使用敬语「您」"
phrases = ["你", "你好"]
rewrite = { "你" = "您", "你好" = "您好" }
fix = "safe"

[[rules]]
id = "banned.abuse"
category = "banned"
severity = "error"
points = 10
fatal = true
message = "辱骂客户(一票否决)"
phrases = ["滚"]

[[rules]]
id = "timing.silence"
category = "timing"
message = "静默过长"
timing = { check = "silence", over = 5.0, announced_by = ["请您稍等", "请稍等"] }

[[rules]]
id = "timing.hold"
category = "timing"
message = "等待过长,应改为回电"
timing = { check = "hold", over = 30.0, announced_by = ["请您稍等", "请稍等"] }

[[rules]]
id = "timing.speech-rate"
category = "timing"
message = "语速过快"
timing = { check = "speech-rate", over = 6.0, min_seconds = 2.0 }

[[rules]]
id = "timing.overlap"
category = "timing"
message = "抢话"
timing = { check = "overlap", over = 0.5 }
"#;

fn linter() -> Linter {
    Linter::new([Pack::from_toml("calls.toml", PACK).unwrap()]).unwrap()
}

fn check(source: &str) -> CallReport {
    let parsed = parse(source, SourceFormat::Text, &ParseOptions::default());
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    linter().check(&parsed.calls[0])
}

fn fired<'a>(report: &'a CallReport, rule: &str) -> Vec<&'a crate::Violation> {
    report
        .violations
        .iter()
        .filter(|v| v.rule == rule)
        .collect()
}

const GOOD_CALL: &str = "\
[00:00.0-00:08.0] 客服:您好,欢迎致电XX客户服务热线,工号1022很高兴为您服务,请问有什么可以帮您?
[00:08.5-00:11.0] 客户:我想查一下话费,我姓王。
[00:11.5-00:15.0] 客服:好的王先生,请您稍等,我帮您查一下。
[00:20.0-00:25.0] 客服:感谢您的耐心等待,您本月话费是八十八元。
[00:25.5-00:27.0] 客户:不好意思,我记错了。
[00:27.5-00:30.0] 客服:没关系,请问还有什么可以帮您吗?
[00:30.5-00:31.5] 客户:没有了。
[00:32.0-00:34.0] 客服:感谢您的来电,再见!
";

#[test]
fn a_compliant_call_raises_nothing() {
    let report = check(GOOD_CALL);
    let found: Vec<(&str, &str)> = report
        .violations
        .iter()
        .map(|v| (v.rule.as_str(), v.message.as_str()))
        .collect();
    assert_eq!(found, vec![]);
    assert_eq!(report.score, 100);
    assert!(report.passed);
}

#[test]
fn greeting_missing_parts_are_named_with_the_full_wording() {
    let report = check("客服:喂,你说吧。\n客户:我宽带断了\n客服:好的,我帮您查一下。\n");
    let v = fired(&report, "greeting.three-part");
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].turn, 0);
    assert_eq!(
        v[0].message,
        "开头语不完整(缺少「您好」「欢迎致电」「很高兴为您服务」「请问有什么可以帮」)"
    );
    assert_eq!(v[0].matched, "喂,你说吧。");
    assert!(v[0]
        .suggestion
        .as_deref()
        .unwrap()
        .starts_with("您好,欢迎致电"));
    assert_eq!(v[0].fix, None);
}

#[test]
fn greeting_parts_must_come_in_order() {
    let report = check("客服:请问有什么可以帮您?您好,工号1001很高兴为您服务。\n");
    let v = fired(&report, "greeting.three-part");
    assert_eq!(v.len(), 1);
    assert!(v[0].message.contains("「请问有什么可以帮」"));
    assert!(!v[0].message.contains("「您好」"));
}

#[test]
fn greeting_may_span_the_first_two_agent_turns() {
    let report = check("客服:您好,工号1001很高兴为您服务。\n客户:你好\n客服:请问有什么可以帮您?\n");
    assert!(fired(&report, "greeting.three-part").is_empty());
}

#[test]
fn closing_is_checked_at_the_last_agent_turn_and_accepts_alternatives() {
    let report =
        check("客服:您好,工号1001很高兴为您服务,请问有什么可以帮您?\n客户:没事了\n客服:好的。\n");
    let v = fired(&report, "closing.standard");
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].turn, 2);
    assert_eq!(
        v[0].suggestion.as_deref(),
        Some("请问还有什么可以帮您吗?感谢您的来电,再见!")
    );

    let silent = check("客服:您好,工号1001很高兴为您服务,请问有什么可以帮您?\n客服:对不起,您的电话没有声音,请您换一部电话再次打来,好吗?再见!\n");
    assert!(fired(&silent, "closing.standard").is_empty());
}

#[test]
fn apology_needs_an_answer_in_the_next_reply() {
    // The agent's two consecutive turns are one reply: 没关系 in its second part answers.
    let report = check("客户:不好意思,我记错了。\n客服:我再说一遍。\n客服:没关系。\n");
    assert!(fired(&report, "response.apology").is_empty());
    // The customer speaking in between ends the first reply; the second comes too late.
    let report = check("客户:不好意思,我记错了。\n客服:我再说一遍。\n客户:嗯。\n客服:没关系。\n");
    let v = fired(&report, "response.apology");
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].turn, 0);
    assert_eq!(v[0].matched, "不好意思");
    assert_eq!(v[0].speaker, crate::Speaker::Customer);
}

#[test]
fn a_trigger_at_the_end_of_the_call_is_reported() {
    let report = check("客服:您好\n客户:抱歉,打错了。\n");
    assert_eq!(fired(&report, "response.apology").len(), 1);
}

#[test]
fn the_customers_surname_must_be_used() {
    let report =
        check("客户:我姓李,手机号是一三八。\n客服:好的,先生,请您稍等。\n客服:感谢等待。\n");
    let v = fired(&report, "response.surname");
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].matched, "我姓李");

    let ok = check("客户:免贵姓李。\n客服:好的,李女士,请您稍等。\n");
    assert!(fired(&ok, "response.surname").is_empty());
}

#[test]
fn a_silence_must_be_announced_before_it() {
    let unannounced = "\
[00:00.0-00:03.0] 客户:帮我查一下套餐。
[00:03.5-00:05.0] 客服:好的。
[00:15.0-00:18.0] 客服:查到了,您的套餐是五十八元。
";
    let report = check(unannounced);
    let v = fired(&report, "response.announce-silence");
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].turn, 2);
    let silence = fired(&report, "timing.silence");
    assert_eq!(silence.len(), 1);
    assert_eq!(silence[0].message, "静默过长(静默 10.0 秒)");

    let report = check(GOOD_CALL);
    assert!(fired(&report, "response.announce-silence").is_empty());
    assert!(fired(&report, "timing.silence").is_empty());
}

#[test]
fn a_long_hold_is_reported_even_when_announced() {
    let report = check("[00:00.0-00:03.0] 客服:请您稍等,我帮您查一下。\n[00:45.0-00:48.0] 客服:感谢您的耐心等待。\n");
    let v = fired(&report, "timing.hold");
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].message, "等待过长,应改为回电(等待 42.0 秒)");
    assert!(fired(&report, "timing.silence").is_empty());
}

#[test]
fn speech_rate_and_overlap() {
    let report = check(
        "\
[00:00.0-00:02.0] 客服:您好欢迎致电客户服务热线工号一零二二很高兴为您服务请问有什么可以帮您
[00:02.5-00:06.0] 客户:我想问一下我的宽带为什么一直断线
[00:05.0-00:08.0] 客服:您先重启一下光猫。
",
    );
    let rate = fired(&report, "timing.speech-rate");
    assert_eq!(rate.len(), 1);
    assert_eq!(rate[0].turn, 0);
    assert!(rate[0].message.contains("字/秒"));
    let overlap = fired(&report, "timing.overlap");
    assert_eq!(overlap.len(), 1);
    assert_eq!(overlap[0].turn, 2);
    assert_eq!(overlap[0].message, "抢话(抢话 1.0 秒)");
}

#[test]
fn timing_rules_ignore_calls_without_times() {
    let report = check("客服:请您稍等。\n客服:感谢您的耐心等待。\n");
    assert!(report
        .violations
        .iter()
        .all(|v| !v.rule.starts_with("timing.")));
}

#[test]
fn counting_per_turn_per_call_and_repeats() {
    let report = check("客服:就是说,这个套餐就是说比较划算。\n客服:然后您登录,然后点充值。\n客服:然后就好了,这个这个很简单。\n");
    let v = fired(&report, "filler.jiushishuo");
    assert_eq!(v.len(), 1);
    assert!(v[0].message.ends_with("(本句出现 2 次)"));
    let v = fired(&report, "filler.ranhou");
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].turn, 2);
    assert!(v[0].message.ends_with("(本通话出现 3 次)"));
    let v = fired(&report, "filler.zhege");
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].matched, "这个这个");
    assert_eq!(v[0].suggestion.as_deref(), Some("这个"));
}

#[test]
fn composition_needs_all_conditions_near_and_none_of_the_nots() {
    let report = check("客服:这不是刚跟您说过的吗?\n");
    assert_eq!(fired(&report, "tone.rhetorical-bushi").len(), 1);
    // No question particle: a plain statement.
    let report = check("客服:这不是我们的产品,我帮您转接厂家。\n");
    assert!(fired(&report, "tone.rhetorical-bushi").is_empty());
    // 是不是 is a neutral question.
    let report = check("客服:您看是不是这个意思吗?\n");
    assert!(fired(&report, "tone.rhetorical-bushi").is_empty());
    // The particle is too far from 不是.
    let report = check("客服:不是所有套餐都支持,我帮您查一下您现在的套餐支持这个功能吗?\n");
    assert!(fired(&report, "tone.rhetorical-bushi").is_empty());
}

#[test]
fn honorific_on_word_boundaries() {
    let report = check("客服:你好,你的宽带已经修好了,你们小区今天有检修,迷你路由器也可以用。\n");
    let v = fired(&report, "honorific.ni");
    let matched: Vec<&str> = v.iter().map(|v| v.matched.as_str()).collect();
    assert_eq!(matched, ["你好", "你"]);
    assert_eq!(v[0].suggestion.as_deref(), Some("您好"));
    assert_eq!(v[1].suggestion.as_deref(), Some("您"));
}

#[test]
fn caps_fatal_rules_and_pass_mark() {
    // ranhou fires once (1 point, capped at 1); the greeting and closing are fine.
    let report = check("客服:您好,工号1001很高兴为您服务,请问有什么可以帮您?\n客服:然后然后然后然后。\n客服:请问还有什么可以帮您?感谢您的来电,再见!\n");
    assert_eq!(fired(&report, "filler.ranhou").len(), 1);
    assert_eq!(report.score, 99);
    assert!(report.passed);

    let report = check("客服:您好,工号1001很高兴为您服务,请问有什么可以帮您?\n客服:滚!\n客服:请问还有什么可以帮您?感谢您的来电,再见!\n");
    assert_eq!(report.score, 0);
    assert!(!report.passed);

    let strict = Linter::builder()
        .pack(Pack::from_toml("calls.toml", PACK).unwrap())
        .pass_mark(100)
        .build()
        .unwrap();
    let parsed = parse(
        "客服:你好,工号1001很高兴为您服务,请问有什么可以帮您?\n",
        SourceFormat::Text,
        &ParseOptions::default(),
    );
    let report = strict.check(&parsed.calls[0]);
    assert!(report.score < 100);
    assert!(!report.passed);
}

#[test]
fn overrides_change_points_and_thresholds() {
    use crate::RuleOverride;
    let linter = Linter::builder()
        .pack(Pack::from_toml("calls.toml", PACK).unwrap())
        .override_rule(
            "timing.silence",
            RuleOverride {
                threshold: Some(20.0),
                ..Default::default()
            },
        )
        .build()
        .unwrap();
    let parsed = parse(
        "[00:00.0-00:03.0] 客服:好的。\n[00:15.0-00:18.0] 客服:查到了。\n",
        SourceFormat::Text,
        &ParseOptions::default(),
    );
    let report = linter.check(&parsed.calls[0]);
    assert!(fired(&report, "timing.silence").is_empty());

    let err = Linter::builder()
        .pack(Pack::from_toml("calls.toml", PACK).unwrap())
        .override_rule("banned.nope", RuleOverride::default())
        .build()
        .unwrap_err();
    assert_eq!(err, crate::LinterError::UnknownRule("banned.nope".into()));
}

#[test]
fn repeats_are_runs_of_the_same_words_with_only_pauses_between() {
    const REPEATS: &str = r#"
[pack]
id = "repeats"

[[rules]]
id = "tone.repeat"
category = "tone"
message = "重复"
boundary = false
phrases = ["好的", "……", "嗯"]
count = { repeated = true }
not = [{ phrases = ["不用了"] }]
"#;
    let linter = Linter::new([Pack::from_toml("repeats.toml", REPEATS).unwrap()]).unwrap();
    let matched = |text: &str| -> Vec<String> {
        let source = format!("客服:{text}\n");
        let parsed = parse(&source, SourceFormat::Text, &ParseOptions::default());
        linter
            .check(&parsed.calls[0])
            .violations
            .iter()
            .filter(|v| v.rule == "tone.repeat")
            .map(|v| v.matched.clone())
            .collect()
    };
    assert_eq!(matched("好的,好的,我来办理。"), ["好的,好的"]);
    assert_eq!(matched("好的好的好的"), ["好的好的好的"]);
    // A hit of another phrase between the copies breaks the run, even one of pauses only.
    assert!(matched("好的……好的").is_empty());
    assert!(matched("好的,嗯,好的").is_empty());
    assert_eq!(matched("嗯,好的……好的,好的"), ["好的,好的"]);
    // Far apart: not a run.
    assert!(matched("好的,我看一下,好的").is_empty());
    // The `not` condition still applies to hits that do repeat.
    assert!(matched("好的,好的,不用了").is_empty());
}

/// The built-in packs on calls as they really go: replies in several posts, calls that end
/// before a reply, speech-recognition transcripts.
mod dialogue {
    use crate::transcript::{parse, ParseOptions, SourceFormat};
    use crate::{CallReport, Linter, Outcome, Violation};

    fn check(source: &str) -> CallReport {
        let parsed = parse(source, SourceFormat::Text, &ParseOptions::default());
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        Linter::with_builtin_packs().check(&parsed.calls[0])
    }

    fn fired<'a>(report: &'a CallReport, rule: &str) -> Vec<&'a Violation> {
        report
            .violations
            .iter()
            .filter(|v| v.rule == rule)
            .collect()
    }

    #[test]
    fn a_complaint_answered_in_two_posts_or_after_two_customer_posts_is_answered() {
        let two_posts = check("客户:你们这是什么服务态度,我要投诉!\n客服:非常抱歉给您带来不便,\n客服:您反映的问题我已记录,会尽快核实处理。\n");
        assert!(fired(&two_posts, "response.complaint").is_empty());
        let after_two = check("客户:我要投诉,你们乱扣费。\n客户:一个月扣了三次,态度还这么差!\n客服:明白您的心情,敬请谅解,我马上帮您查询扣费明细。\n");
        assert!(fired(&after_two, "response.complaint").is_empty());
        let apology_next =
            check("客户:你们客服态度太差了。\n客服:对不起,给您添麻烦了,请问具体是哪位客服?\n");
        assert!(fired(&apology_next, "response.complaint").is_empty());
        let wrong = check("客户:我要投诉,你们乱扣费。\n客服:我帮您查一下扣费情况。\n");
        let v = fired(&wrong, "response.complaint");
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].outcome, None);
    }

    #[test]
    fn no_reply_before_the_call_ends_is_its_own_finding() {
        let report = check("客服:您好,请问有什么可以帮您?\n客户:乱扣我话费,我要投诉你!\n");
        let v = fired(&report, "response.complaint");
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].outcome, Some(Outcome::NoReply));
        assert_eq!(v[0].message, "客户投诉后通话结束,坐席未回应");
        // A rule that skips it: the customer's apology at the very end asks nothing more.
        let report = check("客服:好的,已经帮您改好了。\n客户:不好意思,我刚才记错了。\n");
        assert!(fired(&report, "response.apology").is_empty());
    }

    #[test]
    fn a_hold_is_the_agents_own_lookup_followed_by_a_return() {
        let hold = check(
            "客服:好的,请您稍等,我帮您查一下。\n客户:好的。\n客服:您本月的话费是八十八元。\n",
        );
        assert_eq!(fired(&hold, "response.hold-thanks").len(), 1);
        let thanked = check(
            "客服:我帮您核实一下,请稍等。\n客户:嗯。\n客服:感谢您的耐心等待,已经核实好了。\n",
        );
        assert!(fired(&thanked, "response.hold-thanks").is_empty());
        let call_back = check(
            "客服:麻烦您稍等,有结果后会尽快与您联系。\n客户:好的。\n客服:请问还有什么可以帮您?\n",
        );
        assert!(fired(&call_back, "response.hold-thanks").is_empty());
        let no_return = check("客服:好的,请您稍等,我帮您查一下。\n客户:好的。\n");
        assert!(fired(&no_return, "response.hold-thanks").is_empty());
    }

    #[test]
    fn a_full_name_gives_the_surname() {
        let report = check("客户:我叫孟凡强,手机号一三九。\n客服:好的,先生,我帮您查一下。\n");
        let v = fired(&report, "response.surname");
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].matched, "我叫孟凡强,");
        let report = check("客户:我叫孟凡强。\n客服:好的,孟先生,我帮您查一下。\n");
        assert!(fired(&report, "response.surname").is_empty());
    }

    #[test]
    fn a_closing_cut_by_recognition_counts_and_is_listed_for_review() {
        let report = check("客服:您好,工号1001很高兴为您服务,请问有什么可以帮您?\n客户:查一下话费。\n客服:您的话费是八十八元,请问还有其他问题吗?\n客户:没有了。\n客服:好的感谢_见\n");
        assert!(fired(&report, "closing.standard").is_empty());
        let review: Vec<_> = report
            .review
            .iter()
            .filter(|v| v.rule == "closing.standard")
            .collect();
        assert_eq!(review.len(), 1);
        assert_eq!(review[0].outcome, Some(Outcome::Approximate));
        assert_eq!(review[0].matched, "_见");
        assert_eq!(report.score, 100);
        // 意见 is no 再见.
        let report = check("客服:请问还有其他问题吗?感谢您的意见\n");
        assert_eq!(fired(&report, "closing.standard").len(), 1);
        assert!(report.review.is_empty());
    }

    #[test]
    fn spoken_transcripts_self_repairs_particles_and_hesitations() {
        let report = check("客服:你您好_你…您稍等,我帮您看一下哈_好的\n");
        assert!(fired(&report, "honorific.ni").is_empty());
        assert_eq!(fired(&report, "filler.particle").len(), 1);
        let report = check("客服:你的宽带已经修好了\n");
        assert_eq!(fired(&report, "honorific.ni").len(), 1);
        // 啦 before [UNK] ends a sentence.
        let report = check("客服:已经给您办好啦[UNK]请问还有什么可以帮您\n");
        assert_eq!(fired(&report, "filler.particle")[0].matched, "啦");
        // Four mid-sentence hesitations in a call are reported once; three are not.
        let four = check("客服:这个嗯套餐啊是五十八元\n客户:哦\n客服:然后嗯流量啊是二十个G\n");
        assert_eq!(fired(&four, "filler.hesitation").len(), 1);
        let three = check("客服:这个嗯套餐啊是五十八元\n客户:哦\n客服:然后嗯流量是二十个G\n");
        assert!(fired(&three, "filler.hesitation").is_empty());
    }
}
