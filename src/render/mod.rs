//! Stage 6: laying the derivation out as Markdown (tera), HTML
//! (pulldown-cmark) and the JSON answer key. The only module that imports
//! tera and pulldown-cmark. Nothing here computes a number.

pub mod check;
pub mod csv;
pub mod diagram;
pub mod html;
pub mod json;
mod lines;
pub mod markdown;
mod network;
pub mod numbers;
mod pieces;
pub mod plot;
pub mod sensitivity;
pub mod view;

pub use markdown::{RenderError, markdown};
pub use view::{ReportView, report_view};
