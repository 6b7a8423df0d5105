//! Every gradient longhand derives, against central finite differences of
//! an independent `f64` forward pass written here (plain loops over
//! matrices; no longhand code), on random small networks generated as
//! `.net` text and trained with `precision = exact`.
//!
//! The networks: 1–4 layers of 1–4 units, activations sigmoid, tanh,
//! identity, softplus, leaky_relu and relu (cases whose pre-activations come
//! within 10⁻³ of a kink are skipped), the three squared-error
//! losses, binary cross-entropy with sigmoid outputs, cross-entropy with
//! softmax outputs and one-hot targets; 1–3 examples, full batch, mean or
//! sum. A gradient passes when |a − b| ≤ 10⁻⁶ + 10⁻⁴·|b|, b being
//! (f(θ + h) − f(θ − h)) / 2h with h = 10⁻⁶.

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};

use longhand::model::ids::{ExampleId, LayerId, UnitId};
use longhand::numeric::Real;
use longhand::numeric::run::{Detail, Run};
use longhand::source::SourceFile;
use longhand::symbolic::{Quantity, Symbol};
use longhand::{Format, Options, load, train};

const ACTIVATIONS: [&str; 6] = [
    "sigmoid",
    "tanh",
    "identity",
    "softplus",
    "leaky_relu",
    "relu",
];
const LEAKY_SLOPES: [&str; 3] = ["0.01", "0.1", "0.25"];
const LOSSES: [&str; 5] = [
    "half_squared_error",
    "squared_error",
    "mean_squared_error",
    "binary_cross_entropy",
    "cross_entropy",
];

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Activation {
    Sigmoid,
    Tanh,
    Identity,
    Softplus,
    /// relu is the case α = 0.
    LeakyRelu(f64),
    Softmax,
}

/// One layer: activation, W (one row per unit), b.
pub(crate) type Layer = (Activation, Vec<Vec<f64>>, Vec<f64>);

/// A network as both `.net` text and plain numbers.
#[derive(Debug, Clone)]
pub(crate) struct Net {
    pub(crate) text: String,
    pub(crate) layers: Vec<Layer>,
    pub(crate) examples: Vec<(Vec<f64>, Vec<f64>)>,
    pub(crate) loss: &'static str,
    pub(crate) mean: bool,
}

/// Random choices, sliced to the shape drawn.
#[derive(Debug, Clone)]
pub(crate) struct Draw {
    depth: usize,
    inputs: usize,
    widths: Vec<usize>,
    activations: Vec<usize>,
    slopes: Vec<usize>,
    loss: usize,
    examples: usize,
    mean: bool,
    weights: Vec<i32>,
    biases: Vec<i32>,
    data: Vec<i32>,
    targets: Vec<i32>,
    classes: Vec<usize>,
}

pub(crate) fn draws() -> impl Strategy<Value = Draw> {
    (
        (1usize..=4, 1usize..=4, prop::collection::vec(1usize..=4, 4)),
        (
            prop::collection::vec(0usize..6, 4),
            prop::collection::vec(0usize..3, 4),
            0usize..5,
            1usize..=3,
            any::<bool>(),
        ),
        (
            prop::collection::vec(-120i32..=120, 64),
            prop::collection::vec(-50i32..=50, 16),
            prop::collection::vec(-20i32..=20, 12),
            prop::collection::vec(-10i32..=10, 12),
            prop::collection::vec(0usize..4, 3),
        ),
    )
        .prop_map(
            |(
                (depth, inputs, widths),
                (activations, slopes, loss, examples, mean),
                (weights, biases, data, targets, classes),
            )| Draw {
                depth,
                inputs,
                widths,
                activations,
                slopes,
                loss,
                examples,
                mean,
                weights,
                biases,
                data,
                targets,
                classes,
            },
        )
}

/// `k / 10^places` as a short decimal (`-1.2`, `0.05`).
fn decimal(k: i32, places: u32) -> String {
    let scale = 10i32.pow(places);
    let sign = if k < 0 { "-" } else { "" };
    let (whole, fraction) = (k.abs() / scale, k.abs() % scale);
    let width = places as usize;
    let text = format!("{sign}{whole}.{fraction:0width$}");
    let trimmed = text.trim_end_matches('0').trim_end_matches('.');
    if trimmed == "-0" {
        "0".to_owned()
    } else {
        trimmed.to_owned()
    }
}

