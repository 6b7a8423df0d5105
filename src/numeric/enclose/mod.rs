//! The true value of a formula of constants, correctly rounded: the
//! formula is evaluated on intervals with rational ends that certainly
//! hold the true value, with more bits until both ends round alike.
//!
//! Every function of [`Func`] has its interval here: exp and ln through
//! [`super::transcendental`] with their error bounds, roots through exact
//! integer roots, σ, tanh, softplus, cosh and sinh from exp at each end
//! (they are monotone, or monotone on each side of 0), the steps, `abs`
//! and `if` exactly. Saturation is no error: e^x for x below −9000 lies in
//! [0, e^−9000], so σ(−9001), tanh(5000) and σ′(9000) have values.
//!
//! An exact rational result is exact (a point). A value that sits on a
//! rounding boundary is decided when the formula is rational; otherwise,
//! after [`MAX_BITS`] bits, [`EncloseError::Undecided`] says so rather than
//! guess.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive, Zero};

mod bounds;

use super::real::Real;
use super::round::{Rounded, round};
use crate::functions::Var;
use crate::model::{Precision, Rounding};
use crate::symbolic::{Atom, Expr, Node};
use bounds::{apply, power};

/// Bits of the first evaluation; doubled up to [`MAX_BITS`].
const FIRST_BITS: u64 = 64;

/// The most bits tried before a value is declared too close to a rounding
/// boundary to decide.
pub const MAX_BITS: u64 = 16_384;

/// The largest integer exponent evaluated (`x^n`).
pub const MAX_POWER: i64 = 4096;

/// The most bits (numerator and denominator together) an exact value may
/// have: about 6,000 digits, far beyond any printed claim. Exact rational
/// arithmetic reduces by a gcd whose cost grows with the square of the
/// size, so `(2^4096)^4096` stops at once instead of running for minutes.
pub const MAX_VALUE_BITS: u64 = 20_000;

/// The largest binary order of magnitude of any value (2^±65536); smaller
/// non-zero values are held as lying between 0 and 2^−65536.
pub const MAX_MAGNITUDE: i64 = 65_536;

/// Why a formula has no value (or none that can be decided).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EncloseError {
    /// A division by zero.
    DivisionByZero,
    /// ln of zero or of a negative number.
    LnDomain,
    /// An even root of a negative number.
    RootDomain,
    /// e^x, cosh or sinh with x beyond 9000.
    ExpRange,
    /// An integer power beyond [`MAX_POWER`].
    PowerTooLarge,
    /// A value grew beyond [`MAX_VALUE_BITS`] or [`MAX_MAGNITUDE`].
    TooLarge,
    /// The formula has a variable or a quantity in it (a bug in the caller).
    Unbound,
    /// The value lies too close to the boundary between two roundings
    /// (these two) to decide which: possibly exactly on it.
    Undecided(Box<(Rounded, Rounded)>),
    /// A divisor, an argument of ln or of a root, or the two sides of a
    /// condition are too close to tell apart (possibly exactly equal).
    Indeterminate,
}

/// A value known well enough to round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decided {
    /// The true value correctly rounded.
    pub rounded: Rounded,
    /// A rational within the final interval (the value itself when exact).
    pub estimate: BigRational,
    /// Whether the value is an exact rational.
    pub exact: bool,
}

/// What went wrong inside one evaluation.
enum Fail {
    /// An interval is too wide to continue (a divisor, an ln argument or a
    /// condition that might go either way): try again with more bits.
    MoreBits,
    /// A definite failure.
    Definite(EncloseError),
}

impl From<EncloseError> for Fail {
    fn from(error: EncloseError) -> Fail {
        Fail::Definite(error)
    }
}

/// A closed interval `[low, high]` holding the true value.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Interval {
    low: BigRational,
    high: BigRational,
}

fn int(n: i64) -> BigRational {
    BigRational::from_integer(BigInt::from(n))
}

impl Interval {
    fn point(value: BigRational) -> Interval {
        Interval {
            low: value.clone(),
            high: value,
        }
    }

