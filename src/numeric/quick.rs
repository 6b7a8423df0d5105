//! [`Quick`]: numbers for deciding many variants' answers fast.
//!
//! An exercise's answer key needs, for every variant, three runs (`step`,
//! `quantity`, `exact`) and a few decisions about them: how each value
//! rounds, whether a value is 0, which of two values is larger. [`Real`]
//! decides all of these, at the price of big-integer arithmetic. Almost
//! always machine numbers suffice, so a variant is first worked out in
//! [`Quick`] numbers:
//!
//! - a **decimal** (`digits × 10^−scale` in an `i128`) while the arithmetic
//!   stays exact — inputs, weights and every number rounded under
//!   `carry = step` are decimals, and so are their sums and products;
//! - otherwise a **ball**: an `f64` midpoint and a radius that bounds its
//!   distance from the true value (every operation adds its own rounding
//!   error and passes on its operands', as [`Real`]'s approximations do).
//!
//! A question a ball cannot settle — it touches a rounding boundary (a
//! half-unit or a printed value itself), 0, or another value — is left
//! [`Open`], and the caller works the variant out again in [`Real`]. So
//! every decision taken here is the one [`Real`] takes: a ball decides only
//! when the true value is further from the boundary than the ball's radius,
//! which is at least 2⁻⁵⁰ of its size, while [`Real`]'s approximations are
//! within 2⁻¹⁹⁰ of theirs and so decide the same way.

use std::cmp::Ordering;

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::ToPrimitive;

use super::eval::{Number, Open, Rules, Trouble};
use super::real::Real;
use super::round::{Decimal, Rounded, terminating_scale};
use crate::model::{Precision, Rounding};

/// The largest scale of an exact decimal (beyond it, a ball).
const MAX_SCALE: u32 = 36;

/// Relative error allowed for one rounding of an `f64` operation (an ulp is
/// 2⁻⁵²; twice that leaves room for the rounding of the radius itself).
const ULP: f64 = f64::EPSILON * 2.0;

/// An absolute error floor that covers subnormal results.
const TINY: f64 = 1e-300;

/// The largest magnitude a ball may reach (beyond it, undecided): far above
/// any quantity longhand accepts (10^30), far below f64's range.
const HUGE: f64 = 1e200;

/// A number for deciding answers fast (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Quick {
    /// `digits × 10^(−scale)`, exactly.
    Decimal {
        /// The digits, with the sign.
        digits: i128,
        /// Digits after the point (at most [`MAX_SCALE`]).
        scale: u32,
    },
    /// A value within `radius` of `middle`.
    Ball {
        /// The midpoint.
        middle: f64,
        /// A bound on the distance to the true value (never below
        /// 2⁻⁵¹ of the midpoint's size).
        radius: f64,
    },
}

fn ten(power: u32) -> Option<i128> {
    10i128.checked_pow(power)
}

/// The error of rounding a result of size `x` once, plus the floor.
fn own_error(x: f64) -> f64 {
    x.abs() * ULP + TINY
}

/// A ball around `middle` whose radius is `propagated` (the operands'
/// errors carried through) plus the rounding of this operation.
fn ball(middle: f64, propagated: f64) -> Result<Quick, Open> {
    let radius = (propagated + own_error(middle)) * (1.0 + ULP);
    if middle.is_finite() && radius.is_finite() && middle.abs() < HUGE {
        Ok(Quick::Ball { middle, radius })
    } else {
        Err(Open)
    }
}

impl Quick {
    /// An exact decimal, if it fits.
    fn decimal(digits: i128, scale: u32) -> Option<Quick> {
        (scale <= MAX_SCALE).then_some(Quick::Decimal { digits, scale })
    }

    /// The value as a [`Real`] would give it, if it can be held.
    ///
    /// # Errors
    /// Undecided: an approximation is never turned back into a [`Real`].
    pub fn of_real(value: &Real) -> Result<Quick, Open> {
        match value {
            Real::Exact(q) => Ok(Quick::of_rational(q)),
            Real::Approx(_) => Err(Open),
        }
    }

    /// An exact rational: a decimal when it has a short expansion, else a ball.
    pub fn of_rational(q: &BigRational) -> Quick {
        if let (Some(numerator), Some(denominator)) = (q.numer().to_i128(), q.denom().to_i128())
            && let Some(exact) = Quick::divide_exactly((numerator, 0), (denominator, 0))
        {
            return exact;
        }
        if let Some(scale) = terminating_scale(q).and_then(|s| u32::try_from(s).ok())
            && scale <= MAX_SCALE
            && let Some(power) = ten(scale)
        {
            let scaled = q * BigRational::from_integer(BigInt::from(power));
            if let Some(digits) = scaled.to_integer().to_i128() {
                return Quick::Decimal { digits, scale };
            }
        }
        let middle = q.to_f64().unwrap_or(f64::NAN);
        // to_f64 rounds once (or twice for huge numerators and denominators).
        Quick::Ball {
            middle,
            radius: 4.0 * own_error(middle),
        }
    }

