//! The real `longhand` binary, run in temporary folders: exit codes, the
//! full standard output and the full standard error (never coloured: the
//! CLI colours only when standard error is a terminal).

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};

use longhand::source::SourceFile;
use longhand::{Format, Options, explain};
use tempfile::TempDir;

const BINARY: &str = env!("CARGO_BIN_EXE_longhand");

/// A network with a shape error on line 9 (`output` has 3 weight columns).
const BAD: &str = "\
input  x = [1, 0]
target y = [1]
layer hidden {
  activation = sigmoid
  W = [[0.5, -0.3], [0.2, 0.8]]
}
layer output {
  activation = sigmoid
  W = [[0.7, -0.5, 0.1]]
}
loss = half_squared_error
learning_rate = 0.5
";

const BAD_STDERR: &str = "\
error: layer `output` has 3 weight columns but layer `hidden` has 2 units
 --> bad.net:9:7
  |
3 | layer hidden {
  |       ------ 2 units
...
9 |   W = [[0.7, -0.5, 0.1]]
  |       ^^^^^^^^^^^^^^^^^^ 3 columns
  |
  = help: give each row of `W` one value per unit of layer `hidden`

";

/// What a run of the binary gave.
#[derive(Debug)]
struct Outcome {
    code: i32,
    stdout: String,
    stderr: String,
}

fn textbook() -> String {
    std::fs::read_to_string("examples/textbook-2-2-1.net").expect("the textbook example")
}

/// A temporary folder holding `files` (name, text).
fn folder(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (name, text) in files {
        let path = dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("a subfolder");
        }
        std::fs::write(path, text).expect("a writable temporary folder");
    }
    dir
}

fn longhand(dir: &Path, args: &[&str]) -> Outcome {
    let output = Command::new(BINARY)
        .args(args)
        .current_dir(dir)
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("the binary runs");
    Outcome {
        code: output.status.code().expect("an exit code, not a signal"),
        stdout: String::from_utf8(output.stdout).expect("UTF-8 stdout"),
        stderr: String::from_utf8(output.stderr).expect("UTF-8 stderr"),
    }
}

/// The report the library makes for `text` named `name` (one code path).
fn report(name: &str, text: &str, format: Format) -> String {
    explain(&SourceFile::new(name, text), &Options::new(format))
        .expect("the input renders")
        .text
}

/// The names in a folder, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("a folder")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

#[test]
fn render_prints_the_report_to_stdout() {
    let text = textbook();
    let dir = folder(&[("t.net", &text)]);
    let run = longhand(dir.path(), &["render", "t.net"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    assert_eq!(run.stdout, report("t.net", &text, Format::Markdown));
    assert_eq!(listing(dir.path()), ["t.net"], "nothing written");
}

#[test]
fn render_writes_each_format_into_a_new_folder() {
    let text = textbook();
    let dir = folder(&[("t.net", &text)]);
    for (flag, format, file) in [
        ("markdown", Format::Markdown, "t.md"),
        ("json", Format::Json, "t.json"),
        ("html", Format::Html, "t.html"),
    ] {
        let run = longhand(
            dir.path(),
            &["render", "t.net", "-o", "out/nested", "--format", flag],
        );
        assert_eq!(
            (run.code, run.stdout.as_str(), run.stderr.as_str()),
            (0, "", ""),
            "{flag}"
        );
        let written = std::fs::read_to_string(dir.path().join("out/nested").join(file))
            .expect("the report was written");
        assert_eq!(written, report("t.net", &text, format), "{flag}");
    }
    assert_eq!(
        listing(&dir.path().join("out/nested")),
        ["t.html", "t.json", "t.md"],
        "no temporary files are left behind"
    );
}

#[test]
fn flags_override_the_file() {
    let text = textbook();
    let dir = folder(&[("t.net", &text)]);
    let run = longhand(
        dir.path(),
        &[
            "render",
            "t.net",
            "--format",
            "json",
            "--precision",
            "6 significant",
            "--rounding",
            "half_even",
            "--carry",
            "quantity",
        ],
    );
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    let mut options = Options::new(Format::Json);
    options.precision = Some(longhand::model::Precision::Significant(6));
    options.rounding = Some(longhand::model::Rounding::HalfEven);
    options.carry = Some(longhand::model::Carry::Quantity);
    let expected = explain(&SourceFile::new("t.net", text), &options).expect("renders");
    assert_eq!(run.stdout, expected.text);
}

#[test]
fn output_onto_an_existing_file_is_an_io_error() {
    let text = textbook();
    let dir = folder(&[("t.net", &text), ("taken", "a file, not a folder\n")]);
    let run = longhand(dir.path(), &["render", "t.net", "-o", "taken"]);
    assert_eq!(run.code, 3);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "error: `taken` exists and is not a folder\n  = help: reports are written into a \
         folder, one file per report; name a folder, or move the file away\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("taken")).expect("still there"),
        "a file, not a folder\n"
    );
}

#[test]
fn a_bad_input_is_reported_and_nothing_is_written() {
    let dir = folder(&[("bad.net", BAD)]);
    let run = longhand(dir.path(), &["render", "bad.net", "-o", "out"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "");
    assert_eq!(run.stderr, BAD_STDERR);
    assert_eq!(
        listing(dir.path()),
        ["bad.net"],
        "not even the folder is made"
    );
}

#[test]
fn a_bad_input_leaves_an_earlier_report_untouched() {
    let dir = folder(&[("bad.net", BAD), ("out/bad.md", "an earlier report\n")]);
    let run = longhand(dir.path(), &["render", "bad.net", "-o", "out"]);
    assert_eq!((run.code, run.stderr.as_str()), (1, BAD_STDERR));
    assert_eq!(listing(&dir.path().join("out")), ["bad.md"]);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("out/bad.md")).expect("still there"),
        "an earlier report\n"
    );
}

