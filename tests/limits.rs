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
    // 20,000 steps × 9 parameters = 180,000 per run, three runs per
    // variant (weights 1, 1 and 2) and 10 for its key; 1,000,000 in all.
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
    assert_eq!(
        stderr,
        format!(
            "error: 10 variants of `{}` are more work than longhand does for one command: \
             30 runs of 180000 (steps × examples × parameters; three per variant, for carry = step, \
             quantity and exact); their work weighted by digits, with 10 per variant for its key, \
             is 7200100, at most 1000000\n  = help: draw at most 1 variants at a time, with \
             another --seed for the next ones\n",
            path.display()
        )
    );
    assert!(output.stdout.is_empty());
    assert!(started.elapsed() < PROMPT, "took {:?}", started.elapsed());
}

/// Runs the binary in `dir`; returns (exit code, stdout, stderr, elapsed).
fn run_in(dir: &std::path::Path, args: &[&str]) -> (i32, String, String, Duration) {
    let started = Instant::now();
    let output = Command::new(BINARY)
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
        started.elapsed(),
    )
}

/// A temporary folder with `files` (name, text).
fn files(list: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (name, text) in list {
        std::fs::write(dir.path().join(name), text).expect("written");
    }
    dir
}

/// The problem `check` reports for the first line of `claims`.
fn claim_problem(claims: &str) -> String {
    let lines = longhand::audit::claims::parse(
        &SourceFile::new("claims.txt", claims),
        &longhand::audit::claims::Functions::default(),
    );
    match lines.first() {
        Some(longhand::audit::claims::Line::Unreadable { diagnostic, .. }) => {
            diagnostic.message.clone()
        }
        other => panic!("expected an unreadable line, got {other:?}"),
    }
}

#[test]
fn five_kilobytes_of_parentheses_do_not_overflow_the_stack() {
    // The reported crash: ~5 KB of `(` aborted `check` with a stack overflow.
    let dir = files(&[
        ("t.net", &textbook()),
        ("claims.txt", &"(".repeat(5_000)),
        (
            "nested.txt",
            &format!("{}1{} = 1.0\n", "(".repeat(33), ")".repeat(33)),
        ),
    ]);
    let (code, stdout, stderr, elapsed) = run_in(dir.path(), &["check", "t.net", "claims.txt"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stdout.contains("error: the line is longer than 4096 bytes"),
        "{stdout}"
    );
    assert!(elapsed < PROMPT, "took {elapsed:?}");
    let (code, stdout, _, _) = run_in(dir.path(), &["check", "t.net", "nested.txt"]);
    assert_eq!(code, 1);
    assert!(
        stdout.contains("error: brackets are nested more than 32 deep"),
        "{stdout}"
    );
    assert!(stdout.contains(" --> nested.txt:1:33"), "{stdout}");
}

#[test]
fn claims_nested_without_brackets_are_refused_while_parsing() {
    // Chains of signs and powers recurse without brackets; a long sum is a
    // deep tree built without recursion, which evaluating would recurse into.
    for claim in [
        format!("{}1 = 1.0", "-".repeat(2_000)),
        format!("{}1 = 1.0", "- ".repeat(1_000)),
        format!("{} = 1.0", vec!["2"; 1_500].join("^")),
        format!("{} = 1.0", vec!["1"; 1_500].join("+")),
        format!("{}1 = 1.0", "exp(".repeat(300)),
    ] {
        let problem = claim_problem(&claim);
        assert!(
            problem == "the formula is nested more than 256 operations deep"
                || problem == "brackets are nested more than 32 deep",
            "{problem}: {}",
            &claim[..40]
        );
    }
    // At the limits, claims are read: 32 brackets, a sum of 200 terms.
    let deep = format!("{}1 + 1{} = 2.0", "(".repeat(32), ")".repeat(32));
    let sum = format!("{} = 200.0", vec!["1"; 200].join(" + "));
    for claim in [deep, sum] {
        let lines = longhand::audit::claims::parse(
            &SourceFile::new("claims.txt", &claim),
            &longhand::audit::claims::Functions::default(),
        );
        assert!(
            matches!(lines.as_slice(), [longhand::audit::claims::Line::Claim(_)]),
            "{lines:?}"
        );
    }
}

#[test]
fn claims_files_and_lines_have_a_size_limit() {
    // A line of exactly 4096 bytes is read; one more byte is not.
    let line = |length: usize| format!("a[1][1] = 0.6457{}", " ".repeat(length - 16));
    let lines = longhand::audit::claims::parse(
        &SourceFile::new("c", line(4_096)),
        &longhand::audit::claims::Functions::default(),
    );
    assert!(matches!(
        lines.as_slice(),
        [longhand::audit::claims::Line::Claim(_)]
    ));
    assert_eq!(
        claim_problem(&line(4_097)),
        "the line is longer than 4096 bytes"
    );
    // A file over 1 MiB is one problem, in process and on the command line.
    let big = "a[1][1] = 0.6457\n".repeat(70_000);
    assert_eq!(
        claim_problem(&big),
        "the claims file is longer than 1048576 bytes"
    );
    let dir = files(&[("t.net", &textbook()), ("claims.txt", &big)]);
    let (code, _, stderr, elapsed) = run_in(dir.path(), &["check", "t.net", "claims.txt"]);
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        "error: `claims.txt` is longer than 1048576 bytes; longhand reads claims files of at \
         most 1048576 bytes\n  = help: a claims file holds the lines of one worked example; \
         check that this is the right file\n"
    );
    assert!(elapsed < PROMPT, "took {elapsed:?}");
}

