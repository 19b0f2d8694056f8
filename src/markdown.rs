//! Markdown seeds (`.md`): optional front matter, then CommonMark with tables, footnotes,
//! strikethrough and task lists, walked as pulldown-cmark events into the seed tree.
//!
//! pulldown-cmark is not a sanitizer, so nothing of its output is trusted as markup: raw HTML
//! becomes visible text, heading attributes are not enabled, and URLs stay data for `render` to
//! check. The tree is built with an explicit stack capped at [`MAX_DEPTH`], never by recursion.
//!
//! Title: the front-matter `title`, else the first level-1 heading. Sections: the headings of the
//! highest level left, with deeper headings kept inside them. Summary: the front-matter
//! `summary` or `description`. What precedes the first section is the introduction.

use pulldown_cmark::{Alignment, CodeBlockKind, Event, LinkType, Options, Parser, Tag as MdTag};

use crate::diagnostic::{Diagnostic, DiagnosticKind};
use crate::seed::{plain_text, Align, Node, Origin, Origins, Section, Seed, Tag, MAX_DEPTH};

/// Parses markdown `text` (already decoded) of the seed `file`.
pub fn parse(
    file: &str,
    text: &str,
    diagnostics: &mut Vec<Diagnostic>,
    origins: &mut Origins,
) -> Seed {
    let (meta, body) = match front_matter(text) {
        FrontMatter::None => (Vec::new(), text),
        FrontMatter::Unclosed => {
            diagnostics.push(Diagnostic::new(
                file,
                1,
                DiagnosticKind::UnclosedFrontMatter,
            ));
            (Vec::new(), text)
        }
        FrontMatter::Fields(fields, body) => (fields, body),
    };
    let offset = text.len() - body.len();
    let mut nodes = build_tree(body, offset, false);
    let mut seed = Seed::default();

    for (field, (key, value)) in (0..).zip(meta) {
        match key.as_str() {
            "title" if seed.title.is_empty() => seed.title = value,
            "summary" | "description" if seed.summary.is_empty() => {
                seed.summary.push(Node::paragraph(value));
                origins.summary.push(Origin::Front(field));
            }
            _ => seed.meta.push((key, value)),
        }
    }
    if seed.title.is_empty() {
        if let Some(i) = nodes
            .iter()
            .position(|n| matches!(n, (Node::Element(Tag::Heading(1), _), _)))
        {
            let mut title = String::new();
            plain_text(std::slice::from_ref(&nodes.remove(i).0), &mut title);
            seed.title = title.split_whitespace().collect::<Vec<_>>().join(" ");
        }
    }

    let level = nodes
        .iter()
        .filter_map(|n| match n {
            (Node::Element(Tag::Heading(l), _), _) => Some(*l),
            _ => None,
        })
        .min();
    for (node, origin) in nodes {
        match (node, level) {
            (Node::Element(Tag::Heading(l), title), Some(top)) if l == top => {
                seed.sections.push(Section {
                    title,
                    body: Vec::new(),
                });
                origins.titles.push(origin);
                origins.bodies.push(Vec::new());
            }
            (node, _) => match (seed.sections.last_mut(), origins.bodies.last_mut()) {
                (Some(section), Some(from)) => {
                    section.body.push(node);
                    from.push(origin);
                }
                _ => {
                    seed.introduction.push(node);
                    origins.introduction.push(origin);
                }
            },
        }
    }
    seed
}

enum FrontMatter<'a> {
    None,
    Unclosed,
    Fields(Vec<(String, String)>, &'a str),
}

