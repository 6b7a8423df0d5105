//! The statements at the top level of a file — loss, learning rate, steps,
//! batch, reduction, precision, rounding, carry, fractions — each checked for
//! its kind of value and range, unknown and repeated settings reported; and
//! the readers of single numbers and draws the layers use too.

use std::sync::Arc;

use num_traits::{Signed, ToPrimitive};

use super::forms::{Appendix, Forms, Remarks};
use super::network::{Batch, Definition, Literal, Loss, Reduction};
use super::settings::{Carry, Precision, Rounding, Settings};
use super::{Checker, Known, LAYER_SETTINGS, TOP_SETTINGS, describe_key, draw, limits, literal};
use crate::diagnostic::Diagnostic;
use crate::functions;
use crate::parse::ast::{self, SettingValue, Value};
use crate::source::{Span, Spanned};
use crate::text::{names_or as list_names, suggest};

/// Settings read from the top level of the file.
pub(super) struct TopSettings {
    pub(super) loss: Loss,
    pub(super) loss_span: Span,
    pub(super) learning_rate: Literal,
    pub(super) steps: u64,
    pub(super) batch: Batch,
    pub(super) reduction: Reduction,
    pub(super) number_settings: Settings,
    pub(super) fractions: bool,
    pub(super) notation: Option<Forms>,
    pub(super) remarks: Remarks,
    pub(super) optimizer: super::Optimizer,
    pub(super) weight_decay: Option<Literal>,
    pub(super) decoupled_weight_decay: Option<Literal>,
    pub(super) appendix: Appendix,
}

impl Checker {
    /// Reports unknown settings and settings given twice, returning each
    /// known key's first occurrence.
    pub(super) fn unique_settings<'a>(
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

