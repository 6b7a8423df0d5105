//! The writer (`src/cli/write.rs`) through the real binary, in temporary
//! folders: a planted symlink is replaced, not followed; an input file is
//! never written over; a write of several files is all or nothing, with
//! what it replaced put back; Ctrl-C leaves no temporary file; an
//! unwritable standard error does not turn into a panic.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use longhand::source::SourceFile;
use longhand::{Format, Options, explain};

use crate::cli::{BAD, BINARY, Outcome, folder, listing, longhand, report, textbook};

/// Names in `dir` that are temporary files of the writer.
fn temporaries(dir: &Path) -> Vec<String> {
    listing(dir)
        .into_iter()
        .filter(|name| name.starts_with(".longhand-"))
        .collect()
}

#[cfg(unix)]
#[test]
fn a_symlink_at_the_target_name_is_replaced_not_followed() {
    let dir = folder(&[
        ("t.net", &textbook()),
        ("victim.txt", "not a report\n"),
        ("out/keep.txt", "kept\n"),
    ]);
    let out = dir.path().join("out");
    std::os::unix::fs::symlink(dir.path().join("victim.txt"), out.join("t.md")).expect("a link");
    // A dangling link too: following it would create a file elsewhere.
    std::os::unix::fs::symlink(dir.path().join("created.txt"), out.join("t.json")).expect("a link");
    for format in ["markdown", "json"] {
        let run = longhand(
            dir.path(),
            &["render", "t.net", "-o", "out", "--format", format],
        );
        assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{format}");
    }
    assert_eq!(
        std::fs::read_to_string(dir.path().join("victim.txt")).expect("still there"),
        "not a report\n"
    );
    assert!(!dir.path().join("created.txt").exists());
    for (name, format, command) in [
        ("t.md", Format::Markdown, "longhand render t.net"),
        (
            "t.json",
            Format::Json,
            "longhand render t.net --format json",
        ),
    ] {
        let path = out.join(name);
        let metadata = std::fs::symlink_metadata(&path).expect("written");
        assert!(metadata.file_type().is_file(), "{name} is a regular file");
        assert_eq!(
            std::fs::read_to_string(&path).expect("readable"),
            report("t.net", &textbook(), format, Some(command))
        );
    }
    assert_eq!(
        listing(&out),
        ["keep.txt", "t-backward.svg", "t.json", "t.md", "t.svg"]
    );
}

#[test]
fn an_input_file_is_never_written_over() {
    // A network description that happens to be called `net.json`: its
    // answer key would be `net.json` in the same folder.
    let dir = folder(&[("net.json", &textbook())]);
    for output in [".", "./", "../", &dir.path().display().to_string()] {
        let cwd = if output == "../" {
            let sub = dir.path().join("sub");
            std::fs::create_dir_all(&sub).expect("a subfolder");
            sub
        } else {
            dir.path().to_owned()
        };
        let input = if output == "../" {
            "../net.json"
        } else {
            "net.json"
        };
        let run = longhand(&cwd, &["render", input, "--format", "json", "-o", output]);
        assert_eq!(run.code, 3, "{output}: {}", run.stderr);
        assert_eq!(run.stdout, "");
        let target = Path::new(output).join("net.json");
        assert_eq!(
            run.stderr,
            format!(
                "error: `{}` is the input file `{input}`; longhand does not write over its input\n  \
                 = help: write the reports into another folder with `-o DIR`\n",
                target.display()
            ),
            "{output}"
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("net.json")).expect("the input"),
            textbook()
        );
    }
    let _ = std::fs::remove_dir(dir.path().join("sub"));
    assert_eq!(listing(dir.path()), ["net.json"], "nothing else written");
}

