//! The vector and matrix form of each step (`notation = vector | both`):
//! a layer's weighted inputs as `z = W a + b` with the numbers in
//! matrices, its activation applied element-wise, the output error, the
//! recurrence `(Wᵀδ) ⊙ f′(z)`, the gradients as outer products `δ aᵀ`, the
//! update as matrix arithmetic, and the new parameters collected.
//!
//! The numbers are the values the unit-by-unit lines computed (one set of
//! numbers: the same rounded values, printed the same way), read from the
//! same environment; a vector line only arranges them. A step whose
//! unit-by-unit formulas are not the shape the vector form states (a
//! softmax Jacobian, a simplified output error) gets no vector line and
//! keeps its unit-by-unit lines.

mod optimizer;

use std::collections::HashMap;

use super::layout::{Display, Link, Relation};
use super::numbers::{NumberStyle, column, matrix};
use super::{Block, BlockKind};
use crate::model::ids::{ExampleId, LayerId, UnitId};
use crate::model::symbols::LayerIndex;
use crate::model::{ActivationFunction, Network};
use crate::numeric::run::Env;
use crate::symbolic::latex::{Notation, SlopeStyle, marked_new, operator_name};
use crate::symbolic::{Atom, Node, Quantity, Symbol};

/// What a vector line is written from.
#[derive(Clone, Copy)]
pub(super) struct Context<'a> {
    /// The network.
    pub network: &'a Network,
    /// The values.
    pub env: &'a Env,
    /// How numbers print.
    pub style: &'a NumberStyle,
    /// How scalar symbols are named (input and target names, slopes).
    pub notation: &'a Notation,
    /// What each unit-by-unit line of the pass printed as its value.
    pub printed: &'a HashMap<Symbol, String>,
}

/// What each line of `blocks` printed as its value (the last link of its
/// chain): the vector lines print exactly these, so a constant slope stays
/// `1` and a frozen parameter stays as the file wrote it.
pub(super) fn printed(blocks: &[Block]) -> HashMap<Symbol, String> {
    blocks
        .iter()
        .flat_map(|block| &block.lines)
        .filter(|line| line.value.is_some())
        .filter_map(|line| {
            let last = line.display.links.last()?;
            Some((line.target, last.math.clone()))
        })
        .collect()
}

