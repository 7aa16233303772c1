//! Spelling variants of patterns: traditional characters and full-width forms.
//!
//! Rather than rewriting every transcript before scanning it, patterns are expanded: 没办法
//! also matches 沒辦法, `OK` also matches `ＯＫ`. The scan stays a single pass over the original
//! text, and positions need no mapping.
//!
//! Large packs are not expanded (65k phrases would become over a million patterns): their
//! phrases and the text are both put in a canonical spelling ([`VariantTable::canonical`]),
//! and each hit found that way is checked against the phrase's spellings
//! ([`VariantTable::accepts`]), which keeps exactly the matches the expansion gives.

use std::collections::HashMap;

/// The most variants one phrase may expand to; past it only the uniform variants are kept.
const MAX_VARIANTS: usize = 64;

/// The range of [`VariantTable`]'s dense table of canonical forms: every CJK ideograph of the
/// BMP that has variants lies in it.
const DENSE: std::ops::RangeInclusive<u32> = 0x3400..=0xFAFF;

/// For each simplified character, the traditional characters that simplify to it.
#[derive(Debug, Default, Clone)]
pub(crate) struct VariantTable {
    traditional: HashMap<char, Vec<char>>,
    /// The canonical form of each character of [`DENSE`] (the character itself when it has
    /// none).
    dense: Vec<char>,
    /// The canonical forms of the other non-ASCII characters that have one (full-width forms).
    sparse: HashMap<char, char>,
}

impl VariantTable {
    /// Builds the table by simplifying every CJK ideograph of the BMP once.
    pub(crate) fn new() -> Self {
        let ranges = [
            '\u{3400}'..='\u{4DBF}',
            '\u{4E00}'..='\u{9FFF}',
            '\u{F900}'..='\u{FAFF}',
        ];
        let chars: Vec<char> = ranges.into_iter().flatten().collect();
        // One conversion call over all characters, each followed by a newline so that fast2s's
        // context-dependent rules see no neighbours.
        let mut joined = String::with_capacity(chars.len() * 4);
        for &c in &chars {
            joined.push(c);
            joined.push('\n');
        }
        let simplified = fast2s::convert(&joined);
        let mut traditional: HashMap<char, Vec<char>> = HashMap::new();
        for (&original, simple) in chars.iter().zip(simplified.split('\n')) {
            let mut it = simple.chars();
            if let (Some(s), None) = (it.next(), it.next()) {
                if s != original {
                    traditional.entry(s).or_default().push(original);
                }
            }
        }
        let (dense, sparse) = canonical_forms(&traditional);
        VariantTable {
            traditional,
            dense,
            sparse,
        }
    }

    /// The canonical spelling of `c`: one character of the class of characters that spell one
    /// another (a simplified character and its traditional forms; an ASCII character, its
    /// other case and its full-width forms). Two spellings that [`VariantTable::expand`] (with
    /// ASCII case ignored) lets match have the same canonical form; the converse does not
    /// hold, which is what [`VariantTable::accepts`] is for.
    #[inline]
    pub(crate) fn canonical(&self, c: char) -> char {
        if c.is_ascii() {
            return c.to_ascii_lowercase();
        }
        let code = c as u32;
        if DENSE.contains(&code) {
            return self
                .dense
                .get((code - DENSE.start()) as usize)
                .copied()
                .unwrap_or(c);
        }
        self.sparse.get(&c).copied().unwrap_or(c)
    }

    /// `text` in canonical spelling, character by character.
    pub(crate) fn canonical_str(&self, text: &str) -> String {
        text.chars().map(|c| self.canonical(c)).collect()
    }

    /// Whether `found` is one of the spellings of `phrase` that [`VariantTable::expand`] gives,
    /// ASCII case ignored (as the automaton over the expansion ignores it): exactly when an
    /// automaton over `expand(phrase)` would report `found`.
    pub(crate) fn accepts(&self, phrase: &str, found: &str) -> bool {
        if phrase == found {
            return true;
        }
        let mut total = 1usize;
        let mut widest = 1usize;
        let mut pairs = 0usize;
        let mut p_chars = phrase.chars();
        let mut f_chars = found.chars();
        loop {
            match (p_chars.next(), f_chars.next()) {
                (None, None) => break,
                (Some(p), Some(f)) => {
                    if !self.spells(p, f) {
                        return false;
                    }
                    let n = self.option_count(p);
                    total = total.saturating_mul(n);
                    widest = widest.max(n);
                    pairs += 1;
                }
                _ => return false,
            }
        }
        if total <= MAX_VARIANTS || pairs == 0 {
            return true;
        }
        // Past the cap only the uniform spellings are kept: the k-th option everywhere (the
        // last one where a character has fewer).
        (0..widest).any(|k| {
            phrase
                .chars()
                .zip(found.chars())
                .all(|(p, f)| same_ascii_blind(self.option(p, k), f))
        })
    }

