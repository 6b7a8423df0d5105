//! The author's own templates: `longhand templates export DIR` writes the
//! built-in ones, and `--templates DIR` renders with an edited copy (a file
//! missing from DIR falls back to the built-in one). A template error names
//! the file, the line and what went wrong.

use std::error::Error as _;
use std::sync::OnceLock;

use super::markdown::{Engines, builtin_templates, engines};
use super::RenderError;

/// The engines built from the author's templates, once set.
static CUSTOM: OnceLock<Engines> = OnceLock::new();

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
    builtin_templates().into_iter().map(|(name, _)| name).collect()
}

/// Renders every later report of this process with these templates
/// (file name, text) in place of the built-in ones of the same name.
/// `folder` names where they came from, for error messages.
///
/// # Errors
/// A template that does not parse, named with its folder, line and problem.
pub fn use_templates(folder: &str, templates: &[(String, String)]) -> Result<(), RenderError> {
    let built = engines(templates).map_err(|e| RenderError(format!("{folder}/{e}")))?;
    // Set once per process; a second call keeps the first set.
    let _ = CUSTOM.set(built);
    Ok(())
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
