//! The names of quantities under the network's symbols (the notation
//! profile of `model::symbols`): the one place where `z^{(1)}_2`,
//! `\mathrm{net}_{h1}` or `w^{2}_{12}` is decided.

use super::Notation;
use crate::model::ids::{LayerId, UnitId};
use crate::model::symbols::{BiasName, LayerIndex, Prediction, Updated, WeightOrder};
use crate::symbolic::quantity::{Param, Quantity, StateKind, Symbol};

/// A name of several letters is upright (`\mathrm{net}`), one letter italic.
fn word(name: &str) -> String {
    if name.chars().count() > 1 {
        format!("\\mathrm{{{name}}}")
    } else {
        name.to_owned()
    }
}

/// Generic symbols, with index letters rather than numbers, for the table
/// of symbols and the prose of the templates.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Generic {
    /// A component of the input: `x_j`.
    pub input: String,
    /// A component of the target: `y_i`.
    pub target: String,
    /// The index letter of a receiving unit (`i`).
    pub to: String,
    /// A weight: `W^{(\ell)}_{ij}`.
    pub weight: String,
    /// What a weight connects, in words.
    pub weight_meaning: String,
    /// A bias: `b^{(\ell)}_i`.
    pub bias: String,
    /// A weighted input: `z^{(\ell)}_i`.
    pub pre_activation: String,
    /// The weighted input as a sum: `\sum_j W^{(\ell)}_{ij} a^{(\ell-1)}_j + b^{(\ell)}_i`.
    pub pre_activation_sum: String,
    /// An activation: `a^{(\ell)}_i`.
    pub activation: String,
    /// The activation of layer 0 (`a^{(0)}`), or empty when the input is not named so.
    pub input_activation: String,
    /// The prediction, `\hat y_i`, or empty when it is named like any activation.
    pub prediction: String,
    /// The loss: `\mathcal{L}`.
    pub loss: String,
    /// The loss after the update: `\mathcal{L}_{\mathrm{new}}`.
    pub loss_new: String,
    /// An error: `\delta^{(\ell)}_i`.
    pub delta: String,
    /// The learning rate: `\eta`.
    pub learning_rate: String,
    /// The updated parameters: `{W'}, {b'}`.
    pub updated: String,
    /// Each of them: `{W'}`, `{b'}`.
    pub updated_each: Vec<String>,
    /// How they are marked, in a word: `primed`.
    pub updated_word: &'static str,
    /// The short forms in the prose: `z`, `z_i`, `W_{ij} a_j`, `b_i`, `a_j`, `\theta'`.
    pub short: Short,
}

/// Short symbols without layer marks, for sentences about one unit.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Short {
    /// `z`.
    pub z: String,
    /// `z_i = \sum_j W_{ij} a_j + b_i`.
    pub z_sum: String,
    /// `z_i`.
    pub z_i: String,
    /// `a_j`.
    pub a_j: String,
    /// `\theta'`.
    pub theta_new: String,
}

impl Generic {
    /// The placeholders ① (receiving unit) and ② (sending unit) replaced
    /// by the profile's index letters (`ij`, or Nielsen's `jk`).
    fn with_letters(self, letters: &str) -> Generic {
        let mut chars = letters.chars();
        let to = chars.next().unwrap_or('i').to_string();
        let from = chars.next().unwrap_or('j').to_string();
        let fix = |text: String| text.replace('①', &to).replace('②', &from);
        Generic {
            input: self.input,
            target: self.target,
            to: fix(self.to),
            weight: fix(self.weight),
            weight_meaning: fix(self.weight_meaning),
            bias: fix(self.bias),
            pre_activation: fix(self.pre_activation),
            pre_activation_sum: fix(self.pre_activation_sum),
            activation: fix(self.activation),
            input_activation: self.input_activation,
            prediction: fix(self.prediction),
            loss: self.loss,
            loss_new: self.loss_new,
            delta: fix(self.delta),
            learning_rate: self.learning_rate,
            updated: self.updated,
            updated_each: self.updated_each,
            updated_word: self.updated_word,
            short: Short {
                z: self.short.z,
                z_sum: fix(self.short.z_sum),
                z_i: fix(self.short.z_i),
                a_j: fix(self.short.a_j),
                theta_new: self.short.theta_new,
            },
        }
    }
}

