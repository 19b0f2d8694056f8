// The hostile-seed suite (tests/hostile/, indexed in its README) in Debian's Chromium: every
// vector is opened, hovered, focused and clicked in the viewer, once under the page's own CSP
// (packed corpus) and once with CSP bypassed (seed by seed, so the fetch path sees the hostile
// file names too). A vector that ran would call the trapped `window.__pwned` setter, define a
// `__pwnedN` global or request a URL carrying `pwned`/127.0.0.2; the rendered DOM is also
// audited against what src/render.rs can emit. A self-check proves each detector fires.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, corpus, serve, launch, newPage, openViewer, screenshot, listed } from './harness.mjs';

const REAL = ['000_770b74edc0885b39.txt', '001_8ad0c89a53f0c992.txt', '002_cb0fd8965597060f.txt', '003_5479fcd4f3c7b033.txt'];
const HOSTILE_DIR = path.join(ROOT, 'tests/hostile');
const FILES = Object.fromEntries(readdirSync(HOSTILE_DIR)
  .filter((n) => /\.(md|txt)$/.test(n) && n !== 'README.md')
  .sort()
  .map((n) => [n, readFileSync(path.join(HOSTILE_DIR, n))]));

/** Vectors 1400-1407 live in the file names themselves (see tests/hostile/README.md). */
const NAMED = {
  '<img src=x onerror=window.__pwned=1400>.md': '# Name vector 1400\n\nThe file name is an img tag with onerror.\n',
  '"><svg onload=window.__pwned=1401>.txt': 'Name vector 1401: the file name closes an attribute.\nIntro.\n- A\nA\nText.\nEnd.\n',
  'bidi-\u202E1402-dm.txt': 'Name vector 1402: the file name opens a right-to-left override.\nIntro.\n- A\nA\nText.\nEnd.\n',
  'javascript:window.__pwned=1403.md': '# Name vector 1403\n\nThe file name is a javascript URL.\n',
  '\\\\127.0.0.2:9\\pwned-1404.md': '# Name vector 1404\n\nThe file name is a backslash URL to another origin.\n',
  '?pwned-1405.md': '# Name vector 1405\n\nThe file name starts a query string.\n',
  '#pwned-1406.md': '# Name vector 1406\n\nThe file name starts a fragment.\n',
  '%2e%2e%2fpwned-1407.md': '# Name vector 1407\n\nThe file name is percent-encoded dot-dot-slash.\n',
};
const HOSTILE = [...Object.keys(FILES), ...Object.keys(NAMED)];
const ALL = [...REAL, ...HOSTILE];

/** Every `__pwnedN` name a vector uses as an id, name or global. */
const MARKERS = [...new Set([...Object.values(FILES).map(String), ...Object.keys(NAMED)].join('\n').match(/__pwned\d+/g))];

/** The parts README.md documents. */
const PARTS = ['search', 'help-button', 'help', 'sort', 'facets', 'facet', 'count', 'list', 'item', 'sections', 'more',
  'progress', 'diagnostics', 'diagnostic', 'reader', 'match-nav', 'match-count', 'match-prev', 'match-next', 'back', 'copy', 'article',
  'summary', 'introduction', 'meta', 'toc', 'section', 'conclusion', 'highlight', 'retry'];

/** What src/render.rs emits, per container the viewer mounts Rust's HTML into. */
const RULES = {
  reader: {
    tags: ['article', 'header', 'h2', 'dl', 'div', 'dt', 'dd', 'nav', 'h3', 'ol', 'li', 'a', 'section', 'h4', 'h5', 'h6',
      'p', 'blockquote', 'pre', 'code', 'span', 'ul', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'em', 'strong', 'del',
      'img', 'br', 'hr', 'input', 'sup', 'mark', 'bdi', 'button'],
    attrs: ['part', 'data-seed', 'data-kind', 'aria-labelledby', 'id', 'class', 'dir', 'href', 'rel', 'target', 'title',
      'loading', 'src', 'alt', 'data-lang', 'aria-hidden', 'start', 'type', 'checked', 'disabled', 'aria-label',
      'tabindex', 'data-current', 'data-copied', 'data-label'],
    classes: ['head', 'title', 'meta', 'lede', 'intro', 'task', 'footnote-ref', 'lang', 'raw-html', 'table', 'left',
      'center', 'right', 'footnote', 'footnote-label', 'refused-link', 'image-link', 'refused-image', 'placeholder', 'copy'],
    parts: ['article', 'summary', 'introduction', 'meta', 'toc', 'section', 'conclusion', 'highlight', 'copy'],
  },
  list: {
    tags: ['li', 'button', 'span', 'ul', 'mark'],
    attrs: ['part', 'data-seed', 'type', 'class', 'data-index', 'dir', 'aria-label', 'data-section', 'aria-current'],
    classes: ['open', 'item-title', 'item-snippet', 'item-name', 'item-sections', 'open-section'],
    parts: ['item', 'sections', 'highlight'],
  },
  facets: {
    tags: ['fieldset', 'legend', 'label', 'input', 'span'],
    attrs: ['part', 'class', 'type', 'data-field', 'data-value', 'checked', 'dir'],
    classes: ['facet', 'facet-value', 'facet-count'],
    parts: ['facet'],
  },
};

