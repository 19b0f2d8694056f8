//! The boundary: the only module that knows about JavaScript. It exposes one class, `Viewer`:
//! a load (Rust fetches and parses the seeds, see `load`), a poll that JS calls when the load's
//! task asks for one (see `task`), one search in, HTML strings and small arrays out, and
//! coarse messages posted back through the function JS gave it.
//!
//! Invariant: nothing here panics on input. Positions and ranges from JS are checked; bad ones
//! are ignored or clamped.

mod load;
pub mod modules;
mod task;

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::atomic::{AtomicU32, Ordering};

use js_sys::{Array, Function};
use wasm_bindgen::prelude::*;
use web_sys::AbortSignal;

use crate::corpus::{Request, Results, Sort};
use crate::diagnostic::Diagnostic;
use crate::facet::Filters;
use crate::load::Session;
use crate::query::Query;
use crate::render::SafeHtml;
use load::{now, object, Timings};

/// One plus the position of the seed being parsed, 0 when none: JS reads it from wasm memory
/// after a trap (`parsing_address`), when no call into the instance can be trusted, to skip that
/// seed in the next engine.
static PARSING: AtomicU32 = AtomicU32::new(0);

fn record_parsing(position: Option<usize>) {
    PARSING.store(position.map_or(0, |p| p as u32 + 1), Ordering::Relaxed);
}

/// What a viewer's load task and its calls share.
pub struct Shared {
    session: RefCell<Session>,
    post: Function,
    timings: Cell<Timings>,
    /// The URLs of the entries, for retry.
    urls: RefCell<Vec<Option<String>>>,
    /// The viewer's words: the load's, then whatever `set_words` gave (a session made later
    /// in the load takes them).
    words: RefCell<crate::render::Words>,
}

impl Shared {
    /// Updates the load's timings.
    fn time(&self, update: impl FnOnce(&mut Timings)) {
        let mut timings = self.timings.get();
        update(&mut timings);
        self.timings.set(timings);
    }

    fn replace(&self, session: Session) {
        *self.session.borrow_mut() = session;
    }

    fn post(&self, message: JsValue) {
        let _ = self.post.call1(&JsValue::NULL, &message);
    }

    fn post_manifest(&self, urls: &[Option<String>]) {
        *self.urls.borrow_mut() = urls.to_vec();
        let session = self.session.borrow();
        let names: Array = session
            .names()
            .iter()
            .map(|n| JsValue::from_str(n))
            .collect();
        let hrefs: Array = urls
            .iter()
            .map(|u| u.as_deref().map_or(JsValue::NULL, JsValue::from_str))
            .collect();
        self.post(object(&[
            ("type", "manifest".into()),
            ("names", names.into()),
            ("urls", hrefs.into()),
        ]));
    }

    fn post_progress(&self, added: bool) {
        let session = self.session.borrow();
        self.post(object(&[
            ("type", "progress".into()),
            ("done", (session.settled() as f64).into()),
            ("total", (session.names().len() as f64).into()),
            ("added", added.into()),
            ("loaded", (session.corpus().loaded() as f64).into()),
        ]));
    }

    fn post_loaded(&self) {
        let session = self.session.borrow();
        let diagnostics: Array = session.diagnostics().iter().map(to_js).collect();
        self.post(object(&[
            ("type", "loaded".into()),
            ("seeds", (session.corpus().loaded() as f64).into()),
            ("diagnostics", diagnostics.into()),
            ("failed", (session.retryable_failures() as f64).into()),
        ]));
    }
}

/// Pairs from a flat field, value, field, value… list (an odd last one is ignored).
fn filter_pairs(flat: &[String]) -> Vec<(&str, &str)> {
    flat.chunks_exact(2)
        .filter_map(|pair| Some((pair.first()?.as_str(), pair.get(1)?.as_str())))
        .collect()
}

/// A corpus in the page: loaded by Rust, searched and rendered on request.
#[wasm_bindgen]
pub struct Viewer {
    shared: Rc<Shared>,
    task: task::Task,
    request: Request,
    results: Results,
}

#[wasm_bindgen]
impl Viewer {
    /// A viewer that posts its messages (`manifest`, `progress`, `loaded`) to `post` and asks
    /// for polls through `schedule`, which must queue a call to `poll` (never call it at once);
    /// `modules` starts and asks the optional modules (see `wasm/modules.rs`).
    #[wasm_bindgen(constructor)]
    pub fn new(post: Function, schedule: Function, modules: modules::Modules) -> Viewer {
        task::set_schedule(schedule);
        modules::set_host(modules);
        Viewer {
            shared: Rc::new(Shared {
                session: RefCell::new(Session::new(Vec::new(), "", Default::default(), Vec::new())),
                post,
                timings: Cell::default(),
                urls: RefCell::default(),
                words: RefCell::default(),
            }),
            task: task::Task::default(),
            request: Request::default(),
            results: Results::default(),
        }
    }

    /// Loads a corpus: `request` is `{src, label}` (a manifest URL, and the `src` as written),
    /// `{names, urls}` (the element's links) or `{names, pack}` (a pack in memory), with
    /// optional `limits {maxSeedBytes, maxSeeds, timeoutMs}`, `skip` (names never to parse) and
    /// `restarted` (why the previous engine stopped). `signal` cancels it. A new load replaces
    /// the current one.
    pub fn load(&self, request: JsValue, signal: AbortSignal) {
        *self.shared.words.borrow_mut() = load::words(&load::get(&request, "words"));
        self.task
            .start(load::load(Rc::clone(&self.shared), request, signal));
    }

