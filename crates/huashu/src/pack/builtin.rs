//! The default rule packs, embedded from the workspace's `rules/` folder.

use super::{Pack, PackError};

/// The built-in packs as `(id, TOML source)`, in the order they are loaded.
pub const BUILTIN_PACK_SOURCES: &[(&str, &str)] = &[
    (
        "banned-words",
        include_str!("../../../../rules/banned-words.toml"),
    ),
    ("tone", include_str!("../../../../rules/tone.toml")),
    (
        "etiquette",
        include_str!("../../../../rules/etiquette.toml"),
    ),
    ("filler", include_str!("../../../../rules/filler.toml")),
    (
        "honorific",
        include_str!("../../../../rules/honorific.toml"),
    ),
    ("timing", include_str!("../../../../rules/timing.toml")),
];

/// Loads every built-in pack.
///
/// The built-in packs are validated by the test suite, so this only fails if the binary was
/// built from a broken tree.
///
/// ```
/// let packs = huashu::builtin_packs().unwrap();
/// assert!(packs.iter().any(|p| p.id == "banned-words"));
/// ```
pub fn builtin_packs() -> Result<Vec<Pack>, PackError> {
    BUILTIN_PACK_SOURCES
        .iter()
        .map(|(id, source)| Pack::from_toml(&format!("builtin:{id}"), source))
        .collect()
}
