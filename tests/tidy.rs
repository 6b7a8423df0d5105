//! Tidy checks on `src/` (STYLE.md §1): every module of the library has a
//! rank and uses only modules ranked before it (a DAG: text and source
//! first, then parse → functions → model → symbolic → numeric → describe → locate →
//! audit → derivation → render → typeset, with `lib.rs` above them all); every
//! third-party crate has a rule saying where it may be used; and no `todo!`
//! or `unimplemented!` is left behind.

use std::path::{Path, PathBuf};

/// Every top-level module of the library, in dependency order: a module may
/// use only the modules before it. A new module must be placed here.
const RANKS: [&str; 15] = [
    "text",
    "source",
    "diagnostic",
    "parse",
    "functions",
    "model",
    "symbolic",
    "numeric",
    "describe",
    "locate",
    "audit",
    "derivation",
    "render",
    "typeset",
    "exercise",
];

/// Where a third-party crate may be used.
#[derive(Clone, Copy)]
enum Home {
    /// Only in these files, or folders when they end in `/`.
    Only(&'static [&'static str]),
    /// In this ranked module and every module ranked after it (and the CLI).
    From(&'static str),
}

/// Every dependency of Cargo.toml (with `-` written `_`) and its home.
const CRATES: [(&str, Home); 26] = [
    ("pest", Home::Only(&["src/parse/"])),
    ("pest_derive", Home::Only(&["src/parse/"])),
    ("tera", Home::Only(&["src/render/"])),
    ("pulldown_cmark", Home::Only(&["src/render/"])),
    (
        "pulldown_cmark_escape",
        Home::Only(&["src/render/escape.rs"]),
    ),
    ("math_core", Home::Only(&["src/render/"])),
    ("plotters", Home::Only(&["src/render/chart.rs"])),
    ("clap", Home::Only(&["src/cli/"])),
    ("tempfile", Home::Only(&["src/cli/", "src/typeset.rs"])),
    ("signal_hook", Home::Only(&["src/cli/"])),
    ("indicatif", Home::Only(&["src/cli/progress.rs"])),
    ("annotate_snippets", Home::Only(&["src/diagnostic.rs"])),
    ("strsim", Home::Only(&["src/text.rs"])),
    ("serde_json", Home::From("render")),
    ("rustc_hash", Home::From("numeric")),
    ("serde", Home::From("source")),
    ("thiserror", Home::From("text")),
    ("num_bigint", Home::From("functions")),
    ("num_rational", Home::From("functions")),
    ("num_integer", Home::From("functions")),
    ("num_traits", Home::From("functions")),
    (
        "quick_xml",
        Home::Only(&["src/render/quiz.rs", "src/render/qti_package.rs"]),
    ),
    ("zip", Home::Only(&["src/render/qti_package.rs"])),
    ("base64", Home::Only(&["src/render/quiz.rs"])),
    (
        "rayon",
        Home::Only(&[
            "src/exercise/many.rs",
            "src/exercise.rs",
            "src/cli/exercises.rs",
        ]),
    ),
    ("longhand", Home::Only(&["src/cli/"])),
];

/// A Rust file of `src/`, its path with `/` separators and its code with
/// comments blanked out (so doc comments may mention anything).
struct SourceFile {
    path: String,
    code: String,
}

fn rust_files(folder: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(folder).expect("readable folder") {
        let path = entry.expect("folder entry").path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

fn sources() -> Vec<SourceFile> {
    let mut paths = Vec::new();
    rust_files(Path::new("src"), &mut paths);
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("UTF-8 source");
            let path = path
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            SourceFile {
                path,
                code: strip_comments(&text),
            }
        })
        .collect()
}

/// Replaces `//` and `/* */` comments by spaces, keeping line breaks (and
/// so line numbers); string and character literals are left alone.
fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut in_string = false;
    while let Some(ch) = chars.next() {
        if in_string {
            out.push(ch);
            match ch {
                '\\' => out.extend(chars.next()),
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match (ch, chars.peek()) {
            ('"', _) => {
                in_string = true;
                out.push(ch);
            }
            ('/', Some('/')) => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            ('/', Some('*')) => {
                let mut previous = ' ';
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                    }
                    if previous == '*' && c == '/' {
                        break;
                    }
                    previous = c;
                }
            }
            _ => out.push(ch),
        }
    }
    out
}

