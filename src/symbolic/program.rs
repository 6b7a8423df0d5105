//! The worked example as a straight-line program of definitions, derived
//! from the network's formulas by the chain rule.
//!
//! Only the *forward* formulas are written here (a dense layer's
//! `z = Σ W a + b`, each activation's and each loss's formula, and the SGD
//! rule `θ − η g`). Every derivative — ∂L/∂ŷ, each activation slope, each δ,
//! each gradient — comes from [`differentiate`] applied to those formulas,
//! for any number of layers and units: reverse accumulation over the graph
//! of named quantities, one layer at a time, as micrograd's `backward` does
//! over its nodes.

use super::expr::{Atom, Expr, Func, Node};
use super::normal::{apply_targets_sum_to_one, normalize, to_expr};
use super::quantity::{Quantity, Symbol};
use super::rules::{RuleName, Trace, computable_form, differentiate};
use super::simplify::{factor_common, reciprocal, simplify};
use crate::model::ids::{ExampleId, LayerId, UnitId};
use crate::model::{Activation, Batch, Loss, Network, Reduction};

/// A symbolic rewrite shown between a formula and the form that is computed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rewrite {
    /// The formula after the rewrite.
    pub expr: Expr,
    /// What justified it.
    pub rule: RuleName,
}

/// One line of the calculation: a quantity and how it is obtained.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Definition {
    /// The quantity defined.
    pub target: Symbol,
    /// Its formula in terms of earlier quantities, as first written.
    pub formula: Expr,
    /// Rewrites from `formula` to the form that is computed (possibly none).
    pub rewrites: Vec<Rewrite>,
    /// The rules of differentiation that produced `formula`, if it is a derivative.
    pub rules: Vec<RuleName>,
    /// Whether the value is computed (false for factors shown only
    /// symbolically because a simplified product replaces them).
    pub evaluated: bool,
}

impl Definition {
    fn new(target: Symbol, formula: Expr) -> Self {
        Definition {
            target,
            formula,
            rewrites: Vec::new(),
            rules: Vec::new(),
            evaluated: true,
        }
    }

    /// The form that is evaluated: the last rewrite, or the formula.
    pub fn computed(&self) -> &Expr {
        self.rewrites.last().map_or(&self.formula, |r| &r.expr)
    }
}

/// The definitions of one SGD update, in the order they are computed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateProgram {
    /// Example tags of the batch: `[None]` for a single example (or online
    /// SGD), `[Some(0), Some(1), …]` for a full batch of several.
    pub batch: Vec<Option<ExampleId>>,
    /// Forward pass, loss, errors and gradients of every example, then the
    /// batch combination, then the update.
    pub definitions: Vec<Definition>,
}

/// The forward pass and loss alone (before training, or after the last update).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForwardProgram {
    /// Example tags, as in [`UpdateProgram::batch`].
    pub batch: Vec<Option<ExampleId>>,
    /// Forward pass and loss of each example, then the combined loss.
    pub definitions: Vec<Definition>,
}

fn sym(quantity: Quantity, example: Option<ExampleId>) -> Expr {
    Expr::sym(Symbol::for_example(quantity, example))
}

/// Example tags for an update of `network`.
pub fn batch_tags(network: &Network) -> Vec<Option<ExampleId>> {
    match network.batch {
        Batch::Full if network.examples.len() > 1 => network.example_ids().map(Some).collect(),
        _ => vec![None],
    }
}

/// The program of one SGD update.
pub fn update_program(network: &Network) -> UpdateProgram {
    let batch = batch_tags(network);
    let mut definitions = Vec::new();
    for example in &batch {
        definitions.extend(forward_definitions(network, *example));
        definitions.push(loss_definition(network, *example));
        definitions.extend(backward_definitions(network, *example));
    }
    if batch.len() > 1 {
        definitions.extend(combine_definitions(network, &batch));
    }
    definitions.extend(update_definitions(network));
    UpdateProgram { batch, definitions }
}

/// The program of a forward pass with losses (and the combined loss when
/// there are several examples; online SGD also reports the combined loss).
pub fn forward_program(network: &Network) -> ForwardProgram {
    let batch: Vec<Option<ExampleId>> = if network.examples.len() > 1 {
        network.example_ids().map(Some).collect()
    } else {
        vec![None]
    };
    let mut definitions = Vec::new();
    for example in &batch {
        definitions.extend(forward_definitions(network, *example));
        definitions.push(loss_definition(network, *example));
    }
    if batch.len() > 1 {
        let losses: Vec<Expr> = batch.iter().map(|e| sym(Quantity::Loss, *e)).collect();
        definitions.push(Definition::new(
            Symbol::of(Quantity::Loss),
            reduce(network.reduction, losses),
        ));
    }
    ForwardProgram { batch, definitions }
}

