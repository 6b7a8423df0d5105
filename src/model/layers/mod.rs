//! Layers and their shapes: each layer's activation and number of units
//! read from the syntax tree, its size checked against the layer before it,
//! the input and the target. Its weights and biases are read in
//! [`parameters`].

mod parameters;

use std::sync::Arc;

use num_traits::ToPrimitive;

use super::network::{Activation, ActivationFunction, Definition, Example, Layer};
use super::{Checker, Gathered, LAYER_SETTINGS, limits};
use crate::diagnostic::Diagnostic;
use crate::functions::{self, ActivationCard};
use crate::parse::ast::{self, SettingValue, Value};
use crate::source::{Span, Spanned};
use crate::text::{names_or as list_names, suggest};

impl Checker {
    /// Reads every layer, checking each against the one before it.
    pub(super) fn check_layers(
        &mut self,
        gathered: &Gathered<'_>,
        examples: Option<&(Vec<Example>, Span)>,
    ) -> Option<Vec<Layer>> {
        if gathered.layers.is_empty() {
            self.error(
                Diagnostic::error(
                    "the network has no layers",
                    self.end,
                    "the file ends without a `layer`",
                )
                .with_help(
                    "add at least one `layer NAME { activation = ... W = [[...]] b = [...] }`",
                ),
            );
            return None;
        }
        if gathered.layers.len() > limits::MAX_LAYERS {
            let span = gathered.layers[limits::MAX_LAYERS].0.span;
            self.error(
                Diagnostic::error(
                    format!(
                        "the network has {} layers; longhand works with at most {}",
                        gathered.layers.len(),
                        limits::MAX_LAYERS
                    ),
                    span,
                    "one layer too many",
                )
                .with_help("a worked example is read by a person: use fewer layers"),
            );
            return None;
        }
        let input_size = examples.and_then(|(e, _)| e.first()).map(|e| e.input.len());
        let target_span = super::consistency::target_span(gathered, 0);
        let input_span = gathered.input.map(|i| i.value.span).or_else(|| {
            gathered
                .examples
                .and_then(|(pairs, _)| pairs.first())
                .map(|p| p.input.span)
        });
        let target_size = examples
            .and_then(|(e, _)| e.first())
            .map(|e| e.target.len());
        let mut fan_in = input_size;
        let mut parameters_before = 0usize;
        let mut previous: Option<(String, Span)> = None;
        let mut layers = Vec::with_capacity(gathered.layers.len());
        let mut ok = true;
        let count = gathered.layers.len();
        for (index, (name, settings, _)) in gathered.layers.iter().enumerate() {
            let is_output = index + 1 == count;
            let context = LayerContext {
                name,
                fan_in,
                previous: previous.clone(),
                is_output,
                target_size,
                target_span,
                input_span,
                parameters_before,
            };
            match self.check_layer(&context, settings) {
                Ok(layer) => {
                    parameters_before += layer.units() * (layer.inputs() + 1);
                    fan_in = Some(layer.units());
                    layers.push(layer);
                }
                Err(units) => {
                    ok = false;
                    fan_in = units;
                }
            }
            previous = Some((name.node.clone(), name.span));
        }
        ok.then_some(layers)
    }
}

/// What a layer's check needs to know about its neighbours.
struct LayerContext<'a> {
    name: &'a Spanned<String>,
    /// Units of the layer before (or input size), when known.
    fan_in: Option<usize>,
    /// Name and span of the layer before, or `None` for the first layer.
    previous: Option<(String, Span)>,
    is_output: bool,
    target_size: Option<usize>,
    /// The (first) target's value, for pointing at it.
    target_span: Option<Span>,
    /// The (first) input's value, for pointing at it.
    input_span: Option<Span>,
    /// Weights and biases of the layers before (to refuse oversized draws early).
    parameters_before: usize,
}

impl LayerContext<'_> {
    /// "layer `hidden`" or "the input" — whatever feeds this layer.
    fn source_name(&self) -> String {
        self.previous
            .as_ref()
            .map_or_else(|| "the input".to_owned(), |(n, _)| format!("layer `{n}`"))
    }
}

