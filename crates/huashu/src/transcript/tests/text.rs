//! Plain-text transcripts and scripts.

use super::{line_column_of, parse_checked, parse_with};
use crate::call::{CallKind, Speaker};
use crate::transcript::text::starts_with_time_range;
use crate::transcript::{Labels, SourceFormat};

const TEXT: SourceFormat = SourceFormat::Text;

#[test]
fn timed_turns_with_continuations() {
    let source = "\
[00:00:01.200-00:00:04.800] 坐席：您好，欢迎致电XX客户服务热线，工号1001很高兴为您服务
[00:00:05.000-00:00:07.300] 客户: 我的宽带从昨天开始就断了
[00:00:07.500-00:00:12.000] 坐席：非常抱歉给您带来不便，
    请您提供一下宽带账号，
[呵呵] 我帮您查询一下\x20\x20

客户：好的
";
    let parsed = parse_checked(source, TEXT);
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    let [call] = &parsed.calls[..] else {
        panic!("one call expected: {:?}", parsed.calls)
    };
    assert_eq!(
        (call.id.as_deref(), call.line, call.kind),
        (None, Some(1), CallKind::Transcript)
    );
    let turns = &call.turns;
    assert_eq!(turns.len(), 4);
    assert_eq!(turns[0].speaker, Speaker::Agent);
    assert_eq!(
        turns[0].text,
        "您好，欢迎致电XX客户服务热线，工号1001很高兴为您服务"
    );
    assert_eq!((turns[0].start, turns[0].end), (Some(1.2), Some(4.8)));
    assert_eq!(turns[1].speaker, Speaker::Customer);
    assert_eq!(turns[1].text, "我的宽带从昨天开始就断了");
    assert_eq!(
        turns[2].text,
        "非常抱歉给您带来不便，\n请您提供一下宽带账号，\n[呵呵] 我帮您查询一下"
    );
    assert_eq!(turns[3].text, "好的");
    assert_eq!((turns[3].start, turns[3].end), (None, None));

    let first = turns[0].origin.as_ref().unwrap().anchors()[0];
    assert_eq!(
        (first.line, first.column),
        line_column_of(source, "您好，欢迎")
    );
    // A position inside a continuation line maps to that line.
    let at = turns[2].text.find("账号").unwrap();
    let pos = turns[2].position(at, false).unwrap();
    assert_eq!((pos.line, pos.column), line_column_of(source, "账号"));
    assert_eq!(pos.offset, source.find("账号").unwrap());
}

#[test]
fn crlf_and_bom() {
    let source =
        "\u{feff}客服：您好，请问有什么可以帮您？\r\n客户：你好  \r\n  我要办理停机保号\r\n";
    let parsed = parse_checked(source, TEXT);
    assert!(parsed.errors.is_empty());
    let turns = &parsed.calls[0].turns;
    assert_eq!(turns[0].text, "您好，请问有什么可以帮您？");
    assert_eq!(turns[1].text, "你好\n我要办理停机保号");
    let first = turns[0].origin.as_ref().unwrap().anchors()[0];
    // The BOM counts in offsets, not in columns.
    assert_eq!(
        (first.offset, first.line, first.column),
        (3 + "客服：".len(), 1, 4)
    );
    let continuation = turns[1].origin.as_ref().unwrap().anchors()[1];
    assert_eq!((continuation.line, continuation.column), (3, 3));
}

#[test]
fn latin_labels_are_case_insensitive() {
    let source =
        "Agent: 您好，这里是XX客服中心\nCUSTOMER : 我的快递三天没更新了\nagent：好的，请提供单号\n";
    let parsed = parse_checked(source, TEXT);
    let speakers: Vec<_> = parsed.calls[0].turns.iter().map(|t| t.speaker).collect();
    assert_eq!(
        speakers,
        [Speaker::Agent, Speaker::Customer, Speaker::Agent]
    );
    assert_eq!(parsed.calls[0].turns[1].text, "我的快递三天没更新了");
}

