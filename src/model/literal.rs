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
                    message: format!("`{}` divides by zero", quoted(raw)),
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
            message: format!("`{}` is too large", quoted(raw)),
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

/// A literal as it is quoted in a message: in full when short, otherwise
/// its start and end (a number may be written with a thousand zeros).
fn quoted(raw: &str) -> String {
    const KEEP: usize = 12;
    let chars: Vec<char> = raw.chars().collect();
    if chars.len() <= 3 * KEEP {
        return raw.to_owned();
    }
    let head: String = chars[..KEEP].iter().collect();
    let tail: String = chars[chars.len() - KEEP..].iter().collect();
    format!("{head}…{tail} ({} characters)", chars.len())
}

/// Reads `[sign] digits [. digits] [e [sign] digits]` exactly.
///
/// The limits are on what the number *is*, not only on how it is written:
/// at most [`MAX_LITERAL_DIGITS`] significant digits (from the first
/// non-zero digit to the last), and both the first and the last of them
/// within 10^±[`MAX_LITERAL_EXPONENT`] — so `0.000…01` with a thousand
/// zeros is refused like `1e-1001`, and `100000e-105` (= 10⁻¹⁰⁰) is read.
fn parse_decimal(text: &str, raw: &str) -> Result<BigRational, LiteralError> {
    let unreadable = || LiteralError {
        message: format!("cannot read the number `{}`", quoted(raw)),
        label: "not a number",
        help: "write numbers like `0.5`, `-3`, `1e-3` or `7/20`".into(),
    };
    let (negative, unsigned) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => (&unsigned[..at], Some(&unsigned[at + 1..])),
        None => (unsigned, None),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = format!("{whole}{fraction}");
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(unreadable());
    }
    let out_of_range = || exponent_error(raw);
    let exponent: i64 = match exponent {
        None => 0,
        Some(e) => {
            let body = e.strip_prefix(['+', '-']).unwrap_or(e);
            if body.is_empty() || !body.bytes().all(|b| b.is_ascii_digit()) {
                return Err(unreadable());
            }
            // Digits too many for an i64 are certainly out of range.
            e.parse().map_err(|_| out_of_range())?
        }
    };
    let significant = digits.trim_start_matches('0');
    let leading_zeros = digits.len() - significant.len();
    let significant = significant.trim_end_matches('0');
    if significant.is_empty() {
        return Ok(BigRational::zero());
    }
    if significant.len() > MAX_LITERAL_DIGITS {
        return Err(LiteralError {
            message: format!("`{}` has too many digits", quoted(raw)),
            label: "too many digits",
            help: format!("numbers may have at most {MAX_LITERAL_DIGITS} significant digits"),
        });
    }
    // The power of ten of the first significant digit and of the last.
    let length = |s: &str| i64::try_from(s.len()).map_err(|_| out_of_range());
    let first = (length(whole)? - 1 - length(&digits[..leading_zeros])?)
        .checked_add(exponent)
        .ok_or_else(out_of_range)?;
    let last = first - (length(significant)? - 1);
    if first > MAX_LITERAL_EXPONENT || last < -MAX_LITERAL_EXPONENT {
        return Err(out_of_range());
    }
    let mantissa: BigInt = significant.parse().map_err(|_| unreadable())?;
    let ten = BigInt::from(10);
    // |last| ≤ 100 + 40 here, so the power is small.
    let power = u32::try_from(last.unsigned_abs()).map_err(|_| unreadable())?;
    let magnitude = if last >= 0 {
        BigRational::from_integer(mantissa * ten.pow(power))
    } else {
        BigRational::new(mantissa, ten.pow(power))
    };
    Ok(if negative { -magnitude } else { magnitude })
}

/// A number whose digits reach beyond 10^±[`MAX_LITERAL_EXPONENT`].
fn exponent_error(raw: &str) -> LiteralError {
    LiteralError {
        message: format!(
            "`{}` is out of range: its digits reach beyond 10^±{MAX_LITERAL_EXPONENT}",
            quoted(raw)
        ),
        label: "out of range",
        help: format!(
            "the first and the last significant digit of a number must lie between 10^-{MAX_LITERAL_EXPONENT} and 10^{MAX_LITERAL_EXPONENT} (`1e-100` is the smallest non-zero number; leading zeros after the point count)"
        ),
    }
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
        assert!(parse_literal("1e99999999999999999999999").is_err());
        assert!(parse_literal("1e20").is_err());
    }

    #[test]
    fn limits_apply_to_the_value_not_only_the_written_exponent() {
        let zeros = |n: usize| "0".repeat(n);
        // 10⁻¹⁰⁰ written three ways is fine; 10⁻¹⁰¹ is not, however written.
        assert_eq!(
            value(&format!("0.{}1", zeros(99))),
            ratio(1, 1) / BigRational::from_integer(BigInt::from(10).pow(100))
        );
        assert_eq!(value("100000e-105"), value("1e-100"));
        assert!(parse_literal(&format!("0.{}1", zeros(100))).is_err());
        assert!(parse_literal(&format!("0.{}1", zeros(1000))).is_err());
        assert!(parse_literal(&format!("0.{}1e5", zeros(1000))).is_err());
        assert_eq!(value(&format!("0.{}1e1000", zeros(1000))), ratio(1, 10));
        // Zeros are not significant digits: trailing ones after the point are fine.
        assert_eq!(value(&format!("1.{}", zeros(1000))), ratio(1, 1));
        assert_eq!(value(&format!("{}5", zeros(1000))), ratio(5, 1));
        assert_eq!(value(&format!("0.{}", zeros(1000))), ratio(0, 1));
        // A long literal is quoted by its ends.
        let error = parse_literal(&format!("0.{}1", zeros(1000))).unwrap_err();
        assert!(
            error
                .message
                .contains("0.0000000000…000000000001 (1003 characters)"),
            "{}",
            error.message
        );
    }
}
