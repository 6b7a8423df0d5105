//! Folding an activation's own formula back into the symbol it defines
//! (`σ(z₁)` → `a₁`; for a function defined by a formula, its formula too,
//! `z₁σ(z₁)` → `a₁` for swish; for softmax, `e^(z_m)` paired with a power of
//! the layer's denominator → `a_m`): the rewrite that turns σ(z)(1 − σ(z))
//! into a(1 − a).

use super::{softmax_denominator, sym};
use crate::functions::{Node as FormulaNode, Term, Var};
use crate::model::ids::{ExampleId, LayerId};
use crate::model::{ActivationShape, Network};
use crate::symbolic::expr::{Atom, Expr, Func, Node, Piecewise};
use crate::symbolic::quantity::{Quantity, Symbol};
use crate::symbolic::rules::definition_body;
use crate::symbolic::simplify::simplify;

/// Replaces an activation's own formula by the activation symbol it
/// defines: `σ(z₁)` → `a₁`, and for softmax `e^(z_m) · (Σ e^z)^−k` pairs → `a_m`.
pub(super) fn fold_definitions(
    e: &Expr,
    network: &Network,
    layer: LayerId,
    example: Option<ExampleId>,
) -> Expr {
    let folded = match network.layer(layer).activation.shape() {
        ActivationShape::Elementwise(FormulaNode::Apply(func, argument))
            if *argument == FormulaNode::Leaf(Term::Var(Var::Z)) =>
        {
            let mut folded = fold_elementwise(e, &func, layer, example);
            if let Func::Named(f) = &func {
                let body = definition_body(f);
                for unit in network.layer(layer).unit_ids() {
                    let z = sym(Quantity::PreActivation { layer, unit }, example);
                    let a = sym(Quantity::Activation { layer, unit }, example);
                    folded = fold_pattern(&folded, &simplify(&body.bind(Var::Z, &z)), &a);
                }
            }
            folded
        }
        ActivationShape::Elementwise(_) => e.clone(),
        ActivationShape::Softmax => {
            let denominator = simplify(&softmax_denominator(network, layer, example));
            fold_softmax(e, &denominator, layer, example)
        }
    };
    simplify(&folded)
}

/// Replaces every occurrence of `pattern` in `e` by `replacement`; a
/// product pattern also matches the same factors inside a longer product
/// (`z σ(z) (1 − σ(z))` holds `z σ(z)`).
fn fold_pattern(e: &Expr, pattern: &Expr, replacement: &Expr) -> Expr {
    if e == pattern {
        return replacement.clone();
    }
    let recurse = |x: &Expr| fold_pattern(x, pattern, replacement);
    match e {
        Node::Leaf(_) => e.clone(),
        Node::Mul(items) => {
            let items: Vec<Expr> = items.iter().map(recurse).collect();
            match pattern {
                Node::Mul(wanted) => take_factors(items, wanted, replacement),
                _ => Node::Mul(items),
            }
        }
        Node::Add(items) => Node::Add(items.iter().map(recurse).collect()),
        Node::Neg(inner) => recurse(inner).negate(),
        Node::Pow(inner, n) => recurse(inner).pow(*n),
        Node::Apply(f, inner) => Expr::apply(f.clone(), recurse(inner)),
        Node::If(p) => Node::If(Box::new(Piecewise {
            left: recurse(&p.left),
            relation: p.relation,
            right: recurse(&p.right),
            then: recurse(&p.then),
            otherwise: recurse(&p.otherwise),
        })),
    }
}

/// A product with the factors `wanted` (all of them, once each) replaced by `replacement`.
fn take_factors(items: Vec<Expr>, wanted: &[Expr], replacement: &Expr) -> Expr {
    let mut remaining = items.clone();
    for factor in wanted {
        match remaining.iter().position(|item| item == factor) {
            Some(at) => {
                remaining.remove(at);
            }
            None => return Node::Mul(items),
        }
    }
    remaining.insert(0, replacement.clone());
    Node::product(remaining)
}

