//! LaTeX for expression trees and symbols: the one place textbook names
//! (1-based, `z^{(1)}_2`, `\hat y`) are made.
//!
//! The printer is generic over the leaf type through [`LatexLeaf`], so the
//! same code prints symbolic formulas and formulas with numbers substituted
//! in, with the parentheses precedence requires.

use num_rational::BigRational;
use num_traits::Signed;

mod apply;

use super::expr::{Atom, Node};
use super::quantity::{Param, Quantity, StateKind, Symbol};
use crate::model::ids::{LayerId, UnitId};
pub use apply::operator_name;
use apply::{extremum, power_name, print_application, print_pieces};

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

    /// `_{12}`, or `_{1,12}` when an index has two digits.
    fn pair(to: UnitId, from: UnitId) -> String {
        if to.number() >= 10 || from.number() >= 10 {
            format!("_{{{},{}}}", to.number(), from.number())
        } else {
            format!("_{{{}{}}}", to.number(), from.number())
        }
    }

    /// `\hat y_2` or `a^{(1)}_2`.
    pub fn activation(&self, layer: LayerId, unit: UnitId) -> String {
        if self.is_output(layer) {
            format!(
                "\\hat {}{}",
                self.target_name,
                Self::index(self.output_units(), unit)
            )
        } else {
            format!(
                "a^{{({})}}{}",
                layer.number(),
                Self::index(self.units(layer), unit)
            )
        }
    }

    /// `W^{(2)}_{12}` (or `{W'}^{(2)}_{12}` after an update).
    pub fn weight(&self, layer: LayerId, to: UnitId, from: UnitId, primed: bool) -> String {
        let name = if primed { "{W'}" } else { "W" };
        format!("{name}^{{({})}}{}", layer.number(), Self::pair(to, from))
    }

    /// `b^{(1)}_2` (or `{b'}^{(1)}_2`).
    pub fn bias(&self, layer: LayerId, unit: UnitId, primed: bool) -> String {
        let name = if primed { "{b'}" } else { "b" };
        format!(
            "{name}^{{({})}}{}",
            layer.number(),
            Self::index(self.units(layer), unit)
        )
    }

    /// `\mathcal{L}` or `\mathcal{L}_{2}` for example 2.
    fn loss(symbol: &Symbol) -> String {
        match symbol.example {
            Some(example) => format!("\\mathcal{{L}}_{{{}}}", example.number()),
            None => "\\mathcal{L}".to_owned(),
        }
    }

    /// The LaTeX name of a symbol.
    pub fn symbol(&self, symbol: &Symbol) -> String {
        let primed = self.primed_parameters;
        match symbol.quantity {
            Quantity::Input { unit } => {
                format!("{}{}", self.input_name, Self::index(self.input_size, unit))
            }
            Quantity::Target { unit } => format!(
                "{}{}",
                self.target_name,
                Self::index(self.output_units(), unit)
            ),
            Quantity::Weight { layer, to, from } => self.weight(layer, to, from, primed),
            Quantity::Bias { layer, unit } => self.bias(layer, unit, primed),
            Quantity::LearningRate => "\\eta".to_owned(),
            Quantity::PreActivation { layer, unit } => {
                format!(
                    "z^{{({})}}{}",
                    layer.number(),
                    Self::index(self.units(layer), unit)
                )
            }
            Quantity::Activation { layer, unit } => self.activation(layer, unit),
            Quantity::Loss => Self::loss(symbol),
            Quantity::LossSlope { unit } => {
                format!(
                    "\\frac{{\\partial {}}}{{\\partial {}}}",
                    Self::loss(symbol),
                    self.activation(LayerId(self.layer_units.len().saturating_sub(1)), unit)
                )
            }
            Quantity::ActivationSlope { layer, of, wrt } => self.slope(layer, of, wrt),
            Quantity::Backflow { layer, unit } => format!(
                "\\big((\\mathbf{{W}}^{{({next})}})^\\top \\boldsymbol{{\\delta}}^{{({next})}}\\big){}",
                Self::index(self.units(layer), unit),
                next = layer.number() + 1
            ),
            Quantity::Delta { layer, unit } => {
                format!(
                    "\\delta^{{({})}}{}",
                    layer.number(),
                    Self::index(self.units(layer), unit)
                )
            }
            Quantity::WeightGradient { layer, to, from } => format!(
                "\\frac{{\\partial {}}}{{\\partial {}}}",
                Self::loss(symbol),
                self.weight(layer, to, from, false)
            ),
            Quantity::BiasGradient { layer, unit } => format!(
                "\\frac{{\\partial {}}}{{\\partial {}}}",
                Self::loss(symbol),
                self.bias(layer, unit, false)
            ),
            Quantity::NewWeight { layer, to, from } => self.weight(layer, to, from, true),
            Quantity::NewBias { layer, unit } => self.bias(layer, unit, true),
            Quantity::Hyper(h) => h.tex().to_owned(),
            Quantity::HyperPower(h) => format!("{}^{{t}}", h.tex()),
            Quantity::State { kind, param } => self.state(kind, param, true),
            Quantity::OldState { kind, param } => self.state(kind, param, false),
        }
    }

    /// `{m'}_{W^{(1)}_{12}}` after the update, `m_{W^{(1)}_{12}}` before;
    /// `\hat{m}_{…}` for the bias-corrected moments (which have no "before").
    fn state(&self, kind: StateKind, param: Param, primed: bool) -> String {
        let owner = match param {
            Param::Weight { layer, to, from } => self.weight(layer, to, from, false),
            Param::Bias { layer, unit } => self.bias(layer, unit, false),
        };
        let name = match kind {
            StateKind::Velocity | StateKind::V => "v",
            StateKind::Square => "s",
            StateKind::M => "m",
            StateKind::MHat => "\\hat{m}",
            StateKind::VHat => "\\hat{v}",
        };
        if primed && kind.is_kept() {
            format!("{{{name}'}}_{{{owner}}}")
        } else {
            format!("{name}_{{{owner}}}")
        }
    }

    fn slope(&self, layer: LayerId, of: UnitId, wrt: UnitId) -> String {
        let z = format!(
            "z^{{({})}}{}",
            layer.number(),
            Self::index(self.units(layer), wrt)
        );
        match self.slopes.get(layer.0) {
            Some(SlopeStyle::Elementwise(name)) => format!("{name}'({z})"),
            _ => format!(
                "\\frac{{\\partial {}}}{{\\partial {z}}}",
                self.activation(layer, of)
            ),
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
