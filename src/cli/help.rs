//! The examples each command's `--help` ends with. Every command line
//! here is run by `tests/cli.rs` (`every_help_example_runs`), so none goes stale.

/// `longhand --help`.
pub(super) const MAIN: &str = "\
With no command, renders every `examples/*.net` into `output/`.

Examples:
  longhand render net.net                  the worked example, as Markdown, on standard output
  longhand render net.net --format html -o reports
  longhand check net.net claims.txt        judge a worked example's numbers
  longhand help render                     a command's flags and examples

Exit codes: 0 success; 1 the input has problems (nothing is written) or a
claim is not correct; 2 a usage error; 3 an I/O error or a file longhand will
not write (an input file); 130 interrupted (Ctrl-C).";

/// `longhand render --help`.
pub(super) const RENDER: &str = "\
Examples:
  longhand render net.net                          Markdown on standard output
  longhand render net.net --format html -o out     writes out/net.html
  longhand render net.net --format json            the answer key
  longhand render net.net --precision \"6 significant\" --carry exact
  longhand render net.net --detail all             every update in full (long)";

/// `longhand exercises --help`.
pub(super) const EXERCISES: &str = "\
Variant k is drawn with seed SEED + k - 1; a draw that makes a poor exercise
(a saturated unit, a gradient printed as zero, a value on a rounding tie, a
drawn input of 0, a loss that does not decrease) is skipped for the next seed
unless --allow-degenerate, and so is one failing a `require` line of the file
(always), at most 10 K + 100 draws in all. The key lists
each variant's seed: grade a student with `longhand check FILE ANSWERS --seed SEED`.

Examples:
  longhand exercises quiz.net --variants 3               three answer keys as one JSON array
  longhand exercises quiz.net --variants 3 --format markdown -o sheets
                                                         sheets/quiz-1-sheet.md, quiz-1.md (solution) … and quiz-key.md/.csv/.json
  longhand exercises quiz.net --variants 3 --ask yhat,loss,grad --format moodle -o sheets
                                                         sheets/quiz-moodle.xml: one Cloze question per variant
  longhand render quiz.net --seed 2 --format net         a variant as a plain .net file";

/// `longhand check --help`.
pub(super) const CHECK: &str = "\
CLAIMS holds one claim per line, as the worked example prints it:
  a[1][1] = 0.6457
  e^{-0.2520} ≈ 0.7772
  W'[1][2][1] = 0.1933

Examples:
  longhand check net.net claims.txt                 a verdict per claim; exit 0 only if all are correct
  longhand check net.net claims.txt --format json

For a file with uniform(...) or choice(...) draws, --seed N names the variant the claims are
about (the answer key lists each variant's seed). A named claim with fewer
decimals than the file's precision is TOO COARSE unless --accept-coarse.";

/// `longhand sensitivity --help`.
pub(super) const SENSITIVITY: &str = "\
Examples:
  longhand sensitivity net.net                             2, 3, 4 and 6 decimals, every carry mode
  longhand sensitivity net.net --precisions 2,4 --carry step
  longhand sensitivity net.net --format html -o out        writes out/net-sensitivity.html";

/// `longhand validate --help`.
pub(super) const VALIDATE: &str = "\
Examples:
  longhand validate net.net                  `net.net: ok`, or every problem found
  longhand validate examples/*.net";
