//! Typed symbols: every quantity a worked example names.
//!
//! Indices are the 0-based newtypes of `model::ids`; the 1-based textbook
//! names are produced only by `latex.rs` and by [`Symbol::plain_name`].

use std::fmt;

use crate::model::Hyper;
use crate::model::ids::{ExampleId, LayerId, UnitId};

/// A trainable parameter, as the owner of optimizer state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Param {
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
}

impl Param {
    /// The parameter itself (before the update).
    pub fn quantity(self) -> Quantity {
        match self {
            Param::Weight { layer, to, from } => Quantity::Weight { layer, to, from },
            Param::Bias { layer, unit } => Quantity::Bias { layer, unit },
        }
    }

    /// The parameter after the update.
    pub fn updated(self) -> Quantity {
        match self {
            Param::Weight { layer, to, from } => Quantity::NewWeight { layer, to, from },
            Param::Bias { layer, unit } => Quantity::NewBias { layer, unit },
        }
    }

    /// The gradient of the loss with respect to the parameter.
    pub fn gradient(self) -> Quantity {
        match self {
            Param::Weight { layer, to, from } => Quantity::WeightGradient { layer, to, from },
            Param::Bias { layer, unit } => Quantity::BiasGradient { layer, unit },
        }
    }

    /// The parameter a parameter, gradient or updated-parameter quantity is about.
    pub fn of(quantity: Quantity) -> Option<Param> {
        match quantity {
            Quantity::Weight { layer, to, from }
            | Quantity::NewWeight { layer, to, from }
            | Quantity::WeightGradient { layer, to, from } => {
                Some(Param::Weight { layer, to, from })
            }
            Quantity::Bias { layer, unit }
            | Quantity::NewBias { layer, unit }
            | Quantity::BiasGradient { layer, unit } => Some(Param::Bias { layer, unit }),
            _ => None,
        }
    }

    /// The layer it belongs to.
    pub fn layer(self) -> LayerId {
        match self {
            Param::Weight { layer, .. } | Param::Bias { layer, .. } => layer,
        }
    }

    /// `W1_2_1`, `b2_1` (1-based).
    pub fn plain_name(self) -> String {
        match self {
            Param::Weight { layer, to, from } => {
                format!("W{}_{}_{}", layer.number(), to.number(), from.number())
            }
            Param::Bias { layer, unit } => format!("b{}_{}", layer.number(), unit.number()),
        }
    }
}

/// A value an optimizer keeps or derives for each parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StateKind {
    /// The velocity v of momentum and Nesterov.
    Velocity,
    /// The running mean of squared gradients s of RMSProp.
    Square,
    /// Adam's first moment m.
    M,
    /// Adam's second moment v.
    V,
    /// Adam's bias-corrected first moment m̂ (derived, not kept).
    MHat,
    /// Adam's bias-corrected second moment v̂ (derived, not kept).
    VHat,
}

impl StateKind {
    /// The name in the answer key and in claims (`m`, `vhat`).
    pub fn name(self) -> &'static str {
        match self {
            StateKind::Velocity | StateKind::V => "v",
            StateKind::Square => "s",
            StateKind::M => "m",
            StateKind::MHat => "mhat",
            StateKind::VHat => "vhat",
        }
    }

    /// Whether the value is kept from one update to the next.
    pub fn is_kept(self) -> bool {
        !matches!(self, StateKind::MHat | StateKind::VHat)
    }
}

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
    /// A constant of the update rule (β, ρ, β₁, β₂, ε, λ).
    Hyper(Hyper),
    /// β₁ᵗ or β₂ᵗ at this update's step t (given for each update).
    HyperPower(Hyper),
    /// Optimizer state of a parameter after this update (m, v, s, m̂, v̂).
    State {
        /// Which state.
        kind: StateKind,
        /// Whose.
        param: Param,
    },
    /// Optimizer state of a parameter before this update (zero at first).
    OldState {
        /// Which state.
        kind: StateKind,
        /// Whose.
        param: Param,
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
                | Quantity::Hyper(_)
                | Quantity::OldState { .. }
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
            Quantity::Hyper(h) => h.name().to_owned(),
            Quantity::HyperPower(h) => format!("{}^t", h.name()),
            Quantity::State { kind, param } => format!("{}({})", kind.name(), param.plain_name()),
            Quantity::OldState { kind, param } => {
                format!("{}_prev({})", kind.name(), param.plain_name())
            }
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
