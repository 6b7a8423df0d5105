//! Symbolic formulas: the expression tree of [`crate::functions`]
//! instantiated over named quantities ([`Atom`]). `Display` prints an
//! s-expression for tests and debugging: `(* (- y yhat) (sigmoid z2_1))`.

use std::fmt;

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Zero};

pub use crate::functions::{Func, NamedFunction, Node, Piecewise, Relation};
use crate::functions::{Term, Var};

use super::quantity::Symbol;

/// A leaf of a symbolic formula.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Atom {
    /// An exact constant (`½`, `2`, `1`).
    Const(BigRational),
    /// A number written in a formula of the file, with its text (`0.3`):
    /// a constant that prints as written.
    Literal(BigRational, String),
    /// A named quantity (`z⁽¹⁾₁`, `ŷ`, `W⁽²⁾₁₂`).
    Sym(Symbol),
    /// A bound variable of a function's formula (`z` in `swish(z) = z σ(z)`).
    Var(Var),
}

/// A symbolic formula.
pub type Expr = Node<Atom>;

impl Expr {
    /// The constant `n`.
    pub fn int(n: i64) -> Expr {
        Node::Leaf(Atom::Const(BigRational::from_integer(BigInt::from(n))))
    }

    /// The constant `n/d`.
    pub fn ratio(n: i64, d: i64) -> Expr {
        Node::Leaf(Atom::Const(BigRational::new(
            BigInt::from(n),
            BigInt::from(d),
        )))
    }

    /// A constant.
    pub fn constant(value: BigRational) -> Expr {
        Node::Leaf(Atom::Const(value))
    }

    /// A symbol.
    pub fn sym(symbol: Symbol) -> Expr {
        Node::Leaf(Atom::Sym(symbol))
    }

    /// The constant value, if this is a constant leaf.
    pub fn as_const(&self) -> Option<&BigRational> {
        match self {
            Node::Leaf(Atom::Const(c) | Atom::Literal(c, _)) => Some(c),
            _ => None,
        }
    }

    /// Whether this is the constant 0.
    pub fn is_zero(&self) -> bool {
        self.as_const().is_some_and(Zero::is_zero)
    }

    /// Whether this is the constant 1.
    pub fn is_one(&self) -> bool {
        self.as_const().is_some_and(One::is_one)
    }

    /// Whether the symbol occurs anywhere in the expression.
    pub fn mentions(&self, symbol: &Symbol) -> bool {
        let mut found = false;
        self.for_each_leaf(&mut |leaf| {
            if let Atom::Sym(s) = leaf {
                found |= s == symbol;
            }
        });
        found
    }

    /// A bound variable.
    pub fn var(v: Var) -> Expr {
        Node::Leaf(Atom::Var(v))
    }

    /// A function's formula as a symbolic formula (its bound variables kept).
    pub fn of_formula(formula: &Node<Term>) -> Expr {
        formula.map_leaves(&mut |term| {
            Node::Leaf(match term {
                Term::Const(c) => Atom::Const(c.clone()),
                Term::Literal(c, text) => Atom::Literal(c.clone(), text.clone()),
                Term::Var(v) => Atom::Var(*v),
            })
        })
    }

    /// A function's formula with each bound variable replaced by `value(var)`.
    pub fn instantiate(formula: &Node<Term>, value: &dyn Fn(Var) -> Expr) -> Expr {
        formula.map_leaves(&mut |term| match term {
            Term::Const(c) => Expr::constant(c.clone()),
            Term::Literal(c, text) => Node::Leaf(Atom::Literal(c.clone(), text.clone())),
            Term::Var(v) => value(*v),
        })
    }

    /// Replaces every bound variable `v` by `replacement`.
    pub fn bind(&self, v: Var, replacement: &Expr) -> Expr {
        self.map_leaves(&mut |leaf| match leaf {
            Atom::Var(w) if *w == v => replacement.clone(),
            other => Node::Leaf(other.clone()),
        })
    }

    /// Replaces every occurrence of `symbol` by `replacement`.
    pub fn substitute(&self, symbol: &Symbol, replacement: &Expr) -> Expr {
        self.map_leaves(&mut |leaf| match leaf {
            Atom::Sym(s) if s == symbol => replacement.clone(),
            other => Node::Leaf(other.clone()),
        })
    }
}

impl fmt::Display for Atom {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Atom::Const(c) => write!(f, "{c}"),
            Atom::Literal(_, text) => f.write_str(text),
            Atom::Sym(s) => write!(f, "{s}"),
            Atom::Var(v) => f.write_str(v.name()),
        }
    }
}
