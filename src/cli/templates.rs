//! `longhand templates export DIR` and `render --templates DIR`: the
//! author's own copy of the templates.

use std::path::Path;

use longhand::render::templates;

use super::Outcome;

/// Writes every built-in template into `dir` (created if missing); a file
/// already there is kept, not overwritten, unless `force`.
pub(super) fn export(dir: &Path, force: bool) -> Outcome {
    if let Err(error) = std::fs::create_dir_all(dir) {
        say!("error: cannot create {}: {error}", dir.display());
        return Outcome::Failure;
    }
    let mut kept = Vec::new();
    for (name, text) in templates::builtin() {
        let path = dir.join(name);
        if path.exists() && !force {
            kept.push(name);
            continue;
        }
        if let Err(error) = std::fs::write(&path, text) {
            say!("error: cannot write {}: {error}", path.display());
            return Outcome::Failure;
        }
    }
    if !kept.is_empty() {
        say!(
            "kept {} (already in {}; `--force` overwrites them)",
            kept.join(", "),
            dir.display()
        );
    }
    say!(
        "wrote the templates into `{}`: edit them and render with `--templates {}`",
        dir.display(),
        dir.display()
    );
    Outcome::Success
}

/// Reads the templates of `dir` (those named like a built-in one; the
/// others are missing and fall back) and makes the renderer use them.
pub(super) fn load(dir: &Path) -> Result<(), Outcome> {
    if !dir.is_dir() {
        say!(
            "error: --templates {}: not a folder\n  = help: write one with `longhand templates export {}`",
            dir.display(),
            dir.display()
        );
        return Err(Outcome::Usage);
    }
    let mut found = Vec::new();
    for name in templates::names() {
        let path = dir.join(name);
        if !path.exists() {
            continue;
        }
        match std::fs::read_to_string(&path) {
            Ok(text) => found.push((name.to_owned(), text)),
            Err(error) => {
                say!("error: cannot read {}: {error}", path.display());
                return Err(Outcome::Failure);
            }
        }
    }
    let folder = dir.display().to_string();
    templates::use_templates(&folder, &found).map_err(|error| {
        say!("error: {error}");
        Outcome::Failure
    })
}