impl Context<'_> {
    fn units(&self, layer: LayerId) -> usize {
        self.network.layer(layer).units()
    }

    fn inputs(&self, layer: LayerId) -> usize {
        self.network.layer(layer).inputs()
    }

    fn is_output(&self, layer: LayerId) -> bool {
        layer == self.network.output_layer()
    }

    fn primed(&self) -> bool {
        self.notation.primed_parameters
    }

    /// `name^{(ℓ)}` with the layer marked as the notation marks it
    /// (`^{(2)}`, `^{2}`, `_{2}`).
    fn layered(&self, name: &str, layer: LayerId) -> String {
        match self.notation.symbols.layer_index {
            LayerIndex::PlainSuperscript => format!("{name}^{{{}}}", layer.number()),
            LayerIndex::Subscript => format!("{name}_{{{}}}", layer.number()),
            LayerIndex::Superscript | LayerIndex::None => {
                format!("{name}^{{({})}}", layer.number())
            }
        }
    }

    /// A quantity of the forward pass, marked `new` after the update.
    fn forward(&self, symbol: String) -> String {
        if self.primed() {
            marked_new(&symbol)
        } else {
            symbol
        }
    }

    /// The notation's name for a layer's quantity, bold for a vector.
    fn named(&self, letters: &str, vector: bool) -> String {
        bold(letters, vector)
    }

    /// `\mathbf{z}^{(1)}`, or `z^{(2)}` for a layer of one unit.
    fn z(&self, layer: LayerId) -> String {
        let name = self.named(self.notation.symbols.pre_activation, self.units(layer) > 1);
        self.forward(self.layered(&name, layer))
    }

    /// The activations feeding `layer`: `\mathbf{x}` or `\mathbf{a}^{(1)}`.
    fn feeding(&self, layer: LayerId) -> String {
        match layer.0.checked_sub(1) {
            None => bold(&self.notation.input_name, self.network.input_size() > 1),
            Some(before) => self.a(LayerId(before)),
        }
    }

    /// `\mathbf{a}^{(1)}`, or `\hat{\mathbf{y}}` for the output layer.
    fn a(&self, layer: LayerId) -> String {
        let vector = self.units(layer) > 1;
        if self.is_output(layer) {
            if vector {
                format!("\\hat{{{}}}", bold(&self.notation.target_name, true))
            } else {
                format!("\\hat {}", self.notation.target_name)
            }
        } else {
            let name = self.named(self.notation.symbols.activation, vector);
            self.forward(self.layered(&name, layer))
        }
    }

    /// `\mathbf{W}^{(2)}`, primed in the forward pass after the update.
    fn w(&self, layer: LayerId, primed: bool) -> String {
        if primed {
            self.layered(
                &format!("{{\\mathbf{{{}}}'}}", self.notation.symbols.weight),
                layer,
            )
        } else {
            self.layered(
                &format!("\\mathbf{{{}}}", self.notation.symbols.weight),
                layer,
            )
        }
    }

    /// `\mathbf{b}^{(1)}` or `b^{(2)}`, primed after the update.
    fn b(&self, layer: LayerId, primed: bool) -> String {
        let name = bold("b", self.units(layer) > 1);
        if primed {
            self.layered(&format!("{{{name}'}}"), layer)
        } else {
            self.layered(&name, layer)
        }
    }

    /// `\boldsymbol{\delta}^{(1)}` or `\delta^{(2)}`.
    fn delta(&self, layer: LayerId) -> String {
        let name = if self.units(layer) > 1 {
            "\\boldsymbol{\\delta}"
        } else {
            "\\delta"
        };
        self.layered(name, layer)
    }

    /// `\nabla_{\mathbf{W}^{(1)}} \mathcal{L}`.
    fn gradient(&self, parameter: &str, example: Option<ExampleId>) -> String {
        format!(
            "\\nabla_{{{parameter}}} {}",
            self.notation
                .symbol(&Symbol::for_example(Quantity::Loss, example))
        )
    }

    /// The LaTeX of one value, as the unit-by-unit lines print it.
    fn number(&self, quantity: Quantity, example: Option<ExampleId>) -> Option<String> {
        let symbol = Symbol::for_example(quantity, example);
        if let Some(printed) = self.printed.get(&symbol) {
            return Some(printed.clone());
        }
        let shown = self
            .env
            .value(&Symbol::for_example(quantity, example))
            .or_else(|| self.env.value(&Symbol::of(quantity)))?;
        Some(self.style.latex(shown))
    }

    /// A column of values, or the value alone for a single entry.
    fn column(
        &self,
        count: usize,
        quantity: impl Fn(UnitId) -> Quantity,
        example: Option<ExampleId>,
    ) -> Option<String> {
        let entries = (0..count)
            .map(|unit| self.number(quantity(UnitId(unit)), example))
            .collect::<Option<Vec<String>>>()?;
        Some(match entries.as_slice() {
            [one] => one.clone(),
            _ => column(&entries),
        })
    }

    /// A matrix of values, `rows × columns`.
    fn matrix(
        &self,
        rows: usize,
        columns: usize,
        quantity: impl Fn(UnitId, UnitId) -> Quantity,
        example: Option<ExampleId>,
    ) -> Option<String> {
        let rows = (0..rows)
            .map(|row| {
                (0..columns)
                    .map(|col| self.number(quantity(UnitId(row), UnitId(col)), example))
                    .collect::<Option<Vec<String>>>()
            })
            .collect::<Option<Vec<Vec<String>>>>()?;
        Some(match rows.as_slice() {
            [row] if row.len() == 1 => row[0].clone(),
            _ => matrix(&rows),
        })
    }

    /// The values feeding `layer`, as a column.
    fn feeding_values(&self, layer: LayerId, example: Option<ExampleId>) -> Option<String> {
        match layer.0.checked_sub(1) {
            None => self.column(
                self.network.input_size(),
                |unit| Quantity::Input { unit },
                example,
            ),
            Some(before) => self.column(
                self.units(LayerId(before)),
                |unit| Quantity::Activation {
                    layer: LayerId(before),
                    unit,
                },
                example,
            ),
        }
    }

    /// The values feeding `layer`, as a row (transposed).
    fn feeding_row(&self, layer: LayerId, example: Option<ExampleId>) -> Option<String> {
        let (count, before) = match layer.0.checked_sub(1) {
            None => (self.network.input_size(), None),
            Some(before) => (self.units(LayerId(before)), Some(LayerId(before))),
        };
        let quantity = |unit| match before {
            None => Quantity::Input { unit },
            Some(layer) => Quantity::Activation { layer, unit },
        };
        self.matrix(1, count, |_, unit| quantity(unit), example)
    }

    /// How the layer's activation is named: `\sigma`, `\operatorname{softmax}`.
    fn activation(&self, layer: LayerId) -> String {
        match &self.network.layer(layer).activation.function {
            ActivationFunction::Card(card) => card.tex.to_owned(),
            ActivationFunction::Defined(f) => operator_name(&f.name),
        }
    }

    /// `\sigma'`, when the layer's slopes are one per unit.
    fn slope_name(&self, layer: LayerId) -> Option<String> {
        match self.notation.slopes.get(layer.0)? {
            SlopeStyle::Elementwise(name) => Some(format!("{name}'")),
            SlopeStyle::Jacobian => None,
        }
    }
}

