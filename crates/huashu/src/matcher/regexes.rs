//! Rule regexes: expanded for spelling variants and run together as one [`RegexSet`].

use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};
use regex_syntax::hir::{self, Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind};

use super::variants::VariantTable;
use crate::pack::validate::REGEX_SIZE_LIMIT;

/// Classes larger than this many characters are left alone when adding variants.
const MAX_CLASS_TO_EXPAND: u32 = 512;

/// Rewrites `pattern` so that every literal character also matches its traditional and
/// full-width forms (`没办法` becomes `[没沒][办辦]法`).
pub(crate) fn expand_pattern(pattern: &str, table: &VariantTable) -> Result<String, String> {
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .map_err(|e| e.to_string())?;
    Ok(expand_hir(hir, table).to_string())
}

fn expand_hir(hir: Hir, table: &VariantTable) -> Hir {
    match hir.into_kind() {
        HirKind::Literal(hir::Literal(bytes)) => match std::str::from_utf8(&bytes) {
            Ok(text) => Hir::concat(text.chars().map(|c| char_hir(c, table)).collect()),
            Err(_) => Hir::literal(bytes),
        },
        HirKind::Class(Class::Unicode(class)) => {
            Hir::class(Class::Unicode(expand_class(class, table)))
        }
        HirKind::Class(class) => Hir::class(class),
        HirKind::Repetition(rep) => Hir::repetition(hir::Repetition {
            sub: Box::new(expand_hir(*rep.sub, table)),
            ..rep
        }),
        HirKind::Capture(cap) => Hir::capture(hir::Capture {
            sub: Box::new(expand_hir(*cap.sub, table)),
            ..cap
        }),
        HirKind::Concat(subs) => {
            Hir::concat(subs.into_iter().map(|h| expand_hir(h, table)).collect())
        }
        HirKind::Alternation(subs) => {
            Hir::alternation(subs.into_iter().map(|h| expand_hir(h, table)).collect())
        }
        HirKind::Empty => Hir::empty(),
        HirKind::Look(look) => Hir::look(look),
    }
}

fn char_hir(c: char, table: &VariantTable) -> Hir {
    let alternatives = table.alternatives(c);
    if alternatives.is_empty() {
        return Hir::literal(c.to_string().into_bytes());
    }
    let ranges = std::iter::once(c)
        .chain(alternatives)
        .map(|c| ClassUnicodeRange::new(c, c));
    Hir::class(Class::Unicode(ClassUnicode::new(ranges)))
}

fn expand_class(mut class: ClassUnicode, table: &VariantTable) -> ClassUnicode {
    let size: u32 = class
        .ranges()
        .iter()
        .map(|r| r.end() as u32 - r.start() as u32 + 1)
        .sum();
    if size > MAX_CLASS_TO_EXPAND {
        return class;
    }
    let extra: Vec<ClassUnicodeRange> = class
        .ranges()
        .iter()
        .flat_map(|r| r.start()..=r.end())
        .flat_map(|c| table.alternatives(c))
        .map(|c| ClassUnicodeRange::new(c, c))
        .collect();
    class.union(&ClassUnicode::new(extra));
    class
}

/// Every rule regex, compiled once, with a set to find which ones match a text in one pass.
#[derive(Debug)]
pub(crate) struct RegexBank {
    set: Option<RegexSet>,
    regexes: Vec<Regex>,
}

impl RegexBank {
    /// Compiles expanded patterns. The error names the pattern that failed.
    pub(crate) fn new(patterns: &[String]) -> Result<Self, (usize, String)> {
        let mut regexes = Vec::with_capacity(patterns.len());
        for (i, p) in patterns.iter().enumerate() {
            let re = RegexBuilder::new(p)
                .size_limit(REGEX_SIZE_LIMIT * 4)
                .build()
                .map_err(|e| (i, e.to_string()))?;
            regexes.push(re);
        }
        let set = if patterns.is_empty() {
            None
        } else {
            Some(
                RegexSetBuilder::new(patterns)
                    .size_limit(REGEX_SIZE_LIMIT * 16)
                    .build()
                    .map_err(|e| (0, e.to_string()))?,
            )
        };
        Ok(RegexBank { set, regexes })
    }

    /// Calls `found(index, start, end)` for every non-overlapping match of every regex in `text`.
    pub(crate) fn for_each_match(&self, text: &str, mut found: impl FnMut(usize, usize, usize)) {
        let Some(set) = &self.set else { return };
        for index in set.matches(text).iter() {
            for m in self.regexes[index].find_iter(text) {
                found(index, m.start(), m.end());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_gain_traditional_forms() {
        let table = VariantTable::new();
        let expanded = expand_pattern("我没办法了?", &table).unwrap();
        let re = Regex::new(&expanded).unwrap();
        assert!(re.is_match("我沒辦法了"));
        assert!(re.is_match("我没办法"));
        assert!(!re.is_match("我有办法"));
    }

    #[test]
    fn structure_and_captures_survive() {
        let table = VariantTable::new();
        let expanded = expand_pattern("你(去|打).{0,12}问一下(好了|吧)", &table).unwrap();
        let re = Regex::new(&expanded).unwrap();
        let caps = re.captures("你去营业厅问一下好了").unwrap();
        assert_eq!(&caps[1], "去");
        assert!(re.is_match("你去營業廳問一下好了"));
    }

    #[test]
    fn classes_gain_variants() {
        let table = VariantTable::new();
        let re = Regex::new(&expand_pattern("[说讲]话", &table).unwrap()).unwrap();
        assert!(re.is_match("說話"));
    }

    #[test]
    fn bank_reports_every_match() {
        let bank = RegexBank::new(&["不可能".into(), "凭什么".into()]).unwrap();
        let mut hits = Vec::new();
        bank.for_each_match("凭什么?不可能!", |i, s, e| hits.push((i, s, e)));
        hits.sort();
        assert_eq!(hits, vec![(0, 10, 19), (1, 0, 9)]);
    }
}
