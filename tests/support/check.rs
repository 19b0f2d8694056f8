//! The properties every rendered seed must have, checked by the property tests
//! (`tests/properties.rs`) and the fuzz targets (`fuzz/`), which include this file:
//!
//! 1. parsing, indexing, searching and rendering do not panic;
//! 2. the HTML parses back (html5ever, through `scraper`) to allow-listed elements and
//!    attributes only, with our own ids and parts, and every URL allowed by the policy;
//! 3. nothing is lost: every word of the seed's text is in the output's text, compared the way
//!    the viewer matches words (folded: case and accents; a section line may differ from its
//!    outline title in case, spacing and punctuation, and shows the outline's spelling).

use std::collections::HashSet;

use scraper::{Html, Node};
use seeds_viewer::corpus::Corpus;
use seeds_viewer::query::Query;
use seeds_viewer::render::SafeHtml;
use seeds_viewer::DiagnosticKind;

/// Elements the renderer may write.
const ELEMENTS: &[&str] = &[
    "a",
    "article",
    "bdi",
    "blockquote",
    "br",
    "button",
    "code",
    "dd",
    "del",
    "div",
    "dl",
    "dt",
    "em",
    "fieldset",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "img",
    "input",
    "label",
    "legend",
    "li",
    "mark",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "span",
    "strong",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
];

/// Attributes the renderer may write (values checked below where they matter).
const ATTRIBUTES: &[&str] = &[
    "alt",
    "aria-hidden",
    "aria-label",
    "aria-labelledby",
    "checked",
    "class",
    "data-field",
    "data-index",
    "data-kind",
    "data-lang",
    "data-section",
    "data-seed",
    "data-value",
    "dir",
    "disabled",
    "href",
    "id",
    "loading",
    "part",
    "rel",
    "src",
    "start",
    "target",
    "title",
    "type",
];

/// The parts the viewer documents; a seed must not be able to forge another.
const PARTS: &[&str] = &[
    "article",
    "summary",
    "introduction",
    "meta",
    "toc",
    "section",
    "conclusion",
    "highlight",
    "item",
    "sections",
    "facet",
];

/// Renders seed `name` with `bytes` (article and list item, highlighted for `query`) and checks
/// the properties; `Err` says which failed and where.
pub fn check_seed(name: &str, bytes: &[u8], query: &str) -> Result<(), String> {
    let mut corpus = Corpus::new(vec![name.to_string()]);
    let diagnostics = corpus.add(0, bytes);
    // A file judged binary shows nothing but its diagnostic; its "words" are noise.
    let binary = diagnostics.iter().any(|d| d.kind == DiagnosticKind::Binary);
    let _ = corpus.search(&Query::parse(query));
    let highlight = corpus.highlight(&Query::parse(query));
    let article = corpus
        .article_html(0)
        .ok_or("the seed was not loaded")?
        .into_string();
    let marks = corpus.article_marks(0, &highlight);
    marks_land_on_words(&article, &marks)?;
    let items = corpus
        .items_html(&[0], &highlight)
        .into_iter()
        .collect::<SafeHtml>()
        .into_string();
    let article_text = check_html(&article).map_err(|e| format!("article: {e}"))?;
    check_html(&items).map_err(|e| format!("list item: {e}"))?;
    if binary {
        return Ok(());
    }
    // Every folded word of the output, run together: a seed word must occur in it. (Word
    // boundaries differ harmlessly between the two sides: markdown escapes split text events,
    // inline elements split text nodes.)
    let shown: String = seeds_viewer::text::folded_words(&article_text).collect();
    for word in seed_words(name, bytes) {
        if !shown.contains(&word) {
            return Err(format!(
                "the word {word:?} of the seed is missing from the article"
            ));
        }
    }
    Ok(())
}

/// The article's marks, read against its text as an HTML parser builds it (text nodes in
/// order, as the browser's `textContent`): in order, apart, inside the text, each one word.
pub fn marks_land_on_words(article: &str, marks: &[u32]) -> Result<(), String> {
    let fragment = Html::parse_fragment(article);
    let text: Vec<u16> = fragment
        .tree
        .nodes()
        .filter_map(|n| match n.value() {
            Node::Text(t) => Some(t.to_string()),
            _ => None,
        })
        .collect::<String>()
        .encode_utf16()
        .collect();
    let mut last = 0;
    for pair in marks.chunks(2) {
        let [start, end] = pair else {
            return Err(format!("marks come in pairs: {marks:?}"));
        };
        let (start, end) = (*start as usize, *end as usize);
        if start < last || end <= start || end > text.len() {
            return Err(format!(
                "mark {start}..{end} out of order or outside the text ({})",
                text.len()
            ));
        }
        let word = String::from_utf16_lossy(text.get(start..end).unwrap_or_default());
        if seeds_viewer::text::folded_words(&word).count() != 1 {
            return Err(format!("mark {start}..{end} covers {word:?}, not one word"));
        }
        last = end;
    }
    Ok(())
}