/// `\mathbf{z}` or `z`.
fn bold(name: &str, vector: bool) -> String {
    if vector {
        format!("\\mathbf{{{name}}}")
    } else {
        name.to_owned()
    }
}

/// A number as a factor of a product: negative numbers in parentheses.
fn factor(number: &str) -> String {
    if number.starts_with('-') {
        format!("({number})")
    } else {
        number.to_owned()
    }
}

/// Whether `math` is a matrix or column (rather than one number).
fn is_matrix(math: &str) -> bool {
    math.starts_with("\\begin{pmatrix}")
}

/// The product of two printed factors: juxtaposed when both are matrices,
/// joined by `\cdot` when one is a number.
fn product(left: &str, right: &str) -> String {
    if is_matrix(left) && is_matrix(right) {
        format!("{left} {right}")
    } else {
        format!("{} \\cdot {}", factor(left), factor(right))
    }
}

/// `target = symbolic = numbers ≈ result`, laid out for every budget.
fn chain(
    target: String,
    symbolic: Option<String>,
    numbers: Option<String>,
    result: String,
    approx: bool,
) -> Display {
    let mut links: Vec<Link> = Vec::new();
    for math in [symbolic, numbers].into_iter().flatten() {
        if links.last().is_none_or(|l| l.math != math) && math != target {
            links.push(Link {
                relation: Relation::Equals,
                math,
            });
        }
    }
    if links.last().is_none_or(|l| l.math != result) {
        links.push(Link {
            relation: if approx {
                Relation::Approx
            } else {
                Relation::Equals
            },
            math: result,
        });
    }
    Display::new(target, links)
}

/// Whether any unit-by-unit line of the block rounded digits away.
fn approximate(block: &Block) -> bool {
    block.lines.iter().any(|line| {
        line.display
            .links
            .iter()
            .any(|link| link.relation == Relation::Approx)
    })
}

/// Whether each line's formula is the product of exactly the two symbols
/// `parts` names for its unit (δᵢ = (∂𝓛/∂ŷᵢ) f′(zᵢ), δᵢ = (Wᵀδ)ᵢ f′(zᵢ)).
fn elementwise_product(block: &Block, parts: impl Fn(UnitId) -> [Quantity; 2]) -> bool {
    block.lines.iter().all(|line| {
        let unit = match line.target.quantity {
            Quantity::Delta { unit, .. } => unit,
            _ => return false,
        };
        let Some(form) = line.forms.first() else {
            return false;
        };
        match &form.expr {
            Node::Mul(factors) if factors.len() == 2 => factors
                .iter()
                .zip(parts(unit))
                .all(|(f, q)| matches!(f, Node::Leaf(Atom::Sym(s)) if s.quantity == q)),
            _ => false,
        }
    })
}

