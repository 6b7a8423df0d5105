//! longhand turns a short description of a small neural network into a
//! textbook-grade, step-by-step backpropagation worked example.
//!
//! The pipeline runs one way, one stage per module:
//!
//! 1. [`parse`]: `.net` text → syntax tree (pest grammar `grammar/network.pest`);
//!    then [`functions`]: the expression tree, its building blocks and the
//!    function table (every built-in activation and loss, one card each);
//! 2. [`model`]: syntax tree → checked [`model::Network`] (shapes, names, ranges);
//! 3. [`symbolic`]: the network's formulas and, by the chain rule, every δ and gradient;
//! 4. [`numeric`]: exact rationals and correctly rounded decimals under a
//!    precision, rounding mode and carry mode; the training run;
//! 5. [`derivation`]: the ordered steps the reader sees;
//! 6. [`render`]: Markdown (tera), HTML (pulldown-cmark) and the JSON answer key.
//!
//! [`explain`] chains them; the command line and the tests both call it.
//!
//! ```
//! use longhand::{explain, Format, Options};
//! use longhand::source::SourceFile;
//!
//! let text = "input x = [1]\ntarget y = [1]\nlayer out { activation = identity W = [[0.5]] b = [0] }\n\
//!             loss = half_squared_error\nlearning_rate = 0.1\n";
//! let report = explain(&SourceFile::new("tiny.net", text), &Options::new(Format::Json)).unwrap();
//! assert!(report.text.contains("\"loss\": \"0.1250\""));
//! ```
#![warn(missing_docs)]

pub mod audit;
pub mod derivation;
pub mod describe;
pub mod diagnostic;
pub mod functions;
mod locate;
pub mod model;
pub mod numeric;
pub mod parse;
pub mod render;
pub mod source;
pub mod symbolic;

use diagnostic::Diagnostic;
use model::{Carry, CheckOptions, Network, Precision, Rounding};
use numeric::eval::{NumericError, Rules};
use numeric::run::{Detail, Run, run};
use source::SourceFile;

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Markdown with `$…$` / `$$…$$` LaTeX.
    Markdown,
    /// The JSON answer key.
    Json,
    /// A standalone HTML page with MathML.
    Html,
    /// A picture of the network (SVG).
    Svg,
    /// The answer key as CSV, one row per quantity, named as `longhand check` reads them.
    Csv,
}

impl Format {
    /// The file extension (`md`, `json`, `html`).
    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Json => "json",
            Format::Html => "html",
            Format::Svg => "svg",
            Format::Csv => "csv",
        }
    }
}

/// What to produce and how (command-line flags override the file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Output format.
    pub format: Format,
    /// Overrides the file's precision.
    pub precision: Option<Precision>,
    /// Overrides the file's rounding mode.
    pub rounding: Option<Rounding>,
    /// Overrides the file's carry mode.
    pub carry: Option<Carry>,
    /// Write every update in full, not only the first.
    pub detail_all: bool,
    /// Show exactly carried rationals as fractions.
    pub fractions: bool,
    /// Seed for `uniform(...)` draws.
    pub seed: u64,
}

impl Options {
    /// Defaults: no overrides, first update in full, decimals, seed 0.
    pub fn new(format: Format) -> Self {
        Options {
            format,
            precision: None,
            rounding: None,
            carry: None,
            detail_all: false,
            fractions: false,
            seed: 0,
        }
    }
}

/// A rendered report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The text.
    pub text: String,
    /// Its file extension.
    pub extension: &'static str,
}

/// Why a report could not be made.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input has problems (syntax or meaning); every one found is listed.
    #[error("the input has {} problem(s)", .0.len())]
    Input(Vec<Diagnostic>),
    /// The arithmetic failed (an overflow, ln of zero, ...), described in
    /// words and, once located in the source, pointing at the statement
    /// behind it.
    #[error("{}", .0.message)]
    Numeric(Box<Diagnostic>),
    /// A template failed (a bug in longhand, not in the input).
    #[error(transparent)]
    Render(#[from] render::RenderError),
}

