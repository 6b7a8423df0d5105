//! Markdown through tera: the templates are embedded in the binary, so
//! longhand renders from any folder.

use std::sync::LazyLock;

use tera::{Context, Tera};

use super::view::ReportView;

/// The templates, by name. Partials start with `_`.
const TEMPLATES: [(&str, &str); 6] = [
    ("report.md", include_str!("../../templates/report.md")),
    ("_part.md", include_str!("../../templates/_part.md")),
    ("_lines.md", include_str!("../../templates/_lines.md")),
    ("page.html", include_str!("../../templates/page.html")),
    ("document.tex", include_str!("../../templates/document.tex")),
    (
        "sensitivity.md",
        include_str!("../../templates/sensitivity.md"),
    ),
];

/// The one template engine, built once.
static ENGINE: LazyLock<Result<Tera, String>> = LazyLock::new(|| {
    let mut tera = Tera::default();
    tera.add_raw_templates(TEMPLATES)
        .map_err(|e| e.to_string())?;
    Ok(tera)
});

/// A template failed to render (a bug in a template, not in the input).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("template error: {0}")]
pub struct RenderError(pub String);

/// Renders a template with one value in its context.
pub(super) fn render(
    template: &str,
    name: &'static str,
    value: &impl serde::Serialize,
) -> Result<String, RenderError> {
    let tera = ENGINE.as_ref().map_err(|e| RenderError(e.clone()))?;
    let mut context = Context::new();
    context.insert(name, value);
    tera.render(template, &context)
        .map_err(|e| RenderError(format!("{e:?}")))
}

/// The Markdown report.
///
/// # Errors
/// A [`RenderError`] if a template is broken.
pub fn markdown(view: &ReportView) -> Result<String, RenderError> {
    let text = render("report.md", "report", view)?;
    Ok(tidy(&text))
}

/// Collapses runs of blank lines left by template control flow and ends
/// the file with exactly one newline.
pub(super) fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            if blank > 1 {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    let trimmed = out.trim_end_matches('\n');
    format!("{}\n", trimmed.trim_start_matches('\n'))
}
