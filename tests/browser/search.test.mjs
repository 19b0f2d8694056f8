// Search in the browser, as a reader uses it: results that point into sections, matches to step
// through, facets, the state in the URL (back, forward, reload), the keyboard, and the JS API
// for embedders.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { corpus, serve, launch, newPage, openViewer, screenshot, listed } from './harness.mjs';

const MD = {
  'coffee.md': '---\ntitle: Coffee and focus\ntags: [caffeine, focus]\n---\n# Brewing\n\nThe café crème wakes you up.\n\n# Sleep\n\nAvoid coffee before sleep.\n',
  'tea.md': '---\ntitle: Green tea\ntags: [caffeine, calm]\n---\n# Steeping\n\nSteep green tea for 3 minutes.\n\n# Calm\n\nL-theanine brings calm and better sleep.\n',
};

let browser;
let server;
before(async () => {
  browser = await launch();
  server = await serve(corpus(MD));
});
after(async () => {
  server?.stop();
  await browser?.close();
});

const viewerEval = (page, fn, arg) => page.locator('seeds-viewer').evaluate(fn, arg);

/** Sets the query through the property and resolves with the `seeds-search` detail. */
function searchFor(page, query) {
  return viewerEval(page, (viewer, q) => new Promise((resolve) => {
    viewer.addEventListener('seeds-search', (e) => { if (e.detail.query === q) resolve(e.detail); });
    viewer.query = q;
  }), query);
}

function quiet(page) {
  assert.deepEqual(page.problems.console, [], 'no console error');
  assert.deepEqual(page.problems.errors, [], 'no uncaught error');
  assert.deepEqual(page.problems.offOrigin, [], 'no request to another origin');
}

test('a result offers its best sections, and a click opens the seed at that section', async () => {
  const page = await newPage(browser, server.url);
  await openViewer(page, server.url);
  await page.locator('[part~=search]').pressSequentially('melatonin', { delay: 10 });
  await page.waitForFunction(() => document.querySelector('seeds-viewer').shadowRoot.querySelectorAll('[part~=item]').length === 1);
  const sections = page.locator('[part~=item] [part~=sections] button');
  assert.ok(await sections.count() >= 1, 'at least one section is offered');
  const title = (await sections.first().textContent()).trim();
  assert.match(title, /melatonin/i, 'the best section is the one about melatonin');
  await sections.first().click();
  const heading = page.locator('[part~=section] h3', { hasText: title.slice(0, 20) });
  await heading.waitFor();
  const offset = await heading.evaluate((h) => h.getBoundingClientRect().top - h.closest('[part~=reader]').getBoundingClientRect().top);
  assert.ok(offset >= 0 && offset < 80, `the section is scrolled to the top of the reader (${offset})`);
  const hash = new URLSearchParams(new URL(page.url()).hash.slice(1));
  assert.equal(hash.get('q'), 'melatonin');
  assert.equal(hash.get('seed'), '003_5479fcd4f3c7b033.txt');
  assert.ok(Number(hash.get('section')) >= 1);
  await screenshot(page, 'search-sections');
  quiet(page);
  await page.context().close();
});

test('the open article counts its matches and steps through them', async () => {
  const page = await newPage(browser, server.url);
  await openViewer(page, server.url);
  await searchFor(page, 'melatonin');
  await page.locator('[part~=item] button.open').click();
  const count = page.locator('[part~=match-count]');
  await page.waitForFunction(() => /matches$/.test(document.querySelector('seeds-viewer').shadowRoot.querySelector('[part~=match-count]').textContent));
  const total = Number((await count.textContent()).split(' ')[0]);
  assert.ok(total >= 5, `${total} matches`);
  await page.locator('[part~=match-next]').click();
  assert.equal(await count.textContent(), `1 of ${total}`);
  await page.locator('[part~=match-next]').click();
  assert.equal(await count.textContent(), `2 of ${total}`);
  await page.locator('[part~=match-prev]').click();
  await page.locator('[part~=match-prev]').click();
  assert.equal(await count.textContent(), `${total} of ${total}`, 'previous wraps around');
  assert.equal(await page.locator('mark[data-current]').count(), 1, 'one match is current');
  quiet(page);
  await page.context().close();
});

test('query language: stems, phrases, exclusion and typos all work in the page', async () => {
  const page = await newPage(browser, server.url);
  await openViewer(page, server.url);
  const cases = [
    ['sleeping ', (n) => n.includes('tea.md') && n.includes('coffee.md')],
    ['"green tea"', (n) => n.length === 1 && n[0] === 'tea.md'],
    ['caffeine -calm', (n) => n.length === 1 && n[0] === 'coffee.md'],
    ['melatnoin ', (n) => n.length === 1 && n[0] === '003_5479fcd4f3c7b033.txt'],
    ['l-theanine', (n) => n.length === 1 && n[0] === 'tea.md'],
  ];
  for (const [query, ok] of cases) {
    const detail = await searchFor(page, query);
    const names = await listed(page);
    assert.equal(detail.count, names.length);
    assert.ok(ok(names), `${query}: ${names}`);
  }
  quiet(page);
  await page.context().close();
});

