//! A generator of VALID `.net` files with random shapes, activations, losses,
//! precisions, rounding and carry modes, driven by a stream of choices.
//!
//! Shared by the property test in `tests/robust.rs` (choices from proptest)
//! and the fuzz target `fuzz/fuzz_targets/valid.rs` (choices from the
//! fuzzer's bytes), so both explore the same space. Every file it writes is
//! accepted by `longhand::load`; `explain` may still refuse one with an
//! arithmetic error (ln of a value rounded to 0, say), never with a panic.

use std::fmt::Write;

/// Where the choices come from: `below(n)` is a number in `0..n` (n ≥ 1).
pub(crate) trait Choices {
    /// A number in `0..n`.
    fn below(&mut self, n: u32) -> u32;
}

/// Choices read from a list of numbers, cycling through it (0 when empty).
pub(crate) struct FromList<'a> {
    numbers: &'a [u32],
    next: usize,
}

impl<'a> FromList<'a> {
    /// Choices taken from `numbers` in order.
    pub(crate) fn new(numbers: &'a [u32]) -> Self {
        FromList { numbers, next: 0 }
    }
}

impl Choices for FromList<'_> {
    fn below(&mut self, n: u32) -> u32 {
        if self.numbers.is_empty() {
            return 0;
        }
        let value = self.numbers[self.next % self.numbers.len()];
        self.next += 1;
        value % n.max(1)
    }
}

/// Numbers as an author writes them: decimals, fractions, scientific
/// notation, a Unicode minus, values that saturate a sigmoid.
const NUMBERS: &[&str] = &[
    "0",
    "1",
    "-1",
    "0.5",
    "-0.3",
    "0.25",
    "0.1",
    "-0.05",
    "1/3",
    "-7/20",
    "1e-3",
    "2.5E-1",
    "\u{2212}0.4",
    "0.123456789",
    "3",
    "-2.5",
    "0.75",
    "2",
    "+0.2",
    ".5",
    "0.00001",
    "150",
    "-300",
    "12/7",
];

const HIDDEN: &[&str] = &[
    "sigmoid",
    "tanh",
    "relu",
    "leaky_relu(0.1)",
    "leaky_relu",
    "identity",
    "softplus",
];

const ROUNDINGS: &[&str] = &[
    "half_up",
    "half_even",
    "half_down",
    "toward_zero",
    "away_from_zero",
];

const LOSSES: &[&str] = &[
    "half_squared_error",
    "squared_error",
    "mean_squared_error",
    "binary_cross_entropy",
    "cross_entropy",
];

fn pick<'a>(choices: &mut dyn Choices, from: &[&'a str]) -> &'a str {
    from[choices.below(from.len() as u32) as usize]
}

fn number(choices: &mut dyn Choices) -> String {
    if choices.below(12) == 0 {
        return "uniform(-1, 1, 0.25)".to_owned();
    }
    pick(choices, NUMBERS).to_owned()
}

fn vector(
    choices: &mut dyn Choices,
    len: usize,
    entry: &mut dyn FnMut(&mut dyn Choices) -> String,
) -> String {
    let items: Vec<String> = (0..len).map(|_| entry(choices)).collect();
    // A one-element vector may be written as a scalar (but a scalar
    // `uniform(...)` draws a whole vector, whose length may be unknown).
    if len == 1 && !items[0].starts_with("uniform") && choices.below(4) == 0 {
        return items[0].clone();
    }
    let trailing = if choices.below(5) == 0 { "," } else { "" };
    format!("[{}{trailing}]", items.join(", "))
}

/// A target of `len` entries suited to the loss.
fn target(choices: &mut dyn Choices, loss: &str, len: usize) -> String {
    match loss {
        "cross_entropy" => {
            // One-hot, or an exact distribution.
            let hot = choices.below(len as u32) as usize;
            let spread = choices.below(2) == 0 && len > 1;
            let entries: Vec<String> = (0..len)
                .map(|i| match (spread, i == hot) {
                    (false, true) => "1".to_owned(),
                    (false, false) => "0".to_owned(),
                    (true, true) => format!("{}/{}", len + 1, 2 * len),
                    (true, false) => format!("1/{}", 2 * len),
                })
                .collect();
            format!("[{}]", entries.join(", "))
        }
        "binary_cross_entropy" => vector(choices, len, &mut |c| {
            pick(c, &["0", "1", "0.5", "0.25", "1/3"]).to_owned()
        }),
        _ => vector(choices, len, &mut number),
    }
}

