//! The grammar, tier (a): every syntax form of the language contract
//! (`../shared/spec/network-language.md`) is accepted, consumed completely
//! and read as meant; tier (b): the syntax tree of the textbook example is
//! snapshotted. Tier (c), the errors, is `tests/errors.rs`.

use longhand::functions::{self, Output};
use longhand::model::{Activation, Batch, Carry, Network, Precision, Reduction, Rounding};
use longhand::parse::ast::{File, SettingValue, Statement, Value};
use longhand::parse::parse;
use longhand::source::SourceFile;
use longhand::{Error, Format, Options, load};
use num_bigint::BigInt;
use num_rational::BigRational;

/// A complete, valid network; tests replace one line of it.
const BASE: &str = "\
input  x = [1, 0]
target y = [1]
layer hidden {
  activation = sigmoid
  W = [[0.5, -0.3], [0.2, 0.8]]
  b = [0.1, -0.2]
}
layer output {
  activation = sigmoid
  W = [[0.7, -0.5]]
  b = [0.05]
}
loss = half_squared_error
learning_rate = 0.5
";

fn syntax(text: &str) -> File {
    match parse(&SourceFile::new("test.net", text)) {
        Ok(file) => file,
        Err(diagnostic) => panic!("does not parse:\n{text}\n{diagnostic:?}"),
    }
}

fn network(text: &str) -> Network {
    let source = SourceFile::new("test.net", text);
    match load(&source, &Options::new(Format::Markdown)) {
        Ok(network) => network,
        Err(Error::Input(diagnostics)) => panic!(
            "rejected:\n{text}\n{}",
            longhand::diagnostic::render_all(
                &diagnostics,
                &source,
                longhand::diagnostic::Color::Never
            )
        ),
        Err(other) => panic!("rejected:\n{text}\n{other:?}"),
    }
}

/// The base network with the line starting `prefix` replaced by `line`
/// (or `line` appended when no line starts so).
fn with_line(prefix: &str, line: &str) -> String {
    let mut replaced = false;
    let mut lines: Vec<String> = BASE
        .lines()
        .map(|l| {
            if !replaced && l.trim_start().starts_with(prefix) {
                replaced = true;
                line.to_owned()
            } else {
                l.to_owned()
            }
        })
        .collect();
    if !replaced {
        lines.push(line.to_owned());
    }
    lines.join("\n") + "\n"
}

fn ratio(n: i64, d: i64) -> BigRational {
    BigRational::new(BigInt::from(n), BigInt::from(d))
}

fn top_setting(file: &File, key: &str) -> SettingValue {
    file.statements
        .iter()
        .find_map(|s| match s {
            Statement::Setting(setting) if setting.key.node == key => {
                Some(setting.value.node.clone())
            }
            _ => None,
        })
        .unwrap_or_else(|| panic!("no top-level `{key}`"))
}

#[test]
fn the_base_network_is_valid() {
    let network = network(BASE);
    assert_eq!(network.layers.len(), 2);
}

#[test]
fn numbers_in_every_form_are_exact() {
    let forms = [
        ("0.5", ratio(1, 2)),
        ("2", ratio(2, 1)),
        ("1e-3", ratio(1, 1000)),
        ("2.5E2", ratio(250, 1)),
        ("1e+1", ratio(10, 1)),
        ("1/3", ratio(1, 3)),
        ("7/20", ratio(7, 20)),
        ("1 / 4", ratio(1, 4)),
        (".5", ratio(1, 2)),
        ("2.", ratio(2, 1)),
        ("+0.25", ratio(1, 4)),
        ("0.1", ratio(1, 10)),
    ];
    for (text, value) in forms {
        let source = with_line("learning_rate", &format!("learning_rate = {text}"));
        let file = syntax(&source);
        assert_eq!(
            top_setting(&file, "learning_rate"),
            SettingValue::Value(Value::Number(longhand::parse::ast::NumberLiteral {
                text: text.to_owned()
            })),
            "{text} is kept as written"
        );
        assert_eq!(network(&source).learning_rate.value, value, "{text}");
    }
}

