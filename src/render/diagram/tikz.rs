//! The picture as a TikZ drawing for the LaTeX document: the same layout
//! as the SVG, one big point per pixel (y pointing down as in SVG), scaled
//! down as a whole when wider than the text, so the labels keep their
//! places relative to the lines.

use std::fmt::Write;

use super::svg::px;
use super::{Anchor, Label, Picture, Piece, Role};
use crate::render::escape;
use crate::render::numbers::literal_latex;

/// The picture as a centred `tikzpicture` (needs `\usepackage{tikz}`).
pub fn write(picture: &Picture) -> String {
    let mut out = String::from(
        "\\begin{center}\n\\sbox0{\\begin{tikzpicture}[x=1bp, y=-1bp, font=\\fontsize{13bp}{15bp}\\selectfont,\n  \
         label/.style={fill=white, inner sep=1bp, text=black!80, font=\\fontsize{11bp}{13bp}\\selectfont}]\n",
    );
    for edge in &picture.edges {
        let _ = writeln!(
            out,
            "\\draw[black!40, line width=1.2bp] ({},{}) -- ({},{});",
            px(edge.from.0),
            px(edge.from.1),
            px(edge.to.0),
            px(edge.to.1)
        );
    }
    for circle in &picture.circles {
        let fill = if circle.input { "blue!6" } else { "white" };
        let _ = writeln!(
            out,
            "\\draw[black!80, line width=1.5bp, fill={fill}] ({},{}) circle[radius={}];",
            px(circle.x),
            px(circle.y),
            px(picture.radius)
        );
    }
    for label in &picture.labels {
        out.push_str(&node(label));
    }
    out.push_str("\\end{tikzpicture}}%\n");
    // Wider than the text: shrink the whole drawing, labels and all.
    out.push_str(
        "\\ifdim\\wd0>\\linewidth\\resizebox{\\linewidth}{!}{\\usebox0}\\else\\usebox0\\fi\n",
    );
    out.push_str("\\end{center}\n");
    out
}

fn node(label: &Label) -> String {
    let anchor = match label.anchor {
        Anchor::Start => "west",
        Anchor::Middle => "center",
        Anchor::End => "east",
    };
    // A white ground, as the SVG's white outline, keeps a label legible over a line.
    let style = match label.role {
        Role::Title | Role::Unit => "",
        Role::Weight | Role::Bias | Role::Value => "label, ",
    };
    let mut text = String::new();
    for piece in &label.text {
        match piece {
            Piece::Words(words) => text.push_str(&escape::latex(words)),
            Piece::Variable { name, sub } => {
                let _ = write!(text, "\\textit{{{}}}", escape::latex(name));
                if let Some(sub) = sub {
                    let _ = write!(text, "\\textsubscript{{{}}}", escape::latex(sub));
                }
            }
            Piece::Number(number) => {
                let _ = write!(text, "${}$", literal_latex(number));
            }
        }
    }
    format!(
        "\\node[{style}anchor={anchor}] at ({},{}) {{{text}}};\n",
        px(label.x),
        px(label.y),
    )
}
