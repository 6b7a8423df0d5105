//! Every remark states a fact the numbers support: checked against the
//! printed values of the lines (a second path to the same numbers) and,
//! for the steps still needed, by training that much longer, for the
//! bundled examples and random networks.

use std::cmp::Ordering;

use num_rational::BigRational;
use num_traits::{Signed, Zero};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};

use longhand::derivation::remarks::{Kept, MoreSteps, Plateau};
use longhand::derivation::{Derivation, WrittenUpdate, derive};
use longhand::model::Network;
use longhand::numeric::run::{Detail, Env};
use longhand::source::SourceFile;
use longhand::symbolic::{Quantity, Symbol};
use longhand::{Format, Options, load, train};

use crate::netgen::{self, FromList};

/// The printed values of every line of an update, by symbol.
fn values(update: &WrittenUpdate) -> std::collections::HashMap<Symbol, BigRational> {
    update
        .blocks
        .iter()
        .flat_map(|b| &b.lines)
        .filter_map(|line| {
            Some((
                line.target,
                line.value.as_ref()?.rounded.decimal.to_rational(),
            ))
        })
        .collect()
}

fn given(network: &Network, quantity: Quantity) -> Option<BigRational> {
    match quantity {
        Quantity::Weight { layer, to, from } => Some(
            network.layers[layer.0].weights.rows[to.0][from.0]
                .value
                .clone(),
        ),
        Quantity::Bias { layer, unit } => Some(
            network.layers[layer.0].biases.as_ref()?.rows[unit.0][0]
                .value
                .clone(),
        ),
        _ => None,
    }
}

fn close(network: &Network, env: &Env) -> bool {
    let output = network.output_layer();
    env.symbols().all(|symbol| match symbol.quantity {
        Quantity::Activation { layer, unit } if layer == output => {
            let value = env
                .value(symbol)
                .expect("a value")
                .rounded
                .decimal
                .to_rational();
            let target = env
                .value(&Symbol::for_example(
                    Quantity::Target { unit },
                    symbol.example,
                ))
                .map(|t| t.carried.to_rational())
                .expect("a target");
            (target - value).abs() <= BigRational::new(1.into(), 100.into())
        }
        _ => true,
    })
}