/**
 * Installed in every frame before any script: the `__pwned` setter trap, CSP violations, and a
 * click guard that stops only what a reader may legitimately follow (http, https and mailto
 * links the viewer did not handle itself), recording them, so that a dangerous link would
 * really be followed.
 */
function trap() {
  const state = { calls: [], violations: [], followed: [] };
  Object.defineProperty(window, '__pwned', {
    configurable: false, enumerable: false,
    get() { return undefined; },
    set(v) { state.calls.push(String(v)); },
  });
  Object.defineProperty(window, '__hostileTrap', { value: state, enumerable: false });
  document.addEventListener('securitypolicyviolation', (e) => {
    state.violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
  });
  window.addEventListener('click', (event) => {
    if (event.defaultPrevented) return;
    const link = event.composedPath().find((n) => n instanceof Element && n.matches('a[href], area[href]'));
    if (!link) return;
    let url;
    try { url = new URL(link.getAttribute('href'), document.baseURI); } catch { return; }
    if (['http:', 'https:', 'mailto:'].includes(url.protocol)) {
      event.preventDefault();
      state.followed.push({ href: url.href, target: link.getAttribute('target'), rel: link.getAttribute('rel') });
    }
  });
}

/** Records requests, main-frame navigations and new pages of `page`'s context. */
function watch(page, base, names) {
  const origin = new URL(base).origin;
  const rec = { requests: [], navigations: [], popups: [] };
  const context = page.context();
  const seedUrl = (u) => u.origin === origin && u.pathname.startsWith('/seeds/')
    && !u.search && names.includes(decodeURIComponent(u.pathname.slice('/seeds/'.length)));
  context.on('request', (r) => {
    const url = r.url();
    let u;
    try { u = new URL(url); } catch { rec.requests.push(url); return; }
    if (u.protocol === 'data:') {
      if (/pwned/i.test(url)) rec.requests.push(url.slice(0, 200));
      return;
    }
    if (u.origin !== origin) rec.requests.push(url);
    else if (/pwned|127\.0\.0\.2/i.test(decodeURIComponent(url)) && !seedUrl(u)) rec.requests.push(url);
  });
  context.on('page', (p) => rec.popups.push(p));
  page.on('framenavigated', (f) => { if (f === page.mainFrame()) rec.navigations.push(f.url()); });
  return rec;
}

/** The computed styles a hostile seed would want to change, and the page's own structure. */
function styles() {
  const viewer = document.querySelector('seeds-viewer');
  const root = viewer.shadowRoot;
  const props = ['display', 'visibility', 'opacity', 'position', 'zIndex', 'backgroundColor', 'backgroundImage', 'color',
    'transform', 'clipPath', 'filter', 'contentVisibility', 'fontFamily', 'pointerEvents'];
  const pick = (el) => (el ? Object.fromEntries(props.map((p) => [p, getComputedStyle(el)[p]])) : null);
  const rect = (el) => { const r = el.getBoundingClientRect(); return [r.x + scrollX, r.y + scrollY, r.width, r.height].map(Math.round).join(','); };
  return {
    host: pick(viewer), hostRect: rect(viewer), html: pick(document.documentElement), body: pick(document.body),
    h1: pick(document.querySelector('h1')),
    search: pick(root.querySelector('[part~=search]')), list: pick(root.querySelector('[part~=list]')),
    reader: pick(root.querySelector('[part~=reader]')), count: pick(root.querySelector('[part~=count]')),
    readerRect: rect(root.querySelector('[part~=reader]')),
    documentSheets: document.styleSheets.length, rootSheets: root.styleSheets.length, adopted: root.adoptedStyleSheets.length,
    baseURI: document.baseURI.split('#')[0], head: [...document.head.children].map((e) => e.outerHTML).join('\n'),
    bodyTags: [...document.body.querySelectorAll('*')].filter((e) => !e.closest('seeds-viewer')).map((e) => e.localName).join(','),
    title: document.title, cookie: document.cookie, frames: window.frames.length,
  };
}

