//! User-facing errors: one shape for every stage, rendered rustc-style.
//!
//! A [`Diagnostic`] holds a message, a primary [`Label`] pointing into the
//! source, optional secondary labels and a `help` line. Rendering (plain or
//! coloured) is decided by the caller; the library never looks at terminals.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use crate::source::{SourceFile, Span, is_line_end, line_number, line_start};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The input cannot be used; nothing is written.
    Error,
    /// The input is used, but something looks unintended.
    Warning,
}

/// A pointer into the source with a short text shown under the caret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// Where.
    pub span: Span,
    /// What is there (may be empty).
    pub text: String,
}

impl Label {
    /// A label at `span` saying `text`.
    pub fn new(span: Span, text: impl Into<String>) -> Self {
        Label {
            span,
            text: text.into(),
        }
    }
}

/// One problem with an input, with where it is and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Lower-case, no final period, names in backticks.
    pub message: String,
    /// The place the caret points at.
    pub primary: Label,
    /// Other places worth showing (where a name was first declared, ...).
    pub secondary: Vec<Label>,
    /// What to do, in plain words.
    pub help: Option<String>,
}

/// Whether rendered diagnostics carry ANSI colour codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Color {
    /// Plain text (files, tests, pipes).
    Never,
    /// Coloured (a terminal).
    Always,
}

impl Diagnostic {
    /// An error at `span` with `message` and the caret text `label`.
    pub fn error(message: impl Into<String>, span: Span, label: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            primary: Label::new(span, label),
            secondary: Vec::new(),
            help: None,
        }
    }

    /// Adds the `help` line.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a secondary label.
    #[must_use]
    pub fn with_secondary(mut self, span: Span, text: impl Into<String>) -> Self {
        self.secondary.push(Label::new(span, text));
        self
    }

    /// Renders the diagnostic against its source, rustc-style:
    /// `error: ...`, ` --> file:line:col`, the line, a caret, `= help: ...`.
    pub fn render(&self, source: &SourceFile, color: Color) -> String {
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        // Only the lines the labels touch go to the renderer: it scans its
        // whole source for every diagnostic, which made a 1 MiB file with
        // thousands of problems take minutes.
        let spans = std::iter::once(self.primary.span).chain(self.secondary.iter().map(|l| l.span));
        // Texts may quote the input: control characters are escaped and
        // long quotations cut (the source line itself is the renderer's).
        let message = printable(&self.message);
        let path = printable(&source.name);
        let primary = printable(&self.primary.text);
        let secondary: Vec<String> = self.secondary.iter().map(|l| printable(&l.text)).collect();
        let help = self.help.as_deref().map(printable);
        let (lines, first_line) = excerpt(source, spans);
        let (shown, shift) = with_plain_line_ends(&source.text[lines.clone()]);
        let local = |span: Span| {
            let range = clamp_span(source, span);
            shift(range.start - lines.start)..shift(range.end - lines.start)
        };
        let mut snippet = Snippet::source(shown.as_str())
            .line_start(first_line)
            .path(path.as_str())
            .fold(true)
            .annotation(
                AnnotationKind::Primary
                    .span(local(self.primary.span))
                    .label(non_empty(&primary)),
            );
        for (label, text) in self.secondary.iter().zip(&secondary) {
            snippet = snippet.annotation(
                AnnotationKind::Context
                    .span(local(label.span))
                    .label(non_empty(text)),
            );
        }
        let mut group: Group<'_> = level.primary_title(message.as_str()).element(snippet);
        if let Some(help) = &help {
            group = group.element(Level::HELP.message(help.as_str()));
        }
        let renderer = match color {
            Color::Never => Renderer::plain(),
            Color::Always => Renderer::styled(),
        };
        renderer.render(&[group])
    }
}

/// The longest quotation (text between backticks) a message repeats in
/// full, in characters; a longer one keeps its start and end around `…`.
pub const MAX_QUOTED: usize = 60;

/// The longest message, label or help line rendered, in characters.
pub const MAX_TEXT: usize = 1000;

/// `text` safe to print on a terminal: control characters (escape
/// sequences, bells, line breaks) and invisible direction overrides are
/// written as `\u{1b}`, quotations longer than [`MAX_QUOTED`] characters are
/// cut in the middle and the whole is cut after [`MAX_TEXT`].
pub fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(MAX_TEXT * 4));
    for (index, part) in text.split('`').enumerate() {
        if index > 0 {
            out.push('`');
        }
        // Odd parts are quotations (between a pair of backticks).
        let quoted = index % 2 == 1;
        let count = part.chars().count();
        if quoted && count > MAX_QUOTED {
            let head: String = part.chars().take(MAX_QUOTED * 2 / 3).collect();
            let tail: String = part.chars().skip(count - MAX_QUOTED / 4).collect();
            escape_into(&head, &mut out);
            out.push('…');
            escape_into(&tail, &mut out);
        } else {
            escape_into(part, &mut out);
        }
        if out.len() > MAX_TEXT * 4 {
            break;
        }
    }
    if out.chars().count() > MAX_TEXT {
        out = out.chars().take(MAX_TEXT).collect();
        out.push('…');
    }
    out
}

