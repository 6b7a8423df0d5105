//! The Pratt parser of one claim: elements separated by `=` or `≈`, each
//! a name, a number or a formula. Formulas are built straight into the
//! symbolic core's expression tree; functions are looked up in
//! [`Functions`] (the building blocks, the function table, the file's own).

use num_bigint::BigInt;
use num_rational::BigRational;

use super::functions::Functions;
use super::lex::{Tok, Token};
use super::piece::{Piece, power, product};
use super::{Claim, Element, Number, decimal_value};
use crate::audit::names::{Kind, NameRef};
use crate::diagnostic::Diagnostic;
use crate::functions::Func;
use crate::source::{Span, Spanned};
use crate::symbolic::{Expr, Node};

pub(super) struct Parser<'a> {
    tokens: Vec<Token>,
    at: usize,
    /// An empty span at the end of the line, for "expected …" at the end.
    end: Span,
    /// How deeply `expr` is recursing (a chain of signs or powers, `- - - 1`
    /// or `2^2^2`, recurses without brackets): at most [`super::MAX_DEPTH`].
    depth: usize,
    functions: &'a Functions,
}

/// Binding powers: `+ -` < `× / ÷` (and a product written without a sign)
/// < unary minus (`^`, right-associative, is read with its operand).
const SUM: u8 = 10;
const PRODUCT: u8 = 20;
const UNARY: u8 = 25;

fn word_of(tok: &Tok) -> Option<&str> {
    match tok {
        Tok::Word(w) => Some(w.as_str()),
        _ => None,
    }
}

fn describe(tok: Option<&Tok>) -> String {
    match tok {
        None => "the end of the line".to_owned(),
        Some(Tok::Number(n)) => format!("`{n}`"),
        Some(Tok::Word(w)) => format!("`{w}`"),
        Some(Tok::Command(c)) => format!("`\\{c}`"),
        Some(other) => format!(
            "`{}`",
            match other {
                Tok::Plus => "+",
                Tok::Minus => "-",
                Tok::Times => "*",
                Tok::Divide => "/",
                Tok::Caret => "^",
                Tok::Open => "(",
                Tok::Close => ")",
                Tok::OpenBrace => "{",
                Tok::CloseBrace => "}",
                Tok::OpenBracket => "[",
                Tok::CloseBracket => "]",
                Tok::Comma => ",",
                Tok::Prime => "'",
                Tok::Equals => "=",
                Tok::Approx => "≈",
                Tok::Fraction(..) => "½",
                Tok::Number(_) | Tok::Word(_) | Tok::Command(_) => "?",
            }
        ),
    }
}

impl<'a> Parser<'a> {
    pub(super) fn new(tokens: Vec<Token>, end: Span, functions: &'a Functions) -> Parser<'a> {
        Parser {
            tokens,
            at: 0,
            end,
            depth: 0,
            functions,
        }
    }

    fn peek(&self) -> Option<&Tok> {
        self.tokens.get(self.at).map(|t| &t.tok)
    }

    fn peek_at(&self, offset: usize) -> Option<&Tok> {
        self.tokens.get(self.at + offset).map(|t| &t.tok)
    }

    fn span(&self) -> Span {
        self.tokens.get(self.at).map_or(self.end, |t| t.span)
    }

    fn previous_end(&self) -> usize {
        self.at
            .checked_sub(1)
            .and_then(|i| self.tokens.get(i))
            .map_or(self.end.start, |t| t.span.end)
    }

    fn bump(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.at).cloned();
        self.at += 1;
        token
    }

    fn unexpected(&self, expected: &str) -> Diagnostic {
        Diagnostic::error(
            format!("expected {expected}, found {}", describe(self.peek())),
            self.span(),
            format!("expected {expected}"),
        )
    }

    fn expect(&mut self, tok: &Tok, expected: &str) -> Result<Span, Diagnostic> {
        if self.peek() == Some(tok) {
            Ok(self.bump().map_or(self.end, |t| t.span))
        } else {
            Err(self.unexpected(expected))
        }
    }

