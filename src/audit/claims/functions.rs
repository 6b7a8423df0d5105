//! The functions a claim may apply, by name: the building blocks of the
//! expression tree, every activation and loss of the function table, and
//! the functions the network's file defines. A claim becomes an
//! expression of the symbolic core, evaluated by the numeric core like
//! every formula of a report.

use std::sync::Arc;

use crate::functions::{self, Argument, Block, Combine, Shape, Var};
use crate::model::{Definition, Network};
use crate::symbolic::rules::{Trace, differentiate_by, local_derivative};
use crate::symbolic::simplify::simplify;
use crate::symbolic::{Atom, Expr, Func, Node};

/// The functions known to a claims file.
#[derive(Debug, Clone, Default)]
pub struct Functions {
    definitions: Vec<Definition>,
    /// The names the network's notation profile writes (`net_h1`, `E_total`).
    pub profile: crate::audit::names::profile::ProfileNames,
}

/// Why a function cannot be applied as written: a message and a help line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallError {
    /// What is wrong.
    pub message: String,
    /// What to write instead.
    pub help: String,
}

fn error(message: String, help: impl Into<String>) -> CallError {
    CallError {
        message,
        help: help.into(),
    }
}

/// A name as claims write it: `σ` and `sigma` are `sigmoid`.
fn canonical(word: &str) -> &str {
    match word {
        "σ" | "sigma" => "sigmoid",
        other => other,
    }
}

impl Functions {
    /// The built-in functions and those `network` defines.
    pub fn of(network: &Network) -> Functions {
        Functions {
            definitions: network.definitions.clone(),
            profile: crate::audit::names::profile::ProfileNames::of(network),
        }
    }

    fn defined(&self, word: &str) -> Option<&Definition> {
        self.definitions.iter().find(|d| d.name() == word)
    }

    /// Whether `word` names a function.
    pub fn knows(&self, word: &str) -> bool {
        let word = canonical(word);
        functions::block(word).is_some()
            || functions::activation_card(word).is_some()
            || functions::loss_card(word).is_some()
            || self.defined(word).is_some()
    }

    /// Every function name, for suggestions.
    pub fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = functions::BLOCK_NAMES
            .iter()
            .map(|n| (*n).to_owned())
            .collect();
        for name in functions::activation_names()
            .into_iter()
            .chain(functions::loss_names())
        {
            if !names.iter().any(|n| n == name) {
                names.push(name.to_owned());
            }
        }
        names.extend(self.definitions.iter().map(|d| d.name().to_owned()));
        names
    }

    /// `word(arguments…)`, or its derivative `word'(x)` when `prime`.
    ///
    /// # Errors
    /// A wrong number of arguments, a derivative of a function of two
    /// numbers, softmax (a function of a whole layer), or a parameter out
    /// of range.
    pub fn apply(&self, word: &str, prime: bool, arguments: Vec<Expr>) -> Result<Expr, CallError> {
        let name = canonical(word);
        if let Some(block) = functions::block(name) {
            return apply_block(name, &block, prime, arguments);
        }
        if let Some(definition) = self.defined(name) {
            return match definition {
                Definition::Activation(f) => {
                    let x = one_argument(name, arguments)?;
                    let func = Func::Named(Arc::clone(f));
                    Ok(if prime {
                        local_derivative(&func, &x).0
                    } else {
                        Expr::apply(func, x)
                    })
                }
                Definition::Loss(l) => {
                    no_prime(name, prime)?;
                    let (y, y_hat) = two_arguments(name, arguments)?;
                    Ok(loss_term(&l.term, Combine::Sum, &y, &y_hat))
                }
            };
        }
        if let Some(card) = functions::activation_card(name) {
            let Shape::Elementwise(formula) = card.shape else {
                return Err(error(
                    format!("`{name}` is a function of a whole layer"),
                    "claim its outputs by name, as `yhat[1] = …`",
                ));
            };
            let mut arguments = arguments.into_iter();
            let x = arguments
                .next()
                .ok_or_else(|| arity(name, 1 + card.parameters.len()))?;
            let mut values: Vec<Argument> = Vec::new();
            for (parameter, argument) in card.parameters.iter().zip(arguments.by_ref()) {
                let value = argument.as_const().cloned().filter(|v| parameter.admits(v));
                let value = value.map(|value| Argument {
                    text: value.to_string(),
                    value,
                });
                values.push(value.ok_or_else(|| {
                    error(
                        format!(
                            "the {} of `{name}` must be a number {}",
                            parameter.name,
                            parameter.range_words()
                        ),
                        parameter.reason,
                    )
                })?);
            }
            if arguments.next().is_some() {
                return Err(arity(name, 1 + card.parameters.len()));
            }
            let formula = Expr::of_formula(&formula(&values));
            let formula = if prime {
                simplify(&differentiate_by(
                    &formula,
                    &Atom::Var(Var::Z),
                    &mut Trace::default(),
                ))
            } else {
                formula
            };
            return Ok(formula.bind(Var::Z, &x));
        }
        if let Some(card) = functions::loss_card(name) {
            no_prime(name, prime)?;
            let (y, y_hat) = two_arguments(name, arguments)?;
            return Ok(loss_term(&(card.term)(), card.combine, &y, &y_hat));
        }
        Err(error(
            format!("`{word}` is not a function longhand knows"),
            "",
        ))
    }
}

