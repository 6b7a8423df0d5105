//! scratch
use longhand::model::{check, CheckOptions};
use longhand::parse::parse;
use longhand::source::SourceFile;
use longhand::symbolic::{latex, update_program};
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let src = SourceFile::new(path.clone(), text);
    let ast = match parse(&src) { Ok(a) => a, Err(d) => { eprintln!("{}", d.render(&src, longhand::diagnostic::Color::Never)); return; } };
    let net = match check(&ast, &CheckOptions { default_title: "t".into(), seed: 0 }) { Ok(n) => n, Err(ds) => { eprintln!("{}", longhand::diagnostic::render_all(&ds, &src, longhand::diagnostic::Color::Never)); return; } };
    let p = update_program(&net);
    let notation = latex::Notation { layer_units: net.layers.iter().map(|l| l.units()).collect(), slopes: net.layers.iter().map(|_| latex::SlopeStyle::Elementwise("\\sigma")).collect(), input_size: net.input_size(), input_name: "x".into(), target_name: "y".into(), primed_parameters: false };
    for d in &p.definitions {
        print!("{} = {}", notation.symbol(&d.target), latex::to_latex(&d.formula, &notation));
        for r in &d.rewrites { print!("  ={}= {}", r.rule.as_str(), latex::to_latex(&r.expr, &notation)); }
        println!("   [{}] {:?}", d.formula, d.rules.iter().map(|r| r.as_str()).collect::<Vec<_>>());
    }
}
