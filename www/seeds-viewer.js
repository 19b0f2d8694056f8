// <seeds-viewer src="manifest.json">: a search box, facets, a result list and a reader over a
// corpus of seeds. Without `src`, the element's own links (<a href="seeds/a.txt">) list the
// seeds, so the page shows plain links where scripts do not run. The engine
// (seeds-viewer-worker.js: the wasm core that fetches, parses, indexes, searches and renders,
// and the client this module talks to it through) runs in a Worker; this module wires the UI,
// the location hash (opt-in `history`) and keys (opt-in `hotkeys` for the global `/`), parses
// Rust's HTML at exactly one place (parseHTML) and wraps the matches Rust locates with DOM
// operations. It never fetches, tokenises or parses seeds.

import { EngineClient } from './seeds-viewer-worker.js';

const WORKER_URL = new URL('./seeds-viewer-worker.js', import.meta.url);
const STRINGS_URL = new URL('./seeds-viewer-strings.js', import.meta.url);
const STYLE_URL = new URL('./seeds-viewer.css', import.meta.url);
/**
 * The single-file build (`cargo xtask dist`) replaces this line with `{serve, wasm, css,
 * seeds}`: the engine, the module's bytes, the stylesheet and a packed corpus, all inlined.
 */
const EMBED = null;
/** Keys that move within the viewer (lists, the reader) and so never reach the host page. */
const OWN_KEYS = new Set(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End',
  'PageUp', 'PageDown', 'Enter', 'Escape', ' ']);
/** Items rendered at a time (a screenful and more); "Show more" appends the next page. */
const PAGE = 20;
/** Typing writes the location hash once it pauses this long (ms). */
const HASH_PAUSE_MS = 300;
/** How many searches' timings `stats()` keeps. */
const SEARCH_RECORD = 256;

/**
 * The Trusted Types policy for the two things the viewer hands to sinks: Rust's HTML (built and
 * escaped by render.rs) and its own worker's URL. Pages that require Trusted Types for scripts
 * then need nothing else (or `trusted-types seeds-viewer` where they list policies).
 */
const POLICY = (() => {
  try {
    return globalThis.trustedTypes?.createPolicy('seeds-viewer', {
      createHTML: (html) => html,
      createScriptURL: (url) => {
        if (url !== WORKER_URL.href) throw new TypeError(`seeds-viewer: refusing script URL ${url}`);
        return url;
      },
    }) ?? null;
  } catch {
    return null; // the page's policy list leaves us out: sinks then refuse, and we say so
  }
})();

/** The one place where HTML rendered by Rust (render.rs, escaped there) is parsed. */
function parseHTML(html) {
  const template = document.createElement('template');
  template.innerHTML = POLICY ? POLICY.createHTML(html) : html;
  return template.content;
}

function mountHTML(target, html) {
  target.replaceChildren(parseHTML(html));
}

/**
 * Shows the language facet's values (primary subtags: `fr`) by their names in the viewer's
 * language (`français` on a French page), where the browser knows them; the value filtered by
 * stays the subtag.
 */
function nameLanguages(facets, lang) {
  let names = null;
  try {
    names = new Intl.DisplayNames([lang, 'en'], { type: 'language', fallback: 'none' });
  } catch {
    return; // an engine without DisplayNames shows the subtags
  }
  for (const input of facets.querySelectorAll('input[data-field="language"]')) {
    const label = input.nextElementSibling;
    let name = null;
    try {
      name = names.of(input.dataset.value);
    } catch { /* not a tag the browser reads */ }
    if (label && name) {
      label.textContent = name;
      label.setAttribute('lang', lang);
    }
  }
}

/**
 * A selected facet value in the hash: `field=value`, with `%` and `=` in the field escaped, so
 * that a field holding `=` reads back (`f=tags=calm` stays as it was). `parseFilterParam` reads
 * one back as `[field, value]`, or null.
 */
const filterParam = ([field, value]) => `${field.replace(/%/g, '%25').replace(/=/g, '%3D')}=${value}`;
function parseFilterParam(param) {
  const at = param.indexOf('=');
  if (at < 0) return null;
  return [param.slice(0, at).replace(/%3D/gi, '=').replace(/%25/g, '%'), param.slice(at + 1)];
}

/** The HTML each list item was made from, so that an unchanged item keeps its node. */
const ITEM_HTML = new WeakMap();

/**
 * Puts Rust's list items (one HTML string each) in `list`, in order, after the ones kept
 * (`keep`, for "Show more"). An item whose HTML is unchanged keeps its node, so typing parses
 * and lays out only the items that changed, and focus stays on a kept one. The new ones are
 * parsed together, and the list changes in one operation.
 */
function mountItems(list, items, keep = 0) {
  const current = [...list.children];
  const spare = new Map();
  for (const node of current.slice(keep)) {
    const html = ITEM_HTML.get(node);
    if (html !== undefined && !spare.has(html)) spare.set(html, node);
  }
  const nodes = items.map((html) => {
    const node = spare.get(html);
    if (node) spare.delete(html);
    return node ?? null;
  });
  const fresh = items.filter((_, i) => nodes[i] === null);
  if (fresh.length) {
    const parsed = [...parseHTML(fresh.join('')).children];
    let next = 0;
    nodes.forEach((node, i) => {
      if (node) return;
      const made = parsed[next++];
      if (made) ITEM_HTML.set(made, items[i]);
      nodes[i] = made ?? null;
    });
  }
  const wanted = [...current.slice(0, keep), ...nodes.filter(Boolean)];
  if (wanted.length === current.length && wanted.every((node, i) => node === current[i])) return;
  list.replaceChildren(...wanted);
}

/** Article HTML mounted per frame (Rust cuts it in slices of about 40 KB). */
const SLICE_BYTES = 40 * 1024;

/** Lets the page render first: the task after the next frame (or 100 ms, in a hidden page). */
const nextFrame = () => new Promise((resolve) => {
  let done = false;
  const go = () => {
    if (!done) setTimeout(resolve, 0);
    done = true;
  };
  requestAnimationFrame(go);
  setTimeout(go, 100);
});

/**
 * Scrolls `node` into view, and again on the next frames while it moves: the parts of an
 * article around it are laid out only once they near the viewport (the stylesheet's
 * `content-visibility`), so their real sizes shift it after the first scroll (Chromium places
 * a node inserted in the same task as if they were not there; Firefox settles a frame or two
 * two frames later). Stops once it has held still for four frames, after thirty, or as soon
 * as the reader scrolls the pane.
 */
