//! The optimizers (issue 14) against an independent `f64` implementation of
//! PyTorch's update rules written here, on the random networks of
//! `tests/finite_differences.rs` trained for 5 updates at `precision = exact`.
//!
//! The gradients those tests prove against central differences are taken
//! from longhand's run at each update; everything the optimizer does with
//! them — the state (v, s, m, v̂, …) from zero, bias correction, the square
//! root, ε, the step, decoupled decay — is recomputed here in `f64` and
//! compared, parameter by parameter and update by update, to a relative
//! 10⁻¹² (|a − b| ≤ 10⁻¹²·max(1, |b|)). Also: Adam's first step is
//! −η·sign(g)·|g|/(|g| + ε) for every parameter; the weight-decay gradient
//! and loss agree with central differences of the regularised f64 loss.

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};

use crate::finite_differences::{Net, batch_loss, draws, parameter_mut, parameters, safe};
use longhand::model::ids::{LayerId, UnitId};
use longhand::numeric::Real;
use longhand::numeric::run::{Detail, Run};
use longhand::source::SourceFile;
use longhand::symbolic::{Param, Quantity, StateKind, Symbol};
use longhand::{Format, Options, load, train};

/// An update rule as PyTorch writes it, with its constants.
#[derive(Debug, Clone, Copy)]
enum Rule {
    Sgd,
    Momentum(f64),
    Nesterov(f64),
    RmsProp(f64, f64),
    Adam(f64, f64, f64),
}

const RULES: [(Rule, &str); 6] = [
    (Rule::Sgd, "sgd"),
    (Rule::Momentum(0.9), "momentum(0.9)"),
    (Rule::Nesterov(0.8), "nesterov(beta = 0.8)"),
    (Rule::RmsProp(0.99, 1e-8), "rmsprop"),
    (Rule::RmsProp(0.9, 0.01), "rmsprop(0.9, epsilon = 0.01)"),
    (Rule::Adam(0.9, 0.999, 1e-8), "adam"),
];

/// One parameter's state in f64: (velocity or s or m, v).
#[derive(Debug, Clone, Copy, Default)]
struct State {
    first: f64,
    second: f64,
}

