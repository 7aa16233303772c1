//! SRT subtitles: numbered cues whose speaker is a label at the start of the text (`客服:`).
//!
//! ```text
//! 1
//! 00:00:00,640 --> 00:00:03,820
//! 客服:您好,工号1017,很高兴为您服务
//! ```
//!
//! A label counts when it is known, looks like a speaker's (`说话人1`, `Speaker 2`) or starts
//! more than one cue; a cue without one continues the previous cue's speaker. See
//! [`super::subtitles`].

use super::subtitles::{self, Flavour};
use crate::transcript::{ParseOptions, Parsed};

/// Whether a source (without its byte-order mark and leading blanks) is SRT: a cue number, then
/// a `-->` timing line.
pub(in crate::transcript) fn is_srt(body: &str) -> bool {
    let mut lines = body.lines();
    let number = lines.next().is_some_and(|l| {
        let l = l.trim();
        !l.is_empty() && l.bytes().all(|b| b.is_ascii_digit())
    });
    number && lines.next().is_some_and(|l| l.contains("-->"))
}

/// Parses SRT into one call.
pub(in crate::transcript) fn parse(source: &str, options: &ParseOptions) -> Parsed {
    subtitles::parse(source, options, Flavour::Srt)
}
