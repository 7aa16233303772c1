//! Cutting a turn into the sentences the model classifies: at sentence-final punctuation and line
//! breaks, and a long run without them (speech recognition output) further at commas and pauses
//! (spacing) once it passes a length.

use std::ops::Range;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, Input, MatchKind};

/// How a turn is cut into sentences.
///
/// ```
/// use huashu::intent::Sentences;
/// let text = "您好,请问有什么可以帮您?我帮您查一下。";
/// let spans: Vec<&str> = Sentences::default().split(text).into_iter().map(|r| &text[r]).collect();
/// assert_eq!(spans, ["您好,请问有什么可以帮您?", "我帮您查一下。"]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentences {
    /// A sentence longer than this many characters is cut further at commas and pauses, into
    /// pieces of at most this length where the text allows (0: never).
    pub max_chars: usize,
}

impl Default for Sentences {
    /// Long runs cut past 48 characters (chosen on turns built from dev sentences: see
    /// `intents/MODEL.md`).
    fn default() -> Self {
        Sentences { max_chars: 48 }
    }
}

/// The marks that end a sentence.
const FINAL: [&str; 12] = [
    "。", "｡", "!", "！", "?", "？", ";", "；", "…", "\n", "\r", "．",
];

/// The sentence-final marks, for a search over a whole turn.
fn marks() -> &'static AhoCorasick {
    static MARKS: OnceLock<AhoCorasick> = OnceLock::new();
    MARKS.get_or_init(|| {
        AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostFirst)
            .build(FINAL)
            .expect("twelve short literals always build")
    })
}

/// The length in bytes of the sentence-final mark at the start of `rest`, if there is one.
#[inline]
fn final_mark(rest: &[u8]) -> Option<usize> {
    FINAL
        .iter()
        .find(|m| rest.starts_with(m.as_bytes()))
        .map(|m| m.len())
}

/// The length in bytes of a closing quote at the start of `rest`, if there is one.
fn closing_quote(rest: &[u8]) -> Option<usize> {
    ["\"", "”", "」"]
        .iter()
        .find(|m| rest.starts_with(m.as_bytes()))
        .map(|m| m.len())
}

/// Whether `c` is spacing (a pause in speech recognition output).
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '_' | '\u{3000}' | '\u{00A0}' | '\u{FF3F}')
}

/// Whether `c` is a clause break: a comma or spacing.
fn is_soft(c: char) -> bool {
    matches!(c, ',' | '，' | '、' | '､' | ':' | '：') || is_space(c)
}

/// Whether a piece has something to classify (a letter, digit or Han character).
fn has_content(s: &str) -> bool {
    s.chars()
        .any(|c| c.is_ascii_alphanumeric() || crate::segment::is_han(c) || c.is_alphanumeric())
}

impl Sentences {
    /// The byte ranges of the sentences of `text`, in order; each keeps its final punctuation
    /// and none starts or ends with spacing.
    ///
    /// ```
    /// use huashu::intent::Sentences;
    /// let asr = "喂 您好 这边 是 客服 请问 有什么 可以 帮 您 您的 宽带 我 这边 查 了 一下 是 欠费 停机 了 您 交 一下 费用 就 好";
    /// let spans = Sentences { max_chars: 20 }.split(asr);
    /// assert!(spans.len() > 1);
    /// assert!(spans.iter().all(|r| asr[r.clone()].chars().filter(|c| *c != ' ').count() <= 20));
    /// ```
    pub fn split(&self, text: &str) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        self.split_into(text, &mut out);
        out
    }

    /// [`Sentences::split`] into `out` (appended; the hot path reuses it).
    pub(crate) fn split_into(&self, text: &str, out: &mut Vec<Range<usize>>) {
        let bytes = text.as_bytes();
        let mut start = 0;
        let mut next = 0;
        // The marks are found by a vectorised search (they begin with ASCII bytes or with the
        // lead bytes 0xE2, 0xE3, 0xEF, so a match always begins a character).
        while let Some(found) = marks().find(Input::new(text).range(next..)) {
            let (i, len) = (found.start(), found.len());
            // A full stop between digits (3．5) stays in.
            if len == 3
                && bytes[i..i + 3] == *"．".as_bytes()
                && i > 0
                && bytes[i - 1].is_ascii_digit()
            {
                next = i + len;
                continue;
            }
            // A run of final marks (?!, 。。。) and closing quotes stays with the sentence.
            let mut end = i + len;
            while end < bytes.len() {
                match final_mark(&bytes[end..]).or_else(|| closing_quote(&bytes[end..])) {
                    Some(n) => end += n,
                    None => break,
                }
            }
            self.push_piece(text, start..end, out);
            start = end;
            next = end;
        }
        self.push_piece(text, start..text.len(), out);
    }

    /// Trims `range`, cuts it further when long, and appends what has content.
    fn push_piece(&self, text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
        let piece = &text[range.clone()];
        let trimmed = piece.trim_matches(|c: char| c.is_whitespace() || is_space(c));
        if !has_content(trimmed) {
            return;
        }
        let start = range.start
            + (piece.len()
                - piece
                    .trim_start_matches(|c: char| c.is_whitespace() || is_space(c))
                    .len());
        let range = start..start + trimmed.len();
        if self.max_chars == 0 || char_count(trimmed) <= self.max_chars {
            out.push(range);
            return;
        }
        // Clauses: the piece cut after each run of clause breaks, joined greedily while the
        // piece stays within the length (counted in content characters: spacing aside). A piece
        // whose content is within the length comes out whole.
        let mut current: Option<(Range<usize>, usize)> = None;
        let mut join = |clause: Range<usize>, n: usize| {
            current = match current.take() {
                Some((r, m)) if m + n <= self.max_chars => Some((r.start..clause.end, m + n)),
                Some((r, _)) => {
                    push_trimmed(text, r, out);
                    Some((clause, n))
                }
                None => Some((clause, n)),
            };
        };
        let mut clause_start = range.start;
        // Content characters of the clause so far.
        let mut n = 0;
        let mut it = trimmed.char_indices().peekable();
        while let Some((i, c)) = it.next() {
            n += usize::from(!is_space(c));
            if !is_soft(c) {
                continue;
            }
            let mut end = range.start + i + c.len_utf8();
            while let Some(&(j, d)) = it.peek() {
                if is_soft(d) {
                    n += usize::from(!is_space(d));
                    end = range.start + j + d.len_utf8();
                    it.next();
                } else {
                    break;
                }
            }
            join(clause_start..end, n);
            clause_start = end;
            n = 0;
        }
        if clause_start < range.end {
            join(clause_start..range.end, n);
        }
        if let Some((r, _)) = current {
            push_trimmed(text, r, out);
        }
    }
}

