//! The loaded collection: seeds by manifest position, their index, and the queries over them.
//! Seeds may arrive in any order and in batches; positions keep the manifest's order.

use crate::diagnostic::Diagnostic;
use crate::index::{Field, Index};
use crate::query::Query;
use crate::render::{self, Entry, SafeHtml};
use crate::seed::{self, plain_text, Seed, SeedKind};

/// Every seed the manifest lists, parsed as it arrives.
pub struct Corpus {
    names: Vec<String>,
    seeds: Vec<Option<Seed>>,
    index: Index,
}

impl Corpus {
    /// An empty corpus for the manifest's entries, in manifest order.
    pub fn new(names: Vec<String>) -> Corpus {
        let seeds = names.iter().map(|_| None).collect();
        Corpus {
            names,
            seeds,
            index: Index::default(),
        }
    }

    /// Parses and indexes the seed at manifest `position` from its bytes, returning its
    /// diagnostics. A position outside the manifest or already loaded is ignored.
    pub fn add(&mut self, position: usize, bytes: &[u8]) -> Vec<Diagnostic> {
        let (Some(name), Some(slot @ None)) =
            (self.names.get(position), self.seeds.get_mut(position))
        else {
            return Vec::new();
        };
        let (seed, diagnostics) = seed::parse(name, bytes);
        let mut headings = String::new();
        let mut summary = String::new();
        let mut body = String::new();
        for section in &seed.sections {
            plain_text(&section.title, &mut headings);
            headings.push('\n');
            plain_text(&section.body, &mut body);
        }
        plain_text(&seed.summary, &mut summary);
        for (_, value) in &seed.meta {
            summary.push('\n');
            summary.push_str(value);
        }
        plain_text(&seed.introduction, &mut body);
        plain_text(&seed.conclusion, &mut body);
        let fields = [
            (Field::Title, seed.title.as_str()),
            (Field::Heading, headings.as_str()),
            (Field::Summary, summary.as_str()),
            (Field::Body, body.as_str()),
        ];
        self.index.add(position as u32, &fields);
        *slot = Some(seed);
        diagnostics
    }

    /// How many entries the manifest lists.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// How many seeds have been added.
    pub fn loaded(&self) -> usize {
        self.index.documents()
    }

    pub fn name(&self, position: usize) -> Option<&str> {
        self.names.get(position).map(String::as_str)
    }

    pub fn seed(&self, position: usize) -> Option<&Seed> {
        self.seeds.get(position).and_then(Option::as_ref)
    }

    /// Positions of the loaded seeds matching `query`, best first; for an empty query, every
    /// loaded seed in manifest order.
    pub fn search(&self, query: &Query) -> Vec<u32> {
        if query.is_empty() {
            return (0..self.seeds.len())
                .filter(|&p| self.seeds.get(p).is_some_and(Option::is_some))
                .map(|p| p as u32)
                .collect();
        }
        query
            .search(&self.index)
            .into_iter()
            .map(|hit| hit.doc)
            .collect()
    }

    /// List items for the given positions (unknown or unloaded ones are skipped).
    pub fn items_html(&self, positions: &[u32], query: &Query) -> SafeHtml {
        let entries = positions.iter().filter_map(|&p| {
            let position = p as usize;
            Some(Entry {
                name: self.name(position)?,
                position: p,
                seed: self.seed(position)?,
            })
        });
        render::items(entries, query)
    }

    /// The article of the seed at `position`, or `None` if it is not loaded.
    pub fn article_html(&self, position: usize, query: &Query) -> Option<SafeHtml> {
        let name = self.name(position)?;
        let seed = self.seed(position)?;
        Some(render::article(name, SeedKind::of(name), seed, query))
    }
}
