//! The integration test suite (one crate; modules below).

mod audit;
mod carry;
mod cli;
mod determinism;
mod edges;
mod errors;
mod finite_differences;
mod functions;
mod golden;
mod grammar;
mod limits;
mod modes;
mod netgen;
mod numeric;
mod published;
mod robust;
mod symbolic;
mod textbook;
mod tidy;
