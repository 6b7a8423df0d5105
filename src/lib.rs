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
//! 6. [`render`]: Markdown (tera); HTML and LaTeX from that Markdown
//!    (pulldown-cmark); the JSON answer key and CSV; the pictures;
//! 7. [`typeset`]: the LaTeX document compiled into PDF by a TeX engine.
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
pub mod exercise;
pub mod functions;
mod locate;
pub mod model;
pub mod numeric;
pub mod parse;
pub mod render;
pub mod source;
pub mod symbolic;
pub mod text;
pub mod typeset;

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
    /// A LaTeX document (or its body, with [`Options::fragment`]).
    Latex,
    /// The LaTeX document typeset into PDF by an engine on `PATH`.
    Pdf,
}

impl Format {
    /// The file extension (`md`, `json`, `html`, `tex`, `pdf`, ...).
    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Json => "json",
            Format::Html => "html",
            Format::Svg => "svg",
            Format::Csv => "csv",
            Format::Latex => "tex",
            Format::Pdf => "pdf",
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
    /// The command that regenerates the report, named in its header
    /// comment (`longhand render net.net --format html`); `None` for the
    /// bundled examples, regenerated with `cargo run --release`.
    pub regenerate: Option<String>,
    /// LaTeX: the body only, for `\input{}` into a longer document.
    pub fragment: bool,
    /// An exercise variant's id (`variant 7, seed 12`), added to the
    /// title of a worked solution so it matches its sheet.
    pub variant: Option<String>,
    /// Notation options overriding the file's (`--symbols`, `--symbol`), in
    /// order: (`notation`, profile) or (option, value).
    pub symbols: Vec<(String, String)>,
    /// Overrides the file's `notation` (scalar, vector or both).
    pub notation: Option<model::Forms>,
    /// Overrides the file's `appendix` (`--appendix numpy`).
    pub appendix: Option<model::Appendix>,
    /// The stem a Markdown report's pictures are named after
    /// (`STEM.svg`, `STEM-backward.svg`, `STEM-curve.svg`); `None`: the
    /// input file's stem. Each exercise variant has its own numbers, so its
    /// own pictures (`net-7.svg`).
    pub pictures: Option<String>,
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
            regenerate: None,
            fragment: false,
            variant: None,
            symbols: Vec::new(),
            notation: None,
            appendix: None,
            pictures: None,
        }
    }
}

/// A rendered report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The text (empty for a binary format).
    pub text: String,
    /// The content of a binary format (PDF); empty for text formats.
    pub binary: Vec<u8>,
    /// Its file extension.
    pub extension: &'static str,
}

impl Report {
    /// A text report.
    pub fn text(text: String, extension: &'static str) -> Report {
        Report {
            text,
            binary: Vec::new(),
            extension,
        }
    }

