//! The call model: calls, turns, speakers, and where each turn came from.
//!
//! A [`Call`] is what the linter checks. It is usually produced by [`crate::transcript::parse`]
//! from a transcript or a script, in which case every [`Turn`] carries an [`Origin`] that maps
//! byte offsets of its text back to the source file, so that a violation can be shown at its
//! exact line and column. Calls built by hand (for example by an embedding program that receives
//! speech-recognition output) simply have no origin.

mod origin;
mod roles;

pub use origin::{Anchor, Locator, Origin, Position};
pub use roles::Roles;

use serde::{Deserialize, Serialize};

/// Who speaks a turn.
///
/// ```
/// use huashu::Speaker;
/// assert_eq!(Speaker::Agent.as_str(), "agent");
/// assert_eq!("customer".parse::<Speaker>(), Ok(Speaker::Customer));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Speaker {
    /// The customer-service representative (客服, 坐席): the subject of the norms.
    Agent,
    /// The caller (客户). Customer speech is context, never the subject of agent rules.
    Customer,
}

impl Speaker {
    /// The lowercase English name used in packs and in JSON output.
    ///
    /// ```
    /// assert_eq!(huashu::Speaker::Customer.as_str(), "customer");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Speaker::Agent => "agent",
            Speaker::Customer => "customer",
        }
    }

    /// The Chinese label used in human-readable output (客服 / 客户).
    ///
    /// ```
    /// assert_eq!(huashu::Speaker::Agent.label_zh(), "客服");
    /// ```
    pub fn label_zh(self) -> &'static str {
        match self {
            Speaker::Agent => "客服",
            Speaker::Customer => "客户",
        }
    }
}

impl std::fmt::Display for Speaker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Speaker {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "agent" => Ok(Speaker::Agent),
            "customer" => Ok(Speaker::Customer),
            other => Err(format!(
                "unknown speaker `{other}`: expected `agent` or `customer`"
            )),
        }
    }
}

/// Whether a call is a recorded conversation or an agent script.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum CallKind {
    /// A conversation between agent and customer (turns carry speaker labels).
    #[default]
    Transcript,
    /// An agent script: every line is something the agent will say.
    Script,
}

/// One utterance of one speaker.
///
/// ```
/// use huashu::{Speaker, Turn};
/// let turn = Turn::new(Speaker::Agent, "您好,请问有什么可以帮您?");
/// assert_eq!(turn.speaker, Speaker::Agent);
/// assert!(turn.origin.is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Turn {
    /// Who said it.
    pub speaker: Speaker,
    /// What was said, decoded (JSON escapes resolved, continuation lines joined with `\n`).
    pub text: String,
    /// Start time in seconds from the start of the call, when the transcript has times.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<f64>,
    /// End time in seconds from the start of the call, when the transcript has times.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<f64>,
    /// What the source says about the turn besides its words and times: a platform export's
    /// extras (emotion, speech rate, silence before it, sentiment, the channel or speaker id),
    /// under the platform's own field names.
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    pub metadata: serde_json::Map<String, serde_json::Value>,
    /// Where the text came from in the source, when it was parsed from one.
    #[serde(skip)]
    pub origin: Option<Origin>,
}

impl Turn {
    /// A turn with no times and no source origin.
    ///
    /// ```
    /// let turn = huashu::Turn::new(huashu::Speaker::Agent, "您好");
    /// assert_eq!(turn.text, "您好");
    /// ```
    pub fn new(speaker: Speaker, text: impl Into<String>) -> Self {
        Turn {
            speaker,
            text: text.into(),
            start: None,
            end: None,
            metadata: serde_json::Map::new(),
            origin: None,
        }
    }

    /// The same turn with a time range in seconds.
    ///
    /// ```
    /// use huashu::{Speaker, Turn};
    /// let turn = Turn::new(Speaker::Customer, "你好").with_times(0.0, 1.2);
    /// assert_eq!(turn.end, Some(1.2));
    /// ```
    pub fn with_times(mut self, start: f64, end: f64) -> Self {
        self.start = Some(start);
        self.end = Some(end);
        self
    }