/** Everything in the shadow root that render.rs (or the viewer's own chrome) could not have made. */
function audit({ rules, parts }) {
  const root = document.querySelector('seeds-viewer').shadowRoot;
  const out = [];
  const desc = (el) => `<${el.localName}${[...el.attributes].map((a) => ` ${a.name}="${a.value.slice(0, 80)}"`).join('')}>`;
  for (const [key, rule] of Object.entries(rules)) {
    const container = root.querySelector(`[part~=${key}]`);
    if (!container) { out.push(`no [part~=${key}] container`); continue; }
    const tags = new Set(rule.tags);
    const attrs = new Set(rule.attrs);
    const classes = new Set(rule.classes);
    const allowedParts = new Set(rule.parts);
    for (const el of container.querySelectorAll('*')) {
      if (!tags.has(el.localName) || el.namespaceURI !== 'http://www.w3.org/1999/xhtml') out.push(`${key}: element ${desc(el)}`);
      for (const a of el.attributes) if (!attrs.has(a.name)) out.push(`${key}: attribute ${a.name} on ${desc(el)}`);
      for (const c of el.classList) if (!classes.has(c)) out.push(`${key}: class ${c} on ${desc(el)}`);
      for (const p of el.part) if (!allowedParts.has(p)) out.push(`${key}: part ${p} on ${desc(el)}`);
      if (el.hasAttribute('tabindex') && el.getAttribute('tabindex') !== '-1') out.push(`${key}: tabindex on ${desc(el)}`);
      // The reader's only buttons are the element's own copy buttons, empty, on code blocks.
      if (key === 'reader' && el.localName === 'button'
        && !(el.classList.contains('copy') && el.type === 'button' && el.parentElement?.localName === 'pre' && !el.childNodes.length)) {
        out.push(`${key}: button ${desc(el)}`);
      }
      if (el.localName === 'input' && !(el.type === 'checkbox' && (key === 'facets' || (el.disabled && el.classList.contains('task'))))) out.push(`${key}: input ${desc(el)}`);
    }
  }
  const documented = new Set(parts);
  const ids = new Map();
  for (const el of root.querySelectorAll('*')) {
    for (const a of el.attributes) {
      if (/^on/i.test(a.name) || ['style', 'slot', 'name', 'exportparts', 'srcdoc', 'formaction', 'action', 'srcset', 'ping', 'background', 'poster', 'xlink:href', 'is', 'popover', 'autofocus', 'contenteditable'].includes(a.name)) {
        out.push(`attribute ${a.name} on ${desc(el)}`);
      }
    }
    for (const p of el.part) if (!documented.has(p)) out.push(`undocumented part ${p} on ${desc(el)}`);
    if (el.id) {
      if (!el.id.startsWith('sv-')) out.push(`id ${el.id} on ${desc(el)}`);
      if (ids.has(el.id)) out.push(`duplicate id ${el.id}`);
      ids.set(el.id, el);
    }
  }
  for (const el of root.querySelectorAll('script, style, iframe, frame, frameset, object, embed, applet, form, base, meta, svg, math, slot, template, video, audio, source, picture, textarea, noscript, dialog, link:not([rel=stylesheet])')) {
    out.push(`active element ${desc(el)}`);
  }
  if (root.querySelectorAll('link').length > 1) out.push(`${root.querySelectorAll('link').length} link elements`);
  for (const a of root.querySelectorAll('[href]')) {
    const raw = a.getAttribute('href');
    let url = null;
    try { url = new URL(raw, document.baseURI); } catch { /* reported below */ }
    if (!url || !['http:', 'https:', 'mailto:'].includes(url.protocol)) out.push(`href ${raw} on ${desc(a)}`);
    if (a.hasAttribute('target') && (a.getAttribute('target') !== '_blank' || !/\bnoopener\b/.test(a.rel) || !/\bnoreferrer\b/.test(a.rel))) {
      out.push(`target without noopener noreferrer on ${desc(a)}`);
    }
    if (url && url.origin !== location.origin && ['http:', 'https:'].includes(url.protocol) && a.getAttribute('target') !== '_blank') {
      out.push(`remote link without target=_blank: ${desc(a)}`);
    }
  }
  for (const img of root.querySelectorAll('img')) {
    let url = null;
    try { url = new URL(img.getAttribute('src'), document.baseURI); } catch { /* reported below */ }
    if (!url || url.origin !== location.origin) out.push(`image from ${img.getAttribute('src')}`);
  }
  for (const el of root.querySelectorAll('[src]:not(img)')) out.push(`src on ${desc(el)}`);
  const articles = root.querySelectorAll('[part~=article]');
  if (articles.length > 1) out.push(`${articles.length} articles`);
  const items = [...root.querySelectorAll('[part~=list] [part~=item]')];
  if (items.some((li) => li.parentElement !== root.querySelector('[part~=list]'))) out.push('an item nested inside the list');
  if (new Set(items.map((li) => li.dataset.seed)).size !== items.length) out.push('two items for one seed');
  return out;
}

