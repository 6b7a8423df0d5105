//! Reading a claims file: one claim per line, as an author pastes it from
//! a book. A hand-written Pratt parser over [`lex`] tokens builds each
//! formula as an expression of the symbolic core (the one expression
//! language of longhand); a line that cannot be read is reported with a
//! caret and the other lines are still read.
//!
//! A claim is a chain `E₀ (=|≈) E₁ (=|≈) … (=|≈) N`: each element is a
//! named quantity (`a[1][1]`, `new loss`, see [`super::names`]), an
//! arithmetic expression, or a plain number. Every element that is not a
//! number is claimed to equal the first number after it, at the precision
//! that number is written with: `0.6457 · (1 − 0.6457) = 0.6457 · 0.3543 ≈
//! 0.2287` makes two claims, both about 0.2287.

pub mod functions;
pub mod lex;
mod parser;
mod piece;

use num_bigint::BigInt;
use num_rational::BigRational;

pub use functions::Functions;

use super::names::NameRef;
use crate::diagnostic::Diagnostic;
use crate::source::{SourceFile, Span, Spanned};
use crate::symbolic::{Expr, Node};

/// A number as written, with its exact value and how many decimals it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Number {
    /// The exact value.
    pub value: BigRational,
    /// Decimals shown (`0.2520` → 4; `1.5e-3` → 4); `None` for `½`.
    pub decimals: Option<i64>,
    /// The text as written (with a minus sign when negated).
    pub text: String,
}

/// One side of a relation in a claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Element {
    /// A named quantity of the network.
    Named(NameRef),
    /// A formula to evaluate: an expression of the symbolic core.
    Arithmetic(Expr),
    /// A plain number: the value claimed for the elements before it.
    Number(Number),
}

/// A claim: one line of the claims file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    /// Its line (1-based).
    pub line: usize,
    /// Its elements in order, each with its span.
    pub elements: Vec<Spanned<Element>>,
}

impl Claim {
    /// The checks a claim makes: (element, number claimed for it) index pairs.
    pub fn checks(&self) -> Vec<(usize, usize)> {
        let mut pairs = Vec::new();
        let mut pending = Vec::new();
        for (index, element) in self.elements.iter().enumerate() {
            if matches!(element.node, Element::Number(_)) {
                pairs.extend(pending.drain(..).map(|p| (p, index)));
            } else {
                pending.push(index);
            }
        }
        pairs
    }
}

/// A line of the claims file: a claim, or why it could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    /// A claim.
    Claim(Claim),
    /// A line that could not be read (reading goes on with the next).
    Unreadable {
        /// The line (1-based).
        line: usize,
        /// What is wrong, with a caret.
        diagnostic: Diagnostic,
    },
}

/// Largest claims file read, in bytes (as for a `.net` file).
pub const MAX_CLAIMS_BYTES: usize = crate::parse::MAX_SOURCE_BYTES;
/// Longest claim line, in bytes: a line of a book is far shorter.
pub const MAX_LINE_BYTES: usize = 4096;
/// Deepest nesting of `(`, `{` and `[` in a claim (a book needs a few).
pub const MAX_NESTING: usize = 32;
/// Deepest formula: operations inside operations (`1 + 1 + … + 1` counts
/// one per `+`), so evaluating a formula never recurses deeper than this.
pub const MAX_DEPTH: usize = 256;

/// Reads every line of a claims file; blank lines and comments (`#`, `//`
/// to the end of the line) are skipped, and so is a byte order mark at
/// the start. Lines end as [`crate::source::is_line_end`] says (LF, CR LF,
/// a lone CR, U+2028, U+2029). A file beyond [`MAX_CLAIMS_BYTES`] is one
/// unreadable line. Formulas may apply `functions`.
pub fn parse(source: &SourceFile, functions: &Functions) -> Vec<Line> {
    if source.text.len() > MAX_CLAIMS_BYTES {
        let diagnostic = Diagnostic::error(
            format!("the claims file is longer than {MAX_CLAIMS_BYTES} bytes"),
            Span::new(0, 0),
            "",
        )
        .with_help("a claims file holds the lines of one worked example; split a longer one");
        return vec![Line::Unreadable {
            line: 1,
            diagnostic,
        }];
    }
    let mut lines = Vec::new();
    for (index, (start, end, _)) in crate::source::lines(&source.text).enumerate() {
        // A byte order mark (written by some editors) is not part of the first claim.
        let from = if index == 0 && source.text[start..end].starts_with('\u{feff}') {
            start + '\u{feff}'.len_utf8()
        } else {
            start
        };
        let content = &source.text[from..end];
        let cut = [content.find('#'), content.find("//")]
            .into_iter()
            .flatten()
            .min()
            .map_or(end, |at| from + at);
        if !source.text[from..cut].trim().is_empty() {
            let number = index + 1;
            lines.push(
                match parse_line(&source.text, from, cut, number, functions) {
                    Ok(claim) => Line::Claim(claim),
                    Err(diagnostic) => Line::Unreadable {
                        line: number,
                        diagnostic,
                    },
                },
            );
        }
    }
    lines
}