    /// The viewer's words in the HTML written from now on (`{contents, conclusion, …}`, see
    /// `load::words`); a load takes them from its request too.
    pub fn set_words(&self, words: JsValue) {
        let words = load::words(&words);
        if let Ok(mut session) = self.shared.session.try_borrow_mut() {
            session.set_words(words.clone());
        }
        *self.shared.words.borrow_mut() = words;
    }

    /// Fetches again the seeds that failed for a reason a retry may cure.
    pub fn retry(&self, signal: AbortSignal) {
        let urls = self.shared.urls.borrow().clone();
        self.task
            .start(load::retry(Rc::clone(&self.shared), urls, signal));
    }

    /// Runs the load's task until it waits again (JS calls this when `schedule` asked).
    pub fn poll(&self) {
        self.task.poll();
    }

    /// Where the parsing record lives in wasm memory (a little-endian u32: one plus the
    /// position being parsed, 0 when none).
    pub fn parsing_address() -> u32 {
        std::ptr::addr_of!(PARSING) as u32
    }

    /// Runs a search and remembers its results for `items_html`, `facets_html` and
    /// `article_html`; returns how many seeds are listed. `filters` are the selected values as
    /// field, value, field, value… (the protocol's pairs, flattened); `sort` is `"relevance"`
    /// or `"title"`.
    pub fn search(&mut self, query: &str, filters: Vec<String>, sort: &str) -> u32 {
        test_trap(query.as_bytes());
        self.request = Request {
            query: Query::parse(query),
            filters: Filters::of(&filter_pairs(&filters)),
            sort: Sort::parse(sort),
        };
        let Ok(session) = self.shared.session.try_borrow() else {
            return 0;
        };
        self.results = session.corpus().find(&self.request);
        self.results.positions.len() as u32
    }

    /// List items for results `start..end` of the last search (clamped to the results there
    /// are), one HTML string per item.
    pub fn items_html(&mut self, start: u32, end: u32) -> Vec<String> {
        let page = self.results.positions.page(start as usize, end as usize);
        let Ok(session) = self.shared.session.try_borrow() else {
            return Vec::new();
        };
        session
            .corpus()
            .items_html(&page, &self.results.highlight)
            .into_iter()
            .map(SafeHtml::into_string)
            .collect()
    }

    /// The facet filters for the last search, with counts.
    pub fn facets_html(&self) -> String {
        let Ok(session) = self.shared.session.try_borrow() else {
            return String::new();
        };
        session
            .corpus()
            .facets_html(&self.results, &self.request.filters)
            .into_string()
    }

    /// The article for the seed at manifest `position`, without highlights (`article_marks`);
    /// an empty string when that seed is not loaded.
    pub fn article_html(&self, position: u32) -> String {
        let Ok(session) = self.shared.session.try_borrow() else {
            return String::new();
        };
        session
            .corpus()
            .article_html(position as usize)
            .map(|html| html.into_string())
            .unwrap_or_default()
    }

    /// What the last search highlights in the article at `position`: start and end offsets in
    /// UTF-16 units of the article's text, two numbers a match, in order.
    pub fn article_marks(&self, position: u32) -> Vec<u32> {
        let Ok(session) = self.shared.session.try_borrow() else {
            return Vec::new();
        };
        session
            .corpus()
            .article_marks(position as usize, &self.results.highlight)
    }

    /// How many seeds have been added so far.
    #[wasm_bindgen(getter)]
    pub fn loaded(&self) -> u32 {
        self.shared
            .session
            .try_borrow()
            .map_or(0, |s| s.corpus().loaded() as u32)
    }

    /// How many distinct words are indexed.
    #[wasm_bindgen(getter)]
    pub fn words(&self) -> u32 {
        self.shared
            .session
            .try_borrow()
            .map_or(0, |s| s.corpus().words() as u32)
    }

    /// The last load's figures: `{bytes, parseMs, fetchMs, totalMs}` (seed bytes parsed, time
    /// inside parsing and indexing, from the start to the last byte and to the end).
    pub fn load_stats(&self) -> JsValue {
        let t = self.shared.timings.get();
        let bytes = self
            .shared
            .session
            .try_borrow()
            .map_or(0, |s| s.parsed_bytes());
        let since = |at: f64| {
            if at > 0.0 {
                at - t.started
            } else {
                now() - t.started
            }
        };
        object(&[
            ("bytes", (bytes as f64).into()),
            ("parseMs", t.parse_ms.into()),
            ("fetchMs", since(t.last_byte).into()),
            ("totalMs", since(t.finished).into()),
        ])
    }
}

impl Drop for Viewer {
    /// The task holds the shared state: drop it first, or neither would ever be freed.
    fn drop(&mut self) {
        self.task.cancel();
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
    object(&[
        ("file", diagnostic.file.as_str().into()),
        ("line", (diagnostic.line as f64).into()),
        ("code", diagnostic.kind.code().into()),
        ("message", diagnostic.message().into()),
        ("retry", diagnostic.kind.retryable().into()),
    ])
}