/// The characters of `s` (its bytes less the UTF-8 continuation bytes, `10xxxxxx`, counted eight
/// at a time).
fn char_count(s: &str) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let bytes = s.as_bytes();
    let mut chunks = bytes.chunks_exact(8);
    let mut continuation = 0;
    for chunk in &mut chunks {
        let w = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        // Bit 7 set and bit 6 clear in the same byte.
        continuation += (w & !(w << 1) & HIGH).count_ones() as usize;
    }
    continuation += chunks
        .remainder()
        .iter()
        .filter(|&&b| b & 0xC0 == 0x80)
        .count();
    bytes.len() - continuation
}

/// Appends `range` without the spacing around it, if it has content.
fn push_trimmed(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let piece = &text[range.clone()];
    let start_trim = piece.len()
        - piece
            .trim_start_matches(|c: char| c.is_whitespace() || is_space(c))
            .len();
    let end_trim = piece.len()
        - piece
            .trim_end_matches(|c: char| c.is_whitespace() || is_space(c))
            .len();
    if start_trim + end_trim >= piece.len() || !has_content(piece) {
        return;
    }
    out.push(range.start + start_trim..range.end - end_trim);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(max: usize, text: &str) -> Vec<&str> {
        Sentences { max_chars: max }
            .split(text)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn cuts_at_final_punctuation_and_lines() {
        assert_eq!(
            cut(0, "你自己不会看吗?!我都说八百遍了。。。\n  随便您吧  "),
            ["你自己不会看吗?!", "我都说八百遍了。。。", "随便您吧"]
        );
        assert_eq!(cut(0, "套餐是3．5元。好的"), ["套餐是3．5元。", "好的"]);
        assert_eq!(
            cut(0, "他说「你去问厂家吧。」然后"),
            ["他说「你去问厂家吧。」", "然后"]
        );
        assert!(cut(0, "。。。 ?").is_empty());
        assert!(cut(0, "").is_empty());
    }

    #[test]
    fn characters_are_counted_eight_bytes_at_a_time() {
        for s in [
            "",
            "好",
            "您好,请问有什么可以帮您?",
            "ＡＰＰ版本 ok 😀 請稍候…",
            "abcdefgh您",
        ] {
            assert_eq!(char_count(s), s.chars().count(), "{s}");
        }
    }

    #[test]
    fn marks_are_found_after_characters_of_every_length() {
        // One, two, three and four bytes before each mark.
        assert_eq!(
            cut(0, "a!é?好。😀好;ü！"),
            ["a!", "é?", "好。", "😀好;", "ü！"]
        );
    }

    #[test]
    fn long_runs_are_cut_at_commas_and_pauses() {
        let text = "您好这边是客服,请问有什么可以帮您,您的宽带欠费停机了,您交一下费用就好";
        assert_eq!(
            cut(20, text),
            [
                "您好这边是客服,请问有什么可以帮您,",
                "您的宽带欠费停机了,您交一下费用就好"
            ]
        );
        let asr = "我 都 说 八百遍 了 你 自己 不会 看 吗 没 别的 事 我 挂 了 啊";
        let pieces = cut(8, asr);
        assert_eq!(
            pieces,
            [
                "我 都 说 八百遍 了 你",
                "自己 不会 看 吗 没",
                "别的 事 我 挂 了 啊"
            ]
        );
        // Spacing does not count: seven content characters in eleven stay one piece.
        assert_eq!(cut(8, "我 都 说 八百遍 了"), ["我 都 说 八百遍 了"]);
        assert_eq!(cut(8, "我 都 说 八百遍 了 你"), ["我 都 说 八百遍 了 你"]);
        // A run with no break at all stays whole.
        let blob = "我都说八百遍了你自己不会看吗没别的事我挂了啊";
        assert_eq!(cut(8, blob), [blob]);
    }
}
