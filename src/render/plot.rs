//! A line chart of how far each rounded run's loss drifts from the exact
//! run's over the updates (`longhand sensitivity`, HTML): one line per
//! precision and carry mode, the printed loss minus the exact loss against
//! the update, with zero — no drift — drawn across.
//!
//! Hand-written SVG like the network diagram: the bytes depend only on the
//! numbers. Scales are found with comparisons and products of powers of ten,
//! never `log10`, whose last bit may differ between platforms' maths
//! libraries.

use std::fmt::Write;

use crate::audit::sensitivity::Sensitivity;
use crate::model::Carry;

const WIDTH: f64 = 680.0;
const HEIGHT: f64 = 320.0;
/// The plotting area inside the picture.
const LEFT: f64 = 78.0;
const RIGHT: f64 = 470.0;
const TOP: f64 = 24.0;
const BOTTOM: f64 = 270.0;
/// At most this many points per line; longer runs are sampled evenly
/// (the first and last updates are always kept).
const MAX_POINTS: usize = 400;
/// Line colours and dash patterns, one pair per run, in the order of the table.
const COLOURS: [&str; 6] = [
    "#1f5fa8", "#c4462a", "#2e8540", "#7a4ea3", "#b8860b", "#333333",
];
const DASHES: [&str; 3] = ["", "6 3", "2 3"];

/// One line of the chart: its label and (update index from 0, drift) points.
struct Series {
    label: String,
    points: Vec<(usize, f64)>,
}

/// The tick spacing: the smallest of 1, 2 or 5 × 10^k that splits
/// `0..=largest` into at most four steps, and its decimals when printed.
fn tick_step(largest: f64) -> (f64, usize) {
    if !largest.is_finite() || largest <= 0.0 {
        return (1.0, 0);
    }
    // Start at 10^k ≤ largest / 4 < 10^(k+1), found by products of ten.
    let target = largest / 4.0;
    let (mut power, mut decimals) = (1.0_f64, 0_usize);
    while power > target && decimals < 60 {
        power /= 10.0;
        decimals += 1;
    }
    while power * 10.0 <= target && power < 1e300 {
        power *= 10.0;
        decimals = decimals.saturating_sub(1);
    }
    for multiple in [1.0, 2.0, 5.0, 10.0] {
        if multiple * power * 4.0 >= largest {
            let decimals = if multiple >= 10.0 {
                decimals.saturating_sub(1)
            } else {
                decimals
            };
            return (multiple * power, decimals);
        }
    }
    (10.0 * power, decimals.saturating_sub(1))
}

