//! The problem sheet of an exercise variant: the network and its numbers
//! (the same view as the worked solution's opening), then the questions
//! with blanks to fill in. Nothing here computes a number: the questions
//! arrive as names and LaTeX symbols chosen by `crate::exercise`.

use serde::Serialize;

use super::markdown::{RenderError, render};
use super::view::ReportView;

/// A problem sheet: the report's view (for the network section) and the questions.
#[derive(Debug, Clone, Serialize)]
pub struct SheetView {
    /// The view of the variant's worked solution (its title carries the variant).
    pub report: ReportView,
    /// `variant 7, seed 12`.
    pub variant: String,
    /// The questions, grouped by what they ask for.
    pub groups: Vec<QuestionGroup>,
}

/// The questions of one kind (`the errors δ`).
#[derive(Debug, Clone, Serialize)]
pub struct QuestionGroup {
    /// The heading, in words.
    pub title: String,
    /// Its questions in the order they are computed.
    pub questions: Vec<QuestionRow>,
}

/// One blank of the sheet.
#[derive(Debug, Clone, Serialize)]
pub struct QuestionRow {
    /// Running number over the whole sheet.
    pub number: usize,
    /// The quantity's symbol (LaTeX made by longhand).
    pub symbol: String,
    /// Its claim name (`delta[2][1]`), as `longhand check` reads it.
    pub name: String,
    /// The quantity in words (may name layers of the file).
    pub meaning: String,
    /// What stands in the answer cell: nothing on a printed sheet, a
    /// Cloze blank in a Moodle quiz.
    pub blank: String,
}

/// The sheet as Markdown (`templates/sheet.md`).
///
/// # Errors
/// A [`RenderError`] if the template is broken.
pub fn markdown(view: &SheetView) -> Result<String, RenderError> {
    render("sheet.md", "sheet", view)
}
