//! LaTeX: the Markdown report read by pulldown-cmark and written out as a
//! LaTeX document, so the prose lives once, in the Markdown templates.
//!
//! - headings become unnumbered sections (the steps carry their own
//!   numbers); in a standalone document the `#` title is set as a title;
//! - paragraphs, emphasis, lists, inline code (`\texttt`) are written with
//!   every piece of text escaped ([`super::escape::latex`]);
//! - tables become booktabs tables that may run over pages (`longtable`),
//!   with wrapped columns (`xltabular`) when they would be wider than the
//!   text (`latex_table.rs`);
//! - inline math passes through; display math becomes `align*`, an
//!   `aligned` block becoming its rows;
//! - fenced ```` ```{=latex} ```` blocks (figures) are copied as they are;
//!   HTML comments become `%` comments.

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Parser, Tag, TagEnd};

use super::escape;
use super::html::options;
use super::latex_table::Table;
use super::markdown::{RenderError, render};
use crate::derivation::layout;

/// Whether the document stands alone or is a body for `\input{}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A whole `article` with its preamble.
    Standalone,
    /// The body only, for a chapter of a book: the title is a section.
    Fragment,
}

/// The LaTeX of a Markdown report.
///
/// # Errors
/// A [`RenderError`] if the document template is broken.
///
/// `footer`, when given, is printed at the foot of every page of a
/// standalone document beside the page number (an exercise variant's id,
/// so that a loose page can be matched to its sheet); a fragment leaves
/// the page style to the document it goes into.
pub fn document(markdown: &str, shape: Shape, footer: Option<&str>) -> Result<String, RenderError> {
    let (comment, content) = match markdown.split_once("-->\n") {
        Some((comment, rest)) if comment.starts_with("<!--") => (comment, rest),
        _ => ("", markdown),
    };
    let body = body(content, shape);
    let comment = comment
        .trim_start_matches("<!--")
        .trim()
        .lines()
        .map(|line| format!("% {line}"))
        .collect::<Vec<_>>()
        .join("\n");
    if shape == Shape::Fragment {
        let needs =
            "% Needs in the preamble: \\usepackage{amsmath,booktabs,longtable,xltabular,tikz}.";
        return Ok(format!("{comment}\n{needs}\n\n{body}"));
    }
    #[derive(serde::Serialize)]
    struct Document<'a> {
        comment: &'a str,
        body: String,
        footer: Option<&'a str>,
    }
    render(
        "document.tex",
        "document",
        &Document {
            comment: &comment,
            body,
            footer,
        },
    )
}

/// The LaTeX of a Markdown text (no preamble).
pub fn body(markdown: &str, shape: Shape) -> String {
    let mut writer = Writer {
        shape,
        out: String::with_capacity(markdown.len() * 2),
        table: None,
        cell: String::new(),
        lists: Vec::new(),
        raw: None,
        attach: false,
        display_only: false,
        displays: Vec::new(),
        displays_attach: false,
    };
    for event in Parser::new_ext(markdown, options()) {
        writer.event(event);
    }
    writer.flush_displays();
    let mut out = writer.out.trim_end().to_owned();
    out.push('\n');
    // Blank lines left by events that write nothing collapse to one.
    while out.contains("\n\n\n") {
        out = out.replace("\n\n\n", "\n\n");
    }
    out
}

/// A fenced block being copied: raw LaTeX, or code shown verbatim.
enum Raw {
    Latex,
    Verbatim,
}

struct Writer {
    shape: Shape,
    out: String,
    /// The table being collected, if inside one.
    table: Option<Table>,
    /// The text of the table cell being collected.
    cell: String,
    /// Open lists: `true` when numbered.
    lists: Vec<bool>,
    raw: Option<Raw>,
    /// Whether a display may join the paragraph just ended: a display that
    /// starts a paragraph of its own would leave an empty line above it.
    attach: bool,
    /// Whether the current paragraph holds only display math.
    display_only: bool,
    /// Displays waiting to be set together, aligned at their relations.
    displays: Vec<String>,
    /// Whether the first of them joins the paragraph before.
    displays_attach: bool,
}

