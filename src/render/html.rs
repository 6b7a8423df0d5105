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
        Some(result) => attach_primes(&result.mathml),
        None => format!(
            "<code class=\"math-error\">{}</code>",
            super::escape::html(latex)
        ),
    }
}

/// Primes written as superscripts (`<msup>X<mo>′</mo></msup>`, what
/// math-core makes of `X'`) set next to their base instead.
///
/// The prime glyph of a math font already sits high, so Chromium, which
/// raises a superscript again, draws it as a detached tick above and to the
/// right of the symbol; in an `mrow` it attaches as `σ′` does in print.
fn attach_primes(mathml: &str) -> String {
    const PRIMES: [&str; 3] = [
        "<mo>′</mo></msup>",
        "<mo>″</mo></msup>",
        "<mo>‴</mo></msup>",
    ];
    let mut out = String::with_capacity(mathml.len());
    // Byte offsets in `out` of the `<msup>` tags still open.
    let mut open: Vec<usize> = Vec::new();
    let mut rest = mathml;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if rest.starts_with("<msup>") {
            open.push(out.len());
            out.push_str("<msup>");
            rest = &rest["<msup>".len()..];
        } else if let Some(prime) = PRIMES.iter().find(|p| rest.starts_with(**p)) {
            let start = open.pop();
            let tag = prime.len() - "</msup>".len();
            out.push_str(&prime[..tag]);
            match start {
                Some(start) => {
                    out.replace_range(start..start + "<msup>".len(), "<mrow>");
                    out.push_str("</mrow>");
                }
                None => out.push_str("</msup>"),
            }
            rest = &rest[prime.len()..];
        } else if rest.starts_with("</msup>") {
            open.pop();
            out.push_str("</msup>");
            rest = &rest["</msup>".len()..];
        } else {
            out.push('<');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
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

#[cfg(test)]
mod tests {
    use super::attach_primes;

    #[test]
    fn primes_attach_to_their_base() {
        assert_eq!(
            attach_primes("<msup><mi>σ</mi><mo>′</mo></msup><mo>=</mo>"),
            "<mrow><mi>σ</mi><mo>′</mo></mrow><mo>=</mo>"
        );
        // Nested: only the primed superscript changes.
        assert_eq!(
            attach_primes(
                "<msup><mi>x</mi><mn>2</mn></msup><msup><mrow><msup><mi>a</mi><mn>2</mn></msup></mrow><mo>″</mo></msup>"
            ),
            "<msup><mi>x</mi><mn>2</mn></msup><mrow><mrow><msup><mi>a</mi><mn>2</mn></msup></mrow><mo>″</mo></mrow>"
        );
        assert_eq!(attach_primes("<mi>a</mi> < b"), "<mi>a</mi> < b");
    }
}
