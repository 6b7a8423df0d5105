//! The JSON answer key, exactly as `network-language.md` specifies it:
//! numbers are strings as displayed, indices are 0-based, layers in
//! forward order, one entry per SGD update, and the final forward pass.

use std::collections::BTreeMap;

use serde::Serialize;

use super::numbers::NumberStyle;
use crate::model::ids::{ExampleId, LayerId, UnitId};
use crate::model::{Network, Precision};
use crate::numeric::eval::Shown;
use crate::numeric::run::{Env, Run, UpdateRecord};
use crate::symbolic::program::optimizer::states;
use crate::symbolic::{Param, Quantity, Symbol};

#[derive(Serialize)]
struct AnswerKey {
    title: String,
    precision: PrecisionKey,
    layers: Vec<LayerKey>,
    /// The update rule and its constants (absent under plain SGD without decay).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    optimizer: BTreeMap<&'static str, String>,
    updates: Vec<UpdateKey>,
    #[serde(rename = "final")]
    final_pass: FinalKey,
}

#[derive(Serialize)]
struct PrecisionKey {
    kind: &'static str,
    digits: Option<u32>,
    rounding: &'static str,
    carry: &'static str,
}

#[derive(Serialize)]
struct LayerKey {
    name: String,
    units: usize,
    activation: String,
}

#[derive(Serialize)]
struct UpdateKey {
    step: u64,
    examples: Vec<ExampleKey>,
    loss: String,
    gradients: ParametersKey,
    parameters: ParametersKey,
    /// The optimizer's state after the update (`m`, `v`, `mhat`, `vhat`,
    /// `s`), shaped like the parameters; absent under SGD. A frozen
    /// parameter has no state: its entries are empty strings.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    state: BTreeMap<&'static str, ParametersKey>,
}

#[derive(Serialize)]
struct ExampleKey {
    x: Vec<String>,
    y: Vec<String>,
    z: Vec<Vec<String>>,
    a: Vec<Vec<String>>,
    loss: String,
    delta: Vec<Vec<String>>,
}

#[derive(Serialize)]
struct ParametersKey {
    #[serde(rename = "W")]
    weights: Vec<Vec<Vec<String>>>,
    b: Vec<Vec<String>>,
}

#[derive(Serialize)]
struct FinalKey {
    examples: Vec<FinalExampleKey>,
    loss: String,
}

#[derive(Serialize)]
struct FinalExampleKey {
    a: Vec<Vec<String>>,
    loss: String,
}

/// Looks up displayed values by symbol, as text.
struct Values<'a> {
    named: &'a dyn Fn(&Symbol) -> Option<String>,
}

impl Values<'_> {
    fn get(&self, quantity: Quantity, example: Option<ExampleId>) -> String {
        (self.named)(&Symbol::for_example(quantity, example)).unwrap_or_default()
    }
}

fn per_layer(
    network: &Network,
    values: &Values<'_>,
    quantity: impl Fn(LayerId, UnitId) -> Quantity,
    example: Option<ExampleId>,
) -> Vec<Vec<String>> {
    network
        .layer_ids()
        .map(|layer| {
            network
                .layer(layer)
                .unit_ids()
                .map(|unit| values.get(quantity(layer, unit), example))
                .collect()
        })
        .collect()
}

fn parameters(
    network: &Network,
    values: &Values<'_>,
    weight: impl Fn(LayerId, UnitId, UnitId) -> Quantity,
    bias: impl Fn(LayerId, UnitId) -> Quantity,
) -> ParametersKey {
    let weights = network
        .layer_ids()
        .map(|layer| {
            network
                .layer(layer)
                .unit_ids()
                .map(|to| {
                    (0..network.fan_in(layer))
                        .map(|j| values.get(weight(layer, to, UnitId(j)), None))
                        .collect()
                })
                .collect()
        })
        .collect();
    let b = network
        .layer_ids()
        .map(|layer| {
            if network.layer(layer).biases.is_none() {
                return Vec::new();
            }
            network
                .layer(layer)
                .unit_ids()
                .map(|unit| values.get(bias(layer, unit), None))
                .collect()
        })
        .collect();
    ParametersKey { weights, b }
}

fn example_key(
    network: &Network,
    values: &Values<'_>,
    inputs: &Values<'_>,
    tag: Option<ExampleId>,
) -> ExampleKey {
    let output = network.output_layer();
    ExampleKey {
        x: (0..network.input_size())
            .map(|j| inputs.get(Quantity::Input { unit: UnitId(j) }, tag))
            .collect(),
        y: network
            .layer(output)
            .unit_ids()
            .map(|i| inputs.get(Quantity::Target { unit: i }, tag))
            .collect(),
        z: per_layer(
            network,
            values,
            |layer, unit| Quantity::PreActivation { layer, unit },
            tag,
        ),
        a: per_layer(
            network,
            values,
            |layer, unit| Quantity::Activation { layer, unit },
            tag,
        ),
        loss: values.get(Quantity::Loss, tag),
        delta: per_layer(
            network,
            values,
            |layer, unit| Quantity::Delta { layer, unit },
            tag,
        ),
    }
}

