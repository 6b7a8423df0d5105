//! The network, its parameters and its data as report text, and the table
//! of symbols.

use serde::Serialize;

use super::numbers::{NumberStyle, column, formula_latex, literal_latex, matrix, row_transposed};
use super::view::SymbolRow;
use crate::functions::{ActivationCard, Func, Shape};
use crate::model::{Activation, ActivationFunction, Batch, Layer, Network, Reduction};
use crate::symbolic::latex::{Notation, marked_new, operator_name, to_latex};
use crate::symbolic::program::loss_formula;
use crate::symbolic::rules::definition_derivative;
use crate::symbolic::{Expr, NamedFunction};

/// The network in words and LaTeX.
#[derive(Debug, Clone, Serialize)]
pub struct NetworkView {
    /// Number of inputs.
    pub input_size: usize,
    /// The layers in order.
    pub layers: Vec<LayerView>,
    /// The training examples.
    pub examples: Vec<ExampleView>,
    /// The loss.
    pub loss: LossView,
    /// η as written (LaTeX).
    pub learning_rate: String,
    /// Number of SGD steps.
    pub steps: u64,
    /// Number of updates in all (steps × examples under `batch = 1`).
    pub updates: u64,
    /// Whether updates use all examples at once.
    pub full_batch: bool,
    /// The training method's name: "gradient descent" when every update
    /// uses all of several examples, "stochastic gradient descent" when an
    /// update sees one example (one example in all, or `batch = 1`).
    pub method: &'static str,
    /// Its short name in headings: "gradient descent" or "SGD".
    pub method_short: &'static str,
    /// Whether per-example values are averaged (`mean`) rather than added.
    pub mean: bool,
    /// Number of weights and biases.
    pub parameters: usize,
    /// `2-2-1`.
    pub shape: String,
    /// The update rule as the report states it.
    pub optimizer: OptimizerView,
}

/// The update rule: its name, what it does, and its formulas.
#[derive(Debug, Clone, Serialize)]
pub struct OptimizerView {
    /// `sgd`, `adam`, …
    pub name: &'static str,
    /// For the heading: `SGD`, `Adam`, …
    pub title: &'static str,
    /// What it does (longhand's own words and LaTeX).
    pub prose: String,
    /// The rule for one parameter as one aligned LaTeX block (empty for plain SGD).
    pub rule: String,
    /// Said after the rule.
    pub after: String,
    /// Whether the plain SGD wording is kept.
    pub plain: bool,
}

fn optimizer_view(network: &Network) -> OptimizerView {
    let statement = crate::derivation::optimizer::statement(network);
    let rule = statement
        .lines
        .iter()
        .map(|(left, right)| format!("{left} &= {right}"))
        .collect::<Vec<_>>()
        .join(" \\\\\n");
    OptimizerView {
        name: statement.name,
        title: statement.title,
        prose: statement.prose,
        rule,
        after: statement.after,
        plain: statement.plain,
    }
}

/// One layer.
#[derive(Debug, Clone, Serialize)]
pub struct LayerView {
    /// Textbook number (1-based).
    pub number: usize,
    /// Its name in the file.
    pub name: String,
    /// Units.
    pub units: usize,
    /// Inputs per unit.
    pub inputs: usize,
    /// Activation name.
    pub activation: String,
    /// `\mathbf{W}^{(1)} = \begin{pmatrix} … \end{pmatrix}`.
    pub weights: String,
    /// `\mathbf{b}^{(1)} = …`, if the layer has biases.
    pub biases: Option<String>,
    /// Both, side by side, for a displayed equation.
    pub parameters: String,
    /// Both, one above the other, for a narrow screen.
    pub parameters_narrow: String,
    /// `W` is frozen.
    pub frozen_weights: bool,
    /// `b` is frozen.
    pub frozen_biases: bool,
    /// Whether it is the output layer.
    pub output: bool,
}

/// One training example.
#[derive(Debug, Clone, Serialize)]
pub struct ExampleView {
    /// 1-based.
    pub number: usize,
    /// `\mathbf{x} = (1, 0)^\top`.
    pub input: String,
    /// `y = 1`.
    pub target: String,
}

/// The loss function.
#[derive(Debug, Clone, Serialize)]
pub struct LossView {
    /// Name in the file.
    pub name: String,
    /// Its formula (LaTeX).
    pub formula: String,
    /// `𝓛 = formula` laid out for `$$ … $$` (set from the derivation).
    pub definition: String,
    /// The same laid out for a narrow screen.
    pub definition_narrow: String,
}

/// How a layer's units apply their activation, in words, and whether it
/// works on the whole layer at once.
pub(super) fn activation_prose(activation: &Activation, notation: &Notation) -> (String, bool) {
    match &activation.function {
        ActivationFunction::Card(card) => (
            with_arguments(card.applies, card, activation),
            matches!(card.shape, Shape::Softmax),
        ),
        ActivationFunction::Defined(f) => (
            format!(
                "`{}`, defined in this file as ${}$",
                f.name,
                definition_latex(f, notation)
            ),
            false,
        ),
    }
}

