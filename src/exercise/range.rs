//! The accepted range of an answer: from the lowest of its three printed
//! results less half a unit in the last printed place to the highest plus
//! half a unit (see the tolerance rule in the module above), and its
//! texts in the key (`center ± tolerance`, `low`, `high`).
//!
//! Every key computes this for every answer of every variant, so results
//! printed at one scale (every `precision = N decimals` key) are worked in
//! machine integers, in units of a tenth of the printed unit where every
//! bound is a whole number; anything else goes through exact rationals.
//! Both give the same values and the same texts (tested below).

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::ToPrimitive;

use super::{decimal_text, point_text, ten_to};
use crate::numeric::round::Decimal;

/// An answer's accepted range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Accepted {
    /// The lowest accepted value.
    pub low: BigRational,
    /// The highest accepted value.
    pub high: BigRational,
    /// The three printed results (step, quantity, exact), exactly.
    pub results: [BigRational; 3],
    /// One unit in the last printed place.
    pub unit: BigRational,
    /// `center`, `tolerance`, `low` and `high` as the key prints them.
    pub texts: [String; 4],
}

/// The accepted range of three printed results (step, quantity, exact).
pub(super) fn accepted(results: [&Decimal; 3]) -> Accepted {
    same_scale(results).unwrap_or_else(|| exactly(results))
}

/// The range in exact rationals (any scales).
fn exactly(results: [&Decimal; 3]) -> Accepted {
    let scale = results.iter().map(|d| d.scale).max().unwrap_or(0);
    let [step, quantity, exact] = results.map(Decimal::to_rational);
    let unit = ten_to(-scale);
    let half = &unit / BigRational::from_integer(BigInt::from(2));
    let lowest = step.clone().min(quantity.clone()).min(exact.clone());
    let highest = step.clone().max(quantity.clone()).max(exact.clone());
    let low = &lowest - &half;
    let high = &highest + &half;
    let two = BigRational::from_integer(BigInt::from(2));
    let center = (&low + &high) / &two;
    let tolerance = (&high - &low) / &two;
    Accepted {
        texts: [
            decimal_text(&center, scale),
            decimal_text(&tolerance, 0),
            decimal_text(&low, 0),
            decimal_text(&high, 0),
        ],
        low,
        high,
        results: [step, quantity, exact],
        unit,
    }
}

/// The range in machine integers, when the three share a scale and fit.
fn same_scale(results: [&Decimal; 3]) -> Option<Accepted> {
    let scale = results[0].scale;
    if results.iter().any(|d| d.scale != scale) || !(0..=30).contains(&scale) {
        return None;
    }
    let digits: Vec<i128> = results
        .iter()
        .map(|d| d.digits.to_i128().filter(|n| n.unsigned_abs() < 1 << 120))
        .collect::<Option<_>>()?;
    let lowest = *digits.iter().min()?;
    let highest = *digits.iter().max()?;
    // In tenths of the printed unit: ± half a unit is ± 5.
    let low = lowest * 10 - 5;
    let high = highest * 10 + 5;
    let center = (low + high) / 2;
    let tolerance = (high - low) / 2;
    let fine = scale + 1;
    let rational = |digits: i128| {
        Decimal {
            digits: BigInt::from(digits),
            scale: fine,
        }
        .to_rational()
    };
    Some(Accepted {
        texts: [
            scaled_text(center, fine, scale),
            scaled_text(tolerance, fine, 0),
            scaled_text(low, fine, 0),
            scaled_text(high, fine, 0),
        ],
        low: rational(low),
        high: rational(high),
        results: results.map(Decimal::to_rational),
        unit: ten_to(-scale),
    })
}

/// `digits × 10^−scale` written with its shortest decimals, at least
/// `at_least` of them (as [`decimal_text`] writes a terminating fraction).
fn scaled_text(mut digits: i128, mut scale: i64, at_least: i64) -> String {
    let at_least = at_least.max(0);
    while scale > at_least && digits % 10 == 0 {
        digits /= 10;
        scale -= 1;
    }
    let mut text = digits.unsigned_abs().to_string();
    if scale < at_least {
        text.push_str(&"0".repeat(usize::try_from(at_least - scale).unwrap_or(0)));
        scale = at_least;
    }
    point_text(digits < 0, &text, scale)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The integer path and the rational path agree on every field.
    #[test]
    fn both_paths_agree() {
        let mut state: u64 = 7;
        let mut next = |range: i64| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            i64::try_from(state >> 33).unwrap_or(0) % range - range / 2
        };
        for _ in 0..5_000 {
            let scale = (next(12) + 6).clamp(0, 10);
            let base = next(2_000_000);
            let results: [Decimal; 3] = std::array::from_fn(|_| Decimal {
                digits: BigInt::from(base + next(7)),
                scale,
            });
            let refs = [&results[0], &results[1], &results[2]];
            let fast = same_scale(refs).expect("same scale");
            assert_eq!(fast, exactly(refs), "{results:?}");
        }
    }

    #[test]
    fn mixed_scales_take_the_rational_path() {
        let a = Decimal {
            digits: BigInt::from(5627),
            scale: 4,
        };
        let b = Decimal {
            digits: BigInt::from(563),
            scale: 3,
        };
        assert!(same_scale([&a, &b, &a]).is_none());
        assert_eq!(accepted([&a, &b, &a]).texts[0], "0.56285");
    }
}
