//! A progress bar on standard error, for large batches on a terminal.
//!
//! Shown only when standard error is a terminal, the `CI` environment variable is unset (or
//! empty), `--no-progress` was not given, and the batch is large: more than
//! [`MANY_FILES`] files, or still running after [`SLOW`]. Never in a pipe or a file.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// More files than this show the bar from the start.
pub const MANY_FILES: usize = 200;
/// A batch still running after this long shows the bar.
pub const SLOW: Duration = Duration::from_secs(2);

/// The progress of a batch of files.
pub struct Progress {
    /// Whether a bar may be shown at all.
    allowed: bool,
    total: usize,
    done: usize,
    started: Instant,
    bar: Option<ProgressBar>,
}

impl Progress {
    /// Progress over `total` files; `disabled` is `--no-progress`.
    pub fn new(total: usize, disabled: bool) -> Progress {
        let in_ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty());
        Progress::with_permission(
            total,
            !disabled && !in_ci && std::io::stderr().is_terminal(),
        )
    }

    fn with_permission(total: usize, allowed: bool) -> Progress {
        let mut progress = Progress {
            allowed: allowed && total > 1,
            total,
            done: 0,
            started: Instant::now(),
            bar: None,
        };
        progress.maybe_show();
        progress
    }

    /// One more file is done.
    pub fn inc(&mut self) {
        self.done += 1;
        self.maybe_show();
        if let Some(bar) = &self.bar {
            bar.set_position(self.done as u64);
        }
    }

    /// Runs `f` (which writes to the terminal) with the bar out of the way.
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        match &self.bar {
            Some(bar) => bar.suspend(f),
            None => f(),
        }
    }

    /// Whether the bar is on screen.
    pub fn visible(&self) -> bool {
        self.bar.is_some()
    }

    /// Removes the bar.
    pub fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }

    fn maybe_show(&mut self) {
        if self.bar.is_some() || !self.allowed || self.done >= self.total {
            return;
        }
        if self.total <= MANY_FILES && self.started.elapsed() < SLOW {
            return;
        }
        let bar = ProgressBar::with_draw_target(
            Some(self.total as u64),
            ProgressDrawTarget::stderr_with_hz(10),
        );
        if let Ok(style) =
            ProgressStyle::with_template("{bar:40} {pos}/{len} files · {elapsed} · eta {eta}")
        {
            bar.set_style(style);
        }
        bar.set_position(self.done as u64);
        self.bar = Some(bar);
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_large_batches_where_allowed() {
        assert!(!Progress::with_permission(5000, false).visible());
        assert!(!Progress::with_permission(MANY_FILES, true).visible());
        let mut large = Progress::with_permission(MANY_FILES + 1, true);
        assert!(large.visible());
        large.finish();
        assert!(!large.visible());
    }
}
