//! Stage 1: text → syntax tree ([`ast::File`]). The only module that imports pest.
//!
//! Syntax only: literals stay as text, names are not looked up, shapes are
//! not checked. A syntax error becomes one [`Diagnostic`] saying, in words,
//! what was expected at the first place the text stops making sense.

pub mod ast;
mod formula;
mod rule_names;
mod syntax_error;
mod tokens;

use pest::Parser;
use pest::iterators::Pair;

use crate::diagnostic::Diagnostic;
use crate::source::{SourceFile, Span, Spanned, is_line_end};
use ast::{Binding, ExamplePair, File, NumberLiteral, Setting, SettingValue, Statement, Value};

use grammar::{NetworkParser, Rule};

/// The pest-generated parser, fenced off so its generated items stay private.
mod grammar {
    #![allow(missing_docs, unreachable_pub)]
    use pest_derive::Parser;

    /// Parser for `grammar/network.pest`.
    #[derive(Parser)]
    #[grammar = "grammar/network.pest"]
    pub(crate) struct NetworkParser;
}

/// The largest input accepted, in bytes (1 MiB). A network description the
/// size of a textbook example is a few hundred bytes.
pub const MAX_SOURCE_BYTES: usize = 1 << 20;

/// The deepest nesting of brackets, braces and parentheses accepted.
/// A matrix needs 2; the limit keeps the recursive parser's stack small.
pub const MAX_NESTING: usize = 16;

/// The most `if`s a file may hold. Each `if` nests the formula after its
/// `else`, so this bounds the depth of the recursive parser like
/// [`MAX_NESTING`] does for brackets.
pub const MAX_CONDITIONALS: usize = 64;

/// Parses a `.net` file into its syntax tree.
///
/// # Errors
/// One diagnostic for the first syntax error, a file that is too large, or
/// brackets nested too deeply.
pub fn parse(source: &SourceFile) -> Result<File, Diagnostic> {
    check_size(source)?;
    check_nesting(&source.text)?;
    check_conditionals(&source.text)?;
    let mut pairs = NetworkParser::parse(Rule::file, &source.text)
        .map_err(|e| syntax_error::syntax_error(&e, &source.text))?;
    let file = pairs
        .next()
        .ok_or_else(|| Diagnostic::error("the file could not be read", Span::new(0, 0), ""))?;
    let statements: Vec<Statement> = file
        .into_inner()
        .filter(|pair| pair.as_rule() != Rule::EOI)
        .map(parse_statement)
        .collect();
    if statements.is_empty()
        && let Some(diagnostic) = hidden_line_end(&source.text)
    {
        return Err(diagnostic);
    }
    Ok(File { statements })
}

/// When a file reads as nothing but comments because its lines are
/// separated by a character that looks like a line break but is not one to
/// longhand (NEL, vertical tab, form feed: see [`is_line_end`]), says so —
/// the first comment then runs to the end of the file.
fn hidden_line_end(text: &str) -> Option<Diagnostic> {
    let (at, ch) = text
        .char_indices()
        .find(|(_, ch)| matches!(ch, '\u{85}' | '\u{0B}' | '\u{0C}'))?;
    let name = match ch {
        '\u{85}' => "U+0085 (NEXT LINE)",
        '\u{0B}' => "U+000B (vertical tab)",
        _ => "U+000C (form feed)",
    };
    Some(
        Diagnostic::error(
            format!(
                "the file has no statements: its lines are separated by {name}, which longhand does not read as a line end, so a comment runs on to the end of the file"
            ),
            Span::new(at, at + ch.len_utf8()),
            "not a line end",
        )
        .with_help("save the file with ordinary line ends (LF, CR LF or CR); longhand also reads U+2028 and U+2029 as line ends"),
    )
}

fn check_size(source: &SourceFile) -> Result<(), Diagnostic> {
    if source.text.len() > MAX_SOURCE_BYTES {
        return Err(Diagnostic::error(
            format!(
                "the file is {} bytes long; longhand reads network descriptions of at most {} bytes",
                source.text.len(),
                MAX_SOURCE_BYTES
            ),
            Span::new(0, 0),
            "file starts here",
        )
        .with_help("a network description is a few hundred bytes; check that this is the right file"));
    }
    Ok(())
}

