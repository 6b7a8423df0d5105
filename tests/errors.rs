//! Error snapshots: every file under `tests/fixtures/errors/` is a failing
//! input (its first line says why), and its diagnostics, rendered as plain
//! text, are snapshotted. A new error case is one new `.net` file.

use std::path::Path;

use longhand::diagnostic::{Color, render_all};
use longhand::source::SourceFile;
use longhand::{Error, Format, Options, load};

/// The path relative to the crate root with `/` separators, so snapshots
/// are the same on every machine.
fn relative_name(path: &Path) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let relative = path.strip_prefix(root).unwrap_or(path);
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

#[test]
fn error_fixtures() {
    insta::glob!("fixtures/errors/**/*.net", |path| {
        let text = std::fs::read_to_string(path).expect("fixture is readable UTF-8");
        let name = relative_name(path);
        assert!(
            text.starts_with("//") || text.starts_with('#'),
            "{name}: the first line must be a comment saying why the input fails"
        );
        let source = SourceFile::new(name.clone(), text);
        let diagnostics = match load(&source, &Options::new(Format::Markdown)) {
            Err(Error::Input(diagnostics)) => diagnostics,
            Err(other) => panic!("{name}: expected input diagnostics, got {other:?}"),
            Ok(_) => panic!("{name}: the fixture is accepted, but it should fail"),
        };
        assert!(!diagnostics.is_empty(), "{name}: no diagnostics");
        insta::assert_snapshot!(render_all(&diagnostics, &source, Color::Never));
    });
}

/// Every `.net` file under `examples/` and the error fixtures, as text.
fn all_inputs() -> Vec<(String, String)> {
    let mut inputs = Vec::new();
    let mut folders = vec![
        Path::new("examples").to_path_buf(),
        Path::new("tests/fixtures/errors").to_path_buf(),
    ];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("readable folder") {
            let path = entry.expect("folder entry").path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "net") {
                let text = std::fs::read_to_string(&path).expect("UTF-8 input");
                inputs.push((path.display().to_string(), text));
            }
        }
    }
    inputs.sort();
    inputs
}

/// Whatever a user types, `load` answers with a network or diagnostics
/// that render: every prefix of every input and every input with one
/// character removed or a bracket or quote inserted is tried (a panic
/// fails the test).
#[test]
fn mangled_inputs_never_panic() {
    let options = Options::new(Format::Markdown);
    for (name, text) in all_inputs() {
        let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        for (n, &at) in boundaries.iter().enumerate() {
            let next = boundaries.get(n + 1).copied().unwrap_or(text.len());
            let prefix = text[..at].to_owned();
            let deleted = format!("{}{}", &text[..at], &text[next..]);
            let mut mangled_inputs = vec![prefix, deleted];
            // (A wider set of inserted characters was tried once; these two
            // reach the bracket and title paths and keep the test quick.)
            for ch in ['[', '"'] {
                mangled_inputs.push(format!("{}{ch}{}", &text[..at], &text[at..]));
            }
            for mangled in mangled_inputs {
                let source = SourceFile::new(name.clone(), mangled);
                if let Err(Error::Input(diagnostics)) = load(&source, &options) {
                    assert!(!diagnostics.is_empty(), "{name}: empty diagnostics");
                    let _ = render_all(&diagnostics, &source, Color::Never);
                }
            }
        }
    }
}