fn arity(name: &str, expected: usize) -> CallError {
    error(
        format!(
            "`{name}` takes {expected} {}",
            if expected == 1 {
                "argument"
            } else {
                "arguments"
            }
        ),
        match expected {
            1 => format!("write `{name}(x)`"),
            _ => format!("write `{name}(a, b)`"),
        },
    )
}

fn no_prime(name: &str, prime: bool) -> Result<(), CallError> {
    if prime {
        return Err(error(
            format!("`{name}` is a function of two numbers and has no single derivative"),
            "claim the derivative's value with the formula written out",
        ));
    }
    Ok(())
}

fn one_argument(name: &str, arguments: Vec<Expr>) -> Result<Expr, CallError> {
    let [x] = <[Expr; 1]>::try_from(arguments).map_err(|_| arity(name, 1))?;
    Ok(x)
}

fn two_arguments(name: &str, arguments: Vec<Expr>) -> Result<(Expr, Expr), CallError> {
    let [a, b] = <[Expr; 2]>::try_from(arguments).map_err(|_| arity(name, 2))?;
    Ok((a, b))
}

fn apply_block(
    name: &str,
    block: &Block,
    prime: bool,
    arguments: Vec<Expr>,
) -> Result<Expr, CallError> {
    match block {
        Block::Unary(func) => {
            let x = one_argument(name, arguments)?;
            Ok(if prime {
                local_derivative(func, &x).0
            } else {
                Expr::apply(func.clone(), x)
            })
        }
        Block::Max | Block::Min => {
            no_prime(name, prime)?;
            let (a, b) = two_arguments(name, arguments)?;
            Ok(if *block == Block::Max {
                Node::max(a, b)
            } else {
                Node::min(a, b)
            })
        }
    }
}

/// A loss's term for one output unit, as the loss of that one unit.
fn loss_term(term: &functions::Formula, combine: Combine, y: &Expr, y_hat: &Expr) -> Expr {
    let unit = Expr::instantiate(term, &|v| match v {
        Var::Y => y.clone(),
        Var::YHat => y_hat.clone(),
        Var::Z => Expr::var(Var::Z),
    });
    match combine {
        Combine::Sum | Combine::MeanOverUnits => unit,
        Combine::HalfSum => Node::Mul(vec![Expr::ratio(1, 2), unit]),
        Combine::NegatedSum => unit.negate(),
    }
}
