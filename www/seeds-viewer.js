// <seeds-viewer src="manifest.json">: fetches the seeds a manifest lists and hands their raw
// bytes to the wasm core, which parses, indexes, filters and renders them. This module only
// fetches, wires events and puts Rust's HTML into the shadow root, at exactly one place
// (mountHTML). It never tokenises or parses seed text.

import init, { Viewer } from './pkg/seeds_viewer.js';

const WASM_URL = new URL('./pkg/seeds_viewer_bg.wasm', import.meta.url);
const STYLE_URL = new URL('./seeds-viewer.css', import.meta.url);
/** Items rendered at a time; "Show more" appends the next page. */
const PAGE = 50;
/** Seeds fetched at once. */
const CONCURRENCY = 6;
/** A batch is handed to wasm when it holds this many bytes, or after FLUSH_MS. */
const BATCH_BYTES = 1 << 20;
const FLUSH_MS = 50;

let wasmReady = null;
/** Instantiates the wasm module once per page, however many viewers there are. */
function loadWasm() {
  wasmReady ??= init({ module_or_path: WASM_URL });
  return wasmReady;
}

/** The one place where HTML rendered by Rust (render.rs, escaped there) enters the DOM. */
function mountHTML(target, html, append = false) {
  const template = document.createElement('template');
  template.innerHTML = html;
  if (append) target.append(template.content);
  else target.replaceChildren(template.content);
}

/** Builds an element from trusted, constant parts (never seed text as markup). */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === true) node.setAttribute(k, '');
    else if (v !== false && v != null) node.setAttribute(k, v);
  }
  node.append(...children);
  return node;
}

/**
 * The URL of manifest entry `name`, percent-encoded segment by segment, or null when it would
 * leave the manifest's folder or origin (such entries are refused, not fetched).
 */
