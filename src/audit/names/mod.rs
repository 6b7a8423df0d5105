//! The names of a worked example's quantities as an author writes them,
//! 1-based as in a book: `x[1]`, `y[1]`, `W[2][1][2]`, `b[1][2]`, `z[1][2]`,
//! `a[1][1]`, `yhat`, `loss`, `delta[2][1]`, `dW[2][1][2]`, `db[1][2]`,
//! `W'[1][2][1]`, `b'[1][2]`, and `new z[…]`, `new a[…]`, `new yhat`,
//! `new loss`, `new W[…]`, `new b[…]` for the forward pass after training.
//! A qualifier in parentheses picks an example or an update:
//! `a[1][1] (example 2, update 3)`.
//!
//! `longhand check` reads these names and the CSV answer key prints them,
//! so a row of the key pasted into a claims file names the same quantity.
//! [`resolve`] turns a written name into a [`Place`] of the run (or a
//! diagnostic saying why it names nothing); [`name`] writes a place back.

use crate::diagnostic::Diagnostic;
use crate::model::ids::{ExampleId, LayerId, UnitId};
use crate::model::{Batch, Network};
use crate::source::{Span, Spanned};
use crate::symbolic::program::optimizer::states;
use crate::symbolic::{Param, Quantity, StateKind, Symbol};

/// What a name refers to, before indices are attached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// `x[i]`: a component of the input.
    Input,
    /// `y[i]`: a component of the target.
    Target,
    /// `W[l][i][j]`: a weight (before the update; `new W` after training).
    Weight,
    /// `b[l][i]`: a bias.
    Bias,
    /// `z[l][i]`: a weighted input.
    PreActivation,
    /// `a[l][i]`: an activation.
    Activation,
    /// `yhat` or `yhat[i]`: an activation of the output layer.
    Prediction,
    /// `loss`: the loss of the update (or of one example).
    Loss,
    /// `delta[l][i]`: the error δ of a unit.
    Delta,
    /// `dW[l][i][j]`: a weight's gradient.
    WeightGradient,
    /// `db[l][i]`: a bias's gradient.
    BiasGradient,
    /// `W'[l][i][j]`: a weight after the update.
    NewWeight,
    /// `b'[l][i]`: a bias after the update.
    NewBias,
    /// `m[l][i][j]` (a weight's) or `m[l][i]` (a bias's): optimizer state
    /// after the update (`v`, `s`, `m`, `mhat`, `vhat`; `v` is the velocity
    /// under momentum and Nesterov, Adam's second moment under Adam).
    State(StateKind),
}

impl Kind {
    /// Reads a name as written (`delta` or `δ`, `yhat` or `ŷ`, `loss` or `L`).
    /// Primed names (`W'`, `b'`) are read by the parser as `W`/`b` plus a prime.
    pub fn from_word(word: &str) -> Option<Kind> {
        Some(match word {
            "x" => Kind::Input,
            "y" => Kind::Target,
            "W" | "w" => Kind::Weight,
            "b" => Kind::Bias,
            "z" => Kind::PreActivation,
            "a" => Kind::Activation,
            "yhat" | "y_hat" | "ŷ" => Kind::Prediction,
            "loss" | "L" => Kind::Loss,
            "delta" | "δ" => Kind::Delta,
            "dW" | "dw" => Kind::WeightGradient,
            "db" => Kind::BiasGradient,
            "m" => Kind::State(StateKind::M),
            "v" => Kind::State(StateKind::V),
            "s" => Kind::State(StateKind::Square),
            "mhat" | "m_hat" | "m̂" => Kind::State(StateKind::MHat),
            "vhat" | "v_hat" | "v̂" => Kind::State(StateKind::VHat),
            _ => return None,
        })
    }

    /// The kind after a prime (`W` → `W'`), if it has one.
    pub fn primed(self) -> Option<Kind> {
        match self {
            Kind::Weight => Some(Kind::NewWeight),
            Kind::Bias => Some(Kind::NewBias),
            _ => None,
        }
    }

    /// The name as the CSV answer key writes it.
    pub fn word(self) -> &'static str {
        match self {
            Kind::Input => "x",
            Kind::Target => "y",
            Kind::Weight => "W",
            Kind::Bias => "b",
            Kind::PreActivation => "z",
            Kind::Activation => "a",
            Kind::Prediction => "yhat",
            Kind::Loss => "loss",
            Kind::Delta => "delta",
            Kind::WeightGradient => "dW",
            Kind::BiasGradient => "db",
            Kind::NewWeight => "W'",
            Kind::NewBias => "b'",
            Kind::State(kind) => kind.name(),
        }
    }

    /// Whether the value belongs to one example (and needs `(example k)`
    /// in a batch of several).
    fn per_example(self) -> bool {
        matches!(
            self,
            Kind::Input
                | Kind::Target
                | Kind::PreActivation
                | Kind::Activation
                | Kind::Prediction
                | Kind::Delta
        )
    }

    /// Whether the value is a parameter, shared by every example.
    fn parameter(self) -> bool {
        matches!(
            self,
            Kind::Weight | Kind::Bias | Kind::NewWeight | Kind::NewBias
        )
    }
}

