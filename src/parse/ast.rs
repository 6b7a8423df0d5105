//! The syntax tree: what the user typed, with spans, before any checking.
//!
//! Literals stay as text; nothing here knows what a layer or a loss is.

use crate::source::{Span, Spanned};

/// A parsed `.net` file: its statements in source order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    /// Top-level statements, in the order written.
    pub statements: Vec<Statement>,
}

/// One top-level statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Statement {
    /// `network "title"`.
    Network {
        /// The title text, escapes resolved.
        title: Spanned<String>,
        /// The whole statement.
        span: Span,
    },
    /// `input x = VALUE` (the name is optional).
    Input(Binding),
    /// `target y = VALUE` (the name is optional).
    Target(Binding),
    /// `examples { VALUE -> VALUE ... }`.
    Examples {
        /// The pairs, in order.
        pairs: Vec<ExamplePair>,
        /// The whole block.
        span: Span,
    },
    /// `layer NAME { settings }`.
    Layer {
        /// The layer's name.
        name: Spanned<String>,
        /// Its settings, in order.
        settings: Vec<Setting>,
        /// The whole declaration.
        span: Span,
    },
    /// `name = value` at the top level.
    Setting(Setting),
    /// `activation NAME(z) = …` or `loss NAME(y, yhat) = …`.
    Definition(Definition),
    /// `notation { ... }`: the symbols the report writes.
    Notation {
        /// The settings inside the braces.
        settings: Vec<Setting>,
        /// The keyword `notation`.
        keyword: Span,
        /// The whole block.
        span: Span,
    },
    /// `require CONDITION`: a condition every variant of an exercise meets.
    Require {
        /// The condition as written, to the end of its line (trimmed).
        condition: Spanned<String>,
        /// The whole statement.
        span: Span,
    },
    /// `note after forward "..."`: the author's prose at a named place.
    Note {
        /// The words naming the place (`after`, `forward`).
        place: Vec<Spanned<String>>,
        /// The Markdown text, escapes resolved.
        text: Spanned<String>,
        /// The whole statement.
        span: Span,
    },
}

/// Whether a definition defines an activation or a loss.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DefinitionKind {
    /// `activation NAME(z) = …`.
    Activation,
    /// `loss NAME(y, yhat) = …`.
    Loss,
}

/// A function defined in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Definition {
    /// Activation or loss.
    pub kind: DefinitionKind,
    /// The keyword (`activation`, `loss`).
    pub keyword: Span,
    /// The function's name.
    pub name: Spanned<String>,
    /// Its variables, in order.
    pub parameters: Vec<Spanned<String>>,
    /// Where the variables are written, parentheses included.
    pub parameters_span: Span,
    /// Its formula.
    pub body: Spanned<Formula>,
    /// The whole statement.
    pub span: Span,
}

/// `+` or `-` between terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddOp {
    /// `+`.
    Add,
    /// `-`.
    Sub,
}

/// `*` or `/` between factors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MulOp {
    /// `*`.
    Mul,
    /// `/`.
    Div,
}

/// The relation of a condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    /// `<`.
    Less,
    /// `<=`.
    LessEqual,
    /// `>`.
    Greater,
    /// `>=`.
    GreaterEqual,
}

