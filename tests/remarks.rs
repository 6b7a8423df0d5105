//! Every remark states a fact the numbers support: checked against the
//! printed values of the lines (a second path to the same numbers) and,
//! for the steps still needed, by training that much longer, for the
//! bundled examples and random networks.

use std::cmp::Ordering;

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{Signed, Zero};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};

use longhand::derivation::remarks::{Kept, MoreSteps, Plateau, RangeFit};
use longhand::derivation::{Derivation, WrittenUpdate, derive};
use longhand::functions::{End, Range, SlopeBound};
use longhand::model::{Network, Precision};
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

/// A range remark against the output activation: sigmoid's is (0, 1) and
/// tanh's (−1, 1), both ends only approached; a printed value said to lie
/// inside lies strictly between the ends, and one said not to is an end.
fn range_is_true(network: &Network, fit: &RangeFit, value: &BigRational) -> Result<(), String> {
    let name = network
        .layer(network.output_layer())
        .activation
        .name()
        .to_owned();
    let Range::Interval { low, high } = &fit.range else {
        return Err(format!("{name}: a range remark that is no interval"));
    };
    let int = |n: i64| BigRational::from_integer(n.into());
    let expected = match name.as_str() {
        "sigmoid" => Some((int(0), int(1))),
        "tanh" => Some((int(-1), int(1))),
        _ => None,
    };
    if let Some((lo, hi)) = expected {
        let open = |e: &Option<End>, at: &BigRational| {
            e.as_ref().is_some_and(|e| e.value == *at && !e.reached)
        };
        if !open(low, &lo) || !open(high, &hi) {
            return Err(format!("{name}: range {:?}", fit.range));
        }
    }
    let above = low
        .as_ref()
        .is_none_or(|e| value > &e.value || (e.reached && value == &e.value));
    let below = high
        .as_ref()
        .is_none_or(|e| value < &e.value || (e.reached && value == &e.value));
    let at_end = [low, high]
        .iter()
        .any(|e| e.as_ref().is_some_and(|e| !e.reached && e.value == *value));
    if fit.inside != (above && below) || (!fit.inside && !at_end) {
        return Err(format!(
            "{value} said inside = {} of {:?}",
            fit.inside, fit.range
        ));
    }
    Ok(())
}

