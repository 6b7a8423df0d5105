//! The remarks on the numbers as ready-to-print strings; the sentences
//! are the templates'.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Signed, Zero};
use serde::Serialize;

use crate::derivation::remarks::{
    Kept, MORE_STEPS_CAP, MoreSteps, Moves, Plateau, PredictionRemark, Shrink, UpdateRemarks,
};
use crate::derivation::{Derivation, WrittenUpdate};
use crate::functions::{Range, SlopeBound};
use crate::model::network::ActivationFunction;
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
    /// Whether each prediction lies in its activation's range.
    pub range: bool,
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
        range: choice.has(Remark::Range),
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
    /// Where it lies against the output activation's range.
    pub range: Option<RangeView>,
}

/// A prediction against the output activation's range.
#[derive(Debug, Clone, Serialize)]
pub struct RangeView {
    /// The range in TeX: `(0, 1)`, `[0, \infty)`.
    pub interval: String,
    /// The activation in TeX (`\sigma`).
    pub function: String,
    /// Whether the printed value lies in the range; `false`: rounding put
    /// it on an end the function only approaches.
    pub inside: bool,
}

/// A softmax output layer's predictions: they lie in (0, 1) and add up to 1.
#[derive(Debug, Clone, Serialize)]
pub struct TotalsView {
    /// Whether there are several examples.
    pub each_example: bool,
    /// The examples whose printed outputs do not add up to exactly 1 (rounding).
    pub off: Vec<TotalView>,
    /// Whether rounding prints some output as 0 or 1.
    pub edge: bool,
}

/// One example's printed softmax outputs, added up.
#[derive(Debug, Clone, Serialize)]
pub struct TotalView {
    /// The example (1-based), in a batch of several.
    pub example: Option<usize>,
    /// The sum of the printed outputs.
    pub sum: String,
}

