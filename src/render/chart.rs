//! Line charts as SVG, drawn with plotters: the training curve of a report
//! (the loss per update) and the drift panels of a sensitivity report (the
//! printed loss minus the exact loss, one panel per precision).
//!
//! A chart is a column of panels sharing the update axis; each panel has
//! its own vertical scale (linear, symmetric around zero, or logarithmic)
//! and at most a handful of lines, told apart by colour (the Okabe–Ito
//! palette, safe for colour-blind readers) and by marker shape. Tick labels
//! are chosen by plotters and never overlap; the legend sits beside the
//! plotting area, not on it. The bytes depend only on the numbers.

use plotters::coord::Shift;
use plotters::coord::ranged1d::ValueFormatter;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

/// One line: its label and its (update, value) points, in update order.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// What the line shows, for the legend.
    pub label: String,
    /// The points; non-finite values are left out when drawing.
    pub points: Vec<(f64, f64)>,
}

/// How a panel's vertical axis is scaled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// From the smallest to the largest value (with a margin).
    Linear,
    /// Symmetric around zero, so that "no difference" is the middle line.
    AroundZero,
    /// Logarithmic: for values that span several decades (all positive).
    Logarithmic,
}

/// One panel of a chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Panel {
    /// The caption over the panel.
    pub caption: String,
    /// The lines drawn in it.
    pub lines: Vec<Line>,
    /// The vertical scale.
    pub scale: Scale,
}

/// A chart: panels stacked over a shared update axis.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// What the chart shows, for screen readers (`aria-label`).
    pub description: String,
    /// The label of the vertical axes.
    pub y_label: String,
    /// The panels, top to bottom.
    pub panels: Vec<Panel>,
}

/// Okabe–Ito colours, distinguishable with the common colour deficiencies.
const COLOURS: [RGBColor; 7] = [
    RGBColor(0x00, 0x72, 0xB2),
    RGBColor(0xD5, 0x5E, 0x00),
    RGBColor(0x00, 0x9E, 0x73),
    RGBColor(0xCC, 0x79, 0xA7),
    RGBColor(0xE6, 0x9F, 0x00),
    RGBColor(0x56, 0xB4, 0xE9),
    RGBColor(0x00, 0x00, 0x00),
];

const WIDTH: u32 = 720;
const PANEL_HEIGHT: u32 = 230;
const LEGEND_WIDTH: u32 = 200;
/// Markers per line: enough to tell lines apart, few enough to read them.
const MARKERS_PER_LINE: usize = 12;
const FONT: &str = "Georgia, serif";

/// Whether values spanning `low..=high` call for a logarithmic axis (more
/// than two decades, all positive).
pub fn spans_decades(low: f64, high: f64) -> bool {
    low > 0.0 && high.is_finite() && high / low > 100.0
}

/// The chart as a standalone SVG document, or `None` with nothing to draw.
pub fn svg(chart: &Chart) -> Option<String> {
    let drawn: Vec<&Panel> = chart
        .panels
        .iter()
        .filter(|p| p.lines.iter().any(|l| finite(l).next().is_some()))
        .collect();
    if drawn.is_empty() {
        return None;
    }
    let height = PANEL_HEIGHT * u32::try_from(drawn.len()).unwrap_or(1);
    let mut text = String::new();
    {
        let root = SVGBackend::with_string(&mut text, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE).ok()?;
        let areas = root.split_evenly((drawn.len(), 1));
        for (panel, area) in drawn.iter().zip(areas.iter()) {
            draw_panel(panel, area, &chart.y_label)?;
        }
        root.present().ok()?;
    }
    Some(with_description(&text, &chart.description))
}

fn finite(line: &Line) -> impl Iterator<Item = (f64, f64)> + '_ {
    line.points
        .iter()
        .copied()
        .filter(|(x, y)| x.is_finite() && y.is_finite())
}

