//! Running the programs: every SGD update in order, then the forward pass
//! with the final parameters.
//!
//! Each update evaluates its definitions in order into an [`Env`]. Named
//! quantities are rounded once as the carry mode says; the updated
//! parameters become the next update's parameters. Updates that the report
//! writes out in full keep their whole environment; the others keep only
//! the rounded named quantities the answer key and the summaries need.

use std::collections::HashMap;

use super::eval::{self, Lookup, NumericError, Origin, Rules, Shown};
use super::real::Real;
use super::round::Rounded;
use crate::model::ids::{ExampleId, UnitId};
use crate::model::{Batch, Literal, Network};
use crate::symbolic::program::{ForwardProgram, UpdateProgram, forward_program, update_program};
use crate::symbolic::rules::computable_form;
use crate::symbolic::{Expr, Quantity, Symbol};

/// Values of symbols during one update or pass.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Env {
    values: HashMap<Symbol, Shown>,
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
}

/// One SGD update's results.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateRecord {
    /// The step (pass) number, 1-based.
    pub step: u64,
    /// Under `batch = 1`, the example this update used.
    pub example: Option<ExampleId>,
    /// Every value of the update, for updates written out in full.
    pub env: Option<Env>,
    /// Rounded named quantities of the update (always kept).
    pub named: HashMap<Symbol, Rounded>,
}

/// The whole run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    /// The rules used.
    pub rules: Rules,
    /// The update program (the same for every update).
    pub update: UpdateProgram,
    /// The forward-pass program (used after the last update).
    pub forward: ForwardProgram,
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

/// Evaluates a definition's computable form, rounding named quantities.
struct Compiled {
    target: Symbol,
    form: Expr,
    named: bool,
}

fn compile(definitions: &[crate::symbolic::Definition]) -> Vec<Compiled> {
    definitions
        .iter()
        .filter(|d| d.evaluated)
        .map(|d| Compiled {
            target: d.target,
            form: computable_form(d.computed()),
            named: d.target.is_named(),
        })
        .collect()
}

fn literal(rules: &Rules, literal: &Literal) -> Shown {
    let carried = Real::Exact(literal.value.clone());
    Shown {
        rounded: rules.round(&carried),
        carried,
        origin: Origin::Literal(literal.text.clone()),
    }
}

/// The initial parameters and learning rate as given.
fn given_parameters(network: &Network, rules: &Rules) -> Env {
    let mut env = Env::default();
    for layer in network.layer_ids() {
        let l = network.layer(layer);
        for (to, row) in l.weights.rows.iter().enumerate() {
            for (from, w) in row.iter().enumerate() {
                let symbol = Symbol::of(Quantity::Weight {
                    layer,
                    to: UnitId(to),
                    from: UnitId(from),
                });
                env.insert(symbol, literal(rules, w));
            }
        }
        if let Some(biases) = &l.biases {
            for (unit, row) in biases.rows.iter().enumerate() {
                if let Some(b) = row.first() {
                    env.insert(
                        Symbol::of(Quantity::Bias {
                            layer,
                            unit: UnitId(unit),
                        }),
                        literal(rules, b),
                    );
                }
            }
        }
    }
    env.insert(
        Symbol::of(Quantity::LearningRate),
        literal(rules, &network.learning_rate),
    );
    env
}

/// Binds an example's input and target under the tag `tag`.
fn bind_example(
    env: &mut Env,
    network: &Network,
    rules: &Rules,
    example: ExampleId,
    tag: Option<ExampleId>,
) {
    let Some(data) = network.examples.get(example.0) else {
        return;
    };
    for (unit, x) in data.input.iter().enumerate() {
        env.insert(
            Symbol::for_example(Quantity::Input { unit: UnitId(unit) }, tag),
            literal(rules, x),
        );
    }
    for (unit, y) in data.target.iter().enumerate() {
        env.insert(
            Symbol::for_example(Quantity::Target { unit: UnitId(unit) }, tag),
            literal(rules, y),
        );
    }
}