    pub(super) fn check_top_settings(&mut self, settings: &[&ast::Setting]) -> Option<TopSettings> {
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
        // `notation = "nielsen"` (in quotes) names a profile of symbols,
        // checked with them; a bare word says how each step is written.
        let notation = match find("notation") {
            Some(s) => match &s.value.node {
                SettingValue::Text(_) => None,
                SettingValue::Word(word) if super::symbols::PROFILES.contains(&word.as_str()) => {
                    self.error(
                        Diagnostic::error(
                            format!("a notation profile goes in quotes: \"{word}\""),
                            s.value.span,
                            "a profile without quotes",
                        )
                        .with_help(format!(
                            "write `notation = \"{word}\"` for its symbols; a bare word chooses how each step is written ({})",
                            list_names(&Forms::ALL.iter().map(|(_, n)| *n).collect::<Vec<_>>())
                        )),
                    );
                    return None;
                }
                _ => Some(self.check_word(s, &Forms::ALL)?),
            },
            None => None,
        };
        let remarks = find("remarks").map_or(Some(Remarks::ALL), |s| self.check_remarks(s));
        let optimizer =
            find("optimizer").map_or(Some(super::Optimizer::Sgd), |s| self.check_optimizer(s));
        let weight_decay =
            find("weight_decay").map_or(Some(None), |s| self.check_decay(s).map(Some));
        let decoupled_weight_decay =
            find("decoupled_weight_decay").map_or(Some(None), |s| self.check_decay(s).map(Some));
        let appendix =
            find("appendix").map_or(Some(Appendix::None), |s| self.check_word(s, &Appendix::ALL));
        Some(TopSettings {
            appendix: appendix?,
            remarks: remarks?,
            notation,
            optimizer: optimizer?,
            weight_decay: super::optimizer::nonzero(weight_decay?),
            decoupled_weight_decay: super::optimizer::nonzero(decoupled_weight_decay?),
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
        let mut names = functions::loss_names();
        names.extend(self.defined.iter().filter_map(|d| match d {
            Definition::Loss(l) => Some(l.name.as_str()),
            Definition::Activation(_) => None,
        }));
        let word = match &setting.value.node {
            SettingValue::Word(word) => word,
            _ => {
                self.error(
                    Diagnostic::error(
                        "`loss` expects a word",
                        setting.value.span,
                        "expected a word here",
                    )
                    .with_help(format!("`loss` is one of {}", list_names(&names))),
                );
                return None;
            }
        };
        if let Some(card) = functions::loss_card(word) {
            return Some(Loss::Card(card));
        }
        match self.defined.iter().find(|d| d.name() == word) {
            Some(Definition::Loss(loss)) => return Some(Loss::Defined(Arc::clone(loss))),
            Some(Definition::Activation(_)) => {
                self.error(
                    Diagnostic::error(format!("`{word}` is an activation, not a loss"), setting.value.span, "an activation")
                        .with_help(format!("use it in a layer as `activation = {word}`; a loss is defined with `loss NAME(y, yhat) = …`")),
                );
                return None;
            }
            None if self.broken.iter().any(|b| b == word) => return None,
            None => {}
        }
        let help = suggest(word, &names).map_or_else(
            || format!("`loss` is one of {}", list_names(&names)),
            |name| format!("did you mean `{name}`?"),
        );
        self.error(
            Diagnostic::error(
                format!("unknown loss `{word}`"),
                setting.value.span,
                "not known",
            )
            .with_help(help),
        );
        None
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
                        } else if error.message.ends_with("whole number of digits") {
                            (digits.span, "not a whole number")
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
    pub(super) fn scalar_setting(&mut self, setting: &ast::Setting) -> Option<Literal> {
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
    pub(super) fn scalar(&mut self, value: &Spanned<Value>, what: &str) -> Option<Literal> {
        match &value.node {
            Value::Number(number) => self.literal(&number.text, value.span),
            Value::Uniform { .. } | Value::Choice(_) => self.draw(&value.node, value.span),
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

    pub(super) fn literal(&mut self, text: &str, span: Span) -> Option<Literal> {
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

    /// Draws one value of `uniform(...)` or `choice(...)` (written at `span`).
    pub(super) fn draw(&mut self, value: &Value, span: Span) -> Option<Literal> {
        let drawn = match value {
            Value::Uniform { low, high, step } => {
                let low = self.literal(&low.node.text, low.span)?;
                let high = self.literal(&high.node.text, high.span)?;
                let step = self.literal(&step.node.text, step.span)?;
                self.draws.uniform(&low.value, &high.value, &step.value)
            }
            Value::Choice(items) => {
                let values = self.choices(items, span)?;
                self.draws.choice(&values)
            }
            Value::Number(_) | Value::List(_) => return None,
        };
        match drawn {
            Ok(value) => {
                let text = draw::literal_text(&value);
                self.drawn.push(super::Drawn {
                    span,
                    text: text.clone(),
                    columns: 0,
                });
                Some(Literal { text, value })
            }
            Err(error) => {
                self.error(
                    Diagnostic::error(error.message, span, error.label).with_help(error.help),
                );
                None
            }
        }
    }

    /// The values of `choice(...)`: numbers only, at least one, at most
    /// [`super::limits::MAX_CHOICE_ITEMS`].
    fn choices(
        &mut self,
        items: &[Spanned<ast::ChoiceItem>],
        span: Span,
    ) -> Option<Vec<num_rational::BigRational>> {
        if items.is_empty() {
            self.error(
                Diagnostic::error("`choice()` has nothing to choose from", span, "no values")
                    .with_help("list the values to choose among: `choice(-0.5, 0.5, 1)`"),
            );
            return None;
        }
        if items.len() > super::limits::MAX_CHOICE_ITEMS {
            self.error(
                Diagnostic::error(
                    format!(
                        "`choice` lists {} values; longhand chooses among at most {}",
                        items.len(),
                        super::limits::MAX_CHOICE_ITEMS
                    ),
                    span,
                    "too many values",
                )
                .with_help("for evenly spaced values write `uniform(LOW, HIGH, STEP)`"),
            );
            return None;
        }
        let mut values = Vec::with_capacity(items.len());
        for item in items {
            match &item.node {
                ast::ChoiceItem::Number(number) => {
                    values.push(self.literal(&number.text, item.span)?.value);
                }
                ast::ChoiceItem::Other(what) => {
                    self.error(
                        Diagnostic::error(
                            format!("`choice` chooses among numbers, and this is {what}"),
                            item.span,
                            "not a number",
                        )
                        .with_help("write numbers only: `choice(-0.5, 0.5, 1)`; draw each entry of a vector with its own `choice`, or the whole vector with one when its length is known"),
                    );
                    return None;
                }
            }
        }
        Some(values)
    }
}
