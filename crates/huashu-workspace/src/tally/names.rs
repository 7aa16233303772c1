//! The Chinese names a report shows for rules and categories, beside their ids.
//!
//! A rule pack has no short-name field: a rule's name is derived from its `message`, which
//! names the breach first and explains it after a colon (`禁用语「喂」:接听和沟通时不得以「喂」称呼客户`).
//! The name is the message up to its first colon (ASCII `:` or full-width U+FF1A) when that
//! head is the head of no other rule of the linter; otherwise (`禁用语:不得以挂机威胁客户` beside
//! `禁用语:不得催促客户…`), and when there is no colon, the message up to its first comma or
//! semicolon (`应使用敬语「您」称呼客户,而不是「你」` → `应使用敬语「您」称呼客户`), or the whole
//! message when it has none.

use std::collections::HashMap;

use huashu::Linter;

/// A rule's Chinese name and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleLabel {
    /// A short name: see the [module documentation](self).
    pub name: String,
    /// The rule's message.
    pub message: String,
}

/// The labels of every rule of `linter`, by rule id.
///
/// ```
/// let linter = huashu::Linter::with_builtin_packs();
/// let labels = huashu_workspace::tally::names::rule_labels(&linter);
/// assert_eq!(labels["banned.wei"].name, "禁用语「喂」");
/// // 禁用语 heads several messages: the whole message names the rule.
/// assert_eq!(labels["banned.hang-up-threat"].name, "禁用语:不得以挂机威胁客户");
/// ```
pub fn rule_labels(linter: &Linter) -> HashMap<String, RuleLabel> {
    let mut heads: HashMap<&str, usize> = HashMap::new();
    for rule in linter.rules() {
        if let Some(head) = head(&rule.message) {
            *heads.entry(head).or_default() += 1;
        }
    }
    linter
        .rules()
        .iter()
        .map(|rule| {
            let name = match head(&rule.message) {
                Some(head) if heads[head] == 1 => head.to_owned(),
                _ => clause(&rule.message).to_owned(),
            };
            (
                rule.id.clone(),
                RuleLabel {
                    name,
                    message: rule.message.clone(),
                },
            )
        })
        .collect()
}

/// The message up to its first colon, when there is one with text before it.
fn head(message: &str) -> Option<&str> {
    let at = message.find([':', '\u{ff1a}'])?;
    let head = message[..at].trim();
    (!head.is_empty()).then_some(head)
}

/// The message up to its first comma or semicolon (when there is text before it), else all of it.
fn clause(message: &str) -> &str {
    match message.find([',', ';', '\u{ff0c}', '\u{ff1b}']) {
        Some(at) if !message[..at].trim().is_empty() => message[..at].trim(),
        _ => message,
    }
}

/// The Chinese name of a category (`banned` → 服务禁用语), or the id itself when it is not
/// one of huashu's.
///
/// ```
/// use huashu_workspace::tally::names::category_name;
/// assert_eq!(category_name("greeting"), "开头语");
/// assert_eq!(category_name("custom"), "custom");
/// ```
pub fn category_name(category: &str) -> &str {
    match category {
        "banned" => "服务禁用语",
        "tone" => "服务语气",
        "filler" => "口头禅与方言",
        "honorific" => "礼貌称呼",
        "greeting" => "开头语",
        "closing" => "结束语",
        "response" => "应答规范",
        "timing" => "时长与语速",
        "meta" => "抑制注释",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heads_of_messages() {
        assert_eq!(
            head("禁用语「喂」:接听时不得以「喂」称呼客户"),
            Some("禁用语「喂」")
        );
        assert_eq!(head("note: x"), Some("note"));
        assert_eq!(head("辱骂客户"), None);
        assert_eq!(head(":开头就是冒号"), None);
        assert_eq!(head("开头语\u{ff1a}缺少问候"), Some("开头语"));
        assert_eq!(
            clause("应使用敬语「您」称呼客户,而不是「你」"),
            "应使用敬语「您」称呼客户"
        );
        assert_eq!(clause("说话呀\u{ff0c}快说"), "说话呀");
        assert_eq!(clause("辱骂客户"), "辱骂客户");
    }

    #[test]
    fn every_builtin_rule_has_a_distinct_enough_name() {
        let linter = Linter::with_builtin_packs();
        let labels = rule_labels(&linter);
        assert_eq!(labels.len(), linter.rules().len());
        assert_eq!(labels["banned.abuse"].name, "辱骂客户");
        assert_eq!(labels["greeting.three-part"].name, "开头语不完整");
        for label in labels.values() {
            assert!(!label.name.is_empty());
            assert!(label.message.starts_with(&label.name));
            assert!(label.name.chars().count() <= 60, "{}", label.name);
        }
    }
}
