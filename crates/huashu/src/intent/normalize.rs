//! Normalisation seen through at training and at classification time: traditional characters to
//! simplified, full-width forms to ASCII, ASCII lowercase, Chinese punctuation to its ASCII
//! counterpart, spacing (spaces, `_`, `·`, U+3000) and speech-recognition markers (`[UNK]`,
//! `<unk>`) removed between Han characters. Every normalised character keeps the byte range of
//! the original text it came from, so evidence spans point into the text as written.

use std::ops::Range;
use std::sync::OnceLock;

/// The range of the dense table of simplified forms: every CJK ideograph of the BMP that
/// fast2s simplifies lies in it.
const DENSE: Range<u32> = 0x3400..0xFB00;

/// The simplified form of each character of [`DENSE`], built once from fast2s.
fn simplified_table() -> &'static [char] {
    static TABLE: OnceLock<Vec<char>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let chars: Vec<char> = DENSE.filter_map(char::from_u32).collect();
        // One conversion over every character, each on a line of its own so that fast2s's
        // phrase rules see no neighbours.
        let mut joined = String::with_capacity(chars.len() * 4);
        for &c in &chars {
            joined.push(c);
            joined.push('\n');
        }
        let simplified = fast2s::convert(&joined);
        let mut table: Vec<char> = DENSE
            .map(|u| char::from_u32(u).unwrap_or('\u{FFFD}'))
            .collect();
        for (&original, simple) in chars.iter().zip(simplified.split('\n')) {
            let mut it = simple.chars();
            if let (Some(s), None) = (it.next(), it.next()) {
                table[(original as u32 - DENSE.start) as usize] = s;
            }
        }
        table
    })
}

/// What one original character becomes.
enum Folded {
    /// A character of the normalised text.
    Char(char),
    /// Spacing: dropped, or one space between two ASCII letters or digits.
    Space,
}

/// The normal form of one character.
#[inline]
fn fold(c: char, table: &[char]) -> Folded {
    let u = c as u32;
    if u < 0x80 {
        return match c {
            ' ' | '\t' | '\r' | '\n' | '_' => Folded::Space,
            _ => Folded::Char(c.to_ascii_lowercase()),
        };
    }
    if DENSE.contains(&u) {
        return Folded::Char(table[(u - DENSE.start) as usize]);
    }
    match c {
        '\u{3000}'
        | '\u{00A0}'
        | '\u{00B7}'
        | '\u{30FB}'
        | '\u{FF3F}'
        | '\u{2002}'..='\u{200B}' => Folded::Space,
        // Full-width ASCII forms.
        '\u{FF01}'..='\u{FF5E}' => {
            Folded::Char(char::from_u32(u - 0xFEE0).map_or(c, |a| a.to_ascii_lowercase()))
        }
        '。' | '｡' | '…' => Folded::Char('.'),
        '、' | '､' => Folded::Char(','),
        '“' | '”' | '「' | '」' | '『' | '』' | '《' | '》' | '〈' | '〉' => {
            Folded::Char('"')
        }
        '‘' | '’' => Folded::Char('\''),
        '—' | '–' => Folded::Char('-'),
        '【' | '〔' => Folded::Char('['),
        '】' | '〕' => Folded::Char(']'),
        _ => Folded::Char(c),
    }
}

/// Normalised characters with the original byte range of each (scratch space reused between
/// sentences, so the hot path allocates nothing).
#[derive(Debug, Default, Clone)]
pub(crate) struct NormBuf {
    /// The normalised characters.
    pub(crate) chars: Vec<char>,
    /// For each character, the original byte offset where it starts.
    pub(crate) starts: Vec<u32>,
    /// For each character, the original byte offset where it ends.
    pub(crate) ends: Vec<u32>,
}

impl NormBuf {
    /// Normalises `text` into this buffer (cleared first); offsets are `base` plus offsets into
    /// `text`.
    pub(crate) fn fill(&mut self, text: &str, base: usize) {
        self.chars.clear();
        self.starts.clear();
        self.ends.clear();
        walk(text, |c, start, end| self.push(c, base + start, base + end));
    }

