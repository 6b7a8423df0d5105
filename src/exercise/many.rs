//! Drawing many variants at once, across the machine's cores.
//!
//! Draws are tried in seed order S, S + 1, …; a draw that makes a poor
//! exercise is rejected (unless allowed) and the next seed is tried, until
//! K are accepted or [`super::redraw_bound`] draws were tried. The draws
//! are evaluated in parallel in chunks (rayon), each chunk a run of
//! consecutive seeds, and then accepted one by one in seed order exactly
//! as a single thread would: the variants, their numbers, the rejection
//! counts and the first failure are the same for any number of threads
//! (`RAYON_NUM_THREADS=1` or more). A chunk may evaluate a few draws past
//! the last one needed; they are dropped (and counted by
//! [`crate::numeric::progress`] as the work they were).

use rayon::prelude::*;

use super::{Degenerate, Exercise, Question, Variant, redraw_bound};
use crate::Error;

/// What drawing K variants gave.
#[derive(Debug)]
pub struct Drawn {
    /// The accepted variants, numbered 1, 2, … in seed order.
    pub variants: Vec<Variant>,
    /// How many draws were tried (accepted and rejected).
    pub tried: u64,
    /// How many draws each problem rejected, in the order first met.
    pub rejected: Vec<(Degenerate, u64)>,
}

/// Why drawing stopped short.
#[derive(Debug)]
pub enum Shortfall {
    /// Draw `seed`, which would have been variant `number`, failed.
    Failed {
        /// The failure.
        error: Error,
        /// The variant number it would have had.
        number: u64,
        /// Its seed.
        seed: u64,
    },
    /// [`super::redraw_bound`] draws gave fewer good variants than asked.
    TooFew {
        /// What the draws gave.
        drawn: Drawn,
        /// The number of draws tried (the bound).
        bound: u64,
    },
}

/// The smallest chunk worth spreading over the cores.
const MIN_CHUNK: u64 = 16;

impl Exercise<'_> {
    /// Draws `count` good variants from seed `seed` on, redrawing poor ones
    /// unless `allow_degenerate` (a file without draws is never redrawn).
    ///
    /// # Errors
    /// The first draw in seed order that fails, or too few good draws
    /// within the bound.
    pub fn draw_many(
        &self,
        count: u64,
        seed: u64,
        asks: &[Question],
        allow_degenerate: bool,
    ) -> Result<Drawn, Shortfall> {
        let bound = redraw_bound(count);
        let mut drawn = Drawn {
            variants: Vec::new(),
            tried: 0,
            rejected: Vec::new(),
        };
        while (drawn.variants.len() as u64) < count {
            if drawn.tried == bound {
                return Err(Shortfall::TooFew { drawn, bound });
            }
            // Enough for what is missing, with room for the usual rejections.
            let missing = count - drawn.variants.len() as u64;
            let size = missing
                .saturating_add(missing / 4)
                .max(MIN_CHUNK)
                .min(bound - drawn.tried);
            let first = drawn.tried;
            let results: Vec<Result<Variant, Error>> = (first..first + size)
                .into_par_iter()
                .map(|tried| self.variant(0, seed.wrapping_add(tried), asks))
                .collect();
            for result in results {
                if drawn.variants.len() as u64 == count {
                    break;
                }
                let number = drawn.variants.len() as u64 + 1;
                let this = seed.wrapping_add(drawn.tried);
                drawn.tried += 1;
                let mut variant = match result {
                    Ok(variant) => variant,
                    Err(error) => {
                        return Err(Shortfall::Failed {
                            error,
                            number,
                            seed: this,
                        });
                    }
                };
                // Under `--allow-degenerate` only unmet `require` conditions
                // still reject a draw: the file asked for them.
                let counted: Vec<&Degenerate> = variant
                    .problems
                    .iter()
                    .filter(|p| !allow_degenerate || p.required())
                    .collect();
                if !variant.network.drawn.is_empty() && !counted.is_empty() {
                    for problem in counted {
                        match drawn.rejected.iter_mut().find(|(p, _)| p == problem) {
                            Some((_, n)) => *n += 1,
                            None => drawn.rejected.push((*problem, 1)),
                        }
                    }
                    continue;
                }
                variant.number = number;
                drawn.variants.push(variant);
            }
        }
        Ok(drawn)
    }
}
