//! Notation profiles and author notes: each built-in profile on the
//! textbook network (golden), the options a block adjusts, and notes placed
//! where their statements say, made safe for every format.

use longhand::source::SourceFile;
use longhand::{Format, Options, explain};

const TEXTBOOK: &str = include_str!("../examples/textbook-2-2-1.net");

fn render(text: &str, format: Format) -> String {
    let source = SourceFile::new("textbook-2-2-1.net", text);
    match explain(&source, &Options::new(format)) {
        Ok(report) => report.text,
        Err(error) => panic!("does not render: {error:?}"),
    }
}

#[test]
fn each_profile_on_the_textbook_network() {
    for profile in ["default", "nielsen", "mazur"] {
        let text = format!("{TEXTBOOK}\nnotation = \"{profile}\"\n");
        let markdown = render(&text, Format::Markdown);
        insta::assert_snapshot!(format!("textbook_in_{profile}_notation"), markdown);
    }
}

#[test]
fn the_default_profile_changes_nothing() {
    let plain = render(TEXTBOOK, Format::Markdown);
    let named = render(
        &format!("{TEXTBOOK}\nnotation = \"default\"\n"),
        Format::Markdown,
    );
    assert_eq!(plain, named);
}

#[test]
fn a_block_adjusts_a_profile() {
    let text = format!(
        "{TEXTBOOK}\nnotation {{\n  learning_rate = \"alpha\"\n  notation = \"nielsen\"\n  loss = \"J\"\n  pre_activation = \"net\"\n}}\n"
    );
    let markdown = render(&text, Format::Markdown);
    // The profile applies first, whatever its place in the block.
    assert!(markdown.contains("The learning rate is $\\alpha = 0.5$"));
    assert!(markdown.contains("$$J = \\frac{1}{2}"));
    assert!(markdown.contains("\\mathrm{net}^{1}_{1} = w^{1}_{11} x_{1}"));
    assert!(!markdown.contains("\\mathcal{L}"));
    assert!(!markdown.contains("\\eta"));
}

#[test]
fn the_command_line_overrides_the_file() {
    let source = SourceFile::new("t.net", format!("{TEXTBOOK}\nnotation = \"mazur\"\n"));
    let mut options = Options::new(Format::Markdown);
    options.symbols = vec![
        ("notation".to_owned(), "nielsen".to_owned()),
        ("loss".to_owned(), "E".to_owned()),
    ];
    let text = explain(&source, &options).expect("renders").text;
    assert!(text.contains("$$E = \\frac{1}{2} \\left(y - a^{2}\\right)^{2}$$"));
    options.symbols = vec![("los".to_owned(), "E".to_owned())];
    let error = explain(&source, &options).expect_err("unknown option");
    assert!(
        error.to_string().contains("did you mean `loss`?"),
        "{error}"
    );
}

#[test]
fn mazur_example_is_in_mazurs_notation() {
    let text = std::fs::read_to_string("output/mazur-2-2-2.md").expect("golden report");
    for symbol in [
        "\\mathrm{net}_{h1} &= w_{1} i_{1} + w_{2} i_{2} + b_{h1}",
        "E_{\\mathrm{total}}",
        "w_{5}^{+} = w_{5} - \\eta \\frac{\\partial E_{\\mathrm{total}}}{\\partial w_{5}}",
        "\\mathrm{out}_{o1}",
    ] {
        assert!(text.contains(symbol), "{symbol}");
    }
}

#[test]
fn notes_go_where_they_are_placed() {
    let text = format!(
        "{TEXTBOOK}
note at start \"NOTE-START: the numbers are those of section 9.7.\"
note after forward \"NOTE-FORWARD: *both* hidden units are active.\"
note after gradients hidden \"NOTE-HIDDEN: only the first input is nonzero.\"
note after hidden_error \"NOTE-ERRORS\"
note at end \"NOTE-END: try a second step.\"
"
    );
    let markdown = render(&text, Format::Markdown);
    let at = |needle: &str| {
        markdown
            .find(needle)
            .unwrap_or_else(|| panic!("{needle} missing"))
    };
    assert!(at("### Symbols") < at("NOTE-START") && at("NOTE-START") < at("## Step 1"));
    assert!(at("## Step 1") < at("NOTE-FORWARD") && at("NOTE-FORWARD") < at("## Step 2"));
    assert!(markdown.contains("NOTE-FORWARD: *both* hidden units"));
    assert_eq!(
        markdown.matches("NOTE-FORWARD").count(),
        1,
        "not after the final pass"
    );
    assert_eq!(markdown.matches("NOTE-HIDDEN").count(), 1);
    let hidden = markdown.find("The gradients of layer 1").expect("part");
    assert!(at("NOTE-HIDDEN") > hidden && at("NOTE-HIDDEN") < at("The SGD update"));
    assert!(at("The error of layer 1") < at("NOTE-ERRORS"));
    assert!(at("NOTE-END") > at("## Answers"));
    for format in [Format::Html, Format::Latex] {
        let report = render(&text, format);
        for needle in ["NOTE-START", "NOTE-FORWARD", "NOTE-HIDDEN", "NOTE-END"] {
            assert!(report.contains(needle), "{needle} in {format:?}");
        }
    }
}

