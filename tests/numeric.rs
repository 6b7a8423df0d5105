//! The numeric core checked against independent oracles: rounding against
//! `rust_decimal` and hand-worked ties, formatting, and exp/ln against
//! mpmath reference values committed in `tests/fixtures/transcendental.txt`,
//! and n-th roots by raising the ends of their rounding interval to the n-th power.

mod eval;
mod roots;
mod rounding;
mod transcendental;

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Zero};

/// Reads an exact rational written as a fraction (`-7/20`) or a decimal
/// with an optional exponent (`-0.6`, `1e-30`, `2.5E2`, `8.75e-27`), the
/// way a person reads it (no binary floating point involved).
pub(crate) fn rational(text: &str) -> BigRational {
    if let Some((numerator, denominator)) = text.split_once('/') {
        return BigRational::new(
            numerator.trim().parse().expect("numerator"),
            denominator.trim().parse().expect("denominator"),
        );
    }
    let (mantissa, exponent) = match text.split_once(['e', 'E']) {
        Some((m, e)) => (m, e.parse::<i32>().expect("exponent")),
        None => (text, 0),
    };
    let (negative, mantissa) = match mantissa.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, mantissa.strip_prefix('+').unwrap_or(mantissa)),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits: BigInt = format!("{whole}{fraction}").parse().expect("digits");
    let places = i32::try_from(fraction.len()).expect("short") - exponent;
    let ten = BigRational::from_integer(BigInt::from(10));
    let scale = if places >= 0 {
        BigRational::one() / ten.pow(places)
    } else {
        ten.pow(-places)
    };
    let value = BigRational::from_integer(digits) * scale;
    if negative { -value } else { value }
}

#[test]
fn the_test_reader_reads_what_people_write() {
    let q = |n: i64, d: i64| BigRational::new(n.into(), d.into());
    assert_eq!(rational("-0.6"), q(-3, 5));
    assert_eq!(rational("1e-3"), q(1, 1000));
    assert_eq!(rational("2.5E2"), q(250, 1));
    assert_eq!(rational("-7/20"), q(-7, 20));
    assert_eq!(rational("8.5e-1"), q(17, 20));
    assert_eq!(rational("0"), BigRational::zero());
}