    /// The normalised characters of `text` only, into `chars` (cleared first): what
    /// [`NormBuf::fill`] gives in `chars`, without the offsets (the hot path).
    pub(crate) fn chars_only(text: &str, chars: &mut Vec<char>) {
        chars.clear();
        walk(text, |c, _, _| chars.push(c));
    }

    #[inline]
    fn push(&mut self, c: char, start: usize, end: usize) {
        self.chars.push(c);
        self.starts.push(start as u32);
        self.ends.push(end as u32);
    }
}

/// Walks `text`, calling `emit(character, start, end)` for each character of its normal form
/// with the byte range in `text` it stands for: spacing and ASR markers are dropped, except that
/// a run of them between two ASCII letters or digits becomes one space (its range the run's).
/// One walk for [`NormBuf::fill`] and [`NormBuf::chars_only`], so the two cannot disagree; the
/// closure is inlined, so the hot path pays nothing for the offsets it ignores.
#[inline]
fn walk(text: &str, mut emit: impl FnMut(char, usize, usize)) {
    let table = simplified_table();
    let bytes = text.as_bytes();
    // A pending run of spacing: (start, end) in `text`.
    let mut gap: Option<(usize, usize)> = None;
    // Whether the last character emitted was an ASCII letter or digit.
    let mut after_word = false;
    let mut it = text.char_indices();
    while let Some((i, c)) = it.next() {
        let end = i + c.len_utf8();
        let folded = match fold(c, table) {
            Folded::Char(f @ ('[' | '<')) => match asr_marker(&bytes[end..], f) {
                Some(len) => {
                    // Skip the marker's bytes (all ASCII or full-width forms).
                    let stop = end + len;
                    while it.as_str().len() > text.len() - stop {
                        it.next();
                    }
                    gap = Some((gap.map_or(i, |g| g.0), stop));
                    continue;
                }
                None => f,
            },
            Folded::Char(f) => f,
            Folded::Space => {
                gap = Some((gap.map_or(i, |g| g.0), end));
                continue;
            }
        };
        let word = folded.is_ascii_alphanumeric();
        if let Some((g0, g1)) = gap.take() {
            if after_word && word {
                emit(' ', g0, g1);
            }
        }
        emit(folded, i, end);
        after_word = word;
    }
}

/// The length in bytes of an ASR marker (`unk]`, `unk>`, any case, ASCII or full-width) at the
/// start of `rest`, the text right after an opening `[` or `<`.
fn asr_marker(rest: &[u8], open: char) -> Option<usize> {
    let close = if open == '[' { ']' } else { '>' };
    let mut it = std::str::from_utf8(&rest[..rest.len().min(16)])
        .or_else(|e| std::str::from_utf8(&rest[..e.valid_up_to()]))
        .ok()?
        .char_indices();
    for want in ['u', 'n', 'k', close] {
        let (_, c) = it.next()?;
        let f = match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0)?,
            _ => c,
        };
        if f.to_ascii_lowercase() != want {
            return None;
        }
    }
    Some(it.next().map_or(rest.len().min(16), |(i, _)| i))
}

/// Text in the normal form the intent model sees, with a map back to the original text.
///
/// ```
/// use huashu::intent::Normalized;
/// let original = "您 這 個 [UNK] 問題,ＡＰＰ 裡面 查";
/// let n = Normalized::new(original);
/// assert_eq!(n.as_str(), "您这个问题,app里面查");
/// // 问题 in the normal form is 問題 in the original.
/// let at = n.as_str().find("问题").unwrap();
/// let span = n.original_range(at..at + "问题".len());
/// assert_eq!(&original[span], "問題");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalized {
    text: String,
    /// Byte offset in `text` of each normalised character.
    offsets: Vec<u32>,
    /// Original byte range of each normalised character.
    starts: Vec<u32>,
    ends: Vec<u32>,
}

impl Normalized {
    /// Normalises `text`.
    ///
    /// ```
    /// assert_eq!(huashu::intent::Normalized::new("沒辦法！ OK_了").as_str(), "没办法!ok了");
    /// ```
    pub fn new(text: &str) -> Normalized {
        let mut buf = NormBuf::default();
        buf.fill(text, 0);
        Normalized::from_buf(&buf)
    }

