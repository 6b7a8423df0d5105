//! Stage 2: syntax tree → checked [`Network`].
//!
//! Every semantic rule lives here: names, kinds of values, shapes, ranges,
//! limits. Problems are collected, not stopped at, so `longhand validate`
//! can report them all. Nothing here knows about pest, expressions or
//! rounding; the output holds exact rationals and no spans.

mod draw;
mod examples;
pub mod ids;
mod layers;
pub mod limits;
mod literal;
pub mod network;
pub mod settings;

use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive, Zero};

use crate::diagnostic::Diagnostic;
use crate::parse::ast::{self, SettingValue, Statement, Value};
use crate::source::{Span, Spanned};
pub use draw::Draws;
pub use network::{
    Activation, Batch, Example, Layer, Literal, Loss, Network, Parameter, Reduction,
};
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
        end: Span::new(end, end),
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
const TOP_SETTINGS: [&str; 9] = [
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
];

/// Setting names allowed inside `layer { ... }`.
const LAYER_SETTINGS: [&str; 4] = ["activation", "W", "b", "units"];

struct Checker {
    diagnostics: Vec<Diagnostic>,
    draws: Draws,
    /// An empty span just after the last statement: where errors about
    /// something missing from the whole file point.
    end: Span,
}

/// The whole span of a top-level statement.
fn statement_span(statement: &Statement) -> Span {
    match statement {
        Statement::Network { span, .. }
        | Statement::Examples { span, .. }
        | Statement::Layer { span, .. } => *span,
        Statement::Input(binding) | Statement::Target(binding) => binding.span,
        Statement::Setting(setting) => setting.span,
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
}

impl Checker {
    fn error(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    fn check_file(&mut self, file: &ast::File, options: &CheckOptions) -> Option<Network> {
        let gathered = self.gather(file);
        let settings = self.check_top_settings(&gathered.settings);
        let examples = self.check_examples(&gathered);
        let layers = self.check_layers(&gathered, examples.as_ref());
        let title = gathered
            .title
            .map_or_else(|| options.default_title.clone(), |t| t.node.clone());
        let input_name = name_of(gathered.input, "x");
        let target_name = name_of(gathered.target, "y");
        let (examples, _) = examples?;
        let layers = layers?;
        let settings = settings?;
        let network = Network {
            title,
            input_name,
            target_name,
            layers,
            examples,
            loss: settings.loss,
            learning_rate: settings.learning_rate,
            steps: settings.steps,
            batch: settings.batch,
            reduction: settings.reduction,
            settings: settings.number_settings,
            fractions: settings.fractions,
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

/// Settings read from the top level of the file.
struct TopSettings {
    loss: Loss,
    loss_span: Span,
    learning_rate: Literal,
    steps: u64,
    batch: Batch,
    reduction: Reduction,
    number_settings: Settings,
    fractions: bool,
}

impl Checker {
    /// Reports unknown settings and settings given twice, returning each
    /// known key's first occurrence.
    fn unique_settings<'a>(
        &mut self,
        settings: &[&'a ast::Setting],
        known: &[&'static str],
        place: &str,
    ) -> Known<'a> {
        let mut seen: Vec<&'a ast::Setting> = Vec::new();
        let mut suggested = Vec::new();
        for setting in settings {
            let key = setting.key.node.as_str();
            if !known.contains(&key) {
                suggested.extend(self.unknown_setting(setting, known, place));
                continue;
            }
            if let Some(first) = seen.iter().find(|s| s.key.node == key) {
                self.error(
                    Diagnostic::error(
                        format!("`{key}` is set twice"),
                        setting.key.span,
                        "set again here",
                    )
                    .with_secondary(first.key.span, "first set here")
                    .with_help(format!("keep one `{key} = ...`")),
                );
                continue;
            }
            if let Some(frozen) = setting.frozen
                && key != "W"
                && key != "b"
            {
                self.error(
                        Diagnostic::error(
                            format!("`frozen` can only follow a weight matrix `W` or a bias vector `b`, not `{key}`"),
                            frozen,
                            "not a parameter",
                        )
                        .with_help("remove `frozen` here"),
                    );
            }
            seen.push(setting);
        }
        Known {
            settings: seen,
            suggested,
        }
    }

    /// Reports an unknown setting; returns the known key suggested instead.
    fn unknown_setting(
        &mut self,
        setting: &ast::Setting,
        known: &[&'static str],
        place: &str,
    ) -> Option<&'static str> {
        let key = setting.key.node.as_str();
        let mut diagnostic = Diagnostic::error(
            format!("unknown setting `{key}` {place}"),
            setting.key.span,
            "not a setting longhand knows",
        );
        let in_other_place = if place == "at the top level" {
            LAYER_SETTINGS
                .contains(&key)
                .then_some("inside a `layer { ... }` block")
        } else {
            TOP_SETTINGS
                .contains(&key)
                .then_some("at the top level, outside every layer")
        };
        let suggestion = suggest(key, known);
        diagnostic = match (in_other_place, suggestion) {
            (Some(place), _) => diagnostic.with_help(format!("`{key}` belongs {place}")),
            (None, Some(name)) => diagnostic.with_help(format!("did you mean `{name}`?")),
            (None, None) => {
                diagnostic.with_help(format!("the settings here are {}", list_names(known)))
            }
        };
        self.error(diagnostic);
        suggestion.filter(|_| in_other_place.is_none())
    }

    fn check_top_settings(&mut self, settings: &[&ast::Setting]) -> Option<TopSettings> {
        let known = self.unique_settings(settings, &TOP_SETTINGS, "at the top level");
        let find = |key: &str| known.settings.iter().copied().find(|s| s.key.node == key);
        let (loss, loss_span) = match find("loss") {
            Some(setting) => (self.check_loss(setting), setting.value.span),
            None => {
                if !known.misspelt("loss") {
                    self.error(
                        Diagnostic::error(
                            "the file does not say which loss to use",
                            self.end,
                            "the file ends without `loss = ...`",
                        )
                        .with_help("add a line such as `loss = half_squared_error`"),
                    );
                }
                (None, self.end)
            }
        };
        let learning_rate = match find("learning_rate") {
            Some(setting) => self.check_learning_rate(setting),
            None => {
                if !known.misspelt("learning_rate") {
                    self.error(
                        Diagnostic::error(
                            "the file does not give a learning rate",
                            self.end,
                            "the file ends without `learning_rate = ...`",
                        )
                        .with_help("add a line such as `learning_rate = 0.5`"),
                    );
                }
                None
            }
        };
        let steps = find("steps").map_or(Some(1), |s| self.check_steps(s));
        let batch = find("batch").map_or(Some(Batch::Full), |s| self.check_batch(s));
        let reduction = find("reduction").map_or(Some(Reduction::Mean), |s| {
            self.check_word(s, &[(Reduction::Mean, "mean"), (Reduction::Sum, "sum")])
        });
        let defaults = Settings::default();
        let precision =
            find("precision").map_or(Some(defaults.precision), |s| self.check_precision(s));
        let rounding = find("rounding").map_or(Some(defaults.rounding), |s| {
            self.check_word(s, &Rounding::ALL)
        });
        let carry = find("carry").map_or(Some(defaults.carry), |s| self.check_word(s, &Carry::ALL));
        let fractions = find("fractions").map_or(Some(false), |s| {
            self.check_word(s, &[(true, "true"), (false, "false")])
        });
        Some(TopSettings {
            fractions: fractions?,
            loss: loss?,
            loss_span,
            learning_rate: learning_rate?,
            steps: steps?,
            batch: batch?,
            reduction: reduction?,
            number_settings: Settings {
                precision: precision?,
                rounding: rounding?,
                carry: carry?,
            },
        })
    }

    fn check_word<T: Copy>(&mut self, setting: &ast::Setting, choices: &[(T, &str)]) -> Option<T> {
        let names: Vec<&str> = choices.iter().map(|(_, n)| *n).collect();
        let key = &setting.key.node;
        if let SettingValue::Word(word) = &setting.value.node {
            if let Some((value, _)) = choices.iter().find(|(_, n)| n == word) {
                return Some(*value);
            }
            let help = suggest(word, &names).map_or_else(
                || format!("`{key}` is one of {}", list_names(&names)),
                |name| format!("did you mean `{name}`?"),
            );
            self.error(
                Diagnostic::error(
                    format!("unknown {} `{word}`", describe_key(key)),
                    setting.value.span,
                    "not known",
                )
                .with_help(help),
            );
        } else {
            self.error(
                Diagnostic::error(
                    format!("`{key}` expects a word"),
                    setting.value.span,
                    "expected a word here",
                )
                .with_help(format!("`{key}` is one of {}", list_names(&names))),
            );
        }
        None
    }

    fn check_loss(&mut self, setting: &ast::Setting) -> Option<Loss> {
        self.check_word(setting, &Loss::ALL)
    }

    fn check_precision(&mut self, setting: &ast::Setting) -> Option<Precision> {
        let help =
            "write `precision = 4 decimals`, `precision = 6 significant` or `precision = exact`";
        match &setting.value.node {
            SettingValue::Word(word) if word == "exact" => Some(Precision::Exact),
            SettingValue::Precision { digits, unit } => {
                match Precision::from_parts(&digits.node, &unit.node) {
                    Ok(precision) => Some(precision),
                    Err(error) => {
                        let is_unit = error.message.starts_with("unknown");
                        let (span, label) = if is_unit {
                            (unit.span, "not a unit of precision")
                        } else {
                            (digits.span, "out of range")
                        };
                        let mut diagnostic = Diagnostic::error(error.message, span, label);
                        diagnostic = match suggest(&unit.node, &["decimals", "significant"]) {
                            Some(name) if is_unit => {
                                diagnostic.with_help(format!("did you mean `{name}`?"))
                            }
                            _ => diagnostic.with_help(error.help),
                        };
                        self.error(diagnostic);
                        None
                    }
                }
            }
            SettingValue::Value(Value::Number(number)) => {
                let digits = number.text.trim();
                self.error(
                    Diagnostic::error(
                        format!("`precision = {digits}` is missing its unit"),
                        setting.value.span,
                        "decimals or significant digits?",
                    )
                    .with_help(format!(
                        "write `precision = {digits} decimals` or `precision = {digits} significant`"
                    )),
                );
                None
            }
            _ => {
                self.error(
                    Diagnostic::error(
                        "cannot read this precision",
                        setting.value.span,
                        "not a precision",
                    )
                    .with_help(help),
                );
                None
            }
        }
    }

    fn check_learning_rate(&mut self, setting: &ast::Setting) -> Option<Literal> {
        let rate = self.scalar_setting(setting)?;
        if !rate.value.is_positive() {
            self.error(
                Diagnostic::error(
                    format!("the learning rate must be positive, but it is `{}`", rate.text),
                    setting.value.span,
                    "not positive",
                )
                .with_help("gradient descent steps against the gradient: use a learning rate such as `0.5`"),
            );
            return None;
        }
        Some(rate)
    }

    fn check_steps(&mut self, setting: &ast::Setting) -> Option<u64> {
        let literal = self.scalar_setting(setting)?;
        let whole = literal
            .value
            .is_integer()
            .then(|| literal.value.to_integer().to_u64())
            .flatten();
        match whole {
            Some(0) => {
                self.error(
                    Diagnostic::error(
                        "`steps = 0` would train nothing",
                        setting.value.span,
                        "zero steps",
                    )
                    .with_help("use `steps = 1` or more"),
                );
                None
            }
            Some(n) if n <= limits::MAX_STEPS => Some(n),
            Some(_) => {
                self.error(
                    Diagnostic::error(
                        format!("`steps = {}` is more than longhand runs", literal.text),
                        setting.value.span,
                        "too many",
                    )
                    .with_help(format!("use at most {} steps", limits::MAX_STEPS)),
                );
                None
            }
            None => {
                self.error(
                    Diagnostic::error(
                        format!(
                            "`steps` must be a whole number from 1 up, not `{}`",
                            literal.text
                        ),
                        setting.value.span,
                        if literal.value.is_integer() {
                            "below 1"
                        } else {
                            "not a whole number"
                        },
                    )
                    .with_help("write `steps = 1`, `steps = 50`, ..."),
                );
                None
            }
        }
    }

    fn check_batch(&mut self, setting: &ast::Setting) -> Option<Batch> {
        match &setting.value.node {
            SettingValue::Word(word) if word == "full" => Some(Batch::Full),
            SettingValue::Value(Value::Number(number)) if number.text.trim() == "1" => {
                Some(Batch::Single)
            }
            _ => {
                self.error(
                    Diagnostic::error("`batch` is either `full` or `1`", setting.value.span, "not `full` or `1`")
                        .with_help("`batch = full` makes one update from all examples; `batch = 1` one update per example"),
                );
                None
            }
        }
    }

    /// A single number (a literal or a drawn `uniform`) for a top-level setting.
    fn scalar_setting(&mut self, setting: &ast::Setting) -> Option<Literal> {
        match &setting.value.node {
            SettingValue::Value(value) => self.scalar(
                &Spanned::new(value.clone(), setting.value.span),
                &setting.key.node,
            ),
            _ => {
                self.error(
                    Diagnostic::error(
                        format!("`{}` expects a number", setting.key.node),
                        setting.value.span,
                        "expected a number here",
                    )
                    .with_help(format!("write `{} = 0.5`, for example", setting.key.node)),
                );
                None
            }
        }
    }

    /// A number from a value that must be a single number.
    fn scalar(&mut self, value: &Spanned<Value>, what: &str) -> Option<Literal> {
        match &value.node {
            Value::Number(number) => self.literal(&number.text, value.span),
            Value::Uniform { low, high, step } => self.draw(low, high, step, value.span),
            Value::List(items) if items.len() == 1 => self.scalar(&items[0], what),
            Value::List(_) => {
                self.error(
                    Diagnostic::error(
                        format!("`{what}` expects a single number"),
                        value.span,
                        "a list here",
                    )
                    .with_help("remove the brackets and give one number"),
                );
                None
            }
        }
    }

    fn literal(&mut self, text: &str, span: Span) -> Option<Literal> {
        match literal::parse_literal(text) {
            Ok(literal) => Some(literal),
            Err(error) => {
                self.error(
                    Diagnostic::error(error.message, span, error.label).with_help(error.help),
                );
                None
            }
        }
    }

    fn draw(
        &mut self,
        low: &Spanned<ast::NumberLiteral>,
        high: &Spanned<ast::NumberLiteral>,
        step: &Spanned<ast::NumberLiteral>,
        span: Span,
    ) -> Option<Literal> {
        let low = self.literal(&low.node.text, low.span)?;
        let high = self.literal(&high.node.text, high.span)?;
        let step = self.literal(&step.node.text, step.span)?;
        match self.draws.uniform(&low.value, &high.value, &step.value) {
            Ok(value) => Some(Literal {
                text: draw::literal_text(&value),
                value,
            }),
            Err(error) => {
                self.error(
                    Diagnostic::error(error.message, span, error.label).with_help(error.help),
                );
                None
            }
        }
    }
}

impl Checker {
    /// Checks relations between parts that are each fine on their own:
    /// the loss against the output layer and the targets, and the limits.
    fn check_network(&mut self, network: &Network, gathered: &Gathered<'_>, loss_span: Span) {
        let output = network.output_layer();
        let output_layer = network.layer(output);
        let output_span = gathered
            .layers
            .last()
            .map_or(loss_span, |(name, _, _)| name.span);
        if network.loss == Loss::CrossEntropy && output_layer.activation != Activation::Softmax {
            self.error(
                Diagnostic::error(
                    format!(
                        "`cross_entropy` needs a `softmax` output layer, but layer `{}` uses `{}`",
                        output_layer.name,
                        output_layer.activation.name()
                    ),
                    loss_span,
                    "this loss",
                )
                .with_secondary(output_span, "the output layer")
                .with_help("use `activation = softmax` on the output layer, or `loss = binary_cross_entropy` for sigmoid outputs"),
            );
        }
        for (index, example) in network.examples.iter().enumerate() {
            self.check_target_values(network, example, index, gathered, loss_span);
        }
        let parameters = network.parameter_count();
        if parameters > limits::MAX_PARAMETERS {
            self.error(
                Diagnostic::error(
                    format!("the network has {parameters} weights and biases; longhand works with at most {}", limits::MAX_PARAMETERS),
                    output_span,
                    "",
                )
                .with_help("a worked example is read by a person: use a smaller network"),
            );
        }
        let work = limits::training_work(network);
        if work > u128::from(limits::MAX_WORK) {
            self.error(
                Diagnostic::error(
                    format!(
                        "{} steps over {} examples of a network with {} parameters is more training than longhand runs",
                        network.steps,
                        network.examples.len(),
                        parameters
                    ),
                    gathered.settings.iter().find(|s| s.key.node == "steps").map_or(loss_span, |s| s.value.span),
                    "too many steps",
                )
                .with_help(format!(
                    "steps × examples × parameters may be at most {}",
                    limits::MAX_WORK
                )),
            );
        }
    }

    fn check_target_values(
        &mut self,
        network: &Network,
        example: &Example,
        index: usize,
        gathered: &Gathered<'_>,
        loss_span: Span,
    ) {
        let span = target_span(gathered, index).unwrap_or(loss_span);
        let entry_span = |entry: usize| target_entry_span(gathered, index, entry).unwrap_or(span);
        let zero = BigRational::zero();
        let one = BigRational::one();
        let outside = |t: &Literal| t.value < zero || t.value > one;
        match network.loss {
            Loss::CrossEntropy => {
                if let Some(entry) = example.target.iter().position(|t| t.value < zero) {
                    self.error(
                        Diagnostic::error(
                            format!(
                                "with `cross_entropy` targets are probabilities, but `{}` is negative",
                                example.target[entry].text
                            ),
                            entry_span(entry),
                            "negative",
                        )
                        .with_help("use a one-hot target such as `[0, 1, 0]`"),
                    );
                    return;
                }
                let sum: BigRational = example.target.iter().map(|t| &t.value).sum();
                if sum != one {
                    self.error(
                        Diagnostic::error(
                            format!(
                                "with `cross_entropy` each target must add up to 1, but this one adds up to `{}`",
                                draw::literal_text(&sum)
                            ),
                            span,
                            "not a probability distribution",
                        )
                        .with_help("use a one-hot target such as `[0, 1, 0]`, or probabilities that add up to 1"),
                    );
                }
            }
            Loss::BinaryCrossEntropy => {
                if let Some(entry) = example.target.iter().position(outside) {
                    self.error(
                        Diagnostic::error(
                            format!(
                                "with `binary_cross_entropy` every target lies between 0 and 1, but one is `{}`",
                                example.target[entry].text
                            ),
                            entry_span(entry),
                            "outside 0 to 1",
                        )
                        .with_help("targets are probabilities: use values such as 0 or 1"),
                    );
                }
            }
            _ => {}
        }
    }
}

fn target_span(gathered: &Gathered<'_>, index: usize) -> Option<Span> {
    if let Some(target) = gathered.target {
        return Some(target.value.span);
    }
    gathered
        .examples
        .and_then(|(pairs, _)| pairs.get(index))
        .map(|pair| pair.target.span)
}

/// The span of one entry of a written-out target vector.
fn target_entry_span(gathered: &Gathered<'_>, index: usize, entry: usize) -> Option<Span> {
    let value = match gathered.target {
        Some(target) => &target.value,
        None => &gathered.examples?.0.get(index)?.target,
    };
    match &value.node {
        Value::List(items) => items.get(entry).map(|item| item.span),
        Value::Number(_) => Some(value.span),
        Value::Uniform { .. } => None,
    }
}

/// The closest known name, if it is close enough to be a likely typo.
pub(crate) fn suggest<'a>(word: &str, known: &[&'a str]) -> Option<&'a str> {
    let lower = word.to_lowercase();
    known
        .iter()
        .map(|name| (strsim::jaro_winkler(&lower, &name.to_lowercase()), *name))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, name)| name)
}

fn list_names(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {}", init.join(", "), last),
    }
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
