//! The limits README.md states ("Limits"), probed at and beyond their edges:
//! each input gets an answer (a result, or a refusal naming the limit)
//! quickly. Time and peak memory of the same probes in a release build,
//! measured with `/usr/bin/time -v`, are in README.md.

use std::fmt::Write as _;
use std::process::Command;
use std::time::{Duration, Instant};

use longhand::diagnostic::{Color, render_all};
use longhand::source::SourceFile;
use longhand::{Error, Format, Options, explain};

use crate::netgen;

const BINARY: &str = env!("CARGO_BIN_EXE_longhand");

/// Generous: debug builds on a shared two-core machine; a release build
/// answers each of these in well under a second.
const PROMPT: Duration = Duration::from_secs(20);

/// Runs `explain` and returns the rendered refusal (panics on success).
fn refusal(text: &str, format: Format) -> String {
    let source = SourceFile::new("limit.net", text);
    let started = Instant::now();
    let result = explain(&source, &Options::new(format));
    assert!(started.elapsed() < PROMPT, "took {:?}", started.elapsed());
    match result {
        Err(Error::Input(diagnostics)) => render_all(&diagnostics, &source, Color::Never),
        Err(other) => panic!("expected an input error, got {other}"),
        Ok(_) => panic!("expected a refusal"),
    }
}

fn textbook() -> String {
    include_str!("../examples/textbook-2-2-1.net").to_owned()
}

#[test]
fn a_vector_of_100000_units_is_refused_naming_the_limit() {
    let entries = vec!["0.5"; 100_000].join(", ");
    let text = format!(
        "input x = [{entries}]\ntarget y = [1]\n\
         layer out {{ activation = sigmoid W = [[{entries}]] b = [0] }}\n\
         loss = half_squared_error\nlearning_rate = 0.5\n"
    );
    let error = refusal(&text, Format::Json);
    assert!(
        error.contains("the input has 100000 entries; longhand works with at most 1024"),
        "{error}"
    );
}

#[test]
fn forty_layers_within_the_limits_render_in_every_format() {
    let text = netgen::layered(39, 4, "");
    let source = SourceFile::new("deep.net", text);
    for format in [Format::Markdown, Format::Html, Format::Json, Format::Svg] {
        let started = Instant::now();
        let report = explain(&source, &Options::new(format)).expect("40 layers render");
        assert!(
            started.elapsed() < PROMPT,
            "{format:?} took {:?}",
            started.elapsed()
        );
        assert!(!report.text.is_empty());
    }
    let markdown = explain(&source, &Options::new(Format::Markdown)).expect("renders");
    // The last hidden layer's error is written out: the recurrence reached layer 1.
    assert!(
        markdown.text.contains("\\delta^{(1)}_{1}"),
        "no δ of layer 1"
    );
}

#[test]
fn sixty_five_layers_are_refused() {
    let error = refusal(&netgen::layered(64, 1, ""), Format::Json);
    assert!(
        error.contains("the network has 65 layers; longhand works with at most 64"),
        "{error}"
    );
}

#[test]
fn ten_million_steps_are_refused_at_once() {
    let text = textbook().replace("steps         = 1", "steps = 10000000");
    let error = refusal(&text, Format::Markdown);
    assert!(
        error.contains("`steps = 10000000` is more than longhand runs"),
        "{error}"
    );
    assert!(error.contains("use at most 100000 steps"), "{error}");
}

#[test]
fn training_work_beyond_the_limit_is_refused_at_once() {
    // 30,000 steps of a 9-parameter network: 270,000 > 200,000.
    let text = textbook().replace("steps         = 1", "steps = 30000");
    let error = refusal(&text, Format::Json);
    assert!(
        error.contains("30000 steps over 1 examples of a network with 9 parameters is more training than longhand runs"),
        "{error}"
    );
    assert!(error.contains("at most 200000"), "{error}");
}

#[test]
fn training_at_the_work_limit_finishes() {
    // 20,000 steps × 9 parameters = 180,000, just under the limit.
    let text = textbook().replace("steps         = 1", "steps = 20000");
    let source = SourceFile::new("long.net", text);
    let started = Instant::now();
    let report = explain(&source, &Options::new(Format::Markdown)).expect("trains");
    assert!(
        started.elapsed() < PROMPT * 3,
        "took {:?}",
        started.elapsed()
    );
    assert!(report.text.contains("20000"));
}

/// 1024 inputs, a hidden layer of `units`, one output: 1025·units + units + 1 parameters.
fn wide(units: usize) -> String {
    let inputs = vec!["0.5"; 1024].join(", ");
    let row = format!("[{}]", vec!["0.01"; 1024].join(", "));
    let mut text = format!("input x = [{inputs}]\ntarget y = [1]\n");
    let _ = writeln!(
        text,
        "layer h {{ activation = sigmoid W = [{}] b = [{}] }}",
        vec![row; units].join(", "),
        vec!["0"; units].join(", ")
    );
    let _ = writeln!(
        text,
        "layer out {{ activation = sigmoid W = [[{}]] b = [0] }}",
        vec!["0.1"; units].join(", ")
    );
    text.push_str("loss = half_squared_error\nlearning_rate = 0.5\n");
    text
}