/// Rejects deep nesting before the recursive-descent parser sees it.
fn check_nesting(text: &str) -> Result<(), Diagnostic> {
    let mut depth = 0usize;
    let mut in_comment = false;
    let mut in_string = false;
    let mut escaped = false;
    for (offset, ch) in text.char_indices() {
        if in_comment {
            in_comment = !is_line_end(ch);
            continue;
        }
        if in_string {
            match ch {
                _ if is_line_end(ch) => {
                    in_string = false;
                    escaped = false;
                }
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match ch {
            '#' => in_comment = true,
            '/' if text[offset + 1..].starts_with('/') => in_comment = true,
            '"' => in_string = true,
            '[' | '{' | '(' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(Diagnostic::error(
                        format!("brackets are nested more than {MAX_NESTING} deep"),
                        Span::new(offset, offset + 1),
                        "too deep here",
                    )
                    .with_help("a vector needs one level of `[...]` and a matrix two; the parentheses of a formula count too"));
                }
            }
            ']' | '}' | ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// Refuses more than [`MAX_CONDITIONALS`] `if`s (outside comments and titles).
fn check_conditionals(text: &str) -> Result<(), Diagnostic> {
    let mut count = 0usize;
    for (offset, line) in line_starts(text) {
        let code = line.split("//").next().unwrap_or("");
        let code = code.split('#').next().unwrap_or("");
        let code = code.split('"').step_by(2).collect::<Vec<_>>().join(" ");
        for word in code.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
            if word != "if" {
                continue;
            }
            count += 1;
            if count > MAX_CONDITIONALS {
                let at = line.find("if").map_or(offset, |i| offset + i);
                return Err(Diagnostic::error(
                    format!("the file has more than {MAX_CONDITIONALS} `if`s"),
                    Span::new(at, at + 2),
                    "one too many",
                )
                .with_help("a function in pieces needs one `if` per boundary: use fewer pieces"));
            }
        }
    }
    Ok(())
}

/// Each line of `text` with the byte offset it starts at.
fn line_starts(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_inclusive('\n').scan(0usize, |offset, line| {
        let start = *offset;
        *offset += line.len();
        Some((start, line))
    })
}

fn span_of(pair: &Pair<'_, Rule>) -> Span {
    let span = pair.as_span();
    Span::new(span.start(), span.end())
}

fn spanned_text(pair: &Pair<'_, Rule>) -> Spanned<String> {
    Spanned::new(pair.as_str().to_owned(), span_of(pair))
}

/// Children that carry meaning (punctuation rules are skipped).
fn meaningful<'i>(pair: Pair<'i, Rule>) -> impl Iterator<Item = Pair<'i, Rule>> {
    pair.into_inner().filter(|p| {
        !matches!(
            p.as_rule(),
            Rule::eq
                | Rule::comma
                | Rule::semicolon
                | Rule::open_bracket
                | Rule::close_bracket
                | Rule::open_brace
                | Rule::close_brace
                | Rule::open_paren
                | Rule::close_paren
                | Rule::arrow
                | Rule::kw_network
                | Rule::kw_input
                | Rule::kw_target
                | Rule::kw_examples
                | Rule::kw_layer
                | Rule::kw_precision
                | Rule::kw_notation
                | Rule::kw_uniform
                | Rule::kw_choice
        )
    })
}

fn first_keyword_span(pair: &Pair<'_, Rule>) -> Span {
    pair.clone()
        .into_inner()
        .next()
        .map_or_else(|| span_of(pair), |p| span_of(&p))
}

