// The engine layer of <seeds-viewer>, both its ends:
// - `serve`, the engine: starts the wasm module and relays messages. Rust fetches the manifest
//   and the seeds (web-sys), parses them as they stream in and answers searches with HTML; this
//   only starts it, hands it each load with an AbortSignal, runs its polls inside the trap
//   guard, and passes messages on. It runs in a Worker, so parsing never blocks the page; where
//   a Worker cannot start (file://, a restrictive worker-src) the same code runs on the main
//   thread over a MessageChannel.
// - `EngineClient`, what the element holds: starts an engine (Worker or in-page), matches
//   replies to requests, and owns the crash quarantine: after a trap it starts a new engine,
//   which skips the seed Rust was parsing, never resends a query that killed one, and gives up
//   after five restarts.
// Protocol (plain objects with a `type`), written down once in ./seeds-viewer-protocol.js.

/** @typedef {import('./seeds-viewer-protocol.js').ToEngine} ToEngine */
/** @typedef {import('./seeds-viewer-protocol.js').FromEngine} FromEngine */

const WASM_URL = new URL('./pkg/seeds_viewer_bg.wasm', import.meta.url);
const GLUE_URL = new URL('./pkg/seeds_viewer.js', import.meta.url);
/**
 * The optional modules, fetched only when Rust asks for one: `markdown` for a corpus with
 * markdown seeds, `stemmers` for one in a language with a stemmer other than English.
 */
const MODULE_URLS = {
  markdown: new URL('./pkg/seeds_viewer_markdown.js', import.meta.url),
  stemmers: new URL('./pkg/seeds_viewer_stemmers.js', import.meta.url),
};
/** Each optional module's wasm, beside its bindings. */
const moduleWasmUrl = (glue) => new URL(glue.href.replace(/\.js$/, '_bg.wasm'));
/** Engines started in this realm: each gets its own instance of the bindings and the module. */
let engines = 0;
/**
 * A fresh instance of the wasm-bindgen bindings (which hold one wasm instance each): after a
 * trap an engine starts again from a new one; in-page engines never share one.
 */
const loadGlue = (n) => import(n === 0 ? GLUE_URL.href : `${GLUE_URL.href}?engine=${n}`);
/** An optional module's bindings, as fresh per engine as the engine's own. */
const loadModuleGlue = (name, n) => import(n === 0 ? MODULE_URLS[name].href : `${MODULE_URLS[name].href}?engine=${n}`);

/**
 * Serves one viewer's engine on `port` (a Worker's global scope or a MessagePort). `wasm` is
 * the engine module's URL or bytes, and `modules` the optional modules' by name, each beside
 * the engine unless given (the single-file build passes bytes, and null for a module its seeds
 * do not need).
 * @param {{postMessage(message: FromEngine): void, onmessage: ((event: {data: ToEngine}) => void) | null}} port
 * @param {URL | Uint8Array} [wasm]
 * @param {{markdown?: URL | Uint8Array | null, stemmers?: URL | Uint8Array | null}} [modules]
 */
