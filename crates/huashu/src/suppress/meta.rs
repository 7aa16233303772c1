//! huashu's own rules about suppression comments. They are built into every linter (after the
//! packs' rules), cost no points, and cannot themselves be suppressed by comments.

use crate::pack::{Category, Examples, PackInfo, Rule, RuleKind, Severity, SpeakerScope};

/// A selector of a suppression comment that suppressed nothing.
pub const UNUSED_SUPPRESSION: &str = "huashu.unused-suppression";
/// A selector of a suppression comment that names no loaded rule.
pub const UNKNOWN_RULE_IN_SUPPRESSION: &str = "huashu.unknown-rule-in-suppression";
/// A `# huashu:` comment (or a part of one) that cannot be read.
pub const INVALID_SUPPRESSION: &str = "huashu.invalid-suppression";

/// The ids of the meta rules, in the order [`crate::Linter::rules`] lists them.
///
/// ```
/// let linter = huashu::Linter::with_builtin_packs();
/// for id in huashu::suppress::META_RULE_IDS {
///     let rule = linter.rule(id).unwrap();
///     assert_eq!((rule.category, rule.points), (huashu::Category::Meta, 0));
/// }
/// ```
pub const META_RULE_IDS: [&str; 3] = [
    UNUSED_SUPPRESSION,
    UNKNOWN_RULE_IN_SUPPRESSION,
    INVALID_SUPPRESSION,
];

/// The id of the pseudo-pack the meta rules belong to (so `huashu.*` names them as a pack too).
///
/// ```
/// let linter = huashu::Linter::with_builtin_packs();
/// assert_eq!(linter.rule("huashu.unused-suppression").unwrap().pack, huashu::suppress::META_PACK);
/// ```
pub const META_PACK: &str = "huashu";

/// The pack header listed by [`crate::Linter::packs`] for the meta rules.
pub(crate) fn meta_pack_info() -> PackInfo {
    PackInfo {
        id: META_PACK.to_owned(),
        name: "builtin:huashu".to_owned(),
        description: "huashu 自身的规则:检查豁免注释(# huashu: ignore/disable/enable)".to_owned(),
        source: None,
    }
}

/// The meta rules.
pub(crate) fn meta_rules() -> Vec<Rule> {
    vec![
        rule(
            UNUSED_SUPPRESSION,
            "无效的豁免注释",
            "A rule named in a `# huashu:` suppression comment that suppressed nothing there (like ruff's RUF100), or an `enable` with no `disable` to end.",
            "豁免注释只应豁免确实触发、且确属有意的违规。话术修改后,原来的豁免不再起作用却仍留在文件里,\
日后同一处真的出现违规时会被悄悄放过;报告未起作用的豁免,过时的注释才不会越积越多。",
            "删除这条豁免注释,或删去列表中未触发的规则 id",
            &[
                "# huashu: ignore[*]\n您好,请问有什么可以帮您?",
                "# huashu: enable[*]\n您好,请问有什么可以帮您?",
            ],
            &[
                "您好,请问有什么可以帮您?",
                "# huashu 话术检查示例\n您好,请问有什么可以帮您?",
            ],
        ),
        rule(
            UNKNOWN_RULE_IN_SUPPRESSION,
            "豁免注释中的规则不存在",
            "A selector of a `# huashu:` suppression comment that names no loaded rule (a typo, a renamed rule, a pack not loaded); suggests the closest id.",
            "写错的规则 id 什么也不会豁免,而写注释的人会以为已经豁免了。",
            "`huashu rules list` 列出所有已加载规则的 id",
            &[
                "# huashu: ignore[banned.nope]\n您好,请问有什么可以帮您?",
                "# huashu: disable[nosuch.*]\n您好,请问有什么可以帮您?",
            ],
            &[
                "# huashu: ignore[*]\n您好,请问有什么可以帮您?",
                "您好,请问有什么可以帮您?",
            ],
        ),
        rule(
            INVALID_SUPPRESSION,
            "无法识别的豁免注释",
            "A `# huashu:` comment that cannot be read: an unknown action, no `[…]` list, a list entry that is not a rule id, `disable`/`enable` at the end of a line.",
            "以「# huashu:」开头的注释都是指令;读不懂的指令不会豁免任何规则,应当改正而不是被忽略。",
            "写法:「# huashu: ignore[规则 id, …]」(单独一行时作用于下一行,行尾时作用于本行)、\
「# huashu: disable[…]」与「# huashu: enable[…]」(一段范围);tone.* 表示一类规则,* 表示全部规则",
            &[
                "# huashu: ignore\n您好,请问有什么可以帮您?",
                "# huashu: ignroe[banned.wei]\n您好,请问有什么可以帮您?",
                "您好,请问有什么可以帮您? # huashu: disable[*]",
            ],
            &[
                "# huashu: ignore[*]\n您好,请问有什么可以帮您?",
                "# 备注: ignore[banned.wei]\n您好,请问有什么可以帮您?",
            ],
        ),
    ]
}

fn rule(
    id: &str,
    message: &str,
    summary: &str,
    why: &str,
    help: &str,
    bad: &[&str],
    good: &[&str],
) -> Rule {
    Rule {
        id: id.to_owned(),
        pack: META_PACK.to_owned(),
        category: Category::Meta,
        severity: Severity::Warning,
        points: 0,
        speaker: SpeakerScope::Any,
        message: message.to_owned(),
        summary: Some(summary.to_owned()),
        why: Some(why.to_owned()),
        help: Some(help.to_owned()),
        fix: None,
        examples: Examples {
            bad: bad.iter().map(|e| (*e).to_owned()).collect(),
            good: good.iter().map(|e| (*e).to_owned()).collect(),
        },
        max_points: None,
        fatal: false,
        kind: RuleKind::Meta,
        profiles: Default::default(),
    }
}
