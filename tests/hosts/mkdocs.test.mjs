// The viewer inside real MkDocs sites (mkdocs 1.6.1: the default theme, and Material 9.8.1),
// built from examples/hosts/mkdocs with the generator installed pinned in
// ~/.cache/seeds-viewer/hosts/mkdocs and served under /docs/v2/: the viewer loads and filters;
// the site's navigation, search and keyboard shortcuts still work, and keys typed in the viewer
// do not reach them; styles stay apart both ways; with theme="inherit" the viewer takes the
// site's colour scheme, from the reader's preference and from the site's own toggle; under a
// strict CSP the viewer's own files cause no violation (the themes' inline scripts do; not ours).
//
// Run from the repo: CHROMIUM=/usr/bin/chromium node --test --test-concurrency=1 tests/hosts/*.test.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import {
  STRICT_CSP, launch, newPage, serveStatic, recordViolations, viewerViolations,
  checkViewerFilters, styleProbe, screenshot,
} from '../browser/harness.mjs';
import {
  QUIET_ENV, timed, installMkdocs, copyExample, copyViewer, copySeeds, writeBarePage, viewerLook, rootFontPx, viewerFontPx,
  removeCopy,
} from './hosts.mjs';

const BASE = '/docs/v2/';

/** Each theme: how to build it, and where its own search, navigation and dark mode live. */
const THEMES = [
  {
    name: 'mkdocs',
    config: 'mkdocs.yml',
    out: 'site',
    heading: '[role=main] h1',
    // The host's elements whose look must not change when the viewer loads.
    hostStyles: '[role=main] p, [role=main] h1, .navbar a, .navbar .nav-link',
    openSearch: async (page) => {
      await page.keyboard.press('s');
      await page.locator('#mkdocs-search-query').waitFor({ state: 'visible' });
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'mkdocs-search-query', '`s` focuses the search');
    },
    searchOpen: (page) => page.locator('#mkdocs_search_modal').isVisible(),
    searchResult: (page) => page.locator('#mkdocs-search-results a', { hasText: 'Afterword' }),
    closeSearch: (page) => page.keyboard.press('Escape'),
    navLink: (page, name) => page.locator('.navbar .nav-link', { hasText: name }),
    // Run in the page: whether the site shows its dark scheme.
    dark: () => document.documentElement.dataset.bsTheme === 'dark',
    light: () => document.documentElement.dataset.bsTheme === 'light',
    // The page's computed `color-scheme` in each mode, which theme="inherit" takes: Bootstrap
    // declares only `[data-bs-theme=dark] { color-scheme: dark }`; in light the page keeps
    // `normal`, which renders light (there is no <meta name="color-scheme">).
    schemes: { light: 'normal', dark: 'dark' },
    // The site's own light/dark toggle: a menu of light, dark and auto.
    choose: async (page, scheme) => {
      await page.locator('#theme-menu').click();
      await page.locator(`[data-bs-theme-value=${scheme}]`).click();
    },
  },
  {
    name: 'mkdocs-material',
    config: 'mkdocs-material.yml',
    out: 'site-material',
    // Not just `h1`: Material's search results are h1 elements too.
    heading: '.md-content h1',
    hostStyles: '.md-content p, .md-content h1, .md-header a, .md-tabs a, .md-nav__link, .md-search__input',
    openSearch: async (page) => {
      await page.keyboard.press('/');
      // Material focuses its input at once and opens the search a moment later (its toggle is
      // set asynchronously): wait for both, or a fast page races it.
      await page.waitForFunction(() => document.activeElement?.matches('.md-search__input')
        && document.querySelector('#__search')?.checked === true, null, { timeout: 10_000 }).catch(() => {});
    },
    searchOpen: (page) => page.evaluate(() => document.querySelector('#__search')?.checked === true),
    searchResult: (page) => page.locator('.md-search-result a', { hasText: 'Afterword' }),
    closeSearch: (page) => page.keyboard.press('Escape'),
    navLink: (page, name) => page.locator('.md-sidebar--primary .md-nav__link', { hasText: name }),
    dark: () => document.body.dataset.mdColorScheme === 'slate',
    light: () => document.body.dataset.mdColorScheme === 'default',
    // On <body>: `[data-md-color-scheme=default] { color-scheme: light }`, and `slate` dark.
    schemes: { light: 'light', dark: 'dark' },
    // The palette toggle: one button that switches to the other scheme.
    choose: (page) => page.locator('label.md-header__button[for^=__palette]:visible').click(),
  },
];

