//! After render: the LaTeX document typeset into a PDF by the first engine
//! found on `PATH` (`latexmk`, `lualatex`, `pdflatex`, `tectonic`), run in
//! a temporary folder that is removed afterwards. The only module that
//! starts other programs; nothing else in the pipeline needs TeX.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The engines tried, in order.
pub const ENGINES: [&str; 4] = ["latexmk", "lualatex", "pdflatex", "tectonic"];

/// Why no PDF was made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TypesetError {
    /// None of [`ENGINES`] is on `PATH`.
    #[error("no LaTeX engine found on PATH (looked for latexmk, lualatex, pdflatex and tectonic)")]
    NoEngine,
    /// The engine stopped with an error; `log` holds the lines that say why.
    #[error("{engine} could not typeset the report:\n{log}")]
    Failed {
        /// The engine's name.
        engine: &'static str,
        /// The relevant lines of its log.
        log: String,
    },
    /// The temporary folder or the engine could not be used.
    #[error("cannot typeset the report: {0}")]
    Io(String),
}

/// The first engine of [`ENGINES`] on `PATH`, with its path.
pub fn find_engine() -> Option<(&'static str, PathBuf)> {
    let path = std::env::var_os("PATH")?;
    let folders: Vec<PathBuf> = std::env::split_paths(&path).collect();
    ENGINES.iter().find_map(|engine| {
        folders
            .iter()
            .map(|folder| folder.join(engine))
            .find(|candidate| is_executable(candidate))
            .map(|found| (*engine, found))
    })
}

#[cfg(unix)]
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata()
        .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(path: &Path) -> bool {
    path.is_file() || path.with_extension("exe").is_file()
}

/// Typesets a standalone LaTeX document into PDF bytes.
///
/// # Errors
/// [`TypesetError::NoEngine`] when no engine is installed, `Failed` with
/// the log's error lines when the engine stops, `Io` when the temporary
/// folder cannot be used.
pub fn pdf(latex: &str) -> Result<Vec<u8>, TypesetError> {
    let (engine, program) = find_engine().ok_or(TypesetError::NoEngine)?;
    let folder = tempfile::tempdir().map_err(|e| TypesetError::Io(e.to_string()))?;
    let source = folder.path().join("report.tex");
    std::fs::write(&source, latex).map_err(|e| TypesetError::Io(e.to_string()))?;
    let flags = [
        "-interaction=nonstopmode",
        "-halt-on-error",
        "-no-shell-escape",
    ];
    // longtable settles its column widths on a second pass; latexmk and
    // tectonic rerun by themselves.
    let runs: Vec<Vec<&str>> = match engine {
        "latexmk" => vec![[&["-pdf", "-quiet"][..], &flags[..], &["report.tex"]].concat()],
        "tectonic" => vec![vec!["report.tex"]],
        _ => vec![[&flags[..], &["report.tex"]].concat(); 2],
    };
    let mut output = None;
    for arguments in runs {
        let result = Command::new(&program)
            .args(&arguments)
            .current_dir(folder.path())
            // The same document gives the same bytes: no time stamps.
            .env("SOURCE_DATE_EPOCH", "0")
            .env("FORCE_SOURCE_DATE", "1")
            .stdin(Stdio::null())
            .output()
            .map_err(|e| TypesetError::Io(format!("cannot run {engine}: {e}")))?;
        let failed = !result.status.success();
        output = Some(result);
        if failed {
            break;
        }
    }
    let pdf = folder.path().join("report.pdf");
    match output {
        Some(result) if result.status.success() && pdf.is_file() => {
            std::fs::read(&pdf).map_err(|e| TypesetError::Io(e.to_string()))
        }
        other => {
            let log = std::fs::read_to_string(folder.path().join("report.log")).unwrap_or_default();
            let printed = other
                .map(|o| {
                    format!(
                        "{}{}",
                        String::from_utf8_lossy(&o.stdout),
                        String::from_utf8_lossy(&o.stderr)
                    )
                })
                .unwrap_or_default();
            Err(TypesetError::Failed {
                engine,
                log: error_lines(if log.is_empty() { &printed } else { &log }),
            })
        }
    }
}

/// The lines of a TeX log that say what went wrong: each `!` error line
/// and the two lines after it (where TeX shows the input), at most 30.
pub fn error_lines(log: &str) -> String {
    let lines: Vec<&str> = log.lines().collect();
    let mut picked: Vec<&str> = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        if line.starts_with('!') || line.starts_with("error:") {
            picked.extend(lines.iter().skip(index).take(3));
        }
    }
    if picked.is_empty() {
        // No error line: the end of the log says most.
        picked = lines.iter().rev().take(10).rev().copied().collect();
    }
    picked.truncate(30);
    picked.join("\n")
}
