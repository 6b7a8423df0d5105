//! Evaluating arithmetic claims exactly.
//!
//! The numbers of a claim are taken as exact, as written: `1/1.5488` is
//! the quotient of those very digits, because that is the arithmetic the
//! line claims (where 1.5488 came from is another line's business).
//! Rational operations are done in exact rationals; exp, ln, σ and tanh go
//! through [`crate::numeric::transcendental`] and are carried as intervals
//! with rational ends that certainly contain the true value. The interval
//! is narrowed (more bits) until both ends round to the same digits, so
//! the rounded value is the true value correctly rounded.
//!
//! [`step_value`] is the other reading of a line: a hand calculation that
//! rounds every intermediate result to the claim's precision, as `carry =
//! step` does (σ as 1/(1 + e^(−x)), tanh as (e^x − e^(−x))/(e^x + e^(−x))).

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive, Zero};

use super::claims::{Expr, Function, Number};
use crate::model::{Precision, Rounding};
use crate::numeric::real::Real;
use crate::numeric::round::{Rounded, round};
use crate::numeric::transcendental;
use crate::source::{Span, Spanned};

/// Bits of the first evaluation; doubled up to [`MAX_BITS`].
const FIRST_BITS: u64 = 64;

/// The most bits tried before a value is declared too close to a rounding
/// boundary to decide.
pub const MAX_BITS: u64 = 16_384;

/// The largest integer exponent evaluated exactly (`x^n`).
pub const MAX_POWER: i64 = 4096;

/// Why an arithmetic claim has no value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// A division by zero, at the divisor.
    DivisionByZero(Span),
    /// ln of zero or of a negative number, at the argument.
    LnDomain(Span),
    /// e^x with |x| beyond the range longhand computes, at the argument.
    ExpRange(Span),
    /// A negative number to a fractional power, at the power.
    NegativeBase(Span),
    /// An integer power beyond [`MAX_POWER`], at the exponent.
    PowerTooLarge(Span),
    /// A value grew beyond [`MAX_VALUE_BITS`], at the operation.
    TooLarge(Span),
    /// The value is too close to a rounding boundary to decide.
    Undecided,
}

/// The most bits (numerator and denominator together) an intermediate
/// value may have: about 6,000 digits, far beyond any printed claim. Exact
/// rational arithmetic reduces by a gcd whose cost grows with the square of
/// the size, so `(2^4096)^4096` or a product of a hundred `1e1000` stops at
/// once instead of running for minutes.
pub const MAX_VALUE_BITS: u64 = 20_000;

/// What went wrong inside one evaluation.
enum Fail {
    /// An interval is too wide to continue (a divisor or an ln argument
    /// that might be zero): try again with more bits.
    MoreBits,
    /// A definite failure.
    Definite(Failure),
}

impl From<Failure> for Fail {
    fn from(failure: Failure) -> Fail {
        Fail::Definite(failure)
    }
}

/// A closed interval `[low, high]` holding the true value.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Interval {
    low: BigRational,
    high: BigRational,
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

    fn recip(&self, at: Span) -> Result<Interval, Fail> {
        if self.is_point() && self.low.is_zero() {
            return Err(Failure::DivisionByZero(at).into());
        }
        if self.contains_zero() {
            return Err(Fail::MoreBits);
        }
        Ok(Interval {
            low: self.high.recip(),
            high: self.low.recip(),
        })
    }

    /// Widens the ends outward to about `bits` significant bits, so the
    /// rationals stay small through long formulas.
    fn outward(self, bits: u64) -> Interval {
        if self.is_point() {
            return self;
        }
        Interval {
            low: truncate(&self.low, bits, false),
            high: truncate(&self.high, bits, true),
        }
    }
}

