//! n-th roots, correctly rounded at every precision: the printed root r of
//! x is checked exactly, with rationals, by raising the ends of its
//! rounding interval to the n-th power — (r − ½ulp)ⁿ ≤ x ≤ (r + ½ulp)ⁿ for
//! the round-to-nearest modes, rⁿ ≤ x < (r + ulp)ⁿ toward zero — which
//! needs no root at all (an oracle independent of the code under test).

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Signed, Zero};

use longhand::model::{Precision, Rounding};
use longhand::numeric::Real;
use longhand::numeric::transcendental::{TranscendentalError, root, root_rounded};

use super::rational;

fn ulp(places: u32) -> BigRational {
    BigRational::new(BigInt::one(), BigInt::from(10).pow(places))
}

#[test]
fn roots_are_correctly_rounded_at_every_precision() {
    let arguments = [
        "2",
        "3",
        "0.5",
        "1/3",
        "10",
        "12345.678",
        "1e-20",
        "7/1000000",
        "0.999999",
    ];
    let mut checked = 0;
    for text in arguments {
        let x = rational(text);
        for n in [2u32, 3, 5, 7] {
            for places in [0u32, 1, 4, 9, 17, 30] {
                for mode in [Rounding::HalfUp, Rounding::HalfEven, Rounding::TowardZero] {
                    let (_, rounded) = root_rounded(
                        &Real::Exact(x.clone()),
                        n,
                        Precision::Decimals(places),
                        mode,
                    )
                    .expect("a root");
                    let r = rounded.decimal.to_rational();
                    let (low, high) = match mode {
                        Rounding::TowardZero => (r.clone(), &r + ulp(places)),
                        _ => {
                            let half = ulp(places) / BigInt::from(2);
                            (&r - &half, &r + half)
                        }
                    };
                    let low = if low.is_negative() {
                        BigRational::zero()
                    } else {
                        low
                    };
                    assert!(
                        low.pow(n as i32) <= x && x <= high.pow(n as i32),
                        "{n}th root of {text} to {places} places ({mode:?}) printed {r}"
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 600, "{checked}");
}

#[test]
fn exact_roots_are_exact_and_odd_roots_keep_the_sign() {
    let exact = |x: &str, n| match root(&Real::Exact(rational(x)), n, 64).expect("a root") {
        Real::Exact(q) => q,
        other => panic!("{x}: not exact: {other:?}"),
    };
    assert_eq!(exact("0.0625", 2), rational("0.25"));
    assert_eq!(exact("8/27", 3), rational("2/3"));
    assert_eq!(exact("-8/27", 3), rational("-2/3"));
    assert_eq!(exact("0", 4), BigRational::zero());
    assert_eq!(
        root(&Real::Exact(rational("-4")), 2, 64),
        Err(TranscendentalError::RootDomain)
    );
}
