//! Numbers at the edges, through the whole pipeline (parse to rendered
//! report): saturated sigmoids, exp beyond its range, ln of a value rounded
//! to 0, values that round to −0, ties at the rounding digit in every mode,
//! and the smallest and largest precisions.
//!
//! Expected values are known independently: ties and zeros are worked by
//! hand in the comments; transcendental constants come from mpmath at 400
//! digits, e.g. `python3 -c "from mpmath import *; mp.dps=400;
//! print(nstr(1/(1+exp(300)), 30))"`.

use longhand::source::SourceFile;
use longhand::{Error, Format, Options, explain};
use serde_json::Value;

const MODES: [&str; 5] = [
    "half_up",
    "half_even",
    "half_down",
    "toward_zero",
    "away_from_zero",
];

/// One sigmoid (or `activation`) unit: z = w·x with x = 1.
fn one_unit(activation: &str, w: &str, target: &str, loss: &str, settings: &str) -> String {
    format!(
        "input x = [1]\ntarget y = [{target}]\n\
         layer out {{ activation = {activation} W = [[{w}]] b = [0] }}\n\
         loss = {loss}\nlearning_rate = 0.5\n{settings}\n"
    )
}

fn render(text: &str, format: Format) -> Result<String, Error> {
    explain(&SourceFile::new("edge.net", text), &Options::new(format)).map(|r| r.text)
}

fn key(text: &str) -> Value {
    let json = render(text, Format::Json).unwrap_or_else(|e| panic!("{e}\n{text}"));
    serde_json::from_str(&json).expect("the answer key is JSON")
}

/// `updates[0].examples[0][field][layer][unit]` of an answer key.
fn first<'a>(key: &'a Value, field: &str, layer: usize, unit: usize) -> &'a str {
    key["updates"][0]["examples"][0][field][layer][unit]
        .as_str()
        .unwrap_or_else(|| panic!("no {field}[{layer}][{unit}] in {key}"))
}

fn gradient_w(key: &Value) -> &str {
    key["updates"][0]["gradients"]["W"][0][0][0]
        .as_str()
        .expect("a weight gradient")
}

fn updated_w(key: &Value) -> &str {
    key["updates"][0]["parameters"]["W"][0][0][0]
        .as_str()
        .expect("an updated weight")
}

fn numeric_error(text: &str) -> String {
    match render(text, Format::Markdown) {
        Err(Error::Numeric(diagnostic)) => diagnostic.message,
        Err(other) => panic!("expected an arithmetic error, got {other}"),
        Ok(_) => panic!("expected an arithmetic error\n{text}"),
    }
}

#[test]
fn saturated_sigmoids_keep_their_digits() {
    let net =
        |w: &str, settings: &str| key(&one_unit("sigmoid", w, "0", "half_squared_error", settings));
    // σ(−300) = 5.14820022241201378115486192107…e-131 (mpmath).
    assert_eq!(
        first(&net("-300", "precision = 4 decimals"), "a", 0, 0),
        "0.0000"
    );
    assert_eq!(
        first(
            &net("-300", "precision = 4 significant\ncarry = exact"),
            "a",
            0,
            0
        ),
        "5.148e-131"
    );
    // By hand, as written under carry = step: e^300 = 1.9424…e130 is written
    // 1.942e130, 1 + 1.942e130 is 1.942e130, and 1/1.942e130 = 5.14933…e-131.
    let step = net("-300", "precision = 4 significant");
    assert_eq!(first(&step, "a", 0, 0), "5.149e-131");
    // ½ (0 − 5.149e-131)² = ½ · 2.651e-261 (2.65122…e-261 written) = 1.3255e-261:
    // a tie at the fourth digit, rounded half up.
    assert_eq!(step["updates"][0]["loss"], "1.326e-261");
    assert_eq!(
        first(
            &net("-300", "precision = 30 significant\ncarry = exact"),
            "a",
            0,
            0
        ),
        "5.14820022241201378115486192107e-131"
    );
    // e^9000 = 4.470304733…e3908 (mpmath) is written 4.470e3908, so
    // σ(−9000) is 1/4.470e3908 = 2.2371…e-3909.
    assert_eq!(
        first(&net("-9000", "precision = 4 significant"), "a", 0, 0),
        "2.237e-3909"
    );
    assert_eq!(
        first(&net("300", "precision = 4 decimals"), "a", 0, 0),
        "1.0000"
    );
}

