//! `longhand check` and its parts: the claims parser, the exact arithmetic
//! evaluator, the judgements, the CSV answer key's names; and `longhand
//! sensitivity`.

use std::str::FromStr;

use longhand::audit::arithmetic;
use longhand::audit::claims::{self, Element, Functions};
use longhand::audit::judge::{Audit, Entry, Judgement, Verdict, judge};
use longhand::model::{Carry, Network, Precision, Rounding};
use longhand::numeric::enclose::EncloseError;
use longhand::numeric::real::Real;
use longhand::numeric::round::round;
use longhand::source::SourceFile;
use longhand::symbolic::Expr;
use longhand::{Format, Options};
use num_bigint::BigInt;
use num_rational::BigRational;
use proptest::prelude::*;

const BINARY: &str = env!("CARGO_BIN_EXE_longhand");

fn network(path: &str) -> Network {
    let text = std::fs::read_to_string(path).expect("an example");
    longhand::load(&SourceFile::new(path, text), &Options::new(Format::Json))
        .expect("a valid network")
}

fn audit(path: &str, claims: &str) -> (Audit, SourceFile) {
    let source = SourceFile::new("claims.txt", claims);
    let network = network(path);
    let lines = claims::parse(&source, &Functions::of(&network));
    (judge(&network, &lines, Rounding::HalfUp), source)
}

fn audit_file(path: &str, claims_path: &str) -> (Audit, SourceFile) {
    let text = std::fs::read_to_string(claims_path).expect("a claims file");
    audit(path, &text)
}

