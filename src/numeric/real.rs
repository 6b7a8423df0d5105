//! [`Real`]: an exact rational while the arithmetic stays rational and small,
//! otherwise a binary floating-point number with [`WORK_BITS`] bits of
//! mantissa (about 77 significant digits).
//!
//! An approximate value carries an upper bound on its error ([`super::bound::Bound`],
//! ball arithmetic): every operation adds its own rounding and passes on
//! its operands' errors, and exp and ln add theirs. A value whose bound
//! includes 0 is treated as 0 ([`Real::is_zero`], [`Real::signum`]), and
//! rounding treats a value within its bound of a rounding boundary as on it
//! (`round::snap`): an approximation is never allowed to decide a question
//! its own error leaves open.
//!
//! Why not `rust_decimal`: it keeps at most 28 decimal places, so
//! σ(−60) ≈ 8.757 × 10⁻²⁷ cannot even be held at 4 significant digits
//! (scale 30), and its `exp` loses digits for small results. Arithmetic
//! here never wraps or panics: division by zero is an error, sizes are
//! bounded by [`EXACT_BITS_LIMIT`] and by the range checks of the evaluator.

use std::cmp::Ordering;

use num_bigint::{BigInt, Sign};
use num_rational::BigRational;
use num_traits::{One, Zero};

use super::bound::Floor;
pub use super::float::BigFloat;
use super::float::bits_of;
use super::fraction;

/// Mantissa bits of approximate values (≈ 77 significant digits).
pub const WORK_BITS: u64 = 256;

/// A parameter carried into the next update keeps an error bound of at most
/// 2^−`CARRIED_BITS` of its size (about 58 significant digits; see
/// [`Real::carried_over`]).
pub const CARRIED_BITS: u64 = WORK_BITS - 64;

/// An exact fraction whose numerator and denominator together need more
/// bits than this is carried on approximately (its digits would fill pages).
pub const EXACT_BITS_LIMIT: u64 = 2048;

/// A real number as the numeric stage carries it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Real {
    /// An exact rational.
    Exact(BigRational),
    /// An approximation with at least [`WORK_BITS`] (or the requested) bits.
    Approx(BigFloat),
}

/// Division by zero: the only way the four operations can fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DivisionByZero;

impl Real {
    /// The exact integer `n`.
    pub fn int(n: i64) -> Real {
        Real::Exact(BigRational::from_integer(BigInt::from(n)))
    }

    /// The exact fraction `n/d` (`d` must not be 0).
    pub fn ratio(n: i64, d: i64) -> Real {
        Real::Exact(BigRational::new(BigInt::from(n), BigInt::from(d)))
    }

    /// Exact zero.
    pub fn zero() -> Real {
        Real::int(0)
    }

    /// Exact one.
    pub fn one() -> Real {
        Real::int(1)
    }

    /// Whether the value is known exactly.
    pub fn is_exact(&self) -> bool {
        matches!(self, Real::Exact(_))
    }

    /// Whether the value is zero — for an approximation, whether 0 lies
    /// within its error bound (tanh(1) + tanh(−1) is 0, not 10⁻⁷⁷).
    pub fn is_zero(&self) -> bool {
        match self {
            Real::Exact(q) => q.is_zero(),
            Real::Approx(f) => f.may_be_zero(),
        }
    }

    /// −1, 0 or +1 (0 for an approximation whose error bound includes 0, so
    /// relu and its slope treat a value that may be exactly 0 as 0).
    pub fn signum(&self) -> i32 {
        let sign = match self {
            Real::Exact(q) => q.numer().sign(),
            Real::Approx(f) if f.may_be_zero() => Sign::NoSign,
            Real::Approx(f) => f.mantissa.sign(),
        };
        match sign {
            Sign::Minus => -1,
            Sign::NoSign => 0,
            Sign::Plus => 1,
        }
    }

    /// The value as the next update starts from it (a parameter after an
    /// update). An approximation whose bound includes 0 becomes exactly 0 —
    /// it is 0 to every decision already. Otherwise its bound is kept, but
    /// at most 2^−[`CARRIED_BITS`] of its size: chained over thousands of
    /// updates, worst-case bounds grow exponentially (every error is assumed
    /// to push the same way, update after update) while the true error of a
    /// 256-bit computation stays near its last bits.
    #[must_use]
    pub fn carried_over(&self) -> Real {
        match self {
            Real::Exact(_) => self.clone(),
            Real::Approx(f) if f.may_be_zero() => Real::zero(),
            Real::Approx(f) => {
                let cap = f.unit(CARRIED_BITS);
                let error = if f.error.top() > cap.top() {
                    cap
                } else {
                    f.error
                };
                Real::Approx(f.clone().with_error(error))
            }
        }
    }

    /// The value as an exact rational (approximations converted exactly).
    pub fn to_rational(&self) -> BigRational {
        match self {
            Real::Exact(q) => q.clone(),
            Real::Approx(f) => f.to_rational(),
        }
    }

    /// The value as a float of `precision` bits.
    pub fn to_float(&self, precision: u64) -> BigFloat {
        match self {
            Real::Exact(q) => BigFloat::from_rational(q, precision),
            Real::Approx(f) => BigFloat::new(f.mantissa.clone(), f.exponent, precision),
        }
    }

    /// An `f64` near the value (for tests, plots and initial guesses; never for reports).
    pub fn to_f64(&self) -> f64 {
        match self {
            Real::Exact(q) => BigFloat::from_rational(q, 64).to_f64(),
            Real::Approx(f) => f.to_f64(),
        }
    }

