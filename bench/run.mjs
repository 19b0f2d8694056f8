// The measuring half of `cargo xtask bench` (which prepares the corpora, their exported text and
// bench plan, then runs `node bench/run.mjs target/bench/plan.json`).
//
// For each corpus, in one headless Debian Chromium, one fresh browser context per system:
// - the viewer: the page at `/` of `cargo xtask serve` (this very xtask binary, once with the
//   packed corpus and once with `--no-pack`): navigation to the `seeds-loaded` event, JS heap,
//   wasm memory, bytes fetched, query latency from input to the `seeds-search` event (the list
//   is rendered by then), per-keystroke latency, typo recall and relevance;
// - minisearch, flexsearch and lunr in bench/peers.html (served by a small static server here):
//   index build over the exported text, heap, query latency, typo recall, relevance;
// - minisearch-raw in bench/raw.html: MiniSearch fed what the viewer is fed, the raw seed files,
//   as one JSON request ([{id, name, text}], target/bench/raw-ID.json) fetched from the page's
//   navigation, parsed and indexed as one `text` field; timed from navigation to index built;
// - Pagefind: its index built ahead of time here (its npm package's binary) over the same seeds
//   rendered as HTML pages; bytes fetched, init and query latency, typo recall, relevance.
// Then two viewer-only scenarios:
// - huge seeds: the real seeds plus a 5 MB plain seed and a 1 MB pathological markdown seed
//   (generated here, deterministic, under target/bench/stress-*); load, open and typing times
//   and the longest main-thread tasks (longtask and long-animation-frame observers);
// - leaks: the 1,000-seed corpus loaded ten times in one page by changing `src`, then in a new
//   element; the viewer's memory after each load.
// And the load (the project's issue 11), for each corpus of 1,000 seeds or more: the viewer
// loaded LOAD_REPEATS times in fresh contexts, navigation to `seeds-loaded` with its parts
// (fetch, parse + index from `stats().load` when the viewer reports it, first list: navigation
// to the first `[part~=item]` in the shadow root), wasm memory; at 10,000 seeds once more at
// 50 Mbit/s (CDP Network.emulateNetworkConditions).
// Prints one table (ratios are viewer ÷ peer), the two scenarios, the load and the targets, and
// writes results.json.
// A benchmark, not a test: nothing fails on a number. A feature the viewer lacks (the
// `seeds-search` event, `stats()`) is reported as n/a or measured a documented other way.

import { createServer } from 'node:http';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, platform, release } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, gzipSync, constants as zlib } from 'node:zlib';
import { chromium } from 'playwright-core';
import { serve as serveSeeds } from '../tests/browser/harness.mjs';
import { random } from './random.mjs';

const HERE = import.meta.dirname;
const planPath = process.argv[2];
if (!planPath) {
  console.error('usage: node bench/run.mjs PLAN.json (cargo xtask bench writes it)');
  process.exit(2);
}
const plan = JSON.parse(readFileSync(planPath, 'utf8'));
const ROOT = plan.root;
const OUT = plan.out;
const QUERIES = JSON.parse(readFileSync(path.join(HERE, 'queries.json'), 'utf8'));
const RELEVANCE = JSON.parse(readFileSync(path.join(HERE, 'relevance.json'), 'utf8'));

const PEERS = {
  minisearch: path.join(ROOT, 'node_modules/minisearch/dist/umd/index.js'),
  flexsearch: path.join(ROOT, 'node_modules/flexsearch/dist/flexsearch.bundle.min.js'),
  lunr: path.join(ROOT, 'node_modules/lunr/lunr.min.js'),
};
const SYSTEMS = ['viewer', 'minisearch', 'flexsearch', 'lunr', 'minisearch-raw', 'pagefind'];
/** Typo-recall words in all, shared out evenly between the source corpora that are measured. */
const RECALL_WORDS = 200;
const RECALL_SOURCES = ['mdbook', '1000'];
/** Longest wait for a corpus to load, an index to build or a query set to finish. */
const LONG = 240_000;
/** Wait for the `seeds-search` event of one query before falling back to DOM changes. */
const EVENT_WAIT = 3_000;

// ---------------------------------------------------------------------------------------------
// Small helpers

const T0 = performance.now();
const log = (...args) => console.error(`bench [${((performance.now() - T0) / 1000).toFixed(0)} s]:`, ...args);

function percentile(values, p) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (!sorted.length) return null;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

/** Like `percentile`, but a miss (`Infinity`) counts as slower than every hit. */
function percentileWithMisses(values, p) {
  const kept = values.filter((v) => v === Infinity || Number.isFinite(v)).sort((a, b) => a - b);
  if (!kept.length) return null;
  return kept[Math.min(kept.length - 1, Math.max(0, Math.ceil((p / 100) * kept.length) - 1))];
}

function latency(results) {
  const ms = results.map((r) => r.ms);
  return { p50: percentile(ms, 50), p95: percentile(ms, 95), n: ms.filter(Number.isFinite).length };
}

function sizes(file) {
  const bytes = readFileSync(file);
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

const escapeHtml = (s) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

function seedText(seed) {
  return [seed.title, seed.summary, seed.introduction,
    ...seed.sections.flatMap((s) => [s.heading, s.body]), seed.conclusion].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Typo recall and relevance sets

/**
 * `count` words of length >= 5 that occur in one to three seeds of `seeds`, each with one edit
 * (insert, delete, substitute, transpose in turn, at a random place) that makes a string found
 * nowhere in the corpus. Words are letters a-z after lower-casing, so that every engine's
 * tokenizer agrees on them. Returns [{query, word, edit, source}] (source: the seed's name).
 */
function typoSet(seeds, count, seed) {
  const next = random(seed);
  const pick = (n) => Math.floor(next() * n);
  const vocabulary = new Set();
  const seedsOf = new Map();
  seeds.forEach((s, i) => {
    const words = new Set(seedText(s).toLowerCase().split(/[^a-z]+/).filter(Boolean));
    for (const w of words) {
      vocabulary.add(w);
      if (w.length < 5) continue;
      const list = seedsOf.get(w) ?? [];
      if (list.length <= 3) list.push(i);
      seedsOf.set(w, list);
    }
  });
  const candidates = [...seedsOf].filter(([, list]) => list.length <= 3).map(([w]) => w).sort();
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const edits = ['insert', 'delete', 'substitute', 'transpose'];
  const out = [];
  const used = new Set();
  while (out.length < count && candidates.length) {
    const word = candidates.splice(pick(candidates.length), 1)[0];
    const edit = edits[out.length % edits.length];
    let typo = null;
    for (let attempt = 0; attempt < 20 && !typo; attempt++) {
      const at = pick(word.length);
      let t;
      if (edit === 'insert') t = word.slice(0, at) + letters[pick(26)] + word.slice(at);
      else if (edit === 'delete') t = word.slice(0, at) + word.slice(at + 1);
      else if (edit === 'substitute') t = word.slice(0, at) + letters[pick(26)] + word.slice(at + 1);
      else {
        const i = Math.min(at, word.length - 2);
        t = word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
      }
      if (t !== word && !vocabulary.has(t) && !used.has(t)) typo = t;
    }
    if (!typo) continue;
    used.add(typo);
    const list = seedsOf.get(word);
    out.push({ query: typo, word, edit, source: seeds[list[pick(list.length)]].name });
  }
  return out;
}

/** Top-1 and MRR (over the top ten) of `results` ([{top: [names]}]) against `judged`. */
function relevanceScore(results, judged) {
  let top1 = 0;
  let rr = 0;
  const perQuery = judged.map((j, i) => {
    const rank = (results[i]?.top ?? []).indexOf(j.want) + 1;
    if (rank === 1) top1++;
    if (rank > 0) rr += 1 / rank;
    return { query: j.query, want: j.want, rank: rank || null };
  });
  return { top1: top1 / judged.length, mrr: rr / judged.length, n: judged.length, perQuery };
}

function recallScore(results, set) {
  const hits = set.filter((t, i) => (results[i]?.top ?? []).slice(0, 5).includes(t.source)).length;
  return { hits, total: set.length, score: set.length ? hits / set.length : null };
}

// ---------------------------------------------------------------------------------------------
// Servers

/** Servers started and not yet stopped, stopped on Ctrl-C too (they run in their own group). */
const running = new Set();
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const stop of running) stop();
    process.exit(130);
  });
}

/** `xtask serve --no-build --port 0 --seeds DIR [--no-pack]` (the tests' helper); resolves to {url, stop}. */
async function serve(dir, pack) {
  const server = await serveSeeds(dir, { pack, xtask: plan.xtask, timeoutMs: 120_000 });
  const stop = () => {
    running.delete(stop);
    server.stop();
  };
  running.add(stop);
  return { url: server.url, stop };
}

/**
 * The peers' origin on 127.0.0.1: bench/peers.html, raw.html and peers.js, the engines' files,
 * the exported corpora (/data/ID.json), the raw seeds (/raw/ID.json) and the Pagefind bundles
 * (/pagefind/ID/...). Only these.
 */
function staticServer() {
  const routes = new Map([
    ['/peers.html', path.join(HERE, 'peers.html')],
    ['/peers.js', path.join(HERE, 'peers.js')],
    ['/raw.html', path.join(HERE, 'raw.html')],
    ...Object.entries(PEERS).map(([name, file]) => [`/lib/${name}.js`, file]),
    ...plan.corpora.map((c) => [`/data/${c.id}.json`, c.export]),
    ...plan.corpora.filter((c) => c.raw).map((c) => [`/raw/${c.id}.json`, c.raw]),
  ]);
  const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.json': 'application/json', '.wasm': 'application/wasm' };
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    let file = routes.get(url.pathname);
    const pf = /^\/pagefind\/([a-z0-9]+)\/([A-Za-z0-9._/-]+)$/.exec(url.pathname);
    if (!file && pf && !pf[2].split('/').includes('..')) {
      const base = path.join(OUT, `pagefind-${pf[1]}`);
      const candidate = path.join(base, pf[2]);
      if (candidate.startsWith(base + path.sep)) file = candidate;
    }
    if (!file || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': types[path.extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-cache',
    });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({
      url: `http://127.0.0.1:${server.address().port}/`,
      stop: () => server.close(),
    }));
  });
}

// ---------------------------------------------------------------------------------------------
// Browser helpers

async function launch() {
  return chromium.launch({
    executablePath: plan.chromium,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--enable-precise-memory-info'],
  });
}

/**
 * A fresh context and page; `page.bench` records page errors and, per response, its URL, body
 * bytes and Playwright's timing (its worker's requests included).
 */
async function openPage(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const bench = { errors: [], responses: [] };
  page.on('pageerror', (e) => bench.errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') bench.errors.push(m.text()); });
  page.on('requestfinished', (request) => {
    bench.responses.push(request.sizes().then((s) => ({ url: request.url(), bytes: s.responseBodySize, timing: request.timing() }))
      .catch(() => ({ url: request.url(), bytes: 0, timing: null })));
  });
  page.bench = bench;
  return { context, page };
}

/** Bytes of response bodies received so far, in all or for URLs matching `filter`. */
async function fetchedBytes(page, filter = () => true) {
  const all = await Promise.all(page.bench.responses);
  return all.filter((r) => filter(r.url)).reduce((sum, r) => sum + (r.bytes || 0), 0);
}

/** The page's main-thread JS heap after a garbage collection (CDP), in bytes. */
async function jsHeap(context, page) {
  const cdp = await context.newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('Performance.enable');
    const { metrics } = await cdp.send('Performance.getMetrics');
    return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? null;
  } finally {
    await cdp.detach().catch(() => {});
  }
}

