//! `longhand exercises`: K variants of a file with `uniform(...)` draws,
//! variant k drawn with seed S + k − 1. With `-o DIR`, each variant gets a
//! problem sheet (`<stem>-<k>-sheet.<ext>`) and its worked solution
//! (`<stem>-<k>.<ext>`), both titled with the variant's id, and the folder
//! one answer key for all variants (`<stem>-key.md`, `.csv`, `.json`).
//! `--format moodle`, `gift` or `qti` writes one quiz file to import.
//! Everything is staged first, so nothing is written when any variant
//! fails; the failing variant is named with its seed.

use std::path::{Path, PathBuf};

use longhand::exercise::{self, Variant};
use longhand::model::limits;
use longhand::render::key::Key;
use longhand::source::SourceFile;
use longhand::{Format, Options};
use rayon::prelude::*;

use super::write::{Spool, stem};
use super::{
    ExercisesArgs, ExercisesFormatArg, Outcome, Regenerate, read, refuse, report_error, write_all,
};

/// What `--format` asks of `exercises`: a report format, or a quiz.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Report(Format),
    Quiz(exercise::Quiz),
}

fn kind(arg: ExercisesFormatArg) -> Kind {
    match arg {
        ExercisesFormatArg::Markdown => Kind::Report(Format::Markdown),
        ExercisesFormatArg::Json => Kind::Report(Format::Json),
        ExercisesFormatArg::Html => Kind::Report(Format::Html),
        ExercisesFormatArg::Svg => Kind::Report(Format::Svg),
        ExercisesFormatArg::Csv => Kind::Report(Format::Csv),
        ExercisesFormatArg::Latex => Kind::Report(Format::Latex),
        ExercisesFormatArg::Pdf => Kind::Report(Format::Pdf),
        ExercisesFormatArg::Moodle => Kind::Quiz(exercise::Quiz::Moodle),
        ExercisesFormatArg::Gift => Kind::Quiz(exercise::Quiz::Gift),
        ExercisesFormatArg::Qti => Kind::Quiz(exercise::Quiz::Qti),
    }
}

