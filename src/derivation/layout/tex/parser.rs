//! The reader: text → measured nodes, one item at a time (groups,
//! scripts, commands, characters); fractions, delimiters and environments
//! are in [`super::shapes`].

use std::ops::Range;

use super::glyphs::{Font, command, glyph};
use super::{Class, Height, Kind, Node, Style, sequence_width};

/// Where a sequence ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Stop {
    /// At the end of the text.
    End,
    /// At the `}` closing a group.
    Brace,
    /// At `\right`.
    Right,
    /// At `&`, `\\` or `\end` (a cell of an environment).
    Cell,
}

pub(super) struct Parser<'a> {
    pub(super) src: &'a str,
    pub(super) pos: usize,
    pub(super) unknown: Vec<String>,
}

impl<'a> Parser<'a> {
    /// A reader at the start of `src`.
    pub(super) fn new(src: &'a str) -> Parser<'a> {
        Parser {
            src,
            pos: 0,
            unknown: Vec::new(),
        }
    }
}

impl Parser<'_> {
    pub(super) fn peek(&self) -> Option<char> {
        self.src[self.pos..].chars().next()
    }

    pub(super) fn skip_space(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }

    fn at_stop(&self, stop: Stop) -> bool {
        let rest = &self.src[self.pos..];
        match stop {
            Stop::End => rest.is_empty(),
            Stop::Brace => rest.is_empty() || rest.starts_with('}'),
            Stop::Right => rest.is_empty() || starts_with_command(rest, "right"),
            Stop::Cell => {
                rest.is_empty()
                    || rest.starts_with('&')
                    || rest.starts_with("\\\\")
                    || starts_with_command(rest, "end")
            }
        }
    }

    pub(super) fn sequence(&mut self, style: Style, stop: Stop) -> Vec<Node> {
        self.sequence_in(style, stop, Font::Italic)
    }

    pub(super) fn sequence_in(&mut self, style: Style, stop: Stop, font: Font) -> Vec<Node> {
        let mut nodes: Vec<Node> = Vec::new();
        loop {
            self.skip_space();
            if self.at_stop(stop) {
                return nodes;
            }
            let start = self.pos;
            let Some(ch) = self.peek() else {
                return nodes;
            };
            match ch {
                '^' | '_' | '\'' => {
                    self.pos += ch.len_utf8();
                    let script = if ch == '\'' {
                        // A prime is a superscript \prime.
                        scaled(275, style.script())
                    } else {
                        self.argument(style.script(), font).width()
                    };
                    let base = match nodes.pop() {
                        Some(node) => node,
                        None => Node::atom(start..start, 0, Class::Ord),
                    };
                    nodes.push(attach(base, ch, script, self.pos));
                }
                '}' => {
                    // An unmatched brace: skip it rather than loop.
                    self.pos += 1;
                }
                '&' => {
                    self.pos += 1;
                }
                _ => {
                    let node = self.item(style, font);
                    nodes.push(node);
                }
            }
        }
    }

    /// One item: a group, a command with its arguments, or a character.
    fn item(&mut self, style: Style, font: Font) -> Node {
        let start = self.pos;
        let Some(ch) = self.peek() else {
            return Node::atom(start..start, 0, Class::Ord);
        };
        if ch == '{' {
            self.pos += 1;
            let inner = self.sequence_in(style, Stop::Brace, font);
            if self.peek() == Some('}') {
                self.pos += 1;
            }
            let mut node = Node::atom(start..self.pos, sequence_width(&inner, style), Class::Ord);
            node.height = tallest(&inner);
            return node;
        }
        if ch == '\\' {
            return self.command(style, font);
        }
        self.pos += ch.len_utf8();
        let (width, class) = glyph(ch, font);
        if width == 0 {
            self.unknown.push(ch.to_string());
        }
        let width = if width == 0 { 833 } else { width };
        Node::atom(start..self.pos, scaled(width, style), class)
    }

    /// The argument of a command or script: a group or a single item.
    pub(super) fn argument(&mut self, style: Style, font: Font) -> Node {
        self.skip_space();
        self.item(style, font)
    }

