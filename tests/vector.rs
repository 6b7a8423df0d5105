//! The vector form (`notation = vector | both`): its entries are the
//! unit-by-unit lines' printed values under every carry mode, for the
//! bundled examples and for random networks, and its lines fit the page.

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};

use longhand::derivation::layout::{Budget, Display, unknown_symbols};
use longhand::derivation::{Block, derive};
use longhand::model::{Carry, Forms, Network, Precision};
use longhand::numeric::run::Detail;
use longhand::source::SourceFile;
use longhand::symbolic::Quantity;
use longhand::{Format, Options, load, train};

use crate::netgen::{self, FromList};

fn network(text: &str, carry: Carry) -> Option<Network> {
    network_at(text, carry, None)
}

fn network_at(text: &str, carry: Carry, precision: Option<Precision>) -> Option<Network> {
    let mut options = Options::new(Format::Markdown);
    options.carry = Some(carry);
    options.precision = precision;
    options.notation = Some(Forms::Both);
    load(&SourceFile::new("vector.net", text), &options).ok()
}

/// The entries of the matrix or column a display ends with, row by row.
fn entries(display: &Display) -> Vec<String> {
    let last = &display.links.last().expect("a vector line has links").math;
    let inner = last
        .strip_prefix("\\begin{pmatrix}")
        .and_then(|rest| rest.strip_suffix("\\end{pmatrix}"));
    match inner {
        Some(inner) => inner
            .split("\\\\")
            .flat_map(|row| row.split('&'))
            .map(|entry| entry.trim().to_owned())
            .collect(),
        None => vec![last.trim().to_owned()],
    }
}

/// The printed values of a block's unit-by-unit lines, weights (row by
/// row) before biases, as the vector lines list them; under an optimizer
/// with state, each group's states in the rule's order (m′, v′, m̂, v̂)
/// before its new values.
fn printed(block: &Block) -> Vec<String> {
    let mut lines: Vec<_> = block.lines.iter().collect();
    lines.sort_by_key(|line| match line.target.quantity {
        Quantity::WeightGradient { .. } | Quantity::NewWeight { .. } => (false, 9),
        Quantity::State { kind, param } => (
            matches!(param, longhand::symbolic::Param::Bias { .. }),
            kind as u8,
        ),
        _ => (true, 9),
    });
    lines
        .iter()
        .map(|line| {
            line.display
                .links
                .last()
                .expect("a computed line")
                .math
                .clone()
        })
        .collect()
}

/// Checks every block of `text` under every carry mode; returns how many
/// vector lines were compared.
fn check(text: &str) -> Result<usize, String> {
    check_with(text, None, Detail::First)
}

/// [`check`] at `precision` (when given), writing the updates of `detail`.
fn check_with(text: &str, precision: Option<Precision>, detail: Detail) -> Result<usize, String> {
    let mut compared = 0;
    for carry in [Carry::Step, Carry::Quantity, Carry::Exact] {
        let Some(network) = network_at(text, carry, precision) else {
            return Ok(compared);
        };
        let Ok(run) = train(&network, detail) else {
            return Ok(compared);
        };
        let Ok(derivation) = derive(&network, &run, None) else {
            return Ok(compared);
        };
        let blocks = derivation
            .written
            .iter()
            .flat_map(|u| &u.blocks)
            .chain(&derivation.final_pass);
        for block in blocks {
            if block.vector.is_empty() {
                continue;
            }
            let vector: Vec<String> = block.vector.iter().flat_map(entries).collect();
            let scalar = printed(block);
            if vector != scalar {
                return Err(format!(
                    "{:?} under carry {carry:?}: the vector line shows {vector:?}, the unit-by-unit lines {scalar:?}\n{text}",
                    block.kind
                ));
            }
            for display in &block.vector {
                let unknown = unknown_symbols(&display.one_line());
                if !unknown.is_empty() {
                    return Err(format!("the width rule does not know {unknown:?}"));
                }
            }
            compared += block.vector.len();
        }
    }
    Ok(compared)
}

fn examples() -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir("examples")
        .expect("examples/ exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "net"))
        .collect();
    files.sort();
    files
}