#[test]
fn negative_numbers_with_either_minus_sign() {
    for (text, value) in [
        ("-0.3", ratio(-3, 10)),
        ("\u{2212}0.3", ratio(-3, 10)),
        ("-7/20", ratio(-7, 20)),
        ("\u{2212}7/20", ratio(-7, 20)),
        ("-1e-1", ratio(-1, 10)),
        ("1e\u{2212}1", ratio(1, 10)),
    ] {
        let source = with_line("b = [0.05]", &format!("b = [{text}]"));
        let net = network(&source);
        assert_eq!(
            net.layers[1].biases.as_ref().unwrap().rows[0][0].value,
            value,
            "{text}"
        );
    }
}

#[test]
fn both_comment_styles_anywhere() {
    let text = format!(
        "// a line comment\n# a hash comment\n{}",
        BASE.replace(
            "loss = half_squared_error",
            "loss = half_squared_error // trailing"
        )
        .replace("learning_rate = 0.5", "learning_rate = 0.5 # trailing")
        .replace("  b = [0.1, -0.2]", "  b = [0.1, # inside a vector\n -0.2]")
    );
    let net = network(&text);
    assert_eq!(net.learning_rate.value, ratio(1, 2));
    assert_eq!(net.layers[0].biases.as_ref().unwrap().rows.len(), 2);
}

#[test]
fn titles_keep_comment_markers_and_escapes() {
    let text = format!("network \"A \\\"2-2-1\\\" net // not a comment # either\"\n{BASE}");
    assert_eq!(
        network(&text).title,
        "A \"2-2-1\" net // not a comment # either"
    );
    assert_eq!(
        network(BASE).title,
        "test.net",
        "the default title is the file name"
    );
}

#[test]
fn trailing_commas_in_vectors_and_matrices() {
    let text = BASE.replace("x = [1, 0]", "x = [1, 0,]").replace(
        "W = [[0.5, -0.3], [0.2, 0.8]]",
        "W = [[0.5, -0.3,], [0.2, 0.8,],]",
    );
    let net = network(&text);
    assert_eq!(net.examples[0].input.len(), 2);
    assert_eq!(
        net.layers[0].weights.rows,
        network(BASE).layers[0].weights.rows
    );
}

#[test]
fn a_scalar_is_a_one_element_vector() {
    let net = network(&with_line("target", "target y = 1"));
    assert_eq!(net.examples[0].target.len(), 1);
    let net = network(&with_line("b = [0.05]", "b = 0.05"));
    let biases = &net.layers[1].biases.as_ref().expect("a bias").rows;
    assert_eq!(biases.len(), 1);
    assert_eq!(biases[0][0].value, ratio(1, 20));
}

#[test]
fn names_of_input_and_target_are_optional() {
    let text = BASE
        .replace("input  x = [1, 0]", "input = [1, 0]")
        .replace("target y = [1]", "target = [1]");
    let net = network(&text);
    assert_eq!(
        (net.input_name.as_str(), net.target_name.as_str()),
        ("x", "y")
    );
    let text = BASE
        .replace("input  x", "input  u")
        .replace("target y", "target t");
    let net = network(&text);
    assert_eq!(
        (net.input_name.as_str(), net.target_name.as_str()),
        ("u", "t")
    );
}

#[test]
fn examples_blocks_in_every_layout() {
    let without_single = BASE
        .replace("input  x = [1, 0]\n", "")
        .replace("target y = [1]\n", "");
    for block in [
        "examples { [0,0] -> [0] [0,1] -> [1] [1,0] -> [1] [1,1] -> [0] }",
        "examples {\n  [0, 0] -> [0]\n  [0, 1] -> [1]\n  [1, 0] -> [1]\n  [1, 1] -> [0]\n}",
        "examples { [0, 0] -> [0], [0, 1] -> [1], [1, 0] -> [1], [1, 1] -> [0], }",
        "examples { [0, 0] -> [0]; [0, 1] -> [1]; [1, 0] -> [1]; [1, 1] -> [0]; }",
        "examples { [0, 0] \u{2192} 0  [0, 1] \u{2192} 1  [1, 0] \u{2192} 1  [1, 1] \u{2192} 0 }",
    ] {
        let net = network(&format!("{without_single}{block}\n"));
        assert_eq!(net.examples.len(), 4, "{block}");
        assert_eq!(net.examples[3].input[0].value, ratio(1, 1), "{block}");
        assert_eq!(net.examples[3].target[0].value, ratio(0, 1), "{block}");
    }
}

