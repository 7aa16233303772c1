//! Attaching the suppression comments of a plain-text source to its calls, and working out the
//! lines each of their selectors covers (see [`crate::suppress`]).

use crate::call::Call;
use crate::suppress::{Action, Suppression};

/// The last line of a `disable` that is never re-enabled: the end of the call.
const TO_THE_END: usize = usize::MAX;

/// Follows the lines of one source in order.
#[derive(Default)]
pub(super) struct Collector {
    /// Own-line `ignore`s waiting for the next line that is not blank or a comment.
    waiting: Vec<Suppression>,
    /// Indices, in the current call's suppressions, of the `ignore`s that cover the current
    /// turn: its continuation lines extend them.
    open_turn: Vec<usize>,
    /// Comments read while there is no call yet; the next call takes them.
    pending: Vec<Suppression>,
}

impl Collector {
    /// A directive on a line of its own, at line `line`, in `call` (or before any call).
    pub(super) fn directive(&mut self, call: Option<&mut Call>, mut d: Suppression, line: usize) {
        let list = match call {
            Some(call) => &mut call.suppressions,
            None => &mut self.pending,
        };
        match d.action {
            Some(Action::Ignore) => {
                self.waiting.push(d);
                return;
            }
            Some(Action::Disable) => {
                for s in &mut d.selectors {
                    s.lines = Some(line + 1..=TO_THE_END);
                }
            }
            Some(Action::Enable) => {
                for s in &mut d.selectors {
                    s.lines = end_ranges(list, s.selector.as_str(), line);
                }
            }
            _ => {}
        }
        list.push(d);
    }

    /// A new call starts (at a header or at its first turn): it takes the comments read before.
    pub(super) fn start_call(&mut self, call: &mut Call) {
        call.suppressions.append(&mut self.pending);
        self.open_turn.clear();
    }

    /// Line `line` of `call` carries turn text: it starts a turn, or continues the current one.
    /// `trailing` is the directive at its end, if any.
    pub(super) fn turn_line(
        &mut self,
        call: &mut Call,
        line: usize,
        continuation: bool,
        trailing: Option<Suppression>,
    ) {
        if continuation {
            for &i in &self.open_turn {
                for s in &mut call.suppressions[i].selectors {
                    if let Some(lines) = &s.lines {
                        s.lines = Some(*lines.start()..=line);
                    }
                }
            }
        } else {
            self.open_turn.clear();
        }
        for mut d in self.waiting.drain(..).chain(trailing) {
            if d.action == Some(Action::Ignore) {
                for s in &mut d.selectors {
                    s.lines = Some(line..=line);
                }
                self.open_turn.push(call.suppressions.len());
            }
            call.suppressions.push(d);
        }
    }

    /// A line that is neither blank nor a comment but is no turn text (an unusable turn line,
    /// text before the first turn): the `ignore`s waiting for it cover nothing.
    pub(super) fn other_line(&mut self, call: Option<&mut Call>, trailing: Option<Suppression>) {
        self.open_turn.clear();
        let list = match call {
            Some(call) => &mut call.suppressions,
            None => &mut self.pending,
        };
        list.extend(self.waiting.drain(..).chain(trailing));
    }

    /// The end of the source: the `ignore`s still waiting cover nothing.
    pub(super) fn finish(&mut self, call: Option<&mut Call>) {
        self.other_line(call, None);
    }
}

/// Ends, at the `enable` on line `line`, every open `disable` range of `list` for `pattern`
/// (every open range for `*`). Returns the first range ended, if any.
fn end_ranges(
    list: &mut [Suppression],
    pattern: &str,
    line: usize,
) -> Option<std::ops::RangeInclusive<usize>> {
    let mut ended = None;
    let disables = list
        .iter_mut()
        .filter(|d| d.action == Some(Action::Disable));
    for s in disables.flat_map(|d| d.selectors.iter_mut()) {
        let open = s.lines.as_ref().is_some_and(|l| *l.end() == TO_THE_END);
        if open && (pattern == "*" || s.selector.as_str() == pattern) {
            let start = s.lines.as_ref().map_or(line, |l| *l.start());
            let range = start..=line.saturating_sub(1);
            ended.get_or_insert(range.clone());
            s.lines = Some(range);
        }
    }
    ended
}