/// Parses and checks a source, applying the option overrides.
///
/// # Errors
/// [`Error::Input`] with every problem found.
pub fn load(source: &SourceFile, options: &Options) -> Result<Network, Error> {
    load_file(source, options).map(|(_, network)| network)
}

/// Parses and checks, keeping the syntax tree (for locating later errors).
fn load_file(source: &SourceFile, options: &Options) -> Result<(parse::ast::File, Network), Error> {
    let file = parse::parse(source).map_err(|d| Error::Input(vec![d]))?;
    let check = CheckOptions {
        // The spec: "default: the file name" (without its folders, so output never holds paths).
        default_title: file_name(&source.name),
        seed: options.seed,
    };
    let mut network = model::check(&file, &check).map_err(Error::Input)?;
    if let Some(precision) = options.precision {
        network.settings.precision = precision;
    }
    if let Some(rounding) = options.rounding {
        network.settings.rounding = rounding;
    }
    if let Some(carry) = options.carry {
        network.settings.carry = carry;
    }
    network.fractions |= options.fractions;
    Ok((file, network))
}

/// Runs the training the network describes under its settings.
///
/// # Errors
/// [`Error::Numeric`] naming the quantity that failed.
pub fn train(network: &Network, detail: Detail) -> Result<Run, Error> {
    run(network, Rules::of(network.settings), detail).map_err(|e| numeric_error(network, &e))
}

fn numeric_error(network: &Network, error: &NumericError) -> Error {
    located_numeric_error(network, error, None)
}

/// A numeric error as a diagnostic, pointing at the statement behind the
/// failed quantity when the syntax tree is at hand.
fn located_numeric_error(
    network: &Network,
    error: &NumericError,
    file: Option<&parse::ast::File>,
) -> Error {
    let (message, help) = describe::numeric_error(network, error);
    let names: Vec<String> = network.layers.iter().map(|l| l.name.clone()).collect();
    let overflow = matches!(error.kind, numeric::eval::NumericErrorKind::Overflow);
    let blame =
        file.and_then(|file| locate::blame(file, &names, &error.quantity, error.pass, overflow));
    let (span, label) = blame.unwrap_or((source::Span::new(0, 0), ""));
    let definition = if overflow {
        None
    } else {
        file.and_then(|file| locate::definition_blame(file, &names, &error.quantity))
    };
    let diagnostic = match definition {
        Some((formula, used)) => Diagnostic::error(message, formula, "the formula computed here")
            .with_secondary(used, "used here"),
        None => Diagnostic::error(message, span, label),
    };
    Error::Numeric(Box::new(diagnostic.with_help(help)))
}

/// Parses, checks, derives and renders a source in one go.
///
/// # Errors
/// Input problems, arithmetic failures, or a broken template.
pub fn explain(source: &SourceFile, options: &Options) -> Result<Report, Error> {
    let (file, network) = load_file(source, options)?;
    let located = |error: NumericError, network: &Network| {
        located_numeric_error(network, &error, Some(&file))
    };
    let train = |network: &Network, detail| {
        run(network, Rules::of(network.settings), detail).map_err(|e| located(e, network))
    };
    let detail = if options.detail_all {
        Detail::All
    } else {
        Detail::First
    };
    let run = train(&network, detail)?;
    let text = match options.format {
        Format::Json => render::json::answer_key(&network, &run, network.fractions),
        Format::Svg => render::diagram::svg(&network),
        Format::Csv => render::csv::answer_key(&network, &run, network.fractions),
        Format::Markdown | Format::Html => {
            let rules = Rules::of(network.settings);
            let exact = if rules.carry == Carry::Exact {
                None
            } else {
                let mut exact_network = network.clone();
                exact_network.settings.carry = Carry::Exact;
                Some(train(&exact_network, detail)?)
            };
            let derivation = derivation::derive(&network, &run, exact.as_ref())
                .map_err(|e| located(e, &network))?;
            let view =
                render::report_view(&derivation, &file_name(&source.name), network.fractions);
            let markdown = render::markdown(&view)?;
            if options.format == Format::Html {
                render::html::page(&view, &markdown, &render::diagram::svg(&network))?
            } else {
                markdown
            }
        }
    };
    Ok(Report {
        text,
        extension: options.format.extension(),
    })
}

