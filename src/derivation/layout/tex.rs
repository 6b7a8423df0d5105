//! A reader of the LaTeX math the report prints, which measures it.
//!
//! It understands exactly the subset longhand writes (digits, letters,
//! `+ - = , . ( ) [ ] / | > <`, primes, `^` and `_`, `{…}`, `\frac`,
//! `\tfrac`, `\left… \right…`, `\big…`, font commands, `\begin{pmatrix}`
//! and `\begin{aligned}`, and the named symbols in [`command`]). Anything
//! else is measured as a wide letter and listed in
//! [`Measured::unknown`], so a test can insist that the rule covers every
//! symbol the report prints.
//!
//! Widths are in thousandths of an em of the surrounding text size, so
//! the rule needs no floating point. The glyph widths are those of
//! Computer Modern / Latin Modern (the fonts of the LaTeX document); the
//! spacing between atoms follows TeX's table (The TeXbook, ch. 18); script
//! sizes follow LaTeX at 11 pt (8 pt scripts, 6 pt second-level scripts,
//! whose glyphs are relatively wider than a scaled-down 11 pt glyph).

use std::ops::Range;

/// TeX's atom classes: how a piece of math is spaced from its neighbours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// Ordinary: letters, digits, groups.
    Ord,
    /// Large operators and operator names (`\ln`, `\max`).
    Op,
    /// Binary operators (`+`, `-`, `\cdot`).
    Bin,
    /// Relations (`=`, `\approx`).
    Rel,
    /// Opening delimiters.
    Open,
    /// Closing delimiters.
    Close,
    /// Punctuation (`,`).
    Punct,
    /// Fractions and `\left … \right` groups.
    Inner,
}

/// The style math is set in (TeX's D, T, S and SS).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Style {
    /// Display style: a displayed equation.
    Display,
    /// Text style: inline math, and the parts of a displayed `\frac`.
    Text,
    /// Script style: sub- and superscripts, the parts of `\tfrac`.
    Script,
    /// Script-script style: scripts of scripts.
    ScriptScript,
}

impl Style {
    /// Glyph size relative to the text size, in thousandths: at 11 pt,
    /// LaTeX sets scripts in 8 pt and second-level scripts in 6 pt fonts,
    /// whose glyphs are designed wider (a digit of cmr8 is 0.531 of 8 pt,
    /// 0.388 of 11 pt: 0.776 of an 11 pt digit).
    fn scale(self) -> u32 {
        match self {
            Style::Display | Style::Text => 1000,
            Style::Script => 780,
            Style::ScriptScript => 670,
        }
    }

    fn script(self) -> Style {
        match self {
            Style::Display | Style::Text => Style::Script,
            Style::Script | Style::ScriptScript => Style::ScriptScript,
        }
    }

    fn fraction(self) -> Style {
        match self {
            Style::Display => Style::Text,
            Style::Text => Style::Script,
            Style::Script | Style::ScriptScript => Style::ScriptScript,
        }
    }

    fn cramped_spacing(self) -> bool {
        matches!(self, Style::Script | Style::ScriptScript)
    }
}

/// How tall a piece is, which decides how wide `\left(` grows around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Height {
    /// Letters and digits.
    Plain,
    /// With a superscript or a small fraction.
    Raised,
    /// A text-style fraction (`\tfrac` in display, or inside a `\frac`).
    Fraction,
    /// A display fraction or a matrix.
    Tall,
}

/// What a node is, as far as line breaking cares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Anything that is never opened up.
    Atom,
    /// `\left( … \right)`: `open` is the span of `\left(`, `close` of `\right)`.
    Fenced {
        /// The opening `\left…`.
        open: Range<usize>,
        /// The contents.
        inner: Vec<Node>,
        /// The closing `\right…` with any scripts after it.
        close: Range<usize>,
    },
    /// `\frac{num}{den}` (display size).
    Fraction {
        /// The numerator's text, without braces.
        num: Range<usize>,
        /// The denominator's text, without braces.
        den: Range<usize>,
    },
}

/// A measured piece of math.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Node {
    /// Where it is in the text.
    pub(crate) span: Range<usize>,
    /// Its width without scripts, in thousandths of an em.
    base: u32,
    /// Widths of its superscript and subscript.
    scripts: (u32, u32),
    /// How it is spaced.
    pub(crate) class: Class,
    /// How tall it is.
    pub(crate) height: Height,
    /// What it is.
    pub(crate) kind: Kind,
}

