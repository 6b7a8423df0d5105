//! A short, ordered, terminating list of rewrites that bring a derivative
//! to the form a textbook prints: fold constants, drop `·1`, `+0`, turn
//! `·0` into 0, flatten nested sums and products, pull signs out of
//! products, merge equal bases (`u·u⁻¹` → 1), and collapse powers.
//!
//! Every rewrite makes the tree smaller or moves a sign outward, so the
//! fixed-point loop ends; it is bounded anyway.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Signed, Zero};

use super::expr::{Atom, Expr, Func, Node, Piecewise};

/// The simplified form of `e`.
pub fn simplify(e: &Expr) -> Expr {
    let mut current = e.clone();
    for _ in 0..16 {
        let next = rewrite(&current);
        if next == current {
            return next;
        }
        current = next;
    }
    current
}

fn rewrite(e: &Expr) -> Expr {
    match e {
        Node::Leaf(_) => e.clone(),
        Node::Add(terms) => rewrite_sum(terms.iter().map(rewrite).collect()),
        Node::Mul(factors) => rewrite_product(factors.iter().map(rewrite).collect()),
        Node::Neg(inner) => rewrite_negation(rewrite(inner)),
        Node::Pow(base, n) => rewrite_power(rewrite(base), *n),
        Node::Apply(func, argument) => rewrite_application(func, rewrite(argument)),
        Node::If(p) => rewrite_piecewise(Piecewise {
            left: rewrite(&p.left),
            relation: p.relation,
            right: rewrite(&p.right),
            then: rewrite(&p.then),
            otherwise: rewrite(&p.otherwise),
        }),
    }
}

/// Equal pieces need no condition; a condition between constants is decided.
fn rewrite_piecewise(p: Piecewise<super::expr::Atom>) -> Expr {
    if p.then == p.otherwise {
        return p.then;
    }
    if let (Some(left), Some(right)) = (p.left.as_const(), p.right.as_const()) {
        return if p.relation.holds(left.cmp(right)) {
            p.then
        } else {
            p.otherwise
        };
    }
    Node::If(Box::new(p))
}

fn rewrite_negation(inner: Expr) -> Expr {
    match inner {
        Node::Neg(x) => *x,
        Node::Leaf(Atom::Const(c)) => Expr::constant(-c),
        Node::Leaf(Atom::Literal(c, text)) => Node::Leaf(Atom::Literal(
            -c,
            text.strip_prefix('-')
                .map_or_else(|| format!("-{text}"), str::to_owned),
        )),
        other => other.negate(),
    }
}

fn rewrite_application(func: &Func, argument: Expr) -> Expr {
    match (func, argument.as_const()) {
        (Func::Exp, Some(c)) if c.is_zero() => Expr::int(1),
        (Func::Ln, Some(c)) if c.is_one() => Expr::int(0),
        (Func::Abs, Some(c)) => Expr::constant(c.abs()),
        (Func::Sign, Some(c)) => Expr::int(if c.is_positive() {
            1
        } else if c.is_negative() {
            -1
        } else {
            0
        }),
        _ => Expr::apply(func.clone(), argument),
    }
}

fn rewrite_power(base: Expr, n: i32) -> Expr {
    match (base, n) {
        (_, 0) => Expr::int(1),
        (base, 1) => base,
        (Node::Pow(inner, m), n) => match m.checked_mul(n) {
            Some(product) => Node::Pow(inner, product),
            None => Node::Pow(Box::new(Node::Pow(inner, m)), n),
        },
        (Node::Leaf(Atom::Const(c) | Atom::Literal(c, _)), n)
            if !(c.is_zero() && n < 0) && n.unsigned_abs() <= 8 =>
        {
            Expr::constant(c.pow(n))
        }
        (base, n) => base.pow(n),
    }
}

