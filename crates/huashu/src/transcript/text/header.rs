//! Call headers: `# 通话 0057 坐席 1017 信用卡组 2026-11-20` starts a call and says who took it,
//! when and in which team.

use crate::call::CallInfo;
use crate::transcript::time;

/// The words before an agent id (`坐席 1017`, `坐席1017`, `工号:1017`, `agent 1017`).
const AGENT_KEYS: &[&str] = &["坐席", "座席", "工号", "客服", "agent"];

/// The words before a team (`班组 信用卡组`, `team 夜班`).
const TEAM_KEYS: &[&str] = &["班组", "团队", "组别", "技能组", "team"];

/// The ends of a team's name (信用卡组, 夜班, 客服一部, 投诉中心).
const TEAM_ENDS: &[&str] = &["组", "班", "部", "中心", "团队", "队", "科", "室"];

/// The call id of a `通话 ID …` or `call ID …` header comment.
pub(super) fn call_id(comment: &str) -> Option<&str> {
    let rest = comment.strip_prefix("通话").or_else(|| {
        comment
            .get(..4)
            .filter(|word| word.eq_ignore_ascii_case("call"))
            .and_then(|_| comment.get(4..))
    })?;
    let id_start = rest.trim_start_matches(|c: char| c.is_whitespace() || c == ':' || c == '：');
    if id_start.len() == rest.len() {
        return None;
    }
    id_start.split_whitespace().next()
}

/// Who took the call, when and in which team, from the words of a header after its id: the
/// token after an agent key (or glued to it: `坐席1017`), a team after a team key or a word
/// that ends like a team's name, and a date (`2026-11-20`, `2026/11/20`, `2026年11月20日`,
/// written as ISO 8601).
///
/// `通话 T-0001 坐席 2048 流量套餐咨询` has an agent and no team: 流量套餐咨询 is what the call
/// was about.
pub(super) fn call_info(comment: &str, id: &str) -> CallInfo {
    let mut info = CallInfo::default();
    // The words after the id (a slice of the comment, from `call_id`).
    let after_id = (id.as_ptr() as usize)
        .checked_sub(comment.as_ptr() as usize)
        .and_then(|at| comment.get(at + id.len()..))
        .unwrap_or(comment);
    let mut tokens = after_id
        .split(|c: char| c.is_whitespace() || c == ',' || c == '，')
        .map(|t| t.trim_matches(|c: char| c == ':' || c == '：'))
        .filter(|t| !t.is_empty())
        .peekable();
    let mut team_like = None;
    while let Some(token) = tokens.next() {
        if info.agent.is_none() {
            if let Some((value, taken)) = keyed(token, tokens.peek(), AGENT_KEYS) {
                info.agent = Some(value.to_owned());
                if taken {
                    tokens.next();
                }
                continue;
            }
        }
        if info.team.is_none() {
            if let Some((value, taken)) = keyed(token, tokens.peek(), TEAM_KEYS) {
                info.team = Some(value.to_owned());
                if taken {
                    tokens.next();
                }
                continue;
            }
        }
        if info.date.is_none() {
            if let Some((y, m, d)) = time::parse_date(token) {
                info.date = Some(format!("{y:04}-{m:02}-{d:02}"));
                continue;
            }
        }
        let looks_like_team = TEAM_ENDS.iter().any(|end| token.ends_with(end))
            && token.chars().count() > 1
            && !token.chars().all(|c| c.is_ascii_digit());
        if team_like.is_none() && looks_like_team {
            team_like = Some(token);
        }
    }
    // A word after a team key wins over one that only ends like a team's name.
    if info.team.is_none() {
        info.team = team_like.map(str::to_owned);
    }
    info
}

/// The value after a key: glued to it (`坐席1017`) or the next token (`坐席 1017`), and
/// whether it was the next token.
fn keyed<'t>(token: &'t str, next: Option<&&'t str>, keys: &[&str]) -> Option<(&'t str, bool)> {
    let key = keys.iter().find(|key| {
        token
            .get(..key.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(key))
    })?;
    let glued = token[key.len()..].trim_start_matches([':', '：', '=']);
    if glued.is_empty() {
        return next.map(|next| (*next, true));
    }
    // `坐席1017`, not `坐席员` or `agents`.
    glued
        .bytes()
        .any(|b| b.is_ascii_digit())
        .then_some((glued, false))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(comment: &str) -> (Option<String>, Option<String>, Option<String>) {
        let id = call_id(comment).unwrap_or_default();
        let info = call_info(comment, id);
        (info.agent, info.team, info.date)
    }

    fn some(text: &str) -> Option<String> {
        Some(text.to_owned())
    }

    #[test]
    fn agent_team_and_date() {
        assert_eq!(
            info("通话 0057 坐席 1017 信用卡组"),
            (some("1017"), some("信用卡组"), None)
        );
        assert_eq!(
            info("通话 20261120-0057 坐席 1022 话费查询"),
            (some("1022"), None, None)
        );
        assert_eq!(info("通话 0000001 坐席1234"), (some("1234"), None, None));
        assert_eq!(
            info("通话 0058 2026/11/20 工号:1031 班组 夜班"),
            (some("1031"), some("夜班"), some("2026-11-20"))
        );
        assert_eq!(info("CALL： 42 夜班"), (None, some("夜班"), None));
        assert_eq!(
            info("call 7 agent 2048 team Night"),
            (some("2048"), some("Night"), None)
        );
        assert_eq!(info("通话 0059"), (None, None, None));
    }
}
