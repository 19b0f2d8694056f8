// The engine behind one <seeds-viewer>: fetches the manifest and the seeds (one packed file or
// one request per seed), hands their raw bytes to the wasm core in batches, and answers
// searches with Rust's HTML. It runs in a Worker, so parsing and indexing never block the page;
// where a Worker cannot start (file://, a restrictive worker-src) the element runs the same
// code on the main thread over a MessageChannel. It never tokenises or parses seed text.
//
// Protocol (all messages are plain objects with a `type`):
//   in:  load {src, label} (a manifest) | load {names, urls} (the element's links) |
//        load {names, pack} (a packed corpus in memory: the single-file build)
//        (each load may carry limits {maxSeedBytes, maxSeeds, timeoutMs})
//        retry (refetch the seeds that failed)  search {id, query, filters, sort, end}
//        items {id, start, end}  article {id, position}  stats {id}
//   out: ready · manifest {names, urls} · progress {done, total, added} ·
//        loaded {seeds, diagnostics, failed} · results {id, count, loaded, items, facets} ·
//        items {id, html} · article {id, position, html} · stats {id, ...} · failed {message}

const WASM_URL = new URL('./pkg/seeds_viewer_bg.wasm', import.meta.url);
const GLUE_URL = new URL('./pkg/seeds_viewer.js', import.meta.url);
/** Engines started in this realm: each gets its own instance of the bindings and the module. */
let engines = 0;
/**
 * A fresh instance of the wasm-bindgen bindings (which hold one wasm instance each): after a
 * trap an engine starts again from a new one; in-page engines never share one.
 */
const loadGlue = (n) => import(n === 0 ? GLUE_URL.href : `${GLUE_URL.href}?engine=${n}`);
/** Seeds fetched at once when there is no pack. */
const CONCURRENCY = 6;
/** A batch is handed to wasm when it holds this many bytes, or after FLUSH_MS. */
const BATCH_BYTES = 1 << 20;
const FLUSH_MS = 50;
const PACK_MAGIC = 'SVPACK1\n';
/** Defaults of the element's limits: they admit a 6 MB seed and 10,000 seeds. */
const LIMITS = { maxSeedBytes: 8 << 20, maxSeeds: 20_000, timeoutMs: 30_000 };

/**
 * The URL of manifest entry `name`, percent-encoded segment by segment, or null when it would
 * leave the manifest's folder or origin (such entries are refused, not fetched).
 */
