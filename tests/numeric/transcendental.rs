//! exp and ln against mpmath: `tests/fixtures/transcendental.txt` holds
//! e^x and ln x for ~220 arguments to at least 80 significant digits (made
//! by `tests/fixtures/make_transcendental.py`; this test needs no Python).
//!
//! The expected rounded digits are worked out here on the reference's
//! decimal text, digit by digit, so the oracle shares no code with longhand.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{Signed, Zero};

use longhand::model::{Precision, Rounding};
use longhand::numeric::Real;
use longhand::numeric::real::WORK_BITS;
use longhand::numeric::transcendental::{
    MAX_EXP_ARGUMENT, TranscendentalError, exp, exp_rounded, ln, ln_rounded,
};

use super::rational;

const FIXTURE: &str = include_str!("../fixtures/transcendental.txt");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Function {
    Exp,
    Ln,
}

/// A reference value `±0.d₁d₂d₃… × 10^point`.
struct Reference {
    negative: bool,
    digits: Vec<u8>,
    point: i64,
}

impl Reference {
    /// Parses mpmath's `d.ddd…e±N` (or `d.ddd…`).
    fn parse(text: &str) -> Reference {
        let (negative, text) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (mantissa, exponent) = match text.split_once('e') {
            Some((m, e)) => (m, e.parse::<i64>().expect("exponent")),
            None => (text, 0),
        };
        let (whole, fraction) = mantissa.split_once('.').expect("a decimal point");
        assert_eq!(whole.len(), 1, "one digit before the point: {text}");
        assert_ne!(whole, "0", "normalised: {text}");
        let digits = format!("{whole}{fraction}")
            .bytes()
            .map(|b| b - b'0')
            .collect();
        Reference {
            negative,
            digits,
            point: exponent + 1,
        }
    }

    fn value(&self) -> BigRational {
        let digits: String = self.digits.iter().map(|d| char::from(b'0' + d)).collect();
        let magnitude = scaled(
            digits.parse().expect("digits"),
            self.point - len(&self.digits),
        );
        if self.negative { -magnitude } else { magnitude }
    }

    /// How many leading digits a precision keeps.
    fn kept(&self, precision: Precision) -> i64 {
        match precision {
            Precision::Decimals(n) => self.point + i64::from(n),
            Precision::Significant(n) => i64::from(n),
            Precision::Exact => unreachable!("not a rounding precision"),
        }
    }

    /// The correctly rounded value, worked on the digits: keep `kept`
    /// digits and decide from the dropped tail whether to add one unit.
    fn rounded(&self, precision: Precision, mode: Rounding) -> BigRational {
        let kept = self.kept(precision);
        let available = len(&self.digits);
        assert!(
            kept + 12 <= available,
            "the fixture needs more digits for {precision:?}"
        );
        // The dropped digits, with zeros in front when even the first
        // reference digit is dropped.
        let (head, tail) = if kept <= 0 {
            let mut tail = vec![0; usize::try_from(-kept).expect("small")];
            tail.extend(&self.digits);
            (&[][..], tail)
        } else {
            let at = usize::try_from(kept).expect("small");
            (&self.digits[..at], self.digits[at..].to_vec())
        };
        let half = compare_with_half(&tail);
        let head_value: BigInt = if head.is_empty() {
            BigInt::zero()
        } else {
            head.iter()
                .map(|d| char::from(b'0' + d))
                .collect::<String>()
                .parse()
                .expect("digits")
        };
        let odd = head.last().is_some_and(|d| d % 2 == 1);
        let up = match mode {
            Rounding::HalfUp => half.is_ge(),
            Rounding::HalfDown => half.is_gt(),
            Rounding::HalfEven => half.is_gt() || (half.is_eq() && odd),
            Rounding::TowardZero => false,
            Rounding::AwayFromZero => true,
        };
        let magnitude = scaled(head_value + u8::from(up), self.point - kept);
        if self.negative { -magnitude } else { magnitude }
    }
}

fn len<T>(items: &[T]) -> i64 {
    i64::try_from(items.len()).expect("short")
}

fn scaled(digits: BigInt, power: i64) -> BigRational {
    let ten = BigInt::from(10);
    let factor = ten.pow(u32::try_from(power.unsigned_abs()).expect("small"));
    if power >= 0 {
        BigRational::from_integer(digits * factor)
    } else {
        BigRational::new(digits, factor)
    }
}