/** Races `promise` against `ms`; a timeout becomes an error naming `what`. */
function within(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms / 1000} s`)), ms); }),
  ]).finally(() => clearTimeout(timer));
}

// ---------------------------------------------------------------------------------------------
// The viewer

/**
 * Runs in the page before its scripts: records the first `seeds-loaded` event, and the first
 * list ("first list": when the first `[part~=item]` appears in the element's shadow root,
 * watched from the moment the element attaches it).
 */
function viewerInit() {
  const bench = (window.__bench = { loaded: null, firstList: null });
  document.addEventListener('seeds-loaded', (e) => {
    bench.loaded ??= {
      t: performance.now(),
      seeds: e.detail?.seeds ?? null,
      diagnostics: e.detail?.diagnostics?.length ?? null,
    };
  });
  const attachShadow = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function attach(init) {
    const root = attachShadow.call(this, init);
    if (this.localName === 'seeds-viewer' && bench.firstList === null) {
      const observer = new MutationObserver(() => {
        if (bench.firstList === null && root.querySelector('[part~=item]')) {
          bench.firstList = performance.now();
          observer.disconnect();
        }
      });
      observer.observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ['part'] });
    }
    return root;
  };
}

/** Milliseconds between two keys of the paced typing (issue 12's keystroke target). */
const KEY_INTERVAL_MS = 150;

/** What the paced typing types: the keystroke phrases, then the query set's typo and phrase. */
function pacedWords(family) {
  const of = (kind) => QUERIES[family].find((q) => q.kind === kind)?.query;
  return [...QUERIES.keystrokes[family], of('typo'), of('phrase')].filter(Boolean);
}

/**
 * Runs in the page: types each word one character every `intervalMs` (each key a task of its
 * own) and, per key, times the input event to the last change of the result list before the
 * `seeds-search` event for that query (`listMs`), and to the frame after it (`frameMs`). A key
 * with no `seeds-search` of its own (a newer key's list replaced it) is a miss. The engine's and
 * the element's shares come from `stats().searches`, matched by query.
 */
async function pacedKeys({ words, intervalMs, settleMs }) {
  const viewer = document.querySelector('seeds-viewer');
  const root = viewer?.shadowRoot;
  const input = root?.querySelector('[part~=search]');
  const list = root?.querySelector('[part~=list]');
  if (!input || !list) return { error: 'no [part~=search] or [part~=list]' };
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  let lastChange = 0;
  const observer = new MutationObserver(() => { lastChange = performance.now(); });
  observer.observe(list, { childList: true, subtree: true, characterData: true, attributes: true });
  const keys = [];
  let pending = new Map();
  const onSearch = (e) => {
    const key = pending.get(e.detail?.query);
    if (!key || key.listMs !== null) return;
    const at = performance.now();
    key.listMs = (lastChange > key.t0 ? lastChange : at) - key.t0;
    key.count = e.detail.count;
    requestAnimationFrame(() => setTimeout(() => { key.frameMs = performance.now() - key.t0; }, 0));
  };
  document.addEventListener('seeds-search', onSearch);
  const type = (value) => {
    const key = { query: value, t0: performance.now(), listMs: null, frameMs: null, count: null };
    pending.set(value, key);
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    return key;
  };
  try {
    for (const word of words) {
      pending = new Map();
      type('');
      await sleep(settleMs);
      pending = new Map();
      const start = performance.now();
      for (let i = 1; i <= word.length; i++) {
        await sleep(Math.max(0, start + (i - 1) * intervalMs - performance.now()));
        keys.push(type(word.slice(0, i)));
      }
      await sleep(settleMs);
    }
    type('');
    await sleep(settleMs);
  } finally {
    observer.disconnect();
    document.removeEventListener('seeds-search', onSearch);
  }
  const searches = typeof viewer.stats === 'function' ? ((await viewer.stats()).searches ?? []) : [];
  return { keys: keys.map(({ t0, ...k }) => k), searches };
}

/** Paced typing in `page`, summed up: list and frame p50/p95 with misses, and the shares. */
async function pacedTyping(page, words) {
  const run = await within(page.evaluate(pacedKeys, { words, intervalMs: KEY_INTERVAL_MS, settleMs: 600 }), LONG, 'paced typing');
  if (run.error) return { error: run.error };
  return summarizeKeys(run, words);
}

/** One- and two-letter queries: the widest expansions, reported apart. */
const isShort = (query) => query.trim().replace(/^"/, '').length <= 2;

function summarizeKeys(run, words) {
  const miss = (v) => (v === null ? Infinity : v);
  const list = run.keys.map((k) => miss(k.listMs));
  const frame = run.keys.map((k) => miss(k.frameMs));
  // The engine's record of each query typed (the last one: a query is typed once per word).
  const record = new Map(run.searches.map((s) => [s.query, s]));
  const share = (pick, keys) => {
    const values = keys.map((k) => record.get(k.query)).filter(Boolean).map(pick).filter(Number.isFinite);
    return { p50: percentile(values, 50), p95: percentile(values, 95), max: values.length ? Math.max(...values) : null, n: values.length };
  };
  const short = run.keys.filter((k) => isShort(k.query));
  const long = run.keys.filter((k) => !isShort(k.query));
  return {
    words, keys: run.keys.length, misses: run.keys.filter((k) => k.listMs === null).length,
    list: { p50: percentileWithMisses(list, 50), p95: percentileWithMisses(list, 95) },
    frame: { p50: percentileWithMisses(frame, 50), p95: percentileWithMisses(frame, 95) },
    engine: share((s) => s.engineMs, long), engineShort: share((s) => s.engineMs, short),
    engineAll: share((s) => s.engineMs, run.keys),
    main: share((s) => s.mainMs, run.keys),
    perKey: run.keys.map((k) => ({ ...k, engineMs: record.get(k.query)?.engineMs ?? null, mainMs: record.get(k.query)?.mainMs ?? null })),
  };
}

/**
 * Runs in the page: types each query into the search field (value + an `input` event, what a
 * keystroke does) and times it to the `seeds-search` event for that query, which the element
 * dispatches once the list is rendered; then reads the top `limit` items' `data-seed`. Each
 * input starts in a task of its own, as a keystroke does (input dispatched from inside a
 * `seeds-search` listener's continuation can be coalesced away by the element). If the
 * element dispatches no such event (an older viewer), the time to the first change in its
 * shadow DOM is used instead and `mode` says so.
 */
async function viewerQueries({ queries, limit, eventWait, keystrokes }) {
  const viewer = document.querySelector('seeds-viewer');
  const root = viewer?.shadowRoot;
  const input = root?.querySelector('[part~=search]');
  if (!input) return { error: 'no [part~=search] in the viewer' };
  const state = (window.__benchQueries ??= { mode: 'event' });
  const settle = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  const top = () => [...root.querySelectorAll('[part~=item]')].slice(0, limit).map((i) => i.dataset.seed);

  function once(query) {
    return new Promise((resolve) => {
      let t0 = 0;
      let firstChange = null;
      let timer = null;
      let done = false;
      // Only a real query decides that the element has no event (an empty one may have none).
      const probing = query !== '';
      const observer = new MutationObserver(() => {
        firstChange ??= performance.now();
        if (state.mode === 'dom') finish(firstChange, 'dom', null);
      });
      const onSearch = (e) => {
        if (e.detail && 'query' in e.detail && e.detail.query !== query) return;
        finish(performance.now(), 'event', e.detail?.count ?? null);
      };
      function finish(t, mode, count) {
        if (done) return;
        done = true;
        clearTimeout(timer);
        observer.disconnect();
        document.removeEventListener('seeds-search', onSearch);
        resolve({ query, ms: t === null ? null : t - t0, mode, count, top: top() });
      }
      document.addEventListener('seeds-search', onSearch);
      observer.observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
      timer = setTimeout(() => {
        if (firstChange !== null) {
          if (probing) state.mode = 'dom';
          finish(firstChange, 'dom', null);
        } else {
          finish(null, 'timeout', null);
        }
      }, state.mode === 'dom' ? 2_000 : eventWait);
      t0 = performance.now();
      input.value = query;
      input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    });
  }

  const out = [];
  if (keystrokes) {
    for (const word of queries) {
      if (input.value !== '') {
        await settle();
        await once('');
      }
      for (let i = 1; i <= word.length; i++) {
        // Each keystroke is its own task, as typing is.
        await new Promise((resolve) => setTimeout(resolve, 0));
        out.push(await once(word.slice(0, i)));
      }
    }
  } else {
    for (const query of queries) {
      await settle();
      out.push(await once(query));
    }
  }
  await settle();
  await once('');
  return { results: out, mode: state.mode };
}

/**
 * The JS heaps of the page's dedicated workers after a garbage collection, in bytes. Playwright
 * has no CDP session for a worker, so this attaches to them through the page's session
 * (Target.setAutoAttach without flatten) and talks to each with Target.sendMessageToTarget.
 */
async function workerHeaps(context, page) {
  const cdp = await context.newCDPSession(page);
  const attached = [];
  const replies = new Map();
  cdp.on('Target.attachedToTarget', (e) => attached.push(e));
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    const message = JSON.parse(e.message);
    replies.get(`${e.sessionId}:${message.id}`)?.(message);
  });
  try {
    await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const heaps = [];
    for (const { sessionId, targetInfo } of attached) {
      if (targetInfo.type !== 'worker') continue;
      let id = 0;
      const send = (method) => within(new Promise((resolve) => {
        const key = `${sessionId}:${++id}`;
        replies.set(key, resolve);
        cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) })
          .catch(() => resolve({}));
      }), 10_000, method);
      await send('HeapProfiler.collectGarbage');
      heaps.push((await send('Runtime.getHeapUsage')).result?.usedSize ?? null);
    }
    return heaps;
  } catch {
    return [];
  } finally {
    await cdp.detach().catch(() => {});
  }
}

async function viewerMemory(context, page) {
  const heap = await jsHeap(context, page);
  const workers = page.workers();
  const heaps = workers.length ? await workerHeaps(context, page) : [];
  const stats = await page.evaluate(async () => {
    const viewer = document.querySelector('seeds-viewer');
    if (typeof viewer?.stats !== 'function') return null;
    return viewer.stats();
  }).catch(() => null);
  let wasm = stats?.wasmMemoryBytes ?? null;
  let wasmHow = wasm === null ? null : 'stats()';
  if (wasm === null && workers.length === 0) {
    // No stats(): the module the element instantiated on this page answers `init()` with its
    // exports, memory included (wasm-bindgen returns the existing instance).
    wasm = await page.evaluate(async () => {
      const glue = await import('/pkg/seeds_viewer.js');
      return (await glue.default())?.memory?.buffer?.byteLength ?? null;
    }).catch(() => null);
    wasmHow = wasm === null ? null : 'module memory';
  }
  const workerHeap = heaps.some((h) => h !== null) ? heaps.reduce((a, h) => a + (h ?? 0), 0) : null;
  const total = heap === null ? null : heap + (workerHeap ?? 0) + (wasm ?? 0);
  return { jsHeap: heap, workers: workers.length, workerHeap, wasmMemory: wasm, wasmHow, stats, total };
}

/** Opens the viewer at `url` with the init script `init`; resolves to its `seeds-loaded` record. */
async function loadViewer(page, url, init) {
  await page.addInitScript(init);
  await page.goto(url);
  return page.waitForFunction(() => window.__bench?.loaded, null, { timeout: LONG, polling: 100 })
    .then((h) => h.jsonValue());
}

async function measureViewer(browser, corpus, { pack, full, typos, judged }) {
  const server = await serve(corpus.dir, pack);
  const { context, page } = await openPage(browser);
  try {
    const loaded = await loadViewer(page, server.url, viewerInit);
    const result = {
      loadMs: loaded.t,
      seeds: loaded.seeds,
      diagnostics: loaded.diagnostics,
      fetchedBytes: await fetchedBytes(page),
    };
    if (!full) return result;

    result.memory = await viewerMemory(context, page);
    log('  viewer: queries');
    const family = corpus.id === 'mdbook' ? 'mdbook' : 'seeds';
    const rounds = corpus.seeds >= 5000 ? 5 : 10;
    const set = QUERIES[family];
    const list = Array.from({ length: rounds }, () => set.map((q) => q.query)).flat();
    const run = (queries, limit, keystrokes = false) => within(
      page.evaluate(viewerQueries, { queries, limit, eventWait: EVENT_WAIT, keystrokes }), LONG, 'viewer queries');
    const queries = await run(list, 10);
    if (queries.error) throw new Error(queries.error);
    result.mode = queries.mode;
    result.timeouts = queries.results.filter((r) => r.mode === 'timeout').length;
    result.query = { ...latency(queries.results), byKind: byKind(queries.results, set) };
    result.counts = Object.fromEntries(set.map((q) => [q.query, queries.results.find((r) => r.query === q.query)?.count ?? null]));
    log('  viewer: keystrokes');
    const keys = await run(QUERIES.keystrokes[family], 10, true);
    result.keystroke = { ...latency(keys.results), timeouts: keys.results.filter((r) => r.mode === 'timeout').length };
    log('  viewer: paced typing (one key every 150 ms)');
    result.paced = await pacedTyping(page, pacedWords(family));
    log('  viewer: typo recall and relevance');
    if (typos) result.recall = recallScore((await run(typos.map((t) => t.query), 5)).results, typos);
    if (judged) result.relevance = relevanceScore((await run(judged.map((j) => j.query), 10)).results, judged);
    result.errors = page.bench.errors;
    return result;
  } finally {
    await context.close();
    server.stop();
  }
}

function byKind(results, set) {
  return Object.fromEntries(set.map((q) => [q.kind, percentile(results.filter((r) => r.query === q.query).map((r) => r.ms), 50)]));
}

// ---------------------------------------------------------------------------------------------
// The peers

async function measurePeer(browser, statics, corpus, name, { typos, judged }) {
  const { context, page } = await openPage(browser);
  try {
    await page.goto(`${statics.url}peers.html`);
    await page.addScriptTag({ url: `/lib/${name}.js` });
    await page.addScriptTag({ url: '/peers.js' });
    const load = await within(page.evaluate((url) => window.peerBench.load(url), `/data/${corpus.id}.json`), LONG, `${name} data`);
    const before = await jsHeap(context, page);
    const build = await within(page.evaluate((n) => window.peerBench.build(n), name), LONG, `${name} build`);
    const after = await jsHeap(context, page);
    const family = corpus.id === 'mdbook' ? 'mdbook' : 'seeds';
    const rounds = corpus.seeds >= 5000 ? 5 : 10;
    const set = QUERIES[family];
    const list = Array.from({ length: rounds }, () => set.map((q) => q.query)).flat();
    const search = (queries, limit) => within(page.evaluate(([q, l]) => window.peerBench.search(q, l), [queries, limit]), LONG, `${name} queries`);
    const queries = await search(list, 10);
    const result = {
      options: build.options,
      dataMs: load.ms,
      buildMs: build.ms,
      readyMs: load.ms + build.ms,
      memory: { jsHeap: after, index: before === null || after === null ? null : after - before, total: after },
      query: { ...latency(queries), byKind: byKind(queries, set) },
    };
    if (typos) result.recall = recallScore(await search(typos.map((t) => t.query), 5), typos);
    if (judged) result.relevance = relevanceScore(await search(judged.map((j) => j.query), 10), judged);
    result.errors = page.bench.errors;
    return result;
  } catch (error) {
    return { error: error.message };
  } finally {
    await context.close();
  }
}

/**
 * The raw peer: bench/raw.html?data=/raw/ID.json, which from its navigation loads MiniSearch,
 * fetches the corpus's raw seed files as one JSON request, parses it and builds the index over
 * one `text` field. Loaded `repeats` times in fresh contexts (ready: the median); the last page
 * is then measured as the other peers are (heap after building, queries, recall, relevance).
 */
async function measureRawPeer(browser, statics, corpus, { typos, judged, repeats = 1 }) {
  if (!corpus.raw) return { error: 'no raw JSON in the plan (an older cargo xtask bench)' };
  const runs = [];
  try {
    for (let r = 1; r <= repeats; r++) {
      const { context, page } = await openPage(browser);
      try {
        await page.goto(`${statics.url}raw.html?data=/raw/${corpus.id}.json`);
        const raw = await page.waitForFunction(() => window.__raw, null, { timeout: LONG, polling: 100 }).then((h) => h.jsonValue());
        if (raw.error) throw new Error(raw.error);
        runs.push(raw);
        if (r < repeats) continue;
        const heap = await jsHeap(context, page);
        const family = corpus.id === 'mdbook' ? 'mdbook' : 'seeds';
        const rounds = corpus.seeds >= 5000 ? 5 : 10;
        const set = QUERIES[family];
        const list = Array.from({ length: rounds }, () => set.map((q) => q.query)).flat();
        const search = (queries, limit) => within(page.evaluate(([q, l]) => window.peerBench.search(q, l), [queries, limit]), LONG, 'minisearch-raw queries');
        const queries = await search(list, 10);
        const mid = (k) => percentile(runs.map((x) => x[k]), 50);
        const result = {
          options: raw.options,
          readyMs: mid('readyMs'),
          fetchMs: mid('fetchMs'),
          parseMs: mid('parseMs'),
          buildMs: mid('buildMs'),
          startMs: mid('startMs'),
          bytes: raw.bytes,
          runs: runs.map((x) => Math.round(x.readyMs)),
          memory: { jsHeap: heap, total: heap },
          query: { ...latency(queries), byKind: byKind(queries, set) },
        };
        if (typos) result.recall = recallScore(await search(typos.map((t) => t.query), 5), typos);
        if (judged) result.relevance = relevanceScore(await search(judged.map((j) => j.query), 10), judged);
        result.errors = page.bench.errors;
        return result;
      } finally {
        await context.close();
      }
    }
  } catch (error) {
    return { error: error.message, runs: runs.map((x) => Math.round(x.readyMs)) };
  }
  return { error: 'no run' };
}

// ---------------------------------------------------------------------------------------------
// Pagefind

/** One seed as the HTML page Pagefind indexes: title, summary, introduction, sections, end. */
function seedHtml(seed) {
  const paragraphs = (text) => text.split('\n').filter((l) => l.trim()).map((l) => `<p>${escapeHtml(l)}</p>`).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(seed.title)}</title></head>`
    + `<body><main><h1>${escapeHtml(seed.title)}</h1>${paragraphs(seed.summary)}${paragraphs(seed.introduction)}`
    + seed.sections.map((s) => `<section><h2>${escapeHtml(s.heading)}</h2>${paragraphs(s.body)}</section>`).join('')
    + `${paragraphs(seed.conclusion)}</main></body></html>`;
}

