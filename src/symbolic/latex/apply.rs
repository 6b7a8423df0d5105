//! TeX of function applications: each building block's notation, a
//! function defined by a formula as an operator name, and functions in
//! pieces (`max`, `min`, or `cases`).

use num_traits::One;

use super::{Context, LatexLeaf, Notation, constant, print};
use crate::symbolic::expr::{Func, Node, Piecewise, Relation};

/// Functions whose power is written `\tanh^{2}(u)` rather than `(\tanh(u))^{2}`.
pub(super) fn power_name(func: &Func) -> Option<String> {
    match func {
        Func::Tanh => Some("\\tanh".to_owned()),
        Func::Sigmoid => Some("\\sigma".to_owned()),
        Func::Cosh => Some("\\cosh".to_owned()),
        Func::Sinh => Some("\\sinh".to_owned()),
        Func::Named(f) => Some(operator_name(&f.name)),
        Func::Exp
        | Func::Ln
        | Func::Root(_)
        | Func::Abs
        | Func::Sign
        | Func::Relu
        | Func::LeakyRelu(_)
        | Func::Softplus
        | Func::Step
        | Func::LeakyStep(_) => None,
    }
}

/// `\operatorname{hard\_sigmoid}`: a name from the table or the file as a
/// TeX operator (names are `[A-Za-z_][A-Za-z0-9_]*`, so `_` is the only
/// character TeX needs escaped).
pub fn operator_name(name: &str) -> String {
    format!("\\operatorname{{{}}}", name.replace('_', "\\_"))
}

/// `max(a, b)` and `min(a, b)` are pieces whose values are the condition's sides.
pub(super) fn extremum<L: PartialEq>(p: &Piecewise<L>) -> Option<&'static str> {
    if p.then != p.left || p.otherwise != p.right {
        return None;
    }
    match p.relation {
        Relation::GreaterEqual => Some("\\max"),
        Relation::LessEqual => Some("\\min"),
        Relation::Less | Relation::Greater => None,
    }
}

/// `\max(a, b)`, or the two pieces as `cases`.
pub(super) fn print_pieces<L: LatexLeaf>(p: &Piecewise<L>, n: &Notation) -> String {
    if let Some(name) = extremum(p) {
        return format!(
            "{name}\\left({}, {}\\right)",
            print(&p.left, n, Context::Free),
            print(&p.right, n, Context::Free)
        );
    }
    format!(
        "\\begin{{cases}} {} & \\text{{if }} {} {} {} \\\\ {} & \\text{{otherwise}} \\end{{cases}}",
        print(&p.then, n, Context::Free),
        print(&p.left, n, Context::Free),
        p.relation.tex(),
        print(&p.right, n, Context::Free),
        print(&p.otherwise, n, Context::Free),
    )
}

pub(super) fn print_application<L: LatexLeaf>(
    func: &Func,
    argument: &Node<L>,
    n: &Notation,
) -> String {
    let inner = print(argument, n, Context::Free);
    match func {
        Func::Exp => format!("e^{{{inner}}}"),
        Func::Ln => format!("\\ln\\left({inner}\\right)"),
        Func::Root(2) => format!("\\sqrt{{{inner}}}"),
        Func::Root(k) => format!("\\sqrt[{k}]{{{inner}}}"),
        Func::Abs => format!("\\left|{inner}\\right|"),
        Func::Sign => format!("\\operatorname{{sign}}\\left({inner}\\right)"),
        Func::Sigmoid => format!("\\sigma\\left({inner}\\right)"),
        Func::Tanh => format!("\\tanh\\left({inner}\\right)"),
        Func::Cosh => format!("\\cosh\\left({inner}\\right)"),
        Func::Sinh => format!("\\sinh\\left({inner}\\right)"),
        Func::Relu => format!("\\max\\left(0, {inner}\\right)"),
        Func::LeakyRelu(alpha) => {
            let factor = print(argument, n, Context::Factor);
            format!("\\max\\left({} {factor}, {inner}\\right)", constant(alpha))
        }
        Func::Softplus => format!("\\operatorname{{softplus}}\\left({inner}\\right)"),
        Func::Step => format!("\\mathbf{{1}}[{inner} > 0]"),
        Func::LeakyStep(alpha) => {
            if alpha.is_one() {
                "1".to_owned()
            } else {
                format!(
                    "\\left(\\mathbf{{1}}[{inner} > 0] + {}\\,\\mathbf{{1}}[{inner} \\le 0]\\right)",
                    constant(alpha)
                )
            }
        }
        Func::Named(f) => format!("{}\\left({inner}\\right)", operator_name(&f.name)),
    }
}
