//! Batch modes, reduction, frozen parameters and several steps, each on a
//! small linear network whose exact answer is recomputed here with plain
//! rational arithmetic (an independent path: no longhand code involved).
//!
//! The network is one identity unit, ŷ = w·x + b, with half squared error;
//! longhand runs it with `precision = exact` and `fractions = true`, so the
//! answer key holds exact fractions.

use num_bigint::BigInt;
use num_rational::BigRational;
use serde_json::Value;

use longhand::source::SourceFile;
use longhand::{Format, Options, explain};

fn q(n: i64, d: i64) -> BigRational {
    BigRational::new(BigInt::from(n), BigInt::from(d))
}

fn parse(text: &str) -> BigRational {
    match text.split_once('/') {
        Some((n, d)) => BigRational::new(
            n.parse().expect("numerator"),
            d.parse().expect("denominator"),
        ),
        None => BigRational::from_integer(text.parse().expect("integer")),
    }
}

/// (x, y) pairs.
const DATA: [(i64, i64, i64, i64); 3] = [(1, 2, 1, 1), (-1, 1, 0, 1), (3, 2, 2, 1)];

fn data() -> Vec<(BigRational, BigRational)> {
    DATA.iter()
        .map(|(xn, xd, yn, yd)| (q(*xn, *xd), q(*yn, *yd)))
        .collect()
}

fn network(batch: &str, reduction: &str, steps: u64, frozen_bias: bool) -> String {
    format!(
        "examples {{\n  [1/2] -> [1]\n  [-1] -> [0]\n  [3/2] -> [2]\n}}\n\
         layer out {{\n  activation = identity\n  W = [[2/5]]\n  b = [1/10]{}\n}}\n\
         loss = half_squared_error\nlearning_rate = 1/5\nsteps = {steps}\nbatch = {batch}\n\
         reduction = {reduction}\nprecision = exact\nfractions = true\n",
        if frozen_bias { " frozen" } else { "" }
    )
}

fn key(text: &str) -> Value {
    let report = explain(
        &SourceFile::new("modes.net", text),
        &Options::new(Format::Json),
    )
    .expect("renders");
    serde_json::from_str(&report.text).expect("valid JSON")
}

/// One gradient step on the given examples: returns (gradient w, gradient b, loss).
fn gradients(
    w: &BigRational,
    b: &BigRational,
    batch: &[(BigRational, BigRational)],
    mean: bool,
) -> (BigRational, BigRational, BigRational) {
    let mut gw = q(0, 1);
    let mut gb = q(0, 1);
    let mut loss = q(0, 1);
    for (x, y) in batch {
        let residual = w * x + b - y; // ŷ − y = ∂L/∂z for identity + half squared error
        gw += &residual * x;
        gb += &residual;
        loss += &residual * &residual / q(2, 1);
    }
    if mean {
        let n = q(batch.len() as i64, 1);
        (gw / &n, gb / &n, loss / &n)
    } else {
        (gw, gb, loss)
    }
}

fn updates(key: &Value) -> &Vec<Value> {
    key["updates"].as_array().expect("updates")
}

#[test]
fn full_batch_mean_and_sum() {
    for (reduction, mean) in [("mean", true), ("sum", false)] {
        let key = key(&network("full", reduction, 1, false));
        let (gw, gb, loss) = gradients(&q(2, 5), &q(1, 10), &data(), mean);
        let update = &updates(&key)[0];
        assert_eq!(
            parse(update["gradients"]["W"][0][0][0].as_str().unwrap()),
            gw,
            "{reduction}"
        );
        assert_eq!(
            parse(update["gradients"]["b"][0][0].as_str().unwrap()),
            gb,
            "{reduction}"
        );
        assert_eq!(parse(update["loss"].as_str().unwrap()), loss, "{reduction}");
        let eta = q(1, 5);
        assert_eq!(
            parse(update["parameters"]["W"][0][0][0].as_str().unwrap()),
            q(2, 5) - &eta * gw
        );
        assert_eq!(
            parse(update["parameters"]["b"][0][0].as_str().unwrap()),
            q(1, 10) - &eta * gb
        );
        assert_eq!(
            update["examples"].as_array().map(Vec::len),
            Some(3),
            "every example is shown"
        );
    }
}