fn evaluate(
    compiled: &[Compiled],
    env: &mut Env,
    rules: &Rules,
    update: u64,
) -> Result<(), NumericError> {
    for line in compiled {
        let value = eval::value(&line.form, env, rules, line.target, update)?;
        let shown = if line.named {
            rules.finish_named(value.carried)
        } else {
            value
        };
        eval::check_range(&shown.carried, line.target, update)?;
        env.insert(line.target, shown);
    }
    Ok(())
}

/// The parameters after an update, as the next update's parameters.
fn next_parameters(network: &Network, env: &Env, previous: &Env) -> Env {
    let mut next = Env::default();
    for (symbol, shown) in &previous.values {
        let updated = match symbol.quantity {
            Quantity::Weight { layer, to, from } => {
                Some(Symbol::of(Quantity::NewWeight { layer, to, from }))
            }
            Quantity::Bias { layer, unit } => Some(Symbol::of(Quantity::NewBias { layer, unit })),
            _ => None,
        };
        let value = match updated.and_then(|u| env.value(&u)) {
            // A frozen parameter keeps the value (and the text) it was given.
            Some(new) if new.carried != shown.carried => Shown {
                origin: Origin::Computed,
                ..new.clone()
            },
            _ => shown.clone(),
        };
        next.insert(*symbol, value);
    }
    let _ = network;
    next
}

fn named_values(env: &Env) -> HashMap<Symbol, Rounded> {
    env.values
        .iter()
        .filter(|(s, _)| s.is_named())
        .map(|(s, v)| (*s, v.rounded.clone()))
        .collect()
}

/// Trains the network as its settings say and evaluates the final forward pass.
///
/// # Errors
/// The first [`NumericError`] (a division by zero, ln of a non-positive
/// number, an overflow), naming the quantity and the update.
pub fn run(network: &Network, rules: Rules, detail: Detail) -> Result<Run, NumericError> {
    let update = update_program(network);
    let forward = forward_program(network);
    let update_lines = compile(&update.definitions);
    let forward_lines = compile(&forward.definitions);
    let mut parameters = given_parameters(network, &rules);
    let initial_pass = forward_pass(
        network,
        &forward,
        &forward_lines,
        parameters.clone(),
        &rules,
    )?;
    let mut updates = Vec::new();
    let mut count: u64 = 0;
    let mut stayed_exact = true;
    for step in 1..=network.steps {
        let examples: Vec<Option<ExampleId>> = match network.batch {
            Batch::Single => network.example_ids().map(Some).collect(),
            Batch::Full => vec![None],
        };
        for example in examples {
            count += 1;
            let mut env = parameters.clone();
            match example {
                Some(id) => bind_example(&mut env, network, &rules, id, None),
                None => {
                    for (tag, id) in update.batch.iter().zip(network.example_ids()) {
                        bind_example(&mut env, network, &rules, id, *tag);
                    }
                }
            }
            evaluate(&update_lines, &mut env, &rules, count)?;
            stayed_exact &= env.values.values().all(|v| v.carried.is_exact());
            parameters = next_parameters(network, &env, &parameters);
            let keep = detail == Detail::All || count == 1;
            updates.push(UpdateRecord {
                step,
                example,
                named: named_values(&env),
                env: keep.then_some(env),
            });
        }
    }
    let final_pass = forward_pass(network, &forward, &forward_lines, parameters, &rules)?;
    Ok(Run {
        rules,
        update,
        forward,
        updates,
        initial_pass,
        final_pass,
        stayed_exact,
    })
}

/// The forward pass and losses of every example with `parameters`.
fn forward_pass(
    network: &Network,
    forward: &ForwardProgram,
    lines: &[Compiled],
    parameters: Env,
    rules: &Rules,
) -> Result<Env, NumericError> {
    let mut env = parameters;
    for (tag, id) in forward.batch.iter().zip(network.example_ids()) {
        bind_example(&mut env, network, rules, id, *tag);
    }
    evaluate(lines, &mut env, rules, 0)?;
    Ok(env)
}
