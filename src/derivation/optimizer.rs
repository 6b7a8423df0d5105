//! What the report says about the update rule: its name, one sentence on
//! what it does, the rule stated once for a parameter θ with gradient g
//! (PyTorch's form, the same formulas the symbolic core evaluates line by
//! line), and the symbol-table rows of the state it keeps.

use std::borrow::Cow;

use crate::model::{Hyper, Network, Optimizer};
use crate::symbolic::Quantity;
use crate::symbolic::program::Definition;
use crate::symbolic::program::optimizer::power_definitions;

/// The update's definitions as the report writes update `t`: Adam's β₁ᵗ
/// and β₂ᵗ lines (from the symbolic program) just before the first state
/// line; the program itself for every other rule.
pub fn with_powers<'a>(
    network: &Network,
    definitions: &'a [Definition],
    t: u64,
) -> Cow<'a, [Definition]> {
    let powers = power_definitions(network, t);
    if powers.is_empty() {
        return Cow::Borrowed(definitions);
    }
    let at = definitions
        .iter()
        .position(|d| matches!(d.target.quantity, Quantity::State { .. }))
        .unwrap_or(definitions.len());
    let mut all = Vec::with_capacity(definitions.len() + powers.len());
    all.extend_from_slice(&definitions[..at]);
    all.extend(powers);
    all.extend_from_slice(&definitions[at..]);
    Cow::Owned(all)
}

/// The update rule as the report states it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleStatement {
    /// `sgd`, `momentum`, …
    pub name: &'static str,
    /// The heading's name: "SGD", "momentum", "Adam".
    pub title: &'static str,
    /// What the rule does, in words (may hold inline LaTeX).
    pub prose: String,
    /// Said after the rule.
    pub after: String,
    /// The rule for one parameter, as aligned LaTeX lines `(left, right)`.
    pub lines: Vec<(String, String)>,
    /// Whether the report keeps the plain SGD wording (no rule to state).
    pub plain: bool,
}

/// A row of the symbol table: LaTeX symbol and meaning (may hold inline LaTeX).
pub type SymbolRow = (String, String);

const G: &str = "g";

/// The statement of the file's update rule.
pub fn statement(network: &Network) -> RuleStatement {
    let decoupled = network.decoupled_weight_decay.is_some();
    let decay_term = if decoupled {
        " - \\eta \\lambda_{\\mathrm{d}} \\theta"
    } else {
        ""
    };
    let step = |rest: &str| {
        (
            "\\theta'".to_owned(),
            format!("\\theta{decay_term} - {rest}"),
        )
    };
    let (title, prose, mut lines): (&str, &str, Vec<(String, String)>) = match &network.optimizer {
        Optimizer::Sgd => (
            "SGD",
            "Gradient descent moves every parameter a step of length $\\eta$ against its gradient $g = \\partial \\mathcal{L} / \\partial \\theta$.",
            vec![step(&format!("\\eta {G}"))],
        ),
        Optimizer::Momentum { .. } => (
            "momentum",
            "With momentum each parameter keeps a velocity $v$, starting at 0: the gradients so far, each older one weighted down by another factor $\\beta$. The parameter moves against the velocity rather than against the gradient alone (PyTorch's rule, without dampening).",
            vec![
                ("v'".to_owned(), format!("\\beta v + {G}")),
                step("\\eta v'"),
            ],
        ),
        Optimizer::Nesterov { .. } => (
            "Nesterov momentum",
            "Nesterov momentum keeps a velocity $v$ for each parameter, starting at 0, and moves the parameter by the gradient plus the velocity it will have next, a look ahead (PyTorch's rule).",
            vec![
                ("v'".to_owned(), format!("\\beta v + {G}")),
                step(&format!("\\eta \\left({G} + \\beta v'\\right)")),
            ],
        ),
        Optimizer::RmsProp { .. } => (
            "RMSProp",
            "RMSProp keeps for each parameter a running average $s$ of its squared gradients, starting at 0, and divides the step by its square root, so that parameters with large gradients take smaller steps; $\\varepsilon$ keeps the denominator away from zero.",
            vec![
                (
                    "s'".to_owned(),
                    format!("\\rho s + \\left(1 - \\rho\\right) {G}^{{2}}"),
                ),
                step(&format!(
                    "\\eta \\frac{{{G}}}{{\\sqrt{{s'}} + \\varepsilon}}"
                )),
            ],
        ),
        Optimizer::Adam { .. } => (
            "Adam",
            "Adam keeps two running averages for each parameter, both starting at 0: $m$ of the gradients and $v$ of their squares. Because they start at 0 they are too small in the first updates, so each is divided by $1 - \\beta^{t}$ at update $t$ (the bias correction, giving $\\hat m$ and $\\hat v$). The step is $\\hat m$ divided by $\\sqrt{\\hat v} + \\varepsilon$.",
            vec![
                (
                    "m'".to_owned(),
                    format!("\\beta_1 m + \\left(1 - \\beta_1\\right) {G}"),
                ),
                (
                    "v'".to_owned(),
                    format!("\\beta_2 v + \\left(1 - \\beta_2\\right) {G}^{{2}}"),
                ),
                (
                    "\\hat{m}".to_owned(),
                    "\\frac{m'}{1 - \\beta_1^{t}}".to_owned(),
                ),
                (
                    "\\hat{v}".to_owned(),
                    "\\frac{v'}{1 - \\beta_2^{t}}".to_owned(),
                ),
                step("\\eta \\frac{\\hat{m}}{\\sqrt{\\hat{v}} + \\varepsilon}"),
            ],
        ),
    };
    let mut prose = prose.to_owned();
    if decoupled {
        prose.push_str(
            " The decoupled weight decay (AdamW's) also shrinks every parameter by $\\eta \\lambda_{\\mathrm{d}} \\theta$, written as its own term.",
        );
    }
    if network.weight_decay.is_some() {
        prose.push_str(
            " The gradient $g$ is that of the loss with its weight-decay penalty $\\tfrac{\\lambda}{2} \\sum W^2$, so each weight's gradient includes $\\lambda W$.",
        );
    }
    if frozen_somewhere(network) && !matches!(network.optimizer, Optimizer::Sgd) {
        prose.push_str(" A frozen parameter keeps no state.");
    }
    prose.push_str(" For a parameter $\\theta$ with gradient $g$:");
    let after = if matches!(network.optimizer, Optimizer::Adam { .. }) {
        "The powers $\\beta_1^{t}$ and $\\beta_2^{t}$ of this update come first, each once; then every parameter's lines follow this rule, the state before the update written without a prime and after it with one.".to_owned()
    } else if lines.len() > 1 {
        "Every parameter's lines below follow this rule, the state before the update written without a prime and after it with one.".to_owned()
    } else {
        String::new()
    };
    let plain = matches!(network.optimizer, Optimizer::Sgd) && !decoupled;
    // The plain rule keeps its one-line statement in the prose.
    if plain {
        lines.clear();
    }
    RuleStatement {
        name: network.optimizer.name(),
        title,
        prose,
        after,
        lines,
        plain,
    }
}