#[test]
fn the_largest_network_is_accepted_and_a_larger_one_is_not() {
    let source = SourceFile::new("wide.net", wide(19));
    let network = longhand::load(&source, &Options::new(Format::Json)).expect("accepted");
    assert_eq!(network.parameter_count(), 19_495);
    // 20 hidden units: 20,521 parameters.
    let error = refusal(&wide(20), Format::Json);
    assert!(
        error.contains(
            "the network has 20521 weights and biases; longhand works with at most 20000"
        ),
        "{error}"
    );
}

#[test]
fn brackets_nested_100000_deep_are_refused_without_recursion() {
    let text = format!(
        "input x = {}1{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let error = refusal(&text, Format::Markdown);
    assert!(
        error.contains("brackets are nested more than 16 deep"),
        "{error}"
    );
    // Unclosed brackets too, and braces and parentheses.
    for open in ["[", "{", "("] {
        let error = refusal(&format!("layer a {}", open.repeat(100_000)), Format::Json);
        assert!(error.contains("nested more than 16 deep"), "{error}");
    }
}

#[test]
fn a_source_over_one_mebibyte_is_refused_in_process() {
    let text = format!("{}\n{}", textbook(), "// padding\n".repeat(100_000));
    let error = refusal(&text, Format::Json);
    assert!(
        error.contains("longhand reads network descriptions of at most 1048576 bytes"),
        "{error}"
    );
}

/// Runs the binary on `path`; returns (exit code, stderr, elapsed).
fn run_binary(path: &std::path::Path) -> (i32, String, Duration) {
    let started = Instant::now();
    let output = Command::new(BINARY)
        .args(["render", "--format", "json"])
        .arg(path)
        .output()
        .expect("the binary runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).into_owned(),
        started.elapsed(),
    )
}

#[test]
fn a_50_mb_file_is_refused_after_reading_one_mebibyte() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("huge.net");
    let file = std::fs::File::create(&path).expect("created");
    // A sparse file: 50 MB long, cheap to make; the command line reads no more
    // than 1 MiB + 1 byte of it.
    file.set_len(50 * 1000 * 1000).expect("sized");
    let (code, stderr, elapsed) = run_binary(&path);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("is longer than 1048576 bytes"), "{stderr}");
    assert!(elapsed < PROMPT, "took {elapsed:?}");
}

#[cfg(target_os = "linux")]
#[test]
fn an_endless_file_is_refused() {
    let (code, stderr, elapsed) = run_binary(std::path::Path::new("/dev/zero"));
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("is longer than 1048576 bytes"), "{stderr}");
    assert!(elapsed < PROMPT, "took {elapsed:?}");
}

#[test]
fn thousands_of_problems_are_reported_quickly_and_the_first_fifty_shown() {
    // 70,000 misspelt settings, each with a "did you mean" and, for the
    // repeated ones, a label on the first: rendering was quadratic.
    let text = "lern_rate = 1\ninput x = [1]\n".repeat(35_000);
    let source = SourceFile::new("many.net", text);
    let started = Instant::now();
    let Err(Error::Input(diagnostics)) = longhand::load(&source, &Options::new(Format::Json))
    else {
        panic!("expected input errors");
    };
    let rendered = render_all(&diagnostics, &source, Color::Never);
    assert!(started.elapsed() < PROMPT, "took {:?}", started.elapsed());
    assert!(diagnostics.len() > 50);
    assert_eq!(rendered.matches("\nerror: ").count() + 1, 51, "{rendered}");
    assert!(
        rendered.ends_with(&format!(
            "error: {} problems found in `many.net` (the first 50 are shown)\n",
            diagnostics.len()
        )),
        "{}",
        &rendered[rendered.len().saturating_sub(300)..]
    );
    // Line numbers are still counted from the top of the file.
    assert!(rendered.contains("--> many.net:3:1"), "{rendered}");
}

#[test]
fn exercises_refuse_more_variants_than_can_be_held_at_once() {
    // 20,000 steps × 9 parameters = 180,000 per variant; 1,000,000 in all.
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("long.net");
    std::fs::write(
        &path,
        textbook().replace("steps         = 1", "steps = 20000"),
    )
    .expect("written");
    let started = Instant::now();
    let output = Command::new(BINARY)
        .args(["exercises", "--variants", "10"])
        .arg(&path)
        .output()
        .expect("the binary runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("10 variants of")
            && stderr.contains("are more training than longhand runs at once (180000 per variant")
            && stderr.contains("draw at most 5 variants at a time"),
        "{stderr}"
    );
    assert!(output.stdout.is_empty());
    assert!(started.elapsed() < PROMPT, "took {:?}", started.elapsed());
}
