//! The views that sum a run up: the table of updates, the old and new loss
//! compared, the values rounding changed, and the closing answer table.
use std::cmp::Ordering;

use serde::Serialize;

use crate::derivation::Derivation;
use crate::model::Carry;
use crate::model::ids::ExampleId;
use crate::numeric::eval::Shown;
use crate::numeric::format;
use crate::numeric::round::Decimal;
use crate::render::numbers::NumberStyle;
use crate::symbolic::latex::Notation;
use crate::symbolic::{Quantity, Symbol};

/// A row of the table of updates.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryRow {
    /// Update number.
    pub number: u64,
    /// Step (pass) number.
    pub step: u64,
    /// Example used (online SGD), 1-based.
    pub example: Option<usize>,
    /// The loss the update's forward pass gave.
    pub loss: String,
    /// The predictions of that forward pass, in words.
    pub predictions: String,
}

/// Before and after training.
#[derive(Debug, Clone, Serialize)]
pub struct ComparisonView {
    /// Loss before.
    pub before: String,
    /// Loss after.
    pub after: String,
    /// after − before.
    pub change: String,
    /// |after − before|.
    pub change_magnitude: String,
    /// The relative change in percent (of the rounded relative change).
    pub percent: Option<String>,
    /// `down`, `up` or `unchanged`.
    pub direction: &'static str,
    /// Each prediction.
    pub predictions: Vec<PredictionView>,
    /// How many predictions moved further from their targets.
    pub further: usize,
    /// The stalled last half of training, when the loss stopped improving.
    pub plateau: Option<PlateauView>,
    /// Output units predicting about the same for every example.
    pub alike: Vec<AlikeView>,
}

/// The loss curve's flat last half.
#[derive(Debug, Clone, Serialize)]
pub struct PlateauView {
    /// How many updates it spans.
    pub updates: usize,
    /// The loss where it starts.
    pub from: String,
    /// The loss after training.
    pub to: String,
}

/// One output unit's nearly equal predictions.
#[derive(Debug, Clone, Serialize)]
pub struct AlikeView {
    /// The prediction's symbol (LaTeX).
    pub symbol: String,
    /// The lowest prediction.
    pub lowest: String,
    /// The highest prediction.
    pub highest: String,
}

/// One prediction before and after.
#[derive(Debug, Clone, Serialize)]
pub struct PredictionView {
    /// `\hat y` (LaTeX), with the example in words when there are several.
    pub symbol: String,
    /// Example number (1-based), when there are several.
    pub example: Option<usize>,
    /// Target.
    pub target: String,
    /// Before.
    pub before: String,
    /// After.
    pub after: String,
    /// `closer`, `further` or `unchanged`.
    pub moved: &'static str,
}

/// The rounding audit.
#[derive(Debug, Clone, Serialize)]
pub struct RoundingView {
    /// Whether the audit was made (not under exact carry).
    pub audited: bool,
    /// Printed values that differ from the exact values.
    pub rows: Vec<DeviationRow>,
}

/// One printed value that rounding changed.
#[derive(Debug, Clone, Serialize)]
pub struct DeviationRow {
    /// The quantity (LaTeX).
    pub symbol: String,
    /// Where: `update 1` or `after training`.
    pub place: String,
    /// What the report prints.
    pub shown: String,
    /// The exact value rounded the same way.
    pub exact: String,
    /// Difference in units of the last place.
    pub units: String,
}

/// A row of the answer table.
#[derive(Debug, Clone, Serialize)]
pub struct AnswerRow {
    /// The parameter (LaTeX).
    pub parameter: String,
    /// Its gradient in the first update.
    pub gradient: String,
    /// Its value after the first update.
    pub updated: String,
    /// Its value after the last update.
    pub final_value: String,
    /// Whether it is frozen.
    pub frozen: bool,
}

pub(super) fn history(derivation: &Derivation<'_>, style: &NumberStyle) -> Vec<HistoryRow> {
    let network = derivation.network;
    let output = network.output_layer();
    let batched = derivation.run.update.batch.len() > 1;
    derivation
        .run
        .updates
        .iter()
        .enumerate()
        .map(|(index, record)| {
            let rules = &derivation.run.rules;
            let loss = record
                .rounded(&Symbol::of(Quantity::Loss), rules)
                .map_or_else(String::new, |r| style.plain_rounded(&r));
            let mut predictions = Vec::new();
            for tag in &derivation.run.update.batch {
                for unit in network.layer(output).unit_ids() {
                    let symbol = Symbol::for_example(
                        Quantity::Activation {
                            layer: output,
                            unit,
                        },
                        *tag,
                    );
                    if let Some(value) = record.rounded(&symbol, rules) {
                        predictions.push(style.plain_rounded(&value));
                    }
                }
            }
            let joined = if batched || predictions.len() > 1 {
                predictions.join(", ")
            } else {
                predictions.concat()
            };
            HistoryRow {
                number: index as u64 + 1,
                step: record.step,
                example: record.example.map(ExampleId::number),
                loss,
                predictions: joined,
            }
        })
        .collect()
}

/// The last row of the table of updates: the forward pass after training.
pub(super) fn history_final(derivation: &Derivation<'_>, style: &NumberStyle) -> HistoryRow {
    let network = derivation.network;
    let output = network.output_layer();
    let env = &derivation.run.final_pass;
    let loss = env
        .value(&Symbol::of(Quantity::Loss))
        .map_or_else(String::new, |v| style.plain(v));
    let mut predictions = Vec::new();
    for tag in &derivation.run.forward.batch {
        for unit in network.layer(output).unit_ids() {
            let symbol = Symbol::for_example(
                Quantity::Activation {
                    layer: output,
                    unit,
                },
                *tag,
            );
            if let Some(value) = env.value(&symbol) {
                predictions.push(style.plain(value));
            }
        }
    }
    HistoryRow {
        number: derivation.run.updates.len() as u64 + 1,
        step: 0,
        example: None,
        loss,
        predictions: predictions.join(", "),
    }
}

