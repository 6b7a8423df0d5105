//! A reader of the LaTeX math the report prints, which measures it.
//!
//! It understands exactly the subset longhand writes (digits, letters,
//! `+ - = , . ( ) [ ] / | > <`, primes, `^` and `_`, `{…}`, `\frac`,
//! `\tfrac`, `\left… \right…`, `\big…`, font commands, `\begin{pmatrix}`
//! and `\begin{aligned}`, and the named symbols in `glyphs.rs`). Anything
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

use parser::Parser;

mod glyphs;
mod parser;
mod shapes;

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
    let mut parser = Parser::new(text);
    let nodes = parser.sequence(Style::Display, parser::Stop::End);
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

#[cfg(test)]
mod tests;