/// A name as written in a claims file, before it is checked against a network.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameRef {
    /// `new …`: the forward pass after training.
    pub new: bool,
    /// What is named.
    pub kind: Spanned<Kind>,
    /// The indices as written (1-based), each with its place.
    pub indices: Vec<Spanned<u64>>,
    /// `(example k)`, 1-based.
    pub example: Option<Spanned<u64>>,
    /// `(update n)`, 1-based.
    pub update: Option<Spanned<u64>>,
    /// The whole name.
    pub span: Span,
}

/// When a value is taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum When {
    /// During update n (1-based): its forward pass, errors, gradients and
    /// the parameters it produces; `W` and `b` are those it starts from.
    Update(u64),
    /// The forward pass after the last update.
    After,
}

/// A quantity of the run: a symbol as the run's programs tag it, and when.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Place {
    /// The symbol (its example tag as the update or forward program uses it).
    pub symbol: Symbol,
    /// When.
    pub when: When,
}

/// How many SGD updates a network's training makes.
pub fn update_count(network: &Network) -> u64 {
    match network.batch {
        Batch::Single => network.steps.saturating_mul(network.examples.len() as u64),
        Batch::Full => network.steps,
    }
}

/// The example an update uses under `batch = 1` (`None` in a full batch).
pub(super) fn online_example(network: &Network, update: u64) -> Option<ExampleId> {
    let count = network.examples.len() as u64;
    (network.batch == Batch::Single && count > 0).then(|| {
        let index = (update.saturating_sub(1)) % count;
        ExampleId(usize::try_from(index).unwrap_or(0))
    })
}

/// Whether per-example values carry an example tag at this time.
fn tagged(network: &Network, when: When) -> bool {
    network.examples.len() > 1
        && match when {
            When::After => true,
            When::Update(_) => network.batch == Batch::Full,
        }
}

fn error(message: impl Into<String>, span: Span, label: &str, help: &str) -> Diagnostic {
    Diagnostic::error(message, span, label).with_help(help)
}

/// Checks a 1-based index against `count` and makes it 0-based.
fn index(written: &Spanned<u64>, count: usize, what: &str) -> Result<usize, Diagnostic> {
    let value = usize::try_from(written.node).unwrap_or(usize::MAX);
    if value == 0 || value > count {
        return Err(error(
            format!(
                "there is no {what} {}: {what}s are numbered 1 to {count}",
                written.node
            ),
            written.span,
            "out of range",
            "indices count from 1, as in the book",
        ));
    }
    Ok(value - 1)
}

/// The layer and unit of `[l][i]` (or `[l]` for a layer of one unit).
fn layer_unit(network: &Network, name: &NameRef) -> Result<(LayerId, UnitId), Diagnostic> {
    let layer = LayerId(index(&name.indices[0], network.layers.len(), "layer")?);
    let units = network.layer(layer).units();
    let unit = match name.indices.get(1) {
        Some(written) => index(written, units, "unit")?,
        None if units == 1 => 0,
        None => {
            return Err(error(
                format!("layer {} has {units} units: name one", layer.number()),
                name.span,
                "which unit?",
                &format!("write `{}[{}][1]`", name.kind.node.word(), layer.number()),
            ));
        }
    };
    Ok((layer, UnitId(unit)))
}

/// The layer, receiving and sending unit of `[l][i][j]` (or `[l][j]` for a
/// layer of one unit).
fn weight_indices(
    network: &Network,
    name: &NameRef,
) -> Result<(LayerId, UnitId, UnitId), Diagnostic> {
    let layer = LayerId(index(&name.indices[0], network.layers.len(), "layer")?);
    let units = network.layer(layer).units();
    let (to, from) = match name.indices.len() {
        3 => (&name.indices[1], &name.indices[2]),
        2 if units == 1 => {
            let from = index(
                &name.indices[1],
                network.fan_in(layer),
                "input of the layer",
            )?;
            return Ok((layer, UnitId(0), UnitId(from)));
        }
        _ => {
            return Err(error(
                format!(
                    "a weight of layer {} needs a unit and an input: `[{}][i][j]`",
                    layer.number(),
                    layer.number()
                ),
                name.span,
                "which weight?",
                "W[l][i][j] is the weight from unit j of the layer before to unit i of layer l",
            ));
        }
    };
    let to = index(to, units, "unit")?;
    let from = index(from, network.fan_in(layer), "input of the layer")?;
    Ok((layer, UnitId(to), UnitId(from)))
}

