//! Rule regexes: expanded for spelling variants and run together as one [`RegexSet`].

use regex::{Regex, RegexBuilder};
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

/// The most needles [`required_literals`] gives for one regex, spellings included.
const MAX_NEEDLES: usize = 64;

/// Classes of at most this many characters count as a choice of one-character literals.
const MAX_CLASS_NEEDLES: usize = 8;

/// Texts one of which every match of `pattern` contains, in every spelling the expanded
/// pattern matches (see [`expand_pattern`]); `None` when there is no small such set. A text
/// without any of them cannot match, so the regex need not run on it.
///
/// The longer the texts the rarer they are, so runs of a concatenation's parts that match only
/// a few texts are multiplied out: every match of `(你|您)(没有|没)(填|写)` holds one of
/// 你没有填 … 您没写, which is far rarer than 你 or 填.
pub(crate) fn required_literals(pattern: &str, table: &VariantTable) -> Option<Vec<String>> {
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .ok()?;
    required(&hir, table)
}

/// Literals one of which every match of `hir` contains (never an empty one), in every
/// spelling, at most [`MAX_NEEDLES`] of them.
fn required(hir: &Hir, table: &VariantTable) -> Option<Vec<String>> {
    match hir.kind() {
        HirKind::Capture(cap) => required(&cap.sub, table),
        HirKind::Repetition(rep) if rep.min >= 1 => required(&rep.sub, table),
        // Any one part's needles will do, or those of a run of parts with few texts each:
        // take the set whose shortest needle is longest.
        HirKind::Concat(subs) => {
            let finite: Vec<Option<Vec<String>>> = subs.iter().map(texts).collect();
            let mut best: Option<Vec<String>> = None;
            let mut consider = |needles: Option<Vec<String>>| {
                if let Some(needles) = needles {
                    if shortest(&needles) > best.as_ref().map_or(0, |b| shortest(b)) {
                        best = Some(needles);
                    }
                }
            };
            for (i, sub) in subs.iter().enumerate() {
                consider(required(sub, table));
                // The runs of parts that start here, while their product stays small.
                let mut product = vec![String::new()];
                for part in &finite[i..] {
                    let Some(part) = part else { break };
                    product = match cross(&product, part) {
                        Some(product) => product,
                        None => break,
                    };
                    consider(spelled(&product, table));
                }
            }
            best
        }
        HirKind::Alternation(subs) => {
            let mut all = Vec::new();
            for sub in subs {
                all.extend(required(sub, table)?);
                if all.len() > MAX_NEEDLES {
                    return None;
                }
            }
            all.sort_unstable();
            all.dedup();
            Some(all)
        }
        _ => spelled(&texts(hir)?, table),
    }
}

/// Every text `hir` matches, when they are few (at most [`MAX_NEEDLES`]).
fn texts(hir: &Hir) -> Option<Vec<String>> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Some(vec![String::new()]),
        HirKind::Literal(hir::Literal(bytes)) => {
            Some(vec![std::str::from_utf8(bytes).ok()?.to_owned()])
        }
        HirKind::Class(Class::Unicode(class)) => {
            let chars: Vec<String> = class
                .iter()
                .flat_map(|r| r.start()..=r.end())
                .take(MAX_CLASS_NEEDLES + 1)
                .map(String::from)
                .collect();
            (!chars.is_empty() && chars.len() <= MAX_CLASS_NEEDLES).then_some(chars)
        }
        HirKind::Class(Class::Bytes(_)) => None,
        HirKind::Capture(cap) => texts(&cap.sub),
        HirKind::Repetition(rep) if rep.max == Some(rep.min) => {
            let sub = texts(&rep.sub)?;
            (0..rep.min).try_fold(vec![String::new()], |acc, _| cross(&acc, &sub))
        }
        // Optional: the part's texts, or nothing.
        HirKind::Repetition(rep) if rep.min == 0 && rep.max == Some(1) => {
            let mut sub = texts(&rep.sub)?;
            sub.push(String::new());
            Some(sub)
        }
        HirKind::Repetition(_) => None,
        HirKind::Concat(subs) => subs
            .iter()
            .try_fold(vec![String::new()], |acc, sub| cross(&acc, &texts(sub)?)),
        HirKind::Alternation(subs) => {
            let mut all = Vec::new();
            for sub in subs {
                all.extend(texts(sub)?);
                if all.len() > MAX_NEEDLES {
                    return None;
                }
            }
            Some(all)
        }
    }
}

/// Each of `heads` followed by each of `tails`, unless that is more than [`MAX_NEEDLES`].
fn cross(heads: &[String], tails: &[String]) -> Option<Vec<String>> {
    if heads.len() * tails.len() > MAX_NEEDLES {
        return None;
    }
    Some(
        heads
            .iter()
            .flat_map(|h| tails.iter().map(move |t| format!("{h}{t}")))
            .collect(),
    )
}

/// Every spelling of every needle, or `None` when one is empty (it would gate nothing) or
/// there are more than [`MAX_NEEDLES`].
fn spelled(needles: &[String], table: &VariantTable) -> Option<Vec<String>> {
    if needles.iter().any(String::is_empty) {
        return None;
    }
    let mut out = Vec::new();
    for needle in needles {
        out.extend(spellings(needle, table));
        if out.len() > MAX_NEEDLES {
            return None;
        }
    }
    out.sort_unstable();
    out.dedup();
    Some(out)
}