/// Audits a claims file against a network (`longhand check`): named
/// claims under every carry mode at the network's rounding (flags
/// override the file), arithmetic claims exactly with `rounding` if given,
/// otherwise `half_up`.
///
/// # Errors
/// [`Error::Input`] when the network has problems (unreadable claims are
/// part of the audit, not errors).
pub fn check(
    source: &SourceFile,
    claims: &SourceFile,
    options: &Options,
) -> Result<audit::judge::Audit, Error> {
    let network = load(source, options)?;
    let lines = audit::claims::parse(claims, &audit::claims::Functions::of(&network));
    let rounding = options.rounding.unwrap_or(Rounding::HalfUp);
    Ok(audit::judge::judge(&network, &lines, rounding))
}

/// The precisions `longhand sensitivity` compares unless told otherwise.
pub const SENSITIVITY_DIGITS: [u32; 4] = [2, 3, 4, 6];

/// Every report the main job writes for a bundled example, each with the
/// name its file gets (`textbook-2-2-1.md`, `textbook-2-2-1-sensitivity.html`):
/// the worked example in Markdown, HTML, JSON and SVG, and the sensitivity
/// report (default precisions, every carry mode) in Markdown and HTML.
///
/// # Errors
/// The first report that fails.
pub fn bundled_reports(source: &SourceFile, stem: &str) -> Result<Vec<(String, Report)>, Error> {
    let mut reports = Vec::new();
    for format in [Format::Markdown, Format::Html, Format::Json, Format::Svg] {
        let report = explain(source, &Options::new(format))?;
        reports.push((format!("{stem}.{}", report.extension), report));
    }
    let carries = [Carry::Step, Carry::Quantity, Carry::Exact];
    for format in [Format::Markdown, Format::Html] {
        let report = sensitivity(source, &Options::new(format), &SENSITIVITY_DIGITS, &carries)?;
        reports.push((format!("{stem}-sensitivity.{}", report.extension), report));
    }
    Ok(reports)
}

/// The rounding-sensitivity report of a network (`longhand sensitivity`):
/// the calculation at each precision of `digits` (decimals, or significant
/// digits when the file's precision is `N significant`) under each carry
/// mode of `carries`, beside the exact run. `options.format` picks
/// Markdown, HTML or JSON; `options.rounding` overrides the file's.
///
/// # Errors
/// Input problems, an exact run that fails, or a broken template.
pub fn sensitivity(
    source: &SourceFile,
    options: &Options,
    digits: &[u32],
    carries: &[Carry],
) -> Result<Report, Error> {
    let network = load(source, options)?;
    let kind = |n: u32| match network.settings.precision {
        Precision::Significant(_) => Precision::Significant(n.max(1)),
        _ => Precision::Decimals(n),
    };
    let plan = audit::sensitivity::Plan {
        precisions: digits.iter().map(|d| kind(*d)).collect(),
        carries: carries.to_vec(),
        rounding: network.settings.rounding,
    };
    let analysis =
        audit::sensitivity::analyse(&network, &plan).map_err(|e| numeric_error(&network, &e))?;
    let name = file_name(&source.name);
    let json = options.format == Format::Json;
    let view = render::sensitivity::view(&analysis, &network.title, &name, json);
    let text = match options.format {
        Format::Json => render::sensitivity::json(&view),
        Format::Html => render::sensitivity::html(&view, &analysis)?,
        _ => render::sensitivity::markdown(&view)?,
    };
    Ok(Report {
        text,
        extension: options.format.extension(),
    })
}

/// The last path component of a source name (generated files never hold
/// directories, so they do not depend on where they were made).
fn file_name(name: &str) -> String {
    name.rsplit(['/', '\\']).next().unwrap_or(name).to_owned()
}
