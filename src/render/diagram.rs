//! A picture of the network as SVG: one column per layer, a circle per
//! unit, a line per weight labelled with its starting value, each unit's
//! bias under it, and the training example's input and target at the sides.
//!
//! Hand-written SVG text, so the bytes depend only on the network (no fonts
//! are measured, nothing is random), and the page needs no script.

use std::fmt::Write;

use crate::model::Network;

const COLUMN_GAP: f64 = 190.0;
const ROW_GAP: f64 = 78.0;
const RADIUS: f64 = 22.0;
const MARGIN_X: f64 = 90.0;
const MARGIN_TOP: f64 = 56.0;
const MARGIN_BOTTOM: f64 = 40.0;
/// Above this many weights between two layers, labels would overlap: leave them out.
const MAX_LABELLED_WEIGHTS: usize = 16;

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The centre of unit `unit` of a column with `units` units.
fn position(column: usize, unit: usize, units: usize, tallest: usize) -> (f64, f64) {
    let x = MARGIN_X + column as f64 * COLUMN_GAP;
    let offset = (tallest as f64 - units as f64) * ROW_GAP / 2.0;
    (x, MARGIN_TOP + offset + unit as f64 * ROW_GAP + RADIUS)
}

/// Short symbol of an activation, written inside its units: the card's
/// glyph, or the first letters of a defined function's name.
fn glyph(activation: &crate::model::Activation) -> String {
    use crate::model::ActivationFunction;
    match &activation.function {
        ActivationFunction::Card(card) => card.glyph.to_owned(),
        ActivationFunction::Defined(f) if f.name.chars().count() > 6 => {
            format!("{}…", f.name.chars().take(5).collect::<String>())
        }
        ActivationFunction::Defined(f) => f.name.clone(),
    }
}

/// The network as a standalone SVG document.
pub fn svg(network: &Network) -> String {
    let sizes: Vec<usize> = std::iter::once(network.input_size())
        .chain(network.layers.iter().map(|l| l.units()))
        .collect();
    let tallest = sizes.iter().copied().max().unwrap_or(1);
    let width = 2.0 * MARGIN_X + (sizes.len() - 1) as f64 * COLUMN_GAP;
    let height = MARGIN_TOP + tallest as f64 * ROW_GAP + MARGIN_BOTTOM;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:.0}\" height=\"{height:.0}\" viewBox=\"0 0 {width:.0} {height:.0}\" role=\"img\" aria-label=\"{}\">",
        escape(&format!("diagram of the network {}", network.title))
    );
    out.push_str("<style>text { font-family: Georgia, serif; font-size: 13px; fill: #222; } .small { font-size: 11px; fill: #444; paint-order: stroke; stroke: #fff; stroke-width: 3px; } .edge { stroke: #999; stroke-width: 1.2; } .unit { fill: #fff; stroke: #333; stroke-width: 1.5; } .input { fill: #eef3fb; }</style>\n");
    let single = network.examples.len() == 1;
    for (column, &units) in sizes.iter().enumerate() {
        let (x, _) = position(column, 0, units, tallest);
        let title = if column == 0 {
            "input".to_owned()
        } else {
            let layer = &network.layers[column - 1];
            format!("{} ({})", layer.name, layer.activation.name())
        };
        let _ = writeln!(
            out,
            "<text x=\"{x:.1}\" y=\"24\" text-anchor=\"middle\">{}</text>",
            escape(&title)
        );
    }
    for (index, layer) in network.layers.iter().enumerate() {
        let column = index + 1;
        let labelled = layer.units() * layer.inputs() <= MAX_LABELLED_WEIGHTS;
        for (to, row) in layer.weights.rows.iter().enumerate() {
            let (x2, y2) = position(column, to, layer.units(), tallest);
            for (from, weight) in row.iter().enumerate() {
                let (x1, y1) = position(column - 1, from, sizes[column - 1], tallest);
                let _ = writeln!(
                    out,
                    "<line class=\"edge\" x1=\"{:.1}\" y1=\"{y1:.1}\" x2=\"{:.1}\" y2=\"{y2:.1}\"/>",
                    x1 + RADIUS,
                    x2 - RADIUS
                );
                if labelled {
                    // Edges into the top unit are labelled near their source and edges into
                    // the bottom unit near their target, so labels of one layer rarely meet.
                    let spread = layer.units().saturating_sub(1).max(1) as f64;
                    let t = 0.25 + 0.5 * to as f64 / spread;
                    let (lx, ly) = (x1 + (x2 - x1) * t, y1 + (y2 - y1) * t + 4.0);
                    let _ = writeln!(
                        out,
                        "<text class=\"small\" x=\"{lx:.1}\" y=\"{ly:.1}\" text-anchor=\"middle\">{}</text>",
                        escape(&weight.text)
                    );
                }
            }
        }
    }
    for j in 0..network.input_size() {
        let (x, y) = position(0, j, sizes[0], tallest);
        let _ = writeln!(
            out,
            "<circle class=\"unit input\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{RADIUS}\"/>"
        );
        let _ = writeln!(
            out,
            "<text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}{}</text>",
            y + 4.5,
            escape(&network.input_name),
            j + 1
        );
        if let (true, Some(value)) = (single, network.examples[0].input.get(j)) {
            let _ = writeln!(
                out,
                "<text class=\"small\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
                x - RADIUS - 8.0,
                y + 4.0,
                escape(&value.text)
            );
        }
    }
    for (index, layer) in network.layers.iter().enumerate() {
        let column = index + 1;
        for unit in 0..layer.units() {
            let (x, y) = position(column, unit, layer.units(), tallest);
            let _ = writeln!(
                out,
                "<circle class=\"unit\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{RADIUS}\"/>"
            );
            let _ = writeln!(
                out,
                "<text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
                y + 4.5,
                escape(&glyph(&layer.activation))
            );
            if let Some(bias) = layer
                .biases
                .as_ref()
                .and_then(|b| b.rows.get(unit))
                .and_then(|r| r.first())
            {
                let frozen = if layer.biases.as_ref().is_some_and(|b| b.frozen) {
                    " (frozen)"
                } else {
                    ""
                };
                let _ = writeln!(
                    out,
                    "<text class=\"small\" x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\">b = {}{frozen}</text>",
                    y + RADIUS + 14.0,
                    escape(&bias.text)
                );
            }
            let last = column == sizes.len() - 1;
            if let (true, true, Some(target)) = (last, single, network.examples[0].target.get(unit))
            {
                let _ = writeln!(
                    out,
                    "<text class=\"small\" x=\"{:.1}\" y=\"{:.1}\">{} = {}</text>",
                    x + RADIUS + 8.0,
                    y + 4.0,
                    escape(&format!("{}{}", network.target_name, unit + 1)),
                    escape(&target.text)
                );
            }
        }
    }
    out.push_str("</svg>\n");
    out
}
