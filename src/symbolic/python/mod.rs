//! Python (NumPy) for expression trees: the formulas of the derived
//! program as the lines of a float64 program, beside [`super::latex`]. The
//! NumPy appendix of a report is assembled from these in
//! `derivation::numpy`; nothing here is written by hand for a particular
//! network.
//!
//! Built-in functions print as NumPy calls (`np.exp`, `np.tanh`) or as
//! small helpers the program defines once ([`Helper`]); a function defined
//! in the file prints as a call of a Python function generated from its
//! formula ([`definition`]).

pub mod names;

use std::collections::BTreeSet;
use std::sync::Arc;

use num_rational::BigRational;
use num_traits::{One, Signed};

use super::expr::{Atom, Expr, Func, NamedFunction, Node};
use super::rules::definition_body;
use crate::functions::Relation;

/// A function the program defines before it is used.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Helper {
    /// `sigmoid(u)`.
    Sigmoid,
    /// `relu(u)`.
    Relu,
    /// `leaky_relu(u, alpha)`.
    LeakyRelu,
    /// `softplus(u)`.
    Softplus,
    /// `heaviside(u)`: relu′.
    Step,
    /// `leaky_step(u, alpha)`: leaky_relu′.
    LeakyStep,
    /// `root(u, k)`: the real k-th root.
    Root,
    /// A function defined by a formula in the file.
    Named(Arc<NamedFunction>),
}

impl Helper {
    /// The helper's `def`, as lines.
    pub fn definition(&self) -> Vec<String> {
        let def =
            |head: &str, body: &str| vec![format!("def {head}:"), format!("    return {body}")];
        match self {
            Helper::Sigmoid => def("sigmoid(u)", "1 / (1 + np.exp(-u))"),
            Helper::Relu => def("relu(u)", "max(0.0, u)"),
            Helper::LeakyRelu => def("leaky_relu(u, alpha)", "u if u > 0 else alpha * u"),
            Helper::Softplus => def("softplus(u)", "np.log1p(np.exp(u))"),
            Helper::Step => def("heaviside(u)", "1.0 if u > 0 else 0.0"),
            Helper::LeakyStep => def("leaky_step(u, alpha)", "1.0 if u > 0 else alpha"),
            Helper::Root => def("root(u, k)", "np.sign(u) * abs(u) ** (1 / k)"),
            Helper::Named(f) => {
                let body = definition_body(f);
                def(
                    &format!("{}(z)", names::identifier(&f.name)),
                    &to_python(&body, &|_| "z".to_owned()),
                )
            }
        }
    }
}

/// The helpers an expression calls, with those the helpers call in turn,
/// in an order where each is defined before a helper that calls it.
pub fn helpers<'a>(exprs: impl IntoIterator<Item = &'a Expr>) -> Vec<Helper> {
    let mut found = BTreeSet::new();
    for e in exprs {
        collect(e, &mut found);
    }
    // Functions defined by formulas may call each other: a defined function
    // goes after every defined function its body calls.
    let (mut named, builtin): (Vec<Helper>, Vec<Helper>) = found
        .into_iter()
        .partition(|h| matches!(h, Helper::Named(_)));
    let mut ordered = builtin;
    while !named.is_empty() {
        let ready = named.iter().position(|h| {
            let Helper::Named(f) = h else { return true };
            let mut inner = BTreeSet::new();
            collect(&definition_body(f), &mut inner);
            inner
                .iter()
                .all(|i| !matches!(i, Helper::Named(_)) || ordered.contains(i) || i == h)
        });
        ordered.push(named.remove(ready.unwrap_or(0)));
    }
    ordered
}

/// Whether an expression calls a function defined in the file.
pub fn calls_defined(e: &Expr) -> bool {
    let mut found = BTreeSet::new();
    collect(e, &mut found);
    found.iter().any(|h| matches!(h, Helper::Named(_)))
}

