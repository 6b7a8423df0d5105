//! [`Bound`]: an upper bound on the error of an approximate value.
//!
//! Every approximate [`super::Real`] carries one (ball arithmetic): the
//! true value lies within `bound` of the approximation. A bound is a 64-bit
//! mantissa times a power of two, and every operation on bounds rounds
//! *up*, so a bound never understates the error. The bounds let rounding
//! see when an approximation cannot decide which way a value rounds — a
//! value reached through exp or ln that is exactly on a tie, such as
//! tanh(1) + tanh(−1) + 0.05 — instead of letting the approximation's own
//! error decide (`super::round::snap`).

use std::cmp::Ordering;

use num_bigint::BigUint;
use num_rational::BigRational;
use num_traits::{One, ToPrimitive};

/// Mantissa bits a bound keeps (leaving room to add one unit without overflow).
const BOUND_BITS: u64 = 62;

/// `mantissa × 2^exponent`, an upper bound on an absolute error.
///
/// Invariant: the mantissa has at most [`BOUND_BITS`] bits; zero has exponent 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Bound {
    mantissa: u64,
    exponent: i64,
}

impl Bound {
    /// No error at all.
    pub const ZERO: Bound = Bound {
        mantissa: 0,
        exponent: 0,
    };

    /// Whether the bound is 0 (the value is exact).
    pub fn is_zero(self) -> bool {
        self.mantissa == 0
    }

    /// `2^exponent`.
    pub fn power_of_two(exponent: i64) -> Bound {
        Bound {
            mantissa: 1,
            exponent,
        }
    }

    /// A bound not below `magnitude × 2^exponent` (the smallest one when the
    /// magnitude fits in 128 bits; otherwise its top 64 bits plus one unit).
    pub fn at_least(magnitude: &BigUint, exponent: i64) -> Bound {
        let bits = magnitude.bits();
        if bits <= 128 {
            return Bound::of_u128(magnitude.to_u128().unwrap_or(u128::MAX), exponent);
        }
        // The top two 64-bit digits, read in place; the rest only rounds up.
        let mut digits = magnitude.iter_u64_digits().rev();
        let high = u128::from(digits.next().unwrap_or(0));
        let next = u128::from(digits.next().unwrap_or(0));
        let below = i64::try_from(magnitude.iter_u64_digits().len().saturating_sub(2) * 64)
            .unwrap_or(i64::MAX);
        Bound::of_u128((high << 64) | next, exponent.saturating_add(below)).add_unit()
    }

    /// The smallest bound not below `value × 2^exponent`.
    fn of_u128(value: u128, exponent: i64) -> Bound {
        let bits = u128::BITS - value.leading_zeros();
        if bits <= BOUND_BITS as u32 {
            return Bound::normal(u64::try_from(value).unwrap_or(u64::MAX), exponent);
        }
        let drop = bits - BOUND_BITS as u32;
        let kept = u64::try_from(value >> drop).unwrap_or(u64::MAX);
        let exact = value.trailing_zeros() >= drop;
        Bound::normal(
            if exact { kept } else { kept + 1 },
            exponent.saturating_add(i64::from(drop)),
        )
    }

    /// One unit of the last bit more.
    fn add_unit(self) -> Bound {
        Bound::normal(self.mantissa + 1, self.exponent)
    }

    /// Keeps the mantissa within [`BOUND_BITS`] bits (rounding up).
    fn normal(mantissa: u64, exponent: i64) -> Bound {
        if mantissa == 0 {
            return Bound::ZERO;
        }
        let excess = (u64::BITS - mantissa.leading_zeros()).saturating_sub(BOUND_BITS as u32);
        if excess == 0 {
            return Bound { mantissa, exponent };
        }
        let dropped = mantissa & ((1 << excess) - 1);
        let kept = (mantissa >> excess) + u64::from(dropped != 0);
        let exponent = exponent.saturating_add(i64::from(excess));
        // Rounding up may carry into a 63rd bit, and then the value is 2^62.
        if kept >> BOUND_BITS == 0 {
            Bound {
                mantissa: kept,
                exponent,
            }
        } else {
            Bound {
                mantissa: kept >> 1,
                exponent: exponent.saturating_add(1),
            }
        }
    }

    /// `2^(top − 1) ≤ self < 2^top` (for a non-zero bound).
    pub fn top(self) -> i64 {
        self.exponent
            .saturating_add(i64::from(u64::BITS - self.mantissa.leading_zeros()))
    }

