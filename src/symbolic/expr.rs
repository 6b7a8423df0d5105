//! The expression tree: a small closed set of operators over leaves.
//!
//! [`Node`] is generic over its leaf so the same tree shape carries symbolic
//! formulas ([`Expr`], leaves are [`Atom`]s) and, in the numeric stage,
//! formulas with numbers substituted in. `Display` prints an s-expression
//! for tests and debugging: `(* (- y yhat) (sigmoid' z2_1))`.

use std::fmt;

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Zero};

use super::quantity::Symbol;

/// A function of one argument, dispatched by `match`, never by name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Func {
    /// e^u.
    Exp,
    /// ln u.
    Ln,
    /// σ(u) = 1/(1 + e^(−u)).
    Sigmoid,
    /// tanh u.
    Tanh,
    /// max(0, u).
    Relu,
    /// u for u > 0, αu otherwise.
    LeakyRelu(BigRational),
    /// ln(1 + e^u).
    Softplus,
    /// relu′: 1 for u > 0, otherwise 0 (relu′(0) = 0 by convention).
    Step,
    /// leaky_relu′: 1 for u > 0, otherwise α.
    LeakyStep(BigRational),
}

/// An expression tree over leaves of type `L`.
///
/// Invariants after `simplify`: `Add` and `Mul` have at least two children
/// and no child of the same kind; `Pow` exponents are neither 0 nor 1.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Node<L> {
    /// A leaf.
    Leaf(L),
    /// A sum.
    Add(Vec<Node<L>>),
    /// A product.
    Mul(Vec<Node<L>>),
    /// A negation.
    Neg(Box<Node<L>>),
    /// An integer power (−1 is division).
    Pow(Box<Node<L>>, i32),
    /// A function applied to an argument.
    Apply(Func, Box<Node<L>>),
}

/// A leaf of a symbolic formula.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Atom {
    /// An exact constant (`½`, `2`, `1`).
    Const(BigRational),
    /// A named quantity (`z⁽¹⁾₁`, `ŷ`, `W⁽²⁾₁₂`).
    Sym(Symbol),
}

/// A symbolic formula.
pub type Expr = Node<Atom>;

impl<L> Node<L> {
    /// `a + b + …`; a single term is returned as itself.
    pub fn sum(mut terms: Vec<Node<L>>) -> Node<L> {
        if terms.len() == 1 {
            terms.remove(0)
        } else {
            Node::Add(terms)
        }
    }

    /// `a · b · …`; a single factor is returned as itself.
    pub fn product(mut factors: Vec<Node<L>>) -> Node<L> {
        if factors.len() == 1 {
            factors.remove(0)
        } else {
            Node::Mul(factors)
        }
    }

    /// `−a`.
    pub fn negate(self) -> Node<L> {
        Node::Neg(Box::new(self))
    }

    /// `a^n`.
    pub fn pow(self, n: i32) -> Node<L> {
        Node::Pow(Box::new(self), n)
    }

    /// `f(a)`.
    pub fn apply(func: Func, argument: Node<L>) -> Node<L> {
        Node::Apply(func, Box::new(argument))
    }

    /// The number of nodes (a measure of how much there is to read).
    pub fn size(&self) -> usize {
        match self {
            Node::Leaf(_) => 1,
            Node::Add(items) | Node::Mul(items) => 1 + items.iter().map(Node::size).sum::<usize>(),
            Node::Neg(inner) | Node::Pow(inner, _) | Node::Apply(_, inner) => 1 + inner.size(),
        }
    }

    /// The same tree with every leaf mapped.
    pub fn map_leaves<M>(&self, f: &mut impl FnMut(&L) -> Node<M>) -> Node<M> {
        match self {
            Node::Leaf(leaf) => f(leaf),
            Node::Add(items) => Node::Add(items.iter().map(|i| i.map_leaves(f)).collect()),
            Node::Mul(items) => Node::Mul(items.iter().map(|i| i.map_leaves(f)).collect()),
            Node::Neg(inner) => Node::Neg(Box::new(inner.map_leaves(f))),
            Node::Pow(inner, n) => Node::Pow(Box::new(inner.map_leaves(f)), *n),
            Node::Apply(func, inner) => Node::Apply(func.clone(), Box::new(inner.map_leaves(f))),
        }
    }

    /// Calls `f` on every leaf, left to right.
    pub fn for_each_leaf(&self, f: &mut impl FnMut(&L)) {
        match self {
            Node::Leaf(leaf) => f(leaf),
            Node::Add(items) | Node::Mul(items) => items.iter().for_each(|i| i.for_each_leaf(f)),
            Node::Neg(inner) | Node::Pow(inner, _) | Node::Apply(_, inner) => {
                inner.for_each_leaf(f)
            }
        }
    }
}

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
            Node::Leaf(Atom::Const(c)) => Some(c),
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

    /// Replaces every occurrence of `symbol` by `replacement`.
    pub fn substitute(&self, symbol: &Symbol, replacement: &Expr) -> Expr {
        self.map_leaves(&mut |leaf| match leaf {
            Atom::Sym(s) if s == symbol => replacement.clone(),
            other => Node::Leaf(other.clone()),
        })
    }
}

impl fmt::Display for Func {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Func::Exp => write!(f, "exp"),
            Func::Ln => write!(f, "ln"),
            Func::Sigmoid => write!(f, "sigmoid"),
            Func::Tanh => write!(f, "tanh"),
            Func::Relu => write!(f, "relu"),
            Func::LeakyRelu(alpha) => write!(f, "leaky_relu[{alpha}]"),
            Func::Softplus => write!(f, "softplus"),
            Func::Step => write!(f, "step"),
            Func::LeakyStep(alpha) => write!(f, "leaky_step[{alpha}]"),
        }
    }
}

impl fmt::Display for Atom {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Atom::Const(c) => write!(f, "{c}"),
            Atom::Sym(s) => write!(f, "{s}"),
        }
    }
}

impl<L: fmt::Display> fmt::Display for Node<L> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list = |f: &mut fmt::Formatter<'_>, op: &str, items: &[Node<L>]| {
            write!(f, "({op}")?;
            for item in items {
                write!(f, " {item}")?;
            }
            write!(f, ")")
        };
        match self {
            Node::Leaf(leaf) => write!(f, "{leaf}"),
            Node::Add(items) => list(f, "+", items),
            Node::Mul(items) => list(f, "*", items),
            Node::Neg(inner) => write!(f, "(- {inner})"),
            Node::Pow(inner, n) => write!(f, "(^ {inner} {n})"),
            Node::Apply(func, inner) => write!(f, "({func} {inner})"),
        }
    }
}
