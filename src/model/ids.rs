//! Index newtypes. All are 0-based in code; the report's textbook notation
//! adds 1 (`LayerId(0)` is layer 1, the first layer after the input).

use serde::Serialize;

/// A layer of the network: `LayerId(0)` is the first layer after the input
/// (textbook layer 1); the input itself is layer 0 in textbook notation and
/// has no `LayerId`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct LayerId(pub usize);

/// A unit (neuron) within a layer, or a component of the input or target:
/// `UnitId(0)` is textbook unit 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct UnitId(pub usize);

/// A training example in the order given: `ExampleId(0)` is example 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct ExampleId(pub usize);

impl LayerId {
    /// The textbook layer number (1-based; the input is layer 0).
    pub fn number(self) -> usize {
        self.0 + 1
    }
}

impl UnitId {
    /// The textbook unit number (1-based).
    pub fn number(self) -> usize {
        self.0 + 1
    }
}

impl ExampleId {
    /// The example's number in the order given (1-based).
    pub fn number(self) -> usize {
        self.0 + 1
    }
}
