//! Evaluating formulas under a precision, rounding mode and carry mode.
//!
//! There are two ways in, sharing one set of operations ([`Step`]):
//! [`value`] computes a formula's value; [`write`] also produces the lines a
//! person writes (`0.7 · 0.6457 + (−0.5) · 0.5 + 0.05 = 0.4520 − 0.2500 +
//! 0.0500 = 0.2520`). Under `carry = step` every node's result is rounded
//! when it is written and the rounded value is what its parent uses, so a
//! reader who redoes each printed line gets the printed digits; the two
//! paths round at exactly the same nodes.

use num_rational::BigRational;

use super::real::Real;
use super::round::{Rounded, round};
use crate::model::{Carry, Precision, Rounding, Settings};
use crate::symbolic::{Atom, Expr, Func, Node, Symbol};

mod number;
mod vanish;
mod write;
pub use number::{Number, Open, Trouble};
pub use vanish::{Vanishing, vanishing_products};
pub use write::{WrittenLine, write};

/// The largest magnitude of any named quantity (10^30): beyond it the run
/// has diverged, and longhand stops with an error naming the quantity.
pub const MAX_QUANTITY_DIGITS: i64 = 30;

/// What went wrong in a computation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NumericErrorKind {
    /// A value grew beyond the supported range.
    Overflow,
    /// A division by zero (written value shown).
    DivisionByZero,
    /// ln of a value that is zero or negative: the value as written, and the
    /// quantity it came from with that quantity's written value, when known.
    LnOfNonPositive(String, Option<Box<(Symbol, String)>>),
    /// e^x with |x| beyond the supported range.
    ExpOutOfRange(String),
    /// An even root (√) of a negative value: the value as written, and the
    /// quantity it came from with that quantity's written value, when known.
    RootOfNegative(String, Option<Box<(Symbol, String)>>),
    /// A formula mentions a function's bound variable outside the function
    /// (a bug in longhand).
    Unbound(crate::functions::Var),
    /// A formula mentions a quantity that has no value yet (a bug in longhand).
    Missing(Box<Symbol>),
    /// A second moment of RMSProp or Adam (s, v, v̂) is not 0 but prints as
    /// 0 at the file's `N decimals` (see `numeric::run::coarse`): its value
    /// at a few significant digits, the digits kept, and the decimals that
    /// would show it with that many significant digits (`None` beyond 30).
    TooCoarse {
        /// The value, written plainly (`2.969e-7`).
        value: String,
        /// Significant digits the suggestion keeps (the file's N, at least 1).
        keep: u32,
        /// `precision = K decimals` that would show it with `keep` digits.
        decimals: Option<u32>,
    },
}

/// A numeric failure, naming the quantity being computed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumericError {
    /// What happened.
    pub kind: NumericErrorKind,
    /// The quantity whose computation failed.
    pub quantity: Symbol,
    /// When it happened.
    pub pass: Pass,
}

/// A stage of the run: the forward pass before training, an update, or the
/// forward pass after training.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pass {
    /// The forward pass with the initial parameters.
    Before,
    /// An SGD update (1-based).
    Update(u64),
    /// The forward pass with the final parameters.
    After,
}

/// Where a leaf's value came from, which decides how it is printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A number from the input, printed as written.
    Literal(String),
    /// A constant of a formula (`½`, `1`), printed exactly.
    Constant,
    /// A computed number, printed at the report's precision.
    Computed,
}

/// A number as it appears in a written line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    /// The value later lines use.
    pub carried: Real,
    /// The value as displayed (rounded to the report's precision).
    pub rounded: Rounded,
    /// How to print it.
    pub origin: Origin,
}

/// A formula with numbers in place of symbols.
pub type Written = Node<Shown>;

/// The settings of an evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    /// Display precision.
    pub precision: Precision,
    /// Rounding mode.
    pub rounding: Rounding,
    /// Carry mode (`precision = exact` always carries exact values).
    pub carry: Carry,
}

impl Rules {
    /// The evaluation rules of a report's settings.
    pub fn of(settings: Settings) -> Rules {
        let carry = if settings.precision == Precision::Exact {
            Carry::Exact
        } else {
            settings.carry
        };
        Rules {
            precision: settings.precision,
            rounding: settings.rounding,
            carry,
        }
    }

