//! Number literals: text → exact rational, with the limits on their size.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{Signed, Zero};

use super::limits::{MAX_LITERAL_DIGITS, MAX_LITERAL_EXPONENT, MAX_LITERAL_MAGNITUDE};
use super::network::Literal;

/// Why a literal could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct LiteralError {
    pub(super) message: String,
    /// The text under the caret.
    pub(super) label: &'static str,
    pub(super) help: String,
}

/// Reads a number as written in a `.net` file (`-0.3`, `2.5E2`, `-7/20`, `−1`).
pub(super) fn parse_literal(raw: &str) -> Result<Literal, LiteralError> {
    let text: String = raw
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(normalize_minus)
        .collect();
    let value = match text.split_once('/') {
        Some((numerator, denominator)) => {
            let numerator = parse_decimal(numerator, raw)?;
            let denominator = parse_decimal(denominator, raw)?;
            if denominator.is_zero() {
                return Err(LiteralError {
                    message: format!("`{raw}` divides by zero"),
                    label: "division by zero",
                    help: "the number below the `/` must not be 0".into(),
                });
            }
            numerator / denominator
        }
        None => parse_decimal(&text, raw)?,
    };
    if value.abs() > BigRational::from_integer(BigInt::from(10).pow(MAX_LITERAL_MAGNITUDE)) {
        return Err(LiteralError {
            message: format!("`{raw}` is too large"),
            label: "too large",
            help: format!(
                "numbers in a network description are at most 10^{MAX_LITERAL_MAGNITUDE} in size"
            ),
        });
    }
    Ok(Literal { value, text })
}

fn normalize_minus(c: char) -> char {
    if c == '\u{2212}' { '-' } else { c }
}

/// Reads `[sign] digits [. digits] [e [sign] digits]` exactly.
fn parse_decimal(text: &str, raw: &str) -> Result<BigRational, LiteralError> {
    let unreadable = || LiteralError {
        message: format!("cannot read the number `{raw}`"),
        label: "not a number",
        help: "write numbers like `0.5`, `-3`, `1e-3` or `7/20`".into(),
    };
    let (negative, unsigned) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => {
            let exponent: i64 = unsigned[at + 1..].parse().map_err(|_| unreadable())?;
            (&unsigned[..at], exponent)
        }
        None => (unsigned, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = format!("{whole}{fraction}");
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(unreadable());
    }
    if digits.trim_start_matches('0').len() > MAX_LITERAL_DIGITS {
        return Err(LiteralError {
            message: format!("`{raw}` has too many digits"),
            label: "too many digits",
            help: format!("numbers may have at most {MAX_LITERAL_DIGITS} significant digits"),
        });
    }
    if exponent.abs() > MAX_LITERAL_EXPONENT {
        return Err(LiteralError {
            message: format!("the exponent of `{raw}` is out of range"),
            label: "exponent out of range",
            help: format!("exponents go from -{MAX_LITERAL_EXPONENT} to {MAX_LITERAL_EXPONENT}"),
        });
    }
    let mantissa: BigInt = digits.parse().map_err(|_| unreadable())?;
    let scale = exponent - i64::try_from(fraction.len()).map_err(|_| unreadable())?;
    let ten = BigInt::from(10);
    let power = u32::try_from(scale.unsigned_abs()).map_err(|_| unreadable())?;
    let magnitude = if scale >= 0 {
        BigRational::from_integer(mantissa * ten.pow(power))
    } else {
        BigRational::new(mantissa, ten.pow(power))
    };
    Ok(if negative { -magnitude } else { magnitude })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(text: &str) -> BigRational {
        parse_literal(text)
            .map(|l| l.value)
            .unwrap_or_else(|e| panic!("{text}: {e:?}"))
    }

    fn ratio(n: i64, d: i64) -> BigRational {
        BigRational::new(n.into(), d.into())
    }

    #[test]
    fn reads_every_form_exactly() {
        assert_eq!(value("0.5"), ratio(1, 2));
        assert_eq!(value("-0.3"), ratio(-3, 10));
        assert_eq!(value("2"), ratio(2, 1));
        assert_eq!(value("1e-3"), ratio(1, 1000));
        assert_eq!(value("2.5E2"), ratio(250, 1));
        assert_eq!(value("1/3"), ratio(1, 3));
        assert_eq!(value("-7/20"), ratio(-7, 20));
        assert_eq!(value("\u{2212}0.25"), ratio(-1, 4));
        assert_eq!(value(".5"), ratio(1, 2));
        assert_eq!(value("0.1"), ratio(1, 10));
    }

    #[test]
    fn rejects_what_cannot_be_exact_or_is_too_big() {
        assert!(parse_literal("1/0").is_err());
        assert!(parse_literal("1e999999999").is_err());
        assert!(parse_literal("1e20").is_err());
    }
}