impl Notation {
    /// The layer's superscript (`^{(2)}`, `^{2}` or nothing), with the
    /// update mark `+` when `plus`.
    fn superscript(&self, layer: LayerId, plus: bool) -> String {
        let mark = if plus { "+" } else { "" };
        match self.symbols.layer_index {
            LayerIndex::Superscript => format!("^{{({}){mark}}}", layer.number()),
            LayerIndex::PlainSuperscript => format!("^{{{}{mark}}}", layer.number()),
            LayerIndex::Subscript | LayerIndex::None if plus => "^{+}".to_owned(),
            LayerIndex::Subscript | LayerIndex::None => String::new(),
        }
    }

    /// A unit's name for subscripts when layers are not indexed: `h1`, `o2`,
    /// and the input's own name for layer 0 (`x1`).
    fn label(&self, layer: Option<LayerId>, unit: UnitId) -> String {
        match layer {
            None => format!("{}{}", self.input_name, unit.number()),
            Some(layer) if self.is_output(layer) => format!("o{}", unit.number()),
            Some(_) => format!("h{}", unit.number()),
        }
    }

    /// A unit's subscript: `_{2}` (nothing for a layer of one unit), `_{1,2}`
    /// with the layer in the subscript, `_{h2}` by unit letter.
    fn unit_subscript(&self, layer: LayerId, unit: UnitId) -> String {
        match self.symbols.layer_index {
            LayerIndex::Superscript | LayerIndex::PlainSuperscript => {
                Self::index(self.units(layer), unit)
            }
            LayerIndex::Subscript => {
                if self.units(layer) == 1 {
                    format!("_{{{}}}", layer.number())
                } else {
                    format!("_{{{},{}}}", layer.number(), unit.number())
                }
            }
            LayerIndex::None => format!("_{{{}}}", self.label(Some(layer), unit)),
        }
    }

    /// A name with its layer mark, unit subscript and update mark.
    fn unit_symbol(&self, name: &str, layer: LayerId, unit: UnitId, primed: bool) -> String {
        let plus = primed && self.symbols.updated == Updated::Plus;
        let name = if primed && self.symbols.updated == Updated::Prime {
            format!("{{{name}'}}")
        } else {
            name.to_owned()
        };
        match self.symbols.layer_index {
            // No layer superscript: the update mark follows the subscript (`b_{h1}^{+}`).
            LayerIndex::Subscript | LayerIndex::None if plus => {
                format!("{name}{}^{{+}}", self.unit_subscript(layer, unit))
            }
            _ => format!(
                "{name}{}{}",
                self.superscript(layer, plus),
                self.unit_subscript(layer, unit)
            ),
        }
    }

    /// A forward quantity's symbol, marked `new` in the forward pass after
    /// an update (`z^{(1)}_{2,\mathrm{new}}`, `\hat y_{\mathrm{new}}`), so
    /// that a quantity computed again with the updated parameters never
    /// shares its symbol with the value it had before.
    fn after_update(&self, symbol: String) -> String {
        if self.primed_parameters {
            marked_new(&symbol)
        } else {
            symbol
        }
    }

    /// `\hat y_2`, `a^{(1)}_2`, `\mathrm{out}_{h1}`.
    pub fn activation(&self, layer: LayerId, unit: UnitId) -> String {
        let symbol = if self.is_output(layer) && self.symbols.prediction == Prediction::Hat {
            format!(
                "\\hat {}{}",
                self.target_name,
                Self::index(self.output_units(), unit)
            )
        } else {
            self.unit_symbol(&word(self.symbols.activation), layer, unit, false)
        };
        self.after_update(symbol)
    }

    /// `z^{(1)}_2`, `\mathrm{net}_{h1}`.
    pub fn pre_activation(&self, layer: LayerId, unit: UnitId) -> String {
        self.after_update(self.unit_symbol(&word(self.symbols.pre_activation), layer, unit, false))
    }

    /// The position of a weight in Mazur's numbering: through the layers,
    /// row by row (`w_1` is the first weight into the first hidden unit).
    fn weight_number(&self, layer: LayerId, to: UnitId, from: UnitId) -> usize {
        let inputs = |l: usize| {
            if l == 0 {
                self.input_size
            } else {
                self.layer_units.get(l - 1).copied().unwrap_or(0)
            }
        };
        let before: usize = (0..layer.0)
            .map(|l| self.units(LayerId(l)) * inputs(l))
            .sum();
        before + to.0 * inputs(layer.0) + from.0 + 1
    }

