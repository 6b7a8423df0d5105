//! The function table and functions defined in the file.
//!
//! - every card is complete for every consumer (names, prose, glyph, TeX,
//!   symbol row, README), and the README's list is the table's;
//! - each card's derivative (the symbolic core's) against central finite
//!   differences of its formula, both evaluated by the numeric core at 60
//!   decimals with h = 10⁻²⁰ (the difference's error is about h² = 10⁻⁴⁰);
//! - random formulas from a generator, defined in a `.net` file and run
//!   through the whole pipeline: their slope against a central difference
//!   of an independent `f64` evaluation of the same formula written here;
//! - a restatement of each built-in function in the file gives the
//!   built-in's numbers in every carry mode;
//! - located arithmetic errors in a defined function; the notes on pieces
//!   and kinks; `check` claims of every function of the table.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::Signed;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};

use longhand::audit::claims::{self, Functions};
use longhand::audit::judge::{Entry, Verdict, judge};
use longhand::functions::{self, Output, Shape, Var};
use longhand::model::ids::{LayerId, UnitId};
use longhand::model::{Carry, Precision, Rounding};
use longhand::numeric::enclose;
use longhand::numeric::run::Detail;
use longhand::source::SourceFile;
use longhand::symbolic::rules::{Trace, differentiate, differentiate_by};
use longhand::symbolic::simplify::simplify;
use longhand::symbolic::{Atom, Expr, Func, Node, Quantity, Symbol};
use longhand::{Error, Format, Options, explain, load, train};

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

fn q(text: &str) -> BigRational {
    claims::decimal_value(text).expect("a decimal").0
}

/// The value of a formula of constants to 60 decimals.
fn value(e: &Expr) -> BigRational {
    enclose::rounded(e, Precision::Decimals(60), Rounding::HalfEven)
        .unwrap_or_else(|error| panic!("{e}: {error:?}"))
        .rounded
        .decimal
        .to_rational()
}

fn at(e: &Expr, bindings: &[(Var, &BigRational)]) -> Expr {
    bindings.iter().fold(e.clone(), |acc, (v, x)| {
        acc.bind(*v, &Expr::constant((*x).clone()))
    })
}

/// Checks ∂e/∂v at `point` against a central difference with h = 10⁻²⁰.
fn check_derivative(name: &str, e: &Expr, v: Var, point: &[(Var, BigRational)]) {
    let derivative = simplify(&differentiate_by(e, &Atom::Var(v), &mut Trace::default()));
    let h = BigRational::new(BigInt::from(1), BigInt::from(10).pow(20));
    let evaluate = |e: &Expr, delta: &BigRational| {
        let shifted: Vec<(Var, BigRational)> = point
            .iter()
            .map(|(w, x)| (*w, if *w == v { x + delta } else { x.clone() }))
            .collect();
        let pairs: Vec<(Var, &BigRational)> = shifted.iter().map(|(w, x)| (*w, x)).collect();
        value(&at(e, &pairs))
    };
    let zero = BigRational::from_integer(0.into());
    let central = (evaluate(e, &h) - evaluate(e, &-h.clone()))
        / (h.clone() * BigRational::from_integer(2.into()));
    let symbolic = evaluate(&derivative, &zero);
    let tolerance = BigRational::new(BigInt::from(1), BigInt::from(10).pow(30));
    assert!(
        (symbolic.clone() - central.clone()).abs() < tolerance,
        "{name}′ at {point:?}: symbolic {symbolic}, central difference {central}"
    );
}

fn network_text(definitions: &str, hidden: &str, output: &str, loss: &str) -> String {
    format!(
        "{definitions}\ninput x = [1, 0.5]\ntarget y = [0.8]\n\
         layer hidden {{ activation = {hidden} W = [[0.5, -0.3], [0.2, 0.8]] b = [0.1, -0.2] }}\n\
         layer output {{ activation = {output} W = [[0.7, -0.5]] b = [0.05] }}\n\
         loss = {loss}\nlearning_rate = 0.5\nsteps = 2\n"
    )
}

fn softmax_text(definitions: &str, loss: &str) -> String {
    format!(
        "{definitions}\ninput x = [1, 0.5]\ntarget y = [0, 1]\n\
         layer hidden {{ activation = tanh W = [[0.5, -0.3], [0.2, 0.8]] b = [0.1, -0.2] }}\n\
         layer output {{ activation = softmax W = [[0.7, -0.5], [0.1, 0.3]] b = [0.05, 0] }}\n\
         loss = {loss}\nlearning_rate = 0.5\nsteps = 2\n"
    )
}

fn render(text: &str, format: Format) -> String {
    let source = SourceFile::new("t.net", text);
    match explain(&source, &Options::new(format)) {
        Ok(report) => report.text,
        Err(error) => panic!("{text}\n{error:?}"),
    }
}

// ---------------------------------------------------------------------------
// The table
// ---------------------------------------------------------------------------