/// Flattens, folds constants into the place of the first constant, drops zeros.
fn rewrite_sum(terms: Vec<Expr>) -> Expr {
    let mut flat = Vec::with_capacity(terms.len());
    for term in terms {
        match term {
            Node::Add(inner) => flat.extend(inner),
            Node::Neg(inner) if matches!(*inner, Node::Add(_)) => {
                if let Node::Add(inner) = *inner {
                    flat.extend(inner.into_iter().map(rewrite_negation));
                }
            }
            other => flat.push(other),
        }
    }
    let flat = collect_like_terms(flat);
    // A single number written in the file keeps its text (`z + 0.5`).
    if flat.iter().filter(|t| t.as_const().is_some()).count() == 1
        && flat
            .iter()
            .any(|t| matches!(t, Node::Leaf(Atom::Literal(..))))
    {
        return Node::sum(flat);
    }
    let mut constant = BigRational::zero();
    let mut constant_at: Option<usize> = None;
    let mut kept: Vec<Expr> = Vec::with_capacity(flat.len());
    for term in flat {
        if let Some(c) = term.as_const() {
            constant += c;
            constant_at.get_or_insert(kept.len());
        } else {
            kept.push(term);
        }
    }
    if let Some(at) = constant_at
        && !constant.is_zero()
    {
        kept.insert(at, Expr::constant(constant));
    }
    match kept.len() {
        0 => Expr::int(0),
        _ => Node::sum(kept),
    }
}

/// A term as (coefficient, the rest): `−3·u` is (−3, u), `u` is (1, u).
fn coefficient_and_rest(term: &Expr) -> (BigRational, Expr) {
    match term {
        Node::Neg(inner) => {
            let (c, rest) = coefficient_and_rest(inner);
            (-c, rest)
        }
        Node::Mul(items) => match items.split_first() {
            Some((Node::Leaf(Atom::Const(c)), rest)) => (c.clone(), Node::product(rest.to_vec())),
            _ => (BigRational::one(), term.clone()),
        },
        other => (BigRational::one(), other.clone()),
    }
}

/// Adds up terms that differ only in their constant coefficient (`z + z`
/// → `2z`), keeping each at the place it first appears; others unchanged.
fn collect_like_terms(terms: Vec<Expr>) -> Vec<Expr> {
    let split: Vec<(BigRational, Expr)> = terms.iter().map(coefficient_and_rest).collect();
    let repeated = split.iter().enumerate().any(|(i, (_, rest))| {
        rest.as_const().is_none() && split[i + 1..].iter().any(|(_, other)| other == rest)
    });
    if !repeated {
        return terms;
    }
    let mut collected: Vec<(BigRational, Expr)> = Vec::with_capacity(split.len());
    for (c, rest) in split {
        match collected
            .iter_mut()
            .find(|(_, seen)| *seen == rest && rest.as_const().is_none())
        {
            Some(entry) => entry.0 += c,
            None => collected.push((c, rest)),
        }
    }
    collected
        .into_iter()
        .filter(|(c, _)| !c.is_zero())
        .map(|(c, rest)| match rest.as_const() {
            Some(_) => Node::Mul(vec![Expr::constant(c), rest]),
            None => rewrite_product(vec![Expr::constant(c), rest]),
        })
        .collect()
}

