//! One line of the worked example: a quantity, its formula and rewrites,
//! the written arithmetic, its value, and facts the prose may mention.

use super::display::display;
use super::layout::Display;
use super::numbers::NumberStyle;
use crate::numeric::eval::{self, Lookup, NumericError, Pass, Rules, Shown, WrittenLine};
use crate::numeric::round::{self, Snap};
use crate::numeric::run::Env;
use crate::symbolic::latex::Notation;
use crate::symbolic::program::Definition;
use crate::symbolic::rules::computable_form;
use crate::symbolic::{Atom, Expr, Func, Node, Quantity, Relation, RuleName, Symbol};

/// A symbolic form of a line and the rule that produced it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    /// The formula.
    pub expr: Expr,
    /// How it follows from the form before (`None` for the first).
    pub rule: Option<RuleName>,
}

/// Something about a value worth saying in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    /// The value is zero because this factor is zero (an input of 0, a δ of 0, ...).
    ZeroBecause(Symbol),
    /// The parameter is frozen: its gradient is shown but it is not updated.
    Frozen,
    /// A product in the formula is 0 because a factor that depends only on
    /// targets and constants is 0 (`0 · ln ŷ₂`), so the other factors were
    /// not needed: the term is 0 whatever they are, even where they would
    /// be undefined (the limit of y ln ŷ as y → 0).
    Vanishes(eval::Vanishing),
    /// The value, reached through approximations, lay within their error
    /// bound of 0, of a value the precision shows exactly, or of a tie, so
    /// it was taken to be exactly there (see `numeric::round::snap`).
    Snapped(Snap),
    /// Which piece of a function in pieces applies here.
    Piece(Box<PieceNote>),
    /// A function's argument is exactly where it has no derivative (relu′
    /// and |u|′ at 0): the slope used there is the convention.
    Kink {
        /// The step (relu′, leaky_relu′) or sign (|u|′) whose argument is 0.
        func: Func,
        /// The argument.
        argument: Expr,
    },
}

/// The condition of a function in pieces at the values of one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PieceNote {
    /// The left side of the condition.
    pub left: Expr,
    /// The relation.
    pub relation: Relation,
    /// The right side.
    pub right: Expr,
    /// The left side's value.
    pub left_value: Shown,
    /// The right side's value.
    pub right_value: Shown,
    /// Whether the condition holds (the first piece applies).
    pub holds: bool,
}

impl PieceNote {
    /// Whether the two sides are equal: the point where the pieces meet.
    pub fn boundary(&self) -> bool {
        self.left_value
            .carried
            .compare(&self.right_value.carried)
            .is_eq()
    }
}

/// One displayed line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// The quantity defined on this line.
    pub target: Symbol,
    /// The formula, then each rewrite of it.
    pub forms: Vec<Form>,
    /// The formula with numbers, then each round of arithmetic (empty when
    /// the line is only shown symbolically).
    pub written: Vec<WrittenLine>,
    /// The value, when computed.
    pub value: Option<Shown>,
    /// Facts for the prose.
    pub notes: Vec<Note>,
    /// The rules of differentiation behind the formula.
    pub rules: Vec<RuleName>,
    /// The line as a displayed chain, with its line breaks.
    pub display: Display,
}

/// How a line is written: its notation and how its numbers print.
#[derive(Debug, Clone, Copy)]
pub struct Writing<'a> {
    /// The evaluation rules.
    pub rules: &'a Rules,
    /// How numbers print.
    pub style: &'a NumberStyle,
    /// How symbols are named.
    pub notation: &'a Notation,
}

/// Builds the line of `definition`, writing out its arithmetic from `env`.
///
/// # Errors
/// A numeric failure while writing (which the run would already have hit).
pub fn line(
    definition: &Definition,
    env: &Env,
    writing: Writing<'_>,
    pass: Pass,
) -> Result<Line, NumericError> {
    let rules = writing.rules;
    let mut forms = vec![Form {
        expr: definition.formula.clone(),
        rule: None,
    }];
    for rewrite in &definition.rewrites {
        forms.push(Form {
            expr: rewrite.expr.clone(),
            rule: Some(rewrite.rule),
        });
    }
    let computed = definition.computed();
    let computable = computable_form(computed);
    if &computable != computed {
        forms.push(Form {
            expr: computable.clone(),
            rule: Some(RuleName::ExpandDefinition),
        });
    }
    let (written, value) = if definition.evaluated {
        let written = eval::write(&computable, env, rules, definition.target, pass)?;
        (written, env.value(&definition.target).cloned())
    } else {
        (Vec::new(), None)
    };
    let mut notes = notes_for(definition, env, value.as_ref());
    // Said where the value is computed, not again where it is only copied.
    if !definition.is_copy()
        && let Some(snap) = snapped(&written, value.as_ref(), rules)
    {
        notes.push(Note::Snapped(snap));
    }
    if definition.evaluated {
        notes.extend(
            eval::vanishing_products(&computable, env, rules)
                .into_iter()
                .map(Note::Vanishes),
        );
    }
    if definition.evaluated {
        piece_notes(&computable, env, rules, definition.target, pass, &mut notes)?;
    }
    let mut line = Line {
        target: definition.target,
        forms,
        written,
        value,
        notes,
        rules: definition.rules.clone(),
        display: Display::default(),
    };
    line.display = display(&line, writing.style, writing.notation);
    Ok(line)
}

