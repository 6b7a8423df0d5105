//! The LaTeX reports compile: every bundled example with pdfLaTeX and with
//! LuaLaTeX, with no error, no missing character and no box more than 1 pt
//! too wide or too tall (TeX's own measurement of the layout rule), and
//! the `--fragment` body inside a book chapter.
//!
//! Without an engine on `PATH` these tests say so and pass, unless
//! `LONGHAND_REQUIRE_TEX` is set (`.ci/run` sets it after installing TeX).

use std::path::Path;
use std::process::Command;
use std::sync::Mutex;

use longhand::source::SourceFile;
use longhand::{Format, Options, explain};

/// Whether `engine` can be run; when it cannot, says why the test is skipped.
fn available(engine: &str) -> bool {
    let found = Command::new(engine)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("LONGHAND_REQUIRE_TEX").is_none(),
            "{engine} is not installed, and LONGHAND_REQUIRE_TEX is set"
        );
        eprintln!("skipped: {engine} is not installed (install TeX Live to run this test)");
    }
    found
}

fn bundled() -> Vec<(String, String)> {
    let mut paths: Vec<_> = std::fs::read_dir("examples")
        .expect("examples/")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "net"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).expect("readable");
            let stem = path
                .file_stem()
                .expect("stem")
                .to_string_lossy()
                .into_owned();
            (stem, text)
        })
        .collect()
}

fn latex(name: &str, text: &str, fragment: bool) -> String {
    latex_with(name, text, fragment, None)
}

/// The LaTeX, with the command named in its header as the one that regenerates it.
fn latex_with(name: &str, text: &str, fragment: bool, regenerate: Option<&str>) -> String {
    let mut options = Options::new(Format::Latex);
    options.fragment = fragment;
    options.regenerate = regenerate.map(str::to_owned);
    match explain(&SourceFile::new(format!("{name}.net"), text), &options) {
        Ok(report) => report.text,
        Err(error) => panic!("{name} does not render: {error:?}"),
    }
}

/// What is wrong in a TeX log: errors, missing characters, and boxes more
/// than 1 pt too wide or too tall.
fn problems(log: &str) -> Vec<String> {
    let mut found = Vec::new();
    for line in log.lines() {
        if line.starts_with('!') || line.contains("Missing character") {
            found.push(line.to_owned());
        }
        if let Some(rest) = line
            .strip_prefix("Overfull \\hbox (")
            .or_else(|| line.strip_prefix("Overfull \\vbox ("))
        {
            let points: f64 = rest
                .split("pt")
                .next()
                .and_then(|p| p.parse().ok())
                .unwrap_or(f64::MAX);
            if points > 1.0 {
                found.push(line.to_owned());
            }
        }
    }
    found
}

/// Compiles `source` once in a temporary folder; the problems of its log.
///
/// One pass finds every overfull box: a second pass only lets longtable
/// widen each page's columns to the widest row of the whole table, and
/// the first pass already sets the page holding that row at its width.
fn compile(engine: &str, source: &str) -> Vec<String> {
    let folder = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(folder.path().join("report.tex"), source).expect("writable");
    let output = Command::new(engine)
        .args(["-interaction=nonstopmode", "-halt-on-error", "report.tex"])
        .current_dir(folder.path())
        .output()
        .expect("the engine runs");
    let log = std::fs::read_to_string(folder.path().join("report.log")).unwrap_or_default();
    let mut found = problems(&log);
    if !output.status.success() {
        found.push(format!("{engine} stopped ({})", output.status));
    }
    assert!(!output.status.success() || Path::new(&folder.path().join("report.pdf")).is_file());
    found
}

