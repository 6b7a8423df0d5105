//! One derivation line as printed: its display equation chain
//! `target = formula = rewritten = numbers = … ≈ value`, in the rows the
//! derivation chose, and the facts the prose mentions.

use serde::Serialize;

use super::numbers::NumberStyle;
use super::pieces::{KinkView, PieceView, kink_views, piece_views};
use crate::derivation::layout::{Budget, Display};
use crate::derivation::numbers::formula_latex;
use crate::derivation::{Line, Note};
use crate::model::{Precision, Rounding};
use crate::numeric::Real;
use crate::numeric::eval::Vanishing;
use crate::numeric::round::{Snap, SnapKind, round};
use crate::symbolic::latex::Notation;
use crate::symbolic::{Quantity, RuleName};

/// A line, ready to print.
#[derive(Debug, Clone, Serialize)]
pub struct LineView {
    /// The whole chain laid out for the page, for `$$ … $$`.
    pub equation: String,
    /// The chain laid out for a narrow screen.
    pub narrow: String,
    /// The quantity defined (LaTeX).
    pub symbol: String,
    /// Its value (LaTeX), empty when only shown symbolically.
    pub value: String,
    /// Its value as plain text.
    pub plain: String,
    /// `-1`, `0` or `1`: the sign of the value.
    pub sign: i32,
    /// The factor (LaTeX) that makes the value zero, if one does.
    pub zero_because: Option<String>,
    /// Whether that factor is a component of the input.
    pub zero_because_input: bool,
    /// Whether the parameter on this line is frozen.
    pub frozen: bool,
    /// Products of the formula that are 0 because a target factor is 0.
    pub vanishing: Option<VanishingView>,
    /// The value was taken to be exactly on a rounding boundary.
    pub snapped: Option<SnapView>,
    /// The rules behind the formula, in words.
    pub rules: Vec<&'static str>,
    /// The rules behind each rewrite of the formula, in words, in order.
    pub rewrites: Vec<&'static str>,
    /// Which pieces of a function in pieces the line uses.
    pub pieces: Vec<PieceView>,
    /// Arguments exactly where a slope is not defined, with the convention used.
    pub kinks: Vec<KinkView>,
}

/// A value taken to be exactly on a rounding boundary its approximation
/// could not decide (`numeric::round::snap`).
#[derive(Debug, Clone, Serialize)]
pub struct SnapView {
    /// What it was taken to be (LaTeX).
    pub value: String,
    /// `zero`, `shown` (a value the precision prints exactly) or `tie`.
    pub kind: &'static str,
    /// The error bound it lay within, as a power of ten (LaTeX: `10^{-76}`).
    pub within: String,
}

fn snap_view(snap: &Snap) -> SnapView {
    // bound < 2^top ≤ 10^⌈top · log₁₀ 2⌉, with 0.30102 < log₁₀ 2 < 0.30103
    // taken on the side that keeps the power above the bound.
    let top = snap.within.top();
    let log2 = if top >= 0 { 30_103 } else { 30_102 };
    let power = num_integer::Integer::div_ceil(&(top * log2), &100_000);
    SnapView {
        // A boundary is k halves of a decimal unit, so it terminates.
        value: crate::numeric::format::plain(
            &round(
                &Real::Exact(snap.value.clone()),
                Precision::Exact,
                Rounding::HalfUp,
            )
            .decimal,
            Precision::Exact,
        ),
        kind: match snap.kind {
            SnapKind::Zero => "zero",
            SnapKind::Shown => "shown",
            SnapKind::Tie => "tie",
        },
        within: format!("10^{{{power}}}"),
    }
}

/// The products of a line that are 0 because a target factor is
/// (`0 · ln ŷ₂`), said in one sentence.
#[derive(Debug, Clone, Serialize)]
pub struct VanishingView {
    /// The zero factors as one LaTeX equation without `$`: `y_{1} = y_{3} = 0`.
    pub factors: String,
    /// How many terms vanish.
    pub count: usize,
    /// The quantities they make irrelevant (each in `$…$`), joined with
    /// commas and "and"; empty when there are none.
    pub others: String,
    /// Whether there are several of them.
    pub others_plural: bool,
}

fn join_and(items: &[String]) -> String {
    match items {
        [rest @ .., last] if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => items.concat(),
    }
}

fn vanishing_view(vanishing: &[&Vanishing], notation: &Notation) -> Option<VanishingView> {
    if vanishing.is_empty() {
        return None;
    }
    let mut factors: Vec<String> = Vec::new();
    let mut others: Vec<String> = Vec::new();
    for v in vanishing {
        let factor = formula_latex(&v.factor, notation);
        if !factors.contains(&factor) {
            factors.push(factor);
        }
        for symbol in &v.others {
            let symbol = format!("${}$", notation.symbol(symbol));
            if !others.contains(&symbol) {
                others.push(symbol);
            }
        }
    }
    Some(VanishingView {
        factors: format!("{} = 0", factors.join(" = ")),
        count: vanishing.len(),
        others: join_and(&others),
        others_plural: others.len() > 1,
    })
}

