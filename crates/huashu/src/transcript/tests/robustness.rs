//! Odd inputs must never panic, and whatever they produce keeps the anchor contract.

use super::parse_checked;
use crate::transcript::SourceFormat;

#[test]
fn odd_inputs_do_not_panic() {
    let deep = "[".repeat(100_000);
    let huge = "9".repeat(400);
    let mut inputs: Vec<String> = [
        "",
        "\u{feff}",
        "\u{feff}\u{feff}客服:x",
        "\r",
        "\r\r\n\r",
        "\n\n\n",
        "[",
        "]",
        "{",
        "}",
        "\"",
        "[]客服:x",
        "[-]客服:x",
        "[你好",
        "你]客服：x",
        "：：：",
        "客服：：：",
        "客服:\r你好",
        "#",
        "# 通话",
        "# call",
        "# 通话 ：",
        "{\"turns\": [",
        "{\"turns\": [{\"speaker\": \"agent\", \"text\": \"\\u0000\"}]}",
        "{\"turns\": [{\"speaker\": \"agent\", \"text\": \"\\ud800\"}]}",
        "{\"turns\": [{\"speaker\": \"agent\", \"text\": \"a\\\\\"}]}",
        "{\"turns\": [{\"speaker\": \"agent\", \"text\": \"\", \"start\": 1e999}]}",
        "{\"turns\": [{\"speaker\": \"agent\", \"text\": \"x\", \"end\": -0}]}",
        "{\"turns\": {}}",
        "{\"turns\": [[]]}",
        "{\"id\": [], \"turns\": []}",
        "[[[[]]]]",
        "[{}, [], 1, \"x\", null]",
        "null",
        "{} {}",
        "\u{feff}{\"turns\": []}\r\n\r\n{\"turns\": [{\"speaker\": 1}]}",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    inputs.push(deep);
    inputs.push(format!("[{huge}-{huge}] 客服:x"));
    inputs.push(format!("[00:00-{huge}:00:00] 客服:x"));
    inputs.push(format!("{{\"id\": {huge}, \"turns\": [{{\"speaker\": \"agent\", \"text\": \"x\", \"start\": {huge}}}]}}"));
    inputs.push(format!("{{\"x\": {}}}", "[".repeat(200) + &"]".repeat(200)));
    // Platform exports cut short or bent out of shape.
    for odd in [
        r#"{"Result": {"Sentences": [{}]}}"#,
        r#"{"Result": {"Sentences": [{"Text": 5, "ChannelId": 0}]}}"#,
        r#"{"Result": {"Sentences": [{"Text": "x", "BeginTime": "a", "ChannelId": 0}]}}"#,
        r#"{"Sentences": [{"Text": "x", "BeginTime": 9, "EndTime": 1, "ChannelId": 0}]}"#,
        r#"{"tickets": [{"dialogue": [{"role": null, "words": "x"}]}, 1]}"#,
        r#"{"transcripts": [{"sentences": [{"text": "x"}]}, {"phrases": []}]}"#,
        r#"{"transcripts": [{"phrases": [{"text": "x", "participantPurpose": 3, "duration": {}}]}]}"#,
        r#"{"Response": {"Data": {"ResultDetail": [{"FinalSentence": "\ud800"}]}}}"#,
        r#"{"orderResult": "{"}"#,
        r#"{"orderResult": "\"x\""}"#,
        r#"{"orderResult": "{\"lattice\": [{\"json_1best\": \"{\\\"st\\\": {}}\"}]}"}"#,
        r#"{"orderResult": "{\"lattice\": [{\"json_1best\": \"{\\\"st\\\": {\\\"rl\\\": 1, \\\"rt\\\": [{\\\"ws\\\": [{\\\"cw\\\": [{\\\"w\\\": \\\"\\\\ud800\\\"}]}]}]}}\"}]}"}"#,
        r#"{"orderResult": "{\"lattice\": [{\"json_1best\": \"{\\\"st\\\": {\\\"rl\\\": \\\"1\\\", \\\"rt\\\": [{\\\"ws\\\": [{\\\"cw\\\": []}]}]}}\"}]}"}"#,
        r#"{"lattice": [{"json_1best": {"st": {"rl": "1", "bg": "-5", "rt": [{"ws": [{"cw": [{"w": "您好"}]}]}]}}}]}"#,
        r#"{"result": [{"utterances": [{"text": "x"}]}]}"#,
        r#"{"utterances": [{"text": "x", "additions": {"speaker": {}}}]}"#,
        r#"{"Transcript": [{"Content": "x", "ParticipantId": "AGENT", "BeginOffsetMillis": 1e400}]}"#,
        r#"{"Participants": 5, "Transcript": []}"#,
        r#"{"entries": [{"text": "x", "role": "AGENT", "start_timestamp_usec": "x"}]}"#,
        "WEBVTT\n\n-->\n",
        "WEBVTT\n\n00:01.000 --> 00:02.000\n<v",
        "WEBVTT\n\n00:01.000 --> 00:02.000\n<v >x\n\n00:03.000 --> 00:01.000\n<v 客服>&amp",
        "1\n-->\n",
        "1\n00:00:01,000 --> 00:00:02,000\n<i>\n",
        "2026-11-20 99:99:99 客服:x\n客服(:):x\n客服()：x\n00:01- 客服:x\n[2026-02-30 09:00:00] 客服:x",
    ] {
        inputs.push(odd.to_string());
    }
    for input in &inputs {
        for &format in SourceFormat::ALL {
            let parsed = parse_checked(input, format);
            for error in &parsed.errors {
                assert!(error.line >= 1 && error.column >= 1, "{input:?}: {error:?}");
            }
        }
        let _ = SourceFormat::sniff(input);
        let _ = SourceFormat::detect(input);
    }
}
