//! Judging claims: each claim at the precision it is written with.
//!
//! A **named** claim (`W'[1][2][1] = 0.1933`) is compared with the network's
//! value under every carry mode, each run at that many decimals with the
//! network's rounding mode: it is *correct* when it matches the network's
//! own carry mode, *correct only under another carry mode* when it matches
//! only others, and *wrong* otherwise.
//!
//! An **arithmetic** claim (`e^{-0.2520} ≈ 0.7773`) is compared with its
//! true value correctly rounded ([`super::arithmetic::rounded`]); a line
//! that matches only when every intermediate result is rounded (a hand
//! calculation, [`super::arithmetic::step_value`]) is *correct only under
//! step carry*; a value that cannot be told from a rounding boundary is
//! *undecided*, not guessed.

use std::collections::HashMap;

use num_rational::BigRational;

use super::arithmetic;
use super::claims::{Claim, Element, Line, Number};
use super::deviation::units_in_last_place;
use super::names::{self, Place, When};
use crate::diagnostic::Diagnostic;
use crate::model::{Carry, Network, Precision, Rounding};
use crate::numeric::enclose::EncloseError;
use crate::numeric::eval::Pass;
use crate::numeric::eval::Rules;
use crate::numeric::round::{Decimal, Rounded, round};
use crate::numeric::run::{Detail, Gaps, Run, run_lenient};
use crate::source::Span;
use crate::symbolic::Expr;

/// The most decimals a claim may be judged at.
pub const MAX_CLAIM_DECIMALS: i64 = 60;

/// What a claim is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// A quantity of the network: its canonical name and a description.
    Named {
        /// The canonical name (`W'[1][2][1]`).
        name: String,
        /// The quantity in words.
        words: String,
    },
    /// A formula.
    Arithmetic,
}

/// One reading of a claim's left side: its value under a carry mode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    /// The carry mode (for a formula: `exact` is its true value, `step` a
    /// hand calculation rounding every intermediate result).
    pub carry: Carry,
    /// The value at the claim's precision, or why there is none.
    pub value: Result<Rounded, String>,
}

/// The verdict on one claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The claimed digits are right.
    Correct,
    /// Right only under these other carry modes, not under the first reading's.
    OnlyUnder(Vec<Carry>),
    /// Wrong: the right value (first reading) and claimed − right in units
    /// of the last place.
    Wrong {
        /// The right value.
        right: Rounded,
        /// Claimed − right, in units of the last place.
        units: BigRational,
    },
    /// The left side has no value (a division by zero, ...).
    NoValue(String),
    /// The formula's value lies too close to the boundary between these two
    /// roundings to decide which (it may sit exactly on it): not guessed.
    Undecided(Box<(Rounded, Rounded)>),
    /// A named claim written with fewer decimals than the file's precision
    /// (`loss = 0` for a 4-decimal question): not an answer at that
    /// precision, whatever its digits (`check --accept-coarse` judges it
    /// at its own decimals instead).
    TooCoarse {
        /// The decimals the claim was written with.
        written: u32,
        /// The decimals the file asks for.
        wanted: u32,
    },
}

/// A judged claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judgement {
    /// The line (1-based).
    pub line: usize,
    /// What is claimed about (its source).
    pub span: Span,
    /// The value claimed (its source).
    pub claimed_span: Span,
    /// The value claimed.
    pub claimed: Number,
    /// The precision it is judged at (decimals).
    pub precision: Precision,
    /// How its values are printed: the same decimals, or as many
    /// significant digits when the claim is in scientific notation
    /// (`8.756e-27`).
    pub display: Precision,
    /// Named or arithmetic.
    pub subject: Subject,
    /// The readings, the one that decides correctness first.
    pub readings: Vec<Reading>,
    /// The verdict.
    pub verdict: Verdict,
    /// For a formula: its true value with a few more digits, for the reader.
    pub true_value: Option<(Rounded, bool)>,
}

/// One entry of an audit, in the order of the claims file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// A judged claim.
    Judged(Box<Judgement>),
    /// A line that could not be read, or a name that names nothing.
    Problem {
        /// The line (1-based).
        line: usize,
        /// What is wrong, with a caret.
        diagnostic: Diagnostic,
    },
}