#[cfg(unix)]
#[test]
fn an_input_reached_through_a_link_is_never_written_over() {
    // The input is a symlink to `real/t.json`; the output folder is `real`.
    let dir = folder(&[("real/t.json", &textbook())]);
    std::os::unix::fs::symlink(dir.path().join("real/t.json"), dir.path().join("t.json"))
        .expect("a link");
    let run = longhand(
        dir.path(),
        &["render", "t.json", "--format", "json", "-o", "real"],
    );
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(
        run.stderr
            .starts_with("error: `real/t.json` is the input file `t.json`")
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("real/t.json")).expect("the input"),
        textbook()
    );
    // And a hard link of the input at the target name.
    let dir = folder(&[("t.net", &textbook())]);
    std::fs::create_dir(dir.path().join("out")).expect("a folder");
    std::fs::hard_link(dir.path().join("t.net"), dir.path().join("out/t.md")).expect("a link");
    let run = longhand(dir.path(), &["render", "t.net", "-o", "out"]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("t.net")).expect("the input"),
        textbook()
    );
}

/// An exercise with 3 variants that all render (no draws, so they are equal).
fn three_variants(dir: &Path) -> Outcome {
    longhand(
        dir,
        &[
            "exercises",
            "t.net",
            "--variants",
            "3",
            "--format",
            "markdown",
            "-o",
            "out",
        ],
    )
}

#[test]
fn a_failing_rename_puts_back_what_was_replaced() {
    // `out/t-2.md` is a folder: the second rename fails after the first
    // has replaced `out/t-1.md`.
    let dir = folder(&[
        ("t.net", &textbook()),
        ("out/t-1.md", "an earlier variant 1\n"),
        ("out/t-2.md/inside.txt", "a folder in the way\n"),
    ]);
    let run = three_variants(dir.path());
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr
            .ends_with("error: cannot write `out/t-2.md`: a folder has that name\n"),
        "{}",
        run.stderr
    );
    let out = dir.path().join("out");
    assert_eq!(
        listing(&out),
        ["t-1.md", "t-2.md"],
        "no t-3.md, no temporaries"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("t-1.md")).expect("put back"),
        "an earlier variant 1\n"
    );
    // Once the folder is out of the way, all three are written.
    std::fs::remove_dir_all(out.join("t-2.md")).expect("removed");
    let run = three_variants(dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        listing(&out),
        [
            "t-1-backward.svg",
            "t-1-sheet.md",
            "t-1.md",
            "t-1.svg",
            "t-2-backward.svg",
            "t-2-sheet.md",
            "t-2.md",
            "t-2.svg",
            "t-3-backward.svg",
            "t-3-sheet.md",
            "t-3.md",
            "t-3.svg",
            "t-key.csv",
            "t-key.json",
            "t-key.md",
        ]
    );
}

/// A network whose variants fail when the drawn input passes 9000 (e^x is
/// computed for |x| ≤ 9000): the 1-based indices of the failing variants
/// among the first `count` (seed 0 onwards), found through the library.
fn failing_variants(text: &str, count: u64) -> Vec<u64> {
    (0..count)
        .filter(|seed| {
            let mut options = Options::new(Format::Json);
            options.seed = *seed;
            explain(&SourceFile::new("draws.net", text), &options).is_err()
        })
        .map(|seed| seed + 1)
        .collect()
}

#[test]
fn a_failing_variant_is_named_and_nothing_is_written() {
    let text = "input x = [uniform(0, 18000, 1)]\ntarget y = [1]\n\
                layer out { activation = sigmoid W = [[1]] b = [0] }\n\
                loss = half_squared_error\nlearning_rate = 0.5\n";
    let failing = failing_variants(text, 20);
    let first = *failing.first().expect("some draw passes 9000");
    let dir = folder(&[("draws.net", text)]);
    let count = first.to_string();
    for output in [Some("out/nested"), None] {
        let mut args = vec![
            "exercises",
            "draws.net",
            "--variants",
            &count,
            "--allow-degenerate",
        ];
        args.extend(output.map(|o| ["-o", o]).into_iter().flatten());
        let run = longhand(dir.path(), &args);
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert_eq!(run.stdout, "", "nothing printed");
        let seed = first - 1;
        assert!(
            run.stderr.ends_with(&format!(
                "note: this is variant {first} of {first}, drawn with seed {seed}; \
                 `longhand render draws.net --seed {seed}` shows it alone\n"
            )),
            "{}",
            run.stderr
        );
        assert_eq!(listing(dir.path()), ["draws.net"], "no folder, no file");
    }
}