impl Writer {
    /// Where text goes: the current table cell, or the document.
    fn sink(&mut self) -> &mut String {
        if self.table.is_some() {
            &mut self.cell
        } else {
            &mut self.out
        }
    }

    fn push(&mut self, text: &str) {
        self.sink().push_str(text);
    }

    fn event(&mut self, event: Event<'_>) {
        let keeps_displays = match &event {
            Event::DisplayMath(_) | Event::Start(Tag::Paragraph) | Event::SoftBreak => true,
            Event::End(TagEnd::Paragraph) => self.display_only,
            _ => false,
        };
        if !keeps_displays {
            self.flush_displays();
        }
        match &event {
            Event::DisplayMath(_) | Event::End(TagEnd::Paragraph) | Event::SoftBreak => {}
            Event::Start(Tag::Paragraph) => self.display_only = true,
            _ => self.display_only = false,
        }
        if !matches!(event, Event::DisplayMath(_) | Event::Start(Tag::Paragraph)) {
            self.attach = false;
        }
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => match self.raw {
                Some(Raw::Latex | Raw::Verbatim) => self.push(&text),
                None => self.push(&long_numbers(&minus_signs(&escape::latex(&text)))),
            },
            Event::Code(code) => {
                let text = format!("\\texttt{{{}}}", code_text(&code));
                self.push(&text);
            }
            Event::InlineMath(math) => {
                let text = format!("${math}$");
                self.push(&text);
            }
            Event::DisplayMath(math) => {
                if self.displays.is_empty() {
                    self.displays_attach = self.attach && self.table.is_none();
                }
                self.displays.push(math.to_string());
            }
            Event::Html(html) | Event::InlineHtml(html) => self.html(&html),
            Event::SoftBreak => self.push("\n"),
            Event::HardBreak => self.push("\\\\\n"),
            Event::Rule => self.push("\n\\medskip\\hrule\\medskip\n\n"),
            Event::FootnoteReference(_) | Event::TaskListMarker(_) => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Heading { level, .. } => {
                let opening = heading(level, self.shape);
                self.push(opening);
            }
            Tag::Paragraph => {}
            Tag::Emphasis => self.push("\\emph{"),
            Tag::Strong => self.push("\\textbf{"),
            Tag::List(first) => {
                self.lists.push(first.is_some());
                let env = if first.is_some() {
                    "enumerate"
                } else {
                    "itemize"
                };
                self.push(&format!("\\begin{{{env}}}\n"));
            }
            Tag::Item => self.push("\\item "),
            Tag::Table(alignments) => self.table = Some(Table::new(alignments)),
            Tag::TableHead | Tag::TableRow | Tag::TableCell => self.cell.clear(),
            Tag::CodeBlock(CodeBlockKind::Fenced(info)) if info.as_ref() == "{=latex}" => {
                self.raw = Some(Raw::Latex);
            }
            Tag::CodeBlock(_) => {
                self.raw = Some(Raw::Verbatim);
                self.push("\\begin{verbatim}\n");
            }
            Tag::BlockQuote(_) => self.push("\\begin{quote}\n"),
            Tag::Link { .. }
            | Tag::Image { .. }
            | Tag::HtmlBlock
            | Tag::FootnoteDefinition(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::MetadataBlock(_) => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(level) => {
                let closing = if level == HeadingLevel::H1 && self.shape == Shape::Standalone {
                    "\\par}\n\\bigskip\n\n"
                } else {
                    "}\n\n"
                };
                self.push(closing);
            }
            TagEnd::Paragraph => {
                // Text after a display continues its paragraph, as in print.
                if !self.display_only {
                    self.push("\n\n");
                }
                self.attach = true;
            }
            TagEnd::Emphasis | TagEnd::Strong => self.push("}"),
            TagEnd::List(_) => {
                let numbered = self.lists.pop().unwrap_or(false);
                let env = if numbered { "enumerate" } else { "itemize" };
                self.push(&format!("\\end{{{env}}}\n\n"));
            }
            TagEnd::Item => self.push("\n"),
            TagEnd::TableCell => {
                let cell = std::mem::take(&mut self.cell);
                if let Some(table) = &mut self.table {
                    table.cell(cell.trim().to_owned());
                }
            }
            TagEnd::TableHead | TagEnd::TableRow => {
                if let Some(table) = &mut self.table {
                    table.end_row();
                }
            }
            TagEnd::Table => {
                if let Some(table) = self.table.take() {
                    self.out.push_str(&table.latex());
                    self.out.push_str("\n\n");
                }
            }
            TagEnd::CodeBlock => {
                if let Some(Raw::Verbatim) = self.raw {
                    self.push("\\end{verbatim}\n");
                }
                self.raw = None;
                self.push("\n");
            }
            TagEnd::BlockQuote(_) => self.push("\\end{quote}\n\n"),
            TagEnd::Link
            | TagEnd::Image
            | TagEnd::HtmlBlock
            | TagEnd::FootnoteDefinition
            | TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::MetadataBlock(_) => {}
        }
    }

