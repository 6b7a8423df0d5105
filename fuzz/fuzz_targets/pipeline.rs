//! Arbitrary bytes through the whole pipeline: parse, check, train, derive and
//! render to every format, and the diagnostics of a refused input rendered as
//! the command line prints them, and the sensitivity report. Nothing may
//! panic; an error is fine.
#![no_main]

use libfuzzer_sys::fuzz_target;
use longhand::diagnostic::{Color, render_all};
use longhand::model::Carry;
use longhand::source::SourceFile;
use longhand::{Error, Format, Options, explain};

fuzz_target!(|data: &[u8]| {
    // The command line refuses text that is not UTF-8 before parsing.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let source = SourceFile::new("fuzz.net", text);
    for format in [Format::Json, Format::Svg, Format::Html, Format::Latex] {
        match explain(&source, &Options::new(format)) {
            Ok(report) => assert!(!report.text.is_empty()),
            Err(Error::Input(diagnostics)) => {
                assert!(!diagnostics.is_empty());
                let _ = render_all(&diagnostics, &source, Color::Never);
                let _ = render_all(&diagnostics, &source, Color::Always);
                // A refused input is refused in every format.
                return;
            }
            Err(Error::Numeric(diagnostic)) => {
                assert!(!diagnostic.message.is_empty());
                let _ = diagnostic.render(&source, Color::Never);
            }
            Err(Error::Render(error)) => panic!("template failed: {error}"),
            Err(Error::Budget(refusal)) => panic!("one report was refused: {refusal}"),
            Err(Error::Typeset(error)) => panic!("no PDF was asked for: {error}"),
            Err(Error::Usage(message)) => panic!("a usage error without flags: {message}"),
        }
    }
    // Every update written out in full, with fractions (Markdown alone: HTML
    // above already rendered the Markdown of the first update).
    let mut options = Options::new(Format::Markdown);
    options.detail_all = true;
    options.fractions = true;
    if let Err(Error::Render(error)) = explain(&source, &options) {
        panic!("template failed: {error}");
    }
    // `longhand sensitivity` with its default precisions and carry modes.
    let carries = [Carry::Step, Carry::Quantity, Carry::Exact];
    let sensitivity = longhand::sensitivity(
        &source,
        &Options::new(Format::Json),
        &[2, 3, 4, 6],
        &carries,
    );
    if let Err(Error::Render(error)) = sensitivity {
        panic!("template failed: {error}");
    }
});
