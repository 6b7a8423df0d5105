//! Python names and string literals: the one place a name or a text goes
//! into Python source (the NumPy appendix), so nothing from the file can
//! break out of an identifier or a string.
//!
//! Every quantity lives in a NumPy array named after its family (`W1`,
//! `z2`, `delta1`, `dW2`, `m_W1`), indexed 0-based (`W1[0, 1]`); the
//! quantities of one example of a batch take the example as their first
//! index (`z1[2, 0]`).

use crate::model::ids::ExampleId;
use crate::symbolic::quantity::{Param, Quantity, StateKind, Symbol};

/// Python's keywords and soft keywords, and the names every generated
/// program defines itself: a name from the file that is one of them is
/// written with `_` after it.
const RESERVED: &[&str] = &[
    "False",
    "None",
    "True",
    "and",
    "as",
    "assert",
    "async",
    "await",
    "break",
    "case",
    "class",
    "continue",
    "def",
    "del",
    "elif",
    "else",
    "except",
    "finally",
    "for",
    "from",
    "global",
    "if",
    "import",
    "in",
    "is",
    "lambda",
    "match",
    "nonlocal",
    "not",
    "or",
    "pass",
    "raise",
    "return",
    "try",
    "type",
    "while",
    "with",
    "yield",
    "_",
    "np",
    "numpy",
    "show",
    "print",
    "range",
    "zip",
    "float",
    "abs",
    "max",
    "min",
    "step",
    "t",
    "u",
    "z",
    "y",
    "yhat",
    "alpha",
    "x",
    "X",
    "Y",
    "eta",
    "L",
    "L_each",
    "sigmoid",
    "relu",
    "leaky_relu",
    "leaky_step",
    "softplus",
    "heaviside",
    "root",
    "exp",
    "log",
    "sqrt",
    "forward",
    "dL_dyhat",
    "L_report",
    "beta",
    "beta1",
    "beta2",
    "beta_t",
    "beta1_t",
    "beta2_t",
    "rho",
    "epsilon",
    "weight_decay",
    "decoupled_weight_decay",
];

/// A name from the file (a function's) as a Python identifier.
///
/// File names are `[A-Za-z_][A-Za-z0-9_]*` already; anything else is
/// replaced by `_` all the same, a leading digit gets `_` before it, and a
/// reserved word or a name the program uses for its arrays gets `_` after it.
pub fn identifier(name: &str) -> String {
    let mut out: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    if RESERVED.contains(&out.as_str()) || is_family_name(&out) {
        out.push('_');
    }
    out
}

/// Whether `name` could be the name of a generated array (`W1`, `dL_da2`,
/// `m_b1`, `W2_new`): one of the families' prefixes followed by a digit.
fn is_family_name(name: &str) -> bool {
    const PREFIXES: &[&str] = &[
        "W", "b", "z", "a", "delta", "dW", "db", "da", "dL_da", "m_W", "m_b", "v_W", "v_b", "s_W",
        "s_b", "mhat_W", "mhat_b", "vhat_W", "vhat_b",
    ];
    match name.find(|c: char| c.is_ascii_digit()) {
        Some(at) => PREFIXES.contains(&&name[..at]),
        None => false,
    }
}

/// A Python string literal (double quotes) holding `text`, written in
/// printable ASCII only: every other character, and `\`, `"`, `` ` ``,
/// `{`, `}`, `%`, `$`, `&`, `#`, `^`, `~`, `<`, `>`, is an escape (`\x5c`,
/// `\u00e9`), so the literal is the same text in a Markdown fence, in HTML
/// and inside a LaTeX verbatim block (no `\end{…}` can appear in it).
pub fn string_literal(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        let plain = c.is_ascii_alphanumeric() || " .,;:!?-+*/=()[]_'@|".contains(c);
        if plain {
            out.push(c);
        } else if (c as u32) < 0x100 {
            out.push_str(&format!("\\x{:02x}", c as u32));
        } else if (c as u32) < 0x10000 {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push_str(&format!("\\U{:08x}", c as u32));
        }
    }
    out.push('"');
    out
}

fn param_family(param: Param) -> String {
    match param {
        Param::Weight { layer, .. } => format!("W{}", layer.number()),
        Param::Bias { layer, .. } => format!("b{}", layer.number()),
    }
}

fn param_index(param: Param) -> Vec<usize> {
    match param {
        Param::Weight { to, from, .. } => vec![to.0, from.0],
        Param::Bias { unit, .. } => vec![unit.0],
    }
}

