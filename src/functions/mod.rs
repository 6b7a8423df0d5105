//! Stage 1½: functions. The expression tree ([`Node`]) and its building
//! blocks ([`Func`]) — pure mathematics — and the function table: every
//! built-in activation and loss as one card ([`ActivationCard`],
//! [`LossCard`]) with its names, parameters, formula over bound variables
//! ([`Var`]), conventions, TeX and words.
//!
//! It sits between `parse` and `model`: the model reads the table to check
//! names and parameters and to keep a reference to a card (or to a
//! definition from the file of the same shape). Nothing here knows about
//! networks, numbers with rounding, or text layout; the symbolic stage
//! instantiates formulas over named quantities and differentiates them.

pub mod cards;
pub mod expr;
pub mod table;
pub mod term;

pub use cards::{
    ActivationCard, Argument, Combine, End, LossCard, Output, Parameter, Range, Shape, SlopeBound,
    Targets,
};
pub use expr::{Func, NamedFunction, Node, Piecewise, Relation};
pub use table::{ACTIVATIONS, LOSSES};
pub use term::{Formula, Term, Var};

/// A function a formula may call by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A function of one argument.
    Unary(Func),
    /// `max(a, b)`.
    Max,
    /// `min(a, b)`.
    Min,
}

impl Block {
    /// How many arguments it takes.
    pub fn arity(&self) -> usize {
        match self {
            Block::Unary(_) => 1,
            Block::Max | Block::Min => 2,
        }
    }
}

/// The names of the building blocks a formula may call.
pub const BLOCK_NAMES: [&str; 12] = [
    "exp", "ln", "sqrt", "abs", "sigmoid", "tanh", "cosh", "sinh", "softplus", "relu", "max", "min",
];

/// The building block called `name` in a formula.
pub fn block(name: &str) -> Option<Block> {
    Some(match name {
        "exp" => Block::Unary(Func::Exp),
        "ln" => Block::Unary(Func::Ln),
        "sqrt" => Block::Unary(Func::Root(2)),
        "abs" => Block::Unary(Func::Abs),
        "sigmoid" => Block::Unary(Func::Sigmoid),
        "tanh" => Block::Unary(Func::Tanh),
        "cosh" => Block::Unary(Func::Cosh),
        "sinh" => Block::Unary(Func::Sinh),
        "softplus" => Block::Unary(Func::Softplus),
        "relu" => Block::Unary(Func::Relu),
        "max" => Block::Max,
        "min" => Block::Min,
        _ => return None,
    })
}

/// Names of the quantities of a worked example and of `longhand check`'s
/// claims: a function may not be called by one of them.
pub const QUANTITY_NAMES: [&str; 18] = [
    "x", "y", "z", "a", "W", "b", "yhat", "eta", "loss", "L", "delta", "dW", "db", "e", "new",
    "example", "update", "sigma",
];

/// Words of the language: a function may not be called by one of them.
pub const KEYWORDS: [&str; 13] = [
    "if",
    "then",
    "else",
    "activation",
    "loss",
    "layer",
    "network",
    "input",
    "target",
    "examples",
    "precision",
    "uniform",
    "frozen",
];

/// The built-in activation called `name` (or one of its aliases).
pub fn activation_card(name: &str) -> Option<&'static ActivationCard> {
    ACTIVATIONS.iter().find(|card| card.names.contains(&name))
}

/// The built-in loss called `name` (or one of its aliases).
pub fn loss_card(name: &str) -> Option<&'static LossCard> {
    LOSSES.iter().find(|card| card.names.contains(&name))
}

/// Every name of a built-in activation.
pub fn activation_names() -> Vec<&'static str> {
    ACTIVATIONS
        .iter()
        .flat_map(|c| c.names.iter().copied())
        .collect()
}

/// Every name of a built-in loss.
pub fn loss_names() -> Vec<&'static str> {
    LOSSES
        .iter()
        .flat_map(|c| c.names.iter().copied())
        .collect()
}

/// The README's list of activations and losses, made from the table (a
/// test keeps the README in step with it).
pub fn readme_list() -> String {
    let mut out = String::from("Activations (`activation = NAME` in a layer):\n\n");
    for card in ACTIVATIONS {
        out.push_str(&format!("- `{}`: {}\n", card.name(), card.summary));
    }
    out.push_str("\nLosses (`loss = NAME`):\n\n");
    for card in LOSSES {
        out.push_str(&format!("- `{}`: {}\n", card.name(), card.summary));
    }
    out
}
