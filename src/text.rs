//! Words for messages, shared by every stage: the one "did you mean"
//! rule and the one way of joining a list in English. Depends on nothing
//! in the crate.

/// How similar (Jaro–Winkler, case-insensitive) a word must be to a known
/// name before it is suggested as a likely typo of it.
const SUGGESTION_THRESHOLD: f64 = 0.8;

/// The known name closest to `word`, if it is close enough to be a likely
/// typo ("did you mean `sigmoid`?"); ties go to the earlier name.
pub fn suggest<'a>(word: &str, known: &[&'a str]) -> Option<&'a str> {
    let lower = word.to_lowercase();
    let mut best: Option<(f64, &'a str)> = None;
    for name in known {
        let score = strsim::jaro_winkler(&lower, &name.to_lowercase());
        if score >= SUGGESTION_THRESHOLD && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, name));
        }
    }
    best.map(|(_, name)| name)
}

/// `a`, `a and b`, `a, b and c` (with `or` for alternatives).
pub fn join(items: &[impl AsRef<str>], conjunction: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_owned(),
        [rest @ .., last] => {
            let rest: Vec<&str> = rest.iter().map(AsRef::as_ref).collect();
            format!("{} {conjunction} {}", rest.join(", "), last.as_ref())
        }
    }
}

/// `` `a` ``, `` `a` or `b` ``, `` `a`, `b` or `c` ``: names in backticks.
pub fn names_or(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    join(&quoted, "or")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let known = ["sigmoid", "softmax", "tanh"];
        assert_eq!(suggest("sigmiod", &known), Some("sigmoid"));
        assert_eq!(suggest("SIGMOID", &known), Some("sigmoid"));
        assert_eq!(suggest("zebra", &known), None);
    }

    #[test]
    fn joins_like_english() {
        assert_eq!(join(&["a"], "and"), "a");
        assert_eq!(join(&["a", "b"], "and"), "a and b");
        assert_eq!(join(&["a", "b", "c"], "or"), "a, b or c");
        assert_eq!(names_or(&["x", "y"]), "`x` or `y`");
    }
}
