//! Strings from a file or a file name never become markup: an injection
//! corpus (raw HTML, script, attribute breakouts, comment breakouts,
//! Markdown, math and table markup, line breaks) as the title and as the
//! file name standing in for it, rendered in every format. Each format is
//! read back with a real parser (pulldown-cmark, an XML parser, serde_json)
//! and the title must come back as plain text, character for character.

use longhand::model::Carry;
use longhand::source::SourceFile;
use longhand::{Format, Options, explain, sensitivity};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// Titles an attacker or a careless author might write.
const CORPUS: [&str; 12] = [
    "<img src=x onerror=alert(1)>",
    "\"><script>alert(1)</script>",
    "' onmouseover='alert(1)",
    "--><script>alert(1)</script><!--",
    "*bold* _under_ [link](javascript:alert(1)) ![i](x)",
    "$\\input{/etc/passwd}$ and $$x$$",
    "| a | b |\n|---|---|",
    "`code` ``two``",
    "&lt;already escaped&gt; &amp;",
    "<!-- comment --> <![CDATA[x]]>",
    "line\u{2028}separator",
    "# not a heading \\ backslash ~~strike~~",
];

/// The network of the textbook with `title` (or none, so the file name stands in).
fn source(title: Option<&str>, file_name: &str) -> SourceFile {
    let network = include_str!("../examples/textbook-2-2-1.net");
    let body: String = network
        .lines()
        .filter(|line| !line.starts_with("network"))
        .collect::<Vec<_>>()
        .join("\n");
    let text = match title {
        Some(title) => {
            // `\` escapes the next character; a title cannot hold a line break.
            let quoted = title.replace('\\', "\\\\").replace('"', "\\\"");
            format!("network \"{quoted}\"\n{body}")
        }
        None => body,
    };
    SourceFile::new(file_name, text)
}