/// The judgement of the claim whose left side is written `left`.
fn judged<'a>(audit: &'a Audit, source: &SourceFile, left: &str) -> &'a Judgement {
    audit
        .entries
        .iter()
        .find_map(|entry| match entry {
            Entry::Judged(j) if &source.text[j.span.start..j.span.end] == left => Some(j.as_ref()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no judged claim `{left}`"))
}

fn problems(audit: &Audit) -> Vec<(usize, String)> {
    audit
        .entries
        .iter()
        .filter_map(|entry| match entry {
            Entry::Problem { line, diagnostic } => Some((*line, diagnostic.message.clone())),
            Entry::Judged(_) => None,
        })
        .collect()
}

fn decimal(text: &str) -> BigRational {
    claims::decimal_value(text).expect("a decimal").0
}

fn wrong(judgement: &Judgement) -> (String, BigRational) {
    match &judgement.verdict {
        Verdict::Wrong { right, units } => (
            longhand::numeric::format::plain(&right.decimal, judgement.precision),
            units.clone(),
        ),
        other => panic!("expected a wrong claim, got {other:?}"),
    }
}

fn units(n: i64) -> BigRational {
    BigRational::from_integer(BigInt::from(n))
}

const TEXTBOOK: &str = "examples/textbook-2-2-1.net";

#[test]
fn the_textbook_section_is_audited_line_by_line() {
    let (audit, source) = audit_file(TEXTBOOK, "tests/fixtures/claims/textbook-9.7.txt");
    // e^{−0.2520} = 0.7772447…: the book's 0.7773 is one too high.
    let e = judged(&audit, &source, "e^{−0.2520}");
    assert_eq!(wrong(e), ("0.7772".to_owned(), units(1)));
    // σ′(0.6) = 0.6457 · 0.3543 = 0.22877…: the book's 0.2287 is one too low,
    // as is the true σ′(0.6) = 0.228784…
    for left in ["σ′(0.6)", "0.6457 · (1 − 0.6457)", "0.6457 · 0.3543"] {
        assert_eq!(
            wrong(judged(&audit, &source, left)),
            ("0.2288".to_owned(), units(-1)),
            "{left}"
        );
    }
    // W'[1][2][1] = 0.2 − 0.5 · 0.0135: step carry writes 0.5 · 0.0135 = 0.0068
    // (rounded as written), so 0.1932; the book's 0.1933 is the exact value.
    let w = judged(&audit, &source, "W'[1][2][1]");
    assert_eq!(
        w.verdict,
        Verdict::OnlyUnder(vec![Carry::Quantity, Carry::Exact])
    );
    let b = judged(&audit, &source, "b'[1][2]");
    assert_eq!(b.verdict, Verdict::OnlyUnder(vec![Carry::Exact]));
    // 0.7348 · 0.6496 = 0.47732608, not 0.4774.
    assert_eq!(
        wrong(judged(&audit, &source, "0.7348 · 0.6496")),
        ("0.4773".to_owned(), units(1))
    );
    // The figures the book gets right.
    for left in [
        "e^{-0.6}",
        "1/1.5488",
        "yhat",
        "loss",
        "delta[2][1]",
        "dW[2][1][2]",
        "new loss",
        "new yhat",
        "a[1][2]",
        "delta[1][2]",
        "0.0538 · 0.2500",
        "e^{0.0134}",
        "e^{-0.3463}",
        "\\tfrac{1}{2}(1 - 0.5627)^2",
    ] {
        assert_eq!(
            judged(&audit, &source, left).verdict,
            Verdict::Correct,
            "{left}"
        );
    }
    assert_eq!(
        problems(&audit).iter().map(|p| p.0).collect::<Vec<_>>(),
        [5]
    );
    let tally = audit.tally();
    assert_eq!(
        (tally.claims, tally.correct, tally.other_carry, tally.wrong),
        (59, 50, 2, 7)
    );
}

#[test]
fn every_judgement_is_made() {
    let (audit, source) = audit_file(TEXTBOOK, "tests/fixtures/claims/every-judgement.txt");
    for left in [
        "a[1][1]",
        "1/1.5488",
        "z[2][1]",
        "0.7 * 0.6457 + (-0.5) * 0.5 + 0.05",
    ] {
        assert_eq!(
            judged(&audit, &source, left).verdict,
            Verdict::Correct,
            "{left}"
        );
    }
    let thirds = judged(&audit, &source, "1/3 + 1/3 + 1/3");
    assert_eq!(thirds.verdict, Verdict::OnlyUnder(vec![Carry::Step]));
    assert_eq!(
        judged(&audit, &source, "W'[1][2][1]").verdict,
        Verdict::OnlyUnder(vec![Carry::Quantity, Carry::Exact])
    );
    assert_eq!(
        wrong(judged(&audit, &source, "delta[2][1]")),
        ("-0.1076".to_owned(), units(1))
    );
    assert_eq!(
        wrong(judged(&audit, &source, "e^{-0.2520}")),
        ("0.7772".to_owned(), units(1))
    );
    assert!(matches!(
        judged(&audit, &source, "ln(0.5 - 0.5)").verdict,
        Verdict::NoValue(_)
    ));
    assert_eq!(
        problems(&audit),
        [
            (
                23,
                "there is no layer 3: layers are numbered 1 to 2".to_owned()
            ),
            (
                24,
                "expected a number, `(` or a function such as `exp(…)`, found `*`".to_owned()
            ),
        ]
    );
}

/// Runs the binary with `args`; returns the exit code and standard output.
fn longhand(args: &[&str]) -> (i32, String, String) {
    let output = std::process::Command::new(BINARY)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn check_exits_0_only_when_every_claim_is_correct() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let good = dir.path().join("good.txt");
    std::fs::write(
        &good,
        "a[1][1] = 0.6457\nexp(-0.6) ≈ 0.5488\nnew loss = 0.0858\n",
    )
    .expect("written");
    let (code, stdout, stderr) = longhand(&["check", TEXTBOOK, good.to_str().expect("utf-8")]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert!(
        stdout.ends_with("3 claims: 3 correct, 0 correct only under another carry mode, 0 wrong\n"),
        "{stdout}"
    );
    let (code, stdout, _) = longhand(&[
        "check",
        TEXTBOOK,
        "tests/fixtures/claims/every-judgement.txt",
    ]);
    assert_eq!(code, 1);
    assert!(stdout.contains(
        "line 17   WRONG        e^{-0.2520} = 0.7773\n                       its value is 0.77724474…, which rounds to 0.7772: the claim is +1 in the last place\n"
    ), "{stdout}");
    assert!(stdout.contains("error: there is no layer 3: layers are numbered 1 to 2\n  --> tests/fixtures/claims/every-judgement.txt:23:3\n"), "{stdout}");
    let (code, _, stderr) = longhand(&["check", TEXTBOOK, "no-such-claims.txt"]);
    assert_eq!(code, 3, "{stderr}");
    let (code, _, _) = longhand(&["check", TEXTBOOK]);
    assert_eq!(code, 2);
    let (code, json, _) = longhand(&[
        "check",
        TEXTBOOK,
        "tests/fixtures/claims/every-judgement.txt",
        "--format",
        "json",
    ]);
    assert_eq!(code, 1);
    let value: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(value["wrong"], 3);
    assert_eq!(value["claims"][4]["verdict"], "correct_under_other_carry");
    assert_eq!(
        value["claims"][4]["correct_under"],
        serde_json::json!(["quantity", "exact"])
    );
}

#[test]
fn claims_are_read_as_books_print_them() {
    let source = SourceFile::new(
        "c.txt",
        "e^{−0.6} ≈ 0.5488\n\\exp(-0.6) \\approx 0.5488\n$\\sigma(0.6)$ = 0.6457\n0.5 × 2 ÷ 4 ⋅ 2 = 0.5\n\
         \\tfrac{1}{2}(0.4373)^2 = 0.0956\nδ[2][1] = -0.1076 # a comment\nŷ ≈ 0.5627\nloss (update 1) = 0.0956\n\
         w'[2][1] = 0.7348\n2^-1 = 0.5\n-2^2 = -4\n8.756 \\times 10^{-27} = 8.756e-27\n",
    );
    let lines = claims::parse(&source, &Functions::default());
    assert_eq!(lines.len(), 12);
    let judged = judge(&network(TEXTBOOK), &lines, Rounding::HalfUp);
    let tally = judged.tally();
    // The last line is a number claimed equal to a number: nothing to compute.
    assert_eq!(
        problems(&judged).iter().map(|p| p.0).collect::<Vec<_>>(),
        [12]
    );
    assert_eq!(
        (tally.claims, tally.correct),
        (11, 11),
        "{:#?}",
        judged.entries
    );
}

/// An expression written in text together with its exact value, built
/// independently of longhand's parser.
#[derive(Debug, Clone)]
struct Formula {
    text: String,
    value: Option<BigRational>,
}

fn number() -> impl Strategy<Value = Formula> {
    (-2000i64..2000, 0u32..4).prop_map(|(digits, scale)| {
        let value = BigRational::new(BigInt::from(digits), BigInt::from(10).pow(scale));
        let magnitude = digits.unsigned_abs().to_string();
        let padded = format!("{magnitude:0>width$}", width = scale as usize + 1);
        let (whole, fraction) = padded.split_at(padded.len() - scale as usize);
        let body = if scale == 0 {
            whole.to_owned()
        } else {
            format!("{whole}.{fraction}")
        };
        let text = if digits < 0 {
            format!("(−{body})")
        } else {
            body
        };
        Formula {
            text,
            value: Some(value),
        }
    })
}

fn formula() -> impl Strategy<Value = Formula> {
    number().prop_recursive(4, 24, 2, |inner| {
        (inner.clone(), inner, 0u8..5).prop_map(|(a, b, op)| {
            let (symbol, value) = match op {
                0 => ("+", a.value.zip(b.value).map(|(x, y)| x + y)),
                1 => ("−", a.value.zip(b.value).map(|(x, y)| x - y)),
                2 => ("×", a.value.zip(b.value).map(|(x, y)| x * y)),
                3 => (
                    "/",
                    a.value.zip(b.value).and_then(|(x, y)| {
                        (y != BigRational::from_integer(0.into())).then(|| x / y)
                    }),
                ),
                _ => ("·", a.value.zip(b.value).map(|(x, y)| x * y)),
            };
            Formula {
                text: format!("({}) {symbol} ({})", a.text, b.text),
                value,
            }
        })
    })
}

fn parse_formula(text: &str) -> Expr {
    // `1 ×` keeps a bare number from being read as the claimed value itself.
    let line = format!("1 × ({text}) = 0");
    let claim = match claims::parse_line(&line, 0, line.len(), 1, &Functions::default()) {
        Ok(claim) => claim,
        Err(d) => panic!("`{line}` does not parse: {}", d.message),
    };
    match &claim.elements[0].node {
        Element::Arithmetic(expr) => expr.clone(),
        Element::Number(n) => Expr::constant(n.value.clone()),
        Element::Named(_) => panic!("a name"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, rng_seed: proptest::test_runner::RngSeed::Fixed(4), ..ProptestConfig::default() })]

    /// Rational formulas evaluate to exactly their rational value.
    #[test]
    fn rational_formulas_are_exact(f in formula(), places in 0u32..8, mode in 0usize..5) {
        let mode = Rounding::ALL[mode].0;
        let expr = parse_formula(&f.text);
        let result = arithmetic::rounded(&expr, Precision::Decimals(places), mode);
        match &f.value {
            Some(value) => {
                let decided = result.expect("a value");
                prop_assert!(decided.exact);
                prop_assert_eq!(&decided.estimate, value);
                let expected = round(&Real::Exact(value.clone()), Precision::Decimals(places), mode);
                prop_assert_eq!(decided.rounded.decimal, expected.decimal);
            }
            None => prop_assert!(matches!(result, Err(EncloseError::DivisionByZero))),
        }
    }
}

/// The reference values of tests/fixtures/transcendental.txt (mpmath, ≥ 80 digits).
fn references() -> Vec<(String, String, BigRational)> {
    let text = std::fs::read_to_string("tests/fixtures/transcendental.txt").expect("the fixture");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|line| {
            let mut parts = line.split_whitespace();
            let function = parts.next().expect("function").to_owned();
            let argument = parts.next().expect("argument").to_owned();
            let value = decimal(parts.next().expect("value"));
            (function, argument, value)
        })
        .collect()
}

#[test]
fn exp_and_ln_claims_match_high_precision_references() {
    let mut checked = 0;
    for (function, argument, value) in references() {
        for places in [4u32, 12, 30] {
            let argument = if argument.contains('/') {
                format!("({argument})")
            } else {
                argument.clone()
            };
            let expr = parse_formula(&format!("{function}({argument})"));
            let decided = arithmetic::rounded(&expr, Precision::Decimals(places), Rounding::HalfUp)
                .unwrap_or_else(|e| panic!("{function}({argument}): {e:?}"));
            let expected = round(
                &Real::Exact(value.clone()),
                Precision::Decimals(places),
                Rounding::HalfUp,
            );
            assert_eq!(
                decided.rounded.decimal, expected.decimal,
                "{function}({argument}) at {places} decimals"
            );
            checked += 1;
        }
    }
    assert!(checked > 600, "only {checked} references");
}

#[test]
fn sigmoid_tanh_and_powers_follow_their_definitions() {
    let at = |text: &str, places| {
        let expr = parse_formula(text);
        let decided = arithmetic::rounded(&expr, Precision::Decimals(places), Rounding::HalfUp)
            .expect("a value");
        longhand::numeric::format::plain(&decided.rounded.decimal, Precision::Decimals(places))
    };
    // Reference digits from mpmath at 50 digits.
    // σ(0.6) = 1/(1 + e^−0.6) = 0.645656306225795452909…
    assert_eq!(at("sigmoid(0.6)", 20), "0.64565630622579545291");
    assert_eq!(at("σ(0)", 3), "0.500");
    // tanh(0.5) = 0.462117157260009758502… ; tanh′(0.5) = 1 − tanh² = 0.786447732965…
    assert_eq!(at("tanh(0.5)", 20), "0.46211715726000975850");
    assert_eq!(at("tanh'(0.5)", 10), "0.7864477330");
    // σ′(0.6) = σ(1 − σ) = 0.228784240456657…
    assert_eq!(at("σ'(0.6)", 12), "0.228784240457");
    // 2^0.5 through e^(0.5 ln 2); 2^10 exactly; e alone.
    assert_eq!(at("2^0.5", 20), "1.41421356237309504880");
    assert_eq!(at("2^10", 0), "1024");
    assert_eq!(at("e", 20), "2.71828182845904523536");
    // A value exactly on a rounding boundary (0.00005 at 4 decimals) is a tie, decided by the mode.
    assert_eq!(at("1/20000", 4), "0.0001");
    let expr = parse_formula("1/20000");
    let even =
        arithmetic::rounded(&expr, Precision::Decimals(4), Rounding::HalfEven).expect("a value");
    assert_eq!(
        longhand::numeric::format::plain(&even.rounded.decimal, Precision::Decimals(4)),
        "0.0000"
    );
}

#[test]
fn hand_calculations_round_every_intermediate_result() {
    let step = |text: &str, places| {
        let value = arithmetic::step_value(
            &parse_formula(text),
            Precision::Decimals(places),
            Rounding::HalfUp,
        )
        .expect("a value");
        let rounded = round(&value, Precision::Decimals(places), Rounding::HalfUp);
        longhand::numeric::format::plain(&rounded.decimal, Precision::Decimals(places))
    };
    assert_eq!(step("1/3 + 1/3 + 1/3", 4), "0.9999");
    // σ(0.252) by hand: e^−0.252 = 0.7772, 1 + 0.7772 = 1.7772, 1/1.7772 = 0.5627.
    assert_eq!(step("σ(0.252)", 4), "0.5627");
    // 0.7 · 0.6457 = 0.45199 → 0.4520; − 0.25 + 0.05 → 0.2520.
    assert_eq!(step("0.7 * 0.6457 + (-0.5) * 0.5 + 0.05", 4), "0.2520");
}

#[test]
fn the_csv_answer_key_names_quantities_that_check_confirms() {
    for example in [
        "examples/textbook-2-2-1.net",
        "examples/xor-batch.net",
        "examples/online-sgd.net",
        "examples/tanh-softmax-cross-entropy.net",
    ] {
        let text = std::fs::read_to_string(example).expect("an example");
        let source = SourceFile::new(example, text);
        let csv = longhand::explain(&source, &Options::new(Format::Csv))
            .expect("a CSV key")
            .text;
        let mut rows = csv.lines();
        assert_eq!(rows.next(), Some("name,value,quantity"));
        let claims: String = rows
            .map(|row| {
                let (name, rest) = match row.strip_prefix('"') {
                    Some(quoted) => {
                        let (name, rest) = quoted.split_once("\",").expect("a quoted name");
                        (name, rest)
                    }
                    None => row.split_once(',').expect("a name"),
                };
                let value = rest.split(',').next().expect("a value");
                format!("{name} = {value}\n")
            })
            .collect();
        let (checked, _) = audit(example, &claims);
        let tally = checked.tally();
        assert_eq!(tally.problems, 0, "{example}: {:?}", problems(&checked));
        assert_eq!(tally.correct, tally.claims, "{example}");
        assert!(tally.claims > 40, "{example}: {} rows", tally.claims);
    }
}

#[test]
fn names_pick_examples_and_updates() {
    let (xor, _) = audit(
        "examples/xor-batch.net",
        "a[1][1] = 0.5\nloss (update 2) = 0.25\na[1][1] (example 5) = 0.5\nW[1][1][1] (example 1) = 0.6\nyhat (update 51) = 0.5\n",
    );
    let messages: Vec<String> = problems(&xor).into_iter().map(|p| p.1).collect();
    assert_eq!(
        messages,
        [
            "there are 4 examples: say which one `a` belongs to",
            "there is no example 5: examples are numbered 1 to 4",
            "parameters are shared by every example: they take no `example`",
            "there is no update 51: the training makes 50 updates",
        ]
    );
    let (online, _) = audit(
        "examples/online-sgd.net",
        "a[1][1] (example 2, update 1) = 0.5\n",
    );
    assert_eq!(
        problems(&online)[0].1,
        "update 1 uses example 1, not example 2"
    );
    assert!(Rounding::from_str("half_up").is_ok());
}

// ---------------------------------------------------------------------------
// longhand sensitivity
// ---------------------------------------------------------------------------

use longhand::audit::names::{Place, When};
use longhand::audit::sensitivity::{Plan, Sensitivity, SignChange, analyse};
use longhand::model::ids::{LayerId, UnitId};
use longhand::symbolic::{Quantity, Symbol};
use rust_decimal::prelude::{FromPrimitive, MathematicalOps, ToPrimitive};
use rust_decimal::{Decimal as RustDecimal, RoundingStrategy};

const FLIP: &str = "examples/two-decimals-flip-a-sign.net";

fn analysis(path: &str, digits: &[u32], carries: &[Carry]) -> Sensitivity {
    let plan = Plan {
        precisions: digits.iter().map(|d| Precision::Decimals(*d)).collect(),
        carries: carries.to_vec(),
        rounding: Rounding::HalfUp,
        search_runs: longhand::model::limits::MAX_SEARCH_DIGITS + 1,
    };
    analyse(&network(path), &plan).expect("the exact run succeeds")
}

/// The flip network by hand, independently of longhand: exact values in
/// f64 and the `carry = step` values at 2 decimals in rust_decimal, each
/// written number rounded (half up) as the spec's `step` carry says.
struct Oracle {
    exact_yhat: f64,
    exact_delta: f64,
    exact_grads: [f64; 4],
    step_yhat: RustDecimal,
    step_delta: RustDecimal,
    step_grads: [RustDecimal; 4],
}

fn oracle() -> Oracle {
    let x: [f64; 2] = [2.0, 1.0];
    let w1: [[f64; 2]; 3] = [[0.6, -0.2], [-0.1, 0.5], [0.9, -1.0]];
    let b1: [f64; 3] = [-0.4, -0.4, 0.4];
    let w2 = [-0.9, 0.9, -0.5];
    let (b2, y) = (0.2, -0.34);
    let a: Vec<f64> = (0..3)
        .map(|i| {
            let z = w1[i][0] * x[0] + w1[i][1] * x[1] + b1[i];
            1.0 / (1.0 + (-z).exp())
        })
        .collect();
    let yhat: f64 = (0..3).map(|i| w2[i] * a[i]).sum::<f64>() + b2;
    let delta = yhat - y;
    let d = |v: f64| RustDecimal::from_f64(v).expect("a decimal");
    let r = |v: RustDecimal| v.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    let step_a: Vec<RustDecimal> = (0..3)
        .map(|i| {
            let z = r(r(d(w1[i][0]) * d(x[0])) + r(d(w1[i][1]) * d(x[1])) + d(b1[i]));
            let e = r((-z).exp());
            let denominator = r(RustDecimal::ONE + e);
            r(RustDecimal::ONE / denominator)
        })
        .collect();
    let step_yhat = r((0..3).map(|i| r(d(w2[i]) * step_a[i])).sum::<RustDecimal>() + d(b2));
    let step_delta = r(step_yhat - d(y));
    Oracle {
        exact_yhat: yhat,
        exact_delta: delta,
        exact_grads: [delta * a[0], delta * a[1], delta * a[2], delta],
        step_yhat,
        step_delta,
        step_grads: [
            r(step_delta * step_a[0]),
            r(step_delta * step_a[1]),
            r(step_delta * step_a[2]),
            step_delta,
        ],
    }
}

/// f64 rounded to 2 decimals, refusing values within 1e-9 of a rounding boundary.
fn two_decimals(value: f64) -> String {
    let scaled = value * 100.0;
    assert!(
        (scaled.fract().abs() - 0.5).abs() > 1e-7,
        "{value} is too near a boundary"
    );
    format!("{:.2}", (scaled.abs().round() * scaled.signum()) / 100.0).replace("-0.00", "0.00")
}

fn row<'a>(sensitivity: &'a Sensitivity, name: &str) -> &'a longhand::audit::sensitivity::Row {
    sensitivity
        .rows
        .iter()
        .find(|r| r.name == name)
        .unwrap_or_else(|| panic!("no row `{name}`"))
}

