//! Speaker labels (客服, 客户, agent, …) and the speakers they stand for.

use std::collections::HashMap;

use crate::call::Speaker;

/// The mapping from speaker labels to speakers.
///
/// The default maps 客服, 坐席, 座席 and `agent` to the agent, and 客户, 用户, 顾客 and
/// `customer` to the customer. Latin labels are matched case-insensitively.
///
/// ```
/// use huashu::transcript::Labels;
/// use huashu::Speaker;
/// let mut labels = Labels::default();
/// assert_eq!(labels.get("坐席"), Some(Speaker::Agent));
/// assert_eq!(labels.get("Customer"), Some(Speaker::Customer));
/// labels.insert("B", Speaker::Agent);
/// assert_eq!(labels.get("b"), Some(Speaker::Agent));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Labels {
    map: HashMap<String, Speaker>,
}

impl Default for Labels {
    fn default() -> Self {
        let mut labels = Labels::empty();
        for label in ["客服", "坐席", "座席", "agent"] {
            labels.insert(label, Speaker::Agent);
        }
        for label in ["客户", "用户", "顾客", "customer"] {
            labels.insert(label, Speaker::Customer);
        }
        labels
    }
}

impl Labels {
    /// A mapping with no labels at all.
    ///
    /// ```
    /// use huashu::transcript::Labels;
    /// assert_eq!(Labels::empty().get("客服"), None);
    /// ```
    pub fn empty() -> Self {
        Labels {
            map: HashMap::new(),
        }
    }

    /// Maps `label` to `speaker`, replacing any earlier mapping of the same label.
    ///
    /// ```
    /// use huashu::{transcript::Labels, Speaker};
    /// let mut labels = Labels::empty();
    /// labels.insert("话务员", Speaker::Agent);
    /// assert_eq!(labels.get("话务员"), Some(Speaker::Agent));
    /// ```
    pub fn insert(&mut self, label: &str, speaker: Speaker) {
        self.map.insert(Self::key(label), speaker);
    }

    /// The speaker a label stands for, if it is known.
    ///
    /// ```
    /// use huashu::{transcript::Labels, Speaker};
    /// assert_eq!(Labels::default().get("AGENT"), Some(Speaker::Agent));
    /// assert_eq!(Labels::default().get("经理"), None);
    /// ```
    pub fn get(&self, label: &str) -> Option<Speaker> {
        let label = label.trim();
        // Most labels (客服, agent) are their own key: look them up without building one.
        let own_key = label.chars().all(|c| {
            let mut lower = c.to_lowercase();
            lower.next() == Some(c) && lower.next().is_none()
        });
        if own_key {
            return self.map.get(label).copied();
        }
        self.map.get(&Self::key(label)).copied()
    }

    /// The known labels (lowercased), sorted, for error messages.
    pub(super) fn names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.map.keys().map(String::as_str).collect();
        names.sort_unstable();
        names
    }

    fn key(label: &str) -> String {
        label.trim().to_lowercase()
    }
}

/// Latin words that name a speaker in exports (`Speaker 1`, `SPEAKER_00`, `spk0`, `caller`).
const LATIN_SPEAKER_WORDS: &[&str] = &[
    "agent", "bot", "caller", "ch", "channel", "client", "customer", "guest", "host", "ivr",
    "operator", "rep", "s", "speaker", "spk", "system", "user",
];

/// The ends of Chinese words that name a person or a side (来电人, 话务员, 甲方, 机主…).
const CHINESE_SPEAKER_ENDS: &[char] = &[
    '人', '员', '方', '者', '户', '服', '席', '主', '生', '士', '统', '客', '手',
];

/// The starts of Chinese words that name a speaker (说话人1, 角色2, 声道1, 客服小美).
const CHINESE_SPEAKER_STARTS: &[&str] = &[
    "客服",
    "坐席",
    "座席",
    "客户",
    "用户",
    "说话人",
    "发言人",
    "角色",
    "声道",
    "通道",
    "机器人",
];

impl Labels {
    /// Whether `label` looks like the name of a speaker rather than the first words of a sentence
    /// that happen to come before a colon (`注意:`, `第一:`): a letter or a number (`A`, `0`), a
    /// Latin speaker word with or without a number (`spk0`, `SPEAKER_00`, `ch1`, `Speaker 1`), or a
    /// short Chinese word for a person or a side (`来电人`, `话务员`, `说话人1`, `角色2`).
    ///
    /// ```
    /// use huashu::transcript::Labels;
    /// for label in ["A", "0", "spk0", "SPEAKER_00", "ch1", "Speaker 1", "说话人1", "来电人", "客服小美"] {
    ///     assert!(Labels::looks_like_speaker(label), "{label}");
    /// }
    /// for label in ["注意", "第一", "备注", "我想问一下", "Note", "12345", ""] {
    ///     assert!(!Labels::looks_like_speaker(label), "{label}");
    /// }
    /// ```
    pub fn looks_like_speaker(label: &str) -> bool {
        let label = label.trim();
        if label.is_empty() || label.chars().count() > 12 {
            return false;
        }
        // A number (a channel or a speaker id), or a lone letter.
        if label.len() <= 2 && label.bytes().all(|b| b.is_ascii_digit()) {
            return true;
        }
        if label.len() == 1 && label.bytes().all(|b| b.is_ascii_alphabetic()) {
            return true;
        }
        let word = label
            .trim_end_matches(|c: char| c.is_ascii_digit() || c == ' ' || c == '_' || c == '-');
        if word.is_empty() {
            return false;
        }
        if word.is_ascii() {
            let word = word.to_ascii_lowercase();
            return LATIN_SPEAKER_WORDS.contains(&word.as_str())
                || (word.len() <= 3
                    && word.len() < label.len()
                    && word.bytes().all(|b| b.is_ascii_alphabetic()));
        }
        let chinese = word.chars().all(|c| !c.is_ascii() && c.is_alphabetic());
        chinese
            && word.chars().count() <= 6
            && (word.ends_with(CHINESE_SPEAKER_ENDS)
                || CHINESE_SPEAKER_STARTS
                    .iter()
                    .any(|start| word.starts_with(start)))
    }
}
