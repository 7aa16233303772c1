//! Suppression comments: `# huashu: ignore[…]`, `# huashu: disable[…]`, `# huashu: enable[…]`.
//!
//! Scripts and plain-text transcripts can silence a rule where the words are intended, like
//! ruff's `# noqa` and `eslint-disable`:
//!
//! * `# huashu: ignore[RULE, …]` on its own line covers the next turn line (skipping blank and
//!   comment lines); at the end of a turn line it covers that line. Either way the turn's
//!   continuation lines are covered too. A trailing directive is not part of the turn's text.
//! * `# huashu: disable[RULE, …]` covers the lines after it up to an `# huashu: enable[RULE]`
//!   naming the same selector (`enable[*]` ends every open range), or to the end of the call.
//!   At the top of a script it covers the whole script.
//!
//! A selector is a [`RuleSelector`], as everywhere rules are named: a rule id (`banned.wei`), a
//! pattern (`tone.*`: every rule whose id starts with `tone.`; `*`: every rule) or a pack name
//! (`etiquette.*`: every rule of the pack `etiquette`). Full-width brackets and commas as a
//! Chinese input method types them (`［］`, `【】`, `，`, `、`, `：`) are accepted, and anything
//! after the closing bracket is free text (the reason, say).
//!
//! The [`transcript`](crate::transcript) parser reads the comments into [`Call::suppressions`],
//! resolving the lines each selector covers; the [`Linter`](crate::Linter) applies them: a
//! violation is suppressed when a selector covers the line its span starts on. Greeting and
//! closing rules (required rules) report an absence, not words on a line, so only a `disable`
//! range suppresses them. A selector that suppresses nothing, names no loaded rule, or a comment
//! that cannot be read is reported by a built-in meta rule (see [`META_RULE_IDS`]).
//!
//! ```
//! use huashu::transcript::{parse, ParseOptions, SourceFormat};
//! use huashu::Linter;
//!
//! let linter = Linter::with_builtin_packs();
//! let script = [
//!     "# huashu: disable[greeting.three-part, closing.standard]",
//!     "您的宽带将于{到期日期}到期。",
//!     "# huashu: ignore[banned.wei]",
//!     "喂,您好,请问是{客户姓名}先生吗?",
//! ]
//! .join("\n");
//! let call = &parse(&script, SourceFormat::Text, &ParseOptions::default()).calls[0];
//! let report = linter.check(call);
//! assert!(report.violations.is_empty(), "{:?}", report.violations);
//! assert_eq!(report.suppressed.len(), 3);
//! assert_eq!(report.score, 100);
//! ```
//!
//! [`Call::suppressions`]: crate::Call::suppressions

mod apply;
mod meta;

#[cfg(test)]
mod tests;

use std::ops::RangeInclusive;

use crate::call::Position;
use crate::pack::Rule;
use crate::select::RuleSelector;

pub(crate) use apply::apply;
pub(crate) use meta::{meta_pack_info, meta_rules};
pub use meta::{
    INVALID_SUPPRESSION, META_PACK, META_RULE_IDS, UNKNOWN_RULE_IN_SUPPRESSION, UNUSED_SUPPRESSION,
};

/// What a suppression comment does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Action {
    /// `ignore`: one turn line (and the turn's continuation lines).
    Ignore,
    /// `disable`: from the next line to the matching `enable`, or to the end of the call.
    Disable,
    /// `enable`: ends the range of an earlier `disable`.
    Enable,
}

impl Action {
    /// The word used in comments.
    ///
    /// ```
    /// assert_eq!(huashu::suppress::Action::Disable.as_str(), "disable");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Ignore => "ignore",
            Action::Disable => "disable",
            Action::Enable => "enable",
        }
    }
}

/// One `# huashu:` comment of a plain-text source, as the parser read it.
///
/// ```
/// use huashu::transcript::{parse, ParseOptions, SourceFormat};
/// use huashu::suppress::Action;
/// let source = "客服:您好\n客服:喂,您好 # huashu: ignore[banned.wei]\n";
/// let call = &parse(source, SourceFormat::Text, &ParseOptions::default()).calls[0];
/// // The trailing comment is not part of the turn's text.
/// assert_eq!(call.turns[1].text, "喂,您好");
/// let s = &call.suppressions[0];
/// assert_eq!((s.action, s.trailing), (Some(Action::Ignore), true));
/// assert_eq!(s.selectors[0].selector.as_str(), "banned.wei");
/// assert_eq!(s.selectors[0].lines, Some(2..=2));
/// assert_eq!((s.start.line, s.start.column), (2, 9));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Suppression {
    /// What it does; `None` when the comment cannot be used (see `problems`).
    pub action: Option<Action>,
    /// The comment as written, from its `#` to the end of the line (trailing spaces removed).
    pub text: String,
    /// Where `text` starts in the source (its `#`).
    pub start: Position,
    /// Whether it ends a turn line instead of standing on a line of its own.
    pub trailing: bool,
    /// The rules it names, in order.
    pub selectors: Vec<CommentSelector>,
    /// What is wrong with it: an unknown action, a missing list, a selector that is not a rule
    /// id… Each is reported as `huashu.invalid-suppression`.
    pub problems: Vec<SuppressionProblem>,
}