/// Flattens, pulls signs out, multiplies constants into one leading
/// coefficient, merges equal bases, and turns `·0` into 0.
fn rewrite_product(factors: Vec<Expr>) -> Expr {
    let mut negative = false;
    let mut coefficient = BigRational::one();
    let mut bases: Vec<(Expr, i32)> = Vec::new();
    let mut pending = factors;
    while let Some(factor) = pending.pop() {
        match factor {
            Node::Mul(inner) => pending.extend(inner),
            Node::Neg(inner) => {
                negative = !negative;
                pending.push(*inner);
            }
            Node::Leaf(Atom::Const(c)) => coefficient *= c,
            // A number written in the file stays as written; its sign moves out.
            Node::Leaf(Atom::Literal(c, text)) if c.is_negative() => {
                negative = !negative;
                merge_base(
                    &mut bases,
                    Node::Leaf(Atom::Literal(-c, text.trim_start_matches('-').to_owned())),
                    1,
                );
            }
            Node::Pow(base, n) => merge_base(&mut bases, *base, n),
            other => merge_base(&mut bases, other, 1),
        }
    }
    if coefficient.is_zero() {
        return Expr::int(0);
    }
    bases.reverse();
    merge_hyperbolic(&mut bases);
    if coefficient.is_negative() {
        negative = !negative;
        coefficient = -coefficient;
    }
    let mut kept: Vec<Expr> = bases
        .into_iter()
        .filter(|(_, n)| *n != 0)
        .map(|(base, n)| if n == 1 { base } else { base.pow(n) })
        .collect();
    if !coefficient.is_one() {
        kept.insert(0, Expr::constant(coefficient));
    }
    let product = match kept.len() {
        0 => Expr::int(1),
        _ => Node::product(kept),
    };
    if negative {
        rewrite_negation(product)
    } else {
        product
    }
}

/// Adds `base^n` to the list, combining with an equal base already there.
fn merge_base(bases: &mut Vec<(Expr, i32)>, base: Expr, n: i32) {
    if let Some(entry) = bases.iter_mut().find(|(b, _)| *b == base)
        && let Some(sum) = entry.1.checked_add(n)
    {
        entry.1 = sum;
        return;
    }
    bases.push((base, n));
}

/// `sinh(u)ⁿ · cosh(u)⁻ⁿ` → `tanh(u)ⁿ`: log-cosh's slope reads tanh(ŷ − y),
/// not a quotient of two halves.
fn merge_hyperbolic(bases: &mut [(Expr, i32)]) {
    for i in 0..bases.len() {
        let Node::Apply(Func::Sinh, u) = &bases[i].0 else {
            continue;
        };
        let n = bases[i].1;
        let cosh = Expr::apply(Func::Cosh, u.as_ref().clone());
        if let Some(j) = bases.iter().position(|(b, m)| *b == cosh && *m == -n) {
            bases[i].0 = Expr::apply(Func::Tanh, u.as_ref().clone());
            bases[j].1 = 0;
        }
    }
}

/// Factors a common factor out of a sum: `a − a²` → `a(1 − a)`,
/// `−a·b` stays as it is. Used for the printed form of activation slopes.
pub fn factor_common(e: &Expr) -> Expr {
    let Node::Add(terms) = e else {
        return e.clone();
    };
    let split: Vec<(bool, Vec<Expr>)> = terms.iter().map(term_factors).collect();
    let Some((_, first)) = split.first() else {
        return e.clone();
    };
    let common: Vec<Expr> = first
        .iter()
        .filter(|f| f.as_const().is_none() && split.iter().all(|(_, fs)| fs.contains(f)))
        .cloned()
        .collect();
    if common.is_empty() {
        return e.clone();
    }
    let mut remaining = Vec::with_capacity(split.len());
    for (negative, mut factors) in split {
        for c in &common {
            if let Some(at) = factors.iter().position(|f| f == c) {
                factors.remove(at);
            }
        }
        let rest = if factors.is_empty() {
            Expr::int(1)
        } else {
            Node::product(factors)
        };
        remaining.push(if negative { rest.negate() } else { rest });
    }
    let mut product = common;
    product.push(simplify(&Node::Add(remaining)));
    Node::Mul(product)
}