/// The activations feeding `layer`: the input for the first layer.
fn previous_activation(layer: LayerId, unit: UnitId) -> Quantity {
    if layer.0 == 0 {
        Quantity::Input { unit }
    } else {
        Quantity::Activation {
            layer: LayerId(layer.0 - 1),
            unit,
        }
    }
}

/// `z = Σ_j W_ij a_j + b_i`: the definition of a dense layer.
fn pre_activation_formula(
    network: &Network,
    layer: LayerId,
    unit: UnitId,
    example: Option<ExampleId>,
) -> Expr {
    let mut terms: Vec<Expr> = (0..network.fan_in(layer))
        .map(|j| {
            let from = UnitId(j);
            Node::Mul(vec![
                sym(
                    Quantity::Weight {
                        layer,
                        to: unit,
                        from,
                    },
                    None,
                ),
                sym(previous_activation(layer, from), example),
            ])
        })
        .collect();
    if network.layer(layer).biases.is_some() {
        terms.push(sym(Quantity::Bias { layer, unit }, None));
    }
    Node::sum(terms)
}

/// The elementwise function of an activation (`None` for identity and softmax).
fn elementwise(activation: &Activation) -> Option<Func> {
    match activation {
        Activation::Sigmoid => Some(Func::Sigmoid),
        Activation::Tanh => Some(Func::Tanh),
        Activation::Relu => Some(Func::Relu),
        Activation::LeakyRelu(alpha) => Some(Func::LeakyRelu(alpha.value.clone())),
        Activation::Softplus => Some(Func::Softplus),
        Activation::Identity | Activation::Softmax => None,
    }
}

/// `Σ_k e^(z_k)`: the softmax denominator of a layer.
fn softmax_denominator(network: &Network, layer: LayerId, example: Option<ExampleId>) -> Expr {
    Node::sum(
        network
            .layer(layer)
            .unit_ids()
            .map(|k| {
                Expr::apply(
                    Func::Exp,
                    sym(Quantity::PreActivation { layer, unit: k }, example),
                )
            })
            .collect(),
    )
}

/// a_i as a function of the layer's z: `σ(z_i)`, `z_i`, `e^(z_i) / Σ_k e^(z_k)`.
fn activation_formula(
    network: &Network,
    layer: LayerId,
    unit: UnitId,
    example: Option<ExampleId>,
) -> Expr {
    let z = sym(Quantity::PreActivation { layer, unit }, example);
    let activation = &network.layer(layer).activation;
    match (activation, elementwise(activation)) {
        (_, Some(func)) => Expr::apply(func, z),
        (Activation::Softmax, None) => Node::Mul(vec![
            Expr::apply(Func::Exp, z),
            softmax_denominator(network, layer, example).pow(-1),
        ]),
        _ => z,
    }
}

fn forward_definitions(network: &Network, example: Option<ExampleId>) -> Vec<Definition> {
    let mut definitions = Vec::new();
    for layer in network.layer_ids() {
        for unit in network.layer(layer).unit_ids() {
            let target = Symbol::for_example(Quantity::PreActivation { layer, unit }, example);
            definitions.push(Definition::new(
                target,
                pre_activation_formula(network, layer, unit, example),
            ));
        }
        for unit in network.layer(layer).unit_ids() {
            let target = Symbol::for_example(Quantity::Activation { layer, unit }, example);
            let formula = activation_formula(network, layer, unit, example);
            let mut definition = Definition::new(target, formula.clone());
            let computable = computable_form(&formula);
            if computable != formula {
                definition.rewrites.push(Rewrite {
                    expr: computable,
                    rule: RuleName::ExpandDefinition,
                });
            }
            definitions.push(definition);
        }
    }
    definitions
}

