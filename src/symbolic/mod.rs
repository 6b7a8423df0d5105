//! Stage 3: formulas. The expression tree of [`crate::functions`] over
//! named quantities, differentiation by named rules (one arm per building
//! block), simplification to textbook forms (recognising built-in functions
//! a definition spells out), LaTeX, and the worked example as a program of
//! definitions derived by the chain rule. No numbers here beyond the
//! constants in the formulas.

pub mod expr;
pub mod latex;
pub mod normal;
pub mod program;
pub mod python;
pub mod quantity;
pub mod recognise;
pub mod rules;
pub mod simplify;

pub use expr::{Atom, Expr, Func, NamedFunction, Node, Piecewise, Relation};
pub use program::{
    Definition, ForwardProgram, Rewrite, UpdateProgram, forward_program, update_program,
};
pub use quantity::{Param, Quantity, StateKind, Symbol};
pub use rules::RuleName;
