//! The two ways into evaluation agree: the lines `write` produces for a
//! report end in the value `value` computes for the training run, and both
//! equal what the run recorded — for every definition of the first update
//! of every bundled example, under every carry mode and two precisions.

use longhand::model::{Carry, Precision, Rounding};
use longhand::numeric::eval::{Pass, Rules, value, write};
use longhand::numeric::run::Detail;
use longhand::source::SourceFile;
use longhand::symbolic::Node;
use longhand::symbolic::rules::computable_form;
use longhand::{Format, Options, load, train};

fn examples() -> Vec<(String, String)> {
    let mut files: Vec<_> = std::fs::read_dir("examples")
        .expect("examples/")
        .map(|entry| entry.expect("an entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "net"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("readable");
            (path.display().to_string(), text)
        })
        .collect()
}

#[test]
fn written_lines_end_in_the_computed_value() {
    let precisions = [Precision::Decimals(4), Precision::Significant(3)];
    for (name, text) in examples() {
        for (carry, _) in Carry::ALL {
            for precision in precisions {
                let mut options = Options::new(Format::Json);
                options.carry = Some(carry);
                options.precision = Some(precision);
                options.rounding = Some(Rounding::HalfEven);
                let network = load(&SourceFile::new(&name, text.as_str()), &options)
                    .expect("the example loads");
                // Adam's second moment, about (1 − β₂)·g² ≈ 10⁻⁷, would print
                // as 0 at any fixed number of decimals short of 8: an error
                // naming a precision that suffices, in every carry mode (see
                // docs/language.md, `optimizer`). Its example uses significant digits.
                let adam = matches!(network.optimizer, longhand::model::Optimizer::Adam { .. });
                if adam && matches!(precision, Precision::Decimals(_)) {
                    continue;
                }
                let run = train(&network, Detail::First).expect("the example trains");
                let rules = Rules::of(network.settings);
                let env = run.updates[0].env.as_ref().expect("update 1 is kept");
                let what = format!("{name}, {carry:?}, {precision:?}");
                for definition in run.update.definitions.iter().filter(|d| d.evaluated) {
                    let form = computable_form(definition.computed());
                    let target = definition.target;
                    let computed = value(&form, env, &rules, target, Pass::Update(1))
                        .unwrap_or_else(|e| panic!("{what}: {target}: {e:?}"));
                    let lines = write(&form, env, &rules, target, Pass::Update(1))
                        .unwrap_or_else(|e| panic!("{what}: {target}: {e:?}"));
                    let Some(Node::Leaf(last)) = lines.last().map(|l| &l.expr) else {
                        panic!("{what}: {target}: the last line is not a number");
                    };
                    assert_eq!(last.carried, computed, "{what}: {target}: write vs value");
                    // The run carries the value, rounded once more if it is
                    // named and computed (a copy such as a frozen `W' = W` is not).
                    let recorded = &env.value(&target).expect("recorded").carried;
                    let expected = if target.is_named() && !definition.is_copy() {
                        rules.carry_named(computed)
                    } else {
                        computed
                    };
                    assert_eq!(*recorded, expected, "{what}: {target}: recorded");
                }
            }
        }
    }
}
