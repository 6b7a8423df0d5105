//! Printed values against exact ones: the one comparison behind the
//! report's "How rounding affected the numbers" section, `longhand
//! sensitivity` and `longhand check`.
//!
//! A printed value *deviates* when its digits differ from those of the
//! exactly computed value rounded to the same precision with the same
//! rounding mode; the size of the difference is counted in units of the
//! printed value's last place.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Signed};

use crate::model::{Precision, Rounding};
use crate::numeric::real::Real;
use crate::numeric::round::{Decimal, Rounded, round};
use crate::numeric::run::{Env, Run};
use crate::symbolic::Symbol;

/// A printed value that differs from the exact value rounded the same way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deviation {
    /// The quantity.
    pub symbol: Symbol,
    /// The update it belongs to (1-based), or 0 for the final forward pass.
    pub update: u64,
    /// The printed value.
    pub shown: Rounded,
    /// The exact value, rounded to the same precision.
    pub exact: Rounded,
    /// shown − exact, in units of the last printed place.
    pub units_in_last_place: BigRational,
}

/// One unit in the last place of a printed value (`0.0001` for `0.6457`).
pub fn last_place(value: &Decimal) -> BigRational {
    Decimal {
        digits: BigInt::one(),
        scale: value.scale,
    }
    .to_rational()
}

/// `shown − reference` in units of the last place of `shown`.
pub fn units_in_last_place(shown: &Decimal, reference: &Decimal) -> BigRational {
    (shown.to_rational() - reference.to_rational()) / last_place(shown)
}

/// How a printed value compares with the exact value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agreement {
    /// The exact value rounded like the printed one.
    pub exact: Rounded,
    /// `None` when the digits agree, otherwise printed − exact in units of
    /// the last place.
    pub deviation: Option<BigRational>,
}

/// Compares a printed value with the exact value rounded to `precision`
/// with `rounding`.
pub fn agreement(
    shown: &Rounded,
    exact: &Real,
    precision: Precision,
    rounding: Rounding,
) -> Agreement {
    let reference = round(exact, precision, rounding);
    let deviation = (shown.decimal != reference.decimal)
        .then(|| units_in_last_place(&shown.decimal, &reference.decimal));
    Agreement {
        exact: reference,
        deviation,
    }
}

/// How many of the `digits` printed digits (decimals or significant
/// digits, as the precision counts them) of `shown` can be trusted: all of
/// them when the printed value is the exact value correctly rounded;
/// otherwise the most that stay within half a unit (a whole unit under a
/// directed rounding mode) of the exact value, counting from the first.
pub fn trusted_digits(
    shown: &Rounded,
    exact: &Real,
    digits: u32,
    precision: Precision,
    rounding: Rounding,
) -> u32 {
    if agreement(shown, exact, precision, rounding)
        .deviation
        .is_none()
    {
        return digits;
    }
    let error = (shown.decimal.to_rational() - exact.to_rational()).abs();
    let directed = matches!(rounding, Rounding::TowardZero | Rounding::AwayFromZero);
    let place = last_place(&shown.decimal);
    let ten = BigRational::from_integer(BigInt::from(10));
    let mut unit = place;
    // Drop trailing digits one at a time until the error fits the place.
    for dropped in 1..=digits {
        unit *= &ten;
        let bound = if directed {
            unit.clone()
        } else {
            &unit / BigInt::from(2)
        };
        let fits = if directed {
            error < bound
        } else {
            error <= bound
        };
        if fits {
            return digits - dropped;
        }
    }
    0
}

/// Every computed value of the written updates and the final pass whose
/// printed digits differ from those of the exact run (`exact` is the same
/// network run with `carry = exact`).
pub fn deviations(run: &Run, exact: &Run) -> Vec<Deviation> {
    let mut found = Vec::new();
    for (index, (record, exact_record)) in run.updates.iter().zip(&exact.updates).enumerate() {
        if let (Some(env), Some(exact_env)) = (&record.env, &exact_record.env) {
            let definitions = run.update.definitions.iter().map(|d| d.target);
            collect(
                &mut found,
                definitions,
                env,
                exact_env,
                index as u64 + 1,
                run,
            );
        }
    }
    let definitions = run.forward.definitions.iter().map(|d| d.target);
    collect(
        &mut found,
        definitions,
        &run.final_pass,
        &exact.final_pass,
        0,
        run,
    );
    found
}

fn collect(
    found: &mut Vec<Deviation>,
    symbols: impl Iterator<Item = Symbol>,
    env: &Env,
    exact: &Env,
    update: u64,
    run: &Run,
) {
    for symbol in symbols {
        let (Some(shown), Some(reference)) = (env.rounded(&symbol), exact.value(&symbol)) else {
            continue;
        };
        let found_here = agreement(
            shown,
            &reference.carried,
            run.rules.precision,
            run.rules.rounding,
        );
        if let Some(units) = found_here.deviation {
            found.push(Deviation {
                symbol,
                update,
                shown: shown.clone(),
                exact: found_here.exact,
                units_in_last_place: units,
            });
        }
    }
}