    pub(super) fn claim(&mut self, line: usize) -> Result<Claim, Diagnostic> {
        let mut elements = vec![self.element()?];
        while matches!(self.peek(), Some(Tok::Equals | Tok::Approx)) {
            self.bump();
            elements.push(self.element()?);
        }
        if self.peek().is_some() {
            return Err(self.unexpected("`=`, `≈`, an operator or the end of the line"));
        }
        let last = elements.last().map_or(self.end, |e| e.span);
        if elements.len() < 2 {
            return Err(Diagnostic::error(
                "a claim needs `=` or `≈` and the value claimed",
                Span::new(last.end, last.end),
                "expected `= VALUE`",
            )
            .with_help("write a claim as `a[1][1] = 0.6457` or `exp(-0.6) = 0.5488`"));
        }
        if !matches!(elements.last().map(|e| &e.node), Some(Element::Number(_))) {
            return Err(Diagnostic::error(
                "the value claimed, after the last `=` or `≈`, must be a number",
                last,
                "not a number",
            )
            .with_help("end the claim with the printed value, as `= 0.6457`"));
        }
        if let Some(Element::Number(n)) = elements.last().map(|e| &e.node)
            && n.decimals.is_none()
        {
            return Err(Diagnostic::error(
                "the value claimed must be written in decimals",
                last,
                "not a decimal",
            )
            .with_help("its decimals say how precisely it is claimed: write `0.5`, not `½`"));
        }
        if matches!(elements.first().map(|e| &e.node), Some(Element::Number(_))) {
            let first = elements[0].span;
            return Err(Diagnostic::error(
                "a claim starts with what is computed, not with a number",
                first,
                "a number alone",
            )
            .with_help("write the quantity or the formula first, as `a[1][1] = 0.6457`"));
        }
        Ok(Claim { line, elements })
    }

    /// A name standing alone (a `require` condition's quantity), or `None`
    /// when the tokens do not start a name.
    pub(super) fn lone_name(&mut self) -> Result<Option<NameRef>, Diagnostic> {
        if !self.at_name() {
            return Ok(None);
        }
        let name = self.name()?;
        if self.peek().is_some() {
            return Err(self.unexpected("the comparison after the name"));
        }
        Ok(Some(name))
    }

    /// Whether the next tokens start a name (`a[`, `new`, `yhat`, `W'`, `loss`).
    fn at_name(&self) -> bool {
        let Some(word) = self.peek().and_then(word_of) else {
            return false;
        };
        if word == "new" {
            return true;
        }
        let Some(kind) = Kind::from_word(word) else {
            // A name of the notation profile (`net_h1`, `w5+`) stands alone.
            let after = |k: usize| {
                matches!(self.peek_at(k), Some(Tok::Equals | Tok::Approx) | None)
                    || (self.peek_at(k) == Some(&Tok::Open)
                        && matches!(
                            self.peek_at(k + 1).and_then(word_of),
                            Some("example" | "update")
                        ))
            };
            return self.functions.profile.get(word).is_some()
                && (after(1) || (self.peek_at(1) == Some(&Tok::Plus) && after(2)));
        };
        let next = self.peek_at(1);
        let qualifier = matches!(
            self.peek_at(2).and_then(word_of),
            Some("example" | "update")
        );
        match kind {
            Kind::Prediction | Kind::Loss => {
                qualifier || !matches!(next, Some(Tok::Open | Tok::OpenBrace))
            }
            _ => {
                matches!(
                    next,
                    Some(Tok::OpenBracket | Tok::Prime | Tok::Equals | Tok::Approx) | None
                ) || (qualifier && next == Some(&Tok::Open))
            }
        }
    }

