//! Evaluating arithmetic claims with the numeric core.
//!
//! The numbers of a claim are taken as exact, as written: `1/1.5488` is
//! the quotient of those very digits, because that is the arithmetic the
//! line claims (where 1.5488 came from is another line's business). A
//! claim's formula is an expression of the symbolic core, so every
//! function a report uses can be claimed, with the same arithmetic:
//!
//! - [`rounded`]: the true value correctly rounded, by the numeric core's
//!   interval evaluation ([`crate::numeric::enclose`]), after rewriting by
//!   symmetry so that exact cancellations are decided exactly; a value
//!   that cannot be told from a rounding boundary is reported as such;
//! - [`step_value`]: a hand calculation that rounds every intermediate
//!   result to the claim's precision, as `carry = step` does in a report
//!   (σ as 1/(1 + e^(−x)), tanh through e^x).

use crate::model::{Carry, Precision, Rounding};
use crate::numeric::enclose::{self, Decided, EncloseError};
use crate::numeric::eval::{self, NoSymbols, NumericErrorKind, Pass, Rules};
use crate::numeric::real::Real;
use crate::numeric::round::Rounded;
use crate::symbolic::rules::computable_form;
use crate::symbolic::simplify::symmetric_form;
use crate::symbolic::{Expr, Quantity, Symbol};

pub use crate::numeric::enclose::{MAX_BITS, MAX_POWER, MAX_VALUE_BITS};

/// The true value of a claim's formula, correctly rounded to `precision`.
///
/// # Errors
/// Why the formula has no value, or why its rounding cannot be decided.
pub fn rounded(expr: &Expr, precision: Precision, mode: Rounding) -> Result<Decided, EncloseError> {
    enclose::rounded(&symmetric_form(expr), precision, mode)
}

/// The value of a claim's formula read as a hand calculation: every
/// operation's result rounded to `precision` before the next uses it.
///
/// # Errors
/// Why the calculation fails, in words.
pub fn step_value(expr: &Expr, precision: Precision, mode: Rounding) -> Result<Real, String> {
    let rules = Rules {
        precision,
        rounding: mode,
        carry: Carry::Step,
    };
    eval::value(
        &computable_form(expr),
        &NoSymbols,
        &rules,
        Symbol::of(Quantity::Loss),
        Pass::Before,
    )
    .map_err(|error| match error.kind {
        NumericErrorKind::DivisionByZero => "it divides by zero".to_owned(),
        NumericErrorKind::LnOfNonPositive(..) => {
            "it takes ln of a number that is not positive".to_owned()
        }
        NumericErrorKind::RootOfNegative(..) => {
            "it takes an even root of a negative number".to_owned()
        }
        NumericErrorKind::ExpOutOfRange(_) => "it needs e^x with |x| > 9000".to_owned(),
        NumericErrorKind::Overflow => "a number in it grows too large".to_owned(),
        NumericErrorKind::TooCoarse { .. } => {
            "a second moment in it prints as 0 at this precision".to_owned()
        }
        NumericErrorKind::Missing(_) | NumericErrorKind::Unbound(_) => {
            "it mentions something that has no value".to_owned()
        }
    })
}

/// The true value to `digits` decimals for display ("0.7772450…"); exact
/// terminating values are shown in full when they are that short.
pub fn display_value(expr: &Expr, digits: u32, mode: Rounding) -> Option<(Rounded, bool)> {
    let decided = rounded(expr, Precision::Decimals(digits), mode).ok()?;
    let exact_and_short = decided.exact && decided.rounded.exact;
    Some((decided.rounded, exact_and_short))
}
