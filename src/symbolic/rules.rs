//! Differentiation: one `match` arm per operator and per function, each
//! returning its local derivative and the name of the rule used, with the
//! forward meaning documented beside it (as micrograd keeps each op next to
//! its `_backward`).

use num_rational::BigRational;
use num_traits::One;

use super::expr::{Atom, Expr, Func, NamedFunction, Node, Piecewise};
use super::quantity::Symbol;
use super::recognise::recognise;
use super::simplify::simplify;
use crate::functions::Var;

/// The stable name of a differentiation or simplification rule, shown in
/// the report ("by the chain rule").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RuleName {
    /// d(u + v) = du + dv.
    SumRule,
    /// d(uv) = du·v + u·dv.
    ProductRule,
    /// d(uⁿ) = n uⁿ⁻¹ du.
    PowerRule,
    /// d f(u) = f′(u) du.
    ChainRule,
    /// (eᵘ)′ = eᵘ.
    ExpDerivative,
    /// (ln u)′ = 1/u.
    LnDerivative,
    /// σ′ = σ(1 − σ).
    SigmoidDerivative,
    /// tanh′ = 1 − tanh².
    TanhDerivative,
    /// relu′ = step.
    ReluDerivative,
    /// leaky_relu′ = 1 or α.
    LeakyReluDerivative,
    /// softplus′ = σ.
    SoftplusDerivative,
    /// (ⁿ√u)′ = 1/(n ⁿ√u^(n−1)).
    RootDerivative,
    /// |u|′ = sign u (0 at u = 0 by convention).
    AbsDerivative,
    /// cosh′ = sinh.
    CoshDerivative,
    /// sinh′ = cosh.
    SinhDerivative,
    /// The derivative of a function in pieces is the derivative of each piece.
    PiecewiseRule,
    /// A function defined by a formula has the derivative of its formula.
    DefinitionDerivative,
    /// Replacing a function defined by a formula by that formula.
    UseDefinition,
    /// step′ = 0 away from the jump.
    StepDerivative,
    /// Replacing f(z) by the activation a it defines.
    SubstituteDefinition,
    /// Cancelling common factors and collecting like terms.
    CancelAndCollect,
    /// Σ y = 1 for a probability-distribution target.
    TargetsSumToOne,
    /// Writing σ, tanh or softplus through e^x so it can be computed by hand.
    ExpandDefinition,
}

impl RuleName {
    /// The kebab-case name (`"sigmoid-derivative"`).
    pub fn as_str(self) -> &'static str {
        match self {
            RuleName::SumRule => "sum-rule",
            RuleName::ProductRule => "product-rule",
            RuleName::PowerRule => "power-rule",
            RuleName::ChainRule => "chain-rule",
            RuleName::ExpDerivative => "exp-derivative",
            RuleName::LnDerivative => "ln-derivative",
            RuleName::SigmoidDerivative => "sigmoid-derivative",
            RuleName::TanhDerivative => "tanh-derivative",
            RuleName::ReluDerivative => "relu-derivative",
            RuleName::LeakyReluDerivative => "leaky-relu-derivative",
            RuleName::SoftplusDerivative => "softplus-derivative",
            RuleName::RootDerivative => "root-derivative",
            RuleName::AbsDerivative => "abs-derivative",
            RuleName::CoshDerivative => "cosh-derivative",
            RuleName::SinhDerivative => "sinh-derivative",
            RuleName::PiecewiseRule => "piecewise-rule",
            RuleName::DefinitionDerivative => "definition-derivative",
            RuleName::UseDefinition => "use-definition",
            RuleName::StepDerivative => "step-derivative",
            RuleName::SubstituteDefinition => "substitute-definition",
            RuleName::CancelAndCollect => "cancel-and-collect",
            RuleName::TargetsSumToOne => "targets-sum-to-one",
            RuleName::ExpandDefinition => "expand-definition",
        }
    }
}

/// The rules used by one differentiation, in order of first use.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Trace {
    /// Rule names, each listed once.
    pub rules: Vec<RuleName>,
}

impl Trace {
    /// Records that `rule` was used.
    pub fn note(&mut self, rule: RuleName) {
        if !self.rules.contains(&rule) {
            self.rules.push(rule);
        }
    }
}