/// Reads one claim from `text[start..end]`.
///
/// # Errors
/// A [`Diagnostic`] at the first place the line stops making sense.
pub fn parse_line(
    text: &str,
    start: usize,
    end: usize,
    line: usize,
    functions: &Functions,
) -> Result<Claim, Diagnostic> {
    if end - start > MAX_LINE_BYTES {
        let at = floor_char_boundary(text, start + MAX_LINE_BYTES);
        return Err(Diagnostic::error(
            format!("the line is longer than {MAX_LINE_BYTES} bytes"),
            Span::new(at, at),
            "too long from here",
        )
        .with_help("write one claim per line, as the book prints it"));
    }
    let tokens = lex::tokens(text, start, end)?;
    check_nesting(&tokens)?;
    let claim = parser::Parser::new(tokens, Span::new(end, end), functions).claim(line)?;
    for element in &claim.elements {
        if let Element::Arithmetic(expr) = &element.node
            && depth(expr) > MAX_DEPTH
        {
            return Err(too_deep(element.span));
        }
    }
    Ok(claim)
}

/// Reads `text[start..end]` as one name written as in a claim
/// (`delta[2][1]`, `new loss`, `W'[1][2][1] (update 2)`); `None` when it
/// does not start like a name. `require` conditions name quantities so.
///
/// # Errors
/// A [`Diagnostic`] where the name stops making sense.
pub fn parse_name(
    text: &str,
    start: usize,
    end: usize,
    functions: &Functions,
) -> Result<Option<NameRef>, Diagnostic> {
    let tokens = lex::tokens(text, start, end)?;
    check_nesting(&tokens)?;
    parser::Parser::new(tokens, Span::new(end, end), functions).lone_name()
}

/// The largest character boundary of `text` not after `at`.
fn floor_char_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// A formula nested or chained beyond [`MAX_DEPTH`].
fn too_deep(span: Span) -> Diagnostic {
    Diagnostic::error(
        format!("the formula is nested more than {MAX_DEPTH} operations deep"),
        span,
        "too deep",
    )
    .with_help(
        "a claim is one line of a worked example: split a longer calculation into several claims",
    )
}

/// Rejects brackets nested beyond [`MAX_NESTING`] before the recursive
/// parser sees them (as the `.net` parser does).
fn check_nesting(tokens: &[lex::Token]) -> Result<(), Diagnostic> {
    let mut depth = 0usize;
    for token in tokens {
        match token.tok {
            lex::Tok::Open | lex::Tok::OpenBrace | lex::Tok::OpenBracket => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(Diagnostic::error(
                        format!("brackets are nested more than {MAX_NESTING} deep"),
                        token.span,
                        "too deep",
                    )
                    .with_help("a claim is one line of a worked example: split a longer calculation into several claims"));
                }
            }
            lex::Tok::Close | lex::Tok::CloseBrace | lex::Tok::CloseBracket => {
                depth = depth.saturating_sub(1);
            }
            _ => {}
        }
    }
    Ok(())
}

/// How many functions (exp, ln, σ, tanh, roots, defined functions, their
/// slopes) and powers the formulas of `lines` apply: each is computed to as
/// many digits as its claim needs, the costly part of judging formulas.
pub fn applications(lines: &[Line]) -> usize {
    let mut count = 0;
    for line in lines {
        let Line::Claim(claim) = line else { continue };
        for element in &claim.elements {
            let Element::Arithmetic(expr) = &element.node else {
                continue;
            };
            let mut stack = vec![expr];
            while let Some(node) = stack.pop() {
                match node {
                    Node::Leaf(_) => {}
                    Node::Apply(_, inner) | Node::Pow(inner, _) => {
                        count += 1;
                        stack.push(inner);
                    }
                    Node::Neg(inner) => stack.push(inner),
                    Node::Add(items) | Node::Mul(items) => stack.extend(items.iter()),
                    Node::If(piecewise) => {
                        count += 1;
                        let p = piecewise.as_ref();
                        stack.extend([&p.left, &p.right, &p.then, &p.otherwise]);
                    }
                }
            }
        }
    }
    count
}

/// The depth of a formula's tree (a leaf is 1), counted without recursion.
fn depth(expr: &Expr) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(expr, 1usize)];
    while let Some((node, level)) = stack.pop() {
        deepest = deepest.max(level);
        match node {
            Node::Leaf(_) => {}
            Node::Neg(inner) | Node::Apply(_, inner) | Node::Pow(inner, _) => {
                stack.push((inner, level + 1));
            }
            Node::Add(items) | Node::Mul(items) => {
                stack.extend(items.iter().map(|item| (item, level + 1)));
            }
            Node::If(piecewise) => {
                let p = piecewise.as_ref();
                for part in [&p.left, &p.right, &p.then, &p.otherwise] {
                    stack.push((part, level + 1));
                }
            }
        }
    }
    deepest
}

/// The largest power of ten a number may be written with (`1e1000`).
pub const MAX_EXPONENT: u64 = 1000;

/// The exact value of a decimal literal and its number of decimals (`None`
/// beyond [`MAX_EXPONENT`]).
pub fn decimal_value(text: &str) -> Option<(BigRational, i64)> {
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(at) => (&text[..at], text[at + 1..].parse::<i64>().ok()?),
        None => (text, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if whole.is_empty() && fraction.is_empty() || fraction.contains('.') {
        return None;
    }
    let digits: BigInt = format!("{whole}{fraction}").parse().ok()?;
    let scale = i64::try_from(fraction.len()).ok()? - exponent;
    if scale.unsigned_abs() > MAX_EXPONENT {
        return None;
    }
    let power = BigInt::from(10).pow(u32::try_from(scale.unsigned_abs()).ok()?);
    let value = if scale >= 0 {
        BigRational::new(digits, power)
    } else {
        BigRational::from_integer(digits * power)
    };
    Some((value, scale))
}
