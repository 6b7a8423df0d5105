//! Ctrl-C and `kill`: the files this run has staged but not yet renamed
//! into place are removed before the process ends.
//!
//! Every temporary file the writer creates is registered here while the
//! registry's lock is held, so a signal arriving at any moment finds every
//! temporary that exists. The writer also holds the lock while it renames
//! staged files into place: an interruption waits for the renames to finish
//! (they are quick), so it leaves either all of a write or none of it.
//!
//! On Unix a thread waits for SIGINT, SIGTERM and SIGHUP (signal-hook); the
//! process then exits with 128 + the signal's number, as a shell reports
//! it. Elsewhere no handler is installed, and an interrupted run may leave
//! a `.longhand-*.tmp` file behind.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// What this run has created and not yet finished: temporary files, and
/// folders made for reports not yet in place.
#[derive(Debug, Default)]
pub(super) struct Live {
    /// Temporary files (staged reports, files moved aside).
    pub(super) files: Vec<PathBuf>,
    /// Folders created for the reports, outermost first.
    pub(super) folders: Vec<PathBuf>,
}

static LIVE: Mutex<Live> = Mutex::new(Live {
    files: Vec::new(),
    folders: Vec::new(),
});

/// The registry, locked (a panic elsewhere does not make it unusable).
pub(super) fn lock() -> MutexGuard<'static, Live> {
    LIVE.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Live {
    /// Forgets a temporary file (renamed into place or removed).
    pub(super) fn forget(&mut self, path: &Path) {
        self.files.retain(|p| p != path);
    }

    /// Removes everything registered: the files, then the folders
    /// (innermost first; one that is not empty stays).
    #[cfg_attr(not(unix), allow(dead_code))]
    fn remove_all(&mut self) {
        for path in self.files.drain(..) {
            let _ = std::fs::remove_file(path);
        }
        for folder in self.folders.drain(..).rev() {
            let _ = std::fs::remove_dir(folder);
        }
    }
}

/// Starts the thread that cleans up on SIGINT, SIGTERM and SIGHUP. A
/// failure to install it is not fatal: the command runs without it.
#[cfg(unix)]
pub(super) fn install() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    use signal_hook::iterator::Signals;

    let Ok(mut signals) = Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
        return;
    };
    let _ = std::thread::Builder::new()
        .name("longhand-signals".to_owned())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                // Held until the process is gone: no new temporary appears
                // after the removal, and renames in progress finish first.
                let mut live = lock();
                live.remove_all();
                std::process::exit(128 + signal);
            }
        });
}

/// No signal handling outside Unix (see the module documentation).
#[cfg(not(unix))]
pub(super) fn install() {}