#[test]
fn detail_all_over_many_steps_is_refused_at_once() {
    // The reported case: a file of under 200 bytes wrote 1.1 GB of HTML at
    // 10 GB of memory with `--detail all`.
    let text = "input x = [1]\ntarget y = [1]\nlayer out { activation = sigmoid W = [[0.5]] \
                b = [0] }\nloss = half_squared_error\nlearning_rate = 0.5\nsteps = 100000\n";
    assert!(text.len() < 200);
    let dir = files(&[("small.net", text), ("t.net", &textbook())]);
    let started = Instant::now();
    let (code, stdout, stderr, _) = run_in(
        dir.path(),
        &["render", "small.net", "--detail", "all", "--format", "html"],
    );
    assert_eq!((code, stdout.as_str()), (1, ""));
    assert_eq!(
        stderr,
        "error: writing all 100000 updates in full is more than longhand writes in one report: \
         steps × examples × (parameters + units) is 300000, at most 20000\n  = help: use \
         `--detail first` (the first update in full, every update in the table), or at most \
         6666 steps with `--detail all`\n"
    );
    assert!(started.elapsed() < PROMPT, "took {:?}", started.elapsed());
    // `--detail first` renders it; the answer key ignores `--detail`.
    for args in [
        &["render", "small.net", "--format", "html"][..],
        &["render", "small.net", "--detail", "all", "--format", "json"][..],
    ] {
        let (code, _, stderr, elapsed) = run_in(dir.path(), args);
        assert_eq!(code, 0, "{args:?}: {stderr}");
        assert!(elapsed < PROMPT * 3, "{args:?} took {elapsed:?}");
    }
}

#[test]
fn detail_all_at_its_limit_renders() {
    // The textbook network: 9 parameters + 3 units per step; 1666 steps
    // are 19,992 ≤ 20,000, 1667 are over.
    let at = textbook().replace("steps         = 1", "steps = 1666");
    let over = textbook().replace("steps         = 1", "steps = 1667");
    let mut options = Options::new(Format::Markdown);
    options.detail_all = true;
    let started = Instant::now();
    let report = explain(&SourceFile::new("at.net", at), &options).expect("renders");
    assert!(
        started.elapsed() < PROMPT * 3,
        "took {:?}",
        started.elapsed()
    );
    assert!(
        report.text.contains("## Update 1666"),
        "every update is written"
    );
    match explain(&SourceFile::new("over.net", over), &options) {
        Err(Error::Budget(refusal)) => {
            assert!(refusal.help.contains("at most 1666 steps"), "{refusal:?}");
        }
        other => panic!("expected a refusal, got {:?}", other.map(|r| r.text.len())),
    }
}

