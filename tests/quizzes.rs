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
        // The worked solution's pictures are this variant's own and travel
        // with its feedback: every image it shows is a file it carries.
        let feedback = question
            .children()
            .find(|n| n.has_tag_name("generalfeedback"))
            .expect("generalfeedback");
        let solution = feedback
            .children()
            .find(|n| n.has_tag_name("text"))
            .and_then(|t| t.text())
            .expect("the solution's HTML");
        let carried: Vec<&str> = feedback
            .children()
            .filter(|n| n.has_tag_name("file"))
            .filter_map(|f| f.attribute("name"))
            .collect();
        assert!(carried.len() >= 2, "the diagram and the backward diagram");
        let shown: Vec<&str> = solution
            .split("<img src=\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .collect();
        assert_eq!(shown.len(), carried.len(), "{solution}");
        for src in shown {
            let name = src
                .strip_prefix("@@PLUGINFILE@@/")
                .unwrap_or_else(|| panic!("{src} is not a file of the question"));
            assert!(carried.contains(&name), "{name} is not carried");
        }
    }
}

/// The QTI package (IMS Content Packaging 1.1): a zip whose
/// `imsmanifest.xml` is a `<manifest>` in the IMS CP namespace with
/// `<resources>`, each `<resource type="imsqti_xmlv1p2">` naming its
/// `<file href>`; the assessment is QTI 1.2, `<questestinterop>`.
#[test]
fn the_qti_package_holds_a_manifest_pointing_at_the_assessment() {
    let quiz = textbook().replace("x = [1, 0]", "x = [choice(-1, 0.5, 1), 0.5]");
    let dir = folder(&[("quiz.net", &quiz)]);
    for out in ["a", "b"] {
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
                "qti",
                "-o",
                out,
            ],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    let bytes = std::fs::read(dir.path().join("a/quiz-qti.zip")).expect("the package");
    let again = std::fs::read(dir.path().join("b/quiz-qti.zip")).expect("the package");
    assert_eq!(bytes, again, "the same quiz, the same bytes");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut read = |name: &str| -> String {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut archive.by_name(name).expect(name), &mut text)
            .expect("UTF-8");
        text
    };
    let manifest = read("imsmanifest.xml");
    let document = roxmltree::Document::parse(&manifest).expect("well-formed XML");
    let root = document.root_element();
    assert_eq!(root.tag_name().name(), "manifest");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.imsglobal.org/xsd/imscp_v1p1")
    );
    assert!(root.attribute("identifier").is_some());
    let resources: Vec<_> = root
        .descendants()
        .filter(|n| n.has_tag_name("resource"))
        .collect();
    assert_eq!(resources.len(), 1);
    assert_eq!(resources[0].attribute("type"), Some("imsqti_xmlv1p2"));
    let href = resources[0]
        .children()
        .find(|n| n.has_tag_name("file"))
        .and_then(|f| f.attribute("href"))
        .expect("<file href>");
    let assessment = read(href);
    assert_eq!(
        assessment,
        std::fs::read_to_string(dir.path().join("a").join(href)).expect("written beside")
    );
    let qti = roxmltree::Document::parse(&assessment).expect("well-formed XML");
    assert_eq!(qti.root_element().tag_name().name(), "questestinterop");
    let items = qti.descendants().filter(|n| n.has_tag_name("item")).count();
    assert_eq!(items, 2 * 2, "ŷ and the loss of two variants");
}