#[test]
fn every_card_is_complete_for_every_consumer() {
    let readme = std::fs::read_to_string("README.md").expect("the README");
    for card in functions::ACTIVATIONS {
        assert!(!card.names.is_empty() && !card.glyph.is_empty() && !card.tex.is_empty());
        assert!(!card.applies.is_empty() && !card.meaning.is_empty() && !card.summary.is_empty());
        assert!(
            readme.contains(&format!("- `{}`: ", card.name())),
            "{}",
            card.name()
        );
        let text = match card.shape {
            Shape::Elementwise(_) => {
                network_text("", card.name(), card.name(), "half_squared_error")
            }
            Shape::Softmax => softmax_text("", "cross_entropy"),
        };
        let markdown = render(&text, Format::Markdown);
        let mut meaning = card.meaning.to_owned();
        for parameter in card.parameters {
            meaning = meaning.replace(
                &format!("{{{}}}", parameter.tex.trim_start_matches('\\')),
                parameter.default,
            );
        }
        let mut applies = card.applies.to_owned();
        for parameter in card.parameters {
            applies = applies.replace(
                &format!("{{{}}}", parameter.tex.trim_start_matches('\\')),
                parameter.default,
            );
        }
        assert!(markdown.contains(&applies), "{}: prose", card.name());
        assert!(markdown.contains(&meaning), "{}: symbol row", card.name());
        assert!(markdown.contains(card.tex), "{}: TeX", card.name());
        let svg = render(&text, Format::Svg);
        assert!(
            svg.contains(&format!(">{}</text>", card.glyph)),
            "{}: glyph",
            card.name()
        );
        let json = render(&text, Format::Json);
        assert!(json.contains(&format!("\"activation\": \"{}\"", card.name())));
    }
    for card in functions::LOSSES {
        assert!(
            readme.contains(&format!("- `{}`: ", card.name())),
            "{}",
            card.name()
        );
        let text = match card.output {
            Output::Any => network_text("", "sigmoid", "sigmoid", card.name()),
            Output::Softmax { .. } => softmax_text("", card.name()),
        };
        let markdown = render(&text, Format::Markdown);
        assert!(markdown.contains(&format!("The loss is `{}`", card.name())));
    }
}

#[test]
fn the_readme_and_the_language_reference_list_the_table() {
    for path in ["README.md", "docs/language.md"] {
        let text = std::fs::read_to_string(path).expect("the file");
        let start = text
            .find("<!-- functions:start -->\n")
            .expect("start marker");
        let end = text.find("<!-- functions:end -->").expect("end marker");
        let listed = &text[start + "<!-- functions:start -->\n".len()..end];
        assert_eq!(
            listed,
            functions::readme_list(),
            "{path}: regenerate the list between the markers from functions::readme_list()"
        );
    }
}

#[test]
fn every_building_block_has_the_name_a_formula_calls_it_by() {
    for name in functions::BLOCK_NAMES {
        match functions::block(name).expect("a block") {
            functions::Block::Unary(func) => assert_eq!(func.name(), name),
            functions::Block::Max | functions::Block::Min => {
                assert!(matches!(name, "max" | "min"));
            }
        }
    }
}

#[test]
fn every_activation_card_derivative_matches_central_differences() {
    let points = ["-1.7", "-0.35", "0.45", "1.3", "3.2"];
    for card in functions::ACTIVATIONS {
        let Shape::Elementwise(formula) = card.shape else {
            continue;
        };
        let defaults: Vec<functions::Argument> = card
            .parameters
            .iter()
            .map(|p| p.default_argument())
            .collect();
        let f = Expr::of_formula(&formula(&defaults));
        for z in points {
            check_derivative(card.name(), &f, Var::Z, &[(Var::Z, q(z))]);
        }
    }
}

#[test]
fn every_loss_card_derivative_matches_central_differences() {
    for card in functions::LOSSES {
        let term = Expr::of_formula(&(card.term)());
        for (y, y_hat) in [("0.3", "0.2"), ("1", "0.55"), ("0", "0.85")] {
            check_derivative(
                card.name(),
                &term,
                Var::YHat,
                &[(Var::Y, q(y)), (Var::YHat, q(y_hat))],
            );
        }
    }
}

#[test]
fn the_softmax_card_jacobian_matches_central_differences() {
    let z = |k: usize| {
        Symbol::of(Quantity::PreActivation {
            layer: LayerId(0),
            unit: UnitId(k),
        })
    };
    let denominator = Node::Add(
        (0..3)
            .map(|k| Expr::apply(Func::Exp, Expr::sym(z(k))))
            .collect(),
    );
    let values = [q("0.3"), q("-1.2"), q("0.85")];
    let h = BigRational::new(BigInt::from(1), BigInt::from(10).pow(20));
    let put = |e: &Expr, shift: Option<(usize, &BigRational)>| {
        let mut e = e.clone();
        for (k, v) in values.iter().enumerate() {
            let v = match shift {
                Some((j, d)) if j == k => v + d,
                _ => v.clone(),
            };
            e = e.substitute(&z(k), &Expr::constant(v));
        }
        value(&e)
    };
    for i in 0..3 {
        let a = Node::Mul(vec![
            Expr::apply(Func::Exp, Expr::sym(z(i))),
            denominator.clone().pow(-1),
        ]);
        for j in 0..3 {
            let slope = simplify(&differentiate(&a, &z(j), &mut Trace::default()));
            let central = (put(&a, Some((j, &h))) - put(&a, Some((j, &-h.clone()))))
                / (h.clone() * BigRational::from_integer(2.into()));
            let symbolic = put(&slope, None);
            let tolerance = BigRational::new(BigInt::from(1), BigInt::from(10).pow(30));
            assert!((symbolic - central).abs() < tolerance, "∂a{i}/∂z{j}");
        }
    }
}