export function seedUrl(name, manifestUrl) {
  // Entries are paths relative to the manifest: a scheme or a leading slash asks for more.
  if (/^([a-z][a-z0-9+.-]*:|[/\\])/i.test(name)) return null;
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
  let Viewer = null;
  let viewer = null;
  /** Set when the instance trapped: it answers nothing more; the element starts a new engine. */
  let dead = false;
  let generation = 0;
  let abort = null;
  const post = (message) => port.postMessage(message);

  const ready = loadGlue(engines++).then(async (glue) => {
    Viewer = glue.Viewer;
    exports = await glue.default({ module_or_path: wasm });
    post({ type: 'ready' });
  }).catch((error) => post({ type: 'failed', message: `the viewer could not start: ${error?.message ?? error}` }));

  /**
   * Runs `call` on the wasm; if the instance dies (a trap: `RuntimeError: unreachable`, or the
   * stack exhausted), reports `crashed` with the seeds of `batch` (if it was reading some) and
   * stops answering. Returns `fallback` then.
   */
  function guarded(call, fallback, batch = []) {
    if (dead) return fallback;
    try {
      return call();
    } catch (error) {
      dead = true;
      generation++;
      abort?.abort();
      post({ type: 'crashed', message: `${error?.name ?? 'Error'}: ${error?.message ?? error}`, batch });
      return fallback;
    }
  }

  /** The current corpus: its names and URLs, and what retry needs. */
  let corpus = null;

  /**
   * Loads a corpus: `request` is a manifest URL `{src, label}` (diagnostics about the manifest
   * name it `label`), the element's own links `{names, urls}`, or a pack in memory
   * `{names, pack}`; `request.limits` overrides LIMITS. A newer load cancels this one.
   */
  async function load(request) {
    generation++;
    const current = generation;
    const live = () => current === generation;
    abort?.abort();
    abort = new AbortController();
    const { signal } = abort;
    release(viewer);
    viewer = null;
    corpus = null;
    const limits = { ...LIMITS, ...request.limits };
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
      if (names.length > limits.maxSeeds) {
        diagnostics.push({ file: request.label ?? '', line: 0, message: `${names.length} seeds are listed; only the first ${limits.maxSeeds} are loaded (the max-seeds limit)` });
        names = names.slice(0, limits.maxSeeds);
        urls = urls.slice(0, limits.maxSeeds);
      }
      if (!live()) return;
      post({ type: 'manifest', names, urls: urls.map((u) => u?.href ?? null) });
      viewer = new Viewer(names);
      const feeder = new Feeder(viewer, names, diagnostics, live, limits, (added) => post({ type: 'progress', done: feeder.done, total: names.length, added }), guarded);
      feeder.skip = new Set(request.skip ?? []);
      feeder.suspects = new Set(request.suspects ?? []);
      corpus = { names, urls, feeder, limits, failed: new Set(), live };
      let pending = names.map((_, i) => i);
      // A manifest's pack may carry only what the manifest may name; an in-memory pack (the
      // single-file build) is the corpus itself.
      const allowed = request.pack ? names.map(() => true) : urls.map(Boolean);
      if (pack) pending = await readPack(await pack, names, allowed, feeder, signal);
      await fetchEach(pending, corpus, signal);
      feeder.flush();
    } catch (error) {
      if (!live()) return;
      diagnostics.push({ file: request.label ?? '', line: 0, message: error?.message ?? String(error) });
    }
    if (!live()) return;
    guarded(() => viewer?.finish());
    if (!dead) finished(names, diagnostics);
  }

  function finished(names, diagnostics) {
    const order = new Map(names.map((name, i) => [name, i]));
    diagnostics.sort((a, b) => (order.get(a.file) ?? -1) - (order.get(b.file) ?? -1) || a.line - b.line);
    post({ type: 'loaded', seeds: viewer?.loaded ?? 0, diagnostics, failed: corpus?.failed.size ?? 0 });
  }

  /** Fetches again the seeds whose fetch failed (not those refused or too large). */
  async function retry() {
    if (!corpus || !viewer || corpus.failed.size === 0) return;
    const { feeder, failed, names } = corpus;
    const positions = [...failed];
    const again = new Set(positions.map((i) => names[i]));
    failed.clear();
    const kept = feeder.diagnostics.filter((d) => !(d.retry && again.has(d.file)));
    feeder.diagnostics.length = 0;
    feeder.diagnostics.push(...kept);
    await fetchEach(positions, corpus, abort.signal);
    feeder.flush();
    if (!corpus.live()) return;
    finished(names, feeder.diagnostics);
  }

  function search({ id, query, filters, sort, end }) {
    const empty = { type: 'results', id, count: 0, loaded: 0, items: '', facets: '' };
    if (!viewer) return post(empty);
    return post(guarded(() => {
      const count = viewer.search(query, filters, sort);
      return {
        type: 'results', id, count, loaded: viewer.loaded,
        items: viewer.items_html(0, end), facets: viewer.facets_html(),
      };
    }, empty));
  }

  port.onmessage = ({ data }) => {
    switch (data?.type) {
      case 'load': return void load(data);
      case 'retry': return void retry();
      case 'free':
        generation++;
        abort?.abort();
        release(viewer);
        viewer = null;
        corpus = null;
        return undefined;
      case 'search': return search(data);
      case 'items': return post({ type: 'items', id: data.id, html: guarded(() => viewer?.items_html(data.start, data.end), '') ?? '' });
      case 'article': return post({ type: 'article', id: data.id, position: data.position, html: guarded(() => viewer?.article_html(data.position), '') ?? '' });
      case 'stats': return post({
        type: 'stats', id: data.id, seeds: viewer?.loaded ?? 0, words: viewer?.words ?? 0,
        wasmMemoryBytes: exports?.memory?.buffer?.byteLength ?? 0,
      });
      default: return undefined;
    }
  };
}

/**
 * Frees a viewer's wasm memory. After a trap its object may still count as borrowed; then its
 * whole instance is dropped with the engine instead.
 */
function release(viewer) {
  try {
    viewer?.free();
  } catch { /* a dead instance: garbage with its engine */ }
}

