//! The checked network: every shape agrees, every name is known, every
//! number is an exact rational together with the text it was written as.

use std::sync::Arc;

use num_rational::BigRational;

use super::ids::{ExampleId, LayerId, UnitId};
use super::settings::Settings;
use crate::functions::term;
use crate::functions::{
    ActivationCard, Argument, Combine, Formula, Func, LossCard, NamedFunction, Node, Output, Shape,
    Targets, Term, Var,
};

/// An exact number from the input, with the text it was written as (so the
/// report can echo `0.5` as `0.5`, not `0.5000`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Literal {
    /// The exact value.
    pub value: BigRational,
    /// The text, with a Unicode minus replaced by `-` and spaces removed.
    pub text: String,
}

/// A checked network and everything needed to train it.
#[derive(Debug, Clone, PartialEq)]
pub struct Network {
    /// The report's title.
    pub title: String,
    /// The name given to the input vector (`x`).
    pub input_name: String,
    /// The name given to the target vector (`y`).
    pub target_name: String,
    /// The dense layers in forward order; never empty.
    pub layers: Vec<Layer>,
    /// Training examples in order; never empty; every input has
    /// `layers[0]` columns and every target `layers.last()` units.
    pub examples: Vec<Example>,
    /// The loss function.
    pub loss: Loss,
    /// The functions defined in the file, in the order written (used or not).
    pub definitions: Vec<Definition>,
    /// The learning rate η (> 0).
    pub learning_rate: Literal,
    /// Number of SGD steps (≥ 1).
    pub steps: u64,
    /// One update per step over all examples, or one per example.
    pub batch: Batch,
    /// How per-example losses and gradients combine.
    pub reduction: Reduction,
    /// Precision, rounding and carry.
    pub settings: Settings,
    /// Show exactly carried rationals as fractions (`fractions = true`, a
    /// longhand extension of the language, or `--fractions`).
    pub fractions: bool,
    /// Every value drawn at random, in the order drawn, with where its
    /// draw was written (empty for a file without draws).
    pub drawn: Vec<Drawn>,
    /// The file's `require` conditions, as written (read and judged by
    /// [`crate::audit::requirements`]); only a file with draws has any.
    pub requirements: Vec<Requirement>,
    /// The symbols the report writes (`notation = "nielsen"`, `notation { … }`).
    pub symbols: super::symbols::Symbols,
    /// The author's notes, in the order written.
    pub notes: Vec<super::author::Note>,
    /// `notation = scalar | vector | both`, or `--notation`; `None` for the
    /// default ([`super::Forms::default_for`]).
    pub notation: Option<super::Forms>,
    /// `remarks = all | none | NAME`: which remarks on the numbers are made.
    pub remarks: super::Remarks,
    /// The update rule (`sgd` unless the file says otherwise).
    pub optimizer: super::Optimizer,
    /// λ of `weight_decay = λ` (λ/2 Σ W² added to the loss), when nonzero.
    pub weight_decay: Option<Literal>,
    /// λ of `decoupled_weight_decay = λ` (θ ← θ − ηλθ), when nonzero.
    pub decoupled_weight_decay: Option<Literal>,
    /// `appendix = numpy`, or `--appendix numpy`: a NumPy program after the worked example.
    pub appendix: super::Appendix,
}

/// A value drawn by `uniform(...)`, and where the draw was written: a
/// draw that fills a vector or a matrix gives several values for one place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drawn {
    /// The draw in the source.
    pub span: crate::source::Span,
    /// The value as an author would write it (`-0.3`, `1/3`).
    pub text: String,
    /// For a drawn matrix, the number of its columns; 0 otherwise.
    pub columns: usize,
}

/// A `require CONDITION` statement: a condition every variant of an
/// exercise must meet (`x != 0`, `|delta| >= 0.001`, `loss_decreases`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requirement {
    /// The condition as written.
    pub condition: String,
    /// Where the condition is in the source.
    pub span: crate::source::Span,
}

/// One dense layer: `a = activation(W a_prev + b)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Layer {
    /// The name the file gave it (`hidden`).
    pub name: String,
    /// Its activation function.
    pub activation: Activation,
    /// Weights: `units` rows of `inputs` columns.
    pub weights: Parameter,
    /// Biases (one row of `units` entries), or `None` when the layer has no bias.
    pub biases: Option<Parameter>,
}

