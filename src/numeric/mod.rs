//! Stage 4: numbers. Exact rationals, approximations, correct rounding,
//! exp/ln, formatting — and the evaluation of the symbolic program under a
//! precision, rounding mode and carry mode.

pub mod bound;
pub mod enclose;
pub mod eval;
mod float;
pub mod format;
mod fraction;
pub mod progress;
pub mod quick;
pub mod real;
pub mod round;
pub mod run;
pub mod transcendental;

pub use real::Real;
pub use round::{Decimal, Rounded, round};