/// The vector lines of a block (empty when it has no vector form).
pub(super) fn lines(context: &Context<'_>, block: &Block) -> Vec<Display> {
    let example = block.example;
    let approx = approximate(block);
    let lines = match block.kind {
        BlockKind::PreActivations(layer) => pre_activations(context, layer, example, approx),
        BlockKind::Activations(layer) => activations(context, layer, example, approx),
        BlockKind::OutputDeltas => output_deltas(context, block, approx),
        BlockKind::Backflows(layer) => backflows(context, layer, example, approx),
        BlockKind::Slopes(layer) => slopes(context, layer, example, approx),
        BlockKind::Deltas(layer) => deltas(context, block, layer, approx),
        BlockKind::Gradients(layer) => gradients(context, layer, example, approx),
        // Adam's βᵗ lines have no vector form of their own.
        BlockKind::Update(_)
            if block
                .lines
                .iter()
                .all(|l| matches!(l.target.quantity, Quantity::HyperPower(_))) =>
        {
            None
        }
        BlockKind::Update(layer) => update(context, layer, approx),
        BlockKind::Loss
        | BlockKind::LossSlopes
        | BlockKind::OutputSlopes
        | BlockKind::BatchLoss
        | BlockKind::BatchGradients => None,
    };
    lines.unwrap_or_default()
}

fn pre_activations(
    c: &Context<'_>,
    layer: LayerId,
    example: Option<ExampleId>,
    approx: bool,
) -> Option<Vec<Display>> {
    let primed = c.primed();
    let units = c.units(layer);
    let weights = c.matrix(
        units,
        c.inputs(layer),
        |to, from| Quantity::Weight { layer, to, from },
        example,
    )?;
    let mut symbolic = format!("{} {}", c.w(layer, primed), c.feeding(layer));
    let mut numbers = product(&weights, &c.feeding_values(layer, example)?);
    if c.network.layer(layer).biases.is_some() {
        symbolic.push_str(&format!(" + {}", c.b(layer, primed)));
        let biases = c.column(units, |unit| Quantity::Bias { layer, unit }, example)?;
        numbers.push_str(&format!(" + {}", factor(&biases)));
    }
    let result = c.column(
        units,
        |unit| Quantity::PreActivation { layer, unit },
        example,
    )?;
    Some(vec![chain(
        c.z(layer),
        Some(symbolic),
        Some(numbers),
        result,
        approx,
    )])
}

fn activations(
    c: &Context<'_>,
    layer: LayerId,
    example: Option<ExampleId>,
    approx: bool,
) -> Option<Vec<Display>> {
    let units = c.units(layer);
    if units < 2 {
        return None;
    }
    let f = c.activation(layer);
    let z = c.column(
        units,
        |unit| Quantity::PreActivation { layer, unit },
        example,
    )?;
    let result = c.column(units, |unit| Quantity::Activation { layer, unit }, example)?;
    Some(vec![chain(
        c.a(layer),
        Some(format!("{f}({})", c.z(layer))),
        Some(format!("{f} {z}")),
        result,
        approx,
    )])
}

fn output_deltas(c: &Context<'_>, block: &Block, approx: bool) -> Option<Vec<Display>> {
    let layer = c.network.output_layer();
    let units = c.units(layer);
    let slope = c.slope_name(layer)?;
    let elementwise = elementwise_product(block, |unit| {
        [
            Quantity::LossSlope { unit },
            Quantity::ActivationSlope {
                layer,
                of: unit,
                wrt: unit,
            },
        ]
    });
    if units < 2 || !elementwise {
        return None;
    }
    let example = block.example;
    let loss_slopes = c.column(units, |unit| Quantity::LossSlope { unit }, example)?;
    let slopes = c.column(
        units,
        |unit| Quantity::ActivationSlope {
            layer,
            of: unit,
            wrt: unit,
        },
        example,
    )?;
    let result = c.column(units, |unit| Quantity::Delta { layer, unit }, example)?;
    Some(vec![chain(
        c.delta(layer),
        Some(format!(
            "\\frac{{\\partial {}}}{{\\partial {}}} \\odot {slope}({})",
            c.notation
                .symbol(&Symbol::for_example(Quantity::Loss, example)),
            c.a(layer),
            c.z(layer)
        )),
        Some(format!("{loss_slopes} \\odot {slopes}")),
        result,
        approx,
    )])
}

