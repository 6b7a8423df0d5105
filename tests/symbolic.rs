//! The symbolic core, written as s-expressions (egg's `test_fn!` style):
//! `differentiate` and `simplify` on hand-written formulas, one test per
//! `Func` and per rule, every derivative also checked numerically against a
//! central difference of an `f64` evaluation written here; then the update
//! programs of small networks read from `.net` text (activation slopes,
//! their textbook forms, the softmax Jacobian, the collapses to ŷ − y).

use std::collections::{BTreeMap, BTreeSet};

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::ToPrimitive;

use longhand::model::ids::{LayerId, UnitId};
use longhand::source::SourceFile;
use longhand::symbolic::normal::{apply_targets_sum_to_one, normalize, to_expr};
use longhand::symbolic::rules::{Trace, computable_form, differentiate, local_derivative};
use longhand::symbolic::simplify::{factor_common, simplify};
use longhand::symbolic::{
    Atom, Definition, Expr, Func, Node, Quantity, Relation, RuleName, Symbol, update_program,
};
use longhand::{Format, Options, load};

// ---------------------------------------------------------------------------
// Reading s-expressions: `(* 1/2 (^ (+ y1 (- a2_1)) 2))`, with the symbol
// names `Symbol::plain_name` prints (x1, y1, z1_2, a2_1, W2_1_2, b1_1, eta).
// ---------------------------------------------------------------------------

fn symbol(name: &str) -> Symbol {
    let numbers = |rest: &str| -> Vec<usize> {
        rest.split('_')
            .map(|n| n.parse::<usize>().expect("1-based index") - 1)
            .collect()
    };
    let quantity = match name.split_at(1) {
        ("x", rest) => Quantity::Input {
            unit: UnitId(numbers(rest)[0]),
        },
        ("y", rest) => Quantity::Target {
            unit: UnitId(numbers(rest)[0]),
        },
        ("z", rest) => {
            let n = numbers(rest);
            Quantity::PreActivation {
                layer: LayerId(n[0]),
                unit: UnitId(n[1]),
            }
        }
        ("a", rest) => {
            let n = numbers(rest);
            Quantity::Activation {
                layer: LayerId(n[0]),
                unit: UnitId(n[1]),
            }
        }
        ("W", rest) => {
            let n = numbers(rest);
            Quantity::Weight {
                layer: LayerId(n[0]),
                to: UnitId(n[1]),
                from: UnitId(n[2]),
            }
        }
        ("b", rest) => {
            let n = numbers(rest);
            Quantity::Bias {
                layer: LayerId(n[0]),
                unit: UnitId(n[1]),
            }
        }
        _ if name == "eta" => Quantity::LearningRate,
        _ => panic!("unknown symbol {name}"),
    };
    Symbol::of(quantity)
}

fn function(name: &str) -> Func {
    let bracketed = |prefix: &str| {
        name.strip_prefix(prefix)
            .and_then(|rest| rest.strip_suffix(']'))
            .map(constant)
    };
    match name {
        "exp" => Func::Exp,
        "ln" => Func::Ln,
        "sigmoid" => Func::Sigmoid,
        "tanh" => Func::Tanh,
        "relu" => Func::Relu,
        "softplus" => Func::Softplus,
        "step" => Func::Step,
        "sqrt" => Func::Root(2),
        "root3" => Func::Root(3),
        "abs" => Func::Abs,
        "sign" => Func::Sign,
        "cosh" => Func::Cosh,
        "sinh" => Func::Sinh,
        _ => match (bracketed("leaky_relu["), bracketed("leaky_step[")) {
            (Some(alpha), _) => Func::LeakyRelu(alpha),
            (_, Some(alpha)) => Func::LeakyStep(alpha),
            _ => panic!("unknown function {name}"),
        },
    }
}

fn constant(text: &str) -> BigRational {
    match text.split_once('/') {
        Some((n, d)) => BigRational::new(n.parse().expect("n"), d.parse().expect("d")),
        None => BigRational::from_integer(text.parse::<BigInt>().expect("integer")),
    }
}

/// Parses one s-expression.
fn sexpr(text: &str) -> Expr {
    let spaced = text.replace('(', " ( ").replace(')', " ) ");
    let mut tokens = spaced.split_whitespace().peekable();
    let expr = parse_tokens(&mut tokens);
    assert!(tokens.next().is_none(), "trailing tokens in {text}");
    expr
}

fn parse_tokens<'a>(tokens: &mut std::iter::Peekable<impl Iterator<Item = &'a str>>) -> Expr {
    let token = tokens.next().expect("a token");
    if token != "(" {
        let numeric = token.starts_with(|c: char| c.is_ascii_digit() || c == '-');
        return if numeric {
            Expr::constant(constant(token))
        } else {
            Expr::sym(symbol(token))
        };
    }
    let head = tokens.next().expect("an operator");
    let mut items = Vec::new();
    while tokens.peek() != Some(&")") {
        items.push(parse_tokens(tokens));
    }
    tokens.next();
    let one = |mut items: Vec<Expr>| {
        assert_eq!(items.len(), 1, "{head} takes one argument");
        items.remove(0)
    };
    match head {
        "+" => Node::Add(items),
        "*" => Node::Mul(items),
        "-" => one(items).negate(),
        "^" => {
            let exponent = items
                .pop()
                .and_then(|e| e.as_const().cloned())
                .expect("power");
            one(items).pow(exponent.to_integer().to_i32().expect("small power"))
        }
        name => Expr::apply(function(name), one(items)),
    }
}

