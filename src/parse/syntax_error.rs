//! Syntax errors in words: pest's error → one [`Diagnostic`].
//!
//! pest reports the furthest position it reached and the rules it tried
//! there. Those rules are turned into plain phrases (`rule_names.rs`),
//! deduplicated and trimmed of continuations nobody meant (a `/` after a
//! number). Before that, a few common slips are recognised from the rough
//! tokens around the position and explained directly: a title without its
//! closing quote, a malformed number, a stray or unclosed bracket, a
//! character that is not part of the language, a value left off the end of
//! a line, and a misspelt statement keyword.

use pest::error::{ErrorVariant, InputLocation};

use super::grammar::Rule;
use super::rule_names;
use super::tokens::{self, Kind, Token};
use crate::diagnostic::Diagnostic;
use crate::source::Span;

/// The statement keywords, for "did you mean ...?".
const KEYWORDS: [&str; 5] = ["network", "input", "target", "examples", "layer"];

/// The statements a file may hold, for help lines.
const STATEMENTS: &str = "a statement is `network \"title\"`, `input x = [...]`, `target y = [...]`, \
     `examples { ... }`, `layer NAME { ... }` or a setting `name = value`";

/// Turns pest's error into a diagnostic that says what was expected in words.
pub(super) fn syntax_error(error: &pest::error::Error<Rule>, text: &str) -> Diagnostic {
    let pos = match error.location {
        InputLocation::Pos(pos) => pos,
        InputLocation::Span((start, _)) => start,
    };
    let positives: Vec<Rule> = match &error.variant {
        ErrorVariant::ParsingError { positives, .. } => positives.clone(),
        ErrorVariant::CustomError { .. } => Vec::new(),
    };
    let context = Context::new(text, pos);
    unterminated_title(&context)
        .or_else(|| malformed_number(&context))
        .or_else(|| stray_character(&context))
        .or_else(|| unmatched_closer(&context))
        .or_else(|| value_missing(&context))
        .or_else(|| statement_inside_block(&context, &positives))
        .or_else(|| definition_in_block(&context, &positives))
        .or_else(|| missing_operator(&context, &positives))
        .or_else(|| misspelt_keyword(&context, &positives))
        .unwrap_or_else(|| expected(&context, &positives))
}

/// The text, its rough tokens, and where pest stopped.
struct Context<'a> {
    text: &'a str,
    tokens: Vec<Token>,
    pos: usize,
    /// Index of the token at (or containing) `pos`, if any.
    found: Option<usize>,
    /// Index of the last token that ends at or before `pos`.
    before: Option<usize>,
}

impl<'a> Context<'a> {
    fn new(text: &'a str, pos: usize) -> Self {
        let tokens = tokens::tokenize(text);
        let found = tokens.iter().position(|t| {
            t.span.end > pos
                && text
                    .get(pos..t.span.start)
                    .is_none_or(|gap| gap.chars().all(|c| matches!(c, ' ' | '\t')))
        });
        let before = tokens.iter().rposition(|t| t.span.end <= pos);
        Context {
            text,
            tokens,
            pos,
            found,
            before,
        }
    }

    fn slice(&self, span: Span) -> &'a str {
        &self.text[span.start..span.end]
    }

    fn line(&self, offset: usize) -> usize {
        crate::source::line_number(self.text, offset)
    }

    /// Whether only blanks and comments follow `pos`.
    fn at_end(&self) -> bool {
        self.tokens.iter().all(|t| t.span.end <= self.pos)
    }

    /// The found token's span; at the end of the file, an empty span just
    /// after the last token; otherwise an empty span at the position.
    fn found_span(&self) -> Span {
        match (self.found, self.before) {
            (Some(i), _) => self.tokens[i].span,
            (None, Some(b)) if self.at_end() => {
                Span::new(self.tokens[b].span.end, self.tokens[b].span.end)
            }
            _ => Span::new(self.pos, self.pos),
        }
    }

    /// "found `target`", "found the end of the line", "found the end of the file".
    fn found_label(&self) -> String {
        match self.found {
            Some(index) => {
                let text = self.slice(self.tokens[index].span);
                match text.char_indices().nth(30) {
                    Some((cut, _)) => format!("found `{}…`", &text[..cut]),
                    None => format!("found `{text}`"),
                }
            }
            None if self.at_end() => "found the end of the file".to_owned(),
            None => "found the end of the line".to_owned(),
        }
    }

    /// Opening brackets not yet closed before `pos` (token indices), innermost last.
    fn open_brackets(&self) -> Vec<usize> {
        let mut open = Vec::new();
        for (index, token) in self.tokens.iter().enumerate() {
            if token.span.start >= self.pos {
                break;
            }
            match token.kind {
                Kind::Char('[' | '{' | '(') => open.push(index),
                Kind::Char(']' | '}' | ')') => {
                    open.pop();
                }
                _ => {}
            }
        }
        open
    }
}

