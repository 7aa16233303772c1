//! The default model, `crates/huashu/intents/model.bin`, embedded in the binary and decoded on
//! first use only.

use std::sync::OnceLock;

use super::Model;

/// The bytes of the built-in model (`intents/model.bin`), as trained from the repository's data
/// by `huashu intents train`: `cargo run --release -- intents train --data crates/huashu/intents/data -o crates/huashu/intents/model.bin`.
pub const BUILTIN_MODEL: &[u8] = include_bytes!("../../../intents/model.bin");

impl Model {
    /// The built-in model, decoded from [`BUILTIN_MODEL`] on the first call (a few milliseconds)
    /// and shared afterwards: nothing is spent when no rule uses intents.
    ///
    /// ```
    /// let model = huashu::intent::Model::builtin();
    /// assert!(std::ptr::eq(model, huashu::intent::Model::builtin()));
    /// ```
    pub fn builtin() -> &'static Model {
        static MODEL: OnceLock<Model> = OnceLock::new();
        MODEL.get_or_init(|| {
            Model::decode(BUILTIN_MODEL, false)
                .expect("the built-in intent model is valid (a test proves it)")
        })
    }
}
