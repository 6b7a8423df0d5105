//! `require` conditions: what every variant of an exercise must satisfy.
//!
//! A condition is `loss_decreases` (the loss after training is below the
//! loss before), or `NAME RELATION NUMBER` with the name written as in a
//! claims file (see [`super::names`]), optionally between bars for its
//! magnitude: `x != 0`, `x[2] != 0`, `|delta| >= 0.001`,
//! `|W'[1][1][2]| <= 0.8`, `yhat < 0.9`, `new loss < 0.1` (the right side
//! is always a number). A name with fewer indices than its quantity
//! takes speaks of every quantity it begins (`delta` is every δ, `W[1]`
//! every weight of layer 1; see [`super::names::every`]); a name without
//! `(update n)` is taken in the first update. The relations are `<`, `<=`,
//! `>`, `>=`, `!=` and `==` (also `=`, `≤`, `≥`, `≠`). Values are compared
//! exactly, in the variant's exact run (`carry = exact`), before rounding.

use std::cmp::Ordering;

use num_rational::BigRational;

use super::claims::{self, Functions};
use super::names::{self, Place, Recorded};
use crate::diagnostic::Diagnostic;
use crate::model::Network;
use crate::numeric::eval::{Number, Open};
use crate::source::Span;
use crate::symbolic::{Quantity, Symbol};

/// How a value is compared with a bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// `<`.
    Less,
    /// `<=` or `≤`.
    LessOrEqual,
    /// `>`.
    Greater,
    /// `>=` or `≥`.
    GreaterOrEqual,
    /// `==` or `=`.
    Equal,
    /// `!=` or `≠`.
    NotEqual,
}

impl Relation {
    /// Reads a relation as written.
    fn from_text(text: &str) -> Option<Relation> {
        Some(match text {
            "<" => Relation::Less,
            "<=" | "≤" => Relation::LessOrEqual,
            ">" => Relation::Greater,
            ">=" | "≥" => Relation::GreaterOrEqual,
            "==" | "=" => Relation::Equal,
            "!=" | "≠" => Relation::NotEqual,
            _ => return None,
        })
    }

    /// Whether a value compared with the bound (`ordering` of value to bound) meets it.
    fn holds(self, ordering: Ordering) -> bool {
        match self {
            Relation::Less => ordering == Ordering::Less,
            Relation::LessOrEqual => ordering != Ordering::Greater,
            Relation::Greater => ordering == Ordering::Greater,
            Relation::GreaterOrEqual => ordering != Ordering::Less,
            Relation::Equal => ordering == Ordering::Equal,
            Relation::NotEqual => ordering != Ordering::Equal,
        }
    }
}

/// A condition read and checked against the network's names.
#[derive(Debug, Clone)]
pub enum Condition {
    /// `loss_decreases`.
    LossDecreases,
    /// `NAME RELATION NUMBER` or `|NAME| RELATION NUMBER`, for every place the name covers.
    Compare {
        /// Every place the name covers.
        places: Vec<Place>,
        /// Compare the magnitude (`|NAME|`).
        magnitude: bool,
        /// The relation.
        relation: Relation,
        /// The number on the right.
        bound: BigRational,
    },
}

/// One `require` statement, read.
#[derive(Debug, Clone)]
pub struct Requirement {
    /// The condition as written.
    pub text: String,
    /// Its line in the file (1-based).
    pub line: usize,
    /// What it requires.
    pub condition: Condition,
}

/// The words a condition may be besides a comparison.
const CONDITION_WORDS: [&str; 1] = ["loss_decreases"];

/// Characters that make up a relation (a wrong run of them is refused whole).
fn relation_char(ch: char) -> bool {
    matches!(ch, '<' | '>' | '=' | '!' | '≤' | '≥' | '≠')
}

fn error(
    message: impl Into<String>,
    span: Span,
    label: &str,
    help: impl Into<String>,
) -> Diagnostic {
    Diagnostic::error(message, span, label).with_help(help)
}

