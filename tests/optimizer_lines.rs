//! What the report writes for Adam and RMSProp (issue 14): β₁ᵗ and β₂ᵗ as
//! lines of their own, correctly rounded at every precision, and the rule
//! for second moments that would print as 0 at `N decimals` (an error that
//! names the precision that suffices).

use longhand::derivation::derive;
use longhand::diagnostic::{Color, render_all};
use longhand::model::{Hyper, Precision, Rounding};
use longhand::numeric::Real;
use longhand::numeric::format::plain;
use longhand::numeric::run::Detail;
use longhand::source::SourceFile;
use longhand::symbolic::{Atom, Node, Quantity, Symbol};
use longhand::{Error, Format, Options, explain, load, train};
use num_rational::BigRational;
use num_traits::Pow;

/// The textbook network under `optimizer` with `settings`.
fn textbook(optimizer: &str, settings: &str) -> String {
    format!(
        "input x = [1, 0]\ntarget y = [1]\n\
         layer hidden {{ activation = sigmoid W = [[0.5, -0.3], [0.2, 0.8]] b = [0.1, -0.2] }}\n\
         layer output {{ activation = sigmoid W = [[0.7, -0.5]] b = [0.05] }}\n\
         loss = half_squared_error\nlearning_rate = 0.1\noptimizer = {optimizer}\n{settings}\n"
    )
}

fn report(text: &str) -> Result<String, Error> {
    let source = SourceFile::new("adam.net", text);
    explain(&source, &Options::new(Format::Markdown)).map(|r| r.text)
}

fn diagnostics(text: &str) -> String {
    let source = SourceFile::new("adam.net", text);
    match explain(&source, &Options::new(Format::Markdown)) {
        Err(Error::Numeric(diagnostic)) => render_all(&[*diagnostic], &source, Color::Never),
        Err(other) => panic!("expected input diagnostics, got {other:?}"),
        Ok(_) => panic!("accepted:\n{text}"),
    }
}

/// βᵗ at update t is a line `β^t = β^3 = …` of its own in the update's
/// block, before any state line, and its value is βᵗ computed exactly and
/// rounded once, at every precision and carry mode.
#[test]
fn adam_writes_beta_to_the_t_as_its_own_correctly_rounded_line() {
    let precisions = [
        "precision = 4 significant",
        "precision = 3 significant",
        "precision = 7 significant",
        "precision = 12 decimals",
        "precision = exact",
    ];
    for precision in precisions {
        for carry in ["step", "quantity", "exact"] {
            let text = textbook(
                "adam(0.9, 0.999, 1e-8)",
                &format!("steps = 4\n{precision}\ncarry = {carry}"),
            );
            let network = load(
                &SourceFile::new("adam.net", text.as_str()),
                &Options::new(Format::Markdown),
            )
            .expect("a valid network");
            let run = train(&network, Detail::All).expect("a run");
            let derivation = derive(&network, &run, None).expect("a derivation");
            assert_eq!(derivation.written.len(), 4);
            for written in &derivation.written {
                let t = written.number;
                let lines: Vec<_> = written.blocks.iter().flat_map(|b| &b.lines).collect();
                let first_state = lines
                    .iter()
                    .position(|l| matches!(l.target.quantity, Quantity::State { .. }))
                    .expect("state lines");
                for (hyper, beta) in [(Hyper::Beta1, (9, 10)), (Hyper::Beta2, (999, 1000))] {
                    let beta = BigRational::new(beta.0.into(), beta.1.into());
                    let target = Symbol::of(Quantity::HyperPower(hyper));
                    let at = lines
                        .iter()
                        .position(|l| l.target == target)
                        .unwrap_or_else(|| panic!("no line for {target} at update {t}"));
                    assert!(
                        at < first_state,
                        "{target} is written after the state lines"
                    );
                    let line = lines[at];
                    // The formula is β^t with this update's t.
                    let Node::Pow(base, exponent) = &line.forms[0].expr else {
                        panic!("{target}: {:?}", line.forms[0].expr);
                    };
                    assert_eq!(i64::from(*exponent), i64::try_from(t).expect("small"));
                    assert!(matches!(
                        base.as_ref(),
                        Node::Leaf(Atom::Sym(s)) if s.quantity == Quantity::Hyper(hyper)
                    ));
                    // Its value: βᵗ exact, rounded once.
                    let exact = Real::Exact(Pow::pow(&beta, i32::try_from(t).expect("small")));
                    let rules = derivation.rules;
                    let want = longhand::numeric::round(&exact, rules.precision, Rounding::HalfUp);
                    let shown = line.value.as_ref().expect("a value");
                    assert_eq!(
                        plain(&shown.rounded.decimal, rules.precision),
                        plain(&want.decimal, rules.precision),
                        "{target} at update {t}, {precision}, carry = {carry}"
                    );
                    if rules.precision == Precision::Exact {
                        assert_eq!(shown.carried, exact);
                    }
                }
            }
        }
    }
}

