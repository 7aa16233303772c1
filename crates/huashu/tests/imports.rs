//! One test per platform export (`tests/fixtures/imports/`, written for huashu from each
//! platform's documented fields): the format is told from the structure, roles come out right
//! (inferred from the greeting where the platform gives only ids), times are seconds, the
//! agent's 不知道 is found at its exact line and column in the file (inside JSON strings, and
//! inside JSON strings inside JSON strings for iFlytek), the customer's 喂 costs nothing, a
//! timing rule fires on the platform's times, and the platform's extras are kept.

use std::path::Path;
use std::sync::OnceLock;

use huashu::transcript::{parse, ParseOptions, Parsed, SourceFormat, WarningKind};
use huashu::{Call, CallReport, Linter, Speaker, Violation};

const A: Speaker = Speaker::Agent;
const C: Speaker = Speaker::Customer;

fn linter() -> &'static Linter {
    static LINTER: OnceLock<Linter> = OnceLock::new();
    LINTER.get_or_init(Linter::with_builtin_packs)
}

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/imports")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Parses a fixture as its file name says (JSON, JSON Lines, WebVTT, SRT: the platform told
/// from the structure) and as the named platform, and checks both read the same.
fn read(name: &str, format: SourceFormat) -> (String, Parsed) {
    let source = fixture(name);
    assert_eq!(SourceFormat::detect(&source), format, "{name}");
    let options = ParseOptions::default();
    let by_name = parse(&source, SourceFormat::from_path(name), &options);
    let named = parse(&source, format, &options);
    assert!(by_name.errors.is_empty(), "{name}: {:?}", by_name.errors);
    assert_eq!(by_name.calls, named.calls, "{name}");
    assert_eq!(by_name.warnings, named.warnings, "{name}");
    for call in &by_name.calls {
        for turn in &call.turns {
            assert_anchors(&source, &turn.text, turn.origin.as_ref().unwrap());
        }
    }
    (source, by_name)
}

/// Every stretch of a turn starts where the source has its first character (or the escape
/// that stands for it), at the line and column a naive count gives.
fn assert_anchors(source: &str, text: &str, origin: &huashu::Origin) {
    for anchor in origin.anchors() {
        let first = text[anchor.text..].chars().next();
        let at = source[anchor.offset..].chars().next();
        assert!(
            first.is_none() || first == at || at == Some('\\'),
            "{text:?} at {anchor:?}: {at:?}"
        );
        let before = &source[..anchor.offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = source[line_start..anchor.offset].chars().count() + 1;
        assert_eq!((anchor.line, anchor.column), (line, column), "{text:?}");
    }
}

/// The 1-based line and column of the last `needle` in `source`, counted the slow way (the
/// last: some platforms repeat the whole text in a summary field before the sentences).
fn line_column(source: &str, needle: &str) -> (usize, usize) {
    let at = source
        .rfind(needle)
        .unwrap_or_else(|| panic!("{needle} in the fixture"));
    let before = &source[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, source[line_start..at].chars().count() + 1)
}

fn speakers(call: &Call) -> Vec<Speaker> {
    call.turns.iter().map(|t| t.speaker).collect()
}

fn starts(call: &Call) -> Vec<Option<f64>> {
    call.turns
        .iter()
        .map(|t| t.start.map(|s| (s * 1000.0).round() / 1000.0))
        .collect()
}

fn find<'r>(report: &'r CallReport, rule: &str) -> Vec<&'r Violation> {
    report
        .violations
        .iter()
        .filter(|v| v.rule == rule)
        .collect()
}

/// What every fixture's call must show when checked: 不知道 at its place in the file (its
/// words verbatim there unless `verbatim` is false), no 喂 charged, and `timing` fired on
/// turn `timing_turn`.
fn check(source: &str, call: &Call, timing: &str, timing_turn: usize) -> CallReport {
    let report = linter().check(call);
    let dont_know = find(&report, "banned.dont-know");
    assert_eq!(dont_know.len(), 1, "{:#?}", report.violations);
    let v = dont_know[0];
    assert_eq!(v.speaker, A);
    let location = v.location.expect("a parsed call has locations");
    assert_eq!(
        (location.start.line, location.start.column),
        line_column(source, "不知道")
    );
    assert_eq!(
        &source[location.start.offset..location.end.offset],
        "不知道"
    );
    assert_eq!(location.start.offset, source.rfind("不知道").unwrap());
    assert_eq!(location.end.column, location.start.column + 3);
    // The customer's 喂 is the customer's.
    assert!(
        find(&report, "banned.wei").is_empty(),
        "{:#?}",
        report.violations
    );
    let fired: Vec<usize> = find(&report, timing).iter().map(|v| v.turn).collect();
    assert_eq!(fired, [timing_turn], "{timing}: {:#?}", report.violations);
    report
}

