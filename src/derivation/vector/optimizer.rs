//! The update as matrix arithmetic for every rule other than plain SGD:
//! each state a matrix (or column) updated as a whole — `v′ = βv + ∇W`,
//! the squares as `∇W ⊙ ∇W`, the square root and the division entry by
//! entry — then the parameters, with AdamW's decoupled decay as its own
//! term. Every number is one the unit-by-unit lines printed (the old state
//! and the constants as those lines substituted them), so the vector lines
//! only arrange them; the rule itself is the one stated once for θ and g.

use super::{Context, bold, chain, factor, product};
use crate::derivation::layout::Display;
use crate::model::ids::{LayerId, UnitId};
use crate::model::{Hyper, Optimizer};
use crate::symbolic::{Param, Quantity, StateKind};

/// A layer's weights or its biases.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Group {
    Weights,
    Biases,
}

impl Group {
    /// The group's values of `quantity` as a matrix (weights) or column.
    fn values(
        self,
        c: &Context<'_>,
        layer: LayerId,
        quantity: impl Fn(Param) -> Quantity,
    ) -> Option<String> {
        let units = c.units(layer);
        match self {
            Group::Weights => c.matrix(
                units,
                c.inputs(layer),
                |to, from| quantity(Param::Weight { layer, to, from }),
                None,
            ),
            Group::Biases => c.column(
                units,
                |unit: UnitId| quantity(Param::Bias { layer, unit }),
                None,
            ),
        }
    }

    /// `\mathbf{W}^{(1)}`, primed after the update.
    fn symbol(self, c: &Context<'_>, layer: LayerId, primed: bool) -> String {
        match self {
            Group::Weights => c.w(layer, primed),
            Group::Biases => c.b(layer, primed),
        }
    }

    /// Whether the group has more than one entry (its state is bold).
    fn several(self, c: &Context<'_>, layer: LayerId) -> bool {
        match self {
            Group::Weights => c.units(layer) * c.inputs(layer) > 1,
            Group::Biases => c.units(layer) > 1,
        }
    }

    /// The state's matrix symbol: `{\mathbf{m}'}_{\mathbf{W}^{(1)}}` after
    /// the update, `\mathbf{m}_{…}` before, `\hat{\mathbf{m}}_{…}`.
    fn state(self, c: &Context<'_>, layer: LayerId, kind: StateKind, primed: bool) -> String {
        let letter = match kind {
            StateKind::Velocity | StateKind::V | StateKind::VHat => "v",
            StateKind::Square => "s",
            StateKind::M | StateKind::MHat => "m",
        };
        let name = bold(letter, self.several(c, layer));
        let name = if kind.is_kept() {
            name
        } else {
            format!("\\hat{{{name}}}")
        };
        let owner = self.symbol(c, layer, false);
        if primed && kind.is_kept() {
            format!("{{{name}'}}_{{{owner}}}")
        } else {
            format!("{name}_{{{owner}}}")
        }
    }
}

/// The state and update lines of `layer` under the file's rule.
pub(super) fn update(c: &Context<'_>, layer: LayerId, approx: bool) -> Option<Vec<Display>> {
    let spec = c.network.layer(layer);
    let mut lines = Vec::new();
    let mut groups = vec![(Group::Weights, spec.weights.frozen)];
    if let Some(biases) = &spec.biases {
        groups.push((Group::Biases, biases.frozen));
    }
    for (group, frozen) in groups {
        let new = group.values(c, layer, Param::updated)?;
        if frozen {
            lines.push(chain(
                group.symbol(c, layer, true),
                Some(group.symbol(c, layer, false)),
                None,
                new,
                false,
            ));
            continue;
        }
        lines.extend(group_lines(c, layer, group, approx)?);
    }
    Some(lines)
}

/// The constant's symbol and its number as the lines substituted it.
fn constant(c: &Context<'_>, hyper: Hyper) -> Option<(String, String)> {
    Some((
        hyper.tex().to_owned(),
        c.number(Quantity::Hyper(hyper), None)?,
    ))
}

/// `c·old + (1 − c)·x` (or `c·old + x` undamped), symbolically and in numbers.
fn running(
    (symbol, number): &(String, String),
    (old_symbol, old): (&str, &str),
    (x_symbol, x): (&str, &str),
    damped: bool,
) -> (String, String) {
    let decayed = (format!("{symbol} {old_symbol}"), product(number, old));
    if damped {
        (
            format!("{} + \\left(1 - {symbol}\\right) {x_symbol}", decayed.0),
            format!("{} + (1 - {number}) \\cdot {x}", decayed.1),
        )
    } else {
        (
            format!("{} + {x_symbol}", decayed.0),
            format!("{} + {x}", decayed.1),
        )
    }
}