    fn element(&mut self) -> Result<Spanned<Element>, Diagnostic> {
        let start = self.span().start;
        if self.at_name() {
            let name = self.name()?;
            if !matches!(self.peek(), Some(Tok::Equals | Tok::Approx) | None) {
                return Err(Diagnostic::error(
                    "a named quantity stands alone on its side of `=`",
                    self.span(),
                    "expected `=` or `≈`",
                )
                .with_help(
                    "claim its value, as `a[1][1] = 0.6457`; arithmetic is written with numbers",
                ));
            }
            let span = name.span;
            return Ok(Spanned::new(Element::Named(name), span));
        }
        let piece = self.expr(0)?;
        let span = Span::new(start, self.previous_end());
        let element = match piece.node.number {
            Some(n) => Element::Number(n),
            None => Element::Arithmetic(piece.node.expr),
        };
        Ok(Spanned::new(element, span))
    }

    fn positive_integer(&mut self, what: &str) -> Result<Spanned<u64>, Diagnostic> {
        let span = self.span();
        match self.peek() {
            Some(Tok::Number(text)) if text.bytes().all(|b| b.is_ascii_digit()) => {
                let value = text.parse::<u64>().map_err(|_| self.unexpected(what))?;
                self.bump();
                Ok(Spanned::new(value, span))
            }
            _ => Err(self.unexpected(what)),
        }
    }

    fn name(&mut self) -> Result<NameRef, Diagnostic> {
        let start = self.span().start;
        let mut new = false;
        if self.peek().and_then(word_of) == Some("new") {
            self.bump();
            new = true;
        }
        let span = self.span();
        let word = self.peek().and_then(word_of).map(str::to_owned);
        let profile = word
            .as_deref()
            .and_then(|w| self.functions.profile.get(w))
            .map(|(kind, at)| (kind, at.to_vec()));
        let (mut kind, preset) = match (word.as_deref().and_then(Kind::from_word), profile) {
            (Some(kind), _) => (kind, None),
            (None, Some((kind, at))) => (kind, Some(at)),
            (None, None) => {
                return Err(self.unexpected("a quantity after `new`, such as `loss` or `a[1][1]`"));
            }
        };
        self.bump();
        if let Some(at) = preset {
            // A profile's name carries its indices; `+` marks the value
            // after the update, as the profile writes it (`w5+`).
            let mut kind_span = span;
            if self.peek() == Some(&Tok::Plus)
                && let Some(primed) = kind.primed()
            {
                let plus = self.bump().map_or(self.end, |t| t.span);
                kind = primed;
                kind_span = span.to(plus);
            }
            let (example, update) = self.qualifiers()?;
            return Ok(NameRef {
                new,
                kind: Spanned::new(kind, kind_span),
                indices: at.into_iter().map(|n| Spanned::new(n, span)).collect(),
                example,
                update,
                span: Span::new(start, self.previous_end()),
            });
        }
        let mut kind_span = span;
        if self.peek() == Some(&Tok::Prime) {
            let prime = self.bump().map_or(self.end, |t| t.span);
            kind = kind.primed().ok_or_else(|| {
                Diagnostic::error(
                    format!("`{}` has no primed form", kind.word()),
                    prime,
                    "unexpected prime",
                )
                .with_help("only the updated parameters are primed: `W'[l][i][j]` and `b'[l][i]`")
            })?;
            kind_span = span.to(prime);
        }
        let mut indices = Vec::new();
        while self.peek() == Some(&Tok::OpenBracket) {
            self.bump();
            loop {
                indices.push(self.positive_integer("an index such as `1`")?);
                if self.peek() == Some(&Tok::Comma) {
                    self.bump();
                    continue;
                }
                break;
            }
            self.expect(&Tok::CloseBracket, "`]`")?;
        }
        let (example, update) = self.qualifiers()?;
        Ok(NameRef {
            new,
            kind: Spanned::new(kind, kind_span),
            indices,
            example,
            update,
            span: Span::new(start, self.previous_end()),
        })
    }

