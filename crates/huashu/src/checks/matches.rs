//! The condition matches of one call, scanned lazily and shared by every check: a turn is
//! scanned for a group of conditions the first time a check asks about one of them, and at
//! most once.

use std::cell::OnceCell;

use crate::call::Call;
use crate::matcher::{ConditionId, ConditionSet, TextMatch, TurnMatches};
use crate::pack::SpeakerScope;

/// When the checks need a condition, which decides the conditions it is scanned with.
#[derive(Debug, Clone, Copy)]
pub(super) enum Group {
    /// Looked for in (nearly) every turn of a speaker: response triggers, and the greeting and
    /// closing groups (the turns at either end of a short call are most of its turns).
    Speaker(SpeakerScope),
    /// An expected answer, looked for near triggers.
    Answer,
    /// An `all` / `not` condition of a phrase rule, looked for in turns with hits.
    Extra,
    /// A hold announcement, looked for before long gaps.
    Announcement,
}

impl Group {
    /// The group's index in the [`ConditionSet`].
    pub(super) fn index(self) -> usize {
        match self {
            Group::Speaker(SpeakerScope::Agent) => 0,
            Group::Speaker(SpeakerScope::Customer) => 1,
            Group::Speaker(SpeakerScope::Any) => 2,
            Group::Answer => 3,
            Group::Extra => 4,
            Group::Announcement => 5,
        }
    }
}

/// The matches of every call-level condition in a call's turns.
pub(super) struct CallMatches<'a> {
    set: &'a ConditionSet,
    call: &'a Call,
    /// Per turn, per group (turn-major).
    scanned: Vec<OnceCell<TurnMatches>>,
}

impl<'a> CallMatches<'a> {
    /// Nothing is scanned until a check asks.
    pub(super) fn new(set: &'a ConditionSet, call: &'a Call) -> Self {
        CallMatches {
            set,
            call,
            scanned: (0..call.turns.len() * set.groups())
                .map(|_| OnceCell::new())
                .collect(),
        }
    }

    /// The matches of `condition` in turn `turn`, ordered by start.
    pub(super) fn get(&self, turn: usize, condition: ConditionId) -> &[TextMatch] {
        let (group, index) = self.set.place(condition);
        self.scanned[turn * self.set.groups() + group]
            .get_or_init(|| self.set.scan(group, &self.call.turns[turn].text))
            .get(index)
    }

    /// Whether `condition` matches turn `turn`.
    pub(super) fn is_match(&self, turn: usize, condition: ConditionId) -> bool {
        !self.get(turn, condition).is_empty()
    }
}
