//! `longhand exercises`: K variants of a file with `uniform(...)` draws,
//! variant k drawn with seed S + k − 1. Each variant is staged as soon as it
//! is rendered (a file in the target folder, or the spool of standard
//! output), so memory holds one variant at a time and nothing is written
//! when any variant fails; the failing variant is named with its seed.

use longhand::model::limits;
use longhand::source::SourceFile;
use longhand::{Format, Options, explain};

use super::write::{Spool, stem};
use super::{ExercisesArgs, Outcome, Regenerate, format, read, refuse, report_error, write_all};

/// Draws and renders every variant, staging each as it is rendered (files
/// in the target folder, or a spool for standard output), then writes or
/// prints them all: nothing is written when any variant fails.
pub(super) fn exercises(args: &ExercisesArgs) -> Outcome {
    let source = match read(&args.file) {
        Ok(source) => source,
        Err(outcome) => return outcome,
    };
    let format = format(args.format);
    if format == Format::Pdf && args.output.is_none() {
        say!(
            "error: the variants' PDFs cannot share standard output\n  = help: write them into a folder with `-o DIR` (one PDF per variant)"
        );
        return Outcome::Usage;
    }
    if let Err(outcome) = check_exercise_work(&source, format, args.variants) {
        return outcome;
    }
    let width = args.variants.to_string().len();
    let name = |index: u64, report: &longhand::Report| {
        format!("{}-{index:0width$}.{}", stem(&args.file), report.extension)
    };
    match &args.output {
        Some(dir) => write_all(dir, &[&args.file], |batch| {
            let mut same = Sameness::default();
            for index in 1..=args.variants {
                let report = variant(&source, args, format, index)?;
                batch.stage(&name(index, &report), report.bytes())?;
                same.see(&report);
            }
            same.note(&source, args.variants);
            Ok(())
        }),
        None => {
            let mut spool = match Spool::new() {
                Ok(spool) => spool,
                Err(outcome) => return outcome,
            };
            match spool_variants(&source, args, format, &mut spool) {
                Ok(()) => spool.print(),
                Err(outcome) => outcome,
            }
        }
    }
}

/// Renders every variant into `spool`: a JSON array of `{variant, seed,
/// key}` for JSON, the reports one after the other otherwise.
fn spool_variants(
    source: &SourceFile,
    args: &ExercisesArgs,
    format: Format,
    spool: &mut Spool,
) -> Result<(), Outcome> {
    let json = format == Format::Json;
    let mut same = Sameness::default();
    if json {
        spool.push("[\n")?;
    }
    for index in 1..=args.variants {
        let report = variant(source, args, format, index)?;
        let text = if json {
            let key = report.text.trim_end().replace('\n', "\n    ");
            let seed = args.seed.wrapping_add(index - 1);
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
        same.see(&report);
    }
    if json {
        spool.push("\n]\n")?;
    }
    same.note(source, args.variants);
    Ok(())
}

/// Variant `index` (1-based) of an exercise; a failure names the variant
/// and its seed, so it can be reproduced with `render --seed`.
fn variant(
    source: &SourceFile,
    args: &ExercisesArgs,
    format: Format,
    index: u64,
) -> Result<longhand::Report, Outcome> {
    let seed = args.seed.wrapping_add(index - 1);
    let mut options = Options::new(format);
    options.seed = seed;
    // Each variant is `render --seed` (the formats share their names).
    options.regenerate = Some(
        Regenerate::new("render", &args.file)
            .flag(
                "format",
                (format != Format::Markdown).then(|| format.extension().to_owned()),
            )
            .flag("seed", (seed != 0).then(|| seed.to_string()))
            .text(),
    );
    explain(source, &options).map_err(|error| {
        let outcome = report_error(&error, source);
        say!(
            "note: this is variant {index} of {}, drawn with seed {seed}; `longhand render {} --seed {seed}` shows it alone",
            args.variants,
            args.file.display()
        );
        outcome
    })
}

/// Whether every variant came out the same (a file without `uniform(...)`).
#[derive(Default)]
struct Sameness {
    first: Option<longhand::Report>,
    differ: bool,
}

impl Sameness {
    fn see(&mut self, report: &longhand::Report) {
        match &self.first {
            None => self.first = Some(report.clone()),
            Some(first) => self.differ |= first != report,
        }
    }

    fn note(&self, source: &SourceFile, variants: u64) {
        if !self.differ && variants > 1 {
            say!(
                "note: `{}` draws nothing at random (no `uniform(...)`), so every variant is the same",
                source.name
            );
        }
    }
}

/// Refuses at once to draw more variants than the resource budget holds
/// (each variant trains once, or twice for Markdown and HTML reports).
fn check_exercise_work(source: &SourceFile, format: Format, variants: u64) -> Result<(), Outcome> {
    let network = longhand::load(source, &Options::new(format))
        .map_err(|error| report_error(&error, source))?;
    let mut one = limits::Runs::new(limits::training_work(&network));
    one.add_report(&network, matches!(format, Format::Markdown | Format::Html));
    let mut all = limits::Runs::new(one.work);
    all.count = one.count.saturating_mul(variants);
    all.cost = one.cost.saturating_mul(u128::from(variants));
    if all.fits() {
        return Ok(());
    }
    let most = u128::from(limits::MAX_COMMAND_WORK) / one.cost.max(1);
    Err(refuse(&limits::Refusal {
        message: format!(
            "{variants} variants of `{}` are more training than longhand runs for one command: {} runs of {} (steps × examples × parameters){}; their work weighted by digits is {}, at most {}",
            source.name,
            all.count,
            one.work,
            if one.count == 1 {
                ""
            } else {
                " (a report trains twice: the run and the exact run it is compared with)"
            },
            all.cost,
            limits::MAX_COMMAND_WORK
        ),
        help: format!(
            "draw at most {most} variants at a time, with another --seed for the next ones"
        ),
    }))
}
