//! Places of a run: writing a place back as its canonical name, in words,
//! its value in a run, and the lists of places the answer key, the
//! sensitivity report and the audits go through.

use super::{Kind, Place, When, online_example, update_count};
use crate::describe;
use crate::model::Network;
use crate::model::ids::{ExampleId, UnitId};
use crate::numeric::eval::Number;
use crate::numeric::quick::Quick;
use crate::numeric::real::Real;
use crate::numeric::run::{QuickRun, Run};
use crate::symbolic::program::{ForwardProgram, UpdateProgram};
use crate::symbolic::{Quantity, Symbol};

/// The canonical name of a place: `a[1][1]`, `yhat`, `dW[2][1][2] (update 3)`,
/// `new loss (example 2)`.
pub fn name(network: &Network, place: &Place) -> String {
    let output = network.output_layer();
    let several_outputs = network.layer(output).units() > 1;
    let indices =
        |numbers: &[usize]| -> String { numbers.iter().map(|n| format!("[{n}]")).collect() };
    let base = match place.symbol.quantity {
        Quantity::Input { unit } => format!("x{}", indices(&[unit.number()])),
        Quantity::Target { unit } => format!("y{}", indices(&[unit.number()])),
        Quantity::Activation { layer, unit } if layer == output => {
            if several_outputs {
                format!("yhat{}", indices(&[unit.number()]))
            } else {
                "yhat".to_owned()
            }
        }
        Quantity::Loss => "loss".to_owned(),
        Quantity::Weight { layer, to, from } => {
            format!(
                "W{}",
                indices(&[layer.number(), to.number(), from.number()])
            )
        }
        Quantity::WeightGradient { layer, to, from } => {
            format!(
                "dW{}",
                indices(&[layer.number(), to.number(), from.number()])
            )
        }
        Quantity::NewWeight { layer, to, from } => {
            format!(
                "W'{}",
                indices(&[layer.number(), to.number(), from.number()])
            )
        }
        Quantity::Bias { layer, unit } => format!("b{}", indices(&[layer.number(), unit.number()])),
        Quantity::BiasGradient { layer, unit } => {
            format!("db{}", indices(&[layer.number(), unit.number()]))
        }
        Quantity::NewBias { layer, unit } => {
            format!("b'{}", indices(&[layer.number(), unit.number()]))
        }
        Quantity::PreActivation { layer, unit } => {
            format!("z{}", indices(&[layer.number(), unit.number()]))
        }
        Quantity::Activation { layer, unit } => {
            format!("a{}", indices(&[layer.number(), unit.number()]))
        }
        Quantity::Delta { layer, unit } => {
            format!("delta{}", indices(&[layer.number(), unit.number()]))
        }
        Quantity::State { kind, param } => state_name(kind.name(), param, &indices),
        Quantity::OldState { kind, param } => {
            state_name(&format!("{}_prev", kind.name()), param, &indices)
        }
        // Intermediate factors have no claim name; their plain names serve.
        Quantity::Hyper(_)
        | Quantity::HyperPower(_)
        | Quantity::LearningRate
        | Quantity::LossSlope { .. }
        | Quantity::ActivationSlope { .. }
        | Quantity::Backflow { .. } => place.symbol.plain_name(),
    };
    let mut qualifiers = Vec::new();
    if let Some(example) = place.symbol.example {
        qualifiers.push(format!("example {}", example.number()));
    }
    let prefix = match place.when {
        When::After => "new ",
        When::Update(n) => {
            if update_count(network) > 1 {
                qualifiers.push(format!("update {n}"));
            }
            ""
        }
    };
    if qualifiers.is_empty() {
        format!("{prefix}{base}")
    } else {
        format!("{prefix}{base} ({})", qualifiers.join(", "))
    }
}

/// `m[1][1][2]` for a weight's state, `m[2][1]` for a bias's.
fn state_name(
    kind: &str,
    param: crate::symbolic::Param,
    indices: &dyn Fn(&[usize]) -> String,
) -> String {
    match param {
        crate::symbolic::Param::Weight { layer, to, from } => format!(
            "{kind}{}",
            indices(&[layer.number(), to.number(), from.number()])
        ),
        crate::symbolic::Param::Bias { layer, unit } => {
            format!("{kind}{}", indices(&[layer.number(), unit.number()]))
        }
    }
}