// ---------------------------------------------------------------------------
// Random formulas through the whole pipeline
// ---------------------------------------------------------------------------

/// A formula in z, as text and as an independent `f64` evaluation.
#[derive(Debug, Clone)]
enum F {
    Z,
    Const(i32),
    Add(Box<F>, Box<F>),
    Sub(Box<F>, Box<F>),
    Mul(Box<F>, Box<F>),
    /// a / (1 + b²): a denominator that is never near 0.
    Div(Box<F>, Box<F>),
    Square(Box<F>),
    Cube(Box<F>),
    /// sqrt(1 + a²).
    Sqrt(Box<F>),
    /// (1 + a²)^(3/2).
    ThreeHalves(Box<F>),
    /// exp(tanh(a)).
    Exp(Box<F>),
    /// ln(2 + tanh(a)).
    Ln(Box<F>),
    Sigmoid(Box<F>),
    Tanh(Box<F>),
    Softplus(Box<F>),
    /// cosh(tanh(a)), sinh(tanh(a)): bounded arguments.
    Cosh(Box<F>),
    Sinh(Box<F>),
    Abs(Box<F>),
    Relu(Box<F>),
    Max(Box<F>, Box<F>),
    If(Box<F>, Box<F>, Box<F>),
}

impl F {
    fn text(&self) -> String {
        let t = |f: &F| f.text();
        match self {
            F::Z => "z".to_owned(),
            F::Const(n) if *n < 0 => format!("({})", f64::from(*n) / 10.0),
            F::Const(n) => format!("{}", f64::from(*n) / 10.0),
            F::Add(a, b) => format!("({} + {})", t(a), t(b)),
            F::Sub(a, b) => format!("({} - {})", t(a), t(b)),
            F::Mul(a, b) => format!("({} * {})", t(a), t(b)),
            F::Div(a, b) => format!("({} / (1 + ({})^2))", t(a), t(b)),
            F::Square(a) => format!("({})^2", t(a)),
            F::Cube(a) => format!("({})^3", t(a)),
            F::Sqrt(a) => format!("sqrt(1 + ({})^2)", t(a)),
            F::ThreeHalves(a) => format!("(1 + ({})^2)^(3/2)", t(a)),
            F::Exp(a) => format!("exp(tanh({}))", t(a)),
            F::Ln(a) => format!("ln(2 + tanh({}))", t(a)),
            F::Sigmoid(a) => format!("sigmoid({})", t(a)),
            F::Tanh(a) => format!("tanh({})", t(a)),
            F::Softplus(a) => format!("softplus({})", t(a)),
            F::Cosh(a) => format!("cosh(tanh({}))", t(a)),
            F::Sinh(a) => format!("sinh(tanh({}))", t(a)),
            F::Abs(a) => format!("abs({})", t(a)),
            F::Relu(a) => format!("relu({})", t(a)),
            F::Max(a, b) => format!("max({}, {})", t(a), t(b)),
            F::If(a, b, c) => format!("(if {} > 0 then {} else {})", t(a), t(b), t(c)),
        }
    }

    /// The value at z, and the smallest distance of a kink's argument from
    /// its kink met on the way.
    fn eval(&self, z: f64, kink: &mut f64) -> f64 {
        match self {
            F::Z => z,
            F::Const(n) => f64::from(*n) / 10.0,
            F::Add(a, b) => a.eval(z, kink) + b.eval(z, kink),
            F::Sub(a, b) => a.eval(z, kink) - b.eval(z, kink),
            F::Mul(a, b) => a.eval(z, kink) * b.eval(z, kink),
            F::Div(a, b) => a.eval(z, kink) / (1.0 + b.eval(z, kink).powi(2)),
            F::Square(a) => a.eval(z, kink).powi(2),
            F::Cube(a) => a.eval(z, kink).powi(3),
            F::Sqrt(a) => (1.0 + a.eval(z, kink).powi(2)).sqrt(),
            F::ThreeHalves(a) => (1.0 + a.eval(z, kink).powi(2)).powf(1.5),
            F::Exp(a) => a.eval(z, kink).tanh().exp(),
            F::Ln(a) => (2.0 + a.eval(z, kink).tanh()).ln(),
            F::Sigmoid(a) => 1.0 / (1.0 + (-a.eval(z, kink)).exp()),
            F::Tanh(a) => a.eval(z, kink).tanh(),
            F::Softplus(a) => a.eval(z, kink).exp().ln_1p(),
            F::Cosh(a) => a.eval(z, kink).tanh().cosh(),
            F::Sinh(a) => a.eval(z, kink).tanh().sinh(),
            F::Abs(a) => {
                let v = a.eval(z, kink);
                *kink = kink.min(v.abs());
                v.abs()
            }
            F::Relu(a) => {
                let v = a.eval(z, kink);
                *kink = kink.min(v.abs());
                v.max(0.0)
            }
            F::Max(a, b) => {
                let (u, v) = (a.eval(z, kink), b.eval(z, kink));
                *kink = kink.min((u - v).abs());
                u.max(v)
            }
            F::If(a, b, c) => {
                let v = a.eval(z, kink);
                *kink = kink.min(v.abs());
                if v > 0.0 {
                    b.eval(z, kink)
                } else {
                    c.eval(z, kink)
                }
            }
        }
    }
}