#[test]
fn two_decimals_flip_a_gradient_sign_as_an_independent_calculation_says() {
    let o = oracle();
    // The true error is small and positive; the step calculation's is negative.
    assert!(
        o.exact_delta > 0.0 && o.exact_delta < 0.005,
        "{}",
        o.exact_delta
    );
    assert!(o.step_delta < RustDecimal::ZERO);
    let s = analysis(FLIP, &[2, 3], &[Carry::Step, Carry::Exact]);
    let names = ["dW[2][1][1]", "dW[2][1][2]", "dW[2][1][3]", "db[2][1]"];
    let checks = [
        ("yhat[1]", o.exact_yhat, o.step_yhat),
        ("delta[2][1]", o.exact_delta, o.step_delta),
    ]
    .into_iter()
    .chain(
        names
            .iter()
            .enumerate()
            .map(|(i, n)| (*n, o.exact_grads[i], o.step_grads[i])),
    );
    for (name, exact, step) in checks {
        let r = row(&s, name);
        // Column 0 is (2 decimals, step).
        let cell = r.cells[0].as_ref().expect("the step run succeeds");
        let printed =
            longhand::numeric::format::plain(&cell.printed.decimal, Precision::Decimals(2));
        assert_eq!(
            printed,
            format!("{step:.2}"),
            "{name}: printed under step carry"
        );
        let reference =
            longhand::numeric::format::plain(&cell.exact.decimal, Precision::Decimals(2));
        assert_eq!(
            reference,
            two_decimals(exact),
            "{name}: exact value rounded"
        );
        assert!(
            (r.exact.to_f64() - exact).abs() < 1e-12,
            "{name}: exact value"
        );
        let expected_units =
            (step - RustDecimal::from_str(&reference).expect("decimal")) * RustDecimal::from(100);
        let units_found = cell.deviation.clone().map(|u| u.to_integer().to_string());
        let units_expected = (!expected_units.is_zero())
            .then(|| expected_units.to_i64().expect("small").to_string());
        assert_eq!(units_found, units_expected, "{name}: flag");
        // Column 1 is (2 decimals, exact): never flagged.
        assert!(r.cells[1].as_ref().expect("exact run").deviation.is_none());
    }
    // The four gradients fed by δ are flipped under step carry at 2 decimals…
    let step = s.columns[0].outcome.as_ref().expect("a run");
    let flipped: Vec<&str> = step
        .signs
        .iter()
        .filter(|(_, change)| *change == SignChange::Flipped)
        .map(|(name, _)| name.as_str())
        .collect();
    assert_eq!(flipped, names);
    assert_eq!(step.moves.len(), 4, "{:?}", step.moves);
    // …and at 3 decimals every sign is right.
    let three = s.columns[2].outcome.as_ref().expect("a run");
    assert!(three.signs.is_empty(), "{:?}", three.signs);
    assert_eq!(three.loss_direction, three.exact_loss_direction);
}

