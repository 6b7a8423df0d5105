//! Remarks on what the numbers mean, each computed from the printed
//! numbers and placed where a textbook stops to make it: how far each
//! prediction is from its target, what the sign of each output error asks
//! for, how much smaller a hidden layer's errors are than the errors they
//! came from (and the weights and slopes that made them so), which
//! parameters the update raised, lowered or left, how many more identical
//! steps would bring the predictions within 0.01 of their targets, and
//! when the loss stopped improving. Only facts: the words are the
//! templates'.
//!
//! Comparisons are made on the printed (rounded) values, so a remark never
//! contradicts the digits the reader sees.

use std::cmp::Ordering;

use num_rational::BigRational;
use num_traits::{Signed, Zero};

use super::Block;
use crate::functions::{Range, SlopeBound};
use crate::model::ids::{ExampleId, LayerId, UnitId};
use crate::model::{Batch, Network, Precision};
use crate::numeric::eval::{Rules, Shown};
use crate::numeric::run::{Detail, Env, Run, run};
use crate::symbolic::{Quantity, Symbol};

/// How close a prediction must come to its target for training to count
/// as done in [`MoreSteps`].
pub const CLOSE_ENOUGH: (i64, i64) = (1, 100);

/// The most further steps tried silently for [`MoreSteps`].
pub const MORE_STEPS_CAP: u64 = 100;

/// The most parameters × examples for which [`MoreSteps`] is worked out
/// (a hundred silent steps of a larger network would slow every report).
pub const MORE_STEPS_WORK: usize = 200;

/// One prediction against its target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PredictionRemark {
    /// The prediction ŷ.
    pub prediction: Symbol,
    /// Its printed value.
    pub value: BigRational,
    /// The target's value.
    pub target: BigRational,
    /// `Less`: the prediction undershoots; `Greater`: it overshoots.
    pub side: Ordering,
    /// |y − ŷ| of the printed values.
    pub distance: BigRational,
    /// Where it lies against the output activation's range (`None`: the
    /// activation is defined in the file, its range is every number, or it
    /// is softmax, whose outputs are remarked on together in [`Total`]).
    pub range: Option<RangeFit>,
}

/// A printed prediction against the range of the output activation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RangeFit {
    /// The range, from the activation's card: an interval.
    pub range: Range,
    /// Whether the printed value lies inside the range (or on an end the
    /// function reaches). `false`: rounding put it on an end the function
    /// only approaches (σ(12) = 1.0000 at 4 decimals).
    pub inside: bool,
}

/// The printed outputs of a softmax layer for one example, whose exact
/// values lie in (0, 1) and add up to 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Total {
    /// The example, in a batch of several.
    pub example: Option<ExampleId>,
    /// The sum of the printed outputs (1, or off by rounding).
    pub sum: BigRational,
    /// Whether every printed output lies strictly between 0 and 1 (rounding
    /// can print a tiny output as 0).
    pub inside: bool,
}

/// How the errors of a hidden layer compare with those of the layer after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shrink {
    /// The hidden layer.
    pub layer: LayerId,
    /// The example, in a batch of several.
    pub example: Option<ExampleId>,
    /// The largest |δ| of the layer (printed).
    pub largest: BigRational,
    /// The largest |δ| of the layer after it (printed).
    pub next_largest: BigRational,
    /// The largest |W| of the weights the errors came back through.
    pub largest_weight: BigRational,
    /// The largest slope f′(z) of the layer (printed), for one-per-unit slopes.
    pub largest_slope: Option<BigRational>,
    /// The bound on the layer's slopes from its activation's card (σ′ ≤ ¼,
    /// relu′ ∈ {0, 1}), when every printed slope of the layer keeps it.
    pub bound: Option<SlopeBound>,
}

/// Why a parameter kept its printed value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kept {
    /// It is frozen.
    Frozen,
    /// Its gradient printed as 0.
    ZeroGradient,
    /// Its step η·g was too small to change a printed digit.
    TooSmall,
}

/// What the update did to one layer's parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moves {
    /// The layer.
    pub layer: LayerId,
    /// Parameters whose value rose (old symbol).
    pub raised: Vec<Symbol>,
    /// Parameters whose value fell.
    pub lowered: Vec<Symbol>,
    /// Parameters that kept their value, and why.
    pub kept: Vec<(Symbol, Kept)>,
}

