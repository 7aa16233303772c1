//! The JSON output contract (documented in the README, "JSON output" and "JSON Lines and
//! CSV"), as serialisable types: what `huashu check --format json|jsonl` and `--statistics
//! --format json` write, and what a binding or a service returns.
//!
//! The contract changes only additively, and [`JSON_VERSION`] is raised on any incompatible
//! change. Field order is the order of the fields here. A new optional field (a violation's
//! `confidence`, say) is a new `Option` field, added to the end of its type.
//!
//! ```
//! use huashu_workspace::check::{check_source, CheckOptions};
//! use huashu_workspace::json::JsonCall;
//! let linter = huashu::Linter::with_builtin_packs();
//! let jsonl = "{\"id\": \"c7\", \"agent\": \"1022\", \"turns\": [{\"speaker\": \"agent\", \"text\": \"喂,您好\"}]}\n";
//! let result = check_source(&linter, "day.jsonl", jsonl.as_bytes().to_vec(), None, &CheckOptions::new(Default::default()));
//! let json = serde_json::to_string(&JsonCall::new(&result.calls[0])).unwrap();
//! assert!(json.starts_with(r#"{"id":"c7","agent":"1022","date":null,"team":null,"line":1,"score":"#), "{json}");
//! assert!(json.contains(r#""rule":"banned.wei","category":"banned","severity":"warning","points":5,"speaker":"agent","turn":0,"line":1,"column":"#));
//! ```

use serde::Serialize;

use huashu::{Category, Evidence, Fix, Outcome, Roles, Severity, Speaker, Violation};

use crate::check::{CheckedCall, FileError, FileHead};
use crate::tally::{RuleStats, Tally};

/// The version of the JSON contract; raised on any incompatible change.
pub const JSON_VERSION: u32 = 1;

/// One input in `--format json`: `{"path", "encoding", "calls", "error"}`. (The command line
/// writes it in pieces, as its calls are checked, in this order.)
#[derive(Debug, Serialize)]
pub struct JsonFile<'a> {
    /// The input's name.
    pub path: &'a str,
    /// How it was stored (`utf-8`, `gb18030`, …), when it could be decoded.
    pub encoding: Option<&'static str>,
    /// Its calls.
    pub calls: Vec<JsonCall<'a>>,
    /// Why it, or part of it, could not be read: every problem, joined by `; `.
    pub error: Option<String>,
}

impl<'a> JsonFile<'a> {
    /// An input, its calls and its errors.
    pub fn new(file: &FileHead<'a>, calls: &'a [CheckedCall], errors: &[FileError]) -> Self {
        JsonFile {
            path: file.name,
            encoding: file.encoding.map(|e| e.encoding.as_str()),
            calls: calls.iter().map(JsonCall::new).collect(),
            error: error_text(errors),
        }
    }
}

/// The `error` of an input: its problems joined by `; `, or `None`.
pub fn error_text(errors: &[FileError]) -> Option<String> {
    (!errors.is_empty()).then(|| {
        errors
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; ")
    })
}

/// One call: who took it, its score, its violations and what suppression comments silenced.
#[derive(Debug, Serialize)]
pub struct JsonCall<'a> {
    /// The call's id.
    pub id: Option<&'a str>,
    /// The agent who took it.
    pub agent: Option<&'a str>,
    /// When.
    pub date: Option<&'a str>,
    /// The agent's team.
    pub team: Option<&'a str>,
    /// The source line where the call starts.
    pub line: Option<usize>,
    /// The QA score.
    pub score: u32,
    /// Whether it passed QA.
    pub passed: bool,
    /// Its violations.
    pub violations: Vec<JsonViolation<'a>>,
    /// The violations that suppression comments silenced.
    pub suppressed: Vec<JsonViolation<'a>>,
    /// Intent findings in their rule's review band (between its `review` and `min`): for a QA
    /// analyst to check, not scored. Absent when there are none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub review: Vec<JsonViolation<'a>>,
    /// The channel profile the call was checked with (`inbound`, `outbound`, `written`, or a
    /// pack's own): `--profile`, the first `[[profiles]]` whose paths match the input, or
    /// `[check] profile`.
    pub profile: &'a str,
    /// The speakers huashu took as agent and customer, and what a platform's export says
    /// besides the words (`roles`, `turns`, `metadata`: see [`CallSource`]), inline.
    #[serde(flatten)]
    pub source: CallSource<'a>,
}