    fn is_point(&self) -> bool {
        self.low == self.high
    }

    fn neg(&self) -> Interval {
        Interval {
            low: -&self.high,
            high: -&self.low,
        }
    }

    fn add(&self, other: &Interval) -> Interval {
        Interval {
            low: &self.low + &other.low,
            high: &self.high + &other.high,
        }
    }

    fn mul(&self, other: &Interval) -> Interval {
        if self.is_point() && other.is_point() {
            return Interval::point(&self.low * &other.low);
        }
        let products = [
            &self.low * &other.low,
            &self.low * &other.high,
            &self.high * &other.low,
            &self.high * &other.high,
        ];
        let low = products.iter().min().cloned().unwrap_or_default();
        let high = products.iter().max().cloned().unwrap_or_default();
        Interval { low, high }
    }

    fn contains_zero(&self) -> bool {
        !self.low.is_positive() && !self.high.is_negative()
    }

    fn recip(&self) -> Result<Interval, Fail> {
        if self.is_point() && self.low.is_zero() {
            return Err(EncloseError::DivisionByZero.into());
        }
        if self.contains_zero() {
            return Err(Fail::MoreBits);
        }
        Ok(Interval {
            low: self.high.recip(),
            high: self.low.recip(),
        })
    }

    /// Applies an increasing function given by its lower and upper bounds at a point.
    fn increasing(
        &self,
        bound: impl Fn(&BigRational, bool) -> Result<BigRational, Fail>,
    ) -> Result<Interval, Fail> {
        Ok(Interval {
            low: bound(&self.low, false)?,
            high: bound(&self.high, true)?,
        })
    }
}

/// `q` rounded down (or up) to a multiple of a power of two leaving about
/// `bits` significant bits.
fn truncate(q: &BigRational, bits: u64, up: bool) -> BigRational {
    if q.is_zero() {
        return q.clone();
    }
    let magnitude = magnitude(q);
    let shift = i64::try_from(bits).unwrap_or(i64::MAX / 2) - magnitude;
    let scale = BigInt::one() << shift.unsigned_abs();
    let scaled = if shift >= 0 {
        q * BigRational::from_integer(scale.clone())
    } else {
        q / BigRational::from_integer(scale.clone())
    };
    let whole = if up { scaled.ceil() } else { scaled.floor() };
    if shift >= 0 {
        whole / BigRational::from_integer(scale)
    } else {
        whole * BigRational::from_integer(scale)
    }
}

/// ⌊log₂|q|⌋ + 1, roughly.
fn magnitude(q: &BigRational) -> i64 {
    i64::try_from(q.numer().bits()).unwrap_or(i64::MAX / 2)
        - i64::try_from(q.denom().bits()).unwrap_or(i64::MAX / 2)
}

fn size(q: &BigRational) -> u64 {
    q.numer().bits() + q.denom().bits()
}

/// Keeps an interval small: an exact value within [`MAX_VALUE_BITS`], the
/// ends of any other widened outward to about `bits` bits, and every
/// value within 2^±[`MAX_MAGNITUDE`].
fn settle(interval: Interval, bits: u64) -> Result<Interval, Fail> {
    if interval.is_point() {
        if size(&interval.low) > MAX_VALUE_BITS {
            return Err(EncloseError::TooLarge.into());
        }
        return Ok(interval);
    }
    let mut settled = Interval {
        low: truncate(&interval.low, bits, false),
        high: truncate(&interval.high, bits, true),
    };
    let tiny = BigRational::new(BigInt::one(), BigInt::one() << MAX_MAGNITUDE.unsigned_abs());
    for (end, up) in [(&mut settled.low, false), (&mut settled.high, true)] {
        if end.is_zero() {
            continue;
        }
        let order = magnitude(end);
        if order > MAX_MAGNITUDE {
            return Err(EncloseError::TooLarge.into());
        }
        if order < -MAX_MAGNITUDE {
            // A value this small is held between 0 and ±2^−65536.
            *end = match (up, end.is_positive()) {
                (true, true) => tiny.clone(),
                (false, false) => -tiny.clone(),
                _ => BigRational::zero(),
            };
        }
    }
    Ok(settled)
}

