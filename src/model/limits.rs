//! The largest inputs longhand accepts, and the resource budget every
//! command is held to, in one place (documented in README.md, "Limits").
//!
//! **The promise.** Every command on any input within these limits
//! finishes within 60 s and 2 GiB on a 2-core machine, or is refused at
//! once with a message naming the limit and a cheaper alternative.
//!
//! A single training run is bounded by [`MAX_WORK`]. What a command
//! multiplies is counted here against one budget, [`MAX_COMMAND_WORK`]
//! (the training work of all its runs together), before any run starts:
//!
//! - `render` as Markdown or HTML trains twice (the run, and the exact run
//!   its rounding section compares with) — [`report_runs`];
//! - `exercises`: variants × the runs of one report;
//! - `check`: one run per carry mode and claimed precision of its named
//!   claims (the exact run serves every precision) — [`check_runs`] — and
//!   its formulas' functions ([`MAX_CLAIM_FUNCTIONS`]);
//! - `validate`: the files' sizes together ([`MAX_VALIDATE_BYTES`]);
//! - `sensitivity`: precisions × carry modes, plus the exact run, plus the
//!   search for the smallest agreeing precision, which gets what is left of
//!   the budget ([`search_digits`]).
//!
//! What a report writes out in full is bounded separately by
//! [`MAX_DETAIL_WORK`] (`--detail all` × steps): the text, not the
//! training, is what grows there.

use std::fmt;

/// Largest number of layers (excluding the input).
pub const MAX_LAYERS: usize = 64;
/// Largest number of units in one layer (or components of the input).
pub const MAX_UNITS: usize = 1024;
/// Largest number of weights and biases in all layers together.
pub const MAX_PARAMETERS: usize = 20_000;
/// Largest number of training examples.
pub const MAX_EXAMPLES: usize = 1_000;
/// Largest number of SGD steps.
pub const MAX_STEPS: u64 = 100_000;
/// Largest amount of training work of one run: steps × examples × parameters.
///
/// Every update is kept (the answer key lists them all), so time and memory
/// grow with this product: at the limit the slowest settings (`carry = step`
/// at 30 significant digits) take about 10 s and 300 MB. Mazur's 2-2-2
/// example trained for 10,000 updates is 120,000.
pub const MAX_WORK: u64 = 200_000;
/// Largest training work of all the runs one command makes together
/// (five runs at [`MAX_WORK`]): about 50 s and 1 GB at the slowest
/// settings on a busy two-core machine.
pub const MAX_COMMAND_WORK: u64 = 1_000_000;
/// Largest amount a report writes out in full: updates written in full ×
/// examples in each × (parameters + units). At most about 4 KB of HTML (and
/// ten times that in memory while it is made) per unit; one update of the
/// largest network (19,495 parameters) fits.
pub const MAX_DETAIL_WORK: u64 = 20_000;
/// Most functions (exp, ln, σ, tanh, their slopes) and powers the formulas
/// of one claims file may apply: each is computed to as many digits as its
/// claim needs, up to thousands for e^9000, about 0.3 s at worst.
pub const MAX_CLAIM_FUNCTIONS: usize = 200;
/// Most bytes `longhand validate` reads in one run, all files together
/// (16 files at the largest size; a file with tens of thousands of problems
/// takes up to 1.5 s per mebibyte).
pub const MAX_VALIDATE_BYTES: u64 = 16 << 20;
/// Most precisions `longhand sensitivity` compares (after removing repeats).
pub const MAX_PRECISIONS: usize = 10;
/// The most digits the search for the smallest agreeing precision tries:
/// more than any book prints (each digit tried is a whole training run).
pub const MAX_SEARCH_DIGITS: u32 = 12;
/// Largest significant digits in one literal.
pub const MAX_LITERAL_DIGITS: usize = 40;
/// Largest decimal exponent written in a literal (`1e-100`).
pub const MAX_LITERAL_EXPONENT: i64 = 100;
/// Literals are at most `10^MAX_LITERAL_MAGNITUDE` in size.
pub const MAX_LITERAL_MAGNITUDE: u32 = 12;
/// Largest number of values one `uniform(LOW, HIGH, STEP)` may choose from.
pub const MAX_DRAW_CHOICES: u64 = 1_000_000_000;

