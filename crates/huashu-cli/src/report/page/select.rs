//! Which calls carry their transcript in the page (`--calls`).
//!
//! `auto` includes every failed call, every call with a finding for review, and one passed call
//! in [`SAMPLE_ONE_IN`] — chosen by a hash of the file name and the call id (its position in
//! the file when it has none), so the same calls on every run of the same input — until the
//! transcripts written reach [`AUTO_BUDGET`] bytes; the calls after that are rows only and the
//! page data counts them (`calls_left_out`). A day of 50,000 calls thus stays near 15 MB.

use crate::args::CallsChoice;

/// One passed call in this many is sampled by `auto`.
pub const SAMPLE_ONE_IN: u64 = 20;

/// The bytes of transcripts `auto` writes at most.
pub const AUTO_BUDGET: u64 = 10_000_000;

/// What decides, call by call.
#[derive(Debug)]
pub struct Selection {
    choice: CallsChoice,
    /// Bytes of transcript blocks written so far.
    pub written: u64,
    /// Calls `auto` wanted but left out for the budget.
    pub left_out: u32,
}

/// What the selection needs to know of a call.
pub struct Candidate<'a> {
    /// Its input.
    pub file: &'a str,
    /// Its id, if any.
    pub id: Option<&'a str>,
    /// Its position in its input (0-based).
    pub position: usize,
    /// Whether it passed QA.
    pub passed: bool,
    /// Whether it has findings for review.
    pub review: bool,
}

impl Selection {
    /// A selection by `choice`.
    pub fn new(choice: CallsChoice) -> Self {
        Selection {
            choice,
            written: 0,
            left_out: 0,
        }
    }

    /// Whether the call's transcript goes in the page.
    pub fn wants(&mut self, call: &Candidate<'_>) -> bool {
        match self.choice {
            CallsChoice::All => true,
            CallsChoice::None => false,
            CallsChoice::Failed => !call.passed,
            CallsChoice::Auto => {
                let wanted = !call.passed || call.review || sampled(call);
                if wanted && self.written >= AUTO_BUDGET {
                    self.left_out += 1;
                    return false;
                }
                wanted
            }
        }
    }
}

/// Whether `auto` samples the call: FNV-1a of the file name, a zero byte and the id (or the
/// position as decimal), modulo [`SAMPLE_ONE_IN`].
fn sampled(call: &Candidate<'_>) -> bool {
    let position = call.position.to_string();
    let key = call.id.unwrap_or(&position);
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &byte in call
        .file
        .as_bytes()
        .iter()
        .chain(&[0])
        .chain(key.as_bytes())
    {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash % SAMPLE_ONE_IN == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate(id: &str, passed: bool) -> Candidate<'_> {
        Candidate {
            file: "2026-11-20/坐席1017.jsonl",
            id: Some(id),
            position: 0,
            passed,
            review: false,
        }
    }

    #[test]
    fn auto_takes_failed_calls_and_a_fixed_share_of_passed_ones() {
        let mut selection = Selection::new(CallsChoice::Auto);
        let ids: Vec<String> = (0..2000).map(|i| format!("R-1120-{i:04}")).collect();
        let sampled: Vec<&String> = ids
            .iter()
            .filter(|id| selection.wants(&candidate(id, true)))
            .collect();
        // About one in twenty, the same ones every time.
        assert!((70..=130).contains(&sampled.len()), "{}", sampled.len());
        let again: Vec<&String> = ids
            .iter()
            .filter(|id| Selection::new(CallsChoice::Auto).wants(&candidate(id, true)))
            .collect();
        assert_eq!(sampled, again);
        assert!(ids.iter().all(|id| selection.wants(&candidate(id, false))));
        // Over the budget, wanted calls are counted as left out.
        selection.written = AUTO_BUDGET;
        assert!(!selection.wants(&candidate("R-1120-0001", false)));
        assert_eq!(selection.left_out, 1);
    }

    #[test]
    fn the_other_choices() {
        let failed = candidate("c", false);
        let passed = candidate("c", true);
        assert!(Selection::new(CallsChoice::All).wants(&passed));
        assert!(!Selection::new(CallsChoice::None).wants(&failed));
        assert!(Selection::new(CallsChoice::Failed).wants(&failed));
        assert!(!Selection::new(CallsChoice::Failed).wants(&passed));
    }
}