/// Parses `html` back and checks elements, attributes, ids, parts and URLs; returns the text
/// a reader can see or hear (text nodes, `alt` and `title`).
pub fn check_html(html: &str) -> Result<String, String> {
    let fragment = Html::parse_fragment(html);
    let mut text = String::new();
    let mut ids = HashSet::new();
    for node in fragment.tree.nodes() {
        match node.value() {
            Node::Text(t) => {
                text.push_str(t);
                text.push(' ');
            }
            Node::Element(element) => {
                let name = element.name();
                // The fragment's own scaffolding (html, and body as its parsing context).
                let scaffold = node.ancestors().all(|a| match a.value() {
                    Node::Element(e) => e.name() == "html",
                    _ => true,
                });
                if scaffold && ["html", "head", "body"].contains(&name) {
                    continue;
                }
                if !ELEMENTS.contains(&name) {
                    return Err(format!("element <{name}> is not allowed"));
                }
                for (attr, value) in element.attrs() {
                    if !ATTRIBUTES.contains(&attr) {
                        return Err(format!(
                            "attribute {attr}=\"{value}\" on <{name}> is not allowed"
                        ));
                    }
                    match attr {
                        "id" if !value.starts_with("sv-") => {
                            return Err(format!("id {value:?} is not the viewer's own"));
                        }
                        "id" if !ids.insert(value.to_string()) => {
                            return Err(format!("id {value:?} appears twice"));
                        }
                        "part" => {
                            if let Some(p) = value.split_whitespace().find(|p| !PARTS.contains(p)) {
                                return Err(format!("part {p:?} is not one of the viewer's"));
                            }
                        }
                        "href" | "src" => check_url(attr, value)?,
                        "type" if !["button", "checkbox"].contains(&value) => {
                            return Err(format!("type {value:?} is not allowed"));
                        }
                        "target" if value != "_blank" => {
                            return Err(format!("target {value:?} is not allowed"));
                        }
                        "alt" | "title" => {
                            text.push(' ');
                            text.push_str(value);
                            text.push(' ');
                        }
                        _ => {}
                    }
                }
            }
            Node::Document | Node::Fragment => {}
            other => return Err(format!("unexpected node {other:?}")),
        }
    }
    Ok(text)
}

/// A link may go to http, https, mailto or a relative URL; an image may only load from the
/// page's origin. Judged independently of `url::check` (as a browser reads the value: tabs and
/// newlines removed, leading controls and spaces trimmed), so a bug there cannot hide here.
fn check_url(attr: &str, value: &str) -> Result<(), String> {
    let cleaned: String = value
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase();
    // A scheme as the URL standard reads one: a letter, then letters, digits, `+`, `-`, `.`, up
    // to the first `:`; anything else before it makes the URL relative.
    let scheme = cleaned.split_once(':').map(|(s, _)| s).filter(|s| {
        s.starts_with(|c: char| c.is_ascii_alphabetic())
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    });
    let other_origin = cleaned.starts_with("//")
        || cleaned.starts_with("\\\\")
        || cleaned.starts_with("/\\")
        || cleaned.starts_with("\\/");
    let allowed = match (attr, scheme) {
        ("href", None | Some("http" | "https" | "mailto")) => true,
        ("src", None) => !other_origin,
        _ => false,
    };
    if allowed {
        Ok(())
    } else {
        Err(format!("{attr}={value:?} is not allowed"))
    }
}

/// The words of the seed's text as its reader should find them, folded as the viewer matches
/// them: for a plain seed every word of the decoded file; for markdown, of the text
/// pulldown-cmark reports for the body (link targets and markup are not text) and of the front
/// matter's lines, the keys the viewer consumes excepted.
pub fn seed_words(name: &str, bytes: &[u8]) -> Vec<String> {
    // The text the parsers see (replacement characters, no BOM, controls made visible).
    let text = seeds_viewer::decode::decode(name, bytes).text.into_owned();
    let mut source = String::new();
    let markdown = name.ends_with(".md");
    if markdown {
        use pulldown_cmark::{Event, Options, Parser};
        // Front matter, found the way the viewer finds it: its lines are shown as fields (the
        // keys title, summary and description are consumed); the body is markdown.
        let mut body = text.as_str();
        if let Some(rest) = text
            .strip_prefix("---")
            .filter(|r| r.starts_with(['\n', '\r']))
        {
            let mut offset = text.len() - rest.len();
            let mut lines = Vec::new();
            for line in rest.split_inclusive('\n') {
                offset += line.len();
                let trimmed = line.trim_end();
                if trimmed == "---" || trimmed == "..." {
                    body = text.get(offset..).unwrap_or_default();
                    source.extend(lines.iter().map(|l: &&str| {
                        let l = l.trim_start();
                        let l = ["title:", "summary:", "description:"]
                            .iter()
                            .find_map(|k| {
                                l.to_ascii_lowercase().starts_with(k).then(|| &l[k.len()..])
                            })
                            .unwrap_or(l);
                        format!(" {l}")
                    }));
                    break;
                }
                lines.push(line);
            }
        }
        let options = Options::ENABLE_TABLES
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS;
        for event in Parser::new_ext(body, options) {
            match event {
                Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                    source.push(' ');
                    source.push_str(&t);
                }
                _ => {}
            }
        }
    } else {
        source.push_str(&text);
    }
    seeds_viewer::text::folded_words(&source).collect()
}