/// What a call's source says besides its words, shared by [`JsonCall`] and [`JsonlCall`] (its
/// fields are written inline in both, each absent when empty).
#[derive(Debug, Serialize)]
pub struct CallSource<'a> {
    /// Which of the source's speakers (labels, channels, speaker ids) huashu took as the agent
    /// and which as the customer, whether it inferred that from what was said, and why:
    /// `{"agent": ["1"], "customer": ["0"], "inferred": true, "reason": "…"}`. Absent when
    /// every speaker label was known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub roles: Option<&'a Roles>,
    /// What a platform's export says about each turn besides its words (emotion, speech rate,
    /// silence before it, sentiment, channel or speaker id, under the platform's own field
    /// names), with the turn's speaker and times in seconds; only turns that have some. Absent
    /// when none has.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub turns: Vec<JsonTurn<'a>>,
    /// What a platform's export says about the whole call besides its turns (Contact Lens
    /// `Categories` and `CustomerMetadata`, Volcengine `audio_info`, Genesys ids…), under the
    /// platform's own field names, as it wrote them. Only for a call read from a platform's
    /// export (see [`call_metadata`]): absent for huashu's own formats (whose extra fields and
    /// headers are the user's own) and subtitles, and when the export has none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<&'a serde_json::Map<String, serde_json::Value>>,
}

impl<'a> CallSource<'a> {
    /// The roles, the turns with a platform's extras and the call's extras of `call`.
    pub fn of(call: &'a huashu::Call) -> Self {
        CallSource {
            roles: call.roles.as_ref(),
            turns: JsonTurn::of_call(call),
            metadata: call_metadata(call),
        }
    }
}

/// A call's [`CallSource::metadata`]: its metadata when it was read from a platform's export and
/// has some, else `None`.
///
/// ```
/// use huashu::transcript::{parse, ParseOptions, SourceFormat};
/// use huashu_workspace::json::call_metadata;
/// let export = r#"{"TaskId": "t-1", "AudioDuration": 1200, "ResultDetail": [{"FinalSentence": "您好,工号6021,很高兴为您服务", "StartMs": 0, "EndMs": 900, "SpeakerId": 1}, {"FinalSentence": "我的宽带断了", "StartMs": 1000, "EndMs": 2000, "SpeakerId": 0}]}"#;
/// let vendor = &parse(export, SourceFormat::Json, &ParseOptions::default()).calls[0];
/// assert!(call_metadata(vendor).is_some_and(|m| m.contains_key("TaskId")));
/// let own = r#"{"id": "c1", "queue": "宽带", "turns": [{"speaker": "agent", "text": "您好"}]}"#;
/// let own = &parse(own, SourceFormat::Json, &ParseOptions::default()).calls[0];
/// assert!(!own.metadata.is_empty() && call_metadata(own).is_none());
/// ```
pub fn call_metadata(call: &huashu::Call) -> Option<&serde_json::Map<String, serde_json::Value>> {
    (call.platform.is_some() && !call.metadata.is_empty()).then_some(&call.metadata)
}

/// A turn of [`CallSource::turns`]: which turn, who, when, and the platform's extras.
#[derive(Debug, Serialize)]
pub struct JsonTurn<'a> {
    /// The 0-based turn, as a violation's `turn`.
    pub turn: usize,
    /// Who said it.
    pub speaker: Speaker,
    /// When it starts, in seconds from the start of the call.
    pub start: Option<f64>,
    /// When it ends, in seconds.
    pub end: Option<f64>,
    /// The platform's fields, as it wrote them.
    pub metadata: &'a serde_json::Map<String, serde_json::Value>,
}