    /// The text of a braced argument, without its braces.
    pub(super) fn braced(&mut self) -> Range<usize> {
        self.skip_space();
        if self.peek() != Some('{') {
            return self.pos..self.pos;
        }
        let mut depth = 0usize;
        let start = self.pos + 1;
        for (offset, ch) in self.src[self.pos..].char_indices() {
            match ch {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        let end = self.pos + offset;
                        self.pos = end + 1;
                        return start..end;
                    }
                }
                _ => {}
            }
        }
        self.pos = self.src.len();
        start..self.src.len()
    }

    fn command(&mut self, style: Style, font: Font) -> Node {
        let start = self.pos;
        self.pos += 1;
        let name_len = self.src[self.pos..]
            .chars()
            .take_while(char::is_ascii_alphabetic)
            .count();
        let name = if name_len == 0 {
            // A control symbol: `\,`, `\\`, `\{`.
            let ch = self.peek().unwrap_or(' ');
            self.pos += ch.len_utf8();
            &self.src[start + 1..self.pos]
        } else {
            self.pos += name_len;
            &self.src[start + 1..self.pos]
        };
        match name {
            "frac" | "dfrac" | "tfrac" => self.fraction(name, style, start),
            "left" => self.fenced(style, start),
            "begin" => self.environment(style, start),
            "big" | "bigl" | "bigr" | "Big" | "Bigl" | "Bigr" | "bigg" | "biggl" | "biggr" => {
                let (width, class) = self.delimiter(name);
                Node::atom(start..self.pos, scaled(width, style), class)
            }
            "mathbf" | "boldsymbol" | "mathcal" | "mathrm" | "operatorname" | "text" | "mathit" => {
                let inner_font = match name {
                    "mathbf" => Font::Bold,
                    "boldsymbol" => Font::BoldItalic,
                    "mathcal" => Font::Calligraphic,
                    "mathit" => Font::Italic,
                    _ => Font::Roman,
                };
                let body = self.argument(style, inner_font);
                let class = if name == "operatorname" {
                    Class::Op
                } else {
                    Class::Ord
                };
                let mut node = Node::atom(start..self.pos, body.width(), class);
                node.height = body.height;
                node
            }
            "sqrt" => {
                // `\sqrt[k]{…}`: the radical sign (0.833 em, its index
                // tucked into it) and the argument under the bar.
                self.skip_space();
                if self.peek() == Some('[') {
                    let close = self.src[self.pos..]
                        .find(']')
                        .map_or(self.src.len(), |i| self.pos + i + 1);
                    self.pos = close;
                }
                let body = self.argument(style, font);
                let mut node = Node::atom(
                    start..self.pos,
                    scaled(833, style) + body.width(),
                    Class::Ord,
                );
                node.height = body.height.max(Height::Raised);
                node
            }
            "hat" | "bar" | "tilde" | "vec" => {
                let body = self.argument(style, font);
                let mut node = Node::atom(start..self.pos, body.width(), Class::Ord);
                node.height = body.height.max(Height::Raised);
                node
            }
            _ => {
                let (width, class) = command(name, font).unwrap_or_else(|| {
                    self.unknown.push(format!("\\{name}"));
                    (833, Class::Ord)
                });
                Node::atom(start..self.pos, scaled(width, style), class)
            }
        }
    }
}

pub(super) fn style_of(environment: &str, style: Style) -> Style {
    if environment == "aligned" {
        style
    } else {
        Style::Text.max(style)
    }
}

/// A base with a superscript (`^`, `'`) or subscript (`_`) attached.
fn attach(mut base: Node, mark: char, script: u32, end: usize) -> Node {
    if mark == '_' {
        base.scripts.1 = base.scripts.1.max(script);
    } else {
        base.scripts.0 += script;
        base.height = base.height.max(Height::Raised);
    }
    if let Kind::Fenced { close, .. } = &mut base.kind {
        close.end = end;
    }
    base.span.end = end;
    base
}

pub(super) fn tallest(nodes: &[Node]) -> Height {
    nodes
        .iter()
        .map(|n| n.height)
        .max()
        .unwrap_or(Height::Plain)
}

/// The width of a `\left`/`\right` delimiter around contents of a height.
pub(super) fn delimiter_width(delimiter: char, height: Height) -> u32 {
    if delimiter == '.' {
        return 120;
    }
    match height {
        Height::Plain => 389,
        Height::Raised | Height::Fraction => 458,
        Height::Tall => 736,
    }
}

pub(super) fn scaled(width: u32, style: Style) -> u32 {
    width * style.scale() / 1000
}

pub(super) fn inside_braces(src: &str, span: Range<usize>) -> Range<usize> {
    let text = &src[span.clone()];
    if text.starts_with('{') && text.ends_with('}') && text.len() >= 2 {
        span.start + 1..span.end - 1
    } else {
        span
    }
}

pub(super) fn starts_with_command(text: &str, name: &str) -> bool {
    text.strip_prefix('\\')
        .and_then(|rest| rest.strip_prefix(name))
        .is_some_and(|rest| !rest.starts_with(|c: char| c.is_ascii_alphabetic()))
}