fn fold_elementwise(e: &Expr, func: &Func, layer: LayerId, example: Option<ExampleId>) -> Expr {
    let recurse = |x: &Expr| fold_elementwise(x, func, layer, example);
    match e {
        Node::Apply(f, argument) if f == func => {
            if let Node::Leaf(Atom::Sym(Symbol {
                quantity: Quantity::PreActivation { layer: l, unit },
                example: ex,
            })) = argument.as_ref()
                && *l == layer
                && *ex == example
            {
                return sym(Quantity::Activation { layer, unit: *unit }, example);
            }
            Expr::apply(f.clone(), recurse(argument))
        }
        Node::Leaf(_) => e.clone(),
        Node::Add(items) => Node::Add(items.iter().map(recurse).collect()),
        Node::Mul(items) => Node::Mul(items.iter().map(recurse).collect()),
        Node::Neg(inner) => recurse(inner).negate(),
        Node::Pow(inner, n) => recurse(inner).pow(*n),
        Node::Apply(f, inner) => Expr::apply(f.clone(), recurse(inner)),
        Node::If(p) => Node::If(Box::new(Piecewise {
            left: recurse(&p.left),
            relation: p.relation,
            right: recurse(&p.right),
            then: recurse(&p.then),
            otherwise: recurse(&p.otherwise),
        })),
    }
}

fn fold_softmax(e: &Expr, denominator: &Expr, layer: LayerId, example: Option<ExampleId>) -> Expr {
    let recurse = |x: &Expr| fold_softmax(x, denominator, layer, example);
    match e {
        Node::Mul(items) => {
            let items: Vec<Expr> = items.iter().map(recurse).collect();
            pair_softmax_factors(items, denominator, layer, example)
        }
        Node::Leaf(_) => e.clone(),
        Node::Add(items) => Node::Add(items.iter().map(recurse).collect()),
        Node::Neg(inner) => recurse(inner).negate(),
        Node::Pow(inner, n) => recurse(inner).pow(*n),
        Node::Apply(f, inner) => Expr::apply(f.clone(), recurse(inner)),
        Node::If(p) => Node::If(Box::new(Piecewise {
            left: recurse(&p.left),
            relation: p.relation,
            right: recurse(&p.right),
            then: recurse(&p.then),
            otherwise: recurse(&p.otherwise),
        })),
    }
}

/// In one product, turns each `e^(z_m)` matched with one power of the
/// softmax denominator into `a_m`.
fn pair_softmax_factors(
    items: Vec<Expr>,
    denominator: &Expr,
    layer: LayerId,
    example: Option<ExampleId>,
) -> Expr {
    let mut available: i32 = 0;
    for item in &items {
        if let Node::Pow(base, n) = item
            && base.as_ref() == denominator
            && *n < 0
        {
            available -= n;
        }
    }
    let mut kept = Vec::with_capacity(items.len());
    let mut used = 0;
    for item in items {
        let (base, power) = match &item {
            Node::Pow(base, n) if *n > 0 => (base.as_ref().clone(), *n),
            other => (other.clone(), 1),
        };
        let unit = match &base {
            Node::Apply(Func::Exp, argument) => match argument.as_ref() {
                Node::Leaf(Atom::Sym(Symbol {
                    quantity: Quantity::PreActivation { layer: l, unit },
                    example: ex,
                })) if *l == layer && *ex == example => Some(*unit),
                _ => None,
            },
            _ => None,
        };
        match unit {
            Some(unit) if used + power <= available => {
                used += power;
                kept.push(sym(Quantity::Activation { layer, unit }, example).pow(power));
            }
            _ => kept.push(item),
        }
    }
    let remaining = available - used;
    let mut result: Vec<Expr> = kept
        .into_iter()
        .filter(
            |item| !matches!(item, Node::Pow(base, n) if base.as_ref() == denominator && *n < 0),
        )
        .collect();
    if remaining > 0 {
        result.push(denominator.clone().pow(-remaining));
    }
    Node::product(result)
}
