//! Where in the source a failed computation comes from, so arithmetic
//! errors point at a line like every other error: the `loss` statement for
//! a logarithm of zero, the layer for an activation, `learning_rate` for a
//! run that blows up.

use crate::numeric::eval::Pass;
use crate::parse::ast::{File, SettingValue, Statement};
use crate::source::Span;
use crate::symbolic::{Quantity, Symbol};

/// The definition in the file of the function a failed quantity computes
/// (a layer's activation or the loss), with the place that names it: the
/// formula is where the arithmetic comes from.
pub(crate) fn definition_blame(
    file: &File,
    layer_names: &[String],
    symbol: &Symbol,
) -> Option<(Span, Span)> {
    let (setting_span, word) = match symbol.quantity {
        Quantity::Loss | Quantity::LossSlope { .. } => top_word(file, "loss")?,
        Quantity::Activation { layer, .. } | Quantity::ActivationSlope { layer, .. } => {
            layer_word(file, layer_names.get(layer.0)?, "activation")?
        }
        _ => return None,
    };
    let definition = file
        .statements
        .iter()
        .find_map(|statement| match statement {
            Statement::Definition(d) if d.name.node == word => Some(d),
            _ => None,
        })?;
    Some((definition.name.span.to(definition.body.span), setting_span))
}

/// A top-level setting whose value is a word: its span and the word.
fn top_word(file: &File, key: &str) -> Option<(Span, String)> {
    file.statements
        .iter()
        .find_map(|statement| match statement {
            Statement::Setting(setting) if setting.key.node == key => match &setting.value.node {
                SettingValue::Word(word) => {
                    Some((setting.key.span.to(setting.value.span), word.clone()))
                }
                _ => None,
            },
            _ => None,
        })
}

/// A layer's setting whose value is a word: its span and the word.
fn layer_word(file: &File, name: &str, key: &str) -> Option<(Span, String)> {
    file.statements
        .iter()
        .find_map(|statement| match statement {
            Statement::Layer {
                name: layer,
                settings,
                ..
            } if layer.node == name => settings.iter().find_map(|setting| {
                match (&setting.value.node, setting.key.node == key) {
                    (SettingValue::Word(word), true) => {
                        Some((setting.key.span.to(setting.value.span), word.clone()))
                    }
                    _ => None,
                }
            }),
            _ => None,
        })
}

/// The span to blame for a failure computing `symbol`, and a caret label.
pub(crate) fn blame(
    file: &File,
    layer_names: &[String],
    symbol: &Symbol,
    pass: Pass,
    overflow: bool,
) -> Option<(Span, &'static str)> {
    if overflow
        && matches!(pass, Pass::Update(_))
        && let Some(span) = top_setting(file, "learning_rate")
    {
        return Some((span, "the step size that made the values grow"));
    }
    let in_layer = |index: usize, key: Option<&str>, label: &'static str| {
        let name = layer_names.get(index)?;
        layer_setting(file, name, key).map(|span| (span, label))
    };
    match symbol.quantity {
        Quantity::Loss | Quantity::LossSlope { .. } => {
            top_setting(file, "loss").map(|s| (s, "the loss computed here"))
        }
        Quantity::LearningRate => top_setting(file, "learning_rate").map(|s| (s, "here")),
        Quantity::Hyper(crate::model::Hyper::WeightDecay) => {
            top_setting(file, "weight_decay").map(|s| (s, "here"))
        }
        Quantity::Hyper(crate::model::Hyper::DecoupledDecay) => {
            top_setting(file, "decoupled_weight_decay").map(|s| (s, "here"))
        }
        Quantity::Hyper(_)
        | Quantity::HyperPower(_)
        | Quantity::State { .. }
        | Quantity::OldState { .. } => {
            top_setting(file, "optimizer").map(|s| (s, "the update rule chosen here"))
        }
        Quantity::Input { .. } | Quantity::Target { .. } => {
            data_statement(file).map(|s| (s, "the training data"))
        }
        Quantity::PreActivation { layer, .. }
        | Quantity::Activation { layer, .. }
        | Quantity::ActivationSlope { layer, .. }
        | Quantity::Backflow { layer, .. }
        | Quantity::Delta { layer, .. } => in_layer(layer.0, None, "the layer computed here"),
        Quantity::Weight { layer, .. }
        | Quantity::WeightGradient { layer, .. }
        | Quantity::NewWeight { layer, .. } => in_layer(layer.0, Some("W"), "these weights"),
        Quantity::Bias { layer, .. }
        | Quantity::BiasGradient { layer, .. }
        | Quantity::NewBias { layer, .. } => in_layer(layer.0, Some("b"), "these biases"),
    }
}

/// Where a precision too coarse for the optimizer's second moments is set:
/// the `precision` setting, or the `optimizer` when the default applies.
pub(crate) fn precision_blame(file: &File) -> Option<(Span, &'static str)> {
    top_setting(file, "precision")
        .map(|s| (s, "the precision set here"))
        .or_else(|| {
            top_setting(file, "optimizer").map(|s| {
                (
                    s,
                    "the update rule chosen here, at the default `4 decimals`",
                )
            })
        })
}

fn top_setting(file: &File, key: &str) -> Option<Span> {
    file.statements
        .iter()
        .find_map(|statement| match statement {
            Statement::Setting(setting) if setting.key.node == key => {
                Some(setting.key.span.to(setting.value.span))
            }
            _ => None,
        })
}

/// A layer's setting `key`, or the layer's name when `key` is `None` (or missing).
fn layer_setting(file: &File, name: &str, key: Option<&str>) -> Option<Span> {
    file.statements
        .iter()
        .find_map(|statement| match statement {
            Statement::Layer {
                name: layer,
                settings,
                ..
            } if layer.node == name => {
                let setting = key.and_then(|key| settings.iter().find(|s| s.key.node == key));
                Some(setting.map_or(layer.span, |s| s.key.span.to(s.value.span)))
            }
            _ => None,
        })
}

fn data_statement(file: &File) -> Option<Span> {
    file.statements
        .iter()
        .find_map(|statement| match statement {
            Statement::Input(binding) | Statement::Target(binding) => Some(binding.span),
            Statement::Examples { span, .. } => Some(*span),
            _ => None,
        })
}
