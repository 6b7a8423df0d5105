//! The three carry modes, worked out here independently of longhand: exact
//! fractions (`num-rational`) for the arithmetic, this file's own rounding,
//! and values of e^x, σ and tanh computed with mpmath (60 digits; each
//! table below says so). Each hand calculation mirrors the spec:
//!
//! - `step`: every node the report writes is rounded as it is written (so
//!   the calculation follows the written formulas, e.g. σ(z) = 1/(1 + e^−z)
//!   with e^−z rounded, then 1 + e^−z, then the quotient);
//! - `quantity`: each named quantity (z, a, loss, δ, gradient, new
//!   parameter) is computed at full precision from the rounded named
//!   quantities before it, then rounded once;
//! - `exact`: nothing is rounded; values are compared to 30 digits and
//!   their display to the last printed digit.
//!
//! Every named quantity of the first update and of the final forward pass
//! is compared, and longhand must name exactly the quantities listed here.

use std::collections::BTreeMap;

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Signed, Zero};

use longhand::model::ids::{LayerId, UnitId};
use longhand::model::{Carry, Rounding};
use longhand::numeric::Real;
use longhand::numeric::run::{Detail, Run};
use longhand::source::SourceFile;
use longhand::symbolic::{Quantity, Symbol};
use longhand::{Format, Options, explain, load, train};

use crate::netgen::{self, FromList, Style};
use crate::numeric::rational;

type Q = BigRational;

fn q(text: &str) -> Q {
    rational(text)
}

fn int(n: i64) -> Q {
    Q::from_integer(BigInt::from(n))
}

/// Rounds to `places` decimals: ties away from zero (`half_up`) or to even.
fn round(x: &Q, places: u32, rounding: Rounding) -> Q {
    let scale = BigInt::from(10).pow(places);
    let scaled = x.abs() * Q::from_integer(scale.clone());
    let floor = scaled.floor().to_integer();
    let rest = &scaled - Q::from_integer(floor.clone());
    let half = Q::new(BigInt::one(), BigInt::from(2));
    let up = match rounding {
        Rounding::HalfUp => rest >= half,
        Rounding::HalfEven => rest > half || (rest == half && &floor % 2 == BigInt::one()),
        other => unreachable!("{other:?} is not used here"),
    };
    let magnitude = Q::new(floor + BigInt::from(u8::from(up)), scale);
    if x.is_negative() {
        -magnitude
    } else {
        magnitude
    }
}

