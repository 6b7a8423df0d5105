//! The vector form (`notation = vector | both`): its entries are the
//! unit-by-unit lines' printed values under every carry mode, for the
//! bundled examples and for random networks, and its lines fit the page.

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};

use longhand::derivation::layout::{Budget, Display, unknown_symbols};
use longhand::derivation::{Block, derive};
use longhand::model::{Carry, Forms, Network};
use longhand::numeric::run::Detail;
use longhand::source::SourceFile;
use longhand::symbolic::Quantity;
use longhand::{Format, Options, load, train};

use crate::netgen::{self, FromList};

fn network(text: &str, carry: Carry) -> Option<Network> {
    let mut options = Options::new(Format::Markdown);
    options.carry = Some(carry);
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
/// row) before biases, as the vector lines list them.
fn printed(block: &Block) -> Vec<String> {
    let mut lines: Vec<_> = block.lines.iter().collect();
    lines.sort_by_key(|line| {
        !matches!(
            line.target.quantity,
            Quantity::WeightGradient { .. } | Quantity::NewWeight { .. }
        )
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
    let mut compared = 0;
    for carry in [Carry::Step, Carry::Quantity, Carry::Exact] {
        let Some(network) = network(text, carry) else {
            return Ok(compared);
        };
        let Ok(run) = train(&network, Detail::First) else {
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
