// Embedding: the viewer inside a plain HTML site served under a sub-path with a strict CSP,
// next to the site's own styles, search and shortcuts; two viewers on one page; seeds listed
// by links; themes; accessibility (axe-core); print; a 360 px screen; the single-file build
// opened from disk.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ROOT, STRICT_CSP, launch, newPage, serve, corpus, serveStatic, recordViolations, checkViewerFilters,
  styleProbe, screenshot, copyViewer, copySeeds, axe,
} from './harness.mjs';

const DIST = path.join(ROOT, 'dist');

let browser;
let site;
before(async () => {
  browser = await launch();
  const dir = mkdtempSync(path.join(tmpdir(), 'host-plain-'));
  cpSync(path.join(ROOT, 'examples/hosts/plain'), dir, { recursive: true });
  copyViewer(path.join(dir, 'seeds-viewer'));
  copySeeds(path.join(dir, 'seeds'));
  // A markdown pair that links to each other and to an image beside them.
  mkdirSync(path.join(dir, 'seeds/guide/img'), { recursive: true });
  writeFileSync(path.join(dir, 'seeds/guide/intro.md'), '# Guide intro\n\nSee [the next page](next.md) and ![a dot](img/dot.svg).\n');
  writeFileSync(path.join(dir, 'seeds/guide/next.md'), '# Guide next\n\nThe second page of the guide.\n');
  writeFileSync(path.join(dir, 'seeds/guide/img/dot.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><circle cx="4" cy="4" r="4"/></svg>');
  site = await serveStatic(dir, { base: '/docs/v2/', csp: STRICT_CSP });
});
after(async () => {
  await site?.stop();
  await browser?.close();
});

async function openHost(options = {}) {
  const page = await newPage(browser, site.url, options);
  await recordViolations(page);
  await page.addInitScript(() => {
    window.__globalsAtStart = Object.getOwnPropertyNames(window);
  });
  await page.goto(site.url);
  return page;
}

test('under /docs/v2/ with a strict CSP, two viewers load, filter independently, and add nothing global', async () => {
  const page = await openHost();
  await checkViewerFilters(page, { selector: '#all', seeds: 4 });
  // The second viewer's seeds are its two links.
  await checkViewerFilters(page, { selector: '#picked', seeds: 2 });
  // Each keeps its own state: a query in one leaves the other alone.
  await page.locator('#all [part~=search]').fill('kratom');
  await page.waitForFunction(() => document.querySelector('#all').shadowRoot.querySelector('[part~=count]').textContent.includes('of'));
  assert.equal(await page.locator('#picked [part~=search]').inputValue(), '');
  assert.equal(await page.locator('#picked [part~=item]').count(), 2);
  // data-seed is the link's href as written.
  assert.deepEqual(await page.locator('#picked [part~=item]').evaluateAll((items) => items.map((i) => i.dataset.seed)),
    ['seeds/000_770b74edc0885b39.txt', 'seeds/003_5479fcd4f3c7b033.txt']);
  assert.deepEqual(await page.evaluate(() => window.__violations), [], 'no CSP violation at all on this page');
  const added = await page.evaluate(() => Object.getOwnPropertyNames(window).filter((n) => !window.__globalsAtStart.includes(n)));
  assert.deepEqual(added.filter((n) => !['__violations', '__globalsAtStart', 'axe'].includes(n)), [], 'no new globals');
  assert.deepEqual(page.problems, { console: [], errors: [], dialogs: [], offOrigin: [] });
  await screenshot(page, 'host-plain-light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await screenshot(page, 'host-plain-dark');
  await page.context().close();
});

test('the host keeps its navigation, search and shortcut; keys typed in the viewer stay in the viewer', async () => {
  const page = await openHost();
  await checkViewerFilters(page, { selector: '#all' });
  await page.locator('h1').click();
  await page.keyboard.press('k');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'site-search', 'k focuses the site search');
  await page.keyboard.type('about');
  assert.equal(await page.locator('#site-pages li:not(.hidden)').count(), 1, 'the site search filters the site list');
  // Typing a k into the viewer's search does not trigger the host's shortcut.
  await page.locator('#all [part~=search]').fill('');
  await page.locator('#all [part~=search]').pressSequentially('kratom');
  assert.equal(await page.locator('#all [part~=search]').inputValue(), 'kratom');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'all', 'focus stays in the viewer');
  await page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'About' }).click();
  await page.waitForURL(/other\.html$/);
  assert.equal(await page.locator('h1').textContent(), 'About this site');
  await page.context().close();
});

