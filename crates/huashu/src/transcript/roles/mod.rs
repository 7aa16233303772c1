//! Giving a call's speakers their roles: through the label mapping, the platform's own role
//! names, or, when neither covers a speaker, by who talks like the agent (see [`cues`]).

mod cues;

use super::draft::Who;
use super::{Labels, ParseError, ParseWarning, WarningKind};
use crate::call::{Call, Roles, Speaker};

/// Sets the speaker of the turns of `call` that the source names with a label (`labelled`:
/// turn index and label, in order; the other turns' speakers are known). Labels no mapping
/// covers are inferred, once per call (diarised speaker numbers may swap between calls): the
/// warning says whom huashu took as the agent; an error says which `--label` to give when it
/// cannot tell.
///
/// With `strict` labels (huashu's own JSON), an unknown label in a call whose other labels are
/// known is an error at its place, as it always was.
pub(super) fn assign(
    call: &mut Call,
    labelled: &[(usize, Who)],
    labels: &Labels,
    strict: bool,
) -> Result<Option<ParseWarning>, ParseError> {
    let resolved: Vec<Option<Speaker>> = labelled
        .iter()
        .map(|(_, who)| resolve(who, labels))
        .collect();
    // The labels nothing covers, in the order they first speak, and where each first is.
    let mut unknown: Vec<(&str, usize, usize)> = Vec::new();
    for ((_, who), speaker) in labelled.iter().zip(&resolved) {
        if let (
            Who::Label {
                label,
                line,
                column,
                ..
            },
            None,
        ) = (who, speaker)
        {
            if !unknown.iter().any(|(l, _, _)| same_label(l, label)) {
                unknown.push((label, *line, *column));
            }
        }
    }
    if unknown.is_empty() {
        for ((turn, _), speaker) in labelled.iter().zip(&resolved) {
            if let (Some(turn), Some(speaker)) = (call.turns.get_mut(*turn), speaker) {
                turn.speaker = *speaker;
            }
        }
        return Ok(None);
    }
    // The speakers known by label, or by the source outright (the turns not labelled).
    let mut known: Vec<Option<Speaker>> = call.turns.iter().map(|t| Some(t.speaker)).collect();
    for ((turn, _), speaker) in labelled.iter().zip(&resolved) {
        known[*turn] = *speaker;
    }
    let names: Vec<&str> = unknown.iter().map(|(l, _, _)| *l).collect();
    if strict && known.iter().any(Option::is_some) {
        let (label, line, column) = unknown[0];
        let message = format!(
            "unknown speaker `{label}`: expected one of {} (or map it with `{}`)",
            labels.names().join(", "),
            label_flag(label, Speaker::Customer)
        );
        return Err(ParseError {
            line,
            column,
            message,
        });
    }
    // One speaker for every turn: the source does not tell agent and customer apart.
    if names.len() == 1 && known.iter().all(Option::is_none) {
        return Err(cannot_tell(&unknown, labels, true));
    }
    let (agent, reason) = if known.contains(&Some(Speaker::Agent)) {
        (None, "another speaker is the agent by its label".to_owned())
    } else {
        let turns: Vec<(usize, usize, &str)> = labelled
            .iter()
            .zip(&resolved)
            .filter(|(_, speaker)| speaker.is_none())
            .filter_map(|((t, who), _)| match who {
                Who::Label { label, .. } => names
                    .iter()
                    .position(|n| same_label(n, label))
                    .map(|c| (c, *t, call.turns[*t].text.as_str())),
                Who::Known(_) => None,
            })
            .collect();
        match cues::infer(names.len(), &turns) {
            Some(verdict) => {
                let label = names[verdict.candidate];
                let line = call.turns[verdict.turn].position(0, false).map(|p| p.line);
                (Some(verdict.candidate), verdict.reason(label, line))
            }
            None => return Err(cannot_tell(&unknown, labels, false)),
        }
    };
    let mut roles = Roles {
        inferred: true,
        reason,
        ..Roles::default()
    };
    for (c, name) in names.iter().enumerate() {
        let list = if Some(c) == agent {
            &mut roles.agent
        } else {
            &mut roles.customer
        };
        list.push((*name).to_owned());
    }
    for ((turn, who), speaker) in labelled.iter().zip(&resolved) {
        let speaker = match (speaker, who) {
            (Some(speaker), _) => *speaker,
            (None, Who::Label { label, .. })
                if roles.agent.iter().any(|a| same_label(a, label)) =>
            {
                Speaker::Agent
            }
            _ => Speaker::Customer,
        };
        if let Some(turn) = call.turns.get_mut(*turn) {
            turn.speaker = speaker;
        }
    }
    let warning = inferred_warning(call.line.unwrap_or(1), &roles);
    call.roles = Some(roles);
    Ok(Some(warning))
}

