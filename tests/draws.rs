//! Draws (issue 11): `choice(a, b, …)` beside `uniform(LOW, HIGH, STEP)`,
//! `require` conditions judged on each variant, and each rule that redraws
//! a variant making a poor exercise. The conditions are recomputed here in
//! floating point from the drawn numbers, independently of longhand.

use num_rational::BigRational;
use num_traits::ToPrimitive;

use longhand::exercise::{self, Degenerate, Question};
use longhand::model::Network;
use longhand::source::SourceFile;
use longhand::{Error, Format, Options};

use crate::cli::{folder, longhand};

/// A 2-2-1 sigmoid network with every kind of draw and four conditions
/// (lines 8 to 11).
const DRAWN: &str = "network \"Drawn\"
input x = [choice(-1, 0, 0.5, 1), uniform(0.5, 1, 0.1)]
target y = [1]
layer hidden { activation = sigmoid units = 2 W = choice(-0.4, -0.2, 0.2, 0.4, 0.6) b = [0.1, -0.2] }
layer output { activation = sigmoid W = [[uniform(0.3, 0.9, 0.1), choice(-0.5, 0.5)]] b = [0.05] }
loss = half_squared_error
learning_rate = choice(0.5, 1, 2)
require x != 0
require |delta| >= 0.01
require yhat < 0.65   # an easy target is not asked
require loss_decreases
";

fn f(value: &BigRational) -> f64 {
    value.to_f64().expect("a finite number")
}