/// A weight matrix or bias vector with its frozen flag.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    /// Row-major values; a bias vector is stored as one column (`units` rows of 1).
    pub rows: Vec<Vec<Literal>>,
    /// `frozen`: the gradient is shown but the value is never updated.
    pub frozen: bool,
}

/// One training example.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// Input vector.
    pub input: Vec<Literal>,
    /// Target vector.
    pub target: Vec<Literal>,
}

/// An activation function of a layer: a card of the function table or a
/// definition from the file, with its arguments.
#[derive(Debug, Clone, PartialEq)]
pub struct Activation {
    /// Which function.
    pub function: ActivationFunction,
    /// Its parameters' values, one per parameter of the card (defaults filled in).
    pub arguments: Vec<Literal>,
}

/// Where an activation is defined.
#[derive(Debug, Clone, PartialEq)]
pub enum ActivationFunction {
    /// A built-in function.
    Card(&'static ActivationCard),
    /// `activation NAME(z) = …` in the file.
    Defined(Arc<NamedFunction>),
}

/// A loss function: a card of the function table or a definition from the file.
#[derive(Debug, Clone, PartialEq)]
pub enum Loss {
    /// A built-in loss.
    Card(&'static LossCard),
    /// `loss NAME(y, yhat) = …` in the file: its term for one output unit,
    /// summed over the output units.
    Defined(Arc<DefinedLoss>),
}

/// A loss defined in the file.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DefinedLoss {
    /// Its name.
    pub name: String,
    /// Its term for one output unit, in `y` and `yhat`.
    pub term: Formula,
}

/// A function defined in the file, in the order they are written.
#[derive(Debug, Clone, PartialEq)]
pub enum Definition {
    /// `activation NAME(z) = …`.
    Activation(Arc<NamedFunction>),
    /// `loss NAME(y, yhat) = …`.
    Loss(Arc<DefinedLoss>),
}

impl Definition {
    /// Its name.
    pub fn name(&self) -> &str {
        match self {
            Definition::Activation(f) => &f.name,
            Definition::Loss(l) => &l.name,
        }
    }
}

/// What an activation computes, read from its card or definition.
#[derive(Debug, Clone, PartialEq)]
pub enum ActivationShape {
    /// `a = f(z)` for each unit: the formula in `z`. A formula that is not
    /// a single building block applied to `z` (or `z` itself) is wrapped in
    /// [`Func::Named`] so it keeps its name in the report.
    Elementwise(Formula),
    /// Softmax over the whole layer.
    Softmax,
}

/// How many examples feed each update.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Batch {
    /// One update per step from the loss over all examples.
    Full,
    /// One update per example, in order (online SGD).
    Single,
}

/// How per-example losses and gradients combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reduction {
    /// The average over examples.
    Mean,
    /// The sum over examples.
    Sum,
}

impl Activation {
    /// A built-in activation with its parameters' defaults.
    pub fn card(card: &'static ActivationCard) -> Activation {
        Activation {
            function: ActivationFunction::Card(card),
            arguments: card
                .parameters
                .iter()
                .map(|p| Literal {
                    value: p.default_rational(),
                    text: p.default.to_owned(),
                })
                .collect(),
        }
    }

    /// Its parameters' values as a card's formula takes them.
    fn card_arguments(&self) -> Vec<Argument> {
        self.arguments
            .iter()
            .map(|a| Argument {
                value: a.value.clone(),
                text: a.text.clone(),
            })
            .collect()
    }

    /// Where its outputs lie, from its card; a function defined in the
    /// file declares none, so nothing is said about it.
    pub fn range(&self) -> Option<crate::functions::Range> {
        match &self.function {
            ActivationFunction::Card(card) => Some((card.range)(&self.card_arguments())),
            ActivationFunction::Defined(_) => None,
        }
    }

    /// How large its slope can be, from its card (none for a function
    /// defined in the file, or for softmax).
    pub fn slope_bound(&self) -> Option<crate::functions::SlopeBound> {
        match &self.function {
            ActivationFunction::Card(card) => (card.slope)(&self.card_arguments()),
            ActivationFunction::Defined(_) => None,
        }
    }

    /// The name as written in `.net` files.
    pub fn name(&self) -> &str {
        match &self.function {
            ActivationFunction::Card(card) => card.name(),
            ActivationFunction::Defined(f) => &f.name,
        }
    }

