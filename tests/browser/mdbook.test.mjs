// The viewer inside a real mdBook (the pinned version `cargo xtask install` puts at $MDBOOK),
// built from examples/hosts/mdbook and served under /docs/v2/: it loads and filters, mdBook's
// search, chapter keys and themes still work, keys typed in the viewer stay in it, and under
// a strict CSP the viewer's own files cause no violation (mdBook's inline scripts do; not ours).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  ROOT, STRICT_CSP, launch, newPage, serveStatic, recordViolations, viewerViolations,
  checkViewerFilters, styleProbe, screenshot, copyViewer, copySeeds, axe,
} from './harness.mjs';

const MDBOOK = process.env.MDBOOK ?? 'mdbook';

let browser;
let book;
let site;
let strictSite;
before(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'host-mdbook-'));
  cpSync(path.join(ROOT, 'examples/hosts/mdbook'), dir, { recursive: true });
  copyViewer(path.join(dir, 'src/seeds-viewer'));
  copySeeds(path.join(dir, 'src/seeds'));
  book = path.join(dir, 'book');
  execFileSync(MDBOOK, ['build', '-d', book], { cwd: dir, stdio: 'inherit' });
  site = await serveStatic(book, { base: '/docs/v2/' });
  strictSite = await serveStatic(book, { base: '/docs/v2/', csp: STRICT_CSP });
  browser = await launch();
});
after(async () => {
  await site?.stop();
  await strictSite?.stop();
  await browser?.close();
});

test('in mdBook, the viewer loads and filters, and mdBook\'s search, chapter keys and theme still work', async () => {
  const page = await newPage(browser, site.url);
  await page.goto(`${site.url}seeds.html`);
  await checkViewerFilters(page);
  // Keys typed into the viewer stay there: `s` does not open mdBook's search, arrows do not
  // turn the page.
  await page.locator('[part~=search]').pressSequentially('sleep');
  await page.locator('[part~=search]').press('ArrowLeft');
  assert.equal(await page.locator('[part~=search]').inputValue(), 'sleep');
  assert.ok(page.url().endsWith('seeds.html'), 'still on the chapter');
  assert.equal(await page.locator('#mdbook-search-wrapper').isVisible(), false, 'mdBook search stays closed');
  // mdBook's own search: `s` from the page opens it and finds the afterword.
  await page.locator('main h1').click();
  await page.keyboard.press('s');
  await page.locator('#mdbook-searchbar').waitFor({ state: 'visible' });
  await page.keyboard.type('quokka');
  await page.locator('#mdbook-searchresults a', { hasText: 'Afterword' }).first().waitFor();
  await page.keyboard.press('Escape');
  // mdBook's chapter keys: → goes to the next chapter.
  await page.locator('main h1').click();
  await page.keyboard.press('ArrowRight');
  await page.waitForURL(/after\.html$/);
  await page.keyboard.press('ArrowLeft');
  await page.waitForURL(/seeds\.html$/);
  await checkViewerFilters(page);
  assert.deepEqual(page.problems, { console: [], errors: [], dialogs: [], offOrigin: [] });
  await screenshot(page, 'host-mdbook-light');
  // Its styles and ours stay apart: the chapter text keeps mdBook's look.
  const probe = await styleProbe(page, 'main p, main h1');
  await page.route(/seeds-viewer\.js$/, (route) => route.abort());
  await page.reload();
  const bare = await styleProbe(page, 'main p, main h1');
  assert.deepEqual(probe.host, bare.host);
  await page.unroute(/seeds-viewer\.js$/);
  await page.reload();
  await checkViewerFilters(page);
  assert.deepEqual(await axe(page, 'seeds-viewer'), []);
  await page.context().close();
});

test('in mdBook with a dark preference, both mdBook and the viewer are dark', async () => {
  const page = await newPage(browser, site.url, { colorScheme: 'dark' });
  await page.goto(`${site.url}seeds.html`);
  await checkViewerFilters(page);
  assert.equal(await page.locator('seeds-viewer').evaluate((el) => getComputedStyle(el).backgroundColor), 'rgb(22, 24, 28)');
  await page.locator('[part~=search]').fill('melatonin');
  await page.locator('[part~=item] button.open').first().click();
  await page.locator('[part~=article]').waitFor();
  await screenshot(page, 'host-mdbook-dark');
  await page.context().close();
});

test('in mdBook under a strict CSP, the viewer causes no violation and still works', async () => {
  const page = await newPage(browser, strictSite.url);
  await recordViolations(page);
  await page.goto(`${strictSite.url}seeds.html`);
  await checkViewerFilters(page);
  assert.deepEqual(await viewerViolations(page), []);
  await page.context().close();
});
