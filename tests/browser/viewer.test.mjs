// The viewer, end to end, in Debian's Chromium against `cargo xtask serve`: scenarios named as
// sentences, each ending with an empty console.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT, corpus, serve, serveStatic, copyViewer, copySeeds, launch, newPage, openViewer, screenshot, listed } from './harness.mjs';

const REAL = ['000_770b74edc0885b39.txt', '001_8ad0c89a53f0c992.txt', '002_cb0fd8965597060f.txt', '003_5479fcd4f3c7b033.txt'];
const hostile = (name) => readFileSync(path.join(ROOT, 'tests/fixtures/hostile', name));

let browser;
let real;
before(async () => {
  browser = await launch();
  real = await serve(path.join(ROOT, 'seeds'));
});
after(async () => {
  real?.stop();
  await browser?.close();
});

function assertQuiet(page) {
  assert.deepEqual(page.problems.console, [], 'no console error');
  assert.deepEqual(page.problems.errors, [], 'no uncaught error');
  assert.deepEqual(page.problems.dialogs, [], 'no dialog');
  assert.deepEqual(page.problems.offOrigin, [], 'no request to another origin');
}

test('the four real seeds are listed in manifest order, with no diagnostic', async () => {
  const page = await newPage(browser, real.url);
  const detail = await openViewer(page, real.url);
  assert.deepEqual(detail, { seeds: 4, diagnostics: [] });
  assert.deepEqual(await listed(page), REAL);
  assert.match(await page.locator('[part~=count]').textContent(), /^4\b/);
  assert.equal(await page.locator('seeds-viewer').getAttribute('loaded'), '');
  assert.equal(await page.locator('[part~=diagnostic]').count(), 0);
  await screenshot(page, 'viewer-list');
  assertQuiet(page);
  await page.context().close();
});

test('opening each seed shows its sections, and its table of contents jumps to them', async () => {
  const page = await newPage(browser, real.url);
  await openViewer(page, real.url);
  for (const name of REAL) {
    await page.locator(`[part~=item][data-seed="${name}"] button.open`).click();
    await page.waitForFunction((n) => document.querySelector('seeds-viewer').shadowRoot.querySelector('[part~=article]')?.dataset.seed === n, name);
    assert.equal(await page.locator('[part~=section]').count(), 3, `${name} has three sections`);
    assert.equal(await page.locator('[part~=conclusion]').count(), 1, `${name} has a conclusion`);
    assert.ok((await page.locator('[part~=summary]').textContent()).length > 100);
    const links = page.locator('[part~=toc] a');
    assert.equal(await links.count(), 4, 'three sections and the conclusion');
    for (const [i, target] of [[2, '[part~=section] >> nth=2'], [3, '[part~=conclusion]'], [0, '[part~=section] >> nth=0']]) {
      await links.nth(i).click();
      const { top, atEnd } = await page.locator(target).evaluate((el) => {
        const reader = el.closest('[part~=reader]');
        return {
          top: el.getBoundingClientRect().top - reader.getBoundingClientRect().top,
          atEnd: Math.abs(reader.scrollHeight - reader.clientHeight - reader.scrollTop) < 2,
        };
      });
      assert.ok(Math.abs(top) < 40 || (atEnd && top > 0 && top < 500),
        `${name}: TOC link ${i} scrolls its target to the top, or as far as the reader goes (offset ${top})`);
    }
    assert.equal(new URL(page.url()).hash, `#seed=${name}`, 'the hash names the open seed; TOC links do not touch it');
  }
  await page.locator('[part~=toc] a').nth(1).click();
  await screenshot(page, 'viewer-article');
  assertQuiet(page);
  await page.context().close();
});