#[test]
fn check_at_many_precisions_of_a_long_training_is_refused_at_once() {
    // 20,000 steps (work 180,000): each claimed precision needs a step and a
    // quantity run (weight 1 each), and all share the exact run (weight 2):
    // claims at 3 precisions cost 8 × 180,000, more than the 1,000,000.
    let long = textbook().replace("steps         = 1", "steps = 20000");
    let claims = "loss = 0.1\nloss = 0.10\nloss (update 2) = 0.100\nexp(1) = 2.718\n";
    let dir = files(&[("long.net", &long), ("claims.txt", claims)]);
    let (code, stdout, stderr, elapsed) = run_in(dir.path(), &["check", "long.net", "claims.txt"]);
    assert_eq!((code, stdout.as_str()), (1, ""));
    assert_eq!(
        stderr,
        "error: the named claims of `claims.txt` are written at 3 precisions (1, 2, 3 decimals), \
         so judging them trains the network 7 times; their work, 1440000 (steps × examples × \
         parameters, weighted by digits), is more than longhand runs for one command \
         (1000000)\n  = help: named claims at 1 of these precisions (the smallest first) fit: \
         check the others from a second claims file, or use fewer steps\n"
    );
    assert!(elapsed < PROMPT, "took {elapsed:?}");
    // A short training may be checked at every precision there is (0 to 60 decimals).
    let every: String = (0..=60)
        .map(|d| {
            format!(
                "loss = {}\n",
                if d == 0 {
                    "0".to_owned()
                } else {
                    format!("0.{}", "0".repeat(d))
                }
            )
        })
        .collect();
    let dir = files(&[("t.net", &textbook()), ("claims.txt", &every)]);
    let (code, stdout, _, elapsed) = run_in(dir.path(), &["check", "t.net", "claims.txt"]);
    assert_eq!(code, 1, "the claims are wrong, but judged");
    assert!(stdout.contains("61 claims: "), "{stdout}");
    assert!(elapsed < PROMPT * 3, "took {elapsed:?}");
}

