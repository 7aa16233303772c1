//! huashu (话术): lint Chinese customer-service calls and call scripts against service norms.
//!
//! The core is pure: it parses transcripts you hand it as text, loads rule packs you hand it as
//! TOML, and returns findings with byte offsets and source positions. It does no file I/O and
//! prints nothing; the `huashu` command line does both.
//!
//! ```
//! use huashu::transcript::{parse, ParseOptions, SourceFormat};
//! use huashu::Linter;
//!
//! let linter = Linter::with_builtin_packs();
//! let source = "客户:我的宽带又断了\n客服:这不是我的事,你去营业厅问一下好了\n";
//! let parsed = parse(source, SourceFormat::Text, &ParseOptions::default());
//! let report = linter.check(&parsed.calls[0]);
//! let shirking = report.violations.iter().find(|v| v.rule == "banned.shirking").unwrap();
//! let at = shirking.location.unwrap().start;
//! assert_eq!((at.line, at.column), (2, 4));
//! assert_eq!(shirking.suggestion.as_deref(), Some("让我想想我能为您做什么"));
//! // A two-turn fragment also misses the greeting and the closing, and the call loses points.
//! assert!(report.violations.iter().any(|v| v.rule == "greeting.three-part"));
//! assert!(report.score < 100);
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod call;
mod checks;
pub mod intent;
mod lint;
mod matcher;
pub mod pack;
pub mod segment;
pub mod select;
pub mod suppress;
pub mod transcript;

pub use call::{Anchor, Call, CallInfo, CallKind, Locator, Origin, Position, Roles, Speaker, Turn};
pub use lint::{
    applied_edits, apply_edits, fix_edits, CallReport, Deduction, Edit, Evidence, ExampleFailure,
    ExampleKind, FixMode, Linter, LinterBuilder, LinterError, Location, Outcome, RuleOverride,
    Session, SourceFix, Violation, DEFAULT_PASS_MARK,
};
pub use pack::{
    builtin_packs, Category, Condition, Count, CountScope, Direction, Examples, Fix,
    IntentCondition, NoReply, Pack, PackError, PackInfo, PackProblem, Phrase, PhraseRule,
    RegexPattern, RequiredRule, ResponseRule, Rewrite, RewriteDoc, Rule, RuleDoc, RuleKind,
    ScopeEnd, Severity, SpeakerScope, TimingCheck, TimingRule, BUILTIN_PACK_SOURCES,
    DEFAULT_PROFILE,
};
pub use segment::{JiebaSegmenter, Segmenter};
pub use select::{RuleSelector, SelectorError};
