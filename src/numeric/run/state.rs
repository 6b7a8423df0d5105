//! Optimizer state between updates: the constants of the update rule, the
//! state every parameter starts with (zero), the state carried from one
//! update to the next, and β₁ᵗ, β₂ᵗ for each update's t.

use num_rational::BigRational;
use num_traits::{Pow, Zero};

use super::Map;
use crate::model::{Hyper, Literal, Network, Optimizer};
use crate::numeric::eval::Rules;
use crate::numeric::real::Real;
use crate::symbolic::program::gradient_quantities;
use crate::symbolic::program::optimizer::states;
use crate::symbolic::{Param, Quantity, Symbol};

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

/// The constants of the update rule as given numbers, and the starting
/// state (0, written `0`) of every parameter that is not frozen.
pub(super) fn given(network: &Network, literals: &mut Map<Literal>) {
    for (hyper, value) in network.optimizer.hypers() {
        literals.insert(Symbol::of(Quantity::Hyper(hyper)), value.clone());
    }
    if let Some(decay) = &network.weight_decay {
        literals.insert(
            Symbol::of(Quantity::Hyper(Hyper::WeightDecay)),
            decay.clone(),
        );
    }
    if let Some(decay) = &network.decoupled_weight_decay {
        literals.insert(
            Symbol::of(Quantity::Hyper(Hyper::DecoupledDecay)),
            decay.clone(),
        );
    }
    let zero = Literal {
        value: BigRational::zero(),
        text: "0".to_owned(),
    };
    for gradient in gradient_quantities(network) {
        let Some(param) = Param::of(gradient) else {
            continue;
        };
        if frozen(network, param) {
            continue;
        }
        for kind in states(&network.optimizer).iter().filter(|k| k.is_kept()) {
            literals.insert(
                Symbol::of(Quantity::OldState { kind: *kind, param }),
                zero.clone(),
            );
        }
    }
}

/// The kept state after an update becomes the next update's old state.
pub(super) fn carry_over(values: &super::Values, next: &mut Map<Real>) {
    for (symbol, value) in &values.carried {
        if let Some(old) = kept(symbol) {
            next.insert(old, value.carried_over());
        }
    }
}

/// The symbol a kept optimizer state (`v`, `m`, `s`) has in the next
/// update (`v_old`), if `symbol` is one.
pub(super) fn kept(symbol: &Symbol) -> Option<Symbol> {
    match symbol.quantity {
        Quantity::State { kind, param } if kind.is_kept() => {
            Some(Symbol::of(Quantity::OldState { kind, param }))
        }
        _ => None,
    }
}

/// β₁ᵗ and β₂ᵗ of Adam at update `t`: exact, then rounded as a written
/// number is under the carry mode (so they are correctly rounded).
pub(super) fn bind_powers(network: &Network, rules: &Rules, t: u64, carried: &mut Map<Real>) {
    let Optimizer::Adam { beta1, beta2, .. } = &network.optimizer else {
        return;
    };
    let exponent = i32::try_from(t).unwrap_or(i32::MAX);
    for (hyper, beta) in [(Hyper::Beta1, beta1), (Hyper::Beta2, beta2)] {
        let power = Real::Exact(Pow::pow(&beta.value, exponent));
        carried.insert(
            Symbol::of(Quantity::HyperPower(hyper)),
            rules.carry_named(power),
        );
    }
}
