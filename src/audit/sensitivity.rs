//! Rounding sensitivity: every quantity of a worked example under several
//! precisions and carry modes, beside the exact value.
//!
//! One run per (precision, carry mode) and one run carrying every value
//! exactly. Each printed value is compared with the exact value rounded
//! the same way ([`super::deviation::agreement`], the comparison the
//! report's rounding section uses), and the results are summarised: how
//! many printed digits of each quantity can be trusted, whether the
//! qualitative conclusions survive (the loss goes down, the sign of every
//! gradient, which parameters move and which way), the smallest precision
//! at which every printed value agrees, and, over several updates, how the
//! loss drifts from the exact run.

use std::cmp::Ordering;

use num_rational::BigRational;

use super::deviation::{agreement, trusted_digits};
use super::names::{self, Place, When};
use crate::model::{Carry, Network, Precision, Rounding};
use crate::numeric::eval::{NumericError, Rules};
use crate::numeric::real::Real;
use crate::numeric::round::{Rounded, round};
use crate::numeric::run::{Detail, Run, run};
use crate::symbolic::program::gradient_quantities;
use crate::symbolic::{Quantity, Symbol};

pub use crate::model::limits::MAX_SEARCH_DIGITS;

/// What to compare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The precisions, in the order shown.
    pub precisions: Vec<Precision>,
    /// The carry modes, in the order shown.
    pub carries: Vec<Carry>,
    /// The rounding mode of every run.
    pub rounding: Rounding,
    /// How many precisions the search for the smallest agreeing one may
    /// try per carry mode, from the fewest digits up (each is a training
    /// run): at most [`MAX_SEARCH_DIGITS`] + 1, fewer when the resource
    /// budget is short ([`crate::model::limits::search_runs`]), 0 for none.
    pub search_runs: u32,
}

/// One printed value and how it compares with the exact one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// The value as printed.
    pub printed: Rounded,
    /// The exact value rounded the same way.
    pub exact: Rounded,
    /// printed − exact in units of the last place, when they differ.
    pub deviation: Option<BigRational>,
    /// How many of the printed digits can be trusted.
    pub trusted: u32,
}

/// A quantity across every run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Where it is in the run.
    pub place: Place,
    /// Its claim name (`a[1][1]`, `new loss`).
    pub name: String,
    /// In words.
    pub words: String,
    /// Its exact value.
    pub exact: Real,
    /// One cell per column (`None` where that run failed).
    pub cells: Vec<Option<Cell>>,
}

/// The sign of a gradient in one run against its true sign.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignChange {
    /// Printed with the opposite sign.
    Flipped,
    /// Printed as zero though it is not.
    Vanished,
    /// Printed as non-zero though it is zero.
    Spurious,
}

/// What a run's printed numbers let a reader conclude, against the truth.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conclusions {
    /// Printed values over every update and the final pass.
    pub printed: usize,
    /// How many of them differ from the exact value rounded the same way.
    pub differing: usize,
    /// The printed loss before and after training.
    pub loss: (Rounded, Rounded),
    /// Which way the printed loss went (after against before).
    pub loss_direction: Ordering,
    /// Which way the exact loss went.
    pub exact_loss_direction: Ordering,
    /// Gradients (every update's) whose printed sign is not the true one.
    pub signs: Vec<(String, SignChange)>,
    /// Gradients checked.
    pub gradients: usize,
    /// Parameters whose printed movement over training (up, down, none)
    /// differs from the true one: (name, printed, true).
    pub moves: Vec<(String, Ordering, Ordering)>,
    /// Parameters checked.
    pub parameters: usize,
}

/// One run of the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// Its precision.
    pub precision: Precision,
    /// Its carry mode.
    pub carry: Carry,
    /// What it lets a reader conclude, or why the run failed.
    pub outcome: Result<Conclusions, String>,
}

/// The loss of one update (or after training) in every run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DriftRow {
    /// The update (or after training).
    pub when: When,
    /// The exact loss.
    pub exact: Real,
    /// The printed loss of each column and its difference from the exact
    /// loss rounded the same way, in units of the last place.
    pub losses: Vec<Option<Cell>>,
}

/// The smallest precision at which every printed value agrees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agreement {
    /// The carry mode.
    pub carry: Carry,
    /// The smallest precision, if one up to [`MAX_SEARCH_DIGITS`] digits agrees.
    pub smallest: Option<Precision>,
}

/// The whole sensitivity analysis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sensitivity {
    /// What was compared.
    pub plan: Plan,
    /// One column per (precision, carry mode), precisions outermost.
    pub columns: Vec<Column>,
    /// The first update's quantities and the forward pass after training.
    pub rows: Vec<Row>,
    /// Per carry mode other than exact: the smallest agreeing precision.
    pub agreement: Vec<Agreement>,
    /// The loss over the updates, when there are several.
    pub drift: Vec<DriftRow>,
    /// Updates made.
    pub updates: u64,
    /// The most digits the agreement search tried (`None`: no search).
    pub search_limit: Option<u32>,
}

