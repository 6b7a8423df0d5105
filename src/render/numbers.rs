//! Vectors, matrices and differences as report text; numbers themselves
//! are printed by [`crate::derivation::numbers`], re-exported here.

use num_rational::BigRational;
use num_traits::Signed;

pub use crate::derivation::numbers::{NumberStyle, formula_latex, literal_latex, written_latex};

/// A vector as a LaTeX column `\begin{pmatrix} … \end{pmatrix}`.
pub fn column(entries: &[String]) -> String {
    format!(
        "\\begin{{pmatrix}} {} \\end{{pmatrix}}",
        entries.join(" \\\\ ")
    )
}

/// A matrix as LaTeX `\begin{pmatrix} a & b \\ c & d \end{pmatrix}`.
pub fn matrix(rows: &[Vec<String>]) -> String {
    let rows: Vec<String> = rows.iter().map(|r| r.join(" & ")).collect();
    format!(
        "\\begin{{pmatrix}} {} \\end{{pmatrix}}",
        rows.join(" \\\\ ")
    )
}

/// `(1, 0)^\top` for a short vector written in a sentence.
pub fn row_transposed(entries: &[String]) -> String {
    if entries.len() == 1 {
        return entries[0].clone();
    }
    format!("({})^\\top", entries.join(", "))
}

/// A difference in units of the last place: `+1`, `-2`, `+1/2`.
pub fn units_text(units: &BigRational) -> String {
    let sign = if units.is_negative() { "-" } else { "+" };
    let magnitude = units.abs();
    if magnitude.is_integer() {
        format!("{sign}{}", magnitude.numer())
    } else {
        format!("{sign}{}/{}", magnitude.numer(), magnitude.denom())
    }
}
