//! A definition's formula as the expression tree: numbers, its variables,
//! the operators, calls of building blocks and of activations defined
//! above it, exponents and pieces — each problem a located error.

use std::sync::Arc;

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{Signed, ToPrimitive, Zero};

use super::Scope;
use crate::diagnostic::Diagnostic;
use crate::functions::{self, Block, Formula, Func, Node, Relation, term};
use crate::model::Checker;
use crate::model::limits::{MAX_POWER, MAX_ROOT};
use crate::model::network::Definition;
use crate::parse::ast::{self, AddOp, Comparison, MulOp};
use crate::source::{Span, Spanned};
use crate::text::{names_or as list_names, suggest};

impl Checker {
    /// A formula as an expression tree, or `None` after reporting its problems.
    pub(super) fn formula(
        &mut self,
        formula: &Spanned<ast::Formula>,
        scope: &Scope<'_>,
    ) -> Option<Formula> {
        let span = formula.span;
        match &formula.node {
            ast::Formula::Number(number) => {
                let literal = self.literal(&number.text, span)?;
                Some(term::literal(literal.value, &literal.text))
            }
            ast::Formula::Name(name) => self.variable(name, span, scope),
            ast::Formula::Call { name, arguments } => self.call(name, arguments, scope),
            ast::Formula::Neg(inner) => Some(self.formula(inner, scope)?.negate()),
            ast::Formula::Sum { first, rest } => {
                let first = self.formula(first, scope);
                let mut terms = vec![first];
                for (op, term) in rest {
                    let term = self.formula(term, scope);
                    terms.push(match op {
                        AddOp::Add => term,
                        AddOp::Sub => term.map(Node::negate),
                    });
                }
                Some(Node::Add(terms.into_iter().collect::<Option<_>>()?))
            }
            ast::Formula::Product { first, rest } => {
                let first = self.formula(first, scope);
                let mut factors = vec![first];
                for (op, factor) in rest {
                    let factor = self.formula(factor, scope);
                    factors.push(match op {
                        MulOp::Mul => factor,
                        MulOp::Div => factor.map(|f| f.pow(-1)),
                    });
                }
                Some(Node::Mul(factors.into_iter().collect::<Option<_>>()?))
            }
            ast::Formula::Power { base, exponent } => {
                let base = self.formula(base, scope);
                let exponent = self.exponent(exponent);
                Some(power(base?, exponent?))
            }
            ast::Formula::If {
                left,
                relation,
                right,
                then,
                otherwise,
            } => {
                let parts = [
                    self.formula(left, scope),
                    self.formula(right, scope),
                    self.formula(then, scope),
                    self.formula(otherwise, scope),
                ];
                let [Some(left), Some(right), Some(then), Some(otherwise)] = parts else {
                    return None;
                };
                let relation = match relation.node {
                    Comparison::Less => Relation::Less,
                    Comparison::LessEqual => Relation::LessEqual,
                    Comparison::Greater => Relation::Greater,
                    Comparison::GreaterEqual => Relation::GreaterEqual,
                };
                Some(Node::piecewise(left, relation, right, then, otherwise))
            }
        }
    }