fn parse_statement(pair: Pair<'_, Rule>) -> Statement {
    let span = span_of(&pair);
    match pair.as_rule() {
        Rule::network_stmt => {
            let string = meaningful(pair).next().expect("network_stmt has a string");
            Statement::Network {
                title: parse_string(&string),
                span,
            }
        }
        Rule::input_stmt => Statement::Input(parse_binding(pair)),
        Rule::target_stmt => Statement::Target(parse_binding(pair)),
        Rule::examples_block => Statement::Examples {
            pairs: meaningful(pair).map(parse_example_pair).collect(),
            span,
        },
        Rule::layer_decl => {
            let mut inner = meaningful(pair);
            let name = spanned_text(&inner.next().expect("layer_decl has a name"));
            Statement::Layer {
                name,
                settings: inner.map(parse_setting).collect(),
                span,
            }
        }
        Rule::setting => Statement::Setting(parse_setting(pair)),
        Rule::notation_block => {
            let keyword = first_keyword_span(&pair);
            Statement::Notation {
                settings: meaningful(pair).map(parse_setting).collect(),
                keyword,
                span,
            }
        }
        Rule::note_stmt => {
            let mut inner = pair.into_inner().filter(|p| p.as_rule() != Rule::kw_note);
            let place = inner
                .next()
                .expect("note_stmt has a place")
                .into_inner()
                .map(|word| spanned_text(&word))
                .collect();
            let text = parse_string(&inner.next().expect("note_stmt has a string"));
            Statement::Note { place, text, span }
        }
        Rule::require_stmt => {
            let condition = pair
                .into_inner()
                .find(|p| p.as_rule() == Rule::requirement)
                .expect("require_stmt has a requirement");
            let text = condition.as_str();
            let start = condition.as_span().start() + (text.len() - text.trim_start().len());
            let trimmed = text.trim();
            Statement::Require {
                condition: Spanned::new(
                    trimmed.to_owned(),
                    Span::new(start, start + trimmed.len()),
                ),
                span: Span::new(span.start, start + trimmed.len()),
            }
        }
        Rule::definition => Statement::Definition(formula::parse_definition(pair)),
        rule => unreachable!("{rule:?} as a statement in parse_statement"),
    }
}

fn parse_string(pair: &Pair<'_, Rule>) -> Spanned<String> {
    let raw = pair.clone().into_inner().next().map_or("", |p| p.as_str());
    let mut text = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(ch) = chars.next() {
        if ch == '\\' {
            if let Some(next) = chars.next() {
                text.push(next);
            }
        } else {
            text.push(ch);
        }
    }
    Spanned::new(text, span_of(pair))
}

fn parse_binding(pair: Pair<'_, Rule>) -> Binding {
    let span = span_of(&pair);
    let keyword = first_keyword_span(&pair);
    let mut name = None;
    let mut value = None;
    for child in meaningful(pair) {
        match child.as_rule() {
            Rule::ident => name = Some(spanned_text(&child)),
            Rule::value => value = Some(parse_value(child)),
            rule => unreachable!("{rule:?} inside input_stmt/target_stmt in parse_binding"),
        }
    }
    Binding {
        name,
        value: value.expect("input_stmt has a value"),
        keyword,
        span,
    }
}

fn parse_example_pair(pair: Pair<'_, Rule>) -> ExamplePair {
    let span = span_of(&pair);
    let mut values = meaningful(pair).map(parse_value);
    let input = values.next().expect("example_pair has an input");
    let target = values.next().expect("example_pair has a target");
    ExamplePair {
        input,
        target,
        span,
    }
}

fn parse_setting(pair: Pair<'_, Rule>) -> Setting {
    let span = span_of(&pair);
    let inner = pair
        .into_inner()
        .next()
        .expect("setting has one alternative");
    let rule = inner.as_rule();
    let mut children = meaningful(inner);
    let (key, value) = match rule {
        Rule::precision_setting => {
            let key = Spanned::new(
                "precision".to_owned(),
                Span::new(span.start, span.start + 9),
            );
            let value = children.next().expect("precision_setting has a value");
            (key, parse_precision_value(value))
        }
        Rule::plain_setting => {
            let key = spanned_text(&children.next().expect("plain_setting has a name"));
            let value = children.next().expect("plain_setting has a value");
            (key, parse_setting_value(value))
        }
        rule => unreachable!("{rule:?} inside setting in parse_setting"),
    };
    let frozen = children
        .find(|p| p.as_rule() == Rule::frozen)
        .map(|p| span_of(&p));
    Setting {
        key,
        value,
        frozen,
        span,
    }
}

