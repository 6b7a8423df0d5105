//! The command line: argument types (clap) and `run`. The only file that imports clap.
//!
//! Exit codes: 0 success; 1 the input has problems (nothing written);
//! 2 usage error; 3 an I/O or template error, or a file longhand will not
//! write (an input file); 128 + N when ended by signal N (Ctrl-C: 130).
//!
//! Nothing here writes to standard error with `eprintln!`, which panics
//! when standard error cannot be written (`2>/dev/full`, a closed pipe):
//! [`say!`] and [`stderr`] ignore such a failure, so the exit code stays the
//! documented one.

/// `eprintln!` that cannot panic (see the module documentation).
/// Each line is made printable ([`longhand::diagnostic::printable`]): the
/// messages quote file names and flags.
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::cli::say_lines(&format!($($arg)*))
    };
}

mod exercises;
mod help;
mod interrupt;
mod progress;
mod templates;
mod write;

use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use longhand::diagnostic::{Color, render_all};
use longhand::model::{Carry, Precision, Rounding, limits};
use longhand::source::SourceFile;
use longhand::{Error, Format, Options, explain};
use write::{Batch, print_bytes, print_stdout, stem};

/// Turns a network description into a step-by-step backpropagation worked example.
///
/// With no command, renders every `examples/*.net` into `output/`.
#[derive(Debug, Parser)]
#[command(
    name = "longhand",
    version,
    about,
    long_about = None,
    after_help = help::MAIN
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Render one network as a worked example (Markdown, JSON answer key or HTML).
    #[command(after_help = help::RENDER)]
    Render(RenderArgs),
    /// Draw K reproducible variants of an exercise (values given by `uniform(...)` or `choice(...)`), each with its answer key.
    #[command(after_help = help::EXERCISES)]
    Exercises(ExercisesArgs),
    /// Audit a worked example: judge each claim of CLAIMS (`a[1][1] = 0.6457`, `exp(-0.6) = 0.5488`) against FILE.
    #[command(after_help = help::CHECK)]
    Check(CheckArgs),
    /// Show how the printed digits depend on precision and carry mode, beside the exact values.
    #[command(after_help = help::SENSITIVITY)]
    Sensitivity(SensitivityArgs),
    /// Write the built-in templates into a folder, to edit and use with `render --templates DIR`.
    #[command(subcommand)]
    Templates(TemplatesCommand),
    /// Check files and report every problem found.
    #[command(after_help = help::VALIDATE)]
    Validate {
        /// The `.net` files to check.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

/// What to do with the templates.
#[derive(Debug, Subcommand)]
enum TemplatesCommand {
    /// Write every built-in template into DIR (existing files are kept).
    Export {
        /// The folder to write into (created if missing).
        dir: PathBuf,
        /// Overwrite templates already in DIR.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, clap::Args)]
struct RenderArgs {
    /// The `.net` file.
    file: PathBuf,
    /// Write `DIR/<file-stem>.<ext>` instead of printing to standard output.
    #[arg(short = 'o', long = "output", value_name = "DIR")]
    output: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "markdown")]
    format: FormatArg,
    /// Precision, overriding the file: "4 decimals", "6 significant" or "exact".
    #[arg(long, value_parser = parse_precision)]
    precision: Option<Precision>,
    /// Rounding mode, overriding the file.
    #[arg(long, value_enum)]
    rounding: Option<RoundingArg>,
    /// Carry mode, overriding the file.
    #[arg(long, value_enum)]
    carry: Option<CarryArg>,
    /// Which updates to write out in full.
    #[arg(long, value_enum, default_value = "first")]
    detail: DetailArg,
    /// Show exactly carried values as fractions (with `--carry exact` or `precision = exact`).
    #[arg(long)]
    fractions: bool,
    /// Seed for `uniform(...)` draws.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// With `--format latex`: write the body only, for `\input{}` into a book chapter.
    #[arg(long)]
    fragment: bool,
    /// The notation profile, overriding the file: "default", "nielsen" or "mazur".
    #[arg(long, value_name = "PROFILE")]
    symbols: Option<String>,
    /// One notation option, overriding the file and `--symbols` (repeatable):
    /// `--symbol loss=E --symbol learning_rate=alpha`.
    #[arg(long = "symbol", value_name = "KEY=VALUE")]
    symbol: Vec<String>,
    /// Render with the templates of DIR (from `longhand templates export DIR`);
    /// a template missing from DIR is the built-in one.
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
    /// How each step is written, overriding the file: unit by unit, as vectors and matrices, or both.
    #[arg(long, value_enum)]
    notation: Option<NotationArg>,
    /// Add an appendix, overriding the file: `numpy` (a program computing the same numbers) or `none`.
    #[arg(long, value_enum)]
    appendix: Option<AppendixArg>,
}

#[derive(Debug, clap::Args)]
struct ExercisesArgs {
    /// The `.net` file with `uniform(LOW, HIGH, STEP)` values.
    file: PathBuf,
    /// How many variants to draw.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..=longhand::model::limits::MAX_VARIANTS))]
    variants: u64,
    /// Seed of the first variant; variant k uses seed + k − 1 (variant 1 is `render --seed SEED`).
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Write each variant's sheet and solution and one answer key into DIR instead of printing.
    #[arg(short = 'o', long = "output", value_name = "DIR")]
    output: Option<PathBuf>,
    /// Output format: a report format, or a quiz to import (moodle, gift, qti).
    #[arg(long, value_enum, default_value = "json")]
    format: ExercisesFormatArg,
    /// The questions of the sheets: `all`, or some of z,a,yhat,loss,delta,grad,update,new_loss.
    #[arg(long, default_value = "all", value_name = "QUESTIONS")]
    ask: String,
    /// Keep variants that make poor exercises (zero inputs, saturated units, ties, …) instead of redrawing them.
    #[arg(long)]
    allow_degenerate: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ExercisesFormatArg {
    Markdown,
    Json,
    Html,
    Svg,
    Csv,
    /// LaTeX documents.
    Latex,
    /// PDFs typeset by a TeX engine.
    Pdf,
    /// Moodle XML: one Cloze question per variant.
    Moodle,
    /// Moodle's GIFT text format: one Cloze-like question per variant.
    Gift,
    /// QTI 1.2 (Canvas): one question per asked quantity and variant.
    Qti,
}

#[derive(Debug, clap::Args)]
struct CheckArgs {
    /// The `.net` file the worked example is about.
    file: PathBuf,
    /// The claims, one per line, as printed in the example.
    claims: PathBuf,
    /// Report format.
    #[arg(long, value_enum, default_value = "text")]
    format: CheckFormatArg,
    /// Rounding mode of named claims (overriding the file) and of formulas (default half_up).
    #[arg(long, value_enum)]
    rounding: Option<RoundingArg>,
    /// The carry mode that decides named claims (default: the file's); the others are tried too.
    #[arg(long, value_enum)]
    carry: Option<CarryArg>,
    /// Judge against the variant drawn with this seed (required for a file with `uniform(...)`).
    #[arg(long)]
    seed: Option<u64>,
    /// Judge a named claim written with fewer decimals than the file's precision at its own decimals.
    #[arg(long)]
    accept_coarse: bool,
}

#[derive(Debug, clap::Args)]
struct SensitivityArgs {
    /// The `.net` file.
    file: PathBuf,
    /// Precisions to compare: decimals (significant digits when the file uses `N significant`).
    #[arg(long, value_delimiter = ',', default_value = "2,3,4,6",
          value_parser = clap::value_parser!(u32).range(0..=30))]
    precisions: Vec<u32>,
    /// Carry modes to compare.
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        default_value = "step,quantity,exact"
    )]
    carry: Vec<CarryArg>,
    /// Rounding mode, overriding the file.
    #[arg(long, value_enum)]
    rounding: Option<RoundingArg>,
    /// Report format.
    #[arg(long, value_enum, default_value = "markdown")]
    format: SensitivityFormatArg,
    /// Write `DIR/<file-stem>-sensitivity.<ext>` instead of printing to standard output.
    #[arg(short = 'o', long = "output", value_name = "DIR")]
    output: Option<PathBuf>,
    /// Seed for `uniform(...)` draws.
    #[arg(long, default_value_t = 0)]
    seed: u64,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum SensitivityFormatArg {
    Markdown,
    Json,
    Html,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum CheckFormatArg {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum FormatArg {
    Markdown,
    Json,
    Html,
    Svg,
    Csv,
    /// A LaTeX document (`--fragment`: its body only).
    Latex,
    /// The LaTeX document typeset by latexmk, lualatex, pdflatex or tectonic.
    Pdf,
    /// The network as a plain `.net` file with the numbers drawn with `--seed`.
    Net,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
#[value(rename_all = "snake_case")]
enum RoundingArg {
    HalfUp,
    HalfEven,
    HalfDown,
    TowardZero,
    AwayFromZero,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum CarryArg {
    Step,
    Quantity,
    Exact,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum AppendixArg {
    None,
    Numpy,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum NotationArg {
    Scalar,
    Vector,
    Both,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum DetailArg {
    First,
    All,
}

fn parse_precision(text: &str) -> Result<Precision, String> {
    text.parse::<Precision>().map_err(|e| e.to_string())
}

/// How a command ended.
enum Outcome {
    Success,
    InputError,
    /// A flag's value cannot be used, or flags that cannot work together
    /// (exit code 2, as clap's own usage errors).
    Usage,
    Failure,
}

/// Writes each line of `text` to standard error, made printable.
pub(crate) fn say_lines(text: &str) {
    let mut out = String::new();
    for line in text.split('\n') {
        out.push_str(&longhand::diagnostic::printable(line));
        out.push('\n');
    }
    stderr(&out);
}

/// Writes `text` to standard error, ignoring a failure to write it.
pub(crate) fn stderr(text: &str) {
    use std::io::Write as _;
    progress::aside(|| {
        let mut stderr = std::io::stderr().lock();
        let _ = stderr
            .write_all(text.as_bytes())
            .and_then(|()| stderr.flush());
    });
}

/// Parses the arguments and runs the command.
pub(crate) fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let code = if error.use_stderr() { 2 } else { 0 };
            let _ = error.print();
            return ExitCode::from(code);
        }
    };
    interrupt::install();
    let progress = progress::Progress::start();
    let outcome = match cli.command {
        None => render_examples(Path::new("examples"), Path::new("output")),
        Some(Command::Render(args)) => render_one(&args),
        Some(Command::Exercises(args)) => exercises::exercises(&args),
        Some(Command::Check(args)) => check(&args),
        Some(Command::Sensitivity(args)) => sensitivity(&args),
        Some(Command::Validate { files }) => validate(&files),
        Some(Command::Templates(TemplatesCommand::Export { dir, force })) => {
            templates::export(&dir, force)
        }
    };
    drop(progress);
    match outcome {
        Outcome::Success => ExitCode::SUCCESS,
        Outcome::InputError => ExitCode::from(1),
        Outcome::Usage => ExitCode::from(2),
        Outcome::Failure => ExitCode::from(3),
    }
}

fn color() -> Color {
    if std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none() {
        Color::Always
    } else {
        Color::Never
    }
}

/// Reads a `.net` file (see [`read_limited`]).
fn read(path: &Path) -> Result<SourceFile, Outcome> {
    read_limited(
        path,
        longhand::parse::MAX_SOURCE_BYTES,
        "network descriptions",
        "a network description is a few hundred bytes",
    )
}

/// Reads a source file, refusing one larger than `limit` without reading
/// the rest (so `/dev/zero` or a huge file cannot fill the memory).
fn read_limited(path: &Path, limit: usize, what: &str, usual: &str) -> Result<SourceFile, Outcome> {
    let mut bytes = Vec::new();
    let read = std::fs::File::open(path)
        .and_then(|file| file.take(limit as u64 + 1).read_to_end(&mut bytes));
    if let Err(error) = read {
        say!("error: cannot read `{}`: {error}", path.display());
        return Err(Outcome::Failure);
    }
    if bytes.len() > limit {
        say!(
            "error: `{}` is longer than {limit} bytes; longhand reads {what} of at most {limit} bytes\n  = help: {usual}; check that this is the right file",
            path.display()
        );
        return Err(Outcome::InputError);
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile::new(path.display().to_string(), text)),
        Err(_) => {
            say!("error: `{}` is not UTF-8 text", path.display());
            Err(Outcome::InputError)
        }
    }
}

/// Prints an error of `explain` to stderr and says how the command ends.
fn report_error(error: &Error, source: &SourceFile) -> Outcome {
    match error {
        Error::Input(diagnostics) => {
            stderr(&render_all(diagnostics, source, color()));
            Outcome::InputError
        }
        Error::Numeric(diagnostic) => {
            stderr(&render_all(
                std::slice::from_ref(diagnostic),
                source,
                color(),
            ));
            Outcome::InputError
        }
        Error::Render(error) => {
            say!("error: {error}");
            Outcome::Failure
        }
        Error::Budget(refusal) => refuse(refusal),
        Error::Typeset(longhand::typeset::TypesetError::NoEngine) => {
            say!(
                "error: no LaTeX engine found on PATH (looked for latexmk, lualatex, pdflatex and tectonic)\n  = help: install TeX Live (on Debian or Ubuntu: `apt-get install texlive-latex-extra texlive-pictures lmodern`) or tectonic, or write the LaTeX with `--format latex` and typeset it yourself"
            );
            Outcome::Failure
        }
        Error::Typeset(error) => {
            say!("error: {error}");
            Outcome::Failure
        }
        Error::Usage(message) => {
            say!("error: {message}");
            Outcome::Usage
        }
    }
}

/// Prints a refusal of the resource budget (the input is within the
/// limits, but the command asks for more than it may do at once).
fn refuse(refusal: &limits::Refusal) -> Outcome {
    say!("error: {}\n  = help: {}", refusal.message, refusal.help);
    Outcome::InputError
}

fn format(arg: FormatArg) -> Format {
    match arg {
        FormatArg::Markdown => Format::Markdown,
        FormatArg::Json => Format::Json,
        FormatArg::Html => Format::Html,
        FormatArg::Svg => Format::Svg,
        FormatArg::Csv => Format::Csv,
        FormatArg::Latex => Format::Latex,
        FormatArg::Pdf => Format::Pdf,
        // `render --format net` writes the source back, not a report (see `render_one`).
        FormatArg::Net => Format::Markdown,
    }
}

fn rounding(arg: RoundingArg) -> Rounding {
    match arg {
        RoundingArg::HalfUp => Rounding::HalfUp,
        RoundingArg::HalfEven => Rounding::HalfEven,
        RoundingArg::HalfDown => Rounding::HalfDown,
        RoundingArg::TowardZero => Rounding::TowardZero,
        RoundingArg::AwayFromZero => Rounding::AwayFromZero,
    }
}

fn carry(arg: CarryArg) -> Carry {
    match arg {
        CarryArg::Step => Carry::Step,
        CarryArg::Quantity => Carry::Quantity,
        CarryArg::Exact => Carry::Exact,
    }
}

fn options(args: &RenderArgs) -> Options {
    let mut options = Options::new(format(args.format));
    options.precision = args.precision;
    options.rounding = args.rounding.map(rounding);
    options.carry = args.carry.map(carry);
    options.detail_all = matches!(args.detail, DetailArg::All);
    options.fractions = args.fractions;
    options.seed = args.seed;
    options.regenerate = Some(render_command(args));
    options.fragment = args.fragment;
    if let Some(profile) = &args.symbols {
        options
            .symbols
            .push(("notation".to_owned(), profile.clone()));
    }
    for pair in &args.symbol {
        let (key, value) = pair.split_once('=').unwrap_or((pair.as_str(), ""));
        options
            .symbols
            .push((key.trim().to_owned(), value.trim().to_owned()));
    }
    options.notation = args.notation.map(|n| match n {
        NotationArg::Scalar => longhand::model::Forms::Scalar,
        NotationArg::Vector => longhand::model::Forms::Vector,
        NotationArg::Both => longhand::model::Forms::Both,
    });
    options.appendix = args.appendix.map(|a| match a {
        AppendixArg::None => longhand::model::Appendix::None,
        AppendixArg::Numpy => longhand::model::Appendix::Numpy,
    });
    options
}

/// The command that regenerates a report, for its header comment: the
/// command and the flags that decide the report's content, the input named
/// without its folders (as the header names it) and no `-o`, so the
/// comment is the same wherever and however the command was typed.
struct Regenerate(Vec<String>);

impl Regenerate {
    fn new(command: &str, file: &Path) -> Regenerate {
        let name = file
            .file_name()
            .map_or_else(|| file.to_string_lossy(), |n| n.to_string_lossy());
        Regenerate(vec![
            "longhand".to_owned(),
            command.to_owned(),
            quote(&name),
        ])
    }

    /// Adds `--flag VALUE` (or `--flag` alone when `value` is empty).
    fn flag(mut self, flag: &str, value: Option<String>) -> Regenerate {
        if let Some(value) = value {
            self.0.push(format!("--{flag}"));
            if !value.is_empty() {
                self.0.push(quote(&value));
            }
        }
        self
    }

    fn text(&self) -> String {
        longhand::diagnostic::printable(&self.0.join(" "))
    }
}

/// A word as a shell takes it back: in single quotes unless it is plain.
fn quote(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./,:=+@%".contains(c));
    if plain {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

/// The name clap gives a flag value (`half_up`, `html`).
fn value_name(value: &impl ValueEnum) -> String {
    value
        .to_possible_value()
        .map(|v| v.get_name().to_owned())
        .unwrap_or_default()
}

/// `longhand render FILE` with the flags of `args` that change the report.
fn render_command(args: &RenderArgs) -> String {
    Regenerate::new("render", &args.file)
        .flag(
            "format",
            (!matches!(args.format, FormatArg::Markdown)).then(|| value_name(&args.format)),
        )
        .flag("precision", args.precision.map(|p| p.to_string()))
        .flag("rounding", args.rounding.map(|r| value_name(&r)))
        .flag("carry", args.carry.map(|c| value_name(&c)))
        .flag(
            "detail",
            matches!(args.detail, DetailArg::All).then(|| "all".to_owned()),
        )
        .flag("fractions", args.fractions.then(String::new))
        .flag("seed", (args.seed != 0).then(|| args.seed.to_string()))
        .flag("fragment", args.fragment.then(String::new))
        .flag("notation", args.notation.map(|n| value_name(&n)))
        .flag("appendix", args.appendix.map(|a| value_name(&a)))
        .text()
}

fn render_one(args: &RenderArgs) -> Outcome {
    if matches!(args.format, FormatArg::Pdf)
        && args.output.is_none()
        && std::io::stdout().is_terminal()
    {
        say!(
            "error: a PDF is not text to show on a terminal\n  = help: write it into a folder with `-o DIR`, or redirect standard output to a file"
        );
        return Outcome::Usage;
    }
    if let Some(dir) = &args.templates
        && let Err(outcome) = templates::load(dir)
    {
        return outcome;
    }
    let source = match read(&args.file) {
        Ok(source) => source,
        Err(outcome) => return outcome,
    };
    if matches!(args.format, FormatArg::Net) {
        return render_net(args, &source);
    }
    let report = match explain(&source, &options(args)) {
        Ok(report) => report,
        Err(error) => return report_error(&error, &source),
    };
    match &args.output {
        None => print_bytes(report.bytes()),
        Some(dir) => {
            let stem = stem(&args.file);
            let name = format!("{stem}.{}", report.extension);
            // A Markdown report links to its pictures: they are written beside it.
            let pictures = if report.extension == "md" {
                match markdown_pictures(&source, args, &stem) {
                    Ok(pictures) => pictures,
                    Err(outcome) => return outcome,
                }
            } else {
                Vec::new()
            };
            write_all(dir, &[&args.file], |batch| {
                batch.stage(&name, report.bytes())?;
                for (name, picture) in &pictures {
                    batch.stage(name, picture.bytes())?;
                }
                Ok(())
            })
        }
    }
}

/// The pictures a Markdown report links to: the diagram (`STEM.svg`), the
/// backward pass (`STEM-backward.svg`) and, for several updates, the
/// training curve (`STEM-curve.svg`).
fn markdown_pictures(
    source: &SourceFile,
    args: &RenderArgs,
    stem: &str,
) -> Result<Vec<(String, longhand::Report)>, Outcome> {
    let mut svg = options(args);
    svg.format = Format::Svg;
    let mut pictures = Vec::new();
    let diagram = explain(source, &svg).map_err(|error| report_error(&error, source))?;
    pictures.push((format!("{stem}.svg"), diagram));
    if let Some(backward) =
        longhand::backward_diagram(source, &svg).map_err(|error| report_error(&error, source))?
    {
        pictures.push((format!("{stem}-backward.svg"), backward));
    }
    if let Some(curve) =
        longhand::training_curve(source, &svg).map_err(|error| report_error(&error, source))?
    {
        pictures.push((format!("{stem}-curve.svg"), curve));
    }
    Ok(pictures)
}

/// `render --format net`: the variant of `--seed` as a plain `.net` file
/// (`DIR/<stem>-seed<N>.net` with `-o`).
fn render_net(args: &RenderArgs, source: &SourceFile) -> Outcome {
    let mut options = Options::new(Format::Markdown);
    options.seed = args.seed;
    let text = match longhand::exercise::plain_net(source, &options) {
        Ok(text) => text,
        Err(error) => return report_error(&error, source),
    };
    match &args.output {
        None => print_stdout(&text),
        Some(dir) => {
            let name = format!("{}-seed{}.net", stem(&args.file), args.seed);
            write_all(dir, &[&args.file], |batch| {
                batch.stage(&name, text.as_bytes())
            })
        }
    }
}

/// Opens a batch writing into `dir`, lets `stage` fill it, and commits it
/// (nothing is written when any step fails).
fn write_all(
    dir: &Path,
    inputs: &[&Path],
    stage: impl FnOnce(&mut Batch) -> Result<(), Outcome>,
) -> Outcome {
    let mut batch = match Batch::open(dir, inputs) {
        Ok(batch) => batch,
        Err(outcome) => return outcome,
    };
    match stage(&mut batch) {
        Ok(()) => batch.commit(),
        Err(outcome) => outcome,
    }
}

/// Renders every bundled example into `output/` (Markdown, HTML, JSON and SVG).
/// Each report is staged as it is rendered: if any example fails, nothing is written.
fn render_examples(examples: &Path, output: &Path) -> Outcome {
    let mut files: Vec<PathBuf> = match std::fs::read_dir(examples) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "net"))
            .collect(),
        Err(error) => {
            say!(
                "error: cannot read `{}`: {error}\n  = help: run from the project folder, or use `longhand render FILE`",
                examples.display()
            );
            return Outcome::Failure;
        }
    };
    files.sort();
    let inputs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    let outcome = write_all(output, &inputs, |batch| {
        for file in &files {
            let source = read(file)?;
            let reports = longhand::bundled_reports(&source, &stem(file))
                .map_err(|error| report_error(&error, &source))?;
            for (name, report) in &reports {
                batch.stage(name, report.bytes())?;
            }
        }
        Ok(())
    });
    let outcome = match outcome {
        Outcome::Success => exercises::render_bundled(&examples.join("exercises"), output),
        other => other,
    };
    if let Outcome::Success = outcome {
        say!(
            "rendered {} {} into `{}`",
            files.len(),
            if files.len() == 1 {
                "example"
            } else {
                "examples"
            },
            output.display()
        );
    }
    outcome
}

/// `longhand sensitivity`.
fn sensitivity(args: &SensitivityArgs) -> Outcome {
    let source = match read(&args.file) {
        Ok(source) => source,
        Err(outcome) => return outcome,
    };
    let mut options = Options::new(match args.format {
        SensitivityFormatArg::Markdown => Format::Markdown,
        SensitivityFormatArg::Json => Format::Json,
        SensitivityFormatArg::Html => Format::Html,
    });
    options.rounding = args.rounding.map(rounding);
    options.seed = args.seed;
    let mut carries: Vec<Carry> = Vec::new();
    for c in args.carry.iter().map(|c| carry(*c)) {
        if !carries.contains(&c) {
            carries.push(c);
        }
    }
    let mut digits = args.precisions.clone();
    digits.sort_unstable();
    digits.dedup();
    if digits.len() > limits::MAX_PRECISIONS {
        say!(
            "error: invalid value for '--precisions': {} different precisions are more than longhand compares at once (at most {})\n\nFor more information, try '--help'.",
            digits.len(),
            limits::MAX_PRECISIONS
        );
        return Outcome::Usage;
    }
    let listed = |items: Vec<String>| items.join(",");
    let default_carries = carries == [Carry::Step, Carry::Quantity, Carry::Exact];
    options.regenerate = Some(
        Regenerate::new("sensitivity", &args.file)
            .flag(
                "precisions",
                (digits != longhand::SENSITIVITY_DIGITS)
                    .then(|| listed(digits.iter().map(u32::to_string).collect())),
            )
            .flag(
                "carry",
                (!default_carries)
                    .then(|| listed(carries.iter().map(|c| c.name().to_owned()).collect())),
            )
            .flag("rounding", args.rounding.map(|r| value_name(&r)))
            .flag(
                "format",
                (!matches!(args.format, SensitivityFormatArg::Markdown))
                    .then(|| value_name(&args.format)),
            )
            .flag("seed", (args.seed != 0).then(|| args.seed.to_string()))
            .text(),
    );
    let report = match longhand::sensitivity(&source, &options, &digits, &carries) {
        Ok(report) => report,
        Err(error) => return report_error(&error, &source),
    };
    match &args.output {
        None => print_stdout(&report.text),
        Some(dir) => {
            let name = format!("{}-sensitivity.{}", stem(&args.file), report.extension);
            write_all(dir, &[&args.file], |batch| {
                batch.stage(&name, report.bytes())
            })
        }
    }
}

/// `longhand check`: exit 0 when every claim is correct, 1 when any is
/// wrong, holds only under another carry mode, or cannot be read.
fn check(args: &CheckArgs) -> Outcome {
    let source = match read(&args.file) {
        Ok(source) => source,
        Err(outcome) => return outcome,
    };
    let claims = match read_limited(
        &args.claims,
        longhand::audit::claims::MAX_CLAIMS_BYTES,
        "claims files",
        "a claims file holds the lines of one worked example",
    ) {
        Ok(claims) => claims,
        Err(outcome) => return outcome,
    };
    let mut options = Options::new(Format::Markdown);
    options.rounding = args.rounding.map(rounding);
    options.carry = args.carry.map(carry);
    options.seed = args.seed.unwrap_or(0);
    let network = match longhand::load(&source, &options) {
        Ok(network) => network,
        Err(error) => return report_error(&error, &source),
    };
    if args.seed.is_none() && !network.drawn.is_empty() {
        say!(
            "error: `{}` draws its numbers with `uniform(...)` or `choice(...)`, so the claims must say which variant they are about\n  = help: add `--seed N` with the variant's seed (the answer key lists each variant's seed; `exercises --seed S` draws variant k with seed S + k - 1)",
            args.file.display()
        );
        return Outcome::Usage;
    }
    let mut audit = match longhand::check(&source, &claims, &options) {
        Ok(audit) => audit,
        Err(error) => return report_error(&error, &source),
    };
    if let (false, Precision::Decimals(wanted)) = (args.accept_coarse, network.settings.precision) {
        longhand::audit::judge::refuse_coarse(&mut audit, wanted);
    }
    let text = match args.format {
        CheckFormatArg::Text => {
            let color = if std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
            {
                Color::Always
            } else {
                Color::Never
            };
            longhand::render::check::text_report(&audit, &claims, &source.name, color)
        }
        CheckFormatArg::Json => match longhand::render::check::json_report(&audit, &claims) {
            Ok(text) => text,
            Err(error) => {
                say!("error: {error}");
                return Outcome::Failure;
            }
        },
    };
    if let outcome @ (Outcome::Failure | Outcome::InputError | Outcome::Usage) = print_stdout(&text)
    {
        return outcome;
    }
    let tally = audit.tally();
    if tally.claims + tally.problems == 0 {
        // Nothing was checked: that is not a success.
        say!(
            "error: `{}` has no claims (only blank lines and comments)\n  = help: write one claim per line, as `a[1][1] = 0.6457` or `exp(-0.6) = 0.5488`",
            claims.name
        );
        return Outcome::InputError;
    }
    if audit.all_correct() {
        Outcome::Success
    } else {
        Outcome::InputError
    }
}

fn validate(files: &[PathBuf]) -> Outcome {
    // Each file is read up to the source limit: count that much of each.
    let most = longhand::parse::MAX_SOURCE_BYTES as u64 + 1;
    let bytes: u64 = files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len().min(most))
        .sum();
    if bytes > limits::MAX_VALIDATE_BYTES {
        return refuse(&limits::Refusal {
            message: format!(
                "the {} files hold {bytes} bytes; longhand validates at most {} bytes in one run",
                files.len(),
                limits::MAX_VALIDATE_BYTES
            ),
            help: "validate them in several runs, a few files at a time".to_owned(),
        });
    }
    let mut outcome = Outcome::Success;
    for file in files {
        let source = match read(file) {
            Ok(source) => source,
            Err(o) => {
                outcome = o;
                continue;
            }
        };
        match longhand::load(&source, &Options::new(Format::Markdown)) {
            Ok(_) => {
                if let Outcome::Failure = print_stdout(&format!("{}: ok\n", source.name)) {
                    outcome = Outcome::Failure;
                }
            }
            Err(error) => {
                if let o @ (Outcome::InputError | Outcome::Failure) = report_error(&error, &source)
                    && !matches!(outcome, Outcome::Failure)
                {
                    outcome = o;
                }
            }
        }
    }
    outcome
}