/// `q` rounded down (or up) to a multiple of a power of two leaving about
/// `bits` significant bits.
fn truncate(q: &BigRational, bits: u64, up: bool) -> BigRational {
    if q.is_zero() {
        return q.clone();
    }
    let magnitude = q.numer().bits() as i64 - q.denom().bits() as i64;
    let shift = i64::try_from(bits).unwrap_or(i64::MAX) - magnitude;
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

fn exp_point(x: &BigRational, bits: u64, at: Span, up: bool) -> Result<BigRational, Fail> {
    if x.is_zero() {
        return Ok(BigRational::one());
    }
    let value = transcendental::exp(&Real::Exact(x.clone()), bits)
        .map_err(|_| Failure::ExpRange(at))?
        .to_rational();
    // Relative error below 2^−(bits − 4); allow 2^−(bits − 8).
    let error = &value / BigRational::from_integer(BigInt::one() << (bits - 8));
    Ok(if up { value + error } else { value - error })
}

fn exp(x: &Interval, bits: u64, at: Span) -> Result<Interval, Fail> {
    Ok(Interval {
        low: exp_point(&x.low, bits, at, false)?,
        high: exp_point(&x.high, bits, at, true)?,
    }
    .outward(bits + 16))
}

fn ln_point(x: &BigRational, bits: u64, at: Span, up: bool) -> Result<BigRational, Fail> {
    if x.is_one() {
        return Ok(BigRational::zero());
    }
    let value = transcendental::ln(&Real::Exact(x.clone()), bits)
        .map_err(|_| Failure::LnDomain(at))?
        .to_rational();
    // Relative error below 2^−(bits − 4), absolute near ln x = 0.
    let scale = value.abs().max(BigRational::one());
    let error = scale / BigRational::from_integer(BigInt::one() << (bits - 8));
    Ok(if up { value + error } else { value - error })
}

fn ln(x: &Interval, bits: u64, at: Span) -> Result<Interval, Fail> {
    if !x.high.is_positive() {
        return Err(Failure::LnDomain(at).into());
    }
    if !x.low.is_positive() {
        return Err(Fail::MoreBits);
    }
    Ok(Interval {
        low: ln_point(&x.low, bits, at, false)?,
        high: ln_point(&x.high, bits, at, true)?,
    }
    .outward(bits + 16))
}

fn sigmoid(x: &Interval, bits: u64, at: Span) -> Result<Interval, Fail> {
    let e = exp(&x.neg(), bits, at)?;
    e.add(&Interval::point(BigRational::one())).recip(at)
}

fn tanh(x: &Interval, bits: u64, at: Span) -> Result<Interval, Fail> {
    // tanh x = 1 − 2/(e^{2x} + 1): x appears once, so the interval stays tight.
    let two = BigRational::from_integer(BigInt::from(2));
    let e = exp(&x.mul(&Interval::point(two.clone())), bits, at)?;
    let fraction = e
        .add(&Interval::point(BigRational::one()))
        .recip(at)?
        .mul(&Interval::point(-two));
    Ok(fraction.add(&Interval::point(BigRational::one())))
}

fn square_like(x: &Interval, n: u32) -> Interval {
    let low = x.low.pow(n as i32);
    let high = x.high.pow(n as i32);
    if n % 2 == 1 {
        return Interval { low, high };
    }
    if x.contains_zero() {
        Interval {
            low: BigRational::zero(),
            high: low.max(high),
        }
    } else {
        Interval {
            low: low.clone().min(high.clone()),
            high: low.max(high),
        }
    }
}

fn power(
    base: &Interval,
    exponent: &Interval,
    bits: u64,
    spans: (Span, Span),
) -> Result<Interval, Fail> {
    let (base_span, exponent_span) = spans;
    if exponent.is_point() && exponent.low.is_integer() {
        let n = exponent.low.to_integer().to_i64().unwrap_or(i64::MAX);
        if n.abs() > MAX_POWER {
            return Err(Failure::PowerTooLarge(exponent_span).into());
        }
        // Check the size before computing: |x|^n has about n times x's bits.
        let size = |q: &BigRational| q.numer().bits() + q.denom().bits();
        let bits_of_base = size(&base.low).max(size(&base.high));
        if bits_of_base.saturating_mul(n.unsigned_abs()) > MAX_VALUE_BITS {
            return Err(Failure::TooLarge(exponent_span).into());
        }
        let magnitude = square_like(base, n.unsigned_abs() as u32);
        return if n < 0 {
            magnitude.recip(base_span)
        } else {
            Ok(magnitude)
        };
    }
    // x^y = e^(y ln x) for x > 0.
    if base.is_point() && !base.low.is_positive() {
        return Err(Failure::NegativeBase(base_span.to(exponent_span)).into());
    }
    let logarithm = ln(base, bits, base_span)?;
    exp(&logarithm.mul(exponent), bits, base_span.to(exponent_span))
}

fn evaluate(expr: &Spanned<Expr>, bits: u64) -> Result<Interval, Fail> {
    let binary = |a: &Spanned<Expr>, b: &Spanned<Expr>| -> Result<(Interval, Interval), Fail> {
        Ok((evaluate(a, bits)?, evaluate(b, bits)?))
    };
    let value = match &expr.node {
        Expr::Number(n) => Interval::point(n.value.clone()),
        Expr::E => exp(&Interval::point(BigRational::one()), bits, expr.span)?,
        Expr::Neg(x) => evaluate(x, bits)?.neg(),
        Expr::Add(a, b) => {
            let (a, b) = binary(a, b)?;
            a.add(&b)
        }
        Expr::Sub(a, b) => {
            let (a, b) = binary(a, b)?;
            a.add(&b.neg())
        }
        Expr::Mul(a, b) => {
            let (a, b) = binary(a, b)?;
            a.mul(&b)
        }
        Expr::Div(a, divisor) => {
            let (a, b) = binary(a, divisor)?;
            a.mul(&b.recip(divisor.span)?)
        }
        Expr::Pow(base, exponent) => {
            let (b, e) = binary(base, exponent)?;
            power(&b, &e, bits, (base.span, exponent.span))?
        }
        Expr::Call(function, argument) => {
            let x = evaluate(argument, bits)?;
            let at = argument.span;
            match function {
                Function::Exp => exp(&x, bits, at)?,
                Function::Ln => ln(&x, bits, at)?,
                Function::Sigmoid => sigmoid(&x, bits, at)?,
                Function::Tanh => tanh(&x, bits, at)?,
                Function::SigmoidSlope => {
                    let s = sigmoid(&x, bits, at)?;
                    let rest = s.neg().add(&Interval::point(BigRational::one()));
                    s.mul(&rest)
                }
                Function::TanhSlope => {
                    let t = tanh(&x, bits, at)?;
                    square_like(&t, 2)
                        .neg()
                        .add(&Interval::point(BigRational::one()))
                }
            }
        }
    };
    let size = |q: &BigRational| q.numer().bits() + q.denom().bits();
    if size(&value.low).max(size(&value.high)) > MAX_VALUE_BITS {
        return Err(Failure::TooLarge(expr.span).into());
    }
    Ok(value.outward(bits + 32))
}

/// A value known well enough to round: its correctly rounded form and an
/// interval around the true value (a single point when it is exact).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decided {
    /// The true value correctly rounded.
    pub rounded: Rounded,
    /// A rational within the final interval (the value itself when exact).
    pub estimate: BigRational,
    /// Whether the value is an exact rational.
    pub exact: bool,
}

