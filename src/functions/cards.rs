//! The shape of a function card: everything longhand knows about one
//! activation or loss, in one place. The entries are in [`super::table`].
//!
//! Every consumer reads a card rather than matching on a function: the
//! parser's names and "did you mean", validation of parameters and
//! targets, the derived program (from the formula), LaTeX and the symbol
//! table (`tex`, `meaning`), the diagram glyph, the report's prose
//! (`applies`) and the README's list (`summary`).

use std::fmt;

use num_bigint::BigInt;
use num_rational::BigRational;

use super::term::Formula;

/// One end of a parameter's valid range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    /// The end's value as `numerator / denominator`.
    pub value: (i64, i64),
    /// Whether the end itself is allowed.
    pub inclusive: bool,
}

impl Limit {
    /// The end's exact value.
    pub fn rational(&self) -> BigRational {
        BigRational::new(BigInt::from(self.value.0), BigInt::from(self.value.1))
    }

    /// Whether `x` is on the allowed side of this end (`below`: a lower end).
    pub fn admits(&self, x: &BigRational, lower: bool) -> bool {
        let end = self.rational();
        match (lower, self.inclusive) {
            (true, true) => *x >= end,
            (true, false) => *x > end,
            (false, true) => *x <= end,
            (false, false) => *x < end,
        }
    }
}

/// A parameter of a function (`leaky_relu(0.01)`'s slope α).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parameter {
    /// What it is called in messages (`slope`).
    pub name: &'static str,
    /// Its TeX (`\alpha`).
    pub tex: &'static str,
    /// The value used when none is given, as written.
    pub default: &'static str,
    /// The default's exact value (`numerator / denominator`).
    pub default_value: (i64, i64),
    /// The smallest allowed value, if any.
    pub low: Option<Limit>,
    /// The largest allowed value, if any.
    pub high: Option<Limit>,
    /// Why the range is what it is (the help of an out-of-range error).
    pub reason: &'static str,
}

impl Parameter {
    /// The default's exact value.
    pub fn default_rational(&self) -> BigRational {
        BigRational::new(
            BigInt::from(self.default_value.0),
            BigInt::from(self.default_value.1),
        )
    }

    /// Whether `x` lies in the valid range.
    pub fn admits(&self, x: &BigRational) -> bool {
        self.low.is_none_or(|l| l.admits(x, true)) && self.high.is_none_or(|h| h.admits(x, false))
    }

    /// The range in words: "strictly between 0 and 1".
    pub fn range_words(&self) -> String {
        let text = |l: &Limit| {
            if l.value.1 == 1 {
                l.value.0.to_string()
            } else {
                format!("{}/{}", l.value.0, l.value.1)
            }
        };
        match (&self.low, &self.high) {
            (Some(l), Some(h)) if !l.inclusive && !h.inclusive => {
                format!("strictly between {} and {}", text(l), text(h))
            }
            (Some(l), Some(h)) => format!("from {} to {}", text(l), text(h)),
            (Some(l), None) if l.inclusive => format!("at least {}", text(l)),
            (Some(l), None) => format!("above {}", text(l)),
            (None, Some(h)) if h.inclusive => format!("at most {}", text(h)),
            (None, Some(h)) => format!("below {}", text(h)),
            (None, None) => "any number".to_owned(),
        }
    }
}

/// The value of a parameter and the text it was written with (`0.5`), so
/// a formula built with it prints it as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Argument {
    /// The exact value.
    pub value: BigRational,
    /// As written.
    pub text: String,
}

impl Parameter {
    /// The parameter's default as an argument.
    pub fn default_argument(&self) -> Argument {
        Argument {
            value: self.default_rational(),
            text: self.default.to_owned(),
        }
    }
}

/// How an activation maps a layer's weighted inputs to its outputs.
#[derive(Clone, Copy)]
pub enum Shape {
    /// One unit at a time: `a = f(z)`, given by a formula in `z` (built
    /// from the parameters' values, in order).
    Elementwise(fn(&[Argument]) -> Formula),
    /// A vector function of the whole layer: `a_i = e^(z_i) / Σ_k e^(z_k)`.
    /// Its slopes are a Jacobian, and it is allowed on the output layer only.
    Softmax,
}

impl fmt::Debug for Shape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Shape::Elementwise(_) => f.write_str("Elementwise"),
            Shape::Softmax => f.write_str("Softmax"),
        }
    }
}

/// One end of an activation's range, or the largest value of its slope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct End {
    /// Where it is.
    pub value: BigRational,
    /// Whether the function reaches it (σ never reaches 1; ReLU reaches 0).
    pub reached: bool,
}