    /// The bytes to write: the binary content, or the text.
    pub fn bytes(&self) -> &[u8] {
        if self.binary.is_empty() {
            self.text.as_bytes()
        } else {
            &self.binary
        }
    }
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
    /// A command-line value that cannot be used with this input (exit code 2),
    /// in words naming the flag.
    #[error("{0}")]
    Usage(String),
    /// The PDF could not be made (no TeX engine, or it failed).
    #[error(transparent)]
    Typeset(#[from] typeset::TypesetError),
    /// The command would exceed the resource budget ([`model::limits`]):
    /// refused before any work, naming the limit and a cheaper alternative.
    #[error("{0}")]
    Budget(Box<model::limits::Refusal>),
}

impl From<model::limits::Refusal> for Error {
    fn from(refusal: model::limits::Refusal) -> Self {
        Error::Budget(Box::new(refusal))
    }
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
    let network = load_parsed(source, &file, options)?;
    Ok((file, network))
}

/// [`load`] from a file parsed before (`source` parsed into `file`): the
/// variants of an exercise parse once and check each seed's draws.
///
/// # Errors
/// As [`load`].
pub fn load_parsed(
    source: &SourceFile,
    file: &parse::ast::File,
    options: &Options,
) -> Result<Network, Error> {
    let network = load_drawn(source, file, options)?;
    audit::requirements::read(&source.text, &network).map_err(Error::Input)?;
    Ok(network)
}

/// [`load_parsed`] without reading the `require` conditions, for drawing
/// variants of a file whose conditions were read once (they name
/// quantities, which every draw has alike).
///
/// # Errors
/// [`Error::Input`] for the problems of this draw.
pub fn load_drawn(
    source: &SourceFile,
    file: &parse::ast::File,
    options: &Options,
) -> Result<Network, Error> {
    let check = CheckOptions {
        // The spec: "default: the file name" (without its folders, so output never holds paths).
        default_title: file_name(&source.name),
        seed: options.seed,
    };
    let mut network = model::check(file, &check).map_err(Error::Input)?;
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
    model::author::override_symbols(&mut network, &options.symbols).map_err(Error::Usage)?;
    if options.notation.is_some() {
        network.notation = options.notation;
    }
    if let Some(appendix) = options.appendix {
        network.appendix = appendix;
    }
    Ok(network)
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
    let blame = match error.kind {
        numeric::eval::NumericErrorKind::TooCoarse { .. } => file.and_then(locate::precision_blame),
        _ => None,
    }
    .or_else(|| {
        file.and_then(|file| locate::blame(file, &names, &error.quantity, error.pass, overflow))
    });
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
/// Input problems, arithmetic failures, a broken template, or
/// [`Error::Budget`] for `detail_all` beyond [`model::limits::MAX_DETAIL_WORK`].
pub fn explain(source: &SourceFile, options: &Options) -> Result<Report, Error> {
    let (file, network) = load_file(source, options)?;
    let located = |error: NumericError, network: &Network| {
        located_numeric_error(network, &error, Some(&file))
    };
    let train = |network: &Network, detail| {
        run(network, Rules::of(network.settings), detail).map_err(|e| located(e, network))
    };
    // Only Markdown and HTML write updates out; the other formats keep none.
    let prose = matches!(options.format, Format::Markdown | Format::Html);
    let detail = if options.detail_all && prose {
        model::limits::check_detail(&network)?;
        Detail::All
    } else {
        Detail::First
    };
    let run = train(&network, detail)?;
    let exact = if matches!(
        options.format,
        Format::Markdown | Format::Html | Format::Latex | Format::Pdf
    ) && Rules::of(network.settings).carry != Carry::Exact
    {
        let mut exact_network = network.clone();
        exact_network.settings.carry = Carry::Exact;
        Some(train(&exact_network, detail)?)
    } else {
        None
    };
    report_of(source, options, &network, &run, exact.as_ref(), Some(&file))
}

/// The report of a network already trained: `run` under its settings and,
/// for the formats with a derivation when the carry mode is not `exact`,
/// `exact` (the exact run it is compared with). [`explain`] after loading
/// and training; an exercise renders its variants' runs with it.
///
/// # Errors
/// As [`explain`].
pub fn report_of(
    source: &SourceFile,
    options: &Options,
    network: &Network,
    run: &Run,
    exact: Option<&Run>,
    file: Option<&parse::ast::File>,
) -> Result<Report, Error> {
    let located =
        |error: NumericError, network: &Network| located_numeric_error(network, &error, file);
    let text = match options.format {
        Format::Json => render::json::answer_key(network, run, network.fractions)?,
        Format::Svg => render::diagram::svg(network),
        Format::Csv => render::csv::answer_key(network, run, network.fractions),
        Format::Markdown | Format::Html | Format::Latex | Format::Pdf => {
            let derivation =
                derivation::derive(network, run, exact).map_err(|e| located(e, network))?;
            let name = file_name(&source.name);
            let target = match options.format {
                Format::Html => render::Target::Html,
                Format::Latex | Format::Pdf => render::Target::Latex,
                _ => render::Target::markdown(
                    options.pictures.as_deref().unwrap_or_else(|| stem(&name)),
                ),
            };
            let mut view = render::report_view(&derivation, &name, network.fractions, &target);
            view.regenerate = render::regeneration(options.regenerate.as_deref());
            if let Some(variant) = &options.variant {
                view.title = format!("{} — {variant}", view.title);
            }
            let markdown = render::markdown(&view)?;
            match options.format {
                Format::Html => render::html::page(&view, &markdown)?,
                Format::Latex if options.fragment => {
                    render::latex::document(&markdown, render::latex::Shape::Fragment, None)?
                }
                Format::Latex => render::latex::document(
                    &markdown,
                    render::latex::Shape::Standalone,
                    options.variant.as_deref(),
                )?,
                Format::Pdf => {
                    let latex = render::latex::document(
                        &markdown,
                        render::latex::Shape::Standalone,
                        options.variant.as_deref(),
                    )?;
                    let binary = typeset::pdf(&latex)?;
                    return Ok(Report {
                        text: String::new(),
                        binary,
                        extension: options.format.extension(),
                    });
                }
                _ => markdown,
            }
        }
    };
    Ok(Report::text(text, options.format.extension()))
}

/// The training curve as SVG (the loss at each update, per example and
/// combined), the picture a Markdown report links to as `<stem>-curve.svg`;
/// `None` for a single update.
///
/// # Errors
/// Input problems and arithmetic failures, as for [`explain`].
pub fn training_curve(source: &SourceFile, options: &Options) -> Result<Option<Report>, Error> {
    let network = load(source, options)?;
    if model::limits::updates(&network) < 2 {
        return Ok(None);
    }
    let run = train(&network, Detail::First)?;
    Ok(curve_picture(&network, &run))
}

/// [`training_curve`] of a network trained before (`run`).
pub fn curve_picture(network: &Network, run: &Run) -> Option<Report> {
    if model::limits::updates(network) < 2 {
        return None;
    }
    render::curve::training_chart(network, run)
        .and_then(|chart| render::chart::svg(&chart))
        .map(|svg| Report::text(svg, "svg"))
}

/// The network after the first update's backward pass as SVG (each unit's
/// error, each weight's gradient), the picture a Markdown report links to
/// as `<stem>-backward.svg`.
///
/// # Errors
/// Input problems and arithmetic failures, as for [`explain`].
pub fn backward_diagram(source: &SourceFile, options: &Options) -> Result<Option<Report>, Error> {
    let network = load(source, options)?;
    let run = train(&network, Detail::First)?;
    backward_picture(&network, &run)
}

/// [`backward_diagram`] of a network trained before (`run`).
///
/// # Errors
/// Arithmetic failures of the derivation.
pub fn backward_picture(network: &Network, run: &Run) -> Result<Option<Report>, Error> {
    let derivation = derivation::derive(network, run, None)
        .map_err(|e| located_numeric_error(network, &e, None))?;
    let style = render::numbers::NumberStyle::of(&derivation.rules, network.fractions);
    Ok(
        render::view::backward_marks(&derivation, &style).map(|marks| {
            Report::text(
                render::diagram::svg::write(&render::diagram::draw(network, &marks)),
                "svg",
            )
        }),
    )
}

/// Audits a claims file against a network (`longhand check`): named
/// claims under every carry mode at the network's rounding (flags
/// override the file), arithmetic claims exactly with `rounding` if given,
/// otherwise `half_up`.
///
/// # Errors
/// [`Error::Input`] when the network has problems (unreadable claims are
/// part of the audit, not errors); [`Error::Budget`] when judging the
/// claims would exceed the resource budget ([`model::limits`]).
pub fn check(
    source: &SourceFile,
    claims: &SourceFile,
    options: &Options,
) -> Result<audit::judge::Audit, Error> {
    let network = load(source, options)?;
    let lines = audit::claims::parse(claims, &audit::claims::Functions::of(&network));
    check_claim_runs(&network, &lines, &claims.name)?;
    let rounding = options.rounding.unwrap_or(Rounding::HalfUp);
    Ok(audit::judge::judge(&network, &lines, rounding))
}

/// Refuses a claims file whose named claims need more training runs than
/// the resource budget holds (one per carry mode and claimed precision).
fn check_claim_runs(
    network: &Network,
    lines: &[audit::claims::Line],
    name: &str,
) -> Result<(), Error> {
    use model::limits;
    let applications = audit::claims::applications(lines);
    if applications > limits::MAX_CLAIM_FUNCTIONS {
        return Err(limits::Refusal {
            message: format!(
                "the formulas of `{name}` apply exp, ln, σ, tanh or a power {applications} times; longhand evaluates at most {} in one claims file",
                limits::MAX_CLAIM_FUNCTIONS
            ),
            help: format!(
                "split the claims into files of at most {} such functions (named claims such as `a[1][1] = 0.6457` cost nothing)",
                limits::MAX_CLAIM_FUNCTIONS
            ),
        }
        .into());
    }
    let precisions = audit::judge::named_precisions(lines);
    // One exact run serves every precision; step and quantity carry run at each.
    let plan = |precisions: &[u32]| {
        let mut runs = limits::Runs::new(limits::training_work(network));
        if !precisions.is_empty() {
            runs.add(Precision::Decimals(0), Carry::Exact);
        }
        for digits in precisions {
            for carry in [Carry::Step, Carry::Quantity] {
                runs.add(Precision::Decimals(*digits), carry);
            }
        }
        runs
    };
    let runs = plan(&precisions);
    if runs.fits() {
        return Ok(());
    }
    let fit = (0..precisions.len())
        .take_while(|n| plan(&precisions[..=*n]).fits())
        .count();
    let listed: Vec<String> = precisions.iter().map(u32::to_string).collect();
    Err(limits::Refusal {
        message: format!(
            "the named claims of `{name}` are written at {} {} ({} decimals), so judging them trains the network {} times; their work, {} (steps × examples × parameters, weighted by digits), is more than longhand runs for one command ({})",
            precisions.len(),
            if precisions.len() == 1 { "precision" } else { "precisions" },
            listed.join(", "),
            runs.count,
            runs.cost,
            limits::MAX_COMMAND_WORK
        ),
        help: if fit == 0 {
            "this network's training is too long to check named claims at these precisions: use fewer steps".to_owned()
        } else {
            format!(
                "named claims at {fit} of these precisions (the smallest first) fit: check the others from a second claims file, or use fewer steps"
            )
        },
    }
    .into())
}

/// The precisions `longhand sensitivity` compares unless told otherwise.
pub const SENSITIVITY_DIGITS: [u32; 4] = [2, 3, 4, 6];

/// Every report the main job writes for a bundled example, each with the
/// name its file gets (`textbook-2-2-1.md`, `textbook-2-2-1-sensitivity.html`):
/// the worked example in Markdown, HTML, LaTeX, JSON and SVG (the SVG is
/// the picture the Markdown links to), and the sensitivity report (default
/// precisions, every carry mode) in Markdown and HTML.
///
/// # Errors
/// The first report that fails.
pub fn bundled_reports(source: &SourceFile, stem: &str) -> Result<Vec<(String, Report)>, Error> {
    let mut reports = Vec::new();
    for format in [
        Format::Markdown,
        Format::Html,
        Format::Latex,
        Format::Json,
        Format::Svg,
    ] {
        let report = explain(source, &Options::new(format))?;
        reports.push((format!("{stem}.{}", report.extension), report));
    }
    if let Some(backward) = backward_diagram(source, &Options::new(Format::Svg))? {
        reports.push((format!("{stem}-backward.svg"), backward));
    }
    if let Some(curve) = training_curve(source, &Options::new(Format::Svg))? {
        reports.push((format!("{stem}-curve.svg"), curve));
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
/// Input problems, an exact run that fails, a broken template, or
/// [`Error::Budget`] for a plan beyond the resource budget (more than
/// [`model::limits::MAX_PRECISIONS`] precisions, or more runs than
/// [`model::limits::MAX_COMMAND_WORK`] holds). Precisions are sorted and
/// repeats removed; the search for the smallest agreeing precision gets
/// what the budget leaves.
pub fn sensitivity(
    source: &SourceFile,
    options: &Options,
    digits: &[u32],
    carries: &[Carry],
) -> Result<Report, Error> {
    let network = load(source, options)?;
    let mut precisions = sensitivity_precisions(network.settings.precision, digits)?;
    precisions.sort_by_key(|p| match p {
        Precision::Decimals(n) | Precision::Significant(n) => *n,
        Precision::Exact => u32::MAX,
    });
    precisions.dedup();
    let mut distinct_carries: Vec<Carry> = Vec::new();
    for carry in carries {
        if !distinct_carries.contains(carry) {
            distinct_carries.push(*carry);
        }
    }
    let search_runs = sensitivity_budget(&network, &precisions, &distinct_carries)?;
    let plan = audit::sensitivity::Plan {
        precisions,
        carries: distinct_carries,
        rounding: network.settings.rounding,
        search_runs,
    };
    let analysis =
        audit::sensitivity::analyse(&network, &plan).map_err(|e| numeric_error(&network, &e))?;
    let name = file_name(&source.name);
    let json = options.format == Format::Json;
    let mut view = render::sensitivity::view(&analysis, &network.title, &name, json);
    view.regenerate = render::regeneration(options.regenerate.as_deref());
    let text = match options.format {
        Format::Json => render::sensitivity::json(&view)?,
        Format::Html => render::sensitivity::html(&view, &analysis)?,
        _ => render::sensitivity::markdown(&view)?,
    };
    Ok(Report::text(text, options.format.extension()))
}

/// Refuses a sensitivity plan beyond the resource budget: the exact run
/// and one run per precision and carry mode must fit; the search for the
/// smallest agreeing precision gets what is left (the runs it may make per
/// carry mode are returned).
fn sensitivity_budget(
    network: &Network,
    precisions: &[Precision],
    carries: &[Carry],
) -> Result<u32, Error> {
    use model::limits;
    if precisions.len() > limits::MAX_PRECISIONS {
        return Err(limits::Refusal {
            message: format!(
                "{} precisions are more than longhand compares at once (at most {})",
                precisions.len(),
                limits::MAX_PRECISIONS
            ),
            help: "choose the precisions a reader would print, as `--precisions 2,3,4,6`"
                .to_owned(),
        }
        .into());
    }
    let plan = |precisions: &[Precision], carries: &[Carry]| {
        let mut runs = limits::Runs::new(limits::training_work(network));
        runs.add(
            precisions.first().copied().unwrap_or(Precision::Exact),
            Carry::Exact,
        );
        for precision in precisions {
            for carry in carries {
                runs.add(*precision, *carry);
            }
        }
        runs
    };
    let runs = plan(precisions, carries);
    if !runs.fits() {
        let pairs = precisions.len() * carries.len();
        let smallest = (precisions.first(), carries.first());
        let help = if let (Some(precision), Some(carry)) = smallest
            && plan(&[*precision], &[*carry]).fits()
        {
            format!(
                "compare fewer precisions or carry modes (`--precisions {} --carry {}` fits), or use fewer steps",
                match precision {
                    Precision::Decimals(n) | Precision::Significant(n) => *n,
                    Precision::Exact => 0,
                },
                carry.name()
            )
        } else {
            "this network's training is too long for a sensitivity report at these precisions: use fewer steps".to_owned()
        };
        return Err(limits::Refusal {
            message: format!(
                "comparing {} {} under {} {} trains the network {} times (with the exact run); their work, {} (steps × examples × parameters, weighted by digits), is more than longhand runs for one command ({})",
                precisions.len(),
                if precisions.len() == 1 { "precision" } else { "precisions" },
                carries.len(),
                if carries.len() == 1 { "carry mode" } else { "carry modes" },
                runs.count,
                runs.cost,
                limits::MAX_COMMAND_WORK
            ),
            help: format!("{help} ({pairs} precision and carry mode pairs were asked for)"),
        }
        .into());
    }
    let searching = carries.iter().filter(|c| **c != Carry::Exact).count();
    Ok(u32::try_from(limits::search_runs(&runs, searching)).unwrap_or(0))
}

/// The precisions `sensitivity` compares: each count of `digits` as
/// decimals, or as significant digits when the file's own precision is
/// `N significant`.
///
/// # Errors
/// [`Error::Usage`] naming `--precisions` for 0 significant digits (a
/// number has at least one), rather than quietly comparing 1 instead.
pub fn sensitivity_precisions(file: Precision, digits: &[u32]) -> Result<Vec<Precision>, Error> {
    digits
        .iter()
        .map(|&n| match file {
            Precision::Significant(_) if n == 0 => Err(Error::Usage(
                "`--precisions` includes 0, but this file's precision is in significant digits, and a number needs at least 1 significant digit; use counts from 1 to 30".to_owned(),
            )),
            Precision::Significant(_) => Ok(Precision::Significant(n)),
            Precision::Decimals(_) | Precision::Exact => Ok(Precision::Decimals(n)),
        })
        .collect()
}

/// The last path component of a source name (generated files never hold
/// directories, so they do not depend on where they were made).
fn file_name(name: &str) -> String {
    name.rsplit(['/', '\\']).next().unwrap_or(name).to_owned()
}

/// A file name without its extension (`textbook.net` → `textbook`).
fn stem(name: &str) -> &str {
    match name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => name,
    }
}
