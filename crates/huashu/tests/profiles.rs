//! Channel profiles (inbound, outbound, written, and a pack's own), a team's extra wordings
//! (`extend_phrases`), the special endings of the closing, a silent call's pauses, and messages
//! that name the nearest greeting form.

use huashu::transcript::{parse, ParseOptions, SourceFormat};
use huashu::{CallReport, Linter, LinterError, Pack, RuleOverride};

fn builtin(profile: &str) -> Linter {
    Linter::builder()
        .packs(huashu::builtin_packs().unwrap())
        .profile(profile)
        .build()
        .unwrap()
}

fn check(linter: &Linter, transcript: &str) -> CallReport {
    let parsed = parse(transcript, SourceFormat::Text, &ParseOptions::default());
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    linter.check(&parsed.calls[0])
}

fn fired(report: &CallReport, rule: &str) -> bool {
    report.violations.iter().any(|v| v.rule == rule)
}

fn message<'a>(report: &'a CallReport, rule: &str) -> &'a str {
    &report
        .violations
        .iter()
        .find(|v| v.rule == rule)
        .unwrap_or_else(|| panic!("{rule} did not fire: {:?}", report.violations))
        .message
}

const OUTBOUND_CALL: &str = "\
客服:您好,请问是王先生吗?
客户:是我,什么事?
客服:我是XX宽带的客服代表,工号1022,这次来电是想跟您确认一下明天上门安装的时间。
客户:下午两点以后都行。
客服:好的,已经给您登记了下午两点。感谢您的接听,祝您生活愉快,再见!
";

#[test]
fn an_outbound_call_passes_greeting_and_closing_with_the_outbound_profile() {
    let report = check(&builtin("outbound"), OUTBOUND_CALL);
    assert!(
        !fired(&report, "greeting.three-part"),
        "{:?}",
        report.violations
    );
    assert!(
        !fired(&report, "closing.standard"),
        "{:?}",
        report.violations
    );
    assert_eq!(report.profile.as_ref(), "outbound");
    // The inbound profile wants the inbound closing (还有什么…) instead.
    let inbound = check(&builtin("inbound"), OUTBOUND_CALL);
    assert!(fired(&inbound, "closing.standard"));
    assert_eq!(inbound.profile.as_ref(), "inbound");
}

#[test]
fn an_outbound_opener_checked_as_inbound_is_told_what_the_outbound_greeting_lacks() {
    // 您好 · 请问是王先生吗 · 很高兴为您服务, but no 工号 or self-introduction.
    let report = check(
        &builtin("inbound"),
        "客服:您好,请问是王先生吗?\n客户:是的。\n客服:很高兴为您服务,您的套餐下月到期。\n",
    );
    let text = message(&report, "greeting.three-part");
    assert!(text.contains("外呼开头语缺少:工号/自我介绍"), "{text}");
    // A plain inbound miss keeps naming the standard form's phrases.
    let report = check(&builtin("inbound"), "客服:您好,请问有什么可以帮您?\n");
    let text = message(&report, "greeting.three-part");
    assert!(
        text.contains("缺少「欢迎致电」「很高兴为您服务」"),
        "{text}"
    );
}

#[test]
fn a_partial_outbound_greeting_names_the_missing_parts() {
    let report = check(
        &builtin("outbound"),
        "客服:您好,请问是李女士吗?\n客户:对。\n客服:您的信用卡账单已经出了。\n",
    );
    let v = report
        .violations
        .iter()
        .find(|v| v.rule == "greeting.three-part")
        .unwrap();
    assert!(v.message.starts_with("外呼开头语不完整"), "{}", v.message);
    assert!(
        v.message.contains("外呼开头语缺少:工号/自我介绍、来意"),
        "{}",
        v.message
    );
    assert!(v.suggestion.as_deref().unwrap().contains("工号"));
}

#[test]
fn written_replies_open_with_hello_and_help_and_close_with_an_offer_or_thanks() {
    let written = builtin("written");
    let thread = "\
客户:手机升级以后微信一直闪退,怎么办?
客服:您好,很高兴为您服务,请您先卸载微信后重新安装一下哦~
客户:还是不行呢
客服:好的,已经为您登记反馈给技术部门啦,如有疑问欢迎随时联系我们,祝您生活愉快!
";
    let report = check(&written, thread);
    assert!(
        !fired(&report, "greeting.three-part"),
        "{:?}",
        report.violations
    );
    assert!(
        !fired(&report, "closing.standard"),
        "{:?}",
        report.violations
    );
    // 哦 and 啦 are ordinary in written chat; by phone they are sentence-final particles.
    assert!(!fired(&report, "filler.particle"));
    let phone = check(&builtin("inbound"), thread);
    assert!(fired(&phone, "filler.particle"));
    assert!(fired(&phone, "greeting.three-part"));
    // A curt 呗 is still reported in writing.
    let curt = check(&written, "客服:您好,很高兴为您服务。那您去营业厅办呗\n");
    assert!(fired(&curt, "filler.particle"));
    // A written reply with no greeting at all is told what the written form lacks.
    let bare = check(&written, "客户:怎么退订?\n客服:发送TD到10086即可。\n");
    assert!(
        message(&bare, "greeting.three-part").contains("书面开头语缺少:问候(您好)、提供帮助"),
        "{:?}",
        bare.violations
    );
}

