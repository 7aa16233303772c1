//! JSON inside a JSON string: iFlytek's `orderResult` is a string whose text is JSON, whose
//! `json_1best` strings are JSON again. A [`Layer`] is such a decoded text with the map of its
//! offsets back to the source, so that a word inside the innermost string is still reported at
//! its line and column in the file.

/// A text decoded from a JSON string literal of the source (or of another layer), and where
/// each stretch of it comes from in the source.
#[derive(Debug)]
pub(in crate::transcript) struct Layer {
    /// The decoded text.
    pub(in crate::transcript) text: String,
    /// (offset in `text`, offset in the source) where each stretch starts, sorted: within a
    /// stretch the text is the source's, byte for byte, but for its last character, which may
    /// be an escape sequence (mapped to the sequence's first byte).
    map: Vec<(usize, usize)>,
    /// How many string literals deep `text` is (1: a string of the source).
    pub(in crate::transcript) depth: u8,
}

impl Layer {
    /// Decodes `literal` (a JSON string literal, quotes included), found at byte `at` of
    /// `parent`'s text (of the source when `parent` is `None`). An error gives its offset in
    /// the parent's text.
    pub(in crate::transcript) fn decode(
        literal: &str,
        at: usize,
        parent: Option<&Layer>,
    ) -> Result<Layer, (usize, String)> {
        let (text, stretches) = super::string::unescape_stretches(literal)
            .map_err(|(rel, message)| (at + rel, message))?;
        let to_source = |offset: usize| parent.map_or(offset, |p| p.to_source(offset));
        let mut map = Vec::new();
        let mut expected = None;
        let mut stretch = 0;
        for (offset, c) in text.char_indices() {
            while stretches
                .get(stretch + 1)
                .is_some_and(|&(t, _)| t <= offset)
            {
                stretch += 1;
            }
            let (text_at, literal_at) = stretches[stretch];
            let source = to_source(at + literal_at + (offset - text_at));
            // A new stretch wherever the source does not go on where the last character ended.
            if expected != Some(source) {
                map.push((offset, source));
            }
            expected = Some(source + c.len_utf8());
        }
        if map.is_empty() {
            map.push((0, to_source(at + 1)));
        }
        Ok(Layer {
            text,
            map,
            depth: parent.map_or(1, |p| p.depth + 1),
        })
    }

    /// The source offset of a byte offset of the text.
    pub(in crate::transcript) fn to_source(&self, offset: usize) -> usize {
        let i = self
            .map
            .partition_point(|&(t, _)| t <= offset)
            .saturating_sub(1);
        let (text_at, source_at) = self.map[i];
        source_at + offset.saturating_sub(text_at)
    }

    /// Where each stretch of the text starts: (offset in the text, offset in the source).
    pub(in crate::transcript) fn stretches(&self) -> &[(usize, usize)] {
        &self.map
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_two_strings_deep_map_to_the_source() {
        // The source holds a string whose text is JSON holding a string holding JSON.
        let inner = r#"{"w":"您好,\"喂\""}"#;
        let middle = serde_json::to_string(inner).unwrap();
        let source = format!(
            r#"{{"orderResult": {}}}"#,
            serde_json::to_string(&middle).unwrap()
        );
        let outer_at = source.find(": ").unwrap() + 2;
        let outer_literal = &source[outer_at..source.len() - 1];
        let one = Layer::decode(outer_literal, outer_at, None).unwrap();
        assert_eq!(one.text, middle);
        let two = Layer::decode(&one.text, 0, Some(&one)).unwrap();
        assert_eq!(two.text, inner);
        let w_at = two.text.find(r#""您"#).unwrap();
        let w_end = two.text.rfind('"').unwrap() + 1;
        let literal = &two.text[w_at..w_end];
        let word = Layer::decode(literal, w_at, Some(&two)).unwrap();
        assert_eq!(word.text, "您好,\"喂\"");
        assert_eq!(word.depth, 3);
        // 您好 is verbatim in the source; each escaped quote starts a new stretch after it.
        let hello = word.to_source(0);
        assert_eq!(&source[hello..hello + "您好,".len()], "您好,");
        let wei = word.to_source("您好,\"".len());
        assert_eq!(&source[wei..wei + "喂".len()], "喂");
        // The last quote ends the text: no stretch starts after it.
        assert_eq!(word.stretches().len(), 2);
    }

    #[test]
    fn empty_and_bad_strings() {
        let empty = Layer::decode("\"\"", 10, None).unwrap();
        assert_eq!((empty.text.as_str(), empty.to_source(0)), ("", 11));
        assert_eq!(Layer::decode(r#""a\q""#, 5, None).err().unwrap().0, 7);
    }
}
