//! exp, ln and n-th roots to any requested precision, and correctly
//! rounded to a [`Precision`] — the only place these functions are computed.
//!
//! Accuracy: [`exp`] and [`ln`] return a [`BigFloat`] whose relative error
//! is below 2^−(bits − 4) for the `bits` requested. [`exp_rounded`] and
//! [`ln_rounded`] recompute with more bits until both ends of that error
//! interval round to the same digits, so the printed digits are the
//! correctly rounded value of the true function (the true value of exp or
//! ln at a rational point other than exp(0)/ln(1) is irrational and never
//! sits exactly on a rounding boundary, so the loop ends).

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Zero};

use super::bound::{Bound, Floor};
use super::real::{BigFloat, Real};
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
    /// An even root of a negative number.
    RootDomain,
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
    let result = exp_float(&x.to_float(bits + 64), bits);
    let error = exp_error(&result, x, bits);
    Ok(Real::Approx(result.with_error(error)))
}

/// The error bound of e^x computed as `result` at `bits` bits: the method's
/// relative error 2^−(bits − 4), plus what the error Δ of x makes of it,
/// |e^x (e^Δ − 1)| ≤ e^x (Δ + Δ²) for Δ ≤ 1 (e^Δ − 1 − Δ ≤ (e − 2) Δ²), or
/// e^x · 2^(2^(t+1)) for a larger Δ < 2^t (e^Δ < 2^(1.45 Δ)).
fn exp_error(result: &BigFloat, x: &Real, bits: u64) -> Bound {
    let magnitude = result.magnitude();
    let method = magnitude.scale(4 - i64::try_from(bits).unwrap_or(i64::MAX));
    let input = input_error(x);
    if input.is_zero() {
        return method;
    }
    let spread = if input.top() <= 0 {
        input.plus(input.times(input))
    } else {
        // e^Δ − 1 < 2^(2^(t+1)). An argument known only to within 2^20
        // (it never is: arguments are at most 9000) gets a bound past any value.
        Bound::power_of_two(1i64 << (input.top().clamp(0, 20) + 1))
    };
    method.plus(magnitude.plus(method).times(spread))
}

