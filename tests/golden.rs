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
        if !expected_files.contains(&name) && !name.starts_with('.') && name != "exercises" {
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

/// The bundled exercises (`examples/exercises/*.net`).
fn exercises() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir("examples/exercises")
        .expect("examples/exercises/ exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "net"))
        .collect();
    files.sort();
    files
}

/// Every file `cargo run --release` writes for a bundled exercise, by name
/// inside `output/exercises/<stem>/`.
fn exercise_files(path: &Path) -> Vec<(String, Vec<u8>)> {
    let text = std::fs::read_to_string(path).expect("readable exercise");
    let source = SourceFile::new(path.display().to_string(), text);
    let stem = path.file_stem().expect("stem").to_string_lossy();
    match longhand::exercise::bundle(&source, &stem) {
        Ok(files) => files
            .into_iter()
            .map(|(name, report)| (name, report.bytes().to_vec()))
            .collect(),
        Err(error) => panic!("{} does not render: {error:?}", path.display()),
    }
}

#[test]
fn bundled_exercises_match_output() {
    let update = std::env::var_os("UPDATE_OUTPUT").is_some();
    let mut failures = Vec::new();
    let mut stems = BTreeSet::new();
    for exercise in exercises() {
        let stem = exercise
            .file_stem()
            .expect("stem")
            .to_string_lossy()
            .into_owned();
        let dir = Path::new("output/exercises").join(&stem);
        let files = exercise_files(&exercise);
        assert!(
            files.iter().any(|(n, _)| n.ends_with("-sheet.md"))
                && files.iter().any(|(n, _)| n.ends_with("-key.csv"))
                && files.iter().any(|(n, _)| n.ends_with("-moodle.xml"))
                && files.iter().any(|(n, _)| n.ends_with(".gift"))
                && files.iter().any(|(n, _)| n.ends_with("-qti.xml"))
                && files.iter().any(|(n, _)| n.ends_with("-qti.zip")),
            "{stem}: sheets, key and quizzes"
        );
        let names: BTreeSet<String> = files.iter().map(|(n, _)| n.clone()).collect();
        for (name, actual) in files {
            let path = dir.join(&name);
            if update {
                std::fs::create_dir_all(&dir).expect("output/ is writable");
                std::fs::write(&path, &actual).expect("output/ is writable");
                continue;
            }
            let committed = std::fs::read(&path).unwrap_or_default();
            if committed != actual {
                failures.push(format!(
                    "exercises/{stem}/{name} differs:\n{}",
                    diff(
                        &String::from_utf8_lossy(&committed),
                        &String::from_utf8_lossy(&actual)
                    )
                ));
            }
        }
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if !names.contains(&name) && !name.starts_with('.') {
                failures.push(format!(
                    "output/exercises/{stem}/{name} is not produced by the exercise: delete it"
                ));
            }
        }
        stems.insert(stem);
    }
    for entry in std::fs::read_dir("output/exercises")
        .into_iter()
        .flatten()
        .flatten()
    {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !stems.contains(&name) && !name.starts_with('.') {
            failures.push(format!(
                "output/exercises/{name} is not produced by any exercise: delete it"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n\nrun `UPDATE_OUTPUT=1 cargo test --test suite golden` to accept the new files (read the diff first)",
        failures.join("\n")
    );
}

#[test]
fn reports_are_deterministic() {
    for exercise in exercises() {
        assert_eq!(
            exercise_files(&exercise),
            exercise_files(&exercise),
            "{} is not deterministic",
            exercise.display()
        );
    }
    for example in examples() {
        assert_eq!(
            reports(&example),
            reports(&example),
            "{} is not deterministic",
            example.display()
        );
    }
}
