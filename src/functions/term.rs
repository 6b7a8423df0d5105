//! The leaves of a function's formula: exact constants and the bound
//! variables (`z` of an activation; `y` and `yhat` of a loss's term for one
//! output unit).

use std::fmt;

use num_bigint::BigInt;
use num_rational::BigRational;

use super::expr::{Func, Node};

/// A bound variable of a function's formula.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Var {
    /// The weighted input of a unit (an activation's argument).
    Z,
    /// One component of the target (a loss's first argument).
    Y,
    /// The matching component of the prediction (a loss's second argument).
    YHat,
}

impl Var {
    /// As written in a `.net` file (`z`, `y`, `yhat`).
    pub fn name(self) -> &'static str {
        match self {
            Var::Z => "z",
            Var::Y => "y",
            Var::YHat => "yhat",
        }
    }

    /// Its TeX (`z`, `y`, `\hat y`).
    pub fn tex(self) -> &'static str {
        match self {
            Var::Z => "z",
            Var::Y => "y",
            Var::YHat => "\\hat y",
        }
    }
}

/// A leaf of a function's formula.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Term {
    /// An exact constant.
    Const(BigRational),
    /// A number written in a formula of the file, with its text (`0.3`),
    /// so the report echoes it as written.
    Literal(BigRational, String),
    /// A bound variable.
    Var(Var),
}

/// A function's formula over its bound variables.
pub type Formula = Node<Term>;

/// The bound variable `v`.
pub fn var(v: Var) -> Formula {
    Node::Leaf(Term::Var(v))
}

/// The constant `n`.
pub fn int(n: i64) -> Formula {
    Node::Leaf(Term::Const(BigRational::from_integer(BigInt::from(n))))
}

/// The constant `n/d`.
pub fn ratio(n: i64, d: i64) -> Formula {
    Node::Leaf(Term::Const(BigRational::new(
        BigInt::from(n),
        BigInt::from(d),
    )))
}

/// A constant.
pub fn constant(value: BigRational) -> Formula {
    Node::Leaf(Term::Const(value))
}

/// A number as written (`0.3`); whole numbers are plain constants.
pub fn literal(value: BigRational, text: &str) -> Formula {
    if value.is_integer() {
        constant(value)
    } else {
        Node::Leaf(Term::Literal(value, text.to_owned()))
    }
}

/// `f(z)`.
pub fn of_z(func: Func) -> Formula {
    Node::apply(func, var(Var::Z))
}

/// `a − b`.
pub fn minus(a: Formula, b: Formula) -> Formula {
    Node::Add(vec![a, b.negate()])
}

/// Parts of a formula with every function defined by a formula that it
/// applies written out (so `p(z) * p(z)` counts `p`'s formula twice).
pub fn expanded_size(formula: &Formula) -> usize {
    match formula {
        Node::Leaf(_) => 1,
        Node::Add(items) | Node::Mul(items) => 1 + items.iter().map(expanded_size).sum::<usize>(),
        Node::Neg(inner) | Node::Pow(inner, _) => 1 + expanded_size(inner),
        Node::Apply(Func::Named(f), inner) => expanded_size(&f.body) + expanded_size(inner),
        Node::Apply(_, inner) => 1 + expanded_size(inner),
        Node::If(p) => {
            1 + expanded_size(&p.left)
                + expanded_size(&p.right)
                + expanded_size(&p.then)
                + expanded_size(&p.otherwise)
        }
    }
}

/// Whether the formula mentions the variable.
pub fn mentions(formula: &Formula, v: Var) -> bool {
    let mut found = false;
    formula.for_each_leaf(&mut |leaf| found |= *leaf == Term::Var(v));
    found
}

impl fmt::Display for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Term::Const(c) => write!(f, "{c}"),
            Term::Literal(_, text) => f.write_str(text),
            Term::Var(v) => f.write_str(v.name()),
        }
    }
}
