//! Never silent: what huashu read from a file is what the file says, or it says what it had to
//! decide, or it reports what it could not read at its line (issue 16, "Never silent").

use std::path::Path;

use huashu::transcript::{
    parse, Labels, ParseOptions, Parsed, SourceFormat, TimeUnit, WarningKind,
};
use huashu::{CallKind, Linter, Speaker};

const A: Speaker = Speaker::Agent;
const C: Speaker = Speaker::Customer;
const TEXT: SourceFormat = SourceFormat::Text;

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/imports")
        .join(name);
    std::fs::read_to_string(path).unwrap()
}

fn text(source: &str) -> Parsed {
    parse(source, TEXT, &ParseOptions::default())
}

fn speakers(parsed: &Parsed, call: usize) -> Vec<Speaker> {
    parsed.calls[call].turns.iter().map(|t| t.speaker).collect()
}

#[test]
fn unknown_labels_are_a_transcript_not_a_script() {
    // Every labelling of the issue: the agent talks like one, so it is found; the customer's
    // 喂 and 破银行 are never charged to the agent.
    for (agent, customer) in [
        ("B", "A"),
        ("spk1", "spk0"),
        ("1", "0"),
        ("说话人1", "说话人2"),
        ("SPEAKER_01", "SPEAKER_00"),
        ("ch2", "ch1"),
    ] {
        let source = format!(
            "{customer}:喂,你们这什么破银行,我的卡又被冻结了\n\
             {agent}:您好,工号1017,很高兴为您服务,请问您是持卡人本人吗?\n\
             {customer}:是我本人\n\
             {agent}:好的,我帮您查询一下\n"
        );
        let parsed = text(&source);
        assert!(parsed.errors.is_empty(), "{agent}: {:?}", parsed.errors);
        let call = &parsed.calls[0];
        assert_eq!(call.kind, CallKind::Transcript, "{agent}");
        assert_eq!(speakers(&parsed, 0), [C, A, C, A], "{agent}");
        let [warning] = &parsed.warnings[..] else {
            panic!("{agent}: one warning: {:?}", parsed.warnings)
        };
        assert_eq!(warning.kind, WarningKind::RolesInferred);
        assert!(
            warning.message.contains(&format!("`{agent}`"))
                && warning.message.contains(&format!("`{customer}`"))
                && warning.message.contains(&format!(
                    "--label {agent}=agent --label {customer}=customer"
                )),
            "{}",
            warning.message
        );
        let report = Linter::with_builtin_packs().check(call);
        assert!(
            report.violations.iter().all(|v| v.rule != "banned.wei"),
            "{agent}: the customer's 喂"
        );
    }
}

#[test]
fn unknown_labels_per_call_and_the_fixture() {
    let parsed = text(&fixture("text_unknown_labels.txt"));
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    // The speaker numbers swap between the two calls.
    assert_eq!(speakers(&parsed, 0), [A, C, A, C, A]);
    assert_eq!(speakers(&parsed, 1), [C, A, C]);
    assert_eq!(parsed.calls[0].roles.as_ref().unwrap().agent, ["spk1"]);
    assert_eq!(parsed.calls[1].roles.as_ref().unwrap().agent, ["spk0"]);
    // The header says who took the calls.
    let info = &parsed.calls[1].info;
    assert_eq!(
        (
            info.agent.as_deref(),
            info.team.as_deref(),
            info.date.as_deref()
        ),
        (Some("1017"), Some("信用卡组"), Some("2026-11-20"))
    );
}

#[test]
fn when_the_agent_cannot_be_told_the_error_says_which_label_to_give() {
    let source = "A:你好\nB:你好\nA:我想问一下\nB:你说\n";
    let parsed = text(source);
    assert!(parsed.calls.is_empty());
    let [error] = &parsed.errors[..] else {
        panic!("one error: {:?}", parsed.errors)
    };
    assert_eq!((error.line, error.column), (1, 1));
    assert!(
        error
            .message
            .contains("cannot tell which speaker is the agent")
            && error.message.contains("--label A=agent --label B=customer"),
        "{}",
        error.message
    );
    // Given, the labels are used as given.
    let mut labels = Labels::default();
    labels.insert("A", A);
    labels.insert("B", C);
    let given = parse(source, TEXT, &ParseOptions::with_labels(labels));
    assert!(given.errors.is_empty() && given.warnings.is_empty());
    assert_eq!(speakers(&given, 0), [A, C, A, C]);
}