fn update_key(
    network: &Network,
    run: &Run,
    record: &UpdateRecord,
    style: &NumberStyle,
) -> UpdateKey {
    let named = |s: &Symbol| {
        record
            .named
            .get(s)
            .map(|value| style.plain_value(value, &run.rules))
    };
    let values = Values { named: &named };
    let data = |s: &Symbol| example_value(network, record.example, s, style);
    let inputs = Values { named: &data };
    let examples = run
        .update
        .batch
        .iter()
        .map(|tag| example_key(network, &values, &inputs, *tag))
        .collect();
    UpdateKey {
        step: record.step,
        examples,
        loss: values.get(Quantity::Loss, None),
        gradients: parameters(
            network,
            &values,
            |layer, to, from| Quantity::WeightGradient { layer, to, from },
            |layer, unit| Quantity::BiasGradient { layer, unit },
        ),
        parameters: parameters(
            network,
            &values,
            |layer, to, from| Quantity::NewWeight { layer, to, from },
            |layer, unit| Quantity::NewBias { layer, unit },
        ),
        state: states(&network.optimizer)
            .iter()
            .map(|&kind| {
                let key = parameters(
                    network,
                    &values,
                    |layer, to, from| Quantity::State {
                        kind,
                        param: Param::Weight { layer, to, from },
                    },
                    |layer, unit| Quantity::State {
                        kind,
                        param: Param::Bias { layer, unit },
                    },
                );
                (kind.name(), key)
            })
            .collect(),
    }
}

/// An input or target component of the example an update used, at the
/// report's precision.
fn example_value(
    network: &Network,
    online: Option<ExampleId>,
    symbol: &Symbol,
    style: &NumberStyle,
) -> Option<String> {
    let example = online.or(symbol.example).unwrap_or(ExampleId(0));
    let data = network.examples.get(example.0)?;
    let literal = match symbol.quantity {
        Quantity::Input { unit } => data.input.get(unit.0)?,
        Quantity::Target { unit } => data.target.get(unit.0)?,
        _ => return None,
    };
    let value = crate::numeric::Real::Exact(literal.value.clone());
    let shown = Shown {
        rounded: crate::numeric::round(&value, style.precision, style.rounding),
        carried: value,
        origin: crate::numeric::eval::Origin::Computed,
    };
    Some(style.plain(&shown))
}

fn final_key(network: &Network, run: &Run, style: &NumberStyle) -> FinalKey {
    let env: &Env = &run.final_pass;
    let named = |s: &Symbol| env.value(s).map(|v| style.plain(v));
    let values = Values { named: &named };
    let examples = run
        .forward
        .batch
        .iter()
        .map(|tag| FinalExampleKey {
            a: per_layer(
                network,
                &values,
                |layer, unit| Quantity::Activation { layer, unit },
                *tag,
            ),
            loss: values.get(Quantity::Loss, *tag),
        })
        .collect();
    FinalKey {
        examples,
        loss: values.get(Quantity::Loss, None),
    }
}

/// `{"name": "adam", "beta1": "0.9", …}` as the file gave them; empty for
/// plain SGD.
fn optimizer_key(network: &Network) -> BTreeMap<&'static str, String> {
    let mut key = BTreeMap::new();
    for (hyper, value) in network.optimizer.hypers() {
        key.insert(hyper.name(), value.text.clone());
    }
    for (hyper, decay) in [
        (crate::model::Hyper::WeightDecay, &network.weight_decay),
        (
            crate::model::Hyper::DecoupledDecay,
            &network.decoupled_weight_decay,
        ),
    ] {
        if let Some(decay) = decay {
            key.insert(hyper.name(), decay.text.clone());
        }
    }
    if !key.is_empty() || network.optimizer != crate::model::Optimizer::Sgd {
        key.insert("name", network.optimizer.name().to_owned());
    }
    key
}

/// The answer key of a run, as pretty-printed JSON with a final newline.
pub fn answer_key(
    network: &Network,
    run: &Run,
    fractions: bool,
) -> Result<String, super::RenderError> {
    let style = NumberStyle::of(&run.rules, fractions);
    let precision = network.settings.precision;
    let key = AnswerKey {
        title: network.title.clone(),
        precision: PrecisionKey {
            kind: precision.kind(),
            digits: match precision {
                Precision::Exact => None,
                other => other.digits(),
            },
            rounding: network.settings.rounding.name(),
            // The carry actually used: `precision = exact` always carries exact values.
            carry: run.rules.carry.name(),
        },
        layers: network
            .layers
            .iter()
            .map(|l| LayerKey {
                name: l.name.clone(),
                units: l.units(),
                activation: l.activation.name().to_owned(),
            })
            .collect(),
        optimizer: optimizer_key(network),
        updates: run
            .updates
            .iter()
            .map(|r| update_key(network, run, r, &style))
            .collect(),
        final_pass: final_key(network, run, &style),
    };
    super::markdown::pretty_json(&key)
}
