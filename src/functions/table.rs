//! The function table: every built-in activation and loss, one entry each.
//!
//! Adding a function that the building blocks of [`super::Func`] can
//! express is one entry here plus its tests; the tests in
//! `tests/functions.rs` check that every entry is complete for every
//! consumer (formula, derivative, prose, glyph, TeX, README).

use num_rational::BigRational;

use super::cards::{
    ActivationCard, Argument, Combine, End, Limit, LossCard, Output, Parameter, Range, Shape,
    SlopeBound, Targets,
};
use super::expr::{Func, Node};
use super::term::{Formula, Var, int, minus, of_z, var};

/// The slope of `leaky_relu` for negative inputs.
const LEAKY_SLOPE: Parameter = Parameter {
    name: "slope",
    tex: "\\alpha",
    default: "0.01",
    default_value: (1, 100),
    low: Some(Limit {
        value: (0, 1),
        inclusive: false,
    }),
    high: Some(Limit {
        value: (1, 1),
        inclusive: false,
    }),
    reason: "a usual slope is `leaky_relu(0.01)`",
};

/// The scale of `elu` for negative inputs.
const ELU_SCALE: Parameter = Parameter {
    name: "scale",
    tex: "\\alpha",
    default: "1",
    default_value: (1, 1),
    low: Some(Limit {
        value: (0, 1),
        inclusive: false,
    }),
    high: None,
    reason: "the usual ELU is `elu(1)`",
};

/// A whole number as a rational.
fn whole(n: i64) -> BigRational {
    BigRational::from_integer(n.into())
}

/// The first argument, or the parameter's default.
fn first(args: &[Argument], parameter: &Parameter) -> Argument {
    args.first()
        .cloned()
        .unwrap_or_else(|| parameter.default_argument())
}

/// Every built-in activation, in the order the README lists them.
pub const ACTIVATIONS: &[ActivationCard] = &[
    ActivationCard {
        names: &["sigmoid"],
        parameters: &[],
        shape: Shape::Elementwise(|_| of_z(Func::Sigmoid)),
        convention: None,
        tex: "\\sigma",
        meaning: "the sigmoid, $1/(1 + e^{-z})$; its slope is $\\sigma'(z) = \\sigma(z)(1 - \\sigma(z))$",
        applies: "the sigmoid. By hand we find $e^{-z}$ first, add 1, and take the reciprocal",
        summary: "σ(z) = 1/(1 + e^(−z))",
        glyph: "σ",
        range: |_| Range::Interval {
            low: Some(End::int(0, false)),
            high: Some(End::int(1, false)),
        },
        slope: |_| {
            Some(SlopeBound::AtMost(End::new(
                BigRational::new(1.into(), 4.into()),
                true,
            )))
        },
    },
    ActivationCard {
        names: &["tanh"],
        parameters: &[],
        shape: Shape::Elementwise(|_| of_z(Func::Tanh)),
        convention: None,
        tex: "\\tanh",
        meaning: "the hyperbolic tangent, $(e^{z} - e^{-z})/(e^{z} + e^{-z})$; its slope is $1 - \\tanh^2(z)$",
        applies: "$\\tanh$, written with exponentials as $(e^{z} - e^{-z})/(e^{z} + e^{-z})$",
        summary: "tanh(z) = (e^z − e^(−z))/(e^z + e^(−z))",
        glyph: "tanh",
        range: |_| Range::Interval {
            low: Some(End::int(-1, false)),
            high: Some(End::int(1, false)),
        },
        slope: |_| Some(SlopeBound::AtMost(End::int(1, true))),
    },
    ActivationCard {
        names: &["relu"],
        parameters: &[],
        shape: Shape::Elementwise(|_| of_z(Func::Relu)),
        convention: Some("we take $\\operatorname{relu}'(0) = 0$"),
        tex: "\\operatorname{relu}",
        meaning: "$\\max(0, z)$; its slope is $1$ for $z > 0$ and $0$ otherwise (we take $\\operatorname{relu}'(0) = 0$)",
        applies: "ReLU, which keeps a positive input and replaces anything else by 0",
        summary: "max(0, z), with relu′(0) = 0",
        glyph: "ReLU",
        range: |_| Range::Interval {
            low: Some(End::int(0, true)),
            high: None,
        },
        slope: |_| Some(SlopeBound::OneOf(vec![whole(0), whole(1)])),
    },
    ActivationCard {
        names: &["leaky_relu"],
        parameters: &[LEAKY_SLOPE],
        shape: Shape::Elementwise(|args| of_z(Func::LeakyRelu(first(args, &LEAKY_SLOPE).value))),
        convention: Some("we take $\\operatorname{lrelu}'(0) = {alpha}$"),
        tex: "\\operatorname{lrelu}",
        meaning: "leaky ReLU: $z$ for $z > 0$, ${alpha} z$ otherwise; its slope is $1$ for $z > 0$ and ${alpha}$ otherwise (including $z = 0$)",
        applies: "leaky ReLU, which keeps a positive input and scales anything else by the small slope",
        summary: "`leaky_relu(α)`: z for z > 0, αz otherwise, with leaky_relu′(0) = α; α lies strictly between 0 and 1 (0.01 when not given)",
        glyph: "LReLU",
        range: |_| Range::Everything,
        slope: |args| {
            let alpha = first(args, &LEAKY_SLOPE).value;
            Some(SlopeBound::OneOf(vec![alpha, whole(1)]))
        },
    },
    ActivationCard {
        names: &["elu"],
        parameters: &[ELU_SCALE],
        shape: Shape::Elementwise(|args| {
            let z = || var(Var::Z);
            let alpha = first(args, &ELU_SCALE);
            let alpha = super::term::literal(alpha.value, &alpha.text);
            Node::piecewise(
                z(),
                super::Relation::Greater,
                int(0),
                z(),
                Node::Mul(vec![alpha, minus(of_z(Func::Exp), int(1))]),
            )
        }),
        convention: None,
        tex: "\\operatorname{elu}",
        meaning: "the exponential linear unit: $z$ for $z > 0$, ${alpha}(e^{z} - 1)$ otherwise; its slope is $1$ for $z > 0$ and ${alpha} e^{z}$ otherwise",
        applies: "ELU, which keeps a positive input and bends anything else smoothly towards $-{alpha}$",
        summary: "`elu(α)`: z for z > 0, α(e^z − 1) otherwise; α above 0 (1 when not given)",
        glyph: "ELU",
        range: |args| Range::Interval {
            low: Some(End::new(-first(args, &ELU_SCALE).value, false)),
            high: None,
        },
        slope: |args| {
            let alpha = first(args, &ELU_SCALE).value;
            Some(SlopeBound::AtMost(End::new(alpha.max(whole(1)), true)))
        },
    },
    ActivationCard {
        names: &["identity"],
        parameters: &[],
        shape: Shape::Elementwise(|_| var(Var::Z)),
        convention: None,
        tex: "\\operatorname{id}",
        meaning: "the identity, $z$ itself; its slope is $1$",
        applies: "the identity, which leaves its weighted input unchanged",
        summary: "z itself",
        glyph: "id",
        range: |_| Range::Everything,
        slope: |_| Some(SlopeBound::OneOf(vec![whole(1)])),
    },
    ActivationCard {
        names: &["softplus"],
        parameters: &[],
        shape: Shape::Elementwise(|_| of_z(Func::Softplus)),
        convention: None,
        tex: "\\operatorname{softplus}",
        meaning: "$\\ln(1 + e^{z})$; its slope is $\\sigma(z)$",
        applies: "softplus, $\\ln(1 + e^{z})$, a smooth version of ReLU",
        summary: "ln(1 + e^z)",
        glyph: "sp",
        range: |_| Range::Interval {
            low: Some(End::int(0, false)),
            high: None,
        },
        slope: |_| Some(SlopeBound::AtMost(End::int(1, false))),
    },
    ActivationCard {
        names: &["softmax"],
        parameters: &[],
        shape: Shape::Softmax,
        convention: None,
        tex: "\\operatorname{softmax}",
        meaning: "$\\hat y_i = e^{z_i} / \\sum_k e^{z_k}$, taken over the whole layer",
        applies: "softmax: each output is $e^{z}$ of its unit divided by the sum of $e^{z}$ over the whole layer, so the outputs are positive and add up to 1",
        summary: "e^(z_i) / Σ_k e^(z_k) over the whole layer (output layer only)",
        glyph: "soft",
        range: |_| Range::Distribution,
        slope: |_| None,
    },
];

