//! Running the programs: every SGD update in order, then the forward pass
//! with the final parameters.
//!
//! Each update evaluates its definitions in order, carrying values as the
//! carry mode says (named quantities rounded once under `quantity`, every
//! written node under `step`); the updated parameters become the next
//! update's parameters. The loop carries bare values only: display rounding
//! is done for the updates the report writes out in full ([`Env`]) and, on
//! demand, for the recorded named quantities of the others.

mod coarse;
mod gaps;
mod programs;
mod quick;
mod state;

use std::collections::HashMap;
use std::sync::Arc;

use rustc_hash::FxBuildHasher;

use super::eval::{self, Lookup, NumericError, Origin, Pass, Rules, Shown};
use super::real::Real;
use super::round::Rounded;
use crate::model::ids::{ExampleId, UnitId};
use crate::model::{Batch, Literal, Network};
use crate::symbolic::program::{ForwardProgram, UpdateProgram};
use crate::symbolic::rules::computable_form;
use crate::symbolic::{Expr, Quantity, Symbol};
pub use gaps::Gaps;
use gaps::{Lenience, OnFailure, Strict};
pub use programs::{Programs, run_prepared};
pub use quick::{QuickRun, QuickUpdate, run_quick};

type Map<V> = HashMap<Symbol, V, FxBuildHasher>;

/// Values of symbols during one update or pass, with their display form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Env {
    values: Map<Shown>,
}

impl Lookup for Env {
    fn get(&self, symbol: &Symbol) -> Option<&Shown> {
        self.values.get(symbol)
    }
}

impl Env {
    /// Sets a value.
    pub fn insert(&mut self, symbol: Symbol, shown: Shown) {
        self.values.insert(symbol, shown);
    }

    /// The value of a symbol, if it was computed or given.
    pub fn value(&self, symbol: &Symbol) -> Option<&Shown> {
        self.values.get(symbol)
    }

    /// The rounded (displayed) value of a symbol.
    pub fn rounded(&self, symbol: &Symbol) -> Option<&Rounded> {
        self.values.get(symbol).map(|s| &s.rounded)
    }

    /// Every symbol with a value, in no particular order.
    pub fn symbols(&self) -> impl Iterator<Item = &Symbol> {
        self.values.keys()
    }
}

/// Carried values only: what the training loop works with.
#[derive(Debug, Clone, Default)]
struct Values {
    carried: Map<Real>,
}

impl Lookup for Values {
    fn get(&self, _: &Symbol) -> Option<&Shown> {
        None
    }

    fn carried(&self, symbol: &Symbol) -> Option<&Real> {
        self.carried.get(symbol)
    }
}

/// One SGD update's results.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateRecord {
    /// The step (pass) number, 1-based.
    pub step: u64,
    /// Under `batch = 1`, the example this update used.
    pub example: Option<ExampleId>,
    /// Every value of the update with its display, for updates written out in full.
    pub env: Option<Env>,
    /// Carried values of the update's named quantities (always kept).
    pub named: Map<Real>,
}

impl UpdateRecord {
    /// A named quantity of the update, rounded for display.
    pub fn rounded(&self, symbol: &Symbol, rules: &Rules) -> Option<Rounded> {
        self.named.get(symbol).map(|value| rules.round(value))
    }
}

/// The whole run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    /// The rules used.
    pub rules: Rules,
    /// The update program (the same for every update; shared by the runs
    /// of the same [`Programs`]).
    pub update: Arc<UpdateProgram>,
    /// The forward-pass program (used before training and after the last update).
    pub forward: Arc<ForwardProgram>,
    /// Every update, in order.
    pub updates: Vec<UpdateRecord>,
    /// The forward pass with the initial parameters (the loss before training).
    pub initial_pass: Env,
    /// The forward pass with the final parameters.
    pub final_pass: Env,
    /// Whether every carried value stayed an exact rational.
    pub stayed_exact: bool,
}

/// How many updates keep their whole environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// The first update only (the others are summarised).
    First,
    /// Every update.
    All,
}

/// A definition ready to evaluate.
struct Compiled {
    target: Symbol,
    form: Expr,
    /// Whether the value is rounded once as a named quantity.
    named: bool,
}

fn compile(definitions: &[crate::symbolic::Definition]) -> Vec<Compiled> {
    definitions
        .iter()
        .filter(|d| d.evaluated)
        .map(|d| Compiled {
            target: d.target,
            form: computable_form(d.computed()),
            // A copy computes nothing, so there is nothing to round: under
            // `carry = quantity` a frozen parameter stays exactly as given.
            named: d.target.is_named() && !d.is_copy(),
        })
        .collect()
}

/// Numbers given in the input, with the text they were written as.
struct Given {
    literals: Map<Literal>,
}

