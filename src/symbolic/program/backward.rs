//! The backward half of the program: every δ and gradient, obtained by
//! differentiating the forward formulas (loss, activations, dense layers)
//! and chaining the results layer by layer.

use super::fold::fold_definitions;
use super::{Definition, Rewrite, activation_formula, loss_formula, pre_activation_formula, sym};
use crate::functions::Targets;
use crate::model::Network;
use crate::model::ids::{ExampleId, LayerId, UnitId};
use crate::symbolic::expr::{Expr, Node};
use crate::symbolic::normal::{apply_targets_sum_to_one, normalize, to_expr};
use crate::symbolic::quantity::{Quantity, Symbol};
use crate::symbolic::rules::{RuleName, Trace, differentiate};
use crate::symbolic::simplify::{factor_common, simplify};

/// ∂(formula)/∂(symbol), simplified, with the rules used.
fn derivative(formula: &Expr, symbol: Symbol) -> (Expr, Vec<RuleName>) {
    let mut trace = Trace::default();
    let raw = differentiate(formula, &symbol, &mut trace);
    (simplify(&raw), trace.rules)
}

/// The slopes ∂a_of/∂z_wrt of a layer that are not identically zero, as
/// definitions (diagonal only for elementwise activations).
fn slope_definitions(
    network: &Network,
    layer: LayerId,
    example: Option<ExampleId>,
) -> Vec<Definition> {
    let mut definitions = Vec::new();
    let units: Vec<UnitId> = network.layer(layer).unit_ids().collect();
    for &of in &units {
        let formula = activation_formula(network, layer, of, example);
        for &wrt in &units {
            let z = Symbol::for_example(Quantity::PreActivation { layer, unit: wrt }, example);
            let (slope, rules) = derivative(&formula, z);
            if slope.is_zero() {
                continue;
            }
            let target = Symbol::for_example(Quantity::ActivationSlope { layer, of, wrt }, example);
            let mut definition = Definition::new(target, slope.clone());
            definition.rules = rules;
            let folded = factor_common(&fold_definitions(&slope, network, layer, example));
            if folded != slope {
                definition.rewrites.push(Rewrite {
                    expr: folded,
                    rule: RuleName::SubstituteDefinition,
                });
            }
            definitions.push(definition);
        }
    }
    definitions
}

/// δ_j = Σ_k (∂L/∂a_k)(∂a_k/∂z_j) over the slopes that exist.
fn delta_formula(
    layer: LayerId,
    wrt: UnitId,
    upstream: &dyn Fn(UnitId) -> Expr,
    slopes: &[Definition],
    example: Option<ExampleId>,
) -> Expr {
    let terms: Vec<Expr> = slopes
        .iter()
        .filter_map(|d| match d.target.quantity {
            Quantity::ActivationSlope { of, wrt: w, .. } if w == wrt => Some(Node::Mul(vec![
                upstream(of),
                sym(Quantity::ActivationSlope { layer, of, wrt }, example),
            ])),
            _ => None,
        })
        .collect();
    if terms.is_empty() {
        Expr::int(0)
    } else {
        Node::sum(terms)
    }
}

pub(super) fn backward_definitions(
    network: &Network,
    example: Option<ExampleId>,
) -> Vec<Definition> {
    let mut definitions = Vec::new();
    let output = network.output_layer();
    let loss = loss_formula(network, example);
    let loss_symbol = Symbol::for_example(Quantity::Loss, example);
    let mut loss_slopes = Vec::new();
    for unit in network.layer(output).unit_ids() {
        let y_hat = Symbol::for_example(
            Quantity::Activation {
                layer: output,
                unit,
            },
            example,
        );
        let (slope, rules) = derivative(&loss, y_hat);
        let mut definition = Definition::new(
            Symbol::for_example(Quantity::LossSlope { unit }, loss_symbol.example),
            slope,
        );
        definition.rules = rules;
        loss_slopes.push(definition);
    }
    let slopes = slope_definitions(network, output, example);
    let mut deltas = Vec::new();
    for unit in network.layer(output).unit_ids() {
        let upstream = |of: UnitId| sym(Quantity::LossSlope { unit: of }, example);
        let formula = delta_formula(output, unit, &upstream, &slopes, example);
        let mut definition = Definition::new(
            Symbol::for_example(
                Quantity::Delta {
                    layer: output,
                    unit,
                },
                example,
            ),
            formula,
        );
        definition.rules = vec![RuleName::ChainRule];
        if let Some(rewrites) =
            collapse_output_error(network, &definition.formula, &loss_slopes, &slopes, example)
        {
            definition.rewrites = rewrites;
        }
        deltas.push(definition);
    }
    // Factors replaced by a collapsed product are shown but not computed.
    let collapsed = !deltas.is_empty() && deltas.iter().all(|d| !d.rewrites.is_empty());
    let mut slopes = slopes;
    for definition in loss_slopes.iter_mut().chain(slopes.iter_mut()) {
        definition.evaluated = !collapsed;
    }
    definitions.extend(loss_slopes);
    definitions.extend(slopes);
    definitions.extend(deltas);
    definitions.extend(gradient_definitions(network, output, example));
    for layer in network.layer_ids().rev().skip(1) {
        definitions.extend(hidden_error_definitions(network, layer, example));
        definitions.extend(gradient_definitions(network, layer, example));
    }
    definitions
}

