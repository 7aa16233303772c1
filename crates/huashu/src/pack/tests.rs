//! Strict loading: every mistake is an error at its line and column.

use super::*;

const HEADER: &str = "[pack]\nid = \"test\"\n\n";

fn problems(body: &str) -> Vec<(usize, usize, String, Option<String>)> {
    let source = format!("{HEADER}{body}");
    let err = Pack::from_toml("test.toml", &source).expect_err("the pack should be rejected");
    assert_eq!(err.pack_name(), "test.toml");
    err.problems()
        .into_iter()
        .map(|p| {
            (
                p.line(),
                p.column(),
                p.message().to_owned(),
                p.help().map(str::to_owned),
            )
        })
        .collect()
}

#[test]
fn a_valid_rule_loads_with_defaults() {
    let pack = Pack::from_toml(
        "ok.toml",
        &format!("{HEADER}[[rules]]\nid = \"banned.wei\"\ncategory = \"banned\"\nmessage = \"禁用语\"\nphrases = [\"喂\", {{ text = \"喂喂\", boundary = false }}]\nrewrite = \"您好\"\n"),
    )
    .unwrap();
    let rule = &pack.rules[0];
    assert_eq!(rule.severity, Severity::Warning);
    assert_eq!(rule.points, 1);
    assert_eq!(rule.speaker, SpeakerScope::Agent);
    assert_eq!(rule.fix, Some(Fix::Suggest));
    assert_eq!(rule.pack, "test");
    let RuleKind::Phrase(p) = &rule.kind else {
        panic!("a phrase rule")
    };
    assert_eq!(
        p.phrases,
        vec![
            Phrase {
                text: "喂".into(),
                boundary: true
            },
            Phrase {
                text: "喂喂".into(),
                boundary: false
            }
        ]
    );
}

#[test]
fn unknown_field_points_at_the_key() {
    let found = problems(
        "[[rules]]\nid = \"banned.a\"\ncategory = \"banned\"\nmessage = \"m\"\nphrase = [\"喂\"]\n",
    );
    assert_eq!(found.len(), 1);
    let (line, column, message, help) = &found[0];
    assert_eq!((*line, *column), (8, 1));
    assert!(message.contains("unknown field `phrase`"), "{message}");
    assert!(
        message.contains("`phrases`"),
        "lists what is allowed: {message}"
    );
    assert!(help.is_some());
}

#[test]
fn unknown_category_lists_the_allowed_ones() {
    let found = problems(
        "[[rules]]\nid = \"banned.a\"\ncategory = \"rude\"\nmessage = \"m\"\nphrases = [\"喂\"]\n",
    );
    let (line, _, message, _) = &found[0];
    assert_eq!(*line, 6);
    assert!(message.contains("unknown variant `rude`"), "{message}");
    assert!(
        message.contains("`banned`") && message.contains("`timing`"),
        "{message}"
    );
}

#[test]
fn duplicate_ids_empty_phrases_and_bad_regexes_are_all_reported() {
    let found = problems(concat!(
        "[[rules]]\nid = \"banned.a\"\ncategory = \"banned\"\nmessage = \"m\"\nphrases = [\"喂\"]\n\n",
        "[[rules]]\nid = \"banned.a\"\ncategory = \"banned\"\nmessage = \"m\"\nphrases = [\"\"]\nregex = [\"你(去\"]\n",
    ));
    let messages: Vec<&str> = found.iter().map(|p| p.2.as_str()).collect();
    assert_eq!(
        messages,
        [
            "duplicate rule id `banned.a`",
            "empty phrase",
            "invalid regex `你(去`"
        ]
    );
    assert_eq!((found[0].0, found[0].1), (11, 6));
    assert!(found[0].3.as_deref().unwrap().contains("line 5"));
    assert_eq!(found[1].0, 14);
    assert_eq!(found[2].0, 15);
    assert!(found[2].3.as_deref().unwrap().contains("unclosed group"));
}

#[test]
fn a_rule_that_matches_nothing_is_an_error() {
    let found = problems("[[rules]]\nid = \"banned.a\"\ncategory = \"banned\"\nmessage = \"m\"\n");
    assert_eq!(found[0].2, "rule `banned.a` matches nothing");
}

#[test]
fn unless_must_contain_a_phrase() {
    let found = problems("[[rules]]\nid = \"banned.a\"\ncategory = \"banned\"\nmessage = \"m\"\nphrases = [\"什么\"]\nunless = [\"请问有啥可以帮您\"]\n");
    assert!(found[0].2.contains("contains none of the rule's phrases"));
}

#[test]
fn rewrite_keys_must_be_phrases_and_fix_needs_a_rewrite() {
    let found = problems("[[rules]]\nid = \"banned.a\"\ncategory = \"banned\"\nmessage = \"m\"\nphrases = [\"我没办法\"]\nrewrite = { \"没办法\" = \"我尽力\" }\n\n[[rules]]\nid = \"banned.b\"\ncategory = \"banned\"\nmessage = \"m\"\nphrases = [\"喂\"]\nfix = \"safe\"\n");
    assert!(found[0].2.contains("not a phrase or regex of this rule"));
    assert_eq!(found[0].0, 9);
    assert!(found[1].2.contains("sets `fix` but has no `rewrite`"));
}