#[test]
fn sensitivity_counts_precisions_times_carry_modes() {
    let long = textbook().replace("steps         = 1", "steps = 20000");
    let dir = files(&[("long.net", &long), ("t.net", &textbook())]);
    // The defaults: 4 precisions × 3 carry modes + the exact run = 13 runs.
    let (code, stdout, stderr, elapsed) = run_in(dir.path(), &["sensitivity", "long.net"]);
    assert_eq!((code, stdout.as_str()), (1, ""));
    assert_eq!(
        stderr,
        "error: comparing 4 precisions under 3 carry modes trains the network 13 times (with the \
         exact run); their work, 3240000 (steps × examples × parameters, weighted by digits), is \
         more than longhand runs for one command (1000000)\n  = help: compare fewer precisions \
         or carry modes (`--precisions 2 --carry step` fits), or use fewer steps (12 precision \
         and carry mode pairs were asked for)\n"
    );
    assert!(elapsed < PROMPT, "took {elapsed:?}");
    // Repeats are removed: a thousand copies of one precision are one run.
    let many = vec!["4"; 1_000].join(",");
    let (code, stdout, stderr, _) = run_in(
        dir.path(),
        &[
            "sensitivity",
            "t.net",
            "--precisions",
            &many,
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("\"precisions\": [\n    \"4 decimals\"\n  ],"),
        "{}",
        &stdout[..stdout.len().min(600)]
    );
    // More than 10 different precisions is a usage error.
    let eleven = (0..=10)
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join(",");
    let (code, _, stderr, _) = run_in(
        dir.path(),
        &["sensitivity", "t.net", "--precisions", &eleven],
    );
    assert_eq!(code, 2);
    assert!(
        stderr.starts_with("error: invalid value for '--precisions': 11 different precisions are more than longhand compares at once (at most 10)"),
        "{stderr}"
    );
}

#[test]
fn sensitivity_at_the_budget_finishes_and_says_the_search_was_left_out() {
    // The exact run (weight 2) + 3 precisions under step carry (weight 1
    // each) = 5 × 180,000 of the 1,000,000: too little is left for one run
    // of the search for the smallest agreeing precision.
    let long = textbook().replace("steps         = 1", "steps = 20000");
    let dir = files(&[("long.net", &long)]);
    let (code, stdout, stderr, elapsed) = run_in(
        dir.path(),
        &[
            "sensitivity",
            "long.net",
            "--precisions",
            "6,4,2",
            "--carry",
            "step",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(elapsed < PROMPT * 6, "took {elapsed:?}");
    assert!(
        stdout.contains(
            "- The smallest precision at which every printed value agrees was not searched for"
        ),
        "{}",
        &stdout[..stdout.len().min(3000)]
    );
    assert!(stdout.contains("2, 4 and 6 decimals"), "precisions sorted");
}

#[test]
fn the_agreement_search_gets_what_is_left_of_the_budget() {
    use longhand::model::limits::{MAX_SEARCH_DIGITS, Runs, search_runs, weight};
    use longhand::model::{Carry, Precision};
    let full = u64::from(MAX_SEARCH_DIGITS) + 1;
    let plan = |work: u128, precisions: &[u32], carries: &[Carry]| {
        let mut runs = Runs::new(work);
        runs.add(Precision::Decimals(4), Carry::Exact);
        for digits in precisions {
            for carry in carries {
                runs.add(Precision::Decimals(*digits), *carry);
            }
        }
        runs
    };
    // The textbook (work 9): any plan leaves the whole search.
    let all = [Carry::Step, Carry::Quantity, Carry::Exact];
    assert_eq!(search_runs(&plan(9, &[2, 3, 4, 6], &all), 2), full);
    // Work 100,000: the exact run costs 2 units, `4 decimals, step` 1;
    // the 7 units left give 3 runs to each of 2 carry modes, 7 to one.
    let small = plan(100_000, &[4], &[Carry::Step]);
    assert_eq!(small.cost, 300_000);
    assert_eq!(search_runs(&small, 2), 3);
    assert_eq!(search_runs(&small, 1), 7);
    let eight = plan(100_000, &[4, 5, 6, 7, 8, 9, 10, 11], &[Carry::Step]);
    assert_eq!(search_runs(&eight, 1), 0);
    // Digits cost one unit up to 15 and one more for every 15 beyond; exact carry 2.
    assert_eq!(weight(Precision::Decimals(0), Carry::Step), 1);
    assert_eq!(weight(Precision::Decimals(15), Carry::Quantity), 1);
    assert_eq!(weight(Precision::Significant(16), Carry::Step), 2);
    assert_eq!(weight(Precision::Decimals(60), Carry::Step), 4);
    assert_eq!(weight(Precision::Decimals(4), Carry::Exact), 2);
    assert_eq!(weight(Precision::Exact, Carry::Step), 2);
}

#[test]
fn check_at_sixty_decimals_counts_its_digits() {
    // 100,000 work (11,111 steps of 9 parameters: 99,999): named claims at
    // 60 decimals are two runs of weight 4 and the exact run of weight 2,
    // 999,990 of the 1,000,000.
    let steps = textbook().replace("steps         = 1", "steps = 11111");
    let claims = SourceFile::new("claims.txt", format!("loss = 0.{}\n", "0".repeat(60)));
    let started = Instant::now();
    let audit = longhand::check(
        &SourceFile::new("steps.net", steps),
        &claims,
        &Options::new(Format::Json),
    )
    .expect("within the budget");
    assert!(
        started.elapsed() < PROMPT * 6,
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(audit.tally().claims, 1);
    // One more step is over it.
    let over = textbook().replace("steps         = 1", "steps = 11112");
    match longhand::check(
        &SourceFile::new("over.net", over),
        &claims,
        &Options::new(Format::Json),
    ) {
        Err(Error::Budget(refusal)) => assert!(
            refusal
                .message
                .contains("written at 1 precision (60 decimals)"),
            "{refusal:?}"
        ),
        other => panic!("expected a refusal, got {:?}", other.map(|a| a.tally())),
    }
}

#[test]
fn a_claims_file_applies_at_most_64_functions() {
    // e^9000 to one decimal needs all its 3,909 digits: 0.2 to 0.8 s each.
    let costly = "exp(8999.9) = 1.1\n".repeat(65);
    let dir = files(&[("t.net", &textbook()), ("claims.txt", &costly)]);
    let (code, stdout, stderr, elapsed) = run_in(dir.path(), &["check", "t.net", "claims.txt"]);
    assert_eq!((code, stdout.as_str()), (1, ""));
    assert_eq!(
        stderr,
        "error: the formulas of `claims.txt` apply exp, ln, σ, tanh or a power 65 times; \
         longhand evaluates at most 64 in one claims file\n  = help: split the claims into \
         files of at most 64 such functions (named claims such as `a[1][1] = 0.6457` cost \
         nothing)\n"
    );
    assert!(elapsed < PROMPT, "took {elapsed:?}");
    // Named claims cost no function: a mebibyte of them is judged.
    let named = "a[1][1] = 0.6457\n".repeat(60_000);
    let dir = files(&[("t.net", &textbook()), ("claims.txt", &named)]);
    let (code, stdout, _, elapsed) = run_in(dir.path(), &["check", "t.net", "claims.txt"]);
    assert_eq!(code, 0);
    assert!(stdout.ends_with(
        "60000 claims: 60000 correct, 0 correct only under another carry mode, 0 wrong\n"
    ));
    assert!(elapsed < PROMPT * 3, "took {elapsed:?}");
}

#[test]
fn validate_reads_at_most_16_mebibytes_in_one_run() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("big.net");
    std::fs::File::create(&path)
        .and_then(|f| f.set_len(1 << 20))
        .expect("a sparse 1 MiB file");
    let seventeen = vec!["big.net"; 17];
    let mut args = vec!["validate"];
    args.extend(&seventeen);
    let (code, stdout, stderr, elapsed) = run_in(dir.path(), &args);
    assert_eq!((code, stdout.as_str()), (1, ""));
    assert_eq!(
        stderr,
        "error: the 17 files hold 17825792 bytes; longhand validates at most 16777216 bytes in \
         one run\n  = help: validate them in several runs, a few files at a time\n"
    );
    assert!(elapsed < PROMPT, "took {elapsed:?}");
}

#[test]
fn a_byte_order_mark_before_several_lines() {
    // Found by the `claims` fuzz target: skipping the mark shifted every
    // later line by its three bytes (a slice inside a character panicked).
    let text = "\u{feff}\u{5}\\f-\u{1}t\ndelta[4] (e# comment\ndelta[2] (exam +7\u{0}-\\\n";
    let lines = longhand::audit::claims::parse(
        &SourceFile::new("claims.txt", text),
        &longhand::audit::claims::Functions::default(),
    );
    assert_eq!(lines.len(), 3, "{lines:?}");
    let text = "\u{feff}a[1][1] = 0.6457\né = 1.0\n# ok\nloss = 0.0956\n";
    let lines = longhand::audit::claims::parse(
        &SourceFile::new("claims.txt", text),
        &longhand::audit::claims::Functions::default(),
    );
    let numbers: Vec<usize> = lines
        .iter()
        .map(|line| match line {
            longhand::audit::claims::Line::Claim(claim) => claim.line,
            longhand::audit::claims::Line::Unreadable { line, .. } => *line,
        })
        .collect();
    assert_eq!(numbers, [1, 2, 4]);
    assert!(matches!(lines[0], longhand::audit::claims::Line::Claim(_)));
    assert!(matches!(lines[2], longhand::audit::claims::Line::Claim(_)));
}
