//! Stage 5: the ordered steps of the worked example.
//!
//! Takes the checked network, the symbolic programs and the numeric run and
//! decides everything the reader is shown: which lines, in which blocks, in
//! which order, with which facts for the prose (a zero gradient explained by
//! a zero input, a frozen parameter, a loss that went up), and how each
//! line is displayed: its chain of formulas and numbers in LaTeX and where
//! that chain breaks to fit a budget ([`layout`]). No prose is made here;
//! `render` lays this out.

pub mod compare;
pub mod display;
pub mod functions;
pub mod layout;
pub mod numbers;
pub mod numpy;
pub mod optimizer;
pub mod remarks;
pub mod step;
pub mod vector;

use crate::model::Network;
use crate::model::ids::{ExampleId, LayerId};
use crate::numeric::eval::{NumericError, Pass, Rules};
use crate::numeric::run::{Env, Run};
use crate::symbolic::program::Definition;
use crate::symbolic::{Quantity, Symbol};
pub use compare::{Comparison, Deviation, PredictionChange};
pub use functions::{DerivedFunction, FunctionRole};
use numbers::NumberStyle;
pub use step::{Form, Line, Note, PieceNote, Writing};

/// What a block of lines computes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// The weighted inputs z of a layer.
    PreActivations(LayerId),
    /// The activations a of a layer.
    Activations(LayerId),
    /// The loss of one example (or the only one).
    Loss,
    /// ∂L/∂ŷ for each output unit.
    LossSlopes,
    /// The output activation's slopes.
    OutputSlopes,
    /// The output errors δ.
    OutputDeltas,
    /// (Wᵀδ) of the layer after a hidden layer.
    Backflows(LayerId),
    /// The activation slopes of a hidden layer.
    Slopes(LayerId),
    /// The errors δ of a hidden layer.
    Deltas(LayerId),
    /// The gradients of a layer's parameters.
    Gradients(LayerId),
    /// The loss over the batch.
    BatchLoss,
    /// The gradients over the batch.
    BatchGradients,
    /// The SGD update of a layer's parameters.
    Update(LayerId),
}

/// Consecutive lines of one kind, for one example.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// What the lines compute.
    pub kind: BlockKind,
    /// The example they belong to, in a batch of several.
    pub example: Option<ExampleId>,
    /// The lines.
    pub lines: Vec<Line>,
    /// The same step for the whole layer in vector and matrix form
    /// (`notation = vector | both`; empty when it has none: [`vector`]).
    pub vector: Vec<layout::Display>,
}

/// An update written out in full.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenUpdate {
    /// Its position among all updates (1-based).
    pub number: u64,
    /// The step (pass) it belongs to.
    pub step: u64,
    /// Under `batch = 1`, the example it used.
    pub example: Option<ExampleId>,
    /// Its blocks in order.
    pub blocks: Vec<Block>,
    /// The new parameters of every layer collected, one display math per
    /// layer (`notation = vector | both`).
    pub collected: Vec<vector::Collected>,
    /// What the numbers of this update show ([`remarks`]).
    pub remarks: remarks::UpdateRemarks,
}

/// The whole worked example, ready to be laid out.
#[derive(Debug, Clone, PartialEq)]
pub struct Derivation<'a> {
    /// The network.
    pub network: &'a Network,
    /// Evaluation rules (precision, rounding, carry).
    pub rules: Rules,
    /// The run the numbers come from.
    pub run: &'a Run,
    /// Functions defined by formulas that the network uses, with their derivatives.
    pub functions: Vec<DerivedFunction>,
    /// Updates written in full (the first, or all with `--detail all`).
    pub written: Vec<WrittenUpdate>,
    /// The forward pass and loss with the final parameters.
    pub final_pass: Vec<Block>,
    /// Before and after.
    pub comparison: Comparison,
    /// Printed values that differ from the exact values rounded the same way.
    pub deviations: Vec<Deviation>,
    /// The loss's definition `𝓛 = …`, as the description of the network shows it.
    pub loss: layout::Display,
    /// Which forms of each step are written.
    pub forms: crate::model::Forms,
    /// Which remarks are made.
    pub remark_choice: crate::model::Remarks,
    /// What training as a whole shows ([`remarks`]).
    pub remarks: remarks::RunRemarks,
    /// The NumPy program of `appendix = numpy` ([`numpy`]).
    pub numpy: Option<numpy::Appendix>,
}

fn block_kind(network: &Network, symbol: &Symbol, batched: bool) -> BlockKind {
    let output = network.output_layer();
    match symbol.quantity {
        Quantity::PreActivation { layer, .. } => BlockKind::PreActivations(layer),
        Quantity::Activation { layer, .. } => BlockKind::Activations(layer),
        Quantity::Loss if batched && symbol.example.is_none() => BlockKind::BatchLoss,
        Quantity::LossSlope { .. } => BlockKind::LossSlopes,
        Quantity::ActivationSlope { layer, .. } if layer == output => BlockKind::OutputSlopes,
        Quantity::ActivationSlope { layer, .. } => BlockKind::Slopes(layer),
        Quantity::Delta { layer, .. } if layer == output => BlockKind::OutputDeltas,
        Quantity::Delta { layer, .. } => BlockKind::Deltas(layer),
        Quantity::Backflow { layer, .. } => BlockKind::Backflows(layer),
        Quantity::WeightGradient { .. } | Quantity::BiasGradient { .. }
            if batched && symbol.example.is_none() =>
        {
            BlockKind::BatchGradients
        }
        Quantity::WeightGradient { layer, .. } | Quantity::BiasGradient { layer, .. } => {
            BlockKind::Gradients(layer)
        }
        Quantity::NewWeight { layer, .. } | Quantity::NewBias { layer, .. } => {
            BlockKind::Update(layer)
        }
        Quantity::State { param, .. } => BlockKind::Update(param.layer()),
        Quantity::Hyper(_) | Quantity::HyperPower(_) | Quantity::OldState { .. } => BlockKind::Loss,
        Quantity::Loss
        | Quantity::Input { .. }
        | Quantity::Target { .. }
        | Quantity::Weight { .. }
        | Quantity::Bias { .. }
        | Quantity::LearningRate => BlockKind::Loss,
    }
}