fn formulas() -> impl Strategy<Value = F> {
    let leaf = prop_oneof![Just(F::Z), (-20i32..20).prop_map(F::Const)];
    leaf.prop_recursive(5, 32, 3, |inner| {
        let b = |f: F| Box::new(f);
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(move |(x, y)| F::Add(b(x), b(y))),
            (inner.clone(), inner.clone()).prop_map(move |(x, y)| F::Sub(b(x), b(y))),
            (inner.clone(), inner.clone()).prop_map(move |(x, y)| F::Mul(b(x), b(y))),
            (inner.clone(), inner.clone()).prop_map(move |(x, y)| F::Div(b(x), b(y))),
            inner.clone().prop_map(move |x| F::Square(b(x))),
            inner.clone().prop_map(move |x| F::Cube(b(x))),
            inner.clone().prop_map(move |x| F::Sqrt(b(x))),
            inner.clone().prop_map(move |x| F::ThreeHalves(b(x))),
            inner.clone().prop_map(move |x| F::Exp(b(x))),
            inner.clone().prop_map(move |x| F::Ln(b(x))),
            inner.clone().prop_map(move |x| F::Sigmoid(b(x))),
            inner.clone().prop_map(move |x| F::Tanh(b(x))),
            inner.clone().prop_map(move |x| F::Softplus(b(x))),
            inner.clone().prop_map(move |x| F::Cosh(b(x))),
            inner.clone().prop_map(move |x| F::Sinh(b(x))),
            inner.clone().prop_map(move |x| F::Abs(b(x))),
            inner.clone().prop_map(move |x| F::Relu(b(x))),
            (inner.clone(), inner.clone()).prop_map(move |(x, y)| F::Max(b(x), b(y))),
            (inner.clone(), inner.clone(), inner).prop_map(move |(x, y, w)| F::If(
                b(x),
                b(y),
                b(w)
            )),
        ]
    })
}

fn config() -> Config {
    Config {
        cases: 400,
        failure_persistence: None,
        rng_seed: RngSeed::Fixed(12),
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config())]

    /// A random formula defined in the file: its value and its slope, as the
    /// pipeline computes them under `carry = exact`, against an `f64`
    /// evaluation and its central difference (h = 10⁻⁶).
    #[test]
    fn defined_formulas_are_differentiated_correctly(f in formulas(), z in -200i32..200) {
        let z = f64::from(z) / 100.0;
        let mut kink = f64::INFINITY;
        let f_z = f.eval(z, &mut kink);
        prop_assume!(kink > 1e-3 && f_z.is_finite() && f_z.abs() < 1e6);
        let text = format!(
            "activation f(z) = {}\ninput x = [{z}]\ntarget y = [0]\n\
             layer hidden {{ activation = f W = [[1]] b = [0] }}\n\
             layer output {{ activation = identity W = [[1]] b = [0] }}\n\
             loss = half_squared_error\nlearning_rate = 0.000001\nprecision = exact\n",
            f.text()
        );
        let source = SourceFile::new("random.net", text.as_str());
        let network = match load(&source, &Options::new(Format::Json)) {
            Ok(network) => network,
            // Formulas beyond the size limit are refused, as documented.
            Err(Error::Input(d)) if d.iter().any(|d| d.message.contains("parts")) => return Ok(()),
            Err(error) => panic!("{text}\n{error:?}"),
        };
        let run = match train(&network, Detail::First) {
            Ok(run) => run,
            // A steep formula may blow up past 10^30 after the update: refused, as documented.
            Err(Error::Numeric(d)) if d.message.contains("larger than 10^30") => return Ok(()),
            Err(error) => panic!("{text}\n{error:?}"),
        };
        let env = run.updates[0].env.as_ref().expect("the first update is kept");
        let symbol = |quantity| Symbol::of(quantity);
        let a = env.value(&symbol(Quantity::Activation { layer: LayerId(0), unit: UnitId(0) }))
            .expect("a").carried.to_f64();
        // A slope that is identically 0 (a formula without z) is not written.
        let slope = env.value(&symbol(Quantity::ActivationSlope { layer: LayerId(0), of: UnitId(0), wrt: UnitId(0) }))
            .map_or(0.0, |v| v.carried.to_f64());
        let h = 1e-6;
        let mut ignored = f64::INFINITY;
        let central = (f.eval(z + h, &mut ignored) - f.eval(z - h, &mut ignored)) / (2.0 * h);
        prop_assert!((a - f_z).abs() <= 1e-9 + 1e-9 * f_z.abs(), "{text}\nf = {a}, f64 gives {f_z}");
        prop_assert!(
            (slope - central).abs() <= 1e-6 + 1e-4 * central.abs(),
            "{text}\nslope {slope}, central difference {central}"
        );
    }
}

