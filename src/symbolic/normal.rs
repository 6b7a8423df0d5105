//! A canonical polynomial form, used to show that a chain-rule product
//! collapses: `(−y/ŷ + (1 − y)/(1 − ŷ)) · ŷ(1 − ŷ)` → `ŷ − y`.
//!
//! A product first merges equal bases (so `(1 − ŷ)⁻¹ · (1 − ŷ)` cancels
//! before anything is multiplied out), then expands what is left into a sum
//! of monomials with rational coefficients, collecting like terms. Bases
//! that cannot be expanded (negative powers of sums, function applications)
//! become atoms of the monomials.

use std::collections::BTreeMap;

use num_rational::BigRational;
use num_traits::{One, Signed, Zero};

use super::expr::{Atom, Expr, Node, Piecewise};
use super::quantity::Symbol;
use super::simplify::simplify;

/// Atoms with their (non-zero) exponents, sorted.
type Monomial = Vec<(Expr, i32)>;

/// A sum of monomials with rational coefficients (no zero coefficients).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Poly {
    terms: BTreeMap<Monomial, BigRational>,
}

/// Products that would expand into more terms than this are left alone.
const MAX_TERMS: usize = 512;

impl Poly {
    fn constant(c: BigRational) -> Poly {
        let mut terms = BTreeMap::new();
        if !c.is_zero() {
            terms.insert(Vec::new(), c);
        }
        Poly { terms }
    }

    fn atom(e: Expr, n: i32) -> Poly {
        let mut terms = BTreeMap::new();
        terms.insert(vec![(e, n)], BigRational::one());
        Poly { terms }
    }

    fn add(mut self, other: &Poly) -> Poly {
        for (monomial, c) in &other.terms {
            let entry = self
                .terms
                .entry(monomial.clone())
                .or_insert_with(BigRational::zero);
            *entry += c;
            if entry.is_zero() {
                self.terms.remove(monomial);
            }
        }
        self
    }

    fn scale(mut self, factor: &BigRational) -> Poly {
        if factor.is_zero() {
            return Poly::default();
        }
        for c in self.terms.values_mut() {
            *c *= factor;
        }
        self
    }

    fn mul(&self, other: &Poly) -> Option<Poly> {
        if self.terms.len() * other.terms.len() > MAX_TERMS {
            return None;
        }
        let mut out = Poly::default();
        for (ma, ca) in &self.terms {
            for (mb, cb) in &other.terms {
                let mut monomial = ma.clone();
                for (atom, n) in mb {
                    match monomial.iter_mut().find(|(a, _)| a == atom) {
                        Some(entry) => entry.1 = entry.1.checked_add(*n)?,
                        None => monomial.push((atom.clone(), *n)),
                    }
                }
                monomial.retain(|(_, n)| *n != 0);
                monomial.sort();
                out = out.add(&Poly {
                    terms: BTreeMap::from([(monomial, ca * cb)]),
                });
            }
        }
        Some(out)
    }

    /// `self^(−n)` when `self` is a single monomial (its reciprocal is again one).
    fn reciprocal_power(&self, n: i32) -> Option<Poly> {
        let [(monomial, c)] = self.terms.iter().collect::<Vec<_>>()[..] else {
            return None;
        };
        let inverted: Monomial = monomial
            .iter()
            .map(|(a, k)| Some((a.clone(), k.checked_mul(-n)?)))
            .collect::<Option<_>>()?;
        Some(Poly {
            terms: BTreeMap::from([(inverted, c.pow(-n))]),
        })
    }

    /// Number of terms.
    pub fn len(&self) -> usize {
        self.terms.len()
    }

    /// Whether the polynomial is zero.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }
}

/// The canonical form of `e`, or `None` if expanding it would be too large.
///
/// Products are formed lazily (sums stay as atoms) so that a factor and its
/// reciprocal cancel before anything is multiplied out; then sums with
/// positive powers are expanded, those containing reciprocals first.
pub fn normalize(e: &Expr) -> Option<Poly> {
    expand(lazy(e)?)
}

