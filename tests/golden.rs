//! `output/` holds the reports of `examples/`: each is regenerated and
//! compared byte for byte. Refresh them with
//! `UPDATE_OUTPUT=1 cargo test --test suite golden` (or `cargo run --release`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use longhand::source::SourceFile;
use longhand::{Format, Options, explain};

const FORMATS: [Format; 4] = [Format::Markdown, Format::Html, Format::Json, Format::Svg];

fn examples() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir("examples")
        .expect("examples/ exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "net"))
        .collect();
    files.sort();
    files
}

fn render(path: &Path, format: Format) -> String {
    let text = std::fs::read_to_string(path).expect("readable example");
    let source = SourceFile::new(path.display().to_string(), text);
    match explain(&source, &Options::new(format)) {
        Ok(report) => report.text,
        Err(error) => panic!("{} does not render: {error:?}", path.display()),
    }
}

fn diff(expected: &str, actual: &str) -> String {
    similar::TextDiff::from_lines(expected, actual)
        .unified_diff()
        .context_radius(2)
        .header("output/ (committed)", "regenerated")
        .to_string()
}

#[test]
fn golden_reports_match_output() {
    let update = std::env::var_os("UPDATE_OUTPUT").is_some();
    let mut expected_files = BTreeSet::new();
    let mut failures = Vec::new();
    for example in examples() {
        let stem = example
            .file_stem()
            .expect("stem")
            .to_string_lossy()
            .into_owned();
        for format in FORMATS {
            let name = format!("{stem}.{}", format.extension());
            let path = Path::new("output").join(&name);
            expected_files.insert(name.clone());
            let actual = render(&example, format);
            if update {
                std::fs::write(&path, &actual).expect("output/ is writable");
                continue;
            }
            let committed = std::fs::read_to_string(&path).unwrap_or_default();
            if committed != actual {
                failures.push(format!("{name} differs:\n{}", diff(&committed, &actual)));
            }
        }
    }
    for entry in std::fs::read_dir("output")
        .expect("output/ exists")
        .filter_map(Result::ok)
    {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !expected_files.contains(&name) && !name.starts_with('.') {
            failures.push(format!(
                "output/{name} is not produced by any example: delete it"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n\nrun `UPDATE_OUTPUT=1 cargo test --test suite golden` to accept the new reports (read the diff first)",
        failures.join("\n")
    );
}

#[test]
fn reports_are_deterministic() {
    for example in examples() {
        for format in FORMATS {
            assert_eq!(
                render(&example, format),
                render(&example, format),
                "{} is not deterministic",
                example.display()
            );
        }
    }
}