fn collect(e: &Expr, found: &mut BTreeSet<Helper>) {
    match e {
        Node::Leaf(_) => {}
        Node::Add(items) | Node::Mul(items) => items.iter().for_each(|i| collect(i, found)),
        Node::Neg(inner) | Node::Pow(inner, _) => collect(inner, found),
        Node::If(p) => {
            for part in [&p.left, &p.right, &p.then, &p.otherwise] {
                collect(part, found);
            }
        }
        Node::Apply(func, inner) => {
            collect(inner, found);
            let helper = match func {
                Func::Sigmoid => Some(Helper::Sigmoid),
                Func::Relu => Some(Helper::Relu),
                Func::LeakyRelu(_) => Some(Helper::LeakyRelu),
                Func::Softplus => Some(Helper::Softplus),
                Func::Step => Some(Helper::Step),
                Func::LeakyStep(a) if !a.is_one() => Some(Helper::LeakyStep),
                Func::Root(k) if *k > 2 => Some(Helper::Root),
                Func::Named(f) => {
                    if !found.contains(&Helper::Named(Arc::clone(f))) {
                        collect(&definition_body(f), found);
                    }
                    Some(Helper::Named(Arc::clone(f)))
                }
                _ => None,
            };
            found.extend(helper);
        }
    }
}

/// A number as a Python float expression: the text written in the file
/// when Python reads it as the same decimal (`0.3`, `1e-3`), otherwise
/// the exact ratio (`-7 / 20`), which Python divides correctly rounded.
pub fn number(value: &BigRational, text: Option<&str>) -> String {
    if let Some(text) = text.filter(|t| is_python_decimal(t)) {
        return text.to_owned();
    }
    if value.is_integer() {
        return value.numer().to_string();
    }
    format!("{} / {}", value.numer(), value.denom())
}

/// `-?digits[.digits][e±digits]`.
fn is_python_decimal(text: &str) -> bool {
    let body = text.strip_prefix('-').unwrap_or(text);
    let (mantissa, exponent) = match body.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e)),
        None => (body, None),
    };
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some((whole, fraction)) => digits(whole) && digits(fraction),
        None => digits(mantissa),
    };
    let exponent_ok = exponent.is_none_or(|e| digits(e.strip_prefix(['-', '+']).unwrap_or(e)));
    mantissa_ok && exponent_ok
}

/// Precedence contexts, lowest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Context {
    Free,
    Term,
    Factor,
    Base,
}

/// Python of an expression; `symbol` names each quantity (an array entry).
pub fn to_python(e: &Expr, symbol: &dyn Fn(&super::Symbol) -> String) -> String {
    print(e, symbol, Context::Free)
}

fn parenthesize(text: String, needed: bool) -> String {
    if needed { format!("({text})") } else { text }
}

fn leaf(atom: &Atom, symbol: &dyn Fn(&super::Symbol) -> String) -> String {
    match atom {
        Atom::Const(c) => number(c, None),
        Atom::Literal(c, text) => number(c, Some(text)),
        Atom::Sym(s) => symbol(s),
        Atom::Var(v) => v.name().to_owned(),
    }
}

fn is_negative_leaf(atom: &Atom) -> bool {
    matches!(atom, Atom::Const(c) | Atom::Literal(c, _) if c.is_negative())
}