fn group_lines(
    c: &Context<'_>,
    layer: LayerId,
    group: Group,
    approx: bool,
) -> Option<Vec<Display>> {
    let network = c.network;
    let theta_symbol = group.symbol(c, layer, false);
    let theta = group.values(c, layer, Param::quantity)?;
    let new = group.values(c, layer, Param::updated)?;
    let g_symbol = c.gradient(&theta_symbol, None);
    let g = group.values(c, layer, Param::gradient)?;
    let eta = c.notation.learning_rate();
    let rate = c.number(Quantity::LearningRate, None)?;
    let state = |kind: StateKind, primed: bool| group.state(c, layer, kind, primed);
    let after = |kind: StateKind| group.values(c, layer, |param| Quantity::State { kind, param });
    let before =
        |kind: StateKind| group.values(c, layer, |param| Quantity::OldState { kind, param });
    let mut lines = Vec::new();
    let mut kept = |kind: StateKind, formula: (String, String)| -> Option<String> {
        let value = after(kind)?;
        lines.push(chain(
            state(kind, true),
            Some(formula.0),
            Some(formula.1),
            value.clone(),
            approx,
        ));
        Some(value)
    };
    let squared = (
        format!("{g_symbol} \\odot {g_symbol}"),
        format!("{g} \\odot {g}"),
    );
    // The step subtracted after η, symbolically and in numbers.
    let step: (String, String) = match &network.optimizer {
        Optimizer::Sgd => (g_symbol.clone(), g.clone()),
        Optimizer::Momentum { .. } | Optimizer::Nesterov { .. } => {
            let beta = constant(c, Hyper::Beta)?;
            let old = before(StateKind::Velocity)?;
            let v_symbol = state(StateKind::Velocity, false);
            let v = kept(
                StateKind::Velocity,
                running(&beta, (&v_symbol, &old), (&g_symbol, &g), false),
            )?;
            let v_new = state(StateKind::Velocity, true);
            if matches!(network.optimizer, Optimizer::Momentum { .. }) {
                (v_new, v)
            } else {
                (
                    format!("\\left({g_symbol} + {} {v_new}\\right)", beta.0),
                    format!("\\left({g} + {}\\right)", product(&beta.1, &v)),
                )
            }
        }
        Optimizer::RmsProp { .. } => {
            let rho = constant(c, Hyper::Rho)?;
            let (eps_symbol, eps) = constant(c, Hyper::Epsilon)?;
            let old = before(StateKind::Square)?;
            let s_symbol = state(StateKind::Square, false);
            let s = kept(
                StateKind::Square,
                running(&rho, (&s_symbol, &old), (&squared.0, &squared.1), true),
            )?;
            (
                format!(
                    "\\frac{{{g_symbol}}}{{\\sqrt{{{}}} + {eps_symbol}}}",
                    state(StateKind::Square, true)
                ),
                format!("\\frac{{{g}}}{{\\sqrt{{{s}}} + {eps}}}"),
            )
        }
        Optimizer::Adam { .. } => {
            let beta1 = constant(c, Hyper::Beta1)?;
            let beta2 = constant(c, Hyper::Beta2)?;
            let (eps_symbol, eps) = constant(c, Hyper::Epsilon)?;
            let m_symbol = state(StateKind::M, false);
            let m_old = before(StateKind::M)?;
            let m = kept(
                StateKind::M,
                running(&beta1, (&m_symbol, &m_old), (&g_symbol, &g), true),
            )?;
            let v_symbol = state(StateKind::V, false);
            let v_old = before(StateKind::V)?;
            let v = kept(
                StateKind::V,
                running(&beta2, (&v_symbol, &v_old), (&squared.0, &squared.1), true),
            )?;
            let corrected = |kind: StateKind, kept: StateKind, value: &str, hyper: Hyper| {
                let power = c.number(Quantity::HyperPower(hyper), None)?;
                Some((
                    format!(
                        "\\frac{{{}}}{{1 - {}^{{t}}}}",
                        state(kept, true),
                        hyper.tex()
                    ),
                    format!("\\frac{{{value}}}{{1 - {power}}}"),
                    kind,
                ))
            };
            let m_hat = corrected(StateKind::MHat, StateKind::M, &m, Hyper::Beta1)?;
            let v_hat = corrected(StateKind::VHat, StateKind::V, &v, Hyper::Beta2)?;
            let mut hats = Vec::new();
            for (symbolic, numbers, kind) in [m_hat, v_hat] {
                hats.push(kept(kind, (symbolic, numbers))?);
            }
            (
                format!(
                    "\\frac{{{}}}{{\\sqrt{{{}}} + {eps_symbol}}}",
                    state(StateKind::MHat, false),
                    state(StateKind::VHat, false)
                ),
                format!("\\frac{{{}}}{{\\sqrt{{{}}} + {eps}}}", hats[0], hats[1]),
            )
        }
    };
    let mut symbolic = theta_symbol.clone();
    let mut numbers = theta.clone();
    if network.decoupled_weight_decay.is_some() {
        let (lambda_symbol, lambda) = constant(c, Hyper::DecoupledDecay)?;
        symbolic.push_str(&format!(" - {eta} {lambda_symbol} {theta_symbol}"));
        numbers.push_str(&format!(
            " - {} \\cdot {}",
            factor(&rate),
            product(&lambda, &theta)
        ));
    }
    symbolic.push_str(&format!(" - {eta} {}", step.0));
    numbers.push_str(&format!(" - {}", product(&rate, &step.1)));
    lines.push(chain(
        group.symbol(c, layer, true),
        Some(symbolic),
        Some(numbers),
        new,
        approx,
    ));
    Some(lines)
}
