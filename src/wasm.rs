//! The boundary: the only module that knows about JavaScript. It exposes one class, `Viewer`,
//! with a few coarse calls: a batch of seeds in, one search in, HTML strings and small arrays out.
//!
//! Invariant: nothing here panics on input. Positions and ranges from JS are checked; bad ones
//! are ignored or clamped.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;

use crate::corpus::{Corpus, Request, Results, Sort};
use crate::diagnostic::Diagnostic;
use crate::facet::Filters;
use crate::query::Query;

/// A corpus in the page: created from the manifest's names, fed batches of fetched bytes.
#[wasm_bindgen]
pub struct Viewer {
    corpus: Corpus,
    request: Request,
    results: Results,
}

#[wasm_bindgen]
impl Viewer {
    /// A viewer for the manifest's entries, in manifest order.
    #[wasm_bindgen(constructor)]
    pub fn new(names: Vec<String>) -> Viewer {
        Viewer {
            corpus: Corpus::new(names),
            request: Request::default(),
            results: Results::default(),
        }
    }

    /// Parses and indexes a batch: seed `positions[i]` has the bytes
    /// `data[ends[i - 1]..ends[i]]` (from 0 for the first). Returns the batch's diagnostics as
    /// `[{file, line, message}]`. Call `search` again afterwards to list the new seeds.
    pub fn add(&mut self, positions: &[u32], data: &[u8], ends: &[u32]) -> Array {
        let out = Array::new();
        let mut start = 0usize;
        for (&position, &end) in positions.iter().zip(ends) {
            let end = (end as usize).clamp(start, data.len());
            let bytes = data.get(start..end).unwrap_or_default();
            test_trap(bytes);
            for diagnostic in self.corpus.add(position as usize, bytes) {
                out.push(&to_js(&diagnostic));
            }
            start = end;
        }
        out
    }

    /// Every seed is in: frees the spare memory loading left.
    pub fn finish(&mut self) {
        self.corpus.finish();
    }

    /// Runs a search and remembers its results for `items_html`, `facets_html` and
    /// `article_html`; returns how many seeds are listed. `filters` are `field=value` strings;
    /// `sort` is `"relevance"` or `"title"`.
    pub fn search(&mut self, query: &str, filters: Vec<String>, sort: &str) -> u32 {
        test_trap(query.as_bytes());
        self.request = Request {
            query: Query::parse(query),
            filters: Filters::parse(&filters),
            sort: Sort::parse(sort),
        };
        self.results = self.corpus.find(&self.request);
        self.results.positions.len() as u32
    }

    /// List items for results `start..end` of the last search (clamped to the results there are).
    pub fn items_html(&self, start: u32, end: u32) -> String {
        let positions = &self.results.positions;
        let end = (end as usize).min(positions.len());
        let start = (start as usize).min(end);
        let page = positions.get(start..end).unwrap_or_default();
        self.corpus
            .items_html(page, &self.results.highlight)
            .into_string()
    }

    /// The facet filters for the last search, with counts.
    pub fn facets_html(&self) -> String {
        self.corpus
            .facets_html(&self.results, &self.request.filters)
            .into_string()
    }

    /// The article for the seed at manifest `position`, highlighted for the last search; an
    /// empty string when that seed is not loaded.
    pub fn article_html(&self, position: u32) -> String {
        self.corpus
            .article_html(position as usize, &self.results.highlight)
            .map(|html| html.into_string())
            .unwrap_or_default()
    }

    /// How many seeds have been added so far.
    #[wasm_bindgen(getter)]
    pub fn loaded(&self) -> u32 {
        self.corpus.loaded() as u32
    }

    /// How many distinct words are indexed.
    #[wasm_bindgen(getter)]
    pub fn words(&self) -> u32 {
        self.corpus.words() as u32
    }
}

/// Test-only (feature `test-trap`): a seed or a query starting with `__trap__` panics, which
/// aborts into a wasm trap as a bug would, so the browser tests can check that a viewer
/// recovers. Compiled out of every shipped build.
#[cfg(feature = "test-trap")]
#[allow(clippy::panic)]
fn test_trap(bytes: &[u8]) {
    if bytes.starts_with(b"__trap__") {
        panic!("test-trap: a deliberate panic");
    }
}

#[cfg(not(feature = "test-trap"))]
#[inline(always)]
fn test_trap(_: &[u8]) {}

fn to_js(diagnostic: &Diagnostic) -> JsValue {
    let object = Object::new();
    let _ = Reflect::set(&object, &"file".into(), &diagnostic.file.as_str().into());
    let _ = Reflect::set(&object, &"line".into(), &(diagnostic.line as f64).into());
    let _ = Reflect::set(&object, &"message".into(), &diagnostic.message().into());
    object.into()
}
