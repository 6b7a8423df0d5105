//! Before-and-after comparisons and the rounding audit of a run.

use std::cmp::Ordering;

use num_rational::BigRational;

use crate::model::Network;
use crate::model::ids::{ExampleId, LayerId, UnitId};
use crate::numeric::eval::Shown;
use crate::numeric::real::Real;
use crate::numeric::round::Rounded;
use crate::numeric::run::{Env, Run};
use crate::symbolic::{Quantity, Symbol};

/// How one prediction moved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PredictionChange {
    /// The example (in a batch of several).
    pub example: Option<ExampleId>,
    /// The output unit.
    pub unit: UnitId,
    /// The target.
    pub target: Shown,
    /// ŷ before training.
    pub before: Shown,
    /// ŷ after training.
    pub after: Shown,
    /// Whether |y − ŷ| shrank, grew or stayed.
    pub closer: Ordering,
}

/// The loss before and after training.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comparison {
    /// Loss with the initial parameters.
    pub before: Shown,
    /// Loss with the final parameters.
    pub after: Shown,
    /// after − before.
    pub change: Shown,
    /// (after − before) / before, when before ≠ 0.
    pub relative: Option<Shown>,
    /// Each prediction's movement.
    pub predictions: Vec<PredictionChange>,
}

/// A printed value that differs from the exact value rounded the same way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deviation {
    /// The quantity.
    pub symbol: Symbol,
    /// The update it belongs to (1-based), or 0 for the final forward pass.
    pub update: u64,
    /// The printed value.
    pub shown: Rounded,
    /// The exact value, rounded to the same precision.
    pub exact: Rounded,
    /// shown − exact, in units of the last printed place.
    pub units_in_last_place: BigRational,
}

fn loss_of(env: &Env) -> Option<Shown> {
    env.value(&Symbol::of(Quantity::Loss)).cloned()
}

/// Compares the initial and final forward passes.
pub fn compare(network: &Network, run: &Run) -> Comparison {
    let rules = run.rules;
    let zero = || rules.finish_named(Real::zero());
    let before = loss_of(&run.initial_pass).unwrap_or_else(zero);
    let after = loss_of(&run.final_pass).unwrap_or_else(zero);
    let change = rules.finish_named(after.carried.sub(&before.carried));
    let relative = change
        .carried
        .div(&before.carried)
        .ok()
        .map(|r| rules.finish_named(r));
    let output: LayerId = network.output_layer();
    let mut predictions = Vec::new();
    for (tag, _) in run.forward.batch.iter().zip(network.example_ids()) {
        for unit in network.layer(output).unit_ids() {
            let y_hat = Symbol::for_example(
                Quantity::Activation {
                    layer: output,
                    unit,
                },
                *tag,
            );
            let y = Symbol::for_example(Quantity::Target { unit }, *tag);
            let (Some(before), Some(after), Some(target)) = (
                run.initial_pass.value(&y_hat),
                run.final_pass.value(&y_hat),
                run.final_pass.value(&y),
            ) else {
                continue;
            };
            let distance = |v: &Shown| {
                let gap = target.carried.sub(&v.carried);
                if gap.signum() < 0 { gap.neg() } else { gap }
            };
            let closer = distance(before).compare(&distance(after));
            predictions.push(PredictionChange {
                example: *tag,
                unit,
                target: target.clone(),
                before: before.clone(),
                after: after.clone(),
                closer,
            });
        }
    }
    Comparison {
        before,
        after,
        change,
        relative,
        predictions,
    }
}

/// Every computed value of the written updates and the final pass whose
/// printed digits differ from those of the exact run.
pub fn deviations(run: &Run, exact: &Run) -> Vec<Deviation> {
    let mut found = Vec::new();
    for (index, (record, exact_record)) in run.updates.iter().zip(&exact.updates).enumerate() {
        if let (Some(env), Some(exact_env)) = (&record.env, &exact_record.env) {
            let definitions = run.update.definitions.iter().map(|d| d.target);
            collect(&mut found, definitions, env, exact_env, index as u64 + 1);
        }
    }
    let definitions = run.forward.definitions.iter().map(|d| d.target);
    collect(
        &mut found,
        definitions,
        &run.final_pass,
        &exact.final_pass,
        0,
    );
    found
}

fn collect(
    found: &mut Vec<Deviation>,
    symbols: impl Iterator<Item = Symbol>,
    env: &Env,
    exact: &Env,
    update: u64,
) {
    for symbol in symbols {
        let (Some(shown), Some(reference)) = (env.rounded(&symbol), exact.rounded(&symbol)) else {
            continue;
        };
        if shown.decimal == reference.decimal {
            continue;
        }
        let difference = shown.decimal.to_rational() - reference.decimal.to_rational();
        let place = crate::numeric::Decimal {
            digits: 1.into(),
            scale: shown.decimal.scale,
        }
        .to_rational();
        found.push(Deviation {
            symbol,
            update,
            shown: shown.clone(),
            exact: reference.clone(),
            units_in_last_place: difference / place,
        });
    }
}