    /// The midpoint and radius of the value as a ball.
    fn as_ball(self) -> (f64, f64) {
        match self {
            Quick::Ball { middle, radius } => (middle, radius),
            Quick::Decimal { digits, scale } => {
                // digits as f64 rounds once (when beyond 2^53), the power of
                // ten is exact up to 10^22 and rounded once beyond, and the
                // division rounds once.
                let middle = digits as f64 / 10f64.powi(scale as i32);
                (middle, 4.0 * own_error(middle))
            }
        }
    }

    /// Two decimals brought to the same scale.
    fn aligned(a: (i128, u32), b: (i128, u32)) -> Option<(i128, i128, u32)> {
        let scale = a.1.max(b.1);
        let left = a.0.checked_mul(ten(scale - a.1)?)?;
        let right = b.0.checked_mul(ten(scale - b.1)?)?;
        Some((left, right, scale))
    }

    /// The exact quotient of two decimals, when it is a short decimal.
    fn divide_exactly(a: (i128, u32), b: (i128, u32)) -> Option<Quick> {
        let gcd = gcd(a.0.unsigned_abs(), b.0.unsigned_abs());
        let gcd = i128::try_from(gcd).ok()?;
        let (mut numerator, mut denominator) = (a.0 / gcd, b.0 / gcd);
        if denominator < 0 {
            numerator = -numerator;
            denominator = -denominator;
        }
        // The quotient terminates when the denominator is 2^i 5^j.
        let (mut rest, mut twos, mut fives) = (denominator, 0u32, 0u32);
        while rest % 2 == 0 {
            rest /= 2;
            twos += 1;
        }
        while rest % 5 == 0 {
            rest /= 5;
            fives += 1;
        }
        if rest != 1 {
            return None;
        }
        let extra = twos.max(fives);
        // numerator / denominator = numerator · (10^extra / denominator) / 10^extra
        let digits = numerator.checked_mul(ten(extra)? / denominator)?;
        let scale = a.1.checked_add(extra)?;
        if scale >= b.1 {
            Quick::decimal(digits, scale - b.1)
        } else {
            Quick::decimal(digits.checked_mul(ten(b.1 - scale)?)?, 0)
        }
    }

    fn ball_compare(self, other: Quick) -> Result<Ordering, Open> {
        let (a, ra) = self.as_ball();
        let (b, rb) = other.as_ball();
        let gap = (ra + rb) * (1.0 + ULP) + own_error(a) + own_error(b);
        if a + gap < b {
            Ok(Ordering::Less)
        } else if b + gap < a {
            Ok(Ordering::Greater)
        } else {
            Err(Open)
        }
    }

    /// Rounds a ball to `places` decimals, if no rounding boundary (a half
    /// unit, or a printed value itself) is within twice its radius.
    fn round_ball(middle: f64, radius: f64, places: u32, mode: Rounding) -> Result<Rounded, Open> {
        let power = 10f64.powi(places as i32);
        let x = middle * power;
        let spread = 2.0 * (radius * power + own_error(x)) * (1.0 + ULP) + TINY;
        let size = x.abs();
        if !x.is_finite() || size >= 2f64.powi(50) {
            return Err(Open);
        }
        // In units of half a printed unit, |value| · 10^places lies in (low, high).
        let (low, high) = (2.0 * (size - spread), 2.0 * (size + spread));
        let halves = low.floor();
        if low <= 0.0 || halves != high.floor() || low == halves {
            return Err(Open);
        }
        // Strictly between two halves: not 0 (so the sign is x's), not a
        // printed value (so not exact), not a tie.
        let quotient = (halves / 2.0).floor();
        let above_half = halves % 2.0 == 1.0;
        let up = match mode {
            Rounding::HalfUp | Rounding::HalfDown | Rounding::HalfEven => above_half,
            Rounding::TowardZero => false,
            Rounding::AwayFromZero => true,
        };
        let magnitude = quotient as i64 + i64::from(up);
        let digits = if x < 0.0 { -magnitude } else { magnitude };
        Ok(Rounded {
            decimal: Decimal {
                digits: BigInt::from(digits),
                scale: i64::from(places),
            },
            exact: false,
        })
    }

