//! Stage 8: exercises. A file with draws gives variant k with seed
//! S + k − 1; for each variant this module chooses the questions (`--ask`),
//! works out the range of answers a careful student can reach, and builds
//! the problem sheet, the worked solution and the answer key through the
//! renderers. Nothing here formats: the renderers do.
//!
//! **Tolerance.** A question's answer is computed three ways at the file's
//! precision and rounding: rounding every written number (`carry = step`),
//! rounding each named quantity (`carry = quantity`), and exactly, rounded
//! only when printed (`carry = exact`). Every value between the lowest and
//! the highest of the three, widened by half a unit in the last printed
//! place, is accepted; nothing else is. The key writes the range as
//! `center ± tolerance`.

mod many;
mod range;

pub use many::{Drawn, Shortfall};

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{Signed, Zero};
use rayon::prelude::*;

use std::borrow::Cow;
use std::sync::{Arc, OnceLock};

use crate::audit::names::{self, Place, Recorded, When};
use crate::derivation::numbers::NumberStyle;
use crate::model::{Carry, Network};
use crate::numeric::eval::{Number, Open, Rules};
use crate::numeric::quick::Quick;
use crate::numeric::real::Real;
use crate::numeric::round::terminating_scale;
use crate::numeric::run::{Detail, Programs, QuickRun, Run, run_prepared, run_quick};
use crate::render::key::{KeyAnswer, KeyVariant};
use crate::render::sheet::{QuestionGroup, QuestionRow, SheetView};
use crate::source::SourceFile;
use crate::symbolic::{Quantity, Symbol};
use crate::{Error, Format, Options, Report, render};

/// What a sheet may ask for (`--ask`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Question {
    /// The weighted inputs `z` of every layer.
    Z,
    /// The activations `a` of the hidden layers.
    A,
    /// The prediction ŷ.
    Yhat,
    /// The loss.
    Loss,
    /// The errors δ.
    Delta,
    /// The gradients of the weights and biases.
    Grad,
    /// The parameters after the update.
    Update,
    /// The loss after training.
    NewLoss,
}

impl Question {
    /// Every question, in the order a sheet asks them.
    pub const ALL: [Question; 8] = [
        Question::Z,
        Question::A,
        Question::Yhat,
        Question::Loss,
        Question::Delta,
        Question::Grad,
        Question::Update,
        Question::NewLoss,
    ];

    /// The word `--ask` takes.
    pub fn word(self) -> &'static str {
        match self {
            Question::Z => "z",
            Question::A => "a",
            Question::Yhat => "yhat",
            Question::Loss => "loss",
            Question::Delta => "delta",
            Question::Grad => "grad",
            Question::Update => "update",
            Question::NewLoss => "new_loss",
        }
    }

    /// The heading of its group on a sheet.
    pub fn title(self) -> &'static str {
        match self {
            Question::Z => "Weighted inputs",
            Question::A => "Activations of the hidden layers",
            Question::Yhat => "Prediction",
            Question::Loss => "Loss",
            Question::Delta => "Errors δ",
            Question::Grad => "Gradients",
            Question::Update => "Parameters after the update",
            Question::NewLoss => "Loss after training",
        }
    }

    /// Reads one word of `--ask`.
    pub fn from_word(word: &str) -> Option<Question> {
        Question::ALL.into_iter().find(|q| q.word() == word)
    }
}

/// Reads `--ask`: `all`, or words separated by commas (`yhat,loss,grad`).
///
/// # Errors
/// A message naming the unknown word, with a suggestion.
pub fn parse_asks(text: &str) -> Result<Vec<Question>, String> {
    let mut asks = Vec::new();
    for word in text.split(',').map(str::trim).filter(|w| !w.is_empty()) {
        if word == "all" {
            asks.extend(Question::ALL);
            continue;
        }
        match Question::from_word(word) {
            Some(question) => asks.push(question),
            None => {
                let words: Vec<&str> = Question::ALL.iter().map(|q| q.word()).collect();
                let hint = crate::text::suggest(word, &words)
                    .map_or_else(String::new, |s| format!(" (did you mean `{s}`?)"));
                return Err(format!(
                    "`{word}` is not a question{hint}; ask for any of {}, or `all`",
                    words.join(", ")
                ));
            }
        }
    }
    if asks.is_empty() {
        return Err("no question asked; ask for `all` or e.g. `yhat,loss,grad`".to_owned());
    }
    asks.sort();
    asks.dedup();
    Ok(asks)
}