fn closer_of(open: char) -> char {
    match open {
        '[' => ']',
        '{' => '}',
        _ => ')',
    }
}

/// `network "A title` with no closing quote.
fn unterminated_title(context: &Context<'_>) -> Option<Diagnostic> {
    let token = context
        .tokens
        .iter()
        .find(|t| t.kind == Kind::Title { closed: false } && t.span.start <= context.pos)?;
    Some(
        Diagnostic::error(
            "this title has no closing `\"`",
            token.span,
            "the title starts here and runs to the end of the line",
        )
        .with_help("end the title with `\"` on the same line: `network \"A 2-2-1 network\"`"),
    )
}

/// `1.2.3`, `1e`, `0.5x`: something that starts like a number but is not one.
fn malformed_number(context: &Context<'_>) -> Option<Diagnostic> {
    let candidates = [context.found, context.before];
    let token = candidates.into_iter().flatten().find_map(|i| {
        let token = context.tokens[i];
        (token.kind == Kind::Number && !tokens::is_valid_number(context.slice(token.span)))
            .then_some(token)
    })?;
    let number = context.slice(token.span);
    Some(
        Diagnostic::error(
            format!("cannot read the number `{number}`"),
            token.span,
            "not a number",
        )
        .with_help("write numbers like `0.5`, `-3`, `1e-3` or `7/20`"),
    )
}

/// A character that has no place in a network description.
fn stray_character(context: &Context<'_>) -> Option<Diagnostic> {
    let token = context.tokens[context.found?];
    let Kind::Char(ch) = token.kind else {
        return None;
    };
    // Characters the language uses somewhere; a misplaced one gets the general message.
    if "[]{}(),;=/-+.>\u{2212}".contains(ch) {
        return None;
    }
    let help = match ch {
        '\u{2013}' | '\u{2014}' | '\u{2010}' | '\u{2012}' | '\u{FE63}' | '\u{FF0D}' => {
            "write a minus sign as `-`".to_owned()
        }
        '\'' | '\u{2018}' | '\u{2019}' | '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{00AB}'
        | '\u{00BB}' => {
            "write a title between straight double quotes: `network \"A 2-2-1 network\"`".to_owned()
        }
        ':' => {
            let name = context
                .before
                .map(|i| context.tokens[i])
                .filter(|t| t.kind == Kind::Word)
                .map_or("name", |t| context.slice(t.span));
            format!("write a setting with `=`: `{name} = ...`")
        }
        '\u{00D7}' | '*' => {
            "write each number out; longhand does not calculate inside the file".to_owned()
        }
        _ if ch.is_alphabetic() => {
            "names are written with the letters A to Z (either case), digits and `_`".to_owned()
        }
        _ => format!("remove the `{ch}`"),
    };
    Some(
        Diagnostic::error(
            format!("unexpected character `{ch}`"),
            token.span,
            "not part of a network description",
        )
        .with_help(help),
    )
}

/// A closing bracket with nothing to close.
fn unmatched_closer(context: &Context<'_>) -> Option<Diagnostic> {
    let token = context.tokens[context.found?];
    let Kind::Char(ch @ (']' | '}' | ')')) = token.kind else {
        return None;
    };
    if !context.open_brackets().is_empty() {
        return None;
    }
    Some(
        Diagnostic::error(
            format!("this `{ch}` closes nothing"),
            token.span,
            "no bracket is open here",
        )
        .with_help(format!(
            "remove the `{ch}`, or add the opening bracket it belongs to"
        )),
    )
}

/// `loss =` with the value left off: the next line's name was read as the value.
fn value_missing(context: &Context<'_>) -> Option<Diagnostic> {
    let before = context.before?;
    let word = context.tokens[before];
    let equals = context.tokens[before.checked_sub(1)?];
    let key = context.tokens[before.checked_sub(2)?];
    let found_equals = context
        .found
        .is_some_and(|i| context.tokens[i].kind == Kind::Char('='));
    let value_on_next_line = word.kind == Kind::Word
        && equals.kind == Kind::Char('=')
        && key.kind == Kind::Word
        && context.line(word.span.start) > context.line(equals.span.end);
    if !(found_equals && value_on_next_line) {
        return None;
    }
    let key = context.slice(key.span);
    Some(
        Diagnostic::error(
            format!("`{key} =` has no value"),
            equals.span,
            "nothing follows this `=` on its line",
        )
        .with_help(format!(
            "write the value after `=` on the same line: `{key} = ...`"
        )),
    )
}