/// The ranges of a panel's axes: updates, and values with a margin.
fn ranges(panel: &Panel) -> ((f64, f64), (f64, f64)) {
    let points: Vec<(f64, f64)> = panel.lines.iter().flat_map(finite).collect();
    let fold = |f: fn(f64, f64) -> f64, start: f64, pick: fn(&(f64, f64)) -> f64| {
        points.iter().map(pick).fold(start, f)
    };
    let (x_low, x_high) = (
        fold(f64::min, f64::INFINITY, |p| p.0),
        fold(f64::max, f64::NEG_INFINITY, |p| p.0),
    );
    let x = if x_high > x_low {
        (x_low, x_high)
    } else {
        (x_low - 1.0, x_high + 1.0)
    };
    let (y_low, y_high) = (
        fold(f64::min, f64::INFINITY, |p| p.1),
        fold(f64::max, f64::NEG_INFINITY, |p| p.1),
    );
    let y = match panel.scale {
        Scale::AroundZero => {
            let reach = y_low.abs().max(y_high.abs());
            let reach = if reach > 0.0 { reach * 1.1 } else { 1.0 };
            (-reach, reach)
        }
        Scale::Logarithmic if y_low > 0.0 => (y_low / 1.5, y_high * 1.5),
        _ => {
            let margin = if y_high > y_low {
                (y_high - y_low) * 0.08
            } else {
                y_high.abs().max(1.0) * 0.1
            };
            (y_low - margin, y_high + margin)
        }
    };
    (x, y)
}

fn draw_panel(
    panel: &Panel,
    area: &DrawingArea<SVGBackend<'_>, Shift>,
    y_label: &str,
) -> Option<()> {
    let (plot, legend) = area.split_horizontally(WIDTH - LEGEND_WIDTH);
    let ((x_low, x_high), (y_low, y_high)) = ranges(panel);
    let mut builder = ChartBuilder::on(&plot);
    builder
        .caption(&panel.caption, (FONT, 15))
        .margin(8)
        .x_label_area_size(34)
        .y_label_area_size(74);
    let log = panel.scale == Scale::Logarithmic && y_low > 0.0;
    let reach = y_low.abs().max(y_high.abs());
    if log {
        let mut chart = builder
            .build_cartesian_2d(x_low..x_high, (y_low..y_high).log_scale())
            .ok()?;
        draw_mesh(&mut chart, y_label, &|y| log_label(*y))?;
        draw_lines(&mut chart, panel)?;
    } else {
        let mut chart = builder
            .build_cartesian_2d(x_low..x_high, y_low..y_high)
            .ok()?;
        draw_mesh(&mut chart, y_label, &|y| value_label(*y, reach))?;
        if panel.scale == Scale::AroundZero {
            chart
                .draw_series(LineSeries::new(
                    [(x_low, 0.0), (x_high, 0.0)],
                    BLACK.mix(0.5).stroke_width(1),
                ))
                .ok()?;
        }
        draw_lines(&mut chart, panel)?;
    }
    draw_legend(panel, &legend)
}

/// The axes, their labels and the grid of a panel (linear or logarithmic).
fn draw_mesh<DB, Y>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<RangedCoordf64, Y>>,
    y_label: &str,
    y_format: &dyn Fn(&f64) -> String,
) -> Option<()>
where
    DB: DrawingBackend,
    Y: Ranged<ValueType = f64> + ValueFormatter<f64>,
{
    chart
        .configure_mesh()
        .x_desc("update")
        .y_desc(y_label)
        .x_label_formatter(&|x| update_label(*x))
        .y_label_formatter(y_format)
        .label_style((FONT, 12))
        .light_line_style(WHITE)
        .draw()
        .ok()
}

/// Updates are whole numbers; a tick between them is not labelled.
fn update_label(x: f64) -> String {
    if (x - x.round()).abs() < 1e-9 {
        format!("{}", x.round())
    } else {
        String::new()
    }
}

/// How tick labels of an axis reaching `reach` (its largest |value|) are
/// written: enough decimals to tell ticks apart, or scientific notation
/// for very small values. Found with products of ten, not `log10`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Digits {
    Decimals(usize),
    Scientific,
}

fn digits_for(reach: f64) -> Digits {
    if !(reach.is_finite() && reach > 0.0) {
        return Digits::Decimals(0);
    }
    let mut decimals = 0;
    let mut scaled = reach;
    while scaled < 1.0 && decimals < 12 {
        scaled *= 10.0;
        decimals += 1;
    }
    match decimals + 1 {
        d if d > 7 => Digits::Scientific,
        _ if reach >= 10.0 => Digits::Decimals(0),
        d => Digits::Decimals(d),
    }
}

/// A value label with a real minus sign; a tick within rounding noise of
/// zero (relative to the axis) is written `0`.
fn value_label(y: f64, reach: f64) -> String {
    if y.abs() <= reach * 1e-9 {
        return "0".to_owned();
    }
    let magnitude = y.abs();
    let text = match digits_for(reach) {
        Digits::Decimals(d) => format!("{magnitude:.d$}"),
        Digits::Scientific => format!("{magnitude:.1e}"),
    };
    if y < 0.0 {
        format!("\u{2212}{text}")
    } else {
        text
    }
}

