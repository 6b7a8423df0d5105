//! The integration test suite (one crate; modules below).

mod audit;
mod carry;
mod charts;
mod cli;
mod determinism;
mod diagram;
mod edges;
mod errors;
mod finite_differences;
mod functions;
mod golden;
mod grammar;
mod injection;
mod latex;
mod layout;
mod limits;
mod modes;
mod netgen;
mod numeric;
mod optimizers;
mod published;
mod robust;
mod symbolic;
mod textbook;
mod tidy;
mod writer;
