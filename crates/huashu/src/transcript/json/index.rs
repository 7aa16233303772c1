//! Lines and columns of byte offsets in a JSON source.

use crate::call::Position;

/// The byte-order mark, not counted in the columns of line 1.
const BOM: char = '\u{feff}';

/// The start of every line of a source, for turning byte offsets into lines and columns.
pub(super) struct LineIndex<'a> {
    source: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// Indexes the lines of `source`.
    pub(super) fn new(source: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(source.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        LineIndex { source, starts }
    }

    /// The 1-based line of a byte offset.
    pub(super) fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset).max(1)
    }

    /// The line and column of a byte offset (clamped into the source, down to a char boundary).
    pub(super) fn position(&self, offset: usize) -> Position {
        let offset = self.floor_boundary(offset);
        let line = self.line(offset);
        let mut start = self.starts.get(line - 1).copied().unwrap_or(0);
        if line == 1 && self.source.starts_with(BOM) {
            start = offset.min(BOM.len_utf8());
        }
        Position {
            offset,
            line,
            column: self.chars(start, offset) + 1,
        }
    }

    /// The position of `offset`, counted on from an earlier position `from`.
    ///
    /// This avoids recounting a long line from its start for every anchor in it.
    pub(super) fn advance(&self, from: Position, offset: usize) -> Position {
        let offset = self.floor_boundary(offset);
        match self.source.get(from.offset..offset) {
            Some(between) if !between.contains('\n') => Position {
                offset,
                line: from.line,
                column: from.column + between.chars().count(),
            },
            _ => self.position(offset),
        }
    }

    /// The source offset of a serde_json error position (1-based line, byte column) in a
    /// parse of the text that starts at byte `base` of the source.
    pub(super) fn offset_of_error(&self, base: usize, line: usize, column: usize) -> usize {
        let start = if line <= 1 {
            base
        } else {
            let source_line = self.line(base) + line - 1;
            self.starts
                .get(source_line - 1)
                .copied()
                .unwrap_or(self.source.len())
        };
        self.floor_boundary(start + column.saturating_sub(1))
    }

    /// The number of chars between two offsets.
    fn chars(&self, from: usize, to: usize) -> usize {
        self.source.get(from..to).map_or(0, |t| t.chars().count())
    }

    /// `offset`, clamped to the source and moved down to a char boundary.
    fn floor_boundary(&self, offset: usize) -> usize {
        let mut offset = offset.min(self.source.len());
        while !self.source.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_chars_and_skip_bom() {
        let source = "\u{feff}{\"a\":\n  \"你好\"}";
        let index = LineIndex::new(source);
        let first = index.position(3);
        assert_eq!((first.line, first.column), (1, 1));
        let at = source.find("你").unwrap();
        let pos = index.position(at);
        assert_eq!((pos.line, pos.column), (2, 4));
        let later = index.advance(pos, at + "你好".len());
        assert_eq!((later.line, later.column), (2, 6));
        assert_eq!(index.position(usize::MAX).offset, source.len());
    }
}
