//! Definitions of functions and their formulas: pest pairs → syntax tree.
//!
//! Sums and products become flat lists and a run of minus signs one
//! negation, so even a formula of thousands of terms is a shallow tree
//! (nesting of parentheses and `if` is limited before parsing).

use pest::iterators::Pair;

use super::ast::{AddOp, Comparison, Definition, DefinitionKind, Formula, MulOp, NumberLiteral};
use super::grammar::Rule;
use super::{span_of, spanned_text};
use crate::source::{Span, Spanned};

/// `activation NAME(z) = …` or `loss NAME(y, yhat) = …`.
pub(super) fn parse_definition(pair: Pair<'_, Rule>) -> Definition {
    let span = span_of(&pair);
    let mut kind = DefinitionKind::Activation;
    let mut keyword = span;
    let mut name = None;
    let mut parameters = Vec::new();
    let mut parameters_span: Option<Span> = None;
    let mut body = None;
    for child in pair.into_inner() {
        match child.as_rule() {
            Rule::kw_activation => keyword = span_of(&child),
            Rule::kw_loss => {
                kind = DefinitionKind::Loss;
                keyword = span_of(&child);
            }
            Rule::ident => name = Some(spanned_text(&child)),
            Rule::open_paren | Rule::close_paren => {
                let at = span_of(&child);
                parameters_span = Some(parameters_span.map_or(at, |s| s.to(at)));
            }
            Rule::parameters => {
                parameters = child
                    .into_inner()
                    .filter(|p| p.as_rule() == Rule::ident)
                    .map(|p| spanned_text(&p))
                    .collect();
            }
            Rule::formula => body = Some(parse_formula(child)),
            Rule::eq => {}
            rule => unreachable!("{rule:?} inside definition in parse_definition"),
        }
    }
    Definition {
        kind,
        keyword,
        name: name.expect("definition has a name"),
        parameters,
        parameters_span: parameters_span.unwrap_or(span),
        body: body.expect("definition has a formula"),
        span,
    }
}

fn boxed(pair: Pair<'_, Rule>) -> Box<Spanned<Formula>> {
    Box::new(parse_formula(pair))
}

/// A formula rule's span without the spaces and comments pest lets it
/// take after its last token: it ends where its last token (a pair
/// without children) ends.
fn formula_span(pair: &Pair<'_, Rule>) -> Span {
    let span = span_of(pair);
    let end = pair
        .clone()
        .into_inner()
        .flatten()
        .filter(|p| p.clone().into_inner().next().is_none())
        .map(|p| p.as_span().end())
        .max()
        .unwrap_or(span.end);
    Span::new(span.start, end)
}

/// Any formula rule (`formula`, `sum`, `product`, `signed`, `power`, `primary`, …).
fn parse_formula(pair: Pair<'_, Rule>) -> Spanned<Formula> {
    let span = formula_span(&pair);
    match pair.as_rule() {
        Rule::formula | Rule::primary | Rule::power_exponent if single_child(&pair) => {
            let inner = meaningful_child(pair);
            let mut parsed = parse_formula(inner);
            // Parentheses belong to the span of what they enclose.
            parsed.span = parsed.span.to(span);
            parsed
        }
        Rule::power_exponent => {
            // `-2` or `-(1/2)`: the sign and its operand.
            let mut children = pair.into_inner().filter(|p| !is_paren(p));
            let _minus = children.next();
            let operand = children.next().expect("power_exponent has an operand");
            Spanned::new(Formula::Neg(boxed(operand)), span)
        }
        Rule::conditional => parse_conditional(pair, span),
        Rule::sum => parse_sum(pair, span),
        Rule::product => parse_product(pair, span),
        Rule::signed => parse_signed(pair, span),
        Rule::power => parse_power(pair, span),
        Rule::application => parse_application(pair, span),
        Rule::variable => Spanned::new(Formula::Name(pair.as_str().to_owned()), span),
        Rule::formula_number => Spanned::new(
            Formula::Number(NumberLiteral {
                text: pair.as_str().to_owned(),
            }),
            span,
        ),
        rule => unreachable!("{rule:?} as a formula in parse_formula"),
    }
}

fn is_paren(pair: &Pair<'_, Rule>) -> bool {
    matches!(pair.as_rule(), Rule::open_paren | Rule::close_paren)
}

