//! Exact carry against a high-precision calculation (issue 14): every
//! optimizer, with and without `weight_decay` and `decoupled_weight_decay`,
//! on the random networks of `tests/finite_differences.rs` trained for 5
//! updates at `precision = exact`, recomputed here in exact rational
//! arithmetic with a square root written here (an integer square root,
//! correctly rounded down to 2⁻⁴⁰⁰ of the result's size).
//!
//! As in `tests/optimizers.rs`, the gradient of each update is longhand's
//! (they are proven against central differences elsewhere); everything the
//! rule does with it — the state from zero, β₁ᵗ and β₂ᵗ, the bias
//! correction, √, ε, the step, decoupled decay — is recomputed from the
//! numbers in the file and compared, update by update, to a relative
//! 10⁻³⁰ of the line's largest term. Under `weight_decay = λ` the first
//! update's gradient is also checked: it is the gradient without decay plus
//! exactly λW on every weight and nothing on the biases.
//!
//! Measured (printed with `--nocapture`): 48,256 values compared over 8
//! networks × 7 rules × 3 decay settings × 5 updates, the largest relative
//! difference 10⁻⁷⁰ (longhand works with 256-bit balls, about 77 digits),
//! so the tolerance 10⁻³⁰ could be tightened to 10⁻⁶⁰.

use std::cell::Cell;

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Pow, Signed, Zero};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};

use crate::finite_differences::{Net, draws, parameters, safe};
use longhand::model::ids::{LayerId, UnitId};
use longhand::numeric::Real;
use longhand::numeric::run::{Detail, Run};
use longhand::source::SourceFile;
use longhand::symbolic::{Param, Quantity, StateKind, Symbol};
use longhand::{Format, Options, load, train};

/// The tolerance: relative to the largest term of the line.
const TOLERANCE_DIGITS: i32 = 30;

/// An update rule with its constants as the file writes them.
#[derive(Debug, Clone)]
enum Rule {
    Sgd,
    Momentum(BigRational),
    Nesterov(BigRational),
    RmsProp(BigRational, BigRational),
    Adam(BigRational, BigRational, BigRational),
}

