use super::{Shape, body};

#[test]
fn headings_text_and_code() {
    let latex = body(
        "# A & B\n\n## Part\n\nSome *text* with `cross_entropy` and $x_1$.\n",
        Shape::Standalone,
    );
    assert_eq!(
        latex,
        "{\\centering\\LARGE\\bfseries A \\& B\\par}\n\\bigskip\n\n\\section*{Part}\n\nSome \\emph{text} with \\texttt{cross\\_\\allowbreak{}entropy} and $x_1$.\n"
    );
    let fragment = body("# Title\n", Shape::Fragment);
    assert_eq!(fragment, "\\section*{Title}\n");
}

#[test]
fn aligned_displays_become_align_rows() {
    let latex = body(
        "$$\n\\begin{aligned}\nz &= a \\\\\n&= b\n\\end{aligned}\n$$\n",
        Shape::Standalone,
    );
    assert_eq!(latex, "\\begin{align*}\nz &= a \\\\\n&= b\n\\end{align*}\n");
    let single = body("$$z = a$$\n", Shape::Standalone);
    assert_eq!(single, "\\begin{align*}\nz &= a\n\\end{align*}\n");
}

#[test]
fn consecutive_displays_share_one_alignment_and_join_the_text_before() {
    let latex = body(
        "Two lines:\n\n$$a = 1$$\n\n$$\n\\begin{aligned}\nbb &= 2 \\\\\n&= 3\n\\end{aligned}\n$$\n\nAfter.\n",
        Shape::Standalone,
    );
    assert_eq!(
        latex,
        "Two lines:\n\\begin{align*}\na &= 1 \\\\[1ex]\nbb &= 2 \\\\\n&= 3\n\\end{align*}\nAfter.\n"
    );
}

#[test]
fn tables_are_booktabs() {
    let latex = body("| A | B |\n|---|---:|\n| $x$ | 1 |\n", Shape::Standalone);
    assert_eq!(
        latex,
        "\\begin{longtable}{lr}\n\\toprule\nA & B \\\\\n\\midrule\n\\endhead\n$x$ & 1 \\\\\n\\bottomrule\n\\end{longtable}\n"
    );
}

#[test]
fn raw_latex_blocks_and_comments_pass_through() {
    let latex = body(
        "<!-- made by a test -->\n\n```{=latex}\n\\tikz{};\n```\n",
        Shape::Standalone,
    );
    assert_eq!(latex, "% made by a test\n\\tikz{};\n");
}

#[test]
fn signs_of_numbers_are_minus_signs() {
    assert_eq!(
        body(
            "A 2-2-1 net moved by -0.0024 (-1 unit).\n",
            Shape::Standalone
        ),
        "A 2-2-1 net moved by \\ensuremath{-}0.0024 (\\ensuremath{-}1 unit).\n"
    );
}

#[test]
fn long_numbers_may_break() {
    assert_eq!(
        body("From 1.85883588498758928 to 2.\n", Shape::Standalone),
        "From 1.8588\\allowbreak{}35884\\allowbreak{}98758\\allowbreak{}928 to 2.\n"
    );
}
