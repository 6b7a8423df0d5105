//! `round` and the formatters against `rust_decimal` (an independent
//! implementation of the same five modes) and against ties worked by hand.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::Signed;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use rust_decimal::{Decimal as RustDecimal, RoundingStrategy};

use longhand::model::{Precision, Rounding};
use longhand::numeric::format::{latex, plain};
use longhand::numeric::real::WORK_BITS;
use longhand::numeric::transcendental::exp;
use longhand::numeric::{Real, round};

use super::rational;

/// The five modes in the order of `Rounding::ALL`, with rust_decimal's name for each.
const MODES: [(Rounding, RoundingStrategy); 5] = [
    (Rounding::HalfUp, RoundingStrategy::MidpointAwayFromZero),
    (Rounding::HalfEven, RoundingStrategy::MidpointNearestEven),
    (Rounding::HalfDown, RoundingStrategy::MidpointTowardZero),
    (Rounding::TowardZero, RoundingStrategy::ToZero),
    (Rounding::AwayFromZero, RoundingStrategy::AwayFromZero),
];

fn config(cases: u32) -> Config {
    Config {
        cases,
        rng_seed: RngSeed::Fixed(0x6c6f_6e67_6861_6e64),
        failure_persistence: None,
        ..Config::default()
    }
}

fn rational_of(d: RustDecimal) -> BigRational {
    BigRational::new(BigInt::from(d.mantissa()), BigInt::from(10).pow(d.scale()))
}

/// Decimals across rust_decimal's whole range, with many exact ties
/// (`…5000`) and many short values.
fn decimals() -> impl Strategy<Value = RustDecimal> {
    let limit = (1i128 << 96) - 1;
    let mantissa = prop_oneof![
        (-limit..=limit),
        (-10i128.pow(12)..10i128.pow(12)),
        // k·10^(z+1) + 5·10^z: a tie when rounding at the digit before the 5.
        (-10i128.pow(15)..10i128.pow(15), 0u32..12).prop_map(|(k, z)| {
            let five = 5 * 10i128.pow(z);
            (k * 10 * 10i128.pow(z)) + if k < 0 { -five } else { five }
        }),
    ];
    (mantissa, 0u32..=28).prop_map(|(m, scale)| {
        RustDecimal::try_from_i128_with_scale(m, scale).expect("within rust_decimal's range")
    })
}

/// What a rounded decimal must print as at `places` decimals (zero
/// unsigned), from rust_decimal's own digits padded with zeros.
fn expected_text(rounded: RustDecimal, places: u32) -> String {
    let text = if rounded.is_zero() {
        "0".to_owned()
    } else {
        rounded.to_string()
    };
    let have = text
        .split_once('.')
        .map_or(0, |(_, fraction)| fraction.len());
    let missing = places as usize - have;
    match (have, missing) {
        (_, 0) => text,
        (0, _) => format!("{text}.{}", "0".repeat(missing)),
        _ => format!("{text}{}", "0".repeat(missing)),
    }
}

