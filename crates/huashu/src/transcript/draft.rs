//! A call as a parser read it, before its speakers have roles: every format ends here, so that
//! roles are decided (and warned about) one way for all of them.

use super::roles;
use super::{ParseOptions, ParseWarning, Parsed, TimeUnit, WarningKind};
use crate::call::{Call, Speaker, Turn};

/// Times read as seconds past this make a call suspiciously long (2 h 47 min): they may be
/// milliseconds.
const SUSPICIOUS_SECONDS: f64 = 10_000.0;

/// A call whose turns' speakers are still as the source named them.
#[derive(Debug, Default)]
pub(super) struct Draft {
    /// The call; the `speaker` of a turn named by a label is a placeholder until [`finish`]
    /// sets it.
    pub(super) call: Call,
    /// The turns whose speaker the source names with a label (index in the call, label), in
    /// order: the others' speakers are known and set (most sources name only known ones, so
    /// this is empty).
    pub(super) labelled: Vec<(usize, Who)>,
    /// The largest time that was written as a bare number and read as seconds (0 without one).
    pub(super) bare_seconds: f64,
    /// Whether the speaker labels are words the source chose (huashu's own JSON), so that an
    /// unknown one among known ones is an error at its place, as a typo would be; else (a
    /// platform's channel or speaker ids) the speakers a partial mapping leaves out take the
    /// other role.
    pub(super) strict_labels: bool,
}

/// Who speaks a turn, as the source says.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Who {
    /// A known speaker (a known label, or a role the format itself gives).
    Known(Speaker),
    /// A label, channel or speaker id: the label mapping decides, else `fallback` (what the
    /// platform's own role name means), else the roles are inferred.
    Label {
        label: String,
        fallback: Option<Speaker>,
        /// Where the label is, for an error when no role can be decided.
        line: usize,
        column: usize,
    },
}

impl Who {
    /// A label at a line and column, with no fallback.
    pub(super) fn label(label: impl Into<String>, line: usize, column: usize) -> Who {
        Who::Label {
            label: label.into(),
            fallback: None,
            line,
            column,
        }
    }
}

impl Draft {
    /// Adds a turn spoken by `who`.
    #[inline]
    pub(super) fn push(&mut self, mut turn: Turn, who: Who) {
        match who {
            Who::Known(speaker) => turn.speaker = speaker,
            label => self.labelled.push((self.call.turns.len(), label)),
        }
        self.call.turns.push(turn);
    }

    /// The label of the last turn, if a label names its speaker.
    pub(super) fn last_label_mut(&mut self) -> Option<&mut Who> {
        let last = self.call.turns.len().checked_sub(1)?;
        self.labelled
            .last_mut()
            .filter(|(turn, _)| *turn == last)
            .map(|(_, who)| who)
    }

    /// Orders the turns by start (stably; a turn without a start keeps its place after the one
    /// before it): channels transcribed one after the other become one conversation.
    pub(super) fn sort_by_start(&mut self) {
        let turns = &self.call.turns;
        let mut last = 0.0;
        let keys: Vec<f64> = turns
            .iter()
            .map(|turn| {
                last = turn.start.unwrap_or(last);
                last
            })
            .collect();
        let mut order: Vec<usize> = (0..turns.len()).collect();
        order.sort_by(|&a, &b| keys[a].total_cmp(&keys[b]));
        // Where each turn goes.
        let mut place = vec![0; order.len()];
        for (to, &from) in order.iter().enumerate() {
            place[from] = to;
        }
        let mut slots: Vec<Option<Turn>> = std::mem::take(&mut self.call.turns)
            .into_iter()
            .map(Some)
            .collect();
        self.call.turns = order.iter().filter_map(|&i| slots[i].take()).collect();
        for (turn, _) in &mut self.labelled {
            *turn = place[*turn];
        }
        self.labelled.sort_by_key(|(turn, _)| *turn);
    }

    /// Notes a time written as a bare number and read as seconds.
    pub(super) fn bare_time(&mut self, seconds: f64) {
        if seconds.is_finite() && seconds > self.bare_seconds {
            self.bare_seconds = seconds;
        }
    }
}

/// Decides the roles of a draft's speakers and adds the call (or the error that it has no
/// usable roles) to `out`, with the warnings about it.
pub(super) fn finish(draft: Draft, options: &ParseOptions, out: &mut Parsed) {
    let Draft {
        mut call,
        labelled,
        bare_seconds,
        strict_labels,
    } = draft;
    match roles::assign(&mut call, &labelled, &options.labels, strict_labels) {
        Ok(warning) => out.warnings.extend(warning),
        Err(error) => {
            out.errors.push(error);
            return;
        }
    }
    let line = call.line.unwrap_or(1);
    let starts = call.turns.iter().filter(|t| t.start.is_some()).count();
    if starts >= 2 && call.turns.iter().all(|t| t.end.is_none()) {
        out.warnings.push(ParseWarning::new(
            line,
            1,
            WarningKind::StartTimesOnly,
            "the turns' times are start times only: a silence or a hold is measured from the \
             previous turn's start, and speech rate and talking over are not checked",
        ));
    }
    if options.time_unit == TimeUnit::Seconds && bare_seconds >= SUSPICIOUS_SECONDS {
        let hours = bare_seconds / 3600.0;
        out.warnings.push(ParseWarning::new(
            line,
            1,
            WarningKind::TimesLookLikeMilliseconds,
            format!(
                "times read as seconds make this call {hours:.1} hours long (up to {bare_seconds} s): \
                 if they are milliseconds, read them as such (time unit `ms`, `--time-unit ms`)"
            ),
        ));
    }
    out.calls.push(call);
}