/// What a reader sees of a title: line breaks read as spaces.
fn as_read(title: &str) -> String {
    title
        .chars()
        .map(|c| {
            if c.is_control() || c == '\u{2028}' {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// The text of the first heading, and every raw HTML event, of Markdown.
fn read_markdown(markdown: &str) -> (String, Vec<String>) {
    let mut heading = None::<String>;
    let mut in_heading = false;
    let mut raw = Vec::new();
    for event in Parser::new_ext(markdown, longhand::render::html::options()) {
        match event {
            Event::Start(Tag::Heading { .. }) if heading.is_none() => {
                in_heading = true;
                heading = Some(String::new());
            }
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::Text(text) | Event::Code(text) if in_heading => {
                if let Some(h) = heading.as_mut() {
                    h.push_str(&text);
                }
            }
            Event::Html(html) | Event::InlineHtml(html) => raw.push(html.to_string()),
            Event::InlineMath(math) | Event::DisplayMath(math) if in_heading => {
                panic!("math inside the heading: {math}")
            }
            _ => {}
        }
    }
    (heading.unwrap_or_default(), raw)
}

fn markdown_keeps_title(markdown: &str, title: &str) {
    let (heading, raw) = read_markdown(markdown);
    assert!(
        heading.ends_with(&as_read(title)),
        "heading {heading:?} for {title:?}"
    );
    for html in raw {
        let html = html.trim();
        assert!(
            html.starts_with("<!--") && html.ends_with("-->") && html.matches("-->").count() == 1,
            "raw HTML in the Markdown for {title:?}: {html}"
        );
    }
}

/// Every tag of an HTML page with its attribute names: a small tokenizer
/// that honours quoted attribute values and skips comments and the
/// doctype (text is escaped, so every other `<` opens a tag).
fn tags(html: &str) -> Vec<(String, Vec<String>)> {
    let mut found = Vec::new();
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(offset) = html[i..].find('<') {
        i += offset + 1;
        if html[i..].starts_with("!--") {
            i += html[i..].find("-->").map_or(html.len() - i, |e| e + 3);
            continue;
        }
        if html[i..].starts_with('!') {
            i += html[i..].find('>').map_or(html.len() - i, |e| e + 1);
            continue;
        }
        let name_end = html[i..]
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .map_or(html.len(), |e| e + i);
        let name = html[i..name_end].trim_start_matches('/').to_lowercase();
        let name = if name.is_empty() && html[i..].starts_with('/') {
            let close = html[i + 1..].find('>').map_or(html.len(), |e| e + i + 1);
            html[i + 1..close].to_lowercase()
        } else {
            name
        };
        i = name_end;
        let mut attributes = Vec::new();
        while i < bytes.len() && bytes[i] != b'>' {
            if bytes[i].is_ascii_whitespace() || bytes[i] == b'/' {
                i += 1;
                continue;
            }
            let key_end = html[i..]
                .find(|c: char| c.is_whitespace() || c == '=' || c == '>')
                .map_or(html.len(), |e| e + i);
            attributes.push(html[i..key_end].to_lowercase());
            i = key_end;
            if i < bytes.len() && bytes[i] == b'=' {
                i += 1;
                match bytes.get(i) {
                    Some(&quote @ (b'"' | b'\'')) => {
                        let close = html[i + 1..]
                            .find(quote as char)
                            .map_or(html.len(), |e| e + i + 1);
                        i = close + 1;
                    }
                    _ => {
                        i = html[i..]
                            .find(|c: char| c.is_whitespace() || c == '>')
                            .map_or(html.len(), |e| e + i);
                    }
                }
            }
        }
        found.push((name, attributes));
    }
    found
}

fn html_keeps_title(html: &str, title: &str) {
    for (tag, attributes) in tags(html) {
        assert!(
            !matches!(
                tag.as_str(),
                "script" | "img" | "iframe" | "object" | "embed"
            ),
            "a <{tag}> element in the page for {title:?}"
        );
        assert!(
            attributes
                .iter()
                .all(|a| !a.starts_with("on") && a != "href" && a != "src"),
            "attributes {attributes:?} of <{tag}> for {title:?}"
        );
    }
    let start = html.find("<h1>").expect("an h1") + 4;
    let end = html[start..].find("</h1>").expect("the h1 ends") + start;
    let text = unescape(&html[start..end]);
    assert!(text.contains(&as_read(title)), "h1 {text:?} for {title:?}");
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

fn svg_keeps_title(svg: &str, title: &str) {
    let document = roxmltree::Document::parse(svg).expect("the diagram is well-formed XML");
    let label = document
        .root_element()
        .attribute("aria-label")
        .expect("an aria-label");
    // XML reads a line break inside an attribute as a space.
    assert_eq!(
        as_read(label),
        as_read(&format!("diagram of the network {title}"))
    );
    assert!(
        document
            .descendants()
            .all(|n| !n.tag_name().name().eq_ignore_ascii_case("script")),
        "a script element for {title:?}"
    );
}

fn json_keeps_title(json: &str, title: &str) {
    let value: serde_json::Value = serde_json::from_str(json).expect("valid JSON");
    assert_eq!(value["title"].as_str(), Some(title));
}

fn render(source: &SourceFile, format: Format) -> String {
    // With the NumPy appendix: its program must not let a title out either.
    let mut options = Options::new(format);
    options.appendix = Some(longhand::model::Appendix::Numpy);
    explain(source, &options)
        .unwrap_or_else(|e| panic!("{format:?} for {:?}: {e:?}", source.name))
        .text
}

fn check_every_format(source: &SourceFile, title: &str) {
    markdown_keeps_title(&render(source, Format::Markdown), title);
    html_keeps_title(&render(source, Format::Html), title);
    svg_keeps_title(&render(source, Format::Svg), title);
    json_keeps_title(&render(source, Format::Json), title);
    let csv = render(source, Format::Csv);
    assert!(!csv.contains(title), "the CSV key holds no title");
    let carries = [Carry::Step];
    let report = |format| {
        sensitivity(source, &Options::new(format), &[3], &carries)
            .expect("sensitivity")
            .text
    };
    let markdown = report(Format::Markdown);
    let (heading, raw) = read_markdown(&markdown);
    assert!(heading.contains(&as_read(title)), "{heading:?}");
    assert!(
        raw.iter().all(|h| h.trim_start().starts_with("<!--")),
        "{raw:?}"
    );
    html_keeps_title(&report(Format::Html), title);
    json_keeps_title(&report(Format::Json), title);
}

/// Python names and string literals made from the corpus read back as
/// themselves (a string) or as one plain identifier, never as code.
#[test]
fn python_names_and_strings_hold_the_corpus() {
    use longhand::symbolic::python::names::{identifier, string_literal};
    for text in CORPUS {
        let literal = string_literal(text);
        assert!(literal.is_ascii() && !literal.contains(['`', '<', '&', '$', '{', '}']));
        assert!(!literal.contains("\\end"), "{literal}");
        let name = identifier(text);
        assert!(name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
        assert!(!name.starts_with(|c: char| c.is_ascii_digit()));
        let ok = std::process::Command::new("python3")
            .args([
                "-c",
                "import ast, keyword, sys; assert ast.literal_eval(sys.argv[1]) == sys.argv[2]; assert sys.argv[3].isidentifier() and not keyword.iskeyword(sys.argv[3])",
                &literal,
                text,
                &name,
            ])
            .status();
        // Without python3 the checks above stand alone.
        if let Ok(status) = ok {
            assert!(status.success(), "{text:?} as {literal} and {name}");
        }
    }
}

#[test]
fn titles_are_text_in_every_format() {
    for title in CORPUS {
        // A title ends at its line (LF, CR, U+2028, U+2029 alike).
        let title = title.replace(['\n', '\u{2028}'], " ");
        check_every_format(&source(Some(&title), "net.net"), &title);
    }
}

#[test]
fn file_names_standing_in_for_the_title_are_text_in_every_format() {
    for title in CORPUS {
        // A file name holds no `/`, `\\` (read as folder separators) or line
        // break; the rest of the corpus stays.
        let name: String = title.replace(['/', '\\', '\n'], "_");
        let file = format!("{name}.net");
        check_every_format(&source(None, &format!("some/folder/{file}")), &file);
    }
}
