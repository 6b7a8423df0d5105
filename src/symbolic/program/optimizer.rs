//! The update step: each optimizer's rule (PyTorch's) as formulas over the
//! gradient, the parameter and the state kept from the update before, and
//! the weight-decay penalty (λ/2)·Σ W² whose gradient λW comes from
//! differentiating it.
//!
//! With g the gradient, θ the parameter and t the update's number:
//! - sgd: θ' = θ − ηg
//! - momentum(β): v' = βv + g, θ' = θ − ηv'
//! - nesterov(β): v' = βv + g, θ' = θ − η(g + βv')
//! - rmsprop(ρ, ε): s' = ρs + (1 − ρ)g², θ' = θ − ηg/(√s' + ε)
//! - adam(β₁, β₂, ε): m' = β₁m + (1 − β₁)g, v' = β₂v + (1 − β₂)g²,
//!   m̂ = m'/(1 − β₁ᵗ), v̂ = v'/(1 − β₂ᵗ), θ' = θ − ηm̂/(√v̂ + ε)
//!
//! and `decoupled_weight_decay = λ` adds the term −ηλθ (AdamW). State
//! starts at zero; a frozen parameter has no state and keeps its value.

use super::{Definition, gradient_quantities, sym};
use crate::model::{Hyper, Network, Optimizer};
use crate::symbolic::expr::{Expr, Func, Node};
use crate::symbolic::quantity::{Param, Quantity, StateKind, Symbol};
use crate::symbolic::rules::{RuleName, Trace, differentiate};
use crate::symbolic::simplify::simplify;

/// The state an optimizer writes for each parameter, in the order of its
/// lines: kept values first, then the derived m̂ and v̂ (none for SGD).
pub fn states(optimizer: &Optimizer) -> &'static [StateKind] {
    match optimizer {
        Optimizer::Sgd => &[],
        Optimizer::Momentum { .. } | Optimizer::Nesterov { .. } => &[StateKind::Velocity],
        Optimizer::RmsProp { .. } => &[StateKind::Square],
        Optimizer::Adam { .. } => &[StateKind::M, StateKind::V, StateKind::MHat, StateKind::VHat],
    }
}

fn hyper(h: Hyper) -> Expr {
    sym(Quantity::Hyper(h), None)
}

fn state(kind: StateKind, param: Param) -> Expr {
    sym(Quantity::State { kind, param }, None)
}

fn old(kind: StateKind, param: Param) -> Expr {
    sym(Quantity::OldState { kind, param }, None)
}

/// `1 − c`.
fn one_minus(c: Expr) -> Expr {
    Node::Add(vec![Expr::int(1), c.negate()])
}

/// A running average `c·old + (1 − c)·x` (or `c·old + x` without damping).
fn running(c: Hyper, old: Expr, x: Expr, damped: bool) -> Expr {
    let new = if damped {
        Node::Mul(vec![one_minus(hyper(c)), x])
    } else {
        x
    };
    Node::Add(vec![Node::Mul(vec![hyper(c), old]), new])
}

/// Whether a parameter is frozen.
fn frozen(network: &Network, param: Param) -> bool {
    match param {
        Param::Weight { layer, .. } => network.layer(layer).weights.frozen,
        Param::Bias { layer, .. } => network
            .layer(layer)
            .biases
            .as_ref()
            .is_some_and(|b| b.frozen),
    }
}

/// The state lines of one parameter, in order, and the step subtracted from θ
/// (the part multiplied by η).
fn rule(optimizer: &Optimizer, param: Param) -> (Vec<(StateKind, Expr)>, Expr) {
    let g = sym(param.gradient(), None);
    let square = |e: Expr| e.pow(2);
    match optimizer {
        Optimizer::Sgd => (Vec::new(), g),
        Optimizer::Momentum { .. } => {
            let v = running(Hyper::Beta, old(StateKind::Velocity, param), g, false);
            (
                vec![(StateKind::Velocity, v)],
                state(StateKind::Velocity, param),
            )
        }
        Optimizer::Nesterov { .. } => {
            let v = running(
                Hyper::Beta,
                old(StateKind::Velocity, param),
                g.clone(),
                false,
            );
            let step = Node::Add(vec![
                g,
                Node::Mul(vec![hyper(Hyper::Beta), state(StateKind::Velocity, param)]),
            ]);
            (vec![(StateKind::Velocity, v)], step)
        }
        Optimizer::RmsProp { .. } => {
            let s = running(
                Hyper::Rho,
                old(StateKind::Square, param),
                square(g.clone()),
                true,
            );
            let step = Node::Mul(vec![g, root_plus_epsilon(state(StateKind::Square, param))]);
            (vec![(StateKind::Square, s)], step)
        }
        Optimizer::Adam { .. } => {
            let m = running(Hyper::Beta1, old(StateKind::M, param), g.clone(), true);
            let v = running(Hyper::Beta2, old(StateKind::V, param), square(g), true);
            let hat = |kept: StateKind, power: Hyper| {
                Node::Mul(vec![
                    state(kept, param),
                    one_minus(sym(Quantity::HyperPower(power), None)).pow(-1),
                ])
            };
            let step = Node::Mul(vec![
                state(StateKind::MHat, param),
                root_plus_epsilon(state(StateKind::VHat, param)),
            ]);
            (
                vec![
                    (StateKind::M, m),
                    (StateKind::V, v),
                    (StateKind::MHat, hat(StateKind::M, Hyper::Beta1)),
                    (StateKind::VHat, hat(StateKind::V, Hyper::Beta2)),
                ],
                step,
            )
        }
    }
}