fn r(n: i64, d: i64) -> BigRational {
    BigRational::new(n.into(), d.into())
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// The drawn numbers: input, hidden W and b, output W and b, η.
struct Numbers {
    x: [f64; 2],
    w1: [[f64; 2]; 2],
    b1: [f64; 2],
    w2: [f64; 2],
    b2: f64,
    eta: f64,
}

fn numbers(network: &Network) -> Numbers {
    let layer = |l: usize| &network.layers[l];
    let w = |l: usize, i: usize, j: usize| f(&layer(l).weights.rows[i][j].value);
    let b = |l: usize, i: usize| f(&layer(l).biases.as_ref().expect("biases").rows[i][0].value);
    let input = &network.examples[0].input;
    Numbers {
        x: [f(&input[0].value), f(&input[1].value)],
        w1: [[w(0, 0, 0), w(0, 0, 1)], [w(0, 1, 0), w(0, 1, 1)]],
        b1: [b(0, 0), b(0, 1)],
        w2: [w(1, 0, 0), w(1, 0, 1)],
        b2: b(1, 0),
        eta: f(&network.learning_rate.value),
    }
}

/// ŷ, every δ and the loss before and after one SGD step, in f64.
fn train(n: &Numbers) -> (f64, Vec<f64>, f64, f64) {
    let forward = |w1: &[[f64; 2]; 2], b1: &[f64; 2], w2: &[f64; 2], b2: f64| {
        let a: Vec<f64> = (0..2)
            .map(|i| sigmoid(w1[i][0] * n.x[0] + w1[i][1] * n.x[1] + b1[i]))
            .collect();
        let yhat = sigmoid(w2[0] * a[0] + w2[1] * a[1] + b2);
        (a, yhat)
    };
    let (a, yhat) = forward(&n.w1, &n.b1, &n.w2, n.b2);
    let loss = 0.5 * (yhat - 1.0).powi(2);
    let d2 = (yhat - 1.0) * yhat * (1.0 - yhat);
    let d1: Vec<f64> = (0..2).map(|i| n.w2[i] * d2 * a[i] * (1.0 - a[i])).collect();
    let mut w1 = n.w1;
    let mut b1 = n.b1;
    for (i, row) in w1.iter_mut().enumerate() {
        for (w, x) in row.iter_mut().zip(n.x) {
            *w -= n.eta * d1[i] * x;
        }
        b1[i] -= n.eta * d1[i];
    }
    let w2 = [n.w2[0] - n.eta * d2 * a[0], n.w2[1] - n.eta * d2 * a[1]];
    let b2 = n.b2 - n.eta * d2;
    let (_, new_yhat) = forward(&w1, &b1, &w2, b2);
    let new_loss = 0.5 * (new_yhat - 1.0).powi(2);
    (yhat, vec![d2, d1[0], d1[1]], loss, new_loss)
}

/// Whether each condition of [`DRAWN`] (lines 8 to 11) holds, computed here.
fn conditions(network: &Network) -> [(usize, bool); 4] {
    let n = numbers(network);
    let (yhat, deltas, loss, new_loss) = train(&n);
    [
        (8, n.x.iter().all(|x| *x != 0.0)),
        (9, deltas.iter().all(|d| d.abs() >= 0.01)),
        (10, yhat < 0.65),
        (11, new_loss < loss),
    ]
}

fn on_grid(value: &BigRational, low: &BigRational, high: &BigRational, step: &BigRational) -> bool {
    low <= value && value <= high && ((value - low) / step).is_integer()
}

fn in_set(value: &BigRational, set: &[BigRational]) -> bool {
    set.contains(value)
}

/// Every value of [`DRAWN`] is one its draw can give.
fn assert_drawn_on_grids(network: &Network, seed: u64) {
    let input = &network.examples[0].input;
    assert!(
        in_set(&input[0].value, &[r(-1, 1), r(0, 1), r(1, 2), r(1, 1)]),
        "seed {seed}: x[1] = {}",
        input[0].value
    );
    assert!(on_grid(&input[1].value, &r(1, 2), &r(1, 1), &r(1, 10)));
    let hidden = [r(-2, 5), r(-1, 5), r(1, 5), r(2, 5), r(3, 5)];
    for row in &network.layers[0].weights.rows {
        for w in row {
            assert!(in_set(&w.value, &hidden), "seed {seed}: W = {}", w.value);
        }
    }
    let output = &network.layers[1].weights.rows[0];
    assert!(on_grid(&output[0].value, &r(3, 10), &r(9, 10), &r(1, 10)));
    assert!(in_set(&output[1].value, &[r(-1, 2), r(1, 2)]));
    assert!(in_set(
        &network.learning_rate.value,
        &[r(1, 2), r(1, 1), r(2, 1)]
    ));
}

#[test]
fn every_variant_is_drawn_on_its_grid_and_judged_as_its_numbers_say() {
    let source = SourceFile::new("drawn.net", DRAWN);
    let mut seen = [[0u32; 2]; 4];
    for seed in 0..120 {
        let variant = exercise::variant(
            &source,
            &Options::new(Format::Json),
            1,
            seed,
            &[Question::Yhat],
        )
        .expect("a variant");
        assert_drawn_on_grids(&variant.network, seed);
        for (k, (line, holds)) in conditions(&variant.network).into_iter().enumerate() {
            let unmet = variant.problems.contains(&Degenerate::Unmet { line });
            assert_eq!(
                unmet, !holds,
                "seed {seed}: `require` at line {line} is judged {} but the numbers say {holds}",
                !unmet
            );
            seen[k][usize::from(holds)] += 1;
        }
    }
    // Lines 8 to 10 are met by some draws and not by others.
    for (k, counts) in seen.iter().take(3).enumerate() {
        assert!(counts[0] > 0 && counts[1] > 0, "line {}: {counts:?}", k + 8);
    }
}

#[test]
fn exercises_keep_only_variants_that_meet_every_requirement() {
    let dir = folder(&[("drawn.net", DRAWN)]);
    let run = longhand(
        dir.path(),
        &[
            "exercises",
            "drawn.net",
            "--variants",
            "25",
            "--format",
            "csv",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("`require` at line 10 unmet"),
        "{}",
        run.stderr
    );
    let mut seeds: Vec<u64> = run
        .stdout
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).expect("seed").parse().expect("n"))
        .collect();
    seeds.dedup();
    assert_eq!(seeds.len(), 25);
    let source = SourceFile::new("drawn.net", DRAWN);
    for seed in seeds {
        let mut options = Options::new(Format::Json);
        options.seed = seed;
        let network = longhand::load(&source, &options).expect("loads");
        assert_drawn_on_grids(&network, seed);
        for (line, holds) in conditions(&network) {
            assert!(holds, "seed {seed} was kept but breaks line {line}");
        }
    }
}

