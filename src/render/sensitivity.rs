//! The sensitivity report: the view (ready-to-print strings) of an
//! [`audit::sensitivity::Sensitivity`](crate::audit::sensitivity::Sensitivity),
//! laid out by `templates/sensitivity.md` (Markdown), as HTML through the
//! same page as the worked example, or as JSON (the view itself).

use std::cmp::Ordering;

use serde::Serialize;

use crate::text::join;

use super::escape;
use super::markdown::{RenderError, render};
use super::numbers::units_text;
use crate::audit::names::When;
use crate::audit::sensitivity::{Cell, Column, Sensitivity, SignChange};
use crate::model::{Carry, Precision};
use crate::numeric::format;
use crate::numeric::round::round;

/// The whole report, as strings.
#[derive(Debug, Clone, Serialize)]
pub struct SensitivityView {
    /// The `.net` file's name.
    pub source_name: String,
    /// The command that regenerates the report ([`super::regeneration`]).
    pub regenerate: String,
    /// The network's title.
    pub title: String,
    /// The rounding mode of every run.
    pub rounding: &'static str,
    /// The precisions compared (`2 decimals`).
    pub precisions: Vec<String>,
    /// The carry modes compared.
    pub carries: Vec<&'static str>,
    /// The precisions in words (`2, 3, 4 and 6 decimals`).
    pub precisions_text: String,
    /// The carry modes in words (`step, quantity and exact`).
    pub carries_text: String,
    /// The number of SGD updates.
    pub updates: u64,
    /// The smallest agreeing precision of each carry mode.
    pub agreement: Vec<AgreementView>,
    /// The most digits the search for it tried.
    pub search_limit: u32,
    /// Whether the search was left out (the resource budget had no run left for it).
    pub search_skipped: bool,
    /// What each run lets a reader conclude.
    pub conclusions: Vec<ConclusionView>,
    /// Trusted digits of each quantity at each precision.
    pub trust: Vec<TrustRow>,
    /// One table of values per precision.
    pub tables: Vec<ValueTable>,
    /// The loss over the updates (empty for one update).
    pub drift: Vec<DriftRowView>,
    /// Column headings of the drift table (`2 decimals, step`).
    pub drift_columns: Vec<String>,
    /// Whether the drift table shows only some updates.
    pub drift_sampled: bool,
    /// The drift chart (SVG) for the HTML page, placed by the template
    /// under the drift table's heading.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub drift_chart: Option<String>,
}

/// The smallest precision at which a carry mode's printed values all agree.
#[derive(Debug, Clone, Serialize)]
pub struct AgreementView {
    /// The carry mode.
    pub carry: &'static str,
    /// `5 decimals`, or `None` when none up to the search limit does.
    pub smallest: Option<String>,
}

/// What one run lets a reader conclude.
#[derive(Debug, Clone, Serialize)]
pub struct ConclusionView {
    /// `2 decimals`.
    pub precision: String,
    /// `step`.
    pub carry: &'static str,
    /// Why the run failed, if it did.
    pub failed: Option<String>,
    /// Printed values compared.
    pub printed: usize,
    /// How many differ from the exact values rounded the same way.
    pub differing: usize,
    /// The printed loss before training.
    pub loss_before: String,
    /// The printed loss after training.
    pub loss_after: String,
    /// `down`, `up` or `unchanged`, as printed.
    pub loss_direction: &'static str,
    /// Whether that is the true direction.
    pub loss_holds: bool,
    /// The loss verdict for a table cell.
    pub loss_text: String,
    /// Gradients printed with the wrong sign (`` `dW[2][1][1]` ``).
    pub signs: Vec<String>,
    /// Gradients printed as zero though they are not.
    pub vanished: Vec<String>,
    /// Gradients compared.
    pub gradients: usize,
    /// The gradient verdict for a table cell.
    pub signs_text: String,
    /// The parameter verdict for a table cell.
    pub moves_text: String,
    /// Parameters whose printed movement is the wrong way.
    pub moves: Vec<String>,
    /// Parameters that look unmoved in print though they moved.
    pub unmoved: Vec<String>,
    /// Parameters compared.
    pub parameters: usize,
}

