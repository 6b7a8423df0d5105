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
    /// `scalar` (a 10-unit layer's matrices no longer fit a page). A
    /// notation that names units by letter (`net_{h1}`, no layer index, as
    /// Mazur writes) has no layer matrices to show: `scalar` too.
    pub fn default_for(network: &Network) -> Forms {
        if network.symbols.layer_index == super::symbols::LayerIndex::None {
            return Forms::Scalar;
        }
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

/// A kind of remark the worked example makes (`remarks = NAME`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Remark {
    /// Each prediction's distance to its target, after the loss.
    Distance,
    /// What the sign of each output error asks for.
    Signs,
    /// How much smaller a hidden layer's errors are, and why.
    Shrink,
    /// Which parameters the update raised, lowered or left, and why.
    Moves,
    /// How many more identical steps bring the predictions within 0.01.
    MoreSteps,
    /// Over several updates, when the loss stopped improving.
    Plateau,
}

impl Remark {
    /// Every remark with its name in the language.
    pub const ALL: [(Remark, &'static str); 6] = [
        (Remark::Distance, "distance"),
        (Remark::Signs, "signs"),
        (Remark::Shrink, "shrink"),
        (Remark::Moves, "moves"),
        (Remark::MoreSteps, "more_steps"),
        (Remark::Plateau, "plateau"),
    ];
}

/// `remarks = all`, `none`, or one remark's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Remarks {
    /// Every remark (the default).
    All,
    /// No remark.
    None,
    /// Only this one.
    Only(Remark),
}

impl Remarks {
    /// Every choice with its name in the language.
    pub fn choices() -> Vec<(Remarks, &'static str)> {
        let mut out = vec![(Remarks::All, "all"), (Remarks::None, "none")];
        out.extend(Remark::ALL.iter().map(|(r, n)| (Remarks::Only(*r), *n)));
        out
    }

    /// Whether a remark is made.
    pub fn has(self, remark: Remark) -> bool {
        match self {
            Remarks::All => true,
            Remarks::None => false,
            Remarks::Only(only) => only == remark,
        }
    }
}

/// `appendix = numpy | none`: what follows the worked example.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Appendix {
    /// Nothing (the default).
    #[default]
    None,
    /// A NumPy program that computes the same numbers in float64.
    Numpy,
}

impl Appendix {
    /// The choices of `appendix = …`, as written.
    pub const ALL: [(Appendix, &'static str); 2] =
        [(Appendix::None, "none"), (Appendix::Numpy, "numpy")];
}