/**
 * Whether text that seeds can reach stays bidi-isolated, and the viewer's own text keeps its
 * visual order (letters left to right on each line) whatever a seed leaves open.
 */
function bidi() {
  const root = document.querySelector('seeds-viewer').shadowRoot;
  const out = [];
  const CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/;
  const RTL = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;
  const ordered = (node, from = 0, to = node.data.length) => {
    let prev = null;
    for (let i = from; i < to; i += 1) {
      if (!/[A-Za-z0-9]/.test(node.data[i])) continue;
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const r = range.getBoundingClientRect();
      if (!r.width) continue;
      if (prev && Math.abs(r.top - prev.top) < 2 && r.left < prev.left) return false;
      prev = r;
    }
    return true;
  };
  const texts = (el) => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    const found = [];
    while (walker.nextNode()) found.push(walker.currentNode);
    return found;
  };
  const own = [root.querySelector('[part~=count]'), root.querySelector('[part~=match-count]'),
    ...root.querySelectorAll('#sv-toc, #sv-conclusion-h, [part~=toc] a[href="#sv-conclusion"], [part~=facet] legend, .facet-count')];
  for (const el of own) {
    if (!el || el.closest('[hidden]')) continue;
    for (const t of texts(el)) if (!ordered(t)) out.push(`viewer text reordered: "${t.data}" in <${el.localName} ${el.className}>`);
  }
  for (const el of root.querySelectorAll('.item-title, .item-snippet, .item-name, .open-section')) {
    if (CONTROLS.test(el.textContent) || RTL.test(el.textContent)) continue;
    for (const t of texts(el)) if (!ordered(t)) out.push(`list text reordered by a neighbour: "${t.data.slice(0, 60)}"`);
  }
  for (const el of root.querySelectorAll('[part~=article] .refused-image, [part~=article] .image-link')) {
    const t = texts(el)[0];
    if (t?.data.startsWith('Image: ') && !ordered(t, 0, 5)) {
      out.push(`label: viewer label "Image:" reordered by the seed's text before it in <${el.parentElement.localName}>: "${el.parentElement.textContent.slice(0, 80)}"`);
    }
  }
  const isolating = new Set(['isolate', 'plaintext', 'isolate-override']);
  for (const el of root.querySelectorAll('.item-title, .item-snippet, .open-section, [part~=article] :is(h2, h3, h4, h5, h6, p, li, td, th, dd), [part~=facet] label > span:not(.facet-count)')) {
    if (el.id === 'sv-toc' || el.id === 'sv-conclusion-h') continue;
    const u = getComputedStyle(el).unicodeBidi;
    if (!isolating.has(u)) out.push(`seed text in <${el.localName} class="${el.className}"> is not isolated (unicode-bidi: ${u}): "${el.textContent.slice(0, 40)}"`);
  }
  return out;
}

/** Clicks "Show more" until every item is listed. */
async function showAll(page) {
  const more = page.locator('[part~=more]');
  for (let i = 0; i < 20 && await more.isVisible(); i += 1) {
    const before = await page.locator('[part~=item]').count();
    await more.click();
    await page.waitForFunction((n) => document.querySelector('seeds-viewer').shadowRoot.querySelectorAll('[part~=item]').length > n, before);
  }
}