/// Trusted digits of one quantity.
#[derive(Debug, Clone, Serialize)]
pub struct TrustRow {
    /// Its name.
    pub name: String,
    /// Per precision: `3 of 4`, or `—` where every run failed.
    pub cells: Vec<String>,
    /// Whether any precision loses digits.
    pub loses: bool,
}

/// The values at one precision.
#[derive(Debug, Clone, Serialize)]
pub struct ValueTable {
    /// `4 decimals`.
    pub precision: String,
    /// The carry modes (columns).
    pub carries: Vec<&'static str>,
    /// One row per quantity.
    pub rows: Vec<ValueRow>,
    /// How many printed values differ from the exact ones.
    pub differing: usize,
}

/// One quantity at one precision.
#[derive(Debug, Clone, Serialize)]
pub struct ValueRow {
    /// Its name.
    pub name: String,
    /// Its exact value, with two more digits than the largest precision.
    pub exact: String,
    /// Per carry mode: `0.1932`, or `**0.1932** (-1)` when it differs.
    pub cells: Vec<String>,
}

/// The loss at one update.
#[derive(Debug, Clone, Serialize)]
pub struct DriftRowView {
    /// `1`, `2`, … or `after training`.
    pub when: String,
    /// The exact loss.
    pub exact: String,
    /// Per column (precision × carry).
    pub cells: Vec<String>,
}

pub(crate) fn precision_words(precision: Precision) -> String {
    match precision {
        Precision::Decimals(1) => "1 decimal".to_owned(),
        Precision::Decimals(n) => format!("{n} decimals"),
        Precision::Significant(n) => format!("{n} significant"),
        Precision::Exact => "exact".to_owned(),
    }
}

/// The printed value as Markdown, marked with the difference when it
/// deviates (numbers escaped like all prose, so they carry a real minus).
fn cell_text(cell: Option<&Cell>, precision: Precision) -> String {
    match cell {
        None => "—".to_owned(),
        Some(cell) => {
            let printed = escape::markdown(&format::plain(&cell.printed.decimal, precision));
            match &cell.deviation {
                None => printed,
                Some(units) => format!("**{printed}** ({})", escape::markdown(&units_text(units))),
            }
        }
    }
}

fn direction(order: Ordering) -> &'static str {
    match order {
        Ordering::Less => "down",
        Ordering::Greater => "up",
        Ordering::Equal => "unchanged",
    }
}

fn conclusion_view(column: &Column) -> ConclusionView {
    let mut view = ConclusionView {
        precision: precision_words(column.precision),
        carry: column.carry.name(),
        failed: None,
        printed: 0,
        differing: 0,
        loss_before: String::new(),
        loss_after: String::new(),
        loss_direction: "",
        loss_holds: false,
        loss_text: String::new(),
        signs: Vec::new(),
        vanished: Vec::new(),
        unmoved: Vec::new(),
        gradients: 0,
        moves: Vec::new(),
        parameters: 0,
        signs_text: String::new(),
        moves_text: String::new(),
    };
    match &column.outcome {
        Err(message) => view.failed = Some(message.clone()),
        Ok(c) => {
            view.printed = c.printed;
            view.differing = c.differing;
            view.loss_before = format::plain(&c.loss.0.decimal, column.precision);
            view.loss_after = format::plain(&c.loss.1.decimal, column.precision);
            view.loss_direction = direction(c.loss_direction);
            view.loss_holds = c.loss_direction == c.exact_loss_direction;
            view.loss_text = loss_text(c, column.precision);
            let (flipped, hidden): (Vec<_>, Vec<_>) = c
                .signs
                .iter()
                .partition(|(_, change)| *change != SignChange::Vanished);
            view.signs = flipped
                .iter()
                .map(|(name, change)| match change {
                    SignChange::Spurious => format!("`{name}` (truly zero)"),
                    _ => format!("`{name}`"),
                })
                .collect();
            view.vanished = hidden.iter().map(|(name, _)| format!("`{name}`")).collect();
            view.gradients = c.gradients;
            let (wrong, unmoved): (Vec<_>, Vec<_>) = c
                .moves
                .iter()
                .partition(|(_, printed, _)| *printed != Ordering::Equal);
            view.moves = wrong
                .iter()
                .map(|(name, printed, truth)| {
                    format!(
                        "`{name}` (printed {}, truly {})",
                        direction_of_move(*printed),
                        direction_of_move(*truth)
                    )
                })
                .collect();
            view.unmoved = unmoved
                .iter()
                .map(|(name, _, _)| format!("`{name}`"))
                .collect();
            view.parameters = c.parameters;
            view.signs_text = verdict_text(
                &view.signs,
                c.gradients,
                "flipped",
                view.vanished.len(),
                "print as zero",
            );
            view.moves_text = verdict_text(
                &view.moves,
                c.parameters,
                "moved the wrong way",
                view.unmoved.len(),
                "look unmoved",
            );
        }
    }
    view
}