#[test]
fn a_script_with_colons_is_still_a_script() {
    let source = "开场白:您好,这里是XX银行信用卡中心\n核实身份:请问您是持卡人本人吗?\n结束语:感谢您的来电,再见\n";
    let parsed = text(source);
    assert_eq!(parsed.calls[0].kind, CallKind::Script);
    assert!(parsed.errors.is_empty() && parsed.warnings.is_empty());
}

#[test]
fn an_unknown_label_inside_a_labelled_file_is_reported_at_its_line() {
    let parsed = text(&fixture("text_unknown_label_inside.txt"));
    let [error] = &parsed.errors[..] else {
        panic!("one error: {:?}", parsed.errors)
    };
    assert_eq!((error.line, error.column), (2, 19));
    assert!(
        error.message.contains("`来电人`") && error.message.contains("--label 来电人=customer"),
        "{}",
        error.message
    );
    // Not glued to the agent's turn before it: the agent's turn is only the agent's words.
    let call = &parsed.calls[0];
    assert_eq!(call.turns.len(), 3);
    assert_eq!(
        call.turns[0].text,
        "您好,信用卡中心,工号1017,很高兴为您服务。"
    );
}

#[test]
fn timestamp_styles_are_read() {
    let parsed = text(&fixture("text_timestamp_styles.txt"));
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    let [wall, relative] = &parsed.calls[..] else {
        panic!("two calls")
    };
    // Wall-clock stamps: seconds from the call's first stamp; the date is the call's.
    let starts: Vec<_> = wall.turns.iter().map(|t| t.start).collect();
    assert_eq!(starts, [Some(0.0), Some(5.0), Some(14.0)]);
    assert_eq!(wall.info.date.as_deref(), Some("2026-11-20"));
    assert_eq!(wall.metadata["started_at"], "2026-11-20T21:30:01");
    assert_eq!(
        (wall.info.agent.as_deref(), wall.info.team.as_deref()),
        (Some("1022"), Some("夜班"))
    );
    // `客服(00:01):`, `客户(00:04-00:06):` and an unbracketed `00:13-00:16 客服:`.
    let times: Vec<_> = relative.turns.iter().map(|t| (t.start, t.end)).collect();
    assert_eq!(
        times,
        [
            (Some(1.0), None),
            (Some(4.0), Some(6.0)),
            (Some(13.0), Some(16.0))
        ]
    );
    assert_eq!(relative.turns[2].text, "好的,您的话费是五十八元。");
    // Start times only (the wall-clock call): said once.
    let kinds: Vec<_> = parsed.warnings.iter().map(|w| w.kind).collect();
    assert_eq!(kinds, [WarningKind::StartTimesOnly]);
    // The silence before the agent's answer is measured from the customer's start: 9 s.
    let report = Linter::with_builtin_packs().check(wall);
    assert!(report
        .violations
        .iter()
        .any(|v| v.rule == "timing.silence" && v.turn == 2));
}

#[test]
fn milliseconds_only_when_told() {
    let source = fixture("text_milliseconds.txt");
    let as_seconds = text(&source);
    assert_eq!(as_seconds.calls[0].turns[0].start, Some(1040.0));
    let [warning] = &as_seconds.warnings[..] else {
        panic!("a warning: {:?}", as_seconds.warnings)
    };
    assert_eq!(warning.kind, WarningKind::TimesLookLikeMilliseconds);
    assert!(
        warning.message.contains("--time-unit ms"),
        "{}",
        warning.message
    );
    let options = ParseOptions::default().with_time_unit(TimeUnit::Milliseconds);
    let as_ms = parse(&source, TEXT, &options);
    let times: Vec<_> = as_ms.calls[0]
        .turns
        .iter()
        .map(|t| (t.start, t.end))
        .collect();
    assert_eq!(
        times,
        [
            (Some(1.04), Some(3.718)),
            (Some(4.2), Some(6.9)),
            (Some(12.5), Some(15.8))
        ]
    );
    assert!(as_ms.warnings.is_empty());
    // Clock forms are clock times in any unit.
    let clock = parse("[00:01-00:03] 客服:您好\n", TEXT, &options);
    assert_eq!(clock.calls[0].turns[0].end, Some(3.0));
}