/// Compares the dropped digits `0.t₁t₂…` with one half. The true value is
/// irrational, so the tail is never exactly 0 or ½; the reference only
/// decides the comparison if the known digits are not a run of 0s or 9s
/// after the deciding digit (asserted, so a too-short fixture fails loudly).
fn compare_with_half(tail: &[u8]) -> std::cmp::Ordering {
    let (first, rest) = tail.split_first().expect("a tail");
    let undecided = |run: u8| rest.iter().all(|d| *d == run);
    assert!(
        !(tail.iter().all(|d| *d == 0) || tail.iter().all(|d| *d == 9)),
        "the reference cannot decide the direction"
    );
    match first {
        5 => {
            assert!(!undecided(0), "the reference cannot decide a near-tie");
            std::cmp::Ordering::Greater
        }
        4 => {
            assert!(!undecided(9), "the reference cannot decide a near-tie");
            std::cmp::Ordering::Less
        }
        d => d.cmp(&5),
    }
}

struct Case {
    function: Function,
    argument_text: &'static str,
    argument: Real,
    reference: Reference,
}

fn cases() -> Vec<Case> {
    FIXTURE
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let mut fields = line.split_whitespace();
            let function = match fields.next() {
                Some("exp") => Function::Exp,
                Some("ln") => Function::Ln,
                other => panic!("unknown function {other:?}"),
            };
            let argument_text = fields.next().expect("an argument");
            let reference = Reference::parse(fields.next().expect("a value"));
            Case {
                function,
                argument_text,
                argument: Real::Exact(rational(argument_text)),
                reference,
            }
        })
        .collect()
}

const PRECISIONS: [Precision; 7] = [
    Precision::Decimals(4),
    Precision::Decimals(10),
    Precision::Decimals(28),
    Precision::Significant(4),
    Precision::Significant(15),
    Precision::Significant(28),
    Precision::Significant(30),
];

#[test]
fn the_fixture_covers_enough_arguments() {
    let cases = cases();
    let count = |f| cases.iter().filter(|c| c.function == f).count();
    assert!(
        count(Function::Exp) >= 100,
        "{} exp cases",
        count(Function::Exp)
    );
    assert!(
        count(Function::Ln) >= 100,
        "{} ln cases",
        count(Function::Ln)
    );
}

#[test]
fn exp_and_ln_are_correctly_rounded_in_every_mode() {
    for case in cases() {
        for precision in PRECISIONS {
            for (mode, _) in Rounding::ALL {
                let got = match case.function {
                    Function::Exp => exp_rounded(&case.argument, precision, mode),
                    Function::Ln => ln_rounded(&case.argument, precision, mode),
                }
                .expect("in range");
                let want = case.reference.rounded(precision, mode);
                assert_eq!(
                    got.decimal.to_rational(),
                    want,
                    "{:?}({}) at {precision:?}, {mode:?}",
                    case.function,
                    case.argument_text
                );
                assert!(!got.exact, "an irrational value is never exact");
                if let Precision::Decimals(n) = precision {
                    assert_eq!(got.decimal.scale, i64::from(n));
                }
            }
        }
    }
}

#[test]
fn exp_and_ln_at_work_bits_agree_to_seventy_digits() {
    let tolerance = BigRational::new(BigInt::from(1), BigInt::from(10).pow(70));
    for case in cases() {
        let value = match case.function {
            Function::Exp => exp(&case.argument, WORK_BITS),
            Function::Ln => ln(&case.argument, WORK_BITS),
        }
        .expect("in range")
        .to_rational();
        let reference = case.reference.value();
        let error = (&value - &reference).abs();
        assert!(
            error <= &tolerance * reference.abs(),
            "{:?}({}) is off by {:.3e} relative",
            case.function,
            case.argument_text,
            approximate(&(error / reference.abs()))
        );
    }
}

fn approximate(q: &BigRational) -> f64 {
    Real::Exact(q.clone()).to_f64()
}

#[test]
fn exact_points() {
    assert_eq!(exp(&Real::zero(), WORK_BITS), Ok(Real::one()));
    assert_eq!(ln(&Real::one(), WORK_BITS), Ok(Real::zero()));
    for (mode, _) in Rounding::ALL {
        let one = exp_rounded(&Real::zero(), Precision::Decimals(4), mode).expect("e^0");
        assert!(one.exact);
        assert_eq!(one.decimal.to_rational(), rational("1"));
        let zero = ln_rounded(&Real::one(), Precision::Significant(4), mode).expect("ln 1");
        assert!(zero.exact);
        assert!(zero.decimal.is_zero());
    }
}