/// A copy of the network with other settings.
fn with(network: &Network, precision: Precision, carry: Carry, rounding: Rounding) -> Network {
    let mut copy = network.clone();
    copy.settings.precision = precision;
    copy.settings.carry = carry;
    copy.settings.rounding = rounding;
    copy
}

fn train(network: &Network) -> Result<Run, NumericError> {
    run(network, Rules::of(network.settings), Detail::First)
}

fn cell(value: &Real, exact: &Real, precision: Precision, rounding: Rounding) -> Cell {
    let printed = round(value, precision, rounding);
    let found = agreement(&printed, exact, precision, rounding);
    let digits = precision.digits().unwrap_or(0);
    let trusted = trusted_digits(&printed, exact, digits, precision, rounding);
    Cell {
        printed,
        exact: found.exact,
        deviation: found.deviation,
        trusted,
    }
}

/// Whether a computed value's printed digits differ from the exact ones.
fn differs(
    network: &Network,
    run: &Run,
    exact: &Run,
    place: &Place,
    precision: Precision,
    rounding: Rounding,
) -> bool {
    let (Some(value), Some(truth)) = (
        names::value(network, run, place),
        names::value(network, exact, place),
    ) else {
        return false;
    };
    let printed = round(&value, precision, rounding);
    agreement(&printed, &truth, precision, rounding)
        .deviation
        .is_some()
}

/// How many of the computed values differ from the exact ones.
fn count_differing(
    network: &Network,
    run: &Run,
    exact: &Run,
    places: &[Place],
    precision: Precision,
    rounding: Rounding,
) -> usize {
    places
        .iter()
        .filter(|place| differs(network, run, exact, place, precision, rounding))
        .count()
}

fn loss(pass: &crate::numeric::run::Env) -> Option<Real> {
    pass.value(&Symbol::of(Quantity::Loss))
        .map(|s| s.carried.clone())
}

fn sign_change(printed: &Rounded, truth: &Real) -> Option<SignChange> {
    let shown = printed.decimal.digits.sign();
    let shown = match shown {
        num_bigint::Sign::Minus => -1,
        num_bigint::Sign::NoSign => 0,
        num_bigint::Sign::Plus => 1,
    };
    match (shown, truth.signum()) {
        (a, b) if a == b => None,
        (0, _) => Some(SignChange::Vanished),
        (_, 0) => Some(SignChange::Spurious),
        _ => Some(SignChange::Flipped),
    }
}

fn signs(
    network: &Network,
    run: &Run,
    exact: &Run,
    precision: Precision,
    rounding: Rounding,
) -> (Vec<(String, SignChange)>, usize) {
    let mut changes = Vec::new();
    let mut count = 0;
    for update in 1..=run.updates.len() as u64 {
        for quantity in gradient_quantities(network) {
            let place = Place {
                symbol: Symbol::of(quantity),
                when: When::Update(update),
            };
            let (Some(value), Some(truth)) = (
                names::value(network, run, &place),
                names::value(network, exact, &place),
            ) else {
                continue;
            };
            count += 1;
            if let Some(change) = sign_change(&round(&value, precision, rounding), &truth) {
                changes.push((names::name(network, &place), change));
            }
        }
    }
    (changes, count)
}

fn moves(
    network: &Network,
    run: &Run,
    exact: &Run,
    precision: Precision,
    rounding: Rounding,
) -> (Vec<(String, Ordering, Ordering)>, usize) {
    let mut wrong = Vec::new();
    let parameters = names::parameters(network);
    for quantity in &parameters {
        let start = Place {
            symbol: Symbol::of(*quantity),
            when: When::Update(1),
        };
        let end = Place {
            symbol: Symbol::of(*quantity),
            when: When::After,
        };
        let (Some(initial), Some(last), Some(truth)) = (
            names::value(network, exact, &start),
            names::value(network, run, &end),
            names::value(network, exact, &end),
        ) else {
            continue;
        };
        let printed = round(&last, precision, rounding)
            .decimal
            .to_rational()
            .cmp(&round(&initial, precision, rounding).decimal.to_rational());
        let true_move = truth.compare(&initial);
        if printed != true_move {
            wrong.push((names::name(network, &end), printed, true_move));
        }
    }
    (wrong, parameters.len())
}

fn conclusions(
    network: &Network,
    run: &Run,
    exact: &Run,
    precision: Precision,
    rounding: Rounding,
) -> Conclusions {
    let places = names::computed_places(network, exact);
    let differing = count_differing(network, run, exact, &places, precision, rounding);
    let zero = Real::zero();
    let before = loss(&run.initial_pass).unwrap_or_else(Real::zero);
    let after = loss(&run.final_pass).unwrap_or_else(Real::zero);
    let exact_before = loss(&exact.initial_pass).unwrap_or_else(Real::zero);
    let exact_after = loss(&exact.final_pass).unwrap_or(zero);
    let before = round(&before, precision, rounding);
    let after = round(&after, precision, rounding);
    let loss_direction = after
        .decimal
        .to_rational()
        .cmp(&before.decimal.to_rational());
    let (signs, gradients) = signs(network, run, exact, precision, rounding);
    let (moves, parameters) = moves(network, run, exact, precision, rounding);
    Conclusions {
        printed: places.len(),
        differing,
        loss: (before, after),
        loss_direction,
        exact_loss_direction: exact_after.compare(&exact_before),
        signs,
        gradients,
        moves,
        parameters,
    }
}