#[test]
fn a_requirement_no_draw_meets_stops_with_its_line_even_when_poor_variants_are_allowed() {
    let never = DRAWN.replace("yhat < 0.65", "yhat > 0.99");
    let dir = folder(&[("never.net", &never)]);
    for extra in [None, Some("--allow-degenerate")] {
        let mut args = vec!["exercises", "never.net", "--variants", "2"];
        args.extend(extra);
        let run = longhand(dir.path(), &args);
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(
            run.stderr
                .contains("gave only 0 good variants in 120 draws")
                && run.stderr.contains("120 with `require` at line 10 unmet")
                && run.stderr.contains("loosen a `require`"),
            "{}",
            run.stderr
        );
    }
}

/// The textbook network (2-2-1 sigmoid, 4 decimals) with lines changed.
fn crafted(changes: &[(&str, &str)]) -> Vec<Degenerate> {
    let mut text = crate::cli::textbook();
    for (from, to) in changes {
        assert!(text.contains(from), "{from}");
        text = text.replace(from, to);
    }
    let source = SourceFile::new("crafted.net", text);
    exercise::variant(&source, &Options::new(Format::Json), 1, 0, &Question::ALL)
        .expect("a variant")
        .problems
}

#[test]
fn each_rule_of_a_poor_exercise_is_triggered_by_a_crafted_file() {
    // A control: a drawn value that makes a good exercise.
    assert_eq!(crafted(&[("x = [1, 0]", "x = [choice(1), 0.5]")]), []);
    // z = 8.1 in the first hidden unit: σ′ ≈ 0.0003.
    let saturated = crafted(&[
        ("x = [1, 0]", "x = [choice(1), 0.5]"),
        ("[0.5, -0.3]", "[8, -0.3]"),
    ]);
    assert!(saturated.contains(&Degenerate::Saturated), "{saturated:?}");
    // dW[1][i][2] = δ · 0.00001 prints as 0.0000.
    let zero = crafted(&[("x = [1, 0]", "x = [1, choice(0.00001)]")]);
    assert!(zero.contains(&Degenerate::ZeroPrinted), "{zero:?}");
    // z[1][1] = 0.5 · 0.0001 + 0.1 = 0.10005 exactly: a tie at 4 decimals.
    let tie = crafted(&[("x = [1, 0]", "x = [choice(0.0001), 0]")]);
    assert!(tie.contains(&Degenerate::Tie), "{tie:?}");
    // A drawn 0 zeroes a column of first-layer gradients.
    let input = crafted(&[("x = [1, 0]", "x = [choice(0), 0.5]")]);
    assert_eq!(input, [Degenerate::ZeroInput]);
    // A linear output and η = 20 overshoot: the loss after the step is larger.
    let overshoot = crafted(&[
        ("x = [1, 0]", "x = [1, 0.5]"),
        (
            "activation = sigmoid\n  W = [[0.7",
            "activation = identity\n  W = [[0.7",
        ),
        ("learning_rate = 0.5", "learning_rate = choice(20)"),
    ]);
    assert!(
        overshoot.contains(&Degenerate::LossNotDecreasing),
        "{overshoot:?}"
    );
    // An unmet `require`, counted by its line.
    let text = crate::cli::textbook().replace("x = [1, 0]", "x = [choice(1), 0.5]");
    let line = text.lines().count() + 1;
    let source = SourceFile::new("required.net", format!("{text}require yhat > 0.99\n"));
    let variant = exercise::variant(
        &source,
        &Options::new(Format::Json),
        1,
        0,
        &[Question::Yhat],
    )
    .expect("a variant");
    assert_eq!(variant.problems, [Degenerate::Unmet { line }]);
}

