//! The largest inputs longhand accepts, and the resource budget every
//! command is held to, in one place (documented in README.md, "Limits").
//!
//! **The promise.** Every command on any input within these limits
//! finishes within 60 s and 2 GiB on a 2-core machine, or is refused at
//! once with a message naming the limit and a cheaper alternative.
//!
//! A single training run is bounded by [`MAX_WORK`]. What a command
//! multiplies is counted here against one budget, [`MAX_COMMAND_WORK`]
//! (the training work of all its runs together, each weighted by its
//! digits: [`weight`], [`Runs`]), before any run starts:
//!
//! - `render` as Markdown or HTML trains twice (the run, and the exact run
//!   its rounding section compares with) — [`Runs::add_report`];
//! - `exercises`: variants × (the three runs of a variant's key, and the
//!   fixed cost of its key, solution and sheet) — [`Runs::add_variant`],
//!   at most [`MAX_VARIANTS`];
//! - `check`: one run per carry mode and claimed precision of its named
//!   claims (the exact run serves every precision), and its formulas'
//!   functions ([`MAX_CLAIM_FUNCTIONS`]);
//! - `validate`: the files' sizes together ([`MAX_VALIDATE_BYTES`]);
//! - `sensitivity`: precisions × carry modes, plus the exact run, plus the
//!   search for the smallest agreeing precision, which gets what is left of
//!   the budget ([`search_runs`]).
//!
//! What a report writes out in full is bounded separately by
//! [`MAX_DETAIL_WORK`] (`--detail all` × steps): the text, not the
//! training, is what grows there.

use std::fmt;

use super::{Carry, Precision};

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
/// Largest training work of all the runs one command makes together, each
/// weighted by its digits ([`weight`]; five runs at [`MAX_WORK`] and up to
/// 15 digits): the plans at this budget measured took up to 40 s and 600 MB
/// on a two-core machine with a load of 8 (README, Limits).
pub const MAX_COMMAND_WORK: u64 = 1_000_000;
/// Most variants `longhand exercises` draws in one command. Each variant
/// held in memory (its network and two runs) takes about 40 KB for the
/// textbook network: 20,000 keys took 11 s of processor time and 0.6 GB
/// (BENCHMARKS.md); larger networks are held to [`MAX_COMMAND_WORK`] by
/// [`exercise_runs`] first.
pub const MAX_VARIANTS: u64 = 20_000;
/// What drawing one variant and working out its answer key costs besides
/// its training, in the units of [`MAX_COMMAND_WORK`] (about 1 ms of
/// processor time for the textbook network, as much as 10 units of training).
pub const VARIANT_KEY_WORK: u128 = 10;
/// What writing one variant's worked solution and problem sheet costs
/// besides its training (about 20 ms for the textbook network: the layout
/// of every line, and the remarks' silent continued training).
pub const VARIANT_REPORT_WORK: u128 = 200;
/// Largest amount a report writes out in full: updates written in full ×
/// examples in each × (parameters + units). At most about 4 KB of HTML (and
/// ten times that in memory while it is made) per unit; one update of the
/// largest network (19,495 parameters) fits.
pub const MAX_DETAIL_WORK: u64 = 20_000;
/// Most functions (exp, ln, σ, tanh, their slopes) and powers the formulas
/// of one claims file may apply: each is computed to as many digits as its
/// claim needs, up to thousands for e^9000 (0.2 to 0.8 s each at worst).
pub const MAX_CLAIM_FUNCTIONS: usize = 64;
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
/// Most values one `choice(a, b, …)` may list (a list typed by a person;
/// evenly spaced values are `uniform`'s).
pub const MAX_CHOICE_ITEMS: usize = 1000;

/// Largest formula of a function defined in the file, in parts (numbers,
/// variables, operations and functions) with the functions it uses
/// written out: `z * sigmoid(z)` has 4. Its derivative and the written
/// arithmetic grow with it.
pub const MAX_FORMULA_NODES: usize = 256;
/// Largest whole exponent in a formula (`z^64`).
pub const MAX_POWER: i64 = 64;
/// Largest denominator of a fractional exponent (`z^(1/64)`).
pub const MAX_ROOT: u32 = 64;

/// The training work of a network: steps × examples × (parameters × the
/// optimizer's cost + the cost of its formulas), at least 1.
pub fn training_work(network: &super::Network) -> u128 {
    let parameters = network.parameter_count() * optimizer_cost(&network.optimizer);
    u128::from(network.steps)
        * network.examples.len() as u128
        * (parameters + formula_cost(network)).max(1) as u128
}

/// How much one parameter's update costs under an optimizer, as a multiple
/// of SGD's (measured on the textbook network over 2,000 steps: momentum
/// 1.5×, RMSProp 2×, Adam 3.7× the time of SGD, rounded up).
pub fn optimizer_cost(optimizer: &super::Optimizer) -> usize {
    match optimizer {
        super::Optimizer::Sgd => 1,
        super::Optimizer::Momentum { .. } | super::Optimizer::Nesterov { .. } => 2,
        super::Optimizer::RmsProp { .. } => 3,
        super::Optimizer::Adam { .. } => 4,
    }
}