    /// A name standing alone: one of the function's variables.
    fn variable(&mut self, name: &str, span: Span, scope: &Scope<'_>) -> Option<Formula> {
        if let Some(v) = scope.variables().iter().find(|v| v.name() == name) {
            return Some(term::var(*v));
        }
        let variables = list_names(
            &scope
                .variables()
                .iter()
                .map(|v| v.name())
                .collect::<Vec<_>>(),
        )
        .replace(" or ", " and ");
        let is_function = functions::block(name).is_some()
            || scope.earlier.iter().any(|c| c.definition.name() == name);
        let diagnostic = if functions::KEYWORDS.contains(&name) {
            // `activation f(z) = z +` at the end of a line: the next
            // statement's keyword was read as part of the formula.
            Diagnostic::error(
                format!(
                    "the formula of `{}` runs into the next statement, `{name}`",
                    scope.name()
                ),
                span,
                "a statement, not part of the formula",
            )
            .with_help(format!(
                "write the whole formula of `{}` after its `=`, before the next statement",
                scope.name()
            ))
        } else if is_function {
            Diagnostic::error(
                format!("`{name}` is a function, but it is not applied to anything here"),
                span,
                "a function without its argument",
            )
            .with_help(format!(
                "write `{name}(z)`, with the argument in parentheses"
            ))
        } else if ["z", "y", "yhat"].contains(&name) {
            Diagnostic::error(
                format!("`{}` has no variable `{name}`", scope.name()),
                span,
                "not a variable of this function",
            )
            .with_help(format!(
                "the formula of `{}` may use {variables}",
                scope.name()
            ))
        } else {
            let help = suggest(name, &scope.known()).map_or_else(
                || {
                    format!(
                        "the formula of `{}` may use {variables} and the functions {}",
                        scope.name(),
                        list_names(&functions::BLOCK_NAMES)
                    )
                },
                |known| format!("did you mean `{known}`?"),
            );
            Diagnostic::error(
                format!("unknown name `{name}` in the formula of `{}`", scope.name()),
                span,
                "not known",
            )
            .with_help(help)
        };
        self.error(diagnostic);
        None
    }

    /// `name(arguments…)`: a building block or an activation defined earlier.
    fn call(
        &mut self,
        name: &Spanned<String>,
        arguments: &[Spanned<ast::Formula>],
        scope: &Scope<'_>,
    ) -> Option<Formula> {
        let converted: Vec<Option<Formula>> =
            arguments.iter().map(|a| self.formula(a, scope)).collect();
        let callee = self.callee(name, scope)?;
        let expected = callee.arity();
        if arguments.len() != expected {
            let span = arguments.iter().fold(name.span, |s, a| s.to(a.span));
            self.error(
                Diagnostic::error(
                    format!(
                        "`{}` takes {expected} {}, but {} {} given here",
                        name.node,
                        if expected == 1 {
                            "argument"
                        } else {
                            "arguments"
                        },
                        arguments.len(),
                        if arguments.len() == 1 { "is" } else { "are" }
                    ),
                    span,
                    "wrong number of arguments",
                )
                .with_help(match expected {
                    1 => format!("write `{}(z)`", name.node),
                    _ => format!("write `{}(a, b)`", name.node),
                }),
            );
            return None;
        }
        let mut values = converted
            .into_iter()
            .collect::<Option<Vec<Formula>>>()?
            .into_iter();
        let first = values.next()?;
        Some(match callee {
            Block::Unary(func) => Node::apply(func, first),
            Block::Max => Node::max(first, values.next()?),
            Block::Min => Node::min(first, values.next()?),
        })
    }

