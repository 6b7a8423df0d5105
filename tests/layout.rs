//! The layout rule: no displayed row wider than its budget, for every
//! bundled example and for random networks from the test generator, and
//! a width rule that knows every symbol the report prints.
//!
//! The rule's estimates are checked against TeX itself in `tests/latex.rs`
//! (no overfull box when the documents are compiled).

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};

use longhand::derivation::layout::{Budget, Display, breakable, unknown_symbols};
use longhand::derivation::{self, Line};
use longhand::numeric::run::Detail;
use longhand::source::SourceFile;
use longhand::{Error, Format, Options, load, train};

use crate::netgen::{self, FromList};

/// Every display of a network's derivation (all updates written out), or
/// `None` when the network fails with an arithmetic error.
fn displays(text: &str) -> Option<Vec<Display>> {
    let source = SourceFile::new("layout.net", text);
    let network = match load(&source, &Options::new(Format::Markdown)) {
        Ok(network) => network,
        Err(error) => panic!("a valid network was refused: {error:?}\n{text}"),
    };
    let run = match train(&network, Detail::First) {
        Ok(run) => run,
        Err(Error::Numeric(_)) => return None,
        Err(error) => panic!("{error:?}"),
    };
    let derivation = derivation::derive(&network, &run, None).ok()?;
    let lines: Vec<&Line> = derivation
        .written
        .iter()
        .flat_map(|u| u.blocks.iter())
        .chain(derivation.final_pass.iter())
        .flat_map(|b| b.lines.iter())
        .collect();
    let mut displays: Vec<Display> = lines.into_iter().map(|l| l.display.clone()).collect();
    displays.push(derivation.loss.clone());
    Some(displays)
}

/// Rows over a budget that are not a single unbreakable number, and
/// symbols the width rule does not know.
fn problems(displays: &[Display]) -> Vec<String> {
    let mut problems = Vec::new();
    for display in displays {
        for budget in Budget::ALL {
            for (row, width) in display.rows(budget).iter().zip(display.row_widths(budget)) {
                if width > budget.milli_em() && breakable(&row.math) {
                    problems.push(format!(
                        "{budget:?}: a row of {width} milli-em: {}\n  in {}",
                        row.latex(),
                        display.one_line()
                    ));
                }
            }
        }
        for unknown in unknown_symbols(&display.one_line()) {
            problems.push(format!("the width rule does not know `{unknown}`"));
        }
    }
    problems
}

#[test]
fn bundled_examples_fit_every_budget() {
    let mut failures = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir("examples")
        .expect("examples/")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "net"))
        .collect();
    entries.sort();
    for path in entries {
        let text = std::fs::read_to_string(&path).expect("readable");
        let displays = displays(&text).expect("bundled examples compute");
        failures.extend(
            problems(&displays)
                .into_iter()
                .map(|p| format!("{}: {p}", path.display())),
        );
    }
    assert!(failures.is_empty(), "\n{}\n", failures.join("\n"));
}

fn config() -> Config {
    Config {
        cases: 64,
        rng_seed: RngSeed::Fixed(0x6c61_796f_7574),
        failure_persistence: None,
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config())]

    /// Random shapes, activations, losses and precisions up to 30 digits.
    #[test]
    fn random_networks_fit_every_budget(choices in prop::collection::vec(any::<u32>(), 64..256)) {
        let text = netgen::network(&mut FromList::new(&choices));
        if let Some(displays) = displays(&text) {
            let problems = problems(&displays);
            prop_assert!(problems.is_empty(), "\n{}\n{text}", problems.join("\n"));
        }
    }
}

/// Tuning aid, not a check: `LONGHAND_WIDTHS=file cargo test --test suite
/// layout::dump -- --ignored` writes each bundled chain's estimated width
/// and LaTeX, one per line, for measuring the same formulas with TeX
/// (`\sbox0{$\displaystyle …$}\typeout{\the\wd0}`) or in a browser.
#[test]
#[ignore = "writes a file for tuning the width rule"]
fn dump_widths() {
    let Some(path) = std::env::var_os("LONGHAND_WIDTHS") else {
        return;
    };
    let mut out = String::new();
    let mut narrow: Vec<String> = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir("examples")
        .expect("examples/")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        let text = std::fs::read_to_string(&path).expect("readable");
        for display in displays(&text).unwrap_or_default() {
            let rows: Vec<String> = display
                .rows(Budget::Narrow)
                .iter()
                .enumerate()
                .map(|(i, row)| {
                    let left = if i == 0 { display.target.as_str() } else { "" };
                    format!("{left} &{}", row.latex())
                })
                .collect();
            narrow.push(rows.join(" \\\\ "));
            let line = display.one_line();
            out.push_str(&format!(
                "{}\t{line}\n",
                longhand::derivation::layout::width(&line)
            ));
        }
    }
    // The same formulas as MathML, for measuring in a browser.
    let markdown: String = out
        .lines()
        .filter_map(|line| line.split_once('\t'))
        .map(|(_, latex)| format!("$${latex}$$\n\n"))
        .collect();
    let html = longhand::render::html::body(&markdown);
    // Every chain laid out for a narrow screen, as the HTML would show it.
    let narrow: String = narrow
        .iter()
        .map(|rows| format!("$$\\begin{{aligned}}{rows}\\end{{aligned}}$$\n\n"))
        .collect();
    let narrow = longhand::render::html::body(&narrow);
    let path = std::path::Path::new(&path);
    std::fs::write(path, out).expect("writable");
    std::fs::write(path.with_extension("html"), html).expect("writable");
    std::fs::write(path.with_extension("narrow.html"), narrow).expect("writable");
}