export function serve(port, wasm = WASM_URL, modules = {}) {
  let exports = null;
  let Viewer = null;
  let viewer = null;
  /** Set when the instance trapped: it answers nothing more; the element starts a new engine. */
  let dead = false;
  let generation = 0;
  let abort = null;
  let names = [];
  let polling = false;
  /** @param {FromEngine} message */
  const post = (message) => port.postMessage(message);

  // The module's request starts now, beside the bindings' import; the bindings still compile
  // it as it streams (a Response is what they take).
  const module = wasm instanceof Uint8Array ? wasm : fetch(wasm);
  const engine = engines++;
  const ready = loadGlue(engine).then(async (glue) => {
    Viewer = glue.Viewer;
    exports = await glue.default({ module_or_path: await module });
    post({ type: 'ready' });
  }).catch((error) => post({ type: 'failed', message: `the viewer could not start: ${error?.message ?? error}` }));

  /**
   * The one trap guard: every call into the instance goes through it. If the instance dies (a
   * trap: `RuntimeError: unreachable`, or the stack exhausted), the engine stops answering and
   * reports `crashed` with the seed Rust was parsing (read from wasm memory: no call into a
   * dead instance is trusted). Returns `fallback` then.
   */
  function guarded(call, fallback) {
    if (dead) return fallback;
    try {
      return call();
    } catch (error) {
      dead = true;
      generation++;
      abort?.abort();
      let seed = null;
      try {
        const at = Viewer.parsing_address();
        const position = new DataView(exports.memory.buffer).getUint32(at, true) - 1;
        if (position >= 0) seed = names[position] ?? null;
      } catch { /* nothing readable: the element treats it as a query's fault */ }
      post({ type: 'crashed', message: `${error?.name ?? 'Error'}: ${error?.message ?? error}`, seed });
      return fallback;
    }
  }

  // The optional modules, each started when Rust first asks, one instance per engine. Rust
  // calls them synchronously (`tree` while parsing, `stems` per batch of words); if one traps,
  // the exception goes on through Rust's call, so the guard replaces the engine and, with it,
  // these modules.
  /** @type {Record<string, any>} the started modules' bindings, and their exports */
  const started = {};
  const startedExports = {};
  /** @type {Record<string, Promise<boolean>>} */
  const starting = {};
  const modulesHost = {
    load: (name) => (starting[name] ??= (async () => {
      const wasm = name in modules ? modules[name] : moduleWasmUrl(MODULE_URLS[name]);
      if (!wasm) return false;
      const glue = await loadModuleGlue(name, engine);
      startedExports[name] = await glue.default({ module_or_path: wasm instanceof Uint8Array ? wasm : fetch(wasm) });
      started[name] = glue;
      return true;
    })().catch(() => false)),
    tree: (text, offset, alone) => started.markdown?.tree(text, offset, alone),
    stems: (code, words) => started.stemmers?.stems(code, words),
  };

  /** What Rust's task calls when it wants a poll: queued, never run inside the wake. */
  function schedule() {
    if (polling || dead) return;
    polling = true;
    queueMicrotask(() => {
      polling = false;
      guarded(() => viewer?.poll());
    });
  }

  /** The viewer's words: the last load's, or a `words` message's since (one may come while a load still waits for the module). */
  let words = null;

  /** Starts a new viewer for `request` (see the protocol); a newer load cancels this one. */
  async function load(request) {
    words = request.words ?? null;
    generation++;
    const current = generation;
    abort?.abort();
    abort = new AbortController();
    release(viewer);
    viewer = null;
    names = [];
    await ready;
    if (current !== generation || dead) return;
    if (!exports) return;
    const relay = (message) => {
      if (current !== generation) return;
      if (message.type === 'manifest') names = message.names;
      post(message);
    };
    guarded(() => {
      viewer = new Viewer(relay, schedule, modulesHost);
      viewer.load({ ...request, words }, abort.signal);
    });
  }

  function search({ id, query, filters, sort, end, open }) {
    /** @type {FromEngine} */
    const empty = { type: 'results', id, count: 0, loaded: 0, items: [], facets: '', engineMs: 0, marks: [] };
    if (!viewer) return post(empty);
    const t0 = performance.now();
    const reply = guarded(() => {
      const count = viewer.search(query, filters.flat(), sort);
      return {
        type: 'results', id, count, loaded: viewer.loaded,
        items: viewer.items_html(0, end), facets: viewer.facets_html(), engineMs: 0, marks: [],
      };
    }, empty);
    reply.engineMs = performance.now() - t0;
    // The open article's marks ride along: one message per search.
    if (open >= 0 && reply !== empty) reply.marks = guarded(() => viewer.article_marks(open), []) ?? [];
    return post(reply);
  }

  port.onmessage = ({ data }) => {
    switch (data?.type) {
      case 'load': return void load(data);
      case 'retry': return void guarded(() => viewer?.retry(abort.signal));
      case 'words':
        words = data.words;
        return void guarded(() => viewer?.set_words(data.words));
      case 'free':
        generation++;
        abort?.abort();
        release(viewer);
        viewer = null;
        return undefined;
      case 'search': return search(data);
      case 'items': return post({ type: 'items', id: data.id, items: guarded(() => viewer?.items_html(data.start, data.end), []) ?? [] });
      case 'article': {
        // The article with its highlights, so that it is shown highlighted at once.
        const html = guarded(() => viewer?.article_html(data.position), '') ?? '';
        const marks = guarded(() => viewer?.article_marks(data.position), []) ?? [];
        return post({ type: 'article', id: data.id, position: data.position, html, marks });
      }
      case 'marks': return post({ type: 'marks', id: data.id, position: data.position, marks: guarded(() => viewer?.article_marks(data.position), []) ?? [] });
      case 'stats': return post({
        type: 'stats', id: data.id, seeds: guarded(() => viewer?.loaded, 0) ?? 0, words: guarded(() => viewer?.words, 0) ?? 0,
        wasmMemoryBytes: [exports, ...Object.values(startedExports)].reduce((sum, e) => sum + (e?.memory?.buffer?.byteLength ?? 0), 0),
        load: guarded(() => viewer?.load_stats(), null) ?? null,
      });
      default: return undefined;
    }
  };
}

