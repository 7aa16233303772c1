//! JSON Lines and JSON sources.

use super::{line_column_of, parse_checked, parse_with};
use crate::call::Speaker;
use crate::transcript::{Labels, SourceFormat};

const LINES: SourceFormat = SourceFormat::JsonLines;
const DOCUMENT: SourceFormat = SourceFormat::Json;

#[test]
fn escapes_keep_exact_positions() {
    let source = concat!(
        r#"{"id": "c-001", "channel": "热线", "turns": [{"speaker": "agent", "text": "\u4f60\u597d，请问有什么可以帮您？", "start": 0.5, "end": 2}, "#,
        r#"{"speaker": "客户", "text": "他说\"宽带断了\"\n今天还没修好", "emotion": "angry"}], "agent_id": 1001}"#,
        "\n",
    );
    let parsed = parse_checked(source, LINES);
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    let call = &parsed.calls[0];
    assert_eq!((call.id.as_deref(), call.line), (Some("c-001"), Some(1)));
    let keys: Vec<_> = call.metadata.keys().map(String::as_str).collect();
    assert_eq!(keys, ["channel", "agent_id"]);
    assert_eq!(call.metadata["agent_id"], 1001);

    let [agent, customer] = &call.turns[..] else {
        panic!("two turns expected")
    };
    assert_eq!(agent.speaker, Speaker::Agent);
    assert_eq!(agent.text, "你好，请问有什么可以帮您？");
    assert_eq!((agent.start, agent.end), (Some(0.5), Some(2.0)));
    assert_eq!(customer.speaker, Speaker::Customer);
    assert_eq!(customer.text, "他说\"宽带断了\"\n今天还没修好");

    for (turn, needle) in [
        (agent, "请问"),
        (customer, "宽带"),
        (customer, "今天"),
        (customer, "他说"),
    ] {
        let pos = turn
            .position(turn.text.find(needle).unwrap(), false)
            .unwrap();
        assert_eq!(pos.offset, source.find(needle).unwrap(), "{needle}");
        assert_eq!(
            (pos.line, pos.column),
            line_column_of(source, needle),
            "{needle}"
        );
    }
    // The escaped 你 maps to its escape sequence.
    let escaped = agent.position(0, false).unwrap();
    assert_eq!(&source[escaped.offset..escaped.offset + 6], "\\u4f60");
}

#[test]
fn ids_of_every_kind() {
    let source = "{\"id\": 42, \"turns\": []}\n{\"turns\": []}\n{\"id\": null, \"turns\": []}\n{\"id\": \"a\\u0062c\", \"turns\": []}\n";
    let parsed = parse_checked(source, LINES);
    let ids: Vec<_> = parsed.calls.iter().map(|c| c.id.as_deref()).collect();
    assert_eq!(ids, [Some("42"), None, None, Some("abc")]);
}

#[test]
fn bad_lines_are_reported_and_skipped() {
    let source = [
        r#"{"id": 1, "turns": [{"speaker": "客服", "text": "您好，很高兴为您服务"}]}"#,
        r#"{"id": 2, "turns": [{"speaker": "客户", "text": "断网了"}"#,
        r#"{"id": 3, "turns": [{"speaker": "customer", "text": "我的宽带从昨天开始就断了"}]}"#,
        r#"[1, 2]"#,
        r#"{"id": 5, "turns": [{"speaker": "机器人", "text": "您好"}]}"#,
        r#"{"id": 6, "turns": [{"speaker": "agent", "text": 5}]}"#,
        r#"{"id": 7, "speaker": "agent"}"#,
        r#"{"id": 8, "turns": [{"speaker": "agent", "text": "好", "start": 3, "end": 1.5}]}"#,
        r#"{"id": 9, "turns": [{"speaker": "agent", "text": "好", "start": "00:01"}]}"#,
        r#"{"id": 10, "turns": [{"text": "好"}]}"#,
        r#"{"id": 11, "turns": [{"speaker": "agent", "text": "坏\ud83d"}]}"#,
        r#"{"id": 12, "turns": "客服:您好"}"#,
        "",
        r#"   {"id": 14, "turns": [{"speaker": "Customer", "text": "谢谢", "start": null}]}  "#,
    ]
    .join("\n");
    let parsed = parse_checked(&source, LINES);
    let ids: Vec<_> = parsed.calls.iter().map(|c| c.id.as_deref()).collect();
    // `"start": "00:01"` is a time, as in text (issue 16).
    assert_eq!(ids, [Some("1"), Some("3"), Some("9"), Some("14")]);
    let lines: Vec<_> = parsed.calls.iter().map(|c| c.line).collect();
    assert_eq!(lines, [Some(1), Some(3), Some(9), Some(14)]);
    assert_eq!(parsed.calls[2].turns[0].start, Some(1.0));

    let errors: Vec<_> = parsed.errors.iter().map(|e| e.line).collect();
    assert_eq!(errors, [2, 4, 5, 6, 7, 8, 10, 11, 12]);
    let error = |line: usize| parsed.errors.iter().find(|e| e.line == line).unwrap();
    let line_of = |line: usize| source.split('\n').nth(line - 1).unwrap();
    let column = |line: usize, needle: &str| {
        line_of(line)[..line_of(line).find(needle).unwrap()]
            .chars()
            .count()
            + 1
    };

    assert!(
        error(2).message.starts_with("invalid JSON: EOF"),
        "{}",
        error(2).message
    );
    assert!(error(4).message.contains("call object"));
    assert_eq!(error(4).column, 1);
    assert!(error(5).message.contains("`机器人`") && error(5).message.contains("客服"));
    assert_eq!(error(5).column, column(5, "\"机器人\""));
    assert!(error(6)
        .message
        .contains("`text` must be a string, found a number"));
    assert_eq!(error(6).column, column(6, "5}"));
    assert!(error(7).message.contains("no `turns`"));
    assert!(error(8).message.contains("before it starts"));
    assert_eq!(error(8).column, column(8, "1.5"));
    assert!(error(10).message.contains("no `speaker`"));
    assert_eq!(error(10).column, column(10, "{\"text\""));
    assert!(error(11).message.contains("unpaired surrogate"));
    assert_eq!(error(11).column, column(11, "\\ud83d"));
    assert_eq!(error(12).column, column(12, "\"客服"));
}