/// ∂e/∂x, simplified, with the names of the rules used.
fn derivative(e: &str, x: &str) -> (String, Vec<&'static str>) {
    let mut trace = Trace::default();
    let raw = differentiate(&sexpr(e), &symbol(x), &mut trace);
    let names = trace.rules.iter().map(|r| r.as_str()).collect();
    (simplify(&raw).to_string(), names)
}

fn simplified(e: &str) -> String {
    simplify(&sexpr(e)).to_string()
}

// ---------------------------------------------------------------------------
// An independent f64 evaluator, for numerical checks of every derivative.
// ---------------------------------------------------------------------------

fn eval(e: &Expr, at: &BTreeMap<Symbol, f64>) -> f64 {
    let f = |c: &BigRational| c.to_f64().expect("finite");
    match e {
        Node::Leaf(Atom::Const(c) | Atom::Literal(c, _)) => f(c),
        Node::Leaf(Atom::Sym(s)) => *at.get(s).unwrap_or_else(|| panic!("no value for {s}")),
        Node::Leaf(Atom::Var(v)) => panic!("a bound variable {v:?} outside its function"),
        Node::If(p) => {
            let (left, right) = (eval(&p.left, at), eval(&p.right, at));
            let holds = match p.relation {
                Relation::Less => left < right,
                Relation::LessEqual => left <= right,
                Relation::Greater => left > right,
                Relation::GreaterEqual => left >= right,
            };
            eval(if holds { &p.then } else { &p.otherwise }, at)
        }
        Node::Add(items) => items.iter().map(|i| eval(i, at)).sum(),
        Node::Mul(items) => items.iter().map(|i| eval(i, at)).product(),
        Node::Neg(inner) => -eval(inner, at),
        Node::Pow(base, n) => eval(base, at).powi(*n),
        Node::Apply(func, inner) => {
            let u = eval(inner, at);
            match func {
                Func::Exp => u.exp(),
                Func::Ln => u.ln(),
                Func::Sigmoid => 1.0 / (1.0 + (-u).exp()),
                Func::Tanh => u.tanh(),
                Func::Relu => u.max(0.0),
                Func::LeakyRelu(alpha) if u <= 0.0 => f(alpha) * u,
                Func::LeakyRelu(_) => u,
                Func::Softplus => u.exp().ln_1p(),
                Func::Step => f64::from(u8::from(u > 0.0)),
                Func::LeakyStep(alpha) if u <= 0.0 => f(alpha),
                Func::LeakyStep(_) => 1.0,
                Func::Root(n) => u.signum() * u.abs().powf(1.0 / f64::from(*n)),
                Func::Abs => u.abs(),
                Func::Sign if u == 0.0 => 0.0,
                Func::Sign => u.signum(),
                Func::Cosh => u.cosh(),
                Func::Sinh => u.sinh(),
                Func::Named(named) => {
                    let body = Expr::instantiate(&named.body, &|_| {
                        Expr::constant(BigRational::from_float(u).expect("finite"))
                    });
                    eval(&body, at)
                }
            }
        }
    }
}

/// Checks ∂e/∂x against (e(x + h) − e(x − h)) / 2h at a point.
fn check_numerically(e: &str, x: &str, point: &[(&str, f64)]) {
    let at: BTreeMap<Symbol, f64> = point.iter().map(|(n, v)| (symbol(n), *v)).collect();
    let expr = sexpr(e);
    let mut trace = Trace::default();
    let symbolic = eval(
        &simplify(&differentiate(&expr, &symbol(x), &mut trace)),
        &at,
    );
    let h = 1e-6;
    let shifted = |delta: f64| {
        let mut moved = at.clone();
        *moved.get_mut(&symbol(x)).expect("x has a value") += delta;
        eval(&expr, &moved)
    };
    let numeric = (shifted(h) - shifted(-h)) / (2.0 * h);
    assert!(
        (symbolic - numeric).abs() <= 1e-6 + 1e-4 * numeric.abs(),
        "d/d{x} of {e} at {point:?}: symbolic {symbolic}, central difference {numeric}"
    );
}

// ---------------------------------------------------------------------------
// Expressions
// ---------------------------------------------------------------------------

#[test]
fn s_expressions_print_as_they_are_read() {
    for text in [
        "(* 1/2 (^ (+ y1 (- a2_1)) 2))",
        "(sigmoid (+ (* W1_1_1 x1) b1_1))",
        "(leaky_relu[1/10] z1_1)",
        "(leaky_step[1/100] z1_1)",
        "(+ W1_1_1 (- (* eta x1)))",
        "(^ (+ 1 (exp (- z1_1))) -1)",
    ] {
        assert_eq!(sexpr(text).to_string(), text);
    }
}

