//! A streaming session for real-time agent assist: push turns as speech recognition produces
//! them, and receive each violation as soon as it is certain.

use std::collections::HashSet;

use super::{CallReport, Linter, Violation};
use crate::call::{Call, Turn};
use crate::pack::{Count, CountScope, RuleKind};

/// One call being checked while it happens.
///
/// Every [`push`](Session::push) returns the violations that became certain with that turn:
/// phrase rules at once, a missing response when its window closes, the greeting once its scope
/// is complete, timing as soon as the turn's times show it. [`finish`](Session::finish) returns
/// the rest (the closing, per-call counts, responses still waiting) and the call's report, which
/// equals [`Linter::check`] on the whole call.
///
/// The suppression comments of a call given to [`Linter::session_for`] apply as in
/// [`Linter::check`]: a suppressed violation is never returned, and the findings about the
/// comments themselves (unused, unknown rule) come with `finish`, once the call is complete.
/// Turns pushed from speech recognition carry no comments.
///
/// ```
/// use huashu::{Linter, Speaker, Turn};
/// let linter = Linter::with_builtin_packs();
/// let mut session = linter.session();
/// let mut streamed = session.push(Turn::new(Speaker::Agent, "喂,你说吧。"));
/// // The banned word is reported at once, while the call goes on.
/// assert!(streamed.iter().any(|v| v.rule == "banned.wei"));
/// streamed.extend(session.push(Turn::new(Speaker::Customer, "我的宽带断了")));
/// let (rest, report) = session.finish();
/// streamed.extend(rest);
/// // Together they are exactly what checking the whole call finds.
/// assert_eq!(streamed.len(), report.violations.len());
/// ```
#[derive(Debug)]
pub struct Session<'l> {
    linter: &'l Linter,
    call: Call,
    emitted: HashSet<Key>,
}

type Key = (String, usize, usize, usize);

fn key(v: &Violation) -> Key {
    (v.rule.clone(), v.turn, v.start, v.end)
}

impl<'l> Session<'l> {
    pub(crate) fn new(linter: &'l Linter, call: Call) -> Self {
        Session {
            linter,
            call,
            emitted: HashSet::new(),
        }
    }

    /// The call so far.
    ///
    /// ```
    /// use huashu::{Speaker, Turn};
    /// let linter = huashu::Linter::with_builtin_packs();
    /// let mut session = linter.session();
    /// session.push(Turn::new(Speaker::Customer, "你好"));
    /// assert_eq!(session.call().turns.len(), 1);
    /// ```
    pub fn call(&self) -> &Call {
        &self.call
    }

    /// Adds the next turn and returns the violations that are now certain and were not
    /// returned before.
    ///
    /// ```
    /// use huashu::{Speaker, Turn};
    /// let linter = huashu::Linter::with_builtin_packs();
    /// let mut session = linter.session();
    /// let now = session.push(Turn::new(Speaker::Agent, "这不是我的事"));
    /// assert_eq!(now[0].rule, "banned.shirking");
    /// ```
    pub fn push(&mut self, turn: Turn) -> Vec<Violation> {
        self.call.turns.push(turn);
        let report = self.linter.check(&self.call);
        let mut out = Vec::new();
        for v in report.violations {
            if self.is_certain(&v) && self.emitted.insert(key(&v)) {
                out.push(v);
            }
        }
        out
    }

    /// Ends the call: returns the violations not returned yet, and the call's full report.
    ///
    /// ```
    /// use huashu::{Speaker, Turn};
    /// let linter = huashu::Linter::with_builtin_packs();
    /// let mut session = linter.session();
    /// session.push(Turn::new(Speaker::Agent, "您好,请问有什么可以帮您?"));
    /// let (_, report) = session.finish();
    /// assert!(report.score <= 100);
    /// ```
    pub fn finish(mut self) -> (Vec<Violation>, CallReport) {
        let report = self.linter.check(&self.call);
        let rest = report
            .violations
            .iter()
            .filter(|v| self.emitted.insert(key(v)))
            .cloned()
            .collect();
        (rest, report)
    }

    /// Whether no turn still to come can change or withdraw `v`.
    fn is_certain(&self, v: &Violation) -> bool {
        let Some(index) = self.linter.rule_index(&v.rule) else {
            return false;
        };
        match &self.linter.rules()[index].kind {
            // A count over the whole call may still be reached, or (counted from the first
            // hit past the limit) not change; a count per turn or a repetition is complete.
            RuleKind::Phrase(p) => match p.count {
                Some(Count::MoreThan {
                    per: CountScope::Call,
                    ..
                }) => false,
                Some(Count::MoreThan {
                    per: CountScope::Turn,
                    ..
                })
                | Some(Count::Repeated)
                | None => true,
            },
            RuleKind::Required(_)
            | RuleKind::Response(_)
            | RuleKind::Timing(_)
            | RuleKind::Repeat(_) => self
                .linter
                .checks
                .call_check(index)
                .is_some_and(|check| check.is_certain(&self.call, v.turn)),
            // Whether a suppression comment is used is known once the call is complete.
            RuleKind::Meta => false,
        }
    }
}
