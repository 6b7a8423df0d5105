//! A Markdown table as a LaTeX booktabs table that may run over pages.
//!
//! The table's natural width is estimated from its cells (the math width
//! rule of [`crate::derivation::layout`] for math, typical glyph widths
//! for text). A table that fits the text width is a `longtable` with
//! `l`/`c`/`r` columns; a wider one is an `xltabular` as wide as the text,
//! whose widest columns wrap (ragged-right `X` columns).

use pulldown_cmark::Alignment;

use crate::derivation::layout;

/// The widest a table may be, in thousandths of an em: the text is 6.3 in
/// at 11 pt (41.6 em), less a margin for the estimate.
const LINE_WIDTH: u32 = 39_500;
/// `\tabcolsep` (6 pt) on both sides of a column.
const COLUMN_PADDING: u32 = 1_100;
/// The least width a wrapped column is given.
const MIN_WRAPPED: u32 = 8_000;

/// A table being collected from Markdown events.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Table {
    alignments: Vec<Alignment>,
    rows: Vec<Vec<String>>,
    current: Vec<String>,
}

impl Table {
    /// An empty table with the alignment of each column.
    pub(super) fn new(alignments: Vec<Alignment>) -> Table {
        Table {
            alignments,
            rows: Vec::new(),
            current: Vec::new(),
        }
    }

    /// Adds a cell (LaTeX) to the row being collected.
    pub(super) fn cell(&mut self, latex: String) {
        self.current.push(latex);
    }

    /// Ends the row being collected (the first row is the header).
    pub(super) fn end_row(&mut self) {
        let row = std::mem::take(&mut self.current);
        self.rows.push(row);
    }

    /// The table in LaTeX.
    pub(super) fn latex(&self) -> String {
        let columns = self.alignments.len();
        let widths: Vec<u32> = (0..columns)
            .map(|c| {
                self.rows
                    .iter()
                    .filter_map(|r| r.get(c))
                    .map(|cell| cell_width(cell))
                    .max()
                    .unwrap_or(0)
                    + COLUMN_PADDING
            })
            .collect();
        let wrapped = wrapped_columns(&widths);
        let spec: String = self
            .alignments
            .iter()
            .zip(&wrapped)
            .map(|(alignment, wrap)| match (wrap, alignment) {
                (true, _) => ">{\\raggedright\\arraybackslash}X",
                (false, Alignment::Right) => "r",
                (false, Alignment::Center) => "c",
                (false, Alignment::Left | Alignment::None) => "l",
            })
            .collect();
        let environment = if wrapped.contains(&true) {
            "xltabular"
        } else {
            "longtable"
        };
        let width = if environment == "xltabular" {
            "{\\linewidth}"
        } else {
            ""
        };
        let mut out = format!("\\begin{{{environment}}}{width}{{{spec}}}\n\\toprule\n");
        for (index, row) in self.rows.iter().enumerate() {
            let mut cells: Vec<&str> = row.iter().map(String::as_str).collect();
            cells.resize(columns, "");
            out.push_str(&cells.join(" & "));
            out.push_str(" \\\\\n");
            if index == 0 {
                // The header repeats on every page the table runs over.
                out.push_str("\\midrule\n\\endhead\n");
            }
        }
        out.push_str(&format!("\\bottomrule\n\\end{{{environment}}}"));
        out
    }
}

/// Which columns wrap so the table fits the text width: none if it fits,
/// otherwise the widest ones, until the others leave each wrapped column
/// at least [`MIN_WRAPPED`].
fn wrapped_columns(widths: &[u32]) -> Vec<bool> {
    let mut wrapped = vec![false; widths.len()];
    if widths.iter().sum::<u32>() <= LINE_WIDTH {
        return wrapped;
    }
    loop {
        let fixed: u32 = widths
            .iter()
            .zip(&wrapped)
            .filter(|(_, w)| !**w)
            .map(|(width, _)| *width)
            .sum();
        let flexible = u32::try_from(wrapped.iter().filter(|w| **w).count()).unwrap_or(u32::MAX);
        if flexible > 0 && fixed + flexible.saturating_mul(MIN_WRAPPED) <= LINE_WIDTH {
            return wrapped;
        }
        let widest = (0..widths.len())
            .filter(|index| !wrapped[*index])
            .max_by_key(|index| widths[*index]);
        match widest {
            Some(index) => wrapped[index] = true,
            None => return wrapped,
        }
    }
}

/// The natural width of a cell of LaTeX text, in thousandths of an em.
fn cell_width(latex: &str) -> u32 {
    let mut width = 0;
    let mut rest = latex;
    let mut typewriter_depth: Option<usize> = None;
    let mut depth = 0usize;
    while let Some(ch) = rest.chars().next() {
        if ch == '$' {
            let end = rest[1..].find('$').map_or(rest.len(), |at| at + 2);
            width += layout::width(&rest[1..end.saturating_sub(1).max(1)]);
            rest = &rest[end.min(rest.len())..];
            continue;
        }
        if ch == '\\' {
            let name: String = rest[1..]
                .chars()
                .take_while(char::is_ascii_alphabetic)
                .collect();
            if name == "texttt" {
                typewriter_depth = Some(depth);
            }
            if name.is_empty() {
                // An escaped character (`\_`, `\%`): one glyph.
                width += 500;
                rest = &rest[1 + rest[1..].chars().next().map_or(0, char::len_utf8)..];
            } else {
                rest = &rest[1 + name.len()..];
            }
            continue;
        }
        match ch {
            '{' => depth += 1,
            '}' => {
                depth = depth.saturating_sub(1);
                if typewriter_depth == Some(depth) {
                    typewriter_depth = None;
                }
            }
            ' ' => width += 333,
            _ if typewriter_depth.is_some() => width += 525,
            // Digits are half an em; a minus sign (from `\ensuremath{-}`) is wider.
            '-' => width += 778,
            _ => width += 500,
        }
        rest = &rest[ch.len_utf8()..];
    }
    width
}
