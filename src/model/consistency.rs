//! Checks between parts that are each fine on their own: the loss against
//! the output layer and the targets, and the limits on the whole network.

use num_rational::BigRational;
use num_traits::{One, Zero};

use super::network::{Example, Literal, Network};
use super::{Checker, Gathered, draw, limits};
use crate::diagnostic::Diagnostic;
use crate::functions::{Output, Targets};
use crate::parse::ast::Value;
use crate::source::Span;

impl Checker {
    /// Checks relations between parts that are each fine on their own:
    /// the loss against the output layer and the targets, and the limits.
    pub(super) fn check_network(
        &mut self,
        network: &Network,
        gathered: &Gathered<'_>,
        loss_span: Span,
    ) {
        let output = network.output_layer();
        let output_layer = network.layer(output);
        let output_span = gathered
            .layers
            .last()
            .map_or(loss_span, |(name, _, _)| name.span);
        if let Output::Softmax { help } = network.loss.output()
            && !output_layer.activation.is_vector()
        {
            self.error(
                Diagnostic::error(
                    format!(
                        "`{}` needs a `softmax` output layer, but layer `{}` uses `{}`",
                        network.loss.name(),
                        output_layer.name,
                        output_layer.activation.name()
                    ),
                    loss_span,
                    "this loss",
                )
                .with_secondary(output_span, "the output layer")
                .with_help(help),
            );
        }
        for (index, example) in network.examples.iter().enumerate() {
            self.check_target_values(network, example, index, gathered, loss_span);
        }
        let parameters = network.parameter_count();
        if parameters > limits::MAX_PARAMETERS {
            self.error(
                Diagnostic::error(
                    format!("the network has {parameters} weights and biases; longhand works with at most {}", limits::MAX_PARAMETERS),
                    output_span,
                    "",
                )
                .with_help("a worked example is read by a person: use a smaller network"),
            );
        }
        let work = limits::training_work(network);
        let formulas = limits::formula_cost(network);
        if work > u128::from(limits::MAX_WORK) {
            self.error(
                Diagnostic::error(
                    if formulas == 0 {
                        format!(
                            "{} steps over {} examples of a network with {} parameters is more training than longhand runs",
                            network.steps,
                            network.examples.len(),
                            parameters
                        )
                    } else {
                        format!(
                            "{} steps over {} examples of a network with {} parameters and formulas defined in the file (which count as {} more) is more training than longhand runs",
                            network.steps,
                            network.examples.len(),
                            parameters,
                            formulas
                        )
                    },
                    gathered.settings.iter().find(|s| s.key.node == "steps").map_or(loss_span, |s| s.value.span),
                    "too many steps",
                )
                .with_help(if formulas == 0 {
                    format!("steps × examples × parameters may be at most {}", limits::MAX_WORK)
                } else {
                    format!(
                        "steps × examples × (parameters + twice the written-out size of each defined formula per unit) may be at most {}",
                        limits::MAX_WORK
                    )
                }),
            );
        }
    }

    fn check_target_values(
        &mut self,
        network: &Network,
        example: &Example,
        index: usize,
        gathered: &Gathered<'_>,
        loss_span: Span,
    ) {
        let span = target_span(gathered, index).unwrap_or(loss_span);
        let entry_span = |entry: usize| target_entry_span(gathered, index, entry).unwrap_or(span);
        let zero = BigRational::zero();
        let one = BigRational::one();
        let outside = |t: &Literal| t.value < zero || t.value > one;
        let loss = network.loss.name();
        match network.loss.targets() {
            Targets::Distribution => {
                if let Some(entry) = example.target.iter().position(|t| t.value < zero) {
                    self.error(
                        Diagnostic::error(
                            format!(
                                "with `{loss}` targets are probabilities, but `{}` is negative",
                                example.target[entry].text
                            ),
                            entry_span(entry),
                            "negative",
                        )
                        .with_help("use a one-hot target such as `[0, 1, 0]`"),
                    );
                    return;
                }
                let sum: BigRational = example.target.iter().map(|t| &t.value).sum();
                if sum != one {
                    self.error(
                        Diagnostic::error(
                            format!(
                                "with `{loss}` each target must add up to 1, but this one adds up to `{}`",
                                draw::literal_text(&sum)
                            ),
                            span,
                            "not a probability distribution",
                        )
                        .with_help("use a one-hot target such as `[0, 1, 0]`, or probabilities that add up to 1"),
                    );
                }
            }
            Targets::Probabilities => {
                if let Some(entry) = example.target.iter().position(outside) {
                    self.error(
                        Diagnostic::error(
                            format!(
                                "with `{loss}` every target lies between 0 and 1, but one is `{}`",
                                example.target[entry].text
                            ),
                            entry_span(entry),
                            "outside 0 to 1",
                        )
                        .with_help("targets are probabilities: use values such as 0 or 1"),
                    );
                }
            }
            Targets::Any => {}
        }
    }
}

pub(super) fn target_span(gathered: &Gathered<'_>, index: usize) -> Option<Span> {
    if let Some(target) = gathered.target {
        return Some(target.value.span);
    }
    gathered
        .examples
        .and_then(|(pairs, _)| pairs.get(index))
        .map(|pair| pair.target.span)
}

/// The span of one entry of a written-out target vector.
fn target_entry_span(gathered: &Gathered<'_>, index: usize, entry: usize) -> Option<Span> {
    let value = match gathered.target {
        Some(target) => &target.value,
        None => &gathered.examples?.0.get(index)?.target,
    };
    match &value.node {
        Value::List(items) => items.get(entry).map(|item| item.span),
        Value::Number(_) => Some(value.span),
        Value::Uniform { .. } | Value::Choice(_) => None,
    }
}