#[cfg(unix)]
#[test]
fn an_interrupt_leaves_no_temporary_file() {
    // Two long variants (10,000 steps: two fit the budget, each counting
    // its three runs): the first is staged as a temporary file in `out`
    // while the second is written; Ctrl-C comes then.
    let long = textbook().replace("steps         = 1", "steps = 10000");
    for signal in ["INT", "TERM"] {
        let dir = folder(&[("long.net", &long)]);
        let out = dir.path().join("out");
        let mut child = Command::new(BINARY)
            .args([
                "exercises",
                "long.net",
                "--variants",
                "2",
                "-o",
                "out/deeper",
            ])
            .current_dir(dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the binary starts");
        let started = Instant::now();
        let staged = loop {
            let deeper = out.join("deeper");
            if deeper.exists() && !temporaries(&deeper).is_empty() {
                break true;
            }
            if started.elapsed() > Duration::from_secs(120)
                || child.try_wait().expect("waitable").is_some()
            {
                break false;
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        assert!(staged, "a temporary file appeared");
        let sent = Command::new("kill")
            .args([&format!("-{signal}"), &child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(sent.success());
        let status = child.wait().expect("the binary ends");
        let expected = if signal == "INT" { 130 } else { 143 };
        assert_eq!(status.code(), Some(expected), "{signal}");
        assert_eq!(
            listing(dir.path()),
            ["long.net"],
            "{signal}: no folder, no temporary"
        );
    }
}

#[cfg(unix)]
#[test]
fn reports_get_the_permissions_of_any_new_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = folder(&[("t.net", &textbook())]);
    let status = Command::new("sh")
        .args([
            "-c",
            &format!("umask 022 && exec '{BINARY}' render t.net -o out"),
        ])
        .current_dir(dir.path())
        .status()
        .expect("sh runs");
    assert!(status.success());
    let mode = std::fs::metadata(dir.path().join("out/t.md"))
        .expect("written")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o644);
}

/// Runs the binary with standard error `stderr`; returns its exit code.
fn with_stderr(dir: &Path, args: &[&str], stderr: Stdio) -> Option<i32> {
    Command::new(BINARY)
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(stderr)
        .status()
        .expect("the binary runs")
        .code()
}

#[test]
fn an_unwritable_standard_error_keeps_the_exit_code() {
    let dir = folder(&[("bad.net", BAD), ("t.net", &textbook())]);
    let cases: [(&[&str], i32); 5] = [
        (&["render", "bad.net"], 1),
        (&["render", "missing.net"], 3),
        (&["render", "t.net", "--bogus"], 2),
        (&["validate", "t.net", "bad.net"], 1),
        (&["exercises", "t.net", "--variants", "2"], 0),
    ];
    for (args, code) in cases {
        #[cfg(target_os = "linux")]
        {
            let full = std::fs::OpenOptions::new()
                .write(true)
                .open("/dev/full")
                .expect("/dev/full");
            assert_eq!(
                with_stderr(dir.path(), args, full.into()),
                Some(code),
                "{args:?} 2>/dev/full"
            );
        }
        // A pipe whose reader is gone.
        let mut child = Command::new(BINARY)
            .args(args)
            .current_dir(dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary starts");
        drop(child.stderr.take());
        let status = child.wait().expect("the binary ends");
        assert_eq!(status.code(), Some(code), "{args:?} with a closed stderr");
    }
}