/// The warning that roles were inferred, with the `--label`s that say so.
fn assert_inferred(parsed: &Parsed, call: usize, agent: &str, customer: &str) {
    let roles = parsed.calls[call].roles.as_ref().expect("roles inferred");
    assert!(roles.inferred);
    assert_eq!(roles.agent, [agent]);
    assert_eq!(roles.customer, [customer]);
    let flags = format!("--label {agent}=agent --label {customer}=customer");
    let warning = parsed
        .warnings
        .iter()
        .filter(|w| w.kind == WarningKind::RolesInferred)
        .nth(call)
        .expect("a warning per call");
    assert!(warning.message.contains(&flags), "{}", warning.message);
    assert!(warning.message.contains("工号"), "{}", warning.message);
}

#[test]
fn alibaba_asr() {
    let (source, parsed) = read("alibaba_asr.json", SourceFormat::AlibabaAsr);
    let call = &parsed.calls[0];
    assert_eq!(call.id.as_deref(), Some("6f1c2e0a9b7d4c3e8a5f2d1b0c9e8a7f"));
    assert_eq!(speakers(call), [A, C, A, C, A, C, A]);
    assert_inferred(&parsed, 0, "1", "0");
    assert_eq!(call.turns[4].start, Some(21.5));
    assert_eq!(call.turns[4].end, Some(25.6));
    assert_eq!(call.turns[4].metadata["SpeechRate"], 278);
    assert_eq!(call.turns[4].metadata["EmotionValue"], 4.8);
    assert_eq!(call.turns[4].metadata["SilenceDuration"], 7);
    assert_eq!(call.turns[4].metadata["ChannelId"], 1);
    assert_eq!(call.metadata["BizDuration"], 32400);
    check(&source, call, "timing.silence", 4);
}

#[test]
fn alibaba_asr_legacy_snake_case_callback_reads_like_the_result() {
    let (source, parsed) = read("alibaba_asr_legacy_callback.json", SourceFormat::AlibabaAsr);
    let call = &parsed.calls[0];
    assert_eq!(call.id.as_deref(), Some("7a2d3f1b0c8e4d5f9b6a3e2c1d0f9b8a"));
    assert_eq!(speakers(call), [A, C, A, C, A, C, A]);
    assert_inferred(&parsed, 0, "1", "0");
    assert_eq!(call.turns[4].start, Some(21.5));
    assert_eq!(call.turns[4].end, Some(25.6));
    assert_eq!(
        call.turns[4].text,
        "这个断线原因我不知道,您自己重启一下光猫吧。"
    );
    assert_eq!(call.turns[4].metadata["speech_rate"], 278);
    assert_eq!(call.turns[4].metadata["emotion_value"], 4.8);
    assert_eq!(call.turns[4].metadata["silence_duration"], 7);
    assert_eq!(call.turns[4].metadata["channel_id"], 1);
    assert_eq!(call.metadata["biz_duration"], 32400);
    check(&source, call, "timing.silence", 4);
    let sniffed = parse(&source, SourceFormat::Json, &ParseOptions::default());
    assert_eq!(sniffed.calls, parsed.calls);
}

#[test]
fn alibaba_asr_diarised_speakers_swap_between_calls() {
    let (_, parsed) = read("alibaba_asr_diarised.jsonl", SourceFormat::AlibabaAsr);
    let [first, second] = &parsed.calls[..] else {
        panic!("two calls: {:?}", parsed.errors)
    };
    assert_eq!(speakers(first), [A, C, A]);
    assert_eq!(speakers(second), [C, A, C, A]);
    assert_inferred(&parsed, 0, "1", "2");
    assert_inferred(&parsed, 1, "2", "1");
    assert_eq!((second.id.as_deref(), second.line), (Some("a2"), Some(2)));
    assert_eq!(second.turns[1].metadata["SpeakerId"], "2");
    // With a mapping, the mapping wins in every call: the swap is then the user's to see.
    let mut labels = huashu::transcript::Labels::default();
    labels.insert("1", A);
    labels.insert("2", C);
    let mapped = parse(
        &fixture("alibaba_asr_diarised.jsonl"),
        SourceFormat::JsonLines,
        &ParseOptions::with_labels(labels),
    );
    assert_eq!(speakers(&mapped.calls[1]), [A, C, A, C]);
    assert!(mapped.calls[1].roles.is_none() && mapped.warnings.is_empty());
}

