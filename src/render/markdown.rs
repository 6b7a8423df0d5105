//! Markdown through tera: the templates are embedded in the binary, so
//! longhand renders from any folder.

use std::sync::LazyLock;

use tera::{Context, Tera};

use super::view::ReportView;

/// The Markdown templates, by name. Partials start with `_`. Every
/// `{{ … }}` in them is escaped for Markdown prose
/// ([`super::escape::markdown`]) unless marked `| safe` (Markdown and LaTeX
/// made by longhand itself) or written through `| code` (a code span).
const MARKDOWN_TEMPLATES: [(&str, &str); 6] = [
    ("report.md", include_str!("../../templates/report.md")),
    ("sheet.md", include_str!("../../templates/sheet.md")),
    ("_part.md", include_str!("../../templates/_part.md")),
    ("_lines.md", include_str!("../../templates/_lines.md")),
    ("_display.md", include_str!("../../templates/_display.md")),
    (
        "sensitivity.md",
        include_str!("../../templates/sensitivity.md"),
    ),
];

/// The HTML templates, escaped for HTML ([`super::escape::html`]).
const HTML_TEMPLATES: [(&str, &str); 1] =
    [("page.html", include_str!("../../templates/page.html"))];

/// The LaTeX templates, escaped for LaTeX running text
/// ([`super::escape::latex`]); the body (made from escaped Markdown) is `| safe`.
const TEX_TEMPLATES: [(&str, &str); 1] =
    [("document.tex", include_str!("../../templates/document.tex"))];

/// A template engine whose every template autoescapes with `escape`.
fn engine(
    templates: &[(&str, &str)],
    suffix: &'static str,
    escape: tera::EscapeFn,
) -> Result<Tera, String> {
    let mut tera = Tera::default();
    tera.autoescape_on([suffix]);
    tera.set_escape_fn(escape);
    tera.register_filter("code", |text: &str, _: tera::Kwargs, _: &tera::State| {
        tera::Value::safe_string(&super::escape::code_span(text))
    });
    tera.register_filter("comment", |text: &str, _: tera::Kwargs, _: &tera::State| {
        tera::Value::safe_string(&super::escape::comment(text))
    });
    tera.add_raw_templates(templates.iter().copied())
        .map_err(|e| super::templates::describe_error(&e))?;
    Ok(tera)
}

/// The engines, built once, one per output language.
pub(super) struct Engines {
    markdown: Tera,
    html: Tera,
    tex: Tera,
}

static ENGINES: LazyLock<Result<Engines, String>> = LazyLock::new(|| engines(&[]));

/// Every built-in template: (file name, text).
pub(super) fn builtin_templates() -> Vec<(&'static str, &'static str)> {
    MARKDOWN_TEMPLATES
        .iter()
        .chain(HTML_TEMPLATES.iter())
        .chain(TEX_TEMPLATES.iter())
        .copied()
        .collect()
}

/// The engines with the built-in templates, each replaced by the override
/// of the same name when there is one.
pub(super) fn engines(overrides: &[(String, String)]) -> Result<Engines, String> {
    let pick = |builtin: &[(&'static str, &'static str)]| -> Vec<(&'static str, String)> {
        builtin
            .iter()
            .map(|(name, text)| {
                let text = overrides
                    .iter()
                    .find(|(n, _)| n == name)
                    .map_or_else(|| (*text).to_owned(), |(_, t)| t.clone());
                (*name, text)
            })
            .collect()
    };
    let build = |builtin: &[(&'static str, &'static str)], suffix, escape| {
        let owned = pick(builtin);
        let borrowed: Vec<(&str, &str)> = owned.iter().map(|(n, t)| (*n, t.as_str())).collect();
        engine(&borrowed, suffix, escape)
    };
    Ok(Engines {
        markdown: build(&MARKDOWN_TEMPLATES, ".md", super::escape::markdown_into)?,
        html: build(&HTML_TEMPLATES, ".html", super::escape::html_into)?,
        tex: build(&TEX_TEMPLATES, ".tex", super::escape::latex_into)?,
    })
}

/// A template failed to render, or a report could not be serialised (a
/// bug in longhand, not in the input).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("template error: {0}")]
pub struct RenderError(pub String);

/// Renders a template with one value in its context.
pub(super) fn render(
    template: &str,
    name: &'static str,
    value: &impl serde::Serialize,
) -> Result<String, RenderError> {
    let engines = match super::templates::custom() {
        Some(engines) => engines,
        None => ENGINES.as_ref().map_err(|e| RenderError(e.clone()))?,
    };
    let tera = if template.ends_with(".html") {
        &engines.html
    } else if template.ends_with(".tex") {
        &engines.tex
    } else {
        &engines.markdown
    };
    let mut context = Context::new();
    context.insert(name, value);
    tera.render(template, &context)
        .map_err(|e| RenderError(super::templates::render_error(&e)))
}

/// Pretty JSON ending with a line break.
///
/// # Errors
/// A [`RenderError`] if the value cannot be serialised (a bug in longhand).
pub(super) fn pretty_json(value: &impl serde::Serialize) -> Result<String, RenderError> {
    let mut text = serde_json::to_string_pretty(value)
        .map_err(|e| RenderError(format!("cannot write the JSON report: {e}")))?;
    text.push('\n');
    Ok(text)
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
