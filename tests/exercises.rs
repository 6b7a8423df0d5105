//! Exercises (issue 11): sheets, solutions and one key per exercise, the
//! accepted ranges, the quiz files, and grading a variant with `check --seed`.

use num_bigint::BigInt;
use num_rational::BigRational;

use longhand::exercise::{self, Question};
use longhand::source::SourceFile;
use longhand::{Format, Options};

use crate::cli::{folder, listing, longhand, textbook};

/// The textbook network with its input drawn (never 0) and a drawn weight.
fn quiz() -> String {
    textbook()
        .replace(
            "x = [1, 0]",
            "x = [uniform(-1, 1, 0.5), uniform(0.5, 1, 0.1)]",
        )
        .replace("[0.7, -0.5]", "[uniform(0.3, 0.9, 0.1), -0.5]")
}

fn read(path: &std::path::Path) -> String {
    std::fs::read_to_string(path).expect("written")
}

#[test]
fn an_exercise_writes_sheets_solutions_and_one_key_the_same_for_the_same_seed() {
    let dir = folder(&[("quiz.net", &quiz())]);
    for out in ["a", "b"] {
        let run = longhand(
            dir.path(),
            &[
                "exercises",
                "quiz.net",
                "--variants",
                "3",
                "--seed",
                "10",
                "--format",
                "markdown",
                "-o",
                out,
            ],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(run.stderr.contains("variant 3: seed 12"), "{}", run.stderr);
    }
    let a = dir.path().join("a");
    let files = listing(&a);
    assert_eq!(
        files,
        [
            "quiz-1-backward.svg",
            "quiz-1-sheet.md",
            "quiz-1.md",
            "quiz-1.svg",
            "quiz-2-backward.svg",
            "quiz-2-sheet.md",
            "quiz-2.md",
            "quiz-2.svg",
            "quiz-3-backward.svg",
            "quiz-3-sheet.md",
            "quiz-3.md",
            "quiz-3.svg",
            "quiz-key.csv",
            "quiz-key.json",
            "quiz-key.md",
        ]
    );
    for file in &files {
        assert_eq!(
            std::fs::read(a.join(file)).expect("a"),
            std::fs::read(dir.path().join("b").join(file)).expect("b"),
            "{file} differs between two runs"
        );
    }
    // Sheet and solution of a variant carry its id in the title.
    let sheet = read(&a.join("quiz-2-sheet.md"));
    let solution = read(&a.join("quiz-2.md"));
    for text in [&sheet, &solution] {
        assert!(
            text.contains("# A 2-2-1 sigmoid network trained by hand — variant 2, seed 11\n"),
            "{text}"
        );
    }
    assert!(sheet.contains("## Questions"));
    assert!(sheet.contains("| `yhat` |  |"), "{sheet}");
    // One CSV: one header, a variant column, every variant.
    let csv = read(&a.join("quiz-key.csv"));
    assert_eq!(csv.matches("variant,seed,").count(), 1);
    for variant in ["\n1,10,", "\n2,11,", "\n3,12,"] {
        assert!(csv.contains(variant), "{csv}");
    }
    let key = read(&a.join("quiz-key.md"));
    assert!(key.contains("## Variant 3, seed 12"));
    assert!(key.contains(" ± "));
}

#[test]
fn every_report_format_has_sheets() {
    let dir = folder(&[("quiz.net", &quiz())]);
    for (format, ext) in [("html", "html"), ("latex", "tex"), ("json", "json")] {
        let out = format!("out-{format}");
        let run = longhand(
            dir.path(),
            &[
                "exercises",
                "quiz.net",
                "--variants",
                "2",
                "--format",
                format,
                "-o",
                &out,
                "--allow-degenerate",
            ],
        );
        assert_eq!(run.code, 0, "{format}: {}", run.stderr);
        let sheet = read(&dir.path().join(&out).join(format!("quiz-2-sheet.{ext}")));
        let id = if format == "json" {
            "\"variant\": 2,\n      \"seed\": 1,"
        } else {
            "variant 2, seed 1"
        };
        assert!(sheet.contains(id), "{format}: {sheet}");
    }
}

/// A rational from a decimal string of the key.
fn rational(text: &str) -> BigRational {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits: BigInt = format!("{whole}{fraction}").parse().expect("a number");
    BigRational::new(digits, BigInt::from(10).pow(fraction.len() as u32))
}

#[test]
fn the_accepted_range_holds_every_carry_mode_and_nothing_a_unit_beyond() {
    let source = SourceFile::new("quiz.net", quiz());
    let options = Options::new(Format::Json);
    let mut checked = 0;
    for seed in 0..200u64 {
        let variant = exercise::variant(&source, &options, seed + 1, seed, &Question::ALL)
            .expect("a variant");
        assert!(!variant.answers.is_empty());
        for answer in &variant.answers {
            for result in &answer.results {
                assert!(answer.accepts(result), "seed {seed}: {:?}", answer.key);
            }
            let highest = answer.results.iter().max().expect("three");
            let lowest = answer.results.iter().min().expect("three");
            assert!(!answer.accepts(&(highest + &answer.unit)));
            assert!(!answer.accepts(&(lowest - &answer.unit)));
            // The key's text says the same range.
            assert_eq!(rational(&answer.key.low), answer.low);
            assert_eq!(rational(&answer.key.high), answer.high);
            let center = rational(&answer.key.center);
            let tolerance = rational(&answer.key.tolerance);
            assert_eq!(&center - &tolerance, answer.low);
            assert_eq!(&center + &tolerance, answer.high);
            checked += 1;
        }
    }
    assert!(checked > 200 * 20, "{checked}");
}

#[test]
fn ask_chooses_the_questions_and_refuses_an_unknown_one() {
    assert_eq!(
        exercise::parse_asks("loss, yhat,loss").expect("read"),
        [Question::Yhat, Question::Loss]
    );
    let error = exercise::parse_asks("yhat,deltas").expect_err("unknown");
    assert!(error.contains("did you mean `delta`"), "{error}");
    let dir = folder(&[("quiz.net", &quiz())]);
    let run = longhand(dir.path(), &["exercises", "quiz.net", "--ask", "grads"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
}

/// Every Cloze sub-question of a text: `{1:NUMERICAL:=answer:tolerance}`,
/// read as the Moodle documentation describes it (`{weight:TYPE:=answer:tolerance}`).
fn cloze_answers(text: &str) -> Vec<(f64, f64)> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        let Some(end) = rest[start..].find('}') else {
            break;
        };
        let inner = &rest[start + 1..start + end];
        let parts: Vec<&str> = inner.split(':').collect();
        if parts.len() == 4 && parts[1] == "NUMERICAL" {
            let weight: u32 = parts[0].parse().expect("a weight");
            assert!(weight >= 1);
            let answer = parts[2]
                .strip_prefix('=')
                .expect("a correct answer starts with =");
            found.push((
                answer.parse().expect("a number"),
                parts[3].parse().expect("a tolerance"),
            ));
        }
        rest = &rest[start + end + 1..];
    }
    found
}

#[test]
fn the_quiz_files_parse_and_hold_every_question() {
    let dir = folder(&[("quiz.net", &quiz())]);
    let asks = "yhat,loss,grad";
    for format in ["moodle", "gift", "qti"] {
        let run = longhand(
            dir.path(),
            &[
                "exercises",
                "quiz.net",
                "--variants",
                "3",
                "--ask",
                asks,
                "--format",
                format,
                "-o",
                "q",
                "--allow-degenerate",
            ],
        );
        assert_eq!(run.code, 0, "{format}: {}", run.stderr);
    }
    let source = SourceFile::new("quiz.net", quiz());
    let asked = exercise::parse_asks(asks).expect("read");
    let variants: Vec<_> = (0..3u64)
        .map(|s| {
            exercise::variant(&source, &Options::new(Format::Json), s + 1, s, &asked)
                .expect("a variant")
        })
        .collect();
    let per_variant = variants[0].answers.len();
    assert_eq!(per_variant, 1 + 1 + 9, "ŷ, the loss and nine gradients");

    // Moodle XML (docs.moodle.org, "Moodle XML format"): a <quiz> of
    // <question type="...">; a Cloze question has <name><text>, a
    // <questiontext format="html"><text> holding the embedded answers, and
    // <generalfeedback>.
    let xml = read(&dir.path().join("q/quiz-moodle.xml"));
    let document = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let root = document.root_element();
    assert_eq!(root.tag_name().name(), "quiz");
    let questions: Vec<_> = root
        .children()
        .filter(|n| n.has_tag_name("question"))
        .collect();
    assert_eq!(questions[0].attribute("type"), Some("category"));
    let cloze: Vec<_> = questions
        .iter()
        .filter(|q| q.attribute("type") == Some("cloze"))
        .collect();
    assert_eq!(cloze.len(), 3);
    let text_of = |node: &roxmltree::Node<'_, '_>, tag: &str| -> String {
        let element = node
            .children()
            .find(|n| n.has_tag_name(tag))
            .unwrap_or_else(|| panic!("<{tag}>"));
        element
            .children()
            .find(|n| n.has_tag_name("text"))
            .and_then(|t| t.text())
            .unwrap_or_default()
            .to_owned()
    };
    for (question, variant) in cloze.iter().zip(&variants) {
        assert!(text_of(question, "name").contains(&variant.label()));
        let text = question
            .children()
            .find(|n| n.has_tag_name("questiontext"))
            .expect("questiontext");
        assert_eq!(text.attribute("format"), Some("html"));
        let body = text_of(question, "questiontext");
        assert!(body.contains("\\("), "math for MathJax");
        let answers = cloze_answers(&body);
        assert_eq!(answers.len(), per_variant);
        for ((center, tolerance), answer) in answers.iter().zip(&variant.answers) {
            assert_eq!(
                center.to_string(),
                answer.key.center.parse::<f64>().expect("n").to_string()
            );
            assert_eq!(*tolerance, answer.key.tolerance.parse::<f64>().expect("n"));
        }
        assert!(text_of(question, "generalfeedback").contains("Step 1"));
    }

    // GIFT: `::title::text {#answer:tolerance}` per question.
    let gift = read(&dir.path().join("q/quiz.gift"));
    assert_eq!(gift.matches("{#").count(), 3 * per_variant);
    for variant in &variants {
        for answer in &variant.answers {
            assert!(gift.contains(&format!(
                "{{#{}:{}}}",
                answer.key.center, answer.key.tolerance
            )));
        }
    }

    // QTI 1.2: questestinterop > assessment > section > item, each a
    // numerical_question accepting low ≤ answer ≤ high.
    let xml = read(&dir.path().join("q/quiz-qti.xml"));
    let document = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let root = document.root_element();
    assert_eq!(root.tag_name().name(), "questestinterop");
    let items: Vec<_> = root
        .descendants()
        .filter(|n| n.tag_name().name() == "item")
        .collect();
    assert_eq!(items.len(), 3 * per_variant);
    let answers = variants.iter().flat_map(|v| &v.answers);
    for (item, answer) in items.iter().zip(answers) {
        let find = |tag: &str| {
            item.descendants()
                .find(|n| n.tag_name().name() == tag)
                .and_then(|n| n.text())
                .unwrap_or_default()
                .to_owned()
        };
        assert_eq!(find("fieldentry"), "numerical_question");
        assert_eq!(find("vargte"), answer.key.low);
        assert_eq!(find("varlte"), answer.key.high);
    }
}

#[test]
fn check_grades_a_variant_and_refuses_coarse_claims() {
    let dir = folder(&[("quiz.net", &quiz())]);
    let source = SourceFile::new("quiz.net", quiz());
    let variant = exercise::variant(&source, &Options::new(Format::Json), 5, 4, &Question::ALL)
        .expect("a variant");
    let claims: String = variant
        .answers
        .iter()
        .map(|a| format!("{} = {}\n", a.key.name, a.key.value))
        .collect();
    let coarse = "loss = 0\nyhat = 1\n";
    std::fs::write(dir.path().join("answers.txt"), &claims).expect("written");
    std::fs::write(dir.path().join("coarse.txt"), coarse).expect("written");
    let run = longhand(dir.path(), &["check", "quiz.net", "answers.txt"]);
    assert_eq!(run.code, 2, "draws need --seed: {}", run.stderr);
    assert!(run.stderr.contains("--seed N"), "{}", run.stderr);
    let run = longhand(
        dir.path(),
        &["check", "quiz.net", "answers.txt", "--seed", "4"],
    );
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    // Another variant's numbers do not pass for this one.
    let run = longhand(
        dir.path(),
        &["check", "quiz.net", "answers.txt", "--seed", "5"],
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
    let run = longhand(
        dir.path(),
        &["check", "quiz.net", "coarse.txt", "--seed", "4"],
    );
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout.matches("TOO COARSE").count(),
        2,
        "{}",
        run.stdout
    );
    let run = longhand(
        dir.path(),
        &[
            "check",
            "quiz.net",
            "coarse.txt",
            "--seed",
            "4",
            "--accept-coarse",
        ],
    );
    assert!(!run.stdout.contains("TOO COARSE"), "{}", run.stdout);
}

#[test]
fn a_variant_kept_as_a_plain_file_renders_the_same() {
    let dir = folder(&[
        ("quiz.net", &quiz()),
        (
            "untitled.net",
            &quiz().replace("network \"A 2-2-1 sigmoid network trained by hand\"", ""),
        ),
    ]);
    for name in ["quiz.net", "untitled.net"] {
        let run = longhand(
            dir.path(),
            &[
                "render", name, "--seed", "7", "--format", "net", "-o", "kept",
            ],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        let stem = name.trim_end_matches(".net");
        let kept = format!("kept/{stem}-seed7.net");
        let plain = read(&dir.path().join(&kept));
        assert!(!plain.contains("uniform"), "{plain}");
        let again = longhand(dir.path(), &["render", &kept, "--format", "json"]);
        let drawn = longhand(
            dir.path(),
            &["render", name, "--seed", "7", "--format", "json"],
        );
        assert_eq!(again.code, 0, "{}", again.stderr);
        assert_eq!(again.stdout, drawn.stdout);
        // And it holds no draw, so `check` needs no seed.
        std::fs::write(dir.path().join("c.txt"), "loss = 0.1\n").expect("written");
        let check = longhand(dir.path(), &["check", &kept, "c.txt", "--accept-coarse"]);
        assert_ne!(check.code, 2, "{}", check.stderr);
    }
}

#[test]
fn poor_variants_are_redrawn_counted_and_bounded() {
    // Half the draws of the first input are 0.
    let zeros = textbook().replace("x = [1, 0]", "x = [uniform(0, 1, 1), 0.5]");
    let dir = folder(&[("zeros.net", &zeros)]);
    let run = longhand(
        dir.path(),
        &[
            "exercises",
            "zeros.net",
            "--variants",
            "30",
            "--format",
            "csv",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("were rejected as poor exercises")
            && run.stderr.contains("with an input of exactly 0"),
        "{}",
        run.stderr
    );
    // Every kept variant drew 1, so x[1] = 1 is in every row of the key.
    let source = SourceFile::new("zeros.net", zeros.clone());
    let mut seeds: Vec<u64> = run
        .stdout
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).expect("seed").parse().expect("n"))
        .collect();
    seeds.dedup();
    assert_eq!(seeds.len(), 30);
    for seed in seeds {
        let mut options = Options::new(Format::Json);
        options.seed = seed;
        let network = longhand::load(&source, &options).expect("loads");
        assert!(
            !network.examples[0].input[0]
                .value
                .eq(&BigRational::from_integer(0.into()))
        );
    }
    // Only zeros to draw: a clear error once the bound is passed.
    let only = textbook().replace("x = [1, 0]", "x = [uniform(0, 0, 1), 0.5]");
    std::fs::write(dir.path().join("only.net"), only).expect("written");
    let run = longhand(dir.path(), &["exercises", "only.net", "--variants", "2"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("gave only 0 good variants in 120 draws"),
        "{}",
        run.stderr
    );
    let run = longhand(
        dir.path(),
        &[
            "exercises",
            "only.net",
            "--variants",
            "2",
            "--allow-degenerate",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
}
