//! The integration test suite (one crate; modules below).

mod errors;
mod golden;
mod modes;
mod numeric;
mod published;
mod textbook;
