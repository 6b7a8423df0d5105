//! Escaping by construction: one function per output context. Anything
//! from a file, a file name or the command line goes through one of these
//! before it lands in a report.

/// Text for Markdown inline content (a heading, a sentence): each
/// character that can start inline syntax (code, emphasis, links, images,
/// HTML and entities, math, strikethrough, table cells, a heading's closing
/// `#`) is backslash-escaped, so a title such as `A $\input{x}$ *net*`
/// stays text and no math, emphasis or HTML reaches the HTML or LaTeX made
/// from the Markdown; line breaks become spaces.
pub fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for ch in text.chars() {
        match ch {
            '\n' | '\r' | '\t' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '$' | '!' | '&' | '~' | '|' | '#' => {
                out.push('\\');
                out.push(ch);
            }
            c => out.push(c),
        }
    }
    out
}

/// Text for a LaTeX document, safe in running text, headings, table cells
/// and `\texttt{…}` under both pdfLaTeX (T1, UTF-8) and LuaLaTeX (fontspec).
///
/// - The ten special characters become commands (`\&`, `\textbackslash{}`, …).
/// - `--`, `''`, ` `` ` and `<<` are kept apart so TeX's ligatures do not turn them
///   into dashes and quotes the author did not write.
/// - Latin letters with accents (U+00A0–U+017F) stay as they are, except
///   the few the T1 encoding lacks; typographic dashes, quotes, the minus
///   sign, Greek letters and a few symbols become their LaTeX commands.
/// - Any other character (CJK, emoji, control characters) is written as its
///   code point, `[U+4E2D]` in typewriter type, so the document compiles
///   with every engine and nothing is silently dropped.
pub fn latex(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut previous = '\0';
    for ch in text.chars() {
        // Ligatures: `--`, `''`, "``", `<<`, `>>`, `,,`, `!``, `?``.
        if matches!(
            (previous, ch),
            ('-', '-') | ('\'', '\'') | ('`', '`') | (',', ',') | ('!' | '?', '`')
        ) {
            out.push_str("{}");
        }
        push_latex(&mut out, ch);
        previous = ch;
    }
    out
}

fn push_latex(out: &mut String, ch: char) {
    let replacement = match ch {
        '\\' => "\\textbackslash{}",
        '{' => "\\{",
        '}' => "\\}",
        '$' => "\\$",
        '&' => "\\&",
        '#' => "\\#",
        '%' => "\\%",
        '_' => "\\_",
        '^' => "\\textasciicircum{}",
        '~' => "\\textasciitilde{}",
        '<' => "\\textless{}",
        '>' => "\\textgreater{}",
        '|' => "\\textbar{}",
        '"' => "\\textquotedbl{}",
        '`' => "\\textasciigrave{}",
        '\n' | '\r' | '\t' => " ",
        '\u{a0}' => "~",
        '\u{2013}' => "--",
        '\u{2014}' => "---",
        '\u{2018}' => "`",
        '\u{2019}' => "'",
        '\u{201c}' => "``",
        '\u{201d}' => "''",
        '\u{2026}' => "\\ldots{}",
        '\u{2212}' => "\\ensuremath{-}",
        '\u{00d7}' => "\\ensuremath{\\times}",
        '\u{00f7}' => "\\ensuremath{\\div}",
        '\u{00b7}' | '\u{22c5}' => "\\ensuremath{\\cdot}",
        '\u{2032}' => "\\ensuremath{'}",
        '\u{2192}' => "\\ensuremath{\\rightarrow}",
        '\u{2190}' => "\\ensuremath{\\leftarrow}",
        '\u{2248}' => "\\ensuremath{\\approx}",
        '\u{2264}' => "\\ensuremath{\\le}",
        '\u{2265}' => "\\ensuremath{\\ge}",
        '\u{2260}' => "\\ensuremath{\\ne}",
        '\u{221e}' => "\\ensuremath{\\infty}",
        '\u{2202}' => "\\ensuremath{\\partial}",
        '\u{2207}' => "\\ensuremath{\\nabla}",
        '\u{2211}' => "\\ensuremath{\\sum}",
        '\u{2299}' => "\\ensuremath{\\odot}",
        '\u{1d4db}' => "\\ensuremath{\\mathcal{L}}",
        _ => {
            if let Some(name) = greek(ch) {
                out.push_str("\\ensuremath{\\");
                out.push_str(name);
                out.push('}');
            } else if let Some(digit) = subscript_digit(ch) {
                out.push_str("\\textsubscript{");
                out.push(digit);
                out.push('}');
            } else if is_t1_text(ch) {
                out.push(ch);
            } else {
                out.push_str(&format!("\\texttt{{[U+{:04X}]}}", u32::from(ch)));
            }
            return;
        }
    };
    out.push_str(replacement);
}

