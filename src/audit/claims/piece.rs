//! Pieces of a claim's formula while it is parsed: the expression of the
//! symbolic core, and what the claim's reading needs of its shape (a
//! plain number, a power of ten for scientific notation, Euler's number
//! for `e^x`), with the rules for products and powers.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, ToPrimitive};

use super::Number;
use crate::functions::Func;
use crate::symbolic::{Expr, Node};

/// The largest denominator of an exponent written as a number that is
/// taken as a root (`x^0.5` is √x); others are e^(y ln x).
const MAX_ROOT: u32 = 64;

/// A parsed piece of a formula: its expression, and what the claim's
/// reading needs to know of its shape.
#[derive(Debug, Clone)]
pub(super) struct Piece {
    pub(super) expr: Expr,
    /// The number as written, when the piece is a plain (signed) number.
    pub(super) number: Option<Number>,
    /// `k` when the piece is `10^k`, for `8.756 × 10^{-27}`.
    pub(super) ten_power: Option<i64>,
    /// Whether the piece is Euler's number `e` alone (for `e^x`).
    pub(super) euler: bool,
}

impl Piece {
    pub(super) fn formula(expr: Expr) -> Piece {
        Piece {
            expr,
            number: None,
            ten_power: None,
            euler: false,
        }
    }

    pub(super) fn number(number: Number) -> Piece {
        Piece {
            expr: Expr::constant(number.value.clone()),
            number: Some(number),
            ten_power: None,
            euler: false,
        }
    }
}

/// `a · b`, recognising `8.756 × 10^{-27}` as a number in scientific notation.
pub(super) fn product(left: Piece, right: Piece) -> Piece {
    if let (Some(m), Some(k)) = (&left.number, right.ten_power)
        && k.unsigned_abs() <= super::MAX_EXPONENT
    {
        let scale = BigRational::from_integer(
            BigInt::from(10).pow(u32::try_from(k.unsigned_abs()).unwrap_or(0)),
        );
        let value = if k >= 0 {
            &m.value * scale
        } else {
            &m.value / scale
        };
        return Piece::number(Number {
            value,
            decimals: m.decimals.map(|d| d - k),
            text: format!("{}e{k}", m.text),
        });
    }
    Piece::formula(Node::Mul(vec![left.expr, right.expr]))
}

/// `base ^ exponent`: e^x for Euler's number, an integer power, a power of
/// a root for a number with a small denominator (`x^0.5` is √x), and
/// otherwise e^(y ln x).
pub(super) fn power(base: Piece, exponent: Piece) -> Piece {
    if base.euler {
        return Piece::formula(Expr::apply(Func::Exp, exponent.expr));
    }
    let ten = BigRational::from_integer(BigInt::from(10));
    let Some(number) = &exponent.number else {
        return general_power(base.expr, exponent.expr);
    };
    let value = &number.value;
    let whole = value
        .is_integer()
        .then(|| value.to_integer().to_i64())
        .flatten();
    let ten_power = whole.filter(|_| base.number.as_ref().is_some_and(|n| n.value == ten));
    if let Some(n) = whole {
        let n = i32::try_from(n).unwrap_or(if n > 0 { i32::MAX } else { i32::MIN + 1 });
        return Piece {
            ten_power,
            ..Piece::formula(base.expr.pow(n))
        };
    }
    match (value.numer().to_i32(), value.denom().to_u32()) {
        (Some(p), Some(q)) if q <= MAX_ROOT => {
            let root = Expr::apply(Func::Root(q), base.expr);
            Piece::formula(if p.is_one() { root } else { root.pow(p) })
        }
        _ => general_power(base.expr, exponent.expr),
    }
}

/// x^y = e^(y ln x), for x > 0.
fn general_power(base: Expr, exponent: Expr) -> Piece {
    Piece::formula(Expr::apply(
        Func::Exp,
        Node::Mul(vec![exponent, Expr::apply(Func::Ln, base)]),
    ))
}
