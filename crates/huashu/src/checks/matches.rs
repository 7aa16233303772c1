//! The condition matches of one call, scanned lazily, one turn at a time, and shared by every
//! check.

use std::cell::OnceCell;

use crate::call::Call;
use crate::matcher::{ConditionId, ConditionSet, TextMatch, TurnMatches};

/// The matches of every call-level condition in a call's turns, each turn scanned at most once.
pub(super) struct CallMatches<'a> {
    set: &'a ConditionSet,
    call: &'a Call,
    turns: Vec<OnceCell<TurnMatches>>,
}

impl<'a> CallMatches<'a> {
    /// Nothing is scanned until a check asks.
    pub(super) fn new(set: &'a ConditionSet, call: &'a Call) -> Self {
        CallMatches {
            set,
            call,
            turns: (0..call.turns.len()).map(|_| OnceCell::new()).collect(),
        }
    }

    /// The matches of `condition` in turn `turn`, ordered by start.
    pub(super) fn get(&self, turn: usize, condition: ConditionId) -> &[TextMatch] {
        self.turns[turn]
            .get_or_init(|| self.set.scan(&self.call.turns[turn].text))
            .get(condition)
    }

    /// Whether `condition` matches turn `turn`.
    pub(super) fn is_match(&self, turn: usize, condition: ConditionId) -> bool {
        !self.get(turn, condition).is_empty()
    }
}