    /// Rounds for display.
    pub fn round(&self, value: &Real) -> Rounded {
        round(value, self.precision, self.rounding)
    }

    /// The value carried forward from a computed node (the fast path).
    fn carry_value<N: Number>(&self, computed: Computed<N>) -> Result<N, Failure> {
        Ok(match (self.carry, computed.rounded) {
            (Carry::Step, Some(rounded)) => N::of_rounded(&rounded),
            (Carry::Step, None) => {
                N::of_rounded(&computed.value.round(self.precision, self.rounding)?)
            }
            (_, _) => computed.value,
        })
    }

    /// The value a written node carries forward, and how it is displayed.
    fn settle(&self, computed: Computed) -> Shown {
        let rounded = computed
            .rounded
            .unwrap_or_else(|| self.round(&computed.value));
        let carried = if self.carry == Carry::Step {
            rounded.decimal.to_real()
        } else {
            computed.value
        };
        Shown {
            carried,
            rounded,
            origin: Origin::Computed,
        }
    }

    /// The value of a formula that is not a named quantity, with its display.
    pub fn settle_value(&self, value: Real) -> Shown {
        self.settle(Computed {
            value,
            rounded: None,
        })
    }

    /// The value a named quantity carries: rounded once unless `carry = exact`.
    pub fn carry_named(&self, value: Real) -> Real {
        match self.carry {
            Carry::Step | Carry::Quantity => self.round(&value).decimal.to_real(),
            Carry::Exact => value,
        }
    }

    /// A named quantity's final value under `carry = quantity` is rounded once.
    pub fn finish_named(&self, value: Real) -> Shown {
        let rounded = self.round(&value);
        let carried = match self.carry {
            Carry::Step | Carry::Quantity => rounded.decimal.to_real(),
            Carry::Exact => value,
        };
        Shown {
            carried,
            rounded,
            origin: Origin::Computed,
        }
    }
}

/// Carried values of the symbols a formula may mention, as numbers of type `N`.
pub trait Carried<N> {
    /// The carried value of a symbol, if known.
    fn carried(&self, symbol: &Symbol) -> Option<&N>;
}

impl Carried<Real> for dyn Lookup + '_ {
    fn carried(&self, symbol: &Symbol) -> Option<&Real> {
        Lookup::carried(self, symbol)
    }
}

/// Values of the symbols a formula may mention.
pub trait Lookup {
    /// The value of a symbol with its display form, if known.
    fn get(&self, symbol: &Symbol) -> Option<&Shown>;

    /// The carried value of a symbol, if known.
    fn carried(&self, symbol: &Symbol) -> Option<&Real> {
        self.get(symbol).map(|s| &s.carried)
    }
}

/// Errors inside one formula, before the quantity is attached.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Failure {
    DivisionByZero,
    Ln(String, Option<Box<(Symbol, String)>>),
    Exp(String),
    Root(String, Option<Box<(Symbol, String)>>),
    Unknown(Symbol),
    Unbound(crate::functions::Var),
    /// The number type could not decide a question (never for [`Real`]).
    Undecided,
}

impl From<Open> for Failure {
    fn from(_: Open) -> Failure {
        Failure::Undecided
    }
}

