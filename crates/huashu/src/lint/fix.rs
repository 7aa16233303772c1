//! Applying rewrites: turning violations with suggestions into text edits.

use serde::Serialize;

use super::{Linter, Violation};
use crate::call::Speaker;
use crate::pack::Fix;
use crate::transcript::{self, ParseError, ParseOptions, SourceFormat};

/// Which rewrites to apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FixMode {
    /// Only rewrites whose rule marks them `safe`.
    Safe,
    /// `safe` and `suggest` rewrites alike.
    Unsafe,
}

impl FixMode {
    /// Whether a violation's fix is applied in this mode.
    ///
    /// ```
    /// use huashu::{Fix, FixMode};
    /// assert!(FixMode::Unsafe.applies(Some(Fix::Suggest)));
    /// assert!(!FixMode::Safe.applies(Some(Fix::Suggest)));
    /// assert!(!FixMode::Safe.applies(None));
    /// ```
    pub fn applies(self, fix: Option<Fix>) -> bool {
        match (self, fix) {
            (_, None) => false,
            (FixMode::Safe, Some(fix)) => fix == Fix::Safe,
            (FixMode::Unsafe, Some(_)) => true,
        }
    }
}

/// Replace `start..end` (byte offsets) with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edit {
    /// Start byte offset.
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
    /// The new text.
    pub replacement: String,
}

/// The edits that apply the suggestions of `violations` in `mode`, as byte offsets in the turn
/// text of a one-turn check (see [`Linter::fix_text`]) — or, with `source = true`, as offsets in
/// the source the call was parsed from (violations without a location are then skipped).
///
/// ```
/// use huashu::{fix_edits, FixMode, Linter};
/// let linter = Linter::with_builtin_packs();
/// let report = linter.check_text("这个我不知道");
/// let edits = fix_edits(&report.violations, FixMode::Unsafe, false);
/// assert_eq!(edits[0].replacement, "需要帮您查询一下");
/// // `suggest` rewrites are not applied in safe mode.
/// assert!(fix_edits(&report.violations, FixMode::Safe, false).is_empty());
/// ```
pub fn fix_edits(violations: &[Violation], mode: FixMode, source: bool) -> Vec<Edit> {
    violations
        .iter()
        .filter(|v| mode.applies(v.fix))
        .filter_map(|v| {
            let replacement = v.suggestion.clone()?;
            let (start, end) = if source {
                let l = v.location?;
                (l.start.offset, l.end.offset)
            } else {
                (v.start, v.end)
            };
            Some(Edit {
                start,
                end,
                replacement,
            })
        })
        .collect()
}

/// Applies non-overlapping edits to `text`. Edits are taken by start, the longest first at the
/// same start; an edit overlapping one already taken is skipped, as is one outside the text or
/// off a character boundary.
///
/// ```
/// use huashu::{apply_edits, Edit};
/// let text = "你好,你必须先交费";
/// let edits = vec![
///     Edit { start: 0, end: 6, replacement: "您好".into() },
///     Edit { start: 7, end: 16, replacement: "请您".into() },
/// ];
/// assert_eq!(apply_edits(text, &edits), "您好,请您先交费");
/// ```
pub fn apply_edits(text: &str, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for i in applied_edits(text, edits) {
        let edit = &edits[i];
        out.push_str(&text[at..edit.start]);
        out.push_str(&edit.replacement);
        at = edit.end;
    }
    out.push_str(&text[at..]);
    out
}

/// The indexes into `edits` of those [`apply_edits`] applies, in the order it applies them
/// (by start, the longest first at the same start; an edit overlapping one already taken, outside
/// the text or off a character boundary is left out).
///
/// ```
/// use huashu::{applied_edits, Edit};
/// let edits = vec![
///     Edit { start: 7, end: 16, replacement: "请您".into() },
///     Edit { start: 0, end: 6, replacement: "您好".into() },
///     Edit { start: 3, end: 9, replacement: "x".into() },
/// ];
/// assert_eq!(applied_edits("你好,你必须先交费", &edits), [1, 0]);
/// ```
pub fn applied_edits(text: &str, edits: &[Edit]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..edits.len()).collect();
    order.sort_by_key(|&i| (edits[i].start, std::cmp::Reverse(edits[i].end)));
    let mut at = 0;
    order.retain(|&i| {
        let edit = &edits[i];
        let valid = edit.start >= at
            && edit.start <= edit.end
            && edit.end <= text.len()
            && text.is_char_boundary(edit.start)
            && text.is_char_boundary(edit.end);
        if valid {
            at = edit.end;
        }
        valid
    });
    order
}

/// How many times fixing is repeated at most: a rewrite may expose another breach.
const MAX_FIX_PASSES: usize = 8;

