//! The roster: who an agent id is and which team they are in, from `huashu.toml`'s `[roster]`
//! table or the CSV file its `roster = "agents.csv"` names (`id,name,team`).
//!
//! `report` shows names beside agent ids, and a call whose transcript does not name its team
//! takes the agent's team from the roster.

use std::collections::BTreeMap;

use huashu::CallInfo;

/// Agent ids mapped to their names and teams.
///
/// ```
/// use huashu_workspace::roster::Roster;
/// let roster = Roster::from_csv("id,name,team\n1017,张敏,信用卡组\n1040,李强,\n", "agents.csv").unwrap();
/// assert_eq!(roster.name("1017"), Some("张敏"));
/// let mut info = huashu::CallInfo::default();
/// info.agent = Some("1017".into());
/// roster.fill(&mut info);
/// assert_eq!(info.team.as_deref(), Some("信用卡组"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Roster {
    agents: BTreeMap<String, Member>,
}

/// One agent of a [`Roster`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Member {
    /// Their name.
    pub name: Option<String>,
    /// Their team.
    pub team: Option<String>,
}

impl Roster {
    /// Adds (or replaces) an agent.
    ///
    /// ```
    /// use huashu_workspace::roster::{Member, Roster};
    /// let mut roster = Roster::default();
    /// roster.insert("2048", Member { name: Some("王芳".into()), team: None });
    /// assert_eq!(roster.name("2048"), Some("王芳"));
    /// ```
    pub fn insert(&mut self, id: impl Into<String>, member: Member) {
        self.agents.insert(id.into(), member);
    }

    /// How many agents.
    pub fn len(&self) -> usize {
        self.agents.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.agents.is_empty()
    }

    /// Reads a CSV roster: `id,name,team` per line (a first line `id,name,team` is a header;
    /// `team` may be left out or empty; cells may be quoted; blank lines and lines starting
    /// with `#` are skipped). A bad line is an error naming `file` and the line.
    ///
    /// ```
    /// use huashu_workspace::roster::Roster;
    /// let err = Roster::from_csv("1017,张敏,信用卡组\n1040\n", "agents.csv").unwrap_err();
    /// assert_eq!(err, "agents.csv:2: expected `id,name,team`, got 1 field: `1040`");
    /// ```
    pub fn from_csv(text: &str, file: &str) -> Result<Roster, String> {
        let mut roster = Roster::default();
        let text = text.trim_start_matches('\u{feff}');
        for (i, line) in text.lines().enumerate() {
            let number = i + 1;
            let trimmed = line.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let cells: Vec<String> = split_csv(trimmed);
            if number == 1 && cells.first().is_some_and(|c| c.eq_ignore_ascii_case("id")) {
                continue;
            }
            let bad = |why: String| format!("{file}:{number}: {why}: `{trimmed}`");
            if !(2..=3).contains(&cells.len()) {
                let n = cells.len();
                let fields = if n == 1 { "field" } else { "fields" };
                return Err(bad(format!("expected `id,name,team`, got {n} {fields}")));
            }
            if cells[0].is_empty() {
                return Err(bad("the agent id is empty".to_owned()));
            }
            if roster.agents.contains_key(&cells[0]) {
                return Err(bad(format!("agent `{}` is listed twice", cells[0])));
            }
            let cell = |i: usize| cells.get(i).filter(|c| !c.is_empty()).cloned();
            roster.insert(
                cells[0].clone(),
                Member {
                    name: cell(1),
                    team: cell(2),
                },
            );
        }
        Ok(roster)
    }

    /// The name of agent `id`, when the roster has one.
    pub fn name(&self, id: &str) -> Option<&str> {
        self.agents.get(id.trim())?.name.as_deref()
    }

    /// Fills the team of a call whose transcript does not say, from its agent's.
    pub fn fill(&self, info: &mut CallInfo) {
        if info.team.is_some() {
            return;
        }
        let Some(agent) = info.agent.as_deref() else {
            return;
        };
        if let Some(team) = self.agents.get(agent.trim()).and_then(|m| m.team.clone()) {
            info.team = Some(team);
        }
    }
}

/// The cells of a CSV line: split at commas outside double quotes, trimmed, quotes removed
/// (`""` inside quotes is a quote).
fn split_csv(line: &str) -> Vec<String> {
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => cells.push(std::mem::take(&mut cell).trim().to_owned()),
            c => cell.push(c),
        }
    }
    cells.push(cell.trim().to_owned());
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_rosters() {
        let text = "\u{feff}id,name,team\n# 坐席名单\n1017,张敏,信用卡组\n\"1040\",\"李强, 组长\",\n\n2048,王芳\n";
        let roster = Roster::from_csv(text, "agents.csv").unwrap();
        assert_eq!(roster.len(), 3);
        assert_eq!(roster.name("1040"), Some("李强, 组长"));
        let mut info = CallInfo::default();
        info.agent = Some("2048".into());
        roster.fill(&mut info);
        assert_eq!(info.team, None);
        info.agent = Some("1017".into());
        info.team = Some("贷款组".into());
        roster.fill(&mut info);
        assert_eq!(
            info.team.as_deref(),
            Some("贷款组"),
            "the transcript's team wins"
        );
        for (bad, why) in [
            (
                "1017,张敏,信用卡组,多余\n",
                "agents.csv:1: expected `id,name,team`, got 4 fields",
            ),
            (",张敏,信用卡组\n", "agents.csv:1: the agent id is empty"),
            (
                "1017,张敏\n1017,李强\n",
                "agents.csv:2: agent `1017` is listed twice",
            ),
        ] {
            let err = Roster::from_csv(bad, "agents.csv").unwrap_err();
            assert!(err.starts_with(why), "{err}");
        }
    }
}
