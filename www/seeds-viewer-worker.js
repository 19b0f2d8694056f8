// The engine behind one <seeds-viewer>: fetches the manifest and the seeds (one packed file or
// one request per seed), hands their raw bytes to the wasm core in batches, and answers
// searches with Rust's HTML. It runs in a Worker, so parsing and indexing never block the page;
// where a Worker cannot start (file://, a restrictive worker-src) the element runs the same
// code on the main thread over a MessageChannel. It never tokenises or parses seed text.
//
// Protocol (all messages are plain objects with a `type`):
//   in:  load {src, label} (a manifest) | load {names, urls} (the element's links) |
//        load {names, pack} (a packed corpus in memory: the single-file build)
//        search {id, query, filters, sort, end}
//        items {id, start, end}  article {id, position}  stats {id}
//   out: ready · manifest {names, urls} · progress {done, total, added} ·
//        loaded {seeds, diagnostics} · results {id, count, loaded, items, facets} ·
//        items {id, html} · article {id, position, html} · stats {id, ...} · failed {message}

import init, { Viewer } from './pkg/seeds_viewer.js';

const WASM_URL = new URL('./pkg/seeds_viewer_bg.wasm', import.meta.url);
/** Seeds fetched at once when there is no pack. */
const CONCURRENCY = 6;
/** A batch is handed to wasm when it holds this many bytes, or after FLUSH_MS. */
const BATCH_BYTES = 1 << 20;
const FLUSH_MS = 50;
const PACK_MAGIC = 'SVPACK1\n';

/**
 * The URL of manifest entry `name`, percent-encoded segment by segment, or null when it would
 * leave the manifest's folder or origin (such entries are refused, not fetched).
 */
export function seedUrl(name, manifestUrl) {
  const folder = new URL('./', manifestUrl);
  let url;
  try {
    url = new URL(name.split('/').map(encodeURIComponent).join('/'), folder);
  } catch {
    return null;
  }
  if (url.origin !== folder.origin || !url.pathname.startsWith(folder.pathname)) return null;
  return url;
}

/**
 * Serves one viewer's engine on `port` (a Worker's global scope or a MessagePort). `wasm` is
 * the module's URL or bytes (the single-file build passes bytes).
 */
export function serve(port, wasm = WASM_URL) {
  let exports = null;
  let viewer = null;
  let generation = 0;
  let abort = null;
  const post = (message) => port.postMessage(message);

  const ready = init({ module_or_path: wasm }).then((e) => {
    exports = e;
    post({ type: 'ready' });
  }, (error) => post({ type: 'failed', message: `the viewer could not start: ${error?.message ?? error}` }));

  /**
   * Loads a corpus: `request` is a manifest URL `{src, label}` (diagnostics about the manifest
   * name it `label`), the element's own links `{names, urls}`, or a pack in memory
   * `{names, pack}`. A newer load cancels this one.
   */
  async function load(request) {
    generation++;
    const current = generation;
    const live = () => current === generation;
    abort?.abort();
    abort = new AbortController();
    const { signal } = abort;
    viewer?.free();
    viewer = null;
    const diagnostics = [];
    let names = [];
    try {
      await ready;
      if (!exports) throw new Error('the viewer could not start');
      let urls;
      let pack = null;
      if (typeof request.src === 'string') {
        ({ names, urls, pack } = await readManifest(request, diagnostics, signal));
      } else {
        names = request.names;
        urls = request.urls.map((u) => (u ? new URL(u) : null));
        if (request.pack) pack = new Response(request.pack);
      }
      if (!live()) return;
      post({ type: 'manifest', names, urls: urls.map((u) => u?.href ?? null) });
      viewer = new Viewer(names);
      const feeder = new Feeder(viewer, diagnostics, live, (added) => post({ type: 'progress', done: feeder.done, total: names.length, added }));
      let pending = names.map((_, i) => i);
      if (pack) pending = await readPack(await pack, names, feeder, signal);
      await fetchEach(pending, names, urls, feeder, signal);
      feeder.flush();
    } catch (error) {
      if (!live()) return;
      diagnostics.push({ file: request.label ?? '', line: 0, message: error?.message ?? String(error) });
    }
    if (!live()) return;
    viewer?.finish();
    const order = new Map(names.map((name, i) => [name, i]));
    diagnostics.sort((a, b) => (order.get(a.file) ?? -1) - (order.get(b.file) ?? -1) || a.line - b.line);
    post({ type: 'loaded', seeds: viewer?.loaded ?? 0, diagnostics });
  }

  function search({ id, query, filters, sort, end }) {
    if (!viewer) return post({ type: 'results', id, count: 0, loaded: 0, items: '', facets: '' });
    const count = viewer.search(query, filters, sort);
    post({
      type: 'results', id, count, loaded: viewer.loaded,
      items: viewer.items_html(0, end), facets: viewer.facets_html(),
    });
  }

  port.onmessage = ({ data }) => {
    switch (data?.type) {
      case 'load': return void load(data);
      case 'search': return search(data);
      case 'items': return post({ type: 'items', id: data.id, html: viewer?.items_html(data.start, data.end) ?? '' });
      case 'article': return post({ type: 'article', id: data.id, position: data.position, html: viewer?.article_html(data.position) ?? '' });
      case 'stats': return post({
        type: 'stats', id: data.id, seeds: viewer?.loaded ?? 0, words: viewer?.words ?? 0,
        wasmMemoryBytes: exports?.memory?.buffer?.byteLength ?? 0,
      });
      default: return undefined;
    }
  };
}

