//! Stage 2: syntax tree → checked [`Network`].
//!
//! Every semantic rule lives here: names, kinds of values, shapes, ranges,
//! limits, and the functions the file defines. Problems are collected, not
//! stopped at, so `longhand validate` can report them all. Activations and
//! losses are references to cards of [`crate::functions`] (or to a
//! definition from the file, held as the same expression tree). Nothing
//! here knows about pest, derivatives or rounding; the output holds exact
//! rationals and no spans.

pub mod author;
mod consistency;
mod constraints;
mod definitions;
mod draw;
mod examples;
pub mod forms;
pub mod ids;
mod layers;
pub mod limits;
mod literal;
pub mod network;
pub mod optimizer;
pub mod settings;
pub mod symbols;
mod top_settings;

use crate::diagnostic::Diagnostic;
use crate::parse::ast::{self, SettingValue, Statement};
use crate::source::{Span, Spanned};
pub use draw::{Draws, plain_source};
pub use forms::{Appendix, Forms, Remark, Remarks};
pub use network::{
    Activation, ActivationFunction, ActivationShape, Batch, DefinedLoss, Definition, Drawn,
    Example, Layer, Literal, Loss, Network, Parameter, Reduction, Requirement,
};
pub use optimizer::{Hyper, Optimizer};
pub use settings::{Carry, Precision, Rounding, Settings};

/// What the checker needs besides the syntax tree.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// Title used when the file has no `network "..."` statement (the file stem).
    pub default_title: String,
    /// Seed for `uniform(...)` draws (0 unless `--seed` is given).
    pub seed: u64,
}

/// Checks a parsed file and builds the network it describes.
///
/// # Errors
/// Every problem found, in source order where possible.
pub fn check(file: &ast::File, options: &CheckOptions) -> Result<Network, Vec<Diagnostic>> {
    let Some(end) = file.statements.iter().map(|s| statement_span(s).end).max() else {
        return Err(vec![
            Diagnostic::error("the file has no statements", Span::new(0, 0), "nothing but comments and blank lines")
                .with_help("a network needs `input x = [...]`, `target y = [...]`, at least one `layer NAME { ... }`, `loss = ...` and `learning_rate = ...`"),
        ]);
    };
    let mut checker = Checker {
        diagnostics: Vec::new(),
        draws: Draws::new(options.seed),
        drawn: Vec::new(),
        end: Span::new(end, end),
        defined: Vec::new(),
        broken: Vec::new(),
    };
    let network = checker.check_file(file, options);
    match network {
        Some(network) if checker.diagnostics.is_empty() => Ok(network),
        _ => {
            let mut diagnostics = checker.diagnostics;
            diagnostics.sort_by_key(|d| d.primary.span.start);
            Err(diagnostics)
        }
    }
}

/// Top-level setting names, for lookups and suggestions.
const TOP_SETTINGS: [&str; 15] = [
    "loss",
    "learning_rate",
    "steps",
    "batch",
    "reduction",
    "precision",
    "rounding",
    "carry",
    // A longhand extension: the file-level form of `--fractions`.
    "fractions",
    // The notation: a profile in quotes (`notation = "nielsen"`, the
    // symbols) or a bare word (`notation = vector`, how each step is written).
    "notation",
    // Which remarks on the numbers the worked example makes.
    "remarks",
    "optimizer",
    "weight_decay",
    "decoupled_weight_decay",
    // A program that computes the same numbers (`appendix = numpy`).
    "appendix",
];

/// Setting names allowed inside `layer { ... }`.
const LAYER_SETTINGS: [&str; 4] = ["activation", "W", "b", "units"];

struct Checker {
    diagnostics: Vec<Diagnostic>,
    draws: Draws,
    /// The values drawn so far, with their places.
    drawn: Vec<Drawn>,
    /// An empty span just after the last statement: where errors about
    /// something missing from the whole file point.
    end: Span,
    /// The functions the file defines (checked), for layers and `loss =` to name.
    defined: Vec<Definition>,
    /// Names of definitions that have problems (already reported): naming
    /// one is not reported again as unknown.
    broken: Vec<String>,
}

/// The whole span of a top-level statement.
fn statement_span(statement: &Statement) -> Span {
    match statement {
        Statement::Network { span, .. }
        | Statement::Examples { span, .. }
        | Statement::Layer { span, .. } => *span,
        Statement::Input(binding) | Statement::Target(binding) => binding.span,
        Statement::Setting(setting) => setting.span,
        Statement::Definition(definition) => definition.span,
        Statement::Notation { span, .. }
        | Statement::Note { span, .. }
        | Statement::Require { span, .. } => *span,
    }
}

/// The known settings of one place (the top level or a layer), each key's
/// first occurrence, and the known keys that unknown ones look like typos of.
struct Known<'a> {
    settings: Vec<&'a ast::Setting>,
    suggested: Vec<&'static str>,
}

impl Known<'_> {
    /// Whether an unknown setting here was probably meant to be `key`
    /// (its absence has been explained already by "did you mean `key`?").
    fn misspelt(&self, key: &str) -> bool {
        self.suggested.contains(&key)
    }
}