/// Which question a place of the answer key answers, if any (the given
/// input, target and parameters answer none).
fn question_of(network: &Network, place: &Place) -> Option<Question> {
    let output = network.output_layer();
    Some(match (place.symbol.quantity, place.when) {
        (Quantity::Loss, When::After) => Question::NewLoss,
        (_, When::After) => return None,
        (Quantity::PreActivation { .. }, _) => Question::Z,
        (Quantity::Activation { layer, .. }, _) if layer == output => Question::Yhat,
        (Quantity::Activation { .. }, _) => Question::A,
        (Quantity::Loss, _) => Question::Loss,
        (Quantity::Delta { .. }, _) => Question::Delta,
        (Quantity::WeightGradient { .. } | Quantity::BiasGradient { .. }, _) => Question::Grad,
        (Quantity::NewWeight { .. } | Quantity::NewBias { .. }, _) => Question::Update,
        _ => return None,
    })
}

/// One answer with its accepted range (exact).
#[derive(Debug, Clone)]
pub struct Answer {
    /// The question it answers.
    pub question: Question,
    /// The place in the run.
    pub place: Place,
    /// What the key prints.
    pub key: KeyAnswer,
    /// The lowest accepted value.
    pub low: BigRational,
    /// The highest accepted value.
    pub high: BigRational,
    /// The three printed results (step, quantity, exact), exactly.
    pub results: [BigRational; 3],
    /// One unit in the last printed place.
    pub unit: BigRational,
}

impl Answer {
    /// Whether a value is accepted.
    pub fn accepts(&self, value: &BigRational) -> bool {
        &self.low <= value && value <= &self.high
    }
}

/// One variant: its numbers and its answers.
#[derive(Debug, Clone)]
pub struct Variant {
    /// 1-based.
    pub number: u64,
    /// The seed of its draws.
    pub seed: u64,
    /// The network with its drawn numbers.
    pub network: Network,
    /// The answers to the questions asked, in the order they are computed.
    pub answers: Vec<Answer>,
    /// Why it makes a poor exercise (empty when it makes a good one).
    pub problems: Vec<Degenerate>,
    /// The programs the runs evaluate (shared by every variant).
    programs: Arc<Programs>,
    /// Its exact runs, once needed (see [`Variant::runs`]).
    runs: OnceLock<Worked>,
}

/// The runs a variant's solution, sheet and pictures are made from.
#[derive(Debug, Clone)]
pub struct Worked {
    /// Its training under its own carry mode (the run its solution shows).
    pub run: Run,
    /// Its exact training, when its carry mode is not `exact` (the run
    /// the solution compares with).
    pub exact: Option<Run>,
}

impl Variant {
    /// Its own run and its exact run. A variant whose answers were decided
    /// in quick numbers has none yet: they are computed on first use (a
    /// key needs none, a solution both).
    ///
    /// # Errors
    /// A numeric failure (not expected: the answers were computed).
    pub fn runs(&self) -> Result<&Worked, Error> {
        if let Some(worked) = self.runs.get() {
            return Ok(worked);
        }
        let own = own_index(Rules::of(self.network.settings).carry);
        let run = self.run(own_carry(own))?;
        let exact = if own == 2 {
            None
        } else {
            Some(self.run(Carry::Exact)?)
        };
        Ok(self.runs.get_or_init(|| Worked { run, exact }))
    }

    /// The three runs in the order step, quantity, exact.
    fn runs_all(&self) -> Result<[Run; 3], Error> {
        Ok([
            self.run(Carry::Step)?,
            self.run(Carry::Quantity)?,
            self.run(Carry::Exact)?,
        ])
    }

    /// Keeps its own run and the exact one of the three (step, quantity, exact).
    fn keep(&mut self, runs: [Run; 3]) {
        let own = own_index(Rules::of(self.network.settings).carry);
        let [step, quantity, exact] = runs;
        let worked = match own {
            0 => Worked {
                run: step,
                exact: Some(exact),
            },
            1 => Worked {
                run: quantity,
                exact: Some(exact),
            },
            _ => Worked {
                run: exact,
                exact: None,
            },
        };
        self.runs = OnceLock::from(worked);
    }

    /// Its training with `carry`.
    fn run(&self, carry: Carry) -> Result<Run, Error> {
        let mut network = self.network.clone();
        network.settings.carry = carry;
        run_prepared(
            &network,
            &self.programs,
            Rules::of(network.settings),
            Detail::First,
        )
        .map_err(|e| crate::numeric_error(&network, &e))
    }

    /// `variant 7, seed 12`.
    pub fn label(&self) -> String {
        label(self.number, self.seed)
    }

    /// The variant's row of the key.
    pub fn key(&self) -> KeyVariant {
        KeyVariant {
            variant: self.number,
            seed: self.seed,
            answers: self.answers.iter().map(|a| a.key.clone()).collect(),
        }
    }
}

/// `variant 7, seed 12`.
pub fn label(number: u64, seed: u64) -> String {
    format!("variant {number}, seed {seed}")
}

/// The rule of the accepted ranges, in words (printed in the key).
pub const TOLERANCE_RULE: &str = "An answer is accepted when it lies between the lowest and the highest of the values reached by rounding every written number (carry = step), by rounding each named quantity (carry = quantity) and by exact arithmetic rounded once (carry = exact), widened by half a unit in the last printed place; the key writes this range as center ± tolerance.";

