//! The intervals of every function of the expression tree: bounds of
//! exp, ln and roots from the numeric core's error bounds, the monotone
//! functions from bounds at each end, the steps, `abs` and defined
//! functions exactly.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Signed, Zero};

use super::{EncloseError, Fail, Interval, MAX_POWER, MAX_VALUE_BITS, evaluate, int, settle, size};
use crate::numeric::real::Real;
use crate::numeric::transcendental::{self, MAX_EXP_ARGUMENT};
use crate::symbolic::Func;
use crate::symbolic::rules::definition_body;

/// A bound on a value known with relative error below 2^−(bits − 4).
fn around(value: &BigRational, error_scale: &BigRational, bits: u64, up: bool) -> BigRational {
    let error = error_scale / BigRational::from_integer(BigInt::one() << (bits - 8));
    if up { value + error } else { value - error }
}

/// A lower (or upper) bound of e^x.
fn exp_bound(x: &BigRational, bits: u64, up: bool) -> Result<BigRational, Fail> {
    if x.is_zero() {
        return Ok(BigRational::one());
    }
    let limit = int(MAX_EXP_ARGUMENT);
    if *x > limit {
        return Err(EncloseError::ExpRange.into());
    }
    if *x < -limit.clone() {
        // 0 < e^x < e^−9000.
        return if up {
            exp_bound(&-limit, bits, true)
        } else {
            Ok(BigRational::zero())
        };
    }
    let value = transcendental::exp(&Real::Exact(x.clone()), bits)
        .map_err(|_| EncloseError::ExpRange)?
        .to_rational();
    Ok(around(&value, &value.abs(), bits, up))
}

fn ln_bound(x: &BigRational, bits: u64, up: bool) -> Result<BigRational, Fail> {
    if x.is_one() {
        return Ok(BigRational::zero());
    }
    let value = transcendental::ln(&Real::Exact(x.clone()), bits)
        .map_err(|_| EncloseError::LnDomain)?
        .to_rational();
    // Relative error below 2^−(bits − 4), absolute near ln x = 0.
    Ok(around(
        &value,
        &value.abs().max(BigRational::one()),
        bits,
        up,
    ))
}

fn root_bound(x: &BigRational, n: u32, bits: u64, up: bool) -> Result<BigRational, Fail> {
    match transcendental::root(&Real::Exact(x.clone()), n, bits)
        .map_err(|_| EncloseError::RootDomain)?
    {
        Real::Exact(exact) => Ok(exact),
        approximate => {
            let value = approximate.to_rational();
            Ok(around(&value, &value.abs(), bits, up))
        }
    }
}

/// σ(x) = 1/(1 + e^(−x)), bounded; below −9000, 0 < σ(x) < e^x < e^−9000.
fn sigmoid_bound(x: &BigRational, bits: u64, up: bool) -> Result<BigRational, Fail> {
    let limit = int(MAX_EXP_ARGUMENT);
    if *x < -limit.clone() {
        return if up {
            exp_bound(&-limit, bits, true)
        } else {
            Ok(BigRational::zero())
        };
    }
    // A larger e^(−x) gives a smaller σ.
    let e = exp_bound(&-x, bits, !up)?;
    Ok((BigRational::one() + e).recip())
}

/// tanh x = (1 − e^(−2x))/(1 + e^(−2x)) for x ≥ 0, odd.
fn tanh_bound(x: &BigRational, bits: u64, up: bool) -> Result<BigRational, Fail> {
    if x.is_negative() {
        return Ok(-tanh_bound(&-x, bits, !up)?);
    }
    let t = exp_bound(&(-x * int(2)), bits, !up)?;
    Ok((BigRational::one() - &t) / (BigRational::one() + t))
}

/// softplus x = ln(1 + e^x); x < softplus(x) < x + e^(−x), and < e^x.
fn softplus_bound(x: &BigRational, bits: u64, up: bool) -> Result<BigRational, Fail> {
    let limit = int(MAX_EXP_ARGUMENT);
    if *x > limit || *x < -limit.clone() {
        let base = if x.is_positive() {
            x.clone()
        } else {
            BigRational::zero()
        };
        return if up {
            Ok(base + exp_bound(&-limit, bits, true)?)
        } else {
            Ok(base)
        };
    }
    ln_bound(&(BigRational::one() + exp_bound(x, bits, up)?), bits, up)
}

/// (e^x ± e^(−x))/2, bounded (± by `sign`).
fn hyperbolic_bound(x: &BigRational, sign: i64, bits: u64, up: bool) -> Result<BigRational, Fail> {
    let limit = int(MAX_EXP_ARGUMENT);
    if x.abs() > limit {
        return Err(EncloseError::ExpRange.into());
    }
    let plus = exp_bound(x, bits, up)?;
    let minus = exp_bound(&-x, bits, if sign > 0 { up } else { !up })?;
    Ok((plus + minus * int(sign)) / int(2))
}

