//! Rounding a [`Real`] to a [`Precision`] with a [`Rounding`] mode, exactly.
//!
//! The result is a [`Decimal`] (`digits × 10^−scale`), which is itself an
//! exact rational, so a rounded value can be carried into later lines with
//! no further error. Ties are detected exactly: `0.00005` at 4 decimals is a
//! tie, and each mode resolves it as the spec says.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::sync::LazyLock;

use num_bigint::BigInt;
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{One, Signed, Zero};

use super::bound::Bound;
use super::real::Real;
use crate::model::{Precision, Rounding};

/// Significant digits shown for a value under `precision = exact` when it
/// has no terminating decimal expansion (the spec asks for at least 25).
pub const EXACT_DISPLAY_DIGITS: u32 = 30;

/// A decimal number `digits × 10^(−scale)`; `scale` is the number of digits
/// after the point (negative when trailing zeros before the point are implied).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decimal {
    /// The digits as one integer (its sign is the number's sign; zero has none).
    pub digits: BigInt,
    /// How many of them follow the decimal point.
    pub scale: i64,
}

/// A rounded value and whether rounding changed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rounded {
    /// The rounded value.
    pub decimal: Decimal,
    /// `true` when the value was already representable (nothing was dropped).
    pub exact: bool,
}

impl Decimal {
    /// The exact value.
    pub fn to_rational(&self) -> BigRational {
        let ten = BigInt::from(10);
        let power = |scale: i64| ten.pow(u32::try_from(scale.unsigned_abs()).unwrap_or(u32::MAX));
        if self.scale < 0 {
            return BigRational::from_integer(&self.digits * power(self.scale));
        }
        if self.digits.is_zero() {
            return BigRational::zero();
        }
        // The denominator 10^scale has only the prime factors 2 and 5: cancel
        // them directly instead of by a general gcd (the hot path of
        // `carry = step`, where every written number comes back through here).
        let scale = self.scale.unsigned_abs();
        let twos = self.digits.trailing_zeros().unwrap_or(0).min(scale);
        let mut numerator = &self.digits >> twos;
        let mut fives = 0;
        while fives < scale && (&numerator % 5u32).is_zero() {
            numerator /= 5u32;
            fives += 1;
        }
        let denominator = (BigInt::one() << (scale - twos))
            * BigInt::from(5u32).pow(u32::try_from(scale - fives).unwrap_or(u32::MAX));
        BigRational::new_raw(numerator, denominator)
    }

    /// The exact value as a [`Real`].
    pub fn to_real(&self) -> Real {
        Real::Exact(self.to_rational())
    }

    /// Whether the value is zero.
    pub fn is_zero(&self) -> bool {
        self.digits.is_zero()
    }
}

/// `value = numerator / denominator` with a positive denominator.
struct Fraction {
    numerator: BigInt,
    denominator: BigInt,
}

fn fraction_of(value: &Real) -> Fraction {
    match value {
        Real::Exact(q) => Fraction {
            numerator: q.numer().clone(),
            denominator: q.denom().clone(),
        },
        Real::Approx(f) => {
            let (mantissa, exponent) = f.parts();
            if exponent >= 0 {
                Fraction {
                    numerator: mantissa << exponent.unsigned_abs(),
                    denominator: BigInt::one(),
                }
            } else {
                Fraction {
                    numerator: mantissa.clone(),
                    denominator: BigInt::one() << exponent.unsigned_abs(),
                }
            }
        }
    }
}

/// Powers of ten up to this exponent are computed once and kept.
const CACHED_POWERS: usize = 400;

/// 10^0 … 10^[`CACHED_POWERS`]: rounding needs one or two powers of ten per
/// number, and computing them each time was a tenth of a report's cost.
static POWERS_OF_TEN: LazyLock<Vec<BigInt>> = LazyLock::new(|| {
    std::iter::successors(Some(BigInt::one()), |p| Some(p * 10u32))
        .take(CACHED_POWERS + 1)
        .collect()
});

fn pow10(exponent: u64) -> Cow<'static, BigInt> {
    match usize::try_from(exponent)
        .ok()
        .and_then(|e| POWERS_OF_TEN.get(e))
    {
        Some(power) => Cow::Borrowed(power),
        None => Cow::Owned(BigInt::from(10).pow(u32::try_from(exponent).unwrap_or(u32::MAX))),
    }
}

/// Rounds `value` to `precision` with `mode`.
///
/// An approximation within its error bound of a rounding boundary is
/// rounded as if it were exactly on it ([`snap`]): its digits are then
/// those of the boundary, not of the approximation's own error.
pub fn round(value: &Real, precision: Precision, mode: Rounding) -> Rounded {
    match precision {
        Precision::Decimals(places) => round_to_scale(value, i64::from(places), mode),
        Precision::Significant(digits) => round_significant(value, digits, mode),
        Precision::Exact => match value {
            Real::Exact(q) => match terminating_scale(q) {
                Some(scale) => round_to_scale(value, scale, mode),
                None => round_significant(value, EXACT_DISPLAY_DIGITS, mode),
            },
            // Taken to be exact, it prints as the exact value does (`0.05`).
            Real::Approx(_) => match snap(value, precision) {
                Some(snapped) => round(&Real::Exact(snapped.value), precision, mode),
                None => round_significant(value, EXACT_DISPLAY_DIGITS, mode),
            },
        },
    }
}