fn is_ident_char(ch: char) -> bool {
    ch.is_ascii_alphanumeric() || ch == '_'
}

/// Every place `name::` (or `use name;`) appears as a path root, with its line number.
fn path_roots<'a>(code: &'a str, name: &'a str) -> impl Iterator<Item = usize> + 'a {
    code.match_indices(name).filter_map(move |(at, _)| {
        let before = code[..at].chars().next_back();
        let after = &code[at + name.len()..];
        let starts_path = before.is_none_or(|c| !is_ident_char(c) && c != ':');
        let is_root = after.starts_with("::")
            || (code[..at].trim_end().ends_with("use") && after.starts_with(';'));
        (starts_path && is_root).then(|| code[..at].matches('\n').count() + 1)
    })
}

fn rank(module: &str) -> Option<usize> {
    RANKS.iter().position(|m| *m == module)
}

/// Whether `file` may use a crate with this home.
fn allowed(file: &SourceFile, home: Home) -> bool {
    match home {
        Home::Only(places) => places.iter().any(|place| {
            if place.ends_with('/') {
                file.path.starts_with(place)
            } else {
                file.path == *place
            }
        }),
        Home::From(first) => {
            let module = module_path(&file.path).first().cloned();
            match module.as_deref() {
                // lib.rs, main.rs and the CLI sit above every stage.
                None | Some("cli") => true,
                Some(own) => rank(own).zip(rank(first)).is_some_and(|(o, f)| o >= f),
            }
        }
    }
}