async function openSeed(page, name) {
  await showAll(page);
  const button = (await page.evaluateHandle((n) => [...document.querySelector('seeds-viewer').shadowRoot.querySelectorAll('[part~=item]')]
    .find((li) => li.dataset.seed === n)?.querySelector('button.open') ?? null, name)).asElement();
  assert.ok(button, `${name} is listed`);
  await button.click();
  await page.waitForFunction((n) => document.querySelector('seeds-viewer').shadowRoot.querySelector('[part~=article]')?.dataset.seed === n, name);
}

const openName = (page) => page.evaluate(() => document.querySelector('seeds-viewer').shadowRoot.querySelector('[part~=article]')?.dataset.seed);

/** Centre of the `i`-th element matching `selector` in the shadow root, scrolled into view; null if none or hidden. */
function pointAt([selector, i]) {
  const el = document.querySelector('seeds-viewer').shadowRoot.querySelectorAll(selector)[i];
  if (!el) return null;
  el.scrollIntoView({ block: 'center', inline: 'nearest' });
  const r = el.getClientRects()[0];
  if (!r || !r.width || !r.height) return null;
  const x = r.left + Math.min(r.width / 2, 8);
  const y = r.top + r.height / 2;
  if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) return null;
  return { x, y, html: el.outerHTML.slice(0, 120) };
}

/**
 * Scrolls the reader to screenful `step` and returns the centres of the `selector` elements
 * then visible (one point per element), and whether the reader scrolls further.
 */
function hoverPoints([selector, step]) {
  const root = document.querySelector('seeds-viewer').shadowRoot;
  const reader = root.querySelector('[part~=reader]');
  reader.scrollIntoView({ block: 'nearest' });
  reader.scrollTop = step * reader.clientHeight;
  const box = reader.getBoundingClientRect();
  const points = [];
  for (const el of root.querySelectorAll(selector)) {
    const r = el.getClientRects()[0];
    if (!r || !r.width || !r.height) continue;
    const x = r.left + Math.min(r.width / 2, 8);
    const y = r.top + r.height / 2;
    if (y >= Math.max(box.top, 0) && y < Math.min(box.bottom, innerHeight) && x >= box.left && x < Math.min(box.right, innerWidth)) points.push({ x, y });
  }
  return { points, more: reader.scrollTop + reader.clientHeight < reader.scrollHeight - 1 };
}

const HOVER = '[part~=reader] *';
/** Every link is clicked (up to `links`), then the other clickable things (up to `others`). */
const CLICK = ['[part~=article] a', '[part~=article] :is(button, input, label, summary, .refused-link, .refused-image)'];
const LIMITS = { hover: 150, links: 80, others: 25, tabs: 12 };

/** Hovers, focuses and clicks what the open seed shows, re-opening it if a link opened another seed. */
async function exercise(page, name, doing = {}) {
  const done = { hovers: 0, focused: 0, clicks: 0 };
  for (let step = 0, more = true; more && done.hovers < LIMITS.hover; step += 1) {
    const batch = await page.evaluate(hoverPoints, [HOVER, step]);
    more = batch.more;
    for (const p of batch.points.slice(0, LIMITS.hover - done.hovers)) {
      doing.action = `hovering (${Math.round(p.x)}, ${Math.round(p.y)}) in screenful ${step}`;
      await page.mouse.move(p.x, p.y);
      done.hovers += 1;
    }
  }
  doing.action = 'focusing what is focusable';
  done.focused = await page.evaluate(() => {
    const root = document.querySelector('seeds-viewer').shadowRoot;
    const focusable = root.querySelectorAll('[part~=reader] :is(a[href], button, input, select, textarea, summary, [tabindex], [contenteditable], iframe, object, embed)');
    for (const el of focusable) el.focus();
    root.querySelector('[part~=reader]').focus();
    return focusable.length;
  });
  doing.action = 'pressing Tab';
  for (let i = 0; i < LIMITS.tabs; i += 1) await page.keyboard.press('Tab');
  for (const [selector, limit] of [[CLICK[0], LIMITS.links], [CLICK[1], LIMITS.others]]) {
    const clicks = Math.min(limit, await page.evaluate((s) => document.querySelector('seeds-viewer').shadowRoot.querySelectorAll(s).length, selector));
    for (let i = 0; i < clicks; i += 1) {
      const p = await page.evaluate(pointAt, [selector, i]);
      if (!p) continue;
      doing.action = `clicking ${p.html}`;
      await page.mouse.click(p.x, p.y);
      done.clicks += 1;
      if (await openName(page) !== name) await openSeed(page, name);
    }
  }
  await page.mouse.move(1, 1);
  await page.waitForTimeout(150);
  return done;
}

