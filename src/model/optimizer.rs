//! The update rule a file chooses: `optimizer = sgd | momentum(beta) |
//! nesterov(beta) | rmsprop(rho, epsilon) | adam(beta1, beta2, epsilon)`,
//! arguments positional or named, with PyTorch's defaults and rules; and the
//! two kinds of weight decay (`weight_decay = λ`, `decoupled_weight_decay = λ`).

use num_traits::{One, Signed, Zero};

use super::Checker;
use super::network::Literal;
use crate::diagnostic::Diagnostic;
use crate::parse::ast::{self, SettingValue};
use crate::source::Spanned;
use crate::text::{names_or as list_names, suggest};

/// The rule that turns a gradient into a parameter update.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Optimizer {
    /// θ ← θ − ηg (the default).
    #[default]
    Sgd,
    /// v ← βv + g, θ ← θ − ηv (PyTorch's momentum, no dampening).
    Momentum {
        /// β.
        beta: Literal,
    },
    /// v ← βv + g, θ ← θ − η(g + βv).
    Nesterov {
        /// β.
        beta: Literal,
    },
    /// s ← ρs + (1 − ρ)g², θ ← θ − ηg/(√s + ε).
    RmsProp {
        /// ρ.
        rho: Literal,
        /// ε.
        epsilon: Literal,
    },
    /// Adam with bias correction.
    Adam {
        /// β₁.
        beta1: Literal,
        /// β₂.
        beta2: Literal,
        /// ε.
        epsilon: Literal,
    },
}

/// A constant of an update rule (a hyperparameter), named in formulas.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Hyper {
    /// β of momentum and Nesterov.
    Beta,
    /// ρ of RMSProp.
    Rho,
    /// β₁ of Adam.
    Beta1,
    /// β₂ of Adam.
    Beta2,
    /// ε of RMSProp and Adam.
    Epsilon,
    /// λ of `weight_decay`.
    WeightDecay,
    /// λ of `decoupled_weight_decay`.
    DecoupledDecay,
}

impl Hyper {
    /// The name in the file (`beta1`, `epsilon`, `weight_decay`).
    pub fn name(self) -> &'static str {
        match self {
            Hyper::Beta => "beta",
            Hyper::Rho => "rho",
            Hyper::Beta1 => "beta1",
            Hyper::Beta2 => "beta2",
            Hyper::Epsilon => "epsilon",
            Hyper::WeightDecay => "weight_decay",
            Hyper::DecoupledDecay => "decoupled_weight_decay",
        }
    }

    /// Its TeX symbol.
    pub fn tex(self) -> &'static str {
        match self {
            Hyper::Beta => "\\beta",
            Hyper::Rho => "\\rho",
            Hyper::Beta1 => "\\beta_1",
            Hyper::Beta2 => "\\beta_2",
            Hyper::Epsilon => "\\varepsilon",
            Hyper::WeightDecay => "\\lambda",
            Hyper::DecoupledDecay => "\\lambda_{\\mathrm{d}}",
        }
    }
}

impl Optimizer {
    /// The name in the file.
    pub fn name(&self) -> &'static str {
        match self {
            Optimizer::Sgd => "sgd",
            Optimizer::Momentum { .. } => "momentum",
            Optimizer::Nesterov { .. } => "nesterov",
            Optimizer::RmsProp { .. } => "rmsprop",
            Optimizer::Adam { .. } => "adam",
        }
    }

    /// Its constants with their values, in the order of its arguments.
    pub fn hypers(&self) -> Vec<(Hyper, &Literal)> {
        match self {
            Optimizer::Sgd => Vec::new(),
            Optimizer::Momentum { beta } | Optimizer::Nesterov { beta } => {
                vec![(Hyper::Beta, beta)]
            }
            Optimizer::RmsProp { rho, epsilon } => {
                vec![(Hyper::Rho, rho), (Hyper::Epsilon, epsilon)]
            }
            Optimizer::Adam {
                beta1,
                beta2,
                epsilon,
            } => vec![
                (Hyper::Beta1, beta1),
                (Hyper::Beta2, beta2),
                (Hyper::Epsilon, epsilon),
            ],
        }
    }
}

/// What one argument must be.
struct Slot {
    hyper: Hyper,
    /// PyTorch's default, or `None` when the argument is required.
    default: Option<&'static str>,
    range: Range,
}