test('typing melatonin leaves exactly the one seed that contains it, and clearing brings all back', async () => {
  const page = await newPage(browser, real.url);
  await openViewer(page, real.url);
  const search = page.locator('[part~=search]');
  await search.pressSequentially('melatonin', { delay: 20 });
  await page.waitForFunction(() => document.querySelector('seeds-viewer').shadowRoot.querySelectorAll('[part~=item]').length === 1);
  assert.deepEqual(await listed(page), ['003_5479fcd4f3c7b033.txt']);
  assert.match(await page.locator('[part~=count]').textContent(), /^1 of 4\b/);
  assert.ok(await page.locator('[part~=item] [part~=highlight]').count() >= 2, 'title and snippet are highlighted');
  await page.locator('[part~=item] button.open').click();
  await page.locator('[part~=article] [part~=highlight]').first().waitFor();
  const marks = await page.locator('[part~=article] [part~=highlight]').allTextContents();
  assert.ok(marks.length >= 5 && marks.every((m) => m.toLowerCase() === 'melatonin'), `article highlights: ${marks}`);
  await screenshot(page, 'viewer-filtered');
  await search.fill('');
  await page.waitForFunction(() => document.querySelector('seeds-viewer').shadowRoot.querySelectorAll('[part~=item]').length === 4);
  assert.deepEqual(await listed(page), REAL);
  assert.equal(await page.locator('[part~=article] [part~=highlight]').count(), 0, 'highlights go with the query');
  await search.fill('KRATOM’S Dépression');
  await page.waitForFunction(() => document.querySelector('seeds-viewer').shadowRoot.querySelector('[part~=count]').textContent.startsWith('2 of'));
  assert.deepEqual((await listed(page)).sort(), ['001_8ad0c89a53f0c992.txt', '002_cb0fd8965597060f.txt'], 'case, accents and apostrophes fold');
  await search.fill('no such words anywhere');
  await page.waitForFunction(() => document.querySelector('seeds-viewer').shadowRoot.querySelectorAll('[part~=item]').length === 0);
  assert.match(await page.locator('[part~=count]').textContent(), /^0 of 4\b/);
  assertQuiet(page);
  await page.context().close();
});

test('typing with a seed open moves its highlights in place: the article is not mounted again', async () => {
  const page = await newPage(browser, real.url);
  await openViewer(page, real.url);
  await page.locator('[part~=item][data-seed="003_5479fcd4f3c7b033.txt"] button.open').click();
  await page.locator('[part~=article][data-seed="003_5479fcd4f3c7b033.txt"]').waitFor();
  const viewerEval = (p, f) => p.locator('seeds-viewer').evaluate(f);
  await viewerEval(page, (v) => { v.shadowRoot.querySelector('[part~=article]').dataset.kept = 'yes'; });
  const search = page.locator('[part~=search]');
  const marksAre = (word) => page.waitForFunction((w) => {
    const marks = [...document.querySelector('seeds-viewer').shadowRoot.querySelectorAll('[part~=article] [part~=highlight]')];
    return marks.length > 0 && marks.every((m) => m.textContent.toLowerCase().startsWith(w));
  }, word);
  await search.pressSequentially('melatonin', { delay: 20 });
  await marksAre('melatonin');
  const first = await page.locator('[part~=article] [part~=highlight]').count();
  await search.fill('sleep');
  await marksAre('sleep');
  assert.equal(await viewerEval(page, (v) => v.shadowRoot.querySelector('[part~=article]').dataset.kept), 'yes', 'the same article element');
  const text = await viewerEval(page, (v) => v.shadowRoot.querySelector('[part~=article]').textContent);
  await search.fill('melatonin');
  await marksAre('melatonin');
  assert.equal(await page.locator('[part~=article] [part~=highlight]').count(), first, 'the same matches again');
  assert.equal(await viewerEval(page, (v) => v.shadowRoot.querySelector('[part~=article]').textContent), text, 'marking moved no text');
  assert.match(await page.locator('[part~=match-count]').textContent(), new RegExp(`^${first} matches$`));
  await search.fill('');
  await page.waitForFunction(() => document.querySelector('seeds-viewer').shadowRoot.querySelectorAll('[part~=article] [part~=highlight]').length === 0);
  assertQuiet(page);
  await page.context().close();
});