#[test]
fn the_written_profile_has_no_timing_rules_and_they_stay_known_to_suppressions() {
    let written = builtin("written");
    for id in [
        "timing.silence",
        "timing.hold",
        "timing.speech-rate",
        "timing.overlap",
    ] {
        assert!(written.rule(id).is_none(), "{id}");
    }
    let report = check(
        &written,
        "[00:00.0-00:03.0] 客户:我的宽带断了。\n[00:20.0-00:24.0] 客服:您好,很高兴为您服务,已为您登记。 # huashu: ignore[timing.silence]\n",
    );
    assert!(
        report
            .violations
            .iter()
            .all(|v| v.rule != "huashu.unknown-rule-in-suppression"),
        "{:?}",
        report.violations
    );
}

#[test]
fn each_prescribed_special_ending_satisfies_the_closing() {
    let inbound = builtin("inbound");
    let endings = [
        // 无声电话
        "客服:您好,请问有什么可以帮助您?\n客服:对不起,您的电话没有声音,请您换一部电话再次打来,好吗?再见!\n",
        "客服:您好,请问有什么可以帮助您?\n客服:如不咨询,请挂机。再见。\n",
        // 误拨
        "客户:是人民医院吗?\n客服:对不起,这里是XX客户服务中心,请您查证后再拨。\n",
        "客户:我找张经理。\n客服:您好,您可能拨错了号码,请您核实后再拨,再见。\n",
        // 骚扰电话
        "客户:陪我聊聊天呗。\n客服:对不起,您的要求不在我们的服务范围内,请您挂机。\n",
        // 杂音太大、声音太小
        "客户:喂?喂?\n客服:对不起,您的电话杂音太大,请您换一部电话再次打来,好吗?\n",
        "客户:……\n客服:对不起,您的声音太小了,请您换一部电话再打来好吗?再见。\n",
    ];
    for ending in endings {
        let report = check(&inbound, ending);
        assert!(
            !fired(&report, "closing.standard"),
            "{ending}: {:?}",
            report.violations
        );
    }
}

#[test]
fn the_pauses_of_a_silent_call_are_not_the_agents_silence() {
    let inbound = builtin("inbound");
    let silent = "\
[00:00.0-00:04.0] 客服:您好,请问有什么可以帮助您?
[00:09.5-00:13.0] 客服:您好,请问有什么可以帮助您?
[00:18.5-00:24.0] 客服:对不起,您的电话没有声音,请您换一部电话再次打来,好吗?再见!
";
    let report = check(&inbound, silent);
    assert!(!fired(&report, "timing.silence"), "{:?}", report.violations);
    assert!(!fired(&report, "closing.standard"));
    assert!(!fired(&report, "greeting.three-part"));
    // Once the customer has spoken, a gap after the agent's question is the agent's again.
    let spoken = "\
[00:00.0-00:04.0] 客服:您好,请问有什么可以帮助您?
[00:04.5-00:06.0] 客户:我查一下话费。
[00:06.5-00:08.0] 客服:请问有什么可以帮您查的?
[00:16.0-00:19.0] 客服:您的话费余额是三十元。
";
    assert!(fired(&check(&inbound, spoken), "timing.silence"));
}