/// The audit of a claims file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Audit {
    /// Every entry in order.
    pub entries: Vec<Entry>,
    /// The rounding mode arithmetic claims are judged with.
    pub arithmetic_rounding: Rounding,
    /// The carry mode named claims are judged by first.
    pub carry: Carry,
    /// The rounding mode named claims are judged with.
    pub rounding: Rounding,
}

/// Counts of an audit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Claims judged.
    pub claims: usize,
    /// Correct.
    pub correct: usize,
    /// Correct only under another carry mode.
    pub other_carry: usize,
    /// Wrong (including left sides without a value).
    pub wrong: usize,
    /// Formulas whose rounding cannot be decided.
    pub undecided: usize,
    /// Lines that could not be read or name nothing.
    pub problems: usize,
}

impl Audit {
    /// The counts.
    pub fn tally(&self) -> Tally {
        let mut tally = Tally::default();
        for entry in &self.entries {
            match entry {
                Entry::Problem { .. } => tally.problems += 1,
                Entry::Judged(j) => {
                    tally.claims += 1;
                    match j.verdict {
                        Verdict::Correct => tally.correct += 1,
                        Verdict::OnlyUnder(_) => tally.other_carry += 1,
                        Verdict::Wrong { .. } | Verdict::NoValue(_) | Verdict::TooCoarse { .. } => {
                            tally.wrong += 1
                        }
                        Verdict::Undecided(_) => tally.undecided += 1,
                    }
                }
            }
        }
        tally
    }

    /// Whether every claim is correct and every line was read.
    pub fn all_correct(&self) -> bool {
        let tally = self.tally();
        tally.correct == tally.claims && tally.problems == 0
    }
}

/// Runs of the network at the precisions claims are written with. Each
/// is lenient: a quantity it cannot compute leaves a gap with the reason,
/// and every quantity that does not depend on it still has its value.
struct Runs<'a> {
    network: &'a Network,
    runs: HashMap<(u32, Carry), (Network, Run, Gaps)>,
}

impl Runs<'_> {
    /// The run at `decimals` under `carry`, with the network it ran (whose
    /// settings name the precision in messages) and its gaps.
    fn get(&mut self, decimals: u32, carry: Carry) -> &(Network, Run, Gaps) {
        // Exactly carried values do not depend on the precision: one run serves all.
        let key = if carry == Carry::Exact {
            (0, carry)
        } else {
            (decimals, carry)
        };
        let network = self.network;
        self.runs.entry(key).or_insert_with(|| {
            let mut settings = network.settings;
            settings.precision = Precision::Decimals(key.0);
            settings.carry = carry;
            let mut copy = network.clone();
            copy.settings = settings;
            let (run, gaps) = run_lenient(&copy, Rules::of(settings), Detail::First);
            (copy, run, gaps)
        })
    }
}

/// The precision of a claimed number, or why it cannot be judged.
fn precision_of(number: &Number, span: Span) -> Result<u32, Diagnostic> {
    let decimals = number.decimals.unwrap_or(0).max(0);
    if decimals > MAX_CLAIM_DECIMALS {
        return Err(Diagnostic::error(
            format!(
                "`{}` has {decimals} decimals; longhand judges claims to at most {MAX_CLAIM_DECIMALS}",
                number.text
            ),
            span,
            "too many decimals",
        ));
    }
    Ok(u32::try_from(decimals).unwrap_or(0))
}

/// Decimals, or significant digits for a claim in scientific notation.
fn display_precision(claimed: &Number, decimals: u32) -> Precision {
    let Some(at) = claimed.text.find(['e', 'E']) else {
        return Precision::Decimals(decimals);
    };
    let significant = claimed.text[..at]
        .chars()
        .filter(char::is_ascii_digit)
        .skip_while(|c| *c == '0')
        .count();
    Precision::Significant(u32::try_from(significant.max(1)).unwrap_or(1))
}

/// The carry mode the file's numbers were computed with: `precision =
/// exact` carries exact values whatever `carry` says.
fn deciding_carry(network: &Network) -> Carry {
    Rules::of(network.settings).carry
}

/// The order in which carry modes are tried: the deciding one first.
fn carry_order(first: Carry) -> Vec<Carry> {
    let mut order = vec![first];
    order.extend(
        [Carry::Step, Carry::Quantity, Carry::Exact]
            .into_iter()
            .filter(|c| *c != first),
    );
    order
}

fn as_decimal(value: &BigRational, decimals: u32) -> Decimal {
    round(
        &crate::numeric::real::Real::Exact(value.clone()),
        Precision::Decimals(decimals),
        Rounding::HalfUp,
    )
    .decimal
}

