//! The picture as SVG text: no fonts are measured and nothing is random,
//! so the bytes depend only on the network, and the page needs no script.

use std::fmt::Write;

use super::{Anchor, Label, Picture, Piece, Role, UNIT};

use crate::render::escape::html as escape;

/// A coordinate in pixels with one decimal: `112.0`.
pub(super) fn px(value: i64) -> String {
    let sign = if value < 0 { "-" } else { "" };
    let value = value.abs();
    format!("{sign}{}.{}", value / UNIT, value % UNIT)
}

/// The picture as a standalone SVG document.
pub fn write(picture: &Picture) -> String {
    let (width, height) = (picture.width / UNIT, picture.height / UNIT);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{}\">",
        escape(&picture.description)
    );
    out.push_str("<style>text { font-family: Georgia, serif; font-size: 13px; fill: #222; } .small { font-size: 11px; fill: #444; paint-order: stroke; stroke: #fff; stroke-width: 3px; } .edge { stroke: #999; stroke-width: 1.2; } .unit { fill: #fff; stroke: #333; stroke-width: 1.5; } .input { fill: #eef3fb; }</style>\n");
    for edge in &picture.edges {
        let _ = writeln!(
            out,
            "<line class=\"edge\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>",
            px(edge.from.0),
            px(edge.from.1),
            px(edge.to.0),
            px(edge.to.1)
        );
    }
    for circle in &picture.circles {
        let class = if circle.input { "unit input" } else { "unit" };
        let _ = writeln!(
            out,
            "<circle class=\"{class}\" cx=\"{}\" cy=\"{}\" r=\"{}\"/>",
            px(circle.x),
            px(circle.y),
            picture.radius / UNIT
        );
    }
    for label in &picture.labels {
        out.push_str(&text(label));
    }
    out.push_str("</svg>\n");
    out
}

fn text(label: &Label) -> String {
    let anchor = match label.anchor {
        Anchor::Start => "start",
        Anchor::Middle => "middle",
        Anchor::End => "end",
    };
    let class = match label.role {
        Role::Title | Role::Unit => String::new(),
        Role::Weight => " class=\"small weight\"".to_owned(),
        Role::Bias | Role::Value => " class=\"small\"".to_owned(),
    };
    // The baseline sits about a third of the font size below the centre.
    let baseline = label.y + label.font() * UNIT * 35 / 100;
    let mut content = String::new();
    // A subscript is lowered with `dy`; the next piece is raised back.
    let mut lowered = false;
    for piece in &label.text {
        let back = if lowered { " dy=\"-3\"" } else { "" };
        lowered = false;
        match piece {
            Piece::Words(words) if back.is_empty() => content.push_str(&escape(words)),
            Piece::Words(words) => {
                let _ = write!(content, "<tspan{back}>{}</tspan>", escape(words));
            }
            Piece::Number(number) => {
                let _ = write!(
                    content,
                    "<tspan{back}>{}</tspan>",
                    escape(&number.replace('-', "\u{2212}"))
                );
            }
            Piece::Variable { name, sub } => {
                let _ = write!(
                    content,
                    "<tspan font-style=\"italic\"{back}>{}</tspan>",
                    escape(name)
                );
                if let Some(sub) = sub {
                    let _ = write!(
                        content,
                        "<tspan dy=\"3\" font-size=\"75%\">{}</tspan>",
                        escape(sub)
                    );
                    lowered = true;
                }
            }
        }
    }
    format!(
        "<text{class} x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\">{content}</text>\n",
        px(label.x),
        px(baseline)
    )
}