/// Regression: under `carry = exact` 1 + e^(−300) came out as 1 + 2⁻⁸
/// (a one-bit mantissa nudged by a too-short guard), so σ(300) was 0.9961.
#[test]
fn saturated_sigmoids_under_exact_carry() {
    let up = key(&one_unit(
        "sigmoid",
        "300",
        "1",
        "half_squared_error",
        "carry = exact\nprecision = 6 decimals",
    ));
    assert_eq!(first(&up, "a", 0, 0), "1.000000");
    // δ = (ŷ − y) ŷ (1 − ŷ) ≈ −2.65e-261 rounds to zero, printed without a sign.
    assert_eq!(first(&up, "delta", 0, 0), "0.000000");
    // Binary cross-entropy with target 1: L = −ln σ(−300) = 300 + 5.1e-131
    // and δ = ŷ − y = σ(−300) − 1 (mpmath).
    let down = key(&one_unit(
        "sigmoid",
        "-300",
        "1",
        "binary_cross_entropy",
        "carry = exact",
    ));
    assert_eq!(first(&down, "a", 0, 0), "0.0000");
    assert_eq!(down["updates"][0]["loss"], "300.0000");
    assert_eq!(first(&down, "delta", 0, 0), "-1.0000");
    assert_eq!(gradient_w(&down), "-1.0000");
    // W' = −300 − 0.5 · (σ(−300) − 1) = −299.5 + 2.6e-131 and b' = 0.5 −
    // 2.6e-131, so z' = −299 and the new loss is −ln σ(−299) = 299.0000…
    // (mpmath: 299 + 1.4e-130).
    assert_eq!(updated_w(&down), "-299.5000");
    assert_eq!(down["final"]["loss"], "299.0000");
}

#[test]
fn exp_beyond_its_range_is_an_error_naming_the_quantity() {
    // σ(−9001) needs e^9001; longhand computes e^x for |x| ≤ 9000.
    let message = numeric_error(&one_unit("sigmoid", "-9001", "0", "half_squared_error", ""));
    assert!(
        message.contains("the activation of unit 1 in layer `out`")
            && message.contains(
                "e^(9001.0000), which is beyond the range longhand computes (|x| ≤ 9000)"
            ),
        "{message}"
    );
    let message = numeric_error(&one_unit("tanh", "1e4", "0", "half_squared_error", ""));
    assert!(
        message.contains("beyond the range longhand computes"),
        "{message}"
    );
}

#[test]
fn ln_of_a_value_rounded_to_zero_is_an_error_naming_the_quantity() {
    // σ(−300) is written 0.0000 at 4 decimals; binary cross-entropy with
    // target 1 then needs ln(0.0000).
    let text = one_unit(
        "sigmoid",
        "-300",
        "1",
        "binary_cross_entropy",
        "precision = 4 decimals",
    );
    let message = numeric_error(&text);
    assert!(
        message.contains("computing the loss")
            && message.contains("ln(0.0000), which is undefined")
            && message.contains("the activation of unit 1 in layer `out` = 0.0000"),
        "{message}"
    );
    // Softmax and cross-entropy: ŷ₂ = e^−300 / (1 + e^−300) rounds to 0.
    let text = "input x = [1]\ntarget y = [0, 1]\n\
                layer out { activation = softmax W = [[300], [0]] b = [0, 0] }\n\
                loss = cross_entropy\nlearning_rate = 0.5\n";
    let message = numeric_error(text);
    assert!(
        message.contains("ln(0.0000), which is undefined"),
        "{message}"
    );
}

/// Whether a report writes a negative zero anywhere: `-0.0000` in text and
/// tables, and a unary minus before `0.0000` in MathML (a longer number such
/// as the literal `-0.00004` is not a zero).
fn has_negative_zero(text: &str, zero: &str) -> bool {
    let mathml = format!("rspace=\"0\">\u{2212}</mo><mn>{zero}<");
    ["-", "\u{2212}"].iter().any(|minus| {
        let pattern = format!("{minus}{zero}");
        text.match_indices(&pattern)
            .any(|(at, _)| !text[at + pattern.len()..].starts_with(|c: char| c.is_ascii_digit()))
    }) || text.contains(&mathml)
}