#[test]
fn every_function_has_its_local_derivative() {
    let u = sexpr("z1_1");
    let cases = [
        (Func::Exp, "(exp z1_1)", RuleName::ExpDerivative),
        (Func::Ln, "(^ z1_1 -1)", RuleName::LnDerivative),
        (
            Func::Sigmoid,
            "(* (sigmoid z1_1) (+ 1 (- (sigmoid z1_1))))",
            RuleName::SigmoidDerivative,
        ),
        (
            Func::Tanh,
            "(+ 1 (- (^ (tanh z1_1) 2)))",
            RuleName::TanhDerivative,
        ),
        (Func::Relu, "(step z1_1)", RuleName::ReluDerivative),
        (
            function("leaky_relu[1/10]"),
            "(leaky_step[1/10] z1_1)",
            RuleName::LeakyReluDerivative,
        ),
        (
            Func::Softplus,
            "(sigmoid z1_1)",
            RuleName::SoftplusDerivative,
        ),
        (Func::Step, "0", RuleName::StepDerivative),
        (function("leaky_step[1/10]"), "0", RuleName::StepDerivative),
    ];
    for (func, want, rule) in cases {
        let (got, got_rule) = local_derivative(&func, &u);
        assert_eq!((got.to_string().as_str(), got_rule), (want, rule), "{func}");
    }
}

#[test]
fn chain_rule_through_every_function() {
    // d/dW of f(W·x + b): f′(W·x + b) · x.
    let inner = "(+ (* W1_1_1 x1) b1_1)";
    let cases = [
        ("exp", "(* (exp INNER) x1)", "exp-derivative"),
        ("ln", "(* (^ INNER -1) x1)", "ln-derivative"),
        (
            "sigmoid",
            "(* (sigmoid INNER) (+ 1 (- (sigmoid INNER))) x1)",
            "sigmoid-derivative",
        ),
        (
            "tanh",
            "(* (+ 1 (- (^ (tanh INNER) 2))) x1)",
            "tanh-derivative",
        ),
        ("relu", "(* (step INNER) x1)", "relu-derivative"),
        (
            "leaky_relu[1/5]",
            "(* (leaky_step[1/5] INNER) x1)",
            "leaky-relu-derivative",
        ),
        ("softplus", "(* (sigmoid INNER) x1)", "softplus-derivative"),
        ("step", "0", "step-derivative"),
        ("leaky_step[1/5]", "0", "step-derivative"),
    ];
    for (name, want, rule) in cases {
        let e = format!("({name} {inner})");
        let (got, rules) = derivative(&e, "W1_1_1");
        assert_eq!(got, want.replace("INNER", inner), "d/dW of {e}");
        assert_eq!(rules, ["chain-rule", rule, "sum-rule"], "rules for {e}");
    }
}

#[test]
fn every_function_differentiates_correctly_in_numbers() {
    let inner = "(+ (* W1_1_1 x1) b1_1)";
    // Points away from the kinks of relu, leaky_relu and the steps.
    let points: [[(&str, f64); 3]; 4] = [
        [("W1_1_1", 0.7), ("x1", 1.3), ("b1_1", -0.2)],
        [("W1_1_1", -0.4), ("x1", 2.0), ("b1_1", 0.1)],
        [("W1_1_1", 1.9), ("x1", -0.6), ("b1_1", 3.0)],
        [("W1_1_1", 0.05), ("x1", 0.5), ("b1_1", 0.9)],
    ];
    for name in [
        "exp",
        "ln",
        "sigmoid",
        "tanh",
        "relu",
        "leaky_relu[1/5]",
        "softplus",
        "step",
        "leaky_step[1/5]",
    ] {
        for point in &points {
            let e = format!("({name} {inner})");
            let positive = point[0].1 * point[1].1 + point[2].1 > 0.0;
            if name == "ln" && !positive {
                continue;
            }
            for x in ["W1_1_1", "x1", "b1_1"] {
                check_numerically(&e, x, point);
            }
        }
    }
}