impl Linter {
    /// Applies the rewrites of `text` (one agent utterance) in `mode`, repeating until nothing
    /// more changes, and returns the fixed text. Fixing twice gives the same text as fixing once.
    ///
    /// ```
    /// use huashu::{FixMode, Linter};
    /// let linter = Linter::with_builtin_packs();
    /// // 你 → 您 is safe; 不知道 → 需要帮您查询一下 is only a suggestion.
    /// assert_eq!(linter.fix_text("你好,这个我不知道", FixMode::Safe), "您好,这个我不知道");
    /// assert_eq!(
    ///     linter.fix_text("你好,这个我不知道", FixMode::Unsafe),
    ///     "您好,这个我需要帮您查询一下"
    /// );
    /// ```
    pub fn fix_text(&self, text: &str, mode: FixMode) -> String {
        let mut current = text.to_owned();
        for _ in 0..MAX_FIX_PASSES {
            let report = self.check_text(&current);
            let edits = fix_edits(&report.violations, mode, false);
            let next = apply_edits(&current, &edits);
            if next == current {
                break;
            }
            current = next;
        }
        current
    }
}

/// What [`Linter::fix_source`] did to a source.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SourceFix {
    /// The fixed source, when anything changed.
    pub fixed: Option<String>,
    /// How many rewrites were applied.
    pub applied: usize,
    /// The rules whose rewrites were applied, with how many each, in the order first applied.
    pub rules: Vec<(String, usize)>,
}

impl Linter {
    /// Fixes a whole source (a script, a transcript, a JSON Lines export…) of `format`: applies
    /// the rewrites of agent turns in `mode`, in passes until a pass changes nothing, so that
    /// fixing the result again changes nothing. Only the rewritten words change: comments,
    /// labels, times, line ends and JSON structure are kept byte for byte, and a rewrite inside
    /// a JSON string is escaped for it ([`SourceFormat::escape`]), once per string it sits in
    /// ([`crate::Origin::string_levels`]: iFlytek's words are two strings deep). A pass whose
    /// result would not parse is not applied.
    ///
    /// A source with a parse error is not fixed: its errors are returned, since rewriting a
    /// source that is not understood could break it.
    ///
    /// ```
    /// use huashu::transcript::{ParseOptions, SourceFormat};
    /// use huashu::{FixMode, Linter};
    /// let linter = Linter::with_builtin_packs();
    /// let script = "# 外呼话术\n客服:你好,这个这个套餐你可以看一下。\n客户:你说的是哪个?\n";
    /// let fix = linter
    ///     .fix_source(script, SourceFormat::Text, &ParseOptions::default(), FixMode::Safe)
    ///     .unwrap();
    /// // The agent's 你 become 您 and the repeated 这个 goes; the customer's words stay.
    /// assert_eq!(
    ///     fix.fixed.as_deref(),
    ///     Some("# 外呼话术\n客服:您好,这个套餐您可以看一下。\n客户:你说的是哪个?\n")
    /// );
    /// assert_eq!(fix.applied, 3);
    /// let broken = linter.fix_source("{oops}\n", SourceFormat::JsonLines, &ParseOptions::default(), FixMode::Safe);
    /// assert_eq!(broken.unwrap_err()[0].line, 1);
    /// ```
    pub fn fix_source(
        &self,
        source: &str,
        format: SourceFormat,
        options: &ParseOptions,
        mode: FixMode,
    ) -> Result<SourceFix, Vec<ParseError>> {
        let mut current = source.to_owned();
        let mut applied = 0;
        let mut rules: Vec<(String, usize)> = Vec::new();
        let mut parsed = transcript::parse(&current, format, options);
        if !parsed.errors.is_empty() {
            return Err(parsed.errors);
        }
        for _ in 0..MAX_FIX_PASSES {
            // Each edit, as offsets in the source, and the rule it comes from.
            let mut edits: Vec<Edit> = Vec::new();
            let mut edit_rules: Vec<String> = Vec::new();
            for call in &parsed.calls {
                let report = self.check(call);
                for violation in &report.violations {
                    if violation.speaker != Speaker::Agent {
                        continue;
                    }
                    // Escaped for the JSON strings the words sit in (none in plain text; two
                    // or three for iFlytek's words).
                    let levels = call
                        .turns
                        .get(violation.turn)
                        .and_then(|turn| turn.origin.as_ref())
                        .map_or(0, |origin| origin.string_levels());
                    for mut edit in fix_edits(std::slice::from_ref(violation), mode, true) {
                        edit.replacement =
                            transcript::escape_for(&edit.replacement, levels).into_owned();
                        edits.push(edit);
                        edit_rules.push(violation.rule.clone());
                    }
                }
            }
            if edits.is_empty() {
                break;
            }
            let next = apply_edits(&current, &edits);
            if next == current {
                break;
            }
            // A rewrite never touches the structure (labels, times, JSON syntax); if one ever
            // did (words that span two JSON strings), stop at the last clean text rather than
            // return a broken one.
            let next_parsed = transcript::parse(&next, format, options);
            if !next_parsed.errors.is_empty() {
                break;
            }
            // Count what was applied (an edit overlapping an earlier one waits for the next
            // pass), leaving out edits that change nothing.
            let applied_now = applied_edits(&current, &edits)
                .into_iter()
                .filter(|&i| current[edits[i].start..edits[i].end] != edits[i].replacement)
                .map(|i| &edit_rules[i]);
            for rule in applied_now {
                applied += 1;
                match rules.iter_mut().find(|(r, _)| r == rule) {
                    Some((_, n)) => *n += 1,
                    None => rules.push((rule.clone(), 1)),
                }
            }
            current = next;
            parsed = next_parsed;
        }
        Ok(SourceFix {
            fixed: (current != source).then_some(current),
            applied,
            rules,
        })
    }
}
