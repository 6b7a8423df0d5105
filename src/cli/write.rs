//! Where reports go: standard output (a closed pipe is not an error) or
//! files written atomically — every report to a temporary file in the
//! target folder first, then renamed into place — so an error at any point
//! leaves existing files as they were and no partial file behind.

use std::io::Write;
use std::path::{Path, PathBuf};

use longhand::Report;

use super::Outcome;

pub(super) fn print_stdout(text: &str) -> Outcome {
    print_bytes(text.as_bytes())
}

/// Writes bytes (a PDF) to standard output, as [`print_stdout`] does text.
pub(super) fn print_bytes(bytes: &[u8]) -> Outcome {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Ok(()) => Outcome::Success,
        // A closed pipe (`longhand render x.net | head`) is not an error.
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Outcome::Success,
        Err(error) => {
            eprintln!("error: cannot write to standard output: {error}");
            Outcome::Failure
        }
    }
}

pub(super) fn stem(path: &Path) -> String {
    path.file_stem()
        .map_or_else(|| "report".to_owned(), |s| s.to_string_lossy().into_owned())
}

/// Writes each report as `dir/stem.ext`, atomically (a temporary file in
/// the same folder, then a rename), creating `dir` if needed.
pub(super) fn write_reports(dir: &Path, stem: &str, reports: &[Report]) -> Outcome {
    let named: Vec<(String, Report)> = reports
        .iter()
        .map(|report| (format!("{stem}.{}", report.extension), report.clone()))
        .collect();
    write_named(dir, &named)
}

/// Writes each `(file name, report)` into `dir`, atomically (a temporary
/// file in the same folder, then a rename), creating `dir` if needed.
pub(super) fn write_named(dir: &Path, reports: &[(String, Report)]) -> Outcome {
    if dir.exists() && !dir.is_dir() {
        eprintln!(
            "error: `{}` exists and is not a folder\n  = help: reports are written into a folder, one file per report; name a folder, or move the file away",
            dir.display()
        );
        return Outcome::Failure;
    }
    if let Err(error) = std::fs::create_dir_all(dir) {
        eprintln!("error: cannot create folder `{}`: {error}", dir.display());
        return Outcome::Failure;
    }
    // Every report goes to its temporary file first, and only when all are
    // written are they renamed into place: a failure part way (a full disk)
    // leaves the earlier reports as they were and no partial file behind.
    let mut pending = Vec::new();
    for (name, report) in reports {
        let target = dir.join(name);
        let temporary = dir.join(format!(".{name}.{}.tmp", std::process::id()));
        if let Err(error) = std::fs::write(&temporary, report.bytes()) {
            let _ = std::fs::remove_file(&temporary);
            discard(&pending);
            eprintln!("error: cannot write `{}`: {error}", target.display());
            return Outcome::Failure;
        }
        pending.push((temporary, target));
    }
    for (index, (temporary, target)) in pending.iter().enumerate() {
        if let Err(error) = std::fs::rename(temporary, target) {
            discard(&pending[index..]);
            eprintln!("error: cannot write `{}`: {error}", target.display());
            return Outcome::Failure;
        }
    }
    Outcome::Success
}

/// Removes the temporary files of reports that will not be written.
fn discard(pending: &[(PathBuf, PathBuf)]) {
    for (temporary, _) in pending {
        let _ = std::fs::remove_file(temporary);
    }
}
