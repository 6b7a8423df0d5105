//! The author's own templates: `longhand templates export DIR` writes the
//! built-in ones, and `--templates DIR` renders with an edited copy (a file
//! missing from DIR falls back to the built-in one). A template error names
//! the file, the line and what went wrong.

use std::error::Error as _;
use std::sync::OnceLock;

use super::RenderError;
use super::markdown::{Engines, builtin_templates, engines};

/// The engines built from the author's templates, once set.
static CUSTOM: OnceLock<Engines> = OnceLock::new();

/// The folder they came from.
static FOLDER: OnceLock<String> = OnceLock::new();

/// A tera error while rendering, located in the author's folder when the
/// author's templates are in use.
pub(super) fn render_error(error: &tera::Error) -> String {
    let message = describe_error(error);
    match FOLDER.get() {
        Some(folder) => located(folder, &message),
        None => message,
    }
}

/// The engines of [`use_templates`], if it was called.
pub(super) fn custom() -> Option<&'static Engines> {
    CUSTOM.get()
}

/// The built-in templates, (file name, text), for `templates export`.
pub fn builtin() -> Vec<(&'static str, &'static str)> {
    builtin_templates()
}

/// The names of the built-in templates.
pub fn names() -> Vec<&'static str> {
    builtin_templates()
        .into_iter()
        .map(|(name, _)| name)
        .collect()
}

/// Renders every later report of this process with these templates
/// (file name, text) in place of the built-in ones of the same name.
/// `folder` names where they came from, for error messages.
///
/// # Errors
/// A template that does not parse, named with its folder, line and problem.
pub fn use_templates(folder: &str, templates: &[(String, String)]) -> Result<(), RenderError> {
    let built = engines(templates).map_err(|e| RenderError(located(folder, &e)))?;
    // Set once per process; a second call keeps the first set.
    let _ = CUSTOM.set(built);
    let _ = FOLDER.set(folder.to_owned());
    Ok(())
}

/// A template error that names its file in the author's folder and its
/// line first: `DIR/_part.md, line 3: Found ...`, then tera's own picture
/// of the place.
fn located(folder: &str, message: &str) -> String {
    let message = message.strip_prefix("error: ").unwrap_or(message);
    let place = message.lines().find_map(|line| {
        let rest = line.trim_start().strip_prefix("--> ")?;
        let mut parts = rest.rsplitn(3, ':');
        let _column = parts.next()?;
        let line = parts.next()?;
        let name = parts.next()?;
        Some((name.to_owned(), line.to_owned()))
    });
    let first = message.lines().next().unwrap_or(message);
    match place {
        Some((name, line)) => {
            let rest: Vec<&str> = message.lines().skip(1).collect();
            format!(
                "in {folder}/{name}, line {line}: {first}\n{}",
                rest.join("\n")
            )
        }
        None => format!("in the templates of {folder}: {message}"),
    }
}

/// A tera error in words: the template, where, and what went wrong, from
/// the error and every error it wraps.
pub(super) fn describe_error(error: &tera::Error) -> String {
    let mut parts = vec![error.to_string()];
    let mut source = error.source();
    while let Some(inner) = source {
        let text = inner.to_string();
        if !parts.contains(&text) {
            parts.push(text);
        }
        source = inner.source();
    }
    parts.join(": ")
}