#[test]
fn a_stream_reads_platform_exports_line_by_line() {
    let source = fixture("alibaba_asr_diarised.jsonl");
    let options = ParseOptions::default();
    let mut offset = 0;
    let mut streamed = Vec::new();
    for (i, line) in source.split_inclusive('\n').enumerate() {
        streamed.extend(huashu::transcript::parse_json_line(line, i + 1, offset, &options).calls);
        offset += line.len();
    }
    assert_eq!(
        streamed,
        parse(&source, SourceFormat::JsonLines, &options).calls
    );
    let named = huashu::transcript::parse_json_line_as(
        source.lines().next().unwrap(),
        1,
        0,
        &options,
        SourceFormat::AlibabaAsr,
    );
    assert_eq!(named.calls[0], streamed[0]);
}

#[test]
fn alibaba_sca_tickets() {
    let (source, parsed) = read("alibaba_sca.json", SourceFormat::AlibabaSca);
    let [first, second] = &parsed.calls[..] else {
        panic!("one call per ticket")
    };
    assert_eq!(first.id.as_deref(), Some("20261120-0057"));
    assert_eq!(second.id.as_deref(), Some("20261120-0058"));
    assert_eq!(speakers(first), [A, C, A, A, C, A]);
    assert_eq!(speakers(second), [C, A]);
    // 客服 and 客户 are known labels: nothing to infer.
    assert!(first.roles.is_none() && parsed.warnings.is_empty());
    assert_eq!(starts(first)[3], Some(78.0));
    assert_eq!(first.turns[3].metadata["beginTime"], "2026-11-20 09:31:19");
    assert_eq!(first.turns[0].metadata["identity"], "3307");
    assert_eq!(first.metadata["customerServiceId"], "3307");
    // Announced with 请您稍等, then 67 s: a hold, not a silence.
    check(&source, first, "timing.hold", 3);
}

#[test]
fn dashscope_channels_make_one_call() {
    let (source, parsed) = read("dashscope.json", SourceFormat::DashScope);
    let call = &parsed.calls[0];
    // The two channels' sentences, in the order they were spoken.
    assert_eq!(speakers(call), [A, C, A, C, A, C]);
    assert_inferred(&parsed, 0, "0", "1");
    assert_eq!(
        starts(call),
        [
            Some(0.5),
            Some(7.1),
            Some(10.1),
            Some(13.6),
            Some(16.5),
            Some(22.0)
        ]
    );
    assert_eq!(call.turns[1].metadata["channel_id"], 1);
    assert_eq!(call.turns[1].metadata["sentence_id"], 1);
    assert_eq!(call.metadata["properties"]["original_sampling_rate"], 8000);
    // Thirty characters in three seconds.
    check(&source, call, "timing.speech-rate", 2);
}

#[test]
fn tencent_asr() {
    let (source, parsed) = read("tencent.json", SourceFormat::TencentAsr);
    let call = &parsed.calls[0];
    assert_eq!(call.id.as_deref(), Some("1234567890"));
    assert_eq!(speakers(call), [C, A, C, A, C, A]);
    assert_inferred(&parsed, 0, "1", "0");
    assert_eq!(
        (call.turns[3].start, call.turns[3].end),
        (Some(16.8), Some(20.9))
    );
    assert_eq!(call.turns[0].metadata["EmotionType"][0], "angry");
    assert_eq!(call.turns[3].metadata["SilenceTime"], 7.8);
    assert_eq!(call.turns[3].metadata["SpeechSpeed"], 5.1);
    assert_eq!(call.metadata["AudioDuration"], 27.3);
    check(&source, call, "timing.silence", 3);
}

#[test]
fn iflytek_words_two_strings_deep() {
    let (source, parsed) = read("iflytek.json", SourceFormat::Iflytek);
    let call = &parsed.calls[0];
    assert_eq!(call.id.as_deref(), Some("DKHJQ2026112009300001"));
    assert_eq!(speakers(call), [C, A, C, A, C, A]);
    assert_inferred(&parsed, 0, "2", "1");
    assert_eq!(
        call.turns[1].text,
        "您好,这里是安心保险客服中心,工号7719,很高兴为您服务。"
    );
    assert_eq!(call.turns[3].text, "理赔进度我不知道,您等\"通知\"吧。");
    assert_eq!(
        (call.turns[3].start, call.turns[3].end),
        (Some(17.6), Some(21.4))
    );
    assert_eq!(call.turns[3].metadata["rl"], "2");
    assert_eq!(call.metadata["orderInfo"]["status"], 4);
    let origin = call.turns[3].origin.as_ref().unwrap();
    assert_eq!(origin.string_levels(), 3);
    // Every word maps to its own place in the file, past the escaped quotes.
    let turn = &call.turns[3];
    for word in ["理赔", "进度", "通知", "吧"] {
        let pos = turn.position(turn.text.find(word).unwrap(), false).unwrap();
        assert_eq!(&source[pos.offset..pos.offset + word.len()], word, "{word}");
    }
    check(&source, call, "timing.silence", 3);
}

