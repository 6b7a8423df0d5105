//! The written path: a formula with numbers substituted, then one line per
//! round of arithmetic, each round computing (and, under `carry = step`,
//! rounding) every node whose operands are all numbers. It uses the same
//! operations as the fast path in `mod.rs`, so lines and values agree.

use num_rational::BigRational;

use super::{
    Failure, Lookup, NumericError, Pass, Rules, Shown, Step, Written, compute, constant, error,
    leaf, negate, split_product,
};
use crate::numeric::real::Real;
use crate::symbolic::{Expr, Node, Piecewise, Symbol};

/// One written line and whether reaching it from the line before rounded
/// anything away (so it is joined with `≈` rather than `=`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenLine {
    /// The formula at this stage.
    pub expr: Written,
    /// Whether some value in this line was rounded when it was computed.
    pub approximate: bool,
}

/// The written lines of a formula: the formula with values substituted,
/// then one line per round of evaluation, each round replacing every node
/// whose operands are all numbers by its (rounded, under `step`) value.
///
/// # Errors
/// As [`value`].
pub fn write(
    e: &Expr,
    env: &dyn Lookup,
    rules: &Rules,
    target: Symbol,
    pass: Pass,
) -> Result<Vec<WrittenLine>, NumericError> {
    let fail = |failure| error(failure, target, pass);
    let mut current = substitute(e, env).map_err(fail)?;
    let mut lines = vec![WrittenLine {
        expr: current.clone(),
        approximate: false,
    }];
    // Products that are 0 because of a target (`0 · ln 0.0000`) collapse to
    // 0 on a line of their own, before anything else is computed.
    let mut vanished = Vec::new();
    let collapsed = super::vanish::collapse(e, env, rules, &mut vanished).map_err(fail)?;
    if !vanished.is_empty() {
        current = substitute(&collapsed, env).map_err(fail)?;
        lines.push(WrittenLine {
            expr: current.clone(),
            approximate: false,
        });
    }
    // Every round makes the tree strictly smaller, so this ends; a round
    // that changed nothing would repeat forever, so it stops the lines.
    while !matches!(current, Node::Leaf(_)) {
        let mut approximate = false;
        let next = reduce(&current, rules, &mut approximate).map_err(fail)?;
        if next == current {
            break;
        }
        current = next;
        lines.push(WrittenLine {
            expr: current.clone(),
            approximate,
        });
    }
    Ok(lines)
}

fn substitute(e: &Expr, env: &dyn Lookup) -> Result<Written, Failure> {
    let mut failure = None;
    let written = e.map_leaves(&mut |atom| match leaf(atom, env) {
        Ok(shown) => Node::Leaf(shown),
        Err(f) => {
            failure.get_or_insert(f);
            Node::Leaf(constant(&BigRational::from_integer(0.into())))
        }
    });
    match failure {
        Some(f) => Err(f),
        None => Ok(fold_exponent_signs(written)),
    }
}

/// Writes `e^{-(-0.0136)}` as `e^{0.0136}`, as a person would: negating a
/// number is exact, so this changes no value, only how it reads.
fn fold_exponent_signs(node: Written) -> Written {
    match node {
        Node::Apply(func, inner) => match *inner {
            Node::Neg(value) => match *value {
                Node::Leaf(shown) => Node::Apply(func, Box::new(Node::Leaf(negate(&shown)))),
                other => Node::Apply(
                    func,
                    Box::new(Node::Neg(Box::new(fold_exponent_signs(other)))),
                ),
            },
            other => Node::Apply(func, Box::new(fold_exponent_signs(other))),
        },
        Node::Leaf(_) => node,
        Node::Add(items) => Node::Add(items.into_iter().map(fold_exponent_signs).collect()),
        Node::Mul(items) => Node::Mul(items.into_iter().map(fold_exponent_signs).collect()),
        Node::Neg(inner) => Node::Neg(Box::new(fold_exponent_signs(*inner))),
        Node::Pow(inner, n) => Node::Pow(Box::new(fold_exponent_signs(*inner)), n),
        Node::If(p) => {
            let p = *p;
            Node::If(Box::new(Piecewise {
                left: fold_exponent_signs(p.left),
                relation: p.relation,
                right: fold_exponent_signs(p.right),
                then: fold_exponent_signs(p.then),
                otherwise: fold_exponent_signs(p.otherwise),
            }))
        }
    }
}