impl<'a> JsonTurn<'a> {
    /// The turns of a call that carry metadata.
    pub fn of_call(call: &'a huashu::Call) -> Vec<JsonTurn<'a>> {
        call.turns
            .iter()
            .enumerate()
            .filter(|(_, t)| !t.metadata.is_empty())
            .map(|(turn, t)| JsonTurn {
                turn,
                speaker: t.speaker,
                start: t.start,
                end: t.end,
                metadata: &t.metadata,
            })
            .collect()
    }
}

impl<'a> JsonCall<'a> {
    /// A checked call as the contract writes it.
    pub fn new(checked: &'a CheckedCall) -> Self {
        let info = &checked.call.info;
        JsonCall {
            id: checked.report.id.as_deref(),
            agent: info.agent.as_deref(),
            date: info.date.as_deref(),
            team: info.team.as_deref(),
            line: checked.call.line,
            score: checked.report.score,
            passed: checked.report.passed,
            violations: checked
                .report
                .violations
                .iter()
                .map(JsonViolation::new)
                .collect(),
            suppressed: checked
                .report
                .suppressed
                .iter()
                .map(JsonViolation::new)
                .collect(),
            review: checked
                .report
                .review
                .iter()
                .map(JsonViolation::new)
                .collect(),
            profile: &checked.report.profile,
            source: CallSource::of(&checked.call),
        }
    }
}

/// One violation: the rule, where (turn, line and column, 1-based, `end_column` exclusive),
/// the words, the message and the compliant rewrite.
#[derive(Debug, Serialize)]
pub struct JsonViolation<'a> {
    /// The rule's id.
    pub rule: &'a str,
    /// Its category.
    pub category: Category,
    /// Its severity.
    pub severity: Severity,
    /// The points it costs.
    pub points: u32,
    /// Who said the words.
    pub speaker: Speaker,
    /// The 0-based turn.
    pub turn: usize,
    /// Where the words start.
    pub line: Option<usize>,
    /// Where the words start, in characters.
    pub column: Option<usize>,
    /// Where the words end.
    pub end_line: Option<usize>,
    /// Where the words end (exclusive), in characters.
    pub end_column: Option<usize>,
    /// The words.
    pub matched: &'a str,
    /// The rule's message.
    pub message: &'a str,
    /// The compliant replacement.
    pub suggestion: Option<&'a str>,
    /// Further advice.
    pub help: Option<&'a str>,
    /// Whether `huashu fix` applies the suggestion (`safe`), or only with `--unsafe`.
    pub fix: Option<Fix>,
    /// For an intent finding: the model's calibrated confidence, 0 to 1 (4 decimals). Absent
    /// for a phrase finding.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
    /// For an intent finding: the words that weighed most for it, strongest first. Absent for
    /// a phrase finding.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<JsonEvidence<'a>>,
    /// What kind of finding it is, for the rules that find more than one kind: `no-reply` (a
    /// response rule's trigger the expected speaker never answered before the call ended, not
    /// a wrong answer), `approximate` (a required phrase counted although speech recognition
    /// dropped or changed one character of it; a review item). Absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
}

/// Words that weighed for an intent finding, and where they are (as a violation's position).
#[derive(Debug, Serialize)]
pub struct JsonEvidence<'a> {
    /// The words.
    pub matched: &'a str,
    /// How much they added to the class's log-odds (3 decimals).
    pub weight: f64,
    /// Where they start.
    pub line: Option<usize>,
    /// Where they start, in characters.
    pub column: Option<usize>,
    /// Where they end.
    pub end_line: Option<usize>,
    /// Where they end (exclusive), in characters.
    pub end_column: Option<usize>,
}

impl<'a> JsonEvidence<'a> {
    /// Evidence as the contract writes it.
    pub fn new(e: &'a Evidence) -> Self {
        JsonEvidence {
            matched: &e.matched,
            weight: round(e.weight, 1000.0),
            line: e.location.map(|l| l.start.line),
            column: e.location.map(|l| l.start.column),
            end_line: e.location.map(|l| l.end.line),
            end_column: e.location.map(|l| l.end.column),
        }
    }
}

/// `value` rounded to `1 / scale`.
fn round(value: f64, scale: f64) -> f64 {
    (value * scale).round() / scale
}

impl<'a> JsonViolation<'a> {
    /// A violation as the contract writes it.
    pub fn new(v: &'a Violation) -> Self {
        JsonViolation {
            rule: &v.rule,
            category: v.category,
            severity: v.severity,
            points: v.points,
            speaker: v.speaker,
            turn: v.turn,
            line: v.location.map(|l| l.start.line),
            column: v.location.map(|l| l.start.column),
            end_line: v.location.map(|l| l.end.line),
            end_column: v.location.map(|l| l.end.column),
            matched: &v.matched,
            message: &v.message,
            suggestion: v.suggestion.as_deref(),
            help: v.help.as_deref(),
            fix: v.fix,
            confidence: v.confidence.map(|c| round(c, 10000.0)),
            evidence: v.evidence.iter().map(JsonEvidence::new).collect(),
            outcome: v.outcome,
        }
    }
}