#[test]
fn ids_and_points_are_checked() {
    let found = problems("[[rules]]\nid = \"Banned A\"\ncategory = \"banned\"\nmessage = \"m\"\npoints = 500\nphrases = [\"喂\"]\n");
    assert_eq!(found[0].2, "invalid rule id `Banned A`");
    assert_eq!(found[1].2, "points must be between 0 and 100, not 500");
}

#[test]
fn regexes_matching_nothing_in_particular_are_rejected() {
    let found = problems(
        "[[rules]]\nid = \"banned.a\"\ncategory = \"banned\"\nmessage = \"m\"\nregex = [\"啊*\"]\n",
    );
    assert!(found[0].2.contains("matches the empty string"));
}

#[test]
fn toml_syntax_errors_have_positions() {
    let err = Pack::from_toml("broken.toml", "[pack]\nid = \"x\"\n[[rules]\n").unwrap_err();
    let p = &err.problems()[0];
    assert_eq!(p.line(), 3);
}

#[test]
fn a_missing_pack_header_says_what_to_add() {
    let err = Pack::from_toml("empty.toml", "").unwrap_err();
    assert!(err.problems()[0].help().unwrap().contains("[pack]"));
}

#[test]
fn builtin_packs_load() {
    let packs = builtin_packs().unwrap();
    assert_eq!(packs.len(), BUILTIN_PACK_SOURCES.len());
    for pack in &packs {
        assert!(!pack.rules.is_empty());
        for rule in &pack.rules {
            assert!(rule.why.is_some(), "{} has no why", rule.id);
            assert!(rule.summary.is_some(), "{} has no summary", rule.id);
            assert!(
                rule.examples.bad.len() >= 2,
                "{} needs two bad examples",
                rule.id
            );
            assert!(
                rule.examples.good.len() >= 2,
                "{} needs two good examples",
                rule.id
            );
        }
    }
}

#[test]
fn call_level_kinds_load() {
    let pack = Pack::from_toml(
        "calls.toml",
        &format!(
            "{HEADER}{}",
            r#"[[rules]]
id = "greeting.std"
category = "greeting"
message = "开头语"
require = { scope = "first", groups = [["您好"], ["请问有什么可以帮"]], alternatives = [[["您好"]]], wording = "您好,请问有什么可以帮您?" }

[[rules]]
id = "response.surname"
category = "honorific"
message = "称呼"
when = { regex = ['我姓(?P<surname>\p{Han})'] }
expect = { phrases = ["{surname}先生"], within_turns = 3 }

[[rules]]
id = "timing.hold"
category = "timing"
message = "等待"
timing = { check = "hold", over = 30.0, announced_by = ["请稍等"] }
"#
        ),
    )
    .unwrap();
    let kinds: Vec<&str> = pack
        .rules
        .iter()
        .map(|r| match &r.kind {
            RuleKind::Required(r) => {
                assert_eq!(r.turns, 2);
                assert_eq!(r.forms.len(), 2);
                "required"
            }
            RuleKind::Response(r) => {
                assert_eq!(r.when_speaker, SpeakerScope::Customer);
                assert_eq!(r.expect_speaker, SpeakerScope::Agent);
                assert_eq!(r.within_turns, Some(3));
                "response"
            }
            RuleKind::Timing(t) => {
                assert_eq!(t.over, 30.0);
                "timing"
            }
            _ => "other",
        })
        .collect();
    assert_eq!(kinds, ["required", "response", "timing"]);
}

#[test]
fn call_level_mistakes_are_reported() {
    let found = problems(concat!(
        "[[rules]]\nid = \"greeting.a\"\ncategory = \"greeting\"\nmessage = \"m\"\nphrases = [\"您好\"]\nrequire = { scope = \"first\", groups = [[\"您好\"]] }\n\n",
        "[[rules]]\nid = \"response.a\"\ncategory = \"response\"\nmessage = \"m\"\nwhen = { phrases = [\"对不起\"] }\n\n",
        "[[rules]]\nid = \"response.b\"\ncategory = \"response\"\nmessage = \"m\"\nwhen = { phrases = [\"我姓\"] }\nexpect = { phrases = [\"{surname}先生\"] }\n\n",
        "[[rules]]\nid = \"timing.a\"\ncategory = \"timing\"\nmessage = \"m\"\ntiming = { check = \"hold\", over = 30.0 }\nrewrite = \"x\"\n",
    ));
    let messages: Vec<&str> = found.iter().map(|p| p.2.as_str()).collect();
    assert_eq!(
        messages,
        [
            "rule `greeting.a` mixes rule kinds: `phrases`/`regex`/`intent` and `require`",
            "rule `response.a` needs both `when` and `expect`",
            "unknown placeholder `{surname}`",
            "a `hold` check needs `announced_by` phrases",
            "`rewrite` only applies to phrase rules, and `timing.a` is a call-level rule",
        ]
    );
}