    /// Whether `f` is one of the options of `p` in [`VariantTable::expand`], ASCII case
    /// ignored.
    fn spells(&self, p: char, f: char) -> bool {
        same_ascii_blind(p, f)
            || full_width(p) == Some(f)
            || self.traditional.get(&p).is_some_and(|t| t.contains(&f))
    }

    /// How many options `p` has in [`VariantTable::expand`].
    fn option_count(&self, p: char) -> usize {
        1 + self.traditional.get(&p).map_or(0, Vec::len) + usize::from(full_width(p).is_some())
    }

    /// Option `k` of `p` in [`VariantTable::expand`] (its last one when it has fewer).
    fn option(&self, p: char, k: usize) -> char {
        if k == 0 {
            return p;
        }
        let traditional = self.traditional.get(&p).map_or(&[][..], Vec::as_slice);
        match traditional.get(k - 1) {
            Some(&t) => t,
            None => full_width(p)
                .or_else(|| traditional.last().copied())
                .unwrap_or(p),
        }
    }

    /// The other forms of `c`: its traditional forms, and its full-width form for printable ASCII.
    pub(crate) fn alternatives(&self, c: char) -> Vec<char> {
        let mut out = self.traditional.get(&c).cloned().unwrap_or_default();
        if let Some(wide) = full_width(c) {
            out.push(wide);
        }
        out
    }

    /// How many spellings [`VariantTable::expand`] gives for `phrase` (at most: past the cap,
    /// the uniform spellings before duplicates are removed), without writing them out.
    pub(crate) fn spelling_count(&self, phrase: &str) -> usize {
        let mut total = 1usize;
        let mut widest = 1usize;
        for c in phrase.chars() {
            let n = self.option_count(c);
            total = total.saturating_mul(n);
            widest = widest.max(n);
        }
        if total <= MAX_VARIANTS {
            total
        } else {
            widest
        }
    }

    /// Every spelling of `phrase` the scan should find, the phrase itself first.
    pub(crate) fn expand(&self, phrase: &str) -> Vec<String> {
        let options: Vec<Vec<char>> = phrase
            .chars()
            .map(|c| {
                let mut v = vec![c];
                v.extend(self.alternatives(c));
                v
            })
            .collect();
        let total = options
            .iter()
            .try_fold(1usize, |acc, o| acc.checked_mul(o.len()))
            .unwrap_or(usize::MAX);
        if total <= MAX_VARIANTS {
            let mut out = vec![String::new()];
            for choices in &options {
                out = extend_each(&out, choices);
            }
            return out;
        }
        // Too many mixed spellings: keep the uniform ones (all of the k-th alternative).
        let widest = options.iter().map(Vec::len).max().unwrap_or(1);
        let mut out: Vec<String> = (0..widest)
            .map(|k| options.iter().map(|o| o[k.min(o.len() - 1)]).collect())
            .collect();
        out.dedup();
        out
    }
}

/// Whether `a` and `b` are the same character, ASCII case ignored.
fn same_ascii_blind(a: char, b: char) -> bool {
    a == b || (a.is_ascii() && a.eq_ignore_ascii_case(&b))
}

/// The canonical form of every character with variants, as a dense table over [`DENSE`] and a
/// map for the rest: characters that spell one another (a simplified character and its
/// traditional forms, transitively) get one representative, the smallest of those that do not
/// simplify to another; full-width forms get their lowercase ASCII character.
fn canonical_forms(traditional: &HashMap<char, Vec<char>>) -> (Vec<char>, HashMap<char, char>) {
    // Union-find over every character that appears in the table.
    let mut parent: HashMap<char, char> = HashMap::new();
    fn root(parent: &mut HashMap<char, char>, c: char) -> char {
        let mut r = c;
        while let Some(&p) = parent.get(&r) {
            if p == r {
                break;
            }
            r = p;
        }
        // Path compression.
        let mut x = c;
        while x != r {
            let next = parent[&x];
            parent.insert(x, r);
            x = next;
        }
        r
    }
    let mut simplifies: std::collections::HashSet<char> = std::collections::HashSet::new();
    for (&s, trads) in traditional {
        parent.entry(s).or_insert(s);
        for &t in trads {
            simplifies.insert(t);
            parent.entry(t).or_insert(t);
            let (a, b) = (root(&mut parent, s), root(&mut parent, t));
            if a != b {
                parent.insert(a.max(b), a.min(b));
            }
        }
    }
    let members: Vec<char> = parent.keys().copied().collect();
    let mut representative: HashMap<char, char> = HashMap::new();
    for &c in &members {
        let r = root(&mut parent, c);
        let preferred = !simplifies.contains(&c);
        representative
            .entry(r)
            .and_modify(|best: &mut char| {
                let best_preferred = !simplifies.contains(best);
                if (preferred, std::cmp::Reverse(c)) > (best_preferred, std::cmp::Reverse(*best)) {
                    *best = c;
                }
            })
            .or_insert(c);
    }
    let size = (DENSE.end() - DENSE.start() + 1) as usize;
    let mut dense: Vec<char> = (0..size as u32)
        .map(|i| char::from_u32(DENSE.start() + i).unwrap_or('\u{FFFD}'))
        .collect();
    let mut sparse = HashMap::new();
    for c in members {
        let canonical = representative[&root(&mut parent, c)];
        if DENSE.contains(&(c as u32)) {
            dense[(c as u32 - DENSE.start()) as usize] = canonical;
        } else if canonical != c {
            sparse.insert(c, canonical);
        }
    }
    for ascii in (0x20u8..0x7F).map(char::from) {
        if let Some(wide) = full_width(ascii) {
            sparse.insert(wide, ascii.to_ascii_lowercase());
        }
    }
    (dense, sparse)
}

