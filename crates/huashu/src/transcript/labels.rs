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
