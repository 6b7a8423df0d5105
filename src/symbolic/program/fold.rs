//! Folding an activation's own formula back into the symbol it defines
//! (`σ(z₁)` → `a₁`; for softmax, `e^(z_m)` paired with a power of the layer's
//! denominator → `a_m`): the rewrite that turns σ(z)(1 − σ(z)) into a(1 − a).

use super::{elementwise, softmax_denominator, sym};
use crate::model::ids::{ExampleId, LayerId};
use crate::model::{Activation, Network};
use crate::symbolic::expr::{Atom, Expr, Func, Node};
use crate::symbolic::quantity::{Quantity, Symbol};
use crate::symbolic::simplify::simplify;

/// Replaces an activation's own formula by the activation symbol it
/// defines: `σ(z₁)` → `a₁`, and for softmax `e^(z_m) · (Σ e^z)^−k` pairs → `a_m`.
pub(super) fn fold_definitions(
    e: &Expr,
    network: &Network,
    layer: LayerId,
    example: Option<ExampleId>,
) -> Expr {
    let activation = &network.layer(layer).activation;
    let folded = match elementwise(activation) {
        Some(func) => fold_elementwise(e, &func, layer, example),
        None if *activation == Activation::Softmax => {
            let denominator = simplify(&softmax_denominator(network, layer, example));
            fold_softmax(e, &denominator, layer, example)
        }
        None => e.clone(),
    };
    simplify(&folded)
}

fn fold_elementwise(e: &Expr, func: &Func, layer: LayerId, example: Option<ExampleId>) -> Expr {
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
            Expr::apply(f.clone(), fold_elementwise(argument, func, layer, example))
        }
        Node::Leaf(_) => e.clone(),
        Node::Add(items) => Node::Add(
            items
                .iter()
                .map(|i| fold_elementwise(i, func, layer, example))
                .collect(),
        ),
        Node::Mul(items) => Node::Mul(
            items
                .iter()
                .map(|i| fold_elementwise(i, func, layer, example))
                .collect(),
        ),
        Node::Neg(inner) => fold_elementwise(inner, func, layer, example).negate(),
        Node::Pow(inner, n) => fold_elementwise(inner, func, layer, example).pow(*n),
        Node::Apply(f, inner) => {
            Expr::apply(f.clone(), fold_elementwise(inner, func, layer, example))
        }
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