/// How many more identical steps bring every prediction within 0.01 of its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoreSteps {
    /// This many more (0: already within).
    Reached(u64),
    /// Not within [`MORE_STEPS_CAP`] more steps.
    Capped(u64),
}

/// When, over several updates, the loss stopped falling (printed losses:
/// each update's own forward pass, then the pass after training), or that
/// training stalled: the one home of what the ending says about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plateau {
    /// The loss barely moved over the last half of training while still
    /// far from 0 (said instead of the others: it says more).
    Stalled(Box<Stall>),
    /// The printed loss fell at every update.
    FellThroughout,
    /// The loss ended at its lowest, but this many updates did not lower it.
    Uneven(u64),
    /// The loss was lowest after this many updates (0: before training)
    /// and no later update brought it lower.
    StoppedAfter(u64),
}

/// The loss barely moving over the second half of training.
///
/// Under full-batch updates the loss before each update is one curve; when
/// its last half changes the loss by less than [`Stall::FLAT`] of its
/// value while the loss is still above [`Stall::UNSOLVED`] of where it
/// started, training has stalled rather than converged, and the report says
/// so instead of praising the (small) fall.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stall {
    /// How many updates the flat stretch spans (the last half of them).
    pub updates: usize,
    /// The loss where the stretch starts.
    pub from: Shown,
    /// The loss after training.
    pub to: Shown,
}

impl Stall {
    /// Relative change below which a stretch counts as flat: 1 %.
    pub const FLAT: (i64, i64) = (1, 100);
    /// A loss below this fraction of its start counts as solved: 10 %.
    pub const UNSOLVED: (i64, i64) = (1, 10);
    /// The fewest updates a curve needs before it is judged.
    pub const MIN_UPDATES: usize = 4;
}

/// The remarks of one written update.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UpdateRemarks {
    /// Each prediction against its target (after the update's loss).
    pub predictions: Vec<PredictionRemark>,
    /// For a softmax output layer, each example's printed outputs added up.
    pub totals: Vec<Total>,
    /// Each hidden layer's errors against the next layer's (after its errors).
    pub shrink: Vec<Shrink>,
    /// What the update did, layer by layer (after the update).
    pub moves: Vec<Moves>,
}

/// The remarks about training as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RunRemarks {
    /// More identical steps to bring the predictions close.
    pub more_steps: Option<MoreSteps>,
    /// When the loss stopped improving (several updates, full batch).
    pub plateau: Option<Plateau>,
}

/// The printed value of a symbol in `env`, as a rational: a computed
/// value as rounded, a number from the file as written.
fn printed(env: &Env, symbol: &Symbol, rules: &Rules) -> Option<BigRational> {
    let shown = env.value(symbol)?;
    Some(match shown.origin {
        crate::numeric::eval::Origin::Computed => shown.rounded.decimal.to_rational(),
        _ if shown.carried.is_exact() => shown.carried.to_rational(),
        _ => rules.round(&shown.carried).decimal.to_rational(),
    })
}

/// The remarks of one update, from its environment and blocks.
pub(super) fn update_remarks(
    network: &Network,
    env: &Env,
    blocks: &[Block],
    rules: &Rules,
) -> UpdateRemarks {
    let predictions = predictions(network, env, blocks, rules);
    UpdateRemarks {
        totals: totals(network, &predictions),
        predictions,
        shrink: shrink(network, env, blocks, rules),
        moves: moves(network, env, rules),
    }
}

fn predictions(
    network: &Network,
    env: &Env,
    blocks: &[Block],
    rules: &Rules,
) -> Vec<PredictionRemark> {
    let output = network.output_layer();
    let mut examples: Vec<Option<ExampleId>> = Vec::new();
    for block in blocks {
        if matches!(block.kind, super::BlockKind::Activations(l) if l == output)
            && !examples.contains(&block.example)
        {
            examples.push(block.example);
        }
    }
    let mut out = Vec::new();
    for example in examples {
        for unit in 0..network.layer(output).units() {
            let unit = UnitId(unit);
            let prediction = Symbol::for_example(
                Quantity::Activation {
                    layer: output,
                    unit,
                },
                example,
            );
            let target = Symbol::for_example(Quantity::Target { unit }, example);
            let (Some(value), Some(target)) = (
                printed(env, &prediction, rules),
                env.value(&target).map(|t| t.carried.to_rational()),
            ) else {
                continue;
            };
            let range = range_fit(network, &value);
            out.push(PredictionRemark {
                prediction,
                range,
                side: value.cmp(&target),
                distance: (&target - &value).abs(),
                value,
                target,
            });
        }
    }
    out
}