/** Restarts after a trap before the client gives up on a corpus. */
const MAX_RESTARTS = 5;
/** What a request gets when no engine is there to answer: nothing found, nothing to show. */
const NO_REPLY = Object.freeze({
  count: 0, loaded: 0, items: [], facets: '', html: '', marks: [], seeds: 0, words: 0, wasmMemoryBytes: 0, load: null,
});

/**
 * One element's connection to its engine. `onMessage` receives the engine's `manifest`,
 * `progress` and `loaded` (a start failure or giving up after traps arrive as `loaded` with a
 * diagnostic); replies to `ask` resolve its promise instead.
 */
export class EngineClient {
  #options;
  #engine = null;
  #starting = null;
  #requests = 0;
  #waiting = new Map();
  /** The last load (replayed after a trap), the seeds that caused one, why the last one died. */
  #request = null;
  #crashes = 0;
  #skip = new Set();
  #restarted = null;
  /** The query being searched, and one that killed an engine (never sent again). */
  #lastQuery = null;
  #badQuery = null;

  /**
   * @param {{onMessage: (message: import('./seeds-viewer-protocol.js').FromEngine) => void,
   *   onRestart: () => void, workerUrl: () => any, wasm?: Uint8Array,
   *   modules?: {markdown: Uint8Array | null, stemmers: Uint8Array | null}, serve?: typeof serve}} options
   *   `onRestart` is called when a new engine replaces a trapped one (it loads the corpus
   *   again); `workerUrl` gives the Worker's URL (through the page's Trusted Types policy), or
   *   null to run on the page; `serve`, `wasm` and `modules` are the single-file build's
   *   engine and module bytes.
   */
  constructor(options) {
    this.#options = options;
  }

  /** Whether an engine is running or starting. */
  get running() {
    return this.#starting !== null;
  }

  /** Whether an engine is there to answer. */
  get ready() {
    return this.#engine !== null;
  }

  /** Forgets what earlier crashes taught: a new corpus. */
  reset() {
    this.#crashes = 0;
    this.#skip.clear();
    this.#restarted = null;
    this.#badQuery = null;
  }