/// f′(u) for a function f, with the rule's name.
pub fn local_derivative(func: &Func, u: &Expr) -> (Expr, RuleName) {
    let at = |f: Func| Expr::apply(f, u.clone());
    match func {
        // e^u: its own derivative.
        Func::Exp => (at(Func::Exp), RuleName::ExpDerivative),
        // ln u: 1/u.
        Func::Ln => (u.clone().pow(-1), RuleName::LnDerivative),
        // ⁿ√u: (1/n) (ⁿ√u)^(1 − n), so √u′ = 1/(2√u).
        Func::Root(n) => {
            let power = 1 - i32::try_from(*n).unwrap_or(i32::MAX);
            (
                Node::Mul(vec![
                    Expr::ratio(1, i64::from(*n)),
                    at(Func::Root(*n)).pow(power),
                ]),
                RuleName::RootDerivative,
            )
        }
        // |u|: sign u (|u|′(0) = 0 by convention).
        Func::Abs => (at(Func::Sign), RuleName::AbsDerivative),
        // σ(u) = 1/(1 + e^(−u)): σ′ = σ(1 − σ).
        Func::Sigmoid => (
            Node::Mul(vec![
                at(Func::Sigmoid),
                Node::Add(vec![Expr::int(1), at(Func::Sigmoid).negate()]),
            ]),
            RuleName::SigmoidDerivative,
        ),
        // tanh u: tanh′ = 1 − tanh².
        Func::Tanh => (
            Node::Add(vec![Expr::int(1), at(Func::Tanh).pow(2).negate()]),
            RuleName::TanhDerivative,
        ),
        // cosh u = (e^u + e^(−u))/2: cosh′ = sinh.
        Func::Cosh => (at(Func::Sinh), RuleName::CoshDerivative),
        // sinh u = (e^u − e^(−u))/2: sinh′ = cosh.
        Func::Sinh => (at(Func::Cosh), RuleName::SinhDerivative),
        // relu u = max(0, u): 1 for u > 0, 0 otherwise (0 at u = 0 by convention).
        Func::Relu => (at(Func::Step), RuleName::ReluDerivative),
        // leaky_relu u = u or αu: 1 for u > 0, α otherwise (α at u = 0).
        Func::LeakyRelu(alpha) => (
            at(Func::LeakyStep(alpha.clone())),
            RuleName::LeakyReluDerivative,
        ),
        // softplus u = ln(1 + e^u): σ(u).
        Func::Softplus => (at(Func::Sigmoid), RuleName::SoftplusDerivative),
        // The steps (and sign) are constant on each side of the jump.
        Func::Step | Func::LeakyStep(_) | Func::Sign => (Expr::int(0), RuleName::StepDerivative),
        // f(u) = body(z := u): the derivative of the body, at u.
        Func::Named(f) => (
            definition_derivative(f).0.bind(Var::Z, u),
            RuleName::DefinitionDerivative,
        ),
    }
}

/// The formula of a function defined by one, as it is used: simplified,
/// with the built-in functions it spells out recognised (`1/(1 + e^(−z))`
/// is σ(z)), over the bound variable `z`.
pub fn definition_body(f: &NamedFunction) -> Expr {
    recognise(&simplify(&Expr::of_formula(&f.body)))
}

/// f′(z) of a function defined by a formula, simplified, with the rules used.
pub fn definition_derivative(f: &NamedFunction) -> (Expr, Vec<RuleName>) {
    let mut trace = Trace::default();
    let raw = differentiate_by(&definition_body(f), &Atom::Var(Var::Z), &mut trace);
    (simplify(&raw), trace.rules)
}

/// ∂e/∂x, unsimplified, recording the rules used in `trace`.
pub fn differentiate(e: &Expr, x: &Symbol, trace: &mut Trace) -> Expr {
    differentiate_by(e, &Atom::Sym(*x), trace)
}

/// ∂e/∂x for a leaf `x` (a symbol or a bound variable), unsimplified.
pub fn differentiate_by(e: &Expr, x: &Atom, trace: &mut Trace) -> Expr {
    if !mentions(e, x) {
        return Expr::int(0);
    }
    match e {
        Node::Leaf(leaf) if leaf == x => Expr::int(1),
        Node::Leaf(_) => Expr::int(0),
        Node::Add(terms) => {
            trace.note(RuleName::SumRule);
            Node::Add(
                terms
                    .iter()
                    .filter(|t| mentions(t, x))
                    .map(|t| differentiate_by(t, x, trace))
                    .collect(),
            )
        }
        Node::Mul(factors) => {
            if factors.iter().filter(|f| mentions(f, x)).count() > 1 {
                trace.note(RuleName::ProductRule);
            }
            let mut terms = Vec::new();
            for (index, factor) in factors.iter().enumerate() {
                if !mentions(factor, x) {
                    continue;
                }
                let mut product = factors.clone();
                product[index] = differentiate_by(factor, x, trace);
                terms.push(Node::Mul(product));
            }
            Node::sum(terms)
        }
        Node::Neg(inner) => differentiate_by(inner, x, trace).negate(),
        Node::Pow(base, n) => {
            trace.note(RuleName::PowerRule);
            let coefficient = Expr::constant(BigRational::from_integer((*n).into()));
            let lowered = if *n == 1 {
                Expr::constant(BigRational::one())
            } else {
                base.as_ref().clone().pow(n - 1)
            };
            Node::Mul(vec![coefficient, lowered, differentiate_by(base, x, trace)])
        }
        Node::Apply(func, argument) => {
            trace.note(RuleName::ChainRule);
            let (outer, rule) = local_derivative(func, argument);
            trace.note(rule);
            if let Func::Named(f) = func {
                for used in definition_derivative(f).1 {
                    trace.note(used);
                }
            }
            Node::Mul(vec![outer, differentiate_by(argument, x, trace)])
        }
        // The condition is constant on each side of its boundary: only the pieces vary.
        Node::If(p) => {
            trace.note(RuleName::PiecewiseRule);
            Node::If(Box::new(Piecewise {
                left: p.left.clone(),
                relation: p.relation,
                right: p.right.clone(),
                then: differentiate_by(&p.then, x, trace),
                otherwise: differentiate_by(&p.otherwise, x, trace),
            }))
        }
    }
}