proptest! {
    #![proptest_config(config(768))]

    /// Every mode at 0..=20 decimals agrees with rust_decimal, in value, in
    /// the `exact` flag and in the printed text.
    #[test]
    fn decimals_agree_with_rust_decimal(d in decimals()) {
        let value = Real::Exact(rational_of(d));
        for places in 0..=20u32 {
            for (mode, strategy) in MODES {
                let expected = d.round_dp_with_strategy(places, strategy);
                let got = round(&value, Precision::Decimals(places), mode);
                prop_assert_eq!(got.decimal.scale, i64::from(places));
                prop_assert_eq!(
                    got.decimal.to_rational(), rational_of(expected),
                    "{} at {} decimals, {:?}", d, places, mode
                );
                prop_assert_eq!(got.exact, expected == d, "{} at {} decimals", d, places);
                let text = plain(&got.decimal, Precision::Decimals(places));
                prop_assert_eq!(&text, &expected_text(expected, places));
                prop_assert_eq!(latex(&got.decimal, Precision::Decimals(places)), text);
            }
        }
    }

    /// `N significant` is `N − 1 − e` decimals, where 10^e ≤ |x| < 10^(e+1)
    /// is read off rust_decimal's digits; a carry into a new digit (9.9996 →
    /// 10.00) drops the last zero so that N digits remain.
    #[test]
    fn significant_agrees_with_rust_decimal(d in decimals(), n in 1u32..=20) {
        prop_assume!(!d.is_zero());
        let length = i64::try_from(d.mantissa().unsigned_abs().to_string().len()).unwrap();
        let exponent = length - 1 - i64::from(d.scale());
        let places = i64::from(n) - 1 - exponent;
        prop_assume!((0..=28).contains(&places));
        let value = Real::Exact(rational_of(d));
        for (mode, strategy) in MODES {
            let expected = d.round_dp_with_strategy(u32::try_from(places).unwrap(), strategy);
            let got = round(&value, Precision::Significant(n), mode);
            prop_assert_eq!(got.decimal.to_rational(), rational_of(expected), "{} {:?}", d, mode);
            prop_assert_eq!(
                got.decimal.digits.abs().to_string().len(), n as usize,
                "{} at {} significant keeps {} digits", d, n, n
            );
        }
    }
}

/// One row of hand-worked results: value, places, then half_up, half_even,
/// half_down, toward_zero, away_from_zero.
type Row = (&'static str, u32, [&'static str; 5]);

const HAND_WORKED: [Row; 18] = [
    (
        "0.00005",
        4,
        ["0.0001", "0.0000", "0.0000", "0.0000", "0.0001"],
    ),
    (
        "-0.00005",
        4,
        ["-0.0001", "0.0000", "0.0000", "0.0000", "-0.0001"],
    ),
    (
        "0.00015",
        4,
        ["0.0002", "0.0002", "0.0001", "0.0001", "0.0002"],
    ),
    (
        "-0.00015",
        4,
        ["-0.0002", "-0.0002", "-0.0001", "-0.0001", "-0.0002"],
    ),
    ("0.5", 0, ["1", "0", "0", "0", "1"]),
    ("-0.5", 0, ["-1", "0", "0", "0", "-1"]),
    ("2.5", 0, ["3", "2", "2", "2", "3"]),
    ("-2.5", 0, ["-3", "-2", "-2", "-2", "-3"]),
    ("1/8", 2, ["0.13", "0.12", "0.12", "0.12", "0.13"]),
    ("-3/8", 2, ["-0.38", "-0.38", "-0.37", "-0.37", "-0.38"]),
    (
        "0.12345",
        4,
        ["0.1235", "0.1234", "0.1234", "0.1234", "0.1235"],
    ),
    (
        "0.1234500001",
        4,
        ["0.1235", "0.1235", "0.1235", "0.1234", "0.1235"],
    ),
    (
        "-0.1234499999",
        4,
        ["-0.1234", "-0.1234", "-0.1234", "-0.1234", "-0.1235"],
    ),
    ("1/3", 4, ["0.3333", "0.3333", "0.3333", "0.3333", "0.3334"]),
    (
        "-2/3",
        4,
        ["-0.6667", "-0.6667", "-0.6667", "-0.6666", "-0.6667"],
    ),
    (
        "-0.00004",
        4,
        ["0.0000", "0.0000", "0.0000", "0.0000", "-0.0001"],
    ),
    ("-0.4", 0, ["0", "0", "0", "0", "-1"]),
    (
        "9.99995",
        4,
        ["10.0000", "10.0000", "9.9999", "9.9999", "10.0000"],
    ),
];

#[test]
fn hand_worked_ties_in_every_mode() {
    for (text, places, expected) in HAND_WORKED {
        let value = Real::Exact(rational(text));
        for ((mode, _), want) in MODES.iter().zip(expected) {
            let precision = Precision::Decimals(places);
            let rounded = round(&value, precision, *mode).decimal;
            assert_eq!(
                plain(&rounded, precision),
                want,
                "{text} at {places} decimals, {mode:?}"
            );
            assert_eq!(
                latex(&rounded, precision),
                want,
                "{text} in LaTeX, {mode:?}"
            );
        }
    }
}

