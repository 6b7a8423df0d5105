//! Reproducible random draws for `uniform(LOW, HIGH, STEP)` and `choice(a, b, …)`.
//!
//! SplitMix64 is written out here rather than taken from `rand` because the
//! sequence for a given seed is part of the contract (a teacher's variant 3
//! must stay variant 3 across releases), and `rand` does not promise that
//! its value streams stay the same between versions.

use num_bigint::BigInt;
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{Signed, ToPrimitive, Zero};

use super::limits::MAX_DRAW_CHOICES;

/// A seeded source of uniform draws.
#[derive(Debug, Clone)]
pub struct Draws {
    state: u64,
}

/// SplitMix64's output function.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Why a `uniform(...)` cannot be drawn from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct DrawError {
    pub(super) message: String,
    /// The text under the caret.
    pub(super) label: &'static str,
    pub(super) help: String,
}

impl Draws {
    /// A generator whose sequence depends only on `seed`.
    pub fn new(seed: u64) -> Self {
        // Scramble the seed first: SplitMix64 started from consecutive seeds
        // gives visibly correlated first draws (seeds 0, 1, 2 all pick the
        // first of five values), and variants use consecutive seeds.
        Draws {
            state: mix(seed ^ 0x6A09_E667_F3BC_C909),
        }
    }

    fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(self.state)
    }

    /// A uniformly distributed integer in `0..count` (rejection sampling, no modulo bias).
    fn below(&mut self, count: u64) -> u64 {
        let zone = u64::MAX - (u64::MAX % count);
        loop {
            let candidate = self.next_u64();
            if candidate < zone {
                return candidate % count;
            }
        }
    }

    /// Draws one of `low, low + step, …` up to `high`.
    pub(super) fn uniform(
        &mut self,
        low: &BigRational,
        high: &BigRational,
        step: &BigRational,
    ) -> Result<BigRational, DrawError> {
        if !step.is_positive() {
            return Err(DrawError {
                message: "the step of `uniform` must be positive".into(),
                label: "STEP is not positive",
                help: "write `uniform(LOW, HIGH, STEP)` with STEP > 0, e.g. `uniform(-1, 1, 0.1)`"
                    .into(),
            });
        }
        if high < low {
            return Err(DrawError {
                message: "`uniform` has its high end below its low end".into(),
                label: "HIGH is below LOW",
                help: "write `uniform(LOW, HIGH, STEP)` with LOW ≤ HIGH".into(),
            });
        }
        let span = (high - low) / step;
        let choices: BigInt = span.floor().to_integer() + 1;
        let count = choices
            .to_u64()
            .filter(|c| *c <= MAX_DRAW_CHOICES)
            .ok_or_else(|| DrawError {
                message: "`uniform` has too many values to choose from".into(),
                label: "too many values",
                help: format!("use a larger STEP: at most {MAX_DRAW_CHOICES} values"),
            })?;
        let index = self.below(count);
        Ok(low + step * BigRational::from_integer(BigInt::from(index)))
    }
}

impl Draws {
    /// Draws one of `values`, each as likely (a value listed twice is
    /// twice as likely). The caller has checked the list's length.
    pub(super) fn choice(&mut self, values: &[BigRational]) -> Result<BigRational, DrawError> {
        let count = u64::try_from(values.len()).unwrap_or(u64::MAX);
        if count == 0 {
            return Err(DrawError {
                message: "`choice()` has nothing to choose from".into(),
                label: "no values",
                help: "list the values to choose among: `choice(-0.5, 0.5, 1)`".into(),
            });
        }
        let index = usize::try_from(self.below(count)).unwrap_or(0);
        Ok(values[index].clone())
    }
}

/// Writes a drawn value the way an author would have typed it: a decimal
/// when it terminates, otherwise `p/q`.
pub(super) fn literal_text(value: &BigRational) -> String {
    let denominator = value.denom();
    let mut rest = denominator.clone();
    let (mut twos, mut fives) = (0u32, 0u32);
    let two = BigInt::from(2);
    let five = BigInt::from(5);
    while rest.is_even() && !rest.is_zero() {
        rest /= &two;
        twos += 1;
    }
    while (&rest % &five).is_zero() && !rest.is_zero() {
        rest /= &five;
        fives += 1;
    }
    if rest != BigInt::from(1) {
        return format!("{}/{}", value.numer(), value.denom());
    }
    let places = twos.max(fives);
    let scaled = (value * BigRational::from_integer(BigInt::from(10).pow(places))).to_integer();
    let digits = scaled.abs().to_string();
    let sign = if scaled.is_negative() { "-" } else { "" };
    if places == 0 {
        return format!("{sign}{digits}");
    }
    let places = places as usize;
    let padded = format!("{digits:0>width$}", width = places + 1);
    let (whole, fraction) = padded.split_at(padded.len() - places);
    format!("{sign}{whole}.{fraction}")
}