/// A place in words: "the activation of unit 1 in layer `hidden`, update 2
/// (example 1)", "… after training".
pub fn describe(network: &Network, place: &Place) -> String {
    let what = describe::quantity(network, &place.symbol);
    match place.when {
        When::After => format!("{what}, after training"),
        When::Update(n) => {
            let example = online_example(network, n)
                .filter(|_| network.examples.len() > 1)
                .map_or_else(String::new, |e| format!(" (example {})", e.number()));
            if update_count(network) > 1 {
                format!("{what}, update {n}{example}")
            } else {
                what
            }
        }
    }
}

/// What [`value`] reads of a run: the numbers of a [`Run`] ([`Real`]), or
/// of a run in quick numbers ([`QuickRun`]).
pub trait Recorded {
    /// The kind of number it holds.
    type Value: Number;
    /// A quantity of the forward pass after training.
    fn after(&self, symbol: &Symbol) -> Option<Self::Value>;
    /// A named quantity computed by update `index` (0-based).
    fn named(&self, index: usize, symbol: &Symbol) -> Option<Self::Value>;
    /// Under online SGD, the example update `index` used.
    fn example(&self, index: usize) -> Option<ExampleId>;
    /// How many updates there were.
    fn update_count(&self) -> usize;
    /// Every value of the updates kept in full (named or not): the first.
    fn kept_in_full(&self) -> Vec<(Symbol, Self::Value)>;
}

impl Recorded for Run {
    type Value = Real;

    fn after(&self, symbol: &Symbol) -> Option<Real> {
        self.final_pass.value(symbol).map(|s| s.carried.clone())
    }

    fn named(&self, index: usize, symbol: &Symbol) -> Option<Real> {
        self.updates.get(index)?.named.get(symbol).cloned()
    }

    fn example(&self, index: usize) -> Option<ExampleId> {
        self.updates.get(index)?.example
    }

    fn update_count(&self) -> usize {
        self.updates.len()
    }

    fn kept_in_full(&self) -> Vec<(Symbol, Real)> {
        self.updates
            .iter()
            .filter_map(|u| u.env.as_ref())
            .flat_map(|env| {
                env.symbols()
                    .filter_map(|s| env.value(s).map(|shown| (*s, shown.carried.clone())))
            })
            .collect()
    }
}

impl Recorded for QuickRun {
    type Value = Quick;

    fn after(&self, symbol: &Symbol) -> Option<Quick> {
        self.final_pass.get(symbol).copied()
    }

    fn named(&self, index: usize, symbol: &Symbol) -> Option<Quick> {
        self.updates.get(index)?.named.get(symbol).copied()
    }

    fn example(&self, index: usize) -> Option<ExampleId> {
        self.updates.get(index)?.example
    }

    fn update_count(&self) -> usize {
        self.updates.len()
    }

    fn kept_in_full(&self) -> Vec<(Symbol, Quick)> {
        self.first.iter().map(|(s, v)| (*s, *v)).collect()
    }
}

/// The value a run gives a place (carried, not yet rounded for display).
pub fn value<R: Recorded>(network: &Network, run: &R, place: &Place) -> Option<R::Value> {
    let symbol = place.symbol;
    match place.when {
        When::After => run.after(&symbol),
        When::Update(n) => {
            let index = usize::try_from(n.checked_sub(1)?).ok()?;
            match symbol.quantity {
                Quantity::Input { unit } | Quantity::Target { unit } => {
                    let example = symbol
                        .example
                        .or_else(|| run.example(index))
                        .unwrap_or(ExampleId(0));
                    let data = network.examples.get(example.0)?;
                    let list = if matches!(symbol.quantity, Quantity::Input { .. }) {
                        &data.input
                    } else {
                        &data.target
                    };
                    list.get(unit.0).map(|l| R::Value::constant(&l.value))
                }
                Quantity::Weight { .. } | Quantity::Bias { .. } => {
                    parameter_before(network, run, symbol.quantity, index)
                }
                _ => run.named(index, &symbol),
            }
        }
    }
}

/// A parameter's value before update `index` (0-based).
fn parameter_before<R: Recorded>(
    network: &Network,
    run: &R,
    parameter: Quantity,
    index: usize,
) -> Option<R::Value> {
    let updated = match parameter {
        Quantity::Weight { layer, to, from } => Quantity::NewWeight { layer, to, from },
        Quantity::Bias { layer, unit } => Quantity::NewBias { layer, unit },
        _ => return None,
    };
    if index > run.update_count() {
        return None;
    }
    if let Some(value) = (0..index)
        .rev()
        .find_map(|earlier| run.named(earlier, &Symbol::of(updated)))
    {
        return Some(value);
    }
    let literal = match parameter {
        Quantity::Weight { layer, to, from } => network
            .layers
            .get(layer.0)?
            .weights
            .rows
            .get(to.0)?
            .get(from.0)?,
        Quantity::Bias { layer, unit } => network
            .layers
            .get(layer.0)?
            .biases
            .as_ref()?
            .rows
            .get(unit.0)?
            .first()?,
        _ => return None,
    };
    Some(R::Value::constant(&literal.value))
}