impl Checker {
    /// A checked layer, or, when it has problems, its number of units if
    /// that is still known (so the next layer's shape can be checked too).
    fn check_layer(
        &mut self,
        context: &LayerContext<'_>,
        settings: &[ast::Setting],
    ) -> Result<Layer, Option<usize>> {
        let name = &context.name.node;
        let refs: Vec<&ast::Setting> = settings.iter().collect();
        let known = self.unique_settings(&refs, &LAYER_SETTINGS, &format!("in layer `{name}`"));
        let find = |key: &str| known.settings.iter().copied().find(|s| s.key.node == key);
        let activation = match find("activation") {
            Some(setting) => self.check_activation(setting, context),
            None if known.misspelt("activation") => None,
            None => {
                self.error(
                    Diagnostic::error(
                        format!("layer `{name}` has no activation"),
                        context.name.span,
                        "this layer",
                    )
                    .with_help(format!("add {}", activation_examples())),
                );
                None
            }
        };
        let units_setting = match find("units") {
            Some(setting) => Some(self.check_units(setting).ok_or(None)?),
            None => None,
        };
        let weights_setting = find("W");
        let bias_setting = find("b");
        let Some(weights_setting) = weights_setting else {
            if !known.misspelt("W") {
                self.error(
                    Diagnostic::error(format!("layer `{name}` has no weights `W`"), context.name.span, "this layer")
                        .with_help("add `W = [[...], ...]` with one row per unit, or `W = uniform(-1, 1, 0.1)` together with `units = N`"),
                );
            }
            return Err(units_setting);
        };
        let units = units_setting
            .or_else(|| explicit_rows(weights_setting, context.fan_in))
            .or_else(|| bias_setting.and_then(explicit_length))
            .or(if context.is_output {
                context.target_size
            } else {
                None
            });
        let Some(weights) = self.check_weights(weights_setting, units, context) else {
            return Err(units_setting.or_else(|| nested_rows(weights_setting)));
        };
        let units = weights.rows.len();
        if let Some((declared, setting)) = units_setting.zip(find("units"))
            && declared != units
        {
            self.error(
                Diagnostic::error(
                    format!("layer `{name}` says `units = {declared}` but `W` has {units} rows"),
                    weights_setting.value.span,
                    format!("{units} rows"),
                )
                .with_secondary(setting.value.span, "declared here")
                .with_help("give `W` one row per unit"),
            );
            return Err(Some(units));
        }
        let biases = match bias_setting {
            Some(setting) => Some(
                self.check_biases(setting, units, context)
                    .ok_or(Some(units))?,
            ),
            None => None,
        };
        if context.is_output
            && let Some(target) = context.target_size.filter(|t| *t != units)
        {
            let mut diagnostic = Diagnostic::error(
                format!(
                    "the output layer `{name}` has {units} {} but the target has {target} {}",
                    plural(units, "unit", "units"),
                    plural(target, "component", "components")
                ),
                weights_setting.value.span,
                format!("{units} {}", plural(units, "row", "rows")),
            )
            .with_help("give the output layer one unit (one row of `W`) per target component");
            if let Some(span) = context.target_span {
                diagnostic = diagnostic.with_secondary(
                    span,
                    format!("{target} {}", plural(target, "component", "components")),
                );
            }
            self.error(diagnostic);
            return Err(Some(units));
        }
        Ok(Layer {
            name: name.clone(),
            activation: activation.ok_or(Some(units))?,
            weights,
            biases,
        })
    }

    fn check_units(&mut self, setting: &ast::Setting) -> Option<usize> {
        let literal = self.scalar_setting(setting)?;
        let units = literal
            .value
            .is_integer()
            .then(|| literal.value.to_integer().to_usize())
            .flatten();
        match units {
            Some(n) if (1..=limits::MAX_UNITS).contains(&n) => Some(n),
            _ => {
                self.error(
                    Diagnostic::error(
                        format!(
                            "`units` must be a whole number from 1 to {}, not `{}`",
                            limits::MAX_UNITS,
                            literal.text
                        ),
                        setting.value.span,
                        "here",
                    )
                    .with_help("write `units = 2`, for example"),
                );
                None
            }
        }
    }

