//! Every bundled HTML report fits its page in a real browser: rendered
//! afresh into a temporary folder and measured by `scripts/check-pages`
//! in headless Chromium at 1200 px, at 400 px and as printed.
//!
//! Without Chromium this test says so and passes, unless
//! `LONGHAND_REQUIRE_CHROMIUM` is set (`.ci/run` sets it after installing it).

use std::process::Command;

use longhand::source::SourceFile;

fn chromium_found() -> bool {
    let found = Command::new("chromium")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("LONGHAND_REQUIRE_CHROMIUM").is_none(),
            "chromium is not installed, and LONGHAND_REQUIRE_CHROMIUM is set"
        );
        eprintln!("skipped: chromium is not installed (apt-get install chromium to run this test)");
    }
    found
}

#[test]
fn html_reports_fit_at_1200_and_400_px_and_in_print() {
    if !chromium_found() {
        return;
    }
    let folder = tempfile::tempdir().expect("a temporary folder");
    let mut pages = Vec::new();
    let mut examples: Vec<_> = std::fs::read_dir("examples")
        .expect("examples/")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "net"))
        .collect();
    examples.sort();
    for path in examples {
        let text = std::fs::read_to_string(&path).expect("readable example");
        let source = SourceFile::new(path.display().to_string(), text);
        let stem = path.file_stem().expect("stem").to_string_lossy();
        let reports = longhand::bundled_reports(&source, &stem).expect("renders");
        for (name, report) in reports {
            if name.ends_with(".html") {
                let file = folder.path().join(&name);
                std::fs::write(&file, report.bytes()).expect("writable");
                pages.push(file);
            }
        }
    }
    assert!(!pages.is_empty());
    let run = Command::new("scripts/check-pages")
        .args(&pages)
        .output()
        .expect("scripts/check-pages runs (python3)");
    let report = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "some HTML does not fit:\n{report}{}",
        String::from_utf8_lossy(&run.stderr)
    );
}
