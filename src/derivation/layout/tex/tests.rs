use super::*;

#[test]
fn digits_and_operators() {
    // Five digits and a point: 5 × 0.5 + 0.278.
    assert_eq!(measure("0.5000").width, 2778);
    // A binary plus has medium spaces on both sides.
    assert_eq!(measure("1 + 2").width, 500 + 222 + 778 + 222 + 500);
    // A leading minus is unary: no space.
    assert_eq!(measure("-1").width, 778 + 500);
    // A relation has thick spaces.
    assert_eq!(measure("a = b").width, 529 + 278 + 778 + 278 + 429);
}

#[test]
fn scripts_and_fractions() {
    // z^{(1)}_{1}: the wider of the scripts, at script size, plus \scriptspace.
    let z = measure("z^{(1)}_{1}").width;
    assert_eq!(z, 465 + (389 + 500 + 389) * 780 / 1000 + 45);
    // A display fraction is as wide as its wider part, plus the null delimiters.
    assert_eq!(measure("\\frac{1}{22}").width, 1000 + 2 * 110);
    let small = measure("\\tfrac{1}{22}").width;
    assert_eq!(small, 1000 * 780 / 1000 + 2 * 110);
}

#[test]
fn fenced_groups_are_found() {
    let measured = measure("-\\left(a + b\\right)^{2}");
    assert_eq!(measured.nodes.len(), 2);
    match &measured.nodes[1].kind {
        Kind::Fenced { inner, close, .. } => {
            assert_eq!(inner.len(), 3);
            assert_eq!(&"-\\left(a + b\\right)^{2}"[close.clone()], "\\right)^{2}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn unknown_symbols_are_listed() {
    assert_eq!(measure("\\weird x").unknown, vec!["\\weird".to_owned()]);
    assert!(
        measure("\\frac{\\partial \\mathcal{L}}{\\partial W^{(1)}_{11}}")
            .unknown
            .is_empty()
    );
}