/// `layer a { ...` without its `}`, followed by `layer b { ... }`: the next
/// statement keyword was read as part of the open block.
fn statement_inside_block(context: &Context<'_>, positives: &[Rule]) -> Option<Diagnostic> {
    let candidates = [
        context.found,
        context.before.filter(|_| positives.contains(&Rule::eq)),
    ];
    let keyword = candidates.into_iter().flatten().find_map(|i| {
        let token = context.tokens[i];
        let first_on_line =
            i == 0 || context.line(context.tokens[i - 1].span.end) < context.line(token.span.start);
        (token.kind == Kind::Word && first_on_line && KEYWORDS.contains(&context.slice(token.span)))
            .then_some(token)
    })?;
    let open = context
        .open_brackets()
        .into_iter()
        .rev()
        .map(|i| context.tokens[i])
        .find(|t| t.span.start < keyword.span.start && t.kind == Kind::Char('{'))?;
    let line = context.line(open.span.start);
    Some(
        Diagnostic::error(
            format!("expected `}}` before `{}`", context.slice(keyword.span)),
            keyword.span,
            "a new statement starts here",
        )
        .with_secondary(open.span, "this `{` is not closed")
        .with_help(format!(
            "add the missing `}}` that closes the `{{` on line {line}"
        )),
    )
}

/// `activation swish(z) = …` inside `layer { … }`: pest read `activation`
/// as a setting and expected `=`.
fn definition_in_block(context: &Context<'_>, positives: &[Rule]) -> Option<Diagnostic> {
    if !positives.contains(&Rule::eq) {
        return None;
    }
    let keyword = context.tokens[context.before?];
    let name = context.tokens[context.found?];
    let is_keyword = matches!(context.slice(keyword.span), "activation" | "loss");
    let opens = context
        .tokens
        .get(context.found? + 1)
        .is_some_and(|t| t.kind == Kind::Char('('));
    let in_block = context
        .open_brackets()
        .iter()
        .any(|i| context.tokens[*i].kind == Kind::Char('{'));
    (is_keyword && name.kind == Kind::Word && opens && in_block).then(|| {
        Diagnostic::error(
            "a function is defined at the top level, not inside a layer",
            keyword.span.to(name.span),
            "a definition inside `{ ... }`",
        )
        .with_help(format!(
            "move the definition above the layer and name it there: `activation = {}`",
            context.slice(name.span)
        ))
    })
}

/// `activation twice(z) = 2 z`: two values side by side in a formula;
/// pest ended the formula at `2` and read `z` as a setting's name.
fn missing_operator(context: &Context<'_>, positives: &[Rule]) -> Option<Diagnostic> {
    if !positives.contains(&Rule::eq) {
        return None;
    }
    let index = context.before?;
    let word = context.tokens[index];
    let previous = context.tokens[index.checked_sub(1)?];
    let line = context.line(word.span.start);
    let same_line = context.line(previous.span.end) == line;
    let value_before = matches!(previous.kind, Kind::Number | Kind::Word | Kind::Char(')'));
    let first = context
        .tokens
        .iter()
        .find(|t| context.line(t.span.start) == line)?;
    let in_definition = matches!(context.slice(first.span), "activation" | "loss")
        && context.tokens[..index]
            .iter()
            .any(|t| context.line(t.span.start) == line && t.kind == Kind::Char('='));
    (word.kind == Kind::Word && same_line && value_before && in_definition).then(|| {
        Diagnostic::error(
            format!(
                "expected an operator between `{}` and `{}`",
                context.slice(previous.span),
                context.slice(word.span)
            ),
            word.span,
            "no operator before this",
        )
        .with_help(format!(
            "write the multiplication out: `{} * {}`",
            context.slice(previous.span),
            context.slice(word.span)
        ))
    })
}