    /// The two indices of a weight (the sending index 0 for a bias written `w_0`).
    fn weight_indices(&self, layer: LayerId, to: UnitId, from: Option<UnitId>) -> String {
        let (to_text, from_text) = match self.symbols.layer_index {
            LayerIndex::None => (
                self.label(Some(layer), to),
                from.map_or("0".to_owned(), |from| {
                    self.label(layer.0.checked_sub(1).map(LayerId), from)
                }),
            ),
            _ => (
                to.number().to_string(),
                from.map_or("0".to_owned(), |f| f.number().to_string()),
            ),
        };
        let (first, second) = match self.symbols.weight_order {
            WeightOrder::FromTo => (from_text, to_text),
            WeightOrder::ToFrom | WeightOrder::Numbered => (to_text, from_text),
        };
        let joined = if first.len() > 1 || second.len() > 1 {
            format!("{first},{second}")
        } else {
            format!("{first}{second}")
        };
        match self.symbols.layer_index {
            LayerIndex::Subscript => format!("_{{{},{joined}}}", layer.number()),
            _ => format!("_{{{joined}}}"),
        }
    }

    /// A weight (`from` is `None` for a bias written as weight 0).
    fn weight_like(
        &self,
        layer: LayerId,
        to: UnitId,
        from: Option<UnitId>,
        primed: bool,
    ) -> String {
        let letter = self.symbols.weight;
        let plus = primed && self.symbols.updated == Updated::Plus;
        let name = if primed && self.symbols.updated == Updated::Prime {
            format!("{{{letter}'}}")
        } else {
            letter.to_owned()
        };
        if let (WeightOrder::Numbered, Some(from)) = (self.symbols.weight_order, from) {
            let mark = if plus { "^{+}" } else { "" };
            return format!("{name}_{{{}}}{mark}", self.weight_number(layer, to, from));
        }
        format!(
            "{name}{}{}",
            self.superscript(layer, plus),
            self.weight_indices(layer, to, from)
        )
    }

    /// `W^{(2)}_{12}` (or `{W'}^{(2)}_{12}` after an update).
    pub fn weight(&self, layer: LayerId, to: UnitId, from: UnitId, primed: bool) -> String {
        self.weight_like(layer, to, Some(from), primed)
    }

    /// `b^{(1)}_2` (or `{b'}^{(1)}_2`; `W^{(1)}_{20}` when biases are weights 0).
    pub fn bias(&self, layer: LayerId, unit: UnitId, primed: bool) -> String {
        match self.symbols.bias {
            BiasName::B => self.unit_symbol("b", layer, unit, primed),
            BiasName::W0 => self.weight_like(layer, unit, None, primed),
        }
    }

    /// `\mathcal{L}`, `E_{\mathrm{total}}`; with an example's number in a batch.
    pub(super) fn loss(&self, symbol: &Symbol) -> String {
        let (base, subscript) = match self.symbols.loss {
            "L" => ("\\mathcal{L}".to_owned(), None),
            "E_total" => ("E".to_owned(), Some("\\mathrm{total}")),
            other => (other.to_owned(), None),
        };
        let name = match (symbol.example, subscript) {
            (Some(example), Some(sub)) => format!("{base}_{{{sub},{}}}", example.number()),
            (Some(example), None) => format!("{base}_{{{}}}", example.number()),
            (None, Some(sub)) => format!("{base}_{{{sub}}}"),
            (None, None) => base,
        };
        self.after_update(name)
    }

    /// `\eta` or `\alpha`.
    pub fn learning_rate(&self) -> String {
        format!("\\{}", self.symbols.learning_rate)
    }

    /// `\delta^{(2)}_1`, `\delta_{o1}`.
    pub fn delta(&self, layer: LayerId, unit: UnitId) -> String {
        self.unit_symbol("\\delta", layer, unit, false)
    }