/// The length in characters of the shortest needle.
fn shortest(needles: &[String]) -> usize {
    needles.iter().map(|s| s.chars().count()).min().unwrap_or(0)
}

/// Every spelling of `needle` (each character or one of its alternatives), or of its longest
/// prefix with at most [`MAX_NEEDLES`] spellings: a prefix of a required text is required too.
fn spellings(needle: &str, table: &VariantTable) -> Vec<String> {
    let mut out = vec![String::new()];
    for c in needle.chars() {
        let choices: Vec<char> = std::iter::once(c).chain(table.alternatives(c)).collect();
        if out.len() * choices.len() > MAX_NEEDLES && !out[0].is_empty() {
            break;
        }
        out = super::variants::extend_each(&out, &choices);
    }
    out
}

/// Every rule regex, compiled once. Which ones run on a text is decided by the caller (through
/// the literals they require, see [`required_literals`]).
#[derive(Debug)]
pub(crate) struct RegexBank {
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
        Ok(RegexBank { regexes })
    }

    /// Calls `found(index, start, end)` for every non-overlapping match of every regex in `text`.
    #[cfg(test)]
    pub(crate) fn for_each_match(&self, text: &str, found: impl FnMut(usize, usize, usize)) {
        self.for_each_match_where(text, |_| true, found);
    }

    /// Calls `found(index, start, end)` for every non-overlapping match in `text` of every regex
    /// whose index passes `run`, in the order of the regexes.
    pub(crate) fn for_each_match_where(
        &self,
        text: &str,
        run: impl Fn(usize) -> bool,
        mut found: impl FnMut(usize, usize, usize),
    ) {
        for (index, regex) in self.regexes.iter().enumerate() {
            if run(index) {
                for m in regex.find_iter(text) {
                    found(index, m.start(), m.end());
                }
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
    fn required_literals_cover_every_spelling() {
        let table = VariantTable::new();
        let needles = required_literals("(^|[^敬])(请稍等|稍等片刻)(一下)?$", &table).unwrap();
        assert!(needles.contains(&"请稍等".to_string()));
        assert!(needles.contains(&"請稍等".to_string()));
        assert!(needles.contains(&"稍等片刻".to_string()));
        assert!(required_literals(r"\p{Han}{2}", &table).is_none());
        assert!(required_literals("(啊)?吧", &table)
            .unwrap()
            .contains(&"吧".to_string()));
    }

    #[test]
    fn required_literals_multiply_out_runs_of_few_texts() {
        let table = VariantTable::new();
        let needles = required_literals("(你|您)(没有|没)(填|写)(对|全|好)", &table).unwrap();
        // Four parts would be 96 texts in every spelling: the first three are few enough.
        assert!(needles.contains(&"你没有填".to_string()));
        assert!(needles.contains(&"您沒寫".to_string()));
        assert!(!needles.contains(&"你".to_string()));
        // Optional parts join the run; unbounded ones end it.
        let needles =
            required_literals("(这|那)?(又|也|可)?不是(我|我们)的(错误|错|责任)", &table).unwrap();
        assert!(
            needles.iter().all(|n| n.chars().count() >= 5),
            "{needles:?}"
        );
        assert!(needles.contains(&"不是我的错".to_string()));
        let needles = required_literals("再不(说话|出声).*就挂了", &table).unwrap();
        assert!(
            needles.iter().all(|n| n.chars().count() >= 4),
            "{needles:?}"
        );
    }

    /// Every match of every regex holds one of its needles (or the regex has none).
    #[test]
    fn required_literals_are_in_every_match() {
        let table = VariantTable::new();
        let cases = [
            (
                "(你|您)(没有|没)(填|写)(对|全|好)",
                "这张表你没填对,您沒寫好",
            ),
            (
                "(这|那)?(又|也|可)?不是(我|我们)的(错误|错|责任)",
                "这也不是我们的责任,不是我的错",
            ),
            (
                "(请)?(你|您)?(先)?冷静(一下|一点|点|些)",
                "请您先冷静一下,冷静点",
            ),
            (
                "(^|[^敬])(请您稍等|请稍等)(片刻|一下)?([^再留][^\\n]{0,13})?$",
                "好的,请稍等片刻",
            ),
            ("x{2}(ab|cd)?y", "xxy xxaby xxcdy"),
            ("(啊|呀)?(吧|嘛)[,。]", "好吧,行嘛。"),
        ];
        for (pattern, text) in cases {
            let needles = required_literals(pattern, &table).expect(pattern);
            let re = Regex::new(&expand_pattern(pattern, &table).unwrap()).unwrap();
            let mut matches = 0;
            for m in re.find_iter(text) {
                matches += 1;
                assert!(
                    needles.iter().any(|n| m.as_str().contains(n.as_str())),
                    "{pattern}: {:?} holds none of {needles:?}",
                    m.as_str()
                );
            }
            assert!(matches > 0, "{pattern} should match {text}");
        }
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