/// `netwrk "title"`, `layr hidden { ... }`: a misspelt statement keyword
/// (pest then expected `=`, reading the word as a setting's name).
fn misspelt_keyword(context: &Context<'_>, positives: &[Rule]) -> Option<Diagnostic> {
    if !positives.contains(&Rule::eq) {
        return None;
    }
    let word = context.tokens[context.before?];
    let found = context.found.map(|i| context.tokens[i].kind);
    if word.kind != Kind::Word {
        return None;
    }
    let name = context.slice(word.span);
    let after_keyword = match name {
        "layer" => Some((
            "expected a name after `layer`",
            "name each layer: `layer hidden { ... }`",
        )),
        "network" => Some((
            "expected a title in double quotes after `network`",
            "write `network \"A 2-2-1 network\"`",
        )),
        "examples" => Some((
            "expected `{` after `examples`",
            "write one example per line inside `examples { ... }`: `[0, 1] -> [1]`",
        )),
        _ => None,
    };
    if let Some((message, help)) = after_keyword {
        return Some(
            Diagnostic::error(message, context.found_span(), context.found_label()).with_help(help),
        );
    }
    let fits = |keyword: &str| match keyword {
        "network" => matches!(found, Some(Kind::Title { .. })),
        "examples" => found == Some(Kind::Char('{')),
        _ => found == Some(Kind::Word),
    };
    let candidates: Vec<&str> = KEYWORDS
        .iter()
        .copied()
        .filter(|k| *k != name && fits(k))
        .collect();
    let keyword = crate::text::suggest(name, &candidates);
    if let Some(keyword) = keyword {
        return Some(
            Diagnostic::error(
                format!("unknown statement `{name}`"),
                word.span,
                "not a statement longhand knows",
            )
            .with_help(format!("did you mean `{keyword}`?")),
        );
    }
    let only_equals = positives
        .iter()
        .all(|r| matches!(r, Rule::eq | Rule::ident));
    only_equals.then(|| {
        Diagnostic::error(
            format!("expected `=` after `{name}`"),
            context.found_span(),
            context.found_label(),
        )
        .with_help(format!(
            "a setting is written `name = value`, e.g. `{name} = ...`"
        ))
    })
}

/// The general case: "expected X or Y", with the innermost open bracket
/// pointed out when the text ran on past it.
fn expected(context: &Context<'_>, positives: &[Rule]) -> Diagnostic {
    let in_parentheses = context
        .open_brackets()
        .last()
        .is_some_and(|i| context.tokens[*i].kind == Kind::Char('('));
    let phrases = expected_phrases(positives, in_parentheses);
    let message = if phrases.is_empty() {
        "the text cannot be read here".to_owned()
    } else {
        format!("expected {}", crate::text::join(&phrases, "or"))
    };
    let diagnostic = match dangling(context) {
        Some(end) => Diagnostic::error(message, end, "found the end of the line"),
        None => Diagnostic::error(message, context.found_span(), context.found_label()),
    };
    if let Some(&innermost) = context.open_brackets().last() {
        let opener = context.tokens[innermost];
        let Kind::Char(ch) = opener.kind else {
            unreachable!("open_brackets holds only `[`, `{{` and `(` in expected")
        };
        let closer = match ch {
            '[' => Rule::close_bracket,
            '{' => Rule::close_brace,
            _ => Rule::close_paren,
        };
        // The text ran on past where the bracket should have closed: it
        // ended, met another closer, or a new line starts with a name.
        let ran_on = context.found.is_none_or(|i| match context.tokens[i].kind {
            Kind::Char(']' | '}' | ')') => true,
            Kind::Word => {
                context.line(context.tokens[i].span.start) > context.line(opener.span.start)
            }
            _ => false,
        });
        if !(ran_on && positives.contains(&closer)) {
            return diagnostic.with_help(bracket_help(context, innermost, ch));
        }
        let close = closer_of(ch);
        let line = context.line(opener.span.start);
        let help = match context.found.map(|i| context.tokens[i].kind) {
            Some(Kind::Char(wrong @ (']' | '}' | ')'))) => {
                format!("close the `{ch}` with `{close}`, not `{wrong}`")
            }
            _ => format!("add the missing `{close}` that closes the `{ch}` on line {line}"),
        };
        diagnostic
            .with_secondary(opener.span, format!("this `{ch}` is not closed"))
            .with_help(help)
    } else if positives.iter().any(|r| is_top_statement(*r)) {
        diagnostic.with_help(STATEMENTS)
    } else {
        diagnostic
    }
}

/// After `->` or `=` at the end of a line, with what follows on a later
/// line unusable: the empty place just after it, where the value belongs.
fn dangling(context: &Context<'_>) -> Option<Span> {
    let before = context.tokens[context.before?];
    let found = context.tokens[context.found?];
    let needs_more = matches!(before.kind, Kind::Arrow | Kind::Char('='));
    (needs_more && context.line(found.span.start) > context.line(before.span.end))
        .then(|| Span::new(before.span.end, before.span.end))
}