/// Whether the quantity also exists for the update as a whole (so the
/// per-example one needs a name of its own).
fn has_batch_form(quantity: Quantity) -> bool {
    matches!(
        quantity,
        Quantity::Loss | Quantity::WeightGradient { .. } | Quantity::BiasGradient { .. }
    )
}

/// The array a symbol lives in and its 0-based index (empty for a scalar).
pub fn family(symbol: &Symbol) -> (String, Vec<usize>) {
    let (mut name, mut index) = match symbol.quantity {
        Quantity::Input { unit } => ("x".to_owned(), vec![unit.0]),
        Quantity::Target { unit } => ("y".to_owned(), vec![unit.0]),
        Quantity::Weight { layer, to, from } => {
            (format!("W{}", layer.number()), vec![to.0, from.0])
        }
        Quantity::Bias { layer, unit } => (format!("b{}", layer.number()), vec![unit.0]),
        Quantity::LearningRate => ("eta".to_owned(), vec![]),
        Quantity::PreActivation { layer, unit } => (format!("z{}", layer.number()), vec![unit.0]),
        Quantity::Activation { layer, unit } => (format!("a{}", layer.number()), vec![unit.0]),
        Quantity::Loss => ("L".to_owned(), vec![]),
        Quantity::LossSlope { unit } => ("dL_dyhat".to_owned(), vec![unit.0]),
        Quantity::ActivationSlope { layer, of, wrt } => {
            (format!("da{0}_dz{0}", layer.number()), vec![of.0, wrt.0])
        }
        Quantity::Backflow { layer, unit } => (format!("dL_da{}", layer.number()), vec![unit.0]),
        Quantity::Delta { layer, unit } => (format!("delta{}", layer.number()), vec![unit.0]),
        Quantity::WeightGradient { layer, to, from } => {
            (format!("dW{}", layer.number()), vec![to.0, from.0])
        }
        Quantity::BiasGradient { layer, unit } => (format!("db{}", layer.number()), vec![unit.0]),
        Quantity::NewWeight { layer, to, from } => {
            (format!("W{}_new", layer.number()), vec![to.0, from.0])
        }
        Quantity::NewBias { layer, unit } => (format!("b{}_new", layer.number()), vec![unit.0]),
        Quantity::Hyper(h) => (h.name().to_owned(), vec![]),
        Quantity::HyperPower(h) => (format!("{}_t", h.name()), vec![]),
        Quantity::State { kind, param } | Quantity::OldState { kind, param } => (
            format!("{}_{}", state_name(kind), param_family(param)),
            param_index(param),
        ),
    };
    if let Some(ExampleId(e)) = symbol.example {
        match symbol.quantity {
            Quantity::Input { .. } => name = "X".to_owned(),
            Quantity::Target { .. } => name = "Y".to_owned(),
            q if has_batch_form(q) => name.push_str("_each"),
            _ => {}
        }
        index.insert(0, e);
    }
    (name, index)
}

fn state_name(kind: StateKind) -> &'static str {
    kind.name()
}

/// `W1[0, 1]`, `L`: the Python expression naming a symbol's value.
pub fn reference(symbol: &Symbol) -> String {
    let (name, index) = family(symbol);
    subscript(&name, &index)
}

/// `name[i, j]` (or `name` with no index).
pub fn subscript(name: &str, index: &[usize]) -> String {
    if index.is_empty() {
        return name.to_owned();
    }
    let inside: Vec<String> = index.iter().map(ToString::to_string).collect();
    format!("{name}[{}]", inside.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_avoid_keywords_and_array_names() {
        assert_eq!(identifier("swish"), "swish");
        assert_eq!(identifier("lambda"), "lambda_");
        assert_eq!(identifier("W1"), "W1_");
        assert_eq!(identifier("dL_da2"), "dL_da2_");
        assert_eq!(identifier("hard_sigmoid"), "hard_sigmoid");
        assert_eq!(identifier("lrelu3"), "lrelu3");
        assert_eq!(identifier("m_W2"), "m_W2_");
        assert_eq!(identifier("forward"), "forward_");
        assert_eq!(identifier("1x"), "_1x");
        assert_eq!(identifier("a-b"), "a_b");
    }

    #[test]
    fn string_literals_are_plain_ascii() {
        assert_eq!(string_literal("0.5627"), "\"0.5627\"");
        let hostile = "\"\\end{verbatim}```</code>é\n";
        let literal = string_literal(hostile);
        assert!(literal.is_ascii());
        assert!(!literal.contains("\\end"));
        assert!(!literal.contains('`'));
        assert!(!literal.contains('<'));
        assert_eq!(literal.matches('"').count(), 2);
    }
}
