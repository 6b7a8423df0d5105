//! Which piece of a function in pieces a line uses, and the convention at a
//! kink, as view fields the line's template turns into a sentence.

use serde::Serialize;

use super::numbers::{NumberStyle, formula_latex};
use crate::derivation::{Note, PieceNote};
use crate::functions::Func;
use crate::numeric::eval::Shown;
use crate::symbolic::Expr;
use crate::symbolic::latex::{Notation, constant};

/// The condition of a function in pieces at one line's values.
#[derive(Debug, Clone, Serialize)]
pub struct PieceView {
    /// The condition (`z^{(2)} > 0`).
    pub condition: String,
    /// It with numbers (`0.8299 > 0`).
    pub values: String,
    /// Whether it holds (the first piece applies).
    pub holds: bool,
    /// Whether its two sides are equal (the pieces meet there).
    pub boundary: bool,
}

/// An argument exactly where a slope is not defined.
#[derive(Debug, Clone, Serialize)]
pub struct KinkView {
    /// The argument (`z^{(1)}_{2}`).
    pub argument: String,
    /// `relu`, `leaky_relu` or `abs`: whose slope it is.
    pub kind: &'static str,
    /// The slope taken there (`0`, `\tfrac{1}{100}`).
    pub slope: String,
}

/// The pieces a line's formula selects, in the order met.
pub(super) fn piece_views(
    notes: &[Note],
    style: &NumberStyle,
    notation: &Notation,
) -> Vec<PieceView> {
    notes
        .iter()
        .filter_map(|note| match note {
            Note::Piece(piece) => Some(piece_view(piece, style, notation)),
            Note::ZeroBecause(_)
            | Note::Frozen
            | Note::Kink { .. }
            | Note::Vanishes(_)
            | Note::Snapped(_) => None,
        })
        .collect()
}

fn piece_view(piece: &PieceNote, style: &NumberStyle, notation: &Notation) -> PieceView {
    let side = |e: &Expr, value: &Shown| match e.as_const() {
        Some(_) => formula_latex(e, notation),
        None => style.latex(value),
    };
    let relation = piece.relation.tex();
    PieceView {
        condition: format!(
            "{} {relation} {}",
            formula_latex(&piece.left, notation),
            formula_latex(&piece.right, notation)
        ),
        values: format!(
            "{} {relation} {}",
            side(&piece.left, &piece.left_value),
            side(&piece.right, &piece.right_value)
        ),
        holds: piece.holds,
        boundary: piece.boundary(),
    }
}

/// The kinks a line's formula meets.
pub(super) fn kink_views(notes: &[Note], notation: &Notation) -> Vec<KinkView> {
    notes
        .iter()
        .filter_map(|note| match note {
            Note::Kink { func, argument } => {
                let (kind, slope) = kink_of(func)?;
                Some(KinkView {
                    argument: formula_latex(argument, notation),
                    kind,
                    slope,
                })
            }
            Note::ZeroBecause(_)
            | Note::Frozen
            | Note::Piece(_)
            | Note::Vanishes(_)
            | Note::Snapped(_) => None,
        })
        .collect()
}

/// Whose slope a step is, and its value at the kink.
fn kink_of(func: &Func) -> Option<(&'static str, String)> {
    match func {
        Func::Step => Some(("relu", "0".to_owned())),
        Func::LeakyStep(alpha) => Some(("leaky_relu", constant(alpha))),
        Func::Sign => Some(("abs", "0".to_owned())),
        Func::Exp
        | Func::Ln
        | Func::Root(_)
        | Func::Abs
        | Func::Sigmoid
        | Func::Tanh
        | Func::Cosh
        | Func::Sinh
        | Func::Relu
        | Func::LeakyRelu(_)
        | Func::Softplus
        | Func::Named(_) => None,
    }
}