#[test]
fn an_unknown_flag_is_a_usage_error() {
    let dir = folder(&[("t.net", &textbook())]);
    let run = longhand(dir.path(), &["render", "t.net", "--bogus"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "error: unexpected argument '--bogus' found\n\n  tip: to pass '--bogus' as a value, \
         use '-- --bogus'\n\nUsage: longhand render <FILE>\n\nFor more information, try \
         '--help'.\n"
    );
}

#[test]
fn a_bad_flag_value_is_a_usage_error() {
    let dir = folder(&[("t.net", &textbook())]);
    let run = longhand(
        dir.path(),
        &["render", "t.net", "--precision", "40 decimals"],
    );
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "error: invalid value '40 decimals' for '--precision <PRECISION>': precision \
         `40 decimals` is out of range (use from 0 to 30 decimals)\n\nFor more information, \
         try '--help'.\n"
    );
    let run = longhand(dir.path(), &["render", "t.net", "--rounding", "half_upp"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("error: invalid value 'half_upp' for '--rounding <ROUNDING>'"),
        "{}",
        run.stderr
    );
}

#[test]
fn validate_reports_every_problem_of_every_file() {
    let several = "\
input  x = [1, 0]
target y = [1]
layer output { activation = sigmod W = [[0.7, -0.5]] }
loss = half_squared_eror
learning_rate = 0
";
    let dir = folder(&[("good.net", &textbook()), ("several.net", several)]);
    let run = longhand(
        dir.path(),
        &["validate", "good.net", "several.net", "good.net"],
    );
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "good.net: ok\ngood.net: ok\n");
    assert_eq!(
        run.stderr,
        "\
error: unknown activation `sigmod`
 --> several.net:3:29
  |
3 | layer output { activation = sigmod W = [[0.7, -0.5]] }
  |                             ^^^^^^ not known
  |
  = help: did you mean `sigmoid`?

error: unknown loss `half_squared_eror`
 --> several.net:4:8
  |
4 | loss = half_squared_eror
  |        ^^^^^^^^^^^^^^^^^ not known
  |
  = help: did you mean `half_squared_error`?

error: the learning rate must be positive, but it is `0`
 --> several.net:5:17
  |
5 | learning_rate = 0
  |                 ^ not positive
  |
  = help: gradient descent steps against the gradient: use a learning rate such as `0.5`

error: 3 problems found in `several.net`
"
    );
    let run = longhand(dir.path(), &["validate", "good.net"]);
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (0, "good.net: ok\n", "")
    );
}

