//! Where reports go: standard output (a closed pipe is not an error) or
//! files in a folder. This is the only place longhand writes files.
//!
//! A [`Batch`] writes files so that it cannot be turned against the user:
//!
//! - every report is first written to a temporary file in the target
//!   folder, created exclusively under an unpredictable name (`tempfile`),
//!   so a file or symlink planted beside the target is never opened;
//! - staged files are renamed into place, which replaces whatever is at the
//!   target name (a planted symlink is replaced, not followed: the result
//!   is always a regular file);
//! - a target that is one of the command's input files (the same file, by
//!   device and inode on Unix) is refused before anything is staged;
//! - the batch is all or nothing: files already at the target names are
//!   moved aside (under temporary names) until every rename has succeeded,
//!   and put back if one fails; temporaries and folders this run created
//!   are removed on any failure, and on Ctrl-C ([`super::interrupt`]).
//!
//! [`Spool`] holds a long standard output (every variant of an exercise) in
//! an unnamed temporary file rather than in memory, so that nothing is
//! printed when a later part fails.

use std::fs::File;
use std::io::{Seek, Write};
use std::path::{Path, PathBuf};

use tempfile::{Builder, NamedTempFile, TempPath};

use super::Outcome;
use super::interrupt::{self, Live};

/// Prints `text` to standard output; a closed pipe is not an error.
pub(super) fn print_stdout(text: &str) -> Outcome {
    print_bytes(text.as_bytes())
}

/// Writes bytes (a PDF, or text) to standard output, as [`print_stdout`] does.
pub(super) fn print_bytes(bytes: &[u8]) -> Outcome {
    let mut stdout = std::io::stdout().lock();
    let written = stdout.write_all(bytes).and_then(|()| stdout.flush());
    stdout_outcome(written)
}

fn stdout_outcome(written: std::io::Result<()>) -> Outcome {
    match written {
        Ok(()) => Outcome::Success,
        // A closed pipe (`longhand render x.net | head`) is not an error.
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Outcome::Success,
        Err(error) => {
            say!("error: cannot write to standard output: {error}");
            Outcome::Failure
        }
    }
}

/// The stem of a file name (`net` for `dir/net.net`), or `report`.
pub(super) fn stem(path: &Path) -> String {
    path.file_stem()
        .map_or_else(|| "report".to_owned(), |s| s.to_string_lossy().into_owned())
}

/// Standard output kept back until every part of it is ready: an unnamed
/// temporary file (removed by the system whatever happens), printed at the end.
pub(super) struct Spool {
    file: File,
}

impl Spool {
    /// An empty spool.
    pub(super) fn new() -> Result<Spool, Outcome> {
        match tempfile::tempfile() {
            Ok(file) => Ok(Spool { file }),
            Err(error) => {
                say!(
                    "error: cannot make a temporary file to hold the output: {error}\n  = help: set TMPDIR to a writable folder, or write the reports into a folder with `-o DIR`"
                );
                Err(Outcome::Failure)
            }
        }
    }

    /// Appends `text`.
    pub(super) fn push(&mut self, text: &str) -> Result<(), Outcome> {
        self.file.write_all(text.as_bytes()).map_err(|error| {
            say!("error: cannot hold the output in a temporary file: {error}");
            Outcome::Failure
        })
    }

    /// Prints everything held, in order.
    pub(super) fn print(mut self) -> Outcome {
        if let Err(error) = self.file.rewind() {
            say!("error: cannot read back the output: {error}");
            return Outcome::Failure;
        }
        let mut stdout = std::io::stdout().lock();
        let copied = std::io::copy(&mut self.file, &mut stdout)
            .map(|_| ())
            .and_then(|()| stdout.flush());
        stdout_outcome(copied)
    }
}

/// What identifies a file: device and inode on Unix, else its canonical path.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Identity {
    #[cfg(unix)]
    Inode(u64, u64),
    #[cfg_attr(unix, allow(dead_code))]
    Path(PathBuf),
}

#[cfg(unix)]
fn identity(metadata: &std::fs::Metadata, _path: &Path) -> Identity {
    use std::os::unix::fs::MetadataExt;
    Identity::Inode(metadata.dev(), metadata.ino())
}

#[cfg(not(unix))]
fn identity(_metadata: &std::fs::Metadata, path: &Path) -> Identity {
    Identity::Path(std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned()))
}

/// An input file of the command, which no report may replace.
struct Input {
    /// As named on the command line.
    path: PathBuf,
    /// The file it names (symlinks followed) and, if it is a symlink, the link.
    identities: Vec<Identity>,
}