test('facets filter the results and show counts; sorting by title reorders', async () => {
  const page = await newPage(browser, server.url);
  await openViewer(page, server.url);
  const facet = (field, value) => page.locator(`[part~=facet] input[data-field="${field}"][data-value="${value}"]`);
  assert.equal(await facet('kind', 'markdown').count(), 1);
  const label = await facet('kind', 'markdown').locator('xpath=..').textContent();
  assert.match(label, /markdown\s*2/);
  await facet('tags', 'calm').check();
  await page.waitForFunction(() => document.querySelector('seeds-viewer').shadowRoot.querySelectorAll('[part~=item]').length === 1);
  assert.deepEqual(await listed(page), ['tea.md']);
  assert.equal(new URLSearchParams(new URL(page.url()).hash.slice(1)).get('f'), 'tags=calm');
  await facet('tags', 'calm').uncheck();
  await page.waitForFunction(() => document.querySelector('seeds-viewer').shadowRoot.querySelectorAll('[part~=item]').length === 6);
  await page.locator('[part~=sort]').selectOption('title');
  await page.waitForFunction(() => document.querySelector('seeds-viewer').shadowRoot.querySelector('[part~=item]').dataset.seed === 'coffee.md');
  const titles = await page.locator('[part~=item] .item-title').allTextContents();
  const sorted = [...titles].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' }));
  assert.deepEqual(titles, sorted, 'titles in order');
  await screenshot(page, 'search-facets');
  quiet(page);
  await page.context().close();
});

test('the view lives in the hash: reload reproduces it, back and forward walk it', async () => {
  const page = await newPage(browser, server.url);
  await openViewer(page, `${server.url}#q=caffeine&seed=tea.md`);
  assert.equal(await page.locator('[part~=search]').inputValue(), 'caffeine');
  assert.deepEqual((await listed(page)).sort(), ['coffee.md', 'tea.md']);
  assert.equal(await page.locator('[part~=article]').getAttribute('data-seed'), 'tea.md');
  await page.locator('[part~=item][data-seed="coffee.md"] button.open').click();
  await page.waitForFunction(() => document.querySelector('seeds-viewer').shadowRoot.querySelector('[part~=article]')?.dataset.seed === 'coffee.md');
  await page.goBack();
  await page.waitForFunction(() => document.querySelector('seeds-viewer').shadowRoot.querySelector('[part~=article]')?.dataset.seed === 'tea.md');
  await page.goForward();
  await page.waitForFunction(() => document.querySelector('seeds-viewer').shadowRoot.querySelector('[part~=article]')?.dataset.seed === 'coffee.md');
  await page.reload();
  await page.waitForFunction(() => document.querySelector('seeds-viewer')?.hasAttribute('loaded'));
  await page.waitForFunction(() => document.querySelector('seeds-viewer').shadowRoot.querySelector('[part~=article]')?.dataset.seed === 'coffee.md');
  assert.equal(await page.locator('[part~=search]').inputValue(), 'caffeine');
  quiet(page);
  await page.context().close();
});

test('the keyboard alone searches, moves through results, opens and clears', async () => {
  const page = await newPage(browser, server.url);
  await openViewer(page, server.url);
  await page.locator('h1').click();
  await page.keyboard.press('/');
  assert.equal(await viewerEval(page, (v) => v.shadowRoot.activeElement?.getAttribute('part')), 'search', '/ focuses the search');
  await page.keyboard.type('caffeine');
  await page.waitForFunction(() => document.querySelector('seeds-viewer').shadowRoot.querySelectorAll('[part~=item]').length === 2);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  const focused = await viewerEval(page, (v) => v.shadowRoot.activeElement?.closest('[part~=item]')?.dataset.seed);
  const second = (await listed(page))[1];
  assert.equal(focused, second, 'two arrows down reach the second result');
  await page.keyboard.press('Enter');
  await page.waitForFunction((name) => document.querySelector('seeds-viewer').shadowRoot.querySelector('[part~=article]')?.dataset.seed === name, second);
  await page.locator('[part~=search]').focus();
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => document.querySelector('seeds-viewer').shadowRoot.querySelectorAll('[part~=item]').length === 6);
  assert.equal(await page.locator('[part~=search]').inputValue(), '');
  quiet(page);
  await page.context().close();
});

test('the help explains the query language', async () => {
  const page = await newPage(browser, server.url);
  await openViewer(page, server.url);
  const help = page.locator('[part~=help]');
  assert.equal(await help.isVisible(), false);
  await page.locator('[part~=help-button]').click();
  assert.equal(await help.isVisible(), true);
  assert.match(await help.textContent(), /"deep sleep".*-coffee/s);
  await page.locator('[part~=help-button]').click();
  assert.equal(await help.isVisible(), false);
  await page.context().close();
});