pub(super) fn comparison_view(
    derivation: &Derivation<'_>,
    style: &NumberStyle,
    notation: &Notation,
) -> ComparisonView {
    let comparison = &derivation.comparison;
    let direction = match comparison.change.carried.signum() {
        -1 => "down",
        1 => "up",
        _ => "unchanged",
    };
    let magnitude = Shown {
        rounded: crate::numeric::Rounded {
            decimal: Decimal {
                digits: comparison
                    .change
                    .rounded
                    .decimal
                    .digits
                    .magnitude()
                    .clone()
                    .into(),
                scale: comparison.change.rounded.decimal.scale,
            },
            exact: comparison.change.rounded.exact,
        },
        carried: comparison.change.carried.clone(),
        origin: comparison.change.origin.clone(),
    };
    // The relative change in percent, with two decimals fewer than the
    // report's precision (two decimals when values are exact).
    let percent = comparison.relative.as_ref().map(|r| {
        let relative = match derivation.rules.precision {
            crate::model::Precision::Exact => crate::numeric::round(
                &r.carried,
                crate::model::Precision::Decimals(4),
                derivation.rules.rounding,
            ),
            _ => r.rounded.clone(),
        };
        let shifted = Decimal {
            digits: relative.decimal.digits.clone(),
            scale: relative.decimal.scale - 2,
        };
        format::plain(&shifted, crate::model::Precision::Exact)
    });
    let several = derivation.run.forward.batch.len() > 1;
    let predictions = comparison
        .predictions
        .iter()
        .map(|p| PredictionView {
            symbol: notation.activation(derivation.network.output_layer(), p.unit),
            example: if several {
                p.example.map(ExampleId::number)
            } else {
                None
            },
            target: style.plain(&p.target),
            before: style.plain(&p.before),
            after: style.plain(&p.after),
            moved: match p.closer {
                Ordering::Greater => "closer",
                Ordering::Less => "further",
                Ordering::Equal => "unchanged",
            },
        })
        .collect();
    ComparisonView {
        before: style.plain(&comparison.before),
        after: style.plain(&comparison.after),
        change: style.plain(&comparison.change),
        change_magnitude: style.plain(&magnitude),
        percent,
        direction,
        further: comparison
            .predictions
            .iter()
            .filter(|p| p.closer == Ordering::Less)
            .count(),
        predictions,
        plateau: match &derivation.remarks.plateau {
            Some(crate::derivation::remarks::Plateau::Stalled(p)) => Some(PlateauView {
                updates: p.updates,
                from: style.plain(&p.from),
                to: style.plain(&p.to),
            }),
            _ => None,
        },
        alike: comparison
            .alike
            .iter()
            .map(|a| AlikeView {
                symbol: notation.activation(derivation.network.output_layer(), a.unit),
                lowest: style.plain(&a.lowest),
                highest: style.plain(&a.highest),
            })
            .collect(),
    }
}

pub(super) fn rounding_view(
    derivation: &Derivation<'_>,
    style: &NumberStyle,
    notation: &Notation,
) -> RoundingView {
    let after = crate::derivation::display::notation(derivation.network, true);
    let rows = derivation
        .deviations
        .iter()
        .map(|d| DeviationRow {
            symbol: if d.update == 0 {
                after.symbol(&d.symbol)
            } else {
                notation.symbol(&d.symbol)
            },
            place: {
                let when = if d.update == 0 {
                    "after training".to_owned()
                } else {
                    format!("update {}", d.update)
                };
                match d.symbol.example {
                    Some(example) => format!("{when}, example {}", example.number()),
                    None => when,
                }
            },
            shown: style.plain_rounded(&d.shown),
            exact: style.plain_rounded(&d.exact),
            units: crate::render::numbers::units_text(&d.units_in_last_place),
        })
        .collect();
    RoundingView {
        audited: derivation.rules.carry != Carry::Exact,
        rows,
    }
}

pub(super) fn answers(
    derivation: &Derivation<'_>,
    style: &NumberStyle,
    notation: &Notation,
) -> Vec<AnswerRow> {
    let network = derivation.network;
    let Some(first) = derivation.run.updates.first() else {
        return Vec::new();
    };
    let mut rows = Vec::new();
    for gradient in crate::symbolic::program::gradient_quantities(network) {
        let (parameter, updated, frozen) = match gradient {
            Quantity::WeightGradient { layer, to, from } => (
                Quantity::Weight { layer, to, from },
                Quantity::NewWeight { layer, to, from },
                network.layer(layer).weights.frozen,
            ),
            Quantity::BiasGradient { layer, unit } => (
                Quantity::Bias { layer, unit },
                Quantity::NewBias { layer, unit },
                network
                    .layer(layer)
                    .biases
                    .as_ref()
                    .is_some_and(|b| b.frozen),
            ),
            _ => continue,
        };
        let text = |symbol: Quantity| {
            first
                .rounded(&Symbol::of(symbol), &derivation.run.rules)
                .map_or_else(String::new, |r| style.plain_rounded(&r))
        };
        let final_value = derivation
            .run
            .final_pass
            .value(&Symbol::of(parameter))
            .map_or_else(String::new, |v| style.plain(v));
        rows.push(AnswerRow {
            parameter: notation.symbol(&Symbol::of(parameter)),
            gradient: text(gradient),
            updated: text(updated),
            final_value,
            frozen,
        });
    }
    rows
}