#[test]
fn syntax_error_columns_count_chars() {
    let source = "{\"turns\": [{\"speaker\": \"客服\", \"text\": \"您好\"} {}]}\n";
    let parsed = parse_checked(source, LINES);
    let [error] = &parsed.errors[..] else {
        panic!("one error expected")
    };
    assert_eq!((error.line, error.column), line_column_of(source, "{}"));
    assert!(!error.message.contains(" at line "), "{}", error.message);
}

#[test]
fn crlf_and_bom_lines() {
    let source = "\u{feff}{\"turns\": [{\"speaker\": \"agent\", \"text\": \"您好\"}]}\r\n\r\n{\"turns\": [{\"speaker\": \"customer\", \"text\": \"\\\"喂\\\"\"}]}\r\n";
    let parsed = parse_checked(source, LINES);
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    assert_eq!(parsed.calls.len(), 2);
    assert_eq!(parsed.calls[1].line, Some(3));
    assert_eq!(parsed.calls[1].turns[0].text, "\"喂\"");
    let first = parsed.calls[0].turns[0].origin.as_ref().unwrap().anchors()[0];
    assert_eq!((first.line, first.column), line_column_of(source, "您好"));
    let prefix = r#"{"turns": [{"speaker": "agent", "text": ""#;
    assert_eq!(
        (first.offset, first.column),
        (3 + prefix.len(), prefix.chars().count() + 1)
    );
}

#[test]
fn pretty_printed_array() {
    let source = r#"[
  {
    "id": "0000001",
    "agent": "坐席1234",
    "turns": [
      {
        "speaker": "客服",
        "text": "您好，欢迎致电XX客户服务热线，工号1001很高兴为您服务",
        "start": 1.2,
        "end": 4.8
      },
      {
        "speaker": "客户",
        "text": "我的宽带\t从昨天开始就断了",
        "start": 5,
        "end": 7.3
      }
    ]
  },
  {
    "id": "0000002",
    "turns": [
      { "speaker": "坐席", "text": 12 }
    ]
  },
  {
    "id": "0000003",
    "turns": [
      { "speaker": "agent", "text": "请问还有其他可以帮您的吗？" }
    ]
  },
  "not a call"
]"#;
    let parsed = parse_checked(source, DOCUMENT);
    let ids: Vec<_> = parsed.calls.iter().map(|c| c.id.as_deref()).collect();
    assert_eq!(ids, [Some("0000001"), Some("0000003")]);
    let lines: Vec<_> = parsed.calls.iter().map(|c| c.line).collect();
    assert_eq!(lines, [Some(2), Some(26)]);
    assert_eq!(parsed.calls[0].metadata["agent"], "坐席1234");
    let errors: Vec<_> = parsed.errors.iter().map(|e| (e.line, e.column)).collect();
    assert_eq!(
        errors,
        [
            line_column_of(source, "12 }"),
            line_column_of(source, "\"not a call")
        ]
    );
    assert_eq!(errors[1], (32, 3));

    let turn = &parsed.calls[0].turns[1];
    assert_eq!(turn.text, "我的宽带\t从昨天开始就断了");
    assert_eq!((turn.start, turn.end), (Some(5.0), Some(7.3)));
    let pos = turn
        .position(turn.text.find("昨天").unwrap(), false)
        .unwrap();
    assert_eq!((pos.line, pos.column), line_column_of(source, "昨天"));
}

