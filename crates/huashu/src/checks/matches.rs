//! The condition matches of one call, scanned lazily and shared by every check: a turn is
//! scanned for a group of conditions the first time a check asks about one of them, and at
//! most once.

use std::cell::OnceCell;

use std::collections::HashMap;

use super::{CallIntents, Intent};
use crate::call::Call;
use crate::matcher::{ConditionId, ConditionSet, IntentMatch, TextMatch, TurnMatches};
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

/// Where each condition with an `intent` keeps its merged matches in a [`CallMatches`]: the
/// same for every call, so computed once when the checks are compiled.
pub(super) struct Slots {
    /// Per condition: its slot, if it has an intent.
    of: Vec<Option<usize>>,
    /// How many conditions have a slot.
    count: usize,
}

impl Slots {
    /// The slots of `intents` (per condition: its resolved intent, if any), in condition order.
    pub(super) fn new(intents: &[Option<Intent>]) -> Slots {
        let mut count = 0;
        let of = intents
            .iter()
            .map(|i| {
                i.as_ref().map(|_| {
                    count += 1;
                    count - 1
                })
            })
            .collect();
        Slots { of, count }
    }
}

/// The matches of every call-level condition in a call's turns.
pub(super) struct CallMatches<'a> {
    set: &'a ConditionSet,
    call: &'a Call,
    /// Per turn, per group (turn-major).
    scanned: Vec<OnceCell<TurnMatches>>,
    /// Per condition: its resolved `intent`, if it has one.
    intents: &'a [Option<Intent>],
    /// The call's detections, shared with the phrase rules' intents.
    detections: &'a CallIntents<'a>,
    /// Per condition: its slot in `merged`, if it has an intent (computed once per linter).
    slots: &'a Slots,
    /// Per turn, per slot (turn-major): the condition's text matches and the sentences the
    /// intent model found, in order.
    merged: Vec<OnceCell<Vec<TextMatch>>>,
}

impl<'a> CallMatches<'a> {
    /// Nothing is scanned until a check asks.
    pub(super) fn new(
        set: &'a ConditionSet,
        call: &'a Call,
        intents: &'a [Option<Intent>],
        slots: &'a Slots,
        detections: &'a CallIntents<'a>,
    ) -> Self {
        CallMatches {
            set,
            call,
            scanned: (0..call.turns.len() * set.groups())
                .map(|_| OnceCell::new())
                .collect(),
            merged: (0..call.turns.len() * slots.count)
                .map(|_| OnceCell::new())
                .collect(),
            intents,
            detections,
            slots,
        }
    }

    /// The matches of `condition` in turn `turn`, ordered by start: its phrases and regexes,
    /// and the sentences that meet its `intent` (down to the review band's edge; see
    /// [`TextMatch::is_certain`]).
    pub(super) fn get(&self, turn: usize, condition: ConditionId) -> &[TextMatch] {
        let (group, index) = self.set.place(condition);
        let text = self.scanned[turn * self.set.groups() + group]
            .get_or_init(|| self.set.scan(group, &self.call.turns[turn].text))
            .get(index);
        let Some(slot) = self.slots.of[condition] else {
            return text;
        };
        let intent = self.intents[condition].expect("slots are given to intents");
        self.merged[turn * self.slots.count + slot].get_or_init(|| {
            let mut all = text.to_vec();
            all.extend(
                self.detections
                    .matches(turn, intent)
                    .map(|(d, review)| TextMatch {
                        start: d.sentence.start,
                        end: d.sentence.end,
                        captures: HashMap::new(),
                        intent: Some(IntentMatch {
                            confidence: d.confidence,
                            review,
                        }),
                    }),
            );
            all.sort_by_key(|m| (m.start, m.end));
            all
        })
    }

    /// Whether `condition` matches turn `turn` for certain (an intent only in the review band
    /// does not count).
    pub(super) fn is_match(&self, turn: usize, condition: ConditionId) -> bool {
        self.get(turn, condition).iter().any(TextMatch::is_certain)
    }
}