    fn round_decimal(digits: i128, scale: u32, places: u32, mode: Rounding) -> Option<Rounded> {
        let (magnitude, exact) = if scale <= places {
            (
                digits
                    .unsigned_abs()
                    .checked_mul(ten(places - scale)?.unsigned_abs())?,
                true,
            )
        } else {
            let divisor = ten(scale - places)?.unsigned_abs();
            let (quotient, remainder) = (
                digits.unsigned_abs() / divisor,
                digits.unsigned_abs() % divisor,
            );
            let twice = remainder * 2;
            let exact = remainder == 0;
            let up = match mode {
                Rounding::HalfUp => twice >= divisor,
                Rounding::HalfDown => twice > divisor,
                Rounding::HalfEven => match twice.cmp(&divisor) {
                    Ordering::Greater => true,
                    Ordering::Equal => quotient % 2 == 1,
                    Ordering::Less => false,
                },
                Rounding::TowardZero => false,
                Rounding::AwayFromZero => !exact,
            };
            (quotient + u128::from(up), exact)
        };
        let magnitude = BigInt::from(magnitude);
        Some(Rounded {
            decimal: Decimal {
                digits: if digits < 0 { -magnitude } else { magnitude },
                scale: i64::from(places),
            },
            exact,
        })
    }
}

fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a.max(1)
}

impl Number for Quick {
    fn constant(c: &BigRational) -> Quick {
        Quick::of_rational(c)
    }

    fn int(n: i64) -> Quick {
        Quick::Decimal {
            digits: i128::from(n),
            scale: 0,
        }
    }

    fn of_rounded(rounded: &Rounded) -> Quick {
        let decimal = &rounded.decimal;
        match (decimal.digits.to_i128(), u32::try_from(decimal.scale)) {
            (Some(digits), Ok(scale)) if scale <= MAX_SCALE => Quick::Decimal { digits, scale },
            _ => Quick::of_rational(&decimal.to_rational()),
        }
    }

    fn add(&self, other: &Quick) -> Result<Quick, Trouble> {
        if let (
            Quick::Decimal {
                digits: a,
                scale: sa,
            },
            Quick::Decimal {
                digits: b,
                scale: sb,
            },
        ) = (*self, *other)
            && let Some((a, b, scale)) = Quick::aligned((a, sa), (b, sb))
            && let Some(sum) = a.checked_add(b)
        {
            return Ok(Quick::Decimal { digits: sum, scale });
        }
        let ((a, ra), (b, rb)) = (self.as_ball(), other.as_ball());
        Ok(ball(a + b, ra + rb)?)
    }

    fn mul(&self, other: &Quick) -> Result<Quick, Trouble> {
        if let (
            Quick::Decimal {
                digits: a,
                scale: sa,
            },
            Quick::Decimal {
                digits: b,
                scale: sb,
            },
        ) = (*self, *other)
            && let Some(product) = a.checked_mul(b)
            && let Some(exact) = Quick::decimal(product, sa + sb)
        {
            return Ok(exact);
        }
        let ((a, ra), (b, rb)) = (self.as_ball(), other.as_ball());
        Ok(ball(a * b, a.abs() * rb + b.abs() * ra + ra * rb)?)
    }

    fn div(&self, other: &Quick) -> Result<Quick, Trouble> {
        if let Quick::Decimal { digits: 0, .. } = other {
            return Err(Trouble::DivisionByZero);
        }
        if let (
            Quick::Decimal {
                digits: a,
                scale: sa,
            },
            Quick::Decimal {
                digits: b,
                scale: sb,
            },
        ) = (*self, *other)
            && let Some(exact) = Quick::divide_exactly((a, sa), (b, sb))
        {
            return Ok(exact);
        }
        let ((a, ra), (b, rb)) = (self.as_ball(), other.as_ball());
        let floor = b.abs() - rb;
        if floor <= 0.0 {
            return Err(Trouble::Open);
        }
        let middle = a / b;
        Ok(ball(
            middle,
            (ra + middle.abs() * rb) / floor * (1.0 + 4.0 * ULP),
        )?)
    }

    fn powi(&self, n: i32) -> Result<Quick, Trouble> {
        let mut result = Quick::int(1);
        for _ in 0..n.unsigned_abs() {
            result = result.mul(self)?;
        }
        if n < 0 {
            Quick::int(1).div(&result)
        } else {
            Ok(result)
        }
    }

    fn neg(&self) -> Quick {
        match *self {
            Quick::Decimal { digits, scale } => Quick::Decimal {
                digits: -digits,
                scale,
            },
            Quick::Ball { middle, radius } => Quick::Ball {
                middle: -middle,
                radius,
            },
        }
    }

    fn compare(&self, other: &Quick) -> Result<Ordering, Open> {
        if let (
            Quick::Decimal {
                digits: a,
                scale: sa,
            },
            Quick::Decimal {
                digits: b,
                scale: sb,
            },
        ) = (*self, *other)
            && let Some((a, b, _)) = Quick::aligned((a, sa), (b, sb))
        {
            return Ok(a.cmp(&b));
        }
        self.ball_compare(*other)
    }

