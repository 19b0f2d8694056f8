//! The seed model every format parses into and every consumer reads: a title, a summary, an
//! introduction, sections and a conclusion, each a small tree of [`Node`]s.
//!
//! The tree admits only the structures we know how to render safely: there is no raw-HTML node,
//! and attributes are typed fields, never free-form strings copied to markup.

use std::borrow::Cow;

use crate::diagnostic::Diagnostic;
use crate::{decode, markdown, plain};

pub mod wire;

/// The most containers a tree nests; deeper content is flattened into the container at this
/// depth, so nothing downstream recurses deeper than this, whatever the input.
pub const MAX_DEPTH: usize = 48;

/// Which format a seed was written in, chosen by its file name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SeedKind {
    Plain,
    Markdown,
}

impl SeedKind {
    /// What a seed file name is, the one rule everything uses (the manifest and pack writers
    /// pick files by it, the viewer parses by it): `.txt` is the plain format, `.md` and
    /// `.markdown` are markdown, in any case; any other name is not a seed file.
    pub fn of_file(name: &str) -> Option<SeedKind> {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".md") || lower.ends_with(".markdown") {
            Some(SeedKind::Markdown)
        } else if lower.ends_with(".txt") {
            Some(SeedKind::Plain)
        } else {
            None
        }
    }

    /// How the viewer reads an entry a manifest or a link names: by [`SeedKind::of_file`],
    /// and a name without a seed extension (`notes`, `page.html`) as the plain format.
    pub fn of(name: &str) -> SeedKind {
        SeedKind::of_file(name).unwrap_or(SeedKind::Plain)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SeedKind::Plain => "plain",
            SeedKind::Markdown => "markdown",
        }
    }
}

/// A parsed seed. Every part may be empty when the input did not provide it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Seed {
    pub title: String,
    pub summary: Vec<Node>,
    pub introduction: Vec<Node>,
    pub sections: Vec<Section>,
    pub conclusion: Vec<Node>,
    /// Front-matter fields other than the title, in file order (markdown only).
    pub meta: Vec<(String, String)>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    pub title: Vec<Node>,
    pub body: Vec<Node>,
}

/// A node of a seed's document tree.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    Text(String),
    /// Inline code.
    Code(String),
    SoftBreak,
    HardBreak,
    Rule,
    /// A task-list checkbox, checked or not.
    Task(bool),
    /// A reference to footnote `label`.
    FootnoteRef(String),
    Element(Tag, Vec<Node>),
}

/// The containers a tree may hold; the renderer maps each to fixed markup.
#[derive(Clone, Debug, PartialEq)]
pub enum Tag {
    Paragraph,
    /// A heading inside a section body, level 1..=6 as written.
    Heading(u8),
    BlockQuote,
    /// A code block with its language, if one was given.
    CodeBlock(Option<String>),
    /// Raw HTML from a markdown seed, kept as visible text and never as markup.
    RawHtml,
    List(Option<u64>),
    Item,
    Table(Vec<Align>),
    TableHead,
    TableRow,
    TableCell,
    Emphasis,
    Strong,
    Strikethrough,
    Link {
        url: String,
        title: String,
    },
    Image {
        url: String,
        title: String,
    },
    FootnoteDefinition(String),
    /// A container we keep for its content only (unknown or flattened structure).
    Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    None,
    Left,
    Center,
    Right,
}

impl Node {
    pub fn text(s: impl Into<String>) -> Node {
        Node::Text(s.into())
    }

    pub fn paragraph(s: impl Into<String>) -> Node {
        Node::Element(Tag::Paragraph, vec![Node::Text(s.into())])
    }
}

/// Appends the visible text of `nodes` to `out`, blocks separated by newlines. Depth is bounded
/// by [`MAX_DEPTH`], so the recursion is too.
pub fn plain_text(nodes: &[Node], out: &mut String) {
    for node in nodes {
        match node {
            Node::Text(t) | Node::Code(t) => out.push_str(t),
            Node::SoftBreak | Node::HardBreak => out.push(' '),
            Node::Rule | Node::Task(_) | Node::FootnoteRef(_) => {}
            Node::Element(tag, children) => {
                plain_text(children, out);
                if let Tag::Image { title, .. } | Tag::Link { title, .. } = tag {
                    if !title.is_empty() {
                        out.push(' ');
                        out.push_str(title);
                    }
                }
                if !matches!(
                    tag,
                    Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } | Tag::Span
                ) {
                    out.push('\n');
                }
            }
        }
    }
}