/// Exact decimal text of a terminating fraction (`0.56265`), with at
/// least `at_least` decimals, or `p/q`.
pub fn decimal_text(value: &BigRational, at_least: i64) -> String {
    let Some(scale) = terminating_scale(value) else {
        return format!("{}/{}", value.numer(), value.denom());
    };
    let scale = scale.max(at_least).max(0);
    let power = BigInt::from(10).pow(u32::try_from(scale).unwrap_or(0));
    // Exact: the denominator divides 10^scale (the fraction terminates).
    let digits = value.numer() * power / value.denom();
    point_text(digits.is_negative(), &digits.abs().to_string(), scale)
}

/// The digits `text` (of a magnitude) with the point `scale` places from
/// the right, and a minus sign when `negative`.
fn point_text(negative: bool, text: &str, scale: i64) -> String {
    let sign = if negative { "-" } else { "" };
    if scale <= 0 {
        return format!("{sign}{text}");
    }
    let places = usize::try_from(scale).unwrap_or(0);
    let padded = format!("{text:0>width$}", width = places + 1);
    let (whole, fraction) = padded.split_at(padded.len() - places);
    format!("{sign}{whole}.{fraction}")
}

/// A file with draws, parsed once and its programs derived once, ready
/// to draw variants: each variant checks the file with its own seed (the
/// draws) and evaluates the shared programs three times, first in quick
/// numbers and, when those leave a question open, in exact ones
/// ([`crate::numeric::run::run_prepared`]). The numbers are exactly those
/// of loading and training the variant alone.
#[derive(Debug)]
pub struct Exercise<'a> {
    source: &'a SourceFile,
    file: crate::parse::ast::File,
    options: Options,
    programs: Arc<Programs>,
    /// The file's `require` conditions, read once (names resolve the same
    /// way for every draw: a draw changes numbers, not shapes).
    requirements: Vec<crate::audit::requirements::Requirement>,
    /// The key's slots for the shared programs, made by the first draw
    /// that uses them, with the number of updates they were made for.
    slots: OnceLock<(usize, Vec<Slot>)>,
}

impl<'a> Exercise<'a> {
    /// Parses `source` and derives its programs from the draw of `options.seed`.
    ///
    /// # Errors
    /// Input problems.
    pub fn new(source: &'a SourceFile, options: &Options) -> Result<Exercise<'a>, Error> {
        let file = crate::parse::parse(source).map_err(|d| Error::Input(vec![d]))?;
        let network = crate::load_parsed(source, &file, options)?;
        let requirements =
            crate::audit::requirements::read(&source.text, &network).map_err(Error::Input)?;
        Ok(Exercise {
            source,
            requirements,
            programs: Arc::new(Programs::of(&network)),
            slots: OnceLock::new(),
            file,
            options: options.clone(),
        })
    }

    /// The network drawn with `seed`.
    ///
    /// # Errors
    /// Input problems of this draw.
    pub fn network(&self, seed: u64) -> Result<Network, Error> {
        let mut options = self.options.clone();
        options.seed = seed;
        crate::load_drawn(self.source, &self.file, &options)
    }

    /// Draws variant `number` (seed `seed`) and works out its answers.
    ///
    /// # Errors
    /// Input problems, or a numeric failure of this variant's numbers.
    pub fn variant(&self, number: u64, seed: u64, asks: &[Question]) -> Result<Variant, Error> {
        let network = self.network(seed)?;
        let mut variant = Variant {
            number,
            seed,
            network,
            answers: Vec::new(),
            problems: Vec::new(),
            programs: Arc::clone(&self.programs),
            runs: OnceLock::new(),
        };
        if let Some(runs) = self.quick_runs(&variant.network) {
            let slots = self.shared_slots(&variant.network, runs[0].updates.len());
            let runs = [&runs[0], &runs[1], &runs[2]];
            if let Ok((answers, problems)) =
                answers(&variant.network, runs, &slots, &self.requirements, asks)
            {
                variant.answers = answers;
                variant.problems = problems;
                return Ok(variant);
            }
        }
        let runs = variant.runs_all()?;
        let slots = if self.programs.serve(&variant.network) {
            self.shared_slots(&variant.network, runs[0].updates.len())
        } else {
            Cow::Owned(slots(
                &variant.network,
                names::answer_places(&variant.network, &runs[0]),
            ))
        };
        let (answers, problems) = answers(
            &variant.network,
            [&runs[0], &runs[1], &runs[2]],
            &slots,
            &self.requirements,
            asks,
        )
        .map_err(|_| Error::Usage("longhand could not decide an answer exactly".to_owned()))?;
        variant.answers = answers;
        variant.problems = problems;
        variant.keep(runs);
        Ok(variant)
    }

    /// The key's slots of a network the shared programs serve, after
    /// `updates` updates.
    fn shared_slots(&self, network: &Network, updates: usize) -> Cow<'_, [Slot]> {
        let make = || {
            let places = names::answer_places_of(
                network,
                self.programs.update(),
                self.programs.forward(),
                updates,
            );
            slots(network, places)
        };
        let made = self.slots.get_or_init(|| (updates, make()));
        // A drawn number of steps trains some draws longer than others.
        if made.0 == updates {
            Cow::Borrowed(&made.1)
        } else {
            Cow::Owned(make())
        }
    }

