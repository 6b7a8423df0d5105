//! Quantities in words, for error messages and audits:
//! "z of unit 1 in layer `output`", "the gradient of W[2][1][2]".

use crate::model::Network;
use crate::numeric::eval::{NumericError, NumericErrorKind, Pass};
use crate::symbolic::{Quantity, Symbol};

/// A quantity in words, with layer names and 1-based indices.
pub fn quantity(network: &Network, symbol: &Symbol) -> String {
    let layer_name = |l: crate::model::ids::LayerId| {
        network.layers.get(l.0).map_or_else(
            || format!("{}", l.number()),
            |layer| format!("`{}`", layer.name),
        )
    };
    let text = match symbol.quantity {
        Quantity::Input { unit } => format!("input component {}", unit.number()),
        Quantity::Target { unit } => format!("target component {}", unit.number()),
        Quantity::Weight { layer, to, from } => format!(
            "the weight W[{}][{}][{}]",
            layer.number(),
            to.number(),
            from.number()
        ),
        Quantity::Bias { layer, unit } => {
            format!("the bias b[{}][{}]", layer.number(), unit.number())
        }
        Quantity::LearningRate => "the learning rate".to_owned(),
        Quantity::Hyper(h) => format!("the constant `{}` of the update rule", h.name()),
        Quantity::HyperPower(h) => format!("`{}` to the power of the step t", h.name()),
        Quantity::State { kind, param } => {
            format!(
                "the optimizer state {} of {}",
                kind.name(),
                quantity(network, &Symbol::of(param.quantity()))
            )
        }
        Quantity::OldState { kind, param } => format!(
            "the optimizer state {} of {} before the update",
            kind.name(),
            quantity(network, &Symbol::of(param.quantity()))
        ),
        Quantity::PreActivation { layer, unit } => {
            format!("z of unit {} in layer {}", unit.number(), layer_name(layer))
        }
        Quantity::Activation { layer, unit } => format!(
            "the activation of unit {} in layer {}",
            unit.number(),
            layer_name(layer)
        ),
        Quantity::Loss => "the loss".to_owned(),
        Quantity::LossSlope { unit } => format!("∂L/∂ŷ for output unit {}", unit.number()),
        Quantity::ActivationSlope { layer, of, wrt } => {
            format!(
                "the slope of unit {} in layer {} with respect to z of unit {}",
                of.number(),
                layer_name(layer),
                wrt.number()
            )
        }
        Quantity::Backflow { layer, unit } => format!(
            "the error flowing back to unit {} in layer {}",
            unit.number(),
            layer_name(layer)
        ),
        Quantity::Delta { layer, unit } => {
            format!("δ of unit {} in layer {}", unit.number(), layer_name(layer))
        }
        Quantity::WeightGradient { layer, to, from } => {
            format!(
                "the gradient of W[{}][{}][{}]",
                layer.number(),
                to.number(),
                from.number()
            )
        }
        Quantity::BiasGradient { layer, unit } => {
            format!("the gradient of b[{}][{}]", layer.number(), unit.number())
        }
        Quantity::NewWeight { layer, to, from } => format!(
            "the updated weight W'[{}][{}][{}]",
            layer.number(),
            to.number(),
            from.number()
        ),
        Quantity::NewBias { layer, unit } => {
            format!("the updated bias b'[{}][{}]", layer.number(), unit.number())
        }
    };
    match symbol.example {
        Some(example) => format!("{text} (example {})", example.number()),
        None => text,
    }
}

/// The message and advice for a failed computation.
pub fn numeric_error(network: &Network, error: &NumericError) -> (String, String) {
    let what = quantity(network, &error.quantity);
    let when = match error.pass {
        Pass::Before => "in the forward pass before training".to_owned(),
        Pass::Update(n) => format!("in update {n}"),
        Pass::After => "in the forward pass after training".to_owned(),
    };
    let online = network.examples.len() > 1 && error.quantity.example.is_none();
    let example = if online && matches!(error.pass, Pass::Update(_)) {
        " (for the example that update used)"
    } else {
        ""
    };
    if let Some(name) = defined_function(network, &error.quantity)
        && matches!(
            error.kind,
            NumericErrorKind::LnOfNonPositive(..) | NumericErrorKind::RootOfNegative(..)
        )
    {
        let (message, _) = describe_kind(network, error, &what, &when, example);
        return (
            message,
            format!(
                "the formula of `{name}` is not defined for these values; change the formula (for example with `abs`, `max` or `if`) or the starting values"
            ),
        );
    }
    describe_kind(network, error, &what, &when, example)
}