/// The bound on a hidden layer's slopes that helps explain its errors' size.
#[derive(Debug, Clone, Serialize)]
pub struct BoundView {
    /// The bound in TeX: `\sigma' \le \tfrac{1}{4}`, `\operatorname{relu}' \in \{0, 1\}`.
    pub tex: String,
    /// `below_one` (f′ ≤ m < 1: the slope alone scales errors down),
    /// `at_most_one` (f′ ≤ 1, reached), `under_one` (f′ < 1, never
    /// reached), `values` (f′ takes only the listed values, one of them 1),
    /// `one` (f′ = 1: the identity).
    pub kind: &'static str,
    /// For `below_one`: 1/m when it is a whole number (σ: 4).
    pub factor: Option<String>,
    /// For `values`: whether one of the values is 0 (a slope can stop an error).
    pub stops: bool,
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
    /// The bound on the layer's slopes from its activation's card, where it
    /// is part of the reason the errors shrink and every printed slope keeps it.
    pub bound: Option<BoundView>,
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
    /// After the loss, for a softmax output layer: the outputs added up.
    pub totals: Option<TotalsView>,
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
    network: &crate::model::Network,
    style: &NumberStyle,
    notation: &Notation,
) -> PredictionRemarkView {
    let function = activation_tex(network, network.output_layer());
    PredictionRemarkView {
        range: p
            .range
            .as_ref()
            .zip(function)
            .map(|(fit, function)| RangeView {
                interval: interval_tex(&fit.range),
                function: function.to_owned(),
                inside: fit.inside,
            }),
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

/// The TeX name of a layer's built-in activation (a function defined in
/// the file declares no range or bound, so none is needed for it).
fn activation_tex(
    network: &crate::model::Network,
    layer: crate::model::ids::LayerId,
) -> Option<&'static str> {
    match &network.layer(layer).activation.function {
        ActivationFunction::Card(card) => Some(card.tex),
        ActivationFunction::Defined(_) => None,
    }
}

/// A bound or an end in TeX: a whole number as it is, a fraction with a
/// small denominator as `\tfrac{1}{4}`, anything else as its decimals.
fn number_tex(q: &BigRational) -> String {
    if q.is_integer() {
        return q.numer().to_string();
    }
    let sign = if q.is_negative() { "-" } else { "" };
    let magnitude = q.abs();
    if magnitude.denom() <= &BigInt::from(10) {
        return format!(
            "{sign}\\tfrac{{{}}}{{{}}}",
            magnitude.numer(),
            magnitude.denom()
        );
    }
    let exact = round(&Real::Exact(q.clone()), Precision::Exact, Rounding::HalfUp);
    crate::numeric::format::plain(&exact.decimal, Precision::Exact)
}

/// An activation's range in TeX: `(0, 1)`, `[0, \infty)`.
fn interval_tex(range: &Range) -> String {
    match range {
        Range::Interval { low, high } => format!(
            "{}{}, {}{}",
            low.as_ref()
                .map_or("(", |e| if e.reached { "[" } else { "(" }),
            low.as_ref()
                .map_or_else(|| "-\\infty".to_owned(), |e| number_tex(&e.value)),
            high.as_ref()
                .map_or_else(|| "\\infty".to_owned(), |e| number_tex(&e.value)),
            high.as_ref()
                .map_or(")", |e| if e.reached { "]" } else { ")" }),
        ),
        Range::Distribution => "(0, 1)".to_owned(),
        Range::Everything => "(-\\infty, \\infty)".to_owned(),
    }
}

/// The bound on a layer's slopes, where it says something about the size
/// of the errors passing back (a bound above 1 does not).
fn bound(
    bound: &SlopeBound,
    network: &crate::model::Network,
    layer: crate::model::ids::LayerId,
) -> Option<BoundView> {
    let slope = format!("{}'", activation_tex(network, layer)?);
    let one = BigRational::one();
    Some(match bound {
        SlopeBound::AtMost(max) if max.value < one => BoundView {
            tex: format!(
                "{slope} {} {}",
                if max.reached { "\\le" } else { "<" },
                number_tex(&max.value)
            ),
            kind: "below_one",
            stops: false,
            factor: (!max.value.is_zero() && max.value.numer() == &BigInt::one())
                .then(|| max.value.denom().to_string()),
        },
        SlopeBound::AtMost(max) if max.value == one => BoundView {
            tex: format!("{slope} {} 1", if max.reached { "\\le" } else { "<" }),
            kind: if max.reached {
                "at_most_one"
            } else {
                "under_one"
            },
            factor: None,
            stops: false,
        },
        SlopeBound::AtMost(_) => return None,
        SlopeBound::OneOf(values) if values.len() == 1 && values[0] == one => BoundView {
            tex: format!("{slope} = 1"),
            kind: "one",
            factor: None,
            stops: false,
        },
        SlopeBound::OneOf(values) if values.contains(&one) && values.iter().all(|v| *v <= one) => {
            BoundView {
                tex: format!(
                    "{slope} \\in \\{{{}\\}}",
                    values.iter().map(number_tex).collect::<Vec<_>>().join(", ")
                ),
                kind: "values",
                factor: None,
                stops: values.iter().any(Zero::is_zero),
            }
        }
        SlopeBound::OneOf(_) => return None,
    })
}

fn shrink(s: &Shrink, network: &crate::model::Network, style: &NumberStyle) -> ShrinkView {
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
        bound: s.bound.as_ref().and_then(|b| bound(b, network, s.layer)),
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
            .map(|p| prediction(p, network, style, notation))
            .collect(),
        totals: (!r.totals.is_empty()).then(|| TotalsView {
            each_example: r.totals.iter().any(|t| t.example.is_some()),
            off: r
                .totals
                .iter()
                .filter(|t| !t.sum.is_one())
                .map(|t| TotalView {
                    example: t.example.map(crate::model::ids::ExampleId::number),
                    sum: plain(&t.sum, style),
                })
                .collect(),
            edge: r.totals.iter().any(|t| !t.inside),
        }),
        shrink: r.shrink.iter().map(|s| shrink(s, network, style)).collect(),
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
    derivation.remarks.plateau.as_ref().and_then(|p| {
        Some(match *p {
            // Said where the loss comparison is (see `summary::comparison_view`).
            Plateau::Stalled(_) => return None,
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
    })
}