fn backflows(
    c: &Context<'_>,
    layer: LayerId,
    example: Option<ExampleId>,
    approx: bool,
) -> Option<Vec<Display>> {
    let next = LayerId(layer.0 + 1);
    let units = c.units(layer);
    let next_units = c.units(next);
    // (Wᵀ)ᵢₖ = W_{k i}: the next layer's weights, transposed.
    let transposed = c.matrix(
        units,
        next_units,
        |i, k| Quantity::Weight {
            layer: next,
            to: k,
            from: i,
        },
        example,
    )?;
    let deltas = c.column(
        next_units,
        |unit| Quantity::Delta { layer: next, unit },
        example,
    )?;
    let result = c.column(units, |unit| Quantity::Backflow { layer, unit }, example)?;
    let target = format!("({})^\\top {}", c.w(next, false), c.delta(next));
    Some(vec![chain(
        target,
        None,
        Some(product(&transposed, &deltas)),
        result,
        approx,
    )])
}

fn slopes(
    c: &Context<'_>,
    layer: LayerId,
    example: Option<ExampleId>,
    approx: bool,
) -> Option<Vec<Display>> {
    let units = c.units(layer);
    let slope = c.slope_name(layer)?;
    if units < 2 {
        return None;
    }
    let z = c.column(
        units,
        |unit| Quantity::PreActivation { layer, unit },
        example,
    )?;
    let result = c.column(
        units,
        |unit| Quantity::ActivationSlope {
            layer,
            of: unit,
            wrt: unit,
        },
        example,
    )?;
    Some(vec![chain(
        format!("{slope}({})", c.z(layer)),
        None,
        Some(format!("{slope} {z}")),
        result,
        approx,
    )])
}

fn deltas(c: &Context<'_>, block: &Block, layer: LayerId, approx: bool) -> Option<Vec<Display>> {
    let units = c.units(layer);
    let slope = c.slope_name(layer)?;
    let elementwise = elementwise_product(block, |unit| {
        [
            Quantity::Backflow { layer, unit },
            Quantity::ActivationSlope {
                layer,
                of: unit,
                wrt: unit,
            },
        ]
    });
    if units < 2 || !elementwise {
        return None;
    }
    let example = block.example;
    let next = LayerId(layer.0 + 1);
    let backflows = c.column(units, |unit| Quantity::Backflow { layer, unit }, example)?;
    let slopes = c.column(
        units,
        |unit| Quantity::ActivationSlope {
            layer,
            of: unit,
            wrt: unit,
        },
        example,
    )?;
    let result = c.column(units, |unit| Quantity::Delta { layer, unit }, example)?;
    Some(vec![chain(
        c.delta(layer),
        Some(format!(
            "\\big(({})^\\top {}\\big) \\odot {slope}({})",
            c.w(next, false),
            c.delta(next),
            c.z(layer)
        )),
        Some(format!("{backflows} \\odot {slopes}")),
        result,
        approx,
    )])
}

fn gradients(
    c: &Context<'_>,
    layer: LayerId,
    example: Option<ExampleId>,
    approx: bool,
) -> Option<Vec<Display>> {
    let units = c.units(layer);
    let deltas = c.column(units, |unit| Quantity::Delta { layer, unit }, example)?;
    let weights = c.matrix(
        units,
        c.inputs(layer),
        |to, from| Quantity::WeightGradient { layer, to, from },
        example,
    )?;
    let feeding = c.feeding(layer);
    let transposed = if !feeding.starts_with("\\mathbf") {
        feeding
    } else if feeding.contains('^') {
        format!("({feeding})^\\top")
    } else {
        format!("{feeding}^\\top")
    };
    let mut lines = vec![chain(
        c.gradient(&c.w(layer, false), example),
        Some(format!("{} {transposed}", c.delta(layer))),
        Some(product(&deltas, &c.feeding_row(layer, example)?)),
        weights,
        approx,
    )];
    if c.network.layer(layer).biases.is_some() {
        let biases = c.column(
            units,
            |unit| Quantity::BiasGradient { layer, unit },
            example,
        )?;
        lines.push(chain(
            c.gradient(&c.b(layer, false), example),
            Some(c.delta(layer)),
            None,
            biases,
            false,
        ));
    }
    Some(lines)
}