#[test]
fn online_sgd_updates_after_each_example() {
    let key = key(&network("1", "mean", 2, false));
    let eta = q(1, 5);
    let (mut w, mut b) = (q(2, 5), q(1, 10));
    let mut index = 0;
    for pass in 1..=2u64 {
        for example in data() {
            let (gw, gb, loss) = gradients(&w, &b, std::slice::from_ref(&example), true);
            let update = &updates(&key)[index];
            assert_eq!(update["step"], pass);
            assert_eq!(parse(update["loss"].as_str().unwrap()), loss);
            w -= &eta * gw;
            b -= &eta * gb;
            assert_eq!(
                parse(update["parameters"]["W"][0][0][0].as_str().unwrap()),
                w
            );
            assert_eq!(parse(update["parameters"]["b"][0][0].as_str().unwrap()), b);
            index += 1;
        }
    }
    assert_eq!(index, updates(&key).len());
    // The final loss combines all examples by the reduction, after the last update.
    let (_, _, loss) = gradients(&w, &b, &data(), true);
    assert_eq!(parse(key["final"]["loss"].as_str().unwrap()), loss);
}

#[test]
fn frozen_bias_keeps_its_value_but_shows_its_gradient() {
    let key = key(&network("full", "mean", 3, true));
    let eta = q(1, 5);
    let mut w = q(2, 5);
    let b = q(1, 10);
    for update in updates(&key) {
        let (gw, gb, _) = gradients(&w, &b, &data(), true);
        assert_eq!(parse(update["gradients"]["b"][0][0].as_str().unwrap()), gb);
        assert_eq!(parse(update["parameters"]["b"][0][0].as_str().unwrap()), b);
        w -= &eta * gw;
        assert_eq!(
            parse(update["parameters"]["W"][0][0][0].as_str().unwrap()),
            w
        );
    }
}

#[test]
fn several_steps_and_the_final_pass() {
    let key = key(&network("full", "sum", 4, false));
    let eta = q(1, 5);
    let (mut w, mut b) = (q(2, 5), q(1, 10));
    for update in updates(&key) {
        let (gw, gb, loss) = gradients(&w, &b, &data(), false);
        assert_eq!(parse(update["loss"].as_str().unwrap()), loss);
        w -= &eta * gw;
        b -= &eta * gb;
    }
    assert_eq!(updates(&key).len(), 4);
    let (_, _, loss) = gradients(&w, &b, &data(), false);
    assert_eq!(parse(key["final"]["loss"].as_str().unwrap()), loss);
    for (index, (x, _)) in data().iter().enumerate() {
        let a = &key["final"]["examples"][index]["a"][0][0];
        assert_eq!(parse(a.as_str().unwrap()), &w * x + &b);
    }
}

#[test]
fn the_markdown_report_says_frozen_and_summarises_later_updates() {
    let text = network("full", "mean", 3, true);
    let report = explain(
        &SourceFile::new("modes.net", text),
        &Options::new(Format::Markdown),
    )
    .expect("renders");
    assert!(
        report
            .text
            .contains("is frozen: its gradient was computed above, but its value is kept")
    );
    assert!(report.text.contains("## The loss over all updates"));
    let mut all = Options::new(Format::Markdown);
    all.detail_all = true;
    let report = explain(
        &SourceFile::new("modes.net", network("full", "mean", 3, true)),
        &all,
    )
    .expect("renders");
    assert_eq!(
        report.text.matches("\n## Update ").count(),
        3,
        "--detail all writes every update"
    );
}