#[test]
fn sum_product_and_power_rules() {
    let cases = [
        // d/dx (x + y) = 1
        ("(+ x1 y1)", "x1", "1", vec!["sum-rule"]),
        // d/dx (x·y) = y: one factor depends on x, so no product rule
        ("(* x1 y1)", "x1", "y1", vec![]),
        // d/dx (x·x·y) = y·x + x·y (the product rule; terms are not collected)
        ("(* x1 x1 y1)", "x1", "(* 2 x1 y1)", vec!["product-rule"]),
        // d/dx x³ = 3x²
        ("(^ x1 3)", "x1", "(* 3 (^ x1 2))", vec!["power-rule"]),
        // d/dx x⁻¹ = −x⁻²
        ("(^ x1 -1)", "x1", "(- (^ x1 -2))", vec!["power-rule"]),
        // d/dx −x = −1
        ("(- x1)", "x1", "-1", vec![]),
        // d/dx of something without x is 0
        ("(exp y1)", "x1", "0", vec![]),
        // d/dŷ ½(y − ŷ)² = −(y − ŷ)
        (
            "(* 1/2 (^ (+ y1 (- a2_1)) 2))",
            "a2_1",
            "(- (+ y1 (- a2_1)))",
            vec!["power-rule", "sum-rule"],
        ),
        // d/dŷ (y − ŷ)² = −2(y − ŷ)
        (
            "(^ (+ y1 (- a2_1)) 2)",
            "a2_1",
            "(- (* 2 (+ y1 (- a2_1))))",
            vec!["power-rule", "sum-rule"],
        ),
        // d/dŷ of −[y ln ŷ + (1 − y) ln(1 − ŷ)] = −(y/ŷ − (1 − y)/(1 − ŷ))
        (
            "(- (+ (* y1 (ln a2_1)) (* (+ 1 (- y1)) (ln (+ 1 (- a2_1))))))",
            "a2_1",
            "(- (+ (* y1 (^ a2_1 -1)) (- (* (+ 1 (- y1)) (^ (+ 1 (- a2_1)) -1)))))",
            vec!["sum-rule", "chain-rule", "ln-derivative"],
        ),
    ];
    for (e, x, want, rules) in cases {
        let (got, got_rules) = derivative(e, x);
        assert_eq!(got, want, "d/d{x} of {e}");
        assert_eq!(got_rules, rules, "rules of d/d{x} of {e}");
        let point = [("x1", 0.8), ("y1", 0.3), ("a2_1", 0.6)];
        check_numerically(e, x, &point);
    }
}

#[test]
fn simplification_rewrites() {
    let cases = [
        ("(+ x1 0)", "x1"),
        ("(+ 0 0)", "0"),
        ("(* x1 1)", "x1"),
        ("(* x1 0)", "0"),
        ("(* 0 (exp x1))", "0"),
        ("(+ 1 x1 2)", "(+ 3 x1)"),
        ("(* 2 x1 3)", "(* 6 x1)"),
        ("(* 1/2 2)", "1"),
        ("(+ (+ x1 y1) (+ x2 y2))", "(+ x1 y1 x2 y2)"),
        ("(* (* x1 y1) x2)", "(* x1 y1 x2)"),
        ("(+ x1 (- (+ y1 y2)))", "(+ x1 (- y1) (- y2))"),
        ("(- (- x1))", "x1"),
        ("(- 3)", "-3"),
        ("(* (- x1) y1)", "(- (* x1 y1))"),
        ("(* (- x1) (- y1))", "(* x1 y1)"),
        ("(* -2 x1)", "(- (* 2 x1))"),
        ("(* x1 x1)", "(^ x1 2)"),
        ("(* x1 (^ x1 -1))", "1"),
        ("(* (^ (+ 1 x1) -1) (+ 1 x1) y1)", "y1"),
        ("(^ x1 1)", "x1"),
        ("(^ x1 0)", "1"),
        ("(^ (^ x1 2) 3)", "(^ x1 6)"),
        ("(^ 2 3)", "8"),
        ("(^ 1/2 -2)", "4"),
        ("(exp 0)", "1"),
        ("(ln 1)", "0"),
        ("(sigmoid (+ x1 0))", "(sigmoid x1)"),
    ];
    for (e, want) in cases {
        assert_eq!(simplified(e), want, "simplify {e}");
        // Simplifying again changes nothing (a fixed point).
        assert_eq!(simplified(want), want, "simplify {want} again");
    }
}

#[test]
fn simplification_keeps_values() {
    let point = [("x1", 0.7), ("y1", -1.3), ("x2", 2.1), ("y2", 0.4)];
    let at: BTreeMap<Symbol, f64> = point.iter().map(|(n, v)| (symbol(n), *v)).collect();
    for e in [
        "(* (+ x1 (- y1)) (^ (+ x1 (- y1)) -1) x2)",
        "(+ (* 2 x1 (- y1)) (- (* 3 (- x2))) (^ (^ y2 -1) 2))",
        "(* (- (+ x1 1)) (- (exp (+ y1 0))) (^ (* x1 x2) 2))",
    ] {
        let before = eval(&sexpr(e), &at);
        let after = eval(&simplify(&sexpr(e)), &at);
        assert!(
            (before - after).abs() <= 1e-12 * before.abs(),
            "{e}: {before} vs {after}"
        );
    }
}

#[test]
fn common_factors_come_out() {
    let factored = |e: &str| factor_common(&sexpr(e)).to_string();
    assert_eq!(
        factored("(+ a1_1 (- (^ a1_1 2)))"),
        "(* a1_1 (+ 1 (- a1_1)))"
    );
    assert_eq!(factored("(- (* a2_1 a2_2))"), "(- (* a2_1 a2_2))");
}

