//! The loaded collection: seeds by manifest position, their index, and the queries over them.
//! Seeds may arrive in any order and in batches; positions keep the manifest's order.
//!
//! A seed is parsed once to index it, then only its decoded text is kept (with its title,
//! facets, sort key and layout): the parsed tree is larger than the text, and memory is the
//! budget at ten thousand seeds. A listed seed's snippet and section links come from its word
//! stream and layout, reading only the blocks shown; the seed the reader opens is parsed again
//! (the last ones parsed are kept in a small cache).

use std::cell::RefCell;
use std::rc::Rc;

use crate::diagnostic::Diagnostic;
use crate::facet::{self, Facet, Filters};
use crate::index::{Field, Index};
use crate::lang;
use crate::layout::{self, Placed};
use crate::query::{Highlight, Marker, Query};
use crate::rank::Ranking;
use crate::render::{self, Entry, SafeHtml};
use crate::seed::{self, plain_text, Node, Origin, Seed, SeedKind};
use crate::snippet::{self, Piece, Role};
use crate::text;

/// Every seed the manifest lists, parsed as it arrives.
pub struct Corpus {
    names: Vec<String>,
    seeds: Vec<Option<Loaded>>,
    /// Which positions are loaded (what a search may find), apart for a search's quick scan.
    present: Vec<bool>,
    index: Index,
    /// Seeds parsed again to be shown, most recent last.
    cache: RefCell<Vec<(usize, Rc<Seed>)>>,
    /// Reused buffer for the pieces' text handed to the index.
    pieces: String,
    /// Every facet value the seeds have.
    values: facet::Values,
    /// Each seed's facet values, by position.
    facets: facet::Table,
    /// The words of the article rendered last, for its highlights.
    article_words: RefCell<Option<(usize, render::ArticleWords)>>,
    /// The language of seeds that name none (`set_language`).
    lang: String,
    /// The viewer's words in the HTML written.
    words: render::Words,
}

/// How many re-parsed seeds the cache keeps: the open seed and the one before (list items
/// never parse theirs).
const CACHE_SEEDS: usize = 2;
/// The cache keeps fewer seeds when their bytes add up to more than this (the newest stays).
const CACHE_BYTES: usize = 4 << 20;

/// A loaded seed: its decoded text and what listing, filtering and sorting need of it.
struct Loaded {
    text: Box<str>,
    title: Box<str>,
    layout: Box<[u8]>,
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

/// What a search found: positions ranked (read a page at a time), the words to highlight, and
/// facet counts.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Results {
    pub positions: Ranking,
    pub highlight: Highlight,
    pub facets: Vec<Facet>,
}