#[test]
fn volcengine() {
    let (source, parsed) = read("volcengine.json", SourceFormat::Volcengine);
    let call = &parsed.calls[0];
    assert_eq!(speakers(call), [C, A, C, A, C, A]);
    assert_inferred(&parsed, 0, "1", "2");
    assert_eq!(starts(call)[3], Some(16.0));
    assert_eq!(call.turns[2].metadata["additions"]["emotion"], "angry");
    assert_eq!(call.metadata["audio_info"]["duration"], 25000);
    check(&source, call, "timing.silence", 3);
}

#[test]
fn volcengine_speaker_id_in_additions_is_the_speaker() {
    // Streaming clients report the speaker as `additions.speaker_id`.
    let source = r#"{"result": {"utterances": [
{"text": "喂,我的快递三天了还没到。", "start_time": 0, "end_time": 2600, "additions": {"speaker_id": "2"}},
{"text": "您好,工号3307,我帮您查一下物流。", "start_time": 3100, "end_time": 6200, "additions": {"speaker_id": "1"}}]}}"#;
    let mut labels = huashu::transcript::Labels::default();
    labels.insert("1", A);
    labels.insert("2", C);
    let parsed = parse(
        source,
        SourceFormat::Json,
        &ParseOptions::with_labels(labels),
    );
    assert_eq!(speakers(&parsed.calls[0]), [C, A]);
    assert_eq!(
        parsed.calls[0].turns[1].metadata["additions"]["speaker_id"],
        "1"
    );
}

#[test]
fn contact_lens() {
    let (source, parsed) = read("contact_lens.json", SourceFormat::ContactLens);
    let call = &parsed.calls[0];
    assert_eq!(
        call.id.as_deref(),
        Some("8f2b6c1e-4d3a-4b5c-9e8f-0a1b2c3d4e5f")
    );
    assert_eq!(speakers(call), [A, C, A, C, A, C, A]);
    // AGENT and CUSTOMER are known labels.
    assert!(call.roles.is_none() && parsed.warnings.is_empty());
    assert_eq!(
        (call.turns[4].start, call.turns[4].end),
        (Some(22.4), Some(26.7))
    );
    assert_eq!(call.turns[1].metadata["Sentiment"], "NEGATIVE");
    assert_eq!(
        call.metadata["ConversationCharacteristics"]["Sentiment"]["OverallSentiment"]["CUSTOMER"],
        -1.4
    );
    check(&source, call, "timing.silence", 4);
}

#[test]
fn contact_lens_participant_roles() {
    // Participant ids that are not role names: their ParticipantRole decides.
    let source = r#"{"Participants": [{"ParticipantId": "p-7", "ParticipantRole": "AGENT"}, {"ParticipantId": "p-9", "ParticipantRole": "CUSTOMER"}],
"Transcript": [{"ParticipantId": "p-9", "Content": "喂,在吗", "BeginOffsetMillis": 0, "EndOffsetMillis": 900, "Sentiment": "NEUTRAL", "Id": "1"},
{"ParticipantId": "p-7", "Content": "您好,请讲", "BeginOffsetMillis": 1200, "EndOffsetMillis": 2000, "Sentiment": "NEUTRAL", "Id": "2"}]}"#;
    let parsed = parse(source, SourceFormat::Json, &ParseOptions::default());
    assert_eq!(speakers(&parsed.calls[0]), [C, A]);
    assert!(parsed.warnings.is_empty());
}

#[test]
fn genesys() {
    let (source, parsed) = read("genesys.json", SourceFormat::Genesys);
    let call = &parsed.calls[0];
    assert_eq!(
        call.id.as_deref(),
        Some("4e5f6a7b-8c9d-4e0f-a1b2-c3d4e5f6a7b8")
    );
    assert_eq!(speakers(call), [A, C, A, C, A, C, A]);
    // internal and external are Genesys' own role names: nothing to infer.
    assert!(call.roles.is_none() && parsed.warnings.is_empty());
    // Epoch milliseconds become seconds from the start of the call.
    assert_eq!(starts(call)[4], Some(19.9));
    assert_eq!(
        call.turns[4].end.map(|e| (e * 10.0).round() / 10.0),
        Some(23.8)
    );
    assert_eq!(call.turns[1].metadata["sentiment"], -0.6);
    assert_eq!(call.turns[1].metadata["participantPurpose"], "external");
    assert_eq!(call.metadata["mediaType"], "call");
    check(&source, call, "timing.silence", 4);
}

