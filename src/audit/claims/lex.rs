//! Tokens of a claims line, each with its byte span in the claims file.
//!
//! Accepts what a book prints: `−` (U+2212) and `–` as minus, `×`, `·`,
//! `⋅` and `\cdot` as times, `÷` and `/`, `≈`, `~` and `\approx` besides
//! `=`, `′` as a prime, `$` around formulas (ignored), and a few LaTeX
//! commands (`\frac`, `\exp`, `\sigma`, `\left(` …).

use crate::diagnostic::Diagnostic;
use crate::source::Span;

/// What a token is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tok {
    /// A decimal number as written (`0.6457`, `1e-3`, `.5`).
    Number(String),
    /// `½`, `¼` or `¾`: an exact fraction (numerator, denominator).
    Fraction(u8, u8),
    /// A word (`exp`, `sigma`, `a`, `new`, `σ`, `ŷ`, `δ`).
    Word(String),
    /// A LaTeX command without its backslash (`frac`, `cdot`).
    Command(String),
    /// `+`.
    Plus,
    /// `-`, `−` or `–`.
    Minus,
    /// `*`, `×`, `·`, `⋅`, `∙`, `\cdot`, `\times`.
    Times,
    /// `/`, `÷`, `\div`.
    Divide,
    /// `^`.
    Caret,
    /// `(` or `\left(`.
    Open,
    /// `)` or `\right)`.
    Close,
    /// `{`.
    OpenBrace,
    /// `}`.
    CloseBrace,
    /// `[`.
    OpenBracket,
    /// `]`.
    CloseBracket,
    /// `,`.
    Comma,
    /// `'`, `′` or `’`.
    Prime,
    /// `=`.
    Equals,
    /// `≈`, `~`, `~=`, `≃`, `\approx`.
    Approx,
}

/// A token and where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The token.
    pub tok: Tok,
    /// Its bytes in the claims file.
    pub span: Span,
}

fn is_word_start(ch: char) -> bool {
    ch.is_ascii_alphabetic() || ch == '_' || matches!(ch, 'σ' | 'δ' | 'ŷ' | 'η')
}

fn is_word_char(ch: char) -> bool {
    ch.is_ascii_alphanumeric() || ch == '_'
}

/// Reads the digits, point and exponent of a number starting at `start`.
fn number_end(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut end = start;
    while end < bytes.len() && (bytes[end].is_ascii_digit() || bytes[end] == b'.') {
        end += 1;
    }
    // An exponent only when digits follow (`1e-3`); `2e^x` keeps its `e`.
    if end < bytes.len() && matches!(bytes[end], b'e' | b'E') {
        let mut at = end + 1;
        if at < bytes.len() && matches!(bytes[at], b'+' | b'-') {
            at += 1;
        }
        if at < bytes.len() && bytes[at].is_ascii_digit() {
            while at < bytes.len() && bytes[at].is_ascii_digit() {
                at += 1;
            }
            end = at;
        }
    }
    end
}

/// The token for a LaTeX command, or `None` for one that is only spacing.
fn command(name: &str) -> Option<Tok> {
    Some(match name {
        "cdot" | "times" | "ast" => Tok::Times,
        "div" => Tok::Divide,
        "approx" | "simeq" | "sim" => Tok::Approx,
        "left" | "right" | "big" | "Big" | "bigl" | "bigr" | "," | ";" | "!" | " " | "quad" => {
            return None;
        }
        "sigma" => Tok::Word("σ".to_owned()),
        "delta" => Tok::Word("δ".to_owned()),
        "eta" => Tok::Word("η".to_owned()),
        "hat" => Tok::Command("hat".to_owned()),
        other => Tok::Command(other.to_owned()),
    })
}

/// Splits one line (`text[start..end]` of the file) into tokens.
///
/// # Errors
/// A [`Diagnostic`] at the first character that starts no token.
pub fn tokens(text: &str, start: usize, end: usize) -> Result<Vec<Token>, Diagnostic> {
    let mut out = Vec::new();
    let mut at = start;
    while at < end {
        let rest = &text[at..end];
        let ch = rest.chars().next().unwrap_or(' ');
        let width = ch.len_utf8();
        let single = |tok: Tok| Some((tok, at + width));
        let read = match ch {
            _ if ch.is_whitespace() || ch == '$' => None,
            '0'..='9' | '.' => {
                let stop = number_end(text, at).min(end);
                Some((Tok::Number(text[at..stop].to_owned()), stop))
            }
            '½' => single(Tok::Fraction(1, 2)),
            '¼' => single(Tok::Fraction(1, 4)),
            '¾' => single(Tok::Fraction(3, 4)),
            '+' => single(Tok::Plus),
            '-' | '−' | '–' => single(Tok::Minus),
            '*' | '×' | '·' | '⋅' | '∙' => single(Tok::Times),
            '/' | '÷' => single(Tok::Divide),
            '^' => single(Tok::Caret),
            '(' => single(Tok::Open),
            ')' => single(Tok::Close),
            '{' => single(Tok::OpenBrace),
            '}' => single(Tok::CloseBrace),
            '[' => single(Tok::OpenBracket),
            ']' => single(Tok::CloseBracket),
            ',' => single(Tok::Comma),
            '\'' | '′' | '’' => single(Tok::Prime),
            '=' => single(Tok::Equals),
            '≈' | '≃' => single(Tok::Approx),
            '~' => {
                let next = if rest[1..].starts_with('=') {
                    at + 2
                } else {
                    at + 1
                };
                Some((Tok::Approx, next))
            }
            '\\' => {
                let name_len = rest[1..]
                    .chars()
                    .take_while(char::is_ascii_alphabetic)
                    .map(char::len_utf8)
                    .sum::<usize>();
                // `\,` and friends are one character long.
                let name_len = if name_len == 0 {
                    rest[1..].chars().next().map_or(0, char::len_utf8)
                } else {
                    name_len
                };
                let stop = at + 1 + name_len;
                match command(&text[at + 1..stop]) {
                    Some(tok) => Some((tok, stop)),
                    None => {
                        at = stop;
                        continue;
                    }
                }
            }
            _ if is_word_start(ch) => {
                let stop = at
                    + width
                    + rest[width..]
                        .chars()
                        .take_while(|c| is_word_char(*c))
                        .map(char::len_utf8)
                        .sum::<usize>();
                Some((Tok::Word(text[at..stop].to_owned()), stop))
            }
            _ => {
                return Err(Diagnostic::error(
                    format!("`{ch}` has no meaning in a claim"),
                    Span::new(at, at + width),
                    "not understood",
                )
                .with_help(
                    "write a claim as `a[1][1] = 0.6457` or `exp(-0.6) = 0.5488`, with + - * / ^ and parentheses",
                ));
            }
        };
        match read {
            Some((tok, stop)) => {
                out.push(Token {
                    tok,
                    span: Span::new(at, stop),
                });
                at = stop;
            }
            None => at += width,
        }
    }
    Ok(out)
}