fn vector(items: &[String]) -> String {
    format!("[{}]", items.join(", "))
}

impl Draw {
    pub(crate) fn net(&self) -> Net {
        let loss = LOSSES[self.loss];
        let output_width = match loss {
            "cross_entropy" => self.widths[3].max(2),
            "binary_cross_entropy" => self.widths[3].min(3),
            _ => self.widths[3],
        };
        let mut sizes = vec![self.inputs];
        sizes.extend(&self.widths[..self.depth - 1]);
        sizes.push(output_width);
        let mut text = String::new();
        let mut layers = Vec::new();
        let (mut w_at, mut b_at) = (0, 0);
        for layer in 0..self.depth {
            let (fan_in, units) = (sizes[layer], sizes[layer + 1]);
            let last = layer + 1 == self.depth;
            let (activation, name) = match loss {
                "cross_entropy" if last => (Activation::Softmax, "softmax".to_owned()),
                "binary_cross_entropy" if last => (Activation::Sigmoid, "sigmoid".to_owned()),
                _ => {
                    let slope = LEAKY_SLOPES[self.slopes[layer]];
                    match ACTIVATIONS[self.activations[layer]] {
                        "sigmoid" => (Activation::Sigmoid, "sigmoid".to_owned()),
                        "tanh" => (Activation::Tanh, "tanh".to_owned()),
                        "identity" => (Activation::Identity, "identity".to_owned()),
                        "softplus" => (Activation::Softplus, "softplus".to_owned()),
                        "relu" => (Activation::LeakyRelu(0.0), "relu".to_owned()),
                        _ => (
                            Activation::LeakyRelu(slope.parse().expect("a number")),
                            format!("leaky_relu({slope})"),
                        ),
                    }
                }
            };
            let mut rows_text = Vec::new();
            let mut rows = Vec::new();
            for _ in 0..units {
                let row: Vec<String> = (0..fan_in)
                    .map(|_| {
                        w_at += 1;
                        decimal(self.weights[w_at - 1], 2)
                    })
                    .collect();
                rows.push(row.iter().map(|w| w.parse().expect("f64")).collect());
                rows_text.push(vector(&row));
            }
            let biases: Vec<String> = (0..units)
                .map(|_| {
                    b_at += 1;
                    decimal(self.biases[b_at - 1], 2)
                })
                .collect();
            text.push_str(&format!(
                "layer l{} {{\n  activation = {name}\n  W = {}\n  b = {}\n}}\n",
                layer + 1,
                vector(&rows_text),
                vector(&biases)
            ));
            let b = biases.iter().map(|b| b.parse().expect("f64")).collect();
            layers.push((activation, rows, b));
        }
        let mut examples = Vec::new();
        let mut lines = Vec::new();
        for e in 0..self.examples {
            let x: Vec<String> = (0..self.inputs)
                .map(|i| decimal(self.data[e * 4 + i], 1))
                .collect();
            let y: Vec<String> = (0..output_width)
                .map(|i| match loss {
                    "cross_entropy" => {
                        let class = self.classes[e] % output_width;
                        (if i == class { "1" } else { "0" }).to_owned()
                    }
                    "binary_cross_entropy" => decimal(self.targets[e * 4 + i].abs(), 1),
                    _ => decimal(self.targets[e * 4 + i], 1),
                })
                .collect();
            lines.push(format!("  {} -> {}", vector(&x), vector(&y)));
            let parse = |v: &[String]| v.iter().map(|s| s.parse().expect("f64")).collect();
            examples.push((parse(&x), parse(&y)));
        }
        let reduction = if self.mean { "mean" } else { "sum" };
        text = format!(
            "examples {{\n{}\n}}\n{text}loss = {loss}\nlearning_rate = 0.5\n\
             batch = full\nreduction = {reduction}\nprecision = exact\n",
            lines.join("\n")
        );
        Net {
            text,
            layers,
            examples,
            loss,
            mean: self.mean,
        }
    }
}

