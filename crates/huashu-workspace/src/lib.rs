//! What the `huashu` command line, language bindings and services share around the pure
//! [`huashu`] core, so that they read a team's files and settings the same way and give the
//! same answers:
//!
//! * [`config`]: `huashu.toml` — discovery, `extends`, rule selection, overrides, labels — and
//!   the [`config::Settings`] that build a [`huashu::Linter`] from it and a front end's flags;
//! * [`input`]: the inputs named (files, directories walked, standard input), their bytes
//!   decoded (UTF-8, UTF-16, GB18030/GBK) and written back ([`input::decode`]), file names read
//!   for metadata ([`input::names`]);
//! * [`check`]: one way to read and check a source ([`check::check_source`]), many of them in
//!   parallel in order ([`check::ordered`]), JSON Lines streamed ([`check::stream`]), and the
//!   [`check::Sink`] that results go to as they come;
//! * [`json`]: the JSON output contract, as serialisable types;
//! * [`tally`]: the counts over a batch — [`tally::Tally`] for a check's summary, and the
//!   report's numbers built on it ([`tally::report`]);
//! * [`atomic`]: writing a file so that it is never left half-done.
//!
//! It reads files and standard input; it never prints (results go to a [`check::Sink`]).
//!
//! ```
//! use huashu_workspace::check::{check_source, CheckOptions};
//! use huashu_workspace::config::{Flags, Settings};
//! use huashu_workspace::json::JsonCall;
//!
//! // No huashu.toml (as `--isolated`): the defaults, the built-in packs.
//! let settings = Settings::new(None, &Flags::default());
//! let linter = settings.linter(std::sync::Arc::new(huashu::JiebaSegmenter::new())).unwrap();
//! let bytes = "客户:我的宽带又断了\n客服:这不是我的事,你去营业厅问一下好了\n".as_bytes().to_vec();
//! let result = check_source(&linter, "call.txt", bytes, None, &CheckOptions::new(settings.parse_options()));
//! let json = serde_json::to_value(JsonCall::new(&result.calls[0])).unwrap();
//! assert_eq!(json["violations"][0]["rule"], "banned.shirking");
//! assert_eq!(json["violations"][0]["line"], 2);
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod atomic;
pub mod check;
pub mod config;
pub mod input;
pub mod json;
pub mod roster;
pub mod tally;

#[cfg(test)]
mod test_files;

pub use config::FailOn;
