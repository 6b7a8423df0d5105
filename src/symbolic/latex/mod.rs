//! LaTeX for expression trees and symbols: the one place textbook names
//! (1-based, `z^{(1)}_2`, `\hat y`) are made.
//!
//! The printer is generic over the leaf type through [`LatexLeaf`], so the
//! same code prints symbolic formulas and formulas with numbers substituted
//! in, with the parentheses precedence requires.

use num_rational::BigRational;
use num_traits::Signed;

mod apply;
mod names;

use super::expr::{Atom, Node};
use crate::model::ids::{LayerId, UnitId};
use crate::model::symbols::Symbols;
pub use apply::operator_name;
use apply::{extremum, power_name, print_application, print_pieces};
pub use names::{Generic, Short, marked_new};

/// How each layer's activation is named in `f′(z)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SlopeStyle {
    /// `\sigma'(z)`, `\tanh'(z)`, ...: one derivative per unit.
    Elementwise(String),
    /// `\partial \hat y_k / \partial z_j`: a Jacobian (softmax).
    Jacobian,
}

/// What the printer needs to know about the network to name things.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notation {
    /// Units per layer, in forward order.
    pub layer_units: Vec<usize>,
    /// How each layer's activation slope is written.
    pub slopes: Vec<SlopeStyle>,
    /// Number of input components.
    pub input_size: usize,
    /// The input vector's name (`x`).
    pub input_name: String,
    /// The target vector's name (`y`).
    pub target_name: String,
    /// Print parameters primed (`W'`): the forward pass after an update.
    pub primed_parameters: bool,
    /// The symbols chosen for the report (a notation profile).
    pub symbols: Symbols,
}

/// A leaf the LaTeX printer can print.
pub trait LatexLeaf: PartialEq {
    /// The leaf's LaTeX.
    fn latex(&self, notation: &Notation) -> String;
    /// Whether it prints with a leading minus sign (so it needs parentheses
    /// inside products and prints as subtraction inside sums).
    fn is_negative(&self) -> bool;
    /// LaTeX of the leaf without its minus sign (for `a - b`).
    fn latex_magnitude(&self, notation: &Notation) -> String;
    /// Whether the leaf is a number (products of numbers use `\cdot`).
    fn is_number(&self) -> bool;
}

impl Notation {
    fn units(&self, layer: LayerId) -> usize {
        self.layer_units.get(layer.0).copied().unwrap_or(0)
    }

    fn is_output(&self, layer: LayerId) -> bool {
        layer.0 + 1 == self.layer_units.len()
    }

    fn output_units(&self) -> usize {
        self.layer_units.last().copied().unwrap_or(0)
    }

    /// `_{2}` or nothing when the vector has one component.
    fn index(count: usize, unit: UnitId) -> String {
        if count == 1 {
            String::new()
        } else {
            format!("_{{{}}}", unit.number())
        }
    }
}

/// LaTeX of a number written in a formula: its text (`0.3`), or the
/// constant when the text has an exponent (`1e-3`).
fn literal(value: &BigRational, text: &str) -> String {
    if text.contains(['e', 'E']) {
        constant(value)
    } else {
        text.to_owned()
    }
}

/// LaTeX of a constant in a symbolic formula: `2`, `\tfrac{1}{2}`.
pub fn constant(value: &BigRational) -> String {
    if value.is_integer() {
        return value.numer().to_string();
    }
    let sign = if value.is_negative() { "-" } else { "" };
    format!(
        "{sign}\\tfrac{{{}}}{{{}}}",
        value.numer().abs(),
        value.denom()
    )
}

impl LatexLeaf for Atom {
    fn latex(&self, notation: &Notation) -> String {
        match self {
            Atom::Const(c) => constant(c),
            Atom::Literal(c, text) => literal(c, text),
            Atom::Sym(s) => notation.symbol(s),
            Atom::Var(v) => v.tex().to_owned(),
        }
    }

    fn is_negative(&self) -> bool {
        matches!(self, Atom::Const(c) | Atom::Literal(c, _) if c.is_negative())
    }

    fn latex_magnitude(&self, notation: &Notation) -> String {
        match self {
            Atom::Const(c) => constant(&c.abs()),
            Atom::Literal(c, text) => literal(&c.abs(), text.trim_start_matches('-')),
            Atom::Sym(s) => notation.symbol(s),
            Atom::Var(v) => v.tex().to_owned(),
        }
    }

    fn is_number(&self) -> bool {
        matches!(self, Atom::Const(_) | Atom::Literal(..))
    }
}

/// Precedence contexts, lowest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Context {
    /// Top level, or inside brackets/exponents/function arguments.
    Free,
    /// A term of a sum (after the first).
    Term,
    /// A factor of a product.
    Factor,
    /// The base of a power.
    Base,
}

/// LaTeX of a whole expression.
pub fn to_latex<L: LatexLeaf>(e: &Node<L>, notation: &Notation) -> String {
    print(e, notation, Context::Free)
}

fn parens(text: String) -> String {
    format!("\\left({text}\\right)")
}