/// Whether the rule holds one meaningful child (parentheses aside).
fn single_child(pair: &Pair<'_, Rule>) -> bool {
    pair.clone().into_inner().filter(|p| !is_paren(p)).count() == 1
}

fn meaningful_child(pair: Pair<'_, Rule>) -> Pair<'_, Rule> {
    pair.into_inner()
        .find(|p| !is_paren(p))
        .expect("a formula rule has a child")
}

fn parse_conditional(pair: Pair<'_, Rule>, span: Span) -> Spanned<Formula> {
    let mut parts = pair
        .into_inner()
        .filter(|p| !matches!(p.as_rule(), Rule::kw_if | Rule::kw_then | Rule::kw_else));
    let condition = parts.next().expect("conditional has a condition");
    let then = boxed(parts.next().expect("conditional has a `then` formula"));
    let otherwise = boxed(parts.next().expect("conditional has an `else` formula"));
    let mut sides = condition.into_inner();
    let left = boxed(sides.next().expect("condition has a left side"));
    let relation = sides.next().expect("condition has a relation");
    let right = boxed(sides.next().expect("condition has a right side"));
    let comparison = match relation.as_str() {
        "<" => Comparison::Less,
        "<=" | "\u{2264}" => Comparison::LessEqual,
        ">" => Comparison::Greater,
        ">=" | "\u{2265}" => Comparison::GreaterEqual,
        other => unreachable!("relation `{other}` in parse_conditional"),
    };
    Spanned::new(
        Formula::If {
            left,
            relation: Spanned::new(comparison, span_of(&relation)),
            right,
            then,
            otherwise,
        },
        span,
    )
}

fn parse_sum(pair: Pair<'_, Rule>, span: Span) -> Spanned<Formula> {
    let mut children = pair.into_inner();
    let first = parse_formula(children.next().expect("sum has a term"));
    let mut rest = Vec::new();
    while let (Some(op), Some(term)) = (children.next(), children.next()) {
        let op = if op.as_rule() == Rule::op_add {
            AddOp::Add
        } else {
            AddOp::Sub
        };
        rest.push((op, parse_formula(term)));
    }
    if rest.is_empty() {
        return first;
    }
    Spanned::new(
        Formula::Sum {
            first: Box::new(first),
            rest,
        },
        span,
    )
}

fn parse_product(pair: Pair<'_, Rule>, span: Span) -> Spanned<Formula> {
    let mut children = pair.into_inner();
    let first = parse_formula(children.next().expect("product has a factor"));
    let mut rest = Vec::new();
    while let (Some(op), Some(factor)) = (children.next(), children.next()) {
        let op = if op.as_rule() == Rule::op_mul {
            MulOp::Mul
        } else {
            MulOp::Div
        };
        rest.push((op, parse_formula(factor)));
    }
    if rest.is_empty() {
        return first;
    }
    Spanned::new(
        Formula::Product {
            first: Box::new(first),
            rest,
        },
        span,
    )
}

fn parse_signed(pair: Pair<'_, Rule>, span: Span) -> Spanned<Formula> {
    let mut minus = 0usize;
    let mut operand = None;
    for child in pair.into_inner() {
        if child.as_rule() == Rule::op_sub {
            minus += 1;
        } else {
            operand = Some(parse_formula(child));
        }
    }
    let operand = operand.expect("signed has an operand");
    if minus % 2 == 1 {
        Spanned::new(Formula::Neg(Box::new(operand)), span)
    } else {
        operand
    }
}

fn parse_power(pair: Pair<'_, Rule>, span: Span) -> Spanned<Formula> {
    let mut children = pair.into_inner().filter(|p| p.as_rule() != Rule::op_pow);
    let base = parse_formula(children.next().expect("power has a base"));
    match children.next() {
        Some(exponent) => Spanned::new(
            Formula::Power {
                base: Box::new(base),
                exponent: boxed(exponent),
            },
            span,
        ),
        None => base,
    }
}

fn parse_application(pair: Pair<'_, Rule>, span: Span) -> Spanned<Formula> {
    let mut children = pair.into_inner().filter(|p| {
        !matches!(
            p.as_rule(),
            Rule::open_paren | Rule::close_paren | Rule::comma
        )
    });
    let name = spanned_text(&children.next().expect("application has a name"));
    let arguments = children.map(parse_formula).collect();
    Spanned::new(Formula::Call { name, arguments }, span)
}
