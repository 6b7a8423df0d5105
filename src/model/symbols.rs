//! The symbols a report writes: a notation profile (`notation = "nielsen"`,
//! a `notation { … }` block, `--symbols`/`--symbol` on the command line).
//!
//! This module holds the author's *choices* and checks them; the names
//! themselves are made in one place, `symbolic::latex`.

use std::fmt;

/// How a weight's indices are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WeightOrder {
    /// `W_{ij}`: from unit j to unit i (receiving unit first).
    ToFrom,
    /// `w_{jk}`: from unit j to unit k (sending unit first).
    FromTo,
    /// `w_1 … w_n`: numbered through the network, row by row (Mazur).
    Numbered,
}

/// Where a symbol's layer goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LayerIndex {
    /// `z^{(1)}_2`.
    Superscript,
    /// `z^{1}_2` (Nielsen's `z^l_j`).
    PlainSuperscript,
    /// `z_{1,2}`.
    Subscript,
    /// No layer index: units are named by letter (`h1`, `o1`, as in
    /// Mazur's post); allowed when there is at most one hidden layer.
    None,
}

/// How the output layer's activations are named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prediction {
    /// `\hat y_1`.
    Hat,
    /// Like every other activation (`a^{(2)}_1`, `out_{o1}`).
    Activation,
}

/// How a bias is named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BiasName {
    /// `b^{(1)}_2`.
    B,
    /// A weight from a unit 0 that always outputs 1: `W^{(1)}_{20}`.
    W0,
}

/// How a parameter after the update is marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Updated {
    /// `{W'}`.
    Prime,
    /// `W^{+}` (Mazur's `w_5^+`).
    Plus,
}

/// The symbols of a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symbols {
    /// The profile they start from (`default`, `nielsen`, `mazur`).
    pub profile: &'static str,
    /// The weight letter, `W` or `w`.
    pub weight: &'static str,
    /// The index letters of the receiving and the sending unit (`ij`, `jk`).
    pub indices: &'static str,
    /// The order of a weight's indices.
    pub weight_order: WeightOrder,
    /// Where the layer index goes.
    pub layer_index: LayerIndex,
    /// The activation letter: `a`, `h`, `o` or `out`.
    pub activation: &'static str,
    /// How the output layer's activations are named.
    pub prediction: Prediction,
    /// The pre-activation name: `z` or `net`.
    pub pre_activation: &'static str,
    /// The loss: `L`, `E`, `J`, `C` or `E_total`.
    pub loss: &'static str,
    /// The learning rate: `eta` or `alpha`.
    pub learning_rate: &'static str,
    /// How biases are named.
    pub bias: BiasName,
    /// How updated parameters are marked.
    pub updated: Updated,
}

/// The built-in profiles, by name.
pub const PROFILES: [&str; 3] = ["default", "nielsen", "mazur"];

/// Every option of a `notation { … }` block (and of `--symbol KEY=VALUE`)
/// with its values.
pub const OPTIONS: [(&str, &[&str]); 12] = [
    ("notation", &PROFILES),
    ("weight", &["W", "w"]),
    ("indices", &["ij", "jk"]),
    ("weight_order", &["to_from", "from_to", "numbered"]),
    (
        "layer_index",
        &["superscript", "plain_superscript", "subscript", "none"],
    ),
    ("activation", &["a", "h", "o", "out"]),
    ("prediction", &["yhat", "activation"]),
    ("pre_activation", &["z", "net"]),
    ("loss", &["L", "E", "J", "C", "E_total"]),
    ("learning_rate", &["eta", "alpha"]),
    ("bias", &["b", "w0"]),
    ("updated", &["prime", "plus"]),
];

/// Why an option could not be set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SymbolError {
    /// No option has this name.
    UnknownOption,
    /// The option has no such value; these are its values.
    UnknownValue(&'static [&'static str]),
}

impl fmt::Display for SymbolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SymbolError::UnknownOption => f.write_str("no notation option has this name"),
            SymbolError::UnknownValue(_) => f.write_str("not a value of this option"),
        }
    }
}

impl Default for Symbols {
    fn default() -> Self {
        Symbols {
            profile: "default",
            weight: "W",
            indices: "ij",
            weight_order: WeightOrder::ToFrom,
            layer_index: LayerIndex::Superscript,
            activation: "a",
            prediction: Prediction::Hat,
            pre_activation: "z",
            loss: "L",
            learning_rate: "eta",
            bias: BiasName::B,
            updated: Updated::Prime,
        }
    }
}