    /// Sets the waiting displays: consecutive ones share an `align*`,
    /// aligned at their first relation, as long as together they fit the
    /// page; a display that starts right after text joins its paragraph.
    fn flush_displays(&mut self) {
        if self.displays.is_empty() {
            return;
        }
        if self.displays_attach {
            let kept = self.out.trim_end().len();
            self.out.truncate(kept);
            self.out.push('\n');
        }
        let displays = std::mem::take(&mut self.displays);
        let equations: Vec<Vec<(String, String)>> = displays.iter().map(|d| rows(d)).collect();
        let mut text = String::new();
        for group in groups(&equations) {
            let equations: Vec<String> = group
                .iter()
                .map(|rows| {
                    rows.iter()
                        .map(|(left, right)| format!("{left}{right}"))
                        .collect::<Vec<_>>()
                        .join(" \\\\\n")
                })
                .collect();
            text.push_str("\\begin{align*}\n");
            text.push_str(&equations.join(" \\\\[1ex]\n"));
            text.push_str("\n\\end{align*}\n");
        }
        self.push(&text);
    }

    /// HTML comments become `%` comments; other HTML has no LaTeX meaning
    /// (the LaTeX report is made from Markdown with LaTeX figures).
    fn html(&mut self, html: &str) {
        let trimmed = html.trim();
        if let Some(comment) = trimmed
            .strip_prefix("<!--")
            .and_then(|c| c.strip_suffix("-->"))
        {
            let lines: Vec<String> = comment
                .trim()
                .lines()
                .map(|line| format!("% {}\n", line.trim()))
                .collect();
            self.push(&lines.concat());
        }
    }
}

/// The opening of a heading: sections without numbers, one level down in
/// a fragment (its title is a section of the chapter it goes into).
fn heading(level: HeadingLevel, shape: Shape) -> &'static str {
    match (shape, level) {
        (Shape::Standalone, HeadingLevel::H1) => "{\\centering\\LARGE\\bfseries ",
        (Shape::Standalone, HeadingLevel::H2) | (Shape::Fragment, HeadingLevel::H1) => {
            "\\section*{"
        }
        (Shape::Standalone, HeadingLevel::H3) | (Shape::Fragment, HeadingLevel::H2) => {
            "\\subsection*{"
        }
        (Shape::Standalone, HeadingLevel::H4) | (Shape::Fragment, HeadingLevel::H3) => {
            "\\subsubsection*{"
        }
        (_, _) => "\\paragraph*{",
    }
}

/// Inline code in typewriter type, breakable after its underscores.
fn code_text(code: &str) -> String {
    escape::latex(code).replace("\\_", "\\_\\allowbreak{}")
}

