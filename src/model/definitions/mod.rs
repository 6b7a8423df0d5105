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

mod formula;

use std::sync::Arc;

use super::Checker;
use super::limits::MAX_FORMULA_NODES;
use super::network::{DefinedLoss, Definition};
use crate::diagnostic::Diagnostic;
use crate::functions::{self, Formula, Func, NamedFunction, Node, Var, term};
use crate::parse::ast::{self, DefinitionKind};
use crate::source::Span;
use crate::text::names_or as list_names;

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
