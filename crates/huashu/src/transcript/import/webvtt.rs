//! WebVTT subtitles: cues whose speaker is a `<v 客服>` voice (or a `客服:` label).
//!
//! ```text
//! WEBVTT
//!
//! 1
//! 00:00:00.640 --> 00:00:03.820
//! <v 客服>您好,工号1017,很高兴为您服务
//! ```
//!
//! Times are `HH:MM:SS.mmm` or `MM:SS.mmm`; cue settings after the end time are ignored, and
//! `NOTE`, `STYLE` and `REGION` blocks skipped. See [`super::subtitles`].

use super::subtitles::{self, Flavour};
use crate::transcript::{ParseOptions, Parsed};

/// Whether a source (without its byte-order mark and leading blanks) is WebVTT.
pub(in crate::transcript) fn is_webvtt(body: &str) -> bool {
    body.strip_prefix("WEBVTT")
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t', '\n', '\r']))
}

/// Parses WebVTT into one call.
pub(in crate::transcript) fn parse(source: &str, options: &ParseOptions) -> Parsed {
    subtitles::parse(source, options, Flavour::WebVtt)
}