/// The help for a condition that is not one.
const SHAPES: &str = "a condition is `NAME RELATION NUMBER`, as `x != 0`, `|delta| >= 0.001` or `yhat < 0.9`, or `loss_decreases`";

/// Reads every `require` of `network` (its conditions are in `text`, the
/// file's text) against the network's names.
///
/// # Errors
/// Every condition that cannot be read, located.
pub fn read(text: &str, network: &Network) -> Result<Vec<Requirement>, Vec<Diagnostic>> {
    let functions = Functions::of(network);
    let mut read = Vec::new();
    let mut errors = Vec::new();
    for requirement in &network.requirements {
        match condition(text, requirement.span, network, &functions) {
            Ok(condition) => read.push(Requirement {
                text: requirement.condition.clone(),
                line: crate::source::line_number(text, requirement.span.start),
                condition,
            }),
            Err(diagnostic) => errors.push(diagnostic),
        }
    }
    if errors.is_empty() {
        Ok(read)
    } else {
        Err(errors)
    }
}

/// Reads one condition, written at `span` of `text`.
fn condition(
    text: &str,
    span: Span,
    network: &Network,
    functions: &Functions,
) -> Result<Condition, Diagnostic> {
    let written = text.get(span.start..span.end).unwrap_or_default();
    let Some(at) = written.find(relation_char) else {
        return word(written, span);
    };
    let length: usize = written[at..]
        .chars()
        .take_while(|c| relation_char(*c))
        .map(char::len_utf8)
        .sum();
    let relation_text = &written[at..at + length];
    let relation_span = Span::new(span.start + at, span.start + at + length);
    let relation = Relation::from_text(relation_text).ok_or_else(|| {
        let meant = match relation_text {
            "=>" => Some(">="),
            "=<" => Some("<="),
            "<>" | "=!" | "!" => Some("!="),
            "===" => Some("=="),
            _ => None,
        };
        error(
            format!("`{relation_text}` is not a comparison"),
            relation_span,
            "not a comparison",
            match meant {
                Some(meant) => {
                    format!("did you mean `{meant}`? compare with <, <=, >, >=, != or ==")
                }
                None => "compare with <, <=, >, >=, != or ==".to_owned(),
            },
        )
    })?;
    let (magnitude, name_span) = operand(text, Span::new(span.start, span.start + at))?;
    let places = quantity(text, name_span, network, functions)?;
    let bound = number(text, Span::new(relation_span.end, span.end))?;
    Ok(Condition::Compare {
        places,
        magnitude,
        relation,
        bound,
    })
}

/// A condition without a relation: `loss_decreases`, or a mistake.
fn word(written: &str, span: Span) -> Result<Condition, Diagnostic> {
    if written == "loss_decreases" {
        return Ok(Condition::LossDecreases);
    }
    let first = written
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .next()
        .unwrap_or_default();
    if names::Kind::from_word(first).is_some() || first == "new" || written.starts_with('|') {
        return Err(error(
            format!("`require {written}` does not say what `{written}` must be"),
            Span::new(span.end, span.end),
            "expected a comparison",
            format!("compare it with a number, as `require {written} != 0`"),
        ));
    }
    let hint = crate::text::suggest(written, &CONDITION_WORDS)
        .map_or_else(String::new, |s| format!("did you mean `{s}`? "));
    Err(error(
        format!("`{written}` is not a condition longhand knows"),
        span,
        "unknown condition",
        format!("{hint}{SHAPES}"),
    ))
}

/// The left side: `NAME` or `|NAME|` (whether it is a magnitude, and the name's span).
fn operand(text: &str, span: Span) -> Result<(bool, Span), Diagnostic> {
    let written = text.get(span.start..span.end).unwrap_or_default();
    let lead = written.len() - written.trim_start().len();
    let trimmed = written.trim();
    let start = span.start + lead;
    let end = start + trimmed.len();
    if trimmed.is_empty() {
        return Err(error(
            "the comparison has nothing on its left",
            Span::new(span.end, span.end),
            "expected a quantity",
            SHAPES,
        ));
    }
    match (
        trimmed.starts_with('|'),
        trimmed.len() > 1 && trimmed.ends_with('|'),
    ) {
        (true, true) => Ok((true, Span::new(start + 1, end - 1))),
        (false, false) if !trimmed.contains('|') => Ok((false, Span::new(start, end))),
        _ => Err(error(
            "a magnitude is written between two bars",
            Span::new(start, end),
            "unmatched `|`",
            "write `|delta| >= 0.001`",
        )),
    }
}