/// When substituting the factors into the output error's chain-rule
/// product and collecting terms gives something shorter (σ with binary
/// cross-entropy, softmax with cross-entropy, identity with squared error:
/// `ŷ − y`), the rewrites that show it.
fn collapse_output_error(
    network: &Network,
    formula: &Expr,
    loss_slopes: &[Definition],
    slopes: &[Definition],
    example: Option<ExampleId>,
) -> Option<Vec<Rewrite>> {
    let mut substituted = formula.clone();
    for definition in loss_slopes.iter().chain(slopes) {
        substituted = substituted.substitute(&definition.target, definition.computed());
    }
    let substituted = simplify(&substituted);
    let mut rewrites = vec![Rewrite {
        expr: substituted.clone(),
        rule: RuleName::ChainRule,
    }];
    let mut poly = normalize(&substituted)?;
    rewrites.push(Rewrite {
        expr: to_expr(&poly),
        rule: RuleName::CancelAndCollect,
    });
    if targets_sum_to_one(network) {
        let targets: Vec<Symbol> = network
            .layer(network.output_layer())
            .unit_ids()
            .map(|unit| Symbol::for_example(Quantity::Target { unit }, example))
            .collect();
        if let Some(summed) = apply_targets_sum_to_one(&poly, &targets) {
            poly = summed;
            rewrites.push(Rewrite {
                expr: to_expr(&poly),
                rule: RuleName::TargetsSumToOne,
            });
        }
    }
    let last = to_expr(&poly);
    (last.size() < substituted.size()).then_some(rewrites)
}

/// Whether Σ_k y_k = 1 may be used: the loss requires it, or a softmax
/// output is trained on targets that each add up to 1.
pub(super) fn targets_sum_to_one(network: &Network) -> bool {
    let output = &network.layer(network.output_layer()).activation;
    network.loss.targets() == Targets::Distribution
        || output.is_vector()
            && network.examples.iter().all(|example| {
                let one = num_rational::BigRational::from_integer(1.into());
                example
                    .target
                    .iter()
                    .map(|t| &t.value)
                    .sum::<num_rational::BigRational>()
                    == one
            })
}

fn hidden_error_definitions(
    network: &Network,
    layer: LayerId,
    example: Option<ExampleId>,
) -> Vec<Definition> {
    let next = LayerId(layer.0 + 1);
    let mut definitions = Vec::new();
    for unit in network.layer(layer).unit_ids() {
        let a = Symbol::for_example(Quantity::Activation { layer, unit }, example);
        let mut rules = Vec::new();
        let terms: Vec<Expr> = network
            .layer(next)
            .unit_ids()
            .filter_map(|i| {
                let z_next = pre_activation_formula(network, next, i, example);
                let (local, used) = derivative(&z_next, a);
                rules.extend(used);
                (!local.is_zero()).then(|| {
                    Node::Mul(vec![
                        local,
                        sym(
                            Quantity::Delta {
                                layer: next,
                                unit: i,
                            },
                            example,
                        ),
                    ])
                })
            })
            .collect();
        let formula = if terms.is_empty() {
            Expr::int(0)
        } else {
            Node::sum(terms)
        };
        let mut definition = Definition::new(
            Symbol::for_example(Quantity::Backflow { layer, unit }, example),
            formula,
        );
        rules.insert(0, RuleName::ChainRule);
        rules.dedup();
        definition.rules = rules;
        definitions.push(definition);
    }
    let slopes = slope_definitions(network, layer, example);
    let mut deltas = Vec::new();
    for unit in network.layer(layer).unit_ids() {
        let upstream = |of: UnitId| sym(Quantity::Backflow { layer, unit: of }, example);
        let formula = delta_formula(layer, unit, &upstream, &slopes, example);
        let mut definition = Definition::new(
            Symbol::for_example(Quantity::Delta { layer, unit }, example),
            formula,
        );
        definition.rules = vec![RuleName::ChainRule];
        deltas.push(definition);
    }
    definitions.extend(slopes);
    definitions.extend(deltas);
    definitions
}

/// ∂L/∂W_ij = δ_i · ∂z_i/∂W_ij and ∂L/∂b_i = δ_i · ∂z_i/∂b_i.
fn gradient_definitions(
    network: &Network,
    layer: LayerId,
    example: Option<ExampleId>,
) -> Vec<Definition> {
    let mut definitions = Vec::new();
    let has_bias = network.layer(layer).biases.is_some();
    for to in network.layer(layer).unit_ids() {
        let z = pre_activation_formula(network, layer, to, example);
        let delta = sym(Quantity::Delta { layer, unit: to }, example);
        let mut parameters: Vec<(Quantity, Symbol)> = (0..network.fan_in(layer))
            .map(|j| {
                let from = UnitId(j);
                (
                    Quantity::WeightGradient { layer, to, from },
                    Symbol::of(Quantity::Weight { layer, to, from }),
                )
            })
            .collect();
        if has_bias {
            parameters.push((
                Quantity::BiasGradient { layer, unit: to },
                Symbol::of(Quantity::Bias { layer, unit: to }),
            ));
        }
        for (gradient, parameter) in parameters {
            let (local, mut rules) = derivative(&z, parameter);
            rules.insert(0, RuleName::ChainRule);
            let formula = simplify(&Node::Mul(vec![delta.clone(), local]));
            let mut definition = Definition::new(Symbol::for_example(gradient, example), formula);
            definition.rules = rules;
            definitions.push(definition);
        }
    }
    definitions
}
