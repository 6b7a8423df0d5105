//! A lenient run: when a quantity cannot be computed (ln of a value rounded
//! to 0, an overflow), the run records why and goes on with every quantity
//! that does not depend on it, instead of stopping.
//!
//! `longhand check` judges each claim with the runs that could compute it:
//! one failing quantity under one carry mode must not leave every other
//! claim under that mode without a value. A quantity that depends on a
//! failed one (through its formula, or through a parameter whose update
//! failed) is recorded with the failure behind it.

use std::convert::Infallible;

use super::Map;
use crate::numeric::eval::{NumericError, NumericErrorKind, Pass};
use crate::symbolic::Symbol;

/// What a lenient run could not compute, and why.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Gaps {
    /// The failures, in the order they happened.
    causes: Vec<NumericError>,
    /// The forward pass before training: symbol → index into `causes`.
    before: Map<usize>,
    /// Each update, in order (an update without gaps has an empty map).
    updates: Vec<Map<usize>>,
    /// The forward pass after training.
    after: Map<usize>,
}

impl Gaps {
    /// Whether everything was computed.
    pub fn is_empty(&self) -> bool {
        self.causes.is_empty()
    }

    /// The failures, in the order they happened.
    pub fn causes(&self) -> &[NumericError] {
        &self.causes
    }

    /// Why `symbol` has no value in `pass` (for update n, its parameters
    /// `W` and `b` are those the update starts from), if something failed.
    pub fn cause(&self, pass: Pass, symbol: &Symbol) -> Option<&NumericError> {
        let map = match pass {
            Pass::Before => Some(&self.before),
            Pass::Update(n) => usize::try_from(n)
                .ok()
                .and_then(|n| n.checked_sub(1))
                .and_then(|i| self.updates.get(i)),
            Pass::After => Some(&self.after),
        }?;
        map.get(symbol).and_then(|&i| self.causes.get(i))
    }

    pub(super) fn record(&mut self, pass: Pass, map: Map<usize>) {
        match pass {
            Pass::Before => self.before = map,
            Pass::Update(_) => self.updates.push(map),
            Pass::After => self.after = map,
        }
    }
}

/// What a failure does to a run.
pub(super) trait OnFailure {
    /// What stops the run (nothing, for a lenient run).
    type Error;

    /// `target` could not be computed because of `error`.
    fn fail(&mut self, target: Symbol, error: NumericError) -> Result<(), Self::Error>;

    /// A pass (the forward pass, or an update) begins.
    fn start(&mut self) {}

    /// The pass ends.
    fn finish(&mut self, _pass: Pass) {}

    /// Whether `parameter` is lost from now on because its `updated` value
    /// failed (it then has no value in later passes).
    fn lose_parameter(&mut self, _parameter: Symbol, _updated: &Symbol) -> bool {
        false
    }
}

/// The usual run: the first failure stops it.
pub(super) struct Strict;

impl OnFailure for Strict {
    type Error = NumericError;

    fn fail(&mut self, _target: Symbol, error: NumericError) -> Result<(), NumericError> {
        Err(error)
    }
}

/// The gaps of a lenient run so far.
#[derive(Debug, Default)]
pub(super) struct Lenience {
    /// Every gap of the finished passes.
    pub(super) gaps: Gaps,
    /// The gaps of the current pass, seeded with the parameters it lacks.
    current: Map<usize>,
    /// Parameters (`W`, `b`) whose update failed: the cause, carried on to
    /// every later pass.
    parameters: Map<usize>,
}

impl OnFailure for Lenience {
    type Error = Infallible;

    /// Records the gap: a missing operand that is itself a gap passes its
    /// own cause on.
    fn fail(&mut self, target: Symbol, error: NumericError) -> Result<(), Infallible> {
        let inherited = match &error.kind {
            NumericErrorKind::Missing(symbol) => self.current.get(symbol.as_ref()).copied(),
            NumericErrorKind::Overflow
            | NumericErrorKind::DivisionByZero
            | NumericErrorKind::LnOfNonPositive(..)
            | NumericErrorKind::RootOfNegative(..)
            | NumericErrorKind::Unbound(_)
            | NumericErrorKind::ExpOutOfRange(_)
            | NumericErrorKind::TooCoarse { .. } => None,
        };
        let index = inherited.unwrap_or_else(|| {
            self.gaps.causes.push(error);
            self.gaps.causes.len() - 1
        });
        self.current.insert(target, index);
        Ok(())
    }

    fn start(&mut self) {
        self.current = self.parameters.clone();
    }

    fn finish(&mut self, pass: Pass) {
        let map = std::mem::take(&mut self.current);
        self.gaps.record(pass, map);
    }

    fn lose_parameter(&mut self, parameter: Symbol, updated: &Symbol) -> bool {
        match self.current.get(updated).copied() {
            Some(cause) => {
                self.parameters.insert(parameter, cause);
                true
            }
            None => false,
        }
    }
}