fn update(c: &Context<'_>, layer: LayerId, approx: bool) -> Option<Vec<Display>> {
    // `W − η∇W` is plain gradient descent's step (∇W includes λW under
    // `weight_decay`); every other rule writes its state as matrices too.
    let network = c.network;
    if network.optimizer != crate::model::Optimizer::Sgd || network.decoupled_weight_decay.is_some()
    {
        return optimizer::update(c, layer, approx);
    }
    let units = c.units(layer);
    let inputs = c.inputs(layer);
    let rate = c.number(Quantity::LearningRate, None)?;
    let spec = c.network.layer(layer);
    let mut lines = Vec::new();
    let old = c.matrix(
        units,
        inputs,
        |to, from| Quantity::Weight { layer, to, from },
        None,
    )?;
    let new = c.matrix(
        units,
        inputs,
        |to, from| Quantity::NewWeight { layer, to, from },
        None,
    )?;
    lines.push(if spec.weights.frozen {
        chain(c.w(layer, true), Some(c.w(layer, false)), None, new, false)
    } else {
        let gradient = c.matrix(
            units,
            inputs,
            |to, from| Quantity::WeightGradient { layer, to, from },
            None,
        )?;
        chain(
            c.w(layer, true),
            Some(format!(
                "{} - {} {}",
                c.w(layer, false),
                c.notation.learning_rate(),
                c.gradient(&c.w(layer, false), None)
            )),
            Some(format!("{old} - {}", product(&rate, &gradient))),
            new,
            approx,
        )
    });
    if let Some(biases) = &spec.biases {
        let old = c.column(units, |unit| Quantity::Bias { layer, unit }, None)?;
        let new = c.column(units, |unit| Quantity::NewBias { layer, unit }, None)?;
        lines.push(if biases.frozen {
            chain(c.b(layer, true), Some(c.b(layer, false)), None, new, false)
        } else {
            let gradient = c.column(units, |unit| Quantity::BiasGradient { layer, unit }, None)?;
            chain(
                c.b(layer, true),
                Some(format!(
                    "{} - {} {}",
                    c.b(layer, false),
                    c.notation.learning_rate(),
                    c.gradient(&c.b(layer, false), None)
                )),
                Some(format!("{old} - {}", product(&rate, &gradient))),
                new,
                approx,
            )
        });
    }
    Some(lines)
}

/// One layer's new parameters: `W'⁽¹⁾ = …` and, if it has biases, `b'⁽¹⁾ = …`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collected {
    /// The weights' math.
    pub weights: String,
    /// The biases' math.
    pub biases: Option<String>,
}

/// The new parameters of every layer, one entry per layer, for the end of
/// the update (side by side on a page, one above the other when narrow).
pub(super) fn collected(c: &Context<'_>) -> Vec<Collected> {
    let mut out = Vec::new();
    for (index, spec) in c.network.layers.iter().enumerate() {
        let layer = LayerId(index);
        let units = spec.units();
        let Some(weights) = c.matrix(
            units,
            spec.inputs(),
            |to, from| Quantity::NewWeight { layer, to, from },
            None,
        ) else {
            continue;
        };
        let biases = if spec.biases.is_some() {
            c.column(units, |unit| Quantity::NewBias { layer, unit }, None)
                .map(|biases| format!("{} = {biases}", c.b(layer, true)))
        } else {
            None
        };
        out.push(Collected {
            weights: format!("{} = {weights}", c.w(layer, true)),
            biases,
        });
    }
    out
}