    /// The error arriving at a hidden unit from the layer after it:
    /// `\big((\mathbf{W}^{(2)})^\top \boldsymbol{\delta}^{(2)}\big)_1`, or
    /// `\partial E / \partial \mathrm{out}_{h1}` when matrices are not named.
    fn backflow(&self, symbol: &Symbol, layer: LayerId, unit: UnitId) -> String {
        let next = LayerId(layer.0 + 1);
        let matrices = self.symbols.layer_index != LayerIndex::None
            && self.symbols.weight_order != WeightOrder::Numbered;
        if !matrices {
            return format!(
                "\\frac{{\\partial {}}}{{\\partial {}}}",
                self.loss(symbol),
                self.unit_symbol(&word(self.symbols.activation), layer, unit, false)
            );
        }
        let (sup, sub) = match self.symbols.layer_index {
            LayerIndex::Subscript => (String::new(), format!("_{{{}}}", next.number())),
            _ => (self.superscript(next, false), String::new()),
        };
        let weights = format!("\\mathbf{{{}}}{sup}{sub}", self.symbols.weight);
        let weights = match self.symbols.weight_order {
            WeightOrder::FromTo => weights,
            _ => format!("({weights})^\\top"),
        };
        let unit_index = match self.symbols.layer_index {
            LayerIndex::Subscript => format!("_{{{}}}", unit.number()),
            _ => Self::index(self.units(layer), unit),
        };
        format!("\\big({weights} \\boldsymbol{{\\delta}}{sup}{sub}\\big){unit_index}")
    }

    /// The LaTeX name of a symbol.
    pub fn symbol(&self, symbol: &Symbol) -> String {
        let primed = self.primed_parameters;
        let partial = |what: String| {
            format!(
                "\\frac{{\\partial {}}}{{\\partial {what}}}",
                self.loss(symbol)
            )
        };
        match symbol.quantity {
            Quantity::Input { unit } => format!(
                "{}{}",
                word(&self.input_name),
                Self::index(self.input_size, unit)
            ),
            Quantity::Target { unit } if self.symbols.layer_index == LayerIndex::None => {
                format!("{}_{{o{}}}", word(&self.target_name), unit.number())
            }
            Quantity::Target { unit } => format!(
                "{}{}",
                word(&self.target_name),
                Self::index(self.output_units(), unit)
            ),
            Quantity::Weight { layer, to, from } => self.weight(layer, to, from, primed),
            Quantity::Bias { layer, unit } => self.bias(layer, unit, primed),
            Quantity::LearningRate => self.learning_rate(),
            Quantity::PreActivation { layer, unit } => self.pre_activation(layer, unit),
            Quantity::Activation { layer, unit } => self.activation(layer, unit),
            Quantity::Loss => self.loss(symbol),
            Quantity::LossSlope { unit } => {
                partial(self.activation(LayerId(self.layer_units.len().saturating_sub(1)), unit))
            }
            Quantity::ActivationSlope { layer, of, wrt } => self.slope(layer, of, wrt),
            Quantity::Backflow { layer, unit } => self.backflow(symbol, layer, unit),
            Quantity::Delta { layer, unit } => self.delta(layer, unit),
            Quantity::WeightGradient { layer, to, from } => {
                partial(self.weight(layer, to, from, false))
            }
            Quantity::BiasGradient { layer, unit } => partial(self.bias(layer, unit, false)),
            Quantity::NewWeight { layer, to, from } => self.weight(layer, to, from, true),
            Quantity::NewBias { layer, unit } => self.bias(layer, unit, true),
            Quantity::Hyper(h) => h.tex().to_owned(),
            Quantity::HyperPower(h) => format!("{}^{{t}}", h.tex()),
            Quantity::State { kind, param } => self.state(kind, param, true),
            Quantity::OldState { kind, param } => self.state(kind, param, false),
        }
    }

    /// `{m'}_{W^{(1)}_{12}}` after the update, `m_{W^{(1)}_{12}}` before;
    /// `\hat{m}_{…}` for the bias-corrected moments (which have no "before").
    fn state(&self, kind: StateKind, param: Param, primed: bool) -> String {
        let owner = match param {
            Param::Weight { layer, to, from } => self.weight(layer, to, from, false),
            Param::Bias { layer, unit } => self.bias(layer, unit, false),
        };
        let name = match kind {
            StateKind::Velocity | StateKind::V => "v",
            StateKind::Square => "s",
            StateKind::M => "m",
            StateKind::MHat => "\\hat{m}",
            StateKind::VHat => "\\hat{v}",
        };
        if primed && kind.is_kept() {
            format!("{{{name}'}}_{{{owner}}}")
        } else {
            format!("{name}_{{{owner}}}")
        }
    }