/// Whether two labels are the same speaker's: labels match as the mapping matches them
/// (Latin letters in any case).
fn same_label(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

/// The speaker a turn's `who` names through the mapping (or the platform's role), if any.
fn resolve(who: &Who, labels: &Labels) -> Option<Speaker> {
    match who {
        Who::Known(speaker) => Some(*speaker),
        Who::Label {
            label, fallback, ..
        } => labels.get(label).or(*fallback),
    }
}

/// The warning that says whom huashu took as the agent, and the `--label`s that say so.
fn inferred_warning(line: usize, roles: &Roles) -> ParseWarning {
    let list = |labels: &[String]| {
        labels
            .iter()
            .map(|l| format!("`{l}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let all: Vec<String> = roles.agent.iter().chain(&roles.customer).cloned().collect();
    let flags: Vec<String> = roles
        .agent
        .iter()
        .map(|l| label_flag(l, Speaker::Agent))
        .chain(
            roles
                .customer
                .iter()
                .map(|l| label_flag(l, Speaker::Customer)),
        )
        .collect();
    let took = match (roles.agent.is_empty(), roles.customer.is_empty()) {
        (false, true) => format!("took {} as the agent", list(&roles.agent)),
        (true, _) => format!("took {} as the customer", list(&roles.customer)),
        (false, false) => format!(
            "took {} as the agent and {} as the customer",
            list(&roles.agent),
            list(&roles.customer)
        ),
    };
    let what = if all.len() == 1 {
        "speaker label"
    } else {
        "speaker labels"
    };
    ParseWarning::new(
        line,
        1,
        WarningKind::RolesInferred,
        format!(
            "{what} {} not known: {took} ({}); give `{}` to say so",
            list(&all) + if all.len() == 1 { " is" } else { " are" },
            roles.reason,
            flags.join(" ")
        ),
    )
}

/// The error for a call whose agent cannot be told: which `--label`s to give. `alone` when
/// one unknown speaker says everything.
fn cannot_tell(unknown: &[(&str, usize, usize)], labels: &Labels, alone: bool) -> ParseError {
    let (first, line, column) = unknown[0];
    let listed: Vec<String> = unknown.iter().map(|(l, _, _)| format!("`{l}`")).collect();
    let known = labels.names().join(", ");
    let message = if alone {
        format!(
            "unknown speaker `{first}` (known: {known}): every turn is `{first}`'s, so the source \
             does not tell agent and customer apart (transcribe with speaker separation, or one \
             channel each); if only one of them speaks, give `{}` or `{}`",
            label_flag(first, Speaker::Agent),
            label_flag(first, Speaker::Customer)
        )
    } else {
        let give = match unknown {
            [_, (second, _, _), ..] => format!(
                "give `{} {}` (or the other way round)",
                label_flag(first, Speaker::Agent),
                label_flag(second, Speaker::Customer)
            ),
            _ => format!(
                "give `{}` or `{}`",
                label_flag(first, Speaker::Agent),
                label_flag(first, Speaker::Customer)
            ),
        };
        let (are, none) = match unknown.len() {
            1 => ("is not a known speaker label", "it does not"),
            _ => ("are not known speaker labels", "none of them"),
        };
        format!(
            "unknown speaker {}: cannot tell which speaker is the agent: {} {are} (known: {known}), \
             and {none} talk like an agent (a greeting, 工号, 很高兴为您服务, 请问还有什么可以帮您); {give}",
            listed.join(", "),
            listed.join(", "),
        )
    };
    ParseError {
        line,
        column,
        message,
    }
}

/// `--label LABEL=SPEAKER`, quoted for a shell when the label needs it.
fn label_flag(label: &str, speaker: Speaker) -> String {
    let plain = label
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'));
    if plain {
        format!("--label {label}={speaker}")
    } else {
        format!("--label '{}={speaker}'", label.replace('\'', "'\\''"))
    }
}