/// Compiles every bundled example with `engine`, two at a time.
fn compile_all(engine: &str) {
    if !available(engine) {
        return;
    }
    let jobs = Mutex::new(bundled());
    let failures = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| {
                loop {
                    let job = jobs.lock().expect("jobs").pop();
                    let Some((name, text)) = job else {
                        break;
                    };
                    let found = compile(engine, &latex(&name, &text, false));
                    if !found.is_empty() {
                        failures.lock().expect("failures").push(format!(
                            "{name}.tex with {engine}:\n  {}",
                            found.join("\n  ")
                        ));
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().expect("failures");
    assert!(failures.is_empty(), "\n{}\n", failures.join("\n"));
}

#[test]
fn every_example_compiles_with_pdflatex() {
    compile_all("pdflatex");
}

#[test]
fn every_example_compiles_with_lualatex() {
    compile_all("lualatex");
}

#[test]
fn the_fragment_compiles_inside_a_book_chapter() {
    if !available("pdflatex") {
        return;
    }
    let (name, text) = bundled().into_iter().next().expect("an example");
    let body = latex(&name, &text, true);
    assert!(!body.contains("\\documentclass") && !body.contains("\\begin{document}"));
    let book = format!(
        "\\documentclass[11pt]{{book}}\n\\usepackage[T1]{{fontenc}}\n\\usepackage{{lmodern}}\n\
         \\usepackage{{amsmath,booktabs,longtable,xltabular,tikz}}\n\\usepackage[textwidth=6.3in]{{geometry}}\n\
         \\begin{{document}}\n\\chapter{{Backpropagation by hand}}\n{body}\\end{{document}}\n"
    );
    let found = compile("pdflatex", &book);
    assert!(found.is_empty(), "\n{}\n", found.join("\n"));
}

#[test]
fn overfull_boxes_are_read_from_the_log() {
    let log = "Overfull \\hbox (0.5pt too wide) in paragraph\nOverfull \\hbox (12.25pt too wide) detected\n! Undefined control sequence.\n";
    assert_eq!(
        problems(log),
        vec![
            "Overfull \\hbox (12.25pt too wide) detected".to_owned(),
            "! Undefined control sequence.".to_owned()
        ]
    );
}

const BINARY: &str = env!("CARGO_BIN_EXE_longhand");

fn run(args: &[&str], path: Option<&Path>) -> std::process::Output {
    let mut command = Command::new(BINARY);
    command.args(args).env_remove("RUST_BACKTRACE");
    if let Some(path) = path {
        command.env("PATH", path);
    }
    command.output().expect("the binary runs")
}

#[test]
fn render_writes_the_latex_the_library_makes() {
    let output = run(
        &["render", "examples/textbook-2-2-1.net", "--format", "latex"],
        None,
    );
    assert_eq!(output.status.code(), Some(0));
    let text = std::fs::read_to_string("examples/textbook-2-2-1.net").expect("readable");
    let expected = latex_with(
        "textbook-2-2-1",
        &text,
        false,
        Some("longhand render textbook-2-2-1.net --format latex"),
    );
    assert_eq!(String::from_utf8_lossy(&output.stdout), expected);
    let fragment = run(
        &[
            "render",
            "examples/textbook-2-2-1.net",
            "--format",
            "latex",
            "--fragment",
        ],
        None,
    );
    let body = String::from_utf8_lossy(&fragment.stdout).into_owned();
    assert!(body.starts_with("% Generated by longhand") && !body.contains("\\documentclass"));
}

#[test]
fn pdf_without_an_engine_exits_3_naming_what_to_install() {
    let empty = tempfile::tempdir().expect("a temporary folder");
    let out = empty.path().join("out");
    let output = run(
        &[
            "render",
            "examples/textbook-2-2-1.net",
            "--format",
            "pdf",
            "-o",
            out.to_str().expect("UTF-8 path"),
        ],
        Some(empty.path()),
    );
    assert_eq!(output.status.code(), Some(3));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "error: no LaTeX engine found on PATH (looked for latexmk, lualatex, pdflatex and tectonic)\n  \
         = help: install TeX Live (on Debian or Ubuntu: `apt-get install texlive-latex-extra texlive-pictures lmodern`) \
         or tectonic, or write the LaTeX with `--format latex` and typeset it yourself\n"
    );
    assert!(!out.exists(), "nothing is written");
}

#[test]
fn pdf_is_typeset_by_the_engine_on_path_and_is_reproducible() {
    let Some((engine, _)) = longhand::typeset::find_engine() else {
        assert!(
            std::env::var_os("LONGHAND_REQUIRE_TEX").is_none(),
            "no TeX engine"
        );
        eprintln!("skipped: no TeX engine is installed");
        return;
    };
    let folder = tempfile::tempdir().expect("a temporary folder");
    let mut pdfs = Vec::new();
    for name in ["a", "b"] {
        let out = folder.path().join(name);
        let output = run(
            &[
                "render",
                "examples/textbook-2-2-1.net",
                "--format",
                "pdf",
                "-o",
                out.to_str().expect("UTF-8 path"),
            ],
            None,
        );
        assert_eq!(output.status.code(), Some(0), "{engine}: {output:?}");
        pdfs.push(std::fs::read(out.join("textbook-2-2-1.pdf")).expect("a PDF"));
    }
    assert!(pdfs[0].starts_with(b"%PDF-"));
    assert_eq!(
        pdfs[0], pdfs[1],
        "{engine} made different bytes from the same report"
    );
}

/// Tuning aid: `LONGHAND_RANDOM_TEX=N cargo test --test suite
/// latex::random -- --ignored` compiles N random networks with pdflatex and
/// prints what TeX reports (random precisions reach 30 digits, whose
/// numbers cannot always fit).
#[test]
#[ignore = "compiles many random networks"]
fn random_networks_compile() {
    let count: u32 = std::env::var("LONGHAND_RANDOM_TEX")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    if count == 0 || !available("pdflatex") {
        return;
    }
    let mut failed = 0;
    for seed in 0..count {
        let numbers: Vec<u32> = (0..256u32)
            .map(|i| seed.wrapping_mul(2_654_435_761).rotate_left(i % 32) ^ i.wrapping_mul(40_503))
            .collect();
        let text = crate::netgen::network(&mut crate::netgen::FromList::new(&numbers));
        let Ok(report) = explain(
            &SourceFile::new("random.net", &text),
            &Options::new(Format::Latex),
        ) else {
            continue;
        };
        let found = compile("pdflatex", &report.text);
        if let Some(dir) = std::env::var_os("LONGHAND_RANDOM_TEX_DIR") {
            let path = std::path::Path::new(&dir).join(format!("random-{seed}.tex"));
            std::fs::write(path, &report.text).expect("writable");
        }
        if !found.is_empty() {
            failed += 1;
            eprintln!("seed {seed}:\n  {}\n{text}", found.join("\n  "));
        }
    }
    eprintln!("{failed} of {count} random networks had problems");
}

#[test]
fn pdfs_of_several_variants_need_a_folder() {
    let output = run(
        &[
            "exercises",
            "examples/textbook-2-2-1.net",
            "--format",
            "pdf",
            "--variants",
            "2",
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "error: the variants' PDFs cannot share standard output\n  = help: write them into a folder with `-o DIR` (one PDF per variant)\n"
    );
}

/// A printed solution or sheet whose pages come apart can still be matched
/// to its variant: every page of the PDF names it at its foot.
#[test]
fn every_page_of_a_variant_names_it() {
    if !available("pdflatex") {
        return;
    }
    // poppler-utils; `pdftotext -v` is its way of saying it is there.
    let found = Command::new("pdftotext")
        .arg("-v")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("LONGHAND_REQUIRE_TEX").is_none(),
            "pdftotext is not installed, and LONGHAND_REQUIRE_TEX is set"
        );
        eprintln!("skipped: pdftotext is not installed (install poppler-utils)");
        return;
    }
    let dir = crate::cli::folder(&[(
        "quiz.net",
        &crate::cli::textbook().replace("x = [1, 0]", "x = [uniform(0.5, 1, 0.5), 0.5]"),
    )]);
    let run = crate::cli::longhand(
        dir.path(),
        &[
            "exercises",
            "quiz.net",
            "--variants",
            "2",
            "--seed",
            "4",
            "--format",
            "pdf",
            "-o",
            "out",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut checked = 0;
    for (file, label) in [
        ("quiz-2.pdf", "variant 2, seed 5"),
        ("quiz-2-sheet.pdf", "variant 2, seed 5"),
        ("quiz-1.pdf", "variant 1, seed 4"),
    ] {
        let pdf = dir.path().join("out").join(file);
        let text = Command::new("pdftotext")
            .args(["-layout", &pdf.to_string_lossy(), "-"])
            .output()
            .expect("pdftotext runs");
        let text = String::from_utf8_lossy(&text.stdout);
        // pdftotext ends each page with a form feed.
        let pages: Vec<&str> = text
            .split('\u{c}')
            .filter(|p| !p.trim().is_empty())
            .collect();
        for (number, page) in pages.iter().enumerate() {
            // The layout spreads the footer with spaces: compare words.
            let words = page.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(
                words.contains(&format!("{label} page {}", number + 1)),
                "{file}, page {}: no `{label}` at its foot:\n{page}",
                number + 1
            );
        }
        checked += pages.len();
    }
    assert!(
        checked >= 4,
        "a solution runs over several pages ({checked} pages)"
    );
}
