//! Rounded numbers → report text: the one place digits become characters.
//!
//! Rules (tested in `tests/numeric.rs`):
//! - `N decimals`: always N digits after the point (`0.5000`); never `-0.0000`.
//! - `N significant`: N significant digits (`0.5000`, `1.549`); scientific
//!   notation when the leading digit is below 10⁻⁴ or at 10^N or above
//!   (`8.757e-27`, LaTeX `8.757 \times 10^{-27}`), so no digit is hidden.
//! - `exact`: terminating values in full (`0.013449`), others with 30
//!   significant digits, switching to scientific notation the same way.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{Signed, Zero};

use super::round::{Decimal, EXACT_DISPLAY_DIGITS};
use crate::model::Precision;

/// How a number is laid out.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Layout {
    negative: bool,
    /// Digits before the exponent, with the decimal point placed.
    mantissa: String,
    /// Power of ten, for scientific notation.
    exponent: Option<i64>,
}

fn layout(value: &Decimal, precision: Precision) -> Layout {
    let negative = value.digits.is_negative();
    let digits = value.digits.abs().to_string();
    let significant = match precision {
        Precision::Decimals(_) => None,
        Precision::Significant(n) => Some(i64::from(n)),
        Precision::Exact => Some(i64::from(EXACT_DISPLAY_DIGITS)),
    };
    let length = i64::try_from(digits.len()).unwrap_or(i64::MAX);
    // Position of the leading digit: value ≈ d.ddd × 10^lead.
    let lead = length - 1 - value.scale;
    let scientific = match significant {
        Some(n) if !value.digits.is_zero() => lead < -4 || lead >= n.max(length),
        _ => false,
    };
    if scientific {
        let (first, rest) = digits.split_at(1);
        let mantissa = if rest.is_empty() {
            first.to_owned()
        } else {
            format!("{first}.{rest}")
        };
        return Layout {
            negative,
            mantissa,
            exponent: Some(lead),
        };
    }
    Layout {
        negative,
        mantissa: fixed(&digits, value.scale),
        exponent: None,
    }
}

/// Places the decimal point `scale` digits from the right.
fn fixed(digits: &str, scale: i64) -> String {
    if scale <= 0 {
        let zeros = "0".repeat(usize::try_from(-scale).unwrap_or(0));
        return if digits == "0" {
            "0".to_owned()
        } else {
            format!("{digits}{zeros}")
        };
    }
    let scale = usize::try_from(scale).unwrap_or(0);
    let padded = format!("{digits:0>width$}", width = scale + 1);
    let (whole, fraction) = padded.split_at(padded.len() - scale);
    format!("{whole}.{fraction}")
}

/// Plain text: `-0.1076`, `8.757e-27` (JSON, CSV, terminal).
pub fn plain(value: &Decimal, precision: Precision) -> String {
    let layout = layout(value, precision);
    let sign = if layout.negative { "-" } else { "" };
    match layout.exponent {
        Some(exponent) => format!("{sign}{}e{exponent}", layout.mantissa),
        None => format!("{sign}{}", layout.mantissa),
    }
}

/// LaTeX: `-0.1076`, `8.757 \times 10^{-27}`.
pub fn latex(value: &Decimal, precision: Precision) -> String {
    let layout = layout(value, precision);
    let sign = if layout.negative { "-" } else { "" };
    match layout.exponent {
        Some(exponent) => format!("{sign}{} \\times 10^{{{exponent}}}", layout.mantissa),
        None => format!("{sign}{}", layout.mantissa),
    }
}

/// An exact fraction as plain text: `7/120`, `-1/3`, `2` (integers without `/1`).
pub fn fraction_plain(value: &BigRational) -> String {
    if value.is_integer() {
        return value.numer().to_string();
    }
    format!("{}/{}", value.numer(), value.denom())
}

/// An exact fraction in LaTeX: `\tfrac{7}{120}`, `-\tfrac{1}{3}`, `2`.
pub fn fraction_latex(value: &BigRational) -> String {
    if value.is_integer() {
        return value.numer().to_string();
    }
    let sign = if value.is_negative() { "-" } else { "" };
    let numerator: BigInt = value.numer().abs();
    format!("{sign}\\tfrac{{{numerator}}}{{{}}}", value.denom())
}
