//! The Moodle quiz carries the network diagram as a file of each question,
//! as Moodle XML embeds pictures (docs.moodle.org, "Moodle XML format";
//! Moodle's exporter writes `<file name="…" path="/" encoding="base64">`
//! after the `<text>` of a question text, and the text refers to the file
//! as `@@PLUGINFILE@@/name`).

use crate::cli::{folder, longhand, textbook};

/// Standard Base64 decoding (RFC 4648), written here independently of longhand.
fn decode(text: &str) -> Vec<u8> {
    let value = |c: u8| -> u32 {
        match c {
            b'A'..=b'Z' => u32::from(c - b'A'),
            b'a'..=b'z' => u32::from(c - b'a') + 26,
            b'0'..=b'9' => u32::from(c - b'0') + 52,
            b'+' => 62,
            b'/' => 63,
            other => panic!("not Base64: {other}"),
        }
    };
    let clean: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    assert_eq!(clean.len() % 4, 0, "Base64 comes in groups of four");
    let mut out = Vec::new();
    for group in clean.chunks(4) {
        let padding = group.iter().filter(|b| **b == b'=').count();
        let n = group
            .iter()
            .map(|b| if *b == b'=' { 0 } else { value(*b) })
            .fold(0u32, |n, v| (n << 6) | v);
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..3 - padding]);
    }
    out
}

#[test]
fn the_moodle_question_text_embeds_the_diagram_as_a_file() {
    let quiz = textbook().replace("x = [1, 0]", "x = [choice(-1, 0.5, 1), 0.5]");
    let dir = folder(&[("quiz.net", &quiz)]);
    let run = longhand(
        dir.path(),
        &[
            "exercises",
            "quiz.net",
            "--variants",
            "2",
            "--ask",
            "yhat,loss",
            "--format",
            "moodle",
            "-o",
            "q",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let xml = std::fs::read_to_string(dir.path().join("q/quiz-moodle.xml")).expect("written");
    let document = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let cloze: Vec<_> = document
        .root_element()
        .children()
        .filter(|n| n.has_tag_name("question") && n.attribute("type") == Some("cloze"))
        .collect();
    assert_eq!(cloze.len(), 2);
    for question in cloze {
        let text = question
            .children()
            .find(|n| n.has_tag_name("questiontext"))
            .expect("questiontext");
        let html = text
            .children()
            .find(|n| n.has_tag_name("text"))
            .and_then(|t| t.text())
            .expect("the question's HTML");
        assert!(!html.contains("<svg"), "Moodle drops inline SVG");
        let files: Vec<_> = text.children().filter(|n| n.has_tag_name("file")).collect();
        assert_eq!(files.len(), 1, "the network diagram");
        let file = files[0];
        let name = file.attribute("name").expect("a file name");
        assert!(name.ends_with(".svg"), "{name}");
        assert_eq!(file.attribute("path"), Some("/"));
        assert_eq!(file.attribute("encoding"), Some("base64"));
        assert!(
            html.contains(&format!("src=\"@@PLUGINFILE@@/{name}\"")),
            "the text shows the file it carries"
        );
        let svg = String::from_utf8(decode(file.text().expect("content"))).expect("UTF-8");
        let picture = roxmltree::Document::parse(&svg).expect("the file is SVG");
        assert_eq!(picture.root_element().tag_name().name(), "svg");
        assert!(svg.contains("diagram of the network"), "{svg}");
    }
}