impl Input {
    fn new(path: &Path) -> Input {
        let identities = [std::fs::metadata(path), std::fs::symlink_metadata(path)]
            .into_iter()
            .flatten()
            .map(|metadata| identity(&metadata, path))
            .collect();
        Input {
            path: path.to_owned(),
            identities,
        }
    }
}

/// A report written to its temporary file, waiting to be renamed into place.
struct Staged {
    temporary: TempPath,
    target: PathBuf,
}

/// A report renamed into place, and the file it replaced (moved aside).
struct Placed {
    target: PathBuf,
    replaced: Option<TempPath>,
}

/// Files to write into one folder, all or nothing (see the module docs).
pub(super) struct Batch {
    dir: PathBuf,
    inputs: Vec<Input>,
    staged: Vec<Staged>,
    /// Folders this run created (deepest last), removed if nothing is written.
    created: Vec<PathBuf>,
}

/// A temporary file in `dir`, registered for removal on Ctrl-C while the
/// registry is locked (`live`), so no moment exists when it is unregistered.
fn temporary(dir: &Path, live: &mut Live) -> std::io::Result<NamedTempFile> {
    let mut builder = Builder::new();
    builder.prefix(".longhand-").suffix(".tmp");
    // The report gets the permissions any new file gets (0666 less the umask).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let file = builder.tempfile_in(dir)?;
    live.files.push(file.path().to_owned());
    Ok(file)
}

/// Creates `dir` and any missing parents, registering those it created
/// (outermost first) for removal if the batch is not committed.
fn create_folders(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let missing: Vec<PathBuf> = dir
        .ancestors()
        .take_while(|a| !a.as_os_str().is_empty() && std::fs::symlink_metadata(a).is_err())
        .map(Path::to_owned)
        .collect();
    let created: Vec<PathBuf> = missing.into_iter().rev().collect();
    let mut live = interrupt::lock();
    live.folders.extend(created.iter().cloned());
    if let Err(error) = std::fs::create_dir_all(dir) {
        live.folders.retain(|f| !created.contains(f));
        for folder in created.iter().rev() {
            let _ = std::fs::remove_dir(folder);
        }
        return Err(error);
    }
    Ok(created)
}

impl Batch {
    /// A batch writing into `dir` (created if missing) that will not
    /// replace any of `inputs`.
    pub(super) fn open(dir: &Path, inputs: &[&Path]) -> Result<Batch, Outcome> {
        if std::fs::metadata(dir).is_ok_and(|m| !m.is_dir()) {
            say!(
                "error: `{}` exists and is not a folder\n  = help: reports are written into a folder, one file per report; name a folder, or move the file away",
                dir.display()
            );
            return Err(Outcome::Failure);
        }
        let created = create_folders(dir).map_err(|error| {
            say!("error: cannot create folder `{}`: {error}", dir.display());
            Outcome::Failure
        })?;
        Ok(Batch {
            dir: dir.to_owned(),
            inputs: inputs.iter().map(|p| Input::new(p)).collect(),
            staged: Vec::new(),
            created,
        })
    }

    /// The input that `target` is, if any (a symlink at `target` is not:
    /// it is replaced, and what it points to is left alone).
    fn input_at(&self, target: &Path) -> Option<&Input> {
        let here = std::fs::symlink_metadata(target).ok()?;
        let id = identity(&here, target);
        self.inputs
            .iter()
            .find(|input| input.identities.contains(&id))
    }

    /// Writes `content` (text, or a PDF's bytes) to a temporary file that
    /// [`Batch::commit`] will rename to `name` in the folder.
    pub(super) fn stage(&mut self, name: &str, content: &[u8]) -> Result<(), Outcome> {
        let target = self.dir.join(name);
        if let Some(input) = self.input_at(&target) {
            say!(
                "error: `{}` is the input file `{}`; longhand does not write over its input\n  = help: write the reports into another folder with `-o DIR`",
                target.display(),
                input.path.display()
            );
            return Err(Outcome::Failure);
        }
        let created = temporary(&self.dir, &mut interrupt::lock());
        let mut file = created.map_err(|error| {
            say!("error: cannot write `{}`: {error}", target.display());
            Outcome::Failure
        })?;
        let written = file
            .write_all(content)
            .and_then(|()| file.as_file().sync_data());
        // Registered (and so removed on failure or Ctrl-C) before anything can fail.
        self.staged.push(Staged {
            temporary: file.into_temp_path(),
            target: target.clone(),
        });
        written.map_err(|error| {
            say!("error: cannot write `{}`: {error}", target.display());
            Outcome::Failure
        })
    }

