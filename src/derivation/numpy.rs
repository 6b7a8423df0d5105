//! The NumPy appendix: a short Python program that sets the network's
//! numbers, runs the same forward pass, backward pass and update in
//! float64, and prints each key value beside the value the report prints.
//!
//! Every line of arithmetic is a definition of the derived program
//! ([`crate::symbolic::program`]) printed by [`crate::symbolic::python`];
//! this module only decides the order, the loops and what is printed.

use std::collections::{BTreeMap, HashSet};

use super::numbers::NumberStyle;
use crate::model::{Batch, Hyper, Literal, Network};
use crate::numeric::run::Run;
use crate::symbolic::program::Definition;
use crate::symbolic::python::{self, names};
use crate::symbolic::rules::RuleName;
use crate::symbolic::{Expr, Quantity, Symbol};

/// The longest line of the program: what fits a LaTeX page (11 pt
/// typewriter type across 6.3 in) and a phone held sideways.
const WIDTH: usize = 78;

/// When a printed value is computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// The forward pass before training.
    Before,
    /// Update number `n` (1-based).
    Update(u64),
    /// The forward pass after training.
    After,
}

/// One value the program prints, in the order it prints them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Printed {
    /// The label it is printed with (`W1_new[1][2]`).
    pub label: String,
    /// When it is computed.
    pub when: When,
    /// The quantity.
    pub symbol: Symbol,
    /// The report's value, as printed beside it.
    pub report: String,
}

/// The appendix: the program and what it prints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appendix {
    /// The Python source.
    pub code: String,
    /// Every value the program prints, in order.
    pub printed: Vec<Printed>,
}

/// The array families of some definitions, in order of first definition,
/// with each family's shape and its entries.
struct Families {
    order: Vec<String>,
    shapes: BTreeMap<String, Vec<usize>>,
    entries: BTreeMap<String, Vec<(Vec<usize>, Symbol)>>,
}

impl Families {
    fn of<'a>(symbols: impl IntoIterator<Item = &'a Symbol>) -> Families {
        let mut families = Families {
            order: Vec::new(),
            shapes: BTreeMap::new(),
            entries: BTreeMap::new(),
        };
        for symbol in symbols {
            let (name, index) = names::family(symbol);
            let shape = families.shapes.entry(name.clone()).or_insert_with(|| {
                families.order.push(name.clone());
                vec![0; index.len()]
            });
            for (size, i) in shape.iter_mut().zip(&index) {
                *size = (*size).max(i + 1);
            }
            families
                .entries
                .entry(name)
                .or_default()
                .push((index, *symbol));
        }
        families
    }
}