/// The verdict from the readings: the first decides when it has a value;
/// when its run could not compute the quantity, the claim is judged by the
/// runs that could (the first of them gives the right value).
fn verdict(claimed: &Decimal, readings: &[Reading]) -> Verdict {
    let matches = |r: &Reading| r.value.as_ref().is_ok_and(|v| v.decimal == *claimed);
    let Some(first) = readings.first() else {
        return Verdict::NoValue("nothing to compare with".to_owned());
    };
    if matches(first) {
        return Verdict::Correct;
    }
    let others: Vec<Carry> = readings[1..]
        .iter()
        .filter(|r| matches(r))
        .map(|r| r.carry)
        .collect();
    if !others.is_empty() {
        return Verdict::OnlyUnder(others);
    }
    match readings.iter().find_map(|r| r.value.as_ref().ok()) {
        Some(right) => Verdict::Wrong {
            right: right.clone(),
            units: units_in_last_place(claimed, &right.decimal),
        },
        None => Verdict::NoValue(first.value.as_ref().err().cloned().unwrap_or_default()),
    }
}

fn failure_text(failure: &EncloseError) -> String {
    match failure {
        EncloseError::DivisionByZero => "it divides by zero".to_owned(),
        EncloseError::LnDomain => "it takes ln of a number that is not positive".to_owned(),
        EncloseError::RootDomain => "it takes an even root of a negative number".to_owned(),
        EncloseError::ExpRange => "it needs e^x with |x| > 9000".to_owned(),
        EncloseError::PowerTooLarge => {
            format!(
                "it raises a number to a power beyond ±{}",
                arithmetic::MAX_POWER
            )
        }
        EncloseError::TooLarge => format!(
            "a number in it grows beyond {} bits",
            arithmetic::MAX_VALUE_BITS
        ),
        EncloseError::Unbound => "it mentions something that has no value".to_owned(),
        EncloseError::Undecided(_) => {
            "its value is too close to a rounding boundary to decide".to_owned()
        }
        EncloseError::Indeterminate => {
            "a divisor, an argument of ln or of a root, or a condition in it is too close to 0 to tell"
                .to_owned()
        }
    }
}

fn judge_arithmetic(
    expr: &Expr,
    decimals: u32,
    mode: Rounding,
) -> (Vec<Reading>, Option<(Rounded, bool)>, Option<Verdict>) {
    let precision = Precision::Decimals(decimals);
    let decided = arithmetic::rounded(expr, precision, mode);
    let undecided = match &decided {
        Err(EncloseError::Undecided(pair)) => Some(Verdict::Undecided(pair.clone())),
        _ => None,
    };
    // A formula too large to evaluate exactly is not tried by hand either.
    let too_large = matches!(
        decided,
        Err(EncloseError::TooLarge | EncloseError::PowerTooLarge)
    );
    let exact = decided.map(|d| d.rounded).map_err(|f| failure_text(&f));
    let step = match &exact {
        Err(reason) if too_large => Err(reason.clone()),
        _ => arithmetic::step_value(expr, precision, mode).map(|v| round(&v, precision, mode)),
    };
    let readings = vec![
        Reading {
            carry: Carry::Exact,
            value: exact,
        },
        Reading {
            carry: Carry::Step,
            value: step,
        },
    ];
    let shown = arithmetic::display_value(expr, decimals + 4, mode);
    (readings, shown, undecided)
}

fn judge_named(runs: &mut Runs<'_>, place: &Place, decimals: u32, first: Carry) -> Vec<Reading> {
    let network = runs.network;
    let rounding = network.settings.rounding;
    let pass = match place.when {
        When::Update(n) => Pass::Update(n),
        When::After => Pass::After,
    };
    carry_order(first)
        .into_iter()
        .map(|carry| {
            let (ran, run, gaps) = runs.get(decimals, carry);
            // A gap is checked first: an earlier value of a parameter whose
            // update failed must not stand in for it.
            let value = match gaps.cause(pass, &place.symbol) {
                Some(error) if error.quantity == place.symbol && error.pass == pass => {
                    Err(crate::describe::numeric_error(ran, error).0)
                }
                Some(error) => Err(format!(
                    "it depends on a value that could not be computed: {}",
                    crate::describe::numeric_error(ran, error).0
                )),
                None => names::value(network, run, place)
                    .map(|v| round(&v, Precision::Decimals(decimals), rounding))
                    .ok_or_else(|| "the run has no such value".to_owned()),
            };
            Reading { carry, value }
        })
        .collect()
}