    /// The source position of a byte offset of this turn's text, if the turn has an origin.
    ///
    /// `is_end` selects how an offset that sits exactly on a gap in the source (a line break
    /// between continuation lines, a JSON escape) is placed: an end offset stays at the end of
    /// the preceding stretch, a start offset moves to the beginning of the next one.
    ///
    /// ```
    /// use huashu::transcript::{parse, ParseOptions, SourceFormat};
    /// let parsed = parse("客户:你好\n客服:您好\n", SourceFormat::Text, &ParseOptions::default());
    /// let turn = &parsed.calls[0].turns[1];
    /// let pos = turn.position(0, false).unwrap();
    /// assert_eq!((pos.line, pos.column), (2, 4));
    /// ```
    pub fn position(&self, offset: usize, is_end: bool) -> Option<Position> {
        self.origin
            .as_ref()
            .map(|origin| origin.locate(&self.text, offset, is_end))
    }
}

/// Who took a call, when, and in which team: what QA groups results by.
///
/// Every field is optional text, kept as the source wrote it (a date is not reparsed).
///
/// ```
/// use huashu::{Call, CallInfo};
/// let mut info = CallInfo::default();
/// info.agent = Some("1022".into());
/// info.date = Some("2026-11-20".into());
/// let call = Call::new(vec![]).with_info(info);
/// assert_eq!(call.info.agent.as_deref(), Some("1022"));
/// assert!(call.info.team.is_none());
///
/// // With serde, the fields sit at the top level of the call, as in JSON input.
/// let json = serde_json::to_value(&call).unwrap();
/// assert_eq!(json["agent"], "1022");
/// let back: Call = serde_json::from_str(r#"{"turns": [], "agent_id": "1022", "team": "夜班"}"#).unwrap();
/// assert_eq!(back.info.agent.as_deref(), Some("1022"));
/// assert_eq!(back.info.team.as_deref(), Some("夜班"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CallInfo {
    /// The agent (坐席) who took the call: an id or a name.
    #[serde(default, alias = "agent_id", skip_serializing_if = "Option::is_none")]
    pub agent: Option<String>,
    /// The day (or time) of the call, as written in the source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The agent's team (班组).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
}

impl CallInfo {
    /// Whether no field is known.
    ///
    /// ```
    /// assert!(huashu::CallInfo::default().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.agent.is_none() && self.date.is_none() && self.team.is_none()
    }

    /// Fills every unknown field from `other`; known fields are kept.
    ///
    /// ```
    /// use huashu::CallInfo;
    /// let mut info = CallInfo::default();
    /// info.agent = Some("1022".into());
    /// let mut from_name = CallInfo::default();
    /// from_name.agent = Some("9999".into());
    /// from_name.team = Some("夜班".into());
    /// info.fill_from(&from_name);
    /// assert_eq!(info.agent.as_deref(), Some("1022"));
    /// assert_eq!(info.team.as_deref(), Some("夜班"));
    /// ```
    pub fn fill_from(&mut self, other: &CallInfo) {
        for (mine, theirs) in [
            (&mut self.agent, &other.agent),
            (&mut self.date, &other.date),
            (&mut self.team, &other.team),
        ] {
            if mine.is_none() {
                mine.clone_from(theirs);
            }
        }
    }
}

