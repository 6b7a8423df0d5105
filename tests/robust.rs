//! Robustness: valid networks of random shape and settings (from
//! `tests/netgen.rs`, the generator the `valid` fuzz target uses) always
//! render or fail with an arithmetic error, never a panic or an input error;
//! inputs the fuzzer found are kept here as regression tests.

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};

use longhand::diagnostic::{Color, render_all};
use longhand::source::SourceFile;
use longhand::{Error, Format, Options, explain};

use crate::netgen::{self, FromList};

fn config() -> Config {
    Config {
        cases: 96,
        rng_seed: RngSeed::Fixed(0x6c6f_6e67_6861_6e64),
        failure_persistence: None,
        ..Config::default()
    }
}

/// Every format renders the text or refuses it with an arithmetic error.
fn renders_or_fails_cleanly(text: &str) -> Result<(), TestCaseError> {
    let source = SourceFile::new("generated.net", text);
    for format in [
        Format::Markdown,
        Format::Json,
        Format::Html,
        Format::Svg,
        Format::Latex,
    ] {
        match explain(&source, &Options::new(format)) {
            Ok(report) => prop_assert!(!report.text.is_empty()),
            Err(Error::Numeric(diagnostic)) => {
                prop_assert!(!diagnostic.message.is_empty());
                let _ = diagnostic.render(&source, Color::Never);
            }
            Err(Error::Input(diagnostics)) => {
                return Err(TestCaseError::fail(format!(
                    "a valid network was refused:\n{}\n{text}",
                    render_all(&diagnostics, &source, Color::Never)
                )));
            }
            Err(Error::Render(error)) => {
                return Err(TestCaseError::fail(format!(
                    "template failed: {error}\n{text}"
                )));
            }
            Err(Error::Budget(refusal)) => {
                return Err(TestCaseError::fail(format!(
                    "one report of a valid network was refused: {refusal}\n{text}"
                )));
            }
            Err(Error::Typeset(error)) => {
                return Err(TestCaseError::fail(format!(
                    "no PDF was asked for: {error}"
                )));
            }
            Err(Error::Usage(message)) => {
                return Err(TestCaseError::fail(format!(
                    "a usage error without flags: {message}\n{text}"
                )));
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    /// Random shapes, activations, losses, precisions (0 to 30 decimals or
    /// significant digits, exact), rounding and carry modes, batches,
    /// frozen parameters, fractions and drawn values.
    #[test]
    fn valid_networks_render_or_fail_cleanly(choices in prop::collection::vec(any::<u32>(), 64..256)) {
        let text = netgen::network(&mut FromList::new(&choices));
        renders_or_fails_cleanly(&text)?;
    }
}

#[test]
fn the_generator_covers_every_loss_and_precision_kind() {
    let mut seen = std::collections::BTreeSet::new();
    for seed in 0..400u32 {
        let numbers: Vec<u32> = (0..256u32)
            .map(|i| seed.wrapping_mul(2_654_435_761).rotate_left(i % 32) ^ i.wrapping_mul(40_503))
            .collect();
        let text = netgen::network(&mut FromList::new(&numbers));
        for word in [
            "half_squared_error",
            "mean_squared_error",
            "binary_cross_entropy",
            "cross_entropy",
            "significant",
            "decimals",
            "= exact",
            "carry = quantity",
            "half_even",
            "frozen",
            "uniform(",
            "batch = 1",
            "softmax",
            "leaky_relu",
        ] {
            if text.contains(word) {
                seen.insert(word);
            }
        }
    }
    assert_eq!(seen.len(), 14, "{seen:?}");
}
