//! Speed and scale of the whole pipeline (criterion); figures in BENCHMARKS.md.
//!
//! `cargo bench --bench pipeline` runs them all (about a minute);
//! `cargo bench --bench pipeline -- textbook` runs one group. Before the
//! timings it prints the node-count table of BENCHMARKS.md.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group};
use longhand::exercise::{self, Exercise, Question};
use longhand::model::Precision;
use longhand::numeric::run::Detail;
use longhand::source::SourceFile;
use longhand::{Format, Options, derivation, explain, load, train};

#[path = "../tests/netgen.rs"]
#[allow(dead_code)]
mod netgen;

const TEXTBOOK: &str = include_str!("../examples/textbook-2-2-1.net");
const DRAWN: &str = include_str!("../examples/exercises/textbook-2-2-1-drawn.net");

/// The 2-4-1 sigmoid network trained for 10,000 updates with exact carry.
const NET_2_4_1: &str = "network \"2-4-1\"
input x = [0.05, 0.1]
target y = [0.01]
layer hidden {
  activation = sigmoid
  W = [[0.15, 0.2], [0.25, 0.3], [-0.1, 0.35], [0.4, -0.45]]
  b = [0.35, 0.35, -0.2, 0.1]
}
layer output {
  activation = sigmoid
  W = [[0.4, 0.45, -0.5, 0.55]]
  b = [0.6]
}
loss = half_squared_error
learning_rate = 0.5
steps = 10000
carry = exact
";

fn textbook(c: &mut Criterion) {
    let source = SourceFile::new("textbook-2-2-1.net", TEXTBOOK);
    let mut group = c.benchmark_group("textbook");
    for format in [Format::Markdown, Format::Json, Format::Html] {
        let options = Options::new(format);
        group.bench_function(format.extension(), |b| {
            b.iter(|| explain(black_box(&source), &options).expect("the textbook example renders"));
        });
    }
    group.finish();
}

fn deep(c: &mut Criterion) {
    let mut group = c.benchmark_group("deep_8x16_28_digits");
    group.sample_size(10);
    for carry in ["step", "quantity", "exact"] {
        let source = SourceFile::new("deep-8x16.net", deep_text(carry));
        let options = Options::new(Format::Markdown);
        group.bench_function(format!("derive_and_evaluate_{carry}"), |b| {
            b.iter(|| {
                let network = load(black_box(&source), &options).expect("valid");
                let run = train(&network, Detail::First).expect("trains");
                derivation::derive(&network, &run, None)
                    .expect("derives")
                    .written
                    .len()
            });
        });
        group.bench_function(format!("markdown_{carry}"), |b| {
            b.iter(|| explain(black_box(&source), &options).expect("renders"));
        });
    }
    // The same network at the default precision, for comparison.
    let source = SourceFile::new("deep-8x16.net", deep_text("step"));
    let mut options = Options::new(Format::Markdown);
    options.precision = Some(Precision::Decimals(4));
    group.bench_function("derive_and_evaluate_step_at_4_decimals", |b| {
        b.iter(|| {
            let network = load(black_box(&source), &options).expect("valid");
            let run = train(&network, Detail::First).expect("trains");
            derivation::derive(&network, &run, None)
                .expect("derives")
                .written
                .len()
        });
    });
    group.finish();
}

/// Exercises of the textbook network with draws: one answer key (a
/// variant's three runs and accepted ranges), and 100 variants with their
/// Markdown solutions and sheets. Run with `RAYON_NUM_THREADS=1` for the
/// one-core figures.
fn exercises(c: &mut Criterion) {
    let source = SourceFile::new("textbook-2-2-1-drawn.net", DRAWN);
    let options = Options::new(Format::Markdown);
    let prepared = Exercise::new(&source, &options).expect("valid");
    let mut group = c.benchmark_group("exercises");
    group.sample_size(20);
    let mut seed = 0u64;
    group.bench_function("answer_key", |b| {
        b.iter(|| {
            seed += 1;
            prepared
                .variant(1, black_box(seed), &Question::ALL)
                .expect("draws")
                .answers
                .len()
        });
    });
    group.sample_size(10);
    group.bench_function("100_variants_with_solutions_and_sheets", |b| {
        b.iter(|| {
            let drawn = prepared
                .draw_many(100, black_box(0), &Question::ALL, false)
                .expect("draws");
            let bytes: usize = drawn
                .variants
                .iter()
                .map(|v| {
                    let solution = exercise::solution(&source, &options, v).expect("renders");
                    let sheet = exercise::sheet(&source, &options, v).expect("renders");
                    solution.text.len() + sheet.text.len()
                })
                .sum();
            bytes
        });
    });
    group.finish();
}

fn training(c: &mut Criterion) {
    let source = SourceFile::new("2-4-1.net", NET_2_4_1);
    let network = load(&source, &Options::new(Format::Json)).expect("valid");
    let mut group = c.benchmark_group("sgd_2_4_1_exact");
    group.sample_size(10);
    group.bench_function("10000_updates", |b| {
        b.iter(|| train(black_box(&network), Detail::First).expect("trains"));
    });
    group.finish();
}

/// The size of the derived update program: Σ `Expr::size()` over every
/// definition's formula and the rewrites shown after it.
fn node_count(depth: usize, width: usize) -> (usize, usize) {
    let source = SourceFile::new("scale.net", netgen::layered(depth, width, ""));
    let network = load(&source, &Options::new(Format::Json)).expect("valid");
    let program = longhand::symbolic::program::update_program(&network);
    let nodes = program
        .definitions
        .iter()
        .map(|d| d.formula.size() + d.rewrites.iter().map(|r| r.expr.size()).sum::<usize>())
        .sum();
    (network.parameter_count(), nodes)
}

fn print_node_table() {
    println!("depth width parameters nodes nodes/parameter");
    for depth in [2, 4, 8, 16] {
        for width in [2, 8, 32] {
            let (parameters, nodes) = node_count(depth, width);
            let ratio = nodes as f64 / parameters as f64;
            println!("{depth:>5} {width:>5} {parameters:>10} {nodes:>5} {ratio:>6.2}");
        }
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = textbook, deep, training, exercises
}

/// The deep network as a file, for timing the command line on it.
fn deep_text(carry: &str) -> String {
    netgen::layered(
        8,
        16,
        &format!("precision = 28 significant\ncarry = {carry}"),
    )
}

fn main() {
    // `LONGHAND_BENCH_INPUTS=DIR cargo bench --bench pipeline` writes the
    // inputs as .net files (for `/usr/bin/time -v longhand render ...`) and stops.
    if let Some(dir) = std::env::var_os("LONGHAND_BENCH_INPUTS") {
        let dir = std::path::PathBuf::from(dir);
        std::fs::create_dir_all(&dir).expect("a folder for the inputs");
        for carry in ["step", "quantity", "exact"] {
            std::fs::write(dir.join(format!("deep-8x16-{carry}.net")), deep_text(carry))
                .expect("written");
        }
        std::fs::write(dir.join("sgd-2-4-1.net"), NET_2_4_1).expect("written");
        return;
    }
    print_node_table();
    benches();
    Criterion::default().configure_from_args().final_summary();
}
