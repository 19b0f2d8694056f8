// The viewer inside a real Docusaurus 3 site (@docusaurus/core and preset-classic 3.10.2, React
// 19), built from examples/hosts/docusaurus with the packages installed pinned in
// ~/.cache/seeds-viewer/hosts/docusaurus (linked into a temporary copy, never into the repo) and
// served under /docs/v2/: the viewer loads and filters, with no hydration error, and again after
// Docusaurus' client-side navigation away and back; the skip link and the colour mode toggle
// still work; styles stay apart both ways; with theme="inherit" the viewer takes the site's colour
// mode, from the reader's preference and from the toggle; under a strict CSP the viewer's own
// files cause no violation (Docusaurus' inline scripts do; not ours).
// Docusaurus has no search without a plugin, so none is tested.
//
// Run from the repo: CHROMIUM=/usr/bin/chromium node --test --test-concurrency=1 tests/hosts/*.test.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import path from 'node:path';
import {
  STRICT_CSP, launch, newPage, serveStatic, recordViolations, viewerViolations,
  checkViewerFilters, styleProbe, screenshot,
} from '../browser/harness.mjs';
import {
  QUIET_ENV, timed, installDocusaurus, copyExample, copyViewer, copySeeds, writeBarePage, viewerLook, viewerFontPx, removeCopy,
} from './hosts.mjs';

const BASE = '/docs/v2/';
const HOST_STYLES = 'article .markdown p, article h1, .navbar__link, .navbar__title, .menu__link';
const NO_PROBLEMS = { console: [], errors: [], dialogs: [], offOrigin: [] };

let browser;
let site;
let strictSite;
let dir;
before(async () => {
  dir = copyExample('docusaurus');
  copyViewer(path.join(dir, 'static/seeds-viewer'));
  copySeeds(path.join(dir, 'static/seeds'));
  const modules = installDocusaurus();
  symlinkSync(modules, path.join(dir, 'node_modules'), 'dir');
  const out = path.join(dir, 'build');
  timed('build docusaurus', () => execFileSync(path.join(modules, '.bin', 'docusaurus'), ['build', '--out-dir', out],
    // No persistent webpack cache: it would live in the shared node_modules/.cache and, reused
    // from another temporary copy, breaks the build ("Cannot read properties of undefined
    // (reading 'id')" in DocItem).
    { cwd: dir, stdio: 'inherit', env: { ...QUIET_ENV, DOCUSAURUS_NO_PERSISTENT_CACHE: '1' } }));
  writeBarePage(out);
  site = await serveStatic(out, { base: BASE });
  strictSite = await serveStatic(out, { base: BASE, csp: STRICT_CSP });
  browser = await launch();
}, { timeout: 600_000 });

after(async () => {
  await site?.stop();
  await strictSite?.stop();
  await browser?.close();
  removeCopy(dir);
});

test('docusaurus: the viewer loads and filters, with no hydration error, and again after client-side navigation', async () => {
  const page = await newPage(browser, site.url);
  await page.goto(`${site.url}library`);
  await checkViewerFilters(page);
  // Hydration is over when the colour toggle is enabled; React reports mismatches (#418) on the
  // console by then.
  await page.locator('button[class*=toggleButton]:not([disabled])').waitFor();
  assert.deepEqual(page.problems, NO_PROBLEMS);

  // Keys typed into the viewer stay in its search box.
  const search = page.locator('[part~=search]');
  await search.pressSequentially('sleep / snap');
  assert.equal(await search.inputValue(), 'sleep / snap');
  await search.fill('');

  // Docusaurus' navigation (client-side, no reload): the sidebar to the afterword, the navbar
  // back; React mounts a new <seeds-viewer>, which loads again.
  await page.evaluate(() => { window.__sameDocument = true; });
  await page.locator('.menu__link', { hasText: 'Afterword' }).click();
  await page.waitForURL(/\/docs\/v2\/about$/);
  assert.equal(await page.locator('article h1').innerText(), 'Afterword');
  assert.equal(await page.locator('seeds-viewer').count(), 0);
  await page.locator('.navbar__link', { hasText: 'Library' }).click();
  await page.waitForURL(/\/docs\/v2\/library$/);
  await checkViewerFilters(page);
  // And with the browser's back and forward.
  await page.goBack();
  await page.waitForURL(/\/about$/);
  await page.goForward();
  await page.waitForURL(/\/library$/);
  await checkViewerFilters(page);
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'navigation stayed client-side');
  assert.equal(await page.locator('seeds-viewer').count(), 1);
  assert.deepEqual(page.problems, NO_PROBLEMS);
  await page.context().close();
});

test('docusaurus: the skip link and the colour mode toggle work from the keyboard', async () => {
  const page = await newPage(browser, site.url, { colorScheme: 'light' });
  await page.goto(`${site.url}library`);
  await page.locator('button[class*=toggleButton]:not([disabled])').waitFor();
  // Tab from the top reaches "Skip to main content"; after Enter, the next Tab lands in the
  // content (the breadcrumbs), past the navbar and the sidebar.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to main content');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.closest('main') !== null), true,
    `focus after the skip link: ${await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 80))}`);
  // The colour mode toggle, focused and pressed with Enter, goes light, dark, system.
  const toggle = page.locator('button[class*=toggleButton]');
  const themes = [];
  for (let i = 0; i < 3 && themes.at(-1) !== 'dark'; i += 1) {
    await toggle.focus();
    await page.keyboard.press('Enter');
    themes.push(await page.evaluate(() => document.documentElement.dataset.theme));
  }
  assert.equal(themes.at(-1), 'dark', `toggle went through ${themes.join(', ')}`);
  // The viewer still works; nothing reported.
  await checkViewerFilters(page);
  assert.deepEqual(page.problems, NO_PROBLEMS);
  await page.context().close();
});