/// Judges every claim of a claims file against `network` (whose settings
/// give the rounding mode and the deciding carry mode of named claims);
/// arithmetic claims are rounded with `arithmetic_rounding`.
pub fn judge(network: &Network, lines: &[Line], arithmetic_rounding: Rounding) -> Audit {
    let mut runs = Runs {
        network,
        runs: HashMap::new(),
    };
    let mut entries = Vec::new();
    for line in lines {
        match line {
            Line::Unreadable { line, diagnostic } => entries.push(Entry::Problem {
                line: *line,
                diagnostic: diagnostic.clone(),
            }),
            Line::Claim(claim) => {
                judge_claim(&mut runs, claim, arithmetic_rounding, &mut entries);
            }
        }
    }
    Audit {
        entries,
        arithmetic_rounding,
        carry: deciding_carry(network),
        rounding: network.settings.rounding,
    }
}

fn judge_claim(runs: &mut Runs<'_>, claim: &Claim, mode: Rounding, entries: &mut Vec<Entry>) {
    let network = runs.network;
    for (subject_index, claimed_index) in claim.checks() {
        let element = &claim.elements[subject_index];
        let claimed_element = &claim.elements[claimed_index];
        let Element::Number(claimed) = &claimed_element.node else {
            continue;
        };
        let problem = |diagnostic| Entry::Problem {
            line: claim.line,
            diagnostic,
        };
        let decimals = match precision_of(claimed, claimed_element.span) {
            Ok(d) => d,
            Err(diagnostic) => {
                entries.push(problem(diagnostic));
                continue;
            }
        };
        let claimed_decimal = as_decimal(&claimed.value, decimals);
        let mut decided = None;
        let (subject, readings, true_value) = match &element.node {
            Element::Named(name) => match names::resolve(network, name) {
                Ok(place) => {
                    let readings = judge_named(runs, &place, decimals, deciding_carry(network));
                    let subject = Subject::Named {
                        name: names::name(network, &place),
                        words: names::describe(network, &place),
                    };
                    (subject, readings, None)
                }
                Err(diagnostic) => {
                    entries.push(problem(diagnostic));
                    continue;
                }
            },
            Element::Arithmetic(expr) => {
                let (readings, shown, undecided) = judge_arithmetic(expr, decimals, mode);
                decided = undecided;
                (Subject::Arithmetic, readings, shown)
            }
            Element::Number(_) => continue,
        };
        let verdict = decided.unwrap_or_else(|| verdict(&claimed_decimal, &readings));
        entries.push(Entry::Judged(Box::new(Judgement {
            line: claim.line,
            span: element.span,
            claimed_span: claimed_element.span,
            claimed: claimed.clone(),
            precision: Precision::Decimals(decimals),
            display: display_precision(claimed, decimals),
            subject,
            readings,
            verdict,
            true_value,
        })));
    }
}

/// Marks every named claim written with fewer decimals than `wanted` as
/// [`Verdict::TooCoarse`]: `loss = 0` does not answer a 4-decimal question.
pub fn refuse_coarse(audit: &mut Audit, wanted: u32) {
    for entry in &mut audit.entries {
        let Entry::Judged(judgement) = entry else {
            continue;
        };
        let Precision::Decimals(written) = judgement.precision else {
            continue;
        };
        if matches!(judgement.subject, Subject::Named { .. }) && written < wanted {
            judgement.verdict = Verdict::TooCoarse { written, wanted };
        }
    }
}

/// The distinct precisions (decimals) the named claims of `lines` are
/// judged at, in increasing order: each costs a training run per carry
/// mode (counted against the resource budget before judging).
pub fn named_precisions(lines: &[Line]) -> Vec<u32> {
    let mut precisions = std::collections::BTreeSet::new();
    for line in lines {
        let Line::Claim(claim) = line else { continue };
        for (subject, claimed) in claim.checks() {
            let named = matches!(claim.elements[subject].node, Element::Named(_));
            if let (true, Element::Number(number)) = (named, &claim.elements[claimed].node)
                && let Ok(decimals) = precision_of(number, claim.elements[claimed].span)
            {
                precisions.insert(decimals);
            }
        }
    }
    precisions.into_iter().collect()
}
