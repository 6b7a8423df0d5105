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
//! - LaTeX running text (the LaTeX document is made from the Markdown, and
//!   its text events pass through [`latex`]).
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
///
/// A hyphen that is a number's sign (`-0.0062`: at the start, after a space
/// or an opening bracket, before a digit) becomes the minus sign U+2212, so
/// numbers in prose and tables carry the same minus as the equations.
pub fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    let mut previous = ' ';
    while let Some(c) = chars.next() {
        let sign = c == '-'
            && (previous.is_whitespace() || matches!(previous, '(' | '['))
            && chars.peek().is_some_and(char::is_ascii_digit);
        previous = c;
        match c {
            _ if sign => out.push('\u{2212}'),
            // `#` too: a heading's closing run of `#` would be dropped.
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '$' | '&' | '|' | '~' | '#' => {
                out.push('\\');
                out.push(c);
            }
            c if breaks_lines(c) => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// An author's note (Markdown from the file) as Markdown that is safe to
/// place in a report: paragraphs, emphasis, strong text, code spans, lists
/// and web links are kept; everything else — raw HTML, math, headings,
/// images, raw LaTeX blocks — arrives as literal text, escaped by
/// [`markdown`], so nothing in a note can reach HTML or LaTeX as markup.
pub fn note(text: &str) -> String {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut out = String::with_capacity(text.len() + 16);
    let mut links: Vec<Option<String>> = Vec::new();
    let mut lists: Vec<Option<u64>> = Vec::new();
    let mut in_code = false;
    let start_block = |out: &mut String| {
        if !out.is_empty() && !out.ends_with("\n\n") {
            out.push_str(if out.ends_with('\n') { "\n" } else { "\n\n" });
        }
    };
    for event in Parser::new(text) {
        match event {
            Event::Start(Tag::Paragraph | Tag::BlockQuote(_)) if lists.is_empty() => {
                start_block(&mut out);
            }
            Event::Start(Tag::Heading { .. }) => {
                start_block(&mut out);
                out.push_str("**");
            }
            Event::End(TagEnd::Heading(_)) => out.push_str("**"),
            Event::Start(Tag::CodeBlock(_)) => {
                start_block(&mut out);
                in_code = true;
            }
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Start(Tag::List(first)) => {
                if lists.is_empty() {
                    start_block(&mut out);
                }
                lists.push(first);
            }
            Event::End(TagEnd::List(_)) => {
                lists.pop();
            }
            Event::Start(Tag::Item) => {
                if !out.is_empty() && !out.ends_with('\n') {
                    out.push('\n');
                }
                out.push_str(&"  ".repeat(lists.len().saturating_sub(1)));
                match lists.last_mut() {
                    Some(Some(n)) => {
                        out.push_str(&format!("{n}. "));
                        *n += 1;
                    }
                    _ => out.push_str("- "),
                }
            }
            Event::Start(Tag::Emphasis) | Event::End(TagEnd::Emphasis) => out.push('*'),
            Event::Start(Tag::Strong) | Event::End(TagEnd::Strong) => out.push_str("**"),
            Event::Start(Tag::Link { dest_url, .. }) => {
                let safe = ["https://", "http://", "mailto:"]
                    .iter()
                    .any(|scheme| dest_url.starts_with(scheme));
                if safe {
                    out.push('[');
                }
                links.push(safe.then(|| dest_url.to_string()));
            }
            Event::End(TagEnd::Link) => {
                if let Some(Some(url)) = links.pop() {
                    out.push_str("](<");
                    for byte in url.bytes() {
                        if byte.is_ascii_graphic() && !b"<>\\`".contains(&byte) {
                            out.push(char::from(byte));
                        } else {
                            out.push_str(&format!("%{byte:02X}"));
                        }
                    }
                    out.push_str(">)");
                }
            }
            Event::Code(code) => out.push_str(&code_span(&code)),
            Event::Text(text) if in_code => {
                for line in text.lines().filter(|l| !l.trim().is_empty()) {
                    out.push_str(&code_span(line));
                    out.push_str("  \n");
                }
            }
            Event::Text(text) | Event::Html(text) | Event::InlineHtml(text) => {
                let at_line_start = out.is_empty() || out.ends_with('\n') || out.ends_with("- ");
                let escaped = markdown(&text);
                // A line must not start a list, a quote or a heading by itself.
                if at_line_start && escaped.starts_with(['-', '+', '=']) {
                    out.push('\\');
                }
                let digits = escaped.len()
                    - escaped
                        .trim_start_matches(|c: char| c.is_ascii_digit())
                        .len();
                if at_line_start && digits > 0 && escaped[digits..].starts_with(['.', ')']) {
                    out.push_str(&escaped[..digits]);
                    out.push('\\');
                    out.push_str(&escaped[digits..]);
                } else {
                    out.push_str(&escaped);
                }
            }
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            _ => {}
        }
    }
    out.trim_end().to_owned()
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

/// Text for a LaTeX document, safe in running text, headings, table cells
/// and `\texttt{…}` under both pdfLaTeX (T1, UTF-8) and LuaLaTeX (fontspec).
///
/// - The ten special characters become commands (`\&`, `\textbackslash{}`, …).
/// - `--`, `''`, ` `` ` and `<<` are kept apart so TeX's ligatures do not turn them
///   into dashes and quotes the author did not write.
/// - Latin letters with accents (U+00A0–U+017F) stay as they are, except
///   the few the T1 encoding lacks; typographic dashes, quotes, the minus
///   sign, Greek letters and a few symbols become their LaTeX commands.
/// - Any other character (CJK, emoji, control characters) is written as its
///   code point, `[U+4E2D]` in typewriter type, so the document compiles
///   with every engine and nothing is silently dropped.
pub fn latex(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut previous = '\0';
    for ch in text.chars() {
        // Ligatures: `--`, `''`, "``", `<<`, `>>`, `,,`, `!``, `?``.
        if matches!(
            (previous, ch),
            ('-', '-') | ('\'', '\'') | ('`', '`') | (',', ',') | ('!' | '?', '`')
        ) {
            out.push_str("{}");
        }
        push_latex(&mut out, ch);
        previous = ch;
    }
    out
}

/// The escape function tera uses for `.tex` templates.
pub(super) fn latex_into(text: &str, out: &mut dyn Write) -> std::io::Result<()> {
    out.write_all(latex(text).as_bytes())
}

fn push_latex(out: &mut String, ch: char) {
    let replacement = match ch {
        '\\' => "\\textbackslash{}",
        '{' => "\\{",
        '}' => "\\}",
        '$' => "\\$",
        '&' => "\\&",
        '#' => "\\#",
        '%' => "\\%",
        '_' => "\\_",
        '^' => "\\textasciicircum{}",
        '~' => "\\textasciitilde{}",
        '<' => "\\textless{}",
        '>' => "\\textgreater{}",
        '|' => "\\textbar{}",
        '"' => "\\textquotedbl{}",
        '`' => "\\textasciigrave{}",
        '\n' | '\r' | '\t' => " ",
        '\u{a0}' => "~",
        '\u{2013}' => "--",
        '\u{2014}' => "---",
        '\u{2018}' => "`",
        '\u{2019}' => "'",
        '\u{201c}' => "``",
        '\u{201d}' => "''",
        '\u{2026}' => "\\ldots{}",
        '\u{2212}' => "\\ensuremath{-}",
        '\u{00d7}' => "\\ensuremath{\\times}",
        '\u{00f7}' => "\\ensuremath{\\div}",
        '\u{00b7}' | '\u{22c5}' => "\\ensuremath{\\cdot}",
        '\u{2032}' => "\\ensuremath{'}",
        '\u{2192}' => "\\ensuremath{\\rightarrow}",
        '\u{2190}' => "\\ensuremath{\\leftarrow}",
        '\u{2248}' => "\\ensuremath{\\approx}",
        '\u{2264}' => "\\ensuremath{\\le}",
        '\u{2265}' => "\\ensuremath{\\ge}",
        '\u{2260}' => "\\ensuremath{\\ne}",
        '\u{221e}' => "\\ensuremath{\\infty}",
        '\u{2202}' => "\\ensuremath{\\partial}",
        '\u{2207}' => "\\ensuremath{\\nabla}",
        '\u{2211}' => "\\ensuremath{\\sum}",
        '\u{2299}' => "\\ensuremath{\\odot}",
        '\u{1d4db}' => "\\ensuremath{\\mathcal{L}}",
        _ => {
            if let Some(name) = greek(ch) {
                out.push_str("\\ensuremath{\\");
                out.push_str(name);
                out.push('}');
            } else if let Some(digit) = subscript_digit(ch) {
                out.push_str("\\textsubscript{");
                out.push(digit);
                out.push('}');
            } else if is_t1_text(ch) {
                out.push(ch);
            } else {
                out.push_str(&format!("\\texttt{{[U+{:04X}]}}", u32::from(ch)));
            }
            return;
        }
    };
    out.push_str(replacement);
}

/// Printable ASCII and the accented Latin letters the T1 encoding has.
fn is_t1_text(ch: char) -> bool {
    match u32::from(ch) {
        0x20..=0x7e => true,
        // Latin-1 Supplement and Latin Extended-A, less the letters T1
        // lacks (Ħ ħ ĸ Ŀ ŀ ŉ Ŧ ŧ ſ: pdfLaTeX stops at them).
        0xa1..=0x17f => !matches!(
            u32::from(ch),
            0x126 | 0x127 | 0x138 | 0x13f | 0x140 | 0x149 | 0x166 | 0x167 | 0x17f
        ),
        _ => false,
    }
}

fn greek(ch: char) -> Option<&'static str> {
    const LOWER: [&str; 25] = [
        "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
        "lambda", "mu", "nu", "xi", "o", "pi", "rho", "varsigma", "sigma", "tau", "upsilon", "phi",
        "chi", "psi", "omega",
    ];
    const UPPER: [(char, &str); 10] = [
        ('Γ', "Gamma"),
        ('Δ', "Delta"),
        ('Θ', "Theta"),
        ('Λ', "Lambda"),
        ('Ξ', "Xi"),
        ('Π', "Pi"),
        ('Σ', "Sigma"),
        ('Φ', "Phi"),
        ('Ψ', "Psi"),
        ('Ω', "Omega"),
    ];
    let code = u32::from(ch);
    if (0x3b1..=0x3c9).contains(&code) {
        let name = LOWER[(code - 0x3b1) as usize];
        // There is no omicron command: an italic o looks the same.
        return Some(if name == "o" { "mathit{o}" } else { name });
    }
    UPPER.iter().find(|(c, _)| *c == ch).map(|(_, name)| *name)
}

fn subscript_digit(ch: char) -> Option<char> {
    let code = u32::from(ch);
    (0x2080..=0x2089)
        .contains(&code)
        .then(|| char::from_digit(code - 0x2080, 10))
        .flatten()
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
        assert_eq!(
            markdown("0.0956 -0.0098 10.25%"),
            "0.0956 \u{2212}0.0098 10.25%"
        );
    }

    #[test]
    fn only_a_sign_becomes_a_minus() {
        assert_eq!(
            markdown("-1 (-2) [-3]"),
            "\u{2212}1 (\u{2212}2) \\[\u{2212}3\\]"
        );
        // A hyphen inside a word or a range, or before a letter, stays.
        assert_eq!(markdown("2-2-1 x-1 -a --5"), "2-2-1 x-1 -a --5");
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

    #[test]
    fn specials_become_commands() {
        assert_eq!(
            latex(r"50% of $x_1 & {y} #2 \ ^ ~"),
            r"50\% of \$x\_1 \& \{y\} \#2 \textbackslash{} \textasciicircum{} \textasciitilde{}"
        );
    }

    #[test]
    fn ligatures_are_kept_apart() {
        assert_eq!(latex("a--b ''c''"), "a-{}-b '{}'c'{}'");
    }

    #[test]
    fn unicode_is_mapped_or_named() {
        assert_eq!(latex("Ünïcode — title"), "Ünïcode --- title");
        assert_eq!(latex("σ′"), "\\ensuremath{\\sigma}\\ensuremath{'}");
        assert_eq!(latex("中"), "\\texttt{[U+4E2D]}");
        assert_eq!(latex("x₁"), "x\\textsubscript{1}");
        assert_eq!(latex("ħ"), "\\texttt{[U+0127]}");
    }
}
