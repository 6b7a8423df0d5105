//! The glyph widths of the rule: Computer Modern / Latin Modern, in
//! thousandths of an em.

use super::Class;

/// The font a letter is set in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Font {
    /// Math italic (the default for letters).
    Italic,
    /// Upright roman (`\operatorname`, `\mathrm`, `\text`).
    Roman,
    /// Bold roman (`\mathbf`).
    Bold,
    /// Bold italic (`\boldsymbol`).
    BoldItalic,
    /// Calligraphic (`\mathcal`).
    Calligraphic,
}

/// Width (thousandths of an em) and class of a character; width 0 when unknown.
pub(super) fn glyph(ch: char, font: Font) -> (u32, Class) {
    match ch {
        '0'..='9' => (if font == Font::Bold { 575 } else { 500 }, Class::Ord),
        'a'..='z' | 'A'..='Z' => (letter(ch, font), Class::Ord),
        '+' | '-' => (778, Class::Bin),
        '*' => (500, Class::Bin),
        '=' | '<' | '>' => (778, Class::Rel),
        ':' => (278, Class::Rel),
        ',' | ';' => (278, Class::Punct),
        '.' => (278, Class::Ord),
        '(' => (389, Class::Open),
        ')' => (389, Class::Close),
        '[' => (278, Class::Open),
        ']' => (278, Class::Close),
        '/' => (500, Class::Ord),
        '|' => (278, Class::Ord),
        '!' => (278, Class::Close),
        '?' => (472, Class::Close),
        _ => (0, Class::Ord),
    }
}

/// Widths of letters: cmmi (math italic), cmr (roman), cmbx (bold).
fn letter(ch: char, font: Font) -> u32 {
    const ITALIC_LOWER: [u32; 26] = [
        529, 429, 433, 520, 466, 490, 477, 576, 345, 412, 521, 298, 878, 600, 485, 503, 446, 451,
        469, 361, 572, 485, 716, 572, 490, 465,
    ];
    const ITALIC_UPPER: [u32; 26] = [
        750, 759, 715, 828, 738, 643, 786, 831, 440, 555, 849, 681, 970, 803, 763, 642, 791, 759,
        613, 584, 683, 583, 944, 828, 581, 683,
    ];
    const ROMAN_LOWER: [u32; 26] = [
        500, 556, 444, 556, 444, 306, 500, 556, 278, 306, 528, 278, 833, 556, 500, 556, 528, 392,
        394, 389, 556, 528, 722, 528, 528, 444,
    ];
    const ROMAN_UPPER: [u32; 26] = [
        750, 708, 722, 764, 681, 653, 785, 750, 361, 514, 778, 625, 917, 750, 778, 681, 778, 736,
        556, 722, 750, 750, 1028, 750, 750, 611,
    ];
    let (lower, index) = if ch.is_ascii_lowercase() {
        (true, usize::from(ch as u8 - b'a'))
    } else {
        (false, usize::from(ch as u8 - b'A'))
    };
    match (font, lower) {
        (Font::Italic, true) => ITALIC_LOWER[index],
        (Font::Italic, false) => ITALIC_UPPER[index],
        (Font::Roman, true) => ROMAN_LOWER[index],
        (Font::Roman, false) => ROMAN_UPPER[index],
        // Bold and bold italic letters are about a tenth wider than roman / italic.
        (Font::Bold, true) => ROMAN_LOWER[index] * 115 / 100,
        (Font::Bold, false) => ROMAN_UPPER[index] * 111 / 100,
        (Font::BoldItalic, true) => ITALIC_LOWER[index] * 112 / 100,
        (Font::BoldItalic, false) => ITALIC_UPPER[index] * 112 / 100,
        (Font::Calligraphic, _) => 800,
    }
}

/// Width and class of a named symbol, `None` when the rule does not know it.
pub(super) fn command(name: &str, font: Font) -> Option<(u32, Class)> {
    let bold = if font == Font::BoldItalic { 112 } else { 100 };
    let entry = match name {
        // Spaces.
        "," => (167, Class::Ord),
        ";" => (278, Class::Ord),
        ":" => (222, Class::Ord),
        "!" => (0, Class::Ord),
        " " => (333, Class::Ord),
        "quad" => (1000, Class::Ord),
        "qquad" => (2000, Class::Ord),
        // Escaped characters.
        "{" | "}" => (500, Class::Ord),
        "_" | "%" | "&" | "#" => (500, Class::Ord),
        "\\" => (0, Class::Ord),
        // Greek and letter-like symbols (cmmi).
        "alpha" => (640 * bold / 100, Class::Ord),
        "beta" => (566 * bold / 100, Class::Ord),
        "gamma" => (518 * bold / 100, Class::Ord),
        "delta" => (444 * bold / 100, Class::Ord),
        "epsilon" | "varepsilon" => (466 * bold / 100, Class::Ord),
        "eta" => (497 * bold / 100, Class::Ord),
        "theta" => (469 * bold / 100, Class::Ord),
        "lambda" => (583 * bold / 100, Class::Ord),
        "mu" => (603 * bold / 100, Class::Ord),
        "rho" => (517 * bold / 100, Class::Ord),
        "sigma" => (571 * bold / 100, Class::Ord),
        "tau" => (437 * bold / 100, Class::Ord),
        "phi" | "varphi" => (596 * bold / 100, Class::Ord),
        "ell" => (417, Class::Ord),
        "partial" => (566, Class::Ord),
        "nabla" => (833, Class::Ord),
        "top" => (778, Class::Ord),
        "prime" => (275, Class::Ord),
        "infty" => (1000, Class::Ord),
        // Binary operators and relations (cmsy).
        "cdot" => (278, Class::Bin),
        "times" | "odot" | "pm" | "mp" => (778, Class::Bin),
        "approx" | "le" | "leq" | "ge" | "geq" | "neq" | "ne" | "equiv" | "sim" => {
            (778, Class::Rel)
        }
        "to" | "rightarrow" => (1000, Class::Rel),
        "mid" => (278, Class::Rel),
        "ldots" | "cdots" => (1172, Class::Inner),
        // Operator names in roman (l 278, n 556, t 389, a 500, h 556, m 833,
        // x 528, e 444, p 556, c 444, o 500, s 394, i 278).
        "ln" => (834, Class::Op),
        "log" => (1334, Class::Op),
        "exp" => (1528, Class::Op),
        "tanh" => (2001, Class::Op),
        // c 444, o 500, s 394, h 556, i 278.
        "cosh" => (1894, Class::Op),
        "sinh" => (1784, Class::Op),
        "max" => (1861, Class::Op),
        "min" => (1667, Class::Op),
        "sum" => (1444, Class::Op),
        _ => return None,
    };
    Some(entry)
}