/// Where a top-level block of a seed came from, so that its text can be read again alone
/// without parsing the whole seed: a byte range of the decoded text, a front-matter field (by
/// its index among the fields), or nothing (a made-up block).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Origin {
    #[default]
    None,
    Text {
        start: u32,
        end: u32,
    },
    Front(u32),
}

impl Origin {
    /// The origin of `part`, a slice of `text` (an empty origin if it is not one).
    pub fn of(text: &str, part: &str) -> Origin {
        let start = (part.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize);
        let end = start.saturating_add(part.len());
        match text.get(start..end) {
            Some(same) if same.as_ptr() == part.as_ptr() => Origin::Text {
                start: start as u32,
                end: end as u32,
            },
            _ => Origin::None,
        }
    }
}

/// The origins of a seed's blocks, shaped like the seed: one per top-level node of the summary,
/// the introduction, each section's body and the conclusion, and one per section title.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Origins {
    pub summary: Vec<Origin>,
    pub introduction: Vec<Origin>,
    pub titles: Vec<Origin>,
    pub bodies: Vec<Vec<Origin>>,
    pub conclusion: Vec<Origin>,
}

/// Parses a seed named `name` (its manifest entry) from raw bytes. Never fails and never panics:
/// what cannot be understood is reported and the rest is kept.
pub fn parse(name: &str, bytes: &[u8]) -> (Seed, Vec<Diagnostic>) {
    let located = parse_located(name, bytes);
    (located.seed, located.diagnostics)
}

/// A seed with where its blocks came from in its decoded text (see [`block_text`]).
pub struct Located<'a> {
    pub seed: Seed,
    pub origins: Origins,
    pub text: Cow<'a, str>,
    pub diagnostics: Vec<Diagnostic>,
}

/// [`parse`], keeping the decoded text and each block's origin in it.
pub fn parse_located<'a>(name: &str, bytes: &'a [u8]) -> Located<'a> {
    let decoded = decode::decode(name, bytes);
    let mut diagnostics = decoded.diagnostics;
    let mut origins = Origins::default();
    let mut seed = match SeedKind::of(name) {
        SeedKind::Plain => plain::parse(name, &decoded.text, &mut diagnostics, &mut origins),
        SeedKind::Markdown => markdown::parse(name, &decoded.text, &mut diagnostics, &mut origins),
    };
    if seed.title.trim().is_empty() {
        seed.title = title_from_file_name(name);
    }
    Located {
        seed,
        origins,
        text: decoded.text,
        diagnostics,
    }
}

/// The visible text of one block of a seed, read again from its origin in the seed's decoded
/// `text` alone (cost bounded by the block's size, not the seed's). A markdown block is parsed
/// on its own: a reference link defined elsewhere shows as its text, as in context.
pub fn block_text(kind: SeedKind, text: &str, origin: Origin, out: &mut String) {
    match (origin, kind) {
        (Origin::None, _) => {}
        (Origin::Text { start, end }, SeedKind::Plain) => {
            out.push_str(text.get(start as usize..end as usize).unwrap_or_default());
        }
        (Origin::Text { start, end }, SeedKind::Markdown) => {
            let block = text.get(start as usize..end as usize).unwrap_or_default();
            plain_text(&markdown::block(block), out);
        }
        (Origin::Front(field), SeedKind::Markdown) => markdown::front_value(text, field, out),
        (Origin::Front(_), SeedKind::Plain) => {}
    }
}

/// The last-resort title: the file name without its extension, with `_` and `-` as spaces.
fn title_from_file_name(name: &str) -> String {
    let base = name.rsplit('/').next().unwrap_or(name);
    let stem = base.rsplit_once('.').map_or(base, |(stem, _)| stem);
    let title = stem.replace(['_', '-'], " ").trim().to_owned();
    if title.is_empty() {
        name.to_owned()
    } else {
        title
    }
}
