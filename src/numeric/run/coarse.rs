//! A second moment that prints as 0. RMSProp's s and Adam's v and v̂ are
//! running averages of squared gradients, (1 − β₂)·g² ≈ 10⁻⁷ for a
//! gradient of 0.01: at `N decimals` they print as 0.0000 although they are
//! not 0, and the step divides by √0 + ε. A textbook would write them with
//! their digits, so longhand stops with an error that names the precision
//! that would (`precision = N significant`, or the decimals that show the
//! value with N significant digits) rather than divide by a printed 0.
//!
//! Under `carry = step` the value was rounded node by node, so it is
//! recomputed without rounding from the same (written) operands.

use super::Values;
use crate::model::{Carry, Precision};
use crate::numeric::eval::{self, NumericError, NumericErrorKind, Pass, Rules};
use crate::numeric::format;
use crate::numeric::real::Real;
use crate::numeric::round::{self, decimal_exponent};
use crate::symbolic::{Expr, Quantity, StateKind, Symbol};

/// Whether `target` is a second moment (s, v, v̂).
pub(super) fn second_moment(target: &Symbol) -> bool {
    matches!(
        target.quantity,
        Quantity::State {
            kind: StateKind::Square | StateKind::V | StateKind::VHat,
            ..
        }
    )
}

/// Fails when `target` is a second moment that is not 0 but prints as 0 at
/// the file's `N decimals`.
pub(super) fn check(
    form: &Expr,
    values: &Values,
    rules: &Rules,
    (target, pass): (Symbol, Pass),
    carried: &Real,
) -> Result<(), NumericError> {
    let Precision::Decimals(n) = rules.precision else {
        return Ok(());
    };
    if !second_moment(&target) || !rules.round(carried).decimal.is_zero() {
        return Ok(());
    }
    let unrounded = Rules {
        carry: Carry::Exact,
        ..*rules
    };
    let value = eval::value(form, values, &unrounded, target, pass)?;
    if value.is_zero() {
        return Ok(());
    }
    let keep = n.max(1);
    // 10^e ≤ |value| < 10^(e+1): `keep` significant digits need −e − 1 + keep decimals.
    let needed = (keep as i64) - decimal_exponent(&value) - 1;
    let decimals = u32::try_from(needed)
        .ok()
        .filter(|&d| d <= crate::model::settings::MAX_DIGITS);
    let shown = round::round(&value, Precision::Significant(keep), rules.rounding);
    Err(NumericError {
        kind: NumericErrorKind::TooCoarse {
            value: format::plain(&shown.decimal, Precision::Significant(keep)),
            keep,
            decimals,
        },
        quantity: target,
        pass,
    })
}