#[test]
fn custom_labels() {
    let mut labels = Labels::empty();
    labels.insert("A", Speaker::Customer);
    labels.insert("B", Speaker::Agent);
    let source = "B: 您好，很高兴为您服务\nA: 我想改一下套餐\nb：可以的，请稍等\n";
    let parsed = parse_with(source, TEXT, labels);
    let call = &parsed.calls[0];
    assert_eq!(call.kind, CallKind::Transcript);
    let speakers: Vec<_> = call.turns.iter().map(|t| t.speaker).collect();
    assert_eq!(
        speakers,
        [Speaker::Agent, Speaker::Customer, Speaker::Agent]
    );

    // With the default labels, the same lines still look like turns (issue 16: not a script):
    // huashu takes B, who offers service, as the agent, and says so.
    let inferred = parse_checked(source, TEXT);
    let call = &inferred.calls[0];
    assert_eq!(call.kind, CallKind::Transcript);
    let speakers: Vec<_> = call.turns.iter().map(|t| t.speaker).collect();
    assert_eq!(
        speakers,
        [Speaker::Agent, Speaker::Customer, Speaker::Agent]
    );
    let roles = call.roles.as_ref().unwrap();
    assert_eq!(
        (roles.agent.as_slice(), roles.customer.as_slice()),
        (&["B".to_owned()][..], &["A".to_owned()][..])
    );
    assert!(inferred.warnings[0]
        .message
        .contains("--label B=agent --label A=customer"));
}

#[test]
fn call_headers_split_calls() {
    let source = "\
客服:这一行在任何通话头之前
# 通话 0000001 坐席1234
这一行在第一句之前，被忽略
客服:您好，请问有什么可以帮您
客户:我想查一下话费
# 备注：客户语气平和
  上个月的
# 通话 0000002 坐席5678

客服:您好
# 通话 0000003 坐席9999
# CALL： 42 夜班
Customer: 你好
";
    let parsed = parse_checked(source, TEXT);
    assert!(parsed.errors.is_empty());
    let ids: Vec<_> = parsed.calls.iter().map(|c| c.id.as_deref()).collect();
    assert_eq!(ids, [None, Some("0000001"), Some("0000002"), Some("42")]);
    let lines: Vec<_> = parsed.calls.iter().map(|c| c.line).collect();
    assert_eq!(lines, [Some(1), Some(2), Some(8), Some(12)]);
    let first = &parsed.calls[1];
    assert_eq!(first.metadata["header"], "通话 0000001 坐席1234");
    assert_eq!(first.turns.len(), 2);
    // Other comments neither end a call nor break a continuation.
    assert_eq!(first.turns[1].text, "我想查一下话费\n上个月的");
    assert_eq!(parsed.calls[3].metadata["header"], "CALL： 42 夜班");
}

#[test]
fn not_a_header() {
    let source = "# callback 123\n# 通话\n# 通话记录\n客服:您好\n";
    let parsed = parse_checked(source, TEXT);
    assert_eq!(parsed.calls.len(), 1);
    assert_eq!(parsed.calls[0].id, None);
    assert_eq!(parsed.calls[0].line, Some(4));
}

#[test]
fn scripts() {
    let source = "\
# 开场白
您好，{客户姓名}先生/女士，这里是XX银行信用卡中心
# huashu: ignore[forbidden-words]
   请问您现在方便接听电话吗？\t

# 通话 1 坐席2
[稍作停顿] 感谢您的耐心等待
";
    let parsed = parse_checked(source, TEXT);
    assert!(parsed.errors.is_empty());
    let [call] = &parsed.calls[..] else {
        panic!("one call expected")
    };
    assert_eq!(
        (call.kind, call.id.as_deref(), call.line),
        (CallKind::Script, None, Some(2))
    );
    assert!(call.metadata.is_empty());
    let texts: Vec<_> = call.turns.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "您好，{客户姓名}先生/女士，这里是XX银行信用卡中心",
            "请问您现在方便接听电话吗？",
            "[稍作停顿] 感谢您的耐心等待",
        ]
    );
    assert!(call.turns.iter().all(|t| t.speaker == Speaker::Agent));
    let second = call.turns[1].origin.as_ref().unwrap().anchors()[0];
    assert_eq!((second.line, second.column), (4, 4));
}