/// z and a of every layer for one input (the independent forward pass).
pub(crate) fn forward(layers: &[Layer], x: &[f64]) -> Vec<(Vec<f64>, Vec<f64>)> {
    let mut out: Vec<(Vec<f64>, Vec<f64>)> = Vec::new();
    let mut previous = x.to_vec();
    for (activation, w, b) in layers {
        let z: Vec<f64> = w
            .iter()
            .zip(b)
            .map(|(row, bias)| row.iter().zip(&previous).map(|(w, a)| w * a).sum::<f64>() + bias)
            .collect();
        let a: Vec<f64> = match activation {
            Activation::Softmax => {
                let top = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                let exps: Vec<f64> = z.iter().map(|v| (v - top).exp()).collect();
                let total: f64 = exps.iter().sum();
                exps.iter().map(|e| e / total).collect()
            }
            elementwise => z
                .iter()
                .map(|&v| match elementwise {
                    Activation::Sigmoid => 1.0 / (1.0 + (-v).exp()),
                    Activation::Tanh => v.tanh(),
                    Activation::Identity => v,
                    Activation::Softplus => v.exp().ln_1p(),
                    Activation::LeakyRelu(alpha) if v <= 0.0 => alpha * v,
                    _ => v,
                })
                .collect(),
        };
        previous = a.clone();
        out.push((z, a));
    }
    out
}

pub(crate) fn example_loss(loss: &str, y_hat: &[f64], y: &[f64]) -> f64 {
    let pairs = y.iter().zip(y_hat);
    let squares: f64 = pairs.clone().map(|(y, p)| (y - p) * (y - p)).sum();
    match loss {
        "half_squared_error" => squares / 2.0,
        "squared_error" => squares,
        "mean_squared_error" => squares / y.len() as f64,
        "binary_cross_entropy" => -pairs
            .map(|(y, p)| y * p.ln() + (1.0 - y) * (-p).ln_1p())
            .sum::<f64>(),
        _ => -pairs
            .map(|(y, p)| if *y == 0.0 { 0.0 } else { y * p.ln() })
            .sum::<f64>(),
    }
}

pub(crate) fn batch_loss(net: &Net, layers: &[Layer]) -> f64 {
    let total: f64 = net
        .examples
        .iter()
        .map(|(x, y)| {
            let passes = forward(layers, x);
            example_loss(net.loss, &passes.last().expect("a layer").1, y)
        })
        .sum();
    if net.mean {
        total / net.examples.len() as f64
    } else {
        total
    }
}

/// Whether the network is in the safe domain: pre-activations moderate and
/// away from leaky_relu's kink, cross-entropy arguments away from 0 and 1.
pub(crate) fn safe(net: &Net) -> bool {
    net.examples.iter().all(|(x, _)| {
        let passes = forward(&net.layers, x);
        passes
            .iter()
            .zip(&net.layers)
            .all(|((z, a), (activation, _, _))| {
                let kink = matches!(activation, Activation::LeakyRelu(_));
                z.iter()
                    .all(|v| v.abs() <= 15.0 && !(kink && v.abs() < 1e-3))
                    && a.iter().all(|v| v.abs() <= 1e3)
            })
            && match net.loss {
                "binary_cross_entropy" | "cross_entropy" => {
                    let y_hat = &passes.last().expect("a layer").1;
                    y_hat.iter().all(|p| (1e-6..=1.0 - 1e-6).contains(p))
                }
                _ => true,
            }
    })
}

/// Every parameter: (layer, unit, `Some(column)` for a weight, `None` for the bias).
pub(crate) fn parameters(net: &Net) -> Vec<(usize, usize, Option<usize>)> {
    let mut all = Vec::new();
    for (l, (_, w, _)) in net.layers.iter().enumerate() {
        for (to, row) in w.iter().enumerate() {
            all.extend((0..row.len()).map(|from| (l, to, Some(from))));
            all.push((l, to, None));
        }
    }
    all
}

pub(crate) fn parameter_mut(
    layers: &mut [Layer],
    l: usize,
    to: usize,
    from: Option<usize>,
) -> &mut f64 {
    match from {
        Some(j) => &mut layers[l].1[to][j],
        None => &mut layers[l].2[to],
    }
}

fn run_exactly(net: &Net) -> Run {
    let network = load(
        &SourceFile::new("random.net", net.text.as_str()),
        &Options::new(Format::Json),
    )
    .unwrap_or_else(|e| {
        panic!(
            "longhand rejects the generated network: {e:?}\n{}",
            net.text
        )
    });
    train(&network, Detail::First)
        .unwrap_or_else(|e| panic!("longhand fails on the generated network: {e}\n{}", net.text))
}

fn value(run: &Run, symbol: Symbol, text: &str) -> f64 {
    run.updates[0]
        .named
        .get(&symbol)
        .map(Real::to_f64)
        .unwrap_or_else(|| panic!("no value for {symbol} in\n{text}"))
}