function seedUrl(name, manifestUrl) {
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

function plural(n, word) {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export class SeedsViewerElement extends HTMLElement {
  static observedAttributes = ['src'];

  #viewer = null;
  #names = [];
  #urls = [];
  #generation = 0;
  #abort = null;
  #count = 0;
  #shown = 0;
  #open = -1;
  #searchQueued = false;
  #ui;

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    const ui = {
      search: el('input', {
        part: 'search', type: 'search', class: 'search', placeholder: 'Filter seeds…',
        'aria-label': 'Filter seeds', autocomplete: 'off', spellcheck: 'false',
      }),
      count: el('p', { part: 'count', class: 'count', role: 'status', 'aria-live': 'polite' }),
      progressBar: el('progress', { max: '1', value: '0' }),
      progressText: el('span'),
      diagnosticsSummary: el('summary'),
      diagnosticsList: el('ul'),
      list: el('ol', { part: 'list', class: 'list', 'aria-label': 'Seeds' }),
      more: el('button', { part: 'more', class: 'more', type: 'button', hidden: true }, 'Show more'),
      empty: el('p', { class: 'empty', hidden: true }, 'No seed matches every word.'),
      reader: el('div', { part: 'reader', class: 'reader', tabindex: '-1' }),
    };
    ui.progress = el('div', { part: 'progress', class: 'progress', hidden: true }, ui.progressBar, ui.progressText);
    ui.diagnostics = el('details', { part: 'diagnostics', class: 'diagnostics', hidden: true, open: true },
      ui.diagnosticsSummary, ui.diagnosticsList);
    this.#ui = ui;
    root.append(
      el('link', { rel: 'stylesheet', href: STYLE_URL.href }),
      el('div', { class: 'viewer' },
        el('div', { class: 'bar' }, ui.search, ui.count),
        ui.progress,
        ui.diagnostics,
        el('div', { class: 'panes' },
          el('nav', { class: 'results', 'aria-label': 'Seeds' }, ui.list, ui.empty, ui.more),
          ui.reader)));
    this.#placeholder();

    ui.search.addEventListener('input', () => this.#queueSearch());
    ui.more.addEventListener('click', () => this.#showMore());
    ui.list.addEventListener('click', (event) => {
      const button = event.target.closest?.('button.open');
      if (button) this.#openSeed(Number(button.dataset.index));
    });
    ui.reader.addEventListener('click', (event) => this.#followLink(event));
  }

  connectedCallback() {
    if (!this.#viewer && !this.#abort) this.#load();
  }

  disconnectedCallback() {
    this.#stop();
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (name === 'src' && oldValue !== newValue && this.isConnected) this.#load();
  }

  /** Aborts loading and frees the wasm memory of this viewer. */
  #stop() {
    this.#generation++;
    this.#abort?.abort();
    this.#abort = null;
    this.#viewer?.free();
    this.#viewer = null;
  }

  #placeholder() {
    this.#ui.reader.replaceChildren(el('p', { class: 'placeholder' }, 'Choose a seed to read it.'));
  }

  async #load() {
    this.#stop();
    const generation = this.#generation;
    const abort = (this.#abort = new AbortController());
    const current = () => generation === this.#generation;
    const src = this.getAttribute('src') ?? '';
    const diagnostics = [];
    this.removeAttribute('loaded');
    this.#names = [];
    this.#urls = [];
    this.#open = -1;
    this.#count = 0;
    this.#ui.list.replaceChildren();
    this.#placeholder();
    this.#showDiagnostics([]);
    this.#progress(0, 0);
    this.#updateCount();
    try {
      if (!src) throw new Error('no manifest: set the src attribute to the URL of an index.json');
      const manifestUrl = new URL(src, document.baseURI);
      const [, response] = await Promise.all([loadWasm(), fetch(manifestUrl, { signal: abort.signal })]);
      if (!response.ok) throw new Error(`could not fetch the manifest: HTTP ${response.status}`);
      let manifest;
      try {
        manifest = await response.json();
      } catch {
        throw new Error('the manifest is not valid JSON');
      }
      if (!Array.isArray(manifest?.seeds)) throw new Error('the manifest has no "seeds" list');
      if (!current()) return;
      const names = manifest.seeds.filter((n) => typeof n === 'string');
      if (names.length !== manifest.seeds.length) {
        diagnostics.push({ file: src, line: 0, message: 'the manifest lists entries that are not strings; they are skipped' });
      }
      this.#names = names;
      this.#urls = names.map((name) => seedUrl(name, manifestUrl));
      this.#viewer = new Viewer(names);
      await this.#fetchSeeds(abort.signal, diagnostics, current);
    } catch (error) {
      if (!current()) return;
      diagnostics.push({ file: src, line: 0, message: error?.message ?? String(error) });
    }
    if (!current()) return;
    this.#abort = null;
    const order = new Map(this.#names.map((name, i) => [name, i]));
    diagnostics.sort((a, b) => (order.get(a.file) ?? -1) - (order.get(b.file) ?? -1) || a.line - b.line);
    this.#progress(0, 0);
    this.#showDiagnostics(diagnostics);
    this.#search();
    const seeds = this.#viewer?.loaded ?? 0;
    this.setAttribute('loaded', '');
    this.dispatchEvent(new CustomEvent('seeds-loaded', {
      bubbles: true, composed: true, detail: { seeds, diagnostics },
    }));
  }

  /** Fetches every seed, CONCURRENCY at a time, handing them to wasm in batches as they arrive. */
  async #fetchSeeds(signal, diagnostics, current) {
    const total = this.#names.length;
    let next = 0;
    let done = 0;
    let batch = { positions: [], chunks: [], bytes: 0 };
    let timer = null;
    const flush = () => {
      clearTimeout(timer);
      timer = null;
      if (!batch.positions.length || !current()) return;
      const data = new Uint8Array(batch.bytes);
      const ends = new Uint32Array(batch.chunks.length);
      let offset = 0;
      batch.chunks.forEach((chunk, i) => {
        data.set(chunk, offset);
        offset += chunk.length;
        ends[i] = offset;
      });
      const positions = Uint32Array.from(batch.positions);
      batch = { positions: [], chunks: [], bytes: 0 };
      diagnostics.push(...this.#viewer.add(positions, data, ends));
      this.#search();
    };
    const work = async () => {
      while (next < total && current()) {
        const position = next++;
        const name = this.#names[position];
        const url = this.#urls[position];
        try {
          if (!url) throw new Error('refused: the entry points outside the manifest’s folder');
          const response = await fetch(url, { signal });
          if (!response.ok) throw new Error(`could not fetch: HTTP ${response.status}`);
          const bytes = new Uint8Array(await response.arrayBuffer());
          batch.positions.push(position);
          batch.chunks.push(bytes);
          batch.bytes += bytes.length;
        } catch (error) {
          if (signal.aborted) return;
          const message = error?.message?.startsWith('could not') || error?.message?.startsWith('refused')
            ? error.message : `could not fetch: ${error?.message ?? error}`;
          diagnostics.push({ file: name, line: 0, message });
        }
        this.#progress(++done, total);
        if (batch.bytes >= BATCH_BYTES) flush();
        else timer ??= setTimeout(flush, FLUSH_MS);
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, total) }, work));
    flush();
  }

  #progress(done, total) {
    const { progress, progressBar, progressText } = this.#ui;
    const loading = total > 0 && done < total;
    progress.hidden = !loading;
    this.toggleAttribute('aria-busy', loading);
    if (!loading) return;
    progressBar.max = total;
    progressBar.value = done;
    progressText.textContent = `Loading seeds… ${done} of ${total}`;
  }

  #showDiagnostics(diagnostics) {
    const { diagnostics: panel, diagnosticsSummary, diagnosticsList } = this.#ui;
    panel.hidden = diagnostics.length === 0;
    diagnosticsSummary.textContent = `${plural(diagnostics.length, 'problem')} in the seeds`;
    diagnosticsList.replaceChildren(...diagnostics.map(({ file, line, message }) =>
      el('li', { part: 'diagnostic', class: 'diagnostic' },
        el('code', {}, line > 0 ? `${file}:${line}` : file), ' ', message)));
  }

  #queueSearch() {
    if (this.#searchQueued) return;
    this.#searchQueued = true;
    requestAnimationFrame(() => {
      this.#searchQueued = false;
      this.#search();
    });
  }

  /** Runs the current query and lists the first page of hits; re-highlights the open seed. */
  #search() {
    if (!this.#viewer) return;
    this.#count = this.#viewer.search(this.#ui.search.value);
    this.#shown = Math.min(PAGE, this.#count);
    mountHTML(this.#ui.list, this.#viewer.items_html(0, this.#shown));
    this.#afterList();
    if (this.#open >= 0) this.#renderArticle(false);
  }

  #showMore() {
    const from = this.#shown;
    this.#shown = Math.min(this.#shown + PAGE, this.#count);
    mountHTML(this.#ui.list, this.#viewer.items_html(from, this.#shown), true);
    this.#afterList();
  }

  #afterList() {
    const { more, empty } = this.#ui;
    more.hidden = this.#shown >= this.#count;
    more.textContent = `Show more (${this.#count - this.#shown} left)`;
    empty.hidden = this.#count > 0 || !this.#viewer || this.#viewer.loaded === 0;
    this.#markOpen();
    this.#updateCount();
  }

  #updateCount() {
    const total = this.#viewer?.loaded ?? 0;
    this.#ui.count.textContent = this.#ui.search.value.trim()
      ? `${this.#count} of ${plural(total, 'seed')} match`
      : plural(this.#count, 'seed');
  }

  #markOpen() {
    for (const item of this.#ui.list.children) {
      const button = item.querySelector('button.open');
      if (button) button.toggleAttribute('aria-current', Number(button.dataset.index) === this.#open);
    }
  }

  #openSeed(position) {
    if (!Number.isInteger(position) || position < 0) return;
    this.#open = position;
    this.#renderArticle(true);
    this.#markOpen();
  }

  #renderArticle(fromTop) {
    const { reader } = this.#ui;
    const scroll = reader.scrollTop;
    mountHTML(reader, this.#viewer.article_html(this.#open));
    this.#rebase(reader, this.#urls[this.#open]);
    if (fromTop) {
      reader.scrollTop = 0;
      reader.focus({ preventScroll: true });
    } else {
      reader.scrollTop = scroll;
    }
  }

  /** Relative links and images in a seed are relative to the seed's own URL, not the page's. */
  #rebase(root, base) {
    if (!base) return;
    for (const [selector, attr] of [['a[href]', 'href'], ['img[src]', 'src']]) {
      for (const node of root.querySelectorAll(selector)) {
        const raw = node.getAttribute(attr);
        if (raw.startsWith('#')) continue;
        try {
          node.setAttribute(attr, new URL(raw, base).href);
        } catch {
          node.removeAttribute(attr);
        }
      }
    }
  }

  /** In-article fragment links (table of contents, footnotes) scroll within the shadow root. */
  #followLink(event) {
    const link = event.target.closest?.('a[href^="#"]');
    if (!link) return;
    event.preventDefault();
    const target = this.shadowRoot.getElementById(link.getAttribute('href').slice(1));
    if (!target) return;
    target.scrollIntoView({ block: 'start' });
    const heading = target.matches('section') ? target.querySelector('h3') : target;
    heading?.setAttribute('tabindex', '-1');
    heading?.focus({ preventScroll: true });
  }
}

if (!customElements.get('seeds-viewer')) customElements.define('seeds-viewer', SeedsViewerElement);