    /// `(example 2, update 3)`, in either order, either part optional.
    #[allow(clippy::type_complexity)]
    fn qualifiers(&mut self) -> Result<(Option<Spanned<u64>>, Option<Spanned<u64>>), Diagnostic> {
        let (mut example, mut update) = (None, None);
        if self.peek() != Some(&Tok::Open) {
            return Ok((example, update));
        }
        self.bump();
        loop {
            let word = self.peek().and_then(word_of).map(str::to_owned);
            match word.as_deref() {
                Some("example") => {
                    self.bump();
                    example = Some(self.positive_integer("an example number")?);
                }
                Some("update") => {
                    self.bump();
                    update = Some(self.positive_integer("an update number")?);
                }
                _ => return Err(self.unexpected("`example N` or `update N`")),
            }
            if self.peek() == Some(&Tok::Comma) {
                self.bump();
                continue;
            }
            break;
        }
        self.expect(&Tok::Close, "`)`")?;
        Ok((example, update))
    }

    /// Whether the next token can start an operand multiplied without a sign
    /// (`½(0.4373)^2`, `2 e^{x}`; never a bare number: `2 3` is an error).
    fn starts_implicit_factor(&self) -> bool {
        match self.peek() {
            Some(Tok::Open | Tok::OpenBrace) => true,
            Some(Tok::Word(w)) => w == "e" || self.functions.knows(w),
            Some(Tok::Command(c)) => matches!(
                c.as_str(),
                "frac" | "tfrac" | "dfrac" | "exp" | "ln" | "tanh" | "cosh" | "sinh" | "sqrt"
            ),
            _ => false,
        }
    }

    fn expr(&mut self, min: u8) -> Result<Spanned<Piece>, Diagnostic> {
        if self.depth >= super::MAX_DEPTH {
            return Err(super::too_deep(self.span()));
        }
        self.depth += 1;
        let parsed = self.operations(min);
        self.depth -= 1;
        parsed
    }

    fn operations(&mut self, min: u8) -> Result<Spanned<Piece>, Diagnostic> {
        let mut left = self.prefix()?;
        loop {
            let (power, op) = match self.peek() {
                Some(Tok::Plus) => (SUM, Some(Tok::Plus)),
                Some(Tok::Minus) => (SUM, Some(Tok::Minus)),
                Some(Tok::Times) => (PRODUCT, Some(Tok::Times)),
                Some(Tok::Divide) => (PRODUCT, Some(Tok::Divide)),
                _ if self.starts_implicit_factor() => (PRODUCT, None),
                _ => break,
            };
            if power <= min {
                break;
            }
            if op.is_some() {
                self.bump();
            }
            let right = self.expr(power)?;
            let span = left.span.to(right.span);
            let (l, r) = (left.node, right.node);
            let piece = match op {
                Some(Tok::Plus) => Piece::formula(Node::Add(vec![l.expr, r.expr])),
                Some(Tok::Minus) => Piece::formula(Node::Add(vec![l.expr, r.expr.negate()])),
                Some(Tok::Divide) => Piece::formula(Node::Mul(vec![l.expr, r.expr.pow(-1)])),
                _ => product(l, r),
            };
            left = Spanned::new(piece, span);
        }
        Ok(left)
    }

    fn prefix(&mut self) -> Result<Spanned<Piece>, Diagnostic> {
        match self.peek() {
            Some(Tok::Minus) => {
                let start = self.bump().map_or(self.end, |t| t.span);
                let inner = self.expr(UNARY)?;
                let span = start.to(inner.span);
                let piece = match inner.node.number {
                    // `-0.5` is one number (its text keeps the sign).
                    Some(n) => Piece::number(Number {
                        value: -n.value,
                        decimals: n.decimals,
                        text: format!("-{}", n.text),
                    }),
                    None => Piece::formula(inner.node.expr.negate()),
                };
                Ok(Spanned::new(piece, span))
            }
            Some(Tok::Plus) => {
                self.bump();
                self.expr(UNARY)
            }
            _ => self.power(),
        }
    }

