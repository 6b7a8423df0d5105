//! The integration test suite (one crate; modules below).

mod golden;
mod published;
mod textbook;
