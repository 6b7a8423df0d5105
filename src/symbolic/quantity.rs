//! Typed symbols: every quantity a worked example names.
//!
//! Indices are the 0-based newtypes of `model::ids`; the 1-based textbook
//! names are produced only by `latex.rs` and by [`Symbol::plain_name`].

use std::fmt;

use crate::model::ids::{ExampleId, LayerId, UnitId};

/// A quantity of the calculation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Quantity {
    /// Component `unit` of the input vector x.
    Input {
        /// Which component.
        unit: UnitId,
    },
    /// Component `unit` of the target vector y.
    Target {
        /// Which component.
        unit: UnitId,
    },
    /// The weight from unit `from` of the layer before to unit `to` of `layer`.
    Weight {
        /// Layer.
        layer: LayerId,
        /// Receiving unit (row).
        to: UnitId,
        /// Sending unit (column).
        from: UnitId,
    },
    /// The bias of unit `unit` of `layer`.
    Bias {
        /// Layer.
        layer: LayerId,
        /// Unit.
        unit: UnitId,
    },
    /// The learning rate η.
    LearningRate,
    /// z: the weighted input of a unit.
    PreActivation {
        /// Layer.
        layer: LayerId,
        /// Unit.
        unit: UnitId,
    },
    /// a: the output of a unit (ŷ for the output layer).
    Activation {
        /// Layer.
        layer: LayerId,
        /// Unit.
        unit: UnitId,
    },
    /// The loss of one example (or of the batch, when the symbol has no example).
    Loss,
    /// ∂L/∂ŷ for one output unit.
    LossSlope {
        /// Output unit.
        unit: UnitId,
    },
    /// ∂a_of/∂z_wrt within one layer (diagonal for elementwise activations).
    ActivationSlope {
        /// Layer.
        layer: LayerId,
        /// The activation differentiated.
        of: UnitId,
        /// The pre-activation it is differentiated by.
        wrt: UnitId,
    },
    /// ∂L/∂a for a hidden unit: the error flowing back through the next layer's weights.
    Backflow {
        /// Layer (a hidden layer).
        layer: LayerId,
        /// Unit.
        unit: UnitId,
    },
    /// δ = ∂L/∂z of a unit.
    Delta {
        /// Layer.
        layer: LayerId,
        /// Unit.
        unit: UnitId,
    },
    /// ∂L/∂W for one weight.
    WeightGradient {
        /// Layer.
        layer: LayerId,
        /// Receiving unit.
        to: UnitId,
        /// Sending unit.
        from: UnitId,
    },
    /// ∂L/∂b for one bias.
    BiasGradient {
        /// Layer.
        layer: LayerId,
        /// Unit.
        unit: UnitId,
    },
    /// A weight after the update.
    NewWeight {
        /// Layer.
        layer: LayerId,
        /// Receiving unit.
        to: UnitId,
        /// Sending unit.
        from: UnitId,
    },
    /// A bias after the update.
    NewBias {
        /// Layer.
        layer: LayerId,
        /// Unit.
        unit: UnitId,
    },
}

/// A quantity, for one training example or for the whole update.
///
/// `example` is `None` for parameters, for quantities of the update as a
/// whole (the batch gradient and loss), and for every quantity when the
/// update uses one example; it is `Some` for per-example quantities of a
/// batch of several examples.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Symbol {
    /// What is named.
    pub quantity: Quantity,
    /// Which example it belongs to, if several share the update.
    pub example: Option<ExampleId>,
}

impl Symbol {
    /// A symbol of the update as a whole (or of its only example).
    pub fn of(quantity: Quantity) -> Symbol {
        Symbol {
            quantity,
            example: None,
        }
    }

    /// A symbol belonging to one example of a batch.
    pub fn for_example(quantity: Quantity, example: Option<ExampleId>) -> Symbol {
        Symbol { quantity, example }
    }

    /// Whether this is a named quantity in the sense of `carry = quantity`
    /// (rounded once and carried rounded): z, a, losses, δ, gradients and
    /// updated parameters. Slopes and backflows are intermediate factors.
    pub fn is_named(&self) -> bool {
        !matches!(
            self.quantity,
            Quantity::LossSlope { .. }
                | Quantity::ActivationSlope { .. }
                | Quantity::Backflow { .. }
        )
    }

    /// Whether the value is given by the input rather than computed.
    pub fn is_given(&self) -> bool {
        matches!(
            self.quantity,
            Quantity::Input { .. }
                | Quantity::Target { .. }
                | Quantity::Weight { .. }
                | Quantity::Bias { .. }
                | Quantity::LearningRate
        )
    }

    /// A short 1-based ASCII name (`z1_2`, `dW2_1_2`, `delta2_1`), used in
    /// s-expressions and error messages.
    pub fn plain_name(&self) -> String {
        let base = match self.quantity {
            Quantity::Input { unit } => format!("x{}", unit.number()),
            Quantity::Target { unit } => format!("y{}", unit.number()),
            Quantity::Weight { layer, to, from } => {
                format!("W{}_{}_{}", layer.number(), to.number(), from.number())
            }
            Quantity::Bias { layer, unit } => format!("b{}_{}", layer.number(), unit.number()),
            Quantity::LearningRate => "eta".to_owned(),
            Quantity::PreActivation { layer, unit } => {
                format!("z{}_{}", layer.number(), unit.number())
            }
            Quantity::Activation { layer, unit } => {
                format!("a{}_{}", layer.number(), unit.number())
            }
            Quantity::Loss => "L".to_owned(),
            Quantity::LossSlope { unit } => format!("dL/dyhat{}", unit.number()),
            Quantity::ActivationSlope { layer, of, wrt } => {
                format!(
                    "da{}_{}/dz{}_{}",
                    layer.number(),
                    of.number(),
                    layer.number(),
                    wrt.number()
                )
            }
            Quantity::Backflow { layer, unit } => {
                format!("dL/da{}_{}", layer.number(), unit.number())
            }
            Quantity::Delta { layer, unit } => format!("delta{}_{}", layer.number(), unit.number()),
            Quantity::WeightGradient { layer, to, from } => {
                format!("dW{}_{}_{}", layer.number(), to.number(), from.number())
            }
            Quantity::BiasGradient { layer, unit } => {
                format!("db{}_{}", layer.number(), unit.number())
            }
            Quantity::NewWeight { layer, to, from } => {
                format!("W'{}_{}_{}", layer.number(), to.number(), from.number())
            }
            Quantity::NewBias { layer, unit } => format!("b'{}_{}", layer.number(), unit.number()),
        };
        match self.example {
            Some(example) => format!("{base}@{}", example.number()),
            None => base,
        }
    }
}

impl fmt::Display for Symbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.plain_name())
    }
}