  /**
   * Loads a corpus (see the protocol's LoadRequest, without `type`, `skip` and `restarted`,
   * which the quarantine adds); resolves once the engine has the request.
   */
  async load(request) {
    this.#request = request;
    const engine = await this.#start();
    if (!engine || engine !== this.#engine) return;
    /** @type {import('./seeds-viewer-protocol.js').ToEngine} */
    // The request as it is now: words may have changed while the engine started.
    const message = { type: 'load', ...this.#request, skip: [...this.#skip], ...(this.#restarted && { restarted: this.#restarted }) };
    engine.postMessage(message);
    this.#restarted = null;
  }

  retry() {
    this.#engine?.postMessage({ type: 'retry' });
  }

  /** The viewer's words that Rust writes (see the protocol), for this load and its replays. */
  words(words) {
    if (this.#request) this.#request = { ...this.#request, words };
    this.#engine?.postMessage({ type: 'words', words });
  }

  /** Sends a request and resolves with its reply (matched by id); NO_REPLY without an engine. */
  ask(message) {
    if (!this.#engine) return Promise.resolve(NO_REPLY);
    const id = ++this.#requests;
    return new Promise((resolve) => {
      this.#waiting.set(id, resolve);
      this.#engine.postMessage({ ...message, id });
    });
  }

  /**
   * A search, unless this very query killed an engine before (then nothing is found); `open`
   * is the open article's position (-1: none), whose marks come back with the results.
   */
  search(query, filters, sort, end, open = -1) {
    this.#lastQuery = query;
    if (query === this.#badQuery) return Promise.resolve({ ...NO_REPLY, loaded: undefined });
    return this.ask({ type: 'search', query, filters, sort, end, open });
  }

  /** Ends the engine: a Worker is terminated (its memory goes with it); an in-page one frees its corpus. */
  stop() {
    const engine = this.#engine;
    this.#engine = null;
    this.#starting = null;
    for (const resolve of this.#waiting.values()) resolve(NO_REPLY);
    this.#waiting.clear();
    if (!engine) return;
    engine.onmessage = null;
    if (engine.terminate) {
      engine.terminate();
    } else {
      engine.postMessage({ type: 'free' });
      engine.close();
    }
  }

  #start() {
    if (!this.#starting) {
      const starting = this.#connect().then((engine) => {
        if (this.#starting !== starting) {
          engine.onmessage = null;
          engine.terminate?.(); // stopped while it started
          engine.close?.();
          return null;
        }
        this.#engine = engine;
        engine.onmessage = ({ data }) => this.#received(data);
        return engine;
      });
      this.#starting = starting;
    }
    return this.#starting;
  }

  /** A Worker, or the same engine on the page when none can start; resolves once it is ready. */
  async #connect() {
    const { workerUrl, wasm, modules, serve: embedded } = this.#options;
    const inPage = async () => {
      const start = embedded ?? (await import(import.meta.url)).serve;
      const channel = new MessageChannel();
      start(channel.port2, wasm, embedded ? modules : undefined);
      return channel.port1;
    };
    let worker;
    try {
      const url = workerUrl();
      if (url === null) return inPage();
      worker = new Worker(url, { type: 'module', name: 'seeds-viewer' });
    } catch {
      return inPage();
    }
    return new Promise((resolve) => {
      const onMessage = ({ data }) => {
        if (data?.type !== 'ready' && data?.type !== 'failed') return;
        worker.removeEventListener('message', onMessage);
        worker.removeEventListener('error', onError);
        resolve(worker);
      };
      const onError = (event) => {
        event.preventDefault?.();
        worker.removeEventListener('message', onMessage);
        worker.terminate();
        resolve(inPage());
      };
      worker.addEventListener('message', onMessage);
      worker.addEventListener('error', onError);
    });
  }

  /** @param {import('./seeds-viewer-protocol.js').FromEngine} data */
  #received(data) {
    switch (data?.type) {
      case 'crashed': return this.#crashed(data);
      case 'failed':
        return this.#options.onMessage({
          type: 'loaded', seeds: 0, failed: 0,
          diagnostics: [{ file: this.#request?.label ?? '', line: 0, code: 'start-failed', message: data.message }],
        });
      case 'manifest': case 'progress': case 'loaded': case 'ready':
        return this.#options.onMessage(data);
      default: {
        // A reply: results, items, article or stats, matched by its id.
        const id = data && 'id' in data ? data.id : undefined;
        const resolve = this.#waiting.get(id);
        if (resolve) {
          this.#waiting.delete(id);
          resolve(data);
        }
        return undefined;
      }
    }
  }

  /**
   * The engine's wasm instance died (a trap): start a new engine from the module and load
   * again, skipping the seed Rust was parsing (or never sending again the query being
   * searched); the page and other viewers are untouched. After MAX_RESTARTS, give up and say so.
   */
  #crashed({ message, seed }) {
    this.#crashes += 1;
    if (seed !== null) this.#skip.add(seed);
    else this.#badQuery = this.#lastQuery;
    this.stop();
    if (this.#crashes > MAX_RESTARTS) {
      this.#options.onMessage({
        type: 'loaded', seeds: 0, failed: 0,
        diagnostics: [{ file: this.#request?.label ?? '', line: 0, code: 'stopped', message: `the viewer stopped again (${message}); reload the page to try again` }],
      });
      return;
    }
    this.#restarted = message;
    this.#options.onRestart();
    void this.load(this.#request);
  }
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

// Started as a Worker: serve on the worker's own scope. A trap can only surface inside the
// guard, but should one ever escape (a promise callback into a dead instance), it stays here.
const WorkerScope = /** @type {any} */ (globalThis).WorkerGlobalScope;
if (WorkerScope && globalThis instanceof WorkerScope) {
  globalThis.addEventListener('unhandledrejection', (event) => event.preventDefault());
  serve(globalThis);
}
