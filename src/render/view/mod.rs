//! View structs: the derivation as ready-to-print strings (LaTeX built,
//! numbers formatted). Templates lay these out and add prose; they do no
//! arithmetic and no notation.

mod functions;
mod parts;
mod remarks;
mod summary;

use serde::Serialize;

use super::lines::display_math;
use super::network::{NetworkView, network_view, symbols};
use super::numbers::NumberStyle;
use crate::derivation::Derivation;
use crate::derivation::layout::Budget;
use crate::model::{Carry, Network, Rounding};
use crate::symbolic::latex::Notation;
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
    },
    /// Markdown on its way to HTML: a figure is a raw HTML block.
    Html,
    /// Markdown on its way to LaTeX: a figure is a ```` ```{=latex} ```` block.
    Latex,
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
    /// Precision, rounding and carry in words.
    pub settings: SettingsView,
    /// The network and its data.
    pub network: NetworkView,
    /// The picture of the network, in the target's format.
    pub diagram: String,
    /// The table of symbols.
    pub symbols: Vec<SymbolRow>,
    /// Functions defined by formulas, with their derivatives.
    pub functions: Vec<FunctionView>,
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
    /// Which remarks on the numbers are made.
    pub remarks_on: remarks::RemarksOn,
    /// More identical steps to bring the predictions within 0.01 of their targets.
    pub more_steps: Option<remarks::MoreStepsView>,
    /// When the loss stopped improving, over several updates.
    pub plateau: Option<remarks::PlateauView>,
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
    let history = if derivation.run.updates.len() > 1 {
        history(derivation, &style)
    } else {
        Vec::new()
    };
    ReportView {
        source_name: source_name.to_owned(),
        regenerate: super::regeneration(None),
        title: network.title.clone(),
        settings: settings_view(derivation),
        network: network_view,
        diagram: diagram(network, target),
        symbols: symbols(network, &notation),
        functions: functions::function_views(&derivation.functions, &notation),
        updates,
        history_final: history_final(derivation, &style),
        summarised: derivation.written.len() < derivation.run.updates.len(),
        history,
        final_pass,
        comparison: comparison_view(derivation, &style, &notation),
        rounding: rounding_view(derivation, &style, &notation),
        answers: answers(derivation, &style, &notation),
        answers_final: derivation.run.updates.len() > 1,
        remarks_on: remarks::remarks_on(derivation.remark_choice),
        more_steps: remarks::more_steps(derivation),
        plateau: remarks::plateau(derivation),
    }
}

/// The notation of a network (primed parameters after an update).
pub fn notation(network: &Network, primed: bool) -> Notation {
    crate::derivation::display::notation(network, primed)
}

/// The picture of the network as the target format shows a figure.
fn diagram(network: &Network, target: &Target) -> String {
    match target {
        Target::Markdown { diagram_file } => {
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
