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

mod backward;
mod fold;
pub mod optimizer;

use super::expr::{Expr, Func, Node};
use super::quantity::{Quantity, Symbol};
use super::rules::{RuleName, computable_form, use_definitions};
use super::simplify::reciprocal;
use crate::functions::{Combine, Var};
use crate::model::ids::{ExampleId, LayerId, UnitId};
use crate::model::{ActivationShape, Batch, Network, Reduction};
use backward::backward_definitions;

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

    /// Whether the definition only carries a value over (`W' = W` for a
    /// frozen parameter, `a = z` for the identity): nothing is computed, so
    /// no carry mode rounds it and the value keeps its exactness (a frozen
    /// parameter keeps its given value through every update).
    pub fn is_copy(&self) -> bool {
        matches!(self.computed(), Node::Leaf(super::expr::Atom::Sym(_)))
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

/// What the programs of a network read from its numbers rather than from
/// its shape and settings: two networks that differ only in their numbers
/// (the variants of an exercise) have the same programs when their keys
/// are equal, so the programs are derived once for all of them
/// ([`crate::numeric::run::Programs`]). Anything new a program decides by
/// looking at a number belongs here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct NumberKey {
    /// Whether Σ_k y_k = 1 is used (softmax targets that add up to 1).
    targets_sum_to_one: bool,
}

/// The [`NumberKey`] of a network.
pub fn number_key(network: &Network) -> NumberKey {
    NumberKey {
        targets_sum_to_one: backward::targets_sum_to_one(network),
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
    optimizer::add_penalty_gradients(network, &mut definitions);
    definitions.extend(optimizer::update_definitions(network));
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
            optimizer::with_penalty(network, reduce(network.reduction, losses)),
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

/// a_i as a function of the layer's z: the activation's formula at z_i
/// (`σ(z_i)`, `z_i`, `swish(z_i)`), or `e^(z_i) / Σ_k e^(z_k)` for softmax.
fn activation_formula(
    network: &Network,
    layer: LayerId,
    unit: UnitId,
    example: Option<ExampleId>,
) -> Expr {
    let z = sym(Quantity::PreActivation { layer, unit }, example);
    match network.layer(layer).activation.shape() {
        ActivationShape::Elementwise(formula) => Expr::instantiate(&formula, &|_| z.clone()),
        ActivationShape::Softmax => Node::Mul(vec![
            Expr::apply(Func::Exp, z),
            softmax_denominator(network, layer, example).pow(-1),
        ]),
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
            let written_out = use_definitions(&formula);
            if written_out != formula {
                definition.rewrites.push(Rewrite {
                    expr: written_out,
                    rule: RuleName::UseDefinition,
                });
            }
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

/// The loss of one example as a formula in ŷ and y: the loss's term at
/// each output unit, combined as its card says (a defined loss is summed).
pub fn loss_formula(network: &Network, example: Option<ExampleId>) -> Expr {
    let output = network.output_layer();
    let units: Vec<UnitId> = network.layer(output).unit_ids().collect();
    let term = network.loss.term();
    let at = |unit: UnitId| {
        Expr::instantiate(&term, &|v| match v {
            Var::Y => sym(Quantity::Target { unit }, example),
            Var::YHat => sym(
                Quantity::Activation {
                    layer: output,
                    unit,
                },
                example,
            ),
            // A loss's term has no `z` (the model refuses one).
            Var::Z => Expr::var(Var::Z),
        })
    };
    let sum = Node::sum(units.iter().map(|u| at(*u)).collect());
    match network.loss.combine() {
        Combine::Sum => sum,
        Combine::HalfSum => Node::Mul(vec![Expr::ratio(1, 2), sum]),
        // (1/n) Σ; with one output unit the factor 1/1 is left out.
        Combine::MeanOverUnits if units.len() == 1 => sum,
        Combine::MeanOverUnits => Node::Mul(vec![reciprocal(units.len()), sum]),
        Combine::NegatedSum => sum.negate(),
    }
}

/// The loss of one example; the loss of the update as a whole (`example`
/// `None`) includes the weight-decay penalty.
fn loss_definition(network: &Network, example: Option<ExampleId>) -> Definition {
    let loss = loss_formula(network, example);
    let formula = match example {
        None => optimizer::with_penalty(network, loss),
        Some(_) => loss,
    };
    Definition::new(Symbol::for_example(Quantity::Loss, example), formula)
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
        optimizer::with_penalty(
            network,
            reduce(network.reduction, per_example(Quantity::Loss)),
        ),
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