#[test]
fn values_that_round_to_minus_zero_print_without_a_sign() {
    // ŷ = 0.99999, y = 1: δ = ŷ − y = −0.00001 and ∂L/∂W = −0.00001 both
    // round to zero at 4 decimals (carried exactly, so they stay negative).
    let exact = one_unit(
        "identity",
        "0.99999",
        "1",
        "half_squared_error",
        "carry = exact",
    );
    let answer = key(&exact);
    assert_eq!(first(&answer, "delta", 0, 0), "0.0000");
    assert_eq!(gradient_w(&answer), "0.0000");
    // z = −0.00004 is written 0.0000 under carry = step, then σ(0) = 0.5.
    let step = one_unit("sigmoid", "-0.00004", "1", "half_squared_error", "");
    assert_eq!(first(&key(&step), "z", 0, 0), "0.0000");
    assert_eq!(first(&key(&step), "a", 0, 0), "0.5000");
    for text in [&exact, &step] {
        for format in [Format::Markdown, Format::Html, Format::Json] {
            let report = render(text, format).expect("renders");
            assert!(
                !has_negative_zero(&report, "0.0000"),
                "{format:?}:\n{report}"
            );
        }
    }
    // At 0 decimals −0.3 is written 0, never -0.
    let zero = one_unit(
        "identity",
        "-0.3",
        "0",
        "half_squared_error",
        "precision = 0 decimals\ncarry = exact",
    );
    let answer = key(&zero);
    assert_eq!(first(&answer, "z", 0, 0), "0");
    for format in [Format::Markdown, Format::Json] {
        let report = render(&zero, format).expect("renders");
        assert!(
            !report.contains("\"-0\"") && !report.contains("= -0 ") && !report.contains("(-0)"),
            "{report}"
        );
    }
}

/// z = 0.5 · 0.2469 = 0.12345 (or its negative): a tie at the fourth decimal.
fn tie(w: &str, mode: &str) -> Value {
    key(&format!(
        "input x = [0.5]\ntarget y = [0]\n\
         layer out {{ activation = identity W = [[{w}]] b = [0] }}\n\
         loss = half_squared_error\nlearning_rate = 0.5\n\
         precision = 4 decimals\nrounding = {mode}\ncarry = step\n"
    ))
}

#[test]
fn ties_at_the_rounding_digit_in_every_mode() {
    // Worked by hand under carry = step, 4 decimals:
    //   z = 0.5 · 0.2469 = 0.12345 (a tie);
    //   ∂L/∂W = δ · x = z · 0.5: 0.1235 · 0.5 = 0.06175 (a tie again) or
    //   0.1234 · 0.5 = 0.0617 (exact);
    //   η · g = 0.5 · 0.0618 = 0.0309 or 0.5 · 0.0617 = 0.03085 (a tie);
    //   W' = 0.2469 − η·g.
    // (mode, z, ∂L/∂W, W')
    let expected = [
        ("half_up", "0.1235", "0.0618", "0.2160"),
        ("half_even", "0.1234", "0.0617", "0.2161"), // 0.03085 → 0.0308 (8 even)
        ("half_down", "0.1234", "0.0617", "0.2161"),
        ("toward_zero", "0.1234", "0.0617", "0.2161"),
        ("away_from_zero", "0.1235", "0.0618", "0.2160"),
    ];
    for (mode, z, gradient, updated) in expected {
        let positive = tie("0.2469", mode);
        assert_eq!(first(&positive, "z", 0, 0), z, "{mode}");
        assert_eq!(gradient_w(&positive), gradient, "{mode}");
        assert_eq!(updated_w(&positive), updated, "{mode}");
        // The mirror image: every tie is negative, every result negated.
        let negative = tie("-0.2469", mode);
        assert_eq!(first(&negative, "z", 0, 0), format!("-{z}"), "{mode}");
        assert_eq!(gradient_w(&negative), format!("-{gradient}"), "{mode}");
        assert_eq!(updated_w(&negative), format!("-{updated}"), "{mode}");
    }
    // half_even with an odd digit before the tie: 0.5 · 0.2471 = 0.12355 → 0.1236.
    assert_eq!(first(&tie("0.2471", "half_even"), "z", 0, 0), "0.1236");
    assert_eq!(first(&tie("0.2471", "half_down"), "z", 0, 0), "0.1235");
    assert_eq!(MODES.len(), expected.len());
}