#[test]
fn ln_outside_its_domain_is_an_error() {
    for text in ["0", "-1", "-1e-30", "-1/3"] {
        let x = Real::Exact(rational(text));
        assert_eq!(
            ln(&x, WORK_BITS),
            Err(TranscendentalError::LnDomain),
            "ln {text}"
        );
        assert_eq!(
            ln_rounded(&x, Precision::Decimals(4), Rounding::HalfUp),
            Err(TranscendentalError::LnDomain),
            "ln {text}"
        );
    }
    let negative_float = Real::Approx(Real::Exact(rational("-0.5")).to_float(WORK_BITS));
    assert_eq!(
        ln(&negative_float, WORK_BITS),
        Err(TranscendentalError::LnDomain)
    );
}

#[test]
fn exp_beyond_nine_thousand_is_an_error() {
    assert_eq!(MAX_EXP_ARGUMENT, 9000);
    for text in ["9000.5", "-9000.5", "9001", "-9001", "1e6", "-1e30"] {
        let x = Real::Exact(rational(text));
        assert_eq!(
            exp(&x, WORK_BITS),
            Err(TranscendentalError::ExpOutOfRange),
            "e^{text}"
        );
        assert_eq!(
            exp_rounded(&x, Precision::Significant(4), Rounding::HalfUp),
            Err(TranscendentalError::ExpOutOfRange),
            "e^{text}"
        );
    }
    // The ends of the range are computed: e^−9000 ≈ 2.237e−3909 is tiny but
    // not zero; at 4 decimals it rounds to 0.0000 (and toward zero stays 0).
    let tiny = exp_rounded(
        &Real::int(-9000),
        Precision::Significant(3),
        Rounding::HalfUp,
    )
    .expect("in range");
    assert_eq!(tiny.decimal.scale, 3911);
    let shown = exp_rounded(
        &Real::int(-9000),
        Precision::Decimals(4),
        Rounding::AwayFromZero,
    )
    .expect("in range");
    assert_eq!(shown.decimal.to_rational(), rational("0.0001"));
}

/// ln(5/2) and e^(1/2) cut after 200 decimals (mpmath at 500 digits):
/// e^x and ln y are then within 1.3e−200 and 3.3e−201 of the ties 2.5 and
/// 0.5, on a known side, so rounding them needs about 700 bits.
const LN_2_5_CUT: &str = "0.91629073187415506518352721176801107145010121990826246779196788198078\
    536573796304902427055109676092325796482200114487716603848499356654564260094586582862976562\
    145206666881181046318581757844985158614680";
const SQRT_E_CUT: &str = "1.64872127070012814684865078781416357165377610071014801157507931164066\
    102119421560863277652005636664300286663775630779700467116697521960915984097145249005979692\
    942265909840391471994846465948924489686890";

fn last_digit_up(text: &str) -> Real {
    let digits = text.split_once('.').expect("a point").1.len();
    let unit = rational(&format!("1e-{digits}"));
    Real::Exact(rational(text) + unit)
}

#[test]
fn near_ties_are_resolved_with_more_bits() {
    let cut = |text: &str| Real::Exact(rational(text));
    let (x_below, x_above) = (cut(LN_2_5_CUT), last_digit_up(LN_2_5_CUT));
    let (y_below, y_above) = (cut(SQRT_E_CUT), last_digit_up(SQRT_E_CUT));
    let one = Precision::Decimals(1);
    let zero = Precision::Decimals(0);
    // e^x_below = 2.4999…9873, e^x_above = 2.5000…0123 (200 nines / zeros).
    let cases = [
        (exp_rounded(&x_below, zero, Rounding::HalfUp), "2"),
        (exp_rounded(&x_above, zero, Rounding::HalfDown), "3"),
        (exp_rounded(&x_below, zero, Rounding::HalfEven), "2"),
        (exp_rounded(&x_above, zero, Rounding::HalfEven), "3"),
        (exp_rounded(&x_below, one, Rounding::TowardZero), "2.4"),
        (exp_rounded(&x_above, one, Rounding::TowardZero), "2.5"),
        (
            exp_rounded(&x_below, Precision::Significant(2), Rounding::AwayFromZero),
            "2.5",
        ),
        // ln y_below = 0.4999…968, ln y_above = 0.5000…028.
        (ln_rounded(&y_below, zero, Rounding::HalfUp), "0"),
        (ln_rounded(&y_above, zero, Rounding::HalfDown), "1"),
        (ln_rounded(&y_below, one, Rounding::TowardZero), "0.4"),
        (ln_rounded(&y_above, one, Rounding::TowardZero), "0.5"),
        (
            ln_rounded(&y_below, Precision::Significant(1), Rounding::AwayFromZero),
            "0.5",
        ),
    ];
    for (index, (got, want)) in cases.into_iter().enumerate() {
        let got = got.expect("in range").decimal.to_rational();
        assert_eq!(got, rational(want), "case {index}");
    }
}