#[test]
fn sensitivity_agrees_with_the_report_rounding_section() {
    // The textbook at 4 decimals, step carry: the report lists W'[1][2][1],
    // b'[1][2], W'[2][1][1], new z[1][2] and new z[2][1]; sensitivity flags
    // the same named quantities with the same differences.
    let s = analysis(
        TEXTBOOK,
        &[4],
        &[Carry::Step, Carry::Quantity, Carry::Exact],
    );
    let flagged: Vec<(String, String)> = s
        .rows
        .iter()
        .filter_map(|r| {
            let cell = r.cells[0].as_ref()?;
            let units = cell.deviation.as_ref()?;
            Some((r.name.clone(), units.to_string()))
        })
        .collect();
    let expected = [
        ("W'[1][2][1]", "-1"),
        ("b'[1][2]", "-1"),
        ("W'[2][1][1]", "1"),
        ("new z[1][2]", "-1"),
        ("new z[2][1]", "1"),
    ];
    assert_eq!(
        flagged,
        expected.map(|(n, u)| (n.to_owned(), u.to_owned())).to_vec()
    );
    let step = s.columns[0].outcome.as_ref().expect("a run");
    assert_eq!((step.differing, step.printed), (5, 35));
    assert!(step.signs.is_empty() && step.moves.is_empty());
    // W'[1][2][1] = 0.1932 against 0.19327…: three decimals of four are right.
    assert_eq!(
        row(&s, "W'[1][2][1]").cells[0]
            .as_ref()
            .expect("cell")
            .trusted,
        3
    );
    assert_eq!(row(&s, "yhat").cells[0].as_ref().expect("cell").trusted, 4);
    // With exponentials in every activation, no precision up to 12 decimals
    // makes every printed value agree.
    assert_eq!(s.agreement[0].smallest, None);
    assert_eq!(s.agreement[1].smallest, None);
    assert!(s.drift.is_empty());
}