    /// An upper bound on `self + other`.
    #[must_use]
    pub fn plus(self, other: Bound) -> Bound {
        if self.is_zero() {
            return other;
        }
        if other.is_zero() {
            return self;
        }
        let (high, low) = if self.top() >= other.top() {
            (self, other)
        } else {
            (other, self)
        };
        // A term wholly below the other's last bit adds one unit of that bit.
        if low.top() <= high.exponent.saturating_sub(1) {
            return Bound::normal(high.mantissa + 1, high.exponent);
        }
        // Here both exponents lie within 63 of each other's top: u128 holds the sum.
        let base = high.exponent.min(low.exponent);
        let widen =
            |b: Bound| u128::from(b.mantissa) << u32::try_from(b.exponent - base).unwrap_or(0);
        Bound::of_u128(widen(high) + widen(low), base)
    }

    /// An upper bound on `self × other`.
    #[must_use]
    pub fn times(self, other: Bound) -> Bound {
        if self.is_zero() || other.is_zero() {
            return Bound::ZERO;
        }
        let product = u128::from(self.mantissa) * u128::from(other.mantissa);
        Bound::of_u128(product, self.exponent.saturating_add(other.exponent))
    }

    /// `self × 2^shift`.
    #[must_use]
    pub fn scale(self, shift: i64) -> Bound {
        if self.is_zero() {
            return self;
        }
        Bound {
            mantissa: self.mantissa,
            exponent: self.exponent.saturating_add(shift),
        }
    }

    /// An upper bound on `self / d` for any `d ≥ floor` (a positive lower
    /// bound given as `mantissa × 2^exponent`, see [`Floor`]).
    #[must_use]
    pub fn over(self, floor: Floor) -> Bound {
        if self.is_zero() {
            return self;
        }
        // (m₁ 2^e₁) / (m₂ 2^e₂) ≤ ⌈m₁ 2^64 / m₂⌉ 2^(e₁ − e₂ − 64).
        let quotient = (u128::from(self.mantissa) << 64).div_ceil(u128::from(floor.mantissa));
        Bound::of_u128(
            quotient,
            self.exponent
                .saturating_sub(floor.exponent)
                .saturating_sub(64),
        )
    }

    /// The exact value.
    pub fn to_rational(self) -> BigRational {
        let mantissa = BigRational::from_integer(self.mantissa.into());
        let power =
            BigRational::from_integer(num_bigint::BigInt::one() << self.exponent.unsigned_abs());
        match self.exponent.cmp(&0) {
            Ordering::Less => mantissa / power,
            Ordering::Equal | Ordering::Greater => mantissa * power,
        }
    }

    /// Mantissa and exponent (`mantissa × 2^exponent`).
    pub fn parts(self) -> (u64, i64) {
        (self.mantissa, self.exponent)
    }
}

/// A positive lower bound `mantissa × 2^exponent` (for dividing bounds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Floor {
    mantissa: u64,
    exponent: i64,
}

impl Floor {
    /// A lower bound on `magnitude × 2^exponent − error`, or `None` when
    /// that may be 0 or less (the error may reach the magnitude).
    pub fn of(magnitude: &BigUint, exponent: i64, error: Bound) -> Option<Floor> {
        let bits = magnitude.bits();
        if bits == 0 {
            return None;
        }
        // Truncating keeps a lower bound.
        let drop = bits.saturating_sub(BOUND_BITS);
        let kept = (magnitude >> drop).to_u64().unwrap_or(0);
        let exponent = exponent.saturating_add(i64::try_from(drop).unwrap_or(i64::MAX));
        if error.is_zero() {
            return Some(Floor {
                mantissa: kept,
                exponent,
            });
        }
        // An error below one unit of the kept bits takes at most one unit.
        if error.top() <= exponent {
            return (kept > 1).then_some(Floor {
                mantissa: kept - 1,
                exponent,
            });
        }
        // error ≥ 2^exponent here, and it must stay below 2^(exponent + 62).
        let shift = u32::try_from(error.exponent.saturating_sub(exponent)).ok()?;
        if shift > 62 {
            return None;
        }
        let less = u128::from(kept).checked_sub(u128::from(error.mantissa) << shift)?;
        let less = u64::try_from(less).ok().filter(|l| *l > 0)?;
        Some(Floor {
            mantissa: less,
            exponent,
        })
    }
}
