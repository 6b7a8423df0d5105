//! Arbitrary bytes as a `longhand check` claims file, judged against one of
//! two bundled networks (the first byte chooses), and both reports (text
//! and JSON) rendered as the command line prints them. Nothing may panic or
//! overflow the stack; a refusal of the resource budget is fine.
#![no_main]

use libfuzzer_sys::fuzz_target;
use longhand::diagnostic::Color;
use longhand::render::check::{json_report, text_report};
use longhand::source::SourceFile;
use longhand::{Error, Format, Options};

const NETWORKS: [(&str, &str); 2] = [
    (
        "textbook-2-2-1.net",
        include_str!("../../examples/textbook-2-2-1.net"),
    ),
    ("xor-batch.net", include_str!("../../examples/xor-batch.net")),
];

fuzz_target!(|data: &[u8]| {
    let Some((&choice, rest)) = data.split_first() else {
        return;
    };
    // The command line refuses claims that are not UTF-8 before reading them.
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let (name, network) = NETWORKS[usize::from(choice) % NETWORKS.len()];
    let source = SourceFile::new(name, network);
    let claims = SourceFile::new("claims.txt", text);
    match longhand::check(&source, &claims, &Options::new(Format::Markdown)) {
        Ok(audit) => {
            let _ = text_report(&audit, &claims, name, Color::Never);
            let _ = text_report(&audit, &claims, name, Color::Always);
            let _ = json_report(&audit, &claims);
            let _ = audit.all_correct();
        }
        Err(Error::Budget(refusal)) => assert!(!refusal.message.is_empty()),
        Err(other) => panic!("a bundled network was refused: {other}"),
    }
});