/// A term as (negated?, its factors, with powers written out).
fn term_factors(term: &Expr) -> (bool, Vec<Expr>) {
    let (negative, inner) = match term {
        Node::Neg(inner) => (true, inner.as_ref()),
        other => (false, other),
    };
    let mut factors = Vec::new();
    let items: Vec<&Expr> = match inner {
        Node::Mul(items) => items.iter().collect(),
        other => vec![other],
    };
    for item in items {
        match item {
            Node::Pow(base, n) if (2..=4).contains(n) => {
                factors.extend(std::iter::repeat_n(
                    base.as_ref().clone(),
                    n.unsigned_abs() as usize,
                ));
            }
            other => factors.push(other.clone()),
        }
    }
    (negative, factors)
}

/// The constant 1/n.
pub fn reciprocal(n: usize) -> Expr {
    Expr::constant(BigRational::new(BigInt::one(), BigInt::from(n)))
}

/// A formula of constants rewritten by symmetry so that exact cancellations
/// show: odd functions take the sign out (`tanh(−1)` → `−tanh(1)`), even
/// ones drop it (`cosh(−u)` → `cosh(u)`), σ(−u) → 1 − σ(u), and opposite
/// terms of a sum cancel. `tanh(1) + tanh(−1) + 0.05` becomes `0.05`, whose
/// rounding is then decided exactly. The value never changes.
pub fn symmetric_form(e: &Expr) -> Expr {
    match e {
        Node::Leaf(_) => e.clone(),
        Node::Add(items) => cancel_opposites(items.iter().map(symmetric_form).collect()),
        Node::Mul(items) => Node::Mul(items.iter().map(symmetric_form).collect()),
        Node::Neg(inner) => match symmetric_form(inner) {
            Node::Neg(x) => *x,
            other => other.negate(),
        },
        Node::Pow(inner, n) => symmetric_form(inner).pow(*n),
        Node::If(p) => Node::If(Box::new(Piecewise {
            left: symmetric_form(&p.left),
            relation: p.relation,
            right: symmetric_form(&p.right),
            then: symmetric_form(&p.then),
            otherwise: symmetric_form(&p.otherwise),
        })),
        Node::Apply(func, inner) => {
            let argument = symmetric_form(inner);
            let negated = match &argument {
                Node::Neg(u) => Some(u.as_ref().clone()),
                Node::Leaf(Atom::Const(c) | Atom::Literal(c, _)) if c.is_negative() => {
                    Some(Expr::constant(-c))
                }
                _ => None,
            };
            let Some(u) = negated else {
                return Expr::apply(func.clone(), argument);
            };
            match func {
                Func::Tanh | Func::Sinh | Func::Sign => Expr::apply(func.clone(), u).negate(),
                Func::Root(n) if !n.is_multiple_of(2) => Expr::apply(func.clone(), u).negate(),
                Func::Cosh | Func::Abs => Expr::apply(func.clone(), u),
                Func::Sigmoid => {
                    Node::Add(vec![Expr::int(1), Expr::apply(Func::Sigmoid, u).negate()])
                }
                Func::Exp
                | Func::Ln
                | Func::Root(_)
                | Func::Relu
                | Func::LeakyRelu(_)
                | Func::Softplus
                | Func::Step
                | Func::LeakyStep(_)
                | Func::Named(_) => Expr::apply(func.clone(), argument),
            }
        }
    }
}

/// A sum with each pair of opposite terms (`t` and `−t`) removed.
fn cancel_opposites(terms: Vec<Expr>) -> Expr {
    let mut flat: Vec<Expr> = Vec::with_capacity(terms.len());
    for term in terms {
        match term {
            Node::Add(inner) => flat.extend(inner),
            other => flat.push(other),
        }
    }
    let mut kept: Vec<Expr> = Vec::with_capacity(flat.len());
    for term in flat {
        let opposite = match &term {
            Node::Neg(inner) => inner.as_ref().clone(),
            other => other.clone().negate(),
        };
        match kept.iter().position(|k| *k == opposite) {
            Some(at) => {
                kept.remove(at);
            }
            None => kept.push(term),
        }
    }
    match kept.len() {
        0 => Expr::int(0),
        _ => Node::sum(kept),
    }
}