    /// The three runs in quick numbers (step, quantity, exact), when each
    /// is decided that way and the key prints no fraction.
    fn quick_runs(&self, network: &Network) -> Option<[QuickRun; 3]> {
        let own = Rules::of(network.settings);
        if network.fractions && own.carry == Carry::Exact {
            return None;
        }
        let run = |carry| {
            let mut settings = network.settings;
            settings.carry = carry;
            run_quick(network, &self.programs, Rules::of(settings))
        };
        Some([run(Carry::Step)?, run(Carry::Quantity)?, run(Carry::Exact)?])
    }
}

/// Draws variant `number` (seed `seed`) and works out its answers (one
/// variant alone: [`Exercise::variant`] draws many).
///
/// # Errors
/// Input problems, or a numeric failure of this variant's numbers.
pub fn variant(
    source: &SourceFile,
    options: &Options,
    number: u64,
    seed: u64,
    asks: &[Question],
) -> Result<Variant, Error> {
    let mut options = options.clone();
    options.seed = seed;
    Exercise::new(source, &options)?.variant(number, seed, asks)
}

/// A place the key may ask about, with what the key prints of it besides
/// its numbers: the same for every draw of an exercise.
#[derive(Debug, Clone)]
struct Slot {
    place: Place,
    question: Question,
    name: String,
    quantity: String,
    symbol: String,
}

/// The slots of the places that answer a question, in order.
fn slots(network: &Network, places: Vec<Place>) -> Vec<Slot> {
    let before = render::view::notation(network, false);
    let after = render::view::notation(network, true);
    places
        .into_iter()
        .filter_map(|place| {
            let question = question_of(network, &place)?;
            let notation = if place.when == When::After {
                &after
            } else {
                &before
            };
            Some(Slot {
                question,
                name: names::name(network, &place),
                quantity: names::describe(network, &place),
                symbol: notation.symbol(&place.symbol),
                place,
            })
        })
        .collect()
}

/// A value of a run, as the answers judge it: rounded, compared, tested
/// for a rounding tie. [`Real`] decides everything; [`Quick`] may leave a
/// question [`Open`], and the variant is then worked out in [`Real`].
trait Judged: Number {
    /// Whether the value lies exactly halfway between two values printed
    /// with `places` decimals (only an exact value can).
    fn tie(&self, places: u32) -> Result<bool, Open>;

    /// The value as the key prints it (as the report would).
    fn printed(&self, style: &NumberStyle, rules: &Rules) -> Result<String, Open>;
}

impl Judged for Real {
    fn tie(&self, places: u32) -> Result<bool, Open> {
        let Real::Exact(q) = self else {
            return Ok(false);
        };
        let scaled = q * BigRational::from_integer(BigInt::from(10).pow(places));
        let doubled = scaled * BigRational::from_integer(BigInt::from(2));
        Ok(doubled.is_integer() && !(doubled.to_integer() % BigInt::from(2)).is_zero())
    }

    fn printed(&self, style: &NumberStyle, rules: &Rules) -> Result<String, Open> {
        Ok(style.plain_value(self, rules))
    }
}

impl Judged for Quick {
    fn tie(&self, places: u32) -> Result<bool, Open> {
        self.is_tie(places)
    }

    fn printed(&self, style: &NumberStyle, rules: &Rules) -> Result<String, Open> {
        // Fractions under `carry = exact` never reach here (see `quick_runs`).
        Ok(style.plain_rounded(&self.round(rules.precision, rules.rounding)?))
    }
}