#[test]
fn ccai_insights_start_times_only() {
    let (source, parsed) = read("ccai.json", SourceFormat::CcaiInsights);
    let call = &parsed.calls[0];
    assert_eq!(speakers(call), [C, A, C, A, C, A]);
    assert_eq!(
        starts(call),
        [
            Some(0.0),
            Some(3.5),
            Some(9.0),
            Some(19.5),
            Some(25.0),
            Some(27.0)
        ]
    );
    assert!(call.turns.iter().all(|t| t.end.is_none()));
    let kinds: Vec<_> = parsed.warnings.iter().map(|w| w.kind).collect();
    assert_eq!(kinds, [WarningKind::StartTimesOnly]);
    assert_eq!(call.turns[3].metadata["user_id"], 2);
    assert_eq!(
        call.metadata["conversation_info"]["categories"][0]["display_name"],
        "国际漫游"
    );
    // 10.5 s from the customer's start to the agent's, nothing announced.
    check(&source, call, "timing.silence", 3);
}

#[test]
fn webvtt_voices() {
    let (source, parsed) = read("webvtt.vtt", SourceFormat::WebVtt);
    let call = &parsed.calls[0];
    assert_eq!(speakers(call), [A, C, A, C, A, C, A]);
    assert!(call.roles.is_none());
    assert_eq!(
        (call.turns[4].start, call.turns[4].end),
        (Some(19.9), Some(23.6))
    );
    // Markup is not text; the cue's second line is joined; entities are decoded.
    assert_eq!(call.turns[1].text, "喂,我家电视一直没有信号。");
    assert_eq!(
        call.turns[4].text,
        "没有信号的原因我不知道,\n您明天再打过来吧。"
    );
    assert_eq!(call.turns[5].text, "好的&谢谢。");
    let turn = &call.turns[4];
    let pos = turn
        .position(turn.text.find("您明天").unwrap(), false)
        .unwrap();
    assert_eq!((pos.line, pos.column), line_column(&source, "您明天"));
    check(&source, call, "timing.silence", 4);
}

#[test]
fn srt_labels() {
    let (source, parsed) = read("srt.srt", SourceFormat::Srt);
    let call = &parsed.calls[0];
    // The last cue names no speaker: it goes on with the one before.
    assert_eq!(speakers(call), [A, C, A, C, A, C, A, A]);
    assert_inferred(&parsed, 0, "说话人1", "说话人2");
    assert_eq!(
        (call.turns[4].start, call.turns[4].end),
        (Some(19.6), Some(23.4))
    );
    assert_eq!(call.turns[4].text, "什么时候来水我不知道,\n您再等等吧。");
    assert_eq!(call.turns[7].text, "再见。");
    check(&source, call, "timing.silence", 4);
}

#[test]
fn fixing_rewrites_words_inside_the_export() {
    use huashu::FixMode;
    for (name, format) in [
        ("alibaba_asr.json", SourceFormat::Json),
        ("iflytek.json", SourceFormat::Json),
        ("webvtt.vtt", SourceFormat::WebVtt),
    ] {
        let source = fixture(name);
        let fix = linter()
            .fix_source(&source, format, &ParseOptions::default(), FixMode::Unsafe)
            .unwrap_or_else(|e| panic!("{name}: {e:?}"));
        let fixed = fix.fixed.expect("something fixed");
        assert!(
            fix.rules.iter().any(|(rule, _)| rule == "banned.dont-know"),
            "{name}"
        );
        // The fixed export reads back as the same platform's, the words rewritten in place.
        let parsed = parse(&fixed, format, &ParseOptions::default());
        assert!(parsed.errors.is_empty(), "{name}: {:?}", parsed.errors);
        assert_eq!(SourceFormat::detect(&fixed), SourceFormat::detect(&source));
        let texts: Vec<&str> = parsed.calls[0]
            .turns
            .iter()
            .map(|t| t.text.as_str())
            .collect();
        assert!(
            texts.iter().any(|t| t.contains("需要帮您查询一下")),
            "{name}: {texts:?}"
        );
        assert!(!texts.iter().any(|t| t.contains("不知道")), "{name}");
        // Only the words changed: the customer's turns are as they were.
        let before = parse(&source, format, &ParseOptions::default());
        assert_eq!(parsed.calls[0].turns[1].text, before.calls[0].turns[1].text);
    }
}
