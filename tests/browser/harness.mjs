// Shared fixtures for the browser scenarios: a served corpus, a headless Debian Chromium, and a
// page whose console errors, page errors, dialogs and off-origin requests are recorded.

import { spawn } from 'node:child_process';
import { mkdtempSync, cpSync, mkdirSync, writeFileSync } from 'node:fs';
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
