//! The loaded collection: seeds by manifest position, their index, and the queries over them.
//! Seeds may arrive in any order and in batches; positions keep the manifest's order.
//!
//! A seed is parsed once to index it, then only its raw bytes are kept (with its title, facets
//! and sort key): the parsed tree is larger than the text, and memory is the budget at ten
//! thousand seeds. The few seeds a page of results or the reader shows are parsed again, and
//! the last ones parsed are kept in a small cache.

use std::cell::RefCell;
use std::rc::Rc;

use crate::diagnostic::Diagnostic;
use crate::facet::{self, Facet, Filters};
use crate::index::{Field, Index};
use crate::query::{Highlight, Query};
use crate::render::{self, Entry, SafeHtml};
use crate::seed::{self, plain_text, Seed, SeedKind};
use crate::text;

/// Every seed the manifest lists, parsed as it arrives.
pub struct Corpus {
    names: Vec<String>,
    seeds: Vec<Option<Loaded>>,
    index: Index,
    /// Seeds parsed again to be shown, most recent last.
    cache: RefCell<Vec<(usize, Rc<Seed>)>>,
    /// Reused buffers for the fields handed to the index.
    fields: [String; 3],
}

/// How many re-parsed seeds the cache keeps: a page of results and the open seed.
const CACHE_SEEDS: usize = 24;
/// The cache keeps fewer seeds when their bytes add up to more than this (the newest stays).
const CACHE_BYTES: usize = 4 << 20;

/// A loaded seed: its raw bytes and what filtering and sorting need of it.
struct Loaded {
    bytes: Box<[u8]>,
    facets: Vec<(String, String)>,
    /// The folded title, for sorting by title.
    sort_key: Box<str>,
}

/// How results are ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sort {
    /// Best match first; manifest order for an empty query.
    #[default]
    Relevance,
    /// By title, ignoring case, accents and punctuation; then manifest order.
    Title,
}

impl Sort {
    /// `"title"` sorts by title; anything else by relevance.
    pub fn parse(s: &str) -> Sort {
        if s == "title" {
            Sort::Title
        } else {
            Sort::Relevance
        }
    }
}

/// A search: the query, the selected facet values and the order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Request {
    pub query: Query,
    pub filters: Filters,
    pub sort: Sort,
}

/// What a search found: positions in order, the words to highlight, and facet counts.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Results {
    pub positions: Vec<u32>,
    pub highlight: Highlight,
    pub facets: Vec<Facet>,
}