/// The Markdown shows the lines: β₂³ = 0.999³ ≈ 0.9970 at 4 significant.
#[test]
fn the_report_shows_the_powers() {
    let text = textbook("adam", "steps = 3\nprecision = 4 significant");
    let source = SourceFile::new("adam.net", text.as_str());
    let mut options = Options::new(Format::Markdown);
    options.detail_all = true;
    let markdown = explain(&source, &options).expect("a report").text;
    for line in [
        "$$\\beta_1^{t} = \\beta_1^{1} = (0.9)^{1} = 0.9000$$",
        "$$\\beta_2^{t} = \\beta_2^{2} = (0.999)^{2} \\approx 0.9980$$",
        "$$\\beta_1^{t} = \\beta_1^{3} = (0.9)^{3} = 0.7290$$",
        "$$\\beta_2^{t} = \\beta_2^{3} = (0.999)^{3} \\approx 0.9970$$",
    ] {
        assert!(markdown.contains(line), "missing {line}");
    }
    // No other rule writes them.
    let momentum = report(&textbook("momentum(0.9)", "steps = 1")).expect("a report");
    assert!(!momentum.contains("\\beta^{t} ="));
}

/// At `N decimals` a second moment that is not 0 but prints as 0 is an
/// error at the precision setting, in every carry mode, naming a precision
/// that suffices; that precision (and `N significant`) then works.
#[test]
fn a_second_moment_printed_as_zero_is_an_error_naming_a_precision_that_suffices() {
    for carry in ["step", "quantity", "exact"] {
        let text = textbook("adam", &format!("precision = 4 decimals\ncarry = {carry}"));
        let message = diagnostics(&text);
        assert!(
            message.contains("prints as 0 at 4 decimals")
                && message.contains("`precision = 10 decimals`")
                && message.contains("`precision = 4 significant`"),
            "{carry}: {message}"
        );
        if carry == "step" {
            insta::assert_snapshot!("adam_at_4_decimals", message);
        }
        let rms = textbook(
            "rmsprop",
            &format!("precision = 4 decimals\ncarry = {carry}"),
        );
        let message = diagnostics(&rms);
        assert!(
            message.contains("the optimizer state s of")
                && message.contains("prints as 0 at 4 decimals"),
            "{carry}: {message}"
        );
        for fine in ["precision = 10 decimals", "precision = 4 significant"] {
            let text = textbook("adam", &format!("{fine}\ncarry = {carry}"));
            report(&text).unwrap_or_else(|e| panic!("{fine}, {carry}: {e:?}"));
        }
    }
    // The default precision (4 decimals) is blamed on the optimizer.
    let text = textbook("adam", "");
    insta::assert_snapshot!("adam_at_the_default_precision", diagnostics(&text));
    // A second moment that is exactly 0 (a weight on an input of 0) is no
    // error, and neither is momentum at 4 decimals.
    let text = textbook("adam(epsilon = 1)", "precision = 2 decimals");
    let message = diagnostics(&text);
    assert!(
        message.contains("the weight W[1][1][1]") && !message.contains("the weight W[1][1][2]"),
        "{message}"
    );
    report(&textbook("momentum(0.9)", "precision = 4 decimals")).expect("a report");
}

/// Every rule writes its state and update as matrices in the vector form:
/// per layer, for the weights and for the biases, one line per state the
/// rule writes and one for the new values (the entries are checked against
/// the unit-by-unit lines in `tests/vector.rs`).
#[test]
fn every_rule_writes_its_state_as_matrices() {
    for (optimizer, per_group) in [
        ("sgd", 1),
        ("momentum(0.9)", 2),
        ("nesterov(0.9)", 2),
        ("rmsprop(0.9, 0.01)", 2),
        ("adam", 5),
    ] {
        for decay in ["", "decoupled_weight_decay = 0.01"] {
            let text = textbook(
                optimizer,
                &format!("precision = 4 significant\nnotation = both\n{decay}"),
            );
            let network = load(
                &SourceFile::new("rule.net", text.as_str()),
                &Options::new(Format::Markdown),
            )
            .expect("a valid network");
            let run = train(&network, Detail::First).expect("a run");
            let derivation = derive(&network, &run, None).expect("a derivation");
            let update_lines: usize = derivation.written[0]
                .blocks
                .iter()
                .filter(|b| matches!(b.kind, longhand::derivation::BlockKind::Update(_)))
                .map(|b| b.vector.len())
                .sum();
            // Two layers, each with weights and biases.
            assert_eq!(update_lines, 4 * per_group, "{optimizer} {decay}");
            let markdown = report(&text).expect("a report");
            if decay.is_empty() {
                continue;
            }
            assert!(
                markdown.contains(
                    "\\mathbf{W}^{(1)} - \\eta \\lambda_{\\mathrm{d}} \\mathbf{W}^{(1)} - \\eta"
                ),
                "{optimizer}: no decoupled term in the vector line"
            );
        }
    }
}