/// The answers of a variant from its three runs (step, quantity, exact),
/// and the reasons it makes a poor exercise.
fn answers<R>(
    network: &Network,
    runs: [&R; 3],
    slots: &[Slot],
    requirements: &[crate::audit::requirements::Requirement],
    asks: &[Question],
) -> Result<(Vec<Answer>, Vec<Degenerate>), Open>
where
    R: Recorded,
    R::Value: Judged,
{
    let rules = Rules::of(network.settings);
    let own = own_index(rules.carry);
    let style = NumberStyle::of(&rules, network.fractions);
    let (precision, rounding) = (network.settings.precision, network.settings.rounding);
    let mut answers = Vec::new();
    let mut problems = degenerate_run(network, runs[2])?;
    for unmet in crate::audit::requirements::unmet(network, runs[2], requirements)? {
        problems.push(Degenerate::Unmet { line: unmet.line });
    }
    for slot in slots {
        let (place, question) = (slot.place, slot.question);
        if let Some(problem) = degenerate_place(network, runs, &place, question)?
            && !problems.contains(&problem)
        {
            problems.push(problem);
        }
        if !asks.contains(&question) {
            continue;
        }
        let Some(value) = names::value(network, runs[own], &place) else {
            continue;
        };
        let mut results = Vec::new();
        for each in runs {
            if let Some(v) = names::value(network, each, &place) {
                results.push(v.round(precision, rounding)?.decimal);
            }
        }
        let [step, quantity, exact] = match <[_; 3]>::try_from(results) {
            Ok(three) => three,
            Err(_) => continue,
        };
        let range::Accepted {
            low,
            high,
            results,
            unit,
            texts: [center, tolerance, low_text, high_text],
        } = range::accepted([&step, &quantity, &exact]);
        let key = KeyAnswer {
            question: question.word(),
            name: slot.name.clone(),
            quantity: slot.quantity.clone(),
            symbol: slot.symbol.clone(),
            value: value.printed(&style, &rules)?,
            center,
            tolerance,
            low: low_text,
            high: high_text,
        };
        answers.push(Answer {
            question,
            place,
            key,
            low,
            high,
            results,
            unit,
        });
    }
    Ok((answers, problems))
}

/// Where the run of `carry` is among the three (step, quantity, exact).
fn own_index(carry: Carry) -> usize {
    match carry {
        Carry::Step => 0,
        Carry::Quantity => 1,
        Carry::Exact => 2,
    }
}

/// The carry mode of the run at `index` among the three.
fn own_carry(index: usize) -> Carry {
    match index {
        0 => Carry::Step,
        1 => Carry::Quantity,
        _ => Carry::Exact,
    }
}

/// Why a variant makes a poor exercise; such a variant is redrawn unless
/// `--allow-degenerate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Degenerate {
    /// A unit's activation slope is below [`SATURATED_SLOPE`] in magnitude.
    Saturated,
    /// A gradient prints as zero though its exact value is not zero.
    ZeroPrinted,
    /// An exact value lies exactly halfway between two printed values.
    Tie,
    /// An input is exactly 0 (its column of first-layer gradients is zero).
    ZeroInput,
    /// The loss after training is not below the loss before.
    LossNotDecreasing,
    /// The `require` at this line (1-based) is not met (redrawn even with
    /// `--allow-degenerate`: the author asked for it).
    Unmet {
        /// The line of the `require`.
        line: usize,
    },
}

impl Degenerate {
    /// The reason in words, for the rejection report.
    pub fn words(self) -> std::borrow::Cow<'static, str> {
        std::borrow::Cow::Borrowed(match self {
            Degenerate::Saturated => "a saturated unit (activation slope below 0.01)",
            Degenerate::ZeroPrinted => "a gradient printed as zero that is not zero",
            Degenerate::Tie => "a value on a rounding tie",
            Degenerate::ZeroInput => "an input of exactly 0 (a row of zero gradients)",
            Degenerate::LossNotDecreasing => "the loss does not decrease",
            Degenerate::Unmet { line } => {
                return std::borrow::Cow::Owned(format!("`require` at line {line} unmet"));
            }
        })
    }

    /// Whether the file asked for it (`require`), so that
    /// `--allow-degenerate` keeps no such variant.
    pub fn required(self) -> bool {
        matches!(self, Degenerate::Unmet { .. })
    }
}

/// Below this activation slope a unit counts as saturated.
pub const SATURATED_SLOPE: (i64, i64) = (1, 100);

/// How many draws `exercises` tries for K good variants before it gives
/// up: ten per variant and a hundred more.
pub fn redraw_bound(variants: u64) -> u64 {
    variants.saturating_mul(10).saturating_add(100)
}

/// The problems of a whole run (exact): zero inputs, saturated units, a
/// loss that does not decrease.
fn degenerate_run<R: Recorded>(network: &Network, exact: &R) -> Result<Vec<Degenerate>, Open> {
    let mut problems = Vec::new();
    // Only a drawn 0 counts: an author who writes 0 means it.
    let drew_zero = network.drawn.iter().any(|d| d.text == "0");
    if drew_zero
        && network
            .examples
            .iter()
            .any(|e| e.input.iter().any(|x| x.value.is_zero()))
    {
        problems.push(Degenerate::ZeroInput);
    }
    let limit = R::Value::constant(&BigRational::new(
        BigInt::from(SATURATED_SLOPE.0),
        BigInt::from(SATURATED_SLOPE.1),
    ));
    let mut saturated = false;
    for (symbol, value) in exact.kept_in_full() {
        if matches!(symbol.quantity, Quantity::ActivationSlope { .. }) {
            let magnitude = if value.signum()? < 0 {
                value.neg()
            } else {
                value
            };
            saturated |= magnitude.compare(&limit)? == std::cmp::Ordering::Less;
        }
    }
    if saturated {
        problems.push(Degenerate::Saturated);
    }
    let loss = Symbol::of(Quantity::Loss);
    if let (Some(before), Some(after)) = (exact.named(0, &loss), exact.after(&loss))
        && after.compare(&before)? != std::cmp::Ordering::Less
    {
        problems.push(Degenerate::LossNotDecreasing);
    }
    Ok(problems)
}

