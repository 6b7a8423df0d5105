//! How numbers are rounded and which rounded numbers later lines use.
//!
//! These are part of the checked model (a file's `precision`, `rounding`
//! and `carry` statements, or the CLI flags that override them); the
//! numeric stage reads them.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

/// The largest number of decimals or significant digits a report can use.
pub const MAX_DIGITS: u32 = 30;

/// How many digits every displayed number keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Precision {
    /// `N decimals`: N digits after the decimal point (0 ≤ N ≤ [`MAX_DIGITS`]).
    Decimals(u32),
    /// `N significant`: N significant digits (1 ≤ N ≤ [`MAX_DIGITS`]).
    Significant(u32),
    /// `exact`: exact fractions where possible, otherwise at least 25 correct significant digits.
    Exact,
}

/// Which way a number is rounded when digits are dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
pub enum Rounding {
    /// Ties away from zero (the school rule): 0.00005 → 0.0001.
    HalfUp,
    /// Ties to the even digit (banker's rounding).
    HalfEven,
    /// Ties toward zero.
    HalfDown,
    /// Always toward zero (truncation).
    TowardZero,
    /// Always away from zero.
    AwayFromZero,
}

/// Which rounded values later lines of the calculation use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
pub enum Carry {
    /// Every written number is rounded as written and used rounded (a hand calculation).
    Step,
    /// Each named quantity is computed at full precision from rounded named quantities, then rounded.
    Quantity,
    /// Nothing is rounded while computing; rounding is for display only.
    Exact,
}

/// The three number settings of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Settings {
    /// Digits kept.
    pub precision: Precision,
    /// Rounding rule.
    pub rounding: Rounding,
    /// Carry mode.
    pub carry: Carry,
}

impl Default for Settings {
    /// `4 decimals`, `half_up`, `step`: the textbook's hand calculation.
    fn default() -> Self {
        Settings {
            precision: Precision::Decimals(4),
            rounding: Rounding::HalfUp,
            carry: Carry::Step,
        }
    }
}

/// Why a precision, rounding or carry text was not understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingError {
    /// What was wrong, in words.
    pub message: String,
    /// What would have been accepted.
    pub help: String,
}

impl fmt::Display for SettingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.message, self.help)
    }
}

impl std::error::Error for SettingError {}

impl Rounding {
    /// Every mode with its name in the language.
    pub const ALL: [(Rounding, &'static str); 5] = [
        (Rounding::HalfUp, "half_up"),
        (Rounding::HalfEven, "half_even"),
        (Rounding::HalfDown, "half_down"),
        (Rounding::TowardZero, "toward_zero"),
        (Rounding::AwayFromZero, "away_from_zero"),
    ];

    /// The name used in `.net` files and JSON (`half_up`).
    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(mode, _)| *mode == self)
            .map_or("half_up", |(_, name)| name)
    }
}

impl Carry {
    /// Every mode with its name in the language.
    pub const ALL: [(Carry, &'static str); 3] = [
        (Carry::Step, "step"),
        (Carry::Quantity, "quantity"),
        (Carry::Exact, "exact"),
    ];

    /// The name used in `.net` files and JSON (`step`).
    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(mode, _)| *mode == self)
            .map_or("step", |(_, name)| name)
    }
}

impl FromStr for Rounding {
    type Err = SettingError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        Self::ALL
            .iter()
            .find(|(_, name)| *name == text)
            .map(|(mode, _)| *mode)
            .ok_or_else(|| SettingError {
                message: format!("unknown rounding mode `{text}`"),
                help: "use half_up, half_even, half_down, toward_zero or away_from_zero".into(),
            })
    }
}

impl FromStr for Carry {
    type Err = SettingError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        Self::ALL
            .iter()
            .find(|(_, name)| *name == text)
            .map(|(mode, _)| *mode)
            .ok_or_else(|| SettingError {
                message: format!("unknown carry mode `{text}`"),
                help: "use step, quantity or exact".into(),
            })
    }
}

impl Precision {
    /// Builds a precision from a digit count and a unit word (`decimals`,
    /// `decimal`, `significant`), checking the range.
    ///
    /// # Errors
    /// An unknown unit, or a count outside 0..=30 (1..=30 for significant).
    pub fn from_parts(digits: &str, unit: &str) -> Result<Self, SettingError> {
        let count: Option<u32> = digits.parse().ok();
        let whole = digits
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'+' || b == b'-');
        let range_error = |low: u32, what: &str| SettingError {
            message: if whole {
                format!("precision `{digits} {unit}` is out of range")
            } else {
                format!("precision `{digits} {unit}` is not a whole number of digits")
            },
            help: format!("use from {low} to {MAX_DIGITS} {what}"),
        };
        match unit {
            "decimals" | "decimal" | "places" | "dp" => match count {
                Some(n) if n <= MAX_DIGITS => Ok(Precision::Decimals(n)),
                _ => Err(range_error(0, "decimals")),
            },
            "significant" | "sig" | "sf" => match count {
                Some(n) if (1..=MAX_DIGITS).contains(&n) => Ok(Precision::Significant(n)),
                _ => Err(range_error(1, "significant digits")),
            },
            _ => Err(SettingError {
                message: format!("unknown precision unit `{unit}`"),
                help: "write `N decimals`, `N significant` or `exact`".into(),
            }),
        }
    }

    /// The JSON `kind`: `decimals`, `significant` or `exact`.
    pub fn kind(self) -> &'static str {
        match self {
            Precision::Decimals(_) => "decimals",
            Precision::Significant(_) => "significant",
            Precision::Exact => "exact",
        }
    }

    /// The digit count, if there is one.
    pub fn digits(self) -> Option<u32> {
        match self {
            Precision::Decimals(n) | Precision::Significant(n) => Some(n),
            Precision::Exact => None,
        }
    }
}

impl FromStr for Precision {
    type Err = SettingError;
    /// Reads `4 decimals`, `6 significant` or `exact`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let words: Vec<&str> = text.split_whitespace().collect();
        match words.as_slice() {
            ["exact"] => Ok(Precision::Exact),
            [digits, unit] => Precision::from_parts(digits, unit),
            _ => Err(SettingError {
                message: format!("cannot read precision `{}`", text.trim()),
                help: "write `N decimals`, `N significant` or `exact`".into(),
            }),
        }
    }
}

impl fmt::Display for Precision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Precision::Decimals(1) => write!(f, "1 decimal"),
            Precision::Decimals(n) => write!(f, "{n} decimals"),
            Precision::Significant(n) => write!(f, "{n} significant"),
            Precision::Exact => write!(f, "exact"),
        }
    }
}