// ---------------------------------------------------------------------------
// Restating a built-in function in the file
// ---------------------------------------------------------------------------

/// An answer key without the names of functions, for comparing numbers.
fn numbers_only(json: &str) -> String {
    json.lines()
        .filter(|line| !line.contains("\"activation\"") && !line.contains("\"title\""))
        .collect::<Vec<_>>()
        .join("\n")
}

fn key(text: &str, carry: Carry) -> String {
    let mut options = Options::new(Format::Json);
    options.carry = Some(carry);
    let source = SourceFile::new("t.net", text);
    numbers_only(
        &explain(&source, &options)
            .unwrap_or_else(|e| panic!("{text}\n{e:?}"))
            .text,
    )
}

#[test]
fn restating_a_built_in_activation_gives_its_numbers_in_every_carry_mode() {
    let restatements = [
        ("sigmoid", "1 / (1 + exp(-z))"),
        ("tanh", "(exp(z) - exp(-z)) / (exp(z) + exp(-z))"),
        ("relu", "max(0, z)"),
        ("leaky_relu", "if z > 0 then z else 0.01 * z"),
        ("identity", "z"),
        ("softplus", "ln(1 + exp(z))"),
    ];
    for (built_in, formula) in restatements {
        let ours = format!("activation mine(z) = {formula}");
        for carry in [Carry::Step, Carry::Quantity, Carry::Exact] {
            assert_eq!(
                key(
                    &network_text("", built_in, built_in, "half_squared_error"),
                    carry
                ),
                key(
                    &network_text(&ours, "mine", "mine", "half_squared_error"),
                    carry
                ),
                "{built_in} restated as {formula} under carry = {carry:?}"
            );
        }
    }
}

#[test]
fn restating_a_built_in_loss_gives_its_numbers_in_every_carry_mode() {
    let restatements = [
        ("half_squared_error", "(y - yhat)^2 / 2", false),
        ("squared_error", "(y - yhat)^2", false),
        ("mean_squared_error", "(y - yhat)^2", false),
        (
            "binary_cross_entropy",
            "-(y * ln(yhat) + (1 - y) * ln(1 - yhat))",
            false,
        ),
        ("cross_entropy", "-y * ln(yhat)", true),
    ];
    for (built_in, formula, softmax) in restatements {
        let ours = format!("loss mine(y, yhat) = {formula}");
        let text = |definitions: &str, loss: &str| {
            if softmax {
                softmax_text(definitions, loss)
            } else {
                network_text(definitions, "sigmoid", "sigmoid", loss)
            }
        };
        for carry in [Carry::Step, Carry::Quantity, Carry::Exact] {
            assert_eq!(
                key(&text("", built_in), carry),
                key(&text(&ours, "mine"), carry),
                "{built_in} restated as {formula} under carry = {carry:?}"
            );
        }
    }
}

// ---------------------------------------------------------------------------
// Errors, pieces and kinks in reports
// ---------------------------------------------------------------------------

#[test]
fn arithmetic_outside_a_definitions_domain_names_the_unit_the_example_and_the_line() {
    let text = "activation root(z) = sqrt(z)\n\
                examples {\n  [1, 0] -> [1]\n  [0, 1] -> [0]\n}\n\
                layer hidden { activation = root W = [[0.5, 0.3], [0.2, -0.8]] b = [0.1, 0.2] }\n\
                layer output { activation = sigmoid W = [[0.7, -0.5]] b = [0.05] }\n\
                loss = half_squared_error\nlearning_rate = 0.5\n";
    let source = SourceFile::new("t.net", text);
    let Err(Error::Numeric(diagnostic)) = explain(&source, &Options::new(Format::Markdown)) else {
        panic!("expected an arithmetic error");
    };
    assert!(
        diagnostic.message.contains("unit 2 in layer `hidden`"),
        "{}",
        diagnostic.message
    );
    assert!(
        diagnostic.message.contains("(example 2)"),
        "{}",
        diagnostic.message
    );
    assert!(
        diagnostic.message.contains("square root"),
        "{}",
        diagnostic.message
    );
    assert_eq!(source.line_col(diagnostic.primary.span.start).0, 1);
    assert!(
        diagnostic
            .help
            .as_deref()
            .is_some_and(|h| h.contains("`root`"))
    );
}

