//! Differentiation: one `match` arm per operator and per function, each
//! returning its local derivative and the name of the rule used, with the
//! forward meaning documented beside it (as micrograd keeps each op next to
//! its `_backward`).

use num_rational::BigRational;
use num_traits::One;

use super::expr::{Atom, Expr, Func, Node};
use super::quantity::Symbol;

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
    fn note(&mut self, rule: RuleName) {
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
        // relu u = max(0, u): 1 for u > 0, 0 otherwise (0 at u = 0 by convention).
        Func::Relu => (at(Func::Step), RuleName::ReluDerivative),
        // leaky_relu u = u or αu: 1 for u > 0, α otherwise (α at u = 0).
        Func::LeakyRelu(alpha) => (
            at(Func::LeakyStep(alpha.clone())),
            RuleName::LeakyReluDerivative,
        ),
        // softplus u = ln(1 + e^u): σ(u).
        Func::Softplus => (at(Func::Sigmoid), RuleName::SoftplusDerivative),
        // The steps are constant on each side of the jump.
        Func::Step | Func::LeakyStep(_) => (Expr::int(0), RuleName::StepDerivative),
    }
}

/// ∂e/∂x, unsimplified, recording the rules used in `trace`.
pub fn differentiate(e: &Expr, x: &Symbol, trace: &mut Trace) -> Expr {
    if !e.mentions(x) {
        return Expr::int(0);
    }
    match e {
        Node::Leaf(Atom::Sym(s)) if s == x => Expr::int(1),
        Node::Leaf(_) => Expr::int(0),
        Node::Add(terms) => {
            trace.note(RuleName::SumRule);
            Node::Add(
                terms
                    .iter()
                    .filter(|t| t.mentions(x))
                    .map(|t| differentiate(t, x, trace))
                    .collect(),
            )
        }
        Node::Mul(factors) => {
            if factors.iter().filter(|f| f.mentions(x)).count() > 1 {
                trace.note(RuleName::ProductRule);
            }
            let mut terms = Vec::new();
            for (index, factor) in factors.iter().enumerate() {
                if !factor.mentions(x) {
                    continue;
                }
                let mut product = factors.clone();
                product[index] = differentiate(factor, x, trace);
                terms.push(Node::Mul(product));
            }
            Node::sum(terms)
        }
        Node::Neg(inner) => differentiate(inner, x, trace).negate(),
        Node::Pow(base, n) => {
            trace.note(RuleName::PowerRule);
            let coefficient = Expr::constant(BigRational::from_integer((*n).into()));
            let lowered = if *n == 1 {
                Expr::constant(BigRational::one())
            } else {
                base.as_ref().clone().pow(n - 1)
            };
            Node::Mul(vec![coefficient, lowered, differentiate(base, x, trace)])
        }
        Node::Apply(func, argument) => {
            trace.note(RuleName::ChainRule);
            let (outer, rule) = local_derivative(func, argument);
            trace.note(rule);
            Node::Mul(vec![outer, differentiate(argument, x, trace)])
        }
    }
}

/// The form of `e` a person computes by hand: σ, tanh and softplus written
/// through e^x (`σ(z) = 1/(1 + e^(−z))`); other nodes unchanged.
pub fn computable_form(e: &Expr) -> Expr {
    match e {
        Node::Leaf(_) => e.clone(),
        Node::Add(items) => Node::Add(items.iter().map(computable_form).collect()),
        Node::Mul(items) => Node::Mul(items.iter().map(computable_form).collect()),
        Node::Neg(inner) => computable_form(inner).negate(),
        Node::Pow(inner, n) => computable_form(inner).pow(*n),
        Node::Apply(func, inner) => {
            let u = computable_form(inner);
            let exp = |v: Expr| Expr::apply(Func::Exp, v);
            match func {
                Func::Sigmoid => Node::Add(vec![Expr::int(1), exp(u.negate())]).pow(-1),
                Func::Tanh => Node::Mul(vec![
                    Node::Add(vec![exp(u.clone()), exp(u.clone().negate()).negate()]),
                    Node::Add(vec![exp(u.clone()), exp(u.negate())]).pow(-1),
                ]),
                Func::Softplus => Expr::apply(Func::Ln, Node::Add(vec![Expr::int(1), exp(u)])),
                other => Expr::apply(other.clone(), u),
            }
        }
    }
}
