//! A forgiving tokeniser used only to explain syntax errors.
//!
//! pest says *where* the text stops making sense and which rules it tried;
//! this splits the text into rough tokens (words, numbers, titles,
//! punctuation), skipping comments, so the error message can talk about
//! "the `[` on line 2" or "the number `1.2.3`" instead of grammar rules. It
//! never fails: anything it does not recognise is a one-character token.

use crate::source::{Span, is_line_end};

/// What kind of rough token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// A name or keyword: `[A-Za-z_][A-Za-z0-9_]*`.
    Word,
    /// Something that starts like a number; it may be malformed (`1.2.3`, `1e`).
    Number,
    /// A double-quoted title; `closed` is false when the line ends first.
    Title {
        /// Whether the closing quote was found.
        closed: bool,
    },
    /// `->` or `→`.
    Arrow,
    /// Any other single character (punctuation or a stray character).
    Char(char),
}

/// One rough token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Token {
    /// Its kind.
    pub(super) kind: Kind,
    /// Where it is.
    pub(super) span: Span,
}

/// Splits `text` into rough tokens, skipping whitespace and comments.
pub(super) fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, ch)) = chars.next() {
        let next = chars.peek().map(|(_, c)| *c);
        let kind = match ch {
            _ if is_space(ch) => continue,
            '#' => {
                skip_line(&mut chars);
                continue;
            }
            '/' if next == Some('/') => {
                skip_line(&mut chars);
                continue;
            }
            '"' => Kind::Title {
                closed: skip_title(&mut chars),
            },
            '-' if next == Some('>') => {
                chars.next();
                Kind::Arrow
            }
            '\u{2192}' => Kind::Arrow,
            _ if ch.is_ascii_alphabetic() || ch == '_' => {
                skip_while(&mut chars, |c, _| c.is_ascii_alphanumeric() || c == '_');
                Kind::Word
            }
            _ if starts_number(ch, next, &text[start + ch.len_utf8()..]) => {
                skip_number(&mut chars);
                Kind::Number
            }
            other => Kind::Char(other),
        };
        let end = chars.peek().map_or(text.len(), |(i, _)| *i);
        tokens.push(Token {
            kind,
            span: Span::new(start, end),
        });
    }
    tokens
}

type Chars<'a> = std::iter::Peekable<std::str::CharIndices<'a>>;

fn is_space(ch: char) -> bool {
    matches!(ch, ' ' | '\t' | '\u{FEFF}' | '\u{A0}') || is_line_end(ch)
}

fn skip_line(chars: &mut Chars<'_>) {
    skip_while(chars, |c, _| !is_line_end(c));
}

/// Skips while `keep(char, previous char)` holds.
fn skip_while(chars: &mut Chars<'_>, keep: impl Fn(char, char) -> bool) {
    let mut previous = '\0';
    while let Some((_, c)) = chars.peek() {
        if !keep(*c, previous) {
            break;
        }
        previous = *c;
        chars.next();
    }
}

/// Skips the rest of a title after its opening quote; true when it closes.
fn skip_title(chars: &mut Chars<'_>) -> bool {
    while let Some((_, c)) = chars.peek().copied() {
        match c {
            _ if is_line_end(c) => return false,
            '"' => {
                chars.next();
                return true;
            }
            '\\' => {
                chars.next();
                if chars.peek().is_some_and(|(_, c)| !is_line_end(*c)) {
                    chars.next();
                }
            }
            _ => {
                chars.next();
            }
        }
    }
    false
}

fn is_minus(ch: char) -> bool {
    matches!(ch, '-' | '+' | '\u{2212}')
}

/// A digit, `.5`, or a sign directly before either.
fn starts_number(ch: char, next: Option<char>, rest: &str) -> bool {
    let digit_or_point = |c: Option<char>, after: &str| match c {
        Some(c) if c.is_ascii_digit() => true,
        Some('.') => after.chars().nth(1).is_some_and(|c| c.is_ascii_digit()),
        _ => false,
    };
    if ch.is_ascii_digit() {
        return true;
    }
    if ch == '.' {
        return next.is_some_and(|c| c.is_ascii_digit());
    }
    is_minus(ch) && digit_or_point(next, rest)
}

/// A number runs on through letters, digits, `_` and `.`, and through a
/// sign right after an exponent marker, so `1.2.3` and `2x` are one token.
fn skip_number(chars: &mut Chars<'_>) {
    skip_while(chars, |c, previous| {
        c.is_ascii_alphanumeric()
            || c == '_'
            || c == '.'
            || (is_minus(c) && matches!(previous, 'e' | 'E'))
    });
}

/// Whether a number token is a literal the grammar's `decimal` rule accepts:
/// `[sign] (digits [. digits] | . digits) [e [sign] digits]`.
pub(super) fn is_valid_number(text: &str) -> bool {
    let text = text.strip_prefix(['-', '+', '\u{2212}']).unwrap_or(text);
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(at) => (&text[..at], Some(&text[at + 1..])),
        None => (text, None),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = digits(whole)
        && digits(fraction)
        && (!whole.is_empty() || !fraction.is_empty())
        && (mantissa.contains('.') || !whole.is_empty());
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+', '\u{2212}']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exponent_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(Kind, &str)> {
        tokenize(text)
            .into_iter()
            .map(|t| (t.kind, &text[t.span.start..t.span.end]))
            .collect()
    }

    #[test]
    fn splits_rough_tokens_and_skips_comments() {
        assert_eq!(
            kinds("x = [1.2.3, -0.5] # note\n[0] -> \"t\" // c\n\"open"),
            [
                (Kind::Word, "x"),
                (Kind::Char('='), "="),
                (Kind::Char('['), "["),
                (Kind::Number, "1.2.3"),
                (Kind::Char(','), ","),
                (Kind::Number, "-0.5"),
                (Kind::Char(']'), "]"),
                (Kind::Char('['), "["),
                (Kind::Number, "0"),
                (Kind::Char(']'), "]"),
                (Kind::Arrow, "->"),
                (Kind::Title { closed: true }, "\"t\""),
                (Kind::Title { closed: false }, "\"open"),
            ]
        );
    }

    #[test]
    fn knows_the_grammar_numbers() {
        for good in [
            "0.5",
            "-0.3",
            "2",
            "1e-3",
            "2.5E2",
            ".5",
            "2.",
            "\u{2212}1",
            "1e\u{2212}3",
        ] {
            assert!(is_valid_number(good), "{good}");
        }
        for bad in ["1.2.3", "1e", "2x", "1e-", ".", "-", "1..2", "0x10"] {
            assert!(!is_valid_number(bad), "{bad}");
        }
    }
}
