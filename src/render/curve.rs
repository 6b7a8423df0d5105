//! The training curve of a run with several updates: the loss each update
//! started from, per example and combined, and the loss after training —
//! as a [`Chart`] for SVG, and as pgfplots coordinates for LaTeX.
//!
//! It reads recorded values only (the run keeps every update's named
//! quantities); nothing is computed here.

use super::chart::{Chart, Line, Panel, Scale, spans_decades};
use crate::model::ids::ExampleId;
use crate::model::{Batch, Network};
use crate::numeric::run::Run;
use crate::symbolic::{Quantity, Symbol};

/// The loss of every update as (update, loss) lines: the combined loss of
/// a full batch, each example's loss, and the loss after training as a
/// last point at update N + 1. `None` with fewer than two updates.
pub fn training_chart(network: &Network, run: &Run) -> Option<Chart> {
    if run.updates.len() < 2 {
        return None;
    }
    let several = network.examples.len() > 1;
    let after = (run.updates.len() + 1) as f64;
    let loss_of = |example: Option<ExampleId>| Symbol::for_example(Quantity::Loss, example);
    let final_loss = |example: Option<ExampleId>| {
        run.final_pass
            .value(&loss_of(example))
            .map(|v| (after, v.carried.to_f64()))
    };
    let mut lines = Vec::new();
    if !several || network.batch == Batch::Full {
        let mut points: Vec<(f64, f64)> = run
            .updates
            .iter()
            .enumerate()
            .filter_map(|(index, record)| {
                let value = record.named.get(&loss_of(None))?;
                Some(((index + 1) as f64, value.to_f64()))
            })
            .collect();
        points.extend(final_loss(None));
        let label = if several {
            "loss over all examples"
        } else {
            "loss"
        };
        lines.push(Line {
            label: label.to_owned(),
            points,
        });
    }
    if several {
        for example in network.example_ids() {
            let points = example_points(network, run, example, &final_loss);
            lines.push(Line {
                label: format!("example {}", example.number()),
                points,
            });
        }
    }
    let values: Vec<f64> = lines
        .iter()
        .flat_map(|l| l.points.iter().map(|(_, y)| *y))
        .filter(|y| y.is_finite())
        .collect();
    let low = values.iter().copied().fold(f64::INFINITY, f64::min);
    let high = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let scale = if spans_decades(low, high) {
        Scale::Logarithmic
    } else {
        Scale::Linear
    };
    Some(Chart {
        description: "the loss at each update and after training".to_owned(),
        y_label: "loss".to_owned(),
        panels: vec![Panel {
            caption: format!(
                "The loss before each update (update {} is after training){}",
                run.updates.len() + 1,
                if scale == Scale::Logarithmic {
                    ", logarithmic scale"
                } else {
                    ""
                }
            ),
            lines,
            scale,
        }],
    })
}

/// One example's loss at each update: in a full batch, its share of every
/// update; under `batch = 1`, the updates that used it.
fn example_points(
    network: &Network,
    run: &Run,
    example: ExampleId,
    final_loss: &dyn Fn(Option<ExampleId>) -> Option<(f64, f64)>,
) -> Vec<(f64, f64)> {
    let mut points: Vec<(f64, f64)> = run
        .updates
        .iter()
        .enumerate()
        .filter_map(|(index, record)| {
            let symbol = match network.batch {
                Batch::Full => Symbol::for_example(Quantity::Loss, Some(example)),
                Batch::Single if record.example == Some(example) => Symbol::of(Quantity::Loss),
                Batch::Single => return None,
            };
            let value = record.named.get(&symbol)?;
            Some(((index + 1) as f64, value.to_f64()))
        })
        .collect();
    points.extend(final_loss(Some(example)));
    points
}

/// The lines of a chart as pgfplots `\addplot` commands (coordinates in
/// plain decimal text), for the LaTeX document.
pub fn pgfplots_lines(chart: &Chart) -> Vec<(String, String)> {
    chart
        .panels
        .iter()
        .flat_map(|panel| panel.lines.iter())
        .map(|line| {
            let coordinates: Vec<String> = line
                .points
                .iter()
                .filter(|(x, y)| x.is_finite() && y.is_finite())
                .map(|(x, y)| format!("({x}, {y:e})"))
                .collect();
            (line.label.clone(), coordinates.join(" "))
        })
        .collect()
}

/// The chart as a pgfplots axis in a `tikzpicture`, for the LaTeX
/// document: one plot per line with its legend entry, a logarithmic axis
/// when the chart has one. `None` when no line has a point to draw.
pub fn pgfplots(chart: &Chart) -> Option<String> {
    let panel = chart.panels.first()?;
    let lines = pgfplots_lines(chart);
    if lines.iter().all(|(_, coordinates)| coordinates.is_empty()) {
        return None;
    }
    let mode = if panel.scale == Scale::Logarithmic {
        ", ymode=log"
    } else {
        ""
    };
    let mut out = format!(
        "\\begin{{center}}\n\\begin{{tikzpicture}}\n\\begin{{axis}}[width=0.95\\linewidth, height=6cm, \
         xlabel={{update}}, ylabel={{{}}}, legend cell align=left, legend columns=3, \
         legend style={{font=\\small, at={{(0.5,-0.3)}}, anchor=north, draw=none}}, \
         cycle list name=exotic{mode}]\n",
        super::escape::latex(&chart.y_label)
    );
    for (label, coordinates) in &lines {
        if coordinates.is_empty() {
            continue;
        }
        out.push_str(&format!(
            "\\addplot+[mark size=1pt] coordinates {{{coordinates}}};\n\\addlegendentry{{{}}}\n",
            super::escape::latex(label)
        ));
    }
    out.push_str(&format!(
        "\\end{{axis}}\n\\end{{tikzpicture}}\n\\par\\small {}.\n\\end{{center}}\n",
        super::escape::latex(&panel.caption)
    ));
    Some(out)
}