/// The loss of one example as a formula in ŷ and y.
pub fn loss_formula(network: &Network, example: Option<ExampleId>) -> Expr {
    let output = network.output_layer();
    let units: Vec<UnitId> = network.layer(output).unit_ids().collect();
    let y = |unit: UnitId| sym(Quantity::Target { unit }, example);
    let y_hat = |unit: UnitId| {
        sym(
            Quantity::Activation {
                layer: output,
                unit,
            },
            example,
        )
    };
    let residual_squared = |unit: UnitId| Node::Add(vec![y(unit), y_hat(unit).negate()]).pow(2);
    let sum = |f: &dyn Fn(UnitId) -> Expr| Node::sum(units.iter().map(|u| f(*u)).collect());
    match network.loss {
        Loss::HalfSquaredError => Node::Mul(vec![Expr::ratio(1, 2), sum(&residual_squared)]),
        Loss::SquaredError => sum(&residual_squared),
        // (1/n) Σ (y − ŷ)²; with one output unit the factor 1/1 is left out.
        Loss::MeanSquaredError if units.len() == 1 => sum(&residual_squared),
        Loss::MeanSquaredError => Node::Mul(vec![reciprocal(units.len()), sum(&residual_squared)]),
        Loss::BinaryCrossEntropy => sum(&|unit| {
            Node::Add(vec![
                Node::Mul(vec![y(unit), Expr::apply(Func::Ln, y_hat(unit))]),
                Node::Mul(vec![
                    Node::Add(vec![Expr::int(1), y(unit).negate()]),
                    Expr::apply(
                        Func::Ln,
                        Node::Add(vec![Expr::int(1), y_hat(unit).negate()]),
                    ),
                ]),
            ])
        })
        .negate(),
        Loss::CrossEntropy => {
            sum(&|unit| Node::Mul(vec![y(unit), Expr::apply(Func::Ln, y_hat(unit))])).negate()
        }
    }
}

fn loss_definition(network: &Network, example: Option<ExampleId>) -> Definition {
    Definition::new(
        Symbol::for_example(Quantity::Loss, example),
        loss_formula(network, example),
    )
}

/// Replaces an activation's own formula by the activation symbol it
/// defines: `σ(z₁)` → `a₁`, and for softmax `e^(z_m) · (Σ e^z)^−k` pairs → `a_m`.
fn fold_definitions(
    e: &Expr,
    network: &Network,
    layer: LayerId,
    example: Option<ExampleId>,
) -> Expr {
    let activation = &network.layer(layer).activation;
    let folded = match elementwise(activation) {
        Some(func) => fold_elementwise(e, &func, layer, example),
        None if *activation == Activation::Softmax => {
            let denominator = simplify(&softmax_denominator(network, layer, example));
            fold_softmax(e, &denominator, layer, example)
        }
        None => e.clone(),
    };
    simplify(&folded)
}

fn fold_elementwise(e: &Expr, func: &Func, layer: LayerId, example: Option<ExampleId>) -> Expr {
    match e {
        Node::Apply(f, argument) if f == func => {
            if let Node::Leaf(Atom::Sym(Symbol {
                quantity: Quantity::PreActivation { layer: l, unit },
                example: ex,
            })) = argument.as_ref()
                && *l == layer
                && *ex == example
            {
                return sym(Quantity::Activation { layer, unit: *unit }, example);
            }
            Expr::apply(f.clone(), fold_elementwise(argument, func, layer, example))
        }
        Node::Leaf(_) => e.clone(),
        Node::Add(items) => Node::Add(
            items
                .iter()
                .map(|i| fold_elementwise(i, func, layer, example))
                .collect(),
        ),
        Node::Mul(items) => Node::Mul(
            items
                .iter()
                .map(|i| fold_elementwise(i, func, layer, example))
                .collect(),
        ),
        Node::Neg(inner) => fold_elementwise(inner, func, layer, example).negate(),
        Node::Pow(inner, n) => fold_elementwise(inner, func, layer, example).pow(*n),
        Node::Apply(f, inner) => {
            Expr::apply(f.clone(), fold_elementwise(inner, func, layer, example))
        }
    }
}

fn fold_softmax(e: &Expr, denominator: &Expr, layer: LayerId, example: Option<ExampleId>) -> Expr {
    let recurse = |x: &Expr| fold_softmax(x, denominator, layer, example);
    match e {
        Node::Mul(items) => {
            let items: Vec<Expr> = items.iter().map(recurse).collect();
            pair_softmax_factors(items, denominator, layer, example)
        }
        Node::Leaf(_) => e.clone(),
        Node::Add(items) => Node::Add(items.iter().map(recurse).collect()),
        Node::Neg(inner) => recurse(inner).negate(),
        Node::Pow(inner, n) => recurse(inner).pow(*n),
        Node::Apply(f, inner) => Expr::apply(f.clone(), recurse(inner)),
    }
}