test('docusaurus: styles stay apart both ways', async () => {
  const page = await newPage(browser, site.url);
  await page.goto(`${site.url}library`);
  await checkViewerFilters(page);
  const withViewer = await styleProbe(page, HOST_STYLES);
  assert.ok(withViewer.host.length >= 5, `probed ${withViewer.host.length} host elements`);
  await page.route(/seeds-viewer\.js$/, (route) => route.abort());
  await page.reload();
  await page.locator('button[class*=toggleButton]:not([disabled])').waitFor();
  const without = await styleProbe(page, HOST_STYLES);
  assert.equal(without.search, null, 'the viewer did not load');
  assert.deepEqual(withViewer.host, without.host);
  const bare = await newPage(browser, site.url);
  await bare.goto(`${site.url}bare.html`);
  await checkViewerFilters(bare);
  // Inward: with the same inherited text size, the viewer's colours, borders and spacing in px
  // are those of a bare page (all but the font family, which it inherits by design).
  assert.equal(await viewerFontPx(page), await viewerFontPx(bare), 'the viewer inherits the same text size');
  assert.deepEqual(viewerLook(withViewer), viewerLook(await styleProbe(bare, 'p')));
  await bare.context().close();
  await page.context().close();
});

for (const scheme of ['light', 'dark']) {
  test(`docusaurus: with a ${scheme} preference, the site and the viewer are both ${scheme}`, async () => {
    const page = await newPage(browser, site.url, { colorScheme: scheme });
    await page.goto(`${site.url}library`);
    await checkViewerFilters(page);
    await page.locator('button[class*=toggleButton]:not([disabled])').waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), scheme);
    // Infima: `html { color-scheme: var(--ifm-color-scheme) }`, light or dark.
    assert.deepEqual(await page.locator('seeds-viewer').evaluate((el) => [el.getAttribute('theme'),
      getComputedStyle(el).colorScheme, getComputedStyle(el).backgroundColor]),
    ['inherit', scheme, scheme === 'dark' ? 'rgb(22, 24, 28)' : 'rgb(255, 255, 255)']);
    await page.locator('[part~=search]').fill('melatonin');
    await page.locator('[part~=item] button.open').first().click();
    await page.locator('[part~=article]').waitFor();
    await page.locator('seeds-viewer').scrollIntoViewIfNeeded();
    assert.deepEqual(page.problems, NO_PROBLEMS);
    await screenshot(page, `host-docusaurus-${scheme}`);
    await page.context().close();
  });
}

test('docusaurus: the colour mode toggle switches the viewer too (theme="inherit")', async () => {
  const page = await newPage(browser, site.url, { colorScheme: 'dark' });
  await page.goto(`${site.url}library`);
  await checkViewerFilters(page);
  const toggle = page.locator('button[class*=toggleButton]:not([disabled])');
  const siteTheme = () => page.evaluate(() => document.documentElement.dataset.theme);
  // The viewer's computed `color-scheme` (inherited from the page) and its background.
  const look = () => page.locator('seeds-viewer').evaluate((el) => [getComputedStyle(el).colorScheme, getComputedStyle(el).backgroundColor]);
  assert.deepEqual(await look(), ['dark', 'rgb(22, 24, 28)']);
  // The toggle cycles light, dark, system: against the reader's dark preference, light, then dark.
  for (const [scheme, background] of [['light', 'rgb(255, 255, 255)'], ['dark', 'rgb(22, 24, 28)'], ['light', 'rgb(255, 255, 255)']]) {
    for (let i = 0; i < 3 && await siteTheme() !== scheme; i += 1) await toggle.click();
    assert.equal(await siteTheme(), scheme);
    assert.deepEqual(await look(), [scheme, background]);
  }
  // A viewer that React mounts later, on client-side navigation, takes the site's scheme too.
  await page.locator('.menu__link', { hasText: 'Afterword' }).click();
  await page.waitForURL(/\/about$/);
  await page.locator('.menu__link', { hasText: 'Library' }).click();
  await page.waitForURL(/\/library$/);
  await checkViewerFilters(page);
  assert.equal(await page.locator('seeds-viewer').getAttribute('theme'), 'inherit');
  assert.deepEqual(await look(), ['light', 'rgb(255, 255, 255)']);
  assert.deepEqual(page.problems, NO_PROBLEMS);
  await page.context().close();
});

test('docusaurus: under a strict CSP, the viewer causes no violation and still works', async () => {
  const page = await newPage(browser, strictSite.url);
  await recordViolations(page);
  await page.goto(`${strictSite.url}library`);
  await checkViewerFilters(page);
  assert.deepEqual(await viewerViolations(page), []);
  const theirs = await page.evaluate(() => window.__violations.length);
  console.log(`# docusaurus under the strict CSP: ${theirs} violation(s), none from the viewer's files`);
  await page.context().close();
});