fn lazy(e: &Expr) -> Option<Poly> {
    match e {
        Node::Leaf(Atom::Const(c) | Atom::Literal(c, _)) => Some(Poly::constant(c.clone())),
        Node::Leaf(Atom::Sym(_) | Atom::Var(_)) => Some(Poly::atom(e.clone(), 1)),
        Node::If(p) => Some(Poly::atom(canonical_pieces(p)?, 1)),
        Node::Add(terms) => terms
            .iter()
            .try_fold(Poly::default(), |acc, t| Some(acc.add(&lazy(t)?))),
        Node::Neg(inner) => Some(lazy(inner)?.scale(&-BigRational::one())),
        Node::Mul(items) => items
            .iter()
            .try_fold(Poly::constant(BigRational::one()), |acc, item| {
                acc.mul(&factor(item, 1)?)
            }),
        Node::Pow(base, n) => factor(base, *n),
        Node::Apply(func, argument) => Some(Poly::atom(
            Expr::apply(func.clone(), canonical(argument)?),
            1,
        )),
    }
}

/// `e^n` as a factor of a product: sums become atoms instead of being expanded.
fn factor(e: &Expr, n: i32) -> Option<Poly> {
    match e {
        Node::Add(_) => {
            let sum = canonical(e)?;
            match sum.as_const() {
                Some(c) => power_of_constant(c, n),
                None if matches!(sum, Node::Add(_)) => Some(Poly::atom(sum, n)),
                None => factor(&sum, n),
            }
        }
        Node::Leaf(Atom::Const(c) | Atom::Literal(c, _)) => power_of_constant(c, n),
        Node::Leaf(Atom::Sym(_) | Atom::Var(_)) => Some(Poly::atom(e.clone(), n)),
        Node::If(p) => Some(Poly::atom(canonical_pieces(p)?, n)),
        Node::Apply(func, argument) => Some(Poly::atom(
            Expr::apply(func.clone(), canonical(argument)?),
            n,
        )),
        Node::Pow(base, m) => factor(base, n.checked_mul(*m)?),
        Node::Mul(_) | Node::Neg(_) => {
            let inner = lazy(e)?;
            if n > 0 {
                (1..n).try_fold(inner.clone(), |acc, _| acc.mul(&inner))
            } else {
                inner
                    .reciprocal_power(n.checked_neg()?)
                    .or_else(|| Some(Poly::atom(canonical(e)?, n)))
            }
        }
    }
}

fn power_of_constant(c: &BigRational, n: i32) -> Option<Poly> {
    if c.is_zero() && n < 0 {
        return None;
    }
    Some(Poly::constant(c.pow(n)))
}

/// A function in pieces with each part in canonical form (an atom of a monomial).
fn canonical_pieces(p: &Piecewise<Atom>) -> Option<Expr> {
    Some(Node::If(Box::new(Piecewise {
        left: canonical(&p.left)?,
        relation: p.relation,
        right: canonical(&p.right)?,
        then: canonical(&p.then)?,
        otherwise: canonical(&p.otherwise)?,
    })))
}

/// A sum in canonical (fully expanded) form, so that equal sums compare equal.
fn canonical(e: &Expr) -> Option<Expr> {
    Some(to_expr(&normalize(e)?))
}