/// One entry of a suppression comment's list: a [`RuleSelector`], where it is, and the lines it
/// covers.
///
/// ```
/// use huashu::transcript::{parse, ParseOptions, SourceFormat};
/// let source = "# huashu：disable【Tone.*、banned.wei】\n您好\n";
/// let call = &parse(source, SourceFormat::Text, &ParseOptions::default()).calls[0];
/// let patterns: Vec<&str> = call.suppressions[0].selectors.iter().map(|s| s.selector.as_str()).collect();
/// assert_eq!(patterns, ["tone.*", "banned.wei"]);
/// assert_eq!(call.suppressions[0].selectors[0].text, "Tone.*");
/// // A `disable` never re-enabled runs to the end of the call.
/// assert_eq!(call.suppressions[0].selectors[0].lines, Some(2..=usize::MAX));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CommentSelector {
    /// As written.
    pub text: String,
    /// The selector (full-width forms folded to ASCII, lowercase).
    pub selector: RuleSelector,
    /// Where it starts in the source.
    pub start: Position,
    /// Where it ends (exclusive).
    pub end: Position,
    /// For `ignore` and `disable`: the source lines covered (inclusive; `usize::MAX` as the last
    /// line means to the end of the call), or `None` when there is no line to cover (an
    /// `ignore` at the end of the file). For `enable`: the lines of the range it ended, or
    /// `None` when no `disable` was open for it.
    pub lines: Option<RangeInclusive<usize>>,
}

impl CommentSelector {
    /// Whether the comment names `rule` ([`RuleSelector::matches`]). huashu's own meta rules
    /// (`huashu.*`) are never suppressed by comments.
    ///
    /// ```
    /// let linter = huashu::Linter::with_builtin_packs();
    /// let source = "# huashu: ignore[etiquette.*]\n您好\n";
    /// let call = &huashu::transcript::parse(source, huashu::transcript::SourceFormat::Text, &Default::default()).calls[0];
    /// let selector = &call.suppressions[0].selectors[0];
    /// assert!(selector.matches(linter.rule("greeting.three-part").unwrap()));
    /// assert!(!selector.matches(linter.rule("banned.wei").unwrap()));
    /// ```
    pub fn matches(&self, rule: &Rule) -> bool {
        !rule.kind.is_meta() && self.selector.matches(rule)
    }
}

/// Something wrong with a suppression comment, at a span of it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SuppressionProblem {
    /// The text at fault, as written.
    pub text: String,
    /// What is wrong (Simplified Chinese, like rule messages).
    pub message: String,
    /// Where the text at fault starts in the source.
    pub start: Position,
    /// Where it ends (exclusive).
    pub end: Position,
}

/// One source line, for positions inside it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SourceLine<'a> {
    /// The line's text, without its line end.
    pub text: &'a str,
    /// 1-based line number.
    pub number: usize,
    /// Byte offset of `text` in the source.
    pub offset: usize,
}

impl SourceLine<'_> {
    fn position(&self, at: usize) -> Position {
        Position {
            offset: self.offset + at,
            line: self.number,
            column: self.text.get(..at).map_or(0, |t| t.chars().count()) + 1,
        }
    }
}

