//! View structs: the derivation as ready-to-print strings (LaTeX built,
//! numbers formatted). Templates lay these out and add prose; they do no
//! arithmetic and no notation.

use std::cmp::Ordering;

use serde::Serialize;

use super::lines::{LineView, line_view};
use super::network::{NetworkView, network_view, symbols};
use super::numbers::NumberStyle;
use crate::derivation::{Block, BlockKind, Derivation, WrittenUpdate};
use crate::model::ids::ExampleId;
use crate::model::{Carry, Network, Rounding};
use crate::numeric::eval::Shown;
use crate::numeric::format;
use crate::numeric::round::Decimal;
use crate::symbolic::latex::Notation;
use crate::symbolic::{Quantity, Symbol};

/// Everything the report template shows.
#[derive(Debug, Clone, Serialize)]
pub struct ReportView {
    /// The input file's name (no directories), for the generated-file comment.
    pub source_name: String,
    /// The title.
    pub title: String,
    /// Precision, rounding and carry in words.
    pub settings: SettingsView,
    /// The network and its data.
    pub network: NetworkView,
    /// The table of symbols.
    pub symbols: Vec<SymbolRow>,
    /// Updates written in full.
    pub updates: Vec<UpdateView>,
    /// A table of every update, when there is more than one.
    pub history: Vec<HistoryRow>,
    /// The loss and predictions after the last update (all examples), for the table's last row.
    pub history_final: HistoryRow,
    /// Whether some updates are summarised rather than written out.
    pub summarised: bool,
    /// The forward pass with the final parameters.
    pub final_pass: Vec<PartView>,
    /// Before and after.
    pub comparison: ComparisonView,
    /// The rounding audit.
    pub rounding: RoundingView,
    /// The closing answer table.
    pub answers: Vec<AnswerRow>,
    /// Whether the answer table has a "final value" column (several updates).
    pub answers_final: bool,
}

/// The number settings in words.
#[derive(Debug, Clone, Serialize)]
pub struct SettingsView {
    /// `4 decimals`.
    pub precision: String,
    /// `half_up`.
    pub rounding: &'static str,
    /// What the rounding mode does, in words.
    pub rounding_words: &'static str,
    /// `step`, `quantity` or `exact`.
    pub carry: &'static str,
}

/// A row of the symbols table.
#[derive(Debug, Clone, Serialize)]
pub struct SymbolRow {
    /// The symbol in LaTeX.
    pub symbol: String,
    /// What it means, in words (may contain inline math).
    pub meaning: String,
}

/// One update written in full.
#[derive(Debug, Clone, Serialize)]
pub struct UpdateView {
    /// Its number among all updates.
    pub number: u64,
    /// The step (pass) it belongs to.
    pub step: u64,
    /// Under `batch = 1`, the example used (1-based).
    pub example: Option<usize>,
    /// Its parts in order.
    pub parts: Vec<PartView>,
}

/// A part of an update under one heading (the forward pass of an example,
/// the output error, the gradients of a layer, ...).
#[derive(Debug, Clone, Serialize)]
pub struct PartView {
    /// `forward`, `loss`, `output_error`, `hidden_error`, `gradients`, `batch` or `update`.
    pub kind: &'static str,
    /// The example (1-based) in a batch of several.
    pub example: Option<usize>,
    /// Layer number (1-based), where the part is about one layer.
    pub layer: Option<usize>,
    /// Layer name.
    pub layer_name: Option<String>,
    /// Whether that layer is the output layer.
    pub output_layer: bool,
    /// The blocks of lines.
    pub sections: Vec<SectionView>,
}

/// A block of lines of one kind.
#[derive(Debug, Clone, Serialize)]
pub struct SectionView {
    /// The block kind (`pre_activations`, `activations`, `loss`, `loss_slopes`, ...).
    pub kind: &'static str,
    /// Layer number (1-based), if any.
    pub layer: Option<usize>,
    /// The layer's activation name, if any.
    pub activation: Option<&'static str>,
    /// The layer's name, if any.
    pub layer_name: Option<String>,
    /// The layer's number of units (0 when the block is not about one layer).
    pub units: usize,
    /// The lines.
    pub lines: Vec<LineView>,
    /// For output errors: whether the chain-rule product collapses (ŷ − y).
    pub collapsed: bool,
    /// The lines whose value is zero because of a zero factor, grouped by
    /// that factor (two weights zero because `x₂ = 0` are said once).
    pub zeros: Vec<ZeroGroup>,
}

