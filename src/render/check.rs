//! The report of `longhand check`: one line per claim with its verdict,
//! a line of explanation where a claim is not simply correct, the lines
//! that could not be read with a caret, and a summary. Plain text for the
//! terminal, or JSON.

use crate::text::join;
use serde::Serialize;

use super::numbers::units_text;
use crate::audit::judge::{Audit, Entry, Judgement, Reading, Subject, Verdict};
use crate::diagnostic::Color;
use crate::model::{Carry, Precision};
use crate::numeric::format;
use crate::numeric::round::Rounded;
use crate::source::SourceFile;

/// The text of a span of the claims file.
fn text(claims: &SourceFile, span: crate::source::Span) -> &str {
    claims
        .text
        .get(claims.clamp(span.start)..claims.clamp(span.end))
        .unwrap_or("")
}

fn shown(rounded: &Rounded, judgement: &Judgement) -> String {
    format::plain(&rounded.decimal, judgement.display)
}

/// The true value with a few more digits than the claim.
fn more_digits(rounded: &Rounded, judgement: &Judgement) -> String {
    let precision = match judgement.display {
        Precision::Significant(n) => Precision::Significant(n + 4),
        _ => Precision::Exact,
    };
    format::plain(&rounded.decimal, precision)
}

/// A carry mode with what it means, for a named claim.
fn carry_words(carry: Carry) -> &'static str {
    match carry {
        Carry::Step => "carry = step (every written number rounded as written)",
        Carry::Quantity => "carry = quantity (each named quantity rounded once)",
        Carry::Exact => "carry = exact (nothing rounded until printed)",
    }
}

fn verdict_word(verdict: &Verdict) -> &'static str {
    match verdict {
        Verdict::Correct => "correct",
        Verdict::OnlyUnder(_) => "other carry",
        Verdict::Wrong { .. } | Verdict::NoValue(_) => "WRONG",
        Verdict::Undecided(_) => "UNDECIDED",
        Verdict::TooCoarse { .. } => "TOO COARSE",
    }
}

fn reading_text(reading: &Reading, judgement: &Judgement) -> String {
    match &reading.value {
        Ok(value) => shown(value, judgement),
        Err(reason) => format!("no value ({reason})"),
    }
}

/// What a reading of a named claim gives, in words: its value, or that
/// its carry mode could not compute the quantity, and why.
fn gives(reading: &Reading, judgement: &Judgement) -> String {
    match &reading.value {
        Ok(value) => format!(
            "{} gives {}",
            carry_words(reading.carry),
            shown(value, judgement)
        ),
        Err(reason) => format!(
            "{} could not compute it ({reason})",
            carry_words(reading.carry)
        ),
    }
}

/// The explanation under a named claim that is not simply correct.
fn named_explanation(judgement: &Judgement) -> Option<String> {
    let first = judgement.readings.first()?;
    match &judgement.verdict {
        Verdict::Correct => None,
        Verdict::OnlyUnder(carries) => {
            let right: Vec<String> = carries.iter().map(|c| carry_words(*c).to_owned()).collect();
            Some(format!(
                "right under {}, but {}",
                join(&right, "and"),
                gives(first, judgement)
            ))
        }
        Verdict::Wrong { units, .. } => {
            // The right value comes from the first reading that has one;
            // the readings before it could not compute the quantity.
            let decider = judgement.readings.iter().position(|r| r.value.is_ok())?;
            let mut text: String = judgement.readings[..decider]
                .iter()
                .map(|r| format!("{}; ", gives(r, judgement)))
                .collect();
            let others: Vec<String> = judgement.readings[decider + 1..]
                .iter()
                .map(|r| {
                    format!(
                        "carry = {} gives {}",
                        r.carry.name(),
                        reading_text(r, judgement)
                    )
                })
                .collect();
            text.push_str(&format!(
                "{}: the claim is {} in the last place",
                gives(&judgement.readings[decider], judgement),
                units_text(units),
            ));
            if !others.is_empty() {
                text.push_str(&format!("; {}", join(&others, "and")));
            }
            Some(text)
        }
        Verdict::NoValue(reason) => Some(format!("no carry mode could compute it: {reason}")),
        Verdict::Undecided(_) => None,
        Verdict::TooCoarse { written, wanted } => Some(coarse_text(*written, *wanted)),
    }
}

