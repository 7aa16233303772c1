//! Mapping a turn's decoded text back to its place in the source file.

/// The start of a stretch of a turn's text that appears byte for byte in the source.
///
/// From one anchor up to the next, the turn's text and the source are identical, so a text
/// offset inside the stretch maps to the source linearly. A new anchor starts after every gap:
/// a line break between a turn and its continuation line, or a JSON escape sequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Anchor {
    /// Byte offset in the turn's text.
    pub text: usize,
    /// Byte offset in the source.
    pub offset: usize,
    /// 1-based source line.
    pub line: usize,
    /// 1-based source column, in Unicode characters of that line.
    pub column: usize,
}

/// A place in the source file: where a turn's words, a violation or a suppression comment are.
///
/// Positions of one source order as their offsets do. Serialised as `{"line", "column",
/// "offset"}`.
///
/// ```
/// use huashu::transcript::{parse, ParseOptions, SourceFormat};
/// let parsed = parse("客户:你好\n客服:喂,您好\n", SourceFormat::Text, &ParseOptions::default());
/// let report = huashu::Linter::with_builtin_packs().check(&parsed.calls[0]);
/// let wei = report.violations.iter().find(|v| v.rule == "banned.wei").unwrap();
/// let start: huashu::Position = wei.location.unwrap().start;
/// assert_eq!((start.line, start.column, start.offset), (2, 4, 21));
/// assert_eq!(serde_json::to_string(&start).unwrap(), r#"{"line":2,"column":4,"offset":21}"#);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in Unicode characters of the line.
    pub column: usize,
    /// Byte offset in the source.
    pub offset: usize,
}

/// Where a turn's text came from: a sorted list of [`Anchor`]s.
///
/// ```
/// use huashu::{Anchor, Origin};
/// // "客服:你好" on line 3, the text starting at byte 30, column 4 of the line.
/// let origin = Origin::new(vec![Anchor { text: 0, offset: 30, line: 3, column: 4 }]);
/// let pos = origin.locate("你好", 3, false);
/// assert_eq!((pos.line, pos.column, pos.offset), (3, 5, 33));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Origin {
    anchors: Vec<Anchor>,
    /// How many JSON string literals the text sits in (see [`Origin::string_levels`]).
    levels: u8,
}

impl Origin {
    /// An origin from anchors; they are sorted by text offset. The first should be at text 0.
    ///
    /// ```
    /// use huashu::{Anchor, Origin};
    /// let origin = Origin::new(vec![Anchor { text: 0, offset: 3, line: 1, column: 4 }]);
    /// assert_eq!(origin.anchors().len(), 1);
    /// ```
    pub fn new(mut anchors: Vec<Anchor>) -> Self {
        anchors.sort_by_key(|a| a.text);
        Origin { anchors, levels: 0 }
    }

    /// How many JSON string literals the text sits in: 0 in plain text and subtitles, 1 in a
    /// JSON string, 2 or 3 in a JSON string inside a JSON string (iFlytek's `orderResult`, whose
    /// `json_1best` strings hold the words). Words written back into the source (a fix) are
    /// escaped once per level.
    ///
    /// ```
    /// use huashu::transcript::{parse, ParseOptions, SourceFormat};
    /// let parsed = parse("{\"turns\": [{\"speaker\": \"agent\", \"text\": \"您好\"}]}", SourceFormat::Json, &ParseOptions::default());
    /// assert_eq!(parsed.calls[0].turns[0].origin.as_ref().unwrap().string_levels(), 1);
    /// assert_eq!(huashu::Origin::default().string_levels(), 0);
    /// ```
    pub fn string_levels(&self) -> u8 {
        self.levels
    }

    /// The same origin, for text that sits in `levels` JSON string literals.
    pub(crate) fn with_string_levels(mut self, levels: u8) -> Self {
        self.levels = levels;
        self
    }

    /// The anchors, sorted by text offset.
    ///
    /// ```
    /// assert!(huashu::Origin::default().anchors().is_empty());
    /// ```
    pub fn anchors(&self) -> &[Anchor] {
        &self.anchors
    }

    /// Adds an anchor after the existing ones.
    ///
    /// ```
    /// use huashu::{Anchor, Origin};
    /// let mut origin = Origin::default();
    /// origin.push(Anchor { text: 0, offset: 0, line: 1, column: 1 });
    /// origin.push(Anchor { text: 7, offset: 9, line: 2, column: 1 });
    /// assert_eq!(origin.locate("您好,\n再见", 7, false).line, 2);
    /// ```
    pub fn push(&mut self, anchor: Anchor) {
        debug_assert!(self.anchors.last().is_none_or(|a| a.text <= anchor.text));
        self.anchors.push(anchor);
    }

    /// Moves every anchor `lines` lines down and `bytes` bytes on: for text parsed on its own
    /// that sits further into a source (columns are unchanged).
    pub(crate) fn shift(&mut self, lines: usize, bytes: usize) {
        for anchor in &mut self.anchors {
            anchor.line += lines;
            anchor.offset += bytes;
        }
    }

    /// The source position of byte offset `pos` of `text` (the turn's text).
    ///
    /// An offset that coincides with an anchor is placed at that anchor when it starts a span
    /// (`is_end == false`) and at the end of the previous stretch when it ends one.
    ///
    /// ```
    /// use huashu::{Anchor, Origin};
    /// let origin = Origin::new(vec![Anchor { text: 0, offset: 10, line: 2, column: 4 }]);
    /// let end = origin.locate("不知道", 9, true);
    /// assert_eq!((end.line, end.column, end.offset), (2, 7, 19));
    /// ```
    pub fn locate(&self, text: &str, pos: usize, is_end: bool) -> Position {
        self.locator(text).locate(pos, is_end)
    }