fn textbook(settings: &str) -> String {
    let text = include_str!("../examples/textbook-2-2-1.net")
        .replace("precision = 4 decimals", "")
        .replace("rounding  = half_up", "")
        .replace("carry     = step", "");
    format!("{text}\n{settings}\n")
}

#[test]
fn zero_decimals_in_every_mode() {
    // Exactly carried: z₁ = 0.6, a₁ = σ(0.6) = 0.6457; z₂ = 0.2 − 0.2 = 0
    // and a₂ = σ(0) = 1/2, a tie at 0 decimals.
    // (mode, z₁, a₁, a₂)
    let expected = [
        ("half_up", "1", "1", "1"),
        ("half_even", "1", "1", "0"),
        ("half_down", "1", "1", "0"),
        ("toward_zero", "0", "0", "0"),
        ("away_from_zero", "1", "1", "1"),
    ];
    for (mode, z1, a1, a2) in expected {
        let answer = key(&textbook(&format!(
            "precision = 0 decimals\nrounding = {mode}\ncarry = exact"
        )));
        assert_eq!(first(&answer, "z", 0, 0), z1, "{mode}");
        assert_eq!(first(&answer, "z", 0, 1), "0", "{mode}");
        assert_eq!(first(&answer, "a", 0, 0), a1, "{mode}");
        assert_eq!(first(&answer, "a", 0, 1), a2, "{mode}");
    }
    // Under carry = step every line is rounded to a whole number; the
    // report still renders in every format.
    for format in [Format::Markdown, Format::Html, Format::Json, Format::Svg] {
        render(&textbook("precision = 0 decimals"), format).expect("renders");
    }
}

#[test]
fn thirty_decimals_and_thirty_significant_digits() {
    // σ(0.6) = 0.645656306225795452909110636411|882964… (mpmath): rounds up
    // at the 30th decimal, and is the same at 30 significant digits.
    for precision in ["30 decimals", "30 significant"] {
        let answer = key(&textbook(&format!(
            "precision = {precision}\ncarry = exact"
        )));
        assert_eq!(
            first(&answer, "a", 0, 0),
            "0.645656306225795452909110636412",
            "{precision}"
        );
        assert_eq!(
            first(&answer, "a", 0, 1),
            "0.500000000000000000000000000000"
        );
    }
    let answer = key(&textbook(
        "precision = 30 decimals\nrounding = toward_zero\ncarry = exact",
    ));
    assert_eq!(
        first(&answer, "a", 0, 0),
        "0.645656306225795452909110636411"
    );
    for format in [Format::Markdown, Format::Html] {
        render(&textbook("precision = 30 significant"), format).expect("renders");
    }
}

/// `Decimal::to_rational` cancels the 2s and 5s of 10^scale itself (a fast
/// path of `carry = step`); its fractions must be the reduced ones.
#[test]
fn rounded_decimals_become_reduced_fractions() {
    use longhand::numeric::round::Decimal;
    use num_bigint::BigInt;
    use num_rational::BigRational;

    let digits: Vec<BigInt> = [
        "0",
        "1",
        "-1",
        "10",
        "-25",
        "1250",
        "3125",
        "-640",
        "7",
        "123456789012345678901234567890",
        "-1180591620717411303424", // 2^70
        "2793967723846435546875",  // 5^30 · 3
        "100000000000000000000000000000000000000000",
    ]
    .iter()
    .map(|d| d.parse().expect("an integer"))
    .collect();
    for digits in &digits {
        for scale in -3i64..=45 {
            let decimal = Decimal {
                digits: digits.clone(),
                scale,
            };
            let power = BigInt::from(10).pow(u32::try_from(scale.unsigned_abs()).expect("small"));
            let want = if scale >= 0 {
                BigRational::new(digits.clone(), power)
            } else {
                BigRational::from_integer(digits * power)
            };
            let got = decimal.to_rational();
            assert_eq!(
                (got.numer(), got.denom()),
                (want.numer(), want.denom()),
                "{digits} × 10^-{scale}"
            );
        }
    }
}