/// The true value of an expression, correctly rounded to `precision`.
///
/// # Errors
/// A [`Failure`] naming the place of a division by zero, ln of a
/// non-positive number, an exponent out of range, or
/// [`Failure::Undecided`] when the value sits within 2^−16000 of a
/// rounding boundary.
pub fn rounded(
    expr: &Spanned<Expr>,
    precision: Precision,
    mode: Rounding,
) -> Result<Decided, Failure> {
    let mut bits = FIRST_BITS;
    loop {
        match evaluate(expr, bits) {
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
            }
            Err(Fail::MoreBits) => {}
            Err(Fail::Definite(failure)) => return Err(failure),
        }
        if bits >= MAX_BITS {
            return Err(Failure::Undecided);
        }
        bits *= 2;
    }
}

fn leaf(value: BigRational, span: Span) -> Spanned<Expr> {
    Spanned::new(
        Expr::Number(Number {
            value,
            decimals: None,
            text: String::new(),
        }),
        span,
    )
}

/// Rounds one operation on exact operands.
fn settle_node(
    node: Expr,
    span: Span,
    precision: Precision,
    mode: Rounding,
) -> Result<BigRational, Failure> {
    let decided = rounded(&Spanned::new(node, span), precision, mode)?;
    Ok(decided.rounded.decimal.to_rational())
}

fn boxed(value: BigRational, span: Span) -> Box<Spanned<Expr>> {
    Box::new(leaf(value, span))
}