/// The error bound an approximate value carries (0 for an exact one).
fn bound_of(value: &Real) -> BigRational {
    match value {
        Real::Exact(_) => BigRational::zero(),
        Real::Approx(float) => float.error().to_rational(),
    }
}

/// Ball arithmetic is sound: for expressions whose exact value is known by
/// algebra — e^q · e^−q = 1, ln e^q = q, (x + e^q) − e^q = x,
/// σ(q) + σ(−q) = 1, tanh q + tanh(−q) = 0 — the computed approximation
/// lies within its own error bound of the truth (and the bound is tiny).
#[test]
fn error_bounds_cover_the_true_error() {
    let one = Real::one();
    let sigmoid = |q: &Real| {
        let e = exp(&q.neg(), WORK_BITS).expect("in range");
        one.div(&one.add(&e)).expect("positive")
    };
    let tanh = |q: &Real| {
        let e = exp(&q.mul(&Real::int(2)), WORK_BITS).expect("in range");
        e.sub(&one).div(&e.add(&one)).expect("positive")
    };
    for text in [
        "1", "-1", "0.05", "1/3", "12.5", "-7/20", "300", "-80", "1e-30",
    ] {
        let q = Real::Exact(rational(text));
        let e = exp(&q, WORK_BITS).expect("in range");
        let e_minus = exp(&q.neg(), WORK_BITS).expect("in range");
        let x = Real::Exact(rational("0.123456789"));
        let cases = [
            ("e^q · e^−q", e.mul(&e_minus), rational("1")),
            (
                "ln e^q",
                ln(&e, WORK_BITS).expect("positive"),
                rational(text),
            ),
            (
                "(x + e^q) − e^q",
                x.add(&e).sub(&e),
                rational("0.123456789"),
            ),
            (
                "σ(q) + σ(−q)",
                sigmoid(&q).add(&sigmoid(&q.neg())),
                rational("1"),
            ),
            (
                "tanh q + tanh(−q)",
                tanh(&q).add(&tanh(&q.neg())),
                rational("0"),
            ),
        ];
        for (what, value, truth) in cases {
            let error = (value.to_rational() - &truth).abs();
            let bound = bound_of(&value);
            assert!(
                error <= bound,
                "{what} at q = {text}: error {error} > bound {bound}"
            );
            // Relative to the size of the terms (at most e^300), the bound stays near 2^−250.
            let scale = e.to_rational().abs().max(e_minus.to_rational().abs()) + rational("1");
            assert!(
                bound <= scale * rational("1e-60"),
                "{what} at q = {text}: bound {bound}"
            );
        }
    }
}

/// tanh(1) + tanh(−1) is 0 within its error bound, so it is 0 to `is_zero`
/// and `signum` (relu and its slope see 0, not ±10⁻⁷⁷), and a divisor that
/// may be 0 is a division by zero.
#[test]
fn an_approximation_that_may_be_zero_is_zero() {
    let one = Real::one();
    let tanh = |q: &Real| {
        let e = exp(&q.mul(&Real::int(2)), WORK_BITS).expect("in range");
        e.sub(&one).div(&e.add(&one)).expect("positive")
    };
    let zero = tanh(&one).add(&tanh(&one.neg()));
    assert!(!zero.is_exact());
    assert!(zero.is_zero());
    assert_eq!(zero.signum(), 0);
    assert!(one.div(&zero).is_err());
    assert!(ln(&zero, WORK_BITS).is_err());
    // σ(−9000) ≈ 2.2e−3909 is tiny but certainly not 0.
    let tiny = exp(&Real::int(-9000), WORK_BITS).expect("in range");
    assert!(!tiny.is_zero());
    assert_eq!(tiny.signum(), 1);
}