impl Node {
    /// Its width, scripts included, in thousandths of an em.
    pub(crate) fn width(&self) -> u32 {
        let (sup, sub) = self.scripts;
        let script = sup.max(sub);
        // \scriptspace (0.5 pt) follows a script.
        self.base + if script > 0 { script + 45 } else { 0 }
    }

    fn atom(span: Range<usize>, base: u32, class: Class) -> Node {
        Node {
            span,
            base,
            scripts: (0, 0),
            class,
            height: Height::Plain,
            kind: Kind::Atom,
        }
    }
}

/// The result of measuring a formula.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Measured {
    /// The top-level nodes.
    pub(crate) nodes: Vec<Node>,
    /// The width of the whole formula, in thousandths of an em.
    pub(crate) width: u32,
    /// Commands and characters the rule does not know (measured as `M`).
    pub(crate) unknown: Vec<String>,
}

/// Reads and measures `text` as display math.
pub(crate) fn measure(text: &str) -> Measured {
    let mut parser = Parser {
        src: text,
        pos: 0,
        unknown: Vec::new(),
    };
    let nodes = parser.sequence(Style::Display, Stop::End);
    let width = sequence_width(&nodes, Style::Display);
    Measured {
        nodes,
        width,
        unknown: parser.unknown,
    }
}

/// The width of a run of nodes with TeX's spacing between them.
pub(crate) fn sequence_width(nodes: &[Node], style: Style) -> u32 {
    let mut total = 0;
    let mut previous: Option<Class> = None;
    for node in nodes {
        let class = effective_class(previous, node.class);
        if let Some(left) = previous {
            total += space(left, class, style);
        }
        total += node.width();
        previous = Some(class);
    }
    total
}

/// A binary operator with nothing to operate on (at the start, after an
/// operator, relation, opening or punctuation) is ordinary: the unary minus.
fn effective_class(previous: Option<Class>, class: Class) -> Class {
    match (previous, class) {
        (
            None | Some(Class::Bin | Class::Op | Class::Rel | Class::Open | Class::Punct),
            Class::Bin,
        ) => Class::Ord,
        _ => class,
    }
}

/// TeX's space between two atoms (The TeXbook, p. 170): thin 1/6 em,
/// medium 2/9 em, thick 5/18 em; medium and thick vanish in scripts.
fn space(left: Class, right: Class, style: Style) -> u32 {
    const THIN: u32 = 167;
    const MEDIUM: u32 = 222;
    const THICK: u32 = 278;
    use Class::{Bin, Close, Inner, Op, Open, Ord, Punct, Rel};
    let (amount, always) = match (left, right) {
        (Ord, Op) | (Op, Ord | Op) | (Close, Op) | (Inner, Op) => (THIN, true),
        (Ord | Close, Inner) | (Inner, Ord | Open | Punct | Inner) | (Op, Inner) => (THIN, false),
        (Punct, Ord | Op | Rel | Open | Close | Punct | Inner) => (THIN, false),
        (Ord | Close | Inner, Bin) | (Bin, Ord | Op | Open | Inner) => (MEDIUM, false),
        (Ord | Op | Close | Inner, Rel) | (Rel, Ord | Op | Open | Inner) => (THICK, false),
        _ => (0, true),
    };
    if always || !style.cramped_spacing() {
        amount
    } else {
        0
    }
}

/// Where a sequence ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stop {
    /// At the end of the text.
    End,
    /// At the `}` closing a group.
    Brace,
    /// At `\right`.
    Right,
    /// At `&`, `\\` or `\end` (a cell of an environment).
    Cell,
}

/// The font a letter is set in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Font {
    /// Math italic (the default for letters).
    Italic,
    /// Upright roman (`\operatorname`, `\mathrm`, `\text`).
    Roman,
    /// Bold roman (`\mathbf`).
    Bold,
    /// Bold italic (`\boldsymbol`).
    BoldItalic,
    /// Calligraphic (`\mathcal`).
    Calligraphic,
}

