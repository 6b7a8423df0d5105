//! How the worked example writes each step (`notation = scalar | vector |
//! both`) and which remarks it makes (`remarks = all | none | [list]`).

use super::network::Network;

/// Which forms of each step the worked example writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Forms {
    /// Unit by unit only (`notation = scalar`).
    Scalar,
    /// Whole layers as vectors and matrices (`notation = vector`); steps
    /// with no vector form (the loss, a single output's slopes) stay scalar.
    Vector,
    /// The vector line first, then the unit-by-unit lines (`notation = both`).
    Both,
}

/// The widest layer (input included) for which `both` is the default.
pub const BOTH_UP_TO_UNITS: usize = 4;

impl Forms {
    /// Every choice with its name in the language.
    pub const ALL: [(Forms, &'static str); 3] = [
        (Forms::Scalar, "scalar"),
        (Forms::Vector, "vector"),
        (Forms::Both, "both"),
    ];

    /// The name used in `.net` files (`both`).
    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(forms, _)| *forms == self)
            .map_or("both", |(_, name)| name)
    }

    /// The default for a network: `both` when its widest layer (the input
    /// counted as a layer) has at most [`BOTH_UP_TO_UNITS`] units, otherwise
    /// `scalar` (a 10-unit layer's matrices no longer fit a page). A
    /// notation that names units by letter (`net_{h1}`, no layer index, as
    /// Mazur writes) has no layer matrices to show: `scalar` too.
    pub fn default_for(network: &Network) -> Forms {
        if network.symbols.layer_index == super::symbols::LayerIndex::None {
            return Forms::Scalar;
        }
        let widest = network
            .layers
            .iter()
            .map(super::Layer::units)
            .chain(std::iter::once(network.input_size()))
            .max()
            .unwrap_or(0);
        if widest <= BOTH_UP_TO_UNITS {
            Forms::Both
        } else {
            Forms::Scalar
        }
    }

    /// Whether vector lines are written.
    pub fn vector(self) -> bool {
        matches!(self, Forms::Vector | Forms::Both)
    }

    /// Whether unit-by-unit lines are written where a vector line is.
    pub fn scalar(self) -> bool {
        matches!(self, Forms::Scalar | Forms::Both)
    }
}

/// A kind of remark the worked example makes (`remarks = [NAME, …]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Remark {
    /// Each prediction's distance to its target, after the loss.
    Distance,
    /// Whether each prediction lies in its output activation's range.
    Range,
    /// What the sign of each output error asks for.
    Signs,
    /// How much smaller a hidden layer's errors are, and why.
    Shrink,
    /// Which parameters the update raised, lowered or left, and why.
    Moves,
    /// How many more identical steps bring the predictions within 0.01.
    MoreSteps,
    /// Over several updates, when the loss stopped improving, or that it stalled.
    Plateau,
}

impl Remark {
    /// Every remark with its name in the language, in the order a report makes them.
    pub const ALL: [(Remark, &'static str); 7] = [
        (Remark::Distance, "distance"),
        (Remark::Range, "range"),
        (Remark::Signs, "signs"),
        (Remark::Shrink, "shrink"),
        (Remark::Moves, "moves"),
        (Remark::MoreSteps, "more_steps"),
        (Remark::Plateau, "plateau"),
    ];

    /// The name used in `.net` files (`more_steps`).
    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(remark, _)| *remark == self)
            .map_or("", |(_, name)| name)
    }

    /// The remark called `name`.
    pub fn named(name: &str) -> Option<Remark> {
        Self::ALL
            .iter()
            .find(|(_, n)| *n == name)
            .map(|(remark, _)| *remark)
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// Which remarks are made: `remarks = all` (the default), `none`, one
/// remark's name, or a list of names (`[distance, moves]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Remarks {
    bits: u8,
}

impl Remarks {
    /// Every remark (the default).
    pub const ALL: Remarks = Remarks {
        bits: (1 << Remark::ALL.len()) - 1,
    };
    /// No remark.
    pub const NONE: Remarks = Remarks { bits: 0 };

