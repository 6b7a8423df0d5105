//! Escaping, in one place: every string that comes from a file, a file
//! name or the command line is escaped here for the context it lands in.
//!
//! - Markdown prose: [`markdown`] is the escape function of the Markdown
//!   templates (tera autoescapes every `{{ … }}` of a `.md` template with
//!   it; longhand's own Markdown and LaTeX fragments are marked `| safe`).
//!   A name inside a code span goes through [`code_span`] instead.
//! - HTML text and double-quoted attributes, and SVG/XML written by hand:
//!   [`html`] (pulldown-cmark's escaper), also the escape function of the
//!   HTML templates.
//! - The inside of an HTML comment: [`comment`].
//!
//! Nothing else in the crate replaces `<` or `&` by hand.

use std::io::Write;

/// Text for HTML element content or a double-quoted attribute value (also
/// SVG and XML): `&`, `<`, `>` and `"` become entities.
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Writing into a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut out, text);
    out
}

/// The escape function tera uses for `.html` templates.
pub(super) fn html_into(text: &str, out: &mut dyn Write) -> std::io::Result<()> {
    out.write_all(html(text).as_bytes())
}

/// Whether a character is a line break or another control character, which
/// in Markdown prose could end a heading or a table row.
fn breaks_lines(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')
}

/// Text for Markdown prose (a heading, a paragraph, a table cell): every
/// character that could start markup — raw HTML, an entity, emphasis, a
/// link, a code span, math, a table cell border — is backslash-escaped, and
/// line breaks and control characters become spaces, so the text reads
/// literally in Markdown and in everything made from it (HTML, LaTeX).
pub fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '$' | '&' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c if breaks_lines(c) => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The escape function tera uses for `.md` templates.
pub(super) fn markdown_into(text: &str, out: &mut dyn Write) -> std::io::Result<()> {
    out.write_all(markdown(text).as_bytes())
}

/// A Markdown code span holding `text` literally: fenced with one more
/// backtick than the longest run inside it (CommonMark), padded with a
/// space when the text starts or ends with a backtick.
pub fn code_span(text: &str) -> String {
    let text: String = text
        .chars()
        .map(|c| if breaks_lines(c) { ' ' } else { c })
        .collect();
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// Text for the inside of an HTML comment (`<!-- … -->`). A comment ends
/// at `-->` (or `--!>`), and Markdown ends a comment block at the first
/// line holding `-->`, so a `>` after `--` becomes a look-alike (U+203A),
/// as does every `<` (no `<!--` inside); hyphens stay, so a command such as
/// `longhand render x.net --format html` reads as written.
pub fn comment(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '>' if out.ends_with("--") || out.ends_with("--!") => out.push('\u{203A}'),
            '<' => out.push('\u{2039}'),
            c if breaks_lines(c) => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_neutralises_markup_and_line_breaks() {
        assert_eq!(
            markdown("<img src=x onerror=alert(1)>"),
            "\\<img src=x onerror=alert(1)\\>"
        );
        assert_eq!(markdown("a\nb\r\u{2028}c"), "a b  c");
        assert_eq!(markdown("$x$ & *y*"), "\\$x\\$ \\& \\*y\\*");
        assert_eq!(markdown("0.0956 -0.0098 10.25%"), "0.0956 -0.0098 10.25%");
    }

    #[test]
    fn code_spans_hold_backticks() {
        assert_eq!(code_span("hidden"), "`hidden`");
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(code_span("`x"), "`` `x ``");
    }

    #[test]
    fn html_escapes_text_and_attributes() {
        assert_eq!(
            html("<a href=\"x\">&</a>"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;"
        );
    }

    #[test]
    fn comments_cannot_be_closed_from_inside() {
        let text = comment("x-->y<!--z --!> --format");
        assert!(!text.contains("-->") && !text.contains("--!>") && !text.contains('<'));
        assert!(text.ends_with(" --format"));
    }
}