#[test]
fn validate_a_missing_or_binary_file() {
    let dir = folder(&[("good.net", &textbook())]);
    std::fs::write(dir.path().join("binary.net"), [0xff, 0xfe, 0x00]).expect("writable");
    let run = longhand(dir.path(), &["validate", "binary.net", "good.net"]);
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (
            1,
            "good.net: ok\n",
            "error: `binary.net` is not UTF-8 text\n"
        )
    );
    let run = longhand(dir.path(), &["validate", "missing.net"]);
    assert_eq!(run.code, 3);
    assert!(
        run.stderr.starts_with("error: cannot read `missing.net`: "),
        "{}",
        run.stderr
    );
}

/// Runs the binary with its standard output a pipe that is closed after
/// `read` bytes; returns the exit code and standard error.
fn with_closed_pipe(dir: &Path, args: &[&str], read: usize) -> (Option<i32>, String) {
    let mut child = Command::new(BINARY)
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let mut stdout = child.stdout.take().expect("piped stdout");
    let mut start = vec![0u8; read];
    stdout.read_exact(&mut start).expect("some output");
    drop(stdout);
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .expect("piped stderr")
        .read_to_string(&mut stderr)
        .expect("UTF-8 stderr");
    (child.wait().expect("the binary ends").code(), stderr)
}

#[test]
fn a_closed_pipe_ends_quietly() {
    // A report of almost 2 MB (every step of 200 updates written out), far
    // more than a pipe holds, so the reader leaves while the writer writes.
    let text = textbook().replace("steps         = 1", "steps         = 200");
    let dir = folder(&[("long.net", &text)]);
    let run = with_closed_pipe(dir.path(), &["render", "long.net", "--detail", "all"], 4);
    assert_eq!(run, (Some(0), String::new()));
    // `validate` prints a line per file; the pipe is closed before the first.
    let run = with_closed_pipe(dir.path(), &["validate", "long.net", "long.net"], 0);
    assert_eq!(run, (Some(0), String::new()));
}

#[test]
fn no_arguments_renders_the_examples_folder_into_output() {
    let text = textbook();
    let dir = folder(&[
        ("examples/one.net", &text),
        ("examples/notes.txt", "not a network"),
    ]);
    let run = longhand(dir.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "");
    assert_eq!(run.stderr, "rendered 1 example into `output`\n");
    let output = dir.path().join("output");
    let files = listing(&output);
    assert_eq!(
        files,
        [
            "one-sensitivity.html",
            "one-sensitivity.md",
            "one.html",
            "one.json",
            "one.md",
            "one.svg",
            "one.tex"
        ],
        "{files:?}"
    );
    let name = Path::new("examples").join("one.net").display().to_string();
    for (format, file) in [
        (Format::Markdown, "one.md"),
        (Format::Html, "one.html"),
        (Format::Json, "one.json"),
        (Format::Latex, "one.tex"),
    ] {
        let written = std::fs::read_to_string(output.join(file)).expect("written");
        assert_eq!(written, report(&name, &text, format), "{file}");
    }
}

#[test]
fn no_arguments_without_an_examples_folder() {
    let dir = folder(&[]);
    let run = longhand(dir.path(), &[]);
    assert_eq!(run.code, 3);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.starts_with("error: cannot read `examples`: ")
            && run.stderr.ends_with(
                "\n  = help: run from the project folder, or use `longhand render FILE`\n"
            ),
        "{}",
        run.stderr
    );
    assert_eq!(listing(dir.path()), Vec::<String>::new());
}

#[test]
fn no_arguments_with_a_bad_example_writes_nothing() {
    let dir = folder(&[("examples/a.net", &textbook()), ("examples/bad.net", BAD)]);
    let run = longhand(dir.path(), &[]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        BAD_STDERR.replace("bad.net:9:7", "examples/bad.net:9:7")
    );
    assert_eq!(listing(dir.path()), ["examples"], "no output/ folder");
}

#[test]
fn help_and_version_go_to_stdout() {
    let dir = folder(&[]);
    let run = longhand(dir.path(), &["--help"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    assert!(
        run.stdout
            .starts_with("Turns a short description of a small neural network"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("With no command, renders every `examples/*.net` into `output/`"),
        "{}",
        run.stdout
    );
    let run = longhand(dir.path(), &["--version"]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, concat!("longhand ", env!("CARGO_PKG_VERSION"), "\n"))
    );
}