impl End {
    /// An end the function reaches (`true`) or only approaches.
    pub fn new(value: BigRational, reached: bool) -> End {
        End { value, reached }
    }

    /// A whole number as an end.
    pub fn int(value: i64, reached: bool) -> End {
        End::new(BigRational::from_integer(BigInt::from(value)), reached)
    }
}

/// Where an activation's outputs lie: what the prediction's range remark
/// states.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Range {
    /// Every number (the identity, leaky ReLU): nothing worth saying.
    Everything,
    /// An interval; `None` is an end at infinity.
    Interval {
        /// The lower end.
        low: Option<End>,
        /// The upper end.
        high: Option<End>,
    },
    /// Each output strictly between 0 and 1, the outputs adding up to 1 (softmax).
    Distribution,
}

/// How large the slope f′(z) can be, for every z: what the remark on
/// shrinking errors gives as the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SlopeBound {
    /// f′(z) ≥ 0 and at most `max` (reached, or only approached).
    AtMost(End),
    /// f′(z) takes only these values, smallest first (relu′ ∈ {0, 1}).
    OneOf(Vec<BigRational>),
}

/// A built-in activation.
#[derive(Debug, Clone, Copy)]
pub struct ActivationCard {
    /// Names in `.net` files: the canonical one first, then aliases.
    pub names: &'static [&'static str],
    /// Its parameters, in order (`activation = leaky_relu(0.01)`).
    pub parameters: &'static [Parameter],
    /// What it computes.
    pub shape: Shape,
    /// The convention where it has no derivative (`relu′(0) = 0`), in words.
    pub convention: Option<&'static str>,
    /// Its name in TeX (`\sigma`, `\operatorname{relu}`): `f(z)` and `f′(z)` are written with it.
    pub tex: &'static str,
    /// What it is, for the table of symbols (Markdown with `$…$`; `{alpha}`
    /// and the like stand for the parameters' values).
    pub meaning: &'static str,
    /// How a unit applies it, completing "Each unit then applies …" (ends
    /// before the colon that introduces the lines; `{alpha}` and the like
    /// stand for the parameters' values).
    pub applies: &'static str,
    /// One line for the README's list.
    pub summary: &'static str,
    /// The short symbol drawn inside its units in the diagram.
    pub glyph: &'static str,
    /// Where its outputs lie, for the parameters' values (`tests/functions.rs`
    /// checks it on a dense grid).
    pub range: fn(&[Argument]) -> Range,
    /// How large its slope can be, for the parameters' values (`None`: no
    /// single bound, as for softmax's table of slopes).
    pub slope: fn(&[Argument]) -> Option<SlopeBound>,
}

impl ActivationCard {
    /// The canonical name.
    pub fn name(&self) -> &'static str {
        self.names[0]
    }
}

impl PartialEq for ActivationCard {
    fn eq(&self, other: &Self) -> bool {
        self.name() == other.name()
    }
}

/// How the terms of the output units combine into the loss of one example.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Combine {
    /// Σ over the output units.
    Sum,
    /// ½ Σ.
    HalfSum,
    /// (1/n) Σ over the n output units (Σ alone when n = 1).
    MeanOverUnits,
    /// −Σ.
    NegatedSum,
}

/// What a loss requires of the targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Targets {
    /// Any numbers.
    Any,
    /// Each component between 0 and 1.
    Probabilities,
    /// Components ≥ 0 adding up to 1.
    Distribution,
}

/// What a loss requires of the output layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// Any activation.
    Any,
    /// A softmax layer; `help` says what to use instead.
    Softmax {
        /// The advice when the output layer is something else.
        help: &'static str,
    },
}

/// A built-in loss.
#[derive(Debug, Clone, Copy)]
pub struct LossCard {
    /// Names in `.net` files: the canonical one first, then aliases.
    pub names: &'static [&'static str],
    /// The term of one output unit, in `y` and `yhat`.
    pub term: fn() -> Formula,
    /// How the output units' terms combine.
    pub combine: Combine,
    /// What the targets must be.
    pub targets: Targets,
    /// What the output layer must be.
    pub output: Output,
    /// One line for the README's list.
    pub summary: &'static str,
}

impl LossCard {
    /// The canonical name.
    pub fn name(&self) -> &'static str {
        self.names[0]
    }
}

impl PartialEq for LossCard {
    fn eq(&self, other: &Self) -> bool {
        self.name() == other.name()
    }
}