#[test]
fn vector_entries_are_the_printed_values_in_every_example() {
    let mut compared = 0;
    for path in examples() {
        let text = std::fs::read_to_string(&path).expect("readable");
        compared += check(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
    assert!(compared > 100, "only {compared} vector lines compared");
}

#[test]
fn vector_lines_of_the_examples_fit_the_page() {
    for path in examples() {
        let text = std::fs::read_to_string(&path).expect("readable");
        let network = network(&text, Carry::Step).expect("the example loads");
        let run = train(&network, Detail::First).expect("the example runs");
        let derivation = derive(&network, &run, None).expect("derives");
        for update in &derivation.written {
            for block in &update.blocks {
                for display in &block.vector {
                    let over = display.over_budget(Budget::Page);
                    assert!(over.is_empty(), "{}: {over:?}", path.display());
                }
            }
        }
    }
}

#[test]
fn the_default_is_both_up_to_four_units_and_scalar_beyond() {
    let small = std::fs::read_to_string("examples/textbook-2-2-1.net").expect("readable");
    let network = load(
        &SourceFile::new("small.net", small),
        &Options::new(Format::Markdown),
    )
    .expect("loads");
    assert_eq!(network.forms(), Forms::Both);
    let wide = netgen::layered(2, 5, "");
    let network = load(
        &SourceFile::new("wide.net", wide),
        &Options::new(Format::Markdown),
    )
    .expect("loads");
    assert_eq!(network.forms(), Forms::Scalar);
}

#[test]
fn notation_scalar_writes_no_vector_line_and_vector_hides_the_unit_lines() {
    let text = std::fs::read_to_string("examples/textbook-2-2-1.net").expect("readable");
    let render = |notation| {
        let mut options = Options::new(Format::Markdown);
        options.notation = Some(notation);
        longhand::explain(&SourceFile::new("t.net", text.clone()), &options)
            .expect("renders")
            .text
    };
    let scalar = render(Forms::Scalar);
    let vector = render(Forms::Vector);
    let both = render(Forms::Both);
    assert!(!scalar.contains("\\begin{pmatrix} 0.6000"));
    assert!(
        vector.contains("\\mathbf{z}^{(1)} = \\mathbf{W}^{(1)} \\mathbf{x} + \\mathbf{b}^{(1)}")
    );
    assert!(!vector.contains("z^{(1)}_{2} = W^{(1)}_{21} x_{1}"));
    assert!(both.contains("z^{(1)}_{2} = W^{(1)}_{21} x_{1}"));
    assert!(both.find("\\mathbf{z}^{(1)} =") < both.find("z^{(1)}_{2} ="));
    // The loss has no vector form: every notation writes it.
    for text in [&scalar, &vector, &both] {
        assert!(text.contains("\\mathcal{L} = \\frac{1}{2} \\left(y - \\hat y\\right)^{2} ="));
    }
}

fn config() -> Config {
    Config {
        cases: 48,
        rng_seed: RngSeed::Fixed(0x7665_6374_6f72),
        failure_persistence: None,
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config())]

    /// Random shapes, activations, losses, precisions and batches.
    #[test]
    fn vector_entries_are_the_printed_values(choices in prop::collection::vec(any::<u32>(), 64..256)) {
        let text = netgen::network(&mut FromList::new(&choices));
        if let Err(message) = check(&text) {
            return Err(TestCaseError::fail(message));
        }
    }
}

/// Every optimizer's vector lines (state matrices, then the update), with
/// and without decoupled decay, over two written updates (so the old state
/// is not 0), at 5 significant digits (second moments need them).
const RULES: [&str; 6] = [
    "optimizer = momentum(0.9)",
    "optimizer = nesterov(0.5)",
    "optimizer = rmsprop(0.9, 0.01)",
    "optimizer = adam(0.9, 0.99, 0.001)",
    "optimizer = adam\ndecoupled_weight_decay = 0.01",
    "optimizer = sgd\ndecoupled_weight_decay = 0.1\nweight_decay = 0.05",
];

#[test]
fn every_optimizers_vector_entries_are_the_printed_values_in_the_examples() {
    let mut compared = 0;
    for path in examples() {
        let text = std::fs::read_to_string(&path).expect("readable");
        if text.contains("optimizer") || text.contains("weight_decay") {
            continue;
        }
        for rule in RULES {
            let text = format!("{text}\n{rule}\n");
            compared += check_with(&text, Some(Precision::Significant(5)), Detail::First)
                .unwrap_or_else(|e| panic!("{} with {rule}: {e}", path.display()));
        }
    }
    assert!(compared > 200, "only {compared} vector lines compared");
}

proptest! {
    #![proptest_config(Config { cases: 16, ..config() })]

    /// Random networks under every rule, two updates written in full.
    #[test]
    fn every_optimizers_vector_entries_are_the_printed_values(
        choices in prop::collection::vec(any::<u32>(), 64..256),
        rule in 0..RULES.len(),
    ) {
        let text = netgen::network(&mut FromList::new(&choices));
        let steps = if text.contains("steps") { "" } else { "steps = 2\n" };
        let text = format!("{text}\n{}\n{steps}", RULES[rule]);
        if let Err(message) = check_with(&text, Some(Precision::Significant(5)), Detail::All) {
            return Err(TestCaseError::fail(message));
        }
    }
}