impl Symbols {
    /// A built-in profile by name.
    pub fn profile(name: &str) -> Option<Symbols> {
        let default = Symbols::default();
        match name {
            "default" => Some(default),
            // Nielsen, *Neural Networks and Deep Learning*: w^l_{jk} from unit
            // k of layer l−1 to unit j of layer l; a^l, z^l, δ^l; the cost C.
            "nielsen" => Some(Symbols {
                profile: "nielsen",
                weight: "w",
                indices: "jk",
                layer_index: LayerIndex::PlainSuperscript,
                prediction: Prediction::Activation,
                loss: "C",
                ..default
            }),
            // Mazur, "A Step by Step Backpropagation Example": net_h1, out_h1,
            // w1…w8, E_total, updated weights w5^+.
            "mazur" => Some(Symbols {
                profile: "mazur",
                weight: "w",
                weight_order: WeightOrder::Numbered,
                layer_index: LayerIndex::None,
                activation: "out",
                prediction: Prediction::Activation,
                pre_activation: "net",
                loss: "E_total",
                updated: Updated::Plus,
                ..default
            }),
            _ => None,
        }
    }

    /// The values `key` accepts.
    pub fn values(key: &str) -> Option<&'static [&'static str]> {
        OPTIONS.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
    }

    /// Sets one option (`notation` replaces every choice with a profile's).
    ///
    /// # Errors
    /// An unknown option, or a value the option does not have.
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), SymbolError> {
        let values = Self::values(key).ok_or(SymbolError::UnknownOption)?;
        let Some(value) = values.iter().copied().find(|v| *v == value) else {
            return Err(SymbolError::UnknownValue(values));
        };
        match key {
            "notation" => {
                if let Some(profile) = Symbols::profile(value) {
                    *self = profile;
                }
            }
            "weight" => self.weight = value,
            "indices" => self.indices = value,
            "weight_order" => {
                self.weight_order = match value {
                    "from_to" => WeightOrder::FromTo,
                    "numbered" => WeightOrder::Numbered,
                    _ => WeightOrder::ToFrom,
                }
            }
            "layer_index" => {
                self.layer_index = match value {
                    "plain_superscript" => LayerIndex::PlainSuperscript,
                    "subscript" => LayerIndex::Subscript,
                    "none" => LayerIndex::None,
                    _ => LayerIndex::Superscript,
                }
            }
            "activation" => self.activation = value,
            "prediction" => {
                self.prediction = if value == "yhat" {
                    Prediction::Hat
                } else {
                    Prediction::Activation
                }
            }
            "pre_activation" => self.pre_activation = value,
            "loss" => self.loss = value,
            "learning_rate" => self.learning_rate = value,
            "bias" => {
                self.bias = if value == "w0" {
                    BiasName::W0
                } else {
                    BiasName::B
                }
            }
            "updated" => {
                self.updated = if value == "plus" {
                    Updated::Plus
                } else {
                    Updated::Prime
                }
            }
            _ => return Err(SymbolError::UnknownOption),
        }
        Ok(())
    }

    /// Whether these symbols can name every quantity of a network with
    /// this many layers (unit letters `h`/`o` need at most one hidden layer).
    pub fn fits(&self, layers: usize) -> bool {
        self.layer_index != LayerIndex::None || layers <= 2
    }

    /// The option names, for "did you mean" and error help.
    pub fn option_names() -> Vec<&'static str> {
        OPTIONS.iter().map(|(k, _)| *k).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_profile_is_reachable_and_every_value_sets() {
        for name in PROFILES {
            assert_eq!(Symbols::profile(name).map(|p| p.profile), Some(name));
        }
        for (key, values) in OPTIONS {
            for value in values {
                let mut symbols = Symbols::default();
                assert_eq!(symbols.set(key, value), Ok(()), "{key} = {value}");
            }
        }
        let mut symbols = Symbols::default();
        assert_eq!(symbols.set("los", "E"), Err(SymbolError::UnknownOption));
        assert!(matches!(
            symbols.set("loss", "Q"),
            Err(SymbolError::UnknownValue(_))
        ));
    }
}