fn failure(network: &Network, error: &NumericError) -> String {
    crate::describe::numeric_error(network, error).0
}

/// The smallest precision (of the kind of `template`) at which every
/// printed value of a `carry` run agrees with the exact run.
fn smallest_agreeing(
    network: &Network,
    exact: &Run,
    template: Precision,
    carry: Carry,
    plan: &Plan,
) -> Option<Precision> {
    let rounding = plan.rounding;
    let places = names::computed_places(network, exact);
    let first = match template {
        Precision::Significant(_) => 1,
        _ => 0,
    };
    (first..=MAX_SEARCH_DIGITS)
        .take(plan.search_runs as usize)
        .find_map(|digits| {
            let precision = match template {
                Precision::Significant(_) => Precision::Significant(digits),
                _ => Precision::Decimals(digits),
            };
            let copy = with(network, precision, carry, rounding);
            let run = train(&copy).ok()?;
            // Most precisions fail on an early value: stop at the first difference.
            let agrees = !places
                .iter()
                .any(|place| differs(&copy, &run, exact, place, precision, rounding));
            agrees.then_some(precision)
        })
}

/// The last digit count the agreement search tries.
fn search_limit(template: Precision, runs: u32) -> Option<u32> {
    let first = match template {
        Precision::Significant(_) => 1,
        _ => 0,
    };
    runs.checked_sub(1)
        .map(|extra| (first + extra).min(MAX_SEARCH_DIGITS))
}

fn drift(
    network: &Network,
    exact: &Run,
    runs: &[(Precision, Option<Run>)],
    rounding: Rounding,
) -> Vec<DriftRow> {
    if exact.updates.len() < 2 {
        return Vec::new();
    }
    let mut times: Vec<When> = (1..=exact.updates.len() as u64).map(When::Update).collect();
    times.push(When::After);
    times
        .into_iter()
        .filter_map(|when| {
            let place = Place {
                symbol: Symbol::of(Quantity::Loss),
                when,
            };
            let truth = names::value(network, exact, &place)?;
            let losses = runs
                .iter()
                .map(|(precision, run)| {
                    let value = names::value(network, run.as_ref()?, &place)?;
                    Some(cell(&value, &truth, *precision, rounding))
                })
                .collect();
            Some(DriftRow {
                when,
                exact: truth,
                losses,
            })
        })
        .collect()
}

/// Runs the plan.
///
/// # Errors
/// A [`NumericError`] when even the exact run fails (then no precision helps).
pub fn analyse(network: &Network, plan: &Plan) -> Result<Sensitivity, NumericError> {
    let template = plan
        .precisions
        .first()
        .copied()
        .unwrap_or(Precision::Decimals(4));
    let exact_network = with(network, template, Carry::Exact, plan.rounding);
    let exact = train(&exact_network)?;
    let mut columns = Vec::new();
    let mut runs = Vec::new();
    for precision in &plan.precisions {
        for carry in &plan.carries {
            let copy = with(network, *precision, *carry, plan.rounding);
            let outcome = train(&copy);
            columns.push(Column {
                precision: *precision,
                carry: *carry,
                outcome: match &outcome {
                    Ok(run) => Ok(conclusions(&copy, run, &exact, *precision, plan.rounding)),
                    Err(error) => Err(failure(&copy, error)),
                },
            });
            runs.push((*precision, outcome.ok()));
        }
    }
    let rows = names::audit_places(network, &exact)
        .into_iter()
        .filter_map(|place| {
            let truth = names::value(network, &exact, &place)?;
            let cells = runs
                .iter()
                .map(|(precision, run)| {
                    let value = names::value(network, run.as_ref()?, &place)?;
                    Some(cell(&value, &truth, *precision, plan.rounding))
                })
                .collect();
            Some(Row {
                name: names::name(network, &place),
                words: names::describe(network, &place),
                place,
                exact: truth,
                cells,
            })
        })
        .collect();
    // No search at all when the budget leaves no run for it.
    let searched = if plan.search_runs == 0 {
        &[][..]
    } else {
        &plan.carries[..]
    };
    let agreement = searched
        .iter()
        .filter(|c| **c != Carry::Exact)
        .map(|carry| Agreement {
            carry: *carry,
            smallest: smallest_agreeing(network, &exact, template, *carry, plan),
        })
        .collect();
    Ok(Sensitivity {
        drift: drift(network, &exact, &runs, plan.rounding),
        plan: plan.clone(),
        columns,
        rows,
        agreement,
        updates: exact.updates.len() as u64,
        search_limit: search_limit(template, plan.search_runs),
    })
}