/// A confident, correct prediction: softmax over z = (20, −20) with target
/// (1, 0), so ŷ₂ = σ(−40) ≈ 4.248e-18, and a sigmoid of z = 30 with target 1
/// under binary cross-entropy, so 1 − ŷ = σ(−30) ≈ 9.358e-14.
fn confident(loss: &str, settings: &str) -> String {
    match loss {
        "cross_entropy" => format!(
            "input x = [1]\ntarget y = [1, 0]\n\
             layer out {{ activation = softmax W = [[20], [-20]] b = [0, 0] }}\n\
             loss = cross_entropy\nlearning_rate = 0.5\nsteps = 2\n{settings}\n"
        ),
        _ => format!(
            "input x = [1]\ntarget y = [1]\n\
             layer out {{ activation = sigmoid W = [[30]] b = [0] }}\n\
             loss = binary_cross_entropy\nlearning_rate = 0.5\nsteps = 2\n{settings}\n"
        ),
    }
}

/// Spec, quantity carry item 6: a target component of 0 contributes
/// 0 · ln ŷ = 0 however ŷ prints, in every carry mode and at every precision.
/// The true losses, independent of longhand (f64, `ln_1p(exp(-x))`):
/// −ln σ(40) = 4.2483542552915890e-18 and −ln σ(30) = 9.3576229688392989e-14.
#[test]
fn zero_targets_make_their_terms_zero_however_the_prediction_prints() {
    let true_loss = |loss: &str| match loss {
        "cross_entropy" => (-40f64).exp().ln_1p(),
        _ => (-30f64).exp().ln_1p(),
    };
    assert!((true_loss("cross_entropy") - 4.248_354_255_291_589e-18).abs() < 1e-30);
    for loss in ["cross_entropy", "binary_cross_entropy"] {
        for carry in ["step", "quantity", "exact"] {
            for (precision, zero) in [
                ("0 decimals", "0"),
                ("2 decimals", "0.00"),
                ("4 decimals", "0.0000"),
                ("9 decimals", "0.000000000"),
                ("3 significant", "0.00"),
            ] {
                let settings = format!("precision = {precision}\ncarry = {carry}");
                let text = confident(loss, &settings);
                let answer = key(&text);
                let printed = answer["updates"][0]["loss"].as_str().expect("a loss");
                let significant = precision.ends_with("significant");
                if significant && carry == "exact" {
                    // Nothing is rounded: the tiny true loss keeps its digits.
                    let expected = format!("{:.2e}", true_loss(loss));
                    assert_eq!(printed, expected, "{loss}, {settings}");
                } else {
                    // At most 9 decimals the true loss (< 1e-13) is 0; under
                    // significant digits step and quantity carry round ŷ to 1.
                    assert_eq!(printed, zero, "{loss}, {settings}");
                }
                for format in [Format::Markdown, Format::Html] {
                    let report = render(&text, format)
                        .unwrap_or_else(|e| panic!("{loss}, {settings}, {format:?}: {e}"));
                    assert!(
                        report.contains("its term is 0"),
                        "{loss}, {settings}, {format:?}"
                    );
                }
                // The final forward pass (after two updates) has its loss too.
                assert!(answer["final"]["loss"].is_string(), "{loss}, {settings}");
            }
        }
    }
}

/// ∂L/∂ŷ itself: with an identity output under binary cross-entropy the
/// factor −(y/ŷ − (1 − y)/(1 − ŷ)) is computed, and at ŷ = 1 exactly with
/// y = 1 its second term is (1 − 1)/(1 − 1) — 0 by the same rule, not a
/// division by zero — so ∂L/∂ŷ = −1/1 = −1 and δ = −1 (identity′ = 1).
#[test]
fn a_zero_target_factor_also_zeroes_its_term_of_the_loss_slope() {
    for carry in ["step", "quantity", "exact"] {
        let text = one_unit(
            "identity",
            "1",
            "1",
            "binary_cross_entropy",
            &format!("carry = {carry}"),
        );
        let answer = key(&text);
        assert_eq!(first(&answer, "a", 0, 0), "1.0000", "{carry}");
        assert_eq!(answer["updates"][0]["loss"], "0.0000", "{carry}");
        assert_eq!(first(&answer, "delta", 0, 0), "-1.0000", "{carry}");
        let markdown = render(&text, Format::Markdown).expect("renders");
        // The chain read as one line, whatever rows the layout broke it into.
        let markdown = markdown.replace(" \\\\\n&", " ");
        // The written line shows the term collapsing to 0 before anything else.
        assert!(
            markdown.contains(
                "- \\frac{1 - 1}{1 - 1.0000}\\right) = -\\left(\\frac{1}{1.0000} + 0\\right)"
            ),
            "{carry}\n{markdown}"
        );
        assert!(markdown.contains("Since $1 - y = 0$, its term is 0 whatever $\\hat y$ is"));
    }
}

