//! View structs: the derivation as ready-to-print strings (LaTeX built,
//! numbers formatted). Templates lay these out and add prose; they do no
//! arithmetic and no notation.

mod functions;
mod notes;
mod parts;
mod remarks;
mod summary;

use serde::Serialize;

use super::diagram::{Marks, Piece};
use super::lines::display_math;
use super::network::{NetworkView, network_view, symbols};
use super::numbers::NumberStyle;
use crate::derivation::Derivation;
use crate::derivation::layout::Budget;
use crate::model::ids::UnitId;
use crate::model::{Carry, Network, Rounding};
use crate::symbolic::latex::Notation;
use crate::symbolic::{Quantity, Symbol};
pub use functions::FunctionView;
use parts::update_view;
pub use parts::{PartView, SectionView, UpdateView, ZeroGroup};
pub use summary::{
    AnswerRow, ComparisonView, DeviationRow, HistoryRow, PredictionView, RoundingView,
};
use summary::{answers, comparison_view, history, history_final, rounding_view};

/// The format a Markdown report is made for: figures arrive in the view
/// already in that format, and the template places them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Markdown to read as it is: a figure is an image link to a file
    /// written beside it (`textbook.svg`).
    Markdown {
        /// The file name the diagram is written to.
        diagram_file: String,
        /// The file name the backward diagram is written to.
        backward_file: String,
        /// The file name the training curve is written to (several updates).
        curve_file: String,
    },
    /// Markdown on its way to HTML: a figure is a raw HTML block.
    Html,
    /// Markdown on its way to LaTeX: a figure is a ```` ```{=latex} ```` block.
    Latex,
}

impl Target {
    /// Markdown whose pictures are written beside it as `STEM.svg`,
    /// `STEM-backward.svg` and `STEM-curve.svg`.
    pub fn markdown(stem: &str) -> Target {
        Target::Markdown {
            diagram_file: format!("{stem}.svg"),
            backward_file: format!("{stem}-backward.svg"),
            curve_file: format!("{stem}-curve.svg"),
        }
    }
}