fn config() -> Config {
    Config {
        cases: 640,
        max_global_rejects: 4096,
        rng_seed: RngSeed::Fixed(0x0066_696e_6974_6564),
        failure_persistence: None,
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config())]

    /// Every batch gradient ∂L/∂W and ∂L/∂b equals the central difference
    /// of the f64 batch loss, and the update is θ − η·g.
    #[test]
    fn gradients_match_central_differences(draw in draws()) {
        let net = draw.net();
        prop_assume!(safe(&net));
        let run = run_exactly(&net);
        let h = 1e-6;
        for (l, to, from) in parameters(&net) {
            let nudged = |delta: f64| {
                let mut layers = net.layers.clone();
                *parameter_mut(&mut layers, l, to, from) += delta;
                batch_loss(&net, &layers)
            };
            let numeric = (nudged(h) - nudged(-h)) / (2.0 * h);
            let (layer, unit) = (LayerId(l), UnitId(to));
            let (gradient, updated) = match from {
                Some(j) => (
                    Quantity::WeightGradient { layer, to: unit, from: UnitId(j) },
                    Quantity::NewWeight { layer, to: unit, from: UnitId(j) },
                ),
                None => (
                    Quantity::BiasGradient { layer, unit },
                    Quantity::NewBias { layer, unit },
                ),
            };
            let symbolic = value(&run, Symbol::of(gradient), &net.text);
            prop_assert!(
                (symbolic - numeric).abs() <= 1e-6 + 1e-4 * numeric.abs(),
                "{}: longhand {symbolic}, central difference {numeric}\n{}",
                Symbol::of(gradient), net.text
            );
            let mut layers = net.layers.clone();
            let parameter = *parameter_mut(&mut layers, l, to, from);
            let new = value(&run, Symbol::of(updated), &net.text);
            prop_assert!(
                (new - (parameter - 0.5 * symbolic)).abs() <= 1e-12 * (1.0 + new.abs()),
                "{}: {new} is not θ − η·g\n{}", Symbol::of(updated), net.text
            );
        }
    }

    /// z, a and the losses of longhand's exact run agree with the f64
    /// forward pass to 12 significant digits (or 10⁻¹⁴ absolutely, for
    /// values that cancel to near zero).
    #[test]
    fn forward_values_match_an_independent_pass(draw in draws()) {
        let net = draw.net();
        prop_assume!(safe(&net));
        let run = run_exactly(&net);
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-14 + 1e-12 * b.abs();
        let several = net.examples.len() > 1;
        let mut total = 0.0;
        for (e, (x, y)) in net.examples.iter().enumerate() {
            let tag = several.then_some(ExampleId(e));
            let passes = forward(&net.layers, x);
            for (l, (z, a)) in passes.iter().enumerate() {
                for unit in 0..z.len() {
                    let (layer, unit_id) = (LayerId(l), UnitId(unit));
                    for (quantity, want) in [
                        (Quantity::PreActivation { layer, unit: unit_id }, z[unit]),
                        (Quantity::Activation { layer, unit: unit_id }, a[unit]),
                    ] {
                        let symbol = Symbol::for_example(quantity, tag);
                        let got = value(&run, symbol, &net.text);
                        prop_assert!(close(got, want), "{symbol}: longhand {got}, f64 {want}\n{}", net.text);
                    }
                }
            }
            let loss = example_loss(net.loss, &passes.last().expect("a layer").1, y);
            total += loss;
            let symbol = Symbol::for_example(Quantity::Loss, tag);
            let got = value(&run, symbol, &net.text);
            prop_assert!(close(got, loss), "{symbol}: longhand {got}, f64 {loss}\n{}", net.text);
        }
        let batch = if net.mean { total / net.examples.len() as f64 } else { total };
        let got = value(&run, Symbol::of(Quantity::Loss), &net.text);
        prop_assert!(close(got, batch), "L: longhand {got}, f64 {batch}\n{}", net.text);
    }
}

#[test]
fn the_generator_writes_what_it_means() {
    assert_eq!(decimal(-120, 2), "-1.2");
    assert_eq!(decimal(5, 2), "0.05");
    assert_eq!(decimal(0, 1), "0");
    assert_eq!(decimal(-3, 2), "-0.03");
    assert_eq!(decimal(20, 1), "2");
}