    /// A primary with an optional `^ exponent` (right-associative; the
    /// exponent may have a sign: `e^-0.6`).
    fn power(&mut self) -> Result<Spanned<Piece>, Diagnostic> {
        let base = self.primary()?;
        if self.peek() != Some(&Tok::Caret) {
            return Ok(base);
        }
        self.bump();
        let exponent = match self.peek() {
            Some(Tok::Minus | Tok::Plus) => self.prefix()?,
            _ => {
                // `2^2^2^…` recurses here without passing through `expr`.
                if self.depth >= super::MAX_DEPTH {
                    return Err(super::too_deep(self.span()));
                }
                self.depth += 1;
                let exponent = self.power();
                self.depth -= 1;
                exponent?
            }
        };
        let span = base.span.to(exponent.span);
        Ok(Spanned::new(power(base.node, exponent.node), span))
    }

    fn group(&mut self, close: &Tok, what: &str) -> Result<Spanned<Piece>, Diagnostic> {
        let open = self.bump().map_or(self.end, |t| t.span);
        let inner = self.expr(0)?;
        let end = self.expect(close, what)?;
        Ok(Spanned::new(inner.node, open.to(end)))
    }

    /// `(a, b, …)`: the arguments of a function.
    fn arguments(&mut self) -> Result<Spanned<Vec<Expr>>, Diagnostic> {
        let open = self.bump().map_or(self.end, |t| t.span);
        let mut arguments = vec![self.expr(0)?.node.expr];
        while self.peek() == Some(&Tok::Comma) {
            self.bump();
            arguments.push(self.expr(0)?.node.expr);
        }
        let end = self.expect(&Tok::Close, "`)`")?;
        Ok(Spanned::new(arguments, open.to(end)))
    }

    fn primary(&mut self) -> Result<Spanned<Piece>, Diagnostic> {
        let span = self.span();
        match self.peek().cloned() {
            Some(Tok::Number(text)) => {
                let (value, decimals) = decimal_value(&text).ok_or_else(|| {
                    if text.contains(['e', 'E']) {
                        Diagnostic::error(
                            format!(
                                "`{text}` is beyond the numbers a claim may use (powers of ten up to ±{})",
                                super::MAX_EXPONENT
                            ),
                            span,
                            "too large or too small",
                        )
                    } else {
                        Diagnostic::error(format!("`{text}` is not a number"), span, "not a number")
                    }
                })?;
                self.bump();
                Ok(Spanned::new(
                    Piece::number(Number {
                        value,
                        decimals: Some(decimals),
                        text,
                    }),
                    span,
                ))
            }
            Some(Tok::Fraction(n, d)) => {
                self.bump();
                let value = BigRational::new(BigInt::from(n), BigInt::from(d));
                let text = format!("{n}/{d}");
                Ok(Spanned::new(
                    Piece::number(Number {
                        value,
                        decimals: None,
                        text,
                    }),
                    span,
                ))
            }
            Some(Tok::Open) => self.group(&Tok::Close, "`)`"),
            Some(Tok::OpenBrace) => self.group(&Tok::CloseBrace, "`}`"),
            Some(Tok::Command(c)) => self.command(&c),
            Some(Tok::Word(w)) => {
                self.bump();
                self.applied(&w, span)
            }
            _ => Err(self.unexpected("a number, `(` or a function such as `exp(…)`")),
        }
    }

