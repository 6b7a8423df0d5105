//! Progress on standard error for work that takes more than a second:
//! updates computed and training runs finished, read from
//! [`longhand::numeric::progress`] by a second thread and drawn by
//! indicatif. Nothing is shown when standard error is not a terminal, and
//! the line is cleared when the work ends, so output and messages read the
//! same with or without it.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use longhand::numeric::progress::{Done, done};

/// How long work runs silently before progress appears.
const QUIET: Duration = Duration::from_secs(1);
/// How often the line is redrawn.
const TICK: Duration = Duration::from_millis(100);

/// The line on screen, if any: messages written meanwhile suspend it
/// ([`aside`]) so they never share a line with it.
static SHOWN: Mutex<Option<ProgressBar>> = Mutex::new(None);

/// Runs `write` (a message to standard error) with the progress line
/// cleared, and draws it again afterwards.
pub(super) fn aside<R>(write: impl FnOnce() -> R) -> R {
    let shown = SHOWN.lock().unwrap_or_else(PoisonError::into_inner);
    match &*shown {
        Some(bar) => bar.suspend(write),
        None => write(),
    }
}

/// Shows progress until dropped.
pub(super) struct Progress {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Progress {
    /// Starts watching the counters (the line appears after [`QUIET`]).
    pub(super) fn start() -> Progress {
        let stop = Arc::new(AtomicBool::new(false));
        let thread = std::io::stderr().is_terminal().then(|| {
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || watch(&stop))
        });
        Progress { stop, thread }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn watch(stop: &AtomicBool) {
    let started = Instant::now();
    let base = done();
    while started.elapsed() < QUIET {
        if stop.load(Ordering::Relaxed) {
            return;
        }
        std::thread::sleep(TICK);
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr())
        .with_elapsed(started.elapsed());
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    *SHOWN.lock().unwrap_or_else(PoisonError::into_inner) = Some(bar.clone());
    while !stop.load(Ordering::Relaxed) {
        bar.set_message(message(base, done()));
        bar.tick();
        std::thread::sleep(TICK);
    }
    *SHOWN.lock().unwrap_or_else(PoisonError::into_inner) = None;
    bar.finish_and_clear();
}

/// `12,400 updates computed, 3 training runs finished`.
fn message(base: Done, now: Done) -> String {
    let updates = now.updates.saturating_sub(base.updates);
    let runs = now.runs.saturating_sub(base.runs);
    let mut text = format!(
        "{} update{} computed",
        grouped(updates),
        if updates == 1 { "" } else { "s" }
    );
    if runs > 0 {
        text.push_str(&format!(
            ", {} training run{} finished",
            grouped(runs),
            if runs == 1 { "" } else { "s" }
        ));
    }
    text
}

/// Digits in groups of three: `12,400`.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_count_from_the_start() {
        let base = Done {
            updates: 5,
            runs: 1,
        };
        let now = Done {
            updates: 12_405,
            runs: 4,
        };
        assert_eq!(
            message(base, now),
            "12,400 updates computed, 3 training runs finished"
        );
        assert_eq!(message(base, base), "0 updates computed");
        assert_eq!(grouped(1_000_000), "1,000,000");
        assert_eq!(grouped(999), "999");
    }
}