/// The problem of one answer, if any: a gradient printed as zero that is
/// not zero, or an exact value on a rounding tie.
fn degenerate_place<R>(
    network: &Network,
    runs: [&R; 3],
    place: &Place,
    question: Question,
) -> Result<Option<Degenerate>, Open>
where
    R: Recorded,
    R::Value: Judged,
{
    let Some(exact) = names::value(network, runs[2], place) else {
        return Ok(None);
    };
    let precision = network.settings.precision;
    if question == Question::Grad && !exact.is_zero()? {
        for run in runs {
            if let Some(v) = names::value(network, run, place)
                && v.round(precision, network.settings.rounding)?
                    .decimal
                    .is_zero()
            {
                return Ok(Some(Degenerate::ZeroPrinted));
            }
        }
    }
    if let crate::model::Precision::Decimals(places) = precision
        && exact.tie(places)?
    {
        return Ok(Some(Degenerate::Tie));
    }
    Ok(None)
}

/// 10^exponent, exactly.
fn ten_to(exponent: i64) -> BigRational {
    let power = BigInt::from(10).pow(u32::try_from(exponent.unsigned_abs()).unwrap_or(u32::MAX));
    if exponent >= 0 {
        BigRational::from_integer(power)
    } else {
        BigRational::new(BigInt::from(1), power)
    }
}

/// The worked solution of a variant, titled with its id.
///
/// # Errors
/// As [`crate::explain`].
pub fn solution(
    source: &SourceFile,
    options: &Options,
    variant: &Variant,
) -> Result<Report, Error> {
    let mut options = options.clone();
    options.seed = variant.seed;
    options.variant = Some(variant.label());
    let worked = variant.runs()?;
    crate::report_of(
        source,
        &options,
        &variant.network,
        &worked.run,
        worked.exact.as_ref(),
        None,
    )
}

/// The problem sheet of a variant in `options.format` (Markdown, HTML,
/// LaTeX, PDF, or JSON: the questions alone).
///
/// # Errors
/// Input problems, a numeric failure, a broken template, or no TeX engine for PDF.
pub fn sheet(source: &SourceFile, options: &Options, variant: &Variant) -> Result<Report, Error> {
    let format = options.format;
    if format == Format::Json {
        return Ok(Report::text(
            render::key::json(&crate::render::key::Key {
                title: variant.network.title.clone(),
                source: crate::file_name(&source.name),
                regenerate: String::new(),
                precision: variant.network.settings.precision.to_string(),
                tolerance_rule: TOLERANCE_RULE.to_owned(),
                variants: vec![variant.key()],
            })?,
            "json",
        ));
    }
    let (view, markdown) = sheet_markdown(source, options, variant, false)?;
    let text = match format {
        Format::Html => render::html::page(&view.report, &markdown)?,
        Format::Latex => render::latex::document(
            &markdown,
            render::latex::Shape::Standalone,
            Some(&variant.label()),
        )?,
        Format::Pdf => {
            let latex = render::latex::document(
                &markdown,
                render::latex::Shape::Standalone,
                Some(&variant.label()),
            )?;
            return Ok(Report {
                text: String::new(),
                binary: crate::typeset::pdf(&latex)?,
                extension: "pdf",
            });
        }
        _ => markdown,
    };
    Ok(Report::text(text, format.extension()))
}

