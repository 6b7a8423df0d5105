//! Functions defined in the file: `activation swish(z) = z * sigmoid(z)`,
//! `loss logcosh(y, yhat) = ln(cosh(yhat - y))`. Each definition's name,
//! variables and formula are checked, and the formula becomes the same
//! expression tree the built-in functions' cards hold, so a defined
//! function behaves exactly like a built-in one afterwards.
//!
//! Every problem is a located error: an unknown name (with "did you
//! mean"), a wrong number of arguments, a variable the function does not
//! have, a function that uses itself or one defined after it, a name that
//! shadows a built-in function or a quantity, a formula too large, and a
//! loss that does not use `yhat`.

use std::sync::Arc;

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{Signed, ToPrimitive, Zero};

use super::limits::{MAX_FORMULA_NODES, MAX_POWER, MAX_ROOT};
use super::network::{DefinedLoss, Definition};
use super::{Checker, list_names, suggest};
use crate::diagnostic::Diagnostic;
use crate::functions::{self, Block, Formula, Func, NamedFunction, Node, Relation, Var, term};
use crate::parse::ast::{self, AddOp, Comparison, DefinitionKind, MulOp};
use crate::source::{Span, Spanned};

/// A checked definition with what later definitions need to know of it.
pub(super) struct Checked {
    pub(super) definition: Definition,
    /// Nodes of its formula with every function it uses written out.
    pub(super) size: usize,
    /// Where its name is written.
    pub(super) name_span: Span,
}

/// What a formula may refer to while it is checked.
struct Scope<'a> {
    definition: &'a ast::Definition,
    /// The definitions written before this one (checked).
    earlier: &'a [Checked],
    /// Every definition of the file (to tell "defined later" from "unknown").
    all: &'a [&'a ast::Definition],
}

impl Scope<'_> {
    fn variables(&self) -> &'static [Var] {
        match self.definition.kind {
            DefinitionKind::Activation => &[Var::Z],
            DefinitionKind::Loss => &[Var::Y, Var::YHat],
        }
    }

    fn name(&self) -> &str {
        &self.definition.name.node
    }

    /// Every name a formula of this definition may use, for suggestions.
    fn known(&self) -> Vec<&str> {
        let mut known: Vec<&str> = self.variables().iter().map(|v| v.name()).collect();
        known.extend(functions::BLOCK_NAMES);
        known.extend(self.earlier.iter().filter_map(|c| match &c.definition {
            Definition::Activation(f) => Some(f.name.as_str()),
            Definition::Loss(_) => None,
        }));
        known
    }
}

impl Checker {
    /// Checks every definition in the order written.
    pub(super) fn check_definitions(&mut self, definitions: &[&ast::Definition]) -> Vec<Checked> {
        let mut checked: Vec<Checked> = Vec::new();
        for definition in definitions {
            let scope = Scope {
                definition,
                earlier: &checked,
                all: definitions,
            };
            match self.check_definition(&scope) {
                Some(done) => checked.push(done),
                None => self.broken.push(definition.name.node.clone()),
            }
        }
        checked
    }

    fn check_definition(&mut self, scope: &Scope<'_>) -> Option<Checked> {
        let definition = scope.definition;
        let name_ok = self.check_definition_name(scope);
        let variables_ok = self.check_variables(definition);
        if !variables_ok {
            return None;
        }
        let body = self.formula(&definition.body, scope);
        let (body, true) = (body?, name_ok) else {
            return None;
        };
        let size = expanded_size(&body, scope.earlier);
        if size > MAX_FORMULA_NODES {
            self.error(
                Diagnostic::error(
                    format!(
                        "the formula of `{}` has {size} parts when the functions it uses are written out; longhand works with at most {MAX_FORMULA_NODES}",
                        scope.name()
                    ),
                    definition.body.span,
                    "too large",
                )
                .with_help("a worked example is read by a person: use a shorter formula"),
            );
            return None;
        }
        let definition = match definition.kind {
            DefinitionKind::Activation => Definition::Activation(Arc::new(NamedFunction {
                name: scope.name().to_owned(),
                body,
            })),
            DefinitionKind::Loss => {
                if !term::mentions(&body, Var::YHat) {
                    self.error(
                        Diagnostic::error(
                            format!("the loss `{}` does not use the prediction `yhat`", scope.name()),
                            definition.body.span,
                            "no `yhat` here",
                        )
                        .with_help("a loss compares the prediction `yhat` with the target `y`, so training has something to follow"),
                    );
                    return None;
                }
                Definition::Loss(Arc::new(DefinedLoss {
                    name: scope.name().to_owned(),
                    term: body,
                }))
            }
        };
        Some(Checked {
            definition,
            size,
            name_span: scope.definition.name.span,
        })
    }