#[test]
fn malformed_times_are_errors() {
    let source = "\
[00:00-00:03] 客服：您好
[00:7x-00:09] 客服：这一句的时间有误
  这一行属于出错的那句
  [01:75-02:00] 客户：分钟超出范围
[00:05-00:03] 客服：倒着的时间
[00:10-00:12] 客户：好的
";
    let parsed = parse_checked(source, TEXT);
    let positions: Vec<_> = parsed.errors.iter().map(|e| (e.line, e.column)).collect();
    assert_eq!(positions, [(2, 1), (4, 3), (5, 1)]);
    let first = &parsed.errors[0].message;
    assert!(
        first.contains("`[00:7x-00:09]`") && first.contains("HH:MM:SS"),
        "{first}"
    );
    assert!(parsed.errors[1].message.contains("01:75-02:00"));
    assert!(parsed.errors[2].message.contains("ends before it starts"));
    let texts: Vec<_> = parsed.calls[0]
        .turns
        .iter()
        .map(|t| t.text.as_str())
        .collect();
    assert_eq!(texts, ["您好", "好的"]);
}

#[test]
fn time_range_variants() {
    let source = "[ 00:01 ~ 00:03 ] 客服:一\n[1–2]客户:二\n[00:01,5-00:02,5]\t客服 ：三\n[1:00:00.5-1:00:02]客户:四\n";
    let parsed = parse_checked(source, TEXT);
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    let times: Vec<_> = parsed.calls[0]
        .turns
        .iter()
        .map(|t| (t.start, t.end))
        .collect();
    assert_eq!(
        times,
        [
            (Some(1.0), Some(3.0)),
            (Some(1.0), Some(2.0)),
            (Some(1.5), Some(2.5)),
            (Some(3600.5), Some(3602.0)),
        ]
    );
}

#[test]
fn brackets_without_label_are_text() {
    let source = "[呵呵]\n客服:您好\n[笑] 客户说：好的\n[1] 第一条\n";
    let parsed = parse_checked(source, TEXT);
    assert!(parsed.errors.is_empty());
    assert_eq!(parsed.calls[0].line, Some(2));
    assert_eq!(
        parsed.calls[0].turns[0].text,
        "您好\n[笑] 客户说：好的\n[1] 第一条"
    );
}

#[test]
fn times_without_a_label_are_an_error_not_text() {
    // Issue 16: a timed line is a turn; glued to the turn before, its times would be lost.
    let source = "客服:您好\n[00:01-00:02] 嗯嗯\n  接着说\n客户:好的\n";
    let parsed = parse_checked(source, TEXT);
    assert_eq!(parsed.errors.len(), 1);
    assert_eq!((parsed.errors[0].line, parsed.errors[0].column), (2, 1));
    assert!(parsed.errors[0].message.contains("no speaker label"));
    let texts: Vec<_> = parsed.calls[0]
        .turns
        .iter()
        .map(|t| t.text.as_str())
        .collect();
    assert_eq!(texts, ["您好", "好的"]);
}

#[test]
fn empty_turn_takes_its_continuation() {
    let source = "客服：\n   您好，请讲\n客户：\n";
    let parsed = parse_checked(source, TEXT);
    let turns = &parsed.calls[0].turns;
    assert_eq!(turns[0].text, "您好，请讲");
    assert_eq!(turns[0].origin.as_ref().unwrap().anchors().len(), 1);
    assert_eq!(turns[1].text, "");
}

#[test]
fn empty_and_comment_only_sources() {
    for source in [
        "",
        "\n\n",
        "\u{feff}",
        "# 通话 0000001 坐席1234\n# 备注\n",
        "  \r\n\t\r\n",
    ] {
        let parsed = parse_checked(source, TEXT);
        assert!(
            parsed.calls.is_empty() && parsed.errors.is_empty(),
            "{source:?}"
        );
    }
}

#[test]
fn sniffing_time_ranges() {
    assert!(starts_with_time_range("[00:01-00:02] 客服:您好"));
    assert!(starts_with_time_range("\u{feff}\n  \r\n [00:05-00:01]A：x"));
    assert!(!starts_with_time_range("[{\"turns\": []}]"));
    assert!(!starts_with_time_range("[{\"a\": [1]}, {\"b\": 2}]"));
    assert!(!starts_with_time_range("[1, 2]"));
    assert!(!starts_with_time_range("["));
    assert!(!starts_with_time_range(""));
    assert!(!starts_with_time_range("[00:01-00:02]"));
    assert_eq!(
        SourceFormat::sniff("[00:01-00:02] 客服:您好"),
        SourceFormat::Text
    );
    assert_eq!(
        SourceFormat::sniff("[\n  {\"turns\": []}\n]"),
        SourceFormat::Json
    );
}