/// Appends `text` with unprintable characters escaped.
fn escape_into(text: &str, out: &mut String) {
    for ch in text.chars() {
        if unprintable(ch) {
            out.extend(ch.escape_unicode());
        } else {
            out.push(ch);
        }
    }
}

/// Characters a terminal would act on or that reorder or hide text:
/// controls, bidirectional overrides and isolates, line and paragraph
/// separators, the byte order mark.
fn unprintable(ch: char) -> bool {
    ch.is_control()
        || matches!(ch, '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}' | '\u{feff}')
}

fn non_empty(text: &str) -> Option<&str> {
    if text.is_empty() { None } else { Some(text) }
}

/// The whole lines covering `spans` (a byte range of the text) and the
/// 1-based number of the first. Lines end as [`is_line_end`] says.
fn excerpt(
    source: &SourceFile,
    spans: impl Iterator<Item = Span>,
) -> (std::ops::Range<usize>, usize) {
    let (low, high) = spans.fold((usize::MAX, 0), |(low, high), span| {
        let range = clamp_span(source, span);
        (low.min(range.start), high.max(range.end))
    });
    let text = source.text.as_str();
    let low = low.min(high);
    // The end of a file that ends in a line end belongs to its last line.
    let before = match text.chars().last() {
        _ if low < text.len() => low,
        _ if text.ends_with("\r\n") => low - 2,
        Some(last) if is_line_end(last) => low - last.len_utf8(),
        _ => low,
    };
    let start = line_start(text, before);
    let end = text[high..]
        .char_indices()
        .find(|(_, ch)| is_line_end(*ch))
        .map_or(text.len(), |(at, ch)| {
            let after = high + at + ch.len_utf8();
            if ch == '\r' && text[after..].starts_with('\n') {
                after + 1
            } else {
                after
            }
        });
    (start..end, line_number(text, start))
}

/// The excerpt with every line end the renderer would not see as one
/// written as LF (a lone CR, U+2028, U+2029; CR LF is left as it is), and
/// a map from byte offsets in the excerpt to offsets in that text.
fn with_plain_line_ends(text: &str) -> (String, impl Fn(usize) -> usize + '_) {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            '\r' if chars.peek() != Some(&'\n') => out.push('\n'),
            '\u{2028}' | '\u{2029}' => out.push('\n'),
            other => out.push(other),
        }
    }
    // U+2028 and U+2029 are three bytes and LF one: later offsets move back.
    let shift = move |offset: usize| {
        let separators = text[..offset]
            .chars()
            .filter(|c| matches!(c, '\u{2028}' | '\u{2029}'))
            .count();
        offset - 2 * separators
    };
    (out, shift)
}

/// Keeps a span inside the text and on character boundaries, so rendering
/// never slices in the middle of a character.
fn clamp_span(source: &SourceFile, span: Span) -> std::ops::Range<usize> {
    let start = source.clamp(span.start);
    let end = source.clamp(span.end.max(start));
    start..end
}

/// Renders several diagnostics, separated by blank lines, followed by a
/// one-line summary when there is more than one.
///
/// At most [`MAX_RENDERED`] are written out; the summary then says how many
/// there were in all.
pub fn render_all(diagnostics: &[Diagnostic], source: &SourceFile, color: Color) -> String {
    let mut out = String::new();
    for diagnostic in diagnostics.iter().take(MAX_RENDERED) {
        out.push_str(&diagnostic.render(source, color));
        out.push_str("\n\n");
    }
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    if diagnostics.len() > MAX_RENDERED {
        out.push_str(&format!(
            "error: {errors} problems found in `{}` (the first {MAX_RENDERED} are shown)\n",
            printable(&source.name)
        ));
    } else if errors > 1 {
        out.push_str(&format!(
            "error: {errors} problems found in `{}`\n",
            printable(&source.name)
        ));
    }
    out
}

/// The most diagnostics [`render_all`] writes out: a file with more
/// problems than this is better fixed from the first ones (and rendering
/// each costs time in proportion to the lines between its labels).
pub const MAX_RENDERED: usize = 50;