    pub(crate) fn from_buf(buf: &NormBuf) -> Normalized {
        let mut text = String::with_capacity(buf.chars.len() * 3);
        let mut offsets = Vec::with_capacity(buf.chars.len());
        for &c in &buf.chars {
            offsets.push(text.len() as u32);
            text.push(c);
        }
        Normalized {
            text,
            offsets,
            starts: buf.starts.clone(),
            ends: buf.ends.clone(),
        }
    }

    /// The normalised text.
    ///
    /// ```
    /// assert_eq!(huashu::intent::Normalized::new("ＯＫ").as_str(), "ok");
    /// ```
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The original byte range that the normalised byte range `range` came from: from the start
    /// of the original of its first character to the end of the original of its last.
    /// Offsets inside a character count as that character; an empty range maps to an empty
    /// range.
    ///
    /// ```
    /// use huashu::intent::Normalized;
    /// let n = Normalized::new("ＡＢ 你");
    /// assert_eq!(n.as_str(), "ab你");
    /// assert_eq!(n.original_range(0..2), 0..6);
    /// assert_eq!(n.original_range(2..5), 7..10);
    /// ```
    pub fn original_range(&self, range: Range<usize>) -> Range<usize> {
        let first = self
            .offsets
            .partition_point(|&o| (o as usize) <= range.start);
        let Some(first) = first.checked_sub(1) else {
            return 0..0;
        };
        if range.end <= range.start {
            let at = self.starts[first] as usize;
            return at..at;
        }
        let last = self
            .offsets
            .partition_point(|&o| (o as usize) < range.end)
            .saturating_sub(1)
            .max(first);
        self.starts[first] as usize..self.ends[last] as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> String {
        Normalized::new(s).as_str().to_string()
    }

    #[test]
    fn sees_through_spellings_and_spacing() {
        assert_eq!(norm("你自己不會看嗎？"), "你自己不会看吗?");
        assert_eq!(norm("ＡＰＰ　裡　面"), "app里面");
        assert_eq!(norm("你 自己 _ 不会 看 吗"), "你自己不会看吗");
        assert_eq!(norm("app store 下载"), "app store下载");
        assert_eq!(norm("我[UNK]说了<unk>八百遍［ＵＮＫ］了"), "我说了八百遍了");
        assert_eq!(norm("[unknown]"), "[unknown]");
        assert_eq!(norm("<b>"), "<b>");
        assert_eq!(norm("好的。谢谢、再见"), "好的.谢谢,再见");
        assert_eq!(norm("「您可真会洗」"), "\"您可真会洗\"");
        assert_eq!(norm("第3次 4G"), "第3次4g");
        assert_eq!(norm(""), "");
        assert_eq!(norm("  "), "");
    }

    #[test]
    fn offsets_point_into_the_original() {
        let original = "這塊兒 我們 管不了[UNK]，ＯＫ？";
        let n = Normalized::new(original);
        assert_eq!(n.as_str(), "这块儿我们管不了,ok?");
        for (pat, want) in [
            ("我们", "我們"),
            ("这块儿", "這塊兒"),
            ("管不了,", "管不了[UNK]，"),
            ("ok", "ＯＫ"),
            ("?", "？"),
            ("儿我", "兒 我"),
        ] {
            let at = n.as_str().find(pat).unwrap();
            assert_eq!(
                &original[n.original_range(at..at + pat.len())],
                want,
                "{pat}"
            );
        }
    }

    #[test]
    fn the_hot_path_gives_the_same_characters() {
        for s in [
            "這塊兒 我們 管不了[UNK]，ＯＫ？",
            "app store 下载",
            "[unknown] <unk>x",
            "a　b_c",
            "",
        ] {
            let mut buf = NormBuf::default();
            buf.fill(s, 0);
            let mut chars = Vec::new();
            NormBuf::chars_only(s, &mut chars);
            assert_eq!(chars, buf.chars, "{s}");
        }
    }

    #[test]
    fn the_buffer_offsets_are_shifted_by_the_base() {
        let mut buf = NormBuf::default();
        buf.fill("您 好", 10);
        assert_eq!(buf.chars, vec!['您', '好']);
        assert_eq!(buf.starts, vec![10, 14]);
        assert_eq!(buf.ends, vec![13, 17]);
    }
}
