//! Checking many inputs at once while printing their results in order.

use std::collections::BTreeMap;
use std::sync::mpsc;
use std::sync::{Condvar, Mutex};

/// How many results may wait, per thread, for an earlier one to be printed. Bounds memory: a
/// slow first file holds back at most `threads * WINDOW_PER_THREAD` finished ones.
const WINDOW_PER_THREAD: usize = 4;

/// Runs `work` on every item on `threads` threads and hands the results to `sink` in item
/// order, each as soon as it and every earlier one are done — a reorder buffer, so output
/// streams and is the same whatever the number of threads. Items are started in order, and
/// never more than a window ahead of the last result handed over, so memory stays bounded
/// however many items there are. With one thread, or one item, nothing is spawned.
///
/// The threads are plain scoped threads, not a rayon pool: they block while the window is full,
/// and `work` may itself use rayon (checking a file's calls does). A rayon worker blocked in
/// the window could be the one that a stolen job of its own pool waits for (a worker waiting
/// on a `par_iter` runs other jobs of its pool meanwhile, such as another thread's loop, which
/// then blocks in the window with the first job's result unfinished beneath it): a deadlock.
///
/// When `sink` fails, no further item is started and its error is returned. When `work`
/// panics, no further item is started and the panic goes on once the threads are done.
pub fn ordered<T, R, E>(
    items: &[T],
    threads: usize,
    work: impl Fn(&T) -> R + Sync,
    mut sink: impl FnMut(R) -> Result<(), E>,
) -> Result<(), E>
where
    T: Sync,
    R: Send,
{
    if threads <= 1 || items.len() < 2 {
        for item in items {
            sink(work(item))?;
        }
        return Ok(());
    }
    let gate = Gate::new(items.len(), threads * WINDOW_PER_THREAD);
    let (gate, work) = (&gate, &work);
    std::thread::scope(|scope| {
        let (sender, results) = mpsc::channel::<(usize, R)>();
        for n in 0..threads {
            let sender = sender.clone();
            let worker = move || {
                while let Some(i) = gate.take() {
                    let result =
                        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(&items[i])));
                    match result {
                        Ok(result) => {
                            if sender.send((i, result)).is_err() {
                                break;
                            }
                        }
                        Err(panic) => {
                            // Nobody else waits for this item forever.
                            gate.stop();
                            std::panic::resume_unwind(panic);
                        }
                    }
                }
            };
            std::thread::Builder::new()
                .name(format!("huashu-check-{n}"))
                .spawn_scoped(scope, worker)
                .expect("failed to spawn a checking thread");
        }
        drop(sender);
        let mut waiting = BTreeMap::new();
        let mut next = 0;
        for (i, result) in results {
            waiting.insert(i, result);
            while let Some(result) = waiting.remove(&next) {
                next += 1;
                if let Err(err) = sink(result) {
                    gate.stop();
                    return Err(err);
                }
                gate.handed_over(next);
            }
        }
        Ok(())
    })
}

/// Hands out item indexes in order, at most `window` ahead of the results handed over.
struct Gate {
    state: Mutex<GateState>,
    changed: Condvar,
    len: usize,
    window: usize,
}

struct GateState {
    next: usize,
    handed_over: usize,
    stopped: bool,
}

impl Gate {
    fn new(len: usize, window: usize) -> Gate {
        Gate {
            state: Mutex::new(GateState {
                next: 0,
                handed_over: 0,
                stopped: false,
            }),
            changed: Condvar::new(),
            len,
            window: window.max(1),
        }
    }

    /// The next item to work on, once it is inside the window; `None` when there is none left.
    fn take(&self) -> Option<usize> {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if state.stopped || state.next >= self.len {
                return None;
            }
            if state.next < state.handed_over + self.window {
                state.next += 1;
                return Some(state.next - 1);
            }
            state = self.changed.wait(state).unwrap_or_else(|e| e.into_inner());
        }
    }

    fn handed_over(&self, count: usize) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.handed_over = count;
        self.changed.notify_all();
    }

    fn stop(&self) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.stopped = true;
        self.changed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    #[test]
    fn results_come_in_order_whatever_the_threads() {
        let items: Vec<u64> = (0..200).collect();
        for threads in [1, 2, 8] {
            let mut seen = Vec::new();
            ordered(
                &items,
                threads,
                |&i| {
                    // Early items are the slowest, so later ones finish first.
                    std::thread::sleep(Duration::from_micros((200 - i) * 20));
                    i * 2
                },
                |r| {
                    seen.push(r);
                    Ok::<(), ()>(())
                },
            )
            .unwrap();
            assert_eq!(seen, items.iter().map(|i| i * 2).collect::<Vec<_>>());
        }
    }

    #[test]
    fn no_more_than_the_window_is_started_ahead() {
        let items: Vec<usize> = (0..100).collect();
        let started = AtomicUsize::new(0);
        let mut most_ahead = 0;
        let mut handed = 0;
        ordered(
            &items,
            2,
            |&i| {
                started.fetch_max(i + 1, Ordering::SeqCst);
                if i == 0 {
                    std::thread::sleep(Duration::from_millis(50));
                }
                i
            },
            |_| {
                most_ahead = most_ahead.max(started.load(Ordering::SeqCst) - handed);
                handed += 1;
                Ok::<(), ()>(())
            },
        )
        .unwrap();
        assert!(most_ahead <= 2 * WINDOW_PER_THREAD, "{most_ahead}");
    }

    /// `work` that waits on rayon (as checking a file's calls in parallel does) while the
    /// window is full never deadlocks. With the loops on a rayon pool, this test hung every
    /// time, and `huashu check tests/fixtures/` one run in eight (debug build).
    #[test]
    fn work_may_use_rayon_while_the_window_is_full() {
        use rayon::prelude::*;
        let items: Vec<u64> = (0..64).collect();
        for _ in 0..100 {
            let mut seen = Vec::new();
            ordered(
                &items,
                2,
                |&i| {
                    (0..500u32)
                        .into_par_iter()
                        .with_max_len(1)
                        .map(|x| u64::from(x) * i)
                        .sum::<u64>()
                },
                |r| {
                    seen.push(r);
                    Ok::<(), ()>(())
                },
            )
            .unwrap();
            assert_eq!(seen.len(), items.len());
        }
    }

    #[test]
    fn a_panic_in_work_stops_the_work_and_goes_on() {
        let items: Vec<usize> = (0..1000).collect();
        let done = AtomicUsize::new(0);
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            ordered(
                &items,
                2,
                |&i| {
                    done.fetch_add(1, Ordering::SeqCst);
                    assert!(i != 5, "item 5 is bad");
                    i
                },
                |_| Ok::<(), ()>(()),
            )
        }));
        assert!(outcome.is_err(), "the panic reaches the caller");
        assert!(done.load(Ordering::SeqCst) < 100);
    }

    #[test]
    fn a_failing_sink_stops_the_work() {
        let items: Vec<usize> = (0..1000).collect();
        let done = AtomicUsize::new(0);
        let result = ordered(
            &items,
            2,
            |&i| {
                done.fetch_add(1, Ordering::SeqCst);
                i
            },
            |i| if i == 3 { Err("broken pipe") } else { Ok(()) },
        );
        assert_eq!(result, Err("broken pipe"));
        assert!(done.load(Ordering::SeqCst) < 100);
    }
}