impl Corpus {
    /// An empty corpus for the manifest's entries, in manifest order.
    pub fn new(names: Vec<String>) -> Corpus {
        let seeds = names.iter().map(|_| None).collect();
        Corpus {
            names,
            seeds,
            index: Index::default(),
            cache: RefCell::default(),
            fields: Default::default(),
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
        let [headings, summary, body] = &mut self.fields;
        for buffer in [&mut *headings, &mut *summary, &mut *body] {
            buffer.clear();
        }
        for section in &seed.sections {
            plain_text(&section.title, headings);
            headings.push('\n');
            plain_text(&section.body, body);
        }
        plain_text(&seed.summary, summary);
        for (_, value) in &seed.meta {
            summary.push('\n');
            summary.push_str(value);
        }
        plain_text(&seed.introduction, body);
        plain_text(&seed.conclusion, body);
        let fields = [
            (Field::Title, seed.title.as_str()),
            (Field::Heading, headings.as_str()),
            (Field::Summary, summary.as_str()),
            (Field::Body, body.as_str()),
        ];
        self.index.add(position as u32, &fields);
        *slot = Some(Loaded {
            bytes: bytes.into(),
            facets: facet::values_of(SeedKind::of(name), &seed),
            sort_key: text::title_key(&seed.title).into(),
        });
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

    /// The manifest's entries, in order.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    pub fn name(&self, position: usize) -> Option<&str> {
        self.names.get(position).map(String::as_str)
    }

    /// The parsed seed at `position` (parsed again from its bytes, or from the cache).
    pub fn seed(&self, position: usize) -> Option<Rc<Seed>> {
        let loaded = self.loaded_at(position)?;
        let mut cache = self.cache.borrow_mut();
        if let Some(at) = cache.iter().position(|(p, _)| *p == position) {
            let entry = cache.remove(at);
            let seed = Rc::clone(&entry.1);
            cache.push(entry);
            return Some(seed);
        }
        let name = self.name(position)?;
        let seed = Rc::new(seed::parse(name, &loaded.bytes).0);
        cache.push((position, Rc::clone(&seed)));
        let size = |p: usize| self.loaded_at(p).map_or(0, |l| l.bytes.len());
        while cache.len() > CACHE_SEEDS
            || (cache.len() > 1 && cache.iter().map(|(p, _)| size(*p)).sum::<usize>() > CACHE_BYTES)
        {
            cache.remove(0);
        }
        Some(seed)
    }

    fn loaded_at(&self, position: usize) -> Option<&Loaded> {
        self.seeds.get(position).and_then(Option::as_ref)
    }

    /// Frees spare capacity once every seed is in (the index grows by doubling while loading).
    pub fn finish(&mut self) {
        self.index.shrink();
        for buffer in &mut self.fields {
            *buffer = String::new();
        }
    }

    /// How many distinct words are indexed.
    pub fn words(&self) -> usize {
        self.index.words()
    }

    /// Positions of the loaded seeds matching `query`, best first; for an empty query, every
    /// loaded seed in manifest order.
    pub fn search(&self, query: &Query) -> Vec<u32> {
        self.find(&Request {
            query: query.clone(),
            ..Request::default()
        })
        .positions
    }

    /// The words `query` matches in this corpus, for highlighting.
    pub fn highlight(&self, query: &Query) -> Highlight {
        self.find(&Request {
            query: query.clone(),
            ..Request::default()
        })
        .highlight
    }

    /// Runs a search: the matching seeds that pass the filters, in the requested order, with
    /// the words to highlight and the facet counts over the query's matches.
    pub fn find(&self, request: &Request) -> Results {
        let loaded: Vec<bool> = self.seeds.iter().map(Option::is_some).collect();
        let (mut positions, highlight): (Vec<u32>, Highlight) = if request.query.is_empty() {
            let all = (0..self.seeds.len()).filter(|&p| loaded.get(p) == Some(&true));
            (all.map(|p| p as u32).collect(), Highlight::default())
        } else {
            let (hits, highlight) = request.query.search(&self.index, &loaded);
            (hits.into_iter().map(|h| h.doc).collect(), highlight)
        };
        let facets = facet::count(
            positions
                .iter()
                .filter_map(|&p| self.loaded_at(p as usize))
                .map(|l| l.facets.as_slice()),
            &request.filters,
        );
        if !request.filters.is_empty() {
            positions.retain(|&p| {
                self.loaded_at(p as usize)
                    .is_some_and(|l| request.filters.accepts(&l.facets, None))
            });
        }
        if request.sort == Sort::Title {
            positions.sort_by(|&a, &b| {
                let key = |p: u32| self.loaded_at(p as usize).map(|l| &*l.sort_key);
                key(a).cmp(&key(b)).then(a.cmp(&b))
            });
        }
        Results {
            positions,
            highlight,
            facets,
        }
    }

    /// List items for the given positions (unknown or unloaded ones are skipped).
    pub fn items_html(&self, positions: &[u32], highlight: &Highlight) -> SafeHtml {
        let seeds: Vec<(u32, &str, Rc<Seed>)> = positions
            .iter()
            .filter_map(|&p| Some((p, self.name(p as usize)?, self.seed(p as usize)?)))
            .collect();
        let entries = seeds.iter().map(|(position, name, seed)| Entry {
            name,
            position: *position,
            seed,
        });
        render::items(entries, highlight)
    }

    /// The facet filters of a search's results.
    pub fn facets_html(&self, results: &Results, filters: &Filters) -> SafeHtml {
        render::facets(&results.facets, filters)
    }

    /// The article of the seed at `position`, or `None` if it is not loaded.
    pub fn article_html(&self, position: usize, highlight: &Highlight) -> Option<SafeHtml> {
        let name = self.name(position)?;
        let seed = self.seed(position)?;
        Some(render::article(name, SeedKind::of(name), &seed, highlight))
    }
}