/// The number of decimals a terminating fraction needs, or `None` when its
/// decimal expansion does not terminate (or would need more than 60 places).
pub fn terminating_scale(q: &BigRational) -> Option<i64> {
    let mut rest = q.denom().clone();
    let (mut twos, mut fives) = (0i64, 0i64);
    let two = BigInt::from(2);
    let five = BigInt::from(5);
    while rest.is_even() && !rest.is_zero() {
        rest /= &two;
        twos += 1;
    }
    while (&rest % &five).is_zero() && !rest.is_zero() {
        rest /= &five;
        fives += 1;
    }
    let scale = twos.max(fives);
    (rest.is_one() && scale <= 60).then_some(scale)
}

/// What an approximation was taken to be exactly, when its error bound
/// left open which way it rounds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snap {
    /// The value it is taken to be.
    pub value: BigRational,
    /// What that value is.
    pub kind: SnapKind,
    /// The approximation's error bound (it lay within this of `value`).
    pub within: Bound,
}

/// The kinds of rounding boundary an approximation can be taken to lie on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SnapKind {
    /// 0.
    Zero,
    /// A value the precision shows exactly (where directed rounding jumps).
    Shown,
    /// Halfway between two values the precision shows: a tie.
    Tie,
}

/// Where an approximate value must be treated as exact: when 0, a value
/// the precision shows exactly, or a tie between two of them lies within
/// the value's error bound, the approximation cannot tell which way the
/// true value rounds. longhand then takes it to be exactly there — as it
/// almost surely is: a value reached through exp or ln that comes within
/// 10⁻⁷⁰ of a tie is, in practice, an exact tie reached another way, like
/// tanh(1) + tanh(−1) + 0.05 — and the report says so (README, "How
/// numbers are computed"). `None` for exact values and clear cases.
/// [`round`] rounds exactly this value instead of the approximation.
pub fn snap(value: &Real, precision: Precision) -> Option<Snap> {
    let within = error_of(value)?;
    if value.is_zero() {
        return Some(Snap {
            value: BigRational::zero(),
            kind: SnapKind::Zero,
            within,
        });
    }
    let scale = match precision {
        Precision::Decimals(places) => i64::from(places),
        Precision::Significant(digits) => i64::from(digits) - 1 - decimal_exponent(value),
        Precision::Exact => i64::from(EXACT_DISPLAY_DIGITS) - 1 - decimal_exponent(value),
    };
    let parts = Scaled::of(value, scale);
    let halves = parts.boundary_within(within, scale)?;
    let kind = if halves.is_zero() {
        SnapKind::Zero
    } else if halves.is_odd() {
        SnapKind::Tie
    } else {
        SnapKind::Shown
    };
    Some(Snap {
        value: parts.boundary(&halves, scale),
        kind,
        within,
    })
}

/// The error bound of an approximation, when it has one.
fn error_of(value: &Real) -> Option<Bound> {
    match value {
        Real::Approx(float) if !float.error().is_zero() => Some(float.error()),
        Real::Approx(_) | Real::Exact(_) => None,
    }
}

/// `|value| · 10^scale = numerator / denominator`, divided out.
struct Scaled {
    negative: bool,
    quotient: BigInt,
    remainder: BigInt,
    denominator: BigInt,
}

impl Scaled {
    fn of(value: &Real, scale: i64) -> Scaled {
        let Fraction {
            numerator,
            denominator,
        } = fraction_of(value);
        let (numerator, denominator) = if scale >= 0 {
            (numerator * &*pow10(scale.unsigned_abs()), denominator)
        } else {
            (numerator, denominator * &*pow10(scale.unsigned_abs()))
        };
        let negative = numerator.is_negative();
        let (quotient, remainder) = numerator.abs().div_rem(&denominator);
        Scaled {
            negative,
            quotient,
            remainder,
            denominator,
        }
    }

