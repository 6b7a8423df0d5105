//! Products that are 0 because of a target: `0 · ln ŷ = 0` whatever ŷ is.
//!
//! A factor that depends only on targets and constants (`y`, `1 − y`) and
//! whose value, as the carry mode computes it, is exactly 0 makes its
//! product 0 without the other factors being evaluated (spec, `quantity`
//! carry item 6; the limit of y ln ŷ as y → 0). This is what lets
//! cross-entropy and binary cross-entropy accept a confident correct
//! prediction that prints as 0 or 1: `0 · ln 0.0000` and `−0/0.0000` are 0
//! rather than errors. The value path, the written lines and the notes of
//! the derivation all use the functions here, so they agree.

use super::{Carried, Failure, Lookup, Number, Rules, value_of};
use crate::numeric::real::Real;
use crate::symbolic::{Atom, Expr, Node, Piecewise, Quantity, Symbol};

/// A product that is 0 because one factor is: the factor, and the
/// quantities of the other factors that did not need a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vanishing {
    /// The factor that is 0 (`y₂`, `1 − y₁`).
    pub factor: Expr,
    /// The quantities in the other factors (`ŷ₂`), in order, without repeats.
    pub others: Vec<Symbol>,
}

/// Whether a formula depends only on targets and constants.
fn data_only(e: &Expr) -> bool {
    let mut data = true;
    e.for_each_leaf(&mut |leaf| {
        data &= matches!(
            leaf,
            Atom::Const(_)
                | Atom::Sym(Symbol {
                    quantity: Quantity::Target { .. },
                    ..
                })
        );
    });
    data
}

/// Whether a product is an optimizer's step `m̂/(√v̂ + ε)` or `g/(√s + ε)`:
/// a denominator holding ε. In exact arithmetic that denominator is at
/// least ε > 0, so a numerator of exactly 0 (a parameter whose gradients
/// were all 0) makes the step 0, even where rounding at a fixed number of
/// decimals printed the denominator as 0.
fn guarded_by_epsilon(factors: &[Expr]) -> bool {
    let epsilon = Symbol::of(Quantity::Hyper(crate::model::Hyper::Epsilon));
    factors
        .iter()
        .any(|f| matches!(f, Node::Pow(inner, n) if *n < 0 && inner.mentions(&epsilon)))
}

/// The numerator of an optimizer's step: m̂ or the gradient itself.
fn step_numerator(e: &Expr) -> bool {
    matches!(
        e,
        Node::Leaf(Atom::Sym(Symbol {
            quantity: Quantity::State {
                kind: crate::symbolic::StateKind::MHat,
                ..
            } | Quantity::WeightGradient { .. }
                | Quantity::BiasGradient { .. },
            ..
        }))
    )
}

/// The factor of a product (not a denominator) that depends only on
/// targets and constants and is 0 under the carry mode, if there is one;
/// or the zero numerator of an optimizer's step guarded by ε.
pub(super) fn zero_factor<N: Number, E: Carried<N> + ?Sized>(
    factors: &[Expr],
    env: &E,
    rules: &Rules,
) -> Result<Option<usize>, Failure> {
    let guarded = guarded_by_epsilon(factors);
    for (index, factor) in factors.iter().enumerate() {
        let candidate = data_only(factor) || (guarded && step_numerator(factor));
        if matches!(factor, Node::Pow(_, n) if *n < 0) || !candidate {
            continue;
        }
        if value_of::<N, E>(factor, env, rules)?.is_zero()? {
            return Ok(Some(index));
        }
    }
    Ok(None)
}

/// The formula with every product that vanishes replaced by the constant 0
/// (a negated one too, so `−(y · ŷ⁻¹)` reads `0`, not `−0`), and what
/// vanished. Sums keep their zero terms, so the written line shows each
/// product collapsing.
pub(super) fn collapse(
    e: &Expr,
    env: &dyn Lookup,
    rules: &Rules,
    found: &mut Vec<Vanishing>,
) -> Result<Expr, Failure> {
    Ok(match e {
        Node::Mul(factors) => match zero_factor::<Real, dyn Lookup>(factors, env, rules)? {
            Some(index) => {
                found.push(vanishing(factors, index));
                Expr::int(0)
            }
            None => Node::Mul(
                factors
                    .iter()
                    .map(|f| collapse(f, env, rules, found))
                    .collect::<Result<_, _>>()?,
            ),
        },
        Node::Neg(inner) => {
            let inner = collapse(inner, env, rules, found)?;
            if inner.is_zero() {
                inner
            } else {
                inner.negate()
            }
        }
        Node::Add(terms) => Node::Add(
            terms
                .iter()
                .map(|t| collapse(t, env, rules, found))
                .collect::<Result<_, _>>()?,
        ),
        Node::Pow(base, n) => collapse(base, env, rules, found)?.pow(*n),
        Node::Apply(func, argument) => {
            Expr::apply(func.clone(), collapse(argument, env, rules, found)?)
        }
        Node::If(piecewise) => {
            let mut part = |e: &Expr| collapse(e, env, rules, found);
            Node::If(Box::new(Piecewise {
                left: part(&piecewise.left)?,
                relation: piecewise.relation,
                right: part(&piecewise.right)?,
                then: part(&piecewise.then)?,
                otherwise: part(&piecewise.otherwise)?,
            }))
        }
        Node::Leaf(_) => e.clone(),
    })
}

fn vanishing(factors: &[Expr], index: usize) -> Vanishing {
    let mut others: Vec<Symbol> = Vec::new();
    for (i, factor) in factors.iter().enumerate() {
        if i == index {
            continue;
        }
        factor.for_each_leaf(&mut |leaf| {
            if let Atom::Sym(symbol) = leaf
                && !matches!(symbol.quantity, Quantity::Target { .. })
                && !others.contains(symbol)
            {
                others.push(*symbol);
            }
        });
    }
    Vanishing {
        factor: factors[index].clone(),
        others,
    }
}

/// The products of `e` that are 0 because of a target or constant factor
/// that is 0, as the carry mode computes it: what the report explains in
/// words ("the term is 0 whatever ŷ₂ is").
///
/// A factor that cannot be evaluated is left to the evaluation proper to
/// report, so this never fails.
pub fn vanishing_products(e: &Expr, env: &dyn Lookup, rules: &Rules) -> Vec<Vanishing> {
    let mut found = Vec::new();
    match collapse(e, env, rules, &mut found) {
        // The prose explains target factors; a zero step needs no words
        // (its numerator, printed as 0, is on the line above).
        Ok(_) => found.into_iter().filter(|v| data_only(&v.factor)).collect(),
        Err(_) => Vec::new(),
    }
}
