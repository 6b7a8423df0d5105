//! One derivation line as a display equation chain:
//! `target = formula = rewritten = numbers = … ≈ value`.

use serde::Serialize;

use super::numbers::{NumberStyle, formula_latex, written_latex};
use super::pieces::{KinkView, PieceView, kink_views, piece_views};
use crate::derivation::{Line, Note};
use crate::symbolic::latex::Notation;
use crate::symbolic::{Quantity, RuleName};

/// A line, ready to print.
#[derive(Debug, Clone, Serialize)]
pub struct LineView {
    /// The whole chain, for `$$ … $$`.
    pub equation: String,
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
    /// The rules behind the formula, in words.
    pub rules: Vec<&'static str>,
    /// The rules behind each rewrite of the formula, in words, in order.
    pub rewrites: Vec<&'static str>,
    /// Which pieces of a function in pieces the line uses.
    pub pieces: Vec<PieceView>,
    /// Arguments exactly where a slope is not defined, with the convention used.
    pub kinks: Vec<KinkView>,
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
    let mut chain: Vec<(&'static str, String)> = vec![("", symbol.clone())];
    for form in &line.forms {
        push(&mut chain, "=", formula_latex(&form.expr, notation));
    }
    for written in &line.written {
        // Exact fractions printed as fractions lose nothing, whatever the decimal display would.
        let exact_fractions = style.fractions && style.exact_carry && {
            let mut exact = true;
            written
                .expr
                .for_each_leaf(&mut |leaf| exact &= leaf.carried.is_exact());
            exact
        };
        let relation = if written.approximate && !exact_fractions {
            "\\approx"
        } else {
            "="
        };
        push(
            &mut chain,
            relation,
            written_latex(&written.expr, style, notation),
        );
    }
    let equation = chain
        .iter()
        .map(|(relation, text)| {
            if relation.is_empty() {
                text.clone()
            } else {
                format!("{relation} {text}")
            }
        })
        .collect::<Vec<_>>()
        .join(" ");
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
            Note::Frozen | Note::Piece(_) | Note::Kink { .. } => None,
        })
        .unwrap_or((None, false));
    LineView {
        equation,
        symbol,
        value,
        plain,
        sign: line.value.as_ref().map_or(0, |v| v.carried.signum()),
        zero_because,
        zero_because_input,
        frozen: line.notes.contains(&Note::Frozen),
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

/// Adds a link to the chain unless it repeats the previous text.
fn push(chain: &mut Vec<(&'static str, String)>, relation: &'static str, text: String) {
    if chain.last().is_some_and(|(_, last)| *last == text) {
        // An approximation that prints like the line before still marks the chain.
        if relation == "\\approx"
            && let Some(last) = chain.last_mut()
            && last.0 == "="
        {
            last.0 = "\\approx";
        }
        return;
    }
    chain.push((relation, text));
}