#[test]
fn expanded_definitions_compute_by_hand() {
    let expanded = |e: &str| computable_form(&sexpr(e)).to_string();
    assert_eq!(expanded("(sigmoid z1_1)"), "(^ (+ 1 (exp (- z1_1))) -1)");
    assert_eq!(
        expanded("(tanh z1_1)"),
        "(* (+ (exp z1_1) (- (exp (- z1_1)))) (^ (+ (exp z1_1) (exp (- z1_1))) -1))"
    );
    assert_eq!(expanded("(softplus z1_1)"), "(ln (+ 1 (exp z1_1)))");
    assert_eq!(expanded("(relu z1_1)"), "(relu z1_1)");
    // The expanded forms have the same values.
    for z in [-3.0, -0.6, 0.0, 0.25, 4.0] {
        let at = BTreeMap::from([(symbol("z1_1"), z)]);
        for f in ["sigmoid", "tanh", "softplus"] {
            let e = format!("({f} z1_1)");
            let (a, b) = (
                eval(&sexpr(&e), &at),
                eval(&computable_form(&sexpr(&e)), &at),
            );
            assert!((a - b).abs() < 1e-14, "{e} at {z}: {a} vs {b}");
        }
    }
}

#[test]
fn chain_rule_products_collapse_to_yhat_minus_y() {
    // σ with binary cross-entropy: −(y/ŷ − (1 − y)/(1 − ŷ)) · ŷ(1 − ŷ) = ŷ − y.
    let product = "(- (* (+ (* y1 (^ a2_1 -1)) (- (* (+ 1 (- y1)) (^ (+ 1 (- a2_1)) -1)))) \
                   a2_1 (+ 1 (- a2_1))))";
    let poly = normalize(&sexpr(product)).expect("small enough");
    assert_eq!(to_expr(&poly).to_string(), "(+ a2_1 (- y1))");
    // softmax with cross-entropy, unit 1 of 2: Σ y_k a_1 − y_1, then Σ y = 1.
    let product = "(+ (- (* y1 (+ 1 (- a2_1)))) (* y2 a2_1))";
    let poly = normalize(&sexpr(product)).expect("small enough");
    assert_eq!(
        to_expr(&poly).to_string(),
        "(+ (* y1 a2_1) (* y2 a2_1) (- y1))"
    );
    let targets = [symbol("y1"), symbol("y2")];
    let summed = apply_targets_sum_to_one(&poly, &targets).expect("the pattern occurs");
    assert_eq!(to_expr(&summed).to_string(), "(+ a2_1 (- y1))");
    // Without every target in the pattern, nothing is replaced.
    let poly = normalize(&sexpr("(* y1 a2_1)")).expect("small");
    assert!(apply_targets_sum_to_one(&poly, &targets).is_none());
}

// ---------------------------------------------------------------------------
// Update programs of networks written as `.net` text
// ---------------------------------------------------------------------------

/// The update program of a network, by target name.
fn program(text: &str) -> BTreeMap<String, Definition> {
    let network = load(
        &SourceFile::new("test.net", text),
        &Options::new(Format::Json),
    )
    .unwrap_or_else(|e| panic!("{e:?} in\n{text}"));
    update_program(&network)
        .definitions
        .into_iter()
        .map(|d| (d.target.to_string(), d))
        .collect()
}

/// A 2-2-K network with the given activations, loss and targets.
fn network(hidden: &str, output: &str, loss: &str, targets: &str) -> String {
    let k = targets.split(',').count();
    let rows: Vec<String> = (0..k)
        .map(|i| format!("[{}, {}]", 0.1 * (i as f64 + 1.0), -0.2 + 0.3 * i as f64))
        .collect();
    let biases = vec!["0.05"; k].join(", ");
    format!(
        "input x = [1, 0.5]\ntarget y = [{targets}]\n\
         layer hidden {{ activation = {hidden}\n W = [[0.5, -0.3], [0.2, 0.8]]\n b = [0.1, -0.2] }}\n\
         layer output {{ activation = {output}\n W = [{}]\n b = [{biases}] }}\n\
         loss = {loss}\nlearning_rate = 0.5\n",
        rows.join(", ")
    )
}

fn formula(definitions: &BTreeMap<String, Definition>, target: &str) -> String {
    definitions[target].formula.to_string()
}

/// The form that is computed, and the rules of the rewrites that led to it.
fn computed(
    definitions: &BTreeMap<String, Definition>,
    target: &str,
) -> (String, Vec<&'static str>) {
    let d = &definitions[target];
    let rules = d.rewrites.iter().map(|r| r.rule.as_str()).collect();
    (d.computed().to_string(), rules)
}

#[test]
fn loss_slopes_of_the_squared_errors() {
    let half = program(&network("sigmoid", "sigmoid", "half_squared_error", "1"));
    assert_eq!(formula(&half, "dL/dyhat1"), "(- (+ y1 (- a2_1)))");
    let squared = program(&network("sigmoid", "sigmoid", "squared_error", "1, 0"));
    assert_eq!(formula(&squared, "dL/dyhat2"), "(- (* 2 (+ y2 (- a2_2))))");
    let mean = program(&network(
        "sigmoid",
        "sigmoid",
        "mean_squared_error",
        "1, 0, 0",
    ));
    assert_eq!(
        formula(&mean, "L"),
        "(* 1/3 (+ (^ (+ y1 (- a2_1)) 2) (^ (+ y2 (- a2_2)) 2) (^ (+ y3 (- a2_3)) 2)))"
    );
    assert_eq!(formula(&mean, "dL/dyhat3"), "(- (* 2/3 (+ y3 (- a2_3))))");
}

