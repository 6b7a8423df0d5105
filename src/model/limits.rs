//! The largest inputs longhand accepts, in one place (documented in README.md).
//!
//! Within these limits every command finishes in seconds with bounded
//! memory; beyond them the input is refused at once with an error.

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
/// Largest amount of training work: steps × examples × parameters.
///
/// Every update is kept (the answer key lists them all), so time and memory
/// grow with this product: at the limit the slowest settings (`carry = step`
/// at 30 significant digits) take about 10 s and 300 MB. Mazur's 2-2-2
/// example trained for 10,000 updates is 120,000.
pub const MAX_WORK: u64 = 200_000;
/// Largest training work of all the variants `longhand exercises` draws,
/// together: they are all rendered in memory before any is written.
pub const MAX_EXERCISE_WORK: u64 = 1_000_000;
/// Largest significant digits in one literal.
pub const MAX_LITERAL_DIGITS: usize = 40;
/// Largest decimal exponent written in a literal (`1e-100`).
pub const MAX_LITERAL_EXPONENT: i64 = 100;
/// Literals are at most `10^MAX_LITERAL_MAGNITUDE` in size.
pub const MAX_LITERAL_MAGNITUDE: u32 = 12;
/// Largest number of values one `uniform(LOW, HIGH, STEP)` may choose from.
pub const MAX_DRAW_CHOICES: u64 = 1_000_000_000;

/// Largest formula of a function defined in the file, in parts (numbers,
/// variables, operations and functions) with the functions it uses
/// written out: `z * sigmoid(z)` has 4. Its derivative and the written
/// arithmetic grow with it.
pub const MAX_FORMULA_NODES: usize = 256;
/// Largest whole exponent in a formula (`z^64`).
pub const MAX_POWER: i64 = 64;
/// Largest denominator of a fractional exponent (`z^(1/64)`).
pub const MAX_ROOT: u32 = 64;

/// The training work of a network: steps × examples × (parameters + the
/// cost of its formulas), at least 1.
pub fn training_work(network: &super::Network) -> u128 {
    u128::from(network.steps)
        * network.examples.len() as u128
        * (network.parameter_count() + formula_cost(network)).max(1) as u128
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