/// Whether the line's value, as computed before any rounding of the named
/// quantity (the last written number), was taken to be exactly on a
/// rounding boundary its approximation could not decide.
fn snapped(written: &[WrittenLine], value: Option<&Shown>, rules: &Rules) -> Option<Snap> {
    let computed = match written.last().map(|line| &line.expr) {
        Some(Node::Leaf(shown)) => &shown.carried,
        _ => &value?.carried,
    };
    round::snap(computed, rules.precision)
}

/// Zero gradients and zero errors are explained by the factor that is zero.
fn notes_for(definition: &Definition, env: &Env, value: Option<&Shown>) -> Vec<Note> {
    let mut notes = Vec::new();
    let is_zero = value.is_some_and(|v| v.carried.is_zero());
    let explains = matches!(
        definition.target.quantity,
        Quantity::WeightGradient { .. }
            | Quantity::BiasGradient { .. }
            | Quantity::Delta { .. }
            | Quantity::Backflow { .. }
    );
    if is_zero
        && explains
        && let Node::Mul(factors) = definition.computed()
    {
        for factor in factors {
            if let Node::Leaf(Atom::Sym(symbol)) = factor
                && env.get(symbol).is_some_and(|v| v.carried.is_zero())
            {
                notes.push(Note::ZeroBecause(*symbol));
                break;
            }
        }
    }
    if matches!(
        definition.target.quantity,
        Quantity::NewWeight { .. } | Quantity::NewBias { .. }
    ) && matches!(definition.formula, Node::Leaf(Atom::Sym(_)))
    {
        notes.push(Note::Frozen);
    }
    notes
}

/// Notes on the pieces a line's formula selects (each condition met on
/// the way, only inside the pieces that apply) and on arguments that sit
/// exactly at a kink of relu′, leaky_relu′ or |u|′.
fn piece_notes(
    e: &Expr,
    env: &Env,
    rules: &Rules,
    target: Symbol,
    pass: Pass,
    notes: &mut Vec<Note>,
) -> Result<(), NumericError> {
    let value = |side: &Expr| -> Result<Shown, NumericError> {
        let carried = eval::value(side, env, rules, target, pass)?;
        Ok(rules.settle_value(carried))
    };
    match e {
        Node::Leaf(_) => {}
        Node::Add(items) | Node::Mul(items) => {
            for item in items {
                piece_notes(item, env, rules, target, pass, notes)?;
            }
        }
        Node::Neg(inner) | Node::Pow(inner, _) => {
            piece_notes(inner, env, rules, target, pass, notes)?;
        }
        Node::Apply(func, argument) => {
            piece_notes(argument, env, rules, target, pass, notes)?;
            let kinked = matches!(func, Func::Step | Func::LeakyStep(_) | Func::Sign);
            if kinked && value(argument)?.carried.is_zero() {
                notes.push(Note::Kink {
                    func: func.clone(),
                    argument: argument.as_ref().clone(),
                });
            }
        }
        Node::If(p) => {
            piece_notes(&p.left, env, rules, target, pass, notes)?;
            piece_notes(&p.right, env, rules, target, pass, notes)?;
            let (left_value, right_value) = (value(&p.left)?, value(&p.right)?);
            let holds = p
                .relation
                .holds(left_value.carried.compare(&right_value.carried));
            notes.push(Note::Piece(Box::new(PieceNote {
                left: p.left.clone(),
                relation: p.relation,
                right: p.right.clone(),
                left_value,
                right_value,
                holds,
            })));
            let piece = if holds { &p.then } else { &p.otherwise };
            piece_notes(piece, env, rules, target, pass, notes)?;
        }
    }
    Ok(())
}