/// `down, 0.10 → 0.09`; `looks unchanged, … (truly down)`; `**up**, … (truly down)`.
fn loss_text(c: &crate::audit::sensitivity::Conclusions, precision: Precision) -> String {
    let before = format::plain(&c.loss.0.decimal, precision);
    let after = format::plain(&c.loss.1.decimal, precision);
    let printed = direction(c.loss_direction);
    let truth = direction(c.exact_loss_direction);
    if c.loss_direction == c.exact_loss_direction {
        format!("{printed}, {before} → {after}")
    } else if c.loss_direction == Ordering::Equal {
        format!("looks unchanged, {before} → {after} (truly {truth})")
    } else {
        format!("**{printed}**, {before} → {after} (truly {truth})")
    }
}

/// `all 13 right`; `none flipped; 9 print as zero`; `**4 flipped**: … ; 2 print as zero`.
fn verdict_text(
    wrong: &[String],
    total: usize,
    what: &str,
    hidden: usize,
    hidden_what: &str,
) -> String {
    let hidden = match hidden {
        0 => String::new(),
        // "1 prints as zero", "1 looks unmoved".
        1 => format!(
            "; 1 {}",
            hidden_what
                .replacen("print ", "prints ", 1)
                .replacen("look ", "looks ", 1)
        ),
        n => format!("; {n} {hidden_what}"),
    };
    if wrong.is_empty() {
        if hidden.is_empty() {
            format!("all {total} right")
        } else {
            format!("none {what}{hidden}")
        }
    } else {
        format!("**{} {what}**: {}{hidden}", wrong.len(), wrong.join(", "))
    }
}

fn direction_of_move(order: Ordering) -> &'static str {
    match order {
        Ordering::Less => "down",
        Ordering::Greater => "up",
        Ordering::Equal => "unmoved",
    }
}

/// The precision the exact values are shown at: two digits more than the
/// largest compared.
fn exact_display(sensitivity: &Sensitivity) -> Precision {
    let most = sensitivity
        .plan
        .precisions
        .iter()
        .filter_map(|p| p.digits())
        .max()
        .unwrap_or(4);
    match sensitivity.plan.precisions.first() {
        Some(Precision::Significant(_)) => Precision::Significant(most + 2),
        _ => Precision::Decimals(most + 2),
    }
}

fn trust(sensitivity: &Sensitivity) -> Vec<TrustRow> {
    let plan = &sensitivity.plan;
    sensitivity
        .rows
        .iter()
        .map(|row| {
            let mut loses = false;
            let cells = plan
                .precisions
                .iter()
                .enumerate()
                .map(|(p, precision)| {
                    let digits = precision.digits().unwrap_or(0);
                    let worst = (0..plan.carries.len())
                        .filter_map(|c| row.cells[p * plan.carries.len() + c].as_ref())
                        .map(|cell| cell.trusted)
                        .min();
                    match worst {
                        None => "—".to_owned(),
                        Some(t) if t < digits => {
                            loses = true;
                            format!("**{t}** of {digits}")
                        }
                        Some(t) => format!("{t} of {digits}"),
                    }
                })
                .collect();
            TrustRow {
                name: row.name.clone(),
                cells,
                loses,
            }
        })
        .collect()
}

