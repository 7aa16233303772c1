//! The formats huashu reads, their names, and telling them apart.

use std::borrow::Cow;

use super::{import, json, text};

/// The format of a transcript source.
///
/// huashu's own formats (plain text, JSON Lines, JSON), the exports of speech-recognition
/// services and contact-centre platforms, and subtitles. The platform exports need not be
/// named: a JSON or JSON Lines source is read by the structure of each of its objects (an
/// object with `turns` is huashu's own call, one with `Result.Sentences` an Alibaba Cloud
/// 录音文件识别 result, and so on); naming one (`--input-format`) makes every object be read as
/// that platform's, and an object that is not says what it lacks.
///
/// ```
/// use huashu::transcript::SourceFormat;
/// assert_eq!("tencent".parse::<SourceFormat>(), Ok(SourceFormat::TencentAsr));
/// assert_eq!(SourceFormat::ContactLens.name(), "contact-lens");
/// assert!(SourceFormat::ALL.iter().all(|f| f.name().parse() == Ok(*f)));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SourceFormat {
    /// Plain text: one turn per line, or an agent script.
    Text,
    /// JSON Lines: one call object (or platform export) per line.
    JsonLines,
    /// JSON: one call object (or platform export), or an array of them.
    Json,
    /// Alibaba Cloud 录音文件识别 results: `Result.Sentences[]`.
    AlibabaAsr,
    /// Alibaba Cloud 智能对话分析 (SCA) tickets: `tickets[].dialogue[]`.
    AlibabaSca,
    /// Alibaba Cloud DashScope Paraformer / Fun-ASR file transcription: `transcripts[].sentences[]`.
    DashScope,
    /// Tencent Cloud ASR 录音文件识别: `ResultDetail[]`.
    TencentAsr,
    /// iFlytek 录音文件转写: `orderResult` (a JSON string) `.lattice[].json_1best` (another).
    Iflytek,
    /// Volcengine (ByteDance) 录音文件识别: `result.utterances[]`.
    Volcengine,
    /// Amazon Connect Contact Lens analysis output: `Transcript[]`, `Participants[]`.
    ContactLens,
    /// Genesys Cloud transcripts: `transcripts[].phrases[]`.
    Genesys,
    /// Google Contact Center AI Insights conversations: `entries[]`.
    CcaiInsights,
    /// WebVTT subtitles, speakers as `<v 客服>` voices.
    WebVtt,
    /// SRT subtitles, speakers as a label at the start of the text (`客服:…`).
    Srt,
}

