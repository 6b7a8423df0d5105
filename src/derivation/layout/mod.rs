//! Where displayed equations break: the derivation decides the layout, and
//! every format (Markdown, HTML, LaTeX) shows the same rows.
//!
//! A line of the worked example is a chain `target = formula = … ≈ value`.
//! When its estimated width ([`width`], the rule in `tex`) exceeds a
//! [`Budget`], the chain becomes an aligned display:
//!
//! 1. links are packed onto rows at their `=` / `≈`, as many as fit;
//! 2. a link too wide for a row of its own is broken at its top-level `+`,
//!    `−`, `·` (and after commas), the continuation rows indented by
//!    `\qquad` and starting with their operator;
//! 3. a term still too wide is opened up: a parenthesised sum
//!    `\left( … \right)` becomes `\bigl( … \bigr)` broken inside, and a
//!    display fraction too wide for a row is written `(num) / (den)`.
//!
//! Only a single unbreakable symbol or number wider than the budget can
//! still exceed it ([`Display::over_budget`] lists such rows).

mod breaking;
pub(crate) mod tex;

use breaking::{break_chain, open_up, terms};

/// A width budget for displayed math.
///
/// Measured over every chain of the bundled examples
/// (`scripts/measure-widths`), TeX (Latin Modern, 11 pt) sets them at 0.96
/// to 1.03 times the estimate of [`width`], and Chromium (MathML in DejaVu
/// Math TeX Gyre, 16 px) at 1.05 to 1.21 times.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Budget {
    /// The printed page, 6.3 in of text at 11 pt (41.6 em): 39 em leaves
    /// room for TeX's 3 %, and 39 × 1.21 = 47 em fits the HTML page's
    /// 52 em column.
    Page,
    /// A narrow screen: 400 px less the page's 2 × 16 px padding is 368 px,
    /// 23 em of 16 px, and 23 / 1.21 = 19 em; at 18 em the widest narrow
    /// layout of the bundled examples measures 354 px in Chromium.
    Narrow,
}

impl Budget {
    /// Every budget, in order.
    pub const ALL: [Budget; 2] = [Budget::Page, Budget::Narrow];

    /// The widest a row may be, in thousandths of an em (see [`width`]).
    pub fn milli_em(self) -> u32 {
        match self {
            Budget::Page => 39_000,
            Budget::Narrow => 18_000,
        }
    }
}

/// The relation joining two links of a chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// `=`: exact.
    Equals,
    /// `≈`: digits were rounded away.
    Approx,
}

impl Relation {
    /// Its LaTeX.
    pub fn latex(self) -> &'static str {
        match self {
            Relation::Equals => "=",
            Relation::Approx => "\\approx",
        }
    }
}

/// One link of a chain: how it follows from the one before, and its math.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The relation before it.
    pub relation: Relation,
    /// Its LaTeX.
    pub math: String,
}

/// How a row of a broken display begins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lead {
    /// With a relation at the alignment point (`&= …`).
    Relation(Relation),
    /// Continuing a link broken at an operator: indented by `\qquad`, and
    /// its math starts with that operator (`&\qquad {}+ …`).
    Continuation,
}

/// One row of a display: what follows the alignment point.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// How the row begins.
    pub lead: Lead,
    /// The rest of the row (LaTeX), possibly several links joined by
    /// their relations.
    pub math: String,
}

impl Row {
    /// The row's LaTeX right of the alignment point, as measured: the
    /// relation, or `\qquad {}` before a continuation's operator.
    pub fn latex(&self) -> String {
        match self.lead {
            Lead::Relation(relation) => format!("{} {}", relation.latex(), self.math),
            Lead::Continuation => format!("\\qquad {{}}{}", self.math),
        }
    }
}

/// A displayed chain and its rows under each budget.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Display {
    /// The quantity defined (LaTeX), left of the alignment point.
    pub target: String,
    /// The links after it, in order.
    pub links: Vec<Link>,
    /// Rows at the page budget (one row: the chain fits on a line).
    pub page: Vec<Row>,
    /// Rows at the narrow-screen budget.
    pub narrow: Vec<Row>,
}

impl Display {
    /// Lays out `target` and its links for every budget.
    ///
    /// Fractions are set at full size (`\frac`) in a displayed equation:
    /// the small `\tfrac` that numbers and constants are written with
    /// belongs to running text.
    pub fn new(target: String, links: Vec<Link>) -> Display {
        let full = |math: String| math.replace("\\tfrac", "\\frac");
        let target = full(target);
        let links: Vec<Link> = links
            .into_iter()
            .map(|link| Link {
                relation: link.relation,
                math: full(link.math),
            })
            .collect();
        let page = break_chain(&target, &links, Budget::Page.milli_em());
        let narrow = break_chain(&target, &links, Budget::Narrow.milli_em());
        Display {
            target,
            links,
            page,
            narrow,
        }
    }

    /// The rows for a budget.
    pub fn rows(&self, budget: Budget) -> &[Row] {
        match budget {
            Budget::Page => &self.page,
            Budget::Narrow => &self.narrow,
        }
    }

    /// The whole chain on one line.
    pub fn one_line(&self) -> String {
        let mut out = self.target.clone();
        for link in &self.links {
            out.push(' ');
            out.push_str(link.relation.latex());
            out.push(' ');
            out.push_str(&link.math);
        }
        out
    }

    /// The estimated width of each row at a budget (the target counted on
    /// every row: it sets the width of the column left of `&`).
    pub fn row_widths(&self, budget: Budget) -> Vec<u32> {
        let rows = self.rows(budget);
        if let [row] = rows {
            return vec![width(&format!("{} {}", self.target, row.latex()))];
        }
        let target = width(&self.target);
        rows.iter()
            .map(|row| target + width(&format!("{{}}{}", row.latex())))
            .collect()
    }

    /// Rows wider than the budget (each one unbreakable).
    pub fn over_budget(&self, budget: Budget) -> Vec<String> {
        self.rows(budget)
            .iter()
            .zip(self.row_widths(budget))
            .filter(|(_, w)| *w > budget.milli_em())
            .map(|(row, w)| format!("{} ({}.{:03} em)", row.latex(), w / 1000, w % 1000))
            .collect()
    }
}

/// The estimated width of display math, in thousandths of an em.
pub fn width(latex: &str) -> u32 {
    tex::measure(latex).width
}

/// Whether a formula could be broken further: it has several terms, or a
/// parenthesised sum or a fraction to open up. A row over its budget that
/// is not breakable is a single symbol or number wider than the budget.
pub fn breakable(math: &str) -> bool {
    terms(math).len() > 1 || open_up(math).is_some()
}

/// Where the first relation (`=`, `\approx`) outside any group is, as a
/// byte offset: where a one-line display is aligned with others.
pub fn first_relation(math: &str) -> Option<usize> {
    tex::measure(math)
        .nodes
        .iter()
        .find(|node| node.class == tex::Class::Rel)
        .map(|node| node.span.start)
}

/// Commands and characters in `latex` the width rule does not know.
pub fn unknown_symbols(latex: &str) -> Vec<String> {
    tex::measure(latex).unknown
}

#[cfg(test)]
mod tests;
