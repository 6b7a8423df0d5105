//! Stage 6: laying the derivation out as Markdown (tera), HTML and LaTeX
//! (both from that Markdown through pulldown-cmark), the JSON answer key
//! and the pictures. The only module that imports
//! tera and pulldown-cmark. Nothing here computes a number.

pub mod chart;
pub mod check;
pub mod csv;
pub mod curve;
pub mod diagram;
pub mod escape;
pub mod html;
pub mod json;
pub mod key;
pub mod latex;
mod latex_table;
mod lines;
pub mod markdown;
mod network;
pub mod numbers;
mod pieces;
pub mod qti_package;
pub mod quiz;
pub mod sensitivity;
pub mod sheet;
pub mod templates;
pub mod view;

pub use markdown::{RenderError, markdown};
pub use view::{ReportView, Target, report_view};

/// The command a generated file's header comment names to regenerate it:
/// `command` (the command line a user ran), or `cargo run --release` for
/// the bundled examples. It stands inside an HTML comment, so nothing in it
/// may end the comment (`-->`, `--!>`).
pub fn regeneration(command: Option<&str>) -> String {
    command
        .unwrap_or("cargo run --release")
        .replace("--!>", "--!&gt;")
        .replace("-->", "--&gt;")
}
