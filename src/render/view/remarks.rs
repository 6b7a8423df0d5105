//! The remarks on the numbers as ready-to-print strings; the sentences
//! are the templates'.

use num_rational::BigRational;
use num_traits::Zero;
use serde::Serialize;

use crate::derivation::remarks::{
    Kept, MORE_STEPS_CAP, MoreSteps, Moves, Plateau, PredictionRemark, Shrink, UpdateRemarks,
};
use crate::derivation::{Derivation, WrittenUpdate};
use crate::model::{Precision, Remark, Remarks, Rounding};
use crate::numeric::Real;
use crate::numeric::round::round;
use crate::render::numbers::NumberStyle;
use crate::symbolic::latex::Notation;

/// Which remarks are made (`remarks = …`).
#[derive(Debug, Clone, Serialize)]
pub struct RemarksOn {
    /// Each prediction's distance to its target.
    pub distance: bool,
    /// What each output error's sign asks for.
    pub signs: bool,
    /// How much smaller hidden errors are.
    pub shrink: bool,
    /// What the update did to each parameter.
    pub moves: bool,
    /// More steps to come within 0.01.
    pub more_steps: bool,
    /// When the loss stopped improving.
    pub plateau: bool,
}

pub(super) fn remarks_on(choice: Remarks) -> RemarksOn {
    RemarksOn {
        distance: choice.has(Remark::Distance),
        signs: choice.has(Remark::Signs),
        shrink: choice.has(Remark::Shrink),
        moves: choice.has(Remark::Moves),
        more_steps: choice.has(Remark::MoreSteps),
        plateau: choice.has(Remark::Plateau),
    }
}

/// A prediction against its target.
#[derive(Debug, Clone, Serialize)]
pub struct PredictionRemarkView {
    /// The prediction (LaTeX).
    pub symbol: String,
    /// Its printed value.
    pub value: String,
    /// The target.
    pub target: String,
    /// `under`, `over` or `on`.
    pub side: &'static str,
    /// |y − ŷ|.
    pub distance: String,
    /// The example (1-based), in a batch of several.
    pub example: Option<usize>,
}

/// A hidden layer's errors against the next layer's.
#[derive(Debug, Clone, Serialize)]
pub struct ShrinkView {
    /// The hidden layer (1-based).
    pub layer: usize,
    /// The layer after it.
    pub next: usize,
    /// The largest |δ| of the layer.
    pub largest: String,
    /// The largest |δ| of the next layer.
    pub next_largest: String,
    /// Whether the layer's largest error is smaller.
    pub smaller: bool,
    /// How many times smaller (one decimal), when the layer's errors are not all 0.
    pub times: Option<String>,
    /// The largest |W| the errors came back through.
    pub largest_weight: String,
    /// The largest slope of the layer, for one-per-unit slopes.
    pub largest_slope: Option<String>,
}

/// Parameters of a layer that kept their values for one reason.
#[derive(Debug, Clone, Serialize)]
pub struct KeptView {
    /// The parameters (each in `$…$`), joined with "and".
    pub symbols: String,
    /// How many.
    pub count: usize,
    /// `frozen`, `zero_gradient` or `too_small`.
    pub why: &'static str,
}

/// What the update did to one layer.
#[derive(Debug, Clone, Serialize)]
pub struct MovesView {
    /// The layer (1-based).
    pub layer: usize,
    /// Its name.
    pub layer_name: String,
    /// How many parameters it has.
    pub total: usize,
    /// The parameters raised (each in `$…$`), joined with "and".
    pub raised: String,
    /// How many.
    pub raised_count: usize,
    /// The parameters lowered.
    pub lowered: String,
    /// How many.
    pub lowered_count: usize,
    /// Parameters kept, grouped by reason.
    pub kept: Vec<KeptView>,
}

/// The remarks of one written update, placed in its parts.
#[derive(Debug, Clone, Serialize, Default)]
pub struct UpdateRemarksView {
    /// After the loss.
    pub predictions: Vec<PredictionRemarkView>,
    /// After each hidden layer's errors.
    pub shrink: Vec<ShrinkView>,
    /// After the update.
    pub moves: Vec<MovesView>,
}

/// More identical steps to bring every prediction within 0.01 of its target.
#[derive(Debug, Clone, Serialize)]
pub struct MoreStepsView {
    /// `reached` or `capped`.
    pub kind: &'static str,
    /// How many more steps (the cap when capped).
    pub steps: u64,
}

/// When the loss stopped improving.
#[derive(Debug, Clone, Serialize)]
pub struct PlateauView {
    /// `fell` (at every update), `uneven` (ended lowest, but some updates
    /// did not lower it) or `stopped`.
    pub kind: &'static str,
    /// `uneven`: how many updates did not lower it; `stopped`: after how
    /// many updates the loss was lowest.
    pub update: u64,
    /// How many updates there were.
    pub updates: usize,
}