#[test]
fn frozen_parameters() {
    let text = BASE
        .replace("b = [0.1, -0.2]", "b = [0.1, -0.2] frozen")
        .replace("W = [[0.7, -0.5]]", "W = [[0.7, -0.5]] frozen");
    let net = network(&text);
    assert!(net.layers[0].biases.as_ref().unwrap().frozen);
    assert!(!net.layers[0].weights.frozen);
    assert!(net.layers[1].weights.frozen);
}

#[test]
fn uniform_as_a_number_a_vector_and_a_matrix() {
    let on_grid = |value: &BigRational| {
        let tenths = value * ratio(10, 1);
        assert!(tenths.is_integer(), "{value} is on the 0.1 grid");
        assert!(
            *value >= ratio(-1, 1) && *value <= ratio(1, 1),
            "{value} in range"
        );
    };
    // One number inside a matrix.
    let net = network(&BASE.replace("[0.5, -0.3]", "[uniform(-1, 1, 0.1), -0.3]"));
    on_grid(&net.layers[0].weights.rows[0][0].value);
    // A whole matrix and a whole vector, with `units = N`.
    let text = BASE
        .replace(
            "W = [[0.5, -0.3], [0.2, 0.8]]",
            "units = 2\n  W = uniform(-1, 1, 0.1)",
        )
        .replace("b = [0.1, -0.2]", "b = uniform(-1, 1, 0.1)");
    let net = network(&text);
    assert_eq!(net.layers[0].units(), 2);
    assert_eq!(net.layers[0].inputs(), 2);
    for value in net.layers[0].weights.rows.iter().flatten() {
        on_grid(&value.value);
    }
    assert_eq!(net.layers[0].biases.as_ref().unwrap().rows.len(), 2);
    // A whole input vector, whose length the first layer's `W` gives.
    let net = network(&with_line("input", "input x = uniform(-1, 1, 0.1)"));
    assert_eq!(net.examples[0].input.len(), 2);
    on_grid(&net.examples[0].input[1].value);
    // The same draw for the same seed.
    assert_eq!(network(&text), network(&text));
}

#[test]
fn every_activation() {
    for name in ["sigmoid", "tanh", "relu", "identity", "softplus"] {
        let net =
            network(&BASE.replacen("activation = sigmoid", &format!("activation = {name}"), 1));
        let card = functions::activation_card(name).expect("a card");
        assert_eq!(net.layers[0].activation, Activation::card(card), "{name}");
    }
    let slope = |text: &str| {
        let activation = network(&BASE.replacen("activation = sigmoid", text, 1)).layers[0]
            .activation
            .clone();
        assert_eq!(activation.name(), "leaky_relu");
        activation.arguments[0].value.clone()
    };
    assert_eq!(slope("activation = leaky_relu(0.2)"), ratio(1, 5));
    assert_eq!(slope("activation = leaky_relu( 1/8 )"), ratio(1, 8));
    assert_eq!(slope("activation = leaky_relu"), ratio(1, 100));
    let softmax = BASE
        .replace("target y = [1]", "target y = [0, 1]")
        .replace("W = [[0.7, -0.5]]", "W = [[0.7, -0.5], [0.1, 0.2]]")
        .replace("b = [0.05]", "b = [0.05, 0]")
        .replace("loss = half_squared_error", "loss = cross_entropy");
    let softmax = softmax.replacen(
        "activation = sigmoid\n  W = [[0.7",
        "activation = softmax\n  W = [[0.7",
        1,
    );
    assert_eq!(network(&softmax).layers[1].activation.name(), "softmax");
    assert!(network(&softmax).layers[1].activation.is_vector());
}

#[test]
fn every_loss() {
    for card in functions::LOSSES {
        let name = card.name();
        let mut text = with_line("loss", &format!("loss = {name}"));
        if matches!(card.output, Output::Softmax { .. }) {
            text = text
                .replace("target y = [1]", "target y = [1, 0]")
                .replace("W = [[0.7, -0.5]]", "W = [[0.7, -0.5], [0.1, 0.2]]")
                .replace("b = [0.05]", "b = [0.05, 0]")
                .replace(
                    "activation = sigmoid\n  W = [[0.7",
                    "activation = softmax\n  W = [[0.7",
                );
        }
        assert_eq!(network(&text).loss.name(), name, "{name}");
    }
}

