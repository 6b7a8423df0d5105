//! exp and ln to any requested precision, and correctly rounded to a
//! [`Precision`] — the only place these functions are computed.
//!
//! Accuracy: [`exp`] and [`ln`] return a [`BigFloat`] whose relative error
//! is below 2^−(bits − 4) for the `bits` requested. [`exp_rounded`] and
//! [`ln_rounded`] recompute with more bits until both ends of that error
//! interval round to the same digits, so the printed digits are the
//! correctly rounded value of the true function (the true value of exp or
//! ln at a rational point other than exp(0)/ln(1) is irrational and never
//! sits exactly on a rounding boundary, so the loop ends).

use num_bigint::BigInt;
use num_traits::{One, Zero};

use super::real::{BigFloat, Real, WORK_BITS};
use super::round::{Rounded, decimal_exponent, round};
use crate::model::{Precision, Rounding};

/// The largest |x| for which e^x is computed (e^9000 ≈ 10^3908).
pub const MAX_EXP_ARGUMENT: i64 = 9000;

/// Why exp or ln cannot be computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TranscendentalError {
    /// |x| > [`MAX_EXP_ARGUMENT`] in e^x.
    ExpOutOfRange,
    /// ln of zero or of a negative number.
    LnDomain,
}

/// e^x with a relative error below 2^−(bits − 4).
///
/// # Errors
/// [`TranscendentalError::ExpOutOfRange`] when |x| > [`MAX_EXP_ARGUMENT`].
pub fn exp(x: &Real, bits: u64) -> Result<Real, TranscendentalError> {
    if x.is_zero() {
        return Ok(Real::one());
    }
    if out_of_range(x) {
        return Err(TranscendentalError::ExpOutOfRange);
    }
    Ok(Real::Approx(exp_float(&x.to_float(bits + 64), bits)))
}

/// Whether |x| > [`MAX_EXP_ARGUMENT`], decided exactly. `magnitude_bits` is
/// ⌊log₂|x|⌋ or one more, so values below 2^12 = 4096 skip the comparison.
fn out_of_range(x: &Real) -> bool {
    if x.magnitude_bits() < 12 {
        return false;
    }
    let magnitude = if x.signum() < 0 { x.neg() } else { x.clone() };
    magnitude.compare(&Real::int(MAX_EXP_ARGUMENT)).is_gt()
}

/// e^x by halving the argument 2^s times, a Taylor series in fixed point,
/// and squaring s times. Squaring doubles the relative error each time, so
/// the working precision carries s extra bits.
fn exp_float(x: &BigFloat, bits: u64) -> BigFloat {
    let magnitude = u64::try_from(x.top_bit().max(0)).unwrap_or(0);
    let halvings = magnitude + 8 + (bits / 64);
    let work = bits + halvings + 24;
    let work_i = i64::try_from(work).unwrap_or(i64::MAX);
    // r = x / 2^halvings as a fixed-point integer with `work` fraction bits.
    let (mantissa, exponent) = x.parts();
    let shift = exponent + work_i - i64::try_from(halvings).unwrap_or(0);
    let r = if shift >= 0 {
        mantissa << shift.unsigned_abs()
    } else {
        mantissa >> shift.unsigned_abs()
    };
    let one = BigInt::one() << work;
    let mut sum = one.clone();
    let mut term = one;
    let mut k: u32 = 1;
    loop {
        term = (&term * &r) >> work;
        term /= k;
        if term.is_zero() {
            break;
        }
        sum += &term;
        k += 1;
    }
    let mut result = BigFloat::new(sum, -work_i, work);
    for _ in 0..halvings {
        result = square(&result, work);
    }
    BigFloat::new(result.parts().0.clone(), result.parts().1, bits)
}

fn square(x: &BigFloat, bits: u64) -> BigFloat {
    let (mantissa, exponent) = x.parts();
    BigFloat::new(mantissa * mantissa, exponent * 2, bits)
}

/// ln x with a relative error below 2^−(bits − 4) (absolute error below
/// 2^−(bits − 4) when ln x is near 0).
///
/// # Errors
/// [`TranscendentalError::LnDomain`] when x ≤ 0.
pub fn ln(x: &Real, bits: u64) -> Result<Real, TranscendentalError> {
    if x.signum() <= 0 {
        return Err(TranscendentalError::LnDomain);
    }
    if x.compare(&Real::one()).is_eq() {
        return Ok(Real::zero());
    }
    // Near 1, ln x ≈ x − 1 is small: ask for extra bits so the relative error holds.
    let closeness = {
        let gap = x.sub(&Real::one());
        u64::try_from((-gap.magnitude_bits()).max(0)).unwrap_or(0)
    };
    let work = bits + closeness + 16;
    let target = x.to_float(work + 16);
    let mut y = Real::Approx(BigFloat::from_rational(
        &Real::Approx(initial_ln(&target)).to_rational(),
        work,
    ));
    let mut precision = 48u64;
    // Halley's iteration y ← y + 2(x − e^y)/(x + e^y) triples the correct bits each time.
    loop {
        precision = (precision * 3).min(work);
        let e = exp(&y, precision + 16).unwrap_or_else(|_| Real::one());
        let target = Real::Approx(target.clone());
        let numerator = target.sub(&e).mul(&Real::int(2));
        let denominator = target.add(&e);
        let step = numerator.div(&denominator).unwrap_or_else(|_| Real::zero());
        y = y.add(&step);
        if precision >= work {
            // One more full-precision pass absorbs the rounding of the last one.
            let e = exp(&y, work + 16).unwrap_or_else(|_| Real::one());
            let numerator = target.sub(&e).mul(&Real::int(2));
            let step = numerator
                .div(&target.add(&e))
                .unwrap_or_else(|_| Real::zero());
            let y = y.add(&step);
            return Ok(Real::Approx(y.to_float(bits)));
        }
    }
}