#[test]
fn reports_say_which_piece_applies_and_name_units_at_a_kink() {
    let text = "activation lrelu3(z) = if z > 0 then z else 0.3 * z\n\
                input x = [1, 0]\ntarget y = [1]\n\
                layer hidden { activation = relu W = [[0.5, -0.3], [0.2, 0.8]] b = [-0.5, 0.1] }\n\
                layer middle { activation = lrelu3 W = [[1, 0], [0, -1]] b = [0, 0] }\n\
                layer output { activation = sigmoid W = [[0.7, 0.2]] b = [0.05] }\n\
                loss = half_squared_error\nlearning_rate = 0.5\n";
    let markdown = render(text, Format::Markdown);
    // z of hidden unit 1 is 0.5 − 0.5 = 0: relu′ is taken as 0 there.
    assert!(
        markdown.contains("the argument $z^{(1)}_{1}$ is exactly 0"),
        "{markdown}"
    );
    // middle unit 1 sees z = 0 (the boundary), unit 2 a negative z.
    assert!(markdown.contains("are equal"), "{markdown}");
    assert!(markdown.contains("does not hold"), "{markdown}");
    assert!(markdown.contains("### Functions defined by formulas"));
    assert!(markdown.contains("\\operatorname{lrelu3}'(z) = \\begin{cases} 1"));
}

#[test]
fn log_cosh_has_the_slope_a_reader_writes() {
    let text = network_text(
        "loss logcosh(y, yhat) = ln(cosh(yhat - y))",
        "sigmoid",
        "identity",
        "logcosh",
    );
    let markdown = render(&text, Format::Markdown);
    assert!(
        markdown.contains("\\operatorname{logcosh}(y, \\hat y) = \\tanh\\left(\\hat y - y\\right)")
    );
    assert!(
        !markdown.contains("\\tfrac{1}{2}"),
        "no halves in the slope"
    );
}

// ---------------------------------------------------------------------------
// `check` knows every function of the table and of the file
// ---------------------------------------------------------------------------

#[test]
fn check_claims_every_function_of_the_table_and_of_the_file() {
    let s = |x: f64| 1.0 / (1.0 + (-x).exp());
    let cases: Vec<(String, f64)> = vec![
        ("sigmoid(0.6)".into(), s(0.6)),
        ("sigmoid'(0.6)".into(), s(0.6) * (1.0 - s(0.6))),
        ("tanh(0.5)".into(), 0.5f64.tanh()),
        ("tanh'(0.5)".into(), 1.0 - 0.5f64.tanh().powi(2)),
        ("relu(-2)".into(), 0.0),
        ("relu(1.5)".into(), 1.5),
        ("relu'(1.5)".into(), 1.0),
        ("leaky_relu(-2)".into(), -0.02),
        ("leaky_relu(-2, 0.2)".into(), -0.4),
        ("leaky_relu'(-2)".into(), 0.01),
        ("identity(0.7)".into(), 0.7),
        ("elu(-0.5)".into(), (-0.5f64).exp_m1()),
        ("elu(-0.5, 2)".into(), 2.0 * (-0.5f64).exp_m1()),
        ("elu'(-0.5)".into(), (-0.5f64).exp()),
        ("identity'(0.7)".into(), 1.0),
        ("softplus(0.3)".into(), 0.3f64.exp().ln_1p()),
        ("softplus'(0.3)".into(), s(0.3)),
        ("sqrt(2)".into(), 2f64.sqrt()),
        ("abs(-0.4)".into(), 0.4),
        ("cosh(1.2)".into(), 1.2f64.cosh()),
        ("sinh(1.2)".into(), 1.2f64.sinh()),
        ("cosh'(1.2)".into(), 1.2f64.sinh()),
        ("max(0.3, -1)".into(), 0.3),
        ("min(0.3, -1)".into(), -1.0),
        ("half_squared_error(1, 0.6)".into(), 0.08),
        ("squared_error(1, 0.6)".into(), 0.16),
        ("mean_squared_error(1, 0.6)".into(), 0.16),
        ("binary_cross_entropy(1, 0.8)".into(), -(0.8f64.ln())),
        ("cross_entropy(1, 0.8)".into(), -(0.8f64.ln())),
        ("swish(0.3)".into(), 0.3 * s(0.3)),
        ("swish'(0.3)".into(), s(0.3) + 0.3 * s(0.3) * (1.0 - s(0.3))),
        ("lrelu3(-1)".into(), -0.3),
        ("logcosh(0.5, 0.8)".into(), 0.3f64.cosh().ln()),
    ];
    let mut claims_text = String::new();
    for (formula, value) in &cases {
        claims_text.push_str(&format!("{formula} = {value:.6}\n"));
    }
    let path = "examples/user-defined-functions.net";
    let text = std::fs::read_to_string(path).expect("the example");
    let network = load(&SourceFile::new(path, text), &Options::new(Format::Json)).expect("valid");
    let source = SourceFile::new("claims.txt", claims_text.as_str());
    let lines = claims::parse(&source, &Functions::of(&network));
    let audit = judge(&network, &lines, Rounding::HalfUp);
    assert_eq!(audit.entries.len(), cases.len());
    for (entry, (formula, _)) in audit.entries.iter().zip(&cases) {
        match entry {
            Entry::Judged(j) => assert_eq!(j.verdict, Verdict::Correct, "{formula}: {j:?}"),
            Entry::Problem { diagnostic, .. } => panic!("{formula}: {}", diagnostic.message),
        }
    }
}

