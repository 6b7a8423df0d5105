//! The run in [`Quick`] numbers: the same programs, the same order and the
//! same rounding as [`super::run_with`], for deciding an exercise
//! variant's answers without big-integer arithmetic.
//!
//! It keeps only what an answer key asks of a run: each update's named
//! quantities, every value of the first update (the activation slopes), and
//! the forward pass after training. Anything it cannot decide — and every
//! failure, which [`Real`] words properly — gives `None`, and the caller
//! runs the variant with [`super::run_prepared`] instead. `tests/quick.rs`
//! checks that whatever it decides is what the [`Real`] run gives.

use super::{Compiled, Given, Map, Programs, coarse, state};
use crate::model::ids::{ExampleId, UnitId};
use crate::model::{Batch, Carry, Network};
use crate::numeric::eval::{self, Carried, Number, Open, Rules};
use crate::numeric::quick::Quick;
use crate::numeric::real::Real;
use crate::symbolic::{Quantity, Symbol};

/// One update's values.
#[derive(Debug, Clone)]
pub struct QuickUpdate {
    /// Under `batch = 1`, the example this update used.
    pub example: Option<ExampleId>,
    /// The carried values of the update's named quantities.
    pub named: Map<Quick>,
}

/// A run in [`Quick`] numbers.
#[derive(Debug, Clone)]
pub struct QuickRun {
    /// Every update, in order.
    pub updates: Vec<QuickUpdate>,
    /// Every value of the first update (named or not).
    pub first: Map<Quick>,
    /// The forward pass with the final parameters.
    pub final_pass: Map<Quick>,
}

struct Values(Map<Quick>);

impl Carried<Quick> for Values {
    fn carried(&self, symbol: &Symbol) -> Option<&Quick> {
        self.0.get(symbol)
    }
}

fn quick(value: &Real) -> Option<Quick> {
    Quick::of_real(value).ok()
}

/// A parameter carried into the next update: [`Real::carried_over`] takes
/// an approximation that may be 0 to be 0, so a ball that may be 0 is
/// left to [`Real`].
fn carried_over(value: &Quick) -> Option<Quick> {
    value.signum().ok().map(|_| *value)
}

/// Trains `network` as [`super::run_prepared`] does, in [`Quick`] numbers.
/// `None` when a value cannot be decided this way or the run fails.
pub fn run_quick(network: &Network, programs: &Programs, rules: Rules) -> Option<QuickRun> {
    if !programs.serve(network) {
        return None;
    }
    let given = Given::of(network);
    let mut parameters = Map::default();
    for (symbol, literal) in &given.literals {
        parameters.insert(*symbol, Quick::of_rational(&literal.value));
    }
    // The forward pass before training: it may fail where an update does
    // not (online SGD meets the other examples only later).
    forward_pass(network, programs, parameters.clone(), &rules)?;
    let examples: Vec<Option<ExampleId>> = match network.batch {
        Batch::Single => network.example_ids().map(Some).collect(),
        Batch::Full => vec![None],
    };
    let mut updates = Vec::new();
    let mut first = None;
    let mut count: u64 = 0;
    for _ in 1..=network.steps {
        for example in &examples {
            count += 1;
            let mut values = parameters.clone();
            match example {
                Some(id) => bind_example(&mut values, network, *id, None),
                None => {
                    for (tag, id) in programs.update.batch.iter().zip(network.example_ids()) {
                        bind_example(&mut values, network, id, *tag);
                    }
                }
            }
            let mut powers = Map::default();
            state::bind_powers(network, &rules, count, &mut powers);
            for (symbol, power) in &powers {
                values.insert(*symbol, quick(power)?);
            }
            let mut values = Values(values);
            evaluate(&programs.update_lines, &mut values, &rules)?;
            parameters = next_parameters(&values.0, &parameters)?;
            updates.push(QuickUpdate {
                example: *example,
                named: values
                    .0
                    .iter()
                    .filter(|(s, _)| s.is_named() && !s.is_given())
                    .map(|(s, v)| (*s, *v))
                    .collect(),
            });
            if first.is_none() {
                first = Some(values.0);
            }
        }
    }
    let final_pass = forward_pass(network, programs, parameters, &rules)?;
    Some(QuickRun {
        updates,
        first: first.unwrap_or_default(),
        final_pass,
    })
}

fn bind_example(
    values: &mut Map<Quick>,
    network: &Network,
    example: ExampleId,
    tag: Option<ExampleId>,
) {
    let Some(data) = network.examples.get(example.0) else {
        return;
    };
    for (unit, x) in data.input.iter().enumerate() {
        let symbol = Symbol::for_example(Quantity::Input { unit: UnitId(unit) }, tag);
        values.insert(symbol, Quick::of_rational(&x.value));
    }
    for (unit, y) in data.target.iter().enumerate() {
        let symbol = Symbol::for_example(Quantity::Target { unit: UnitId(unit) }, tag);
        values.insert(symbol, Quick::of_rational(&y.value));
    }
}

/// Evaluates the lines in order, as [`super::evaluate`] does under `Strict`.
fn evaluate(compiled: &[Compiled], values: &mut Values, rules: &Rules) -> Option<()> {
    for line in compiled {
        let value: Quick = eval::value_in(&line.form, values, rules)?;
        let carried = if line.named {
            carry_named(rules, value).ok()?
        } else {
            value
        };
        // Near 10^30 [`eval::check_range`] objects: let [`Real`] decide.
        if !within_range(&carried) {
            return None;
        }
        if coarse::second_moment(&line.target)
            && carried
                .round(rules.precision, rules.rounding)
                .ok()?
                .decimal
                .is_zero()
        {
            return None;
        }
        values.0.insert(line.target, carried);
    }
    Some(())
}

/// Whether a value is surely below 10^29 in size.
fn within_range(value: &Quick) -> bool {
    match *value {
        Quick::Decimal { digits, scale } => 10i128
            .checked_pow(29 + scale)
            .is_some_and(|limit| digits.unsigned_abs() < limit.unsigned_abs()),
        Quick::Ball { middle, radius } => middle.abs() + radius < 1e29,
    }
}

/// [`Rules::carry_named`] in quick numbers.
fn carry_named(rules: &Rules, value: Quick) -> Result<Quick, Open> {
    match rules.carry {
        Carry::Step | Carry::Quantity => Ok(Quick::of_rounded(
            &value.round(rules.precision, rules.rounding)?,
        )),
        Carry::Exact => Ok(value),
    }
}

/// The parameters after an update, as [`super::next_parameters`] gives them.
fn next_parameters(values: &Map<Quick>, previous: &Map<Quick>) -> Option<Map<Quick>> {
    let mut next = Map::default();
    for (symbol, value) in previous {
        let Some(updated) = super::successor(symbol) else {
            continue;
        };
        let value = updated.and_then(|u| values.get(&u)).unwrap_or(value);
        next.insert(*symbol, carried_over(value)?);
    }
    for (symbol, value) in values {
        if let Some(old) = state::kept(symbol) {
            next.insert(old, carried_over(value)?);
        }
    }
    Some(next)
}

fn forward_pass(
    network: &Network,
    programs: &Programs,
    parameters: Map<Quick>,
    rules: &Rules,
) -> Option<Map<Quick>> {
    let mut values = parameters;
    for (tag, id) in programs.forward.batch.iter().zip(network.example_ids()) {
        bind_example(&mut values, network, id, *tag);
    }
    let mut values = Values(values);
    evaluate(&programs.forward_lines, &mut values, rules)?;
    Some(values.0)
}