/// Where a printed output lies against the output activation's range.
fn range_fit(network: &Network, value: &BigRational) -> Option<RangeFit> {
    let range = network.layer(network.output_layer()).activation.range()?;
    let inside = |end: &Option<crate::functions::End>, lower: bool| {
        end.as_ref().is_none_or(|end| match value.cmp(&end.value) {
            Ordering::Equal => end.reached,
            Ordering::Greater => lower,
            Ordering::Less => !lower,
        })
    };
    let inside = match &range {
        Range::Everything | Range::Distribution => return None,
        Range::Interval { low, high } => inside(low, true) && inside(high, false),
    };
    Some(RangeFit { range, inside })
}

/// Each example's printed softmax outputs, added up.
fn totals(network: &Network, predictions: &[PredictionRemark]) -> Vec<Total> {
    if network.layer(network.output_layer()).activation.range() != Some(Range::Distribution) {
        return Vec::new();
    }
    let mut out: Vec<Total> = Vec::new();
    let one = BigRational::from_integer(1.into());
    for p in predictions {
        let inside = p.value.is_positive() && p.value < one;
        match out.iter_mut().find(|t| t.example == p.prediction.example) {
            Some(total) => {
                total.sum += &p.value;
                total.inside &= inside;
            }
            None => out.push(Total {
                example: p.prediction.example,
                sum: p.value.clone(),
                inside,
            }),
        }
    }
    out
}

/// The card's bound on a layer's slopes, when every printed slope keeps it.
fn kept_bound(network: &Network, layer: LayerId, slopes: &[BigRational]) -> Option<SlopeBound> {
    let bound = network.layer(layer).activation.slope_bound()?;
    let keeps = |slope: &BigRational| match &bound {
        SlopeBound::AtMost(max) => {
            !slope.is_negative()
                && match slope.cmp(&max.value) {
                    Ordering::Less => true,
                    Ordering::Equal => max.reached,
                    Ordering::Greater => false,
                }
        }
        SlopeBound::OneOf(values) => values.contains(slope),
    };
    (!slopes.is_empty() && slopes.iter().all(keeps)).then_some(bound)
}

fn shrink(network: &Network, env: &Env, blocks: &[Block], rules: &Rules) -> Vec<Shrink> {
    let largest = |symbols: Vec<Symbol>| -> Option<BigRational> {
        symbols
            .iter()
            .map(|s| printed(env, s, rules).map(|v| v.abs()))
            .collect::<Option<Vec<_>>>()?
            .into_iter()
            .max()
    };
    let mut out = Vec::new();
    for block in blocks {
        let super::BlockKind::Deltas(layer) = block.kind else {
            continue;
        };
        let example = block.example;
        let next = LayerId(layer.0 + 1);
        let units = network.layer(layer).units();
        let next_units = network.layer(next).units();
        let deltas = |l: LayerId, n: usize| {
            (0..n)
                .map(|u| {
                    Symbol::for_example(
                        Quantity::Delta {
                            layer: l,
                            unit: UnitId(u),
                        },
                        example,
                    )
                })
                .collect::<Vec<_>>()
        };
        let weights = (0..next_units)
            .flat_map(|to| {
                (0..units).map(move |from| {
                    Symbol::of(Quantity::Weight {
                        layer: next,
                        to: UnitId(to),
                        from: UnitId(from),
                    })
                })
            })
            .collect();
        let slopes: Vec<Symbol> = (0..units)
            .map(|u| {
                Symbol::for_example(
                    Quantity::ActivationSlope {
                        layer,
                        of: UnitId(u),
                        wrt: UnitId(u),
                    },
                    example,
                )
            })
            .collect();
        let (Some(largest_delta), Some(next_largest), Some(largest_weight)) = (
            largest(deltas(layer, units)),
            largest(deltas(next, next_units)),
            largest(weights),
        ) else {
            continue;
        };
        let printed_slopes: Option<Vec<BigRational>> =
            slopes.iter().map(|s| printed(env, s, rules)).collect();
        let bound = printed_slopes.and_then(|p| kept_bound(network, layer, &p));
        out.push(Shrink {
            layer,
            example,
            largest: largest_delta,
            next_largest,
            largest_weight,
            largest_slope: largest(slopes),
            bound,
        });
    }
    out
}