fn print<L: LatexLeaf>(e: &Node<L>, n: &Notation, context: Context) -> String {
    match e {
        Node::Leaf(leaf) => {
            let text = leaf.latex(n);
            let needs = match context {
                Context::Factor => leaf.is_negative(),
                Context::Base => {
                    leaf.is_negative()
                        || leaf.is_number()
                        || text.contains('^')
                        || text.contains("\\frac")
                }
                _ => false,
            };
            if needs { format!("({text})") } else { text }
        }
        Node::Add(terms) => {
            let text = print_sum(terms, n);
            if context >= Context::Factor {
                parens(text)
            } else {
                text
            }
        }
        Node::Neg(inner) => {
            let body = match inner.as_ref() {
                Node::Add(_) => parens(print(inner, n, Context::Free)),
                Node::Leaf(leaf) if leaf.is_negative() => format!("({})", leaf.latex(n)),
                other => print(other, n, Context::Factor),
            };
            let text = format!("-{body}");
            if context >= Context::Factor {
                parens(text)
            } else {
                text
            }
        }
        Node::Mul(factors) => {
            let text = print_product(factors, n);
            if context >= Context::Base {
                parens(text)
            } else {
                text
            }
        }
        Node::Pow(base, power) if *power < 0 => {
            let denominator = if *power == -1 {
                print(base, n, Context::Free)
            } else {
                format!("{}^{{{}}}", print(base, n, Context::Base), -power)
            };
            let text = format!("\\frac{{1}}{{{denominator}}}");
            if context >= Context::Base {
                parens(text)
            } else {
                text
            }
        }
        Node::Pow(base, power) => match base.as_ref() {
            Node::Apply(func, argument) if power_name(func).is_some() => format!(
                "{}^{{{power}}}\\left({}\\right)",
                power_name(func).unwrap_or_default(),
                print(argument, n, Context::Free)
            ),
            _ => format!("{}^{{{power}}}", print(base, n, Context::Base)),
        },
        Node::If(p) => {
            let text = print_pieces(p, n);
            if context >= Context::Factor && extremum(p).is_none() {
                parens(text)
            } else {
                text
            }
        }
        Node::Apply(func, argument) => {
            let text = print_application(func, argument, n);
            if context >= Context::Base {
                parens(text)
            } else {
                text
            }
        }
    }
}

fn print_sum<L: LatexLeaf>(terms: &[Node<L>], n: &Notation) -> String {
    let mut out = String::new();
    for (index, term) in terms.iter().enumerate() {
        if index == 0 {
            out.push_str(&print(term, n, Context::Term));
            continue;
        }
        match term {
            Node::Neg(inner) => {
                let body = match inner.as_ref() {
                    Node::Add(_) => parens(print(inner, n, Context::Free)),
                    Node::Leaf(leaf) if leaf.is_negative() => format!("({})", leaf.latex(n)),
                    other => print(other, n, Context::Term),
                };
                out.push_str(" - ");
                out.push_str(&body);
            }
            Node::Leaf(leaf) if leaf.is_negative() => {
                out.push_str(" - ");
                out.push_str(&leaf.latex_magnitude(n));
            }
            other => {
                out.push_str(" + ");
                out.push_str(&print(other, n, Context::Term));
            }
        }
    }
    out
}

fn print_product<L: LatexLeaf>(factors: &[Node<L>], n: &Notation) -> String {
    let mut numerator: Vec<&Node<L>> = Vec::new();
    let mut denominator: Vec<(&Node<L>, i32)> = Vec::new();
    for factor in factors {
        match factor {
            Node::Pow(base, power) if *power < 0 => denominator.push((base.as_ref(), -power)),
            other => numerator.push(other),
        }
    }
    if denominator.is_empty() {
        return join_factors(&numerator, n);
    }
    // A fraction bar groups its numerator: a lone sum or negative number needs no parentheses.
    let top = match numerator.as_slice() {
        [single] => print(single, n, Context::Free),
        _ => join_factors(&numerator, n),
    };
    let bottom = match denominator.as_slice() {
        [(base, 1)] => print(base, n, Context::Free),
        _ => denominator
            .iter()
            .map(|(base, power)| {
                if *power == 1 {
                    print(base, n, Context::Factor)
                } else {
                    format!("{}^{{{power}}}", print(base, n, Context::Base))
                }
            })
            .collect::<Vec<_>>()
            .join(" "),
    };
    let top = if top.is_empty() { "1".to_owned() } else { top };
    format!("\\frac{{{top}}}{{{bottom}}}")
}

fn join_factors<L: LatexLeaf>(factors: &[&Node<L>], n: &Notation) -> String {
    let mut out = String::new();
    let mut previous: Option<&Node<L>> = None;
    for factor in factors {
        let text = print(factor, n, Context::Factor);
        if let Some(prev) = previous {
            out.push_str(if needs_dot(prev, factor) {
                " \\cdot "
            } else {
                " "
            });
        }
        out.push_str(&text);
        previous = Some(factor);
    }
    out
}

/// Products of numbers use `\cdot`; a coefficient before a symbol, or two
/// symbols, are written side by side as in a textbook.
fn needs_dot<L: LatexLeaf>(left: &Node<L>, right: &Node<L>) -> bool {
    let numeric = |node: &Node<L>| {
        let mut any = false;
        node.for_each_leaf(&mut |leaf| any |= leaf.is_number());
        let mut all = true;
        node.for_each_leaf(&mut |leaf| all &= leaf.is_number());
        (any, all)
    };
    let (_, left_all) = numeric(left);
    let (right_any, _) = numeric(right);
    left_all && right_any || matches!(right, Node::Leaf(l) if l.is_number())
}