    /// Renames every staged file into place, or none: on a failure the
    /// files already placed are removed and the files they replaced put back.
    pub(super) fn commit(mut self) -> Outcome {
        let mut live = interrupt::lock();
        let mut placed: Vec<Placed> = Vec::new();
        let staged = std::mem::take(&mut self.staged);
        let mut pending = staged.into_iter();
        while let Some(next) = pending.next() {
            if let Err(error) = place(next, &mut placed, &mut live) {
                say!("error: {error}");
                undo(placed, &mut live);
                discard(pending, &mut live);
                drop(live);
                self.remove_created_folders();
                return Outcome::Failure;
            }
        }
        // Every report is in place: the files they replaced can go.
        for Placed { replaced, .. } in placed {
            if let Some(old) = replaced {
                live.forget(&old);
                drop(old);
            }
        }
        live.folders.retain(|f| !self.created.contains(f));
        self.created.clear();
        Outcome::Success
    }

    fn remove_created_folders(&mut self) {
        let mut live = interrupt::lock();
        live.folders.retain(|f| !self.created.contains(f));
        // Innermost first; a folder that is not empty (someone else wrote there) stays.
        for folder in self.created.drain(..).rev() {
            let _ = std::fs::remove_dir(folder);
        }
    }
}

impl Drop for Batch {
    /// A batch that is not committed removes its temporaries and the folders it made.
    fn drop(&mut self) {
        if !self.staged.is_empty() {
            let mut live = interrupt::lock();
            discard(std::mem::take(&mut self.staged).into_iter(), &mut live);
        }
        if !self.created.is_empty() {
            self.remove_created_folders();
        }
    }
}

/// Moves the file at `staged.target` aside (if any) and renames the staged
/// file into place.
fn place(staged: Staged, placed: &mut Vec<Placed>, live: &mut Live) -> Result<(), String> {
    let Staged { temporary, target } = staged;
    let cannot =
        |error: &dyn std::fmt::Display| format!("cannot write `{}`: {error}", target.display());
    let replaced = match std::fs::symlink_metadata(&target) {
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
        Err(error) => return Err(cannot(&error)),
        Ok(metadata) if metadata.is_dir() => {
            return Err(cannot(&"a folder has that name"));
        }
        Ok(_) => {
            let dir = target.parent().unwrap_or(Path::new("."));
            let aside = temporary_path(dir, live).map_err(|e| cannot(&e))?;
            // `rename` moves the directory entry itself: a symlink is moved, not followed.
            if let Err(error) = std::fs::rename(&target, &aside) {
                live.forget(&aside);
                drop(aside);
                live.forget(&temporary);
                drop(temporary);
                return Err(cannot(&error));
            }
            Some(aside)
        }
    };
    let path = temporary.to_path_buf();
    match temporary.persist(&target) {
        Ok(()) => {
            live.forget(&path);
            placed.push(Placed { target, replaced });
            Ok(())
        }
        Err(error) => {
            let message = cannot(&error.error);
            live.forget(&path);
            drop(error.path);
            if let Some(old) = replaced {
                put_back(old, &target, live);
            }
            Err(message)
        }
    }
}

/// A registered temporary path (an empty placeholder file to rename over).
fn temporary_path(dir: &Path, live: &mut Live) -> std::io::Result<TempPath> {
    temporary(dir, live).map(NamedTempFile::into_temp_path)
}

/// Puts a file that was moved aside back at `target`.
fn put_back(old: TempPath, target: &Path, live: &mut Live) {
    live.forget(&old);
    let path = old.to_path_buf();
    match old.keep() {
        Ok(kept) => {
            if let Err(error) = std::fs::rename(&kept, target) {
                say!(
                    "error: cannot put back `{}` (it is kept as `{}`): {error}",
                    target.display(),
                    kept.display()
                );
            }
        }
        Err(error) => say!(
            "error: cannot put back `{}` (it is kept as `{}`): {}",
            target.display(),
            path.display(),
            error.error
        ),
    }
}

/// Reverses renames already made: each new file is removed and the file it
/// replaced put back, last first.
fn undo(placed: Vec<Placed>, live: &mut Live) {
    for Placed { target, replaced } in placed.into_iter().rev() {
        let _ = std::fs::remove_file(&target);
        if let Some(old) = replaced {
            put_back(old, &target, live);
        }
    }
}

/// Removes staged files that will not be renamed into place.
fn discard(staged: impl Iterator<Item = Staged>, live: &mut Live) {
    for Staged { temporary, .. } in staged {
        live.forget(&temporary);
        drop(temporary);
    }
}