/// Whether the leaf `x` occurs anywhere in `e`.
fn mentions(e: &Expr, x: &Atom) -> bool {
    let mut found = false;
    e.for_each_leaf(&mut |leaf| found |= leaf == x);
    found
}

/// The form of `e` a person computes by hand: σ, tanh, softplus, cosh and
/// sinh written through e^x (`σ(z) = 1/(1 + e^(−z))`), and functions
/// defined by a formula replaced by it; other nodes unchanged.
pub fn computable_form(e: &Expr) -> Expr {
    match e {
        Node::Leaf(_) => e.clone(),
        Node::Add(items) => Node::Add(items.iter().map(computable_form).collect()),
        Node::Mul(items) => Node::Mul(items.iter().map(computable_form).collect()),
        Node::Neg(inner) => computable_form(inner).negate(),
        Node::Pow(inner, n) => computable_form(inner).pow(*n),
        Node::If(p) => Node::If(Box::new(Piecewise {
            left: computable_form(&p.left),
            relation: p.relation,
            right: computable_form(&p.right),
            then: computable_form(&p.then),
            otherwise: computable_form(&p.otherwise),
        })),
        Node::Apply(func, inner) => {
            let u = computable_form(inner);
            let exp = |v: Expr| Expr::apply(Func::Exp, v);
            let half = |sum: Expr| Node::Mul(vec![sum, Expr::int(2).pow(-1)]);
            match func {
                Func::Sigmoid => Node::Add(vec![Expr::int(1), exp(u.negate())]).pow(-1),
                Func::Tanh => Node::Mul(vec![
                    Node::Add(vec![exp(u.clone()), exp(u.clone().negate()).negate()]),
                    Node::Add(vec![exp(u.clone()), exp(u.negate())]).pow(-1),
                ]),
                Func::Softplus => Expr::apply(Func::Ln, Node::Add(vec![Expr::int(1), exp(u)])),
                Func::Cosh => half(Node::Add(vec![exp(u.clone()), exp(u.negate())])),
                Func::Sinh => half(Node::Add(vec![exp(u.clone()), exp(u.negate()).negate()])),
                Func::Named(f) => computable_form(&definition_body(f).bind(Var::Z, &u)),
                Func::Exp
                | Func::Ln
                | Func::Root(_)
                | Func::Abs
                | Func::Sign
                | Func::Relu
                | Func::LeakyRelu(_)
                | Func::Step
                | Func::LeakyStep(_) => Expr::apply(func.clone(), u),
            }
        }
    }
}

/// `e` with every function defined by a formula replaced by its formula
/// (one level: a definition that uses another keeps the inner name).
pub fn use_definitions(e: &Expr) -> Expr {
    match e {
        Node::Leaf(_) => e.clone(),
        Node::Add(items) => Node::Add(items.iter().map(use_definitions).collect()),
        Node::Mul(items) => Node::Mul(items.iter().map(use_definitions).collect()),
        Node::Neg(inner) => use_definitions(inner).negate(),
        Node::Pow(inner, n) => use_definitions(inner).pow(*n),
        Node::If(p) => Node::If(Box::new(Piecewise {
            left: use_definitions(&p.left),
            relation: p.relation,
            right: use_definitions(&p.right),
            then: use_definitions(&p.then),
            otherwise: use_definitions(&p.otherwise),
        })),
        Node::Apply(Func::Named(f), inner) => {
            definition_body(f).bind(Var::Z, &use_definitions(inner))
        }
        Node::Apply(func, inner) => Expr::apply(func.clone(), use_definitions(inner)),
    }
}
