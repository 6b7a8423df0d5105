//! The shapes that hold other math: fractions, `\\left … \\right` and
//! `\\big` delimiters, matrices and aligned rows.

use super::glyphs::Font;
use super::parser::{
    Parser, Stop, delimiter_width, inside_braces, scaled, starts_with_command, style_of, tallest,
};
use super::{Class, Height, Kind, Node, Style, sequence_width};

impl Parser<'_> {
    pub(super) fn fraction(&mut self, name: &str, style: Style, start: usize) -> Node {
        let parts = match name {
            "tfrac" => Style::Text.fraction(),
            "dfrac" => Style::Text,
            _ => style.fraction(),
        };
        let num = self.argument(parts, Font::Italic);
        let den = self.argument(parts, Font::Italic);
        let num_span = inside_braces(self.src, num.span.clone());
        let den_span = inside_braces(self.src, den.span.clone());
        // \nulldelimiterspace (1.2 pt) on each side of the bar.
        let width = num.width().max(den.width()) + 2 * scaled(110, style);
        let display = name == "dfrac" || (name == "frac" && style == Style::Display);
        Node {
            span: start..self.pos,
            base: width,
            scripts: (0, 0),
            class: Class::Inner,
            // A fraction with full-size parts is as tall as a display one.
            height: if parts <= Style::Text {
                Height::Tall
            } else {
                Height::Fraction
            },
            kind: if display {
                Kind::Fraction {
                    num: num_span,
                    den: den_span,
                }
            } else {
                Kind::Atom
            },
        }
    }

    /// `\left( … \right)`, with the delimiters as wide as the contents are tall.
    pub(super) fn fenced(&mut self, style: Style, start: usize) -> Node {
        self.skip_space();
        let open_delim = self.delimiter_char();
        let open = start..self.pos;
        let inner = self.sequence(style, Stop::Right);
        let height = tallest(&inner);
        let close_start = self.pos;
        if starts_with_command(&self.src[self.pos..], "right") {
            self.pos += "\\right".len();
            self.skip_space();
        }
        let close_delim = self.delimiter_char();
        let delimiters = delimiter_width(open_delim, height) + delimiter_width(close_delim, height);
        Node {
            span: start..self.pos,
            base: sequence_width(&inner, style) + scaled(delimiters, style),
            scripts: (0, 0),
            class: Class::Inner,
            height,
            kind: Kind::Fenced {
                open,
                inner,
                close: close_start..self.pos,
            },
        }
    }

    /// The delimiter after `\left`, `\right` or `\big`: `(`, `.`, `\{`.
    fn delimiter_char(&mut self) -> char {
        self.skip_space();
        match self.peek() {
            Some('\\') => {
                self.pos += 1;
                let ch = self.peek().unwrap_or('.');
                self.pos += ch.len_utf8();
                ch
            }
            Some(ch) => {
                self.pos += ch.len_utf8();
                ch
            }
            None => '.',
        }
    }

    pub(super) fn delimiter(&mut self, size: &str) -> (u32, Class) {
        let ch = self.delimiter_char();
        let width = match size {
            "big" | "bigl" | "bigr" => 458,
            "Big" | "Bigl" | "Bigr" => 597,
            _ => 736,
        };
        let width = if ch == '.' { 120 } else { width };
        let class = match ch {
            '(' | '[' | '{' => Class::Open,
            ')' | ']' | '}' => Class::Close,
            _ => Class::Ord,
        };
        (width, class)
    }

    /// `\begin{pmatrix} … \end{pmatrix}` and `\begin{aligned} … \end{aligned}`.
    pub(super) fn environment(&mut self, style: Style, start: usize) -> Node {
        let name_span = self.braced();
        let name = self.src[name_span].to_owned();
        let mut rows: Vec<Vec<u32>> = vec![Vec::new()];
        let mut tall = Height::Plain;
        loop {
            let cell = self.sequence(style_of(&name, style), Stop::Cell);
            tall = tall.max(tallest(&cell));
            if let Some(row) = rows.last_mut() {
                row.push(sequence_width(&cell, style_of(&name, style)));
            }
            let rest = &self.src[self.pos..];
            if rest.starts_with('&') {
                self.pos += 1;
            } else if rest.starts_with("\\\\") {
                self.pos += 2;
                rows.push(Vec::new());
            } else {
                if starts_with_command(rest, "end") {
                    self.pos += "\\end".len();
                    let _ = self.braced();
                }
                break;
            }
        }
        let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
        let column_widths: Vec<u32> = (0..columns)
            .map(|c| {
                rows.iter()
                    .filter_map(|r| r.get(c).copied())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let cells: u32 = column_widths.iter().sum();
        let gaps = u32::try_from(columns.saturating_sub(1)).unwrap_or(0);
        let width = if name == "aligned" {
            cells
        } else {
            // \arraycolsep (5 pt) on each side of each column but the outer
            // edges; the parentheses around a matrix are as tall as it is.
            let parens = if name == "pmatrix" { 2 * 736 } else { 0 };
            cells + gaps * 913 + parens
        };
        let mut node = Node::atom(start..self.pos, scaled(width, style), Class::Inner);
        node.height = if rows.len() > 1 { Height::Tall } else { tall };
        node
    }
}