    fn check_activation(
        &mut self,
        setting: &ast::Setting,
        context: &LayerContext<'_>,
    ) -> Option<Activation> {
        let (word, argument, span) = match &setting.value.node {
            SettingValue::Word(word) => (word.as_str(), None, setting.value.span),
            SettingValue::Call { name, arguments } => {
                let argument = self.single_argument(name, arguments, setting.value.span)?;
                (name.node.as_str(), argument, name.span)
            }
            _ => {
                self.error(
                    Diagnostic::error(
                        "`activation` expects the name of a function",
                        setting.value.span,
                        "not a name",
                    )
                    .with_help(format!(
                        "use one of {}",
                        list_names(&self.activation_names())
                    )),
                );
                return None;
            }
        };
        let activation = if let Some(card) = functions::activation_card(word) {
            self.card_activation(card, argument)?
        } else if let Some(definition) = self.defined.iter().find(|d| d.name() == word) {
            let Definition::Activation(function) = definition else {
                self.error(
                    Diagnostic::error(format!("`{word}` is a loss, not an activation"), span, "a loss")
                        .with_help(format!("use it as `loss = {word}`; an activation is defined with `activation NAME(z) = …`")),
                );
                return None;
            };
            if let Some(argument) = argument {
                self.no_argument(word, argument);
                return None;
            }
            Activation {
                function: ActivationFunction::Defined(Arc::clone(function)),
                arguments: Vec::new(),
            }
        } else if self.broken.iter().any(|b| b == word) {
            return None;
        } else {
            let names = self.activation_names();
            let help = suggest(word, &names).map_or_else(
                || format!("use one of {}", list_names(&names)),
                |name| format!("did you mean `{name}`?"),
            );
            self.error(
                Diagnostic::error(format!("unknown activation `{word}`"), span, "not known")
                    .with_help(help),
            );
            return None;
        };
        if activation.is_vector() && !context.is_output {
            self.error(
                Diagnostic::error(
                    format!(
                        "`{}` is only allowed on the output layer, but `{}` is a hidden layer",
                        activation.name(),
                        context.name.node
                    ),
                    setting.value.span,
                    format!("{} on a hidden layer", activation.name()),
                )
                .with_help(
                    "use an elementwise activation such as `sigmoid`, `tanh` or `relu` here",
                ),
            );
            return None;
        }
        Some(activation)
    }

    /// Every activation a layer may name: the built-in ones and those defined in the file.
    fn activation_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = functions::activation_names();
        names.extend(self.defined.iter().filter_map(|d| match d {
            Definition::Activation(f) => Some(f.name.as_str()),
            Definition::Loss(_) => None,
        }));
        names
    }

    /// The one positional argument an activation takes (`leaky_relu(0.01)`);
    /// `None` for empty parentheses.
    fn single_argument<'v>(
        &mut self,
        name: &Spanned<String>,
        arguments: &'v [ast::Argument],
        span: crate::source::Span,
    ) -> Option<Option<&'v Spanned<Value>>> {
        match arguments {
            [] => Some(None),
            [ast::Argument { name: None, value }] => Some(Some(value)),
            [
                ast::Argument {
                    name: Some(label), ..
                },
            ] => {
                self.error(
                    Diagnostic::error(
                        format!(
                            "the argument of an activation is given without a name, not as `{}`",
                            label.node
                        ),
                        label.span,
                        "a named argument",
                    )
                    .with_help(format!("write `{}(NUMBER)`", name.node)),
                );
                None
            }
            _ => {
                self.error(
                    Diagnostic::error(
                        format!("`{}` takes at most one argument", name.node),
                        span,
                        "several arguments",
                    )
                    .with_help(format!("write `{}(NUMBER)`", name.node)),
                );
                None
            }
        }
    }

    fn no_argument(&mut self, word: &str, argument: &Spanned<Value>) {
        self.error(
            Diagnostic::error(
                format!("`{word}` takes no argument"),
                argument.span,
                "unexpected argument",
            )
            .with_help(format!("write `activation = {word}`")),
        );
    }

    /// A built-in activation with its parameters read (or their defaults).
    fn card_activation(
        &mut self,
        card: &'static ActivationCard,
        argument: Option<&Spanned<Value>>,
    ) -> Option<Activation> {
        let mut activation = Activation::card(card);
        let Some(argument) = argument else {
            return Some(activation);
        };
        let Some(parameter) = card.parameters.first() else {
            self.no_argument(card.name(), argument);
            return None;
        };
        let value = self.scalar(argument, card.name())?;
        if !parameter.admits(&value.value) {
            self.error(
                Diagnostic::error(
                    format!(
                        "the {} of `{}` must lie {}, not `{}`",
                        parameter.name,
                        card.name(),
                        parameter.range_words(),
                        value.text
                    ),
                    argument.span,
                    "out of range",
                )
                .with_help(parameter.reason),
            );
            return None;
        }
        activation.arguments = vec![value];
        Some(activation)
    }
}

