use super::place::{crossings, segment_meets};
use super::{Edge, svg};

fn edge(from: (i64, i64), to: (i64, i64)) -> Edge {
    Edge { from, to }
}

#[test]
fn crossing_lines_are_found_and_shared_ends_are_not_crossings() {
    let a = edge((0, 0), (100, 100));
    let b = edge((0, 100), (100, 0));
    let c = edge((0, 0), (100, 50));
    assert_eq!(crossings(&[a, b]), vec![(50, 50)]);
    assert!(crossings(&[a, c]).is_empty());
}

#[test]
fn a_segment_meets_a_box_it_passes_through() {
    let line = edge((0, 0), (100, 100));
    assert!(segment_meets(line, (40, 45, 60, 55)));
    assert!(!segment_meets(line, (60, 0, 100, 20)));
}

#[test]
fn coordinates_print_with_one_decimal() {
    assert_eq!(svg::px(1125), "112.5");
    assert_eq!(svg::px(-5), "-0.5");
}
