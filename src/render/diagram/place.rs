//! Where each weight's label goes on its line: never on a crossing of two
//! lines, never over another label, a unit or (where the picture leaves
//! room) another line.
//!
//! Each label may sit anywhere from 12 % to 88 % along its line; the
//! labels of edges into the first unit prefer a point near their source
//! and those into the last unit one near their target, so a layer's labels
//! start out staggered. Of the allowed points, the one crossing the fewest
//! other lines and nearest the preferred point wins. A label with no
//! allowed point is left out (the report lists every weight), and the
//! picture counts it.

use super::{Anchor, Edge, Label, Picture, Piece, Role, as_i64};

/// Candidate positions along a line, in thousandths.
const FIRST: i64 = 120;
const LAST: i64 = 880;
const STEP: i64 = 10;
/// Room kept around a crossing, in tenths of a pixel.
const CROSSING_MARGIN: i64 = 60;

type Rect = (i64, i64, i64, i64);

/// Labels the edges `picture.edges[first..]` (to-major order, as the
/// weight matrix's rows) with `texts`.
pub(super) fn weights(picture: &mut Picture, first: usize, texts: &[String], units: usize) {
    let edges: Vec<Edge> = picture.edges[first..].to_vec();
    let inputs = texts.len() / units.max(1);
    let crossings = crossings(&edges);
    let mut obstacles: Vec<Rect> = picture.labels.iter().map(Label::bounds).collect();
    let r = picture.radius;
    obstacles.extend(
        picture
            .circles
            .iter()
            .map(|c| (c.x - r, c.y - r, c.x + r, c.y + r)),
    );
    for (index, (edge, text)) in edges.iter().zip(texts).enumerate() {
        let to = index / inputs.max(1);
        let spread = as_i64(units.saturating_sub(1).max(1));
        let preferred = 250 + 500 * as_i64(to) / spread;
        let label_at = |t: i64| Label {
            x: edge.from.0 + (edge.to.0 - edge.from.0) * t / 1000,
            y: edge.from.1 + (edge.to.1 - edge.from.1) * t / 1000,
            anchor: Anchor::Middle,
            role: Role::Weight,
            text: vec![Piece::Number(text.clone())],
        };
        let mut best: Option<((i64, i64), Label)> = None;
        let mut t = FIRST;
        while t <= LAST {
            let label = label_at(t);
            let bounds = label.bounds();
            let broken = obstacles.iter().filter(|o| overlap(**o, bounds)).count()
                + crossings
                    .iter()
                    .filter(|p| inside(**p, grow(bounds, CROSSING_MARGIN)))
                    .count();
            let crossed = edges
                .iter()
                .enumerate()
                .filter(|(other, e)| *other != index && segment_meets(**e, bounds))
                .count();
            let score = (
                as_i64(broken),
                as_i64(crossed) * 1000 + (t - preferred).abs(),
            );
            if best.as_ref().is_none_or(|(s, _)| score < *s) {
                best = Some((score, label));
            }
            t += STEP;
        }
        match best {
            Some(((0, _), label)) => {
                obstacles.push(label.bounds());
                picture.labels.push(label);
            }
            _ => picture.unlabelled += 1,
        }
    }
}

fn grow((left, top, right, bottom): Rect, by: i64) -> Rect {
    (left - by, top - by, right + by, bottom + by)
}

fn overlap(a: Rect, b: Rect) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

fn inside((x, y): (i64, i64), (left, top, right, bottom): Rect) -> bool {
    left <= x && x <= right && top <= y && y <= bottom
}

/// Points where two lines cross (lines meeting at a shared end do not cross).
pub(super) fn crossings(edges: &[Edge]) -> Vec<(i64, i64)> {
    let mut points = Vec::new();
    for (i, a) in edges.iter().enumerate() {
        for b in &edges[i + 1..] {
            if let Some(point) = crossing(*a, *b) {
                points.push(point);
            }
        }
    }
    points
}

fn cross(o: (i64, i64), a: (i64, i64), b: (i64, i64)) -> i128 {
    i128::from(a.0 - o.0) * i128::from(b.1 - o.1) - i128::from(a.1 - o.1) * i128::from(b.0 - o.0)
}

/// Where two segments cross strictly inside both.
fn crossing(a: Edge, b: Edge) -> Option<(i64, i64)> {
    let d1 = cross(b.from, b.to, a.from);
    let d2 = cross(b.from, b.to, a.to);
    let d3 = cross(a.from, a.to, b.from);
    let d4 = cross(a.from, a.to, b.to);
    if !(d1.signum() * d2.signum() < 0 && d3.signum() * d4.signum() < 0) {
        return None;
    }
    // a.from + (a.to − a.from) · d1 / (d1 − d2)
    let denominator = d1 - d2;
    let at = |from: i64, to: i64| {
        let offset = i128::from(to - from) * d1 / denominator;
        from + i64::try_from(offset).unwrap_or(0)
    };
    Some((at(a.from.0, a.to.0), at(a.from.1, a.to.1)))
}

/// Whether a segment passes through a rectangle.
pub(super) fn segment_meets(edge: Edge, rect: Rect) -> bool {
    let (left, top, right, bottom) = rect;
    if inside(edge.from, rect) || inside(edge.to, rect) {
        return true;
    }
    let corners = [(left, top), (right, top), (right, bottom), (left, bottom)];
    (0..4).any(|i| {
        let side = Edge {
            from: corners[i],
            to: corners[(i + 1) % 4],
        };
        crossing(edge, side).is_some()
            || cross(edge.from, edge.to, side.from) == 0 && inside(side.from, rect_of(edge))
    })
}

/// The bounding box of a segment.
fn rect_of(edge: Edge) -> Rect {
    (
        edge.from.0.min(edge.to.0),
        edge.from.1.min(edge.to.1),
        edge.from.0.max(edge.to.0),
        edge.from.1.max(edge.to.1),
    )
}