/// The convention a built-in activation uses where it has no slope, if
/// it has one (`we take relu′(0) = 0`).
pub(super) fn activation_convention(activation: &Activation) -> Option<String> {
    match &activation.function {
        ActivationFunction::Card(card) => card
            .convention
            .map(|words| with_arguments(words, card, activation)),
        ActivationFunction::Defined(_) => None,
    }
}

/// A card's words with `{alpha}` and the like replaced by the parameters' values.
fn with_arguments(words: &str, card: &ActivationCard, activation: &Activation) -> String {
    let mut words = words.to_owned();
    for (parameter, value) in card.parameters.iter().zip(&activation.arguments) {
        let placeholder = format!("{{{}}}", parameter.tex.trim_start_matches('\\'));
        words = words.replace(&placeholder, &literal_latex(&value.text));
    }
    words
}

/// `\operatorname{swish}(z) = z \sigma(z)`: a defined function as written.
pub(super) fn definition_latex(f: &NamedFunction, notation: &Notation) -> String {
    format!(
        "{}(z) = {}",
        operator_name(&f.name),
        to_latex(&Expr::of_formula(&f.body), notation)
    )
}

/// Builds the network's view.
pub(super) fn network_view(
    network: &Network,
    style: &NumberStyle,
    notation: &Notation,
) -> NetworkView {
    let _ = style;
    let layers = network
        .layer_ids()
        .map(|id| {
            let layer = network.layer(id);
            let weights: Vec<Vec<String>> = layer
                .weights
                .rows
                .iter()
                .map(|r| r.iter().map(|w| literal_latex(&w.text)).collect())
                .collect();
            let biases = layer.biases.as_ref().map(|b| {
                let entries: Vec<String> = b
                    .rows
                    .iter()
                    .filter_map(|r| r.first())
                    .map(|v| literal_latex(&v.text))
                    .collect();
                match entries.as_slice() {
                    [single] => format!("b^{{({})}} = {single}", id.number()),
                    _ => format!("\\mathbf{{b}}^{{({})}} = {}", id.number(), column(&entries)),
                }
            });
            let weights = format!("\\mathbf{{W}}^{{({})}} = {}", id.number(), matrix(&weights));
            let (parameters, parameters_narrow) =
                super::lines::parameter_pair(&weights, biases.as_deref());
            LayerView {
                number: id.number(),
                name: layer.name.clone(),
                units: layer.units(),
                inputs: layer.inputs(),
                activation: layer.activation.name().to_owned(),
                parameters,
                parameters_narrow,
                weights,
                biases,
                frozen_weights: layer.weights.frozen,
                frozen_biases: layer.biases.as_ref().is_some_and(|b| b.frozen),
                output: id == network.output_layer(),
            }
        })
        .collect();
    let examples = network
        .examples
        .iter()
        .enumerate()
        .map(|(index, example)| {
            let input: Vec<String> = example
                .input
                .iter()
                .map(|v| literal_latex(&v.text))
                .collect();
            let target: Vec<String> = example
                .target
                .iter()
                .map(|v| literal_latex(&v.text))
                .collect();
            let bold = |name: &str, n: usize| {
                if n == 1 {
                    name.to_owned()
                } else {
                    format!("\\mathbf{{{name}}}")
                }
            };
            ExampleView {
                number: index + 1,
                input: format!(
                    "{} = {}",
                    bold(&network.input_name, input.len()),
                    row_transposed(&input)
                ),
                target: format!(
                    "{} = {}",
                    bold(&network.target_name, target.len()),
                    row_transposed(&target)
                ),
            }
        })
        .collect();
    let shape = std::iter::once(network.input_size())
        .chain(network.layers.iter().map(Layer::units))
        .map(|n| n.to_string())
        .collect::<Vec<_>>()
        .join("-");
    let updates = match network.batch {
        Batch::Full => network.steps,
        Batch::Single => network.steps.saturating_mul(network.examples.len() as u64),
    };
    let stochastic = network.batch == Batch::Single || network.examples.len() == 1;
    NetworkView {
        input_size: network.input_size(),
        layers,
        examples,
        loss: LossView {
            name: network.loss.name().to_owned(),
            formula: formula_latex(&loss_formula(network, None), notation),
            definition: String::new(),
            definition_narrow: String::new(),
        },
        learning_rate: literal_latex(&network.learning_rate.text),
        steps: network.steps,
        updates,
        full_batch: network.batch == Batch::Full,
        method: if stochastic {
            "stochastic gradient descent (SGD)"
        } else {
            "gradient descent"
        },
        method_short: if stochastic {
            "SGD"
        } else {
            "gradient descent"
        },
        mean: network.reduction == Reduction::Mean,
        parameters: network.parameter_count(),
        shape,
        optimizer: optimizer_view(network),
    }
}