test('styles do not cross the shadow boundary, except custom properties and ::part()', async () => {
  // The host's look without the viewer (its module blocked), then with it.
  const bare = await newPage(browser, site.url);
  await bare.route(/seeds-viewer\.js$/, (route) => route.abort());
  await bare.goto(site.url);
  const without = await styleProbe(bare, 'main > p, h1, h2, header.site a, #site-search');
  await bare.context().close();
  const page = await openHost();
  await checkViewerFilters(page, { selector: '#all' });
  const withViewer = await styleProbe(page, 'main > p, h1, h2, header.site a, #site-search');
  assert.deepEqual(withViewer.host, without.host, 'the viewer changes none of the host page\'s styles');
  assert.notEqual(withViewer.search.background, 'rgb(255, 105, 180)', 'the host\'s hotpink inputs stay outside');
  assert.notEqual(withViewer.item.font, '"Comic Sans MS", cursive');
  assert.equal(withViewer.search.border, '1px');
  // Inherited: the host's font. Documented: --sv-accent and ::part(search).
  const inside = await page.locator('#all').evaluate((el) => {
    const s = el.shadowRoot;
    return {
      font: getComputedStyle(s.querySelector('.viewer')).fontFamily,
      radius: getComputedStyle(s.querySelector('[part~=search]')).borderTopLeftRadius,
      accent: getComputedStyle(el).getPropertyValue('--sv-accent').trim(),
    };
  });
  assert.equal(inside.font, 'Georgia, "DejaVu Serif", serif');
  assert.equal(inside.radius, '0px');
  assert.equal(inside.accent, '#0b6e4f');
  await page.context().close();
});

test('theme: auto follows the reader\'s preference; theme="dark" and "light" override it', async () => {
  const page = await openHost({ colorScheme: 'light' });
  await checkViewerFilters(page, { selector: '#all' });
  const bg = (sel) => page.locator(sel).evaluate((el) => getComputedStyle(el).backgroundColor);
  assert.equal(await bg('#all'), 'rgb(255, 255, 255)');
  assert.equal(await bg('#picked'), 'rgb(22, 24, 28)');
  await page.emulateMedia({ colorScheme: 'dark' });
  assert.equal(await bg('#all'), 'rgb(22, 24, 28)');
  await page.locator('#picked').evaluate((el) => { el.theme = 'light'; });
  // The `src` property reflects the attribute and loads the manifest it names.
  await page.locator('#picked').evaluate((el) => {
    el.removeAttribute('loaded');
    el.src = 'seeds/index.json';
  });
  await page.locator('#picked[loaded]').waitFor();
  assert.equal(await page.locator('#picked').getAttribute('src'), 'seeds/index.json');
  assert.equal(await page.locator('#picked [part~=item]').count(), 4);
  assert.equal(await page.locator('#picked').getAttribute('theme'), 'light');
  assert.equal(await bg('#picked'), 'rgb(255, 255, 255)');
  await page.context().close();
});

test('links list the seeds: changing them reloads; seed links open in the viewer; relative images resolve against the seed', async () => {
  const page = await openHost();
  await checkViewerFilters(page, { selector: '#picked', seeds: 2 });
  await page.locator('#picked').evaluate((el) => {
    el.removeAttribute('loaded');
    const link = (href) => Object.assign(document.createElement('a'), { href, textContent: href });
    el.replaceChildren(link('seeds/guide/intro.md'), link('seeds/guide/next.md'));
  });
  await page.locator('#picked[loaded]').waitFor();
  assert.equal(await page.locator('#picked [part~=item]').count(), 2);
  await page.locator('#picked [part~=item] button.open').first().click();
  const image = page.locator('#picked [part~=article] img');
  await image.waitFor();
  assert.equal(await image.getAttribute('src'), new URL('seeds/guide/img/dot.svg', site.url).href);
  assert.ok(await image.evaluate((img) => img.complete && img.naturalWidth === 8), 'the image loaded from beside the seed');
  await page.locator('#picked [part~=article] a', { hasText: 'the next page' }).click();
  await page.waitForFunction(() => document.querySelector('#picked').shadowRoot.querySelector('[part~=article]')?.dataset.seed === 'seeds/guide/next.md');
  assert.equal(new URL(page.url()).pathname, '/docs/v2/', 'the page did not navigate');
  await page.context().close();
});

