//! Where displayed equations break: the derivation decides the layout, and
//! every format (Markdown, HTML, LaTeX) shows the same rows.
//!
//! A line of the worked example is a chain `target = formula = … ≈ value`.
//! When its estimated width ([`width`], the rule in [`tex`]) exceeds a
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

pub(crate) mod tex;

use std::collections::VecDeque;

/// A width budget for displayed math.
///
/// Measured over every chain of the bundled examples, TeX (Latin Modern,
/// 11 pt) sets them at 0.97 to 1.03 times the estimate of [`width`], and
/// Chromium (MathML in DejaVu Math TeX Gyre, 16 px) at 1.05 to 1.21 times
/// (`tests/layout.rs` writes the formulas for such a measurement).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Budget {
    /// The printed page, 6.3 in of text at 11 pt (41.6 em): 39 em leaves
    /// room for TeX's 3 %, and 39 × 1.21 = 47 em fits the HTML page's
    /// 52 em column.
    Page,
    /// A narrow screen: 400 px less the page's 2 × 16 px padding is 23 em
    /// of 16 px, and 23 / 1.21 = 19 em; 18.5 em leaves a margin.
    Narrow,
}

impl Budget {
    /// Every budget, in order.
    pub const ALL: [Budget; 2] = [Budget::Page, Budget::Narrow];