#[test]
fn binary_floats_round_as_the_fractions_they_are() {
    // 1/8, −3/8 and 2.5 are exact in binary: as floats they are still ties.
    for (text, places, expected) in [HAND_WORKED[8], HAND_WORKED[9], HAND_WORKED[6]] {
        let float = Real::Approx(Real::Exact(rational(text)).to_float(WORK_BITS));
        for ((mode, _), want) in MODES.iter().zip(expected) {
            let precision = Precision::Decimals(places);
            assert_eq!(
                plain(&round(&float, precision, *mode).decimal, precision),
                want
            );
        }
    }
}

#[test]
fn nothing_rounds_to_negative_zero() {
    let tiny_negative = [
        Real::Exact(rational("-0.00004999")),
        Real::Exact(rational("-1e-30")),
        Real::Approx(Real::Exact(rational("-1e-40")).to_float(WORK_BITS)),
        Real::Exact(rational("-0.00009")),
    ];
    for value in &tiny_negative {
        for mode in [
            Rounding::HalfUp,
            Rounding::HalfEven,
            Rounding::HalfDown,
            Rounding::TowardZero,
        ] {
            for places in [0, 1, 4] {
                let precision = Precision::Decimals(places);
                let rounded = round(value, precision, mode).decimal;
                let text = plain(&rounded, precision);
                if rounded.is_zero() {
                    assert!(!text.starts_with('-'), "{text} ({mode:?})");
                    assert!(!latex(&rounded, precision).starts_with('-'));
                }
            }
        }
    }
    let toward = round(
        &Real::Exact(rational("-0.00009")),
        Precision::Decimals(4),
        Rounding::TowardZero,
    );
    assert_eq!(plain(&toward.decimal, Precision::Decimals(4)), "0.0000");
}

fn significant(text: &str, n: u32, mode: Rounding) -> (String, String) {
    let precision = Precision::Significant(n);
    let rounded = round(&Real::Exact(rational(text)), precision, mode).decimal;
    (plain(&rounded, precision), latex(&rounded, precision))
}

#[test]
fn significant_digits_carry_over_and_switch_to_scientific() {
    let cases = [
        ("9.9996", 4, Rounding::HalfUp, "10.00", "10.00"),
        ("-9.9996", 4, Rounding::HalfUp, "-10.00", "-10.00"),
        ("9.9996", 4, Rounding::TowardZero, "9.999", "9.999"),
        ("0.99995", 4, Rounding::HalfUp, "1.000", "1.000"),
        ("0.99995", 4, Rounding::HalfEven, "1.000", "1.000"),
        ("0.99985", 4, Rounding::HalfEven, "0.9998", "0.9998"),
        ("99.995", 4, Rounding::HalfUp, "100.0", "100.0"),
        ("1234", 4, Rounding::HalfUp, "1234", "1234"),
        (
            "123456",
            4,
            Rounding::HalfUp,
            "1.235e5",
            "1.235 \\times 10^{5}",
        ),
        (
            "9999.6",
            4,
            Rounding::HalfUp,
            "1.000e4",
            "1.000 \\times 10^{4}",
        ),
        ("0.00012345", 4, Rounding::HalfUp, "0.0001235", "0.0001235"),
        (
            "0.000012345",
            4,
            Rounding::HalfUp,
            "1.235e-5",
            "1.235 \\times 10^{-5}",
        ),
        (
            "-0.000012345",
            4,
            Rounding::HalfDown,
            "-1.234e-5",
            "-1.234 \\times 10^{-5}",
        ),
        ("0.5", 4, Rounding::HalfUp, "0.5000", "0.5000"),
        ("2/3", 1, Rounding::HalfUp, "0.7", "0.7"),
    ];
    for (text, n, mode, want_plain, want_latex) in cases {
        let (got_plain, got_latex) = significant(text, n, mode);
        assert_eq!(got_plain, want_plain, "{text} at {n} significant, {mode:?}");
        assert_eq!(got_latex, want_latex, "{text} at {n} significant, {mode:?}");
    }
}