/// What every generated network must have, beyond what the choices pick.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Style {
    /// Every `W` and `b` is `frozen` (otherwise about one in six is).
    pub(crate) frozen: bool,
    /// `steps` is at least this (and always written when it is above 1).
    pub(crate) min_steps: u32,
}

fn layer(
    choices: &mut dyn Choices,
    name: &str,
    activation: &str,
    (units, before): (usize, usize),
    style: Style,
) -> String {
    let mut text = format!("layer {name} {{\n  activation = {activation}\n");
    let rows: Vec<String> = (0..units)
        .map(|_| vector(choices, before, &mut number))
        .collect();
    let matrix = if units == 1 && choices.below(3) == 0 {
        // A one-unit layer's W may be a flat row.
        rows[0].clone()
    } else {
        let rows: Vec<String> = rows
            .iter()
            .map(|r| {
                if r.starts_with('[') {
                    r.clone()
                } else {
                    format!("[{r}]")
                }
            })
            .collect();
        format!("[{}]", rows.join(",\n       "))
    };
    let frozen = |c: &mut dyn Choices| {
        if c.below(6) == 0 || style.frozen {
            " frozen"
        } else {
            ""
        }
    };
    let _ = writeln!(text, "  W = {matrix}{}", frozen(choices));
    if choices.below(5) != 0 {
        let biases = vector(choices, units, &mut number);
        let _ = writeln!(text, "  b = {biases}{}", frozen(choices));
    }
    if choices.below(4) == 0 {
        let _ = writeln!(text, "  units = {units}");
    }
    text.push_str("}\n");
    text
}

fn precision(choices: &mut dyn Choices) -> String {
    match choices.below(4) {
        0 => format!("{} decimals", choices.below(31)),
        1 => format!("{} significant", 1 + choices.below(30)),
        2 => "exact".to_owned(),
        _ => format!("{} decimals", 2 + choices.below(5)),
    }
}

/// A valid network description.
pub(crate) fn network(choices: &mut dyn Choices) -> String {
    network_in_style(choices, Style::default())
}

