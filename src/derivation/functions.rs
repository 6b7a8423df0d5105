//! Functions defined by formulas, shown once before they are used: each
//! definition as written, the built-in functions it spells out, and its
//! derivative found by the symbolic core with the rules used — simplified
//! as a reader writes it. A function in pieces gets a derivative per
//! piece and the convention at the boundary.

use std::sync::Arc;

use crate::functions::{Func, NamedFunction, Var};
use crate::model::{ActivationShape, DefinedLoss, Loss, Network};
use crate::symbolic::rules::{RuleName, Trace, definition_body, differentiate_by};
use crate::symbolic::simplify::{factor_common, simplify};
use crate::symbolic::{Atom, Expr};

/// What a defined function is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FunctionRole {
    /// An activation, a function of `z`.
    Activation,
    /// A loss's term for one output unit, in `y` and `yhat`, summed over the units.
    Loss,
}

/// A function defined by a formula, with its derivative.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DerivedFunction {
    /// Its name.
    pub name: String,
    /// Activation or loss.
    pub role: FunctionRole,
    /// Whether the file defines it (otherwise it is a built-in card written with building blocks).
    pub in_file: bool,
    /// The formula as written, over its variables.
    pub formula: Expr,
    /// The formula as used, when it spells out built-in functions (`1/(1 + e^(−z))` is σ(z)).
    pub recognised: Option<Expr>,
    /// Its derivative (by `z`, or by `yhat` for a loss): the simplified form,
    /// then a factored form where factoring shortens it.
    pub derivative: Vec<Expr>,
    /// The rules used.
    pub rules: Vec<RuleName>,
    /// Whether the formula has pieces (`if`, `max`, `min`).
    pub pieces: bool,
}

/// The functions defined by formulas that the network uses, each once,
/// in the order they are first needed (a function another one uses first).
pub fn derived_functions(network: &Network) -> Vec<DerivedFunction> {
    let mut named: Vec<Arc<NamedFunction>> = Vec::new();
    for layer in &network.layers {
        if let ActivationShape::Elementwise(formula) = layer.activation.shape() {
            collect(&Expr::of_formula(&formula), &mut named);
        }
    }
    let mut loss_uses = Vec::new();
    collect(&Expr::of_formula(&network.loss.term()), &mut loss_uses);
    for f in loss_uses {
        if !named.contains(&f) {
            named.push(f);
        }
    }
    let in_file = |name: &str| network.definitions.iter().any(|d| d.name() == name);
    let mut derived: Vec<DerivedFunction> = named
        .iter()
        .map(|f| activation(f, in_file(&f.name)))
        .collect();
    if let Loss::Defined(loss) = &network.loss {
        derived.push(defined_loss(loss));
    }
    derived
}

/// Adds every function defined by a formula that `e` applies, those it
/// uses before it.
fn collect(e: &Expr, named: &mut Vec<Arc<NamedFunction>>) {
    e.for_each_func(&mut |func| {
        if let Func::Named(f) = func
            && !named.contains(f)
        {
            collect(&Expr::of_formula(&f.body), named);
            if !named.contains(f) {
                named.push(Arc::clone(f));
            }
        }
    });
}

fn activation(f: &NamedFunction, in_file: bool) -> DerivedFunction {
    let formula = Expr::of_formula(&f.body);
    let used = definition_body(f);
    let mut trace = Trace::default();
    let raw = differentiate_by(&used, &Atom::Var(Var::Z), &mut trace);
    DerivedFunction {
        name: f.name.clone(),
        role: FunctionRole::Activation,
        in_file,
        recognised: (simplify(&formula) != used).then(|| used.clone()),
        derivative: forms(&raw),
        rules: trace.rules,
        pieces: formula.has_pieces(),
        formula,
    }
}

fn defined_loss(loss: &DefinedLoss) -> DerivedFunction {
    let formula = Expr::of_formula(&loss.term);
    let mut trace = Trace::default();
    let raw = differentiate_by(&formula, &Atom::Var(Var::YHat), &mut trace);
    DerivedFunction {
        name: loss.name.clone(),
        role: FunctionRole::Loss,
        in_file: true,
        recognised: None,
        derivative: forms(&raw),
        rules: trace.rules,
        pieces: formula.has_pieces(),
        formula,
    }
}

/// The simplified derivative, and its factored form when that is shorter.
fn forms(raw: &Expr) -> Vec<Expr> {
    let simplified = simplify(raw);
    let factored = factor_common(&simplified);
    if factored != simplified && factored.size() < simplified.size() {
        vec![simplified, factored]
    } else {
        vec![simplified]
    }
}
