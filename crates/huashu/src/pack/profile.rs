//! Channel profiles: the same norms said differently on a phone line taken, a call made, and in
//! writing.
//!
//! A rule of a pack may declare what changes in a profile (`[rules.profiles.written]` in the
//! pack: its own `require` forms, phrases, timing or message), or that it is off there
//! (`off = true`). A linter is built for one profile ([`crate::LinterBuilder::profile`]): each
//! rule is replaced by its variant for that profile, or left out, before anything is compiled,
//! so checking with a profile costs exactly what checking without one does.
//!
//! ```
//! let written = huashu::Linter::builder()
//!     .packs(huashu::builtin_packs().unwrap())
//!     .profile("written")
//!     .build()
//!     .unwrap();
//! assert_eq!(written.profile(), "written");
//! // No timing rules in writing.
//! assert!(written.rule("timing.silence").is_none());
//! ```

use super::{Pack, Rule};

/// The profile a linter uses unless told otherwise: a phone call the agent takes.
pub const DEFAULT_PROFILE: &str = "inbound";

/// A built-in channel profile: its name and what it is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProfileInfo {
    /// The name used in `--profile`, `huashu.toml` and packs.
    pub name: &'static str,
    /// What channel it is for.
    pub description: &'static str,
}

/// The built-in profiles, the default first. A pack may declare more (`[pack] profiles`).
///
/// ```
/// let names: Vec<&str> = huashu::pack::BUILTIN_PROFILES.iter().map(|p| p.name).collect();
/// assert_eq!(names, ["inbound", "outbound", "written"]);
/// ```
pub const BUILTIN_PROFILES: [ProfileInfo; 3] = [
    ProfileInfo {
        name: "inbound",
        description: "a phone call the agent takes (the default): three-part greeting, closing, timing",
    },
    ProfileInfo {
        name: "outbound",
        description: "a phone call the agent makes: confirm the customer, introduce yourself and the purpose; an outbound close",
    },
    ProfileInfo {
        name: "written",
        description: "Weibo, app chat, e-mail: 您好 and an offer of help; 如有疑问随时联系 / 祝您… / 感谢您的支持; no timing; sentence-final particles allowed",
    },
];

/// Whether `name` is a built-in profile.
///
/// ```
/// assert!(huashu::pack::is_builtin_profile("written"));
/// assert!(!huashu::pack::is_builtin_profile("writen"));
/// ```
pub fn is_builtin_profile(name: &str) -> bool {
    BUILTIN_PROFILES.iter().any(|p| p.name == name)
}

/// The profiles a linter built with `packs` knows: the built-in ones, then those the packs
/// declare (`[pack] profiles`), each once, in that order. A linter asked for any other is an
/// error ([`crate::LinterError::UnknownProfile`]).
///
/// ```
/// let pack = huashu::Pack::from_toml("acme.toml", "[pack]\nid = \"acme\"\nprofiles = [\"collections\"]\n").unwrap();
/// assert_eq!(huashu::pack::known_profiles(&[pack]), ["inbound", "outbound", "written", "collections"]);
/// ```
pub fn known_profiles<'a>(packs: impl IntoIterator<Item = &'a Pack>) -> Vec<String> {
    let mut known: Vec<String> = BUILTIN_PROFILES.iter().map(|p| p.name.to_owned()).collect();
    for declared in packs.into_iter().flat_map(|p| &p.profiles) {
        if !known.contains(declared) {
            known.push(declared.clone());
        }
    }
    known
}

/// What a rule is in one profile.
#[derive(Debug, Clone, PartialEq)]
pub enum ProfileRule {
    /// The rule does not apply in the profile (`off = true`).
    Off,
    /// The rule as it applies in the profile: the pack's rule with the profile's fields in
    /// place of its own.
    Variant(Box<Rule>),
}