#[test]
fn third_party_crates_stay_in_their_stage() {
    let mut problems = Vec::new();
    for file in sources() {
        for (name, home) in CRATES {
            if allowed(&file, home) {
                continue;
            }
            for line in path_roots(&file.code, name) {
                problems.push(format!(
                    "{}:{line}: uses `{name}` outside its home",
                    file.path
                ));
            }
        }
    }
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

#[test]
fn every_dependency_has_a_home() {
    let manifest = std::fs::read_to_string("Cargo.toml").expect("Cargo.toml");
    let section = manifest
        .split("\n[dependencies]\n")
        .nth(1)
        .and_then(|rest| rest.split("\n[").next())
        .expect("a [dependencies] section");
    let missing: Vec<String> = section
        .lines()
        .filter_map(|line| line.split_once('=').map(|(name, _)| name.trim()))
        .filter(|name| !name.is_empty() && !name.starts_with('#'))
        .map(|name| name.replace('-', "_"))
        .filter(|name| !CRATES.iter().any(|(known, _)| known == name))
        .collect();
    assert!(
        missing.is_empty(),
        "give these crates a home in tests/tidy.rs CRATES: {missing:?}"
    );
}

#[test]
fn every_module_has_a_rank() {
    let unranked: Vec<String> = sources()
        .iter()
        .filter_map(|file| module_path(&file.path).first().cloned())
        .filter(|module| module != "cli" && rank(module).is_none())
        .collect();
    assert!(
        unranked.is_empty(),
        "place these modules in tests/tidy.rs RANKS: {unranked:?}"
    );
}

#[test]
fn no_todo_or_unimplemented() {
    let mut problems = Vec::new();
    for file in sources() {
        for (index, line) in file.code.lines().enumerate() {
            for marker in ["todo!(", "unimplemented!("] {
                if line.contains(marker) {
                    problems.push(format!("{}:{}: `{marker}`", file.path, index + 1));
                }
            }
        }
    }
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

/// The crate-level module a file belongs to (`src/parse/ast.rs` → `parse`),
/// and its module path below the crate root.
fn module_path(path: &str) -> Vec<String> {
    let relative = path.strip_prefix("src/").expect("a file under src/");
    let relative = relative.strip_suffix(".rs").expect("a Rust file");
    let mut parts: Vec<String> = relative.split('/').map(str::to_owned).collect();
    if parts
        .last()
        .is_some_and(|p| p == "mod" || p == "lib" || p == "main")
    {
        parts.pop();
    }
    parts
}

/// The crate-level modules a file's code names: `crate::x`, `crate::{x, y}`
/// and `super::` chains that climb to the crate root, with line numbers.
fn crate_modules_used(file: &SourceFile) -> Vec<(String, usize)> {
    let code = &file.code;
    let depth = module_path(&file.path).len();
    let mut used = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        if code[..at].chars().next_back().is_some_and(is_ident_char) {
            continue;
        }
        let line = code[..at].matches('\n').count() + 1;
        used.extend(
            roots_after(&code[at + "crate::".len()..])
                .into_iter()
                .map(|m| (m, line)),
        );
    }
    for (at, _) in code.match_indices("super::") {
        let before = code[..at].chars().next_back();
        if before.is_some_and(|c| is_ident_char(c) || c == ':') {
            continue;
        }
        let mut rest = &code[at..];
        let mut climbs = 0;
        while let Some(after) = rest.strip_prefix("super::") {
            climbs += 1;
            rest = after;
        }
        // In `src/a/b.rs` (module `a::b`), `super::super::` is the crate root.
        if climbs == depth {
            let line = code[..at].matches('\n').count() + 1;
            used.extend(roots_after(rest).into_iter().map(|m| (m, line)));
        }
    }
    used
}

/// The first path segment(s) after `crate::`: one name, or each name of a
/// `{a, b::c}` group.
fn roots_after(rest: &str) -> Vec<String> {
    if let Some(group) = rest.strip_prefix('{') {
        let mut roots = Vec::new();
        let mut depth = 0;
        let mut item_start = true;
        let mut current = String::new();
        for ch in group.chars() {
            match ch {
                '{' => depth += 1,
                '}' if depth == 0 => break,
                '}' => depth -= 1,
                ',' if depth == 0 => item_start = true,
                _ if depth == 0 && item_start && is_ident_char(ch) => current.push(ch),
                _ if depth == 0 && item_start && !current.is_empty() => {
                    roots.push(std::mem::take(&mut current));
                    item_start = false;
                }
                _ => {}
            }
        }
        if !current.is_empty() {
            roots.push(current);
        }
        return roots;
    }
    let name: String = rest.chars().take_while(|c| is_ident_char(*c)).collect();
    if name.is_empty() {
        Vec::new()
    } else {
        vec![name]
    }
}

#[test]
fn modules_depend_only_on_earlier_modules() {
    let mut problems = Vec::new();
    for file in sources() {
        let Some(own) = module_path(&file.path).first().cloned() else {
            continue; // lib.rs and main.rs sit above every module
        };
        if own == "cli" {
            continue; // the binary's own modules; it uses the library's public API
        }
        if own == "exercise" {
            continue; // beside lib.rs: it chains the stages for each variant, as `explain` does
        }
        for (used, line) in crate_modules_used(&file) {
            let wrong = used != own && rank(&used).is_none_or(|u| rank(&own).is_none_or(|o| u > o));
            if wrong {
                problems.push(format!(
                    "{}:{line}: `{own}` uses `crate::{used}`, which is not ranked before it in {}",
                    file.path,
                    RANKS.join(" → ")
                ));
            }
        }
    }
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

#[test]
fn the_tidy_scanner_sees_what_it_should() {
    let file = SourceFile {
        path: "src/parse/ast.rs".to_owned(),
        code: strip_comments(
            "use crate::{source::Span, model::{x, y}};\n// crate::render\nlet s = \"// no\"; use crate::numeric;\nsuper::super::derivation::f();\n",
        ),
    };
    let used: Vec<(String, usize)> = crate_modules_used(&file);
    assert_eq!(
        used,
        [
            ("source".to_owned(), 1),
            ("model".to_owned(), 1),
            ("numeric".to_owned(), 3),
            ("derivation".to_owned(), 4),
        ]
    );
    assert_eq!(
        path_roots("use pest::Parser; my_pest::y(); use tera;", "pest").count(),
        1
    );
    assert_eq!(path_roots("use tera;", "tera").count(), 1);
    assert_eq!(module_path("src/parse/mod.rs"), ["parse"]);
    assert_eq!(module_path("src/cli.rs"), ["cli"]);
}
