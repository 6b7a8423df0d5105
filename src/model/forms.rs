//! How the worked example writes each step (`notation = scalar | vector |
//! both`) and which remarks it makes (`remarks = all | none | [list]`).

use super::network::Network;

/// Which forms of each step the worked example writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Forms {
    /// Unit by unit only (`notation = scalar`).
    Scalar,
    /// Whole layers as vectors and matrices (`notation = vector`); steps
    /// with no vector form (the loss, a single output's slopes) stay scalar.
    Vector,
    /// The vector line first, then the unit-by-unit lines (`notation = both`).
    Both,
}

/// The widest layer (input included) for which `both` is the default.
pub const BOTH_UP_TO_UNITS: usize = 4;

impl Forms {
    /// Every choice with its name in the language.
    pub const ALL: [(Forms, &'static str); 3] = [
        (Forms::Scalar, "scalar"),
        (Forms::Vector, "vector"),
        (Forms::Both, "both"),
    ];

    /// The name used in `.net` files (`both`).
    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(forms, _)| *forms == self)
            .map_or("both", |(_, name)| name)
    }

    /// The default for a network: `both` when its widest layer (the input
    /// counted as a layer) has at most [`BOTH_UP_TO_UNITS`] units, otherwise
    /// `scalar` (a 10-unit layer's matrices no longer fit a page).
    pub fn default_for(network: &Network) -> Forms {
        let widest = network
            .layers
            .iter()
            .map(super::Layer::units)
            .chain(std::iter::once(network.input_size()))
            .max()
            .unwrap_or(0);
        if widest <= BOTH_UP_TO_UNITS {
            Forms::Both
        } else {
            Forms::Scalar
        }
    }

    /// Whether vector lines are written.
    pub fn vector(self) -> bool {
        matches!(self, Forms::Vector | Forms::Both)
    }

    /// Whether unit-by-unit lines are written where a vector line is.
    pub fn scalar(self) -> bool {
        matches!(self, Forms::Scalar | Forms::Both)
    }
}