#[test]
fn the_smallest_agreeing_precision_is_the_first_without_differences() {
    // HMKCODE's linear network: rational throughout, so some precision
    // leaves every printed value as the exact one rounded.
    let s = analysis(
        "examples/hmkcode-linear-2-2-1.net",
        &[6, 7],
        &[Carry::Step, Carry::Quantity],
    );
    for agreement in &s.agreement {
        assert_eq!(
            agreement.smallest,
            Some(Precision::Decimals(7)),
            "{:?}",
            agreement.carry
        );
    }
    let differing: Vec<usize> = s
        .columns
        .iter()
        .map(|c| c.outcome.as_ref().expect("a run").differing)
        .collect();
    // (6, step), (6, quantity), (7, step), (7, quantity)
    assert!(differing[0] > 0 && differing[1] > 0, "{differing:?}");
    assert_eq!(&differing[2..], [0, 0]);
}

#[test]
fn the_loss_drift_covers_every_update() {
    let s = analysis("examples/online-sgd.net", &[2], &[Carry::Step]);
    // Two passes over three examples: six updates, then the loss after training.
    assert_eq!(s.drift.len(), 7);
    assert_eq!(s.drift[6].when, When::After);
    for row in &s.drift {
        let cell = row.losses[0].as_ref().expect("the run succeeds");
        let printed = cell.printed.decimal.to_rational();
        let exact = cell.exact.decimal.to_rational();
        let units = cell.deviation.clone().unwrap_or_default();
        assert_eq!(
            (printed - exact) * BigRational::from_integer(100.into()),
            units
        );
    }
    let place = Place {
        symbol: Symbol::of(Quantity::Activation {
            layer: LayerId(1),
            unit: UnitId(0),
        }),
        when: When::After,
    };
    assert!(s.rows.iter().any(|r| r.place.when == place.when));
}