/// The statements of a file sorted by kind, with duplicates reported.
#[derive(Default)]
struct Gathered<'a> {
    title: Option<&'a Spanned<String>>,
    input: Option<&'a ast::Binding>,
    target: Option<&'a ast::Binding>,
    examples: Option<(&'a [ast::ExamplePair], Span)>,
    layers: Vec<(&'a Spanned<String>, &'a [ast::Setting], Span)>,
    settings: Vec<&'a ast::Setting>,
    definitions: Vec<&'a ast::Definition>,
    notation: Option<&'a [ast::Setting]>,
    notes: Vec<author::NoteStatement<'a>>,
    requirements: Vec<(&'a Spanned<String>, Span)>,
}

impl Checker {
    fn error(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    fn check_file(&mut self, file: &ast::File, options: &CheckOptions) -> Option<Network> {
        let gathered = self.gather(file);
        self.defined = self
            .check_definitions(&gathered.definitions)
            .into_iter()
            .map(|checked| checked.definition)
            .collect();
        let settings = self.check_top_settings(&gathered.settings);
        let examples = self.check_examples(&gathered);
        let layers = self.check_layers(&gathered, examples.as_ref());
        let title = gathered
            .title
            .map_or_else(|| options.default_title.clone(), |t| t.node.clone());
        let input_name = name_of(gathered.input, "x");
        let target_name = name_of(gathered.target, "y");
        let top_notation =
            gathered.settings.iter().copied().find(|s| {
                s.key.node == "notation" && matches!(s.value.node, SettingValue::Text(_))
            });
        let symbols = self.check_symbols(top_notation, gathered.notation, layers.as_deref());
        let notes = self.check_notes(&gathered.notes, layers.as_deref());
        let requirements = self.check_requirements(&gathered.requirements);
        let (examples, _) = examples?;
        let layers = layers?;
        let settings = settings?;
        let network = Network {
            title,
            input_name,
            target_name,
            layers,
            examples,
            loss: settings.loss.clone(),
            definitions: self.defined.clone(),
            learning_rate: settings.learning_rate,
            steps: settings.steps,
            batch: settings.batch,
            reduction: settings.reduction,
            settings: settings.number_settings,
            fractions: settings.fractions,
            drawn: self.drawn.clone(),
            requirements,
            symbols,
            notes,
            notation: settings.notation,
            remarks: settings.remarks,
            optimizer: settings.optimizer.clone(),
            weight_decay: settings.weight_decay.clone(),
            decoupled_weight_decay: settings.decoupled_weight_decay.clone(),
            appendix: settings.appendix,
        };
        self.check_network(&network, &gathered, settings.loss_span);
        Some(network)
    }

    fn gather<'a>(&mut self, file: &'a ast::File) -> Gathered<'a> {
        let mut gathered = Gathered::default();
        let mut first_span: Vec<(&'static str, Span)> = Vec::new();
        let mut once = |checker: &mut Checker, what: &'static str, span: Span| {
            if let Some((_, first)) = first_span.iter().find(|(w, _)| *w == what) {
                checker.error(
                    Diagnostic::error(format!("{what} is given twice"), span, "given again here")
                        .with_secondary(*first, "first given here")
                        .with_help("keep only one of them"),
                );
                false
            } else {
                first_span.push((what, span));
                true
            }
        };
        for statement in &file.statements {
            match statement {
                Statement::Network { title, span } => {
                    if once(self, "the `network` title", *span) {
                        gathered.title = Some(title);
                    }
                }
                Statement::Input(binding) => {
                    if once(self, "`input`", binding.span) {
                        gathered.input = Some(binding);
                    }
                }
                Statement::Target(binding) => {
                    if once(self, "`target`", binding.span) {
                        gathered.target = Some(binding);
                    }
                }
                Statement::Examples { pairs, span } => {
                    if once(self, "the `examples` block", *span) {
                        gathered.examples = Some((pairs.as_slice(), *span));
                    }
                }
                Statement::Layer {
                    name,
                    settings,
                    span,
                } => {
                    if let Some((first, _, _)) =
                        gathered.layers.iter().find(|(n, _, _)| n.node == name.node)
                    {
                        self.error(
                            Diagnostic::error(
                                format!("there are two layers named `{}`", name.node),
                                name.span,
                                "second layer with this name",
                            )
                            .with_secondary(first.span, "first declared here")
                            .with_help("give every layer its own name"),
                        );
                    }
                    gathered.layers.push((name, settings.as_slice(), *span));
                }
                Statement::Setting(setting) => gathered.settings.push(setting),
                Statement::Definition(definition) => gathered.definitions.push(definition),
                Statement::Notation { settings, span, .. } => {
                    if once(self, "the `notation { ... }` block", *span) {
                        gathered.notation = Some(settings.as_slice());
                    }
                }
                Statement::Require { condition, span } => {
                    gathered.requirements.push((condition, *span));
                }
                Statement::Note { place, text, span } => {
                    gathered.notes.push((place.as_slice(), text, *span));
                }
            }
        }
        gathered
    }
}

fn name_of(binding: Option<&ast::Binding>, default: &str) -> String {
    binding
        .and_then(|b| b.name.as_ref())
        .map_or_else(|| default.to_owned(), |n| n.node.clone())
}

fn describe_key(key: &str) -> &str {
    match key {
        "loss" => "loss",
        "rounding" => "rounding mode",
        "carry" => "carry mode",
        "reduction" => "reduction",
        "activation" => "activation",
        other => other,
    }
}