/// One operation on values that are already settled.
enum Step<'a> {
    Add,
    Mul { denominators: &'a [i32] },
    Pow(i32),
    Apply(&'a Func),
}

fn describe(rules: &Rules, value: &Real) -> String {
    super::format::plain(&rules.round(value).decimal, rules.precision)
}

/// A node's result before it is settled: the value, and its correctly
/// rounded form when the operation produced one (exp and ln under `step`).
struct Computed<N = Real> {
    value: N,
    rounded: Option<Rounded>,
}

impl<N> Computed<N> {
    fn plain(value: N) -> Computed<N> {
        Computed {
            value,
            rounded: None,
        }
    }
}

/// What a failed operation means for the formula around it.
fn trouble(trouble: Trouble, domain: impl FnOnce() -> Failure) -> Failure {
    match trouble {
        Trouble::DivisionByZero => Failure::DivisionByZero,
        Trouble::Domain => domain(),
        Trouble::Open => Failure::Undecided,
    }
}

fn division(t: Trouble) -> Failure {
    trouble(t, || Failure::DivisionByZero)
}

/// Applies an operation to settled operands (numerators first, then
/// denominators for a product); the caller rounds once under `carry = step`.
fn compute<N: Number>(
    step: &Step<'_>,
    operands: &[N],
    rules: &Rules,
) -> Result<Computed<N>, Failure> {
    let exact = match step {
        Step::Add => match operands.split_first() {
            Some((first, rest)) => rest
                .iter()
                .try_fold(first.clone(), |acc, v| acc.add(v))
                .map_err(division)?,
            None => N::int(0),
        },
        Step::Mul { denominators } => {
            let split = operands.len() - denominators.len();
            let numerator = match operands[..split].split_first() {
                Some((first, rest)) => rest
                    .iter()
                    .try_fold(first.clone(), |acc, v| acc.mul(v))
                    .map_err(division)?,
                None => N::int(1),
            };
            if denominators.is_empty() {
                numerator
            } else {
                let mut denominator = N::int(1);
                for (value, power) in operands[split..].iter().zip(denominators.iter()) {
                    denominator = denominator
                        .mul(&value.powi(*power).map_err(division)?)
                        .map_err(division)?;
                }
                numerator.div(&denominator).map_err(division)?
            }
        }
        Step::Pow(n) => operands[0].powi(*n).map_err(division)?,
        Step::Apply(func) => return apply(func, &operands[0], rules),
    };
    Ok(Computed::plain(exact))
}

fn apply<N: Number>(func: &Func, x: &N, rules: &Rules) -> Result<Computed<N>, Failure> {
    let step = rules.carry == Carry::Step;
    let (precision, mode) = (rules.precision, rules.rounding);
    let exp_failure = || Failure::Exp(x.written(rules));
    let ln_failure = || Failure::Ln(x.written(rules), None);
    let root_failure = || Failure::Root(x.written(rules), None);
    let value = match func {
        Func::Exp if step => {
            let rounded = x
                .exp_rounded(precision, mode)
                .map_err(|t| trouble(t, exp_failure))?;
            return Ok(Computed {
                value: N::of_rounded(&rounded),
                rounded: Some(rounded),
            });
        }
        Func::Exp => x.exp().map_err(|t| trouble(t, exp_failure))?,
        Func::Ln if step => {
            let rounded = x
                .ln_rounded(precision, mode)
                .map_err(|t| trouble(t, ln_failure))?;
            return Ok(Computed {
                value: N::of_rounded(&rounded),
                rounded: Some(rounded),
            });
        }
        Func::Ln => x.ln().map_err(|t| trouble(t, ln_failure))?,
        Func::Root(n) if step => {
            let (value, rounded) = x
                .root_rounded(*n, precision, mode)
                .map_err(|t| trouble(t, root_failure))?;
            return Ok(Computed {
                value: if rounded.exact {
                    value
                } else {
                    N::of_rounded(&rounded)
                },
                rounded: Some(rounded),
            });
        }
        Func::Root(n) => x.root(*n).map_err(|t| trouble(t, root_failure))?,
        Func::Abs if x.signum()? < 0 => x.neg(),
        Func::Abs => x.clone(),
        Func::Sign => N::int(i64::from(x.signum()?)),
        Func::Relu if x.signum()? > 0 => x.clone(),
        Func::Relu => N::int(0),
        Func::LeakyRelu(_) if x.signum()? > 0 => x.clone(),
        Func::LeakyRelu(alpha) => x.mul(&N::constant(alpha)).map_err(division)?,
        Func::Step if x.signum()? > 0 => N::int(1),
        Func::Step => N::int(0),
        Func::LeakyStep(_) if x.signum()? > 0 => N::int(1),
        Func::LeakyStep(alpha) => N::constant(alpha),
        // σ, tanh, softplus, cosh, sinh and defined functions are computed
        // through their expanded forms, as a person does by hand, with x
        // bound to a placeholder symbol so that an approximate x keeps its
        // error bound (a constant would be taken as exact).
        Func::Sigmoid | Func::Tanh | Func::Softplus | Func::Cosh | Func::Sinh | Func::Named(_) => {
            let argument = Argument(x.clone());
            let expanded = crate::symbolic::rules::computable_form(&Expr::apply(
                func.clone(),
                Expr::sym(ARGUMENT),
            ));
            value_of(&expanded, &argument, rules)?
        }
    };
    Ok(Computed::plain(value))
}

/// An environment without symbols: for formulas of constants.
pub struct NoSymbols;

impl Lookup for NoSymbols {
    fn get(&self, _: &Symbol) -> Option<&Shown> {
        None
    }
}

/// The argument of a function computed through its expanded form.
struct Argument<N>(N);

/// The symbol the argument stands in for: any symbol serves, since the
/// expanded form mentions nothing else.
const ARGUMENT: Symbol = Symbol {
    quantity: crate::symbolic::Quantity::LearningRate,
    example: None,
};

impl<N> Carried<N> for Argument<N> {
    fn carried(&self, symbol: &Symbol) -> Option<&N> {
        (*symbol == ARGUMENT).then_some(&self.0)
    }
}

fn constant(c: &BigRational) -> Shown {
    let value = Real::Exact(c.clone());
    // Constants print exactly (`\tfrac{1}{2}`); the rounded form is unused.
    let rounded = round(&value, Precision::Exact, Rounding::HalfUp);
    Shown {
        rounded,
        carried: value,
        origin: Origin::Constant,
    }
}

/// A leaf's value: a constant or a symbol's value.
fn leaf(atom: &Atom, env: &dyn Lookup) -> Result<Shown, Failure> {
    match atom {
        Atom::Const(c) => Ok(constant(c)),
        Atom::Literal(c, text) => Ok(Shown {
            origin: Origin::Literal(text.clone()),
            ..constant(c)
        }),
        Atom::Sym(symbol) => env.get(symbol).cloned().ok_or(Failure::Unknown(*symbol)),
        Atom::Var(v) => Err(Failure::Unbound(*v)),
    }
}

/// The first symbol in an argument, with its written value: what to blame
/// when the argument is out of a function's domain.
fn culprit<N: Number, E: Carried<N> + ?Sized>(
    argument: &Expr,
    env: &E,
    rules: &Rules,
) -> Option<Box<(Symbol, String)>> {
    let mut found = None;
    argument.for_each_leaf(&mut |leaf| {
        if let (None, Atom::Sym(symbol)) = (&found, leaf)
            && let Some(value) = env.carried(symbol)
        {
            found = Some(Box::new((*symbol, value.written(rules))));
        }
    });
    found
}

/// The carried value of a formula (the fast path: no lines, no display
/// rounding), in numbers of type `N`.
fn value_of<N: Number, E: Carried<N> + ?Sized>(
    e: &Expr,
    env: &E,
    rules: &Rules,
) -> Result<N, Failure> {
    let computed = match e {
        Node::Leaf(Atom::Const(c) | Atom::Literal(c, _)) => return Ok(N::constant(c)),
        Node::Leaf(Atom::Sym(symbol)) => {
            return env
                .carried(symbol)
                .cloned()
                .ok_or(Failure::Unknown(*symbol));
        }
        Node::Leaf(Atom::Var(v)) => return Err(Failure::Unbound(*v)),
        // Only the piece the condition selects is computed (the other may
        // be undefined there, as `ln z` for z ≤ 0).
        Node::If(p) => {
            let left: N = value_of(&p.left, env, rules)?;
            let right = value_of(&p.right, env, rules)?;
            let piece = if p.relation.holds(left.compare(&right)?) {
                &p.then
            } else {
                &p.otherwise
            };
            return value_of(piece, env, rules);
        }
        Node::Neg(inner) => return Ok(value_of::<N, E>(inner, env, rules)?.neg()),
        Node::Add(terms) => {
            let operands = terms
                .iter()
                .map(|t| value_of(t, env, rules))
                .collect::<Result<Vec<N>, _>>()?;
            compute(&Step::Add, &operands, rules)?
        }
        Node::Mul(factors) => {
            // 0 · ln ŷ = 0 whatever ŷ is: a target factor of 0 decides the product.
            if vanish::zero_factor::<N, E>(factors, env, rules)?.is_some() {
                return Ok(N::int(0));
            }
            let (numerators, denominators, powers) = split_product(factors);
            let mut operands: Vec<N> = Vec::with_capacity(factors.len());
            for factor in numerators.iter().chain(denominators.iter()) {
                operands.push(value_of(factor, env, rules)?);
            }
            compute(
                &Step::Mul {
                    denominators: &powers,
                },
                &operands,
                rules,
            )?
        }
        Node::Pow(base, n) => compute(
            &Step::Pow(*n),
            &[value_of::<N, E>(base, env, rules)?],
            rules,
        )?,
        Node::Apply(func, argument) => {
            let x: N = value_of(argument, env, rules)?;
            compute(&Step::Apply(func), &[x], rules).map_err(|failure| match failure {
                Failure::Ln(text, None) => Failure::Ln(text, culprit(argument, env, rules)),
                Failure::Root(text, None) => Failure::Root(text, culprit(argument, env, rules)),
                other => other,
            })?
        }
    };
    rules.carry_value(computed)
}

fn negate(shown: &Shown) -> Shown {
    Shown {
        carried: shown.carried.neg(),
        rounded: Rounded {
            decimal: super::round::Decimal {
                digits: -&shown.rounded.decimal.digits,
                scale: shown.rounded.decimal.scale,
            },
            exact: shown.rounded.exact,
        },
        origin: match &shown.origin {
            Origin::Literal(text) => Origin::Literal(negate_text(text)),
            other => other.clone(),
        },
    }
}

fn negate_text(text: &str) -> String {
    match text.strip_prefix('-') {
        Some(rest) => rest.to_owned(),
        None => format!("-{text}"),
    }
}

/// Splits a product into numerator factors, denominator bases, and the
/// (positive) powers of those bases.
fn split_product<L>(factors: &[Node<L>]) -> (Vec<&Node<L>>, Vec<&Node<L>>, Vec<i32>) {
    let mut numerators = Vec::new();
    let mut denominators = Vec::new();
    let mut powers = Vec::new();
    for factor in factors {
        match factor {
            Node::Pow(base, n) if *n < 0 => {
                denominators.push(base.as_ref());
                powers.push(-n);
            }
            other => numerators.push(other),
        }
    }
    (numerators, denominators, powers)
}

/// The value of a formula, computed as the carry mode says (each node
/// rounded under `step`, nothing rounded otherwise). The result is not yet
/// rounded as a named quantity: see [`Rules::finish_named`].
///
/// # Errors
/// A [`NumericError`] naming `target` (and `update`).
pub fn value(
    e: &Expr,
    env: &dyn Lookup,
    rules: &Rules,
    target: Symbol,
    pass: Pass,
) -> Result<Real, NumericError> {
    value_of::<Real, dyn Lookup>(e, env, rules).map_err(|failure| error(failure, target, pass))
}

/// The value of a formula in numbers of type `N` (see [`Number`]), or
/// `None` when it cannot be computed or decided that way (the caller then
/// computes it with [`value`], which also words the failure).
pub fn value_in<N: Number, E: Carried<N> + ?Sized>(e: &Expr, env: &E, rules: &Rules) -> Option<N> {
    value_of(e, env, rules).ok()
}

fn error(failure: Failure, quantity: Symbol, pass: Pass) -> NumericError {
    let kind = match failure {
        Failure::DivisionByZero => NumericErrorKind::DivisionByZero,
        Failure::Ln(text, culprit) => NumericErrorKind::LnOfNonPositive(text, culprit),
        Failure::Exp(text) => NumericErrorKind::ExpOutOfRange(text),
        Failure::Root(text, culprit) => NumericErrorKind::RootOfNegative(text, culprit),
        Failure::Unknown(missing) => NumericErrorKind::Missing(Box::new(missing)),
        Failure::Unbound(v) => NumericErrorKind::Unbound(v),
        // Real decides every question, and the quick numbers never word an error.
        Failure::Undecided => NumericErrorKind::Missing(Box::new(quantity)),
    };
    NumericError {
        kind,
        quantity,
        pass,
    }
}

/// Checks that a named quantity is below 10^30 in size.
///
/// # Errors
/// [`NumericErrorKind::Overflow`] naming the quantity.
pub fn check_range(value: &Real, target: Symbol, pass: Pass) -> Result<(), NumericError> {
    // 10^30 < 2^100: a cheap test on the binary magnitude, then an exact one.
    if value.magnitude_bits() < 99 {
        return Ok(());
    }
    let limit = Real::Exact(BigRational::from_integer(
        num_bigint::BigInt::from(10).pow(30),
    ));
    let magnitude = if value.signum() < 0 {
        value.neg()
    } else {
        value.clone()
    };
    if magnitude.compare(&limit).is_ge() {
        return Err(NumericError {
            kind: NumericErrorKind::Overflow,
            quantity: target,
            pass,
        });
    }
    Ok(())
}
