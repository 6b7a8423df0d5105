//! The command line: argument types (clap) and `run`. The only file that imports clap.
//!
//! Exit codes: 0 success; 1 the input has problems (nothing written);
//! 2 usage error; 3 an I/O or template error.

mod write;

use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use longhand::diagnostic::{Color, render_all};
use longhand::model::{Carry, Precision, Rounding, limits};
use longhand::source::SourceFile;
use longhand::{Error, Format, Options, explain};
use write::{print_stdout, stem, write_named, write_reports};

/// Turns a network description into a step-by-step backpropagation worked example.
///
/// With no command, renders every `examples/*.net` into `output/`.
#[derive(Debug, Parser)]
#[command(
    name = "longhand",
    version,
    about,
    long_about = None,
    after_help = "With no command, renders every `examples/*.net` into `output/`."
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Render one network as a worked example (Markdown, JSON answer key or HTML).
    Render(RenderArgs),
    /// Draw K reproducible variants of an exercise (values given by `uniform(...)`), each with its answer key.
    Exercises(ExercisesArgs),
    /// Audit a worked example: judge each claim of CLAIMS (`a[1][1] = 0.6457`, `exp(-0.6) = 0.5488`) against FILE.
    Check(CheckArgs),
    /// Show how the printed digits depend on precision and carry mode, beside the exact values.
    Sensitivity(SensitivityArgs),
    /// Check files and report every problem found.
    Validate {
        /// The `.net` files to check.
        #[arg(required = true)]
        files: Vec<PathBuf>,
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
}

#[derive(Debug, clap::Args)]
struct ExercisesArgs {
    /// The `.net` file with `uniform(LOW, HIGH, STEP)` values.
    file: PathBuf,
    /// How many variants to draw.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..=1000))]
    variants: u64,
    /// Seed of the first variant; variant k uses seed + k − 1 (variant 1 is `render --seed SEED`).
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Write `DIR/<file-stem>-<k>.<ext>` for each variant instead of printing them.
    #[arg(short = 'o', long = "output", value_name = "DIR")]
    output: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "json")]
    format: FormatArg,
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
    Failure,
    /// A flag's value cannot be used (exit code 2, as clap's own usage errors).
    Usage,
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
    let outcome = match cli.command {
        None => render_examples(Path::new("examples"), Path::new("output")),
        Some(Command::Render(args)) => render_one(&args),
        Some(Command::Exercises(args)) => exercises(&args),
        Some(Command::Check(args)) => check(&args),
        Some(Command::Sensitivity(args)) => sensitivity(&args),
        Some(Command::Validate { files }) => validate(&files),
    };
    match outcome {
        Outcome::Success => ExitCode::SUCCESS,
        Outcome::InputError => ExitCode::from(1),
        Outcome::Failure => ExitCode::from(3),
        Outcome::Usage => ExitCode::from(2),
    }
}

fn color() -> Color {
    if std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none() {
        Color::Always
    } else {
        Color::Never
    }
}

/// Reads a source file, refusing one larger than the parser accepts without
/// reading the rest (so `/dev/zero` or a huge file cannot fill the memory).
fn read(path: &Path) -> Result<SourceFile, Outcome> {
    let limit = longhand::parse::MAX_SOURCE_BYTES;
    let mut bytes = Vec::new();
    let read = std::fs::File::open(path)
        .and_then(|file| file.take(limit as u64 + 1).read_to_end(&mut bytes));
    if let Err(error) = read {
        eprintln!("error: cannot read `{}`: {error}", path.display());
        return Err(Outcome::Failure);
    }
    if bytes.len() > limit {
        eprintln!(
            "error: `{}` is longer than {limit} bytes; longhand reads network descriptions of at most {limit} bytes\n  = help: a network description is a few hundred bytes; check that this is the right file",
            path.display()
        );
        return Err(Outcome::InputError);
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile::new(path.display().to_string(), text)),
        Err(_) => {
            eprintln!("error: `{}` is not UTF-8 text", path.display());
            Err(Outcome::InputError)
        }
    }
}

/// Prints an error of `explain` to stderr and says how the command ends.
fn report_error(error: &Error, source: &SourceFile) -> Outcome {
    match error {
        Error::Input(diagnostics) => {
            eprint!("{}", render_all(diagnostics, source, color()));
            Outcome::InputError
        }
        Error::Numeric(diagnostic) => {
            eprint!(
                "{}",
                render_all(std::slice::from_ref(diagnostic), source, color())
            );
            Outcome::InputError
        }
        Error::Render(error) => {
            eprintln!("error: {error}");
            Outcome::Failure
        }
        Error::Usage(message) => {
            eprintln!("error: {message}");
            Outcome::Usage
        }
    }
}