/// In one product, turns each `e^(z_m)` matched with one power of the
/// softmax denominator into `a_m`.
fn pair_softmax_factors(
    items: Vec<Expr>,
    denominator: &Expr,
    layer: LayerId,
    example: Option<ExampleId>,
) -> Expr {
    let mut available: i32 = 0;
    for item in &items {
        if let Node::Pow(base, n) = item
            && base.as_ref() == denominator
            && *n < 0
        {
            available -= n;
        }
    }
    let mut kept = Vec::with_capacity(items.len());
    let mut used = 0;
    for item in items {
        let (base, power) = match &item {
            Node::Pow(base, n) if *n > 0 => (base.as_ref().clone(), *n),
            other => (other.clone(), 1),
        };
        let unit = match &base {
            Node::Apply(Func::Exp, argument) => match argument.as_ref() {
                Node::Leaf(Atom::Sym(Symbol {
                    quantity: Quantity::PreActivation { layer: l, unit },
                    example: ex,
                })) if *l == layer && *ex == example => Some(*unit),
                _ => None,
            },
            _ => None,
        };
        match unit {
            Some(unit) if used + power <= available => {
                used += power;
                kept.push(sym(Quantity::Activation { layer, unit }, example).pow(power));
            }
            _ => kept.push(item),
        }
    }
    let remaining = available - used;
    let mut result: Vec<Expr> = kept
        .into_iter()
        .filter(
            |item| !matches!(item, Node::Pow(base, n) if base.as_ref() == denominator && *n < 0),
        )
        .collect();
    if remaining > 0 {
        result.push(denominator.clone().pow(-remaining));
    }
    Node::product(result)
}

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

fn backward_definitions(network: &Network, example: Option<ExampleId>) -> Vec<Definition> {
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
    if network.loss == Loss::CrossEntropy {
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

/// The mean (or sum) of per-example quantities.
fn reduce(reduction: Reduction, items: Vec<Expr>) -> Expr {
    let count = items.len();
    match reduction {
        Reduction::Mean => Node::Mul(vec![reciprocal(count), Node::Add(items)]),
        Reduction::Sum => Node::Add(items),
    }
}

/// Batch loss and batch gradients from the per-example ones.
fn combine_definitions(network: &Network, batch: &[Option<ExampleId>]) -> Vec<Definition> {
    let mut definitions = Vec::new();
    let per_example =
        |quantity: Quantity| batch.iter().map(|e| sym(quantity, *e)).collect::<Vec<_>>();
    definitions.push(Definition::new(
        Symbol::of(Quantity::Loss),
        reduce(network.reduction, per_example(Quantity::Loss)),
    ));
    for quantity in gradient_quantities(network) {
        definitions.push(Definition::new(
            Symbol::of(quantity),
            reduce(network.reduction, per_example(quantity)),
        ));
    }
    definitions
}

/// Every gradient quantity, layer by layer, weights before biases.
pub fn gradient_quantities(network: &Network) -> Vec<Quantity> {
    let mut quantities = Vec::new();
    for layer in network.layer_ids() {
        for to in network.layer(layer).unit_ids() {
            for j in 0..network.fan_in(layer) {
                quantities.push(Quantity::WeightGradient {
                    layer,
                    to,
                    from: UnitId(j),
                });
            }
        }
        if network.layer(layer).biases.is_some() {
            for unit in network.layer(layer).unit_ids() {
                quantities.push(Quantity::BiasGradient { layer, unit });
            }
        }
    }
    quantities
}

/// θ' = θ − η g for every parameter; a frozen parameter keeps its value.
fn update_definitions(network: &Network) -> Vec<Definition> {
    let eta = sym(Quantity::LearningRate, None);
    let mut definitions = Vec::new();
    for gradient in gradient_quantities(network) {
        let (parameter, updated, frozen) = match gradient {
            Quantity::WeightGradient { layer, to, from } => (
                Quantity::Weight { layer, to, from },
                Quantity::NewWeight { layer, to, from },
                network.layer(layer).weights.frozen,
            ),
            Quantity::BiasGradient { layer, unit } => (
                Quantity::Bias { layer, unit },
                Quantity::NewBias { layer, unit },
                network
                    .layer(layer)
                    .biases
                    .as_ref()
                    .is_some_and(|b| b.frozen),
            ),
            _ => continue,
        };
        let formula = if frozen {
            sym(parameter, None)
        } else {
            Node::Add(vec![
                sym(parameter, None),
                Node::Mul(vec![eta.clone(), sym(gradient, None)]).negate(),
            ])
        };
        definitions.push(Definition::new(Symbol::of(updated), formula));
    }
    definitions
}