/// σ(−60) = 1/(1 + e^60). mpmath (50 digits): 8.7565107626965203384887327240626852993e-27,
/// so at 4 significant digits it is 8.757e-27 rounding to nearest (the fifth
/// digit is a 5 followed by 1…) and 8.756e-27 toward zero.
#[test]
fn sigmoid_of_minus_sixty_at_four_significant_digits() {
    let e60 = exp(&Real::int(60), WORK_BITS).expect("e^60");
    let sigma = Real::one().div(&Real::one().add(&e60)).expect("non-zero");
    let precision = Precision::Significant(4);
    let show = |mode| {
        let rounded = round(&sigma, precision, mode).decimal;
        (plain(&rounded, precision), latex(&rounded, precision))
    };
    for mode in [
        Rounding::HalfUp,
        Rounding::HalfEven,
        Rounding::HalfDown,
        Rounding::AwayFromZero,
    ] {
        assert_eq!(
            show(mode),
            ("8.757e-27".to_owned(), "8.757 \\times 10^{-27}".to_owned())
        );
    }
    assert_eq!(
        show(Rounding::TowardZero),
        ("8.756e-27".to_owned(), "8.756 \\times 10^{-27}".to_owned())
    );
}

#[test]
fn zero_decimals() {
    let cases = [
        ("1234.5678", "1235"),
        ("0.4", "0"),
        ("-0.6", "-1"),
        ("7", "7"),
        ("-7/2", "-4"),
    ];
    for (text, want) in cases {
        let rounded = round(
            &Real::Exact(rational(text)),
            Precision::Decimals(0),
            Rounding::HalfUp,
        );
        assert_eq!(
            plain(&rounded.decimal, Precision::Decimals(0)),
            want,
            "{text}"
        );
    }
}

#[test]
fn thirty_decimals() {
    let precision = Precision::Decimals(30);
    let show = |value: &Real, mode| plain(&round(value, precision, mode).decimal, precision);
    let third = Real::Exact(rational("1/3"));
    assert_eq!(
        show(&third, Rounding::HalfUp),
        format!("0.{}", "3".repeat(30))
    );
    assert_eq!(
        show(&third, Rounding::AwayFromZero),
        format!("0.{}4", "3".repeat(29))
    );
    let minus_two_thirds = Real::Exact(rational("-2/3"));
    assert_eq!(
        show(&minus_two_thirds, Rounding::HalfEven),
        format!("-0.{}7", "6".repeat(29))
    );
    // e from mpmath: 2.71828182845904523536028747135266249775724709369995...
    let e = exp(&Real::one(), WORK_BITS).expect("e");
    assert_eq!(
        show(&e, Rounding::HalfUp),
        "2.718281828459045235360287471353"
    );
    assert_eq!(
        show(&e, Rounding::TowardZero),
        "2.718281828459045235360287471352"
    );
    // A terminating value keeps its trailing zeros.
    assert_eq!(
        show(&Real::Exact(rational("0.125")), Rounding::HalfUp),
        format!("0.125{}", "0".repeat(27))
    );
}

/// The same value through a whole report: a sigmoid unit with z = −60 at
/// 4 significant digits (under `step` σ is written 1/(1 + 1.142e26), which
/// gives the same digits).
#[test]
fn sigmoid_of_minus_sixty_in_the_answer_key() {
    use longhand::source::SourceFile;
    use longhand::{Format, Options, explain};
    for carry in ["step", "quantity", "exact"] {
        let text = format!(
            "input x = [1]\ntarget y = [0]\n\
             layer out {{ activation = sigmoid\n W = [[-60]]\n b = [0] }}\n\
             loss = half_squared_error\nlearning_rate = 1\n\
             precision = 4 significant\ncarry = {carry}\n"
        );
        let report = explain(
            &SourceFile::new("tiny.net", text),
            &Options::new(Format::Json),
        )
        .expect("renders");
        let key: serde_json::Value = serde_json::from_str(&report.text).expect("JSON");
        assert_eq!(
            key["updates"][0]["examples"][0]["a"][0][0], "8.757e-27",
            "{carry}"
        );
    }
}

