//! Fetching and streaming the seeds with web-sys: the manifest, then the pack (gzip through the
//! platform's `DecompressionStream` where the manifest offers one), then whatever the pack did
//! not hold, one request per seed, six at a time, each within the time and size limits. Every
//! seed is parsed as soon as its last byte has arrived; every outcome goes to the core's
//! [`Session`], which decides what it means. The load's `AbortSignal` (from JS) cancels it all.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::Poll;

use js_sys::{Array, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AbortSignal, ReadableStream, ReadableStreamDefaultReader, Request, RequestInit, Response, Url,
};

use super::modules::{self, Module};
use super::task;
use super::Shared;
use crate::diagnostic::DiagnosticKind;
use crate::lang;
use crate::load::{Limits, Session};
use crate::pack::{self, Entry};
use crate::render::Words;
use crate::seed::SeedKind;

/// Seeds fetched at once when there is no pack.
const CONCURRENCY: usize = 6;
/// Progress goes to the page at most this often, plus a quarter of the time the load has run:
/// each report makes the element search, which a long load should not spend its time on.
const PROGRESS_MS: f64 = 100.0;
/// A pack streaming from a fast server never waits, so the load yields to the event loop
/// after this much work: the element's searches are answered while loading, and the first
/// list appears before the last seed is in.
const YIELD_MS: f64 = 50.0;
/// An in-memory pack is read in slices this large, one task each.
const SLICE_BYTES: usize = 256 * 1024;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = fetch)]
    fn fetch_request(request: &Request) -> Promise;
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    pub fn now() -> f64;
    #[wasm_bindgen(js_name = DecompressionStream)]
    type Decompression;
    #[wasm_bindgen(constructor, js_class = DecompressionStream, catch)]
    fn new(format: &str) -> Result<Decompression, JsValue>;
}

/// Where the seeds come from, as the engine's `load` message says.
enum Source {
    /// A manifest URL; `label` is the `src` as written, which manifest problems name.
    Manifest {
        src: String,
    },
    /// The element's own links: names and their absolute URLs (null when refused).
    Links {
        names: Vec<String>,
        urls: Vec<Option<String>>,
    },
    /// A packed corpus already in memory (the single-file build), copied into wasm a slice at
    /// a time as it is read.
    Memory {
        names: Vec<String>,
        pack: Uint8Array,
    },
    Nothing,
}

/// Timings of the last load, for `stats()` and the bench.
#[derive(Clone, Copy, Default)]
pub struct Timings {
    pub started: f64,
    pub parse_ms: f64,
    pub last_byte: f64,
    pub finished: f64,
}