/**
 * Builds (or reuses, when its export is unchanged) the Pagefind bundle of `corpus` in
 * target/bench/pagefind-ID, with the `pagefind` npm package. Pages are at `/s/POSITION/`.
 */
async function pagefindIndex(corpus, seeds) {
  const dir = path.join(OUT, `pagefind-${corpus.id}`);
  const stat = statSync(corpus.export);
  const stamp = `${stat.size}:${stat.mtimeMs}`;
  const stampFile = path.join(OUT, `pagefind-${corpus.id}.stamp`);
  const info = () => {
    const files = readdirSync(dir, { recursive: true }).map((f) => path.join(dir, f)).filter((f) => statSync(f).isFile());
    return { files: files.length, bytes: files.reduce((sum, f) => sum + statSync(f).size, 0) };
  };
  if (existsSync(stampFile) && existsSync(dir)) {
    const saved = JSON.parse(readFileSync(stampFile, 'utf8'));
    if (saved.stamp === stamp) return { ...saved.result, reused: true };
  }
  const pagefind = await import('pagefind');
  rmSync(dir, { recursive: true, force: true });
  const t0 = performance.now();
  const { index, errors } = await pagefind.createIndex({ forceLanguage: 'en' });
  if (!index) throw new Error(`pagefind: ${errors.join('; ')}`);
  const batch = 64;
  for (let i = 0; i < seeds.length; i += batch) {
    await Promise.all(seeds.slice(i, i + batch).map((seed, k) =>
      index.addHTMLFile({ url: `/s/${i + k}/`, content: seedHtml(seed) })));
  }
  await index.writeFiles({ outputPath: dir });
  await pagefind.close();
  const result = { buildMs: performance.now() - t0, ...info() };
  writeFileSync(stampFile, JSON.stringify({ stamp, result }));
  return result;
}

/** Pagefind's engine as a page ships it: pagefind.js and its wasm, gzip. */
function pagefindEngineSize(dir) {
  const files = readdirSync(dir).filter((f) => f === 'pagefind.js' || /^wasm\..*pagefind$/.test(f));
  return files.reduce((acc, f) => {
    const s = sizes(path.join(dir, f));
    return { raw: acc.raw + s.raw, gzip: acc.gzip + s.gzip, files: [...acc.files, f] };
  }, { raw: 0, gzip: 0, files: [] });
}

