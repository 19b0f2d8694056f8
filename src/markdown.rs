//! Markdown seeds (`.md`): optional front matter, then CommonMark with tables, footnotes,
//! strikethrough and task lists, whose block tree comes from [`crate::cmark`] (here or in the
//! markdown module) and is arranged here into the seed.
//!
//! Title: the front-matter `title`, else the first heading of the highest level present (a
//! level-1 heading if there is one). Sections: the headings of the highest level left, with
//! deeper headings kept inside them (the renderer nests them: `render::subsections`). Summary: the front-matter
//! `summary` or `description`. What precedes the first section is the introduction.

use crate::diagnostic::{Diagnostic, DiagnosticKind};
use crate::seed::{plain_text, Node, Origin, Origins, Section, Seed, Tag};

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
    let Some(mut nodes) = tree(body, offset, false) else {
        return crate::plain::parse(file, text, diagnostics, origins);
    };
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
        // The first level-1 heading, else the first of the highest level there is (a book
        // chapter that starts at `##`): it is the title, and so not also a section.
        let level = |n: &(Node, Origin)| match n {
            (Node::Element(Tag::Heading(l), _), _) => Some(*l),
            _ => None,
        };
        let top = nodes.iter().filter_map(level).min();
        if let Some(i) = top.and_then(|top| nodes.iter().position(|n| level(n) == Some(top))) {
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

/// A block's markdown parsed on its own (see `seed::block_text`): a reference whose definition
/// is elsewhere in the seed still reads as its text.
pub fn block(text: &str) -> Vec<Node> {
    match tree(text, 0, true) {
        Some(nodes) => nodes.into_iter().map(|(node, _)| node).collect(),
        None => vec![Node::paragraph(text.to_string())],
    }
}

/// Appends the value of front-matter field number `field` of `text` (a summary read again).
pub fn front_value(text: &str, field: u32, out: &mut String) {
    if let FrontMatter::Fields(fields, _) = front_matter(text) {
        if let Some((_, value)) = fields.get(field as usize) {
            out.push_str(value);
        }
    }
}

/// The block tree of markdown `text` (see [`crate::cmark::build_tree`]): built here when the
/// crate has pulldown-cmark (feature `markdown`: native builds, the markdown module); in the
/// engine's module, which has not, asked of the markdown module the engine loads only for a
/// corpus with markdown seeds. `None` when that module is not there (it could not load): the
/// seed is then read as plain text.
fn tree(text: &str, offset: usize, alone: bool) -> Option<Vec<(Node, Origin)>> {
    #[cfg(feature = "markdown")]
    return Some(crate::cmark::build_tree(text, offset, alone));
    #[cfg(not(feature = "markdown"))]
    return crate::wasm::modules::tree(text, offset, alone);
}