/// `sigmoid (or tanh, relu, leaky_relu(0.01), …)`: the built-in activations
/// as a layer names them, for the help of a layer without one.
fn activation_examples() -> String {
    let names: Vec<String> = functions::ACTIVATIONS
        .iter()
        .map(|card| match card.parameters {
            [] => card.name().to_owned(),
            parameters => format!(
                "{}({})",
                card.name(),
                parameters
                    .iter()
                    .map(|p| p.default)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        })
        .collect();
    match names.split_first() {
        Some((first, rest)) => format!("`activation = {first}` (or {})", rest.join(", ")),
        None => String::new(),
    }
}

/// Rows of an explicitly written `W` (before checking), if it can be told.
fn explicit_rows(setting: &ast::Setting, fan_in: Option<usize>) -> Option<usize> {
    match &setting.value.node {
        SettingValue::Value(Value::List(items))
            if items.iter().all(|i| matches!(i.node, Value::List(_))) =>
        {
            Some(items.len())
        }
        SettingValue::Value(Value::List(items)) => match fan_in {
            Some(1) => Some(items.len()),
            _ => Some(1),
        },
        SettingValue::Value(Value::Number(_)) => Some(1),
        _ => None,
    }
}

/// Rows of an explicitly written matrix `[[...], ...]`.
fn nested_rows(setting: &ast::Setting) -> Option<usize> {
    match &setting.value.node {
        SettingValue::Value(Value::List(items))
            if !items.is_empty() && items.iter().all(|i| matches!(i.node, Value::List(_))) =>
        {
            Some(items.len())
        }
        _ => None,
    }
}

/// The keyword at the start of a statement's span.
pub(super) fn keyword_span(statement: Span, keyword: &str) -> Span {
    Span::new(statement.start, statement.start + keyword.len())
}

/// Length of an explicitly written vector.
fn explicit_length(setting: &ast::Setting) -> Option<usize> {
    match &setting.value.node {
        SettingValue::Value(Value::List(items)) => Some(items.len()),
        SettingValue::Value(Value::Number(_)) => Some(1),
        _ => None,
    }
}

/// Columns of the first layer's explicit `W`: the input length, when known.
pub(super) fn first_layer_columns(gathered: &Gathered<'_>) -> Option<usize> {
    let (_, settings, _) = gathered.layers.first()?;
    let weights = settings.iter().find(|s| s.key.node == "W")?;
    match &weights.value.node {
        SettingValue::Value(Value::List(rows)) => match rows.first().map(|r| &r.node) {
            Some(Value::List(columns)) => Some(columns.len()),
            _ => None,
        },
        _ => None,
    }
}

/// Rows of the last layer's explicit `W` or its `units`: the target length, when known.
pub(super) fn last_layer_rows(gathered: &Gathered<'_>) -> Option<usize> {
    let (_, settings, _) = gathered.layers.last()?;
    if let Some(units) = settings.iter().find(|s| s.key.node == "units")
        && let SettingValue::Value(Value::Number(n)) = &units.value.node
    {
        return n.text.trim().parse().ok();
    }
    let weights = settings.iter().find(|s| s.key.node == "W")?;
    explicit_rows(weights, None).filter(|_| {
        matches!(&weights.value.node, SettingValue::Value(Value::List(items)) if items.iter().all(|i| matches!(i.node, Value::List(_))))
    })
}

pub(super) fn plural<'a>(count: usize, one: &'a str, many: &'a str) -> &'a str {
    if count == 1 { one } else { many }
}