fn parse_precision_value(pair: Pair<'_, Rule>) -> Spanned<SettingValue> {
    let span = span_of(&pair);
    match pair.as_rule() {
        Rule::precision_value => {
            let mut inner = pair.into_inner();
            let digits = spanned_text(&inner.next().expect("precision_value has digits"));
            let unit = spanned_text(&inner.next().expect("precision_value has a unit"));
            Spanned::new(SettingValue::Precision { digits, unit }, span)
        }
        Rule::word => Spanned::new(SettingValue::Word(pair.as_str().to_owned()), span),
        rule => unreachable!("{rule:?} inside precision_setting in parse_precision_value"),
    }
}

fn parse_setting_value(pair: Pair<'_, Rule>) -> Spanned<SettingValue> {
    let span = span_of(&pair);
    match pair.as_rule() {
        Rule::call => {
            let mut inner = meaningful(pair);
            let name = spanned_text(&inner.next().expect("call has a name"));
            let arguments = inner
                .filter(|p| p.as_rule() == Rule::argument)
                .map(parse_argument)
                .collect();
            Spanned::new(SettingValue::Call { name, arguments }, span)
        }
        Rule::value => {
            let value = parse_value(pair);
            Spanned::new(SettingValue::Value(value.node), span)
        }
        Rule::word => Spanned::new(SettingValue::Word(pair.as_str().to_owned()), span),
        Rule::word_list => {
            let words = meaningful(pair)
                .filter(|p| p.as_rule() == Rule::word)
                .map(|p| spanned_text(&p))
                .collect();
            Spanned::new(SettingValue::Words(words), span)
        }
        Rule::string => Spanned::new(SettingValue::Text(parse_string(&pair).node), span),
        rule => unreachable!("{rule:?} inside plain_setting in parse_setting_value"),
    }
}

fn parse_argument(pair: Pair<'_, Rule>) -> ast::Argument {
    let mut name = None;
    let mut value = None;
    for part in meaningful(pair) {
        match part.as_rule() {
            Rule::ident => name = Some(spanned_text(&part)),
            Rule::value => value = Some(parse_value(part)),
            _ => {}
        }
    }
    ast::Argument {
        name,
        value: value.expect("an argument has a value"),
    }
}

/// One item of `choice(...)`: a number, or what else it is (refused later, at the item).
fn parse_choice_item(pair: Pair<'_, Rule>) -> Spanned<ast::ChoiceItem> {
    let span = span_of(&pair);
    let inner = pair
        .into_inner()
        .next()
        .expect("choice_item has one alternative");
    let item = match inner.as_rule() {
        Rule::value => match parse_value(inner).node {
            Value::Number(number) => ast::ChoiceItem::Number(number),
            Value::List(_) => ast::ChoiceItem::Other("a vector"),
            Value::Uniform { .. } | Value::Choice(_) => ast::ChoiceItem::Other("a draw"),
        },
        Rule::string => ast::ChoiceItem::Other("a text in quotes"),
        _ => ast::ChoiceItem::Other("a word"),
    };
    Spanned::new(item, span)
}

fn parse_value(pair: Pair<'_, Rule>) -> Spanned<Value> {
    let span = span_of(&pair);
    let inner = pair.into_inner().next().expect("value has one alternative");
    let value = match inner.as_rule() {
        Rule::number => Value::Number(NumberLiteral {
            text: inner.as_str().to_owned(),
        }),
        Rule::list => Value::List(meaningful(inner).map(parse_value).collect()),
        Rule::uniform => {
            let mut numbers = meaningful(inner).map(|p| {
                Spanned::new(
                    NumberLiteral {
                        text: p.as_str().to_owned(),
                    },
                    span_of(&p),
                )
            });
            let low = numbers.next().expect("uniform has LOW");
            let high = numbers.next().expect("uniform has HIGH");
            let step = numbers.next().expect("uniform has STEP");
            Value::Uniform { low, high, step }
        }
        Rule::choice => Value::Choice(meaningful(inner).map(parse_choice_item).collect()),
        rule => unreachable!("{rule:?} inside value in parse_value"),
    };
    Spanned::new(value, span)
}