test('a packed corpus loads in one request; without the pack, one request per seed', async () => {
  for (const pack of [true, false]) {
    const server = await serve(corpus(), { pack });
    try {
      const page = await newPage(browser, server.url);
      const fetched = [];
      page.context().on('request', (r) => { if (r.url().includes('/seeds/')) fetched.push(new URL(r.url()).pathname); });
      const detail = await openViewer(page, server.url);
      assert.deepEqual(detail, { seeds: 4, diagnostics: [] });
      assert.deepEqual(await listed(page), REAL);
      const expected = pack ? ['/seeds/index.json', '/seeds/index.pack.gz'] : ['/seeds/index.json', ...REAL.map((n) => `/seeds/${n}`)];
      assert.deepEqual(fetched.sort(), expected.sort(), pack ? 'the pack replaces the seed requests' : 'each seed is fetched');
      assertQuiet(page);
      await page.context().close();
    } finally {
      server.stop();
    }
  }
});

test('a plain corpus never fetches the markdown module; one with markdown seeds fetches it once and renders them as markdown', async () => {
  const markdownModule = (url) => /seeds_viewer_markdown/.test(url);
  // Plain seeds only: the engine's own module, no markdown parser.
  const plain = await newPage(browser, real.url);
  const plainFetched = [];
  plain.context().on('request', (r) => plainFetched.push(r.url()));
  assert.deepEqual(await openViewer(plain, real.url), { seeds: 4, diagnostics: [] });
  assert.ok(plainFetched.some((u) => u.endsWith('/pkg/seeds_viewer_bg.wasm')), 'the engine module is fetched');
  assert.deepEqual(plainFetched.filter(markdownModule), [], 'no markdown module for plain seeds');
  const plainMemory = (await plain.locator('seeds-viewer').evaluate((v) => v.stats())).wasmMemoryBytes;
  await plain.context().close();
  // A markdown seed: the module comes once, and the seed is markdown (a table, emphasis, a title).
  const server = await serve(corpus({ 'guide.md': '# The guide\n\nSome *emphasis* here.\n\n## Doses\n\n| a | b |\n|---|---|\n| 1 | 2 |\n' }));
  try {
    const page = await newPage(browser, server.url);
    const fetched = [];
    page.context().on('request', (r) => fetched.push(r.url()));
    assert.deepEqual(await openViewer(page, server.url), { seeds: 5, diagnostics: [] });
    assert.deepEqual(fetched.filter(markdownModule).map((u) => new URL(u).pathname).sort(),
      ['/pkg/seeds_viewer_markdown.js', '/pkg/seeds_viewer_markdown_bg.wasm'], 'the markdown module, once');
    await page.locator('[part~=item][data-seed="guide.md"] button.open').click();
    const article = page.locator('[part~=article][data-seed="guide.md"]');
    await article.locator('table td').first().waitFor();
    assert.equal(await article.locator('em').first().textContent(), 'emphasis');
    assert.match(await page.locator('[part~=item][data-seed="guide.md"] button.open').textContent(), /The guide/);
    const stats = await page.locator('seeds-viewer').evaluate((v) => v.stats());
    // The markdown module's memory starts at over 1 MiB (its stack): counted beside the engine's.
    assert.ok(stats.wasmMemoryBytes >= plainMemory + (1 << 20), `memory counts both instances (${stats.wasmMemoryBytes} against ${plainMemory} bytes)`);
    assertQuiet(page);
    await page.context().close();
  } finally {
    server.stop();
  }
});

test('when the markdown module cannot be loaded, markdown seeds show as plain text with a diagnostic', async () => {
  const site = mkdtempSync(path.join(tmpdir(), 'no-markdown-'));
  copyViewer(site);
  rmSync(path.join(site, 'pkg/seeds_viewer_markdown_bg.wasm'));
  writeFileSync(path.join(site, 'index.html'), readFileSync(path.join(ROOT, 'www/index.html'), 'utf8'));
  copySeeds(path.join(site, 'seeds'));
  writeFileSync(path.join(site, 'seeds/guide.md'), '# The guide\n\nSome *emphasis* here.\n');
  writeFileSync(path.join(site, 'seeds/index.json'), JSON.stringify({ seeds: [...REAL, 'guide.md'] }));
  const server = await serveStatic(site);
  try {
    const page = await newPage(browser, server.url);
    const detail = await openViewer(page, server.url);
    assert.equal(detail.seeds, 5, 'every seed loads');
    // Said once for the load; read as plain text, the markdown seed has no outline either.
    assert.deepEqual(detail.diagnostics.map((d) => d.code).sort(), ['markdown-unavailable', 'no-outline']);
    await page.locator('[part~=item][data-seed="guide.md"] button.open').click();
    const article = page.locator('[part~=article][data-seed="guide.md"]');
    await article.waitFor();
    assert.match(await article.textContent(), /Some \*emphasis\* here/, 'its text, as written');
    assert.equal(await article.locator('em').count(), 0, 'not read as markdown');
    assert.match(await page.locator('[part~=diagnostic]').first().textContent(), /markdown module .* could not be loaded/);
    await page.context().close();
  } finally {
    await server.stop();
  }
});