#[test]
fn a_short_name_requires_every_quantity_it_begins() {
    // x[2] is 0 (written, not drawn): `x != 0` speaks of it, `x[1] != 0` does not.
    let base = crate::cli::textbook().replace("x = [1, 0]", "x = [choice(1), 0]");
    let line = base.lines().count() + 1;
    for (condition, met) in [
        ("x != 0", false),
        ("x[1] != 0", true),
        ("|delta| > 0", true),
        ("|dW[1]| > 0", false),
        ("|dW[2]| > 0", true),
        ("W[1] <= 0.8", true),
        ("W[1] < 0.8", false),
        ("new loss < 0.05", false),
        ("|yhat - 1| < 0.5", true),
    ] {
        let source = SourceFile::new("short.net", format!("{base}require {condition}\n"));
        match exercise::variant(
            &source,
            &Options::new(Format::Json),
            1,
            0,
            &[Question::Yhat],
        ) {
            Ok(variant) => assert_eq!(
                !variant.problems.contains(&Degenerate::Unmet { line }),
                met,
                "require {condition}: {:?}",
                variant.problems
            ),
            Err(Error::Input(diagnostics)) => {
                assert!(
                    condition.contains('-'),
                    "require {condition}: {diagnostics:?}"
                );
            }
            Err(other) => panic!("require {condition}: {other:?}"),
        }
    }
}

#[test]
fn choice_draws_whole_vectors_and_matrices_where_the_shape_is_known_and_refuses_long_lists() {
    let text = crate::cli::textbook()
        .replace("x = [1, 0]", "x = [choice(0.5, 1), choice(0.5, 1)]")
        .replace(
            "W = [[0.5, -0.3],\n       [0.2,  0.8]]\n  b = [0.1, -0.2]",
            "units = 2\n  W = choice(-0.5, 0.5)\n  b = choice(-0.1, 0.1)",
        );
    let source = SourceFile::new("whole.net", text.clone());
    let mut firsts = std::collections::BTreeSet::new();
    for seed in 0..20 {
        let mut options = Options::new(Format::Json);
        options.seed = seed;
        let network = longhand::load(&source, &options).expect("loads");
        assert_eq!(network.examples[0].input.len(), 2);
        for x in &network.examples[0].input {
            assert!(in_set(&x.value, &[r(1, 2), r(1, 1)]));
        }
        let biases = &network.layers[0].biases.as_ref().expect("biases").rows;
        assert_eq!(biases.len(), 2);
        for b in biases {
            assert!(in_set(&b[0].value, &[r(-1, 10), r(1, 10)]));
        }
        for row in &network.layers[0].weights.rows {
            assert_eq!(row.len(), 2);
            for w in row {
                assert!(in_set(&w.value, &[r(-1, 2), r(1, 2)]));
            }
        }
        firsts.insert(network.layers[0].weights.rows[0][0].value.clone());
        // Same seed, same draws.
        let again = longhand::load(&source, &options).expect("loads");
        assert_eq!(again.drawn, network.drawn);
    }
    assert_eq!(firsts.len(), 2, "both values are drawn over 20 seeds");
    let many: Vec<String> = (1..=1001).map(|n| n.to_string()).collect();
    let long = text.replace(
        "learning_rate = 0.5",
        &format!("learning_rate = choice({})", many.join(", ")),
    );
    let source = SourceFile::new("long.net", long);
    match longhand::load(&source, &Options::new(Format::Json)) {
        Err(Error::Input(diagnostics)) => assert!(
            diagnostics[0].message.contains("lists 1001 values"),
            "{diagnostics:?}"
        ),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_kept_variant_comments_its_requirements_out() {
    let dir = folder(&[("drawn.net", DRAWN)]);
    let run = longhand(
        dir.path(),
        &["render", "drawn.net", "--seed", "4", "--format", "net"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stdout.contains("choice("), "{}", run.stdout);
    assert!(
        run.stdout.contains("\n# require x != 0\n"),
        "{}",
        run.stdout
    );
    std::fs::write(dir.path().join("kept.net"), &run.stdout).expect("written");
    let kept = longhand(dir.path(), &["validate", "kept.net"]);
    assert_eq!(kept.code, 0, "{}", kept.stderr);
}