    /// ⌊log₂|x|⌋ + 1, roughly: the binary order of magnitude (0 for zero).
    pub fn magnitude_bits(&self) -> i64 {
        match self {
            Real::Exact(q) if q.is_zero() => 0,
            Real::Exact(q) => bits_of(q.numer()) - bits_of(q.denom()),
            Real::Approx(f) => f.top_bit(),
        }
    }

    fn exact_or_rounded(q: BigRational) -> Real {
        if q.numer().bits() + q.denom().bits() > EXACT_BITS_LIMIT {
            let float = BigFloat::from_rational(&q, WORK_BITS);
            let error = float.unit(WORK_BITS);
            Real::Approx(float.with_error(error))
        } else {
            Real::Exact(q)
        }
    }

    /// x + y.
    pub fn add(&self, other: &Real) -> Real {
        match (self, other) {
            (Real::Exact(a), Real::Exact(b)) => Real::exact_or_rounded(fraction::add(a, b)),
            (Real::Exact(a), x) | (x, Real::Exact(a)) if a.is_zero() => x.clone(),
            _ => {
                let (x, y) = (self.float(), other.float());
                let sum = x.add(&y, WORK_BITS);
                // |Δ(x + y)| ≤ |Δx| + |Δy| + the rounding of the sum.
                let error = x.error.plus(y.error).plus(sum.unit(WORK_BITS));
                Real::Approx(sum.with_error(error))
            }
        }
    }

    /// The value as a float of [`WORK_BITS`] with its error bound (the
    /// rounding of an exact value included), borrowed when it already is one.
    fn float(&self) -> std::borrow::Cow<'_, BigFloat> {
        use std::borrow::Cow;
        match self {
            Real::Approx(f) if f.mantissa.bits() <= WORK_BITS => Cow::Borrowed(f),
            Real::Approx(f) => {
                let float = BigFloat::new(f.mantissa.clone(), f.exponent, WORK_BITS);
                let error = f.error.plus(float.unit(WORK_BITS));
                Cow::Owned(float.with_error(error))
            }
            Real::Exact(q) if q.denom().is_one() && q.numer().bits() <= WORK_BITS => {
                Cow::Owned(BigFloat::new(q.numer().clone(), 0, WORK_BITS))
            }
            Real::Exact(q) => {
                let float = BigFloat::from_rational(q, WORK_BITS);
                let error = float.unit(WORK_BITS);
                Cow::Owned(float.with_error(error))
            }
        }
    }

    /// −x.
    pub fn neg(&self) -> Real {
        match self {
            Real::Exact(q) => Real::Exact(-q),
            Real::Approx(f) => Real::Approx(BigFloat {
                mantissa: -&f.mantissa,
                exponent: f.exponent,
                error: f.error,
            }),
        }
    }

    /// x − y.
    pub fn sub(&self, other: &Real) -> Real {
        self.add(&other.neg())
    }

    /// x · y.
    pub fn mul(&self, other: &Real) -> Real {
        match (self, other) {
            (Real::Exact(a), Real::Exact(b)) => Real::exact_or_rounded(fraction::mul(a, b)),
            (Real::Exact(a), _) | (_, Real::Exact(a)) if a.is_zero() => Real::zero(),
            (Real::Exact(a), x) | (x, Real::Exact(a)) if a.is_one() => x.clone(),
            _ => {
                let (x, y) = (self.float(), other.float());
                let product = x.mul(&y, WORK_BITS);
                // |Δ(xy)| ≤ |x||Δy| + |y||Δx| + |Δx||Δy| + the rounding.
                let error = x
                    .magnitude()
                    .times(y.error)
                    .plus(y.magnitude().times(x.error))
                    .plus(x.error.times(y.error))
                    .plus(product.unit(WORK_BITS));
                Real::Approx(product.with_error(error))
            }
        }
    }

    /// x / y.
    ///
    /// # Errors
    /// [`DivisionByZero`] when y is zero.
    pub fn div(&self, other: &Real) -> Result<Real, DivisionByZero> {
        if other.is_zero() {
            return Err(DivisionByZero);
        }
        match (self, other) {
            (Real::Exact(a), Real::Exact(b)) => Ok(Real::exact_or_rounded(fraction::div(a, b))),
            (x, Real::Exact(b)) if b.is_one() => Ok(x.clone()),
            _ => {
                let (x, y) = (self.float(), other.float());
                // A divisor whose error may reach its size may be 0.
                let floor =
                    Floor::of(y.mantissa.magnitude(), y.exponent, y.error).ok_or(DivisionByZero)?;
                let quotient = x.div(&y, WORK_BITS)?;
                // |Δ(x/y)| ≤ (|Δx| + |x/y| |Δy|) / (|y| − |Δy|), with |x/y| at
                // most the rounded quotient plus its last unit.
                let ratio = quotient.magnitude().plus(quotient.unit(WORK_BITS));
                let error = x
                    .error
                    .plus(ratio.times(y.error))
                    .over(floor)
                    .plus(quotient.unit(WORK_BITS));
                Ok(Real::Approx(quotient.with_error(error)))
            }
        }
    }

    /// x^n for a (small) integer n.
    ///
    /// # Errors
    /// [`DivisionByZero`] for 0 to a negative power.
    pub fn powi(&self, n: i32) -> Result<Real, DivisionByZero> {
        if n == 0 {
            return Ok(Real::one());
        }
        let mut result = self.clone();
        for _ in 1..n.unsigned_abs() {
            result = result.mul(self);
        }
        if n < 0 {
            Real::one().div(&result)
        } else {
            Ok(result)
        }
    }

    /// Compares two values (exactly for exact values; approximations compare
    /// as the exact rationals they are).
    pub fn compare(&self, other: &Real) -> Ordering {
        match (self, other) {
            (Real::Exact(a), Real::Exact(b)) => a.cmp(b),
            _ => self.to_rational().cmp(&other.to_rational()),
        }
    }
}