#[test]
fn trusted_digits_count_from_the_first() {
    use longhand::audit::deviation::trusted_digits;
    let exact = Real::Exact(decimal("0.193274"));
    let printed = |text: &str| {
        round(
            &Real::Exact(decimal(text)),
            Precision::Decimals(4),
            Rounding::HalfUp,
        )
    };
    let at =
        |text: &str, mode| trusted_digits(&printed(text), &exact, 4, Precision::Decimals(4), mode);
    assert_eq!(at("0.1933", Rounding::HalfUp), 4);
    assert_eq!(at("0.1932", Rounding::HalfUp), 3);
    assert_eq!(at("0.1920", Rounding::HalfUp), 2);
    assert_eq!(at("0.2500", Rounding::HalfUp), 0);
    // Truncation prints 0.1932 correctly; 0.1933 is off by less than one unit of the 3rd place.
    assert_eq!(at("0.1932", Rounding::TowardZero), 4);
    assert_eq!(at("0.1933", Rounding::TowardZero), 3);
}

#[test]
fn sensitivity_on_the_command_line() {
    let (code, markdown, stderr) = longhand(&["sensitivity", FLIP, "--precisions", "2,3"]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert!(markdown.contains(
        "| 2 decimals | step | 34 of 61 | down, 0.43 → 0.02 | **4 flipped**: `dW[2][1][1]`, `dW[2][1][2]`, `dW[2][1][3]`, `db[2][1]` |"
    ), "{markdown}");
    let (code, json, _) = longhand(&["sensitivity", FLIP, "--format", "json", "--carry", "step"]);
    assert_eq!(code, 0);
    let value: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(
        value["conclusions"][0]["signs"].as_array().map(Vec::len),
        Some(4)
    );
    let (code, html, _) = longhand(&["sensitivity", TEXTBOOK, "--format", "html"]);
    assert_eq!(code, 0);
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("<table>"));
    let (code, _, stderr) = longhand(&["sensitivity", TEXTBOOK, "--precisions", "2,31"]);
    assert_eq!(code, 2, "{stderr}");
    let (code, _, _) = longhand(&["sensitivity", "no-such-file.net"]);
    assert_eq!(code, 3);
}

#[test]
fn the_textbook_sensitivity_report() {
    let text = std::fs::read_to_string(TEXTBOOK).expect("the textbook example");
    let report = longhand::sensitivity(
        &SourceFile::new(TEXTBOOK, text),
        &Options::new(Format::Markdown),
        &[2, 3, 4, 6],
        &[Carry::Step, Carry::Quantity, Carry::Exact],
    )
    .expect("a report");
    insta::assert_snapshot!(report.text);
}

#[test]
fn huge_formulas_stop_at_once() {
    let started = std::time::Instant::now();
    let (audit, source) = audit(
        TEXTBOOK,
        "(2^4096)^4096 = 1\n2^4096^4096 = 1\n1e1000 * 1e1000 * 1e1000 * 1e1000 * 1e1000 * 1e1000 * 1e1000 = 1\n1e5000 = 1\n",
    );
    for left in ["(2^4096)^4096", "2^4096^4096"] {
        assert!(
            matches!(judged(&audit, &source, left).verdict, Verdict::NoValue(_)),
            "{left}"
        );
    }
    assert_eq!(problems(&audit).len(), 1);
    assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, rng_seed: proptest::test_runner::RngSeed::Fixed(7), ..ProptestConfig::default() })]

    /// Any line, however garbled, is judged or reported, never a panic.
    #[test]
    fn any_line_is_judged_or_reported(line in "([0-9.e]{1,4}|[-+*/^()=≈σ′'{}\\[\\] ,]|exp|ln|tanh|new|a\\[1\\]|W'|yhat|loss|\\(example 1\\)|\\\\frac|x|é){0,14}") {
        let (audit, _) = audit(TEXTBOOK, &line);
        prop_assert!(audit.entries.len() <= 14);
    }
}