/// The explanation under a formula that is not simply correct.
fn formula_explanation(judgement: &Judgement) -> Option<String> {
    let exact = judgement.readings.first()?;
    let by_hand = judgement.readings.get(1);
    let value = match &judgement.true_value {
        Some((more, true)) => format!("its value is {}", more_digits(more, judgement)),
        Some((more, false)) => format!("its value is {}…", more_digits(more, judgement)),
        None => "its value".to_owned(),
    };
    match &judgement.verdict {
        Verdict::Correct => None,
        Verdict::OnlyUnder(_) => Some(format!(
            "right only for a hand calculation that rounds every intermediate result; {value}, which rounds to {}",
            reading_text(exact, judgement)
        )),
        Verdict::Wrong { right, units } => {
            let hand = match by_hand.map(|r| &r.value) {
                Some(Ok(v)) if v.decimal != right.decimal => format!(
                    " (rounding every intermediate result gives {})",
                    shown(v, judgement)
                ),
                _ => String::new(),
            };
            Some(format!(
                "{value}, which rounds to {}: the claim is {} in the last place{hand}",
                shown(right, judgement),
                units_text(units)
            ))
        }
        Verdict::NoValue(reason) => Some(format!("the formula has no value: {reason}")),
        Verdict::TooCoarse { written, wanted } => Some(coarse_text(*written, *wanted)),
        Verdict::Undecided(pair) => Some(format!(
            "its value is too close to the boundary between {} and {} to tell which it rounds to: it may lie exactly on the boundary (a tie), which cannot be told apart from a value just beside it through these functions, so longhand does not guess",
            shown(&pair.0, judgement),
            shown(&pair.1, judgement)
        )),
    }
}

/// Why a claim with too few decimals is not an answer.
fn coarse_text(written: u32, wanted: u32) -> String {
    format!(
        "written with {written} {}, but the file asks for {wanted}: give every decimal asked for (`--accept-coarse` judges a claim at its own decimals)",
        if written == 1 { "decimal" } else { "decimals" }
    )
}

fn explanation(judgement: &Judgement) -> Option<String> {
    match judgement.subject {
        Subject::Named { .. } => named_explanation(judgement),
        Subject::Arithmetic => formula_explanation(judgement),
    }
}

fn claim_text(judgement: &Judgement, claims: &SourceFile) -> String {
    format!(
        "{} = {}",
        text(claims, judgement.span),
        text(claims, judgement.claimed_span)
    )
}

/// The plain-text report.
pub fn text_report(audit: &Audit, claims: &SourceFile, network_name: &str, color: Color) -> String {
    let mut out = format!(
        "checking {} against {network_name}\n  named quantities: at the decimals each claim is written with, rounding = {}, decided by carry = {} (the other carry modes are tried too)\n  formulas: exact values, rounding = {} (a hand calculation rounding every intermediate result is tried too)\n\n",
        claims.name,
        audit.rounding.name(),
        audit.carry.name(),
        audit.arithmetic_rounding.name(),
    );
    for entry in &audit.entries {
        match entry {
            Entry::Judged(judgement) => {
                out.push_str(&format!(
                    "line {:<4} {:<11}  {}\n",
                    judgement.line,
                    verdict_word(&judgement.verdict),
                    claim_text(judgement, claims)
                ));
                if let Some(why) = explanation(judgement) {
                    out.push_str(&format!("{:23}{why}\n", ""));
                }
            }
            Entry::Problem { diagnostic, .. } => {
                out.push('\n');
                out.push_str(diagnostic.render(claims, color).trim_end());
                out.push_str("\n\n");
            }
        }
    }
    let tally = audit.tally();
    out.push_str(&format!(
        "\n{} claim{}: {} correct, {} correct only under another carry mode, {} wrong",
        tally.claims,
        if tally.claims == 1 { "" } else { "s" },
        tally.correct,
        tally.other_carry,
        tally.wrong
    ));
    if tally.undecided > 0 {
        out.push_str(&format!(", {} undecided", tally.undecided));
    }
    if tally.problems > 0 {
        out.push_str(&format!(
            "; {} line{} not checked",
            tally.problems,
            if tally.problems == 1 { "" } else { "s" }
        ));
    }
    out.push('\n');
    out
}