    /// What it computes.
    pub fn shape(&self) -> ActivationShape {
        match &self.function {
            ActivationFunction::Card(card) => match card.shape {
                Shape::Elementwise(formula) => {
                    let arguments: Vec<Argument> = self
                        .arguments
                        .iter()
                        .map(|a| Argument {
                            value: a.value.clone(),
                            text: a.text.clone(),
                        })
                        .collect();
                    ActivationShape::Elementwise(named_unless_simple(
                        card.name(),
                        formula(&arguments),
                    ))
                }
                Shape::Softmax => ActivationShape::Softmax,
            },
            ActivationFunction::Defined(f) => {
                ActivationShape::Elementwise(term::of_z(Func::Named(Arc::clone(f))))
            }
        }
    }

    /// Whether it is a function of the whole layer (softmax).
    pub fn is_vector(&self) -> bool {
        self.shape() == ActivationShape::Softmax
    }
}

/// `f(z)` or `z` as it is; any other formula as `name(z)` defined by it.
fn named_unless_simple(name: &str, formula: Formula) -> Formula {
    let simple = match &formula {
        Node::Leaf(Term::Var(Var::Z)) => true,
        Node::Apply(_, argument) => **argument == Node::Leaf(Term::Var(Var::Z)),
        _ => false,
    };
    if simple {
        formula
    } else {
        term::of_z(Func::Named(Arc::new(NamedFunction {
            name: name.to_owned(),
            body: formula,
        })))
    }
}

impl Loss {
    /// The name as written in `.net` files.
    pub fn name(&self) -> &str {
        match self {
            Loss::Card(card) => card.name(),
            Loss::Defined(l) => &l.name,
        }
    }

    /// The term of one output unit, in `y` and `yhat`.
    pub fn term(&self) -> Formula {
        match self {
            Loss::Card(card) => (card.term)(),
            Loss::Defined(l) => l.term.clone(),
        }
    }

    /// How the output units' terms combine (a defined loss is summed).
    pub fn combine(&self) -> Combine {
        match self {
            Loss::Card(card) => card.combine,
            Loss::Defined(_) => Combine::Sum,
        }
    }

    /// What the targets must be.
    pub fn targets(&self) -> Targets {
        match self {
            Loss::Card(card) => card.targets,
            Loss::Defined(_) => Targets::Any,
        }
    }

    /// What the output layer must be.
    pub fn output(&self) -> Output {
        match self {
            Loss::Card(card) => card.output,
            Loss::Defined(_) => Output::Any,
        }
    }
}

impl Network {
    /// Which forms of each step the worked example writes.
    pub fn forms(&self) -> super::Forms {
        self.notation
            .unwrap_or_else(|| super::Forms::default_for(self))
    }

    /// The layer with this id.
    ///
    /// # Panics
    /// Never for ids produced from this network (`0..layers.len()`).
    pub fn layer(&self, id: LayerId) -> &Layer {
        &self.layers[id.0]
    }

    /// Ids of all layers in forward order.
    pub fn layer_ids(&self) -> impl DoubleEndedIterator<Item = LayerId> + use<> {
        (0..self.layers.len()).map(LayerId)
    }

    /// The output layer's id.
    pub fn output_layer(&self) -> LayerId {
        LayerId(self.layers.len().saturating_sub(1))
    }

    /// Number of input components.
    pub fn input_size(&self) -> usize {
        self.layers.first().map_or(0, Layer::inputs)
    }

    /// Number of units of the layer before `layer` (the input size for the first layer).
    pub fn fan_in(&self, layer: LayerId) -> usize {
        self.layer(layer).inputs()
    }

    /// Ids of all examples in order.
    pub fn example_ids(&self) -> impl Iterator<Item = ExampleId> + use<> {
        (0..self.examples.len()).map(ExampleId)
    }

    /// Total number of trainable parameter entries (weights and biases).
    pub fn parameter_count(&self) -> usize {
        self.layers
            .iter()
            .map(|l| l.units() * (l.inputs() + usize::from(l.biases.is_some())))
            .sum()
    }
}

impl Layer {
    /// Number of units (rows of W).
    pub fn units(&self) -> usize {
        self.weights.rows.len()
    }

    /// Number of inputs (columns of W).
    pub fn inputs(&self) -> usize {
        self.weights.rows.first().map_or(0, Vec::len)
    }

    /// Ids of this layer's units.
    pub fn unit_ids(&self) -> impl Iterator<Item = UnitId> + use<> {
        (0..self.units()).map(UnitId)
    }

    /// The weight from unit `from` of the layer before to unit `to`.
    pub fn weight(&self, to: UnitId, from: UnitId) -> &Literal {
        &self.weights.rows[to.0][from.0]
    }
}