/// Values of a function at given arguments, from mpmath; looked up by the
/// argument (to 10⁻⁴⁰, so the long arguments of `carry = exact` match).
struct Table(&'static [(&'static str, &'static str)]);

impl Table {
    fn at(&self, x: &Q) -> Q {
        let tolerance = q("1e-40");
        self.0
            .iter()
            .find(|(argument, _)| (q(argument) - x).abs() <= tolerance)
            .map(|(_, value)| q(value))
            .unwrap_or_else(|| panic!("no mpmath value for the argument {}", decimal(x)))
    }
}

/// A hand calculation under one carry mode.
struct Hand {
    carry: Carry,
    places: u32,
    rounding: Rounding,
    exp: Table,
    sigma: Table,
    tanh: Table,
}

impl Hand {
    fn round(&self, x: &Q) -> Q {
        round(x, self.places, self.rounding)
    }

    /// A node as written: rounded under `step` only.
    fn node(&self, x: Q) -> Q {
        if self.carry == Carry::Step {
            self.round(&x)
        } else {
            x
        }
    }

    /// A named quantity: rounded under `step` and `quantity`.
    fn named(&self, x: Q) -> Q {
        if self.carry == Carry::Exact {
            x
        } else {
            self.round(&x)
        }
    }

    /// e^x as written under `step`: correctly rounded (e^0 = 1 exactly).
    fn exp(&self, x: &Q) -> Q {
        if x.is_zero() {
            int(1)
        } else {
            self.round(&self.exp.at(x))
        }
    }

    /// σ(z): under `step` as written, `(1 + e^−z)^−1`; otherwise its value.
    fn sigmoid(&self, z: &Q) -> Q {
        match self.carry {
            Carry::Step => self.node(int(1) / self.node(int(1) + self.exp(&-z))),
            _ if z.is_zero() => q("1/2"),
            _ => self.sigma.at(z),
        }
    }

    /// tanh z: under `step` as written, `(e^z − e^−z) / (e^z + e^−z)`.
    fn tanh(&self, z: &Q) -> Q {
        match self.carry {
            Carry::Step => {
                let (plus, minus) = (self.exp(z), self.exp(&-z));
                self.node(self.node(&plus - &minus) / self.node(plus + minus))
            }
            _ => self.tanh.at(z),
        }
    }
}

/// Quantities by longhand's plain names (`z1_2`, `delta2_1@1`, `W'1_2_1`).
type Values = BTreeMap<String, Q>;

fn decimal(x: &Q) -> String {
    Real::Exact(x.clone()).to_f64().to_string()
}

// ---------------------------------------------------------------------------
// The textbook's 2-2-1 network (examples/textbook-2-2-1.net)
// ---------------------------------------------------------------------------

/// e^x at the arguments the textbook's `step` calculation meets (mpmath).
const TEXTBOOK_EXP: &[(&str, &str)] = &[
    ("-0.6", "0.5488116360940264326284589"),
    ("-0.252", "0.7772447380689461501342557"),
    ("-0.6172", "0.5394527927316728172753471"),
    ("0.0136", "1.013692900671977694838672"),
    ("-0.3462", "0.7073709987583868240816905"),
];

/// σ at the rounded z of `quantity` and at the exact z of `exact` (mpmath;
/// the exact arguments are 0.7·σ(0.6) − 0.2 and those of the final pass).
const TEXTBOOK_SIGMA: &[(&str, &str)] = &[
    ("0.6", "0.645656306225795452909110636411882964076798402"),
    ("0.252", "0.5626687076798120523142379"),
    ("0.6172", "0.6495814647395299274913924"),
    ("-0.0135", "0.4966250512568783435948662"),
    ("0.3462", "0.5856957865204502159305906"),
    (
        "0.251959414358056817036377445488318074853758882",
        "0.562658720638633776511625339661774826994894381",
    ),
    (
        "0.617234954522777248696235646245732485088369413",
        "0.649589421234647062253937459164697703345345498",
    ),
    (
        "-0.0134522834455417638013788389388622209948040347",
        "0.496636979853906762537972833249656858932963045",
    ),
    (
        "0.346133211415609492584553347657642708038840202",
        "0.585679579761456505910865448289264964348012014",
    ),
];

struct TwoTwoOne {
    w1: [[Q; 2]; 2],
    b1: [Q; 2],
    w2: [Q; 2],
    b2: Q,
}

const X: [i64; 2] = [1, 0];

fn textbook_forward(hand: &Hand, p: &TwoTwoOne, out: &mut Values) -> ([Q; 2], Q) {
    let x = X.map(int);
    let mut unit = |i: usize| {
        // z = W·x + b: each product written, then the sum.
        let products = hand.node(&p.w1[i][0] * &x[0]) + hand.node(&p.w1[i][1] * &x[1]);
        let z = hand.named(hand.node(products + &p.b1[i]));
        let a = hand.named(hand.sigmoid(&z));
        out.insert(format!("z1_{}", i + 1), z);
        out.insert(format!("a1_{}", i + 1), a.clone());
        a
    };
    let a = [unit(0), unit(1)];
    let products = hand.node(&p.w2[0] * &a[0]) + hand.node(&p.w2[1] * &a[1]);
    let z = hand.named(hand.node(products + &p.b2));
    let y_hat = hand.named(hand.sigmoid(&z));
    // L = ½(y − ŷ)²
    let residual = hand.node(int(1) - &y_hat);
    let loss = hand.named(hand.node(q("1/2") * hand.node(&residual * &residual)));
    out.insert("z2_1".into(), z);
    out.insert("a2_1".into(), y_hat.clone());
    out.insert("L".into(), loss);
    (a, y_hat)
}

fn textbook(hand: &Hand) -> (Values, Values) {
    let p = TwoTwoOne {
        w1: [[q("0.5"), q("-0.3")], [q("0.2"), q("0.8")]],
        b1: [q("0.1"), q("-0.2")],
        w2: [q("0.7"), q("-0.5")],
        b2: q("0.05"),
    };
    let eta = q("0.5");
    let mut update = Values::new();
    let (a, y_hat) = textbook_forward(hand, &p, &mut update);
    // δ⁽²⁾ = ∂L/∂ŷ · ŷ(1 − ŷ), with ∂L/∂ŷ = −(y − ŷ)
    let slope_loss = -hand.node(int(1) - &y_hat);
    let slope = hand.node(&y_hat * hand.node(int(1) - &y_hat));
    let delta2 = hand.named(hand.node(slope_loss * slope));
    update.insert("delta2_1".into(), delta2.clone());
    let mut g2 = [int(0), int(0)];
    for j in 0..2 {
        g2[j] = hand.named(hand.node(&delta2 * &a[j]));
        update.insert(format!("dW2_1_{}", j + 1), g2[j].clone());
    }
    update.insert("db2_1".into(), delta2.clone());
    let mut delta1 = [int(0), int(0)];
    let x = X.map(int);
    for i in 0..2 {
        // δ⁽¹⁾ᵢ = (W⁽²⁾₁ᵢ δ⁽²⁾) · aᵢ(1 − aᵢ)
        let backflow = hand.node(&p.w2[i] * &delta2);
        let slope = hand.node(&a[i] * hand.node(int(1) - &a[i]));
        delta1[i] = hand.named(hand.node(backflow * slope));
        update.insert(format!("delta1_{}", i + 1), delta1[i].clone());
        update.insert(format!("db1_{}", i + 1), delta1[i].clone());
        for (j, x) in x.iter().enumerate() {
            let g = hand.named(hand.node(&delta1[i] * x));
            update.insert(format!("dW1_{}_{}", i + 1, j + 1), g);
        }
    }
    // θ' = θ − η·g
    let new = |theta: &Q, g: &Q| hand.named(hand.node(theta - hand.node(&eta * g)));
    let mut next = TwoTwoOne {
        w1: p.w1.clone(),
        b1: p.b1.clone(),
        w2: p.w2.clone(),
        b2: new(&p.b2, &delta2),
    };
    for i in 0..2 {
        for j in 0..2 {
            next.w1[i][j] = new(&p.w1[i][j], &update[&format!("dW1_{}_{}", i + 1, j + 1)]);
            update.insert(format!("W'1_{}_{}", i + 1, j + 1), next.w1[i][j].clone());
        }
        next.b1[i] = new(&p.b1[i], &delta1[i]);
        next.w2[i] = new(&p.w2[i], &g2[i]);
        update.insert(format!("b'1_{}", i + 1), next.b1[i].clone());
        update.insert(format!("W'2_1_{}", i + 1), next.w2[i].clone());
    }
    update.insert("b'2_1".into(), next.b2.clone());
    let mut last = Values::new();
    textbook_forward(hand, &next, &mut last);
    (update, last)
}

fn textbook_hand(carry: Carry) -> Hand {
    Hand {
        carry,
        places: 4,
        rounding: Rounding::HalfUp,
        exp: Table(TEXTBOOK_EXP),
        sigma: Table(TEXTBOOK_SIGMA),
        tanh: Table(&[]),
    }
}

// ---------------------------------------------------------------------------
// A 1-1-1 network with two examples: tanh hidden unit, identity output,
// mean squared error, mean over the batch, 3 decimals, half_even.
// ---------------------------------------------------------------------------

const TANH_NET: &str = "network \"tanh and identity, two examples\"
examples {
  [0.5] -> [0.2]
  [-1] -> [0.4]
}
layer hidden {
  activation = tanh
  W = [[0.8]]
  b = [0.1]
}
layer output {
  activation = identity
  W = [[1.5]]
  b = [-0.25]
}
loss = mean_squared_error
reduction = mean
learning_rate = 0.1
precision = 3 decimals
rounding = half_even
";

/// e^x at the arguments of the `step` calculation (mpmath).
const TANH_NET_EXP: &[(&str, &str)] = &[
    ("0.5", "1.648721270700128146848651"),
    ("-0.5", "0.6065306597126334236037995"),
    ("-0.7", "0.4965853037914095147048001"),
    ("0.7", "2.013752707470476521624549"),
    ("0.538", "1.712578278187347510449694"),
    ("-0.538", "0.5839149151526287164152101"),
    ("-0.417", "0.6590209199441206730729854"),
    ("0.417", "1.517402512935084717948215"),
];

/// tanh at the z of `quantity` and `exact` (mpmath).
const TANH_NET_TANH: &[(&str, &str)] = &[
    ("0.5", "0.46211715726000975850231848364367254873028928"),
    ("-0.7", "-0.604367777117163496308687183103826475015566647"),
    ("0.538", "0.4914725488009011535029949"),
    ("-0.417", "-0.3944000877877909933626229"),
    (
        "0.538241933791248326685796420510564817244056843",
        "0.491656022810793815796092047794102629014448176",
    ),
    (
        "-0.417941885647966085847742931762872776356466797",
        "-0.395195166186360792202874903091336434773810503",
    ),
];

struct OneOneOne {
    w1: Q,
    b1: Q,
    w2: Q,
    b2: Q,
}

const EXAMPLES: [(&str, &str); 2] = [("0.5", "0.2"), ("-1", "0.4")];

/// One example's forward pass and loss, under tag `@e`.
fn tanh_forward(hand: &Hand, p: &OneOneOne, e: usize, out: &mut Values) -> (Q, Q) {
    let (x, y) = (q(EXAMPLES[e].0), q(EXAMPLES[e].1));
    let z1 = hand.named(hand.node(hand.node(&p.w1 * &x) + &p.b1));
    let a1 = hand.named(hand.tanh(&z1));
    let z2 = hand.named(hand.node(hand.node(&p.w2 * &a1) + &p.b2));
    // L = (1/1)·(y − ŷ)², written `1 · (y − ŷ)²`
    let residual = hand.node(&y - &z2);
    let loss = hand.named(hand.node(int(1) * hand.node(&residual * &residual)));
    let tag = e + 1;
    out.insert(format!("z1_1@{tag}"), z1);
    out.insert(format!("a1_1@{tag}"), a1.clone());
    out.insert(format!("z2_1@{tag}"), z2.clone());
    out.insert(format!("a2_1@{tag}"), z2.clone());
    out.insert(format!("L@{tag}"), loss);
    (a1, z2)
}

/// ½(u + v), written as a sum then a product.
fn mean(hand: &Hand, u: &Q, v: &Q) -> Q {
    hand.named(hand.node(q("1/2") * hand.node(u + v)))
}

fn tanh_batch_loss(hand: &Hand, out: &mut Values) {
    let loss = mean(hand, &out["L@1"], &out["L@2"]);
    out.insert("L".into(), loss);
}

fn tanh_network(hand: &Hand) -> (Values, Values) {
    let p = OneOneOne {
        w1: q("0.8"),
        b1: q("0.1"),
        w2: q("1.5"),
        b2: q("-0.25"),
    };
    let eta = q("0.1");
    let mut update = Values::new();
    for (e, (x, y)) in EXAMPLES.iter().enumerate() {
        let (a1, y_hat) = tanh_forward(hand, &p, e, &mut update);
        let (x, y) = (q(x), q(y));
        let tag = e + 1;
        // δ⁽²⁾ = ∂L/∂ŷ · 1 with ∂L/∂ŷ = −2(y − ŷ)
        let slope_loss = -hand.node(int(2) * hand.node(&y - &y_hat));
        let delta2 = hand.named(hand.node(slope_loss * int(1)));
        let g2 = hand.named(hand.node(&delta2 * &a1));
        // δ⁽¹⁾ = (W⁽²⁾ δ⁽²⁾) · (1 − a²)
        let backflow = hand.node(&p.w2 * &delta2);
        let slope = hand.node(int(1) - hand.node(&a1 * &a1));
        let delta1 = hand.named(hand.node(backflow * slope));
        let g1 = hand.named(hand.node(&delta1 * &x));
        update.insert(format!("delta2_1@{tag}"), delta2.clone());
        update.insert(format!("dW2_1_1@{tag}"), g2);
        update.insert(format!("db2_1@{tag}"), delta2);
        update.insert(format!("delta1_1@{tag}"), delta1.clone());
        update.insert(format!("dW1_1_1@{tag}"), g1);
        update.insert(format!("db1_1@{tag}"), delta1);
    }
    tanh_batch_loss(hand, &mut update);
    let new = |theta: &Q, g: &Q| hand.named(hand.node(theta - hand.node(&eta * g)));
    let mut next = Vec::new();
    for (name, theta) in [
        ("W1_1_1", &p.w1),
        ("b1_1", &p.b1),
        ("W2_1_1", &p.w2),
        ("b2_1", &p.b2),
    ] {
        let gradient_name = format!("d{name}");
        let g = mean(
            hand,
            &update[&format!("{gradient_name}@1")],
            &update[&format!("{gradient_name}@2")],
        );
        let updated = new(theta, &g);
        let (kind, rest) = name.split_at(1);
        update.insert(gradient_name, g);
        update.insert(format!("{kind}'{rest}"), updated.clone());
        next.push(updated);
    }
    let next = OneOneOne {
        w1: next[0].clone(),
        b1: next[1].clone(),
        w2: next[2].clone(),
        b2: next[3].clone(),
    };
    let mut last = Values::new();
    for e in 0..2 {
        tanh_forward(hand, &next, e, &mut last);
    }
    tanh_batch_loss(hand, &mut last);
    (update, last)
}

fn tanh_hand(carry: Carry) -> Hand {
    Hand {
        carry,
        places: 3,
        rounding: Rounding::HalfEven,
        exp: Table(TANH_NET_EXP),
        sigma: Table(&[]),
        tanh: Table(TANH_NET_TANH),
    }
}

// ---------------------------------------------------------------------------
// Comparing with longhand
// ---------------------------------------------------------------------------

fn longhand_run(text: &str, carry: Carry) -> Run {
    let mut options = Options::new(Format::Json);
    options.carry = Some(carry);
    let network = load(&SourceFile::new("carry.net", text), &options).expect("loads");
    train(&network, Detail::All).expect("trains")
}

/// The named quantities of the first update and of the final pass.
fn longhand_values(run: &Run) -> (BTreeMap<String, Real>, BTreeMap<String, Real>) {
    let update = run.updates[0]
        .named
        .iter()
        .map(|(s, v)| (s.to_string(), v.clone()))
        .collect();
    let last = run
        .final_pass
        .symbols()
        .filter(|s| s.is_named() && !s.is_given())
        .map(|s| {
            (
                s.to_string(),
                run.final_pass.value(s).expect("listed").carried.clone(),
            )
        })
        .collect();
    (update, last)
}

fn compare(what: &str, hand: &Hand, mine: &Values, theirs: &BTreeMap<String, Real>, run: &Run) {
    let mine_names: Vec<&String> = mine.keys().collect();
    let their_names: Vec<&String> = theirs.keys().collect();
    assert_eq!(mine_names, their_names, "{what}: the named quantities");
    for (name, want) in mine {
        let got = &theirs[name];
        let shown = run.rules.round(got).decimal.to_rational();
        match hand.carry {
            Carry::Exact => {
                let error = (got.to_rational() - want).abs();
                assert!(
                    error <= q("1e-30"),
                    "{what} {name}: longhand {}, by hand {}",
                    decimal(&got.to_rational()),
                    decimal(want)
                );
                assert_eq!(shown, hand.round(want), "{what} {name} as displayed");
            }
            _ => {
                assert_eq!(
                    got.to_rational(),
                    *want,
                    "{what} {name}: longhand {}",
                    decimal(&got.to_rational())
                );
                assert_eq!(shown, *want, "{what} {name} as displayed");
            }
        }
    }
}

fn check(text: &str, hand: &Hand, calculate: fn(&Hand) -> (Values, Values)) -> (Values, Values) {
    let run = longhand_run(text, hand.carry);
    let (update, last) = longhand_values(&run);
    let (mine_update, mine_last) = calculate(hand);
    let mode = format!("{:?}", hand.carry);
    compare(
        &format!("{mode}, update 1:"),
        hand,
        &mine_update,
        &update,
        &run,
    );
    compare(
        &format!("{mode}, after training:"),
        hand,
        &mine_last,
        &last,
        &run,
    );
    (mine_update, mine_last)
}

fn textbook_text() -> String {
    std::fs::read_to_string("examples/textbook-2-2-1.net").expect("the example exists")
}

fn shown(hand: &Hand, values: &Values, name: &str) -> Q {
    hand.round(&values[name])
}

#[test]
fn textbook_under_carry_step() {
    let hand = textbook_hand(Carry::Step);
    let (update, last) = check(&textbook_text(), &hand, textbook);
    // 0.5 · 0.0135 = 0.00675 is written 0.0068: W' = 0.2 − 0.0068.
    assert_eq!(update["W'1_2_1"], q("0.1932"));
    assert_eq!(update["b'1_2"], q("-0.2068"));
    assert_eq!(last["L"], q("0.0858"));
}

#[test]
fn textbook_under_carry_quantity() {
    let hand = textbook_hand(Carry::Quantity);
    let (update, last) = check(&textbook_text(), &hand, textbook);
    // δ⁽¹⁾₂ = (−0.5 · −0.1076) · 0.5 · 0.5 = 0.01345, a tie: half_up gives
    // 0.0135; then W' = 0.2 − 0.5 · 0.0135 = 0.19325 exactly → 0.1933, and
    // b' = −0.2 − 0.00675 = −0.20675 → −0.2068 (ties away from zero).
    assert_eq!(update["delta1_2"], q("0.0135"));
    assert_eq!(update["W'1_2_1"], q("0.1933"));
    assert_eq!(update["b'1_2"], q("-0.2068"));
    // The final pass starts from z⁽¹⁾₂ = 0.1933 − 0.2068 = −0.0135.
    assert_eq!(last["z1_2"], q("-0.0135"));
    assert_eq!(last["L"], q("0.0858"));
}

#[test]
fn textbook_under_carry_exact() {
    let hand = textbook_hand(Carry::Exact);
    let (update, last) = check(&textbook_text(), &hand, textbook);
    // δ⁽¹⁾₂ = 0.013452…, so W' = 0.193273… and b' = −0.206726…
    assert_eq!(shown(&hand, &update, "delta1_2"), q("0.0135"));
    assert_eq!(shown(&hand, &update, "W'1_2_1"), q("0.1933"));
    assert_eq!(shown(&hand, &update, "b'1_2"), q("-0.2067"));
    assert_eq!(shown(&hand, &last, "L"), q("0.0858"));
}

#[test]
fn tanh_network_under_carry_step() {
    let hand = tanh_hand(Carry::Step);
    let (update, last) = check(TANH_NET, &hand, tanh_network);
    // tanh(0.5) written (1.649 − 0.607)/(1.649 + 0.607) = 1.042/2.256 → 0.462.
    assert_eq!(update["a1_1@1"], q("0.462"));
    assert_eq!(update["delta1_1@1"], q("0.574"));
    assert_eq!(update["db1_1"], q("-1.195"));
    assert_eq!(last["L"], q("0.639"));
}

#[test]
fn tanh_network_under_carry_quantity() {
    let hand = tanh_hand(Carry::Quantity);
    let (update, last) = check(TANH_NET, &hand, tanh_network);
    // δ⁽¹⁾@1 = 1.5 · 0.486 · (1 − 0.462²) = 0.572968… → 0.573 (step: 0.574,
    // from the written 0.729 · 0.787).
    assert_eq!(update["delta1_1@1"], q("0.573"));
    // The batch gradient is the mean of the rounded per-example ones:
    // ½(0.573 + (−2.965)) = −1.196.
    assert_eq!(update["db1_1"], q("-1.196"));
    assert_eq!(last["L"], q("0.638"));
}

#[test]
fn tanh_network_under_carry_exact() {
    let hand = tanh_hand(Carry::Exact);
    let (update, last) = check(TANH_NET, &hand, tanh_network);
    assert_eq!(shown(&hand, &update, "db1_1"), q("-1.195"));
    assert_eq!(shown(&hand, &last, "L"), q("0.640"));
}

#[test]
fn the_test_rounding_resolves_ties_as_the_spec_says() {
    assert_eq!(round(&q("0.01345"), 4, Rounding::HalfUp), q("0.0135"));
    assert_eq!(round(&q("-0.20675"), 4, Rounding::HalfUp), q("-0.2068"));
    assert_eq!(round(&q("0.0125"), 3, Rounding::HalfEven), q("0.012"));
    assert_eq!(round(&q("-0.0135"), 3, Rounding::HalfEven), q("-0.014"));
    assert_eq!(round(&q("0.12349"), 4, Rounding::HalfEven), q("0.1235"));
}

// ---------------------------------------------------------------------------
// Frozen parameters keep their given value in every carry mode
// ---------------------------------------------------------------------------

/// Every frozen weight and bias of a network: the symbol it has before an
/// update, the symbol of its updated value, and its given exact value.
fn frozen_parameters(network: &longhand::model::Network) -> Vec<(Symbol, Symbol, Q)> {
    let mut frozen = Vec::new();
    for (l, layer) in network.layers.iter().enumerate() {
        let layer_id = LayerId(l);
        if layer.weights.frozen {
            for (to, row) in layer.weights.rows.iter().enumerate() {
                for (from, w) in row.iter().enumerate() {
                    let (to, from) = (UnitId(to), UnitId(from));
                    frozen.push((
                        Symbol::of(Quantity::Weight {
                            layer: layer_id,
                            to,
                            from,
                        }),
                        Symbol::of(Quantity::NewWeight {
                            layer: layer_id,
                            to,
                            from,
                        }),
                        w.value.clone(),
                    ));
                }
            }
        }
        if let Some(biases) = layer.biases.as_ref().filter(|b| b.frozen) {
            for (unit, row) in biases.rows.iter().enumerate() {
                let unit = UnitId(unit);
                frozen.push((
                    Symbol::of(Quantity::Bias {
                        layer: layer_id,
                        unit,
                    }),
                    Symbol::of(Quantity::NewBias {
                        layer: layer_id,
                        unit,
                    }),
                    row[0].value.clone(),
                ));
            }
        }
    }
    frozen
}

/// Checks that every frozen parameter of `text` has its given value, exactly,
/// after every update and in the final forward pass, under `carry`; and that
/// the answer key prints the same digits for it in every update. Returns
/// whether the run got that far (a run may stop at ln of a value rounded to 0).
fn frozen_stay_given(text: &str, carry: Carry) -> Result<bool, String> {
    let source = SourceFile::new("frozen.net", text);
    let mut options = Options::new(Format::Json);
    options.carry = Some(carry);
    let network = load(&source, &options).map_err(|e| format!("{e}\n{text}"))?;
    let run = match train(&network, Detail::First) {
        Ok(run) => run,
        Err(longhand::Error::Numeric(_)) => return Ok(false),
        Err(other) => return Err(format!("{other}\n{text}")),
    };
    let frozen = frozen_parameters(&network);
    if frozen.is_empty() {
        return Err(format!("the generator froze nothing\n{text}"));
    }
    for (before, after, given) in &frozen {
        let given = Real::Exact(given.clone());
        for (index, record) in run.updates.iter().enumerate() {
            let value = record.named.get(after);
            if value != Some(&given) {
                return Err(format!(
                    "{carry:?}: frozen {before} is {value:?} after update {}, not {given:?}\n{text}",
                    index + 1
                ));
            }
        }
        let last = run.final_pass.value(before).map(|s| &s.carried);
        if last != Some(&given) {
            return Err(format!(
                "{carry:?}: frozen {before} is {last:?} after training\n{text}"
            ));
        }
    }
    let report = explain(&source, &options).map_err(|e| format!("{e}\n{text}"))?;
    let key: serde_json::Value = serde_json::from_str(&report.text).map_err(|e| e.to_string())?;
    let updates = key["updates"].as_array().map_or(0, Vec::len);
    for (l, layer) in network.layers.iter().enumerate() {
        let printed =
            |field: &str, update: usize| key["updates"][update]["parameters"][field][l].to_string();
        let frozen_fields = [
            ("W", layer.weights.frozen),
            ("b", layer.biases.as_ref().is_some_and(|b| b.frozen)),
        ];
        for (field, frozen) in frozen_fields {
            for update in 1..updates {
                if frozen && printed(field, update) != printed(field, 0) {
                    return Err(format!(
                        "{carry:?}: frozen {field} of layer {l} printed as {} in update {}, {} in update 1\n{text}",
                        printed(field, update),
                        update + 1,
                        printed(field, 0)
                    ));
                }
            }
        }
    }
    Ok(true)
}

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config {
        cases: 48,
        rng_seed: proptest::test_runner::RngSeed::Fixed(0x6672_6f7a_656e),
        failure_persistence: None,
        ..proptest::test_runner::Config::default()
    })]

    /// Random valid networks with every parameter frozen and at least two
    /// steps: each frozen parameter keeps its given value exactly through
    /// every update and after training, under every carry mode.
    #[test]
    fn frozen_parameters_keep_their_given_value(
        choices in proptest::collection::vec(proptest::prelude::any::<u32>(), 64..256)
    ) {
        let style = Style { frozen: true, min_steps: 2 };
        let text = netgen::network_in_style(&mut FromList::new(&choices), style);
        for carry in [Carry::Step, Carry::Quantity, Carry::Exact] {
            frozen_stay_given(&text, carry).map_err(proptest::test_runner::TestCaseError::fail)?;
        }
    }
}

