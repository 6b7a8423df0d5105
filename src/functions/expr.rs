//! The expression tree: a small closed set of operators over leaves.
//!
//! [`Node`] is generic over its leaf, so the same tree carries a function's
//! formula over its bound variables ([`super::Term`]), the symbolic stage's
//! formulas over named quantities, and the numeric stage's formulas with
//! numbers substituted in. [`Func`] is the closed set of functions of one
//! argument; every `match` on it is exhaustive, so a new building block
//! does not compile until every stage knows it. `Display` prints an
//! s-expression for tests and debugging: `(* (- y yhat) (sigmoid z2_1))`.

use std::fmt;
use std::sync::Arc;

use num_rational::BigRational;

use super::term::Term;

/// A function of one argument, dispatched by `match`, never by name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Func {
    /// e^u.
    Exp,
    /// ln u (u > 0).
    Ln,
    /// The principal n-th root of u (n ≥ 2; u ≥ 0 when n is even): √u for n = 2.
    Root(u32),
    /// |u|.
    Abs,
    /// sign u: −1, 0 or 1 (|u|′, with |u|′(0) = 0 by convention).
    Sign,
    /// σ(u) = 1/(1 + e^(−u)).
    Sigmoid,
    /// tanh u.
    Tanh,
    /// cosh u = (e^u + e^(−u))/2.
    Cosh,
    /// sinh u = (e^u − e^(−u))/2.
    Sinh,
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
    /// A function defined by a formula (a user's `activation swish(z) =
    /// …`, or a table entry written with building blocks): `name(u)` is
    /// its body with `z` replaced by u.
    Named(Arc<NamedFunction>),
}

/// A function of one variable defined by a formula in `z`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NamedFunction {
    /// The name it is written with (`swish`).
    pub name: String,
    /// Its formula over the bound variable [`super::Var::Z`], as written.
    pub body: Node<Term>,
}

/// The relation of an `if` condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Relation {
    /// `<`.
    Less,
    /// `<=`.
    LessEqual,
    /// `>`.
    Greater,
    /// `>=`.
    GreaterEqual,
}

impl Relation {
    /// Whether `ordering` (left compared with right) satisfies the relation.
    pub fn holds(self, ordering: std::cmp::Ordering) -> bool {
        match self {
            Relation::Less => ordering.is_lt(),
            Relation::LessEqual => ordering.is_le(),
            Relation::Greater => ordering.is_gt(),
            Relation::GreaterEqual => ordering.is_ge(),
        }
    }

    /// As written in a formula (`>=`).
    pub fn text(self) -> &'static str {
        match self {
            Relation::Less => "<",
            Relation::LessEqual => "<=",
            Relation::Greater => ">",
            Relation::GreaterEqual => ">=",
        }
    }

    /// Its TeX (`\ge`).
    pub fn tex(self) -> &'static str {
        match self {
            Relation::Less => "<",
            Relation::LessEqual => "\\le",
            Relation::Greater => ">",
            Relation::GreaterEqual => "\\ge",
        }
    }
}