fn evaluate(e: &Expr, bits: u64, z: Option<&Interval>) -> Result<Interval, Fail> {
    let value = match e {
        Node::Leaf(Atom::Const(c) | Atom::Literal(c, _)) => Interval::point(c.clone()),
        Node::Leaf(Atom::Var(Var::Z)) => z.cloned().ok_or(EncloseError::Unbound)?,
        Node::Leaf(Atom::Var(_) | Atom::Sym(_)) => return Err(EncloseError::Unbound.into()),
        Node::Neg(inner) => evaluate(inner, bits, z)?.neg(),
        Node::Add(items) => {
            let mut total = Interval::point(BigRational::zero());
            for item in items {
                total = total.add(&evaluate(item, bits, z)?);
            }
            total
        }
        Node::Mul(items) => {
            let mut total = Interval::point(BigRational::one());
            for item in items {
                total = settle(total.mul(&evaluate(item, bits, z)?), bits + 32)?;
            }
            total
        }
        Node::Pow(base, n) => power(&evaluate(base, bits, z)?, *n, bits)?,
        Node::Apply(func, argument) => apply(func, &evaluate(argument, bits, z)?, bits)?,
        Node::If(p) => {
            let left = evaluate(&p.left, bits, z)?;
            let right = evaluate(&p.right, bits, z)?;
            let holds = if left.is_point() && right.is_point() {
                p.relation.holds(left.low.cmp(&right.low))
            } else if left.high < right.low {
                p.relation.holds(std::cmp::Ordering::Less)
            } else if left.low > right.high {
                p.relation.holds(std::cmp::Ordering::Greater)
            } else {
                return Err(Fail::MoreBits);
            };
            evaluate(if holds { &p.then } else { &p.otherwise }, bits, z)?
        }
    };
    settle(value, bits + 32)
}

/// The true value of a formula of constants, correctly rounded to `precision`.
///
/// # Errors
/// An [`EncloseError`]: a division by zero, ln of a non-positive number,
/// an exponent out of range, a value too large, or
/// [`EncloseError::Undecided`] when the value sits within 2^−16000 of a
/// rounding boundary (possibly exactly on it) and is not a rational that
/// can be decided exactly.
pub fn rounded(e: &Expr, precision: Precision, mode: Rounding) -> Result<Decided, EncloseError> {
    let mut bits = FIRST_BITS;
    let mut last: Option<(Rounded, Rounded)> = None;
    loop {
        match evaluate(e, bits, None) {
            Ok(interval) if interval.is_point() => {
                let value = Real::Exact(interval.low.clone());
                return Ok(Decided {
                    rounded: round(&value, precision, mode),
                    estimate: interval.low,
                    exact: true,
                });
            }
            Ok(interval) => {
                let low = round(&Real::Exact(interval.low.clone()), precision, mode);
                let high = round(&Real::Exact(interval.high.clone()), precision, mode);
                if low.decimal == high.decimal {
                    let estimate = (&interval.low + &interval.high) / BigInt::from(2);
                    return Ok(Decided {
                        rounded: Rounded {
                            decimal: low.decimal,
                            exact: false,
                        },
                        estimate,
                        exact: false,
                    });
                }
                last = Some((low, high));
            }
            Err(Fail::MoreBits) => {}
            Err(Fail::Definite(failure)) => return Err(failure),
        }
        if bits >= MAX_BITS {
            return Err(match last {
                Some(pair) => EncloseError::Undecided(Box::new(pair)),
                None => EncloseError::Indeterminate,
            });
        }
        bits *= 2;
    }
}

/// The size of an exponent that fits [`Node::Pow`], or `None`.
pub fn small_power(value: &BigRational) -> Option<i32> {
    value
        .is_integer()
        .then(|| value.to_integer().to_i32())
        .flatten()
}