/// A slope bound given as a reason: every printed slope of the layer keeps
/// it, and under a bound below 1 each error is at most that bound times
/// the errors it collected (up to the half unit of the last place its
/// rounding may add).
fn bound_is_true(
    s: &longhand::derivation::remarks::Shrink,
    bound: &SlopeBound,
    values: &std::collections::HashMap<Symbol, BigRational>,
    precision: Precision,
) -> Result<(), String> {
    let in_layer = |sym: &Symbol| sym.example == s.example;
    for (sym, v) in values {
        if let Quantity::ActivationSlope { layer, of, wrt } = sym.quantity
            && layer == s.layer
            && of == wrt
            && in_layer(sym)
        {
            let ok = match bound {
                SlopeBound::AtMost(max) => {
                    !v.is_negative() && (*v < max.value || (max.reached && *v == max.value))
                }
                SlopeBound::OneOf(allowed) => allowed.contains(v),
            };
            if !ok {
                return Err(format!("slope {v} said to keep {bound:?}"));
            }
        }
    }
    if let SlopeBound::AtMost(max) = bound {
        for (sym, delta) in values {
            if let Quantity::Delta { layer, unit } = sym.quantity
                && layer == s.layer
                && in_layer(sym)
            {
                let backflow = values.iter().find_map(|(b, v)| {
                    matches!(b.quantity, Quantity::Backflow { layer: l, unit: u } if l == layer && u == unit)
                        .then_some(v)
                        .filter(|_| b.example == sym.example)
                });
                let Some(backflow) = backflow else { continue };
                let ten = |n: u32| BigRational::from_integer(BigInt::from(10).pow(n));
                let two = BigRational::from_integer(2.into());
                let slack = match precision {
                    Precision::Decimals(n) => two / ten(n),
                    Precision::Significant(n) => {
                        two * (delta.abs() + backflow.abs()) / ten(n.saturating_sub(1))
                    }
                    Precision::Exact => two / ten(30),
                };
                if max.value < BigRational::from_integer(1.into())
                    && delta.abs() > &max.value * backflow.abs() + slack
                {
                    return Err(format!(
                        "δ {delta} above {:?} × backflow {backflow}",
                        max.value
                    ));
                }
            }
        }
    }
    Ok(())
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
            if let Some(fit) = &p.range {
                range_is_true(network, fit, value)?;
                checked += 1;
            }
            checked += 1;
        }
        for total in &r.totals {
            let sum: BigRational = values
                .iter()
                .filter(|(sym, _)| {
                    sym.example == total.example
                        && matches!(sym.quantity, Quantity::Activation { layer, .. } if layer == network.output_layer())
                })
                .map(|(_, v)| v.clone())
                .sum();
            if sum != total.sum {
                return Err(format!(
                    "softmax outputs said to add up to {}, but {sum}",
                    total.sum
                ));
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
            if let Some(bound) = &s.bound {
                bound_is_true(s, bound, &values, derivation.rules.precision)?;
                checked += 1;
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
    if let Some(plateau) = &derivation.remarks.plateau {
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
            Plateau::Stalled(stall) => {
                // The last half of the exactly carried curve is flat (under
                // 1 % of its value) and the loss is above 10 % of its start.
                let loss = Symbol::of(Quantity::Loss);
                let mut curve: Vec<BigRational> = derivation
                    .run
                    .updates
                    .iter()
                    .map(|r| r.named.get(&loss).expect("a loss").to_rational())
                    .collect();
                curve.push(
                    derivation
                        .run
                        .final_pass
                        .value(&loss)
                        .expect("a loss")
                        .carried
                        .to_rational(),
                );
                let from = curve[curve.len() - 1 - stall.updates].clone();
                let to = curve.last().expect("a loss").clone();
                let first = curve[0].clone();
                stall.updates == (curve.len() - 1) / 2
                    && stall.from.carried.to_rational() == from
                    && (&to - &from).abs() * BigRational::from_integer(100.into()) <= from.abs()
                    && to.abs() * BigRational::from_integer(10.into()) > first.abs()
            }
            Plateau::FellThroughout => falls + 1 == history.len(),
            Plateau::Uneven(held) => {
                *held as usize + falls + 1 == history.len()
                    && history.last() == history.iter().min()
            }
            Plateau::StoppedAfter(k) => {
                let k = *k as usize;
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

fn textbook_with(remarks: &str) -> String {
    let text = std::fs::read_to_string("examples/textbook-2-2-1.net").expect("the textbook");
    let text = format!("{text}\nremarks = {remarks}\n");
    longhand::explain(
        &SourceFile::new("textbook.net", text),
        &Options::new(Format::Markdown),
    )
    .expect("renders")
    .text
}

/// `remarks = [list]` makes exactly the remarks listed; the range and the
/// slope bound come from the cards of σ.
#[test]
fn a_list_of_remarks_makes_exactly_those() {
    let range = "lies in $(0, 1)$, the range of $\\sigma$";
    let distance = "undershoots its target 1 by 0.4373";
    let bound = "$\\sigma' \\le \\tfrac{1}{4}$";
    let moves = "What the step did, layer by layer";
    let all = textbook_with("all");
    for wanted in [range, distance, bound, moves] {
        assert!(all.contains(wanted), "all: {wanted}");
    }
    assert!(all.contains(&format!("{range}, and undershoots its target 1 by 0.4373.")));
    let some = textbook_with("[range, moves]");
    assert!(some.contains(range) && some.contains(moves));
    assert!(!some.contains(distance) && !some.contains(bound));
    assert!(some.contains(&format!("{range}.")));
    let none = textbook_with("[]");
    for unwanted in [range, distance, bound, moves] {
        assert!(!none.contains(unwanted), "none: {unwanted}");
    }
    assert_eq!(none, textbook_with("none"));
    assert_eq!(
        all,
        textbook_with("[distance, range, signs, shrink, moves, more_steps, plateau]")
    );
}