fn shape_text(shape: &[usize]) -> String {
    match shape {
        [n] => n.to_string(),
        _ => format!(
            "({})",
            shape
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// `[["0.1", "0.2"], ["0.3", "0.4"]]`: nested lists of strings shaped like
/// the family, from each entry's report text.
fn nested(shape: &[usize], value: &dyn Fn(&[usize]) -> String) -> String {
    fn go(shape: &[usize], prefix: &mut Vec<usize>, value: &dyn Fn(&[usize]) -> String) -> String {
        match shape.split_first() {
            None => names::string_literal(&value(prefix)),
            Some((n, rest)) => {
                let items: Vec<String> = (0..*n)
                    .map(|i| {
                        prefix.push(i);
                        let item = go(rest, prefix, value);
                        prefix.pop();
                        item
                    })
                    .collect();
                format!("[{}]", items.join(", "))
            }
        }
    }
    go(shape, &mut Vec::new(), value)
}

fn label(name: &str, index: &[usize]) -> String {
    let mut out = name.to_owned();
    for i in index {
        out.push_str(&format!("[{}]", i + 1));
    }
    out
}

/// Row-major order of every index of a shape.
fn indices(shape: &[usize]) -> Vec<Vec<usize>> {
    let mut all = vec![Vec::new()];
    for n in shape {
        all = all
            .into_iter()
            .flat_map(|prefix| {
                (0..*n).map(move |i| {
                    let mut next = prefix.clone();
                    next.push(i);
                    next
                })
            })
            .collect();
    }
    all
}

/// The form a definition is written with: a call of a function defined in
/// the file as it is written (`swish(z1[0])`, the function generated once
/// from its formula), otherwise the last rewrite a reader sees (`σ(z)`
/// rather than σ spelt out through e^x), unless it names a factor that is
/// shown but never computed.
fn python_form<'a>(definition: &'a Definition, skipped: &HashSet<Symbol>) -> &'a Expr {
    let computable = |e: &Expr| !skipped.iter().any(|s| e.mentions(s));
    if python::calls_defined(&definition.formula) && computable(&definition.formula) {
        return &definition.formula;
    }
    let readable = definition
        .rewrites
        .iter()
        .rev()
        .find(|r| r.rule != RuleName::ExpandDefinition)
        .map_or(&definition.formula, |r| &r.expr);
    if computable(readable) {
        readable
    } else {
        definition.computed()
    }
}

/// The Python lines of some definitions: each array allocated before its
/// first entry (except the families in `kept`), then one line per entry.
fn lines(definitions: &[Definition], kept: &HashSet<String>, indent: &str) -> Vec<String> {
    let skipped: HashSet<Symbol> = definitions
        .iter()
        .filter(|d| !d.evaluated)
        .map(|d| d.target)
        .collect();
    let evaluated: Vec<&Definition> = definitions.iter().filter(|d| d.evaluated).collect();
    let families = Families::of(evaluated.iter().map(|d| &d.target));
    let mut allocated: HashSet<String> = HashSet::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut out = Vec::new();
    let mut previous: Option<String> = None;
    for definition in evaluated {
        let (name, _) = names::family(&definition.target);
        let first_time = seen.insert(name.clone());
        if previous.as_ref().is_some_and(|p| *p != name) && first_time {
            out.push(String::new());
        }
        if !kept.contains(&name) && allocated.insert(name.clone()) {
            let shape = &families.shapes[&name];
            if !shape.is_empty() {
                out.push(format!("{indent}{name} = np.zeros({})", shape_text(shape)));
            }
        }
        let form = python_form(definition, &skipped);
        out.push(format!(
            "{indent}{} = {}",
            names::reference(&definition.target),
            python::to_python(form, &names::reference)
        ));
        previous = Some(name);
    }
    out
}

fn literal(l: &Literal) -> String {
    python::number(&l.value, Some(&l.text))
}

fn vector(items: &[Literal]) -> String {
    format!(
        "[{}]",
        items.iter().map(literal).collect::<Vec<_>>().join(", ")
    )
}

/// Whether a symbol is shown among the key values of an update.
fn is_key(symbol: &Symbol) -> bool {
    symbol.is_named() && !symbol.is_given()
}

/// The program for a network and the run the report shows.
pub fn appendix(network: &Network, run: &Run, style: &NumberStyle) -> Appendix {
    let mut code: Vec<String> = Vec::new();
    let mut printed: Vec<Printed> = Vec::new();
    let rules = run.rules;
    let several = network.examples.len() > 1;
    let update_definitions = &run.update.definitions;
    let forward_definitions = &run.forward.definitions;

    code.push("import numpy as np".to_owned());
    code.push(String::new());
    let formulas = update_definitions
        .iter()
        .chain(forward_definitions)
        .map(|d| {
            let skipped = HashSet::new();
            python_form(d, &skipped).clone()
        })
        .collect::<Vec<_>>();
    for helper in python::helpers(&formulas) {
        code.extend(helper.definition());
        code.push(String::new());
    }
    code.extend(
        [
            "def show(name, computed, report):",
            "    \"\"\"Prints each entry computed here beside the value the report prints.\"\"\"",
            "    computed, report = np.asarray(computed, dtype=float), np.asarray(report)",
            "    for index in np.ndindex(computed.shape):",
            "        label = name + \"\".join(f\"[{i + 1}]\" for i in index)",
            "        print(f\"  {label:<16} {computed[index]:<24.17g} {report[index]}\")",
            "",
            "",
            "# The numbers of the file.",
        ]
        .map(str::to_owned),
    );

    // Given numbers.
    let inputs: Vec<String> = network.examples.iter().map(|e| vector(&e.input)).collect();
    let targets: Vec<String> = network.examples.iter().map(|e| vector(&e.target)).collect();
    if several {
        code.push(format!("X = np.array([{}])", inputs.join(", ")));
        code.push(format!("Y = np.array([{}])", targets.join(", ")));
    } else {
        code.push(format!("x = np.array({})", inputs.join(", ")));
        code.push(format!("y = np.array({})", targets.join(", ")));
    }
    let mut parameters: Vec<String> = Vec::new();
    for layer in network.layer_ids() {
        let l = network.layer(layer);
        let rows: Vec<String> = l.weights.rows.iter().map(|r| vector(r)).collect();
        code.push(format!(
            "W{} = np.array([{}])",
            layer.number(),
            rows.join(", ")
        ));
        parameters.push(format!("W{}", layer.number()));
        if let Some(b) = &l.biases {
            let column: Vec<Literal> = b.rows.iter().filter_map(|r| r.first().cloned()).collect();
            code.push(format!(
                "b{} = np.array({})",
                layer.number(),
                vector(&column)
            ));
            parameters.push(format!("b{}", layer.number()));
        }
    }
    code.push(format!("eta = {}", literal(&network.learning_rate)));
    let mut hypers: Vec<(Hyper, &Literal)> = network.optimizer.hypers();
    if let Some(l) = &network.weight_decay {
        hypers.push((Hyper::WeightDecay, l));
    }
    if let Some(l) = &network.decoupled_weight_decay {
        hypers.push((Hyper::DecoupledDecay, l));
    }
    for (hyper, value) in hypers {
        code.push(format!("{} = {}", hyper.name(), literal(value)));
    }

    // The forward pass as a function of the parameters.
    let forward_families = Families::of(
        forward_definitions
            .iter()
            .filter(|d| d.evaluated)
            .map(|d| &d.target),
    );
    let output = network.output_layer();
    let shown_forward: Vec<String> = forward_families
        .order
        .iter()
        .filter(|name| {
            forward_families.entries[*name].iter().any(|(_, s)| {
                matches!(s.quantity, Quantity::Loss)
                    || matches!(s.quantity, Quantity::Activation { layer, .. } if layer == output)
            })
        })
        .cloned()
        .collect();
    code.push(String::new());
    code.push(String::new());
    code.push(format!("def forward({}):", parameters.join(", ")));
    code.push("    \"\"\"The forward pass and the loss.\"\"\"".to_owned());
    code.extend(lines(forward_definitions, &HashSet::new(), "    "));
    code.push(format!("    return {}", shown_forward.join(", ")));
    code.push(String::new());
    code.push(String::new());

    let show_forward = |code: &mut Vec<String>,
                        printed: &mut Vec<Printed>,
                        when: When,
                        env: &crate::numeric::run::Env| {
        code.push(format!(
            "{} = forward({})",
            shown_forward.join(", "),
            parameters.join(", ")
        ));
        for name in &shown_forward {
            let shape = &forward_families.shapes[name];
            let entries = &forward_families.entries[name];
            let find = |index: &[usize]| entries.iter().find(|(i, _)| i == index).map(|(_, s)| *s);
            let report = |index: &[usize]| {
                find(index)
                    .and_then(|s| env.value(&s))
                    .map(|shown| style.plain(shown))
                    .unwrap_or_default()
            };
            code.push(format!(
                "show({}, {name}, {})",
                names::string_literal(name),
                nested(shape, &report)
            ));
            for index in indices(shape) {
                if let Some(symbol) = find(&index) {
                    printed.push(Printed {
                        label: label(name, &index),
                        when,
                        symbol,
                        report: report(&index),
                    });
                }
            }
        }
    };

    code.push("print(\"Before training:\")".to_owned());
    show_forward(&mut code, &mut printed, When::Before, &run.initial_pass);
    code.push(String::new());

    // Optimizer state, kept from one update to the next.
    let state_symbols: Vec<&Symbol> = update_definitions
        .iter()
        .map(|d| &d.target)
        .filter(|s| matches!(s.quantity, Quantity::State { .. }))
        .collect();
    let states = Families::of(state_symbols.iter().copied());
    let kept: HashSet<String> = states.order.iter().cloned().collect();
    if !states.order.is_empty() {
        code.push("# The optimizer's state starts at zero.".to_owned());
        for name in &states.order {
            code.push(format!(
                "{name} = np.zeros({})",
                shape_text(&states.shapes[name])
            ));
        }
    }
    let powers: Vec<Hyper> = {
        let mut found = Vec::new();
        for d in update_definitions {
            d.computed().for_each_leaf(&mut |leaf| {
                if let crate::symbolic::Atom::Sym(Symbol {
                    quantity: Quantity::HyperPower(h),
                    ..
                }) = leaf
                    && !found.contains(h)
                {
                    found.push(*h);
                }
            });
        }
        found
    };

    // The updates: one, or a loop over the steps (and over the examples,
    // one update each, under `batch = 1`).
    let count = run.updates.len();
    let online = network.batch == Batch::Single && several;
    let loss = Symbol::of(Quantity::Loss);
    let reports: Vec<String> = run
        .updates
        .iter()
        .map(|r| {
            r.named
                .get(&loss)
                .map(|v| style.plain_value(v, &rules))
                .unwrap_or_default()
        })
        .collect();
    let b = match (count > 1, online) {
        (false, _) => "",
        (true, false) => "    ",
        (true, true) => "        ",
    };
    if count > 1 {
        code.push(format!(
            "L_report = [{}]",
            reports
                .iter()
                .map(|r| names::string_literal(r))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        code.push("t = 0".to_owned());
        code.push(format!("for step in range({}):", network.steps));
        if online {
            code.push("    for x, y in zip(X, Y):".to_owned());
        }
    } else if !powers.is_empty() {
        code.push("t = 1".to_owned());
    }
    let mut update_code: Vec<String> = Vec::new();
    if count > 1 {
        update_code.push(format!("{b}t += 1"));
    }
    for h in &powers {
        update_code.push(format!("{b}{0}_t = {0} ** t", h.name()));
    }
    update_code.extend(lines(update_definitions, &kept, b));
    // What the first update prints.
    let key = Families::of(
        update_definitions
            .iter()
            .filter(|d| d.evaluated && is_key(&d.target))
            .map(|d| &d.target),
    );
    let first = run.updates.first().and_then(|r| r.env.as_ref());
    let shows_first = if count > 1 {
        format!("{b}    ")
    } else {
        b.to_owned()
    };
    update_code.push(String::new());
    if count > 1 {
        update_code.push(format!("{b}if t == 1:"));
    }
    update_code.push(format!("{shows_first}print(\"Update 1:\")"));
    for name in &key.order {
        let shape = &key.shapes[name];
        let entries = &key.entries[name];
        let find = |index: &[usize]| entries.iter().find(|(i, _)| i == index).map(|(_, s)| *s);
        let report = |index: &[usize]| {
            find(index)
                .and_then(|s| first.and_then(|env| env.value(&s)))
                .map(|shown| style.plain(shown))
                .unwrap_or_default()
        };
        update_code.push(format!(
            "{shows_first}show({}, {name}, {})",
            names::string_literal(name),
            nested(shape, &report)
        ));
        for index in indices(shape) {
            if let Some(symbol) = find(&index) {
                printed.push(Printed {
                    label: label(name, &index),
                    when: When::Update(1),
                    symbol,
                    report: report(&index),
                });
            }
        }
    }
    if count > 1 {
        update_code.push(format!("{b}else:"));
        update_code.push(format!("{b}    print(f\"Update {{t}}:\")"));
        update_code.push(format!("{b}    show(\"L\", L, L_report[t - 1])"));
        for (index, report) in reports.iter().enumerate().skip(1) {
            printed.push(Printed {
                label: "L".to_owned(),
                when: When::Update(index as u64 + 1),
                symbol: loss,
                report: report.clone(),
            });
        }
    }
    let news: Vec<String> = parameters.iter().map(|p| format!("{p}_new")).collect();
    update_code.push(format!(
        "{b}{} = {}",
        parameters.join(", "),
        news.join(", ")
    ));
    code.extend(update_code);
    code.push(String::new());
    code.push("print(\"After training:\")".to_owned());
    show_forward(&mut code, &mut printed, When::After, &run.final_pass);

    let mut text = code
        .iter()
        .flat_map(|line| python::wrap(line, WIDTH))
        .collect::<Vec<_>>()
        .join("\n");
    text.push('\n');
    Appendix {
        code: text,
        printed,
    }
}