/// What belongs inside the innermost open bracket.
fn bracket_help(context: &Context<'_>, opener: usize, ch: char) -> String {
    let word_before = opener
        .checked_sub(1)
        .map(|i| context.tokens[i])
        .filter(|t| t.kind == Kind::Word)
        .map(|t| context.slice(t.span));
    let two_before = opener
        .checked_sub(2)
        .map(|i| context.tokens[i])
        .filter(|t| t.kind == Kind::Word)
        .map(|t| context.slice(t.span));
    match (ch, word_before, two_before) {
        ('(', Some("uniform"), _) => {
            "`uniform` takes three numbers: `uniform(LOW, HIGH, STEP)`, e.g. `uniform(-1, 1, 0.1)`"
                .to_owned()
        }
        ('(', Some("choice"), _) => {
            "`choice` takes the numbers to choose among: `choice(-0.5, 0.5, 1)`".to_owned()
        }
        ('(', _, _) => "a function takes one number: `leaky_relu(0.01)`".to_owned(),
        ('{', Some("examples"), _) => {
            "write one example per line, `[0, 1] -> [1]`, and end the block with `}`".to_owned()
        }
        ('{', _, Some("layer")) => {
            "a layer holds settings `name = value` and ends with `}`".to_owned()
        }
        ('[', _, _) => {
            "separate the entries with `,` and close the list with `]`: `[0.5, -0.3]`".to_owned()
        }
        _ => format!("close the `{ch}` with `{}`", closer_of(ch)),
    }
}

/// Rules that begin a top-level statement (or end the file).
fn is_top_statement(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::network_stmt
            | Rule::kw_network
            | Rule::input_stmt
            | Rule::kw_input
            | Rule::target_stmt
            | Rule::kw_target
            | Rule::examples_block
            | Rule::kw_examples
            | Rule::layer_decl
            | Rule::kw_layer
            | Rule::require_stmt
            | Rule::kw_require
    )
}

/// Rules that begin a setting `name = value`.
fn is_setting(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::setting | Rule::plain_setting | Rule::precision_setting | Rule::kw_precision
    )
}

/// Rules that begin a value.
fn is_value(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::value
            | Rule::list
            | Rule::uniform
            | Rule::kw_uniform
            | Rule::choice
            | Rule::kw_choice
            | Rule::number
            | Rule::decimal
            | Rule::word
            | Rule::call
    )
}

/// Rules that only continue what is already there (`/` after a number,
/// `frozen` or `(` after a value); they are left out when anything else
/// was also possible, since they are rarely what the author meant.
fn is_continuation(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::slash
            | Rule::exponent
            | Rule::ident_char
            | Rule::frozen
            | Rule::open_paren
            | Rule::sign
            | Rule::WHITESPACE
            | Rule::COMMENT
    )
}

/// The plain phrases for what was expected, deduplicated, in pest's order,
/// with statement and value rules merged into one phrase each (inside
/// parentheses a value can only be a number).
fn expected_phrases(positives: &[Rule], in_parentheses: bool) -> Vec<&'static str> {
    let has_statement = positives.iter().any(|r| is_top_statement(*r));
    let has_value = positives.iter().any(|r| is_value(*r));
    let has_word = positives
        .iter()
        .any(|r| matches!(r, Rule::word | Rule::call));
    let has_string = positives.contains(&Rule::string);
    let essential: Vec<Rule> = positives
        .iter()
        .copied()
        .filter(|r| !is_continuation(*r))
        .collect();
    let rules = if essential.is_empty() {
        positives.to_vec()
    } else {
        essential
    };
    let mut phrases: Vec<&'static str> = Vec::new();
    for rule in rules {
        let phrase = match rule {
            _ if is_top_statement(rule) => "a new statement",
            _ if is_setting(rule) && has_statement => "a new statement",
            Rule::EOI if has_statement => continue,
            Rule::ident if has_value => continue,
            Rule::eq if has_string => continue,
            _ if is_value(rule) && in_parentheses => "a number",
            _ if is_value(rule) && has_word => "a value such as `0.5`, `[1, 0]` or `sigmoid`",
            _ if is_value(rule) => "a number or a vector such as `[1, 0]`",
            _ => rule_names::describe(rule),
        };
        if !phrases.contains(&phrase) {
            phrases.push(phrase);
        }
    }
    phrases
}
