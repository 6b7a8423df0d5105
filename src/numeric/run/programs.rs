//! The programs a run evaluates, derived once and shared.
//!
//! Deriving the update and forward programs (the symbolic core:
//! differentiation, simplification, the compiled forms) costs more than
//! evaluating them once for a small network. Several runs of networks
//! that differ only in their numbers — the carry modes of one exercise
//! variant, every variant of an exercise — evaluate the same programs, so
//! they are derived once ([`Programs::of`]) and every run borrows them
//! ([`run_prepared`]). A network whose [`NumberKey`] differs (its numbers
//! change what the programs say) gets programs of its own, so the result
//! is always that of [`super::run`].

use std::sync::Arc;

use super::gaps::Strict;
use super::{Compiled, Detail, Run, compile, run_with};
use crate::model::Network;
use crate::numeric::eval::{NumericError, Rules};
use crate::symbolic::program::{
    ForwardProgram, NumberKey, UpdateProgram, forward_program, number_key, update_program,
};

/// A network's update and forward programs with their compiled forms.
pub struct Programs {
    key: NumberKey,
    pub(super) update: Arc<UpdateProgram>,
    pub(super) forward: Arc<ForwardProgram>,
    pub(super) update_lines: Vec<Compiled>,
    pub(super) forward_lines: Vec<Compiled>,
}

impl std::fmt::Debug for Programs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Programs")
            .field("key", &self.key)
            .field("update", &self.update.definitions.len())
            .field("forward", &self.forward.definitions.len())
            .finish_non_exhaustive()
    }
}

impl Programs {
    /// Derives and compiles the programs of `network`.
    pub fn of(network: &Network) -> Programs {
        let update = update_program(network);
        let forward = forward_program(network);
        Programs {
            key: number_key(network),
            update_lines: compile(&update.definitions),
            forward_lines: compile(&forward.definitions),
            update: Arc::new(update),
            forward: Arc::new(forward),
        }
    }

    /// The update program.
    pub fn update(&self) -> &UpdateProgram {
        &self.update
    }

    /// The forward-pass program.
    pub fn forward(&self) -> &ForwardProgram {
        &self.forward
    }

    /// Whether these are the programs of `network` too: it has the same
    /// shape and settings as the network they were derived from (the
    /// caller's promise) and its numbers lead to the same programs.
    pub fn serve(&self, network: &Network) -> bool {
        number_key(network) == self.key
    }
}

/// [`super::run`] with programs derived before: `programs` must come from
/// a network of the same shape and settings (another draw of the same
/// file); when `network`'s numbers change the programs, they are derived
/// anew.
///
/// # Errors
/// As [`super::run`].
pub fn run_prepared(
    network: &Network,
    programs: &Programs,
    rules: Rules,
    detail: Detail,
) -> Result<Run, NumericError> {
    if programs.serve(network) {
        run_with(network, programs, rules, detail, &mut Strict)
    } else {
        run_with(network, &Programs::of(network), rules, detail, &mut Strict)
    }
}