function reveal(node, block) {
  node.scrollIntoView({ block });
  const pane = node.closest('[part~=reader]');
  if (!pane) return;
  let left = pane.scrollTop;
  let top = node.getBoundingClientRect().top;
  let frames = 0;
  let still = 0;
  const settle = () => {
    if (!node.isConnected || pane.scrollTop !== left) return;
    const now = node.getBoundingClientRect().top;
    if (frames === 0 || Math.abs(now - top) > 1) {
      node.scrollIntoView({ block });
      left = pane.scrollTop;
      top = node.getBoundingClientRect().top;
      still = 0;
    } else {
      still += 1;
    }
    if (++frames < 30 && still < 4) requestAnimationFrame(settle);
  };
  requestAnimationFrame(settle);
}

/** The blocks whose layout a mark changes; a frame re-lays out at most MARK_BLOCKS of them. */
const BLOCK = 'p, li, dd, dt, td, th, pre, blockquote, h1, h2, h3, h4, h5, h6, figcaption, a';
const MARK_BLOCKS = 40;

/**
 * Moves `root`'s highlights to the text ranges Rust gave (`ranges`: start and end in UTF-16
 * units of `root`'s text, in pairs, in order), with DOM operations only: old marks are
 * unwrapped and new ones wrapped as the text is walked once, never parsed. Marks never change
 * the text, so offsets hold whatever marks are left. Past MARK_BLOCKS blocks changed, the rest
 * waits for the next frame (each changed block is laid out again); stops when `wanted()` turns
 * false, and says whether it got to the end.
 */
async function markRanges(root, ranges, wanted) {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const next = () => /** @type {Text | null} */ (walker.nextNode());
  let touched = new Set();
  const touch = (node) => {
    touched.add(node.parentElement?.closest(BLOCK) ?? node.parentNode);
  };
  const breathe = async () => {
    if (touched.size < MARK_BLOCKS) return true;
    // Merge what unwrapping split in the blocks left behind (none holds the walker's node).
    const here = walker.currentNode;
    for (const block of touched) if (block && !block.contains(here)) block.normalize();
    touched = new Set();
    await nextFrame();
    return wanted();
  };
  const fresh = new WeakSet();
  let node = next();
  let base = 0; // where `node` starts in root's text
  let i = 0;
  while (node) {
    const parent = node.parentElement;
    if (parent?.localName === 'mark' && parent.getAttribute('part') === 'highlight' && !fresh.has(parent)) {
      touch(parent);
      parent.replaceWith(node);
    }
    const start = ranges[i];
    const end = ranges[i + 1];
    if (i + 1 < ranges.length && start < base + node.length) {
      i += 2;
      // Rust's words never cross a text node; a range that would is left unmarked.
      if (start < base || end > base + node.length) continue;
      const word = start > base ? node.splitText(start - base) : node;
      const after = word.length > end - start ? word.splitText(end - start) : null;
      const mark = document.createElement('mark');
      mark.setAttribute('part', 'highlight');
      fresh.add(mark);
      word.replaceWith(mark);
      mark.append(word);
      touch(mark);
      base = end;
      if (after) {
        node = after;
        walker.currentNode = after;
      } else {
        walker.currentNode = word;
        node = next();
      }
    } else {
      base += node.length;
      node = next();
    }
    if (!(await breathe())) return false;
  }
  for (const block of touched) block?.normalize();
  return true;
}

/** Where render.rs cuts an article into slices: `<!--sv-into:ID-->` (see render.rs `CUT`). */
const CUT = '<!--sv-into:';

/**
 * Splits Rust's article HTML at its cuts: the head (the article's start) and, after it, each
 * slice with the id of the element it goes at the end of. Safe because render.rs escapes every
 * `<` of seed text, so the marker occurs only where render.rs wrote it.
 */