/// Printable ASCII and the accented Latin letters the T1 encoding has.
fn is_t1_text(ch: char) -> bool {
    match u32::from(ch) {
        0x20..=0x7e => true,
        // Latin-1 Supplement and Latin Extended-A, less the letters T1
        // lacks (Ħ ħ ĸ Ŀ ŀ ŉ Ŧ ŧ ſ: pdfLaTeX stops at them).
        0xa1..=0x17f => !matches!(
            u32::from(ch),
            0x126 | 0x127 | 0x138 | 0x13f | 0x140 | 0x149 | 0x166 | 0x167 | 0x17f
        ),
        _ => false,
    }
}

fn greek(ch: char) -> Option<&'static str> {
    const LOWER: [&str; 25] = [
        "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
        "lambda", "mu", "nu", "xi", "o", "pi", "rho", "varsigma", "sigma", "tau", "upsilon", "phi",
        "chi", "psi", "omega",
    ];
    const UPPER: [(char, &str); 10] = [
        ('Γ', "Gamma"),
        ('Δ', "Delta"),
        ('Θ', "Theta"),
        ('Λ', "Lambda"),
        ('Ξ', "Xi"),
        ('Π', "Pi"),
        ('Σ', "Sigma"),
        ('Φ', "Phi"),
        ('Ψ', "Psi"),
        ('Ω', "Omega"),
    ];
    let code = u32::from(ch);
    if (0x3b1..=0x3c9).contains(&code) {
        let name = LOWER[(code - 0x3b1) as usize];
        // There is no omicron command: an italic o looks the same.
        return Some(if name == "o" { "mathit{o}" } else { name });
    }
    UPPER.iter().find(|(c, _)| *c == ch).map(|(_, name)| *name)
}

fn subscript_digit(ch: char) -> Option<char> {
    let code = u32::from(ch);
    (0x2080..=0x2089)
        .contains(&code)
        .then(|| char::from_digit(code - 0x2080, 10))
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::{latex, markdown};

    #[test]
    fn markdown_syntax_is_escaped() {
        assert_eq!(markdown("A $x$ *b* `c`\n"), "A \\$x\\$ \\*b\\* \\`c\\` ");
    }

    #[test]
    fn specials_become_commands() {
        assert_eq!(
            latex(r"50% of $x_1 & {y} #2 \ ^ ~"),
            r"50\% of \$x\_1 \& \{y\} \#2 \textbackslash{} \textasciicircum{} \textasciitilde{}"
        );
    }

    #[test]
    fn ligatures_are_kept_apart() {
        assert_eq!(latex("a--b ''c''"), "a-{}-b '{}'c'{}'");
    }

    #[test]
    fn unicode_is_mapped_or_named() {
        assert_eq!(latex("Ünïcode — title"), "Ünïcode --- title");
        assert_eq!(latex("σ′"), "\\ensuremath{\\sigma}\\ensuremath{'}");
        assert_eq!(latex("中"), "\\texttt{[U+4E2D]}");
        assert_eq!(latex("x₁"), "x\\textsubscript{1}");
        assert_eq!(latex("ħ"), "\\texttt{[U+0127]}");
    }
}