#[test]
fn lines_that_look_like_turns_but_cannot_be_read_are_reported() {
    let source = "\
客服:您好,请问有什么可以帮您?
2026-11-20 25:30:01 客户:时间写错了
客户(00:7x):括号里的时间写错了
[00:01-00:02] 这一行有时间没有标签
客户:我想查话费
";
    let parsed = text(source);
    let lines: Vec<_> = parsed.errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, [2, 3, 4], "{:?}", parsed.errors);
    assert!(parsed.errors[0].message.contains("invalid time range"));
    assert!(parsed.errors[2].message.contains("no speaker label"));
    let texts: Vec<_> = parsed.calls[0]
        .turns
        .iter()
        .map(|t| t.text.as_str())
        .collect();
    assert_eq!(texts, ["您好,请问有什么可以帮您?", "我想查话费"]);
    // A file of timed lines without labels is not an agent script.
    let subtitles = text("[00:01-00:03] 您好\n[00:04-00:06] 我想查话费\n");
    assert_eq!(subtitles.errors.len(), 2);
    assert!(subtitles.calls.is_empty());
}

#[test]
fn json_numeric_speakers_and_clock_times() {
    let source = r#"{"id": "n1", "turns": [
  {"speaker": 0, "text": "喂,我的快递丢了", "start": "00:00", "end": "00:02.5"},
  {"speaker": 1, "text": "您好,工号2206,很高兴为您服务", "start": "00:03", "end": "00:06"}
]}"#;
    let mut labels = Labels::default();
    labels.insert("0", C);
    labels.insert("1", A);
    let parsed = parse(
        source,
        SourceFormat::Json,
        &ParseOptions::with_labels(labels),
    );
    assert!(
        parsed.errors.is_empty() && parsed.warnings.is_empty(),
        "{:?}",
        parsed.errors
    );
    let call = &parsed.calls[0];
    assert_eq!(speakers(&parsed, 0), [C, A]);
    assert_eq!(
        (call.turns[0].start, call.turns[0].end),
        (Some(0.0), Some(2.5))
    );
    // Without a mapping, the numbers are inferred like any unknown label.
    let inferred = parse(source, SourceFormat::Json, &ParseOptions::default());
    assert_eq!(speakers(&inferred, 0), [C, A]);
    assert_eq!(inferred.warnings[0].kind, WarningKind::RolesInferred);
    // One unknown speaker for every turn cannot be told apart.
    let alone = parse(
        r#"{"turns": [{"speaker": 3, "text": "您好,工号1001"}]}"#,
        SourceFormat::Json,
        &ParseOptions::default(),
    );
    assert!(alone.calls.is_empty());
    assert!(alone.errors[0]
        .message
        .contains("does not tell agent and customer apart"));
}

#[test]
fn an_unknown_json_shape_names_what_was_looked_for() {
    let source = r#"{"Sentences2": [], "TaskId": "x"}"#;
    let parsed = parse(source, SourceFormat::Json, &ParseOptions::default());
    let message = &parsed.errors[0].message;
    for needle in [
        "no `turns`",
        "`Result.Sentences`",
        "`ResultDetail`",
        "`orderResult`",
        "`Transcript`",
        "`transcripts[].phrases`",
        "`entries`",
        "fields `Sentences2`, `TaskId`",
    ] {
        assert!(message.contains(needle), "{needle}: {message}");
    }
    // Named, a platform says what its export lacks.
    let named = parse(source, SourceFormat::TencentAsr, &ParseOptions::default());
    assert!(
        named.errors[0]
            .message
            .contains("not Tencent Cloud ASR (`ResultDetail`) export"),
        "{}",
        named.errors[0].message
    );
}

#[test]
fn input_formats_have_names() {
    for format in SourceFormat::ALL {
        assert_eq!(format.name().parse::<SourceFormat>(), Ok(*format));
    }
    let error = "wechat".parse::<SourceFormat>().unwrap_err();
    assert!(
        error.contains("alibaba") && error.contains("srt"),
        "{error}"
    );
    assert_eq!("ms".parse::<TimeUnit>(), Ok(TimeUnit::Milliseconds));
    assert!("min".parse::<TimeUnit>().is_err());
}
