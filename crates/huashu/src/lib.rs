//! huashu (话术): lint Chinese customer-service calls and call scripts against service norms.
#![forbid(unsafe_code)]

pub mod call;
pub mod transcript;

pub use call::{Anchor, Call, CallKind, Origin, Position, Speaker, Turn};
