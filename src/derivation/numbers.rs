//! Numbers and written formulas as report text (LaTeX and plain), in the
//! one way every part of the report uses: the derivation builds each
//! line's chain from these, and render prints tables and prose with them.

use crate::model::{Carry, Precision};
use crate::numeric::eval::{Origin, Rules, Shown, Written};
use crate::numeric::format;
use crate::numeric::round::Rounded;
use crate::symbolic::latex::{self, LatexLeaf, Notation};
use crate::symbolic::{Expr, Node};

/// How numbers are printed in one report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumberStyle {
    /// Display precision.
    pub precision: Precision,
    /// Show exactly carried rationals as fractions (`--fractions`).
    pub fractions: bool,
    /// Whether values are carried exactly.
    pub exact_carry: bool,
    /// The rounding mode (for values rounded only for display).
    pub rounding: crate::model::Rounding,
}

impl NumberStyle {
    /// The style of a run's rules.
    pub fn of(rules: &Rules, fractions: bool) -> NumberStyle {
        NumberStyle {
            precision: rules.precision,
            fractions,
            exact_carry: rules.carry == Carry::Exact,
            rounding: rules.rounding,
        }
    }

    /// Whether a computed value prints as a fraction.
    fn as_fraction(&self, shown: &Shown) -> bool {
        self.fractions && self.exact_carry && shown.carried.is_exact()
    }

    /// LaTeX of a displayed value.
    pub fn latex(&self, shown: &Shown) -> String {
        match &shown.origin {
            Origin::Literal(text) => literal_latex(text),
            Origin::Constant => latex::constant(&shown.carried.to_rational()),
            Origin::Computed if self.as_fraction(shown) => {
                format::fraction_latex(&shown.carried.to_rational())
            }
            Origin::Computed => format::latex(&shown.rounded.decimal, self.precision),
        }
    }

    /// Plain text of a displayed value (JSON, CSV, tables in words).
    pub fn plain(&self, shown: &Shown) -> String {
        if let Origin::Literal(text) = &shown.origin {
            return text.clone();
        }
        if self.as_fraction(shown) {
            return format::fraction_plain(&shown.carried.to_rational());
        }
        format::plain(&shown.rounded.decimal, self.precision)
    }

    /// Plain text of a carried value: a fraction when the style shows exact
    /// values as fractions, otherwise the value rounded for display.
    pub fn plain_value(&self, value: &crate::numeric::Real, rules: &Rules) -> String {
        if self.fractions && self.exact_carry && value.is_exact() {
            return format::fraction_plain(&value.to_rational());
        }
        self.plain_rounded(&rules.round(value))
    }

    /// Plain text of a rounded value.
    pub fn plain_rounded(&self, rounded: &Rounded) -> String {
        format::plain(&rounded.decimal, self.precision)
    }

    /// LaTeX of a rounded value.
    pub fn latex_rounded(&self, rounded: &Rounded) -> String {
        format::latex(&rounded.decimal, self.precision)
    }
}

/// LaTeX of a number as the author wrote it: `1e-3` → `1 \times 10^{-3}`,
/// `-7/20` → `-\tfrac{7}{20}`.
pub fn literal_latex(text: &str) -> String {
    if let Some((numerator, denominator)) = text.split_once('/') {
        let (sign, numerator) = match numerator.strip_prefix('-') {
            Some(rest) => ("-", rest),
            None => ("", numerator.trim_start_matches('+')),
        };
        return format!(
            "{sign}\\tfrac{{{}}}{{{}}}",
            literal_latex(numerator),
            literal_latex(denominator)
        );
    }
    match text.find(['e', 'E']) {
        Some(at) => {
            let exponent = text[at + 1..].trim_start_matches('+');
            format!("{} \\times 10^{{{exponent}}}", &text[..at])
        }
        None => text.trim_start_matches('+').to_owned(),
    }
}

/// A number ready for the LaTeX printer.
#[derive(Debug, Clone, PartialEq)]
struct Text {
    latex: String,
    negative: bool,
}

impl LatexLeaf for Text {
    fn latex(&self, _: &Notation) -> String {
        self.latex.clone()
    }
    fn is_negative(&self) -> bool {
        self.negative
    }
    fn latex_magnitude(&self, _: &Notation) -> String {
        self.latex
            .strip_prefix('-')
            .unwrap_or(&self.latex)
            .to_owned()
    }
    fn is_number(&self) -> bool {
        true
    }
}

/// LaTeX of a written line.
pub fn written_latex(written: &Written, style: &NumberStyle, notation: &Notation) -> String {
    let text = written.map_leaves(&mut |shown| {
        let latex = style.latex(shown);
        Node::Leaf(Text {
            negative: latex.starts_with('-'),
            latex,
        })
    });
    latex::to_latex(&text, notation)
}

/// LaTeX of a symbolic formula.
pub fn formula_latex(expr: &Expr, notation: &Notation) -> String {
    latex::to_latex(expr, notation)
}

/// A vector as a LaTeX column `\begin{pmatrix} … \end{pmatrix}`.
pub fn column(entries: &[String]) -> String {
    format!(
        "\\begin{{pmatrix}} {} \\end{{pmatrix}}",
        entries.join(" \\\\ ")
    )
}

/// A matrix as LaTeX `\begin{pmatrix} a & b \\ c & d \end{pmatrix}`.
pub fn matrix(rows: &[Vec<String>]) -> String {
    let rows: Vec<String> = rows.iter().map(|r| r.join(" & ")).collect();
    format!(
        "\\begin{{pmatrix}} {} \\end{{pmatrix}}",
        rows.join(" \\\\ ")
    )
}