/// Checks every remark of a derivation.
fn check(network: &Network, derivation: &Derivation<'_>) -> Result<usize, String> {
    let mut checked = 0;
    for update in &derivation.written {
        let values = values(update);
        let r = &update.remarks;
        for p in &r.predictions {
            let value = values
                .get(&p.prediction)
                .ok_or("a prediction without a line")?;
            if *value != p.value
                || p.side != value.cmp(&p.target)
                || p.distance != (&p.target - value).abs()
            {
                return Err(format!("prediction remark {p:?} against {value}"));
            }
            checked += 1;
        }
        for s in &r.shrink {
            let largest = |layer: usize| {
                values
                    .iter()
                    .filter(|(sym, _)| sym.example == s.example && matches!(sym.quantity, Quantity::Delta { layer: l, .. } if l.0 == layer))
                    .map(|(_, v)| v.abs())
                    .max()
            };
            let (Some(this), Some(next)) = (largest(s.layer.0), largest(s.layer.0 + 1)) else {
                return Err("a shrink remark without errors".into());
            };
            if this != s.largest || next != s.next_largest {
                return Err(format!("shrink remark {s:?} against {this} and {next}"));
            }
            checked += 1;
        }
        for m in &r.moves {
            let new_of = |q: Quantity| match q {
                Quantity::Weight { layer, to, from } => Quantity::NewWeight { layer, to, from },
                Quantity::Bias { layer, unit } => Quantity::NewBias { layer, unit },
                other => other,
            };
            let gradient_of = |q: Quantity| match q {
                Quantity::Weight { layer, to, from } => {
                    Quantity::WeightGradient { layer, to, from }
                }
                Quantity::Bias { layer, unit } => Quantity::BiasGradient { layer, unit },
                other => other,
            };
            let before = |s: &Symbol| given(network, s.quantity);
            let after = |s: &Symbol| values.get(&Symbol::of(new_of(s.quantity))).cloned();
            if update.number == 1 {
                for (list, want) in [(&m.raised, Ordering::Greater), (&m.lowered, Ordering::Less)] {
                    for s in list {
                        let (Some(b), Some(a)) = (before(s), after(s)) else {
                            return Err(format!("no values for {s}"));
                        };
                        if a.cmp(&b) != want {
                            return Err(format!("{s} said to move {want:?}, but {b} -> {a}"));
                        }
                        checked += 1;
                    }
                }
            }
            for (s, why) in &m.kept {
                let gradient = values.get(&Symbol::of(gradient_of(s.quantity)));
                let layer = &network.layers[m.layer.0];
                let frozen = match s.quantity {
                    Quantity::Weight { .. } => layer.weights.frozen,
                    _ => layer.biases.as_ref().is_some_and(|b| b.frozen),
                };
                let ok = match why {
                    Kept::Frozen => frozen,
                    Kept::ZeroGradient => !frozen && gradient.is_none_or(Zero::is_zero),
                    Kept::TooSmall => !frozen && gradient.is_some_and(|g| !g.is_zero()),
                };
                if !ok {
                    return Err(format!("{s} said to be kept because {why:?}"));
                }
                checked += 1;
            }
        }
    }
    if let Some(more) = derivation.remarks.more_steps {
        let steps = |extra: u64| {
            let mut longer = network.clone();
            longer.steps += extra;
            let run = train(&longer, Detail::First).expect("trains");
            close(network, &run.final_pass)
        };
        match more {
            MoreSteps::Reached(n) if n <= 60 => {
                if !steps(n) || (n > 0 && steps(n - 1)) {
                    return Err(format!("{n} more steps said to be the first that suffice"));
                }
                checked += 1;
            }
            MoreSteps::Capped(n) if n <= 60 => {
                if steps(n) {
                    return Err(format!("{n} more steps said not to suffice"));
                }
                checked += 1;
            }
            _ => {}
        }
    }
    if let Some(plateau) = derivation.remarks.plateau {
        let history: Vec<BigRational> = derivation
            .run
            .updates
            .iter()
            .map(|r| {
                r.rounded(&Symbol::of(Quantity::Loss), &derivation.rules)
                    .expect("a loss")
                    .decimal
                    .to_rational()
            })
            .chain(std::iter::once(
                derivation
                    .run
                    .final_pass
                    .value(&Symbol::of(Quantity::Loss))
                    .expect("a loss")
                    .rounded
                    .decimal
                    .to_rational(),
            ))
            .collect();
        let falls = history.windows(2).filter(|w| w[1] < w[0]).count();
        let ok = match plateau {
            Plateau::FellThroughout => falls + 1 == history.len(),
            Plateau::Uneven(held) => {
                held as usize + falls + 1 == history.len() && history.last() == history.iter().min()
            }
            Plateau::StoppedAfter(k) => {
                let k = k as usize;
                history[k + 1..].iter().all(|l| *l >= history[k])
                    && history[..k].iter().all(|l| *l > history[k])
            }
        };
        if !ok {
            return Err(format!("plateau {plateau:?} against {history:?}"));
        }
        checked += 1;
    }
    Ok(checked)
}

fn derive_and_check(text: &str) -> Result<usize, String> {
    let Ok(network) = load(
        &SourceFile::new("remarks.net", text),
        &Options::new(Format::Markdown),
    ) else {
        return Ok(0);
    };
    let Ok(run) = train(&network, Detail::First) else {
        return Ok(0);
    };
    let Ok(derivation) = derive(&network, &run, None) else {
        return Ok(0);
    };
    check(&network, &derivation).map_err(|e| format!("{e}\n{text}"))
}

#[test]
fn remarks_of_the_examples_are_true() {
    let mut checked = 0;
    for entry in std::fs::read_dir("examples").expect("examples/") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "net") {
            let text = std::fs::read_to_string(&path).expect("readable");
            checked +=
                derive_and_check(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        }
    }
    assert!(checked > 50, "only {checked} remarks checked");
}

fn config() -> Config {
    Config {
        cases: 32,
        rng_seed: RngSeed::Fixed(0x7265_6d61_726b),
        failure_persistence: None,
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn remarks_are_true(choices in prop::collection::vec(any::<u32>(), 64..256)) {
        let text = netgen::network(&mut FromList::new(&choices));
        if let Err(message) = derive_and_check(&text) {
            return Err(TestCaseError::fail(message));
        }
    }
}