/// Quantities of one block that are zero because of the same factor.
#[derive(Debug, Clone, Serialize)]
pub struct ZeroGroup {
    /// The quantities (LaTeX math, each in `$…$`), joined with commas and "and".
    pub symbols: String,
    /// How many there are.
    pub count: usize,
    /// The factor (LaTeX) that is zero.
    pub because: String,
    /// Whether that factor is a component of the input.
    pub input: bool,
}

/// Groups the zero lines of a block by the factor that makes them zero, in
/// the order the factors first appear.
fn zero_groups(lines: &[LineView]) -> Vec<ZeroGroup> {
    let mut groups: Vec<(String, bool, Vec<String>)> = Vec::new();
    for line in lines {
        let Some(because) = &line.zero_because else {
            continue;
        };
        let symbol = format!("${}$", line.symbol);
        match groups.iter_mut().find(|(b, _, _)| b == because) {
            Some((_, _, symbols)) => symbols.push(symbol),
            None => groups.push((because.clone(), line.zero_because_input, vec![symbol])),
        }
    }
    groups
        .into_iter()
        .map(|(because, input, symbols)| ZeroGroup {
            count: symbols.len(),
            symbols: match symbols.as_slice() {
                [rest @ .., last] if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
                _ => symbols.concat(),
            },
            because,
            input,
        })
        .collect()
}

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

/// Builds the view of a derivation.
pub fn report_view(derivation: &Derivation<'_>, source_name: &str, fractions: bool) -> ReportView {
    let network = derivation.network;
    let style = NumberStyle::of(&derivation.rules, fractions);
    let after = notation(network, true);
    let notation = notation(network, false);
    let updates = derivation
        .written
        .iter()
        .map(|u| update_view(network, u, &style, &notation))
        .collect();
    let final_pass = parts(network, &derivation.final_pass, &style, &after);
    let history = if derivation.run.updates.len() > 1 {
        history(derivation, &style)
    } else {
        Vec::new()
    };
    ReportView {
        source_name: source_name.to_owned(),
        title: network.title.clone(),
        settings: settings_view(derivation),
        network: network_view(network, &style, &notation),
        symbols: symbols(network, &notation),
        updates,
        history_final: history_final(derivation, &style),
        summarised: derivation.written.len() < derivation.run.updates.len(),
        history,
        final_pass,
        comparison: comparison_view(derivation, &style, &notation),
        rounding: rounding_view(derivation, &style, &notation),
        answers: answers(derivation, &style, &notation),
        answers_final: derivation.run.updates.len() > 1,
    }
}

/// The notation of a network (primed parameters after an update).
pub fn notation(network: &Network, primed: bool) -> Notation {
    super::network::notation(network, primed)
}

fn settings_view(derivation: &Derivation<'_>) -> SettingsView {
    let settings = derivation.network.settings;
    let rounding_words = match settings.rounding {
        Rounding::HalfUp => "ties are rounded away from zero, the rule taught in school",
        Rounding::HalfEven => "ties are rounded to the even digit",
        Rounding::HalfDown => "ties are rounded toward zero",
        Rounding::TowardZero => "extra digits are cut off (rounding toward zero)",
        Rounding::AwayFromZero => "any extra digit rounds away from zero",
    };
    SettingsView {
        precision: settings.precision.to_string(),
        rounding: settings.rounding.name(),
        rounding_words,
        carry: match derivation.rules.carry {
            Carry::Step => "step",
            Carry::Quantity => "quantity",
            Carry::Exact => "exact",
        },
    }
}

fn update_view(
    network: &Network,
    update: &WrittenUpdate,
    style: &NumberStyle,
    notation: &Notation,
) -> UpdateView {
    UpdateView {
        number: update.number,
        step: update.step,
        example: update.example.map(ExampleId::number),
        parts: parts(network, &update.blocks, style, notation),
    }
}

