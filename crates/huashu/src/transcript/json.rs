//! JSON Lines and JSON sources (not implemented yet: they parse to nothing).

use super::{Labels, Parsed};

/// Parses JSON Lines.
pub(super) fn parse_lines(_source: &str, _labels: &Labels) -> Parsed {
    Parsed::default()
}

/// Parses a JSON document.
pub(super) fn parse_document(_source: &str, _labels: &Labels) -> Parsed {
    Parsed::default()
}
