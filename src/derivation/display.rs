//! Each line of the worked example as a displayed chain
//! `target = formula = rewritten = numbers = … ≈ value`, laid out for
//! every budget ([`super::layout`]), and the notation the chains are
//! written in.

use super::layout::{Display, Link, Relation};
use super::numbers::{NumberStyle, formula_latex, written_latex};
use super::step::Line;
use crate::functions::Shape;
use crate::model::{Activation, ActivationFunction, Layer, Network};
use crate::symbolic::latex::{Notation, SlopeStyle, operator_name};

/// The notation for a network's symbols (primed parameters after an update).
pub fn notation(network: &Network, primed: bool) -> Notation {
    Notation {
        layer_units: network.layers.iter().map(Layer::units).collect(),
        slopes: network
            .layers
            .iter()
            .map(|l| slope_style(&l.activation))
            .collect(),
        input_size: network.input_size(),
        input_name: network.input_name.clone(),
        target_name: network.target_name.clone(),
        primed_parameters: primed,
        symbols: network.symbols.clone(),
    }
}

fn slope_style(activation: &Activation) -> SlopeStyle {
    match &activation.function {
        ActivationFunction::Card(card) => match card.shape {
            Shape::Elementwise(_) => SlopeStyle::Elementwise(card.tex.to_owned()),
            Shape::Softmax => SlopeStyle::Jacobian,
        },
        ActivationFunction::Defined(f) => SlopeStyle::Elementwise(operator_name(&f.name)),
    }
}

/// The display of a line: its symbol, each form of its formula, each round
/// of written arithmetic; a link that prints like the one before is left
/// out (an approximation among them still marks the chain with `≈`).
pub fn display(line: &Line, style: &NumberStyle, notation: &Notation) -> Display {
    let mut links: Vec<Link> = Vec::new();
    let target = notation.symbol(&line.target);
    let mut last = target.clone();
    for form in &line.forms {
        push(
            &mut links,
            &mut last,
            Relation::Equals,
            formula_latex(&form.expr, notation),
        );
    }
    for written in &line.written {
        // Exact fractions printed as fractions lose nothing, whatever the decimal display would.
        let exact_fractions = style.fractions && style.exact_carry && {
            let mut exact = true;
            written
                .expr
                .for_each_leaf(&mut |leaf| exact &= leaf.carried.is_exact());
            exact
        };
        let relation = if written.approximate && !exact_fractions {
            Relation::Approx
        } else {
            Relation::Equals
        };
        push(
            &mut links,
            &mut last,
            relation,
            written_latex(&written.expr, style, notation),
        );
    }
    Display::new(target, links)
}

/// The display of a definition `target = formula` (the loss, in the
/// description of the network), laid out like every other line.
pub fn definition(target: &str, formula: &crate::symbolic::Expr, notation: &Notation) -> Display {
    let link = Link {
        relation: Relation::Equals,
        math: formula_latex(formula, notation),
    };
    Display::new(target.to_owned(), vec![link])
}

/// Adds a link to the chain unless it repeats the previous text.
fn push(links: &mut Vec<Link>, last: &mut String, relation: Relation, math: String) {
    if *last == math {
        // An approximation that prints like the line before still marks the chain.
        if relation == Relation::Approx
            && let Some(link) = links.last_mut()
        {
            link.relation = Relation::Approx;
        }
        return;
    }
    last.clone_from(&math);
    links.push(Link { relation, math });
}