/// `if left relation right then then else otherwise`: a function in two
/// pieces. At the boundary (left = right) the relation decides, which is
/// also the convention for its derivative there: the slope of the piece the
/// condition selects.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Piecewise<L> {
    /// The left side of the condition.
    pub left: Node<L>,
    /// How the sides are compared.
    pub relation: Relation,
    /// The right side of the condition.
    pub right: Node<L>,
    /// The value where the condition holds.
    pub then: Node<L>,
    /// The value where it does not.
    pub otherwise: Node<L>,
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
    /// An integer power (−1 is division); rational powers are powers of a [`Func::Root`].
    Pow(Box<Node<L>>, i32),
    /// A function applied to an argument.
    Apply(Func, Box<Node<L>>),
    /// A function in two pieces (`max` and `min` are written with it too).
    If(Box<Piecewise<L>>),
}

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

    /// `if left relation right then then else otherwise`.
    pub fn piecewise(
        left: Node<L>,
        relation: Relation,
        right: Node<L>,
        then: Node<L>,
        otherwise: Node<L>,
    ) -> Node<L> {
        Node::If(Box::new(Piecewise {
            left,
            relation,
            right,
            then,
            otherwise,
        }))
    }

    /// `max(a, b)`: `a` where `a ≥ b` (so at a tie the slope is `a`'s).
    pub fn max(a: Node<L>, b: Node<L>) -> Node<L>
    where
        L: Clone,
    {
        Node::piecewise(a.clone(), Relation::GreaterEqual, b.clone(), a, b)
    }

    /// `min(a, b)`: `a` where `a ≤ b` (so at a tie the slope is `a`'s).
    pub fn min(a: Node<L>, b: Node<L>) -> Node<L>
    where
        L: Clone,
    {
        Node::piecewise(a.clone(), Relation::LessEqual, b.clone(), a, b)
    }

    /// The number of nodes (a measure of how much there is to read).
    pub fn size(&self) -> usize {
        match self {
            Node::Leaf(_) => 1,
            Node::Add(items) | Node::Mul(items) => 1 + items.iter().map(Node::size).sum::<usize>(),
            Node::Neg(inner) | Node::Pow(inner, _) | Node::Apply(_, inner) => 1 + inner.size(),
            Node::If(p) => 1 + p.left.size() + p.right.size() + p.then.size() + p.otherwise.size(),
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
            Node::If(p) => Node::If(Box::new(Piecewise {
                left: p.left.map_leaves(f),
                relation: p.relation,
                right: p.right.map_leaves(f),
                then: p.then.map_leaves(f),
                otherwise: p.otherwise.map_leaves(f),
            })),
        }
    }

    /// Calls `f` on every leaf, left to right.
    pub fn for_each_leaf(&self, f: &mut impl FnMut(&L)) {
        match self {
            Node::Leaf(leaf) => f(leaf),
            Node::Add(items) | Node::Mul(items) => items.iter().for_each(|i| i.for_each_leaf(f)),
            Node::Neg(inner) | Node::Pow(inner, _) | Node::Apply(_, inner) => {
                inner.for_each_leaf(f);
            }
            Node::If(p) => {
                p.left.for_each_leaf(f);
                p.right.for_each_leaf(f);
                p.then.for_each_leaf(f);
                p.otherwise.for_each_leaf(f);
            }
        }
    }

    /// Calls `f` on every function applied anywhere in the tree, outside in.
    pub fn for_each_func(&self, f: &mut impl FnMut(&Func)) {
        match self {
            Node::Leaf(_) => {}
            Node::Add(items) | Node::Mul(items) => items.iter().for_each(|i| i.for_each_func(f)),
            Node::Neg(inner) | Node::Pow(inner, _) => inner.for_each_func(f),
            Node::Apply(func, inner) => {
                f(func);
                inner.for_each_func(f);
            }
            Node::If(p) => {
                p.left.for_each_func(f);
                p.right.for_each_func(f);
                p.then.for_each_func(f);
                p.otherwise.for_each_func(f);
            }
        }
    }

    /// Whether the tree holds an `if` (or `max`, `min`) anywhere.
    pub fn has_pieces(&self) -> bool {
        match self {
            Node::Leaf(_) => false,
            Node::Add(items) | Node::Mul(items) => items.iter().any(Node::has_pieces),
            Node::Neg(inner) | Node::Pow(inner, _) | Node::Apply(_, inner) => inner.has_pieces(),
            Node::If(_) => true,
        }
    }
}

impl Func {
    /// The name a formula calls it by (`sqrt`, `sigmoid`, `swish`).
    pub fn name(&self) -> String {
        match self {
            Func::Exp => "exp".to_owned(),
            Func::Ln => "ln".to_owned(),
            Func::Root(2) => "sqrt".to_owned(),
            Func::Root(n) => format!("root{n}"),
            Func::Abs => "abs".to_owned(),
            Func::Sign => "sign".to_owned(),
            Func::Sigmoid => "sigmoid".to_owned(),
            Func::Tanh => "tanh".to_owned(),
            Func::Cosh => "cosh".to_owned(),
            Func::Sinh => "sinh".to_owned(),
            Func::Relu => "relu".to_owned(),
            Func::LeakyRelu(alpha) => format!("leaky_relu[{alpha}]"),
            Func::Softplus => "softplus".to_owned(),
            Func::Step => "step".to_owned(),
            Func::LeakyStep(alpha) => format!("leaky_step[{alpha}]"),
            Func::Named(f) => f.name.clone(),
        }
    }
}

impl fmt::Display for Func {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
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
            Node::If(p) => write!(
                f,
                "(if ({} {} {}) {} {})",
                p.relation.text(),
                p.left,
                p.right,
                p.then,
                p.otherwise
            ),
        }
    }
}