    /// A [`Locator`] for many offsets of one turn's `text`.
    ///
    /// ```
    /// use huashu::{Anchor, Origin};
    /// let origin = Origin::new(vec![Anchor { text: 0, offset: 10, line: 2, column: 4 }]);
    /// let text = "您好,这个我不知道";
    /// let at = text.find("不知道").unwrap();
    /// let mut locator = origin.locator(text);
    /// assert_eq!(locator.locate(at, false).column, 10);
    /// assert_eq!(locator.locate(text.len(), true).column, 13);
    /// ```
    pub fn locator<'a>(&'a self, text: &'a str) -> Locator<'a> {
        Locator {
            origin: self,
            text,
            last: None,
        }
    }
}

/// Locates many offsets of one turn, counting characters on (or back) from the offset it
/// located last instead of from the start of the line, so that the many findings of a huge
/// one-line turn cost time in proportion to the line, not to the line times the findings.
///
/// ```
/// use huashu::{Anchor, Origin};
/// let text = "喂".repeat(1000);
/// let origin = Origin::new(vec![Anchor { text: 0, offset: 3, line: 1, column: 4 }]);
/// let mut locator = origin.locator(&text);
/// for i in 0..1000 {
///     assert_eq!(locator.locate(i * 3, false).column, 4 + i);
///     assert_eq!(locator.locate(i * 3 + 3, true), origin.locate(&text, i * 3 + 3, true));
/// }
/// ```
#[derive(Debug, Clone)]
pub struct Locator<'a> {
    origin: &'a Origin,
    text: &'a str,
    /// The anchor, text offset and characters from the anchor of the last offset located.
    last: Option<(usize, usize, usize)>,
}

impl Locator<'_> {
    /// The source position of byte offset `pos` of the turn's text; see [`Origin::locate`].
    ///
    /// ```
    /// let origin = huashu::Origin::default();
    /// assert_eq!(origin.locator("你好吗").locate(6, true).column, 3);
    /// ```
    pub fn locate(&mut self, pos: usize, is_end: bool) -> Position {
        let text = self.text;
        let pos = pos.min(text.len());
        let anchors = &self.origin.anchors;
        let idx = if is_end {
            // The last anchor strictly before `pos` (an end on an anchor belongs to the stretch
            // before it), unless `pos` is 0.
            anchors.partition_point(|a| a.text < pos).saturating_sub(1)
        } else {
            anchors.partition_point(|a| a.text <= pos).saturating_sub(1)
        };
        let (from, base) = match anchors.get(idx) {
            Some(anchor) => (anchor.text.min(pos), *anchor),
            None => (
                0,
                Anchor {
                    text: 0,
                    offset: 0,
                    line: 1,
                    column: 1,
                },
            ),
        };
        let count = |a: usize, b: usize| text.get(a..b).map_or(0, |t| t.chars().count());
        let chars = match self.last {
            Some((last_idx, last_pos, last_chars)) if last_idx == idx && last_pos >= from => {
                if pos >= last_pos {
                    last_chars + count(last_pos, pos)
                } else {
                    last_chars - count(pos, last_pos)
                }
            }
            _ => count(from, pos),
        };
        // `pos` may not be a char boundary; then nothing is cached (counting would be off).
        if text.is_char_boundary(pos) && text.is_char_boundary(from) {
            self.last = Some((idx, pos, chars));
        }
        Position {
            offset: base.offset + (pos - from),
            line: base.line,
            column: base.column + chars,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn two_lines() -> (String, Origin) {
        // Source:
        //   line 1: "客服:您好,我是"
        //   line 2: "  工号1001"
        // The turn text joins both with '\n'.
        let text = "您好,我是\n工号1001".to_string();
        let origin = Origin::new(vec![
            Anchor {
                text: 0,
                offset: 7,
                line: 1,
                column: 4,
            },
            Anchor {
                text: "您好,我是\n".len(),
                offset: 7 + "您好,我是\n".len() + 2,
                line: 2,
                column: 3,
            },
        ]);
        (text, origin)
    }

    #[test]
    fn locates_inside_first_stretch() {
        let (text, origin) = two_lines();
        let at = text.find("我是").unwrap();
        let pos = origin.locate(&text, at, false);
        assert_eq!((pos.line, pos.column), (1, 7));
        assert_eq!(pos.offset, 7 + at);
    }

    #[test]
    fn start_on_anchor_moves_to_next_line() {
        let (text, origin) = two_lines();
        let at = text.find("工号").unwrap();
        let pos = origin.locate(&text, at, false);
        assert_eq!((pos.line, pos.column), (2, 3));
    }

    #[test]
    fn end_on_anchor_stays_on_previous_line() {
        let (text, origin) = two_lines();
        let at = text.find("工号").unwrap();
        let pos = origin.locate(&text, at, true);
        assert_eq!(pos.line, 1);
        // "您好,我是\n" is 6 characters after column 4.
        assert_eq!(pos.column, 10);
    }

    #[test]
    fn empty_origin_counts_from_text_start() {
        let origin = Origin::default();
        let pos = origin.locate("你好吗", 3, false);
        assert_eq!((pos.line, pos.column, pos.offset), (1, 2, 3));
    }
}