#[derive(Clone, Copy)]
enum Range {
    /// 0 ≤ x < 1 (a decay rate).
    Rate,
    /// x > 0.
    Positive,
}

const OPTIMIZERS: [&str; 5] = ["sgd", "momentum", "nesterov", "rmsprop", "adam"];

fn slots(name: &str) -> Option<Vec<Slot>> {
    let slot = |hyper, default, range| Slot {
        hyper,
        default,
        range,
    };
    Some(match name {
        "sgd" => Vec::new(),
        "momentum" | "nesterov" => vec![slot(Hyper::Beta, None, Range::Rate)],
        "rmsprop" => vec![
            slot(Hyper::Rho, Some("0.99"), Range::Rate),
            slot(Hyper::Epsilon, Some("1e-8"), Range::Positive),
        ],
        "adam" => vec![
            slot(Hyper::Beta1, Some("0.9"), Range::Rate),
            slot(Hyper::Beta2, Some("0.999"), Range::Rate),
            slot(Hyper::Epsilon, Some("1e-8"), Range::Positive),
        ],
        _ => return None,
    })
}

fn usage(name: &str, slots: &[Slot]) -> String {
    let arguments: Vec<String> = slots
        .iter()
        .map(|s| match s.default {
            Some(d) => format!("{} = {d}", s.hyper.name()),
            None => format!("{} = 0.9", s.hyper.name()),
        })
        .collect();
    if arguments.is_empty() {
        format!("`optimizer = {name}`")
    } else {
        format!("`optimizer = {name}({})`", arguments.join(", "))
    }
}

impl Checker {
    /// `optimizer = …`.
    pub(super) fn check_optimizer(&mut self, setting: &ast::Setting) -> Option<Optimizer> {
        let (name, arguments): (&Spanned<String>, &[ast::Argument]) = match &setting.value.node {
            SettingValue::Call { name, arguments } => (name, arguments),
            SettingValue::Word(word) => {
                return self.optimizer_of(&Spanned::new(word.clone(), setting.value.span), &[]);
            }
            _ => {
                self.error(
                    Diagnostic::error(
                        "`optimizer` expects the name of an update rule",
                        setting.value.span,
                        "not a name",
                    )
                    .with_help(format!("`optimizer` is one of {}", list_names(&OPTIMIZERS))),
                );
                return None;
            }
        };
        self.optimizer_of(name, arguments)
    }