/// Draws every variant, builds its sheet, solution and key, stages them
/// all, then writes or prints them: nothing is written when any fails.
pub(super) fn exercises(args: &ExercisesArgs) -> Outcome {
    let source = match read(&args.file) {
        Ok(source) => source,
        Err(outcome) => return outcome,
    };
    let asks = match exercise::parse_asks(&args.ask) {
        Ok(asks) => asks,
        Err(message) => {
            say!("error: invalid value for '--ask': {message}");
            return Outcome::Usage;
        }
    };
    let kind = kind(args.format);
    let format = match kind {
        Kind::Report(format) => format,
        Kind::Quiz(_) => Format::Html,
    };
    if format == Format::Pdf && args.output.is_none() {
        say!(
            "error: the variants' PDFs cannot share standard output\n  = help: write them into a folder with `-o DIR` (one PDF per variant)"
        );
        return Outcome::Usage;
    }
    if let Err(outcome) = check_exercise_work(&source, format, args.variants) {
        return outcome;
    }
    let key_command = Regenerate::new("exercises", &args.file)
        .flag(
            "variants",
            (args.variants != 5).then(|| args.variants.to_string()),
        )
        .flag("seed", (args.seed != 0).then(|| args.seed.to_string()))
        .flag("ask", (args.ask != "all").then(|| args.ask.clone()))
        .text();
    let prepared = match exercise::Exercise::new(&source, &Options::new(format)) {
        Ok(prepared) => prepared,
        Err(error) => return report_error(&error, &source),
    };
    let drawn = match prepared.draw_many(args.variants, args.seed, &asks, args.allow_degenerate) {
        Ok(drawn) => drawn,
        Err(exercise::Shortfall::Failed {
            error,
            number,
            seed,
        }) => return failed(&error, &source, args, number, seed),
        Err(exercise::Shortfall::TooFew { drawn, bound }) => {
            let good = drawn.variants.len();
            say!(
                "error: `{}` gave only {good} good {} in {bound} draws (seeds {} to {}); {}\n  = help: widen the ranges of `uniform(...)` or `choice(...)`, loosen a `require`, or keep poor variants with `--allow-degenerate`",
                args.file.display(),
                if good == 1 { "variant" } else { "variants" },
                args.seed,
                args.seed.wrapping_add(bound - 1),
                rejections(&drawn.rejected)
            );
            return Outcome::InputError;
        }
    };
    let (variants, tried) = (drawn.variants, drawn.tried);
    if tried > args.variants {
        say!(
            "note: {} of {tried} draws were rejected as poor exercises ({}); each variant's seed is in the key",
            tried - args.variants,
            rejections(&drawn.rejected)
        );
    }
    let mut same = Sameness::default();
    for variant in &variants {
        same.see(variant);
    }
    same.note(&source, args.variants);
    let key = exercise::key(&source, &variants, Some(&key_command));
    let stem = stem(&args.file);
    match (kind, &args.output) {
        (Kind::Quiz(quiz), output) => {
            let made = exercise::quiz(&source, quiz, &key, &variants, &asks);
            let text = match made {
                Ok(text) => text,
                Err(error) => return report_error(&error, &source),
            };
            let name = format!("{stem}{}", quiz.suffix());
            match output {
                Some(dir) => write_all(dir, &[&args.file], |batch| {
                    batch.stage(&name, text.as_bytes())?;
                    if quiz == exercise::Quiz::Qti {
                        // The package Canvas imports, beside the bare XML.
                        let zip = longhand::render::qti_package::package(
                            &format!("longhand-{stem}"),
                            &name,
                            &text,
                        )
                        .map_err(|error| report_error(&error.into(), &source))?;
                        batch.stage(&format!("{stem}-qti.zip"), &zip)?;
                    }
                    Ok(())
                }),
                None => super::write::print_stdout(&text),
            }
        }
        (Kind::Report(format), Some(dir)) => {
            let sheets = matches!(
                format,
                Format::Markdown | Format::Html | Format::Latex | Format::Pdf | Format::Json
            );
            let outcome = write_all(dir, &[&args.file], |batch| {
                for (variant, (solution, sheet)) in variants
                    .iter()
                    .zip(reports(&source, args, format, &variants, sheets)?)
                {
                    let own = exercise::variant_stem(&stem, variant.number, args.variants);
                    batch.stage(&format!("{own}.{}", solution.extension), solution.bytes())?;
                    if let Some(sheet) = sheet {
                        batch.stage(&format!("{own}-sheet.{}", sheet.extension), sheet.bytes())?;
                    }
                    if format == Format::Markdown {
                        let pictures = exercise::pictures(variant, &own)
                            .map_err(|error| report_error(&error, &source))?;
                        for (name, picture) in pictures {
                            batch.stage(&name, picture.bytes())?;
                        }
                    }
                }
                let json = longhand::render::key::json(&key)
                    .map_err(|error| report_error(&error.into(), &source))?;
                batch.stage(
                    &format!("{stem}-key.md"),
                    longhand::render::key::markdown(&key).as_bytes(),
                )?;
                batch.stage(
                    &format!("{stem}-key.csv"),
                    longhand::render::key::csv(&key).as_bytes(),
                )?;
                batch.stage(&format!("{stem}-key.json"), json.as_bytes())?;
                Ok(())
            });
            if let Outcome::Success = outcome {
                say_written(args, &variants);
            }
            outcome
        }
        (Kind::Report(format), None) => {
            let mut spool = match Spool::new() {
                Ok(spool) => spool,
                Err(outcome) => return outcome,
            };
            match spool_variants(&source, args, format, &key, &variants, &mut spool) {
                Ok(()) => spool.print(),
                Err(outcome) => outcome,
            }
        }
    }
}