/// A searchable part's text: a string, inline nodes (one piece), or blocks (a piece each).
#[derive(Clone, Copy, Debug)]
pub enum Content<'a> {
    Text(&'a str),
    Inline(&'a [Node]),
    Blocks(&'a [Node]),
}

/// What of a seed is searched, in the order the index reads it, each part with its role and
/// field: the one list of searchable fields, which [`Corpus::add`] indexes and `xtask export`
/// hands to other engines. Title; section titles; summary and front-matter values; then the
/// bodies, introduction and conclusion.
pub fn searchable(seed: &Seed) -> Vec<(Role, Field, Content<'_>)> {
    let mut out = vec![(Role::Title, Field::Title, Content::Text(&seed.title))];
    for (i, section) in (0..).zip(&seed.sections) {
        out.push((
            Role::Heading(i),
            Field::Heading,
            Content::Inline(&section.title),
        ));
    }
    out.push((
        Role::Summary,
        Field::Summary,
        Content::Blocks(&seed.summary),
    ));
    for (_, value) in &seed.meta {
        out.push((Role::Meta, Field::Summary, Content::Text(value)));
    }
    for (i, section) in (0..).zip(&seed.sections) {
        out.push((Role::Body(i), Field::Body, Content::Blocks(&section.body)));
    }
    out.push((
        Role::Introduction,
        Field::Body,
        Content::Blocks(&seed.introduction),
    ));
    out.push((
        Role::Conclusion,
        Field::Body,
        Content::Blocks(&seed.conclusion),
    ));
    out
}

/// The text of a seed's blocks end to end, as the index takes it, with each block's field,
/// role, origin and range in `all`. A newline follows each, so no word spans two.
struct Pieces {
    all: String,
    placed: Vec<(Field, Role, Origin, usize, usize)>,
}

impl Pieces {
    fn text(&mut self, field: Field, role: Role, origin: Origin, text: &str) {
        let start = self.all.len();
        self.all.push_str(text);
        self.placed
            .push((field, role, origin, start, self.all.len()));
        self.all.push('\n');
    }

    fn nodes(&mut self, field: Field, role: Role, origin: Origin, nodes: &[Node]) {
        let start = self.all.len();
        plain_text(nodes, &mut self.all);
        self.placed
            .push((field, role, origin, start, self.all.len()));
        self.all.push('\n');
    }

    /// One piece per top-level block of `nodes`, with the origins the parser recorded.
    fn blocks(&mut self, field: Field, role: Role, nodes: &[Node], origins: &[Origin]) {
        for (i, node) in nodes.iter().enumerate() {
            let origin = origins.get(i).copied().unwrap_or_default();
            self.nodes(field, role, origin, std::slice::from_ref(node));
        }
    }
}

impl Corpus {
    /// An empty corpus for the manifest's entries, in manifest order.
    pub fn new(names: Vec<String>) -> Corpus {
        let seeds = names.iter().map(|_| None).collect();
        Corpus {
            present: vec![false; names.len()],
            names,
            seeds,
            index: Index::default(),
            cache: RefCell::default(),
            pieces: String::new(),
            values: facet::Values::default(),
            facets: facet::Table::default(),
            article_words: RefCell::default(),
            lang: lang::DEFAULT.to_owned(),
            words: render::Words::default(),
        }
    }

    /// The viewer's words for the HTML written from now on (its language's, or the host's).
    pub fn set_words(&mut self, words: render::Words) {
        self.words = words;
    }

    /// The viewer's language (a BCP 47 tag; its element's or page's `lang`): the language of
    /// the seeds added next that name none. Not a tag: English.
    pub fn set_language(&mut self, tag: &str) {
        self.lang = lang::primary(tag).unwrap_or_else(|| lang::DEFAULT.to_owned());
    }

    /// Stems the words still waiting for a stemmer (the engine calls it once the stemmers
    /// module has started); whether some still wait.
    pub fn stem_pending(&mut self) -> bool {
        self.index.stem_pending(true);
        self.index.has_pending_stems()
    }

    /// The languages of the seeds added, in the order they came.
    pub fn languages(&self) -> Vec<&str> {
        self.index.languages().collect()
    }

    /// Parses and indexes the seed at manifest `position` from its bytes, returning its
    /// diagnostics. A position outside the manifest or already loaded is ignored.
    pub fn add(&mut self, position: usize, bytes: &[u8]) -> Vec<Diagnostic> {
        let (Some(name), Some(None)) = (self.names.get(position), self.seeds.get(position)) else {
            return Vec::new();
        };
        let located = seed::parse_located(name, bytes);
        let (seed, origins) = (&located.seed, &located.origins);
        let mut pieces = Pieces {
            all: std::mem::take(&mut self.pieces),
            placed: Vec::new(),
        };
        pieces.all.clear();
        for (role, field, content) in searchable(seed) {
            let none: &[Origin] = &[];
            let from = match role {
                Role::Summary => origins.summary.as_slice(),
                Role::Body(i) => origins.bodies.get(i as usize).map_or(none, Vec::as_slice),
                Role::Introduction => origins.introduction.as_slice(),
                Role::Conclusion => origins.conclusion.as_slice(),
                _ => none,
            };
            match content {
                Content::Text(text) => pieces.text(field, role, Origin::None, text),
                Content::Inline(nodes) => {
                    let origin = match role {
                        Role::Heading(i) => origins.titles.get(i as usize).copied(),
                        _ => None,
                    };
                    pieces.nodes(field, role, origin.unwrap_or_default(), nodes);
                }
                Content::Blocks(nodes) => pieces.blocks(field, role, nodes, from),
            }
        }
        let texts: Vec<(Field, &str)> = pieces
            .placed
            .iter()
            .map(|&(field, _, _, s, e)| (field, pieces.all.get(s..e).unwrap_or_default()))
            .collect();
        let language = lang::of_seed(seed, &self.lang);
        self.index.set_language(&language);
        let counted = self.index.add(position as u32, &texts);
        self.index.stem_pending(false);
        let placed: Vec<Placed> = pieces
            .placed
            .iter()
            .zip(counted)
            .map(|(&(_, role, origin, _, _), (start, words))| Placed {
                piece: Piece { role, start, words },
                origin,
            })
            .collect();
        self.pieces = pieces.all;
        let loaded = Loaded {
            text: located.text.as_ref().into(),
            title: seed.title.as_str().into(),
            layout: layout::pack(&placed),
            sort_key: text::title_key(&seed.title).into(),
        };
        let facets = self
            .values
            .intern(facet::values_of(SeedKind::of(name), seed, &language));
        self.facets.set(position, &facets);
        if let Some(slot) = self.seeds.get_mut(position) {
            *slot = Some(loaded);
        }
        if let Some(present) = self.present.get_mut(position) {
            *present = true;
        }
        located.diagnostics
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
        let seed = Rc::new(seed::parse(name, loaded.text.as_bytes()).0);
        cache.push((position, Rc::clone(&seed)));
        let size = |p: usize| self.loaded_at(p).map_or(0, |l| l.text.len());
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
        self.pieces = String::new();
    }

    /// Bytes kept per kind: the seeds' text, their layouts, the index's word streams and its
    /// postings (a breakdown for `examples/load.rs`; allocator overhead not counted).
    pub fn sizes(&self) -> [(&'static str, usize); 4] {
        let loaded = self.seeds.iter().flatten();
        let text = loaded.clone().map(|l| l.text.len()).sum();
        let layouts = loaded.map(|l| l.layout.len()).sum();
        let (streams, postings) = self.index.sizes();
        [
            ("text", text),
            ("layouts", layouts),
            ("word streams", streams),
            ("postings", postings),
        ]
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
        .all()
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
        let (mut positions, highlight) = if request.query.is_empty() {
            let all = (0u32..).zip(&self.present).filter(|(_, &here)| here);
            (Ranking::in_order(all.map(|(p, _)| p)), Highlight::default())
        } else {
            request.query.search(&self.index, &self.present)
        };
        let facets = facet::count(
            positions.items().map(|p| self.facets.of(p as usize)),
            &self.values,
            &request.filters,
        );
        if !request.filters.is_empty() {
            let accept = facet::Accept::new(&self.values, &request.filters);
            positions.retain(|p| accept.accepts(self.facets.of(p as usize)));
        }
        if request.sort == Sort::Title {
            let mut by_title: Vec<u32> = positions.items().collect();
            let key = |p: u32| self.loaded_at(p as usize).map_or("", |l| &*l.sort_key);
            crate::rank::sort_ids(&mut by_title, &key);
            positions = Ranking::in_order(by_title.into_iter());
        }
        Results {
            positions,
            highlight,
            facets,
        }
    }

    /// List items for the given positions (unknown or unloaded ones are skipped), one string
    /// each. Each costs a pass over the seed's word stream and the reading of the blocks shown,
    /// never a parse of the seed.
    pub fn items_html(&self, positions: &[u32], highlight: &Highlight) -> Vec<SafeHtml> {
        let marker = Marker::new(&self.index, highlight);
        let mut out = Vec::with_capacity(positions.len());
        let mut block = String::new();
        for &position in positions {
            let p = position as usize;
            let (Some(name), Some(loaded)) = (self.name(p), self.loaded_at(p)) else {
                continue;
            };
            let kind = SeedKind::of(name);
            let placed = layout::unpack(&loaded.layout);
            let pieces: Vec<Piece> = placed.iter().map(|p| p.piece).collect();
            let choice = snippet::choose(
                self.index.words_of(position),
                &pieces,
                |word| highlight.clause(word),
                highlight.is_empty(),
            );
            block.clear();
            let mut at = 0;
            if let Some((i, first)) = choice.snippet {
                if let Some(p) = placed.get(i) {
                    seed::block_text(kind, &loaded.text, p.origin, &mut block);
                    at = text::words(&block)
                        .nth(first as usize)
                        .map_or(0, |(s, _)| s);
                }
            }
            let sections = choice
                .sections
                .iter()
                .map(|&s| {
                    let mut title = String::new();
                    let heading = placed.iter().find(|p| p.piece.role == Role::Heading(s));
                    if let Some(h) = heading {
                        seed::block_text(kind, &loaded.text, h.origin, &mut title);
                    }
                    (s + 1, title)
                })
                .collect();
            let entry = Entry {
                name,
                position,
                title: &loaded.title,
                snippet: snippet::window(&block, at),
                sections,
            };
            out.push(render::item(&entry, &marker, &self.words));
        }
        out
    }

    /// The facet filters of a search's results.
    pub fn facets_html(&self, results: &Results, filters: &Filters) -> SafeHtml {
        render::facets(&results.facets, filters)
    }

    /// The article of the seed at `position` (no highlights: see [`Corpus::article_marks`]),
    /// or `None` if it is not loaded.
    pub fn article_html(&self, position: usize) -> Option<SafeHtml> {
        let name = self.name(position)?;
        let seed = self.seed(position)?;
        let id_of = |folded: &str| self.index.id(folded);
        let (html, words) = render::article(name, SeedKind::of(name), &seed, &id_of, &self.words);
        *self.article_words.borrow_mut() = Some((position, words));
        Some(html)
    }

    /// The text ranges of the article at `position` that `highlight` marks (start and end in
    /// UTF-16 units of its text, two numbers a match): from the words kept when it was last
    /// rendered, so typing with an article open never renders it again.
    pub fn article_marks(&self, position: usize, highlight: &Highlight) -> Vec<u32> {
        let kept = matches!(&*self.article_words.borrow(), Some((p, _)) if *p == position);
        if !kept && self.article_html(position).is_none() {
            return Vec::new();
        }
        match &*self.article_words.borrow() {
            Some((_, words)) => render::marks(words, highlight),
            None => Vec::new(),
        }
    }
}