/** Collects fetched seeds and hands them to wasm in batches (by size, or FLUSH_MS after the first). */
class Feeder {
  constructor(viewer, names, diagnostics, live, limits, progress, guarded) {
    Object.assign(this, { viewer, names, diagnostics, live, limits, progress, guarded });
    /** Seeds that killed an engine: skipped with a diagnostic. */
    this.skip = new Set();
    /** Seeds of a batch that killed an engine: each is added alone, to find the culprit. */
    this.suspects = new Set();
    this.done = 0;
    this.reset();
    this.timer = null;
  }

  reset() {
    this.positions = [];
    this.chunks = [];
    this.bytes = 0;
  }

  /** Seed `position` arrived with `bytes` (refused when over the size limit). */
  push(position, bytes) {
    const name = this.names[position];
    if (this.skip.has(name)) {
      this.fail(name, 'skipped: reading this seed stopped the viewer, which was restarted without it');
      return;
    }
    if (bytes.length > this.limits.maxSeedBytes) {
      this.fail(name, tooLarge(bytes.length, this.limits.maxSeedBytes));
      return;
    }
    // A suspect goes to wasm in a batch of its own, so that a crash names it.
    const alone = this.suspects.has(name);
    if (alone) this.flush();
    this.positions.push(position);
    this.chunks.push(bytes);
    this.bytes += bytes.length;
    this.settled();
    if (alone) this.flush();
  }


  /** Seed `file` could not be fetched or was refused; `retry` when fetching it again may help. */
  fail(file, message, retry = false) {
    this.diagnostics.push({ file, line: 0, message, ...(retry && { retry }) });
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
    const batch = [...positions].map((i) => this.names[i]);
    const found = this.guarded(() => this.viewer.add(positions, data, ends), null, batch);
    if (found === null) return;
    this.diagnostics.push(...found);
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
 * Reads a packed corpus from `response` and feeds its `allowed` seeds (the others are refused,
 * as they would be when fetched one by one) as the bytes stream in. Returns
 * the positions still to fetch one by one (all of them if the pack is unusable, none when it
 * had them all).
 */
async function readPack(response, names, allowed, feeder, signal) {
  const position = new Map(names.flatMap((name, i) => (allowed[i] ? [[name, i]] : [])));
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

function tooLarge(bytes, limit) {
  const mb = (n) => `${(n / (1 << 20)).toFixed(1)} MB`;
  return `refused: the seed is ${bytes > limit ? mb(bytes) : 'over ' + mb(limit)}, over the max-seed-bytes limit of ${mb(limit)}`;
}

/**
 * Fetches the seeds at `positions` of `corpus` one request each, CONCURRENCY at a time, each
 * within the time limit and the size limit (a body is read as it streams and dropped once it is
 * too large). Seeds that fail for a reason a retry may cure join `corpus.failed`.
 */
async function fetchEach(positions, corpus, signal) {
  const { names, urls, feeder, limits } = corpus;
  let next = 0;
  const work = async () => {
    while (next < positions.length && feeder.live()) {
      const position = positions[next++];
      const name = names[position];
      const url = urls[position];
      if (!url) {
        feeder.fail(name, 'refused: it points to another origin or outside the manifest’s folder');
        continue;
      }
      try {
        const timeout = AbortSignal.timeout(limits.timeoutMs);
        const response = await fetch(url, { signal: AbortSignal.any([signal, timeout]) });
        if (!response.ok) throw new Error(`could not fetch: HTTP ${response.status}`);
        const bytes = await readBody(response, limits.maxSeedBytes);
        if (bytes === null) {
          feeder.fail(name, tooLarge(Number(response.headers.get('content-length')) || Infinity, limits.maxSeedBytes));
        } else {
          feeder.push(position, bytes);
        }
      } catch (error) {
        if (signal.aborted) return;
        let message = error?.message ?? String(error);
        if (error?.name === 'TimeoutError') message = `could not fetch: no answer within ${limits.timeoutMs / 1000} s`;
        else if (!/^could not/.test(message)) message = `could not fetch: ${message}`;
        corpus.failed.add(position);
        feeder.fail(name, message, true);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, positions.length) }, work));
}

/** The body's bytes, or null as soon as it is over `limit` bytes (the rest is not read). */
async function readBody(response, limit) {
  if (Number(response.headers.get('content-length')) > limit) {
    await response.body?.cancel();
    return null;
  }
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const chunks = [];
  let length = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    length += value.length;
    if (length > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

// Started as a Worker: serve on the worker's own scope.
if (typeof WorkerGlobalScope !== 'undefined' && globalThis instanceof WorkerGlobalScope) serve(globalThis);
