//! Structure-aware: the fuzzer's bytes choose a VALID network (shapes,
//! activations, losses, precisions, rounding and carry modes) with the
//! generator the property test uses; every format must render it or refuse
//! it with an arithmetic error, and no valid network may be refused as input.
#![no_main]

use libfuzzer_sys::arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;
use longhand::source::SourceFile;
use longhand::{Error, Format, Options, explain};

#[path = "../../tests/netgen.rs"]
#[allow(dead_code)]
mod netgen;

struct Bytes<'a>(Unstructured<'a>);

impl netgen::Choices for Bytes<'_> {
    fn below(&mut self, n: u32) -> u32 {
        self.0.int_in_range(0..=n.max(1) - 1).unwrap_or(0)
    }
}

fuzz_target!(|data: &[u8]| {
    let text = netgen::network(&mut Bytes(Unstructured::new(data)));
    let source = SourceFile::new("valid.net", text.as_str());
    for format in [
        Format::Markdown,
        Format::Json,
        Format::Html,
        Format::Svg,
        Format::Latex,
    ] {
        match explain(&source, &Options::new(format)) {
            Ok(_) | Err(Error::Numeric(_)) => {}
            Err(Error::Input(diagnostics)) => {
                panic!("a valid network was refused: {diagnostics:?}\n{text}")
            }
            Err(Error::Render(error)) => panic!("template failed: {error}\n{text}"),
            Err(Error::Budget(refusal)) => panic!("one report was refused: {refusal}\n{text}"),
            Err(Error::Typeset(error)) => panic!("no PDF was asked for: {error}"),
            Err(Error::Usage(message)) => panic!("a usage error without flags: {message}"),
        }
    }
});