impl SourceFormat {
    /// Every format, huashu's own first.
    pub const ALL: &'static [SourceFormat] = &[
        SourceFormat::Text,
        SourceFormat::JsonLines,
        SourceFormat::Json,
        SourceFormat::AlibabaAsr,
        SourceFormat::AlibabaSca,
        SourceFormat::DashScope,
        SourceFormat::TencentAsr,
        SourceFormat::Iflytek,
        SourceFormat::Volcengine,
        SourceFormat::ContactLens,
        SourceFormat::Genesys,
        SourceFormat::CcaiInsights,
        SourceFormat::WebVtt,
        SourceFormat::Srt,
    ];

    /// The name used by `--input-format` and `huashu.toml`.
    ///
    /// ```
    /// assert_eq!(huashu::transcript::SourceFormat::JsonLines.name(), "jsonl");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            SourceFormat::Text => "text",
            SourceFormat::JsonLines => "jsonl",
            SourceFormat::Json => "json",
            SourceFormat::AlibabaAsr => "alibaba",
            SourceFormat::AlibabaSca => "alibaba-sca",
            SourceFormat::DashScope => "dashscope",
            SourceFormat::TencentAsr => "tencent",
            SourceFormat::Iflytek => "iflytek",
            SourceFormat::Volcengine => "volcengine",
            SourceFormat::ContactLens => "contact-lens",
            SourceFormat::Genesys => "genesys",
            SourceFormat::CcaiInsights => "ccai",
            SourceFormat::WebVtt => "webvtt",
            SourceFormat::Srt => "srt",
        }
    }

    /// What the format is, for help texts and error messages.
    ///
    /// ```
    /// let about = huashu::transcript::SourceFormat::TencentAsr.description();
    /// assert!(about.contains("ResultDetail"));
    /// ```
    pub fn description(self) -> &'static str {
        match self {
            SourceFormat::Text => "huashu plain text (`[START-END] LABEL:text` lines, or a script)",
            SourceFormat::JsonLines => "huashu JSON Lines (one call object per line)",
            SourceFormat::Json => "huashu JSON (`{\"turns\": [...]}` or an array of them)",
            SourceFormat::AlibabaAsr => "Alibaba Cloud 录音文件识别 (`Result.Sentences`)",
            SourceFormat::AlibabaSca => "Alibaba Cloud 智能对话分析 (`tickets[].dialogue`)",
            SourceFormat::DashScope => "DashScope Paraformer / Fun-ASR (`transcripts[].sentences`)",
            SourceFormat::TencentAsr => "Tencent Cloud ASR (`ResultDetail`)",
            SourceFormat::Iflytek => "iFlytek 录音文件转写 (`orderResult`, `lattice[].json_1best`)",
            SourceFormat::Volcengine => "Volcengine 录音文件识别 (`result.utterances`)",
            SourceFormat::ContactLens => "Amazon Connect Contact Lens (`Transcript`)",
            SourceFormat::Genesys => "Genesys Cloud (`transcripts[].phrases`)",
            SourceFormat::CcaiInsights => "Google CCAI Insights (`entries`)",
            SourceFormat::WebVtt => "WebVTT subtitles (`<v 客服>` voices)",
            SourceFormat::Srt => "SRT subtitles (`客服:` at the start of the text)",
        }
    }

    /// The format a file name's extension implies: `.jsonl` and `.ndjson` are JSON Lines,
    /// `.json` is JSON, `.vtt` WebVTT, `.srt` SRT, anything else is plain text. (A platform
    /// export is a `.json` file: its platform is told from its structure.)
    ///
    /// ```
    /// use huashu::transcript::SourceFormat;
    /// assert_eq!(SourceFormat::from_path("calls/day1.jsonl"), SourceFormat::JsonLines);
    /// assert_eq!(SourceFormat::from_path("call.VTT"), SourceFormat::WebVtt);
    /// assert_eq!(SourceFormat::from_path("script.txt"), SourceFormat::Text);
    /// ```
    pub fn from_path(path: &str) -> SourceFormat {
        let lower = path.to_ascii_lowercase();
        if lower.ends_with(".jsonl") || lower.ends_with(".ndjson") {
            SourceFormat::JsonLines
        } else if lower.ends_with(".json") {
            SourceFormat::Json
        } else if lower.ends_with(".vtt") {
            SourceFormat::WebVtt
        } else if lower.ends_with(".srt") {
            SourceFormat::Srt
        } else {
            SourceFormat::Text
        }
    }

    /// Guesses the format of a source without a name (standard input): WebVTT when it starts
    /// with `WEBVTT`, SRT when it starts with a cue number and a `-->` timing line, JSON Lines
    /// when the first non-blank character is `{`, JSON when it is `[`, plain text otherwise.
    ///
    /// ```
    /// use huashu::transcript::SourceFormat;
    /// assert_eq!(SourceFormat::sniff("{\"turns\": []}\n"), SourceFormat::JsonLines);
    /// assert_eq!(SourceFormat::sniff("WEBVTT\n\n00:01.000 --> 00:02.000\n<v 客服>您好\n"), SourceFormat::WebVtt);
    /// assert_eq!(SourceFormat::sniff("客服:您好"), SourceFormat::Text);
    /// ```
    pub fn sniff(source: &str) -> SourceFormat {
        let body = source.trim_start_matches('\u{feff}').trim_start();
        if import::webvtt::is_webvtt(body) {
            return SourceFormat::WebVtt;
        }
        if import::srt::is_srt(body) {
            return SourceFormat::Srt;
        }
        match body.chars().next() {
            Some('{') => SourceFormat::JsonLines,
            Some('[') if !text::starts_with_time_range(source) => SourceFormat::Json,
            _ => SourceFormat::Text,
        }
    }

    /// The most specific format a source has, from its structure: the platform whose export its
    /// (first) JSON object is, else what [`SourceFormat::sniff`] says — except that a JSON
    /// object spread over several lines is JSON, not JSON Lines. For saying which format was
    /// read; [`parse`](super::parse) reads platform exports given as JSON or JSON Lines anyway.
    ///
    /// ```
    /// use huashu::transcript::SourceFormat;
    /// let alibaba = r#"{"TaskId": "t1", "Result": {"Sentences": [{"ChannelId": 0, "BeginTime": 0, "EndTime": 900, "Text": "您好"}]}}"#;
    /// assert_eq!(SourceFormat::detect(alibaba), SourceFormat::AlibabaAsr);
    /// assert_eq!(SourceFormat::detect("{\n  \"turns\": []\n}\n"), SourceFormat::Json);
    /// assert_eq!(SourceFormat::detect("客服:您好\n"), SourceFormat::Text);
    /// ```
    pub fn detect(source: &str) -> SourceFormat {
        let sniffed = SourceFormat::sniff(source);
        match sniffed {
            SourceFormat::Json | SourceFormat::JsonLines => {
                let container = json::container(source);
                json::first_shape(source).unwrap_or(container)
            }
            other => other,
        }
    }

    /// Whether this is a platform export read from JSON (not huashu's own JSON formats).
    ///
    /// ```
    /// use huashu::transcript::SourceFormat;
    /// assert!(SourceFormat::Genesys.is_platform_export());
    /// assert!(!SourceFormat::Json.is_platform_export());
    /// assert!(!SourceFormat::Srt.is_platform_export());
    /// ```
    pub fn is_platform_export(self) -> bool {
        !matches!(
            self,
            SourceFormat::Text
                | SourceFormat::JsonLines
                | SourceFormat::Json
                | SourceFormat::WebVtt
                | SourceFormat::Srt
        )
    }

    /// `text` written as it must appear in a source of this format to be read back as `text`:
    /// JSON-escaped inside a JSON string (JSON Lines, JSON and the platform exports), as it is
    /// in plain text and subtitles. What a fix puts in place of the words it rewrites (inside a
    /// JSON string that is itself inside a JSON string, as iFlytek's words are, the fix escapes
    /// once per level: see [`crate::Origin::string_levels`]).
    ///
    /// ```
    /// use huashu::transcript::SourceFormat;
    /// assert_eq!(SourceFormat::Text.escape("请说\"您好\""), "请说\"您好\"");
    /// assert_eq!(SourceFormat::JsonLines.escape("请说\"您好\""), "请说\\\"您好\\\"");
    /// ```
    pub fn escape(self, text: &str) -> Cow<'_, str> {
        match self {
            SourceFormat::Text | SourceFormat::WebVtt | SourceFormat::Srt => Cow::Borrowed(text),
            _ => Cow::Owned(json::escape(text)),
        }
    }
}

impl std::str::FromStr for SourceFormat {
    type Err = String;

    /// A format by its [`name`](SourceFormat::name) (case-insensitive; `vtt` and `ndjson` too).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase();
        let alias = match wanted.as_str() {
            "vtt" => Some(SourceFormat::WebVtt),
            "ndjson" | "json-lines" => Some(SourceFormat::JsonLines),
            "txt" => Some(SourceFormat::Text),
            _ => None,
        };
        alias
            .or_else(|| {
                SourceFormat::ALL
                    .iter()
                    .copied()
                    .find(|f| f.name() == wanted)
            })
            .ok_or_else(|| {
                let names: Vec<&str> = SourceFormat::ALL.iter().map(|f| f.name()).collect();
                format!(
                    "unknown input format `{}`: expected one of {}",
                    s.trim(),
                    names.join(", ")
                )
            })
    }
}

impl std::fmt::Display for SourceFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}
