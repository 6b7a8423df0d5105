//! The NumPy appendix runs: for every bundled example the generated
//! program is run with python3 and every value it prints is compared with
//! the exact value (the same network carried exactly) to 1e-12 relative.
//!
//! Without NumPy the test says so and passes, unless
//! `LONGHAND_REQUIRE_NUMPY` is set (`.ci/run` sets it after installing NumPy).

use std::io::Write;
use std::process::{Command, Stdio};

use longhand::derivation::numbers::NumberStyle;
use longhand::derivation::numpy::{Appendix, When, appendix};
use longhand::model::Carry;
use longhand::numeric::eval::Rules;
use longhand::numeric::run::{Detail, Run, run};
use longhand::source::SourceFile;
use longhand::{Format, Options, load};

/// Whether python3 with NumPy can be run; when not, says why the test is skipped.
fn numpy_available() -> bool {
    let found = Command::new("python3")
        .args(["-c", "import numpy"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("LONGHAND_REQUIRE_NUMPY").is_none(),
            "python3 with NumPy is not installed, and LONGHAND_REQUIRE_NUMPY is set"
        );
        eprintln!("skipped: python3 with NumPy is not installed (pip install numpy)");
    }
    found
}

fn bundled() -> Vec<(String, String)> {
    let mut paths: Vec<_> = std::fs::read_dir("examples")
        .expect("examples/")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "net"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            (
                p.display().to_string(),
                std::fs::read_to_string(p).expect("readable"),
            )
        })
        .collect()
}

/// Runs a program with python3 and returns what it printed.
fn python(code: &str) -> String {
    let mut child = Command::new("python3")
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(code.as_bytes())
        .expect("program written");
    let output = child.wait_with_output().expect("python3 finishes");
    assert!(
        output.status.success(),
        "python3 failed:\n{}\n{code}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8")
}

/// The exact value of a printed quantity.
fn exact_value(exact: &Run, when: When, symbol: &longhand::symbolic::Symbol) -> f64 {
    let value = match when {
        When::Before => exact.initial_pass.value(symbol).map(|s| s.carried.clone()),
        When::After => exact.final_pass.value(symbol).map(|s| s.carried.clone()),
        When::Update(n) => exact
            .updates
            .get(n as usize - 1)
            .and_then(|u| u.named.get(symbol).cloned()),
    };
    value
        .unwrap_or_else(|| panic!("{symbol} has no exact value"))
        .to_f64()
}

fn program(name: &str, text: &str) -> (Appendix, Run) {
    let network = load(
        &SourceFile::new(name, text),
        &Options::new(Format::Markdown),
    )
    .unwrap_or_else(|e| panic!("{name}: {e:?}"));
    let rules = Rules::of(network.settings);
    let report = run(&network, rules, Detail::First).expect("trains");
    let style = NumberStyle::of(&rules, network.fractions);
    let appendix = appendix(&network, &report, &style);
    let mut exact_network = network.clone();
    exact_network.settings.carry = Carry::Exact;
    let exact = run(
        &exact_network,
        Rules::of(exact_network.settings),
        Detail::First,
    )
    .expect("trains exactly");
    (appendix, exact)
}

/// Compares every printed line with the exact value; returns the largest relative error.
fn compare(name: &str, appendix: &Appendix, exact: &Run, output: &str) -> f64 {
    let values: Vec<(&str, f64, &str)> = output
        .lines()
        .filter(|l| !l.trim_end().ends_with(':'))
        .map(|l| {
            let mut parts = l.split_whitespace();
            let label = parts.next().expect("a label");
            let value = parts
                .next()
                .and_then(|v| v.parse().ok())
                .unwrap_or_else(|| panic!("{name}: no number in {l:?}"));
            (label, value, parts.next().unwrap_or(""))
        })
        .collect();
    assert_eq!(
        values.len(),
        appendix.printed.len(),
        "{name}: printed lines\n{output}\n{}",
        appendix.code
    );
    let mut worst: f64 = 0.0;
    for ((label, value, report), printed) in values.iter().zip(&appendix.printed) {
        assert_eq!(*label, printed.label, "{name}: labels in order");
        assert_eq!(*report, printed.report, "{name}: {label}'s report value");
        let expected = exact_value(exact, printed.when, &printed.symbol);
        let error = (value - expected).abs() / expected.abs().max(f64::MIN_POSITIVE);
        assert!(
            error <= 1e-12 || (value - expected).abs() <= 1e-300,
            "{name}: {label} at {:?} is {value}, exactly {expected} (relative error {error:e})\n{}",
            printed.when,
            appendix.code
        );
        worst = worst.max(error);
    }
    worst
}

