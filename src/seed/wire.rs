//! The markdown module's answer to the engine, as bytes: a seed's top-level blocks (each a
//! [`Node`] tree with its [`Origin`]), encoded by the module (`encode`) and read back by the
//! engine (`decode`). Both sides are this crate, so the format is private to it; the reader
//! still trusts nothing (a short or malformed answer reads as fewer blocks, never a panic) and
//! stops at [`MAX_DEPTH`] + 1 levels, as deep as the tree builder goes.
//!
//! Layout: a varint count of blocks, then per block its origin and its node. Numbers are LEB128
//! varints, strings a varint length and UTF-8 bytes; a node or tag is a one-byte kind and its
//! fields in order.

use super::{Align, Node, Origin, Tag, MAX_DEPTH};

pub fn encode(blocks: &[(Node, Origin)]) -> Vec<u8> {
    let mut out = Vec::new();
    number(&mut out, blocks.len() as u64);
    for (node, origin) in blocks {
        match *origin {
            Origin::None => out.push(0),
            Origin::Text { start, end } => {
                out.push(1);
                number(&mut out, u64::from(start));
                number(&mut out, u64::from(end));
            }
            Origin::Front(field) => {
                out.push(2);
                number(&mut out, u64::from(field));
            }
        }
        put_node(&mut out, node);
    }
    out
}

/// The blocks `bytes` holds (those before anything malformed).
pub fn decode(bytes: &[u8]) -> Vec<(Node, Origin)> {
    let mut r = Reader { bytes, at: 0 };
    let mut blocks = Vec::new();
    let count = r.number().unwrap_or(0);
    for _ in 0..count {
        let origin = match r.byte() {
            Some(0) => Origin::None,
            Some(1) => match (r.number(), r.number()) {
                (Some(start), Some(end)) => Origin::Text {
                    start: start as u32,
                    end: end as u32,
                },
                _ => break,
            },
            Some(2) => match r.number() {
                Some(field) => Origin::Front(field as u32),
                None => break,
            },
            _ => break,
        };
        match r.node(0) {
            Some(node) => blocks.push((node, origin)),
            None => break,
        }
    }
    blocks
}

