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
    for input in &inputs {
        for format in [
            SourceFormat::Text,
            SourceFormat::JsonLines,
            SourceFormat::Json,
        ] {
            let parsed = parse_checked(input, format);
            for error in &parsed.errors {
                assert!(error.line >= 1 && error.column >= 1, "{input:?}: {error:?}");
            }
        }
        let _ = SourceFormat::sniff(input);
    }
}