/// The sheet's view and Markdown for `options.format`'s target; with
/// `cloze`, each answer cell holds a Moodle Cloze blank.
fn sheet_markdown(
    source: &SourceFile,
    options: &Options,
    variant: &Variant,
    cloze: bool,
) -> Result<(SheetView, String), Error> {
    let format = options.format;
    // A sheet shows the network and the questions, none of the worked
    // lines: no remarks and no comparison with the exact run are made.
    let mut network = variant.network.clone();
    network.remarks = crate::model::Remarks::NONE;
    let network = &network;
    let derivation = crate::derivation::derive(network, &variant.runs()?.run, None)
        .map_err(|e| crate::numeric_error(network, &e))?;
    let name = crate::file_name(&source.name);
    let target = match format {
        Format::Html => render::Target::Html,
        Format::Latex | Format::Pdf => render::Target::Latex,
        _ => render::Target::markdown(
            options
                .pictures
                .as_deref()
                .unwrap_or_else(|| crate::stem(&name)),
        ),
    };
    let mut report = render::report_view(&derivation, &name, network.fractions, &target);
    report.regenerate = render::regeneration(options.regenerate.as_deref());
    report.title = format!("{} — {}", report.title, variant.label());
    let mut groups: Vec<QuestionGroup> = Vec::new();
    let mut asked: Vec<&Answer> = variant.answers.iter().collect();
    asked.sort_by_key(|a| a.question);
    for (number, answer) in asked.into_iter().enumerate() {
        let row = QuestionRow {
            number: number + 1,
            symbol: answer.key.symbol.clone(),
            name: answer.key.name.clone(),
            meaning: answer.key.quantity.clone(),
            blank: if cloze {
                render::quiz::cloze_blank(&answer.key)
            } else {
                String::new()
            },
        };
        let title = answer.question.title();
        match groups.last_mut() {
            Some(group) if group.title == title => group.questions.push(row),
            _ => groups.push(QuestionGroup {
                title: title.to_owned(),
                questions: vec![row],
            }),
        }
    }
    let view = SheetView {
        report,
        variant: variant.label(),
        groups,
    };
    let markdown = render::sheet::markdown(&view)?;
    Ok((view, markdown))
}

/// A quiz file a course imports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quiz {
    /// Moodle XML: one Cloze question per variant, a NUMERICAL blank per asked quantity.
    Moodle,
    /// GIFT: one numerical question per asked quantity and variant.
    Gift,
    /// QTI 1.2 (Canvas): one numerical question per asked quantity and variant.
    Qti,
}

impl Quiz {
    /// The end of the file name (`-moodle.xml`).
    pub fn suffix(self) -> &'static str {
        match self {
            Quiz::Moodle => "-moodle.xml",
            Quiz::Gift => ".gift",
            Quiz::Qti => "-qti.xml",
        }
    }
}

/// The quiz of every variant.
///
/// # Errors
/// A numeric failure or a broken template.
pub fn quiz(
    source: &SourceFile,
    quiz: Quiz,
    key: &crate::render::key::Key,
    variants: &[Variant],
    asks: &[Question],
) -> Result<String, Error> {
    let _ = asks;
    match quiz {
        Quiz::Gift => Ok(render::quiz::gift(key)),
        Quiz::Qti => Ok(render::quiz::qti(key)?),
        Quiz::Moodle => {
            // Made on all cores; the first failure in the variants' order is reported.
            // Each variant's sheet, solution and the solution's pictures.
            type Parts = (String, String, Vec<(String, String)>);
            let made: Vec<Result<Parts, Error>> = variants
                .par_iter()
                .map(|variant| {
                    let mut options = Options::new(Format::Html);
                    options.seed = variant.seed;
                    let (_, sheet) = sheet_markdown(source, &options, variant, true)?;
                    let mut options = Options::new(Format::Markdown);
                    let own = format!("variant-{}-solution", variant.number);
                    options.pictures = Some(own.clone());
                    let solution = self::solution(source, &options, variant)?.text;
                    let linked = pictures(variant, &own)?
                        .into_iter()
                        .filter(|(name, _)| solution.contains(name.as_str()))
                        .map(|(name, picture)| (name, picture.text))
                        .collect();
                    Ok((sheet, solution, linked))
                })
                .collect();
            let sheets = made.into_iter().collect::<Result<Vec<_>, Error>>()?;
            let keys: Vec<_> = key.variants.iter().collect();
            let quiz: Vec<render::quiz::QuizVariant<'_>> = keys
                .iter()
                .zip(sheets)
                .map(
                    |(key, (sheet, solution, solution_pictures))| render::quiz::QuizVariant {
                        key,
                        sheet,
                        solution,
                        solution_pictures,
                    },
                )
                .collect();
            Ok(render::quiz::moodle(key, &quiz)?)
        }
    }
}

/// A variant as a plain `.net` file: the file's text with every draw
/// replaced by the value drawn with `options.seed`, headed by a comment
/// naming where it came from. Rendering it gives the variant's numbers.
///
/// # Errors
/// Input problems.
pub fn plain_net(source: &SourceFile, options: &Options) -> Result<String, Error> {
    let file = crate::parse::parse(source).map_err(|d| Error::Input(vec![d]))?;
    let titled = file
        .statements
        .iter()
        .any(|s| matches!(s, crate::parse::ast::Statement::Network { .. }));
    let network = crate::load(source, options)?;
    let name = crate::file_name(&source.name);
    let header = format!(
        "# Drawn by longhand from {} with seed {} (`longhand render {} --seed {} --format net`).\n",
        name.replace(['\n', '\r'], " "),
        options.seed,
        name.replace(['\n', '\r'], " "),
        options.seed
    );
    let body = crate::model::plain_source(
        &source.text,
        &network.drawn,
        &network.requirements,
        (!titled).then_some(network.title.as_str()),
    );
    Ok(header + &body)
}

