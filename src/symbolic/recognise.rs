//! Recognising built-in functions spelled out in a formula: a definition
//! `1/(1 + exp(-z))` is σ(z), `(exp(z) - exp(-z))/(exp(z) + exp(-z))` is
//! tanh z, `ln(1 + exp(z))` is softplus z, and `(exp(z) + exp(-z))/2` is
//! cosh z. A user who restates a built-in then gets the built-in's
//! derivative in its textbook form (σ(1 − σ), folded into a(1 − a)), and so
//! the built-in's numbers under every carry mode.
//!
//! Works on simplified formulas (constants folded, `x/2` as `½·x`), bottom up.

use num_traits::One;

use super::expr::{Expr, Func, Node, Piecewise};

/// `e` with every spelled-out built-in function replaced by the function.
pub fn recognise(e: &Expr) -> Expr {
    let inner = match e {
        Node::Leaf(_) => return e.clone(),
        Node::Add(items) => Node::Add(items.iter().map(recognise).collect()),
        Node::Mul(items) => Node::Mul(items.iter().map(recognise).collect()),
        Node::Neg(inner) => recognise(inner).negate(),
        Node::Pow(inner, n) => recognise(inner).pow(*n),
        Node::Apply(func, inner) => Expr::apply(func.clone(), recognise(inner)),
        Node::If(p) => Node::If(Box::new(Piecewise {
            left: recognise(&p.left),
            relation: p.relation,
            right: recognise(&p.right),
            then: recognise(&p.then),
            otherwise: recognise(&p.otherwise),
        })),
    };
    whole(&inner).unwrap_or(inner)
}

/// The built-in function `e` spells out as a whole, if any.
fn whole(e: &Expr) -> Option<Expr> {
    sigmoid(e)
        .or_else(|| tanh(e))
        .or_else(|| softplus(e))
        .or_else(|| hyperbolic(e))
}

/// `e^u` → u.
fn exp_of(e: &Expr) -> Option<&Expr> {
    match e {
        Node::Apply(Func::Exp, u) => Some(u),
        _ => None,
    }
}

/// `e^(−u)` → u.
fn exp_of_minus(e: &Expr) -> Option<&Expr> {
    match exp_of(e)? {
        Node::Neg(u) => Some(u),
        _ => None,
    }
}

fn is_one(e: &Expr) -> bool {
    e.as_const().is_some_and(One::is_one)
}

/// The two terms of a two-term sum, in either order, that satisfy `first` and `second`.
fn pair<'a, A, B>(
    e: &'a Expr,
    first: impl Fn(&'a Expr) -> Option<A>,
    second: impl Fn(&'a Expr) -> Option<B>,
) -> Option<(A, B)> {
    let Node::Add(terms) = e else {
        return None;
    };
    let [a, b] = terms.as_slice() else {
        return None;
    };
    first(a).zip(second(b)).or_else(|| first(b).zip(second(a)))
}

/// `(1 + e^(−u))^(−1)` → σ(u).
fn sigmoid(e: &Expr) -> Option<Expr> {
    let Node::Pow(base, -1) = e else {
        return None;
    };
    let ((), u) = pair(base, |t| is_one(t).then_some(()), exp_of_minus)?;
    Some(Expr::apply(Func::Sigmoid, u.clone()))
}

/// `(e^u − e^(−u)) · (e^u + e^(−u))^(−1)` → tanh u.
fn tanh(e: &Expr) -> Option<Expr> {
    let Node::Mul(factors) = e else {
        return None;
    };
    let [a, b] = factors.as_slice() else {
        return None;
    };
    let (numerator, denominator) = match (a, b) {
        (n, Node::Pow(d, -1)) | (Node::Pow(d, -1), n) => (n, d.as_ref()),
        _ => return None,
    };
    let minus_exp = |t: &'_ Expr| match t {
        Node::Neg(inner) => exp_of_minus(inner).cloned(),
        _ => None,
    };
    let (u, v) = pair(numerator, |t| exp_of(t).cloned(), minus_exp)?;
    let (p, q) = pair(
        denominator,
        |t| exp_of(t).cloned(),
        |t| exp_of_minus(t).cloned(),
    )?;
    (u == v && p == u && q == u).then(|| Expr::apply(Func::Tanh, u))
}

/// `ln(1 + e^u)` → softplus u.
fn softplus(e: &Expr) -> Option<Expr> {
    let Node::Apply(Func::Ln, argument) = e else {
        return None;
    };
    let ((), u) = pair(argument, |t| is_one(t).then_some(()), exp_of)?;
    // `ln(1 + e^(−u))` is softplus(−u): written as it was.
    Some(Expr::apply(Func::Softplus, u.clone()))
}

/// `½ (e^u + e^(−u))` → cosh u and `½ (e^u − e^(−u))` → sinh u.
fn hyperbolic(e: &Expr) -> Option<Expr> {
    let Node::Mul(factors) = e else {
        return None;
    };
    let [half, sum] = factors.as_slice() else {
        return None;
    };
    if half.as_const() != Some(&num_rational::BigRational::new(1.into(), 2.into())) {
        return None;
    }
    if let Some((u, v)) = pair(sum, |t| exp_of(t).cloned(), |t| exp_of_minus(t).cloned())
        && u == v
    {
        return Some(Expr::apply(Func::Cosh, u));
    }
    let minus_exp = |t: &'_ Expr| match t {
        Node::Neg(inner) => exp_of_minus(inner).cloned(),
        _ => None,
    };
    let (u, v) = pair(sum, |t| exp_of(t).cloned(), minus_exp)?;
    (u == v).then(|| Expr::apply(Func::Sinh, u))
}