#[test]
fn check_is_right_at_saturation_and_says_when_a_tie_cannot_be_decided() {
    let claims_text = "tanh(5000) = 1.0\nσ′(9000) = 0.0\nσ(-9001) = 0.0000\n\
                       tanh(1) + tanh(−1) + 0.05 = 0.1\nln(exp(0.05)) = 0.1\n";
    let path = "examples/textbook-2-2-1.net";
    let text = std::fs::read_to_string(path).expect("the example");
    let network = load(&SourceFile::new(path, text), &Options::new(Format::Json)).expect("valid");
    let source = SourceFile::new("claims.txt", claims_text);
    let audit = judge(
        &network,
        &claims::parse(&source, &Functions::of(&network)),
        Rounding::HalfUp,
    );
    let verdicts: Vec<&Verdict> = audit
        .entries
        .iter()
        .map(|e| match e {
            Entry::Judged(j) => &j.verdict,
            Entry::Problem { diagnostic, .. } => panic!("{}", diagnostic.message),
        })
        .collect();
    for verdict in &verdicts[..4] {
        assert_eq!(**verdict, Verdict::Correct);
    }
    assert!(
        matches!(verdicts[4], Verdict::Undecided(_)),
        "{:?}",
        verdicts[4]
    );
    assert!(!audit.all_correct());
}