    /// What `name` calls, or `None` after reporting why it cannot be called.
    fn callee(&mut self, name: &Spanned<String>, scope: &Scope<'_>) -> Option<Block> {
        let word = name.node.as_str();
        if let Some(block) = functions::block(word) {
            return Some(block);
        }
        if let Some(checked) = scope.earlier.iter().find(|c| c.definition.name() == word) {
            return match &checked.definition {
                Definition::Activation(f) => Some(Block::Unary(Func::Named(Arc::clone(f)))),
                Definition::Loss(_) => {
                    self.error(
                        Diagnostic::error(
                            format!("`{word}` is a loss, and a loss cannot be used inside a formula"),
                            name.span,
                            "a loss",
                        )
                        .with_help("a formula may use activations defined above it and the built-in functions"),
                    );
                    None
                }
            };
        }
        if self.broken.iter().any(|b| b == word) {
            // Its own problems are reported already.
            return None;
        }
        let diagnostic = if word == scope.name() {
            Diagnostic::error(
                format!("`{word}` uses itself"),
                name.span,
                "a function cannot be defined by itself",
            )
            .with_help("write the formula out with the built-in functions")
        } else if let Some(later) = scope.all.iter().find(|d| d.name.node == word) {
            Diagnostic::error(
                format!("`{word}` is used before it is defined"),
                name.span,
                "used here",
            )
            .with_secondary(later.name.span, "defined here, further down")
            .with_help(format!(
                "move the definition of `{word}` above the definition of `{}`",
                scope.name()
            ))
        } else if functions::activation_card(word).is_some() || functions::loss_card(word).is_some()
        {
            Diagnostic::error(
                format!("`{word}` cannot be used inside a formula"),
                name.span,
                "not a function of one number",
            )
            .with_help(format!(
                "a formula may use {} and activations defined above it",
                list_names(&functions::BLOCK_NAMES)
            ))
        } else {
            let help = suggest(word, &scope.known()).map_or_else(
                || {
                    format!(
                        "a formula may use {} and activations defined above it",
                        list_names(&functions::BLOCK_NAMES)
                    )
                },
                |known| format!("did you mean `{known}`?"),
            );
            Diagnostic::error(format!("unknown function `{word}`"), name.span, "not known")
                .with_help(help)
        };
        self.error(diagnostic);
        None
    }

    /// The value of an exponent: a rational number `p/q`.
    fn exponent(&mut self, exponent: &Spanned<ast::Formula>) -> Option<BigRational> {
        let fail = |checker: &mut Checker, message: String| {
            checker.error(
                Diagnostic::error(message, exponent.span, "this exponent")
                    .with_help(format!(
                        "write a whole number up to {MAX_POWER} or a fraction with a denominator up to {MAX_ROOT}, such as `z^2`, `z^-1` or `z^(1/2)`; for e^x write `exp(x)`"
                    )),
            );
            None
        };
        let Some(value) = constant_value(&exponent.node) else {
            return fail(self, "an exponent must be a number".to_owned());
        };
        let small = value.numer().abs() <= BigInt::from(MAX_POWER)
            && *value.denom() <= BigInt::from(MAX_ROOT);
        if !small {
            return fail(
                self,
                format!("the exponent `{value}` is beyond what longhand computes"),
            );
        }
        Some(value)
    }
}

/// `base^(p/q)` as an integer power of a root.
fn power(base: Formula, exponent: BigRational) -> Formula {
    let p = exponent.numer().to_i32().unwrap_or(1);
    let q = exponent.denom().to_u32().unwrap_or(1);
    let root = if q == 1 {
        base
    } else {
        Node::apply(Func::Root(q), base)
    };
    if p == 1 { root } else { root.pow(p) }
}

/// The exact value of a formula of numbers (an exponent), if it is one.
fn constant_value(formula: &ast::Formula) -> Option<BigRational> {
    match formula {
        ast::Formula::Number(number) => crate::model::literal::parse_literal(&number.text)
            .ok()
            .map(|l| l.value),
        ast::Formula::Neg(inner) => Some(-constant_value(&inner.node)?),
        ast::Formula::Sum { first, rest } => {
            let mut total = constant_value(&first.node)?;
            for (op, term) in rest {
                let value = constant_value(&term.node)?;
                match op {
                    AddOp::Add => total += value,
                    AddOp::Sub => total -= value,
                }
            }
            Some(total)
        }
        ast::Formula::Product { first, rest } => {
            let mut total = constant_value(&first.node)?;
            for (op, factor) in rest {
                let value = constant_value(&factor.node)?;
                match op {
                    MulOp::Mul => total *= value,
                    MulOp::Div if value.is_zero() => return None,
                    MulOp::Div => total /= value,
                }
            }
            Some(total)
        }
        ast::Formula::Name(_)
        | ast::Formula::Call { .. }
        | ast::Formula::Power { .. }
        | ast::Formula::If { .. } => None,
    }
}