/// A hyphen written as the sign of a number (`-0.3290`, ` (-2)`) is set
/// as a minus sign; hyphens inside words and ranges (`2-2-1`) stay.
fn minus_signs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut previous: Option<char> = None;
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        let starts_number = chars
            .peek()
            .is_some_and(|next| next.is_ascii_digit() || *next == '.');
        let at_word_start = previous.is_none_or(|p| p.is_whitespace() || "([{/".contains(p));
        if ch == '-' && starts_number && at_word_start {
            out.push_str("\\ensuremath{-}");
        } else {
            out.push(ch);
        }
        previous = Some(ch);
    }
    out
}

/// A number longer than a table column or a line (30 significant digits
/// print as 32 characters) may break after every fifth digit: TeX never
/// breaks a word of digits by itself, and a line running off the page
/// loses digits where a broken number loses none.
fn long_numbers(text: &str) -> String {
    const LONG: usize = 12;
    let mut out = String::with_capacity(text.len());
    let mut run: Vec<char> = Vec::new();
    let flush = |run: &mut Vec<char>, out: &mut String| {
        let long = run.len() > LONG;
        let mut digits = 0;
        for (index, ch) in run.iter().enumerate() {
            out.push(*ch);
            if ch.is_ascii_digit() {
                digits += 1;
            }
            if long && ch.is_ascii_digit() && digits % 5 == 0 && index + 1 < run.len() {
                out.push_str("\\allowbreak{}");
            }
        }
        run.clear();
    };
    for ch in text.chars() {
        if ch.is_ascii_digit() || (ch == '.' && !run.is_empty()) {
            run.push(ch);
        } else {
            flush(&mut run, &mut out);
            out.push(ch);
        }
    }
    flush(&mut run, &mut out);
    out
}

/// The rows of a display as `(left, right)` around the alignment point
/// (`right` starts with `&`): an `aligned` block's own rows, or one row
/// aligned at its first relation (`right` alone when it has none).
fn rows(math: &str) -> Vec<(String, String)> {
    let trimmed = math.trim();
    if let Some(inner) = trimmed
        .strip_prefix("\\begin{aligned}")
        .and_then(|rest| rest.strip_suffix("\\end{aligned}"))
    {
        return inner
            .lines()
            .map(|line| line.trim().trim_end_matches("\\\\").trim_end())
            .filter(|line| !line.is_empty())
            .map(|line| match line.split_once('&') {
                Some((left, right)) => (left.to_owned(), format!("&{right}")),
                None => (String::new(), line.to_owned()),
            })
            .collect();
    }
    match layout::first_relation(trimmed) {
        Some(at) => vec![(trimmed[..at].to_owned(), format!("&{}", &trimmed[at..]))],
        None => vec![(String::new(), trimmed.to_owned())],
    }
}

/// Consecutive equations grouped so that each group fits the page when
/// aligned: its widest left side plus its widest right side.
fn groups(equations: &[Vec<(String, String)>]) -> Vec<&[Vec<(String, String)>]> {
    let budget = layout::Budget::Page.milli_em();
    let sides = |rows: &[(String, String)]| {
        let left = rows
            .iter()
            .map(|(l, _)| layout::width(l))
            .max()
            .unwrap_or(0);
        let right = rows
            .iter()
            .map(|(_, r)| layout::width(&format!("{{}}{}", r.trim_start_matches('&'))))
            .max()
            .unwrap_or(0);
        let aligned = rows.iter().all(|(_, r)| r.starts_with('&'));
        (left, right, aligned)
    };
    let mut groups = Vec::new();
    let mut start = 0;
    let (mut left, mut right) = (0, 0);
    for (index, rows) in equations.iter().enumerate() {
        let (l, r, aligned) = sides(rows);
        let fits = aligned && index > start && left.max(l) + right.max(r) <= budget;
        if index > start && !fits {
            groups.push(&equations[start..index]);
            start = index;
            (left, right) = (0, 0);
        }
        if !aligned {
            // Nothing to align at: a group of its own.
            groups.push(&equations[index..=index]);
            start = index + 1;
            continue;
        }
        left = left.max(l);
        right = right.max(r);
    }
    if start < equations.len() {
        groups.push(&equations[start..]);
    }
    groups
}

#[cfg(test)]
mod tests;