let browser;
let dir;
const sites = {};
before(async () => {
  dir = copyExample('mkdocs');
  copyViewer(path.join(dir, 'docs/seeds-viewer'));
  copySeeds(path.join(dir, 'docs/seeds'));
  const mkdocs = installMkdocs();
  for (const theme of THEMES) {
    timed(`build ${theme.name}`, () => execFileSync(mkdocs, ['build', '--strict', '-f', theme.config],
      { cwd: dir, stdio: 'inherit', env: QUIET_ENV }));
    const out = path.join(dir, theme.out);
    writeBarePage(out);
    sites[theme.name] = {
      open: await serveStatic(out, { base: BASE }),
      strict: await serveStatic(out, { base: BASE, csp: STRICT_CSP }),
    };
  }
  browser = await launch();
}, { timeout: 600_000 });

after(async () => {
  for (const site of Object.values(sites)) {
    await site.open.stop();
    await site.strict.stop();
  }
  await browser?.close();
  removeCopy(dir);
});

for (const theme of THEMES) {
  test(`${theme.name}: the viewer loads and filters; the site's navigation, search and keys still work`, async () => {
    const site = sites[theme.name].open;
    const page = await newPage(browser, site.url);
    await page.goto(`${site.url}library/`);
    await checkViewerFilters(page);

    // Keys typed into the viewer stay there: `s` and `/` open no site search, `n` and `p` turn
    // no page.
    const search = page.locator('[part~=search]');
    await search.pressSequentially('snap / sleep');
    assert.equal(await search.inputValue(), 'snap / sleep');
    assert.equal(await theme.searchOpen(page), false, 'the site search stays closed');
    assert.ok(page.url().endsWith('/library/'), 'still on the page');
    await search.fill('');

    // The site's own keys and search: open it from the keyboard, it finds the afterword.
    await page.locator(theme.heading).click();
    await theme.openSearch(page);
    assert.equal(await theme.searchOpen(page), true, 'the site search is open');
    await page.keyboard.type('quokka');
    await theme.searchResult(page).first().waitFor();
    await theme.closeSearch(page);

    // Next and previous page from the keyboard (`n`, `p` in both themes).
    await page.locator(theme.heading).click();
    await page.keyboard.press('n');
    await page.waitForURL(/\/about\/$/);
    await page.keyboard.press('p');
    await page.waitForURL(/\/library\/$/);
    await checkViewerFilters(page);

    // The site's navigation: to the afterword and back by clicking.
    await theme.navLink(page, 'Afterword').first().click();
    await page.waitForURL(/\/about\/$/);
    assert.equal(await page.locator(theme.heading).innerText(), 'Afterword');
    await theme.navLink(page, 'Library').first().click();
    await page.waitForURL(/\/library\/$/);
    await checkViewerFilters(page);
    assert.deepEqual(page.problems, { console: [], errors: [], dialogs: [], offOrigin: [] });

    // Styles stay apart. Outward: the site's elements look the same without the viewer.
    const withViewer = await styleProbe(page, theme.hostStyles);
    assert.ok(withViewer.host.length >= 4, `probed ${withViewer.host.length} host elements`);
    await page.route(/seeds-viewer\.js$/, (route) => route.abort());
    await page.reload();
    const without = await styleProbe(page, theme.hostStyles);
    assert.equal(without.search, null, 'the viewer did not load');
    assert.deepEqual(withViewer.host, without.host);
    await page.unroute(/seeds-viewer\.js$/);
    // Inward: the viewer's search box and items look as on a bare page, colours, borders and
    // spacing in px (all but the font family, which it inherits by design). The text it
    // inherits is 16 px in both; the spacing is in em, so Material's 20 px root changes nothing.
    const bare = await newPage(browser, site.url);
    await bare.goto(`${site.url}bare.html`);
    await checkViewerFilters(bare);
    assert.equal(await viewerFontPx(page), await viewerFontPx(bare), 'the viewer inherits the same text size');
    console.log(`# ${theme.name}: root font ${await rootFontPx(page)} px, the viewer's text ${await viewerFontPx(page)} px`);
    assert.deepEqual(viewerLook(withViewer), viewerLook(await styleProbe(bare, 'p')));
    await bare.context().close();

    await page.reload();
    await checkViewerFilters(page);
    await search.fill('melatonin');
    await page.locator('[part~=item] button.open').first().click();
    await page.locator('[part~=article]').waitFor();
    await page.locator('seeds-viewer').scrollIntoViewIfNeeded();
    await screenshot(page, `host-${theme.name}-light`);
    await page.context().close();
  });

  test(`${theme.name}: with a dark preference, the site and the viewer are both dark`, async () => {
    const site = sites[theme.name].open;
    const page = await newPage(browser, site.url, { colorScheme: 'dark' });
    await page.goto(`${site.url}library/`);
    await checkViewerFilters(page);
    assert.ok(await page.evaluate(theme.dark), 'the site is dark');
    assert.equal(await page.locator('seeds-viewer').getAttribute('theme'), 'inherit');
    assert.equal(await page.locator('seeds-viewer').evaluate((el) => getComputedStyle(el).colorScheme), 'dark');
    assert.equal(await page.locator('seeds-viewer').evaluate((el) => getComputedStyle(el).backgroundColor), 'rgb(22, 24, 28)');
    await page.locator('[part~=search]').fill('melatonin');
    await page.locator('[part~=item] button.open').first().click();
    await page.locator('[part~=article]').waitFor();
    assert.deepEqual(page.problems, { console: [], errors: [], dialogs: [], offOrigin: [] });
    await screenshot(page, `host-${theme.name}-dark`);
    await page.context().close();
  });

  test(`${theme.name}: the site's own light/dark toggle switches the viewer too (theme="inherit")`, async () => {
    const site = sites[theme.name].open;
    const page = await newPage(browser, site.url, { colorScheme: 'dark' });
    await page.goto(`${site.url}library/`);
    await checkViewerFilters(page);
    const viewer = page.locator('seeds-viewer');
    // The viewer's computed `color-scheme` (inherited from the page) and its background.
    const look = () => viewer.evaluate((el) => [getComputedStyle(el).colorScheme, getComputedStyle(el).backgroundColor]);
    assert.deepEqual(await look(), [theme.schemes.dark, 'rgb(22, 24, 28)']);
    // Against the reader's dark preference, light...
    await theme.choose(page, 'light');
    await page.waitForFunction(theme.light);
    assert.deepEqual(await look(), [theme.schemes.light, 'rgb(255, 255, 255)']);
    // ...and back to dark, the viewer's attribute still `inherit`.
    await theme.choose(page, 'dark');
    await page.waitForFunction(theme.dark);
    assert.deepEqual(await look(), [theme.schemes.dark, 'rgb(22, 24, 28)']);
    assert.equal(await viewer.getAttribute('theme'), 'inherit');
    await checkViewerFilters(page);
    assert.deepEqual(page.problems, { console: [], errors: [], dialogs: [], offOrigin: [] });
    await page.context().close();
  });

  test(`${theme.name}: under a strict CSP, the viewer causes no violation and still works`, async () => {
    const site = sites[theme.name].strict;
    const page = await newPage(browser, site.url);
    await recordViolations(page);
    await page.goto(`${site.url}library/`);
    await checkViewerFilters(page);
    assert.deepEqual(await viewerViolations(page), []);
    const theirs = await page.evaluate(() => window.__violations.length);
    console.log(`# ${theme.name} under the strict CSP: ${theirs} violation(s), none from the viewer's files`);
    await page.context().close();
  });
}