/// The function defined in the file that computes `symbol` (a layer's
/// activation or the loss), if one does.
fn defined_function<'a>(network: &'a Network, symbol: &Symbol) -> Option<&'a str> {
    match symbol.quantity {
        Quantity::Loss | Quantity::LossSlope { .. } => match &network.loss {
            crate::model::Loss::Defined(loss) => Some(&loss.name),
            crate::model::Loss::Card(_) => None,
        },
        Quantity::Activation { layer, .. } | Quantity::ActivationSlope { layer, .. } => {
            match &network.layers.get(layer.0)?.activation.function {
                crate::model::ActivationFunction::Defined(f) => Some(&f.name),
                crate::model::ActivationFunction::Card(_) => None,
            }
        }
        _ => None,
    }
}

fn describe_kind(
    network: &Network,
    error: &NumericError,
    what: &str,
    when: &str,
    example: &str,
) -> (String, String) {
    match &error.kind {
        NumericErrorKind::Overflow => (
            format!("{what} {when}{example} is larger than 10^30: the calculation has blown up"),
            "training diverged; use a smaller learning rate or fewer steps".to_owned(),
        ),
        NumericErrorKind::DivisionByZero => (
            format!("computing {what} {when}{example} divides by zero"),
            "a value that rounded to 0 is used as a divisor; use more precision (e.g. `precision = 6 significant`) or `carry = exact`".to_owned(),
        ),
        NumericErrorKind::LnOfNonPositive(value, culprit) => (
            match culprit {
                Some(blame) => format!(
                    "computing {what} {when}{example} needs ln({value}), which is undefined: it comes from {} = {}",
                    quantity(network, &blame.0),
                    blame.1
                ),
                None => format!("computing {what} {when}{example} needs ln({value}), and ln is only defined for positive numbers"),
            },
            "a prediction rounded to 0 or 1 makes the logarithm undefined; use more precision (e.g. `precision = 6 significant`) or `carry = exact`".to_owned(),
        ),
        NumericErrorKind::RootOfNegative(value, culprit) => (
            match culprit {
                Some(blame) => format!(
                    "computing {what} {when}{example} needs the square root (or another even root) of {value}, which is undefined: it comes from {} = {}",
                    quantity(network, &blame.0),
                    blame.1
                ),
                None => format!("computing {what} {when}{example} needs an even root of {value}, and even roots are only defined for numbers that are not negative"),
            },
            "keep the argument of `sqrt` (or of a fractional power) at 0 or above, for example with `abs` or `max(0, …)` in the definition".to_owned(),
        ),
        NumericErrorKind::Unbound(var) => (
            format!("computing {what} {when} uses the variable `{}` outside its function", var.name()),
            "this is a bug in longhand; please report it with the input file".to_owned(),
        ),
        NumericErrorKind::Missing(missing) => (
            format!("computing {what} {when} needs {}, which has no value yet", quantity(network, missing)),
            "this is a bug in longhand; please report it with the input file".to_owned(),
        ),
        NumericErrorKind::TooCoarse {
            value,
            keep,
            decimals,
        } => (
            format!(
                "{what} {when}{example} is {value}, which prints as 0 at {}: the step would divide by the square root of a printed 0",
                match network.settings.precision {
                    crate::model::Precision::Decimals(1) => "1 decimal".to_owned(),
                    crate::model::Precision::Decimals(n) => format!("{n} decimals"),
                    _ => "this precision".to_owned(),
                }
            ),
            match decimals {
                Some(k) => format!(
                    "a second moment is about the square of a gradient, far smaller than the values around it; use `precision = {keep} significant`, which keeps {keep} digits of every value, or `precision = {k} decimals`, which shows this one with {keep}"
                ),
                None => format!(
                    "a second moment is about the square of a gradient, far smaller than the values around it; use `precision = {keep} significant`, which keeps {keep} digits of every value"
                ),
            },
        ),
        NumericErrorKind::ExpOutOfRange(value) => (
            format!("computing {what} {when}{example} needs e^({value}), which is beyond the range longhand computes (|x| ≤ 9000)"),
            "the weighted inputs are far too large; use smaller weights, inputs or learning rate".to_owned(),
        ),
    }
}
