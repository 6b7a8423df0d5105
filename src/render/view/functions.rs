//! The view of the functions defined by formulas: each definition, what it
//! spells out, and its derivative, as TeX ready to print.

use serde::Serialize;

use crate::derivation::{DerivedFunction, FunctionRole};
use crate::render::lines::rule_words;
use crate::symbolic::Expr;
use crate::symbolic::latex::{Notation, operator_name, to_latex};

/// One function defined by a formula.
#[derive(Debug, Clone, Serialize)]
pub struct FunctionView {
    /// Its name.
    pub name: String,
    /// Whether it is a loss (otherwise an activation).
    pub loss: bool,
    /// Whether the file defines it.
    pub in_file: bool,
    /// `\operatorname{swish}(z) = z \sigma(z)`.
    pub definition: String,
    /// `\operatorname{mysig}(z) = \sigma(z)`, when the formula spells out built-in functions.
    pub recognised: Option<String>,
    /// `\operatorname{swish}'(z) = … = …`.
    pub derivative: String,
    /// The rules used, in words.
    pub rules: Vec<&'static str>,
    /// Whether it is defined in pieces.
    pub pieces: bool,
}

/// The views of the defined functions.
pub(super) fn function_views(
    functions: &[DerivedFunction],
    notation: &Notation,
) -> Vec<FunctionView> {
    functions
        .iter()
        .map(|f| function_view(f, notation))
        .collect()
}

fn function_view(f: &DerivedFunction, notation: &Notation) -> FunctionView {
    let name = operator_name(&f.name);
    let (call, slope) = match f.role {
        FunctionRole::Activation => (format!("{name}(z)"), format!("{name}'(z)")),
        FunctionRole::Loss => (
            format!("{name}(y, \\hat y)"),
            format!("\\frac{{\\partial}}{{\\partial \\hat y}} {name}(y, \\hat y)"),
        ),
    };
    let chain = |forms: &[Expr]| {
        forms
            .iter()
            .map(|e| to_latex(e, notation))
            .collect::<Vec<_>>()
            .join(" = ")
    };
    FunctionView {
        name: f.name.clone(),
        loss: f.role == FunctionRole::Loss,
        in_file: f.in_file,
        definition: format!("{call} = {}", to_latex(&f.formula, notation)),
        recognised: f
            .recognised
            .as_ref()
            .map(|e| format!("{call} = {}", to_latex(e, notation))),
        derivative: format!("{slope} = {}", chain(&f.derivative)),
        rules: f.rules.iter().map(|r| rule_words(*r)).collect(),
        pieces: f.pieces,
    }
}