/** The trap's records in every frame, and the `__pwned*` names that exist anywhere. */
async function trapped(page, markers = MARKERS) {
  const frames = [];
  for (const frame of page.frames()) {
    frames.push(await frame.evaluate((markers) => ({
      url: location.href,
      calls: window.__hostileTrap?.calls ?? ['(no trap in this frame)'],
      violations: window.__hostileTrap?.violations ?? [],
      followed: window.__hostileTrap?.followed ?? [],
      globals: Object.getOwnPropertyNames(window).filter((k) => k.startsWith('__pwned') && k !== '__pwned'),
      named: markers.filter((m) => window[m] !== undefined || document[m] !== undefined),
    }), markers).catch((e) => ({ url: frame.url(), calls: [`(frame not readable: ${e.message})`], violations: [], followed: [], globals: [], named: [] })));
  }
  return frames;
}

/** Problems since the last call: new trap calls, globals, requests, navigations, popups, dialogs, errors. */
function collector(page, rec, base, markers = MARKERS) {
  const seen = { calls: 0, violations: 0, requests: 0, navigations: 0, popups: 0, dialogs: 0, errors: 0, console: 0, offOrigin: 0 };
  const expected = `${new URL(base).origin}${new URL(base).pathname}`;
  return async (label) => {
    const out = [];
    const frames = await trapped(page, markers);
    if (frames.length > 1) out.push(`${frames.length - 1} child frame(s): ${frames.slice(1).map((f) => f.url).join(' ')}`);
    const calls = frames.flatMap((f) => f.calls);
    const violations = frames.flatMap((f) => f.violations);
    for (const c of calls.slice(seen.calls)) out.push(`window.__pwned set to ${c}`);
    for (const v of violations.slice(seen.violations)) out.push(`CSP violation: ${v}`);
    seen.calls = calls.length;
    seen.violations = violations.length;
    for (const f of frames) {
      if (f.globals.length) out.push(`globals defined: ${f.globals.join(', ')}`);
      if (f.named.length) out.push(`named properties (clobbering): ${f.named.join(', ')}`);
    }
    for (const r of rec.requests.slice(seen.requests)) out.push(`request ${r}`);
    for (const n of rec.navigations.slice(seen.navigations)) {
      const u = new URL(n);
      if (`${u.origin}${u.pathname}` !== expected) out.push(`main frame navigated to ${n}`);
    }
    for (const p of rec.popups.slice(seen.popups)) out.push(`popup ${p.url()}`);
    for (const d of page.problems.dialogs.slice(seen.dialogs)) out.push(`dialog ${d}`);
    for (const e of page.problems.errors.slice(seen.errors)) out.push(`page error ${e}`);
    for (const c of page.problems.console.slice(seen.console)) out.push(`console error ${c}`);
    for (const o of page.problems.offOrigin.slice(seen.offOrigin)) if (!rec.requests.includes(o)) out.push(`request ${o}`);
    Object.assign(seen, {
      requests: rec.requests.length, navigations: rec.navigations.length, popups: rec.popups.length,
      dialogs: page.problems.dialogs.length, errors: page.problems.errors.length, console: page.problems.console.length,
      offOrigin: page.problems.offOrigin.length,
    });
    return out.map((p) => `${label}: ${p}`);
  };
}

function diff(label, before, after) {
  const out = [];
  for (const key of Object.keys(before)) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) out.push(`${label}: ${key} changed from ${JSON.stringify(before[key])} to ${JSON.stringify(after[key])}`);
  }
  return out;
}

let browser;
const servers = {};
before(async () => {
  browser = await launch();
  servers.packed = await serve(corpus({ ...FILES, ...NAMED }));
  servers.unpacked = await serve(corpus({ ...FILES, ...NAMED }), { pack: false });
});
after(async () => {
  servers.packed?.stop();
  servers.unpacked?.stop();
  await browser?.close();
});