fn frozen_somewhere(network: &Network) -> bool {
    network
        .layers
        .iter()
        .any(|l| l.weights.frozen || l.biases.as_ref().is_some_and(|b| b.frozen))
}

/// The symbol-table rows of the update rule's constants and state.
pub fn symbol_rows(network: &Network) -> Vec<SymbolRow> {
    let mut rows: Vec<SymbolRow> = Vec::new();
    let owner = "for the parameter named in its subscript";
    match &network.optimizer {
        Optimizer::Sgd => {}
        Optimizer::Momentum { .. } | Optimizer::Nesterov { .. } => {
            rows.push((
                "v, {v'}".into(),
                format!("the velocity {owner}, before and after the update (0 before the first)"),
            ));
        }
        Optimizer::RmsProp { .. } => {
            rows.push((
                "s, {s'}".into(),
                format!("the running average of squared gradients {owner}, before and after the update (0 before the first)"),
            ));
        }
        Optimizer::Adam { .. } => {
            rows.push((
                "m, {m'}".into(),
                format!("the first moment (running average of gradients) {owner}, before and after the update (0 before the first)"),
            ));
            rows.push((
                "v, {v'}".into(),
                format!("the second moment (running average of squared gradients) {owner}, before and after the update"),
            ));
            rows.push((
                "\\hat{m}, \\hat{v}".into(),
                "the bias-corrected moments $m'/(1 - \\beta_1^{t})$ and $v'/(1 - \\beta_2^{t})$"
                    .into(),
            ));
            rows.push((
                "t".into(),
                "the number of the update (1 for the first)".into(),
            ));
        }
    }
    for (hyper, value) in network.optimizer.hypers() {
        rows.push((hyper.tex().to_owned(), hyper_meaning(hyper, &value.text)));
    }
    if let Some(decay) = &network.weight_decay {
        rows.push((
            Hyper::WeightDecay.tex().to_owned(),
            hyper_meaning(Hyper::WeightDecay, &decay.text),
        ));
    }
    if let Some(decay) = &network.decoupled_weight_decay {
        rows.push((
            Hyper::DecoupledDecay.tex().to_owned(),
            hyper_meaning(Hyper::DecoupledDecay, &decay.text),
        ));
    }
    rows
}

fn hyper_meaning(hyper: Hyper, value: &str) -> String {
    let what = match hyper {
        Hyper::Beta => "the momentum factor",
        Hyper::Rho => "the decay rate of the running average",
        Hyper::Beta1 => "the decay rate of the first moment",
        Hyper::Beta2 => "the decay rate of the second moment",
        Hyper::Epsilon => "a small constant that keeps the denominator away from zero",
        Hyper::WeightDecay => "the weight-decay factor of the penalty added to the loss",
        Hyper::DecoupledDecay => "the decoupled weight-decay factor",
    };
    format!("{what}, here `{value}`")
}
