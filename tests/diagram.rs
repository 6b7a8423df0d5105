//! The network diagram, read back from its SVG and checked by geometry:
//! no weight label covers a crossing of two lines, and no two labels
//! overlap, for every bundled example and random networks.
//!
//! Boxes are estimated here on their own terms (0.6 em per character of
//! 11 px text, a line's height), independently of how the layout sizes
//! them, and crossings are computed in floating point from the drawn lines.

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};

use longhand::source::SourceFile;
use longhand::{Format, Options, explain};

use crate::netgen::{self, FromList};

#[derive(Debug, Clone, Copy)]
struct Segment {
    a: (f64, f64),
    b: (f64, f64),
}

#[derive(Debug, Clone)]
struct Text {
    text: String,
    weight: bool,
    left: f64,
    top: f64,
    right: f64,
    bottom: f64,
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = tag[start..].find('"')? + start;
    Some(tag[start..end].to_owned())
}

fn number(tag: &str, name: &str) -> f64 {
    attribute(tag, name)
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no number `{name}` in {tag}"))
}

/// The lines and the small texts of an SVG.
fn read(svg: &str) -> (Vec<Segment>, Vec<Text>) {
    let mut segments = Vec::new();
    let mut texts = Vec::new();
    for line in svg.lines() {
        if line.starts_with("<line class=\"edge\"") {
            segments.push(Segment {
                a: (number(line, "x1"), number(line, "y1")),
                b: (number(line, "x2"), number(line, "y2")),
            });
        } else if line.starts_with("<text class=\"small") {
            let content: String = {
                let inner = &line[line.find('>').map_or(0, |i| i + 1)..];
                let mut out = String::new();
                let mut in_tag = false;
                for ch in inner.chars() {
                    match ch {
                        '<' => in_tag = true,
                        '>' => in_tag = false,
                        _ if !in_tag => out.push(ch),
                        _ => {}
                    }
                }
                out
            };
            let size = 11.0;
            let width = 0.6 * size * content.chars().count() as f64;
            let x = number(line, "x");
            let baseline = number(line, "y");
            let left = match attribute(line, "text-anchor").as_deref() {
                Some("middle") => x - width / 2.0,
                Some("end") => x - width,
                _ => x,
            };
            texts.push(Text {
                weight: line.contains("weight"),
                text: content,
                left,
                top: baseline - 0.8 * size,
                right: left + width,
                bottom: baseline + 0.25 * size,
            });
        }
    }
    (segments, texts)
}

fn crossing(p: Segment, q: Segment) -> Option<(f64, f64)> {
    let r = (p.b.0 - p.a.0, p.b.1 - p.a.1);
    let s = (q.b.0 - q.a.0, q.b.1 - q.a.1);
    let denominator = r.0 * s.1 - r.1 * s.0;
    if denominator.abs() < 1e-9 {
        return None;
    }
    let t = ((q.a.0 - p.a.0) * s.1 - (q.a.1 - p.a.1) * s.0) / denominator;
    let u = ((q.a.0 - p.a.0) * r.1 - (q.a.1 - p.a.1) * r.0) / denominator;
    let inside = |v: f64| v > 1e-6 && v < 1.0 - 1e-6;
    (inside(t) && inside(u)).then_some((p.a.0 + t * r.0, p.a.1 + t * r.1))
}

/// Labels on crossings and overlapping labels.
fn problems(svg: &str) -> Vec<String> {
    let (segments, texts) = read(svg);
    let mut points = Vec::new();
    for (i, p) in segments.iter().enumerate() {
        for q in &segments[i + 1..] {
            points.extend(crossing(*p, *q));
        }
    }
    let mut problems = Vec::new();
    for (i, text) in texts.iter().enumerate() {
        if text.weight {
            for (x, y) in &points {
                if text.left <= *x && *x <= text.right && text.top <= *y && *y <= text.bottom {
                    problems.push(format!(
                        "`{}` covers the crossing at ({x:.1}, {y:.1})",
                        text.text
                    ));
                }
            }
        }
        for other in &texts[i + 1..] {
            let apart = text.right <= other.left
                || other.right <= text.left
                || text.bottom <= other.top
                || other.bottom <= text.top;
            if !apart {
                problems.push(format!("`{}` overlaps `{}`", text.text, other.text));
            }
        }
    }
    problems
}

fn svg(name: &str, text: &str) -> Option<String> {
    explain(&SourceFile::new(name, text), &Options::new(Format::Svg))
        .ok()
        .map(|r| r.text)
}

#[test]
fn bundled_diagrams_keep_labels_clear() {
    let mut failures = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir("examples")
        .expect("examples/")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "net"))
        .collect();
    paths.sort();
    for path in paths {
        let text = std::fs::read_to_string(&path).expect("readable");
        let svg = svg("example.net", &text).expect("bundled examples draw");
        let (_, texts) = read(&svg);
        assert!(
            texts.iter().any(|t| t.weight),
            "{} has weight labels",
            path.display()
        );
        for problem in problems(&svg) {
            failures.push(format!("{}: {problem}", path.display()));
        }
        // The picture after the backward pass: gradients on the same lines.
        let source = SourceFile::new("example.net", text);
        let backward = longhand::backward_diagram(&source, &Options::new(Format::Svg))
            .expect("bundled examples draw")
            .expect("a backward diagram");
        for problem in problems(&backward.text) {
            failures.push(format!("{} (backward): {problem}", path.display()));
        }
    }
    assert!(failures.is_empty(), "\n{}\n", failures.join("\n"));
}

#[test]
fn the_checks_see_a_label_on_a_crossing() {
    let svg = "<line class=\"edge\" x1=\"0\" y1=\"0\" x2=\"100\" y2=\"100\"/>\n\
               <line class=\"edge\" x1=\"0\" y1=\"100\" x2=\"100\" y2=\"0\"/>\n\
               <text class=\"small weight\" x=\"50\" y=\"54\" text-anchor=\"middle\">0.5</text>\n\
               <text class=\"small\" x=\"52\" y=\"54\" text-anchor=\"middle\">b</text>\n";
    assert_eq!(problems(svg).len(), 2, "{:?}", problems(svg));
}

proptest! {
    #![proptest_config(Config {
        cases: 64,
        rng_seed: RngSeed::Fixed(0x0064_6961_6772_616d),
        failure_persistence: None,
        ..Config::default()
    })]

    /// Random shapes up to 4 units a layer (16 labelled weights).
    #[test]
    fn random_diagrams_keep_labels_clear(choices in prop::collection::vec(any::<u32>(), 64..256)) {
        let text = netgen::network(&mut FromList::new(&choices));
        if let Some(svg) = svg("random.net", &text) {
            let problems = problems(&svg);
            prop_assert!(problems.is_empty(), "\n{}\n{text}", problems.join("\n"));
        }
    }
}
