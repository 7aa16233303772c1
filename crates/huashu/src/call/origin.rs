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

/// A place in the source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    /// Byte offset in the source.
    pub offset: usize,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in Unicode characters of the line.
    pub column: usize,
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
        Origin { anchors }
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
        let pos = pos.min(text.len());
        let idx = if is_end {
            // The last anchor strictly before `pos` (an end on an anchor belongs to the stretch
            // before it), unless `pos` is 0.
            self.anchors
                .partition_point(|a| a.text < pos)
                .saturating_sub(1)
        } else {
            self.anchors
                .partition_point(|a| a.text <= pos)
                .saturating_sub(1)
        };
        let Some(anchor) = self.anchors.get(idx) else {
            return Position {
                offset: pos,
                line: 1,
                column: 1 + text.get(..pos).map_or(0, |t| t.chars().count()),
            };
        };
        let from = anchor.text.min(pos);
        let chars = text.get(from..pos).map_or(0, |t| t.chars().count());
        Position {
            offset: anchor.offset + (pos - from),
            line: anchor.line,
            column: anchor.column + chars,
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