/// The `summary` of `--format json`.
#[derive(Debug, Serialize)]
pub struct JsonSummary {
    /// Inputs.
    pub files: usize,
    /// Inputs that could not be read completely.
    pub files_with_errors: usize,
    /// Calls.
    pub calls: usize,
    /// Calls that passed QA.
    pub passed: usize,
    /// Calls that did not.
    pub failed: usize,
    /// The pass mark.
    pub pass_mark: u32,
    /// `passed / calls`, to 4 decimals.
    pub pass_rate: Option<f64>,
    /// Violations.
    pub violations: usize,
    /// Violations that are errors.
    pub errors: usize,
    /// Violations that are warnings.
    pub warnings: usize,
    /// Violations that are info.
    pub infos: usize,
    /// Violations silenced by suppression comments.
    pub suppressed: usize,
    /// The mean score, to 2 decimals.
    pub mean_score: Option<f64>,
    /// Intent findings in their rule's review band, over every call (not scored). Absent when
    /// there are none.
    #[serde(skip_serializing_if = "is_zero")]
    pub review: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl JsonSummary {
    /// The summary of a tally.
    pub fn new(tally: &Tally) -> Self {
        JsonSummary {
            files: tally.files,
            files_with_errors: tally.files_with_errors,
            calls: tally.calls(),
            passed: tally.passed,
            failed: tally.calls() - tally.passed,
            pass_mark: tally.pass_mark,
            pass_rate: tally.pass_rate().map(|r| (r * 10000.0).round() / 10000.0),
            violations: tally.violations,
            errors: tally.count(Severity::Error),
            warnings: tally.count(Severity::Warning),
            infos: tally.count(Severity::Info),
            suppressed: tally.suppressed,
            mean_score: tally.mean_score().map(|m| (m * 100.0).round() / 100.0),
            review: tally.review,
        }
    }
}

/// One line of `--format jsonl`: a violation with the input and the call it belongs to.
#[derive(Debug, Serialize)]
pub struct JsonlRecord<'a> {
    /// [`JSON_VERSION`].
    pub version: u32,
    /// The input's name.
    pub path: &'a str,
    /// The call's id.
    pub call: Option<&'a str>,
    /// The agent who took it.
    pub agent: Option<&'a str>,
    /// When.
    pub date: Option<&'a str>,
    /// The agent's team.
    pub team: Option<&'a str>,
    /// The source line where the call starts.
    pub call_line: Option<usize>,
    /// The call's score.
    pub score: u32,
    /// Whether the call passed QA.
    pub passed: bool,
    /// The violation, its fields at the top level.
    #[serde(flatten)]
    pub violation: JsonViolation<'a>,
    /// `true` for an intent finding in its rule's review band (one of the call's `review`
    /// items, not scored); absent for a violation.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub review: bool,
}

impl<'a> JsonlRecord<'a> {
    /// The records of a call: one per violation, then one per review item.
    pub fn of_call(path: &'a str, checked: &'a CheckedCall) -> impl Iterator<Item = Self> + 'a {
        let info = &checked.call.info;
        let report = &checked.report;
        let violations = report.violations.iter().map(|v| (v, false));
        let review = report.review.iter().map(|v| (v, true));
        violations
            .chain(review)
            .map(move |(v, review)| JsonlRecord {
                version: JSON_VERSION,
                path,
                call: checked.report.id.as_deref(),
                agent: info.agent.as_deref(),
                date: info.date.as_deref(),
                team: info.team.as_deref(),
                call_line: checked.call.line,
                score: checked.report.score,
                passed: checked.report.passed,
                violation: JsonViolation::new(v),
                review,
            })
    }
}