    /// The widest a row may be, in thousandths of an em (see [`width`]).
    pub fn milli_em(self) -> u32 {
        match self {
            Budget::Page => 39_000,
            Budget::Narrow => 18_500,
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
    pub fn new(target: String, links: Vec<Link>) -> Display {
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
            .map(|(row, w)| format!("{} ({} em)", row.latex(), f64::from(w) / 1000.0))
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

/// Commands and characters in `latex` the width rule does not know.
pub fn unknown_symbols(latex: &str) -> Vec<String> {
    tex::measure(latex).unknown
}

/// Breaks a chain into rows no wider than `budget` where it can.
fn break_chain(target: &str, links: &[Link], budget: u32) -> Vec<Row> {
    let Some(first) = links.first() else {
        return Vec::new();
    };
    let whole = Row {
        lead: Lead::Relation(first.relation),
        math: links[1..].iter().fold(first.math.clone(), |text, link| {
            format!("{text} {} {}", link.relation.latex(), link.math)
        }),
    };
    if width(&format!("{target} {}", whole.latex())) <= budget {
        return vec![whole];
    }
    let room = budget.saturating_sub(width(target));
    let mut rows: Vec<Row> = Vec::new();
    let mut start = 0;
    // Links too wide for a row of their own are broken inside; the runs of
    // links between them are packed onto balanced rows.
    for (index, link) in links.iter().enumerate() {
        let alone = row_of(std::slice::from_ref(link));
        if row_width(&alone) > room {
            rows.extend(balance(&links[start..index], room));
            rows.extend(fill(&terms(&link.math), alone.lead, room));
            start = index + 1;
        }
    }
    rows.extend(balance(&links[start..], room));
    rows
}

/// A row holding consecutive links.
fn row_of(links: &[Link]) -> Row {
    let mut math = String::new();
    for (index, link) in links.iter().enumerate() {
        if index > 0 {
            math.push(' ');
            math.push_str(link.relation.latex());
            math.push(' ');
        }
        math.push_str(&link.math);
    }
    Row {
        lead: Lead::Relation(links.first().map_or(Relation::Equals, |l| l.relation)),
        math,
    }
}

/// The width of a row right of the alignment point.
fn row_width(row: &Row) -> u32 {
    width(&format!("{{}}{}", row.latex()))
}

/// Packs links (each fitting `room` on its own) onto the fewest rows, and
/// among those the most even ones (least sum of squared slack), so that a
/// lone `≈ 0.5000` is not left on a row of its own when it need not be.
fn balance(links: &[Link], room: u32) -> Vec<Row> {
    let n = links.len();
    // best[i]: (rows, squared slack, end of the first row) for links[i..].
    let mut best: Vec<Option<(usize, u64, usize)>> = vec![None; n + 1];
    best[n] = Some((0, 0, n));
    for i in (0..n).rev() {
        for j in i + 1..=n {
            let w = row_width(&row_of(&links[i..j]));
            if w > room && j > i + 1 {
                break;
            }
            let Some((rows, cost, _)) = best[j] else {
                continue;
            };
            let slack = u64::from(room.saturating_sub(w));
            let candidate = (rows + 1, cost + slack * slack, j);
            if best[i].is_none_or(|b| (candidate.0, candidate.1) < (b.0, b.1)) {
                best[i] = Some(candidate);
            }
        }
    }
    let mut rows = Vec::new();
    let mut i = 0;
    while i < n {
        let end = best[i].map_or(n, |b| b.2);
        rows.push(row_of(&links[i..end]));
        i = end;
    }
    rows
}

/// How deep terms are opened up before giving up.
const MAX_DEPTH: usize = 6;

/// Packs terms (each but the first starting with its operator) into rows,
/// the first led by `lead`, the others continuations. A term too wide for
/// a row of its own is opened up and its parts packed in its place (the
/// first part may still join the row before).
fn fill(terms: &[String], lead: Lead, room: u32) -> Vec<Row> {
    let fits = |lead: Lead, math: &str| {
        let row = Row {
            lead,
            math: math.to_owned(),
        };
        width(&format!("{{}}{}", row.latex())) <= room
    };
    let mut queue: VecDeque<(String, usize)> = terms.iter().map(|t| (t.clone(), 0)).collect();
    let mut rows: Vec<Row> = Vec::new();
    let mut current = String::new();
    while let Some((term, depth)) = queue.pop_front() {
        let row_lead = if rows.is_empty() {
            lead
        } else {
            Lead::Continuation
        };
        let candidate = if current.is_empty() {
            term.clone()
        } else {
            format!("{current} {term}")
        };
        if fits(row_lead, &candidate) {
            current = candidate;
            continue;
        }
        if !fits(Lead::Continuation, &term)
            && depth < MAX_DEPTH
            && let Some(parts) = open_up(&term)
        {
            for part in parts.into_iter().rev() {
                queue.push_front((part, depth + 1));
            }
            continue;
        }
        if current.is_empty() {
            // Too wide, and nothing left to open: it gets a row of its own.
            rows.push(Row {
                lead: row_lead,
                math: term,
            });
        } else {
            rows.push(Row {
                lead: row_lead,
                math: std::mem::replace(&mut current, term),
            });
        }
    }
    if !current.is_empty() {
        rows.push(Row {
            lead: if rows.is_empty() {
                lead
            } else {
                Lead::Continuation
            },
            math: current,
        });
    }
    rows
}

/// The terms of a formula: split at its top-level binary operators (each
/// term after the first starts with its operator) and after commas.
fn terms(math: &str) -> Vec<String> {
    let measured = tex::measure(math);
    split(math, &measured.nodes)
}

fn split(src: &str, nodes: &[tex::Node]) -> Vec<String> {
    let mut terms = Vec::new();
    let mut start: Option<usize> = None;
    // A leading operator (a continuation's `+`) is binary, as the `{}`
    // before it on its row makes it: a `-` right after it is a sign.
    let mut previous: Option<tex::Class> = Some(tex::Class::Ord);
    for node in nodes {
        let text = &src[node.span.clone()];
        let binary = node.class == tex::Class::Bin
            && !matches!(
                previous,
                None | Some(
                    tex::Class::Bin
                        | tex::Class::Op
                        | tex::Class::Rel
                        | tex::Class::Open
                        | tex::Class::Punct
                )
            );
        let slash = text == "/" && start.is_some();
        if (binary || slash)
            && let Some(from) = start
        {
            terms.push(src[from..node.span.start].trim().to_owned());
            start = Some(node.span.start);
        }
        if start.is_none() {
            start = Some(node.span.start);
        }
        if node.class == tex::Class::Punct {
            terms.push(
                src[start.unwrap_or(node.span.start)..node.span.end]
                    .trim()
                    .to_owned(),
            );
            start = None;
        }
        previous = Some(if binary || node.class != tex::Class::Bin {
            node.class
        } else {
            tex::Class::Ord
        });
    }
    if let (Some(from), Some(last)) = (start, nodes.last()) {
        terms.push(src[from..last.span.end].trim().to_owned());
    }
    terms.retain(|t| !t.is_empty());
    terms
}

/// Opens up the widest fenced sum or display fraction of a term into
/// smaller terms, or `None` when the term has nothing to open.
fn open_up(term: &str) -> Option<Vec<String>> {
    let measured = tex::measure(term);
    let widest = measured
        .nodes
        .iter()
        .filter(|n| !matches!(n.kind, tex::Kind::Atom))
        .max_by_key(|n| n.width())?;
    let before = term[..widest.span.start].trim_end();
    let after = term[widest.span.end..].trim_start();
    match &widest.kind {
        tex::Kind::Atom => None,
        tex::Kind::Fenced { open, inner, close } => {
            let mut parts = split(term, inner);
            if parts.len() < 2 {
                // One term inside: open whatever it holds instead.
                let opened = open_up(parts.first()?)?;
                parts = opened;
            }
            let size = match widest.height {
                tex::Height::Tall => "bigg",
                tex::Height::Fraction => "Big",
                tex::Height::Plain | tex::Height::Raised => "big",
            };
            let opening = term[open.clone()].replacen("\\left", &format!("\\{size}l"), 1);
            let closing = term[close.clone()].replacen("\\right", &format!("\\{size}r"), 1);
            let last = parts.len() - 1;
            parts[0] = glue(&glue(before, &opening), &parts[0]);
            parts[last] = glue(&glue(&parts[last], &closing), after);
            Some(parts)
        }
        tex::Kind::Fraction { num, den } => {
            let wrap = |text: &str| {
                if terms(text).len() > 1 {
                    format!("\\left({text}\\right)")
                } else {
                    text.to_owned()
                }
            };
            let slash = format!(
                "{} / {}",
                wrap(&term[num.clone()]),
                wrap(&term[den.clone()])
            );
            let rewritten = glue(&glue(before, &slash), after);
            let parts = terms(&rewritten);
            (parts.len() > 1).then_some(parts)
        }
    }
}

/// `left` then `right`, with a space only where a command name would
/// otherwise run into a letter.
fn glue(left: &str, right: &str) -> String {
    let separate = left.ends_with(|c: char| c.is_ascii_alphabetic())
        && right.starts_with(|c: char| c.is_ascii_alphabetic());
    if separate {
        format!("{left} {right}")
    } else {
        format!("{left}{right}")
    }
}

#[cfg(test)]
mod tests;
