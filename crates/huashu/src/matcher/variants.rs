//! Spelling variants of patterns: traditional characters and full-width forms.
//!
//! Rather than rewriting every transcript before scanning it, patterns are expanded: 没办法
//! also matches 沒辦法, `OK` also matches `ＯＫ`. The scan stays a single pass over the original
//! text, and positions need no mapping.

use std::collections::HashMap;

/// The most variants one phrase may expand to; past it only the uniform variants are kept.
const MAX_VARIANTS: usize = 64;

/// For each simplified character, the traditional characters that simplify to it.
#[derive(Debug, Default)]
pub(crate) struct VariantTable {
    traditional: HashMap<char, Vec<char>>,
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
        VariantTable { traditional }
    }

    /// The other forms of `c`: its traditional forms, and its full-width form for printable ASCII.
    pub(crate) fn alternatives(&self, c: char) -> Vec<char> {
        let mut out = self.traditional.get(&c).cloned().unwrap_or_default();
        if let Some(wide) = full_width(c) {
            out.push(wide);
        }
        out
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
}