#[test]
fn a_teams_own_greeting_is_accepted_with_extend_phrases() {
    let with = |phrases: Vec<String>| {
        Linter::builder()
            .packs(huashu::builtin_packs().unwrap())
            .override_rule(
                "greeting.three-part",
                RuleOverride {
                    extend_phrases: phrases,
                    ..Default::default()
                },
            )
            .build()
            .unwrap()
    };
    let call = "客服:您好,很高兴为您服务。\n客户:我查一下话费。\n客服:好的,请稍等。\n";
    assert!(fired(&check(&with(vec![]), call), "greeting.three-part"));
    let extended = with(vec!["您好,很高兴为您服务".into()]);
    assert!(!fired(&check(&extended, call), "greeting.three-part"));
    // For a phrase rule, extra phrases are reported.
    let banned = Linter::builder()
        .packs(huashu::builtin_packs().unwrap())
        .override_rule(
            "banned.shirking",
            RuleOverride {
                extend_phrases: vec!["这个归别的部门管".into()],
                ..Default::default()
            },
        )
        .build()
        .unwrap();
    let report = check(&banned, "客服:这个归别的部门管,您打他们电话吧。\n");
    assert!(fired(&report, "banned.shirking"), "{:?}", report.violations);
    // A response rule has nothing to extend.
    let err = Linter::builder()
        .packs(huashu::builtin_packs().unwrap())
        .override_rule(
            "response.complaint",
            RuleOverride {
                extend_phrases: vec!["x".into()],
                ..Default::default()
            },
        )
        .build()
        .unwrap_err();
    assert!(matches!(err, LinterError::NoPhrases(_)), "{err}");
}

#[test]
fn an_unknown_profile_lists_the_known_ones() {
    let err = Linter::builder()
        .packs(huashu::builtin_packs().unwrap())
        .profile("outbond")
        .build()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "unknown profile `outbond`: the known profiles are inbound, outbound, written"
    );
}

const COLLECTIONS: &str = r#"
[pack]
id = "collections"
profiles = ["collections"]

[[rules]]
id = "banned.pay-now"
category = "banned"
message = "催缴用语过激"
phrases = ["赶紧还钱"]

[rules.profiles.collections]
phrases = ["赶紧还钱", "再不还钱"]
examples = { bad = ["再不还钱就起诉你"], good = ["请您按时还款"] }

[[rules]]
id = "greeting.short"
category = "greeting"
message = "开头语不完整"
require = { scope = "first", groups = [["您好"], ["请问有什么可以帮"]] }

[rules.profiles.written]
off = true
"#;

#[test]
fn a_pack_declares_its_own_profile_and_uses_the_builtin_ones() {
    let pack = Pack::from_toml("collections.toml", COLLECTIONS).unwrap();
    assert_eq!(pack.profiles, ["collections"]);
    let linter = |profile: &str| {
        Linter::builder()
            .pack(pack.clone())
            .profile(profile)
            .build()
            .unwrap()
    };
    let call = "客服:再不还钱就起诉你。\n";
    assert!(fired(
        &check(&linter("collections"), call),
        "banned.pay-now"
    ));
    assert!(!fired(&check(&linter("inbound"), call), "banned.pay-now"));
    assert!(linter("written").rule("greeting.short").is_none());
    assert!(linter("inbound").rule("greeting.short").is_some());
    assert!(linter("collections").check_examples().is_empty());
}

#[test]
fn pack_profile_mistakes_point_at_the_profile() {
    let unknown = "[pack]\nid = \"p\"\n[[rules]]\nid = \"banned.a\"\ncategory = \"banned\"\nmessage = \"m\"\nphrases = [\"喂\"]\n[rules.profiles.writen]\noff = true\n";
    let err = Pack::from_toml("p.toml", unknown).unwrap_err();
    let problem = &err.problems()[0];
    assert_eq!(problem.message(), "unknown profile `writen`");
    assert_eq!(problem.line(), 8);
    let both = "[pack]\nid = \"p\"\n[[rules]]\nid = \"banned.a\"\ncategory = \"banned\"\nmessage = \"m\"\nphrases = [\"喂\"]\n[rules.profiles.written]\noff = true\nmessage = \"n\"\n";
    let err = Pack::from_toml("p.toml", both).unwrap_err();
    assert!(err.problems()[0]
        .message()
        .contains("turns the rule off and changes it too"));
    let kind = "[pack]\nid = \"p\"\n[[rules]]\nid = \"banned.a\"\ncategory = \"banned\"\nmessage = \"m\"\nphrases = [\"喂\"]\n[rules.profiles.written]\nrequire = { scope = \"first\", groups = [[\"您好\"]] }\n";
    let err = Pack::from_toml("p.toml", kind).unwrap_err();
    assert!(
        err.problems()[0].message().contains("mixes rule kinds"),
        "{err:?}"
    );
    let typo = "[pack]\nid = \"p\"\n[[rules]]\nid = \"banned.a\"\ncategory = \"banned\"\nmessage = \"m\"\nphrases = [\"喂\"]\n[rules.profiles.written]\nphrase = [\"嗯\"]\n";
    let err = Pack::from_toml("p.toml", typo).unwrap_err();
    assert!(
        err.problems()[0]
            .message()
            .contains("unknown field `phrase`"),
        "{err:?}"
    );
}
