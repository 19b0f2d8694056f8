// The engine behind one <seeds-viewer>: starts the wasm module and relays messages. Rust
// fetches the manifest and the seeds (web-sys), parses them as they stream in and answers
// searches with HTML; this file only starts it, hands it each load with an AbortSignal, runs
// its polls inside the trap guard, and passes messages between it and the element. It runs in
// a Worker, so parsing never blocks the page; where a Worker cannot start (file://, a
// restrictive worker-src) the element runs the same code on the main thread over a
// MessageChannel.
//
// Protocol (plain objects with a `type`), written down once in ./seeds-viewer-protocol.js.

/** @typedef {import('./seeds-viewer-protocol.js').ToEngine} ToEngine */
/** @typedef {import('./seeds-viewer-protocol.js').FromEngine} FromEngine */

const WASM_URL = new URL('./pkg/seeds_viewer_bg.wasm', import.meta.url);
const GLUE_URL = new URL('./pkg/seeds_viewer.js', import.meta.url);
/** Engines started in this realm: each gets its own instance of the bindings and the module. */
let engines = 0;
/**
 * A fresh instance of the wasm-bindgen bindings (which hold one wasm instance each): after a
 * trap an engine starts again from a new one; in-page engines never share one.
 */
const loadGlue = (n) => import(n === 0 ? GLUE_URL.href : `${GLUE_URL.href}?engine=${n}`);

/**
 * Serves one viewer's engine on `port` (a Worker's global scope or a MessagePort). `wasm` is
 * the module's URL or bytes (the single-file build passes bytes).
 * @param {{postMessage(message: FromEngine): void, onmessage: ((event: {data: ToEngine}) => void) | null}} port
 * @param {URL | Uint8Array} [wasm]
 */
export function serve(port, wasm = WASM_URL) {
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

  const ready = loadGlue(engines++).then(async (glue) => {
    Viewer = glue.Viewer;
    exports = await glue.default({ module_or_path: wasm });
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

  /** What Rust's task calls when it wants a poll: queued, never run inside the wake. */
  function schedule() {
    if (polling || dead) return;
    polling = true;
    queueMicrotask(() => {
      polling = false;
      guarded(() => viewer?.poll());
    });
  }

  /** Starts a new viewer for `request` (see the protocol); a newer load cancels this one. */
  async function load(request) {
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
      viewer = new Viewer(relay, schedule);
      viewer.load(request, abort.signal);
    });
  }

  function search({ id, query, filters, sort, end }) {
    /** @type {FromEngine} */
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
      case 'retry': return void guarded(() => viewer?.retry(abort.signal));
      case 'free':
        generation++;
        abort?.abort();
        release(viewer);
        viewer = null;
        return undefined;
      case 'search': return search(data);
      case 'items': return post({ type: 'items', id: data.id, html: guarded(() => viewer?.items_html(data.start, data.end), '') ?? '' });
      case 'article': return post({ type: 'article', id: data.id, position: data.position, html: guarded(() => viewer?.article_html(data.position), '') ?? '' });
      case 'stats': return post({
        type: 'stats', id: data.id, seeds: guarded(() => viewer?.loaded, 0) ?? 0, words: guarded(() => viewer?.words, 0) ?? 0,
        wasmMemoryBytes: exports?.memory?.buffer?.byteLength ?? 0,
        load: guarded(() => viewer?.load_stats(), null) ?? null,
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

// Started as a Worker: serve on the worker's own scope. A trap can only surface inside the
// guard, but should one ever escape (a promise callback into a dead instance), it stays here.
const WorkerScope = /** @type {any} */ (globalThis).WorkerGlobalScope;
if (WorkerScope && globalThis instanceof WorkerScope) {
  globalThis.addEventListener('unhandledrejection', (event) => event.preventDefault());
  serve(globalThis);
}