/// `1/(√x + ε)`.
fn root_plus_epsilon(x: Expr) -> Expr {
    Node::Add(vec![Expr::apply(Func::Root(2), x), hyper(Hyper::Epsilon)]).pow(-1)
}

/// Every parameter's state lines and updated value, in the order of the
/// gradients; a frozen parameter keeps its value and has no state.
pub(super) fn update_definitions(network: &Network) -> Vec<Definition> {
    let eta = sym(Quantity::LearningRate, None);
    let mut definitions = Vec::new();
    for gradient in gradient_quantities(network) {
        let Some(param) = Param::of(gradient) else {
            continue;
        };
        let theta = sym(param.quantity(), None);
        let updated = Symbol::of(param.updated());
        if frozen(network, param) {
            definitions.push(Definition::new(updated, theta));
            continue;
        }
        let (states, step) = rule(&network.optimizer, param);
        for (kind, formula) in states {
            definitions.push(Definition::new(
                Symbol::of(Quantity::State { kind, param }),
                formula,
            ));
        }
        let mut terms = vec![theta.clone()];
        if network.decoupled_weight_decay.is_some() {
            terms.push(Node::Mul(vec![eta.clone(), hyper(Hyper::DecoupledDecay), theta]).negate());
        }
        terms.push(Node::Mul(vec![eta.clone(), step]).negate());
        definitions.push(Definition::new(updated, Node::Add(terms)));
    }
    definitions
}

/// Adam's β₁ᵗ and β₂ᵗ at update `t`, each a line of its own (`β₁ᵗ = β₁³`),
/// written before the parameters' lines that divide by `1 − βᵗ`. The run
/// binds their values itself (computed exactly and rounded once, so they
/// are correctly rounded; `numeric::run::state`); these definitions are
/// what the report writes, one set for each written update. No lines for
/// the other rules.
pub fn power_definitions(network: &Network, t: u64) -> Vec<Definition> {
    if !matches!(network.optimizer, Optimizer::Adam { .. }) {
        return Vec::new();
    }
    let exponent = i32::try_from(t).unwrap_or(i32::MAX);
    [Hyper::Beta1, Hyper::Beta2]
        .into_iter()
        .map(|h| Definition::new(Symbol::of(Quantity::HyperPower(h)), hyper(h).pow(exponent)))
        .collect()
}

/// The weight-decay penalty (λ/2)·Σ W² over every weight (not the biases),
/// when the file asks for it.
pub fn penalty(network: &Network) -> Option<Expr> {
    network.weight_decay.as_ref()?;
    let squares: Vec<Expr> = gradient_quantities(network)
        .into_iter()
        .filter_map(|q| match Param::of(q)? {
            param @ Param::Weight { .. } => Some(sym(param.quantity(), None).pow(2)),
            Param::Bias { .. } => None,
        })
        .collect();
    Some(Node::Mul(vec![
        hyper(Hyper::WeightDecay),
        Expr::ratio(1, 2),
        Node::sum(squares),
    ]))
}

/// `loss + penalty`, when there is a penalty.
pub(super) fn with_penalty(network: &Network, loss: Expr) -> Expr {
    match penalty(network) {
        Some(p) => Node::Add(vec![loss, p]),
        None => loss,
    }
}

/// Adds ∂(penalty)/∂W (λW) to each weight gradient of the update as a whole.
pub(super) fn add_penalty_gradients(network: &Network, definitions: &mut [Definition]) {
    let Some(penalty) = penalty(network) else {
        return;
    };
    for definition in definitions.iter_mut() {
        if definition.target.example.is_some() {
            continue;
        }
        let Quantity::WeightGradient { layer, to, from } = definition.target.quantity else {
            continue;
        };
        let weight = Symbol::of(Quantity::Weight { layer, to, from });
        let mut trace = Trace::default();
        let slope = simplify(&differentiate(&penalty, &weight, &mut trace));
        let add = |e: &Expr| Node::Add(vec![e.clone(), slope.clone()]);
        definition.formula = add(&definition.formula);
        for rewrite in &mut definition.rewrites {
            rewrite.expr = add(&rewrite.expr);
        }
        if !definition.rules.contains(&RuleName::SumRule) {
            definition.rules.push(RuleName::SumRule);
        }
    }
}