/// `precision = exact`: terminating values in full, others with 30
/// significant digits (scientific below 10⁻⁴, as for `N significant`).
#[test]
fn exact_precision_display() {
    let show = |text: &str| {
        let rounded = round(
            &Real::Exact(rational(text)),
            Precision::Exact,
            Rounding::HalfUp,
        );
        (plain(&rounded.decimal, Precision::Exact), rounded.exact)
    };
    assert_eq!(show("0.013449"), ("0.013449".to_owned(), true));
    assert_eq!(show("-7/8"), ("-0.875".to_owned(), true));
    assert_eq!(show("12"), ("12".to_owned(), true));
    assert_eq!(show("1/3"), (format!("0.{}", "3".repeat(30)), false));
    assert_eq!(show("-2/3"), (format!("-0.{}7", "6".repeat(29)), false));
    assert_eq!(
        show("2/3000000"),
        (format!("6.{}7e-7", "6".repeat(28)), false)
    );
}

/// An approximation within its error bound of a tie, of a value the
/// precision shows exactly, or of 0 is rounded as if it were exactly there
/// (`round::snap`); outside its bound it is rounded as the number it is.
#[test]
fn approximations_within_their_bound_of_a_boundary_snap_to_it() {
    use longhand::numeric::bound::Bound;
    use longhand::numeric::round::{SnapKind, snap};
    let ball = |text: &str, bound: i64| {
        Real::Approx(
            Real::Exact(rational(text))
                .to_float(WORK_BITS)
                .with_error(Bound::power_of_two(bound)),
        )
    };
    // 0.05 as a binary float is not 0.05, but within 2^−240 of it.
    let near_tie = ball("0.05", -240);
    let one_decimal = Precision::Decimals(1);
    let found = snap(&near_tie, one_decimal).expect("within its bound of the tie");
    assert_eq!((found.value, found.kind), (rational("0.05"), SnapKind::Tie));
    // Every mode then rounds it as the exact tie 0.05, worked by hand.
    for ((mode, _), want) in MODES.iter().zip(["0.1", "0.0", "0.0", "0.0", "0.1"]) {
        assert_eq!(
            plain(&round(&near_tie, one_decimal, *mode).decimal, one_decimal),
            want,
            "{mode:?}"
        );
    }
    // At 4 decimals 0.05 is shown exactly: nothing is rounded away.
    let four = Precision::Decimals(4);
    assert_eq!(snap(&near_tie, four).map(|s| s.kind), Some(SnapKind::Shown));
    assert!(round(&near_tie, four, Rounding::TowardZero).exact);
    assert_eq!(
        plain(&round(&near_tie, four, Rounding::TowardZero).decimal, four),
        "0.0500"
    );
    // Under significant digits and in the exact display too.
    assert_eq!(
        snap(&near_tie, Precision::Significant(1)).map(|s| s.value),
        Some(rational("0.05"))
    );
    assert_eq!(
        plain(
            &round(&near_tie, Precision::Exact, Rounding::HalfUp).decimal,
            Precision::Exact
        ),
        "0.05"
    );
    // Zero.
    let tiny = ball("1e-80", -200);
    assert_eq!(
        snap(&tiny, Precision::Significant(4)).map(|s| s.kind),
        Some(SnapKind::Zero)
    );
    assert_eq!(
        plain(
            &round(&tiny, Precision::Significant(4), Rounding::HalfUp).decimal,
            Precision::Significant(4)
        ),
        "0.000"
    );
    // Beyond its bound: 0.05 + 10⁻³⁰ is no tie, and an exact float never snaps.
    assert_eq!(
        snap(&ball("0.050000000000000000000000000001", -240), one_decimal),
        None
    );
    assert_eq!(
        snap(
            &Real::Approx(Real::Exact(rational("0.05")).to_float(WORK_BITS)),
            one_decimal
        ),
        None
    );
    assert_eq!(snap(&Real::Exact(rational("0.05")), one_decimal), None);
}