test('broken seeds show diagnostics naming their files while the others load', async () => {
  const dir = corpus({
    'binary.txt': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2, 3]),
    'empty.txt': '',
    'latin1.txt': Buffer.from('Summary.\nIntro caf\xe9.\n- A\nA\nText.\nEnd.', 'latin1'),
    'no-outline.txt': 'A summary.\nAn introduction.\nA paragraph.\nThe end.',
    'gone.txt': 'deleted after the manifest is written',
    'café au lait.md': '# Café au lait\n\nMilk and coffee, crème.\n',
  });
  const server = await serve(dir, { pack: false });
  unlinkSync(path.join(dir, 'gone.txt'));
  try {
    const page = await newPage(browser, server.url);
    page.on('console', () => {});
    const detail = await openViewer(page, server.url);
    const byFile = Object.fromEntries(detail.diagnostics.map((d) => [d.file, d]));
    assert.deepEqual(Object.keys(byFile).sort(), ['binary.txt', 'empty.txt', 'gone.txt', 'latin1.txt', 'no-outline.txt']);
    assert.deepEqual([byFile['latin1.txt'].line, byFile['no-outline.txt'].line, byFile['binary.txt'].line], [2, 3, 0]);
    assert.match(byFile['gone.txt'].message, /404/);
    assert.match(byFile['binary.txt'].message, /binary/);
    assert.equal(detail.seeds, 9, 'every fetched seed is listed, broken or not; the missing one is not');
    const shown = await page.locator('[part~=diagnostic]').allTextContents();
    assert.equal(shown.length, 5);
    for (const file of Object.keys(byFile)) assert.ok(shown.some((t) => t.includes(file)), `${file} is named`);
    for (const name of REAL) assert.ok((await listed(page)).includes(name));
    await page.locator('[part~=search]').fill('cafe');
    await page.waitForFunction(() => document.querySelector('seeds-viewer').shadowRoot.querySelector('[part~=count]').textContent.startsWith('1 of'));
    assert.deepEqual(await listed(page), ['café au lait.md'], 'a name with spaces and accents is fetched; cafe finds Café');
    await screenshot(page, 'viewer-diagnostics');
    const errors = page.problems.console.filter((m) => !m.includes('404'));
    assert.deepEqual(errors, [], 'only the missing seed logs an error');
    await page.context().close();
  } finally {
    server.stop();
  }
});