#[test]
fn single_object_document_with_bom() {
    let source =
        "\u{feff}{\n  \"turns\": [\n    {\"speaker\": \"B\", \"text\": \"您好\\n请讲\"}\n  ]\n}\n";
    let mut labels = Labels::empty();
    labels.insert("B", Speaker::Agent);
    let parsed = parse_with(source, DOCUMENT, labels);
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    assert_eq!(parsed.calls[0].line, Some(1));
    let turn = &parsed.calls[0].turns[0];
    assert_eq!(turn.text, "您好\n请讲");
    let pos = turn
        .position(turn.text.find("请讲").unwrap(), false)
        .unwrap();
    assert_eq!((pos.line, pos.column), line_column_of(source, "请讲"));
}

#[test]
fn latin_speakers_work_with_custom_labels() {
    let source = "{\"turns\": [{\"speaker\": \"Agent\", \"text\": \"您好\"}, {\"speaker\": \"A\", \"text\": \"你好\"}]}";
    let mut labels = Labels::empty();
    labels.insert("A", Speaker::Customer);
    let parsed = parse_with(source, LINES, labels);
    let speakers: Vec<_> = parsed.calls[0].turns.iter().map(|t| t.speaker).collect();
    assert_eq!(speakers, [Speaker::Agent, Speaker::Customer]);
}

#[test]
fn document_syntax_error() {
    let source = "[\n  {\"turns\": []},\n  {\"turns\": [] \"id\": 1}\n]\n";
    let parsed = parse_checked(source, DOCUMENT);
    assert!(parsed.calls.is_empty());
    let [error] = &parsed.errors[..] else {
        panic!("one error expected")
    };
    assert_eq!((error.line, error.column), line_column_of(source, "\"id\""));
    assert!(
        error.message.contains("expected `,` or `}`"),
        "{}",
        error.message
    );
}

#[test]
fn empty_sources() {
    for source in ["", "\n", "\u{feff}", "  \r\n"] {
        for format in [LINES, DOCUMENT] {
            let parsed = parse_checked(source, format);
            assert!(
                parsed.calls.is_empty() && parsed.errors.is_empty(),
                "{source:?}"
            );
        }
    }
}

#[test]
fn call_info_from_fields() {
    let source = concat!(
        r#"{"id": "c1", "agent": "张三", "agent_id": 1022, "date": "2026-11-20", "team": "宽带组", "turns": []}"#,
        "\n",
        r#"{"id": "c2", "agent": "李四", "date": null, "team": {"name": "x"}, "turns": []}"#,
        "\n",
    );
    let parsed = parse_checked(source, LINES);
    let first = &parsed.calls[0].info;
    assert_eq!(
        first.agent.as_deref(),
        Some("1022"),
        "agent_id wins over agent"
    );
    assert_eq!(first.date.as_deref(), Some("2026-11-20"));
    assert_eq!(first.team.as_deref(), Some("宽带组"));
    // The source fields stay in the metadata as written.
    assert_eq!(parsed.calls[0].metadata["agent"], "张三");
    let second = &parsed.calls[1].info;
    assert_eq!(second.agent.as_deref(), Some("李四"));
    assert_eq!(
        (second.date.as_deref(), second.team.as_deref()),
        (None, None)
    );
}

#[test]
fn lines_parsed_one_at_a_time_equal_the_whole_source() {
    use crate::transcript::{parse, parse_json_line, ParseOptions};
    let source = concat!(
        "\u{feff}",
        r#"{"id": "c1", "turns": [{"speaker": "agent", "text": "\u4f60好,不知道", "start": 3}, {"speaker": "customer", "text": "嗯", "start": 1}]}"#,
        "\r\n\r\n",
        r#"{"id": "c2", "turns": [{"speaker": "boss", "text": "x"}]}"#,
        "\n",
        "{oops\n",
        r#"{"id": "c4", "team": "夜班", "turns": [{"speaker": "agent", "text": "好的\n再见"}]}"#,
    );
    let options = ParseOptions::default();
    let whole = parse(source, LINES, &options);
    let mut streamed = crate::transcript::Parsed::default();
    let mut offset = 0;
    for (i, line) in source.split_inclusive('\n').enumerate() {
        let one = parse_json_line(line, i + 1, offset, &options);
        streamed.calls.extend(one.calls);
        streamed.errors.extend(one.errors);
        offset += line.len();
    }
    assert_eq!(streamed.calls, whole.calls);
    assert_eq!(streamed.errors, whole.errors);
    assert_eq!(whole.errors.len(), 3, "{:?}", whole.errors);
    assert_eq!(whole.calls[1].info.team.as_deref(), Some("夜班"));
}