fn tables(sensitivity: &Sensitivity) -> Vec<ValueTable> {
    let plan = &sensitivity.plan;
    let shown = exact_display(sensitivity);
    let carries = plan.carries.len();
    plan.precisions
        .iter()
        .enumerate()
        .map(|(p, precision)| {
            let mut differing = 0;
            let rows = sensitivity
                .rows
                .iter()
                .map(|row| {
                    let cells = (0..carries)
                        .map(|c| {
                            let cell = row.cells[p * carries + c].as_ref();
                            differing += usize::from(cell.is_some_and(|x| x.deviation.is_some()));
                            cell_text(cell, *precision)
                        })
                        .collect();
                    ValueRow {
                        name: row.name.clone(),
                        exact: format::plain(
                            &round(&row.exact, shown, plan.rounding).decimal,
                            shown,
                        ),
                        cells,
                    }
                })
                .collect();
            ValueTable {
                precision: precision_words(*precision),
                carries: plan.carries.iter().map(|c| c.name()).collect(),
                rows,
                differing,
            }
        })
        .collect()
}

/// At most this many rows of the drift table in Markdown (JSON has them all).
const DRIFT_ROWS: usize = 20;

fn drift(sensitivity: &Sensitivity, all: bool) -> (Vec<DriftRowView>, bool) {
    let shown = exact_display(sensitivity);
    let count = sensitivity.drift.len();
    let keep = |index: usize| {
        all || count <= DRIFT_ROWS
            || index + 1 == count
            || index.is_multiple_of(count.div_ceil(DRIFT_ROWS - 1))
    };
    let rows: Vec<DriftRowView> = sensitivity
        .drift
        .iter()
        .enumerate()
        .filter(|(index, _)| keep(*index))
        .map(|(_, row)| DriftRowView {
            when: match row.when {
                When::Update(n) => n.to_string(),
                When::After => "after training".to_owned(),
            },
            exact: format::plain(
                &round(&row.exact, shown, sensitivity.plan.rounding).decimal,
                shown,
            ),
            // Exactly carried columns are the exact loss rounded: left out.
            cells: row
                .losses
                .iter()
                .zip(&sensitivity.columns)
                .filter(|(_, column)| column.carry != Carry::Exact)
                .map(|(cell, column)| cell_text(cell.as_ref(), column.precision))
                .collect(),
        })
        .collect();
    let sampled = rows.len() < count;
    (rows, sampled)
}

/// `2, 3, 4 and 6 decimals` (kinds mixed are named one by one).
fn precisions_text(precisions: &[Precision]) -> String {
    let all_decimals = precisions
        .iter()
        .all(|p| matches!(p, Precision::Decimals(_)));
    let all_significant = precisions
        .iter()
        .all(|p| matches!(p, Precision::Significant(_)));
    let digits = || {
        precisions
            .iter()
            .filter_map(|p| p.digits())
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
    };
    match (all_decimals, all_significant, precisions) {
        (_, _, [one]) => precision_words(*one),
        (true, _, _) => format!("{} decimals", join(&digits(), "and")),
        (_, true, _) => format!("{} significant digits", join(&digits(), "and")),
        _ => join(
            &precisions
                .iter()
                .map(|p| precision_words(*p))
                .collect::<Vec<_>>(),
            "and",
        ),
    }
}