fn moves(network: &Network, env: &Env, rules: &Rules) -> Vec<Moves> {
    let mut out = Vec::new();
    for (index, spec) in network.layers.iter().enumerate() {
        let layer = LayerId(index);
        let mut moves = Moves {
            layer,
            raised: Vec::new(),
            lowered: Vec::new(),
            kept: Vec::new(),
        };
        let mut parameters: Vec<(Quantity, Quantity, Quantity, bool)> = Vec::new();
        for to in 0..spec.units() {
            for from in 0..spec.inputs() {
                let (to, from) = (UnitId(to), UnitId(from));
                parameters.push((
                    Quantity::Weight { layer, to, from },
                    Quantity::NewWeight { layer, to, from },
                    Quantity::WeightGradient { layer, to, from },
                    spec.weights.frozen,
                ));
            }
        }
        if let Some(biases) = &spec.biases {
            for unit in 0..spec.units() {
                let unit = UnitId(unit);
                parameters.push((
                    Quantity::Bias { layer, unit },
                    Quantity::NewBias { layer, unit },
                    Quantity::BiasGradient { layer, unit },
                    biases.frozen,
                ));
            }
        }
        for (old, new, gradient, frozen) in parameters {
            let (Some(before), Some(after)) = (
                printed(env, &Symbol::of(old), rules),
                printed(env, &Symbol::of(new), rules),
            ) else {
                continue;
            };
            let symbol = Symbol::of(old);
            match after.cmp(&before) {
                Ordering::Greater => moves.raised.push(symbol),
                Ordering::Less => moves.lowered.push(symbol),
                Ordering::Equal => {
                    let zero =
                        printed(env, &Symbol::of(gradient), rules).is_none_or(|g| g.is_zero());
                    let why = if frozen {
                        Kept::Frozen
                    } else if zero {
                        Kept::ZeroGradient
                    } else {
                        Kept::TooSmall
                    };
                    moves.kept.push((symbol, why));
                }
            }
        }
        out.push(moves);
    }
    out
}

/// The remarks about training as a whole.
pub(super) fn run_remarks(network: &Network, run_: &Run) -> RunRemarks {
    use crate::model::Remark;
    RunRemarks {
        more_steps: network
            .remarks
            .has(Remark::MoreSteps)
            .then(|| more_steps(network, run_))
            .flatten(),
        plateau: network
            .remarks
            .has(Remark::Plateau)
            .then(|| plateau(network, run_))
            .flatten(),
    }
}

/// The printed loss of each update's own forward pass, then after training.
fn losses(run_: &Run) -> Option<Vec<BigRational>> {
    let rules = &run_.rules;
    let mut out = Vec::new();
    for record in &run_.updates {
        let loss = record.rounded(&Symbol::of(Quantity::Loss), rules)?;
        out.push(loss.decimal.to_rational());
    }
    out.push(printed(
        &run_.final_pass,
        &Symbol::of(Quantity::Loss),
        rules,
    )?);
    Some(out)
}

fn full_batch(network: &Network) -> bool {
    network.examples.len() == 1 || matches!(network.batch, Batch::Full)
}