#[test]
fn activation_slopes_in_textbook_form() {
    // (activation, slope as differentiated, the form that is computed, rewrite rules)
    let cases = [
        (
            "sigmoid",
            "(* (sigmoid z1_1) (+ 1 (- (sigmoid z1_1))))",
            "(* a1_1 (+ 1 (- a1_1)))",
            vec!["substitute-definition"],
        ),
        (
            "tanh",
            "(+ 1 (- (^ (tanh z1_1) 2)))",
            "(+ 1 (- (^ a1_1 2)))",
            vec!["substitute-definition"],
        ),
        ("relu", "(step z1_1)", "(step z1_1)", vec![]),
        (
            "leaky_relu(0.1)",
            "(leaky_step[1/10] z1_1)",
            "(leaky_step[1/10] z1_1)",
            vec![],
        ),
        ("softplus", "(sigmoid z1_1)", "(sigmoid z1_1)", vec![]),
        ("identity", "1", "1", vec![]),
    ];
    for (activation, slope, form, rules) in cases {
        let p = program(&network(activation, "sigmoid", "half_squared_error", "1"));
        assert_eq!(formula(&p, "da1_1/dz1_1"), slope, "{activation}");
        assert_eq!(
            computed(&p, "da1_1/dz1_1"),
            (form.to_owned(), rules),
            "{activation}"
        );
        assert!(
            !p.contains_key("da1_1/dz1_2"),
            "{activation} is elementwise"
        );
        // The hidden error: Σ_k W_k1 δ_k, times the slope.
        assert_eq!(formula(&p, "dL/da1_1"), "(* W2_1_1 delta2_1)");
        assert_eq!(formula(&p, "delta1_1"), "(* dL/da1_1 da1_1/dz1_1)");
    }
}

#[test]
fn softmax_jacobian() {
    let p = program(&network("tanh", "softmax", "cross_entropy", "0, 1, 0"));
    for i in 1..=3 {
        for j in 1..=3 {
            let want = if i == j {
                format!("(* a2_{i} (+ 1 (- a2_{i})))")
            } else {
                format!("(- (* a2_{i} a2_{j}))")
            };
            let (got, rules) = computed(&p, &format!("da2_{i}/dz2_{j}"));
            assert_eq!(got, want, "∂a{i}/∂z{j}");
            assert_eq!(rules, ["substitute-definition"]);
        }
    }
    // Before substitution, the diagonal is e^z/S − e^(2z)/S² by the product rule.
    assert_eq!(
        formula(&p, "da2_2/dz2_2"),
        "(+ (* (exp z2_2) (^ (+ (exp z2_1) (exp z2_2) (exp z2_3)) -1)) \
         (- (* (^ (+ (exp z2_1) (exp z2_2) (exp z2_3)) -2) (^ (exp z2_2) 2))))"
    );
    assert!(p["da2_2/dz2_2"].rules.contains(&RuleName::ProductRule));
}

#[test]
fn softmax_with_cross_entropy_collapses_by_targets_summing_to_one() {
    let p = program(&network("tanh", "softmax", "cross_entropy", "0, 1, 0"));
    for i in 1..=3 {
        let (got, rules) = computed(&p, &format!("delta2_{i}"));
        assert_eq!(got, format!("(+ a2_{i} (- y{i}))"));
        assert_eq!(
            rules,
            ["chain-rule", "cancel-and-collect", "targets-sum-to-one"]
        );
        // The factors are shown but not computed.
        assert!(!p[&format!("dL/dyhat{i}")].evaluated);
        assert!(!p[&format!("da2_{i}/dz2_1")].evaluated);
    }
}

#[test]
fn sigmoid_with_binary_cross_entropy_collapses() {
    let p = program(&network(
        "sigmoid",
        "sigmoid",
        "binary_cross_entropy",
        "1, 0",
    ));
    for i in 1..=2 {
        let (got, rules) = computed(&p, &format!("delta2_{i}"));
        assert_eq!(got, format!("(+ a2_{i} (- y{i}))"));
        assert_eq!(rules, ["chain-rule", "cancel-and-collect"]);
        assert!(!p[&format!("dL/dyhat{i}")].evaluated);
    }
}

#[test]
fn identity_with_half_squared_error_collapses_and_sigmoid_does_not() {
    let identity = program(&network("relu", "identity", "half_squared_error", "1"));
    assert_eq!(
        computed(&identity, "delta2_1"),
        (
            "(+ a2_1 (- y1))".to_owned(),
            vec!["chain-rule", "cancel-and-collect"]
        )
    );
    let sigmoid = program(&network("sigmoid", "sigmoid", "half_squared_error", "1"));
    assert_eq!(
        computed(&sigmoid, "delta2_1"),
        ("(* dL/dyhat1 da2_1/dz2_1)".to_owned(), vec![])
    );
    assert!(sigmoid["dL/dyhat1"].evaluated);
}