test('embedded without history or hotkeys, the viewer leaves the host hash and keys alone', async () => {
  const page = await newPage(browser, server.url);
  await page.route('**/embed.html', (route) => route.fulfill({
    contentType: 'text/html',
    body: '<!doctype html><title>Host</title><h1 tabindex="0">Host</h1><seeds-viewer src="seeds/index.json" query="kratom"></seeds-viewer><script type="module" src="seeds-viewer.js"></script>',
  }));
  const events = [];
  await page.exposeFunction('recordSearch', (detail) => events.push(detail));
  await page.addInitScript(() => {
    document.addEventListener('seeds-search', (e) => window.recordSearch(e.detail));
  });
  await openViewer(page, `${server.url}embed.html#host-anchor`);
  assert.equal(await page.locator('[part~=search]').inputValue(), 'kratom', 'the query attribute fills the search');
  assert.equal(await page.locator('[part~=item]').count(), 4);
  assert.ok(events.some((d) => d.query === 'kratom' && d.count === 4), 'seeds-search reports {query, count}');
  await page.locator('[part~=item] button.open').first().click();
  assert.equal(new URL(page.url()).hash, '#host-anchor', 'the host keeps its hash');
  await page.locator('h1').focus();
  await page.keyboard.press('/');
  assert.equal(await viewerEval(page, (v) => v.shadowRoot.activeElement), null, '/ is the host’s');
  await page.locator('seeds-viewer').evaluate((v) => v.setAttribute('query', 'melatonin'));
  await page.waitForFunction(() => document.querySelector('seeds-viewer').shadowRoot.querySelectorAll('[part~=item]').length === 1);
  assert.equal(await viewerEval(page, (v) => v.query), 'melatonin', 'the property mirrors the attribute');
  const stats = await viewerEval(page, (v) => v.stats());
  assert.equal(stats.seeds, 6);
  assert.ok(stats.wasmMemoryBytes > 0 && stats.words > 100, JSON.stringify(stats));
  const last = stats.searches.at(-1);
  assert.equal(last.query, 'melatonin', 'stats() records the searches listed, newest last');
  assert.ok(last.engineMs >= 0 && last.waitMs >= last.engineMs && last.mainMs >= 0, JSON.stringify(last));
  quiet(page);
  await page.context().close();
});

test('where no Worker may start, the same engine runs on the page and still searches', async () => {
  const page = await newPage(browser, server.url);
  await page.route('**/no-worker.html', (route) => route.fulfill({
    contentType: 'text/html',
    body: '<!doctype html><meta http-equiv="Content-Security-Policy" content="default-src \'self\'; script-src \'self\' \'wasm-unsafe-eval\'; style-src \'self\'; worker-src \'none\'"><title>Host</title><seeds-viewer src="seeds/index.json"></seeds-viewer><script type="module" src="seeds-viewer.js"></script>',
  }));
  page.on('console', () => {});
  const detail = await openViewer(page, `${server.url}no-worker.html`);
  assert.deepEqual(detail, { seeds: 6, diagnostics: [] });
  assert.equal(page.workers().length, 0, 'no worker runs');
  const found = await searchFor(page, 'melatonin');
  assert.equal(found.count, 1);
  assert.deepEqual(await listed(page), ['003_5479fcd4f3c7b033.txt']);
  assert.deepEqual(page.problems.errors, [], 'no uncaught error');
  await page.context().close();
});

test('a facet whose field holds = filters, goes into the hash and comes back from it', async () => {
  const odd = await serve(corpus({ 'odd.md': '---\na=b: yes\n---\n# Odd\n\nA key with an equals sign.\n', 'even.md': '---\na=b: no\n---\n# Even\n\nAnother.\n' }, { real: false }));
  try {
    const page = await newPage(browser, odd.url);
    await openViewer(page, odd.url);
    const box = page.locator('[part~=facet] input[data-field="a=b"][data-value="yes"]');
    await box.check();
    await page.waitForFunction(() => document.querySelector('seeds-viewer').shadowRoot.querySelectorAll('[part~=item]').length === 1);
    assert.deepEqual(await listed(page), ['odd.md']);
    await page.waitForFunction(() => new URLSearchParams(location.hash.slice(1)).get('f') === 'a%3Db=yes');
    await page.reload();
    await page.waitForFunction(() => document.querySelector('seeds-viewer')?.hasAttribute('loaded'));
    await page.waitForFunction(() => document.querySelector('seeds-viewer').shadowRoot.querySelectorAll('[part~=item]').length === 1);
    assert.deepEqual(await listed(page), ['odd.md'], 'the filter read back from the hash');
    assert.ok(await box.isChecked());
    quiet(page);
    await page.context().close();
  } finally {
    odd.stop();
  }
});
