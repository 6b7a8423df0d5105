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
use crate::symbolic::Expr;

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

/// Reads every line of a claims file; blank lines and comments (`#`, `//`
/// to the end of the line) are skipped. Formulas may apply `functions`.
pub fn parse(source: &SourceFile, functions: &Functions) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut start = 0;
    for (index, raw) in source.text.split_inclusive('\n').enumerate() {
        let end = start + raw.trim_end_matches(['\n', '\r']).len();
        let content = &source.text[start..end];
        let cut = [content.find('#'), content.find("//")]
            .into_iter()
            .flatten()
            .min()
            .map_or(end, |at| start + at);
        if !source.text[start..cut].trim().is_empty() {
            let number = index + 1;
            lines.push(
                match parse_line(&source.text, start, cut, number, functions) {
                    Ok(claim) => Line::Claim(claim),
                    Err(diagnostic) => Line::Unreadable {
                        line: number,
                        diagnostic,
                    },
                },
            );
        }
        start += raw.len();
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
    let tokens = lex::tokens(text, start, end)?;
    parser::Parser::new(tokens, Span::new(end, end), functions).claim(line)
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
