//! Quizzes a course can import, written from the answer key and the
//! variants' sheets and solutions:
//!
//! - **Moodle XML**: one Cloze question per variant, whose text is the
//!   variant's sheet with a NUMERICAL blank per asked quantity
//!   (`{1:NUMERICAL:=center:tolerance}`), and whose general feedback is
//!   the worked solution. The network diagram travels as a file of the
//!   question (`<file encoding="base64">`, shown through
//!   `@@PLUGINFILE@@/…svg`: Moodle removes inline SVG). Formulas stay TeX in `\( … \)` and `\[ … \]` for
//!   Moodle's MathJax filter.
//! - **GIFT**: one numerical question per asked quantity and variant
//!   (`{#center:tolerance}`); GIFT has no Cloze, so its text names the
//!   quantity and the variant whose printed sheet it is about.
//! - **QTI 1.2** (Canvas): one `numerical_question` item per asked
//!   quantity and variant, accepting the range `low … high`.
//!
//! The XML is written with quick-xml, which escapes every text and attribute.

use pulldown_cmark::{Event, Parser, html};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event as XmlEvent};

use super::key::{Key, KeyAnswer, KeyVariant};
use super::markdown::RenderError;

/// One variant of a Moodle quiz: its key and its sheet and solution as Markdown.
#[derive(Debug, Clone)]
pub struct QuizVariant<'a> {
    /// Its answers.
    pub key: &'a KeyVariant,
    /// The sheet, with [`cloze_blank`]s in its answer cells.
    pub sheet: String,
    /// The worked solution.
    pub solution: String,
    /// The pictures the solution links to (name, SVG), which travel as
    /// files of the question's general feedback.
    pub solution_pictures: Vec<(String, String)>,
}

/// The Cloze blank of an answer: `{1:NUMERICAL:=0.5627:0.00005}`.
pub fn cloze_blank(answer: &KeyAnswer) -> String {
    format!("{{1:NUMERICAL:={}:{}}}", answer.center, answer.tolerance)
}

/// Markdown to HTML with formulas kept as TeX between `\( \)` and `\[ \]`
/// (escaped for HTML), without the generated-by comment.
pub fn html_with_tex(markdown: &str) -> String {
    let content = match markdown.split_once("-->\n") {
        Some((comment, rest)) if comment.starts_with("<!--") => rest,
        _ => markdown,
    };
    let events = Parser::new_ext(content, super::html::options()).map(|event| match event {
        Event::InlineMath(latex) => {
            Event::InlineHtml(format!("\\({}\\)", super::escape::html(&latex)).into())
        }
        Event::DisplayMath(latex) => {
            Event::Html(format!("\\[{}\\]", super::escape::html(&latex)).into())
        }
        other => other,
    });
    let mut out = String::with_capacity(content.len() * 2);
    html::push_html(&mut out, events);
    out
}

/// Moodle's HTML filter drops inline SVG, so each `<svg>…</svg>` of a
/// question's HTML becomes a file of the question (`<stem>-N.svg`,
/// numbered from 1) shown by `<img src="@@PLUGINFILE@@/<stem>-N.svg">`,
/// the way Moodle XML embeds a picture. Returns the HTML and the files.
fn embed_pictures(html: &str, stem: &str) -> (String, Vec<(String, String)>) {
    let mut out = String::with_capacity(html.len());
    let mut files = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<svg") {
        let Some(length) = rest[start..].find("</svg>") else {
            break;
        };
        let end = start + length + "</svg>".len();
        let name = format!("{stem}-{}.svg", files.len() + 1);
        out.push_str(&rest[..start]);
        out.push_str(&format!(
            "<img src=\"@@PLUGINFILE@@/{name}\" alt=\"A diagram of the network\" />"
        ));
        files.push((name, rest[start..end].to_owned()));
        rest = &rest[end..];
    }
    out.push_str(rest);
    (out, files)
}