#[test]
fn gradients_and_updates() {
    let p = program(&network("sigmoid", "sigmoid", "half_squared_error", "1, 0"));
    assert_eq!(formula(&p, "dW2_2_1"), "(* delta2_2 a1_1)");
    assert_eq!(formula(&p, "db2_2"), "delta2_2");
    assert_eq!(formula(&p, "dW1_1_2"), "(* delta1_1 x2)");
    assert_eq!(
        formula(&p, "dL/da1_2"),
        "(+ (* W2_1_2 delta2_1) (* W2_2_2 delta2_2))"
    );
    assert_eq!(formula(&p, "W'1_2_1"), "(+ W1_2_1 (- (* eta dW1_2_1)))");
    assert_eq!(formula(&p, "b'2_1"), "(+ b2_1 (- (* eta db2_1)))");
    let frozen = network("sigmoid", "sigmoid", "half_squared_error", "1")
        .replace("b = [0.1, -0.2]", "b = [0.1, -0.2] frozen");
    assert_eq!(formula(&program(&frozen), "b'1_2"), "b1_2");
}

#[test]
fn batch_gradients_are_means_of_per_example_ones() {
    let text = "examples {\n [1, 0] -> [1]\n [0, 1] -> [0]\n}\n\
                layer out { activation = sigmoid\n W = [[0.5, -0.5]]\n b = [0] }\n\
                loss = half_squared_error\nlearning_rate = 1\n";
    let p = program(text);
    assert_eq!(formula(&p, "dW1_1_2"), "(* 1/2 (+ dW1_1_2@1 dW1_1_2@2))");
    assert_eq!(formula(&p, "L"), "(* 1/2 (+ L@1 L@2))");
    assert_eq!(formula(&p, "dW1_1_2@2"), "(* delta1_1@2 x2@2)");
    let summed = program(&text.replace("learning_rate = 1", "learning_rate = 1\nreduction = sum"));
    assert_eq!(formula(&summed, "db1_1"), "(+ db1_1@1 db1_1@2)");
}

#[test]
fn every_rule_name_is_used() {
    let networks = [
        network("sigmoid", "sigmoid", "half_squared_error", "1"),
        network("tanh", "softmax", "cross_entropy", "0, 1, 0"),
        network("relu", "identity", "half_squared_error", "1"),
        network("leaky_relu(0.1)", "softplus", "squared_error", "1"),
        network("softplus", "sigmoid", "binary_cross_entropy", "1"),
    ];
    let mut used = BTreeSet::new();
    for text in &networks {
        for definition in program(text).values() {
            used.extend(definition.rules.iter().copied());
            used.extend(definition.rewrites.iter().map(|r| r.rule));
        }
    }
    // step′ = 0 is only met when differentiating a derivative again.
    let mut trace = Trace::default();
    differentiate(&sexpr("(step z1_1)"), &symbol("z1_1"), &mut trace);
    used.extend(trace.rules);
    let all = [
        RuleName::SumRule,
        RuleName::ProductRule,
        RuleName::PowerRule,
        RuleName::ChainRule,
        RuleName::ExpDerivative,
        RuleName::LnDerivative,
        RuleName::SigmoidDerivative,
        RuleName::TanhDerivative,
        RuleName::ReluDerivative,
        RuleName::LeakyReluDerivative,
        RuleName::SoftplusDerivative,
        RuleName::StepDerivative,
        RuleName::SubstituteDefinition,
        RuleName::CancelAndCollect,
        RuleName::TargetsSumToOne,
        RuleName::ExpandDefinition,
    ];
    let missing: Vec<&str> = all
        .iter()
        .filter(|r| !used.contains(r))
        .map(|r| r.as_str())
        .collect();
    assert!(missing.is_empty(), "rules never used: {missing:?}");
}

// ---------------------------------------------------------------------------
// The building blocks added for functions defined in the file
// ---------------------------------------------------------------------------

#[test]
fn the_new_building_blocks_have_their_local_derivatives() {
    let u = sexpr("z1_1");
    let cases = [
        (
            Func::Root(2),
            "(* 1/2 (^ (sqrt z1_1) -1))",
            RuleName::RootDerivative,
        ),
        (
            Func::Root(3),
            "(* 1/3 (^ (root3 z1_1) -2))",
            RuleName::RootDerivative,
        ),
        (Func::Abs, "(sign z1_1)", RuleName::AbsDerivative),
        (Func::Sign, "0", RuleName::StepDerivative),
        (Func::Cosh, "(sinh z1_1)", RuleName::CoshDerivative),
        (Func::Sinh, "(cosh z1_1)", RuleName::SinhDerivative),
    ];
    for (func, want, rule) in cases {
        let (got, got_rule) = local_derivative(&func, &u);
        assert_eq!((got.to_string().as_str(), got_rule), (want, rule), "{func}");
    }
    for (e, point) in [
        ("(sqrt (+ 1 (^ x1 2)))", 0.7),
        ("(root3 (* x1 x1 x1 2))", -1.3),
        ("(abs (* x1 3))", -0.4),
        ("(cosh (* x1 2))", 0.3),
        ("(sinh (^ x1 2))", -0.8),
    ] {
        check_numerically(e, "x1", &[("x1", point)]);
    }
}