    /// The generic symbols (index letters) of this notation.
    pub fn generic(&self) -> Generic {
        let s = &self.symbols;
        let (sup, sup_before, sub_i, sub_j, sub_ij) = match s.layer_index {
            LayerIndex::Superscript => (
                "^{(\\ell)}".to_owned(),
                "^{(\\ell-1)}".to_owned(),
                "_①".to_owned(),
                "_②".to_owned(),
                "_{①②}".to_owned(),
            ),
            LayerIndex::PlainSuperscript => (
                "^{\\ell}".to_owned(),
                "^{\\ell-1}".to_owned(),
                "_①".to_owned(),
                "_②".to_owned(),
                "_{①②}".to_owned(),
            ),
            LayerIndex::Subscript => (
                String::new(),
                String::new(),
                "_{\\ell,①}".to_owned(),
                "_{\\ell-1,②}".to_owned(),
                "_{\\ell,①②}".to_owned(),
            ),
            LayerIndex::None => (
                String::new(),
                String::new(),
                "_{①}".to_owned(),
                "_{②}".to_owned(),
                "_{①②}".to_owned(),
            ),
        };
        let sub_ji = sub_ij.replace("①②", "②①");
        let (weight_sub, weight_meaning) = match s.weight_order {
            WeightOrder::ToFrom => (
                sub_ij.clone(),
                "weight from unit $②$ of layer $\\ell - 1$ to unit $①$ of layer $\\ell$ (layer 0 is the input)".to_owned(),
            ),
            WeightOrder::FromTo => (
                sub_ji,
                "weight from unit $②$ of layer $\\ell - 1$ to unit $①$ of layer $\\ell$ (layer 0 is the input); the sending unit is written first".to_owned(),
            ),
            WeightOrder::Numbered => (
                "_{n}".to_owned(),
                "weight number $n$, counted through the network layer by layer, each unit's incoming weights in turn".to_owned(),
            ),
        };
        let letter = s.weight;
        let weight = if s.weight_order == WeightOrder::Numbered {
            format!("{letter}{weight_sub}")
        } else {
            format!("{letter}{sup}{weight_sub}")
        };
        let weight_sum = if s.weight_order == WeightOrder::Numbered {
            format!("{letter}{sup}{sub_ij}")
        } else {
            weight.clone()
        };
        let a = word(s.activation);
        let z = word(s.pre_activation);
        let bias = match s.bias {
            BiasName::B => format!("b{sup}{sub_i}"),
            BiasName::W0 => format!("{letter}{sup}{}", sub_ij.replace('②', "0")),
        };
        let activation = format!("{a}{sup}{sub_i}");
        let a_before = format!("{a}{sup_before}{sub_j}");
        let pre_activation = format!("{z}{sup}{sub_i}");
        let prediction = match s.prediction {
            Prediction::Hat => format!("\\hat {}_①", self.target_name),
            Prediction::Activation => String::new(),
        };
        let input_activation = match s.layer_index {
            LayerIndex::Superscript => format!("{a}^{{(0)}}"),
            LayerIndex::PlainSuperscript => format!("{a}^{{0}}"),
            LayerIndex::Subscript => format!("{a}_{{0}}"),
            LayerIndex::None => String::new(),
        };
        let loss = self.loss(&Symbol::of(Quantity::Loss));
        let updated = match s.updated {
            Updated::Prime => {
                let b = if s.bias == BiasName::B { ", {b'}" } else { "" };
                format!("{{{letter}'}}{b}")
            }
            Updated::Plus => {
                let b = if s.bias == BiasName::B { ", b^{+}" } else { "" };
                format!("{letter}^{{+}}{b}")
            }
        };
        let theta_new = match s.updated {
            Updated::Prime => "\\theta'".to_owned(),
            Updated::Plus => "\\theta^{+}".to_owned(),
        };
        let short_w = match s.weight_order {
            WeightOrder::FromTo => format!("{letter}_{{②①}}"),
            _ => format!("{letter}_{{①②}}"),
        };
        let short_b = match s.bias {
            BiasName::B => "b_①".to_owned(),
            BiasName::W0 => format!("{letter}_{{①0}}"),
        };
        let generic = Generic {
            input: format!("{}_j", word(&self.input_name)),
            target: format!("{}_i", word(&self.target_name)),
            to: "①".to_owned(),
            pre_activation_sum: format!("\\sum_② {weight_sum} {a_before} + {bias}"),
            weight,
            weight_meaning,
            bias,
            pre_activation,
            activation,
            input_activation,
            prediction,
            loss_new: marked_new(&loss),
            loss,
            delta: format!("\\delta{sup}{sub_i}"),
            learning_rate: self.learning_rate(),
            updated_each: updated.split(", ").map(str::to_owned).collect(),
            updated,
            updated_word: match s.updated {
                Updated::Prime => "primed",
                Updated::Plus => "marked with a plus",
            },
            short: Short {
                z_sum: format!("{z}_① = \\sum_② {short_w} {a}_② + {short_b}"),
                z_i: format!("{z}_①"),
                a_j: format!("{a}_②"),
                z,
                theta_new,
            },
        };
        generic.with_letters(s.indices)
    }