    /// Exactly the remarks listed.
    pub fn of(list: &[Remark]) -> Remarks {
        Remarks {
            bits: list.iter().fold(0, |bits, r| bits | r.bit()),
        }
    }

    /// Whether a remark is made.
    pub fn has(self, remark: Remark) -> bool {
        self.bits & remark.bit() != 0
    }

    /// The names of the remarks made, in the order of [`Remark::ALL`].
    pub fn names(self) -> Vec<&'static str> {
        Remark::ALL
            .iter()
            .filter(|(r, _)| self.has(*r))
            .map(|(_, n)| *n)
            .collect()
    }
}

impl super::Checker {
    /// `remarks = all | none | NAME | [NAME, …]`: an unknown or repeated
    /// name is an error at its place, with the valid names.
    pub(super) fn check_remarks(
        &mut self,
        setting: &crate::parse::ast::Setting,
    ) -> Option<Remarks> {
        use crate::diagnostic::Diagnostic;
        use crate::parse::ast::{SettingValue, Value};
        use crate::text::{names_or, suggest};

        let names: Vec<&str> = Remark::ALL.iter().map(|(_, n)| *n).collect();
        let mut all_names = vec!["all", "none"];
        all_names.extend(&names);
        let help = || {
            format!(
                "`remarks` is `all`, `none`, or a list of names such as `[distance, moves]`; the names are {}",
                names_or(&names)
            )
        };
        let words: Vec<crate::source::Spanned<String>> = match &setting.value.node {
            SettingValue::Word(word) if word == "all" => return Some(Remarks::ALL),
            SettingValue::Word(word) if word == "none" => return Some(Remarks::NONE),
            SettingValue::Word(word) => vec![crate::source::Spanned::new(
                word.clone(),
                setting.value.span,
            )],
            SettingValue::Words(words) => words.clone(),
            SettingValue::Value(Value::List(items)) if items.is_empty() => {
                return Some(Remarks::NONE);
            }
            _ => {
                self.error(
                    Diagnostic::error(
                        "`remarks` expects a word or a list of names",
                        setting.value.span,
                        "expected `all`, `none` or `[NAME, …]` here",
                    )
                    .with_help(help()),
                );
                return None;
            }
        };
        let single = matches!(setting.value.node, SettingValue::Word(_));
        let mut chosen: Vec<Remark> = Vec::new();
        let mut ok = true;
        for word in &words {
            match Remark::named(&word.node) {
                Some(remark) if chosen.contains(&remark) => {
                    self.error(
                        Diagnostic::error(
                            format!("the remark `{}` is listed twice", word.node),
                            word.span,
                            "listed again here",
                        )
                        .with_help("name each remark once"),
                    );
                    ok = false;
                }
                Some(remark) => chosen.push(remark),
                None if !single && (word.node == "all" || word.node == "none") => {
                    self.error(
                        Diagnostic::error(
                            format!("`{}` cannot be part of a list", word.node),
                            word.span,
                            "not a remark's name",
                        )
                        .with_help(format!(
                            "write `remarks = {}` on its own, or list remarks by name: {}",
                            word.node,
                            names_or(&names)
                        )),
                    );
                    ok = false;
                }
                None => {
                    let candidates = if single { &all_names } else { &names };
                    let help = suggest(&word.node, candidates)
                        .map_or_else(help, |name| format!("did you mean `{name}`?"));
                    self.error(
                        Diagnostic::error(
                            format!("unknown remark `{}`", word.node),
                            word.span,
                            "not known",
                        )
                        .with_help(help),
                    );
                    ok = false;
                }
            }
        }
        ok.then(|| Remarks::of(&chosen))
    }
}

/// `appendix = numpy | none`: what follows the worked example.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Appendix {
    /// Nothing (the default).
    #[default]
    None,
    /// A NumPy program that computes the same numbers in float64.
    Numpy,
}

impl Appendix {
    /// The choices of `appendix = …`, as written.
    pub const ALL: [(Appendix, &'static str); 2] =
        [(Appendix::None, "none"), (Appendix::Numpy, "numpy")];
}