/// The property above means something only if most generated networks
/// train in every carry mode (some stop at ln of a value rounded to 0).
#[test]
fn most_generated_frozen_networks_train() {
    let mut trained = 0;
    for seed in 0..60u32 {
        let numbers: Vec<u32> = (0..256u32)
            .map(|i| seed.wrapping_mul(2_654_435_761).rotate_left(i % 32) ^ i.wrapping_mul(40_503))
            .collect();
        let style = Style {
            frozen: true,
            min_steps: 2,
        };
        let text = netgen::network_in_style(&mut FromList::new(&numbers), style);
        let all = [Carry::Step, Carry::Quantity, Carry::Exact]
            .into_iter()
            .all(|carry| frozen_stay_given(&text, carry) == Ok(true));
        trained += usize::from(all);
    }
    assert!(trained >= 40, "only {trained} of 60 trained in every mode");
}

/// The case of the issue: under `carry = quantity` a frozen weight with
/// more digits than the precision was rounded after the first update, so
/// the second update used 0.1235 instead of 0.12345.
#[test]
fn a_frozen_weight_is_not_rounded_under_carry_quantity() {
    let text = "input x = [10]\ntarget y = [1]\n\
                layer out { activation = identity W = [[0.12345]] frozen b = [0] }\n\
                loss = half_squared_error\nlearning_rate = 0.1\nsteps = 3\n\
                precision = 4 decimals\ncarry = quantity\n";
    assert_eq!(frozen_stay_given(text, Carry::Quantity), Ok(true));
    // Worked by hand with exact fractions, rounding each named quantity once:
    // update 1: z = 1.2345, δ = ŷ − y = 0.2345, db = 0.2345, b' = −0.02345 → −0.0235;
    // update 2: z = 1.2345 − 0.0235 = 1.2110 (with W rounded to 0.1235 it would be 1.2115).
    let run = longhand_run(text, Carry::Quantity);
    let z = Symbol::of(Quantity::PreActivation {
        layer: LayerId(0),
        unit: UnitId(0),
    });
    assert_eq!(run.updates[1].named[&z], Real::Exact(q("1.2110")));
}

/// The same in every carry mode, at several precisions, with a frozen bias
/// beside a trained weight.
#[test]
fn frozen_biases_stay_given_in_every_mode_and_precision() {
    for precision in [
        "0 decimals",
        "2 decimals",
        "4 decimals",
        "3 significant",
        "exact",
    ] {
        for carry in [Carry::Step, Carry::Quantity, Carry::Exact] {
            let text = format!(
                "input x = [1, 0.5]\ntarget y = [0.25]\n\
                 layer h {{ activation = sigmoid W = [[0.5, -0.3], [0.2, 0.8]] b = [0.123456789, -1/3] frozen }}\n\
                 layer out {{ activation = sigmoid W = [[0.7, -0.5]] b = [0.05] }}\n\
                 loss = half_squared_error\nlearning_rate = 0.5\nsteps = 4\nprecision = {precision}\n"
            );
            assert_eq!(
                frozen_stay_given(&text, carry),
                Ok(true),
                "{precision}, {carry:?}"
            );
        }
    }
}