/// `text` (a short decimal such as `0.999` or `1e-8`) as an exact fraction.
fn q(text: &str) -> BigRational {
    let (mantissa, exponent) = match text.split_once('e') {
        Some((m, e)) => (m, e.parse::<i32>().expect("an exponent")),
        None => (text, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits: BigInt = format!("{whole}{fraction}").parse().expect("digits");
    let scale = exponent - i32::try_from(fraction.len()).expect("short");
    let ten = BigRational::from_integer(BigInt::from(10));
    BigRational::from_integer(digits) * Pow::pow(&ten, scale)
}

fn rules() -> Vec<(Rule, &'static str)> {
    vec![
        (Rule::Sgd, "sgd"),
        (Rule::Momentum(q("0.9")), "momentum(0.9)"),
        (Rule::Nesterov(q("0.8")), "nesterov(beta = 0.8)"),
        (Rule::RmsProp(q("0.99"), q("1e-8")), "rmsprop"),
        (
            Rule::RmsProp(q("0.9"), q("0.01")),
            "rmsprop(0.9, epsilon = 0.01)",
        ),
        (Rule::Adam(q("0.9"), q("0.999"), q("1e-8")), "adam"),
        (
            Rule::Adam(q("0.8"), q("0.99"), q("0.001")),
            "adam(0.8, beta2 = 0.99, epsilon = 1e-3)",
        ),
    ]
}

/// √x for x ≥ 0, rounded down to 2⁻⁴⁰⁰ of its size: ⌊√(p·q·4ᵏ)⌋ / (q·2ᵏ)
/// with k large enough that the integer root has at least 400 bits.
fn sqrt(x: &BigRational) -> BigRational {
    assert!(!x.is_negative(), "√ of a negative number");
    if x.is_zero() {
        return BigRational::zero();
    }
    let (p, d) = (x.numer(), x.denom());
    let n = p * d;
    let bits = i64::try_from(n.bits()).expect("bits");
    let k = u64::try_from(((800 - bits) / 2 + 1).max(0)).expect("k");
    let root = (n << (2 * k)).sqrt();
    BigRational::new(root, d << k)
}

/// `x` rounded to 600 significant bits (keeps fractions from growing over
/// the updates; 2⁻⁶⁰⁰ is far below the tolerance).
fn trim(x: BigRational) -> BigRational {
    if x.is_zero() {
        return x;
    }
    let size = i64::try_from(x.numer().bits()).expect("bits")
        - i64::try_from(x.denom().bits()).expect("bits");
    let shift = 600 - size;
    let scaled = if shift >= 0 {
        x * BigRational::from_integer(BigInt::one() << u64::try_from(shift).expect("shift"))
    } else {
        x / BigRational::from_integer(BigInt::one() << u64::try_from(-shift).expect("shift"))
    };
    let whole = scaled.round().to_integer();
    let unit = if shift >= 0 {
        BigRational::new(
            BigInt::one(),
            BigInt::one() << u64::try_from(shift).expect("s"),
        )
    } else {
        BigRational::from_integer(BigInt::one() << u64::try_from(-shift).expect("s"))
    };
    BigRational::from_integer(whole) * unit
}

/// One parameter's state: (velocity or s or m, v).
#[derive(Debug, Clone, Default)]
struct State {
    first: BigRational,
    second: BigRational,
}

/// A value with the size of the largest term of the line that computed it.
#[derive(Debug, Clone)]
struct Line {
    value: BigRational,
    size: BigRational,
}

fn line(terms: &[BigRational]) -> Line {
    let value = terms.iter().fold(BigRational::zero(), |a, t| a + t);
    let size = terms
        .iter()
        .map(Signed::abs)
        .fold(BigRational::zero(), |a, t| if t > a { t } else { a });
    Line { value, size }
}

/// One exact step of `rule` at update `t`: the new θ and the kept state,
/// each with the size of its line's largest term.
fn step(
    rule: &Rule,
    eta: &BigRational,
    decay: &BigRational,
    t: i32,
    theta: &BigRational,
    g: &BigRational,
    s: &mut State,
) -> (Line, Vec<(StateKind, Line)>) {
    let one = BigRational::one();
    let shrink = -(eta * decay * theta);
    let (step, kept) = match rule {
        Rule::Sgd => (g.clone(), Vec::new()),
        Rule::Momentum(beta) => {
            let v = line(&[beta * &s.first, g.clone()]);
            s.first = v.value.clone();
            (v.value.clone(), vec![(StateKind::Velocity, v)])
        }
        Rule::Nesterov(beta) => {
            let v = line(&[beta * &s.first, g.clone()]);
            s.first = v.value.clone();
            (g + beta * &v.value, vec![(StateKind::Velocity, v)])
        }
        Rule::RmsProp(rho, eps) => {
            let sq = line(&[rho * &s.first, (&one - rho) * g * g]);
            s.first = trim(sq.value.clone());
            let step = trim(g / (sqrt(&s.first) + eps));
            (step, vec![(StateKind::Square, sq)])
        }
        Rule::Adam(b1, b2, eps) => {
            let m = line(&[b1 * &s.first, (&one - b1) * g]);
            let v = line(&[b2 * &s.second, (&one - b2) * g * g]);
            s.first = trim(m.value.clone());
            s.second = trim(v.value.clone());
            let m_hat = &s.first / (&one - Pow::pow(b1, t));
            let v_hat = &s.second / (&one - Pow::pow(b2, t));
            let step = trim(m_hat / (sqrt(&v_hat) + eps));
            (step, vec![(StateKind::M, m), (StateKind::V, v)])
        }
    };
    let new = line(&[theta.clone(), shrink, -(eta * step)]);
    (
        Line {
            value: trim(new.value),
            size: new.size,
        },
        kept,
    )
}

fn param_of(l: usize, to: usize, from: Option<usize>) -> Param {
    let (layer, to) = (LayerId(l), UnitId(to));
    match from {
        Some(j) => Param::Weight {
            layer,
            to,
            from: UnitId(j),
        },
        None => Param::Bias { layer, unit: to },
    }
}

/// The parameter's value as the file writes it (a short decimal), read from
/// the network's text rather than from longhand.
fn initial(net: &Net, l: usize, to: usize, from: Option<usize>) -> BigRational {
    let (_, weights, biases) = &net.layers[l];
    let value = match from {
        Some(j) => weights[to][j],
        None => biases[to],
    };
    // The generator writes k/100 exactly; recover k.
    let k = (value * 100.0).round() as i64;
    BigRational::new(BigInt::from(k), BigInt::from(100))
}

fn train_with(net: &Net, extra: &str) -> Option<Run> {
    let text = format!("{}{extra}", net.text);
    let network = load(
        &SourceFile::new("random.net", text.as_str()),
        &Options::new(Format::Json),
    )
    .unwrap_or_else(|e| panic!("longhand rejects the network: {e:?}\n{text}"));
    train(&network, Detail::All).ok()
}

fn named(run: &Run, update: usize, quantity: Quantity) -> BigRational {
    run.updates[update]
        .named
        .get(&Symbol::of(quantity))
        .map(Real::to_rational)
        .unwrap_or_else(|| {
            panic!(
                "no value for {} at update {}",
                Symbol::of(quantity),
                update + 1
            )
        })
}

thread_local! {
    /// The largest relative difference seen, as log₁₀ (for the report).
    static WORST: Cell<f64> = const { Cell::new(f64::NEG_INFINITY) };
    /// How many values were compared.
    static COMPARED: Cell<usize> = const { Cell::new(0) };
}

/// Whether `got` is within 10⁻³⁰ of the line's size from `want`; records the
/// relative difference.
fn agrees(got: &BigRational, want: &Line) -> bool {
    COMPARED.with(|c| c.set(c.get() + 1));
    let diff = (got - &want.value).abs();
    if diff.is_zero() {
        return true;
    }
    if want.size.is_zero() {
        return false;
    }
    let relative = &diff / &want.size;
    let log = Real::Exact(relative.clone()).to_f64().log10();
    WORST.with(|w| w.set(w.get().max(log)));
    let ten = BigRational::from_integer(BigInt::from(10));
    relative <= Pow::pow(&ten, -TOLERANCE_DIGITS)
}

fn config(cases: u32) -> Config {
    Config {
        cases,
        max_global_rejects: 4096,
        rng_seed: RngSeed::Fixed(0x6578_6163_745f_6f70),
        failure_persistence: None,
        ..Config::default()
    }
}

/// How decay enters: none, `weight_decay = λ` or `decoupled_weight_decay = λ`.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Decay {
    None,
    Coupled,
    Decoupled,
}

const LAMBDA: &str = "0.03";

/// Checks 5 updates of `rule` under `decay` against the exact calculation.
fn check_rule(net: &Net, rule: &Rule, name: &str, decay: Decay) -> Result<(), TestCaseError> {
    let extra = match decay {
        Decay::None => format!("optimizer = {name}\nsteps = 5\n"),
        Decay::Coupled => format!("optimizer = {name}\nsteps = 5\nweight_decay = {LAMBDA}\n"),
        Decay::Decoupled => {
            format!("optimizer = {name}\nsteps = 5\ndecoupled_weight_decay = {LAMBDA}\n")
        }
    };
    let Some(run) = train_with(net, &extra) else {
        return Ok(());
    };
    // Under weight_decay, the first gradient is the plain one plus λW.
    let plain = if decay == Decay::Coupled {
        train_with(net, "steps = 1\n")
    } else {
        None
    };
    let eta = q("0.5");
    let lambda = q(LAMBDA);
    let decoupled = if decay == Decay::Decoupled {
        lambda.clone()
    } else {
        BigRational::zero()
    };
    for (l, to, from) in parameters(net) {
        let param = param_of(l, to, from);
        let mut theta = initial(net, l, to, from);
        if let Some(plain) = &plain {
            let with = named(&run, 0, param.gradient());
            let without = named(plain, 0, param.gradient());
            let penalty = if from.is_some() {
                &lambda * &theta
            } else {
                BigRational::zero()
            };
            let want = line(&[without, penalty]);
            prop_assert!(
                agrees(&with, &want),
                "{name}: the gradient of {} under weight decay is not the plain one + λW",
                param.plain_name()
            );
        }
        let mut state = State::default();
        for update in 0..5 {
            let g = named(&run, update, param.gradient());
            let t = i32::try_from(update).expect("small") + 1;
            let (new, kept) = step(rule, &eta, &decoupled, t, &theta, &g, &mut state);
            let got = named(&run, update, param.updated());
            prop_assert!(
                agrees(&got, &new),
                "{name} ({decay:?}): {} after update {}: longhand {}, exact {}\n{}",
                Symbol::of(param.updated()),
                update + 1,
                Real::Exact(got.clone()).to_f64(),
                Real::Exact(new.value.clone()).to_f64(),
                net.text
            );
            for (kind, want) in &kept {
                let got = named(&run, update, Quantity::State { kind: *kind, param });
                prop_assert!(
                    agrees(&got, want),
                    "{name} ({decay:?}): {kind:?} of {} after update {}",
                    param.plain_name(),
                    update + 1
                );
            }
            theta = new.value;
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(8))]

    /// Parameters and kept state after each of 5 updates, every rule, with
    /// and without both kinds of weight decay, to 10⁻³⁰.
    #[test]
    fn exact_carry_matches_a_high_precision_calculation(draw in draws()) {
        let net = draw.net();
        prop_assume!(safe(&net));
        for (rule, name) in rules() {
            for decay in [Decay::None, Decay::Coupled, Decay::Decoupled] {
                check_rule(&net, &rule, name, decay)?;
            }
        }
        let worst = WORST.with(Cell::get);
        let compared = COMPARED.with(Cell::get);
        println!("{compared} values compared, largest relative difference so far: 1e{worst:.1}");
    }
}

/// The square root written here is right (it is the test's only
/// non-rational step): √2 to 100 digits, √(9/16) exactly, √(10⁻⁴⁰).
#[test]
fn the_tests_square_root_is_correct() {
    assert_eq!(sqrt(&q("0.5625")), q("0.75"));
    assert_eq!(sqrt(&q("1e-40")), q("1e-20"));
    let two = sqrt(&BigRational::from_integer(BigInt::from(2)));
    let digits = "1.4142135623730950488016887242096980785696718753769480731766797379907324784621070388503875343276415727";
    let want = q(digits);
    let ten = BigRational::from_integer(BigInt::from(10));
    assert!((two - want).abs() < Pow::pow(&ten, -99));
}
