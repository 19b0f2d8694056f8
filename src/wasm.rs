//! The boundary: the only module that knows about JavaScript. It exposes one class, `Viewer`,
//! with a few coarse calls: a batch of seeds in, one query in, HTML strings and small arrays out.
//!
//! Invariant: nothing here panics on input. Positions and ranges from JS are checked; bad ones
//! are ignored or clamped.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;

use crate::corpus::Corpus;
use crate::diagnostic::Diagnostic;
use crate::query::Query;

/// A corpus in the page: created from the manifest's names, fed batches of fetched bytes.
#[wasm_bindgen]
pub struct Viewer {
    corpus: Corpus,
    query: Query,
    hits: Vec<u32>,
}

#[wasm_bindgen]
impl Viewer {
    /// A viewer for the manifest's entries, in manifest order.
    #[wasm_bindgen(constructor)]
    pub fn new(names: Vec<String>) -> Viewer {
        Viewer {
            corpus: Corpus::new(names),
            query: Query::default(),
            hits: Vec::new(),
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
            for diagnostic in self.corpus.add(position as usize, bytes) {
                out.push(&to_js(&diagnostic));
            }
            start = end;
        }
        out
    }

    /// Runs `query` and remembers its hits for `items_html` and `article_html`; returns how
    /// many seeds are listed.
    pub fn search(&mut self, query: &str) -> u32 {
        self.query = Query::parse(query);
        self.hits = self.corpus.search(&self.query);
        self.hits.len() as u32
    }

    /// List items for hits `start..end` of the last search (clamped to the hits there are).
    pub fn items_html(&self, start: u32, end: u32) -> String {
        let end = (end as usize).min(self.hits.len());
        let start = (start as usize).min(end);
        let page = self.hits.get(start..end).unwrap_or_default();
        self.corpus.items_html(page, &self.query).into_string()
    }

    /// The article for the seed at manifest `position`, highlighted for the last search; an
    /// empty string when that seed is not loaded.
    pub fn article_html(&self, position: u32) -> String {
        self.corpus
            .article_html(position as usize, &self.query)
            .map(|html| html.into_string())
            .unwrap_or_default()
    }

    /// How many seeds have been added so far.
    #[wasm_bindgen(getter)]
    pub fn loaded(&self) -> u32 {
        self.corpus.loaded() as u32
    }
}

fn to_js(diagnostic: &Diagnostic) -> JsValue {
    let object = Object::new();
    let _ = Reflect::set(&object, &"file".into(), &diagnostic.file.as_str().into());
    let _ = Reflect::set(&object, &"line".into(), &(diagnostic.line as f64).into());
    let _ = Reflect::set(&object, &"message".into(), &diagnostic.message().into());
    object.into()
}