for (const bypassCSP of [false, true]) {
  test(`hostile seeds run nothing and leave the page alone (${bypassCSP ? 'CSP bypassed' : 'with the page CSP'})`, async () => {
    const dir = corpus({ 'hostile.md': hostile('hostile.md'), 'hostile.txt': hostile('hostile.txt') });
    const server = await serve(dir);
    try {
      const page = await newPage(browser, server.url, { bypassCSP });
      await page.addInitScript(() => {
        Object.defineProperty(window, '__pwned', { set(v) { window.__pwnedBy = v; }, get() { return undefined; } });
        document.addEventListener('securitypolicyviolation', (e) => {
          (window.__violations ??= []).push(`${e.violatedDirective} ${e.blockedURI}`);
        });
      });
      const detail = await openViewer(page, server.url);
      assert.equal(detail.seeds, 6);
      const before = await page.locator('seeds-viewer').evaluate((el) => getComputedStyle(el).display);
      for (const name of ['hostile.md', 'hostile.txt']) {
        await page.locator(`[part~=item][data-seed="${name}"] button.open`).click();
        await page.waitForFunction((n) => document.querySelector('seeds-viewer').shadowRoot.querySelector('[part~=article]')?.dataset.seed === n, name);
        const article = page.locator('[part~=article]');
        for (const handle of await page.locator('[part~=article] *').elementHandles()) {
          await handle.hover({ force: true, timeout: 500 }).catch(() => {});
          await handle.focus().catch(() => {});
        }
        for (const link of await page.locator('[part~=article] a[href^="#"], [part~=article] .refused-link').elementHandles()) {
          await link.click({ timeout: 500 }).catch(() => {});
        }
        await page.waitForTimeout(100);
        const dangerous = await article.evaluate((el) => el.querySelectorAll('script, style, iframe, svg, math, form, base, meta, object, embed, [style], [onerror], [onmouseover], [onclick], [onfocus], [onbegin]').length);
        assert.equal(dangerous, 0, `${name}: no active element or attribute`);
      }
      await screenshot(page, `viewer-hostile${bypassCSP ? '-nocsp' : ''}`);
      const state = await page.evaluate(() => ({
        pwnedBy: window.__pwnedBy,
        keys: Object.keys(window).filter((k) => k.startsWith('__pwned')),
        clobbered: '__pwned12' in window,
        url: location.origin + location.pathname,
        violations: window.__violations ?? [],
      }));
      assert.deepEqual(state, { pwnedBy: undefined, keys: [], clobbered: false, url: server.url, violations: [] });
      assert.equal(await page.locator('seeds-viewer').evaluate((el) => getComputedStyle(el).display), before, 'the viewer keeps its style');
      assert.equal(await page.evaluate(() => getComputedStyle(document.body).color), await page.evaluate(() => getComputedStyle(document.querySelector('h1')).color), 'the page keeps its style');
      assert.equal(page.context().pages().length, 1, 'no window opened');
      assertQuiet(page);
      await page.context().close();
    } finally {
      server.stop();
    }
  });
}

test('a manifest that cannot be loaded still fires seeds-loaded, and changing src loads again', async () => {
  const page = await newPage(browser, real.url);
  await openViewer(page, real.url);
  page.on('console', () => {});
  const detail = await page.evaluate(() => new Promise((resolve) => {
    const viewer = document.querySelector('seeds-viewer');
    viewer.addEventListener('seeds-loaded', (e) => resolve(e.detail), { once: true });
    viewer.setAttribute('src', 'seeds/missing.json');
  }));
  assert.equal(detail.seeds, 0);
  assert.equal(detail.diagnostics.length, 1);
  assert.equal(detail.diagnostics[0].file, 'seeds/missing.json');
  assert.equal(detail.diagnostics[0].line, 0);
  assert.match(detail.diagnostics[0].message, /manifest.*404/);
  assert.equal(await page.locator('[part~=item]').count(), 0);
  assert.equal(await page.locator('[part~=diagnostic]').count(), 1);
  const again = await page.evaluate(() => new Promise((resolve) => {
    const viewer = document.querySelector('seeds-viewer');
    viewer.addEventListener('seeds-loaded', (e) => resolve(e.detail), { once: true });
    viewer.setAttribute('src', 'seeds/index.json');
  }));
  assert.deepEqual(again, { seeds: 4, diagnostics: [] });
  assert.equal(await page.locator('[part~=item]').count(), 4);
  await page.context().close();
});

test('the committed manifest is what serve writes, and the server refuses paths outside its folders', async () => {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'seeds/index.json'), 'utf8'));
  assert.deepEqual(manifest, { seeds: REAL, pack: 'index.pack', gzipPack: 'index.pack.gz' });
  const wasm = await fetch(new URL('pkg/seeds_viewer_bg.wasm', real.url));
  assert.equal(wasm.headers.get('content-type'), 'application/wasm');
  for (const escape of ['seeds/..%2fCargo.toml', 'seeds/%2e%2e/Cargo.toml', '..%2fCargo.toml', 'pkg/..%2f..%2fCargo.toml']) {
    const res = await fetch(new URL(escape, real.url));
    assert.ok(res.status === 404 || res.status === 400, `${escape}: ${res.status}`);
  }
});
