//! [`BigFloat`]: a binary floating-point number `mantissa × 2^exponent` of
//! any precision, with a bound on the error of the value it stands for.
//!
//! Its own arithmetic (correctly rounded `add`, `mul`, `div` at a requested
//! precision) serves exp and ln, which work at whatever precision they need;
//! [`super::real::Real`] builds the approximate values of a calculation on
//! it and keeps their error bounds.

use num_bigint::{BigInt, Sign};
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{One, ToPrimitive, Zero};

use super::bound::Bound;
use super::real::DivisionByZero;

/// A binary floating-point number `mantissa × 2^exponent`, with a bound
/// on how far the value it stands for may lie from it.
///
/// Invariant: the mantissa is zero (and then the exponent is 0), or it is
/// rounded to at most the precision it was produced with. The arithmetic
/// of `BigFloat` itself (used inside exp and ln) leaves `error` at zero;
/// [`Real`]'s arithmetic sets it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BigFloat {
    pub(super) mantissa: BigInt,
    pub(super) exponent: i64,
    pub(super) error: Bound,
}

/// The bit length of an integer, as a signed count.
pub(super) fn bits_of(value: &BigInt) -> i64 {
    i64::try_from(value.bits()).unwrap_or(i64::MAX)
}

impl BigFloat {
    /// `mantissa × 2^exponent`, rounded to `precision` bits (ties to even).
    pub fn new(mantissa: BigInt, exponent: i64, precision: u64) -> Self {
        if mantissa.is_zero() {
            return BigFloat {
                mantissa,
                exponent: 0,
                error: Bound::ZERO,
            };
        }
        let excess = mantissa.bits().saturating_sub(precision);
        if excess == 0 {
            return BigFloat {
                mantissa,
                exponent,
                error: Bound::ZERO,
            };
        }
        let (sign, magnitude) = mantissa.into_parts();
        // Round half to even on the dropped bits, reading them in place.
        let half_bit = magnitude.bit(excess - 1);
        let below_half_zero = magnitude
            .trailing_zeros()
            .is_some_and(|zeros| zeros >= excess - 1);
        let kept = BigInt::from_biguint(Sign::Plus, magnitude >> excess);
        let round_up = half_bit && (!below_half_zero || kept.is_odd());
        let negative = sign == Sign::Minus;
        let kept = if round_up { kept + 1 } else { kept };
        let mantissa = if negative { -kept } else { kept };
        BigFloat {
            mantissa,
            exponent: exponent + i64::try_from(excess).unwrap_or(i64::MAX),
            error: Bound::ZERO,
        }
    }

    /// The nearest value with `precision` bits to `value`.
    pub fn from_rational(value: &BigRational, precision: u64) -> Self {
        if value.is_zero() {
            return BigFloat {
                mantissa: BigInt::zero(),
                exponent: 0,
                error: Bound::ZERO,
            };
        }
        let precision_bits = i64::try_from(precision).unwrap_or(i64::MAX);
        let shift = precision_bits + 2 + bits_of(value.denom()) - bits_of(value.numer());
        let (numerator, denominator) = if shift >= 0 {
            (value.numer() << shift.unsigned_abs(), value.denom().clone())
        } else {
            (value.numer().clone(), value.denom() << shift.unsigned_abs())
        };
        // Floor division plus a sticky bit keeps the final rounding honest.
        let (quotient, remainder) = numerator.div_mod_floor(&denominator);
        let sticky = if remainder.is_zero() {
            BigInt::zero()
        } else {
            BigInt::one()
        };
        BigFloat::new((quotient << 1) + sticky, -shift - 1, precision)
    }

    /// The exact value.
    pub fn to_rational(&self) -> BigRational {
        if self.exponent >= 0 {
            BigRational::from_integer(&self.mantissa << self.exponent.unsigned_abs())
        } else {
            BigRational::new(
                self.mantissa.clone(),
                BigInt::one() << self.exponent.unsigned_abs(),
            )
        }
    }

    /// Mantissa and exponent.
    pub fn parts(&self) -> (&BigInt, i64) {
        (&self.mantissa, self.exponent)
    }

    /// The bound on the error of the value this float stands for.
    pub fn error(&self) -> Bound {
        self.error
    }

    /// The same float standing for a value within `error` of it.
    #[must_use]
    pub fn with_error(mut self, error: Bound) -> BigFloat {
        self.error = error;
        self
    }

    /// An upper bound on |self|.
    pub fn magnitude(&self) -> Bound {
        Bound::at_least(self.mantissa.magnitude(), self.exponent)
    }

    /// One unit in the last place of a `bits`-bit float of this size: a
    /// bound on the error of rounding a result of this size to `bits` bits.
    pub fn unit(&self, bits: u64) -> Bound {
        if self.mantissa.is_zero() {
            Bound::ZERO
        } else {
            Bound::power_of_two(self.top_bit() - i64::try_from(bits).unwrap_or(i64::MAX))
        }
    }

