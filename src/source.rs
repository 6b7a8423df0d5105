//! Source text and byte spans: the one thing every stage shares.
//!
//! A [`Span`] is a byte range into a [`SourceFile`]; line and column are
//! computed only when a diagnostic is rendered.

use serde::Serialize;

/// A named input text (a `.net` file, a claims file, or a command-line value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// The name shown in diagnostics (`examples/xor.net`, `--precision`).
    pub name: String,
    /// The full text.
    pub text: String,
}

impl SourceFile {
    /// Wraps a name and its text.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        SourceFile {
            name: name.into(),
            text: text.into(),
        }
    }

    /// 1-based line and 1-based column (counted in characters) of a byte offset.
    /// Offsets past the end map to the end; offsets inside a character map to it.
    /// Lines end as [`is_line_end`] says (CR LF counts once).
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = self.clamp(offset);
        let line = line_number(&self.text, offset);
        let col = self.text[line_start(&self.text, offset)..offset]
            .chars()
            .count()
            + 1;
        (line, col)
    }

    /// The largest character boundary not after `offset`.
    pub fn clamp(&self, offset: usize) -> usize {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }
}

/// Whether `ch` ends a line: LF, CR (alone, or as the first half of CR LF),
/// U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR. Every reader of
/// `.net` and claims files (the grammar's comments, the nesting check, the
/// claims lexer, line numbers in messages) uses this one rule, so a file
/// saved with old Mac line endings or pasted from a word processor reads
/// as it looks. U+0085 (NEL), vertical tab and form feed are not line ends:
/// they mostly arrive by accident (NEL is what a mis-decoded `…` becomes).
pub fn is_line_end(ch: char) -> bool {
    matches!(ch, '\n' | '\r' | '\u{2028}' | '\u{2029}')
}

/// Where the line containing byte `offset` starts.
pub fn line_start(text: &str, offset: usize) -> usize {
    let before = &text[..offset];
    before
        .char_indices()
        .rev()
        .find(|(at, ch)| ends_line_at(text, *at, *ch))
        .map_or(0, |(at, ch)| at + ch.len_utf8())
}

/// The 1-based number of the line containing byte `offset`.
pub fn line_number(text: &str, offset: usize) -> usize {
    text[..offset]
        .char_indices()
        .filter(|(at, ch)| ends_line_at(text, *at, *ch))
        .count()
        + 1
}

/// The lines of `text` as byte ranges: where each starts, where its content
/// ends, and where the next starts (after its line end, if any).
pub fn lines(text: &str) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let rest = &text[start..];
        let line = match rest.char_indices().find(|(_, ch)| is_line_end(*ch)) {
            Some((at, '\r')) if rest[at + 1..].starts_with('\n') => {
                (start, start + at, start + at + 2)
            }
            Some((at, ch)) => (start, start + at, start + at + ch.len_utf8()),
            None => (start, text.len(), text.len()),
        };
        start = line.2;
        Some(line)
    })
}

/// Whether the character `ch` at byte `at` ends a line (a CR followed by LF
/// does not: the LF does).
fn ends_line_at(text: &str, at: usize, ch: char) -> bool {
    is_line_end(ch) && !(ch == '\r' && text[at + 1..].starts_with('\n'))
}

/// A byte range `[start, end)` into a [`SourceFile`]'s text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (swapped if given backwards).
    pub fn new(start: usize, end: usize) -> Self {
        Span {
            start: start.min(end),
            end: start.max(end),
        }
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

/// A syntax node together with the place it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned<T> {
    /// The node.
    pub node: T,
    /// Where it was written.
    pub span: Span,
}

impl<T> Spanned<T> {
    /// Pairs a node with its span.
    pub fn new(node: T, span: Span) -> Self {
        Spanned { node, span }
    }
}