test('the suite holds 80 or more distinct numbered vectors, in several files', () => {
  const text = [...Object.values(FILES).map(String), ...Object.keys(NAMED)].join('\n');
  const numbers = new Set([...text.matchAll(/(?:__pwned=?|pwned-)(\d{3,4})/g)].map((m) => Number(m[1])));
  assert.ok(numbers.size >= 80, `${numbers.size} vectors`);
  assert.ok(Object.keys(FILES).length >= 8, 'several files');
});

const MODES = [
  { label: 'with the page CSP, packed corpus', server: 'packed', bypassCSP: false },
  { label: 'CSP bypassed, seed by seed', server: 'unpacked', bypassCSP: true },
];

for (const mode of MODES) {
  test(`hostile seeds run nothing, fetch nothing, forge nothing (${mode.label})`, async () => {
    const server = servers[mode.server];
    const page = await newPage(browser, server.url, { bypassCSP: mode.bypassCSP });
    await page.addInitScript(trap);
    const rec = watch(page, server.url, ALL);
    const collect = collector(page, rec, server.url);
    const findings = [];
    const started = Date.now();

    const detail = await openViewer(page, server.url);
    // Seed by seed, an entry with a scheme or a leading slash or backslash is refused by the
    // engine (and xtask serve answers 400 to any path with a backslash): it must fail loudly,
    // with a diagnostic, and never be fetched elsewhere; the pack's copies of them are refused too.
    const refused = Object.keys(NAMED).filter((n) => /^([a-z][a-z0-9+.-]*:|[/\\])/i.test(n));
    const named = detail.diagnostics.filter((d) => !FILES[d.file]);
    assert.deepEqual(named.map((d) => d.file).sort(), [...refused].sort(), `diagnostics for the named vectors: ${JSON.stringify(named)}`);
    for (const d of named) assert.match(d.message, /^(refused|could not fetch: HTTP 400)/, d.file);
    const expected = ALL.filter((n) => !refused.includes(n));
    assert.equal(detail.seeds, expected.length, `every seed is listed (diagnostics: ${JSON.stringify(detail.diagnostics)})`);
    await showAll(page);
    assert.deepEqual([...await listed(page)].sort(), [...expected].sort(), 'no hostile seed silently dropped');
    if (refused.length) page.problems.console.splice(0, page.problems.console.length, ...page.problems.console.filter((m) => !/status of 400/.test(m)));
    findings.push(...await collect('loading'));
    findings.push(...(await page.evaluate(audit, { rules: RULES, parts: PARTS })).map((p) => `list: ${p}`));

    await openSeed(page, REAL[3]);
    await page.mouse.move(1, 1);
    const baseline = await page.evaluate(styles);

    const labels = [];
    const totals = { hovers: 0, focused: 0, clicks: 0 };
    const doing = { seed: 'loading', action: 'loading' };
    let crashed = false;
    page.on('crash', () => { crashed = true; });
    for (const name of expected.filter((n) => !REAL.includes(n))) {
      doing.seed = name;
      doing.action = 'opening it';
      try {
        await visit(name);
      } catch (error) {
        if (!crashed) throw error;
        assert.fail(`the renderer crashed while exercising ${name}, ${doing.action}`);
      }
    }
    async function visit(name) {
      await openSeed(page, name);
      await page.mouse.move(1, 1);
      findings.push(...diff(`${name} (opened)`, baseline, await page.evaluate(styles)));
      findings.push(...(await page.evaluate(audit, { rules: RULES, parts: PARTS })).map((p) => `${name}: ${p}`));
      for (const p of await page.evaluate(bidi)) (p.startsWith('label: ') ? labels : findings).push(`${name}: ${p}`);
      const done = await exercise(page, name, doing);
      for (const k of Object.keys(totals)) totals[k] += done[k];
      findings.push(...diff(`${name} (after interaction)`, baseline, await page.evaluate(styles)));
      findings.push(...(await page.evaluate(audit, { rules: RULES, parts: PARTS })).map((p) => `${name} (after interaction): ${p}`));
      findings.push(...await collect(name));
    }
    await screenshot(page, `hostile-suite${mode.bypassCSP ? '-nocsp' : ''}`);

    const followed = (await trapped(page)).flatMap((f) => f.followed);
    for (const f of followed) {
      const u = new URL(f.href);
      if (u.origin !== new URL(server.url).origin && !(u.protocol === 'mailto:' || (f.target === '_blank' && /noopener/.test(f.rel) && /noreferrer/.test(f.rel)))) {
        findings.push(`a clicked link to another origin would open without noopener/noreferrer: ${JSON.stringify(f)}`);
      }
    }

    // The viewer's own UI still works: the search finds the real seed.
    const search = page.locator('[part~=search]');
    assert.ok(await search.isVisible(), 'the search box is still shown');
    await search.fill('melatonin');
    await page.waitForFunction(() => {
      const root = document.querySelector('seeds-viewer').shadowRoot;
      return /^\d+ of \d+/.test(root.querySelector('[part~=count]').textContent)
        && [...root.querySelectorAll('[part~=item]')].some((li) => li.dataset.seed === '003_5479fcd4f3c7b033.txt');
    }, null, { timeout: 10_000 });
    await search.fill('');
    findings.push(...await collect('after the search'));
    assert.equal(new URL(page.url()).origin + new URL(page.url()).pathname, server.url, 'still on the viewer');
    assert.equal(page.context().pages().length, 1, 'no window opened');

    console.log(`# ${mode.label}: ${expected.length - REAL.length} hostile seeds exercised in ${((Date.now() - started) / 1000).toFixed(1)} s `
      + `(${totals.hovers} hovers, ${totals.focused} focused, ${totals.clicks} clicks); `
      + `${followed.length} legitimate http/https/mailto link clicks stopped by the guard`);
    assert.deepEqual(findings, [], `findings:\n${findings.join('\n')}`);
    await page.context().close();

    // Found by this suite (see tests/hostile/README.md): an override a seed leaves open in a
    // paragraph used to reverse the "Image:" label render.rs writes after it.
    assert.deepEqual(labels, [], `the viewer's "Image:" labels keep their order:\n${labels.join('\n')}`);
  });
}