#[test]
fn every_precision_form() {
    let cases = [
        ("4 decimals", Precision::Decimals(4)),
        ("1 decimal", Precision::Decimals(1)),
        ("0 decimals", Precision::Decimals(0)),
        ("30 decimals", Precision::Decimals(30)),
        ("6 significant", Precision::Significant(6)),
        ("1 significant", Precision::Significant(1)),
        ("exact", Precision::Exact),
    ];
    for (text, precision) in cases {
        let net = network(&with_line("precision", &format!("precision = {text}")));
        assert_eq!(net.settings.precision, precision, "{text}");
    }
    assert_eq!(
        network(BASE).settings.precision,
        Precision::Decimals(4),
        "default"
    );
}

#[test]
fn every_rounding_carry_batch_and_reduction() {
    for (rounding, name) in Rounding::ALL {
        let net = network(&with_line("rounding", &format!("rounding = {name}")));
        assert_eq!(net.settings.rounding, rounding, "{name}");
    }
    for (carry, name) in Carry::ALL {
        let net = network(&with_line("carry", &format!("carry = {name}")));
        assert_eq!(net.settings.carry, carry, "{name}");
    }
    assert_eq!(
        network(&with_line("batch", "batch = full")).batch,
        Batch::Full
    );
    assert_eq!(
        network(&with_line("batch", "batch = 1")).batch,
        Batch::Single
    );
    assert_eq!(
        network(&with_line("reduction", "reduction = mean")).reduction,
        Reduction::Mean
    );
    assert_eq!(
        network(&with_line("reduction", "reduction = sum")).reduction,
        Reduction::Sum
    );
    let defaults = network(BASE);
    assert_eq!(
        (
            defaults.settings.rounding,
            defaults.settings.carry,
            defaults.batch,
            defaults.reduction,
            defaults.steps
        ),
        (
            Rounding::HalfUp,
            Carry::Step,
            Batch::Full,
            Reduction::Mean,
            1
        )
    );
    assert_eq!(network(&with_line("steps", "steps = 25")).steps, 25);
}

#[test]
fn a_one_unit_layer_may_write_w_as_a_flat_row() {
    let net = network(&BASE.replace("W = [[0.7, -0.5]]", "W = [0.7, -0.5]"));
    assert_eq!(
        net.layers[1].weights.rows,
        network(BASE).layers[1].weights.rows
    );
}

#[test]
fn a_layer_without_bias() {
    let net = network(&BASE.replace("  b = [0.05]\n", ""));
    assert!(net.layers[1].biases.is_none());
}

#[test]
fn statements_in_any_order_and_any_layout() {
    let mut lines: Vec<&str> = BASE.lines().collect();
    let settings = lines.split_off(lines.len() - 2);
    let reordered = format!("{}\n{}\n", settings.join("\n"), lines.join("\n"));
    assert_eq!(network(&reordered), network(BASE));
    let one_line = BASE.replace('\n', " ");
    assert_eq!(network(&one_line), network(BASE));
    let windows = BASE.replace('\n', "\r\n");
    assert_eq!(network(&windows), network(BASE));
    let with_bom = format!("\u{FEFF}{}", BASE.replace("= [1, 0]", "=\u{A0}[1, 0]"));
    assert_eq!(network(&with_bom), network(BASE));
}

#[test]
fn the_textbook_example_has_this_syntax_tree() {
    let path = "examples/textbook-2-2-1.net";
    let text = std::fs::read_to_string(path).expect("the textbook example exists");
    insta::assert_debug_snapshot!(syntax(&text));
}

/// A comment ends at every line end `source::is_line_end` names — LF, CR LF,
/// a lone CR (old Mac files), U+2028 and U+2029 (pasted from a word
/// processor) — so the statement after it is read, not silently dropped.
#[test]
fn every_kind_of_line_end_ends_a_comment() {
    let commented = |end: &str| {
        let text = format!("// a comment{end}{}", BASE.replace('\n', end));
        // A comment at the end of every statement, too.
        text.replace(
            "learning_rate = 0.5",
            &format!("learning_rate = 0.5 # last{end}steps = 2"),
        )
    };
    let expected = network(&commented("\n"));
    assert_eq!(expected.steps, 2);
    for end in ["\r\n", "\r", "\u{2028}", "\u{2029}"] {
        assert_eq!(network(&commented(end)), expected, "{end:?}");
    }
    // Mixed in one file.
    let mixed = format!("// one\r// two\u{2028}// three\r\n{BASE}");
    assert_eq!(network(&mixed), network(BASE));
}