#[test]
fn every_bundled_example_runs_in_numpy_to_the_exact_values() {
    if !numpy_available() {
        return;
    }
    for (name, text) in bundled() {
        let (appendix, exact) = program(&name, &text);
        if std::env::var_os("LONGHAND_SHOW_NUMPY").is_some() {
            println!("# {name}\n{}", appendix.code);
        }
        let output = python(&appendix.code);
        let worst = compare(&name, &appendix, &exact, &output);
        println!(
            "{name}: {} values, largest relative error {worst:e}",
            appendix.printed.len()
        );
    }
}

/// Random networks (every built-in activation and loss, batches, several
/// steps, frozen parameters) under every optimizer, with and without weight
/// decay: each program runs and prints the exact values to 1e-9 relative
/// (1e-12 absolute near zero); a network that float64 saturates into an
/// infinity or NaN is left out. The bound is looser than the bundled
/// examples' because random numbers saturate units, where float64 loses
/// digits to cancellation (1 − σ(z) with σ(z) near 1) that exact
/// arithmetic keeps.
#[test]
fn random_networks_under_every_optimizer_run_in_numpy() {
    if !numpy_available() {
        return;
    }
    const OPTIMIZERS: [&str; 6] = [
        "",
        "optimizer = momentum(0.9)",
        "optimizer = nesterov(0.8)\nweight_decay = 0.01",
        "optimizer = rmsprop(0.9, epsilon = 0.01)",
        "optimizer = adam",
        "optimizer = adam\ndecoupled_weight_decay = 0.1",
    ];
    let mut state: u64 = 12345;
    let mut checked = 0;
    for case in 0..36 {
        let choices: Vec<u32> = (0..80)
            .map(|_| {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                (state >> 33) as u32
            })
            .collect();
        let mut text = crate::netgen::network(&mut crate::netgen::FromList::new(&choices));
        text.push('\n');
        text.push_str(OPTIMIZERS[case % OPTIMIZERS.len()]);
        text.push('\n');
        let name = format!("random-{case}.net");
        let Ok(network) = load(
            &SourceFile::new(&name, text.as_str()),
            &Options::new(Format::Markdown),
        ) else {
            continue;
        };
        let rules = Rules::of(network.settings);
        let Ok(report) = run(&network, rules, Detail::First) else {
            continue;
        };
        let mut exact_network = network.clone();
        exact_network.settings.carry = Carry::Exact;
        let Ok(exact) = run(
            &exact_network,
            Rules::of(exact_network.settings),
            Detail::First,
        ) else {
            continue;
        };
        let appendix = appendix(
            &network,
            &report,
            &NumberStyle::of(&rules, network.fractions),
        );
        let output = python(&appendix.code);
        let values: Vec<f64> = output
            .lines()
            .filter(|l| !l.trim_end().ends_with(':'))
            .filter_map(|l| l.split_whitespace().nth(1)?.parse().ok())
            .collect();
        assert_eq!(
            values.len(),
            appendix.printed.len(),
            "{name}\n{text}\n{output}"
        );
        // A unit saturated in float64 (σ(z) = 1 exactly, then ln(1 − 1)) has
        // no float64 answer to compare; exact arithmetic still has one.
        if values.iter().any(|v| !v.is_finite()) {
            continue;
        }
        for (value, printed) in values.iter().zip(&appendix.printed) {
            let expected = exact_value(&exact, printed.when, &printed.symbol);
            if !expected.is_finite() {
                continue;
            }
            assert!(
                (value - expected).abs() <= 1e-9 * expected.abs() + 1e-12,
                "{name}: {} at {:?} is {value}, exactly {expected}\n{text}\n{}",
                printed.label,
                printed.when,
                appendix.code
            );
        }
        checked += 1;
    }
    assert!(
        checked >= 18,
        "only {checked} random networks could be checked"
    );
}

/// `render --appendix numpy` adds the appendix to a file without one (and
/// `--appendix none` removes it from a file with one), in Markdown, HTML
/// and LaTeX; the JSON key is the same either way.
#[test]
fn the_appendix_flag_overrides_the_file() {
    let render = |file: &str, format: &str, appendix: &str| {
        let output = Command::new(crate::cli::BINARY)
            .args(["render", file, "--format", format, "--appendix", appendix])
            .output()
            .expect("longhand runs");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).expect("UTF-8")
    };
    let plain = "examples/textbook-2-2-1.net";
    let with = render(plain, "markdown", "numpy");
    assert!(with.contains("## Appendix: the same numbers in NumPy"));
    assert!(with.contains("```python\nimport numpy as np\n"));
    assert!(
        render(plain, "html", "numpy")
            .contains("<pre><code class=\"language-python\">import numpy as np")
    );
    assert!(render(plain, "latex", "numpy").contains("\\begin{verbatim}\nimport numpy as np"));
    let vector = "examples/textbook-2-2-1-vector.net";
    assert!(!render(vector, "markdown", "none").contains("import numpy"));
    assert_eq!(
        render(plain, "json", "numpy"),
        render(plain, "json", "none")
    );
}
