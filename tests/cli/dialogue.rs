//! Calls as they really go, end to end with the built-in packs: replies in several turns,
//! calls that end before a reply, speech-recognition transcripts.

use super::*;

fn rules(json: &Value) -> Vec<String> {
    violations(json)
        .into_iter()
        .map(|v| v["rule"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn a_spoken_call_with_replies_in_two_turns_and_recognition_cuts_passes_its_responses() {
    let (code, json) = check_json_builtin(&["tests/fixtures/dialogue/asr_call.txt"]);
    assert_eq!(code, 0, "{json}"); // an info finding alone does not fail the check
                                   // The complaint (posted twice) is answered by the agent's two-turn reply, the hold is
                                   // thanked, 孟凡强 is called 孟先生, 你_您 is a self-repair: only the particle 哈 remains.
    assert_eq!(rules(&json), ["filler.particle"]);
    let call = &json["files"][0]["calls"][0];
    // 「感谢_见」 counts as the closing, listed for review with its outcome.
    let review = call["review"].as_array().unwrap();
    assert_eq!(review.len(), 1);
    assert_eq!(review[0]["rule"], "closing.standard");
    assert_eq!(review[0]["outcome"], "approximate");
    assert_eq!(review[0]["matched"], "_见");
    assert_eq!(review[0]["line"], 9);
    assert_eq!(call["score"], 98);
    // A violation of one kind only carries no outcome.
    assert!(violations(&json)[0].get("outcome").is_none());
}

#[test]
fn a_complaint_the_call_ends_on_is_reported_as_no_reply() {
    let (_, json) = check_json_builtin(&["tests/fixtures/dialogue/complaint_no_reply.txt"]);
    let complaint: Vec<&Value> = violations(&json)
        .into_iter()
        .filter(|v| v["rule"] == "response.complaint")
        .collect();
    assert_eq!(complaint.len(), 1);
    assert_eq!(complaint[0]["outcome"], "no-reply");
    assert_eq!(complaint[0]["message"], "客户投诉后通话结束,坐席未回应");
    assert_eq!(complaint[0]["line"], 2);
    // The concise format shows the message too.
    let out = huashu()
        .args([
            "check",
            "--format",
            "concise",
            "tests/fixtures/dialogue/complaint_no_reply.txt",
        ])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("客户投诉后通话结束,坐席未回应"));
}

/// A complaint and a wait in words no phrase of the packs knows: the intent model triggers
/// `response.complaint` and `response.slow-answer` at the customer's sentences, with the
/// model's confidence, and the agent who answers without an apology loses the points.
#[test]
fn a_complaint_and_a_wait_in_other_words_trigger_the_response_rules() {
    let (code, json) =
        check_json_builtin(&["tests/fixtures/dialogue/complaint_in_other_words.txt"]);
    assert_eq!(code, 1, "{json}");
    let found: Vec<(String, u64, String)> = violations(&json)
        .into_iter()
        .map(|v| {
            assert!(v["confidence"].as_f64().unwrap() >= 0.95, "{v}");
            assert_eq!(v["speaker"], "customer");
            (
                v["rule"].as_str().unwrap().to_owned(),
                v["line"].as_u64().unwrap(),
                v["matched"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let wait = "说好三天内上门,这都一个星期了还没人来!";
    assert_eq!(
        found,
        [
            (
                "response.complaint".to_owned(),
                3,
                "你们这宽带隔三差五就断,这服务也太差劲了,简直是在坑人!".to_owned()
            ),
            // Waiting a week for a promised visit is a complaint as well as a wait.
            ("response.complaint".to_owned(), 5, wait.to_owned()),
            ("response.slow-answer".to_owned(), 5, wait.to_owned()),
        ]
    );
    assert_eq!(json["files"][0]["calls"][0]["score"], 75);
}

/// The same call with the agent apologising in its own words (给您添堵了,实在过意不去;
/// 耽误您这么长时间,实在过意不去): the apology intent answers both triggers and the call is
/// perfect.
#[test]
fn an_apology_in_other_words_answers_the_complaint_and_the_wait() {
    let (code, json) = check_json_builtin(&["tests/fixtures/dialogue/paraphrased_apology.txt"]);
    assert_eq!(code, 0, "{json}");
    assert_eq!(rules(&json), Vec::<String>::new());
    assert_eq!(json["files"][0]["calls"][0]["score"], 100);
}

/// The agent's return thanks the customer for holding in words no phrase of the rule knows
/// (谢谢您一直在线上等我): the intent `prescribed.thanks-waiting` answers `response.hold-thanks`
/// and the call is perfect.
#[test]
fn thanks_for_the_wait_in_other_words_answers_the_hold() {
    let (code, json) =
        check_json_builtin(&["tests/fixtures/dialogue/hold_thanked_in_other_words.txt"]);
    assert_eq!(code, 0, "{json}");
    assert_eq!(rules(&json), Vec::<String>::new());
    assert_eq!(json["files"][0]["calls"][0]["score"], 100);
}

/// The same hold answered with thanks for something else (谢谢您的配合): not thanks for the
/// wait, so `response.hold-thanks` is reported at the agent's hold.
#[test]
fn thanks_for_something_else_does_not_answer_the_hold() {
    let (code, json) = check_json_builtin(&["tests/fixtures/dialogue/hold_not_thanked.txt"]);
    assert_eq!(code, 1, "{json}"); // a warning fails the check by default
    let found: Vec<(String, u64, String)> = violations(&json)
        .into_iter()
        .map(|v| {
            (
                v["rule"].as_str().unwrap().to_owned(),
                v["line"].as_u64().unwrap(),
                v["speaker"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [("response.hold-thanks".to_owned(), 4, "agent".to_owned())]
    );
    assert_eq!(json["files"][0]["calls"][0]["score"], 97);
}