/// A label on a logarithmic axis: the tick's own digits.
fn log_label(y: f64) -> String {
    match digits_for(y) {
        Digits::Decimals(d) => {
            let d = d.saturating_sub(1);
            format!("{y:.d$}")
        }
        Digits::Scientific => format!("{y:.0e}"),
    }
}

fn draw_lines<DB, CT>(chart: &mut ChartContext<'_, DB, CT>, panel: &Panel) -> Option<()>
where
    DB: DrawingBackend,
    CT: CoordTranslate<From = (f64, f64)>,
{
    for (index, line) in panel.lines.iter().enumerate() {
        let colour = COLOURS[index % COLOURS.len()];
        let points: Vec<(f64, f64)> = finite(line).collect();
        chart
            .draw_series(LineSeries::new(points.clone(), colour.stroke_width(2)))
            .ok()?;
        let every = points.len().div_ceil(MARKERS_PER_LINE).max(1);
        let marks: Vec<(f64, f64)> = points
            .iter()
            .enumerate()
            .filter(|(at, _)| at % every == 0 || *at + 1 == points.len())
            .map(|(_, point)| *point)
            .collect();
        draw_markers(chart, index, &marks, colour)?;
    }
    Some(())
}

/// The markers of line `index`: circles, triangles, crosses, squares by turns.
fn draw_markers<DB, CT>(
    chart: &mut ChartContext<'_, DB, CT>,
    index: usize,
    marks: &[(f64, f64)],
    colour: RGBColor,
) -> Option<()>
where
    DB: DrawingBackend,
    CT: CoordTranslate<From = (f64, f64)>,
{
    let fill = colour.filled();
    let drawn = match index % 4 {
        0 => chart
            .draw_series(marks.iter().map(|p| Circle::new(*p, 3, fill)))
            .map(|_| ()),
        1 => chart
            .draw_series(marks.iter().map(|p| TriangleMarker::new(*p, 4, fill)))
            .map(|_| ()),
        2 => chart
            .draw_series(
                marks
                    .iter()
                    .map(|p| Cross::new(*p, 4, colour.stroke_width(2))),
            )
            .map(|_| ()),
        _ => chart
            .draw_series(
                marks
                    .iter()
                    .map(|p| EmptyElement::at(*p) + Rectangle::new([(-3, -3), (3, 3)], fill)),
            )
            .map(|_| ()),
    };
    drawn.ok()
}

fn draw_legend(panel: &Panel, area: &DrawingArea<SVGBackend<'_>, Shift>) -> Option<()> {
    for (index, line) in panel.lines.iter().enumerate() {
        let colour = COLOURS[index % COLOURS.len()];
        let y = 40 + 22 * i32::try_from(index).unwrap_or(0);
        area.draw(&PathElement::new(
            vec![(6, y), (34, y)],
            colour.stroke_width(2),
        ))
        .ok()?;
        area.draw(&Text::new(line.label.clone(), (42, y - 7), (FONT, 13)))
            .ok()?;
    }
    Some(())
}

/// Adds `role` and `aria-label` to the root element (plotters writes none).
fn with_description(svg: &str, description: &str) -> String {
    let label = format!(
        " role=\"img\" aria-label=\"{}\"",
        super::escape::html(description)
    );
    match svg.find("<svg") {
        Some(at) => {
            let insert = at + "<svg".len();
            format!("{}{label}{}", &svg[..insert], &svg[insert..])
        }
        None => svg.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_labels_read_like_numbers() {
        assert_eq!(value_label(1.4e-20, 0.0055), "0");
        assert_eq!(value_label(-0.0025, 0.0055), "\u{2212}0.0025");
        assert_eq!(value_label(0.0008, 0.0011), "0.0008");
        assert_eq!(value_label(0.1, 0.3), "0.10");
        assert_eq!(value_label(3e-9, 5e-9), "3.0e-9");
        assert_eq!(value_label(20.0, 40.0), "20");
        assert_eq!(log_label(0.01), "0.01");
        assert_eq!(log_label(2.0), "2");
        assert_eq!(update_label(3.0), "3");
        assert_eq!(update_label(2.5), "");
    }

    #[test]
    fn two_decades_call_for_a_log_axis() {
        assert!(spans_decades(0.001, 0.2));
        assert!(!spans_decades(0.01, 0.2));
        assert!(!spans_decades(0.0, 0.2));
    }
}