/// The rule is about targets of exactly 0 (or 1 − y = 0): a target that puts
/// weight on a prediction printed as 0 still needs ln 0, an honest error.
#[test]
fn a_nonzero_target_on_a_prediction_printed_as_zero_is_still_an_error() {
    let text = "input x = [1]\ntarget y = [1/2, 1/2]\n\
                layer out { activation = softmax W = [[20], [-20]] b = [0, 0] }\n\
                loss = cross_entropy\nlearning_rate = 0.5\n";
    let message = numeric_error(text);
    assert!(
        message.contains("ln(0.0000), which is undefined"),
        "{message}"
    );
}

/// The textbook's input line with `x₂` written as `value`.
fn with_input(value: &str) -> String {
    one_unit("identity", "1", "1", "half_squared_error", "")
        .replace("input x = [1]", &format!("input x = [{value}]"))
}

fn input_problems(text: &str) -> String {
    let source = SourceFile::new("edge.net", text);
    match explain(&source, &Options::new(Format::Json)) {
        Err(Error::Input(diagnostics)) => longhand::diagnostic::render_all(
            &diagnostics,
            &source,
            longhand::diagnostic::Color::Never,
        ),
        Err(other) => panic!("expected an input error, got {other}"),
        Ok(_) => panic!("expected a refusal of {}", &text[..text.len().min(80)]),
    }
}

/// The ±100 exponent limit is on the number's digits, not on the exponent
/// as written: a thousand leading zeros after the point make 10⁻¹⁰⁰¹, which
/// is refused (with the literal quoted by its ends), while `100000e-105`
/// is 10⁻¹⁰⁰ and is read.
#[test]
fn literal_limits_count_leading_zeros() {
    let thousand = format!("0.{}1", "0".repeat(1000));
    let message = input_problems(&with_input(&thousand));
    assert!(
        message.contains("is out of range: its digits reach beyond 10^±100")
            && message.contains("0.0000000000…000000000001 (1003 characters)"),
        "{message}"
    );
    assert!(
        message.len() < 2000,
        "the message quotes the whole literal:\n{message}"
    );
    for accepted in [
        format!("0.{}1", "0".repeat(99)),
        "100000e-105".to_owned(),
        format!("1.{}", "0".repeat(500)),
        format!("0.{}1e1000", "0".repeat(1000)),
    ] {
        let answer = key(&with_input(&accepted));
        assert!(
            answer["updates"][0]["examples"][0]["x"][0].is_string(),
            "{accepted}"
        );
    }
    for refused in [
        format!("0.{}1", "0".repeat(100)),
        "1e-101".to_owned(),
        "1e-99999999999999999999999".to_owned(),
        format!("1/1{}", "0".repeat(101)),
    ] {
        let message = input_problems(&with_input(&refused));
        assert!(message.contains("out of range"), "{refused}: {message}");
    }
}

/// `--precisions 0,1` when the file counts significant digits used to
/// become 1 and 1 silently; 0 significant digits is refused as a usage
/// error (exit code 2) naming the flag, and under decimals 0 is fine.
#[test]
fn zero_significant_digits_are_refused_naming_the_flag() {
    use longhand::model::Precision;
    assert!(matches!(
        longhand::sensitivity_precisions(Precision::Significant(4), &[0, 1]),
        Err(Error::Usage(message)) if message.contains("`--precisions` includes 0")
    ));
    assert_eq!(
        longhand::sensitivity_precisions(Precision::Significant(4), &[1, 3]).ok(),
        Some(vec![Precision::Significant(1), Precision::Significant(3)])
    );
    assert_eq!(
        longhand::sensitivity_precisions(Precision::Decimals(4), &[0, 1]).ok(),
        Some(vec![Precision::Decimals(0), Precision::Decimals(1)])
    );
    let folder = std::env::temp_dir().join(format!("longhand-edges-{}", std::process::id()));
    std::fs::create_dir_all(&folder).expect("a temporary folder");
    let run = |settings: &str| {
        let path = folder.join("net.net");
        std::fs::write(
            &path,
            one_unit("sigmoid", "0.5", "1", "half_squared_error", settings),
        )
        .expect("written");
        std::process::Command::new(env!("CARGO_BIN_EXE_longhand"))
            .args([
                "sensitivity",
                &path.display().to_string(),
                "--precisions",
                "0,1",
            ])
            .output()
            .expect("runs")
    };
    let refused = run("precision = 3 significant");
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("`--precisions` includes 0"), "{stderr}");
    assert!(refused.stdout.is_empty());
    let accepted = run("precision = 3 decimals");
    assert_eq!(accepted.status.code(), Some(0));
    let _ = std::fs::remove_dir_all(&folder);
}