/// Front matter is a first line `---`, `key: value` lines, and a closing `---` or `...` line.
/// Values may be quoted; `key:` followed by `- item` lines, or `key: [a, b]`, gives a list,
/// kept as one comma-separated value.
fn front_matter(text: &str) -> FrontMatter<'_> {
    let Some(rest) = text
        .strip_prefix("---")
        .filter(|r| r.starts_with(['\n', '\r']))
    else {
        return FrontMatter::None;
    };
    let mut fields: Vec<(String, String)> = Vec::new();
    let mut offset = text.len() - rest.len();
    for line in rest.split_inclusive('\n') {
        offset += line.len();
        let line = line.trim_end();
        if line == "---" || line == "..." {
            return FrontMatter::Fields(fields, text.get(offset..).unwrap_or_default());
        }
        // A `key: value` field; else a list item or a continuation of the field above (YAML's
        // lists and folded text), so no word of the front matter is dropped.
        let field = line
            .split_once(':')
            .filter(|(key, _)| !key.trim().is_empty() && !key.starts_with([' ', '\t', '-']));
        if let Some((key, value)) = field {
            let key = key.trim().to_ascii_lowercase();
            let value = value.trim();
            let value = match value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
                Some(list) => list.split(',').map(unquote).collect::<Vec<_>>().join(", "),
                None => unquote(value).to_owned(),
            };
            fields.push((key, value));
        } else if !line.trim().is_empty() {
            let (item, separator) = match line.trim_start().strip_prefix("- ") {
                Some(item) => (unquote(item), ", "),
                None => (line.trim(), " "),
            };
            match fields.last_mut() {
                Some((_, value)) => {
                    if !value.is_empty() {
                        value.push_str(separator);
                    }
                    value.push_str(item);
                }
                None => fields.push(("note".to_owned(), item.to_owned())),
            }
        }
    }
    FrontMatter::Unclosed
}

fn unquote(s: &str) -> &str {
    let s = s.trim();
    s.strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .or_else(|| s.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')))
        .unwrap_or(s)
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
}

/// A block's markdown parsed on its own (see `seed::block_text`): a reference whose definition
/// is elsewhere in the seed still reads as its text.
pub fn block(text: &str) -> Vec<Node> {
    build_tree(text, 0, true)
        .into_iter()
        .map(|(node, _)| node)
        .collect()
}

/// Appends the value of front-matter field number `field` of `text` (a summary read again).
pub fn front_value(text: &str, field: u32, out: &mut String) {
    if let FrontMatter::Fields(fields, _) = front_matter(text) {
        if let Some((_, value)) = fields.get(field as usize) {
            out.push_str(value);
        }
    }
}

/// Walks the events into top-level nodes, each with its origin (`offset` plus its range in
/// `text`). Containers deeper than [`MAX_DEPTH`] are not pushed: their content lands in the
/// deepest open container, so the text is kept and the tree bounded. `alone`: `text` is one
/// block taken out of a seed, so a reference with no definition here is read as a link.
fn build_tree(text: &str, offset: usize, alone: bool) -> Vec<(Node, Origin)> {
    let mut stack: Vec<(Tag, Vec<Node>)> = vec![(Tag::Span, Vec::new())];
    let mut origins: Vec<Origin> = Vec::new();
    let mut flattened = 0usize;
    let unresolved = |_: pulldown_cmark::BrokenLink<'_>| {
        alone.then_some((
            pulldown_cmark::CowStr::Borrowed(""),
            pulldown_cmark::CowStr::Borrowed(""),
        ))
    };
    let parser = Parser::new_with_broken_link_callback(text, options(), Some(unresolved));
    for (event, range) in parser.into_offset_iter() {
        match event {
            Event::Start(tag) => {
                if stack.len() > MAX_DEPTH {
                    flattened += 1;
                } else {
                    stack.push((convert(tag), Vec::new()));
                }
            }
            Event::End(_) => {
                if flattened > 0 {
                    flattened -= 1;
                } else if stack.len() > 1 {
                    if let Some((tag, children)) = stack.pop() {
                        push(&mut stack, Node::Element(tag, children));
                    }
                }
            }
            Event::Text(t) => push_text(&mut stack, &t),
            Event::Code(t) => push(&mut stack, Node::Code(t.into_string())),
            Event::Html(t) | Event::InlineHtml(t) => push_raw_html(&mut stack, &t),
            Event::InlineMath(t) | Event::DisplayMath(t) => {
                push(&mut stack, Node::Code(t.into_string()))
            }
            Event::FootnoteReference(label) => {
                push(&mut stack, Node::FootnoteRef(label.into_string()))
            }
            Event::SoftBreak => push(&mut stack, Node::SoftBreak),
            Event::HardBreak => push(&mut stack, Node::HardBreak),
            Event::Rule => push(&mut stack, Node::Rule),
            Event::TaskListMarker(done) => push(&mut stack, Node::Task(done)),
        }
        // A node that just landed at the top level came from this event's range (an element's
        // end event spans the whole element).
        let top = stack.first().map_or(0, |(_, nodes)| nodes.len());
        while origins.len() < top {
            origins.push(Origin::Text {
                start: (offset + line_start(text, range.start)) as u32,
                end: (offset + range.end) as u32,
            });
        }
    }
    while stack.len() > 1 {
        if let Some((tag, children)) = stack.pop() {
            push(&mut stack, Node::Element(tag, children));
        }
    }
    let nodes = stack.pop().map(|(_, nodes)| nodes).unwrap_or_default();
    origins.resize(nodes.len(), Origin::None);
    nodes.into_iter().zip(origins).collect()
}