/// A whole call (or a whole script): the unit the linter checks and scores.
///
/// ```
/// use huashu::{Call, Speaker, Turn};
/// let call = Call::new(vec![
///     Turn::new(Speaker::Agent, "您好,很高兴为您服务"),
///     Turn::new(Speaker::Customer, "我的宽带断了"),
/// ]);
/// assert_eq!(call.turns.len(), 2);
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Call {
    /// The call's id, when the source gives one (a JSON `id`, a `# 通话 ID` header).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Transcript or script.
    #[serde(default)]
    pub kind: CallKind,
    /// The turns in the order they were spoken.
    pub turns: Vec<Turn>,
    /// Who took the call, when and in which team, for grouping results (by agent, by day).
    ///
    /// Read from the `agent`/`agent_id`, `date` and `team` fields of a JSON call; a program
    /// that names its files after these (the `huashu` command line's `--name-pattern`) may fill
    /// it from the file name. Serialised as top-level `agent`, `date` and `team` fields.
    #[serde(flatten)]
    pub info: CallInfo,
    /// Extra fields of the source (JSON fields other than `id` and `turns`, a header line, a
    /// platform export's call-level fields such as its task id or overall sentiment).
    /// The fields read into [`Call::info`] stay here too, exactly as the source wrote them.
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    pub metadata: serde_json::Map<String, serde_json::Value>,
    /// The 1-based source line where the call starts, when it was parsed from a source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// Which of the source's speakers huashu took as the agent and why, when the source names
    /// its speakers with labels no mapping covers (see [`Roles`]); `None` when every speaker
    /// label was known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roles: Option<Roles>,
    /// The suppression comments (`# huashu: ignore[…]`…) of the call's part of a plain-text
    /// source, which the linter applies; see [`crate::suppress`].
    #[serde(skip)]
    pub suppressions: Vec<crate::suppress::Suppression>,
    /// The platform whose export the call was read from (Contact Lens, Tencent ASR…), so that
    /// a report can tell a vendor's call-level extras in [`Call::metadata`] from the extra
    /// fields and headers of huashu's own formats; `None` for huashu's own formats, subtitles
    /// and calls built in code.
    ///
    /// ```
    /// use huashu::transcript::{parse, ParseOptions, SourceFormat};
    /// let export = r#"{"TaskId": "t-1", "ResultDetail": [{"FinalSentence": "您好,工号6021,很高兴为您服务", "StartMs": 0, "EndMs": 900, "SpeakerId": 1}, {"FinalSentence": "我的宽带断了", "StartMs": 1000, "EndMs": 2000, "SpeakerId": 0}]}"#;
    /// let parsed = parse(export, SourceFormat::Json, &ParseOptions::default());
    /// assert_eq!(parsed.calls[0].platform, Some(SourceFormat::TencentAsr));
    /// let own = parse("客服:您好\n", SourceFormat::Text, &ParseOptions::default());
    /// assert_eq!(own.calls[0].platform, None);
    /// ```
    #[serde(skip)]
    pub platform: Option<crate::transcript::SourceFormat>,
}

impl Call {
    /// A transcript call with no id, metadata or origin.
    ///
    /// ```
    /// let call = huashu::Call::new(vec![]);
    /// assert!(call.turns.is_empty() && call.id.is_none());
    /// ```
    pub fn new(turns: Vec<Turn>) -> Self {
        Call {
            turns,
            ..Call::default()
        }
    }

    /// An agent script: each line becomes an agent turn.
    ///
    /// ```
    /// use huashu::{Call, CallKind};
    /// let script = Call::script(["您好,欢迎致电", "请问有什么可以帮您?"]);
    /// assert_eq!(script.kind, CallKind::Script);
    /// assert_eq!(script.turns.len(), 2);
    /// ```
    pub fn script<I, S>(lines: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Call {
            kind: CallKind::Script,
            turns: lines
                .into_iter()
                .map(|line| Turn::new(Speaker::Agent, line))
                .collect(),
            ..Call::default()
        }
    }

    /// The same call with an id.
    ///
    /// ```
    /// let call = huashu::Call::new(vec![]).with_id("20261122-0001");
    /// assert_eq!(call.id.as_deref(), Some("20261122-0001"));
    /// ```
    pub fn with_id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }

    /// The same call with who took it, when and in which team.
    ///
    /// ```
    /// let mut info = huashu::CallInfo::default();
    /// info.team = Some("宽带组".into());
    /// let call = huashu::Call::new(vec![]).with_info(info);
    /// assert_eq!(call.info.team.as_deref(), Some("宽带组"));
    /// ```
    pub fn with_info(mut self, info: CallInfo) -> Self {
        self.info = info;
        self
    }
}