fn print(e: &Expr, s: &dyn Fn(&super::Symbol) -> String, context: Context) -> String {
    match e {
        Node::Leaf(atom) => {
            let text = leaf(atom, s);
            let fraction = text.contains('/');
            let needed = match context {
                Context::Free | Context::Term => false,
                Context::Factor => is_negative_leaf(atom) || fraction,
                Context::Base => is_negative_leaf(atom) || fraction || text.contains('e'),
            };
            parenthesize(text, needed && !matches!(atom, Atom::Sym(_) | Atom::Var(_)))
        }
        Node::Add(terms) => {
            let mut out = String::new();
            for (index, term) in terms.iter().enumerate() {
                match term {
                    Node::Neg(inner) if index > 0 => {
                        out.push_str(" - ");
                        out.push_str(&print(inner, s, Context::Factor));
                    }
                    Node::Leaf(atom) if index > 0 && is_negative_leaf(atom) => {
                        out.push_str(" - ");
                        out.push_str(&print(&e_abs(atom), s, Context::Factor));
                    }
                    other => {
                        if index > 0 {
                            out.push_str(" + ");
                        }
                        out.push_str(&print(other, s, Context::Term));
                    }
                }
            }
            parenthesize(out, context >= Context::Factor)
        }
        Node::Neg(inner) => {
            let text = format!("-{}", print(inner, s, Context::Base));
            parenthesize(text, context >= Context::Factor)
        }
        Node::Mul(factors) => {
            let (over, top): (Vec<&Expr>, Vec<&Expr>) = factors
                .iter()
                .partition(|f| matches!(f, Node::Pow(_, p) if *p < 0));
            let mut text = if top.is_empty() {
                "1".to_owned()
            } else {
                top.iter()
                    .map(|f| print(f, s, Context::Factor))
                    .collect::<Vec<_>>()
                    .join(" * ")
            };
            for f in over {
                let Node::Pow(base, p) = f else { continue };
                text.push_str(" / ");
                text.push_str(&denominator(base, -p, s));
            }
            parenthesize(text, context >= Context::Base)
        }
        Node::Pow(base, p) if *p < 0 => {
            let text = format!("1 / {}", denominator(base, -p, s));
            parenthesize(text, context >= Context::Factor)
        }
        Node::Pow(base, p) => {
            let text = format!("{} ** {p}", print(base, s, Context::Base));
            parenthesize(text, context >= Context::Base)
        }
        Node::Apply(func, argument) => application(func, argument, s),
        Node::If(p) => {
            let text = format!(
                "{} if {} {} {} else {}",
                print(&p.then, s, Context::Factor),
                print(&p.left, s, Context::Factor),
                relation(p.relation),
                print(&p.right, s, Context::Factor),
                print(&p.otherwise, s, Context::Factor),
            );
            parenthesize(text, context > Context::Free)
        }
    }
}

fn e_abs(atom: &Atom) -> Expr {
    match atom {
        Atom::Const(c) => Node::Leaf(Atom::Const(c.abs())),
        Atom::Literal(c, text) => Node::Leaf(Atom::Literal(
            c.abs(),
            text.trim_start_matches('-').to_owned(),
        )),
        other => Node::Leaf(other.clone()),
    }
}

/// The divisor `base ** power` after a `/`.
fn denominator(base: &Expr, power: i32, s: &dyn Fn(&super::Symbol) -> String) -> String {
    if power == 1 {
        print(base, s, Context::Base)
    } else {
        format!("{} ** {power}", print(base, s, Context::Base))
    }
}

fn relation(r: Relation) -> &'static str {
    r.text()
}

fn application(func: &Func, argument: &Expr, s: &dyn Fn(&super::Symbol) -> String) -> String {
    let u = print(argument, s, Context::Free);
    match func {
        Func::Exp => format!("np.exp({u})"),
        Func::Ln => format!("np.log({u})"),
        Func::Root(2) => format!("np.sqrt({u})"),
        Func::Root(k) => format!("root({u}, {k})"),
        Func::Abs => format!("abs({u})"),
        Func::Sign => format!("np.sign({u})"),
        Func::Sigmoid => format!("sigmoid({u})"),
        Func::Tanh => format!("np.tanh({u})"),
        Func::Cosh => format!("np.cosh({u})"),
        Func::Sinh => format!("np.sinh({u})"),
        Func::Relu => format!("relu({u})"),
        Func::LeakyRelu(alpha) => format!("leaky_relu({u}, {})", number(alpha, None)),
        Func::Softplus => format!("softplus({u})"),
        Func::Step => format!("heaviside({u})"),
        Func::LeakyStep(alpha) if alpha.is_one() => "1.0".to_owned(),
        Func::LeakyStep(alpha) => format!("leaky_step({u}, {})", number(alpha, None)),
        Func::Named(f) => format!("{}({u})", names::identifier(&f.name)),
    }
}