/// An interval's image under a step that jumps at 0 (`below` at and below 0).
fn step(x: &Interval, below: BigRational, above: BigRational) -> Result<Interval, Fail> {
    if x.low.is_positive() {
        Ok(Interval::point(above))
    } else if !x.high.is_positive() {
        Ok(Interval::point(below))
    } else {
        Err(Fail::MoreBits)
    }
}

fn square_like(x: &Interval, n: u32) -> Interval {
    let low = x.low.pow(n as i32);
    let high = x.high.pow(n as i32);
    if !n.is_multiple_of(2) {
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

pub(super) fn power(base: &Interval, n: i32, bits: u64) -> Result<Interval, Fail> {
    if i64::from(n).abs() > MAX_POWER {
        return Err(EncloseError::PowerTooLarge.into());
    }
    // Check the size before computing: |x|^n has about n times x's bits.
    if base.is_point()
        && size(&base.low).saturating_mul(u64::from(n.unsigned_abs())) > MAX_VALUE_BITS
    {
        return Err(EncloseError::TooLarge.into());
    }
    let m = n.unsigned_abs();
    let magnitude = if base.is_point() || m <= 8 {
        square_like(base, m)
    } else {
        // An approximate base to a large power: square and multiply, each
        // result kept to the working bits (a 16,000-bit end to the 4096th
        // power would otherwise have 65 million bits).
        let base = if base.low.is_negative() && base.high.is_positive() {
            square_like(base, 1)
        } else {
            base.clone()
        };
        let mut result = Interval::point(BigRational::one());
        let mut square = base;
        let mut rest = m;
        while rest > 0 {
            if rest & 1 == 1 {
                result = settle(result.mul(&square), bits + 32)?;
            }
            rest >>= 1;
            if rest > 0 {
                square = settle(square.mul(&square), bits + 32)?;
            }
        }
        result
    };
    if n < 0 {
        magnitude.recip()
    } else {
        Ok(magnitude)
    }
}

pub(super) fn apply(func: &Func, x: &Interval, bits: u64) -> Result<Interval, Fail> {
    match func {
        Func::Exp => x.increasing(|v, up| exp_bound(v, bits, up)),
        Func::Ln => {
            if !x.high.is_positive() {
                return Err(EncloseError::LnDomain.into());
            }
            if !x.low.is_positive() {
                return Err(Fail::MoreBits);
            }
            x.increasing(|v, up| ln_bound(v, bits, up))
        }
        Func::Root(n) => {
            if n.is_multiple_of(2) && x.high.is_negative() {
                return Err(EncloseError::RootDomain.into());
            }
            if n.is_multiple_of(2) && x.low.is_negative() {
                return Err(Fail::MoreBits);
            }
            x.increasing(|v, up| root_bound(v, *n, bits, up))
        }
        Func::Abs => Ok(if !x.low.is_negative() {
            x.clone()
        } else if !x.high.is_positive() {
            x.neg()
        } else {
            Interval {
                low: BigRational::zero(),
                high: x.high.clone().max(-x.low.clone()),
            }
        }),
        Func::Sign if x.is_point() && x.low.is_zero() => Ok(Interval::point(BigRational::zero())),
        Func::Sign if x.high.is_negative() => Ok(Interval::point(int(-1))),
        Func::Sign => step(x, int(-1), int(1)),
        Func::Sigmoid => x.increasing(|v, up| sigmoid_bound(v, bits, up)),
        Func::Tanh => x.increasing(|v, up| tanh_bound(v, bits, up)),
        Func::Softplus => x.increasing(|v, up| softplus_bound(v, bits, up)),
        Func::Sinh => x.increasing(|v, up| hyperbolic_bound(v, -1, bits, up)),
        Func::Cosh => {
            let cosh = |v: &BigRational, up| hyperbolic_bound(v, 1, bits, up);
            if !x.low.is_negative() {
                Ok(Interval {
                    low: cosh(&x.low, false)?,
                    high: cosh(&x.high, true)?,
                })
            } else if !x.high.is_positive() {
                Ok(Interval {
                    low: cosh(&x.high, false)?,
                    high: cosh(&x.low, true)?,
                })
            } else {
                Ok(Interval {
                    low: BigRational::one(),
                    high: cosh(&x.low, true)?.max(cosh(&x.high, true)?),
                })
            }
        }
        Func::Relu => Ok(Interval {
            low: x.low.clone().max(BigRational::zero()),
            high: x.high.clone().max(BigRational::zero()),
        }),
        Func::LeakyRelu(alpha) => {
            let leaky = |v: &BigRational| {
                if v.is_positive() {
                    v.clone()
                } else {
                    v * alpha
                }
            };
            Ok(Interval {
                low: leaky(&x.low),
                high: leaky(&x.high),
            })
        }
        Func::Step => step(x, BigRational::zero(), BigRational::one()),
        Func::LeakyStep(alpha) => step(x, alpha.clone(), BigRational::one()),
        Func::Named(f) => evaluate(&definition_body(f), bits, Some(x)),
    }
}
