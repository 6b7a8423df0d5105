//! The views of one update's worked steps: its parts (forward pass, loss,
//! errors, gradients, update), their sections and lines, and the quantities
//! that are zero for a reason worth saying.

use serde::Serialize;

use crate::derivation::layout::Budget;
use crate::derivation::{Block, BlockKind, WrittenUpdate};
use crate::model::Network;
use crate::model::ids::{ExampleId, LayerId};
use crate::render::lines::{LineView, display_math, line_view};
use crate::render::network::{activation_convention, activation_prose};
use crate::render::numbers::NumberStyle;
use crate::symbolic::Quantity;
use crate::symbolic::latex::Notation;

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
    /// For a hidden layer's errors: their recurrence in the report's notation.
    pub recurrence: Option<String>,
    /// The author's notes placed after this part (safe Markdown).
    pub notes: Vec<String>,
    /// For the update: the new parameters collected, one display math per
    /// layer (`notation = vector | both`).
    pub collected: Vec<CollectedView>,
    /// Remarks on this part's numbers (`loss`: predictions; `hidden_error`:
    /// how the errors shrank; `update`: what moved).
    pub remarks: super::remarks::UpdateRemarksView,
}

/// A block of lines of one kind.
#[derive(Debug, Clone, Serialize)]
pub struct SectionView {
    /// The block kind (`pre_activations`, `activations`, `loss`, `loss_slopes`, ...).
    pub kind: &'static str,
    /// Layer number (1-based), if any.
    pub layer: Option<usize>,
    /// The layer's activation name, if any.
    pub activation: Option<String>,
    /// How its units apply the activation, in words (completes "Each unit then applies …").
    pub applies: Option<String>,
    /// Whether the activation works on the whole layer at once (softmax).
    pub vector: bool,
    /// The activation's convention where it has no slope, from its card.
    pub convention: Option<String>,
    /// The layer's name, if any.
    pub layer_name: Option<String>,
    /// The layer's number of units (0 when the block is not about one layer).
    pub units: usize,
    /// The lines.
    pub lines: Vec<LineView>,
    /// The step for the whole layer as vectors and matrices, each for `$$ … $$`.
    pub vector_lines: Vec<VectorLineView>,
    /// Whether the unit-by-unit lines are printed (with `notation =
    /// vector` only where the step has no vector form).
    pub scalar: bool,
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
            symbols: crate::text::join(&symbols, "and"),
            because,
            input,
        })
        .collect()
}

pub(super) fn update_view(
    network: &Network,
    update: &WrittenUpdate,
    style: &NumberStyle,
    notation: &Notation,
) -> UpdateView {
    UpdateView {
        number: update.number,
        step: update.step,
        example: update.example.map(ExampleId::number),
        parts: {
            let mut parts = parts(network, &update.blocks, style, notation);
            if let Some(part) = parts.iter_mut().find(|p| p.kind == "update") {
                part.collected = update
                    .collected
                    .iter()
                    .map(|c| {
                        let (wide, narrow) =
                            crate::render::lines::parameter_pair(&c.weights, c.biases.as_deref());
                        CollectedView { wide, narrow }
                    })
                    .collect();
            }
            let remarks = super::remarks::update_remarks(network, update, style, notation);
            place_remarks(&mut parts, &remarks);
            parts
        },
    }
}

/// Puts each remark in the part the textbook makes it in: the predictions
/// after the (first) loss, a hidden layer's shrinking errors after that
/// layer's errors, the moves after the update.
fn place_remarks(parts: &mut [PartView], remarks: &super::remarks::UpdateRemarksView) {
    if let Some(part) = parts.iter_mut().rev().find(|p| p.kind == "loss") {
        part.remarks.predictions.clone_from(&remarks.predictions);
        part.remarks.totals.clone_from(&remarks.totals);
    }
    for shrink in &remarks.shrink {
        if let Some(part) = parts
            .iter_mut()
            .find(|p| p.kind == "hidden_error" && p.layer == Some(shrink.layer))
        {
            part.remarks.shrink.push(shrink.clone());
        }
    }
    if let Some(part) = parts.iter_mut().find(|p| p.kind == "update") {
        part.remarks.moves.clone_from(&remarks.moves);
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

pub(super) fn parts(
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
                recurrence: (kind == "hidden_error")
                    .then(|| layer.map(|n| notation.recurrence(LayerId(n - 1))))
                    .flatten(),
                notes: if notation.primed_parameters {
                    Vec::new()
                } else {
                    super::notes::after(network, kind, layer)
                },
                collected: Vec::new(),
                remarks: super::remarks::UpdateRemarksView::default(),
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
    let prose = layer.map(|l| activation_prose(&network.layer(l).activation, notation));
    SectionView {
        kind,
        layer: layer.map(|l| l.number()),
        activation: layer.map(|l| network.layer(l).activation.name().to_owned()),
        vector: prose.as_ref().is_some_and(|(_, vector)| *vector),
        convention: layer.and_then(|l| activation_convention(&network.layer(l).activation)),
        applies: prose.map(|(applies, _)| applies),
        layer_name: layer.map(|l| network.layer(l).name.clone()),
        units: layer.map_or(0, |l| network.layer(l).units()),
        collapsed: block
            .lines
            .iter()
            .any(|l| l.forms.len() > 1 && matches!(l.target.quantity, Quantity::Delta { .. })),
        zeros: zero_groups(&lines),
        lines,
        vector_lines: block
            .vector
            .iter()
            .map(|d| VectorLineView {
                equation: display_math(d, Budget::Page),
                narrow: display_math(d, Budget::Narrow),
            })
            .collect(),
        scalar: block.vector.is_empty() || network.forms().scalar(),
    }
}

/// A vector line laid out for the page and for a narrow screen.
#[derive(Debug, Clone, Serialize)]
pub struct VectorLineView {
    /// The page layout.
    pub equation: String,
    /// The narrow layout.
    pub narrow: String,
}

/// One layer's new parameters, collected at the end of an update.
#[derive(Debug, Clone, Serialize)]
pub struct CollectedView {
    /// `W'⁽¹⁾ = …, b'⁽¹⁾ = …` side by side.
    pub wide: String,
    /// The same, one above the other.
    pub narrow: String,
}