/// A formula as written. Sums and products are flat lists (so a long
/// formula is not a deep tree), and a run of minus signs is one negation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Formula {
    /// A number.
    Number(NumberLiteral),
    /// A name standing alone (a variable).
    Name(String),
    /// `NAME(ARGUMENT, ...)`.
    Call {
        /// The function's name.
        name: Spanned<String>,
        /// Its arguments.
        arguments: Vec<Spanned<Formula>>,
    },
    /// `-x` (an odd number of minus signs).
    Neg(Box<Spanned<Formula>>),
    /// `a + b - c`.
    Sum {
        /// The first term.
        first: Box<Spanned<Formula>>,
        /// The others, each with its sign.
        rest: Vec<(AddOp, Spanned<Formula>)>,
    },
    /// `a * b / c`.
    Product {
        /// The first factor.
        first: Box<Spanned<Formula>>,
        /// The others, each with its operator.
        rest: Vec<(MulOp, Spanned<Formula>)>,
    },
    /// `base ^ exponent`.
    Power {
        /// The base.
        base: Box<Spanned<Formula>>,
        /// The exponent.
        exponent: Box<Spanned<Formula>>,
    },
    /// `if left relation right then then else otherwise`.
    If {
        /// The left side of the condition.
        left: Box<Spanned<Formula>>,
        /// The relation.
        relation: Spanned<Comparison>,
        /// The right side of the condition.
        right: Box<Spanned<Formula>>,
        /// The value where the condition holds.
        then: Box<Spanned<Formula>>,
        /// The value where it does not.
        otherwise: Box<Spanned<Formula>>,
    },
}

/// `input x = [1, 0]` or `target y = 1`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    /// The optional name (`x`, `y`).
    pub name: Option<Spanned<String>>,
    /// The value.
    pub value: Spanned<Value>,
    /// The keyword, for messages that point at the statement.
    pub keyword: Span,
    /// The whole statement.
    pub span: Span,
}

/// One `INPUT -> TARGET` line of an `examples` block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExamplePair {
    /// The input vector.
    pub input: Spanned<Value>,
    /// The target vector.
    pub target: Spanned<Value>,
    /// The whole pair.
    pub span: Span,
}

/// `key = value`, possibly followed by `frozen`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting {
    /// The name on the left.
    pub key: Spanned<String>,
    /// The right-hand side.
    pub value: Spanned<SettingValue>,
    /// Where `frozen` was written, if it was.
    pub frozen: Option<Span>,
    /// The whole setting.
    pub span: Span,
}

/// One argument of a call: `0.9` or `beta1 = 0.9`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Argument {
    /// The name, when the argument is given by name.
    pub name: Option<Spanned<String>>,
    /// The value.
    pub value: Spanned<Value>,
}

/// The right-hand side of a setting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SettingValue {
    /// A number, vector, matrix or `uniform(...)`.
    Value(Value),
    /// A bare word: `sigmoid`, `full`, `exact`.
    Word(String),
    /// A quoted string (`notation = "mazur"`).
    Text(String),
    /// A list of bare words: `remarks = [distance, moves]`.
    Words(Vec<Spanned<String>>),
    /// `name(value, ...)`, e.g. `leaky_relu(0.01)` or `adam(beta1 = 0.9)`.
    Call {
        /// The function name.
        name: Spanned<String>,
        /// Its arguments, in the order written.
        arguments: Vec<Argument>,
    },
    /// `N unit`, e.g. `4 decimals` (only after `precision =`).
    Precision {
        /// The digits, as written.
        digits: Spanned<String>,
        /// The unit word, as written.
        unit: Spanned<String>,
    },
}

/// A value: a number, a (nested) list, or a random draw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// A numeric literal.
    Number(NumberLiteral),
    /// `[ ... ]`: a vector, or a matrix when the items are lists.
    List(Vec<Spanned<Value>>),
    /// `uniform(LOW, HIGH, STEP)`.
    Uniform {
        /// Smallest value.
        low: Spanned<NumberLiteral>,
        /// Largest value.
        high: Spanned<NumberLiteral>,
        /// Spacing of the grid.
        step: Spanned<NumberLiteral>,
    },
    /// `choice(a, b, …)`: one of the items, each as likely.
    Choice(Vec<Spanned<ChoiceItem>>),
}

/// One item of a `choice(...)` as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChoiceItem {
    /// A number, the only item a choice accepts.
    Number(NumberLiteral),
    /// Anything else, named for the error ("a vector", "a word").
    Other(&'static str),
}

/// A number exactly as written (`-7/20`, `2.5E2`, `−0.3`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberLiteral {
    /// The source text, unchanged.
    pub text: String,
}
