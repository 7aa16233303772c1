//! Tests of the transcript parsers, and the anchor contract every parsed turn must keep.

mod json;
mod robustness;
mod text;

use super::{parse, Labels, ParseOptions, Parsed, SourceFormat};
use crate::call::{Anchor, Turn};

/// Parses with default labels and checks the anchor contract of every turn.
fn parse_checked(source: &str, format: SourceFormat) -> Parsed {
    parse_with(source, format, Labels::default())
}

/// Parses with the given labels and checks the anchor contract of every turn.
fn parse_with(source: &str, format: SourceFormat, labels: Labels) -> Parsed {
    let parsed = parse(source, format, &ParseOptions::with_labels(labels));
    for call in &parsed.calls {
        for turn in &call.turns {
            assert_anchors(source, turn);
        }
    }
    parsed
}

/// Checks that from one anchor to the next the turn's text is the source's, up to the gap (a
/// joined line break or a decoded escape) that ends each stretch but the last, and that every
/// anchor's line and column agree with a naive recount.
fn assert_anchors(source: &str, turn: &Turn) {
    let origin = turn.origin.as_ref().expect("parsed turns have an origin");
    let anchors = origin.anchors();
    assert_eq!(anchors.first().map(|a| a.text), Some(0), "{turn:?}");
    for (i, anchor) in anchors.iter().enumerate() {
        let next = anchors.get(i + 1);
        let end = next.map_or(turn.text.len(), |next| next.text);
        let stretch = &turn.text[anchor.text..end];
        let verbatim = match next {
            Some(next) => {
                assert!(next.offset > anchor.offset, "{turn:?}");
                let gap = stretch
                    .chars()
                    .last()
                    .expect("a gap ends every stretch but the last");
                let verbatim = &stretch[..stretch.len() - gap.len_utf8()];
                let after = &source[anchor.offset + verbatim.len()..];
                let line_break = gap == '\n'
                    && after.contains('\n')
                    && after
                        .split('\n')
                        .next()
                        .is_some_and(|rest| rest.trim().is_empty());
                assert!(
                    after.starts_with('\\') || line_break,
                    "stretch {stretch:?} of {turn:?} is not followed by a gap"
                );
                verbatim
            }
            None => stretch,
        };
        assert_eq!(
            &source[anchor.offset..anchor.offset + verbatim.len()],
            verbatim,
            "{anchor:?} of {turn:?}"
        );
        assert_eq!(naive_position(source, anchor), (anchor.line, anchor.column));
    }
}

/// The line and column of an anchor's offset, counted the slow way.
fn naive_position(source: &str, anchor: &Anchor) -> (usize, usize) {
    let before = &source[..anchor.offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |at| at + 1);
    let mut in_line = &source[line_start..anchor.offset];
    if line_start == 0 {
        in_line = in_line.strip_prefix('\u{feff}').unwrap_or(in_line);
    }
    (line, in_line.chars().count() + 1)
}

/// The line and column of the first occurrence of `needle` in `source`.
fn line_column_of(source: &str, needle: &str) -> (usize, usize) {
    let at = source.find(needle).expect("needle in source");
    let anchor = Anchor {
        text: 0,
        offset: at,
        line: 0,
        column: 0,
    };
    naive_position(source, &anchor)
}
