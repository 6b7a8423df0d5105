//! The same input and flags give the same bytes: twice in one process, and
//! through the command line from another folder, with an absolute path, and
//! under another environment (thread count, time zone, locale). No
//! generated file holds a path of the machine it was made on.

use std::path::{Path, PathBuf};
use std::process::Command;

use longhand::source::SourceFile;
use longhand::{Format, Options, explain};

const BINARY: &str = env!("CARGO_BIN_EXE_longhand");
const FORMATS: [(&str, Format); 4] = [
    ("markdown", Format::Markdown),
    ("html", Format::Html),
    ("json", Format::Json),
    ("svg", Format::Svg),
];

fn examples() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir("examples")
        .expect("the examples folder")
        .map(|entry| entry.expect("an entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "net"))
        .collect();
    files.sort();
    assert!(files.len() >= 7, "{files:?}");
    files
}

#[test]
fn every_example_renders_the_same_twice_in_one_process() {
    for path in examples() {
        let text = std::fs::read_to_string(&path).expect("readable");
        let source = SourceFile::new(path.display().to_string(), text);
        for (_, format) in FORMATS {
            let mut options = Options::new(format);
            let first = explain(&source, &options).expect("renders");
            let second = explain(&source, &options).expect("renders");
            assert!(first == second, "{} {format:?} differs", path.display());
            options.detail_all = true;
            let first = explain(&source, &options).expect("renders");
            let second = explain(&source, &options).expect("renders");
            assert!(
                first == second,
                "{} {format:?} --detail all differs",
                path.display()
            );
        }
    }
}

/// Renders every example in every format into `out`, running in `cwd`.
fn render_all(cwd: &Path, file: impl Fn(&Path) -> PathBuf, out: &Path, env: &[(&str, &str)]) {
    for example in examples() {
        for (name, _) in FORMATS {
            let output = Command::new(BINARY)
                .current_dir(cwd)
                .envs(env.iter().copied())
                .args(["render", "--format", name, "-o"])
                .arg(out)
                .arg(file(&example))
                .output()
                .expect("the binary runs");
            assert!(
                output.status.success(),
                "{}: {}",
                example.display(),
                String::from_utf8_lossy(&output.stderr)
            );
        }
    }
}

fn files_in(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .expect("a folder")
        .map(|entry| entry.expect("an entry").path())
        .filter(|path| !path.is_dir())
        .map(|path| {
            let name = path
                .file_name()
                .expect("a name")
                .to_string_lossy()
                .into_owned();
            (name, std::fs::read(&path).expect("readable"))
        })
        .collect();
    files.sort();
    files
}

#[test]
fn the_command_line_gives_the_same_bytes_from_anywhere() {
    let project = std::env::current_dir().expect("the project folder");
    let elsewhere = tempfile::tempdir().expect("a temporary folder");
    let first = tempfile::tempdir().expect("a temporary folder");
    let second = tempfile::tempdir().expect("a temporary folder");
    // Relative paths from the project folder.
    render_all(&project, Path::to_path_buf, first.path(), &[]);
    // Absolute paths from another folder, with another environment.
    render_all(
        elsewhere.path(),
        |example| project.join(example),
        second.path(),
        &[
            ("RAYON_NUM_THREADS", "1"),
            ("TZ", "Pacific/Kiritimati"),
            ("LC_ALL", "C"),
            ("NO_COLOR", "1"),
        ],
    );
    let first = files_in(first.path());
    let second = files_in(second.path());
    // Every format's report, and beside each Markdown report its pictures:
    // the diagram (the SVG format's file), the backward pass, and for
    // several updates the training curve.
    let curves = examples()
        .iter()
        .filter(|example| {
            let text = std::fs::read_to_string(example).expect("readable example");
            let source = SourceFile::new("example.net", text);
            longhand::training_curve(&source, &Options::new(Format::Svg))
                .expect("renders")
                .is_some()
        })
        .count();
    assert_eq!(first.len(), examples().len() * (FORMATS.len() + 1) + curves);
    let names = |files: &[(String, Vec<u8>)]| files.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
    assert_eq!(names(&first), names(&second));
    let forbidden = [
        project.display().to_string(),
        elsewhere.path().display().to_string(),
        std::env::temp_dir().display().to_string(),
    ];
    for ((name, a), (_, b)) in first.iter().zip(&second) {
        assert!(a == b, "{name} differs between the two runs");
        let text = String::from_utf8_lossy(a);
        for path in &forbidden {
            assert!(
                !text.contains(path.as_str()),
                "{name} holds the path {path}"
            );
        }
        // The bundled reports in output/ are the same bytes (the golden
        // test checks them in process; this is the command line's copy),
        // but for the command their header names to regenerate them: the
        // bundled ones `cargo run --release`, these `longhand render …`.
        let bundled = Path::new("output").join(name);
        if bundled.exists() {
            let expected = std::fs::read_to_string(&bundled).expect("readable");
            let (stem, extension) = name.rsplit_once('.').expect("an extension");
            let command = match extension {
                "md" => format!("longhand render {stem}.net"),
                other => format!("longhand render {stem}.net --format {other}"),
            };
            let expected = expected.replace(
                "regenerate with `cargo run --release`",
                &format!("regenerate with `{command}`"),
            );
            assert!(
                expected.as_bytes() == a.as_slice(),
                "{name} differs from output/{name}"
            );
        }
    }
}

#[test]
fn the_default_command_renders_the_bundled_output_from_a_copy_elsewhere() {
    // `longhand` with no arguments, in a fresh folder holding a copy of
    // examples/, writes exactly the checked-in output/.
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::create_dir(dir.path().join("examples")).expect("created");
    for example in examples() {
        let name = example.file_name().expect("a name");
        std::fs::copy(&example, dir.path().join("examples").join(name)).expect("copied");
    }
    let exercises = dir.path().join("examples").join("exercises");
    std::fs::create_dir(&exercises).expect("created");
    for exercise in std::fs::read_dir("examples/exercises").expect("examples/exercises") {
        let path = exercise.expect("an entry").path();
        let name = path.file_name().expect("a name");
        std::fs::copy(&path, exercises.join(name)).expect("copied");
    }
    let status = Command::new(BINARY)
        .current_dir(dir.path())
        .env("RAYON_NUM_THREADS", "7")
        .output()
        .expect("the binary runs");
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let output = dir.path().join("output");
    let mut made: Vec<(String, Vec<u8>)> = files_in(&output)
        .into_iter()
        .filter(|(name, _)| name != "exercises")
        .collect();
    for stem in std::fs::read_dir(output.join("exercises")).expect("output/exercises") {
        let stem = stem.expect("an entry").path();
        let folder = stem
            .file_name()
            .expect("a name")
            .to_string_lossy()
            .into_owned();
        made.extend(
            files_in(&stem)
                .into_iter()
                .map(|(name, bytes)| (format!("exercises/{folder}/{name}"), bytes)),
        );
    }
    assert!(made.iter().any(|(name, _)| name.starts_with("exercises/")));
    for (name, bytes) in made {
        let bundled = std::fs::read(Path::new("output").join(&name))
            .unwrap_or_else(|_| panic!("output/{name} is not checked in"));
        assert!(
            bundled == bytes,
            "output/{name} differs when rendered elsewhere"
        );
    }
}

#[test]
fn exercises_are_the_same_bytes_on_one_thread_and_on_two() {
    // Draws are evaluated in parallel and accepted in seed order; the
    // solutions and sheets are rendered in parallel and written in order.
    let file = Path::new("examples/exercises/textbook-2-2-1-drawn.net");
    let dir = tempfile::tempdir().expect("a temporary folder");
    let quiz = dir.path().join("quiz.net");
    // A zero input is drawn now and then, so some draws are rejected.
    let text = std::fs::read_to_string(file)
        .expect("the bundled exercise")
        .replace("uniform(0.5, 1, 0.1)", "uniform(-1, 1, 0.5)");
    std::fs::write(&quiz, text).expect("written");
    let mut folders = Vec::new();
    for threads in ["1", "2"] {
        for format in ["markdown", "moodle"] {
            let out = dir.path().join(format!("{format}-{threads}"));
            let run = Command::new(BINARY)
                .args([
                    "exercises",
                    "--variants",
                    "40",
                    "--seed",
                    "5",
                    "--format",
                    format,
                    "-o",
                ])
                .arg(&out)
                .arg(&quiz)
                .env("RAYON_NUM_THREADS", threads)
                .output()
                .expect("the binary runs");
            assert!(
                run.status.success(),
                "{}",
                String::from_utf8_lossy(&run.stderr)
            );
            let stderr = String::from_utf8_lossy(&run.stderr).into_owned();
            assert!(stderr.contains("rejected"), "{stderr}");
            folders.push((format, threads, files_in(&out), stderr));
        }
    }
    let (one, two) = folders.split_at(2);
    for (a, b) in one.iter().zip(two) {
        assert_eq!(a.0, b.0);
        assert!(!a.2.is_empty(), "{} wrote no files", a.0);
        assert!(a.2 == b.2, "{}: 1 thread and 2 threads differ", a.0);
        assert_eq!(a.3, b.3, "{}: the notes differ", a.0);
    }
}
