//! The integration test suite (one crate; modules below).

mod errors;
mod golden;
mod modes;
mod published;
mod textbook;