/// tanh units whose weighted input is exactly tanh(1) + tanh(−1) + b: the
/// value is b exactly, but under `carry = exact` it is reached through
/// approximations of e^x. With b = ±0.05 at 1 decimal it is a tie, rounded
/// as the mode says (worked by hand: 0.05 → 0.1 half up and away from zero,
/// 0.0 half even, half down and toward zero), not by the sign of the
/// approximation's error; the report says it was taken to be the tie.
fn cancelling_tanh(bias: &str, settings: &str) -> String {
    format!(
        "input x = [1, -1]\ntarget y = [0]\n\
         layer hidden {{ activation = tanh W = [[1, 0], [0, 1]] b = [0, 0] }}\n\
         layer out {{ activation = identity W = [[1, 1]] b = [{bias}] }}\n\
         loss = half_squared_error\nlearning_rate = 0.1\ncarry = exact\n{settings}\n"
    )
}

#[test]
fn a_tie_reached_through_transcendental_functions_is_a_tie() {
    let expected = [
        ("half_up", "0.1"),
        ("half_even", "0.0"),
        ("half_down", "0.0"),
        ("toward_zero", "0.0"),
        ("away_from_zero", "0.1"),
    ];
    for (bias, sign) in [("0.05", ""), ("-0.05", "-")] {
        for (mode, digits) in expected {
            let text = cancelling_tanh(bias, &format!("precision = 1 decimals\nrounding = {mode}"));
            let answer = key(&text);
            let want = if digits == "0.0" {
                digits.to_owned()
            } else {
                format!("{sign}{digits}")
            };
            assert_eq!(first(&answer, "z", 1, 0), want, "b = {bias}, {mode}");
            // δ = ŷ − y = b exactly, a tie too.
            assert_eq!(first(&answer, "delta", 1, 0), want, "b = {bias}, {mode}");
        }
    }
    // `precision = exact` prints the value itself, not 0.05000…0001.
    let exact = key(&cancelling_tanh("0.05", "precision = exact"));
    assert_eq!(first(&exact, "z", 1, 0), "0.05");
    let markdown = render(
        &cancelling_tanh("0.05", "precision = 1 decimals"),
        Format::Markdown,
    )
    .expect("renders");
    assert!(
        markdown.contains("The value of $z^{(2)}$ is reached through approximations")
            && markdown.contains(
                "it is taken to be exactly $0.05$, as it almost surely is, and rounded as a tie"
            ),
        "{markdown}"
    );
}

/// The same cancellation feeding a relu: its weighted input is exactly 0,
/// so relu gives 0 and its slope is relu′(0) = 0 (README), under exact carry
/// as under quantity carry (where the correctly rounded tanh(±1) cancel).
#[test]
fn relu_of_an_approximation_that_may_be_zero_is_relu_of_zero() {
    let text = |carry: &str| {
        format!(
            "input x = [1, -1]\ntarget y = [1]\n\
             layer hidden {{ activation = tanh W = [[1, 0], [0, 1]] b = [0, 0] }}\n\
             layer gate {{ activation = relu W = [[1, 1]] b = [0] }}\n\
             layer out {{ activation = identity W = [[2]] b = [0.5] }}\n\
             loss = half_squared_error\nlearning_rate = 0.1\ncarry = {carry}\n\
             precision = 6 significant\n"
        )
    };
    for carry in ["quantity", "exact"] {
        let answer = key(&text(carry));
        assert_eq!(first(&answer, "z", 1, 0), "0.00000", "{carry}");
        assert_eq!(first(&answer, "a", 1, 0), "0.00000", "{carry}");
        // δ of the relu unit = (W δ_out) · relu′(0) = 0.
        assert_eq!(first(&answer, "delta", 1, 0), "0.00000", "{carry}");
    }
}
