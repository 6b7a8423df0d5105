//! `require CONDITION` statements: kept as written, with their places, for
//! [`crate::audit::requirements`] to read against the network's names and
//! to judge against each variant's exact run. Here only what needs no
//! names is checked: a condition is given, and the file draws something
//! for it to constrain.

use super::{Checker, Requirement};
use crate::diagnostic::Diagnostic;
use crate::source::{Span, Spanned};

impl Checker {
    /// The `require` statements (call after every value has been drawn).
    pub(super) fn check_requirements(
        &mut self,
        statements: &[(&Spanned<String>, Span)],
    ) -> Vec<Requirement> {
        let mut requirements = Vec::new();
        for (condition, span) in statements {
            if condition.node.is_empty() {
                self.error(
                    Diagnostic::error(
                        "`require` needs a condition",
                        Span::new(span.end, span.end),
                        "expected a condition here",
                    )
                    .with_help(
                        "write the condition on the same line: `require x != 0`, `require |delta| >= 0.001` or `require loss_decreases`",
                    ),
                );
                continue;
            }
            requirements.push(Requirement {
                condition: condition.node.clone(),
                span: condition.span,
            });
        }
        // A draw that failed has been reported already.
        if self.drawn.is_empty()
            && self.diagnostics.is_empty()
            && let Some((_, span)) = statements.first()
        {
            self.error(
                Diagnostic::error(
                    "`require` constrains drawn numbers, but this file draws none",
                    *span,
                    "nothing to constrain",
                )
                .with_help(
                    "draw a value with `uniform(LOW, HIGH, STEP)` or `choice(a, b, ...)`, or remove the `require`",
                ),
            );
        }
        requirements
    }
}