/// Every string of `prefixes` extended by every character of `choices` (a step of a product).
pub(crate) fn extend_each(prefixes: &[String], choices: &[char]) -> Vec<String> {
    prefixes
        .iter()
        .flat_map(|prefix| {
            choices.iter().map(move |&c| {
                let mut s = prefix.clone();
                s.push(c);
                s
            })
        })
        .collect()
}

/// The full-width form (U+FF01–U+FF5E, U+3000) of a printable ASCII character.
pub(crate) fn full_width(c: char) -> Option<char> {
    match c {
        ' ' => Some('\u{3000}'),
        '!'..='~' => char::from_u32(c as u32 - 0x21 + 0xFF01),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traditional_forms_are_found() {
        let table = VariantTable::new();
        let variants = table.expand("没办法");
        assert!(variants.contains(&"没办法".to_string()));
        assert!(variants.contains(&"沒辦法".to_string()));
        assert_eq!(variants[0], "没办法");
    }

    #[test]
    fn full_width_forms_are_found() {
        let table = VariantTable::new();
        let variants = table.expand("OK");
        assert!(variants.contains(&"ＯＫ".to_string()));
    }

    #[test]
    fn expansion_is_bounded() {
        let table = VariantTable::new();
        let long = "这个问题应该让您久等了实在是对不起我们会尽快为您处理";
        assert!(table.expand(long).len() <= MAX_VARIANTS);
        assert_eq!(table.expand(long)[0], long);
    }

    #[test]
    fn accepts_exactly_the_expansion() {
        let table = VariantTable::new();
        let long = "这个问题应该让您久等了实在是对不起我们会尽快为您处理";
        for phrase in [
            "没办法",
            "沒辦法",
            "OK",
            "a b",
            "后台",
            "头发",
            "VIP卡",
            long,
        ] {
            let spellings = table.expand(phrase);
            let canonical = table.canonical_str(phrase);
            for s in &spellings {
                assert!(table.accepts(phrase, s), "{phrase} {s}");
                assert_eq!(table.canonical_str(s), canonical, "{s}");
            }
            // Every spelling with one character changed to another of its options, and the
            // uniform ones: accepted exactly when the expansion has them.
            let chars: Vec<char> = phrase.chars().collect();
            for (i, &c) in chars.iter().enumerate() {
                for alt in table.alternatives(c) {
                    let mut changed = chars.clone();
                    changed[i] = alt;
                    let changed: String = changed.into_iter().collect();
                    assert_eq!(
                        table.accepts(phrase, &changed),
                        spellings.contains(&changed),
                        "{phrase} {changed}"
                    );
                    assert_eq!(table.canonical_str(&changed), canonical);
                }
            }
        }
        assert!(table.accepts("OK", "ok"));
        assert!(table.accepts("OK", "ＯＫ"));
        assert!(
            !table.accepts("OK", "ｏｋ"),
            "full-width forms are not case-blind"
        );
        assert!(
            !table.accepts("沒辦法", "没办法"),
            "a traditional phrase is not simplified"
        );
        assert!(!table.accepts("没办法", "没办"));
        assert!(!table.accepts("没办法", "没有法"));
    }

    #[test]
    fn canonical_spelling_keeps_the_character_count() {
        let table = VariantTable::new();
        for text in ["沒辦法", "ＯＫ", "a　b", "頭髮", "后台", "後臺"] {
            assert_eq!(
                table.canonical_str(text).chars().count(),
                text.chars().count()
            );
        }
        assert_eq!(table.canonical_str("ＯＫ Ab"), "ok ab");
        assert_eq!(table.canonical_str("後臺"), table.canonical_str("后台"));
    }
}