/// How a rule is named in a sentence.
pub(super) fn rule_words(rule: RuleName) -> &'static str {
    match rule {
        RuleName::SumRule => "the sum rule",
        RuleName::ProductRule => "the product rule",
        RuleName::PowerRule => "the power rule",
        RuleName::ChainRule => "the chain rule",
        RuleName::ExpDerivative => "$(e^u)' = e^u$",
        RuleName::LnDerivative => "$(\\ln u)' = 1/u$",
        RuleName::SigmoidDerivative => "$\\sigma' = \\sigma(1 - \\sigma)$",
        RuleName::TanhDerivative => "$\\tanh' = 1 - \\tanh^2$",
        RuleName::ReluDerivative => "$\\operatorname{relu}'(u) = 1$ for $u > 0$ and $0$ otherwise",
        RuleName::LeakyReluDerivative => {
            "the slope of leaky ReLU ($1$ for $u > 0$, $\\alpha$ otherwise)"
        }
        RuleName::SoftplusDerivative => "$\\operatorname{softplus}' = \\sigma$",
        RuleName::RootDerivative => "$(\\sqrt[n]{u})' = \\tfrac{1}{n} (\\sqrt[n]{u})^{1-n}$",
        RuleName::AbsDerivative => "$|u|' = \\operatorname{sign}(u)$ (taken as $0$ at $u = 0$)",
        RuleName::CoshDerivative => "$\\cosh' = \\sinh$",
        RuleName::SinhDerivative => "$\\sinh' = \\cosh$",
        RuleName::PiecewiseRule => "differentiating each piece on its own",
        RuleName::DefinitionDerivative => "the derivative of the function's formula",
        RuleName::UseDefinition => "the function's definition",
        RuleName::StepDerivative => "the flatness of a step on either side of its jump",
        RuleName::SubstituteDefinition => "the activation's own definition",
        RuleName::CancelAndCollect => "cancelling common factors and collecting terms",
        RuleName::TargetsSumToOne => "using that the entries of the target add up to 1",
        RuleName::ExpandDefinition => "the definition written with $e^x$",
    }
}

/// Builds the view of a line.
pub(super) fn line_view(line: &Line, style: &NumberStyle, notation: &Notation) -> LineView {
    let symbol = notation.symbol(&line.target);
    let equation = display_math(&line.display, Budget::Page);
    let narrow = display_math(&line.display, Budget::Narrow);
    let value = line
        .value
        .as_ref()
        .map(|v| style.latex(v))
        .unwrap_or_default();
    let plain = line
        .value
        .as_ref()
        .map(|v| style.plain(v))
        .unwrap_or_default();
    let (zero_because, zero_because_input) = line
        .notes
        .iter()
        .find_map(|note| match note {
            Note::ZeroBecause(symbol) => Some((
                Some(notation.symbol(symbol)),
                matches!(symbol.quantity, Quantity::Input { .. }),
            )),
            Note::Frozen
            | Note::Vanishes(_)
            | Note::Snapped(_)
            | Note::Piece(_)
            | Note::Kink { .. } => None,
        })
        .unwrap_or((None, false));
    LineView {
        equation,
        narrow,
        symbol,
        value,
        plain,
        sign: line.value.as_ref().map_or(0, |v| v.carried.signum()),
        zero_because,
        zero_because_input,
        frozen: line.notes.contains(&Note::Frozen),
        snapped: line.notes.iter().find_map(|note| match note {
            Note::Snapped(snap) => Some(snap_view(snap)),
            Note::ZeroBecause(_)
            | Note::Frozen
            | Note::Vanishes(_)
            | Note::Piece(_)
            | Note::Kink { .. } => None,
        }),
        vanishing: vanishing_view(
            &line
                .notes
                .iter()
                .filter_map(|note| match note {
                    Note::Vanishes(vanishing) => Some(vanishing),
                    Note::ZeroBecause(_)
                    | Note::Frozen
                    | Note::Snapped(_)
                    | Note::Piece(_)
                    | Note::Kink { .. } => None,
                })
                .collect::<Vec<_>>(),
            notation,
        ),
        rules: line.rules.iter().map(|r| rule_words(*r)).collect(),
        rewrites: line
            .forms
            .iter()
            .filter_map(|f| f.rule)
            .filter(|r| !matches!(r, RuleName::ChainRule | RuleName::ExpandDefinition))
            .map(rule_words)
            .collect(),
        pieces: piece_views(&line.notes, style, notation),
        kinks: kink_views(&line.notes, notation),
    }
}

/// The math of a display laid out for a budget, for `$$ … $$`: the chain
/// on one line, or its rows in `aligned` (on lines of their own).
pub(super) fn display_math(display: &Display, budget: Budget) -> String {
    match display.rows(budget) {
        [] => display.target.clone(),
        [row] => format!("{} {}", display.target, row.latex()),
        rows => {
            let mut out = format!("\n\\begin{{aligned}}\n{} ", display.target);
            let rows: Vec<String> = rows.iter().map(|row| format!("&{}", row.latex())).collect();
            out.push_str(&rows.join(" \\\\\n"));
            out.push_str("\n\\end{aligned}\n");
            out
        }
    }
}

/// A layer's weights and biases as one display: side by side on a page,
/// one above the other on a narrow screen (`(wide, narrow)`).
pub(super) fn parameter_pair(weights: &str, biases: Option<&str>) -> (String, String) {
    match biases {
        Some(biases) => (
            format!("{weights}, \\qquad {biases}"),
            format!("\\begin{{aligned}} &{weights} \\\\ &{biases} \\end{{aligned}}"),
        ),
        None => (weights.to_owned(), weights.to_owned()),
    }
}