test('self-check: each detector fires on a vector injected into the page directly', async () => {
  const server = servers.packed;
  const page = await newPage(browser, server.url, { bypassCSP: true });
  await page.addInitScript(trap);
  const rec = watch(page, server.url, ALL);
  const collect = collector(page, rec, server.url, [...MARKERS, '__pwned997']);
  await openViewer(page, server.url);
  assert.deepEqual(await collect('clean'), [], 'a clean page has no finding');
  const clean = await page.evaluate(styles);
  await page.evaluate(() => {
    document.body.insertAdjacentHTML('beforeend', '<img src=x onerror="window.__pwned=999">');
    window.__pwned998 = 1;
    document.body.insertAdjacentHTML('beforeend', '<a id="__pwned997"></a>');
    new Image().src = '//127.0.0.2:9/pwned-996.png';
    const root = document.querySelector('seeds-viewer').shadowRoot;
    root.querySelector('[part~=reader]').insertAdjacentHTML('beforeend',
      '<p id="evil" style="color:red" part="item">x</p><a href="javascript:window.__pwned=995" id="sv-js">js</a>');
  });
  await page.waitForFunction(() => window.__hostileTrap.calls.includes('999'));
  await page.locator('#sv-js').click();
  await page.waitForFunction(() => window.__hostileTrap.calls.includes('995'));
  await page.evaluate(() => {
    window.open('about:blank');
    alert('996');
    document.querySelector('seeds-viewer').shadowRoot.querySelector('[part~=reader]')
      .insertAdjacentHTML('beforeend', '<style>:host { display: none !important }</style>');
  });
  const found = (await collect('injected')).join('\n');
  for (const expected of ['window.__pwned set to 999', 'window.__pwned set to 995', 'globals defined: __pwned998',
    'named properties (clobbering): __pwned997', 'request http://127.0.0.2:9/pwned-996.png', 'popup about:blank', 'dialog 996']) {
    assert.ok(found.includes(expected), `the detector reports "${expected}"; got:\n${found}`);
  }
  const audited = (await page.evaluate(audit, { rules: RULES, parts: PARTS })).join('\n');
  for (const expected of ['attribute style', 'id evil', 'part item', 'href javascript:window.__pwned=995', 'active element <style>']) {
    assert.ok(audited.includes(expected), `the audit reports "${expected}"; got:\n${audited}`);
  }
  const restyled = diff('injected', clean, await page.evaluate(styles)).join('\n');
  assert.match(restyled, /host changed from .*"display":"block".* to .*"display":"none"/, `the style comparison reports the hidden host; got:\n${restyled}`);
  await page.context().close();
});