/// What evaluating the functions defined by formulas costs in each step,
/// counted like parameters: twice the written-out size of each formula
/// (its value and its slope) for every unit that applies it. Built-in
/// functions cost nothing extra. Measured: a 230-part formula on one unit
/// made a step about 100 times slower than a sigmoid network with 4
/// parameters, and counts 460.
pub fn formula_cost(network: &super::Network) -> usize {
    let defined = |formula: &crate::functions::Formula| {
        let mut named = false;
        formula.for_each_func(&mut |f| named |= matches!(f, crate::functions::Func::Named(_)));
        if named {
            2 * crate::functions::term::expanded_size(formula)
        } else {
            0
        }
    };
    let layers: usize = network
        .layers
        .iter()
        .map(|layer| match layer.activation.shape() {
            super::ActivationShape::Elementwise(formula) => layer.units() * defined(&formula),
            super::ActivationShape::Softmax => 0,
        })
        .sum();
    let loss = match &network.loss {
        super::Loss::Defined(loss) => {
            network.layers.last().map_or(0, super::Layer::units)
                * 2
                * crate::functions::term::expanded_size(&loss.term)
        }
        super::Loss::Card(_) => 0,
    };
    layers + loss
}

/// What one step written in full costs: examples × (parameters + units).
pub fn update_detail(network: &super::Network) -> u128 {
    let units: usize = network.layers.iter().map(super::Layer::units).sum();
    network.examples.len() as u128 * (network.parameter_count() + units) as u128
}

/// How much one run costs per unit of work: 1 up to 15 digits and one
/// more for every 15 digits beyond (arithmetic on longer numbers is slower:
/// measured 2.6 times at 30 and 4.3 times at 60 decimals); 2 when values
/// are carried exactly (fractions, then 256-bit floats).
pub fn weight(precision: Precision, carry: Carry) -> u128 {
    match (precision, carry) {
        (Precision::Exact, _) | (_, Carry::Exact) => 2,
        (Precision::Decimals(digits) | Precision::Significant(digits), _) => {
            u128::from(digits.div_ceil(15).max(1))
        }
    }
}

/// The training runs one command plans, counted against
/// [`MAX_COMMAND_WORK`]: each run's work × its [`weight`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Runs {
    /// The work of one run (steps × examples × parameters).
    pub work: u128,
    /// How many runs are planned.
    pub count: u64,
    /// Their work, each weighted by its digits.
    pub cost: u128,
}

impl Runs {
    /// No runs yet, of a network whose runs each do `work`.
    pub fn new(work: u128) -> Runs {
        Runs {
            work,
            count: 0,
            cost: 0,
        }
    }

    /// Plans one more run.
    pub fn add(&mut self, precision: Precision, carry: Carry) {
        self.count += 1;
        self.cost = self
            .cost
            .saturating_add(self.work.saturating_mul(weight(precision, carry)));
    }

    /// Plans the runs of one report of `network`: the run, and for
    /// Markdown and HTML (`prose`) the exact run its rounding section
    /// compares with (unless the run is exact already).
    pub fn add_report(&mut self, network: &super::Network, prose: bool) {
        let settings = network.settings;
        let carry = if settings.precision == Precision::Exact {
            Carry::Exact
        } else {
            settings.carry
        };
        self.add(settings.precision, carry);
        if prose && carry != Carry::Exact {
            self.add(settings.precision, Carry::Exact);
        }
    }

    /// Plans the work of one exercise variant of `network`: the three runs
    /// its accepted ranges come from (`carry = step`, `quantity` and
    /// `exact`; its solution and sheet reuse them), and the fixed cost of
    /// its key and, with `reports`, of its solution and sheet.
    pub fn add_variant(&mut self, network: &super::Network, reports: bool) {
        let precision = network.settings.precision;
        for carry in [Carry::Step, Carry::Quantity, Carry::Exact] {
            self.add(precision, carry);
        }
        let fixed = if reports {
            VARIANT_KEY_WORK + VARIANT_REPORT_WORK
        } else {
            VARIANT_KEY_WORK
        };
        self.cost = self.cost.saturating_add(fixed);
    }

    /// Whether the plan fits [`MAX_COMMAND_WORK`].
    pub fn fits(&self) -> bool {
        self.cost <= u128::from(MAX_COMMAND_WORK)
    }

    /// What the plan leaves of [`MAX_COMMAND_WORK`].
    pub fn left(&self) -> u128 {
        u128::from(MAX_COMMAND_WORK).saturating_sub(self.cost)
    }
}

/// The runs the agreement search may make for each of `carries` carry
/// modes with what `planned` leaves of the budget: at most
/// [`MAX_SEARCH_DIGITS`] + 1 each (0 to 12 digits, weight 1), maybe none.
pub fn search_runs(planned: &Runs, carries: usize) -> u64 {
    let each = planned.work.max(1).saturating_mul(carries.max(1) as u128);
    u64::try_from(planned.left() / each)
        .unwrap_or(u64::MAX)
        .min(u64::from(MAX_SEARCH_DIGITS) + 1)
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
