// Shared fixtures for the browser scenarios: a served corpus, a headless Debian Chromium, and a
// page whose console errors, page errors, dialogs and off-origin requests are recorded.

import { spawn } from 'node:child_process';
import http from 'node:http';
import sirv from 'sirv';
import { mkdtempSync, cpSync, mkdirSync, writeFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const ROOT = process.env.SEEDS_VIEWER_ROOT ?? path.resolve(import.meta.dirname, '../..');
export const SHOTS = path.join(ROOT, 'target', 'screenshots');

/** A temporary seeds folder holding the real seeds plus `extra` files ({name: string|Buffer}). */
export function corpus(extra = {}, { real = true } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'seeds-'));
  if (real) cpSync(path.join(ROOT, 'seeds'), dir, { recursive: true });
  for (const [name, content] of Object.entries(extra)) writeFileSync(path.join(dir, name), content);
  return dir;
}

/**
 * Runs `xtask serve --no-build --port 0 --seeds DIR` (with `--no-pack` unless `pack`), using the
 * `xtask` binary (default `$SEEDS_VIEWER_XTASK`, else `cargo xtask`); resolves to {url, stop}.
 * The server runs in its own process group, so `stop` ends it and anything it started.
 */
export function serve(seedsDir, { pack = true, xtask = process.env.SEEDS_VIEWER_XTASK, timeoutMs = 60_000 } = {}) {
  const serveArgs = ['serve', '--no-build', '--port', '0', '--seeds', seedsDir, ...(pack ? [] : ['--no-pack'])];
  const [cmd, args] = xtask ? [xtask, serveArgs] : ['cargo', ['xtask', ...serveArgs]];
  const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], detached: true });
  const stop = () => {
    try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
  };
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => { stop(); reject(new Error(`serve printed no URL: ${out}`)); }, timeoutMs);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = out.match(/Serving on (http:\/\/127\.0\.0\.1:\d+\/)/);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1], stop });
      }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`serve exited with ${code}: ${out}`)); });
  });
}

/** The policy the viewer promises to run under with no violation of its own. */
export const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
  + "object-src 'none'; base-uri 'none'";

/**
 * Serves the folder `dir` under the path `base` (e.g. `/docs/v2/`) on 127.0.0.1, with a
 * `Content-Security-Policy` header when `csp` is given (a policy, or a function of the path
 * under `base` returning one or null); resolves to {url, stop}, `url` ending in `base`.
 * Requests outside `base` get 404, as on a host that owns only that sub-path.
 */
export function serveStatic(dir, { base = '/', csp = null } = {}) {
  const files = sirv(dir, { dev: true, etag: false, extensions: ['html'] });
  const server = http.createServer((req, res) => {
    if (!req.url.startsWith(base)) {
      res.statusCode = 404;
      res.end('not found');
      return;
    }
    req.url = `/${req.url.slice(base.length)}`;
    const policy = typeof csp === 'function' ? csp(req.url.split('?')[0]) : csp;
    if (policy) res.setHeader('Content-Security-Policy', policy);
    files(req, res, () => {
      res.statusCode = 404;
      res.end('not found');
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ url: `http://127.0.0.1:${port}${base}`, stop: () => new Promise((done) => server.close(done)) });
    });
  });
}

/**
 * Counts `securitypolicyviolation` events on `page` from now on, in `window.__violations`
 * ({blockedURI, violatedDirective, sourceFile} each). Call before navigating.
 */
export async function recordViolations(page) {
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__violations.push({ blockedURI: e.blockedURI, violatedDirective: e.violatedDirective, sourceFile: e.sourceFile });
    });
  });
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * A new page on `browser`, recording console errors, uncaught errors, dialogs and requests to
 * other origins in `page.problems`.
 */
export async function newPage(browser, origin, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  const page = await context.newPage();
  const problems = { console: [], errors: [], dialogs: [], offOrigin: [] };
  page.on('console', (m) => { if (m.type() === 'error') problems.console.push(m.text()); });
  page.on('pageerror', (e) => problems.errors.push(e.message));
  page.on('dialog', (d) => { problems.dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.protocol !== 'data:' && u.origin !== new URL(origin).origin) problems.offOrigin.push(r.url());
  });
  page.problems = problems;
  return page;
}