#[derive(Serialize)]
struct ReadingJson {
    carry: &'static str,
    value: Option<String>,
    problem: Option<String>,
}

#[derive(Serialize)]
struct ClaimJson {
    line: usize,
    claim: String,
    name: Option<String>,
    quantity: Option<String>,
    claimed: String,
    decimals: u32,
    verdict: &'static str,
    right: Option<String>,
    units_in_last_place: Option<String>,
    correct_under: Vec<&'static str>,
    readings: Vec<ReadingJson>,
}

#[derive(Serialize)]
struct ProblemJson {
    line: usize,
    message: String,
    column: usize,
}

#[derive(Serialize)]
struct AuditJson {
    claims: Vec<ClaimJson>,
    unreadable: Vec<ProblemJson>,
    correct: usize,
    other_carry: usize,
    wrong: usize,
    undecided: usize,
    all_correct: bool,
}

/// The carry modes under which a claim holds.
fn matching(judgement: &Judgement) -> Vec<&'static str> {
    judgement
        .readings
        .iter()
        .filter(|r| {
            r.value
                .as_ref()
                .is_ok_and(|v| v.decimal.to_rational() == judgement.claimed.value)
        })
        .map(|r| r.carry.name())
        .collect()
}

fn claim_json(judgement: &Judgement, claims: &SourceFile) -> ClaimJson {
    let (name, quantity) = match &judgement.subject {
        Subject::Named { name, words } => (Some(name.clone()), Some(words.clone())),
        Subject::Arithmetic => (None, None),
    };
    let decimals = match judgement.precision {
        Precision::Decimals(d) => d,
        _ => 0,
    };
    let (verdict, right, units, correct_under) = match &judgement.verdict {
        Verdict::Correct => ("correct", None, None, matching(judgement)),
        Verdict::OnlyUnder(_) => ("correct_under_other_carry", None, None, matching(judgement)),
        Verdict::Wrong { right, units } => (
            "wrong",
            Some(shown(right, judgement)),
            Some(units_text(units)),
            Vec::new(),
        ),
        Verdict::NoValue(_) => ("no_value", None, None, Vec::new()),
        Verdict::Undecided(_) => ("undecided", None, None, Vec::new()),
        Verdict::TooCoarse { .. } => ("too_coarse", None, None, Vec::new()),
    };
    ClaimJson {
        line: judgement.line,
        claim: claim_text(judgement, claims),
        name,
        quantity,
        claimed: judgement.claimed.text.clone(),
        decimals,
        verdict,
        right,
        units_in_last_place: units,
        correct_under,
        readings: judgement
            .readings
            .iter()
            .map(|r| ReadingJson {
                carry: r.carry.name(),
                value: r.value.as_ref().ok().map(|v| shown(v, judgement)),
                problem: r.value.as_ref().err().cloned(),
            })
            .collect(),
    }
}

/// The JSON report.
///
/// # Errors
/// A [`super::RenderError`] if the report cannot be serialised.
pub fn json_report(audit: &Audit, claims: &SourceFile) -> Result<String, super::RenderError> {
    let tally = audit.tally();
    let mut report = AuditJson {
        claims: Vec::new(),
        unreadable: Vec::new(),
        correct: tally.correct,
        other_carry: tally.other_carry,
        wrong: tally.wrong,
        undecided: tally.undecided,
        all_correct: audit.all_correct(),
    };
    for entry in &audit.entries {
        match entry {
            Entry::Judged(judgement) => report.claims.push(claim_json(judgement, claims)),
            Entry::Problem { line, diagnostic } => report.unreadable.push(ProblemJson {
                line: *line,
                message: diagnostic.message.clone(),
                column: claims.line_col(diagnostic.primary.span.start).1,
            }),
        }
    }
    super::markdown::pretty_json(&report)
}