/// The rejection counts in words: "3 with an input of exactly 0, 1 with …".
fn rejections(rejected: &[(exercise::Degenerate, u64)]) -> String {
    if rejected.is_empty() {
        return "none was rejected".to_owned();
    }
    let mut sorted = rejected.to_vec();
    sorted.sort();
    sorted
        .iter()
        .map(|(problem, count)| format!("{count} with {}", problem.words()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Says which seeds were drawn (each variant's seed grades it with `check --seed`).
fn say_written(args: &ExercisesArgs, variants: &[Variant]) {
    let seeds: Vec<String> = variants
        .iter()
        .map(|v| format!("{}: seed {}", v.number, v.seed))
        .collect();
    say!(
        "wrote {} {} of `{}` (variant {}); grade one with `longhand check {} ANSWERS --seed SEED`",
        variants.len(),
        if variants.len() == 1 {
            "variant"
        } else {
            "variants"
        },
        args.file.display(),
        seeds.join(", variant "),
        args.file.display()
    );
}

/// Prints the error of variant `index` and names it with its seed.
fn failed(
    error: &longhand::Error,
    source: &SourceFile,
    args: &ExercisesArgs,
    index: u64,
    seed: u64,
) -> Outcome {
    let outcome = report_error(error, source);
    say!(
        "note: this is variant {index} of {}, drawn with seed {seed}; `longhand render {} --seed {seed}` shows it alone",
        args.variants,
        args.file.display()
    );
    outcome
}

/// Renders every variant into `spool`: a JSON array of `{variant, seed,
/// key}` for JSON, one CSV with a `variant` column for CSV, the reports
/// one after the other otherwise.
fn spool_variants(
    source: &SourceFile,
    args: &ExercisesArgs,
    format: Format,
    key: &Key,
    variants: &[Variant],
    spool: &mut Spool,
) -> Result<(), Outcome> {
    if format == Format::Csv {
        return spool.push(&longhand::render::key::csv(key));
    }
    let json = format == Format::Json;
    if json {
        spool.push("[\n")?;
    }
    for (variant, (report, _)) in variants
        .iter()
        .zip(reports(source, args, format, variants, false)?)
    {
        let index = variant.number;
        let text = if json {
            let key = report.text.trim_end().replace('\n', "\n    ");
            let seed = variant.seed;
            let comma = if index > 1 { ",\n" } else { "" };
            format!(
                "{comma}  {{\n    \"variant\": {index},\n    \"seed\": {seed},\n    \"key\": {key}\n  }}"
            )
        } else if index > 1 {
            format!("\n---\n\n{}", report.text)
        } else {
            report.text.clone()
        };
        spool.push(&text)?;
    }
    if json {
        spool.push("\n]\n")?;
    }
    Ok(())
}

/// The options of variant `variant` in `format`, naming the `render --seed`
/// command that makes its worked solution alone.
fn variant_options(args: &ExercisesArgs, format: Format, variant: &Variant) -> Options {
    let mut options = Options::new(format);
    options.seed = variant.seed;
    options.pictures = Some(exercise::variant_stem(
        &stem(&args.file),
        variant.number,
        args.variants,
    ));
    options.regenerate = Some(
        Regenerate::new("render", &args.file)
            .flag(
                "format",
                (format != Format::Markdown).then(|| format.extension().to_owned()),
            )
            .flag(
                "seed",
                (variant.seed != 0).then(|| variant.seed.to_string()),
            )
            .text(),
    );
    options
}

/// Every variant's worked solution and, with `sheets`, its problem sheet,
/// made on all cores and returned in the variants' order; the first
/// variant (in order) that fails is named.
fn reports(
    source: &SourceFile,
    args: &ExercisesArgs,
    format: Format,
    variants: &[Variant],
    sheets: bool,
) -> Result<Vec<(longhand::Report, Option<longhand::Report>)>, Outcome> {
    let made: Vec<_> = variants
        .par_iter()
        .map(|variant| {
            let solution = solution(source, args, format, variant)?;
            let sheet = if sheets {
                Some(sheet(source, args, format, variant)?)
            } else {
                None
            };
            Ok((solution, sheet))
        })
        .collect();
    variants
        .iter()
        .zip(made)
        .map(|(variant, made)| {
            made.map_err(|error| failed(&error, source, args, variant.number, variant.seed))
        })
        .collect()
}

/// The worked solution of a variant (its JSON key unchanged, so it equals `render --seed`).
fn solution(
    source: &SourceFile,
    args: &ExercisesArgs,
    format: Format,
    variant: &Variant,
) -> Result<longhand::Report, longhand::Error> {
    let options = variant_options(args, format, variant);
    exercise::solution(source, &options, variant)
}

/// The problem sheet of a variant.
fn sheet(
    source: &SourceFile,
    args: &ExercisesArgs,
    format: Format,
    variant: &Variant,
) -> Result<longhand::Report, longhand::Error> {
    let mut options = variant_options(args, format, variant);
    options.regenerate = Some(
        Regenerate::new("exercises", &args.file)
            .flag(
                "format",
                (format != Format::Markdown).then(|| format.extension().to_owned()),
            )
            .flag(
                "seed",
                (variant.seed != 0).then(|| variant.seed.to_string()),
            )
            .flag("variants", Some("1".to_owned()))
            .flag("ask", (args.ask != "all").then(|| args.ask.clone()))
            .text(),
    );
    exercise::sheet(source, &options, variant)
}

/// Whether every variant came out the same (a file without draws).
#[derive(Default)]
struct Sameness {
    first: Option<Vec<String>>,
    differ: bool,
}

impl Sameness {
    fn see(&mut self, variant: &Variant) {
        let values: Vec<String> = variant
            .answers
            .iter()
            .map(|a| a.key.value.clone())
            .collect();
        match &self.first {
            None => self.first = Some(values),
            Some(first) => self.differ |= *first != values,
        }
    }

    fn note(&self, source: &SourceFile, variants: u64) {
        if !self.differ && variants > 1 {
            say!(
                "note: `{}` draws nothing at random (no `uniform(...)` or `choice(...)`), so every variant is the same",
                source.name
            );
        }
    }
}

/// Refuses at once to draw more variants than the resource budget holds
/// (each variant trains three times for its key; its solution and sheet
/// reuse those runs but cost their layout).
fn check_exercise_work(source: &SourceFile, format: Format, variants: u64) -> Result<(), Outcome> {
    let network = longhand::load(source, &Options::new(format))
        .map_err(|error| report_error(&error, source))?;
    let reports = matches!(
        format,
        Format::Markdown | Format::Html | Format::Latex | Format::Pdf
    );
    let mut one = limits::Runs::new(limits::training_work(&network));
    one.add_variant(&network, reports);
    let mut all = limits::Runs::new(one.work);
    all.count = one.count.saturating_mul(variants);
    all.cost = one.cost.saturating_mul(u128::from(variants));
    if all.fits() {
        return Ok(());
    }
    let most = u128::from(limits::MAX_COMMAND_WORK) / one.cost.max(1);
    Err(refuse(&limits::Refusal {
        message: format!(
            "{variants} variants of `{}` are more work than longhand does for one command: {} runs of {} (steps × examples × parameters; three per variant, for carry = step, quantity and exact); their work weighted by digits, with {} per variant for its key{}, is {}, at most {}",
            source.name,
            all.count,
            one.work,
            if reports {
                limits::VARIANT_KEY_WORK + limits::VARIANT_REPORT_WORK
            } else {
                limits::VARIANT_KEY_WORK
            },
            if reports { ", solution and sheet" } else { "" },
            all.cost,
            limits::MAX_COMMAND_WORK
        ),
        help: format!(
            "draw at most {most} variants at a time, with another --seed for the next ones"
        ),
    }))
}

/// The bundled exercises: each `.net` file in `folder` (`examples/exercises`)
/// rendered into `output/exercises/<stem>/` ([`exercise::bundle`]).
pub(super) fn render_bundled(folder: &Path, output: &Path) -> Outcome {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Outcome::Success;
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "net"))
        .collect();
    files.sort();
    for file in &files {
        let source = match read(file) {
            Ok(source) => source,
            Err(outcome) => return outcome,
        };
        let stem = stem(file);
        let bundle = match exercise::bundle(&source, &stem) {
            Ok(bundle) => bundle,
            Err(error) => return report_error(&error, &source),
        };
        let dir = output.join("exercises").join(&stem);
        let outcome = write_all(&dir, &[file.as_path()], |batch| {
            for (name, report) in &bundle {
                batch.stage(name, report.bytes())?;
            }
            Ok(())
        });
        if !matches!(outcome, Outcome::Success) {
            return outcome;
        }
    }
    Outcome::Success
}