/// The places a written name covers.
fn quantity(
    text: &str,
    span: Span,
    network: &Network,
    functions: &Functions,
) -> Result<Vec<Place>, Diagnostic> {
    let written = text.get(span.start..span.end).unwrap_or_default().trim();
    let name = claims::parse_name(text, span.start, span.end, functions)?.ok_or_else(|| {
        let first = written
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .next()
            .unwrap_or(written);
        let hint = crate::text::suggest(first, &names::WORDS)
            .map_or_else(String::new, |s| format!("did you mean `{s}`? "));
        error(
            format!("`{written}` is not a quantity longhand knows"),
            span,
            "unknown quantity",
            format!(
                "{hint}name a quantity as `longhand check` does: {} (with `new` after training)",
                names::WORDS.join(", ")
            ),
        )
    })?;
    names::every(network, &name)
}

/// The number on the right of a comparison (a decimal, with a sign).
fn number(text: &str, span: Span) -> Result<BigRational, Diagnostic> {
    let written = text.get(span.start..span.end).unwrap_or_default();
    let trimmed = written.trim();
    let at = if trimmed.is_empty() {
        Span::new(span.end, span.end)
    } else {
        let lead = written.len() - written.trim_start().len();
        Span::new(span.start + lead, span.start + lead + trimmed.len())
    };
    let (negative, digits) = match trimmed.strip_prefix(['-', '−']) {
        Some(rest) => (true, rest),
        None => (false, trimmed.strip_prefix('+').unwrap_or(trimmed)),
    };
    let value = claims::decimal_value(digits.trim_start())
        .filter(|_| !digits.is_empty())
        .map(|(value, _)| value)
        .ok_or_else(|| {
            error(
                if trimmed.is_empty() {
                    "the comparison has no number on its right".to_owned()
                } else {
                    format!("`{trimmed}` is not a number")
                },
                at,
                "expected a number",
                "compare with a number written in decimals, as `|delta| >= 0.001`",
            )
        })?;
    Ok(if negative { -value } else { value })
}

/// The requirements `exact` (the variant's exact run) does not meet.
///
/// # Errors
/// A comparison the run's numbers cannot decide (never for a [`Run`]).
pub fn unmet<'a, R: Recorded>(
    network: &Network,
    exact: &R,
    requirements: &'a [Requirement],
) -> Result<Vec<&'a Requirement>, Open> {
    let mut unmet = Vec::new();
    for requirement in requirements {
        if !met(network, exact, &requirement.condition)? {
            unmet.push(requirement);
        }
    }
    Ok(unmet)
}

/// Whether the run meets a condition (a value the run lacks meets nothing).
fn met<R: Recorded>(network: &Network, exact: &R, condition: &Condition) -> Result<bool, Open> {
    match condition {
        Condition::LossDecreases => {
            let loss = Symbol::of(Quantity::Loss);
            match (exact.named(0, &loss), exact.after(&loss)) {
                (Some(before), Some(after)) => Ok(after.compare(&before)? == Ordering::Less),
                _ => Ok(false),
            }
        }
        Condition::Compare {
            places,
            magnitude,
            relation,
            bound,
        } => {
            let bound = R::Value::constant(bound);
            for place in places {
                let Some(value) = names::value(network, exact, place) else {
                    return Ok(false);
                };
                let value = if *magnitude && value.signum()? < 0 {
                    value.neg()
                } else {
                    value
                };
                if !relation.holds(value.compare(&bound)?) {
                    return Ok(false);
                }
            }
            Ok(true)
        }
    }
}