/// Builds the view; `all_drift` keeps every row of the drift table.
pub fn view(
    sensitivity: &Sensitivity,
    title: &str,
    source_name: &str,
    all_drift: bool,
) -> SensitivityView {
    let plan = &sensitivity.plan;
    let (drift_rows, drift_sampled) = drift(sensitivity, all_drift);
    SensitivityView {
        source_name: source_name.to_owned(),
        regenerate: super::regeneration(None),
        title: title.to_owned(),
        rounding: plan.rounding.name(),
        precisions: plan
            .precisions
            .iter()
            .map(|p| precision_words(*p))
            .collect(),
        carries: plan.carries.iter().map(|c| c.name()).collect(),
        precisions_text: precisions_text(&plan.precisions),
        carries_text: join(
            &plan
                .carries
                .iter()
                .map(|c| format!("`{}`", c.name()))
                .collect::<Vec<_>>(),
            "and",
        ),
        updates: sensitivity.updates,
        agreement: sensitivity
            .agreement
            .iter()
            .map(|a| AgreementView {
                carry: a.carry.name(),
                smallest: a.smallest.map(precision_words),
            })
            .collect(),
        search_limit: sensitivity.search_limit.unwrap_or(0),
        search_skipped: sensitivity.search_limit.is_none()
            && plan.carries.iter().any(|c| *c != Carry::Exact),
        conclusions: sensitivity.columns.iter().map(conclusion_view).collect(),
        trust: trust(sensitivity),
        tables: tables(sensitivity),
        drift: drift_rows,
        drift_columns: sensitivity
            .columns
            .iter()
            .filter(|c| c.carry != Carry::Exact)
            .map(|c| format!("{}, {}", precision_words(c.precision), c.carry.name()))
            .collect(),
        drift_sampled,
        drift_chart: None,
    }
}

/// The Markdown report.
///
/// # Errors
/// A [`RenderError`] if the template is broken.
pub fn markdown(view: &SensitivityView) -> Result<String, RenderError> {
    let text = render("sensitivity.md", "report", view)?;
    Ok(super::markdown::tidy(&text))
}

/// The HTML page.
///
/// # Errors
/// A [`RenderError`] if a template is broken.
pub fn html(view: &SensitivityView, sensitivity: &Sensitivity) -> Result<String, RenderError> {
    let view = SensitivityView {
        drift_chart: super::chart::svg(&drift_chart(sensitivity)),
        ..view.clone()
    };
    let markdown = markdown(&view)?;
    super::html::standalone(&view.title, &view.source_name, &view.regenerate, &markdown)
}

/// The drift of the printed loss from the exact loss over the updates: one
/// panel per precision (each with its own scale, so that the small drifts
/// of high precisions can be read), one line per carry mode that rounds.
pub fn drift_chart(sensitivity: &Sensitivity) -> super::chart::Chart {
    use super::chart::{Chart, Line, Panel, Scale};
    let rows = &sensitivity.drift;
    let last_update = rows
        .iter()
        .filter_map(|row| match row.when {
            When::Update(n) => Some(n),
            When::After => None,
        })
        .max()
        .unwrap_or(0);
    let x_of = |when: When| match when {
        When::Update(n) => n as f64,
        When::After => (last_update + 1) as f64,
    };
    let mut panels: Vec<Panel> = Vec::new();
    for (index, column) in sensitivity.columns.iter().enumerate() {
        if column.carry == Carry::Exact || rows.len() < 2 {
            continue;
        }
        let points = rows
            .iter()
            .filter_map(|row| {
                let cell = row.losses.get(index)?.as_ref()?;
                let printed = cell.printed.decimal.to_real().to_f64();
                Some((x_of(row.when), printed - row.exact.to_f64()))
            })
            .collect();
        let line = Line {
            label: format!("carry = {}", column.carry.name()),
            points,
        };
        let caption = precision_words(column.precision);
        match panels.iter_mut().find(|p| p.caption == caption) {
            Some(panel) => panel.lines.push(line),
            None => panels.push(Panel {
                caption,
                lines: vec![line],
                scale: Scale::AroundZero,
            }),
        }
    }
    Chart {
        description: "the printed loss minus the exact loss at each update, one panel per precision, one line per carry mode".to_owned(),
        y_label: "printed − exact loss".to_owned(),
        panels,
    }
}

/// The JSON report: the view itself, every drift row included.
///
/// # Errors
/// A [`RenderError`] if the view cannot be serialised.
pub fn json(view: &SensitivityView) -> Result<String, RenderError> {
    super::markdown::pretty_json(view)
}
