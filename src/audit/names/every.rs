//! Every place a name covers: a name written with fewer indices than its
//! quantity takes (`delta`, `x`, `W[1]`) names each quantity it begins, so
//! `require |delta| >= 0.001` speaks of every δ. A name that [`resolve`]s
//! names its one place, as in a claim.

use super::{Kind, NameRef, Place, index, resolve};
use crate::diagnostic::Diagnostic;
use crate::model::Network;
use crate::source::Spanned;

/// The words a name may start with (after an optional `new`), for "did
/// you mean" (each is read by [`Kind::from_word`]).
pub const WORDS: [&str; 16] = [
    "x", "y", "W", "b", "z", "a", "yhat", "loss", "delta", "dW", "db", "m", "v", "s", "mhat",
    "vhat",
];

/// How many indices a quantity of this kind takes in full (0 for a kind
/// that is not widened: the loss and the optimizer's state).
fn full(kind: Kind) -> usize {
    match kind {
        Kind::Input | Kind::Target | Kind::Prediction => 1,
        Kind::Loss | Kind::State(_) => 0,
        Kind::Weight | Kind::WeightGradient | Kind::NewWeight => 3,
        Kind::Bias
        | Kind::BiasGradient
        | Kind::NewBias
        | Kind::PreActivation
        | Kind::Activation
        | Kind::Delta => 2,
    }
}

/// How many values index number `position` of a name may take, given the
/// indices before it (checked against the network).
fn range(network: &Network, name: &NameRef, position: usize) -> Result<usize, Diagnostic> {
    let kind = name.kind.node;
    if matches!(kind, Kind::Input | Kind::Target | Kind::Prediction) {
        return Ok(if kind == Kind::Input {
            network.input_size()
        } else {
            network.layer(network.output_layer()).units()
        });
    }
    if position == 0 {
        return Ok(network.layers.len());
    }
    let layer = crate::model::ids::LayerId(index(&name.indices[0], network.layers.len(), "layer")?);
    Ok(if position == 1 {
        network.layer(layer).units()
    } else {
        let units = network.layer(layer).units();
        index(&name.indices[1], units, "unit")?;
        network.fan_in(layer)
    })
}

/// Every place `name` covers, in index order: its one place when it
/// resolves, otherwise each place its missing indices (and, for a value of
/// one example in a file with several, each example) complete it to.
///
/// # Errors
/// The [`Diagnostic`] of [`resolve`] when the name covers nothing.
pub fn every(network: &Network, name: &NameRef) -> Result<Vec<Place>, Diagnostic> {
    let mut names = vec![name.clone()];
    let several = network.examples.len() > 1;
    if several && name.example.is_none() && name.kind.node.per_example() && !name.new {
        let online_update = name.update.is_some() && network.batch == crate::model::Batch::Single;
        if !online_update {
            names = (1..=network.examples.len() as u64)
                .map(|k| NameRef {
                    example: Some(Spanned::new(k, name.span)),
                    ..name.clone()
                })
                .collect();
        }
    }
    let mut places = Vec::new();
    let mut first_error = None;
    while let Some(partial) = names.pop() {
        match resolve(network, &partial) {
            Ok(place) => places.push(place),
            Err(error) => {
                let position = partial.indices.len();
                if position >= full(partial.kind.node) {
                    first_error.get_or_insert(error);
                    continue;
                }
                let count = range(network, &partial, position)?;
                // Pushed in reverse so that they are popped in index order.
                for value in (1..=count as u64).rev() {
                    let mut longer = partial.clone();
                    longer.indices.push(Spanned::new(value, name.span));
                    names.push(longer);
                }
            }
        }
    }
    if places.is_empty() {
        return Err(match first_error {
            Some(error) => error,
            None => resolve(network, name)
                .err()
                .unwrap_or_else(|| Diagnostic::error("the name names nothing", name.span, "")),
        });
    }
    places.sort();
    places.dedup();
    Ok(places)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_is_a_name() {
        for word in WORDS {
            assert!(Kind::from_word(word).is_some(), "{word}");
        }
    }
}