/** Navigates to `url` and resolves with the first `seeds-loaded` event's detail (fails after 30 s). */
export async function openViewer(page, url) {
  await page.addInitScript(() => {
    window.__seedsLoaded = new Promise((resolve) => {
      document.addEventListener('seeds-loaded', (e) => resolve(e.detail), { once: true });
    });
  });
  await page.goto(url);
  return page.evaluate(() => Promise.race([
    window.__seedsLoaded,
    new Promise((_, reject) => setTimeout(() => reject(new Error('no seeds-loaded event within 30 s')), 30_000)),
  ]));
}

export async function screenshot(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

/** The manifest entries of the listed items, in order. */
export function listed(page) {
  return page.locator('[part~=item]').evaluateAll((items) => items.map((i) => i.dataset.seed));
}

/** Violations recorded by `recordViolations` that name the viewer's own files. */
export async function viewerViolations(page) {
  const all = await page.evaluate(() => window.__violations ?? []);
  return all.filter((v) => /seeds[-_]viewer/.test(`${v.sourceFile} ${v.blockedURI}`));
}

/**
 * The viewer `selector` (default the first) has loaded `seeds` items and filters them: typing
 * "melatonin" leaves one, clearing brings all back. Returns the viewer's locator.
 */
export async function checkViewerFilters(page, { selector = 'seeds-viewer', seeds = 4, timeout = 30_000 } = {}) {
  const viewer = page.locator(selector).first();
  await viewer.and(page.locator('[loaded]')).waitFor({ timeout });
  const items = viewer.locator('[part~=item]');
  const count = await items.count();
  if (count !== seeds) throw new Error(`expected ${seeds} items, found ${count}`);
  await viewer.locator('[part~=search]').fill('melatonin');
  await page.waitForFunction((el) => el.shadowRoot.querySelectorAll('[part~=item]').length === 1,
    await viewer.elementHandle(), { timeout: 10_000 });
  await viewer.locator('[part~=search]').fill('');
  await page.waitForFunction(([n, el]) => el.shadowRoot.querySelectorAll('[part~=item]').length === n,
    [seeds, await viewer.elementHandle()], { timeout: 10_000 });
  return viewer;
}

/**
 * The computed styles that show whether CSS crossed the shadow boundary: of the host page's
 * `hostSelector` elements (must not change when the viewer loads) and of the viewer's own
 * search box and list items (must not follow the host's rules).
 */
export async function styleProbe(page, hostSelector) {
  return page.evaluate((sel) => {
    const pick = (el) => {
      if (!el) return null;
      const s = getComputedStyle(el);
      return { color: s.color, background: s.backgroundColor, font: s.fontFamily, margin: s.margin, padding: s.padding, border: s.borderTopWidth };
    };
    const viewer = document.querySelector('seeds-viewer');
    return {
      host: [...document.querySelectorAll(sel)].map(pick),
      search: pick(viewer?.shadowRoot?.querySelector('[part~=search]')),
      item: pick(viewer?.shadowRoot?.querySelector('[part~=item] button')),
    };
  }, hostSelector);
}

export const DIST = path.join(ROOT, 'dist');
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The element's five files, as a site ships them: together, keeping `pkg/`. */
/**
 * The element's files as dist/ holds them (everything there but the single file and the npm
 * tarball: dist writes exactly the shipped list, `element_files` in xtask/src/dist.rs).
 */
export function viewerFiles() {
  assert.ok(existsSync(path.join(DIST, 'pkg')), 'dist/ is missing: run cargo xtask dist');
  const top = readdirSync(DIST).filter((n) => /\.(js|css)$/.test(n));
  return [...top, ...readdirSync(path.join(DIST, 'pkg')).map((n) => `pkg/${n}`)].sort();
}

/** Copies the element's files from dist/ into `dir` (as a site would: all together, keeping pkg/). */
export function copyViewer(dir) {
  mkdirSync(path.join(dir, 'pkg'), { recursive: true });
  for (const name of viewerFiles()) cpSync(path.join(DIST, name), path.join(dir, name));
}

/** Copies the bundled seeds into `dir` with a manifest (no pack). */
export function copySeeds(dir) {
  mkdirSync(dir, { recursive: true });
  const names = readdirSync(path.join(ROOT, 'seeds')).filter((n) => /\.(txt|md)$/.test(n)).sort();
  for (const name of names) cpSync(path.join(ROOT, 'seeds', name), path.join(dir, name));
  writeFileSync(path.join(dir, 'index.json'), JSON.stringify({ seeds: names }));
  return names;
}

/** Runs axe-core on the page; returns the serious and critical violations as short strings. */
export async function axe(page, include = undefined) {
  await page.evaluate(AXE);
  const results = await page.evaluate((scope) => window.axe.run(scope ?? document, { resultTypes: ['violations'] }), include);
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