/// Standard Base64 (RFC 4648, with `=` padding), as Moodle XML's
/// `encoding="base64"` files are written.
fn base64(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// `<file name="…" path="/" encoding="base64">…</file>`: a picture that
/// travels with a question, referred to as `@@PLUGINFILE@@/name`.
fn file_element(writer: &mut Writer<Vec<u8>>, name: &str, svg: &str) -> std::io::Result<()> {
    writer
        .create_element("file")
        .with_attribute(("name", name))
        .with_attribute(("path", "/"))
        .with_attribute(("encoding", "base64"))
        .write_text_content(BytesText::new(&base64(svg.as_bytes())))?;
    Ok(())
}

fn xml_error(error: &std::io::Error) -> RenderError {
    RenderError(format!("cannot write the quiz: {error}"))
}

/// `<tag><text>…</text></tag>`, with `format="html"` when asked.
fn text_element(
    writer: &mut Writer<Vec<u8>>,
    tag: &str,
    html: bool,
    text: &str,
) -> std::io::Result<()> {
    let element = writer.create_element(tag);
    let element = if html {
        element.with_attribute(("format", "html"))
    } else {
        element
    };
    element.write_inner_content(|w| {
        w.create_element("text")
            .write_text_content(BytesText::new(text))?;
        Ok(())
    })?;
    Ok(())
}

fn finish(writer: Writer<Vec<u8>>) -> Result<String, RenderError> {
    let mut text = String::from_utf8(writer.into_inner())
        .map_err(|e| RenderError(format!("cannot write the quiz: {e}")))?;
    text.push('\n');
    Ok(text)
}

/// The Moodle XML quiz: a category named after the exercise, then one
/// Cloze question per variant.
///
/// # Errors
/// A [`RenderError`] if the XML cannot be written (a bug in longhand).
pub fn moodle(key: &Key, variants: &[QuizVariant<'_>]) -> Result<String, RenderError> {
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    let write = |writer: &mut Writer<Vec<u8>>| -> std::io::Result<()> {
        writer.write_event(XmlEvent::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        writer.create_element("quiz").write_inner_content(|w| {
            w.create_element("question")
                .with_attribute(("type", "category"))
                .write_inner_content(|w| {
                    text_element(
                        w,
                        "category",
                        false,
                        &format!("$course$/top/longhand/{}", key.title.replace('/', "-")),
                    )
                })?;
            for variant in variants {
                let id = format!("variant {}, seed {}", variant.key.variant, variant.key.seed);
                w.create_element("question")
                    .with_attribute(("type", "cloze"))
                    .write_inner_content(|w| {
                        text_element(w, "name", false, &format!("{} — {id}", key.title))?;
                        let (text, files) = embed_pictures(
                            &html_with_tex(&variant.sheet),
                            &format!("variant-{}", variant.key.variant),
                        );
                        w.create_element("questiontext")
                            .with_attribute(("format", "html"))
                            .write_inner_content(|w| {
                                w.create_element("text")
                                    .write_text_content(BytesText::new(&text))?;
                                for (name, svg) in &files {
                                    file_element(w, name, svg)?;
                                }
                                Ok(())
                            })?;
                        // The solution's image links name its pictures; in
                        // Moodle they are files of the feedback.
                        let mut feedback = html_with_tex(&variant.solution);
                        for (name, _) in &variant.solution_pictures {
                            feedback = feedback.replace(
                                &format!("src=\"{name}\""),
                                &format!("src=\"@@PLUGINFILE@@/{name}\""),
                            );
                        }
                        w.create_element("generalfeedback")
                            .with_attribute(("format", "html"))
                            .write_inner_content(|w| {
                                w.create_element("text")
                                    .write_text_content(BytesText::new(&feedback))?;
                                for (name, svg) in &variant.solution_pictures {
                                    file_element(w, name, svg)?;
                                }
                                Ok(())
                            })?;
                        w.create_element("penalty")
                            .write_text_content(BytesText::new("0.3333333"))?;
                        w.create_element("hidden")
                            .write_text_content(BytesText::new("0"))?;
                        w.create_element("idnumber")
                            .write_text_content(BytesText::new(&format!(
                                "longhand-{}-{}",
                                variant.key.variant, variant.key.seed
                            )))?;
                        Ok(())
                    })?;
            }
            Ok(())
        })?;
        Ok(())
    };
    write(&mut writer).map_err(|e| xml_error(&e))?;
    finish(writer)
}

/// Escapes GIFT's special characters (`~ = # { } :` and the backslash).
fn gift_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "~=#{}:\\".contains(c) {
            out.push('\\');
        }
        match c {
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The question text of one answer (plain words, TeX in `\( \)`).
fn question_words(key: &Key, variant: &KeyVariant, answer: &KeyAnswer) -> String {
    format!(
        "{}, variant {}, seed {} (see the sheet of this variant): give \\({}\\), {} (`{}`), to {}.",
        key.title,
        variant.variant,
        variant.seed,
        answer.symbol,
        answer.quantity,
        answer.name,
        key.precision
    )
}

/// The GIFT quiz: one numerical question per answer of every variant.
pub fn gift(key: &Key) -> String {
    let mut out = format!(
        "// Generated by longhand from {}: one numerical question per asked quantity and variant.\n// {}\n\n$CATEGORY: $course$/top/longhand/{}\n\n",
        key.source.replace(['\n', '\r'], " "),
        key.tolerance_rule,
        key.title.replace(['\n', '\r'], " ").replace('/', "-")
    );
    for variant in &key.variants {
        for (number, answer) in variant.answers.iter().enumerate() {
            out.push_str(&format!(
                "::{}::[markdown]{} {{#{}:{}}}\n\n",
                gift_escape(&format!(
                    "v{} q{} {}",
                    variant.variant,
                    number + 1,
                    answer.name
                )),
                gift_escape(&question_words(key, variant, answer)),
                answer.center,
                answer.tolerance
            ));
        }
    }
    out
}

/// One `<qtimetadatafield>`.
fn metadata_field(w: &mut Writer<Vec<u8>>, label: &str, entry: &str) -> std::io::Result<()> {
    w.create_element("qtimetadatafield")
        .write_inner_content(|w| {
            w.create_element("fieldlabel")
                .write_text_content(BytesText::new(label))?;
            w.create_element("fieldentry")
                .write_text_content(BytesText::new(entry))?;
            Ok(())
        })?;
    Ok(())
}

/// One numerical item of the QTI quiz.
fn qti_item(
    w: &mut Writer<Vec<u8>>,
    key: &Key,
    variant: &KeyVariant,
    number: usize,
    answer: &KeyAnswer,
) -> std::io::Result<()> {
    let ident = format!("longhand_v{}_q{}", variant.variant, number + 1);
    let title = format!("Variant {}, {}", variant.variant, answer.name);
    w.create_element("item")
        .with_attribute(("ident", ident.as_str()))
        .with_attribute(("title", title.as_str()))
        .write_inner_content(|w| {
            w.create_element("itemmetadata").write_inner_content(|w| {
                w.create_element("qtimetadata").write_inner_content(|w| {
                    metadata_field(w, "question_type", "numerical_question")?;
                    metadata_field(w, "points_possible", "1.0")
                })?;
                Ok(())
            })?;
            w.create_element("presentation").write_inner_content(|w| {
                w.create_element("material").write_inner_content(|w| {
                    w.create_element("mattext")
                        .with_attribute(("texttype", "text/html"))
                        .write_text_content(BytesText::new(&format!(
                            "<p>{}</p>",
                            super::escape::html(&question_words(key, variant, answer))
                        )))?;
                    Ok(())
                })?;
                w.create_element("response_str")
                    .with_attribute(("ident", "response1"))
                    .with_attribute(("rcardinality", "Single"))
                    .write_inner_content(|w| {
                        w.create_element("render_fib")
                            .with_attribute(("fibtype", "Decimal"))
                            .write_inner_content(|w| {
                                w.create_element("response_label")
                                    .with_attribute(("ident", "answer1"))
                                    .write_empty()?;
                                Ok(())
                            })?;
                        Ok(())
                    })?;
                Ok(())
            })?;
            w.create_element("resprocessing").write_inner_content(|w| {
                w.create_element("outcomes").write_inner_content(|w| {
                    w.create_element("decvar")
                        .with_attribute(("maxvalue", "100"))
                        .with_attribute(("minvalue", "0"))
                        .with_attribute(("varname", "SCORE"))
                        .with_attribute(("vartype", "Decimal"))
                        .write_empty()?;
                    Ok(())
                })?;
                w.create_element("respcondition")
                    .with_attribute(("continue", "No"))
                    .write_inner_content(|w| {
                        w.create_element("conditionvar").write_inner_content(|w| {
                            w.create_element("vargte")
                                .with_attribute(("respident", "response1"))
                                .write_text_content(BytesText::new(&answer.low))?;
                            w.create_element("varlte")
                                .with_attribute(("respident", "response1"))
                                .write_text_content(BytesText::new(&answer.high))?;
                            Ok(())
                        })?;
                        w.create_element("setvar")
                            .with_attribute(("action", "Set"))
                            .with_attribute(("varname", "SCORE"))
                            .write_text_content(BytesText::new("100"))?;
                        Ok(())
                    })?;
                Ok(())
            })?;
            Ok(())
        })?;
    Ok(())
}

/// The QTI 1.2 quiz (Canvas): one assessment, one numerical item per
/// answer of every variant.
///
/// # Errors
/// A [`RenderError`] if the XML cannot be written (a bug in longhand).
pub fn qti(key: &Key) -> Result<String, RenderError> {
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    let write = |writer: &mut Writer<Vec<u8>>| -> std::io::Result<()> {
        writer.write_event(XmlEvent::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        writer
            .create_element("questestinterop")
            .with_attribute(("xmlns", "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"))
            .write_inner_content(|w| {
                w.create_element("assessment")
                    .with_attribute(("ident", "longhand_exercise"))
                    .with_attribute(("title", key.title.as_str()))
                    .write_inner_content(|w| {
                        w.create_element("section")
                            .with_attribute(("ident", "root_section"))
                            .write_inner_content(|w| {
                                for variant in &key.variants {
                                    for (number, answer) in variant.answers.iter().enumerate() {
                                        qti_item(w, key, variant, number, answer)?;
                                    }
                                }
                                Ok(())
                            })?;
                        Ok(())
                    })?;
                Ok(())
            })?;
        Ok(())
    };
    write(&mut writer).map_err(|e| xml_error(&e))?;
    finish(writer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_follows_rfc_4648() {
        // The test vectors of RFC 4648, section 10.
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
    }
}