/// A valid network description with what `style` asks for.
pub(crate) fn network_in_style(choices: &mut dyn Choices, style: Style) -> String {
    let loss = pick(choices, LOSSES);
    let inputs = 1 + choices.below(4) as usize;
    let hidden = choices.below(4) as usize;
    let outputs = 1 + choices.below(3) as usize;
    let output_activation = match loss {
        "cross_entropy" => "softmax",
        "binary_cross_entropy" => "sigmoid",
        _ => pick(
            choices,
            &["sigmoid", "identity", "tanh", "softmax", "relu", "softplus"],
        ),
    };
    let mut statements = Vec::new();
    if choices.below(2) == 0 {
        statements.push(format!(
            "network \"{}\"",
            pick(
                choices,
                &[
                    "A random net",
                    "Ünïcode — title",
                    "quote \\\" and \\\\ back"
                ]
            )
        ));
    }
    let examples = 1 + choices.below(3) as usize;
    if examples == 1 && choices.below(2) == 0 {
        statements.push(format!(
            "input x = {}",
            vector(choices, inputs, &mut number)
        ));
        statements.push(format!("target y = {}", target(choices, loss, outputs)));
    } else {
        let mut block = String::from("examples {\n");
        for _ in 0..examples {
            let arrow = pick(choices, &["->", "\u{2192}"]);
            let end = pick(choices, &["", ",", ";"]);
            let x = vector(choices, inputs, &mut number);
            let y = target(choices, loss, outputs);
            let _ = writeln!(block, "  {x} {arrow} {y}{end}");
        }
        block.push('}');
        statements.push(block);
    }
    statements.push(format!("loss = {loss}"));
    statements.push(format!(
        "learning_rate = {}",
        pick(choices, &["0.5", "0.1", "1", "1/4", "2", "0.01"])
    ));
    if choices.below(2) == 0 || style.min_steps > 1 {
        let steps = if choices.below(5) == 0 {
            12
        } else {
            1 + choices.below(3)
        };
        statements.push(format!("steps = {}", steps.max(style.min_steps)));
    }
    if choices.below(2) == 0 {
        statements.push(format!("batch = {}", pick(choices, &["full", "1"])));
    }
    if choices.below(3) == 0 {
        statements.push(format!("reduction = {}", pick(choices, &["mean", "sum"])));
    }
    if choices.below(4) != 0 {
        statements.push(format!("precision = {}", precision(choices)));
    }
    if choices.below(4) != 0 {
        statements.push(format!("rounding = {}", pick(choices, ROUNDINGS)));
    }
    if choices.below(4) != 0 {
        statements.push(format!(
            "carry = {}",
            pick(choices, &["step", "quantity", "exact"])
        ));
    }
    if choices.below(5) == 0 {
        statements.push("fractions = true".to_owned());
    }
    // Settings in any order, then the layers in forward order, wherever they fall.
    for i in (1..statements.len()).rev() {
        let j = choices.below(i as u32 + 1) as usize;
        statements.swap(i, j);
    }
    let mut layers = Vec::new();
    let mut before = inputs;
    for index in 0..hidden {
        let units = 1 + choices.below(4) as usize;
        let activation = pick(choices, HIDDEN);
        layers.push(layer(
            choices,
            &format!("h{index}"),
            activation,
            (units, before),
            style,
        ));
        before = units;
    }
    layers.push(layer(
        choices,
        "out",
        output_activation,
        (outputs, before),
        style,
    ));
    let at = choices.below(statements.len() as u32 + 1) as usize;
    let mut text = String::from("// generated by tests/netgen.rs\n");
    for statement in statements.iter().take(at) {
        let _ = writeln!(text, "{statement}");
    }
    for layer in &layers {
        text.push_str(layer);
    }
    for statement in statements.iter().skip(at) {
        let _ = writeln!(text, "{statement}");
    }
    text
}

/// A fully connected sigmoid network: `width` inputs, `depth` hidden layers
/// of `width` units and one output unit, with weights that keep every z in
/// a moderate range; `settings` is appended (precision, carry, steps, ...).
/// Used by the scale tests and the benchmarks.
pub(crate) fn layered(depth: usize, width: usize, settings: &str) -> String {
    const WEIGHTS: [&str; 7] = ["0.1", "-0.2", "0.15", "0.05", "-0.1", "0.25", "-0.05"];
    let row = |unit: usize, inputs: usize| -> String {
        let entries: Vec<&str> = (0..inputs)
            .map(|j| WEIGHTS[(unit * 3 + j * 5) % WEIGHTS.len()])
            .collect();
        format!("[{}]", entries.join(", "))
    };
    let inputs: Vec<&str> = (0..width).map(|j| ["1", "0.5", "-0.5"][j % 3]).collect();
    let mut text = format!(
        "network \"{depth} hidden layers of {width}\"\ninput x = [{}]\ntarget y = [0.75]\n",
        inputs.join(", ")
    );
    for layer in 0..depth {
        let rows: Vec<String> = (0..width).map(|unit| row(unit + layer, width)).collect();
        let biases = vec!["0.1"; width].join(", ");
        let _ = writeln!(
            text,
            "layer h{} {{\n  activation = sigmoid\n  W = [{}]\n  b = [{biases}]\n}}",
            layer + 1,
            rows.join(", ")
        );
    }
    let _ = writeln!(
        text,
        "layer out {{\n  activation = sigmoid\n  W = [{}]\n  b = [0.1]\n}}",
        row(depth, width)
    );
    let _ = writeln!(
        text,
        "loss = half_squared_error\nlearning_rate = 0.5\n{settings}"
    );
    text
}