/// The answer key of `variants` drawn from `source`; `command` is the one
/// that regenerates it (`None`: the bundled output's `cargo run --release`).
pub fn key(
    source: &SourceFile,
    variants: &[Variant],
    command: Option<&str>,
) -> crate::render::key::Key {
    let network = variants.first().map(|v| &v.network);
    crate::render::key::Key {
        title: network.map_or_else(String::new, |n| n.title.clone()),
        source: crate::file_name(&source.name),
        regenerate: render::regeneration(command),
        precision: network.map_or_else(String::new, |n| n.settings.precision.to_string()),
        tolerance_rule: TOLERANCE_RULE.to_owned(),
        variants: variants.iter().map(Variant::key).collect(),
    }
}

/// The stem of variant `number`'s files among `variants`: `net-7`, or
/// `net-07` when there are 10 to 99 variants, so that files sort in order.
pub fn variant_stem(stem: &str, number: u64, variants: u64) -> String {
    let width = variants.to_string().len();
    format!("{stem}-{number:0width$}")
}

/// The pictures a variant's Markdown solution and sheet link to, named
/// after `variant_stem` (see [`Options::pictures`]): its own network
/// diagram, its backward diagram and, for several updates, its training
/// curve — each variant's numbers differ, so each has its own.
///
/// # Errors
/// Arithmetic failures of the derivation.
pub fn pictures(variant: &Variant, variant_stem: &str) -> Result<Vec<(String, Report)>, Error> {
    let mut files = vec![(
        format!("{variant_stem}.svg"),
        Report::text(render::diagram::svg(&variant.network), "svg"),
    )];
    if let Some(backward) = crate::backward_picture(&variant.network, &variant.runs()?.run)? {
        files.push((format!("{variant_stem}-backward.svg"), backward));
    }
    if let Some(curve) = crate::curve_picture(&variant.network, &variant.runs()?.run) {
        files.push((format!("{variant_stem}-curve.svg"), curve));
    }
    Ok(files)
}

/// How many variants the bundled exercises in `output/exercises/` have.
pub const BUNDLED_VARIANTS: u64 = 3;

/// The bundled exercise of `source` (`examples/exercises/<stem>.net`), as
/// `cargo run --release` writes it into `output/exercises/<stem>/`:
/// [`BUNDLED_VARIANTS`] variants from seed 0, each with its Markdown sheet
/// and solution, the network's diagram, the key (Markdown, CSV, JSON) and
/// the Moodle, GIFT and QTI quizzes. Names are relative to that folder.
///
/// # Errors
/// Input problems, a numeric failure, too few good draws, or a broken template.
pub fn bundle(source: &SourceFile, stem: &str) -> Result<Vec<(String, Report)>, Error> {
    let options = Options::new(Format::Markdown);
    let exercise = Exercise::new(source, &options)?;
    let drawn = exercise
        .draw_many(BUNDLED_VARIANTS, 0, &Question::ALL, false)
        .map_err(|shortfall| match shortfall {
            Shortfall::Failed { error, .. } => error,
            Shortfall::TooFew { bound, .. } => Error::Usage(format!(
                "`{}` gave fewer than {BUNDLED_VARIANTS} good variants in {bound} draws",
                source.name
            )),
        })?;
    let variants = drawn.variants;
    let mut files = Vec::new();
    for variant in &variants {
        let own = variant_stem(stem, variant.number, BUNDLED_VARIANTS);
        let mut options = options.clone();
        options.pictures = Some(own.clone());
        files.push((format!("{own}.md"), solution(source, &options, variant)?));
        files.push((format!("{own}-sheet.md"), sheet(source, &options, variant)?));
        files.extend(pictures(variant, &own)?);
    }
    let key = key(source, &variants, None);
    files.push((
        format!("{stem}-key.md"),
        Report::text(render::key::markdown(&key), "md"),
    ));
    files.push((
        format!("{stem}-key.csv"),
        Report::text(render::key::csv(&key), "csv"),
    ));
    files.push((
        format!("{stem}-key.json"),
        Report::text(render::key::json(&key)?, "json"),
    ));
    for (kind, extension) in [
        (Quiz::Moodle, "xml"),
        (Quiz::Gift, "gift"),
        (Quiz::Qti, "xml"),
    ] {
        let name = format!("{stem}{}", kind.suffix());
        let text = self::quiz(source, kind, &key, &variants, &Question::ALL)?;
        if kind == Quiz::Qti {
            // The package Canvas imports, beside the bare XML.
            let zip = render::qti_package::package(&format!("longhand-{stem}"), &name, &text)?;
            files.push((
                format!("{stem}-qti.zip"),
                Report {
                    text: String::new(),
                    binary: zip,
                    extension: "zip",
                },
            ));
        }
        files.push((name, Report::text(text, extension)));
    }
    Ok(files)
}
