//! The breaking itself: links packed onto balanced rows, long links split
//! at their operators, and parenthesised sums and wide fractions opened up.

use std::collections::VecDeque;

use super::{Lead, Link, Relation, Row, tex, width};

/// Breaks a chain into rows no wider than `budget` where it can.
pub(super) fn break_chain(target: &str, links: &[Link], budget: u32) -> Vec<Row> {
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
pub(super) fn terms(math: &str) -> Vec<String> {
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
pub(super) fn open_up(term: &str) -> Option<Vec<String>> {
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
