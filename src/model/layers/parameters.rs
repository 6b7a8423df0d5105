//! A layer's parameters: the weight matrix `W` (written out, a flat list,
//! or drawn with `uniform(...)`) and the bias vector `b`, each sized against
//! the layer's units and what feeds it. Called from [`super`] for each layer.

use super::{LayerContext, plural};
use crate::diagnostic::Diagnostic;
use crate::model::network::{Literal, Parameter};
use crate::model::{Checker, limits};
use crate::parse::ast::{self, SettingValue, Value};
use crate::source::{Span, Spanned};

impl Checker {
    pub(super) fn check_weights(
        &mut self,
        setting: &ast::Setting,
        units: Option<usize>,
        context: &LayerContext<'_>,
    ) -> Option<Parameter> {
        let name = &context.name.node;
        let frozen = setting.frozen.is_some();
        let SettingValue::Value(value) = &setting.value.node else {
            self.error(
                Diagnostic::error(
                    format!("`W` of layer `{name}` must be a matrix"),
                    setting.value.span,
                    "not a matrix",
                )
                .with_help("write one row per unit: `W = [[0.5, -0.3], [0.2, 0.8]]`"),
            );
            return None;
        };
        let span = setting.value.span;
        let rows = match value {
            Value::Uniform { .. } | Value::Choice(_) => {
                let (Some(units), Some(fan_in)) = (units, context.fan_in) else {
                    self.error(
                        Diagnostic::error(
                            format!("cannot draw `W` of layer `{name}`: its shape is not known"),
                            span,
                            "shape unknown",
                        )
                        .with_help("give the layer `units = N` (the number of columns comes from the layer before)"),
                    );
                    return None;
                };
                // Refuse before drawing: a drawn matrix costs nothing to
                // write but every entry costs time to draw.
                let drawn = units * fan_in;
                if context.parameters_before + drawn > limits::MAX_PARAMETERS {
                    self.error(
                        Diagnostic::error(
                            format!(
                                "drawing `W` of layer `{name}` ({units} × {fan_in}) would give the network more than {} weights and biases",
                                limits::MAX_PARAMETERS
                            ),
                            span,
                            format!("{drawn} weights"),
                        )
                        .with_help("a worked example is read by a person: use fewer units"),
                    );
                    return None;
                }
                let mut rows = Vec::with_capacity(units);
                for _ in 0..units {
                    rows.push(
                        (0..fan_in)
                            .map(|_| self.draw(value, span))
                            .collect::<Option<Vec<_>>>()?,
                    );
                }
                for drawn in self.drawn.iter_mut().rev().take(units * fan_in) {
                    drawn.columns = fan_in;
                }
                rows
            }
            Value::Number(_) => {
                vec![self.vector(&Spanned::new(value.clone(), span), Some(1), "`W`")?]
            }
            Value::List(items) if items.iter().all(|i| matches!(i.node, Value::List(_))) => {
                self.matrix_rows(items, span, name)?
            }
            Value::List(items) if items.iter().all(|i| !matches!(i.node, Value::List(_))) => {
                let flat = self.vector(&Spanned::new(value.clone(), span), None, "`W`")?;
                match context.fan_in {
                    Some(fan_in) if fan_in == flat.len() && units.is_none_or(|u| u == 1) => {
                        vec![flat]
                    }
                    Some(1) => flat.into_iter().map(|w| vec![w]).collect(),
                    _ => {
                        self.error(
                            Diagnostic::error(
                                format!(
                                    "`W` of layer `{name}` must be a matrix with one row per unit"
                                ),
                                span,
                                "a flat list",
                            )
                            .with_help("write each unit's weights as a row: `W = [[0.7, -0.5]]`"),
                        );
                        return None;
                    }
                }
            }
            Value::List(_) => {
                self.error(
                    Diagnostic::error(
                        format!("`W` of layer `{name}` mixes numbers and rows"),
                        span,
                        "not a matrix",
                    )
                    .with_help("write one row per unit: `W = [[0.5, -0.3], [0.2, 0.8]]`"),
                );
                return None;
            }
        };
        self.check_columns(&rows, span, context)?;
        Some(Parameter { rows, frozen })
    }

