//! The seed model every format parses into and every consumer reads: a title, a summary, an
//! introduction, sections and a conclusion, each a small tree of [`Node`]s.
//!
//! The tree admits only the structures we know how to render safely: there is no raw-HTML node,
//! and attributes are typed fields, never free-form strings copied to markup.

use crate::diagnostic::Diagnostic;
use crate::{decode, markdown, plain};

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
    /// `.md` and `.markdown` are markdown; everything else is the plain format.
    pub fn of(name: &str) -> SeedKind {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".md") || lower.ends_with(".markdown") {
            SeedKind::Markdown
        } else {
            SeedKind::Plain
        }
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

/// Parses a seed named `name` (its manifest entry) from raw bytes. Never fails and never panics:
/// what cannot be understood is reported and the rest is kept.
pub fn parse(name: &str, bytes: &[u8]) -> (Seed, Vec<Diagnostic>) {
    let decoded = decode::decode(name, bytes);
    let mut diagnostics = decoded.diagnostics;
    let mut seed = match SeedKind::of(name) {
        SeedKind::Plain => plain::parse(name, &decoded.text, &mut diagnostics),
        SeedKind::Markdown => markdown::parse(name, &decoded.text, &mut diagnostics),
    };
    if seed.title.trim().is_empty() {
        seed.title = title_from_file_name(name);
    }
    (seed, diagnostics)
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