/// Everything the report template shows.
#[derive(Debug, Clone, Serialize)]
pub struct ReportView {
    /// The input file's name (no directories), for the generated-file comment.
    pub source_name: String,
    /// The command that regenerates the report, for the same comment
    /// (safe inside an HTML comment: see [`super::regeneration`]).
    pub regenerate: String,
    /// The title.
    pub title: String,
    /// Whether the Markdown is on its way to an HTML page, which shows each
    /// equation's narrow layout instead of its page layout on a narrow screen.
    pub html: bool,
    /// Precision, rounding and carry in words.
    pub settings: SettingsView,
    /// The network and its data.
    pub network: NetworkView,
    /// The picture of the network, in the target's format.
    pub diagram: String,
    /// The picture after the backward pass (each unit's error, each
    /// weight's gradient), in the target's format.
    pub backward_diagram: Option<String>,
    /// The table of symbols.
    pub symbols: Vec<SymbolRow>,
    /// The symbols the prose names (the loss, the learning rate, …) in
    /// the report's notation.
    pub sym: crate::symbolic::latex::Generic,
    /// The author's notes at the start (after the description of the network).
    pub notes_start: Vec<String>,
    /// The author's notes at the end.
    pub notes_end: Vec<String>,
    /// Functions defined by formulas, with their derivatives.
    pub functions: Vec<FunctionView>,
    /// Updates written in full.
    pub updates: Vec<UpdateView>,
    /// A table of every update, when there is more than one.
    pub history: Vec<HistoryRow>,
    /// The training curve in the target's format, when there is more than one update.
    pub curve: Option<String>,
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
    /// Which remarks on the numbers are made.
    pub remarks_on: remarks::RemarksOn,
    /// More identical steps to bring the predictions within 0.01 of their targets.
    pub more_steps: Option<remarks::MoreStepsView>,
    /// When the loss stopped improving, over several updates.
    pub plateau: Option<remarks::PlateauView>,
    /// The NumPy appendix's program (`appendix = numpy`).
    pub numpy: Option<String>,
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

/// Builds the view of a derivation for a target format.
pub fn report_view(
    derivation: &Derivation<'_>,
    source_name: &str,
    fractions: bool,
    target: &Target,
) -> ReportView {
    let network = derivation.network;
    let style = NumberStyle::of(&derivation.rules, fractions);
    let after = notation(network, true);
    let notation = notation(network, false);
    let updates = derivation
        .written
        .iter()
        .map(|u| update_view(network, u, &style, &notation))
        .collect();
    let final_pass = parts::parts(network, &derivation.final_pass, &style, &after);
    let mut network_view = network_view(network, &style, &notation);
    network_view.loss.definition = display_math(&derivation.loss, Budget::Page);
    network_view.loss.definition_narrow = display_math(&derivation.loss, Budget::Narrow);
    let history = if derivation.run.updates.len() > 1 {
        history(derivation, &style)
    } else {
        Vec::new()
    };
    ReportView {
        source_name: source_name.to_owned(),
        regenerate: super::regeneration(None),
        title: network.title.clone(),
        html: matches!(target, Target::Html),
        settings: settings_view(derivation),
        network: network_view,
        diagram: diagram(network, target),
        backward_diagram: backward_diagram(derivation, &style, target),
        symbols: symbols(network, &notation),
        sym: notation.generic(),
        notes_start: notes::at(network, &crate::model::author::NotePlace::Start),
        notes_end: notes::at(network, &crate::model::author::NotePlace::End),
        functions: functions::function_views(&derivation.functions, &notation),
        updates,
        history_final: history_final(derivation, &style),
        summarised: derivation.written.len() < derivation.run.updates.len(),
        history,
        curve: curve(derivation, target),
        final_pass,
        comparison: comparison_view(derivation, &style, &notation),
        rounding: rounding_view(derivation, &style, &notation),
        answers: answers(derivation, &style, &notation),
        answers_final: derivation.run.updates.len() > 1,
        remarks_on: remarks::remarks_on(derivation.remark_choice),
        more_steps: remarks::more_steps(derivation),
        plateau: remarks::plateau(derivation),
        numpy: derivation.numpy.as_ref().map(|a| a.code.clone()),
    }
}

/// The notation of a network (primed parameters after an update).
pub fn notation(network: &Network, primed: bool) -> Notation {
    crate::derivation::display::notation(network, primed)
}

/// The picture of the network as the target format shows a figure.
fn diagram(network: &Network, target: &Target) -> String {
    match target {
        Target::Markdown { diagram_file, .. } => {
            format!(
                "![A diagram of the network](<{}>)",
                link_destination(diagram_file)
            )
        }
        Target::Html => format!(
            "<figure class=\"diagram\">\n{}</figure>",
            super::diagram::svg(network)
        ),
        Target::Latex => format!(
            "```{{=latex}}\n{}```",
            super::diagram::tikz::write(&super::diagram::layout(network))
        ),
    }
}

/// The network after the backward pass of the first update: each unit's
/// error δ under it (with several examples in a batch, the combined
/// ∂𝓛/∂b instead, as δ is per example) and each weight's gradient on its
/// line, as the report printed them.
pub fn backward_marks(derivation: &Derivation<'_>, style: &NumberStyle) -> Option<Marks> {
    let network = derivation.network;
    let env = derivation.run.updates.first()?.env.as_ref()?;
    let batch = derivation.run.update.batch.len() > 1;
    let printed = |quantity: Quantity| env.value(&Symbol::of(quantity)).map(|v| style.plain(v));
    let mut weights = Vec::new();
    let mut under = Vec::new();
    for id in network.layer_ids() {
        let layer = network.layer(id);
        let mut texts = Vec::new();
        for to in layer.unit_ids() {
            for from in 0..layer.inputs() {
                texts.push(printed(Quantity::WeightGradient {
                    layer: id,
                    to,
                    from: UnitId(from),
                })?);
            }
        }
        weights.push(texts);
        under.push(
            layer
                .unit_ids()
                .map(|unit| {
                    let (name, value) = if batch {
                        (
                            "∂𝓛/∂b",
                            printed(Quantity::BiasGradient { layer: id, unit })?,
                        )
                    } else {
                        ("δ", printed(Quantity::Delta { layer: id, unit })?)
                    };
                    Some(vec![
                        Piece::Variable {
                            name: name.to_owned(),
                            sub: None,
                        },
                        Piece::Words(" = ".into()),
                        Piece::Number(value),
                    ])
                })
                .collect(),
        );
    }
    Some(Marks {
        weights,
        under,
        description: format!(
            "the network {} after the backward pass: each unit's error and each weight's gradient",
            network.title
        ),
    })
}

/// The backward diagram as the target format shows a figure.
fn backward_diagram(
    derivation: &Derivation<'_>,
    style: &NumberStyle,
    target: &Target,
) -> Option<String> {
    let marks = backward_marks(derivation, style)?;
    let picture = super::diagram::draw(derivation.network, &marks);
    let caption = if derivation.run.update.batch.len() > 1 {
        "The network after the backward pass: on each line the gradient of the loss with respect to its weight, under each unit the gradient with respect to its bias (update 1)."
    } else {
        "The network after the backward pass: on each line the gradient of the loss with respect to its weight, under each unit its error δ (update 1)."
    };
    Some(match target {
        Target::Markdown { backward_file, .. } => format!(
            "![{}](<{}>)",
            super::escape::markdown(caption),
            link_destination(backward_file)
        ),
        Target::Html => format!(
            "<figure class=\"diagram\">\n{}<figcaption>{}</figcaption>\n</figure>",
            super::diagram::svg::write(&picture),
            super::escape::html(caption)
        ),
        Target::Latex => format!(
            "```{{=latex}}\n{}\\begin{{center}}\\small {}\\end{{center}}\n```",
            super::diagram::tikz::write(&picture),
            super::escape::latex(caption)
        ),
    })
}

/// The training curve as the target format shows a figure: an image link
/// to the SVG written beside the Markdown, the SVG itself in HTML, a
/// pgfplots axis in LaTeX. `None` for a single update.
fn curve(derivation: &Derivation<'_>, target: &Target) -> Option<String> {
    let chart = super::curve::training_chart(derivation.network, derivation.run)?;
    let caption = chart.panels.first().map(|p| p.caption.clone())?;
    match target {
        Target::Markdown { curve_file, .. } => Some(format!(
            "![{}](<{}>)",
            super::escape::markdown(&caption),
            link_destination(curve_file)
        )),
        Target::Html => Some(format!(
            "<figure class=\"chart\">\n{}<figcaption>{}.</figcaption>\n</figure>",
            super::chart::svg(&chart)?,
            super::escape::html(&caption)
        )),
        Target::Latex => Some(format!(
            "```{{=latex}}\n{}```",
            super::curve::pgfplots(&chart)?
        )),
    }
}

/// A file name as a Markdown link destination: characters other than
/// letters, digits and `-._~` percent-encoded, so any name links safely.
fn link_destination(name: &str) -> String {
    let mut out = String::new();
    for byte in name.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
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