/// Line numbers in messages count the same line ends (CR LF once).
#[test]
fn messages_count_every_kind_of_line_end() {
    for end in ["\n", "\r\n", "\r", "\u{2028}", "\u{2029}"] {
        let text = format!("// a comment{end}{}", BASE.replace('\n', end))
            .replace("loss = half_squared_error", "loss = half_squared_errr");
        let source = SourceFile::new("test.net", text.as_str());
        let Err(Error::Input(diagnostics)) = load(&source, &Options::new(Format::Markdown)) else {
            panic!("{end:?}: the misspelt loss is found");
        };
        let rendered = longhand::diagnostic::render_all(
            &diagnostics,
            &source,
            longhand::diagnostic::Color::Never,
        );
        assert!(
            rendered.contains("--> test.net:14:8"),
            "{end:?}\n{rendered}"
        );
        assert!(
            rendered.contains("14 | loss = half_squared_errr\n"),
            "{end:?}\n{rendered}"
        );
        assert_eq!(
            source.line_col(text.find("loss").unwrap_or(0)),
            (14, 1),
            "{end:?}"
        );
    }
}

/// A title cannot run past the end of its line, whatever ends the line.
#[test]
fn a_title_ends_at_any_line_end() {
    for end in ["\n", "\r", "\u{2028}"] {
        let text = format!("network \"unclosed{end}{BASE}");
        assert!(
            parse(&SourceFile::new("t.net", text.as_str())).is_err(),
            "{end:?}"
        );
    }
}

#[test]
fn definitions_of_activations_and_losses() {
    use longhand::parse::ast::{AddOp, Comparison, DefinitionKind, Formula, MulOp};
    let file = syntax(
        "activation swish(z) = z * sigmoid(z)\n\
         activation lrelu3(z) = if z >= 0 then z else 0.3 * z   # two pieces\n\
         loss logcosh(y, yhat) =\n    ln(cosh(yhat − y))\n\
         activation odd(z) = - - -z^2 + z/2 - 1e-3 · z × 2\n",
    );
    let definitions: Vec<_> = file
        .statements
        .iter()
        .filter_map(|s| match s {
            Statement::Definition(d) => Some(d),
            _ => None,
        })
        .collect();
    assert_eq!(definitions.len(), 4);
    let names: Vec<(&str, DefinitionKind, Vec<&str>)> = definitions
        .iter()
        .map(|d| {
            (
                d.name.node.as_str(),
                d.kind,
                d.parameters.iter().map(|p| p.node.as_str()).collect(),
            )
        })
        .collect();
    assert_eq!(
        names,
        [
            ("swish", DefinitionKind::Activation, vec!["z"]),
            ("lrelu3", DefinitionKind::Activation, vec!["z"]),
            ("logcosh", DefinitionKind::Loss, vec!["y", "yhat"]),
            ("odd", DefinitionKind::Activation, vec!["z"]),
        ]
    );
    let Formula::If { relation, .. } = &definitions[1].body.node else {
        panic!("{:?}", definitions[1].body);
    };
    assert_eq!(relation.node, Comparison::GreaterEqual);
    // A formula's span ends at its last token, not at the comment after it.
    let text = "activation lrelu3(z) = if z >= 0 then z else 0.3 * z   # two pieces";
    let body = definitions[1].body.span;
    assert!(text.ends_with("# two pieces"));
    assert_eq!(body.end - body.start, "if z >= 0 then z else 0.3 * z".len());
    // Sums and products are flat; an odd run of minus signs is one negation.
    let Formula::Sum { first, rest } = &definitions[3].body.node else {
        panic!("{:?}", definitions[3].body);
    };
    assert!(matches!(first.node, Formula::Neg(_)));
    let ops: Vec<AddOp> = rest.iter().map(|(op, _)| *op).collect();
    assert_eq!(ops, [AddOp::Add, AddOp::Sub]);
    let Formula::Product { rest, .. } = &rest[1].1.node else {
        panic!("{:?}", rest[1]);
    };
    assert_eq!(
        rest.iter().map(|(op, _)| *op).collect::<Vec<_>>(),
        [MulOp::Mul, MulOp::Mul]
    );
    // The network that uses them is valid.
    let net = network(&format!(
        "activation swish(z) = z * sigmoid(z)\n{}",
        BASE.replacen("activation = sigmoid", "activation = swish", 1)
    ));
    assert_eq!(net.layers[0].activation.name(), "swish");
    assert_eq!(net.definitions.len(), 1);
}