    fn command(&mut self, name: &str) -> Result<Spanned<Piece>, Diagnostic> {
        let span = self.span();
        match name {
            "frac" | "tfrac" | "dfrac" => {
                self.bump();
                if self.peek() != Some(&Tok::OpenBrace) {
                    return Err(self.unexpected("`{` after `\\frac`"));
                }
                let numerator = self.group(&Tok::CloseBrace, "`}`")?;
                if self.peek() != Some(&Tok::OpenBrace) {
                    return Err(self.unexpected("a second `{…}` for the denominator"));
                }
                let denominator = self.group(&Tok::CloseBrace, "`}`")?;
                let whole = span.to(denominator.span);
                Ok(Spanned::new(
                    Piece::formula(Node::Mul(vec![
                        numerator.node.expr,
                        denominator.node.expr.pow(-1),
                    ])),
                    whole,
                ))
            }
            "exp" | "ln" | "tanh" | "cosh" | "sinh" | "sqrt" => {
                self.bump();
                self.applied(name, span)
            }
            "mathrm" | "operatorname" | "text" => {
                // `\mathrm{e}`, `\operatorname{sigmoid}`: the word inside.
                self.bump();
                self.expect(&Tok::OpenBrace, "`{`")?;
                let word = self.peek().and_then(word_of).map(str::to_owned);
                let Some(word) = word else {
                    return Err(self.unexpected("a name"));
                };
                self.bump();
                let close = self.expect(&Tok::CloseBrace, "`}`")?;
                self.applied(&word, span.to(close))
            }
            _ => Err(Diagnostic::error(
                format!("`\\{name}` has no meaning in a claim"),
                span,
                "unknown command",
            )
            .with_help("LaTeX claims may use \\frac, \\cdot, \\times, \\approx, \\exp, \\ln, \\sqrt, \\sigma, \\tanh, \\cosh and \\sinh")),
        }
    }

    /// The constant e, or a function applied to its arguments, after the
    /// word naming it (already read, at `span`).
    fn applied(&mut self, word: &str, span: Span) -> Result<Spanned<Piece>, Diagnostic> {
        if word == "e" {
            let mut piece = Piece::formula(Expr::apply(Func::Exp, Expr::int(1)));
            piece.euler = true;
            return Ok(Spanned::new(piece, span));
        }
        if !self.functions.knows(word) {
            if let Some(kind) = Kind::from_word(word) {
                return Err(Diagnostic::error(
                    format!("`{word}` names a quantity, which is written alone with its indices"),
                    span,
                    "a quantity",
                )
                .with_help(format!(
                    "name it as `{}[1][1] = …` (see the README for every name); formulas are written with numbers",
                    kind.word()
                )));
            }
            return Err(unknown_word(word, span, self.functions));
        }
        let mut head = span;
        let mut prime = false;
        if self.peek() == Some(&Tok::Prime) {
            let mark = self.bump().map_or(self.end, |t| t.span);
            head = span.to(mark);
            prime = true;
        }
        let arguments = match self.peek() {
            Some(Tok::Open) => self.arguments()?,
            Some(Tok::OpenBrace) => {
                let group = self.group(&Tok::CloseBrace, "`}`")?;
                Spanned::new(vec![group.node.expr], group.span)
            }
            _ => {
                return Err(self
                    .unexpected("`(` after the function name")
                    .with_help("put the argument in parentheses, as `exp(-0.6)`"));
            }
        };
        let whole = head.to(arguments.span);
        let expr = self
            .functions
            .apply(word, prime, arguments.node)
            .map_err(|e| {
                let diagnostic = Diagnostic::error(e.message, whole, "here");
                if e.help.is_empty() {
                    diagnostic
                } else {
                    diagnostic.with_help(e.help)
                }
            })?;
        Ok(Spanned::new(Piece::formula(expr), whole))
    }
}

fn unknown_word(word: &str, span: Span, functions: &Functions) -> Diagnostic {
    const QUANTITIES: [&str; 15] = [
        "e", "new", "x", "y", "W", "b", "z", "a", "yhat", "loss", "delta", "dW", "db", "example",
        "update",
    ];
    let names = functions.names();
    let known: Vec<&str> = QUANTITIES
        .iter()
        .copied()
        .chain(names.iter().map(String::as_str))
        .collect();
    let suggestion = crate::text::suggest(word, &known);
    let help = match (word, suggestion) {
        ("log", _) => "write `ln` for the natural logarithm".to_owned(),
        (_, Some(known)) => format!("did you mean `{known}`?"),
        _ => format!(
            "functions are {} (each with a derivative `f'(x)`); quantities are z, a, yhat, loss, delta, dW, db, W, b, W', b', x, y (with `new` after training)",
            names.join(", ")
        ),
    };
    Diagnostic::error(
        format!("`{word}` is not a function or a quantity longhand knows"),
        span,
        "unknown name",
    )
    .with_help(help)
}