/// The value of a line read as a hand calculation: every operation's
/// result rounded to `precision` before the next uses it (numbers as
/// written are used exactly).
///
/// # Errors
/// As [`rounded`].
pub fn step_value(
    expr: &Spanned<Expr>,
    precision: Precision,
    mode: Rounding,
) -> Result<BigRational, Failure> {
    let span = expr.span;
    let go = |e: &Spanned<Expr>| step_value(e, precision, mode);
    let settle = |node: Expr| settle_node(node, span, precision, mode);
    match &expr.node {
        Expr::Number(n) => Ok(n.value.clone()),
        Expr::E => settle(Expr::E),
        Expr::Neg(x) => Ok(-go(x)?),
        Expr::Add(a, b) => settle(Expr::Add(boxed(go(a)?, a.span), boxed(go(b)?, b.span))),
        Expr::Sub(a, b) => settle(Expr::Sub(boxed(go(a)?, a.span), boxed(go(b)?, b.span))),
        Expr::Mul(a, b) => settle(Expr::Mul(boxed(go(a)?, a.span), boxed(go(b)?, b.span))),
        Expr::Div(a, b) => settle(Expr::Div(boxed(go(a)?, a.span), boxed(go(b)?, b.span))),
        Expr::Pow(a, b) => settle(Expr::Pow(boxed(go(a)?, a.span), boxed(go(b)?, b.span))),
        Expr::Call(function, argument) => {
            let x = go(argument)?;
            let at = argument.span;
            let call = |f: Function, v: BigRational| settle(Expr::Call(f, boxed(v, at)));
            let one = BigRational::one();
            match function {
                Function::Exp | Function::Ln => call(*function, x),
                Function::Sigmoid => hand_sigmoid(x, at, &settle),
                Function::Tanh => hand_tanh(x, at, &settle),
                Function::SigmoidSlope => {
                    let s = hand_sigmoid(x, at, &settle)?;
                    let rest = settle(Expr::Sub(boxed(one, at), boxed(s.clone(), at)))?;
                    settle(Expr::Mul(boxed(s, at), boxed(rest, at)))
                }
                Function::TanhSlope => {
                    let t = hand_tanh(x, at, &settle)?;
                    let square = settle(Expr::Mul(boxed(t.clone(), at), boxed(t, at)))?;
                    settle(Expr::Sub(boxed(one, at), boxed(square, at)))
                }
            }
        }
    }
}

/// σ(x) = 1/(1 + e^(−x)), each result rounded.
fn hand_sigmoid(
    x: BigRational,
    at: Span,
    settle: &dyn Fn(Expr) -> Result<BigRational, Failure>,
) -> Result<BigRational, Failure> {
    let e = settle(Expr::Call(Function::Exp, boxed(-x, at)))?;
    let denominator = settle(Expr::Add(boxed(BigRational::one(), at), boxed(e, at)))?;
    settle(Expr::Div(
        boxed(BigRational::one(), at),
        boxed(denominator, at),
    ))
}

/// tanh x = (e^x − e^(−x))/(e^x + e^(−x)), each result rounded.
fn hand_tanh(
    x: BigRational,
    at: Span,
    settle: &dyn Fn(Expr) -> Result<BigRational, Failure>,
) -> Result<BigRational, Failure> {
    let up = settle(Expr::Call(Function::Exp, boxed(x.clone(), at)))?;
    let down = settle(Expr::Call(Function::Exp, boxed(-x, at)))?;
    let numerator = settle(Expr::Sub(boxed(up.clone(), at), boxed(down.clone(), at)))?;
    let denominator = settle(Expr::Add(boxed(up, at), boxed(down, at)))?;
    settle(Expr::Div(boxed(numerator, at), boxed(denominator, at)))
}

/// The true value to `digits` decimals for display ("0.7772450…"); exact
/// terminating values are shown in full when they are that short.
pub fn display_value(expr: &Spanned<Expr>, digits: u32, mode: Rounding) -> Option<(Rounded, bool)> {
    let decided = rounded(expr, Precision::Decimals(digits), mode).ok()?;
    let exact_and_short = decided.exact && decided.rounded.exact;
    Some((decided.rounded, exact_and_short))
}