/** Collects fetched seeds and hands them to wasm in batches (by size, or FLUSH_MS after the first). */
class Feeder {
  constructor(viewer, diagnostics, live, progress) {
    Object.assign(this, { viewer, diagnostics, live, progress });
    this.done = 0;
    this.reset();
    this.timer = null;
  }

  reset() {
    this.positions = [];
    this.chunks = [];
    this.bytes = 0;
  }

  /** Seed `position` arrived with `bytes`. */
  push(position, bytes) {
    this.positions.push(position);
    this.chunks.push(bytes);
    this.bytes += bytes.length;
    this.settled();
  }

  /** Seed `position` could not be fetched. */
  fail(file, message) {
    this.diagnostics.push({ file, line: 0, message });
    this.settled();
  }

  /** Progress is reported with each flush, not per seed: one message per batch reaches the page. */
  settled() {
    this.done++;
    if (this.bytes >= BATCH_BYTES) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  flush() {
    clearTimeout(this.timer);
    this.timer = null;
    if (!this.live()) return;
    if (!this.positions.length) {
      this.progress(false);
      return;
    }
    const data = new Uint8Array(this.bytes);
    const ends = new Uint32Array(this.chunks.length);
    let offset = 0;
    this.chunks.forEach((chunk, i) => {
      data.set(chunk, offset);
      offset += chunk.length;
      ends[i] = offset;
    });
    const positions = Uint32Array.from(this.positions);
    this.reset();
    this.diagnostics.push(...this.viewer.add(positions, data, ends));
    this.progress(true);
  }
}

/**
 * Fetches and checks the manifest at `src`: its seed names, their URLs (null for an entry
 * that leaves the manifest's folder) and the pack's response (a promise), if it names one.
 */
async function readManifest({ src, label }, diagnostics, signal) {
  const manifestUrl = new URL(src);
  const response = await fetch(manifestUrl, { signal });
  if (!response.ok) throw new Error(`could not fetch the manifest: HTTP ${response.status}`);
  let manifest;
  try {
    manifest = await response.json();
  } catch {
    throw new Error('the manifest is not valid JSON');
  }
  if (!Array.isArray(manifest?.seeds)) throw new Error('the manifest has no "seeds" list');
  const names = manifest.seeds.filter((n) => typeof n === 'string');
  if (names.length !== manifest.seeds.length) {
    diagnostics.push({ file: label, line: 0, message: 'the manifest lists entries that are not strings; they are skipped' });
  }
  const urls = names.map((name) => seedUrl(name, manifestUrl));
  const packUrl = typeof manifest.pack === 'string' ? seedUrl(manifest.pack, manifestUrl) : null;
  const pack = packUrl && fetch(packUrl, { signal }).catch((error) => {
    if (signal.aborted) throw error;
    return null;
  });
  return { names, urls, pack };
}

/**
 * Reads a packed corpus from `response` and feeds its seeds as the bytes stream in. Returns
 * the positions still to fetch one by one (all of them if the pack is unusable, none when it
 * had them all).
 */
async function readPack(response, names, feeder, signal) {
  const position = new Map(names.map((name, i) => [name, i]));
  const seen = new Set();
  const rest = () => names.map((_, i) => i).filter((i) => !seen.has(i));
  if (!response?.ok || !response.body || signal.aborted) return rest();
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = new Uint8Array(0);
  let offset = 0;
  let magic = false;
  const take = (n) => {
    if (buffer.length - offset < n) return null;
    const out = buffer.subarray(offset, offset + n);
    offset += n;
    return out;
  };
  const u32 = () => {
    const bytes = take(4);
    return bytes && new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true);
  };
  for (;;) {
    const { value, done } = await reader.read();
    if (value) {
      const joined = new Uint8Array(buffer.length - offset + value.length);
      joined.set(buffer.subarray(offset));
      joined.set(value, buffer.length - offset);
      buffer = joined;
      offset = 0;
    }
    if (!magic) {
      const head = take(PACK_MAGIC.length);
      if (!head) {
        if (done) return rest();
        continue;
      }
      if (decoder.decode(head) !== PACK_MAGIC) return rest();
      magic = true;
    }
    for (;;) {
      const start = offset;
      const nameLength = u32();
      const name = nameLength === null ? null : take(nameLength);
      const dataLength = name === null ? null : u32();
      const data = dataLength === null ? null : take(dataLength);
      if (data === null) {
        offset = start;
        break;
      }
      const i = position.get(decoder.decode(name));
      if (i !== undefined && !seen.has(i)) {
        seen.add(i);
        // Copy: `data` views a buffer that the next chunk replaces.
        feeder.push(i, data.slice());
      }
    }
    if (done) break;
  }
  return rest();
}

/** Fetches the seeds at `positions` one request each, CONCURRENCY at a time. */
async function fetchEach(positions, names, urls, feeder, signal) {
  let next = 0;
  const work = async () => {
    while (next < positions.length && feeder.live()) {
      const position = positions[next++];
      const name = names[position];
      const url = urls[position];
      try {
        if (!url) throw new Error('refused: it points to another origin or outside the manifest’s folder');
        const response = await fetch(url, { signal });
        if (!response.ok) throw new Error(`could not fetch: HTTP ${response.status}`);
        feeder.push(position, new Uint8Array(await response.arrayBuffer()));
      } catch (error) {
        if (signal.aborted) return;
        const message = /^(could not|refused)/.test(error?.message ?? '')
          ? error.message : `could not fetch: ${error?.message ?? error}`;
        feeder.fail(name, message);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, positions.length) }, work));
}

// Started as a Worker: serve on the worker's own scope.
if (typeof WorkerGlobalScope !== 'undefined' && globalThis instanceof WorkerGlobalScope) serve(globalThis);