fn number(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn text(out: &mut Vec<u8>, s: &str) {
    number(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

fn put_node(out: &mut Vec<u8>, node: &Node) {
    match node {
        Node::Text(s) => {
            out.push(0);
            text(out, s);
        }
        Node::Code(s) => {
            out.push(1);
            text(out, s);
        }
        Node::SoftBreak => out.push(2),
        Node::HardBreak => out.push(3),
        Node::Rule => out.push(4),
        Node::Task(done) => {
            out.push(5);
            out.push(u8::from(*done));
        }
        Node::FootnoteRef(label) => {
            out.push(6);
            text(out, label);
        }
        Node::Element(tag, children) => {
            out.push(7);
            put_tag(out, tag);
            number(out, children.len() as u64);
            for child in children {
                put_node(out, child);
            }
        }
    }
}

fn put_tag(out: &mut Vec<u8>, tag: &Tag) {
    let optional = |out: &mut Vec<u8>, s: &Option<String>| match s {
        Some(s) => {
            out.push(1);
            text(out, s);
        }
        None => out.push(0),
    };
    match tag {
        Tag::Paragraph => out.push(0),
        Tag::Heading(level) => out.extend([1, *level]),
        Tag::BlockQuote => out.push(2),
        Tag::CodeBlock(lang) => {
            out.push(3);
            optional(out, lang);
        }
        Tag::RawHtml => out.push(4),
        Tag::List(start) => {
            out.push(5);
            match start {
                Some(n) => {
                    out.push(1);
                    number(out, *n);
                }
                None => out.push(0),
            }
        }
        Tag::Item => out.push(6),
        Tag::Table(aligns) => {
            out.push(7);
            number(out, aligns.len() as u64);
            out.extend(aligns.iter().map(|a| match a {
                Align::None => 0,
                Align::Left => 1,
                Align::Center => 2,
                Align::Right => 3,
            }));
        }
        Tag::TableHead => out.push(8),
        Tag::TableRow => out.push(9),
        Tag::TableCell => out.push(10),
        Tag::Emphasis => out.push(11),
        Tag::Strong => out.push(12),
        Tag::Strikethrough => out.push(13),
        Tag::Link { url, title } => {
            out.push(14);
            text(out, url);
            text(out, title);
        }
        Tag::Image { url, title } => {
            out.push(15);
            text(out, url);
            text(out, title);
        }
        Tag::FootnoteDefinition(label) => {
            out.push(16);
            text(out, label);
        }
        Tag::Span => out.push(17),
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn byte(&mut self) -> Option<u8> {
        let b = self.bytes.get(self.at).copied()?;
        self.at += 1;
        Some(b)
    }

    fn number(&mut self) -> Option<u64> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            n |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Some(n);
            }
        }
        None
    }

    /// A count no larger than the bytes left could hold (each item takes at least one byte).
    fn count(&mut self) -> Option<usize> {
        let n = self.number()?;
        let left = self.bytes.len().saturating_sub(self.at);
        usize::try_from(n).ok().filter(|&n| n <= left)
    }

    fn text(&mut self) -> Option<String> {
        let len = self.count()?;
        let bytes = self.bytes.get(self.at..self.at + len)?;
        self.at += len;
        Some(String::from_utf8_lossy(bytes).into_owned())
    }

    fn node(&mut self, depth: usize) -> Option<Node> {
        Some(match self.byte()? {
            0 => Node::Text(self.text()?),
            1 => Node::Code(self.text()?),
            2 => Node::SoftBreak,
            3 => Node::HardBreak,
            4 => Node::Rule,
            5 => Node::Task(self.byte()? != 0),
            6 => Node::FootnoteRef(self.text()?),
            7 if depth <= MAX_DEPTH => {
                let tag = self.tag()?;
                let count = self.count()?;
                let mut children = Vec::with_capacity(count);
                for _ in 0..count {
                    children.push(self.node(depth + 1)?);
                }
                Node::Element(tag, children)
            }
            _ => return None,
        })
    }

    fn tag(&mut self) -> Option<Tag> {
        Some(match self.byte()? {
            0 => Tag::Paragraph,
            1 => Tag::Heading(self.byte()?),
            2 => Tag::BlockQuote,
            3 => Tag::CodeBlock(match self.byte()? {
                0 => None,
                _ => Some(self.text()?),
            }),
            4 => Tag::RawHtml,
            5 => Tag::List(match self.byte()? {
                0 => None,
                _ => Some(self.number()?),
            }),
            6 => Tag::Item,
            7 => {
                let count = self.count()?;
                let mut aligns = Vec::with_capacity(count);
                for _ in 0..count {
                    aligns.push(match self.byte()? {
                        1 => Align::Left,
                        2 => Align::Center,
                        3 => Align::Right,
                        _ => Align::None,
                    });
                }
                Tag::Table(aligns)
            }
            8 => Tag::TableHead,
            9 => Tag::TableRow,
            10 => Tag::TableCell,
            11 => Tag::Emphasis,
            12 => Tag::Strong,
            13 => Tag::Strikethrough,
            14 => Tag::Link {
                url: self.text()?,
                title: self.text()?,
            },
            15 => Tag::Image {
                url: self.text()?,
                title: self.text()?,
            },
            16 => Tag::FootnoteDefinition(self.text()?),
            17 => Tag::Span,
            _ => return None,
        })
    }
}

#[cfg(all(test, feature = "markdown"))]
mod tests {
    use super::*;

    #[test]
    fn the_deepest_trees_the_parser_builds_read_back_whole() {
        for text in [
            format!("{} deep quote", ">".repeat(10_000)),
            "- a\n".to_string() + &"  ".repeat(200) + "- b",
            "| a | b |\n|:-|-:|\n| [x](https://e.org \"t\") | `c` |\n\n[^1]\n\n[^1]: note"
                .to_string(),
        ] {
            let tree = crate::cmark::build_tree(&text, 3, false);
            assert_eq!(decode(&encode(&tree)), tree);
        }
    }

    #[test]
    fn a_cut_answer_keeps_the_blocks_before_the_cut() {
        let tree = crate::cmark::build_tree("one\n\ntwo\n\nthree", 0, false);
        let bytes = encode(&tree);
        let cut = decode(bytes.get(..bytes.len() - 2).unwrap_or_default());
        assert_eq!(cut, tree[..2]);
    }
}