struct Parser<'a> {
    src: &'a str,
    pos: usize,
    unknown: Vec<String>,
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.src[self.pos..].chars().next()
    }

    fn skip_space(&mut self) {
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

    fn sequence(&mut self, style: Style, stop: Stop) -> Vec<Node> {
        self.sequence_in(style, stop, Font::Italic)
    }

    fn sequence_in(&mut self, style: Style, stop: Stop, font: Font) -> Vec<Node> {
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
    fn argument(&mut self, style: Style, font: Font) -> Node {
        self.skip_space();
        self.item(style, font)
    }

    /// The text of a braced argument, without its braces.
    fn braced(&mut self) -> Range<usize> {
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

    fn fraction(&mut self, name: &str, style: Style, start: usize) -> Node {
        let parts = match name {
            "tfrac" => Style::Text.fraction(),
            "dfrac" => Style::Text,
            _ => style.fraction(),
        };
        let num_at = self.pos;
        let num = self.argument(parts, Font::Italic);
        let den = self.argument(parts, Font::Italic);
        let num_span = inside_braces(self.src, num.span.clone());
        let den_span = inside_braces(self.src, den.span.clone());
        let _ = num_at;
        // \nulldelimiterspace (1.2 pt) on each side of the bar.
        let width = num.width().max(den.width()) + 2 * scaled(110, style);
        let display = name == "dfrac" || (name == "frac" && style == Style::Display);
        Node {
            span: start..self.pos,
            base: width,
            scripts: (0, 0),
            class: Class::Inner,
            height: if display {
                Height::Tall
            } else if parts <= Style::Text {
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
    fn fenced(&mut self, style: Style, start: usize) -> Node {
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

    fn delimiter(&mut self, size: &str) -> (u32, Class) {
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
    fn environment(&mut self, style: Style, start: usize) -> Node {
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

fn style_of(environment: &str, style: Style) -> Style {
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

fn tallest(nodes: &[Node]) -> Height {
    nodes
        .iter()
        .map(|n| n.height)
        .max()
        .unwrap_or(Height::Plain)
}

/// The width of a `\left`/`\right` delimiter around contents of a height.
fn delimiter_width(delimiter: char, height: Height) -> u32 {
    if delimiter == '.' {
        return 120;
    }
    match height {
        Height::Plain => 389,
        Height::Raised | Height::Fraction => 458,
        Height::Tall => 736,
    }
}

fn scaled(width: u32, style: Style) -> u32 {
    width * style.scale() / 1000
}

fn inside_braces(src: &str, span: Range<usize>) -> Range<usize> {
    let text = &src[span.clone()];
    if text.starts_with('{') && text.ends_with('}') && text.len() >= 2 {
        span.start + 1..span.end - 1
    } else {
        span
    }
}

fn starts_with_command(text: &str, name: &str) -> bool {
    text.strip_prefix('\\')
        .and_then(|rest| rest.strip_prefix(name))
        .is_some_and(|rest| !rest.starts_with(|c: char| c.is_ascii_alphabetic()))
}

/// Width (thousandths of an em) and class of a character; width 0 when unknown.
fn glyph(ch: char, font: Font) -> (u32, Class) {
    match ch {
        '0'..='9' => (if font == Font::Bold { 575 } else { 500 }, Class::Ord),
        'a'..='z' | 'A'..='Z' => (letter(ch, font), Class::Ord),
        '+' | '-' => (778, Class::Bin),
        '*' => (500, Class::Bin),
        '=' | '<' | '>' => (778, Class::Rel),
        ':' => (278, Class::Rel),
        ',' | ';' => (278, Class::Punct),
        '.' => (278, Class::Ord),
        '(' => (389, Class::Open),
        ')' => (389, Class::Close),
        '[' => (278, Class::Open),
        ']' => (278, Class::Close),
        '/' => (500, Class::Ord),
        '|' => (278, Class::Ord),
        '!' => (278, Class::Close),
        '?' => (472, Class::Close),
        _ => (0, Class::Ord),
    }
}

/// Widths of letters: cmmi (math italic), cmr (roman), cmbx (bold).
fn letter(ch: char, font: Font) -> u32 {
    const ITALIC_LOWER: [u32; 26] = [
        529, 429, 433, 520, 466, 490, 477, 576, 345, 412, 521, 298, 878, 600, 485, 503, 446, 451,
        469, 361, 572, 485, 716, 572, 490, 465,
    ];
    const ITALIC_UPPER: [u32; 26] = [
        750, 759, 715, 828, 738, 643, 786, 831, 440, 555, 849, 681, 970, 803, 763, 642, 791, 759,
        613, 584, 683, 583, 944, 828, 581, 683,
    ];
    const ROMAN_LOWER: [u32; 26] = [
        500, 556, 444, 556, 444, 306, 500, 556, 278, 306, 528, 278, 833, 556, 500, 556, 528, 392,
        394, 389, 556, 528, 722, 528, 528, 444,
    ];
    const ROMAN_UPPER: [u32; 26] = [
        750, 708, 722, 764, 681, 653, 785, 750, 361, 514, 778, 625, 917, 750, 778, 681, 778, 736,
        556, 722, 750, 750, 1028, 750, 750, 611,
    ];
    let (lower, index) = if ch.is_ascii_lowercase() {
        (true, usize::from(ch as u8 - b'a'))
    } else {
        (false, usize::from(ch as u8 - b'A'))
    };
    match (font, lower) {
        (Font::Italic, true) => ITALIC_LOWER[index],
        (Font::Italic, false) => ITALIC_UPPER[index],
        (Font::Roman, true) => ROMAN_LOWER[index],
        (Font::Roman, false) => ROMAN_UPPER[index],
        // Bold and bold italic letters are about a tenth wider than roman / italic.
        (Font::Bold, true) => ROMAN_LOWER[index] * 115 / 100,
        (Font::Bold, false) => ROMAN_UPPER[index] * 111 / 100,
        (Font::BoldItalic, true) => ITALIC_LOWER[index] * 112 / 100,
        (Font::BoldItalic, false) => ITALIC_UPPER[index] * 112 / 100,
        (Font::Calligraphic, _) => 800,
    }
}

/// Width and class of a named symbol, `None` when the rule does not know it.
fn command(name: &str, font: Font) -> Option<(u32, Class)> {
    let bold = if font == Font::BoldItalic { 112 } else { 100 };
    let entry = match name {
        // Spaces.
        "," => (167, Class::Ord),
        ";" => (278, Class::Ord),
        ":" => (222, Class::Ord),
        "!" => (0, Class::Ord),
        " " => (333, Class::Ord),
        "quad" => (1000, Class::Ord),
        "qquad" => (2000, Class::Ord),
        // Escaped characters.
        "{" | "}" => (500, Class::Ord),
        "_" | "%" | "&" | "#" => (500, Class::Ord),
        "\\" => (0, Class::Ord),
        // Greek and letter-like symbols (cmmi).
        "alpha" => (640 * bold / 100, Class::Ord),
        "beta" => (566 * bold / 100, Class::Ord),
        "gamma" => (518 * bold / 100, Class::Ord),
        "delta" => (444 * bold / 100, Class::Ord),
        "epsilon" | "varepsilon" => (466 * bold / 100, Class::Ord),
        "eta" => (497 * bold / 100, Class::Ord),
        "theta" => (469 * bold / 100, Class::Ord),
        "lambda" => (583 * bold / 100, Class::Ord),
        "mu" => (603 * bold / 100, Class::Ord),
        "sigma" => (571 * bold / 100, Class::Ord),
        "tau" => (437 * bold / 100, Class::Ord),
        "phi" | "varphi" => (596 * bold / 100, Class::Ord),
        "ell" => (417, Class::Ord),
        "partial" => (566, Class::Ord),
        "nabla" => (833, Class::Ord),
        "top" => (778, Class::Ord),
        "prime" => (275, Class::Ord),
        "infty" => (1000, Class::Ord),
        // Binary operators and relations (cmsy).
        "cdot" => (278, Class::Bin),
        "times" | "odot" | "pm" | "mp" => (778, Class::Bin),
        "approx" | "le" | "leq" | "ge" | "geq" | "neq" | "ne" | "equiv" | "sim" => {
            (778, Class::Rel)
        }
        "to" | "rightarrow" => (1000, Class::Rel),
        "mid" => (278, Class::Rel),
        "ldots" | "cdots" => (1172, Class::Inner),
        // Operator names in roman (l 278, n 556, t 389, a 500, h 556, m 833,
        // x 528, e 444, p 556).
        "ln" => (834, Class::Op),
        "log" => (1334, Class::Op),
        "exp" => (1528, Class::Op),
        "tanh" => (2001, Class::Op),
        "max" => (1861, Class::Op),
        "min" => (1667, Class::Op),
        "sum" => (1444, Class::Op),
        _ => return None,
    };
    Some(entry)
}

#[cfg(test)]
#[path = "tex/tests.rs"]
mod tests;