/// The training work of a network: steps × examples × parameters (at least 1).
pub fn training_work(network: &super::Network) -> u128 {
    u128::from(network.steps)
        * network.examples.len() as u128
        * network.parameter_count().max(1) as u128
}

/// What one step written in full costs: examples × (parameters + units).
pub fn update_detail(network: &super::Network) -> u128 {
    let units: usize = network.layers.iter().map(super::Layer::units).sum();
    network.examples.len() as u128 * (network.parameter_count() + units) as u128
}

/// The training runs one report makes: Markdown and HTML compare the run
/// with an exact one (unless it is exact already); the other formats train once.
pub fn report_runs(prose: bool, exact: bool) -> u64 {
    if prose && !exact { 2 } else { 1 }
}

/// The training runs `check` makes for named claims written at
/// `precisions` distinct precisions: a step and a quantity run at each,
/// and one exact run for all (none without named claims).
pub fn check_runs(precisions: usize) -> u64 {
    if precisions == 0 {
        0
    } else {
        2 * precisions as u64 + 1
    }
}

/// A command refused before it starts: what is too much, and what to do instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// What the command asked for and the limit it exceeds.
    pub message: String,
    /// The cheaper alternative.
    pub help: String,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Whether `runs` runs of `work` each fit [`MAX_COMMAND_WORK`].
pub fn fits(runs: u64, work: u128) -> bool {
    u128::from(runs).saturating_mul(work) <= u128::from(MAX_COMMAND_WORK)
}

/// How many runs of `work` each fit [`MAX_COMMAND_WORK`].
pub fn affordable_runs(work: u128) -> u64 {
    u64::try_from(u128::from(MAX_COMMAND_WORK) / work.max(1)).unwrap_or(u64::MAX)
}

/// The digits the agreement search may try for each of `carries` carry
/// modes with what `runs` runs of `work` leave of the budget: at most
/// [`MAX_SEARCH_DIGITS`] + 1 runs each (0 to 12 decimals), maybe none.
pub fn search_runs(runs: u64, work: u128, carries: usize) -> u64 {
    let left = affordable_runs(work).saturating_sub(runs);
    (left / carries.max(1) as u64).min(u64::from(MAX_SEARCH_DIGITS) + 1)
}

/// The updates one training run makes: one per step in a full batch, one
/// per example and step with `batch = 1`.
pub fn updates(network: &super::Network) -> u128 {
    let per_step = match network.batch {
        super::Batch::Single => network.examples.len() as u128,
        super::Batch::Full => 1,
    };
    u128::from(network.steps) * per_step
}

/// Refuses writing every update in full (`--detail all`) beyond
/// [`MAX_DETAIL_WORK`]: steps × examples × (parameters + units), the same
/// in a full batch and with `batch = 1`. One update is always written.
///
/// # Errors
/// A [`Refusal`] naming the limit and the steps that fit.
pub fn check_detail(network: &super::Network) -> Result<(), Refusal> {
    let each = update_detail(network);
    let total = each.saturating_mul(u128::from(network.steps));
    let updates = updates(network);
    if updates <= 1 || total <= u128::from(MAX_DETAIL_WORK) {
        return Ok(());
    }
    let fit = (u128::from(MAX_DETAIL_WORK) / each.max(1)).max(1);
    Err(Refusal {
        message: format!(
            "writing all {updates} updates in full is more than longhand writes in one report: steps × examples × (parameters + units) is {total}, at most {MAX_DETAIL_WORK}"
        ),
        help: format!(
            "use `--detail first` (the first update in full, every update in the table), or at most {fit} {} with `--detail all`",
            if fit == 1 { "step" } else { "steps" }
        ),
    })
}