/// The error bound a value carries (0 when it is exact).
fn input_error(x: &Real) -> Bound {
    match x {
        Real::Exact(_) => Bound::ZERO,
        Real::Approx(float) => float.error(),
    }
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

/// ln x with a relative error below 2^−(bits − 4), near x = 1 too (the
/// working precision grows by the bits that x − 1 cancels; tested against
/// mpmath for x = 1 ± 10⁻⁶⁰).
///
/// # Errors
/// [`TranscendentalError::LnDomain`] when x ≤ 0.
pub fn ln(x: &Real, bits: u64) -> Result<Real, TranscendentalError> {
    if x.signum() <= 0 {
        return Err(TranscendentalError::LnDomain);
    }
    if x.is_exact() && x.compare(&Real::one()).is_eq() {
        return Ok(Real::zero());
    }
    // A value whose error may reach its size may be 0 or below.
    let input = input_error(x);
    let floor = match x {
        Real::Approx(float) if !input.is_zero() => {
            let (mantissa, exponent) = float.parts();
            Some(
                Floor::of(mantissa.magnitude(), exponent, input)
                    .ok_or(TranscendentalError::LnDomain)?,
            )
        }
        Real::Approx(_) | Real::Exact(_) => None,
    };
    // Near 1, ln x ≈ x − 1 is small: ask for extra bits so the relative error
    // holds. Every operation below is done at `work` bits, not at WORK_BITS:
    // x − e^y cancels the leading `closeness` bits.
    let gap = x.sub(&Real::one());
    let closeness = u64::try_from((-gap.magnitude_bits()).max(0)).unwrap_or(0);
    let work = bits + closeness + 16;
    let target = x.to_float(work + 16);
    let mut y = initial_ln(&target, &gap);
    let mut precision = 48u64;
    // Halley's iteration y ← y + 2(x − e^y)/(x + e^y) triples the correct bits each time.
    loop {
        precision = (precision * 3).min(work);
        y = halley_step(&y, &target, precision + 16);
        if precision >= work {
            // One more full-precision pass absorbs the rounding of the last one.
            let y = halley_step(&y, &target, work + 16);
            let (mantissa, exponent) = y.parts();
            let result = BigFloat::new(mantissa.clone(), exponent, bits);
            // The method's relative error, plus |ln(x ± Δx) − ln x| ≤ Δx / (x − Δx).
            let method = result
                .magnitude()
                .scale(4 - i64::try_from(bits).unwrap_or(i64::MAX));
            let error = floor.map_or(method, |floor| method.plus(input.over(floor)));
            return Ok(Real::Approx(result.with_error(error)));
        }
    }
}

/// One Halley step for ln x at `bits` bits: y + 2(x − e^y)/(x + e^y).
fn halley_step(y: &BigFloat, x: &BigFloat, bits: u64) -> BigFloat {
    let e = exp_float(y, bits);
    let (mantissa, exponent) = e.parts();
    let minus_e = BigFloat::new(-mantissa, exponent, bits);
    let two = BigFloat::new(BigInt::from(2), 0, bits);
    let numerator = x.add(&minus_e, bits).mul(&two, bits);
    // x and e^y are both positive, so the denominator is not zero.
    match numerator.div(&x.add(&e, bits), bits) {
        Ok(step) => y.add(&step, bits),
        Err(_) => y.clone(),
    }
}

/// ln x to about 50 bits from an `f64` logarithm: ln(1 + gap) from the
/// exact gap x − 1 near 1 (where ln of the float would cancel), otherwise
/// from the float's exponent and the logarithm of its leading bits.
fn initial_ln(x: &BigFloat, gap: &Real) -> BigFloat {
    let value = if gap.magnitude_bits() < 0 {
        gap.to_f64().ln_1p()
    } else {
        let (mantissa, exponent) = x.parts();
        let bits = i64::try_from(mantissa.bits()).unwrap_or(0);
        let drop = (bits - 60).max(0);
        let top =
            num_traits::ToPrimitive::to_f64(&(mantissa >> drop.unsigned_abs())).unwrap_or(1.0);
        let power = (exponent + drop) as f64;
        top.ln() + power * std::f64::consts::LN_2
    };
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

/// Bits of the first evaluation in [`correctly_rounded`]: about 19 digits,
/// enough for 4 decimals of a moderate value without a second evaluation.
const FIRST_BITS: u64 = 64;

/// Doublings before [`correctly_rounded`] stops (64 · 2⁸ = 16384 bits); a
/// value that close to a rounding boundary has not been met in practice.
const MAX_ATTEMPTS: u32 = 9;

/// Rounds the true value of `f` (computed by `compute(bits)` with relative
/// error below 2^−(bits−4)) correctly, adding bits until the error interval
/// rounds one way.
fn correctly_rounded(
    compute: impl Fn(u64) -> Result<Real, TranscendentalError>,
    precision: Precision,
    mode: Rounding,
) -> Result<(Real, Rounded), TranscendentalError> {
    // A cheap first value places the decimal point (and often suffices).
    let mut bits = FIRST_BITS;
    let mut value = compute(bits)?;
    let needed = bits_for(&value, precision);
    if needed > bits {
        bits = needed;
        value = compute(bits)?;
    }
    let mut attempts = 0;
    loop {
        if value.is_zero() {
            return Ok((value.clone(), round(&value, precision, mode)));
        }
        let (low, high) = interval(&value, bits);
        let low = round(&low, precision, mode);
        let high = round(&high, precision, mode);
        attempts += 1;
        if low.decimal == high.decimal || attempts >= MAX_ATTEMPTS {
            // Rounding is monotonic: the value rounds like both ends (or,
            // having given up, as itself). The true value is irrational, so
            // it is never exactly representable.
            let decimal = if low.decimal == high.decimal {
                low.decimal
            } else {
                round(&value, precision, mode).decimal
            };
            let rounded = Rounded {
                decimal,
                exact: false,
            };
            return Ok((value, rounded));
        }
        bits *= 2;
        value = compute(bits)?;
    }
}

/// The ends of `value` ∓ |value| · 2^−(bits−6), a deliberately generous
/// error bound, exactly: Real arithmetic would round them to 256 bits and
/// lose the interval whenever `bits` is larger.
fn interval(value: &Real, bits: u64) -> (Real, Real) {
    // |value| < 2^top, so 2^(top − bits + 6) bounds the error.
    let power = value.magnitude_bits() - i64::try_from(bits).unwrap_or(i64::MAX) + 6;
    match value {
        Real::Approx(float) => {
            let (mantissa, exponent) = float.parts();
            let base = exponent.min(power);
            let mantissa = mantissa << (exponent - base).unsigned_abs();
            let unit = BigInt::one() << (power - base).unsigned_abs();
            let exact = |m: BigInt| Real::Approx(BigFloat::new(m, base, u64::MAX));
            (exact(&mantissa - &unit), exact(mantissa + unit))
        }
        Real::Exact(q) => {
            let unit = BigInt::one() << power.unsigned_abs();
            let error = if power >= 0 {
                num_rational::BigRational::from_integer(unit)
            } else {
                num_rational::BigRational::new(BigInt::one(), unit)
            };
            (Real::Exact(q - &error), Real::Exact(q + error))
        }
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

/// The exact n-th root of a rational, when it is one (both its numerator
/// and its denominator are n-th powers).
fn exact_root(q: &BigRational, n: u32) -> Option<BigRational> {
    let numerator = q.numer().nth_root(n);
    let denominator = q.denom().nth_root(n);
    (numerator.pow(n) == *q.numer() && denominator.pow(n) == *q.denom())
        .then(|| BigRational::new(numerator, denominator))
}

/// The principal n-th root of x (n ≥ 2; a negative x only for odd n): exact
/// when x is an n-th power of a rational, otherwise with a relative error
/// below 2^−(bits − 4).
///
/// The root of x · 2^(n·k), floored, is an exact integer root (Newton's
/// method on integers), so the error is one unit of 2^−k with k chosen to
/// leave `bits` + 3 bits: easy to bound, and correct at every precision.
///
/// # Errors
/// [`TranscendentalError::RootDomain`] for an even root of a negative x.
pub fn root(x: &Real, n: u32, bits: u64) -> Result<Real, TranscendentalError> {
    if n < 2 || x.is_zero() {
        return Ok(x.clone());
    }
    if x.signum() < 0 {
        return if n.is_multiple_of(2) {
            Err(TranscendentalError::RootDomain)
        } else {
            Ok(root(&x.neg(), n, bits)?.neg())
        };
    }
    let q = x.to_rational();
    if let Some(exact) = exact_root(&q, n) {
        return Ok(Real::Exact(exact));
    }
    let degree = i64::from(n);
    let k = i64::try_from(bits).unwrap_or(i64::MAX / 4) + 4 - x.magnitude_bits().div_euclid(degree);
    let shift = degree * k;
    let scaled = if shift >= 0 {
        (q.numer() << shift.unsigned_abs()) / q.denom()
    } else {
        q.numer() / (q.denom() << shift.unsigned_abs())
    };
    // The root is irrational: its value lies strictly inside [r, r + 1) · 2^−k.
    let r = scaled.nth_root(n);
    Ok(Real::Approx(BigFloat::new((r << 1) + 1, -k - 1, bits)))
}

/// The n-th root of x correctly rounded to `precision`, with the value it
/// was rounded from (exact when the root is rational).
///
/// # Errors
/// As [`root`].
pub fn root_rounded(
    x: &Real,
    n: u32,
    precision: Precision,
    mode: Rounding,
) -> Result<(Real, Rounded), TranscendentalError> {
    let first = root(x, n, FIRST_BITS)?;
    if first.is_exact() {
        let rounded = round(&first, precision, mode);
        return Ok((first, rounded));
    }
    correctly_rounded(|bits| root(x, n, bits), precision, mode)
}
