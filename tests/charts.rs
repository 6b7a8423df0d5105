//! Charts: the training curve holds the recorded losses, and no two
//! labels of a drawn chart overlap (text boxes estimated from the font size
//! and the number of characters, a generous 0.6 em per character).

use longhand::numeric::run::Detail;
use longhand::source::SourceFile;
use longhand::{Format, Options};

fn network(path: &str) -> longhand::model::Network {
    let text = std::fs::read_to_string(path).expect("example");
    longhand::load(&SourceFile::new(path, text), &Options::new(Format::Json)).expect("loads")
}

fn curve(path: &str) -> longhand::render::chart::Chart {
    let network = network(path);
    let run = longhand::train(&network, Detail::First).expect("trains");
    longhand::render::curve::training_chart(&network, &run).expect("several updates")
}

#[test]
fn the_xor_curve_has_the_batch_loss_and_every_example() {
    let chart = curve("examples/xor-batch.net");
    let lines = &chart.panels[0].lines;
    let labels: Vec<&str> = lines.iter().map(|l| l.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "loss over all examples",
            "example 1",
            "example 2",
            "example 3",
            "example 4"
        ]
    );
    for line in lines {
        // 50 updates and the loss after training.
        assert_eq!(line.points.len(), 51, "{}", line.label);
        assert_eq!(line.points.last().map(|p| p.0), Some(51.0));
    }
    // The combined loss of update 1 is the mean of the examples' losses.
    let mean = lines[1..].iter().map(|l| l.points[0].1).sum::<f64>() / 4.0;
    assert!((lines[0].points[0].1 - mean).abs() < 1e-4);
}

#[test]
fn online_curves_have_one_point_per_update_that_used_the_example() {
    let chart = curve("examples/online-sgd.net");
    let lines = &chart.panels[0].lines;
    assert_eq!(lines.len(), 3, "one line per example, no batch loss");
    for (index, line) in lines.iter().enumerate() {
        // Two passes over three examples: updates k and k + 3, then after training (7).
        let xs: Vec<f64> = line.points.iter().map(|p| p.0).collect();
        let k = index as f64 + 1.0;
        assert_eq!(xs, [k, k + 3.0, 7.0], "{}", line.label);
    }
}

/// The text elements of an SVG with estimated boxes (x0, y0, x1, y1).
fn text_boxes(svg: &str) -> Vec<(String, [f64; 4])> {
    let document = roxmltree::Document::parse(svg).expect("well-formed SVG");
    let mut boxes = Vec::new();
    for node in document.descendants().filter(|n| n.has_tag_name("text")) {
        let text = node.text().unwrap_or("").trim().to_owned();
        if text.is_empty() {
            continue;
        }
        let number = |name: &str| node.attribute(name).and_then(|v| v.parse::<f64>().ok());
        let (Some(x), Some(y)) = (number("x"), number("y")) else {
            continue;
        };
        let size = number("font-size").unwrap_or(12.0);
        let width = 0.6 * size * text.chars().count() as f64;
        let x0 = match node.attribute("text-anchor") {
            Some("middle") => x - width / 2.0,
            Some("end") => x - width,
            _ => x,
        };
        let rotated = node
            .attribute("transform")
            .is_some_and(|t| t.contains("rotate"));
        let b = if rotated {
            [
                x - size / 2.0,
                y - width / 2.0,
                x + size / 2.0,
                y + width / 2.0,
            ]
        } else {
            [x0, y - size, x0 + width, y]
        };
        boxes.push((text, b));
    }
    boxes
}

fn assert_no_overlap(svg: &str) {
    let boxes = text_boxes(svg);
    assert!(!boxes.is_empty());
    for (i, (a, p)) in boxes.iter().enumerate() {
        for (b, q) in &boxes[i + 1..] {
            let overlap =
                p[0] < q[2] - 1.0 && q[0] < p[2] - 1.0 && p[1] < q[3] - 1.0 && q[1] < p[3] - 1.0;
            assert!(!overlap, "labels {a:?} {p:?} and {b:?} {q:?} overlap");
        }
    }
}

#[test]
fn chart_labels_never_overlap() {
    for path in ["examples/xor-batch.net", "examples/online-sgd.net"] {
        let svg = longhand::render::chart::svg(&curve(path)).expect("drawn");
        assert_no_overlap(&svg);
        let text = std::fs::read_to_string(path).expect("example");
        let source = SourceFile::new(path, text);
        let carries = [
            longhand::model::Carry::Step,
            longhand::model::Carry::Quantity,
        ];
        let page = longhand::sensitivity(
            &source,
            &Options::new(Format::Html),
            &[2, 3, 4, 6],
            &carries,
        )
        .expect("sensitivity")
        .text;
        let start = page.find("<svg").expect("a drift chart");
        let end = page[start..].find("</svg>").expect("ends") + start + 6;
        assert_no_overlap(&page[start..end]);
    }
}

#[test]
fn the_overlap_check_catches_overprinted_labels() {
    let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"><text x=\"462\" y=\"286\" text-anchor=\"middle\">50</text><text x=\"470\" y=\"286\" text-anchor=\"middle\">after</text></svg>";
    let caught = std::panic::catch_unwind(|| assert_no_overlap(svg));
    assert!(caught.is_err(), "two labels 8 px apart must be reported");
}
