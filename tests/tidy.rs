//! Tidy checks on `src/` (STYLE.md §1): each third-party crate is used only
//! by the stage that owns it, the stages depend on each other in one
//! direction only (parse → functions → model → symbolic → numeric → audit
//! → derivation → render), and no `todo!` or `unimplemented!` is left behind.

use std::path::{Path, PathBuf};

/// The pipeline stages, in order: a stage may use the ones before it.
const STAGES: [&str; 8] = [
    "parse",
    "functions",
    "model",
    "symbolic",
    "numeric",
    "audit",
    "derivation",
    "render",
];

/// Modules every stage may use.
const SHARED: [&str; 3] = ["source", "diagnostic", "describe"];

/// Third-party crates and the only place (a file, or a folder ending in
/// `/`) that may use them.
const CRATE_HOMES: [(&str, &str); 6] = [
    ("pest", "src/parse/"),
    ("pest_derive", "src/parse/"),
    ("tera", "src/render/"),
    ("pulldown_cmark", "src/render/"),
    ("math_core", "src/render/"),
    ("clap", "src/cli/"),
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

#[test]
fn third_party_crates_stay_in_their_stage() {
    let mut problems = Vec::new();
    for file in sources() {
        for (name, home) in CRATE_HOMES {
            let allowed = if home.ends_with('/') {
                file.path.starts_with(home)
            } else {
                file.path == home
            };
            if allowed {
                continue;
            }
            for line in path_roots(&file.code, name) {
                problems.push(format!(
                    "{}:{line}: uses `{name}`, which belongs in {home} only",
                    file.path
                ));
            }
        }
    }
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
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
fn stages_depend_only_on_earlier_stages() {
    let rank = |module: &str| STAGES.iter().position(|s| *s == module);
    let mut problems = Vec::new();
    for file in sources() {
        let Some(own) = module_path(&file.path).first().cloned() else {
            continue; // lib.rs and main.rs sit above every stage
        };
        let basic = |m: &str| matches!(m, "source" | "diagnostic");
        for (used, line) in crate_modules_used(&file) {
            let wrong = if used == own {
                false
            } else if basic(&own) {
                // `source` and `diagnostic` depend on nothing but each other.
                !basic(&used)
            } else if SHARED.contains(&used.as_str()) {
                false
            } else {
                // Modules outside the stage list (lib, cli, describe, ...)
                // are not ranked.
                matches!((rank(&own), rank(&used)), (Some(o), Some(u)) if u > o)
            };
            if wrong {
                problems.push(format!(
                    "{}:{line}: `{own}` uses `crate::{used}`, which comes later in \
                     parse → functions → model → symbolic → numeric → audit → derivation → render",
                    file.path
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