/// The drift chart, or `None` when there is nothing to draw (one update,
/// or only exactly carried runs, whose printed loss is the exact loss rounded).
pub fn drift_svg(sensitivity: &Sensitivity) -> Option<String> {
    let rows = &sensitivity.drift;
    if rows.len() < 2 {
        return None;
    }
    let stride = rows.len().div_ceil(MAX_POINTS).max(1);
    let kept = |index: usize| index.is_multiple_of(stride) || index + 1 == rows.len();
    let series: Vec<Series> = sensitivity
        .columns
        .iter()
        .enumerate()
        .filter(|(_, column)| column.carry != Carry::Exact)
        .map(|(index, column)| Series {
            label: format!(
                "{}, {}",
                super::sensitivity::precision_words(column.precision),
                column.carry.name()
            ),
            points: rows
                .iter()
                .enumerate()
                .filter(|(at, _)| kept(*at))
                .filter_map(|(at, row)| {
                    let cell = row.losses.get(index)?.as_ref()?;
                    let printed = cell.printed.decimal.to_real().to_f64();
                    Some((at, printed - row.exact.to_f64()))
                })
                .filter(|(_, drift)| drift.is_finite())
                .collect(),
        })
        .filter(|series| !series.points.is_empty())
        .collect();
    if series.is_empty() {
        return None;
    }
    let largest = series
        .iter()
        .flat_map(|s| s.points.iter().map(|(_, d)| d.abs()))
        .fold(0.0_f64, f64::max);
    let (step, decimals) = tick_step(largest);
    let ticks = if largest > 0.0 {
        (largest / step).ceil().clamp(1.0, 4.0)
    } else {
        1.0
    };
    let half_range = step * ticks;
    let last = rows.len() - 1;
    let x_of = |at: usize| LEFT + (RIGHT - LEFT) * at as f64 / last.max(1) as f64;
    let y_of = |drift: f64| {
        let middle = (TOP + BOTTOM) / 2.0;
        middle - (BOTTOM - TOP) / 2.0 * (drift / half_range).clamp(-1.0, 1.0)
    };

    let mut out = String::new();
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH:.0}\" height=\"{HEIGHT:.0}\" viewBox=\"0 0 {WIDTH:.0} {HEIGHT:.0}\" role=\"img\" aria-label=\"the printed loss minus the exact loss after each update, for each precision and carry mode\">"
    );
    out.push_str("<style>text { font-family: Georgia, serif; font-size: 12px; fill: #222; } .axis { stroke: #333; stroke-width: 1; } .grid { stroke: #ddd; stroke-width: 1; } .zero { stroke: #888; stroke-width: 1.2; } .run { fill: none; stroke-width: 1.6; }</style>\n");
    // Horizontal grid lines and their labels, from +range down to −range.
    let ticks = ticks as i32;
    for k in (-ticks..=ticks).rev() {
        let value = f64::from(k) * step;
        let y = y_of(value);
        let class = if k == 0 { "zero" } else { "grid" };
        let _ = writeln!(
            out,
            "<line class=\"{class}\" x1=\"{LEFT:.1}\" y1=\"{y:.1}\" x2=\"{RIGHT:.1}\" y2=\"{y:.1}\"/>"
        );
        let label = if k == 0 {
            "0".to_owned()
        } else {
            format!("{value:+.decimals$}").replace('-', "−")
        };
        let _ = writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{label}</text>",
            LEFT - 6.0,
            y + 4.0
        );
    }
    let _ = writeln!(
        out,
        "<line class=\"axis\" x1=\"{LEFT:.1}\" y1=\"{TOP:.1}\" x2=\"{LEFT:.1}\" y2=\"{BOTTOM:.1}\"/>"
    );
    let _ = writeln!(
        out,
        "<line class=\"axis\" x1=\"{LEFT:.1}\" y1=\"{BOTTOM:.1}\" x2=\"{RIGHT:.1}\" y2=\"{BOTTOM:.1}\"/>"
    );
    // The x axis: the first update, the last, and after training.
    let updates = last; // the last row is "after training"
    for (at, label) in [
        (0, "1".to_owned()),
        (updates.saturating_sub(1), updates.to_string()),
        (last, "after".to_owned()),
    ] {
        let _ = writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{label}</text>",
            x_of(at),
            BOTTOM + 16.0
        );
    }
    let _ = writeln!(
        out,
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">update</text>",
        (LEFT + RIGHT) / 2.0,
        BOTTOM + 34.0
    );
    let _ = writeln!(
        out,
        "<text x=\"14\" y=\"{:.1}\" text-anchor=\"middle\" transform=\"rotate(-90 14 {:.1})\">printed loss − exact loss</text>",
        (TOP + BOTTOM) / 2.0,
        (TOP + BOTTOM) / 2.0
    );
    for (index, line) in series.iter().enumerate() {
        let colour = COLOURS[index % COLOURS.len()];
        let dash = DASHES[(index / COLOURS.len()) % DASHES.len()];
        let dash = if dash.is_empty() {
            String::new()
        } else {
            format!(" stroke-dasharray=\"{dash}\"")
        };
        let points: Vec<String> = line
            .points
            .iter()
            .map(|(at, drift)| format!("{:.1},{:.1}", x_of(*at), y_of(*drift)))
            .collect();
        let _ = writeln!(
            out,
            "<polyline class=\"run\" stroke=\"{colour}\"{dash} points=\"{}\"/>",
            points.join(" ")
        );
        let y = TOP + 8.0 + 18.0 * index as f64;
        let _ = writeln!(
            out,
            "<line stroke=\"{colour}\"{dash} stroke-width=\"2\" x1=\"{:.1}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\"/>",
            RIGHT + 14.0,
            RIGHT + 38.0
        );
        let _ = writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            RIGHT + 44.0,
            y + 4.0,
            super::escape::html(&line.label)
        );
    }
    out.push_str("</svg>\n");
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::tick_step;

    #[test]
    fn ticks_are_one_two_or_five_times_a_power_of_ten() {
        assert_eq!(tick_step(0.0004), (0.0001, 4));
        assert_eq!(tick_step(0.0007), (0.0002, 4));
        assert_eq!(tick_step(0.0019), (0.0005, 4));
        assert_eq!(tick_step(3.0), (1.0, 0));
        assert_eq!(tick_step(0.0), (1.0, 0));
    }
}
