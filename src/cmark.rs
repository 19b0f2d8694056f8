//! The markdown parser itself: pulldown-cmark events walked into the seed tree's top-level
//! blocks, each with its origin. Only with the feature `markdown` (native builds and the
//! markdown module, `markdown/`); the engine's own module goes without it and asks the
//! markdown module (see `markdown::tree`), so a plain corpus never downloads a parser.
//!
//! pulldown-cmark is not a sanitizer, so nothing of its output is trusted as markup: raw HTML
//! becomes visible text, heading attributes are not enabled, and URLs stay data for `render` to
//! check. The tree is built with an explicit stack capped at [`MAX_DEPTH`], never by recursion.

use pulldown_cmark::{Alignment, CodeBlockKind, Event, LinkType, Options, Parser, Tag as MdTag};

use crate::seed::{Align, Node, Origin, Tag, MAX_DEPTH};

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
}

/// Walks the events into top-level nodes, each with its origin (`offset` plus its range in
/// `text`). Containers deeper than [`MAX_DEPTH`] are not pushed: their content lands in the
/// deepest open container, so the text is kept and the tree bounded. `alone`: `text` is one
/// block taken out of a seed, so a reference with no definition here is read as a link.
pub fn build_tree(text: &str, offset: usize, alone: bool) -> Vec<(Node, Origin)> {
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
