//! HTML: the Markdown report through pulldown-cmark, with every `$…$` and
//! `$$…$$` turned into MathML (math-core) so the page needs no script and
//! no network to show its formulas.

use std::sync::LazyLock;

use math_core::{LatexToMathML, MathCoreConfig, MathDisplay};
use pulldown_cmark::{Event, Options, Parser, html};
use serde::Serialize;

use super::markdown::{RenderError, render};
use super::view::ReportView;

/// The one set of Markdown options (math and tables on).
pub fn options() -> Options {
    Options::ENABLE_MATH | Options::ENABLE_TABLES
}

static CONVERTER: LazyLock<Option<LatexToMathML>> =
    LazyLock::new(|| LatexToMathML::new(MathCoreConfig::default()).ok());

/// MathML for one formula; a formula math-core cannot read is shown as
/// escaped TeX in a marked span rather than dropped.
fn mathml(latex: &str, display: MathDisplay) -> String {
    let converted = CONVERTER
        .as_ref()
        .and_then(|c| c.convert_with_local_state(latex, display).ok());
    match converted {
        Some(result) => result.mathml,
        None => format!(
            "<code class=\"math-error\">{}</code>",
            super::escape::html(latex)
        ),
    }
}

/// The body of the page: Markdown to HTML with MathML formulas.
pub fn body(markdown: &str) -> String {
    let events = Parser::new_ext(markdown, options()).map(|event| match event {
        Event::InlineMath(latex) => Event::InlineHtml(mathml(&latex, MathDisplay::Inline).into()),
        Event::DisplayMath(latex) => Event::Html(mathml(&latex, MathDisplay::Block).into()),
        other => other,
    });
    let mut out = String::with_capacity(markdown.len() * 3);
    html::push_html(&mut out, events);
    out
}

#[derive(Serialize)]
struct Page<'a> {
    title: &'a str,
    source_name: &'a str,
    regenerate: &'a str,
    body: String,
}

/// The whole HTML page of a report.
///
/// # Errors
/// A [`RenderError`] if the page template is broken.
pub fn page(view: &ReportView, markdown: &str) -> Result<String, RenderError> {
    // The Markdown starts with an HTML comment naming the source; the page template has its own.
    let content = markdown
        .split_once("-->\n")
        .map_or(markdown, |(_, rest)| rest);
    let body = body(content);
    let page = Page {
        title: &view.title,
        source_name: &view.source_name,
        regenerate: &view.regenerate,
        body,
    };
    render("page.html", "page", &page)
}

/// A page around any Markdown report (the sensitivity report): its
/// leading generated-by comment is dropped, as [`page`] does.
///
/// # Errors
/// A [`RenderError`] if the page template is broken.
pub fn standalone(
    title: &str,
    source_name: &str,
    regenerate: &str,
    markdown: &str,
) -> Result<String, RenderError> {
    let content = markdown
        .split_once("-->\n")
        .map_or(markdown, |(_, rest)| rest);
    let page = Page {
        title,
        source_name,
        regenerate,
        body: body(content),
    };
    render("page.html", "page", &page)
}

/// Every formula of a Markdown text that math-core cannot convert (for tests).
pub fn unreadable_formulas(markdown: &str) -> Vec<String> {
    Parser::new_ext(markdown, options())
        .filter_map(|event| match event {
            Event::InlineMath(latex) => Some((latex, MathDisplay::Inline)),
            Event::DisplayMath(latex) => Some((latex, MathDisplay::Block)),
            _ => None,
        })
        .filter(|(latex, display)| {
            CONVERTER
                .as_ref()
                .is_none_or(|c| c.convert_with_local_state(latex, *display).is_err())
        })
        .map(|(latex, _)| latex.to_string())
        .collect()
}