    /// Whether the value it stands for may be 0: |self| ≤ error.
    pub(super) fn may_be_zero(&self) -> bool {
        if self.mantissa.is_zero() {
            return true;
        }
        if self.error.is_zero() || self.error.top() < self.top_bit() - 1 {
            return false;
        }
        // Compare exactly: |m| · 2^e ≤ b · 2^f.
        let (b, f) = self.error.parts();
        let base = self.exponent.min(f);
        let magnitude = self.mantissa.magnitude() << (self.exponent - base).unsigned_abs();
        let bound = num_bigint::BigUint::from(b) << (f - base).unsigned_abs();
        magnitude <= bound
    }

    /// Position of the leading bit: `2^(top−1) ≤ |x| < 2^top` (0 for zero).
    pub fn top_bit(&self) -> i64 {
        if self.mantissa.is_zero() {
            0
        } else {
            self.exponent + bits_of(&self.mantissa)
        }
    }

    pub(super) fn is_zero(&self) -> bool {
        self.mantissa.is_zero()
    }

    /// x + y rounded to `precision` bits.
    pub fn add(&self, other: &BigFloat, precision: u64) -> BigFloat {
        if self.is_zero() {
            return BigFloat::new(other.mantissa.clone(), other.exponent, precision);
        }
        if other.is_zero() {
            return BigFloat::new(self.mantissa.clone(), self.exponent, precision);
        }
        let gap = i64::try_from(precision).unwrap_or(i64::MAX) + 4;
        // A term below the other's last kept bit only matters as a sticky bit.
        if self.top_bit() > other.top_bit().saturating_add(gap) {
            return self.nudged(other.mantissa.sign(), precision);
        }
        if other.top_bit() > self.top_bit().saturating_add(gap) {
            return other.nudged(self.mantissa.sign(), precision);
        }
        let exponent = self.exponent.min(other.exponent);
        let a = &self.mantissa << (self.exponent - exponent).unsigned_abs();
        let b = &other.mantissa << (other.exponent - exponent).unsigned_abs();
        BigFloat::new(a + b, exponent, precision)
    }

    /// This value moved by a tiny amount in the direction `sign`, then rounded.
    fn nudged(&self, sign: Sign, precision: u64) -> BigFloat {
        // The nudge must fall below the last kept bit, however short the
        // mantissa: 1 (one bit) + 10⁻¹³⁰ was 1 + 2⁻⁸, so σ(300) came out 0.9961.
        let guard = (precision + 8).saturating_sub(self.mantissa.bits()).max(8);
        let shifted = &self.mantissa << guard;
        let mantissa = match sign {
            Sign::Plus => shifted + 1,
            Sign::Minus => shifted - 1,
            Sign::NoSign => shifted,
        };
        BigFloat::new(
            mantissa,
            self.exponent - i64::try_from(guard).unwrap_or(i64::MAX),
            precision,
        )
    }

    /// x · y rounded to `precision` bits.
    pub fn mul(&self, other: &BigFloat, precision: u64) -> BigFloat {
        BigFloat::new(
            &self.mantissa * &other.mantissa,
            self.exponent + other.exponent,
            precision,
        )
    }

    /// x / y rounded to `precision` bits.
    ///
    /// # Errors
    /// [`DivisionByZero`] when y is zero.
    pub fn div(&self, other: &BigFloat, precision: u64) -> Result<BigFloat, DivisionByZero> {
        if other.is_zero() {
            return Err(DivisionByZero);
        }
        let precision_bits = i64::try_from(precision).unwrap_or(i64::MAX);
        let shift =
            (precision_bits + 2 + bits_of(&other.mantissa) - bits_of(&self.mantissa)).max(0);
        let numerator = &self.mantissa << shift.unsigned_abs();
        let (quotient, remainder) = numerator.div_mod_floor(&other.mantissa);
        let sticky = if remainder.is_zero() {
            BigInt::zero()
        } else {
            BigInt::one()
        };
        Ok(BigFloat::new(
            (quotient << 1) + sticky,
            self.exponent - other.exponent - shift - 1,
            precision,
        ))
    }

    /// A fast `f64` approximation (for initial guesses and tests only).
    pub fn to_f64(&self) -> f64 {
        let bits = bits_of(&self.mantissa);
        let drop = (bits - 60).max(0);
        let top = (&self.mantissa >> drop.unsigned_abs())
            .to_f64()
            .unwrap_or(0.0);
        let power = self.exponent + drop;
        let power = i32::try_from(power.clamp(-4000, 4000)).unwrap_or(0);
        top * 2f64.powi(power)
    }
}
