//! The integration test suite (one crate; modules below).

mod cli;
mod errors;
mod golden;
mod grammar;
mod modes;
mod numeric;
mod published;
mod symbolic;
mod textbook;
mod tidy;