fn format(arg: FormatArg) -> Format {
    match arg {
        FormatArg::Markdown => Format::Markdown,
        FormatArg::Json => Format::Json,
        FormatArg::Html => Format::Html,
        FormatArg::Svg => Format::Svg,
        FormatArg::Csv => Format::Csv,
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
    options
}

fn render_one(args: &RenderArgs) -> Outcome {
    let source = match read(&args.file) {
        Ok(source) => source,
        Err(outcome) => return outcome,
    };
    let report = match explain(&source, &options(args)) {
        Ok(report) => report,
        Err(error) => return report_error(&error, &source),
    };
    match &args.output {
        None => print_stdout(&report.text),
        Some(dir) => write_reports(dir, &stem(&args.file), &[report]),
    }
}

/// Renders every bundled example into `output/` (Markdown, HTML, JSON and SVG).
/// Everything is rendered in memory first: if any example fails, nothing is written.
fn render_examples(examples: &Path, output: &Path) -> Outcome {
    let mut files: Vec<PathBuf> = match std::fs::read_dir(examples) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "net"))
            .collect(),
        Err(error) => {
            eprintln!(
                "error: cannot read `{}`: {error}\n  = help: run from the project folder, or use `longhand render FILE`",
                examples.display()
            );
            return Outcome::Failure;
        }
    };
    files.sort();
    let mut rendered = Vec::new();
    for file in &files {
        let source = match read(file) {
            Ok(source) => source,
            Err(outcome) => return outcome,
        };
        match longhand::bundled_reports(&source, &stem(file)) {
            Ok(reports) => rendered.push(reports),
            Err(error) => return report_error(&error, &source),
        }
    }
    // Nothing is written until every example has rendered.
    for reports in &rendered {
        if let outcome @ (Outcome::Failure | Outcome::InputError) = write_named(output, reports) {
            return outcome;
        }
    }
    eprintln!(
        "rendered {} {} into `{}`",
        rendered.len(),
        if rendered.len() == 1 {
            "example"
        } else {
            "examples"
        },
        output.display()
    );
    Outcome::Success
}

/// Draws and renders every variant in memory, then prints or writes them all
/// (nothing is written when any variant fails).
fn exercises(args: &ExercisesArgs) -> Outcome {
    let source = match read(&args.file) {
        Ok(source) => source,
        Err(outcome) => return outcome,
    };
    let format = format(args.format);
    if let Err(outcome) = check_exercise_work(&source, args.variants) {
        return outcome;
    }
    let mut variants = Vec::new();
    for index in 0..args.variants {
        let seed = args.seed.wrapping_add(index);
        let mut options = Options::new(format);
        options.seed = seed;
        match explain(&source, &options) {
            Ok(report) => variants.push((index + 1, seed, report)),
            Err(error) => return report_error(&error, &source),
        }
    }
    if variants.windows(2).all(|pair| pair[0].2 == pair[1].2) && variants.len() > 1 {
        eprintln!(
            "note: `{}` draws nothing at random (no `uniform(...)`), so every variant is the same",
            source.name
        );
    }
    let width = args.variants.to_string().len();
    match &args.output {
        Some(dir) => {
            for (index, _, report) in &variants {
                let name = format!("{}-{index:0width$}", stem(&args.file));
                if let outcome @ (Outcome::Failure | Outcome::InputError) =
                    write_reports(dir, &name, std::slice::from_ref(report))
                {
                    return outcome;
                }
            }
            Outcome::Success
        }
        None if format == Format::Json => {
            let entries: Vec<String> = variants
                .iter()
                .map(|(index, seed, report)| {
                    let key = report.text.trim_end().replace('\n', "\n    ");
                    format!("  {{\n    \"variant\": {index},\n    \"seed\": {seed},\n    \"key\": {key}\n  }}")
                })
                .collect();
            print_stdout(&format!("[\n{}\n]\n", entries.join(",\n")))
        }
        None => {
            let parts: Vec<String> = variants
                .iter()
                .map(|(_, _, report)| report.text.clone())
                .collect();
            print_stdout(&parts.join("\n---\n\n"))
        }
    }
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
    digits.dedup();
    let report = match longhand::sensitivity(&source, &options, &digits, &carries) {
        Ok(report) => report,
        Err(error) => return report_error(&error, &source),
    };
    match &args.output {
        None => print_stdout(&report.text),
        Some(dir) => write_reports(dir, &format!("{}-sensitivity", stem(&args.file)), &[report]),
    }
}

/// `longhand check`: exit 0 when every claim is correct, 1 when any is
/// wrong, holds only under another carry mode, or cannot be read.
fn check(args: &CheckArgs) -> Outcome {
    let source = match read(&args.file) {
        Ok(source) => source,
        Err(outcome) => return outcome,
    };
    let claims = match read(&args.claims) {
        Ok(claims) => claims,
        Err(outcome) => return outcome,
    };
    let mut options = Options::new(Format::Markdown);
    options.rounding = args.rounding.map(rounding);
    options.carry = args.carry.map(carry);
    let audit = match longhand::check(&source, &claims, &options) {
        Ok(audit) => audit,
        Err(error) => return report_error(&error, &source),
    };
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
        CheckFormatArg::Json => longhand::render::check::json_report(&audit, &claims),
    };
    match print_stdout(&text) {
        Outcome::Success if audit.all_correct() => Outcome::Success,
        Outcome::Success => Outcome::InputError,
        other => other,
    }
}

/// Refuses at once to draw more variants than can be trained and held in
/// memory together (every variant is rendered before any is written).
fn check_exercise_work(source: &SourceFile, variants: u64) -> Result<(), Outcome> {
    let network = longhand::load(source, &Options::new(Format::Json))
        .map_err(|error| report_error(&error, source))?;
    let work = limits::training_work(&network);
    let total = work.saturating_mul(u128::from(variants));
    if total <= u128::from(limits::MAX_EXERCISE_WORK) {
        return Ok(());
    }
    let most = u128::from(limits::MAX_EXERCISE_WORK) / work.max(1);
    eprintln!(
        "error: {variants} variants of `{}` are more training than longhand runs at once ({work} per variant: steps × examples × parameters)\n  = help: draw at most {most} variants at a time (all variants together may have {} steps × examples × parameters), with another --seed for the next ones",
        source.name,
        limits::MAX_EXERCISE_WORK
    );
    Err(Outcome::InputError)
}

fn validate(files: &[PathBuf]) -> Outcome {
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