fn component(name: &NameRef, count: usize) -> Result<UnitId, Diagnostic> {
    match name.indices.first() {
        Some(written) => Ok(UnitId(index(written, count, "component")?)),
        None if count == 1 => Ok(UnitId(0)),
        None => Err(error(
            format!(
                "`{}` has {count} components: name one",
                name.kind.node.word()
            ),
            name.span,
            "which component?",
            &format!("write `{}[1]`", name.kind.node.word()),
        )),
    }
}

fn check_count(name: &NameRef, allowed: &[usize], shape: &str) -> Result<(), Diagnostic> {
    if allowed.contains(&name.indices.len()) {
        return Ok(());
    }
    Err(error(
        format!(
            "`{}` takes {shape}, not {} {}",
            name.kind.node.word(),
            name.indices.len(),
            if name.indices.len() == 1 {
                "index"
            } else {
                "indices"
            }
        ),
        name.span,
        "wrong number of indices",
        &format!("write it as `{}{shape}`", name.kind.node.word()),
    ))
}

/// The quantity a name's kind and indices denote.
fn quantity(network: &Network, name: &NameRef) -> Result<Quantity, Diagnostic> {
    let kind = name.kind.node;
    match kind {
        Kind::Input | Kind::Target => {
            check_count(name, &[0, 1], "[i]")?;
            let count = if kind == Kind::Input {
                network.input_size()
            } else {
                network.layer(network.output_layer()).units()
            };
            let unit = component(name, count)?;
            Ok(if kind == Kind::Input {
                Quantity::Input { unit }
            } else {
                Quantity::Target { unit }
            })
        }
        Kind::Prediction => {
            check_count(name, &[0, 1], "[i]")?;
            let layer = network.output_layer();
            let unit = component(name, network.layer(layer).units())?;
            Ok(Quantity::Activation { layer, unit })
        }
        Kind::Loss => {
            check_count(name, &[0], "no indices")?;
            Ok(Quantity::Loss)
        }
        Kind::Weight | Kind::WeightGradient | Kind::NewWeight => {
            check_count(name, &[2, 3], "[l][i][j]")?;
            let (layer, to, from) = weight_indices(network, name)?;
            Ok(match kind {
                Kind::Weight => Quantity::Weight { layer, to, from },
                Kind::WeightGradient => Quantity::WeightGradient { layer, to, from },
                _ => Quantity::NewWeight { layer, to, from },
            })
        }
        Kind::State(state) => state_quantity(network, name, state),
        Kind::Bias
        | Kind::BiasGradient
        | Kind::NewBias
        | Kind::PreActivation
        | Kind::Activation
        | Kind::Delta => {
            check_count(name, &[1, 2], "[l][i]")?;
            let (layer, unit) = layer_unit(network, name)?;
            let is_bias = matches!(kind, Kind::Bias | Kind::BiasGradient | Kind::NewBias);
            if is_bias && network.layer(layer).biases.is_none() {
                return Err(error(
                    format!("layer {} has no biases", layer.number()),
                    name.span,
                    "no such bias",
                    "the layer was given without `b`, so it has no bias to name",
                ));
            }
            Ok(match kind {
                Kind::Bias => Quantity::Bias { layer, unit },
                Kind::BiasGradient => Quantity::BiasGradient { layer, unit },
                Kind::NewBias => Quantity::NewBias { layer, unit },
                Kind::PreActivation => Quantity::PreActivation { layer, unit },
                Kind::Activation => Quantity::Activation { layer, unit },
                _ => Quantity::Delta { layer, unit },
            })
        }
    }
}