/// Multiplies out every sum that appears with a positive power, those
/// holding reciprocals first (so they can still cancel against the others).
fn expand(mut poly: Poly) -> Option<Poly> {
    for _ in 0..64 {
        let mut target: Option<(Monomial, usize)> = None;
        for monomial in poly.terms.keys() {
            let candidates = monomial
                .iter()
                .enumerate()
                .filter(|(_, (a, n))| *n > 0 && matches!(a, Node::Add(_)));
            for (index, (atom, _)) in candidates {
                let priority = holds_reciprocal(atom);
                let better = match &target {
                    None => true,
                    Some((m, i)) => priority && !holds_reciprocal(&m[*i].0),
                };
                if better {
                    target = Some((monomial.clone(), index));
                }
            }
        }
        let Some((monomial, index)) = target else {
            return Some(poly);
        };
        let Some(coefficient) = poly.terms.remove(&monomial) else {
            return Some(poly);
        };
        let (sum, n) = monomial[index].clone();
        let mut rest = monomial;
        if n == 1 {
            rest.remove(index);
        } else {
            rest[index].1 = n - 1;
        }
        let expanded = lazy(&sum)?.mul(&Poly {
            terms: BTreeMap::from([(rest, coefficient)]),
        })?;
        poly = poly.add(&expanded);
    }
    Some(poly)
}

/// Whether a canonical sum has a term with a negative power in it.
fn holds_reciprocal(sum: &Expr) -> bool {
    let Node::Add(terms) = sum else {
        return false;
    };
    terms.iter().any(|t| {
        let inner = match t {
            Node::Neg(inner) => inner.as_ref(),
            other => other,
        };
        match inner {
            Node::Pow(_, n) => *n < 0,
            Node::Mul(items) => items.iter().any(|i| matches!(i, Node::Pow(_, n) if *n < 0)),
            _ => false,
        }
    })
}

/// Back to an expression: positive terms first, constants last within each sign.
pub fn to_expr(poly: &Poly) -> Expr {
    if poly.terms.is_empty() {
        return Expr::int(0);
    }
    let mut ordered: Vec<(&Monomial, &BigRational)> = poly.terms.iter().collect();
    ordered.sort_by_key(|(monomial, c)| (c.is_negative(), monomial.is_empty()));
    let terms: Vec<Expr> = ordered
        .into_iter()
        .map(|(monomial, c)| {
            let mut factors: Vec<Expr> = Vec::new();
            let magnitude = c.abs();
            if !magnitude.is_one() || monomial.is_empty() {
                factors.push(Expr::constant(magnitude));
            }
            for (atom, n) in monomial {
                factors.push(if *n == 1 {
                    atom.clone()
                } else {
                    atom.clone().pow(*n)
                });
            }
            let term = Node::product(factors);
            if c.is_negative() { term.negate() } else { term }
        })
        .collect();
    simplify(&Node::sum(terms))
}

/// Applies Σ_k y_k = 1: wherever the terms `c·m·y_1, …, c·m·y_n` all occur
/// (the same coefficient and the same rest `m`), they are replaced by `c·m`.
/// Returns `None` when the pattern does not occur.
pub fn apply_targets_sum_to_one(poly: &Poly, targets: &[Symbol]) -> Option<Poly> {
    let target_atoms: Vec<Expr> = targets.iter().map(|s| Expr::sym(*s)).collect();
    let mut candidates: BTreeMap<(Monomial, BigRational), Vec<usize>> = BTreeMap::new();
    for (monomial, c) in &poly.terms {
        for (index, atom) in target_atoms.iter().enumerate() {
            if let Some(at) = monomial.iter().position(|(a, n)| a == atom && *n == 1) {
                let mut rest = monomial.clone();
                rest.remove(at);
                candidates.entry((rest, c.clone())).or_default().push(index);
            }
        }
    }
    let mut result = poly.clone();
    let mut changed = false;
    for ((rest, c), indices) in candidates {
        if indices.len() != targets.len() {
            continue;
        }
        for atom in &target_atoms {
            let mut monomial = rest.clone();
            monomial.push((atom.clone(), 1));
            monomial.sort();
            result.terms.remove(&monomial);
        }
        result = result.add(&Poly {
            terms: BTreeMap::from([(rest, c)]),
        });
        changed = true;
    }
    changed.then_some(result)
}