/// The text of a file with every draw replaced by what it drew (a value,
/// a vector `[a, b]` or a matrix `[[a, b], [c, d]]`), so a variant can be
/// kept as a plain `.net` file, edited and rendered again. Its `require`
/// lines become comments (a file without draws has nothing to require).
/// `title` is written as a `network "…"` line first when the file has none
/// (the title would otherwise come from the new file's name).
pub fn plain_source(
    text: &str,
    drawn: &[super::Drawn],
    requirements: &[super::Requirement],
    title: Option<&str>,
) -> String {
    let mut groups: Vec<(crate::source::Span, Vec<&super::Drawn>)> = Vec::new();
    for value in drawn {
        match groups.last_mut() {
            Some((span, values)) if *span == value.span => values.push(value),
            _ => groups.push((value.span, vec![value])),
        }
    }
    let mut edits: Vec<(crate::source::Span, String)> = groups
        .iter()
        .map(|(span, values)| (*span, written(values)))
        .collect();
    for requirement in requirements {
        let before = text.get(..requirement.span.start).unwrap_or_default();
        if let Some(keyword) = before.rfind("require") {
            let at = crate::source::Span::new(keyword, keyword);
            edits.push((at, "# ".to_owned()));
        }
    }
    edits.sort_by_key(|(span, _)| span.start);
    let mut out = String::with_capacity(text.len() + 64);
    if let Some(title) = title {
        let escaped = title.replace('\\', "\\\\").replace('"', "\\\"");
        out.push_str(&format!("network \"{escaped}\"\n"));
    }
    let mut at = 0;
    for (span, replacement) in &edits {
        let (Some(before), true) = (text.get(at..span.start), span.start >= at) else {
            continue;
        };
        out.push_str(before);
        out.push_str(replacement);
        at = span.end;
    }
    out.push_str(text.get(at..).unwrap_or_default());
    out
}

/// The values of one draw as written: a value, a vector or a matrix.
fn written(values: &[&super::Drawn]) -> String {
    let texts: Vec<&str> = values.iter().map(|v| v.text.as_str()).collect();
    let columns = values.first().map_or(0, |v| v.columns);
    if columns > 0 {
        let rows: Vec<String> = texts
            .chunks(columns)
            .map(|row| format!("[{}]", row.join(", ")))
            .collect();
        format!("[{}]", rows.join(", "))
    } else if texts.len() == 1 {
        texts[0].to_owned()
    } else {
        format!("[{}]", texts.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(n: i64, d: i64) -> BigRational {
        BigRational::new(n.into(), d.into())
    }

    #[test]
    fn draws_stay_on_the_grid_and_repeat_with_the_seed() {
        let mut first = Draws::new(7);
        let mut second = Draws::new(7);
        for _ in 0..200 {
            let a = first.uniform(&r(-1, 1), &r(1, 1), &r(1, 10)).unwrap();
            let b = second.uniform(&r(-1, 1), &r(1, 1), &r(1, 10)).unwrap();
            assert_eq!(a, b);
            assert!(a >= r(-1, 1) && a <= r(1, 1));
            assert!((a * r(10, 1)).is_integer());
        }
    }

    #[test]
    fn consecutive_seeds_give_unrelated_first_draws() {
        // Exercises use seeds S, S + 1, ...: their first draws must not move in step.
        let firsts: Vec<BigRational> = (0..12)
            .map(|seed| {
                Draws::new(seed)
                    .uniform(&r(-1, 1), &r(1, 1), &r(1, 2))
                    .unwrap()
            })
            .collect();
        let runs = firsts
            .windows(3)
            .filter(|w| w[0] == w[1] && w[1] == w[2])
            .count();
        assert!(runs <= 1, "first draws of seeds 0..12: {firsts:?}");
        let distinct: std::collections::BTreeSet<_> = firsts.iter().collect();
        assert!(
            distinct.len() >= 4,
            "first draws of seeds 0..12: {firsts:?}"
        );
    }

    #[test]
    fn writes_terminating_values_as_decimals() {
        assert_eq!(literal_text(&r(-3, 10)), "-0.3");
        assert_eq!(literal_text(&r(5, 4)), "1.25");
        assert_eq!(literal_text(&r(1, 3)), "1/3");
        assert_eq!(literal_text(&r(2, 1)), "2");
        assert_eq!(literal_text(&r(1, 20)), "0.05");
    }
}