/// The flat last half of a full-batch loss curve, if it is flat and the
/// loss is still far from solved (see [`Stall`]).
fn stall(network: &Network, run: &Run) -> Option<Stall> {
    if run.update.batch.len() != network.examples.len() {
        // Online updates each see one example: their losses are no curve.
        return None;
    }
    let loss = Symbol::of(Quantity::Loss);
    let mut curve: Vec<crate::numeric::real::Real> = run
        .updates
        .iter()
        .map(|record| record.named.get(&loss).cloned())
        .collect::<Option<_>>()?;
    curve.push(run.final_pass.value(&loss)?.carried.clone());
    if curve.len() <= Stall::MIN_UPDATES {
        return None;
    }
    let half = (curve.len() - 1) / 2;
    let from = &curve[curve.len() - 1 - half];
    let to = curve.last()?;
    let first = curve.first()?;
    let flat = super::compare::within(&to.sub(from), from, Stall::FLAT);
    let solved = super::compare::within(to, first, Stall::UNSOLVED);
    (flat && !solved).then(|| Stall {
        updates: half,
        from: run.rules.finish_named(from.clone()),
        to: run.rules.finish_named(to.clone()),
    })
}

fn plateau(network: &Network, run_: &Run) -> Option<Plateau> {
    if let Some(stall) = stall(network, run_) {
        return Some(Plateau::Stalled(Box::new(stall)));
    }
    if run_.updates.len() < 2 || !full_batch(network) {
        return None;
    }
    let losses = losses(run_)?;
    let lowest = losses.iter().min()?;
    let first_lowest = losses.iter().position(|l| l == lowest)?;
    if first_lowest + 1 < losses.len() {
        return Some(Plateau::StoppedAfter(first_lowest as u64));
    }
    let held = losses.windows(2).filter(|pair| pair[1] >= pair[0]).count();
    Some(if held == 0 {
        Plateau::FellThroughout
    } else {
        Plateau::Uneven(held as u64)
    })
}

/// Whether every prediction of `env`'s forward pass is within 0.01 of its target.
fn close(network: &Network, env: &Env, rules: &Rules) -> Option<bool> {
    let output = network.output_layer();
    let within = BigRational::new(CLOSE_ENOUGH.0.into(), CLOSE_ENOUGH.1.into());
    let mut any = false;
    for symbol in env.symbols() {
        if let Quantity::Activation { layer, unit } = symbol.quantity
            && layer == output
        {
            let target = Symbol::for_example(Quantity::Target { unit }, symbol.example);
            let value = printed(env, symbol, rules)?;
            let target = env.value(&target)?.carried.to_rational();
            any = true;
            if (target - value).abs() > within {
                return Some(false);
            }
        }
    }
    any.then_some(true)
}

fn more_steps(network: &Network, run_: &Run) -> Option<MoreSteps> {
    let rules = run_.rules;
    let work = network
        .layers
        .iter()
        .map(|l| l.units() * (l.inputs() + 1))
        .sum::<usize>()
        .saturating_mul(network.examples.len());
    if !full_batch(network) || rules.precision == Precision::Exact || work > MORE_STEPS_WORK {
        return None;
    }
    if close(network, &run_.final_pass, &rules)? {
        return Some(MoreSteps::Reached(0));
    }
    // Training continued silently from the final parameters: `steps` more
    // of the same steps, each update's own forward pass showing the
    // parameters the step before left.
    let mut longer = network.clone();
    longer.steps = network
        .steps
        .checked_add(MORE_STEPS_CAP)?
        .min(crate::model::limits::MAX_STEPS);
    let extra = longer.steps - network.steps;
    let continued = run(&longer, rules, Detail::First).ok()?;
    let done = run_.updates.len();
    for (index, record) in continued.updates.iter().enumerate().skip(done + 1) {
        let mut env = Env::default();
        for (symbol, value) in &record.named {
            env.insert(
                *symbol,
                crate::numeric::eval::Shown {
                    rounded: rules.round(value),
                    carried: value.clone(),
                    origin: crate::numeric::eval::Origin::Computed,
                },
            );
        }
        // Targets are given, not named: bind them from the first update.
        if let Some(first) = &run_.updates.first().and_then(|r| r.env.as_ref()) {
            for symbol in first.symbols() {
                if matches!(symbol.quantity, Quantity::Target { .. })
                    && let Some(value) = first.value(symbol)
                {
                    env.insert(*symbol, value.clone());
                }
            }
        }
        if close(network, &env, &rules)? {
            return Some(MoreSteps::Reached((index - done) as u64));
        }
    }
    if close(network, &continued.final_pass, &rules)? {
        return Some(MoreSteps::Reached(extra));
    }
    Some(MoreSteps::Capped(extra))
}