    /// The name must not be taken by a built-in, a quantity or an earlier definition.
    fn check_definition_name(&mut self, scope: &Scope<'_>) -> bool {
        let name = &scope.definition.name;
        let what = if functions::BLOCK_NAMES.contains(&name.node.as_str())
            || functions::activation_card(&name.node).is_some()
            || functions::loss_card(&name.node).is_some()
        {
            Some("a built-in function")
        } else if functions::QUANTITY_NAMES.contains(&name.node.as_str()) {
            Some("a quantity of the worked example")
        } else if functions::KEYWORDS.contains(&name.node.as_str()) {
            Some("a word of the language")
        } else {
            None
        };
        if let Some(what) = what {
            self.error(
                Diagnostic::error(
                    format!("`{}` is the name of {what}", name.node),
                    name.span,
                    "name already taken",
                )
                .with_help(format!(
                    "give your function its own name, such as `my_{}`",
                    name.node
                )),
            );
            return false;
        }
        if let Some(first) = scope
            .earlier
            .iter()
            .find(|c| c.definition.name() == name.node)
        {
            self.error(
                Diagnostic::error(
                    format!("`{}` is defined twice", name.node),
                    name.span,
                    "defined again here",
                )
                .with_secondary(first.name_span, "first defined here")
                .with_help("keep one definition, or give the other its own name"),
            );
            return false;
        }
        true
    }

    /// An activation's variable is `z`; a loss's are `y, yhat`.
    fn check_variables(&mut self, definition: &ast::Definition) -> bool {
        let written: Vec<&str> = definition
            .parameters
            .iter()
            .map(|p| p.node.as_str())
            .collect();
        let (expected, help): (&[&str], String) = match definition.kind {
            DefinitionKind::Activation => (
                &["z"],
                format!(
                    "an activation is a function of a unit's weighted input `z`: write `activation {}(z) = …`",
                    definition.name.node
                ),
            ),
            DefinitionKind::Loss => (
                &["y", "yhat"],
                format!(
                    "a loss compares the target `y` with the prediction `yhat` of one output unit: write `loss {}(y, yhat) = …`",
                    definition.name.node
                ),
            ),
        };
        if written == expected {
            return true;
        }
        let kind = match definition.kind {
            DefinitionKind::Activation => "an activation",
            DefinitionKind::Loss => "a loss",
        };
        self.error(
            Diagnostic::error(
                format!(
                    "`{}` is {kind}, so its variables are {}, not {}",
                    definition.name.node,
                    list_names(expected).replace(" or ", " and "),
                    list_names(&written).replace(" or ", " and ")
                ),
                definition.parameters_span,
                "these variables",
            )
            .with_help(help),
        );
        false
    }

    /// A formula as an expression tree, or `None` after reporting its problems.
    fn formula(&mut self, formula: &Spanned<ast::Formula>, scope: &Scope<'_>) -> Option<Formula> {
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
        let diagnostic = if is_function {
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
        ast::Formula::Number(number) => super::literal::parse_literal(&number.text)
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

/// Nodes of a formula with every defined function it applies written out.
fn expanded_size(formula: &Formula, earlier: &[Checked]) -> usize {
    let size_of = |name: &str| {
        earlier
            .iter()
            .find(|c| c.definition.name() == name)
            .map_or(1, |c| c.size)
    };
    match formula {
        Node::Leaf(_) => 1,
        Node::Add(items) | Node::Mul(items) => {
            1 + items
                .iter()
                .map(|i| expanded_size(i, earlier))
                .sum::<usize>()
        }
        Node::Neg(inner) | Node::Pow(inner, _) => 1 + expanded_size(inner, earlier),
        Node::Apply(Func::Named(f), inner) => {
            size_of(&f.name).max(f.body.size()) + expanded_size(inner, earlier)
        }
        Node::Apply(_, inner) => 1 + expanded_size(inner, earlier),
        Node::If(p) => {
            1 + expanded_size(&p.left, earlier)
                + expanded_size(&p.right, earlier)
                + expanded_size(&p.then, earlier)
                + expanded_size(&p.otherwise, earlier)
        }
    }
}