/// `at`, or the start of its line when only indentation precedes it there: an indented code
/// block's range starts after its indentation, which makes it one when read again.
fn line_start(text: &str, at: usize) -> usize {
    let before = text.get(..at).unwrap_or_default();
    let line = before.rfind('\n').map_or(0, |i| i + 1);
    match before.get(line..) {
        Some(indent) if indent.bytes().all(|b| b == b' ' || b == b'\t') => line,
        _ => at,
    }
}

fn push(stack: &mut [(Tag, Vec<Node>)], node: Node) {
    if let Some((_, children)) = stack.last_mut() {
        children.push(node);
    }
}

/// Adjacent text events (pulldown-cmark splits text at entities and brackets) merge into one.
fn push_text(stack: &mut [(Tag, Vec<Node>)], text: &str) {
    if let Some((_, children)) = stack.last_mut() {
        if let Some(Node::Text(prev)) = children.last_mut() {
            prev.push_str(text);
        } else {
            children.push(Node::Text(text.to_owned()));
        }
    }
}

/// Raw HTML is shown as text: a block of it as a `RawHtml` element, inline HTML as inline code.
fn push_raw_html(stack: &mut [(Tag, Vec<Node>)], html: &str) {
    let Some((tag, children)) = stack.last_mut() else {
        return;
    };
    match (tag, children.last_mut()) {
        (Tag::RawHtml, Some(Node::Text(prev))) => prev.push_str(html),
        (Tag::RawHtml, _) => children.push(Node::Text(html.to_owned())),
        (Tag::Span, _) => children.push(Node::Element(
            Tag::RawHtml,
            vec![Node::Text(html.to_owned())],
        )),
        _ => children.push(Node::Code(html.to_owned())),
    }
}

fn convert(tag: MdTag<'_>) -> Tag {
    match tag {
        MdTag::Paragraph => Tag::Paragraph,
        MdTag::Heading { level, .. } => Tag::Heading(level as u8),
        MdTag::BlockQuote(_) => Tag::BlockQuote,
        MdTag::CodeBlock(CodeBlockKind::Fenced(info)) => {
            let lang = info.split([' ', ',', '{']).next().unwrap_or_default();
            Tag::CodeBlock(Some(lang.to_owned()).filter(|l| !l.is_empty()))
        }
        MdTag::CodeBlock(CodeBlockKind::Indented) => Tag::CodeBlock(None),
        MdTag::HtmlBlock => Tag::RawHtml,
        MdTag::List(start) => Tag::List(start),
        MdTag::Item => Tag::Item,
        MdTag::FootnoteDefinition(label) => Tag::FootnoteDefinition(label.into_string()),
        MdTag::Table(aligns) => Tag::Table(aligns.into_iter().map(align).collect()),
        MdTag::TableHead => Tag::TableHead,
        MdTag::TableRow => Tag::TableRow,
        MdTag::TableCell => Tag::TableCell,
        MdTag::Emphasis => Tag::Emphasis,
        MdTag::Strong => Tag::Strong,
        MdTag::Strikethrough => Tag::Strikethrough,
        // An email autolink (`<a@b.c>`) comes without its scheme: give it `mailto:`, or it
        // would read as a relative path.
        MdTag::Link {
            link_type: LinkType::Email,
            dest_url,
            title,
            ..
        } => Tag::Link {
            url: format!("mailto:{dest_url}"),
            title: title.into_string(),
        },
        MdTag::Link {
            dest_url, title, ..
        } => Tag::Link {
            url: dest_url.into_string(),
            title: title.into_string(),
        },
        MdTag::Image {
            dest_url, title, ..
        } => Tag::Image {
            url: dest_url.into_string(),
            title: title.into_string(),
        },
        _ => Tag::Span,
    }
}

fn align(a: Alignment) -> Align {
    match a {
        Alignment::None => Align::None,
        Alignment::Left => Align::Left,
        Alignment::Center => Align::Center,
        Alignment::Right => Align::Right,
    }
}