/// `(y − ŷ)²`.
fn squared_residual() -> Formula {
    minus(var(Var::Y), var(Var::YHat)).pow(2)
}

/// Every built-in loss, in the order the README lists them.
pub const LOSSES: &[LossCard] = &[
    LossCard {
        names: &["half_squared_error"],
        term: squared_residual,
        combine: Combine::HalfSum,
        targets: Targets::Any,
        output: Output::Any,
        summary: "½ Σ (y − ŷ)²",
    },
    LossCard {
        names: &["squared_error"],
        term: squared_residual,
        combine: Combine::Sum,
        targets: Targets::Any,
        output: Output::Any,
        summary: "Σ (y − ŷ)²",
    },
    LossCard {
        names: &["mean_squared_error"],
        term: squared_residual,
        combine: Combine::MeanOverUnits,
        targets: Targets::Any,
        output: Output::Any,
        summary: "(1/n) Σ (y − ŷ)² over the n output units",
    },
    LossCard {
        names: &["binary_cross_entropy"],
        term: || {
            Node::Add(vec![
                Node::Mul(vec![var(Var::Y), Node::apply(Func::Ln, var(Var::YHat))]),
                Node::Mul(vec![
                    minus(int(1), var(Var::Y)),
                    Node::apply(Func::Ln, minus(int(1), var(Var::YHat))),
                ]),
            ])
        },
        combine: Combine::NegatedSum,
        targets: Targets::Probabilities,
        output: Output::Any,
        summary: "−Σ [y ln ŷ + (1 − y) ln(1 − ŷ)], targets between 0 and 1",
    },
    LossCard {
        names: &["cross_entropy"],
        term: || Node::Mul(vec![var(Var::Y), Node::apply(Func::Ln, var(Var::YHat))]),
        combine: Combine::NegatedSum,
        targets: Targets::Distribution,
        output: Output::Softmax {
            help: "use `activation = softmax` on the output layer, or `loss = binary_cross_entropy` for sigmoid outputs",
        },
        summary: "−Σ y ln ŷ, with a `softmax` output layer and targets that add up to 1",
    },
];
