//! Vectors, matrices and differences as report text; numbers themselves
//! are printed by [`crate::derivation::numbers`], re-exported here.

use num_rational::BigRational;
use num_traits::Signed;

pub use crate::derivation::numbers::{
    NumberStyle, column, formula_latex, literal_latex, matrix, written_latex,
};

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