/// The parameters, weights before biases, layer by layer.
pub fn parameters(network: &Network) -> Vec<Quantity> {
    let mut list = Vec::new();
    for layer in network.layer_ids() {
        let l = network.layer(layer);
        for to in l.unit_ids() {
            for from in 0..l.inputs() {
                list.push(Quantity::Weight {
                    layer,
                    to,
                    from: UnitId(from),
                });
            }
        }
        if l.biases.is_some() {
            for unit in l.unit_ids() {
                list.push(Quantity::Bias { layer, unit });
            }
        }
    }
    list
}

/// The computed named quantities of an update, in the order they are computed.
fn update_places(program: &UpdateProgram, update: u64) -> impl Iterator<Item = Place> + '_ {
    program
        .definitions
        .iter()
        .filter(|d| d.evaluated && d.target.is_named() && !d.target.is_given())
        .map(move |d| Place {
            symbol: d.target,
            when: When::Update(update),
        })
}

/// The forward pass after training: z, a and the losses, then the final parameters.
fn final_places<'a>(
    network: &Network,
    program: &'a ForwardProgram,
) -> impl Iterator<Item = Place> + 'a {
    let forward = program
        .definitions
        .iter()
        .filter(|d| d.evaluated && d.target.is_named())
        .map(|d| d.target);
    forward
        .chain(parameters(network).into_iter().map(Symbol::of))
        .map(|symbol| Place {
            symbol,
            when: When::After,
        })
}

/// Every quantity of the answer key in order: the given input, target and
/// parameters, then every update's computed quantities, then the forward
/// pass after training and the final parameters.
pub fn answer_places(network: &Network, run: &Run) -> Vec<Place> {
    answer_places_of(network, &run.update, &run.forward, run.updates.len())
}

/// [`answer_places`] from the programs and the number of updates (the
/// same for every draw of an exercise).
pub fn answer_places_of(
    network: &Network,
    update: &UpdateProgram,
    forward: &ForwardProgram,
    updates: usize,
) -> Vec<Place> {
    let mut places = Vec::new();
    let tags = &update.batch;
    for tag in tags {
        let example = tag.unwrap_or(ExampleId(0));
        let Some(data) = network.examples.get(example.0) else {
            continue;
        };
        for (quantity, count) in [
            (Kind::Input, data.input.len()),
            (Kind::Target, data.target.len()),
        ] {
            for unit in (0..count).map(UnitId) {
                let quantity = if quantity == Kind::Input {
                    Quantity::Input { unit }
                } else {
                    Quantity::Target { unit }
                };
                places.push(Place {
                    symbol: Symbol::for_example(quantity, *tag),
                    when: When::Update(1),
                });
            }
        }
    }
    places.extend(parameters(network).into_iter().map(|quantity| Place {
        symbol: Symbol::of(quantity),
        when: When::Update(1),
    }));
    for number in 1..=updates as u64 {
        places.extend(update_places(update, number));
    }
    places.extend(final_places(network, forward));
    places
}

/// The quantities a sensitivity report follows: the first update's computed
/// quantities, then the forward pass after training (with the final
/// parameters when there were several updates).
pub fn audit_places(network: &Network, run: &Run) -> Vec<Place> {
    let mut places: Vec<Place> = update_places(&run.update, 1).collect();
    let several = run.updates.len() > 1;
    places.extend(final_places(network, &run.forward).filter(|p| {
        several
            || !matches!(
                p.symbol.quantity,
                Quantity::Weight { .. } | Quantity::Bias { .. }
            )
    }));
    places
}

/// Every computed value of the run: each update's quantities and the
/// forward pass after training (without the final parameters, which are
/// the last update's `W'` and `b'`).
pub fn computed_places(network: &Network, run: &Run) -> Vec<Place> {
    let mut places = Vec::new();
    for update in 1..=run.updates.len() as u64 {
        places.extend(update_places(&run.update, update));
    }
    places.extend(final_places(network, &run.forward).filter(|p| {
        !matches!(
            p.symbol.quantity,
            Quantity::Weight { .. } | Quantity::Bias { .. }
        )
    }));
    places
}
