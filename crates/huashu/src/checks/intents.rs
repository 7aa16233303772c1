//! The intent layer inside the checks: the model the linter asks, the `intent` conditions and
//! phrase-rule intents resolved against its classes, and a call's detections, classified once per
//! turn when a check first asks.

use std::cell::OnceCell;
use std::ops::Deref;
use std::sync::Arc;

use crate::call::Call;
use crate::intent::{Detection, Model};
use crate::pack::{IntentCondition, SpeakerScope};
use crate::Speaker;

/// The model a linter asks: the embedded default (decoded once per process) or a team's own.
#[derive(Clone)]
pub(crate) enum ModelRef {
    /// [`Model::builtin`].
    Builtin(&'static Model),
    /// A model the embedding program or the configuration gave.
    Custom(Arc<Model>),
}

impl ModelRef {
    /// The embedded default model, decoded on first use.
    pub(crate) fn builtin() -> ModelRef {
        ModelRef::Builtin(Model::builtin())
    }
}

impl Deref for ModelRef {
    type Target = Model;
    fn deref(&self) -> &Model {
        match self {
            ModelRef::Builtin(model) => model,
            ModelRef::Custom(model) => model,
        }
    }
}

/// An `intent` condition resolved against the model's classes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Intent {
    /// The class index in the model.
    pub class: usize,
    /// The confidence a sentence needs.
    pub min: f64,
    /// The lower edge of the review band, when the condition has one.
    pub review: Option<f64>,
}

impl Intent {
    /// The lowest confidence that still matters: the review band's edge, or `min`.
    pub(crate) fn floor(&self) -> f64 {
        self.review.unwrap_or(self.min).min(self.min)
    }
}

/// The model and what the loaded rules ask of it.
pub(crate) struct Intents {
    model: ModelRef,
    /// Per speaker (agent, customer): the lowest confidence any condition asks for; `None` when
    /// no rule asks about that speaker's sentences, which are then never classified.
    floors: [Option<f64>; 2],
}

impl Intents {
    /// Nothing asked yet.
    pub(crate) fn new(model: ModelRef) -> Intents {
        Intents {
            model,
            floors: [None, None],
        }
    }

    /// The model.
    pub(crate) fn model(&self) -> &Model {
        &self.model
    }

    /// Resolves `condition` against the model's classes and records what it asks for. The error
    /// says what is wrong with it.
    pub(crate) fn resolve(&mut self, condition: &IntentCondition) -> Result<Intent, String> {
        let model = &*self.model;
        let Some(class) = model.class_index(&condition.class) else {
            let known: Vec<&str> = model.classes().iter().map(|c| c.id.as_str()).collect();
            return Err(format!(
                "the intent model has no class `{}` (it has: {})",
                condition.class,
                known.join(", ")
            ));
        };
        let min = condition.min.unwrap_or_else(|| model.threshold(class));
        let intent = Intent {
            class,
            min,
            review: condition.review,
        };
        let side = side(model.classes().get(class).speaker);
        let floor = &mut self.floors[side];
        *floor = Some(floor.map_or(intent.floor(), |f| f.min(intent.floor())));
        Ok(intent)
    }

    /// Checks that `condition`'s class (if the model has it) is about a speaker of `speakers`,
    /// the turns it is asked about: a customer class never matches an agent's sentence.
    pub(crate) fn check_speaker(
        &self,
        condition: &IntentCondition,
        speakers: SpeakerScope,
    ) -> Result<(), String> {
        let model = &*self.model;
        let Some(class) = model.class_index(&condition.class) else {
            return Ok(());
        };
        let speaker = model.classes().get(class).speaker;
        if speakers.includes(speaker) {
            return Ok(());
        }
        let who = |s: Speaker| match s {
            Speaker::Agent => "agent",
            Speaker::Customer => "customer",
        };
        Err(format!(
            "intent class `{}` judges {} sentences, but this condition looks at {} turns",
            condition.class,
            who(speaker),
            match speakers {
                SpeakerScope::Agent => "agent",
                SpeakerScope::Customer => "customer",
                SpeakerScope::Any => "every speaker's",
            }
        ))
    }

    /// Whether any condition asks about `speaker`'s sentences.
    fn asks_about(&self, speaker: Speaker) -> Option<f64> {
        self.floors[side(speaker)]
    }
}

fn side(speaker: Speaker) -> usize {
    match speaker {
        Speaker::Agent => 0,
        Speaker::Customer => 1,
    }
}

/// The detections of one call, per turn, classified when first asked for.
pub(crate) struct CallIntents<'a> {
    intents: Option<&'a Intents>,
    call: &'a Call,
    turns: Vec<OnceCell<Vec<Detection>>>,
}

impl<'a> CallIntents<'a> {
    /// Nothing is classified until a check asks.
    pub(crate) fn new(intents: Option<&'a Intents>, call: &'a Call) -> Self {
        let turns = match intents {
            Some(_) => (0..call.turns.len()).map(|_| OnceCell::new()).collect(),
            None => Vec::new(),
        };
        CallIntents {
            intents,
            call,
            turns,
        }
    }

    /// Every (sentence, class) of turn `turn` at or above the lowest confidence any condition
    /// asks for, in sentence order.
    pub(crate) fn detections(&self, turn: usize) -> &[Detection] {
        let Some(intents) = self.intents else {
            return &[];
        };
        self.turns[turn].get_or_init(|| {
            let turn = &self.call.turns[turn];
            let mut found = Vec::new();
            if let Some(floor) = intents.asks_about(turn.speaker) {
                intents
                    .model()
                    .detect(&turn.text, turn.speaker, Some(floor), &mut found);
            }
            found
        })
    }

    /// The sentences of turn `turn` that meet `intent`, with how sure the model is.
    pub(crate) fn matches(
        &self,
        turn: usize,
        intent: Intent,
    ) -> impl Iterator<Item = (&Detection, bool)> + '_ {
        self.detections(turn)
            .iter()
            .filter(move |d| d.class == intent.class && d.confidence >= intent.floor())
            .map(move |d| (d, d.confidence < intent.min))
    }
}