/// `m[l][i][j]` (a weight's state) or `m[l][i]` (a bias's).
fn state_quantity(
    network: &Network,
    name: &NameRef,
    kind: StateKind,
) -> Result<Quantity, Diagnostic> {
    let kept = states(&network.optimizer);
    let kind = match kind {
        StateKind::V if kept.contains(&StateKind::Velocity) => StateKind::Velocity,
        other => other,
    };
    if !kept.contains(&kind) {
        let names: Vec<&str> = kept.iter().map(|k| k.name()).collect();
        return Err(error(
            format!(
                "the optimizer `{}` keeps no `{}`",
                network.optimizer.name(),
                kind.name()
            ),
            name.kind.span,
            "not a state of this optimizer",
            &if names.is_empty() {
                "plain SGD keeps no state between updates".to_owned()
            } else {
                format!("its state is {}", crate::text::names_or(&names))
            },
        ));
    }
    check_count(name, &[2, 3], "[l][i][j] (a weight's) or [l][i] (a bias's)")?;
    let param = if name.indices.len() == 3 {
        let (layer, to, from) = weight_indices(network, name)?;
        Param::Weight { layer, to, from }
    } else {
        let (layer, unit) = layer_unit(network, name)?;
        if network.layer(layer).biases.is_none() {
            return Err(error(
                format!("layer {} has no biases", layer.number()),
                name.span,
                "no such bias",
                "two indices name a bias's state; a weight's takes three, [l][i][j]",
            ));
        }
        Param::Bias { layer, unit }
    };
    Ok(Quantity::State { kind, param })
}

/// When a name is taken: `new` is after training, otherwise the update
/// named (by default the first, or under `batch = 1` the first that used
/// the example named).
fn when(network: &Network, name: &NameRef) -> Result<When, Diagnostic> {
    let updates = update_count(network);
    if name.new {
        if let Some(update) = &name.update {
            return Err(error(
                "`new` is the forward pass after the last update: it takes no `update`",
                update.span,
                "not with `new`",
                "drop `new` to name a value of that update, or drop the update",
            ));
        }
        let kind = name.kind.node;
        if !matches!(
            kind,
            Kind::PreActivation
                | Kind::Activation
                | Kind::Prediction
                | Kind::Loss
                | Kind::Weight
                | Kind::Bias
        ) {
            return Err(error(
                format!(
                    "after training there is only a forward pass: `new {}` names nothing",
                    kind.word()
                ),
                name.kind.span,
                "not computed after training",
                "`new` goes with z, a, yhat, loss, W and b; the updated parameters of an update are W' and b'",
            ));
        }
        return Ok(When::After);
    }
    let number = match (&name.update, &name.example) {
        (Some(update), _) => {
            if update.node == 0 || update.node > updates {
                return Err(error(
                    format!(
                        "there is no update {}: the training makes {updates} update{}",
                        update.node,
                        if updates == 1 { "" } else { "s" }
                    ),
                    update.span,
                    "out of range",
                    "updates count from 1",
                ));
            }
            update.node
        }
        (None, Some(example)) if network.batch == Batch::Single => example.node,
        (None, _) => 1,
    };
    Ok(When::Update(number))
}

/// The example tag of a name at `when`, checking its qualifier.
fn example_tag(
    network: &Network,
    name: &NameRef,
    when: When,
) -> Result<Option<ExampleId>, Diagnostic> {
    let kind = name.kind.node;
    let count = network.examples.len();
    if let (Some(example), true) = (&name.example, kind.parameter()) {
        return Err(error(
            "parameters are shared by every example: they take no `example`",
            example.span,
            "not for a parameter",
            "drop the example; name the update instead, as `(update 2)`",
        ));
    }
    let chosen = match &name.example {
        Some(example) => Some((ExampleId(index(example, count, "example")?), example.span)),
        None => None,
    };
    if tagged(network, when) {
        return match chosen {
            Some((example, _)) => Ok(Some(example)),
            None if kind.per_example() => Err(error(
                format!(
                    "there are {count} examples: say which one `{}` belongs to",
                    kind.word()
                ),
                name.span,
                "which example?",
                "add a qualifier, as `(example 1)`",
            )),
            None => Ok(None),
        };
    }
    if let (Some((example, span)), When::Update(update)) = (chosen, when)
        && let Some(used) = online_example(network, update)
        && used != example
    {
        return Err(error(
            format!(
                "update {update} uses example {}, not example {}",
                used.number(),
                example.number()
            ),
            span,
            "a different example",
            "under `batch = 1` each update uses one example, in order",
        ));
    }
    Ok(None)
}

/// Checks a written name against a network: the place of the run it names.
///
/// # Errors
/// A [`Diagnostic`] pointing at the part of the name that names nothing.
pub fn resolve(network: &Network, name: &NameRef) -> Result<Place, Diagnostic> {
    let quantity = quantity(network, name)?;
    let when = when(network, name)?;
    let example = example_tag(network, name, when)?;
    Ok(Place {
        symbol: Symbol::for_example(quantity, example),
        when,
    })
}

mod every;
mod places;
pub mod profile;

pub use every::{WORDS, every};

pub use places::{
    Recorded, answer_places, answer_places_of, audit_places, computed_places, describe, name,
    parameters, value,
};