impl Given {
    fn of(network: &Network) -> Given {
        let mut literals = Map::default();
        for layer in network.layer_ids() {
            let l = network.layer(layer);
            for (to, row) in l.weights.rows.iter().enumerate() {
                for (from, w) in row.iter().enumerate() {
                    let symbol = Symbol::of(Quantity::Weight {
                        layer,
                        to: UnitId(to),
                        from: UnitId(from),
                    });
                    literals.insert(symbol, w.clone());
                }
            }
            for (unit, row) in l.biases.iter().flat_map(|b| b.rows.iter()).enumerate() {
                if let Some(b) = row.first() {
                    literals.insert(
                        Symbol::of(Quantity::Bias {
                            layer,
                            unit: UnitId(unit),
                        }),
                        b.clone(),
                    );
                }
            }
        }
        literals.insert(
            Symbol::of(Quantity::LearningRate),
            network.learning_rate.clone(),
        );
        state::given(network, &mut literals);
        Given { literals }
    }

    /// The initial parameters and learning rate.
    fn parameters(&self) -> Values {
        Values {
            carried: self
                .literals
                .iter()
                .map(|(s, l)| (*s, Real::Exact(l.value.clone())))
                .collect(),
        }
    }
}

/// Binds an example's input and target under the tag `tag`.
fn bind_example(
    values: &mut Values,
    network: &Network,
    example: ExampleId,
    tag: Option<ExampleId>,
) {
    let Some(data) = network.examples.get(example.0) else {
        return;
    };
    for (unit, x) in data.input.iter().enumerate() {
        let symbol = Symbol::for_example(Quantity::Input { unit: UnitId(unit) }, tag);
        values.carried.insert(symbol, Real::Exact(x.value.clone()));
    }
    for (unit, y) in data.target.iter().enumerate() {
        let symbol = Symbol::for_example(Quantity::Target { unit: UnitId(unit) }, tag);
        values.carried.insert(symbol, Real::Exact(y.value.clone()));
    }
}

/// The literal an input or target symbol was given as.
fn example_literal<'a>(
    network: &'a Network,
    symbol: &Symbol,
    online: Option<ExampleId>,
) -> Option<&'a Literal> {
    let example = online.or(symbol.example).unwrap_or(ExampleId(0));
    let data = network.examples.get(example.0)?;
    match symbol.quantity {
        Quantity::Input { unit } => data.input.get(unit.0),
        Quantity::Target { unit } => data.target.get(unit.0),
        _ => None,
    }
}

/// Evaluates `compiled` in order; what a failure does is `failures`'s
/// business (stop the run, or record it and go on).
fn evaluate<F: OnFailure>(
    compiled: &[Compiled],
    values: &mut Values,
    rules: &Rules,
    pass: Pass,
    failures: &mut F,
) -> Result<(), F::Error> {
    for line in compiled {
        let computed =
            eval::value(&line.form, values, rules, line.target, pass).and_then(|value| {
                let carried = if line.named {
                    rules.carry_named(value)
                } else {
                    value
                };
                eval::check_range(&carried, line.target, pass)?;
                coarse::check(&line.form, values, rules, (line.target, pass), &carried)?;
                Ok(carried)
            });
        match computed {
            Ok(carried) => {
                values.carried.insert(line.target, carried);
            }
            Err(error) => failures.fail(line.target, error)?,
        }
    }
    Ok(())
}

/// Display forms of every value: numbers still equal to what the input
/// gave are echoed as written; everything else is computed.
fn display(
    values: &Values,
    given: &Given,
    network: &Network,
    online: Option<ExampleId>,
    rules: &Rules,
) -> Env {
    let mut env = Env::default();
    for (symbol, carried) in &values.carried {
        let literal = given
            .literals
            .get(symbol)
            .or_else(|| example_literal(network, symbol, online));
        let origin = match literal {
            Some(l) if Real::Exact(l.value.clone()) == *carried => Origin::Literal(l.text.clone()),
            _ => Origin::Computed,
        };
        env.insert(
            *symbol,
            Shown {
                rounded: rules.round(carried),
                carried: carried.clone(),
                origin,
            },
        );
    }
    env
}

/// The parameters after an update, as the next update's parameters. In a
/// lenient run a parameter whose update failed is missing from then on.
fn next_parameters(values: &Values, previous: &Values, failures: &mut impl OnFailure) -> Values {
    let mut next = Values::default();
    for (symbol, value) in &previous.carried {
        let Some(updated) = successor(symbol) else {
            continue;
        };
        if updated.is_some_and(|u| failures.lose_parameter(*symbol, &u)) {
            continue;
        }
        let value = updated
            .and_then(|u| values.carried.get(&u))
            .unwrap_or(value);
        next.carried.insert(*symbol, value.carried_over());
    }
    state::carry_over(values, &mut next.carried);
    next
}