#[test]
fn the_drift_chart_draws_each_rounded_run_against_the_exact_one() {
    let xor = analysis(
        "examples/xor-batch.net",
        &[2, 4],
        &[Carry::Step, Carry::Exact],
    );
    let chart = longhand::render::sensitivity::drift_chart(&xor);
    // One panel per precision; exactly carried runs print the exact loss
    // rounded, so only the step runs are drawn.
    let captions: Vec<&str> = chart.panels.iter().map(|p| p.caption.as_str()).collect();
    assert_eq!(captions, ["2 decimals", "4 decimals"]);
    let lines: Vec<&longhand::render::chart::Line> =
        chart.panels.iter().map(|p| &p.lines[0]).collect();
    assert!(chart.panels.iter().all(|p| p.lines.len() == 1));
    assert_eq!(lines[0].label, "carry = step");
    for (line, column) in lines.iter().zip([0, 2]) {
        // 50 updates and the loss after training, left to right.
        assert_eq!(line.points.len(), 51);
        assert!(line.points.windows(2).all(|pair| pair[0].0 < pair[1].0));
        for ((_, y), row) in line.points.iter().zip(&xor.drift) {
            let cell = row.losses[column].as_ref().expect("the run succeeded");
            // Above zero when the printed loss exceeds the exact loss, below
            // when it falls short (f64 may blur a drift below 1e-12).
            let drift = cell.printed.decimal.to_rational() - row.exact.to_rational();
            let zero = BigRational::from_integer(0.into());
            let side = match drift.cmp(&zero) {
                std::cmp::Ordering::Greater => *y > -1e-12,
                std::cmp::Ordering::Less => *y < 1e-12,
                std::cmp::Ordering::Equal => y.abs() < 1e-12,
            };
            assert!(side, "the drift {y} has the wrong sign ({drift})");
        }
    }
    // The 2-decimal run drifts far more than the 4-decimal one.
    let spread = |line: &longhand::render::chart::Line| {
        line.points.iter().map(|(_, y)| y.abs()).fold(0.0, f64::max)
    };
    assert!(spread(lines[0]) > 10.0 * spread(lines[1]));
    // The HTML report carries the chart under the drift table's heading; a
    // one-update network has no chart.
    let html = longhand::sensitivity(
        &SourceFile::new(
            "xor-batch.net",
            std::fs::read_to_string("examples/xor-batch.net").expect("readable"),
        ),
        &Options::new(Format::Html),
        &[2, 4],
        &[Carry::Step],
    )
    .expect("renders");
    assert!(
        html.text.contains(
            "<h2>How the loss drifts over the updates</h2>\n<figure class=\"chart\">\n<svg"
        )
    );
    let single = analysis("examples/textbook-2-2-1.net", &[2], &[Carry::Step]);
    assert!(
        longhand::render::chart::svg(&longhand::render::sensitivity::drift_chart(&single))
            .is_none()
    );
}

/// Claims files are split into lines by the same rule as `.net` files: a
/// claims file saved with CR-only or U+2028 line ends is judged line by line.
#[test]
fn claims_files_with_any_line_ends_are_read_line_by_line() {
    let claims = "e^{-0.6} ≈ 0.5488\n# a comment\nloss = 0.0957\n1/3 + 1/3 = 0.6667\n";
    let (expected, _) = audit("examples/textbook-2-2-1.net", claims);
    assert_eq!(expected.tally().claims, 3);
    for end in ["\r\n", "\r", "\u{2028}", "\u{2029}"] {
        let (audit, _) = audit("examples/textbook-2-2-1.net", &claims.replace('\n', end));
        assert_eq!(audit.tally(), expected.tally(), "{end:?}");
        let lines: Vec<usize> = audit
            .entries
            .iter()
            .map(|e| match e {
                Entry::Judged(j) => j.line,
                Entry::Problem { line, .. } => *line,
            })
            .collect();
        assert_eq!(lines, vec![1, 3, 4], "{end:?}");
    }
}

