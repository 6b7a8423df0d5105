//! The checked network: every shape agrees, every name is known, every
//! number is an exact rational together with the text it was written as.

use num_rational::BigRational;

use super::ids::{ExampleId, LayerId, UnitId};
use super::settings::Settings;

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

/// An activation function of a layer.
#[derive(Debug, Clone, PartialEq)]
pub enum Activation {
    /// σ(z) = 1 / (1 + e^(−z)).
    Sigmoid,
    /// tanh(z).
    Tanh,
    /// max(0, z); relu′(0) is taken as 0.
    Relu,
    /// z for z > 0, αz otherwise; the derivative at 0 is taken as α.
    LeakyRelu(Literal),
    /// z.
    Identity,
    /// ln(1 + e^z).
    Softplus,
    /// e^(z_i) / Σ_k e^(z_k); output layer only.
    Softmax,
}

/// A loss function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Loss {
    /// ½ Σ (y − ŷ)².
    HalfSquaredError,
    /// Σ (y − ŷ)².
    SquaredError,
    /// (1/n) Σ (y − ŷ)² over the n output units.
    MeanSquaredError,
    /// −Σ [y ln ŷ + (1 − y) ln(1 − ŷ)].
    BinaryCrossEntropy,
    /// −Σ y ln ŷ (with a softmax output layer).
    CrossEntropy,
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
    /// Every activation name the language knows (for suggestions).
    pub const NAMES: [&'static str; 7] = [
        "sigmoid",
        "tanh",
        "relu",
        "leaky_relu",
        "identity",
        "softplus",
        "softmax",
    ];

    /// The name as written in `.net` files.
    pub fn name(&self) -> &'static str {
        match self {
            Activation::Sigmoid => "sigmoid",
            Activation::Tanh => "tanh",
            Activation::Relu => "relu",
            Activation::LeakyRelu(_) => "leaky_relu",
            Activation::Identity => "identity",
            Activation::Softplus => "softplus",
            Activation::Softmax => "softmax",
        }
    }
}

impl Loss {
    /// Every loss with its name in the language.
    pub const ALL: [(Loss, &'static str); 5] = [
        (Loss::HalfSquaredError, "half_squared_error"),
        (Loss::SquaredError, "squared_error"),
        (Loss::MeanSquaredError, "mean_squared_error"),
        (Loss::BinaryCrossEntropy, "binary_cross_entropy"),
        (Loss::CrossEntropy, "cross_entropy"),
    ];

    /// The name as written in `.net` files.
    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(loss, _)| *loss == self)
            .map_or("loss", |(_, name)| name)
    }
}

impl Network {
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