#[test]
fn notes_cannot_carry_markup_into_any_format() {
    let hostile = [
        "<script>alert(1)</script>",
        "$\\\\input{/etc/passwd}$",
        "```{=latex}\\n\\\\input{/etc/passwd}\\n```",
        "[x](javascript:alert(1))",
        "<img src=x onerror=alert(1)>",
        "\\\\write18{rm -rf /}",
    ];
    for note in hostile {
        let text = format!("{TEXTBOOK}\nnote at end \"{note}\"\n");
        let html = render(&text, Format::Html);
        assert!(!html.contains("<script>"), "{note}");
        assert!(!html.contains("<img src=x"), "{note}");
        assert!(!html.contains("javascript:"), "{note}");
        let latex = render(&text, Format::Latex);
        assert!(!latex.contains("\\input{/etc/passwd}"), "{note}: {latex}");
        assert!(!latex.contains("\\write18{"), "{note}");
    }
}

/// Runs the binary; returns (exit code, stdout, stderr).
fn longhand(args: &[&str]) -> (i32, String, String) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_longhand"))
        .args(args)
        .output()
        .expect("the binary runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn an_edited_template_changes_the_report_and_missing_ones_fall_back() {
    let dir = tempfile::TempDir::new().expect("temporary folder");
    let folder = dir.path().to_string_lossy().into_owned();
    let (code, _, _) = longhand(&["templates", "export", &folder]);
    assert_eq!(code, 0);
    for name in [
        "report.md",
        "_part.md",
        "_lines.md",
        "page.html",
        "document.tex",
    ] {
        assert!(dir.path().join(name).exists(), "{name} exported");
    }
    let part = std::fs::read_to_string(dir.path().join("_part.md")).expect("exported");
    let edited = part.replace(
        "The loss compares the prediction with the target:",
        "Now we measure how wrong the prediction is:",
    );
    assert_ne!(part, edited);
    std::fs::write(dir.path().join("_part.md"), edited).expect("writable");
    std::fs::remove_file(dir.path().join("report.md")).expect("removable");
    let example = "examples/textbook-2-2-1.net";
    let (code, out, err) = longhand(&["render", example, "--templates", &folder]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Now we measure how wrong the prediction is:"));
    assert!(!out.contains("The loss compares the prediction with the target:"));
    // report.md was missing: the built-in one laid out the rest.
    let (_, builtin, _) = longhand(&["render", example]);
    assert_eq!(
        out.replace(
            "Now we measure how wrong the prediction is:",
            "The loss compares the prediction with the target:"
        ),
        builtin
    );
}

#[test]
fn a_template_error_names_the_file_and_line() {
    let dir = tempfile::TempDir::new().expect("temporary folder");
    std::fs::write(dir.path().join("_lines.md"), "first line\n{% if %}\n").expect("writable");
    let folder = dir.path().to_string_lossy().into_owned();
    let (code, _, err) = longhand(&[
        "render",
        "examples/textbook-2-2-1.net",
        "--templates",
        &folder,
    ]);
    assert_eq!(code, 3, "{err}");
    assert!(
        err.contains(&format!("in {folder}/_lines.md, line 2:")),
        "{err}"
    );
    std::fs::write(dir.path().join("_lines.md"), "{{ no_such_field }}\n").expect("writable");
    let (code, _, err) = longhand(&[
        "render",
        "examples/textbook-2-2-1.net",
        "--templates",
        &folder,
    ]);
    assert_eq!(code, 3, "{err}");
    assert!(
        err.contains(&format!("in {folder}/_lines.md, line 1:")),
        "{err}"
    );
    assert!(err.contains("no_such_field"), "{err}");
}