/// A run that fails at one quantity keeps every value that does not depend
/// on it: here `carry = step` (the file's) cannot compute the loss, since
/// σ(12) is written 1.0000 and the target 0.5 needs ln(1 − 1.0000), but ŷ,
/// δ = ŷ − y and the update are unaffected and still judged by it. The loss
/// itself is judged by the runs that could compute it, and the report says
/// which carry mode could not, and why.
///
/// By hand: σ(12) = 0.999993856 (e^−12 = 6.144e-6), so the exact loss is
/// −(½ ln σ(12) + ½ ln(1 − σ(12))) = ½ (12 + 2 ln(1 + e^−12)) = 6.0000061.
#[test]
fn one_failing_quantity_does_not_spoil_unrelated_claims() {
    let net = "input x = [1]\ntarget y = [0.5]\n\
               layer out { activation = sigmoid W = [[12]] b = [0] }\n\
               loss = binary_cross_entropy\nlearning_rate = 0.5\nsteps = 2\n\
               precision = 4 decimals\ncarry = step\n";
    let network = longhand::load(
        &SourceFile::new("sat.net", net),
        &Options::new(Format::Json),
    )
    .expect("loads");
    let claims =
        "yhat = 1.0000\ndelta[1] = 0.5000\nW'[1][1][1] = 11.7500\nloss = 6.0000\nloss = 6.0001\n";
    let source = SourceFile::new("claims.txt", claims);
    let audit = judge(
        &network,
        &claims::parse(&source, &Functions::of(&network)),
        Rounding::HalfUp,
    );
    for left in ["yhat", "delta[1]", "W'[1][1][1]"] {
        let judgement = judged(&audit, &source, left);
        assert_eq!(judgement.verdict, Verdict::Correct, "{left}: {judgement:?}");
    }
    let loss: Vec<&Judgement> = audit
        .entries
        .iter()
        .filter_map(|e| match e {
            Entry::Judged(j) if &source.text[j.span.start..j.span.end] == "loss" => {
                Some(j.as_ref())
            }
            _ => None,
        })
        .collect();
    assert_eq!(loss[0].verdict, Verdict::OnlyUnder(vec![Carry::Exact]));
    let step = &loss[0].readings[0];
    assert_eq!(step.carry, Carry::Step);
    assert!(
        step.value
            .as_ref()
            .is_err_and(|reason| reason.contains("needs ln(0.0000), which is undefined")),
        "{step:?}"
    );
    assert_eq!(wrong(loss[1]), ("6.0000".to_owned(), units(1)));
    let text = longhand::render::check::text_report(
        &audit,
        &source,
        "sat.net",
        longhand::diagnostic::Color::Never,
    );
    assert!(
        text.contains(
            "right under carry = exact (nothing rounded until printed), but carry = step (every written number rounded as written) could not compute it (computing the loss in update 1 needs ln(0.0000)"
        ),
        "{text}"
    );
    assert!(
        text.contains("carry = step (every written number rounded as written) could not compute it (computing the loss in update 1 needs ln(0.0000), which is undefined")
            && text.contains("carry = exact (nothing rounded until printed) gives 6.0000: the claim is +1 in the last place"),
        "{text}"
    );
}

/// A failure that later values depend on: under `carry = step` ŷ = 0.99999
/// is written 1.0000, so ∂L/∂ŷ = −(0.5/ŷ − 0.5/(1 − ŷ)) divides by zero;
/// δ, the gradient, the updated weight and everything in update 2 depend on
/// it and have no value under step, each naming that root cause, while z of
/// update 1 is still judged by step.
#[test]
fn values_that_depend_on_a_failure_name_its_cause() {
    let net = "input x = [1]\ntarget y = [0.5]\n\
               layer out { activation = identity W = [[0.99999]] }\n\
               loss = binary_cross_entropy\nlearning_rate = 1/100000\nsteps = 2\n\
               precision = 4 decimals\ncarry = step\n";
    let network = longhand::load(
        &SourceFile::new("dep.net", net),
        &Options::new(Format::Json),
    )
    .expect("loads");
    let claims = "z[1] = 1.0000\ndW[1][1][1] = 1\nz[1] (update 2) = 1\nnew loss = 1\n";
    let source = SourceFile::new("claims.txt", claims);
    let audit = judge(
        &network,
        &claims::parse(&source, &Functions::of(&network)),
        Rounding::HalfUp,
    );
    assert_eq!(judged(&audit, &source, "z[1]").verdict, Verdict::Correct);
    for left in ["dW[1][1][1]", "z[1] (update 2)", "new loss"] {
        let judgement = judged(&audit, &source, left);
        let step = &judgement.readings[0];
        assert_eq!(step.carry, Carry::Step);
        let reason = step.value.as_ref().err().cloned().unwrap_or_default();
        assert!(
            reason.starts_with("it depends on a value that could not be computed: computing")
                && reason.contains("in update 1 divides by zero"),
            "{left}: {reason}"
        );
        // Exact carry computes it, so the claim is judged, not left without a value.
        assert!(
            judgement
                .readings
                .iter()
                .any(|r| r.carry == Carry::Exact && r.value.is_ok()),
            "{left}"
        );
        assert!(
            !matches!(judgement.verdict, Verdict::NoValue(_)),
            "{left}: {:?}",
            judgement.verdict
        );
    }
}

/// `check` reads the names the notation profile writes: under Mazur's
/// (`notation = "mazur"`) the report's `net_{h1}`, `out_{o1}`, `w_{5}`,
/// `w_{5}^{+}`, `δ_{o1}` and `E_{\mathrm{total}}` are claimed as `net_h1`,
/// `out_o1`, `w5`, `w5+`, `delta_o1` and `E_total` (the figures of Mazur's
/// post), and the plain names still work; the default profile has no
/// `net_h1`.
#[test]
fn check_reads_the_names_of_the_notation_profile() {
    let claims = "net_h1 = 0.377500000\nout_h1 = 0.593269992\nout_o1 = 0.751365070\n\
                  E_total = 0.298371109\nw5 = 0.400000000\nw5+ = 0.358916480\n\
                  delta_o1 = 0.138498562\nz[1][1] = 0.377500000\nnew E_total = 0.291027774\n\
                  out_o1 (update 1) = 0.751365070\n";
    let (mazur, source) = audit("examples/mazur-2-2-2.net", claims);
    assert!(problems(&mazur).is_empty(), "{:?}", problems(&mazur));
    for left in [
        "net_h1",
        "out_h1",
        "out_o1",
        "E_total",
        "w5",
        "w5+",
        "delta_o1",
        "z[1][1]",
        "new E_total",
        "out_o1 (update 1)",
    ] {
        assert_eq!(
            judged(&mazur, &source, left).verdict,
            Verdict::Correct,
            "{left}"
        );
    }
    // w5+ is the updated w5, not w5 plus something.
    let (updated, source) = audit("examples/mazur-2-2-2.net", "w5+ = 0.400000000\n");
    assert_ne!(judged(&updated, &source, "w5+").verdict, Verdict::Correct);
    let (plain, _) = audit("examples/textbook-2-2-1.net", "net_h1 = 0.6\n");
    assert_eq!(
        problems(&plain).len(),
        1,
        "the default profile has no net_h1"
    );
}