#[test]
fn a_function_in_pieces_is_differentiated_piece_by_piece() {
    let z = Expr::sym(symbol("z1_1"));
    let pieces = Node::piecewise(
        z.clone(),
        Relation::Greater,
        Expr::int(0),
        Node::Mul(vec![z.clone(), z.clone()]),
        Node::Mul(vec![Expr::ratio(3, 10), z.clone()]),
    );
    let mut trace = Trace::default();
    let d = simplify(&differentiate(&pieces, &symbol("z1_1"), &mut trace));
    assert_eq!(d.to_string(), "(if (> z1_1 0) (* 2 z1_1) 3/10)");
    assert!(trace.rules.contains(&RuleName::PiecewiseRule));
    // max(a, b) takes a's slope at a tie (a ≥ b selects a).
    let max = Node::max(z.clone(), Expr::int(0));
    assert_eq!(max.to_string(), "(if (>= z1_1 0) z1_1 0)");
    let d = simplify(&differentiate(&max, &symbol("z1_1"), &mut Trace::default()));
    assert_eq!(d.to_string(), "(if (>= z1_1 0) 1 0)");
    // Equal pieces need no condition; a condition between constants is decided.
    let same = Node::piecewise(
        z.clone(),
        Relation::Less,
        Expr::int(1),
        z.clone(),
        z.clone(),
    );
    assert_eq!(simplify(&same).to_string(), "z1_1");
    let decided = Node::piecewise(Expr::int(2), Relation::Less, Expr::int(1), z, Expr::int(7));
    assert_eq!(simplify(&decided).to_string(), "7");
}

#[test]
fn a_defined_function_is_differentiated_through_its_formula() {
    use longhand::functions::{NamedFunction, Var, term};
    use longhand::symbolic::rules::{computable_form, definition_derivative, use_definitions};
    let swish = std::sync::Arc::new(NamedFunction {
        name: "swish".to_owned(),
        body: Node::Mul(vec![term::var(Var::Z), term::of_z(Func::Sigmoid)]),
    });
    let (d, rules) = definition_derivative(&swish);
    assert_eq!(
        d.to_string(),
        "(+ (sigmoid z) (* z (sigmoid z) (+ 1 (- (sigmoid z)))))"
    );
    assert_eq!(
        rules,
        [
            RuleName::ProductRule,
            RuleName::ChainRule,
            RuleName::SigmoidDerivative
        ]
    );
    let applied = Expr::apply(Func::Named(swish), sexpr("z1_1"));
    let (local, rule) = local_derivative(
        &Func::Named(std::sync::Arc::new(NamedFunction {
            name: "swish".to_owned(),
            body: Node::Mul(vec![term::var(Var::Z), term::of_z(Func::Sigmoid)]),
        })),
        &sexpr("z1_1"),
    );
    assert_eq!(rule, RuleName::DefinitionDerivative);
    assert_eq!(
        local.to_string(),
        "(+ (sigmoid z1_1) (* z1_1 (sigmoid z1_1) (+ 1 (- (sigmoid z1_1)))))"
    );
    assert_eq!(
        use_definitions(&applied).to_string(),
        "(* z1_1 (sigmoid z1_1))"
    );
    assert_eq!(
        computable_form(&applied).to_string(),
        "(* z1_1 (^ (+ 1 (exp (- z1_1))) -1))"
    );
}

#[test]
fn spelled_out_built_in_functions_are_recognised() {
    use longhand::symbolic::recognise::recognise;
    for (written, recognised) in [
        ("(^ (+ 1 (exp (- z1_1))) -1)", "(sigmoid z1_1)"),
        ("(^ (+ (exp (- z1_1)) 1) -1)", "(sigmoid z1_1)"),
        (
            "(* (+ (exp z1_1) (- (exp (- z1_1)))) (^ (+ (exp z1_1) (exp (- z1_1))) -1))",
            "(tanh z1_1)",
        ),
        ("(ln (+ 1 (exp z1_1)))", "(softplus z1_1)"),
        ("(* 1/2 (+ (exp z1_1) (exp (- z1_1))))", "(cosh z1_1)"),
        ("(* 1/2 (+ (exp z1_1) (- (exp (- z1_1)))))", "(sinh z1_1)"),
        (
            "(* z1_1 (^ (+ 1 (exp (- z1_1))) -1))",
            "(* z1_1 (sigmoid z1_1))",
        ),
    ] {
        assert_eq!(
            recognise(&sexpr(written)).to_string(),
            recognised,
            "{written}"
        );
    }
}

#[test]
fn sinh_over_cosh_is_tanh_and_symmetry_cancels() {
    use longhand::symbolic::simplify::symmetric_form;
    assert_eq!(simplified("(* (sinh x1) (^ (cosh x1) -1))"), "(tanh x1)");
    assert_eq!(
        symmetric_form(&sexpr("(+ (tanh 1) (tanh -1) 1/20)")).to_string(),
        "1/20"
    );
    assert_eq!(
        symmetric_form(&sexpr("(+ (cosh -2) (- (cosh 2)))")).to_string(),
        "0"
    );
    assert_eq!(
        symmetric_form(&sexpr("(sigmoid (- x1))")).to_string(),
        "(+ 1 (- (sigmoid x1)))"
    );
}
