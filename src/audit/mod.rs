//! Stage 4½: auditing numbers. Runs after [`crate::numeric`] and before
//! [`crate::derivation`], which uses it for the report's rounding section.
//!
//! - [`deviation`]: a printed value against the exact value rounded the
//!   same way (the one comparison every audit uses);
//! - [`names`]: the 1-based names an author writes (`a[1][1]`, `W'[1][2][1]`,
//!   `new loss`), shared by `longhand check` and the CSV answer key;
//! - [`sensitivity`]: every quantity under several precisions and carry
//!   modes beside the exact value, with what survives a change of precision;
//! - [`requirements`]: the `require` conditions of a file with draws,
//!   read with the same names and judged against a variant's exact run;
//! - [`claims`], [`arithmetic`] and [`judge`]: reading a claims file (a
//!   hand-written Pratt parser with spans), evaluating arithmetic claims
//!   exactly, and judging every claim.
//!
//! Nothing here lays text out: the render stage does. No tera, no clap.

pub mod arithmetic;
pub mod claims;
pub mod deviation;
pub mod judge;
pub mod names;
pub mod requirements;
pub mod sensitivity;

pub use deviation::{Deviation, deviations};
