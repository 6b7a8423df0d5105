//! How much training work the process has done so far: updates and whole
//! runs, counted as they finish.
//!
//! A long run (thousands of steps, or `sensitivity` training the network
//! once per precision and carry mode) would otherwise be silent for
//! minutes. The command line reads these counters from a second thread to
//! show progress; nothing here prints, and counting costs one relaxed
//! atomic add per update.

use std::sync::atomic::{AtomicU64, Ordering};

static UPDATES: AtomicU64 = AtomicU64::new(0);
static RUNS: AtomicU64 = AtomicU64::new(0);

/// The work counted so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Done {
    /// Updates computed, in every run.
    pub updates: u64,
    /// Training runs finished.
    pub runs: u64,
}

/// The counters now (they only grow).
pub fn done() -> Done {
    Done {
        updates: UPDATES.load(Ordering::Relaxed),
        runs: RUNS.load(Ordering::Relaxed),
    }
}

pub(super) fn update_done() {
    UPDATES.fetch_add(1, Ordering::Relaxed);
}

pub(super) fn run_done() {
    RUNS.fetch_add(1, Ordering::Relaxed);
}
