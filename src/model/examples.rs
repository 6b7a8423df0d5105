//! The training examples: `input`/`target` or an `examples { }` block read
//! from the syntax tree into exact vectors (whole-vector draws included),
//! every example the same size as the first.

use super::layers::{first_layer_columns, keyword_span, last_layer_rows, plural};
use super::network::{Example, Literal};
use super::{Checker, Gathered, limits};
use crate::diagnostic::Diagnostic;
use crate::parse::ast::{self, Value};
use crate::source::{Span, Spanned};

impl Checker {
    /// Reads the training examples (`input`/`target` or `examples { }`).
    pub(super) fn check_examples(
        &mut self,
        gathered: &Gathered<'_>,
    ) -> Option<(Vec<Example>, Span)> {
        let input_hint = first_layer_columns(gathered);
        let target_hint = last_layer_rows(gathered);
        match (gathered.input, gathered.target, gathered.examples) {
            (Some(input), _, Some((_, block))) => {
                self.error(
                    Diagnostic::error(
                        "`input` and `examples` cannot be used together",
                        keyword_span(block, "examples"),
                        "several examples here",
                    )
                    .with_secondary(input.keyword, "a single input here")
                    .with_help(
                        "give one example with `input`/`target`, or several in `examples { ... }`",
                    ),
                );
                None
            }
            (None, Some(target), Some((_, block))) => {
                self.error(
                    Diagnostic::error(
                        "`target` and `examples` cannot be used together",
                        target.keyword,
                        "a single target here",
                    )
                    .with_secondary(keyword_span(block, "examples"), "several examples here")
                    .with_help("put each target in the `examples { ... }` block"),
                );
                None
            }
            (Some(input), Some(target), None) => {
                let x = self.vector(&input.value, input_hint, "the input");
                let y = self.vector(&target.value, target_hint, "the target");
                Some((
                    vec![Example {
                        input: x?,
                        target: y?,
                    }],
                    input.span,
                ))
            }
            (Some(input), None, None) => {
                self.error(
                    Diagnostic::error(
                        "there is an `input` but no `target`",
                        input.keyword,
                        "input without a target",
                    )
                    .with_help("add a line such as `target y = [1]`"),
                );
                None
            }
            (None, Some(target), None) => {
                self.error(
                    Diagnostic::error(
                        "there is a `target` but no `input`",
                        target.keyword,
                        "target without an input",
                    )
                    .with_help("add a line such as `input x = [1, 0]`"),
                );
                None
            }
            (None, None, Some((pairs, block))) => {
                self.check_example_block(pairs, block, input_hint, target_hint)
            }
            (None, None, None) => {
                self.error(
                    Diagnostic::error("the file has no training example", self.end, "the file ends without one")
                        .with_help("add `input x = [...]` and `target y = [...]`, or an `examples { [...] -> [...] }` block"),
                );
                None
            }
        }
    }

    fn check_example_block(
        &mut self,
        pairs: &[ast::ExamplePair],
        block: Span,
        input_hint: Option<usize>,
        target_hint: Option<usize>,
    ) -> Option<(Vec<Example>, Span)> {
        if pairs.is_empty() {
            self.error(
                Diagnostic::error("the `examples` block is empty", block, "no examples")
                    .with_help("write one example per line: `[0, 1] -> [1]`"),
            );
            return None;
        }
        if pairs.len() > limits::MAX_EXAMPLES {
            self.error(
                Diagnostic::error(
                    format!(
                        "there are {} examples; longhand works with at most {}",
                        pairs.len(),
                        limits::MAX_EXAMPLES
                    ),
                    block,
                    "too many",
                )
                .with_help("a worked example is read by a person: use fewer examples"),
            );
            return None;
        }
        let mut examples = Vec::with_capacity(pairs.len());
        let mut ok = true;
        let mut sizes: Option<(usize, usize)> = None;
        for (index, pair) in pairs.iter().enumerate() {
            let input = self.vector(
                &pair.input,
                sizes.map(|s| s.0).or(input_hint),
                "an example's input",
            );
            let target = self.vector(
                &pair.target,
                sizes.map(|s| s.1).or(target_hint),
                "an example's target",
            );
            let (Some(input), Some(target)) = (input, target) else {
                ok = false;
                continue;
            };
            match sizes {
                None => sizes = Some((input.len(), target.len())),
                Some((n, m)) => {
                    if input.len() != n {
                        self.error(self.size_mismatch(
                            "input",
                            index,
                            input.len(),
                            n,
                            pair.input.span,
                        ));
                        ok = false;
                    }
                    if target.len() != m {
                        self.error(self.size_mismatch(
                            "target",
                            index,
                            target.len(),
                            m,
                            pair.target.span,
                        ));
                        ok = false;
                    }
                }
            }
            examples.push(Example { input, target });
        }
        ok.then_some((examples, block))
    }

    fn size_mismatch(
        &self,
        what: &str,
        index: usize,
        found: usize,
        expected: usize,
        span: Span,
    ) -> Diagnostic {
        Diagnostic::error(
            format!(
                "example {} has {} {what} {} but example 1 has {expected}",
                index + 1,
                found,
                plural(found, "component", "components"),
            ),
            span,
            format!("{found} {}", plural(found, "component", "components")),
        )
        .with_help(format!(
            "give every example {expected} {what} {}",
            plural(expected, "component", "components")
        ))
    }

    /// A vector: a list of numbers, a single number (a 1-vector), or a draw
    /// of `len` values when the length is known.
    pub(super) fn vector(
        &mut self,
        value: &Spanned<Value>,
        len: Option<usize>,
        what: &str,
    ) -> Option<Vec<Literal>> {
        match &value.node {
            Value::Number(number) => self.literal(&number.text, value.span).map(|l| vec![l]),
            Value::Uniform { .. } | Value::Choice(_) => match len {
                Some(len) => (0..len)
                    .map(|_| self.draw(&value.node, value.span))
                    .collect(),
                None => {
                    self.error(
                        Diagnostic::error(
                            format!("cannot draw {what} as a whole: its length is not known here"),
                            value.span,
                            "length unknown",
                        )
                        .with_help("write the vector out, e.g. `[uniform(-1, 1, 0.1), uniform(-1, 1, 0.1)]`, or give the layer `units = N`"),
                    );
                    None
                }
            },
            Value::List(items) => {
                if items.len() > limits::MAX_UNITS {
                    self.error(
                        Diagnostic::error(
                            format!(
                                "{what} has {} entries; longhand works with at most {}",
                                items.len(),
                                limits::MAX_UNITS
                            ),
                            value.span,
                            "too long",
                        )
                        .with_help("a worked example is read by a person: use fewer units"),
                    );
                    return None;
                }
                let mut out = Vec::with_capacity(items.len());
                let mut ok = true;
                for item in items {
                    match &item.node {
                        Value::List(_) => {
                            self.error(
                                Diagnostic::error(
                                    format!("{what} must be a vector of numbers, not a matrix"),
                                    item.span,
                                    "a nested list",
                                )
                                .with_help("write a vector as `[1, 0]`"),
                            );
                            ok = false;
                        }
                        _ => match self.scalar(item, what) {
                            Some(literal) => out.push(literal),
                            None => ok = false,
                        },
                    }
                }
                if out.is_empty() && ok {
                    self.error(
                        Diagnostic::error(format!("{what} is empty"), value.span, "no numbers")
                            .with_help("give at least one number"),
                    );
                    return None;
                }
                ok.then_some(out)
            }
        }
    }
}
