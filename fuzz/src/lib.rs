//! The bodies of the fuzz targets, shared by `cargo fuzz` and by the replay test in the
//! project's own suite (`crates/huashu/tests/fuzz_replay.rs`), which runs every input under
//! `fuzz/regressions/` without libFuzzer. Each body panics when an invariant breaks.

use std::sync::OnceLock;

use huashu::transcript::{parse, ParseOptions, SourceFormat};
use huashu::{Call, Category, Linter, Pack};

/// The linter with the built-in packs, built once.
fn linter() -> &'static Linter {
    static LINTER: OnceLock<Linter> = OnceLock::new();
    LINTER.get_or_init(Linter::with_builtin_packs)
}

/// The format, chosen by the first byte so that one corpus covers them all: 0, 1 and 2 are
/// text, JSON Lines and JSON, the next ones the platform exports and subtitles
/// ([`SourceFormat::ALL`]).
fn split_format(data: &[u8]) -> (SourceFormat, &str) {
    let (format, rest) = match data.split_first() {
        Some((b, rest)) => (
            SourceFormat::ALL[*b as usize % SourceFormat::ALL.len()],
            rest,
        ),
        None => (SourceFormat::Text, data),
    };
    let text = match std::str::from_utf8(rest) {
        Ok(text) => text,
        Err(err) => std::str::from_utf8(&rest[..err.valid_up_to()]).expect("valid prefix"),
    };
    (format, text)
}

/// Every position the parser reports lies inside the source, on a character boundary, and
/// every turn's anchors map back into the source.
fn assert_positions(source: &str, calls: &[Call]) {
    for call in calls {
        for turn in &call.turns {
            for (offset, is_end) in [(0, false), (turn.text.len(), true)] {
                if let Some(pos) = turn.position(offset, is_end) {
                    assert!(pos.offset <= source.len(), "offset past the end");
                    assert!(source.is_char_boundary(pos.offset), "offset inside a char");
                    assert!(pos.line >= 1 && pos.column >= 1);
                }
            }
        }
    }
}

/// Parses any bytes in any format: no panic, positions inside the source, errors with lines
/// that exist.
pub fn transcript(data: &[u8]) {
    let (format, source) = split_format(data);
    let parsed = parse(source, format, &ParseOptions::default());
    assert_positions(source, &parsed.calls);
    let lines = source.split('\n').count().max(1);
    for error in &parsed.errors {
        assert!(
            error.line >= 1 && error.line <= lines,
            "error on a line that does not exist"
        );
    }
    for warning in &parsed.warnings {
        assert!(
            warning.line >= 1 && warning.line <= lines,
            "warning on a line that does not exist"
        );
    }
}

/// Loads any text as a rule pack: a pack or an error, never a panic; a pack that loads builds
/// a linter (or fails with an error) and checks a call.
pub fn pack(data: &[u8]) {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(pack) = Pack::from_toml("fuzz.toml", source) {
        if let Ok(linter) = Linter::new([pack]) {
            let call = parse(
                "客服:喂,您好,请问有什么可以帮您?\n客户:我的宽带又断了\n",
                SourceFormat::Text,
                &ParseOptions::default(),
            );
            for call in &call.calls {
                let _ = linter.check(call);
            }
        }
    }
}

/// Parses and checks any input with the built-in packs: every violation's span lies inside
/// its turn on character boundaries and says what `matched` says, and its source location
/// points at the same words.
pub fn check(data: &[u8]) {
    let (format, source) = split_format(data);
    let parsed = parse(source, format, &ParseOptions::default());
    for call in &parsed.calls {
        let report = linter().check(call);
        assert!(report.score <= 100);
        for v in &report.violations {
            let Some(turn) = call.turns.get(v.turn) else {
                // Call-level findings (a missing greeting) may point at no turn.
                continue;
            };
            if v.category == Category::Meta {
                // Findings about suppression comments point into the comment, not the turn.
                if let (Some(loc), SourceFormat::Text) = (v.location, format) {
                    assert_eq!(&source[loc.start.offset..loc.end.offset], v.matched);
                }
                continue;
            }
            if v.start == v.end && v.matched.is_empty() {
                continue;
            }
            let text = &turn.text;
            assert!(
                v.start <= v.end && v.end <= text.len(),
                "span outside its turn"
            );
            assert!(text.is_char_boundary(v.start) && text.is_char_boundary(v.end));
            assert_eq!(&text[v.start..v.end], v.matched, "span and matched differ");
            // Within one line, the source location holds exactly the matched words (a span
            // over a continuation line also covers the next line's indentation).
            if let (Some(loc), SourceFormat::Text) = (v.location, format) {
                if !v.matched.contains('\n') {
                    assert_eq!(&source[loc.start.offset..loc.end.offset], v.matched);
                }
            }
        }
    }
}