/// A line of Python broken to fit `width` columns where it can be: after
/// a comma or before an operator inside brackets, continuation lines
/// indented four more spaces. An assignment too long for one line has its
/// right-hand side put in parentheses first, so it can break anywhere.
pub fn wrap(line: &str, width: usize) -> Vec<String> {
    if line.len() <= width {
        return vec![line.to_owned()];
    }
    let indent = line.len() - line.trim_start().len();
    let line = match line.split_once(" = ") {
        Some((lhs, rhs)) if !lhs.contains(['(', '"']) && !rhs.starts_with('(') => {
            format!("{lhs} = ({rhs})")
        }
        _ => line.to_owned(),
    };
    // Where a line may break: the byte at which the next line starts.
    let bytes = line.as_bytes();
    let mut depth = 0usize;
    let mut in_string = false;
    let mut breaks = Vec::new();
    for (i, &c) in bytes.iter().enumerate() {
        match c {
            b'"' => in_string = !in_string,
            _ if in_string => {}
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            b',' if depth > 0 && bytes.get(i + 1) == Some(&b' ') => breaks.push((i + 1, i + 2)),
            b' ' if depth > 0
                && matches!(bytes.get(i + 1), Some(b'+' | b'-' | b'*' | b'/'))
                && bytes.get(i + 2) == Some(&b' ') =>
            {
                breaks.push((i, i + 1));
            }
            _ => {}
        }
    }
    let continuation = " ".repeat(indent + 4);
    let mut lines = Vec::new();
    let mut start = 0;
    let mut prefix = String::new();
    loop {
        let room = width.saturating_sub(prefix.len());
        if line.len() - start <= room {
            lines.push(format!("{prefix}{}", &line[start..]));
            break;
        }
        let fitting = breaks
            .iter()
            .rfind(|(end, next)| *end > start && *next > start && end - start <= room)
            .or_else(|| breaks.iter().find(|(end, _)| *end > start));
        let Some(&(end, next)) = fitting else {
            lines.push(format!("{prefix}{}", &line[start..]));
            break;
        };
        lines.push(format!("{prefix}{}", &line[start..end]));
        start = next;
        prefix.clone_from(&continuation);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ids::{LayerId, UnitId};
    use crate::symbolic::{Quantity, Symbol};

    fn z() -> Expr {
        Expr::sym(Symbol::of(Quantity::PreActivation {
            layer: LayerId(0),
            unit: UnitId(1),
        }))
    }

    fn show(e: &Expr) -> String {
        to_python(e, &names::reference)
    }

    #[test]
    fn prints_with_python_precedence() {
        let sigmoid = Expr::apply(Func::Sigmoid, z());
        let slope = Node::Mul(vec![
            sigmoid.clone(),
            Node::Add(vec![Expr::int(1), sigmoid.negate()]),
        ]);
        assert_eq!(show(&slope), "sigmoid(z1[1]) * (1 - sigmoid(z1[1]))");
        let half = Node::Mul(vec![Expr::ratio(1, 2), z().pow(2)]);
        assert_eq!(show(&half), "(1 / 2) * z1[1] ** 2");
        let over = Node::Mul(vec![z(), Node::Add(vec![Expr::int(1), z()]).pow(-1)]);
        assert_eq!(show(&over), "z1[1] / (1 + z1[1])");
        let neg_base = Expr::int(-2).pow(2);
        assert_eq!(show(&neg_base), "(-2) ** 2");
        assert_eq!(show(&z().negate().pow(2)), "(-z1[1]) ** 2");
    }

    #[test]
    fn long_lines_break_inside_brackets() {
        let line = "    z1[0] = W1[0, 0] * x[0] + W1[0, 1] * x[1] + W1[0, 2] * x[2] + b1[0]";
        let lines = wrap(line, 40);
        assert!(lines.iter().all(|l| l.len() <= 40), "{lines:?}");
        assert_eq!(lines[0], "    z1[0] = (W1[0, 0] * x[0] + W1[0, 1]");
        assert_eq!(lines[1], "        * x[1] + W1[0, 2] * x[2]");
        assert_eq!(lines[2], "        + b1[0])");
        let call = "show(\"W1\", W1, [[\"0.1\", \"0.2\"], [\"0.3\", \"0.4\"]])";
        let lines = wrap(call, 30);
        assert!(lines.iter().all(|l| l.len() <= 30), "{lines:?}");
        assert_eq!(wrap("x = 1", 30), vec!["x = 1"]);
    }

    #[test]
    fn numbers_keep_their_decimal_text() {
        let value = BigRational::new(3.into(), 10.into());
        assert_eq!(number(&value, Some("0.3")), "0.3");
        assert_eq!(number(&value, Some("3/10")), "3 / 10");
        assert!(is_python_decimal("1e-3"));
        assert!(!is_python_decimal("1e"));
        assert!(!is_python_decimal(".5"));
    }
}
