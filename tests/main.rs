//! The integration test suite (one crate; modules below).

mod audit;
mod carry;
mod cli;
mod errors;
mod finite_differences;
mod golden;
mod grammar;
mod modes;
mod numeric;
mod published;
mod symbolic;
mod textbook;
mod tidy;