/// A settled operand: a number, or a negated number.
fn settled(node: &Written) -> Option<Shown> {
    match node {
        Node::Leaf(shown) => Some(shown.clone()),
        Node::Neg(inner) => match inner.as_ref() {
            Node::Leaf(shown) => Some(negate(shown)),
            _ => None,
        },
        _ => None,
    }
}

/// One round of evaluation; `approximate` is set when a value is rounded.
fn reduce(node: &Written, rules: &Rules, approximate: &mut bool) -> Result<Written, Failure> {
    if let Some(result) = evaluate_if_ready(node, rules)? {
        // Negating a number loses nothing, whatever its digits.
        *approximate |= !result.rounded.exact && !matches!(node, Node::Neg(_));
        return Ok(Node::Leaf(result));
    }
    Ok(match node {
        Node::Leaf(_) => node.clone(),
        Node::Neg(inner) => Node::Neg(Box::new(reduce(inner, rules, approximate)?)),
        Node::Add(items) => Node::Add(
            items
                .iter()
                .map(|i| reduce_child(i, rules, approximate))
                .collect::<Result<_, _>>()?,
        ),
        Node::Mul(items) => Node::Mul(
            items
                .iter()
                .map(|i| reduce_factor(i, rules, approximate))
                .collect::<Result<_, _>>()?,
        ),
        Node::Pow(inner, n) => Node::Pow(Box::new(reduce_child(inner, rules, approximate)?), *n),
        Node::Apply(func, inner) => Node::Apply(
            func.clone(),
            Box::new(reduce_child(inner, rules, approximate)?),
        ),
        // Once both sides of the condition are numbers, the piece it
        // selects replaces the whole; until then only the sides are worked
        // on (the other piece may be undefined here, as `ln z` for z ≤ 0).
        Node::If(p) => match (settled(&p.left), settled(&p.right)) {
            (Some(left), Some(right)) => {
                if p.relation.holds(left.carried.compare(&right.carried)) {
                    p.then.clone()
                } else {
                    p.otherwise.clone()
                }
            }
            _ => Node::If(Box::new(Piecewise {
                left: reduce_child(&p.left, rules, approximate)?,
                relation: p.relation,
                right: reduce_child(&p.right, rules, approximate)?,
                then: p.then.clone(),
                otherwise: p.otherwise.clone(),
            })),
        },
    })
}

/// Reduces a child, leaving settled operands alone for their parent to use.
fn reduce_child(node: &Written, rules: &Rules, approximate: &mut bool) -> Result<Written, Failure> {
    if settled(node).is_some() {
        return Ok(node.clone());
    }
    reduce(node, rules, approximate)
}

/// Reduces a factor of a product, leaving settled operands and settled
/// denominators alone: the product divides by them itself.
fn reduce_factor(
    node: &Written,
    rules: &Rules,
    approximate: &mut bool,
) -> Result<Written, Failure> {
    if let Node::Pow(base, n) = node
        && *n < 0
        && settled(base).is_some()
    {
        return Ok(node.clone());
    }
    reduce_child(node, rules, approximate)
}

/// The value of a node whose operands are all settled.
fn evaluate_if_ready(node: &Written, rules: &Rules) -> Result<Option<Shown>, Failure> {
    let result = match node {
        Node::Neg(inner) => match inner.as_ref() {
            Node::Leaf(shown) => Some(negate(shown)),
            _ => None,
        },
        Node::Add(items) => {
            let operands: Option<Vec<Real>> = items
                .iter()
                .map(|i| settled(i).map(|s| s.carried))
                .collect();
            match operands {
                Some(operands) => Some(rules.settle(compute(&Step::Add, &operands, rules)?)),
                None => None,
            }
        }
        Node::Mul(items) => {
            let (numerators, denominators, powers) = split_product(items);
            let operands: Option<Vec<Real>> = numerators
                .iter()
                .chain(denominators.iter())
                .map(|i| settled(i).map(|s| s.carried))
                .collect();
            match operands {
                Some(operands) => Some(rules.settle(compute(
                    &Step::Mul {
                        denominators: &powers,
                    },
                    &operands,
                    rules,
                )?)),
                None => None,
            }
        }
        Node::Pow(inner, n) => match settled(inner) {
            Some(base) => Some(rules.settle(compute(&Step::Pow(*n), &[base.carried], rules)?)),
            None => None,
        },
        Node::Apply(func, inner) => match settled(inner) {
            Some(argument) => {
                Some(rules.settle(compute(&Step::Apply(func), &[argument.carried], rules)?))
            }
            None => None,
        },
        Node::Leaf(_) | Node::If(_) => None,
    };
    Ok(result)
}