/// One f64 step of `rule` at update `t`; returns the new parameter.
fn step(rule: Rule, eta: f64, decay: f64, t: i32, theta: f64, g: f64, s: &mut State) -> f64 {
    let theta = theta - eta * decay * theta;
    match rule {
        Rule::Sgd => theta - eta * g,
        Rule::Momentum(beta) => {
            s.first = beta * s.first + g;
            theta - eta * s.first
        }
        Rule::Nesterov(beta) => {
            s.first = beta * s.first + g;
            theta - eta * (g + beta * s.first)
        }
        Rule::RmsProp(rho, eps) => {
            s.first = rho * s.first + (1.0 - rho) * g * g;
            theta - eta * g / (s.first.sqrt() + eps)
        }
        Rule::Adam(b1, b2, eps) => {
            s.first = b1 * s.first + (1.0 - b1) * g;
            s.second = b2 * s.second + (1.0 - b2) * g * g;
            let m_hat = s.first / (1.0 - b1.powi(t));
            let v_hat = s.second / (1.0 - b2.powi(t));
            theta - eta * m_hat / (v_hat.sqrt() + eps)
        }
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12 * b.abs().max(1.0)
}

fn param_of(l: usize, to: usize, from: Option<usize>) -> Param {
    let (layer, to) = (LayerId(l), UnitId(to));
    match from {
        Some(j) => Param::Weight {
            layer,
            to,
            from: UnitId(j),
        },
        None => Param::Bias { layer, unit: to },
    }
}

/// The network trained with `extra` settings appended, every update kept.
fn train_with(net: &Net, extra: &str) -> Option<Run> {
    let text = format!("{}{extra}", net.text);
    let network = load(
        &SourceFile::new("random.net", text.as_str()),
        &Options::new(Format::Json),
    )
    .unwrap_or_else(|e| panic!("longhand rejects the network: {e:?}\n{text}"));
    // A network that diverges under a rule (an overflow) is not a case.
    train(&network, Detail::All).ok()
}

fn named(run: &Run, update: usize, quantity: Quantity) -> f64 {
    run.updates[update]
        .named
        .get(&Symbol::of(quantity))
        .map(Real::to_f64)
        .unwrap_or_else(|| {
            panic!(
                "no value for {} at update {}",
                Symbol::of(quantity),
                update + 1
            )
        })
}

fn config(cases: u32) -> Config {
    Config {
        cases,
        max_global_rejects: 4096,
        rng_seed: RngSeed::Fixed(0x6f70_7469_6d69_7a65),
        failure_persistence: None,
        ..Config::default()
    }
}

/// Checks 5 updates of `rule` (with decoupled decay `decay`) against f64.
fn check_rule(net: &Net, rule: Rule, name: &str, decay: f64) -> Result<(), TestCaseError> {
    let extra = if decay == 0.0 {
        format!("optimizer = {name}\nsteps = 5\n")
    } else {
        format!("optimizer = {name}\nsteps = 5\ndecoupled_weight_decay = {decay}\n")
    };
    let Some(run) = train_with(net, &extra) else {
        return Ok(());
    };
    for (l, to, from) in parameters(net) {
        let param = param_of(l, to, from);
        let mut layers = net.layers.clone();
        let mut theta = *parameter_mut(&mut layers, l, to, from);
        let mut state = State::default();
        for update in 0..5 {
            let g = named(&run, update, param.gradient());
            theta = step(rule, 0.5, decay, update as i32 + 1, theta, g, &mut state);
            let got = named(&run, update, param.updated());
            prop_assert!(
                close(got, theta),
                "{name}: {} after update {}: longhand {got}, f64 {theta}\n{}",
                Symbol::of(param.updated()),
                update + 1,
                net.text
            );
            let kept: &[(StateKind, f64)] = match rule {
                Rule::Sgd => &[],
                Rule::Momentum(_) | Rule::Nesterov(_) => &[(StateKind::Velocity, state.first)],
                Rule::RmsProp(..) => &[(StateKind::Square, state.first)],
                Rule::Adam(..) => &[(StateKind::M, state.first), (StateKind::V, state.second)],
            };
            for (kind, want) in kept {
                let got = named(&run, update, Quantity::State { kind: *kind, param });
                prop_assert!(
                    close(got, *want),
                    "{name}: {kind:?} of {} after update {}: longhand {got}, f64 {want}",
                    param.plain_name(),
                    update + 1
                );
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(24))]

    /// Parameters and kept state after each of 5 updates, every rule.
    #[test]
    fn every_rule_matches_an_independent_f64_implementation(draw in draws()) {
        let net = draw.net();
        prop_assume!(safe(&net));
        for (rule, name) in RULES {
            check_rule(&net, rule, name, 0.0)?;
        }
        check_rule(&net, RULES[5].0, "adam", 0.01)?;
        check_rule(&net, RULES[1].0, "momentum(0.9)", 0.01)?;
    }

    /// Adam's first step: m̂/√v̂ = sign(g), so θ' = θ − η·g/(|g| + ε).
    #[test]
    fn adams_first_step_is_eta_times_the_sign(draw in draws()) {
        let net = draw.net();
        prop_assume!(safe(&net));
        let Some(run) = train_with(&net, "optimizer = adam(epsilon = 0.001)\n") else {
            return Ok(());
        };
        for (l, to, from) in parameters(&net) {
            let param = param_of(l, to, from);
            let mut layers = net.layers.clone();
            let theta = *parameter_mut(&mut layers, l, to, from);
            let g = named(&run, 0, param.gradient());
            let want = theta - 0.5 * g.signum() * g.abs() / (g.abs() + 0.001);
            let want = if g == 0.0 { theta } else { want };
            let got = named(&run, 0, param.updated());
            prop_assert!(close(got, want), "{}: longhand {got}, identity {want}", param.plain_name());
        }
    }

    /// `weight_decay = λ`: the loss is the f64 loss + (λ/2)ΣW², and each
    /// gradient is its central difference (λW on the weights, nothing on
    /// the biases).
    #[test]
    fn weight_decay_gradients_match_central_differences(draw in draws()) {
        let net = draw.net();
        prop_assume!(safe(&net));
        let lambda = 0.03;
        let Some(run) = train_with(&net, "weight_decay = 0.03\n") else {
            return Ok(());
        };
        let regularised = |layers: &[crate::finite_differences::Layer]| {
            let squares: f64 = layers
                .iter()
                .flat_map(|(_, w, _)| w.iter().flatten())
                .map(|w| w * w)
                .sum();
            batch_loss(&net, layers) + lambda / 2.0 * squares
        };
        let loss = named(&run, 0, Quantity::Loss);
        let want = regularised(&net.layers);
        prop_assert!((loss - want).abs() <= 1e-12 * want.abs().max(1.0), "loss {loss}, f64 {want}");
        let h = 1e-6;
        for (l, to, from) in parameters(&net) {
            let nudged = |delta: f64| {
                let mut layers = net.layers.clone();
                *parameter_mut(&mut layers, l, to, from) += delta;
                regularised(&layers)
            };
            let numeric = (nudged(h) - nudged(-h)) / (2.0 * h);
            let param = param_of(l, to, from);
            let got = named(&run, 0, param.gradient());
            prop_assert!(
                (got - numeric).abs() <= 1e-6 + 1e-4 * numeric.abs(),
                "{}: longhand {got}, central difference {numeric}\n{}",
                Symbol::of(param.gradient()),
                net.text
            );
        }
    }
}

/// A frozen parameter keeps its value and has no state.
#[test]
fn frozen_parameters_keep_no_state() {
    let text = "input x = [1, 0]\ntarget y = [1]\n\
        layer out { activation = sigmoid W = [[0.5, -0.3]] frozen b = [0.1] }\n\
        loss = half_squared_error\nlearning_rate = 0.5\nsteps = 2\n\
        optimizer = adam\nprecision = exact\n";
    let network = load(
        &SourceFile::new("frozen.net", text),
        &Options::new(Format::Json),
    )
    .expect("a valid network");
    let run = train(&network, Detail::All).expect("a run");
    let weight = Param::Weight {
        layer: LayerId(0),
        to: UnitId(0),
        from: UnitId(0),
    };
    for record in &run.updates {
        assert!(record.named.keys().all(|s| !matches!(
            s.quantity,
            Quantity::State { param, .. } if param == weight
        )));
    }
    assert_eq!(named(&run, 1, weight.updated()), 0.5);
    let bias = Param::Bias {
        layer: LayerId(0),
        unit: UnitId(0),
    };
    named(
        &run,
        1,
        Quantity::State {
            kind: StateKind::M,
            param: bias,
        },
    );
}

/// Rounds to 4 significant digits, ties away from zero (f64, with a nudge
/// for products of short decimals that land a hair below a tie).
fn four_significant(x: f64) -> f64 {
    if x == 0.0 {
        return 0.0;
    }
    let exponent = x.abs().log10().floor() as i32 - 3;
    let scale = 10f64.powi(-exponent);
    let scaled = x.abs() * scale;
    let rounded = (scaled + 0.5 + 1e-9).floor();
    x.signum() * rounded / scale
}

/// `carry = step`: every written state value is rounded as written and the
/// next update uses it. Redoing m′ = β₁m + (1 − β₁)g and v′ = β₂v +
/// (1 − β₂)g² with the printed numbers of the bundled Adam example, node by
/// node at 4 significant digits, gives the printed m′ and v′ of every update.
#[test]
fn step_carry_rounds_every_written_state_value() {
    let text = std::fs::read_to_string("examples/textbook-adam.net").expect("the example");
    let network = load(
        &SourceFile::new("textbook-adam.net", text.as_str()),
        &Options::new(Format::Json),
    )
    .expect("a valid network");
    let run = train(&network, Detail::All).expect("a run");
    let r = four_significant;
    let mut checked = 0;
    for quantity in longhand::symbolic::program::gradient_quantities(&network) {
        let param = Param::of(quantity).expect("a parameter");
        let (mut m, mut v) = (0.0, 0.0);
        for update in 0..run.updates.len() {
            let g = named(&run, update, param.gradient());
            let want_m = r(r(0.9 * m) + r(0.1 * g));
            let want_v = r(r(0.999 * v) + r(0.001 * r(g * g)));
            m = named(
                &run,
                update,
                Quantity::State {
                    kind: StateKind::M,
                    param,
                },
            );
            v = named(
                &run,
                update,
                Quantity::State {
                    kind: StateKind::V,
                    param,
                },
            );
            assert!(
                (m - want_m).abs() <= 1e-15 * want_m.abs(),
                "m of {} at update {}: {m}, by hand {want_m}",
                param.plain_name(),
                update + 1
            );
            assert!(
                (v - want_v).abs() <= 1e-15 * want_v.abs(),
                "v of {} at update {}: {v}, by hand {want_v}",
                param.plain_name(),
                update + 1
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 27);
}
