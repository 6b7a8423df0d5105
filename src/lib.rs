//! longhand: a network description in, a textbook-grade backpropagation worked example out.
#![warn(missing_docs)]

pub mod diagnostic;
pub mod model;
pub mod numeric;
pub mod parse;
pub mod source;
pub mod symbolic;