#[test]
fn defined_formulas_count_against_the_training_budget() {
    let formula = (1..25)
        .map(|i| {
            format!(
                "sigmoid({} * z) * tanh(z - {})",
                f64::from(i) / 10.0,
                f64::from(i) / 10.0
            )
        })
        .collect::<Vec<_>>()
        .join(" + ");
    let text = |steps: u32| {
        format!(
            "activation q(z) = {formula}\ninput x = [0.3]\ntarget y = [0.5]\n\
             layer h {{ activation = q W = [[0.5]] b = [0.1] }}\n\
             layer o {{ activation = identity W = [[0.7]] b = [0.05] }}\n\
             loss = half_squared_error\nlearning_rate = 0.01\nsteps = {steps}\n"
        )
    };
    let started = std::time::Instant::now();
    // 50,000 steps of a 4-parameter network are within the budget with
    // built-in functions; with this formula (cost 484) they are refused at once.
    match load(
        &SourceFile::new("t.net", text(50_000)),
        &Options::new(Format::Json),
    ) {
        Err(Error::Input(d)) => assert!(
            d[0].message.contains("count as 484 more"),
            "{}",
            d[0].message
        ),
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert!(started.elapsed().as_secs() < 2);
    assert!(
        load(
            &SourceFile::new("t.net", text(400)),
            &Options::new(Format::Json)
        )
        .is_ok()
    );
}

proptest! {
    #![proptest_config(Config { cases: 300, failure_persistence: None, rng_seed: RngSeed::Fixed(13), ..Config::default() })]

    /// Any formula text, however garbled, is refused with located errors or
    /// renders (or fails with an arithmetic error): never a panic.
    #[test]
    fn garbled_definitions_never_panic(
        tokens in prop::collection::vec(
            "(z|y|yhat|x|0|0\\.5|-3|1e-3|\\+|-|\\*|/|\\^|\\(|\\)|,|sigmoid|sqrt|ln|exp|abs|max|min|cosh|relu|if|then|else|>|<=|f|g|swish|sigmoid\\(z\\)|\\(1/2\\))",
            0..24,
        ),
        kind in 0..3usize,
    ) {
        let formula = tokens.join(" ");
        let definition = match kind {
            0 => format!("activation f(z) = {formula}"),
            1 => format!("activation g(z) = z\nactivation f(z) = {formula}"),
            _ => format!("loss f(y, yhat) = {formula}"),
        };
        let (activation, loss) = if kind == 2 { ("sigmoid", "f") } else { ("f", "half_squared_error") };
        let text = format!(
            "{definition}\ninput x = [1, -2]\ntarget y = [0.5]\n\
             layer h {{ activation = {activation} W = [[0.5, -0.3]] b = [0.1] }}\n\
             loss = {loss}\nlearning_rate = 0.5\n"
        );
        let source = SourceFile::new("garbled.net", text.as_str());
        for format in [Format::Markdown, Format::Json] {
            match explain(&source, &Options::new(format)) {
                Ok(report) => prop_assert!(!report.text.is_empty()),
                Err(Error::Input(d)) => prop_assert!(!d.is_empty()),
                Err(Error::Numeric(d)) => prop_assert!(!d.message.is_empty()),
                Err(Error::Budget(refusal)) => prop_assert!(!refusal.message.is_empty()),
                Err(Error::Render(e)) => prop_assert!(false, "{text}\n{e}"),
                Err(Error::Usage(e)) => prop_assert!(false, "no flags were given: {e}"),
                Err(Error::Typeset(e)) => prop_assert!(false, "no PDF was asked for: {e}"),
            }
        }
    }
}

/// Each activation card's range and slope bound, checked on a dense grid
/// (z from −12 to 12 in steps of 0.1, and either side of 0) against the
/// card's formula and its derivative from the symbolic core, at 60
/// decimals: every value keeps the bound, a bound said to be reached is
/// reached, and one only approached comes within 10⁻³ on the grid (so the
/// bound is the tightest, not merely true).
#[test]
fn every_card_range_and_slope_bound_holds_on_a_dense_grid() {
    use functions::{End, Range, SlopeBound};
    let mut grid: Vec<BigRational> = (-120..=120)
        .map(|k| BigRational::new(BigInt::from(k), BigInt::from(10)))
        .collect();
    let tiny = BigRational::new(BigInt::from(1), BigInt::from(10).pow(9));
    grid.extend([tiny.clone(), -tiny]);
    let close = BigRational::new(BigInt::from(1), BigInt::from(1000));
    let mut cases: Vec<(&functions::ActivationCard, Vec<functions::Argument>)> = Vec::new();
    for card in functions::ACTIVATIONS {
        let defaults: Vec<functions::Argument> = card
            .parameters
            .iter()
            .map(|p| p.default_argument())
            .collect();
        cases.push((card, defaults));
        for text in ["0.2", "0.5", "2"] {
            if let Some(parameter) = card.parameters.first() {
                let value = q(text);
                if parameter.admits(&value) {
                    cases.push((
                        card,
                        vec![functions::Argument {
                            value,
                            text: text.to_owned(),
                        }],
                    ));
                }
            }
        }
    }
    let mut checked = 0;
    for (card, arguments) in cases {
        let name = format!(
            "{}({:?})",
            card.name(),
            arguments.iter().map(|a| &a.text).collect::<Vec<_>>()
        );
        let Shape::Elementwise(formula) = card.shape else {
            assert_eq!((card.range)(&arguments), Range::Distribution, "{name}");
            assert!((card.slope)(&arguments).is_none(), "{name}");
            continue;
        };
        let f = Expr::of_formula(&formula(&arguments));
        let slope = simplify(&differentiate_by(
            &f,
            &Atom::Var(Var::Z),
            &mut Trace::default(),
        ));
        let values: Vec<BigRational> = grid
            .iter()
            .map(|z| value(&at(&f, &[(Var::Z, z)])))
            .collect();
        let slopes: Vec<BigRational> = grid
            .iter()
            .map(|z| value(&at(&slope, &[(Var::Z, z)])))
            .collect();
        // The range: every value inside; each end reached or approached.
        let end_holds = |end: &End, lower: bool| {
            for v in &values {
                let ok = match (lower, end.reached) {
                    (true, true) => *v >= end.value,
                    (true, false) => *v > end.value,
                    (false, true) => *v <= end.value,
                    (false, false) => *v < end.value,
                };
                assert!(ok, "{name}: value {v} outside its end {end:?}");
            }
            let nearest = values
                .iter()
                .map(|v| (v - &end.value).abs())
                .min()
                .expect("values");
            if end.reached {
                assert!(
                    nearest.is_zero_value(),
                    "{name}: end {end:?} said to be reached"
                );
            } else {
                assert!(nearest < close, "{name}: end {end:?} not approached");
            }
        };
        match (card.range)(&arguments) {
            Range::Everything => {
                let low = values.iter().min().expect("values");
                let high = values.iter().max().expect("values");
                assert!(
                    *low < q("-0.1") && *high > q("10"),
                    "{name}: said to take every value"
                );
            }
            Range::Interval { low, high } => {
                if let Some(low) = &low {
                    end_holds(low, true);
                }
                if let Some(high) = &high {
                    end_holds(high, false);
                } else {
                    assert!(
                        *values.iter().max().expect("values") > q("10"),
                        "{name}: unbounded above"
                    );
                }
            }
            Range::Distribution => panic!("{name}: an elementwise function is no distribution"),
        }
        // The slope bound.
        match (card.slope)(&arguments).expect("an elementwise card has a slope bound") {
            SlopeBound::AtMost(max) => {
                for s in &slopes {
                    assert!(!s.is_negative(), "{name}: negative slope {s}");
                    assert!(
                        if max.reached {
                            *s <= max.value
                        } else {
                            *s < max.value
                        },
                        "{name}: slope {s} above {max:?}"
                    );
                }
                let largest = slopes.iter().max().expect("slopes");
                if max.reached {
                    assert_eq!(*largest, max.value, "{name}: {max:?} said to be reached");
                } else {
                    assert!(
                        &max.value - largest < close,
                        "{name}: {max:?} not approached"
                    );
                }
            }
            SlopeBound::OneOf(allowed) => {
                for s in &slopes {
                    assert!(allowed.contains(s), "{name}: slope {s} not in {allowed:?}");
                }
                for a in &allowed {
                    assert!(slopes.contains(a), "{name}: slope {a} never taken");
                }
            }
        }
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} cards checked");
}

trait ZeroValue {
    fn is_zero_value(&self) -> bool;
}

impl ZeroValue for BigRational {
    fn is_zero_value(&self) -> bool {
        *self == BigRational::from_integer(0.into())
    }
}