    fn signum(&self) -> Result<i32, Open> {
        match *self {
            Quick::Decimal { digits, .. } => Ok(digits.signum() as i32),
            Quick::Ball { middle, radius } if middle - radius > 0.0 => Ok(1),
            Quick::Ball { middle, radius } if middle + radius < 0.0 => Ok(-1),
            Quick::Ball { .. } => Err(Open),
        }
    }

    fn round(&self, precision: Precision, mode: Rounding) -> Result<Rounded, Open> {
        let Precision::Decimals(places) = precision else {
            return Err(Open);
        };
        match *self {
            Quick::Decimal { digits, scale } => {
                Quick::round_decimal(digits, scale, places, mode).ok_or(Open)
            }
            Quick::Ball { middle, radius } => Quick::round_ball(middle, radius, places, mode),
        }
    }

    fn exp(&self) -> Result<Quick, Trouble> {
        if let Quick::Decimal { digits: 0, .. } = self {
            return Ok(Quick::int(1));
        }
        let (x, r) = self.as_ball();
        // Beyond this [`Real`] may refuse (e^x out of range): let it say so.
        if x.abs() + r > 600.0 {
            return Err(Trouble::Open);
        }
        let middle = x.exp();
        // e^(x ± r) − e^x ≤ e^x (e^r − 1) ≤ e^x · r (1 + r) for r < 1; the
        // library's exp is within an ulp, counted twice.
        let propagated = middle * r * (1.0 + r) + 2.0 * own_error(middle);
        if r >= 1.0 {
            return Err(Trouble::Open);
        }
        Ok(ball(middle, propagated)?)
    }

    fn ln(&self) -> Result<Quick, Trouble> {
        match *self {
            Quick::Decimal { digits, .. } if digits <= 0 => return Err(Trouble::Domain),
            Quick::Decimal { digits, scale } if ten(scale) == Some(digits) => {
                return Ok(Quick::int(0));
            }
            _ => {}
        }
        let (x, r) = self.as_ball();
        if x - r <= 0.0 {
            return Err(Trouble::Open);
        }
        let middle = x.ln();
        // |ln(x ± r) − ln x| ≤ r / (x − r).
        Ok(ball(
            middle,
            r / (x - r) * (1.0 + 4.0 * ULP) + 2.0 * own_error(middle),
        )?)
    }

    fn root(&self, _: u32) -> Result<Quick, Trouble> {
        // Roots (RMSProp, Adam) are left to [`Real`], which knows when one is exact.
        Err(Trouble::Open)
    }

    fn exp_rounded(&self, precision: Precision, mode: Rounding) -> Result<Rounded, Trouble> {
        Ok(self.exp()?.round(precision, mode)?)
    }

    fn ln_rounded(&self, precision: Precision, mode: Rounding) -> Result<Rounded, Trouble> {
        Ok(self.ln()?.round(precision, mode)?)
    }

    fn root_rounded(&self, _: u32, _: Precision, _: Rounding) -> Result<(Quick, Rounded), Trouble> {
        Err(Trouble::Open)
    }

    fn written(&self, _: &Rules) -> String {
        // Quick failures are never reported: the variant is worked out in
        // [`Real`], which words the error.
        String::new()
    }
}

impl Quick {
    /// Whether the value is exactly 0 (`Err` when a ball cannot tell).
    ///
    /// # Errors
    /// Undecided.
    pub fn zero(&self) -> Result<bool, Open> {
        Number::is_zero(self)
    }

    /// Whether the value, rounded to `places` decimals, would be a tie
    /// (exactly halfway between two printed values).
    ///
    /// # Errors
    /// Undecided.
    pub fn is_tie(&self, places: u32) -> Result<bool, Open> {
        match *self {
            Quick::Decimal { digits, scale } => {
                if scale <= places {
                    return Ok(false);
                }
                let divisor = ten(scale - places).ok_or(Open)?.unsigned_abs();
                Ok(digits.unsigned_abs() % divisor * 2 == divisor)
            }
            // A ball decides only away from every half unit (see `round_ball`).
            Quick::Ball { middle, radius } => {
                Quick::round_ball(middle, radius, places, Rounding::HalfUp).map(|_| false)
            }
        }
    }

    /// Whether it is an exact value ([`Real`]'s tie test only applies to those).
    pub fn is_exact(&self) -> bool {
        matches!(self, Quick::Decimal { .. })
    }

    /// |value|.
    pub fn magnitude(&self) -> Quick {
        match *self {
            Quick::Decimal { digits, scale } => Quick::Decimal {
                digits: digits.abs(),
                scale,
            },
            Quick::Ball { middle, radius } => Quick::Ball {
                middle: middle.abs(),
                radius,
            },
        }
    }
}