/// Full-width and input-method punctuation folded to what the grammar expects.
fn fold(c: char) -> char {
    match c {
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        '【' => '[',
        '】' => ']',
        '、' => ',',
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// The byte index just past the `huashu:` that starts `text` (after optional whitespace), if
/// it does.
fn after_keyword(text: &str) -> Option<usize> {
    let mut chars = text.char_indices().peekable();
    while chars.next_if(|(_, c)| fold(*c).is_whitespace()).is_some() {}
    for expected in "huashu".chars() {
        let (_, c) = chars.next()?;
        if fold(c).to_ascii_lowercase() != expected {
            return None;
        }
    }
    while chars.next_if(|(_, c)| fold(*c).is_whitespace()).is_some() {}
    let (at, colon) = chars.next()?;
    (fold(colon) == ':').then_some(at + colon.len_utf8())
}

/// Whether the text after a `#` is a huashu directive: `huashu` then a colon (`:` or `：`),
/// whitespace allowed around the word, any case.
pub(crate) fn is_directive(after_hash: &str) -> bool {
    after_keyword(after_hash).is_some()
}

/// The byte index of the `#` of a directive inside `text`, if one is there: the first `#`
/// followed by `huashu:`.
pub(crate) fn find_trailing(text: &str) -> Option<usize> {
    text.match_indices('#')
        .map(|(i, _)| i)
        .find(|&i| is_directive(&text[i + 1..]))
}

/// The messages of problems, shared by the parser and its tests.
mod problem {
    pub(super) const NO_ACTION: &str =
        "缺少指令,应为 ignore、disable 或 enable,如「# huashu: ignore[banned.wei]」";
    pub(super) const NO_LIST: &str =
        "缺少规则列表,应写明要豁免的规则,如「ignore[banned.wei]」;豁免全部规则请写「ignore[*]」";
    pub(super) const UNCLOSED: &str = "规则列表缺少右括号「]」";
    pub(super) const EMPTY: &str = "规则列表为空";
    pub(super) const TRAILING_RANGE: &str = "行尾只能使用 ignore;disable 与 enable 须单独成行";
}

/// Reads the directive whose `#` is at byte `hash` of `line` (which [`is_directive`] accepted).
pub(crate) fn parse(line: SourceLine<'_>, hash: usize, trailing: bool) -> Suppression {
    let text = line.text[hash..].trim_end();
    let mut out = Suppression {
        action: None,
        text: text.to_owned(),
        start: line.position(hash),
        trailing,
        selectors: Vec::new(),
        problems: Vec::new(),
    };
    let whole = (hash, hash + text.len());
    let problem = |out: &mut Suppression, (from, to): (usize, usize), message: String| {
        out.problems.push(SuppressionProblem {
            text: line.text[from..to].to_owned(),
            message,
            start: line.position(from),
            end: line.position(to),
        });
    };
    let body_at = hash + 1 + after_keyword(&line.text[hash + 1..]).unwrap_or(0);
    let skip_space = |from: usize| {
        line.text[from..]
            .char_indices()
            .find(|(_, c)| !fold(*c).is_whitespace())
            .map_or(line.text.len(), |(i, _)| from + i)
    };
    // The action word.
    let action_at = skip_space(body_at);
    let action_end = line.text[action_at..]
        .char_indices()
        .find(|(_, c)| {
            let c = fold(*c);
            c.is_whitespace() || c == '['
        })
        .map_or(line.text.len(), |(i, _)| action_at + i);
    let word: String = line.text[action_at..action_end]
        .chars()
        .map(|c| fold(c).to_ascii_lowercase())
        .collect();
    let action = match word.as_str() {
        "ignore" => Action::Ignore,
        "disable" => Action::Disable,
        "enable" => Action::Enable,
        "" => {
            problem(&mut out, whole, problem::NO_ACTION.to_owned());
            return out;
        }
        other => {
            let message = format!("未知的指令「{other}」,应为 ignore、disable 或 enable");
            problem(&mut out, (action_at, action_end), message);
            return out;
        }
    };
    // The bracketed list.
    let open = skip_space(action_end);
    let Some(first) = line.text[open..].chars().next().filter(|c| fold(*c) == '[') else {
        problem(&mut out, whole, problem::NO_LIST.to_owned());
        return out;
    };
    let list_at = open + first.len_utf8();
    let Some(close) = line.text[list_at..]
        .char_indices()
        .find(|(_, c)| fold(*c) == ']')
        .map(|(i, _)| list_at + i)
    else {
        problem(&mut out, whole, problem::UNCLOSED.to_owned());
        return out;
    };
    if trailing && action != Action::Ignore {
        problem(
            &mut out,
            (action_at, action_end),
            problem::TRAILING_RANGE.to_owned(),
        );
        return out;
    }
    // Items end at each comma and at the closing bracket.
    let ends = line.text[list_at..close]
        .char_indices()
        .filter(|(_, c)| fold(*c) == ',')
        .map(|(i, c)| (list_at + i, c.len_utf8()))
        .chain([(close, 0)]);
    let mut item_at = list_at;
    let mut any = false;
    for (at, separator) in ends {
        let raw = &line.text[item_at..at];
        let trimmed = raw.trim_start_matches(|c| fold(c).is_whitespace());
        let from = item_at + (raw.len() - trimmed.len());
        let item = trimmed.trim_end_matches(|c| fold(c).is_whitespace());
        let to = from + item.len();
        item_at = at + separator;
        if item.is_empty() {
            continue;
        }
        any = true;
        let folded: String = item.chars().map(fold).collect();
        if let Ok(selector) = RuleSelector::parse(&folded) {
            out.selectors.push(CommentSelector {
                text: item.to_owned(),
                selector,
                start: line.position(from),
                end: line.position(to),
                lines: None,
            });
        } else {
            let message = format!(
                "「{item}」不是规则 id(规则 id 形如 banned.wei;tone.* 表示一类规则,* 表示全部规则)"
            );
            problem(&mut out, (from, to), message);
        }
    }
    if !any {
        let close_end = close + line.text[close..].chars().next().map_or(1, char::len_utf8);
        problem(&mut out, (open, close_end), problem::EMPTY.to_owned());
        return out;
    }
    out.action = Some(action);
    out
}
