//! The CSV answer key (`longhand render --format csv`): one row per
//! quantity, `name,value,quantity`, with the names `longhand check`
//! reads (`a[1][1]`, `dW[2][1][2] (update 3)`, `new loss`), so a row
//! pasted into a claims file as `name = value` is a claim that holds.
//! Values are printed as in the JSON answer key.

use super::numbers::NumberStyle;
use crate::audit::names::{self, answer_places};
use crate::model::Network;
use crate::numeric::run::Run;

/// A CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180).
fn field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// The answer key as CSV.
pub fn answer_key(network: &Network, run: &Run, fractions: bool) -> String {
    let style = NumberStyle::of(&run.rules, fractions);
    let mut out = String::from("name,value,quantity\n");
    for place in answer_places(network, run) {
        let Some(value) = names::value(network, run, &place) else {
            continue;
        };
        out.push_str(&format!(
            "{},{},{}\n",
            field(&names::name(network, &place)),
            field(&style.plain_value(&value, &run.rules)),
            field(&names::describe(network, &place)),
        ));
    }
    out
}