fn part_kind(network: &Network, kind: BlockKind) -> (&'static str, Option<usize>) {
    let output = Some(network.output_layer().number());
    match kind {
        BlockKind::PreActivations(_) | BlockKind::Activations(_) => ("forward", None),
        BlockKind::Loss => ("loss", None),
        BlockKind::LossSlopes | BlockKind::OutputSlopes | BlockKind::OutputDeltas => {
            ("output_error", output)
        }
        BlockKind::Backflows(l) | BlockKind::Slopes(l) | BlockKind::Deltas(l) => {
            ("hidden_error", Some(l.number()))
        }
        BlockKind::Gradients(l) => ("gradients", Some(l.number())),
        BlockKind::BatchLoss | BlockKind::BatchGradients => ("batch", None),
        BlockKind::Update(_) => ("update", None),
    }
}

fn parts(
    network: &Network,
    blocks: &[Block],
    style: &NumberStyle,
    notation: &Notation,
) -> Vec<PartView> {
    let mut parts: Vec<PartView> = Vec::new();
    for block in blocks {
        let (kind, layer) = part_kind(network, block.kind);
        let example = block.example.map(ExampleId::number);
        let section = section_view(network, block, style, notation);
        match parts.last_mut() {
            Some(part) if part.kind == kind && part.example == example && part.layer == layer => {
                part.sections.push(section)
            }
            _ => parts.push(PartView {
                kind,
                example,
                layer,
                layer_name: layer
                    .and_then(|n| network.layers.get(n - 1))
                    .map(|l| l.name.clone()),
                output_layer: layer == Some(network.output_layer().number()),
                sections: vec![section],
            }),
        }
    }
    parts
}

fn section_view(
    network: &Network,
    block: &Block,
    style: &NumberStyle,
    notation: &Notation,
) -> SectionView {
    let (kind, layer) = match block.kind {
        BlockKind::PreActivations(l) => ("pre_activations", Some(l)),
        BlockKind::Activations(l) => ("activations", Some(l)),
        BlockKind::Loss => ("loss", None),
        BlockKind::LossSlopes => ("loss_slopes", None),
        BlockKind::OutputSlopes => ("output_slopes", Some(network.output_layer())),
        BlockKind::OutputDeltas => ("output_deltas", Some(network.output_layer())),
        BlockKind::Backflows(l) => ("backflows", Some(l)),
        BlockKind::Slopes(l) => ("slopes", Some(l)),
        BlockKind::Deltas(l) => ("deltas", Some(l)),
        BlockKind::Gradients(l) => ("gradients", Some(l)),
        BlockKind::BatchLoss => ("batch_loss", None),
        BlockKind::BatchGradients => ("batch_gradients", None),
        BlockKind::Update(l) => ("update", Some(l)),
    };
    let lines: Vec<LineView> = block
        .lines
        .iter()
        .map(|l| line_view(l, style, notation))
        .collect();
    SectionView {
        kind,
        layer: layer.map(|l| l.number()),
        activation: layer.map(|l| network.layer(l).activation.name()),
        layer_name: layer.map(|l| network.layer(l).name.clone()),
        units: layer.map_or(0, |l| network.layer(l).units()),
        collapsed: block
            .lines
            .iter()
            .any(|l| l.forms.len() > 1 && matches!(l.target.quantity, Quantity::Delta { .. })),
        zeros: zero_groups(&lines),
        lines,
    }
}

fn history(derivation: &Derivation<'_>, style: &NumberStyle) -> Vec<HistoryRow> {
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
fn history_final(derivation: &Derivation<'_>, style: &NumberStyle) -> HistoryRow {
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

fn comparison_view(
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
        predictions,
    }
}

fn rounding_view(
    derivation: &Derivation<'_>,
    style: &NumberStyle,
    notation: &Notation,
) -> RoundingView {
    let after = super::network::notation(derivation.network, true);
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
            units: super::numbers::units_text(&d.units_in_last_place),
        })
        .collect();
    RoundingView {
        audited: derivation.rules.carry != Carry::Exact,
        rows,
    }
}

fn answers(
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
