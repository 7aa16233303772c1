//! The intent layer: an offline, trainable, explainable classifier of what a sentence *means*
//! (a rhetorical question, deflection, a customer's complaint, a prescribed apology…), beside the
//! phrase patterns that match what it *says*.
//!
//! - [`ClassList`]: the classes (`intents/classes.toml`), each with its speaker.
//! - [`Dataset`]: labelled sentences (`intents/data/*.tsv`) validated, deduplicated, grouped by
//!   near-duplicates and split into train / dev / test by group.
//! - [`Normalized`] and [`Sentences`]: what the model sees (traditional, full-width and spaced
//!   text seen through, with a map back to the original) and how a turn is cut into sentences.
//! - [`train`] → [`Model`]: one-vs-rest logistic regression over hashed character n-grams,
//!   quantised, calibrated on dev; [`Model::to_bytes`] / [`Model::from_bytes`];
//!   [`Model::builtin`] is the embedded default, decoded on first use.
//! - [`Model::detect`] (the hot path), [`Model::classify`], [`Model::explain`].
//! - [`evaluate`]: per-class precision / recall / F1 and a confusion table.
//! - [`audit`]: the labels the out-of-fold model disagrees with strongly ("missing?",
//!   "doubtful?"), for a person to read against the labelling guide.
//!
//! Like the rest of the core, it reads no files and prints nothing: data files are passed in as
//! `(name, text)`.
//!
//! ```
//! use huashu::intent::{evaluate, train, ClassList, Dataset, Split, TrainOptions};
//! use huashu::Speaker;
//!
//! let tsv = "agent\tforbidden.rushing\ttelecom\tspoken\t没别的事我挂了啊\n\
//!            agent\t-\ttelecom\tformal\t请问还有什么可以帮您?\n";
//! let data = Dataset::parse(&[("rushing.tsv", tsv)], ClassList::builtin()).unwrap();
//! let model = train(&data, &TrainOptions::default());
//! let bytes = model.to_bytes();
//! let model = huashu::intent::Model::from_bytes(&bytes).unwrap();
//!
//! let mut found = Vec::new();
//! model.detect("好的。没别的事我挂了啊", Speaker::Agent, Some(0.0), &mut found);
//! assert!(found.iter().all(|d| d.sentence.start == "好的。".len() || d.sentence.start == 0));
//! let eval = evaluate(&model, &data, Split::Train, None);
//! assert_eq!(eval.sentences, data.in_split(Split::Train).count());
//! ```

mod classes;
mod data;
mod eval;
mod features;
mod math;
mod model;
mod normalize;
mod sentence;
mod shape;
mod train;

#[cfg(test)]
mod tests;

pub use classes::{ClassList, ClassesError, IntentClass, BUILTIN_CLASSES, MAX_CLASSES};
pub use data::{
    DataError, DataErrorKind, DataErrors, Dataset, DatasetStats, Example, Labels, Register, Split,
    SplitOptions, BUSINESSES,
};
pub use eval::{evaluate, ClassMetrics, Confusion, Evaluation};
pub use features::FeatureConfig;
pub use model::{
    Detection, Evidence, Model, ModelError, Scores, SentenceCoverage, Shrink, BUILTIN_MODEL,
    FORMAT_VERSION, MAX_MODEL_BYTES,
};
pub use normalize::Normalized;
pub use sentence::Sentences;
pub use train::{
    audit, train, AuditOptions, Calibration, Disagreement, Learner, TrainOptions, Verdict,
};