/// The table of symbols used in the report.
pub(super) fn symbols(network: &Network, notation: &Notation) -> Vec<SymbolRow> {
    let row = |symbol: String, meaning: String| SymbolRow { symbol, meaning };
    let g = notation.generic();
    let last = network.layers.len();
    let output = crate::model::ids::LayerId(network.layers.len().saturating_sub(1));
    let output_activation = notation.activation(output, crate::model::ids::UnitId(0));
    let input_activation = if g.input_activation.is_empty() {
        String::new()
    } else {
        format!("; ${} = {}$", g.input_activation, network.input_name)
    };
    let mut rows = vec![
        row(g.input.clone(), "component $j$ of the input".into()),
        row(
            g.target.clone(),
            "component $i$ of the target (the value the network should output)".into(),
        ),
        row(g.weight.clone(), g.weight_meaning.clone()),
        row(
            g.bias.clone(),
            format!("bias of unit ${}$ of layer $\\ell$", g.to),
        ),
        row(
            g.pre_activation.clone(),
            format!(
                "weighted input of unit ${}$ of layer $\\ell$: ${}$",
                g.to, g.pre_activation_sum
            ),
        ),
        row(
            g.activation.clone(),
            format!(
                "output (activation) of unit ${}$ of layer $\\ell${input_activation}",
                g.to
            ),
        ),
    ];
    if notation.symbols.layer_index == crate::model::symbols::LayerIndex::None {
        rows.push(row("h1, h2, \\ldots;\\ o1, o2, \\ldots".into(), "the units of the hidden layer and of the output layer, named in the subscripts instead of $i$ and $\\ell$".into()));
    }
    if g.prediction.is_empty() {
        rows.push(row(
            output_activation.clone(),
            format!("the network's prediction (the output of the last layer, layer {last})"),
        ));
    } else {
        rows.push(row(
            g.prediction.clone(),
            format!(
                "the network's prediction: ${} = {}$",
                g.prediction,
                g.activation.replace("\\ell", &last.to_string())
            ),
        ));
    }
    rows.extend([
        row(
            g.loss.clone(),
            format!("the loss, here `{}`", network.loss.name()),
        ),
        row(
            g.delta.clone(),
            format!(
                "error of unit ${}$ of layer $\\ell$: $\\partial {} / \\partial {}$",
                g.to, g.loss, g.pre_activation
            ),
        ),
        row(g.learning_rate.clone(), "the learning rate".into()),
        row(g.updated.clone(), "parameters after the update".into()),
        row(
            format!(
                "{}, {}, {}",
                marked_new(&g.pre_activation),
                marked_new(&output_activation),
                marked_new(&g.loss)
            ),
            "the same quantities computed again with the updated parameters (the forward pass after the update)".into(),
        ),
    ]);
    if network.layers.len() > 1
        && notation.symbols.layer_index != crate::model::symbols::LayerIndex::None
    {
        // The hidden layers' error is also stated once in vector form.
        rows.push(row(
            "\\mathbf{W}^{(\\ell)}, \\mathbf{z}^{(\\ell)}, \\boldsymbol{\\delta}^{(\\ell)}".into(),
            "layer $\\ell$'s weights as a matrix, and its weighted inputs and errors as vectors; $^\\top$ transposes a matrix".into(),
        ));
        rows.push(row(
            "f, f'".into(),
            "a layer's activation and its slope, applied to each entry of a vector".into(),
        ));
        rows.push(row(
            "\\odot".into(),
            "the entry-by-entry product of two vectors".into(),
        ));
    }
    if notation.symbols.layer_index == crate::model::symbols::LayerIndex::None {
        // Units are named by letter: there is no layer index to explain.
        for row in &mut rows {
            row.meaning = row
                .meaning
                .replace(" of layer $\\ell - 1$", " of the layer before")
                .replace(" of layer $\\ell$", "");
        }
    }
    rows.extend(
        crate::derivation::optimizer::symbol_rows(network)
            .into_iter()
            .map(|(symbol, meaning)| row(symbol, meaning)),
    );
    let mut seen: Vec<&str> = Vec::new();
    for id in network.layer_ids() {
        let activation = &network.layer(id).activation;
        if seen.contains(&activation.name()) {
            continue;
        }
        seen.push(activation.name());
        rows.push(activation_row(activation, notation));
    }
    let mut uses_ln = false;
    network
        .loss
        .term()
        .for_each_func(&mut |f| uses_ln |= *f == Func::Ln);
    if uses_ln {
        rows.push(row("\\ln".into(), "the natural logarithm".into()));
    }
    rows
}

fn activation_row(activation: &Activation, notation: &Notation) -> SymbolRow {
    let (symbol, meaning) = match &activation.function {
        ActivationFunction::Card(card) => {
            let meaning = with_arguments(card.meaning, card, activation);
            let symbol = match card.shape {
                Shape::Elementwise(_) => format!("{}(z)", card.tex),
                Shape::Softmax => card.tex.to_owned(),
            };
            (symbol, meaning)
        }
        ActivationFunction::Defined(f) => {
            let derivative = definition_derivative(f).0;
            (
                format!("{}(z)", operator_name(&f.name)),
                format!(
                    "defined in this file: ${}$; its slope is ${}'(z) = {}$",
                    definition_latex(f, notation),
                    operator_name(&f.name),
                    to_latex(&derivative, notation)
                ),
            )
        }
    };
    SymbolRow { symbol, meaning }
}
