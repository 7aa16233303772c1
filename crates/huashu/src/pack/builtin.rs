//! The default rule packs, embedded from the crate's `rules/` folder (so that they are in the
//! published package).

use super::{Pack, PackError};

/// The built-in packs as `(id, TOML source)`, in the order they are loaded.
pub const BUILTIN_PACK_SOURCES: &[(&str, &str)] = &[
    (
        "banned-words",
        include_str!("../../rules/banned-words.toml"),
    ),
    ("tone", include_str!("../../rules/tone.toml")),
    ("etiquette", include_str!("../../rules/etiquette.toml")),
    ("filler", include_str!("../../rules/filler.toml")),
    ("honorific", include_str!("../../rules/honorific.toml")),
    ("timing", include_str!("../../rules/timing.toml")),
];

/// Loads every built-in pack.
///
/// The built-in packs are validated in full by the test suite (regexes included), so this only
/// fails if the binary was built from a broken tree; at run time their regexes are compiled once,
/// by the linter, not a second time to validate them.
///
/// ```
/// let packs = huashu::builtin_packs().unwrap();
/// assert!(packs.iter().any(|p| p.id == "banned-words"));
/// ```
pub fn builtin_packs() -> Result<Vec<Pack>, PackError> {
    BUILTIN_PACK_SOURCES
        .iter()
        .map(|(id, source)| super::validate::load_builtin(&format!("builtin:{id}"), source))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What lets `builtin_packs` skip compiling regexes: every built-in pack passes the full
    /// validation, and loads to the same pack either way.
    #[test]
    fn builtin_packs_pass_full_validation() {
        for (id, source) in BUILTIN_PACK_SOURCES {
            let name = format!("builtin:{id}");
            let full = Pack::from_toml(&name, source).unwrap_or_else(|e| panic!("{name}: {e}"));
            let trusted = super::super::validate::load_builtin(&name, source).unwrap();
            assert_eq!(full, trusted, "{name}");
        }
    }
}