/// ln x to about 50 bits from the float's exponent and an `f64` logarithm.
fn initial_ln(x: &BigFloat) -> BigFloat {
    let (mantissa, exponent) = x.parts();
    let bits = i64::try_from(mantissa.bits()).unwrap_or(0);
    let drop = (bits - 60).max(0);
    let top = num_traits::ToPrimitive::to_f64(&(mantissa >> drop.unsigned_abs())).unwrap_or(1.0);
    let power = (exponent + drop) as f64;
    let value = top.ln() + power * std::f64::consts::LN_2;
    BigFloat::from_rational(
        &num_rational::BigRational::from_float(value)
            .unwrap_or_else(num_rational::BigRational::zero),
        60,
    )
}

/// How many bits to ask for so that rounding to `precision` has room to spare.
fn bits_for(estimate: &Real, precision: Precision) -> u64 {
    let digits = match precision {
        Precision::Decimals(places) => {
            let integer_digits = if estimate.is_zero() {
                0
            } else {
                decimal_exponent(estimate).max(0) + 1
            };
            u64::try_from(integer_digits).unwrap_or(0) + u64::from(places)
        }
        Precision::Significant(digits) => u64::from(digits),
        Precision::Exact => u64::from(super::round::EXACT_DISPLAY_DIGITS),
    };
    (digits * 10).div_ceil(3) + 32
}

/// Rounds the true value of `f` (computed by `compute(bits)` with relative
/// error below 2^−(bits−4)) correctly, adding bits until the error interval
/// rounds one way.
fn correctly_rounded(
    compute: impl Fn(u64) -> Result<Real, TranscendentalError>,
    precision: Precision,
    mode: Rounding,
) -> Result<(Real, Rounded), TranscendentalError> {
    let first = compute(WORK_BITS)?;
    let mut bits = bits_for(&first, precision).max(WORK_BITS);
    let mut attempts = 0;
    loop {
        let value = compute(bits)?;
        if value.is_zero() {
            return Ok((value.clone(), round(&value, precision, mode)));
        }
        // |error| ≤ |value| · 2^−(bits−6): a deliberately generous bound.
        let error = {
            let power = i64::try_from(bits).unwrap_or(i64::MAX) - 6 - value.magnitude_bits();
            let unit = if power >= 0 {
                num_rational::BigRational::new(BigInt::one(), BigInt::one() << power.unsigned_abs())
            } else {
                num_rational::BigRational::from_integer(BigInt::one() << power.unsigned_abs())
            };
            Real::Exact(unit)
        };
        let low = round(&value.sub(&error), precision, mode);
        let high = round(&value.add(&error), precision, mode);
        attempts += 1;
        if low.decimal == high.decimal || attempts >= 6 {
            let mut rounded = round(&value, precision, mode);
            // The true value is irrational: it is never exactly representable.
            rounded.exact = false;
            return Ok((value, rounded));
        }
        bits *= 2;
    }
}

/// e^x correctly rounded to `precision` (e^0 = 1 exactly).
///
/// # Errors
/// As [`exp`].
pub fn exp_rounded(
    x: &Real,
    precision: Precision,
    mode: Rounding,
) -> Result<Rounded, TranscendentalError> {
    if x.is_zero() {
        return Ok(round(&Real::one(), precision, mode));
    }
    correctly_rounded(|bits| exp(x, bits), precision, mode).map(|(_, rounded)| rounded)
}

/// ln x correctly rounded to `precision` (ln 1 = 0 exactly).
///
/// # Errors
/// As [`ln`].
pub fn ln_rounded(
    x: &Real,
    precision: Precision,
    mode: Rounding,
) -> Result<Rounded, TranscendentalError> {
    if x.signum() <= 0 {
        return Err(TranscendentalError::LnDomain);
    }
    if x.compare(&Real::one()).is_eq() {
        return Ok(round(&Real::zero(), precision, mode));
    }
    correctly_rounded(|bits| ln(x, bits), precision, mode).map(|(_, rounded)| rounded)
}