/// What becomes of a symbol of one update's parameters in the next:
/// `Some(Some(u))` takes the updated value `u` (`W′`, `b′`), `Some(None)`
/// keeps its value (η, hyper-parameters), `None` drops it (everything the
/// update computed or was given for its example).
fn successor(symbol: &Symbol) -> Option<Option<Symbol>> {
    match symbol.quantity {
        Quantity::Weight { layer, to, from } => {
            Some(Some(Symbol::of(Quantity::NewWeight { layer, to, from })))
        }
        Quantity::Bias { layer, unit } => Some(Some(Symbol::of(Quantity::NewBias { layer, unit }))),
        Quantity::LearningRate | Quantity::Hyper(_) => Some(None),
        _ => None,
    }
}

fn named_values(values: &Values) -> Map<Real> {
    values
        .carried
        .iter()
        .filter(|(s, _)| s.is_named() && !s.is_given())
        .map(|(s, v)| (*s, v.clone()))
        .collect()
}

/// Trains the network as its settings say and evaluates the forward pass
/// before and after training.
///
/// # Errors
/// The first [`NumericError`] (a division by zero, ln of a non-positive
/// number, an overflow), naming the quantity and the update.
pub fn run(network: &Network, rules: Rules, detail: Detail) -> Result<Run, NumericError> {
    run_with(network, &Programs::of(network), rules, detail, &mut Strict)
}

/// Trains the network like [`run`], but a quantity that cannot be computed
/// does not stop the run: it is left without a value, with the failure
/// behind it in [`Gaps`], and so is every quantity that depends on it
/// (`longhand check` judges each claim with the runs that could compute it).
pub fn run_lenient(network: &Network, rules: Rules, detail: Detail) -> (Run, Gaps) {
    let mut lenience = Lenience::default();
    let Ok(run) = run_with(
        network,
        &Programs::of(network),
        rules,
        detail,
        &mut lenience,
    );
    (run, lenience.gaps)
}

fn run_with<F: OnFailure>(
    network: &Network,
    programs: &Programs,
    rules: Rules,
    detail: Detail,
    failures: &mut F,
) -> Result<Run, F::Error> {
    let (update, forward) = (&programs.update, &programs.forward);
    let (update_lines, forward_lines) = (&programs.update_lines, &programs.forward_lines);
    let given = Given::of(network);
    let mut parameters = given.parameters();
    let initial = forward_pass(
        network,
        (forward, forward_lines),
        parameters.clone(),
        &rules,
        (Pass::Before, &mut *failures),
    )?;
    let initial_pass = display(&initial, &given, network, None, &rules);
    let mut updates = Vec::new();
    let mut count: u64 = 0;
    let mut stayed_exact = true;
    let examples: Vec<Option<ExampleId>> = match network.batch {
        Batch::Single => network.example_ids().map(Some).collect(),
        Batch::Full => vec![None],
    };
    for step in 1..=network.steps {
        for example in &examples {
            count += 1;
            let mut values = parameters.clone();
            match example {
                Some(id) => bind_example(&mut values, network, *id, None),
                None => {
                    for (tag, id) in update.batch.iter().zip(network.example_ids()) {
                        bind_example(&mut values, network, id, *tag);
                    }
                }
            }
            state::bind_powers(network, &rules, count, &mut values.carried);
            let pass = Pass::Update(count);
            failures.start();
            evaluate(update_lines, &mut values, &rules, pass, failures)?;
            stayed_exact &= values.carried.values().all(Real::is_exact);
            parameters = next_parameters(&values, &parameters, failures);
            failures.finish(pass);
            super::progress::update_done();
            let keep = detail == Detail::All || count == 1;
            updates.push(UpdateRecord {
                step,
                example: *example,
                named: named_values(&values),
                env: keep.then(|| display(&values, &given, network, *example, &rules)),
            });
        }
    }
    let last = forward_pass(
        network,
        (forward, forward_lines),
        parameters,
        &rules,
        (Pass::After, failures),
    )?;
    let final_pass = display(&last, &given, network, None, &rules);
    super::progress::run_done();
    Ok(Run {
        rules,
        update: Arc::clone(update),
        forward: Arc::clone(forward),
        updates,
        initial_pass,
        final_pass,
        stayed_exact,
    })
}

/// The forward pass and losses of every example with `parameters`.
fn forward_pass<F: OnFailure>(
    network: &Network,
    (forward, lines): (&ForwardProgram, &[Compiled]),
    parameters: Values,
    rules: &Rules,
    (pass, failures): (Pass, &mut F),
) -> Result<Values, F::Error> {
    let mut values = parameters;
    for (tag, id) in forward.batch.iter().zip(network.example_ids()) {
        bind_example(&mut values, network, id, *tag);
    }
    failures.start();
    evaluate(lines, &mut values, rules, pass, failures)?;
    failures.finish(pass);
    Ok(values)
}