    fn matrix_rows(
        &mut self,
        items: &[Spanned<Value>],
        span: Span,
        name: &str,
    ) -> Option<Vec<Vec<Literal>>> {
        if items.len() > limits::MAX_UNITS {
            self.error(
                Diagnostic::error(
                    format!(
                        "`W` of layer `{name}` has {} rows; longhand works with at most {} units",
                        items.len(),
                        limits::MAX_UNITS
                    ),
                    items[limits::MAX_UNITS].span,
                    "too many rows",
                )
                .with_help("a worked example is read by a person: use fewer units"),
            );
            return None;
        }
        let mut rows: Vec<Vec<Literal>> = Vec::with_capacity(items.len());
        let mut ok = true;
        for (index, item) in items.iter().enumerate() {
            let Some(row) = self.vector(item, None, "a row of `W`") else {
                ok = false;
                continue;
            };
            if let Some(first) = rows.first()
                && first.len() != row.len()
            {
                self.error(
                    Diagnostic::error(
                        format!(
                            "row {} of `W` in layer `{name}` has {} {} but row 1 has {}",
                            index + 1,
                            row.len(),
                            plural(row.len(), "entry", "entries"),
                            first.len()
                        ),
                        item.span,
                        format!("{} {}", row.len(), plural(row.len(), "entry", "entries")),
                    )
                    .with_help("every row of a matrix has the same number of entries"),
                );
                ok = false;
                continue;
            }
            rows.push(row);
        }
        if rows.is_empty() && ok {
            self.error(
                Diagnostic::error(format!("`W` of layer `{name}` is empty"), span, "no rows")
                    .with_help("give one row of weights per unit: `W = [[0.7, -0.5]]`"),
            );
            return None;
        }
        ok.then_some(rows)
    }

    fn check_columns(
        &mut self,
        rows: &[Vec<Literal>],
        span: Span,
        context: &LayerContext<'_>,
    ) -> Option<()> {
        let columns = rows.first().map_or(0, Vec::len);
        let Some(fan_in) = context.fan_in else {
            return Some(());
        };
        if columns == fan_in {
            return Some(());
        }
        let name = &context.name.node;
        let feeder = context.source_name();
        let size_word = if context.previous.is_some() {
            plural(fan_in, "unit", "units")
        } else {
            plural(fan_in, "component", "components")
        };
        let mut diagnostic = Diagnostic::error(
            format!(
                "layer `{name}` has {columns} weight {} but {feeder} has {fan_in} {size_word}",
                plural(columns, "column", "columns")
            ),
            span,
            format!("{columns} {}", plural(columns, "column", "columns")),
        )
        .with_help(format!(
            "give each row of `W` one value per {} of {feeder}",
            if context.previous.is_some() {
                "unit"
            } else {
                "component"
            }
        ));
        let feeder_span = match &context.previous {
            Some((_, previous_span)) => Some(*previous_span),
            None => context.input_span,
        };
        if let Some(span) = feeder_span {
            diagnostic = diagnostic.with_secondary(span, format!("{fan_in} {size_word}"));
        }
        self.error(diagnostic);
        None
    }

    pub(super) fn check_biases(
        &mut self,
        setting: &ast::Setting,
        units: usize,
        context: &LayerContext<'_>,
    ) -> Option<Parameter> {
        let name = &context.name.node;
        let SettingValue::Value(value) = &setting.value.node else {
            self.error(
                Diagnostic::error(
                    format!("`b` of layer `{name}` must be a vector"),
                    setting.value.span,
                    "not a vector",
                )
                .with_help("write one bias per unit: `b = [0.1, -0.2]`"),
            );
            return None;
        };
        let values = self.vector(
            &Spanned::new(value.clone(), setting.value.span),
            Some(units),
            "`b`",
        )?;
        if values.len() != units {
            self.error(
                Diagnostic::error(
                    format!(
                        "layer `{name}` has {units} {} (rows of `W`) but {} {}",
                        plural(units, "unit", "units"),
                        values.len(),
                        plural(values.len(), "bias", "biases")
                    ),
                    setting.value.span,
                    format!(
                        "{} {}",
                        values.len(),
                        plural(values.len(), "bias", "biases")
                    ),
                )
                .with_help("give one bias per unit"),
            );
            return None;
        }
        Some(Parameter {
            rows: values.into_iter().map(|b| vec![b]).collect(),
            frozen: setting.frozen.is_some(),
        })
    }
}