/// Lines of `definitions` grouped into blocks of one kind and example.
fn blocks(
    network: &Network,
    definitions: &[Definition],
    batched: bool,
    env: &Env,
    writing: Writing<'_>,
    pass: Pass,
    vector: bool,
) -> Result<Vec<Block>, NumericError> {
    let mut blocks: Vec<Block> = Vec::new();
    for (index, definition) in definitions.iter().enumerate() {
        // Adam's βᵗ lines belong to the update block they come before.
        let kind = definitions[index..]
            .iter()
            .find(|d| !matches!(d.target.quantity, Quantity::HyperPower(_)))
            .map_or(BlockKind::Loss, |d| block_kind(network, &d.target, batched));
        let line = step::line(definition, env, writing, pass)?;
        let example = definition.target.example;
        // The βᵗ lines are a block of their own, written before the
        // update's vector lines that use them.
        let power = |l: &step::Line| matches!(l.target.quantity, Quantity::HyperPower(_));
        match blocks.last_mut() {
            Some(block)
                if block.kind == kind
                    && block.example == example
                    && block.lines.last().is_none_or(|l| power(l) == power(&line)) =>
            {
                block.lines.push(line)
            }
            _ => blocks.push(Block {
                kind,
                example,
                lines: vec![line],
                vector: Vec::new(),
            }),
        }
    }
    if vector {
        let printed = vector::printed(&blocks);
        let context = vector::Context {
            network,
            env,
            style: writing.style,
            notation: writing.notation,
            printed: &printed,
        };
        for block in &mut blocks {
            block.vector = vector::lines(&context, block);
        }
    }
    Ok(blocks)
}

/// Decides every step of the worked example.
///
/// `exact` is the same network run with `carry = exact`, for the rounding
/// section (omit it when the run itself is exact).
///
/// # Errors
/// A numeric failure while writing out a line.
pub fn derive<'a>(
    network: &'a Network,
    run: &'a Run,
    exact: Option<&Run>,
) -> Result<Derivation<'a>, NumericError> {
    let rules = run.rules;
    let style = NumberStyle::of(&rules, network.fractions);
    let before = display::notation(network, false);
    let after = display::notation(network, true);
    let writing = |notation| Writing {
        rules: &rules,
        style: &style,
        notation,
    };
    let forms = network.forms();
    let batched = run.update.batch.len() > 1;
    let mut written = Vec::new();
    for (index, record) in run.updates.iter().enumerate() {
        let Some(env) = &record.env else {
            continue;
        };
        let number = index as u64 + 1;
        let definitions = optimizer::with_powers(network, &run.update.definitions, number);
        let blocks = blocks(
            network,
            &definitions,
            batched,
            env,
            writing(&before),
            Pass::Update(number),
            forms.vector(),
        )?;
        let collected = if forms.vector() {
            vector::collected(&vector::Context {
                network,
                env,
                style: &style,
                notation: &before,
                printed: &vector::printed(&blocks),
            })
        } else {
            Vec::new()
        };
        let remarks = remarks::update_remarks(network, env, &blocks, &rules);
        written.push(WrittenUpdate {
            number,
            step: record.step,
            example: record.example,
            blocks,
            collected,
            remarks,
        });
    }
    let forward_batched = run.forward.batch.len() > 1;
    let final_pass = blocks(
        network,
        &run.forward.definitions,
        forward_batched,
        &run.final_pass,
        writing(&after),
        Pass::After,
        forms.vector(),
    )?;
    let comparison = compare::compare(network, run);
    let deviations = exact
        .map(|exact| compare::deviations(run, exact))
        .unwrap_or_default();
    let loss = display::definition(
        &before.symbol(&crate::symbolic::Symbol::of(
            crate::symbolic::Quantity::Loss,
        )),
        &crate::symbolic::program::loss_formula(network, None),
        &before,
    );
    Ok(Derivation {
        network,
        rules,
        run,
        functions: functions::derived_functions(network),
        written,
        final_pass,
        comparison,
        deviations,
        loss,
        forms,
        remark_choice: network.remarks,
        remarks: if network.remarks.has(crate::model::Remark::MoreSteps)
            || network.remarks.has(crate::model::Remark::Plateau)
        {
            remarks::run_remarks(network, run)
        } else {
            remarks::RunRemarks::default()
        },
        numpy: (network.appendix == crate::model::Appendix::Numpy)
            .then(|| numpy::appendix(network, run, &style)),
    })
}