/// The line of `--format jsonl` that closes each call, after its violations, whether it had
/// any or not: `{"version": 1, "type": "call", "path", "call", "agent", "date", "team",
/// "call_line", "score", "passed", "violations", "review", "roles"?, "turns"?, "metadata"?}`,
/// so that a consumer of the stream knows every call was checked. Told from a violation's line
/// by its `type` (violations have none).
#[derive(Debug, Serialize)]
pub struct JsonlCall<'a> {
    /// [`JSON_VERSION`].
    pub version: u32,
    /// Always `"call"`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The input's name.
    pub path: &'a str,
    /// The call's id.
    pub call: Option<&'a str>,
    /// The agent who took it.
    pub agent: Option<&'a str>,
    /// When.
    pub date: Option<&'a str>,
    /// The agent's team.
    pub team: Option<&'a str>,
    /// The source line where the call starts.
    pub call_line: Option<usize>,
    /// The call's score.
    pub score: u32,
    /// Whether the call passed QA.
    pub passed: bool,
    /// How many violations it has (the lines before this one).
    pub violations: usize,
    /// How many review items it has.
    pub review: usize,
    /// As [`JsonCall::profile`]: the channel profile the call was checked with.
    pub profile: &'a str,
    /// As [`JsonCall::source`]: `roles`, `turns` and `metadata`, inline, each absent when empty.
    #[serde(flatten)]
    pub source: CallSource<'a>,
}

impl<'a> JsonlCall<'a> {
    /// The record of a checked call.
    ///
    /// ```
    /// use huashu_workspace::check::{check_source, CheckOptions};
    /// use huashu_workspace::json::JsonlCall;
    /// let linter = huashu::Linter::with_builtin_packs();
    /// let jsonl = "{\"id\": \"c7\", \"turns\": [{\"speaker\": \"agent\", \"text\": \"您好\"}]}\n";
    /// let result = check_source(&linter, "day.jsonl", jsonl.as_bytes().to_vec(), None, &CheckOptions::new(Default::default()));
    /// let json = serde_json::to_string(&JsonlCall::new("day.jsonl", &result.calls[0])).unwrap();
    /// assert!(json.starts_with(r#"{"version":1,"type":"call","path":"day.jsonl","call":"c7","#), "{json}");
    /// // Two violations: the greeting and the closing are incomplete.
    /// assert!(json.ends_with(r#""passed":true,"violations":2,"review":0,"profile":"inbound"}"#), "{json}");
    /// ```
    pub fn new(path: &'a str, checked: &'a CheckedCall) -> Self {
        let info = &checked.call.info;
        JsonlCall {
            version: JSON_VERSION,
            kind: "call",
            path,
            call: checked.report.id.as_deref(),
            agent: info.agent.as_deref(),
            date: info.date.as_deref(),
            team: info.team.as_deref(),
            call_line: checked.call.line,
            score: checked.report.score,
            passed: checked.report.passed,
            violations: checked.report.violations.len(),
            review: checked.report.review.len(),
            profile: &checked.report.profile,
            source: CallSource::of(&checked.call),
        }
    }
}

/// One line of `--format jsonl` for a problem reading an input.
#[derive(Debug, Serialize)]
pub struct JsonlError<'a> {
    /// [`JSON_VERSION`].
    pub version: u32,
    /// The input's name.
    pub path: &'a str,
    /// What is wrong.
    pub error: String,
}

/// `--statistics --format json`: how often each rule fired.
#[derive(Debug, Serialize)]
pub struct JsonStatistics<'a> {
    /// [`JSON_VERSION`].
    pub version: u32,
    /// Inputs.
    pub files: usize,
    /// Calls.
    pub calls: usize,
    /// Agent turns.
    pub agent_turns: usize,
    /// Violations.
    pub violations: usize,
    /// Per rule, most violations first (then by id).
    pub rules: Vec<JsonRuleCount<'a>>,
}

/// One rule of [`JsonStatistics`].
#[derive(Debug, Serialize)]
pub struct JsonRuleCount<'a> {
    /// The rule id.
    pub rule: &'a str,
    /// Its category.
    pub category: &'a str,
    /// Its severity.
    pub severity: &'a str,
    /// Its violations.
    pub violations: usize,
    /// Calls it fired in.
    pub calls: usize,
    /// Turns it fired in.
    pub turns: usize,
}

impl<'a> JsonStatistics<'a> {
    /// The statistics of a tally, rules in the order given.
    pub fn new(tally: &Tally, rules: &[&'a RuleStats]) -> Self {
        JsonStatistics {
            version: JSON_VERSION,
            files: tally.files,
            calls: tally.calls(),
            agent_turns: tally.agent_turns,
            violations: tally.violations,
            rules: rules
                .iter()
                .map(|r| JsonRuleCount {
                    rule: &r.rule,
                    category: &r.category,
                    severity: r.severity.as_str(),
                    violations: r.violations,
                    calls: r.calls,
                    turns: r.turns,
                })
                .collect(),
        }
    }
}