function articleSlices(html) {
  const [head, ...rest] = html.split(CUT);
  const slices = rest.map((piece) => {
    const end = piece.indexOf('-->');
    return { into: piece.slice(0, end), html: piece.slice(end + 3) };
  });
  return { head, slices };
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

/** Each language's plural rules, made once (counts are written on every keystroke). */
const PLURAL_RULES = new Map();

/** `forms[category]` for `n` in `lang` by its plural rules (`Intl.PluralRules`), else `other`. */
function plural(lang, n, forms) {
  let rules = PLURAL_RULES.get(lang);
  if (!rules) PLURAL_RULES.set(lang, (rules = new Intl.PluralRules(lang)));
  return (forms[rules.select(n)] ?? forms.other).replace('#', String(n));
}

/**
 * The viewer's own words, in English: every label, count and help line it shows. The built-in
 * sets below override them by the element's language (its `lang`, or the nearest ancestor's),
 * and a host overrides any of them with the `strings` property or attribute (JSON). Functions
 * take the numbers they show; `help` is the query-language table, example and meaning.
 */
const EN = {
  search: 'Search seeds…', searchLabel: 'Search seeds', help: 'Search help', sortLabel: 'Order results by',
  best: 'Best match', byTitle: 'Title', filters: 'Filters', results: 'Results', back: 'Results',
  empty: 'No seed matches.', choose: 'Choose a seed to read it.', previous: 'Previous match', next: 'Next match',
  retry: 'Retry', retrying: 'Retrying…', copy: 'Copy', copied: 'Copied', selected: 'Selected',
  copyLabel: 'Copy code', copiedLabel: 'Copied', selectedLabel: 'Code selected: copy it with your keyboard',
  contents: 'Contents', conclusion: 'Conclusion', bestSections: 'Best matching sections', image: 'Image:',
  taskDone: 'done', taskToDo: 'to do',
  syntax: 'Search syntax',
  keys: 'Keys: / to search (when the page enables it), ↓ ↑ through results, Enter to open, Esc to clear.',
  seeds: (n) => plural('en', n, { one: '# seed', other: '# seeds' }),
  matching: (n, of) => `${n} of ${plural('en', of, { one: '# seed', other: '# seeds' })} match`,
  matches: (n) => plural('en', n, { one: '# match', other: '# matches' }),
  matchOf: (i, n) => `${i} of ${n}`,
  more: (n) => `Show more (${n} left)`,
  loading: (done, total) => `Loading seeds… ${done} of ${total}`,
  problems: (n) => plural('en', n, { one: '# problem in the seeds', other: '# problems in the seeds' }),
  retryFailed: (n) => plural('en', n, { one: 'Retry the seed that failed', other: 'Retry the # seeds that failed' }),
  helpRows: [
    ['kratom sleep', 'seeds with every word (sleeping, sleeps… count as sleep)'],
    ['"deep sleep"', 'those words together, in this order'],
    ['-coffee', 'leave out seeds that mention coffee'],
    ['melat', 'the word being typed also matches words it begins'],
    ['melatonim', 'a word the seeds lack also finds near spellings'],
  ],
};

/** The built-in sets of `seeds-viewer-strings.js`, imported on first need (once per page). */
let builtInStrings = null;
function loadStrings() {
  builtInStrings ??= (EMBED ? Promise.resolve(EMBED.strings) : import(STRINGS_URL.href).then((m) => m.strings))
    .then((make) => make(plural));
  return builtInStrings;
}
/** The languages `seeds-viewer-strings.js` has, so that an English page never asks for it. */
const LANGUAGES = new Set(['zh', 'ja', 'ru', 'ar', 'es', 'fr', 'de']);

export class SeedsViewerElement extends HTMLElement {
  static observedAttributes = ['src', 'query', 'lang', 'strings'];

  /** The stylesheet shared by every viewer of the single-file build (no file to link). */
  static #embeddedSheet = null;

  /** The engine layer's client: requests, replies and the crash quarantine. */
  #engine = new EngineClient({
    onMessage: (data) => this.#fromEngine(data),
    onRestart: () => this.#reset(),
    workerUrl: () => (EMBED ? null : POLICY ? POLICY.createScriptURL(WORKER_URL.href) : WORKER_URL),
    wasm: EMBED?.wasm,
    modules: EMBED?.modules,
    serve: EMBED?.serve,
  });
  #names = [];
  #urls = [];
  #count = 0;
  #loaded = 0;
  #shown = 0;
  #open = -1;
  #filters = [];
  #dirty = false;
  #ui;
  #matches = [];
  #match = -1;
  #applyingState = false;
  #pendingOpen = null;

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    const ui = {
      search: el('input', {
        part: 'search', type: 'search', class: 'search', placeholder: 'Search seeds…',
        'aria-label': 'Search seeds', autocomplete: 'off', spellcheck: 'false',
      }),
      helpButton: el('button', {
        part: 'help-button', class: 'help-button', type: 'button', 'aria-expanded': 'false',
        'aria-label': 'Search help', title: 'Search help',
      }, '?'),
      // The viewer's own phrases take their direction from their words (`dir="auto"`), so
      // that they read in order inside a right-to-left page.
      count: el('p', { part: 'count', class: 'count', role: 'status', 'aria-live': 'polite', dir: 'auto' }),
      sort: el('select', { part: 'sort', class: 'sort', 'aria-label': 'Order results by' },
        el('option', { value: 'relevance' }, 'Best match'), el('option', { value: 'title' }, 'Title')),
      progressBar: el('progress', { max: '1', value: '0' }),
      progressText: el('span', { dir: 'auto' }),
      diagnosticsSummary: el('summary', { dir: 'auto' }),
      diagnosticsList: el('ul'),
      retry: el('button', { part: 'retry', class: 'retry', type: 'button', hidden: true }, 'Retry'),
      facets: el('div', { part: 'facets', class: 'facets', 'aria-label': 'Filters', role: 'group' }),
      list: el('ol', { part: 'list', class: 'list', 'aria-label': 'Results' }),
      more: el('button', { part: 'more', class: 'more', type: 'button', hidden: true }, 'Show more'),
      empty: el('p', { class: 'empty', hidden: true, dir: 'auto' }, 'No seed matches.'),
      matchCount: el('span', { part: 'match-count', class: 'match-count', 'aria-live': 'polite', dir: 'auto' }),
      matchPrev: el('button', { part: 'match-prev', type: 'button', 'aria-label': 'Previous match' }, '↑'),
      matchNext: el('button', { part: 'match-next', type: 'button', 'aria-label': 'Next match' }, '↓'),
      reader: el('div', { part: 'reader', class: 'reader', tabindex: '-1' }),
      // Shown only when the viewer is narrow, where the reader takes the list's place.
      // Its arrow comes from the stylesheet, pointing back in the text's direction.
      back: el('button', { part: 'back', class: 'back', type: 'button' }, 'Results'),
    };
    ui.help = el('div', { part: 'help', class: 'help', hidden: true, id: 'sv-help' });
    ui.helpButton.setAttribute('aria-controls', 'sv-help');
    ui.matchNav = el('div', { part: 'match-nav', class: 'match-nav', hidden: true },
      ui.matchCount, ui.matchPrev, ui.matchNext);
    ui.progress = el('div', { part: 'progress', class: 'progress', hidden: true }, ui.progressBar, ui.progressText);
    ui.diagnostics = el('details', { part: 'diagnostics', class: 'diagnostics', hidden: true, open: true },
      ui.diagnosticsSummary, ui.diagnosticsList, ui.retry);
    this.#ui = ui;
    if (EMBED) {
      SeedsViewerElement.#embeddedSheet ??= new CSSStyleSheet();
      SeedsViewerElement.#embeddedSheet.replaceSync(EMBED.css);
      root.adoptedStyleSheets = [SeedsViewerElement.#embeddedSheet];
    } else {
      root.append(el('link', { rel: 'stylesheet', href: STYLE_URL.href }));
    }
    ui.results = el('nav', { class: 'results', 'aria-label': 'Results' }, ui.facets, ui.list, ui.empty, ui.more);
    ui.viewer = el('div', { class: 'viewer' },
      el('div', { class: 'bar' }, ui.search, ui.helpButton, ui.sort, ui.count),
      ui.help,
      ui.progress,
      ui.diagnostics,
      el('div', { class: 'panes' },
        ui.results,
        el('div', { class: 'reading' }, el('div', { class: 'reading-bar' }, ui.back, ui.matchNav), ui.reader)));
    root.append(ui.viewer);
    this.#placeholder();

    // Keys typed into the viewer's fields, and the keys that move within it, are the viewer's.
    // Outside the shadow root the event's target is the element itself, so host shortcuts
    // (mdBook's `s` and arrow keys, a theme's `/`) would otherwise fire while the reader types
    // a query or moves through the results.
    for (const type of ['keydown', 'keypress', 'keyup']) {
      root.addEventListener(type, (event) => {
        const target = /** @type {Element | undefined} */ (event.composedPath()[0]);
        const field = target?.matches?.('input, select, textarea');
        if (field || OWN_KEYS.has(/** @type {KeyboardEvent} */ (event).key)) event.stopPropagation();
      });
    }

    ui.search.addEventListener('input', () => this.#stateChanged(false));
    ui.search.addEventListener('keydown', (e) => this.#searchKey(e));
    ui.sort.addEventListener('change', () => this.#stateChanged(true));
    ui.helpButton.addEventListener('click', () => {
      ui.help.hidden = !ui.help.hidden;
      ui.helpButton.setAttribute('aria-expanded', String(!ui.help.hidden));
    });
    ui.facets.addEventListener('change', () => {
      this.#filters = [...ui.facets.querySelectorAll('input:checked')]
        .map((box) => [box.dataset.field, box.dataset.value]);
      this.#stateChanged(true);
    });
    ui.more.addEventListener('click', () => this.#showMore());
    ui.retry.addEventListener('click', () => {
      ui.retry.disabled = true;
      ui.retry.textContent = this.#t.retrying;
      this.removeAttribute('loaded');
      this.#engine.retry();
    });
    ui.list.addEventListener('click', (event) => {
      const button = event.target.closest?.('button[data-index]');
      if (button) this.#openSeed(Number(button.dataset.index), Number(button.dataset.section) || 0, true);
    });
    ui.list.addEventListener('keydown', (e) => this.#listKey(e));
    ui.back.addEventListener('click', () => this.#back());
    ui.reader.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && this.#narrow()) {
        event.preventDefault();
        this.#back();
      }
    });
    ui.matchPrev.addEventListener('click', () => this.#step(-1));
    ui.matchNext.addEventListener('click', () => this.#step(1));
    ui.reader.addEventListener('click', (event) => this.#followLink(event));
    this.#onHash = () => this.#applyHash();
    this.#onPrint = () => this.#mountRest();
    this.#onSlash = (event) => this.#slash(event);
    // Links added, removed or changed (a framework rendering them late) reload the list.
    this.#onLinks = new MutationObserver(() => {
      if (!this.hasAttribute('src') && this.#engine.running) this.#load();
    });
  }

  #onHash;
  #onSlash;
  #onPrint;
  #onLinks;

  /** The search box's text; setting it searches (like typing would). */
  get query() {
    return this.#ui.search.value;
  }

  set query(value) {
    const text = String(value ?? '');
    if (text === this.#ui.search.value) return;
    this.#ui.search.value = text;
    this.#stateChanged(false);
  }

  /** Reflects the `src` attribute: the manifest's URL as written. */
  get src() {
    return this.getAttribute('src') ?? '';
  }

  set src(value) {
    this.setAttribute('src', String(value));
  }

  /**
   * Reflects the `theme` attribute: `light`, `dark`, `inherit` (the host page's
   * `color-scheme`) or `auto` (the default: the reader's preference).
   */
  get theme() {
    const theme = this.getAttribute('theme');
    return ['light', 'dark', 'inherit'].includes(theme) ? theme : 'auto';
  }

  set theme(value) {
    if (['light', 'dark', 'inherit'].includes(value)) this.setAttribute('theme', value);
    else this.removeAttribute('theme');
  }

  /**
   * Resolves to `{seeds, words, wasmMemoryBytes, load, searches}` for this viewer's engine;
   * `load` is the last load's `{bytes, parseMs, fetchMs, totalMs}` (seed bytes parsed, time
   * inside Rust's parsing and indexing, from the load's start to its last byte and to its end),
   * or null; `searches` the last searches listed, oldest first, each `{query, engineMs, waitMs,
   * mainMs}` (time in the engine, from sending to the reply, and the element's own work after it).
   */
  async stats() {
    const reply = await this.#engine.ask({ type: 'stats' });
    return {
      seeds: reply.seeds, words: reply.words, wasmMemoryBytes: reply.wasmMemoryBytes, load: reply.load ?? null,
      searches: this.#searches.map((s) => ({ ...s })),
    };
  }

  connectedCallback() {
    this.#applyStrings();
    window.addEventListener('hashchange', this.#onHash);
    window.addEventListener('beforeprint', this.#onPrint);
    document.addEventListener('keydown', this.#onSlash);
    this.#onLinks.observe(this, { childList: true, subtree: true, attributes: true, attributeFilter: ['href'] });
    if (this.hasAttribute('query') && !this.#ui.search.value) this.#ui.search.value = this.getAttribute('query');
    if (this.hasAttribute('history')) this.#applyHash(false);
    if (!this.#engine.running) this.#load();
  }

  disconnectedCallback() {
    window.removeEventListener('hashchange', this.#onHash);
    window.removeEventListener('beforeprint', this.#onPrint);
    document.removeEventListener('keydown', this.#onSlash);
    this.#onLinks.disconnect();
    // Removed for good (not just moved): stop the engine, which frees its wasm memory.
    queueMicrotask(() => {
      if (!this.isConnected) this.#engine.stop();
    });
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (oldValue === newValue) return;
    if (name === 'src') {
      // A new corpus: what the old one's crashes taught does not apply.
      this.#engine.reset();
      if (this.#engine.running) this.#load();
    }
    if (name === 'query' && newValue !== null) this.query = newValue;
    if (name === 'lang' || name === 'strings') this.#applyStrings();
    // The seeds' language picks their stemmer: a new one is a new index.
    if (name === 'lang' && this.#engine.running && this.#language() !== this.#loadedLanguage) this.#load();
  }

  /** The words the viewer shows now (see `EN`). */
  #t = EN;
  /** What the host set through the `strings` property. */
  #ownStrings = null;
  /** The built-in sets, once imported. */
  #builtIn = null;

  /**
   * The host's own words for the viewer, merged over the built-in set of its language (see
   * `EN` for the keys); the `strings` attribute takes the same object as JSON.
   */
  get strings() {
    return { ...this.#t };
  }

  set strings(value) {
    this.#ownStrings = value && typeof value === 'object' ? { ...value } : null;
    this.#applyStrings();
  }

  /** The element's language: its `lang`, or the nearest ancestor's, or the page's. */
  #language() {
    const tag = this.closest('[lang]')?.getAttribute('lang') || document.documentElement.lang || 'en';
    return tag.toLowerCase().split('-')[0];
  }

  /** Chooses the words (language, then the host's), and writes every label that shows them. */
  #applyStrings() {
    let fromAttribute = null;
    try {
      fromAttribute = this.hasAttribute('strings') ? JSON.parse(this.getAttribute('strings')) : null;
    } catch {
      fromAttribute = null; // not JSON: the built-in words stay
    }
    const lang = this.#language();
    const own = (v) => (v && typeof v === 'object' ? v : {});
    const sets = this.#builtIn;
    if (LANGUAGES.has(lang) && !sets) {
      // Shown in English until the language's words arrive (a module of a few KB).
      loadStrings().then((loaded) => {
        this.#builtIn = loaded;
        this.#applyStrings();
      }, () => {
        builtInStrings = null; // not loaded (offline, blocked): English stays, a later call retries
      });
    }
    this.#t = { ...EN, ...(sets?.[lang] ?? {}), ...own(fromAttribute), ...own(this.#ownStrings) };
    const t = this.#t;
    const ui = this.#ui;
    ui.search.placeholder = t.search;
    ui.search.setAttribute('aria-label', t.searchLabel);
    ui.helpButton.setAttribute('aria-label', t.help);
    ui.helpButton.title = t.help;
    ui.sort.setAttribute('aria-label', t.sortLabel);
    ui.sort.options[0].textContent = t.best;
    ui.sort.options[1].textContent = t.byTitle;
    ui.retry.textContent = t.retry;
    ui.facets.setAttribute('aria-label', t.filters);
    ui.list.setAttribute('aria-label', t.results);
    ui.results.setAttribute('aria-label', t.results);
    ui.empty.textContent = t.empty;
    ui.matchPrev.setAttribute('aria-label', t.previous);
    ui.matchNext.setAttribute('aria-label', t.next);
    ui.back.textContent = t.back;
    ui.help.replaceChildren(
      el('p', { dir: 'auto' }, t.syntax),
      el('dl', {}, ...t.helpRows.flatMap(([example, meaning]) => [el('dt', {}, el('code', {}, example)), el('dd', { dir: 'auto' }, meaning)])),
      el('p', { dir: 'auto' }, t.keys));
    for (const button of ui.reader.querySelectorAll('button.copy:not([data-copied])')) {
      button.dataset.label = t.copy;
      button.setAttribute('aria-label', t.copyLabel);
    }
    if (ui.reader.querySelector('.placeholder')) this.#placeholder();
    this.#updateCount();
    if (!ui.more.hidden) ui.more.textContent = t.more(this.#count - this.#shown);
    if (this.#matches.length) ui.matchCount.textContent = this.#match >= 0 ? t.matchOf(this.#match + 1, this.#matches.length) : t.matches(this.#matches.length);
    // What Rust writes follows: the open article is written again in the new words.
    const words = this.#rustWords();
    if (this.#engine.running && this.#sentWords && JSON.stringify(words) !== JSON.stringify(this.#sentWords)) {
      this.#sentWords = words;
      this.#engine.words(words);
      if (this.#open >= 0) void this.#renderArticle(false);
    }
  }

  #placeholder() {
    this.#ui.reader.replaceChildren(el('p', { class: 'placeholder', dir: 'auto' }, this.#t.choose));
    this.#ui.matchNav.hidden = true;
  }

  /** Clears what the last corpus showed. */
  #reset() {
    this.removeAttribute('loaded');
    this.#names = [];
    this.#urls = [];
    this.#open = -1;
    this.#showOpen();
    this.#count = 0;
    this.#loaded = 0;
    this.#ui.list.replaceChildren();
    this.#ui.facets.replaceChildren();
    this.#facets = '';
    this.#placeholder();
    this.#showDiagnostics([]);
    this.#progress(0, 0);
    this.#updateCount();
  }

  /** Loads the corpus the attributes or links name, in a new engine if none runs. */
  #load() {
    this.#reset();
    const src = this.getAttribute('src') ?? '';
    this.#loadedLanguage = this.#language();
    this.#sentWords = this.#rustWords();
    void this.#engine.load({ ...this.#request(src), label: src, limits: this.#limits(), lang: this.#loadedLanguage, words: this.#sentWords });
  }

  /** The viewer's words that Rust writes into its HTML (the protocol's RustWords). */
  #rustWords() {
    const t = this.#t;
    return { contents: t.contents, conclusion: t.conclusion, bestSections: t.bestSections, image: t.image, taskDone: t.taskDone, taskToDo: t.taskToDo };
  }

  /** The Rust words the engine has, to send them again only when they change. */
  #sentWords = null;

  /** The language the corpus was last loaded in (`#language`). */
  #loadedLanguage = '';

  /** The `max-seed-bytes`, `max-seeds` and `fetch-timeout` (ms) attributes, where valid. */
  #limits() {
    const limits = {};
    for (const [attr, key] of [['max-seed-bytes', 'maxSeedBytes'], ['max-seeds', 'maxSeeds'], ['fetch-timeout', 'timeoutMs']]) {
      const value = Number(this.getAttribute(attr));
      if (this.hasAttribute(attr) && Number.isFinite(value) && value > 0) limits[key] = value;
    }
    return limits;
  }

  /**
   * What to load: the manifest at `src`; else the element's own links (`data-seed` is each
   * `href` as written; links to another origin are refused); else the single-file build's
   * corpus. `{}` when there is nothing to load (the engine says so).
   */
  #request(src) {
    if (this.hasAttribute('src')) {
      try {
        if (src) return { src: new URL(src, document.baseURI).href };
      } catch { /* reported by the engine */ }
      return {};
    }
    const links = [...this.querySelectorAll('a[href]')].map((a) => /** @type {HTMLAnchorElement} */ (a));
    if (links.length) {
      const names = links.map((a) => a.getAttribute('href'));
      const sameOrigin = (a) => {
        try {
          return new URL(a.href).origin === window.location.origin;
        } catch {
          return false;
        }
      };
      const urls = links.map((a) => (sameOrigin(a) ? a.href : null));
      return { names, urls };
    }
    if (EMBED?.seeds) return { names: EMBED.seeds.names, pack: EMBED.seeds.pack };
    return {};
  }

  /** @param {import('./seeds-viewer-protocol.js').FromEngine} data */
  #fromEngine(data) {
    switch (data?.type) {
      case 'manifest':
        this.#names = data.names;
        this.#urls = data.urls;
        return;
      case 'progress':
        this.#progress(data.done, data.total);
        if (!data.added) return;
        // Everything listed in manifest order and the first page full: newer seeds only add
        // to the count, which needs no search (the load goes faster without one).
        if (this.#listsAll() && this.#shown >= PAGE) {
          this.#count = this.#loaded = data.loaded;
          this.#stale = true;
          this.#afterList();
        } else {
          this.#search();
        }
        return;
      case 'loaded':
        this.#finished({ seeds: data.seeds, diagnostics: data.diagnostics, failed: data.failed });
        return;
      default:
    }
  }

  async #finished({ seeds, diagnostics, failed = 0 }) {
    this.#progress(0, 0);
    this.#showDiagnostics(diagnostics);
    const { retry } = this.#ui;
    retry.hidden = failed === 0;
    retry.disabled = false;
    retry.textContent = this.#t.retryFailed(failed);
    if (this.#engine.ready) await this.#search();
    if (this.#pendingOpen) {
      const { name, section } = this.#pendingOpen;
      this.#pendingOpen = null;
      const position = this.#names.indexOf(name);
      if (position >= 0) await this.#openSeed(position, section, false);
    }
    this.setAttribute('loaded', '');
    this.dispatchEvent(new CustomEvent('seeds-loaded', {
      bubbles: true, composed: true,
      detail: { seeds, diagnostics: diagnostics.map(({ file, line, code, message }) => ({ file, line, code, message })) },
    }));
  }

  #progress(done, total) {
    const { progress, progressBar, progressText } = this.#ui;
    const loading = total > 0 && done < total;
    progress.hidden = !loading;
    this.toggleAttribute('aria-busy', loading);
    if (!loading) return;
    progressBar.max = total;
    progressBar.value = done;
    progressText.textContent = this.#t.loading(done, total);
  }

  #showDiagnostics(diagnostics) {
    const { diagnostics: panel, diagnosticsSummary, diagnosticsList } = this.#ui;
    panel.hidden = diagnostics.length === 0;
    diagnosticsSummary.textContent = this.#t.problems(diagnostics.length);
    diagnosticsList.replaceChildren(...diagnostics.map(({ file, line, message }) =>
      el('li', { part: 'diagnostic', class: 'diagnostic' },
        el('code', {}, line > 0 ? `${file}:${line}` : file), ' ', message)));
  }

  /** The query, filters or order changed: search, and record it in the hash (if enabled). */
  #stateChanged(push) {
    this.#writeHash(push);
    this.#search();
  }

  /**
   * Runs the current search and lists the first page. One search is in flight at a time; input
   * that arrives meanwhile is searched when it returns (only the latest), so typing never queues.
   */
  #search() {
    if (!this.#engine.ready) return Promise.resolve();
    this.#dirty = true;
    if (!this.#looping) {
      this.#looping = true;
      this.#searching = this.#searchLoop();
    }
    return this.#searching;
  }

  #looping = false;
  #searching = null;
  /** Seeds arrived since the last search without one (the count is ahead of the results). */
  #stale = false;

  /** Searches until no newer input is waiting; `#looping` drops in the same tick as the last check. */
  async #searchLoop() {
    try {
      while (this.#dirty) {
        this.#dirty = false;
        const query = this.#ui.search.value;
        const sent = performance.now();
        const open = this.#open;
        const reply = await this.#engine.search(query, this.#filters, this.#ui.sort.value, PAGE, open);
        const received = performance.now();
        if (this.#dirty) continue;
        this.#count = reply.count;
        this.#loaded = reply.loaded ?? this.#loaded;
        this.#stale = false;
        this.#shown = Math.min(PAGE, this.#count);
        mountItems(this.#ui.list, reply.items);
        if (reply.facets !== this.#facets) {
          this.#facets = reply.facets;
          mountHTML(this.#ui.facets, reply.facets);
          nameLanguages(this.#ui.facets, this.#language());
        }
        this.#afterList();
        this.#record({ query, engineMs: reply.engineMs ?? null, waitMs: received - sent, mainMs: performance.now() - received });
        this.#searchesShown++;
        // An article still mounting is marked once it is in (see #renderArticle).
        // Not awaited: a long article's marks go in over several frames, and the next key's
        // search need not wait for them (it starts marking afresh).
        // (The marks are for the seed open when it was sent: another one asks for its own.)
        if (this.#open >= 0 && !this.#unmounted.length) {
          void this.#markArticle(() => !this.#dirty, open === this.#open ? reply.marks ?? [] : null);
        }
        this.dispatchEvent(new CustomEvent('seeds-search', {
          bubbles: true, composed: true, detail: { query, count: this.#count },
        }));
      }
    } finally {
      this.#looping = false;
    }
  }

  /** The facets' HTML shown: mounted again only when it changes. */
  #facets = '';

  /** The last searches' timings, for `stats()`: a short ring, never growing with use. */
  #searches = [];

  #record(timing) {
    this.#searches.push(timing);
    if (this.#searches.length > SEARCH_RECORD) this.#searches.shift();
  }

  async #showMore() {
    // The engine's results are the last search's: bring them up to date with the count first.
    if (this.#stale) await this.#search();
    const from = this.#shown;
    const to = Math.min(this.#shown + PAGE, this.#count);
    const reply = await this.#engine.ask({ type: 'items', start: from, end: to });
    this.#shown = to;
    mountItems(this.#ui.list, reply.items, from);
    this.#afterList();
  }

  #afterList() {
    const { more, empty } = this.#ui;
    more.hidden = this.#shown >= this.#count;
    more.textContent = this.#t.more(this.#count - this.#shown);
    empty.hidden = this.#count > 0 || this.#loaded === 0;
    this.#markOpen();
    this.#updateCount();
  }

  /** Whether the view is every seed in manifest order (no query, no filter, best-match order). */
  #listsAll() {
    return !this.#ui.search.value.trim() && this.#filters.length === 0 && this.#ui.sort.value === 'relevance';
  }

  #updateCount() {
    const filtered = this.#ui.search.value.trim() || this.#filters.length;
    this.#ui.count.textContent = filtered ? this.#t.matching(this.#count, this.#loaded) : this.#t.seeds(this.#count);
  }

  #markOpen() {
    for (const button of this.#ui.list.querySelectorAll('button.open')) {
      button.toggleAttribute('aria-current', Number(button.dataset.index) === this.#open);
    }
  }

  async #openSeed(position, section, record) {
    if (!Number.isInteger(position) || position < 0) return;
    // Where the list was, for Back to return to when the reader replaces it (narrow viewers).
    if (this.#open < 0) this.#listScroll = this.#ui.results.scrollTop;
    this.#open = position;
    this.#showOpen();
    this.#pushedOpen = record && this.hasAttribute('history');
    await this.#renderArticle(true, section);
    this.#markOpen();
    if (record) this.#writeHash(true, section);
  }

  /** The list's scroll position when a seed was opened from it. */
  #listScroll = 0;
  /** Whether opening the seed shown added a history entry (Back then goes back through it). */
  #pushedOpen = false;

  /** Whether the viewer is narrow enough that the reader replaces the list (the CSS says when). */
  #narrow() {
    return getComputedStyle(this.#ui.back).display !== 'none';
  }

  /** Tells the stylesheet whether a seed is open (narrow viewers show the list or the reader). */
  #showOpen() {
    this.#ui.viewer.toggleAttribute('data-open', this.#open >= 0);
  }

  /** The Back control: through the history entry that opened the seed, else straight back. */
  #back() {
    if (this.#pushedOpen && this.hasAttribute('history')) window.history.back();
    else this.#close(true);
  }

  /** Closes the open seed: the list again, where it was, focus on the item that was open. */
  #close(record) {
    const was = this.#open;
    if (was < 0) return;
    this.#open = -1;
    this.#pushedOpen = false;
    this.#rendering += 1;
    this.#showOpen();
    this.#placeholder();
    this.#markOpen();
    this.#ui.results.scrollTop = this.#listScroll;
    const item = this.#ui.list.querySelector(`button.open[data-index="${was}"]`);
    (item ?? this.#ui.search).focus({ preventScroll: true });
    if (record) this.#writeHash(true);
  }

  #rendering = 0;
  #marking = 0;

  /**
   * Highlights the last search's matches in the open article, in place: Rust says where they
   * are, the old marks come out and the new go in, the article is never mounted again. Gives
   * up (for a newer search to redo) as soon as `wanted()` is false.
   */
  async #markArticle(wanted = () => true, marks = null) {
    const position = this.#open;
    const marking = ++this.#marking;
    const current = () => marking === this.#marking && position === this.#open && wanted();
    const ranges = marks ?? (await this.#engine.ask({ type: 'marks', position })).marks ?? [];
    const article = this.#ui.reader.querySelector('[part~=article]');
    if (!current() || !article) return;
    if (await markRanges(article, ranges, current)) this.#collectMatches();
  }

  /**
   * Shows the open seed's article. A long one is mounted a slice at a time (see
   * `articleSlices`), a frame between slices, so a multi-megabyte seed never blocks the page
   * for long; a newer render stops an older one.
   */
  async #renderArticle(fromTop, section = 0) {
    const { reader } = this.#ui;
    const position = this.#open;
    const scroll = reader.scrollTop;
    const render = ++this.#rendering;
    const reply = await this.#engine.ask({ type: 'article', position });
    if (position !== this.#open || render !== this.#rendering) return;
    const searched = this.#searchesShown;
    const { head, slices } = articleSlices(reply.html);
    const first = parseHTML(head);
    this.#rebase(first, this.#urls[position]);
    this.#decorate(first);
    reader.replaceChildren(first);
    this.#unmounted = slices;
    // Where the reader starts: the top, a section once it is in, or where it was.
    let placed = section === 0;
    reader.scrollTop = fromTop ? 0 : scroll;
    if (fromTop) reader.focus({ preventScroll: true });
    const place = () => {
      const target = placed ? null : this.shadowRoot.getElementById(`sv-s${section}`);
      if (target) {
        reveal(target, 'start');
        placed = true;
      }
    };
    place();
    // A slice a frame once the first screenful is in, so that no task parses or lays out much.
    let bytes = head.length;
    while (this.#unmounted.length) {
      if (bytes >= SLICE_BYTES) {
        await nextFrame();
        if (position !== this.#open || render !== this.#rendering) return;
        bytes = 0;
      }
      bytes += this.#mountSlice();
      place();
    }
    // The marks that came with it, unless a search since has changed them.
    await this.#markArticle(() => true, this.#searchesShown === searched ? reply.marks ?? [] : null);
  }

  /** The open article's slices not mounted yet, in order. */
  #unmounted = [];
  /** Searches whose results were shown (an article's marks are those of the last one). */
  #searchesShown = 0;

  /** Mounts the next slice of the open article; returns its size. */
  #mountSlice() {
    const slice = this.#unmounted.shift();
    if (!slice) return 0;
    const article = this.#ui.reader.querySelector('[part~=article]');
    const into = (slice.into && this.shadowRoot.getElementById(slice.into)) || article;
    const fragment = parseHTML(slice.html);
    this.#rebase(fragment, this.#urls[this.#open]);
    this.#decorate(fragment);
    into?.append(fragment);
    return slice.html.length;
  }

  /** Mounts the rest of the open article at once: to print it, or to follow a link into it. */
  #mountRest() {
    while (this.#unmounted.length) this.#mountSlice();
  }

  /**
   * A copy button on each code block. It has no text of its own (the stylesheet writes its
   * label), so the article's text, which highlight ranges count in, stays what Rust wrote.
   */
  #decorate(root) {
    for (const pre of root.querySelectorAll('pre:not(.raw-html)')) {
      pre.append(el('button', {
        part: 'copy', class: 'copy', type: 'button', 'aria-label': this.#t.copyLabel, 'data-label': this.#t.copy,
      }));
    }
  }

  /** Copies a code block's text; where the page may not write the clipboard, selects it. */
  async #copy(button) {
    const code = button.parentElement?.querySelector('code');
    if (!code) return;
    let copied = false;
    try {
      await navigator.clipboard.writeText(code.textContent);
      copied = true;
    } catch {
      // No clipboard here (a file:// page, a denied permission): the reader copies the selection.
      const range = document.createRange();
      range.selectNodeContents(code);
      getSelection()?.removeAllRanges();
      getSelection()?.addRange(range);
    }
    button.dataset.copied = copied ? 'copied' : 'selected';
    button.dataset.label = copied ? this.#t.copied : this.#t.selected;
    button.setAttribute('aria-label', copied ? this.#t.copiedLabel : this.#t.selectedLabel);
    clearTimeout(this.#copyTimer);
    this.#copyTimer = setTimeout(() => {
      delete button.dataset.copied;
      button.dataset.label = this.#t.copy;
      button.setAttribute('aria-label', this.#t.copyLabel);
    }, 2000);
  }

  #copyTimer = null;

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

  /** The open article's highlights, for "n of m" navigation. */
  #collectMatches() {
    this.#matches = [...this.#ui.reader.querySelectorAll('mark[part~=highlight]')];
    this.#match = -1;
    this.#ui.matchNav.hidden = this.#matches.length === 0;
    this.#ui.matchCount.textContent = this.#t.matches(this.#matches.length);
  }

  #step(delta) {
    const n = this.#matches.length;
    if (!n) return;
    this.#matches[this.#match]?.removeAttribute('data-current');
    this.#match = (this.#match + delta + n) % n;
    const mark = this.#matches[this.#match];
    mark.setAttribute('data-current', '');
    reveal(mark, 'center');
    this.#ui.matchCount.textContent = this.#t.matchOf(this.#match + 1, n);
  }

  /** In-article fragment links (table of contents, footnotes) scroll within the shadow root. */
  #followLink(event) {
    const copy = event.target.closest?.('button.copy');
    if (copy) {
      void this.#copy(copy);
      return;
    }
    const link = event.target.closest?.('a[href]');
    if (!link) return;
    const href = link.getAttribute('href');
    if (!href.startsWith('#')) {
      // A link to another seed of this corpus opens it here.
      const position = this.#urls.indexOf(href.split('#')[0]);
      if (position >= 0) {
        event.preventDefault();
        this.#openSeed(position, 0, true);
      }
      return;
    }
    event.preventDefault();
    if (!this.shadowRoot.getElementById(href.slice(1))) this.#mountRest();
    const target = this.shadowRoot.getElementById(href.slice(1));
    if (!target) return;
    reveal(target, 'start');
    const heading = /** @type {HTMLElement | null} */ (target.matches('section') ? target.querySelector(':scope > :is(h3, h4, h5)') : target);
    heading?.setAttribute('tabindex', '-1');
    heading?.focus({ preventScroll: true });
  }

  #searchKey(event) {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      this.#ui.list.querySelector('button.open')?.focus();
    } else if (event.key === 'Escape') {
      if (this.#ui.search.value) {
        event.preventDefault();
        this.query = '';
      }
    } else if (event.key === 'Enter') {
      this.#ui.list.querySelector('button.open')?.click();
    }
  }

  #listKey(event) {
    if (!['ArrowDown', 'ArrowUp', 'Escape', 'Home', 'End'].includes(event.key)) return;
    const buttons = [...this.#ui.list.querySelectorAll('button.open')];
    const at = buttons.indexOf(event.target.closest?.('li')?.querySelector('button.open'));
    event.preventDefault();
    if (event.key === 'Escape') {
      this.query = '';
      this.#ui.search.focus();
    } else if (event.key === 'ArrowUp' && at <= 0) {
      this.#ui.search.focus();
    } else {
      const next = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: buttons.length - 1 }[event.key];
      buttons[Math.min(Math.max(next, 0), buttons.length - 1)]?.focus();
    }
  }

  /** `/` focuses the search, when the page opted in with `hotkeys` and no field has focus. */
  #slash(event) {
    if (event.key !== '/' || !this.hasAttribute('hotkeys') || event.defaultPrevented) return;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const active = event.composedPath()[0];
    if (active instanceof HTMLElement && (active.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName))) return;
    event.preventDefault();
    this.#ui.search.focus();
    this.#ui.search.select();
  }

  /** Writes query, filters, order, open seed and section into the hash (with `history`). */
  #writeHash(push, section = 0) {
    if (!this.hasAttribute('history') || this.#applyingState) return;
    // Typing replaces the entry once it pauses: a URL update per key costs the page a
    // millisecond, and WebKit refuses more than a hundred in half a minute.
    clearTimeout(this.#hashTimer);
    if (!push) {
      this.#hashTimer = setTimeout(() => this.#writeHashNow(false, section), HASH_PAUSE_MS);
      return;
    }
    this.#writeHashNow(true, section);
  }

  #hashTimer = null;

  #writeHashNow(push, section) {
    if (!this.isConnected) return;
    const params = new URLSearchParams();
    if (this.#ui.search.value) params.set('q', this.#ui.search.value);
    for (const f of this.#filters) params.append('f', filterParam(f));
    if (this.#ui.sort.value !== 'relevance') params.set('sort', this.#ui.sort.value);
    if (this.#open >= 0 && this.#names[this.#open] !== undefined) params.set('seed', this.#names[this.#open]);
    if (section > 0) params.set('section', String(section));
    const hash = params.toString() ? `#${params}` : '';
    if (hash === window.location.hash || (!hash && !window.location.hash)) return;
    const url = `${window.location.pathname}${window.location.search}${hash || '#'}`;
    if (push) window.history.pushState(null, '', url);
    else window.history.replaceState(null, '', url);
  }

  /** Restores the view the hash describes (with `history`): on load, back, forward and links. */
  async #applyHash(run = true) {
    if (!this.hasAttribute('history')) return;
    const params = new URLSearchParams(window.location.hash.slice(1));
    this.#applyingState = true;
    try {
      this.#ui.search.value = params.get('q') ?? '';
      this.#filters = params.getAll('f').map(parseFilterParam).filter(Boolean);
      this.#ui.sort.value = params.get('sort') === 'title' ? 'title' : 'relevance';
      const name = params.get('seed');
      const section = Number(params.get('section')) || 0;
      if (!run) {
        if (name !== null) this.#pendingOpen = { name, section };
        return;
      }
      await this.#search();
      const position = name === null ? -1 : this.#names.indexOf(name);
      if (position >= 0) await this.#openSeed(position, section, false);
      else this.#close(false);
    } finally {
      this.#applyingState = false;
    }
  }
}

if (!customElements.get('seeds-viewer')) customElements.define('seeds-viewer', SeedsViewerElement);
