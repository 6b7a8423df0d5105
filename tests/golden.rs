//! `output/` holds the reports of `examples/`: each is regenerated and
//! compared byte for byte. Refresh them with
//! `UPDATE_OUTPUT=1 cargo test --test suite golden` (or `cargo run --release`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use longhand::source::SourceFile;

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

/// Every report the main job writes for `path`, by file name.
fn reports(path: &Path) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(path).expect("readable example");
    let source = SourceFile::new(path.display().to_string(), text);
    let stem = path.file_stem().expect("stem").to_string_lossy();
    match longhand::bundled_reports(&source, &stem) {
        Ok(reports) => reports
            .into_iter()
            .map(|(name, report)| (name, report.text))
            .collect(),
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
        for (name, actual) in reports(&example) {
            let path = Path::new("output").join(&name);
            expected_files.insert(name.clone());
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
        assert_eq!(
            reports(&example),
            reports(&example),
            "{} is not deterministic",
            example.display()
        );
    }
}