pub fn get(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn strings(value: &JsValue) -> Vec<String> {
    Array::from(value)
        .iter()
        .filter_map(|v| v.as_string())
        .collect()
}

/// A JS error's message (`TypeError: Failed to fetch` → `Failed to fetch`).
fn reason(error: &JsValue) -> String {
    get(error, "message")
        .as_string()
        .or_else(|| error.as_string())
        .filter(|m| !m.is_empty())
        .unwrap_or_else(|| "the request failed".to_owned())
}

/// The viewer's words from the element's strings (`{contents, conclusion, bestSections, image,
/// taskDone, taskToDo}`); English for any missing.
pub fn words(given: &JsValue) -> Words {
    let mut words = Words::default();
    for (key, slot) in [
        ("contents", &mut words.contents),
        ("conclusion", &mut words.conclusion),
        ("bestSections", &mut words.best_sections),
        ("image", &mut words.image),
        ("taskDone", &mut words.task_done),
        ("taskToDo", &mut words.task_to_do),
    ] {
        if let Some(word) = get(given, key).as_string().filter(|w| !w.trim().is_empty()) {
            *slot = word;
        }
    }
    words
}

fn limits(request: &JsValue) -> Limits {
    let given = get(request, "limits");
    let mut limits = Limits::default();
    let number = |key: &str| {
        get(&given, key)
            .as_f64()
            .filter(|v| v.is_finite() && *v > 0.0)
    };
    if let Some(v) = number("maxSeedBytes") {
        limits.max_seed_bytes = v as u64;
    }
    if let Some(v) = number("maxSeeds") {
        limits.max_seeds = v as usize;
    }
    if let Some(v) = number("timeoutMs") {
        limits.timeout_ms = v.min(f64::from(u32::MAX)) as u32;
    }
    limits
}

fn source(request: &JsValue) -> Source {
    if let Some(src) = get(request, "src").as_string() {
        return Source::Manifest { src };
    }
    let names = get(request, "names");
    if !Array::is_array(&names) {
        return Source::Nothing;
    }
    let names = strings(&names);
    let pack = get(request, "pack");
    if let Ok(pack) = pack.dyn_into::<Uint8Array>() {
        return Source::Memory { names, pack };
    }
    let urls = Array::from(&get(request, "urls"))
        .iter()
        .map(|u| u.as_string())
        .collect();
    Source::Links { names, urls }
}

/// Resolves manifest entries against the manifest's folder: the URL of an entry, or `None`
/// when it would leave the folder or its origin (such entries are refused, never fetched).
struct Folder {
    href: String,
    origin: String,
    pathname: String,
}

impl Folder {
    fn of(manifest: &str) -> Option<Folder> {
        let folder = Url::new_with_base("./", manifest).ok()?;
        Some(Folder {
            href: folder.href(),
            origin: folder.origin(),
            pathname: folder.pathname(),
        })
    }

    fn url(&self, name: &str) -> Option<String> {
        if !crate::url::entry_allowed(name) {
            return None;
        }
        let encoded = crate::url::encode_entry(name);
        // Encoded segments other than `.` and `..` resolve to themselves under the folder
        // (every character the URL parser treats specially is percent-encoded): no call out.
        if crate::url::plain_path(&encoded)
            && self.href.ends_with('/')
            && !self.href.contains(['?', '#'])
        {
            return Some(format!("{}{encoded}", self.href));
        }
        let url = Url::new_with_base(&encoded, &self.href).ok()?;
        (url.origin() == self.origin && url.pathname().starts_with(&self.pathname))
            .then(|| url.href())
    }
}

/// The URL of one entry (the pack's) under the manifest at `manifest`.
fn seed_url(name: &str, manifest: &str) -> Option<String> {
    Folder::of(manifest)?.url(name)
}

/// `stream.pipeThrough(pair)` (web-sys's binding wants a `ReadableWritablePair`, which a
/// `DecompressionStream` is in JS but not in its types).
fn pipe_through(stream: &ReadableStream, pair: &Decompression) -> Result<ReadableStream, JsValue> {
    let method: js_sys::Function = get(stream, "pipeThrough").dyn_into()?;
    method.call1(stream, pair)?.dyn_into::<ReadableStream>()
}

/// A request for `url` under `signal`.
fn request(url: &str, signal: &AbortSignal) -> Result<Request, JsValue> {
    let init = RequestInit::new();
    init.set_signal(Some(signal));
    Request::new_with_str_and_init(url, &init)
}

async fn fetch(url: &str, signal: &AbortSignal) -> Result<Response, JsValue> {
    let response = JsFuture::from(fetch_request(&request(url, signal)?)).await?;
    response.dyn_into::<Response>()
}

/// The next chunk of a stream, `None` at its end.
async fn read(reader: &ReadableStreamDefaultReader) -> Result<Option<Uint8Array>, JsValue> {
    let result = JsFuture::from(reader.read()).await?;
    if get(&result, "done").as_bool() == Some(true) {
        return Ok(None);
    }
    Ok(get(&result, "value").dyn_into::<Uint8Array>().ok())
}

fn reader(stream: &ReadableStream) -> Option<ReadableStreamDefaultReader> {
    stream
        .get_reader()
        .dyn_into::<ReadableStreamDefaultReader>()
        .ok()
}

/// Cancels a reader we stop reading early, so the connection is released.
fn release(reader: &ReadableStreamDefaultReader) {
    let _ = reader.cancel();
}

/// Loads the corpus `request` describes: the whole of a viewer's load, run by its [`task`].
pub async fn load(shared: Rc<Shared>, request: JsValue, signal: AbortSignal) {
    shared.timings.set(Timings {
        started: now(),
        ..Timings::default()
    });
    let limits = limits(&request);
    let skip = strings(&get(&request, "skip"));
    let label = get(&request, "label").as_string().unwrap_or_default();
    let restarted = get(&request, "restarted").as_string();
    // What to load: the names, problems found on the way, the URLs, the packs to try.
    let (names, problems, urls, packs, memory) = match source(&request) {
        Source::Manifest { src } => match manifest(&src, &signal).await {
            Ok((names, problems, packs)) => {
                let folder = Folder::of(&src);
                let urls = names
                    .iter()
                    .map(|n| folder.as_ref().and_then(|f| f.url(n)))
                    .collect();
                (names, problems, urls, packs, None)
            }
            Err(_) if signal.aborted() => return,
            Err(kind) => (Vec::new(), vec![kind], Vec::new(), Vec::new(), None),
        },
        Source::Links { names, urls } => (names, Vec::new(), urls, Vec::new(), None),
        Source::Memory { names, pack } => {
            let urls = names.iter().map(|_| None).collect();
            (names, Vec::new(), urls, Vec::new(), Some(pack))
        }
        Source::Nothing => (
            Vec::new(),
            vec![DiagnosticKind::NoSource],
            Vec::new(),
            Vec::new(),
            None,
        ),
    };
    // Markdown seeds need the markdown module, and a viewer in a language with a Snowball
    // stemmer other than English the stemmers module: started now, before any seed is parsed
    // (a seed naming such a language in its front matter starts it later, `settle_stems`).
    let mut problems = problems;
    if names.iter().any(|n| SeedKind::of(n) == SeedKind::Markdown)
        && !modules::ensure(Module::Markdown).await
    {
        problems.push(DiagnosticKind::MarkdownUnavailable);
    }
    let language = get(&request, "lang").as_string().unwrap_or_default();
    let primary = lang::primary(&language).unwrap_or_default();
    let stemmers = matches!(lang::stemming(&primary), lang::Stemming::Snowball(_));
    if stemmers && !modules::ensure(Module::Stemmers).await {
        problems.push(DiagnosticKind::StemmersUnavailable);
    }
    if signal.aborted() {
        return;
    }
    let mut session = Session::new(names, &label, limits, skip);
    session.set_language(&language);
    session.set_words(shared.words.borrow().clone());
    for kind in problems
        .into_iter()
        .chain(restarted.map(|reason| DiagnosticKind::Restarted { reason }))
    {
        session.note(kind);
    }
    shared.replace(session);
    if signal.aborted() {
        return;
    }
    let urls: Vec<Option<String>> = urls
        .into_iter()
        .take(shared.session.borrow().names().len())
        .collect();
    shared.post_manifest(&urls);
    let progress = Progress::default();
    if let Some(bytes) = memory {
        read_memory_pack(&shared, &bytes, &progress).await;
    } else {
        // A manifest's pack may carry only what the manifest may name.
        let allowed: Vec<bool> = urls.iter().map(Option::is_some).collect();
        for (url, gzip) in packs {
            let read = read_pack(&shared, &url, gzip, &allowed, &signal, &progress);
            if reporting(&shared, &progress, read).await {
                break;
            }
            if signal.aborted() {
                return;
            }
        }
    }
    let rest = shared.session.borrow().unsettled();
    let each = fetch_each(&shared, rest, &urls, &signal, &progress);
    reporting(&shared, &progress, each).await;
    if signal.aborted() {
        return;
    }
    settle_stems(&shared, !stemmers).await;
    finish(&shared, &progress);
}

/// Stems the words still waiting for the stemmers module (seeds whose front matter named a
/// language the viewer's is not), starting it first; `tell`: say so when it cannot start.
async fn settle_stems(shared: &Shared, tell: bool) {
    if !shared.session.borrow_mut().stem_pending() {
        return;
    }
    if modules::ensure(Module::Stemmers).await {
        shared.session.borrow_mut().stem_pending();
    } else if tell {
        shared
            .session
            .borrow_mut()
            .note(DiagnosticKind::StemmersUnavailable);
    }
}

/// Fetches again the seeds whose fetch failed for a reason a retry may cure.
pub async fn retry(shared: Rc<Shared>, urls: Vec<Option<String>>, signal: AbortSignal) {
    let again = shared.session.borrow_mut().retry();
    let progress = Progress::default();
    let each = fetch_each(&shared, again, &urls, &signal, &progress);
    reporting(&shared, &progress, each).await;
    if !signal.aborted() {
        settle_stems(&shared, false).await;
        finish(&shared, &progress);
    }
}

fn finish(shared: &Shared, progress: &Progress) {
    shared.session.borrow_mut().finish();
    shared.time(|t| t.finished = now());
    progress.report(shared, true);
    shared.post_loaded();
}

/// Runs `work` (reading a pack, fetching seeds) while a timer reports the seeds it added that
/// no report has told yet (within the reports' interval): a stream that stalls after a chunk
/// still shows what arrived.
async fn reporting<T>(shared: &Shared, progress: &Progress, work: impl Future<Output = T>) -> T {
    let mut work = std::pin::pin!(work);
    let mut ticker = std::pin::pin!(async {
        loop {
            task::sleep(PROGRESS_MS as i32).await;
            if progress.added.get() {
                progress.report(shared, false);
            }
        }
    });
    std::future::poll_fn(|cx| match work.as_mut().poll(cx) {
        Poll::Ready(out) => Poll::Ready(out),
        Poll::Pending => {
            let _ = ticker.as_mut().poll(cx);
            Poll::Pending
        }
    })
    .await
}

/// Reports progress to the page, at most every [`PROGRESS_MS`] (and the first seeds at once).
#[derive(Default)]
struct Progress {
    last: Cell<f64>,
    added: Cell<bool>,
    /// When the load last let the event loop run.
    yielded: Cell<f64>,
}

impl Progress {
    /// Lets the event loop run when the load has worked [`YIELD_MS`] since it last did (and
    /// right after the first seeds, so that they are listed at once).
    async fn pause(&self, shared: &Shared) {
        let t = now();
        let first = self.yielded.get() == 0.0 && self.added.get();
        if first || t - self.yielded.get() >= YIELD_MS {
            self.report(shared, first);
            task::next_task().await;
            self.yielded.set(now());
        }
    }

    fn report(&self, shared: &Shared, force: bool) {
        let t = now();
        let first = self.last.get() == 0.0 && self.added.get();
        let interval = PROGRESS_MS + (t - shared.timings.get().started) / 4.0;
        if force || first || t - self.last.get() >= interval {
            self.last.set(t);
            shared.post_progress(self.added.replace(false));
        }
    }
}

/// Fetches and reads the manifest: its names, its problems, and the packs it offers (gzip
/// first, when the browser can inflate it).
async fn manifest(
    src: &str,
    signal: &AbortSignal,
) -> Result<(Vec<String>, Vec<DiagnosticKind>, Vec<(String, bool)>), DiagnosticKind> {
    let unreachable = |e: JsValue| DiagnosticKind::ManifestUnreachable { reason: reason(&e) };
    let response = fetch(src, signal).await.map_err(unreachable)?;
    if !response.ok() {
        return Err(DiagnosticKind::ManifestHttp {
            status: response.status(),
        });
    }
    let text = JsFuture::from(response.text().map_err(unreachable)?)
        .await
        .map_err(unreachable)?;
    let text = text.as_string().unwrap_or_default();
    let json = js_sys::JSON::parse(&text).map_err(|_| DiagnosticKind::ManifestJson)?;
    let seeds = get(&json, "seeds");
    if !Array::is_array(&seeds) {
        return Err(DiagnosticKind::ManifestNoSeeds);
    }
    let listed = Array::from(&seeds);
    let names = strings(&seeds);
    let mut problems = Vec::new();
    if names.len() != listed.length() as usize {
        problems.push(DiagnosticKind::ManifestEntries);
    }
    let mut packs = Vec::new();
    let inflates = Reflect::has(&js_sys::global(), &"DecompressionStream".into()).unwrap_or(false);
    if inflates {
        if let Some(url) = get(&json, "gzipPack")
            .as_string()
            .and_then(|p| seed_url(&p, src))
        {
            packs.push((url, true));
        }
    }
    if let Some(url) = get(&json, "pack")
        .as_string()
        .and_then(|p| seed_url(&p, src))
    {
        packs.push((url, false));
    }
    Ok((names, problems, packs))
}

/// Streams the pack at `url` into the session. Returns whether it was read to its end (else
/// the next pack, or the seeds one by one, supply the rest).
async fn read_pack(
    shared: &Shared,
    url: &str,
    gzip: bool,
    allowed: &[bool],
    signal: &AbortSignal,
    progress: &Progress,
) -> bool {
    let Ok(response) = fetch(url, signal).await else {
        return false;
    };
    let Some(body) = response.body().filter(|_| response.ok()) else {
        return false;
    };
    let stream = if gzip {
        match Decompression::new("gzip").and_then(|d| pipe_through(&body, &d)) {
            Ok(stream) => stream,
            Err(_) => return false,
        }
    } else {
        body
    };
    let Some(reader) = reader(&stream) else {
        return false;
    };
    let mut pack = pack::Reader::new(shared.session.borrow().limits().max_seed_bytes);
    loop {
        let chunk = match read(&reader).await {
            Ok(Some(chunk)) => chunk,
            Ok(None) => break,
            // A dropped connection or a corrupt gzip stream: what arrived stays.
            Err(_) => return false,
        };
        if signal.aborted() {
            release(&reader);
            return false;
        }
        shared.time(|t| t.last_byte = now());
        if let Err(error) = feed(shared, &mut pack, &chunk.to_vec(), allowed, progress) {
            release(&reader);
            shared.session.borrow_mut().note(error.kind());
            return false;
        }
        progress.report(shared, false);
        progress.pause(shared).await;
    }
    match pack.finish() {
        Ok(()) => true,
        Err(error) => {
            shared.session.borrow_mut().note(error.kind());
            false
        }
    }
}

/// The single-file build's pack, read a slice per task so that the page stays responsive.
async fn read_memory_pack(shared: &Shared, bytes: &Uint8Array, progress: &Progress) {
    let allowed = vec![true; shared.session.borrow().names().len()];
    let mut pack = pack::Reader::new(shared.session.borrow().limits().max_seed_bytes);
    let length = bytes.length();
    for start in (0..length).step_by(SLICE_BYTES) {
        let end = start.saturating_add(SLICE_BYTES as u32).min(length);
        let slice = bytes.subarray(start, end).to_vec();
        if let Err(error) = feed(shared, &mut pack, &slice, &allowed, progress) {
            shared.session.borrow_mut().note(error.kind());
            return;
        }
        progress.report(shared, false);
        task::next_task().await;
        progress.yielded.set(now());
    }
    if let Err(error) = pack.finish() {
        shared.session.borrow_mut().note(error.kind());
    }
}

/// Hands one chunk of a pack to the reader; each whole seed in it is parsed at once.
fn feed(
    shared: &Shared,
    pack: &mut pack::Reader,
    chunk: &[u8],
    allowed: &[bool],
    progress: &Progress,
) -> Result<(), pack::PackError> {
    let mut session = shared.session.borrow_mut();
    pack.push(chunk, |entry| {
        let name = match entry {
            Entry::Seed { name, .. } | Entry::TooLarge { name, .. } => name,
        };
        let Some(position) = session
            .pending(name)
            .filter(|&p| allowed.get(p) == Some(&true))
        else {
            return;
        };
        match entry {
            Entry::Seed { data, .. } => {
                if parse(shared, &mut session, position, data) {
                    progress.added.set(true);
                }
            }
            Entry::TooLarge { bytes, .. } => {
                let limit = session.limits().max_seed_bytes;
                let kind = DiagnosticKind::TooLarge {
                    bytes: Some(bytes),
                    limit,
                };
                session.fail(position, kind);
            }
        }
    })
}

/// Parses and indexes one seed, with the crash record set around it and its time counted.
fn parse(shared: &Shared, session: &mut Session, position: usize, data: &[u8]) -> bool {
    if !session.admit(position) {
        return false;
    }
    super::record_parsing(Some(position));
    super::test_trap(data);
    let t = now();
    let added = session.arrived(position, data);
    shared.time(|timings| timings.parse_ms += now() - t);
    super::record_parsing(None);
    added
}

/// Fetches the seeds at `positions` one request each, [`CONCURRENCY`] at a time.
async fn fetch_each(
    shared: &Shared,
    positions: Vec<usize>,
    urls: &[Option<String>],
    signal: &AbortSignal,
    progress: &Progress,
) {
    let queue = RefCell::new(positions.into_iter());
    let worker = || async {
        loop {
            let next = queue.borrow_mut().next();
            let Some(position) = next else { return };
            if signal.aborted() {
                return;
            }
            fetch_one(
                shared,
                position,
                urls.get(position).cloned().flatten(),
                signal,
            )
            .await;
            progress.added.set(true);
            progress.report(shared, false);
        }
    };
    let mut workers: Vec<Pin<Box<dyn Future<Output = ()> + '_>>> = Vec::new();
    for _ in 0..CONCURRENCY {
        workers.push(Box::pin(worker()));
    }
    std::future::poll_fn(|cx| {
        workers.retain_mut(|w| w.as_mut().poll(cx).is_pending());
        if workers.is_empty() {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    })
    .await;
}

/// Fetches one seed within the time limit and the size limit (its body is read as it streams
/// and dropped once too large), and parses it.
async fn fetch_one(shared: &Shared, position: usize, url: Option<String>, signal: &AbortSignal) {
    let limits = {
        let mut session = shared.session.borrow_mut();
        if !session.admit(position) {
            return;
        }
        session.limits()
    };
    let Some(url) = url else {
        shared
            .session
            .borrow_mut()
            .fail(position, DiagnosticKind::Refused);
        return;
    };
    let timeout = AbortSignal::timeout_with_u32(limits.timeout_ms);
    let both = AbortSignal::any(&Array::of2(signal, &timeout));
    let outcome = body(&url, &both, limits.max_seed_bytes).await;
    if signal.aborted() {
        return;
    }
    shared.time(|t| t.last_byte = now());
    let mut session = shared.session.borrow_mut();
    match outcome {
        Ok(Body::Whole(bytes)) => {
            parse(shared, &mut session, position, &bytes);
        }
        Ok(Body::TooLarge(bytes)) => {
            let limit = limits.max_seed_bytes;
            session.fail(position, DiagnosticKind::TooLarge { bytes, limit });
        }
        Ok(Body::Status(status)) => session.fail(position, DiagnosticKind::Http { status }),
        Err(_) if timeout.aborted() => {
            session.fail(
                position,
                DiagnosticKind::Timeout {
                    ms: limits.timeout_ms,
                },
            );
        }
        Err(error) => session.fail(
            position,
            DiagnosticKind::Network {
                reason: reason(&error),
            },
        ),
    }
}

enum Body {
    Whole(Vec<u8>),
    /// Over the limit: the declared length, when there was one.
    TooLarge(Option<u64>),
    Status(u16),
}

/// A seed's body, or as soon as it is over `limit` bytes, the fact (the rest is not read).
async fn body(url: &str, signal: &AbortSignal, limit: u64) -> Result<Body, JsValue> {
    let response = fetch(url, signal).await?;
    if !response.ok() {
        if let Some(body) = response.body() {
            let _ = body.cancel();
        }
        return Ok(Body::Status(response.status()));
    }
    let declared = response
        .headers()
        .get("content-length")
        .ok()
        .flatten()
        .and_then(|v| v.trim().parse::<u64>().ok());
    let Some(body) = response.body() else {
        return Ok(Body::Whole(Vec::new()));
    };
    if declared.is_some_and(|n| n > limit) {
        let _ = body.cancel();
        return Ok(Body::TooLarge(declared));
    }
    let Some(reader) = reader(&body) else {
        return Ok(Body::Whole(Vec::new()));
    };
    let mut bytes = Vec::with_capacity(declared.unwrap_or(0) as usize);
    while let Some(chunk) = read(&reader).await? {
        if (bytes.len() as u64).saturating_add(u64::from(chunk.length())) > limit {
            release(&reader);
            return Ok(Body::TooLarge(declared));
        }
        let at = bytes.len();
        bytes.resize(at + chunk.length() as usize, 0);
        if let Some(into) = bytes.get_mut(at..) {
            chunk.copy_to(into);
        }
    }
    Ok(Body::Whole(bytes))
}

/// The messages the loader posts, as plain objects.
pub fn object(pairs: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    for (key, value) in pairs {
        let _ = Reflect::set(&object, &JsValue::from_str(key), value);
    }
    object.into()
}
