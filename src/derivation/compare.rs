//! Before-and-after comparisons of a run. The rounding audit (printed
//! values against exact ones) is [`crate::audit::deviation`]'s, re-exported here.

use std::cmp::Ordering;

use crate::model::Network;
use crate::model::ids::{ExampleId, LayerId, UnitId};
use crate::numeric::eval::Shown;
use crate::numeric::real::Real;
use crate::numeric::run::{Env, Run};
use crate::symbolic::{Quantity, Symbol};

pub use crate::audit::deviation::{Deviation, deviations};

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
    /// Output units whose final predictions are nearly the same for every
    /// example although the targets differ.
    pub alike: Vec<AlikePredictions>,
}

/// One output unit's final predictions, all within a narrow band although
/// the examples' targets differ: the network predicts about the same for
/// every example (for XOR, the average target), whatever its input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlikePredictions {
    /// The output unit.
    pub unit: UnitId,
    /// The smallest final prediction.
    pub lowest: Shown,
    /// The largest final prediction.
    pub highest: Shown,
}

impl AlikePredictions {
    /// Predictions spread over less than this fraction of the targets'
    /// spread count as alike: 10 %.
    pub const NARROW: (i64, i64) = (1, 10);
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
    let alike = alike(network, run);
    Comparison {
        before,
        after,
        change,
        relative,
        predictions,
        alike,
    }
}

/// |a| ≤ |b| · n / d.
pub(super) fn within(a: &Real, b: &Real, (n, d): (i64, i64)) -> bool {
    let abs = |v: &Real| if v.signum() < 0 { v.neg() } else { v.clone() };
    abs(a)
        .mul(&Real::int(d))
        .compare(&abs(b).mul(&Real::int(n)))
        != Ordering::Greater
}

/// Output units predicting about the same for every example although the
/// targets differ (see [`AlikePredictions`]).
fn alike(network: &Network, run: &Run) -> Vec<AlikePredictions> {
    let output: LayerId = network.output_layer();
    if run.forward.batch.len() < 2 {
        return Vec::new();
    }
    let mut found = Vec::new();
    for unit in network.layer(output).unit_ids() {
        let values = |quantity: Quantity| -> Option<Vec<Shown>> {
            run.forward
                .batch
                .iter()
                .map(|tag| {
                    run.final_pass
                        .value(&Symbol::for_example(quantity, *tag))
                        .cloned()
                })
                .collect()
        };
        let (Some(predictions), Some(targets)) = (
            values(Quantity::Activation {
                layer: output,
                unit,
            }),
            values(Quantity::Target { unit }),
        ) else {
            continue;
        };
        let spread = |values: &[Shown]| -> Option<(Shown, Shown)> {
            let lowest = values.iter().min_by(|a, b| a.carried.compare(&b.carried))?;
            let highest = values.iter().max_by(|a, b| a.carried.compare(&b.carried))?;
            Some((lowest.clone(), highest.clone()))
        };
        let (Some((low, high)), Some((target_low, target_high))) =
            (spread(&predictions), spread(&targets))
        else {
            continue;
        };
        let target_spread = target_high.carried.sub(&target_low.carried);
        if target_spread.is_zero() {
            continue;
        }
        if within(
            &high.carried.sub(&low.carried),
            &target_spread,
            AlikePredictions::NARROW,
        ) {
            found.push(AlikePredictions {
                unit,
                lowest: low,
                highest: high,
            });
        }
    }
    found
}