    fn optimizer_of(
        &mut self,
        name: &Spanned<String>,
        arguments: &[ast::Argument],
    ) -> Option<Optimizer> {
        let Some(slots) = slots(&name.node) else {
            let help = if name.node.eq_ignore_ascii_case("adamw") {
                "AdamW is `optimizer = adam` with `decoupled_weight_decay = 0.01` (λ of your choice)"
                    .to_owned()
            } else {
                suggest(&name.node, &OPTIMIZERS).map_or_else(
                    || format!("`optimizer` is one of {}", list_names(&OPTIMIZERS)),
                    |n| format!("did you mean `{n}`?"),
                )
            };
            self.error(
                Diagnostic::error(
                    format!("unknown optimizer `{}`", name.node),
                    name.span,
                    "not known",
                )
                .with_help(help),
            );
            return None;
        };
        let word = name.node.as_str();
        let mut given: Vec<Option<(Literal, crate::source::Span)>> = vec![None; slots.len()];
        // Arguments written, even if refused (a refused one is not also missing).
        let mut written = vec![false; slots.len()];
        let mut ok = true;
        let mut positional = 0;
        for argument in arguments {
            let index = match &argument.name {
                None => {
                    positional += 1;
                    if positional > slots.len() {
                        self.error(
                            Diagnostic::error(
                                format!(
                                    "`{word}` takes {} argument{}",
                                    slots.len(),
                                    if slots.len() == 1 { "" } else { "s" }
                                ),
                                argument.value.span,
                                "one too many",
                            )
                            .with_help(format!("write {}", usage(word, &slots))),
                        );
                        ok = false;
                        continue;
                    }
                    positional - 1
                }
                Some(label) => {
                    let names: Vec<&str> = slots.iter().map(|s| s.hyper.name()).collect();
                    let Some(index) = names.iter().position(|n| *n == label.node) else {
                        let help = suggest(&label.node, &names).map_or_else(
                            || format!("write {}", usage(word, &slots)),
                            |n| format!("did you mean `{n}`?"),
                        );
                        self.error(
                            Diagnostic::error(
                                format!("`{word}` has no argument `{}`", label.node),
                                label.span,
                                "not an argument of this optimizer",
                            )
                            .with_help(help),
                        );
                        ok = false;
                        continue;
                    };
                    index
                }
            };
            let slot = &slots[index];
            if written[index]
                && let Some((_, first)) = &given[index]
            {
                self.error(
                    Diagnostic::error(
                        format!("`{}` is given twice", slot.hyper.name()),
                        argument.value.span,
                        "given again here",
                    )
                    .with_secondary(*first, "first given here")
                    .with_help("keep one of them"),
                );
                ok = false;
                continue;
            }
            written[index] = true;
            let Some(value) = self.scalar(&argument.value, slot.hyper.name()) else {
                ok = false;
                continue;
            };
            if !self.in_range(word, slot, &value, argument.value.span) {
                ok = false;
                continue;
            }
            given[index] = Some((value, argument.value.span));
        }
        let mut values = Vec::new();
        for ((slot, value), written) in slots.iter().zip(given).zip(written) {
            match (value, slot.default) {
                (Some((value, _)), _) => values.push(value),
                (None, _) if written => {}
                (None, Some(default)) => values
                    .push(super::literal::parse_literal(default).expect("a default is a number")),
                (None, None) => {
                    self.error(
                        Diagnostic::error(
                            format!("`{word}` needs its `{}`", slot.hyper.name()),
                            name.span,
                            "missing an argument",
                        )
                        .with_help(format!(
                            "write {} (PyTorch's default of 0 would make it plain SGD)",
                            usage(word, &slots)
                        )),
                    );
                    ok = false;
                }
            }
        }
        if !ok {
            return None;
        }
        let mut values = values.into_iter();
        let mut next = || values.next().expect("one value per slot");
        Some(match word {
            "sgd" => Optimizer::Sgd,
            "momentum" => Optimizer::Momentum { beta: next() },
            "nesterov" => Optimizer::Nesterov { beta: next() },
            "rmsprop" => Optimizer::RmsProp {
                rho: next(),
                epsilon: next(),
            },
            _ => Optimizer::Adam {
                beta1: next(),
                beta2: next(),
                epsilon: next(),
            },
        })
    }

    fn in_range(
        &mut self,
        word: &str,
        slot: &Slot,
        value: &Literal,
        span: crate::source::Span,
    ) -> bool {
        let v = &value.value;
        let (fits, words, reason) = match slot.range {
            Range::Rate => (
                !v.is_negative() && *v < num_rational::BigRational::one(),
                "from 0 up to but not including 1",
                "a decay rate keeps a fraction of the old state, so it lies in [0, 1); 0.9, 0.99 and 0.999 are usual",
            ),
            Range::Positive => (
                v.is_positive(),
                "above 0",
                "ε keeps the denominator away from zero: use a small positive number such as 1e-8",
            ),
        };
        if !fits {
            self.error(
                Diagnostic::error(
                    format!(
                        "the `{}` of `{word}` must lie {words}, not `{}`",
                        slot.hyper.name(),
                        value.text
                    ),
                    span,
                    "out of range",
                )
                .with_help(reason),
            );
        }
        fits
    }

    /// `weight_decay = λ` or `decoupled_weight_decay = λ`: a number ≥ 0.
    pub(super) fn check_decay(&mut self, setting: &ast::Setting) -> Option<Literal> {
        let value = self.scalar_setting(setting)?;
        if value.value.is_negative() {
            self.error(
                Diagnostic::error(
                    format!(
                        "`{}` must be 0 or more, not `{}`",
                        setting.key.node, value.text
                    ),
                    setting.value.span,
                    "negative",
                )
                .with_help("weight decay pulls weights toward zero: use a small λ such as 0.01"),
            );
            return None;
        }
        Some(value)
    }
}

/// A decay of 0 is no decay.
pub(super) fn nonzero(decay: Option<Literal>) -> Option<Literal> {
    decay.filter(|d| !d.value.is_zero())
}