    /// The recurrence of a hidden layer's errors in this notation:
    /// `\boldsymbol{\delta}^{(1)} = \big((\mathbf{W}^{(2)})^\top
    /// \boldsymbol{\delta}^{(2)}\big) \odot f'(\mathbf{z}^{(1)})`, or unit by
    /// unit when the notation names no matrices.
    pub fn recurrence(&self, layer: LayerId) -> String {
        let s = &self.symbols;
        let next = LayerId(layer.0 + 1);
        let z = word(s.pre_activation);
        let matrices = s.layer_index != LayerIndex::None && s.weight_order != WeightOrder::Numbered;
        if matrices {
            let (sup, sup_next, sub, sub_next) = match s.layer_index {
                LayerIndex::Subscript => (
                    String::new(),
                    String::new(),
                    format!("_{{{}}}", layer.number()),
                    format!("_{{{}}}", next.number()),
                ),
                _ => (
                    self.superscript(layer, false),
                    self.superscript(next, false),
                    String::new(),
                    String::new(),
                ),
            };
            let weights = format!("\\mathbf{{{}}}{sup_next}{sub_next}", s.weight);
            let weights = match s.weight_order {
                WeightOrder::FromTo => weights,
                _ => format!("({weights})^\\top"),
            };
            format!(
                "\\boldsymbol{{\\delta}}{sup}{sub} = \\big({weights} \\boldsymbol{{\\delta}}{sup_next}{sub_next}\\big) \\odot f'(\\mathbf{{{z}}}{sup}{sub})"
            )
        } else {
            let a = word(s.activation);
            let to = self.label(Some(layer), UnitId(0)).replace('1', "");
            let from = self.label(Some(next), UnitId(0)).replace('1', "");
            format!(
                "\\delta_{{{to}}} = \\frac{{\\partial {}}}{{\\partial {a}_{{{to}}}}} \\, f'({z}_{{{to}}}), \\quad \\frac{{\\partial {}}}{{\\partial {a}_{{{to}}}}} = \\sum_{{{from}}} \\delta_{{{from}}} \\, {}_{{{from}{to}}}",
                self.loss(&Symbol::of(Quantity::Loss)),
                self.loss(&Symbol::of(Quantity::Loss)),
                s.weight
            )
        }
    }

    fn slope(&self, layer: LayerId, of: UnitId, wrt: UnitId) -> String {
        let z = self.pre_activation(layer, wrt);
        match self.slopes.get(layer.0) {
            Some(super::SlopeStyle::Elementwise(name)) => format!("{name}'({z})"),
            _ => format!(
                "\\frac{{\\partial {}}}{{\\partial {z}}}",
                self.activation(layer, of)
            ),
        }
    }
}

/// A symbol marked `new`: its closing subscript extended
/// (`z^{(1)}_{2,\mathrm{new}}`), or a subscript added (`\hat y_{\mathrm{new}}`).
pub fn marked_new(symbol: &str) -> String {
    // A one-letter subscript without braces: `z^{(\ell)}_i`.
    let mut tail = symbol.chars().rev();
    if let (Some(last), Some('_')) = (tail.next(), tail.next())
        && last.is_ascii_alphanumeric()
    {
        let stem = &symbol[..symbol.len() - 2];
        return format!("{stem}_{{{last},\\mathrm{{new}}}}");
    }
    if let Some(open) = closing_group(symbol)
        && symbol[..open].ends_with('_')
    {
        let body = &symbol[open + 1..symbol.len() - 1];
        return format!("{}{{{body},\\mathrm{{new}}}}", &symbol[..open]);
    }
    format!("{symbol}_{{\\mathrm{{new}}}}")
}

/// Where the brace group that ends `symbol` opens, if it ends with one.
fn closing_group(symbol: &str) -> Option<usize> {
    if !symbol.ends_with('}') {
        return None;
    }
    let mut depth = 0usize;
    for (at, c) in symbol.char_indices().rev() {
        match c {
            '}' => depth += 1,
            '{' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(at);
                }
            }
            _ => {}
        }
    }
    None
}