async function measurePagefind(browser, statics, corpus, seeds, { typos, judged }) {
  let built;
  try {
    built = await pagefindIndex(corpus, seeds);
  } catch (error) {
    return { error: `index not built: ${error.message}` };
  }
  const { context, page } = await openPage(browser);
  try {
    await page.goto(`${statics.url}peers.html`);
    await page.addScriptTag({ url: '/peers.js' });
    const names = seeds.map((s) => s.name);
    const init = await within(page.evaluate(([base, n]) => window.peerBench.pagefindInit(base, n),
      [`/pagefind/${corpus.id}/`, names]), LONG, 'pagefind init');
    const family = corpus.id === 'mdbook' ? 'mdbook' : 'seeds';
    const set = QUERIES[family];
    const search = (queries, limit) => within(page.evaluate(([q, l]) => window.peerBench.pagefindSearch(q, l), [queries, limit]), LONG, 'pagefind queries');
    // The first round fetches the index chunks the queries need: reported apart, as "cold".
    const cold = await search(set.map((q) => q.query), 10);
    const rounds = corpus.seeds >= 5000 ? 5 : 10;
    const warm = await search(Array.from({ length: rounds }, () => set.map((q) => q.query)).flat(), 10);
    const pf = (url) => url.includes('/pagefind/');
    const result = {
      options: 'forceLanguage en; HTML pages: h1 title, p summary and introduction, h2 per section',
      indexBuildMs: built.buildMs,
      indexReused: Boolean(built.reused),
      index: { files: built.files, bytes: built.bytes },
      initMs: init.ms,
      coldQuery: latency(cold),
      query: { ...latency(warm), byKind: byKind(warm, set) },
      fetchedBytes: await fetchedBytes(page, pf),
      memory: { jsHeap: await jsHeap(context, page) },
    };
    if (typos) result.recall = recallScore(await search(typos.map((t) => t.query), 5), typos);
    if (judged) result.relevance = relevanceScore(await search(judged.map((j) => j.query), 10), judged);
    result.fetchedBytesAll = await fetchedBytes(page, pf);
    result.errors = page.bench.errors;
    return result;
  } catch (error) {
    return { error: error.message };
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Huge seeds: main-thread responsiveness

/** Issue 12's responsiveness target, with a Worker: no main-thread task longer than this. */
const TASK_TARGET_MS = 100;
/** Loads of each huge-seed corpus, interleaved, the median and the best reported (machines are noisy). */
const STRESS_REPEATS = 5;
/** The query typed, keystroke by keystroke, with the huge article open. */
const STRESS_QUERY = 'kratom sleep';
const HUGE_NAME = 'huge.txt';
const HUGE_SECTIONS = 400;
const HUGE_BYTES = 5_000_000;
const PATHOLOGICAL_NAME = 'pathological.md';

/** The real seeds' files (name → text), the seeds of `seeds/`. */
function realSeedFiles() {
  const dir = path.join(ROOT, 'seeds');
  return readdirSync(dir).filter((f) => /\.(txt|md)$/.test(f)).sort()
    .map((name) => ({ name, text: readFileSync(path.join(dir, name), 'utf8') }));
}

/**
 * A plain seed of about `bytes` bytes with `sections` sections, in the real format (summary,
 * introduction, outline, then each section as its title line and paragraphs), its paragraphs
 * drawn from the real seeds (never the summary, introduction or titles); the same every run.
 */
function hugeSeed(sections = HUGE_SECTIONS, bytes = HUGE_BYTES) {
  const paragraphs = [];
  const titles = [];
  let conclusion = '';
  for (const { name, text } of realSeedFiles()) {
    if (!name.endsWith('.txt')) continue;
    const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
    const outline = lines.filter((l) => l.startsWith('- ')).map((l) => l.slice(2).trim());
    const own = new Set(outline);
    titles.push(...outline);
    const body = lines.slice(2).filter((l) => !l.startsWith('- ') && !own.has(l));
    conclusion ||= body.at(-1) ?? '';
    paragraphs.push(...body.slice(0, -1));
  }
  const next = random(400);
  const title = (i) => `Part ${i}: ${titles[(i - 1) % titles.length]}`;
  const out = [
    'A five-megabyte seed made of the real seeds\u2019 paragraphs, for the bench.',
    'It has the real format and four hundred sections, so that opening it mounts a long article a slice at a time.',
    ...Array.from({ length: sections }, (_, i) => `- ${title(i + 1)}`),
  ];
  let total = Buffer.byteLength(out.join('\n')) + Buffer.byteLength(conclusion) + 2;
  for (let i = 1; i <= sections; i++) {
    out.push(title(i));
    total += Buffer.byteLength(title(i)) + 1;
    // Each section ends once the file has reached its share of `bytes` (at least one paragraph).
    do {
      const p = paragraphs[Math.floor(next() * paragraphs.length)];
      out.push(p);
      total += Buffer.byteLength(p) + 1;
    } while (total < (bytes * i) / sections);
  }
  out.push(conclusion);
  return `${out.join('\n')}\n`;
}

/**
 * A markdown seed of about 1 MB built to hurt a parser and a renderer: 10,000 nested `>`
 * markers, 10,000 `[`, runs of `*a **b`, a table of 500 columns, a link reference used 4,000
 * times (an expanding "bomb": 30 KB of markdown become megabytes of HTML), raw HTML and
 * entities. Each under its own `##` heading; returns {text, lastId} (the last section's id).
 */
function pathologicalSeed() {
  const sections = [
    ['Ten thousand nested quotes', `${'> '.repeat(10_000)}deep`],
    ['Ten thousand open brackets', `${'['.repeat(10_000)}x and ${'[a]('.repeat(2_000)}y`],
    ['Emphasis runs', '*a **b '.repeat(30_000)],
    ['A table of 500 columns', [
      `|${Array.from({ length: 500 }, (_, i) => ` h${i} `).join('|')}|`,
      `|${Array.from({ length: 500 }, () => '---').join('|')}|`,
      ...Array.from({ length: 200 }, (_, r) => `|${Array.from({ length: 500 }, (_, i) => ` ${(r * 500 + i) % 997} `).join('|')}|`),
    ].join('\n')],
    ['A link-reference bomb', `${'[bomb] '.repeat(4_000)}\n\n[bomb]: /${'a'.repeat(500)} "${'t'.repeat(500)}"`],
    ['Raw HTML and entities', '<b>&amp;&#x1F600;<i>x</i>&nbsp;'.repeat(6_000)],
  ];
  const text = ['---', 'title: Pathological markdown', 'summary: Markdown built to be slow to parse and to render.', '---', '',
    'For the bench: each section below is one pathology.', '',
    ...sections.flatMap(([h, body]) => [`## ${h}`, '', body, '']),
  ].join('\n');
  return { text, lastId: `sv-s${sections.length}` };
}

/**
 * Writes the huge-seed corpora under OUT: the real seeds alone (the baseline), with the huge
 * plain seed, and with both it and the pathological markdown seed.
 */
function stressCorpora() {
  const real = realSeedFiles();
  const huge = hugeSeed();
  const md = pathologicalSeed();
  const make = (id, extra) => {
    const dir = path.join(OUT, `stress-${id}`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const files = [...real, ...extra];
    for (const f of files) writeFileSync(path.join(dir, f.name), f.text);
    return { id, dir, seeds: files.length, bytes: files.reduce((s, f) => s + Buffer.byteLength(f.text), 0) };
  };
  return {
    hugeBytes: Buffer.byteLength(huge),
    markdownBytes: Buffer.byteLength(md.text),
    markdownLastId: md.lastId,
    corpora: [
      make('base', []),
      make('plain', [{ name: HUGE_NAME, text: huge }]),
      make('all', [{ name: HUGE_NAME, text: huge }, { name: PATHOLOGICAL_NAME, text: md.text }]),
    ],
  };
}

/**
 * Runs in the page before its scripts: records every `seeds-loaded` event, every long task
 * (PerformanceObserver `longtask`, buffered) and every long animation frame over 100 ms (with
 * its scripts and its style-and-layout start, to tell script from rendering).
 */
function stressInit() {
  const bench = (window.__bench = { loaded: null, loads: [], longtasks: [], frames: [] });
  document.addEventListener('seeds-loaded', (e) => {
    const load = {
      t: performance.now(),
      seeds: e.detail?.seeds ?? null,
      diagnostics: (e.detail?.diagnostics ?? []).map((d) => `${d.file}:${d.line} ${d.message}`),
    };
    bench.loads.push(load);
    bench.loaded ??= load;
  });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) bench.longtasks.push({ start: e.startTime, ms: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch { bench.longtasks = null; }
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (e.duration < 100) continue;
        const end = e.startTime + e.duration;
        bench.frames.push({
          start: e.startTime,
          ms: e.duration,
          blockingMs: e.blockingDuration,
          styleLayoutMs: e.styleAndLayoutStart ? end - e.styleAndLayoutStart : 0,
          scripts: [...(e.scripts ?? [])].sort((a, b) => b.duration - a.duration).slice(0, 3).map((s) => ({
            invoker: s.invoker, fn: s.sourceFunctionName, ms: s.duration, forcedLayoutMs: s.forcedStyleAndLayoutDuration,
          })),
        });
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
  } catch { /* no LoAF: the long tasks still say how long */ }
}

/**
 * Runs in the page: clicks the open button of item `name` and resolves once its article's
 * element `lastId` is attached (the element mounts a long article a slice at a time), or, if
 * that never comes, once the reader has been quiet for `quietMs`; `paintedMs` adds the next
 * frame (style, layout and paint of what was mounted).
 */
function openTimed({ name, lastId, timeoutMs, quietMs }) {
  const root = document.querySelector('seeds-viewer')?.shadowRoot;
  const button = root?.querySelector(`[part~=item][data-seed="${CSS.escape(name)}"] button.open`);
  if (!button) return { error: `no item for ${name}` };
  const reader = root.querySelector('[part~=reader]');
  const ours = () => root.querySelector('[part~=article]')?.dataset.seed === name;
  return new Promise((resolve) => {
    let t0 = 0;
    let last = null;
    let done = false;
    const finish = (by, t) => {
      if (done) return;
      done = true;
      observer.disconnect();
      clearInterval(quiet);
      clearTimeout(timer);
      requestAnimationFrame(() => setTimeout(() => {
        const end = performance.now();
        resolve({ name, by, t0, ms: t === null ? null : t - t0, paintedMs: end - t0, end,
          sections: root.querySelectorAll('[part~=article] [part~=section]').length });
      }, 0));
    };
    const observer = new MutationObserver(() => {
      last = performance.now();
      if (ours() && root.getElementById(lastId)) finish('last section', last);
    });
    observer.observe(reader, { childList: true, subtree: true });
    const quiet = setInterval(() => {
      if (last !== null && ours() && performance.now() - last > quietMs) finish('quiet', last);
    }, 100);
    const timer = setTimeout(() => finish('timeout', null), timeoutMs);
    t0 = performance.now();
    button.click();
  });
}

/**
 * Runs in the page: scrolls the reader from top to bottom in `steps` steps, one per frame, and
 * back to the top; resolves with when it started and ended.
 */
async function scrollTimed({ steps }) {
  const reader = document.querySelector('seeds-viewer')?.shadowRoot?.querySelector('[part~=reader]');
  if (!reader) return { error: 'no [part~=reader]' };
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
  const t0 = performance.now();
  for (let i = 1; i <= steps; i++) {
    reader.scrollTop = ((reader.scrollHeight - reader.clientHeight) * i) / steps;
    await frame();
  }
  reader.scrollTop = 0;
  await frame();
  return { t0, end: performance.now(), height: reader.scrollHeight };
}

/** The long tasks and long frames of the page that overlap [t0, t1], summed up. */
async function tasksBetween(page, t0, t1) {
  await page.waitForTimeout(300); // observers report after the task
  const { longtasks, frames } = await page.evaluate(() => window.__bench);
  if (!longtasks) return { longestMs: null, note: 'no longtask entries in this browser' };
  const within = (e) => e.start < t1 && e.start + e.ms > t0;
  const tasks = longtasks.filter(within).sort((a, b) => b.ms - a.ms);
  const worst = frames.filter(within).sort((a, b) => b.ms - a.ms)[0] ?? null;
  return {
    longestMs: tasks[0]?.ms ?? 0,
    over: tasks.filter((t) => t.ms > TASK_TARGET_MS).length,
    count: tasks.length,
    totalMs: tasks.reduce((s, t) => s + t.ms, 0),
    top: tasks.slice(0, 5).map((t) => Math.round(t.ms)),
    worstFrame: worst,
  };
}

async function measureStress(browser) {
  const made = stressCorpora();
  const out = {
    target: `no main-thread task over ${TASK_TARGET_MS} ms`,
    hugeBytes: made.hugeBytes, hugeSections: HUGE_SECTIONS, markdownBytes: made.markdownBytes,
    repeats: STRESS_REPEATS, query: STRESS_QUERY, loads: {},
  };
  const servers = [];
  try {
    for (const corpus of made.corpora) servers.push({ corpus, server: await serve(corpus.dir, true), runs: [] });
    // Interleaved (base, plain, all, base, ...), so that a busy spell weighs on every corpus alike.
    for (let r = 0; r < STRESS_REPEATS; r++) {
      for (const { corpus, server, runs } of servers) {
        log(`  stress: load ${corpus.id} (${corpus.seeds} seeds, ${mb(corpus.bytes)} MB), ${r + 1} of ${STRESS_REPEATS}`);
        const { context, page } = await openPage(browser);
        try {
          const loaded = await loadViewer(page, server.url, stressInit);
          runs.push({ ms: loaded.t, seeds: loaded.seeds, diagnostics: loaded.diagnostics, tasks: await tasksBetween(page, 0, loaded.t) });
          if (corpus.id === 'all' && r === STRESS_REPEATS - 1) Object.assign(out, await interact(page, made));
          const errors = page.bench.errors;
          if (errors.length) out.errors = [...(out.errors ?? []), ...errors];
        } finally {
          await context.close();
        }
      }
    }
    for (const { corpus, runs } of servers) {
      out.loads[corpus.id] = {
        seeds: corpus.seeds, bytes: corpus.bytes,
        ms: percentile(runs.map((r) => r.ms), 50),
        best: Math.min(...runs.map((r) => r.ms)),
        runs: runs.map((r) => Math.round(r.ms)),
        longestTaskMs: Math.max(...runs.map((r) => r.tasks.longestMs ?? 0)),
        over: Math.max(...runs.map((r) => r.tasks.over ?? 0)),
        tasks: runs.reduce((worst, r) => ((r.tasks.longestMs ?? 0) > (worst.longestMs ?? 0) ? r.tasks : worst), runs[0].tasks),
        listed: runs.at(-1).seeds,
        diagnostics: runs.at(-1).diagnostics,
      };
    }
  } finally {
    for (const { server } of servers) server.stop();
  }
  const { base, plain, all } = out.loads;
  const perMb = (ms, bytes) => (Number.isFinite(ms) && bytes ? ms / (bytes / 1e6) : null);
  // From the best run of each corpus: on a busy machine the median carries other processes' time.
  out.parseIndexMsPerMb = {
    from: 'best run of each corpus',
    plain: perMb(plain.best - base.best, made.hugeBytes),
    markdown: perMb(all.best - plain.best, made.markdownBytes),
    both: perMb(all.best - base.best, made.hugeBytes + made.markdownBytes),
  };
  out.renderMsPerMb = {
    plain: perMb(out.openHuge?.ms, made.hugeBytes),
    markdown: perMb(out.openMarkdown?.ms, made.markdownBytes),
  };
  out.longestTaskMs = Math.max(...[...Object.values(out.loads).map((l) => l.longestTaskMs), out.openHuge?.tasks?.longestMs,
    out.openMarkdown?.tasks?.longestMs, out.scroll?.tasks?.longestMs, out.typing?.tasks?.longestMs].filter(Number.isFinite));
  return out;
}

/** In the loaded 6-seed page: open the huge seed, then the markdown one, then type a query. */
async function interact(page, made) {
  const out = {};
  const open = async (name, lastId) => {
    log(`  stress: open ${name}`);
    await page.waitForTimeout(500);
    const r = await within(page.evaluate(openTimed, { name, lastId, timeoutMs: LONG, quietMs: 3000 }), LONG + 10_000, `open ${name}`);
    if (r.error) return r;
    return { ...r, tasks: await tasksBetween(page, r.t0, r.end) };
  };
  out.openHuge = await open(HUGE_NAME, `sv-s${HUGE_SECTIONS}`);
  out.openMarkdown = await open(PATHOLOGICAL_NAME, made.markdownLastId);
  // Scrolling through it, then typing with it open: every search updates its highlights.
  await open(HUGE_NAME, `sv-s${HUGE_SECTIONS}`);
  log(`  stress: scroll through ${HUGE_NAME}`);
  await page.waitForTimeout(500);
  const scrolled = await within(page.evaluate(scrollTimed, { steps: 60 }), LONG, 'scrolling');
  out.scroll = scrolled.error ? scrolled : { ms: scrolled.end - scrolled.t0, height: scrolled.height, tasks: await tasksBetween(page, scrolled.t0, scrolled.end) };
  log(`  stress: type "${STRESS_QUERY}" with ${HUGE_NAME} open, one key every ${KEY_INTERVAL_MS} ms`);
  await page.waitForTimeout(500);
  const t0 = await page.evaluate(() => performance.now());
  const typed = await pacedTyping(page, [STRESS_QUERY]);
  const t1 = await page.evaluate(() => performance.now());
  out.typing = typed.error ? typed : { ...typed, tasks: await tasksBetween(page, t0, t1) };
  return out;
}

// ---------------------------------------------------------------------------------------------
// Leaks: the same corpus loaded again and again in one page

const LEAK_LOADS = 10;
/** "Flat": the total grows by less than this share of the 2nd load's from the 2nd to the 10th. */
const LEAK_FLAT = 0.05;

/** The page's DOM node, listener and document counts (CDP Performance.getMetrics). */
async function pageCounters(context, page) {
  const cdp = await context.newCDPSession(page);
  try {
    await cdp.send('Performance.enable');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const get = (name) => metrics.find((m) => m.name === name)?.value ?? null;
    return { nodes: get('Nodes'), listeners: get('JSEventListeners'), documents: get('Documents') };
  } finally {
    await cdp.detach().catch(() => {});
  }
}

/**
 * Loads `corpus` LEAK_LOADS times in one page by changing the element's `src` (the manifest
 * URL with `?n=i`, so that it is a change), then once more in a new element that replaces the
 * old one; after each `seeds-loaded`, the viewer's memory (page and worker JS heaps after a
 * GC, wasm memory from stats()) and the page's node and listener counts.
 */
async function measureLeaks(browser, corpus) {
  const server = await serve(corpus.dir, true);
  const { context, page } = await openPage(browser);
  try {
    await page.addInitScript(stressInit);
    const loads = [];
    const waitLoads = (n) => page.waitForFunction((k) => window.__bench?.loads.length >= k, n, { timeout: LONG, polling: 100 });
    const record = async (how, t0) => {
      const load = (await page.evaluate(() => window.__bench.loads.at(-1)));
      const memory = await viewerMemory(context, page);
      const counters = await pageCounters(context, page);
      loads.push({
        how, ms: load.t - t0, seeds: load.seeds, total: memory.total, jsHeap: memory.jsHeap, workerHeap: memory.workerHeap,
        wasmMemory: memory.wasmMemory, workers: memory.workers, ...counters,
      });
      log(`  leaks: load ${loads.length} (${how}): ${mb(memory.total)} MB, wasm ${mb(memory.wasmMemory)} MB, ${memory.workers} worker(s)`);
    };
    await page.goto(server.url);
    await waitLoads(1);
    await record('navigation', 0);
    for (let i = 2; i <= LEAK_LOADS; i++) {
      const t0 = await page.evaluate((n) => {
        const t = performance.now();
        document.querySelector('seeds-viewer').setAttribute('src', `seeds/index.json?n=${n}`);
        return t;
      }, i);
      await waitLoads(i);
      await record('src changed', t0);
    }
    const t0 = await page.evaluate((n) => {
      const old = document.querySelector('seeds-viewer');
      const parent = old.parentNode;
      const t = performance.now();
      old.remove();
      const fresh = document.createElement('seeds-viewer');
      fresh.setAttribute('src', `seeds/index.json?n=${n}`);
      parent.append(fresh);
      return t;
    }, LEAK_LOADS + 1);
    await waitLoads(LEAK_LOADS + 1);
    await page.waitForTimeout(500); // the old worker's end is asynchronous
    await record('element replaced', t0);
    const second = loads[1];
    const tenth = loads[LEAK_LOADS - 1];
    const growth = (k) => (Number.isFinite(second[k]) && Number.isFinite(tenth[k]) ? tenth[k] - second[k] : null);
    return {
      corpus: corpus.id, label: corpus.label, bytes: corpus.bytes, loads,
      growth: { total: growth('total'), jsHeap: growth('jsHeap'), workerHeap: growth('workerHeap'), wasmMemory: growth('wasmMemory'), nodes: growth('nodes') },
      growthShare: Number.isFinite(growth('total')) && second.total ? growth('total') / second.total : null,
      errors: page.bench.errors,
    };
  } finally {
    await context.close();
    server.stop();
  }
}

// ---------------------------------------------------------------------------------------------
// The load (the project's issue 11)

/** Viewer loads of each corpus of 1,000 seeds or more, in fresh contexts; the median is reported. */
const LOAD_REPEATS = 3;
/** The throttled run's network: 50 Mbit/s down and up, a few milliseconds of latency (CDP). */
const THROTTLE = { offline: false, latency: 5, downloadThroughput: 50e6 / 8, uploadThroughput: 50e6 / 8 };
/** The packs a viewer may fetch: the raw one or, when the manifest names it, the gzip one. */
const PACK_PATH = /\/index\.pack(\.gz)?$/;

/**
 * One viewer load at `url` in a fresh context (throttled when `throttle` is given): navigation
 * to `seeds-loaded`, the first list, `stats()` (its `load` when the viewer reports one), bytes
 * fetched, and the pack's request (from navigation: issued, last byte).
 */
async function measureLoad(browser, url, { throttle = null } = {}) {
  const { context, page } = await openPage(browser);
  let cdp = null;
  try {
    if (throttle) {
      cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', throttle);
    }
    const loaded = await loadViewer(page, url, viewerInit);
    await page.waitForTimeout(200); // the last requestfinished events
    const { timeOrigin, firstList } = await page.evaluate(() => ({ timeOrigin: performance.timeOrigin, firstList: window.__bench.firstList }));
    const stats = await page.evaluate(async () => {
      const viewer = document.querySelector('seeds-viewer');
      return typeof viewer?.stats === 'function' ? viewer.stats() : null;
    }).catch(() => null);
    const responses = await Promise.all(page.bench.responses);
    const fromNavigation = (t, k) => (t && t[k] >= 0 ? t.startTime + t[k] - timeOrigin : null);
    const packs = responses.filter((r) => PACK_PATH.test(new URL(r.url).pathname)).map((r) => ({
      name: path.basename(new URL(r.url).pathname),
      bytes: r.bytes,
      startMs: r.timing ? r.timing.startTime - timeOrigin : null,
      endMs: fromNavigation(r.timing, 'responseEnd'),
    }));
    return {
      loadMs: loaded.t,
      seeds: loaded.seeds,
      diagnostics: loaded.diagnostics,
      firstListMs: firstList,
      stats,
      load: stats?.load ?? null,
      wasmMemoryBytes: stats?.wasmMemoryBytes ?? null,
      fetchedBytes: responses.reduce((sum, r) => sum + (r.bytes || 0), 0),
      requests: responses.length,
      pack: packs.at(-1) ?? null,
      throttle,
      errors: page.bench.errors,
    };
  } finally {
    await cdp?.detach().catch(() => {});
    await context.close();
  }
}

/** LOAD_REPEATS loads of `corpus`, packed, and (when `throttled`) one more at 50 Mbit/s. */
async function measureLoads(browser, corpus, { throttled }) {
  const server = await serve(corpus.dir, true);
  try {
    const runs = [];
    for (let r = 1; r <= LOAD_REPEATS; r++) {
      log(`  load ${r} of ${LOAD_REPEATS}`);
      runs.push(await measureLoad(browser, server.url));
    }
    const sorted = [...runs].sort((a, b) => a.loadMs - b.loadMs);
    const out = {
      runs,
      loadMs: percentile(runs.map((r) => r.loadMs), 50),
      best: sorted[0].loadMs,
      median: sorted[Math.floor((sorted.length - 1) / 2)],
      wasmMemoryBytes: Math.max(...runs.map((r) => r.wasmMemoryBytes ?? -1)),
    };
    if (out.wasmMemoryBytes < 0) out.wasmMemoryBytes = null;
    if (throttled) {
      log('  load at 50 Mbit/s (CDP Network.emulateNetworkConditions)');
      out.throttled = await measureLoad(browser, server.url, { throttle: THROTTLE }).catch((e) => ({ error: e.message }));
    }
    return out;
  } finally {
    server.stop();
  }
}

/** Median of the finite values (null when none). */
const median = (values) => percentile(values, 50);

/**
 * Parse + index throughput of a corpus's loads, MB/s: from `stats().load` (bytes / parseMs,
 * timed in the worker around the Rust calls) when the viewer reports it; else derived as the
 * bench always did, best load minus the best load of the 4 real seeds, over the seeds' bytes
 * (fetching and the first render included, so a lower bound).
 */
function throughput(c, results) {
  const runs = (c.load?.runs ?? []).filter((r) => r.load && r.load.parseMs > 0 && r.load.bytes > 0);
  if (runs.length) {
    const mbps = median(runs.map((r) => r.load.bytes / 1e6 / (r.load.parseMs / 1000)));
    return { mbps, parseMs: median(runs.map((r) => r.load.parseMs)), how: `stats().load bytes / parseMs, median of ${runs.length}` };
  }
  const base = results.stress?.loads?.base?.best;
  if (!Number.isFinite(c.load?.best) || !Number.isFinite(base)) return { mbps: null, parseMs: null, how: 'no stats().load and no 4-seed baseline load' };
  const ms = c.load.best - base;
  return {
    mbps: ms > 0 ? c.bytes / 1e6 / (ms / 1000) : null,
    parseMs: ms,
    derived: true,
    how: 'derived (no stats().load): best load − best 4-seed load, over the seeds\' bytes; fetch and first list included',
  };
}

/** The parts of one load: fetch, parse + index, first list, each with how it was measured. */
function loadParts(run, c, results) {
  const l = run?.load;
  const parts = {};
  if (Number.isFinite(l?.fetchMs)) parts.fetch = { ms: l.fetchMs, how: 'stats().load.fetchMs' };
  else if (run?.pack) parts.fetch = { ms: run.pack.endMs - run.pack.startMs, endMs: run.pack.endMs, how: `${run.pack.name} request to last byte (Playwright timing)` };
  if (Number.isFinite(l?.parseMs)) parts.parse = { ms: l.parseMs, how: 'stats().load.parseMs' };
  else {
    const t = throughput(c, results);
    parts.parse = { ms: t.parseMs, how: 'derived: best load − best 4-seed load' };
  }
  parts.firstList = { ms: run?.firstListMs ?? null, how: 'navigation to the first [part~=item]' };
  if (Number.isFinite(l?.totalMs)) parts.total = { ms: l.totalMs, how: 'stats().load.totalMs' };
  return parts;
}

/** The load table: for each corpus measured, the viewer's loads and the raw peer's ready. */
function loadReport(results) {
  const rows = [];
  for (const c of results.corpora.filter((k) => k.load)) {
    const l = c.load;
    const run = l.median;
    const parts = loadParts(run, c, results);
    const t = throughput(c, results);
    const raw = c.systems['minisearch-raw'];
    rows.push([c.label, `${mb(c.bytes)} MB`, `${ms(l.loadMs)} (best ${ms(l.best)}, ${l.runs.length} runs)`,
      ms(parts.firstList.ms), `${ms(parts.fetch?.ms)}${parts.fetch?.how.startsWith('stats') ? '' : ' *'}`,
      `${ms(parts.parse?.ms)}${t.derived ? ' †' : ''}`, t.mbps === null ? 'n/a' : `${t.mbps.toFixed(1)}${t.derived ? ' †' : ''}`,
      `${mb(l.wasmMemoryBytes)} (${l.wasmMemoryBytes ? (l.wasmMemoryBytes / c.bytes).toFixed(2) : 'n/a'}×)`,
      `${mb(run.fetchedBytes)}${run.pack ? ` (${run.pack.name})` : ''}`,
      raw?.error ? raw.error : `${ms(raw?.readyMs)} (fetch ${ms(raw?.fetchMs)}, JSON ${ms(raw?.parseMs)}, build ${ms(raw?.buildMs)})`]);
    const th = l.throttled;
    if (th) {
      const floor = th.fetchedBytes ? (th.fetchedBytes * 8) / 50e6 * 1000 : null;
      rows.push([`${c.label} at 50 Mbit/s`, '', th.error ?? ms(th.loadMs), ms(th.firstListMs),
        `${ms(loadParts(th, c, results).fetch?.ms)}`, Number.isFinite(th.load?.parseMs) ? ms(th.load.parseMs) : '', '', '',
        `${mb(th.fetchedBytes)}${th.pack ? ` (${th.pack.name} ${mb(th.pack.bytes)})` : ''}; ${ms(floor)} ms at line rate`, '']);
    }
  }
  if (!rows.length) return 'load: no corpus of 1,000 seeds or more measured';
  const out = ['load (the project\'s issue 11): viewer, navigation to seeds-loaded, packed, median of the runs; ms unless said'];
  out.push(grid(['corpus', 'seeds', 'seeds-loaded', 'first list', 'fetch', 'parse + index', 'MB/s', 'wasm MB (× seeds)', 'fetched MB', 'minisearch-raw ready'], rows));
  out.push('first list: navigation to the first [part~=item]. fetch: stats().load.fetchMs (load start to last byte) or, marked *,'
    + ' where the viewer reports no load, the pack\'s request to its last byte (Playwright timing).');
  out.push('parse + index: stats().load.parseMs (inside Rust), MB/s its bytes over it, or, marked †, derived: best load − best'
    + ' 4-seed load, over the seeds\' bytes (fetch and first list included, so a lower bound of the throughput).'
    + ' minisearch-raw: navigation to index built (median), its parts fetch, JSON.parse, build.');
  return out.join('\n');
}

/** A target's verdict: MET, MISSED, or n/a when it was not measured (`null`). */
const verdict = (v) => (v === null ? 'n/a' : v ? 'MET' : 'MISSED');

/** The issue-11 targets, each MET or MISSED (n/a when not measured). */
function loadTargets(results) {
  const out = [];
  const corpus = (id) => results.corpora.find((c) => c.id === id);
  const c10 = corpus('10000');
  const md = results.corpora.find((c) => c.id.startsWith('md') && c.id !== 'mdbook');
  const huge = results.stress?.parseIndexMsPerMb?.plain;
  const hugeNote = Number.isFinite(huge) && huge > 0 ? `; huge.txt derived ${(1000 / huge).toFixed(1)} MB/s` : '';
  for (const [c, want, extra] of [[c10, 40, hugeNote], [md, 20, '']]) {
    if (!c?.load) continue;
    const t = throughput(c, results);
    out.push([`${c.label} (${mb(c.bytes)} MB): parse + index >= ${want} MB/s${t.derived ? ' (derived)' : ''}`,
      `${t.mbps === null ? 'n/a' : t.mbps.toFixed(1)} MB/s${t.derived ? extra : ''}`, verdict(t.mbps === null ? null : t.mbps >= want)]);
  }
  const c1 = corpus('1000');
  if (c1?.load) {
    const raw = c1.systems['minisearch-raw']?.readyMs ?? null;
    const v = c1.load.loadMs;
    out.push(['1,000 seeds: seeds-loaded <= 0.3× minisearch-raw ready',
      `${ms(v)} ms vs ${ms(raw)} ms (${raw ? (v / raw).toFixed(2) : 'n/a'}×)`, verdict(raw === null ? null : v <= 0.3 * raw)]);
  }
  if (c10?.load) {
    const parts = loadParts(c10.load.median, c10, results);
    const names = { fetch: 'fetch', parse: 'parse + index', firstList: 'first list', total: 'load total' };
    const marks = { fetch: parts.fetch?.how.startsWith('stats') ? '' : '*', parse: parts.parse?.how.startsWith('stats') ? '' : '†' };
    const shown = Object.keys(names).filter((k) => parts[k]).map((k) => `${names[k]} ${ms(parts[k].ms)}${marks[k] ?? ''}`).join(', ');
    out.push(['10,000 seeds: seeds-loaded <= 2.5 s', `${ms(c10.load.loadMs)} ms (${shown})`, verdict(c10.load.loadMs <= 2500)]);
    const th = c10.load.throttled;
    if (th) {
      const floor = th.fetchedBytes ? ((th.fetchedBytes * 8) / 50e6) * 1000 : null;
      const missed = Number.isFinite(th.loadMs) && floor && th.loadMs < 0.8 * floor ? '; faster than the line rate: the throttling missed requests' : '';
      out.push(['10,000 seeds at 50 Mbit/s (printed, no target)', th.error ?? `${ms(th.loadMs)} ms, ${mb(th.fetchedBytes)} MB fetched${th.pack ? ` (${th.pack.name})` : ''}, ${ms(floor)} ms at line rate${missed}`, '']);
    }
    const w = c10.load.wasmMemoryBytes;
    out.push(['10,000 seeds: wasm memory <= 1.5× seeds\' bytes', `${mb(w)} MB vs ${mb(1.5 * c10.bytes)} MB (${w ? (w / c10.bytes).toFixed(2) : 'n/a'}×)`,
      verdict(w === null ? null : w <= 1.5 * c10.bytes)]);
  }
  if (!out.length) return '  (no corpus of 1,000 seeds or more measured)';
  const w1 = Math.max(...out.map((o) => o[0].length));
  const w2 = Math.max(...out.map((o) => o[1].length));
  return out.map(([t, v, r]) => `  ${t.padEnd(w1)}  ${v.padEnd(w2)}  ${r}`.trimEnd()).join('\n');
}

/** The issue-12 targets (keystrokes, long tasks, the huge seed), each MET or MISSED. */
function keystrokeTargets(results) {
  const out = [];
  const corpus = (id) => results.corpora.find((c) => c.id === id);
  const missed = (p) => (p?.misses ? `, ${p.misses} of ${p.keys} keys missed` : '');
  for (const [id, want] of [['1000', 10], ['10000', 12]]) {
    const p = corpus(id)?.systems.viewer?.paced;
    if (!p) continue;
    if (p.error) {
      out.push([`${id} seeds: paced typing`, p.error, 'n/a']);
      continue;
    }
    const v = p.list.p95;
    out.push([`${Number(id).toLocaleString('en')} seeds: keystroke to list p95 <= ${want} ms`,
      `${ms(v)} ms (p50 ${ms(p.list.p50)}; engine p95 ${ms(p.engine.p95)}, element p95 ${ms(p.main.p95)}${missed(p)})`, verdict(v === null ? null : v <= want)]);
    out.push([`  … to the next frame (printed, no target)`, `p50 ${ms(p.frame.p50)}, p95 ${ms(p.frame.p95)} ms`, '']);
  }
  const c10 = corpus('10000')?.systems.viewer?.paced;
  if (c10 && !c10.error) {
    for (const [label, e] of [['', c10.engine], [', one- and two-letter queries', c10.engineShort]]) {
      out.push([`10,000 seeds: engine per search p95 <= 2 ms${label}`, `${ms(e.p95)} ms (p50 ${ms(e.p50)}, max ${ms(e.max)}, ${e.n} searches)`,
        verdict(e.p95 === null ? null : e.p95 <= 2)]);
    }
  }
  const st = results.stress;
  if (st && !st.error) {
    const longest = st.longestTaskMs;
    out.push([`huge seeds: longest main-thread task <= ${TASK_TARGET_MS} ms (load, open, scroll, type)`, `${ms(longest)} ms`,
      verdict(Number.isFinite(longest) ? longest <= TASK_TARGET_MS : null)]);
    const e = st.typing?.engineAll;
    out.push([`a search hitting ${HUGE_NAME}: engine <= 50 ms`, e ? `max ${ms(e.max)} ms (p50 ${ms(e.p50)}, ${e.n} searches)` : 'n/a',
      verdict(Number.isFinite(e?.max) ? e.max <= 50 : null)]);
  }
  if (!out.length) return '  (no corpus of 1,000 seeds or more measured)';
  const w1 = Math.max(...out.map((o) => o[0].length));
  const w2 = Math.max(...out.map((o) => o[1].length));
  return out.map(([t, v, r]) => `  ${t.padEnd(w1)}  ${v.padEnd(w2)}  ${r}`.trimEnd()).join('\n');
}

// ---------------------------------------------------------------------------------------------
// Report

const ms = (v) => (v === null || v === undefined ? 'n/a' : v >= 100 ? `${Math.round(v)}` : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const mb = (v) => (v === null || v === undefined ? 'n/a' : (v / 1e6).toFixed(1));
const kb = (v) => (v === null || v === undefined ? 'n/a' : (v / 1024).toFixed(1));
const pct = (v) => (v === null || v === undefined ? 'n/a' : `${(v * 100).toFixed(1)}%`);

/** `peer` with the ratio viewer ÷ peer, for rows where both are numbers. */
function withRatio(text, viewer, peer) {
  if (!Number.isFinite(viewer) || !Number.isFinite(peer) || peer === 0) return text;
  return `${text} (${(viewer / peer).toFixed(2)}×)`;
}

function table(results) {
  const rows = [];
  const header = ['corpus', 'metric', ...SYSTEMS];
  const add = (corpus, metric, values, format, ratio = true) => {
    const v = values.viewer;
    rows.push([corpus, metric, ...SYSTEMS.map((s) => {
      const value = values[s];
      if (value === undefined) return '—';
      const text = format(value);
      return ratio && s !== 'viewer' ? withRatio(text, v, value) : text;
    })]);
  };
  const sz = results.sizes;
  add('', 'engine KB gzip', {
    viewer: sz.viewer.totalGzip,
    ...Object.fromEntries(Object.entries(sz.peers).map(([k, v]) => [k, v?.gzip ?? null])),
  }, kb);
  for (const c of results.corpora) {
    const s = c.systems;
    const get = (name, f) => (s[name] && !s[name].error ? f(s[name]) : s[name]?.error ? null : undefined);
    const label = c.label;
    add(label, 'ready ms (see below)', {
      viewer: get('viewer', (r) => r.loadMs), minisearch: get('minisearch', (r) => r.readyMs),
      flexsearch: get('flexsearch', (r) => r.readyMs), lunr: get('lunr', (r) => r.readyMs),
      'minisearch-raw': get('minisearch-raw', (r) => r.readyMs), pagefind: get('pagefind', (r) => r.initMs),
    }, ms);
    add(label, 'viewer load, no pack ms', { viewer: c.noPack?.loadMs ?? null }, ms);
    add(label, 'index build ms', {
      minisearch: get('minisearch', (r) => r.buildMs), flexsearch: get('flexsearch', (r) => r.buildMs),
      lunr: get('lunr', (r) => r.buildMs), 'minisearch-raw': get('minisearch-raw', (r) => r.buildMs),
      pagefind: get('pagefind', (r) => r.indexBuildMs),
    }, ms, false);
    for (const p of ['p50', 'p95']) {
      add(label, `query ${p} ms`, Object.fromEntries(SYSTEMS.map((n) => [n, get(n, (r) => r.query?.[p] ?? null)])), ms);
    }
    add(label, 'keystroke p95 ms', { viewer: get('viewer', (r) => r.keystroke?.p95 ?? null) }, ms);
    add(label, 'memory MB', Object.fromEntries(SYSTEMS.map((n) => [n, get(n, (r) => r.memory?.total ?? r.memory?.jsHeap ?? null)])), mb);
    add(label, 'fetched KB', { viewer: get('viewer', (r) => r.fetchedBytes), pagefind: get('pagefind', (r) => r.fetchedBytesAll) }, kb);
    if (c.typos) add(label, `typo recall (${c.typos.length})`, Object.fromEntries(SYSTEMS.map((n) => [n, get(n, (r) => r.recall?.score ?? null)])), pct, false);
    if (c.judged) {
      add(label, 'relevance top-1', Object.fromEntries(SYSTEMS.map((n) => [n, get(n, (r) => r.relevance?.top1 ?? null)])), pct, false);
      add(label, 'relevance MRR', Object.fromEntries(SYSTEMS.map((n) => [n, get(n, (r) => r.relevance?.mrr ?? null)])), (v) => (v === null ? 'n/a' : v.toFixed(3)), false);
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

const signedMb = (v) => (v === null || v === undefined ? 'n/a' : `${v >= 0 ? '+' : '−'}${(Math.abs(v) / 1e6).toFixed(2)}`);

/** A markdown-style table of `rows` under `header`. */
function grid(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

/** The huge-seed and leak scenarios: two small tables and the per-MB figures. */
function stressReport(results) {
  const out = [];
  const st = results.stress;
  if (!st || st.error) {
    out.push(`huge seeds: ${st?.error ?? 'not measured'}`);
  } else {
    // The longtask API reports tasks over 50 ms only.
    const task = (v) => (v === null || v === undefined ? 'n/a' : v === 0 ? '< 50' : `${ms(v)}${v > TASK_TARGET_MS ? ' (over)' : ''}`);
    const longest = (t) => task(t?.longestMs);
    const over = (t) => (t?.over ?? 'n/a');
    const frame = (t) => {
      const f = t?.worstFrame;
      if (!f) return '';
      const script = f.scripts?.[0];
      return `${ms(f.ms)} ms frame: ${ms(f.styleLayoutMs)} style+layout${script ? `, ${ms(script.ms)} ${script.invoker}` : ''}`;
    };
    const rows = [];
    const labels = { base: `load: ${st.loads.base?.seeds} real seeds (baseline)`, plain: `load: + ${HUGE_NAME} (${mb(st.hugeBytes)} MB)`,
      all: `load: + ${PATHOLOGICAL_NAME} (${mb(st.markdownBytes)} MB)` };
    for (const [id, l] of Object.entries(st.loads)) {
      rows.push([labels[id], `median ${ms(l.ms)}, best ${ms(l.best)} (${l.runs.length} runs)`, task(l.longestTaskMs), l.over, frame(l.tasks)]);
    }
    const opened = (o) => (o?.error ? o.error : `${ms(o?.ms)} attached, ${ms(o?.paintedMs)} painted${o?.by === 'last section' ? '' : ` (${o?.by})`}`);
    rows.push([`open ${HUGE_NAME} (${st.hugeSections} sections)`, opened(st.openHuge), longest(st.openHuge?.tasks), over(st.openHuge?.tasks), frame(st.openHuge?.tasks)]);
    rows.push([`open ${PATHOLOGICAL_NAME}`, opened(st.openMarkdown), longest(st.openMarkdown?.tasks), over(st.openMarkdown?.tasks), frame(st.openMarkdown?.tasks)]);
    const sc = st.scroll;
    rows.push([`scroll ${HUGE_NAME} top to bottom (60 frames)`, sc?.error ?? `${ms(sc?.ms)}`, longest(sc?.tasks), over(sc?.tasks), frame(sc?.tasks)]);
    const ty = st.typing;
    rows.push([`type "${st.query}" (a key per ${KEY_INTERVAL_MS} ms), ${HUGE_NAME} open`, ty?.error ?? `list p50 ${ms(ty?.list?.p50)}, p95 ${ms(ty?.list?.p95)}, ${ty?.misses} missed;`
      + ` engine max ${ms(ty?.engine?.max)}`, longest(ty?.tasks), over(ty?.tasks), frame(ty?.tasks)]);
    out.push(`huge seeds (target: ${st.target}; times in ms)`);
    out.push(grid(['scenario', 'time ms', 'longest task ms', `tasks > ${TASK_TARGET_MS} ms`, 'worst frame'], rows));
    const p = st.parseIndexMsPerMb;
    const r = st.renderMsPerMb;
    out.push(`parse + index (load minus baseline, best runs): ${ms(p.plain)} ms/MB plain, ${ms(p.markdown)} ms/MB pathological markdown, ${ms(p.both)} ms/MB both;`
      + ` render (open to attached): ${ms(r.plain)} ms/MB plain, ${ms(r.markdown)} ms/MB markdown`);
  }
  const lk = results.leaks;
  if (!lk || lk.error || lk.skipped) {
    out.push(`\nleaks: ${lk?.error ?? lk?.skipped ?? 'not measured'}`);
  } else {
    out.push(`\nleaks: ${lk.label} loaded ${LEAK_LOADS} times by changing src, then in a new element (MB after each load; target: flat)`);
    out.push(grid(['load', 'how', 'load ms', 'total MB', 'page heap', 'worker heap', 'wasm', 'workers', 'DOM nodes'],
      lk.loads.map((l, i) => [i + 1, l.how, ms(l.ms), mb(l.total), mb(l.jsHeap), mb(l.workerHeap), mb(l.wasmMemory), l.workers, l.nodes ?? 'n/a'])));
    const g = lk.growth;
    out.push(`growth 2nd → 10th load: total ${signedMb(g.total)} MB (${pct(lk.growthShare)}), page heap ${signedMb(g.jsHeap)},`
      + ` worker heap ${signedMb(g.workerHeap)}, wasm ${signedMb(g.wasmMemory)} MB, DOM nodes ${g.nodes ?? 'n/a'}`);
  }
  return out.join('\n');
}

/** The issue's targets, each with the measured value and whether it is met. */
function targets(results) {
  const out = [];
  const corpus = (id) => results.corpora.find((c) => c.id === id);
  const c1 = corpus('1000');
  if (c1) {
    const builds = ['minisearch', 'flexsearch', 'lunr'].map((n) => c1.systems[n]?.buildMs).filter(Number.isFinite);
    const fastest = builds.length ? Math.min(...builds) : null;
    const load = c1.systems.viewer?.loadMs ?? null;
    out.push(['1,000 seeds: load-to-interactive < ½ fastest JS peer index build',
      `${ms(load)} ms vs ${ms(fastest === null ? null : fastest / 2)} ms`, verdict(load === null || fastest === null ? null : load < fastest / 2)]);
    const p50 = c1.systems.viewer?.query?.p50 ?? null;
    const mini = c1.systems.minisearch?.query?.p50 ?? null;
    out.push(['1,000 seeds: query p50 < ½ MiniSearch (fuzzy on)',
      `${ms(p50)} ms vs ${ms(mini === null ? null : mini / 2)} ms`, verdict(p50 === null || mini === null ? null : p50 < mini / 2)]);
  }
  const c10 = corpus('10000');
  if (c10) {
    const p95 = c10.systems.viewer?.keystroke?.p95 ?? null;
    out.push(['10,000 seeds: keystroke-to-list p95 < 16 ms', `${ms(p95)} ms`, verdict(p95 === null ? null : p95 < 16)]);
    const load = c10.systems.viewer?.loadMs ?? null;
    out.push(['10,000 seeds: interactive < 3 s (packed)', `${ms(load)} ms`, verdict(load === null ? null : load < 3000)]);
  }
  const recall = results.recall.viewer;
  out.push(['typo recall >= 98%', pct(recall?.score ?? null), verdict(recall?.score == null ? null : recall.score >= 0.98)]);
  // At a few dozen seeds the page's fixed costs dwarf the corpus: judged from 1,000 seeds up.
  for (const c of results.corpora.filter((k) => k.seeds >= 1000)) {
    const total = c.systems.viewer?.memory?.total ?? null;
    out.push([`${c.label}: memory after load <= 2× corpus bytes`, `${mb(total)} MB vs ${mb(2 * c.bytes)} MB`,
      verdict(total === null ? null : total <= 2 * c.bytes)]);
  }
  const md = corpus('mdbook');
  if (md) {
    const v = md.systems.viewer?.relevance;
    const peers = ['minisearch', 'flexsearch', 'lunr', 'pagefind'].map((n) => md.systems[n]?.relevance).filter(Boolean);
    const best = (k) => Math.max(...peers.map((p) => p[k]));
    const met = v && peers.length ? v.top1 >= best('top1') && v.mrr >= best('mrr') : null;
    const shown = v && peers.length
      ? `${pct(v.top1)} / ${v.mrr.toFixed(3)} vs best peer ${pct(best('top1'))} / ${best('mrr').toFixed(3)}` : 'n/a';
    out.push(['relevance >= every peer (top-1 and MRR)', shown, verdict(met)]);
  }
  const st = results.stress;
  if (st && !st.error) {
    const longest = st.longestTaskMs;
    out.push([`huge seeds: no main-thread task > ${TASK_TARGET_MS} ms (load, open, typing)`, `longest ${ms(longest)} ms`,
      verdict(Number.isFinite(longest) ? longest <= TASK_TARGET_MS : null)]);
  }
  const lk = results.leaks;
  if (lk?.loads) {
    out.push([`${lk.label}: memory flat over ${LEAK_LOADS} loads (2nd to 10th: < ${pct(LEAK_FLAT)})`,
      `${signedMb(lk.growth.total)} MB (${pct(lk.growthShare)})`, verdict(lk.growthShare === null ? null : lk.growthShare < LEAK_FLAT)]);
  }
  // Issue 13: what a page downloads (the element's files as shipped), and the bundled seeds' load.
  const sz = results.sizes.viewer;
  out.push(['shipped, plain seeds: <= 80 KB gzip', `${kb(sz.plainGzip)} KB`, verdict(sz.plainGzip <= 80 * 1024)]);
  out.push(['shipped, with markdown seeds: <= 120 KB gzip', `${kb(sz.totalGzip)} KB`, verdict(sz.totalGzip <= 120 * 1024)]);
  const real = corpus('real');
  if (real) {
    const load = real.systems.viewer?.loadMs ?? null;
    const pagefind = real.systems.pagefind?.initMs ?? null;
    out.push(['the 4 bundled seeds: seeds-loaded <= 100 ms', `${ms(load)} ms (Pagefind ${ms(pagefind)} ms)`, verdict(load === null ? null : load <= 100)]);
  }
  const w = Math.max(...out.map((o) => o[0].length));
  const w2 = Math.max(...out.map((o) => o[1].length));
  return out.map(([t, v, s]) => `  ${t.padEnd(w)}  ${v.padEnd(w2)}  ${s}`).join('\n');
}

/**
 * Sizes of the viewer's files as they ship (`plan.shipped`: the element's files written by
 * xtask as `dist` writes them, minified, gzip -9 sizes from xtask's own gzip): each raw, gzip
 * and brotli (here), and the totals, each file counted for the pages that download it (its
 * `neededBy`, from xtask: `every`, `markdown`, `stemming`, `language`).
 */
function shippedSizes() {
  const files = {};
  for (const f of plan.shipped.files) {
    files[`/${f.name}`] = { raw: f.raw, gzip: f.gzip, brotli: sizes(path.join(plan.shipped.dir, f.name)).brotli, neededBy: f.neededBy };
  }
  const sum = (k, keep = () => true) => Object.values(files).filter((f) => keep(f.neededBy)).reduce((acc, f) => acc + f[k], 0);
  // An English page fetches neither the other languages' words nor their stemmers; with plain
  // seeds, not the markdown module either.
  const english = (needed) => needed === 'every' || needed === 'markdown';
  const plain = (needed) => needed === 'every';
  return {
    files, totalRaw: sum('raw'), totalGzip: sum('gzip', english), totalBrotli: sum('brotli', english), plainGzip: sum('gzip', plain),
  };
}

// ---------------------------------------------------------------------------------------------
// Main

async function main() {
  const started = performance.now();
  const viewerSizes = shippedSizes();
  const results = {
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length, cpu: cpus()[0]?.model, memory: totalmem(), os: `${platform()} ${release()}`,
      node: process.version,
    },
    sizes: {
      viewer: viewerSizes,
      peers: Object.fromEntries(Object.entries(PEERS).map(([k, f]) => [k, sizes(f)])),
    },
    corpora: [],
    recall: {},
    notes: [
      'ratios are viewer ÷ peer (below 1: the viewer is smaller or faster)',
      'viewer query latency: input event to the seeds-search event (list rendered); peers: the search call alone',
      'peers index the exported parsed text (cargo xtask export); their "ready" includes fetching and parsing that JSON',
      'minisearch-raw: MiniSearch fed the raw seed files as one JSON request, one text field; its ready is from the page\'s navigation to the index built',
      'load: the viewer loaded LOAD_REPEATS times per corpus of 1,000 seeds or more (corpora[].load); parse + index from stats().load when the viewer reports it, else derived',
      'Pagefind: index built ahead of time in Node (not in the page); latency is pagefind.search(), fetched bytes cover init and every query',
      'memory: viewer = page JS heap + worker JS heap + wasm memory (stats()); peers = page JS heap after building, the exported text included; Pagefind = page JS heap only (its wasm memory is not visible)',
      'query sets: bench/queries.json; judged queries: bench/relevance.json; typo words: see corpora[].typos',
    ],
  };

  const exports = new Map(plan.corpora.map((c) => [c.id, JSON.parse(readFileSync(c.export, 'utf8'))]));
  const sources = RECALL_SOURCES.filter((id) => exports.has(id));
  const typoSets = new Map(sources.map((id, i) => [id, typoSet(exports.get(id), Math.floor(RECALL_WORDS / sources.length), 1 + i)]));
  log(`typo sets: ${[...typoSets].map(([id, s]) => `${s.length} from ${id}`).join(', ') || 'none'}`);

  const browser = await launch();
  results.machine.chromium = browser.version();
  const statics = await staticServer();
  try {
    for (const corpus of plan.corpora) {
      const seeds = exports.get(corpus.id);
      const typos = typoSets.get(corpus.id) ?? null;
      const judged = corpus.id === 'mdbook' ? RELEVANCE.queries : null;
      const entry = { id: corpus.id, label: corpus.label, seeds: corpus.seeds, bytes: corpus.bytes, systems: {} };
      if (typos) entry.typos = typos;
      if (judged) entry.judged = judged;
      results.corpora.push(entry);

      log(`${corpus.label}: viewer, no pack`);
      entry.noPack = await measureViewer(browser, corpus, { pack: false, full: false }).catch((e) => ({ error: e.message }));
      log(`${corpus.label}: viewer, packed`);
      entry.systems.viewer = await measureViewer(browser, corpus, { pack: true, full: true, typos, judged }).catch((e) => ({ error: e.message }));
      for (const name of Object.keys(PEERS)) {
        log(`${corpus.label}: ${name}`);
        entry.systems[name] = await measurePeer(browser, statics, corpus, name, { typos, judged });
      }
      // The raw peer's ready time at 1,000 seeds is a target's yardstick: the median of three.
      const rawRepeats = corpus.id === '1000' ? LOAD_REPEATS : 1;
      log(`${corpus.label}: minisearch-raw${rawRepeats > 1 ? ` (${rawRepeats} loads)` : ''}`);
      entry.systems['minisearch-raw'] = await measureRawPeer(browser, statics, corpus, { typos, judged, repeats: rawRepeats });
      if (corpus.seeds >= 1000) {
        log(`${corpus.label}: the load, viewer ${LOAD_REPEATS} times${corpus.id === '10000' ? ' and once at 50 Mbit/s' : ''}`);
        entry.load = await measureLoads(browser, corpus, { throttled: corpus.id === '10000' }).catch((e) => ({ error: e.message }));
        if (entry.load.error) {
          log(`  load: ${entry.load.error}`);
          delete entry.load;
        }
      }
      log(`${corpus.label}: pagefind`);
      entry.systems.pagefind = await measurePagefind(browser, statics, corpus, seeds, { typos, judged });
      if (corpus.id === 'mdbook' || !results.sizes.peers.pagefind) {
        const dir = path.join(OUT, `pagefind-${corpus.id}`);
        if (existsSync(path.join(dir, 'pagefind.js'))) results.sizes.peers.pagefind = pagefindEngineSize(dir);
      }
      for (const [name, r] of Object.entries(entry.systems)) {
        if (r?.error) log(`  ${name}: ${r.error}`);
      }
    }
    log('huge seeds: main-thread responsiveness');
    results.stress = await measureStress(browser).catch((e) => ({ error: e.message }));
    if (results.stress.error) log(`  stress: ${results.stress.error}`);
    const leakCorpus = plan.corpora.find((c) => c.id === '1000');
    if (leakCorpus) {
      log(`leaks: ${leakCorpus.label} loaded ${LEAK_LOADS} times, then in a new element`);
      results.leaks = await measureLeaks(browser, leakCorpus).catch((e) => ({ error: e.message }));
      if (results.leaks.error) log(`  leaks: ${results.leaks.error}`);
    } else {
      results.leaks = { skipped: 'needs the 1,000-seed corpus (--sizes with 1000)' };
    }
  } finally {
    statics.stop();
    await browser.close();
  }

  for (const name of SYSTEMS) {
    let hits = 0;
    let total = 0;
    for (const c of results.corpora) {
      const r = c.systems[name]?.recall;
      if (r) { hits += r.hits; total += r.total; }
    }
    results.recall[name] = total ? { hits, total, score: hits / total } : null;
  }

  results.seconds = (performance.now() - started) / 1000;
  mkdirSync(OUT, { recursive: true });
  writeFileSync(path.join(OUT, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);

  const v = results.sizes.viewer;
  const wasm = v.files['/pkg/seeds_viewer_bg.wasm'];
  const viewerModes = results.corpora.map((c) => c.systems.viewer?.mode).filter(Boolean);
  console.log(`\nseeds-viewer bench, ${results.date.slice(0, 10)}, ${results.machine.cpus} × ${results.machine.cpu}, Chromium ${results.machine.chromium}\n`);
  console.log(`viewer size: wasm ${kb(wasm?.raw)} KB raw / ${kb(wasm?.gzip)} gzip / ${kb(wasm?.brotli)} brotli; `
    + `${Object.entries(v.files).filter(([p]) => !p.endsWith('.wasm')).map(([p, f]) => `${p.split('/').pop()} ${kb(f.gzip)}`).join(', ')} KB gzip; `
    + `total ${kb(v.totalGzip)} KB gzip, ${kb(v.totalBrotli)} KB brotli`);
  if (viewerModes.includes('dom')) console.log('note: the viewer dispatched no seeds-search event: its latency is input to the first change in its shadow DOM');
  console.log(`typo recall over all sets: ${SYSTEMS.map((s) => `${s} ${pct(results.recall[s]?.score ?? null)}`).join(', ')}\n`);
  console.log(table(results));
  console.log('\nratios: viewer ÷ peer (below 1: the viewer is smaller or faster). ready: the viewer from navigation to'
    + ' seeds-loaded with the packed corpus; JS peers: fetching and parsing the exported text plus building the index;'
    + ' minisearch-raw: from its page\'s navigation, fetching the raw seeds as one JSON file, parsing it and building the index;'
    + ' Pagefind: init (its index is built ahead of time, "index build", outside the page). memory: viewer JS heap'
    + ' (page and worker) plus wasm memory; peers: page JS heap after building (Pagefind\'s wasm memory not included).'
    + ' fetched: response bytes (uncompressed server), for Pagefind over init and every query.');
  console.log(`\n${stressReport(results)}`);
  console.log(`\n${loadReport(results)}`);
  console.log(`\ntargets (issue 4):\n${targets(results)}`);
  console.log(`\ntargets (issue 11, the load):\n${loadTargets(results)}`);
  console.log(`\ntargets (issue 12, keystrokes and long tasks):\n${keystrokeTargets(results)}`);
  console.log(`\n${path.join(OUT, 'results.json')} (${results.seconds.toFixed(0)} s)`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