    /// The number k of halves of 10^−scale that |value| lies within `error`
    /// of, if any: |n/d − k/2| ≤ error · 10^scale, i.e. with the distance
    /// doubled, |2n − kd| ≤ 2d · error · 10^scale.
    fn boundary_within(&self, error: Bound, scale: i64) -> Option<BigInt> {
        let d = &self.denominator;
        let twice: BigInt = &self.remainder << 1;
        let below = 2 * &self.quotient;
        let (halves, distance) = match twice.cmp(d) {
            // The nearest of 2q, 2q + 1 (the tie), 2q + 2.
            Ordering::Less if twice <= (d - &twice) => (below, twice.clone()),
            Ordering::Less | Ordering::Equal => (below + 1, d - &twice),
            Ordering::Greater if &twice - d <= ((d << 1) - &twice) => (below + 1, &twice - d),
            Ordering::Greater => (below + 2, (d << 1) - &twice),
        };
        let (mantissa, exponent) = error.parts();
        let power = pow10(scale.unsigned_abs());
        let bits = |n: &BigInt| i64::try_from(n.bits()).unwrap_or(i64::MAX);
        // Cheap rejection by bit lengths: distance ≥ 2^(bits − 1) against a
        // bound below 2^(1 + bits(d) + 64 + exponent + bits(10^scale)).
        let left_bits = bits(&distance) - 1 + if scale < 0 { bits(&power) - 1 } else { 0 };
        let right_bits = 1 + bits(d) + 64 + exponent + if scale >= 0 { bits(&power) } else { 0 };
        if left_bits >= right_bits {
            return None;
        }
        let mut left = if scale < 0 {
            distance * &*power
        } else {
            distance
        };
        let mut right = (d << 1) * BigInt::from(mantissa);
        if scale >= 0 {
            right *= &*power;
        }
        if exponent >= 0 {
            right <<= exponent.unsigned_abs();
        } else {
            left <<= exponent.unsigned_abs();
        }
        (left <= right).then_some(halves)
    }

    /// The value of `halves` halves of 10^−scale, with the value's sign.
    fn boundary(&self, halves: &BigInt, scale: i64) -> BigRational {
        let power = pow10(scale.unsigned_abs()).into_owned();
        let magnitude = if scale >= 0 {
            BigRational::new(halves.clone(), 2 * power)
        } else {
            BigRational::new(halves * power, BigInt::from(2))
        };
        if self.negative { -magnitude } else { magnitude }
    }
}

/// Rounds to `scale` digits after the point (a negative scale rounds to tens, hundreds, ...).
fn round_to_scale(value: &Real, scale: i64, mode: Rounding) -> Rounded {
    if let Some(error) = error_of(value) {
        if value.is_zero() {
            return round_to_scale(&Real::zero(), scale, mode);
        }
        let parts = Scaled::of(value, scale);
        match parts.boundary_within(error, scale) {
            Some(halves) => {
                let snapped = Real::Exact(parts.boundary(&halves, scale));
                return round_to_scale(&snapped, scale, mode);
            }
            None => return round_parts(parts, scale, mode),
        }
    }
    round_parts(Scaled::of(value, scale), scale, mode)
}

/// Rounds the divided-out value by `mode`.
fn round_parts(parts: Scaled, scale: i64, mode: Rounding) -> Rounded {
    let Scaled {
        negative,
        quotient,
        remainder,
        denominator,
    } = parts;
    let exact = remainder.is_zero();
    let twice: BigInt = &remainder << 1;
    let up = match mode {
        Rounding::HalfUp => twice >= denominator,
        Rounding::HalfDown => twice > denominator,
        Rounding::HalfEven => match twice.cmp(&denominator) {
            Ordering::Greater => true,
            Ordering::Equal => quotient.is_odd(),
            Ordering::Less => false,
        },
        Rounding::TowardZero => false,
        Rounding::AwayFromZero => !exact,
    };
    let magnitude = if up { quotient + 1 } else { quotient };
    let digits = if negative { -magnitude } else { magnitude };
    Rounded {
        decimal: Decimal { digits, scale },
        exact,
    }
}

/// ⌊log₁₀ |value|⌋ for a non-zero value.
pub fn decimal_exponent(value: &Real) -> i64 {
    let Fraction {
        numerator,
        denominator,
    } = fraction_of(value);
    let numerator = numerator.abs();
    // log10(2) ≈ 0.30103: a first estimate from the bit lengths, then corrected.
    let bits = i64::try_from(numerator.bits()).unwrap_or(0)
        - i64::try_from(denominator.bits()).unwrap_or(0);
    let mut exponent = Integer::div_floor(&(bits * 30103), &100_000);
    loop {
        // 10^e ≤ n/d < 10^(e+1), compared as integers: n·10^(−e) against d
        // for negative e, n against d·10^e otherwise.
        let (scaled, bound) = if exponent >= 0 {
            (
                Cow::Borrowed(&numerator),
                denominator.clone() * &*pow10(exponent.unsigned_abs()),
            )
        } else {
            (
                Cow::Owned(&numerator * &*pow10(exponent.unsigned_abs())),
                denominator.clone(),
            )
        };
        if *scaled < bound {
            exponent -= 1;
        } else if *scaled >= bound * 10u32 {
            exponent += 1;
        } else {
            return exponent;
        }
    }
}

fn round_significant(value: &Real, digits: u32, mode: Rounding) -> Rounded {
    if value.is_zero() {
        return Rounded {
            decimal: Decimal {
                digits: BigInt::zero(),
                scale: i64::from(digits) - 1,
            },
            exact: true,
        };
    }
    let exponent = decimal_exponent(value);
    let scale = i64::from(digits) - 1 - exponent;
    let mut rounded = round_to_scale(value, scale, mode);
    // Rounding 9.9996 up to 4 significant digits gives 10.000: drop the extra zero.
    if rounded.decimal.digits.abs() >= *pow10(u64::from(digits)) {
        rounded.decimal = Decimal {
            digits: &rounded.decimal.digits / 10,
            scale: scale - 1,
        };
    }
    rounded
}