test('accessibility: axe finds nothing serious on the host page or the standalone page, open article included', async () => {
  const page = await openHost();
  await checkViewerFilters(page, { selector: '#all' });
  await page.locator('#all [part~=item] button.open').first().click();
  await page.locator('#all [part~=article]').waitFor();
  assert.deepEqual(await axe(page, '#all'), []);
  await page.context().close();

  const dir = corpus();
  const server = await serve(dir);
  try {
    const standalone = await newPage(browser, server.url);
    await standalone.goto(server.url);
    await checkViewerFilters(standalone);
    await standalone.locator('[part~=search]').fill('sleep');
    await standalone.locator('[part~=item] button.open').first().click();
    await standalone.locator('[part~=article]').waitFor();
    assert.deepEqual(await axe(standalone), []);
    // The count is a polite live region; the search field is labelled; article headings nest.
    assert.equal(await standalone.locator('[part~=count]').getAttribute('aria-live'), 'polite');
    assert.equal(await standalone.getByRole('searchbox', { name: 'Search seeds' }).count(), 1);
    const levels = await standalone.locator('[part~=article]').evaluate((a) => [...a.querySelectorAll('h1,h2,h3,h4,h5,h6')].map((h) => Number(h.tagName[1])));
    levels.reduce((prev, level) => { assert.ok(level <= prev + 1, `heading levels skip: ${levels}`); return level; }, levels[0] - 1);
    // Focus is visible on the search and on a result.
    await standalone.locator('[part~=search]').focus();
    await standalone.keyboard.press('ArrowDown');
    const outline = await standalone.evaluate(() => {
      const active = document.querySelector('seeds-viewer').shadowRoot.activeElement;
      return getComputedStyle(active).outlineStyle;
    });
    assert.equal(outline, 'solid');

    // Print: the open article alone, no chrome, nothing clipped.
    await standalone.emulateMedia({ media: 'print' });
    const printed = await standalone.locator('seeds-viewer').evaluate((el) => {
      const s = el.shadowRoot;
      const shown = (sel) => getComputedStyle(s.querySelector(sel)).display !== 'none';
      const reader = s.querySelector('[part~=reader]');
      return { bar: shown('.bar'), list: shown('.results'), reader: shown('[part~=reader]'), clipped: reader.scrollHeight > reader.clientHeight + 1 };
    });
    assert.deepEqual(printed, { bar: false, list: false, reader: true, clipped: false });
    await standalone.pdf({ path: path.join(ROOT, 'target', 'screenshots', 'print.pdf') });
    await standalone.context().close();

    // A 360 px screen: nothing wider than the screen, the list and the article both reachable.
    const phone = await newPage(browser, server.url, { viewport: { width: 360, height: 740 } });
    await phone.goto(server.url);
    await checkViewerFilters(phone);
    await phone.locator('[part~=item] button.open').first().click();
    await phone.locator('[part~=article]').waitFor();
    assert.ok(await phone.evaluate(() => document.documentElement.scrollWidth <= 360), 'no horizontal scroll at 360 px');
    const box = await phone.locator('[part~=search]').boundingBox();
    assert.ok(box.width > 150 && box.x + box.width <= 360, `search box fits: ${JSON.stringify(box)}`);
    await screenshot(phone, 'standalone-360');
    await phone.context().close();
  } finally {
    server.stop();
  }
});

test('a single file with markdown seeds and a French one holds both optional modules and uses them from disk', async () => {
  const seeds = mkdtempSync(path.join(tmpdir(), 'single-md-'));
  copySeeds(seeds);
  writeFileSync(path.join(seeds, 'notes.md'), '# Field notes\n\nA *marked* word and a table:\n\n| dose | effect |\n|---|---|\n| low | calm |\n');
  writeFileSync(path.join(seeds, 'cuisine.md'), '---\nlang: fr\n---\n# Cuisine\n\nIl a mangé une pomme.\n');
  const out = mkdtempSync(path.join(tmpdir(), 'single-md-out-'));
  execFileSync(process.env.SEEDS_VIEWER_XTASK, ['manifest', seeds], { stdio: 'ignore' });
  execFileSync(process.env.SEEDS_VIEWER_XTASK, ['dist', '--no-build', '--seeds', seeds, '--out', out], { stdio: 'ignore' });
  const file = path.join(out, 'seeds-viewer.html');
  const plainFile = path.join(DIST, 'seeds-viewer.html');
  assert.ok(statSync(file).size > statSync(plainFile).size + 100_000, 'the markdown and stemmers modules are in the file (the plain one goes without)');
  const page = await newPage(browser, 'file:///');
  await page.goto(pathToFileURL(file).href);
  await checkViewerFilters(page, { seeds: 6 });
  await page.locator('[part~=item][data-seed="notes.md"] button.open').click();
  await page.locator('[part~=article] table td').first().waitFor();
  assert.equal(await page.locator('[part~=article] em').first().textContent(), 'marked');
  // French rules for the French seed: mangerions (too far from mangé for a typo) finds it.
  await page.locator('[part~=search]').fill('mangerions ');
  await page.waitForFunction(() => [...document.querySelector('seeds-viewer').shadowRoot.querySelectorAll('[part~=item]')].map((i) => i.dataset.seed).join() === 'cuisine.md');
  assert.deepEqual(page.problems, { console: [], errors: [], dialogs: [], offOrigin: [] });
  await page.context().close();
});

test('the single-file build opens from disk, shows and filters the seeds with no error', async () => {
  const file = path.join(DIST, 'seeds-viewer.html');
  for (const scheme of ['light', 'dark']) {
    const page = await newPage(browser, 'file:///', { colorScheme: scheme });
    await page.goto(pathToFileURL(file).href);
    await checkViewerFilters(page, { seeds: 4 });
    await page.locator('[part~=search]').fill('melatonin');
    await page.locator('[part~=item] button.open').first().click();
    await page.locator('[part~=article] mark').first().waitFor();
    assert.deepEqual(page.problems, { console: [], errors: [], dialogs: [], offOrigin: [] });
    await screenshot(page, `single-file-${scheme}`);
    await page.context().close();
  }
});
