// Stemming per language, in Debian's Chromium: a seed's words are stemmed by its own
// language's rules (its front matter's, else the viewer's `lang`), with the stemmers module
// fetched only when a language other than English needs it; the language is a facet once a
// corpus has two.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT, serve, serveStatic, copyViewer, launch, newPage, openViewer, listed } from './harness.mjs';

const stemmersModule = (url) => /seeds_viewer_stemmers/.test(url);

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/**
 * A site with the viewer's files, `www/index.html` in language `lang`, and `seeds` (name to
 * text) listed in their manifest; `omit`: viewer files left out.
 */
function site(lang, seeds, { omit = [] } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'languages-'));
  copyViewer(dir);
  writeFileSync(path.join(dir, 'favicon.svg'), readFileSync(path.join(ROOT, 'www/favicon.svg')));
  for (const file of omit) rmSync(path.join(dir, file));
  const page = readFileSync(path.join(ROOT, 'www/index.html'), 'utf8').replace('<html lang="en">', `<html lang="${lang}">`);
  assert.match(page, new RegExp(`<html lang="${lang}">`));
  writeFileSync(path.join(dir, 'index.html'), page);
  mkdirSync(path.join(dir, 'seeds'));
  for (const [name, text] of Object.entries(seeds)) writeFileSync(path.join(dir, 'seeds', name), text);
  writeFileSync(path.join(dir, 'seeds/index.json'), JSON.stringify({ seeds: Object.keys(seeds) }));
  return dir;
}

/** Opens the site's viewer, recording the URLs the page fetches. */
async function open(server) {
  const page = await newPage(browser, server.url);
  const fetched = [];
  page.context().on('request', (r) => fetched.push(new URL(r.url()).pathname));
  const detail = await openViewer(page, server.url);
  return { page, fetched, detail };
}

/** The seeds listed for `query`, sorted. */
async function search(page, query) {
  await page.locator('seeds-viewer').evaluate((viewer, q) => new Promise((resolve) => {
    viewer.addEventListener('seeds-search', (e) => { if (e.detail.query === q) resolve(); });
    viewer.query = q;
  }), query);
  return (await listed(page)).sort();
}

function assertQuiet(page) {
  assert.deepEqual(page.problems.console, [], 'no console error');
  assert.deepEqual(page.problems.errors, [], 'no uncaught error');
  assert.deepEqual(page.problems.offOrigin, [], 'no request to another origin');
}

const FRENCH = {
  'cuisine.md': '# Cuisine\n\nIl a mangé une pomme, puis des poires.\n',
  'jardin.md': '# Jardin\n\nNous plantons des arbres fruitiers.\n\n## Arbres\n\n- [x] planter\n\n## Fleurs\n\nDes roses.\n',
};

test('a French page stems its seeds by French rules, with the stemmers module fetched once', async () => {
  const dir = site('fr-FR', FRENCH);
  const server = await serveStatic(dir);
  try {
    const { page, fetched, detail } = await open(server);
    assert.deepEqual(detail, { seeds: 2, diagnostics: [] });
    assert.deepEqual(fetched.filter(stemmersModule).sort(), ['/pkg/seeds_viewer_stemmers.js', '/pkg/seeds_viewer_stemmers_bg.wasm'], 'the stemmers module, once');
    assert.deepEqual(await search(page, 'manger '), ['cuisine.md'], 'manger finds mangé');
    assert.deepEqual(await search(page, 'mangerions '), ['cuisine.md'], 'and mangerions (too far for a typo)');
    assert.deepEqual(await search(page, 'poire '), ['cuisine.md'], 'poire finds poires');
    assert.equal(await page.locator('[part~=facet] input[data-field="language"]').count(), 0, 'one language, no language facet');
    // What Rust writes is in the viewer's language too, and follows the host's words at once.
    await search(page, '');
    await page.locator('[part~=item][data-seed="jardin.md"] button.open').click();
    await page.locator('[part~=article][data-seed="jardin.md"] #sv-toc').waitFor();
    assert.equal(await page.locator('#sv-toc').textContent(), 'Sommaire');
    assert.equal(await page.locator('[part~=article] input.task').getAttribute('aria-label'), 'fait');
    await page.locator('seeds-viewer').evaluate((v) => { v.strings = { contents: 'Table des matières' }; });
    await page.waitForFunction(() => document.querySelector('seeds-viewer').shadowRoot.getElementById('sv-toc')?.textContent === 'Table des matières');
    assertQuiet(page);
    await page.context().close();
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an English page with English seeds never fetches the stemmers module', async () => {
  const server = await serve(path.join(ROOT, 'seeds'));
  try {
    const { page, fetched, detail } = await open(server);
    assert.equal(detail.seeds, 4);
    assert.deepEqual(fetched.filter(stemmersModule), []);
    assertQuiet(page);
    await page.context().close();
  } finally {
    server.stop();
  }
});

test('a seed naming its language in its front matter is stemmed by it, and the language becomes a facet', async () => {
  const dir = site('en', {
    'sleep.md': '# Sleep\n\nShe was sleeping soundly.\n',
    'cuisine.md': `---\nlang: fr\n---\n${FRENCH['cuisine.md']}`,
  });
  const server = await serveStatic(dir);
  try {
    const { page, fetched, detail } = await open(server);
    assert.deepEqual(detail, { seeds: 2, diagnostics: [] });
    assert.equal(fetched.filter(stemmersModule).length, 2, 'fetched for the French seed');
    assert.deepEqual(await search(page, 'mangerions '), ['cuisine.md'], 'French rules for the French seed');
    assert.deepEqual(await search(page, 'sleeps '), ['sleep.md'], 'English rules for the English one');
    await search(page, '');
    const facet = (value) => page.locator(`[part~=facet] input[data-field="language"][data-value="${value}"]`);
    assert.equal(await facet('fr').count(), 1, 'a language facet');
    assert.match(await facet('fr').locator('xpath=..').textContent(), /^French\s*1$/, 'named in the page\'s language, with its count');
    assert.match(await facet('en').locator('xpath=..').textContent(), /^English\s*1$/);
    await facet('fr').check();
    await page.waitForFunction(() => document.querySelector('seeds-viewer').shadowRoot.querySelectorAll('[part~=item]').length === 1);
    assert.deepEqual(await listed(page), ['cuisine.md']);
    assertQuiet(page);
    await page.context().close();
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('without the stemmers module, a French corpus still loads and finds its words as written, and says why', async () => {
  const dir = site('fr', FRENCH, { omit: ['pkg/seeds_viewer_stemmers_bg.wasm'] });
  const server = await serveStatic(dir);
  try {
    const { page, detail } = await open(server);
    assert.equal(detail.seeds, 2);
    assert.deepEqual(detail.diagnostics.map((d) => d.code), ['stemmers-unavailable']);
    assert.deepEqual(await search(page, 'mangé '), ['cuisine.md'], 'the word as written');
    assert.deepEqual(await search(page, 'mangerions '), [], 'no French stems');
    assert.match(await page.locator('[part~=diagnostic]').first().textContent(), /stemmers module .* could not be loaded/);
    await page.context().close();
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
