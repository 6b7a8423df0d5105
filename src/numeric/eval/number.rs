//! What the evaluator needs of a number: [`Number`].
//!
//! The evaluator (`value_of`, `compute`, `apply` in `mod.rs`) is written
//! once, over this trait, so that the order of operations and the nodes
//! rounded under each carry mode have one home. Two types implement it:
//! [`Real`], which decides every question (exact rationals, and
//! approximations with an error bound far below any printed digit), and
//! [`crate::numeric::quick::Quick`], a cheap pre-computation in machine
//! numbers that may leave a question open ([`Open`]); its caller then
//! asks [`Real`].

use std::cmp::Ordering;

use num_rational::BigRational;

use super::Rules;
use crate::model::{Precision, Rounding};
use crate::numeric::real::Real;
use crate::numeric::round::{Rounded, round};
use crate::numeric::transcendental::{self, TranscendentalError};

/// A question the number type cannot decide (a value too close to a
/// rounding boundary, to 0 or to another value for its error bound, or an
/// operation it does not cover). [`Real`] never leaves one open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Open;

/// Why an operation gave no value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trouble {
    /// Division by zero.
    DivisionByZero,
    /// Outside the function's domain or range (ln of a non-positive
    /// value, e^x with |x| too large, an even root of a negative value).
    Domain,
    /// Undecided by this number type.
    Open,
}

impl From<Open> for Trouble {
    fn from(_: Open) -> Trouble {
        Trouble::Open
    }
}

/// A number the evaluator can compute with.
pub trait Number: Clone + std::fmt::Debug {
    /// An exact constant.
    fn constant(c: &BigRational) -> Self;
    /// The exact integer `n`.
    fn int(n: i64) -> Self;
    /// The value of a rounded decimal (what `carry = step` carries on).
    fn of_rounded(rounded: &Rounded) -> Self;
    /// The sum.
    ///
    /// # Errors
    /// [`Trouble::Open`] only.
    fn add(&self, other: &Self) -> Result<Self, Trouble>;
    /// The product.
    ///
    /// # Errors
    /// [`Trouble::Open`] only.
    fn mul(&self, other: &Self) -> Result<Self, Trouble>;
    /// The quotient.
    ///
    /// # Errors
    /// Division by zero, or undecided.
    fn div(&self, other: &Self) -> Result<Self, Trouble>;
    /// An integer power.
    ///
    /// # Errors
    /// Division by zero (a negative power of 0), or undecided.
    fn powi(&self, n: i32) -> Result<Self, Trouble>;
    /// The negation.
    fn neg(&self) -> Self;
    /// The order of two values.
    ///
    /// # Errors
    /// Undecided.
    fn compare(&self, other: &Self) -> Result<Ordering, Open>;
    /// The sign: −1, 0 or 1.
    ///
    /// # Errors
    /// Undecided.
    fn signum(&self) -> Result<i32, Open>;
    /// Whether the value is 0.
    ///
    /// # Errors
    /// Undecided.
    fn is_zero(&self) -> Result<bool, Open> {
        Ok(self.signum()? == 0)
    }
    /// The value rounded to `precision` by `mode`.
    ///
    /// # Errors
    /// Undecided.
    fn round(&self, precision: Precision, mode: Rounding) -> Result<Rounded, Open>;
    /// e^x.
    ///
    /// # Errors
    /// Out of range, or undecided.
    fn exp(&self) -> Result<Self, Trouble>;
    /// ln x.
    ///
    /// # Errors
    /// Out of the domain, or undecided.
    fn ln(&self) -> Result<Self, Trouble>;
    /// The `n`-th root.
    ///
    /// # Errors
    /// Out of the domain, or undecided.
    fn root(&self, n: u32) -> Result<Self, Trouble>;
    /// e^x correctly rounded.
    ///
    /// # Errors
    /// Out of range, or undecided.
    fn exp_rounded(&self, precision: Precision, mode: Rounding) -> Result<Rounded, Trouble>;
    /// ln x correctly rounded.
    ///
    /// # Errors
    /// Out of the domain, or undecided.
    fn ln_rounded(&self, precision: Precision, mode: Rounding) -> Result<Rounded, Trouble>;
    /// The `n`-th root, and its correctly rounded form.
    ///
    /// # Errors
    /// Out of the domain, or undecided.
    fn root_rounded(
        &self,
        n: u32,
        precision: Precision,
        mode: Rounding,
    ) -> Result<(Self, Rounded), Trouble>;
    /// The value as written in an error message.
    fn written(&self, rules: &Rules) -> String;
}

fn domain(_: TranscendentalError) -> Trouble {
    Trouble::Domain
}

impl Number for Real {
    fn constant(c: &BigRational) -> Real {
        Real::Exact(c.clone())
    }

    fn int(n: i64) -> Real {
        Real::int(n)
    }

    fn of_rounded(rounded: &Rounded) -> Real {
        rounded.decimal.to_real()
    }

    fn add(&self, other: &Real) -> Result<Real, Trouble> {
        Ok(Real::add(self, other))
    }

    fn mul(&self, other: &Real) -> Result<Real, Trouble> {
        Ok(Real::mul(self, other))
    }

    fn div(&self, other: &Real) -> Result<Real, Trouble> {
        Real::div(self, other).map_err(|_| Trouble::DivisionByZero)
    }

    fn powi(&self, n: i32) -> Result<Real, Trouble> {
        Real::powi(self, n).map_err(|_| Trouble::DivisionByZero)
    }

    fn neg(&self) -> Real {
        Real::neg(self)
    }

    fn compare(&self, other: &Real) -> Result<Ordering, Open> {
        Ok(Real::compare(self, other))
    }

    fn signum(&self) -> Result<i32, Open> {
        Ok(Real::signum(self))
    }

    fn is_zero(&self) -> Result<bool, Open> {
        Ok(Real::is_zero(self))
    }

    fn round(&self, precision: Precision, mode: Rounding) -> Result<Rounded, Open> {
        Ok(round(self, precision, mode))
    }

    fn exp(&self) -> Result<Real, Trouble> {
        transcendental::exp(self, crate::numeric::real::WORK_BITS).map_err(domain)
    }

    fn ln(&self) -> Result<Real, Trouble> {
        transcendental::ln(self, crate::numeric::real::WORK_BITS).map_err(domain)
    }

    fn root(&self, n: u32) -> Result<Real, Trouble> {
        transcendental::root(self, n, crate::numeric::real::WORK_BITS).map_err(domain)
    }

    fn exp_rounded(&self, precision: Precision, mode: Rounding) -> Result<Rounded, Trouble> {
        transcendental::exp_rounded(self, precision, mode).map_err(domain)
    }

    fn ln_rounded(&self, precision: Precision, mode: Rounding) -> Result<Rounded, Trouble> {
        transcendental::ln_rounded(self, precision, mode).map_err(domain)
    }

    fn root_rounded(
        &self,
        n: u32,
        precision: Precision,
        mode: Rounding,
    ) -> Result<(Real, Rounded), Trouble> {
        transcendental::root_rounded(self, n, precision, mode).map_err(domain)
    }

    fn written(&self, rules: &Rules) -> String {
        super::describe(rules, self)
    }
}
