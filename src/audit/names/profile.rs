//! The names a notation profile writes, read back: with `notation =
//! "mazur"` the report writes `net_{h1}`, `out_{o1}`, `w_{5}`, `w_{5}^{+}`
//! and `E_{\mathrm{total}}`, and `longhand check` accepts `net_h1`,
//! `out_o1`, `w5`, `w5+` and `E_total` for them (the plain names `z[1][1]`
//! and the rest still work). The names are not written here a second
//! time: each is the profile's own symbol (`symbolic::latex`, the one home
//! of names) with its TeX markup taken off, so a claim names what the
//! report shows.

use std::collections::HashMap;

use super::Kind;
use crate::model::Network;
use crate::model::ids::{LayerId, UnitId};
use crate::symbolic::latex::{Notation, SlopeStyle};
use crate::symbolic::{Quantity, Symbol};

/// A profile's names of a network's quantities, by their key (see [`key`]).
#[derive(Debug, Clone, Default)]
pub struct ProfileNames {
    names: HashMap<String, (Kind, Vec<u64>)>,
}

/// A name with its markup taken off: `\mathrm{net}_{h1}` and `net_h1` are
/// both `neth1`, `E_{\mathrm{total}}` and `E_total` both `Etotal`, `δ` is
/// `delta`.
pub fn key(text: &str) -> String {
    let mut text = text.to_owned();
    for command in [
        "\\mathrm",
        "\\operatorname",
        "\\text",
        "\\mathbf",
        "\\boldsymbol",
    ] {
        text = text.replace(command, "");
    }
    text = text.replace('δ', "delta");
    text.chars()
        .filter(|c| !matches!(c, '\\' | '{' | '}' | '_' | '^' | '(' | ')' | ' ' | ','))
        .collect()
}

impl ProfileNames {
    /// The names the network's profile writes for its parameters, weighted
    /// inputs, activations, errors and loss (an updated parameter is its
    /// name with the profile's `+`, `w5+`, read by the claims parser). A key two quantities share (`z_{11}`:
    /// layer 1 unit 1, or unit 11?) names neither.
    pub fn of(network: &Network) -> ProfileNames {
        let notation = Notation {
            layer_units: network
                .layers
                .iter()
                .map(crate::model::Layer::units)
                .collect(),
            slopes: network
                .layers
                .iter()
                .map(|_| SlopeStyle::Jacobian)
                .collect(),
            input_size: network.input_size(),
            input_name: network.input_name.clone(),
            target_name: network.target_name.clone(),
            primed_parameters: false,
            symbols: network.symbols.clone(),
        };
        let mut entries: Vec<(Quantity, Kind, Vec<u64>)> =
            vec![(Quantity::Loss, Kind::Loss, Vec::new())];
        for (index, layer) in network.layers.iter().enumerate() {
            let l = LayerId(index);
            let n = l.number() as u64;
            for i in 0..layer.units() {
                let unit = UnitId(i);
                let at = vec![n, unit.number() as u64];
                entries.push((
                    Quantity::PreActivation { layer: l, unit },
                    Kind::PreActivation,
                    at.clone(),
                ));
                entries.push((
                    Quantity::Activation { layer: l, unit },
                    Kind::Activation,
                    at.clone(),
                ));
                entries.push((Quantity::Delta { layer: l, unit }, Kind::Delta, at.clone()));
                if layer.biases.is_some() {
                    entries.push((Quantity::Bias { layer: l, unit }, Kind::Bias, at.clone()));
                }
                for j in 0..layer.inputs() {
                    let (to, from) = (unit, UnitId(j));
                    let at = vec![n, to.number() as u64, from.number() as u64];
                    entries.push((Quantity::Weight { layer: l, to, from }, Kind::Weight, at));
                }
            }
        }
        let mut names: HashMap<String, (Kind, Vec<u64>)> = HashMap::new();
        let mut shared: Vec<String> = Vec::new();
        for (quantity, kind, at) in entries {
            let key = key(&notation.symbol(&Symbol::of(quantity)));
            if key.is_empty() || Kind::from_word(&key).is_some() {
                continue;
            }
            if names.insert(key.clone(), (kind, at)).is_some() {
                shared.push(key);
            }
        }
        for key in shared {
            names.remove(&key);
        }
        ProfileNames { names }
    }

    /// The quantity and 1-based indices a written name (`net_h1`, `w5+`) stands for.
    pub fn get(&self, written: &str) -> Option<(Kind, &[u64])> {
        self.names
            .get(&key(written))
            .map(|(kind, at)| (*kind, at.as_slice()))
    }

    /// How many names the profile adds.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Whether the profile adds no name.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}