fn plain(q: &BigRational, style: &NumberStyle) -> String {
    style.plain_rounded(&round(
        &Real::Exact(q.clone()),
        style.precision,
        style.rounding,
    ))
}

fn symbols(items: &[crate::symbolic::Symbol], notation: &Notation) -> String {
    let items: Vec<String> = items
        .iter()
        .map(|s| format!("${}$", notation.symbol(s)))
        .collect();
    crate::text::join(&items, "and")
}

fn prediction(
    p: &PredictionRemark,
    style: &NumberStyle,
    notation: &Notation,
) -> PredictionRemarkView {
    PredictionRemarkView {
        symbol: notation.symbol(&p.prediction),
        value: plain(&p.value, style),
        target: crate::numeric::format::plain(
            &round(
                &Real::Exact(p.target.clone()),
                Precision::Exact,
                Rounding::HalfUp,
            )
            .decimal,
            Precision::Exact,
        ),
        side: match p.side {
            std::cmp::Ordering::Less => "under",
            std::cmp::Ordering::Greater => "over",
            std::cmp::Ordering::Equal => "on",
        },
        distance: plain(&p.distance, style),
        example: p
            .prediction
            .example
            .map(crate::model::ids::ExampleId::number),
    }
}

fn shrink(s: &Shrink, style: &NumberStyle) -> ShrinkView {
    let times = (!s.largest.is_zero()).then(|| {
        let ratio = &s.next_largest / &s.largest;
        style_free(&ratio)
    });
    ShrinkView {
        layer: s.layer.number(),
        next: s.layer.number() + 1,
        largest: plain(&s.largest, style),
        next_largest: plain(&s.next_largest, style),
        smaller: s.largest < s.next_largest,
        times,
        largest_weight: plain(&s.largest_weight, style),
        largest_slope: s.largest_slope.as_ref().map(|q| plain(q, style)),
    }
}

/// A ratio to one decimal.
fn style_free(q: &BigRational) -> String {
    crate::numeric::format::plain(
        &round(
            &Real::Exact(q.clone()),
            Precision::Decimals(1),
            Rounding::HalfUp,
        )
        .decimal,
        Precision::Decimals(1),
    )
}

fn moves(m: &Moves, network: &crate::model::Network, notation: &Notation) -> MovesView {
    let mut kept: Vec<KeptView> = Vec::new();
    for why in [Kept::Frozen, Kept::ZeroGradient, Kept::TooSmall] {
        let items: Vec<_> = m
            .kept
            .iter()
            .filter(|(_, w)| *w == why)
            .map(|(s, _)| *s)
            .collect();
        if !items.is_empty() {
            kept.push(KeptView {
                symbols: symbols(&items, notation),
                count: items.len(),
                why: match why {
                    Kept::Frozen => "frozen",
                    Kept::ZeroGradient => "zero_gradient",
                    Kept::TooSmall => "too_small",
                },
            });
        }
    }
    MovesView {
        layer: m.layer.number(),
        layer_name: network.layer(m.layer).name.clone(),
        total: m.raised.len() + m.lowered.len() + m.kept.len(),
        raised: symbols(&m.raised, notation),
        raised_count: m.raised.len(),
        lowered: symbols(&m.lowered, notation),
        lowered_count: m.lowered.len(),
        kept,
    }
}

pub(super) fn update_remarks(
    network: &crate::model::Network,
    update: &WrittenUpdate,
    style: &NumberStyle,
    notation: &Notation,
) -> UpdateRemarksView {
    let r: &UpdateRemarks = &update.remarks;
    UpdateRemarksView {
        predictions: r
            .predictions
            .iter()
            .map(|p| prediction(p, style, notation))
            .collect(),
        shrink: r.shrink.iter().map(|s| shrink(s, style)).collect(),
        moves: r
            .moves
            .iter()
            .map(|m| moves(m, network, notation))
            .collect(),
    }
}

pub(super) fn more_steps(derivation: &Derivation<'_>) -> Option<MoreStepsView> {
    derivation.remarks.more_steps.map(|m| match m {
        MoreSteps::Reached(steps) => MoreStepsView {
            kind: "reached",
            steps,
        },
        MoreSteps::Capped(steps) => MoreStepsView {
            kind: "capped",
            steps: steps.min(MORE_STEPS_CAP),
        },
    })
}

pub(super) fn plateau(derivation: &Derivation<'_>) -> Option<PlateauView> {
    let updates = derivation.run.updates.len();
    derivation.remarks.plateau.map(|p| match p {
        Plateau::FellThroughout => PlateauView {
            kind: "fell",
            update: 0,
            updates,
        },
        Plateau::Uneven(held) => PlateauView {
            kind: "uneven",
            update: held,
            updates,
        },
        Plateau::StoppedAfter(update) => PlateauView {
            kind: "stopped",
            update,
            updates,
        },
    })
}
